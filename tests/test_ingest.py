"""Ingest: decoding, binary detection, HTML, cleaning, limits, JSON Lines
errors naming file and line (issue 9). The whole-build behaviour on the bad
files corpus is in test_hardening.py."""
from __future__ import annotations

import json
import os

import pytest

from conftest import SEED
from kgbuild import ingest
from kgbuild.ingest import (IngestError, InputError, article_from_html, article_from_text, clean_text,
                            decode_bytes, origin_notes, read_articles, sniff_binary, split_origin)

GOOD = SEED.read_text(encoding="utf-8")


def _one(path):
    (item,) = list(read_articles([path]))
    return item


def test_ingest_seed_header_unchanged():
    a = _one(SEED)
    assert a.origin == str(SEED) and origin_notes(a.origin) == []
    assert a.source == "وكالة قاسيون للأنباء" and a.published.isoformat() == "2025-01-22"
    assert a.title.startswith("وفد من الائتلاف الوطني") and a.header_end == 260


@pytest.mark.parametrize("encoding,label", [("cp1256", "windows-1256"), ("utf-16", "utf-16"),
                                            ("utf-16-be", "utf-16"), ("utf-8-sig", "utf-8-sig")])
def test_ingest_decodes_arabic_encodings(encoding, label):
    data = GOOD.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # big-endian with its BOM
    out, how = decode_bytes(data, "x.txt")
    assert out == GOOD and how == label


def test_ingest_short_cp1256_is_not_read_as_hebrew():
    text = "وصل هادي البحرة إلى باريس."
    assert decode_bytes(text.encode("cp1256"), "x") == (text, "windows-1256")


def test_ingest_broken_utf8_keeps_utf8_and_says_where(tmp_path):
    cut = len(GOOD[:400].encode("utf-8"))  # a character boundary
    data = GOOD.encode("utf-8")[:cut] + b"\xff" + GOOD.encode("utf-8")[cut:]
    text, how = decode_bytes(data, "x")
    assert how.startswith("utf-8, 1 invalid bytes replaced, first on line")
    assert text.replace("\ufffd", "") == GOOD


def test_ingest_mixed_encodings_line_by_line():
    lines = GOOD.splitlines(keepends=True)
    k = max(range(len(lines)), key=lambda i: len(lines[i]))
    data = b"".join(ln.encode("cp1256") if i == k else ln.encode("utf-8") for i, ln in enumerate(lines))
    text, how = decode_bytes(data, "x")
    assert text == GOOD and how == f"utf-8, 1 line in windows-1256, first on line {k + 1}"


@pytest.mark.parametrize("data,what", [
    (b"%PDF-1.7\n%\xe2\xe3\n", "PDF document"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"), (b"PK\x03\x04\x14\x00", "ZIP archive"),
    (b"\x1f\x8b\x08\x00", "gzip"), (b"\x7fELF\x02\x01", "executable"), (bytes(range(256)) * 4, "NUL bytes"),
])
def test_ingest_binary_files_are_refused_by_content(data, what):
    assert what in sniff_binary(data)
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(data, "x.txt")


def test_ingest_a_stray_control_character_is_text_not_binary():
    assert sniff_binary(GOOD.encode("utf-8")[:300] + b"\x00\x07" + GOOD.encode("utf-8")[300:]) is None
    assert sniff_binary("Name\ufeff".encode("utf-16")) is None


def test_ingest_clean_text_keeps_length_and_offsets():
    raw = "a\x00b\x07c\td\ne\x1b[0m\x7f\x85\u202eهادي\u200b\u200f\ud800"
    out, n = clean_text(raw)
    assert len(out) == len(raw) and n == 6
    assert out == "a b c\td\ne [0m  \u202eهادي\u200b\u200f\ufffd"  # marks kept, controls spaced
    out.encode("utf-8")  # no lone surrogate left


def test_ingest_article_from_text_notes_cleaning_in_origin():
    a = article_from_text("وصل هادي\x00 البحرة إلى باريس.", "id\x07", "f.jsonl:3 (decoded as windows-1256)")
    assert a.id == "id" and "\x00" not in a.text
    assert split_origin(a.origin) == ("f.jsonl", 3, ["decoded as windows-1256", "1 control characters replaced by spaces"])


@pytest.mark.parametrize("text,reason", [("   \n\t", "empty article"), ("123 456 ... !!!", "no letters"),
                                         ("x" * (ingest.MAX_ARTICLE_BYTES + 1), "too large")])
def test_ingest_article_from_text_refusals(text, reason):
    with pytest.raises(InputError, match=reason) as e:
        article_from_text(text, "a", "f.txt")
    assert e.value.origin == "f.txt" and str(e.value).startswith("f.txt: ")


def test_ingest_html_page_main_text_title_date(tmp_path):
    page = ("<!DOCTYPE html><html lang='ar'><head><meta charset='windows-1256'><title>وصول الوفد</title>"
            "<meta property='article:published_time' content='2025-01-22'>"
            "<script>var s = '<p>x</p>';</script></head><body><nav><a href='/'>الرئيسية</a></nav><article><p>"
            "وصل رئيس الائتلاف الوطني السوري، هادي البحرة، إلى العاصمة الفرنسية باريس صباح اليوم برفقة وفد."
            "</p></article><footer>© 2024</footer></body></html>")
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("cp1256"))
    a = _one(p)
    assert origin_notes(a.origin) == ["decoded as windows-1256", "HTML main text"]
    assert a.title == "وصول الوفد" and a.published.isoformat() == "2025-01-22"
    assert "هادي البحرة" in a.text and "الرئيسية" not in a.text and "<" not in a.text


