"""What each page of ``kgbuild serve`` shows, read from the store: plain
functions ``fn(view, **kwargs) -> dict`` run in a query worker
(:mod:`kgbuild.serve.pool`) against a :class:`StoreView`: a read-only
``pyoxigraph.Store`` whose default graph is the merged graph of all
articles (:mod:`kgbuild.store`), and the indexes the worker builds once
when it starts (the store does not change while it is served):

* :class:`Merges`: the IRIs the store's resolution pass merged into
  others (shown as the IRI kept, everywhere);
* :class:`NameIndex`: every search key (``kgb:searchKey``, and
  ``kgb:altSearchKey`` of alternative labels) with its entity, the
  consonant skeletons of the persons' labels (a name typed in the other
  script), and for every person, organisation and place the number of
  articles naming it and the first and last of their dates (search ranks
  by it, and the entity page shows it);
* :class:`EventIndex`: every event's type, status, date and places, in
  date order, and the coordinates of places (the events view filters,
  counts, pages and maps from it);
* the publication date of every article (a fact's newest sources are
  chosen by it).

They grow with the store (for the 30,067 SaudiNewsNet articles: 47,689 keys
and 12,092 events; a worker holding them and Oxigraph's caches uses about
300 MB), never with the number of requests.
Everything else a page shows is read for that page only: point lookups of
a node's properties (``quads_for_pattern``) and SPARQL with bound entities,
with lists capped, so a page costs about the same on a small or a large store.
Values pasted into SPARQL text go through :func:`_lit` / :func:`_iri`
(pyoxigraph's own N-Triples forms, which escape quotes and reject bad
IRIs), never raw.

Results are plain data (dicts, lists, strings, ints) for the HTML templates;
nothing here escapes HTML (the templates do, see :mod:`kgbuild.serve.app`).
Entities are named by ``path``: their IRI less ``https://w3id.org/kgbuild/id/``
(``person/hady-bhrh-8573671a``), the address of their page.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import io
import os
import tempfile
import unicodedata
import urllib.parse
from collections import Counter, defaultdict

import pyoxigraph as ox

from kgbuild.graph import EVENT_TYPES
from kgbuild.rdf import ID, PREFIXES
from kgbuild.serve.guard import RefusedQuery, check_query
from kgbuild.query import search_keys
from kgbuild.translit import skeleton, skeletons_match

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
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SEM = PREFIX_MAP["sem"]
_NIF = PREFIX_MAP["nif"]
_GAF = PREFIX_MAP["gaf"]
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_DG = ox.DefaultGraph()
#: rdf:type → kind, in the order a node with several types is named by.
_KIND_OF = ((_SEM + "Event", "Event"), (_KGB + "Delegation", "Delegation"), (_SCHEMA + "Person", "Person"),
            (_SCHEMA + "Place", "Place"), (_SCHEMA + "Organization", "Organization"),
            ("http://www.w3.org/ns/org#Organization", "Organization"),
            ("http://www.w3.org/ns/org#Membership", "Membership"), (_SCHEMA + "NewsArticle", "Article"))
#: kind → the class whose quads in a named graph say the article holds the node.
_CLASS_OF = {"Person": _SCHEMA + "Person", "Organization": _SCHEMA + "Organization", "Place": _SCHEMA + "Place",
             "Delegation": _KGB + "Delegation", "Event": _SEM + "Event", "Membership": "http://www.w3.org/ns/org#Membership"}
#: the parts an entity plays in an event
_EVENT_ROLES = "VALUES ?r { sem:hasActor kgb:host kgb:recipient sem:hasPlace }"
#: the named graph of the store's resolution pass (kgbuild.resolve.RESOLUTION_GRAPH)
RESOLUTION = BASE + "graph/resolution"


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
    (IRIs and literals as their string value, integers as int; a
    language-tagged literal adds ``name@`` with its language)."""
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


def _csv(store: ox.Store, sparql: str) -> list[list[str]]:
    """Rows of a SELECT as lists of strings (unbound: ""), for the large
    reads that build the indexes (CSV made by Oxigraph, parsed by csv)."""
    data = store.query(sparql, prefixes=PREFIX_MAP).serialize(format=ox.QueryResultsFormat.CSV)
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))[1:]


def _objs(store: ox.Store, s: str, p: str, g=_DG) -> list:
    """Objects of ``s p ?o`` in graph ``g`` (default: the merged graph): a
    point lookup on the store's index, no SPARQL."""
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, g)]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _values(var: str, iris) -> str:
    return f"VALUES ?{var} {{ {' '.join(_iri(i) for i in iris)} }}"


def _graph_of(article: str) -> str:
    """The named graph IRI of an article IRI."""
    return article.replace("/article/", "/graph/", 1)


def _article_of(graph: str) -> str:
    """The article IRI of an article's named graph IRI."""
    return graph.replace("/graph/", "/article/", 1)


def _date_key(d: str) -> str:
    return d or ""


class Merges:
    """IRIs the store's resolution pass merged (:func:`kgbuild.resolve.resolve_store`:
    ``owl:sameAs`` from each merged IRI to the IRI kept, in the named graph
    ``…/graph/resolution``; chains followed to their end). The workbench
    shows such IRIs as one entity, as the ``actor`` saved query does:
    ``into``: merged IRI → kept IRI; ``nodes``: kept IRI → its merged IRIs
    (sorted)."""

    def __init__(self, store: ox.Store) -> None:
        direct = {a: t for a, t in _csv(store, f"SELECT ?a ?t WHERE {{ GRAPH {_iri(RESOLUTION)} {{ ?a owl:sameAs ?t }} }}")
                  if a.startswith(BASE) and t.startswith(BASE) and a != t}
        self.into: dict[str, str] = {}
        for a in sorted(direct):
            t, seen = direct[a], {a}
            while t in direct and t not in seen:
                seen.add(t)
                t = direct[t]
            if t != a:
                self.into[a] = t
        self.nodes: dict[str, list[str]] = defaultdict(list)
        for a, t in sorted(self.into.items()):
            self.nodes[t].append(a)

    def canon(self, iri: str) -> str:
        """The IRI an entity is shown under (the kept one of a merge, else itself)."""
        return self.into.get(iri, iri)

    def group(self, iri: str) -> list[str]:
        """The IRIs shown as the entity ``iri``: its kept IRI first, then the merged ones."""
        c = self.into.get(iri, iri)
        return [c, *self.nodes.get(c, ())]


