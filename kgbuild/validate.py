"""Validation: check a kgbuild graph against the SHACL shapes of
``ontology/shapes.ttl`` (shipped as ``kgbuild/data/shapes.ttl``) with pySHACL.

The shapes state what a well-formed kgbuild graph is: every membership has one
member, one organisation and one role; every event one type of the closed
vocabulary, at least one actor, one status and mentions whose offsets lie
inside the article text; labels carry a language tag; dates are ``xsd:date``.

Every shape and SPARQL constraint has an IRI in ``https://w3id.org/kgbuild/shapes#``;
a :class:`Violation` names the one that failed by its local name
(``"EventActor"``, ``"MentionInsideText"``), so reports and tests can say which
rule broke. Validation runs without inference (../shared/design/DEPENDENCY-NOTES.md:
100k triples in about 3 s).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")
#: Namespace of kgbuild's shapes.
KGBSH = Namespace("https://w3id.org/kgbuild/shapes#")


def shapes_text() -> str:
    """The Turtle text of the shipped shapes (package data)."""
    return (resources.files("kgbuild") / "data" / "shapes.ttl").read_text(encoding="utf-8")


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes graph: ``path`` (a Turtle file) or the shipped shapes.
    Raises FileNotFoundError naming a missing path; ValueError naming it when
    it cannot be parsed."""
    g = Graph()
    if path is None:
        g.parse(data=shapes_text(), format="turtle")
        return g
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such shapes file")
    try:
        g.parse(p, format="turtle")
    except Exception as e:  # rdflib raises parser-specific errors
        raise ValueError(f"{p}: cannot parse shapes as Turtle: {e}") from e
    return g


@dataclass(frozen=True)
class Violation:
    """One failed check.

    ``shape``: local name of the shape or SPARQL constraint that failed (its
    full IRI when it is not one of kgbuild's); ``focus``: the node checked
    (IRI or blank node id); ``path``: the property, when the rule is about one;
    ``value``: the offending value, when there is one; ``message``: what the
    rule requires; ``severity``: ``Violation``, ``Warning`` or ``Info``."""

    shape: str
    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str = "Violation"

    def line(self) -> str:
        """One line for a terminal: shape, focus node, path, value, message."""
        parts = [f"[{self.shape}]", self.focus]
        if self.path:
            parts.append(self.path)
        if self.value is not None:
            v = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            parts.append(f"value={v!r}")
        return " ".join(parts) + f": {self.message}"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is True when there is no
    violation of severity Violation; ``violations`` lists every result
    (sorted by shape, focus, path, value); ``triples`` the size of the graph."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def shapes(self) -> set[str]:
        """Names of the shapes that reported something."""
        return {v.shape for v in self.violations}

    def text(self, limit: int = 100) -> str:
        """A human-readable report: a summary line, counts by shape, then up to
        ``limit`` results, one a line."""
        if not self.violations:
            return f"conforms: {self.triples} triples, no violations\n"
        counts: dict[str, int] = {}
        for v in self.violations:
            counts[v.shape] = counts.get(v.shape, 0) + 1
        out = [f"{'conforms' if self.conforms else 'does not conform'}: {self.triples} triples, "
               f"{len(self.violations)} results"]
        out += [f"  {name}: {n}" for name, n in sorted(counts.items())]
        out += [v.line() for v in self.violations[:limit]]
        if len(self.violations) > limit:
            out.append(f"... and {len(self.violations) - limit} more")
        return "\n".join(out) + "\n"


