"""The saved queries (kgbuild/queries/*.rq) on entities that carry several
spellings, as an entity merged from several articles does: one row per
membership, event and place, each entity named by one preferred label (the
first Arabic rdfs:label in code point order, else the first English one), and
the same rows in the same order on the store (Oxigraph) and on a graph file
(rdflib)."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal
from rdflib.plugins.sparql import prepareQuery
from typer.testing import CliRunner

from conftest import SEED
from kgbuild.cli import app
from kgbuild.query import load_graph, result_rows, run_query, saved_queries, saved_query
from kgbuild.store import ArticleStore

ID = "https://w3id.org/kgbuild/id/"
PFX = """@prefix schema: <http://schema.org/> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kgb: <https://w3id.org/kgbuild/ontology#> .
@prefix pers: <https://w3id.org/kgbuild/id/person/> . @prefix orgid: <https://w3id.org/kgbuild/id/org/> .
@prefix plc: <https://w3id.org/kgbuild/id/place/> . @prefix ctry: <https://w3id.org/kgbuild/id/country/> .
@prefix mem: <https://w3id.org/kgbuild/id/membership/> . @prefix rol: <https://w3id.org/kgbuild/id/role/> .
@prefix ev: <https://w3id.org/kgbuild/id/event/> . @prefix art: <https://w3id.org/kgbuild/id/article/> .
"""
# Two articles naming the same king, company, city and country with other spellings (as
# SaudiNewsNet articles do: "سلمان بن عبدالعزيز آل سعود حفظه الله", "الشركة السعودية" …).
ARTICLE_A = PFX + """
pers:salman a schema:Person ; rdfs:label "سلمان بن عبدالعزيز آل سعود"@ar ; kgb:searchKey "سلمان بن عبدالعزيز" .
orgid:company a schema:Organization , org:Organization ; rdfs:label "شركة سعودية"@ar , "Saudi Company"@en .
plc:jeddah a schema:Place , schema:City ; rdfs:label "جده"@ar ; owl:sameAs <https://sws.geonames.org/105343/> ;
    geo:lat 21.54238 ; geo:long 39.19797 ; kgb:iso2 "SA" .
ctry:SA a schema:Place , schema:Country ; rdfs:label "المملكة العربية السعودية"@ar , "Saudi Arabia"@en ; kgb:iso2 "SA" .
pers:other a schema:Person ; rdfs:label "سلمان العبدالعزيز"@ar ; kgb:searchKey "سلمان بن عبدالعزيز" .
mem:m1 a org:Membership ; org:member pers:salman ; org:organization orgid:company ;
    org:role rol:chairman ; kgb:roleText "رئيس مجلس الإدارة"@ar ; prov:wasDerivedFrom art:a .
rol:chairman a org:Role ; kgb:roleKey "chairman" .
ev:e1 a sem:Event , kgb:Visit ; kgb:status kgb:Occurred ; sem:hasTimeStamp "2015-01-02"^^xsd:date ;
    sem:hasPlace plc:jeddah ; sem:hasActor pers:salman , ctry:SA ; kgb:trigger "وصل"@ar ;
    prov:wasDerivedFrom art:a .
"""
ARTICLE_B = PFX + """
pers:salman a schema:Person ; rdfs:label "سلمان بن عبدالعزيز"@ar , "سلمان بن عبدالعزيز حفظه الله"@ar .
orgid:company a schema:Organization , org:Organization ; rdfs:label "الشركة السعودية"@ar , "الشركة \u200b\u200bالسعودية"@ar .
plc:jeddah a schema:Place , schema:City ; rdfs:label "جدة"@ar , "جِدّة"@ar .
ctry:SA a schema:Place , schema:Country ; rdfs:label "السعودية"@ar .
mem:m1 a org:Membership ; org:member pers:salman ; org:organization orgid:company ;
    org:role rol:chairman ; kgb:roleText "رئيس"@ar ; prov:wasDerivedFrom art:b .
ev:e1 a sem:Event , kgb:Visit ; kgb:status kgb:Occurred ; sem:hasPlace plc:jeddah ;
    sem:hasActor pers:salman ; kgb:trigger "زار"@ar ; prov:wasDerivedFrom art:b .
