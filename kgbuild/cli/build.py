"""`kgbuild build`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail
from kgbuild.extract.combine import DEFAULT as NER_DEFAULT


def progress_bar(total: int | None, what: str = "articles"):
    """A rich progress bar on stderr (count, rate per second, elapsed and
    remaining time). Returns the ``Progress`` (a context manager) and an
    ``advance(n)`` callable."""
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    class Rate(TextColumn):
        def render(self, task):
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} {what}/s" if speed else f"- {what}/s")

    prog = Progress(TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                    Rate(""), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=False, speed_estimate_period=10.0)
    task = prog.add_task(what, total=total)
    return prog, lambda n=1: prog.advance(task, n)


def check_inputs(paths: list[Path]) -> None:
    """Exit with status 2 (a usage error) naming the input paths when none
    of them exists, or when they hold no article file (an empty folder),
    before anything is built; say on stderr how many files of a folder are
    left out as no articles (their suffixes). When some exist, the missing
    ones are failures like a bad article ("no such file or folder", exit
    status 1 at the end): the others are built."""
    from kgbuild.ingest import GZIP_JSONL, SUFFIXES, iter_paths, skipped_files

    missing = [str(p) for p in paths if not p.exists()]
    if not missing and next(iter_paths(paths), None) is None:
        fail(f"no article files ({', '.join(sorted((*SUFFIXES, GZIP_JSONL)))}) in {', '.join(map(str, paths))}")
    for folder, n, suffixes in skipped_files(paths):
        print(f"note: {folder}: {n} file{'s' if n != 1 else ''} left out, not articles ({', '.join(suffixes)})",
              file=sys.stderr)
    if missing and len(missing) == len(paths):
        broken = [m for m in missing if Path(m).is_symlink()]
        what = "a broken symbolic link" if broken else "no such file or folder"
        fail(f"{what}: {', '.join(missing)}" if len(missing) == 1 or not broken else
             f"no such file or folder (or a broken symbolic link): {', '.join(missing)}")


def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .html, .jsonl) or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    store: Annotated[Optional[Path], typer.Option("--store", help="Store folder (default: OUT/store).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes (or Dask workers of a local cluster).")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local, or dask (needs kgbuild\\[dask]).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster.")] = None,
    endpoint: Annotated[Optional[str], typer.Option("--endpoint", help="Send each article's graph to this SPARQL 1.1 Graph Store Protocol URL instead of the local store.")] = None,
    files: Annotated[bool, typer.Option("--files/--no-files", help="Also write graph.ttl, graph.trig and graph.html of the whole store (skip them for big stores).")] = True,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first input that fails (articles built before it are kept; no graph file is written).")] = False,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Write the failures to this file as JSON Lines (file, line, reason).", dir_okay=False)] = None,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Add the names the statistical NER model finds and the rules miss (README: 'Rules and the NER model'). Default off: it makes extraction about five times slower.")] = NER_DEFAULT,
) -> None:
    """Build articles into the store OUT/store (one named graph per article; building an
    article again replaces it), write OUT/graph.ttl, graph.trig and graph.html, and print a
    summary. Input is streamed: JSON Lines of any size run in flat memory.

    A bad input (binary, empty, too large, malformed JSON line, unsupported
    language...) is reported in one line naming the file (and line) and the
    reason, and the others go on (a path that does not exist too). Exit status: 0 all
    built, 1 some inputs failed, 2 usage error (a bad option, no input path exists), 130 interrupted (Ctrl-C: the
    articles built so far stay in the store, and a re-run finishes)."""
    from kgbuild.pipeline import BATCH_ARTICLES, ENGINES, build as run_build, count_inputs, write_errors
    from kgbuild.store import EndpointError, StoreError

    if engine not in ENGINES:
        fail(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
    if scheduler and engine != "dask":
        fail("--scheduler goes with --engine dask")
    check_inputs(paths)
    if progress is None:
        progress = sys.stderr.isatty()
    bar, advance = None, None
    if progress:
        bar, advance = progress_bar(count_inputs(paths))
        bar.start()
    try:
        report = run_build(paths, out, store=store, workers=workers, engine=engine, scheduler=scheduler,
                           endpoint=endpoint, files=files and not endpoint, on_progress=advance, strict=strict,
                           ner=ner)
    except (StoreError, EndpointError, RuntimeError, ValueError) as e:
        if bar:
            bar.stop()
        fail(str(e), code=1)
    except OSError as e:  # an output folder that cannot be written, a Dask scheduler that does not answer
        if bar:
            bar.stop()
        fail(f"{e.filename}: {e.strerror}" if e.filename else f"{type(e).__name__}: {e}", code=1)
    except KeyboardInterrupt:
        if bar:
            bar.stop()
        where = endpoint or (store or out / "store")
        fail(f"interrupted: the store {where} keeps every batch written before (articles are written "
             f"{BATCH_ARTICLES} at a time: the batch in progress was not); graph files in {out} were not "
             "rewritten. Run the same command again to finish.", code=130)
    if bar:
        bar.stop()
    typer.echo(report.summary())
    for p in report.outputs:
        typer.echo(f"wrote {p}")
    if errors is not None:
        typer.echo(f"wrote {write_errors(report.errors, errors)} ({len(report.errors)} failures)")
    if report.errors:
        raise typer.Exit(report.exit_status)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(build)
