"""Small helpers the components share to form features and entities.

Nothing here decides: these functions describe candidates (distance
buckets, an organisation's head word, the article's home countries) and
create the country entity a decision names.
"""

from __future__ import annotations

import functools

from kgbuild.extract.doc import Doc, Mention
from kgbuild.lang import read_lexicon
from kgbuild.model import PLACE, Entity, Extraction
from kgbuild.text import name_key, normalize, person_key, strip_clitics


def bucket(n: int) -> str:
    """A distance or count as a coarse bucket: ``0``, ``1``, ``2``, ``3-4``,
    ``5-8``, ``9+``."""
    if n <= 2:
        return str(max(n, 0))
    if n <= 4:
        return "3-4"
    if n <= 8:
        return "5-8"
    return "9+"


def org_head(doc: Doc, m: Mention) -> str:
    """The head word of an organisation mention, normalised, without clitics
    and article: Arabic: its first word ("وزارة الخارجية" → "وزاره");
    English: the word before "of" or its last word ("Ministry of Defence" →
    "ministry", "Foreign Ministry" → "ministry")."""
    if doc.lang == "ar":
        # the mention starts after an attached clitic ("ولجنة" → "لجنة"): strip only the article,
        # never a first letter of the head itself (Doc.word would cut "لجنه" to "جنه")
        t = doc.tokens[m.i]
        return strip_clitics(normalize(doc.article.text[m.begin:t.end]))
    words = [doc.tokens[k].norm for k in range(m.i, m.j)]
    if "of" in words[1:]:
        return words[words.index("of", 1) - 1]
    return words[-1] if words else ""


