"""Normalisation, tokens with spans, sentences, the phrase matcher and date
expressions (the text stage), on short texts written for each rule."""
from __future__ import annotations

import datetime as dt

import pytest

from kgbuild.dates import find_dates, parse_dateline
from kgbuild.text import PhraseMatcher, name_key, normalize, sentences, tokenize


@pytest.mark.parametrize("a,b", [
    ("السيسى", "السيسي"),          # ى / ي
    ("القاهره", "القاهرة"),         # ه / ة
    ("الإتحاد", "الاتحاد"),         # hamza misspelling
    ("أحمد", "احمد"), ("آمنة", "امنة"),
    ("وزيــر", "وزير"),            # tatweel
    ("مُحَمَّد", "محمد"),            # diacritics
    ("باريس\u200e", "باريس"),      # direction mark
    ("\u202dدمشق", "دمشق"),
    ("٢٢", "22"),                  # Arabic-Indic digits
])
def test_text_normalize_folds_variants(a, b):
    assert normalize(a) == normalize(b)


def test_text_name_key_strips_article_and_folds_compounds():
    assert name_key("الائتلاف الوطني السوري") == "ائتلاف وطني سوري"
    assert name_key("والأمم المتحدة") == name_key("الأمم المتحدة")
    assert name_key("للمقداد") == name_key("المقداد")
    assert name_key("عبد الفتاح السيسي") == name_key("عبدالفتاح السيسى")
    # a name that only starts with clitic letters is never cut
    assert name_key("بغداد") == "بغداد" and name_key("لبنان") == "لبنان" and name_key("وليد") == "وليد"


def test_text_tokens_keep_original_offsets():
    text = "وصل رئيسُ الوزراء\u200e إلى بيروت، اليوم."
    toks = tokenize(text)
    for t in toks:
        assert text[t.begin:t.end] == t.text
    words = [t.text for t in toks if t.is_word]
    assert words == ["وصل", "رئيسُ", "الوزراء", "إلى", "بيروت", "اليوم"]
    assert [t.text for t in toks if not t.is_word] == ["،", "."]


def test_text_sentences_split_at_stops_and_lines_not_abbreviations():
    text = "وصل د. أحمد إلى القاهرة. ثم غادر\nسطر ثان"
    got = [s.text for s in sentences(text)]
    assert got == ["وصل د. أحمد إلى القاهرة.", "ثم غادر", "سطر ثان"]
    for s in sentences(text):
        assert text[s.begin:s.end] == s.text


def test_text_phrase_matcher_clitics_and_longest_match():
    m = PhraseMatcher(prefixes=("و", "ب", "لل"))
    m.add("باريس", "PAR")
    m.add("الأمم المتحدة", "UN")
    m.add("الأمم", "X")
    toks = tokenize("وصل بباريس وفد للأمم المتحدة وبغداد")
    found = [(toks[i].text, n, pre, v) for i, n, pre, v in m.find_all(toks)]
    assert ("بباريس", 1, "ب", "PAR") in found
    assert ("للأمم", 2, "لل", "UN") in found
    assert not [f for f in found if f[0] == "وبغداد"]


@pytest.mark.parametrize("text,base,want", [
    ("الأربعاء, 22 يناير - 2025", None, "2025-01-22"),
    ("في 5 شباط 2024", None, "2024-02-05"),                  # Levantine
    ("١٢ فيفري ٢٠٢٣م", None, "2023-02-12"),                  # Maghrebi, Arabic-Indic digits, trailing م
    ("15 رمضان 1446 هـ", None, "2025-03-15"),                # Hijri via hijridate
    ("صباح اليوم", "2025-01-22", "2025-01-22"),
    ("مساء أمس", "2025-01-22", "2025-01-21"),
    ("الهجوم الذي وقع أمس الأول", "2015-08-08", "2015-08-06"),  # the day before yesterday, Gulf order
    ("بعد غد", "2025-01-22", "2025-01-24"),
    ("يوم الأحد الماضي", "2025-01-22", "2025-01-19"),
    ("الثلاثاء القادم", "2025-01-22", "2025-01-28"),
    ("2023-05-05", None, "2023-05-05"),
])
def test_text_dates(text, base, want):
    b = dt.date.fromisoformat(base) if base else None
    got = [m.date.isoformat() for m in find_dates(text, b) if m.date]
    assert got == [want]


def test_text_relative_dates_stay_unresolved_without_a_base():
    (m,) = find_dates("وصل اليوم", None)
    assert m.date is None and m.relative


