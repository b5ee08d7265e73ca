"""RDF stage: map extractions to an rdflib ``Dataset``, one named graph per
article, in standard vocabularies (../shared/design/ARCHITECTURE.md, "The RDF
model"): schema.org, W3C ORG, SEM, PROV, SKOS, NIF 2.0 and GAF, plus the
project's terms (:class:`kgbuild.namespace.KGB`, from ontology/kgbuild.ttl).

IRIs are ASCII and stable: built from normalised keys
(:func:`kgbuild.text.name_key`) by :func:`slug`, never from raw text, so the
same entity in two runs or two articles gets the same IRI.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from collections.abc import Iterable

from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from kgbuild.model import ORGANIZATION, PERSON, PLACE, Extraction
from kgbuild.namespace import KGB
from kgbuild.text import name_key, org_key, person_key

SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEONAMES = "https://sws.geonames.org/"
WIKIDATA = "http://www.wikidata.org/entity/"
#: Base of kgbuild's resource IRIs.
ID = Namespace("https://w3id.org/kgbuild/id/")

PREFIXES = {
    "schema": SCHEMA, "org": ORG, "sem": SEM, "nif": NIF, "gaf": GAF, "geo": GEO,
    "prov": PROV, "skos": SKOS, "owl": OWL, "kgb": KGB._NS, "id": ID, "xsd": XSD,
}

_ROMAN = dict(zip(
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءئؤ",
    ["a", "b", "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z",
     "", "gh", "f", "q", "k", "l", "m", "n", "h", "w", "y", "", "", ""]))


def slug(key: str, max_len: int = 40) -> str:
    """An ASCII IRI segment for a normalised key: a rough romanisation for
    readability plus 8 hex digits of the key's SHA-1, so two different keys
    never share a slug. ``"هادي بحره"`` → ``"hady-bhrh-1c3f…"``.
    Input: any string; output: ``[a-z0-9-]+``."""
    roman = "".join(_ROMAN.get(c, c) for c in key.casefold())
    roman = re.sub(r"[^a-z0-9]+", "-", roman).strip("-")[:max_len].strip("-")
    return f"{roman}-{_digest8(key)}" if roman else _digest8(key)


def _digest8(s: str) -> str:
    """8 hex digits of the SHA-1 of ``s`` (lone surrogates hashed as they
    are, never an encoding error)."""
    return hashlib.sha1(s.encode("utf-8", "surrogatepass")).hexdigest()[:8]


_HASH_SUFFIX = re.compile(r".*-[0-9a-f]{8}")


def article_iri(article_id: str) -> URIRef:
    """IRI of an article (also the base of its mentions' IRIs). An id made
    of ``[A-Za-z0-9._-]`` is used as it is; any other id (or one that is
    empty, a dot segment, or already ends like a hash suffix, ``-`` and 8
    hex digits) gets its sanitised form plus ``-`` and 8 hex digits of its
    SHA-1, so two different ids never share an IRI."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", article_id).strip("-")
    if safe != article_id or safe in ("", ".", "..") or _HASH_SUFFIX.fullmatch(safe):
        safe = f"{safe}-{_digest8(article_id)}"
    return ID[f"article/{safe}"]


def graph_iri(article_id: str) -> URIRef:
    """IRI of an article's named graph."""
    return URIRef(str(article_iri(article_id)).replace("/article/", "/graph/"))


def entity_iri(etype: str, label: str, *, country: str | None = None,
               geonames: int | None = None, place_kind: str | None = None) -> URIRef:
    """IRI of an entity: places linked to GeoNames by their GeoNames id,
    countries by their ISO code, others by type and normalised label."""
    if etype == PLACE:
        if place_kind == "Country" and country:
            return ID[f"country/{country}"]
        if geonames:
            return ID[f"place/geonames-{geonames}"]
        return ID[f"place/{slug(name_key(label))}"]
    if etype == PERSON:
        return ID[f"person/{slug(person_key(label))}"]
    return ID[f"org/{slug(org_key(label))}"]


def government_iri(country: str) -> URIRef:
    """IRI of a country's government (the body of a government post)."""
    return ID[f"org/government-{country}"]


def agent_iri(name: str) -> URIRef:
    """IRI of a software agent (a statistical model) named ``name``
    (``"kgbuild.ner.ar"`` → ``id:agent/kgbuild.ner.ar``)."""
    return ID[f"agent/{re.sub(r'[^A-Za-z0-9._-]+', '-', name)}"]


def mention_iri(article_id: str, begin: int, end: int) -> URIRef:
    """NIF/RFC 5147 IRI of a character span ``[begin, end)`` of an article."""
    return URIRef(f"{article_iri(article_id)}#char={begin},{end}")


