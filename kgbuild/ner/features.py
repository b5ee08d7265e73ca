"""Token features for the CRF taggers (the same code at training and tagging).

A model is a CRFsuite file plus a *feature table* (``<lang>.features.tsv.gz``
in ``kgbuild/ner/models/``), a snapshot taken at training time of:

* word clusters: normalised word → cluster ids at three granularities
  (spherical k-means over PPMI-SVD vectors learnt from raw text; see
  ``scripts/train_ner.py``), in order of corpus frequency (the row number is
  the word's frequency rank, used for clitic segmentation);
* lexicon flags: normalised word → names of the kgbuild lexicons that list it
  (given names, role titles, honorifics, organisation heads, countries,
  nationality adjectives, months, function words ...);
* phrases: normalised multi-word names (gazetteers: mined names, countries,
  organisations) → type.

The snapshot makes a model independent of later edits to
``kgbuild/lang/*/lexicon``: features at tagging time are exactly those the
model was trained with.

Feature table format (UTF-8 TSV, gzip), three kinds of lines::

    W<TAB>word<TAB>c1<TAB>c2<TAB>c3      a clustered word, most frequent first
    L<TAB>word<TAB>flag|flag...          lexicon flags of a word
    P<TAB>word word ...<TAB>TYPE         a multi-word gazetteer phrase

Features are plain strings (CRFsuite attributes with weight 1).
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.ner.conll import decode

# A frozen copy of kgbuild.text.normalize as the models were trained with it
# (a later change there must not silently change the models' features).
_DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_CHAR_MAP = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
for _i in range(10):
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)
_NORM_CACHE: dict[str, str] = {}


def normalize(s: str) -> str:
    """Arabic matching form: diacritics, tatweel and format characters
    removed; أ إ آ ٱ → ا, ى → ي, ة → ه; Arabic-Indic digits → ASCII;
    case folded (the rules of :func:`kgbuild.text.normalize`, frozen)."""
    r = _NORM_CACHE.get(s)
    if r is None:
        out = []
        for ch in s:
            if ch in _DIACRITICS or unicodedata.category(ch) == "Cf":
                continue
            out.append(_CHAR_MAP.get(ch, ch))
        r = "".join(out).casefold()
        if len(_NORM_CACHE) < 200_000:
            _NORM_CACHE[s] = r
    return r

# Arabic proclitic sequences, longest first: conjunction (و ف), then
# preposition (ب ل ك), then the future س is not a noun prefix and is left out.
_AR_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_AR_SUFFIXES = ("هما", "كما", "ها", "هم", "هن", "كم", "نا", "ه", "ي", "ك")
_ARABIC = re.compile(r"^[\u0621-\u064A]+$")
_HAS_ARABIC = re.compile(r"[\u0621-\u064A]")
_LATIN = re.compile(r"^[A-Za-z]+$")
_DIGIT = re.compile(r"^[0-9]+([.,][0-9]+)*$")


@dataclass
class FeatureTable:
    """Clusters, lexicon flags and phrases of one language (see module doc)."""

    clusters: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    rank: dict[str, int] = field(default_factory=dict)
    flags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    max_phrase: int = 0
    _first: dict[str, int] | None = None

    def first_words(self) -> dict[str, int]:
        """First word of each phrase → the longest phrase length it starts."""
        if self._first is None or len(self._first) == 0 and self.phrases:
            first: dict[str, int] = {}
            for k in self.phrases:
                first[k[0]] = max(first.get(k[0], 0), len(k))
            self._first = first
        return self._first

    @classmethod
    def load(cls, path: str | Path) -> FeatureTable:
        """Read a feature table file. Raises FileNotFoundError, ValueError
        (naming the line) on a malformed line."""
        t = cls()
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                parts = line.rstrip("\n").split("\t")
                kind = parts[0]
                if kind == "W" and len(parts) == 5:
                    t.rank[parts[1]] = len(t.rank)
                    t.clusters[parts[1]] = (parts[2], parts[3], parts[4])
                elif kind == "L" and len(parts) == 3:
                    t.flags[parts[1]] = tuple(parts[2].split("|"))
                elif kind == "P" and len(parts) == 3:
                    key = tuple(parts[1].split(" "))
                    t.phrases[key] = parts[2]
                    t.max_phrase = max(t.max_phrase, len(key))
                elif kind.startswith("#") or not line.strip():
                    continue
                else:
                    raise ValueError(f"{path}:{lineno}: malformed feature table line")
        return t

    def save(self, path: str | Path, header: list[str] = ()) -> None:
        """Write the table (deterministic order: clusters by rank, then
        sorted flags and phrases). ``header`` lines are written as ``#`` comments."""
        lines = [f"# {h}" for h in header]
        for w, _ in sorted(self.rank.items(), key=lambda kv: kv[1]):
            lines.append("\t".join(("W", w, *self.clusters[w])))
        for w in sorted(self.flags):
            lines.append(f"L\t{w}\t{'|'.join(sorted(self.flags[w]))}")
        for k in sorted(self.phrases):
            lines.append(f"P\t{' '.join(k)}\t{self.phrases[k]}")
        with gzip.GzipFile(path, "wb", mtime=0) as fh:
            fh.write(("\n".join(lines) + "\n").encode("utf-8"))


