"""`kgbuild render`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail


def render(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Output file [default: graph.html, graph.graphml or graph.gexf].")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="html (interactive page), graphml or gexf (for Gephi, Cytoscape).")] = "html",
    focus: Annotated[Optional[str], typer.Option(
        "--focus", help="Only the neighbourhood of the actor with this name (any label, Arabic or English).")] = None,
    depth: Annotated[int, typer.Option(
        "--depth", min=0, help="With --focus: how many steps around the actor (an event counts as half a step).")] = 1,
    collapse_events: Annotated[bool, typer.Option(
        "--collapse-events", help="Replace event nodes by person-to-person \"met\" edges "
                                  "(in the page: the initial state of its checkbox).")] = False,
    title: Annotated[Optional[str], typer.Option(
        "--title", help="Page title [default: the article's headline, source and date, or the number of articles].")] = None,
) -> None:
    """Render a graph file as a self-contained interactive HTML page (works
    offline), or export its actor graph as GraphML or GEXF."""
    from kgbuild.graph import FORMATS
    from kgbuild.graph import render as render_graph
    from kgbuild.pipeline import write_atomic
    from kgbuild.query import load_graph

    fmt = fmt.lower()
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    try:
        g = load_graph(graph)
    except (FileNotFoundError, ValueError) as e:
        fail(str(e))
    from kgbuild.rdf import SCHEMA, SEM
    from rdflib.namespace import RDF

    if not any(True for cls in (SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place, SEM.Event)
               for _ in g.subjects(RDF.type, cls)):
        fail(f"{graph}: no persons, organisations, places or events: not a kgbuild graph", 1)
    try:
        text = render_graph(g, fmt, title=title, collapse_events=collapse_events, focus=focus, depth=depth)
    except LookupError as e:
        fail(str(e.args[0]) if e.args else str(e))
    out = output or Path(f"graph.{fmt}")
    write_atomic(out, text)
    typer.echo(f"wrote {out}")


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(render)
