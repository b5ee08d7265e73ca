"""SHACL validation (kgbuild/validate.py, ontology/shapes.ttl): the graphs
kgbuild builds conform, and breaking each rule gives a report that names it.

Other tests that build a graph can check it with :func:`assert_valid`::

    from test_validate import assert_valid   # tests/ is on sys.path under pytest
    assert_valid(graph_or_path)
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD
from typer.testing import CliRunner

from kgbuild.cli import app
from kgbuild.namespace import KGB
from kgbuild.rdf import GAF, GEO, NIF, SCHEMA, SEM
from kgbuild.validate import ValidationReport, load_shapes, validate

ROOT = Path(__file__).resolve().parent.parent


def assert_valid(graph: Graph | str | Path) -> ValidationReport:
    """Fail the calling test, printing the report, unless ``graph`` (a
    ``Graph`` / ``Dataset`` or a graph file path) conforms to kgbuild's shapes.
    Returns the report."""
    if isinstance(graph, (str, Path)):
        from kgbuild.query import load_graph

        graph = load_graph(graph)
    report = validate(graph)
    assert report.conforms, "graph does not conform to ontology/shapes.ttl:\n" + report.text(limit=30)
    return report


# ---------------------------------------------------------------- every graph we build conforms

@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "store"])
def test_validate_seed_build_conforms(seed_build, name):
    out, _ = seed_build
    if not (out / name).exists():
        pytest.skip(f"the build wrote no {name}")
    report = assert_valid(out / name)
    assert report.triples > 500 and report.violations == []


def test_validate_seed_dataset_conforms(seed_extraction):
    from kgbuild.pipeline import build_dataset

    assert_valid(build_dataset([seed_extraction]))


def test_validate_shipped_shapes_are_the_ontology_shapes():
    shipped = (ROOT / "kgbuild" / "data" / "shapes.ttl").read_bytes()
    assert shipped == (ROOT / "ontology" / "shapes.ttl").read_bytes(), \
        "run: python scripts/gen_ontology_doc.py"


# ---------------------------------------------------------------- each rule, broken, is named

@pytest.fixture(scope="module")
def seed_graph(seed_build) -> Graph:
    out, _ = seed_build
    return Graph().parse(out / "graph.ttl")


def _copy(g: Graph) -> Graph:
    h = Graph()
    for t in g:
        h.add(t)
    return h


def _one(g: Graph, cls) -> URIRef:
    return sorted(g.subjects(RDF.type, cls), key=str)[0]


def _visit(g):
    return _one(g, KGB.Visit)


def _membership(g):
    return _one(g, ORG.Membership)


def _mention(g):
    return sorted(g.objects(_visit(g), GAF.denotedBy), key=str)[0]


def _person(g):
    return _one(g, SCHEMA.Person)


def _set(g, s, p, o):
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))


BREAKS = {
    "membership without member": (
        lambda g: _set(g, _membership(g), ORG.member, None), "MembershipMember"),
    "membership with two members": (
        lambda g: g.add((_membership(g), ORG.member, sorted(g.subjects(RDF.type, SCHEMA.Person), key=str)[-1])),
        "MembershipMember"),
    "membership without organisation": (
        lambda g: _set(g, _membership(g), ORG.organization, None), "MembershipOrganization"),
    "membership with a second role": (
        lambda g: (g.add((URIRef("urn:x:role"), RDF.type, ORG.Role)),
                   g.add((_membership(g), ORG.role, URIRef("urn:x:role")))), "MembershipRole"),
    "membership role a string": (
        lambda g: _set(g, _membership(g), ORG.role, Literal("president")), "MembershipRole"),
    "membership without article": (
        lambda g: _set(g, _membership(g), PROV.wasDerivedFrom, None), "MembershipSource"),
    "event without a type": (
        lambda g: g.remove((_visit(g), RDF.type, KGB.Visit)), "EventType"),
    "event with two types": (
        lambda g: g.add((_visit(g), RDF.type, KGB.Meet)), "EventType"),
    "event type outside the vocabulary": (
        lambda g: g.add((_visit(g), RDF.type, URIRef(str(KGB._NS) + "Dance"))), "EventUnknownType"),
    "event without actor": (
        lambda g: [g.remove((_visit(g), p, None)) for p in (SEM.hasActor, KGB.host, KGB.recipient)],
        "EventActor"),
    "event without status": (
        lambda g: _set(g, _visit(g), KGB.status, None), "EventStatus"),
    "event with an unknown status": (
        lambda g: _set(g, _visit(g), KGB.status, URIRef(str(KGB._NS) + "Rumoured")), "EventStatus"),
    "event without mention": (
        lambda g: _set(g, _visit(g), GAF.denotedBy, None), "EventMention"),
    "event without article": (
        lambda g: _set(g, _visit(g), PROV.wasDerivedFrom, None), "EventSource"),
    "event place not a place": (
        lambda g: _set(g, _visit(g), SEM.hasPlace, _membership(g)), "EventPlace"),
    "mention ending after the text": (
        lambda g: _set(g, _mention(g), NIF.endIndex, Literal(99999, datatype=XSD.nonNegativeInteger)),
        "MentionInsideText"),
    "mention beginning after its end": (
        lambda g: _set(g, _mention(g), NIF.beginIndex, Literal(int(g.value(_mention(g), NIF.endIndex)) + 1,
                                                              datatype=XSD.nonNegativeInteger)),
        "MentionInsideText"),
    "mention anchor not the text at its offsets": (
        lambda g: _set(g, _mention(g), NIF.anchorOf, Literal("غير")), "MentionAnchor"),
    "mention offset an untyped string": (
        lambda g: _set(g, _mention(g), NIF.beginIndex, Literal("75")), "MentionBegin"),
    "mention without context": (
        lambda g: _set(g, _mention(g), NIF.referenceContext, None), "MentionContext"),
    "article text missing": (
        lambda g: g.remove((None, NIF.isString, None)), "ContextString"),
    "label without language": (
        lambda g: g.add((_person(g), RDFS.label, Literal("Hadi al-Bahra"))), "LabelLanguage"),
    "prefLabel without language": (
        lambda g: g.add((_one(g, ORG.Role), SKOS.prefLabel, Literal("role"))), "PrefLabelLanguage"),
    "altLabel without language": (
        lambda g: g.add((_person(g), SKOS.altLabel, Literal("al-Bahra"))), "AltLabelLanguage"),
    "entity without label": (
        lambda g: _set(g, _person(g), RDFS.label, None), "EntityLabel"),
    "event date language-tagged": (  # what a JSON-LD context with a global @language does
        lambda g: _set(g, _visit(g), SEM.hasTimeStamp, Literal("2025-01-22", lang="ar")), "TimeStampDate"),
    "event date a dateTime": (
        lambda g: _set(g, _visit(g), SEM.hasTimeStamp, Literal("2025-01-22T08:00:00", datatype=XSD.dateTime)),
        "TimeStampDate"),
    "publication date a plain string": (
        lambda g: _set(g, _one(g, SCHEMA.NewsArticle), SCHEMA.datePublished, Literal("2025-01-22")),
        "DatePublishedDate"),
    "article without identifier": (
        lambda g: _set(g, _one(g, SCHEMA.NewsArticle), SCHEMA.identifier, None), "ArticleIdentifier"),
    "latitude out of range": (
        lambda g: _set(g, sorted(g.subjects(GEO.lat, None), key=str)[0], GEO.lat,
                       Literal("123.5", datatype=XSD.decimal)), "PlaceLat"),
    "delegation member not a person": (
        lambda g: g.add((_one(g, KGB.Delegation), SCHEMA.member, _membership(g))), "DelegationMember"),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_validate_broken_rule_is_named(seed_graph, case):
    breaker, shape = BREAKS[case]
    g = _copy(seed_graph)
    breaker(g)
    report = validate(g)
    assert not report.conforms
    assert report.shapes() == {shape}, report.text()
    assert f"[{shape}]" in report.text()
    v = report.violations[0]
    assert v.message and v.focus and v.severity == "Violation"


def test_validate_message_reports_offsets(seed_graph):
    g = _copy(seed_graph)
    m = _mention(g)
    _set(g, m, NIF.endIndex, Literal(99999, datatype=XSD.nonNegativeInteger))
    (v,) = validate(g).violations
    ctx = g.value(m, NIF.referenceContext)
    assert v.focus == str(ctx) and v.value == str(m)  # checked once per article text
    assert "99999" in v.message and "not inside the article text" in v.message
    assert f"({len(str(g.value(ctx, NIF.isString)))} characters)" in v.message


def test_validate_custom_shapes(seed_graph, tmp_path):
    shapes = tmp_path / "extra.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
<urn:x:UrlRequired> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
    sh:property [ sh:path schema:url ; sh:minCount 1 ] .
""", encoding="utf-8")
    report = validate(seed_graph, load_shapes(shapes))
    assert not report.conforms and report.shapes() == {"urn:x:UrlRequired schema:url"}


# ---------------------------------------------------------------- the command

def test_validate_cli_conforms(seed_build):
    out, _ = seed_build
    res = CliRunner().invoke(app, ["validate", str(out / "graph.trig")])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output and "no violations" in res.output


def test_validate_cli_reports_violations(seed_graph, tmp_path):
    g = _copy(seed_graph)
    _set(g, _visit(g), KGB.status, None)
    g.remove((_membership(g), ORG.role, None))
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    res = CliRunner().invoke(app, ["validate", str(bad)])
    assert res.exit_code == 1, res.output
    assert "does not conform" in res.output
    assert "[EventStatus]" in res.output and "[MembershipRole]" in res.output
    res = CliRunner().invoke(app, ["validate", str(bad), "--format", "json"])
    assert res.exit_code == 1
    doc = json.loads(res.output)
    assert doc["conforms"] is False
    assert {r["shape"] for r in doc["results"]} == {"EventStatus", "MembershipRole"}


def test_validate_cli_usage_errors(tmp_path):
    res = CliRunner().invoke(app, ["validate", str(tmp_path / "missing.ttl")])
    assert res.exit_code == 2 and "no such graph file" in res.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(bad)])
    assert res.exit_code == 2 and "cannot parse" in res.output
