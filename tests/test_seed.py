"""The seed article end to end: the facts issue 2 lists, through the CLI and
through SPARQL over the Turtle output."""
from __future__ import annotations

import json

from rdflib import Graph
from typer.testing import CliRunner

from kgbuild.cli import app
from kgbuild.text import name_key

COALITION = "الائتلاف الوطني السوري"
MEMBERS = {
    ("هادي البحرة", "president", COALITION),
    ("عبد المجيد بركات", "vice president", COALITION),
    ("ديما موسى", "vice president", COALITION),
    ("عبد الأحد أستيفو", "coordinator", "دائرة العلاقات الخارجية"),
    ("زهير محمد", "member", "الهيئة السياسية"),
    ("نور الدين لبد", "representative", COALITION),
}
SIX = {m[0] for m in MEMBERS}


def _query_json(out, name):
    res = CliRunner().invoke(app, ["query", str(out / "graph.ttl"), "--name", name, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_seed_build_summary(seed_build):
    out, output = seed_build
    for f in ("graph.ttl", "graph.trig", "graph.html"):
        assert (out / f).stat().st_size > 1000
    assert "articles: 1" in output
    assert "memberships: 6" in output
    assert "events: 5" in output


def test_seed_members_query(seed_build):
    out, _ = seed_build
    rows = _query_json(out, "members")
    got = {(r["person"], r["role"], r["organization"]) for r in rows}
    assert got == MEMBERS


def test_seed_sub_organisations(seed_build):
    out, _ = seed_build
    g = Graph().parse(out / "graph.ttl")
    q = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?sub ?parent WHERE { ?s org:subOrganizationOf ?p . ?s rdfs:label ?sub . ?p rdfs:label ?parent }"""
    got = {(str(a), str(b)) for a, b in g.query(q)}
    assert ("دائرة العلاقات الخارجية", COALITION) in got
    assert ("الهيئة السياسية", COALITION) in got


def test_seed_events_query(seed_build):
    out, _ = seed_build
    rows = _query_json(out, "events")
    by_type = {}
    for r in rows:
        by_type.setdefault(r["type"], []).append(r)
    assert sorted((t, len(v)) for t, v in by_type.items()) == [
        ("Appeal", 2), ("Attack", 1), ("Meet", 1), ("Visit", 1)]
    (visit,) = by_type["Visit"]
    assert visit["status"] == "Occurred" and visit["date"] == "2025-01-22" and visit["place"] == "باريس"
    assert SIX <= set(visit["actors"].split(" | "))
    (meet,) = by_type["Meet"]
    assert meet["status"] == "Planned"
    assert "وزارة الخارجية الفرنسية" in meet["actors"].split(" | ")
    assert all(r["status"] == "Planned" for r in by_type["Appeal"])
    actors = [set(r["actors"].split(" | ")) for r in by_type["Appeal"]]
    assert any({"هادي البحرة", "فرنسا"} <= a for a in actors)
    assert any(SIX | {"الحكومة الفرنسية"} <= a for a in actors)
    (attack,) = by_type["Attack"]
    assert "نظام الأسد" in attack["actors"] and attack["place"] == "شمال سوريا"


def test_seed_places_linked(seed_build):
    out, _ = seed_build
    rows = {r["name"].split(" / ")[0]: r for r in _query_json(out, "places")}
    assert rows["باريس"]["geonames"] == "2988507"
    assert rows["إدلب"]["geonames"] == "169389"
    assert rows["جنيف"]["geonames"] == "2660646"
    assert abs(float(rows["باريس"]["lat"]) - 48.85) < 0.01
    assert rows["فرنسا"]["country"] == "FR" and rows["لبنان"]["country"] == "LB"
    for name in ("سوريا", "شمال سوريا", "ريف حلب"):
        assert name in rows


def test_seed_entities_no_fragments(seed_extraction):
    x = seed_extraction
    labels = {e.type: set() for e in x.entities.values()}
    for e in x.entities.values():
        if e.mentions:
            labels[e.type].add(e.label)
    assert labels["Person"] == SIX
    for org in ("الأمم المتحدة", "الحكومة اللبنانية", "الحكومة المؤقتة", "وكالة قاسيون للأنباء",
                "مجلس الأمن الدولي", "نظام الأسد", COALITION, "وزارة الخارجية الفرنسية"):
        assert org in labels["Organization"]
    assert {"فرنسا", "باريس", "سوريا", "شمال سوريا", "إدلب", "ريف حلب", "لبنان", "جنيف"} == labels["Place"]
    bad = {"عبد", "الدين", "نواب", "وديما"}
    for ls in labels.values():
        for lab in ls:
            assert not set(lab.split()) & bad or lab in SIX, lab
    # the coalition is one organisation under its three names
    (coalition,) = [e for e in x.entities.values() if e.label == COALITION]
    assert {"الائتلاف الوطني", "الائتلاف"} <= coalition.alt_labels


def test_seed_delegation(seed_extraction):
    x = seed_extraction
    (d,) = x.delegations.values()
    assert {x.entities[k].label for k in d.members} == SIX
    assert x.entities[d.organization].label == COALITION


def test_seed_offsets_are_exact(seed_extraction):
    x = seed_extraction
    text = x.article.text
    for e in x.entities.values():
        for sp in e.mentions:
            assert text[sp.begin:sp.end] == sp.text
            assert name_key(sp.text)  # never an empty anchor
    for ev in x.events:
        for sp in ev.mentions:
            assert text[sp.begin:sp.end] == sp.text


def test_seed_rdf_vocabularies(seed_build):
    out, _ = seed_build
    g = Graph().parse(out / "graph.ttl")
    q = """PREFIX schema: <http://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    PREFIX gaf: <http://groundedannotationframework.org/gaf#>
    PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?id ?date (COUNT(?m) AS ?n) WHERE {
      ?a a schema:NewsArticle ; schema:identifier ?id ; schema:datePublished ?date .
      ?p a schema:Person ; gaf:denotedBy ?m . ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?t }
    GROUP BY ?id ?date"""
    ((aid, date, n),) = list(g.query(q))
    assert str(aid) == "qasioun-2025-01-22" and str(date) == "2025-01-22" and int(n) >= 6
    q2 = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?l WHERE { ?m a org:Membership ; org:role ?r . ?r a org:Role ; skos:prefLabel ?l }"""
    langs = {l.language for (l,) in g.query(q2)}
    assert "en" in langs


def test_seed_against_gold():
    """The seed keeps all its facts by the gold file's own scoring."""
    import pytest

    from kgbuild.evaluate import evaluate

    from pathlib import Path

    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    gold = corpus / "ar" / "seed_gold.jsonl"
    if not gold.is_file():
        pytest.skip(f"shared corpus not found at {corpus}")
    d = evaluate(gold).to_dict()
    # every gold fact is found (recall 1.0) and nothing else on the entity and membership lists; the
    # learned event deciders may add a party or misplace one event (the seed is one of their training
    # articles, not memorised): events F1 and each argument's accuracy at least 0.8
    for name in ("persons", "organizations", "places", "memberships", "events"):
        assert d["lists"][name]["recall"] == 1.0, (name, d["lists"][name])
    for name in ("persons", "organizations", "places", "memberships"):
        assert d["lists"][name]["f1"] == 1.0, (name, d["lists"][name])
    assert d["lists"]["events"]["f1"] >= 0.8, d["lists"]["events"]
    for arg in ("place", "date", "status"):
        assert d["arguments"][arg]["accuracy"] >= 0.8, (arg, d["arguments"][arg])


def test_seed_appeals_have_the_right_parties(seed_extraction):
    """The letter is Bahra's own appeal to France; the delegation asks the French government."""
    x = seed_extraction
    got = set()
    for ev in x.events:
        if ev.type == "Appeal":
            actors = frozenset(x.entities[p].label for a in ev.actors for p in x.expand_actor(a))
            recips = frozenset(x.entities[p].label for a in ev.recipients for p in x.expand_actor(a))
            got.add((actors, recips))
    # the parties the gold names are there, on the right side (the learned participant decider may add
    # a party of the sentence: the delegation named beside Bahra's letter)
    assert any("هادي البحرة" in a and "فرنسا" in r for a, r in got), got
    assert any(SIX <= a and "الحكومة الفرنسية" in r for a, r in got), got


def test_seed_query_param_is_a_bound_value(seed_build):
    out, _ = seed_build
    runner = CliRunner()
    res = runner.invoke(app, ["query", str(out / "graph.ttl"), "--name", "members", "--format", "json",
                              "--param", "organization=الهيئة السياسية@ar"])
    assert res.exit_code == 0, res.output
    assert [r["person"] for r in json.loads(res.output)] == ["زهير محمد"]
    res = runner.invoke(app, ["query", str(out / "graph.ttl"), "--name", "members", "--format", "json",
                              "--param", 'organization=x"@ar } ; DROP ALL #'])
    assert res.exit_code == 0 and json.loads(res.output) == []
    assert runner.invoke(app, ["query", str(out / "graph.ttl"), "--name", "members", "--param", "nope"]).exit_code == 2
