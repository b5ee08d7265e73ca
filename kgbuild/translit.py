"""Arabic → Latin romanisation and transliteration-aware name matching.

Used by :mod:`kgbuild.resolve` (rule ``translit``) to recognise that an
English article's "Hadi al-Bahra" and an Arabic article's "هادي البحرة" name
the same person.

Two functions:

* :func:`romanize` gives a readable Latin form of an Arabic name, close to
  common news spelling (``"هادي البحرة"`` → ``"Hadi al-Bahra"``): for labels
  and display, not for matching.
* :func:`skeleton` reduces a name in either script to its consonant
  skeleton, a tuple with one string per name word: the letters are folded
  into classes that English spellings of Arabic names use interchangeably
  (ح/ه/خ-less "h", ك/ق/خ and k/q/kh/c → ``k``, ث/ت/ط and t/th → ``t``, س/ص and
  s → ``s``, ش and sh/ch → ``S``, ذ/ض/د and d/dh → ``d``, ظ/ز and z → ``z``,
  ج, غ and j/g/gh/dj → ``j``, ف and f/ph/v → ``f``, p → ``b``);
  vowels (Latin a e i o u, Arabic ا ى and non-initial و ي, hamza, ع, a final
  ة) are dropped, doubled letters collapse, the article (al-, el-, Al,
  ad-/as-/ash-…, ال) and the particles bin/ibn/ben are dropped, and
  Abdul/Abdel/Abd al-/Abu are split off as their own word.

:func:`names_match` compares two names by their skeletons: the same number
of words and each word's skeleton equal, or within one edit for skeletons
of at least four letters; names of fewer than two words never match (a
lone "Ali" is not enough evidence).

Example::

    >>> names_match("Hadi al-Bahra", "هادي البحرة")
    True
    >>> names_match("Abdul Majid Barakat", "عبد المجيد بركات")
    True
    >>> names_match("Hadi al-Bahra", "هادي العبدالله")
    False
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["romanize", "skeleton", "names_match"]

# ------------------------------------------------------------ romanisation

_ROMAN = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "a", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}
_AR_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def _roman_word(w: str) -> str:
    out = []
    for k, ch in enumerate(w):
        r = _ROMAN.get(ch, ch)
        nxt = w[k + 1] if k + 1 < len(w) else ""
        if ch in "وي" and k > 0:
            prev = w[k - 1]
            # a long vowel between consonants, or a final ي
            if ch == "ي" and (not nxt or nxt not in "اوي"):
                r = "i" if out and out[-1][-1:] not in "aeiou" else "y"
            elif ch == "و" and nxt and nxt not in "اوي" and prev not in "اوي":
                r = "u"
        elif ch == "ي" and k == 0:
            r = "y"
        elif ch == "ع" and k == 0:
            r = "a"
        out.append(r)
        # an unwritten short vowel after a consonant followed by a consonant
        if r and r[-1] not in "aeiou" and nxt and _ROMAN.get(nxt, "x")[:1] not in ("a", "i", "u", "") \
                and nxt not in "اوىة" and k + 1 < len(w) - 0 and k < len(w) - 1 and len(w) > 3 \
                and k in (0,):
            out.append("a")
    s = "".join(out)
    s = re.sub(r"(.)\1{2,}", r"\1\1", s)
    return s[:1].upper() + s[1:] if s else s


def romanize(name: str) -> str:
    """A readable Latin spelling of an Arabic name (news style: "al-" for
    the article, "Abd al-" kept, unwritten short vowels guessed only after
    a word's first letter). Latin input is returned unchanged.

    ``"هادي البحرة"`` → ``"Hadi al-Bahra"``. Input: a name; output: a string.
    """
    if not re.search(r"[\u0600-\u06FF]", name):
        return name
    words = _AR_MARKS.sub("", name).split()
    out = []
    for w in words:
        if w.startswith("ال") and len(w) > 3:
            out.append("al-" + _roman_word(w[2:]))
        else:
            out.append(_roman_word(w))
    return " ".join(out)


# --------------------------------------------------------------- skeleton

_AR_CLASS = {
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "j", "ح": "h", "ه": "h", "خ": "k",
    "د": "d", "ذ": "d", "ض": "d", "ر": "r", "ز": "z", "ظ": "z", "س": "s", "ص": "s", "ش": "S",
    "غ": "j", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "و": "w", "ي": "y", "ی": "y", "چ": "S",
}
_AR_VOWELS = set("اأإآٱءؤئعىة")
_LATIN_DIGRAPHS = (("sch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "k"), ("gh", "j"), ("th", "t"),
                   ("dh", "d"), ("ph", "f"), ("dj", "j"), ("zh", "j"), ("ck", "k"), ("ou", "u"),
                   ("ee", "i"), ("oo", "u"))
_LATIN_CLASS = {"b": "b", "p": "b", "t": "t", "j": "j", "g": "j", "h": "h", "k": "k", "q": "k", "c": "k",
                "x": "ks", "d": "d", "r": "r", "z": "z", "s": "s", "f": "f", "v": "f", "l": "l", "m": "m",
                "n": "n", "w": "w", "y": "y", "S": "S"}
_ARTICLES = {"al", "el", "ul", "ad", "ed", "as", "es", "ash", "esh", "ar", "er", "an", "en", "at", "et",
             "az", "ez", "ath", "adh", "ud", "us"}
_PARTICLES = {"bin", "ibn", "ben", "bint", "binti", "بن", "ابن", "بنت"}
_ABD = re.compile(r"^(abd|abdu|abdul|abdel|abdal|abdol|abdoul)(?=[a-z]{3,})")


def _latin_words(name: str) -> list[str]:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'").replace("`", "'")
    raw = re.split(r"[\s]+", s.strip())
    words: list[str] = []
    for w in raw:
        parts = [p for p in re.split(r"-", w) if p]
        for k, p in enumerate(parts):
            p = re.sub(r"[^A-Za-z]", "", p).lower()
            if not p:
                continue
            # "al-Bahra", "ash-Sharaa": a hyphenated article
            if k < len(parts) - 1 and p in _ARTICLES:
                continue
            words.append(p)
    out: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        if w in _ARTICLES and k + 1 < len(words):
            k += 1
            continue  # "Al Bahra", "el Sisi"
        if w in _PARTICLES:
            k += 1
            continue
        if w in ("abdul", "abdel", "abdal", "abdol", "abd", "abdoul"):
            out.append("abd")
            k += 1
            continue
        m = _ABD.match(w)
        if m and w not in ("abdullah", "abdallah", "abdulla", "abdalla"):
            out.append("abd")
            w = w[m.end():]
            if w.startswith(("al", "el", "ul")) and len(w) > 4:
                w = w[2:]
        if w in ("abu", "abou", "abo"):
            w = "ab"
        out.append(w)
        k += 1
    return out


def _latin_skeleton(w: str) -> str:
    s = w
    for a, b in _LATIN_DIGRAPHS:
        s = s.replace(a, b)
    out = []
    for k, ch in enumerate(s):
        if ch in "aeiou":
            continue
        if ch in "wy" and k > 0:
            continue
        if ch == "h" and k == len(s) - 1 and k > 0 and s[k - 1] in "aeiou":
            continue  # "Bahrah", "Hamzah": a final h after a vowel
        out.append(_LATIN_CLASS.get(ch, ""))
    return _collapse("".join(out))


def _arabic_words(name: str) -> list[str]:
    s = _AR_MARKS.sub("", name)
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    words = []
    for w in re.findall(r"[\u0600-\u06FF]+", s):
        if w in _PARTICLES:
            continue
        if w.startswith("عبد") and len(w) > 5 and w not in ("عبدالله",):
            words.append("عبد")
            w = w[3:]
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        elif w.startswith("لل") and len(w) > 3:
            w = w[2:]
        if w == "ابو":
            w = "اب"
        words.append(w)
    return words


def _arabic_skeleton(w: str) -> str:
    out = []
    for k, ch in enumerate(w):
        if ch in _AR_VOWELS:
            continue
        if ch in "وي" and k > 0:
            continue
        c = _AR_CLASS.get(ch)
        if c:
            out.append(c)
    return _collapse("".join(out))


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


def skeleton(name: str) -> tuple[str, ...]:
    """The consonant skeleton of a name, one string per name word (see the
    module docstring). Arabic or Latin script; empty words are left out.

    ``skeleton("Hadi al-Bahra")`` == ``skeleton("هادي البحرة")`` ==
    ``("hd", "bhr")``.
    """
    if re.search(r"[\u0600-\u06FF]", name):
        sk = [_arabic_skeleton(w) for w in _arabic_words(name)]
    else:
        sk = [_latin_skeleton(w) for w in _latin_words(name)]
    return tuple(w for w in sk if w)


def within_one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with at most one letter inserted, deleted or
    replaced (Levenshtein distance 0 or 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


def names_match(a: str, b: str) -> bool:
    """True when two person names (any scripts) plausibly spell the same
    Arabic name: both have at least two skeleton words, the same number of
    them, and each pair is equal or, when both have at least four letters,
    one edit apart."""
    return skeletons_match(skeleton(a), skeleton(b))


def skeletons_match(sa: tuple[str, ...], sb: tuple[str, ...]) -> bool:
    """:func:`names_match` on two names' skeletons (:func:`skeleton`), for
    callers that compare one name with many."""
    if len(sa) < 2 or len(sa) != len(sb):
        return False
    for x, y in zip(sa, sb):
        # a final h is often a vowel sign in Latin ("Bahrah") and a letter in Arabic (الفتاح)
        x, y = (x[:-1] if len(x) > 1 and x.endswith("h") else x), (y[:-1] if len(y) > 1 and y.endswith("h") else y)
        if x == y:
            continue
        if min(len(x), len(y)) >= 4 and within_one_edit(x, y):
            continue
        return False
    return True
