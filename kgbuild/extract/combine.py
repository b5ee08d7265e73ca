"""Rules + statistical NER: the model adds the names the rules miss (issue 8).

The rule extractors (:mod:`kgbuild.extract.arabic`, :mod:`~kgbuild.extract.english`)
find names through cues (titles, organisation heads, gazetteers) and give
memberships and events their roles; :func:`kgbuild.ner.tag` finds names
without cues but knows no roles. :func:`combine` runs after the rules on the
same article and adds the model's names to the rules' :class:`Extraction`
under the policy below. It never removes or changes what the rules found
(their entities keep their type, label, key and mentions; memberships and
events are untouched), so the rules keep their precision and their roles, and
what the model adds is marked (:attr:`Extraction.model_mentions`, mapped to
``prov:wasAttributedTo`` by :mod:`kgbuild.rdf`).

Shapes::

    Article --rules--> Extraction --combine(x, ner.tag(text, lang))--> the same Extraction,
                                     entities and mentions added, model_mentions filled

Policy (each step says why; README.md "Rules and the NER model"):

1. **Types.** ``PER`` → Person, ``ORG`` → Organization, ``LOC`` → Place;
   ``MISC`` is dropped (no class of ours; nationalities, events, works).
2. **The rules win where both fire.** A model span that overlaps any rule
   mention of an entity or delegation, or an event trigger, is dropped:
   inside, over or across a rule span it is the same name (or a name and
   its title) that the rules already typed and bounded with a cue, and the
   rules' boundaries leave out titles the model often takes in ("FM
   Qureshi", "ولي العهد"). So a name is never counted twice.
3. **Trim, then drop junk.** Punctuation, function words, honorifics and
   role titles are cut from both ends ("ومعالي مساعد" → "مساعد"; "State
   Councilor Wang" → "Wang"); an attached و/ف is cut when the rest is a known
   given name or stands without it elsewhere in the article ("وناهدة" →
   "ناهدة"), لل becomes ال as the rules write it.
   A span is dropped when nothing is left; when a role title or an
   honorific remains inside a person or place name (titles are the rules'
   business); when it holds a month or weekday, a relative date word, a digit
   (persons, places), a URL or handle character; when it is a nationality
   adjective (the rules map those to countries); when it is longer than
   :data:`MAX_WORDS` words or runs over punctuation (lists of titles and
   names); in Arabic, when it is Latin text or spelled-out letters ("إم تي").
   A person span is dropped when it holds an organisation or place head
   ("سيتي مول"), ends in a name particle ("صالح آل") or coordinates given
   names ("محمد وسلطان").
4. **Lexicons decide the type.** A name the gazetteer links to a country is
   a Place (the model tags countries acting as parties as ``ORG`` or even
   ``PER``); a known organisation or news agency (``organizations.tsv``,
   ``news_agencies.tsv``) is an Organization with the lexicon's label and
   Wikidata id. Places are linked to GeoNames as the rules link them (with
   the article's countries as context), so a model place gets the same IRI
   as the same place found by the rules elsewhere.
5. **One word alone is weak evidence.** A one-word model person never makes
   a new entity: it is only a further mention of a person already named
   (its family name, "Yi" after "Wang Yi"), else dropped. A one-word
   organisation makes a new entity only when a lexicon knows it (the model's
   one-word organisations are mostly currencies, products, halves of names); a
   one-word place when a lexicon knows it or the model tags it at least
   twice in the article; English also drops a word usually written in lower
   case (``common_words.tsv``: "News", "Protocol"). A multi-word
   organisation needs a head word (``org_heads.tsv``: "وزارة", "Council") or
   two model mentions.
6. **Resolve like the rules (in-article).** A kept span goes to an existing
   entity, whatever the model's type, when its name key
   (:func:`kgbuild.text.name_key`) equals that entity's label or an
   alternative label; a person span to the one person whose family name it
   is (one word) or whose longer name it begins; a multi-word person span
   whose family name is the one-word label of exactly one person, to that
   person (the full name is added as an alternative label, the entity's
   label and key stay); a linked place to the entity of the same GeoNames
   id or country; a known organisation to the entity of the same Wikidata id;
   an Arabic span whose name, less a leading و ف ب ل ك, is an entity's name,
   to that entity (the clitic left out of the mention).
   Otherwise it makes a new entity keyed ``Type:name_key`` as the rules key
   theirs, so IRIs are derived the same way and the batch rules of
   :mod:`kgbuild.resolve` treat it like any other.

The combination is off by default (:data:`DEFAULT`): with the model,
extraction takes about five times as long (benchmarks/bench_combine.py).
Turn it on with ``--ner`` on ``kgbuild build``, ``extract`` and ``eval``,
or ``extract_article(article, ner=True)``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from kgbuild.model import ORGANIZATION, PERSON, PLACE, Entity, Extraction, Span
from kgbuild.text import name_key, normalize, tokenize

__all__ = ["DEFAULT", "MAX_WORDS", "combine", "model_name", "model_spans"]

#: Whether extraction runs the NER model by default (CLI ``--ner/--no-ner``).
#: Off: with the model extraction takes about five times as long (README.md).
DEFAULT = False

#: A model span of more words than this is dropped (run-ons over lists).
MAX_WORDS = 6

_TYPES = {"PER": PERSON, "ORG": ORGANIZATION, "LOC": PLACE}
_JUNK = re.compile(r"[@/\\|#_=<>{}\[\]]|https?|www\.|\.com\b")
_DIGIT = re.compile(r"\d")
_AR_CLITICS = ("و", "ف", "ب", "ل", "ك")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
# Latin letters spelled in Arabic script ("بي بي سي", "إم تي في"): acronyms the model cuts up.
_AR_LETTERS = frozenset(normalize(w) for w in (
    "إيه", "ايه", "اي", "بي", "سي", "دي", "إي", "إف", "اف", "جي", "إتش", "اتش", "آي", "جاي", "كي", "إل", "ال", "إم",
    "ام", "إن", "ان", "أو", "كيو", "آر", "ار", "إس", "اس", "تي", "يو", "في", "فى", "دبليو", "إكس", "اكس", "واي", "زد", "زي"))
# English words inside organisation and place names that are not name words.
# Name particles that never end a person's name: a span ending in one is cut.
_PARTICLES = frozenset(normalize(w) for w in ("بن", "ابن", "آل", "أبو", "ابو", "عبد", "ولد", "bin", "ibn", "abu",
                                              "abd", "al", "el", "van", "von", "de"))
_EN_INNER = frozenset({"of", "the", "and", "for", "on", "de", "du", "la", "al", "el", "bin", "&"})


def model_name(lang: str) -> str:
    """Name of the NER model of ``lang`` as recorded in provenance
    (``"kgbuild.ner.ar"``); :mod:`kgbuild.rdf` makes it an agent IRI."""
    return f"kgbuild.ner.{lang}"


def model_spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    """The model's spans for ``text`` (:func:`kgbuild.ner.tag`), ``[]`` for a
    language without a model."""
    from kgbuild import ner

    if lang not in ner.LANGUAGES:
        return []
    return ner.tag(text, lang)


# ---------------------------------------------------------------- lexicons

class _Phrases:
    """Normalised word sequences (with ال and و/ف variants) → match lengths."""

    def __init__(self, phrases: Iterable[str], lang: str) -> None:
        self.by_first: dict[str, set[tuple[str, ...]]] = {}
        for p in phrases:
            words = tuple(normalize(p).split())
            if not words:
                continue
            forms = {words}
            if lang == "ar":
                w0 = words[0]
                bare = w0[2:] if w0.startswith("ال") and len(w0) > 4 else w0
                forms |= {(bare, *words[1:]), ("ال" + bare, *words[1:])}
                forms |= {(c + f[0], *f[1:]) for f in list(forms) for c in ("و", "ف", "ل", "ب")}
                forms |= {("لل" + bare, *words[1:])}
            for f in forms:
                self.by_first.setdefault(f[0], set()).add(f)

    def match(self, words: list[str], i: int) -> int:
        """Length of the longest phrase starting at ``words[i]``, 0 if none."""
        best = 0
        for f in self.by_first.get(words[i], ()):
            n = len(f)
            if n > best and tuple(words[i:i + n]) == f:
                best = n
        return best

    def inside(self, words: list[str]) -> bool:
        return any(self.match(words, i) for i in range(len(words)))


class _Lex:
    def __init__(self, lang: str) -> None:
        from kgbuild.lang import read_lexicon

        def rows(name: str) -> tuple[dict[str, str], ...]:
            try:
                return read_lexicon(lang, name)
            except FileNotFoundError:
                return ()

        self.lang = lang
        self.roles = _Phrases([r["surface"] for r in rows("roles")], lang)
        self.honorifics = _Phrases([r["surface"] for r in rows("honorifics")], lang)
        self.dates = _Phrases([r["surface"] for r in rows("months")]
                              + [r["surface"] for r in rows("relative_dates")], lang)
        words = {normalize(r["word"]) for r in rows("function_words")}
        words |= {normalize(r["word"]) for r in rows("name_stopwords")}
        self.given = {normalize(r["name"]) for r in rows("given_names")}
        self.function = frozenset(words - self.given)
        if lang == "en":
            self.common = frozenset(r["word"] for r in rows("common_words"))
            self.function = self.function | {w for w in self.common
                                             if len(w) <= 4 or w in ("said", "says", "told", "during")}
        else:
            self.common = frozenset()
        self.agencies: dict[str, dict[str, str]] = {}
        for r in rows("news_agencies"):
            for n in [r["name"], *r.get("aliases", "").split("|")]:
                if n.strip():
                    self.agencies[name_key(n)] = r
        self.country_names = {r["iso2"]: r["name"] for r in rows("countries")}
        self.org_heads = _Phrases([r["surface"] for r in rows("org_heads")], lang)
        self.heads = _Phrases([r["surface"] for r in rows("org_heads")]
                              + [r["surface"] for r in rows("place_heads")], lang)


@functools.lru_cache(maxsize=None)
def _lex(lang: str) -> _Lex:
    return _Lex(lang)


# ---------------------------------------------------------------- combine

def combine(x: Extraction, spans: Iterable[tuple[int, int, str]], model: str | None = None) -> Extraction:
    """Add the model's ``spans`` (``(begin, end, type)``, half-open offsets
    into ``x.article.text``, types ``PER ORG LOC MISC``) to the rule
    extraction ``x`` under the module's policy; return ``x`` (changed in
    place). Every mention added is recorded in ``x.model_mentions`` as
    ``(begin, end) → model`` (default :func:`model_name` of the article's
    language), and ``x.extractor`` gains ``+model``. Deterministic; raises
    nothing for odd spans (out of range or empty ones are skipped)."""
    return _Combiner(x, model or model_name(x.article.lang)).run(list(spans))


class _Combiner:
    def __init__(self, x: Extraction, model: str) -> None:
        from kgbuild.gazetteer import get_gazetteer

        self.x = x
        self.text = x.article.text
        self.lang = x.article.lang
        self.lex = _lex(self.lang)
        self.gaz = get_gazetteer()
        self.model = model

    # ------------------------------------------------------------ blocking
    def _rule_spans(self) -> list[tuple[int, int]]:
        out = [(m.begin, m.end) for e in self.x.entities.values() for m in e.mentions]
        out += [(m.begin, m.end) for d in self.x.delegations.values() for m in d.mentions]
        for ev in self.x.events:
            out += [(m.begin, m.end) for m in (ev.mentions or [ev.trigger])]
        return sorted(out)

    @staticmethod
    def _overlaps(b: int, e: int, blocked: list[tuple[int, int]]) -> bool:
        import bisect

        i = bisect.bisect_left(blocked, (e, e))
        for rb, re_ in reversed(blocked[max(0, i - 64):i]):
            if rb < e and b < re_:
                return True
        return False

    # ------------------------------------------------------------ cleaning
    def clean(self, b: int, e: int, typ: str) -> tuple[int, int, str] | None:
        """Trim the span ``[b, e)``; return ``(begin, end, label)`` or None
        (policy step 3)."""
        lex = self.lex
        toks = [t for t in tokenize(self.text, b, e)]
        while toks and not toks[0].is_word:
            toks.pop(0)
        while toks and not toks[-1].is_word:
            toks.pop()
        if not toks:
            return None
        if _JUNK.search(self.text[toks[0].begin:toks[-1].end]):
            return None
        if any(not t.is_word and t.text not in ("-", ".", "'", "’", "&") for t in toks):
            return None  # a comma, a colon, a quote: a run over several things
        words = [t.norm for t in toks]
        changed = True
        while toks and changed:
            changed = False
            for ph in (lex.honorifics, lex.roles):
                n = ph.match(words, 0) if words else 0
                if n:
                    toks, words, changed = toks[n:], words[n:], True
            if words and self._function(words[0]):
                toks, words, changed = toks[1:], words[1:], True
            while toks and (not toks[-1].is_word or self._function(words[-1])):
                toks, words, changed = toks[:-1], words[:-1], True
            while toks and not toks[0].is_word:
                toks, words, changed = toks[1:], words[1:], True
        if not toks or len(toks) > MAX_WORDS:
            return None
        if typ in ("PER", "LOC") and (lex.roles.inside(words) or lex.honorifics.inside(words)):
            return None
        if typ == "PER" and not self.person_ok(words):
            return None
        if lex.dates.inside(words):
            return None
        if typ in ("PER", "LOC") and any(_DIGIT.search(w) for w in words):
            return None
        if all(self._function(w) for w in words):
            return None
        if self.lang == "ar" and (not _ARABIC.search(self.text[toks[0].begin:toks[-1].end])
                                  or all(w in _AR_LETTERS for w in words)):
            return None  # Latin text in an Arabic article; spelled-out letters ("إم", "إس تي")
        if self.lang == "en" and any(t.text[:1].islower() and w not in _EN_INNER for t, w in zip(toks, words)):
            return None  # a lower-case word inside an English name: a phrase, not a name
        if len(words) <= 2 and self.gaz.country_of_nisba(self.text[toks[0].begin:toks[-1].end], self.lang):
            return None
        begin, end = toks[0].begin, toks[-1].end
        label = self.text[begin:end]
        if self.lang == "ar":
            first = words[0]
            if first[:1] in ("و", "ف") and first not in lex.given and (
                    first[1:] in lex.given or (typ == "PER" and self._bare_elsewhere(first[1:]))):
                begin += 1
                label = label[1:]
            elif first.startswith("لل") and len(first) > 4:
                begin += 2
                label = "ال" + label[2:]
            elif typ != "PER" and first[:3] in ("وال", "فال") and len(first) > 4:
                begin += 1
                label = label[1:]
        return begin, end, label

    def _bare_elsewhere(self, word: str) -> bool:
        """Whether ``word`` (normalised) stands alone elsewhere in the text:
        then a leading و/ف on it in a span is the conjunction."""
        if not hasattr(self, "_bare"):
            self._bare = {t.norm for t in tokenize(self.text) if t.is_word}
        return word in self._bare

    def person_ok(self, words: list[str]) -> bool:
        """Policy step 3 for persons: no organisation or place head inside
        ("سيتي مول", "Serena Hotels"), no name particle at the end (a cut
        name: "صالح آل"), no coordinated given names ("محمد وسلطان")."""
        if words[-1] in _PARTICLES:
            return False
        heads = self.lex.heads
        for i, w in enumerate(words):
            if heads.match(words, i) or (self.lang == "en" and w.endswith("s") and heads.match([w[:-1]], 0)):
                return False
            if (i and self.lang == "ar" and w[:1] == "و" and w not in self.lex.given
                    and w[1:] in self.lex.given):
                return False
        return True

    def _words(self, b: int, e: int) -> list[str]:
        return [t.norm for t in tokenize(self.text, b, e) if t.is_word]

    def _function(self, w: str) -> bool:
        if w in self.lex.function:
            return True
        if self.lang == "ar" and w[:1] in ("و", "ف") and len(w) > 3 and w[1:] in self.lex.function:
            return True
        return False

    # ------------------------------------------------------------ indices
    def index(self) -> None:
        self.by_name: dict[str, str] = {}
        self.last: dict[str, set[str]] = {}
        self.one_word: dict[str, set[str]] = {}
        self.firsts: dict[tuple[str, ...], set[str]] = {}
        self.by_country: dict[str, str] = {}
        self.by_geonames: dict[int, str] = {}
        self.by_wikidata: dict[str, str] = {}
        for ent in self.x.entities.values():
            self._index(ent)

    def _index(self, ent: Entity) -> None:
        for n in [ent.label, *sorted(ent.alt_labels)]:
            k = name_key(n)
            if k:
                self.by_name.setdefault(k, ent.key)
        if ent.type == PERSON:
            w = name_key(ent.label).split()
            if len(w) >= 2:
                self.last.setdefault(w[-1], set()).add(ent.key)
                for i in range(2, len(w)):
                    self.firsts.setdefault(tuple(w[:i]), set()).add(ent.key)
            elif len(w) == 1:
                self.one_word.setdefault(w[0], set()).add(ent.key)
        if ent.type == PLACE:
            if ent.place_kind == "Country" and ent.country:
                self.by_country.setdefault(ent.country, ent.key)
            if ent.geonames:
                self.by_geonames.setdefault(ent.geonames, ent.key)
        if ent.wikidata:
            self.by_wikidata.setdefault(ent.wikidata, ent.key)

    def context_countries(self) -> set[str]:
        return {e.country for e in self.x.entities.values() if e.country and e.type == PLACE}

    # ------------------------------------------------------------ resolving
    def resolve(self, label: str, etype: str) -> tuple[str | None, dict]:
        """The existing entity key a kept span goes to (or None) and, for a
        new entity, its type and attributes (policy steps 4 and 6)."""
        k = name_key(label)
        if k in self.by_name:
            return self.by_name[k], {}
        words = k.split()
        if etype == PERSON:
            if len(words) == 1:
                cands = self.last.get(words[0], set())
                return (next(iter(cands)) if len(cands) == 1 else None), {"drop": True}
            cands = self.firsts.get(tuple(words), set())
            if len(cands) == 1:
                return next(iter(cands)), {}
            cands = self.one_word.get(words[-1], set())
            if len(cands) == 1:
                return next(iter(cands)), {"alt": True}
        attrs: dict = {"type": etype}
        org = self.gaz.organization(label, self.lang)
        agency = self.lex.agencies.get(k)
        if org is not None:
            if org.get("wikidata") and org["wikidata"] in self.by_wikidata:
                return self.by_wikidata[org["wikidata"]], {}
            attrs = {"type": ORGANIZATION, "label": org.get("name") or label,
                     "wikidata": org.get("wikidata") or None, "known": True}
            if org.get("name_en") and self.lang != "en":
                attrs["labels"] = {"en": org["name_en"]}
            key = self.by_name.get(name_key(attrs["label"]))
            return key, attrs
        if agency is not None:
            key = self.by_name.get(name_key(agency["name"]))
            return key, {"type": ORGANIZATION, "label": agency["name"] if self.lang == "ar" else label,
                         "known": True, "kind": "agency"}
        if etype != PERSON or len(words) == 1:
            place = self.gaz.link(label, self.ctx)
            if place is not None and (etype == PLACE or place.kind == "Country"):
                if place.kind == "Country":
                    if place.country in self.by_country:
                        return self.by_country[place.country], {}
                    lab = self.lex.country_names.get(place.country, label)
                    key = self.by_name.get(name_key(lab))
                    return key, {"type": PLACE, "label": lab, "place": place, "known": True,
                                 "labels": {"en": place.name} if self.lang != "en" else {}}
                if place.geonames in self.by_geonames:
                    return self.by_geonames[place.geonames], {}
                return None, {"type": PLACE, "place": place, "known": True}
        return None, attrs

    # ------------------------------------------------------------ run
    def run(self, spans: list[tuple[int, int, str]]) -> Extraction:
        x = self.x
        x.extractor = f"{x.extractor}+{self.model}" if x.extractor else self.model
        blocked = self._rule_spans()
        kept: list[tuple[int, int, str, str]] = []
        n = len(self.text)
        for b, e, t in sorted(spans):
            etype = _TYPES.get(t)
            if etype is None or not (0 <= b < e <= n):
                continue
            if self._overlaps(b, e, blocked):
                continue
            c = self.clean(b, e, t)
            if c is None:
                continue
            kept.append((c[0], c[1], c[2], etype))
        self.index()
        self.ctx = self.context_countries()
        seen = Counter(name_key(lab) for _b, _e, lab, _t in kept)
        for b, e, label, etype in kept:
            if (self.lang == "ar" and label[:1] in _AR_CLITICS and name_key(label) not in self.by_name
                    and name_key(label[1:]) in self.by_name):
                b, label = b + 1, label[1:]  # "لكارلو انشيلوتي" after "كارلو انشيلوتي"
            sp = Span(b, e, self.text[b:e])
            key, attrs = self.resolve(label, etype)
            if key is not None:
                ent = x.entities[key]
                if sp not in ent.mentions:
                    ent.mentions.append(sp)
                    ent.mentions.sort()
                    x.model_mentions[(b, e)] = self.model
                if attrs.get("alt") and label != ent.label:
                    ent.alt_labels.add(label)
                    self.by_name.setdefault(name_key(label), key)
                continue
            if attrs.get("drop"):
                continue
            etype = attrs.get("type", etype)
            one = len(name_key(label).split()) == 1
            if not attrs.get("known"):
                if one and (etype == ORGANIZATION or seen[name_key(label)] < 2):
                    continue
                if one and self.lang == "en" and label.casefold() in self.lex.common:
                    continue
                if (etype == ORGANIZATION and seen[name_key(label)] < 2
                        and not self.lex.org_heads.inside(self._words(b, e))):
                    continue
            lab = attrs.get("label") or label
            ent = self._new(etype, lab, sp, attrs)
            if label != ent.label:
                ent.alt_labels.add(label)
            x.model_mentions[(b, e)] = self.model
        return x

    def _new(self, etype: str, label: str, sp: Span, attrs: dict) -> Entity:
        key = f"{etype}:{name_key(label)}"
        ent = self.x.entities.get(key)
        if ent is None:
            ent = Entity(key=key, type=etype, label=label, lang=self.lang)
            self.x.entities[key] = ent
        if sp not in ent.mentions:
            ent.mentions.append(sp)
            ent.mentions.sort()
        place = attrs.get("place")
        if place is not None:
            ent.country = ent.country or place.country or None
            if ent.geonames is None and place.geonames:
                ent.geonames, ent.lat, ent.long = place.geonames, place.lat, place.long
            ent.place_kind = ent.place_kind or place.kind
        if attrs.get("wikidata") and not ent.wikidata:
            ent.wikidata = attrs["wikidata"]
        if attrs.get("kind") and not ent.kind:
            ent.kind = attrs["kind"]
        for lg, lb in (attrs.get("labels") or {}).items():
            ent.labels.setdefault(lg, lb)
        self._index(ent)
        return ent
