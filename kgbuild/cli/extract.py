"""`kgbuild extract`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .jsonl) or folders.")],
    format: Annotated[str, typer.Option("--format", "-f", help="turtle, trig, json-ld, nt or nquads.")] = "turtle",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: stdout).")] = None,
) -> None:
    """Extract articles and write RDF to stdout or a file."""
    from kgbuild.pipeline import build_dataset, extract_all, write_atomic
    from kgbuild.rdf import serialize

    if format not in ("turtle", "ttl", "trig", "json-ld", "jsonld", "nt", "nquads"):
        fail(f"unknown format {format!r}: use turtle, trig, json-ld, nt or nquads")
    errors: list = []
    xs = extract_all(paths, errors)
    text = serialize(build_dataset(xs), format)
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
    for e in errors:
        typer.echo(f"failed: {e}", err=True)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(extract)
