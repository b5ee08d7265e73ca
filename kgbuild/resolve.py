"""Resolve stage: identity of entities and events across the articles of one
build.

Input: the extractions of a build (each already carrying in-article
coreference from its extractor: short names, titles used alone, "الوفد").
Output: a :class:`Resolution`: per article, a map from entity keys and event
keys (:func:`kgbuild.rdf.event_key`) to global IRIs, so that the same
person, organisation, place or event from several articles is one node.

First, inside each article (:func:`resolve` does it, once): names the
extractor left apart that the whole article shows to be one are merged
(:func:`kgbuild.extract.identity.merge_in_article`: "أحمد الفعر" and
"أحمد بن سلطان الفعر"); a place named after another ("مطار دمشق الدولي",
"ريف حلب", "محافظة جدة") is tied to it (:func:`link_place_parts`,
``schema:containedInPlace``); and a body that every state has, named
without its country ("وزارة الخارجية"), gets its country's IRI
(:func:`national_iris`).

Most identity comes from the IRIs themselves, which :mod:`kgbuild.rdf`
derives from normalised keys (so an article built today and one built next
month meet in the same nodes, one article at a time): the same normalised
label (``عبد الفتاح`` = ``عبدالفتاح``; an organisation's plural nisba as
its singular, "الحوثيين" = "الحوثي"), the same GeoNames id or ISO country
code, a person's given name + بن + father's name, an event's type, principal
participants and date. The rules below need the whole batch (or, for a
store built one article at a time, the whole store: :func:`resolve_store`);
every merge they make is recorded in :attr:`Resolution.merges` with the
rule's name (and :func:`merges_graph` puts them in RDF) so a user can see
and undo it:

* ``wikidata``: organisations linked to the same Wikidata id → one IRI;
* ``name-prefix``: a person name of three or more words that begins exactly
  one longer person name of the build; two words suffice when both hold a
  post in the same organisation. A name that begins two different longer
  names is ambiguous and left alone;
* ``first-last``: a two-word person name ("عادل الجبير") whose first and
  last words begin and end exactly one longer name ("عادل بن أحمد
  الجبير"), when both hold a post in one organisation or share an article;
* ``short-name``: a one-word person label that is the last word of exactly
  one multi-word person label in the build, when both hold a post in the
  same organisation;
* ``translit``: a person named in an article of one language and a person
  named in an article of another language whose names match by
  transliteration ("Hadi al-Bahra", "هادي البحرة": :mod:`kgbuild.translit`)
  → one IRI;
* ``variant``: two names of one language that spell one name
  ("ترامب"/"ترمب", "سيرجي"/"سيرغي لافروف", a typo one letter apart in a long
  foreign name: :func:`spelling_variant`), where the differing words keep
  four consonants, or of persons sharing a post or an article;
* ``national-body``: a body every state has, named without a country in an
  article that did not say whose, merged into the one such body with a
  country in the build (:func:`org_merges`);
* ``same-event``: events of the same type from different articles whose
  participants overlap, whose dates (the event's, else the article's
  publication date) are at most one day apart and whose places are
  compatible (equal, unknown, or a city and its country) are one event.

Every rule takes a unique candidate or none (``translit`` and ``variant``
take a group of names that all match one another and nothing else: one
name spelt three ways), and visits names in sorted order: the same
extractions give the same merges whatever the process.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgbuild.model import ORGANIZATION, PERSON, PLACE, Entity, Extraction, Span
from kgbuild.namespace import KGB
from kgbuild.extract.identity import (lexicon_row, merge_in_article, national_bodies, national_body,
                                      split_place_part)
from kgbuild.rdf import ID, article_iri, event_key, government_iri, local_iris, slug
from kgbuild.text import name_key, normalize, org_key
from kgbuild.translit import within_one_edit


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
    visited in id order. First, inside each extraction, merges the names
    the extractor left apart (:func:`kgbuild.extract.identity.merge_in_article`)
    and links the places named after other places (:func:`link_place_parts`,
    which adds the inner places): both change the extraction, once."""
    res = Resolution()
    xs = sorted(extractions, key=lambda x: x.article.id)
    by_wikidata: dict[str, URIRef] = {}
    for x in xs:
        merge_in_article(x)
        link_place_parts(x)
        iris = local_iris(x, national_iris(x))
        for ent in x.entities.values():
            if ent.type == ORGANIZATION and ent.wikidata:
                canon = by_wikidata.setdefault(ent.wikidata, iris[ent.key])
                if canon != iris[ent.key]:
                    _merge(res, "wikidata", x, ent.key, ent.label, canon, iris)
        res.iris[x.article.id] = iris
    if len(xs) > 1:
        _resolve_persons(xs, res)
        _resolve_orgs(xs, res)
        _resolve_events(xs, res)
    return res


