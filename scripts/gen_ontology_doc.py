"""Generate ontology/README.md from the ontology files, and refresh their
package-data copies, so that neither can drift from the ontology.

Usage: python scripts/gen_ontology_doc.py [--check]

Reads ontology/kgbuild.ttl (classes, properties, the CAMEO / PLOVER / ACE /
schema.org mappings), ontology/shapes.ttl (which properties each class has:
the diagram's edges and members, and the rules `kgbuild validate` checks) and
ontology/context.jsonld (the JSON-LD keys). Writes ontology/README.md and copies
kgbuild.ttl, shapes.ttl and context.jsonld to kgbuild/data/ (package data: the
code reads them there, installed or not).

With --check, write nothing and exit 1 when README.md or a copy differs from
what would be written (tests/test_ontology_doc.py runs the same comparison).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
DATA = ROOT / "kgbuild" / "data"
#: Files copied verbatim from ontology/ to kgbuild/data/.
COPIES = ("kgbuild.ttl", "shapes.ttl", "context.jsonld")

KGB = Namespace("https://w3id.org/kgbuild/ontology#")
KGBSH = Namespace("https://w3id.org/kgbuild/shapes#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

PREFIXES = {
    "kgb": str(KGB), "kgbsh": str(KGBSH), "schema": str(SCHEMA), "sem": str(SEM),
    "org": "http://www.w3.org/ns/org#", "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "gaf": "http://groundedannotationframework.org/gaf#", "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "prov": "http://www.w3.org/ns/prov#", "skos": str(SKOS), "owl": str(OWL), "rdfs": str(RDFS),
    "rdf": str(RDF), "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EVENT_CLASSES = ("Meet", "Visit", "Phone", "Appeal", "Attack", "Elect")
STATUSES = ("Occurred", "Planned", "Possible", "Negated")


def curie(node) -> str:
    s = str(node)
    for p, ns in PREFIXES.items():
        if s.startswith(ns):
            return f"{p}:{s[len(ns):]}"
    return s


def mid(node) -> str:
    """A mermaid class id: the CURIE with ':' → '_'."""
    return curie(node).replace(":", "_").replace("-", "_")


def local(node) -> str:
    return curie(node).split(":", 1)[-1]


def label(g: Graph, node, lang: str) -> str:
    for lit in g.objects(node, RDFS.label):
        if isinstance(lit, Literal) and lit.language == lang:
            return str(lit)
    return ""


def value(g: Graph, node, prop) -> str:
    v = g.value(node, prop)
    return "" if v is None else str(v)


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "–"


def _diagram(onto: Graph, shapes: Graph) -> list[str]:
    classes: dict[str, str] = {}          # mermaid id -> CURIE
    members: dict[str, list[str]] = {}    # mermaid id -> member lines
    edges: list[tuple[str, str, str, str]] = []  # (from, arrow, to, label)

    def cls(node) -> str:
        i = mid(node)
        classes.setdefault(i, curie(node))
        return i

    def member(c: str, text: str) -> None:
        lst = members.setdefault(c, [])
        if text not in lst:
            lst.append(text)

    def edge(a: str, arrow: str, b: str, lab: str) -> None:
        e = (a, arrow, b, lab)
        if e not in edges:
            edges.append(e)

    # shapes: targets and their property shapes
    object_targets = {}  # property -> class of the nodes it points to (sh:targetObjectsOf + sh:class)
    datatypes = {}  # property -> datatype, from any property shape that states one
    for ps in shapes.subjects(SH.path, None):
        path, dt = shapes.value(ps, SH.path), shapes.value(ps, SH.datatype)
        if dt is None and shapes.value(ps, SH["or"]) is not None:  # the first of alternative datatypes
            alts = [shapes.value(a, SH.datatype) for a in Collection(shapes, shapes.value(ps, SH["or"]))]
            dt = next((a for a in alts if a is not None), None)
        if dt is None and shapes.value(ps, SH.minInclusive) is not None and shapes.value(ps, SH.pattern):
            dt = "integer"  # a number with an integer lexical form (the mention offsets)
        if isinstance(path, URIRef) and dt is not None:
            datatypes[path] = dt
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        for p in shapes.objects(shape, SH.targetObjectsOf):
            k = shapes.value(shape, SH["class"])
            if k is not None:
                object_targets[p] = k
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = sorted(shapes.objects(shape, SH.targetClass))
        targets += [shapes.value(shape, SH["class"])] if shapes.value(shape, SH.targetObjectsOf) else []
        for t in targets:
            if t is None:
                continue
            c = cls(t)
            for ps in sorted(shapes.objects(shape, SH.property)):
                path = shapes.value(ps, SH.path)
                if not isinstance(path, URIRef) or path == RDF.type:
                    continue
                k = shapes.value(ps, SH["class"]) or object_targets.get(path)
                dt = shapes.value(ps, SH.datatype) or datatypes.get(path)
                if k is not None:
                    edge(c, "-->", cls(k), local(path))
                elif shapes.value(ps, SH["in"]) is not None:
                    continue  # an enumeration: drawn from the ontology's range
                else:
                    member(c, f"+{local(path)}" + (f" {local(dt)}" if dt is not None else ""))
    # ontology: subclasses, object and datatype properties with a domain
    for c in sorted(onto.subjects(RDF.type, OWL.Class)):
        for sup in onto.objects(c, RDFS.subClassOf):
            edge(cls(sup), "<|--", cls(c), "")
    for p in sorted(onto.subjects(RDF.type, OWL.ObjectProperty)):
        dom, rng = onto.value(p, RDFS.domain), onto.value(p, RDFS.range)
        if dom is None and rng is not None:
            dom = SEM.Event if p == KGB.delegation else None
        if dom is not None and rng is not None:
            edge(cls(dom), "-->", cls(rng), local(p))
        sup = onto.value(p, RDFS.subPropertyOf)
        if sup is not None and dom is None:
            member(cls(SEM.Event), f"+{local(p)}")  # host, recipient: sub-properties of hasActor
    for p in sorted(onto.subjects(RDF.type, OWL.DatatypeProperty)):
        dom = onto.value(p, RDFS.domain)
        if dom is not None:
            member(cls(dom), f"+{local(p)}")
    for s in STATUSES:
        member(cls(KGB.EventStatus), f"{s}")

    out = ["```mermaid", "classDiagram", "    direction LR"]
    for i, name in sorted(classes.items()):
        out.append(f'    class {i}["{name}"]')
    for i in sorted(members):
        for m in members[i]:
            out.append(f"    {i} : {m}")
    for a, arrow, b, lab in edges:
        out.append(f"    {a} {arrow} {b}" + (f" : {lab}" if lab else ""))
    out.append("```")
    return out


def _schema_match(g: Graph, node) -> str:
    out = [curie(m) for m in sorted(g.objects(node, SKOS.closeMatch))]
    out += [f"{curie(m)} (broader)" for m in sorted(g.objects(node, SKOS.broadMatch))]
    return ", ".join(out)


def generate() -> str:
    onto = Graph().parse(ONTOLOGY / "kgbuild.ttl")
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    context = json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    ont_iri = URIRef("https://w3id.org/kgbuild/ontology")
    L: list[str] = [
        "# The kgbuild ontology",
        "",
        "<!-- Generated by scripts/gen_ontology_doc.py from kgbuild.ttl, shapes.ttl and",
        "     context.jsonld; do not edit by hand (tests/test_ontology_doc.py checks it). -->",
        "",
        f"{value(onto, ont_iri, RDFS.label)}, version {value(onto, ont_iri, OWL.versionInfo)}. "
        + value(onto, ont_iri, URIRef('http://purl.org/dc/terms/description')),
        "",
        "| file | what |",
        "|---|---|",
        "| `kgbuild.ttl` | the project's own terms (OWL), with their CAMEO / PLOVER / ACE / schema.org mappings; `kgbuild/namespace.py` is generated from it (`scripts/gen_namespace.py`) |",
        "| `shapes.ttl` | SHACL shapes: what a well-formed kgbuild graph is (`kgbuild validate GRAPH`) |",
        "| `context.jsonld` | the JSON-LD context of kgbuild's JSON-LD output (`kgbuild export GRAPH --format json-ld`) |",
        "",
        "Copies of the three ship as package data in `kgbuild/data/` (written by the same script).",
        "",
        "## Classes and properties",
        "",
        "The classes a kgbuild graph uses and the properties that link them, as the",
        "shapes require them (arrows: object properties; members: literal-valued",
        "properties; open arrows: subclasses). `kgb:host` and `kgb:recipient` are",
        "sub-properties of `sem:hasActor`: a host or recipient is also an actor.",
        "",
    ]
    L += _diagram(onto, shapes)
    L += [
        "",
        "## Event classes: mapping to CAMEO, PLOVER, ACE 2005 and schema.org",
        "",
        "Every event is a `sem:Event` and exactly one of these classes (the closed vocabulary).",
        "PLOVER: type, then mode after a slash. When the event's status is `kgb:Planned` the",
        "\"planned\" codes apply (an intention to meet is CAMEO 036, PLOVER AGREE).",
        "",
        "| class | label | CAMEO | CAMEO, planned | PLOVER | PLOVER, planned | ACE 2005 | schema.org | meaning |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in EVENT_CLASSES:
        c = KGB[name]
        L.append("| " + " | ".join(cell(x) for x in (
            f"`kgb:{name}`", f"{label(onto, c, 'en')} / {label(onto, c, 'ar')}",
            value(onto, c, KGB.cameo), value(onto, c, KGB.cameoPlanned),
            value(onto, c, KGB.plover), value(onto, c, KGB.ploverPlanned),
            value(onto, c, KGB.ace), _schema_match(onto, c), value(onto, c, RDFS.comment))) + " |")
    L += [
        "",
        "## Event status",
        "",
        "`kgb:status` (exactly one per event). In PLOVER output the status becomes a `context` value.",
        "",
        "| status | label | PLOVER context | schema.org |",
        "|---|---|---|---|",
    ]
    for name in STATUSES:
        s = KGB[name]
        L.append("| " + " | ".join(cell(x) for x in (
            f"`kgb:{name}`", label(onto, s, "en"), value(onto, s, KGB.plover), _schema_match(onto, s))) + " |")
    L += [
        "",
        "## Other classes and properties",
        "",
        "| term | kind | label | domain | range | schema.org | comment |",
        "|---|---|---|---|---|---|---|",
    ]
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "object property",
             OWL.DatatypeProperty: "datatype property", OWL.AnnotationProperty: "annotation property"}
    skip = {KGB[n] for n in EVENT_CLASSES + STATUSES}
    for term in sorted(set(onto.subjects()) - skip):
        if not isinstance(term, URIRef) or not str(term).startswith(str(KGB)):
            continue
        kind = next((k for t, k in kinds.items() if (term, RDF.type, t) in onto), None)
        if kind is None:
            continue
        L.append("| " + " | ".join(cell(x) for x in (
            f"`{curie(term)}`", kind, label(onto, term, "en"),
            curie(onto.value(term, RDFS.domain)) if onto.value(term, RDFS.domain) else "",
            curie(onto.value(term, RDFS.range)) if onto.value(term, RDFS.range) else "",
            _schema_match(onto, term), value(onto, term, RDFS.comment))) + " |")
    L += [
        "",
        "## What `kgbuild validate` checks",
        "",
        "Each rule is a shape in `shapes.ttl`; a report names the rule that failed.",
        "",
        "| rule | applies to | requires |",
        "|---|---|---|",
    ]
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = [curie(t) for t in sorted(shapes.objects(shape, SH.targetClass))]
        targets += [f"objects of {curie(t)}" for t in shapes.objects(shape, SH.targetObjectsOf)]
        targets += [f"subjects of {curie(t)}" for t in shapes.objects(shape, SH.targetSubjectsOf)]
        rules = sorted(list(shapes.objects(shape, SH.property)) + list(shapes.objects(shape, SH.sparql)))
        for r in rules:
            msg = value(shapes, r, SH.message)
            L.append(f"| `{local(r)}` | {cell(', '.join(targets))} | {cell(msg)} |")
    L += [
        "",
        "## JSON-LD keys",
        "",
        "`context.jsonld` gives compact keys; dates are typed `xsd:date`, never language-tagged.",
        "",
        "| key | IRI | values |",
        "|---|---|---|",
    ]
    for key, spec in context.items():
        if key in PREFIXES or key == "kgbid":
            continue
        if isinstance(spec, str):
            L.append(f"| `{key}` | `{spec}` | {'class or individual' if key[:1].isupper() else ('keyword' if spec.startswith('@') else 'literal, as in the graph')} |")
        else:
            kind = spec.get("@type") or spec.get("@container") or ""
            kind = {"@id": "IRI", "@vocab": "term of this context", "@language": "map language → text"}.get(kind, f"`{kind}`")
            L.append(f"| `{key}` | `{spec['@id']}` | {kind} |")
    L.append("")
    return "\n".join(L)


def outputs() -> dict[Path, str]:
    """Every file this script writes, with the text it would write."""
    out = {ONTOLOGY / "README.md": generate()}
    for name in COPIES:
        out[DATA / name] = (ONTOLOGY / name).read_text(encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if "--check" not in argv:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    if "--check" in argv:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