def test_ingest_html_footer_year_is_no_date():
    body = "<p>" + "وصل رئيس الائتلاف الوطني السوري، هادي البحرة، إلى باريس. " * 3 + "</p>"
    a = article_from_html(f"<html><body><article>{body}</article><footer>© 2025 الحقوق</footer></body></html>",
                          "x", "x.html")
    assert a.published is None


def test_ingest_html_in_a_txt_file_is_read_as_html(tmp_path):
    p = tmp_path / "saved.txt"
    p.write_text("<!DOCTYPE html><html><body><article><p>" + "The minister arrived in Paris on Monday. " * 4
                 + "</p></article></body></html>", encoding="utf-8")
    a = _one(p)
    assert "HTML main text" in origin_notes(a.origin) and a.text.startswith("The minister")


def test_ingest_html_without_article_text(tmp_path):
    p = tmp_path / "menu.html"
    p.write_text("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>", encoding="utf-8")
    e = _one(p)
    assert isinstance(e, IngestError) and "no article text" in e.reason and e.file == str(p)


def test_ingest_too_large_file_is_not_read(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    with open(p, "wb") as fh:
        fh.truncate(ingest.MAX_ARTICLE_BYTES + 1)  # sparse: costs nothing
    e = _one(p)
    assert isinstance(e, IngestError) and e.reason.startswith("too large")


def test_ingest_jsonl_errors_name_file_and_line(tmp_path):
    good = {"id": "g", "lang": "ar", "text": GOOD}
    lines = [json.dumps(good), "{not json", json.dumps({"id": "t"}), json.dumps({"text": "Hello there.", "lang": "fr"}),
             json.dumps({"text": 5}), json.dumps([1, 2]), "", json.dumps({"text": "Paris", "published": "yesterday"}),
             "[" * 50_000, '"\\ud800 lone"', json.dumps(dict(good, id="g2", lang=["ar"])),
             json.dumps({"id": "ctl", "text": "Mr Smith met\u0000 Mr Jones in \ud83d Paris.", "lang": "en"})]
    p = tmp_path / "c.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles([p]))
    errs = [(e.line, e.reason) for e in items if isinstance(e, IngestError)]
    arts = [a for a in items if not isinstance(a, IngestError)]
    # a publication date that is no date is left out, with a note; the article is built
    assert [a.id for a in arts] == ["g", "c-8", "ctl"]
    assert arts[1].published is None
    assert origin_notes(arts[1].origin) == ["'published' 'yesterday' is no YYYY-MM-DD date: left out"]
    assert origin_notes(arts[2].origin) == ["2 control characters replaced by spaces"]
    assert [ln for ln, _ in errs] == [2, 3, 4, 5, 6, 9, 10, 11]
    reasons = dict(errs)
    assert reasons[2].startswith("malformed JSON line") and reasons[3] == "no 'text' field"
    assert reasons[4].startswith("unsupported language 'fr'") and "not a string" in reasons[5]
    assert "JSON object" in reasons[6]
    assert "nested too deeply" in reasons[9] and "unsupported language ['ar']" in reasons[11]
    assert all(e.file == str(p) for e in items if isinstance(e, IngestError))
    assert str(next(e for e in items if isinstance(e, IngestError))).startswith(f"{p}:2: malformed JSON line")


def test_ingest_jsonl_line_cut_inside_its_text_says_so(tmp_path):
    """A record cut off inside its text (a copy stopped mid-line) is named as
    cut short, not as a control character: the line break ends the line."""
    rec = json.dumps({"id": "t1", "lang": "ar", "text": GOOD}, ensure_ascii=False)
    p = tmp_path / "cut.jsonl"
    p.write_text(rec + "\n" + rec.replace("t1", "t2")[:40] + "\n", encoding="utf-8")
    items = list(read_articles([p]))
    assert [a.id for a in items if not isinstance(a, IngestError)] == ["t1"]
    err = next(e for e in items if isinstance(e, IngestError))
    assert err.line == 2 and "ends before its JSON object does" in err.reason and "control" not in err.reason
    assert "line 1" not in err.reason and "at character" in err.reason  # no second line number beside the file's
    assert "at at" not in err.reason  # json's "Unterminated string starting at" ends in "at" already


def test_ingest_jsonl_long_line_is_skipped_in_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 1000)
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"text": "x " * 5000}) + "\n" + json.dumps({"id": "ok", "text": "Mr Smith went to Paris."})
                 + "\n", encoding="utf-8")
    items = list(read_articles([p]))
    assert isinstance(items[0], IngestError) and items[0].line == 1 and items[0].reason.startswith("line too long")
    assert items[1].id == "ok" and items[1].origin == f"{p}:2"


