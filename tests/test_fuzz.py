"""Fuzzing the whole pipeline (issue 9): random and adversarial text
(Arabic, Latin, mixed scripts, names and triggers out of place, control,
zero-width and direction characters) through ingest → extract → RDF. It
never crashes, every offset is inside the text with its anchor equal to
the text there, and the output parses as Turtle, TriG and N-Triples.

Bounded for CI: ``max_examples`` per test, no deadline (the first call
loads the lexicons). ``KGBUILD_FUZZ_EXAMPLES`` raises the count for a long
local run.
"""
from __future__ import annotations

import os
import re

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef

from conftest import SEED
from kgbuild.ingest import InputError, article_from_text, decode_bytes
from kgbuild.pipeline import article_ntriples, build_dataset, extract_article
from kgbuild.rdf import NIF, serialize

N = int(os.environ.get("KGBUILD_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck))

_SEED_WORDS = re.findall(r"\S+", SEED.read_text(encoding="utf-8"))
_EN_WORDS = ("President Emmanuel Macron met Prime Minister Keir Starmer in Paris on Monday , said the "
             "Foreign Minister of Syria Asaad al-Shaibani . The delegation visited Damascus and called on "
             "the United Nations to condemn the attack . Dr. Mr. U.S. Jean-Yves Le Drian bin Salman "
             "al- ' \" ( ) : ; — 22 January 2025").split()
_AR_EXTRA = ("وصل التقى استقبل بحث اتصال هاتفي دعا هجوم انتخب رئيس وزير الخارجية السوري الفرنسي وفد "
             "يضم عضو الهيئة السياسية بن عبد الله آل سعود أمس اليوم صباح كانون الثاني ٢٢ يناير ٢٠٢٥ "
             "في إلى من مع على و ب ل ال ، ؛ ؟ « » ـ ً ّ").split()
_SPECIAL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
            "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
            "\ufeff", "\u00a0", "\u2028", "\ud800", "\r\n", "\n\n", "\t", "<script>", "&amp;", '"', "\\",
            "\U0001F600", "ﷲ", "ﻻ", "٣", "e\u0301"]
_SEPS = st.sampled_from([" ", " ", " ", "\n", "، ", ". ", "", "\u200f ", "\t"])

TOKENS = st.one_of(
    st.sampled_from(_SEED_WORDS), st.sampled_from(_EN_WORDS), st.sampled_from(_AR_EXTRA),
    st.sampled_from(_SPECIAL), st.text(max_size=6),
    st.text(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), min_size=1, max_size=8),
)


@st.composite
def texts(draw):
    words = draw(st.lists(TOKENS, max_size=80))
    out = []
    for w in words:
        out.append(w)
        out.append(draw(_SEPS))
    return "".join(out)


_SEED_TEXT = SEED.read_text(encoding="utf-8")
_EN_TEXT = ("President Emmanuel Macron met Prime Minister Keir Starmer in Paris on Monday, the Elysee said. "
            "Syrian Foreign Minister Asaad al-Shaibani visited Damascus on 22 January 2025 and called on the "
            "United Nations to condemn the attack on Idlib. Saudi Crown Prince Mohammed bin Salman received a "
            "phone call from US Secretary of State Marco Rubio.\n")


@st.composite
def mutated(draw):
    """A window of a real article (the seed, or English news sentences)
    with random edits: characters inserted, spans deleted or repeated, so
    the extractors' rules fire on damaged text."""
    base = draw(st.sampled_from([_SEED_TEXT, _EN_TEXT, _SEED_TEXT[:800] + _EN_TEXT]))
    i = draw(st.integers(0, len(base) - 1))
    j = draw(st.integers(i, min(len(base), i + 900)))
    text = base[i:j]
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "insert", "delete", "repeat"]))
        if op == "insert":
            text = text[:pos] + draw(st.one_of(st.sampled_from(_SPECIAL), TOKENS)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 12)):]
        else:
            text = text[:pos] + text[pos:pos + draw(st.integers(1, 40))] * 2 + text[pos + 1:]
    return text


def _spans(x):
    """Every span an extraction holds, with what it belongs to."""
    for e in x.entities.values():
        for sp in e.mentions:
            yield "entity", sp
    for d in x.delegations.values():
        for sp in d.mentions:
            yield "delegation", sp
    for m in x.memberships:
        yield "membership", m.span
    for ev in x.events:
        yield "trigger", ev.trigger
        for sp in ev.mentions or []:
            yield "event", sp
        if ev.sentence is not None:
            yield "sentence", ev.sentence


def check_pipeline(text: str, lang: str | None) -> None:
    try:
        art = article_from_text(text, "fuzz-1", "fuzz.txt", lang=lang)
    except InputError:
        return  # empty, no letters: refused with a reason, as it should be
    assert len(art.text) == len(text)  # cleaning never moves an offset
    x = extract_article(art)
    n = len(art.text)
    for what, sp in _spans(x):
        assert 0 <= sp.begin <= sp.end <= n, (what, sp)
        assert art.text[sp.begin:sp.end] == sp.text, (what, sp)
    # one article's N-Triples (the store's input) parse
    nt = article_ntriples(x)
    list(ox.parse(nt.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
    # Turtle and TriG of the dataset parse, with both parsers
    ds = build_dataset([x])
    ttl = serialize(ds, "turtle")
    g = Graph().parse(data=ttl, format="turtle")
    list(ox.parse(ttl.encode("utf-8"), ox.RdfFormat.TURTLE))
    trig = serialize(ds, "trig")
    assert len(Dataset().parse(data=trig, format="trig")) >= 0
    list(ox.parse(trig.encode("utf-8"), ox.RdfFormat.TRIG))
    # every mention's anchor is the text at its offsets
    ctx_text = {str(s): str(o) for s, o in g.subject_objects(NIF.isString)}
    for m in g.subjects(NIF.anchorOf, None):
        b = int(g.value(m, NIF.beginIndex))
        e = int(g.value(m, NIF.endIndex))
        ref = str(g.value(m, NIF.referenceContext))
        assert ctx_text[ref][b:e] == str(g.value(m, NIF.anchorOf)), m
        assert str(m).endswith(f"#char={b},{e}")
        URIRef(str(m))


@FUZZ
@given(texts())
@example("وصل هادي البحرة\u200f إلى باريس\x00 والتقى \u202eوزير الخارجية\u202c الفرنسي.")
@example("ال ال ال، و و ب ل")
@example("\ud800هادي")
def test_fuzz_pipeline_arabic(text):
    check_pipeline(text, "ar")


@FUZZ
@given(texts())
@example("President Macron\u200b met Mr.\x07 Starmer in \u202eParis\u202c .")
@example("Dr. Dr. Mr. . . U.S.")
def test_fuzz_pipeline_english(text):
    check_pipeline(text, "en")


@FUZZ
@given(texts())
def test_fuzz_pipeline_detected_language(text):
    check_pipeline(text, None)


@FUZZ
@given(mutated())
def test_fuzz_pipeline_damaged_articles(text):
    check_pipeline(text, None)


@settings(max_examples=N * 2, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
def test_fuzz_decode_bytes(data, bom):
    """Any bytes: decoded text or a refusal naming the file, nothing else."""
    try:
        text, how = decode_bytes(bom + data, "f.txt")
    except InputError as e:
        assert str(e).startswith("f.txt: ")
        return
    assert isinstance(text, str) and how
    assert "(" not in how  # it goes into an origin's notes
