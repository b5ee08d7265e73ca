"""Ingest stage: files, folders and JSON Lines → :class:`~kgbuild.model.Article`.

Readers yield either an :class:`Article` or an :class:`IngestError` (one bad
article never stops a batch; reading never raises for a bad input).
Supported inputs:

* ``.txt``: one article per file, in the scraped shape "source name /
  dateline / title (possibly repeated) / byline / body", or plain text. The
  whole file is the article text; header fields are parsed from it.
* ``.html`` / ``.htm`` (or a ``.txt`` file that holds an HTML page): the
  article's main text, title, date and site are extracted with trafilatura;
  offsets point into the extracted text.
* ``.jsonl``: one article per line with fields ``id, lang, url, source,
  published, title, text`` (the corpus format of ../shared/corpus/ar/dev.jsonl).
  Read line by line; an error names ``path:line``. ``.jsonl.gz``: the same,
  gzip-compressed (../shared/corpus/raw/saudinewsnet.jsonl.gz), read as it
  is decompressed.
* folders: every ``.txt``, ``.html``, ``.htm``, ``.jsonl`` and ``.jsonl.gz`` below them, in
  sorted order (other files are not articles and are passed over; a broken
  symbolic link with one of these suffixes is reported).

Decoding: UTF-8 (a BOM is honoured) and UTF-16 with a BOM; otherwise the
encoding is detected with charset-normalizer (among its candidates the one
that gives Arabic or Latin text wins: kgbuild reads Arabic and English).
A UTF-8 file with a few broken bytes keeps its UTF-8 (the bytes become
U+FFFD); a file mixing UTF-8 lines with lines in a legacy encoding has each
line decoded on its own. Whatever was done is said in ``Article.origin``:
``path (decoded as windows-1256)``; :func:`origin_notes` reads it back.

Limits and cleaning: a text file or JSON line over :data:`MAX_ARTICLE_BYTES`
(an HTML file over :data:`MAX_HTML_BYTES`) is refused without being read
whole; binary files (PDF, images, archives, executables, NUL bytes) are
refused by their content, whatever their name. Control characters (C0 but
tab, line feed and carriage return; DEL; C1) become spaces and lone
surrogates U+FFFD, so the text keeps its length and every offset still points
where it did in the input; zero-width and direction marks are kept (the
extractors' name keys ignore them).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kgbuild.dates import parse_dateline
from kgbuild.model import Article

SUPPORTED_LANGS = ("ar", "en")
SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
#: Compressed JSON Lines, read through gzip.
GZIP_JSONL = ".jsonl.gz"


def is_jsonl(path: Path) -> bool:
    """Whether a path names a JSON Lines file (``.jsonl``, or ``.jsonl.gz``
    compressed)."""
    name = path.name.lower()
    return name.endswith(".jsonl") or name.endswith(GZIP_JSONL)


def _article_name(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES or path.name.lower().endswith(GZIP_JSONL)


def open_jsonl(path: Path):
    """Open a JSON Lines file for reading bytes, through gzip when it is
    ``.jsonl.gz``. Raises OSError when it cannot be opened, InputError
    naming it when it is not a regular file (a FIFO, a device). Reading a
    gzip archive raises OSError when it is no gzip, EOFError when it is cut
    off."""
    fh = path.open("rb")
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        fh.close()
        raise InputError(str(path), "not a regular file")
    if path.name.lower().endswith(GZIP_JSONL):
        import gzip

        fh.close()  # a GzipFile does not close a file object it was given: let it open its own
        return gzip.open(path, "rb")
    return fh
HTML_SUFFIXES = (".html", ".htm")

#: Largest text file or JSON line read as one article (bytes). A news
#: article is rarely over 100 KB; extraction takes about 40 s a million
#: characters, so a bigger input is almost always a mistake (a whole corpus
#: saved as one file) and is refused rather than left to run for minutes.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
#: Largest HTML file read (bytes): pages carry scripts and styles around a
#: much smaller main text, which must itself be under MAX_ARTICLE_BYTES.
MAX_HTML_BYTES = 8 * 1024 * 1024
#: An HTML page whose main text is shorter than this (characters) holds no
#: article: what trafilatura falls back to is a menu or a caption.
MIN_HTML_TEXT = 80


@dataclass(frozen=True)
class IngestError:
    """An input that could not be read or processed as an article:
    ``origin`` names the file (``path``, ``path:line`` for JSON Lines,
    possibly followed by `` (notes)``), ``reason`` says what is wrong.
    ``str()`` is the one-line report ``origin: reason``."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"

    @property
    def file(self) -> str:
        """The file named by ``origin`` (without line number or notes)."""
        return split_origin(self.origin)[0]

    @property
    def line(self) -> int | None:
        """The line of a JSON Lines file, else None."""
        return split_origin(self.origin)[1]

    def to_json(self) -> dict:
        """The error as a JSON object: ``file``, ``line`` (or null),
        ``reason``, ``origin``, and ``notes`` (a list, possibly empty)."""
        f, line, notes = split_origin(self.origin)
        return {"file": f, "line": line, "reason": self.reason, "origin": self.origin, "notes": notes}