def home_country(x: Extraction) -> str | None:
    """The country whose bodies an article names without saying whose: the
    country of most of its government posts (memberships in a country, its
    government, or a body of that country: the extractor has already
    decided whose a post "وزير الخارجية" is); in an article that states no
    post, the country it names most, by name or nationality adjective, if
    at least twice (a city says too little: "اللوم" is no reason to take a
    Saudi ministry for Togo's). None when none or two lead."""
    score: dict[str, int] = defaultdict(int)
    for mb in x.memberships:
        org = x.entities.get(mb.organization)
        if org is not None and org.country and (org.type == ORGANIZATION or org.place_kind == "Country"):
            score[org.country] += 1
    if not score:  # no post: the country named (by name or adjective) at least twice and most
        for e in x.entities.values():
            if e.type == PLACE and e.place_kind == "Country" and e.country and len(e.mentions) >= 2:
                score[e.country] += len(e.mentions)
    if not score:
        return None
    best = max(score.values())
    tops = [c for c, v in score.items() if v == best]
    return tops[0] if len(tops) == 1 else None


def national_iris(x: Extraction, gazetteer=None) -> dict[str, URIRef]:
    """IRIs of the organisations of ``x`` that are bodies every state has
    (:func:`national_body`), by entity key: a government is its country's
    government node (:func:`kgbuild.rdf.government_iri`), another body an
    IRI of its name and country, so "وزارة الخارجية" of a Saudi article and
    "وزارة الخارجية السعودية" are one node and the Egyptian ministry
    another. The country: the one the name holds, else the organisation's
    own, else the article's (:func:`home_country`: whose government posts
    it names); a body with none keeps the IRI of its name. Organisations with a Wikidata id are left alone.
    ``gazetteer``: default :func:`kgbuild.gazetteer.get_gazetteer` (loaded
    only when a name's first word opens a national body)."""
    lang = x.article.lang
    vocab = {w for p, _k in national_bodies(lang) for w in p if w != "*"}
    cands = [e for e in x.entities.values() if e.type == ORGANIZATION and not e.wikidata
             and not vocab.isdisjoint(name_key(e.label).split())]
    if not cands:
        return {}
    if gazetteer is None:
        from kgbuild.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
    out: dict[str, URIRef] = {}
    home = None
    for ent in cands:
        nb = national_body(ent.label, lang, gazetteer)
        if nb is None:
            continue
        key, country, kind = nb
        cc = country or ent.country
        if cc is None:
            if home is None:
                home = home_country(x) or ""
            cc = home
        if not cc:
            continue
        out[ent.key] = government_iri(cc) if kind == "government" else ID[f"org/{slug(f'{key} {cc.lower()}')}"]
        ent.country = cc  # kgb:iso2: whose body it was taken to be
    return out


# ---------------------------------------------------------------- places inside places

def link_place_parts(x: Extraction, gazetteer=None) -> None:
    """Tie each place of ``x`` whose name is built on another place's name
    (:func:`split_place_part`: a venue, district, countryside or
    administrative unit named after a city) to that place, when the inner
    name is a city the gazetteer knows (linked with the place's country, else
    the article's countries, as context):

    * ``within`` ("مطار دمشق الدولي", "ريف حلب", "the outskirts of Aleppo"):
      ``part_of`` the city's entity (``schema:containedInPlace``), which is
      added to ``x`` with its GeoNames id and coordinates when the article
      does not name the city apart (its mentions: the inner name inside the
      place's mentions);
    * ``same`` ("محافظة جدة"): the place is the city: it takes the city's
      GeoNames id (and so its IRI), its name becomes the city's as written
      and the full name an alternative label;
    * ``contains`` ("منطقة نجران"): the city is ``part_of`` the place.

    An administrative unit or area of one or two words whose inner name the
    gazetteer does not know ("منطقة عسير", "قرية المفتاحة": ``same`` or
    ``contains``) is the area called by that name: it is named by the inner
    name (the full name an alternative label), so that "عسير" of another
    article is the same node. A place already linked to GeoNames, a country,
    a ``within`` place whose inner name is no known city, or one whose inner
    name is a region or names a country (the place already lies in it) is
    left as it is. Idempotent. ``gazetteer``: default
    :func:`kgbuild.gazetteer.get_gazetteer` (loaded only when a name matches
    a pattern)."""
    lang = x.article.lang
    todo = []
    for ent in list(x.entities.values()):
        if ent.type != PLACE or ent.geonames or ent.place_kind in ("Country", "City") or ent.part_of:
            continue
        hit = split_place_part(ent.label, lang)
        if hit is not None:
            todo.append((ent, *hit))
    if not todo:
        return
    if gazetteer is None:
        from kgbuild.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
    context = {e.country for e in x.entities.values() if e.type == PLACE and e.country}
    for ent, inner, relation in todo:
        city = gazetteer.link(inner, {ent.country} if ent.country else context)
        if city is None and relation != "within" and len(inner.split()) <= 2:
            _name_as_inner(ent, inner)  # "منطقة عسير", "قرية المفتاحة": the area called X
            continue
        if city is None or city.kind != "City":
            continue
        if relation == "same":
            _fill_city(ent, city)
            _name_as_inner(ent, inner)
            continue
        target = _city_entity(x, ent, inner, city)
        if relation == "within":
            ent.part_of = target.key
            ent.country = ent.country or city.country
        elif target.part_of is None:
            target.part_of = ent.key


