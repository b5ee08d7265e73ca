"""`kgbuild render`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli._common import fail


def render(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output HTML file.")] = Path("graph.html"),
) -> None:
    """Render a graph file as a self-contained interactive HTML page."""
    from kgbuild.graph import render_html
    from kgbuild.pipeline import write_atomic
    from kgbuild.query import load_graph

    try:
        g = load_graph(graph)
    except (FileNotFoundError, ValueError) as e:
        fail(str(e))
    write_atomic(output, render_html(g))
    typer.echo(f"wrote {output}")


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(render)
