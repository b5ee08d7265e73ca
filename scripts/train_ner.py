#!/usr/bin/env python3
"""Train kgbuild's CRF named-entity models from public corpora (reproducible).

    nice -n 15 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
        python scripts/train_ner.py configs/ner-ar.json     # ~25 min on one core
    nice -n 15 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
        python scripts/train_ner.py configs/ner-en.json

Steps (all deterministic: fixed seeds, sorted inputs, one thread):

1. **Word clusters** from raw text (the config's ``clusters.raw``): counts of
   each of the ``vocab`` most frequent normalised words next to the
   ``contexts`` most frequent ones (left and right neighbours apart), PPMI,
   a randomised truncated SVD to ``dims`` dimensions, then spherical k-means
   at each granularity of ``k``. Cached in ``--cache`` by a hash of the
   settings.
2. **Lexicon snapshot**: flags and phrases from ``kgbuild/lang/<lang>/lexicon``
   (given names, gazetteers, titles, countries, ...). Lexicons mined from
   NER data were mined from training data only (scripts/mine_names.py).
3. **Training data**: the config's ``train`` sources, coarse types PER, ORG,
   LOC, MISC. For Arabic, every training sentence that shares a 30-character
   shingle with the test split (``guard``) is dropped (as in mine_names.py);
   the test file is never trained on.
4. **CRF** (CRFsuite, L-BFGS, elastic net ``c1``/``c2``).
5. **Figures**: dev (``--dev``: train without the held-out part and score
   it) and test, written to ``kgbuild/ner/models/<lang>.json``.

Output: ``kgbuild/ner/models/<lang>.crfsuite``, ``<lang>.features.tsv.gz``,
``<lang>.json`` (or ``--out DIR``).

Needs: numpy (step 1) and python-crfsuite; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter
from glob import glob
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kgbuild.lang import read_lexicon  # noqa: E402
from kgbuild.ner import conll  # noqa: E402
from kgbuild.ner.features import (FeatureTable, doc_features, doc_keys, en_doc_lower, features,  # noqa: E402
                                  normalize)

def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Type maps of the training corpora
# --------------------------------------------------------------------------


def _map_anercorp(t: str) -> str | None:
    return {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}.get(t)


def _map_aqmar(t: str) -> str | None:
    t = t.strip("-`")
    if t in ("PER", "ORG", "LOC"):
        return t
    if t.startswith("MIS"):
        return "MISC"
    return None  # ENGLISH, SPANISH, stray tags


def _map_wojood(t: str) -> str | None:
    # NORP (groups of people: اللاجئين) and OCC, dates, numbers are O in ANERcorp.
    return {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
            "EVENT": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}.get(t)


def _map_newsfane(t: str) -> str | None:
    return conll.coarse_newsfane(t, group=None)  # ANERcorp leaves nationalities untagged


def _map_conll(t: str) -> str | None:
    return t if t in conll.TYPES else None


MAPS = {"anercorp": _map_anercorp, "aqmar": _map_aqmar, "wojood": _map_wojood,
        "newsfane": _map_newsfane, "conll": _map_conll}


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def load_source(corpus: Path, src: dict) -> list[conll.Sentence]:
    paths = sorted(glob(str(corpus / src["path"])))
    if not paths:
        raise FileNotFoundError(corpus / src["path"])
    out = []
    for p in paths:
        assert "CamelLab_test" not in p and not p.endswith("eng.testb"), f"refusing to train on {p}"
        sents = conll.read_conll(p, tag_col=src.get("tag_col", -1), coarse=MAPS[src["map"]],
                                 split_on_stop=src.get("split_on_stop", False))
        for s in sents:  # document ids unique across files and sources
            s.doc += _DOC_OFFSET[0]
        _DOC_OFFSET[0] += 1 + max((s.doc for s in sents), default=0) - _DOC_OFFSET[0] + 1
        out.extend(sents)
    return out


_DOC_OFFSET = [0]


def load_training(cfg: dict, corpus: Path, dev: bool) -> tuple[list[conll.Sentence], list[conll.Sentence], dict]:
    """Return (train, dev, stats). ``dev``: hold out ``dev_holdout`` (Arabic)
    or use the ``dev`` file (English)."""
    guard = conll.OverlapGuard(corpus / cfg["guard"], short_min=12) if cfg.get("guard") else None
    train, dev_s, stats = [], [], {}
    for src in cfg["train"]:
        sents = load_source(corpus, src)
        n0 = len(sents)
        if guard:
            sents = [s for s in sents if not guard.overlaps(s.tokens)]
        hold = cfg.get("dev_holdout")
        if dev and hold and hold["source"] == src["name"]:
            cut = int(len(sents) * (1 - hold["fraction"]))
            dev_s = sents[cut:]
            sents = sents[:cut]
        stats[src["name"]] = {"sentences": len(sents), "tokens": sum(len(s.tokens) for s in sents),
                              "dropped_test_overlap": n0 - len(sents) - (len(dev_s) if dev_s and hold
                                                                          and hold["source"] == src["name"] else 0)}
        log(f"{src['name']}: {stats[src['name']]}")
        train.extend(sents)
    if dev and cfg.get("dev"):
        dev_s = conll.read_conll(corpus / cfg["dev"])
    return train, dev_s, stats


# --------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------

_TOK = re.compile(r"\w+|[^\w\s]")


def _raw_lines(corpus: Path, cfg: dict, lang: str):
    """Yield token lists (normalised for Arabic, lowercased for English) of raw text."""
    for spec in cfg["raw"]:
        for p in sorted(glob(str(corpus / spec))):
            assert "CamelLab_test" not in p and not p.endswith("eng.testb"), f"refusing to read {p}"
            if p.endswith(".jsonl.gz"):
                with gzip.open(p, "rt", encoding="utf-8") as fh:
                    for line in fh:
                        d = json.loads(line)
                        for para in ((d.get("title") or "") + "\n" + (d.get("text") or "")).split("\n"):
                            toks = _TOK.findall(normalize(para))
                            if toks:
                                yield toks
            elif p.endswith((".json", ".jsonl")):
                with open(p, encoding="utf-8") as fh:
                    data = [json.loads(x) for x in fh] if p.endswith(".jsonl") else json.load(fh)
                for d in data:
                    if "sents" in d:
                        for s in d["sents"]:
                            yield [t.lower() for t in s]
                    elif "sentences" in d:
                        for s in d["sentences"]:
                            toks = s[0] if isinstance(s, list) and s and isinstance(s[0], list) else None
                            if toks is None:
                                continue
                            yield [t[0].lower() if isinstance(t, list) else str(t).lower() for t in toks]
                    elif "tokens" in d:
                        yield [t.lower() for t in d["tokens"]]
            else:
                for s in conll.read_conll(p, min_cols=1):
                    yield [t.lower() for t in s.tokens] if lang == "en" else [normalize(t) for t in s.tokens]


def build_clusters(corpus: Path, cfg: dict, lang: str, cache: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Return (vocabulary by frequency, cluster ids per word); see the module doc."""
    import numpy as np

    key = hashlib.sha1(json.dumps([lang, cfg], sort_keys=True).encode()).hexdigest()[:12]
    cpath = cache / f"clusters-{lang}-{key}.json"
    if cpath.exists():
        log(f"clusters: cached {cpath}")
        d = json.loads(cpath.read_text(encoding="utf-8"))
        return d["vocab"], [tuple(c) for c in d["clusters"]]
    t0 = time.time()
    lines = list(_raw_lines(corpus, cfg, lang))
    cnt = Counter(t for toks in lines for t in toks)
    vocab = [w for w, n in sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[:cfg["vocab"]]
             if n >= cfg.get("min_count", 1)]
    V, C = len(vocab), min(cfg["contexts"], len(vocab))
    idx = {w: i for i, w in enumerate(vocab)}
    log(f"clusters: {sum(cnt.values())} raw tokens, {len(cnt)} types; vocab {V}, contexts {C}")
    keys = []
    for toks in lines:
        if len(toks) < 2:
            continue
        ids = np.fromiter((idx.get(t, -1) for t in toks), dtype=np.int64, count=len(toks))
        w, left = ids[1:], ids[:-1]
        m = (w >= 0) & (left >= 0) & (left < C)
        keys.append(w[m] * (2 * C) + left[m])
        m = (left >= 0) & (w >= 0) & (w < C)
        keys.append(left[m] * (2 * C) + C + w[m])
    u, c = np.unique(np.concatenate(keys), return_counts=True)
    del keys
    # sparse PPMI (context distribution smoothed with exponent 0.75)
    rows, cols = u // (2 * C), u % (2 * C)
    c = c.astype(np.float64)
    tot = c.sum()
    rs = np.bincount(rows, c, V)
    cs = np.bincount(cols, c, 2 * C) ** 0.75
    cs = cs / cs.sum() * tot
    pmi = np.log(c * tot / (rs[rows] * cs[cols]))
    keep = pmi > 0
    rows, cols, vals = rows[keep], cols[keep], pmi[keep].astype(np.float32)
    log(f"clusters: PPMI matrix {V} x {2 * C}, {len(vals)} non-zero")
    by_col = np.argsort(cols, kind="stable")

    def spmm(r, cidx, v, X, n_out):  # sum over entries: out[r] += v * X[cidx]; r sorted
        out = np.zeros((n_out, X.shape[1]), dtype=np.float32)
        step = 400_000
        for s0 in range(0, len(r), step):
            rr = r[s0:s0 + step]
            prod = v[s0:s0 + step, None] * X[cidx[s0:s0 + step]]
            starts = np.flatnonzero(np.r_[True, rr[1:] != rr[:-1]])
            out[rr[starts]] += np.add.reduceat(prod, starts, axis=0)
        return out

    A = lambda X: spmm(rows, cols, vals, X, V)  # noqa: E731
    At = lambda X: spmm(cols[by_col], rows[by_col], vals[by_col], X, 2 * C)  # noqa: E731
    rng = np.random.default_rng(cfg["seed"])
    k = cfg["dims"]
    Y = A(rng.standard_normal((2 * C, k + 20)).astype(np.float32))
    for _ in range(2):
        Q, _ = np.linalg.qr(Y)
        Y = A(At(Q))
    Q, _ = np.linalg.qr(Y)
    Ub, S, _ = np.linalg.svd(At(Q).T, full_matrices=False)
    E = (Q @ Ub)[:, :k] * np.sqrt(S[:k])
    E /= np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-9)
    log(f"clusters: SVD done ({time.time() - t0:.0f} s)")
    ids = []
    for kk in cfg["k"]:
        ids.append(_kmeans(E, kk, rng))
        log(f"clusters: k={kk} done ({time.time() - t0:.0f} s)")
    clusters = [tuple(str(int(ids[g][i])) for g in range(len(ids))) for i in range(V)]
    cache.mkdir(parents=True, exist_ok=True)
    cpath.write_text(json.dumps({"vocab": vocab, "clusters": clusters}, ensure_ascii=False), encoding="utf-8")
    return vocab, clusters


