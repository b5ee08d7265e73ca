"""`kgbuild extract`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail
from kgbuild.extract.combine import DEFAULT as NER_DEFAULT


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .html, .jsonl) or folders.")],
    format: Annotated[str, typer.Option("--format", "-f", help="turtle, trig, json-ld, nt or nquads.")] = "turtle",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: stdout).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first input that fails (nothing is written).")] = False,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Write the failures to this file as JSON Lines (file, line, reason).", dir_okay=False)] = None,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Add the names the statistical NER model finds and the rules miss (README: 'Rules and the NER model'). Default off: it makes extraction about five times slower.")] = NER_DEFAULT,
) -> None:
    """Extract articles and write RDF to stdout or a file.

    Exit status: 0 all extracted, 1 some inputs failed (each reported on
    stderr in one line, a path that does not exist too; the others are
    written), 2 usage error (a bad option, no input path exists)."""
    from kgbuild.cli.build import check_inputs
    from kgbuild.pipeline import build_dataset, extract_all, write_atomic, write_errors
    from kgbuild.rdf import serialize

    if format not in ("turtle", "ttl", "trig", "json-ld", "jsonld", "nt", "nquads"):
        fail(f"unknown format {format!r}: use turtle, trig, json-ld, nt or nquads")
    check_inputs(paths)
    failed: list = []
    xs = extract_all(paths, failed, strict=strict, ner=ner)
    # nothing already written is lost: an output file is only replaced by one holding some article
    nothing = failed and not xs
    if not (strict and failed) and not nothing:
        text = serialize(build_dataset(xs), format)
        if output:
            write_atomic(output, text)
            typer.echo(f"wrote {output} ({len(xs)} articles)", err=True)
        else:
            sys.stdout.write(text)
    for e in failed:
        typer.echo(f"failed: {e}", err=True)
    if strict and failed:
        typer.echo("stopped at the first failure (--strict): nothing written", err=True)
    elif nothing:
        typer.echo("every input failed: nothing written" + (f" ({output} is unchanged)" if output else ""), err=True)
    if errors is not None:
        write_errors(failed, errors)
        typer.echo(f"wrote {errors} ({len(failed)} failures)", err=True)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(extract)
