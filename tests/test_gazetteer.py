"""Tests for kgbuild.gazetteer and the gazetteer lexicons it reads."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from babel import Locale

from kgbuild.gazetteer import Gazetteer, Place, get_gazetteer, place_key
from kgbuild.lang import read_lexicon

ROOT = Path(__file__).resolve().parent.parent
BABEL_TERRITORIES = {c for c in Locale("en").territories if len(c) == 2 and c.isalpha()}


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return get_gazetteer()


# ---------------------------------------------------------------- linking

@pytest.mark.parametrize("name, context, geonames", [
    ("Paris", {"FR"}, 2988507),
    ("Paris", set(), 2988507),
    ("Paris", {"US"}, 2988507),          # Paris, Texas does not win on context alone
    ("Tripoli", {"LB"}, 266826),
    ("Tripoli", {"LY"}, 2210247),
    ("طرابلس", {"LB"}, 266826),
    ("طرابلس", {"LY"}, 2210247),
    ("باريس", set(), 2988507),
    ("إدلب", set(), 169389),
    ("جنيف", set(), 2660646),
    ("جنيف", {"SY", "US"}, 2660646),
    ("حلب", set(), 170063),
    ("القاهرة", set(), 360630),
    ("دمشق", set(), 170654),
    ("بغداد", set(), 98182),
    ("الرياض", set(), 108410),
    ("موسكو", set(), 524901),
    ("موسكو", {"US"}, 524901),
    ("الخرطوم", set(), 379252),           # GeoNames has only خرطوم: the ال variant
    ("Alexandria", set(), 361058),       # not Mashhad (an alternate name only)
    ("New Delhi", set(), 1261481),       # not Delhi (alternate name "New Delhi")
])
def test_gazetteer_link_city(g, name, context, geonames):
    p = g.link(name, context)
    assert p is not None and p.geonames == geonames and p.kind == "City"
    assert isinstance(p.lat, float) and isinstance(p.long, float)


def test_gazetteer_link_ambiguous_without_context_is_none(g):
    assert g.link("Tripoli", set()) is None
    assert g.link("طرابلس", set()) is None
    assert g.link("صور", set()) is None        # Tyre (LB) or Sur (OM)
    assert g.link("صور", {"LB"}).geonames == 267008


def test_gazetteer_link_unknown_is_none(g):
    assert g.link("مدينة لا وجود لها", set()) is None
    assert g.link("", set()) is None


@pytest.mark.parametrize("name, iso", [
    ("سوريا", "SY"), ("سورية", "SY"), ("Syria", "SY"), ("مصر", "EG"),
    ("السعودية", "SA"), ("المملكة العربية السعودية", "SA"), ("الولايات المتحدة", "US"),
    ("أمريكا", "US"), ("أميركا", "US"), ("الإمارات", "AE"), ("روسيا الاتحادية", "RU"),
    ("US", "US"), ("U.S.", "US"), ("USA", "US"), ("America", "US"), ("UK", "GB"), ("Britain", "GB"),
    ("Iran", "IR"), ("Russia", "RU"), ("الجزائر", "DZ"), ("الكويت", "KW"),
])
def test_gazetteer_link_country_first(g, name, iso):
    p = g.link(name, set())
    assert p is not None and p.kind == "Country" and p.country == iso
    assert p.lat is None and p.long is None


def test_gazetteer_link_amman_oman(g):
    assert g.link("عمان", set()).country == "OM"
    assert g.link("عمان", {"JO"}).geonames == 250441
    assert g.link("عمان", {"JO", "OM"}).country == "OM"
    assert g.link("Lebanon", {"US"}).kind == "Country"   # Lebanon, PA is far too small


def test_gazetteer_link_continent(g):
    assert g.link("آسيا", set()).geonames == 6255147
    assert g.link("Europe", set()).kind == "Continent"


def test_gazetteer_lookup(g):
    ps = g.lookup("باريس")
    assert [p.geonames for p in ps][:1] == [2988507]
    assert all(isinstance(p, Place) for p in ps)
    assert [p.population for p in ps] == sorted((p.population for p in ps), reverse=True)
    assert g.lookup("الكويت")[0].kind == "Country"      # countries first, then the city
    assert any(p.kind == "City" for p in g.lookup("الكويت"))
    assert g.lookup("رياض")[0].geonames == 108410      # ال added
    assert g.lookup("nowhere at all") == []


@pytest.mark.parametrize("query, iso", [
    ("SY", "SY"), ("SYR", "SY"), ("سورية", "SY"), ("Syrie", "SY"), ("U.S.", "US"),
    ("جمهورية الهند", "IN"), ("دولة قطر", "QA"), ("الجمهورية اللبنانية", "LB"),
    ("جمهورية بنغلادش الشعبية", "BD"), ("جمهورية مصر العربية", "EG"), ("مملكة ليسوتو", "LS"),
    ("Republic of India", "IN"), ("the Netherlands", "NL"), ("French Republic", "FR"),
    ("Democratic Republic of the Congo", "CD"), ("Republic of the Congo", "CG"), ("XK", "XK"),
])
def test_gazetteer_country(g, query, iso):
    assert g.country(query).country == iso


def test_gazetteer_country_not_found(g):
    assert g.country("us") is None          # abbreviations are case-sensitive
    assert g.country("ZZ") is None
    assert g.country("الشيشان") is None     # a Russian republic, not a country
    assert g.country("") is None


# ------------------------------------------------------ nationality adjectives

@pytest.mark.parametrize("adjective, lang, iso", [
    ("الفرنسية", "ar", "FR"), ("المصري", "ar", "EG"), ("والإيرانية", "ar", "IR"),
    ("سوري", "ar", "SY"), ("السوريين", "ar", "SY"), ("للسوريين", "ar", "SY"), ("وروسية", "ar", "RU"),
    ("الأمريكية", "ar", "US"), ("الأميركي", "ar", "US"), ("البريطاني", "ar", "GB"),
    ("الأتراك", "ar", "TR"), ("الكورية الجنوبية", "ar", "KR"), ("الكوري الشمالي", "ar", "KP"),
    ("الإماراتية", "ar", "AE"), ("القطري", "ar", "QA"),
    ("Slovak", "en", "SK"), ("Chinese", "en", "CN"), ("Syrian", "en", "SY"), ("French", "en", "FR"),
    ("American", "en", "US"), ("British", "en", "GB"), ("Iranian", "en", "IR"), ("Saudi", "en", "SA"),
    ("Emirati", "en", "AE"), ("Qatari", "en", "QA"), ("South Koreans", "en", "KR"), ("egyptian", "en", "EG"),
])
def test_gazetteer_country_of_nisba(g, adjective, lang, iso):
    assert g.country_of_nisba(adjective, lang) == iso


def test_gazetteer_country_of_nisba_ambiguous_and_unknown(g):
    assert g.country_of_nisba("المالية", "ar") is None                 # 'financial'
    assert g.country_of_nisba("المالية", "ar", include_ambiguous=True) == "ML"
    assert g.country_of_nisba("فروسية", "ar") is None                  # horsemanship, not ف + روسية
    assert g.country_of_nisba("الكوري", "ar") is None                  # North or South
    assert g.country_of_nisba("العربية", "ar") is None
    assert g.country_of_nisba("", "ar") is None
    with pytest.raises(ValueError):
        g.country_of_nisba("Syrian", "xx")


def test_gazetteer_every_nisba_row_resolves(g):
    for row in read_lexicon("ar", "nisba"):
        amb = bool(row["ambiguous"])
        for form in (row["adjective"], "ال" + row["adjective"], "وال" + row["adjective"]):
            got = g.country_of_nisba(form, "ar", include_ambiguous=True)
            assert got == row["iso2"], (form, got)
            if amb:
                assert g.country_of_nisba(form, "ar") is None
    for row in read_lexicon("en", "demonyms"):
        assert g.country_of_nisba(row["demonym"], "en", include_ambiguous=True) == row["iso2"]


def test_gazetteer_nisba_covers_arab_league_and_more():
    arab_league = set("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())
    ar = {r["iso2"] for r in read_lexicon("ar", "nisba")}
    en = {r["iso2"] for r in read_lexicon("en", "demonyms")}
    assert arab_league <= ar and arab_league <= en
    assert {"IR", "TR", "RU", "CN", "US", "GB", "FR", "DE", "IT", "JP", "IN", "PK"} <= ar & en
    assert len(ar) >= 120 and len(en) >= 120


# ------------------------------------------------------------ organisations

@pytest.mark.parametrize("name, lang, key, qid", [
    ("الأمم المتحدة", "ar", "un", "Q1065"), ("للأمم المتحدة", "ar", "un", "Q1065"),
    ("مجلس الأمن الدولي", "ar", "unsc", "Q37470"), ("مجلس الأمن", "ar", "unsc", "Q37470"),
    ("الاتحاد الأوروبي", "ar", "eu", "Q458"), ("الجامعة العربية", "ar", "arab-league", "Q7172"),
    ("الناتو", "ar", "nato", "Q7184"), ("حلف شمال الأطلسي", "ar", "nato", "Q7184"),
    ("منظمة التعاون الإسلامي", "ar", "oic", "Q47543"), ("مجلس التعاون الخليجي", "ar", "gcc", "Q217172"),
    ("الاتحاد الإفريقي", "ar", "au", "Q7159"), ("الاتحاد الأفريقي", "ar", "au", "Q7159"),
    ("UN", "en", "un", "Q1065"), ("U.N.", "en", "un", "Q1065"), ("United Nations", "en", "un", "Q1065"),
    ("WHO", "en", "who", "Q7817"), ("Nato", "en", "nato", "Q7184"), ("Unicef", "en", "unicef", "Q740308"),
    ("Arab League", "en", "arab-league", "Q7172"), ("G7", "en", "g7", ""),
])
def test_gazetteer_organization(g, name, lang, key, qid):
    org = g.organization(name, lang)
    assert org is not None and org["key"] == key and org["wikidata"] == qid


def test_gazetteer_organization_case_and_miss(g):
    assert g.organization("un", "en") is None      # French article, not the UN
    assert g.organization("who", "en") is None
    assert g.organization("وزارة الخارجية", "ar") is None
    org = g.organization("UN", "en")
    org["key"] = "changed"                         # callers get a copy
    assert g.organization("UN", "en")["key"] == "un"


def test_gazetteer_organization_names_resolve_to_own_row(g):
    for lang in ("ar", "en"):
        for row in read_lexicon(lang, "organizations"):
            for n in [row["name"], *filter(None, row["aliases"].split("|"))]:
                assert g.organization(n, lang)["key"] == row["key"], (lang, n)


# ---------------------------------------------------------------- lexicons

def test_gazetteer_lexicon_codes_are_babel_territories():
    for lang, name in [("ar", "countries"), ("en", "countries"), ("ar", "nisba"), ("en", "demonyms")]:
        codes = [r["iso2"] for r in read_lexicon(lang, name)]
        assert codes, (lang, name)
        bad = sorted({c for c in codes if c not in BABEL_TERRITORIES})
        assert not bad, (lang, name, bad)


def test_gazetteer_countries_files():
    ar, en = read_lexicon("ar", "countries"), read_lexicon("en", "countries")
    assert [r["iso2"] for r in ar] == [r["iso2"] for r in en]
    assert len({r["iso2"] for r in ar}) == len(ar) == 250      # 249 ISO 3166-1 + XK
    assert all(r["geonames"].isdigit() for r in ar)
    assert len({r["geonames"] for r in ar}) == len(ar)
    assert [r["geonames"] for r in ar] == [r["geonames"] for r in en]


def test_gazetteer_country_names_resolve_to_own_row(g):
    for lang in ("ar", "en"):
        for row in read_lexicon(lang, "countries"):
            for n in [row["name"], row["name_en"], *filter(None, row["aliases"].split("|"))]:
                p = g.country(n)
                assert p is not None and p.country == row["iso2"], (lang, n, p)


def test_gazetteer_organizations_files():
    ar, en = read_lexicon("ar", "organizations"), read_lexicon("en", "organizations")
    assert [(r["key"], r["wikidata"]) for r in ar] == [(r["key"], r["wikidata"]) for r in en]
    assert all(re.fullmatch(r"[a-z0-9-]+", r["key"]) for r in ar)
    assert all(r["wikidata"] == "" or re.fullmatch(r"Q[1-9][0-9]*", r["wikidata"]) for r in ar)
    known = {r["key"]: r["wikidata"] for r in ar}
    assert known["un"] == "Q1065" and known["oic"] == "Q47543" and known["gcc"] == "Q217172"


def test_gazetteer_lexicons_match_build_script():
    """The TSVs are generated: regenerating them must change nothing."""
    spec = importlib.util.spec_from_file_location("build_gazetteers", ROOT / "scripts" / "build_gazetteers.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for path, text in mod.build().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run scripts/build_gazetteers.py"


# ---------------------------------------------------------------- building

def test_gazetteer_place_key():
    assert place_key("  Aix-en-Provence ") == "aix en provence"
    assert place_key("إدلب") == place_key("ادلب")
    assert place_key("Côte d’Ivoire") == "côte d'ivoire"


def test_gazetteer_is_cached_and_lazy():
    assert get_gazetteer() is get_gazetteer()
    fresh = Gazetteer()
    assert fresh.build_seconds is None               # no city index yet
    assert fresh.country("FR").geonames == 3017382
    assert fresh.build_seconds is None
    fresh.lookup("Paris")
    assert 0 < fresh.build_seconds < 10


def test_gazetteer_small_city_outside_the_article_countries_is_not_linked():
    """A name the gazetteer knows only as a small town abroad ("Bali",
    Cameroon) stays unlinked in an article about Indonesia."""
    from kgbuild.gazetteer import get_gazetteer

    g = get_gazetteer()
    assert g.link("Bali", {"ID", "IN"}) is None
    assert g.link("Paris", {"US"}).country == "FR"   # a famous namesake still wins


def test_gazetteer_may_name_never_skips_an_indexed_name(g):
    """may_name is the extractor's cheap pre-test before multi-word lookups:
    it must be True for every multi-word name the index holds (any spelling,
    with and without ال), and False for ordinary word pairs."""
    keys = [k for k in [*g._cities[0], *g._country_keys, *g._continents] if " " in k]
    assert len(keys) > 1000
    for k in keys:
        words = k.split()
        assert g.may_name(words), k
        if words[0].startswith("ال") and len(words[0]) > 3:
            assert g.may_name([words[0][2:], *words[1:]]), k
    assert g.lookup("سانت لويس") and g.may_name(["سانت", "لويس"])
    assert g.country("جمهورية مصر العربية") and g.may_name(["جمهوريه", "مصر", "العربيه"])
    assert not g.may_name(["وزير", "الخارجيه"])
    assert not g.may_name(["اجتماع", "مجلس"])


@pytest.mark.parametrize("word,want", [("وجده", True), ("فاس", False), ("لبنان", False), ("بغداد", False),
                                       ("جده", False), ("وهران", False)])
def test_gazetteer_clitic_place(g, word, want):
    """"وجدة" is و + Jeddah (4.7 M) rather than Oujda (0.5 M); a place whose
    first letter is no clitic, or whose rest names no larger place, stays."""
    assert g.clitic_place(word) is want


def test_gazetteer_clitic_place_keeps_a_place_of_the_article_country(g):
    """In an article about Morocco "وجدة" is Oujda itself."""
    assert g.clitic_place("وجده", {"SA"}) and not g.clitic_place("وجده", {"MA"})


def test_arabic_waw_before_jeddah_is_a_conjunction_unless_the_article_is_moroccan():
    from kgbuild.extract import get_extractor

    ex = get_extractor("kgbuild.ar.rules.v1")
    from kgbuild.model import Article

    def places(text):
        x = ex.extract(Article(id="t", lang="ar", text=text))
        return {(e.label, e.geonames) for e in x.entities.values() if e.type == "Place" and e.geonames}

    assert ("جدة", 105343) in places("وصل الوزير إلى الرياض قادما من مكة المكرمة وجدة.")
    assert ("وجدة", 2540483) in places("زار الملك المغربي مدينة وجدة في شرق المغرب.")


def test_gazetteer_false_alias_is_dropped(g):
    """GeoNames lists "الجزيرة" (the island) among Algiers' names; in the
    news it is a peninsula, an island or a channel (place_false_aliases.tsv),
    so it links nowhere, while "الجزائر" still finds Algiers."""
    assert g.lookup("الجزيرة") == [] and g.link("جزيرة", {"IQ"}) is None
    assert 2507480 in {p.geonames for p in g.lookup("الجزائر")}