def _name_as_inner(ent: Entity, inner: str) -> None:
    """Name ``ent`` by the inner name of its pattern ("منطقة عسير" →
    "عسير", the full name an alternative label), so that it shares the IRI of
    the place called by the bare name in other articles."""
    if ent.label != inner:
        ent.alt_labels.add(ent.label)
        ent.label = inner


def _fill_city(ent: Entity, city) -> None:
    ent.geonames, ent.lat, ent.long = city.geonames, city.lat, city.long
    ent.country = ent.country or city.country
    ent.place_kind = "City"
    if city.name and ent.lang != "en":
        ent.labels.setdefault("en", city.name)


def _city_entity(x: Extraction, part: Entity, inner: str, city) -> Entity:
    """The entity of ``city`` in ``x`` (the one with its GeoNames id, else
    the place keyed by its name), added when missing, with the inner name's
    spans inside ``part``'s mentions as mentions."""
    ent = next((e for e in x.entities.values() if e.type == PLACE and e.geonames == city.geonames), None)
    if ent is None:
        key = f"{PLACE}:{name_key(inner)}"
        ent = x.entities.get(key)
        if ent is None or ent.type != PLACE:
            key = key if ent is None else f"{PLACE}:{name_key(inner)}:{city.geonames}"
            ent = x.entities[key] = Entity(key=key, type=PLACE, label=inner, lang=part.lang)
        if not ent.geonames:
            _fill_city(ent, city)
    for sp in part.mentions:
        i = sp.text.find(inner)
        if i >= 0:
            m = Span(sp.begin + i, sp.begin + i + len(inner), inner)
            if m not in ent.mentions:
                ent.mentions.append(m)
    return ent


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


@functools.lru_cache(maxsize=None)
def _given_names(lang: str) -> frozenset[str]:
    """Given names of a language pack (``given_names*.tsv``), as name keys."""
    from kgbuild.lang import read_lexicon

    out = set()
    for name in ("given_names", "given_names_news"):
        try:
            rows = read_lexicon(lang, name)
        except FileNotFoundError:
            continue
        out |= {name_key(r["name"]) for r in rows if r.get("name")}
    return frozenset(out)


_LONG_VOWELS = str.maketrans("", "", "اويى")
_LATIN_VOWELS = str.maketrans("", "", "aeiouy")


def _vowel_skeleton(word: str) -> str:
    """A normalised word without its long vowels after the first letter
    (Arabic ا و ي; Latin a e i o u y), غ as ج (both spell a foreign g), doubled
    letters single: the spelling of a foreign name that news sources vary
    ("ترامب"/"ترمب", "سيرجي"/"سيرغي", "Sergei"/"Sergey"), while every
    consonant of an Arabic name stays ("سعيد" is no "سيد")."""
    w = normalize(word)
    w = w[:1] + w[1:].translate(_LONG_VOWELS).translate(_LATIN_VOWELS)
    return re.sub(r"(.)\1+", r"\1", w.replace("غ", "ج"))


def spelling_variant(a: str, b: str, lang: str, min_consonants: int = 1) -> bool:
    """True when two different names of one language may be spellings of
    one name ("ترامب"/"ترمب", "جوزف بلاتر"/"جوزيف بلاتر", "سيرجي"/"سيرغي
    لافروف"): as many words, and every word that differs differs only in
    long vowels or a ج/غ (:func:`_vowel_skeleton`) or, five consonants long
    or more, in one letter (a typo in a long foreign name); has four letters
    or more; is not a given name both ways ("محمد"/"محمود", "سعد"/"سعيد"
    are two names); and carries no Arabic article (family names:
    "السعدي"/"السعيدي"). ``min_consonants``: the least letters the differing
    words keep without their long vowels (4 takes "نتنياهو"/"نتانياهو" but
    not "علي"/"علوي" or "أمين"/"أمان")."""
    wa, wb = normalize(a).split(), normalize(b).split()
    if len(wa) != len(wb) or name_key(a) == name_key(b):
        return False
    given = _given_names(lang)
    for x, y in zip(wa, wb):
        kx, ky = name_key(x), name_key(y)
        if kx == ky:
            continue
        if x.startswith("ال") or y.startswith("ال") or (kx in given and ky in given) or max(len(x), len(y)) < 4:
            return False
        sx, sy = _vowel_skeleton(x), _vowel_skeleton(y)
        if min(len(sx), len(sy)) < min_consonants:
            return False
        if sx != sy and not (min(len(sx), len(sy)) >= 5 and within_one_edit(sx, sy)):
            return False  # a typo: one letter apart in a long name ("كيليستش"/"كاليستش")
    return True


