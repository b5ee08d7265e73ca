"""`kgbuild export` (kgbuild/export.py) and JSON-LD output: each format on the
seed, the PLOVER mapping on small invented graphs, and JSON-LD round trips."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, XSD
from typer.testing import CliRunner

from kgbuild.cli import app
from kgbuild.export import EVENT_COLUMNS, MEMBER_COLUMNS, event_coding, export, plover_records
from kgbuild.namespace import KGB
from kgbuild.query import load_graph
from kgbuild.rdf import GAF, NIF, SCHEMA, SEM
from test_validate import assert_valid

ROOT = Path(__file__).resolve().parent.parent
COALITION = "الائتلاف الوطني السوري"
DELEGATION = f"وفد {COALITION}"
SIX = {"هادي البحرة", "عبد المجيد بركات", "ديما موسى", "عبد الأحد أستيفو", "زهير محمد", "نور الدين لبد"}


@pytest.fixture(scope="module")
def seed(seed_build):
    out, _ = seed_build
    return load_graph(out / "graph.trig")


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _run(*args: str):
    return CliRunner().invoke(app, ["export", *args])


# ---------------------------------------------------------------- events CSV

def test_export_events_csv_has_the_paris_visit(seed):
    rows = _csv(export(seed, "events-csv"))
    (visit,) = [r for r in rows if r["type"] == "Visit"]
    assert visit["place"] == "باريس" and visit["geonames_id"] == "2988507"
    assert abs(float(visit["lat"]) - 48.853) < 0.01 and abs(float(visit["long"]) - 2.349) < 0.01
    assert visit["date"] == "2025-01-22" and visit["status"] == "Occurred" and visit["cameo"] == "042"
    assert SIX <= set(visit["actors"].split(" | "))
    assert visit["delegation"] == DELEGATION
    assert visit["article"] == "qasioun-2025-01-22"
    assert "باريس" in visit["sentence"] and visit["id"].startswith("https://w3id.org/kgbuild/id/event/")


def test_export_events_csv_columns_and_codes(seed):
    text = export(seed, "events-csv")
    assert text.splitlines()[0] == ",".join(EVENT_COLUMNS)
    rows = _csv(text)
    assert len(rows) == len(set(seed.subjects(RDF.type, SEM.Event))) >= 5
    for r in rows:
        code = event_coding(r["type"])
        assert r["cameo"] == (code.cameo_planned if r["status"] == "Planned" and code.cameo_planned else code.cameo)
    (meet,) = [r for r in rows if r["type"] == "Meet"]
    assert meet["status"] == "Planned" and meet["cameo"] == "036"  # intent to meet
    attack = [r for r in rows if r["type"] == "Attack"]
    assert attack and attack[0]["cameo"] == "190"


def test_export_csv_bom_and_line_ends(seed):
    plain = export(seed, "events-csv")
    with_bom = export(seed, "events-csv", bom=True)
    assert not plain.startswith("\ufeff") and with_bom == "\ufeff" + plain
    assert plain.endswith("\r\n") and "\r\n" in plain.splitlines(keepends=True)[0]
    assert with_bom.encode("utf-8")[:3] == b"\xef\xbb\xbf"


# ---------------------------------------------------------------- members CSV

def test_export_members_csv(seed):
    text = export(seed, "members-csv")
    assert text.splitlines()[0] == ",".join(MEMBER_COLUMNS)
    rows = _csv(text)
    got = {(r["person"], r["role"], r["organization"]) for r in rows}
    assert ("هادي البحرة", "president", COALITION) in got
    assert ("عبد الأحد أستيفو", "coordinator", "دائرة العلاقات الخارجية") in got
    assert SIX <= {r["person"] for r in rows}
    for r in rows:
        assert r["first_seen"] == r["last_seen"] == "2025-01-22"
        assert r["articles"] == "qasioun-2025-01-22"


def test_export_members_first_and_last_seen_across_articles():
    g = Graph()
    ex = "https://w3id.org/kgbuild/id/"
    m, p, o, r = (URIRef(ex + x) for x in ("membership/m", "person/p", "org/o", "role/r"))
    g.add((m, RDF.type, URIRef("http://www.w3.org/ns/org#Membership")))
    g.add((m, URIRef("http://www.w3.org/ns/org#member"), p))
    g.add((m, URIRef("http://www.w3.org/ns/org#organization"), o))
    g.add((m, URIRef("http://www.w3.org/ns/org#role"), r))
    g.add((p, RDFS.label, Literal("Ana", lang="en")))
    g.add((o, RDFS.label, Literal("Org", lang="en")))
    g.add((r, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("chair", lang="en")))
    for aid, day in (("a1", "2024-03-01"), ("a2", "2025-01-05"), ("a3", "2024-11-30")):
        a = URIRef(ex + "article/" + aid)
        g.add((m, PROV.wasDerivedFrom, a))
        g.add((a, SCHEMA.identifier, Literal(aid)))
        g.add((a, SCHEMA.datePublished, Literal(day, datatype=XSD.date)))
    (row,) = _csv(export(g, "members-csv"))
    assert (row["person"], row["role"], row["organization"]) == ("Ana", "chair", "Org")
    assert (row["first_seen"], row["last_seen"]) == ("2024-03-01", "2025-01-05")
    assert row["articles"].split(" | ") == ["a1", "a2", "a3"]


# ---------------------------------------------------------------- PLOVER

def _plover(g) -> list[dict]:
    return [json.loads(line) for line in export(g, "plover").splitlines()]


def test_export_plover_visit_has_the_delegation_as_actor(seed):
    recs = _plover(seed)
    (visit,) = [r for r in recs if r["kgb_type"] == "Visit"]
    assert visit["event"] == "CONSULT" and visit["mode"] == "visit" and visit["context"] == []
    assert [a["actor_text"] for a in visit["actor"]] == [DELEGATION]
    (d,) = visit["actor"]
    assert d["represents"] == COALITION and set(d["members"]) == SIX
    assert visit["recipient"] == []
    assert visit["date"] == "2025-01-22"
    loc = visit["event_loc"]
    assert loc["geonameid"] == 2988507 and loc["name"] == "باريس" and loc["cc3"] == "FRA"
    assert abs(loc["latitude"] - 48.853) < 0.01
    assert visit["cite_info"]["citation"] == "qasioun-2025-01-22" and visit["cite_info"]["language"] == "ar"
    assert visit["event_text"] and "باريس" in visit["event_text"][0]
    for key in ("id", "date", "event", "mode", "context", "actor", "recipient", "event_loc", "event_text", "cite_info"):
        assert key in visit


def test_export_plover_statuses_and_types(seed):
    recs = _plover(seed)
    by = {}
    for r in recs:
        by.setdefault(r["kgb_type"], []).append(r)
    (meet,) = by["Meet"]
    assert meet["event"] == "AGREE" and meet["mode"] is None and meet["context"] == ["future"]
    assert all(r["event"] == "REQUEST" for r in by["Appeal"])
    assert by["Attack"][0]["event"] == "ASSAULT"
    for r in recs:  # one JSON object a line, each with a date
        assert r["date"]


EX = "https://w3id.org/kgbuild/id/"


def _event_graph(cls: str, status: str, actors=(), hosts=(), recipients=()) -> Graph:
    """A small invented graph with one event."""
    g = Graph()
    art = URIRef(EX + "article/t")
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, SCHEMA.identifier, Literal("t")))
    g.add((art, SCHEMA.inLanguage, Literal("en")))
    g.add((art, SCHEMA.datePublished, Literal("2024-05-02", datatype=XSD.date)))
    g.add((art, SCHEMA.url, Literal("https://example.org/t", datatype=XSD.anyURI)))
    ev = URIRef(EX + "event/e")
    g.add((ev, RDF.type, SEM.Event))
    g.add((ev, RDF.type, KGB._NS[cls]))
    g.add((ev, KGB.status, KGB._NS[status]))
    g.add((ev, PROV.wasDerivedFrom, art))
    for name in (*actors, *hosts, *recipients):
        n = URIRef(EX + "org/" + name)
        g.add((n, RDF.type, SCHEMA.Organization))
        g.add((n, RDFS.label, Literal(name, lang="en")))
        g.add((ev, SEM.hasActor, n))
    for name in hosts:
        g.add((ev, KGB.host, URIRef(EX + "org/" + name)))
    for name in recipients:
        g.add((ev, KGB.recipient, URIRef(EX + "org/" + name)))
    return g


def test_export_plover_visit_host_is_recipient():
    (r,) = _plover(_event_graph("Visit", "Occurred", actors=["Visitor"], hosts=["Host"]))
    assert (r["event"], r["mode"]) == ("CONSULT", "visit")
    assert [a["actor_text"] for a in r["actor"]] == ["Visitor"]
    assert [a["actor_text"] for a in r["recipient"]] == ["Host"]
    assert r["date"] == "2024-05-02"  # no event date: the article's
    assert r["cite_info"]["url"] == "https://example.org/t"


@pytest.mark.parametrize("cls, status, event, mode, context", [
    ("Phone", "Occurred", "CONSULT", "phone", []),
    ("Phone", "Planned", "AGREE", None, ["future"]),
    ("Visit", "Planned", "AGREE", None, ["future"]),
    ("Meet", "Occurred", "CONSULT", None, []),
    ("Meet", "Possible", "CONSULT", None, ["hypothetical"]),
    ("Attack", "Negated", "ASSAULT", None, ["negation"]),
    ("Appeal", "Occurred", "REQUEST", None, []),
])
def test_export_plover_mapping(cls, status, event, mode, context):
    (r,) = _plover(_event_graph(cls, status, actors=["A"], recipients=["B"]))
    assert (r["event"], r["mode"], r["context"]) == (event, mode, context)
    assert r["kgb_type"] == cls and r["kgb_status"] == status


def test_export_plover_leaves_out_classes_without_plover_type():
    assert plover_records(_event_graph("Elect", "Occurred", actors=["A"])) == []


# ---------------------------------------------------------------- RDF and JSON-LD

def test_export_context_shipped_identical():
    assert (ROOT / "kgbuild" / "data" / "context.jsonld").read_bytes() == \
        (ROOT / "ontology" / "context.jsonld").read_bytes(), "run: python scripts/gen_ontology_doc.py"


def test_export_context_has_the_compact_keys():
    ctx = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert "@language" not in ctx  # would turn dates into language-tagged strings
    for key in ("member", "organization", "role", "actor", "place", "date", "status", "label", "mentions"):
        assert key in ctx, key
    assert ctx["date"] == {"@id": "sem:hasTimeStamp", "@type": "xsd:date"}
    assert ctx["published"]["@type"] == "xsd:date"


def test_export_jsonld_round_trips(seed, seed_build):
    out, _ = seed_build
    text = export(seed, "json-ld")
    doc = json.loads(text)
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(back, Graph().parse(out / "graph.ttl"))
    nodes = doc["@graph"]
    (visit,) = [n for n in nodes if "Visit" in n.get("type", [])]
    assert visit["date"] == "2025-01-22" and visit["status"] == "Occurred"
    assert visit["place"].endswith("geonames-2988507") and len(visit["actor"]) >= 6
    m = next(n for n in nodes if n.get("type") == "Membership")
    assert {"member", "organization", "role"} <= set(m)
    dates = list(back.objects(None, SEM.hasTimeStamp)) + list(back.objects(None, SCHEMA.datePublished))
    assert dates and all(d.datatype == XSD.date and d.language is None for d in dates)
    assert export(seed, "json-ld") == text  # stable output


def test_export_jsonld_file_validates(seed_build, tmp_path):
    out, _ = seed_build
    target = tmp_path / "seed.jsonld"
    res = _run(str(out / "graph.ttl"), "--format", "json-ld", "-o", str(target))
    assert res.exit_code == 0, res.output
    assert_valid(target)


def test_export_extract_jsonld_uses_the_context(tmp_path):
    target = tmp_path / "x.jsonld"
    res = CliRunner().invoke(app, ["extract", str(ROOT / "examples" / "articles"), "--format", "json-ld",
                                   "-o", str(target)])
    assert res.exit_code == 0, res.output
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["@context"]["actor"] == {"@id": "sem:hasActor", "@type": "@id"}
    assert_valid(target)


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("nt", "nt"), ("trig", "trig"), ("nquads", "nquads")])
def test_export_rdf_formats(seed, seed_build, fmt, parse_as):
    from rdflib import Dataset

    out, _ = seed_build
    text = export(seed, fmt)
    g = Dataset(default_union=True) if parse_as in ("trig", "nquads") else Graph()
    g.parse(data=text, format=parse_as)
    merged = Graph()
    for s, p, o, *_ in (g.quads((None, None, None, None)) if isinstance(g, Dataset) else g):
        merged.add((s, p, o))
    assert isomorphic(merged, Graph().parse(out / "graph.ttl"))


# ---------------------------------------------------------------- the command

def test_export_cli_writes_files(seed_build, tmp_path):
    out, _ = seed_build
    for fmt, name in (("events-csv", "e.csv"), ("members-csv", "m.csv"), ("plover", "p.jsonl")):
        args = [str(out / "graph.trig"), "--format", fmt, "-o", str(tmp_path / name)]
        if fmt.endswith("csv"):
            args.append("--bom")
        res = _run(*args)
        assert res.exit_code == 0, res.output
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") == fmt.endswith("csv")
    rows = _csv((tmp_path / "e.csv").read_text(encoding="utf-8"))
    assert any(r["type"] == "Visit" and r["place"] == "باريس" for r in rows)
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["event"] for line in lines)


def test_export_cli_stdout(seed_build):
    out, _ = seed_build
    res = _run(str(out / "graph.ttl"), "-f", "members-csv")
    assert res.exit_code == 0 and res.output.startswith("person,role,organization")


def test_export_cli_usage_errors(seed_build, tmp_path):
    out, _ = seed_build
    res = _run(str(out / "graph.ttl"), "--format", "gdelt")
    assert res.exit_code == 2 and "unknown export format" in res.output
    res = _run(str(out / "graph.ttl"), "--format", "plover", "--bom")
    assert res.exit_code == 2 and "--bom" in res.output
    res = _run(str(tmp_path / "missing.ttl"))
    assert res.exit_code == 2 and "no such graph file" in res.output


def test_export_store_folder(seed_build):
    out, _ = seed_build
    if not (out / "store").exists():
        pytest.skip("the build wrote no store")
    res = _run(str(out), "--format", "events-csv")
    assert res.exit_code == 0, res.output
    assert any(r["type"] == "Visit" and r["geonames_id"] == "2988507" for r in _csv(res.output))


def test_export_labels_in_another_language(seed):
    rows = _csv(export(seed, "events-csv", lang="en"))
    appeal_recipients = {r["recipients"] for r in rows if r["type"] == "Appeal"}
    assert "France" in appeal_recipients  # the country has an English label


def test_export_mentions_graph_is_not_needed():
    # an event without mentions or place still exports (CSV cells empty)
    g = _event_graph("Meet", "Occurred", actors=["A", "B"])
    (row,) = _csv(export(g, "events-csv"))
    assert row["actors"] == "A | B" and row["place"] == "" and row["date"] == ""
    assert not list(g.objects(None, GAF.denotedBy)) and not list(g.objects(None, NIF.beginIndex))
