"""`kgbuild serve` without a browser: the pages, search, the SPARQL
endpoint and the time limit through Starlette's test client, on the store
of the shipped seed article, and a store holding script-bearing names and
texts driven through every page kind.
"""
from __future__ import annotations

import csv
import io
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from kgbuild.cli import app as cli
from kgbuild.serve.app import create_app, negotiate, safe_url
from kgbuild.serve.charts import day_chart, map_points, world_svg
from kgbuild.serve.data import search_keys
from kgbuild.serve.pool import QueryPool, QueryTimeout

from conftest import SERVE_PAYLOADS as PAYLOADS

BAHRA = "person/hady-bhrh-8573671a"
COALITION = "org/atlaf-wtny-swry-564fcfc5"
ARTICLE = "article/qasioun-2025-01-22"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def client(seed_build):
    out, _ = seed_build
    with TestClient(create_app(out / "store", query_timeout=3)) as c:
        yield c


_VOID = {"meta", "link", "input", "br", "img", "hr", "image", "circle", "rect", "line", "path", "source"}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


class _Page(HTMLParser):
    """Elements of a page: tags with attributes, script elements, the text
    of every <mark> and <a class=mention>, and the texts holding a bidi
    control outside any isolating element (``<bdi>``, an element with
    ``dir``, a title, a script's JSON)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[dict] = []
        self.marks: list[tuple[str, str]] = []
        self.loose_bidi: list[str] = []
        self._open: list[tuple[str, dict]] = []
        self._stack: list[list] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self.scripts.append(a)
        if tag not in _VOID:
            self._open.append((tag, a))
        if tag == "mark" or (tag == "a" and "mention" in a.get("class", "")):
            self._stack.append([tag, a.get("class", ""), ""])

    def handle_data(self, data):
        for s in self._stack:
            s[2] += data
        if _BIDI.search(data) and not any(t in ("bdi", "title", "script") or "dir" in a for t, a in self._open):
            self.loose_bidi.append(data)

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1][0] == tag:
            _t, cls, text = self._stack.pop()
            self.marks.append((cls, text))
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break


def _text(html: str) -> str:
    """The visible text of a page (tags dropped, entities decoded)."""
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<script.*?</script>", "", html, flags=re.S)))


# --------------------------------------------------------------------------- search

def test_serve_search_keys_fold_spellings():
    assert search_keys("هادى البحره") == search_keys("هادي البحرة") == ["هادي بحره"]
    assert search_keys("هَادِي البَحْرَة") == ["هادي بحره"]  # diacritics
    assert search_keys("والبحرة") == ["بحره"]  # conjunction + article
    assert search_keys("بباريس") == ["بباريس", "باريس"]  # a preposition on a bare name
    assert search_keys("PARIS") == ["paris"]
    assert search_keys(" ؟! ") == []


@pytest.mark.parametrize("typed", ["هادى البحره", "هادي البحرة", "البحرة", "بحره", "هَادِي"])
def test_serve_search_finds_bahra_in_any_spelling(client, typed):
    r = client.get("/search", params={"q": typed})
    assert r.status_code == 200
    hits = re.findall(r'<li class="hit k-(\w+)"><a class="ent" href="/id/([^"]+)"', r.text)
    assert ("Person", BAHRA) in hits
    assert "1 article" in r.text


def test_serve_search_hamza_and_clitic_org(client):
    # أ/ا and the proclitic و + article: the coalition, named in one article
    r = client.get("/search", params={"q": "والائتلاف الوطني", "kind": "Organization"})
    assert f'href="/id/{COALITION}"' in r.text
    r = client.get("/search", params={"q": "ادلب"})  # إدلب written without hamza
    assert 'href="/id/place/geonames-169389"' in r.text


def _hits(html: str) -> list[str]:
    """The entity paths a search page lists, in order."""
    ol = re.search(r'<ol class="hits" id="hits">(.*?)</ol>', html, re.S)
    return re.findall(r'<li class="hit k-\w+"><a class="ent" href="/id/([^"]+)"', ol.group(1)) if ol else []


def test_serve_search_front_page_examples_and_other_script(client):
    """Every name the front page suggests finds هادي البحرة, the English
    one through his Arabic label's transliteration."""
    examples = re.search(r"in the box above: (.*?)\.\s", client.get("/").text).group(1).split(", ")
    assert "Hadi al-Bahra" in examples
    for typed in examples:
        r = client.get("/search", params={"q": typed})
        assert _hits(r.text)[:1] == [BAHRA], typed
    r = client.get("/search", params={"q": "Hadi al-Bahra"})
    assert "by transliteration" in r.text
    assert _hits(client.get("/search", params={"q": "Hadi Bahra", "kind": "Person"}).text) == [BAHRA]
    assert _hits(client.get("/search", params={"q": "Hadi al-Bahra", "kind": "Place"}).text) == []
    # a name some label is, whole, gets no transliterated persons besides
    assert "by transliteration" not in client.get("/search", params={"q": "هادي البحرة"}).text


def test_serve_search_gazetteer_names_aliases_and_forms(dev_client):
    """Organisations linked to Wikidata and countries, by their Arabic and
    English names (they show both labels); a country by its long form (an
    alternative label); a name in Arabic presentation forms (NFKC); an
    English-only person typed in Arabic letters."""
    want = {"الأمم المتحدة": "org/amm-mthdh-51788dcd", "United Nations": "org/amm-mthdh-51788dcd",
            "السعودية": "country/SA", "Saudi Arabia": "country/SA", "مصر": "country/EG", "Egypt": "country/EG",
            "France": "country/FR", "جمهورية مصر العربية": "country/EG",
            "\ufe8d\ufedf\ufeb4\ufef4\ufeb4\ufef2": "person/bdalftah-sysy-663a6d5b",  # ﺍﻟﺴﻴﺴﻲ
            "سيرغي لافروف": "person/sergey-lavrov-435c88df"}
    for typed, path in want.items():
        r = dev_client.get("/search", params={"q": typed})
        assert _hits(r.text)[:1] == [path], (typed, _hits(r.text)[:3])


