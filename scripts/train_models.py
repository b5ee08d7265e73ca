"""Train the shipped extraction models: per language, the names CRF and the
deciders (kgbuild/models/<lang>/), from the gold of ../shared/corpus and the
repository's silver (configs/training.json). The names CRF reads the word
clusters of kgbuild/models/<lang>/word_clusters.tsv when it ships (Arabic:
run scripts/train_word_clusters.py first when the raw corpus changes).

Usage::

    python scripts/train_models.py                        # ar and en, without the blind part
    python scripts/train_models.py --lang ar --report     # also 5-fold figures into meta.json

Deterministic: the same data gives the same files, byte for byte (fixed
seeds, sorted features, weights rounded to 5 decimals; CRFsuite's L-BFGS is
deterministic). Needs scikit-learn and python-crfsuite (pip install -e
'.[train]'). meta.json records the data files and their SHA-256, the number
of articles, the seeds and parameters, the library versions and, with
--report, the k-fold figures (rules alone and rules + models).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    from importlib.metadata import version

    from kgbuild import learn

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", nargs="+", default=["ar", "en"])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--config", type=Path, default=ROOT / "configs" / "training.json")
    ap.add_argument("--out", type=Path, default=ROOT / "kgbuild" / "models")
    ap.add_argument("--include-blind", action="store_true", help="train on the blind part too")
    ap.add_argument("--no-silver", action="store_true", help="gold only")
    ap.add_argument("--report", action="store_true", help="run 5-fold evaluation and record it in meta.json")
    args = ap.parse_args(argv)
    if not (args.corpus / "README.md").is_file():
        print(f"corpus not found: {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    for lang in args.lang:
        data = learn.training_data(lang, args.corpus, args.config, ROOT, include_blind=args.include_blind,
                                   silver=not args.no_silver)
        meta = {
            "lang": lang,
            "trained_by": "scripts/train_models.py",
            "data": [{"file": _rel(p, args.corpus), "sha256": learn.file_sha256(p)} for p in data.files],
            "articles": {"gold": len(data.gold), "silver": len(data.silver)},
            "blind_part_included": args.include_blind,
            # kgbuild eval warns when it scores these shipped models on articles they were trained on
            "trained_ids": sorted({e.id for e in data.gold + data.silver}),
            "seed": learn.SEED,
            "names_crf": learn.NAMES_PARAMS,
            "deciders_C": learn.C,
            "libraries": {"scikit-learn": version("scikit-learn"), "python-crfsuite": version("python-crfsuite")},
        }
        clusters = ROOT / "kgbuild" / "models" / lang / "word_clusters.tsv"
        if clusters.is_file():
            # the names CRF's word-cluster features (scripts/train_word_clusters.py)
            meta["word_clusters"] = {"file": _rel(clusters, args.corpus), "sha256": learn.file_sha256(clusters)}
        if args.report:
            fr = learn.kfold(data.gold, 5, silver=data.silver, names_extra=data.names_extra,
                             progress=lambda s: print(s, file=sys.stderr))
            meta["kfold"] = {"k": 5, "rules": _totals(fr.rules), "rules_models": _totals(fr.models),
                             "candidate_recall": {k: [a, b] for k, (a, b) in sorted(fr.cover.items())}}
        models = learn.train_models(data, args.out / lang, meta=meta)
        print(f"{lang}: {len(data.gold)} gold + {len(data.silver)} silver articles → {args.out / lang} "
              f"({', '.join(sorted(models.models))}, names)")
    return 0


def _rel(p: Path, corpus: Path) -> str:
    try:
        return "corpus/" + str(p.resolve().relative_to(corpus.resolve()))
    except ValueError:
        return str(p.resolve().relative_to(ROOT))


def _totals(rep) -> dict:
    d = rep.to_dict(per_article=False)
    return {"articles": d["articles"], "lists": d["lists"], "arguments": d["arguments"]}


if __name__ == "__main__":
    sys.exit(main())