class InputError(ValueError):
    """Raised by the readers for an input that is not an article: the
    message is ``origin: reason``; both parts are kept as attributes."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin, self.reason = origin, reason


_ORIGIN = re.compile(r"^(?P<file>.*?)(?::(?P<line>\d+))?(?: \((?P<notes>[^()]*)\))?$", re.S)


def split_origin(origin: str) -> tuple[str, int | None, list[str]]:
    """``"a.jsonl:3 (decoded as windows-1256; 2 control characters replaced
    by spaces)"`` → ``("a.jsonl", 3, ["decoded as windows-1256", "2 control
    characters replaced by spaces"])``."""
    m = _ORIGIN.match(origin)
    notes = [n for n in (m.group("notes") or "").split("; ") if n]
    return m.group("file"), int(m.group("line")) if m.group("line") else None, notes


def origin_notes(origin: str) -> list[str]:
    """What ingest did to read an article (decoding, cleaning, HTML
    extraction), from its ``Article.origin``; empty when nothing special."""
    return split_origin(origin)[2]


def _with_notes(origin: str, notes: list[str]) -> str:
    return f"{origin} ({'; '.join(notes)})" if notes else origin


# ---------------------------------------------------------------- cleaning

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> tuple[str, int]:
    """Make text safe for every later stage without moving any character:
    control characters (C0 but tab, LF and CR; DEL; C1) become spaces, lone
    surrogates (from JSON escapes or ``surrogateescape``) become U+FFFD.
    Returns ``(text, number of characters replaced)``; the length never
    changes."""
    n = 0
    if _CONTROL.search(text):
        text, k = _CONTROL.subn(" ", text)
        n += k
    if _SURROGATE.search(text):
        text, k = _SURROGATE.subn("\ufffd", text)
        n += k
    return text, n


@functools.lru_cache(maxsize=None)
def _furniture(lang: str) -> tuple[re.Pattern, ...]:
    """The phrases of ``kgbuild/lang/<lang>/lexicon/furniture.tsv`` as
    patterns anchored at the start of a text (``()`` without the file)."""
    from kgbuild.lang import read_lexicon

    try:
        rows = read_lexicon(lang, "furniture")
    except FileNotFoundError:
        return ()
    return tuple(re.compile(r"\s*" + r"\s+".join(map(re.escape, r["phrase"].split())) + r"(?=\s|$)")
                 for r in rows)


def blank_furniture(text: str, lang: str) -> tuple[str, int]:
    """Blank the news-site furniture a text starts with (a share widget:
    the language pack's furniture.tsv) without moving any character: its
    characters become spaces and its last a line break, so that the story's
    first sentence starts after it. Returns ``(text, characters blanked)``;
    the length never changes."""
    for pat in _furniture(lang):
        m = pat.match(text)
        if m:
            n = m.end()
            return " " * (n - 1) + "\n" + text[n:], n
    return text, 0


