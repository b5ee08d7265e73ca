"""`kgbuild stats` (kgbuild/stats.py) on the seed."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from typer.testing import CliRunner

from kgbuild.cli import app
from kgbuild.query import load_graph
from kgbuild.rdf import SCHEMA, SEM
from kgbuild.stats import compute_stats, format_stats


@pytest.fixture(scope="module")
def seed_stats(seed_build):
    out, _ = seed_build
    return compute_stats(load_graph(out / "graph.trig"))


def test_stats_counts_by_class(seed_stats):
    classes = dict(seed_stats.classes)
    assert classes["sem:Event"] >= 5 and classes["org:Membership"] == 6 and classes["schema:Person"] == 6
    assert classes["schema:NewsArticle"] == 1 and classes["kgb:Visit"] == 1
    counts = [n for _c, n in seed_stats.classes]
    assert counts == sorted(counts, reverse=True)
    assert seed_stats.triples > 500


SIX = {"هادي البحرة", "عبد المجيد بركات", "ديما موسى", "عبد الأحد أستيفو", "زهير محمد", "نور الدين لبد"}


def test_stats_top_actors(seed_stats):
    top = seed_stats.top_actors
    assert 6 <= len(top) <= 10
    # the delegation's six members take part in the most events; the president in as many as any
    assert {label for label, _iri, _n in top[:6]} == SIX
    degree = {label: n for label, _iri, n in top}
    assert degree["هادي البحرة"] == top[0][2] >= 3
    assert all(iri.startswith("https://w3id.org/kgbuild/id/") for _l, iri, _n in top)
    assert [n for *_x, n in top] == sorted((n for *_x, n in top), reverse=True)


def test_stats_events_per_day_and_sources(seed_stats):
    days = dict(seed_stats.events_per_day)
    assert days.get("2025-01-22", 0) >= 1
    assert sum(days.values()) == dict(seed_stats.classes)["sem:Event"]
    assert seed_stats.articles_per_source == [("وكالة قاسيون للأنباء", 1)]


def test_stats_small_graph():
    g = Graph()
    ex = "https://w3id.org/kgbuild/id/"
    a, b = URIRef(ex + "org/a"), URIRef(ex + "org/b")
    g.add((a, RDFS.label, Literal("A", lang="en")))
    for i, (day, actors) in enumerate([("2024-01-02", [a, b]), ("2024-01-02", [a]), (None, [a])]):
        ev = URIRef(f"{ex}event/{i}")
        g.add((ev, RDF.type, SEM.Event))
        if day:
            g.add((ev, SEM.hasTimeStamp, Literal(day, datatype=XSD.date)))
        for x in actors:
            g.add((ev, SEM.hasActor, x))
    for i, src in enumerate(["S1", "S1", None]):
        art = URIRef(f"{ex}article/{i}")
        g.add((art, RDF.type, SCHEMA.NewsArticle))
        if src:
            g.add((art, SCHEMA.publisher, Literal(src)))
    st = compute_stats(g, top=1)
    assert st.top_actors == [("A", str(a), 3)]
    assert st.events_per_day == [("2024-01-02", 2), ("", 1)]
    assert st.articles_per_source == [("S1", 2), ("", 1)]
    assert ("sem:Event", 3) in st.classes
    text = format_stats(st)
    assert "(no date)" in text and "(unknown)" in text


def test_stats_cli(seed_build):
    out, _ = seed_build
    res = CliRunner().invoke(app, ["stats", str(out / "graph.ttl")])
    assert res.exit_code == 0, res.output
    for title in ("classes:", "top actors", "events per day:", "articles per source:"):
        assert title in res.output
    res = CliRunner().invoke(app, ["stats", str(out / "graph.ttl"), "--format", "json", "--top", "3"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert len(doc["top_actors"]) == 3 and {a["actor"] for a in doc["top_actors"]} <= SIX
    assert {"class": "org:Membership", "count": 6} in doc["classes"]
    res = CliRunner().invoke(app, ["stats", str(out / "graph.ttl"), "--format", "xml"])
    assert res.exit_code == 2