class NameIndex:
    """Search keys and article counts of a store (module docstring).
    ``keys``: ``[(key, iri)]`` (a merged IRI's keys under the IRI kept,
    :class:`Merges`); ``alt_keys``: key → IRIs, the keys of alternative
    labels (``kgb:altSearchKey``: aliases, demonyms), matched only whole;
    ``info``: iri → ``{"kind", "articles", "first", "last"}`` for every
    person, organisation and place but merged IRIs, whose articles count
    with the IRI kept (an article naming both counts once); ``skeletons``:
    the consonant skeletons (:func:`kgbuild.translit.skeleton`) of the
    persons' labels of two words or more, by their first and by their last
    word, for :meth:`transliterations`."""

    def __init__(self, store: ox.Store, merges: Merges, dates: dict[str, str]) -> None:
        canon = merges.canon
        self.keys = list(dict.fromkeys((k.replace("\n", " "), canon(e))
                                       for e, k in _csv(store, "SELECT ?e ?k WHERE { ?e kgb:searchKey ?k }")))
        # the keys in one string, one a line, for matching in C (str.find) rather than key by key
        self._blob = "\n" + "\n".join(k for k, _e in self.keys)
        self._at = list(itertools.accumulate((len(k) + 1 for k, _e in self.keys[:-1]), initial=1))
        self.alt_keys: dict[str, set[str]] = defaultdict(set)
        for e, k in _csv(store, "SELECT ?e ?k WHERE { ?e kgb:altSearchKey ?k }"):
            self.alt_keys[k].add(canon(e))
        self.info: dict[str, dict] = {}
        for kind in ("Person", "Place", "Organization"):
            cls = _iri(_CLASS_OF[kind])
            for e, n in _csv(store, f"SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?e a {cls} }} }} GROUP BY ?e"):
                self.info.setdefault(e, {"kind": kind, "articles": int(n), "first": "", "last": ""})
            for e, first, last in _csv(store, f"""SELECT ?e (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{
                    GRAPH ?g {{ ?e a {cls} . ?a schema:datePublished ?d }} }} GROUP BY ?e"""):
                if self.info[e]["kind"] == kind:
                    self.info[e].update(first=first, last=last)
        # a kept IRI and its merged ones: the articles naming any of them
        nodes = [n for t, ms in merges.nodes.items() for n in (t, *ms)]
        graphs: dict[str, set[str]] = defaultdict(set)
        for i in range(0, len(nodes), 500):
            for e, g in _csv(store, f"SELECT DISTINCT ?e ?g WHERE {{ {_values('e', nodes[i:i + 500])} GRAPH ?g {{ ?e a ?c }} "
                                    f"FILTER(?g != {_iri(RESOLUTION)}) }}"):
                graphs[canon(e)].add(g)
        for t, ms in merges.nodes.items():
            kind = next((self.info[n]["kind"] for n in (t, *ms) if n in self.info), None)
            for m in ms:
                self.info.pop(m, None)
            if kind is None:
                continue
            ds = sorted(d for d in (dates.get(_article_of(g), "") for g in graphs[t]) if d)
            self.info[t] = {"kind": kind, "articles": len(graphs[t]), "first": ds[0] if ds else "",
                            "last": ds[-1] if ds else ""}
        # persons' names in Arabic and Latin letters, for a name typed in the other script
        self.skeletons: dict[tuple, list[tuple[tuple[str, ...], bool, str, str]]] = defaultdict(list)
        for e, label in _csv(store, "SELECT ?e ?l WHERE { ?e a schema:Person ; rdfs:label ?l }"):
            sk = skeleton(label)
            if len(sk) >= 2:
                item = (sk, _is_arabic(label), canon(e), label)
                self.skeletons[(len(sk), 0, _sk_word(sk[0]))].append(item)
                self.skeletons[(len(sk), 1, _sk_word(sk[-1]))].append(item)

    def matching(self, key: str) -> set[int]:
        """Indexes in :attr:`keys` of the keys that begin with ``key`` or
        have a word that does."""
        out: set[int] = set()
        for needle, shift in (("\n" + key, 1), (" " + key, 0)):
            i = self._blob.find(needle)
            while i != -1:
                out.add(bisect.bisect_right(self._at, i + shift) - 1)
                i = self._blob.find(needle, i + 1)
        return out

    def transliterations(self, name: str) -> dict[str, str]:
        """Persons named ``name`` in the other script: a label in Arabic
        letters for a name typed in Latin ones or the other way round, whose
        skeleton matches (:func:`kgbuild.translit.skeletons_match`: the same
        number of words, each the same or, from four letters, one edit
        apart; two words at least): IRI → that label. "Hadi al-Bahra" finds
        هادي البحرة, "سيرغي لافروف" Sergey Lavrov."""
        sk = skeleton(name)
        if len(sk) < 2:
            return {}
        arabic = _is_arabic(name)
        out: dict[str, str] = {}
        for block in ((len(sk), 0, _sk_word(sk[0])), (len(sk), 1, _sk_word(sk[-1]))):
            for other, other_arabic, e, label in self.skeletons.get(block, ()):
                if other_arabic != arabic and e not in out and skeletons_match(sk, other):
                    out[e] = label
        return out


def _is_arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def _sk_word(w: str) -> str:
    """A skeleton word as :func:`kgbuild.translit.skeletons_match` compares it (a final h dropped)."""
    return w[:-1] if len(w) > 1 and w.endswith("h") else w


class EventIndex:
    """Every event of a store (module docstring): ``info``: event IRI →
    ``[type, status, date]`` (the earliest date; "" when none);
    ``order``: event IRIs newest first (undated last, then by IRI);
    ``places``: event → place IRIs; ``coords``: place → (lat, long)."""

    def __init__(self, store: ox.Store) -> None:
        types = " ".join(f"kgb:{t}" for t in EVENT_TYPES)
        self.info: dict[str, list] = {}
        for ev, t, st, d in _csv(store, f"""SELECT ?ev ?type ?st ?d WHERE {{ VALUES ?type {{ {types} }} ?ev a ?type .
                OPTIONAL {{ ?ev kgb:status ?st }} OPTIONAL {{ ?ev sem:hasTimeStamp ?d }} }}"""):
            cur = self.info.setdefault(ev, [_local(t), _local(st), d])
            if d and (not cur[2] or d < cur[2]):
                cur[2] = d
        self.order = sorted(sorted(self.info), key=lambda e: self.info[e][2], reverse=True)
        self.rank = {e: i for i, e in enumerate(self.order)}
        self.places: dict[str, list[str]] = defaultdict(list)
        for ev, pl in _csv(store, "SELECT ?ev ?pl WHERE { ?ev a sem:Event ; sem:hasPlace ?pl } ORDER BY ?ev ?pl"):
            self.places[ev].append(pl)
        self.coords = {pl: (float(la), float(lo)) for pl, la, lo in
                       _csv(store, "SELECT ?pl ?la ?lo WHERE { ?pl geo:lat ?la ; geo:long ?lo }")}

    def sorted(self, evs) -> list[str]:
        """``evs`` newest first (the index's order; unknown events last)."""
        n = len(self.order)
        return sorted(evs, key=lambda e: (self.rank.get(e, n), e))

    def per_day(self, evs) -> list[dict]:
        """``[{date, type, n}]`` of the dated events among ``evs``, in date order."""
        c = Counter((self.info[e][2][:10], self.info[e][0]) for e in evs if e in self.info and self.info[e][2])
        return [{"date": d, "type": t, "n": n} for (d, t), n in sorted(c.items())]


