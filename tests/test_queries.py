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


def _rows(target, name, bindings=None, params=None):
    """Rows of a saved query as dicts; ``params``: its name parameters
    (:func:`kgbuild.query.fill_key_params`)."""
    from kgbuild.query import fill_key_params

    text, _rest = fill_key_params(saved_query(name), params or {})
    g = load_graph(target)
    try:
        cols, rows = result_rows(run_query(g, text, bindings))
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


# ---------------------------------------------------------------- issue 16: lookup in any spelling, places in places

@pytest.fixture(scope="module")
def seed_and_english(tmp_path_factory):
    """The seed and an English article about its coalition's president, built
    into a store and graph.ttl (al-Bahra: one person, an Arabic and an English
    IRI linked by the store's resolution pass)."""
    from test_english import BAHRA_EN

    d = tmp_path_factory.mktemp("actor")
    (d / "in").mkdir()
    (d / "in" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "in" / "en-bahra.txt").write_text(BAHRA_EN, encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(d / "in"), "--out", str(d / "out")])
    assert res.exit_code == 0, res.output
    return d / "out"


def _actor(target, name):
    res = CliRunner().invoke(app, ["query", str(target), "--name", "actor", "--param", f"name={name}",
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


@pytest.mark.parametrize("typed", [
    "عبد الأحد أستيفو",              # as written
    "عبد الاحد استيفو",              # hamza forms
    "عبدالأحد أستيفو",               # عبد compound written solid
    "عَبْدُ الأَحَدِ أَسْتِيفُو",      # diacritics
    "وعبد الأحد أستيفو",             # an attached conjunction
    "أستيفو",                        # the family name alone
    "عبد الاحد",                     # the given name alone (issue 16's example)
])
def test_actor_finds_the_entity_in_any_spelling(seed_and_english, typed):
    for target in (seed_and_english / "store", seed_and_english / "graph.ttl"):
        rows = _actor(target, typed)
        assert {r["name"] for r in rows} == {"عبد الأحد أستيفو"}
        facts = [r["fact"] for r in rows]
        assert facts == sorted(facts, key=["label", "alias", "post", "event", "source"].index)
        (post,) = [r for r in rows if r["fact"] == "post"]
        assert post["value"] == "coordinator (منسق)" and post["detail"] == "دائرة العلاقات الخارجية"
        assert post["articles"] == "seed"  # the file stem
        assert {r["value"].split(" (")[0] for r in rows if r["fact"] == "event"} >= {"Visit", "Meet"}
        (src,) = [r for r in rows if r["fact"] == "source"]
        assert src["articles"] == "seed" and src["date"] == "2025-01-22"


def test_actor_same_rows_on_store_and_file_in_both_languages(seed_and_english):
    """Ta marbuta and alef maqsura typed the other way, or the English name in
    capitals: the one person, with its Arabic and English labels, the posts of
    both articles and the sources newest first, the same on the store (IRIs
    linked by owl:sameAs) and on the merged graph file."""
    on_store = _actor(seed_and_english / "store", "هادى البحره")
    assert on_store == _actor(seed_and_english / "graph.ttl", "هادى البحره")
    assert on_store == _actor(seed_and_english / "store", "HADI AL-BAHRA")
    labels = {(r["value"], r["detail"]) for r in on_store if r["fact"] == "label"}
    assert {("هادي البحرة", "ar"), ("Hadi al-Bahra", "en")} <= labels
    posts = [r for r in on_store if r["fact"] == "post"]
    assert len(posts) == 2 and all(p["value"].startswith("president") for p in posts)
    dates = [r["date"] for r in on_store if r["fact"] == "source"]
    assert len(dates) == 2 and dates == sorted(dates, reverse=True)


def test_actor_needs_a_name_and_finds_nothing_for_an_unknown_one(seed_and_english):
    res = CliRunner().invoke(app, ["query", str(seed_and_english / "store"), "--name", "actor"])
    assert res.exit_code == 2 and "needs --param name=VALUE" in res.output
    assert _actor(seed_and_english / "store", "Nobody Known") == []
    assert _actor(seed_and_english / "graph.ttl", "Nobody Known") == []


def test_an_unknown_param_is_named_not_ignored(seed_and_english):
    """A mistyped --param (``nam=`` for ``name=``) fails and names itself and
    what the query takes, for a saved query and for a query of one's own."""
    store = str(seed_and_english / "store")
    res = CliRunner().invoke(app, ["query", store, "--name", "actor", "--param", "nam=البحرة"])
    assert res.exit_code == 2 and "unknown --param 'nam'" in res.output and "--param name=" in res.output
    res = CliRunner().invoke(app, ["query", store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--param", "x=1"])
    assert res.exit_code == 2 and "unknown --param 'x'" in res.output
    res = CliRunner().invoke(app, ["query", store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--param", "o=1"])
    assert res.exit_code == 0


def test_search_keys_fold_spellings_and_a_proclitic():
    from kgbuild.query import fill_key_params, search_keys

    assert search_keys("هادى البحره") == search_keys("هادي البحرة") == ["هادي بحره"]
    assert search_keys("وبغداد") == ["وبغداد", "بغداد"]
    assert search_keys("لبنان") == ["لبنان", "بنان"]  # tried in that order: an exact key comes first
    assert search_keys("...") == []
    text, rest = fill_key_params('SELECT * WHERE { VALUES ?name_key { UNDEF } ?e ?p ?name_key }',
                                 {"name": 'x" } ; DROP ALL', "other": "v"})
    assert 'VALUES ?name_key { "x drop all" }' in text and rest == {"other": "v"}


ARTICLE_VENUE = PFX + """
plc:airport a schema:Place ; rdfs:label "مطار جدة الدولي"@ar ; kgb:searchKey "مطار جده دولي" ;
    schema:containedInPlace plc:jeddah , ctry:SA .
plc:jeddah a schema:Place , schema:City ; rdfs:label "جدة"@ar ; kgb:searchKey "جده" ;
    owl:sameAs <https://sws.geonames.org/105343/> ; schema:containedInPlace ctry:SA .
ctry:SA a schema:Place , schema:Country ; rdfs:label "السعودية"@ar ; kgb:searchKey "سعوديه" ; kgb:iso2 "SA" .
plc:riyadh a schema:Place , schema:City ; rdfs:label "الرياض"@ar ; kgb:searchKey "رياض" ;
    schema:containedInPlace ctry:SA .
ev:arrival a sem:Event , kgb:Visit ; kgb:status kgb:Occurred ; sem:hasTimeStamp "2015-07-20"^^xsd:date ;
    kgb:trigger "وصل"@ar ; sem:hasPlace plc:airport ; sem:hasActor pers:salman ; prov:wasDerivedFrom art:c .
ev:talks a sem:Event , kgb:Meet ; kgb:status kgb:Occurred ; sem:hasTimeStamp "2015-07-21"^^xsd:date ;
    kgb:trigger "بحث"@ar ; sem:hasPlace plc:riyadh ; sem:hasActor pers:salman ; prov:wasDerivedFrom art:c .
pers:salman a schema:Person ; rdfs:label "سلمان بن عبدالعزيز"@ar .
"""


@pytest.fixture(scope="module")
def venue_graph(tmp_path_factory):
    d = tmp_path_factory.mktemp("venue")
    with ArticleStore(d / "store") as st:
        st.replace([(f"{ID}graph/c", _nt(ARTICLE_VENUE))])
    Graph().parse(data=ARTICLE_VENUE, format="turtle").serialize(d / "graph.ttl", format="turtle")
    return d


def test_events_in_a_city_include_those_at_its_venues(venue_graph):
    for target in (venue_graph / "store", venue_graph / "graph.ttl"):
        rows = _rows(target, "events")
        assert [(r["type"], r["place"], r["in"]) for r in rows] == [("Visit", "مطار جدة الدولي", "جدة"),
                                                                      ("Meet", "الرياض", "")]
        for typed in ("جدة", "جده", "بجدة"):
            assert [r["type"] for r in _rows(target, "events", params={"place": typed})] == ["Visit"], typed
        # a country holds the events of its cities and their venues
        assert len(_rows(target, "events", params={"place": "السعودية"})) == 2


def test_places_list_what_lies_in_a_place_and_its_events(venue_graph):
    for target in (venue_graph / "store", venue_graph / "graph.ttl"):
        rows = {r["place"].rsplit("/", 1)[-1]: r for r in _rows(target, "places")}
        assert rows["airport"]["in"] == "جدة" and rows["airport"]["events"] == "1"
        assert rows["jeddah"]["events"] == "1" and rows["SA"]["events"] == "2" and rows["SA"]["in"] == ""
        found = _rows(target, "places", params={"place": "جدة"})
        assert sorted(r["name"] for r in found) == ["جدة", "مطار جدة الدولي"]


def test_actor_finds_a_name_chain_by_its_first_and_last_names(tmp_path):
    """"عادل الجبير" (given and family name, the usual short form) finds a
    person the article names only in full, "عادل بن أحمد الجبير" (a fresh user
    found 0 rows)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "الرياض - واس\nاستقبل وزير الخارجية عادل بن أحمد الجبير في مكتبه بالرياض اليوم سفير اليابان.\n",
        encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    for target in (tmp_path / "out" / "store", tmp_path / "out" / "graph.ttl"):
        rows = _actor(target, "عادل الجبير")
        assert {r["name"] for r in rows} == {"عادل بن أحمد الجبير"}, rows
