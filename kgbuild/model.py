"""The data model that flows between kgbuild's pipeline stages.

Every stage imports this module; this module imports no stage.
All offsets are character offsets into ``Article.text`` (Python ``str``
indices, i.e. Unicode code points), half-open ``[begin, end)``, as in
NIF 2.0 (``nif:beginIndex`` / ``nif:endIndex``) and RFC 5147.

Shapes::

    Article --extract--> Extraction(article, entities, memberships,
                                    delegations, events)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

#: Entity types (schema.org classes).
PERSON = "Person"
ORGANIZATION = "Organization"
PLACE = "Place"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE)

#: The closed event vocabulary (local names of the ontology's event classes).
EVENT_TYPES = ("Meet", "Visit", "Phone", "Appeal", "Attack", "Elect")

#: Event status individuals.
STATUSES = ("Occurred", "Planned", "Possible", "Negated")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character span ``[begin, end)`` of an article's text.

    ``text`` is the anchor: exactly ``article.text[begin:end]``.
    """

    begin: int
    end: int
    text: str


@dataclass
class Article:
    """One news article as read by :mod:`kgbuild.ingest`.

    Attributes:
        id: stable identifier (file stem or the JSONL ``id``); ASCII-safe
            IRIs are derived from it by :mod:`kgbuild.rdf`.
        text: the full original text; every offset points into it.
        lang: ISO 639-1 code (``"ar"``, ``"en"``).
        source: publisher name as given (may be ``None``).
        url: the article's URL, if known.
        published: publication date, or ``None`` when unknown (relative dates
            then stay unresolved).
        title: headline, if known.
        origin: where it was read from (``path`` or ``path:line``), for errors.
        header_end: offset where the body starts (after a scraped header);
            0 when there is no header.
    """

    id: str
    text: str
    lang: str = "ar"
    source: str | None = None
    url: str | None = None
    published: _dt.date | None = None
    title: str | None = None
    origin: str = ""
    header_end: int = 0


@dataclass
class Entity:
    """A person, organisation or place found in one article.

    Attributes:
        key: the entity's identity key within the article (normalised label
            plus type); :mod:`kgbuild.resolve` makes it global.
        type: one of :data:`ENTITY_TYPES`.
        label: the fullest surface form, original spelling, clitics removed.
        mentions: spans that denote it (``gaf:denotedBy``).
        alt_labels: other surface forms seen (clitics removed).
        country: ISO 3166-1 alpha-2 code, for places, governments, ministries.
        geonames: GeoNames id for places linked to GeoNames.
        lat, long: WGS84 degrees, for linked places.
        place_kind: ``"Country"``, ``"City"`` or ``"Region"`` for places.
        parent: key of the parent organisation of a sub-unit
            (``org:subOrganizationOf``).
        wikidata: Wikidata id (``Q..``) for known organisations.
        labels: extra labels in other languages, ``{lang: label}``.
        kind: for organisations, the kind its head noun gives (``"ministry"``,
            ``"government"``, ``"agency"``, ``"department"`` …), else None.
        part_of: for places, the key of the place it lies in
            (``schema:containedInPlace``): the city an airport or countryside
            is named after, the province named after a city; set by
            :func:`kgbuild.resolve.link_place_parts`, else None.
    """

    key: str
    type: str
    label: str
    lang: str = "ar"
    mentions: list[Span] = field(default_factory=list)
    alt_labels: set[str] = field(default_factory=set)
    country: str | None = None
    geonames: int | None = None
    lat: float | None = None
    long: float | None = None
    place_kind: str | None = None
    parent: str | None = None
    wikidata: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    kind: str | None = None
    part_of: str | None = None


@dataclass
class Membership:
    """A person holds a role in an organisation (W3C ORG ``org:Membership``).

    Attributes:
        person: key of a :data:`PERSON` entity.
        organization: key of an :data:`ORGANIZATION` entity, or of a country
            :data:`PLACE` for a government post whose body is only named by
            the country (the RDF stage maps it to that country's government).
        role: canonical English role key (GOLD-FORMAT.md's role keys).
        role_text: the role as written.
        role_labels: ``{lang: label}`` for the ``org:Role``.
        span: where the membership is stated (role phrase and name).
        former: the text states the post as a past one ("السابق",
            "former", "ex-": ANNOTATION.md's ``"former": true``).
    """

    person: str
    organization: str
    role: str
    role_text: str
    role_labels: dict[str, str]
    span: Span
    former: bool = False


@dataclass
class Delegation:
    """A group of persons travelling or acting together (``kgb:Delegation``).

    Attributes:
        key: identity key within the article.
        members: person keys.
        organization: key of the organisation it represents, if any.
        mentions: spans of "الوفد" / "the delegation" and the like.
    """

    key: str
    members: list[str] = field(default_factory=list)
    organization: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Event:
    """An event mention resolved to its arguments (SEM ``sem:Event``).

    Attributes:
        type: one of :data:`EVENT_TYPES`.
        trigger: the word or phrase stating the event.
        status: one of :data:`STATUSES`.
        actors: keys of entities or delegations that act (the visitor,
            the caller, the one who appeals, the attacker, all parties
            of a meeting).
        recipients: keys of the other party (the host of a visit, the
            addressee of an appeal, the target of an attack).
        place: key of a :data:`PLACE` entity, or ``None``.
        date: resolved date, or ``None``.
        sentence: the sentence (or headline) that states it.
        mentions: further trigger spans of the same event (in-article
            coreference); ``trigger`` is the first.
    """

    type: str
    trigger: Span
    status: str
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    place: str | None = None
    date: _dt.date | None = None
    sentence: Span | None = None
    mentions: list[Span] = field(default_factory=list)


_SENTENCE_DELIMITERS = ".!?؟\n"


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    delegations: dict[str, Delegation] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    extractor: str = ""
    #: entity mentions added by a statistical model rather than the rules:
    #: ``(begin, end) -> model name`` (``"kgbuild.ner.ar"``), see
    #: :mod:`kgbuild.extract.combine`; empty for a rules-only extraction.
    model_mentions: dict[tuple[int, int], str] = field(default_factory=dict)
    #: intermediate results of the extract stage that a later component of
    #: the same stage reuses instead of recomputing them (the rules' tokens,
    #: ``"tokens"``, and date mentions, ``"dates"``); emptied when the
    #: extraction is complete, never mapped to RDF
    work: dict = field(default_factory=dict, repr=False, compare=False)

    def sentence_of(self, span: Span) -> Span:
        """Return the sentence (line-or-full-stop delimited) containing ``span``."""
        text = self.article.text
        # the last delimiter before the span and the first one at or after its end
        b = max(text.rfind(c, 0, span.begin) for c in _SENTENCE_DELIMITERS) + 1
        e = min((i for i in (text.find(c, span.end) for c in _SENTENCE_DELIMITERS) if i != -1), default=len(text))
        if e < len(text) and text[e] != "\n":
            e += 1
        while b < e and text[b].isspace():
            b += 1
        return Span(b, e, text[b:e])

    def expand_actor(self, key: str) -> list[str]:
        """Return the person keys behind an actor key (a delegation's members,
        or the key itself for an entity)."""
        d = self.delegations.get(key)
        if d is None:
            return [key]
        return list(d.members) or ([d.organization] if d.organization else [])
