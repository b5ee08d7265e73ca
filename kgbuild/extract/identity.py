"""In-article identity of entities: names of one thing that the names
component left apart, merged once the whole article's names are known (a
kind of in-article coreference), and the lexicon readings the resolve
stage shares with it.

Shapes::

    Extraction --merge_in_article--> Extraction (entities absorbed, labels added)
    label --national_body--> (key, country, kind) | None     (national_bodies.tsv)
    label --split_place_part--> (inner name, relation) | None (place_parts.tsv)

Run by :func:`kgbuild.extract.system.decide` after the deciders, so that the
extraction a user reads, and the scorer counts, is the one the graph holds;
:mod:`kgbuild.resolve` applies the same merge to extractions of other
extractors, and reads the lexicons through the functions here.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from kgbuild.model import ORGANIZATION, PERSON, PLACE, Extraction
from kgbuild.text import name_key, normalize, org_key


def merge_in_article(x: Extraction) -> list[tuple[str, str]]:
    """Merge, inside one article, two entities that name one thing and
    that the extractor left apart (a kind of in-article coreference that
    needs the whole article's names):

    * a two-word person name whose first and last words begin and end
      exactly one longer person name of the article ("أحمد الفعر" and
      "أحمد بن سلطان الفعر", "وليد الصمعاني" and "وليد بن محمد الصمعاني");
    * a place not linked to GeoNames whose name is exactly one other such
      place's name without one or two trailing definite adjectives
      ("قاعدة العند" and "قاعدة العند الجوية");
    * an administrative unit named after its seat or area (a ``same``
      pattern of ``place_parts.tsv``: "محافظة جدة", "مدينة تعز", "قرية
      دوما"; or a ``contains`` one whose inner name is no city the
      gazetteer knows: "منطقة القصيم", "محافظة الأنبار") and the place the
      article calls by the inner name alone ("جدة", "القصيم"): one place, as
      the gold files have it (61 such pairs are one place there; the 26 kept
      apart are all "منطقة/ولاية/محافظة X" with X a city: "منطقة الرياض" is
      the province holding Riyadh). The unit goes into the bare name (which
      carries the GeoNames link). A ``same`` unit the article never calls
      by the inner name alone is also labelled by it ("مدينة نابلس":
      ``alt_labels`` gets "نابلس"; 18 places of the Arabic gold are named
      bare where the text writes "مدينة X");
    * two organisations the organisations lexicon knows as one body
      ("مجلس التعاون الخليجي" and "مجلس التعاون لدول الخليج العربية") or
      whose names have one identity key (:func:`kgbuild.text.org_key`, which
      folds a plural nisba: "الحوثيون", "الحوثيين"; the graph gives them one
      IRI anyway): the later named goes into the first;
    * (no merge) an organisation named with a trailing nationality
      adjective is also labelled without it (:func:`_org_without_nationality`);
    * an abbreviation in capitals ("PUK", "FIS") and the one organisation
      of the article whose name's initials are its letters, in any order
      (a translated name reorders them: "Islamic Salvation Front", "Front
      islamique du salut"; function words skipped): the abbreviation goes
      into the name.

    The shorter entity goes into the longer (:func:`absorb`), except for the
    administrative unit. Returns ``[(merged key, kept key)]`` in the order
    made. Idempotent."""
    done: list[tuple[str, str]] = []
    words = {k: name_key(e.label).split() for k, e in x.entities.items()}
    persons = [k for k, e in x.entities.items() if e.type == PERSON]
    for k in persons:
        w = words[k]
        if len(w) != 2:
            continue
        longer = [o for o in persons if o != k and 3 <= len(words[o]) <= 5 and words[o][0] == w[0]
                  and words[o][-1] == w[1] and words[o][-2] != "ال"]
        if len(longer) == 1 and longer[0] in x.entities and k in x.entities:
            absorb(x, k, longer[0])
            done.append((k, longer[0]))
    places = [k for k, e in x.entities.items() if e.type == PLACE and not e.geonames and e.place_kind != "Country"]
    for k in places:
        w = words[k]
        # a place already absorbed into another is no candidate any more (it left x.entities)
        longer = [o for o in places if o != k and o in x.entities and 1 <= len(words[o]) - len(w) <= 2
                  and words[o][:len(w)] == w
                  and all(t.startswith("ال") for t in normalize(x.entities[o].label).split()[len(w):])]
        if len(w) >= 2 and len(longer) == 1 and longer[0] in x.entities and k in x.entities:
            absorb(x, k, longer[0])
            done.append((k, longer[0]))
    done.extend(_merge_place_units(x))
    done.extend(_merge_org_names(x))
    _org_without_nationality(x)
    return done


@functools.lru_cache(maxsize=None)
def org_heads(lang: str) -> frozenset[str]:
    """Normalised heads of ``kgbuild/lang/<lang>/lexicon/org_heads.tsv``
    without the article (empty for a language without the file)."""
    from kgbuild.lang import read_lexicon

    try:
        rows = read_lexicon(lang, "org_heads")
    except FileNotFoundError:
        return frozenset()
    return frozenset(normalize(r["surface"]).removeprefix("ال") for r in rows)


def _org_without_nationality(x: Extraction) -> None:
    """An organisation whose name ends in a nationality adjective that the
    article's writer added ("نادي ريال مدريد الأسباني", "ميلان الإيطالي",
    "وكالة سبوتنيك الروسية") is also labelled without it (``alt_labels``):
    the gold names 13 such bodies without the adjective, and a reader
    types the name as the body calls itself. Not when the rest is a bare
    head ("الاتحاد" of "الاتحاد السعودي") or a body every state has
    (:func:`national_body`: "وزارة الداخلية" of "وزارة الداخلية البحرينية"),
    which the adjective tells apart."""
    from kgbuild.gazetteer import get_gazetteer

    lang = x.article.lang
    gaz = get_gazetteer()
    heads = org_heads(lang)
    for e in x.entities.values():
        if e.type != ORGANIZATION:
            continue
        words = e.label.split()
        if len(words) < 2 or not gaz.country_of_nisba(words[-1], lang):
            continue
        rest = " ".join(words[:-1])
        if len(words) == 2 and normalize(words[0]).removeprefix("ال") in heads:
            continue
        if national_body(rest, lang, gaz) is not None or gaz.country_of_nisba(words[-2], lang):
            continue
        e.alt_labels.add(rest)


def _merge_org_names(x: Extraction) -> list[tuple[str, str]]:
    """The organisation rules of :func:`merge_in_article`."""
    from kgbuild.gazetteer import get_gazetteer

    lang = x.article.lang
    orgs = sorted((min(e.mentions).begin if e.mentions else 1 << 60, k)
                  for k, e in x.entities.items() if e.type == ORGANIZATION)
    if len(orgs) < 2:
        return []
    gazetteer = get_gazetteer()
    first: dict[str, str] = {}
    done = []
    for _, k in orgs:
        label = x.entities[k].label
        row = lexicon_row(gazetteer, label, lang)
        keys = [f"key:{org_key(label)}"] + ([f"lexicon:{row}"] if row is not None else [])
        host = next((first[c] for c in keys if c in first and first[c] in x.entities), None)
        if host is not None and host != k:
            absorb(x, k, host)
            done.append((k, host))
            continue
        for c in keys:
            first.setdefault(c, k)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for _, k in orgs:
        if k in x.entities:
            ini = _initials(x.entities[k].label)
            if ini is not None:
                by_initials[ini].append(k)
    for _, k in orgs:
        label = x.entities[k].label if k in x.entities else ""
        if not _ABBREVIATION.fullmatch(label):
            continue
        hosts = [h for h in by_initials.get("".join(sorted(label)), ()) if h != k and h in x.entities]
        if len(hosts) == 1:
            absorb(x, k, hosts[0])
            done.append((k, hosts[0]))
    return done


#: An abbreviation written in capitals, two to six letters.
_ABBREVIATION = re.compile(r"[A-Z]{2,6}")
#: Words an abbreviation skips ("Patriotic Union of Kurdistan": PUK).
_SKIPPED = frozenset({"of", "the", "and", "for", "in", "on", "du", "de", "des", "la", "le", "et", "al"})


def _initials(label: str) -> str | None:
    """The sorted capital initials of a name of two words or more
    ("Patriotic Union of Kurdistan" → "KPU"), or None."""
    words = [w for w in re.split(r"[\s-]+", label) if w and w.casefold() not in _SKIPPED]
    if len(words) < 2 or not all(w[0].isalpha() for w in words):
        return None
    return "".join(sorted(w[0].upper() for w in words))


def _merge_place_units(x: Extraction) -> list[tuple[str, str]]:
    """The administrative-unit rule of :func:`merge_in_article`."""
    from kgbuild.gazetteer import get_gazetteer

    lang = x.article.lang
    bare: dict[str, str] = {}
    for k, e in x.entities.items():
        if e.type == PLACE and e.place_kind != "Country":
            bare.setdefault(name_key(e.label), k)
    done = []
    for k in [k for k, e in x.entities.items() if e.type == PLACE and e.place_kind != "Country"]:
        ent = x.entities.get(k)
        hit = split_place_part(ent.label, lang) if ent is not None else None
        if hit is None or hit[1] == "within":
            continue
        inner, relation = hit
        other = bare.get(name_key(inner))
        if other is None or other == k or other not in x.entities:
            continue
        if relation == "contains":
            # "منطقة X" holds the city X: two places, unless X is no city
            o = x.entities[other]
            if o.place_kind == "City":
                continue
            city = get_gazetteer().link(inner, {o.country} if o.country else set())
            if city is not None and city.kind == "City":
                continue
        absorb(x, k, other)
        done.append((k, other))
    # named only with its head ("مدينة نابلس", "قرية دوما"): the place is also called by the inner name
    for k, e in x.entities.items():
        if e.type == PLACE and e.place_kind != "Country":
            hit = split_place_part(e.label, lang)
            if hit is not None and hit[1] == "same" and name_key(hit[0]) != name_key(e.label):
                e.alt_labels.add(hit[0])
    return done


def absorb(x: Extraction, src: str, dst: str) -> None:
    """Merge the entity ``src`` of ``x`` into the entity ``dst``: its
    mentions and labels (as alternative labels) go to ``dst``, which takes
    what it lacks of country, GeoNames id and coordinates, place kind,
    Wikidata id and parent; every membership, delegation, event and entity
    that named ``src`` names ``dst``; ``src`` leaves ``x.entities``.
    Raises KeyError when either key is not an entity of ``x``."""
    a, b = x.entities[src], x.entities[dst]
    for sp in a.mentions:
        if sp not in b.mentions:
            b.mentions.append(sp)
    b.mentions.sort()
    b.alt_labels |= ({a.label} | a.alt_labels) - {b.label}
    for f in ("country", "geonames", "lat", "long", "place_kind", "wikidata", "parent", "part_of", "kind"):
        if getattr(b, f) is None and getattr(a, f) is not None:
            setattr(b, f, getattr(a, f))
    for lang, lab in a.labels.items():
        b.labels.setdefault(lang, lab)
    del x.entities[src]

    def sub(k):
        return dst if k == src else k

    def subs(keys):
        out = []
        for k in map(sub, keys):
            if k not in out:
                out.append(k)
        return out

    seen = set()
    mbs = []
    for mb in x.memberships:
        mb.person, mb.organization = sub(mb.person), sub(mb.organization)
        if (mb.person, mb.role, mb.organization) not in seen:
            seen.add((mb.person, mb.role, mb.organization))
            mbs.append(mb)
    x.memberships[:] = mbs
    for d in x.delegations.values():
        d.members = subs(d.members)
        d.organization = sub(d.organization) if d.organization else None
    for ev in x.events:
        ev.actors, ev.recipients = subs(ev.actors), subs(ev.recipients)
        ev.place = sub(ev.place) if ev.place else None
    for e in x.entities.values():
        e.parent = sub(e.parent) if e.parent else None
        e.part_of = sub(e.part_of) if e.part_of else None
        if e.parent == e.key:
            e.parent = None
        if e.part_of == e.key:
            e.part_of = None


# ---------------------------------------------------------------- national bodies

@functools.lru_cache(maxsize=None)
def national_bodies(lang: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The names of ``kgbuild/lang/<lang>/lexicon/national_bodies.tsv``:
    ``((name key words, "*" for the wildcard), kind)``; ``()`` for a
    language without the file."""
    from kgbuild.lang import read_lexicon

    try:
        rows = read_lexicon(lang, "national_bodies")
    except FileNotFoundError:
        return ()
    return tuple((tuple(w if w == "*" else name_key(w) for w in r["name"].split()), r["kind"]) for r in rows)


def national_body(label: str, lang: str, gazetteer) -> tuple[str, str | None, str] | None:
    """``(key, country, kind)`` when ``label`` names a body that every state
    has (``national_bodies.tsv``): ``key`` the name's key without the
    country, ``country`` the ISO code of the country the name holds (a
    nationality adjective or a country's name: "وزارة الخارجية السعودية",
    "حكومة المملكة العربية السعودية", "Iraqi Foreign Ministry") or None.
    None for any other name, or one naming two countries."""
    words = _LABEL_WORDS.findall(label)
    country, rest, i = None, [], 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            phrase = " ".join(words[i:i + n])
            c = gazetteer.country(phrase) if len(phrase) > 2 else None
            iso = c.country if c is not None and c.kind == "Country" else None
            if iso is None and n == 1:
                iso = gazetteer.country_of_nisba(phrase, lang)
            if iso is not None:
                if country not in (None, iso):
                    return None
                country, i = iso, i + n
                break
        else:
            rest.append(words[i])
            i += 1
    keys = [name_key(w) for w in rest]
    for pattern, kind in national_bodies(lang):
        if "*" not in pattern:
            if tuple(keys) == pattern:
                return " ".join(keys), country, kind
            continue
        j = pattern.index("*")
        before, after = pattern[:j], pattern[j + 1:]
        middle = rest[len(before):len(rest) - len(after)]
        if tuple(keys[:len(before)]) == before and tuple(keys[len(keys) - len(after):]) == after \
                and 1 <= len(middle) <= 4 and (lang != "ar" or all(
                    normalize(w).startswith(("ال", "وال")) for w in middle)):
            return " ".join(keys), country, kind
    return None


# ---------------------------------------------------------------- places named after places

@dataclass(frozen=True)
class PlacePart:
    """One pattern of ``place_parts.tsv``: the name words before and after
    the inner place's name (:func:`kgbuild.text.name_key` forms) and the
    relation (``within``, ``same`` or ``contains``)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    relation: str


_RELATIONS = ("within", "same", "contains")


@functools.lru_cache(maxsize=None)
def place_parts(lang: str) -> tuple[PlacePart, ...]:
    """The patterns of ``kgbuild/lang/<lang>/lexicon/place_parts.tsv``, the
    ones with more fixed words first (``مطار X الدولي`` before ``مطار X``);
    ``()`` for a language without the file. Raises ValueError naming the
    file and pattern for a pattern without exactly one ``X`` or an unknown
    relation."""
    from kgbuild.lang import read_lexicon

    try:
        rows = read_lexicon(lang, "place_parts")
    except FileNotFoundError:
        return ()
    out = []
    for r in rows:
        words = r["pattern"].split()
        if words.count("X") != 1 or r["relation"] not in _RELATIONS:
            raise ValueError(f"kgbuild/lang/{lang}/lexicon/place_parts.tsv: pattern {r['pattern']!r}: "
                             f"needs one X and a relation in {', '.join(_RELATIONS)}")
        i = words.index("X")
        out.append(PlacePart(tuple(name_key(w) for w in words[:i]), tuple(name_key(w) for w in words[i + 1:]),
                             r["relation"]))
    return tuple(sorted(out, key=lambda p: -(len(p.before) + len(p.after))))


def split_place_part(label: str, lang: str) -> tuple[str, str] | None:
    """``(inner name, relation)`` when ``label`` is a place name built on
    another place's name by a pattern of ``place_parts.tsv`` (``"مطار دمشق
    الدولي"`` → ``("دمشق", "within")``, ``"the outskirts of Aleppo"`` →
    ``("Aleppo", "within")``, ``"محافظة جدة"`` → ``("جدة", "same")``), the
    inner name as written (one to three words); else None."""
    words = _LABEL_WORDS.findall(label)
    keys = [name_key(w) for w in words]
    for p in place_parts(lang):
        nb, na = len(p.before), len(p.after)
        inner = len(words) - nb - na
        if 1 <= inner <= 3 and tuple(keys[:nb]) == p.before and tuple(keys[len(keys) - na:]) == p.after:
            return " ".join(words[nb:nb + inner]), p.relation
    return None


_LABEL_WORDS = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+(?:[-'’][\w]+)*")


# ---------------------------------------------------------------- organisations lexicon

def lexicon_row(gazetteer, label: str, lang: str) -> str | None:
    """The key of the organizations.tsv row a name in language ``lang`` is
    a name of, or None (also for a language without that lexicon)."""
    try:
        row = gazetteer.organization(label, lang)
    except FileNotFoundError:
        return None
    return row["key"] if row is not None else None