def _h(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


_TYPE_CLASS = {PERSON: SCHEMA.Person, ORGANIZATION: SCHEMA.Organization, PLACE: SCHEMA.Place}


class _Mapper:
    def __init__(self, x: Extraction, g: Graph, iris: dict[str, URIRef]) -> None:
        self.x, self.g = x, g
        self.art = x.article
        self.airi = article_iri(self.art.id)
        self.lang = self.art.lang
        self.iris = iris

    def mention(self, node: URIRef, span) -> None:
        m = mention_iri(self.art.id, span.begin, span.end)
        g = self.g
        g.add((node, GAF.denotedBy, m))
        g.add((m, RDF.type, NIF.RFC5147String))
        g.add((m, NIF.beginIndex, Literal(span.begin, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.anchorOf, Literal(span.text)))
        g.add((m, NIF.referenceContext, URIRef(f"{self.airi}#char=0,{len(self.art.text)}")))
        sent = self.x.sentence_of(span)
        g.add((m, KGB.sentence, Literal(sent.text, lang=self.lang)))

    def run(self) -> None:
        g, art = self.g, self.art
        a = self.airi
        g.add((a, RDF.type, SCHEMA.NewsArticle))
        g.add((a, SCHEMA.identifier, Literal(art.id)))
        g.add((a, SCHEMA.inLanguage, Literal(art.lang)))
        g.add((a, KGB.extractor, Literal(self.x.extractor)))
        if art.title:
            g.add((a, SCHEMA.headline, Literal(art.title, lang=art.lang)))
        if art.published:
            g.add((a, SCHEMA.datePublished, Literal(art.published.isoformat(), datatype=XSD.date)))
        if art.url:
            g.add((a, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))
        if art.source:
            g.add((a, SCHEMA.publisher, Literal(art.source, lang=art.lang)))
        ctx = URIRef(f"{a}#char=0,{len(art.text)}")
        g.add((ctx, RDF.type, NIF.Context))
        g.add((ctx, NIF.isString, Literal(art.text)))
        g.add((ctx, NIF.sourceUrl, a))
        for ent in self.x.entities.values():
            self.entity(ent)
        for d in self.x.delegations.values():
            self.delegation(d)
        for mb in self.x.memberships:
            self.membership(mb)
        for n, ev in enumerate(self.x.events):
            self.event(ev, n)

    def iri(self, key: str) -> URIRef:
        return self.iris[key]

    def entity(self, ent) -> None:
        g = self.g
        node = self.iri(ent.key)
        g.add((node, RDF.type, _TYPE_CLASS[ent.type]))
        if ent.type == PLACE and ent.place_kind in ("Country", "City"):
            g.add((node, RDF.type, SCHEMA[ent.place_kind]))
        if ent.type == ORGANIZATION:
            g.add((node, RDF.type, ORG.Organization))
        g.add((node, RDFS.label, Literal(ent.label, lang=ent.lang)))
        keys = {name_key(ent.label)}
        for lang, lab in sorted(ent.labels.items()):
            if lang in ("en", "fr", "ar") and lang != ent.lang:
                g.add((node, RDFS.label, Literal(lab, lang=lang)))
                keys.add(name_key(lab))
        for k in sorted(keys - {""}):
            g.add((node, KGB.searchKey, Literal(k)))
        alt_keys: set[str] = set()
        for alt in sorted(ent.alt_labels):
            if alt != ent.label:
                g.add((node, SKOS.altLabel, Literal(alt, lang=ent.lang)))
                alt_keys.add(name_key(alt))
        if ent.type == PERSON:
            # a person named with a chain of names is looked up by the first and the last:
            # "عادل الجبير" finds "عادل بن أحمد الجبير"
            for k in list(keys | alt_keys):
                w = k.split()
                if len(w) >= 3:
                    alt_keys.add(f"{w[0]} {w[-1]}")
        for k in sorted(alt_keys - keys - {""}):
            g.add((node, KGB.altSearchKey, Literal(k)))
        if ent.country:
            g.add((node, KGB.iso2, Literal(ent.country)))
            if ent.type == PLACE and ent.place_kind != "Country":
                g.add((node, SCHEMA.containedInPlace, ID[f"country/{ent.country}"]))
        if ent.geonames:
            g.add((node, OWL.sameAs, URIRef(f"{GEONAMES}{ent.geonames}/")))
        if ent.lat is not None and ent.long is not None:
            g.add((node, GEO.lat, Literal(Decimal(str(round(ent.lat, 5))), datatype=XSD.decimal)))
            g.add((node, GEO.long, Literal(Decimal(str(round(ent.long, 5))), datatype=XSD.decimal)))
        if ent.wikidata:
            g.add((node, OWL.sameAs, URIRef(f"{WIKIDATA}{ent.wikidata}")))
        if ent.parent and ent.parent in self.iris:
            g.add((node, ORG.subOrganizationOf, self.iri(ent.parent)))
        if ent.type == PLACE and ent.part_of and ent.part_of in self.iris and self.iri(ent.part_of) != node:
            g.add((node, SCHEMA.containedInPlace, self.iri(ent.part_of)))
        for sp in ent.mentions:
            self.mention(node, sp)
        self.model_provenance(node, ent)

    def model_provenance(self, node: URIRef, ent) -> None:
        """Mentions a statistical model added (``Extraction.model_mentions``,
        :mod:`kgbuild.extract.combine`) are ``prov:wasAttributedTo`` the
        model (:func:`agent_iri`, a ``prov:SoftwareAgent``); so is the entity
        itself, in this article's graph, when the model found all its mentions
        here."""
        mm = self.x.model_mentions
        if not mm:
            return
        agents = set()
        for sp in ent.mentions:
            name = mm.get((sp.begin, sp.end))
            if name:
                agent = agent_iri(name)
                agents.add(agent)
                self.g.add((mention_iri(self.art.id, sp.begin, sp.end), PROV.wasAttributedTo, agent))
                self.g.add((agent, RDF.type, PROV.SoftwareAgent))
                self.g.add((agent, RDFS.label, Literal(name, lang="en")))
        if agents and all((sp.begin, sp.end) in mm for sp in ent.mentions):
            for agent in agents:
                self.g.add((node, PROV.wasAttributedTo, agent))

    def org_node(self, key: str) -> URIRef:
        """The organisation of a membership: a country key maps to its government."""
        ent = self.x.entities.get(key)
        if ent is not None and ent.type == PLACE:
            if ent.place_kind == "Country" and ent.country:
                gov = government_iri(ent.country)
            else:  # the authority of a city or region ("محافظ جدة"), not the country's government
                gov = ID[f"org/government-{str(self.iri(key)).rsplit('/', 1)[-1]}"]
            self.g.add((gov, RDF.type, SCHEMA.Organization))
            self.g.add((gov, RDF.type, ORG.Organization))
            self.g.add((gov, RDF.type, KGB.Government))
            names = {ent.lang: ent.label, **{k: v for k, v in ent.labels.items() if k in ("ar", "en")}}
            if "ar" in names:
                self.g.add((gov, RDFS.label, Literal(f"حكومة {names['ar']}", lang="ar")))
            if "en" in names:
                self.g.add((gov, RDFS.label, Literal(f"Government of {names['en']}", lang="en")))
            self.g.add((gov, SCHEMA.location, self.iri(key)))
            return gov
        return self.iri(key)

    def membership(self, mb) -> None:
        g = self.g
        parts = (self.iri(mb.person), mb.role, self.org_node(mb.organization)) + (("former",) if mb.former else ())
        node = ID[f"membership/{_h(*parts)}"]  # a former post is another node than the post held
        role = ID[f"role/{slug(mb.role)}"]
        g.add((role, RDF.type, ORG.Role))
        g.add((role, KGB.roleKey, Literal(mb.role)))
        g.add((role, SKOS.prefLabel, Literal(mb.role, lang="en")))
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, self.iri(mb.person)))
        g.add((node, ORG.organization, self.org_node(mb.organization)))
        g.add((node, ORG.role, role))
        g.add((node, KGB.roleText, Literal(mb.role_text, lang=self.lang)))
        if mb.former:
            g.add((node, KGB.former, Literal(True)))
        for lang, lab in sorted(mb.role_labels.items()):
            if lang != "en":
                g.add((role, SKOS.prefLabel, Literal(lab, lang=lang)))
        g.add((node, PROV.wasDerivedFrom, self.airi))
        self.mention(node, mb.span)

    def delegation(self, d) -> None:
        g = self.g
        node = self.iri(d.key)
        g.add((node, RDF.type, KGB.Delegation))
        g.add((node, RDF.type, SCHEMA.Organization))
        label = "وفد" if self.lang == "ar" else "delegation"
        if d.organization and d.organization in self.x.entities:
            org_label = self.x.entities[d.organization].label
            label = f"وفد {org_label}" if self.lang == "ar" else f"delegation of {org_label}"
            g.add((node, KGB.represents, self.org_node(d.organization)))
        g.add((node, RDFS.label, Literal(label, lang=self.lang)))
        for p in d.members:
            g.add((node, SCHEMA.member, self.iri(p)))
        for sp in d.mentions:
            self.mention(node, sp)

    def event(self, ev, n: int) -> None:
        g = self.g
        node = self.iris.get(event_key(n)) or event_iri(self.x, n, self.iris)
        g.add((node, RDF.type, SEM.Event))
        g.add((node, RDF.type, KGB[ev.type]))
        g.add((node, KGB.status, KGB[ev.status]))
        g.add((node, KGB.trigger, Literal(ev.trigger.text, lang=self.lang)))
        g.add((node, RDFS.label, Literal(f"{ev.type}: {ev.trigger.text}", lang=self.lang)))
        if ev.sentence:
            g.add((node, KGB.sentence, Literal(ev.sentence.text, lang=self.lang)))
        for a in ev.actors:
            if a in self.x.delegations:
                g.add((node, KGB.delegation, self.iri(a)))
            for p in self.x.expand_actor(a):
                g.add((node, SEM.hasActor, self.org_or_iri(p)))
        for r in ev.recipients:
            prop = KGB.host if ev.type == "Visit" or (ev.type == "Meet") else KGB.recipient
            for p in self.x.expand_actor(r):
                g.add((node, prop, self.org_or_iri(p)))
                g.add((node, SEM.hasActor, self.org_or_iri(p)))
        if ev.place:
            g.add((node, SEM.hasPlace, self.iri(ev.place)))
        if ev.date:
            g.add((node, SEM.hasTimeStamp, Literal(ev.date.isoformat(), datatype=XSD.date)))
        g.add((node, PROV.wasDerivedFrom, self.airi))
        for sp in ev.mentions or [ev.trigger]:
            self.mention(node, sp)

    def org_or_iri(self, key: str) -> URIRef:
        return self.iri(key)


