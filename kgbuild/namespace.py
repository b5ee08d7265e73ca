"""The kgbuild ontology namespace (closed): generated from ontology/kgbuild.ttl
by scripts/gen_namespace.py; do not edit by hand. An unknown term raises
AttributeError, as in rdflib's generated namespaces."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KGB(DefinedNamespace):
    """kgbuild ontology terms."""

    _fail = True
    Appeal: URIRef
    Attack: URIRef
    Delegation: URIRef
    Elect: URIRef
    EventStatus: URIRef
    Government: URIRef
    Meet: URIRef
    Merge: URIRef
    Negated: URIRef
    Occurred: URIRef
    Phone: URIRef
    Planned: URIRef
    Possible: URIRef
    Visit: URIRef
    ace: URIRef
    altSearchKey: URIRef
    article: URIRef
    cameo: URIRef
    cameoPlanned: URIRef
    delegation: URIRef
    extractor: URIRef
    former: URIRef
    host: URIRef
    into: URIRef
    iso2: URIRef
    plover: URIRef
    ploverPlanned: URIRef
    recipient: URIRef
    represents: URIRef
    roleKey: URIRef
    roleText: URIRef
    rule: URIRef
    searchKey: URIRef
    sentence: URIRef
    status: URIRef
    surface: URIRef
    trigger: URIRef

    _NS = Namespace("https://w3id.org/kgbuild/ontology#")