def _kmeans(E, k: int, rng, iters: int = 25):
    """Spherical k-means (cosine), k-means++ seeding on a sample; returns labels."""
    import numpy as np

    n = E.shape[0]
    k = min(k, n)
    sample = E[rng.choice(n, size=min(n, 20000), replace=False)]
    centres = [sample[rng.integers(len(sample))]]
    d = 1 - sample @ centres[0]
    for _ in range(1, k):
        p = np.maximum(d, 0) ** 2
        c = sample[rng.choice(len(sample), p=p / p.sum())]
        centres.append(c)
        d = np.minimum(d, 1 - sample @ c)
    Cm = np.stack(centres)
    lab = None
    for _ in range(iters):
        new = np.concatenate([np.argmax(E[i:i + 20000] @ Cm.T, axis=1) for i in range(0, n, 20000)])
        if lab is not None and (new == lab).all():
            break
        lab = new
        for j in range(k):
            m = lab == j
            if m.any():
                v = E[m].sum(0)
                Cm[j] = v / max(np.linalg.norm(v), 1e-9)
    # renumber clusters by first appearance in frequency order (deterministic ids)
    order = {}
    for x in lab:
        order.setdefault(int(x), len(order))
    return np.array([order[int(x)] for x in lab])


# --------------------------------------------------------------------------
# Lexicon snapshot
# --------------------------------------------------------------------------


