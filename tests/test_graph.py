"""Graph stage without a browser: the actor graph of the seed, collapsing
events, focus, GraphML/GEXF export, the page's offline and escaping
guarantees, and the `kgbuild render` command."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from typer.testing import CliRunner

from kgbuild.cli import app
from kgbuild.graph import (actor_graph, collapse_events_graph, export, find_nodes, met_edges, neighbourhood,
                           page_data, render_html)
from kgbuild.rdf import SCHEMA, SEM

SIX = {"هادي البحرة", "عبد المجيد بركات", "ديما موسى", "عبد الأحد أستيفو", "زهير محمد", "نور الدين لبد"}
COALITION = "الائتلاف الوطني السوري"


@pytest.fixture(scope="module")
def seed_graph(seed_build):
    out, _ = seed_build
    return Graph().parse(out / "graph.ttl")


@pytest.fixture(scope="module")
def G(seed_graph):
    return actor_graph(seed_graph)


def _by_label(G, label):
    (n,) = [n for n, d in G.nodes(data=True) if d["label"].split("\n")[0] == label]
    return n


def _events(G, etype):
    return [n for n, d in G.nodes(data=True) if d.get("event_type") == etype]


def test_graph_seed_nodes_by_kind(G):
    kinds = {}
    for _n, d in G.nodes(data=True):
        kinds.setdefault(d["kind"], set()).add(d["label"].split("\n")[0])
    assert SIX <= kinds["Person"]
    assert {COALITION, "وزارة الخارجية الفرنسية", "دائرة العلاقات الخارجية"} <= kinds["Organization"]
    assert "باريس" in kinds["Place"]
    count = __import__("collections").Counter(d["kind"] for _n, d in G.nodes(data=True))
    assert count["Event"] == 5 and count["Delegation"] == 1 and count["Person"] == 6


def test_graph_seed_edge_labels(G):
    coalition = _by_label(G, COALITION)
    roles = {G.nodes[u]["label"]: d["label"] for u, v, d in G.in_edges(coalition, data=True) if d["kind"] == "membership"}
    assert roles["هادي البحرة"] == "رئيس / president"
    assert roles["ديما موسى"] == "نائب الرئيس / vice president"
    (visit,) = _events(G, "Visit")
    actors = {G.nodes[u]["label"] for u, _v, d in G.in_edges(visit, data=True) if d["label"] == "actor"}
    assert actors == SIX
    places = {G.nodes[v]["label"] for _u, v, d in G.out_edges(visit, data=True) if d["label"] == "place"}
    assert places == {"باريس"}
    (meet,) = _events(G, "Meet")
    assert G.nodes[meet]["status"] == "Planned" and "planned" in G.nodes[meet]["label"]
    assert "وزارة الخارجية الفرنسية" in {G.nodes[u]["label"] for u, _v, _d in G.in_edges(meet, data=True)}
    recipients = {G.nodes[v]["label"].split("\n")[0] for e in _events(G, "Appeal")
                  for _u, v, d in G.out_edges(e, data=True) if d["label"] == "recipient"}
    assert recipients == {"فرنسا", "الحكومة الفرنسية"}


def test_graph_seed_bilingual_labels(G):
    lebanon = G.nodes["https://w3id.org/kgbuild/id/country/LB"]
    assert lebanon["label"] == "لبنان\nLebanon"
    assert ("Lebanon", "en") in lebanon["labels"] and ("اللبنانية", "ar") in lebanon["alt_labels"]
    assert "\n" not in G.nodes[_by_label(G, "هادي البحرة")]["label"]


def test_graph_seed_provenance(G):
    (visit,) = _events(G, "Visit")
    sent, lang, anchor, art = G.nodes[visit]["prov"][0]
    assert lang == "ar" and anchor in sent
    assert any("هادي البحرة، إلى باريس" in p[0] for p in G.nodes[visit]["prov"])
    a = G.graph["articles"][art]
    assert a["title"].startswith("وفد من الائتلاف الوطني يصل إلى فرنسا")
    assert a["publisher"] == "وكالة قاسيون للأنباء" and a["date"] == "2025-01-22"
    bahra = _by_label(G, "هادي البحرة")
    (mb,) = [d for _u, _v, d in G.out_edges(bahra, data=True) if d["kind"] == "membership"]
    assert mb["prov"] and "رئيس الائتلاف الوطني السوري، هادي البحرة" in mb["prov"][0][0]


def test_graph_collapse_events_met_edges(G):
    C = collapse_events_graph(G)
    assert not [n for n, d in C.nodes(data=True) if d["kind"] == "Event"]
    met = [(C.nodes[u]["label"], C.nodes[v]["label"], d) for u, v, d in C.edges(data=True) if d["kind"] == "met"]
    pairs = {frozenset((a, b)) for a, b, _d in met}
    assert all(frozenset((a, b)) in pairs for a in SIX for b in SIX if a != b)
    assert frozenset(("هادي البحرة", "وزارة الخارجية الفرنسية")) in pairs
    bahra_barakat = [d for a, b, d in met if {a, b} == {"هادي البحرة", "عبد المجيد بركات"}]
    assert len(bahra_barakat) == 1 and bahra_barakat[0]["label"] == "met"
    assert set(bahra_barakat[0]["event_types"]) == {"Visit", "Meet", "Appeal"}
    assert len(met) == len(met_edges(G))
    assert C.number_of_nodes() == G.number_of_nodes() - 5


def test_graph_find_nodes_any_label(G):
    bahra = _by_label(G, "هادي البحرة")
    assert find_nodes(G, "البحرة") == [bahra]
    assert find_nodes(G, "هادى البحره") == [bahra]  # normalised: ى/ي, ة/ه
    assert find_nodes(G, "Lebanon") == ["https://w3id.org/kgbuild/id/country/LB"]
    assert find_nodes(G, "اللبنانية")[0] == "https://w3id.org/kgbuild/id/country/LB"  # skos:altLabel
    assert find_nodes(G, "nobody at all") == []


def test_graph_neighbourhood_counts_events_as_half_steps(G):
    bahra = _by_label(G, "هادي البحرة")
    assert set(neighbourhood(G, [bahra], 0)) == {bahra}
    one = neighbourhood(G, [bahra], 1)
    labels = {d["label"].split("\n")[0] for _n, d in one.nodes(data=True)}
    assert SIX | {COALITION, "باريس", "وزارة الخارجية الفرنسية"} <= labels
    # a node three edges away or more (at best: actor, event, actor, then one more edge) is outside it, and so
    # is one two edges away through no event (a full step, then another)
    U = G.to_undirected(as_view=True)
    hops = nx.single_source_shortest_path_length(U, bahra)
    far = {G.nodes[n]["label"].split("\n")[0] for n, h in hops.items()
           if h >= 3 or (h == 2 and not any(G.nodes[m].get("kind") == "Event"
                                             for m in set(U[bahra]) & set(U[n])))}
    assert far and not (far & labels), far & labels
    assert one.graph["focus"] == [bahra]
    with pytest.raises(ValueError):
        neighbourhood(G, [bahra], -1)


def test_graph_export_graphml_and_gexf(G):
    ml = nx.read_graphml(__import__("io").BytesIO(export(G, "graphml").encode("utf-8")))
    assert ml.number_of_nodes() == G.number_of_nodes() and ml.number_of_edges() == G.number_of_edges()
    bahra = _by_label(G, "هادي البحرة")
    assert ml.nodes[bahra]["label"] == "هادي البحرة" and ml.nodes[bahra]["kind"] == "Person"
    gx = nx.read_gexf(__import__("io").BytesIO(export(collapse_events_graph(G), "gexf").encode("utf-8")))
    assert gx.number_of_nodes() == G.number_of_nodes() - 5
    with pytest.raises(ValueError):
        export(G, "dot")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_graph_page_is_self_contained(seed_graph):
    page = render_html(seed_graph)
    assert page.startswith("<!DOCTYPE html>")
    head = page[:600]
    assert '<meta charset="utf-8">' in head and "Content-Security-Policy" in head
    p = _Tags()
    p.feed(page)
    for tag, attrs in p.tags:
        for a in ("src", "href", "action", "data", "poster"):
            assert not attrs.get(a) or attrs[a].startswith("data:"), (tag, attrs)
    assert not re.search(r"bootstrap|cdnjs|jsdelivr|unpkg", page, re.I)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert len([t for t, _a in p.tags if t == "script"]) == 3


def _crafted_graph():
    g = Graph()
    art = URIRef("https://w3id.org/kgbuild/id/article/x")
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, SCHEMA.headline, Literal("</script><script>alert(1)</script>", lang="en")))
    g.add((art, SCHEMA.url, Literal("javascript:alert(2)")))
    p = URIRef("https://w3id.org/kgbuild/id/person/x")
    g.add((p, RDF.type, SCHEMA.Person))
    g.add((p, RDFS.label, Literal("<img src=x onerror=alert(3)>", lang="en")))
    g.add((p, SKOS.altLabel, Literal("<!-- \u2028 & ' \"", lang="en")))
    ev = URIRef("https://w3id.org/kgbuild/id/event/x")
    g.add((ev, RDF.type, SEM.Event))
    g.add((ev, SEM.hasActor, p))
    g.add((ev, PROV.wasDerivedFrom, art))
    return g


def test_graph_page_data_cannot_close_its_script():
    page = render_html(_crafted_graph())
    block = re.search(r'<script type="application/json" id="kgb-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "\u2028" not in block
    data = json.loads(block)
    labels = [n["label"] for n in data["nodes"]]
    assert "<img src=x onerror=alert(3)>" in labels
    assert data["articles"][0]["title"] == "</script><script>alert(1)</script>"
    assert "<img src=x" not in page and "<script>alert" not in page


def test_graph_page_data_both_modes(G):
    data = page_data(G)
    modes = {e["m"] for e in data["edges"]}
    assert modes == {"b", "e", "c"}
    assert sum(1 for e in data["edges"] if e["m"] == "c") == len(met_edges(G))
    assert data["isolated"] == sum(1 for n in G if G.degree(n) == 0)
    assert [k["k"] for k in data["kinds"]] == ["Person", "Organization", "Delegation", "Place", "Event"]


def test_graph_cli_render_formats_and_errors(seed_build, tmp_path):
    out, _ = seed_build
    ttl = str(out / "graph.ttl")
    r = CliRunner().invoke(app, ["render", ttl, "--format", "graphml", "-o", str(tmp_path / "g.graphml")])
    assert r.exit_code == 0, r.output
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == actor_graph(Graph().parse(ttl)).number_of_nodes()
    r = CliRunner().invoke(app, ["render", ttl, "--format", "gexf", "--collapse-events", "-o", str(tmp_path / "g.gexf")])
    assert r.exit_code == 0, r.output
    assert all(d["kind"] != "Event" for _n, d in nx.read_gexf(tmp_path / "g.gexf").nodes(data=True))
    r = CliRunner().invoke(app, ["render", ttl, "--focus", "البحرة", "--depth", "0", "--format", "graphml",
                                 "-o", str(tmp_path / "f.graphml")])
    assert r.exit_code == 0, r.output
    assert nx.read_graphml(tmp_path / "f.graphml").number_of_nodes() == 1
    r = CliRunner().invoke(app, ["render", ttl, "--focus", "nobody", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "nobody" in r.output
    r = CliRunner().invoke(app, ["render", ttl, "--format", "dot"])
    assert r.exit_code == 2 and "unknown format" in r.output
    r = CliRunner().invoke(app, ["render", ttl, "--collapse-events", "--focus", "ديما موسى", "--depth", "2",
                                 "-o", str(tmp_path / "d.html")])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kgb-data">(.*?)</script>', page, re.S).group(1))
    assert data["collapse"] is True and "ديما موسى (depth 2)" in data["title"]
    assert [n["label"] for n in data["nodes"] if n.get("focus")] == ["ديما موسى"]


def test_graph_cli_writes_utf8_under_c_locale(seed_build, tmp_path):
    out, _ = seed_build
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENCODING"))}
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0")
    target = tmp_path / "c.html"
    res = subprocess.run([sys.executable, "-m", "kgbuild", "render", str(out / "graph.ttl"), "-o", str(target)],
                         env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "هادي البحرة" in target.read_bytes().decode("utf-8")
