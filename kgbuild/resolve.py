"""Resolve stage: identity of entities across the articles of one build.

Input: the extractions of a build (each already carrying in-article
coreference from its extractor: short names, "الوفد", aliases).
Output: per article, a map from entity key to a global IRI
(``{article_id: {key: IRI}}``), so that the same person, organisation or
place from several articles is one node.

Rules (each merge is recorded in :attr:`Resolution.merges` with the rule's
name, so a user can see and undo it):

* ``same-key``: the same type and the same normalised label
  (:func:`kgbuild.text.name_key`) → one IRI;
* ``geonames`` / ``country``: places linked to the same GeoNames id or the
  same ISO country code → one IRI;
* ``wikidata``: organisations linked to the same Wikidata id → one IRI;
* ``short-name``: a one-word person label that is the last word of exactly
  one multi-word person label in the build, and shares an organisation with
  it through a membership → that person (a bare family name shared by two
  different people is left alone).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from kgbuild.model import ORGANIZATION, PERSON, Extraction
from kgbuild.rdf import entity_iri, local_iris
from kgbuild.text import name_key


@dataclass
class Resolution:
    """IRIs per article and the merges that produced them.

    ``iris``: ``{article_id: {entity key: IRI}}``. ``merges``: a list of
    ``(rule, article_id, entity key, IRI)`` for every key whose IRI came from
    a rule other than its own label."""

    iris: dict[str, dict[str, URIRef]] = field(default_factory=dict)
    merges: list[tuple[str, str, str, str]] = field(default_factory=list)


def resolve(extractions: list[Extraction]) -> Resolution:
    """Assign global IRIs to the entities of ``extractions`` (see module
    docstring for the rules). Deterministic: the result depends only on the
    extractions, not on their order beyond ties broken by article id."""
    res = Resolution()
    by_wikidata: dict[str, URIRef] = {}
    persons: dict[str, set[URIRef]] = defaultdict(set)  # last word → IRIs of multi-word names
    person_orgs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for x in sorted(extractions, key=lambda x: x.article.id):
        iris = local_iris(x)
        for ent in x.entities.values():
            if ent.type == ORGANIZATION and ent.wikidata:
                canon = by_wikidata.setdefault(ent.wikidata, iris[ent.key])
                if canon != iris[ent.key]:
                    res.merges.append(("wikidata", x.article.id, ent.key, str(canon)))
                    iris[ent.key] = canon
        for mb in x.memberships:
            person_orgs[iris[mb.person]].add(iris[mb.organization])
        for ent in x.entities.values():
            if ent.type == PERSON and len(name_key(ent.label).split()) >= 2:
                persons[name_key(ent.label).split()[-1]].add(iris[ent.key])
        res.iris[x.article.id] = iris
    # short names across articles
    for x in extractions:
        iris = res.iris[x.article.id]
        for ent in x.entities.values():
            if ent.type != PERSON:
                continue
            words = name_key(ent.label).split()
            if len(words) != 1:
                continue
            cands = persons.get(words[0], set())
            if len(cands) != 1:
                continue
            (target,) = cands
            mine = person_orgs.get(iris[ent.key], set())
            if mine and mine & person_orgs.get(target, set()):
                res.merges.append(("short-name", x.article.id, ent.key, str(target)))
                iris[ent.key] = target
    return res


__all__ = ["Resolution", "resolve", "entity_iri"]