def test_serve_search_ranked_by_articles(serve_store):
    """Ranking by the number of articles that name an entity, on the seed
    and dev sets: every hit's count is no larger than the one before, and
    the counts are the named graphs holding the entity."""
    from kgbuild.serve import data

    v = data.StoreView.open(serve_store)
    res = data.search(v, "سوريا")
    counts = [h["articles"] for h in res["hits"]]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    top = res["hits"][0]
    en = data.search(v, "BILAWAL bhutto")["hits"]  # an English name, typed in another case
    assert en and en[0]["label"] == "Bilawal Bhutto Zardari" and en[0]["kind"] == "Person"
    n = next(iter(v.store.query(f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ <{top['iri']}> a ?t }} }}")))[0]
    assert int(n.value) == top["articles"]


def test_serve_search_empty_and_no_match(client):
    assert client.get("/search", params={"q": ""}, follow_redirects=False).status_code == 303
    r = client.get("/search", params={"q": "زززززز"})
    assert r.status_code == 200 and "No person, organisation or place matches" in r.text
    assert "two words or more" in r.text  # a one-word name: the hint on cross-script search
    r = client.get("/search", params={"q": "زززززز ققققق"})
    assert "No person, organisation or place matches" in r.text and "two words or more" not in r.text


# --------------------------------------------------------------------------- entity page

def test_serve_entity_page_bahra(client):
    r = client.get(f"/id/{BAHRA}")
    assert r.status_code == 200
    page = _Page(r.text)
    text = _text(r.text)
    assert "هادي البحرة" in text and "Named in 1 article, from 2025-01-22 to 2025-01-22" in text
    # the post: president of the coalition, with its dates and source
    post = re.search(r'<table class="posts">.*?</table>', r.text, re.S).group(0)
    assert "رئيس" in post and "president" in post and f"/id/{COALITION}" in post
    assert "2025-01-22" in post and "وكالة قاسيون للأنباء" in post
    # events: 4, the visit to Paris among them, with the other delegates
    assert "Events (4)" in text
    assert re.search(r'class="etype t-Visit">Visit</span></td>\s*<td><bdi dir="ltr">2025-01-22', r.text)
    assert "باريس" in text and "عبد المجيد بركات" in text
    # the chart has one bar (the dated visit)
    assert r.text.count('<rect class="bar"') == 1
    # each fact shows its sentence with the entity's mention highlighted
    assert ("mention", "هادي البحرة") in page.marks
    assert ("fact", "رئيس الائتلاف الوطني السوري") in [(k, t.strip(" ،,")) for k, t in page.marks]
    assert "وصل رئيس الائتلاف الوطني السوري، هادي البحرة، إلى باريس" in text
    assert f'href="/id/{ARTICLE}"' in r.text
    # the neighbourhood, as JSON for the page's script
    g = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', r.text, re.S).group(1))
    ids = {n["id"].rsplit("/", 1)[-1]: n for n in g["nodes"]}
    assert ids["hady-bhrh-8573671a"]["focus"] and ids["atlaf-wtny-swry-564fcfc5"]["kind"] == "Organization"
    assert ids["geonames-2988507"]["label"] == "باريس"  # Paris, through the visit (half a step each way)
    assert g["cut"] is False and g["hops"] == 1
    # the page loads only its own scripts
    assert [s.get("src") for s in page.scripts if s.get("src")] == ["/static/vis-network.min.js", "/static/entity.js"]
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_serve_no_empty_chart_box(client, seed_build):
    """A page draws the events-per-day chart only when some event is dated;
    with events but none dated it says so."""
    from kgbuild.serve import data

    v = data.StoreView.open(seed_build[0] / "store")
    ents = [r["e"] for r in data._q(v.store, "SELECT DISTINCT ?e WHERE { { ?e a schema:Person } UNION "
                                             "{ ?e a schema:Organization } UNION { ?e a schema:Place } }")]
    seen = set()
    for e in ents:
        info = data.entity(v, data.path_of(e))
        if "redirect" in info:
            continue
        dated = bool(info["events"]["per_day"])
        page = client.get(f"/id/{data.path_of(e)}").text
        assert ('id="day-chart"' in page) == dated, e
        assert ('id="no-chart"' in page) == (info["events"]["n"] > 0 and not dated), e
        seen.add((dated, info["events"]["n"] > 0))
    assert (True, True) in seen and (False, False) in seen
    r = client.get("/events", params={"status": "Planned", "type": "Appeal"})
    assert "Events (2)" in _text(r.text) and 'id="day-chart"' not in r.text and 'id="no-chart"' in r.text


def test_serve_entity_graph_cap_is_noted(seed_build):
    from kgbuild.serve import data

    out, _ = seed_build
    v = data.StoreView.open(out / "store")
    full = data.neighbourhood(v, COALITION, hops=2)
    cut = data.neighbourhood(v, COALITION, hops=2, max_nodes=5, per_node=3)
    assert len(cut["nodes"]) == 5 < len(full["nodes"]) and cut["cut"] and not full["cut"]
    assert {e["from"] for e in cut["edges"]} | {e["to"] for e in cut["edges"]} <= {n["id"] for n in cut["nodes"]}


def test_serve_entity_missing_and_bad(client):
    r = client.get("/id/person/nobody-here")
    assert r.status_code == 404 and "nothing in the store is called" in r.text
    assert client.get(f"/id/{BAHRA}", params={"hops": "x"}).status_code == 400
    assert client.get("/id/person/a%20b").status_code == 400  # no IRI can hold a space


