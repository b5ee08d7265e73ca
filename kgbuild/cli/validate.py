"""`kgbuild validate`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail


def validate(
    graph: Annotated[Path, typer.Argument(help="A store folder (DIR/store, or DIR) or a graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    shapes: Annotated[Optional[Path], typer.Option(
        "--shapes", help="SHACL shapes (Turtle) to use instead of kgbuild's (ontology/shapes.ttl).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    limit: Annotated[int, typer.Option("--limit", min=0, help="Show at most this many results (text).")] = 100,
) -> None:
    """Check a graph against kgbuild's SHACL shapes.

    Exit status 0 when it conforms, 1 when it does not (each result names the
    rule it breaks), 2 for a usage error."""
    from kgbuild.validate import validate_file

    if format not in ("text", "json"):
        fail(f"unknown format {format!r}: use text or json")
    try:
        report = validate_file(graph, shapes)
    except (FileNotFoundError, ValueError) as e:
        fail(str(e))
    if format == "json":
        doc = {"conforms": report.conforms, "triples": report.triples,
               "results": [asdict(v) for v in report.violations]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.text(limit))
    if not report.conforms:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(validate)