def _clean_field(value) -> str | None:
    """A metadata field (title, source, url, id) as clean text or None."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    value = _strip(clean_text(str(value))[0])
    return value or None


def detect_language(text: str) -> str:
    """Return ``"ar"`` when Arabic letters outnumber Latin letters in
    ``text``, ``"en"`` when Latin letters outnumber Arabic ones, and
    ``"und"`` (BCP 47: undetermined) when letters of other scripts (Chinese,
    Cyrillic …) outnumber both: the script decides, Arabic and English being
    the only language packs."""
    ar = lat = other = 0
    for ch in text[:5000]:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            ar += 1
        elif ch.isascii() and ch.isalpha():
            lat += 1
        elif ch.isalpha():
            other += 1
    if other > ar + lat:
        return "und"
    return "ar" if ar >= lat and ar > 0 else "en"


def language_tag(lang: str) -> str:
    """The primary language subtag of a BCP 47 tag, lower case: ``"AR"``,
    ``"ar-SA"``, ``"en_US"`` → ``"ar"``, ``"ar"``, ``"en"``."""
    return lang.strip().replace("_", "-").split("-")[0].lower()


#: English function words (the, of, and …): a Latin-script text with
#: fewer than :data:`MIN_ENGLISH_SHARE` of its words among them does not
#: read as English (French, Spanish, Turkish news); it is still extracted,
#: with a note.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in is for on that with said by at was as from it be has have are were an his its".split())
MIN_ENGLISH_SHARE = 0.05
#: The fewest Latin words a text needs before it is judged (a headline alone is not).
MIN_JUDGED_WORDS = 12
#: Letters of the Persian and Urdu alphabets that Arabic does not use (پ چ ژ گ, and the
#: Persian forms of yeh and kaf, ی ک, where Arabic writes ي ك).
NON_ARABIC_LETTERS = frozenset("پچژگیکۀٹڈڑںھے")


def language_notes(text: str, lang: str, given: bool, seen: str) -> tuple[str, list[str]]:
    """The language an article is read in and the notes to report about it.
    A ``lang`` given for a text written in the other pack's script (Arabic
    text with ``lang: en``) gives way to the script, with a note; a Latin
    text of :data:`MIN_JUDGED_WORDS` words or more that does not read as English
    (:data:`ENGLISH_FUNCTION_WORDS`) keeps ``en`` with a note, and so does
    an Arabic-script text whose Persian or Urdu letters outnumber the Arabic
    ي and ك (:data:`NON_ARABIC_LETTERS`) keep ``ar``. Input: the
    text, the supported language tag, whether the input named it, and the
    language its script says (:func:`detect_language`)."""
    notes = []
    if given and seen in SUPPORTED_LANGS and seen != lang:
        notes.append(f"lang {lang!r} given, but the text is in {'Arabic' if seen == 'ar' else 'Latin'} script: "
                     f"read as {seen!r}")
        lang = seen
    if lang == "en":
        words = re.findall(r"[A-Za-z\u00c0-\u024f]+", text[:20000])
        if len(words) >= MIN_JUDGED_WORDS and \
                sum(w.lower() in ENGLISH_FUNCTION_WORDS for w in words) < MIN_ENGLISH_SHARE * len(words):
            notes.append("few English function words: the text may not be English, extracted as English anyway")
    elif lang == "ar":
        head = text[:20000]
        odd = sum(ch in NON_ARABIC_LETTERS for ch in head)
        arabic = sum(ch in "يك" for ch in head)
        if odd >= 5 and odd > arabic:
            # no brackets in a note: the origin string holds the notes in brackets
            notes.append("Persian or Urdu letters such as پ چ ژ گ ی ک outnumber the Arabic ي ك: "
                         "the text may not be Arabic, extracted as Arabic anyway")
    return lang, notes


# ---------------------------------------------------------------- decoding

#: Signatures of binary formats found in scraped folders: (prefix, what).
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office/EPUB document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"\x00\x00\x01\x00", "an icon"),
)


def sniff_binary(data: bytes) -> str | None:
    """Say what a binary file is (``"a PDF document"``, ``"NUL bytes"``),
    or None when the bytes may be text. UTF-16 with a BOM is text; over 1 %
    of control bytes in the first 64 KiB is binary."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a RIFF media file (WebP, WAV or AVI)"
    if _utf16(data):
        return None
    head = data[:65536]
    # a stray control character is damaged text (cleaned later); many are binary
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.01:
        return "NUL bytes" if b"\x00" in head else "control bytes"
    return None


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec of the bytes, or None: ``"utf-16"`` with a byte
    order mark; ``"utf-16-le"`` or ``"utf-16-be"`` without one, for Arabic
    or Latin text (the NUL or 0x06 high bytes stand at every other position,
    and the text decodes to letters and spaces)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) < 8 or len(head) % 2:
        head = head[:len(head) - len(head) % 2]
    if len(head) < 8:
        return None
    for codec, high in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if sum(b in (0, 6) for b in high) < 0.9 * len(high):
            continue
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        if sum(c.isalpha() or c.isspace() for c in text) >= 0.7 * len(text):
            return codec
    return None


