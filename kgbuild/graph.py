"""Graph stage: the actor graph of a kgbuild RDF graph, as networkx, as one
self-contained interactive HTML page (pyvis / vis-network), and as GraphML or
GEXF for Gephi and Cytoscape.

Reads RDF only (never calls an extractor).

The actor graph (:func:`actor_graph`) is a ``networkx.MultiDiGraph`` whose
nodes are the persons, organisations, delegations, places and events of the
RDF graph (node ids are IRIs as strings) and whose edges are

==================  =========================================  ==============
edge ``kind``       from → to                                  ``label``
==================  =========================================  ==============
``membership``      person → organisation                      the role, as written / in English
``participation``   actor → event, event → host or recipient    ``actor`` / ``host`` / ``recipient``
``place``           event → place                              ``place``
``delegation``      person → delegation → organisation          ``member`` / ``represents``
``suborganization`` unit → parent organisation                 ``part of``
``met``             actor → actor (only with collapse_events)   ``met``
==================  =========================================  ==============

Every node and edge carries its provenance (``prov``): a list of
``(sentence, sentence_lang, anchor, article_iri)`` tuples, where the article
IRI is a key of the graph attribute ``articles`` (title, publisher, date,
url, id, lang from the ``schema:NewsArticle``).

The page (:func:`render_html`) works offline: vis-network is inlined from
pyvis's package, Bootstrap and every other CDN link that pyvis templates add
are not used, a Content-Security-Policy forbids any network request and any
script but the page's own two (by hash), and all data goes in as JSON inside
a ``<script type="application/json">`` block and out through ``textContent``
only: a label or sentence containing ``<script>`` or ``<img onerror=…>``
shows as text. pyvis traps (../shared/design/DEPENDENCY-NOTES.md): its
``write_html`` opens the file without an encoding and its templates always
load Bootstrap from a CDN, so the page is assembled here and returned as a
``str`` for the caller to write as UTF-8.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from collections import Counter, defaultdict
from importlib import resources

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS

from kgbuild.namespace import KGB
from kgbuild.rdf import GAF, NIF, SCHEMA, SEM
from kgbuild.text import name_key, normalize

#: Node kinds → (colour, vis.js shape, legend label). Persons and
#: organisations carry their name inside (ellipse, box: edges never cross
#: it), the others below; every kind is sized by degree (the shapes with the
#: label inside through their font size).
STYLE = {
    "Person": ("#4e79a7", "ellipse", "Person · شخص"),
    "Organization": ("#f28e2b", "box", "Organisation · منظمة"),
    "Delegation": ("#b07aa1", "hexagon", "Delegation · وفد"),
    "Place": ("#59a14f", "triangle", "Place · مكان"),
    "Event": ("#e15759", "diamond", "Event · حدث"),
}
#: The closed vocabulary of event types (ontology/kgbuild.ttl), in legend order.
EVENT_TYPES = ("Meet", "Visit", "Phone", "Appeal", "Attack", "Elect")
#: Statuses drawn with a dashed border (not known to have happened).
UNREALISED = ("Planned", "Possible")
#: Most provenance entries kept per node or edge in the page.
MAX_PROV = 12
#: Graphs with more nodes than this get the large-graph settings (straight
#: edges, edges hidden while dragging, fewer layout iterations).
LARGE = 400
#: Output formats of :func:`export`.
FORMATS = ("html", "graphml", "gexf")

_KIND_ORDER = ("Event", "Delegation", "Person", "Place", "Organization")
#: Which kind of node a component's layout is centred on: actors first
#: (organisations before persons and delegations on equal degree).
_CENTRE_ORDER = {"Organization": 0, "Person": 1, "Delegation": 1, "Event": 2, "Place": 3}


# --------------------------------------------------------------------------- RDF → networkx

def _local(iri) -> str:
    s = str(iri)
    return re.split(r"[#/]", s)[-1]


def _kind(types: set) -> str | None:
    if SEM.Event in types:
        return "Event"
    if KGB.Delegation in types:
        return "Delegation"
    if SCHEMA.Person in types:
        return "Person"
    if SCHEMA.Place in types:
        return "Place"
    if SCHEMA.Organization in types or ORG.Organization in types:
        return "Organization"
    return None


def _lang(lit) -> str:
    return (getattr(lit, "language", None) or "").lower()


class _Reader:
    """Reads labels, articles and provenance off an RDF graph (with caches)."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.articles: dict[str, dict] = {}

    def article(self, iri) -> str | None:
        """Register the article ``iri`` (a NewsArticle) and return its key."""
        if iri is None:
            return None
        key = str(iri)
        if key not in self.articles:
            g, a = self.g, URIRef(key)
            val = lambda p: g.value(a, p)  # noqa: E731
            title = val(SCHEMA.headline)
            self.articles[key] = {
                "title": str(title) if title is not None else "",
                "lang": _lang(title) if title is not None else str(val(SCHEMA.inLanguage) or ""),
                "publisher": str(val(SCHEMA.publisher) or ""),
                "date": str(val(SCHEMA.datePublished) or ""),
                "url": str(val(SCHEMA.url) or ""),
                "id": str(val(SCHEMA.identifier) or _local(key)),
            }
        return key

    def mention_article(self, m) -> str | None:
        ctx = self.g.value(m, NIF.referenceContext)
        if ctx is not None:
            src = self.g.value(ctx, NIF.sourceUrl)
            return self.article(src if src is not None else URIRef(str(ctx).split("#", 1)[0]))
        s = str(m)
        return self.article(URIRef(s.split("#", 1)[0])) if "#char=" in s else None

    def prov(self, node) -> list[tuple[str, str, str, str | None]]:
        """Provenance of a node: one entry per distinct (sentence, article),
        in text order, from its mentions (``gaf:denotedBy``); a node with no
        mention falls back to its ``kgb:sentence`` and ``prov:wasDerivedFrom``."""
        g = self.g
        rows = []
        for m in g.objects(node, GAF.denotedBy):
            begin = g.value(m, NIF.beginIndex)
            sent = g.value(m, KGB.sentence)
            anchor = g.value(m, NIF.anchorOf)
            rows.append((int(begin) if begin is not None else 0, str(m),
                         str(sent) if sent is not None else "", _lang(sent) if sent is not None else "",
                         str(anchor) if anchor is not None else "", self.mention_article(m)))
        rows.sort(key=lambda r: (r[5] or "", r[0], r[1]))
        out, seen = [], set()
        for _b, _m, sent, lang, anchor, art in rows:
            if (sent, art) in seen:
                continue
            seen.add((sent, art))
            out.append((sent, lang, anchor, art))
        if not out:
            art = self.article(g.value(node, PROV.wasDerivedFrom))
            for s in g.objects(node, KGB.sentence):
                out.append((str(s), _lang(s), "", art))
            if not out and art:
                out.append(("", "", "", art))
        return out

    def labels(self, node) -> dict:
        """``display`` label (Arabic and English on two lines when both
        exist), ``labels`` [(text, lang)], ``alt_labels`` [(text, lang)]."""
        g = self.g
        labs = sorted({(str(l), _lang(l)) for l in g.objects(node, RDFS.label)}, key=lambda x: (x[1], x[0]))
        alts = sorted({(str(l), _lang(l)) for l in g.objects(node, SKOS.altLabel)}, key=lambda x: (x[1], x[0]))
        by_lang: dict[str, str] = {}
        for text, lang in labs:
            by_lang.setdefault(lang.split("-")[0], text)
        ar, en = by_lang.get("ar"), by_lang.get("en")
        if ar and en and name_key(ar) != name_key(en):
            display = f"{ar}\n{en}"
        else:
            display = ar or en or by_lang.get("") or next(iter(by_lang.values()), None) or _local(node)
        return {"label": display, "label_ar": ar or "", "label_en": en or "",
                "labels": labs, "alt_labels": alts}