def event_key(n: int) -> str:
    """Key of the n-th event of an extraction in an IRI map."""
    return f"event:{n}"


def event_iri(x: Extraction, n: int, iris: dict[str, URIRef]) -> URIRef:
    """IRI of the n-th event of an extraction, shared by every article that
    reports the same event: derived from the type, the date (the event's,
    else the article's publication date) and the principal parties (the
    first actor, and for two-sided events the first party of the other side
    or the second actor), as IRIs. Without a date or a party the IRI is the
    article's own (type and trigger offset)."""
    ev = x.events[n]
    date = ev.date or x.article.published

    def first(keys: list[str]) -> list[URIRef]:
        out = []
        for a in keys:
            for p in x.expand_actor(a):
                if p in iris and iris[p] not in out:
                    out.append(iris[p])
        return out

    actors, others = first(ev.actors), first(ev.recipients)
    if date is None or not actors:
        return ID[f"event/{_h(x.article.id, ev.type, ev.trigger.begin)}"]
    principal = {actors[0]}
    if ev.type in ("Meet", "Phone", "Appeal"):
        side = [o for o in others if o != actors[0]] or [a for a in actors[1:]
                                                          if not ev.actors[1:] or a not in first(ev.actors[:1])]
        if side:
            principal.add(side[0])
    return ID[f"event/{_h(ev.type, date.isoformat(), *sorted(map(str, principal)))}"]


