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
from dataclasses import dataclass

from kgbuild.model import Span

_DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_CHAR_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك",
}
for _i in range(10):
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)

#: Single-letter proclitics (conjunctions and prepositions), GOLD-FORMAT.md.
PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def normalize(s: str) -> str:
    """Return the matching form of ``s`` (see module docstring).

    Input: any string. Output: a string, possibly shorter (removed marks).
    Words are not split and clitics are not removed: see :func:`name_key`.
    """
    out = []
    for ch in s:
        if ch in _DIACRITICS:
            continue
        if unicodedata.category(ch) == "Cf":
            continue
        out.append(_CHAR_MAP.get(ch, ch))
    return "".join(out).casefold()


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
    """Return the comparison key of a name or label: normalised, the article
    ``ال`` and attached ``و/ف + ال`` removed from each word, spaces folded.

    ``"الائتلاف الوطني السوري"`` → ``"ائتلاف وطني سوري"``.
    Input: a label; output: a key string (may be empty for empty input).
    """
    words = re.findall(r"\w+", normalize(s))
    return " ".join(strip_clitics(w) for w in words)


@dataclass(frozen=True)
class Token:
    """A token of an article: ``[begin, end)`` into the text, the original
    ``text`` and its normalised form ``norm`` (see :func:`normalize`).
    ``is_word`` is False for punctuation."""

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
    for m in _TOKEN_RE.finditer(text, start, end):
        s = m.group()
        norm = normalize(s)
        if not norm:
            continue
        b, e = m.start(), m.end()
        # trim leading/trailing format characters from the span
        while b < e and unicodedata.category(text[b]) == "Cf":
            b += 1
        while e > b and unicodedata.category(text[e - 1]) == "Cf":
            e -= 1
        word = bool(re.match(r"\w", norm))
        out.append(Token(b, e, text[b:e], norm, word))
    return out


_SENT_END = re.compile(r"[.!?؟]+(?=\s|$)|\n+")


def sentences(text: str, start: int = 0) -> list[Span]:
    """Split ``text`` into sentences at full stops, question and exclamation
    marks followed by white space, and at line breaks (scraped articles put
    one paragraph per line). Output: non-empty spans, stripped of white space.
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
