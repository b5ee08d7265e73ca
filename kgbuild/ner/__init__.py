"""Statistical named-entity recognition: CRF taggers for Arabic and English.

Public API::

    from kgbuild import ner
    ner.tag("التقى الرئيس عبد الفتاح السيسي في القاهرة", "ar")
    # -> [(13, 30, 'PER'), (34, 40, 'LOC')]
    ner.tag_tokens([["EU", "rejects", "German", "call"]], "en")
    # -> [['B-ORG', 'O', 'B-MISC', 'O']]

* :func:`tag` — text in, entity spans ``(begin, end, type)`` out: character
  offsets into the text (half-open), types ``PER``, ``ORG``, ``LOC``,
  ``MISC``. Arabic spans leave out an attached proclitic (و ف ب ل ك:
  ``"بباريس"`` gives the span of ``"باريس"``; see :func:`strip_proclitic`).
* :func:`tag_tokens` — pre-tokenised sentences of one document in, IOB2 tags
  out (what ``kgbuild eval-ner`` scores).
* :func:`load` — the model of a language (cached), with its metadata
  (training data, figures) in ``model.meta``.

The models (``kgbuild/ner/models/<lang>.*``) are trained by
``scripts/train_ner.py`` (and, for Arabic, ``scripts/train_ner_nn.py``) from
public corpora (README.md, "Named-entity models"). English: two linear-chain
CRFs (CRFsuite): the first tags each sentence from its own words; the second
adds document features built from the first's tags (the same word or name
tagged elsewhere in the document). Arabic: the first CRF, then a BiLSTM-CRF
(:mod:`kgbuild.ner.neural`, run by onnxruntime) over fastText word vectors,
characters, the CRF's lexicon features and the same document features.
Needs ``python-crfsuite`` (ImportError naming it when missing) and
``onnxruntime`` (without it the Arabic model falls back to its second CRF,
with a warning). A loaded model is not safe to share between threads.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kgbuild.ner.conll import TYPES, decode
from kgbuild.ner.features import (FeatureTable, ar_segment, doc_features, doc_keys, en_doc_lower,
                                  features, normalize)

__all__ = ["tag", "tag_tokens", "load", "NerModel", "tokenize", "strip_proclitic", "TYPES", "LANGUAGES"]

#: Languages with a shipped model.
LANGUAGES = ("ar", "en")

MODELS = Path(str(resources.files("kgbuild") / "ner" / "models"))


@dataclass(frozen=True)
class Token:
    """A token for tagging: ``text[begin:end]``."""

    begin: int
    end: int
    text: str


# English tokens after CoNLL-2003 (Penn Treebank-like): abbreviations with
# their dots (U.S., Mr.), numbers with separators, hyphenated words, clitics
# 's n't split off, every other symbol alone.
_EN_ABBR = ("Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Cmdr|Adm|St|Jr|Sr|Mt|Ft|"
            "Corp|Inc|Ltd|Co|Bros|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_EN_TOKEN = re.compile(rf"""
    (?:[A-Za-z]\.){{2,}}                      # U.S. U.N.
  | (?:{_EN_ABBR})\.(?=\s+\S)                 # Mr. Corp.
  | \d+(?:[.,:/]\d+)*                         # 1,200.50 12:30
  | \w+(?=n['’]t\b)                           # does|n't
  | n['’]t\b
  | ['’](?:s|re|ve|ll|d|m)\b                  # 's 're
  | [^\W_]+(?:(?:[-&]|['’](?=[A-Z]))[^\W_]+)*  # al-Assad AT&T O'Brien
  | \S
""", re.VERBOSE)


# Arabic tokens as kgbuild.text.tokenize makes them (a frozen copy): runs of
# letters, digits, marks, tatweel and format characters; any other non-space
# character alone.
_AR_TOKEN = re.compile(r"[\w\u0640\u064B-\u065F\u0670\u200c-\u200f\u202a-\u202e\u2066-\u2069]+|[^\w\s]")


def tokenize(text: str, lang: str) -> list[list[Token]]:
    """Split ``text`` into sentences of tokens, as the models expect.

    Arabic: as :func:`kgbuild.text.tokenize` (words and punctuation; clitics
    stay attached, as in ANERcorp). English: CoNLL-2003-like tokens (see
    ``_EN_TOKEN``). A sentence ends after ``. ! ? ؟`` and at line breaks.
    Output: sentences (non-empty lists of tokens with character offsets).
    """
    if lang == "ar":
        toks = []
        for m in _AR_TOKEN.finditer(text):
            b, e = m.start(), m.end()
            while b < e and unicodedata.category(text[b]) == "Cf":
                b += 1
            while e > b and unicodedata.category(text[e - 1]) == "Cf":
                e -= 1
            if b < e:
                toks.append(Token(b, e, text[b:e]))
    else:
        toks = [Token(m.start(), m.end(), m.group()) for m in _EN_TOKEN.finditer(text)]
    out: list[list[Token]] = []
    cur: list[Token] = []
    for i, t in enumerate(toks):
        if cur and "\n" in text[cur[-1].end:t.begin]:
            out.append(cur)
            cur = []
        cur.append(t)
        if t.text in (".", "!", "?", "؟") and not (i + 1 < len(toks) and toks[i + 1].text in ('"', "'", "”", "»")):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


class NerModel:
    """A loaded model: feature table, first-pass CRF tagger, then the
    second-pass CRF or the neural tagger, ``meta`` (the training record
    ``<lang>.json``). Build with :func:`load`."""

    def __init__(self, lang: str, folder: Path = MODELS) -> None:
        try:
            import pycrfsuite
        except ImportError as e:  # pragma: no cover - depends on the install
            raise ImportError("kgbuild.ner needs python-crfsuite: pip install python-crfsuite") from e
        self.lang = lang
        meta_path = folder / f"{lang}.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"no NER model for {lang!r} in {folder} (have: {', '.join(LANGUAGES)})")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.table = FeatureTable.load(folder / f"{lang}.features.tsv.gz")
        st = self.meta["config"].get("stacking")
        self.window = st["window"] if st else None
        self._t1 = pycrfsuite.Tagger()
        self._t1.open(str(folder / (f"{lang}.pass1.crfsuite" if st else f"{lang}.crfsuite")))
        self._t2 = None
        self._nn = None
        if self.meta["config"].get("neural") and (folder / f"{lang}.nn.onnx").is_file():
            try:
                from kgbuild.ner.neural import NeuralTagger

                self._nn = NeuralTagger(folder, lang, self.table)
            except ImportError as e:  # pragma: no cover - depends on the install
                warnings.warn(f"{e}; tagging {lang} with the CRF alone (lower F1, README.md)", stacklevel=2)
        if st and self._nn is None:
            self._t2 = pycrfsuite.Tagger()
            self._t2.open(str(folder / f"{lang}.crfsuite"))

    def tag_tokens(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 tags for the sentences of one document (tokens as strings).
        Empty sentences get empty tag lists."""
        kw = {}
        if self.lang == "en":
            kw["doc_lower"] = en_doc_lower(sentences)
        X1 = [features(self.lang, s, self.table, **kw) if s else [] for s in sentences]
        p1 = [self._t1.tag(x) if x else [] for x in X1]
        if self._t2 is None and self._nn is None:
            return p1
        keys = [doc_keys(self.lang, s, self.table) for s in sentences]
        D = doc_features(keys, p1, self.window)
        if self._nn is not None:
            return self._nn.tag_tokens(sentences, D if self._nn.enc.extra_ix else None)
        return [self._t2.tag([a + b for a, b in zip(x, d)]) if x else [] for x, d in zip(X1, D)]

    def tag(self, text: str, keep_proclitics: bool = False) -> list[tuple[int, int, str]]:
        """Entity spans ``(begin, end, type)`` of ``text`` (one document), in
        text order. ``keep_proclitics``: Arabic spans keep an attached و ف ب ل
        ك (by default the span starts after it, :func:`strip_proclitic`)."""
        sents = tokenize(text, self.lang)
        tags = self.tag_tokens([[t.text for t in s] for s in sents])
        out = []
        for s, ts in zip(sents, tags):
            for b, e, typ in decode(ts):
                begin = s[b].begin
                if self.lang == "ar" and not keep_proclitics:
                    begin += strip_proclitic(s[b].text, self.table.rank)
                out.append((begin, s[e - 1].end, typ))
        return out


def strip_proclitic(word: str, rank: dict[str, int] | None = None) -> int:
    """Number of leading characters of an Arabic ``word`` that are attached
    proclitics (conjunction و ف, preposition ب ل ك), 0 if none.

    The split is the feature segmentation's (:func:`ar_segment`: cut only
    where the rest is a much more frequent word, so لبنان and وليد stay
    whole). With ``لل`` (ل + the article, its alif dropped) only a leading
    conjunction is cut: ``وللأمم`` → ``للأمم``. Diacritics and format marks
    inside the clitic are skipped when counting characters.
    """
    n = normalize(word)
    if rank is None:
        rank = load("ar").table.rank
    pre, _, _ = ar_segment(n, rank)
    if not pre:
        return 0
    if pre.endswith("ل") and n[len(pre):len(pre) + 1] == "ل":
        pre = pre[:-1]  # keep ل + ال together
    # count original characters until len(pre) normalised letters are consumed
    need, i = len(pre), 0
    while i < len(word) and need:
        if normalize(word[i]):
            need -= 1
        i += 1
    while i < len(word) and not normalize(word[i]):
        i += 1  # a diacritic on the clitic
    return i if i < len(word) else 0


@functools.lru_cache(maxsize=None)
def load(lang: str) -> NerModel:
    """The shipped model of ``lang`` (``"ar"`` or ``"en"``), loaded once.
    Raises FileNotFoundError for a language without a model, ImportError when
    python-crfsuite is missing."""
    return NerModel(lang)


def tag(text: str, lang: str, keep_proclitics: bool = False) -> list[tuple[int, int, str]]:
    """Named entities of ``text`` (one article) in language ``lang``.

    Output: ``[(begin, end, type), ...]`` in text order: half-open character
    offsets into ``text``, ``type`` one of ``PER``, ``ORG``, ``LOC``,
    ``MISC``. Arabic spans start after an attached proclitic unless
    ``keep_proclitics``. Speed: see README.md ("Named-entity models").
    """
    return load(lang).tag(text, keep_proclitics=keep_proclitics)


def tag_tokens(sentences: list[list[str]], lang: str) -> list[list[str]]:
    """IOB2 tags (``B-PER``, ``I-PER``, ``O`` ...) for the pre-tokenised
    sentences of one document."""
    return load(lang).tag_tokens(sentences)
