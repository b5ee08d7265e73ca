"""The ontology's generated files cannot drift: ontology/README.md and the
package-data copies (scripts/gen_ontology_doc.py), kgbuild/namespace.py
(scripts/gen_namespace.py); and the shapes agree with the ontology."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from kgbuild.namespace import KGB

ROOT = Path(__file__).resolve().parent.parent
SH = Namespace("http://www.w3.org/ns/shacl#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"_kgb_{name}", ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_ontology_doc_regenerates_identically():
    gen = _script("gen_ontology_doc")
    for path, text in gen.outputs().items():
        assert path.read_text(encoding="utf-8") == text, \
            f"{path.relative_to(ROOT)} is stale: run python scripts/gen_ontology_doc.py"


def test_ontology_namespace_regenerates_identically():
    gen = _script("gen_namespace")
    assert (ROOT / "kgbuild" / "namespace.py").read_text(encoding="utf-8") == gen.generate(), \
        "kgbuild/namespace.py is stale: run python scripts/gen_namespace.py"


def test_ontology_doc_has_diagram_and_mapping_table():
    text = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    assert "```mermaid\nclassDiagram" in text
    assert "org_Membership --> schema_Person : member" in text
    assert "sem_Event <|-- kgb_Visit" in text
    visit = next(line for line in text.splitlines() if line.startswith("| `kgb:Visit`"))
    for cell in ("042", "036", "CONSULT/visit", "AGREE", "Movement.Transport", "schema:TravelAction"):
        assert cell in visit
    assert "| `MentionInsideText` |" in text and "| `date` | `sem:hasTimeStamp` | `xsd:date` |" in text


def test_ontology_shapes_use_the_closed_vocabulary():
    onto = Graph().parse(ROOT / "ontology" / "kgbuild.ttl")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    classes = set(onto.subjects(RDFS.subClassOf, SEM.Event))
    statuses = set(onto.subjects(RDF.type, KGB.EventStatus))
    event_type = shapes.value(Namespace("https://w3id.org/kgbuild/shapes#").EventType, SH.qualifiedValueShape)
    assert set(Collection(shapes, shapes.value(event_type, SH["in"]))) == classes
    status = Namespace("https://w3id.org/kgbuild/shapes#").EventStatus
    assert set(Collection(shapes, shapes.value(status, SH["in"]))) == statuses
    # the SPARQL constraint lists the same classes
    select = str(shapes.value(Namespace("https://w3id.org/kgbuild/shapes#").EventUnknownType, SH.select))
    assert {f"kgb:{str(c).split('#')[1]}" for c in classes} == \
        {w.strip("(),") for w in select.split() if w.strip("(),").startswith("kgb:") and w.strip("(),") != "kgb:)"}


def test_ontology_context_terms_exist():
    ctx = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for key, spec in ctx.items():
        iri = spec if isinstance(spec, str) else spec["@id"]
        if iri.startswith("kgb:"):
            getattr(KGB, iri[4:])  # the closed namespace raises on an unknown term
