"""`kgbuild eval-ner`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli._common import fail


def eval_ner(
    file: Annotated[Path, typer.Argument(help="Gold NER file, CoNLL style: 'token [...] TAG' per line, "
                                              "blank line between sentences, IOB1 or IOB2 tags.")],
    lang: Annotated[str, typer.Option("--lang", help="Language of the model to score: ar or en.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    tag_col: Annotated[int, typer.Option("--tag-col", help="Column of the gold tag (default: the last).")] = -1,
) -> None:
    """Score the shipped NER model on a CoNLL file: P/R/F1 per type and micro-averaged.

    CoNLL exact-span rules: a predicted entity counts only with the gold
    boundaries and type. -DOCSTART- lines separate documents (the model's
    document features then stay inside one); a file without them is one
    document. Gold types PERS and PER are the same type.
    """
    import json
    import time

    from kgbuild import ner
    from kgbuild.ner import conll

    if lang not in ner.LANGUAGES:
        fail(f"no NER model for language {lang!r} (have: {', '.join(ner.LANGUAGES)})")
    try:
        sents = conll.read_conll(file, tag_col=tag_col)
    except FileNotFoundError:
        fail(f"file not found: {file}")
    except (IndexError, UnicodeDecodeError) as e:
        fail(f"cannot read {file} as a CoNLL file: {e}")
    if not sents:
        fail(f"no sentences in {file}")
    if not any(t != "O" for s in sents for t in s.tags):
        fail(f"{file}: no entity tags: a CoNLL file has one 'TOKEN ... TAG' line per token, "
             "tags O, B-TYPE, I-TYPE (or IOB1), blank lines between sentences")
    foreign = sorted({t[2:] for s in sents for t in s.tags if t != "O"} - set(conll.TYPES))
    if foreign:
        typer.echo(f"warning: {file}: entity types the model does not tag ({', '.join(foreign[:10])}"
                   f"{' …' if len(foreign) > 10 else ''}) count as missed; the model tags {', '.join(conll.TYPES)}",
                   err=True)
    try:
        model = ner.load(lang)
    except (ImportError, FileNotFoundError) as e:
        fail(str(e))
    t0 = time.perf_counter()
    pred: list[list[str]] = []
    docs: dict[int, list[int]] = {}
    for i, s in enumerate(sents):
        docs.setdefault(s.doc, []).append(i)
    out: list[list[str] | None] = [None] * len(sents)
    for idx in docs.values():
        for i, tags in zip(idx, model.tag_tokens([sents[i].tokens for i in idx])):
            out[i] = tags
    pred = [p or [] for p in out]
    dt = time.perf_counter() - t0
    scores = conll.score([s.tags for s in sents], pred)
    ntok = sum(len(s.tokens) for s in sents)
    if json_out:
        typer.echo(json.dumps({"file": str(file), "lang": lang, "sentences": len(sents), "tokens": ntok,
                               "seconds": round(dt, 2), "tokens_per_second": round(ntok / dt) if dt else None,
                               "scores": {t: s.to_dict() for t, s in scores.items()}}, indent=2))
    else:
        typer.echo(f"{file}: {len(sents)} sentences, {ntok} tokens, tagged in {dt:.1f} s "
                   f"({ntok / dt:,.0f} tokens/s)" if dt else "")
        typer.echo(conll.format_scores(scores))


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("eval-ner")(eval_ner)