# --------------------------------------------------------------------------
# Arabic
# --------------------------------------------------------------------------


def ar_segment(n: str, rank: dict[str, int]) -> tuple[str, str, str]:
    """Split a *normalised* Arabic word into ``(proclitics, article, bare)``.

    ``"وبالعراق"`` → ``("وب", "ال", "عراق")``; ``"للامم"`` → ``("ل", "ال",
    "امم")``. A prefix is cut only when the rest is known and much more
    frequent than the whole word (``rank``: frequency rank of raw-text words),
    so that ``لبنان``, ``وليد`` and ``بغداد`` stay whole; the article is always
    split off (at least two letters must remain).
    """
    best_pre, best = "", n
    r_whole = rank.get(n)
    for p in _AR_PREFIXES:
        if not n.startswith(p) or len(n) - len(p) < 2:
            continue
        rest = n[len(p):]
        if p.endswith("ل") and rest.startswith("ل") and len(rest) >= 3:
            rest = "ا" + rest  # لل = ل + ال
        r = rank.get(rest)
        if r is None:
            continue
        if r_whole is None or r * 10 < r_whole:
            best_pre, best = p, rest
            break
    art = ""
    if best.startswith("ال") and len(best) >= 4:
        art, best = "ال", best[2:]
    return best_pre, art, best


def _ar_shape(w: str) -> str:
    if _ARABIC.match(w):
        return "AR"
    if _DIGIT.match(w):
        return "DIG"
    if _LATIN.match(w):
        return "LATC" if w[0].isupper() else "LAT"
    if not any(ch.isalnum() for ch in w):
        return "P" + w[:1]
    if _HAS_ARABIC.search(w):
        return "ARX"
    return "X"


def _phrase_tags(keys: list[str], alt: list[str], table: FeatureTable) -> list[str]:
    """Longest-match gazetteer tags (``B-TYPE``/``I-TYPE`` or ``""``) over the
    sentence's lookup keys; the first word of a phrase may also match through
    ``alt`` (its clitic-stripped form)."""
    n = len(keys)
    out = [""] * n
    if not table.phrases:
        return out
    first = table.first_words()
    i = 0
    while i < n:
        hit = 0
        top = max(first.get(keys[i], 0), first.get(alt[i], 0))
        for m in range(min(top, n - i), 1, -1):
            rest = tuple(keys[i + 1:i + m])
            typ = table.phrases.get((keys[i], *rest)) or table.phrases.get((alt[i], *rest))
            if typ:
                out[i] = "B-" + typ
                for j in range(i + 1, i + m):
                    out[j] = "I-" + typ
                hit = m
                break
        i += hit or 1
    return out


