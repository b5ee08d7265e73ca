"""Checks on the name lexicons mined by scripts/mine_names.py."""

from __future__ import annotations

from importlib import resources

import pytest

from kgbuild.lang import read_lexicon
from kgbuild.text import normalize

MINED = [
    ("ar", "given_names", ["name", "count"]),
    ("ar", "name_stopwords", ["word"]),
    ("ar", "name_gazetteer", ["name", "type", "count"]),
    ("en", "given_names", ["name", "count"]),
    ("en", "name_gazetteer", ["name", "type", "count"]),
]


def _keys(lang: str, name: str, col: str) -> set[str]:
    return {normalize(r[col]) for r in read_lexicon(lang, name)}


@pytest.mark.parametrize("lang,name,columns", MINED)
def test_parses_with_header_and_columns(lang, name, columns):
    rows = read_lexicon(lang, name)
    assert len(rows) > 100
    assert list(rows[0]) == columns
    assert all(all(r[c] for c in columns) for r in rows), "no empty cells"
    path = resources.files("kgbuild") / "lang" / lang / "lexicon" / f"{name}.tsv"
    text = path.read_text(encoding="utf-8")
    for field in ("# what:", "# format:", "# source:", "# licence:", "# changed:"):
        assert field in text
    assert len(text.encode("utf-8")) < 2_000_000


@pytest.mark.parametrize("lang,name,columns", [m for m in MINED if "count" in m[2]])
def test_counts_are_integers_and_sorted(lang, name, columns):
    counts = [int(r["count"]) for r in read_lexicon(lang, name)]
    assert all(c >= 0 for c in counts)
    mined = [c for c in counts if c > 0]
    assert mined == sorted(mined, reverse=True)
    if name == "name_gazetteer":
        assert min(counts) >= 2


def test_arabic_given_names():
    given = _keys("ar", "given_names", "name")
    for n in ("محمد", "أحمد", "علي", "حسن", "حسين", "عبد الله", "عبد الرحمن", "خالد", "سلمان",
              "فيصل", "هادي", "ديما", "زهير", "نور الدين", "عبد المجيد", "عبد الأحد"):
        assert normalize(n) in given, n
    for not_name in ("في", "من", "بن", "عبد", "ابو", "الرئيس", "الله"):
        assert normalize(not_name) not in given, not_name
    # hand-added rows are marked with count 0 and the header says so
    rows = {normalize(r["name"]): int(r["count"]) for r in read_lexicon("ar", "given_names")}
    assert rows[normalize("محمد")] > 50
    assert rows[normalize("عبد الأحد")] == 0


def test_arabic_stopwords():
    stop = _keys("ar", "name_stopwords", "word")
    assert 1000 <= len(stop) <= 4200
    for w in ("في", "من", "إلى", "عن", "مع", "اليوم", "أمس", "وذلك", "التقى"):
        assert normalize(w) in stop, w
    for w in ("محمد", "عبد", "بن", "أبو", "الدين", "الله", "آل", "سلمان", "خالد"):
        assert normalize(w) not in stop, w
    # stored already normalised
    assert all(normalize(w) == w for w in (r["word"] for r in read_lexicon("ar", "name_stopwords")))


def test_no_given_name_is_a_stopword():
    stop = _keys("ar", "name_stopwords", "word")
    given = _keys("ar", "given_names", "name")
    tokens = {t for g in given for t in g.split()}
    assert not (given | tokens) & stop


def test_arabic_gazetteer():
    rows = read_lexicon("ar", "name_gazetteer")
    assert {r["type"] for r in rows} == {"PER", "ORG", "LOC"}
    assert all(" " in r["name"] for r in rows), "multi-token spans only"
    by = {normalize(r["name"]): r["type"] for r in rows}
    assert by[normalize("الأمم المتحدة")] == "ORG"
    assert by[normalize("الولايات المتحدة")] == "LOC"
    assert by[normalize("جورج بوش")] == "PER"
    # a leading attached clitic is folded into the bare form
    assert normalize("للأمم المتحدة") not in by


def test_english_lexicons():
    given = {r["name"] for r in read_lexicon("en", "given_names")}
    for n in ("John", "David", "Peter", "Mohammad"):
        assert n in given, n
    for n in ("Van", "De", "Mr", "Clinton", "Yeltsin"):
        assert n not in given, n
    gaz = {r["name"]: r["type"] for r in read_lexicon("en", "name_gazetteer")}
    assert gaz["New York"] == "LOC"
    assert gaz["Bill Clinton"] == "PER"
    assert gaz["European Union"] == "ORG"
    assert {r["type"] for r in read_lexicon("en", "name_gazetteer")} == {"PER", "ORG", "LOC", "MISC"}
