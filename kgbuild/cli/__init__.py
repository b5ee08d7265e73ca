"""kgbuild's command line: a thin typer app over plain functions, one module
per command (after typer's docs_src one-file-per-command apps).

Exit status: 0 when all went well, 1 when some articles failed (the others
were processed), 2 for a usage error (typer's own, or a bad argument).
To add a command: a module here defining ``register(app)``, listed in
``COMMANDS``.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Arabic and English news articles into an event knowledge graph (RDF).")

#: Command modules, in --help order.
COMMANDS = ["build", "extract", "render", "query", "evaluate", "validate", "export", "stats", "push", "serve", "eval_ner"]

for _name in COMMANDS:
    importlib.import_module(f"kgbuild.cli.{_name}").register(app)


def main() -> None:  # pragma: no cover
    """Entry point for ``python -m kgbuild``."""
    app()