def _census(name: str) -> list[str]:
    """Names of a 1990 US Census list shipped by the ``names`` package (public
    domain data), most frequent first; [] when the package is missing."""
    try:
        from importlib import resources as r

        text = (r.files("names") / name).read_text(encoding="ascii")
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        log(f"names package not installed: no census {name} flags")
        return []
    return [line.split()[0] for line in text.splitlines() if line.strip()]


def lexicon_table(lang: str, table: FeatureTable, exclude: tuple[str, ...] = ()) -> None:
    """Add lexicon flags and phrases of ``kgbuild/lang/<lang>`` to ``table``
    (leaving out the lexicons named in ``exclude``)."""
    norm = normalize if lang == "ar" else (lambda s: s.lower())
    flags: dict[str, set[str]] = {}

    def flag(surface: str, name: str, phrase_type: str | None = None):
        words = norm(surface).split()
        if not words:
            return
        if len(words) == 1:
            flags.setdefault(words[0], set()).add(name)
        elif phrase_type:
            table.phrases.setdefault(tuple(words), phrase_type)

    def rows(name):
        if name in exclude:
            return ()
        try:
            return read_lexicon(lang, name)
        except FileNotFoundError:
            return ()

    # both languages, in this order (the order is part of a model's feature table)
    for r in rows("given_names"):
        flag(r["name"], "given", "GIV" if lang == "ar" else None)
    for r in rows("name_gazetteer"):
        flag(r["name"], "gaz" + r["type"], r["type"])
    for r in rows("countries"):
        for s in [r["name"], *filter(None, r["aliases"].split("|"))]:
            flag(s, "country", "LOC")
    for r in rows("organizations"):
        for s in [r["name"], *filter(None, r["aliases"].split("|"))]:
            flag(s, "org", "ORG")
    if lang == "ar":
        for r in rows("nisba"):
            flag(r["adjective"], "nisba" if not r.get("ambiguous") else "nisba?")
        for r in rows("roles"):
            flag(r["surface"], "role", "ROLE")
        for r in rows("honorifics"):
            flag(r["surface"], "hon", "HON")
        for r in rows("org_heads"):
            flag(r["surface"], "orghead")
        for r in rows("months"):
            flag(r["surface"], "month" if r["calendar"] != "weekday" else "weekday")
        for r in rows("function_words"):
            flag(r["word"], "func")
        for r in rows("name_stopwords"):
            flag(r["word"], "stop")
        for r in rows("triggers"):
            flag(r["surface"], "trig")
        for r in rows("relative_dates"):
            flag(r["surface"], "reldate")
    else:
        for r in rows("demonyms"):
            flag(r["demonym"], "demonym" if not r.get("ambiguous") else "demonym?")
        for name, what, top in (("dist.male.first", "first", 1219), ("dist.female.first", "first", 2000),
                                ("dist.all.last", "last", 10000)):
            for w in _census(name)[:top]:
                flag(w, "census_" + what)
    table.flags = {w: tuple(sorted(f)) for w, f in flags.items()}
    table.max_phrase = max((len(k) for k in table.phrases), default=0)


