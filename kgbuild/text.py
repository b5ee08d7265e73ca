"""Text stage: normalisation for matching, tokens with spans, sentences.

Normalisation never changes the article text: tokens keep their original
``[begin, end)`` offsets and carry a normalised ``norm`` used only for
matching lexicons and comparing names.

The normalisation follows ../shared/corpus/GOLD-FORMAT.md ("Scoring"): Arabic
diacritics (U+064B–U+065F, U+0670) and tatweel (U+0640) removed; أ إ آ ٱ → ا;
ى → ي; ة → ه; case folded; plus invisible format characters (Unicode
category Cf: U+200E, U+202D, zero-width joiners …) removed and Arabic-Indic
digits (U+0660–U+0669, U+06F0–U+06F9) mapped to ASCII digits.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from kgbuild.model import Span

_DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_CHAR_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك",
}
for _i in range(10):
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)

#: Entries per memo table (word → answer) kept by the text, extraction and
#: gazetteer stages; a full table is emptied. Tables are per process, so a
#: worker's memory stays flat however many articles it sees (about two dozen
#: tables: ~0.3 GB per worker at this size), while the words of everyday
#: news (the 100,000 most frequent cover about 98 % of SaudiNewsNet's tokens)
#: stay cached.
MEMO_MAX = 100_000


def remember(table: dict, key, value):
    """Store ``value`` under ``key`` in a per-process memo table (word →
    answer) and return it; a table holding :data:`MEMO_MAX` entries is
    emptied first, so memory stays flat however many articles a process sees.
    Every memo of the text, date, gazetteer and extraction stages goes through
    here."""
    if len(table) >= MEMO_MAX:
        table.clear()
    table[key] = value
    return value


_UNSEEN = object()  # no answer yet (None is an answer)


def memoised(table: dict, key, compute):
    """``table[key]``, or ``compute()`` stored there by :func:`remember`
    when the table has no answer for ``key`` yet (``None`` is an answer)."""
    hit = table.get(key, _UNSEEN)
    return remember(table, key, compute()) if hit is _UNSEEN else hit

#: Single-letter proclitics (conjunctions and prepositions), GOLD-FORMAT.md.
PROCLITICS = ("و", "ف", "ب", "ل", "ك")


# Unicode format characters (category Cf) in the planes where they occur
_CF_CHARS = [c for rng in (range(0x0000, 0x10000), range(0x11000, 0x14000), range(0x1BC00, 0x1BCB0),
                           range(0x1D100, 0x1D200), range(0xE0000, 0xE0080))
             for c in rng if unicodedata.category(chr(c)) == "Cf"]
_NORMALIZE_TABLE = {ord(ch): None for ch in _DIACRITICS} | {c: None for c in _CF_CHARS} \
    | {ord(k): v for k, v in _CHAR_MAP.items()}
# Arabic presentation forms (Unicode blocks FB50–FDFF and FE70–FEFF: the ligature "ﻷ" of "اﻷحمر", the
# "ﻻ" of "الوﻻدة", shaped letters copied from PDFs) match their letters: their NFKC decomposition,
# itself normalised (one str.translate pass does not map its own output)
_NORMALIZE_TABLE |= {c: unicodedata.normalize("NFKC", chr(c)).translate(_NORMALIZE_TABLE)
                     for rng in (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))
                     for c in rng if unicodedata.normalize("NFKC", chr(c)) != chr(c)}


def normalize(s: str) -> str:
    """Return the matching form of ``s`` (see module docstring).

    Input: any string. Output: a string, possibly shorter (removed marks)
    or longer (an Arabic ligature in presentation form, "ﻷ", is its two
    letters).
    Words are not split and clitics are not removed: see :func:`name_key`.
    One ``str.translate`` pass: diacritics, tatweel and format characters
    deleted, letter variants, Arabic presentation forms and Arabic-Indic
    digits mapped, then case folded;
    then "ئو" → "ؤو" (one hamza spelt two ways: شئون/شؤون, مسئول/مسؤول).
    """
    out = s.translate(_NORMALIZE_TABLE).casefold()
    # hamza on و after ي's seat: "شئون"/"مسئول" (Egyptian spelling) are "شؤون"/"مسؤول" (same length)
    return out.replace("ئو", "ؤو") if "ئو" in out else out


def strip_clitics(word: str) -> str:
    """Strip leading clitics and the article from one *normalised* word.

    ``"والامم"`` → ``"امم"``, ``"للمقداد"`` → ``"مقداد"``, ``"بباريس"`` →
    ``"باريس"`` is **not** done here (``ب`` + ``باريس`` is ambiguous with a
    word starting with ``ب``); this function removes at most one
    conjunction (و/ف) or preposition (ب/ل/ك) only when followed by the
    article ``ال`` (``لل`` for ل + ال), and the article itself, provided at
    least two letters remain. A bare leading و/ب/ل (``وليد``, ``بغداد``,
    ``لبنان``) is never cut here.
    Used for comparing names (GOLD-FORMAT.md scoring), not for lexicon lookup.
    """
    w = word
    for pre in ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"):
        if w.startswith(pre) and len(w) - len(pre) >= 2:
            return w[len(pre):]
    return w


def name_key(s: str) -> str:
    """Return the comparison key of a name or label: normalised, accents
    of Latin letters removed ("Nicolás" → "nicolas"), the article
    ``ال`` and attached ``و/ف + ال`` removed from each word, spaces folded.

    ``"الائتلاف الوطني السوري"`` → ``"ائتلاف وطني سوري"``. The compound
    ``عبد`` + name is one word whether or not it is written apart:
    ``"عبد الفتاح"`` and ``"عبدالفتاح"`` both give ``"عبدالفتاح"``, and
    ``"عبد ربه"`` and ``"عبدربه"`` both ``"عبدالربه"`` (short words such as
    ``"عبده"`` are no compound).
    Input: a label; output: a key string (may be empty for empty input).
    """
    hit = _NAME_KEYS.get(s)
    if hit is not None:
        return hit
    return remember(_NAME_KEYS, s, _name_key(s))


_NAME_KEYS: dict[str, str] = {}  # memo of name_key (bounded)
_WORDS_RE = re.compile(r"\w+")


# Latin letters with accents → their base letters (é → e, ñ → n, ł kept): names
# spelt with and without accents ("Nicolás Maduro", "Nicolas Maduro") share a key
_LATIN_FOLD = {c: "".join(ch for ch in unicodedata.normalize("NFKD", chr(c)) if not unicodedata.combining(ch))
               for c in range(0x00C0, 0x0250)}
_LATIN_FOLD = {c: v for c, v in _LATIN_FOLD.items() if v and v != chr(c)}


def _name_key(s: str) -> str:
    words = [strip_clitics(w) for w in _WORDS_RE.findall(normalize(s).translate(_LATIN_FOLD))]
    out: list[str] = []
    for w in words:
        if out and out[-1] == "عبد":
            out[-1] = "عبدال" + w if not w.startswith("ال") else "عبد" + w
        elif w.startswith("عبد") and not w.startswith("عبدال") and len(w) >= 6:
            out.append("عبدال" + w[3:])  # "عبدربه" is "عبد ربه"
        else:
            out.append(w)
    return " ".join(out)


class Token(NamedTuple):
    """A token of an article: ``[begin, end)`` into the text, the original
    ``text`` and its normalised form ``norm`` (see :func:`normalize`).
    ``is_word`` is False for punctuation. A named tuple: tokenising is on the
    hot path of every extractor, and tuples are built several times faster
    than frozen dataclasses."""

    begin: int
    end: int
    text: str
    norm: str
    is_word: bool


# A word is a run of letters, digits, combining marks, tatweel and format
# characters (direction marks inside a word must not split it).
_TOKEN_RE = re.compile(r"[\w\u0640\u064B-\u065F\u0670\u200c-\u200f\u202a-\u202e\u2066-\u2069]+|[^\w\s]", re.UNICODE)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into word and punctuation tokens.

    Output: tokens in text order with absolute offsets. Tokens made only of
    format characters are dropped. Hyphens split words; the Arabic comma
    ``،`` is its own token.
    """
    end = len(text) if end is None else end
    out = []
    shapes = _TOKEN_SHAPES
    for m in _TOKEN_RE.finditer(text, start, end):
        s = m.group()
        shape = shapes.get(s)
        if shape is None:
            shape = remember(shapes, s, _token_shape(s))
        norm, lead, trail, word = shape
        if norm is None:
            continue
        b, e = m.start() + lead, m.end() - trail
        out.append(Token(b, e, text[b:e] if (lead or trail) else s, norm, word))
    return out


