"""Make the corpus of bad input files that kgbuild must survive (issue 9).

Every file is generated here, into a folder given on the command line or by
a test's temporary folder, so no binary or 50 MB file is committed::

    python benchmarks/make_bad_corpus.py /tmp/bad          # all cases
    python benchmarks/make_bad_corpus.py /tmp/bad --small  # without the big files
    kgbuild build /tmp/bad examples/articles --out /tmp/out --errors /tmp/errors.jsonl

:data:`CASES` says, for each case, which file(s) it makes and what kgbuild
must do with it: ``ok`` (processed; ``note`` is what the build summary says
about how it was read) or ``error`` (reported in one line naming the file,
and the line for JSON Lines, with ``reason`` in it). Tests
(tests/test_hardening.py) run each case alone and all of them in one batch
with the good example article.
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "examples" / "articles" / "qasioun-2025-01-22.txt"


@dataclass(frozen=True)
class Case:
    """One bad input. ``files``: names it creates (the first is the one
    given to kgbuild); ``expect``: ``ok`` or ``error``; ``errors``: for
    each expected error, the origin's suffix (``name`` or ``name:line``)
    and a piece of the reason; ``note``: a piece of the note an ``ok``
    file gets; ``big``: made only when big files are asked for;
    ``root_reads``: root can read it anyway (permissions); ``usage``: given
    alone it is a usage error (exit 2: no article file in it)."""

    name: str
    files: tuple[str, ...]
    expect: str
    errors: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    articles: int = 0
    big: bool = False
    root_reads: bool = False
    in_folder_only: bool = False
    usage: bool = False
    extra: dict = field(default_factory=dict)


CASES: tuple[Case, ...] = (
    Case("empty", ("empty.txt",), "error", (("empty.txt", "empty file"),)),
    Case("blank", ("blank.txt",), "error", (("blank.txt", "empty file"),)),
    Case("pdf", ("report.pdf",), "error", (("report.pdf", "PDF document"),)),
    Case("png", ("photo.png",), "error", (("photo.png", "PNG image"),)),
    Case("jpeg-named-txt", ("scan.txt",), "error", (("scan.txt", "JPEG image"),)),
    Case("zip-named-txt", ("archive.txt",), "error", (("archive.txt", "ZIP archive"),)),
    Case("nul-bytes", ("nul.txt",), "error", (("nul.txt", "binary file (NUL bytes)"),)),
    Case("cp1256", ("arabic-cp1256.txt",), "ok", note="decoded as windows-1256", articles=1),
    Case("utf16-bom", ("arabic-utf16.txt",), "ok", note="decoded as utf-16", articles=1),
    Case("broken-utf8", ("broken-utf8.txt",), "ok", note="invalid bytes replaced", articles=1),
    Case("mixed-encodings", ("mixed-encodings.txt",), "ok", note="line in windows-1256", articles=1),
    Case("html", ("page.html",), "ok", note="HTML main text", articles=1),
    Case("broken-html", ("broken.html",), "ok", note="HTML main text", articles=1),
    Case("html-no-text", ("no-text.html",), "error", (("no-text.html", "no article text"),)),
    Case("big", ("big.txt",), "error", (("big.txt", "too large"),), big=True),
    Case("long-lines", ("long-lines.txt",), "error", (("long-lines.txt", "too large"),), big=True),
    Case("jsonl", ("bad-lines.jsonl",), "error",
         (("bad-lines.jsonl:2", "malformed JSON line"), ("bad-lines.jsonl:3", "no 'text' field"),
          ("bad-lines.jsonl:4", "unsupported language 'fr'"), ("bad-lines.jsonl:5", "nested too deeply"),
          ("bad-lines.jsonl:6", "line too long")), articles=2),
    Case("unreadable", ("locked.txt",), "error", (("locked.txt", "Permission denied"),), root_reads=True),
    Case("dangling-symlink", ("dangling.txt",), "error", (("dangling.txt", "broken symbolic link"),),
         in_folder_only=True),
    Case("fifo", ("pipe.txt",), "error", (("pipe.txt", "not a regular file"),)),
    Case("directory-named-txt", ("folder.txt",), "ok", articles=0, usage=True),
    Case("no-entities", ("no-entities.txt",), "ok", articles=1),
    Case("control-names", ("control-names.txt",), "ok", note="control characters replaced", articles=1),
    Case("control-names-jsonl", ("control-names.jsonl",), "ok", note="control characters replaced", articles=1),
)

#: Line-length limit of the JSON Lines case's long line, bytes: kgbuild's
#: MAX_ARTICLE_BYTES (2 MiB) plus a little.
_LONG_LINE = 2 * 1024 * 1024 + 1000


def good_text() -> str:
    return GOOD.read_text(encoding="utf-8")


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00\xff\x00\x00" * 1
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    # the text of a PDF is in compressed streams: text-looking header, binary body
    stream = zlib.compress("BT /F1 12 Tf (وصل هادي البحرة إلى باريس) Tj ET".encode("utf-8"))
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"4 0 obj << /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + stream + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


HTML_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="windows-1256">
<title>وصول وفد الائتلاف الوطني السوري إلى باريس</title>
<meta property="article:published_time" content="2025-01-22T09:30:00+03:00">
<meta property="og:site_name" content="وكالة قاسيون">
<script>var tracker = "<p>not article text</p>";</script>
<style>body { font-family: serif }</style></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/news">أخبار</a> | <a href="javascript:void(0)">بحث</a></nav>
<article><h1>وصول وفد الائتلاف الوطني السوري إلى باريس</h1>
<p>وصل رئيس الائتلاف الوطني السوري، هادي البحرة، إلى العاصمة الفرنسية باريس صباح اليوم برفقة وفد يضم عددا من أعضاء الهيئة السياسية.</p>
<p>وسيعقد الوفد عدة لقاءات مع مسؤولين من وزارة الخارجية الفرنسية لبحث آخر التطورات في سوريا، بحسب ما أفاد مصدر في الائتلاف.</p>
</article>
<footer>© 2025 جميع الحقوق محفوظة</footer></body></html>
"""