"""


def _nt(ttl: str) -> str:
    return Graph().parse(data=ttl, format="turtle").serialize(format="nt")


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory):
    """The two articles as a store (merged default graph) and as one Turtle file."""
    d = tmp_path_factory.mktemp("labels")
    with ArticleStore(d / "store") as st:
        st.replace([(f"{ID}graph/a", _nt(ARTICLE_A)), (f"{ID}graph/b", _nt(ARTICLE_B))])
    g = Graph().parse(data=ARTICLE_A, format="turtle").parse(data=ARTICLE_B, format="turtle")
    g.serialize(d / "graph.ttl", format="turtle")
    return d


def _rows(target, name, bindings=None):
    g = load_graph(target)
    try:
        cols, rows = result_rows(run_query(g, saved_query(name), bindings))
    finally:
        if getattr(g, "kg", None) is not None:
            g.kg.close()
    return [dict(zip(cols, r)) for r in rows]


def test_saved_queries_declare_their_prefixes():
    """Each saved query runs as it is on any SPARQL endpoint (no prefix from kgbuild needed)."""
    for name in saved_queries():
        prepareQuery(saved_query(name))


@pytest.mark.parametrize("name", ["members", "events", "places", "duplicates"])
def test_saved_query_same_rows_in_same_order_on_store_and_file(two_articles, name):
    on_store = _rows(two_articles / "store", name)
    assert on_store and on_store == _rows(two_articles / "graph.ttl", name)


def test_members_one_row_per_membership_with_preferred_labels(two_articles):
    for target in (two_articles / "store", two_articles / "graph.ttl"):
        (row,) = _rows(target, "members")
        # the first Arabic spelling in code point order: no repetition per label
        assert row["person"] == "سلمان بن عبدالعزيز"
        assert row["organization"] == "الشركة السعودية"
        assert row["role"] == "chairman" and row["role_text"] == "رئيس"
        assert row["membership"] == f"{ID}membership/m1"


def test_members_organization_param_binds_the_preferred_label(two_articles):
    for target in (two_articles / "store", two_articles / "graph.ttl"):
        assert len(_rows(target, "members", {"organization": Literal("الشركة السعودية", lang="ar")})) == 1
        assert _rows(target, "members", {"organization": Literal("شركة سعودية", lang="ar")}) == []


def test_events_one_name_per_actor_and_place(two_articles):
    for target in (two_articles / "store", two_articles / "graph.ttl"):
        (row,) = _rows(target, "events")
        assert row["type"] == "Visit" and row["status"] == "Occurred" and row["date"] == "2015-01-02"
        assert row["place"] == "جدة"
        assert row["actors"] == "السعودية | سلمان بن عبدالعزيز"
        assert row["sources"] == "2" and row["trigger"] == "زار"


def test_places_one_name_per_language(two_articles):
    for target in (two_articles / "store", two_articles / "graph.ttl"):
        rows = {r["place"].rsplit("/", 1)[-1]: r for r in _rows(target, "places")}
        assert rows["SA"]["name"] == "السعودية / Saudi Arabia" and rows["SA"]["geonames"] == ""
        assert rows["jeddah"]["name"] == "جدة" and rows["jeddah"]["geonames"] == "105343"
        assert rows["jeddah"]["lat"] == "21.54238" and rows["jeddah"]["country"] == "SA"


def test_duplicates_lists_keys_of_several_entities(two_articles):
    for target in (two_articles / "store", two_articles / "graph.ttl"):
        (row,) = _rows(target, "duplicates")
        assert row["key"] == "سلمان بن عبدالعزيز" and row["n"] == "2"
        assert sorted(row["iris"].split()) == [f"{ID}person/other", f"{ID}person/salman"]


def test_arabic_and_english_article_one_person_one_name(tmp_path):
    """The seed and an English article about its coalition president: al-Bahra is one person
    with an Arabic and an English label, named once (in Arabic) in every membership and event."""
    from test_english import BAHRA_EN

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "en-bahra.txt").write_text(BAHRA_EN, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    g = Graph().parse(out / "graph.ttl")
    q = """PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT ?p WHERE { ?p a schema:Person ; rdfs:label "هادي البحرة"@ar , "Hadi al-Bahra"@en }"""
    assert len(list(g.query(q))) == 1
    res = CliRunner().invoke(app, ["query", str(out / "graph.ttl"), "--name", "members", "--format", "json"])
    members = json.loads(res.output)
    assert len(members) == len({r["membership"] for r in members}) == 7
    # president of the coalition (seed) and of "Syrian National Coalition" (English article)
    assert [r["role"] for r in members if r["person"] == "هادي البحرة"] == ["president", "president"]
    res = CliRunner().invoke(app, ["query", str(out / "graph.ttl"), "--name", "events", "--format", "json"])
    actors = [a for r in json.loads(res.output) for a in r["actors"].split(" | ")]
    assert "هادي البحرة" in actors and "Hadi al-Bahra" not in actors
    # the store keeps both IRIs, linked by owl:sameAs in its resolution graph: the seed's
    # memberships name the Arabic node, one row each
    res = CliRunner().invoke(app, ["query", str(out / "store"), "--name", "members", "--format", "json"])
    on_store = json.loads(res.output)
    assert len(on_store) == len({r["membership"] for r in on_store}) == 7
    assert {r["membership"] for r in on_store} == {r["membership"] for r in members}
    assert any(r["person"] == "هادي البحرة" and r["organization"] == "الائتلاف الوطني السوري" for r in on_store)