def _label(codec: str) -> str:
    """A codec's usual name: ``cp1256`` → ``windows-1256``."""
    import codecs

    name = codecs.lookup(codec).name
    m = re.fullmatch(r"cp(125\d)", name)
    if m:
        return f"windows-{m.group(1)}"
    return {"utf_16": "utf-16", "utf_8": "utf-8", "iso8859-6": "iso-8859-6"}.get(name, name.replace("_", "-"))


def _script_score(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that belong to the
    scripts kgbuild reads (Arabic, Latin) or to common punctuation."""
    n = ok = 0
    for c in text[:20000]:
        if c.isascii():
            continue
        n += 1
        o = ord(c)
        if (0x600 <= o <= 0x6ff or 0x750 <= o <= 0x77f or 0xfb50 <= o <= 0xfdff or 0xfe70 <= o <= 0xfeff
                or 0xa0 <= o <= 0x24f or 0x2000 <= o <= 0x206f or 0x1e00 <= o <= 0x1eff):
            ok += 1
    return ok / n if n else 1.0


def _legacy_decode(data: bytes) -> tuple[str, str] | None:
    """Decode bytes in a single-byte legacy encoding: charset-normalizer's
    candidates plus windows-1256, the one whose text is most Arabic or Latin
    (ties: charset-normalizer's order). None when nothing fits."""
    from charset_normalizer import from_bytes

    cands = [m.encoding for m in from_bytes(data)]
    for extra in ("cp1256", "cp1252"):
        if extra not in cands:
            cands.append(extra)
    best = None
    for enc in cands:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _script_score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None or best[0] < 0.5:
        return None
    return best[1], _label(best[2])


def decode_bytes(data: bytes, origin: str) -> tuple[str, str]:
    """Decode a text file's bytes. Returns ``(text, how)``: ``how`` names the
    encoding (``utf-8``, ``utf-8-sig``, ``utf-16``, ``windows-1256`` …) and
    says what was repaired (``utf-8, 3 invalid bytes replaced, first on
    line 4``; ``utf-8, 2 lines in windows-1256, first on line 7``); it has
    no parentheses, as it goes into an origin's notes.

    Raises ValueError naming ``origin`` when the bytes are not text (a known
    binary format, NUL or control bytes, no encoding fits)."""
    what = sniff_binary(data)
    if what:
        raise InputError(origin, f"binary file ({what}), not text")
    wide = _utf16(data)
    if wide:
        text = data.decode(wide, errors="replace")
        bad = text.count("\ufffd") - data.decode(wide, errors="ignore").count("\ufffd")
        return text, wide + (f", {bad} invalid code units replaced" if bad else "")
    sig = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if sig else data
    name = "utf-8-sig" if sig else "utf-8"
    try:
        return body.decode("utf-8"), name
    except UnicodeDecodeError:
        pass
    # Not clean UTF-8: line by line, to tell a few broken bytes, lines in
    # another encoding pasted into a UTF-8 file, and a legacy-encoded file.
    lines = body.splitlines(keepends=True)
    good_utf8 = False
    bad: list[int] = []
    for i, ln in enumerate(lines):
        try:
            s = ln.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(i)
            continue
        good_utf8 = good_utf8 or not s.isascii()
    if not good_utf8 and not sig:  # no UTF-8 at all: a legacy encoding
        res = _legacy_decode(body)
        if res is None:
            raise InputError(origin, "cannot detect a text encoding")
        return res
    legacy_lines: list[int] = []
    replaced = 0
    parts = [ln.decode("utf-8", errors="replace") for ln in lines]
    legacy_text = b"".join(lines[i] for i in bad)
    legacy = _legacy_decode(legacy_text)
    for i in bad:
        u = parts[i]
        n_bad = u.count("\ufffd")
        n_ok = sum(1 for c in u if not c.isascii() and c != "\ufffd")
        if n_ok >= n_bad or legacy is None:  # mostly valid UTF-8, a few broken bytes
            replaced += n_bad
        else:
            parts[i] = lines[i].decode(_codec(legacy[1]), errors="replace")
            legacy_lines.append(i)
    notes = []
    if replaced:
        first = next(i for i in bad if i not in legacy_lines) + 1
        notes.append(f"{replaced} invalid bytes replaced, first on line {first}")
    if legacy_lines:
        k = len(legacy_lines)
        notes.append(f"{k} line{'s' if k > 1 else ''} in {legacy[1]}, first on line {legacy_lines[0] + 1}")
    return "".join(parts), f"{name}, " + ", ".join(notes)


def _codec(label: str) -> str:
    return label.replace("windows-", "cp") if label.startswith("windows-") else label


def decode_html(data: bytes, origin: str) -> tuple[str, str]:
    """Decode an HTML page: its declared charset (``<meta charset>``) when
    the bytes decode with it, else :func:`decode_bytes`."""
    m = re.search(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", data[:4096], re.I)
    if m and sniff_binary(data) is None:
        try:
            enc = m.group(1).decode("ascii")
            text = data.decode(enc)
            label = _label(enc)
            return (text[1:] if text.startswith("\ufeff") else text), label
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, origin)


def looks_like_html(text: str) -> bool:
    """True when a text starts like an HTML page (a DOCTYPE or <html>)."""
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html"))


# ---------------------------------------------------------------- articles

def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line))
        pos += len(line)
    return out