# --------------------------------------------------------------------------
# Training and scoring
# --------------------------------------------------------------------------


def featurise(lang: str, sents: list[conll.Sentence], table: FeatureTable) -> list[list[list[str]]]:
    """First-pass features of every sentence (English: with its document's
    lower-case vocabulary)."""
    if lang != "en":
        return [features(lang, s.tokens, table) for s in sents]
    out = []
    by_doc: dict[int, list[conll.Sentence]] = {}
    for s in sents:
        by_doc.setdefault(s.doc, []).append(s)
    lower = {d: en_doc_lower([s.tokens for s in ss]) for d, ss in by_doc.items()}
    for s in sents:
        out.append(features(lang, s.tokens, table, doc_lower=lower[s.doc]))
    return out


def stack(lang, sents, X1, p1_tags, table, window) -> list[list[list[str]]]:
    """Second-pass features: first-pass features + document features."""
    keys = [doc_keys(lang, s.tokens, table) for s in sents]
    D = doc_features(keys, p1_tags, window, [s.doc for s in sents])
    return [[a + b for a, b in zip(x, d)] for x, d in zip(X1, D)]


def _train(X, Y, params: dict, path: Path) -> None:
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(X, Y):
        tr.append(x, y)
    tr.select(params.get("algorithm", "lbfgs"), "crf1d")
    tr.set_params({k: v for k, v in params.items() if k != "algorithm"})
    tr.train(str(path))


