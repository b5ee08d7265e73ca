"""`kgbuild build`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer



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


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(build)