def _strip(s: str) -> str:
    """Strip white space and format characters (direction and zero-width
    marks) from both ends."""
    i, j = 0, len(s)
    while i < j and (s[i].isspace() or unicodedata.category(s[i]) == "Cf"):
        i += 1
    while j > i and (s[j - 1].isspace() or unicodedata.category(s[j - 1]) == "Cf"):
        j -= 1
    return s[i:j]


def parse_header(text: str, lang: str = "ar") -> dict:
    """Parse the scraped header of a plain-text article.

    Shape (as scraped from news sites): an optional short source line, a
    dateline (weekday, day, month name, year), the title (possibly repeated),
    an optional short byline, then the body. Returns a dict with ``source``,
    ``published`` (date or None), ``title`` and ``header_end`` (offset where
    the body starts; 0 when no header was recognised).
    """
    # only the first lines matter: never split a huge text whole; a line of
    # spaces and direction or zero-width marks is blank
    lines = [(o, ln) for o, ln in _lines_with_offsets(text[:20000]) if any(c.isalnum() for c in ln)]
    head = lines[:8]
    result = {"source": None, "published": None, "title": None, "header_end": 0}
    date_idx = None
    for idx, (_o, ln) in enumerate(head):
        s = _strip(ln)
        if len(s) <= 80:
            d = parse_dateline(s, lang)
            if d is not None:
                date_idx, result["published"] = idx, d
                break
    if date_idx is None:
        return result
    if date_idx >= 1:
        src = _strip(head[date_idx - 1][1])
        if len(src.split()) <= 6:
            result["source"] = src
    k = date_idx + 1
    if k < len(head):
        title = _strip(head[k][1])
        if len(title) <= 300:
            result["title"] = title
            k += 1
            while k < len(head) and _strip(head[k][1]) == title:
                k += 1
            if k < len(head) and len(head[k][1].split()) <= 3 and len(head) > k + 1 \
                    and not re.search(r"[.!؟?]\s*$", head[k][1]):
                k += 1  # byline
    result["header_end"] = head[k][0] if k < len(head) else len(text)
    return result


def article_from_text(text: str, article_id: str, origin: str, lang: str | None = None,
                      **fields) -> Article:
    """Build an :class:`Article` from a whole text, parsing its header.

    The text is cleaned first (:func:`clean_text`: same length, so offsets
    hold); a count of replaced characters is noted in ``origin``. Explicit
    ``fields`` (``source, url, published, title``) win over values parsed
    from the header. Raises ValueError naming ``origin`` when the text is
    empty, has no letters, is over :data:`MAX_ARTICLE_BYTES` or is in an
    unsupported language.
    """
    if not isinstance(text, str):
        raise InputError(origin, "the text is not a string")
    text, n_clean = clean_text(text)
    if n_clean:
        base, line, notes = split_origin(origin)
        origin = _with_notes(f"{base}:{line}" if line else base,
                             notes + [f"{n_clean} control characters replaced by spaces"])
    if not text.strip():
        raise InputError(origin, "empty article")
    if len(text) > MAX_ARTICLE_BYTES:
        raise InputError(origin, f"too large: {len(text):,} characters "
                         f"(at most {MAX_ARTICLE_BYTES:,} in one article)")
    if not any(unicodedata.category(c).startswith("L") and c != "\u0640" for c in text[:100000]):
        raise InputError(origin, "no letters: not a news text")  # tatweel and diacritics alone are none
    given = lang is not None and bool(str(lang).strip())
    seen = detect_language(text)
    lang = language_tag(lang) if given else seen
    if lang == "und" and not given:
        raise InputError(origin, f"the text is in neither Arabic nor Latin script: unsupported language "
                                 f"(supported: {', '.join(SUPPORTED_LANGS)})")
    if lang not in SUPPORTED_LANGS:
        raise InputError(origin, f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGS)})")
    lang, notes = language_notes(text, lang, given, seen)
    text, furniture = blank_furniture(text, lang)
    if furniture:
        notes = notes + [f"site furniture at the start blanked ({furniture} characters)"]
    if notes:
        base, line, old = split_origin(origin)
        origin = _with_notes(f"{base}:{line}" if line else base, old + notes)
    header = parse_header(text, lang)
    published = fields.get("published") or header["published"]
    article_id = _clean_field(article_id) or "article"
    return Article(
        id=article_id, text=text, lang=lang,
        source=_clean_field(fields.get("source")) or header["source"],
        url=_clean_field(fields.get("url")),
        published=published,
        title=_clean_field(fields.get("title")) or header["title"],
        origin=origin, header_end=header["header_end"],
    )