class StoreView:
    """A read-only store and its indexes (built on first use, or all at
    once by :meth:`warm`). ``store``: the ``pyoxigraph.Store``."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._names: NameIndex | None = None
        self._events: EventIndex | None = None
        self._dates: dict[str, str] | None = None
        self._merges: Merges | None = None
        self.counts: dict | None = None  # the front page's, see overview()

    @classmethod
    def open(cls, path: str) -> StoreView:
        """Open the store folder at ``path`` read-only. Raises OSError."""
        return cls(ox.Store.read_only(str(path)))

    def merges(self) -> Merges:
        if self._merges is None:
            self._merges = Merges(self.store)
        return self._merges

    def names(self) -> NameIndex:
        if self._names is None:
            self._names = NameIndex(self.store, self.merges(), self.dates())
        return self._names

    def events(self) -> EventIndex:
        if self._events is None:
            self._events = EventIndex(self.store)
        return self._events

    def dates(self) -> dict[str, str]:
        """Article IRI → publication date (YYYY-MM-DD), for dated articles."""
        if self._dates is None:
            self._dates = dict(_csv(self.store, "SELECT ?a ?d WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }"))
        return self._dates

    def warm(self) -> None:
        """Build the indexes now (a worker does it before it serves)."""
        self.merges()
        self.names()
        self.events()
        self.dates()


def labels(v: StoreView, iris) -> dict[str, dict]:
    """Labels of nodes: iri → ``{"ar": first Arabic label, "en": first
    English label, "label": a display label (Arabic, else English, else
    any, else the IRI's last segment), "path"}``; labels in code point order."""
    out: dict[str, dict] = {}
    for i in sorted(set(iris)):
        d = {"ar": "", "en": "", "any": ""}
        for lit in _objs(v.store, i, _LABEL):
            lang = (getattr(lit, "language", None) or "").split("-")[0]
            for k in ("ar", "en", "any"):
                if (k == lang or k == "any") and (not d[k] or lit.value < d[k]):
                    d[k] = lit.value
        d["label"] = d["ar"] or d["en"] or d["any"] or _local(i)
        d["path"] = path_of(i)
        del d["any"]
        out[i] = d
    return out


def kinds(v: StoreView, iris) -> dict[str, str]:
    """iri → kind: Event, Delegation, Person, Place, Organization,
    Membership, Article or "" (the first of these its types give)."""
    out = {}
    for i in sorted(set(iris)):
        types = {t.value for t in _objs(v.store, i, _RDF_TYPE)}
        out[i] = next((k for t, k in _KIND_OF if t in types), "")
    return out


_ARTICLE_PROPS = {"headline": "title", "datePublished": "date", "publisher": "publisher", "url": "url",
                  "inLanguage": "lang", "identifier": "id"}


def _articles(v: StoreView, iris) -> dict[str, dict]:
    """Article IRI → {path, title, date, publisher, url, lang, id}."""
    out = {}
    for i in sorted(set(iris)):
        a = {"path": path_of(i), "title": "", "date": "", "publisher": "", "url": "", "lang": "", "id": _local(i)}
        for prop, key in _ARTICLE_PROPS.items():
            vals = sorted(o.value for o in _objs(v.store, i, _SCHEMA + prop))
            if vals:
                a[key] = vals[0]
        out[i] = a
    return out


# --------------------------------------------------------------------------- overview

def overview(v: StoreView) -> dict:
    """Counts for the front page: articles, persons, organisations,
    places, events, memberships (IRIs merged by the store's resolution
    pass count once, :class:`Merges`); first and last article dates
    (counted once per worker: the store does not change while it is
    served)."""
    if v.counts is None:
        v.counts = _overview(v)
    return v.counts


def _overview(v: StoreView) -> dict:
    rows = _q(v.store, """SELECT ?t (COUNT(?s) AS ?n) WHERE {
        VALUES ?t { schema:NewsArticle schema:Person schema:Organization schema:Place sem:Event org:Membership }
        ?s a ?t } GROUP BY ?t""")
    counts = {_local(r["t"]): r["n"] for r in rows}
    # a merged IRI is the entity it was merged into (Merges): not counted again
    classes = {_SCHEMA + "Person": "Person", _SCHEMA + "Organization": "Organization", _SCHEMA + "Place": "Place"}
    for alias in v.merges().into:
        for t in _objs(v.store, alias, _RDF_TYPE):
            if t.value in classes and counts.get(classes[t.value]):
                counts[classes[t.value]] -= 1
    span = _q(v.store, "SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }")
    return {"counts": counts, "first": span[0].get("first", "") if span else "",
            "last": span[0].get("last", "") if span else ""}


# --------------------------------------------------------------------------- search

def search(v: StoreView, q: str, kind: str = "", limit: int = SEARCH_LIMIT) -> dict:
    """Persons, organisations and places whose name matches ``q`` in any
    spelling (:func:`search_keys`): the search key of one of its labels
    (``kgb:searchKey``), or a word of it, starts with the query's key; or
    the key of one of its alternative labels (``kgb:altSearchKey``: an
    alias, a demonym, a long form such as جمهورية مصر العربية) is the
    query's key; or, when no label or alternative label is the query
    whole, for a person, the name typed in Latin letters matches a label
    in Arabic letters or the other way round
    (:meth:`NameIndex.transliterations`). Ranked by the number of articles
    that name them (named graphs holding the entity), then exact matches
    first, then by IRI. ``kind``: "" or one of :data:`KINDS`.
    Returns ``{"q", "keys", "hits": [{iri, path, kind, label, ar, en,
    articles, matched, by, exact}], "more"}`` (``by``: "name", "alias" or
    "transliteration"; ``exact``: the whole key matched; ``more``: more
    matches than ``limit``).
    Raises ValueError for another kind."""
    if kind and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: use {', '.join(KINDS)}")
    keys = search_keys(q)
    if not keys:
        return {"q": q, "keys": [], "hits": [], "more": False}
    names = v.names()
    best: dict[str, tuple[int, str, str]] = {}  # entity → (0 exact, 1 in part, 2 by transliteration; key; how)

    def offer(e: str, cand: tuple[int, str, str]) -> None:
        if e not in best or cand < best[e]:
            best[e] = cand

    for i in sorted({i for qk in keys for i in names.matching(qk)}):
        k, e = names.keys[i]
        offer(e, (0 if k in keys else 1, k, "name"))
    for qk in keys:
        for e in names.alt_keys.get(qk, ()):
            offer(e, (0, qk, "alias"))
    if (not kind or kind == "Person") and not any(b[0] == 0 for b in best.values()):
        # only when no name or alias is the query whole: "Saudi Arabia" is a country, not سعيد ربيع
        for e, label in names.transliterations(unicodedata.normalize("NFKC", q)).items():
            offer(e, (2, label, "transliteration"))
    found = [(e, names.info[e]) for e in best if e in names.info and (not kind or names.info[e]["kind"] == kind)]
    found.sort(key=lambda x: (-x[1]["articles"], best[x[0]], x[0]))
    more = len(found) > limit
    found = found[:limit]
    labs = labels(v, [e for e, _i in found])
    hits = [{"iri": e, "path": path_of(e), "kind": i["kind"], "articles": i["articles"], "matched": best[e][1],
             "by": best[e][2], "exact": best[e][0] == 0, **{k: labs[e][k] for k in ("label", "ar", "en")}}
            for e, i in found]
    return {"q": q, "keys": keys, "hits": hits, "more": more}


# --------------------------------------------------------------------------- sentences

def _sentence_segments(text: str | None, sentence: str, begin: int, end: int,
                       marks: list[tuple[int, int, str]]) -> list[list]:
    """The sentence cut into ``[text, cls]`` segments, ``cls`` naming what
    covers it: "mention" (the entity's mention), "fact" (the fact's own
    span), "mention fact" (both) or "" (neither). ``begin``/``end``: the
    fact's span in the article; ``marks``: ``(begin, end, cls)`` in article
    offsets. The sentence is placed in the article text (the occurrence
    holding the fact's span); without the text it is one plain segment."""
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


def _mention(store: ox.Store, m: str) -> dict:
    """begin, end, sentence, context of a mention node (point lookups)."""
    out = {"m": m}
    for key, prop in (("b", _NIF + "beginIndex"), ("e", _NIF + "endIndex"), ("s", _KGB + "sentence"),
                      ("ctx", _NIF + "referenceContext")):
        vals = _objs(store, m, prop)
        if vals:
            out[key] = vals[0].value
    return out


def _fact_sources(v: StoreView, facts: list[str], entity: list[str] | None,
                  article: str | None = None) -> dict[str, list[dict]]:
    """For each fact (membership or event IRI): up to
    :data:`SOURCES_PER_FACT` sentences that state it (only those of
    ``article`` when given), newest article first: ``{article: {...},
    segments, begin}``, the mentions of the entity (``entity``: its IRIs)
    in the sentence marked "mention" and the fact's span "fact"."""
    st = v.store
    dates = v.dates()
    chosen: dict[str, list] = {}
    for f in facts:
        # mention IRIs are ARTICLE#char=B,E: newest article first, read only what is kept
        ms = [o.value for o in _objs(st, f, _GAF + "denotedBy")]
        if article is not None:
            ms = [m for m in ms if m.split("#", 1)[0] == article]
        ms.sort(key=lambda m: (dates.get(m.split("#", 1)[0], ""), m), reverse=True)
        seen, keep = set(), []
        for iri in ms:
            m = _mention(st, iri)
            sig = (m.get("ctx"), m.get("s"))
            if sig in seen or not all(k in m for k in ("b", "e", "ctx", "s")):
                continue
            seen.add(sig)
            keep.append(m)
            if len(keep) == SOURCES_PER_FACT:
                break
        chosen[f] = keep
    arts = {m["ctx"]: m["ctx"].split("#", 1)[0] for ms in chosen.values() for m in ms}
    meta = _articles(v, set(arts.values()))
    used = sorted(arts)
    texts = {c: (_objs(st, c, _NIF + "isString") or [None])[0] for c in used}
    marks: dict[str, list] = defaultdict(list)
    for node in entity or ():
        for c in used:
            g = ox.NamedNode(_graph_of(arts[c]))
            for o in _objs(st, node, _GAF + "denotedBy", g):
                m = _mention(st, o.value)
                if m.get("ctx") == c and "b" in m and "e" in m:
                    marks[c].append((int(m["b"]), int(m["e"]), "mention"))
    out = {}
    for f, ms in chosen.items():
        out[f] = [{"article": meta[arts[m["ctx"]]], "begin": int(m["b"]),
                   "segments": _sentence_segments(texts[m["ctx"]].value if texts[m["ctx"]] is not None else None,
                                                  m["s"], int(m["b"]), int(m["e"]), marks.get(m["ctx"], []))}
                  for m in ms]
    return out


# --------------------------------------------------------------------------- events (shared)

def _events_of(v: StoreView, iri: str, roles: str = _EVENT_ROLES) -> set[str]:
    """The events the entity ``iri`` (any of its IRIs, :meth:`Merges.group`)
    takes part in (``roles``: a VALUES clause of ?r)."""
    nodes = v.merges().group(iri)
    return {r["ev"] for r in _q(v.store, f"SELECT DISTINCT ?ev WHERE {{ {roles} {_values('x', nodes)} ?ev ?r ?x }}")}


def _parties(v: StoreView, ev: str) -> dict[str, str]:
    """The parties of an event: IRI (a merged one as the IRI kept) → "host",
    "recipient" or "actor" (a host or recipient is also a
    ``sem:hasActor``; its own part wins)."""
    canon = v.merges().canon
    roles: dict[str, str] = {}
    for role in ("host", "recipient"):
        for o in _objs(v.store, ev, _KGB + role):
            roles.setdefault(canon(o.value), role)
    for o in _objs(v.store, ev, _SEM + "hasActor"):
        roles.setdefault(canon(o.value), "actor")
    return roles


def _event_details(v: StoreView, evs: list[str], exclude: str | None = None) -> list[dict]:
    """Rows for events (in the given order): type, status, date (from the
    index), sources (articles) and the first article, places and parties
    (actors, hosts, recipients) with labels; ``exclude``: an entity left
    out of the parties."""
    st, idx = v.store, v.events()
    rows = []
    for ev in evs:
        t, status, date = idx.info.get(ev, ["", "", ""])
        roles = _parties(v, ev)
        roles.pop(v.merges().canon(exclude or ""), None)
        arts = sorted(o.value for o in _objs(st, ev, _DERIVED))
        rows.append({"iri": ev, "path": path_of(ev), "type": t, "status": status, "date": date,
                     "sources": len(arts), "article": path_of(arts[0]) if arts else None,
                     "_places": sorted(o.value for o in _objs(st, ev, _SEM + "hasPlace")), "_roles": roles})
    labs = labels(v, {p for r in rows for p in r["_places"]} | {p for r in rows for p in r["_roles"]})
    for r in rows:
        r["places"] = [{"iri": p, **labs[p]} for p in r.pop("_places")]
        r["parties"] = sorted(({"iri": p, "role": ro, **labs[p]} for p, ro in r.pop("_roles").items()),
                              key=lambda x: (x["label"], x["iri"]))
    return rows


# --------------------------------------------------------------------------- entity

def entity(v: StoreView, path: str, page: int = 1, hops: int = 1) -> dict:
    """Everything the entity page shows for the entity at ``path``:
    ``iri, path, kind, label, ar, en, labels [[text, lang]], alt_labels,
    merged [{iri, path, label, ar, en}], geo {lat, long}, geonames,
    wikidata, iso2, within [...], articles {n, first, last}, posts [...]
    (memberships held, or for an organisation those of its members, each
    with role, the other side, first/last article dates, article count and
    publishers), events {n, rows [...] (newest first, at most
    ENTITY_EVENTS), per_day}, facts {n, page, pages, items [{kind, iri,
    summary, sources [{article, segments}]}]}, graph (:func:`neighbourhood`)``.

    An entity the store's resolution pass merged other IRIs into
    (:class:`Merges`) shows their labels, posts, events, articles and
    neighbours as its own (``merged`` names them); for a merged IRI the
    answer is ``{"redirect": path of the IRI kept, "merged": path}``.
    Raises LookupError when the store has nothing about ``path``,
    ValueError for a path no IRI can be made of."""
    st = v.store
    m = v.merges()
    iri = iri_of(path)
    if iri in m.into:
        return {"redirect": path_of(m.into[iri]) or m.into[iri], "merged": path_of(iri) or iri}
    kind = kinds(v, [iri])[iri]
    if not kind:
        raise LookupError(f"nothing in the store is called {path!r}")
    group = m.group(iri)
    labs = {(o.value, o.language or "") for n in group for o in _objs(st, n, _LABEL)}
    alts = {(o.value, o.language or "") for n in group for o in _objs(st, n, PREFIX_MAP["skos"] + "altLabel")} - labs
    info: dict = {"iri": iri, "path": path_of(iri) or iri, "kind": kind,
                  "labels": sorted(map(list, labs)), "alt_labels": sorted(map(list, alts)),
                  "geo": None, "geonames": "", "wikidata": "", "iso2": ""}
    for n in reversed(group):  # the kept IRI's own values win
        lat, lon = _objs(st, n, PREFIX_MAP["geo"] + "lat"), _objs(st, n, PREFIX_MAP["geo"] + "long")
        if lat and lon:
            info["geo"] = {"lat": float(lat[0].value), "long": float(lon[0].value)}
        for o in _objs(st, n, PREFIX_MAP["owl"] + "sameAs"):
            if "geonames.org/" in o.value:
                info["geonames"] = o.value.rstrip("/").rsplit("/", 1)[-1]
            elif "wikidata.org/entity/" in o.value:
                info["wikidata"] = o.value.rsplit("/", 1)[-1]
        iso = _objs(st, n, _KGB + "iso2")
        info["iso2"] = iso[0].value if iso else info["iso2"]
    within = sorted({m.canon(o.value) for n in group
                     for p in (_SCHEMA + "containedInPlace", "http://www.w3.org/ns/org#subOrganizationOf")
                     for o in _objs(st, n, p)} - {iri})
    wl = labels(v, within + group)
    info["within"] = [{"iri": w, **wl[w]} for w in within]
    info["merged"] = [{"iri": n, **wl[n]} for n in group[1:]]
    info["label"], info["ar"], info["en"] = wl[iri]["label"], wl[iri]["ar"], wl[iri]["en"]

    known = v.names().info.get(iri)
    if known:
        info["articles"] = {"n": known["articles"], "first": known["first"], "last": known["last"]}
    else:
        cls = _iri(_CLASS_OF.get(kind, _SCHEMA + "Organization"))
        span = _q(st, f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {_values('e', group)} GRAPH ?g {{ ?e a {cls} }} }}")
        dates = _q(st, f"""SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{ {_values('e', group)}
            GRAPH ?g {{ ?e a {cls} . ?a schema:datePublished ?d }} }}""")
        info["articles"] = {"n": span[0].get("n", 0), "first": dates[0].get("first", ""), "last": dates[0].get("last", "")}

    # posts: the memberships the entity holds (a person) or grants (an organisation), under any of its IRIs
    side, other = ("org:member", "org:organization") if kind != "Organization" else ("org:organization", "org:member")
    posts = _q(st, f"""SELECT ?mb ?o (SAMPLE(?rk) AS ?role) (MIN(?d) AS ?first) (MAX(?d) AS ?last)
            (COUNT(DISTINCT ?a) AS ?n) (GROUP_CONCAT(DISTINCT ?pub; separator="\\u001f") AS ?pubs) WHERE {{
          {_values('e', group)}
          ?mb0 a org:Membership ; {side} ?e ; {other} ?o .
          # the same post stated by another article is one post (owl:sameAs, as the actor query has it)
          OPTIONAL {{ ?mb0 owl:sameAs ?mb1 . ?mb1 a org:Membership }}
          BIND(COALESCE(?mb1, ?mb0) AS ?mb)
          OPTIONAL {{ ?mb0 org:role/kgb:roleKey ?rk }}
          OPTIONAL {{ ?mb0 prov:wasDerivedFrom ?a . OPTIONAL {{ ?a schema:datePublished ?d }}
                      OPTIONAL {{ ?a schema:publisher ?pub }} }}
        }} GROUP BY ?mb ?o ORDER BY DESC(?n) ?mb LIMIT 200""")
    ol = labels(v, [m.canon(p["o"]) for p in posts])
    info["posts"] = [{"iri": p["mb"], "role": p.get("role", ""),
                      "role_text": " / ".join(sorted({o.value for o in _objs(st, p["mb"], _KGB + "roleText")})),
                      "other": {"iri": m.canon(p["o"]), **ol[m.canon(p["o"])]}, "first": p.get("first", ""),
                      "last": p.get("last", ""), "articles": p["n"],
                      "sources": sorted(set(filter(None, p.get("pubs", "").split("\x1f"))))}
                     for p in posts]
    info["posts_side"] = "members" if kind == "Organization" else "posts"

    evs = v.events().sorted(_events_of(v, iri))
    info["events"] = {"n": len(evs), "rows": _event_details(v, evs[:ENTITY_EVENTS], exclude=iri),
                      "per_day": v.events().per_day(evs)}

    facts = [("post", p["iri"]) for p in info["posts"]] + [("event", r["iri"]) for r in info["events"]["rows"]]
    n_facts = len(facts)
    pages = max(1, -(-n_facts // FACTS_PER_PAGE))
    page = min(max(1, int(page)), pages)
    shown = facts[(page - 1) * FACTS_PER_PAGE: page * FACTS_PER_PAGE]
    src = _fact_sources(v, [f for _k, f in shown], group)
    summary = {p["iri"]: f"{p['role_text'] or p['role']} — {p['other']['label']}" for p in info["posts"]}
    summary.update({r["iri"]: " · ".join(x for x in (r["type"], r["date"], r["status"]) if x)
                    for r in info["events"]["rows"]})
    info["facts"] = {"n": n_facts, "page": page, "pages": pages,
                     "items": [{"kind": k, "iri": f, "summary": summary.get(f, ""), "sources": src.get(f, [])}
                               for k, f in shown]}
    info["graph"] = neighbourhood(v, info["path"], hops)
    return info


# --------------------------------------------------------------------------- neighbourhood

def _neighbours(v: StoreView, node: str, kind: str, limit: int) -> tuple[list, int]:
    """Edges of one node: ``[(from, to, kind, label)]`` (memberships,
    participations: actor → event → host/recipient, event → place,
    sub-organisations), at most ``limit`` neighbours (events newest first),
    and how many there are in all."""
    st = v.store
    m = v.merges()
    edges: list[tuple] = []
    if kind == "Event":
        roles = _parties(v, node)
        for o in _objs(st, node, _SEM + "hasPlace"):
            roles.setdefault(m.canon(o.value), "place")
        edges = [_event_edge(node, p, role) for p, role in sorted(roles.items())[:limit]]
        return edges, len(roles)
    group = m.group(node)
    side, other = ("org:member", "org:organization") if kind != "Organization" else ("org:organization", "org:member")
    mem: dict[str, str] = {}  # the other side (as the IRI kept) → role, most articles first
    for r in _q(st, f"""SELECT ?o (SAMPLE(?rk) AS ?role) (COUNT(DISTINCT ?a) AS ?k) WHERE {{ {_values('n', group)}
            ?mb a org:Membership ; {side} ?n ; {other} ?o . OPTIONAL {{ ?mb org:role/kgb:roleKey ?rk }}
            OPTIONAL {{ ?mb prov:wasDerivedFrom ?a }} }} GROUP BY ?o ORDER BY DESC(?k) ?o"""):
        if m.canon(r["o"]) != node:
            mem.setdefault(m.canon(r["o"]), r.get("role", "member"))
    total = len(mem)
    for o, role in list(mem.items())[:limit]:
        a, b = (node, o) if kind != "Organization" else (o, node)
        edges.append((a, b, "membership", role))
    sub = sorted({m.canon(o.value) for g in group for o in _objs(st, g, "http://www.w3.org/ns/org#subOrganizationOf")}
                 - {node})
    edges += [(node, o, "suborganization", "part of") for o in sub[:limit]]
    total += len(sub)
    roles = _q(st, f"SELECT ?ev ?r WHERE {{ {_EVENT_ROLES} {_values('n', group)} ?ev ?r ?n }}")
    by_ev: dict[str, str] = {}
    for r in roles:
        role = {"hasActor": "actor", "hasPlace": "place"}.get(_local(r["r"]), _local(r["r"]))
        if role != "actor" or r["ev"] not in by_ev:
            by_ev[r["ev"]] = role
    total += len(by_ev)
    edges += [_event_edge(ev, node, by_ev[ev]) for ev in v.events().sorted(by_ev)[:max(0, limit - len(edges))]]
    return edges, total


def _event_edge(ev: str, other: str, role: str) -> tuple[str, str, str, str]:
    """The graph edge between an event and a party or place, directed as
    in :mod:`kgbuild.graph`: actor → event, event → host / recipient / place."""
    if role == "actor":
        return (other, ev, "participation", "actor")
    if role == "place":
        return (ev, other, "place", "place")
    return (ev, other, "participation", role)


def neighbourhood(v: StoreView, path: str, hops: int = 1, max_nodes: int = GRAPH_NODES,
                  per_node: int = GRAPH_PER_NODE) -> dict:
    """The entity's neighbourhood, ``hops`` steps out (1 to
    :data:`MAX_HOPS`; an event is half a step from each party, so its
    other parties and its place are one step away, as in ``kgbuild render
    --focus``): ``{nodes [{id, path, kind, label, ar, en, focus,
    event_type, status, date}], edges [{from, to, kind, label}], hops, cut,
    total, max_nodes, per_node}``. At most ``per_node`` neighbours per node
    (events newest first) and ``max_nodes`` nodes in all; ``cut`` says
    whether anything was left out, ``total`` how many neighbours the
    centre has. Every node stands for all its IRIs (:class:`Merges`): a
    merged IRI is drawn as the IRI kept. Raises LookupError for an unknown
    entity."""
    hops = max(1, min(int(hops), MAX_HOPS))
    centre = v.merges().canon(iri_of(path))
    kd = kinds(v, [centre])
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
            nb, n_all = _neighbours(v, node, kd[node], per_node)
            if node == centre:
                total = n_all
            if n_all > len(nb):
                cut = True
            kd.update(kinds(v, {x for e in nb for x in e[:2]} - set(kd)))
            for e in nb:
                for x in e[:2]:
                    if x in nodes:
                        continue
                    if len(nodes) >= max_nodes:
                        cut = True
                        break
                    # an event is half a step away; its parties and places complete the step
                    nodes[x] = depth + (0.5 if kd.get(x) == "Event" or kd.get(node) == "Event" else 1.0)
                    nxt.append(x)
                if e[0] in nodes and e[1] in nodes:
                    edges[(e[0], e[1], e[2])] = e
        frontier = [x for x in nxt if nodes[x] < hops]
    labs = labels(v, nodes)
    idx = v.events()
    out_nodes = []
    for n in sorted(nodes, key=lambda x: (nodes[x], x)):
        d = {"id": n, "path": path_of(n), "kind": kd.get(n) or "Organization", "label": labs[n]["label"],
             "ar": labs[n]["ar"], "en": labs[n]["en"], "focus": n == centre}
        if n in idx.info:
            t, status, date = idx.info[n]
            d.update(event_type=t, status=status, date=date, label=" · ".join(x for x in (t, date) if x))
        out_nodes.append(d)
    out_edges = [{"from": a, "to": b, "kind": k, "label": lab} for (a, b, k, lab) in sorted(edges.values())]
    return {"nodes": out_nodes, "edges": out_edges, "hops": hops, "cut": cut, "total": total,
            "max_nodes": max_nodes, "per_node": per_node}


# --------------------------------------------------------------------------- events view

#: How many other candidates the events view names for an ambiguous place or actor.
CANDIDATES = 8
_ACTOR_ROLES = "VALUES ?r { sem:hasActor kgb:host kgb:recipient }"


def entity_path(val: str) -> str | None:
    """The entity path in a value typed or pasted into a filter, or None for
    a name: ``person/x``; a page's address as the browser shows it
    (``/id/person/x``, ``http://127.0.0.1:8000/kg/id/person/x?hops=2#graph``);
    the full IRI (``https://w3id.org/kgbuild/id/person/x``)."""
    s = val.strip()
    if s.startswith(BASE):
        s = s[len(BASE):]
    elif "/id/" in s:
        s = s.split("/id/", 1)[1]
    elif "/" not in s or " " in s:
        return None
    s = urllib.parse.unquote(s.split("#", 1)[0].split("?", 1)[0]).strip("/")
    return s or None


def _place_events(v: StoreView, iri: str) -> set[str]:
    """The events at a place or at a place in it (``schema:containedInPlace``)."""
    return {r["ev"] for r in _q(v.store, f"SELECT DISTINCT ?ev WHERE {{ ?ev sem:hasPlace/schema:containedInPlace? {_iri(iri)} }}")}


def _resolve(v: StoreView, val: str, kind: str) -> tuple[str | None, list[str]]:
    """An entity path (:func:`entity_path`) or a name → the entity's IRI
    (a merged IRI: the one kept) and the other entities the name may mean.
    A name means the entities whose label's key it is (exact matches, e.g.
    عمان: Oman and Amman), or when none, every search hit, most articles
    first: the first and the others (at most :data:`CANDIDATES`).
    (None, []) when nothing matches."""
    path = entity_path(val)
    if path:
        try:
            iri = iri_of(path)
        except ValueError:
            iri = None
        if iri and kinds(v, [iri])[iri]:
            return v.merges().canon(iri), []
    hits = search(v, val, kind=kind, limit=CANDIDATES + 1)["hits"]
    if not hits:
        return None, []
    cands = [h["iri"] for h in hits if h["exact"]] or [h["iri"] for h in hits]
    return cands[0], cands[1:CANDIDATES + 1]


def select_events(v: StoreView, type: str = "", status: str = "", date_from: str = "", date_to: str = "",
                  place: str = "", actor: str = "") -> tuple[list[str], dict]:
    """The events matching the events view's filters, newest first, and
    what ``place`` and ``actor`` resolved to: ``{"place"/"actor": {iri,
    label, ar, en, path, kind, iso2, events, typed, candidates [{iri,
    label, ar, en, path, kind, iso2, events}]}}`` (``candidates``: the other entities a name
    may mean, :func:`_resolve`; ``events``: how many events each has,
    before the other filters). ``place`` and ``actor``: an entity path or a
    name (of the entities it may mean, the one with most events); a place
    takes in the places in it (``schema:containedInPlace``).
    Raises ValueError for an unknown type or status, a malformed date or a
    ``from`` after ``to``, LookupError for a place or actor that matches
    nothing."""
    if type and type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}: use {', '.join(EVENT_TYPES)}")
    if status and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}: use {', '.join(STATUSES)}")
    bounds = []
    for name, val in (("from", date_from), ("to", date_to)):
        if val:
            try:
                bounds.append(dt.date.fromisoformat(val).isoformat())
            except ValueError:
                raise ValueError(f"bad date {val!r} ({name}): use YYYY-MM-DD") from None
        else:
            bounds.append("")
    lo, hi = bounds
    if lo and hi and lo > hi:
        raise ValueError(f"the date range runs backwards: from {lo} is after to {hi}")
    idx = v.events()
    chosen: dict = {}
    pool: set[str] | None = None
    for name, val, kind in (("place", place, "Place"), ("actor", actor, "")):
        if not val:
            continue
        iri, others = _resolve(v, val, kind)
        if iri is None:
            what = "place" if name == "place" else "person, organisation or place"
            raise LookupError(f"no {what} matches {val!r} (a name as the store's labels spell it, in any spelling, "
                              "or an entity's address such as place/geonames-250441)")
        of = _place_events if name == "place" else (lambda v_, i: _events_of(v_, i, _ACTOR_ROLES))
        cands = [iri, *others]
        got = {c: of(v, c) for c in cands}
        # of the entities a name may mean, the one with most events (then most articles) is shown
        iri = min(cands, key=lambda c: (-len(got[c]), cands.index(c)))
        others = [c for c in cands if c != iri]
        labs = labels(v, got)
        kd = kinds(v, cands)

        def about(c: str) -> dict:
            iso = _objs(v.store, c, _KGB + "iso2")
            return {"iri": c, **labs[c], "kind": kd[c], "events": len(got[c]), "iso2": iso[0].value if iso else ""}

        chosen[name] = {**about(iri), "typed": val, "candidates": [about(o) for o in others]}
        pool = got[iri] if pool is None else pool & got[iri]
    evs = idx.order if pool is None else idx.sorted(pool & idx.info.keys())
    out = [e for e in evs if (not type or idx.info[e][0] == type) and (not status or idx.info[e][1] == status)
           and (not lo or (idx.info[e][2] and idx.info[e][2][:10] >= lo))
           and (not hi or (idx.info[e][2] and idx.info[e][2][:10] <= hi))]
    return out, chosen


def events(v: StoreView, type: str = "", status: str = "", date_from: str = "", date_to: str = "",
           place: str = "", actor: str = "", page: int = 1) -> dict:
    """The events view: events matching the filters (:func:`select_events`),
    newest first, :data:`EVENTS_PER_PAGE` a page: ``{filters, chosen, n,
    page, pages, rows [...], per_day [{date, type, n}], places [{iri,
    label, lat, long, n}] (the :data:`MAP_PLACES` places with coordinates
    holding most of them), by_type, by_status}``."""
    evs, chosen = select_events(v, type, status, date_from, date_to, place, actor)
    idx = v.events()
    n = len(evs)
    pages = max(1, -(-n // EVENTS_PER_PAGE))
    page = min(max(1, int(page)), pages)
    rows = _event_details(v, evs[(page - 1) * EVENTS_PER_PAGE: page * EVENTS_PER_PAGE])
    at = Counter(p for e in evs for p in set(idx.places.get(e, ())) if p in idx.coords)
    top = sorted(at.items(), key=lambda x: (-x[1], x[0]))[:MAP_PLACES]
    pl = labels(v, [p for p, _n in top])
    return {"filters": {"type": type, "status": status, "from": date_from, "to": date_to, "place": place,
                        "actor": actor},
            "chosen": chosen, "n": n, "page": page, "pages": pages, "rows": rows,
            "per_day": idx.per_day(evs),
            "places": [{"iri": p, **pl[p], "lat": idx.coords[p][0], "long": idx.coords[p][1], "n": c} for p, c in top],
            "by_type": dict(sorted(Counter(idx.info[e][0] for e in evs).items())),
            "by_status": dict(sorted(Counter(idx.info[e][1] for e in evs).items()))}


# --------------------------------------------------------------------------- article

_MARK_ORDER = {"Person": 0, "Organization": 1, "Place": 2, "Delegation": 3, "Event": 4}


def article(v: StoreView, path: str) -> dict:
    """The article page: ``{iri, path, meta {title, date, publisher, url,
    lang, id}, dir, paragraphs [[[text, kind, entity path, mention id]]],
    entities [{iri, path, kind, label, n}], posts [...], events [...]}``:
    the text cut into segments, each mention of a person, organisation,
    place, delegation or event trigger marked with its kind (overlapping
    mentions: the earlier, then the longer, wins); the facts drawn from
    the article with the sentences that state them.
    Raises LookupError when the store has no such article."""
    st = v.store
    iri = iri_of(path)
    gi = _iri(_graph_of(iri))
    meta = _articles(v, [iri])[iri]
    texts = _q(st, f"SELECT ?t WHERE {{ GRAPH {gi} {{ ?c nif:sourceUrl {_iri(iri)} ; nif:isString ?t }} }}")
    if not texts and not meta["title"]:
        raise LookupError(f"no article {path!r} in the store")
    text = texts[0]["t"] if texts else ""
    canon = v.merges().canon
    rows = _q(st, f"SELECT ?x ?b ?e WHERE {{ GRAPH {gi} {{ ?x gaf:denotedBy ?m . ?m nif:beginIndex ?b ; nif:endIndex ?e }} }}")
    for r in rows:
        r["x"] = canon(r["x"])  # a merged IRI's mention links to the entity it was merged into
    kd = kinds(v, {r["x"] for r in rows})
    spans = sorted(((int(r["b"]), int(r["e"]), kd[r["x"]], r["x"]) for r in rows if kd[r["x"]] in _MARK_ORDER),
                   key=lambda s: (s[0], -(s[1] - s[0]), _MARK_ORDER[s[2]], s[3]))
    kept, last = [], 0
    for b, e, k, x in spans:
        if b >= last and 0 <= b < e <= len(text):
            kept.append((b, e, k, x))
            last = e
    labs = labels(v, {x for *_r, x in kept})
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
    counts = Counter(x for *_r, x in kept)
    ents = sorted(({"iri": x, "kind": kd[x], "n": n, **labs[x]} for x, n in counts.items() if kd[x] != "Event"),
                  key=lambda d: (_MARK_ORDER[d["kind"]], -d["n"], d["label"], d["iri"]))
    mbs = _q(st, f"""SELECT ?mb ?p ?o ?rk ?rt WHERE {{ GRAPH {gi} {{ ?mb a org:Membership ; org:member ?p ;
              org:organization ?o . OPTIONAL {{ ?mb org:role/kgb:roleKey ?rk }} OPTIONAL {{ ?mb kgb:roleText ?rt }} }} }}
              ORDER BY ?mb""")
    evs = v.events().sorted({r["ev"] for r in _q(st, f"SELECT ?ev WHERE {{ GRAPH {gi} {{ ?ev a sem:Event }} }}")})
    ev_rows = _event_details(v, evs)
    for r in mbs:
        r["p"], r["o"] = canon(r["p"]), canon(r["o"])
    pl = labels(v, {r["p"] for r in mbs} | {r["o"] for r in mbs})
    src = _fact_sources(v, [r["mb"] for r in mbs] + evs, None, article=iri)
    posts = [{"iri": r["mb"], "person": {"iri": r["p"], **pl[r["p"]]}, "org": {"iri": r["o"], **pl[r["o"]]},
              "role": r.get("rk", ""), "role_text": r.get("rt", ""), "sentences": src.get(r["mb"], [])} for r in mbs]
    for r in ev_rows:
        r["sentences"] = src.get(r["iri"], [])  # beside "sources", the number of articles stating it
    return {"iri": iri, "path": path_of(iri), "meta": meta, "paragraphs": paragraphs, "entities": ents,
            "posts": posts, "events": ev_rows, "dir": "rtl" if meta["lang"].startswith("ar") else "ltr"}


def event_article(v: StoreView, path: str) -> dict:
    """Where an event's page is: its first source article (by date, then
    IRI) and the anchor of its fact there: ``{"article": path, "anchor"}``.
    Raises LookupError when the store has no such event."""
    iri = iri_of(path)
    arts = _articles(v, [o.value for o in _objs(v.store, iri, _DERIVED)])
    if not arts:
        raise LookupError(f"no event {path!r} in the store")
    first = min(arts, key=lambda a: (arts[a]["date"] or "9999", a))
    return {"article": path_of(first) or first, "anchor": f"fact-{_local(iri)}"}


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
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "n3": (ox.RdfFormat.N3, "text/n3; charset=utf-8"),
}


class QueryError(Exception):
    """A SPARQL query that failed as it ran (an evaluation error of the
    store's engine): the message is the engine's first line, at most
    :data:`ERROR_CHARS` characters, for the client."""


ERROR_CHARS = 300


def _short(e: BaseException) -> str:
    line = (str(e).strip().splitlines() or [type(e).__name__])[0]
    return line if len(line) <= ERROR_CHARS else line[:ERROR_CHARS - 1] + "…"


def sparql(v: StoreView, query: str, result_format: str = "json", graph_format: str = "turtle",
           default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
           out_dir: str | None = None) -> dict:
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) and write
    its results to a temporary file in ``out_dir``: SELECT and ASK in
    ``result_format`` (a key of :data:`RESULT_FORMATS`), CONSTRUCT and
    DESCRIBE in ``graph_format`` (a key of :data:`GRAPH_FORMATS`).

    The default graph is the store's merged graph (the union of the article
    graphs, each triple once) unless ``default_graphs`` names graphs;
    ``named_graphs`` restricts what ``GRAPH`` sees. kgbuild's prefixes
    (schema:, org:, sem:, kgb: …) need no PREFIX lines. A federated query
    (``SERVICE``) is refused before it runs (:mod:`kgbuild.serve.guard`).
    Returns ``{"path", "media_type", "kind"}`` (kind: select, ask, graph).
    Raises SyntaxError for a bad query, ValueError for a refused query
    (:class:`kgbuild.serve.guard.RefusedQuery`), a bad graph IRI or format,
    :class:`QueryError` for a query that failed as it ran, OSError when the
    store cannot be read."""
    if result_format not in RESULT_FORMATS or graph_format not in GRAPH_FORMATS:
        raise ValueError(f"unknown format {result_format!r} / {graph_format!r}")
    check_query(query)
    kwargs: dict = {"prefixes": PREFIX_MAP}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    fd, path = tempfile.mkstemp(prefix="kgbuild-sparql-", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            res = v.store.query(query, **kwargs)
            if isinstance(res, ox.QueryTriples):
                fmt, media = GRAPH_FORMATS[graph_format]
                res.serialize(fh, fmt)
                kind = "graph"
            else:
                fmt, media = RESULT_FORMATS[result_format]
                res.serialize(fh, fmt)
                kind = "ask" if isinstance(res, ox.QueryBoolean) else "select"
    except BaseException as e:
        os.unlink(path)
        if isinstance(e, (RuntimeError, TypeError)) or (isinstance(e, ValueError) and not isinstance(e, RefusedQuery)):
            raise QueryError(_short(e)) from None
        raise
    return {"path": path, "media_type": media, "kind": kind}


__all__ = ["StoreView", "NameIndex", "EventIndex", "search", "search_keys", "entity", "neighbourhood", "events",
           "select_events", "article", "event_article", "sparql", "QueryError", "overview", "labels", "kinds", "iri_of", "path_of"]
