"""Learn Arabic word clusters from raw news text, for the names CRF.

Usage::

    python scripts/train_word_clusters.py            # writes kgbuild/models/ar/word_clusters.tsv
    python scripts/train_word_clusters.py --out /tmp/clusters.tsv

Why: a CRF trained on a few hundred articles knows the words it saw; a word
cluster tells it that an unseen word is used like words it saw (names of
persons, of places, nationality adjectives, verbs of saying), the classic
remedy for sparse NER training data (Miller, Guinness and Zamanian 2004,
"Name tagging with word clusters and discriminative training"; Turian,
Ratinov and Bengio 2010, "Word representations").

Input: ``--corpus``/raw/saudinewsnet.jsonl.gz (30,067 SaudiNewsNet
articles, 2015; ../shared/corpus/raw/SOURCE.md), without the articles of
the gold sets (``ar/train.jsonl`` comes from that file; the hidden test
set was taken out of it by the corpus makers), so that held-out figures
stay held out. Text is tokenised by :func:`kgbuild.text.tokenize` and each
word reduced to :func:`kgbuild.extract.doc.stem`, as the CRF's features do.

Method (all scikit-learn/SciPy, one thread, fixed seeds): the VOCAB most
frequent stems seen at least MIN_COUNT times are the words; the CONTEXTS
most frequent tokens (punctuation included) at positions -2, -1, +1, +2 are
the contexts; co-occurrence counts → positive PMI with context smoothing
0.75 (Levy, Goldberg and Dagan 2015) → truncated SVD to DIMS dimensions →
rows scaled to unit length → k-means into FINE clusters and, over the
same vectors, COARSE clusters.

Output: a TSV with a ``#`` header (what, source, parameters), then one row
per word: ``word``, ``coarse`` and ``fine`` cluster numbers, rows sorted by
word. Read by :func:`kgbuild.extract.models.word_clusters`. Deterministic:
the same corpus gives the same file, byte for byte (single-threaded BLAS
and OpenMP through threadpoolctl; seeds fixed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MIN_COUNT = 20
VOCAB = 40000
CONTEXTS = 4000
DIMS = 100
FINE = 300
COARSE = 40
SEED = 15


def read_corpus(corpus: Path) -> list[list[str]]:
    """The stems of every raw article but those of the gold sets: a list of
    token lists (punctuation kept as itself, words as stems)."""
    from kgbuild.extract.doc import stem
    from kgbuild.text import tokenize

    skip = set()
    for name in ("ar/train.jsonl", "ar/dev.jsonl"):
        p = corpus / name
        if p.is_file():
            skip.update(json.loads(line)["id"] for line in p.open(encoding="utf-8") if line.strip())
    out = []
    with gzip.open(corpus / "raw" / "saudinewsnet.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in skip:
                continue
            out.append([stem(t.norm, "ar") if t.is_word else t.norm for t in tokenize(r["text"])])
    return out


def vectors(docs: list[list[str]]):
    """(words, unit-length SVD vectors of their PPMI rows)."""
    import numpy as np
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD

    freq = Counter(w for d in docs for w in d)
    ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
    words = sorted([w for w, c in ranked if c >= MIN_COUNT and any(ch.isalpha() for ch in w)][:VOCAB])
    ctx = [w for w, _ in ranked[:CONTEXTS]]
    wid = {w: i for i, w in enumerate(words)}
    cid = {w: i for i, w in enumerate(ctx)}
    seq_w, seq_c = [], []
    for d in docs:
        seq_w.extend(wid.get(w, -1) for w in d)
        seq_c.extend(cid.get(w, -1) for w in d)
        seq_w.append(-1)
        seq_c.append(-1)
    sw, sc = np.array(seq_w, dtype=np.int64), np.array(seq_c, dtype=np.int64)
    rows, cols = [], []
    for slot, off in enumerate((-2, -1, 1, 2)):
        if off < 0:
            a, b = sw[-off:], sc[:off]
        else:
            a, b = sw[:-off], sc[off:]
        keep = (a >= 0) & (b >= 0)
        rows.append(a[keep])
        cols.append(b[keep] + slot * len(ctx))
    r, c = np.concatenate(rows), np.concatenate(cols)
    m = sparse.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)),
                          shape=(len(words), 4 * len(ctx))).tocsr()  # duplicates summed
    total = m.sum()
    pw = np.asarray(m.sum(axis=1)).ravel() / total
    cc = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    pc = cc / cc.sum()
    coo = m.tocoo()
    pmi = np.log((coo.data / total) / (pw[coo.row] * pc[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    svd = TruncatedSVD(n_components=DIMS, algorithm="randomized", n_iter=7, random_state=SEED)
    v = svd.fit_transform(ppmi)
    v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    return words, v


def clusters(v, k: int):
    """k-means cluster number (0 .. k-1) of each row of ``v`` (an array of
    unit-length word vectors), one initialisation, seed SEED."""
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=1, random_state=SEED, max_iter=100).fit_predict(v)


def main(argv: list[str] | None = None) -> int:
    from threadpoolctl import threadpool_limits

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "kgbuild" / "models" / "ar" / "word_clusters.tsv")
    args = ap.parse_args(argv)
    if not (args.corpus / "raw" / "saudinewsnet.jsonl.gz").is_file():
        print(f"raw corpus not found: {args.corpus / 'raw' / 'saudinewsnet.jsonl.gz'} (give --corpus)",
              file=sys.stderr)
        return 2
    with threadpool_limits(limits=1):
        docs = read_corpus(args.corpus)
        words, v = vectors(docs)
        fine = clusters(v, FINE)
        coarse = clusters(v, COARSE)
    lines = [
        "# what: Arabic word clusters (stems, kgbuild.extract.doc.stem) for the names CRF's features",
        f"# source: ../shared/corpus/raw/saudinewsnet.jsonl.gz without the gold articles ({len(docs)} articles),"
        " learned by scripts/train_word_clusters.py",
        f"# method: PPMI of +-2 positional contexts ({CONTEXTS} contexts), SVD {DIMS} dims, k-means"
        f" {COARSE} (coarse) and {FINE} (fine) clusters, seed {SEED}; words seen >= {MIN_COUNT} times,"
        f" the {VOCAB} most frequent",
        "# licence: derived from SaudiNewsNet (CC BY-NC-SA 4.0); word lists only, no text",
        "word\tcoarse\tfine",
    ]
    lines += [f"{w}\t{c}\t{f}" for w, c, f in sorted(zip(words, coarse.tolist(), fine.tolist()))]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