def article_from_html(html: str, article_id: str, origin: str, lang: str | None = None,
                      **fields) -> Article:
    """Build an :class:`Article` from an HTML page: its main text, title,
    date and site name as extracted by trafilatura (a date only from the
    page's metadata, never from a footer's © year). Explicit ``fields`` win.
    Raises ValueError naming ``origin`` when the page holds no article text,
    RuntimeError when trafilatura is not installed."""
    try:
        import trafilatura
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise RuntimeError("reading HTML needs trafilatura: pip install trafilatura") from e
    out = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False,
                              favor_precision=True,  # no menu taken for text on a short page
                              include_tables=True, deduplicate=False, url=fields.get("url"),
                              date_extraction_params={"extensive_search": False, "original_date": True})
    meta = json.loads(out) if out else {}
    text = (meta.get("text") or "").strip()
    if len(text) < MIN_HTML_TEXT:
        found = f"only {len(text)} characters" if text else "none"
        raise InputError(origin, f"HTML page with no article text (trafilatura found {found})")
    published = fields.get("published")
    if published is None and meta.get("date"):
        try:
            published = dt.date.fromisoformat(meta["date"][:10])
        except ValueError:
            published = None
    url = fields.get("url") or (meta.get("source") if str(meta.get("source") or "").startswith("http") else None)
    return article_from_text(
        text, article_id, origin, lang=lang, url=url, published=published,
        title=fields.get("title") or meta.get("title"),
        source=fields.get("source") or meta.get("sitename") or meta.get("source-hostname"))


def _read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, refused (ValueError) over ``limit``
    without reading it whole."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise InputError(str(path), "not a regular file")
        if st.st_size > limit:
            raise InputError(str(path), f"too large: {_size(st.st_size)} (at most {limit:,} bytes in one article; "
                             "split it, or give a corpus as JSON Lines)")
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while read
        raise InputError(str(path), f"too large: over {_size(limit)}")
    return data


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 10 * 2**20 else f"{n:,} bytes"


def read_text_file(path: Path) -> Article:
    """Read one ``.txt`` or ``.html`` article (or a text file without a
    suffix). Raises OSError or ValueError naming the file, also for a text
    file of another suffix (``notes.md``)."""
    is_html = path.suffix.lower() in HTML_SUFFIXES
    data = _read_limited(path, MAX_HTML_BYTES if is_html else MAX_ARTICLE_BYTES)
    if not data.strip():
        raise InputError(str(path), "empty file")
    if not is_html and data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")) \
            and len(data) <= MAX_HTML_BYTES:
        is_html = True
    if is_html:
        html, enc = decode_html(data, str(path))
        notes = [] if enc in ("utf-8", "utf-8-sig") else [f"decoded as {enc}"]
        return article_from_html(html, path.stem, _with_notes(str(path), notes + ["HTML main text"]))
    text, enc = decode_bytes(data, str(path))
    if path.suffix and path.suffix.lower() not in SUFFIXES:
        # notes.md, data.tsv given by name: text, but not an article (binary files are named above)
        raise InputError(str(path), f"not an article file ({path.suffix}): kgbuild reads "
                                    f"{', '.join((*SUFFIXES, GZIP_JSONL))} files, and a file without a suffix as text")
    origin = _with_notes(str(path), [] if enc in ("utf-8", "utf-8-sig") else [f"decoded as {enc}"])
    return article_from_text(text, path.stem, origin)