# token string → (norm or None when the token is dropped, leading and trailing
# format characters to trim, is_word); bounded so memory stays flat on big batches
_TOKEN_SHAPES: dict[str, tuple[str | None, int, int, bool]] = {}
_WORD_RE = re.compile(r"\w")


def _token_shape(s: str) -> tuple[str | None, int, int, bool]:
    norm = normalize(s)
    if not norm:
        return None, 0, 0, False
    b, e = 0, len(s)
    while b < e and unicodedata.category(s[b]) == "Cf":
        b += 1
    while e > b and unicodedata.category(s[e - 1]) == "Cf":
        e -= 1
    return norm, b, len(s) - e, bool(_WORD_RE.match(norm))


# a full stop after a one-letter abbreviation ("د." for الدكتور) ends no sentence
_SENT_END = re.compile(r"(?<!(?<!\w)\w)[.!?؟]+(?=\s|$)|\n+")


def sentences(text: str, start: int = 0) -> list[Span]:
    """Split ``text`` into sentences at full stops, question and exclamation
    marks followed by white space (not after a one-letter abbreviation such
    as "د."), and at line breaks (scraped articles put one paragraph per
    line). Output: non-empty spans, stripped of white space.
    """
    out = []
    pos = start
    for m in _SENT_END.finditer(text, start):
        _add(text, pos, m.end() if m.group()[0] != "\n" else m.start(), out)
        pos = m.end()
    _add(text, pos, len(text), out)
    return out


