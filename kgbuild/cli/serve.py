"""`kgbuild serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli._common import fail


def serve(
    store: Annotated[Path, typer.Argument(help="A store folder (DIR/store, or the build folder DIR).")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only; the server has no "
                                                    "authentication, so keep it there behind a proxy).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port (0: a free one, printed).")] = 8000,
    query_timeout: Annotated[float, typer.Option(
        "--query-timeout", min=0.1, help="Seconds a SPARQL query (or one page's queries) may run before it is stopped.")] = 30.0,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, max=32, help="Query processes (each holds a read-only handle on the store); "
        "SPARQL queries may take all but one, which stays free for the pages.")] = 2,
    root_path: Annotated[str, typer.Option(
        "--root-path", help="URL prefix of the pages (e.g. /kg), for a reverse proxy: they answer with and without "
                            "it, so the proxy may strip it or pass it on.")] = "",
) -> None:
    """Serve a store read-only in the browser: search in any spelling,
    entity, events and article pages, and a SPARQL 1.1 endpoint at /sparql.

    Pages load nothing from the network. Stops with Ctrl-C."""
    from kgbuild.serve.app import check_store, is_loopback, listen
    from kgbuild.serve.app import serve as run
    from kgbuild.store import StoreError

    if root_path and (not root_path.startswith("/") or root_path.endswith("/")):
        fail(f"bad --root-path {root_path!r}: give a path such as /kg (a leading /, no trailing /)")
    try:
        p = check_store(store)
    except StoreError as e:
        fail(str(e))
    try:
        sock = listen(host, port)  # bound once, and kept: --port 0 gets its real port here
    except OSError as e:
        fail(str(e))
    bound = sock.getsockname()[1]
    shown = host if ":" not in host else f"[{host}]"
    typer.echo(f"serving {p} on http://{shown}:{bound}{root_path}/ (SPARQL: {root_path}/sparql; queries stop after "
               f"{query_timeout:g} s; Ctrl-C stops)", err=True)
    if root_path:
        typer.echo(f"  pages under {root_path}/, also reached through a reverse proxy that strips {root_path} "
                   f"or passes it on", err=True)
    if not is_loopback(sock):
        typer.echo(f"warning: listening on {host}, not on 127.0.0.1 only: kgbuild serve has no authentication, so "
                   "anyone who can reach this port can read the whole store and run SPARQL queries on it. Keep it "
                   "on 127.0.0.1 behind a reverse proxy that asks for passwords (README: Behind a reverse proxy).",
                   err=True)
    try:
        run(p, host=host, port=bound, query_timeout=query_timeout, workers=workers, root_path=root_path, sock=sock)
    except OSError as e:
        fail(str(e))


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(serve)
