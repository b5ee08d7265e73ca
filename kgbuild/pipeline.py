"""The main job: articles → extractions → resolution → RDF files and HTML.

A plain function per job, called by the CLI (:mod:`kgbuild.cli`) and by
tests. One bad article never stops a batch: its error is recorded and the
others go on.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kgbuild.extract import extract
from kgbuild.ingest import IngestError, read_articles
from kgbuild.model import Article, Extraction
from kgbuild.rdf import serialize, to_dataset
from kgbuild.resolve import resolve


@dataclass
class BuildReport:
    """What a build did: counts for the summary, the failures, the outputs."""

    articles: int = 0
    entities: Counter = field(default_factory=Counter)
    memberships: int = 0
    events: Counter = field(default_factory=Counter)
    errors: list[IngestError] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the terminal."""
        ents = ", ".join(f"{k}: {v}" for k, v in sorted(self.entities.items())) or "none"
        evs = ", ".join(f"{k}: {v}" for k, v in sorted(self.events.items())) or "none"
        lines = [
            f"articles: {self.articles}",
            f"entities: {sum(self.entities.values())} ({ents})",
            f"memberships: {self.memberships}",
            f"events: {sum(self.events.values())} ({evs})",
        ]
        if self.errors:
            lines.append(f"failed: {len(self.errors)}")
            lines += [f"  {e}" for e in self.errors]
        return "\n".join(lines)


def extract_all(paths: Iterable[str | Path], errors: list[IngestError] | None = None) -> list[Extraction]:
    """Read and extract every article under ``paths``. Unreadable inputs and
    articles whose extraction fails are appended to ``errors`` (when given)
    and skipped."""
    out = []
    for item in read_articles(paths):
        if isinstance(item, IngestError):
            if errors is not None:
                errors.append(item)
            continue
        try:
            out.append(extract_article(item))
        except Exception as e:  # one bad article never stops a batch
            if errors is not None:
                errors.append(IngestError(item.origin or item.id, f"extraction failed: {type(e).__name__}: {e}"))
    return out


def extract_article(article: Article) -> Extraction:
    """Extract one article with its language's default extractor."""
    return extract(article)


def build_dataset(extractions: list[Extraction]) -> Dataset:
    """Resolve identities across the extractions and map them to RDF."""
    res = resolve(extractions)
    return to_dataset(extractions, res.iris)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file in the
    same folder and a rename, so an interrupted write never leaves a half
    file and the previous file survives."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(paths: Iterable[str | Path], out_dir: str | Path) -> BuildReport:
    """Build ``out_dir/graph.ttl`` (all articles merged), ``graph.trig`` (one
    named graph per article) and ``graph.html`` (the actor graph) from the
    articles under ``paths``. Returns a :class:`BuildReport`."""
    from kgbuild.graph import render_html

    out = Path(out_dir)
    report = BuildReport()
    xs = extract_all(paths, report.errors)
    report.articles = len(xs)
    for x in xs:
        report.entities.update(e.type for e in x.entities.values() if e.mentions)
        report.memberships += len(x.memberships)
        report.events.update(e.type for e in x.events)
    ds = build_dataset(xs)
    for name, text in (("graph.ttl", serialize(ds, "turtle")), ("graph.trig", serialize(ds, "trig"))):
        write_atomic(out / name, text)
        report.outputs.append(out / name)
    write_atomic(out / "graph.html", render_html(ds))
    report.outputs.append(out / "graph.html")
    return report