def _tag(path: Path, X) -> list[list[str]]:
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(path))
    return [tg.tag(x) for x in X]


def auto_lexicon(lang: str, sents, table: FeatureTable, cfg: dict, corpus: Path, tmp: Path) -> dict:
    """Self-training lexicon: train a first model, tag raw text with it, and
    flag words that it tags as one type in most of their occurrences
    (``auto<TYPE>``: share >= ``share``; ``auto?<TYPE>``: share >= ``weak``).
    The flags are added to ``table`` (so they ship with the model)."""
    from kgbuild.ner import tokenize

    t0 = time.time()
    a = cfg["auto_lexicon"]
    X = featurise(lang, sents, table)
    m0 = tmp / f"{lang}-auto0-{os.getpid()}.crfsuite"
    _train(X, [s.tags for s in sents], cfg["crf1"] if cfg.get("stacking") else cfg["crf"], m0)
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(m0))
    occ: Counter = Counter()
    typed: dict[str, Counter] = {}
    n = 0
    for spec in a["raw"]:
        for p in sorted(glob(str(corpus / spec))):
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                for line in fh:
                    d = json.loads(line)
                    for para in (d.get("text") or "").split("\n"):
                        for sent in tokenize(para, lang):
                            toks = [t.text for t in sent]
                            keys = doc_keys(lang, toks, table)
                            for k, y in zip(keys, tg.tag(features(lang, toks, table))):
                                if k:
                                    occ[k] += 1
                                    if y != "O":
                                        typed.setdefault(k, Counter())[y[2:]] += 1
                            n += len(toks)
                    if n >= a["max_tokens"]:
                        break
    m0.unlink()
    added = Counter()
    for k, c in typed.items():
        if occ[k] < a["min_count"]:
            continue
        t, x = c.most_common(1)[0]
        share = x / occ[k]
        f = ("auto" + t) if share >= a["share"] else ("auto?" + t) if share >= a["weak"] else None
        if f:
            table.flags[k] = tuple(sorted(set(table.flags.get(k, ())) | {f}))
            added[f] += 1
    log(f"auto lexicon: {n} raw tokens tagged, flags {dict(added)} ({time.time() - t0:.0f} s)")
    return {"auto_lexicon_tokens": n, "auto_lexicon_flags": dict(added), "auto_lexicon_seconds": round(time.time() - t0)}


def jackknife_cache(cfg: dict, train, dev, cache: Path) -> Path:
    """Where the first-pass jackknife tags of ``train`` (and the tags of
    ``dev``) are cached for scripts/train_ner_nn.py (its document features)."""
    key = hashlib.sha1(json.dumps([cfg["crf1"], cfg["stacking"]["folds"], [s.tokens for s in train],
                                   [s.tags for s in train], [s.tokens for s in dev]]).encode()).hexdigest()[:12]
    return cache / f"crftags-{cfg['lang']}-{key}.json"


