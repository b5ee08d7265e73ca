"""kgbuild's command line: a thin typer app over plain functions.

Exit status: 0 when all went well, 1 when some articles failed (the others
were processed), 2 for a usage error (typer's own, or a bad argument).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Arabic and English news articles into an event knowledge graph (RDF).")


def _fail(msg: str, code: int = 2) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .jsonl) or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
) -> None:
    """Build DIR/graph.ttl, DIR/graph.trig and DIR/graph.html from articles, and print a summary."""
    from kgbuild.pipeline import build as run_build

    report = run_build(paths, out)
    typer.echo(report.summary())
    for p in report.outputs:
        typer.echo(f"wrote {p}")
    if report.errors:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .jsonl) or folders.")],
    format: Annotated[str, typer.Option("--format", "-f", help="turtle, trig, json-ld, nt or nquads.")] = "turtle",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: stdout).")] = None,
) -> None:
    """Extract articles and write RDF to stdout or a file."""
    from kgbuild.pipeline import build_dataset, extract_all, write_atomic
    from kgbuild.rdf import serialize

    if format not in ("turtle", "ttl", "trig", "json-ld", "jsonld", "nt", "nquads"):
        _fail(f"unknown format {format!r}: use turtle, trig, json-ld, nt or nquads")
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


@app.command()
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
        _fail(str(e))
    write_atomic(output, render_html(g))
    typer.echo(f"wrote {output}")


@app.command()
def query(
    graph: Annotated[Path, typer.Argument(help="A graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    sparql: Annotated[Optional[str], typer.Argument(help="A SPARQL SELECT query (or use --name).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", "-n", help="A saved query: members, events, places, duplicates.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run a saved or ad hoc SPARQL query over a graph file."""
    from kgbuild.query import format_result, load_graph, run_query, saved_query

    if (sparql is None) == (name is None):
        _fail("give either a SPARQL query or --name NAME")
    if format not in ("table", "csv", "json"):
        _fail(f"unknown format {format!r}: use table, csv or json")
    try:
        text = saved_query(name) if name else sparql
        g = load_graph(graph)
    except (KeyError, FileNotFoundError, ValueError) as e:
        _fail(str(e).strip("'\""))
    try:
        res = run_query(g, text)
    except Exception as e:  # pyparsing / rdflib query errors
        _fail(f"bad SPARQL query: {e}")
    sys.stdout.write(format_result(res, format))


def main() -> None:  # pragma: no cover
    """Entry point for ``python -m kgbuild``."""
    app()


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSON Lines, ../shared/corpus/GOLD-FORMAT.md).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    per_article: Annotated[bool, typer.Option("--per-article", help="Add one row per article.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List false positives and negatives per article.")] = False,
) -> None:
    """Score kgbuild's extraction against gold annotations: P/R/F1 per list, argument accuracy."""
    import json

    from kgbuild.evaluate import evaluate

    try:
        report = evaluate(gold)
    except (FileNotFoundError, ValueError) as e:
        _fail(str(e))
    if json_out:
        typer.echo(json.dumps(report.to_dict(per_article=per_article, errors=errors), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.format(per_article=per_article, errors=errors))
