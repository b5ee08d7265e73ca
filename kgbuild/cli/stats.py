"""`kgbuild stats`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli._common import fail


def stats(
    graph: Annotated[Path, typer.Argument(help="A store folder (DIR/store, or DIR) or a graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    top: Annotated[int, typer.Option("--top", min=1, help="How many actors to list.")] = 10,
) -> None:
    """Counts by class, top actors by degree, events per day, articles per source."""
    from kgbuild.query import load_graph
    from kgbuild.stats import compute_stats, format_stats

    if format not in ("text", "json"):
        fail(f"unknown format {format!r}: use text or json")
    try:
        g = load_graph(graph)
    except (FileNotFoundError, ValueError) as e:
        fail(str(e))
    sys.stdout.write(format_stats(compute_stats(g, top=top), format))


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(stats)