def local_iris(x: Extraction, fixed: dict[str, URIRef] | None = None) -> dict[str, URIRef]:
    """IRIs of the entities, delegations and events (:func:`event_key`) of
    one extraction, by key. ``fixed``: entity key → IRI decided elsewhere
    (:func:`kgbuild.resolve.national_iris`), used in place of
    :func:`entity_iri` and in the events' IRIs."""
    out = {}
    for ent in x.entities.values():
        out[ent.key] = (fixed or {}).get(ent.key) or entity_iri(
            ent.type, ent.label, country=ent.country, geonames=ent.geonames, place_kind=ent.place_kind)
    for n, d in enumerate(x.delegations.values(), 1):
        out[d.key] = ID[f"delegation/{article_iri(x.article.id).split('/')[-1]}-{n}"]
    for n in range(len(x.events)):
        out[event_key(n)] = event_iri(x, n, out)
    return out


def add_extraction(ds: Dataset, x: Extraction, iris: dict[str, URIRef] | None = None) -> Graph:
    """Add one article's extraction to ``ds`` as the named graph
    :func:`graph_iri` (replacing that graph if present). ``iris`` maps entity
    keys to IRIs (from :mod:`kgbuild.resolve`); default :func:`local_iris`.
    Returns the named graph."""
    gid = graph_iri(x.article.id)
    ds.remove_graph(ds.graph(gid))
    g = ds.graph(gid)
    _Mapper(x, g, iris or local_iris(x)).run()
    return g


