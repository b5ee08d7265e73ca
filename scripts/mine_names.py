#!/usr/bin/env python3
"""Mine name lexicons from public NER training data (reproducible).

Writes (relative to the repository root):

* ``kgbuild/lang/ar/lexicon/given_names.tsv``    (name, count)
* ``kgbuild/lang/ar/lexicon/name_stopwords.tsv`` (word)
* ``kgbuild/lang/ar/lexicon/name_gazetteer.tsv`` (name, type, count)
* ``kgbuild/lang/en/lexicon/given_names.tsv``    (name, count)
* ``kgbuild/lang/en/lexicon/name_gazetteer.tsv`` (name, type, count)

Inputs (``--corpus``, default ``<repo>/../shared/corpus``; see each
``ner/*/SOURCE.md``):

* ANERcorp: ONLY ``ANERCorp_train_derived_first125305lines.txt`` (the text
  before the CAMeL Lab test split).
* NewsFANE Gold: a re-annotation of the whole ANERcorp text (train AND test
  documents, interleaved). A NewsFANE sentence is kept only if it is found
  in the derived train split (>50 % of its 30-character shingles) and shares
  no shingle with the CAMeL test split (sentences shorter than one shingle
  are kept only if they are not a substring of the test text).
* AQMAR (all 28 articles; the release has no official split) and the Wojood
  sample ``train.txt`` (never ``val.txt`` / ``test.txt``).
* SaudiNewsNet (raw, unannotated) for word frequencies.
* CoNLL-2003 ``eng.train`` ONLY (never ``eng.testa`` / ``eng.testb``).

``ANERCorp_CamelLab_test.txt`` is read for one purpose only: building the set
of its normalised character shingles, used to DROP any training sentence (of
any Arabic source) that overlaps it. Nothing else is taken from it.

Counting: NewsFANE and ANERcorp annotate the same text, so every count used
for a threshold or written out is "deduplicated": max(ANERcorp, NewsFANE) +
AQMAR + Wojood. Ratios (share of O tags) use the plain sums.

Run: ``python scripts/mine_names.py`` (about a minute; needs only the
standard library and kgbuild). Output is deterministic.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kgbuild.ner import conll  # noqa: E402
from kgbuild.ner.conll import SHINGLE, flat as _flat, shingles as _shingles  # noqa: E402
from kgbuild.text import normalize, tokenize  # noqa: E402

TODAY = "2026-11-29"

# --------------------------------------------------------------------------
# Reading CoNLL-like files
# --------------------------------------------------------------------------


@dataclass
class Sentence:
    """One sentence: tokens as written, a coarse per-token label
    (O/PER/ORG/LOC/MISC) and entity spans (type, start, end-exclusive),
    possibly nested (Wojood)."""

    tokens: list[str]
    labels: list[str]
    spans: list[tuple[str, int, int]] = field(default_factory=list)


def _sentence(rows: list[tuple[str, list[str]]], coarse) -> Sentence:
    tokens = [t for t, _ in rows]
    ncol = max(len(tags) for _, tags in rows)
    spans: list[tuple[str, int, int]] = []
    for c in range(ncol):
        col = [tags[c] if c < len(tags) else "O" for _, tags in rows]
        spans.extend((typ, b, e) for b, e, typ in conll.decode(col, coarse))
    labels = ["O"] * len(tokens)
    prio = {"PER": 4, "ORG": 3, "LOC": 2, "MISC": 1, "O": 0}
    for typ, b, e in spans:
        for i in range(b, e):
            if prio[typ] > prio[labels[i]]:
                labels[i] = typ
    return Sentence(tokens, labels, sorted(set(spans), key=lambda s: (s[1], s[2], s[0])))


def read_conll(path: Path, coarse, *, split_on_stop: bool = False, tag_cols=None) -> list[Sentence]:
    """Read ``token TAG [TAG ...]`` lines with :func:`kgbuild.ner.conll.read_rows`
    (sentence breaks, ``split_on_stop``, BOM and glued lines handled there)
    into sentences whose spans come from every tag column (nested Wojood
    spans included). ``tag_cols``: slice of columns holding tags (default:
    all after the token)."""
    return [_sentence([(r[0], r[1:] if tag_cols is None else r[tag_cols]) for r in rows], coarse)
            for _, rows in conll.read_rows(path, split_on_stop=split_on_stop)]


def _coarse_anercorp(t: str) -> str | None:
    return {"PERS": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}.get(t)


def _coarse_aqmar(t: str) -> str | None:
    t = t.strip("-`")
    if t in ("PER", "ORG", "LOC"):
        return t
    return "MISC"  # MIS0..MIS3 and stray MIS/MISS1/ENGLISH/SPANISH


def _coarse_wojood(t: str) -> str | None:
    if t == "PERS":
        return "PER"
    if t == "ORG":
        return "ORG"
    if t in ("GPE", "LOC", "FAC"):
        return "LOC"
    if t in ("NORP", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "WEBSITE"):
        return "MISC"
    return None  # OCC, DATE, TIME, numbers, money: not names (ANERcorp tags them O)


def _coarse_conll(t: str) -> str | None:
    return t if t in ("PER", "ORG", "LOC", "MISC") else None


# --------------------------------------------------------------------------
# Test-split guard
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------

AR_GROUP = {"anercorp": "A", "newsfane": "A", "aqmar": "Q", "wojood": "W"}
AR_PREF = {"anercorp": 3, "aqmar": 2, "wojood": 2, "newsfane": 0}  # original spelling first

# Heads of compound given names: the name is "head + next token".
AR_HEADS = {"عبد", "ابو", "ابي", "ابا", "ام"}
# "X الدين" / "X الله" / "X الاسلام" compounds (نور الدين, سيف الاسلام).
AR_COMPOUND_TAILS = {"الدين", "الله", "الاسلام"}
CLITICS = ("و", "ب", "ل")  # attached clitics stripped from names, see strip_known()

# Name tokens never to be stop words (the brief's list and obvious kin).
AR_NAME_TOKENS = [
    "محمد", "احمد", "محمود", "عبد", "عبدالله", "عبد الله", "بن", "ابن", "بنت", "ابو", "ابي", "ابا", "ام",
    "ال", "الدين", "الله", "الاسلام", "الرحمن", "العزيز", "الرحيم", "الكريم", "المجيد", "الملك",
    "السلام", "الحق", "علي", "حسن", "حسين", "صالح", "سعيد", "عمر", "خالد", "يوسف", "ابراهيم",
    "مصطفى", "جمال", "عادل", "سلمان", "فيصل", "نايف", "سعود", "فهد", "تركي", "بندر", "مقرن",
    "متعب", "عبدالعزيز", "عبدالرحمن", "زايد", "خليفة", "حمد", "راشد", "مكتوم", "نهيان", "ثاني",
    "صباح", "جابر", "سلطان", "قابوس", "حمدان", "منصور", "امين", "كمال", "نور", "وليد", "سامي",
]
# Sic: الملك and خليفة are ambiguous (king / caliph) but are also name parts
# (عبد الملك, خليفة بن زايد), so they are kept off the stop list.

# Common given names added by hand (count 0 if the data did not yield them).
AR_HAND_NAMES = [
    "محمد", "أحمد", "محمود", "مصطفى", "علي", "حسن", "حسين", "عمر", "عثمان", "خالد", "سعيد", "سعد",
    "صالح", "إبراهيم", "يوسف", "يحيى", "إسماعيل", "موسى", "عيسى", "سليمان", "داود", "يعقوب",
    "عبد الله", "عبد الرحمن", "عبد العزيز", "عبد الكريم", "عبد الرحيم", "عبد الحميد", "عبد المجيد",
    "عبد الأحد", "عبد الفتاح", "عبد الحكيم", "عبد اللطيف", "عبد الناصر", "عبد السلام", "عبد القادر",
    "عبد الملك", "عبد الوهاب", "عبد الرزاق", "عبد الحليم", "عبد الباسط", "عبد الغني", "عبد الهادي",
    "نور الدين", "صلاح الدين", "عز الدين", "علاء الدين", "بهاء الدين", "سيف الدين", "خير الدين",
    "سيف الإسلام", "سلمان", "فيصل", "فهد", "نايف", "سعود", "تركي", "بندر", "مقرن", "متعب", "منصور",
    "سلطان", "زايد", "خليفة", "حمد", "تميم", "راشد", "مكتوم", "هادي", "ديما", "زهير", "بشار",
    "حافظ", "ماهر", "رياض", "رفيق", "سمير", "سامي", "وليد", "جمال", "كمال", "عادل", "طارق",
    "أيمن", "أسامة", "حمزة", "أنس", "معاذ", "بلال", "ياسر", "ناصر", "نبيل", "هشام", "هاني",
    "عماد", "فؤاد", "جواد", "رامي", "باسل", "مازن", "غسان", "زياد", "نجيب", "فاروق", "مروان",
    "عمرو", "حازم", "قاسم", "جعفر", "عباس", "موفق", "رائد", "لؤي", "نزار", "منير", "مجدي",
    "فاطمة", "عائشة", "خديجة", "زينب", "مريم", "سارة", "ليلى", "هند", "نور", "رنا", "لينا",
    "هالة", "منى", "سلمى", "أسماء", "رزان", "سهير", "نادية", "سعاد", "هدى", "رشا", "دعاء", "أمل",
    # names that begin with و/ب/ل: listed so that no clitic is ever cut from them
    "وليد", "وسام", "وائل", "وفاء", "وجدي", "وحيد", "وضاح", "وداد", "وصفي", "بسام", "بشير", "بشرى",
    "بسمة", "بلال", "بكر", "بدر", "بديع", "بهاء", "بثينة", "لبنى", "لطفي", "لمى", "لؤي", "لبيب",
]

# Function words and frequent news words that sit next to names; always
# stop words (the brief's list plus kin). Written unnormalised, normalised on output.
AR_HAND_STOP = [
    "في", "من", "إلى", "على", "عن", "مع", "اليوم", "أمس", "وذلك", "التقى", "و", "أو", "ثم", "أن", "إن",
    "أنه", "إنه", "كان", "كانت", "قال", "قالت", "وقال", "وقالت", "أكد", "وأكد", "أضاف", "وأضاف",
    "أعلن", "وأعلن", "استقبل", "واستقبل", "التقى", "والتقى", "بحث", "وبحث", "زار", "وزار", "وصل",
    "ووصل", "غادر", "الذي", "التي", "الذين", "هذا", "هذه", "ذلك", "تلك", "هو", "هي", "هم", "لدى",
    "خلال", "بعد", "قبل", "عند", "حيث", "كما", "وكان", "وكانت", "لقد", "قد", "وقد", "حول", "بين",
    "ضد", "نحو", "أيضا", "غدا", "مساء", "صباح اليوم", "الرئيس", "رئيس", "وزير", "الوزير", "السيد",
    "الشيخ", "الدكتور", "سمو", "جلالة", "فخامة", "معالي", "سعادة", "الأمير", "العاهل", "نائب",
    "المتحدث", "باسم", "لقاء", "اتصالا", "هاتفيا", "برئاسة", "بحضور", "بمشاركة", "وفد", "يرافقه",
]


def dedup(counters: dict[str, Counter], key) -> int:
    """max over ANERcorp/NewsFANE (same text) + the other sources."""
    by_group: dict[str, int] = defaultdict(int)
    for src, c in counters.items():
        g = AR_GROUP.get(src, src)
        by_group[g] = max(by_group[g], c.get(key, 0))
    return sum(by_group.values())


def total(counters: dict[str, Counter], key) -> int:
    return sum(c.get(key, 0) for c in counters.values())


class Stats:
    """Token, span and name statistics over several annotated sources."""

    def __init__(self):
        self.tok = defaultdict(Counter)        # src -> norm token -> occurrences
        self.tok_o = defaultdict(Counter)      # src -> norm token -> occurrences tagged O
        self.tok_ent = defaultdict(Counter)    # ... inside a PER/ORG/LOC span (any nesting level)
        self.tok_per = defaultdict(Counter)    # ... inside a PER span
        self.big = defaultdict(Counter)        # src -> "a b" -> occurrences
        self.big_o = defaultdict(Counter)      # ... both tokens O
        self.first = defaultdict(Counter)      # first token of multi-token PER spans
        self.single = defaultdict(Counter)     # single-token PER spans
        self.last = defaultdict(Counter)       # last token of multi-token PER spans
        self.spans = defaultdict(Counter)      # src -> (norm span, type) -> occurrences
        self.surface = defaultdict(Counter)    # norm -> (pref, surface) -> occurrences
        self.span_surface = defaultdict(Counter)
        self.sentences = Counter()

    def add(self, src: str, sents: list[Sentence], pref: int, norm=normalize, multi_only=True):
        for s in sents:
            self.sentences[src] += 1
            norms = [norm(t) for t in s.tokens]
            for i, (t, n) in enumerate(zip(s.tokens, norms)):
                self.tok[src][n] += 1
                if s.labels[i] == "O":
                    self.tok_o[src][n] += 1
                self.surface[n][(pref, t)] += 1
                if i:
                    b = norms[i - 1] + " " + n
                    self.big[src][b] += 1
                    if s.labels[i] == "O" and s.labels[i - 1] == "O":
                        self.big_o[src][b] += 1
            in_ent, in_per = set(), set()
            for typ, b, e in s.spans:
                if typ in ("PER", "ORG", "LOC"):
                    in_ent.update(range(b, e))
                if typ == "PER":
                    in_per.update(range(b, e))
                    if e - b == 1:
                        self.single[src][norms[b]] += 1
                    else:
                        self.first[src][norms[b]] += 1
                        self.last[src][norms[e - 1]] += 1
                if typ in ("PER", "ORG", "LOC", "MISC") and (e - b >= 2 or not multi_only):
                    key = " ".join(norms[b:e])
                    self.spans[src][(key, typ)] += 1
                    self.span_surface[key][(pref, " ".join(s.tokens[b:e]))] += 1
            for i in in_ent:
                self.tok_ent[src][norms[i]] += 1
            for i in in_per:
                self.tok_per[src][norms[i]] += 1

    def o_rate(self, key: str) -> float:
        n = total(self.tok, key)
        return total(self.tok_o, key) / n if n else 0.0

    def best_surface(self, key: str, table=None) -> str:
        table = self.surface if table is None else table
        c = table.get(key)
        if not c:
            return key
        (pref, surf), _ = max(c.items(), key=lambda kv: (kv[0][0] > 0, kv[1], kv[0][0], kv[0][1]))
        return surf


# --------------------------------------------------------------------------
# Arabic
# --------------------------------------------------------------------------

_AR_WORD = re.compile(r"^[\u0621-\u064A]+$")


def read_arabic(corpus: Path, log) -> tuple[Stats, conll.OverlapGuard]:
    ner = corpus / "ner"
    guard = conll.OverlapGuard(ner / "anercorp" / "ANERCorp_CamelLab_test.txt")
    log(f"test guard: {len(guard.shingles)} shingles of {SHINGLE} chars")

    aner = read_conll(ner / "anercorp" / "ANERCorp_train_derived_first125305lines.txt",
                      _coarse_anercorp, split_on_stop=True)
    train_sh: set[str] = set()
    for s in aner:
        train_sh |= _shingles(_flat(s.tokens))
    train_joined = "\n".join(_flat(s.tokens) for s in aner)

    sources = {"anercorp": aner}
    nf_all = read_conll(ner / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt", conll.coarse_newsfane)
    nf = []
    why = Counter()
    for s in nf_all:
        f = _flat(s.tokens)
        if guard.overlaps(s.tokens):
            why["overlaps test"] += 1
            continue
        sh = _shingles(f)
        in_train = (len(sh & train_sh) / len(sh) > 0.5) if sh else (bool(f) and f in train_joined)
        if not in_train:
            why["not found in train"] += 1
            continue
        nf.append(s)
    log(f"newsfane: kept {len(nf)} of {len(nf_all)} sentences; dropped {dict(why)}")
    sources["newsfane"] = nf

    aq = []
    for p in sorted((ner / "aqmar").glob("*.txt")):
        aq.extend(read_conll(p, _coarse_aqmar))
    sources["aqmar"] = aq
    sources["wojood"] = read_conll(ner / "wojood_sample" / "train.txt", _coarse_wojood)

    # NewsFANE splits clitics automatically and sometimes wrongly (ب جماليون
    # for بجماليون, و قاص for وقاص): rejoin a one-letter clitic with the next
    # token when the joined word occurs in the other sources and the bare one
    # does not.
    vocab = {normalize(t) for src in ("anercorp", "aqmar", "wojood") for s in sources[src] for t in s.tokens}
    rejoined = 0
    for k, s in enumerate(nf):
        i = 1
        while i < len(s.tokens):
            a, b = normalize(s.tokens[i - 1]), normalize(s.tokens[i])
            if a in ("و", "ب", "ل", "ف", "ك") and b not in vocab and a + b in vocab:
                s = _join(s, i)
                rejoined += 1
            i += 1
        nf[k] = s
    log(f"newsfane: rejoined {rejoined} wrongly split clitics")

    stats = Stats()
    for src, sents in sources.items():
        kept = [s for s in sents if src == "newsfane" or not guard.overlaps(s.tokens)]
        log(f"{src}: {len(kept)} sentences kept, {len(sents) - len(kept)} dropped for test overlap"
            if src != "newsfane" else f"{src}: {len(kept)} sentences")
        stats.add(src, kept, AR_PREF[src])
    return stats, guard


def clitic_variants(w: str, letters: tuple[str, ...] = CLITICS):
    """Forms of one normalised word with attached clitics (``letters``;
    ``لل`` -> ``ال`` when ل is among them) removed, nearest first:
    والعراق -> العراق, للامم -> الامم, وبمحمد -> بمحمد -> محمد."""
    out = []
    for _ in range(2):
        if "ل" in letters and w.startswith("لل") and len(w) > 4:
            w = "ال" + w[2:]
        elif len(w) > 3 and w[0] in letters:
            w = w[1:]
        else:
            break
        out.append(w)
    return out


def _join(s: Sentence, i: int) -> Sentence:
    """Merge tokens i-1 and i of a sentence (the label of token i wins)."""
    tokens = s.tokens[:i - 1] + [s.tokens[i - 1] + s.tokens[i]] + s.tokens[i + 1:]
    labels = s.labels[:i - 1] + [s.labels[i]] + s.labels[i + 1:]
    pos = lambda j: j if j < i else j - 1  # noqa: E731
    spans = sorted({(t, pos(b), pos(e - 1) + 1) for t, b, e in s.spans}, key=lambda x: (x[1], x[2], x[0]))
    return Sentence(tokens, labels, spans)


def strip_known(n: str, known) -> str:
    """Strip attached و/ب/ل (لل -> ال) only where the rest is a known name."""
    for v in clitic_variants(n):
        if known(v):
            return v
    return n


# Tokens that start PER spans but are particles, titles or heads, not given names.
AR_NOT_GIVEN = {normalize(w) for w in (
    "بن", "ابن", "بنت", "آل", "دي", "دو", "دا", "فان", "فون", "لا", "لو", "سان", "سيدي", "سيد", "بنو",
    "بني", "آية", "السيد", "الشيخ", "الرئيس", "الملك", "الأمير", "الإمام", "الدكتور", "سمو")}
AR_NOT_COMPOUND = {normalize("آية الله")}  # a title, not a name


def mine_ar_given(stats: Stats, log) -> tuple[list[tuple[str, int]], set[str]]:
    """Return (rows (surface, count), normalised keys incl. hand-added).

    Candidates are the first tokens of multi-token PER spans (and the name
    after a head: أبو مازن -> مازن); single-token PER spans add to a
    candidate's count only when it also starts a multi-token span (a lone
    بوش or ستولمان is a surname). Kept when the deduplicated count is >= 2,
    the token is tagged O in < 30 % of its occurrences, it is not mostly a
    span-final token (surname), and, for a word with the article ال (الحسين,
    but also الصليبيين), it starts >= 2 multi-token spans.
    """
    hand = {normalize(h): h for h in AR_HAND_NAMES}
    second = defaultdict(Counter)   # src -> name after a head (أبو مازن -> مازن)
    comp = defaultdict(Counter)     # src -> "عبد المجيد"
    for src, c in stats.spans.items():
        for (key, typ), k in c.items():
            if typ != "PER":
                continue
            w = key.split(" ")
            h = w[0]
            for v in clitic_variants(w[0]):
                if v in AR_HEADS:
                    h = v
            if h in AR_HEADS or w[1] in AR_COMPOUND_TAILS:
                parts = [h, w[1]]
                if h in AR_HEADS and w[1] in AR_HEADS | {"عبد"} and len(w) > 2:
                    parts.append(w[2])  # أبو عبد الله
                ck = " ".join(parts)
                if ck not in AR_NOT_COMPOUND and not any(x in AR_NOT_GIVEN for x in parts[1:]):
                    comp[src][ck] += k
                if h in AR_HEADS and h != "عبد" and not w[1].startswith("ال") and len(parts) == 2:
                    second[src][w[1]] += k

    def raw(n):
        return (dedup(stats.first, n), dedup(stats.single, n), dedup(second, n))

    def plausible(n):
        return bool(_AR_WORD.match(n)) and len(n) >= 3 and n not in AR_HEADS and n not in AR_NOT_GIVEN

    def passes(n, first, single, sec):
        c = first + sec + (single if first else 0)
        if c < 2 or not plausible(n) or stats.o_rate(n) >= 0.30:
            return 0
        if n.startswith("ال") and (first < 2 or n.endswith(("ه", "ون", "يين", "يون"))):
            return 0  # الصليبيين, السلاجقة: peoples and dynasties, not names
        if dedup(stats.last, n) > 2 * (first + sec + 1) and n not in hand:
            return 0
        return c

    keys = {n for d in (stats.first, stats.single, second) for c in d.values() for n in c}
    base = {n for n in keys if passes(n, *raw(n))}
    # "known name" for clitic stripping: a mined or hand-listed given name, or
    # a word seen inside >= 2 PER spans (وكونراد -> كونراد, then judged as such)
    orig = {k: v for k, v in stats.tok_per.items() if k != "newsfane"}  # NewsFANE splits clitics
    in_per = {n for c in orig.values() for n in c if dedup(orig, n) >= 2}
    known = lambda n: n in base or n in hand or n in in_per  # noqa: E731
    # merge clitic forms per source first (NewsFANE splits clitics, ANERcorp
    # does not), then deduplicate
    canon: dict[str, str | None] = {}
    for n in keys:
        m = n if n in hand else strip_known(n, known)
        bad = [m] + clitic_variants(m)[:1]
        canon[n] = None if m not in hand and any(v in AR_HEADS or v in AR_NOT_GIVEN for v in bad) else m
    tables = []
    for d in (stats.first, stats.single, second):
        t = defaultdict(Counter)
        for src, c in d.items():
            for n, k in c.items():
                if canon.get(n):
                    t[src][canon[n]] += k
        tables.append(t)
    out: dict[str, int] = {}
    agg = {m for m in canon.values() if m}
    for n in agg:
        c = passes(n, *(dedup(t, n) for t in tables))
        if c:
            out[n] = c
    for k in {k for c in comp.values() for k in c}:
        c = dedup(comp, k)
        bo = total(stats.big_o, " ".join(k.split(" ")[:2])) / max(1, total(stats.big, " ".join(k.split(" ")[:2])))
        if c >= 2 and bo < 0.30:
            out[k] = c
    dropped = sorted(((n, x) for n in agg if n not in out
                      for x in [sum(dedup(t, n) for t in tables)] if x >= 5), key=lambda x: -x[1])
    log(f"ar given names: {len(out)} mined; not kept (count >= 5): {dropped[:40]}")
    rows = []
    for n, c in out.items():
        surf = " ".join(stats.best_surface(x) for x in n.split(" "))
        rows.append((surf, c, n))
    added = 0
    for n, h in hand.items():
        if n not in out:
            rows.append((h, 0, n))
            added += 1
    log(f"ar given names: {added} hand-added")
    rows.sort(key=lambda r: (-r[1], r[2]))
    return [(s, c) for s, c, _ in rows], {n for _, _, n in rows}


def saudi_counts(corpus: Path, log) -> tuple[Counter, Counter]:
    """Word frequencies (normalised) and how often each word follows a name
    head (بن, عبد, ابو, ابن, ال) in SaudiNewsNet."""
    freq: Counter = Counter()
    after_head: Counter = Counter()
    heads = {"بن", "ابن", "بنت", "عبد", "ابو", "ابي", "ال", "ام"}
    with gzip.open(corpus / "raw" / "saudinewsnet.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            prev = ""
            for t in tokenize(text):
                if not t.is_word:
                    prev = ""
                    continue
                freq[t.norm] += 1
                if prev in heads:
                    after_head[t.norm] += 1
                prev = t.norm
    log(f"saudinewsnet: {sum(freq.values())} words, {len(freq)} distinct")
    return freq, after_head


def mine_ar_stopwords(stats: Stats, given: set[str], freq: Counter, after_head: Counter,
                      cap: int, log) -> list[str]:
    protected = {normalize(w) for w in AR_NAME_TOKENS}
    for g in given:
        protected.update(g.split(" "))
        protected.add(g)
    hand = [normalize(w) for w in AR_HAND_STOP]
    keys = {n for c in stats.tok.values() for n in c}

    def ok(n):
        if not _AR_WORD.match(n) or n in protected:
            return False
        if total(stats.tok_per, n) >= 2:  # seen inside person names: not a stop word
            return False
        f = freq.get(n, 0)
        if f and after_head.get(n, 0) / f > 0.02:  # بن X, عبد X, ابو X, ال X
            return False
        return True

    a = {n for n in keys if dedup(stats.tok, n) >= 20 and stats.o_rate(n) >= 0.98 and ok(n)}
    b = set()
    for n, f in freq.most_common(3 * cap):
        if (dedup(stats.tok, n) >= 3 and total(stats.tok_ent, n) == 0 and ok(n)):
            b.add(n)
    log(f"ar stopwords: {len(a)} from O-rate, {len(b)} from SaudiNewsNet, {len(a & b)} in both")
    cands = sorted(a | b, key=lambda n: (-freq.get(n, 0), -total(stats.tok, n), n))
    cands = [n for n in cands if len(n) >= 2]
    out = [h for h in dict.fromkeys(hand) if h not in protected and " " not in h]
    seen = set(out)
    for n in cands:
        if len(out) >= cap:
            break
        if n not in seen:
            out.append(n)
            seen.add(n)
    return out


_AR_SUFFIX_TOKENS = {"ه", "ها", "هم", "هما", "هن", "كم", "كما", "نا", "ي", "ك", "ا"}


def mine_gazetteer(stats: Stats, types: tuple[str, ...], min_count: int, strip_clitics: bool,
                   split_source: str | None = None):
    """Multi-token spans seen >= min_count times (deduplicated), majority type.

    ``strip_clitics``: a span whose first word carries an attached clitic
    (والعراق, للامم) is counted under the bare form when that form is itself
    a span; done per source before deduplication. ``split_source``: a source
    that splits clitics and suffixes off (NewsFANE); its spans are merged into
    another source's span with the same letters (بن ها = بنها), and dropped
    when only it has them and they hold a lone letter or suffix token."""
    all_keys = {k for c in stats.spans.values() for (k, t) in c if t in types}
    orig_keys = {k for src, c in stats.spans.items() if src != split_source for (k, t) in c if t in types}
    by_letters = {}
    for k in sorted(orig_keys, key=lambda k: (k.count(" "), k)):
        by_letters.setdefault(k.replace(" ", ""), k)

    def canon(k: str, src: str) -> str | None:
        if src == split_source and k not in orig_keys:
            if k.replace(" ", "") in by_letters:
                return by_letters[k.replace(" ", "")]
            if any(w in _AR_SUFFIX_TOKENS or len(w) == 1 for w in k.split(" ")):
                return None
        if strip_clitics:
            w = k.split(" ")
            for v in clitic_variants(w[0], CLITICS + ("ف", "ك")):
                cand = " ".join([v] + w[1:])
                if cand in all_keys:
                    return cand
        return k

    table = defaultdict(Counter)
    for src, c in stats.spans.items():
        for (k, t), n in c.items():
            if t in types:
                m = canon(k, src)
                if m:
                    table[src][(m, t)] += n
    by_key_type = defaultdict(Counter)
    for k, t in {kt for c in table.values() for kt in c}:
        by_key_type[k][t] += dedup(table, (k, t))
    rows = []
    for k, tc in by_key_type.items():
        n = sum(tc.values())
        if n < min_count:
            continue
        typ = max(tc.items(), key=lambda kv: (kv[1], kv[0]))[0]
        rows.append((stats.best_surface(k, stats.span_surface), typ, n, k))
    rows.sort(key=lambda r: (-r[2], r[1], r[3]))
    return rows


# --------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------

_EN_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*$")
# Particles and titles that start PER spans but are not given names.
EN_NOT_GIVEN = {"van", "von", "de", "da", "del", "della", "der", "den", "di", "dos", "du", "le", "la",
                "el", "al", "abu", "bin", "ben", "ibn", "mac", "st", "sir", "saint", "mr", "mrs", "dr"}


def mine_english(corpus: Path, log):
    path = corpus / "ner" / "conll2003_en" / "eng.train"
    assert path.name == "eng.train"
    sents = read_conll(path, _coarse_conll, tag_cols=slice(3, 4))
    stats = Stats()
    stats.add("conll", sents, 1, norm=lambda t: t.casefold())
    log(f"eng.train: {len(sents)} sentences")
    given = []
    for n, c in stats.first["conll"].items():
        # the surface chosen must look like a name in mixed case (not "J.", "EU", "MCDONALD")
        cands = [(k, v) for (p, s), v in stats.surface[n].items() for k in [s] if _EN_NAME.match(s)]
        if not cands:
            continue
        surf = max(cands, key=lambda kv: (kv[1], kv[0]))[0]
        if c < 2 or stats.o_rate(n) >= 0.30 or n in EN_NOT_GIVEN:
            continue
        if stats.last["conll"].get(n, 0) > 2 * (c + 1):
            continue
        given.append((surf, c))
    given.sort(key=lambda r: (-r[1], r[0]))
    gaz = mine_gazetteer(stats, ("PER", "ORG", "LOC", "MISC"), 2, strip_clitics=False)
    # prefer a mixed-case spelling over the all-caps headline spelling
    fixed = []
    for surf, typ, n, k in gaz:
        c = stats.span_surface[k]
        mixed = [(s, v) for (p, s), v in c.items() if s != s.upper()]
        if mixed:
            surf = max(mixed, key=lambda kv: (kv[1], kv[0]))[0]
        fixed.append((surf, typ, n))
    return given, fixed


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def write_tsv(path: Path, header: list[str], columns: list[str], rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {h}" for h in header] + ["\t".join(columns)]
    for r in rows:
        cells = [str(x) for x in (r if isinstance(r, (tuple, list)) else (r,))]
        assert all("\t" not in x and "\n" not in x for x in cells), cells
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


AR_SOURCES = ("ANERcorp derived train split (ANERCorp_train_derived_first125305lines.txt); "
              "NewsFANE Gold sentences found in that train split and sharing no 30-char shingle "
              "with the CAMeL test split; AQMAR (28 articles); Wojood sample train.txt "
              "(all under ../shared/corpus/ner, see SOURCE.md there); in every source, sentences sharing a"
              " 30-char shingle with the CAMeL test split (ANERCorp_CamelLab_test.txt) were dropped;"
              " mined by scripts/mine_names.py")
AR_LICENCE = ("CC BY-SA 4.0: derived from ANERcorp (CC BY-SA 4.0), NewsFANE Gold and AQMAR "
              "(CC BY-SA 3.0) and the Wojood sample (MIT); hand-added rows Apache-2.0 (kgbuild)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=REPO / "kgbuild" / "lang")
    ap.add_argument("--stop-cap", type=int, default=4000)
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    log = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))

    stats, _ = read_arabic(args.corpus, log)
    given_rows, given_keys = mine_ar_given(stats, log)
    write_tsv(args.out / "ar" / "lexicon" / "given_names.tsv", [
        "what: Arabic given names (first names), incl. compounds such as عبد المجيد and نور الدين as one entry",
        "format: TSV; name = the most frequent spelling seen (match on kgbuild.text.normalize);",
        "  count = times seen as the first token of a multi-token PERS span, or as the name after a head"
        " (أبو مازن -> مازن), plus single-token PERS spans of a word that also starts a multi-token one"
        " (a lone بوش is a surname); deduplicated: max(ANERcorp, NewsFANE) (they annotate the same text)"
        " + AQMAR + Wojood;",
        "  kept when count >= 2, tagged O in < 30 % of all occurrences, not mostly span-final (surnames),"
        " and for words with ال at least 2 multi-token starts and no plural/collective ending;"
        " attached و/ب/ل (لل -> ال) stripped only where the rest is a known name;",
        "  count 0 = added by hand (very common names the data did not yield, e.g. علي and عمر, which"
        " fail the O-rate test because normalize() makes علي = على and عمر is also 'age')",
        "source: " + AR_SOURCES,
        "licence: " + AR_LICENCE,
        f"changed: {TODAY} first version",
    ], ["name", "count"], given_rows)

    freq, after_head = saudi_counts(args.corpus, log)
    stop = mine_ar_stopwords(stats, given_keys, freq, after_head, args.stop_cap, log)
    write_tsv(args.out / "ar" / "lexicon" / "name_stopwords.tsv", [
        "what: Arabic words that are not part of person names but often stand next to them"
        " (function words, verbs of saying and meeting, titles, time words)",
        "format: TSV; word = kgbuild.text.normalize form (clitics not removed: والرئيس is its own entry);"
        " ordered by SaudiNewsNet frequency after a hand-written head list;",
        "  rule: tagged O in >= 98 % of >= 20 training occurrences, or among the most frequent SaudiNewsNet"
        " words and seen >= 3 times in training but never inside a PERS/ORG/LOC span;",
        "  never: a given name of given_names.tsv or a token of one, a common name token (محمد عبد بن"
        " ابو ال الدين الله ...), a word inside >= 2 training PERS spans, a word that follows"
        " بن/عبد/ابو/ال in > 2 % of its SaudiNewsNet occurrences, or a one-letter word not in the head list;",
        "  NB على normalises to علي (the name Ali), so it is NOT in this list; callers that need it should"
        " check the unnormalised spelling",
        "source: " + AR_SOURCES + "; frequencies from ../shared/corpus/raw/saudinewsnet.jsonl.gz",
        "licence: " + AR_LICENCE + "; word frequencies from SaudiNewsNet (CC BY-NC-SA 4.0)",
        f"changed: {TODAY} first version",
    ], ["word"], stop)

    gaz = mine_gazetteer(stats, ("PER", "ORG", "LOC"), 2, strip_clitics=True, split_source="newsfane")
    write_tsv(args.out / "ar" / "lexicon" / "name_gazetteer.tsv", [
        "what: Arabic multi-token names of persons, organisations and places (whole NER spans of >= 2 tokens)",
        "format: TSV; name = the span as written (original spelling preferred over NewsFANE's"
        " normalised one); type = PER|ORG|LOC (majority);",
        "  count = occurrences, deduplicated as in given_names.tsv; kept when >= 2;"
        " a leading attached clitic is merged into the bare form when that exists",
        "source: " + AR_SOURCES,
        "licence: " + AR_LICENCE,
        f"changed: {TODAY} first version",
    ], ["name", "type", "count"], [(s, t, n) for s, t, n, _ in gaz])

    en_given, en_gaz = mine_english(args.corpus, log)
    en_src = ("CoNLL-2003 eng.train ONLY (../shared/corpus/ner/conll2003_en; eng.testa/eng.testb never"
              " read), mined by scripts/mine_names.py")
    en_lic = ("derived from CoNLL-2003 annotations over Reuters RCV1 text: research use;"
              " not cleared for redistribution (see the corpus SOURCE.md)")
    write_tsv(args.out / "en" / "lexicon" / "given_names.tsv", [
        "what: English given names (first tokens of multi-token PER spans)",
        "format: TSV; name = the mixed-case spelling; count = times seen as the first token of a"
        " multi-token PER span; kept when >= 2, tagged O in < 30 % of occurrences, and not mostly a"
        " span-final token (surname)",
        "source: " + en_src,
        "licence: " + en_lic,
        f"changed: {TODAY} first version",
    ], ["name", "count"], en_given)
    write_tsv(args.out / "en" / "lexicon" / "name_gazetteer.tsv", [
        "what: English multi-token names (whole PER/ORG/LOC/MISC spans of >= 2 tokens)",
        "format: TSV; name = the span as written (mixed case preferred over headline capitals);"
        " type = PER|ORG|LOC|MISC (majority); count = occurrences (case-insensitive); kept when >= 2",
        "source: " + en_src,
        "licence: " + en_lic,
        f"changed: {TODAY} first version",
    ], ["name", "type", "count"], en_gaz)
    log(f"rows: ar given {len(given_rows)}, stop {len(stop)}, gazetteer {len(gaz)};"
        f" en given {len(en_given)}, gazetteer {len(en_gaz)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
