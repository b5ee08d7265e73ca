"""Extraction speed with and without the NER model (issue 8's combination).

Input: the first N articles of ../shared/corpus/raw/saudinewsnet.jsonl.gz
(default 500). Measures, in this process, warm (lexicons, gazetteer and
models loaded first), each configuration ``--runs`` times alternating so load
changes from other work hit both alike, and keeps the best run:

* ``rules``: :func:`kgbuild.pipeline.extract_article` (``ner=False``);
* ``rules+ner``: the same with ``ner=True`` (rules, :func:`kgbuild.ner.tag`,
  :func:`kgbuild.extract.combine.combine`);
* ``ner.tag`` and ``combine`` alone, to see where the added time goes.

Reported per configuration: articles per CPU second (``time.process_time``:
the per-core figure, which holds on a busy machine) and per wall second.
Exits 1 when ``rules+ner`` misses issue 7's 200 articles per CPU second
(as the rules alone do today).

    nice -n 10 python benchmarks/bench_combine.py            # 500 articles, 2 runs
    nice -n 10 python benchmarks/bench_combine.py -n 200 --runs 1 --json
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "raw" / "saudinewsnet.jsonl.gz"
TARGET = 200.0  # articles per CPU second (issue 7)


def load_articles(path: Path, n: int) -> list:
    """The first ``n`` articles of a (gzipped) JSON Lines file, as Articles."""
    import datetime as dt

    from kgbuild.ingest import article_from_text

    out = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, n):
            r = json.loads(line)
            pub = dt.date.fromisoformat(r["published"][:10]) if r.get("published") else None
            out.append(article_from_text(r["text"], r["id"], r["id"], lang=r.get("lang"), source=r.get("source"),
                                         url=r.get("url"), title=r.get("title"), published=pub))
    return out


def _time(f, arts) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    for a in arts:
        f(a)
    return time.perf_counter() - t, time.process_time() - c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=500, help="articles (default 500)")
    ap.add_argument("--runs", type=int, default=2, help="runs per configuration; the best is kept")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from kgbuild import ner
    from kgbuild.extract.combine import combine
    from kgbuild.pipeline import extract, extract_article

    arts = load_articles(args.corpus, args.n)
    chars = sum(len(a.text) for a in arts)
    extract_article(arts[0], ner=True)  # warm everything
    spans = {a.id: ner.tag(a.text, a.lang) for a in arts}
    configs = {
        "rules": lambda a: extract_article(a, ner=False),
        "rules+ner": lambda a: extract_article(a, ner=True),
        "ner.tag": lambda a: ner.tag(a.text, a.lang),
    }
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.runs):
        for name, f in configs.items():
            wall, cpu = _time(f, arts)
            if name not in best or cpu < best[name][1]:
                best[name] = (wall, cpu)
    # combine alone: on fresh rule extractions (not timed), the model's spans given
    xs = {a.id: extract(a) for a in arts}
    t, c = time.perf_counter(), time.process_time()
    for a in arts:
        combine(xs[a.id], spans[a.id])
    best["combine"] = (time.perf_counter() - t, time.process_time() - c)

    out = {"articles": len(arts), "mean_chars": round(chars / len(arts)), "target_per_cpu_s": TARGET,
           "configs": {k: {"per_cpu_s": round(len(arts) / cpu, 1), "per_s": round(len(arts) / wall, 1),
                           "ms_per_article_cpu": round(1000 * cpu / len(arts), 2)}
                       for k, (wall, cpu) in best.items()}}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{out['articles']} SaudiNewsNet articles, {out['mean_chars']} characters on average")
        for k, v in out["configs"].items():
            print(f"{k:<10} {v['per_cpu_s']:>7} articles per CPU second  {v['per_s']:>7}/s wall  "
                  f"{v['ms_per_article_cpu']:>7} ms CPU per article")
    return 0 if out["configs"]["rules+ner"]["per_cpu_s"] >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
