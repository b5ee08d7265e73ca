"""What each page of ``kgbuild serve`` shows, read from the store: plain
functions ``fn(store, **kwargs) -> dict`` run in a query worker
(:mod:`kgbuild.serve.pool`) against a read-only ``pyoxigraph.Store`` whose
default graph is the merged graph of all articles (:mod:`kgbuild.store`).

Every function asks the store only for what one page shows (lists are
capped, counts are SPARQL aggregates), so a page costs the same on a store
of a hundred articles or of a hundred thousand. Values pasted into SPARQL
text go through :func:`_lit` / :func:`_iri` (pyoxigraph's own N-Triples
forms, which escape quotes and reject bad IRIs), never raw.

Results are plain data (dicts, lists, strings, ints) for the HTML templates;
nothing here escapes HTML (the templates do, see :mod:`kgbuild.serve.app`).
Entities are named by ``path``: their IRI less ``https://w3id.org/kgbuild/id/``
(``person/hady-bhrh-8573671a``), the address of their page.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict

import pyoxigraph as ox

from kgbuild.graph import EVENT_TYPES
from kgbuild.rdf import ID, PREFIXES
from kgbuild.text import name_key, normalize

BASE = str(ID)
#: The prefixes every query here (and /sparql) may use without PREFIX lines.
PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()} | {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
STATUSES = ("Occurred", "Planned", "Possible", "Negated")
KINDS = ("Person", "Organization", "Place")
#: Caps of what one page lists.
SEARCH_LIMIT = 30
EVENTS_PER_PAGE = 50
ENTITY_EVENTS = 200
FACTS_PER_PAGE = 25
SOURCES_PER_FACT = 3
GRAPH_NODES = 120
GRAPH_PER_NODE = 30
MAX_HOPS = 3
MAP_PLACES = 300
_SCHEMA = "http://schema.org/"
_KGB = PREFIX_MAP["kgb"]


# --------------------------------------------------------------------------- helpers

def _lit(s: str) -> str:
    """A SPARQL string literal of ``s`` (escaped)."""
    return str(ox.Literal(s))


def _iri(s: str) -> str:
    """``<s>`` for SPARQL; raises ValueError for a string that is no IRI."""
    return str(ox.NamedNode(s))


def iri_of(path: str) -> str:
    """The IRI of an entity or article path (``person/x`` → full IRI). A
    full http(s) IRI is returned as it is. Raises ValueError for a path
    holding characters an IRI cannot (spaces, ``<>"{}|^`` …)."""
    s = path if path.startswith(("http://", "https://")) else BASE + path.lstrip("/")
    ox.NamedNode(s)  # validates
    return s


def path_of(iri: str) -> str | None:
    """The page path of a kgbuild IRI, None for another IRI."""
    return iri[len(BASE):] if iri.startswith(BASE) else None


def _q(store: ox.Store, sparql: str) -> list[dict]:
    """Run a SELECT on the merged graph; rows as dicts of plain values
    (IRIs and literals as their string value, numbers of COUNT as int)."""
    res = store.query(sparql, prefixes=PREFIX_MAP)
    names = [v.value for v in res.variables]
    rows = []
    for sol in res:
        row = {}
        for n, t in zip(names, sol):
            if t is None:
                continue
            if isinstance(t, ox.Literal) and t.datatype.value == "http://www.w3.org/2001/XMLSchema#integer":
                row[n] = int(t.value)
            elif isinstance(t, ox.Literal):
                row[n] = t.value
                if t.language:
                    row[n + "@"] = t.language
            else:
                row[n] = t.value
        rows.append(row)
    return rows


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _values(var: str, iris) -> str:
    return f"VALUES ?{var} {{ {' '.join(_iri(i) for i in iris)} }}"


def article_of_graph(g: str) -> str:
    """The article IRI of an article's named graph IRI."""
    return g.replace("/graph/", "/article/", 1)


def labels(store: ox.Store, iris) -> dict[str, dict]:
    """Labels of entities: iri → ``{"ar": first Arabic label, "en": first
    English label, "label": a display label (Arabic, else English, else
    any, else the IRI's last segment)}``; labels in code point order."""
    iris = sorted(set(iris))
    out: dict[str, dict] = {i: {"ar": "", "en": "", "any": ""} for i in iris}
    for chunk in range(0, len(iris), 400):
        part = iris[chunk:chunk + 400]
        for r in _q(store, f"SELECT ?e ?l WHERE {{ {_values('e', part)} ?e rdfs:label ?l }}"):
            d, lang = out[r["e"]], (r.get("l@") or "").split("-")[0]
            for k in ("ar", "en", "any"):
                if (k == lang or k == "any") and (not d[k] or r["l"] < d[k]):
                    d[k] = r["l"]
    for i, d in out.items():
        d["label"] = d["ar"] or d["en"] or d["any"] or _local(i)
        d["path"] = path_of(i)
        del d["any"]
    return out


def kinds(store: ox.Store, iris) -> dict[str, str]:
    """iri → kind: Event, Delegation, Person, Organization, Place, Membership,
    Article or "" (the first that applies)."""
    iris = sorted(set(iris))
    types: dict[str, set] = defaultdict(set)
    for chunk in range(0, len(iris), 400):
        part = iris[chunk:chunk + 400]
        for r in _q(store, f"SELECT ?e ?t WHERE {{ {_values('e', part)} ?e a ?t }}"):
            types[r["e"]].add(r["t"])
    order = (("http://semanticweb.cs.vu.nl/2009/11/sem/Event", "Event"), (_KGB + "Delegation", "Delegation"),
             (_SCHEMA + "Person", "Person"), (_SCHEMA + "Place", "Place"),
             (_SCHEMA + "Organization", "Organization"), ("http://www.w3.org/ns/org#Organization", "Organization"),
             ("http://www.w3.org/ns/org#Membership", "Membership"), (_SCHEMA + "NewsArticle", "Article"))
    return {i: next((k for t, k in order if t in types[i]), "") for i in iris}


def _articles(store: ox.Store, iris) -> dict[str, dict]:
    """Article IRI → {path, title, date, publisher, url, lang, id}."""
    iris = sorted(set(iris))
    out = {i: {"path": path_of(i), "title": "", "date": "", "publisher": "", "url": "", "lang": "", "id": _local(i)}
           for i in iris}
    props = {"headline": "title", "datePublished": "date", "publisher": "publisher", "url": "url",
             "inLanguage": "lang", "identifier": "id"}
    for chunk in range(0, len(iris), 400):
        part = iris[chunk:chunk + 400]
        rows = _q(store, f"""SELECT ?a ?p ?v WHERE {{ {_values('a', part)}
            VALUES ?p {{ {' '.join('schema:' + p for p in props)} }} ?a ?p ?v }}""")
        for r in rows:
            out[r["a"]][props[_local(r["p"])]] = r["v"]
    return out


# --------------------------------------------------------------------------- overview

def overview(store: ox.Store) -> dict:
    """Counts for the front page: articles, persons, organisations,
    places, events, memberships; first and last article dates."""
    rows = _q(store, """SELECT ?t (COUNT(?s) AS ?n) WHERE {
        VALUES ?t { schema:NewsArticle schema:Person schema:Organization schema:Place sem:Event org:Membership }
        ?s a ?t } GROUP BY ?t""")
    counts = {_local(r["t"]): r["n"] for r in rows}
    span = _q(store, "SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }")
    return {"counts": counts, "first": span[0].get("first", "") if span else "",
            "last": span[0].get("last", "") if span else ""}


# --------------------------------------------------------------------------- search

def search_keys(query: str) -> list[str]:
    """The search keys a typed name stands for: its name key
    (:func:`kgbuild.text.name_key`: diacritics, hamza forms, ta marbuta,
    alef maqsura, case and the article with و/ف/ب/ك/ل folded), and the same
    without a one-letter proclitic on the first word (و ب ل ك ف, when at
    least three letters remain: "وهادي" → "هادي", "بباريس" → "باريس").
    Empty for a query with no letter or digit."""
    key = name_key(query)
    if not key:
        return []
    keys = [key]
    first, _, rest = key.partition(" ")
    typed = normalize(query).split()
    # a proclitic name_key left on (it strips one only before the article)
    if typed and typed[0] == first and first[:1] in ("و", "ف", "ب", "ل", "ك") and len(first) >= 4:
        keys.append((first[1:] + " " + rest).strip())
    return keys


def search(store: ox.Store, q: str, kind: str = "", limit: int = SEARCH_LIMIT) -> dict:
    """Persons, organisations and places whose name (any label's search
    key) matches ``q`` in any spelling (:func:`search_keys`): the key, or a
    word of it, starts with the query's key. Ranked by the number of
    articles that name them (named graphs holding the entity), then by
    label. ``kind``: "" or one of :data:`KINDS`. Returns ``{"q", "keys",
    "hits": [{iri, path, kind, label, ar, en, articles, matched}], "more"}``
    (``more``: more matches than ``limit``)."""
    if kind and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: use {', '.join(KINDS)}")
    keys = search_keys(q)
    if not keys:
        return {"q": q, "keys": [], "hits": [], "more": False}
    cond = " || ".join(f"STRSTARTS(?k, {_lit(k)}) || CONTAINS(?k, {_lit(' ' + k)})" for k in keys)
    types = f"schema:{kind}" if kind else "schema:Person schema:Organization schema:Place"
    rows = _q(store, f"""SELECT ?e (COUNT(DISTINCT ?g) AS ?n) (MIN(?k) AS ?key) WHERE {{
        {{ SELECT DISTINCT ?e ?k WHERE {{ ?e kgb:searchKey ?k FILTER({cond}) }} }}
        VALUES ?t {{ {types} }}
        GRAPH ?g {{ ?e a ?t }}
      }} GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT {int(limit) + 1}""")
    more = len(rows) > limit
    rows = rows[:limit]
    labs = labels(store, [r["e"] for r in rows])
    kd = kinds(store, [r["e"] for r in rows])
    hits = [{"iri": r["e"], "path": path_of(r["e"]), "kind": kd[r["e"]], "articles": r["n"], "matched": r["key"],
             **{k: labs[r["e"]][k] for k in ("label", "ar", "en")}} for r in rows]
    hits.sort(key=lambda h: (-h["articles"], h["matched"] not in keys, h["label"], h["iri"]))
    return {"q": q, "keys": keys, "hits": hits, "more": more}


# --------------------------------------------------------------------------- sentences

def _sentence_segments(text: str | None, sentence: str, begin: int, end: int,
                       marks: list[tuple[int, int, str]]) -> list[list]:
    """The sentence cut into ``[text, cls]`` segments, ``cls`` naming what
    covers it: "mention" (the entity's mention), "fact" (the fact's own
    span) or "" (neither). ``begin``/``end``: the fact's span in the
    article; ``marks``: ``(begin, end, cls)`` in article offsets. The
    sentence is placed in the article text (the occurrence holding the
    fact's span); without the text, the anchor is found in the sentence."""
    start = -1
    if text:
        at = text.find(sentence, max(0, end - len(sentence)))
        while at != -1 and at <= begin:
            if at + len(sentence) >= end:
                start = at
                break
            at = text.find(sentence, at + 1)
    if start < 0:
        return [[sentence, ""]]
    cls = [""] * len(sentence)
    for b, e, c in [(begin, end, "fact"), *marks]:
        for i in range(max(b, start), min(e, start + len(sentence))):
            cls[i - start] = c if not cls[i - start] or cls[i - start] == c else "mention fact"
    segs: list[list] = []
    for ch, c in zip(sentence, cls):
        if segs and segs[-1][1] == c:
            segs[-1][0] += ch
        else:
            segs.append([ch, c])
    return segs


def _fact_sources(store: ox.Store, facts: list[str], entity: str | None) -> dict[str, list[dict]]:
    """For each fact (membership or event IRI): up to
    :data:`SOURCES_PER_FACT` sentences that state it, newest article
    first: ``{article: {...}, segments, begin}``, the entity's mentions in
    the sentence marked "mention" and the fact's span "fact"."""
    if not facts:
        return {}
    rows = _q(store, f"""SELECT ?f ?m ?b ?e ?s ?ctx WHERE {{ {_values('f', facts)}
        ?f gaf:denotedBy ?m . ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?ctx .
        OPTIONAL {{ ?m kgb:sentence ?s }} }}""")
    by_fact: dict[str, list] = defaultdict(list)
    for r in rows:
        by_fact[r["f"]].append(r)
    ctxs = sorted({r["ctx"] for r in rows})
    arts = {c: c.split("#", 1)[0] for c in ctxs}
    meta = _articles(store, set(arts.values()))
    chosen: dict[str, list] = {}
    for f, rs in by_fact.items():
        seen, keep = set(), []
        rs.sort(key=lambda r: (meta[arts[r["ctx"]]]["date"], r["ctx"], -int(r["b"])), reverse=True)
        for r in rs:
            sig = (r["ctx"], r.get("s", ""))
            if sig in seen:
                continue
            seen.add(sig)
            keep.append(r)
            if len(keep) == SOURCES_PER_FACT:
                break
        chosen[f] = keep
    used = sorted({r["ctx"] for rs in chosen.values() for r in rs})
    texts = {}
    marks: dict[str, list] = defaultdict(list)
    if used:
        for r in _q(store, f"SELECT ?c ?t WHERE {{ {_values('c', used)} ?c nif:isString ?t }}"):
            texts[r["c"]] = r["t"]
        if entity:
            for r in _q(store, f"""SELECT ?b ?e ?c WHERE {{ {_values('c', used)}
                    {_iri(entity)} gaf:denotedBy ?m . ?m nif:referenceContext ?c ; nif:beginIndex ?b ; nif:endIndex ?e }}"""):
                marks[r["c"]].append((int(r["b"]), int(r["e"]), "mention"))
    out = {}
    for f, rs in chosen.items():
        out[f] = [{"article": meta[arts[r["ctx"]]], "begin": int(r["b"]),
                   "segments": _sentence_segments(texts.get(r["ctx"]), r.get("s", ""), int(r["b"]), int(r["e"]),
                                                  marks.get(r["ctx"], []))}
                  for r in rs if r.get("s")]
    return out


# --------------------------------------------------------------------------- entity

def _event_rows(store: ox.Store, where: str, limit: int, offset: int = 0) -> list[dict]:
    """Events matching ``where`` (a group pattern binding ?ev), newest
    first: iri, type, status, date, sources (articles), first article."""
    return _q(store, f"""SELECT ?ev (SAMPLE(?type) AS ?t) (SAMPLE(?st) AS ?status) (MIN(?d) AS ?date)
               (COUNT(DISTINCT ?a) AS ?sources) (MIN(STR(?a)) AS ?article) WHERE {{
          {{ SELECT DISTINCT ?ev WHERE {{ {where} }} }}
          ?ev a ?type FILTER(STRSTARTS(STR(?type), STR(kgb:)))
          OPTIONAL {{ ?ev kgb:status ?st }} OPTIONAL {{ ?ev sem:hasTimeStamp ?d }}
          OPTIONAL {{ ?ev prov:wasDerivedFrom ?a }}
        }} GROUP BY ?ev ORDER BY DESC(?date) ?ev LIMIT {int(limit)} OFFSET {int(offset)}""")


def _event_details(store: ox.Store, rows: list[dict], exclude: str | None = None) -> list[dict]:
    """Places and parties (actors, hosts, recipients) of event rows, with
    labels; ``exclude``: an entity left out of the parties."""
    evs = [r["ev"] for r in rows]
    parts: dict[str, list] = defaultdict(list)
    places: dict[str, list] = defaultdict(list)
    if evs:
        for r in _q(store, f"""SELECT ?ev ?p ?role WHERE {{ {_values('ev', evs)}
                VALUES ?role {{ sem:hasActor kgb:host kgb:recipient sem:hasPlace }} ?ev ?role ?p }}"""):
            role = _local(r["role"])
            if role == "hasPlace":
                places[r["ev"]].append(r["p"])
            elif r["p"] != exclude:
                parts[r["ev"]].append((r["p"], role))
    labs = labels(store, {p for v in parts.values() for p, _ in v} | {p for v in places.values() for p in v})
    out = []
    for r in rows:
        ev = r["ev"]
        roles: dict[str, str] = {}
        for p, role in parts[ev]:
            if role != "hasActor" or p not in roles:
                roles[p] = {"hasActor": "actor"}.get(role, role)
        out.append({"iri": ev, "path": path_of(ev), "type": _local(r.get("t", "")), "status": _local(r.get("status", "")),
                    "date": r.get("date", ""), "sources": r.get("sources", 0),
                    "article": path_of(r["article"]) if r.get("article") else None,
                    "places": [{"iri": p, **labs[p]} for p in sorted(set(places[ev]))],
                    "parties": sorted(({"iri": p, "role": ro, **labs[p]} for p, ro in roles.items()),
                                      key=lambda x: (x["label"], x["iri"]))})
    return out


def per_day(store: ox.Store, where: str) -> list[dict]:
    """Events matching ``where`` (binding ?ev) per day and type: ``[{date,
    type, n}]`` in date order; undated events are left out."""
    rows = _q(store, f"""SELECT ?d ?type (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
          {{ SELECT DISTINCT ?ev WHERE {{ {where} }} }}
          ?ev sem:hasTimeStamp ?d ; a ?type FILTER(STRSTARTS(STR(?type), STR(kgb:)))
        }} GROUP BY ?d ?type ORDER BY ?d ?type""")
    return [{"date": r["d"], "type": _local(r["type"]), "n": r["n"]} for r in rows]


def entity(store: ox.Store, path: str, page: int = 1, hops: int = 1) -> dict:
    """Everything the entity page shows for the entity at ``path``:
    ``iri, path, kind, labels [[text, lang]], alt_labels, geo {lat, long},
    geonames, wikidata, iso2, articles {n, first, last}, posts [...]
    (memberships held, or for an organisation those of its members, each
    with role, the other side, first/last article dates, article count and
    publishers), events {n, rows [...] (newest first, at most
    ENTITY_EVENTS), per_day}, facts {n, page, pages, items [{kind, iri,
    summary, sources [{article, segments}]}]}, graph (:func:`neighbourhood`)``.
    Raises LookupError when the store has nothing about ``path``."""
    iri = iri_of(path)
    e = _iri(iri)
    kind = kinds(store, [iri])[iri]
    if not kind:
        raise LookupError(f"nothing in the store is called {path!r}")
    labs = _q(store, f"SELECT ?p ?l WHERE {{ VALUES ?p {{ rdfs:label skos:altLabel }} {e} ?p ?l }} ORDER BY ?p ?l")
    props = _q(store, f"""SELECT ?p ?v WHERE {{ VALUES ?p {{ geo:lat geo:long owl:sameAs kgb:iso2
        schema:containedInPlace org:subOrganizationOf }} {e} ?p ?v }}""")
    info: dict = {"iri": iri, "path": path_of(iri) or iri, "kind": kind,
                  "labels": sorted([r["l"], r.get("l@", "")] for r in labs if r["p"].endswith("label")),
                  "alt_labels": sorted([r["l"], r.get("l@", "")] for r in labs if r["p"].endswith("altLabel")),
                  "geo": None, "geonames": "", "wikidata": "", "iso2": "", "within": []}
    pv = defaultdict(list)
    for r in props:
        pv[_local(r["p"])].append(r["v"])
    if pv["lat"] and pv["long"]:
        info["geo"] = {"lat": float(pv["lat"][0]), "long": float(pv["long"][0])}
    for s in pv["sameAs"]:
        if "geonames.org/" in s:
            info["geonames"] = s.rstrip("/").rsplit("/", 1)[-1]
        elif "wikidata.org/entity/" in s:
            info["wikidata"] = s.rsplit("/", 1)[-1]
    info["iso2"] = pv["iso2"][0] if pv["iso2"] else ""
    within = pv["containedInPlace"] + pv["subOrganizationOf"]
    wl = labels(store, within)
    info["within"] = [{"iri": w, **wl[w]} for w in sorted(within)]
    names = labels(store, [iri])[iri]
    info["label"], info["ar"], info["en"] = names["label"], names["ar"], names["en"]

    span = _q(store, f"""SELECT (COUNT(DISTINCT ?g) AS ?n) (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{
        GRAPH ?g {{ {e} a ?t }} BIND(IRI(REPLACE(STR(?g), "/graph/", "/article/")) AS ?a)
        OPTIONAL {{ ?a schema:datePublished ?d }} }}""")
    info["articles"] = {"n": span[0].get("n", 0), "first": span[0].get("first", ""), "last": span[0].get("last", "")}

    # posts: the memberships the entity holds (a person) or grants (an organisation)
    side, other = ("org:member", "org:organization") if kind != "Organization" else ("org:organization", "org:member")
    posts = _q(store, f"""SELECT ?mb ?o (SAMPLE(?rk) AS ?role) (MIN(?d) AS ?first) (MAX(?d) AS ?last)
            (COUNT(DISTINCT ?a) AS ?n) (GROUP_CONCAT(DISTINCT ?pub; separator="\\u001f") AS ?pubs) WHERE {{
          ?mb a org:Membership ; {side} {e} ; {other} ?o .
          OPTIONAL {{ ?mb org:role/kgb:roleKey ?rk }}
          OPTIONAL {{ ?mb prov:wasDerivedFrom ?a . OPTIONAL {{ ?a schema:datePublished ?d }}
                      OPTIONAL {{ ?a schema:publisher ?pub }} }}
        }} GROUP BY ?mb ?o ORDER BY DESC(?n) ?mb LIMIT 200""")
    role_text: dict[str, set] = defaultdict(set)
    if posts:
        for r in _q(store, f"SELECT ?mb ?t WHERE {{ {_values('mb', [p['mb'] for p in posts])} ?mb kgb:roleText ?t }}"):
            role_text[r["mb"]].add(r["t"])
    ol = labels(store, [p["o"] for p in posts])
    info["posts"] = [{"iri": p["mb"], "role": p.get("role", ""), "role_text": " / ".join(sorted(role_text[p["mb"]])),
                      "other": {"iri": p["o"], **ol[p["o"]]}, "first": p.get("first", ""), "last": p.get("last", ""),
                      "articles": p["n"], "sources": sorted(set(filter(None, p.get("pubs", "").split("\x1f"))))}
                     for p in posts]
    info["posts_side"] = "members" if kind == "Organization" else "posts"

    where = f"VALUES ?r {{ sem:hasActor kgb:host kgb:recipient sem:hasPlace }} ?ev ?r {e}"
    n_ev = _q(store, f"SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ {where} }}")[0]["n"]
    ev_rows = _event_rows(store, where, ENTITY_EVENTS)
    info["events"] = {"n": n_ev, "rows": _event_details(store, ev_rows, exclude=iri),
                      "per_day": per_day(store, where) if n_ev else []}

    facts = [("post", p["iri"]) for p in info["posts"]] + [("event", r["iri"]) for r in info["events"]["rows"]]
    n_facts = len(facts)
    pages = max(1, -(-n_facts // FACTS_PER_PAGE))
    page = min(max(1, int(page)), pages)
    shown = facts[(page - 1) * FACTS_PER_PAGE: page * FACTS_PER_PAGE]
    src = _fact_sources(store, [f for _k, f in shown], iri)
    summary = {p["iri"]: f"{p['role_text'] or p['role']} — {p['other']['label']}" for p in info["posts"]}
    summary.update({r["iri"]: " · ".join(x for x in (r["type"], r["date"], r["status"]) if x)
                    for r in info["events"]["rows"]})
    info["facts"] = {"n": n_facts, "page": page, "pages": pages,
                     "items": [{"kind": k, "iri": f, "summary": summary.get(f, ""), "sources": src.get(f, [])}
                               for k, f in shown]}
    info["graph"] = neighbourhood(store, path, hops)
    return info


# --------------------------------------------------------------------------- neighbourhood

def _neighbours(store: ox.Store, node: str, kind: str, limit: int) -> tuple[list, int]:
    """Edges of one node: ``[(from, to, kind, label)]`` (memberships,
    participations: actor → event → host/recipient, event → place,
    sub-organisations), at most ``limit`` neighbours (events newest first),
    and how many there are in all."""
    n = _iri(node)
    edges: list[tuple] = []
    total = 0
    if kind == "Event":
        rows = _q(store, f"""SELECT ?p ?r WHERE {{ VALUES ?r {{ sem:hasActor kgb:host kgb:recipient sem:hasPlace }}
                  {n} ?r ?p }} ORDER BY ?r ?p""")
        roles: dict[str, str] = {}
        for r in rows:
            role = _local(r["r"])
            if role != "hasActor" or r["p"] not in roles:
                roles[r["p"]] = role
        total = len(roles)
        for p, role in sorted(roles.items())[:limit]:
            if role == "hasActor":
                edges.append((p, node, "participation", "actor"))
            elif role == "hasPlace":
                edges.append((node, p, "place", "place"))
            else:
                edges.append((node, p, "participation", role))
        return edges, total
    side, other = ("org:member", "org:organization") if kind != "Organization" else ("org:organization", "org:member")
    mem = _q(store, f"""SELECT ?o (SAMPLE(?rk) AS ?role) (COUNT(DISTINCT ?a) AS ?k) WHERE {{
            ?mb a org:Membership ; {side} {n} ; {other} ?o . OPTIONAL {{ ?mb org:role/kgb:roleKey ?rk }}
            OPTIONAL {{ ?mb prov:wasDerivedFrom ?a }} }} GROUP BY ?o ORDER BY DESC(?k) ?o LIMIT {int(limit)}""")
    for r in mem:
        a, b = (node, r["o"]) if kind != "Organization" else (r["o"], node)
        edges.append((a, b, "membership", r.get("role", "member")))
    total += len(mem)
    sub = _q(store, f"SELECT ?o WHERE {{ {n} org:subOrganizationOf ?o }} LIMIT {int(limit)}")
    edges += [(node, r["o"], "suborganization", "part of") for r in sub]
    total += len(sub)
    where = f"VALUES ?r {{ sem:hasActor kgb:host kgb:recipient sem:hasPlace }} ?ev ?r {n}"
    total += _q(store, f"SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ {where} }}")[0]["n"]
    left = max(0, limit - len(edges))
    if left:
        for r in _q(store, f"""SELECT ?ev ?r (MIN(?d) AS ?date) WHERE {{ {where} OPTIONAL {{ ?ev sem:hasTimeStamp ?d }} }}
                   GROUP BY ?ev ?r ORDER BY DESC(?date) ?ev LIMIT {left}"""):
            role = _local(r["r"])
            if role == "hasPlace":
                edges.append((r["ev"], node, "place", "place"))
            elif role == "hasActor":
                edges.append((node, r["ev"], "participation", "actor"))
            else:
                edges.append((r["ev"], node, "participation", role))
    return edges, total


def neighbourhood(store: ox.Store, path: str, hops: int = 1, max_nodes: int = GRAPH_NODES,
                  per_node: int = GRAPH_PER_NODE) -> dict:
    """The entity's neighbourhood, ``hops`` steps out (1 to
    :data:`MAX_HOPS`; an event and its other parties and place are one
    step from each party, as in ``kgbuild render --focus``): ``{nodes
    [{id, path, kind, label, ar, en, focus, event_type, status, date}],
    edges [{from, to, kind, label}], hops, cut, total}``. At most
    ``per_node`` neighbours per node (events newest first) and
    ``max_nodes`` nodes in all; ``cut`` says whether anything was left
    out, ``total`` how many neighbours the centre has."""
    hops = max(1, min(int(hops), MAX_HOPS))
    centre = iri_of(path)
    kd = kinds(store, [centre])
    if not kd[centre]:
        raise LookupError(f"nothing in the store is called {path!r}")
    nodes = {centre: 0.0}
    edges: dict[tuple, tuple] = {}
    cut = False
    total = 0
    frontier = [centre]
    while frontier:
        nxt = []
        for node in frontier:
            depth = nodes[node]
            if depth >= hops:
                continue
            step = 0.5 if kd.get(node) == "Event" or depth % 1 else 0.5
            nb, n_all = _neighbours(store, node, kd[node], per_node)
            if node == centre:
                total = n_all
            if n_all > len({x for e in nb for x in e[:2]} - {node}):
                cut = True
            new = {x for e in nb for x in e[:2]} - set(nodes)
            kd.update(kinds(store, new))
            for e in nb:
                a, b = e[0], e[1]
                for x in (a, b):
                    if x in nodes:
                        continue
                    if len(nodes) >= max_nodes:
                        cut = True
                        break
                    # an event is half a step away; its parties and places complete the step
                    nodes[x] = depth + (0.5 if kd.get(x) == "Event" or kd.get(node) == "Event" else 1.0)
                    nxt.append(x)
                if a in nodes and b in nodes:
                    edges[(a, b, e[2])] = e
            del step
        frontier = [x for x in nxt if nodes[x] < hops]
    labs = labels(store, nodes)
    ev_meta: dict[str, dict] = {}
    evs = [n for n in nodes if kd.get(n) == "Event"]
    if evs:
        for r in _q(store, f"""SELECT ?ev (SAMPLE(?type) AS ?t) (SAMPLE(?st) AS ?s) (MIN(?d) AS ?date) WHERE {{
                {_values('ev', evs)} ?ev a ?type FILTER(STRSTARTS(STR(?type), STR(kgb:)))
                OPTIONAL {{ ?ev kgb:status ?st }} OPTIONAL {{ ?ev sem:hasTimeStamp ?d }} }} GROUP BY ?ev"""):
            ev_meta[r["ev"]] = {"event_type": _local(r.get("t", "")), "status": _local(r.get("s", "")),
                                "date": r.get("date", "")}
    out_nodes = []
    for n in sorted(nodes, key=lambda x: (nodes[x], x)):
        d = {"id": n, "path": path_of(n), "kind": kd.get(n) or "Organization", "label": labs[n]["label"],
             "ar": labs[n]["ar"], "en": labs[n]["en"], "focus": n == centre}
        if n in ev_meta:
            d.update(ev_meta[n])
            d["label"] = " · ".join(x for x in (ev_meta[n]["event_type"], ev_meta[n]["date"]) if x)
        out_nodes.append(d)
    out_edges = [{"from": a, "to": b, "kind": k, "label": lab} for (a, b, k, lab) in sorted(edges.values())]
    return {"nodes": out_nodes, "edges": out_edges, "hops": hops, "cut": cut, "total": total,
            "max_nodes": max_nodes, "per_node": per_node}


# --------------------------------------------------------------------------- events view

def _event_filter(store: ox.Store, type: str = "", status: str = "", date_from: str = "", date_to: str = "",
                  place: str = "", actor: str = "") -> tuple[str, dict]:
    """The group pattern (binding ?ev) of the events view's filters, and
    what each filter resolved to. ``place`` and ``actor`` are an entity
    path or a name (the best search hit of that name). Raises ValueError
    for an unknown type or status or a malformed date."""
    import datetime as dt

    parts = ["?ev a sem:Event ."]
    chosen: dict = {}
    if type:
        if type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type!r}: use {', '.join(EVENT_TYPES)}")
        parts.append(f"?ev a kgb:{type} .")
    if status:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}: use {', '.join(STATUSES)}")
        parts.append(f"?ev kgb:status kgb:{status} .")
    for name, val, op in (("from", date_from, ">="), ("to", date_to, "<=")):
        if val:
            try:
                d = dt.date.fromisoformat(val)
            except ValueError:
                raise ValueError(f"bad date {val!r} ({name}): use YYYY-MM-DD") from None
            parts.append(f"?ev sem:hasTimeStamp ?date_{name} FILTER(?date_{name} {op} \"{d.isoformat()}\"^^xsd:date)")
    for name, val, kind in (("place", place, "Place"), ("actor", actor, "")):
        if not val:
            continue
        iri = _resolve(store, val, kind)
        if iri is None:
            raise LookupError(f"no {name} matches {val!r}")
        chosen[name] = {"iri": iri, **labels(store, [iri])[iri]}
        if name == "place":
            parts.append(f"?ev sem:hasPlace/schema:containedInPlace? {_iri(iri)} .")
        else:
            parts.append(f"VALUES ?actor_r {{ sem:hasActor kgb:host kgb:recipient }} ?ev ?actor_r {_iri(iri)} .")
    return " ".join(parts), chosen


def _resolve(store: ox.Store, val: str, kind: str) -> str | None:
    """An entity path (``place/...``) or a name → the entity's IRI (the
    best-ranked search hit of the name), or None."""
    if "/" in val and " " not in val:
        try:
            iri = iri_of(val)
        except ValueError:
            iri = None
        if iri and kinds(store, [iri])[iri]:
            return iri
    hits = search(store, val, kind=kind, limit=1)["hits"]
    return hits[0]["iri"] if hits else None


def events(store: ox.Store, type: str = "", status: str = "", date_from: str = "", date_to: str = "",
           place: str = "", actor: str = "", page: int = 1) -> dict:
    """The events view: events matching the filters (see
    :func:`_event_filter`), newest first, :data:`EVENTS_PER_PAGE` a page:
    ``{filters, chosen, n, page, pages, rows [...], per_day [{date, type,
    n}], places [{iri, label, lat, long, n}] (the most frequent
    :data:`MAP_PLACES` places with coordinates), by_type, by_status}``."""
    where, chosen = _event_filter(store, type, status, date_from, date_to, place, actor)
    n = _q(store, f"SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ {where} }}")[0]["n"]
    pages = max(1, -(-n // EVENTS_PER_PAGE))
    page = min(max(1, int(page)), pages)
    rows = _event_details(store, _event_rows(store, where, EVENTS_PER_PAGE, (page - 1) * EVENTS_PER_PAGE))
    places = _q(store, f"""SELECT ?pl (COUNT(DISTINCT ?ev) AS ?n) (SAMPLE(?la) AS ?lat) (SAMPLE(?lo) AS ?long) WHERE {{
          {{ SELECT DISTINCT ?ev WHERE {{ {where} }} }}
          ?ev sem:hasPlace ?pl . ?pl geo:lat ?la ; geo:long ?lo }} GROUP BY ?pl ORDER BY DESC(?n) ?pl LIMIT {MAP_PLACES}""")
    pl = labels(store, [p["pl"] for p in places])
    facets = _q(store, f"""SELECT ?type ?st (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
          {{ SELECT DISTINCT ?ev WHERE {{ {where} }} }}
          ?ev a ?type FILTER(STRSTARTS(STR(?type), STR(kgb:))) OPTIONAL {{ ?ev kgb:status ?st }} }} GROUP BY ?type ?st""")
    by_type: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    for r in facets:
        by_type[_local(r["type"])] += r["n"]
        by_status[_local(r.get("st", ""))] += r["n"]
    return {"filters": {"type": type, "status": status, "from": date_from, "to": date_to, "place": place,
                        "actor": actor},
            "chosen": chosen, "n": n, "page": page, "pages": pages, "rows": rows,
            "per_day": per_day(store, where),
            "places": [{"iri": p["pl"], **pl[p["pl"]], "lat": float(p["lat"]), "long": float(p["long"]), "n": p["n"]}
                       for p in places],
            "by_type": dict(sorted(by_type.items())), "by_status": dict(sorted(by_status.items()))}


# --------------------------------------------------------------------------- article

_MARK_ORDER = {"Person": 0, "Organization": 1, "Place": 2, "Delegation": 3, "Event": 4}


def article(store: ox.Store, path: str) -> dict:
    """The article page: ``{iri, path, meta {title, date, publisher, url,
    lang, id}, paragraphs [[[text, kind, entity path, mention id]]],
    entities [{iri, path, kind, label, n}], posts [...], events [...]}``:
    the text cut into segments, each mention of a person, organisation,
    place, delegation or event trigger marked with its kind (overlapping
    mentions: the earlier, then the longer, wins); the facts drawn from
    the article with the sentences that state them.
    Raises LookupError when the store has no such article."""
    iri = iri_of(path)
    g = iri.replace("/article/", "/graph/", 1)
    gi = _iri(g)
    meta = _articles(store, [iri])[iri]
    texts = _q(store, f"SELECT ?t WHERE {{ GRAPH {gi} {{ ?c nif:sourceUrl {_iri(iri)} ; nif:isString ?t }} }}")
    if not texts and not meta["title"]:
        raise LookupError(f"no article {path!r} in the store")
    text = texts[0]["t"] if texts else ""
    rows = _q(store, f"""SELECT ?x ?b ?e WHERE {{ GRAPH {gi} {{ ?x gaf:denotedBy ?m . ?m nif:beginIndex ?b ; nif:endIndex ?e }} }}""")
    kd = kinds(store, {r["x"] for r in rows})
    spans = sorted(((int(r["b"]), int(r["e"]), kd[r["x"]], r["x"]) for r in rows if kd[r["x"]] in _MARK_ORDER),
                   key=lambda s: (s[0], -(s[1] - s[0]), _MARK_ORDER[s[2]], s[3]))
    kept, last = [], 0
    for b, e, k, x in spans:
        if b >= last and 0 <= b < e <= len(text):
            kept.append((b, e, k, x))
            last = e
    labs = labels(store, {x for *_r, x in kept})
    segs: list[list] = []
    pos = 0
    for b, e, k, x in kept:
        if b > pos:
            segs.append([text[pos:b], "", None, None])
        segs.append([text[b:e], k, path_of(x), f"m{b}-{e}"])
        pos = e
    if pos < len(text):
        segs.append([text[pos:], "", None, None])
    paragraphs: list[list] = [[]]
    for s in segs:
        parts = s[0].split("\n\n") if not s[1] else [s[0]]
        for i, p in enumerate(parts):
            if i:
                paragraphs.append([])
            if p:
                paragraphs[-1].append([p, *s[1:]])
    counts: dict[str, int] = defaultdict(int)
    for *_r, x in kept:
        counts[x] += 1
    ents = sorted(({"iri": x, "kind": kd[x], "n": n, **labs[x]} for x, n in counts.items() if kd[x] != "Event"),
                  key=lambda d: (_MARK_ORDER[d["kind"]], -d["n"], d["label"], d["iri"]))
    mbs = _q(store, f"""SELECT ?mb ?p ?o ?rk ?rt WHERE {{ GRAPH {gi} {{ ?mb a org:Membership ; org:member ?p ;
              org:organization ?o . OPTIONAL {{ ?mb org:role/kgb:roleKey ?rk }} OPTIONAL {{ ?mb kgb:roleText ?rt }} }} }}
              ORDER BY ?mb""")
    ev_where = f"GRAPH {gi} {{ ?ev a sem:Event }}"
    ev_rows = _event_details(store, _event_rows(store, ev_where, 500))
    pl = labels(store, {r["p"] for r in mbs} | {r["o"] for r in mbs})
    facts = [r["mb"] for r in mbs] + [r["iri"] for r in ev_rows]
    src = _fact_sources_in(store, facts, iri)
    posts = [{"iri": r["mb"], "person": {"iri": r["p"], **pl[r["p"]]}, "org": {"iri": r["o"], **pl[r["o"]]},
              "role": r.get("rk", ""), "role_text": r.get("rt", ""), "sources": src.get(r["mb"], [])} for r in mbs]
    for r in ev_rows:
        r["sources"] = src.get(r["iri"], [])
    return {"iri": iri, "path": path_of(iri), "meta": meta, "paragraphs": paragraphs, "entities": ents,
            "posts": posts, "events": ev_rows, "dir": "rtl" if meta["lang"].startswith("ar") else "ltr"}


def _fact_sources_in(store: ox.Store, facts: list[str], article_iri: str) -> dict[str, list[dict]]:
    """The sentences of ``facts`` in one article (the facts' own spans
    marked), keyed by fact IRI."""
    src = _fact_sources(store, facts, None)
    return {f: [s for s in v if s["article"]["path"] == path_of(article_iri)] for f, v in src.items()}


def event_article(store: ox.Store, path: str) -> dict:
    """Where an event's page is: its first source article (by date, then
    IRI) and the anchor of its trigger there: ``{"article": path, "anchor"}``.
    Raises LookupError when the store has no such event."""
    iri = iri_of(path)
    rows = _q(store, f"""SELECT ?a ?d WHERE {{ {_iri(iri)} a sem:Event ; prov:wasDerivedFrom ?a .
              OPTIONAL {{ ?a schema:datePublished ?d }} }} ORDER BY ?d ?a LIMIT 1""")
    if not rows:
        raise LookupError(f"no event {path!r} in the store")
    return {"article": path_of(rows[0]["a"]) or rows[0]["a"], "anchor": f"fact-{_local(iri)}"}


# --------------------------------------------------------------------------- SPARQL protocol

#: Result formats: name → (pyoxigraph format, media type).
RESULT_FORMATS = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
}
#: Graph formats (CONSTRUCT, DESCRIBE): name → (pyoxigraph format, media type).
GRAPH_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
}


def sparql(store: ox.Store, query: str, result_format: str = "json", graph_format: str = "turtle",
           default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
           out_dir: str | None = None) -> dict:
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) and write
    its results to a temporary file in ``out_dir``: SELECT and ASK in
    ``result_format`` (a key of :data:`RESULT_FORMATS`), CONSTRUCT and
    DESCRIBE in ``graph_format`` (a key of :data:`GRAPH_FORMATS`).

    The default graph is the store's merged graph (the union of the article
    graphs, each triple once) unless ``default_graphs`` names graphs;
    ``named_graphs`` restricts what ``GRAPH`` sees. kgbuild's prefixes
    (schema:, org:, sem:, kgb: …) need no PREFIX lines.
    Returns ``{"path", "media_type", "kind"}`` (kind: select, ask, graph).
    Raises SyntaxError for a bad query, ValueError for a bad graph IRI or
    format, OSError when the store cannot be read."""
    if result_format not in RESULT_FORMATS or graph_format not in GRAPH_FORMATS:
        raise ValueError(f"unknown format {result_format!r} / {graph_format!r}")
    kwargs: dict = {"prefixes": PREFIX_MAP}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    res = store.query(query, **kwargs)
    fd, path = tempfile.mkstemp(prefix="kgbuild-sparql-", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(res, ox.QueryTriples):
                fmt, media = GRAPH_FORMATS[graph_format]
                res.serialize(fh, fmt)
                kind = "graph"
            else:
                fmt, media = RESULT_FORMATS[result_format]
                res.serialize(fh, fmt)
                kind = "ask" if isinstance(res, ox.QueryBoolean) else "select"
    except BaseException:
        os.unlink(path)
        raise
    return {"path": path, "media_type": media, "kind": kind}


__all__ = ["search", "search_keys", "entity", "neighbourhood", "events", "article", "sparql", "overview",
           "labels", "kinds", "iri_of", "path_of", "per_day", "normalize"]
