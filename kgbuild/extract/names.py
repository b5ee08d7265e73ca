"""Names component: which token spans name a person, an organisation or a
place, decided by a CRF learned from the gold over the rules' proposals.

Shapes::

    Doc (tokens, the rules' mentions, posts) --token features--> CRF (models/<lang>/names.crfsuite)
        --> BIO tags --> spans (i, j, PER|ORG|LOC) --build_entities--> Extraction.entities

Rules propose, the model decides: each token's features hold what the rules
said of it (inside a person, organisation or place mention, first or
inside), what the language pack's lexicons say of the word (a given name, a
title, an organisation or place head, a common word, a month …), its
frequency in general text (the ``wordfreq`` package's Zipf scale: common
words against names) and the same of its neighbours. The CRF (CRFsuite,
through python-crfsuite) is trained on the gold names projected onto the
text (:func:`gold_tags`). A nationality adjective the rules read as a country
("الكيني", "Kenyan") stays a mention of that country: the CRF does not tag
adjectives (GOLD-FORMAT.md counts them as place mentions of the country).

Without a names model the rules' entities are kept as they are.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kgbuild.extract.doc import Doc, Mention, make_mentions, stem
from kgbuild.extract.features import is_adjective
from kgbuild.extract.identity import national_body, org_heads
from kgbuild.extract.models import word_clusters
from kgbuild.lang import read_lexicon
from kgbuild.model import ORGANIZATION, PERSON, PLACE, Entity, Span
from kgbuild.text import Token, name_key, normalize, remember, strip_clitics, tokenize

TYPES = {"PER": PERSON, "ORG": ORGANIZATION, "LOC": PLACE}
TAGS_OF = {PERSON: "PER", ORGANIZATION: "ORG", PLACE: "LOC"}

#: Lexicons whose words are token features, per language: (lexicon, column, flag).
LEXICON_FLAGS = {
    "ar": (("given_names", "name", "given"), ("given_names_news", "name", "given"),
           ("name_stopwords", "word", "stop"), ("function_words", "word", "func"),
           ("honorifics", "surface", "hon"), ("roles", "surface", "role"), ("org_heads", "surface", "orghead"),
           ("place_heads", "surface", "placehead"), ("namesake_heads", "surface", "namesake"),
           ("organizations", "name", "knownorg"), ("news_agencies", "name", "agency"),
           ("news_agencies", "aliases", "agency"), ("months", "surface", "month"),
           ("triggers", "surface", "trig"), ("topic_words", "word", "topic"),
           ("place_stopwords", "word", "pstop"), ("countries", "name", "country"),
           ("countries", "aliases", "country")),
    "en": (("given_names", "name", "given"), ("common_words", "word", "common"),
           ("honorifics", "surface", "hon"), ("roles", "surface", "role"), ("org_heads", "surface", "orghead"),
           ("organizations", "name", "knownorg"), ("demonyms", "demonym", "demonym"),
           ("months", "surface", "month"), ("triggers", "surface", "trig"), ("countries", "name", "country"),
           ("countries", "aliases", "country")),
}
#: Typed name lists: (lexicon, name column, type column) → flags gz_PER, gz_ORG, gz_LOC per word.
TYPED_LISTS = {"ar": (("name_gazetteer", "name", "type"),),
               "en": (("name_gazetteer", "name", "type"), ("single_names", "name", "type"))}


@functools.lru_cache(maxsize=None)
def _word_flags(lang: str) -> dict[str, frozenset[str]]:
    """Normalised word (and its stem) → the lexicon flags it carries."""
    out: dict[str, set[str]] = {}

    def add(phrase: str, flag: str) -> None:
        for w in normalize(phrase).replace("-", " ").split():
            for form in {w, stem(w, lang)}:
                out.setdefault(form, set()).add(flag)

    for lex, col, flag in LEXICON_FLAGS.get(lang, ()):
        try:
            rows = read_lexicon(lang, lex)
        except FileNotFoundError:
            continue
        for r in rows:
            for cell in (r.get(col) or "").split("|"):
                if cell.strip():
                    add(cell.strip(), flag)
    for lex, col, tcol in TYPED_LISTS.get(lang, ()):
        try:
            rows = read_lexicon(lang, lex)
        except FileNotFoundError:
            continue
        for r in rows:
            if r.get(col) and r.get(tcol):
                add(r[col], "gz_" + r[tcol])
    return {k: frozenset(v) for k, v in out.items()}


_STATIC: dict[tuple[str, str, str], tuple[str, ...]] = {}


def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def _zbucket(z: float) -> str:
    return "0" if z <= 0 else str(min(int(z), 6))


def _static(tok: Token, lang: str) -> tuple[str, ...]:
    """The features of a word alone (memoised per word)."""
    key = (lang, tok.norm, tok.text if lang == "en" else "")
    hit = _STATIC.get(key)
    if hit is not None:
        return hit
    n = tok.norm
    if not tok.is_word:
        return remember(_STATIC, key, ("p=" + n,))
    s = stem(n, lang)
    f = ["w=" + s, "s3=" + s[-3:], "len=" + str(min(len(s), 8))]
    if s != n:
        f.append("pre=" + n[:len(n) - len(s)])
    if n.isdigit():
        f.append("digit")
    flags = _word_flags(lang)
    fl = set(flags.get(n, ())) | set(flags.get(s, ()))
    f.extend("f=" + x for x in sorted(fl))
    if lang == "en":
        t = tok.text
        shape = re.sub(r"[A-Z]+", "X", re.sub(r"[a-z]+", "x", re.sub(r"[0-9]+", "d", t)))
        f.append("shape=" + shape[:4])
        f.append("z=" + _zbucket(_zipf(n, "en")))
    else:
        f.append("p2=" + s[:2])
        f.append("z=" + _zbucket(_zipf(s, "ar")))
        wc = word_clusters("ar").get(s)
        if wc is not None:
            f.extend(("c=" + wc[0], "cf=" + wc[1]))
        if s != n:
            f.append("zn=" + _zbucket(_zipf(n, "ar")))
        gz = _gazetteer()
        if s in gz.first_words or n in gz.first_words:
            f.append("f=place_first")
    return remember(_STATIC, key, tuple(f))


def _short(feats: tuple[str, ...]) -> list[str]:
    """The features a neighbour contributes: its word, flags, frequency and
    word clusters."""
    return [x for x in feats if x.startswith(("w=", "f=", "z=", "p=", "shape=", "c=", "cf="))]


_NEIGH: dict[tuple, tuple] = {}

#: A word at least this frequent in general text (Zipf scale, ``wordfreq``),
#: in no lexicon and outside every rules mention, gets only its own features
#: (it is almost never part of a name; fewer features keep the CRF fast).
PLAIN_ZIPF = 5.0


def _word_feats(tok: Token, lang: str) -> tuple[tuple[str, ...], ...]:
    """A word's own features and those it gives its neighbours, prefixed
    (-1, +1: word, flags, frequency; -2, +2: word), memoised per word: the
    strings are built once, not once per token."""
    key = (lang, tok.norm, tok.text if lang == "en" else "")
    hit = _NEIGH.get(key)
    if hit is not None:
        return hit
    st = _static(tok, lang)
    sh = _short(st)
    # a common word of no lexicon (or punctuation) is described by itself alone
    plain = not tok.is_word or (not any(x.startswith("f=") for x in st)
                                and _zipf(stem(tok.norm, lang) if lang == "ar" else tok.norm, lang) >= PLAIN_ZIPF
                                and not (lang == "en" and tok.text[:1].isupper()))
    return remember(_NEIGH, key, (st, tuple("-1" + x for x in sh), tuple("+1" + x for x in sh),
                                  ("-2" + st[0],), ("+2" + st[0],), st[0], plain))


def rules_tags(doc: Doc) -> list[str]:
    """The rules' BIO tag of every token (``B-PER``, ``I-ORG`` … or ``O``):
    the longest rules mention covering it."""
    tags = ["O"] * len(doc.tokens)
    for m in doc.mentions:
        t = TAGS_OF.get(m.type)
        if t is None:
            continue
        if any(tags[k] != "O" for k in range(m.i, m.j)):
            continue
        tags[m.i] = "B-" + t
        for k in range(m.i + 1, m.j):
            tags[k] = "I-" + t
    return tags


def token_features(doc: Doc) -> list[list[str]]:
    """The CRF's features of every token of the document (module docstring)."""
    lang = doc.lang
    toks = doc.tokens
    n = len(toks)
    wf = [_word_feats(t, lang) for t in toks]
    rt = rules_tags(doc)
    after_title, in_title = set(), set()
    for p in doc.posts:
        after_title.add(p.j)
        after_title.add(p.end)
        in_title.update(range(p.i, p.j))
    sent_of = doc.sent_of
    out = []
    for k in range(n):
        st, _l1, _r1, _l2, _r2, w0, plain = wf[k]
        if plain and rt[k] == "O":
            out.append([*st, "rt=O"])
            continue
        prev = rt[k - 1] if k else "BOS"
        f = [*st, "rt=" + rt[k], "rt-1=" + prev, "rt+1=" + (rt[k + 1] if k + 1 < n else "EOS"),
             "rtp=" + rt[k] + "|" + prev]
        if k:
            pw = wf[k - 1]
            f.extend(pw[1])
            f.append("bi-=" + pw[5] + "|" + w0)
            if k > 1:
                f.extend(wf[k - 2][3])
                f.append("rt-2=" + rt[k - 2])
            if sent_of[k] != sent_of[k - 1]:
                f.append("sent_start")
        else:
            f.append("BOS")
        if k + 1 < n:
            nw = wf[k + 1]
            f.extend(nw[2])
            f.append("bi+=" + w0 + "|" + nw[5])
            if k + 2 < n:
                f.extend(wf[k + 2][4])
                f.append("rt+2=" + rt[k + 2])
        else:
            f.append("EOS")
        if k in in_title:
            f.append("in_title")
        if k in after_title:
            f.append("after_title")
        out.append(f)
    return out


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences (the CRF's sequences)."""
    return [r for r in (doc.sentence_tokens(s) for s in range(len(doc.sents))) if r[1] > r[0]]


# --------------------------------------------------------------------------
# Gold projection (training)

_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")


def gold_tags(doc: Doc, record: dict) -> list[str]:
    """BIO tags of the document's tokens from a gold record: every
    occurrence of a gold entity's name or alias (longest first, a proclitic
    allowed on the first word, ``لل`` for ``ل`` + ``ال``), tagged with the
    entity's list type. Nationality adjectives stay ``O`` (module
    docstring)."""
    toks = doc.tokens
    n = len(toks)
    phrases: list[tuple[int, tuple[str, ...], str]] = []
    for lst, tag in (("persons", "PER"), ("organizations", "ORG"), ("places", "LOC")):
        for e in record.get(lst, []):
            for name in {e["name"], *e.get("aliases", [])}:
                words = tuple(t.norm for t in tokenize(name) if t.is_word or t.norm not in ".,،")
                if words:
                    phrases.append((0 if e.get("optional") else 1, words, tag))
    phrases.sort(key=lambda p: (-len(p[1]), -p[0], p[1], p[2]))
    tags = ["O"] * n
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for _opt, words, tag in phrases:
        by_first.setdefault(words[0], []).append((words, tag))
    for k in range(n):
        if tags[k] != "O" or not toks[k].is_word:
            continue
        best = None
        for first, cands in _first_readings(toks[k].norm, by_first, doc.lang):
            for words, tag in cands:
                m = len(words)
                if k + m > n:
                    continue
                if all(toks[k + q].norm == words[q] for q in range(1, m)) and \
                        all(tags[k + q] == "O" for q in range(m)):
                    if best is None or m > len(best[0]):
                        best = (words, tag)
                    break
        if best is not None:
            words, tag = best
            tags[k] = "B-" + tag
            for q in range(1, len(words)):
                tags[k + q] = "I-" + tag
    return tags


def _first_readings(norm: str, by_first: dict, lang: str):
    hit = by_first.get(norm)
    if hit:
        yield norm, hit
    if lang != "ar":
        return
    for pre in _PROCLITICS:
        if norm.startswith(pre) and len(norm) - len(pre) >= 2:
            rest = norm[len(pre):]
            if rest in by_first:
                yield rest, by_first[rest]
            if pre.endswith("ل") and rest.startswith("ل") and "ا" + rest in by_first:
                yield "ا" + rest, by_first["ا" + rest]  # لل = ل + ال
    if norm.startswith("لل") and "ال" + norm[2:] in by_first:
        yield "ال" + norm[2:], by_first["ال" + norm[2:]]


# --------------------------------------------------------------------------
# Deciding


def decode(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO tags → spans ``(i, j, type)`` (an ``I-`` after another type opens
    a span)."""
    out = []
    cur = None
    for k, t in enumerate([*tags, "O"]):
        if t.startswith("I-") and cur is not None and cur[2] == t[2:]:
            continue
        if cur is not None:
            out.append((cur[0], k, cur[2]))
            cur = None
        if t != "O":
            cur = (k, k, t[2:])
    return out


@dataclass
class NameSpan:
    """A decided name: tokens ``[i, j)``, characters ``[begin, end)``
    without the first word's proclitic, the type, and the label."""

    i: int
    j: int
    begin: int
    end: int
    type: str
    label: str


def _clitic_len(doc: Doc, k: int) -> int:
    """Characters of the proclitic attached to token ``k`` that a label
    leaves out: و/ف/ب/ك before the article (والرياض → الرياض); a bare
    و/ف/ب/ل/ك when the rest is a more frequent word or a lexicon word and
    the whole is no name of a lexicon (بباريس → باريس, لمركز → مركز, but
    لبنان, وليد stay)."""
    if doc.lang != "ar" or _hyphen_at(doc, k - 1) or _hyphen_at(doc, k + 1):
        return 0  # a word joined by a hyphen is a name's part ("كانغ-كيونغ"), never a clitic and a word
    t = doc.tokens[k]
    n = t.norm
    for pre in ("وال", "فال", "بال", "كال"):
        if n.startswith(pre) and len(n) > 4:
            return _chars(t.text, 1)
    if n.startswith(("ولل", "فلل")):
        return _chars(t.text, 1)
    if len(n) >= 4 and n[0] in "وفبلك" and not n.startswith("لل"):
        rest = n[1:]
        flags = _word_flags("ar")
        # the whole word in a lexicon of names keeps its letter (لبنان, لجنة); a stop word's flag does not
        # (لمركز, لادارة are listed as words that are no name)
        if not flags.get(n, frozenset()) - _NOT_NAME_FLAGS and \
                (rest in flags or _clitic_reading(t)):
            return _chars(t.text, 1)
        if len(rest) >= 3 and _gazetteer().clitic_place(n, doc.place_countries):
            return _chars(t.text, 1)  # "وجدة" is "و" + Jeddah more often than Oujda
    return 0


def _gazetteer():
    """The process-wide gazetteer (imported late: loading it is slow)."""
    from kgbuild.gazetteer import get_gazetteer

    return get_gazetteer()


#: Lexicon flags of words that are no name (name_stopwords, function_words,
#: place_stopwords, topic_words): they do not make a clitic part of a name.
_NOT_NAME_FLAGS = frozenset({"stop", "func", "pstop", "topic"})


def _chars(word: str, letters: int) -> int:
    """Original characters spanning the first ``letters`` letters (marks skipped)."""
    i, need = 0, letters
    while i < len(word) and need:
        if normalize(word[i]):
            need -= 1
        i += 1
    while i < len(word) and not normalize(word[i]):
        i += 1
    return i


def _split_at_places(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person's name does not run into a place of the gazetteer: a PER
    span holding, after its first word, a rules place mention that the
    gazetteer links (a GeoNames id), written with the article or a
    preposition ("القاهرة", "لأربيل"; a bare غازي or بولو is as often a
    name's word) and not a given name, ends before it, and the place is a
    LOC span ("محمد بن سلمان | القاهرة" of "غادر الأمير محمد بن سلمان
    القاهرة"); with a bare preposition letter only when that reading is the
    more frequent (:func:`_clitic_reading`: not "جو | بايدن"). Nor does a
    name of three words or more start with a place or a nationality
    adjective (:func:`_place_head`: "بطنجة | محمد المرابط",
    "طنجة | فؤاد العماري", "الكولومبي | فريدي جوارين"): the span starts
    after it, the place becomes a LOC span. Arabic only: an English name may
    hold a place's name (George Washington).
    Input and output: ``(i, j, tag)`` spans in text order."""
    if doc.lang != "ar":
        return spans
    flags = _word_flags(doc.lang)
    toks = doc.tokens
    places = {m.i: m for m in doc.mentions
              if m.type == PLACE and (ent := doc.x.entities.get(m.key)) is not None and ent.geonames
              and (toks[m.i].norm.startswith("ال") or m.begin > toks[m.i].begin and _clitic_reading(toks[m.i]))
              and not flags.get(doc.word(m.i), frozenset()) & {"given", "gz_PER"}}
    out = []
    for i, j, tag in spans:
        if TYPES.get(tag) == PERSON and j - i >= 3 and (head := _place_head(doc, i)):
            if head == "place":
                out.append((i, i + 1, "LOC"))
            i += 1
        cut = next((k for k in range(i + 1, j) if k in places and places[k].j <= j), None) \
            if TYPES.get(tag) == PERSON and places else None
        if cut is None:
            out.append((i, j, tag))
            continue
        out.append((i, cut, tag))
        out.append((cut, places[cut].j, "LOC"))
    return out


def _clitic_reading(tok: Token) -> bool:
    """Whether a word is more often a clitic letter and a word ("لأربيل",
    "بباريس") than a word of its own: the rest is more frequent than the
    whole by half a Zipf unit (wordfreq); used by :func:`_clitic_len` and
    :func:`_split_at_places` ("بايدن", Biden, is more frequent than "ايدن",
    Aydın: a name's word)."""
    n = tok.norm
    return len(n) >= 4 and _zipf(n[1:], "ar") > _zipf(n, "ar") + 0.5


#: A word opening a person's name is read as a place (:func:`_place_head`)
#: only when it names one of at least this many inhabitants (GeoNames).
HEAD_PLACE_POPULATION = 100_000


def _place_head(doc: Doc, k: int) -> str | None:
    """Whether token ``k``, the first of a person's name, is a place
    ("طنجة", "بطنجة": a city or country of at least
    :data:`HEAD_PLACE_POPULATION` inhabitants, with or without a proclitic)
    or a country's nationality adjective ("الكولومبي"), and not a word of
    a given-name lexicon: ``"place"``, ``"adjective"`` or None."""
    tok = doc.tokens[k]
    n = tok.norm
    if _word_flags(doc.lang).get(n, frozenset()) & {"given", "gz_PER"}:
        return None
    gaz = _gazetteer()
    if gaz.country_of_nisba(tok.text, doc.lang):
        return "adjective"
    for w in (n, n[1:] if len(n) >= 4 and n[0] in "وفبل" else None):
        if w and any(p.kind == "Country" or p.population >= HEAD_PLACE_POPULATION for p in gaz.lookup(w)):
            return "place"
    return None


#: The written accusative ending -an (alef with tanwin fath, either order).
_TANWIN_FATH = ("اً", "ًا")


def _trim_person_tail(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person's name of three words or more does not end in a preposition
    or conjunction glued to a common word ("خالد الفيصل بإعداد", "… بالمملكة",
    "… والجبرين"), nor in a verb ("سمير مقبل سيصدر"): a last word opening
    with وال/بال/لل, or with و/ب/ل/ف (or the future particle س before an
    imperfect's ي/ت/ن/ا) before a word more frequent than the whole and of
    Zipf frequency 4 or more (``wordfreq``: "إعداد", "حضور", "يصدر"; not
    "بوتين", "بلير", "سيدي", "سيرجي"), is left out.
    A person's name of two words or more does not end in a word with the
    accusative ending -an written (tanwin fath: "حرقاً", "اسمًا"; an adverb
    or a complement, never a name); nor does it run past the family name
    after آل ("محمد بن نايف بن عبدالعزيز آل سعود | المسجد"). The rules in
    :func:`_name_end`. Arabic only. Input and output: ``(i, j, tag)``
    spans in text order."""
    if doc.lang != "ar":
        return spans
    out = []
    for i, j, tag in spans:
        if TYPES.get(tag) == PERSON:
            j = i + _name_end([doc.tokens[k].text for k in range(i, j)])
        out.append((i, j, tag))
    return out


def _name_end(words: list[str]) -> int:
    """How many of a person name's written words (tokens or label words)
    are the name (:func:`_trim_person_tail`): not a last word with the
    accusative ending -an (two words or more), nothing past the family name
    after آل, and not a last word glued to a preposition or conjunction or a
    future verb (three words or more: :func:`_glued_tail`)."""
    j = len(words)
    if j >= 2 and words[j - 1].endswith(_TANWIN_FATH):
        j -= 1
    fam = next((k for k in range(1, j - 2) if normalize(words[k]) == "ال"), None)
    if fam is not None:
        j = fam + 2  # "… آل سعود | المسجد": the family name after آل ends the name
    if j >= 3 and _glued_tail(words[j - 1]):
        j -= 1
    return j


def _glued_tail(w: str) -> bool:
    """Whether a written Arabic word, last of a name of three words or
    more, is a preposition or conjunction glued to a common word or a
    future verb (:func:`_trim_person_tail`)."""
    n = normalize(w)
    if not n:
        return False
    glued = n[0] in "وبلف" or (n[0] == "س" and n[1:2] in "يتنا")  # س + imperfect: a future verb
    # wordfreq counts the written form: "إعداد", not "اعداد"
    return n.startswith(("وال", "بال", "لل", "فال")) or (
        len(n) >= 4 and glued and (z := _zipf(w[1:], "ar")) >= 4.0 and z > _zipf(w, "ar"))


def trimmed_person_label(label: str, lang: str) -> str:
    """A person's name as the rules labelled it, cut where
    :func:`_trim_person_tail` cuts a decided span (:func:`_name_end`: "علي
    دوابشة حرقاً" → "علي دوابشة", "… آل سعود برقية" → "… آل سعود"): the
    rules' label of an entity the names model keeps must not bring those
    words back. Arabic only; other labels are returned as they are."""
    if lang != "ar":
        return label
    words = label.split()
    return " ".join(words[:_name_end(words)]) or label


def _split_org_at_persons(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organisation's name does not run into the name of a person set
    after it in apposition: an ORG span holding, after its first word, the
    start of a rules person mention whose first word is a given name
    (given_names lexicons) with no proclitic, right after a definite word
    that is no honorific or title, or after a place mention ("اللجنة |
    محمد فريد الشيوخ", "مجلس عمالة طنجة | عبدالحميد ابرشان"), ends before
    it, and the rest is a PER span. A name after an indefinite head or a
    title stays in the body's name ("مؤسسة محمد بن راشد", "مركز الملك سلمان
    للإغاثة"). Arabic only. Input and output: ``(i, j, tag)`` spans in
    text order."""
    if doc.lang != "ar":
        return spans
    flags = _word_flags(doc.lang)
    toks = doc.tokens
    persons = {m.i: m for m in doc.mentions if m.type == PERSON and m.begin == toks[m.i].begin
               and doc.word(m.i) == toks[m.i].norm and "given" in flags.get(toks[m.i].norm, frozenset())}
    if not persons:
        return spans
    place_ends = {m.j for m in doc.mentions if m.type == PLACE}
    out = []
    for i, j, tag in spans:
        cut = None
        if TYPES.get(tag) == ORGANIZATION and j - i >= 2:
            for k in range(i + 1, j):
                if k not in persons:
                    continue
                prev = toks[k - 1].norm
                if (prev.startswith("ال") and not flags.get(doc.word(k - 1), frozenset()) & {"hon", "role"}) \
                        or k in place_ends:
                    cut = k
                    break
        if cut is None:
            out.append((i, j, tag))
            continue
        out.append((i, cut, tag))
        out.append((cut, j, "PER"))
    return out


#: Cue classes (cues.tsv) that qualify a post, never a name: a span of a
#: person or a body does not end in them.
_QUALIFIER_CUES = ("former", "acting")


def _trim_qualifier_tail(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person's or an organisation's name does not end in a word that
    qualifies a post as past or acting (cues.tsv classes ``former`` and
    ``acting``: "الاتحاد الكوري | السابق", "المجلس العسكري | الأسبق",
    "… | المكلف"; English writes them before the name, "former", "acting"):
    ANNOTATION.md leaves such words out of names (they make a membership
    ``former``). The cue phrase is cut off when it
    ends the span and something remains before it. Input and output:
    ``(i, j, tag)`` spans in text order."""
    out = []
    for i, j, tag in spans:
        if TYPES.get(tag) in (PERSON, ORGANIZATION):
            for k in range(i + 1, j):
                c = doc.cues.get(k)
                if c is not None and c[0] in _QUALIFIER_CUES and c[1] == j:
                    j = k
                    break
        out.append((i, j, tag))
    return out


def _join_hyphenated(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person's name does not end before, or start after, a hyphen
    written without spaces ("تشونغ مون-جون", "لين كوان-هوا", "لي-شانغ فو":
    East Asian given names and double family names as Arabic news writes
    them; the tokenizer splits at the hyphen): the word across it joins the
    name, and a span that started after it keeps the rest only when two
    words or more remain (else it was the hyphen's tail: "جون ترشحه").
    Input and output: ``(i, j, tag)`` spans in text order."""
    toks = doc.tokens
    n = len(toks)
    out: list[tuple[int, int, str]] = []
    skip_to = -1
    for i, j, tag in spans:
        if i < skip_to:
            if j - skip_to >= 2:
                out.append((skip_to, j, tag))
            continue
        if TYPES.get(tag) == PERSON and i >= 2 and _hyphen_at(doc, i - 1) and (not out or out[-1][1] <= i - 2):
            i -= 2  # "لي-شانغ فو": the name started before the hyphen
        if TYPES.get(tag) == PERSON and j + 1 < n and _hyphen_at(doc, j):
            out.append((i, j + 2, tag))
            skip_to = j + 2
            continue
        out.append((i, j, tag))
    return out


def _widen_to_countries(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A place span lying inside a country name the rules found ("السودان"
    of "جنوب السودان", South Sudan) is that whole name: a country's name is
    one (countries.tsv), whatever a direction word at its start would
    say. Input and output: ``(i, j, tag)`` spans in text order."""
    countries = [(m.i, m.j) for m in doc.mentions if m.type == PLACE and m.j - m.i >= 2
                 and (e := doc.x.entities.get(m.key)) is not None and e.place_kind == "Country"]
    if not countries:
        return spans
    out = []
    for i, j, tag in spans:
        if TYPES.get(tag) == PLACE:
            wide = next(((a, b) for a, b in countries if a <= i and j <= b), None)
            if wide is not None and not any(s != (i, j, tag) and s[0] < wide[1] and wide[0] < s[1] for s in spans):
                i, j = wide
        out.append((i, j, tag))
    return out


def _hyphen_at(doc: Doc, k: int) -> bool:
    """Whether token ``k`` is a hyphen joining two words without spaces."""
    toks = doc.tokens
    return 0 < k < len(toks) - 1 and toks[k].text in ("-", "‐") and toks[k - 1].is_word and toks[k + 1].is_word \
        and toks[k - 1].end == toks[k].begin and toks[k].end == toks[k + 1].begin


def spans_of(doc: Doc, tags: list[str]) -> list[NameSpan]:
    """The decided names of a document from its tags; a span matching a
    rules mention keeps the rules' offsets (their clitic handling). A span
    holding a word with an underscore is none (bylines "place_agency",
    handles)."""
    rules_at = {(m.i, m.j, m.type): m for m in doc.mentions}
    text = doc.article.text
    out = []
    spans = _widen_to_countries(doc, _split_org_at_persons(doc, _split_at_places(doc, decode(tags))))
    for i, j, tag in _join_hyphenated(doc, _trim_person_tail(doc, _trim_qualifier_tail(doc, spans))):
        if any("_" in doc.tokens[k].text for k in range(i, j)):
            continue  # a byline ("عمّان_بترا", "المدينة_متابعات") or a handle: no name
        typ = TYPES[tag]
        rm = rules_at.get((i, j, typ))
        if rm is not None:
            b, e = rm.begin, rm.end
        else:
            b = doc.tokens[i].begin + _clitic_len(doc, i)
            e = doc.tokens[j - 1].end
        label = text[b:e]
        if not normalize(label).strip():
            continue
        if doc.lang == "ar" and normalize(label).startswith("لل") and len(label) > 3 and label[0] == "ل":
            label = "ا" + label[1:]  # لل = ل + ال: "للجمعية" names "الجمعية"
        out.append(NameSpan(i, j, b, e, typ, label))
    return out


def build_entities(doc: Doc, names: list[NameSpan]) -> None:
    """Replace the document's entities by those the decided names give.

    A name is the entity of the rules' mention with the same tokens and type
    (keeping its country, GeoNames id and kind), else of the rules' entity
    with the same key, else a new entity (a place linked through the
    gazetteer). Nationality adjectives of the rules stay. Within the article
    a person named by part of a longer person's name ("الجبير" and "عادل
    الجبير") and an organisation named by the start of a longer one are one
    entity. The mentions are rebuilt (``doc.mentions``); the rules' facts
    keep pointing at the rules' keys, mapped to the new ones where a mention
    survives (features only)."""
    x = doc.x
    old = x.entities
    gaz = _gazetteer()
    by_tokens = {(m.i, m.j, m.type): m.key for m in doc.mentions}
    new: dict[str, Entity] = {}
    ctx = {e.country for e in old.values() if e.type == PLACE and e.country}

    def take(key: str, etype: str, label: str, span: Span) -> Entity:
        src = old.get(key)
        cut = trimmed_person_label(src.label, doc.lang) if src is not None and etype == PERSON else None
        if cut is not None and cut != src.label:
            # the rules' label runs past the name ("علي دوابشة حرقاً"): the entity of the name itself
            key = f"{PERSON}:{name_key(cut)}"
        ent = new.get(key)
        if ent is None:
            ent = Entity(key=key, type=etype, label=label, lang=doc.lang)
            if src is not None:
                for attr in ("country", "geonames", "lat", "long", "place_kind", "parent", "wikidata", "kind"):
                    setattr(ent, attr, getattr(src, attr))
                ent.labels = dict(src.labels)
                ent.label = src.label
                ent.alt_labels = set(src.alt_labels)
                if cut is not None and cut != src.label:
                    ent.label = ent.labels[doc.lang] = cut
                    ent.alt_labels.discard(src.label)
            new[key] = ent
        if label != ent.label:
            ent.alt_labels.add(label)
        if span not in ent.mentions:
            ent.mentions.append(span)
        return ent

    # in-article coreference the rules made: a title alone ("الوزير", "the minister") standing for
    # its holder stays a mention of that person
    post_starts = {p.i: p.end for p in doc.posts}
    for m in doc.mentions:
        if m.type == PERSON and m.i in post_starts and m.j <= post_starts[m.i]:
            ent = old.get(m.key)
            if ent is not None:
                take(m.key, PERSON, ent.label, Span(m.begin, m.end, doc.article.text[m.begin:m.end]))
    # nationality adjectives the rules read as countries stay (and no name is read over them)
    adjective_tokens: set[int] = set()
    for m in doc.mentions:
        if m.type == PLACE:
            ent = old.get(m.key)
            if ent is not None and ent.place_kind == "Country" and doc.tokens[m.i].is_word and is_adjective(doc, m):
                take(m.key, PLACE, ent.label, Span(m.begin, m.end, doc.article.text[m.begin:m.end]))
                adjective_tokens.update(range(m.i, m.j))
    countries = _country_names(doc.lang)
    for ns in names:
        if any(k in adjective_tokens for k in range(ns.i, ns.j)) and \
                all(k in adjective_tokens for k in range(ns.i, ns.j)):
            continue
        span = Span(ns.begin, ns.end, doc.article.text[ns.begin:ns.end])  # the anchor is the text itself
        key = by_tokens.get((ns.i, ns.j, ns.type))
        cp = gaz.country(ns.label) if ns.type == PLACE else None
        if key is None and cp is not None and cp.country in countries:
            # a country is one entity under its canonical name (countries.tsv), however written
            label = countries[cp.country]
            key = f"{PLACE}:{name_key(label)}"
            ent = take(key, PLACE, label, span)
            if ns.label != ent.label:
                ent.alt_labels.add(ns.label)
            ent.country, ent.place_kind = ent.country or cp.country, ent.place_kind or "Country"
            ent.geonames = ent.geonames or cp.geonames
            continue
        if key is None:
            key = f"{ns.type}:{name_key(ns.label)}"
        if key in new or key in old:
            take(key, ns.type, ns.label, span)
            continue
        ent = take(key, ns.type, ns.label, span)
        if ns.type == PLACE:
            place = cp or gaz.link(ns.label, ctx)
            if place is not None:
                ent.country = ent.country or place.country
                if place.geonames and ent.geonames is None:
                    ent.geonames, ent.lat, ent.long = place.geonames, place.lat, place.long
                ent.place_kind = ent.place_kind or place.kind
    _alias_merge(new, doc.lang)
    _shared_family_names(new, doc.lang)
    _parenthesised(new, doc.article.text)
    if doc.lang == "ar":
        _drop_bare_heads(new)
        _definite_heads(doc, new)
    # keep entities the rules created without a mention (implied countries)
    for k, e in old.items():
        if not e.mentions and k not in new:
            new[k] = e
    x.entities = new
    old_mentions = doc.mentions
    doc.mentions, doc.mention_of = make_mentions(x, doc.tokens)
    doc.reset_caches()
    _remap_rules(doc, old_mentions)


def _remap_rules(doc: Doc, old_mentions: list[Mention]) -> None:
    """Point the rules' memberships, events and delegations at the new
    entity keys: an old key maps to the key of a new mention of the same
    type sharing a token with one of its mentions (the first in text order);
    keys that keep their entity map to themselves."""
    x = doc.x
    owner: dict[tuple[int, str], str] = {}
    for m in doc.mentions:
        for k in range(m.i, m.j):
            owner.setdefault((k, m.type), m.key)
    mapping: dict[str, str] = {}
    for m in old_mentions:
        if m.key in x.entities or m.key in mapping:
            continue
        for k in range(m.i, m.j):
            new = owner.get((k, m.type))
            if new is not None:
                mapping[m.key] = new
                break

    def mp(key):
        return mapping.get(key, key) if key is not None else None

    from dataclasses import replace

    doc.rules_memberships = [replace(r, person=mp(r.person), organization=mp(r.organization))
                             for r in doc.rules_memberships]
    doc.rules_events = [replace(ev, actors=[mp(a) for a in ev.actors], recipients=[mp(a) for a in ev.recipients],
                                place=mp(ev.place)) for ev in doc.rules_events]
    for d in x.delegations.values():
        # a member or body whose name the names model did not keep is no longer an entity
        d.members = [k for k in dict.fromkeys(mp(k) for k in d.members) if k in x.entities]
        d.organization = mp(d.organization)
        if d.organization not in x.entities:
            d.organization = None


@functools.lru_cache(maxsize=None)
def _country_names(lang: str) -> dict[str, str]:
    return {r["iso2"]: r["name"] for r in read_lexicon(lang, "countries")}


_NASAB = frozenset({"بن", "ابن", "بنت", "bin", "ibn", "bint"})


def _drop_bare_heads(ents: dict[str, Entity]) -> None:
    """An organisation named by a head noun alone without the article
    ("هيئة", "وزارة": org_heads.tsv) and by nothing else is no name (the
    gold never has one): dropped, lest every article's "هيئة" become one
    node. A definite head alone ("الشرطة", "البرلمان") stays: the gold
    names bodies so, and the national-body rules give them a country."""
    heads = org_heads("ar")
    for key in [k for k, e in ents.items() if e.type == ORGANIZATION and not e.alt_labels]:
        n = normalize(ents[key].label)
        if " " not in n and not n.startswith("ال") and n in heads:
            del ents[key]


def _definite_heads(doc: Doc, ents: dict[str, Entity]) -> None:
    """In-article coreference of a definite organisation head used alone
    ("المركز", "الجبهة", "التنظيم" after "مركز الملك سلمان للإغاثة", "جبهة
    النصرة", "تنظيم داعش"): a mention of the latest organisation named
    before it whose name opens with that head (org_heads.tsv). A head
    inside another name, or with no such organisation before it, stays
    unclaimed."""
    heads = org_heads("ar")
    toks = doc.tokens
    taken: set[int] = set()
    firsts: list[tuple[int, str, str]] = []  # (token, head stem, entity key) of each organisation mention
    for ent in ents.values():
        for sp in ent.mentions:
            k = doc.token_at(sp.begin)
            taken.update(range(k, doc.token_at(sp.end - 1) + 1))
            if ent.type == ORGANIZATION and k < len(toks):
                firsts.append((k, stem(toks[k].norm, "ar"), ent.key))
    firsts.sort()
    for k, t in enumerate(toks):
        if k in taken or not t.is_word:
            continue
        n = t.norm
        pre = next((p for p in ("وال", "فال", "بال", "كال", "ولل", "لل", "ال") if n.startswith(p)), None)
        if pre is None:
            continue
        head = n[len(pre):]
        if head not in heads:
            continue
        before = [key for i, h, key in firsts if i < k and h == head]
        if not before:
            continue
        b = t.begin + _chars(t.text, 0 if pre == "ال" else 1)  # the mention starts after a و ف ب ك ل
        span = Span(b, t.end, doc.article.text[b:t.end])
        ent = ents[before[-1]]
        if span not in ent.mentions:
            ent.mentions.append(span)
            ent.mentions.sort()


def _alias_merge(ents: dict[str, Entity], lang: str) -> None:
    """Merge, within one article, a shorter name into the longer name it
    stands for (as an alt label, its mentions moving over).

    Persons: a name whose words are the last words (or the first and last,
    or, for one word, the first) of exactly one longer person name.
    Organisations (:func:`_org_host`): a name whose words start a longer
    one ("المركز الوطني" of "المركز الوطني للنخيل والتمور"; one word when it
    is written with the article, "الغرفة" of "غرفة الملاحة الدولية", or when
    the rest is a nationality adjective, "أودينيزي" of "أودينيزي الإيطالي"), a
    name without its head noun ("داعش" of "تنظيم داعش"), or the same words
    but for في and a ب ("الهيئة الملكية بالجبيل" and "… في الجبيل"). With one
    such longer name the entity merges into it; with several (and none set
    apart from the others by a nationality adjective) each mention goes to
    the latest of them named before it, else to the first named."""
    memo: dict[tuple[str, str], list[str]] = {}

    def words(e: Entity) -> list[str]:
        hit = memo.get((e.key, e.label))
        if hit is None:
            hit = memo[(e.key, e.label)] = _name_words(e.label, e.type, lang)
        return hit

    def written(h: Entity) -> list[str]:
        """An organisation's words as the article writes it: its label when
        a mention spells it, else its longest mention (a known body's table
        name, "الاتحاد الدولي لكرة القدم", that the article only calls
        "فيفا", hosts no "الاتحاد", the club)."""
        if h.type != ORGANIZATION or not h.mentions or \
                any(name_key(sp.text) == name_key(h.label) for sp in h.mentions):
            return words(h)
        longest = max(h.mentions, key=lambda sp: (len(sp.text.split()), sp.text)).text
        return _name_words(longest, h.type, lang)

    for etype in (PERSON, ORGANIZATION):
        items = sorted((e for e in ents.values() if e.type == etype), key=lambda e: (-len(words(e)), e.key))
        for e in list(reversed(items)):
            we = words(e)
            if not we or e.key not in ents:
                continue
            hosts = []
            for h in items:
                if h is e or h.key not in ents:
                    continue
                wh = words(h)
                if etype == PERSON:
                    if len(wh) <= len(we):
                        continue
                    # a name after بن/بنت in a longer one is the father's ("سلمان بن عبدالعزيز" in
                    # "محمد بن سلمان بن عبدالعزيز"), not an alias
                    suffix = wh[-len(we):] == we and wh[-len(we) - 1] not in _NASAB
                    ok = suffix or (len(we) == 2 and wh[0] == we[0] and wh[-1] == we[-1]) \
                        or (len(we) == 1 and we[0] == wh[0])
                else:
                    ok = _org_host(e, we, h, written(h), lang)
                if ok:
                    hosts.append(h)
            if not hosts:
                continue
            if len(hosts) == 1:
                _absorb(hosts[0], e, e.mentions)
                del ents[e.key]
                continue
            if etype == PERSON or any(_nisba_rest(words(h)[len(we):], lang) for h in hosts):
                continue
            firsts = sorted((min(h.mentions).begin, h.key) for h in hosts if h.mentions)
            if not firsts:
                continue
            for sp in e.mentions:
                before = [k for b, k in firsts if b < sp.begin]
                h = ents[before[-1] if before else firsts[0][1]]
                _absorb(h, e, [sp])
            del ents[e.key]


_PAREN_OPEN = re.compile(r"\s*\(\s*")
_PAREN_CLOSE = re.compile(r"\s*\)")


def _parenthesised(ents: dict[str, Entity], text: str) -> None:
    """A name in parentheses right after a name of the same type is
    another name of that entity, merged into it: a translation or an
    acronym ("بورصة البلطيق (Baltic Exchange)", "الاتحاد الدولي لكرة القدم
    (فيفا)"). ``ents``: the article's entities, changed in place; ``text``:
    the article's text (the mentions' offsets index it)."""
    spans = sorted((sp.begin, sp.end, e.key) for e in ents.values() for sp in e.mentions)
    for (b1, e1, k1), (b2, e2, k2) in zip(spans, spans[1:]):
        if k1 == k2 or k1 not in ents or k2 not in ents or ents[k1].type != ents[k2].type:
            continue
        if not (_PAREN_OPEN.fullmatch(text, e1, b2) and _PAREN_CLOSE.match(text, e2)):
            continue
        e = ents.pop(k2)
        _absorb(ents[k1], e, e.mentions)


def _name_words(name: str, etype: str, lang: str) -> list[str]:
    """The words a name is compared by within an article: persons' by stem;
    organisations' without the article and the letters written before it
    only (text.strip_clitics: the stem would cut the و of "وزارة" as a
    conjunction, not that of "الوزارة"); "آل" and the family name after it
    are one word ("عبدالعزيز آل الشيخ" is first + last name of "عبدالعزيز بن
    عبدالله آل الشيخ")."""
    form = (lambda w: stem(w, lang)) if etype == PERSON else strip_clitics
    out: list[str] = []
    for w in (form(w) for w in normalize(name).replace("-", " ").split()):
        if out and out[-1] == "ال":
            out[-1] += " " + w
        else:
            out.append(w)
    return out


def _shared_family_names(ents: dict[str, Entity], lang: str) -> None:
    """A family name alone, when several persons of the article bear it
    ("رفسنجاني" after "هاشمي رفسنجاني" and, later, his sister "فاطمة
    رفسنجاني"), is a mention of the first of them the article names in
    full: a relative introduced later is called by the given name. The
    rules may have given such mentions to the wrong one; they move, and a
    person left with no mention is dropped. Words as :func:`_name_words`."""
    def last(text: str) -> tuple[int, str]:
        ws = _name_words(text, PERSON, lang)
        return len(ws), ws[-1] if ws else ""

    first: dict[str, dict[str, int]] = {}  # family name → {person key: begin of its first full mention}
    for e in ents.values():
        if e.type != PERSON:
            continue
        for sp in e.mentions:
            n, fam = last(sp.text)
            if n >= 2:
                named = first.setdefault(fam, {})
                named[e.key] = min(sp.begin, named.get(e.key, sp.begin))
    for e in [e for e in ents.values() if e.type == PERSON]:
        for sp in list(e.mentions):
            n, fam = last(sp.text)
            owners = first.get(fam, {})
            if n != 1 or len(owners) < 2:
                continue
            host = ents[min(owners, key=lambda k: (owners[k], k))]
            if host is e:
                continue
            e.mentions.remove(sp)
            host.mentions.append(sp)
            host.mentions.sort()
            if sp.text != host.label:
                host.alt_labels.add(sp.text)
            if not any(m.text == sp.text for m in e.mentions):
                e.alt_labels.discard(sp.text)
        if not e.mentions:
            del ents[e.key]


def _absorb(host: Entity, e: Entity, spans: list[Span]) -> None:
    """Make ``e``'s names alternative labels of ``host`` and move the
    mentions ``spans`` (of ``e``) to it, in text order; the caller drops
    ``e`` once all its mentions have moved."""
    host.alt_labels.add(e.label)
    host.alt_labels |= e.alt_labels
    host.mentions.extend(sp for sp in spans if sp not in host.mentions)
    host.mentions.sort()


def _nisba_rest(ws: list[str], lang: str) -> bool:
    """Whether the words (normalised stems) are a nationality adjective."""
    if not ws or lang != "ar":
        return False
    return _gazetteer().country_of_nisba(" ".join(ws), lang) is not None


def _org_host(e: Entity, we: list[str], h: Entity, wh: list[str], lang: str) -> bool:
    """Whether organisation ``h`` (words ``wh``) is a longer name that
    ``e`` (words ``we``) stands for in this article (see :func:`_alias_merge`)."""
    if len(wh) > len(we) and wh[:len(we)] == we:
        if len(we) >= 2:
            return not _two_bodies(e.label, h.label, lang)
        # a definite word alone ("الغرفة", "الأهلي") or a name before its nationality adjective
        return normalize(e.label).startswith("ال") or _nisba_rest(wh[1:], lang)
    if wh[1:] == we and "orghead" in _word_flags(lang).get(wh[0], ()):
        return True
    if lang == "ar" and len(we) >= 2:
        # "الهيئة الملكية بالجبيل" and "… في الجبيل" (the stems drop the ب; one of them has في): the
        # shorter joins the longer, or, of two as long, the one of the larger key the other
        core, core_h = [w for w in we if w != "في"], [w for w in wh if w != "في"]
        return core == core_h and (core != we or core_h != wh) and \
            (len(we) < len(wh) or len(we) == len(wh) and e.key > h.key)
    return False


def _two_bodies(short: str, long: str, lang: str) -> bool:
    """Whether two organisation names that begin alike are two bodies every
    state has ("وزارة التعليم" and "وزارة التعليم العالي",
    kgbuild.extract.identity.national_body), the longer one adding more than a
    nationality or a conjunct ("وزارة الخارجية السعودية", "وزارة الشؤون
    الإسلامية والدعوة والإرشاد" stay the same body)."""
    a, b = national_body(short, lang, _gazetteer()), national_body(long, lang, _gazetteer())
    if a is None or b is None or a[0] == b[0]:
        return False
    extra = normalize(long).split()[len(normalize(short).split()):]
    return bool(extra) and not extra[0].startswith("و")


def decide(doc: Doc, tagger) -> None:
    """Tag the document with the names CRF (a ``pycrfsuite.Tagger`` opened
    on the model) and rebuild its entities (:func:`build_entities`); with
    no tagger, keep the rules' entities."""
    if tagger is None:
        return
    feats = token_features(doc)
    tags = ["O"] * len(doc.tokens)
    for i, j in sentence_ranges(doc):
        tags[i:j] = tagger.tag(feats[i:j])
    build_entities(doc, spans_of(doc, tags))
