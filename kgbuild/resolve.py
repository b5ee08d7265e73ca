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
        _resolve_translit(xs, res)
        _resolve_events(xs, res)
    return res


def _merge(res: Resolution, rule: str, x: Extraction, key: str, surface: str, target: URIRef,
           iris: dict[str, URIRef]) -> None:
    iris[key] = target
    res.merges.append((rule, x.article.id, key, surface, str(target)))

def _resolve_translit(xs: list[Extraction], res: Resolution) -> None:
    """Rule ``translit``: a person of an article in one language and a
    person of an article in another language whose names match by
    transliteration (:func:`kgbuild.translit.names_match`: "Hadi al-Bahra"
    and "هادي البحرة") get one IRI: the current IRI of the one whose article
    id sorts first. A person's names are its label and alternative labels of
    at least two name words. A person whose names match persons of more
    than one IRI in the other languages is left alone (two "Mohammed Ali"s
    stay apart). Each change is recorded in ``res.merges`` (rule
    ``"translit"``)."""
    from kgbuild.translit import names_match, skeleton

    people = []  # (lang, extraction, key, IRI, surface, names), articles in id order
    for x in sorted(xs, key=lambda x: x.article.id):
        iris = res.iris.get(x.article.id, {})
        for ent in sorted(x.entities.values(), key=lambda e: e.key):
            if ent.type != PERSON or not ent.mentions or ent.key not in iris:
                continue
            names = [n for n in [ent.label, *sorted(ent.alt_labels)] if len(skeleton(n)) >= 2]
            if names:
                people.append((x.article.lang, x, ent.key, iris[ent.key], ent.label, names))
    if len({p[0] for p in people}) < 2:
        return
    canon: dict[URIRef, URIRef] = {}
    for a in people:
        others = {b[3] for b in people if b[0] != a[0] and b[3] != a[3]
                  and any(names_match(na, nb) for na in a[5] for nb in b[5])}
        if len(others) != 1:
            continue
        group = {a[3], *others}
        target = next(p[3] for p in people if p[3] in group)
        for iri in group:
            if iri != target:
                canon.setdefault(iri, target)
    for _lang, x, key, iri, surface, _names in people:
        target, seen = canon.get(iri), set()
        while target is not None and target in canon and target not in seen:
            seen.add(target)
            target = canon[target]
        if target is None or target == iri:
            continue
        _merge(res, "translit", x, key, surface, target, res.iris[x.article.id])



def _resolve_persons(xs: list[Extraction], res: Resolution) -> None:
    orgs: dict[URIRef, set[URIRef]] = defaultdict(set)  # posts held, by person IRI
    names: dict[URIRef, list[str]] = {}
    for x in xs:
        iris = res.iris[x.article.id]
        for mb in x.memberships:
            orgs[iris[mb.person]].add(iris[mb.organization])
        for ent in x.entities.values():
            if ent.type == PERSON and ent.mentions:
                names.setdefault(iris[ent.key], name_key(ent.label).split())
    targets: dict[URIRef, tuple[URIRef, str]] = {}
    for iri, w in sorted(names.items()):
        if len(w) >= 2:
            longer = {o for o, ow in names.items() if len(ow) > len(w) and ow[:len(w)] == w and o != iri}
            if len(longer) == 1:
                (t,) = longer
                if len(w) >= 3 or orgs.get(iri, set()) & orgs.get(t, set()):
                    targets[iri] = (t, "name-prefix")
        elif len(w) == 1:
            longer = {o for o, ow in names.items() if len(ow) >= 2 and ow[-1] == w[0]}
            if len(longer) == 1:
                (t,) = longer
                if orgs.get(iri, set()) & orgs.get(t, set()):
                    targets[iri] = (t, "short-name")

    def final(i: URIRef) -> URIRef:
        seen = set()
        while i in targets and i not in seen:
            seen.add(i)
            i = targets[i][0]
        return i

    for x in xs:
        iris = res.iris[x.article.id]
        for ent in x.entities.values():
            own = iris.get(ent.key)
            if ent.type == PERSON and own in targets:
                _merge(res, targets[own][1], x, ent.key, ent.label, final(own), iris)


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


__all__ = ["Resolution", "resolve", "merges_graph"]