def actor_graph(g: Graph, *, collapse_events: bool = False) -> nx.MultiDiGraph:
    """Build the actor graph of an RDF graph (a ``Graph``, or a ``Dataset``
    whose default graph is the union of its graphs).

    Node attributes: ``kind`` (a key of :data:`STYLE`), ``label`` (display
    text), ``label_ar``, ``label_en``, ``labels`` and ``alt_labels`` (lists
    of ``(text, lang)``), ``search`` (normalised labels for matching),
    ``prov``; events add ``event_type``, ``status``, ``date``, ``trigger``.
    Edge attributes: ``kind``, ``label``, ``prov``; ``met`` edges add
    ``events`` (the event ids they stand for). Graph attribute ``articles``:
    article IRI → ``{title, lang, publisher, date, url, id}``.

    With ``collapse_events`` the events are replaced by :func:`collapse_events`.
    """
    r = _Reader(g)
    G = nx.MultiDiGraph()
    G.graph["articles"] = r.articles
    kinds: dict = {}

    def kind_of(node) -> str | None:
        if node not in kinds:
            kinds[node] = _kind(set(g.objects(node, RDF.type))) if isinstance(node, URIRef) else None
        return kinds[node]

    def add(node) -> str | None:
        k = kind_of(node)
        if k is None:
            return None
        nid = str(node)
        if nid in G:
            return nid
        attrs = r.labels(node)
        attrs["kind"] = k
        if k == "Event":
            etype = next((_local(t) for t in g.objects(node, RDF.type)
                          if str(t).startswith(str(KGB._NS)) and _local(t) in EVENT_TYPES), "Other")
            st, d, trig = g.value(node, KGB.status), g.value(node, SEM.hasTimeStamp), g.value(node, KGB.trigger)
            attrs.update(event_type=etype, status=_local(st) if st is not None else "",
                         date=str(d) if d is not None else "", trigger=str(trig) if trig is not None else "")
            head = f"{etype} · {trig}" if trig is not None and etype else attrs["label_ar"] or attrs["label"]
            extra = [x for x in (attrs["date"], attrs["status"].lower() if attrs["status"] in UNREALISED
                                 or attrs["status"] == "Negated" else "") if x]
            attrs["label"] = head + ("\n" + " · ".join(extra) if extra else "")
        keys = {normalize(t) for t, _l in attrs["labels"] + attrs["alt_labels"]}
        keys |= {str(s) for s in g.objects(node, KGB.searchKey)}
        attrs["search"] = sorted(k for k in keys if k)
        attrs["prov"] = r.prov(node)
        G.add_node(nid, **attrs)
        return nid

    for cls in (SEM.Event, KGB.Delegation, SCHEMA.Person, SCHEMA.Organization, ORG.Organization, SCHEMA.Place):
        for s in sorted(set(g.subjects(RDF.type, cls)), key=str):
            add(s)
    # memberships
    for mb in sorted(set(g.subjects(RDF.type, ORG.Membership)), key=str):
        p, o, role = g.value(mb, ORG.member), g.value(mb, ORG.organization), g.value(mb, ORG.role)
        a, b = (add(p) if p is not None else None), (add(o) if o is not None else None)
        if not (a and b):
            continue
        written = g.value(mb, KGB.roleText)
        names = {}
        if role is not None:
            for lab in g.objects(role, SKOS.prefLabel):
                names.setdefault(_lang(lab), str(lab))
            key = g.value(role, KGB.roleKey)
            if key is not None:
                names.setdefault("en", str(key))
        ar = str(written) if written is not None else names.get("ar", "")
        en = names.get("en", "")
        label = " / ".join(x for x in dict.fromkeys((ar, en)) if x) or "member"
        G.add_edge(a, b, kind="membership", label=label, role_ar=ar, role_en=en, prov=r.prov(mb))
    # events
    for ev in sorted(set(g.subjects(RDF.type, SEM.Event)), key=str):
        e = add(ev)
        prov = G.nodes[e]["prov"]
        hosts = set(g.objects(ev, KGB.host))
        recips = set(g.objects(ev, KGB.recipient)) - hosts
        for a in sorted(set(g.objects(ev, SEM.hasActor)) - hosts - recips, key=str):
            n = add(a)
            if n and n != e:
                G.add_edge(n, e, kind="participation", label="actor", prov=prov)
        for part, who in (("host", hosts), ("recipient", recips)):
            for a in sorted(who, key=str):
                n = add(a)
                if n and n != e:
                    G.add_edge(e, n, kind="participation", label=part, prov=prov)
        for pl in sorted(set(g.objects(ev, SEM.hasPlace)), key=str):
            n = add(pl)
            if n:
                G.add_edge(e, n, kind="place", label="place", prov=prov)
    # delegations
    for d in sorted(set(g.subjects(RDF.type, KGB.Delegation)), key=str):
        dn = add(d)
        prov = G.nodes[dn]["prov"]
        for m in sorted(set(g.objects(d, SCHEMA.member)), key=str):
            n = add(m)
            if n:
                G.add_edge(n, dn, kind="delegation", label="member", prov=prov)
        for o in sorted(set(g.objects(d, KGB.represents)), key=str):
            n = add(o)
            if n:
                G.add_edge(dn, n, kind="delegation", label="represents", prov=prov)
    # sub-organisations: the child's sentences that also mention the parent
    for s, o in sorted(set(g.subject_objects(ORG.subOrganizationOf)), key=str):
        a, b = add(s), add(o)
        if a and b:
            both = {(p[0], p[3]) for p in G.nodes[b]["prov"]}
            prov = [p for p in G.nodes[a]["prov"] if (p[0], p[3]) in both] or G.nodes[a]["prov"][:1]
            G.add_edge(a, b, kind="suborganization", label="part of", prov=prov)
    return collapse_events_graph(G) if collapse_events else G