def ar_features(tokens: list[str], table: FeatureTable) -> list[list[str]]:
    """Features of one Arabic sentence (tokens as written).

    Output: one list of attribute strings per token.
    """
    norms = [normalize(t) or t for t in tokens]
    segs = [ar_segment(n, table.rank) for n in norms]
    keys = []  # lookup form: clitics cut, article kept
    for n, (pre, art, bare) in zip(norms, segs):
        keys.append(art + bare if pre else n)
    gaz = _phrase_tags(norms, keys, table)
    cl = []
    fl = []
    for n, k, (pre, art, bare) in zip(norms, keys, segs):
        c = table.clusters.get(k) or table.clusters.get(n) or table.clusters.get(bare) \
            or table.clusters.get("ال" + bare)
        cl.append(c or ("-", "-", "-"))
        f = set(table.flags.get(k, ())) | set(table.flags.get(n, ())) | set(table.flags.get(bare, ()))
        fl.append(sorted(f))
    shapes = [_ar_shape(t) for t in tokens]
    out = []
    L = len(tokens)
    for i in range(L):
        n, k = norms[i], keys[i]
        pre, art, bare = segs[i]
        f = ["b", "w=" + n, "k=" + k, "bare=" + bare, "sh=" + shapes[i],
             "c1=" + cl[i][0], "c2=" + cl[i][1], "c3=" + cl[i][2]]
        if pre:
            f.append("pre=" + pre)
        if art:
            f.append("art")
        if len(bare) >= 3:
            f += ["s2=" + bare[-2:], "s3=" + bare[-3:], "p2=" + bare[:2], "p3=" + bare[:3]]
        if len(bare) >= 5:
            f += ["s4=" + bare[-4:], "p4=" + bare[:4]]
        f.append("s1=" + bare[-1:])
        for s in _AR_SUFFIXES:
            if bare.endswith(s) and len(bare) - len(s) >= 3:
                f.append("suf=" + s)
                break
        f.append("len=" + str(min(len(bare), 8)))
        if tokens[i] != n and _HAS_ARABIC.search(tokens[i]) and not pre:
            f.append("hamza")  # original spelling had hamza/ة/ى marks
        for x in fl[i]:
            f.append("L=" + x)
        if gaz[i]:
            f.append("G=" + gaz[i])
        # context
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < L:
                f.append(f"{d}w=" + norms[j])
                f.append(f"{d}c2=" + cl[j][1])
                for x in fl[j]:
                    f.append(f"{d}L=" + x)
                if d in (-1, 1):
                    f.append(f"{d}k=" + keys[j])
                    f.append(f"{d}c3=" + cl[j][2])
                    f.append(f"{d}c1=" + cl[j][0])
                    f.append(f"{d}sh=" + shapes[j])
                    if gaz[j]:
                        f.append(f"{d}G=" + gaz[j])
                    if segs[j][0]:
                        f.append(f"{d}pre=" + segs[j][0])
                    if segs[j][1]:
                        f.append(f"{d}art")
            elif d in (-1, 1):
                f.append(f"{d}w=" + ("BOS" if d < 0 else "EOS"))
        if i > 0:
            f.append("-1w|w=" + norms[i - 1] + "|" + n)
            f.append("-1c|c=" + cl[i - 1][1] + "|" + cl[i][1])
        if i + 1 < L:
            f.append("w|1w=" + n + "|" + norms[i + 1])
            f.append("c|1c=" + cl[i][1] + "|" + cl[i + 1][1])
        out.append(f)
    return out


# --------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------


def _en_shape(w: str) -> str:
    s = re.sub(r"[A-Z]", "X", w)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"[0-9]", "d", s)
    return s


