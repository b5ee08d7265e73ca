"""Graph stage: the actor graph of a kgbuild RDF graph, as networkx and as a
self-contained pyvis HTML page.

Reads RDF only (never calls an extractor). Nodes: persons, organisations,
places, events and delegations, each kind with its own colour and shape;
edges: memberships (labelled with the role), event participation (actor,
host, recipient, place), delegation membership and sub-organisations. Every
node and edge carries the sentence it came from as a tooltip. All text put
in the page is HTML-escaped.

pyvis traps handled here (../shared/design/DEPENDENCY-NOTES.md): vis-network
is inlined (``cdn_resources="in_line"``), the Bootstrap CDN tags pyvis always
adds are removed, and the file is written by the caller as UTF-8.
"""

from __future__ import annotations

import html
import re

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS

from kgbuild.namespace import KGB
from kgbuild.rdf import GAF, SCHEMA, SEM

#: Node kinds → (colour, vis.js shape).
STYLE = {
    "Person": ("#4e79a7", "dot"),
    "Organization": ("#f28e2b", "box"),
    "Delegation": ("#edc948", "hexagon"),
    "Place": ("#59a14f", "triangle"),
    "Event": ("#e15759", "diamond"),
}


def _label(g: Graph, node: URIRef, prefer: str = "ar") -> str:
    labels = {}
    for lit in g.objects(node, RDFS.label):
        labels.setdefault(getattr(lit, "language", None) or "", str(lit))
    for lang in (prefer, "ar", "en", ""):
        if lang in labels:
            return labels[lang]
    return next(iter(labels.values()), str(node).rsplit("/", 1)[-1])


def _sentences(g: Graph, node: URIRef) -> list[str]:
    out = []
    for m in g.objects(node, GAF.denotedBy):
        for s in g.objects(m, KGB.sentence):
            if str(s) not in out:
                out.append(str(s))
    return out


def _kind(g: Graph, node: URIRef) -> str | None:
    types = set(g.objects(node, RDF.type))
    if SEM.Event in types:
        return "Event"
    if KGB.Delegation in types:
        return "Delegation"
    if SCHEMA.Person in types:
        return "Person"
    if SCHEMA.Place in types:
        return "Place"
    if SCHEMA.Organization in types:
        return "Organization"
    return None


def actor_graph(g: Graph) -> nx.MultiDiGraph:
    """Build the actor graph of an RDF graph (a ``Graph`` or a ``Dataset``
    with a union default graph). Node attributes: ``kind``, ``label``,
    ``labels`` (all labels), ``sentences``; edge attributes: ``label``,
    ``sentence``. Node ids are IRIs as strings."""
    G = nx.MultiDiGraph()

    def add(node: URIRef) -> str | None:
        k = _kind(g, node)
        if k is None:
            return None
        nid = str(node)
        if nid not in G:
            labels = sorted({f"{l} @{getattr(l, 'language', '') or ''}".strip() for l in g.objects(node, RDFS.label)})
            alts = sorted({str(l) for l in g.objects(node, SKOS.altLabel)})
            extra = {}
            if k == "Event":
                st = g.value(node, KGB.status)
                d = g.value(node, SEM.hasTimeStamp)
                extra = {"status": str(st).rsplit("#", 1)[-1] if st else "",
                         "date": str(d) if d else "",
                         "event_type": next((str(t).rsplit("#", 1)[-1] for t in g.objects(node, RDF.type)
                                             if str(t).startswith(str(KGB._NS)) and str(t) != str(KGB._NS)), "")}
                sents = [str(s) for s in g.objects(node, KGB.sentence)] or _sentences(g, node)
            else:
                sents = _sentences(g, node)
            G.add_node(nid, kind=k, label=_label(g, node), labels=labels, alt_labels=alts,
                       sentences=sents, **extra)
        return nid

    for s in set(g.subjects(RDF.type, SEM.Event)) | set(g.subjects(RDF.type, SCHEMA.Person)) | \
            set(g.subjects(RDF.type, SCHEMA.Organization)) | set(g.subjects(RDF.type, SCHEMA.Place)):
        add(s)
    for mb in set(g.subjects(RDF.type, ORG.Membership)):
        p, o, r = g.value(mb, ORG.member), g.value(mb, ORG.organization), g.value(mb, ORG.role)
        if p is None or o is None:
            continue
        a, b = add(p), add(o)
        if a and b:
            role_text = g.value(mb, KGB.roleText)
            role_key = g.value(r, KGB.roleKey) if r is not None else None
            label = " / ".join(str(x) for x in (role_text, role_key) if x)
            G.add_edge(a, b, label=label, kind="membership", sentence=" ".join(_sentences(g, mb)[:1]))
    for ev in set(g.subjects(RDF.type, SEM.Event)):
        e = add(ev)
        sent = (G.nodes[e]["sentences"] or [""])[0]
        hosts = set(g.objects(ev, KGB.host)) | set(g.objects(ev, KGB.recipient))
        for a in set(g.objects(ev, SEM.hasActor)):
            n = add(a)
            if n:
                role = "host" if a in set(g.objects(ev, KGB.host)) else "recipient" if a in hosts else "actor"
                G.add_edge(n, e, label=role, kind="participation", sentence=sent)
        for pl in g.objects(ev, SEM.hasPlace):
            n = add(pl)
            if n:
                G.add_edge(e, n, label="place", kind="place", sentence=sent)
    for d in set(g.subjects(RDF.type, KGB.Delegation)):
        dn = add(d)
        for m in g.objects(d, SCHEMA.member):
            n = add(m)
            if n and dn:
                G.add_edge(n, dn, label="member", kind="delegation", sentence="")
        for o in g.objects(d, KGB.represents):
            n = add(o)
            if n and dn:
                G.add_edge(dn, n, label="represents", kind="delegation", sentence="")
    for s, o in g.subject_objects(ORG.subOrganizationOf):
        a, b = add(s), add(o)
        if a and b:
            G.add_edge(a, b, label="part of", kind="suborganization", sentence="")
    return G