def _add(text: str, b: int, e: int, out: list[Span]) -> None:
    while b < e and text[b].isspace():
        b += 1
    while e > b and text[e - 1].isspace():
        e -= 1
    if e > b:
        out.append(Span(b, e, text[b:e]))


_NO_READINGS: list = []  # shared by every word that opens no phrase (never mutated)


class PhraseMatcher:
    """Longest-match lookup of multi-word phrases over a token list.

    Phrases are stored by the tuple of their normalised words. A match may
    start with a word that carries proclitics (``prefixes``, e.g. ``و``,
    ``ب``, ``وب``, ``لل``→``ال``): the match then records which prefix was
    removed. Input tokens are :class:`Token` objects; punctuation tokens never
    match inside a phrase.

    Example: a matcher holding ``"باريس"`` finds it in ``"بباريس"`` with
    prefix ``"ب"``; a name beginning with those letters (``"بغداد"``) is
    found only as itself, because only stored phrases match.
    """

    def __init__(self, prefixes: tuple[str, ...] = ("",)) -> None:
        self._phrases: dict[tuple[str, ...], object] = {}
        self._maxlen = 0
        self._first: dict[str, int] = {}  # first word → longest phrase it opens
        self._readings: dict[str, list] = {}  # cache: a token's readings (cleared by add)
        # the bare word first (an exact entry wins: "الرئيس" over ال + "رئيس"), then longest prefix first
        self.prefixes = ("",) + tuple(sorted(set(prefixes) - {""}, key=len, reverse=True))
        self._prefixes_by_char: dict[str, list[str]] | None = None  # first letter → prefixes, in order

    def add(self, phrase: str, value: object) -> None:
        """Store ``phrase`` (any spelling; it is normalised and split on
        white space) with ``value``. A later add of the same phrase wins."""
        key = tuple(normalize(w) for w in phrase.split())
        if not key:
            return
        self._phrases[key] = value
        self._maxlen = max(self._maxlen, len(key))
        self._first[key[0]] = max(self._first.get(key[0], 0), len(key))
        self._readings.clear()

    def __contains__(self, phrase: str) -> bool:
        return tuple(normalize(w) for w in phrase.split()) in self._phrases

    def get(self, phrase: str, default: object = None) -> object:
        """Return the value stored for ``phrase``, or ``default``."""
        return self._phrases.get(tuple(normalize(w) for w in phrase.split()), default)

    def _first_readings(self, first: str) -> list[tuple[str, str, int]]:
        """The readings (prefix, stem, longest phrase) of a first word that
        open some stored phrase."""
        readings = []
        by_char = self._prefixes_by_char
        if by_char is None:
            by_char = self._prefixes_by_char = {}
            for pre in self.prefixes[1:]:
                by_char.setdefault(pre[0], []).append(pre)
        for pre in ("", *by_char.get(first[:1], ())):
            if pre and not first.startswith(pre):
                continue
            stem = first[len(pre):]
            if len(stem) < 2 and pre:
                continue
            cand = "ال" + stem if pre in ("لل", "ولل", "فلل") else stem
            if cand in self._first:
                readings.append((pre, cand, self._first[cand]))
        return readings or _NO_READINGS

    def readings(self, first: str) -> list[tuple[str, str, int]]:
        """The readings ``(prefix, stem, longest phrase length)`` under
        which the normalised word ``first`` opens some stored phrase; empty
        when it opens none. Memoised per word (a bounded table)."""
        readings = self._readings.get(first)
        if readings is None:
            readings = remember(self._readings, first, self._first_readings(first))
        return readings

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, str, object] | None:
        """Return ``(n_tokens, prefix, value)`` of the longest phrase starting
        at ``tokens[i]``, or ``None``. The first token may carry one of the
        configured prefixes; ``"لل"`` also matches a stored ``"ال..."`` word."""
        if i >= len(tokens) or not tokens[i].is_word:
            return None
        first = tokens[i].norm
        readings = self._readings.get(first)
        if readings is None:
            readings = self.readings(first)
        if not readings:
            return None
        longest = max(r[2] for r in readings)
        for n in range(min(longest, len(tokens) - i), 0, -1):
            rest = []
            ok = True
            for t in tokens[i + 1:i + n]:
                if not t.is_word:
                    ok = False
                    break
                rest.append(t.norm)
            if not ok:
                continue
            for pre, cand, _longest in readings:
                v = self._phrases.get((cand, *rest))
                if v is not None:
                    return n, pre, v
        return None

    def scan(self, tokens: list[Token]) -> dict[int, tuple[int, str, object]]:
        """The longest match starting at every token: ``{i: (n_tokens,
        prefix, value)}`` for each index ``i`` where :meth:`match_at`
        finds one (matches may overlap). One pass; words that open no
        stored phrase cost one dictionary lookup."""
        table = self._readings
        out = {}
        for i, t in enumerate(tokens):
            if not t.is_word:
                continue
            r = table.get(t.norm)
            if r is None:
                r = self.readings(t.norm)
            if r:
                m = self.match_at(tokens, i)
                if m is not None:
                    out[i] = m
        return out

    def find_all(self, tokens: list[Token], start: int = 0, end: int | None = None):
        """Yield ``(i, n_tokens, prefix, value)`` for non-overlapping longest
        matches from left to right in ``tokens[start:end]``."""
        end = len(tokens) if end is None else end
        i = start
        while i < end:
            m = self.match_at(tokens, i)
            if m and i + m[0] <= end:
                yield i, m[0], m[1], m[2]
                i += m[0]
            else:
                i += 1


