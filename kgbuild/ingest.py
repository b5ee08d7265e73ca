"""Ingest stage: files, folders and JSON Lines → :class:`~kgbuild.model.Article`.

Readers yield either an :class:`Article` or an :class:`IngestError` (one bad
article never stops a batch). Supported inputs:

* ``.txt``: one article per file, in the scraped shape "source name /
  dateline / title (possibly repeated) / byline / body", or plain text. The
  whole file is the article text; header fields are parsed from it.
* ``.jsonl``: one article per line with fields ``id, lang, url, source,
  published, title, text`` (the corpus format of ../shared/corpus/ar/dev.jsonl).
* folders: every ``.txt`` and ``.jsonl`` below them, in sorted order.

Text files are decoded as UTF-8 (a BOM is honoured); otherwise the encoding
is detected with charset-normalizer and reported in ``Article.origin``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kgbuild.dates import parse_dateline
from kgbuild.model import Article

SUPPORTED_LANGS = ("ar", "en")
SUFFIXES = (".txt", ".jsonl")


@dataclass(frozen=True)
class IngestError:
    """An input that could not be read as an article: ``origin`` names the
    file (and ``:line`` for JSON Lines), ``reason`` says what is wrong."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def detect_language(text: str) -> str:
    """Return ``"ar"`` when Arabic letters outnumber Latin letters in
    ``text``, else ``"en"`` (the script decides; both packs are the only
    languages supported)."""
    ar = lat = 0
    for ch in text[:5000]:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            ar += 1
        elif ch.isascii() and ch.isalpha():
            lat += 1
    return "ar" if ar >= lat and ar > 0 else "en"


def decode_bytes(data: bytes, origin: str) -> tuple[str, str]:
    """Decode a text file's bytes. Returns ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are tried first; then
    charset-normalizer's best guess. Raises ValueError naming ``origin`` when
    the bytes are not text (NUL bytes with no UTF-16 BOM, or no encoding
    fits)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ValueError(f"{origin}: binary file, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError(f"{origin}: cannot detect a text encoding")
    return str(best), best.encoding


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line))
        pos += len(line)
    return out


def parse_header(text: str, lang: str = "ar") -> dict:
    """Parse the scraped header of a plain-text article.

    Shape (as scraped from news sites): an optional short source line, a
    dateline (weekday, day, month name, year), the title (possibly repeated),
    an optional short byline, then the body. Returns a dict with ``source``,
    ``published`` (date or None), ``title`` and ``header_end`` (offset where
    the body starts; 0 when no header was recognised).
    """
    lines = [(o, ln) for o, ln in _lines_with_offsets(text) if ln.strip()]
    head = lines[:8]
    result = {"source": None, "published": None, "title": None, "header_end": 0}
    date_idx = None
    for idx, (_o, ln) in enumerate(head):
        s = ln.strip()
        if len(s) <= 80:
            d = parse_dateline(s, lang)
            if d is not None:
                date_idx, result["published"] = idx, d
                break
    if date_idx is None:
        return result
    if date_idx >= 1:
        src = head[date_idx - 1][1].strip()
        if len(src.split()) <= 6:
            result["source"] = src
    k = date_idx + 1
    if k < len(head):
        title = head[k][1].strip()
        if len(title) <= 300:
            result["title"] = title
            k += 1
            while k < len(head) and head[k][1].strip() == title:
                k += 1
            if k < len(head) and len(head[k][1].split()) <= 3 and len(head) > k + 1 \
                    and not re.search(r"[.!؟?]\s*$", head[k][1]):
                k += 1  # byline
    result["header_end"] = head[k][0] if k < len(head) else len(text)
    return result


def article_from_text(text: str, article_id: str, origin: str, lang: str | None = None,
                      **fields) -> Article:
    """Build an :class:`Article` from a whole text, parsing its header.

    Explicit ``fields`` (``source, url, published, title``) win over values
    parsed from the header. Raises ValueError naming ``origin`` when the text
    is empty or has no letters.
    """
    if not text.strip():
        raise ValueError(f"{origin}: empty article")
    if not any(unicodedata.category(c).startswith("L") for c in text[:100000]):
        raise ValueError(f"{origin}: no letters: not a news text")
    lang = lang or detect_language(text)
    if lang not in SUPPORTED_LANGS:
        raise ValueError(f"{origin}: unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGS)})")
    header = parse_header(text, lang)
    published = fields.get("published") or header["published"]
    return Article(
        id=article_id, text=text, lang=lang,
        source=fields.get("source") or header["source"],
        url=fields.get("url"),
        published=published,
        title=fields.get("title") or header["title"],
        origin=origin, header_end=header["header_end"],
    )


def read_text_file(path: Path) -> Article:
    """Read one ``.txt`` article. Raises OSError or ValueError naming the file."""
    data = path.read_bytes()
    if not data.strip():
        raise ValueError(f"{path}: empty file")
    text, enc = decode_bytes(data, str(path))
    origin = str(path) if enc in ("utf-8", "utf-8-sig") else f"{path} (decoded as {enc})"
    return article_from_text(text, path.stem, origin)


def _parse_date(value, origin: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{origin}: bad 'published' date {value!r} (expected YYYY-MM-DD)") from None


def read_jsonl(path: Path) -> Iterator[Article | IngestError]:
    """Stream articles from a JSON Lines file, one per line.

    Yields an :class:`IngestError` (``path:line``) for a malformed line, a line
    without ``text``, or an unsupported ``lang``; other lines go on.
    """
    try:
        fh = path.open("rb")
    except OSError as e:
        yield IngestError(str(path), f"cannot read: {e.strerror or e}")
        return
    with fh:
        for lineno, raw in enumerate(fh, 1):
            origin = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                yield IngestError(origin, f"malformed JSON line ({e})")
                continue
            if not isinstance(rec, dict):
                yield IngestError(origin, "a JSON object is expected on each line")
                continue
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                yield IngestError(origin, "no 'text' field")
                continue
            try:
                art = article_from_text(
                    text, str(rec.get("id") or f"{path.stem}-{lineno}"), origin,
                    lang=rec.get("lang") or None, source=rec.get("source"), url=rec.get("url"),
                    published=_parse_date(rec.get("published"), origin), title=rec.get("title"))
            except ValueError as e:
                yield IngestError(origin, str(e).removeprefix(origin + ": "))
                continue
            yield art


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Expand files and folders to the input files, in sorted order."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES:
                    yield f
        elif p.is_file():
            yield p
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
        if p.suffix.lower() == ".jsonl":
            yield from read_jsonl(p)
            continue
        try:
            yield read_text_file(p)
        except OSError as e:
            yield IngestError(str(p), f"cannot read: {e.strerror or e}")
        except ValueError as e:
            yield IngestError(str(p), str(e).removeprefix(f"{p}: "))
