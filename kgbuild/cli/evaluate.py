"""`kgbuild eval`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli._common import fail
from kgbuild.extract.combine import DEFAULT as NER_DEFAULT


def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSON Lines, ../shared/corpus/GOLD-FORMAT.md).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    per_article: Annotated[bool, typer.Option("--per-article", help="Add one row per article.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List false positives and negatives per article.")] = False,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Add the names the statistical NER model finds and the rules miss (README: 'Rules and the NER model'). Default off: it makes extraction about five times slower.")] = NER_DEFAULT,
) -> None:
    """Score kgbuild's extraction against gold annotations: P/R/F1 per list, argument accuracy."""
    import json

    import functools

    from kgbuild.evaluate import evaluate
    from kgbuild.pipeline import extract_article

    try:
        report = evaluate(gold, functools.partial(extract_article, ner=ner))
    except (FileNotFoundError, ValueError) as e:
        fail(str(e))
    if json_out:
        typer.echo(json.dumps(report.to_dict(per_article=per_article, errors=errors), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.format(per_article=per_article, errors=errors))



def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("eval")(eval_)
