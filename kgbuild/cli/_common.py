"""Helpers shared by the command modules."""

from __future__ import annotations

import typer


def fail(msg: str, code: int = 2) -> None:
    """Print ``error: msg`` to stderr and exit with ``code`` (2: usage error)."""
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)