def _parse_date(value, origin: str) -> tuple[dt.date | None, str | None]:
    """The publication date of a record and, when the value is no
    YYYY-MM-DD date, a note saying it was left out (the article is still
    built, without a date: its relative dates stay unresolved)."""
    if value in (None, ""):
        return None, None
    try:
        return dt.date.fromisoformat(str(value)[:10]), None
    except ValueError:
        return None, f"'published' {str(value)[:40]!r} is no YYYY-MM-DD date: left out"


def _bounded_lines(fh, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, bytes or None when over limit, length)`` of each line
    of a binary file; a line over ``limit`` bytes is skipped without being
    held in memory."""
    lineno = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            n = len(raw)
            while True:
                chunk = fh.readline(1 << 20)
                n += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None, n
        else:
            yield lineno, raw, len(raw)


def read_jsonl(path: str | Path, max_line: int | None = None) -> Iterator[Article | IngestError]:
    """Stream articles from a JSON Lines file (a path or its string), one per line.

    Yields an :class:`IngestError` (``path:line``) for a malformed line, a
    line without ``text``, an unsupported ``lang``, a line over
    ``max_line`` bytes (default :data:`MAX_ARTICLE_BYTES`); other lines go
    on. A file that cannot be opened is one error. A ``.jsonl.gz`` file is
    decompressed as it is read (gzip); an archive that is cut off or not
    gzip is an error after the lines read so far."""
    limit = max_line or MAX_ARTICLE_BYTES
    path = Path(path)
    gz = path.name.lower().endswith(GZIP_JSONL)
    id_path = path.with_name(path.name[:-3]) if gz else path  # "x.jsonl.gz": ids "x-<line>"
    try:
        fh = open_jsonl(path)
    except InputError as e:
        yield IngestError(e.origin, e.reason)
        return
    except OSError as e:
        yield IngestError(str(path), f"cannot read: {e.strerror or e}")
        return
    try:
        yield from _jsonl_lines(fh, path, id_path, limit)
    except (OSError, EOFError) as e:
        what = "a gzip archive cut off before its end" if isinstance(e, EOFError) else f"{e.strerror or e}"
        yield IngestError(str(path), f"cannot read{' (gzip)' if gz else ''}: {what}")
    finally:
        fh.close()


def _jsonl_lines(fh, path: Path, id_path: Path, limit: int) -> Iterator[Article | IngestError]:
    """The articles and errors of an open JSON Lines file (:func:`read_jsonl`)."""
    head = b""
    try:  # the head, for the binary and UTF-16 sniffs; a gzip archive cut off within it still gives its lines
        while len(head) < 65536:
            chunk = fh.read(4096)
            if not chunk:
                break
            head += chunk
    except EOFError:
        pass
    what = sniff_binary(head.lstrip(b"\xef\xbb\xbf"))
    if what:
        yield IngestError(str(path), f"binary file ({what}), not JSON Lines")
        return
    wide = _utf16(head)
    if wide:
        yield IngestError(str(path), f"JSON Lines must be UTF-8 (RFC 8259), this file is {wide}: "
                                     "save it as UTF-8")
        return
    fh.seek(0)
    lines = _bounded_lines(fh, limit)
    seen = False
    for lineno, raw, size in lines:
        origin = f"{path}:{lineno}"
        if raw is None:
            seen = True
            yield IngestError(origin, f"line too long: {_size(size)} (at most {limit:,} bytes in one article)")
            continue
        if not raw.strip():
            continue
        seen = True
        yield _jsonl_record(raw, lineno, origin, id_path)
    if not seen:
        yield IngestError(str(path), "empty file: no article (JSON Lines: one article per line)")


def article_from_jsonl_line(raw: bytes, lineno: int, origin: str, path: Path) -> Article | IngestError:
    """One JSON Lines record (``id, lang, url, source, published, title,
    text``; UTF-8 bytes) → an :class:`Article`, or an :class:`IngestError`
    naming ``origin`` and what is wrong. ``path`` and ``lineno`` give the
    id of a record without one (``<stem>-<line>``)."""
    return _jsonl_record(raw, lineno, origin, path)


def _cut_short(e: json.JSONDecodeError) -> bool:
    """Whether a JSON error means the text ended inside the value: an
    unterminated string, or the parser wanted more at the very end."""
    return e.msg.startswith("Unterminated string") or e.pos >= len(e.doc.rstrip())


def _jsonl_record(raw: bytes, lineno: int, origin: str, path: Path) -> Article | IngestError:
    line = raw.rstrip(b"\r\n")  # the line break ends the record; inside an open string it is no control character
    try:
        rec = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
    except UnicodeDecodeError as e:
        return IngestError(origin, f"malformed JSON line: not UTF-8 (byte {e.start + 1}; JSON Lines must be "
                                   "UTF-8, RFC 8259: save the file as UTF-8)")
    except json.JSONDecodeError as e:
        # the record is one line: its column says where (json's own "line 1" would contradict the file's line)
        where = f"{e.msg}{'' if e.msg.endswith(' at') else ' at'} character {e.colno}"  # "starting at"
        if _cut_short(e):
            return IngestError(origin, f"malformed JSON line: it ends before its JSON object does (cut off? {where})")
        return IngestError(origin, f"malformed JSON line ({where})")
    except RecursionError:
        return IngestError(origin, "malformed JSON line (nested too deeply)")
    if not isinstance(rec, dict):
        return IngestError(origin, "a JSON object is expected on each line")
    if "text" not in rec:
        return IngestError(origin, "no 'text' field")
    text = rec["text"]
    if text is None:
        return IngestError(origin, "'text' is null")
    if not isinstance(text, str):
        return IngestError(origin, f"'text' is not a string but {type(text).__name__}")
    if not text.strip():
        return IngestError(origin, "empty 'text'")
    lang = rec.get("lang") or None
    if lang is not None and not isinstance(lang, str):
        return IngestError(origin, f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGS)})")
    published, note = _parse_date(rec.get("published"), origin)
    if note:
        base, line, notes = split_origin(origin)
        origin = _with_notes(f"{base}:{line}" if line else base, notes + [note])
    try:
        return article_from_text(
            text, _clean_field(rec.get("id")) or f"{path.stem}-{lineno}", origin,
            lang=lang, source=rec.get("source"), url=rec.get("url"),
            published=published, title=rec.get("title"))
    except InputError as e:
        return IngestError(e.origin, e.reason)


def skipped_files(paths: Iterable[str | Path]) -> list[tuple[Path, int, list[str]]]:
    """The files of the given folders that :func:`iter_paths` leaves out
    because their suffix is not an article's (``notes.md``, ``photo.png``;
    hidden files, whose names start with ".", aside). Output: per folder
    with such files, ``(folder, how many, their suffixes sorted)``; files
    given by name are never in it."""
    out = []
    for p in map(Path, paths):
        if not p.is_dir():
            continue
        left = [f for f in sorted(p.rglob("*")) if f.is_file() and not _article_name(f)
                and not any(part.startswith(".") for part in f.relative_to(p).parts)]
        if left:
            out.append((p, len(left), sorted({f.suffix.lower() or "(none)" for f in left})))
    return out


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Expand files and folders to the input files, in sorted order. A
    path that is missing, not a regular file (a FIFO, a device), or a
    broken symbolic link inside a folder, is an :class:`IngestError`.
    Files given by name are kept whatever their suffix (a folder's are
    filtered by :data:`SUFFIXES`); :func:`read_text_file` refuses a text
    file of another suffix."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not _article_name(f):
                    continue
                if f.is_symlink() and not f.exists():
                    yield IngestError(str(f), "broken symbolic link (its target is missing)")
                elif f.is_file():
                    yield f
                elif not f.is_dir():
                    yield IngestError(str(f), "not a regular file")
        elif p.is_file():
            yield p
        elif p.is_symlink() and not p.exists():
            yield IngestError(str(p), "broken symbolic link (its target is missing)")
        elif p.exists():
            yield IngestError(str(p), "not a regular file")
        else:
            yield IngestError(str(p), "no such file or folder")


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | IngestError]:
    """Read every article under ``paths`` (files or folders).

    Yields articles and :class:`IngestError` records in input order; never
    raises for a bad input file.
    """
    for p in iter_paths(paths):
        if isinstance(p, IngestError):
            yield p
            continue
        if is_jsonl(p):
            yield from read_jsonl(p)
            continue
        try:
            yield read_text_file(p)
        except OSError as e:
            yield IngestError(str(p), f"cannot read: {e.strerror or e}")
        except InputError as e:
            yield IngestError(e.origin, e.reason)
        except ValueError as e:
            yield IngestError(str(p), str(e))
        except Exception as e:  # a reader's bug must not stop the batch
            yield IngestError(str(p), f"cannot read: {type(e).__name__}: {e}")