def met_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    """The person-to-person (and person/organisation) "met" edges that stand
    for the events of ``G``: one edge per pair of participants (actors, hosts
    and recipients; places excluded) of one or more events, ``label`` "met",
    ``events`` the event ids, ``event_types`` their types, ``prov`` the
    events' provenance. Pairs are ordered by id, so the result is stable."""
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e, d in G.nodes(data=True):
        if d.get("kind") != "Event":
            continue
        parts = set()
        for u, _v, ed in G.in_edges(e, data=True):
            if ed.get("kind") == "participation":
                parts.add(u)
        for _u, v, ed in G.out_edges(e, data=True):
            if ed.get("kind") == "participation":
                parts.add(v)
        parts = {p for p in parts if G.nodes[p].get("kind") not in ("Place", "Event")}
        for a, b in itertools.combinations(sorted(parts), 2):
            pairs[(a, b)].append(e)
    out = []
    for (a, b), evs in sorted(pairs.items()):
        evs = sorted(set(evs))
        prov, seen = [], set()
        for e in evs:
            for p in G.nodes[e]["prov"]:
                if (p[0], p[3]) not in seen:
                    seen.add((p[0], p[3]))
                    prov.append(p)
        types = sorted({G.nodes[e].get("event_type", "") for e in evs} - {""})
        out.append((a, b, {"kind": "met", "label": "met", "events": evs, "event_types": types, "prov": prov}))
    return out


def collapse_events_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` without event nodes, with :func:`met_edges` instead."""
    C = nx.MultiDiGraph()
    C.graph.update(G.graph)
    C.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("kind") != "Event")
    C.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in C and v in C)
    C.add_edges_from(met_edges(G))
    return C


# --------------------------------------------------------------------------- focus

def find_nodes(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Ids of the nodes a name designates: nodes with a label (any language,
    alternative labels included) equal to ``name`` after normalisation
    (:func:`kgbuild.text.normalize`, or the name key without the article),
    else nodes one of whose labels contains it. Events match last. Returns
    ``[]`` when nothing matches."""
    q, qk = normalize(name).strip(), name_key(name)
    if not q:
        return []
    exact, partial = [], []
    for n, d in G.nodes(data=True):
        labels = [t for t, _l in d.get("labels", []) + d.get("alt_labels", [])]
        keys = set(d.get("search", [])) | {name_key(t) for t in labels}
        if q in keys or (qk and qk in keys):
            exact.append(n)
        elif any(q in k for k in keys):
            partial.append(n)
    rank = lambda n: (G.nodes[n].get("kind") == "Event", -G.degree(n), n)  # noqa: E731
    return sorted(exact, key=rank) or sorted(partial, key=rank)


def neighbourhood(G: nx.MultiDiGraph, centres: list[str], depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph of ``G`` within ``depth`` steps of ``centres``. A step
    through an event costs nothing extra: an event, its other participants
    and its place are one step from each participant (the event is half a
    step away), so ``depth=1`` around a person shows the people they met.
    Raises ValueError for a negative depth."""
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v in G.edges():
        half = G.nodes[u].get("kind") == "Event" or G.nodes[v].get("kind") == "Event"
        U.add_edge(u, v, weight=0.5 if half else 1.0)
    keep: set[str] = set()
    for c in centres:
        keep |= set(nx.single_source_dijkstra_path_length(U, c, cutoff=depth + 1e-9, weight="weight"))
    sub = G.subgraph(keep).copy()
    sub.graph.update(G.graph)
    sub.graph["focus"] = list(centres)
    return sub


def select(g: Graph, *, focus: str | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The actor graph of ``g``, or the neighbourhood of the node(s) named
    ``focus``. Raises LookupError naming ``focus`` when no node matches."""
    G = actor_graph(g)
    if focus:
        centres = find_nodes(G, focus)
        if not centres:
            raise LookupError(f"no node has a label matching {focus!r}")
        G = neighbourhood(G, centres, depth)
    return G


# --------------------------------------------------------------------------- GraphML / GEXF

def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar attributes only (GraphML and GEXF take no lists)."""
    arts = G.graph.get("articles", {})
    F = nx.MultiDiGraph()

    def prov_attrs(prov) -> dict:
        if not prov:
            return {}
        sent, _lang, _anchor, art = prov[0]
        a = arts.get(art or "", {})
        return {"sentence": sent, "article": a.get("title", ""), "source": a.get("publisher", ""),
                "published": a.get("date", ""), "url": a.get("url", ""), "mentions": len(prov)}

    for n, d in G.nodes(data=True):
        attrs = {"label": d.get("label", "").replace("\n", " / "), "kind": d.get("kind", ""),
                 "label_ar": d.get("label_ar", ""), "label_en": d.get("label_en", ""),
                 "labels": " | ".join(f"{t}@{l}" if l else t for t, l in d.get("labels", [])),
                 "alt_labels": " | ".join(t for t, _l in d.get("alt_labels", [])),
                 "degree": G.degree(n)}
        for k in ("event_type", "status", "date", "trigger"):
            if d.get(k):
                attrs[k] = d[k]
        attrs.update(prov_attrs(d.get("prov")))
        F.add_node(n, **attrs)
    for u, v, d in G.edges(data=True):
        attrs = {"label": d.get("label", ""), "kind": d.get("kind", "")}
        if d.get("events"):
            attrs["events"] = " ".join(d["events"])
            attrs["event_types"] = " ".join(d.get("event_types", []))
        attrs.update(prov_attrs(d.get("prov")))
        F.add_edge(u, v, **attrs)
    return F


def export(G: nx.MultiDiGraph, fmt: str) -> str:
    """Serialise an actor graph as ``graphml`` or ``gexf`` (via networkx;
    node ids are the IRIs, attributes flattened to strings and numbers).
    Returns the document as ``str``; raises ValueError for another format."""
    F = _flat(G)
    head = "<?xml version='1.0' encoding='utf-8'?>\n"
    if fmt == "graphml":
        return head + "\n".join(nx.generate_graphml(F, encoding="utf-8", prettyprint=True)) + "\n"
    if fmt == "gexf":
        lines = list(nx.generate_gexf(F, encoding="utf-8", prettyprint=True))
        return ("" if lines and lines[0].startswith("<?xml") else head) + "\n".join(lines) + "\n"
    raise ValueError(f"unknown graph format {fmt!r}: use {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- HTML

def radial_layout(G: nx.MultiDiGraph, step: float = 190.0, gap: float = 95.0) -> dict[str, tuple[float, float]]:
    """Deterministic starting positions for the page's layout: each
    connected component around its best-connected actor (an organisation,
    person or delegation before an event or place), its neighbours on a
    first ring, theirs on a second and so on, each ring ordered by the
    angles of the nodes it hangs from; components side by side, largest
    first; unconnected nodes in rows below. Returns id → (x, y) in the
    page's canvas units. The physics then only relaxes this layout, so the
    picture does not depend on a random seed."""
    import math

    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    pos: dict[str, tuple[float, float]] = {}
    lone = []
    x0 = 0.0
    for comp in sorted(nx.connected_components(U), key=lambda c: (-len(c), min(c))):
        if len(comp) == 1:
            lone.extend(comp)
            continue
        centre = min(comp, key=lambda n: (_CENTRE_ORDER.get(G.nodes[n]["kind"], 9) // 2, -U.degree(n),
                                          _CENTRE_ORDER.get(G.nodes[n]["kind"], 9), n))
        angle = {centre: 0.0}
        layers = [[centre]]
        seen = {centre}
        while True:
            nxt = sorted({m for n in layers[-1] for m in U[n]} - seen)
            if not nxt:
                break
            seen.update(nxt)

            def pref(n, prev=layers[-1]):
                ps = [angle[p] for p in U[n] if p in angle and p in prev]
                return math.atan2(sum(map(math.sin, ps)), sum(map(math.cos, ps))) % (2 * math.pi) if ps else 0.0

            nxt.sort(key=lambda n: (round(pref(n), 6), n))
            start = pref(nxt[0]) if len(layers) > 1 else 0.0
            for i, n in enumerate(nxt):
                angle[n] = (start + 2 * math.pi * i / len(nxt)) % (2 * math.pi)
            layers.append(nxt)
        radius = 0.0
        rings = []
        for k, layer in enumerate(layers):
            if k:
                radius = max(radius + step, len(layer) * gap / (2 * math.pi))
            rings.append(radius)
        cx = x0 + radius
        for k, layer in enumerate(layers):
            for n in layer:
                pos[n] = (cx + rings[k] * math.cos(angle[n]), rings[k] * math.sin(angle[n]))
        x0 = cx + radius + 2 * step
    if lone:
        width = max(x0 - 2 * step, step * 4)
        per_row = max(1, int(width // (step * 0.9)) + 1)
        top = max((y for _x, y in pos.values()), default=0.0) + step
        for i, n in enumerate(sorted(lone)):
            pos[n] = ((i % per_row) * step * 0.9, top + (i // per_row) * step * 0.6)
    return pos


def _vis_js() -> str:
    """vis-network, as shipped inside the pyvis package."""
    return (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


def _json_for_script(obj) -> str:
    """JSON safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` and
    the JavaScript line separators are escaped, so no text can close the
    element or open a comment."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        s = s.replace(ch, rep)
    return s


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def page_data(G: nx.MultiDiGraph, *, title: str = "kgbuild graph", collapse_events: bool = False) -> dict:
    """The data the page's script reads: nodes and edges for vis-network
    (through pyvis's ``Network``), with provenance as indexes into shared
    ``sentences`` and ``articles`` tables. Both the event edges (mode
    ``"e"``) and the collapsed "met" edges (mode ``"c"``) are included, so
    the page can switch between them; edges shown in both modes have mode
    ``"b"``."""
    from pyvis.network import Network

    articles = G.graph.get("articles", {})
    art_index = {a: i for i, a in enumerate(sorted(articles))}
    sentences: list[list[str]] = []
    sent_index: dict[tuple[str, str], int] = {}

    def prov(items) -> list:
        out = []
        for sent, lang, anchor, art in items[:MAX_PROV]:
            si = -1
            if sent:
                si = sent_index.setdefault((sent, lang), len(sentences))
                if si == len(sentences):
                    sentences.append([sent, lang])
            out.append([si, art_index.get(art, -1), anchor])
        return out

    met = met_edges(G)
    deg_e = Counter()
    for u, v in G.edges():
        deg_e[u] += 1
        deg_e[v] += 1
    deg_c = Counter()
    for u, v, d in G.edges(data=True):
        if d.get("kind") not in ("participation", "place"):
            deg_c[u] += 1
            deg_c[v] += 1
    for u, v, _d in met:
        deg_c[u] += 1
        deg_c[v] += 1

    net = Network(directed=True, notebook=False, cdn_resources="in_line")
    start = radial_layout(G) if G.number_of_nodes() <= LARGE else {}
    focus = set(G.graph.get("focus", []))
    order = sorted(G.nodes(data=True), key=lambda nd: (_KIND_ORDER.index(nd[1]["kind"]), nd[0]))
    for nid, d in order:
        extra = {}
        if d["kind"] == "Event":
            extra = {"et": d.get("event_type", ""), "st": d.get("status", ""), "dt": d.get("date", ""),
                     "tr": d.get("trigger", "")}
        if nid in focus:
            extra["focus"] = 1
        if nid in start:
            extra["x"], extra["y"] = round(start[nid][0], 1), round(start[nid][1], 1)
        net.add_node(nid, label=d["label"], shape=STYLE[d["kind"]][1], color=STYLE[d["kind"]][0],
                     group=d["kind"], value=deg_e[nid], vc=deg_c[nid], k=d["kind"],
                     labels=[list(x) for x in d.get("labels", [])],
                     alts=[list(x) for x in d.get("alt_labels", [])][:20],
                     s=d.get("search", []), prov=prov(d.get("prov", [])), np=len(d.get("prov", [])), **extra)
    edges = [(u, v, d, "e" if d.get("kind") in ("participation", "place") else "b")
             for u, v, d in G.edges(data=True)] + [(u, v, d, "c") for u, v, d in met]
    for i, (u, v, d, mode) in enumerate(edges):
        extra = {"ev": d["events"], "ets": d["event_types"]} if mode == "c" else {}
        if mode == "e":
            ev = u if G.nodes[u]["kind"] == "Event" else v
            extra["ets"] = [G.nodes[ev].get("event_type", "")]
        net.add_edge(u, v, id=f"e{i}", label=d.get("label", ""), ek=d.get("kind", ""), m=mode,
                     prov=prov(d.get("prov", [])), np=len(d.get("prov", [])), **extra)
    nodes, vis_edges, _heading, _h, _w, _options = net.get_network_data()
    for n in nodes:  # pyvis sets colour and shape per node; the page styles by group
        n.pop("color", None)
        n.pop("shape", None)
    kinds = Counter(d["kind"] for _n, d in G.nodes(data=True))
    isolated = sum(1 for n in G if not deg_e[n])
    etypes = Counter(d.get("event_type", "") for _n, d in G.nodes(data=True) if d["kind"] == "Event")
    return {
        "title": title,
        "collapse": bool(collapse_events),
        "large": G.number_of_nodes() > LARGE,
        "isolated": isolated,
        "kinds": [{"k": k, "colour": STYLE[k][0], "shape": STYLE[k][1], "name": STYLE[k][2], "n": kinds[k]}
                  for k in STYLE if kinds[k]],
        "eventTypes": [{"t": t, "n": etypes[t]} for t in (*EVENT_TYPES, *sorted(set(etypes) - set(EVENT_TYPES)))
                       if etypes[t]],
        "sentences": sentences,
        "articles": [articles[a] for a in sorted(articles)],
        "nodes": nodes,
        "edges": vis_edges,
    }