class _PreparedQueryGraph(Graph):
    """A ``Graph`` that parses each distinct SPARQL text once. pySHACL runs a
    SPARQL constraint once per focus node with the same text and the focus
    node as a bound value; rdflib would parse the text every time (about
    25 ms each: 2.3 s for the seed's 150 mentions, hours for a large graph)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: dict[str, object] = {}

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            from rdflib.plugins.sparql import prepareQuery

            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _relexed(o: Node) -> Node:
    """``o``, or for a typed literal whose Python value is not what its
    lexical form gives (``Literal(48.85, datatype=XSD.decimal)`` holds a
    float), the literal re-read from its lexical form. SHACL checks
    datatypes on lexical forms; pySHACL checks the Python value, and would
    report such a literal as ill-typed although its serialisation is fine."""
    if isinstance(o, Literal) and o.datatype is not None and o.value is not None:
        r = Literal(str(o), datatype=o.datatype)
        if type(r.value) is not type(o.value):
            return r
    return o


def _data_graph(graph: Graph) -> Graph:
    """The graph pySHACL validates: for a ``Dataset`` (or another
    context-aware graph) a copy of the union of its graphs, so that the whole
    graph is validated at once rather than one named graph at a time; for a
    plain ``Graph`` a view on the same store (no copy) unless some literal
    must be re-read (:func:`_relexed`)."""
    if not (isinstance(graph, Dataset) or graph.context_aware):
        if all(_relexed(o) is o for o in graph.objects(None, None, unique=False)):
            return _PreparedQueryGraph(store=graph.store, identifier=graph.identifier,
                                       namespace_manager=graph.namespace_manager)
        triples = iter(graph)
    else:
        triples = ((s, p, o) for s, p, o, *_ in graph.quads((None, None, None, None)))
    g = _PreparedQueryGraph()
    for s, p, o in triples:
        g.add((s, p, _relexed(o)))
    return g


def _name(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef) and str(node).startswith(str(KGBSH)):
        return str(node)[len(str(KGBSH)):]
    if isinstance(node, BNode):
        return None
    return str(node)


def _short(g: Graph, node: Node | None) -> str | None:
    """A CURIE with kgbuild's prefixes (:data:`kgbuild.rdf.PREFIXES`) where one
    fits, else the IRI; a literal's text; a blank node's id."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        from kgbuild.rdf import PREFIXES

        s = str(node)
        for p, ns in sorted(_STD_PREFIXES.items() | {k: str(v) for k, v in PREFIXES.items()}.items(),
                            key=lambda kv: -len(kv[1])):
            if s.startswith(ns) and len(s) > len(ns):
                return f"{p}:{s[len(ns):]}"
        return s
    if isinstance(node, Literal):
        return str(node)
    return node.n3()


_STD_PREFIXES = {"rdf": str(RDF), "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def validate(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` (a ``Graph`` or ``Dataset``, e.g. from
    :func:`kgbuild.query.load_graph`) against ``shapes`` (default: the
    shipped shapes, :func:`load_shapes`). Returns a :class:`ValidationReport`;
    never raises for a non-conforming graph."""
    from pyshacl import validate as shacl_validate

    data = _data_graph(graph)
    shapes = shapes if shapes is not None else load_shapes()
    conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False,
        abort_on_first=False, allow_warnings=True, meta_shacl=False)
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        constraint = report.value(r, SH.sourceConstraint)
        shape = _name(constraint) if isinstance(constraint, URIRef) else None
        if shape is None:
            source = report.value(r, SH.sourceShape)
            shape = _name(source)
            if shape is None:  # a blank-node property shape: name it by its node shape and path
                parent = shapes.value(None, SH.property, source)
                path = _short(shapes, shapes.value(source, SH.path))
                shape = " ".join(x for x in (_name(parent) or "(anonymous shape)", path) if x)
        msgs = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        en = [str(m) for m in report.objects(r, SH.resultMessage)
              if isinstance(m, Literal) and m.language == "en"]
        sev = report.value(r, SH.resultSeverity)
        focus = report.value(r, SH.focusNode)
        value = report.value(r, SH.value)
        results.append(Violation(
            shape=shape,
            focus=str(focus) if not isinstance(focus, BNode) else focus.n3(),
            path=_short(shapes, report.value(r, SH.resultPath)),
            value=None if value is None else (str(value) if not isinstance(value, BNode) else value.n3()),
            message=(en or msgs or [""])[0],
            severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
        ))
    results.sort(key=lambda v: (v.shape, v.focus, v.path or "", v.value or ""))
    return ValidationReport(conforms=bool(conforms), violations=results, triples=len(data))


def validate_file(path: str | Path, shapes: str | Path | None = None) -> ValidationReport:
    """Load a graph with :func:`kgbuild.query.load_graph` and validate it.
    Raises what ``load_graph`` / :func:`load_shapes` raise for a missing or
    unparsable file."""
    from kgbuild.query import load_graph

    return validate(load_graph(path), load_shapes(shapes) if shapes else None)
