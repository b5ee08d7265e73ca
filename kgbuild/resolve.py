"""Resolve stage: identity of entities and events across the articles of one
build.

Input: the extractions of a build (each already carrying in-article
coreference from its extractor: short names, titles used alone, "الوفد").
Output: a :class:`Resolution`: per article, a map from entity keys and event
keys (:func:`kgbuild.rdf.event_key`) to global IRIs, so that the same
person, organisation, place or event from several articles is one node.

Most identity comes from the IRIs themselves, which :mod:`kgbuild.rdf`
derives from normalised keys (so an article built today and one built next
month meet in the same nodes, one article at a time): the same normalised
label (``عبد الفتاح`` = ``عبدالفتاح``), the same GeoNames id or ISO country
code, a person's given name + بن + father's name, an event's type, principal
participants and date. The rules below need the whole batch; every merge
they make is recorded in :attr:`Resolution.merges` with the rule's name (and
:func:`merges_graph` puts them in RDF) so a user can see and undo it:

* ``wikidata``: organisations linked to the same Wikidata id → one IRI;
* ``name-prefix``: a person name of three or more words that begins exactly
  one longer person name of the build; two words suffice when both hold a
  post in the same organisation. A name that begins two different longer
  names is ambiguous and left alone;
* ``short-name``: a one-word person label that is the last word of exactly
  one multi-word person label in the build, when both hold a post in the
  same organisation;
* ``translit``: a person named in an article of one language and a person
  named in an article of another language whose names match by
  transliteration ("Hadi al-Bahra", "هادي البحرة": :mod:`kgbuild.translit`)
  → one IRI (:func:`_resolve_translit`);
* ``same-event``: events of the same type from different articles whose
  participants overlap, whose dates (the event's, else the article's
  publication date) are at most one day apart and whose places are
  compatible (equal, unknown, or a city and its country) are one event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgbuild.model import ORGANIZATION, PERSON, Extraction
from kgbuild.namespace import KGB
from kgbuild.rdf import ID, article_iri, event_key, local_iris
from kgbuild.text import name_key


@dataclass
class Resolution:
    """IRIs per article and the merges that produced them.

    ``iris``: ``{article_id: {entity or event key: IRI}}``. ``merges``: a
    list of ``(rule, article_id, key, surface form, IRI)`` for every key
    whose IRI came from a batch rule rather than from its own key."""

    iris: dict[str, dict[str, URIRef]] = field(default_factory=dict)
    merges: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def resolve(extractions: list[Extraction]) -> Resolution:
    """Assign global IRIs to the entities and events of ``extractions``
    (see the module docstring for the rules). Deterministic: articles are
    visited in id order."""
    res = Resolution()
    xs = sorted(extractions, key=lambda x: x.article.id)
    by_wikidata: dict[str, URIRef] = {}
    for x in xs:
        iris = local_iris(x)
        for ent in x.entities.values():
            if ent.type == ORGANIZATION and ent.wikidata:
                canon = by_wikidata.setdefault(ent.wikidata, iris[ent.key])
                if canon != iris[ent.key]:
                    _merge(res, "wikidata", x, ent.key, ent.label, canon, iris)
        res.iris[x.article.id] = iris
    if len(xs) > 1:
        _resolve_persons(xs, res)
        _resolve_events(xs, res)
    return res


def _merge(res: Resolution, rule: str, x: Extraction, key: str, surface: str, target: URIRef,
           iris: dict[str, URIRef]) -> None:
    iris[key] = target
    res.merges.append((rule, x.article.id, key, surface, str(target)))

def _deletions(word: str) -> set[str]:
    """The word (a final h dropped, as :func:`kgbuild.translit.names_match`
    does) and every string one letter shorter: two words one edit apart
    share one of these (symmetric-deletion blocking, as in SymSpell)."""
    w = word[:-1] if len(word) > 1 and word.endswith("h") else word
    return {w, *(w[:k] + w[k + 1:] for k in range(len(w)))}


def person_merges(labels: dict[URIRef, list[tuple[str, str]]],
                  orgs: dict[URIRef, set[URIRef]],
                  support: dict[URIRef, int] | None = None) -> dict[URIRef, tuple[URIRef, str]]:
    """The batch rules for persons on plain data.

    Input: ``labels``: person IRI → ``[(label, language), …]`` (its labels
    and alternative labels); ``orgs``: person IRI → IRIs of the
    organisations it holds a post in. Output: person IRI → ``(target IRI,
    rule)`` for every person that is merged into another (targets are
    final: no chains). Rules (module docstring): ``name-prefix``,
    ``short-name``, and ``translit`` — a person whose names match, by
    transliteration (:func:`kgbuild.translit.names_match`: "Hadi al-Bahra"
    and "هادي البحرة"), those of exactly one person IRI of another
    language; the IRI met first (sorted) is kept. ``support``: person IRI →
    number of articles naming it; when a name-prefix match's longer name
    has one word more and stands in one article while the shorter stands in
    two or more, the longer is the one merged ("عبد ربه منصور هادي أسروا",
    a verb glued to the name, into "عبد ربه منصور هادي")."""
    from kgbuild.translit import names_match, skeleton

    words = {i: name_key(ls[0][0]).split() for i, ls in labels.items() if ls}
    # indexes instead of comparing every pair: proper prefixes (two words or more) and last words
    by_prefix: dict[tuple[str, ...], set[URIRef]] = defaultdict(set)
    by_last: dict[str, set[URIRef]] = defaultdict(set)
    for o, ow in words.items():
        for n in range(2, len(ow)):
            by_prefix[tuple(ow[:n])].add(o)
        if len(ow) >= 2 and not (len(ow) >= 3 and ow[-2] == "ال"):
            by_last[ow[-1]].add(o)  # not a dynasty (آل سعود): thousands share it
    targets: dict[URIRef, tuple[URIRef, str]] = {}
    for iri, w in sorted(words.items()):
        if len(w) >= 2:
            longer = by_prefix.get(tuple(w), set()) - {iri}
            if len(longer) == 1:
                (t,) = longer
                # "X بن Y" before a family name may be anyone of that family: a shared post decides
                family = w[-2] in ("بن", "ابن", "bin") and words[t][len(w)] not in ("بن", "ابن", "bin", "ال")
                if (len(w) >= 3 and not family) or orgs.get(iri, set()) & orgs.get(t, set()):
                    if support and support.get(t, 0) == 1 and support.get(iri, 0) >= 2 \
                            and len(words[t]) == len(w) + 1 and t not in targets:
                        targets[t] = (iri, "name-prefix")  # the longer is the one-off variant
                    else:
                        targets[iri] = (t, "name-prefix")
        elif len(w) == 1:
            longer = by_last.get(w[0], set())
            if len(longer) == 1:
                (t,) = longer
                if orgs.get(iri, set()) & orgs.get(t, set()):
                    targets[iri] = (t, "short-name")
    # across languages; candidates share a one-deletion variant of the first skeleton word and the
    # word count (names_match allows one edit per word), so only those pairs are compared
    names = {i: [(l, lang) for l, lang in ls if len(skeleton(l)) >= 2] for i, ls in labels.items()}
    langs = {i: {lang for _l, lang in ls} for i, ls in names.items()}
    blocks: dict[tuple[int, str], set[URIRef]] = defaultdict(set)
    keys_of: dict[URIRef, set[tuple[int, str]]] = {}
    for i, ls in names.items():
        keys_of[i] = {(len(sk), v) for l, _lang in ls for sk in (skeleton(l),) for v in _deletions(sk[0])}
        for key in keys_of[i]:
            blocks[key].add(i)
    for a in sorted(names):
        if a in targets or not names[a]:
            continue
        cands = set().union(*(blocks[key] for key in keys_of[a]))
        others = {b for b in cands if b != a and b not in targets and langs[b] - langs[a]
                  and any(names_match(la, lb) for la, _x in names[a] for lb, _y in names[b])}
        if len(others) == 1:
            (b,) = others
            keep, drop = sorted((a, b))
            if drop not in targets:
                targets[drop] = (keep, "translit")

    def final(i: URIRef) -> URIRef:
        seen = set()
        while i in targets and i not in seen:
            seen.add(i)
            i = targets[i][0]
        return i

    return {i: (final(i), rule) for i, (_t, rule) in targets.items() if final(i) != i}


def _resolve_persons(xs: list[Extraction], res: Resolution) -> None:
    orgs: dict[URIRef, set[URIRef]] = defaultdict(set)  # posts held, by person IRI
    labels: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    support: dict[URIRef, int] = defaultdict(int)  # articles naming each person IRI
    for x in xs:
        iris = res.iris[x.article.id]
        for i in {iris[e.key] for e in x.entities.values() if e.type == PERSON and e.mentions}:
            support[i] += 1
        for mb in x.memberships:
            orgs[iris[mb.person]].add(iris[mb.organization])
        for ent in sorted(x.entities.values(), key=lambda e: e.key):
            if ent.type == PERSON and ent.mentions:
                for lab in [ent.label, *sorted(ent.alt_labels)]:
                    if (lab, x.article.lang) not in labels[iris[ent.key]]:
                        labels[iris[ent.key]].append((lab, x.article.lang))
    targets = person_merges(dict(labels), orgs, support)
    for x in xs:
        iris = res.iris[x.article.id]
        for ent in x.entities.values():
            own = iris.get(ent.key)
            if ent.type == PERSON and own in targets:
                _merge(res, targets[own][1], x, ent.key, ent.label, targets[own][0], iris)


def resolve_store(st) -> dict[str, str]:
    """The person rules over a whole store (:class:`kgbuild.store.ArticleStore`),
    for builds that resolve one article at a time: reads the persons' labels
    and posts from the merged graph, writes the named graph
    ``…/graph/resolution`` (``owl:sameAs`` from each merged IRI to its target,
    and a ``kgb:Merge`` record per merge), replacing the previous one.
    Returns ``{merged IRI: target IRI}`` (strings)."""
    from kgbuild.store import ntriples

    q_labels = """PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?p ?l WHERE { ?p a schema:Person . { ?p rdfs:label ?l } UNION { ?p skos:altLabel ?l } }"""
    q_orgs = """PREFIX org: <http://www.w3.org/ns/org#>
      SELECT ?p ?o WHERE { ?m a org:Membership ; org:member ?p ; org:organization ?o }"""
    labels: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    for sol in st.query(q_labels):
        iri, lit = URIRef(sol["p"].value), sol["l"]
        item = (lit.value, lit.language or "")
        if item not in labels[iri]:
            labels[iri].append(item)
    for v in labels.values():
        v.sort(key=lambda t: (-len(t[0].split()), t))  # the fullest name first
    orgs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sol in st.query(q_orgs):
        orgs[URIRef(sol["p"].value)].add(URIRef(sol["o"].value))
    q_support = """PREFIX schema: <http://schema.org/>
      SELECT ?p (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p a schema:Person } } GROUP BY ?p"""
    support = {URIRef(sol["p"].value): int(sol["n"].value) for sol in st.query(q_support)}
    targets = person_merges(dict(labels), orgs, support)
    g = Graph()
    from rdflib.namespace import OWL

    for src, (dst, rule) in sorted(targets.items()):
        g.add((src, OWL.sameAs, dst))
        node = ID["merge/" + hashlib.sha1(f"{rule}\x1f{src}".encode("utf-8")).hexdigest()[:12]]
        g.add((node, RDF.type, KGB.Merge))
        g.add((node, KGB.rule, Literal(rule)))
        g.add((node, KGB.surface, Literal(labels[src][0][0])))
        g.add((node, KGB.into, dst))
    st.replace([(str(RESOLUTION_GRAPH), ntriples(g))])
    return {str(s): str(d) for s, (d, _r) in targets.items()}


RESOLUTION_GRAPH = ID["graph/resolution"]


def _event_date(x: Extraction, ev) -> dt.date | None:
    return ev.date or x.article.published


def _places_compatible(xa: Extraction, a: str | None, xb: Extraction, b: str | None,
                       ia: dict, ib: dict) -> bool:
    if a is None or b is None or ia.get(a) == ib.get(b):
        return True
    ea, eb = xa.entities[a], xb.entities[b]
    return bool(ea.country and ea.country == eb.country and "Country" in (ea.place_kind, eb.place_kind))


def _resolve_events(xs: list[Extraction], res: Resolution) -> None:
    seen: list[tuple[Extraction, int, set[URIRef], URIRef]] = []
    for x in xs:
        iris = res.iris[x.article.id]
        for n, ev in enumerate(x.events):
            people = {iris[p] for a in ev.actors + ev.recipients for p in x.expand_actor(a) if p in iris}
            for ox, on, opeople, oiri in seen:
                oev = ox.events[on]
                if ox is x or oev.type != ev.type or not (people & opeople) or iris[event_key(n)] == oiri:
                    continue
                d1, d2 = _event_date(x, ev), _event_date(ox, oev)
                if d1 is None or d2 is None or abs((d1 - d2).days) > 1:
                    continue
                if not _places_compatible(x, ev.place, ox, oev.place, iris, res.iris[ox.article.id]):
                    continue
                if ev.status != oev.status and "Negated" in (ev.status, oev.status):
                    continue
                _merge(res, "same-event", x, event_key(n), ev.trigger.text, oiri, iris)
                break
            seen.append((x, n, people, iris[event_key(n)]))


def merges_graph(res: Resolution) -> Graph:
    """The merges of a resolution as RDF: one ``kgb:Merge`` node per merge
    with ``kgb:rule``, ``kgb:article``, ``kgb:surface`` and ``kgb:into``
    (the IRI the surface form was given)."""
    g = Graph()
    for rule, aid, key, surface, target in res.merges:
        node = ID["merge/" + hashlib.sha1(f"{rule}\x1f{aid}\x1f{key}".encode("utf-8")).hexdigest()[:12]]
        g.add((node, RDF.type, KGB.Merge))
        g.add((node, KGB.rule, Literal(rule)))
        g.add((node, KGB.article, article_iri(aid)))
        g.add((node, KGB.surface, Literal(surface)))
        g.add((node, KGB.into, URIRef(target)))
    return g


__all__ = ["Resolution", "resolve", "resolve_store", "person_merges", "merges_graph", "RESOLUTION_GRAPH"]
