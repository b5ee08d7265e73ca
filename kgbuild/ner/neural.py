"""The neural Arabic tagger: a BiLSTM over word vectors, characters and the
CRF's lexicon features, decoded with a CRF transition matrix (Viterbi).

The network runs under onnxruntime (``<lang>.nn.onnx``); everything else is
numpy. Files of a model in ``kgbuild/ner/models/``:

* ``<lang>.nn.onnx``: the network, inputs ``words`` (float32 [B, T, 2*D]:
  the word vectors of each token's normalised form and of its
  clitic-stripped form), ``chars`` (int64 [B, T, C]), ``feats`` (int64
  [B, T, K]: categorical features) and ``flags`` (float32 [B, T, F]); output
  ``emissions`` (float32 [B, T, n_tags]).
* ``<lang>.nn.npz``: ``vectors`` (float16 [V, D], fastText vectors learnt
  from raw text, frozen in training), ``ngrams`` (float16 [buckets, D]:
  fastText's character n-gram vectors, which give any other word a vector),
  ``transitions`` ([n_tags, n_tags]), ``start`` and ``end`` ([n_tags]) of
  the CRF.
* ``<lang>.nn.json``: the vocabulary (words by row), characters, tag names,
  flag names and categorical value tables.

:class:`Encoder` turns token lists into those arrays; the training script
(``scripts/train_ner_nn.py``) uses the same code, so training and tagging
see the same inputs. The encoder reads the CRF's feature table
(:class:`kgbuild.ner.features.FeatureTable`: lexicon flags, gazetteer
phrases, word clusters, frequency ranks for clitic segmentation).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from kgbuild.ner.features import FeatureTable, _ar_shape, _phrase_tags, ar_segment, normalize

MAX_CHARS = 16  # characters kept per token (first 8 and last 8 of longer ones)


class Encoder:
    """Token lists → network inputs (see the module doc).

    ``spec``: the ``<lang>.nn.json`` contents (``words``, ``chars``,
    ``flags``, ``cats``: for each categorical feature its value list).
    Unknown values map to index 1 (0 is padding).
    """

    CATS = ("gaz", "c1", "c2", "c3", "shape", "pre", "art", "unk")

    def __init__(self, spec: dict, table: FeatureTable, vectors: WordVectors):
        self.spec = spec
        self.table = table
        self.vectors = vectors
        #: document features from the first-pass CRF's tags (``p1=B-PER``,
        #: ``dt=PER``, ``dmaj=O``, ``de=I-ORG``: :func:`doc_features`) when the
        #: model was trained with them
        self.extra_ix = {f: i for i, f in enumerate(spec.get("extra", ()))}
        self.cats = self.CATS
        self.char_ix = {c: i + 2 for i, c in enumerate(spec["chars"])}
        self.flag_ix = {f: i for i, f in enumerate(spec["flags"])}
        self.cat_ix = [{v: i + 2 for i, v in enumerate(spec["cats"][c])} for c in self.cats]

    @staticmethod
    def raw_values(tokens: list[str], table: FeatureTable) -> list[dict]:
        """Per token: the lookup forms and the raw feature values (strings)."""
        norms = [normalize(t) or t for t in tokens]
        segs = [ar_segment(n, table.rank) for n in norms]
        keys = [art + bare if pre else n for n, (pre, art, bare) in zip(norms, segs)]
        gaz = _phrase_tags(norms, keys, table)
        out = []
        for tok, n, k, (pre, art, bare), g in zip(tokens, norms, keys, segs, gaz):
            c = table.clusters.get(k) or table.clusters.get(n) or table.clusters.get(bare) \
                or table.clusters.get("ال" + bare) or ("-", "-", "-")
            fl = set(table.flags.get(k, ())) | set(table.flags.get(n, ())) | set(table.flags.get(bare, ()))
            out.append({"norm": n, "key": k, "bare": bare, "flags": fl,
                        "cats": [g or "-", c[0], c[1], c[2], _ar_shape(tok), pre or "-", art or "-"]})
        return out

    def word_vectors(self, v: dict) -> tuple[bool, np.ndarray, np.ndarray]:
        """Whether a token's normalised form is in the vocabulary, and the
        vectors of that form and of its clitic-stripped form (the stripped
        form falls back to the bare word, then to n-gram vectors)."""
        wv = self.vectors
        known = v["norm"] in wv.ix
        a = wv.get(v["norm"])
        for f in (v["key"], v["bare"], "ال" + v["bare"]):
            if f in wv.ix:
                return known, a, wv.get(f)
        return known, a, wv.get(v["key"]) if v["key"] != v["norm"] else a

    def encode(self, sentences: list[list[str]], extra: list[list[list[str]]] | None = None
               ) -> dict[str, np.ndarray]:
        """Padded arrays for a batch of sentences: ``words`` [B, T, 2 * D],
        ``chars`` [B, T, C], ``feats`` [B, T, K], ``flags`` [B, T, F] (lexicon
        flags, then the document features) and ``lengths`` [B]. ``extra``:
        per sentence, per token, the document features (strings; needed when
        the model uses them)."""
        B = len(sentences)
        T = max((len(s) for s in sentences), default=0) or 1
        K, F = len(self.cats), len(self.flag_ix) + len(self.extra_ix)
        D = self.vectors.dim
        words = np.zeros((B, T, 2 * D), dtype=np.float32)
        chars = np.zeros((B, T, MAX_CHARS), dtype=np.int64)
        feats = np.zeros((B, T, K), dtype=np.int64)
        flags = np.zeros((B, T, F), dtype=np.float32)
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        for b, toks in enumerate(sentences):
            for t, (tok, v) in enumerate(zip(toks, self.raw_values(toks, self.table))):
                known, va, vk = self.word_vectors(v)
                words[b, t, :D] = va
                words[b, t, D:] = vk
                n = v["norm"]
                cs = n if len(n) <= MAX_CHARS else n[:MAX_CHARS // 2] + n[-MAX_CHARS // 2:]
                for j, ch in enumerate(cs):
                    chars[b, t, j] = self.char_ix.get(ch, 1)
                vals = v["cats"] + ["known" if known else "unk"]
                for j, (ix, x) in enumerate(zip(self.cat_ix, vals)):
                    feats[b, t, j] = ix.get(x, 1)
                for f in v["flags"]:
                    i = self.flag_ix.get(f)
                    if i is not None:
                        flags[b, t, i] = 1.0
                if extra is not None:
                    off = len(self.flag_ix)
                    for f in extra[b][t]:
                        i = self.extra_ix.get(f)
                        if i is not None:
                            flags[b, t, off + i] = 1.0
        return {"words": words, "chars": chars, "feats": feats, "flags": flags, "lengths": lengths}


def _ft_hash(b: bytes) -> int:
    """fastText's (and gensim's) FNV-1a hash of an n-gram's UTF-8 bytes,
    bytes taken as signed chars as the reference implementation does."""
    h = 2166136261
    for x in b:
        h = ((h ^ (x - 256 if x > 127 else x)) * 16777619) & 0xFFFFFFFF
    return h


class WordVectors:
    """Frozen fastText vectors: the shipped vocabulary's (``words``,
    ``vectors``) and, for any other word, the mean of its character n-gram
    vectors (:class:`SubwordVectors`)."""

    def __init__(self, words: list[str], vectors: np.ndarray, ngrams: np.ndarray, min_n: int, max_n: int):
        self.ix = {w: i for i, w in enumerate(words)}
        self.vectors = vectors
        self.dim = vectors.shape[1]
        self.sub = SubwordVectors(ngrams, min_n, max_n)

    def get(self, word: str) -> np.ndarray:
        i = self.ix.get(word)
        return self.vectors[i] if i is not None else self.sub.vector(word)


class SubwordVectors:
    """fastText vectors of words outside the shipped vocabulary: the mean of
    the vectors of their character n-grams (``<word>``, lengths
    ``min_n``..``max_n``, hashed into ``len(ngrams)`` buckets), as gensim's
    ``FastTextKeyedVectors`` computes them."""

    def __init__(self, ngrams: np.ndarray, min_n: int, max_n: int):
        self.ngrams, self.min_n, self.max_n = ngrams, min_n, max_n
        self._cache: dict[str, np.ndarray] = {}

    def vector(self, word: str) -> np.ndarray:
        v = self._cache.get(word)
        if v is None:
            w = f"<{word}>"
            n = len(self.ngrams)
            rows = [_ft_hash(w[i:i + k].encode("utf-8")) % n
                    for k in range(self.min_n, self.max_n + 1) for i in range(len(w) - k + 1)]
            v = self.ngrams[rows].mean(0) if rows else np.zeros(self.ngrams.shape[1], np.float32)
            if len(self._cache) < 100_000:
                self._cache[word] = v
        return v


def viterbi(em: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """Best tag sequence for emissions ``em`` [T, n_tags] under a linear-chain CRF."""
    T = em.shape[0]
    score = start + em[0]
    back = np.zeros((T, em.shape[1]), dtype=np.int64)
    for t in range(1, T):
        s = score[:, None] + trans
        back[t] = s.argmax(0)
        score = s.max(0) + em[t]
    score = score + end
    best = [int(score.argmax())]
    for t in range(T - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]


class NeuralTagger:
    """A loaded neural model (onnxruntime session, vectors, CRF matrices)."""

    def __init__(self, folder: Path, lang: str, table: FeatureTable, batch: int = 32):
        try:
            import onnxruntime as ort
        except ImportError as e:  # pragma: no cover - depends on the install
            raise ImportError("kgbuild.ner needs onnxruntime: pip install onnxruntime") from e
        spec = json.loads((folder / f"{lang}.nn.json").read_text(encoding="utf-8"))
        z = np.load(folder / f"{lang}.nn.npz")
        wv = WordVectors(spec["words"], z["vectors"].astype(np.float32), z["ngrams"].astype(np.float32),
                         spec["min_n"], spec["max_n"])
        self.enc = Encoder(spec, table, wv)
        self.tags = spec["tags"]
        self.trans, self.start, self.end = z["transitions"], z["start"], z["end"]
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(str(folder / f"{lang}.nn.onnx"), so, providers=["CPUExecutionProvider"])
        self.batch = batch

    def emissions(self, sentences: list[list[str]], extra: list[list[list[str]]] | None = None
                  ) -> list[np.ndarray]:
        """Per sentence, the network's emission scores [len, n_tags].
        Sentences run in batches of equal length (no padding, so the
        backward LSTM starts at each sentence's last token)."""
        out: list[np.ndarray] = [np.zeros((0, len(self.tags)), dtype=np.float32)] * len(sentences)
        by_len: dict[int, list[int]] = {}
        for i, s in enumerate(sentences):
            if s:
                by_len.setdefault(len(s), []).append(i)
        for n in sorted(by_len):
            ids = by_len[n]
            for s0 in range(0, len(ids), self.batch):
                idx = ids[s0:s0 + self.batch]
                x = self.enc.encode([sentences[i] for i in idx],
                                    [extra[i] for i in idx] if extra is not None else None)
                em, = self.sess.run(None, {"words": x["words"], "chars": x["chars"], "feats": x["feats"],
                                           "flags": x["flags"]})
                for b, i in enumerate(idx):
                    out[i] = em[b]
        return out

    def tag_tokens(self, sentences: list[list[str]], extra: list[list[list[str]]] | None = None
                   ) -> list[list[str]]:
        """IOB2 tags per sentence (``extra``: see :meth:`Encoder.encode`)."""
        return [[self.tags[j] for j in viterbi(e, self.trans, self.start, self.end)] if len(e) else []
                for e in self.emissions(sentences, extra)]
