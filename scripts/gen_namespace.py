"""Generate kgbuild/namespace.py (a closed rdflib DefinedNamespace) from ontology/kgbuild.ttl.

Usage: python scripts/gen_namespace.py [--check]
With --check, exit 1 when the committed module differs from what would be generated.
Follows rdflib's generated namespaces (rdflib/namespace/_ORG.py).
"""
from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parent.parent
NS = "https://w3id.org/kgbuild/ontology#"


def generate() -> str:
    g = Graph().parse(ROOT / "ontology" / "kgbuild.ttl")
    terms = sorted({str(s)[len(NS):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)})
    lines = [
        '"""The kgbuild ontology namespace (closed): generated from ontology/kgbuild.ttl',
        "by scripts/gen_namespace.py; do not edit by hand. An unknown term raises",
        'AttributeError, as in rdflib\'s generated namespaces."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KGB(DefinedNamespace):",
        '    """kgbuild ontology terms."""',
        "",
        "    _fail = True",
    ]
    lines += [f"    {t}: URIRef" for t in terms]
    lines += ["", f'    _NS = Namespace("{NS}")', ""]
    return "\n".join(lines)


if __name__ == "__main__":
    out = ROOT / "kgbuild" / "namespace.py"
    new = generate()
    if "--check" in sys.argv:
        sys.exit(0 if out.read_text(encoding="utf-8") == new else 1)
    out.write_text(new, encoding="utf-8")
