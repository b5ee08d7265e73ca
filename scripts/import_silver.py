"""Import silver annotations into the repository, without article text.

Annotators (following ../shared/corpus/ANNOTATION.md) write gold records
(GOLD-FORMAT 1.1) for SaudiNewsNet articles copied from
../shared/corpus/raw/saudinewsnet.jsonl.gz; their ``evidence`` fields are
excerpts of the articles. This script checks each record's evidence against
the raw corpus article with the same id, replaces it by its character
offsets (``evidence_span``: [begin, end)) and points ``file`` at the raw
corpus, so that silver/<lang>.jsonl keeps names and offsets but no text
(the corpus README: article texts stay out of the repository).

Usage::

    python scripts/import_silver.py /work/silver/ar_silver*.jsonl --out silver/ar.jsonl

An article that is a near-copy of an article of the evaluation sets
(another newspaper's reprint: more than 30 % of its 8-word shingles shared
with an article of ../shared/corpus/<lang>/train.jsonl or dev.jsonl, the
criterion the corpus used to keep the hidden set's reprints out of raw/)
is left out, with a line saying so: in training it would leak the held-out
article's answers into k-fold figures.

Exit status 1 (and nothing written) when an evidence string is not found
in its article or an article is missing from the corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = "raw/saudinewsnet.jsonl.gz"
#: Share of shingles above which an article is a near-copy of another.
NEAR_COPY = 0.3


def shingles(text: str, n: int = 8) -> set[str]:
    """The article's n-word shingles (words: runs of letters and digits)."""
    w = re.findall(r"\w+", text)
    return {" ".join(w[i:i + n]) for i in range(max(0, len(w) - n + 1))}


def near_copy(sh: set[str], others: dict[str, set[str]]) -> str | None:
    """The id of an article ``sh`` shares more than NEAR_COPY of the
    smaller one's shingles with, or None."""
    for oid, o in sorted(others.items()):
        if sh and o and len(sh & o) / min(len(sh), len(o)) > NEAR_COPY:
            return oid
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path, help="annotator output files (GOLD-FORMAT 1.1)")
    ap.add_argument("--out", type=Path, required=True, help="the repository's silver file to write")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    recs = []
    for f in args.files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                recs.append((f"{f}:{n}", json.loads(line)))
    want = {r["id"] for _w, r in recs}
    texts = {}
    with gzip.open(args.corpus / RAW, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] in want:
                texts[d["id"]] = d["text"]
    evaluated: dict[str, set[str]] = {}
    for lang_dir in sorted({r.get("lang", "ar") for _w, r in recs}):
        for name in ("train.jsonl", "dev.jsonl"):
            path = args.corpus / lang_dir / name
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        d = json.loads(line)
                        evaluated[d["id"]] = shingles(d["text"])
    problems, out, seen = [], [], set()
    for where, r in recs:
        if r["id"] in seen:
            problems.append(f"{where}: id {r['id']} repeated")
            continue
        seen.add(r["id"])
        text = texts.get(r["id"])
        if text is None:
            problems.append(f"{where}: article {r['id']} not in {args.corpus / RAW}")
            continue
        copy_of = near_copy(shingles(text), evaluated)
        if copy_of is not None:
            print(f"{where}: {r['id']} left out: a near-copy of evaluated article {copy_of}")
            continue
        r = dict(r, file=RAW)
        for lst in ("memberships", "events"):
            items = []
            for item in r.get(lst, []):
                item = dict(item)
                ev = item.pop("evidence", None)
                if ev:
                    b = text.find(ev)
                    if b < 0:
                        problems.append(f"{where}: {lst} evidence not found in the article: {ev[:40]!r}")
                        continue
                    item["evidence_span"] = [b, b + len(ev)]
                items.append(item)
            r[lst] = items
        out.append(r)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    out.sort(key=lambda r: r["id"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in out),
                        encoding="utf-8")
    print(f"{len(out)} records → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
