"""Stats: what a kgbuild graph holds, at a glance. Reads RDF only (a
``Graph`` or ``Dataset``, e.g. from :func:`kgbuild.query.load_graph`).

Four tables, each computed by one SPARQL ``GROUP BY`` query (so that a
compiled SPARQL engine behind the graph does the counting):

- counts by class (``rdf:type``), e.g. ``schema:Person 6``;
- top actors by degree: the number of events an actor takes part in
  (``sem:hasActor``, which includes hosts and recipients);
- events per day (``sem:hasTimeStamp``; events without a date are counted
  under ``""``);
- articles per source (``schema:publisher``; ``""`` when unknown).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from rdflib import Graph
from rdflib.namespace import RDFS

from kgbuild.rdf import PREFIXES

_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX schema: <http://schema.org/>
"""

_CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
_ACTORS = _PREFIXES + """SELECT ?actor (COUNT(DISTINCT ?event) AS ?n) WHERE {
  ?event a sem:Event ; sem:hasActor ?actor } GROUP BY ?actor"""
_DAYS = _PREFIXES + """SELECT ?day (COUNT(DISTINCT ?event) AS ?n) WHERE {
  ?event a sem:Event . OPTIONAL { ?event sem:hasTimeStamp ?date }
  BIND(COALESCE(STR(?date), "") AS ?day) } GROUP BY ?day"""
_SOURCES = _PREFIXES + """SELECT ?source (COUNT(DISTINCT ?article) AS ?n) WHERE {
  ?article a schema:NewsArticle . OPTIONAL { ?article schema:publisher ?pub }
  BIND(COALESCE(STR(?pub), "") AS ?source) } GROUP BY ?source"""


@dataclass
class GraphStats:
    """What :func:`compute_stats` returns. Lists of ``(name, count)`` pairs,
    largest count first (ties by name); ``top_actors`` entries are
    ``(label, iri, events)``; ``events_per_day`` is in date order."""

    triples: int = 0
    classes: list[tuple[str, int]] = field(default_factory=list)
    top_actors: list[tuple[str, str, int]] = field(default_factory=list)
    events_per_day: list[tuple[str, int]] = field(default_factory=list)
    articles_per_source: list[tuple[str, int]] = field(default_factory=list)


def _curie(iri: str) -> str:
    for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if iri.startswith(str(ns)):
            return f"{p}:{iri[len(str(ns)):]}"
    for p, ns in (("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                  ("rdfs", "http://www.w3.org/2000/01/rdf-schema#")):
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def _label(g: Graph, node) -> str:
    labels = {}
    for lit in g.objects(node, RDFS.label):
        labels.setdefault(getattr(lit, "language", None) or "", str(lit))
    for lang in ("ar", "en", ""):
        if lang in labels:
            return labels[lang]
    return next(iter(sorted(labels.values())), str(node))


def compute_stats(g: Graph, top: int = 10) -> GraphStats:
    """Counts of ``g``: see the module docstring. ``top``: how many actors."""
    st = GraphStats(triples=len(g))
    st.classes = sorted(((_curie(str(c)), int(n)) for c, n in g.query(_CLASSES)),
                        key=lambda x: (-x[1], x[0]))
    actors = sorted(((_label(g, a), str(a), int(n)) for a, n in g.query(_ACTORS)),
                    key=lambda x: (-x[2], x[0], x[1]))
    st.top_actors = actors[:top]
    st.events_per_day = sorted(((str(d), int(n)) for d, n in g.query(_DAYS)),
                               key=lambda x: (x[0] == "", x[0]))
    st.articles_per_source = sorted(((str(s), int(n)) for s, n in g.query(_SOURCES)),
                                    key=lambda x: (-x[1], x[0]))
    return st


def _table(title: str, rows: list[tuple]) -> list[str]:
    out = [title]
    if not rows:
        return out + ["  (none)"]
    width = max(len(str(r[0])) for r in rows)
    out += [f"  {str(r[0]).ljust(width)}  {r[-1]}" for r in rows]
    return out


def format_stats(st: GraphStats, fmt: str = "text") -> str:
    """``text``: four titled tables for a terminal; ``json``: one object with
    keys ``triples``, ``classes``, ``top_actors``, ``events_per_day``,
    ``articles_per_source`` (lists of objects). Raises ValueError for
    another format."""
    if fmt == "json":
        d = asdict(st)
        doc = {
            "triples": d["triples"],
            "classes": [{"class": c, "count": n} for c, n in st.classes],
            "top_actors": [{"actor": lab, "iri": iri, "events": n} for lab, iri, n in st.top_actors],
            "events_per_day": [{"date": day, "events": n} for day, n in st.events_per_day],
            "articles_per_source": [{"source": s, "articles": n} for s, n in st.articles_per_source],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown stats format {fmt!r}: use text or json")
    out = [f"triples: {st.triples}", ""]
    out += _table("classes:", st.classes) + [""]
    out += _table("top actors (events taken part in):", [(lab, n) for lab, _iri, n in st.top_actors]) + [""]
    out += _table("events per day:", [(d or "(no date)", n) for d, n in st.events_per_day]) + [""]
    out += _table("articles per source:", [(s or "(unknown)", n) for s, n in st.articles_per_source])
    return "\n".join(out) + "\n"