def train_models(lang, sents, table, cfg: dict, out1: Path, out2: Path, tmp: Path) -> dict:
    """Train the first-pass model on all ``sents``, the second-pass model on
    first-pass tags from ``folds``-fold jackknifing (contiguous blocks)."""
    t0 = time.time()
    X1 = featurise(lang, sents, table)
    Y = [s.tags for s in sents]
    log(f"features: {len(X1)} sentences ({time.time() - t0:.0f} s)")
    st = cfg.get("stacking")
    times = {}
    t = time.time()
    _train(X1, Y, cfg["crf1"] if st else cfg["crf"], out1)
    times["pass1_seconds"] = round(time.time() - t)
    log(f"pass 1 trained in {times['pass1_seconds']} s ({out1.stat().st_size / 1e6:.1f} MB)")
    if not st:
        return times
    k = st["folds"]
    n = len(sents)
    p1: list[list[str] | None] = [None] * n
    for f in range(k):
        lo, hi = f * n // k, (f + 1) * n // k
        fp = tmp / f"{lang}-fold{f}-{os.getpid()}.crfsuite"
        t = time.time()
        _train(X1[:lo] + X1[hi:], Y[:lo] + Y[hi:], cfg["crf1"], fp)
        p1[lo:hi] = _tag(fp, X1[lo:hi])
        fp.unlink()
        log(f"fold {f + 1}/{k}: {time.time() - t:.0f} s")
    times["jackknife_seconds"] = round(time.time() - t0 - times["pass1_seconds"])
    if cfg.get("neural"):  # the same tags feed the neural model's document features
        jackknife_cache(cfg, sents, [], tmp).write_text(json.dumps({"train": p1, "dev": []}), encoding="utf-8")
    X2 = stack(lang, sents, X1, p1, table, st["window"])
    t = time.time()
    _train(X2, Y, cfg["crf"], out2)
    times["pass2_seconds"] = round(time.time() - t)
    log(f"pass 2 trained in {times['pass2_seconds']} s ({out2.stat().st_size / 1e6:.1f} MB)")
    return times


def predict(lang, sents, table, cfg, m1: Path, m2: Path | None) -> list[list[str]]:
    X1 = featurise(lang, sents, table)
    p1 = _tag(m1, X1)
    if not cfg.get("stacking"):
        return p1
    return _tag(m2, stack(lang, sents, X1, p1, table, cfg["stacking"]["window"]))


def evaluate(lang, sents, table, cfg, m1: Path, m2: Path | None) -> dict:
    t0 = time.time()
    pred = predict(lang, sents, table, cfg, m1, m2)
    dt = time.time() - t0
    sc = conll.score([s.tags for s in sents], pred)
    log("\n" + conll.format_scores(sc))
    ntok = sum(len(s.tokens) for s in sents)
    out = {"scores": {t: s.to_dict() for t, s in sc.items()}, "tokens": ntok,
           "tokens_per_second": round(ntok / dt)}
    if cfg.get("stacking"):
        sc1 = conll.score([s.tags for s in sents], _tag(m1, featurise(lang, sents, table)))
        out["pass1_micro_f1"] = round(100 * sc1["micro"].f1, 2)
        log(f"pass 1 alone: micro F1 {out['pass1_micro_f1']}")
    return out


