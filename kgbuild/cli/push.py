"""`kgbuild push`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail


def push(
    store: Annotated[Path, typer.Argument(help="A store folder (DIR/store, or DIR).")],
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL 1.1 Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), http://localhost:3030/DATASET/data (Fuseki).")],
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries of a transient failure (connection, 408, 429, 5xx).")] = 5,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for each answer.")] = 60.0,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
) -> None:
    """Send every article graph of a store to a remote SPARQL endpoint (HTTP PUT of each
    named graph: Fuseki, GraphDB, Virtuoso, Oxigraph server). Credentials, if needed, go
    in the URL (http://USER:PASSWORD@HOST/...)."""
    from kgbuild.cli.build import progress_bar
    from kgbuild.store import ArticleStore, EndpointError, StoreError, find_store, push as run_push

    p = find_store(store)
    if p is None:
        fail(f"{store}: no kgbuild store here")
    if progress is None:
        progress = sys.stderr.isatty()
    bar = advance = None
    try:
        if progress:
            with ArticleStore(p, read_only=True) as st:
                total = st.article_count()
            bar, advance = progress_bar(total, "graphs")
            bar.start()
        n = run_push(p, endpoint, on_progress=advance, retries=retries, timeout=timeout)
    except (StoreError, EndpointError, ValueError) as e:
        if bar:
            bar.stop()
        fail(str(e), code=1)
    if bar:
        bar.stop()
    typer.echo(f"pushed {n} graphs from {p} to {endpoint}")


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(push)
