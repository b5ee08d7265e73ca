"""`kgbuild eval`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgbuild.cli._common import fail
from kgbuild.extract.combine import DEFAULT as NER_DEFAULT

_CORPUS = Path("../shared/corpus")


def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold annotations (JSON Lines, ../shared/corpus/GOLD-FORMAT.md); several files are scored together (an id seen twice counts once).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    per_article: Annotated[bool, typer.Option("--per-article", help="Add one row per article.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List false positives and negatives per article.")] = False,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Add the names the statistical NER model finds and the rules miss (README: 'Rules and the NER model'). Default off: it makes extraction about five times slower.")] = NER_DEFAULT,
    folds: Annotated[int, typer.Option("--folds", min=0, help="K-fold by article: train the learned parts on K-1 folds, score the held-out fold, for each fold; prints the rules alone and rules + models side by side on the same folds. 0: score the shipped models.")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 15,
    ids: Annotated[Path | None, typer.Option("--ids", help="Score only the articles whose ids this file lists (one per line, # comments), e.g. configs/blind.txt.")] = None,
    skip_ids: Annotated[Path | None, typer.Option("--skip-ids", help="Leave out the articles whose ids this file lists.")] = None,
    silver: Annotated[list[Path] | None, typer.Option("--silver", help="With --folds: silver annotations (silver/*.jsonl) added to every fold's training part, never scored.")] = None,
    names_corpus: Annotated[list[Path] | None, typer.Option("--names-corpus", help="With --folds: a public NER corpus (CoNLL token TAG lines, e.g. ../shared/corpus/ner/anercorp/ANERCorp_train_derived_first125305lines.txt) added to every fold's names CRF training, as configs/training.json's names_extra.")] = None,
    corpus: Annotated[Path, typer.Option("--corpus", help="The corpus folder silver files point into.")] = _CORPUS,
    candidates: Annotated[bool, typer.Option("--candidates", help="Also print candidate recall: the share of gold memberships and events that some candidate covers (a miss there is a missing candidate, not a wrong decision), and of gold names the rules propose.")] = False,
    rules: Annotated[bool, typer.Option("--rules", help="Score the rule extractors alone (no learned model).")] = False,
) -> None:
    """Score kgbuild's extraction against gold annotations: P/R/F1 per list, argument accuracy.

    Held-out figures: `--folds 5` (train and score on folds by article) and `--ids configs/blind.txt` (the
    articles the shipped models never saw)."""
    import functools
    import json

    from kgbuild import learn
    from kgbuild.evaluate import Report, score_article

    for p in [*gold, *(x for x in (ids, skip_ids) if x is not None), *(silver or []), *(names_corpus or [])]:
        if not p.is_file():
            fail(f"{p}: no such file")
    try:
        wanted = learn.read_ids(ids) if ids else None
        examples = learn.load_examples(gold, skip_ids=learn.read_ids(skip_ids) if skip_ids else frozenset(),
                                       only_ids=wanted)
        sil = [e for p in (silver or []) for e in learn.load_silver(p, corpus)]
    except (FileNotFoundError, ValueError, OSError) as e:
        fail(str(e))
    if not examples:
        fail("no gold article to score" + (" (none of the --ids is in the gold files)" if ids else
                                           f" ({', '.join(str(g) for g in gold)}: the gold files hold no record)" if not skip_ids else
                                           " (--skip-ids leaves none)"))
    if wanted:
        missing = sorted(wanted - {e.id for e in examples})
        if missing and not json_out:  # e.g. configs/blind.txt lists both languages' articles
            typer.echo(f"note: {len(missing)} of the {len(wanted)} ids of {ids} are not in these gold files "
                       f"({', '.join(missing[:3])}{' …' if len(missing) > 3 else ''})", err=True)
    langs = sorted({e.article.lang for e in examples})
    if names_corpus and not folds:
        fail("--names-corpus trains the names model of each fold: give --folds K too")
    for p in names_corpus or []:
        try:
            learn.ner_data(p, langs[0])  # read once here (cached): a bad file fails before any fold
        except ValueError as e:
            fail(str(e))
    label = ", ".join(str(g) for g in gold)
    if folds:
        if folds < 2 or folds > len(examples):
            fail(f"--folds must be between 2 and the number of articles ({len(examples)})")
        if len(langs) > 1:
            fail(f"--folds needs gold of one language (got {', '.join(langs)}): run it once per language")
        progress = (lambda s: typer.echo(s, err=True))
        fr = learn.kfold(examples, folds, seed, silver=[e for e in sil if e.article.lang == langs[0]],
                         names_extra=names_corpus or [], progress=progress)
        fr.rules.gold_path = fr.models.gold_path = label
        if json_out:
            out = {"folds": folds, "seed": seed, "rules": fr.rules.to_dict(per_article, errors),
                   "rules_models": fr.models.to_dict(per_article, errors),
                   "candidate_recall": {k: {"covered": a, "total": b} for k, (a, b) in sorted(fr.cover.items())}}
            typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        typer.echo(side_by_side(fr.rules, fr.models, f"{label}: {folds}-fold by article (seed {seed}), "
                                f"{len(examples)} articles" + (f", + {len(sil)} silver in training" if sil else "")
                                + (f", + {len(names_corpus)} NER corpus file(s) in the names CRF" if names_corpus else "")))
        if len({e.source for e in examples}) > 1:
            typer.echo("\n" + by_source(fr.rules, fr.models, {e.id: e.source for e in examples}))
        if candidates:
            typer.echo("\n" + format_cover(fr.cover))
        if errors or per_article:
            typer.echo("\nrules + models, held-out folds:\n" + fr.models.format(per_article, errors))
        return
    from kgbuild.pipeline import extract_article

    if rules:
        from kgbuild.extract import DEFAULT_RULES, get_extractor

        def extract(article):
            return get_extractor(DEFAULT_RULES[article.lang]).extract(article)
    else:
        extract = functools.partial(extract_article, ner=ner)
    if not rules:
        note = in_sample_note(examples)
        if note and not json_out:
            typer.echo(note, err=True)
    report = Report(gold_path=label)
    for ex in examples:
        failure = None
        try:
            x = extract(ex.article)
        except Exception as e:  # one bad article never stops the evaluation
            from kgbuild.model import Extraction

            failure, x = f"{type(e).__name__}: {e}", Extraction(article=ex.article)
        s = score_article(ex.record, x)
        s.failure = failure
        report.articles.append(s)
    if json_out:
        out = report.to_dict(per_article=per_article, errors=errors)
        if candidates:
            out["candidate_recall"] = {k: {"covered": a, "total": b} for k, (a, b) in
                                       sorted(learn.candidate_recall(examples).items())}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    typer.echo(report.format(per_article=per_article, errors=errors))
    if candidates:
        typer.echo("\n" + format_cover(learn.candidate_recall(examples)))


def side_by_side(a, b, title: str) -> str:
    """Two reports' P/R/F1 per list next to each other (rules alone | rules
    + models), then their argument accuracy."""
    from kgbuild.evaluate import ARGS, LISTS

    ca, cb = a.counts, b.counts
    lines = [title, "", f"{'':16}{'rules alone':^22}   {'rules + models':^22}",
             f"{'list':16}{'P':>7}{'R':>7}{'F1':>8}   {'P':>7}{'R':>7}{'F1':>8}", "-" * 63]
    for name in (*LISTS, "micro"):
        x, y = ca[name], cb[name]
        lines.append(f"{name:16}{x.precision:7.3f}{x.recall:7.3f}{x.f1:8.3f}   "
                     f"{y.precision:7.3f}{y.recall:7.3f}{y.f1:8.3f}")
    lines += ["", f"{'argument accuracy':16}{'rules':>22}   {'rules + models':>22}"]
    xa, ya = a.args, b.args
    for arg in (*ARGS, "all"):
        lines.append(f"{arg:16}{xa.accuracy(arg):>14.3f} ({xa.total(arg):>4})   {ya.accuracy(arg):>14.3f} ({ya.total(arg):>4})")
    lines += ["(all: place, date and status pooled; participants apart: an event matches on two of them)", "",
              f"{'participants':16}{'P':>7}{'R':>7}{'F1':>8}   {'P':>7}{'R':>7}{'F1':>8}",
              f"{'of matched events':16}{xa.parts_precision:7.3f}{xa.parts_recall:7.3f}{xa.parts_f1:8.3f}   "
              f"{ya.parts_precision:7.3f}{ya.parts_recall:7.3f}{ya.parts_f1:8.3f}"]
    return "\n".join(lines)


def in_sample_note(examples) -> str | None:
    """A warning when the shipped models were trained on some of the
    articles scored (``trained_ids`` of kgbuild/models/<lang>/meta.json,
    written by scripts/train_models.py): their figures are in-sample. None
    when no scored article was in training."""
    from kgbuild.extract.models import shipped

    trained = {lang: set(shipped(lang).meta.get("trained_ids", ())) for lang in {e.article.lang for e in examples}}
    seen = [e for e in examples if e.id in trained[e.article.lang]]
    if not seen:
        return None
    return (f"note: the shipped models were trained on {len(seen)} of these {len(examples)} articles, so these "
            "figures are in-sample, not evidence of how kgbuild does on new articles; for held-out figures use "
            "--folds 5 (trains on the other folds) or --ids configs/blind.txt (articles never trained on)")


def by_source(a, b, source_of: dict[str, str]) -> str:
    """F1 per list of each gold file apart, rules alone | rules + models, on
    the same held-out folds. The rules were written against the seed and
    the dev sets, so their figures there are in-sample even in a fold; a
    gold file the rules never saw (train_gold.jsonl) is the fair comparison.
    Input: the two reports and ``{article id: gold file}``."""
    from kgbuild.evaluate import LISTS, Report

    lines = ["F1 per gold file (rules alone | rules + models; the rules were written against the seed and dev sets)",
             f"{'gold file':34}{'articles':>9}  " + "  ".join(f"{n:>13}" for n in LISTS)]
    for src in sorted(set(source_of.values())):
        ra, rb = Report(gold_path=src), Report(gold_path=src)
        ra.articles = [s for s in a.articles if source_of.get(s.id) == src]
        rb.articles = [s for s in b.articles if source_of.get(s.id) == src]
        ca, cb = ra.counts, rb.counts
        cells = "  ".join(f"{ca[n].f1:.3f} | {cb[n].f1:.3f}" for n in LISTS)
        lines.append(f"{src[-34:]:34}{len(ra.articles):>9}  {cells}")
    return "\n".join(lines)


def format_cover(cover: dict[str, tuple[int, int]]) -> str:
    """Candidate recall per list: covered / total gold items."""
    lines = ["candidate recall (gold items some candidate covers)", f"{'list':24}{'recall':>8}{'covered':>9}{'gold':>7}"]
    for k, (n, t) in sorted(cover.items()):
        lines.append(f"{k:24}{(n / t if t else 0):8.3f}{n:9}{t:7}")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command("eval")(eval_)