def org_key(label: str) -> str:
    """Identity key of an organisation's name: the normalised name with a
    plural nisba folded into the singular ("قوات الحوثيين", "الحوثيون" →
    "… حوثي": one body, whichever form the sentence needs); other names as
    :func:`kgbuild.text.name_key` gives them."""
    words = name_key(label).split()
    return " ".join(w[:-2] if len(w) >= 5 and w.endswith(("يين", "يون")) else w for w in words)


def person_key(label: str) -> str:
    """Identity key of a person's name: the normalised name, cut after the
    father's name when it is given with بن/ابن/bin and what follows is the
    grandfather's name or the dynasty ("محمد بن سلمان بن عبدالعزيز آل سعود"
    → "محمد بن سلمان"), the way Gulf news shortens the same person's name.
    A family name after the father keeps the name whole: "محمد بن عبدالله
    العتيبي" and "محمد بن عبدالله الشهري" are two people, not one
    "محمد بن عبدالله". Other names whole."""
    words = name_key(label).split()
    if len(words) >= 3 and words[1] in ("بن", "ابن", "bin", "ibn", "ben"):
        if len(words) == 3 or words[3] in ("بن", "ابن", "bin", "ibn", "ben", "ال", "al", "aal"):
            return " ".join(words[:3])
    return " ".join(words)