def default_title(G: nx.MultiDiGraph) -> str:
    """A page title from the graph's articles: one article's headline,
    publisher and date, or the number of articles and their date range."""
    arts = list(G.graph.get("articles", {}).values())
    if len(arts) == 1:
        a = arts[0]
        return " · ".join(x for x in (a["title"] or a["id"], a["publisher"], a["date"]) if x)
    dates = sorted(a["date"] for a in arts if a["date"])
    span = f", {dates[0]} – {dates[-1]}" if dates and dates[0] != dates[-1] else f", {dates[0]}" if dates else ""
    return f"kgbuild graph: {len(arts)} articles{span}" if arts else "kgbuild graph"


def render_page(G: nx.MultiDiGraph, *, title: str | None = None, collapse_events: bool = False) -> str:
    """Render an actor graph as one self-contained HTML page (``str``; the
    caller writes it as UTF-8). See the module docstring for what it shows
    and how it stays offline and safe. ``title`` defaults to
    :func:`default_title`."""
    title = title or default_title(G)
    data = _json_for_script(page_data(G, title=title, collapse_events=collapse_events))
    vis = _vis_js()
    app = _APP_JS
    csp = ("default-src 'none'; script-src " + _csp_hash(vis) + " " + _csp_hash(app)
           + "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none';"
           " media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none';"
           " base-uri 'none'; form-action 'none'")
    return (_PAGE.replace("%%CSP%%", html.escape(csp, quote=False))
            .replace("%%TITLE%%", html.escape(title))
            .replace("%%CSS%%", _CSS)
            .replace("%%DATA%%", data)
            .replace("%%VIS%%", vis)
            .replace("%%APP%%", app))