# --------------------------------------------------------------------------- events and articles

def test_serve_events_view_filters(client):
    r = client.get("/events")
    assert r.status_code == 200 and "Events (5)" in r.text
    r = client.get("/events", params={"type": "Visit", "place": "باريس"})
    text = _text(r.text)
    assert "Events (1)" in text and "Place: باريس" in text
    assert r.text.count('<circle class="place"') == 1  # Paris on the map
    r = client.get("/events", params={"status": "Planned"})
    assert "Events (3)" in _text(r.text)  # two appeals and the meeting (kgbuild query --name events)
    r = client.get("/events", params={"actor": BAHRA, "from": "2025-01-22", "to": "2025-01-22"})
    assert "Events (1)" in _text(r.text)  # his one dated event
    assert client.get("/events", params={"from": "22/01/2025"}).status_code == 400
    assert client.get("/events", params={"type": "Party"}).status_code == 400
    assert client.get("/events", params={"actor": "زززززز"}).status_code == 404


def test_serve_article_page_marks_mentions(client):
    r = client.get(f"/id/{ARTICLE}")
    assert r.status_code == 200
    page = _Page(r.text)
    marks = [(c, t) for c, t in page.marks if c.startswith("mention m-")]
    assert ("mention m-Person", "هادي البحرة") in marks
    assert ("mention m-Organization", "الائتلاف الوطني السوري") in marks
    assert ("mention m-Place", "باريس") in marks
    assert any(c == "mention m-Event" for c, _t in marks)
    # the marks and the text between them give back the article's text
    body = re.search(r'<div class="text" id="article-text".*?>(.*?)</div>', r.text, re.S).group(1)
    assert "وصل رئيس الائتلاف الوطني السوري، هادي البحرة، إلى باريس صباح اليوم" in _text(body)
    text = _text(r.text)
    assert "Posts (6)" in text and "Events (5)" in text
    assert client.get("/id/article/no-such-article").status_code == 404
    # each event row's sources cell: the number of articles stating it, a link to its fact
    cells = re.findall(r'<tr class="ev">.*?</tr>', r.text, re.S)
    assert len(cells) == 5
    for row in cells:
        last = re.findall(r"<td>(.*?)</td>", row, re.S)[-1]
        assert re.fullmatch(r'<a href="/id/article/[^"#]+#fact-[0-9a-f]+">\d+ articles?</a>', last), last
    assert "{&#39;article&#39;" not in r.text and "[{" not in _text(r.text)
    # an event's address leads to its article, at the fact
    ev = re.search(r'id="fact-([0-9a-f]+)"><table', r.text).group(1)
    r = client.get(f"/id/event/{ev}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/id/{ARTICLE}#fact-")


# --------------------------------------------------------------------------- SPARQL protocol

def test_serve_sparql_formats(client):
    q = "SELECT ?l WHERE { <https://w3id.org/kgbuild/id/" + BAHRA + "> rdfs:label ?l }"
    r = client.get("/sparql", params={"query": q})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json()["results"]["bindings"][0]["l"] == {"type": "literal", "value": "هادي البحرة", "xml:lang": "ar"}
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml"})
    assert "<literal xml:lang=\"ar\">هادي البحرة</literal>" in r.text
    r = client.post("/sparql", data={"query": q}, headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(r.text))) == [["l"], ["هادي البحرة"]]
    r = client.post("/sparql", content=q, headers={"Content-Type": "application/sparql-query",
                                                   "Accept": "text/tab-separated-values"})
    assert r.text.splitlines() == ["?l", '"هادي البحرة"@ar']
    c = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }"
    r = client.get("/sparql", params={"query": c}, headers={"Accept": "application/n-triples"})
    assert r.headers["content-type"] == "application/n-triples" and len(r.text.strip().splitlines()) == 6
    r = client.get("/sparql", params={"query": c})  # a graph: Turtle by default
    assert r.headers["content-type"].startswith("text/turtle") and "هادي البحرة" in r.text
    r = client.get("/sparql", params={"query": "ASK { ?s a schema:Person }", "format": "json"})
    assert r.json()["boolean"] is True


def test_serve_sparql_default_graph_is_the_union(client):
    """The default graph is the union of the article graphs, each triple once."""
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    merged = int(client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])
    qd = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    distinct = int(client.get("/sparql", params={"query": qd}).json()["results"]["bindings"][0]["n"]["value"])
    assert merged == distinct > 500
    g = "https://w3id.org/kgbuild/id/graph/qasioun-2025-01-22"
    r = client.get("/sparql", params={"query": q, "default-graph-uri": g})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == merged  # one article: its graph is all