def base_parser(doc: str) -> argparse.ArgumentParser:
    """The arguments the training scripts share: config, --corpus, --out, --cache."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("config", type=Path)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=REPO / "kgbuild" / "ner" / "models")
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "kgbuild-ner")
    return ap


def apply_sets(cfg: dict, sets: list[str]) -> dict:
    """Override config values in place from ``KEY=JSON`` strings (``crf.c1=0.1``,
    dotted keys into nested objects; a digit indexes a list). Returns ``cfg``."""
    for kv in sets:
        k, v = kv.split("=", 1)
        d = cfg
        *path, last = k.split(".")
        for p in path:
            d = d[int(p)] if isinstance(d, list) else d[p]
        d[last if last in d or not last.isdigit() else int(last)] = json.loads(v)
    return cfg


def main(argv=None) -> int:
    ap = base_parser(__doc__)
    ap.add_argument("--dev", action="store_true", help="train without the dev part and score the dev set only")
    ap.add_argument("--no-test", action="store_true", help="do not score the test file")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                    help="override a config value, e.g. crf.c1=0.1 (for experiments)")
    args = ap.parse_args(argv)
    cfg = apply_sets(json.loads(args.config.read_text(encoding="utf-8")), args.set)
    lang = cfg["lang"]
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    t_start = time.time()

    vocab, clusters = build_clusters(args.corpus, cfg["clusters"], lang, args.cache)
    table = FeatureTable()
    for w, c in zip(vocab, clusters):
        table.rank[w] = len(table.rank)
        table.clusters[w] = c
    lexicon_table(lang, table, tuple(cfg.get("lexicons_exclude", ())))
    log(f"feature table: {len(table.clusters)} clustered words, {len(table.flags)} flagged, "
        f"{len(table.phrases)} phrases")

    train, dev, stats = load_training(cfg, args.corpus, args.dev)
    args.out.mkdir(parents=True, exist_ok=True)
    args.cache.mkdir(parents=True, exist_ok=True)
    auto = auto_lexicon(lang, train, table, cfg, args.corpus, args.cache) if cfg.get("auto_lexicon") else {}
    where = args.cache if args.dev else args.out
    tag = "-dev" if args.dev else ""
    m1 = where / f"{lang}{tag}.pass1.crfsuite"
    m2 = where / f"{lang}{tag}.crfsuite" if cfg.get("stacking") else None
    if not cfg.get("stacking"):
        m1 = where / f"{lang}{tag}.crfsuite"
    times = train_models(lang, train, table, cfg, m1, m2, args.cache)
    meta = {"lang": lang, "config": cfg, "training_data": stats,
            "training_tokens": sum(len(s.tokens) for s in train), **auto, **times,
            "model_bytes": sum(p.stat().st_size for p in (m1, m2) if p)}
    if args.dev:
        meta["dev"] = evaluate(lang, dev, table, cfg, m1, m2)
        print(json.dumps(meta["dev"]["scores"]["micro"]))
        return 0
    tpath = args.out / f"{lang}.features.tsv.gz"
    table.save(tpath, [f"kgbuild NER feature table ({lang}), written by scripts/train_ner.py {args.config.name}"])
    meta["model_bytes"] += tpath.stat().st_size
    if cfg.get("dev"):
        meta["dev"] = {"file": cfg["dev"], **evaluate(lang, conll.read_conll(args.corpus / cfg["dev"]),
                                                       table, cfg, m1, m2)}
    if not args.no_test and cfg.get("test"):
        meta["test"] = {"file": cfg["test"], **evaluate(lang, conll.read_conll(args.corpus / cfg["test"]),
                                                         table, cfg, m1, m2)}
    meta["total_seconds"] = round(time.time() - t_start)
    (args.out / f"{lang}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"CRF done in {meta['total_seconds']} s")
    if cfg.get("neural"):  # then the neural model (scripts/train_ner_nn.py) on top of it
        import train_ner_nn

        train_ner_nn.main([str(args.config), "--corpus", str(args.corpus), "--out", str(args.out),
                           "--cache", str(args.cache), *(x for kv in args.set for x in ("--set", kv))])
        meta = json.loads((args.out / f"{lang}.json").read_text(encoding="utf-8"))
        meta["total_seconds"] = round(time.time() - t_start)
        (args.out / f"{lang}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
        log(f"done in {meta['total_seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