def new_dataset() -> Dataset:
    """An empty ``Dataset`` with kgbuild's prefixes bound."""
    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns, override=True, replace=True)
    return ds


def to_dataset(extractions: Iterable[Extraction], iris: dict[str, dict[str, URIRef]] | None = None) -> Dataset:
    """Map extractions to a new Dataset, one named graph per article.
    ``iris``: per article id, the entity key → IRI map from resolution."""
    ds = new_dataset()
    for x in extractions:
        add_extraction(ds, x, (iris or {}).get(x.article.id))
    return ds


def merged_graph(ds: Dataset) -> Graph:
    """The union of all named graphs as one ``Graph`` (for Turtle output)."""
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)  # our schema: is http://schema.org/
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _sorted_values(v):
    """A JSON-LD value with every array sorted, at any depth (language maps
    hold arrays too: ``{"ar": ["المصري", "المصريين"]}``)."""
    import json

    if isinstance(v, dict):
        return {k: _sorted_values(x) for k, x in v.items()}
    if isinstance(v, list):
        return sorted((_sorted_values(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return v


def _trig(ds: Dataset) -> str:
    """TriG with the named graphs in the order of their IRIs (rdflib's own
    TriG writer follows the store's order of graphs, which depends on the
    hash seed): the prefixes once, then each graph's Turtle body in a
    ``<iri> { … }`` block; the default graph's triples, if any, first."""
    prefixes: set[str] = set()
    blocks = []
    graphs = sorted(ds.graphs(), key=lambda g: str(g.identifier))
    for g in graphs:
        if not len(g):
            continue
        tg = Graph()
        for p, ns in PREFIXES.items():
            tg.bind(p, ns, override=True, replace=True)
        for t in g:
            tg.add(t)
        ttl = tg.serialize(format="turtle").split("\n")  # not splitlines(): U+2028 in a literal is no line end
        head = 0  # the @prefix lines open the document; everything after is kept verbatim
        while head < len(ttl) and (ttl[head].startswith("@prefix") or not ttl[head].strip()):
            if ttl[head].startswith("@prefix"):
                prefixes.add(ttl[head])
            head += 1
        body = ttl[head:]
        while body and not body[-1].strip():
            body.pop()
        if str(g.identifier) == str(DATASET_DEFAULT_GRAPH_ID):
            blocks.insert(0, "\n".join(body))
        else:
            # not indented: a long literal's lines (""" … """) are part of its value
            blocks.append(f"<{g.identifier}> {{\n" + "\n".join(body) + "\n}")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n\n".join(blocks) + "\n"


def serialize(ds: Dataset, fmt: str) -> str:
    """Serialise a Dataset: ``turtle`` / ``nt`` / ``json-ld`` of the merged
    graph, ``trig`` / ``nquads`` with named graphs. Output is sorted by
    rdflib's serialisers (Turtle) or sorted lines (N-Triples, N-Quads) so the
    same input gives byte-identical output. Raises ValueError for another
    format."""
    if fmt in ("turtle", "ttl"):
        return merged_graph(ds).serialize(format="turtle")
    if fmt in ("nt", "ntriples"):
        lines = merged_graph(ds).serialize(format="nt").splitlines()
        return "\n".join(sorted(set(l for l in lines if l.strip()))) + "\n"
    if fmt in ("nquads", "nq"):
        lines = ds.serialize(format="nquads").splitlines()
        return "\n".join(sorted(set(l for l in lines if l.strip()))) + "\n"
    if fmt == "trig":
        return _trig(ds)
    if fmt in ("json-ld", "jsonld"):
        # Compact with the shipped context (ontology/context.jsonld, package
        # data kgbuild/data/context.jsonld), embedded so the file reads offline.
        # The context has no global @language: dates stay xsd:date.
        # Nodes sorted by id and multi-values sorted, so the output is stable.
        import json
        from importlib import resources

        ctx = json.loads((resources.files("kgbuild") / "data" / "context.jsonld").read_text(encoding="utf-8"))
        doc = json.loads(merged_graph(ds).serialize(format="json-ld", context=ctx["@context"], auto_compact=True))
        nodes = doc.get("@graph")
        if isinstance(nodes, list):
            nodes[:] = [_sorted_values(n) for n in nodes]
            nodes.sort(key=lambda n: str(n.get("id", "")))
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown RDF format {fmt!r}: use turtle, trig, nt, nquads or json-ld")


