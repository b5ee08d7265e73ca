"""`kgbuild export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail


def export(
    graph: Annotated[Path, typer.Argument(help="A store folder (DIR/store, or DIR) or a graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    format: Annotated[str, typer.Option(
        "--format", "-f",
        help="events-csv, members-csv, plover (JSON Lines), turtle, trig, nquads, nt or json-ld.")] = "events-csv",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: stdout).")] = None,
    bom: Annotated[bool, typer.Option(
        "--bom", help="Start CSV output with a UTF-8 byte-order mark (for spreadsheet programs).")] = False,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", help="Label language where the graph has several (e.g. en); default: the article's.")] = None,
) -> None:
    """Export a graph as an event or membership table, PLOVER or RDF.

    events-csv: one row per event (id, type, CAMEO code, status, date, place,
    GeoNames id, lat, long, actors, recipients, delegation, article, URL,
    sentence); members-csv: one row per membership (person, role,
    organisation, first and last date seen, articles); plover: PLOVER JSON
    Lines; turtle, trig, nquads, nt, json-ld: RDF (JSON-LD compacted with
    kgbuild's context)."""
    from kgbuild.export import export as export_graph
    from kgbuild.pipeline import write_atomic
    from kgbuild.query import load_graph

    try:
        g = load_graph(graph)
        text = export_graph(g, format, bom=bom, lang=lang)
    except (FileNotFoundError, ValueError) as e:
        fail(str(e))
    if output:
        write_atomic(output, text)
        typer.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:  # bytes: the same UTF-8 output whatever the locale
            out.write(text.encode("utf-8"))
            out.flush()
        else:  # pragma: no cover - a text-only stdout
            sys.stdout.write(text)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(export)