def test_serve_sparql_errors(client):
    r = client.get("/sparql", params={"query": "SELEC ?x"})
    assert r.status_code == 400 and r.text.startswith("error: bad query:")
    r = client.post("/sparql", data={"update": "DROP ALL"})
    assert r.status_code == 403 and "read-only" in r.text
    r = client.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    assert client.get("/sparql").status_code == 400
    assert "<form" in client.get("/sparql", headers={"Accept": "text/html"}).text
    assert client.get("/sparql", params={"query": "ASK {}", "format": "yaml"}).status_code == 400
    r = client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_serve_sparql_time_limit_then_next_answers(client):
    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": SLOW})
    assert r.status_code == 503 and "stopped after 3 s" in r.text
    assert time.monotonic() - t0 < 15
    r = client.get("/sparql", params={"query": "ASK { ?s a schema:Person }"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert client.get(f"/id/{BAHRA}").status_code == 200


def test_serve_sparql_406_and_graph_formats(client):
    """A format of the other kind of answer, or none the server makes, is
    406 (never another format in silence); graphs also come as RDF/XML,
    JSON-LD and N3 (format=xml and json mean those for a graph, as
    SPARQLWrapper sends them)."""
    sel = "SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l }"
    con = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }"
    for params, headers in (({"query": sel, "format": "turtle"}, {}), ({"query": sel, "format": "nt"}, {}),
                            ({"query": con, "format": "csv"}, {}), ({"query": con, "format": "tsv"}, {}),
                            ({"query": con}, {"Accept": "application/x-foo"}),
                            ({"query": con}, {"Accept": "text/html"}),
                            ({"query": sel}, {"Accept": "text/turtle"}),
                            ({"query": "ASK { ?s ?p ?o }"}, {"Accept": "application/rdf+xml"})):
        r = client.get("/sparql", params=params, headers=headers)
        assert r.status_code == 406, (params, headers, r.status_code)
        assert r.text.startswith("error: ") and ("format=" in r.text or "Accept" in r.text)
    r = client.get("/sparql", params={"query": con}, headers={"Accept": "application/rdf+xml"})
    assert r.headers["content-type"] == "application/rdf+xml" and "هادي البحرة" in r.text and "<rdf:RDF" in r.text
    for fmt, media in (("xml", "application/rdf+xml"), ("json", "application/ld+json"), ("json-ld", "application/ld+json"),
                       ("n3", "text/n3")):
        r = client.get("/sparql", params={"query": con, "format": fmt})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), fmt
    r = client.get("/sparql", params={"query": con}, headers={"Accept": "application/ld+json"})
    assert any("هادي البحرة" in json.dumps(n, ensure_ascii=False) for n in r.json())
    # clients that send result types for every query (rdflib's SPARQLStore) get Turtle; wildcards get the defaults
    r = client.get("/sparql", params={"query": con}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = client.get("/sparql", params={"query": sel, "format": "xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    for accept in ("*/*", "text/html,application/xhtml+xml,*/*;q=0.8", None):
        r = client.get("/sparql", params={"query": sel}, headers={"Accept": accept} if accept else {})
        assert r.headers["content-type"].startswith("application/sparql-results+json"), accept


def test_serve_pool_kills_and_replaces(seed_build):
    out, _ = seed_build
    with QueryPool(out / "store", size=1, timeout=1.0) as pool:
        pid = pool.pids()[0]
        with pytest.raises(QueryTimeout):
            pool.run("sparql", query=SLOW)
        assert pool.killed == 1 and pool.pids()[0] != pid
        assert pool.run("overview")["counts"]["Person"] == 6


def test_serve_pool_keeps_a_worker_for_pages(seed_build):
    """Shared jobs (the endpoint's queries) hold at most all workers but
    one: while one runs long, a second waits (and gives up: PoolBusy) and a
    page's job runs at once; a worker started in place of a killed one
    takes jobs once it is ready."""
    import threading

    from kgbuild.serve.pool import PoolBusy

    out, _ = seed_build
    with QueryPool(out / "store", size=2, timeout=4.0) as pool:
        assert pool.shared_slots == 1
        errors = []
        t = threading.Thread(target=lambda: errors.append(pytest.raises(QueryTimeout, pool.run, "sparql", shared=True,
                                                                        query=SLOW)))
        t.start()
        time.sleep(0.5)
        with pytest.raises(PoolBusy):
            pool.run("sparql", 1.0, shared=True, query="ASK { ?s ?p ?o }")
        t0 = time.monotonic()
        assert pool.run("overview", 2.0)["counts"]["Person"] == 6
        assert time.monotonic() - t0 < 1.0
        t.join()
        assert pool.killed == 1 and len(pool.pids()) == 2
        res = pool.run("sparql", shared=True, query="ASK { ?s ?p ?o }")
        assert res["kind"] == "ask"
        Path(res["path"]).unlink()


def test_serve_negotiation():
    assert negotiate("application/sparql-results+xml;q=0.5, text/csv", None) == ("csv", "turtle")
    assert negotiate("*/*", None) == ("json", "turtle")
    assert negotiate("application/n-triples, application/sparql-results+json", None) == ("json", "nt")
    assert negotiate(None, "tsv") == ("tsv", "turtle")
    with pytest.raises(ValueError):
        negotiate(None, "yaml")
    from kgbuild.serve.app import NotAcceptable

    assert negotiate("text/*", None, "select") == ("csv", "turtle")
    assert negotiate("application/rdf+xml", "xml", "construct")[1] == "rdfxml"
    assert negotiate(None, "application/sparql-results+xml", "ask")[0] == "xml"
    with pytest.raises(NotAcceptable):
        negotiate(None, "turtle", "select")
    with pytest.raises(NotAcceptable):
        negotiate("application/x-foo", None, "describe")
    # SPARQLWrapper's format parameters: several, some with commas
    assert negotiate(None, ["json-ld", "application/ld+json,application/x-json+ld"], "construct")[1] == "jsonld"
    assert negotiate(None, [""], "select") == ("json", "turtle")  # the query form's "default"


# --------------------------------------------------------------------------- charts

def test_serve_charts():
    c = day_chart([{"date": "2025-01-01", "type": "Meet", "n": 2}, {"date": "2025-01-03", "type": "Visit", "n": 1},
                   {"date": "2025-01-03", "type": "Meet", "n": 2}])
    assert c["days"] == 3 and c["max"] == 3 and c["total"] == 5 and len(c["bars"]) == 3
    tall = [b for b in c["bars"] if b["date"] == "2025-01-03"]
    assert round(sum(b["h"] for b in tall), 1) == 130.0  # the highest day fills the plot
    m = map_points([{"lat": 48.85, "long": 2.35, "n": 4, "iri": "p"}, {"lat": 33.5, "long": 36.3, "n": 1, "iri": "d"}])
    assert [p["iri"] for p in m["points"]] == ["p", "d"] and m["points"][0]["x"] == 182.35
    x0, y0, w, h = map(float, m["viewbox"].split())
    assert x0 <= 182.35 <= x0 + w and y0 <= 90 - 33.5 <= y0 + h and w == 2 * h
    svg = world_svg()
    assert svg.count("<path") > 150 and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


# --------------------------------------------------------------------------- CLI

def test_serve_cli_usage_errors(tmp_path, seed_build):
    r = CliRunner().invoke(cli, ["serve", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "no kgbuild store here" in r.output
    r = CliRunner().invoke(cli, ["serve", str(tmp_path), "--root-path", "kg/"])
    assert r.exit_code == 2 and "bad --root-path" in r.output
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", str(seed_build[0]), "--port", str(port)])
    assert r.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in r.output


# --------------------------------------------------------------------------- a store holding payloads

def crafted_pages(visit_path: str) -> list[str]:
    """Addresses of every page kind on the crafted store."""
    return ["/", "/search?q=script", "/id/person/evil", "/id/person/evil?hops=2", "/id/article/crafted-1",
            "/events", "/events?actor=person/evil", f"/id/{visit_path}", "/search?q=%3Cscript%3E"]


def test_serve_payloads_escaped_on_every_page(crafted_store):
    store, _art, visit = crafted_store
    with TestClient(create_app(store, query_timeout=10)) as c:
        seen = bidi_seen = 0
        for url in crafted_pages(visit):
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code, r.text[:300])
            page = _Page(r.text)
            # no element came from the data: only the page's own scripts, no svg/img/iframe
            assert all(s.get("src", "").startswith("/static/") or s.get("type") == "application/json"
                       for s in page.scripts), url
            assert not [t for t, _a in page.tags if t in ("img", "iframe", "object", "embed")], url
            assert not any(k.startswith("on") for _t, a in page.tags for k in a), url
            assert not any(v.strip().lower().startswith("javascript:") for _t, a in page.tags for v in a.values()
                           if v), url
            # payloads show as text, the bidi controls inside isolating elements
            text = _text(r.text)
            seen += sum(p in text for p in PAYLOADS[:3])
            assert page.loose_bidi == [], url
            bidi_seen += "\u202e" in r.text
            # embedded JSON parses back to the payloads and holds no "<"
            for js in re.findall(r'<script type="application/json" id="graph-data">(.*?)</script>', r.text, re.S):
                assert "<" not in js and PAYLOADS[0] in json.dumps(json.loads(js), ensure_ascii=False)
        assert seen >= 10 and bidi_seen >= 3
        r = c.get("/id/article/crafted-1")
        assert "link: javascript:alert(5)" in _text(r.text) and 'href="javascript' not in r.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_serve_safe_url():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example", "http:/x", None):
        assert safe_url(bad) == ""


def test_serve_links_carry_the_root_path(seed_build):
    """Behind a proxy at /kg (`--root-path /kg`), every link, form, script
    and stylesheet of every page kind points under /kg."""
    out, _ = seed_build
    with TestClient(create_app(out / "store"), root_path="/kg") as c:
        for url in ("/", "/search?q=البحرة", f"/id/{BAHRA}", "/events", f"/id/{ARTICLE}", "/sparql"):
            r = c.get(url, headers={"Accept": "text/html"})
            assert r.status_code == 200, url
            page = _Page(r.text)
            refs = [a.get(k) for t, a in page.tags for k in ("href", "src", "action") if a.get(k)]
            assert refs and all(x.startswith(("/kg/", "#", "data:", "http")) for x in refs), (url, refs[:5])
        r = c.get(f"/id/event/{'fbd2e4700370'}", follow_redirects=False)
        assert r.headers["location"] == f"/kg/id/{ARTICLE}#fact-fbd2e4700370"


def test_serve_root_path_with_and_without_the_prefix(seed_build):
    """`--root-path /kg`: the pages answer at /kg/… (the address the
    command prints, a proxy passing the prefix on) and at /… (a proxy
    stripping it), their links and redirects under /kg either way."""
    out, _ = seed_build
    with TestClient(create_app(out / "store", root_path="/kg")) as c:
        for url in ("/kg/", "/", "/kg/search?q=البحرة", "/search?q=البحرة", f"/kg/id/{BAHRA}", f"/id/{ARTICLE}",
                    "/kg/events", "/kg/static/app.css", "/kg/healthz"):
            r = c.get(url, headers={"Accept": "text/html"})
            assert r.status_code == 200, url
            if r.headers["content-type"].startswith("text/html"):
                refs = [a.get(k) for t, a in _Page(r.text).tags for k in ("href", "src", "action") if a.get(k)]
                assert refs and all(x.startswith(("/kg/", "#", "data:", "http")) for x in refs), (url, refs[:5])
        r = c.get("/kg/id/event/fbd2e4700370", follow_redirects=False)
        assert r.headers["location"] == f"/kg/id/{ARTICLE}#fact-fbd2e4700370"
        r = c.get("/kg/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.json()["boolean"] is True
        assert c.get("/kgx/").status_code == 404


# --------------------------------------------------------------------------- SPARQL: what is refused

@pytest.fixture()
def trap_server():
    """An HTTP server on 127.0.0.1 that records every request it gets and
    answers with a secret: ``(url, hits)``."""
    import http.server
    import threading

    hits: list[str] = []

    class Trap(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            hits.append(self.path)
            body = b"TRAP-SECRET-PAYLOAD"
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trap)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", hits
    srv.shutdown()
    srv.server_close()


def test_serve_sparql_refuses_federated_queries(client, trap_server):
    """SERVICE would make the server fetch any address for its client (and
    echo the answer): refused with 400 before it runs, in any case, around
    comments, through the form, the query body and the \\u escape; the trap
    server hears nothing."""
    url, hits = trap_server
    queries = [f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
               f"select * where {{ sErViCe SILENT <{url}/x> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ ?s ?p ?o .#c\nSERVICE#c\n<{url}/x> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ BIND(<{url}/x> AS ?u) ?s ?p ?o.SERVICE ?u {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ \\u0053ERVICE <{url}/x> {{ ?s ?p ?o }} }}",
               f'SELECT * WHERE {{ ?s ?p "x" SERVICE <{url}/x> {{ ?s ?p ?o }} }}']
    for q in queries:
        for r in (client.get("/sparql", params={"query": q}),
                  client.post("/sparql", data={"query": q}),
                  client.post("/sparql", content=q, headers={"Content-Type": "application/sparql-query"})):
            assert r.status_code == 400, (q, r.status_code, r.text)
            assert "federated queries (SERVICE) are not served" in r.text and "TRAP" not in r.text
    assert hits == []
    # the word in a string, an IRI, a variable, a prefixed name, a comment, a language tag: a query like any other
    fine = ['SELECT ?service WHERE { ?service rdfs:label "SERVICE <http://x/> {}" }',
            "SELECT * WHERE { ?s <http://example.org/service> ?o } # SERVICE <http://x/>",
            "PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ?o ; schema:service ?x }",
            'ASK { ?s ?p "x"@en-service }']
    for q in fine:
        r = client.get("/sparql", params={"query": q})
        assert r.status_code == 200, (q, r.text)


def test_serve_sparql_failures_are_400_without_raw_errors(client):
    """A query that fails as it runs is the client's error (400, the
    engine's one-line reason); the server never answers 500 with it."""
    r = client.get("/sparql", params={"query": "SELECT (<http://example.org/no-such-function>(1) AS ?x) {}"})
    assert r.status_code == 400 and r.text.startswith("error: the query failed:")
    assert "no-such-function" in r.text and "Traceback" not in r.text
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200  # the worker goes on


def test_serve_sparql_body_limit(client):
    big = "ASK { ?s ?p ?o } #" + "x" * (1024 * 1024)
    r = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "over 1024 KiB" in r.text
    r = client.post("/sparql", data={"query": big})
    assert r.status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b"#" + b"x" * 65536

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    ok = "ASK { ?s ?p ?o } #" + "x" * 200_000
    assert client.post("/sparql", content=ok, headers={"Content-Type": "application/sparql-query"}).status_code == 200


@pytest.mark.parametrize("query, refused", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:8799/x> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://x/> {} }", True),
    ("SELECT * WHERE { FILTER(?a<?b) SERVICE<http://x/>{} }", True),
    ('SELECT * WHERE { ?s ?p """a\nSERVICE <x> {}""" }', False),
    ("SELECT * WHERE { ?s ?p 'it''s' . ?s ?p ?o }", False),
    ("SELECT * WHERE { _:service ?p ?o FILTER(?o < 3 && ?o > <http://x/service>) }", False),
    ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:my-service $service }", False),
    ('SELECT * WHERE { ?s ?p "a\\"SERVICE" }', False),
    ('SELECT * WHERE { ?s ?p "\\u0022" SERVICE <http://x/> {} }', True),
])
def test_serve_guard_finds_the_keyword(query, refused):
    from kgbuild.serve.guard import RefusedQuery, check_query

    if refused:
        with pytest.raises(RefusedQuery):
            check_query(query)
    else:
        assert check_query(query) == "select"


def test_serve_guard_query_form_and_speed():
    from kgbuild.serve.guard import check_query

    assert check_query("PREFIX ex: <http://e/select> # ASK\nCONSTRUCT { ?s ?p ?o } WHERE { { SELECT * {} } }") == "construct"
    assert check_query("describe <http://x>") == "describe"
    assert check_query("ASK {}") == "ask" and check_query("SELEC ?x") is None
    t0 = time.monotonic()
    check_query("SELECT * WHERE { " + "?s ex:a.b.c ?o . " * 60_000 + "}")  # a query of 1 MB
    assert time.monotonic() - t0 < 3


# --------------------------------------------------------------------------- merged IRIs

@pytest.fixture(scope="module")
def dev_client(serve_store):
    with TestClient(create_app(serve_store, query_timeout=20)) as c:
        yield c


def _actor_rows(store, name: str, actor: str) -> list[dict]:
    r = CliRunner().invoke(cli, ["query", str(store), "--name", "actor", "--param", f"name={name}", "--format", "csv"])
    assert r.exit_code == 0, r.output
    return [row for row in csv.DictReader(io.StringIO(r.stdout)) if row["actor"] == actor]


def test_serve_merged_iris_are_one_entity(serve_store, dev_client):
    """IRIs the store's resolution pass merged (owl:sameAs in the resolution
    graph) are one entity, as for the actor saved query: the merged IRI's
    page leads to the kept one, which lists the posts, events and articles
    of both (the same numbers as `kgbuild query --name actor`); search,
    the front page's counts and the article pages name the kept IRI only."""
    from kgbuild.serve import data

    from collections import defaultdict
    from types import SimpleNamespace

    v = data.StoreView.open(serve_store)
    base = data.BASE
    into = {r["a"]: r["t"] for r in data._q(v.store, f"SELECT ?a ?t WHERE {{ GRAPH <{base}graph/resolution> "
                                                     "{ ?a owl:sameAs ?t } }")}
    nodes = defaultdict(list)
    for a, t in into.items():
        nodes[t].append(a)
    merges = SimpleNamespace(into=into, nodes=nodes)
    assert len(merges.into) >= 4 and not set(into.values()) & set(into), "the dev sets' store has merged persons"
    persons = int(next(iter(v.store.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }",
                                          prefixes=data.PREFIX_MAP)))[0].value)
    merged_persons = sum(data.kinds(v, [a])[a] == "Person" for a in merges.into)
    assert f"{persons - merged_persons} persons" in dev_client.get("/").text
    compared = 0
    for target, aliases in sorted(merges.nodes.items()):
        tpath = target[len(base):]
        for a in aliases:
            r = dev_client.get(f"/id/{a[len(base):]}", params={"hops": "2"}, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"] == f"/id/{tpath}?hops=2"
        r = dev_client.get(f"/id/{tpath}")
        assert r.status_code == 200
        text = _text(r.text)
        for a in aliases:
            assert a[len(base):] in text  # "Also recorded as …"
        g = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', r.text, re.S).group(1))
        assert not {n["id"] for n in g["nodes"]} & set(aliases)
        if data.kinds(v, [target])[target] not in ("Person", "Organization", "Place"):
            continue  # a membership stated by two articles: one node, its aliases redirect (above)
        name = data.labels(v, [target])[target]["label"]
        rows = _actor_rows(serve_store, name, target)
        posts = len([x for x in rows if x["fact"] == "post"])
        events = len([x for x in rows if x["fact"] == "event"])
        articles = len({x["articles"] for x in rows if x["fact"] == "source"})
        assert f"Events ({events})" in text, (tpath, events)
        if data.kinds(v, [target])[target] == "Person":  # an organisation's page lists its members instead
            assert f"Posts ({posts})" in text, (tpath, posts)
        assert re.search(rf"Named in {articles} articles?", text), (tpath, articles)
        compared += posts + events
        hits = dev_client.get("/search", params={"q": name}).text
        assert f'href="/id/{tpath}"' in hits and not any(f'href="/id/{a[len(base):]}"' in hits for a in aliases)
    assert compared > 10
    # no page links to a merged IRI: articles name the kept one
    arts = {r["g"].replace("/graph/", "/article/") for r in data._q(
        v.store, f"SELECT DISTINCT ?g WHERE {{ {data._values('e', merges.into)} GRAPH ?g {{ ?e a ?c }} }}")}
    for art in sorted(arts)[:6]:
        page = dev_client.get(f"/id/{art[len(base):]}").text
        assert not any(f'href="/id/{a[len(base):]}"' in page for a in merges.into)


# --------------------------------------------------------------------------- the events view's filters

@pytest.fixture(scope="module")
def two_oman_store(tmp_path_factory):
    """A store written by hand: عمان is both Oman (country/OM, three
    articles, one event) and Amman (place/geonames-250441, one article,
    two events, in Jordan); one person takes part in all three events."""
    from kgbuild.store import ArticleStore

    i = "https://w3id.org/kgbuild/id/"
    sch, kgb, sem = "http://schema.org/", "https://w3id.org/kgbuild/ontology#", "http://semanticweb.cs.vu.nl/2009/11/sem/"
    rdf, rdfs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label"
    oman = [f'<{i}country/OM> <{rdf}> <{sch}Place> .', f'<{i}country/OM> <{rdf}> <{sch}Country> .',
            f'<{i}country/OM> <{rdfs}> "عُمان"@ar .', f'<{i}country/OM> <{rdfs}> "Oman"@en .',
            f'<{i}country/OM> <{kgb}searchKey> "عمان" .', f'<{i}country/OM> <{kgb}searchKey> "oman" .']
    amman = [f'<{i}place/geonames-250441> <{rdf}> <{sch}Place> .', f'<{i}place/geonames-250441> <{rdfs}> "عمان"@ar .',
             f'<{i}place/geonames-250441> <{kgb}searchKey> "عمان" .', f'<{i}place/geonames-250441> <{kgb}iso2> "JO" .']
    who = [f'<{i}person/x> <{rdf}> <{sch}Person> .', f'<{i}person/x> <{rdfs}> "سعيد الأحمد"@ar .',
           f'<{i}person/x> <{kgb}searchKey> "سعيد احمد" .']

    def article(aid, date, body, events):
        a = f"<{i}article/{aid}>"
        lines = [f"{a} <{rdf}> <{sch}NewsArticle> .", f'{a} <{sch}identifier> "{aid}" .',
                 f'{a} <{sch}datePublished> "{date}"^^<http://www.w3.org/2001/XMLSchema#date> .', *body, *who]
        for ev, place in events:
            e = f"<{i}event/{ev}>"
            lines += [f"{e} <{rdf}> <{sem}Event> .", f"{e} <{rdf}> <{kgb}Visit> .", f"{e} <{kgb}status> <{kgb}Occurred> .",
                      f'{e} <{sem}hasTimeStamp> "{date}"^^<http://www.w3.org/2001/XMLSchema#date> .',
                      f"{e} <{sem}hasPlace> <{i}{place}> .", f"{e} <{sem}hasActor> <{i}person/x> .",
                      f"{e} <http://www.w3.org/ns/prov#wasDerivedFrom> {a} ."]
        return f"{i}graph/{aid}", "\n".join(lines) + "\n"

    folder = tmp_path_factory.mktemp("two-omans") / "store"
    with ArticleStore(folder) as st:
        st.replace([article("om1", "2015-01-01", oman, [("e1", "country/OM")]), article("om2", "2015-01-02", oman, []),
                    article("om3", "2015-01-03", oman, []),
                    article("am1", "2015-01-04", amman, [("e2", "place/geonames-250441"), ("e3", "place/geonames-250441")])])
    return folder


def test_serve_events_ambiguous_place_offers_the_candidates(two_oman_store):
    with TestClient(create_app(two_oman_store, query_timeout=10)) as c:
        r = c.get("/events", params={"place": "عمان"})
        assert r.status_code == 200
        note = _text(re.search(r'<p class="note ambiguous" id="ambiguous-place">.*?</p>', r.text, re.S).group(0))
        assert "«عمان» may name 2 places" in note
        assert "place/geonames-250441 (2 events)" in note and "country/OM (1 event)" in note
        assert "Events (2)" in _text(r.text)  # the place with most events is shown: Amman
        assert 'href="/events?place=country%2FOM"' in r.text  # the other, one click away
        for place, n in (("country/OM", 1), ("place/geonames-250441", 2), ("Oman", 1)):
            r = c.get("/events", params={"place": place})
            assert f"Events ({n})" in _text(r.text) and "ambiguous" not in r.text, place
        r = c.get("/events", params={"place": "Amman"})  # the store has no English label for Amman
        assert r.status_code == 404 and "no place matches" in r.text


def test_serve_events_pasted_addresses_and_date_range(two_oman_store):
    with TestClient(create_app(two_oman_store, query_timeout=10)) as c:
        for actor in ("person/x", "/id/person/x", "http://127.0.0.1:8000/id/person/x?hops=2#graph",
                      "http://127.0.0.1:8000/kg/id/person/x", "https://w3id.org/kgbuild/id/person/x", "سعيد الاحمد"):
            r = c.get("/events", params={"actor": actor})
            assert r.status_code == 200 and "Events (3)" in _text(r.text), actor
        r = c.get("/events", params={"place": "/id/place/geonames-250441"})
        assert "Events (2)" in _text(r.text)
        r = c.get("/events", params={"from": "2015-01-04", "to": "2015-01-01"})
        assert r.status_code == 400 and "runs backwards" in r.text
        r = c.get("/events", params={"from": "2015-01-01", "to": "2015-01-01"})
        assert "Events (1)" in _text(r.text)


def test_serve_sparql_refuses_deep_nesting_and_updates(client):
    """A query nesting thousands of groups crashed pyoxigraph's parser (and
    with it a query worker, found by a fresh-user test): refused with 400
    before it runs, while ordinary nesting runs. An update sent as a query
    (``query=INSERT DATA …``, ``LOAD``) is 403 like ``update=``; two
    ``query`` parameters are 400."""
    from kgbuild.serve.guard import MAX_DEPTH

    deep = "SELECT * WHERE " + "{" * 4000 + "}" * 4000
    r = client.post("/sparql", data={"query": deep})
    assert r.status_code == 400 and "nests groups 4000 deep" in r.text
    ok = "SELECT * WHERE " + "{" * 10 + " ?s ?p ?o " + "}" * 10 + " LIMIT 1"
    assert client.get("/sparql", params={"query": ok}).status_code == 200
    # braces inside strings do not count
    s = 'ASK { ?s ?p "' + "{" * (MAX_DEPTH + 5) + '" }'
    assert client.get("/sparql", params={"query": s}).status_code == 200
    for q in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "PREFIX ex: <http://e/> DELETE WHERE { ?s ex:p ?o }",
              "LOAD <http://example.org/x>", "drop all"):
        r = client.get("/sparql", params={"query": q})
        assert r.status_code == 403 and "read-only" in r.text, (q, r.text)
    r = client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert r.status_code == 400 and "give exactly one" in r.text


def test_serve_sparql_form_shows_the_answer(client):
    """The query page's form sends view=text: the answer is shown as plain
    text in the documented default format (JSON for SELECT, Turtle for
    CONSTRUCT) whatever the browser's Accept header prefers."""
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.post("/sparql", data={"query": "SELECT ?p WHERE { ?p a schema:Person } LIMIT 2", "view": "text",
                                     "format": ""}, headers={"Accept": browser})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert '"bindings"' in r.text
    r = client.post("/sparql", data={"query": "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person } LIMIT 2",
                                     "view": "text", "format": ""}, headers={"Accept": browser})
    assert r.status_code == 200 and "schema.org" in r.text
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    assert 'name="view" value="text"' in page and 'name="page_form"' in page
    # unticked: saved as a file in the documented default (JSON for SELECT), named with its extension
    r = client.post("/sparql", data={"query": "SELECT ?p WHERE { ?p a schema:Person } LIMIT 2", "format": "",
                                     "page_form": "1"}, headers={"Accept": browser})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.headers["content-disposition"] == 'attachment; filename="answer.json"'
    # a query in the body and one in the URL: 400; the article of ASK in the 406 message
    r = client.post("/sparql?query=ASK%20%7B%7D", content="ASK {}",
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "give exactly one" in r.text
    r = client.get("/sparql", params={"query": "ASK {}", "format": "turtle"})
    assert r.status_code == 406 and "an ASK query" in r.text


def test_serve_names_carry_their_language():
    """An entity's heading names its labels' languages: an English-only
    name is lang="en" (it was marked Arabic), both labels each their own,
    a label of no known language none."""
    import jinja2

    import kgbuild.serve

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(kgbuild.serve.__file__).parent / "templates"),
                             autoescape=True)
    both = env.from_string('{% from "_macros.html" import both %}{{ both(x) }}')
    assert both.render(x={"label": "Li Peng", "en": "Li Peng"}) == '<bdi dir="auto" lang="en">Li Peng</bdi>'
    two = both.render(x={"label": "هادي البحرة", "ar": "هادي البحرة", "en": "Hadi al-Bahra"})
    assert two == '<bdi dir="auto" lang="ar">هادي البحرة</bdi> · <bdi dir="auto" lang="en">Hadi al-Bahra</bdi>'
    assert both.render(x={"label": "X<script>"}) == '<bdi dir="auto">X&lt;script&gt;</bdi>'