def control_names_text() -> str:
    """The good article with its names full of control, zero-width and
    direction characters."""
    t = good_text()
    t = t.replace("هادي البحرة", "\u202eهادي\u200b\u200f البحرة\u202c\x00", 1)
    t = t.replace("باريس", "با\u200dريس\u2066\x07", 1)
    t = t.replace("الائتلاف", "\u200eالائتلاف\x1b[31m\x7f", 1)
    return t.replace("\n", "\n\u2067\u200c", 2)


def make_case(case: Case, dest: Path) -> list[Path]:
    """Create the files of one case in ``dest``. Returns their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    good = good_text()
    p = dest / case.files[0]
    n = case.name
    if n == "empty":
        p.write_bytes(b"")
    elif n == "blank":
        p.write_bytes(b"  \n\n\t\r\n")
    elif n == "pdf":
        p.write_bytes(_pdf())
    elif n == "png":
        p.write_bytes(_png())
    elif n == "jpeg-named-txt":
        p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)))
    elif n == "zip-named-txt":
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("article.txt", good)
        p.write_bytes(buf.getvalue())
    elif n == "nul-bytes":
        p.write_bytes(good.encode("utf-8")[:200] + bytes(range(256)) * 2)  # no known signature
    elif n == "cp1256":
        p.write_bytes(good.encode("cp1256"))
    elif n == "utf16-bom":
        p.write_bytes(good.encode("utf-16"))  # with a BOM
    elif n == "broken-utf8":
        data = bytearray(good.encode("utf-8"))
        data[400:400] = b"\xff\xfe"  # invalid bytes
        data[900:900] = b"\xd8"  # a truncated sequence
        p.write_bytes(bytes(data))
    elif n == "mixed-encodings":
        lines = good.splitlines(keepends=True)
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        out = [ln.encode("cp1256") if i == longest else ln.encode("utf-8") for i, ln in enumerate(lines)]
        p.write_bytes(b"".join(out))
    elif n == "html":
        p.write_bytes(HTML_PAGE.encode("cp1256"))
    elif n == "broken-html":
        page = HTML_PAGE.replace('charset="windows-1256"', 'charset="utf-8"')
        cut = page.index("بحسب")
        p.write_text(page[:cut] + "<div><p>نص مقطوع <b>بلا نهاية</i></p></div></div><script>var x = '<p>",
                     encoding="utf-8")
    elif n == "html-no-text":
        p.write_text("<!DOCTYPE html><html><head><script>document.write('<p>x</p>')</script></head>"
                     "<body><nav><a href='/'>الرئيسية</a></nav></body></html>", encoding="utf-8")
    elif n == "big":
        line = ("وصل رئيس الائتلاف الوطني السوري إلى باريس صباح اليوم. " * 20 + "\n").encode("utf-8")
        with open(p, "wb") as fh:
            size = 50 * 1024 * 1024
            while fh.tell() < size:
                fh.write(line)
    elif n == "long-lines":
        line = ("word " * 60 + "كلمة " * 30).encode("utf-8")[:400] + b"\n"
        with open(p, "wb") as fh:
            for _ in range(100_000):
                fh.write(line)
    elif n == "jsonl":
        rec = {"id": "jsonl-good", "lang": "ar", "source": "قاسيون", "published": "2025-01-22", "text": good}
        lines = [json.dumps(rec, ensure_ascii=False),
                 '{"id": "broken", "text": "وصل هادي',  # malformed
                 json.dumps({"id": "notext", "lang": "ar", "title": "بلا نص"}),
                 json.dumps({"id": "french", "lang": "fr", "text": "Le président est arrivé à Paris."}),
                 "[" * 100_000 + "]" * 100_000,
                 json.dumps({"id": "huge", "text": "x" * _LONG_LINE}),
                 json.dumps(dict(rec, id="jsonl-good-2"), ensure_ascii=False)]
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif n == "unreadable":
        p.write_text(good, encoding="utf-8")
        p.chmod(0)
    elif n == "dangling-symlink":
        if p.is_symlink():
            p.unlink()
        p.symlink_to(dest / "no-such-target.txt")
    elif n == "fifo":
        if not p.exists():
            os.mkfifo(p)
    elif n == "directory-named-txt":
        p.mkdir(exist_ok=True)
    elif n == "no-entities":
        p.write_text("الطقس معتدل اليوم والسماء صافية مع رياح خفيفة، ويتوقع أن ترتفع درجات الحرارة "
                     "قليلا خلال الأيام المقبلة.\n", encoding="utf-8")
    elif n == "control-names":
        p.write_text(control_names_text(), encoding="utf-8")
    elif n == "control-names-jsonl":
        rec = {"id": "ctl\x00\u202e-1", "lang": "ar", "title": "عنوان\x07\u200f",
               "source": "قاسيون\x1b", "text": control_names_text() + "\ud800"}
        p.write_text(json.dumps(rec) + "\n", encoding="utf-8")  # \\u escapes, a lone surrogate too
    else:  # pragma: no cover
        raise KeyError(n)
    return [dest / f for f in case.files]


def make_bad_corpus(dest: str | Path, *, big: bool = True, names: list[str] | None = None) -> dict[str, list[Path]]:
    """Create every case (or those ``names``) in ``dest``, big ones only
    when ``big``. Returns case name → paths."""
    dest = Path(dest)
    out = {}
    for c in CASES:
        if (names is not None and c.name not in names) or (c.big and not big):
            continue
        out[c.name] = make_case(c, dest)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--small", action="store_true", help="leave out the 50 MB and 100,000-line files")
    args = ap.parse_args(argv)
    made = make_bad_corpus(args.dest, big=not args.small)
    for name, paths in made.items():
        print(f"{name:22} {' '.join(str(p) for p in paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
