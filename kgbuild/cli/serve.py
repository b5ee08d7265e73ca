"""`kgbuild serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli._common import fail


def serve(
    store: Annotated[Path, typer.Argument(help="A store folder (DIR/store, or the build folder DIR).")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    query_timeout: Annotated[float, typer.Option(
        "--query-timeout", min=0.1, help="Seconds a SPARQL query (or one page's queries) may run before it is stopped.")] = 30.0,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, max=32, help="Query processes (each holds a read-only handle on the store).")] = 2,
    root_path: Annotated[str, typer.Option(
        "--root-path", help="URL prefix the server is mounted under behind a reverse proxy (e.g. /kg).")] = "",
) -> None:
    """Serve a store read-only in the browser: search in any spelling,
    entity, events and article pages, and a SPARQL 1.1 endpoint at /sparql.

    Pages load nothing from the network. Stops with Ctrl-C."""
    from kgbuild.serve.app import check_store, listen
    from kgbuild.serve.app import serve as run
    from kgbuild.store import StoreError

    if root_path and (not root_path.startswith("/") or root_path.endswith("/")):
        fail(f"bad --root-path {root_path!r}: give a path such as /kg (a leading /, no trailing /)")
    try:
        p = check_store(store)
    except StoreError as e:
        fail(str(e))
    try:
        sock = listen(host, port)
    except OSError as e:
        fail(str(e))
    sock.close()  # free again for the server, which binds it at once
    typer.echo(f"serving {p} on http://{host if ':' not in host else f'[{host}]'}:{port}{root_path}/ "
               f"(SPARQL: /sparql; queries stop after {query_timeout:g} s; Ctrl-C stops)", err=True)
    try:
        run(p, host=host, port=port, query_timeout=query_timeout, workers=workers, root_path=root_path)
    except OSError as e:
        fail(str(e))


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(serve)
