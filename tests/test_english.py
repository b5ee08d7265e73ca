"""The English pack and extractor (kgbuild.en.rules.v1): records of short
texts written for the tests (tests/data/records/en.jsonl), English dates and
datelines, language detection over a mixed corpus, and one person across an
Arabic and an English article."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kgbuild.model import Article, Extraction

RECORDS = Path(__file__).parent / "data" / "records" / "en.jsonl"
SEED = Path(__file__).resolve().parent.parent / "examples" / "articles" / "qasioun-2025-01-22.txt"

# An English article about the seed's coalition president (written for this test).
BAHRA_EN = """Syrian opposition leader arrives in Paris
PARIS 2025-01-22
Hadi al-Bahra, president of the Syrian National Coalition, arrived in Paris on Wednesday with a delegation.
Al-Bahra will meet officials of the French Foreign Ministry to discuss the situation in northern Syria.
"""


def _records() -> list[dict]:
    return [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def rules():
    from kgbuild.extract import get_extractor

    return get_extractor("kgbuild.en.rules.v1")


def _extract(rules, rec: dict) -> Extraction:
    return rules.extract(Article(id=rec["id"], text=rec["text"], lang="en",
                                 published=dt.date.fromisoformat(rec["published"])))


def _label(x: Extraction, key: str | None) -> str | None:
    return x.entities[key].label if key in x.entities else key


def _names(x: Extraction, etype: str) -> set[str]:
    out = set()
    for e in x.entities.values():
        if e.type == etype and e.mentions:
            out |= {e.label.casefold(), *(a.casefold() for a in e.alt_labels)}
    return out


@pytest.mark.parametrize("rec", _records(), ids=lambda r: r["id"])
def test_english_records(rules, rec):
    x = _extract(rules, rec)
    for lst, etype in (("persons", "Person"), ("places", "Place"), ("organizations", "Organization")):
        missing = {n for n in rec.get(lst, []) if n.casefold() not in _names(x, etype)}
        assert not missing, f"{lst}: {missing} not in {_names(x, etype)}"
    got = {(_label(x, m.person), m.role, _label(x, m.organization)) for m in x.memberships}
    for person, role, org in rec.get("memberships", []):
        assert (person, role, org) in got, f"{(person, role, org)} not in {got}"
    for want in rec.get("events", []):
        cands = [ev for ev in x.events if ev.type == want["type"] and set(want["participants"]) <= {
            _label(x, k) for k in (*ev.actors, *ev.recipients)}]
        assert cands, f"no {want['type']} with {want['participants']} in {x.events}"
        ev = cands[0]
        assert ev.status == want["status"]
        if "date" in want:
            assert ev.date == dt.date.fromisoformat(want["date"])
        if "place" in want:
            assert (_label(x, ev.place) or "").casefold() == want["place"].casefold()
        if "host" in want:
            assert [_label(x, k) for k in ev.recipients] == [want["host"]]


def test_english_records_cover_the_rule_categories():
    cats = {r["category"] for r in _records()}
    assert {"names", "events", "status", "dates"} <= cats


def test_english_tokenize_abbreviations_possessives_hyphens():
    from kgbuild.extract.english import tokenize

    toks, joined = tokenize("The U.S. envoy met Bhutto-Zardari's aide, Secretary-General Ali.")
    texts = [t.text for t in toks]
    assert "U.S." in texts and "'s" in texts and "-" not in texts
    k = texts.index("Bhutto")
    assert texts[k + 1] == "Zardari" and k in joined


@pytest.mark.parametrize("text, base, want", [
    ("New Delhi, Feb 17: the president arrived", "2019-02-17", "2019-02-17"),
    ("it was signed on 30th September, 2010", None, "2010-09-30"),
    ("Updated: 2/17/2019 1:44 PM", None, "2019-02-17"),
    ("ROME 1996-08-31", None, "1996-08-31"),
    ("he arrived last night", "2019-02-17", "2019-02-16"),
    ("he will leave tomorrow", "2019-02-17", "2019-02-18"),
    ("they met on Friday", "1996-08-31", "1996-08-30"),
    ("talks next Monday", "1996-08-31", "1996-09-02"),
    ("on May 4, 2023 he left", None, "2023-05-04"),
])
def test_english_dates(text, base, want):
    from kgbuild.dates import find_dates

    b = dt.date.fromisoformat(base) if base else None
    got = [m.date for m in find_dates(text, b, "en") if m.date]
    assert got and got[0] == dt.date.fromisoformat(want)


def test_english_may_is_no_month():
    from kgbuild.dates import find_dates

    assert find_dates("he may meet them 5 times", dt.date(2020, 1, 1), "en") == []


def test_english_dateline_gives_publication_date(tmp_path):
    from kgbuild.ingest import read_articles

    f = tmp_path / "rome.txt"
    f.write_text("Dini meets Nyerere.\nROME 1996-08-31\nItalian Foreign Minister Lamberto Dini met him.\n",
                 encoding="utf-8")
    (art,) = list(read_articles([f]))
    assert art.lang == "en"
    assert art.published == dt.date(1996, 8, 31)


def test_english_mixed_corpus_detects_language_per_article(tmp_path):
    from kgbuild.ingest import read_articles

    (tmp_path / "ar.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "en.txt").write_text(BAHRA_EN, encoding="utf-8")
    (tmp_path / "mixed.jsonl").write_text(
        json.dumps({"id": "j-en", "text": "Foreign Minister Lamberto Dini met Julius Nyerere in Rome."}) + "\n"
        + json.dumps({"id": "j-ar", "text": "وصل رئيس الائتلاف الوطني السوري هادي البحرة إلى باريس"}) + "\n",
        encoding="utf-8")
    langs = {a.id: a.lang for a in read_articles([tmp_path])}
    assert langs == {"ar": "ar", "en": "en", "j-en": "en", "j-ar": "ar"}


def test_english_lexicons_have_provenance_headers():
    from importlib import resources

    folder = resources.files("kgbuild") / "lang" / "en" / "lexicon"
    for f in folder.iterdir():
        if f.name.endswith(".tsv"):
            head = [ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
            for field in ("what:", "format:", "source:", "licence:", "changed:"):
                assert any(field in ln for ln in head), f"{f.name}: no '# {field}' line"


def test_english_cross_language_one_person(tmp_path):
    """The seed (Arabic) and an English article about the same person give
    one person node with an Arabic and an English label, and the merge is
    recorded (rule translit)."""
    from rdflib import Graph

    from kgbuild.pipeline import build_dataset, extract_all
    from kgbuild.rdf import serialize
    from kgbuild.resolve import resolve

    (tmp_path / "en-bahra.txt").write_text(BAHRA_EN, encoding="utf-8")
    xs = extract_all([SEED, tmp_path / "en-bahra.txt"])
    assert sorted(x.article.lang for x in xs) == ["ar", "en"]
    res = resolve(xs)
    assert any(m[0] == "translit" for m in res.merges)
    g = Graph().parse(data=serialize(build_dataset(xs), "turtle"), format="turtle")
    rows = list(g.query("""
        PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?p ?ar ?en WHERE { ?p a schema:Person ; rdfs:label ?ar , ?en .
          FILTER(langMatches(lang(?ar), "ar") && langMatches(lang(?en), "en")) }"""))
    assert len(rows) == 1
    assert (str(rows[0].ar), str(rows[0].en)) == ("هادي البحرة", "Hadi al-Bahra")


def test_english_cli_extract_mixed_languages(tmp_path):
    """`kgbuild extract` over the seed and the English article: one node."""
    from rdflib import Graph
    from typer.testing import CliRunner

    from kgbuild.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "en-bahra.txt").write_text(BAHRA_EN, encoding="utf-8")
    out = tmp_path / "g.ttl"
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--format", "turtle", "-o", str(out)])
    assert res.exit_code == 0, res.output
    g = Graph().parse(out)
    people = {str(p) for p, l in g.subject_objects(
        __import__("rdflib").RDFS.label) if str(l) in ("هادي البحرة", "Hadi al-Bahra")}
    assert len(people) == 1


def test_english_build_seed_and_english_article_one_person(tmp_path):
    from rdflib import RDFS, Graph
    from typer.testing import CliRunner

    from kgbuild.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "en-bahra.txt").write_text(BAHRA_EN, encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    people = {p for p, l in g.subject_objects(RDFS.label) if str(l) in ("هادي البحرة", "Hadi al-Bahra")}
    assert len(people) == 1