def person_merges(labels: dict[URIRef, list[tuple[str, str]]],
                  orgs: dict[URIRef, set[URIRef]],
                  support: dict[URIRef, int] | None = None,
                  articles: dict[URIRef, set[str]] | None = None) -> dict[URIRef, tuple[URIRef, str]]:
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
    a verb glued to the name, into "عبد ربه منصور هادي"). ``first-last``:
    a two-word name ("عادل الجبير") whose first and last words begin and
    end exactly one longer name ("عادل بن أحمد الجبير", "عبدربه منصور
    هادي"), when both hold a post in the same organisation or are named in
    one article (``articles``: person IRI → ids of the articles naming it).
    ``variant``: two names of one language that are spellings of one name
    (:func:`spelling_variant`: "ترامب"/"ترمب", "سيرجي لافروف"/"سيرغي
    لافروف", one letter apart in a long foreign name), where the words that
    differ keep four consonants, or of persons who hold a post in the same
    organisation or share an article (short Arabic names that differ in a
    long vowel are often two names: "علي"/"علوي")."""
    from kgbuild.translit import skeleton, skeletons_match

    words = {i: name_key(ls[0][0]).split() for i, ls in labels.items() if ls}
    # indexes instead of comparing every pair: proper prefixes (two words or more) and last words
    by_prefix: dict[tuple[str, ...], set[URIRef]] = defaultdict(set)
    by_last: dict[str, set[URIRef]] = defaultdict(set)
    by_ends: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for o, ow in words.items():
        for n in range(2, len(ow)):
            by_prefix[tuple(ow[:n])].add(o)
        if len(ow) >= 2 and not (len(ow) >= 3 and ow[-2] == "ال"):
            by_last[ow[-1]].add(o)  # not a dynasty (آل سعود): thousands share it
        if 3 <= len(ow) <= 5 and ow[-2] != "ال":
            by_ends[(ow[0], ow[-1])].add(o)
    arts = articles or {}
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
        if len(w) == 2 and iri not in targets:
            longer = by_ends.get((w[0], w[1]), set()) - {iri}
            if len(longer) == 1:
                (t,) = longer
                if orgs.get(iri, set()) & orgs.get(t, set()) or arts.get(iri, set()) & arts.get(t, set()):
                    targets[iri] = (t, "first-last")
        elif len(w) == 1:
            longer = by_last.get(w[0], set())
            if len(longer) == 1:
                (t,) = longer
                if orgs.get(iri, set()) & orgs.get(t, set()):
                    targets[iri] = (t, "short-name")
    # across languages (translit) and within one (variant): candidates have as many skeleton words and
    # share a one-deletion variant of the first and of the last (names_match allows one edit per
    # word), so only those pairs are compared
    names = {i: [(l, lang, sk) for l, lang in ls for sk in (skeleton(l),) if len(sk) >= 2]
             for i, ls in labels.items()}
    blocks: dict[tuple[int, str, str], set[URIRef]] = defaultdict(set)
    keys_of: dict[URIRef, set[tuple[int, str, str]]] = {}
    for i, ls in names.items():
        # skeletons that match are as long and have first and last words one edit apart at most
        keys_of[i] = {(len(sk), v, w) for _l, _lang, sk in ls for v in _deletions(sk[0]) for w in _deletions(sk[-1])}
        for key in keys_of[i]:
            blocks[key].add(i)

    def spelt_alike(a: URIRef, b: URIRef) -> str | None:
        # one language: the same name spelt two ways, with four consonants where it differs or of
        # persons sharing a post or an article
        need = 1 if orgs.get(a, set()) & orgs.get(b, set()) or arts.get(a, set()) & arts.get(b, set()) else 4
        for la, xa, ska in names[a]:
            rule = next((("translit" if xa != xb else "variant") for lb, xb, skb in names[b]
                         if skeletons_match(ska, skb)
                         and (xa != xb or spelling_variant(la, lb, xa, need))), None)
            if rule:
                return rule
        return None

    matched: dict[URIRef, dict[URIRef, str]] = {}

    def matches(a: URIRef) -> dict[URIRef, str]:
        if a not in matched:
            cands = set().union(*(blocks[key] for key in keys_of[a]))
            matched[a] = {b: r for b in sorted(cands) if b != a and names[b] and (r := spelt_alike(a, b))}
        return matched[a]

    for a in sorted(names):
        if a in targets or not names[a]:
            continue
        others = {b: r for b, r in matches(a).items() if b not in targets}
        if not others:
            continue
        # a group whose names all match one another and nothing outside ("Sergey Lavrov", "سيرغي
        # لافروف", "سيرجي لافروف": one person spelt three ways); a name matching two that do not match
        # each other ("Ali Hassan": "علي حسن", "علي حسين") is a choice between two people: none
        group = {a, *others}
        if any(set(matches(b)) - group for b in group) or \
                not all(c in matches(b) for b, c in itertools.combinations(sorted(group), 2)):
            continue
        keep = min(group)
        for d in sorted(group - {keep}):
            targets[d] = (keep, matches(d)[keep])

    def final(i: URIRef) -> URIRef:
        seen = set()
        while i in targets and i not in seen:
            seen.add(i)
            i = targets[i][0]
        return i

    return {i: (final(i), rule) for i, (_t, rule) in targets.items() if final(i) != i}


def org_merges(labels: dict[URIRef, list[tuple[str, str]]], countries: dict[URIRef, set[str]],
               gazetteer=None, alt_labels: dict[URIRef, list[tuple[str, str]]] | None = None,
               ) -> dict[URIRef, tuple[URIRef, str]]:
    """The batch rules for organisations on plain data, each taking a unique
    target or none (the first that fires wins, in this order):

    * ``national-body``: a body that every state has, named without a
      country in an article that did not tell whose it is
      (:func:`national_iris` kept the IRI of its name: "وزارة التعليم" of an
      article without a post), is merged into the one IRI of that body with
      a country, when the batch or store holds exactly one ("وزارة التعليم"
      of SA); with two or more countries it is left alone;
    * ``known``: organisations whose names (labels or alternative labels)
      are those of one row of ``organizations.tsv``, and of no other row,
      are that one body ("تنظيم داعش", "تنظيم الدولة الإسلامية",
      "Islamic State"), merged into the smallest IRI of the group;
    * ``alias``: an organisation named in one article by what another
      article gave as its alias, a name sharing no word with the full one
      ("فيفا" of "الاتحاد الدولي لكرة القدم (فيفا)"), written the same
      (normalised, the article kept: "الحماس" is no "حماس"), is that
      organisation;
    * ``descriptor``: "حركة طالبان", "ميليشيا الحوثي", "المليشيات الحوثية",
      "نادي الهلال" (a word of ``org_descriptors.tsv`` before the name; an
      adjective's feminine folded to the name) are the one organisation
      named bare ("طالبان", "الحوثي", "الهلال"); without a bare one, the
      described forms of one name are one organisation. Not for bodies with
      a country, descriptors of two kinds (group, club, press), or a name
      that is a place's ("فريق الرياض" and the paper "الرياض");
    * ``variant``: two names that differ only in the long vowels or ج/غ of
      words keeping four consonants ("الكونغرس الأمريكي"/"الكونجرس
      الأميركي", :func:`_vowel_skeleton`), each the other's only such
      partner (bodies with a country are left out).

    Input: ``labels``: organisation IRI → ``[(label, language), …]``;
    ``countries``: organisation IRI → its ``kgb:iso2`` codes;
    ``alt_labels``: organisation IRI → its alternative labels (optional).
    Output: organisation IRI → ``(target IRI, rule)``. ``gazetteer``:
    default :func:`kgbuild.gazetteer.get_gazetteer`."""
    if gazetteer is None:
        from kgbuild.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
    out = _national_body_merges(labels, countries, gazetteer)
    for rule in (_known_merges(labels, alt_labels or {}, gazetteer), _alias_merges(labels, alt_labels or {}),
                 _descriptor_merges(labels, countries, gazetteer),
                 _variant_merges(labels, countries)):
        for src, hit in sorted(rule.items()):
            if src not in out and hit[0] not in out:
                out[src] = hit

    def final(i: URIRef) -> URIRef:
        while i in out:  # no cycle: a target never becomes a source above
            i = out[i][0]
        return i

    return {src: (final(dst), rule) for src, (dst, rule) in out.items()}


def _label_keys(labels: dict[URIRef, list[tuple[str, str]]]) -> dict[str, set[URIRef]]:
    """Organisation key (:func:`kgbuild.text.org_key`) → the IRIs with a label of that key."""
    out: dict[str, set[URIRef]] = defaultdict(set)
    for iri, ls in labels.items():
        for label, _lang in ls:
            out[org_key(label)].add(iri)
    return out


def _known_merges(labels, alt_labels, gazetteer) -> dict[URIRef, tuple[URIRef, str]]:
    rows: dict[str, set[URIRef]] = defaultdict(set)
    for iri in sorted(labels):
        keys = {lexicon_row(gazetteer, label, lang) for label, lang in (*labels[iri], *alt_labels.get(iri, ()))}
        keys.discard(None)
        if len(keys) == 1:
            rows[keys.pop()].add(iri)
    out = {}
    for _key, iris in sorted(rows.items()):
        dst, *rest = sorted(iris)
        for src in rest:
            out[src] = (dst, "known")
    return out


def _alias_merges(labels, alt_labels) -> dict[URIRef, tuple[URIRef, str]]:
    # compared as written (normalised, the article kept): an acronym is written without it, and
    # "الحماس" (zeal, a names error) is no "حماس"
    by_form: dict[str, set[URIRef]] = defaultdict(set)
    for iri, ls in labels.items():
        for label, _lang in ls:
            by_form[normalize(label)].add(iri)
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for iri, alts in alt_labels.items():
        words = {w for label, _l in labels.get(iri, ()) for w in org_key(label).split()}
        for alt, _lang in alts:
            k = org_key(alt)
            if k and words.isdisjoint(k.split()):
                owners[normalize(alt)].add(iri)
    out = {}
    for form, own in sorted(owners.items()):
        if len(own) == 1:
            (dst,) = own
            for src in sorted(by_form.get(form, set()) - own):
                out.setdefault(src, (dst, "alias"))
    return out


@functools.lru_cache(maxsize=None)
def _descriptors(lang: str) -> dict[str, str]:
    """Descriptor words of ``org_descriptors.tsv`` as name keys → their kind
    (empty without the file)."""
    from kgbuild.lang import read_lexicon

    try:
        return {name_key(r["word"]): r["kind"] for r in read_lexicon(lang, "org_descriptors")}
    except FileNotFoundError:
        return {}


def _descriptor_merges(labels, countries, gazetteer) -> dict[URIRef, tuple[URIRef, str]]:
    bare: dict[str, set[URIRef]] = defaultdict(set)
    described: dict[str, dict[URIRef, set[str]]] = defaultdict(lambda: defaultdict(set))
    for iri, ls in sorted(labels.items()):
        if countries.get(iri):
            continue  # a body kept apart by its country ("القوات المسلحة" of SA and of SY)
        for label, lang in ls:
            words = org_key(label).split()
            kind = _descriptors(lang).get(words[0]) if len(words) >= 2 else None
            if kind:
                core = words[1:]
                if kind == "group" and len(core) == 1 and len(core[0]) >= 5 and core[0].endswith("يه"):
                    core = [core[0][:-1]]  # "المليشيات الحوثية": "الحوثي"
                described[" ".join(core)][iri].add(kind)
            else:
                bare[" ".join(words)].add(iri)
    out = {}
    for core, its in sorted(described.items()):
        heads = bare.get(core, set())
        if len(heads) > 1 or len(set().union(*its.values())) > 1 or gazetteer.link(core, set()) is not None:
            continue  # two bodies of that name, two kinds ("حركة الشباب", "نادي الشباب"), or a place's
            # name, which papers and clubs share ("الرياض" the paper, "فريق الرياض" a club)
        dst = next(iter(heads)) if heads else min(its)
        for src in sorted(set(its) - {dst}):
            out.setdefault(src, (dst, "descriptor"))
    return out


def _variant_merges(labels, countries) -> dict[URIRef, tuple[URIRef, str]]:
    by_key = _label_keys({i: ls for i, ls in labels.items() if not countries.get(i)})
    groups: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for k in by_key:
        skel = tuple(s if len(s := _vowel_skeleton(w)) >= 4 else w for w in k.split())
        groups[skel].add(k)
    partners: dict[URIRef, set[URIRef]] = defaultdict(set)
    for keys in groups.values():
        for a in keys:
            for b in keys:
                if a != b:
                    for ia in by_key[a]:
                        partners[ia] |= by_key[b] - by_key[a]
    out = {}
    for a, ps in sorted(partners.items()):
        if len(ps) == 1:
            (b,) = ps
            if partners.get(b) == {a} and b < a:
                out[a] = (b, "variant")
    return out


def _national_body_merges(labels, countries, gazetteer) -> dict[URIRef, tuple[URIRef, str]]:
    vocab = {lang: {w for p, _k in national_bodies(lang) for w in p if w != "*"} for lang in ("ar", "en")}
    cands = {i: [(l, lang) for l, lang in ls if not vocab.get(lang, set()).isdisjoint(name_key(l).split())]
             for i, ls in labels.items()}
    cands = {i: ls for i, ls in cands.items() if ls}
    if not cands:
        return {}
    qualified: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    generic: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for iri, ls in sorted(cands.items()):
        for label, lang in ls:
            nb = national_body(label, lang, gazetteer)
            if nb is None or nb[2] == "government":
                continue
            (qualified if countries.get(iri) else generic)[(lang, nb[0])].add(iri)
    out: dict[URIRef, tuple[URIRef, str]] = {}
    for key, gens in sorted(generic.items()):
        quals = qualified.get(key, set())
        if len(quals) == 1:
            (q,) = quals
            for g in sorted(gens - {q}):
                out.setdefault(g, (q, "national-body"))
    return out


def _resolve_orgs(xs: list[Extraction], res: Resolution) -> None:
    labels: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    alts: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    countries: dict[URIRef, set[str]] = defaultdict(set)
    for x in xs:
        iris = res.iris[x.article.id]
        for ent in x.entities.values():
            if ent.type == ORGANIZATION:
                if (ent.label, ent.lang) not in labels[iris[ent.key]]:
                    labels[iris[ent.key]].append((ent.label, ent.lang))
                for alt in sorted(ent.alt_labels):
                    if (alt, ent.lang) not in alts[iris[ent.key]]:
                        alts[iris[ent.key]].append((alt, ent.lang))
                if ent.country:
                    countries[iris[ent.key]].add(ent.country)
    _apply(xs, res, ORGANIZATION, org_merges(dict(labels), dict(countries), alt_labels=dict(alts)))


def _apply(xs: list[Extraction], res: Resolution, etype: str, targets: dict[URIRef, tuple[URIRef, str]]) -> None:
    """Give every entity of type ``etype`` whose IRI is merged (``targets``:
    IRI → (target, rule)) its target, recording the merge."""
    for x in xs:
        iris = res.iris[x.article.id]
        for ent in x.entities.values():
            own = iris.get(ent.key)
            if ent.type == etype and own in targets:
                _merge(res, targets[own][1], x, ent.key, ent.label, targets[own][0], iris)


def _resolve_persons(xs: list[Extraction], res: Resolution) -> None:
    orgs: dict[URIRef, set[URIRef]] = defaultdict(set)  # posts held, by person IRI
    labels: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    support: dict[URIRef, int] = defaultdict(int)  # articles naming each person IRI
    arts: dict[URIRef, set[str]] = defaultdict(set)
    for x in xs:
        iris = res.iris[x.article.id]
        for i in {iris[e.key] for e in x.entities.values() if e.type == PERSON and e.mentions}:
            support[i] += 1
            arts[i].add(x.article.id)
        for mb in x.memberships:
            orgs[iris[mb.person]].add(iris[mb.organization])
        for ent in sorted(x.entities.values(), key=lambda e: e.key):
            if ent.type == PERSON and ent.mentions:
                for lab in [ent.label, *sorted(ent.alt_labels)]:
                    if (lab, x.article.lang) not in labels[iris[ent.key]]:
                        labels[iris[ent.key]].append((lab, x.article.lang))
    _apply(xs, res, PERSON, person_merges(dict(labels), orgs, support, arts))


def resolve_store(st) -> dict[str, str]:
    """The person rules (:func:`person_merges`) and the organisation rule
    (:func:`org_merges`) over a whole store (:class:`kgbuild.store.ArticleStore`),
    for builds that resolve one article at a time: reads the persons' labels
    and posts and the organisations' labels and countries from the merged
    graph, writes the named graph
    ``…/graph/resolution`` (``owl:sameAs`` from each merged IRI to its target,
    and a ``kgb:Merge`` record per merge: rule, surface form, target, and
    the articles naming the merged IRI; and ``owl:sameAs`` between
    membership nodes that state the same person, role and body once those
    merges apply), replacing the previous one. Returns ``{merged IRI:
    target IRI}`` (strings) of the persons and organisations."""
    from kgbuild.store import ntriples

    q_labels = """PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?p ?l WHERE { ?p a schema:Person . { ?p rdfs:label ?l } UNION { ?p skos:altLabel ?l } }"""
    q_orgs = """PREFIX org: <http://www.w3.org/ns/org#>
      SELECT ?p ?o WHERE { ?m a org:Membership ; org:member ?p ; org:organization ?o }"""
    labels: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    for sol in st.query(q_labels):
        _add_literal(labels, sol["p"], sol["l"])
    for v in labels.values():
        v.sort(key=lambda t: (-len(t[0].split()), t))  # the fullest name first
    orgs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sol in st.query(q_orgs):
        orgs[URIRef(sol["p"].value)].add(URIRef(sol["o"].value))
    # the articles (named graphs) naming each person and organisation: the persons' support, and the
    # articles of the merge records
    q_articles = """PREFIX schema: <http://schema.org/>
      SELECT DISTINCT ?p ?g WHERE { VALUES ?t { schema:Person schema:Organization } GRAPH ?g { ?p a ?t } }"""
    arts: dict[URIRef, set[str]] = defaultdict(set)
    for sol in st.query(q_articles):
        if sol["g"].value != str(RESOLUTION_GRAPH):
            arts[URIRef(sol["p"].value)].add(sol["g"].value)
    support = {p: len(gs) for p, gs in arts.items()}
    targets = person_merges(dict(labels), orgs, support, dict(arts))
    q_org_labels = """PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      PREFIX kgb: <https://w3id.org/kgbuild/ontology#>
      SELECT ?o ?l ?c WHERE { ?o a schema:Organization ; rdfs:label ?l . OPTIONAL { ?o kgb:iso2 ?c } }"""
    org_labels: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    countries: dict[URIRef, set[str]] = defaultdict(set)
    for sol in st.query(q_org_labels):
        _add_literal(org_labels, sol["o"], sol["l"])
        if sol["c"] is not None:
            countries[URIRef(sol["o"].value)].add(sol["c"].value)
    q_org_alts = """PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?o ?l WHERE { ?o a schema:Organization ; skos:altLabel ?l }"""
    org_alts: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    for sol in st.query(q_org_alts):
        _add_literal(org_alts, sol["o"], sol["l"])
    for v in (*org_labels.values(), *org_alts.values()):
        v.sort()
    org_targets = org_merges(dict(org_labels), dict(countries), alt_labels=dict(org_alts))
    labels.update({i: org_labels[i] for i in org_targets})
    targets.update(org_targets)
    g = Graph()
    from rdflib.namespace import OWL

    for src, (dst, rule) in sorted(targets.items()):
        g.add((src, OWL.sameAs, dst))
        node = ID["merge/" + hashlib.sha1(f"{rule}\x1f{src}".encode("utf-8")).hexdigest()[:12]]
        g.add((node, RDF.type, KGB.Merge))
        g.add((node, KGB.rule, Literal(rule)))
        g.add((node, KGB.surface, Literal(labels[src][0][0])))
        g.add((node, KGB.into, dst))
        for graph in sorted(arts.get(src, ())):
            g.add((node, KGB.article, URIRef(graph.replace("/graph/", "/article/", 1))))
    # one membership node per person, role and body once the persons and bodies are merged: the same
    # post stated by two articles that named the holder differently is one org:Membership
    for src, dst in sorted(_membership_merges(st, targets).items()):
        g.add((src, OWL.sameAs, dst))
    st.replace([(str(RESOLUTION_GRAPH), ntriples(g))])
    return {str(s): str(d) for s, (d, _r) in targets.items()}


def _membership_merges(st, targets: dict[URIRef, tuple[URIRef, str]]) -> dict[URIRef, URIRef]:
    """Membership nodes that state the same person, role and organisation
    (and both, or neither, as a former post) once ``targets`` (merged IRI →
    (target, rule)) are applied, each mapped
    to the smallest IRI of its group (the targets are final: the person
    and organisation rules resolve their chains). Input: the store; output
    ``{membership IRI: membership IRI}``."""
    def final(node: URIRef) -> URIRef:
        return targets[node][0] if node in targets else node

    q = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX kgb: <https://w3id.org/kgbuild/ontology#>
      SELECT ?m ?p ?o ?r ?f WHERE { ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role ?r
                                    OPTIONAL { ?m kgb:former ?f } }"""
    groups: dict[tuple, set[URIRef]] = defaultdict(set)
    for sol in st.query(q):
        # a post stated as a past one ("السابق") is another fact than the post held: two nodes
        key = (final(URIRef(sol["p"].value)), final(URIRef(sol["o"].value)), URIRef(sol["r"].value),
               sol["f"] is not None)
        groups[key].add(URIRef(sol["m"].value))
    out: dict[URIRef, URIRef] = {}
    for nodes in groups.values():
        first, *rest = sorted(nodes)
        for n in rest:
            out[n] = first
    return out


def _add_literal(out: dict[URIRef, list[tuple[str, str]]], node, lit) -> None:
    """Append a query solution's literal to its IRI's list as ``(text,
    language)``, once."""
    item = (lit.value, lit.language or "")
    if item not in out[URIRef(node.value)]:
        out[URIRef(node.value)].append(item)


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