def render_html(g: Graph, title: str | None = None, *, collapse_events: bool = False,
                focus: str | None = None, depth: int = 1) -> str:
    """Render the actor graph of ``g`` (or the neighbourhood of ``focus``,
    see :func:`select`) as one self-contained HTML page. Returns ``str``;
    the caller writes it as UTF-8. Raises LookupError for an unknown focus."""
    G = select(g, focus=focus, depth=depth)
    if focus:
        title = f"{title or default_title(G)} — {focus} (depth {depth})"
    return render_page(G, title=title, collapse_events=collapse_events)


def render(g: Graph, fmt: str = "html", *, title: str | None = None, collapse_events: bool = False,
           focus: str | None = None, depth: int = 1) -> str:
    """Render ``g`` in one of :data:`FORMATS`: the HTML page, or the actor
    graph (events collapsed into "met" edges when asked) as GraphML / GEXF.
    Raises ValueError for another format, LookupError for an unknown focus."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}: use {', '.join(FORMATS)}")
    if fmt == "html":
        return render_html(g, title, collapse_events=collapse_events, focus=focus, depth=depth)
    G = select(g, focus=focus, depth=depth)
    return export(collapse_events_graph(G) if collapse_events else G, fmt)


_PAGE = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%%CSP%%">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta name="generator" content="kgbuild (vis-network 9.1.2 from pyvis)">
<title>%%TITLE%%</title>
<style>%%CSS%%</style>
</head>
<body>
<header id="kgb-bar">
  <strong id="kgb-title" dir="auto"></strong>
  <span class="kgb-search-box">
    <input id="kgb-search" type="search" placeholder="Search a name · ابحث عن اسم" autocomplete="off" dir="auto" aria-label="Search a node by any of its labels">
    <ul id="kgb-results" hidden></ul>
  </span>
  <label title="Replace event nodes by person-to-person &quot;met&quot; edges"><input type="checkbox" id="kgb-collapse"> collapse events into “met” edges</label>
  <label title="Let the layout move again"><input type="checkbox" id="kgb-physics"> physics</label>
  <button type="button" id="kgb-fit">fit</button>
  <span id="kgb-stats"></span>
</header>
<div id="kgb-main">
  <nav id="kgb-legend" aria-label="Legend and filters">
    <div class="kgb-h">Kinds</div><div id="kgb-kinds"></div>
    <label title="Entities mentioned but linked to nothing"><input type="checkbox" id="kgb-isolated"> unconnected entities <span class="kgb-n" id="kgb-isolated-n"></span></label>
    <div class="kgb-h">Event types</div><div id="kgb-types"></div>
    <div class="kgb-h">Edges</div>
    <div class="kgb-note">labelled with the role (membership) or the part in the event: actor, host, recipient, place</div>
    <div class="kgb-note"><span class="kgb-dash"></span> planned or possible event; grey: negated</div>
    <div class="kgb-note">size: number of connections</div>
  </nav>
  <div id="kgb-network"></div>
  <aside id="kgb-details" aria-live="polite"><div class="kgb-note">Click a node or an edge for its sources.<br>انقر على عقدة أو رابط لعرض المصادر.</div></aside>
</div>
<div id="kgb-tip" hidden></div>
<script type="application/json" id="kgb-data">%%DATA%%</script>
<script>%%VIS%%</script>
<script>%%APP%%</script>
</body>
</html>
"""

_CSS = """
html,body{margin:0;height:100%;font-family:"Noto Sans","Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",Arial,sans-serif;font-size:14px;color:#222}
body{display:flex;flex-direction:column}
#kgb-bar{display:flex;flex-wrap:wrap;align-items:center;gap:10px;padding:6px 10px;border-bottom:1px solid #ddd;background:#fafafa}
#kgb-title{font-size:15px;margin-inline-end:8px;max-width:40ch;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.kgb-search-box{position:relative}
#kgb-search{width:260px;padding:4px 6px;font-size:14px}
#kgb-results{position:absolute;z-index:10;top:100%;left:0;min-width:260px;max-height:320px;overflow:auto;margin:0;padding:0;list-style:none;background:#fff;border:1px solid #bbb;box-shadow:0 2px 6px rgba(0,0,0,.15)}
#kgb-results li{padding:4px 8px;cursor:pointer;border-bottom:1px solid #eee}
#kgb-results li:hover,#kgb-results li.kgb-active{background:#eef3fb}
#kgb-results .kgb-kind{color:#777;font-size:12px;margin-inline-start:6px}
#kgb-stats{color:#666;font-size:12px;margin-inline-start:auto}
#kgb-main{flex:1;display:flex;min-height:0}
#kgb-legend{width:215px;padding:6px 10px;border-inline-end:1px solid #ddd;overflow:auto;font-size:13px}
#kgb-legend label{display:flex;align-items:center;gap:5px;margin:3px 0;cursor:pointer}
#kgb-legend svg{flex:none}
.kgb-h{font-weight:bold;margin:10px 0 4px}
.kgb-n{color:#888;font-size:12px}
.kgb-note{color:#666;font-size:12px;margin:4px 0}
.kgb-dash{display:inline-block;width:18px;border-top:2px dashed #e15759;vertical-align:middle}
#kgb-network{flex:1;min-width:0;position:relative}
#kgb-details{width:360px;padding:8px 12px;border-inline-start:1px solid #ddd;overflow:auto;font-size:13px}
#kgb-details h2{font-size:17px;margin:4px 0}
#kgb-details .kgb-badge{display:inline-block;padding:1px 6px;border-radius:8px;color:#fff;font-size:12px}
#kgb-details ul{padding-inline-start:18px;margin:4px 0}
#kgb-details blockquote{margin:6px 0;padding:4px 8px;border-inline-start:3px solid #ccc;background:#f7f7f7;line-height:1.6}
#kgb-details mark{background:#ffe58a}
#kgb-details .kgb-src{color:#555;font-size:12px;margin-bottom:10px}
#kgb-details .kgb-src a{color:#1a5fb4}
#kgb-tip{position:fixed;z-index:20;max-width:380px;padding:6px 8px;background:#fffff4;border:1px solid #999;box-shadow:2px 2px 8px rgba(0,0,0,.2);font-size:12px;pointer-events:none;line-height:1.5}
#kgb-tip b{font-size:13px}
"""