def _short(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


def en_features(tokens: list[str], table: FeatureTable, doc_lower: set[str] | None = None,
                ) -> list[list[str]]:
    """Features of one English sentence (tokens as written).

    ``doc_lower``: the lowercased words the document (all its sentences) also
    writes in lower case, a document-level clue that a capitalised word is a
    common word; None when unknown.
    """
    L = len(tokens)
    lows = [t.lower() for t in tokens]
    words = [t for t in tokens if t[:1].isalpha()]
    headline = bool(words) and sum(t.isupper() for t in words) >= max(2, 0.7 * len(words))
    shapes = [_en_shape(t) for t in tokens]
    shorts = [_short(s) for s in shapes]
    cl = [table.clusters.get(lw) or table.clusters.get(t) or ("-", "-", "-") for t, lw in zip(tokens, lows)]
    fl = [sorted(set(table.flags.get(lw, ())) | set(table.flags.get(t, ()))) for t, lw in zip(tokens, lows)]
    gaz = _phrase_tags(lows, lows, table)
    out = []
    for i in range(L):
        t, lw = tokens[i], lows[i]
        f = ["b", "w=" + lw, "sh=" + shorts[i], "c1=" + cl[i][0], "c2=" + cl[i][1], "c3=" + cl[i][2]]
        if t != lw:
            f.append("W=" + t)
        if len(shapes[i]) <= 6:
            f.append("SH=" + shapes[i])
        for k in (1, 2, 3, 4):
            if len(lw) > k:
                f.append(f"p{k}=" + lw[:k])
                f.append(f"s{k}=" + lw[-k:])
        if i == 0:
            f.append("first")
        if headline:
            f.append("headline")
        if "-" in t and len(t) > 1:
            f.append("hyph")
            f.append("hyph1=" + lw.split("-")[0])
            f.append("hyphL=" + lw.rsplit("-", 1)[-1])
        if doc_lower is not None and t[:1].isupper() and lw in doc_lower:
            f.append("doclow")
        for x in fl[i]:
            f.append("L=" + x)
        if gaz[i]:
            f.append("G=" + gaz[i])
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < L:
                f.append(f"{d}w=" + lows[j])
                f.append(f"{d}sh=" + shorts[j])
                if d in (-1, 1):
                    f.append(f"{d}c2=" + cl[j][1])
                    f.append(f"{d}c3=" + cl[j][2])
                    for x in fl[j]:
                        f.append(f"{d}L=" + x)
                    if gaz[j]:
                        f.append(f"{d}G=" + gaz[j])
                    f.append(f"{d}s3=" + lows[j][-3:])
            elif d in (-1, 1):
                f.append(f"{d}w=" + ("BOS" if d < 0 else "EOS"))
        if i > 0:
            f.append("-1w|w=" + lows[i - 1] + "|" + lw)
            f.append("-1sh|sh=" + shorts[i - 1] + "|" + shorts[i])
        if i + 1 < L:
            f.append("w|1w=" + lw + "|" + lows[i + 1])
            f.append("sh|1sh=" + shorts[i] + "|" + shorts[i + 1])
        out.append(f)
    return out


def en_doc_lower(sentences: list[list[str]]) -> set[str]:
    """Lowercased words written in lower case somewhere in a document outside
    headlines (see :func:`en_features`)."""
    out = set()
    for toks in sentences:
        words = [t for t in toks if t[:1].isalpha()]
        if words and sum(t.isupper() for t in words) >= max(2, 0.7 * len(words)):
            continue
        for t in toks:
            if t[:1].islower():
                out.add(t)
    return out


def doc_keys(lang: str, tokens: list[str], table: FeatureTable) -> list[str]:
    """The form under which a token is counted across a document by
    :func:`doc_features`: Arabic: normalised, proclitics cut, article kept;
    English: as written (case matters: May, may). ``""`` for tokens not
    counted (punctuation, digits, one-letter words)."""
    out = []
    for t in tokens:
        if lang == "ar":
            n = normalize(t) or t
            pre, art, bare = ar_segment(n, table.rank)
            k = art + bare if pre else n
        else:
            k = t
        out.append(k if len(k) >= 2 and any(ch.isalpha() for ch in k) else "")
    return out


def doc_features(keys: list[list[str]], tags: list[list[str]], window: int,
                 groups: list[int] | None = None) -> list[list[list[str]]]:
    """Document-level features from first-pass tags (two-pass stacking, after
    Krishnan & Manning 2006).

    Input: for each sentence of a document, in order, the tokens'
    :func:`doc_keys` and the first-pass IOB2 tags; ``window``: how many
    sentences before and after count as the context (the whole document when
    it is shorter); ``groups``: a document id per sentence (contexts never
    cross documents), default one document.
    Output: per sentence, per token, a list of feature strings:
    ``p1=TAG`` (the token's own first-pass tag), ``dt=TYPE`` for every type
    the same key carries elsewhere in the context, ``dmaj=TYPE|O`` the
    majority, and ``de=B-TYPE``/``de=I-TYPE`` where the sentence repeats the
    key sequence of an entity found in another sentence of the context.
    """
    from collections import Counter, defaultdict

    n = len(keys)
    groups = groups or [0] * n
    tok = [[t[2:] if t != "O" else "O" for t in ts] for ts in tags]
    # per-sentence contributions
    s_tok = []
    s_ent = []
    for ks, ts in zip(keys, tags):
        c = Counter((k, t) for k, t in zip(ks, (x[2:] if x != "O" else "O" for x in ts)) if k)
        s_tok.append(c)
        e = Counter()
        for b, en, typ in decode(ts):
            key = tuple(ks[b:en])
            if all(key):
                e[(key, typ)] += 1
        s_ent.append(e)
    maxlen = max((len(k) for e in s_ent for k, _ in e), default=0)
    out = []
    tc: dict[str, Counter] = defaultdict(Counter)
    ents: dict[tuple, Counter] = defaultdict(Counter)
    lo, hi = 0, -1  # the sentences now counted in tc and ents: [lo, hi]

    def add(j: int, sign: int) -> None:
        for (k, t), c in s_tok[j].items():
            tc[k][t] += sign * c
        for (key, t), c in s_ent[j].items():
            ents[key][t] += sign * c

    for i in range(n):
        a, b = i, i
        while a - 1 >= 0 and i - (a - 1) <= window and groups[a - 1] == groups[i]:
            a -= 1
        while b + 1 < n and (b + 1) - i <= window and groups[b + 1] == groups[i]:
            b += 1
        if a > hi or b < lo:  # a new document: start afresh
            tc.clear()
            ents.clear()
            lo, hi = a, a - 1
        while hi < b:
            hi += 1
            add(hi, 1)
        while lo < a:
            add(lo, -1)
            lo += 1
        ks = keys[i]
        feats = [["p1=" + t] for t in tags[i]]
        for p, k in enumerate(ks):
            if not k:
                continue
            own = tok[i][p]
            best, bc, anyc = "O", 0, False
            for t, x in tc[k].items():
                if t == own:
                    x -= 1  # not the token itself
                if x <= 0:
                    continue
                anyc = True
                if t != "O":
                    feats[p].append("dt=" + t)
                if x > bc or (x == bc and t == "O"):
                    best, bc = t, x
            if anyc:
                feats[p].append("dmaj=" + best)
        # entity repeats (entities of other sentences), longest match first
        for (key, t), c in s_ent[i].items():
            ents[key][t] -= c
        p = 0
        L = len(ks)
        while p < L:
            hit = 0
            if ks[p]:
                for m in range(min(maxlen, L - p), 0, -1):
                    c = ents.get(tuple(ks[p:p + m]))
                    if c and any(x > 0 for x in c.values()):
                        t = max((x, t) for t, x in c.items() if x > 0)[1]
                        feats[p].append("de=B-" + t)
                        for q in range(p + 1, p + m):
                            feats[q].append("de=I-" + t)
                        hit = m
                        break
            p += hit or 1
        for (key, t), c in s_ent[i].items():
            ents[key][t] += c
        out.append(feats)
    return out


def features(lang: str, tokens: list[str], table: FeatureTable, **kw) -> list[list[str]]:
    """Dispatch to :func:`ar_features` or :func:`en_features`."""
    if lang == "ar":
        return ar_features(tokens, table)
    if lang == "en":
        return en_features(tokens, table, **kw)
    raise ValueError(f"no NER features for language {lang!r} (have: ar, en)")