@functools.lru_cache(maxsize=None)
def _publishers(lang: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """news_agencies.tsv rows by casefolded source id and by name key (of
    the name and each alias, a leading press descriptor such as "صحيفة" or
    "جريدة" left out: org_descriptors.tsv kind ``press``)."""
    rows = _lexicon(lang, "news_agencies")
    by_id: dict[str, dict] = {}
    by_name: dict[str, dict] = {}
    for r in rows:
        for sid in r.get("source_ids", "").split("|"):
            if sid.strip():
                by_id.setdefault(sid.strip().casefold(), r)
        for n in [r["name"], *r.get("aliases", "").split("|")]:
            k = _publisher_key(n, lang)
            if k:
                by_name.setdefault(k, r)
    return by_id, by_name


def _lexicon(lang: str, name: str) -> tuple[dict[str, str], ...]:
    """The rows of a language pack's lexicon, none when the pack lacks it."""
    try:
        return tuple(read_lexicon(lang, name))
    except FileNotFoundError:
        return ()


@functools.lru_cache(maxsize=None)
def _press_words(lang: str) -> frozenset[str]:
    return frozenset(name_key(r["word"]) for r in _lexicon(lang, "org_descriptors") if r.get("kind") == "press")


def _publisher_key(name: str, lang: str) -> str:
    words = name_key(name).split()
    if len(words) > 1 and words[0] in _press_words(lang):
        words = words[1:]
    return " ".join(words)


def publisher(source: str | None, lang: str) -> dict | None:
    """The news_agencies.tsv row of an article's ``source``: a publisher id
    of the corpus metadata ("almadina"), or the publisher's name as a page
    header gives it ("جريدة المدينة" is the row "صحيفة المدينة": the press
    descriptor is left out on both sides). None when no row matches."""
    src = (source or "").strip()
    if not src:
        return None
    by_id, by_name = _publishers(lang)
    return by_id.get(src.casefold()) or by_name.get(_publisher_key(src, lang))


def publisher_country(source: str | None, lang: str) -> str | None:
    """ISO code of the home country of the article's publisher
    (:func:`publisher`), or None, also for an international wire service
    (news_agencies.tsv ``reach``: Reuters, AFP report the whole world)."""
    row = publisher(source, lang)
    if row is None or row.get("reach", "national") != "national":
        return None
    return row.get("country") or None


def home_countries(doc: Doc) -> dict[str, str]:
    """Countries an unqualified post of the article may belong to, ISO code
    → why: ``"publisher"`` (the national news agency or newspaper that
    publishes it, news_agencies.tsv ``source_ids``) and ``"top"`` (the
    country the article mentions most, ties broken by code). Cached on the
    document."""
    hit = getattr(doc, "_homes", None)
    if hit is not None:
        return hit
    out: dict[str, str] = {}
    pub = publisher_country(doc.article.source, doc.lang)
    counts: dict[str, int] = {}
    for m in doc.mentions:
        if m.type == PLACE:
            ent = doc.x.entities.get(m.key)
            if ent is not None and ent.place_kind == "Country" and ent.country:
                counts[ent.country] = counts.get(ent.country, 0) + 1
    if counts:
        top = max(sorted(counts), key=lambda c: counts[c])
        out[top] = "top"
    if pub:
        out[pub] = "publisher" if pub not in out else "publisher_top"
    doc._homes = out
    return out


@functools.lru_cache(maxsize=None)
def _country_names(lang: str) -> dict[str, str]:
    return {r["iso2"]: r["name"] for r in read_lexicon(lang, "countries")}


def country_entity(x: Extraction, iso: str | None, lang: str) -> Entity | None:
    """The extraction's place entity of country ``iso`` (created without a
    mention when the article has none, labelled with the language pack's
    country name, countries.tsv), or None for an unknown code."""
    if not iso:
        return None
    for ent in x.entities.values():
        if ent.type == PLACE and ent.place_kind == "Country" and ent.country == iso:
            return ent
    label = _country_names(lang).get(iso)
    if not label:
        return None
    from kgbuild.gazetteer import get_gazetteer

    cp = get_gazetteer().country(iso)
    key = f"{PLACE}:{name_key(label)}"
    ent = x.entities.get(key)
    if ent is None:
        ent = Entity(key=key, type=PLACE, label=label, lang=lang, country=iso, place_kind="Country",
                     geonames=cp.geonames if cp else None)
        if cp is not None and cp.name and lang != "en":
            ent.labels["en"] = cp.name
        x.entities[key] = ent
    return ent


def norm_words(s: str) -> list[str]:
    """Normalised words of a string (for matching lexicon phrases)."""
    return normalize(s).split()


@functools.lru_cache(maxsize=None)
def _agency_keys(lang: str) -> frozenset[str]:
    rows = _lexicon(lang, "news_agencies")
    out = set()
    for r in rows:
        for cell in (r.get("name", ""), *r.get("aliases", "").split("|"), r.get("name_en", "")):
            if cell.strip():
                out.add(name_key(cell.strip()))
    return frozenset(out)


def is_agency(ent: Entity, lang: str) -> bool:
    """Whether an organisation is a news agency, newspaper or broadcaster
    (its kind, or its name in the language pack's news_agencies.tsv): it
    reports events, it rarely takes part in them."""
    if ent.kind == "agency":
        return True
    keys = _agency_keys(lang)
    return name_key(ent.label) in keys or any(name_key(a) in keys for a in ent.alt_labels)


def is_adjective(doc: Doc, m: Mention) -> bool:
    """Whether a country mention is a nationality adjective ("الكيني", "Sri
    Lankan"): its text names no country in the gazetteer, or (Arabic) it is
    a nationality adjective of nisba.tsv and either no country name or alias
    of countries.tsv as written, or one word right after a definite word (an
    adjective's place: "القوات المسلحة السعودية", "المدفعية السعودية"; but
    "زار السعودية" names the country). The gazetteer reads names without
    their article, so "التركية" and "السورية" (the adjectives) would
    otherwise pass for the aliases "تركية" and "سورية"."""
    from kgbuild.gazetteer import get_gazetteer

    if m.j - m.i > 3:
        return False
    gaz = get_gazetteer()
    text = doc.article.text[m.begin:m.end]
    if gaz.country(text) is None:
        return True
    if doc.lang != "ar" or gaz.country_of_nisba(text, "ar") is None:
        return False
    word = normalize(text)
    if not any(w in _written_countries() for w in (word, word[1:] if word[:1] in "وفبل" else word)):
        return True
    prev = doc.tokens[m.i - 1] if m.i > 0 else None
    return m.j - m.i == 1 and word.startswith("ال") and prev is not None and prev.is_word \
        and prev.norm.startswith(("ال", "وال", "بال", "لل", "فال"))


@functools.lru_cache(maxsize=None)
def _written_countries() -> frozenset[str]:
    """Every Arabic country name and alias of countries.tsv, normalised but
    with its article as written ("السعوديه", "العراق", "سوريه")."""
    out = set()
    for r in _lexicon("ar", "countries"):
        for n in [r["name"], *(r.get("aliases") or "").split("|")]:
            if n.strip():
                out.add(normalize(n.strip()))
    return frozenset(out)


@functools.lru_cache(maxsize=None)
def _holders(lang: str) -> dict[str, tuple[dict[str, str], ...]]:
    """office_holders.tsv rows by the person key (:func:`kgbuild.text.person_key`)
    of the name and of each alias."""
    out: dict[str, list[dict[str, str]]] = {}
    for r in _lexicon(lang, "office_holders"):
        for n in [r["name"], *r.get("aliases", "").split("|")]:
            if n.strip():
                out.setdefault(person_key(n), []).append(r)
    return {k: tuple(v) for k, v in out.items()}


def _year(s: str, default: int) -> int:
    return int(s[:4]) if s[:4].isdigit() else default


def known_posts(names, lang: str, on=None, slack: int = 1) -> list[dict[str, str]]:
    """The office_holders.tsv rows (dated, after PETRARCH's actor
    dictionaries: a person, the country and role key of a post, and the
    years it was held) of a person called by any of ``names`` (a label and
    its alternatives; matched on :func:`kgbuild.text.person_key`), held
    within ``slack`` years of the date ``on`` (a ``datetime.date``; None:
    any time). Output: rows in file order, no duplicates; [] when the
    language pack has no such lexicon or no row matches."""
    index = _holders(lang)
    if not index:
        return []
    out: list[dict[str, str]] = []
    for n in names:
        for r in index.get(person_key(n), ()):
            if r in out:
                continue
            # an open term ends, as far as the lexicon knows, when its row was checked
            end = _year(r.get("to") or r.get("checked", ""), 9999)
            if on is not None and not (_year(r.get("from", ""), 0) - slack <= on.year <= end + slack):
                continue
            out.append(r)
    return out


def _known_posts_of(doc: Doc, person: str, dated: bool) -> tuple[dict[str, str], ...]:
    """:func:`known_posts` of a person entity of the document, by its label
    and alternative labels, at the article's date (``dated``) or any time;
    cached per document (forgotten with the mentions: Doc.reset_caches)."""
    cache = doc.__dict__.setdefault("_known_posts", {})
    hit = cache.get((person, dated))
    if hit is None:
        ent = doc.x.entities.get(person)
        names = [ent.label, *sorted(ent.alt_labels)] if ent is not None else []
        hit = cache[(person, dated)] = tuple(known_posts(names, doc.lang,
                                                         doc.article.published if dated else None))
    return hit


def known_countries(doc: Doc, person: str) -> frozenset[str]:
    """ISO codes of the countries whose posts the office-holders lexicon
    (:func:`known_posts`, any date: a head of state named after his term is
    still his country's) gives the person entity ``person`` of the
    document."""
    return frozenset(r["iso2"] for r in _known_posts_of(doc, person, False) if r.get("iso2"))


def known_roles(doc: Doc, person: str) -> frozenset[str]:
    """The role keys the office-holders lexicon gives the person entity
    ``person`` of the document at the article's date (:func:`known_posts`)."""
    return frozenset(r["role"] for r in _known_posts_of(doc, person, True))