def test_text_dateline_and_name_with_weekday():
    assert parse_dateline("الأربعاء, 22 يناير - 2025") == dt.date(2025, 1, 22)
    # "عبد الأحد" is a name, not Sunday
    assert not find_dates("منسق الدائرة عبد الأحد أستيفو", dt.date(2025, 1, 22))


def test_text_phrase_matcher_scan_equals_match_at_everywhere():
    """scan (one pass per article) gives exactly match_at's answer at every
    token of the seed article, for the Arabic role lexicon."""
    from pathlib import Path

    from kgbuild.extract.arabic import _lexicons

    roles = _lexicons().roles
    text = (Path(__file__).parents[1] / "examples" / "articles" / "qasioun-2025-01-22.txt").read_text(encoding="utf-8")
    toks = tokenize(text)
    found = roles.scan(toks)
    assert found == {i: m for i in range(len(toks)) if (m := roles.match_at(toks, i)) is not None}
    assert any(toks[i].norm == normalize("رئيس") for i in found)  # "رئيس الائتلاف"


def test_text_name_key_folds_latin_accents():
    """One person spelt with and without accents has one key (and so one IRI)."""
    assert name_key("Nicolás Maduro") == name_key("Nicolas Maduro") == "nicolas maduro"
    assert name_key("François Hollande") == name_key("Francois Hollande")
    assert name_key("الائتلاف الوطني") == "ائتلاف وطني"  # Arabic untouched


def test_normalize_hamza_on_waw_spelt_on_ya_seat():
    """"شئون"/"مسئول" (Egyptian spelling) and "شؤون"/"مسؤول" are one word;
    the fold keeps the length, so offsets into the normalised text hold."""
    assert normalize("وزير الدولة لشئون الدفاع") == normalize("وزير الدولة لشؤون الدفاع")
    assert normalize("المسئول") == normalize("المسؤول")
    assert len(normalize("لشئون")) == len("لشئون")
    assert normalize("رئيس") == "رئيس"  # ئ before another letter stays


def test_name_key_joins_abd_compounds_written_solid_or_apart():
    """"عبد ربه" and "عبدربه" (no article in the name) are one key, as
    "عبد الفتاح" and "عبدالفتاح" are; a short name such as "عبده" is not
    read as a compound."""
    assert name_key("عبد ربه منصور هادي") == name_key("عبدربه منصور هادي")
    assert name_key("عبد الفتاح السيسي") == name_key("عبدالفتاح السيسي")
    assert name_key("محمد عبده") == "محمد عبده"


def test_weekday_after_a_relative_word_is_that_day():
    """"غداً الأربعاء" (tomorrow, Wednesday) is one date, tomorrow's, not the
    latest past Wednesday; a bare weekday keeps the latest past one."""
    import datetime as dt

    from kgbuild.dates import find_dates

    pub = dt.date(2015, 8, 11)  # a Tuesday
    got = [(d.span.text, d.date, d.tense) for d in find_dates("ويلتقيان غداً الأربعاء في الرياض", pub, "ar")]
    assert got == [("غداً الأربعاء", dt.date(2015, 8, 12), "future")]
    got = [(d.span.text, d.date) for d in find_dates("وصل أمس، الاثنين إلى جدة", pub, "ar")]
    assert got == [("أمس، الاثنين", dt.date(2015, 8, 10))]
    got = [(d.span.text, d.date) for d in find_dates("They meet tomorrow, Wednesday. He came on Monday.", pub, "en")]
    assert got == [("tomorrow, Wednesday", dt.date(2015, 8, 12)), ("Monday", dt.date(2015, 8, 10))]
    assert [d.date for d in find_dates("اجتمع يوم الأربعاء", pub, "ar")] == [dt.date(2015, 8, 5)]


def test_text_normalize_reads_arabic_presentation_forms_as_their_letters():
    """A ligature in presentation form ("ﻷ" U+FEF7 in "اﻷحمر", "ﻻ" U+FEFB in
    "الوﻻدة") and shaped letters copied from a PDF match the plain letters,
    so a name written with them is found by its usual spelling (a fresh
    user could not find "هيئة الهلال اﻷحمر السعودي")."""
    from kgbuild.text import name_key, normalize

    assert normalize("اﻷحمر") == normalize("الأحمر") == "الاحمر"
    assert normalize("الوﻻدة") == normalize("الولادة")
    assert name_key("هيئة الهلال اﻷحمر السعودي") == name_key("هيئة الهلال الأحمر السعودي")
    assert normalize("\ufe8d\ufedf\ufeb4\ufef4\ufeb4\ufef2") == normalize("السيسي")