def _tooltip(lines: list[str]) -> str:
    """Plain-text tooltip; escaped because pyvis/vis.js may render it as HTML."""
    return html.escape("\n".join(l for l in lines if l))


def render_html(g: Graph, title: str = "kgbuild graph") -> str:
    """Render the actor graph of ``g`` as one self-contained HTML page
    (vis-network inlined, no network request). Returns the page as ``str``;
    the caller writes it as UTF-8."""
    from pyvis.network import Network

    G = actor_graph(g)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    deg = dict(G.degree())
    for nid, d in sorted(G.nodes(data=True)):
        colour, shape = STYLE[d["kind"]]
        tip = [d["kind"] + (f" ({d.get('event_type')}, {d.get('status')}, {d.get('date')})" if d["kind"] == "Event" else ""),
               d["label"], *d.get("alt_labels", [])[:5], *d["sentences"][:2]]
        net.add_node(nid, label=d["label"], title=_tooltip(tip), color=colour, shape=shape,
                     size=10 + 3 * min(deg.get(nid, 0), 10), font={"face": "Noto Naskh Arabic, Arial, sans-serif"})
    for a, b, d in G.edges(data=True):
        net.add_edge(a, b, label=d.get("label", ""), title=_tooltip([d.get("label", ""), d.get("sentence", "")]),
                     arrows="to", font={"size": 10, "align": "middle"})
    net.set_options('{"physics": {"stabilization": {"iterations": 200}, "barnesHut": {"springLength": 150}},'
                    ' "interaction": {"hover": true, "tooltipDelay": 100}}')
    page = net.generate_html()
    page = _offline(page, title)
    return page


def _offline(page: str, title: str) -> str:
    """Remove every external <link>/<script src> (Bootstrap CDN) and add a
    DOCTYPE, a language, a title and a legend."""
    page = re.sub(r"<link[^>]+href=\"https?://[^>]*>\s*", "", page)
    page = re.sub(r"<script[^>]+src=\"https?://[^>]*>\s*</script>\s*", "", page)
    if not page.lstrip().lower().startswith("<!doctype"):
        page = "<!DOCTYPE html>\n" + page
    page = page.replace("<html>", '<html lang="ar">', 1)
    page = page.replace("<head>", f'<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>', 1)
    legend = "".join(
        f'<span style="margin:0 8px"><span style="display:inline-block;width:12px;height:12px;'
        f'background:{c};margin:0 4px"></span>{html.escape(k)}</span>' for k, (c, _s) in STYLE.items())
    page = page.replace("<body>", f'<body>\n<div id="kgb-legend" style="font-family:sans-serif;padding:4px">{legend}</div>', 1)
    return page