def test_ingest_binary_jsonl(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(b"\x1f\x8b\x08\x00" + bytes(100))
    (e,) = list(read_articles([p]))
    assert e.line is None and "gzip" in e.reason


def test_ingest_unreadable_file_is_reported(tmp_path, monkeypatch):
    """Permissions: chmod 000 where the tests do not run as root, and a
    simulated EACCES always (root reads anything)."""
    p = tmp_path / "locked.txt"
    p.write_text(GOOD, encoding="utf-8")
    j = tmp_path / "locked.jsonl"
    j.write_text(json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    if os.geteuid() != 0:
        p.chmod(0)
        j.chmod(0)
        e1, e2 = list(read_articles([j, p]))
        assert "Permission denied" in e1.reason and "Permission denied" in e2.reason
        p.chmod(0o644)
        j.chmod(0o644)
    real_open = open

    def no_access(path, *a, **k):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(ingest, "open", no_access, raising=False)
    monkeypatch.setattr(type(j), "open", lambda self, *a, **k: no_access(self, *a, **k))
    e1, e2 = list(read_articles([j, p]))
    assert str(e1) == f"{j}: cannot read: Permission denied"
    assert str(e2) == f"{p}: cannot read: Permission denied"


def test_ingest_odd_paths(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.txt" / "inner.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    items = list(read_articles([tmp_path, tmp_path / "pipe.jsonl", tmp_path / "nothing"]))
    got = [(os.path.basename(i.origin), i.reason) if isinstance(i, IngestError) else i.id for i in items]
    assert got == [("dangling.txt", "broken symbolic link (its target is missing)"), "inner",
                   ("loop.txt", "broken symbolic link (its target is missing)"),
                   ("pipe.jsonl", "not a regular file"), ("pipe.jsonl", "not a regular file"),
                   ("nothing", "no such file or folder")]


def test_ingest_title_of_direction_marks_is_skipped():
    text = GOOD.replace("\n", "\n\u2067\u200c", 2)
    a = article_from_text(text, "x", "x")
    assert a.title.startswith("وفد من الائتلاف") and a.published.isoformat() == "2025-01-22"


def test_ingest_split_origin():
    assert split_origin("a/b.txt") == ("a/b.txt", None, [])
    assert split_origin("a:b/c.jsonl:12") == ("a:b/c.jsonl", 12, [])
    assert split_origin("c.txt (decoded as utf-16; HTML main text)") == ("c.txt", None, ["decoded as utf-16", "HTML main text"])
    e = IngestError("c.jsonl:4 (decoded as windows-1256)", "no 'text' field")
    assert e.to_json() == {"file": "c.jsonl", "line": 4, "reason": "no 'text' field",
                           "origin": "c.jsonl:4 (decoded as windows-1256)", "notes": ["decoded as windows-1256"]}


def test_read_jsonl_takes_a_path_string(tmp_path):
    """``read_jsonl`` streams the same articles from a ``str`` as from a Path."""
    f = tmp_path / "two.jsonl"
    f.write_text(json.dumps({"id": "a1", "text": "وصل الوفد إلى باريس."}, ensure_ascii=False) + "\n"
                 + json.dumps({"id": "a2"}) + "\n", encoding="utf-8")
    got = list(ingest.read_jsonl(str(f)))
    assert [type(x).__name__ for x in got] == ["Article", "IngestError"]
    assert got[0].id == "a1" and "no 'text' field" in got[1].reason


def test_language_tags_script_and_notes():
    """BCP 47 tags in any case and with a region are read by their primary
    subtag; a tag contradicting the script gives way to it, with a note; a
    text in another script without a tag is refused by name; a Latin text
    that does not read as English is extracted as English with a note."""
    ar = "وصل وزير الخارجية السعودي عادل الجبير إلى القاهرة أمس في زيارة رسمية."
    for tag in ("AR", "ar-SA", "ar_EG", " ar "):
        a = article_from_text(ar, "a", "in.jsonl:1", lang=tag)
        assert a.lang == "ar" and a.origin == "in.jsonl:1"
    a = article_from_text(ar, "a", "in.jsonl:2", lang="en")
    assert a.lang == "ar" and "lang 'en' given, but the text is in Arabic script" in a.origin
    assert ingest.origin_notes(a.origin) == ["lang 'en' given, but the text is in Arabic script: read as 'ar'"]
    with pytest.raises(InputError, match="neither Arabic nor Latin script"):
        article_from_text("法国外交部长昨天抵达开罗进行正式访问。他将会见埃及总统。", "z", "in.jsonl:3")
    with pytest.raises(InputError, match="unsupported language 'zh'"):
        article_from_text("法国外交部长昨天抵达开罗进行正式访问。", "z", "in.jsonl:4", lang="zh-CN")
    fr = ("Le ministre des Affaires étrangères est arrivé hier au Caire pour une visite officielle. Il doit "
          "rencontrer le président égyptien et son homologue pour discuter de la situation régionale, selon un "
          "communiqué publié par le ministère dans la soirée. Les deux pays ont signé plusieurs accords lors de "
          "cette visite qui intervient après des mois de tensions diplomatiques.")
    a = article_from_text(fr, "f", "in.jsonl:5")
    assert a.lang == "en" and ingest.origin_notes(a.origin) == [
        "few English function words: the text may not be English, extracted as English anyway"]
    en = ("The foreign minister of France arrived in Cairo on Monday for an official visit. He is to meet the "
          "Egyptian president and his counterpart to discuss the situation in the region, the ministry said in a "
          "statement published in the evening, and the two countries signed several agreements.")
    assert article_from_text(en, "e", "in.jsonl:6").origin == "in.jsonl:6"
    # a short French text (one sentence) and a Persian one get their note too; a short English one none
    a = article_from_text("Le ministre français des Affaires étrangères a rencontré hier son homologue allemand "
                          "à Berlin pour discuter de la situation.", "f2", "in.jsonl:7")
    assert a.lang == "en" and "may not be English" in ingest.origin_notes(a.origin)[0]
    a = article_from_text("وزیر امور خارجه ایران محمد جواد ظریف روز دوشنبه در تهران با همتای ترکیه‌ای خود دیدار "
                          "کرد و درباره مسائل منطقه گفتگو کرد.", "p", "in.jsonl:8")
    assert a.lang == "ar" and "may not be Arabic" in ingest.origin_notes(a.origin)[0]
    assert article_from_text("The French foreign minister met his German counterpart in Berlin on Monday to "
                             "discuss the situation.", "e2", "in.jsonl:9").origin == "in.jsonl:9"
    assert article_from_text("وصل وزير الخارجية الإيراني محمد جواد ظريف إلى الرياض يوم الاثنين في زيارة رسمية "
                             "يلتقي خلالها كبار المسؤولين.", "a", "in.jsonl:10").origin == "in.jsonl:10"


def test_a_file_named_with_another_suffix_is_no_article(tmp_path):
    """A file given by name whose suffix is not an article's (notes.md,
    data.tsv) is refused by name; one without a suffix is read as text."""
    md = tmp_path / "notes.md"
    md.write_text("وصل وزير الخارجية إلى القاهرة أمس.", encoding="utf-8")
    bare = tmp_path / "article"
    bare.write_text("وصل وزير الخارجية إلى القاهرة أمس.", encoding="utf-8")
    out = list(ingest.read_articles([md, bare]))
    assert isinstance(out[0], IngestError) and out[0].origin == str(md)
    assert "not an article file (.md)" in out[0].reason
    assert not isinstance(out[1], IngestError) and out[1].lang == "ar"


def test_utf16_without_a_byte_order_mark_is_text(tmp_path):
    """UTF-16 without a BOM (little or big endian) is decoded and noted,
    not refused as binary for its NUL bytes; real binary still is."""
    text = "وصل وزير الخارجية الأردني أيمن الصفدي إلى دمشق اليوم في زيارة رسمية."
    for codec in ("utf-16-le", "utf-16-be"):
        f = tmp_path / f"{codec}.txt"
        f.write_bytes(text.encode(codec))
        a = ingest.read_text_file(f)
        assert a.text == text and a.lang == "ar" and ingest.origin_notes(a.origin) == [f"decoded as {codec}"]
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    assert isinstance(next(iter(ingest.read_articles([junk]))), IngestError)


def test_jsonl_in_another_encoding_is_one_clear_error(tmp_path):
    """A UTF-16 JSON Lines file is one error naming the file and its
    encoding (not one per line); a cp1256 line says JSON Lines are UTF-8."""
    rec = json.dumps({"id": "a", "text": "وصل وزير الخارجية إلى القاهرة أمس في زيارة رسمية."}, ensure_ascii=False)
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes((rec + "\n" + rec + "\n").encode("utf-16"))
    (err,) = list(ingest.read_articles([wide]))
    assert isinstance(err, IngestError) and err.origin == str(wide) and "must be UTF-8" in err.reason
    legacy = tmp_path / "legacy.jsonl"
    legacy.write_bytes((rec + "\n").encode("cp1256"))
    (err,) = list(ingest.read_articles([legacy]))
    assert err.origin == f"{legacy}:1" and "JSON Lines must be UTF-8" in err.reason


def test_ingest_gzip_json_lines(tmp_path):
    """A ``.jsonl.gz`` file (how raw corpora ship: ../shared/corpus/raw) is
    read as JSON Lines as it is decompressed, also inside a folder; a record
    without an id is named after the file without ``.jsonl.gz``; an archive
    cut off keeps the lines before the cut and ends in one error naming the
    file; a file named ``.jsonl.gz`` that is no gzip is one clear error."""
    import gzip

    from kgbuild.ingest import IngestError, read_articles

    lines = [json.dumps({"id": "a1", "lang": "ar", "text": "وصل الوزير إلى الرياض اليوم."}, ensure_ascii=False),
             json.dumps({"lang": "en", "text": "The minister arrived in Riyadh on Monday."})]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)
    (tmp_path / "d").mkdir()
    f = tmp_path / "d" / "news.jsonl.gz"
    f.write_bytes(data)
    got = list(read_articles([tmp_path / "d"]))
    assert [(a.id, a.lang) for a in got] == [("a1", "ar"), ("news-2", "en")]
    import hashlib

    def cut_archive(name: str, prefix: str, n: int):
        """n records of incompressible text, gzipped, cut in half."""
        data = gzip.compress("".join(json.dumps({"id": f"{prefix}{k}", "lang": "en", "text": "The minister said " + " ".join(
            hashlib.sha256(f"{prefix}{k}-{w}".encode()).hexdigest() for w in range(8))}) + "\n"
                                     for k in range(n)).encode("utf-8"), mtime=0)
        path = tmp_path / name
        path.write_bytes(data[:len(data) // 2])
        return path

    cut = cut_archive("cut.jsonl.gz", "n", 2000)
    out = list(read_articles([cut]))
    assert all(not isinstance(a, IngestError) for a in out[:-1]) and len(out) > 2
    assert isinstance(out[-1], IngestError) and out[-1].origin == str(cut) and "cut off" in out[-1].reason
    # an archive smaller than the sniffed head, cut off, also keeps its complete lines
    out2 = list(read_articles([cut_archive("small.jsonl.gz", "s", 40)]))
    assert [a.id for a in out2[:-1]][:2] == ["s0", "s1"] and isinstance(out2[-1], IngestError)
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_text(lines[1] + "\n", encoding="utf-8")
    (err,) = list(read_articles([fake]))
    assert isinstance(err, IngestError) and "gzip" in err.reason


def test_ingest_share_widget_at_the_start_is_blanked_in_place(tmp_path):
    """A scraped text that opens with a site's share widget (furniture.tsv:
    "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك", glued to the first
    sentence) has it blanked, the offsets unchanged and a note in the
    origin; "جوجل بلس" is no organisation of the article."""
    story = "أكد وزير الخارجية عادل الجبير أن المملكة تدعم الحل السياسي في اليمن."
    text = "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك " + story
    p = tmp_path / "okaz.jsonl"
    p.write_text(json.dumps({"id": "o1", "lang": "ar", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = list(read_articles([p]))
    assert len(art.text) == len(text) and art.text.endswith(story) and "جوجل" not in art.text
    assert "furniture" in art.origin
    from kgbuild.pipeline import extract_article
    labels = {e.label for e in extract_article(art).entities.values()}
    assert "عادل الجبير" in labels and not any("جوجل" in lab for lab in labels), labels