_APP_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kgb-data").textContent);
  var FONT = '"Noto Naskh Arabic","Noto Sans Arabic","Noto Sans","DejaVu Sans",Arial,sans-serif';
  var KIND = {}, TYPE_ORDER = [];
  D.kinds.forEach(function (k) { KIND[k.k] = k; });
  D.eventTypes.forEach(function (t) { TYPE_ORDER.push(t.t); });

  // ---------------------------------------------------------------- helpers (text only, never HTML)
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (a) {
      if (a === "text") e.textContent = attrs[a]; else e.setAttribute(a, attrs[a]);
    });
    (kids || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  // a line of parts joined by " · ", each isolated for bidi (so an ISO date
  // beside Arabic text keeps its order)
  function isolated(parts) {
    var line = el("div", {dir: "auto"});
    parts.filter(Boolean).forEach(function (p, j) {
      if (j) line.appendChild(document.createTextNode(" · "));
      line.appendChild(el("bdi", {dir: /^[0-9-]+$/.test(p) ? "ltr" : "auto", text: p}));
    });
    return line;
  }
  function dirOf(lang) { return /^(ar|fa|ur|he|ps|ckb)\b/.test(lang || "") ? "rtl" : "auto"; }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : ""; }
  var DIAC = /[\u064B-\u065F\u0670\u0640]/g;
  var CF = /[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
  var MAP = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0649": "\u064A",
             "\u0629": "\u0647", "\u06CC": "\u064A", "\u06A9": "\u0643"};
  function norm(s) {
    s = String(s || "").replace(DIAC, "").replace(CF, "");
    s = s.replace(/[\u0623\u0625\u0622\u0671\u0649\u0629\u06CC\u06A9]/g, function (c) { return MAP[c]; });
    s = s.replace(/[\u0660-\u0669]/g, function (c) { return String(c.charCodeAt(0) - 0x0660); });
    s = s.replace(/[\u06F0-\u06F9]/g, function (c) { return String(c.charCodeAt(0) - 0x06F0); });
    return s.toLowerCase().replace(/\s+/g, " ").trim();
  }

  // ---------------------------------------------------------------- data
  var INFO = {}, EINFO = {};
  // spring lengths by edge kind (small graphs): members close to their
  // organisation, events a little further out
  var SPRING = {membership: 110, suborganization: 110, delegation: 150, participation: 200, place: 110, met: 200};
  var nodeItems = D.nodes.map(function (n) {
    INFO[n.id] = n;
    var item = {id: n.id, label: n.label, group: n.k, value: D.collapse ? n.vc : n.value};
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    if (n.k === "Event" && (n.st === "Planned" || n.st === "Possible")) {
      item.shapeProperties = {borderDashes: [5, 4]}; item.borderWidth = 2.5;
      item.color = {background: "#f6c3c4", border: KIND.Event.colour};
    } else if (n.k === "Event" && n.st === "Negated") {
      item.color = {background: "#cccccc", border: "#888888"};
    }
    if (n.focus) { item.borderWidth = 4; item.color = {border: "#000000", background: KIND[n.k].colour}; }
    return item;
  });
  var edgeItems = D.edges.map(function (e) {
    EINFO[e.id] = e;
    var item = {id: e.id, from: e.from, to: e.to, label: e.label};
    if (!D.large) item.length = SPRING[e.ek] || 170;
    if (e.ek === "met") { item.arrows = ""; item.color = {color: "#7b6fb0"}; item.width = Math.min(1 + e.ev.length, 6); }
    else if (e.ek === "membership") { item.color = {color: "#4e79a7"}; item.width = 1.5; }
    else if (e.label === "actor") { item.font = {size: 10, color: "#8a8a8a"}; }
    else if (e.ek === "place") { item.color = {color: "#59a14f"}; item.dashes = [2, 3]; }
    else if (e.ek === "delegation" || e.ek === "suborganization") { item.color = {color: "#b07aa1"}; }
    return item;
  });
  var nodes = new vis.DataSet(nodeItems), edges = new vis.DataSet(edgeItems);

  // ---------------------------------------------------------------- filters
  var kindsOn = new Set(D.kinds.map(function (k) { return k.k; }));
  var typesOn = new Set(TYPE_ORDER);
  var collapse = !!D.collapse, visible = new Set(), showIsolated = false;
  function nodeVisible(n) {
    var i = INFO[n.id];
    if (!kindsOn.has(i.k)) return false;
    if (i.k === "Event") return !collapse && typesOn.has(i.et);
    return showIsolated || (collapse ? i.vc : i.value) > 0;
  }
  function edgeVisible(e) {
    var i = EINFO[e.id];
    if (i.m === "e" && collapse) return false;
    if (i.m === "c" && (!collapse || !i.ets.some(function (t) { return typesOn.has(t); }))) return false;
    return visible.has(i.from) && visible.has(i.to);
  }
  function computeVisible() { visible = new Set(nodes.getIds({filter: nodeVisible})); }
  computeVisible();
  var nodeView = new vis.DataView(nodes, {filter: nodeVisible});
  var edgeView = new vis.DataView(edges, {filter: edgeVisible});

  // ---------------------------------------------------------------- network
  var large = !!D.large, n = nodeItems.length;
  var groups = {}, INSIDE = {ellipse: "#ffffff", box: "#1d1d1d"};
  D.kinds.forEach(function (k) {
    groups[k.k] = {shape: k.shape, color: {background: k.colour, border: k.colour,
      highlight: {background: k.colour, border: "#000000"}, hover: {background: k.colour, border: "#333333"}}};
    if (INSIDE[k.shape]) {
      groups[k.k].font = {color: INSIDE[k.shape], strokeWidth: 0};
      groups[k.k].margin = {top: 5, bottom: 5, left: 8, right: 8};
    }
  });
  var options = {
    groups: groups,
    nodes: {font: {face: FONT, size: 15, strokeWidth: 4, strokeColor: "#ffffff", color: "#1d1d1d"}, borderWidth: 1.5,
      scaling: {min: 8, max: 30, label: {enabled: true, min: 16, max: 24, drawThreshold: 7, maxVisible: 40}}},
    edges: {font: {face: FONT, size: 12, align: "middle", strokeWidth: 3, strokeColor: "#ffffff", color: "#666666"},
      arrows: {to: {enabled: true, scaleFactor: 0.45}}, color: {color: "#a0a0a0", highlight: "#222222", hover: "#444444"},
      width: 1, selectionWidth: 2, smooth: large ? false : {enabled: true, type: "continuous", roundness: 0.3}},
    physics: {enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: large ? -40 : -200, centralGravity: large ? 0.01 : 0.012,
        springLength: large ? 60 : 170, springConstant: 0.06, damping: 0.5, avoidOverlap: large ? 0 : 1},
      stabilization: {enabled: true, iterations: large ? 1000 : 300, updateInterval: large ? 5 : 25, fit: true},
      minVelocity: 1},
    layout: {randomSeed: 42, improvedLayout: !large},
    interaction: {hover: true, tooltipDelay: 3600000, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
      multiselect: false, navigationButtons: false, keyboard: false}
  };
  var container = document.getElementById("kgb-network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);

  // fit, with a margin for the labels drawn outside the nodes
  function fitAll(animate) {
    network.fit({animation: false});
    network.moveTo({scale: network.getScale() * 0.92, animation: animate ? {duration: 300} : false});
  }
  function storePositions() {
    var pos = network.getPositions();
    nodes.update(Object.keys(pos).map(function (id) { return {id: id, x: pos[id].x, y: pos[id].y}; }));
  }
  var ready = false, scriptDone = false, readyPending = false;
  function markReady() {
    if (!scriptDone) { readyPending = true; return; }
    if (ready) return;
    ready = true;
    network.setOptions({physics: {enabled: false}});
    storePositions();
    fitAll(false);
    network.once("afterDrawing", function () {
      window.kgbReady = true;
      window.kgbReadyAt = performance.now();
      document.body.setAttribute("data-ready", "1");
    });
    network.redraw();
    var f = D.nodes.filter(function (x) { return x.focus; }).map(function (x) { return x.id; });
    if (f.length) network.selectNodes(f);
    // a link to the page may name a node to show: graph.html#q=NAME
    var m = /^#q=(.+)$/.exec(location.hash || "");
    if (m) {
      var q = m[1];
      try { q = decodeURIComponent(q); } catch (err) { /* keep it as written */ }
      search.value = q;
      var hit = find(q);
      if (hit.length) choose(hit[0], true);
    }
  }
  // Large graphs get a time budget for the layout: stop it (without the
  // "stabilized" event) and show what it has after LAYOUT_BUDGET ms.
  var layoutStart = null, LAYOUT_BUDGET = large ? 2500 : 8000;
  network.on("stabilizationProgress", function () {
    if (layoutStart === null) layoutStart = performance.now();
    else if (performance.now() - layoutStart > LAYOUT_BUDGET) network.stopSimulation(false);
  });
  network.once("stabilizationIterationsDone", markReady);
  network.once("stabilized", markReady);
  if (!n) { window.kgbReady = true; document.body.setAttribute("data-ready", "1"); }

  // ---------------------------------------------------------------- toolbar and legend
  document.getElementById("kgb-title").textContent = D.title;
  function updateStats() {
    document.getElementById("kgb-stats").textContent =
      nodeView.length + " / " + nodeItems.length + " nodes · " + edgeView.length + " edges";
  }
  function refresh() {
    computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    updateStats();
  }
  function shapeIcon(shape, colour, dashed) {
    var NS = "http://www.w3.org/2000/svg", svg = document.createElementNS(NS, "svg"), s;
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    if (shape === "dot") { s = document.createElementNS(NS, "circle"); s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6.5"); }
    else if (shape === "ellipse") { s = document.createElementNS(NS, "ellipse"); s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("rx", "7.5"); s.setAttribute("ry", "5"); }
    else if (shape === "square" || shape === "box") { s = document.createElementNS(NS, "rect"); s.setAttribute("x", "1"); s.setAttribute("y", "3"); s.setAttribute("width", "14"); s.setAttribute("height", "10"); s.setAttribute("rx", "2"); }
    else {
      s = document.createElementNS(NS, "polygon");
      s.setAttribute("points", shape === "triangle" ? "8,1.5 15,14.5 1,14.5" : shape === "diamond" ? "8,1 15,8 8,15 1,8" :
        "4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8");
    }
    s.setAttribute("fill", colour); s.setAttribute("stroke", dashed ? "#e15759" : colour);
    if (dashed) { s.setAttribute("stroke-dasharray", "2,2"); s.setAttribute("fill", "#f6c3c4"); }
    svg.appendChild(s);
    return svg;
  }
  var kindBox = document.getElementById("kgb-kinds");
  D.kinds.forEach(function (k) {
    var cb = el("input", {type: "checkbox", "data-kind": k.k});
    cb.checked = true;
    cb.addEventListener("change", function () { if (cb.checked) kindsOn.add(k.k); else kindsOn.delete(k.k); refresh(); });
    kindBox.appendChild(el("label", null, [cb, shapeIcon(k.shape, k.colour), el("span", {text: k.name}), el("span", {"class": "kgb-n", text: "(" + k.n + ")"})]));
  });
  var typeBox = document.getElementById("kgb-types");
  D.eventTypes.forEach(function (t) {
    var cb = el("input", {type: "checkbox", "data-type": t.t});
    cb.checked = true;
    cb.addEventListener("change", function () { if (cb.checked) typesOn.add(t.t); else typesOn.delete(t.t); refresh(); });
    typeBox.appendChild(el("label", null, [cb, el("span", {text: t.t}), el("span", {"class": "kgb-n", text: "(" + t.n + ")"})]));
  });
  if (!D.eventTypes.length) typeBox.appendChild(el("div", {"class": "kgb-note", text: "none"}));
  var isoBox = document.getElementById("kgb-isolated");
  document.getElementById("kgb-isolated-n").textContent = "(" + D.isolated + ")";
  isoBox.addEventListener("change", function () { showIsolated = isoBox.checked; refresh(); });
  var collapseBox = document.getElementById("kgb-collapse");
  collapseBox.checked = collapse;
  function setCollapse(on) {
    collapse = !!on; collapseBox.checked = collapse;
    nodes.update(nodeItems.map(function (x) { return {id: x.id, value: collapse ? INFO[x.id].vc : INFO[x.id].value}; }));
    refresh();
  }
  collapseBox.addEventListener("change", function () { setCollapse(collapseBox.checked); });
  var physicsBox = document.getElementById("kgb-physics");
  physicsBox.addEventListener("change", function () {
    if (!physicsBox.checked) storePositions();
    network.setOptions({physics: {enabled: physicsBox.checked}});
  });
  document.getElementById("kgb-fit").addEventListener("click", function () { fitAll(true); });

  // ---------------------------------------------------------------- details (provenance)
  var details = document.getElementById("kgb-details");
  function quote(si, anchor) {
    if (si < 0) return null;
    var s = D.sentences[si], text = s[0], bq = el("blockquote", {dir: dirOf(s[1]), lang: s[1] || "und"});
    var at = anchor ? text.indexOf(anchor) : -1;
    if (at >= 0) {
      bq.appendChild(document.createTextNode(text.slice(0, at)));
      bq.appendChild(el("mark", {text: anchor}));
      bq.appendChild(document.createTextNode(text.slice(at + anchor.length)));
    } else bq.textContent = text;
    return bq;
  }
  function source(ai) {
    if (ai < 0) return null;
    var a = D.articles[ai], box = el("div", {"class": "kgb-src"});
    box.appendChild(el("div", {dir: dirOf(a.lang), lang: a.lang || "und"}, [el("b", {text: a.title || a.id})]));
    if (a.publisher || a.date) box.appendChild(isolated([a.publisher, a.date]));
    var u = safeUrl(a.url);
    if (u) box.appendChild(el("div", null, [el("a", {href: u, target: "_blank", rel: "noopener noreferrer", text: u})]));
    else if (a.url) box.appendChild(el("div", {text: "link: " + a.url}));
    return box;
  }
  function provList(p, total) {
    var frag = el("div");
    frag.appendChild(el("div", {"class": "kgb-h", text: "Sources (" + total + ")"}));
    p.forEach(function (r) { var q = quote(r[0], r[2]); if (q) frag.appendChild(q); var s = source(r[1]); if (s) frag.appendChild(s); });
    if (total > p.length) frag.appendChild(el("div", {"class": "kgb-note", text: (total - p.length) + " more not shown"}));
    if (!p.length) frag.appendChild(el("div", {"class": "kgb-note", text: "no source recorded"}));
    return frag;
  }
  function labelOf(id) { var i = INFO[id]; return i ? i.label.replace(/\n/g, " · ") : id; }
  function badge(k) { return el("span", {"class": "kgb-badge", style: "background:" + (KIND[k] ? KIND[k].colour : "#888"), text: k}); }
  function eventLine(i) { return [i.et, i.st, i.dt].filter(Boolean).join(" · "); }
  function showNode(id) {
    var i = INFO[id]; if (!i) return;
    details.textContent = "";
    details.appendChild(badge(i.k));
    details.appendChild(el("h2", {dir: "auto", text: i.label.split("\n")[0]}));
    if (i.k === "Event") details.appendChild(el("div", {text: eventLine(i)}));
    var labs = el("ul");
    function labelItem(l, note) {
      return el("li", null, [el("bdi", {dir: "auto", lang: l[1] || "und", text: l[0]}),
        el("span", {"class": "kgb-n", text: "  " + [l[1], note].filter(Boolean).join(", ")})]);
    }
    i.labels.forEach(function (l) { labs.appendChild(labelItem(l, "")); });
    i.alts.forEach(function (l) { labs.appendChild(labelItem(l, "also")); });
    details.appendChild(labs);
    details.appendChild(el("div", {"class": "kgb-note", text: network.getConnectedEdges(id).length + " connections shown · " + id}));
    details.appendChild(provList(i.prov, i.np));
  }
  function showEdge(id) {
    var e = EINFO[id]; if (!e) return;
    details.textContent = "";
    details.appendChild(el("div", {"class": "kgb-h", text: e.ek}));
    details.appendChild(el("h2", {dir: "auto", text: labelOf(e.from)}));
    details.appendChild(el("div", {dir: "auto", text: (e.ek === "met" ? "— met — " : "— " + e.label + " → ")}));
    details.appendChild(el("h2", {dir: "auto", text: labelOf(e.to)}));
    if (e.ek === "met") {
      var ul = el("ul");
      e.ev.forEach(function (x) {
        var i = INFO[x];
        ul.appendChild(el("li", {dir: "auto", text: i ? i.label.split("\n")[0] + " (" + eventLine(i) + ")" : x}));
      });
      details.appendChild(ul);
    }
    details.appendChild(provList(e.prov, e.np));
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  // ---------------------------------------------------------------- hover tooltip
  var tip = document.getElementById("kgb-tip");
  function showTip(p, title, lines, prov) {
    tip.textContent = "";
    tip.appendChild(el("b", {dir: "auto", text: title}));
    lines.forEach(function (l) { if (l) tip.appendChild(el("div", {dir: "auto", text: l})); });
    if (prov && prov.length && prov[0][0] >= 0) {
      var s = D.sentences[prov[0][0]][0];
      tip.appendChild(el("div", {dir: dirOf(D.sentences[prov[0][0]][1]), text: "« " + (s.length > 220 ? s.slice(0, 220) + "…" : s) + " »"}));
    }
    if (prov && prov.length && prov[0][1] >= 0) {
      var a = D.articles[prov[0][1]];
      tip.appendChild(isolated([a.title, a.publisher, a.date]));
    }
    tip.appendChild(el("div", {"class": "kgb-n", text: "click for all sources"}));
    var r = container.getBoundingClientRect(), x = r.left + p.pointer.DOM.x + 14, y = r.top + p.pointer.DOM.y + 14;
    tip.hidden = false;
    if (x + tip.offsetWidth > window.innerWidth) x = Math.max(0, window.innerWidth - tip.offsetWidth - 4);
    if (y + tip.offsetHeight > window.innerHeight) y = Math.max(0, y - tip.offsetHeight - 28);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  network.on("hoverNode", function (p) {
    var i = INFO[p.node];
    showTip(p, i.label.replace(/\n/g, " · "), [i.k + (i.k === "Event" ? ": " + eventLine(i) : "")], i.prov);
  });
  network.on("hoverEdge", function (p) {
    var e = EINFO[p.edge];
    showTip(p, labelOf(e.from) + " — " + e.label + " — " + labelOf(e.to), [e.ek], e.prov);
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("zoom", function () { tip.hidden = true; });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("kgb-search"), results = document.getElementById("kgb-results");
  function find(q) {
    q = norm(q);
    if (!q) return [];
    var hits = [];
    D.nodes.forEach(function (x) {
      var best = 0;
      x.s.forEach(function (k) {
        var kn = norm(k);
        if (kn === q) best = Math.max(best, 3);
        else if ((" " + kn).indexOf(" " + q) >= 0) best = Math.max(best, 2);
        else if (kn.indexOf(q) >= 0) best = Math.max(best, 1);
      });
      if (best) hits.push([best, x.k === "Event" ? 0 : 1, x.value, x.id]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1] || b[2] - a[2] || (a[3] < b[3] ? -1 : 1); });
    return hits.map(function (h) { return h[3]; });
  }
  function reveal(id) {
    var i = INFO[id];
    if (!(collapse ? i.vc : i.value)) { showIsolated = true; isoBox.checked = true; }
    if (!kindsOn.has(i.k)) { kindsOn.add(i.k); var c = document.querySelector('input[data-kind="' + i.k + '"]'); if (c) c.checked = true; }
    if (i.k === "Event") {
      if (collapse) setCollapse(false);
      if (!typesOn.has(i.et)) { typesOn.add(i.et); var t = document.querySelector('input[data-type="' + i.et + '"]'); if (t) t.checked = true; }
    }
    refresh();
  }
  function choose(id, stay) {
    reveal(id);
    network.selectNodes([id]);
    if (!stay) network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 300}});
    showNode(id);
    results.hidden = true;
  }
  var current = [];
  function listResults() {
    current = find(search.value).slice(0, 12);
    results.textContent = "";
    current.forEach(function (id, j) {
      var li = el("li", {dir: "auto", "data-id": id}, [el("span", {text: labelOf(id)}), el("span", {"class": "kgb-kind", text: INFO[id].k})]);
      if (!j) li.className = "kgb-active";
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      results.appendChild(li);
    });
    if (search.value && !current.length) results.appendChild(el("li", {text: "no match"}));
    results.hidden = !search.value;
  }
  search.addEventListener("input", listResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { listResults(); if (current.length) choose(current[0]); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  search.addEventListener("blur", function () { results.hidden = true; });

  updateStats();
  scriptDone = true;
  if (readyPending) markReady();
  window.kgb = {network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    data: D, find: find, choose: choose, setCollapse: setCollapse, showNode: showNode, showEdge: showEdge,
    refresh: refresh, kindsOn: kindsOn, typesOn: typesOn};
})();
"""
