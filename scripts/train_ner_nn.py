#!/usr/bin/env python3
"""Train kgbuild's neural Arabic NER model (BiLSTM-CRF, exported to ONNX).

    nice -n 15 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 \\
        python scripts/train_ner_nn.py configs/ner-ar.json

Run after ``scripts/train_ner.py`` with the same config: the network reads
the CRF model's feature table (``<lang>.features.tsv.gz``: lexicon flags,
gazetteer phrases, word clusters).

Steps (deterministic: fixed seeds, one thread):

1. **Word vectors**: gensim FastText (skip-gram with character n-grams) on
   the config's ``neural.vectors.raw`` text (normalised, tokenised as
   kgbuild.ner.tokenize does) plus the training split's tokens; cached in
   ``--cache`` by a hash of the settings. The ``vocab`` most frequent words'
   vectors ship (float16); they stay frozen in training.
   Optional (``neural.lm`` in the config, off in the shipped config: it did
   not help, see README.md): a forward and a backward LSTM language model
   over those vectors, trained on the same raw text (:func:`train_lm`), whose
   states enter the network, frozen, through a learnt projection
   (``neural.lm_proj`` columns).
2. **Network** (torch): per token, the vectors of its normalised and
   clitic-stripped forms, a character CNN, embeddings of its gazetteer tag,
   word clusters, shape, proclitic and article, and its lexicon flags; a
   BiLSTM; a CRF output layer. Adam, dropout, ``epochs`` passes.
3. **Export**: the network to ONNX (``<lang>.nn.onnx``), vectors and CRF
   matrices (``<lang>.nn.npz``), vocabulary and value tables
   (``<lang>.nn.json``); the figures go to ``<lang>.json``.

``--dev``: train without the held-out tail of the train split and score it
after every epoch (how ``epochs`` and the other settings were chosen); the
test file is only scored by a full run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from kgbuild.ner import _AR_TOKEN, conll  # noqa: E402
from kgbuild.ner.features import FeatureTable, normalize  # noqa: E402
from kgbuild.ner.neural import Encoder, WordVectors  # noqa: E402
from train_ner import apply_sets, base_parser, load_training, log  # noqa: E402

TAGS = ["O"] + [f"{p}-{t}" for t in conll.TYPES for p in ("B", "I")]


# --------------------------------------------------------------------------
# Word vectors
# --------------------------------------------------------------------------


def raw_sentences(corpus: Path, specs: list[str], train: list[conll.Sentence]):
    from glob import glob

    out = []
    for spec in specs:
        for p in sorted(glob(str(corpus / spec))):
            assert "CamelLab_test" not in p, f"refusing to read {p}"
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                for line in fh:
                    d = json.loads(line)
                    for para in ((d.get("title") or "") + "\n" + (d.get("text") or "")).split("\n"):
                        toks = [normalize(m.group()) for m in _AR_TOKEN.finditer(para)]
                        toks = [t for t in toks if t]
                        if toks:
                            out.append(toks)
    for s in train:
        out.append([normalize(t) or t for t in s.tokens])
    return out


def word_vectors(corpus: Path, vcfg: dict, train, cache: Path):
    """(words by frequency, float32 matrix of their vectors, float32 matrix
    of the character n-gram buckets) for the ``vocab`` most frequent words."""
    import numpy as np

    key = hashlib.sha1(json.dumps(vcfg, sort_keys=True).encode()).hexdigest()[:12]
    path = cache / f"vectors-ar-{key}.npz"
    if path.exists():
        log(f"vectors: cached {path}")
        z = np.load(path, allow_pickle=False)
        return [str(w) for w in z["words"]], z["vectors"], z["ngrams"]
    from gensim.models import FastText

    t0 = time.time()
    sents = raw_sentences(corpus, vcfg["raw"], train)
    log(f"vectors: {len(sents)} sentences, {sum(map(len, sents))} tokens")
    m = FastText(vector_size=vcfg["dims"], window=vcfg["window"], min_count=vcfg["min_count"],
                 min_n=vcfg["min_n"], max_n=vcfg["max_n"], sg=1, epochs=vcfg["epochs"],
                 workers=vcfg.get("workers", 1), seed=vcfg["seed"], bucket=vcfg["bucket"])
    m.build_vocab(corpus_iterable=sents)
    m.train(corpus_iterable=sents, total_examples=len(sents), epochs=m.epochs)
    words = list(m.wv.index_to_key[:vcfg["vocab"]])
    vecs = np.stack([m.wv[w] for w in words]).astype(np.float32)
    ngrams = np.asarray(m.wv.vectors_ngrams, dtype=np.float32)
    # the shipped OOV rule must give gensim's vectors
    from kgbuild.ner.neural import SubwordVectors

    sw = SubwordVectors(ngrams, vcfg["min_n"], vcfg["max_n"])
    for w in ("بالسيسيين", "xyzq", "والمستشارية"):
        assert np.allclose(sw.vector(w), m.wv[w], atol=1e-4), w
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, words=np.array(words), vectors=vecs, ngrams=ngrams)
    log(f"vectors: {len(words)} words x {vecs.shape[1]}, {len(ngrams)} n-gram buckets ({time.time() - t0:.0f} s)")
    return words, vecs, ngrams


# --------------------------------------------------------------------------
# Language model (contextual word features)
# --------------------------------------------------------------------------


def lm_sentences(corpus: Path, specs: list[str], max_len: int) -> list[list[str]]:
    """Raw text as sentences of normalised tokens: paragraphs cut after
    ``.``, ``؟``, ``!`` or ``?`` and every ``max_len`` tokens; pieces under 3
    tokens dropped."""
    out = []
    for para in raw_sentences(corpus, specs, []):
        cur = []
        for t in para:
            cur.append(t)
            if t in (".", "؟", "!", "?") or len(cur) >= max_len:
                if len(cur) >= 3:
                    out.append(cur)
                cur = []
        if len(cur) >= 3:
            out.append(cur)
    return out


def train_lm(corpus: Path, lcfg: dict, vcfg: dict, wv: WordVectors, cache: Path) -> dict:
    """A forward and a backward LSTM language model over the frozen word
    vectors, trained on raw text (ELMo's recipe, Peters et al. 2018,
    "Deep contextualized word representations", cut down to one layer and
    an adaptive softmax, Grave et al. 2017, over the ``vocab_out`` most
    frequent words). Returns the two LSTMs' weights (numpy, torch's
    ``nn.LSTM`` state-dict names prefixed ``f.``/``b.``); cached in ``cache``
    by a hash of the settings. ``steps`` batches of ``batch`` sentences,
    ``threads`` torch threads (the result depends on it)."""
    import numpy as np
    import torch
    from torch import nn

    key = hashlib.sha1(json.dumps([lcfg, vcfg], sort_keys=True).encode()).hexdigest()[:12]
    path = cache / f"lm-ar-{key}.npz"
    if path.exists():
        log(f"LM: cached {path}")
        z = np.load(path)
        return {k: z[k] for k in z.files}
    t0 = time.time()
    threads = torch.get_num_threads()  # the tagger trains on its own count (one thread: deterministic)
    torch.set_num_threads(lcfg.get("threads", 1))
    torch.manual_seed(lcfg["seed"])
    sents = lm_sentences(corpus, lcfg["raw"], lcfg["max_len"])
    counts = Counter(t for s in sents for t in s)
    vocab = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    ix = {w: i for i, w in enumerate(vocab)}
    emb = nn.Embedding.from_pretrained(torch.from_numpy(np.stack([wv.get(w) for w in vocab]).astype(np.float32)),
                                       freeze=True)
    log(f"LM: {len(sents)} sentences, {sum(map(len, sents))} tokens, {len(vocab)} words ({time.time() - t0:.0f} s)")
    V, H = lcfg["vocab_out"], lcfg["hidden"]

    class Direction(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(wv.dim, H, batch_first=True)
            self.proj = nn.Linear(H, lcfg["softmax_dim"])
            self.sm = nn.AdaptiveLogSoftmaxWithLoss(lcfg["softmax_dim"], V, cutoffs=lcfg["cutoffs"], div_value=4.0)

        def loss(self, x, m):
            h, _ = self.lstm(emb(x))
            return self.sm(self.proj(h[:, :-1][m[:, 1:]]), x.clamp(max=V - 1)[:, 1:][m[:, 1:]]).loss

    fw, bw = Direction(), Direction()
    params = list(fw.parameters()) + list(bw.parameters())
    opt = torch.optim.Adam(params, lr=lcfg["lr"])
    rng = random.Random(lcfg["seed"])
    order = sorted(range(len(sents)), key=lambda i: (len(sents[i]), rng.random()))
    groups = [order[i:i + lcfg["batch"]] for i in range(0, len(order), lcfg["batch"])]
    rng.shuffle(groups)
    tokens = 0
    for step, g in enumerate(groups[:lcfg["steps"]], 1):
        T = max(len(sents[i]) for i in g)
        x = np.zeros((len(g), T), dtype=np.int64)
        xr = np.zeros((len(g), T), dtype=np.int64)
        m = np.zeros((len(g), T), dtype=bool)
        for b, i in enumerate(g):
            ids = [ix[t] for t in sents[i]]
            x[b, :len(ids)] = ids
            xr[b, :len(ids)] = ids[::-1]
            m[b, :len(ids)] = True
        x, xr, m = torch.from_numpy(x), torch.from_numpy(xr), torch.from_numpy(m)
        lf, lb = fw.loss(x, m), bw.loss(xr, m)
        opt.zero_grad()
        (lf + lb).backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        tokens += int(m.sum())
        if step % 500 == 0:
            log(f"LM step {step}: {tokens} tokens, perplexity forward {math.exp(lf.item()):.0f} "
                f"backward {math.exp(lb.item()):.0f} ({time.time() - t0:.0f} s)")
    out = {f"{d}.{k}": v.detach().numpy().copy() for d, mod in (("f", fw), ("b", bw))
           for k, v in mod.lstm.state_dict().items()}
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    log(f"LM: {tokens} tokens in {time.time() - t0:.0f} s")
    torch.set_num_threads(threads)
    return out


# --------------------------------------------------------------------------
# First-pass CRF tags (stacking input)
# --------------------------------------------------------------------------


def crf_tags(cfg, train, dev, table, cache: Path, pass1: Path | None):
    """First-pass CRF tags: of ``train`` from ``folds``-fold jackknifing
    (contiguous blocks, as scripts/train_ner.py does for its second pass), of
    ``dev`` from a CRF trained on all of ``train`` (or the shipped ``pass1``
    model when ``dev`` is empty). Cached by a hash of the inputs."""
    import train_ner as T

    lang = cfg["lang"]
    path = T.jackknife_cache(cfg, train, dev, cache)
    if path.exists():
        log(f"CRF tags: cached {path}")
        d = json.loads(path.read_text(encoding="utf-8"))
        return d["train"], d["dev"]
    t0 = time.time()
    X = T.featurise(lang, train, table)
    Y = [s.tags for s in train]
    k = cfg["stacking"]["folds"]
    n = len(train)
    p1 = [None] * n
    for f in range(k):
        lo, hi = f * n // k, (f + 1) * n // k
        fp = cache / f"{lang}-nnfold{f}-{os.getpid()}.crfsuite"
        T._train(X[:lo] + X[hi:], Y[:lo] + Y[hi:], cfg["crf1"], fp)
        p1[lo:hi] = T._tag(fp, X[lo:hi])
        fp.unlink()
        log(f"CRF fold {f + 1}/{k} ({time.time() - t0:.0f} s)")
    pd = []
    if dev:
        fp = cache / f"{lang}-nnall-{os.getpid()}.crfsuite"
        T._train(X, Y, cfg["crf1"], fp)
        pd = T._tag(fp, T.featurise(lang, dev, table))
        fp.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"train": p1, "dev": pd}), encoding="utf-8")
    return p1, pd


def doc_extra(lang, sents, p1, table, cfg):
    """Document features of ``sents`` from their first-pass tags ``p1``."""
    from kgbuild.ner.features import doc_features, doc_keys

    keys = [doc_keys(lang, s.tokens, table) for s in sents]
    return doc_features(keys, p1, cfg["stacking"]["window"], [s.doc for s in sents])


# --------------------------------------------------------------------------
# Network
# --------------------------------------------------------------------------


def build_net(spec: dict, ncfg: dict, dim: int, lm: dict | None = None):
    """The tagger network and its CRF layer. ``lm``: the language model's
    weights (:func:`train_lm`), run frozen inside the network on the first
    ``dim`` columns of ``words`` (the normalised form's vector); its states
    enter the BiLSTM through a learnt projection of ``lm_proj`` columns."""
    import torch
    from torch import nn

    cats_used = Encoder.CATS

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            cdim = ncfg["char_dim"]
            self.cemb = nn.Embedding(len(spec["chars"]) + 2, cdim, padding_idx=0)
            self.conv = nn.Conv1d(cdim, ncfg["char_filters"], 3, padding=1)
            self.cat_embs = nn.ModuleList(
                nn.Embedding(len(spec["cats"][c]) + 2, ncfg["cat_dims"][c], padding_idx=0) for c in cats_used)
            self.wproj = nn.Linear(2 * dim, ncfg["word_proj"])
            nin = ncfg["word_proj"] + ncfg["char_filters"] + sum(ncfg["cat_dims"][c] for c in cats_used) \
                + len(spec["flags"]) + len(spec.get("extra", ()))
            if lm is not None:
                H = lm["f.weight_hh_l0"].shape[1]
                self.lm_f = nn.LSTM(dim, H, batch_first=True)
                self.lm_b = nn.LSTM(dim, H, batch_first=True)
                for d, mod in (("f", self.lm_f), ("b", self.lm_b)):
                    mod.load_state_dict({k: torch.from_numpy(lm[f"{d}.{k}"]) for k in mod.state_dict()})
                    mod.requires_grad_(False)
                self.lm_proj = nn.Linear(2 * H, ncfg["lm_proj"])
                nin += ncfg["lm_proj"]
            self.drop = nn.Dropout(ncfg["dropout"])
            self.lstm = nn.LSTM(nin, ncfg["hidden"], batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * ncfg["hidden"], len(TAGS))

        def forward(self, words, chars, feats, flags, lengths=None):
            B, T, C = chars.shape
            ce = self.cemb(chars.reshape(B * T, C)).transpose(1, 2)
            ch = torch.relu(self.conv(ce)).max(dim=2).values.reshape(B, T, -1)
            cats = [e(feats[:, :, j]) for j, e in enumerate(self.cat_embs)]
            parts = [torch.tanh(self.wproj(words)), ch, *cats, flags]
            if lm is not None:
                parts.append(self.lm_proj(self.lm_states(words[:, :, :dim], lengths)))
            x = torch.cat(parts, dim=2)
            x = self.drop(x)
            if lengths is not None:
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
                h, _ = self.lstm(packed)
                h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=T)
            else:
                h, _ = self.lstm(x)
            return self.out(self.drop(h))

        def lm_states(self, e, lengths):
            """Forward and backward LM states [B, T, 2H]; the backward model
            reads each sentence from its last real token (no padding first)."""
            with torch.no_grad():
                hf, _ = self.lm_f(e)
                if lengths is None:
                    hb, _ = self.lm_b(e.flip(1))
                    return torch.cat([hf, hb.flip(1)], dim=2)
                T = e.shape[1]
                idx = (lengths[:, None] - 1 - torch.arange(T)[None]).clamp(min=0)
                rev = torch.gather(e, 1, idx[:, :, None].expand(-1, -1, e.shape[2]))
                hb, _ = self.lm_b(rev)
                hb = torch.gather(hb, 1, idx[:, :, None].expand(-1, -1, hb.shape[2]))
                return torch.cat([hf, hb], dim=2)

    class CRF(nn.Module):
        def __init__(self, n):
            super().__init__()
            self.trans = nn.Parameter(torch.zeros(n, n))
            self.start = nn.Parameter(torch.zeros(n))
            self.end = nn.Parameter(torch.zeros(n))

        def nll(self, em, y, mask):
            """Negative log-likelihood summed over the batch (mask: bool [B, T])."""
            B, T, _ = em.shape
            ar = torch.arange(B)
            gold = self.start[y[:, 0]] + em[ar, 0, y[:, 0]]
            alpha = self.start + em[:, 0]
            for t in range(1, T):
                m = mask[:, t]
                gold = gold + torch.where(m, self.trans[y[:, t - 1], y[:, t]] + em[ar, t, y[:, t]], 0.0)
                nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + em[:, t, None, :], dim=1)
                alpha = torch.where(m[:, None], nxt, alpha)
            last = y[ar, mask.sum(1) - 1]
            gold = gold + self.end[last]
            z = torch.logsumexp(alpha + self.end, dim=1)
            return (z - gold).sum()

    return Net(), CRF(len(TAGS))


def make_spec(words, vcfg, train, table: FeatureTable, min_char: int, extra) -> dict:
    chars = Counter(ch for s in train for t in s.tokens for ch in (normalize(t) or t))
    cats = {c: set() for c in Encoder.CATS}
    for s in train:
        for v in Encoder.raw_values(s.tokens, table):
            for c, x in zip(Encoder.CATS, v["cats"]):
                cats[c].add(x)
    cats["unk"] = {"unk", "known"}
    flags = sorted({f for fs in table.flags.values() for f in fs})
    return {"words": words, "min_n": vcfg["min_n"], "max_n": vcfg["max_n"], "chars": sorted(c for c, n in chars.items() if n >= min_char),
            "flags": flags, "cats": {c: sorted(v) for c, v in cats.items()}, "tags": TAGS,
            **({"extra": sorted({f for s in extra for t in s for f in t})} if extra else {})}


def tensors(enc: Encoder, sents, extra=None):
    """Encoded sentences one by one (numpy arrays, unpadded)."""
    out = []
    for i, s in enumerate(sents):
        x = enc.encode([s.tokens], [extra[i]] if extra is not None else None)
        out.append((x["words"][0], x["chars"][0], x["feats"][0], x["flags"][0],
                    [TAGS.index(t) for t in s.tags]))
    return out


def batches(data, size, rng):
    import numpy as np
    import torch

    order = sorted(range(len(data)), key=lambda i: (len(data[i][4]), rng.random()))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    for g in groups:
        T = max(len(data[i][4]) for i in g)
        B = len(g)
        parts = [np.zeros((B, T) + data[g[0]][k].shape[1:], dtype=data[g[0]][k].dtype) for k in range(4)]
        y = np.zeros((B, T), dtype=np.int64)
        lengths = []
        for b, i in enumerate(g):
            n = len(data[i][4])
            for k in range(4):
                parts[k][b, :n] = data[i][k]
            y[b, :n] = data[i][4]
            lengths.append(n)
        yield ([torch.from_numpy(p) for p in parts], torch.from_numpy(y), torch.tensor(lengths))


def train_net(spec, ncfg, dim, data, dev_eval=None, lm=None):
    """Train; ``dev_eval(net, crf, epoch)`` is called after each epoch when
    given. From epoch ``swa_from`` on, the weights after each epoch are
    averaged (stochastic weight averaging); the average is what is returned
    (and what ``dev_eval`` scores from then on)."""
    import copy

    import torch

    torch.manual_seed(ncfg["seed"])
    rng = random.Random(ncfg["seed"])
    net, crf = build_net(spec, ncfg, dim, lm)
    params = [p for p in net.parameters() if p.requires_grad] + list(crf.parameters())
    opt = torch.optim.Adam(params, lr=ncfg["lr"])
    history = []
    swa_from = ncfg.get("swa_from") or ncfg["epochs"] + 1
    avg, n_avg = None, 0
    for ep in range(1, ncfg["epochs"] + 1):
        net.train()
        t0, tot, n = time.time(), 0.0, 0
        if ncfg.get("lr_decay"):
            for gr in opt.param_groups:
                gr["lr"] = ncfg["lr"] / (1 + ncfg["lr_decay"] * (ep - 1))
        for (w, c, f, fl), y, lengths in batches(data, ncfg["batch"], rng):
            mask = torch.arange(y.shape[1])[None] < lengths[:, None]
            em = net(w, c, f, fl, lengths)
            loss = crf.nll(em, y, mask) / len(lengths)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, ncfg["clip"])
            opt.step()
            tot += loss.item() * len(lengths)
            n += len(lengths)
        rec = {"epoch": ep, "loss": round(tot / n, 3), "seconds": round(time.time() - t0)}
        if ep >= swa_from:
            n_avg += 1
            if avg is None:
                avg = (copy.deepcopy(net), copy.deepcopy(crf))
            else:
                with torch.no_grad():
                    for m_avg, m in zip(avg, (net, crf)):
                        for pa, p in zip(m_avg.parameters(), m.parameters()):
                            pa.mul_((n_avg - 1) / n_avg).add_(p / n_avg)
        if dev_eval:
            rec.update(dev_eval(net, crf, ep))
            if avg is not None:
                rec.update({"swa_" + k: v for k, v in dev_eval(*avg, ep).items()})
        history.append(rec)
        log(json.dumps(rec))
    return (*avg, history) if avg is not None else (net, crf, history)


def train_ensemble(spec, ncfg, dim, data, dev_eval=None, lm=None):
    """``ensemble`` networks (seeds ``seed``, ``seed`` + 1, ...) combined into
    one: emissions and CRF scores averaged. Returns (net, crf, histories)."""
    import torch
    from torch import nn

    k = ncfg.get("ensemble", 1)
    runs = [train_net(spec, {**ncfg, "seed": ncfg["seed"] + i}, dim, data, dev_eval, lm) for i in range(k)]
    if k == 1:
        return runs[0]

    class Mean(nn.Module):
        def __init__(self, nets):
            super().__init__()
            self.nets = nn.ModuleList(nets)

        def forward(self, *x):
            return torch.stack([m(*x) for m in self.nets]).mean(0)

    crf = runs[0][1]
    with torch.no_grad():
        for name in ("trans", "start", "end"):
            getattr(crf, name).copy_(torch.stack([getattr(r[1], name) for r in runs]).mean(0))
    return Mean([r[0] for r in runs]), crf, [r[2] for r in runs]


def predict_torch(net, crf, data):
    import numpy as np
    import torch

    from kgbuild.ner.neural import viterbi

    net.eval()
    tr, st, en = (p.detach().numpy() for p in (crf.trans, crf.start, crf.end))
    out = []
    with torch.no_grad():
        for w, c, f, fl, _ in data:
            em = net(*(torch.from_numpy(a[None]) for a in (w, c, f, fl)))[0].numpy()
            out.append([TAGS[j] for j in viterbi(em.astype(np.float64), tr, st, en)])
    return out


def export(net, crf, spec, wv: WordVectors, out: Path, lang: str, data_example):
    import numpy as np
    import torch

    net.eval()
    w, c, f, fl, _ = data_example
    args = tuple(torch.from_numpy(a[None]) for a in (w, c, f, fl))
    onnx_path = out / f"{lang}.nn.onnx"
    dyn = {"words": {0: "B", 1: "T"}, "chars": {0: "B", 1: "T"}, "feats": {0: "B", 1: "T"},
           "flags": {0: "B", 1: "T"}, "emissions": {0: "B", 1: "T"}}
    torch.onnx.export(net, args, str(onnx_path), input_names=["words", "chars", "feats", "flags"],
                      output_names=["emissions"], dynamic_axes=dyn, opset_version=17, dynamo=False)
    np.savez_compressed(out / f"{lang}.nn.npz", vectors=wv.vectors.astype(np.float16),
                        ngrams=wv.sub.ngrams.astype(np.float16),
                        transitions=crf.trans.detach().numpy().astype(np.float64),
                        start=crf.start.detach().numpy().astype(np.float64),
                        end=crf.end.detach().numpy().astype(np.float64))
    (out / f"{lang}.nn.json").write_text(json.dumps(spec, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = base_parser(__doc__)
    ap.add_argument("--dev", action="store_true", help="train without the dev part, score it every epoch")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON")
    ap.add_argument("--log", type=Path, help="append the dev history (JSON lines) to this file")
    args = ap.parse_args(argv)
    cfg = apply_sets(json.loads(args.config.read_text(encoding="utf-8")), args.set)
    import numpy as np
    import torch

    torch.set_num_threads(1)
    lang = cfg["lang"]
    ncfg = cfg["neural"]
    t_start = time.time()
    table = FeatureTable.load(args.out / f"{lang}.features.tsv.gz")
    train, dev, _ = load_training(cfg, args.corpus, args.dev)
    vcfg = ncfg["vectors"]
    words, vectors, ngrams = word_vectors(args.corpus, vcfg, train + dev if args.dev else train, args.cache)
    # float16, as shipped
    wv = WordVectors(words, vectors.astype(np.float16).astype(np.float32),
                     ngrams.astype(np.float16).astype(np.float32), vcfg["min_n"], vcfg["max_n"])
    lm = train_lm(args.corpus, ncfg["lm"], vcfg, wv, args.cache) if ncfg.get("lm") else None
    use_crf = bool(ncfg.get("doc_features"))
    ctr = cdev = None
    if use_crf:
        ptr, pdev = crf_tags(cfg, train, dev, table, args.cache, None)
        ctr, cdev = doc_extra(lang, train, ptr, table, cfg), doc_extra(lang, dev, pdev, table, cfg)
    spec = make_spec(words, vcfg, train, table, ncfg["min_char"], ctr)
    enc = Encoder(spec, table, wv)
    data = tensors(enc, train, ctr)
    log(f"encoded {len(data)} training sentences")
    dim = wv.dim
    if args.dev:
        ddata = tensors(enc, dev, cdev)

        seen = {(" ".join(normalize(t) for t in s.tokens[b:e]), ty) for s in train for b, e, ty in conll.decode(s.tags)}

        def dev_eval(net, crf, ep):
            pred = predict_torch(net, crf, ddata)
            sc = conll.score([s.tags for s in dev], pred)
            # recall of the dev names never seen in training (what the test split is short of)
            hit = tot = 0
            for s, p in zip(dev, pred):
                got = set(conll.decode(p))
                for b, e, ty in conll.decode(s.tags):
                    if (" ".join(normalize(t) for t in s.tokens[b:e]), ty) not in seen:
                        tot += 1
                        hit += (b, e, ty) in got
            return {"dev_f1": round(100 * sc["micro"].f1, 2), "unseen_recall": round(100 * hit / max(tot, 1), 1),
                    **{t: round(100 * sc[t].f1, 1) for t in conll.TYPES if t in sc}}

        net, crf, hist = train_ensemble(spec, ncfg, dim, data, dev_eval, lm)
        if ncfg.get("ensemble", 1) > 1:
            hists = hist
            hist = hists[0][:-1] + [{**hists[0][-1], **{"member_" + k: [h[-1][k] for h in hists]
                                                         for k in ("dev_f1", "swa_dev_f1") if k in hists[0][-1]},
                                     **{"ensemble_" + k: v for k, v in dev_eval(net, crf, 0).items()}}]
        best = max(hist, key=lambda r: r["dev_f1"])
        log(f"best dev epoch {best['epoch']}: {best['dev_f1']}; last {hist[-1]['dev_f1']}"
            + (f", weights averaged {hist[-1]['swa_dev_f1']}" if "swa_dev_f1" in hist[-1] else ""))
        rec = {"set": args.set, "sentences": len(dev), "tokens": sum(len(s.tokens) for s in dev),
               "history": hist, "last": hist[-1]}
        dev_record(cfg, args.cache).write_text(json.dumps(rec, indent=1) + "\n", encoding="utf-8")
        if args.log:
            with args.log.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec) + "\n")
        return 0
    net, crf, hist = train_ensemble(spec, ncfg, dim, data, lm=lm)
    export(net, crf, spec, wv, args.out, lang, data[0])
    train_seconds = round(time.time() - t_start)

    # figures through the shipped code path (kgbuild.ner.NerModel)
    from kgbuild.ner import NerModel

    meta_path = args.out / f"{lang}.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["config"] = cfg
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    model = NerModel(lang, args.out)
    test = conll.read_conll(args.corpus / cfg["test"])
    t0 = time.time()
    pred = model.tag_tokens([s.tokens for s in test])
    dt = time.time() - t0
    sc = conll.score([s.tags for s in test], pred)
    log("\n" + conll.format_scores(sc))
    files = [args.out / f"{lang}.{x}" for x in ("nn.onnx", "nn.npz", "nn.json")]
    neural = {"epochs": hist, "train_seconds": train_seconds,
              "model_bytes": sum(p.stat().st_size for p in files)}
    rec = dev_record(cfg, args.cache)
    if rec.exists():
        neural["dev"] = json.loads(rec.read_text(encoding="utf-8"))
        log(f"dev figure of this config: {neural['dev']['last']}")
    if "test" in meta:
        meta["crf_test"] = meta.pop("test")  # the CRF's own figures, kept for comparison
    meta["neural"] = neural
    meta["test"] = {"file": cfg["test"], "scores": {t: s.to_dict() for t, s in sc.items()},
                    "tokens": sum(len(s.tokens) for s in test),
                    "tokens_per_second": round(sum(len(s.tokens) for s in test) / dt)}
    meta["model_bytes"] = sum(p.stat().st_size for p in args.out.glob(f"{lang}.*"))
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def dev_record(cfg: dict, cache: Path) -> Path:
    """Where ``--dev`` leaves its per-epoch figures for the same config."""
    key = hashlib.sha1(json.dumps(cfg, sort_keys=True).encode()).hexdigest()[:12]
    return cache / f"nn-dev-{cfg['lang']}-{key}.json"


if __name__ == "__main__":
    raise SystemExit(main())
