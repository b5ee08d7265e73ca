"""Long articles: extraction time of one text made of the first N
SaudiNewsNet articles joined by blank lines, for growing N, beside the
time of the same articles extracted one by one. A ratio that grows with N
means some stage is superlinear in the length of one article (a fresh user
saw a 1.6 MB page take 56 s).

Input: ../shared/corpus/raw/saudinewsnet.jsonl.gz. Output: one line per N
(characters, seconds as one article, seconds one by one, ratio), CPU time
of this process. Usage::

    python benchmarks/bench_long.py                 # N = 50, 100, 200, 400
    python benchmarks/bench_long.py --sizes 100,400
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "raw" / "saudinewsnet.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50,100,200,400", help="comma-separated numbers of articles joined")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if not CORPUS.is_file():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    from kgbuild.model import Article
    from kgbuild.pipeline import extract_article

    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= max(sizes):
                break
            texts.append(json.loads(line)["text"])
    extract_article(Article(id="warm", text=texts[0], lang="ar"))
    for n in sizes:
        joined = "\n\n".join(texts[:n])
        c = time.process_time()
        extract_article(Article(id="long", text=joined, lang="ar"))
        one = time.process_time() - c
        c = time.process_time()
        for k, t in enumerate(texts[:n]):
            extract_article(Article(id=f"a{k}", text=t, lang="ar"))
        apart = time.process_time() - c
        print(f"{n:5} articles, {len(joined):>9,} characters: {one:7.1f} s as one article, "
              f"{apart:6.1f} s one by one, ratio {one / apart:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
