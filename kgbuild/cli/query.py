"""`kgbuild query`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail


def query(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    sparql: Annotated[Optional[str], typer.Argument(help="A SPARQL SELECT query (or use --name).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", "-n", help="A saved query: members, events, places, duplicates.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run a saved or ad hoc SPARQL query over a graph file."""
    from kgbuild.query import format_result, load_graph, run_query, saved_query

    if (sparql is None) == (name is None):
        fail("give either a SPARQL query or --name NAME")
    if format not in ("table", "csv", "json"):
        fail(f"unknown format {format!r}: use table, csv or json")
    try:
        text = saved_query(name) if name else sparql
        g = load_graph(graph)
    except (KeyError, FileNotFoundError, ValueError) as e:
        fail(str(e).strip("'\""))
    try:
        res = run_query(g, text)
    except Exception as e:  # pyparsing / rdflib query errors
        fail(f"bad SPARQL query: {e}")
    sys.stdout.write(format_result(res, format))


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(query)
