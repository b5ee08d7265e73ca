"""Rule-based extractor for English news (``kgbuild.en.rules.v1``).

Input: an :class:`~kgbuild.model.Article` with ``lang == "en"``.
Output: an :class:`~kgbuild.model.Extraction` with the same conventions as
the Arabic extractor (:mod:`kgbuild.extract.arabic`): entity keys
``"<Type>:<name_key>"``, country places labelled with their English name
(``labels["en"]``), memberships whose body is an organisation or, for a
government post, the country place; events with actors, recipients (the
host of a visit or meeting, the addressee of an appeal), place, date and
status.

The rules read every word list from the English language pack
(``kgbuild/lang/en/lexicon/*.tsv``) and work on tokens with offsets
(:func:`tokenize`: abbreviations such as ``U.S.`` are one token, ``'s`` is
its own token, a hyphen between two words is no token):

1. dates (:func:`kgbuild.dates.find_dates`, English pack), the dateline
   ("ROME 1996-08-31", "BEIJING:", "KABUL, (DNA) :");
2. known organisations (``organizations.tsv``), role titles (``roles.tsv``)
   with honorifics and modifiers (``honorifics.tsv``), organisation and venue
   names by their head word (``org_heads.tsv``: "Ministry of Mines", "German
   Foreign Ministry", "Radio Pakistan", "Hamid Karzai International Airport");
3. places: countries, GeoNames cities (primary names), continents, regions
   ("East Jerusalem", "South Asia"), names mined from CoNLL-2003 eng.train;
   nationality adjectives ("Slovak", "Chinese") are mentions of the country;
4. persons: the name after a role or an honorific ("Italian Foreign Minister
   Lamberto Dini"), before an apposition ("Hadi al-Bahra, president of the
   Syrian National Coalition"), after "counterpart", names opened by a known
   given name, runs of capitalised name-like words; later short forms
   ("Dini", "Mr. Joschka") join the full name;
5. memberships: one per (person, role); the body is the role's complement
   ("of the Syrian National Coalition", "of Argentina"), the organisation
   before it ("MEA spokesman"), the country of a nationality adjective or
   country name before it ("Poland's Foreign Minister"), for a counterpart
   the role of the person met, else for a government post the article's home
   country (the country most named that no role is qualified by);
   "Vice presidents A and B" gives one membership each;
6. events: a trigger (``triggers.tsv``) with its subject (the agent before
   it; "he"/"she" and "the foreign minister" resolve to the person meant),
   its objects (one Meet per person met), place (after in/at/to), date (in
   the clause) and status: will/would/scheduled to/expected to → Planned,
   may/might/likely → Possible, not/never/ruled out → Negated, a date after
   publication → Planned; then in-article event merging.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from kgbuild.dates import DateMention, find_dates, is_month_word
from kgbuild.lang import read_lexicon
from kgbuild.model import (
    ORGANIZATION, PERSON, PLACE, Article, Entity, Event, Extraction,
    Membership, Span,
)
from kgbuild.text import PhraseMatcher, Token, name_key, normalize

LANG = "en"

# ---------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"       # U.S., U.N., S.B.
    r"|\w+(?=['’]s\b)"                       # Pakistan 's
    r"|['’]s\b"
    r"|\w+(?:['’]\w+)*"                      # words, Hon'ble, O'Brien
    r"|[^\w\s]")
_HYPHENS = "-‐‑–"


def tokenize(text: str) -> tuple[list[Token], set[int]]:
    """English tokens of ``text`` and the set of indices ``i`` whose token is
    joined to token ``i + 1`` by a hyphen ("Bhutto-Zardari", "China-Pakistan").

    A hyphen between two words is not a token (so "Secretary-General" matches
    "Secretary General" and "then-foreign minister" holds "foreign
    minister"); any other hyphen or dash is.
    """
    toks: list[Token] = []
    joined: set[int] = set()
    for m in _TOKEN_RE.finditer(text):
        s = m.group()
        b, e = m.span()
        if len(s) == 1 and s in _HYPHENS and toks and toks[-1].end == b and e < len(text) \
                and text[e].isalnum() and toks[-1].is_word:
            joined.add(len(toks) - 1)
            continue
        norm = normalize(s)
        if not norm:
            continue
        word = bool(re.match(r"\w", norm)) or norm in ("'s", "’s")
        toks.append(Token(b, e, s, norm, word and norm not in ("'s", "’s")))
    return toks, joined


_ABBREV = {"mr", "mrs", "ms", "dr", "lt", "gen", "col", "st", "no", "jr", "sr", "prof", "maj", "brig", "capt",
           "sgt", "gov", "sen", "rep", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
           "oct", "nov", "dec", "vs", "inc", "ltd", "co", "corp"}


def sentence_bounds(text: str, toks: list[Token]) -> list[tuple[int, int]]:
    """Sentences as half-open token index ranges: a break after ``.`` ``!``
    ``?`` followed by white space (not after an abbreviation such as "Mr." or
    an initial "R."), and at every line break."""
    out = []
    start = 0
    for k, t in enumerate(toks):
        end_here = False
        if k + 1 < len(toks) and "\n" in text[t.end:toks[k + 1].begin]:
            end_here = True
        elif t.text in (".", "!", "?") and k + 1 < len(toks) and text[t.end:t.end + 1].isspace():
            prev = toks[k - 1] if k else None
            if prev is not None and prev.end == t.begin and (
                    prev.norm in _ABBREV or (len(prev.text) == 1 and prev.text.isupper())):
                end_here = False
            else:
                end_here = True
        if end_here:
            out.append((start, k + 1))
            start = k + 1
    if start < len(toks):
        out.append((start, len(toks)))
    return out


# -------------------------------------------------------------- lexicons


def _rows(name: str) -> tuple[dict[str, str], ...]:
    try:
        return read_lexicon(LANG, name)
    except FileNotFoundError:
        return ()


@dataclass
class _Lex:
    roles: PhraseMatcher
    honorifics: PhraseMatcher
    heads: dict[str, dict]
    triggers: PhraseMatcher
    known_orgs: PhraseMatcher
    given: frozenset[str]
    common: frozenset[str]
    single: dict[str, str]
    multi: PhraseMatcher
    country_names: dict[str, str]
    role_words: frozenset[str] = field(default_factory=frozenset)


@functools.lru_cache(maxsize=1)
def _lexicons() -> _Lex:
    roles = PhraseMatcher()
    role_words = set()
    for r in _rows("roles"):
        roles.add(r["surface"].replace("-", " "), r)
        role_words.update(normalize(w) for w in r["surface"].replace("-", " ").split())
    hon = PhraseMatcher()
    for r in _rows("honorifics"):
        hon.add(r["surface"], r)
    heads = {r["surface"]: r for r in _rows("org_heads")}
    trig = PhraseMatcher()
    readings: dict[str, dict[str, dict]] = {}
    for r in _rows("triggers"):
        s = r["surface"].replace("-", " ")
        readings.setdefault(s, {})[r["pos"]] = r
    for s, rs in readings.items():
        trig.add(s, rs)
    known = PhraseMatcher()
    for r in _rows("organizations"):
        for name in [r.get("name", ""), *r.get("aliases", "").split("|"), r.get("name_en", "")]:
            name = name.strip()
            if name:
                known.add(re.sub(r"^the ", "", name).replace("-", " "), r)
    given = frozenset(r["name"] for r in _rows("given_names"))
    common = frozenset(r["word"] for r in _rows("common_words"))
    single = {r["name"]: r["type"] for r in _rows("single_names")}
    multi = PhraseMatcher()
    for r in _rows("name_gazetteer"):
        if r["type"] in ("PER", "LOC", "ORG"):
            multi.add(r["name"].replace("-", " "), r["type"])
    countries = {r["iso2"]: r["name"] for r in _rows("countries")}
    return _Lex(roles, hon, heads, trig, known, given, common, single, multi, countries,
                frozenset(role_words))


# words that never belong to a name
_FUNCTION = frozenset("""a an the and or but of for to in on at by with from as into onto upon over under about
after before during since until while when where which who whom whose that this these those he she it they we i
you his her its their our my your him them us me is are was were be been being has have had do does did will would
shall should may might can could must not no yes also said says say told tells according per via than then there
here today yesterday tomorrow""".split())
_CONNECT = {"of", "the", "for", "and", "de", "del", "da", "di", "du", "des", "la", "le", "on"}
_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "abd", "van", "von", "der", "den", "de", "da", "di", "du",
              "del", "la", "le", "ul", "ud", "uddin"}
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "north-east", "north-west", "south-east", "south-west"}
_PRONOUNS = {"he": PERSON, "she": PERSON}
_FUTURE = {"will", "'ll", "shall"}
_WOULD = {"would"}
_PLAN_WORDS = {"scheduled", "planned", "plans", "plan", "planning", "expected", "due", "set", "slated", "going",
               "intends", "intend", "aims", "hopes", "wants", "upcoming", "forthcoming", "proposed", "likely",
               "looking"}
_POSSIBLE = {"may", "might", "could", "likely", "possible", "possibly", "proposed", "perhaps", "potential"}
_NEGATION = {"not", "n't", "never", "no", "without", "refused", "declined", "cancelled", "canceled", "rejected"}
_STOP_OBJECT = {"to", "which", "who", "that", "where", "when", "after", "before", "because", "while", "said", "says",
                "told", "according", ";"}


@dataclass
class _Mention:
    """A typed mention (token indices, half-open)."""

    i: int
    j: int
    type: str
    key: str


class EnglishRules:
    """The English rule extractor (see module docstring). Stateless between
    articles; construct once and call :meth:`extract` per article."""

    name = "kgbuild.en.rules.v1"
    lang = LANG

    def __init__(self) -> None:
        self.lex = _lexicons()
        from kgbuild.gazetteer import get_gazetteer

        self.gaz = get_gazetteer()

    def extract(self, article: Article) -> Extraction:
        """Extract entities, memberships, delegations and events from one
        English article. Deterministic; raises nothing for odd text."""
        return _Run(self, article).run()


def _is_cap(t: Token) -> bool:
    return t.is_word and (t.text[0].isupper() or (t.text[0].isdigit() and any(c.isupper() for c in t.text)))


def _uniq(xs):
    seen, out = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


class _Run:
    """State of one extraction run over one article."""

    def __init__(self, ex: EnglishRules, article: Article) -> None:
        self.lex = ex.lex
        self.gaz = ex.gaz
        self.art = article
        self.text = article.text
        self.toks, self.joined = tokenize(self.text)
        self.n = len(self.toks)
        self.sents = sentence_bounds(self.text, self.toks)
        self.sent_of = [0] * self.n
        for si, (a, b) in enumerate(self.sents):
            for k in range(a, b):
                self.sent_of[k] = si
        self.titlecase = self._titlecase_sentences()
        self.claimed: list[str | None] = [None] * self.n
        self.mentions: list[_Mention] = []
        self.x = Extraction(article=article, extractor=ex.name)
        self.date_at: dict[int, DateMention] = {}
        self.roles: list[dict] = []
        self.demonym_at: dict[int, str] = {}
        self.inside: set[int] = set()  # tokens of role phrases of named holders (not agents)
        self.dateline_place: str | None = None
        self.dateline_sent: int | None = None
        self.dateline_first = 0
        self.entourage: dict[str, list[str]] = {}
        self._verbal: dict[int, bool] = {}  # id(event) → stated by a verb

    # -------------------------------------------------------------- helpers
    def span(self, i: int, j: int) -> Span:
        b, e = self.toks[i].begin, self.toks[j - 1].end
        return Span(b, e, self.text[b:e])

    def label(self, i: int, j: int) -> str:
        return self.span(i, j).text

    def entity(self, etype: str, label: str, span: Span | None, **attrs) -> Entity:
        key = f"{etype}:{name_key(label)}"
        ent = self.x.entities.get(key)
        if ent is None:
            ent = Entity(key=key, type=etype, label=label, lang=LANG)
            self.x.entities[key] = ent
        elif etype != PLACE and len(label) > len(ent.label):
            ent.alt_labels.add(ent.label)
            ent.label = label
        if label != ent.label:
            ent.alt_labels.add(label)
        for k, v in attrs.items():
            if v is not None and getattr(ent, k, None) in (None, ""):
                setattr(ent, k, v)
        if span is not None and span not in ent.mentions:
            ent.mentions.append(span)
        return ent

    def add_mention(self, i: int, j: int, etype: str, label: str | None = None, **attrs) -> Entity:
        ent = self.entity(etype, label or self.label(i, j), self.span(i, j), **attrs)
        for k in range(i, j):
            self.claimed[k] = etype
        self.mentions.append(_Mention(i, j, etype, ent.key))
        return ent

    def free(self, i: int, j: int) -> bool:
        return j <= self.n and all(self.claimed[k] is None for k in range(i, j))

    def mention_at(self, k: int) -> _Mention | None:
        for m in self.mentions:
            if m.i == k:
                return m
        return None

    def mention_covering(self, k: int) -> _Mention | None:
        for m in self.mentions:
            if m.i <= k < m.j:
                return m
        return None

    def _titlecase_sentences(self) -> set[int]:
        """Sentences written in headline case (most words capitalised)."""
        out = set()
        for si, (a, b) in enumerate(self.sents):
            words = [t for t in self.toks[a:b] if t.is_word and t.text.isalpha() and len(t.text) > 3]
            if len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.75 * len(words):
                out.add(si)
        return out

    def country_name(self, word: str):
        """The country a one-word name stands for ("India", "U.S."), not an
        ISO code written in capitals ("ARG", "IND") nor a two-letter word."""
        if word in ("The",) or len(word) <= 2 and word not in ("US", "UK"):
            return None
        if word.isupper() and len(word) <= 3 and word not in ("USA", "UAE", "US", "UK"):
            return None
        return self.gaz.country(word)

    def demonym(self, k: int) -> str | None:
        t = self.toks[k]
        if not _is_cap(t):
            return None
        return self.gaz.country_of_nisba(t.text, LANG)

    def name_like(self, k: int) -> bool:
        """A capitalised word that may be part of a person's name."""
        if k >= self.n:
            return False
        t = self.toks[k]
        if not t.is_word or self.claimed[k] is not None:
            return False
        if re.fullmatch(r"[A-Z]\.?", t.text) or re.fullmatch(r"(?:[A-Z]\.){2,}", t.text):
            return re.fullmatch(r"(?:[A-Z]\.){2,}", t.text) is None or t.text not in ("U.S.", "U.N.", "U.K.")
        if not t.text[0].isupper() or t.text.isupper() and len(t.text) > 1 and t.text not in ("Al",):
            return t.norm in _PARTICLES and k + 1 < self.n and _is_cap(self.toks[k + 1])
        low = t.norm
        if low in _PARTICLES and k + 1 < self.n and _is_cap(self.toks[k + 1]) and k > 0 and \
                _is_cap(self.toks[k - 1]) and self.claimed[k - 1] in (None, PERSON):
            return True  # "Al Thani", "bin Salman" inside a name
        if re.fullmatch(r"(II|III|IV|VI|VII|VIII)", t.text) and k > 0 and _is_cap(self.toks[k - 1]):
            return True  # "Abdullah II"
        if t.text in _NOT_NAMES or is_month_word(t.text, LANG):
            return False
        if re.search(r"[A-Z]{2}", t.text) or len(t.text) <= 5 and sum(c.isupper() for c in t.text) >= 2 \
                and not re.match(r"(Mc|Mac|O'|D')[A-Z]", t.text):
            return False
        if low in _FUNCTION:
            return False
        if low in self.lex.common and t.text not in self.lex.given:
            return False
        if self.lex.honorifics.match_at(self.toks, k):
            return False
        if self.demonym(k) or t.text in self.lex.heads:
            return False
        return not any(c.isdigit() for c in low)

    # ------------------------------------------------------------ pipeline
    def run(self) -> Extraction:
        self.find_dates()
        self.find_known_orgs()
        self.find_roles()
        self.find_orgs()
        self.find_media()
        self.find_places()
        self.find_persons()
        self.find_single_orgs()
        self.find_acronyms()
        self.find_short_names()
        self.find_dateline()
        self.home = self.home_country()
        self.find_memberships()
        self.find_entourage()
        self.entourage_countries()
        self.find_events()
        self.merge_events()
        return self.x

    # ---------------------------------------------------------------- dates
    def find_dates(self) -> None:
        # dates.py's own tokens (hyphens kept: "1996-08-30")
        dates = find_dates(self.text, self.art.published, LANG)
        self.x.work["dates"] = dates  # reused by kgbuild.extract.doc
        di = 0
        for k, t in enumerate(self.toks):
            while di < len(dates) and dates[di].span.end <= t.begin:
                di += 1
            if di < len(dates) and dates[di].span.begin <= t.begin < dates[di].span.end:
                self.claimed[k] = "DATE"
                self.date_at[k] = dates[di]

    # ----------------------------------------------------- organisations
    def find_known_orgs(self) -> None:
        for i, n, _pre, row in self.lex.known_orgs.find_all(self.toks):
            if not self.free(i, i + n):
                continue
            text = self.label(i, i + n)
            # all-capital abbreviations (UN, WHO, AU) match only as written
            if n == 1 and len(self.toks[i].text) <= 5 and not self.toks[i].text.isupper():
                continue
            if not _is_cap(self.toks[i]):
                continue
            ent = self.add_mention(i, i + n, ORGANIZATION, row.get("name_en") or row["name"],
                                   wikidata=row.get("wikidata") or None)
            if text != ent.label:
                ent.alt_labels.add(text)

    def find_roles(self) -> None:
        i = 0
        while i < self.n:
            m = self.lex.roles.match_at(self.toks, i)
            if m and self.free(i, i + m[0]):
                n, _pre, row = m
                t = self.toks[i]
                # a capitalised title is a role; a lower-case one only for
                # titles usually written so ("spokesman", "envoy", "counterpart")
                if t.text[0].islower() and row["surface"][0].isupper() and row["key"] not in (
                        "minister", "foreign minister", "president", "vice president", "prime minister",
                        "ambassador", "defence minister", "interior minister", "leader", "member", "director",
                        "chair", "adviser", "official", "representative", "secretary general", "governor",
                        "mayor", "king", "emir", "prince", "crown prince", "commander", "coordinator",
                        "deputy prime minister", "head of state", "negotiator", "envoy", "spokesperson"):
                    i += 1
                    continue
                if row["key"] in ("emir", "king", "prince", "crown prince") and n == 1 and i > 0 and \
                        _is_cap(self.toks[i - 1]) and i + 1 < self.n and _is_cap(self.toks[i + 1]) and \
                        self.toks[i - 1].norm not in self.lex.role_words and not self.demonym(i - 1) and \
                        self.toks[i - 1].text not in self.lex.heads and self.toks[i - 1].norm not in _FUNCTION:
                    i += 1
                    continue
                self.roles.append({"i": i, "j": i + n, "row": row})
                for k in range(i, i + n):
                    self.claimed[k] = "ROLE"
                i += n
            else:
                i += 1

    def head_kind(self, k: int) -> dict | None:
        t = self.toks[k]
        if not t.is_word:
            return None
        return self.lex.heads.get(t.text)

    def find_orgs(self) -> None:
        """Organisation and venue names by their head word: a run of
        capitalised words (with "of", "the", "for", "and" inside) holding a
        head; a nationality adjective or country name may open it."""
        k = 0
        while k < self.n:
            h = self.head_kind(k) if self.claimed[k] is None else None
            if h is None or self._known_loc_covering(k):
                k += 1
                continue
            # left edge: capitalised free words (and "'"-joined parts)
            i = k
            while i > 0 and self.claimed[i - 1] is None and (
                    _is_cap(self.toks[i - 1]) or self.toks[i - 1].text in ("'", "’") and i >= 2
                    and _is_cap(self.toks[i - 2])) and self.sent_of[i - 1] == self.sent_of[k]:
                if self.toks[i - 1].norm in _FUNCTION and (self.toks[i - 1].text != "The" or
                                                           self.sent_of[k] in self.titlecase):
                    break
                i -= 1
            # "The" opens a name only inside a sentence ("told The Maldives Journal")
            if self.toks[i].text == "The" and (i == self.sents[self.sent_of[i]][0] or i == k):
                i += 1
            # right edge: "of/for (the) Capitalised..." complements and further capitalised words
            j = k + 1
            while j < self.n and self.sent_of[j] == self.sent_of[k]:
                t = self.toks[j]
                if _is_cap(t) and self.claimed[j] is None and t.norm not in _FUNCTION:
                    if self.lex.honorifics.match_at(self.toks, j) or t.text in self.lex.given:
                        break
                    after_head = j > k and all(self.head_kind(x) is None for x in range(k + 1, j)) and \
                        self.head_kind(j) is None
                    if after_head and i < k and not self.gaz.lookup(t.text):
                        break  # "Inter Services Intelligence | Lt Gen Faiz Hamid"
                    j += 1
                    continue
                if t.norm in ("of", "for", "on") and j + 1 < self.n:
                    p = j + 1
                    if self.toks[p].norm == "the":
                        p += 1
                    if p < self.n and _is_cap(self.toks[p]) and self.claimed[p] is None:
                        j = p + 1
                        continue
                    # "Government of India": a country after "of"
                    if p < self.n and self.claimed[p] is None and _is_cap(self.toks[p]):
                        j = p + 1
                        continue
                    if h["kind"] in ("government", "ministry") and p < self.n and self.claimed[p] is None:
                        pass
                break
            if i == k and j == k + 1 and h["type"] == "org" and h["kind"] not in ("government",):
                # a bare head ("Parliament", "Senate") is a name only when capitalised mid-sentence
                if k == self.sents[self.sent_of[k]][0] or self.sent_of[k] in self.titlecase:
                    k += 1
                    continue
                if h["surface"] in ("Office", "Department", "Service", "Group", "Program", "Programme", "Post",
                                    "Times", "News", "Hall", "Square", "Union", "League", "Community", "Bank",
                                    "Fund", "Court", "Network", "Front", "Movement", "Alliance", "Party",
                                    "Government", "Cabinet", "Ministry", "Ministries", "Palace", "Embassy",
                                    "Hotel", "Airport", "Forces", "Army", "Police", "Navy", "Guard", "Radio",
                                    "Television", "TV", "Journal", "Herald", "Tribune", "Gazette", "Portal",
                                    "Intelligence", "Organisation", "Organization", "Agency", "Authority",
                                    "Commission", "Committee", "Council", "Chamber", "Company", "Corporation",
                                    "Institute", "University", "Association", "Foundation", "Secretariat",
                                    "Bureau", "Ltd", "Inc", "Tomb", "Stadium"):
                    k += 1
                    continue
            if h["kind"] == "media" and all(self.toks[p].norm in self.lex.common or self.head_kind(p)
                                            for p in range(i, j)):
                k = j
                continue
            if i < j and j - i >= 1 and not (i == k and j == k + 1 and h["surface"] in ("Government",)):
                etype = PLACE if h["type"] == "place" else ORGANIZATION
                country = None
                for p in range(i, j):
                    c = self.demonym(p)
                    if c:
                        country = c
                        self.demonym_at[p] = c
                    elif _is_cap(self.toks[p]):
                        cp = self.country_name(self.toks[p].text)
                        if cp is not None:
                            country = country or cp.country
                            self.demonym_at[p] = cp.country
                ent = self.add_mention(i, j, etype, country=country)
                if etype == ORGANIZATION:
                    ent.labels.setdefault("kind", h["kind"])
                else:
                    ent.place_kind = ent.place_kind or "Venue"
                # a parenthesised abbreviation: "Foreign Office (FO)"
                if j + 2 < self.n and self.toks[j].text == "(" and self.toks[j + 2].text == ")" \
                        and self.toks[j + 1].text.isupper() or (
                        j + 2 < self.n and self.toks[j].text == "(" and self.toks[j + 2].text == ")"
                        and re.fullmatch(r"[A-Z][A-Za-z]{1,6}", self.toks[j + 1].text or "")
                        and sum(c.isupper() for c in self.toks[j + 1].text) >= 2):
                    self.add_mention(j + 1, j + 2, etype, ent.label)
                    ent.alt_labels.add(self.toks[j + 1].text)
                k = j
                continue
            k += 1
        # demonym + lower-case government / ministry: "German government", "Chinese foreign ministry"
        for k in range(self.n - 1):
            if self.claimed[k] is not None:
                continue
            c = self.demonym(k)
            if not c:
                cp = self.country_name(self.toks[k].text) if _is_cap(self.toks[k]) else None
                c = cp.country if cp is not None else None
            if not c:
                continue
            j = k + 1
            while j < self.n and j - k <= 3 and self.toks[j].norm in ("foreign", "defence", "defense", "interior",
                                                                     "federal", "military", "central"):
                j += 1
            if j < self.n and self.toks[j].norm in ("government", "ministry", "cabinet") and self.free(k, j + 1) \
                    and self.toks[j].text.islower():
                ent = self.add_mention(k, j + 1, ORGANIZATION, country=c)
                ent.labels.setdefault("kind", "government" if self.toks[j].norm != "ministry" else "ministry")
                self.demonym_at[k] = c

    def _known_loc_covering(self, k: int) -> bool:
        for i in range(max(0, k - 3), k + 1):
            m = self.lex.multi.match_at(self.toks, i)
            if m and m[2] == "LOC" and i + m[0] > k:
                return True
        return False

    def find_media(self) -> None:
        """News outlets and platforms named by their context: "Dawn
        newspaper reported", "Published in Dawn", "said on Twitter"."""
        for k in range(self.n):
            t = self.toks[k]
            if self.claimed[k] is not None or not _is_cap(t) or t.norm in _FUNCTION:
                continue
            nxt = self.toks[k + 1].norm if k + 1 < self.n else ""
            prev2 = " ".join(x.norm for x in self.toks[max(0, k - 2):k])
            nxt2 = self.toks[k + 2].norm if k + 2 < self.n else ""
            if nxt in ("newspaper", "daily", "weekly") or (nxt, nxt2) == ("news", "agency") or \
                    prev2 in ("published in", "reported by") or \
                    t.text in _PLATFORMS and prev2.endswith(("on", "via")):
                ent = self.add_mention(k, k + 1, ORGANIZATION)
                ent.labels.setdefault("kind", "media")

    def find_single_orgs(self) -> None:
        """One-word organisation names mined from eng.train ("Reuters",
        "Hamas"), capitalised and not at the start of a headline-case line."""
        for k, t in enumerate(self.toks):
            if self.claimed[k] is None and _is_cap(t) and self.lex.single.get(t.text) == "ORG" and \
                    t.norm not in self.lex.common:
                ent = self.add_mention(k, k + 1, ORGANIZATION)
                ent.labels.setdefault("kind", "body")

    def find_acronyms(self) -> None:
        """All-capital words of 2–5 letters that name nothing else: a known
        organisation's initials ("FO" for "Foreign Office"), or a news
        agency or body ("PAP news agency", "(AA)", "MEA spokesman")."""
        orgs = [e for e in self.x.entities.values() if e.type == ORGANIZATION]
        for k, t in enumerate(self.toks):
            if self.claimed[k] is not None or not t.is_word:
                continue
            txt = t.text
            if not (re.fullmatch(r"[A-Z]{2,5}", txt) or re.fullmatch(r"[A-Z][a-z]?[A-Z][A-Za-z]{0,3}", txt)):
                continue
            if self.sent_of[k] in self.titlecase and txt.isupper() and len(txt) > 3:
                continue
            if txt in _NOT_ORG_ACRONYMS or self.gaz.country(txt) is not None:
                continue
            if self.lex.roles.match_at(self.toks, k):
                continue
            # all-capital city in a dateline ("BONN", "KABUL"), a month ("JAN")
            if txt.isupper() and (self.gaz.lookup(txt.title()) and len(txt) > 3 or is_month_word(txt, LANG)):
                continue
            target = None
            for e in orgs:
                words = [w for w in re.findall(r"[A-Za-z]+", e.label) if w[0].isupper() and w.lower() not in _FUNCTION]
                if len(words) >= 2 and "".join(w[0] for w in words).upper() == txt.upper():
                    target = e
                    break
            nxt = self.toks[k + 1].norm if k + 1 < self.n else ""
            prev = self.toks[k - 1].text if k else ""
            if target is not None:
                self.add_mention(k, k + 1, ORGANIZATION, target.label)
                target.alt_labels.add(txt)
            elif nxt in ("news", "agency", "bureau", "spokesman", "spokesperson", "statement", "said", "reported",
                         "official", "officials", "newspaper", "radio", "television", "tv", "chief") \
                    or prev == "(" or (txt.isupper() and len(txt) >= 3):
                ent = self.add_mention(k, k + 1, ORGANIZATION)
                ent.labels.setdefault("kind", "media" if nxt in ("news", "agency", "bureau", "reported") else "body")

    # --------------------------------------------------------------- places
    @functools.cached_property
    def context_countries(self) -> set[str]:
        out = set()
        for k, t in enumerate(self.toks):
            if _is_cap(t):
                c = self.country_name(t.text)
                if c is not None:
                    out.add(c.country)
                d = self.gaz.country_of_nisba(t.text, LANG)
                if d:
                    out.add(d)
        return out

    def place_at(self, k: int):
        """(n_tokens, Place or kind string) of the longest place name at k."""
        for n in (4, 3, 2, 1):
            if k + n > self.n or not self.free(k, k + n):
                continue
            toks = self.toks[k:k + n]
            if not all(t.is_word for t in toks) or not _is_cap(toks[0]) or not _is_cap(toks[-1]):
                continue
            if n == 1 and is_month_word(toks[0].text, LANG):
                continue
            if any(self.sent_of[k + p] != self.sent_of[k] for p in range(n)):
                continue
            name = self.label(k, k + n)
            # direction + place: "East Jerusalem", "South Asia", "northern Syria"
            cands = self.gaz.lookup(name)
            key = " ".join(t.norm for t in toks)
            if cands:
                country = next((c for c in cands if c.kind == "Country"), None)
                if country is not None and (n > 1 or len(toks[0].text) > 2 or toks[0].text.isupper()):
                    if toks[0].text.isupper() and len(toks[0].text) <= 3 and toks[0].text not in ("US", "UK", "UAE"):
                        pass
                    else:
                        return n, country
                cont = next((c for c in cands if c.kind == "Continent"), None)
                if cont is not None:
                    return n, cont
                primary = [c for c in cands if c.kind == "City" and (
                    normalize(c.name) == key or normalize(c.name).replace("-", " ") == key)]
                known_loc = (n == 1 and self.lex.single.get(toks[0].text) == "LOC") or \
                    (n > 1 and self.lex.multi.get(name.replace("-", " ")) == "LOC")
                if primary or known_loc:
                    if n == 1 and (toks[0].norm in self.lex.common or toks[0].text in self.lex.given
                                   or self.lex.single.get(toks[0].text) in ("PER", "ORG")):
                        continue
                    if n == 1 and not known_loc and not toks[0].text.isupper() and (
                            self._name_neighbour(k - 1) and self.sent_of[k - 1] == self.sent_of[k]
                            or self._name_neighbour(k + 1) and k + 1 < self.n and self.sent_of[k + 1] == self.sent_of[k]
                                                     or k > 0 and self.claimed[k - 1] == "ROLE"):
                        continue  # "Pushpa Kamal Dahal", "Marco Rubio": a name, not the city
                    place = self.gaz.link(name, self.context_countries)
                    if place is not None and place.kind == "City" and not known_loc and \
                            normalize(place.name) != key:
                        place = primary[0] if len(primary) == 1 else place
                    return n, place if place is not None else "City"
            if n == 1 and self.lex.single.get(toks[0].text) == "LOC" and toks[0].norm not in self.lex.common:
                return 1, "Region"
            if n > 1 and self.lex.multi.get(name.replace("-", " ")) == "LOC":
                return n, "Region"
            if n == 2 and toks[0].norm in _DIRECTIONS and toks[0].text[0].isupper():
                rest = self.gaz.lookup(toks[1].text)
                if rest and any(c.kind in ("Continent", "Country") for c in rest):
                    return n, "Region"
        return None

    def _name_neighbour(self, k: int) -> bool:
        """Token k is a capitalised free word next to a candidate city (so
        the city word is part of a longer name)."""
        if k < 0 or k >= self.n or self.sent_of[k] != self.sent_of[max(0, min(self.n - 1, k + 1))] and \
                self.sent_of[k] != self.sent_of[max(0, k - 1)]:
            return False
        t = self.toks[k]
        if not _is_cap(t) or t.text.isupper() or self.claimed[k] is not None or t.norm in _FUNCTION:
            return False
        if k == self.sents[self.sent_of[k]][0] and t.norm in self.lex.common:
            return False
        return not self.demonym(k) and self.country_name(t.text) is None

    def find_places(self) -> None:
        k = 0
        while k < self.n:
            if self.claimed[k] is not None:
                k += 1
                continue
            m = self.place_at(k)
            if m:
                n, place = m
                self.add_place(k, k + n, place)
                k += n
                continue
            if k + 1 < self.n and _is_cap(self.toks[k]) and _is_cap(self.toks[k + 1]) and self.claimed[k + 1] is None:
                c2 = self.gaz.country_of_nisba(self.label(k, k + 2), LANG)
                if c2:
                    self.demonym_at[k] = self.demonym_at[k + 1] = c2
                    self.country_entity(c2, self.span(k, k + 2))
                    self.claimed[k] = self.claimed[k + 1] = "DEMONYM"
                    k += 2
                    continue
            c = self.demonym(k)
            if c:
                self.demonym_at[k] = c
                self.country_entity(c, self.span(k, k + 1))
                self.claimed[k] = "DEMONYM"
            k += 1
        # "Delhi" after "New Delhi": the shorter name of the same city
        cities = [e for e in self.x.entities.values() if e.type == PLACE and e.place_kind == "City"]
        for e in cities:
            for o in cities:
                if o is not e and e.key in self.x.entities and o.key in self.x.entities and \
                        len(o.label.split()) > 1 and o.label.split()[-1].casefold() == e.label.casefold() and \
                        o.country == e.country:
                    self.merge_entity(e.key, o.key)
                    break
        # demonyms and country names inside organisation names mention the country too
        for k, c in self.demonym_at.items():
            if self.claimed[k] in (ORGANIZATION, PLACE):
                self.country_entity(c, self.span(k, k + 1))

    def country_entity(self, iso: str, span: Span | None) -> Entity | None:
        cp = self.gaz.country(iso)
        if cp is None:
            return None
        label = self.lex.country_names.get(cp.country, cp.name)
        key = f"{PLACE}:{name_key(label)}"
        ent = self.x.entities.get(key)
        if ent is None:
            ent = Entity(key=key, type=PLACE, label=label, lang=LANG)
            self.x.entities[key] = ent
        ent.labels.setdefault("en", label)
        if span is not None and span not in ent.mentions:
            ent.mentions.append(span)
        ent.country = ent.country or cp.country
        if ent.geonames is None and cp.geonames:
            ent.geonames = cp.geonames
        ent.place_kind = ent.place_kind or "Country"
        return ent

    def add_place(self, i: int, j: int, place) -> None:
        label = self.label(i, j)
        if not isinstance(place, str) and place.kind == "Country":
            ent = self.country_entity(place.country, self.span(i, j))
            if label != ent.label and label.lower() != ent.label.lower():
                ent.alt_labels.add(label)
            for k in range(i, j):
                self.claimed[k] = PLACE
            self.mentions.append(_Mention(i, j, PLACE, ent.key))
            return
        if isinstance(place, str):
            self.add_mention(i, j, PLACE, label, place_kind=place)
            return
        if label.isupper() and len(label) > 3 and place.name:
            label = place.name  # a dateline in capitals: "BONN" → "Bonn"
        ent = self.add_mention(i, j, PLACE, label)
        if self.label(i, j) != ent.label:
            ent.alt_labels.add(self.label(i, j))
        ent.country = ent.country or place.country or None
        if ent.geonames is None and place.geonames:
            ent.geonames, ent.lat, ent.long = place.geonames, place.lat, place.long
        ent.place_kind = ent.place_kind or place.kind

    # -------------------------------------------------------------- persons
    def skip_honorifics(self, k: int) -> int:
        while k < self.n:
            h = self.lex.honorifics.match_at(self.toks, k)
            if h is None:
                break
            k += h[0]
            if k < self.n and self.toks[k].text == "." and self.toks[k].begin == self.toks[k - 1].end:
                k += 1
        return k

    def scan_name(self, k: int, min_len: int = 1) -> tuple[int, int] | None:
        """A person name from token k (honorifics skipped): (i, j) or None."""
        k = self.skip_honorifics(k)
        if k >= self.n or not self.name_like(k):
            return None
        if self.toks[k].norm in _PARTICLES and not self.toks[k].text[0].isupper():
            return None
        j = k + 1
        while j < self.n and j - k < 5:
            t = self.toks[j]
            if self.sent_of[j] != self.sent_of[k]:
                break
            if t.text == "." and self.toks[j - 1].end == t.begin and re.fullmatch(r"[A-Z]", self.toks[j - 1].text):
                j += 1  # an initial: "R. Sridharan"
                continue
            if not self.name_like(j):
                break
            j += 1
        while j > k and not self.toks[j - 1].is_word:
            j -= 1
        if j - k < min_len:
            return None
        return k, j

    def find_persons(self) -> None:
        # honorifics before names: "Mr. Joschka", "Shri Dinsha Patel"
        for k in range(self.n):
            h = self.lex.honorifics.match_at(self.toks, k) if self.claimed[k] is None else None
            if h and h[2]["surface"][0].isupper() and _is_cap(self.toks[k]):
                res = self.scan_name(k)
                if res and self.free(*res) and res[0] > k:
                    self.add_person(*res)
        # names after role phrases (with their complements)
        for r in self.roles:
            self.role_complement(r)
        for r in self.roles:
            k = r["end"]
            if k < self.n and self.toks[k].text == ",":
                st = r["start"]
                titled = any(o.get("name_span") and o["name_span"][1] == st - 1 for o in self.roles if o is not r)
                if st >= 2 and self.toks[st - 1].text == "," and not titled and (
                        (self.mention_covering(st - 2) or _Mention(0, 0, "", "")).type == PERSON):
                    r["names"] = []
                    continue  # "Shri Arun Kumar, Joint Secretary, Shri D.S. Mishra": apposition
                k += 1
            names = []
            k2 = self.skip_honorifics(k)
            pm = self.mention_at(k2) if k2 < self.n else None
            if pm is not None and pm.type == PERSON:
                r["names"] = [pm.key]
                r["name_span"] = (pm.i, pm.j)
                continue
            res = self.scan_name(k)
            if res and self.sent_of[res[0]] == self.sent_of[r["i"]]:
                names.append(res)
                if r["row"]["number"] == "pl":
                    p = res[1]
                    while p < self.n and self.toks[p].norm in (",", "and"):
                        q = p + 1
                        if q < self.n and self.toks[q].norm == "and":
                            q += 1
                        nxt = self.scan_name(q)
                        if not nxt:
                            break
                        names.append(nxt)
                        p = nxt[1]
            r["names"] = []
            for i0, j0 in names:
                if j0 - i0 == 1 and self.toks[i0].text in self.lex.common:
                    continue
                ent = self.add_person(i0, j0)
                r["names"].append(ent.key)
                r["name_span"] = (i0, j0)
        # chained roles: "State Councilor and Foreign Minister Wang Yi", "Minister of
        # Foreign Affairs Ambassador Jorge Faurie" (the inner title then acts as an honorific)
        for idx in range(len(self.roles) - 2, -1, -1):
            r, nx = self.roles[idx], self.roles[idx + 1]
            if r["names"] or not nx.get("names"):
                continue
            gap = self.toks[r["end"]:nx["start"]]
            if not gap and nx["start"] > r["i"]:
                r["names"] = list(nx["names"])
                r["name_span"] = nx.get("name_span")
                if r["row"]["scope"] != "counterpart":
                    nx["honorific"] = True
            elif [t.norm for t in gap] == ["and"]:
                r["names"] = list(nx["names"])
                r["name_span"] = nx.get("name_span")
                if not r.get("country") and nx.get("country") and r["row"]["scope"] == "gov":
                    r["country"] = nx["country"]
                if not nx.get("country") and r.get("country") and nx["row"]["scope"] == "gov":
                    nx["country"], nx["qualified"] = r["country"], True
        # honorifics before names: "Mr. Joschka", "Shri Dinsha Patel"
        for k in range(self.n):
            if self.claimed[k] is None and self.lex.honorifics.match_at(self.toks, k) and \
                    self.lex.honorifics.match_at(self.toks, k)[2]["surface"][0].isupper() and _is_cap(self.toks[k]):
                res = self.scan_name(k)
                if res and self.free(*res):
                    self.add_person(*res)
        # a byline: "By Gokhan Celiker and Seda Sevencan"
        for a, b in self.sents:
            if self.toks[a].text == "By" and b - a <= 14:
                p = a + 1
                while p < b:
                    res = self.scan_name(p)
                    if not res or res[1] - res[0] < 2:
                        break
                    self.add_person(*res)
                    p = res[1]
                    if p < b and self.toks[p].norm in (",", "and"):
                        p += 1
                    else:
                        break
        # multi-word gazetteer names, given-name openers, capitalised runs
        k = 0
        while k < self.n:
            if self.claimed[k] is not None or not _is_cap(self.toks[k]):
                k += 1
                continue
            m = self.lex.multi.match_at(self.toks, k)
            if m and m[2] == "PER" and self.free(k, k + m[0]):
                self.add_person(k, k + m[0])
                k += m[0]
                continue
            res = self.scan_name(k)
            if res is None:
                k += 1
                continue
            i0, j0 = res
            first = self.toks[i0].text
            title = self.sent_of[i0] in self.titlecase
            ok = False
            if j0 - i0 >= 2 and (first in self.lex.given or self.lex.single.get(self.toks[j0 - 1].text) == "PER"):
                ok = True
            elif j0 - i0 >= 2 and not title and all(self.toks[p].norm not in self.lex.common for p in range(i0, j0)):
                ok = not (j0 - i0 == 2 and any(self.lex.single.get(self.toks[p].text) in ("LOC", "ORG")
                                               for p in range(i0, j0)))
            elif j0 - i0 == 1 and self.lex.single.get(first) == "PER" and not title:
                ok = True
            # "X, the/a ROLE" apposition (a lone sentence-opening word is no name: "Meanwhile, ...")
            if not ok and j0 < self.n and self.toks[j0].text == "," and not (
                    j0 - i0 == 1 and i0 == self.sents[self.sent_of[i0]][0] and first not in self.lex.given):
                p = j0 + 1
                while p < self.n and self.toks[p].norm in ("the", "a", "an", "former", "then"):
                    p += 1
                p2 = p
                while p2 < self.n and (self.demonym(p2) or self.mention_at(p2) is not None and
                                       self.mention_at(p2).type == PLACE):
                    p2 += 1
                if p2 < self.n and self.claimed[p2] == "ROLE":
                    ok = True
            if ok:
                self.add_person(i0, j0)
                k = j0
            else:
                k = j0 if j0 > k else k + 1

    def add_person(self, i: int, j: int) -> Entity:
        label = self.label(i, j)
        ent = self.add_mention(i, j, PERSON, label)
        return ent

    def find_short_names(self) -> None:
        """Later one-word mentions of a known person ("Dini", "Mr. Joschka"),
        and one-word persons that are the first or last word of exactly one
        longer name, merged into it."""
        persons = [e for e in self.x.entities.values() if e.type == PERSON]
        parts: dict[str, set[str]] = {}
        for e in persons:
            words = re.findall(r"\w+", e.label)
            if len(words) >= 2:
                for w in (words[0], words[-1]):
                    if len(w) >= 3:
                        parts.setdefault(w, set()).add(e.key)
        # one-word person entities → the longer name
        for e in list(persons):
            words = re.findall(r"\w+", e.label)
            if len(words) != 1 or not parts.get(words[0]):
                continue
            cands = parts[words[0]] - {e.key}
            first = min((m.i for m in self.mentions if m.key == e.key), default=self.n)
            dst = next(iter(cands)) if len(cands) == 1 else self.recent_person(cands, first)
            if dst is not None and dst in self.x.entities:
                self.merge_entity(e.key, dst)
        for k in range(self.n):
            t = self.toks[k]
            if self.claimed[k] is not None or not _is_cap(t):
                continue
            keys = parts.get(t.text)
            if not keys:
                continue
            if k + 1 < self.n and _is_cap(self.toks[k + 1]) and self.claimed[k + 1] is None:
                continue
            key = sorted(keys)[0] if len(keys) == 1 else self.recent_person(keys, k)
            if key is None:
                continue
            ent = self.x.entities[key]
            ent.mentions.append(self.span(k, k + 1))
            self.claimed[k] = PERSON
            self.mentions.append(_Mention(k, k + 1, PERSON, key))

    def recent_person(self, keys: set[str], k: int) -> str | None:
        best = None
        for m in self.mentions:
            if m.key in keys and m.j <= k:
                best = m.key
        return best

    def merge_entity(self, src: str, dst: str) -> None:
        a, b = self.x.entities.pop(src), self.x.entities[dst]
        b.mentions.extend(sp for sp in a.mentions if sp not in b.mentions)
        b.alt_labels |= a.alt_labels | {a.label}
        b.alt_labels.discard(b.label)
        for m in self.mentions:
            if m.key == src:
                m.key = dst
        for r in self.roles:
            r["names"] = [dst if p == src else p for p in r.get("names", [])]
            if r.get("org") == src:
                r["org"] = dst

    # ------------------------------------------------------------- roles
    def role_complement(self, r: dict) -> None:
        """Extend a role phrase: qualifiers before it (nationality adjective,
        country, "X's", an organisation: "MEA spokesman"), its portfolio
        ("Minister for Mineral Resources"), "of/to/for X" after it."""
        i, j = r["i"], r["j"]
        r["org"] = None
        r["country"] = None
        r["key"] = r["row"]["key"]
        # modifiers before: honorific-like words ("former", "acting")
        b = i
        while b > 0 and self.toks[b - 1].norm in ("former", "then", "acting", "federal", "union", "top", "senior",
                                                  "new", "outgoing", "incoming", "chief", "special", "his", "her",
                                                  "their", "its", "the", "a", "an", "deputy", "principal"):
            if self.toks[b - 1].norm in ("his", "her", "their", "its", "the", "a", "an"):
                b -= 1
                break
            b -= 1
        q = b
        # qualifiers: nationality adjective / country / X's / organisation
        while q > 0:
            p = q - 1
            t = self.toks[p]
            if t.norm in ("'s", "’s") and p > 0:
                m = self.mention_covering(p - 1)
                if m and m.type in (PLACE, ORGANIZATION):
                    ent = self.x.entities[m.key]
                    if ent.place_kind == "Country" or m.type == PLACE and ent.country:
                        r["country"] = r["country"] or ent.country
                    elif m.type == ORGANIZATION:
                        r["org"] = r["org"] or m.key
                    q = m.i
                    r["qualified"] = True
                    break
                break
            c = self.demonym_at.get(p) if self.claimed[p] == "DEMONYM" else None
            if c:
                r["country"] = r["country"] or c
                r["qualified"] = True
                r["adjective"] = True
                q = p
                continue
            m = self.mention_covering(p)
            if m and m.j == p + 1 and m.type == PLACE and self.x.entities[m.key].place_kind == "Country":
                r["country"] = r["country"] or self.x.entities[m.key].country
                r["qualified"] = True
                q = m.i
                continue
            if m and m.j == p + 1 and m.type == ORGANIZATION:
                r["org"] = r["org"] or m.key
                ent = self.x.entities[m.key]
                if ent.country:
                    r["country"] = r["country"] or ent.country
                r["qualified"] = True
                q = m.i
                continue
            if t.norm in ("former", "then", "acting", "federal", "union", "state") and not r.get("qualified"):
                q = p
                continue
            break
        r["start"] = q
        # portfolio: "Minister for Mineral Resources", "Minister of State for External Affairs and Culture"
        k = j
        if r["row"]["key"] in ("minister", "official", "adviser", "representative", "ambassador", "envoy",
                               "director", "chair", "president", "vice president", "secretary general",
                               "spokesperson", "coordinator", "member", "leader", "negotiator", "commander",
                               "prime minister", "foreign minister", "governor", "mayor"):
            while k < self.n:
                t = self.toks[k]
                if t.norm in ("of", "for", "to", "on", "in") and k + 1 < self.n:
                    p = k + 1
                    if self.toks[p].norm == "the":
                        p += 1
                    if p >= self.n:
                        break
                    m = self.mention_at(p)
                    if m and m.type == ORGANIZATION:
                        if t.norm in ("of", "in") or r["row"]["key"] in ("director", "chair", "member",
                                                                        "secretary general", "leader",
                                                                        "president", "vice president",
                                                                        "spokesperson", "coordinator"):
                            r["org"] = m.key
                            if self.x.entities[m.key].country:
                                r["country"] = r["country"] or self.x.entities[m.key].country
                        elif r["row"]["key"] in ("ambassador", "representative", "envoy"):
                            r["to"] = m.key
                        k = m.j
                        continue
                    if m and m.type == PLACE:
                        ent = self.x.entities[m.key]
                        if t.norm == "of" and ent.place_kind == "Country":
                            r["country"] = ent.country
                            r["qualified"] = True
                            r["adjective"] = True
                        elif t.norm in ("to", "for"):
                            r["to"] = m.key
                        elif t.norm == "in":
                            r["in_place"] = m.key
                        k = m.j
                        continue
                    if t.norm in ("for", "of", "on") and _is_cap(self.toks[p]) and self.claimed[p] is None \
                            and r["row"]["key"] in ("minister", "official", "adviser", "representative"):
                        # portfolio words
                        q2 = p
                        words = []
                        def _pf(x: int, p: int = p) -> bool:
                            tx = self.toks[x]
                            return _is_cap(tx) and self.claimed[x] is None and tx.text not in self.lex.given and (
                                x == p or tx.norm in self.lex.common or tx.norm in _PORTFOLIO
                                or re.search(r"(tion|ment|ures?|ry|ries|ics|ies|ing|ism|ity|ces?|ships?)$", tx.norm))
                        while q2 < self.n and (_pf(q2) or self.toks[q2].norm in ("and", ",") and q2 + 1 < self.n
                                               and _pf(q2 + 1)):
                            words.append(self.toks[q2].norm)
                            q2 += 1
                        while q2 > p and not self.toks[q2 - 1].is_word:
                            q2 -= 1
                        portfolio = " ".join(words)
                        if r["row"]["key"] == "minister" and r["row"]["surface"] in ("Minister", "Federal Minister",
                                                                                    "Acting Minister"):
                            if re.search(r"\b(foreign|external) affairs\b", portfolio):
                                r["key"] = "foreign minister"
                            elif re.search(r"\b(interior|home affairs)\b", portfolio):
                                r["key"] = "interior minister"
                            elif re.search(r"\b(defen[cs]e)\b", portfolio):
                                r["key"] = "defence minister"
                        for x in range(k, q2):
                            self.claimed[x] = self.claimed[x] or "ROLE"
                        k = q2
                        continue
                break
        if k == j and k < self.n and r["row"]["key"] in ("director", "chair", "secretary general", "member",
                                                         "leader", "coordinator", "commander", "spokesperson"):
            m = self.mention_at(k)
            if m and m.type == ORGANIZATION:
                r["org"] = m.key
                k = m.j
        if r["row"].get("country") and not r["country"]:
            r["country"] = r["row"]["country"]
            r["qualified"] = True
        r["end"] = k

    # ------------------------------------------------------- home country
    def find_dateline(self) -> None:
        """The dateline: a capitalised place at the start of the first body
        lines followed by a date, ':' , ',' or '(' ("ROME 1996-08-31",
        "BEIJING:", "New Delhi, Feb 17:", "KABUL, (DNA) :")."""
        for si, (a, b) in enumerate(self.sents[:8]):
            m = self.mention_at(a)
            if m is None and a + 1 < self.n and self.toks[a].norm in ("date",):
                continue
            if m is None or m.type != PLACE:
                # "date 2023-05-05 ISLAMABAD: ..." style
                k = a
                while k < b and (self.claimed[k] == "DATE" or self.toks[k].norm == "date"):
                    k += 1
                m = self.mention_at(k) if k < b else None
                if m is None or m.type != PLACE or k == a:
                    continue
            t = self.toks[m.i]
            if not (t.text.isupper() or (m.j < self.n and self.toks[m.j].text in (":", ",", "(", "/"))):
                continue
            nxt = self.toks[m.j] if m.j < self.n else None
            ok = nxt is not None and (
                nxt.text in (":", "(", "/") or self.claimed[m.j] == "DATE"
                or (nxt.text == "," and m.j + 1 < self.n
                    and (self.claimed[m.j + 1] == "DATE" or self.toks[m.j + 1].text == "(")))
            if ok or (t.text.isupper() and m.j == b):
                self.dateline_place = m.key
                self.dateline_first = si
                self.dateline_sent = si if m.j < b and self.sent_of[m.j] == si and b - m.j > 6 else si + 1
                return

    def home_country(self) -> str | None:
        """The country of unqualified government posts: the country most
        named (names, "X's", cities' countries count one half) that no
        named holder's role is qualified by; else the most named."""
        score: Counter = Counter()
        for m in self.mentions:
            ent = self.x.entities.get(m.key)
            if ent is None or m.type != PLACE:
                continue
            if ent.place_kind == "Country":
                score[ent.country] += 1
            elif ent.country:
                score[ent.country] += 0.5
        for k, c in self.demonym_at.items():
            if self.claimed[k] in (ORGANIZATION, "DEMONYM") and not (k > 0 and self.demonym_at.get(k - 1) == c):
                score[c] += 0.5
        if self.dateline_place:
            c = self.x.entities[self.dateline_place].country
            if c:
                score[c] += 2
        for r in self.roles:  # a title only one country uses ("Secretary of State") speaks for it
            if r["row"].get("country") and r.get("names") is not None:
                score[r["row"]["country"]] += 2
        qualified = set()
        for r in self.roles:
            if r.get("adjective") and r["country"] and (r.get("names") or r["row"]["scope"] == "counterpart"):
                qualified.add(r["country"])
        cands = [(s, c) for c, s in score.items() if c not in qualified]
        if cands:
            return max(cands)[1]
        if score:
            return max((s, c) for c, s in score.items())[1]
        return None

    # ----------------------------------------------------- memberships
    def find_memberships(self) -> None:
        prev_role = None  # the last role with a named holder (for counterparts)
        cands: list[tuple[Membership, int]] = []  # (membership, strength: 2 explicit, 1 context, 0 home)
        unnamed_counterparts: list[str] = []  # countries of counterparts met but not named
        for r in self.roles:
            names = r.get("names", [])
            if r["row"]["scope"] == "counterpart" and not names and r.get("country"):
                unnamed_counterparts.append(r["country"])
            # apposition: "NAME, [the] ROLE ..."
            if not names:
                p = r["start"] - 1
                while p >= 0 and (self.toks[p].norm in ("the", "a", "an", "former", "then", "his", "her")
                                  or self.lex.honorifics.match_at(self.toks, p)
                                  and self.lex.honorifics.match_at(self.toks, p)[0] == 1):
                    p -= 1
                if p >= 1 and self.toks[p].text in (",", "("):
                    m = self.mention_covering(p - 1)
                    if m and m.type == PERSON:
                        names = [m.key]
                r["names"] = names
            if not names or r.get("honorific"):
                continue
            if r["end"] < self.n and self.toks[r["end"]].norm in ("'s", "’s"):
                continue  # "PM's Adviser": the role names the possessor, not a holder here
            for x in range(r["start"], r["end"]):
                self.inside.add(x)
            row = r["row"]
            key = r.get("key", row["key"])
            scope = row["scope"]
            country = r.get("country")
            org = r.get("org")
            strength = 2 if (country or org) else 0
            role_text = self.label(r["i"], r["j"])
            if scope == "counterpart":
                base = self.counterpart_base(r, prev_role)
                if base is None:
                    continue
                key = base.get("key", base["row"]["key"])
                scope = base["row"]["scope"]
                org = None if scope in ("gov", "any") else base.get("org")
            # the body named after the holder: "Shri Dinsha Patel, Minister of Mines, Government of India"
            e = r["end"]
            if org is None and e + 1 < self.n and self.toks[e].text == ",":
                m = self.mention_at(e + 1)
                if m and m.type == ORGANIZATION and self.x.entities[m.key].labels.get("kind") in (
                        "government", "ministry", "office", "body", "agency", "committee"):
                    org, strength = m.key, 2
                    r["org"] = org
                    self.inside.update(range(m.i, m.j))
                    country = country or self.x.entities[m.key].country
            # "Iranian Supreme Leader A and President B": the list shares the nationality
            if not country and not org and scope in ("gov", "any") and r["start"] >= 2 and \
                    self.toks[r["start"] - 1].norm in ("and", ","):
                pm = self.mention_covering(r["start"] - 2)
                prev = next((o for o in self.roles if pm is not None and pm.key in o.get("names", [])
                             and o.get("name_span") and o["name_span"][1] == pm.j), None)
                if prev is not None and prev.get("country") and prev.get("adjective"):
                    country, strength = prev["country"], 1
            # an unqualified government post takes the country of an earlier same post in the sentence
            if not country and not org and scope in ("gov", "any"):
                for o in self.roles:
                    if o is r or o["i"] > r["i"]:
                        break
                    if self.sent_of[o["i"]] == self.sent_of[r["i"]] and o.get("country") and \
                            o.get("key", o["row"]["key"]) == key:
                        country, strength = o["country"], 1
            if org is None and (scope == "org" or key == "official") and r.get("to") is None:
                org = self.context_org(r)
                strength = max(strength, 1) if org else strength
            if org is None:
                if key == "negotiator" and r.get("to"):
                    org = r["to"]
                elif scope in ("gov", "any") or key in ("leader", "chair", "director", "representative",
                                                        "commander"):
                    c = country or self.home
                    if c is None:
                        continue
                    ent = self.country_entity(c, None)
                    if ent is None:
                        continue
                    org = ent.key
                else:
                    continue
            for pk in names:
                mb = Membership(person=pk, organization=org, role=key, role_text=role_text,
                                role_labels={"en": key}, span=self.span(min(r["start"], r["i"]), r["end"]))
                cands.append((mb, strength))
            prev_role = r
        self.x.memberships = self._choose_memberships(cands, unnamed_counterparts)

    def recent_foreign_country(self, before: int, exclude: set) -> str | None:
        """The country of the nearest place name or nationality adjective
        before character offset ``before`` that is not in ``exclude``."""
        order = [k for k in range(self.n - 1, -1, -1) if self.toks[k].begin < before] + \
            [k for k in range(self.n) if self.toks[k].begin >= before]
        for k in order:
            c = self.demonym_at.get(k)
            if c is None and self.claimed[k] == PLACE:
                m = self.mention_covering(k)
                c = self.x.entities[m.key].country if m else None
            if c and c not in exclude and c != self.home:
                return c
        return None

    def _body_country(self, mb: Membership) -> str | None:
        return getattr(self.x.entities.get(mb.organization), "country", None)

    def _choose_memberships(self, cands: list[tuple[Membership, int]], unnamed: list[str]) -> list[Membership]:
        """One membership per (person, role): the explicitly qualified one
        wins over the home-country default; a home-country post already held
        by someone else (two foreign ministers of one country) moves to the
        country of an unnamed counterpart met, or is dropped; a generic
        "minister" / "official" gives way to a specific post of the person."""
        best: dict[tuple[str, str], tuple[Membership, int]] = {}
        order: list[tuple[str, str]] = []
        for mb, st in cands:
            k = (mb.person, mb.role)
            if k not in best:
                best[k] = (mb, st)
                order.append(k)
            elif st > best[k][1]:
                best[k] = (mb, st)
        unique_roles = {"president", "prime minister", "foreign minister", "defence minister", "interior minister",
                        "vice president", "king", "emir", "crown prince", "head of state"}
        held: dict[tuple[str, str | None], str] = {}
        for k in order:
            mb, st = best[k]
            if st > 0 and mb.role in unique_roles:
                held.setdefault((mb.role, self._body_country(mb)), mb.person)
        out = []
        for k in order:
            mb, st = best[k]
            if st == 0 and mb.role in unique_roles:
                holder = held.get((mb.role, self._body_country(mb)))
                if holder is not None and holder != mb.person:
                    alt = self.recent_foreign_country(mb.span.begin, {c for (rl, c) in held if rl == mb.role})
                    if alt is not None:  # else a predecessor in the same post: keep it
                        mb.organization = self.country_entity(alt, None).key
                held.setdefault((mb.role, self._body_country(mb)), mb.person)
            out.append(mb)
        specific = {(mb.person, self._body_country(mb)) for mb in out
                    if mb.role not in ("minister", "official", "member")}
        specific_person = {p for p, _c in specific}
        strength = {id(mb): st for mb, st in cands}
        self._mb_strength = strength
        return [mb for mb in out if not (mb.role in ("minister", "official") and (
            (mb.person, self._body_country(mb)) in specific
            or strength.get(id(mb), 0) < 2 and mb.person in specific_person))]

    def counterpart_base(self, r: dict, prev_role: dict | None) -> dict | None:
        """The role a counterpart shares: that of the subject of the clause
        (the nearest earlier role with a named holder in the sentence), else
        of the last such role in the article."""
        s = self.sent_of[r["i"]]
        best = None
        for o in self.roles:
            if o is r or o["i"] >= r["i"]:
                break
            if o.get("names") and o["row"]["scope"] != "counterpart" and not o.get("honorific"):
                best = o
        if best is not None and (self.sent_of[best["i"]] == s or prev_role is None):
            return best
        if prev_role is not None and prev_role["row"]["scope"] == "counterpart":
            return self.counterpart_base(prev_role, None)
        return prev_role or best

    def context_org(self, r: dict) -> str | None:
        best = None
        for o in self.roles:
            if o["i"] >= r["i"]:
                break
            if o.get("org"):
                best = o["org"]
        return best

    # --------------------------------------------------------- entourage
    def find_entourage(self) -> None:
        """People travelling with a leader: "accompanied by A, B", "A, B …
        are accompanying X", "X's entourage included A, B", "A … will be part
        of the delegation" (of the article's first visitor)."""
        for si, (a, b) in enumerate(self.sents):
            norms = [t.norm for t in self.toks[a:b]]
            persons = [m for m in sorted(self.mentions, key=lambda m: m.i)
                       if a <= m.i < b and m.type == PERSON]
            if not persons:
                continue
            lead, members = None, []
            for w in ("accompanied", "accompanying", "entourage", "delegation", "comprises", "included", "led"):
                if w not in norms:
                    continue
                k = a + norms.index(w)
                if w == "accompanied" and k + 1 < b and self.toks[k + 1].norm == "by":
                    before = [m for m in persons if m.j <= k]
                    lead = before[-1].key if before else self.last_subject_before(a)
                    members = [m.key for m in persons if m.i > k]
                elif w == "accompanying":
                    after = [m for m in persons if m.i > k]
                    lead = after[0].key if after else None
                    members = [m.key for m in persons if m.j <= k]
                elif w in ("entourage", "delegation") and any(x in norms for x in ("included", "includes",
                                                                                  "comprises", "part")):
                    before = [m for m in persons if m.j <= k]
                    lead = before[-1].key if before else self.last_subject_before(a)
                    members = [m.key for m in persons if m.i > k]
                    if "part" in norms:
                        members = [m.key for m in persons if m.j <= k]
                        lead = self.last_subject_before(a)
                if lead and members:
                    break
            if lead and members:
                lst = self.entourage.setdefault(lead, [])
                lst.extend(m for m in members if m != lead and m not in lst)

    def entourage_countries(self) -> None:
        """Those who accompany a leader hold their unqualified government
        posts in the leader's country ("Minister of Foreign Affairs Jorge
        Faurie ... are accompanying President Macri")."""
        strength = getattr(self, "_mb_strength", {})
        for lead, members in self.entourage.items():
            lc = {self._body_country(mb) for mb in self.x.memberships
                  if mb.person == lead and strength.get(id(mb), 0) > 0} - {None}
            if len(lc) != 1:
                continue
            (c,) = lc
            for mb in self.x.memberships:
                if mb.person in members and strength.get(id(mb), 0) == 0 and self._body_country(mb) != c \
                        and self.x.entities[mb.organization].type == PLACE:
                    mb.organization = self.country_entity(c, None).key

    def last_subject_before(self, a: int) -> str | None:
        for ev in reversed(self.x.events):
            if ev.actors:
                return ev.actors[0]
        best = None
        for m in self.mentions:
            if m.i < a and m.type == PERSON:
                best = m.key
                break
        return best

    # ------------------------------------------------------------ events
    def agents(self, lo: int, hi: int) -> list[_Mention]:
        out = []
        for m in sorted(self.mentions, key=lambda m: m.i):
            if m.i < lo or m.i >= hi or m.i in self.inside and m.type != PERSON:
                continue
            if m.type in (PERSON, ORGANIZATION):
                out.append(m)
            elif m.type == PLACE and self.x.entities[m.key].place_kind == "Country":
                out.append(m)
        return out

    def resolve_np(self, k: int) -> _Mention | None:
        """A pronoun ("he", "she") or a definite role without a name ("the
        foreign minister", "The Prime Minister", "the Iranian foreign
        minister") at token k: a mention of the person meant, or None."""
        t = self.toks[k]
        if t.norm in _PRONOUNS:
            key = self.recent_subject(k)
            return _Mention(k, k + 1, PERSON, key) if key else None
        if t.norm == "it":
            a = self.sents[self.sent_of[k]][0]
            orgs = [m for m in sorted(self.mentions, key=lambda m: m.i)
                    if a <= m.i < k and m.type == ORGANIZATION and m.i not in self.inside]
            return _Mention(k, k + 1, ORGANIZATION, orgs[0].key) if orgs else None
        for r in self.roles:
            if r["i"] == k or r.get("start") == k or (k + 1 == r.get("start", r["i"]) and t.norm in ("the", "his")):
                if r.get("names"):
                    return None
                key = r.get("key", r["row"]["key"])
                holders = [mb for mb in self.x.memberships if mb.role == key and
                           self.x.entities[mb.person].mentions and
                           (r.get("country") is None or
                            getattr(self.x.entities.get(mb.organization), "country", None) == r["country"])]
                if not holders:
                    return None
                # a bare "the foreign minister" is the home country's; then the most recently mentioned
                if r.get("country") is None and self.home:
                    home = [mb for mb in holders if getattr(self.x.entities.get(mb.organization), "country",
                                                            None) == self.home]
                    holders = home or holders
                best, pos = None, -1
                for mb in holders:
                    for m in self.mentions:
                        if m.key == mb.person and m.i < k and m.i > pos:
                            best, pos = mb.person, m.i
                if best is None:
                    best = holders[0].person
                return _Mention(k, r["end"], PERSON, best)
        return None

    def recent_subject(self, k: int) -> str | None:
        """The person a pronoun at k refers to: the subject of its own
        sentence before it ("since he assumed office"); else the first actor
        of the latest event stated before it; else the first person of the
        nearest earlier sentence that names one."""
        s = self.sent_of[k]
        a = self.sents[s][0]
        key = self.sentence_subject(a, k) if self.toks[k].norm not in _PRONOUNS or k > a else None
        if key:
            return key
        before = [ev for ev in self.x.events if ev.trigger.end <= self.toks[k].begin and ev.actors
                  and self.x.entities.get(ev.actors[0]) is not None
                  and self.x.entities[ev.actors[0]].type == PERSON]
        if before:
            return before[-1].actors[0]
        for si in range(s - 1, -1, -1):
            a, b = self.sents[si]
            ps = [m for m in sorted(self.mentions, key=lambda m: m.i) if a <= m.i < b and m.type == PERSON]
            if ps:
                return ps[0].key
        return None

    def status_of(self, lo: int, k: int, row: dict) -> str:
        window = [t.norm for t in self.toks[max(lo, k - 6):k]]
        trig = self.toks[k].norm
        text_window = " ".join(window)
        if re.search(r"\b(ruled out|rule out|rules out|called off|calls off)\b", text_window) or \
                any(w in _NEGATION for w in window[-3:]):
            return "Negated"
        k2 = k + len(row["surface"].split())
        after = " ".join(t.norm for t in self.toks[k:min(self.n, k2 + 2)])
        if re.search(r"\bwere ruled out\b|\bwas ruled out\b|\bruled out\b", after):
            return "Negated"
        for idx in range(len(window) - 1, -1, -1):
            w = window[idx]
            if w in _POSSIBLE:
                return "Possible"
            if w in _FUTURE or w in _WOULD:
                return "Planned"
            if w == "to" and idx > 0 and window[idx - 1] in _PLAN_WORDS | {"is", "are", "was", "were"}:
                return "Possible" if window[idx - 1] == "likely" else "Planned"
            if w in _PLAN_WORDS and row["pos"] == "noun":
                return "Possible" if w in ("proposed", "likely", "potential") else "Planned"
            if w in (".", ";") or self.toks[max(lo, k - 6) + idx].text in (",",) and idx < len(window) - 3:
                break
        if trig.endswith("ing") and len(window) >= 1 and window[-1] in ("be", "been"):
            return "Planned" if "will" in window else "Occurred"
        if window[-1:] == ["to"] and row["pos"] == "verb":
            # an infinitive: the status of the clause it completes, else a plan ("X to visit Y")
            a = self.sents[self.sent_of[k]][0]
            main = [ev for ev in self.x.events if ev.sentence and ev.sentence.begin == self.toks[a].begin]
            if main and main[-1].status != "Negated":
                return main[-1].status
            prev = self.toks[k - 2] if k >= 2 else None
            if prev is not None and (self.claimed[k - 2] in (PERSON, ORGANIZATION, PLACE, "ROLE") or
                                     prev.norm in ("plans", "wants", "agreed", "intends", "hopes", "aims")):
                return "Planned"
        return "Occurred"

    def find_events(self) -> None:
        for si, (a, b) in enumerate(self.sents):
            k = a
            while k < b:
                m = self.lex.triggers.match_at(self.toks, k)
                if not m or self.claimed[k] not in (None, "ROLE") or (self.claimed[k] == "ROLE"):
                    k += 1
                    continue
                n, _pre, rows = m
                row = self.reading(k, rows)
                if self.toks[k].norm.startswith("call") and k + 1 < b and self.toks[k + 1].norm == "on" and \
                        any(t.norm == "to" for t in self.toks[k + 2:min(b, k + 9)]):
                    row = dict(row, type="Appeal")  # "called on Washington to press Israel"
                after = " ".join(t.norm for t in self.toks[k + n:k + n + 3])
                if row["type"] == "Meet" and re.match(r"(a |an )?(phone|telephone|video)? ?(call|message|letter)",
                                                      after):
                    k += n
                    continue  # "received a phone call from X": the call is the event
                if k + n > b:
                    k += 1
                    continue
                self.make_event(si, k, n, row)
                k += n

    def reading(self, k: int, rows: dict[str, dict]) -> dict:
        """The verb or the noun reading of a trigger word that has both
        ("visit", "meeting"): a verb after a modal, "to", a negation, an
        adverb after an agent, or directly after an agent or pronoun; else
        the noun."""
        if len(rows) == 1:
            return next(iter(rows.values()))
        p = k - 1
        while p >= 0 and self.toks[p].norm in ("also", "then", "later", "again", "first", "soon", "now",
                                              "officially", "reportedly", "formally", "next", "jointly"):
            p -= 1
        prev = self.toks[p] if p >= 0 else None
        verbal = prev is not None and (
            prev.norm in _FUTURE | _WOULD | _POSSIBLE | {"to", "not", "n't", "did", "does", "do", "he", "she",
                                                        "they", "we", "i", "who", "and", "will"}
            or self.claimed[p] in (PERSON, ORGANIZATION) or self.claimed[p] == PLACE and
            self.x.entities.get(self.mention_covering(p).key if self.mention_covering(p) else "",
                                None) is not None and p > 0 and self.toks[p - 1].norm not in
            ("in", "to", "at", "from", "of", "for"))
        if self.toks[k].norm.endswith("s") and prev is not None and prev.norm in ("the", "his", "her", "their",
                                                                                   "its", "two", "several"):
            verbal = False
        return rows["verb"] if verbal and "verb" in rows else rows.get("noun") or next(iter(rows.values()))

    def subject(self, lo: int, k: int) -> list[_Mention]:
        """Subject(s) of a trigger at k: the nearest agent(s) before it in the
        clause ("A and B met"), a pronoun or a definite role."""
        cands: list[_Mention] = []
        p = k - 1
        while p >= lo:
            t = self.toks[p]
            if t.norm in (";",) or not cands and t.norm in ("that", "said", "told", "says", "added"):
                break
            m = self.mention_covering(p)
            if m is not None and m.type in (PERSON, ORGANIZATION) and m.i not in self.inside:
                q = m.i - 1
                while q >= lo and (self.toks[q].norm == "the" or self.claimed[q] in ("DEMONYM", "ROLE")):
                    q -= 1
                if not cands and q >= lo and self.toks[q].norm in ("of", "from") and p == m.j - 1:
                    break  # "an official of the Turkish government would visit": no named subject
                cands.insert(0, m)
                # coordinated subjects: "A and B"
                q = m.i - 1
                if q >= lo and self.toks[q].norm == "and":
                    p = q - 1
                    continue
                # "A, the ROLE of X," → A
                break
            if m is not None and m.type == PERSON and m.i in self.inside:
                pass
            if self.claimed[p] == "DEMONYM" and p + 1 < k and self.toks[p + 1].norm in _MILITARY and \
                    self.demonym_at.get(p):
                ent = self.country_entity(self.demonym_at[p], None)
                cands.insert(0, _Mention(p, p + 2, PLACE, ent.key))
                break
            if self.claimed[p] == "ROLE" or self.claimed[p] == "DEMONYM":
                r = self.resolve_np(p)
                if r is not None and not any(c.key == r.key for c in cands):
                    # a role with a named holder is skipped; a bare role is its holder
                    rr = [x for x in self.roles if x["i"] <= p < x["end"]]
                    if rr and not rr[0].get("names"):
                        cands.insert(0, r)
                        break
            if t.norm in _PRONOUNS or t.norm == "it" and p + 1 < k and self.toks[p + 1].norm not in ("is", "was"):
                r = self.resolve_np(p)
                if r is not None:
                    cands.insert(0, r)
                break
            if t.norm in ("with", "to", "from", "by", "for", "of", "in", "at", "on", "into"):
                # the agent of a preposition is not the subject: skip over it
                pass
            p -= 1
        # drop prepositional objects ("with X met" never happens; "talks with X")
        out = []
        for c in cands:
            q = c.i - 1
            while q >= lo and self.claimed[q] == "ROLE":
                q -= 1
            if q >= lo and self.toks[q].norm in ("with", "to", "from", "by", "for", "of", "in", "at", "into",
                                                 "about", "against", "between") and c.type != PERSON:
                continue
            out.append(c)
        return out

    def objects(self, k: int, hi: int, etype: str) -> list[tuple[_Mention, str]]:
        """Agents and places after a trigger, each with its governing
        preposition ("" when none), up to a clause boundary."""
        out = []
        prep = ""
        p = k
        while p < hi:
            t = self.toks[p]
            if t.norm in _STOP_OBJECT and not (t.norm == "to" and etype in ("Visit",)) and p > k:
                if t.norm == "to" and p + 1 < hi and (self.mention_at(p + 1) or self.toks[p + 1].norm == "the"):
                    prep = "to"
                    p += 1
                    continue
                break
            if self.lex.triggers.match_at(self.toks, p) and p > k + 1 and \
                    "verb" in self.lex.triggers.match_at(self.toks, p)[2] and self.claimed[p] is None and \
                    self.toks[p - 1].norm in _FUTURE | _WOULD | {"to", "and", "also"}:
                break
            if t.norm in ("with", "to", "from", "by", "in", "at", "for", "on", "into", "between", "among"):
                prep = t.norm
                p += 1
                continue
            m = self.mention_at(p)
            if m is not None and (m.i not in self.inside or m.type == PERSON):
                out.append((m, prep))
                p = m.j
                if p < hi and self.toks[p].norm not in ("and", ","):
                    prep = ""  # "received in Riyadh the minister": the preposition governs one phrase
                continue
            if self.claimed[p] == "ROLE":
                r = [x for x in self.roles if x["i"] == p]
                if r and not r[0].get("names"):
                    res = self.resolve_np(p)
                    if res is not None:
                        out.append((res, prep))
                        p = r[0]["end"]
                        continue
                p = max(p + 1, (r[0]["end"] if r else p + 1))
                continue
            nxt = self.toks[p + 1] if p + 1 < self.n else None
            if t.norm == "him" or t.norm == "her" and (nxt is None or not nxt.is_word or nxt.norm in (
                    "at", "in", "on", "to", "and", "with", "upon", "during", "for")):
                key = self.recent_subject(p)
                if key:
                    out.append((_Mention(p, p + 1, PERSON, key), prep))
            p += 1
        return out

    def make_event(self, si: int, k: int, n: int, row: dict) -> None:
        a, b = self.sents[si]
        etype = row["type"]
        trig = self.span(k, k + n)
        status = self.status_of(a, k, row)
        subj = self.subject(a, k)
        q = k - 1
        while q > a and self.toks[q].norm in ("also", "then", "later"):
            q -= 1
        if row["pos"] == "verb" and self.toks[q].norm == "and":
            main = [ev for ev in self.x.events if ev.sentence and ev.sentence.begin == self.toks[a].begin]
            if main and main[-1].actors and not (subj and subj[-1].j == q):
                subj = [_Mention(q, q, PERSON, main[-1].actors[0])]
        # passive: "was received (at the airport on arrival) by X"
        by = None
        if k >= 1 and self.toks[k - 1].norm in ("was", "were", "been", "be", "is", "are") and \
                self.toks[k].norm.endswith("ed"):
            for p in range(k + n, min(b, k + n + 9)):
                if self.toks[p].norm == "by":
                    by = p
                    break
        passive = by is not None
        objs = self.objects(k + n, b, etype)
        prev_norm = self.toks[k - 1].norm if k >= 1 else ""
        # a gerund after before/after/while ("before visiting Montenegro"): the clause's subject
        if self.toks[k].norm.endswith("ing") and prev_norm in ("before", "after", "while", "since", "without",
                                                             "upon", "by"):
            main = [ev for ev in self.x.events if ev.sentence and ev.sentence.begin == self.toks[a].begin]
            if main:
                subj = [_Mention(k, k, PERSON, main[-1].actors[0])]
                status = main[-1].status if main[-1].status != "Negated" else status
            else:
                key = self.sentence_subject(a, k)
                subj = [_Mention(k, k, PERSON, key)] if key else []
        if row["pos"] == "noun":
            owner = self.noun_agent(k, n, a)
            if owner is not None:
                subj = owner
            elif etype in ("Meet", "Phone") and k + n < b and self.toks[k + n].norm == "between":
                parties = [m for m, prep in objs if m.type in (PERSON, ORGANIZATION) and m.i not in self.inside]
                if len(parties) < 2:
                    return self.refer_back(etype, trig, objs)
                subj, objs = parties[:1], [(m, "with") for m in parties[1:]]
            elif etype in ("Meet", "Phone") and k + n < b and self.toks[k + n].norm == "with" and \
                    [ev for ev in self.x.events if ev.sentence and ev.sentence.begin == self.toks[a].begin]:
                main = [ev for ev in self.x.events if ev.sentence and ev.sentence.begin == self.toks[a].begin]
                subj = [_Mention(k, k, PERSON, main[-1].actors[0])]  # "would visit Bonn for talks with X"
            elif etype == "Visit" and k + n < b and self.toks[k + n].norm == "to" and \
                    any(m.type == PLACE for m, prep in objs) and self.sentence_subject(a, k):
                subj = [_Mention(k, k, PERSON, self.sentence_subject(a, k))]  # "after visits to A and B"
            elif not subj or not self._light_verb_between(subj[-1].j, k):
                # a noun without its own agent only refers back to an event already stated
                return self.refer_back(etype, trig, objs)
            # "tour will include", "visit would be": the modal after the noun
            after = [t.norm for t in self.toks[k + n:min(b, k + n + 3)]]
            if status == "Occurred" and any(w in _FUTURE | _WOULD for w in after):
                status = "Planned"
        actors = [m.key for m in subj if m.key]
        fixed = []
        for m, prep in objs:
            if m.j - m.i == 1 and self.toks[m.i].norm in ("him", "her") and m.key in actors:
                other = [x for x in self.mentions if x.type == PERSON and x.j <= m.i and x.key not in actors]
                if not other:
                    continue
                m = _Mention(m.i, m.j, PERSON, max(other, key=lambda x: x.i).key)
            fixed.append((m, prep))
        objs = fixed
        recips: list[str] = []
        places: list[str] = []
        others: list[str] = []
        last_place_end = None
        for m, prep in objs:
            if m.type == PLACE:
                joined = last_place_end is not None and all(
                    t.norm in ("and", ",") for t in self.toks[last_place_end:m.i])
                if places and not joined:
                    continue
                if etype == "Visit" and prep in ("", "to", "in", "for", "at") and (
                        row["pos"] == "verb" or prep in ("to", "") or m.i == k + n + 1):
                    places.append(m.key)
                    last_place_end = m.j
                elif prep in ("in", "at") and etype != "Visit" or etype == "Attack" and prep in ("", "of", "on"):
                    places.append(m.key)
                    last_place_end = m.j
                elif etype == "Appeal" and prep in ("",) and self.x.entities[m.key].place_kind == "Country":
                    others.append(m.key)
                continue
            if passive and m.i > by:
                actors, recips = [m.key], actors
                passive = "done"
                continue
            if etype == "Phone" and prep == "from":
                actors, recips = [m.key], actors + recips  # "received a call from X": X called
                continue
            if etype in ("Meet", "Phone") and prep in ("", "with", "between", "on") or \
                    etype == "Phone" and prep == "to":
                others.append(m.key)
            elif etype == "Appeal" and prep in ("",):
                others.append(m.key)
        # "return to the country", "return home": the home country
        if etype == "Visit" and not places and self.toks[k].norm.startswith("return") and self.home and (
                " ".join(t.norm for t in self.toks[k + n:k + n + 3]) in ("to the country", "home")
                or self.toks[k + n:k + n + 1] and self.toks[k + n].norm == "home"):
            ent = self.country_entity(self.home, None)
            places.append(ent.key)
        passive = bool(passive)
        if etype == "Visit" and not places and not actors:
            return
        if not actors and not others:
            return
        if not actors and etype in ("Meet",) and len(others) >= 2:
            actors, others = others[:1], others[1:]
        if not actors:
            return
        if etype in ("Meet", "Phone") and not others and not recips and status != "Negated":
            return  # a meeting needs two parties
        # present tense in the body ("He leaves Rome on Monday"): scheduled
        if row["pos"] == "verb" and status == "Occurred" and self.toks[k].norm.endswith("s") and \
                si not in self.titlecase and self.toks[k].norm not in ("talks", "meets") and \
                any(self.date_at.get(p) is not None for p in range(k, b)):
            status = "Planned"
        # date in the clause: the one nearest the trigger (not the dateline's)
        date = None
        near = sorted((abs(p - k), p) for p in range(a if status != "Planned" else k, b)
                      if self.date_at.get(p) is not None
                      and self.date_at[p].date is not None and not self._in_dateline(p))
        for _d, p in near[:1]:
            dm = self.date_at[p]
            date = dm.date
            if dm.relative and dm.tense == "" and status == "Planned" and self.art.published and \
                    date < self.art.published:
                date = date + dt.timedelta(days=7)  # "will meet him Monday": the next Monday
            if dm.tense == "future" and status == "Occurred":
                status = "Planned"
        if date and self.art.published and date > self.art.published and status == "Occurred":
            status = "Planned"
        place = places[0] if places else None
        if place is None and etype != "Visit":
            same = [ev for ev in self.x.events if ev.type == "Visit" and ev.place and ev.sentence
                    and ev.sentence.begin == self.toks[a].begin and set(ev.actors) & set(actors)]
            place = same[-1].place if same else None
        if place is None and self.dateline_place and self.dateline_sent is not None and \
                self.dateline_first <= si <= self.dateline_sent:
            place = self.dateline_place
        events = []
        if etype == "Visit":
            for pl in (places or [place]):
                events.append((list(actors), [], pl))
        elif etype in ("Meet", "Phone") and passive and recips:
            events.append((recips, list(actors), place))  # "X was received by Y": Y hosts X
        elif etype in ("Meet", "Phone") and len(others) >= 1:
            host_first = row["direction"] == "host-first" and not passive
            for o in others:
                if host_first:
                    events.append(([o], list(actors), place))
                else:
                    events.append((list(actors), [o], place))
        elif etype == "Appeal":
            events.append((list(actors), others, place))
        else:
            events.append((list(actors), others + recips, place))
        for acts, recs, pl in events:
            acts = _uniq(acts)
            if etype == "Visit":
                for a0 in list(acts):
                    for extra in self.entourage.get(a0, []):
                        if extra not in acts:
                            acts.append(extra)
            ev = Event(
                type=etype, trigger=trig, status=status, actors=acts,
                recipients=[r for r in _uniq(recs) if r not in acts], place=pl, date=date,
                sentence=self.span(a, b), mentions=[trig])
            self._verbal[id(ev)] = row["pos"] == "verb"
            self.x.events.append(ev)

    def noun_agent(self, k: int, n: int, a: int) -> list[_Mention] | None:
        """The agent of an event noun: "X's visit", "his visit", "the
        foreign minister's visit", "the visit of X"; None when it has none."""
        p = k - 1
        while p > a and self.toks[p].norm not in ("'s", "’s", "his", "her", "their") and (
                self.toks[p].norm in ("first", "official", "state", "bilateral", "maiden", "planned", "recent",
                                      "upcoming", "two", "three", "four", "five", "day", "nation", "working",
                                      "proposed", "last", "latest", "next", "private", "brief", "visit")
                or self.toks[p].norm.isdigit()):
            p -= 1
        t = self.toks[p] if p >= a else None
        if t is not None and t.norm in ("'s", "’s") and p >= 1:
            m = self.mention_covering(p - 1)
            if m and m.type in (PERSON, ORGANIZATION):
                return [m]
            if self.claimed[p - 1] == "ROLE":
                r = next((x for x in self.roles if x["i"] <= p - 1 < x["end"]), None)
                res = self.resolve_np(r["start"]) if r else None
                return [res] if res else []
            return []
        if t is not None and t.norm in ("his", "her", "their"):
            key = self.recent_subject(p)
            return [_Mention(p, p + 1, PERSON, key)] if key else []
        if k + n + 1 < self.n and self.toks[k + n].norm == "of":
            q = self.skip_honorifics(k + n + 1)
            while q < self.n and self.claimed[q] == "ROLE":
                q += 1
            m = self.mention_at(q)
            if m and m.type == PERSON:
                return [m]
        return None

    def sentence_subject(self, a: int, k: int) -> str | None:
        """The first person of the sentence before token k that is not the
        object of a preposition (its subject), a pronoun resolved."""
        for p in range(a, k):
            t = self.toks[p]
            if t.norm in _PRONOUNS:
                return self.recent_subject(p)
            m = self.mention_at(p)
            if m is not None and m.type == PERSON and m.i not in self.inside:
                q = m.i - 1
                while q >= a and self.claimed[q] in ("ROLE", "DEMONYM"):
                    q -= 1
                while q >= a and self.lex.honorifics.match_at(self.toks, q):
                    q -= 1
                if q >= a and self.toks[q].norm in ("of", "by", "with", "to", "from", "for", "and", "invitation"):
                    continue
                return m.key
        return None

    def _in_dateline(self, p: int) -> bool:
        """Token p is the date of a dateline ("New Delhi, Feb 17:")."""
        if self.dateline_place is None:
            return False
        q = p
        while q > 0 and self.claimed[q - 1] == "DATE":
            q -= 1
        return q > 0 and self.toks[q - 1].text in (",", ":") and q >= 2 and \
            self.claimed[q - 2] == PLACE and self.mention_covering(q - 2).key == self.dateline_place or \
            q > 0 and self.claimed[q - 1] == PLACE and self.mention_covering(q - 1).key == self.dateline_place

    def _light_verb_between(self, i: int, k: int) -> bool:
        words = {t.norm for t in self.toks[i:k]}
        return bool(words & {"received", "receives", "receive", "got", "conducted",
                             "held", "hold", "holds", "had", "has", "have", "made", "make", "makes", "paid", "pay",
                             "pays", "began", "begin", "begins", "started", "start", "concluded", "conclude",
                             "undertook", "undertake", "on", "led", "lead", "leads"})

    def refer_back(self, etype: str, trig: Span, objs) -> None:
        for ev in reversed(self.x.events):
            if ev.type == etype:
                ev.mentions.append(trig)
                return

    # ---------------------------------------------------- event merging
    def merge_events(self) -> None:
        """In-article event coreference: same type, compatible places, the
        same status family, compatible dates, and the same participants (a
        Visit: a shared actor; a Meet: one participant set inside the
        other)."""
        merged: list[Event] = []

        def people(ev: Event) -> set[str]:
            return set(ev.actors) | set(ev.recipients)

        for ev in self.x.events:
            for m in merged:
                if m.type != ev.type:
                    continue
                if ev.type == "Visit":
                    if not (set(m.actors) & set(ev.actors)):
                        continue
                elif ev.type in ("Appeal", "Attack", "Elect"):
                    if m.actors[:1] != ev.actors[:1] or m.recipients and ev.recipients and \
                            not set(m.recipients) & set(ev.recipients):
                        continue
                else:
                    pa, pb = people(m), people(ev)
                    if not (pa <= pb or pb <= pa) or len(pa & pb) < min(2, len(pa), len(pb)):
                        continue
                if not self._places_compatible(m.place, ev.place):
                    continue
                if m.status != ev.status and "Negated" in (m.status, ev.status):
                    continue
                if m.date and ev.date and m.date != ev.date:
                    continue
                if ev.type == "Visit" and m.status != ev.status and (
                        m.place != ev.place and m.place and ev.place
                        or self._verbal.get(id(m)) and self._verbal.get(id(ev))):
                    continue
                m.mentions.extend(ev.mentions)
                m.actors = _uniq(m.actors + ev.actors)
                m.recipients = [r for r in _uniq(m.recipients + ev.recipients) if r not in m.actors]
                m.place = self._specific_place(m.place, ev.place)
                m.date = m.date or ev.date
                if m.trigger.begin < self.art.header_end <= ev.trigger.begin:
                    m.sentence, m.trigger = ev.sentence, ev.trigger
                break
            else:
                merged.append(ev)
        self.x.events = merged
        # a meeting with no place stated takes the destination of its party's visit stated before it
        for ev in self.x.events:
            if ev.type != "Meet" or ev.place is not None:
                continue
            for v in self.x.events:
                if v is ev or v.type != "Visit" or v.place is None or v.trigger.begin > ev.trigger.begin:
                    continue
                if set(v.actors) & (set(ev.actors) | set(ev.recipients)) and \
                        (v.status == "Occurred") == (ev.status == "Occurred"):
                    ev.place = v.place

    def _places_compatible(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None or a == b:
            return True
        ea, eb = self.x.entities[a], self.x.entities[b]
        if "Venue" in (ea.place_kind, eb.place_kind):
            return ea.country is None or eb.country is None or ea.country == eb.country
        return bool(ea.country and ea.country == eb.country and "Country" in (ea.place_kind, eb.place_kind))

    def _specific_place(self, a: str | None, b: str | None) -> str | None:
        if a is None or b is None:
            return a or b
        if self.x.entities[a].place_kind == "Country" and self.x.entities[b].place_kind != "Country":
            return b
        return a


#: All-capital words that name no organisation.
_MILITARY = frozenset("""forces troops army military jets warplanes aircraft drones navy police militias soldiers
artillery""".split())
_PLATFORMS = frozenset("Twitter X Facebook Instagram YouTube Telegram WhatsApp TikTok Weibo".split())
#: Capitalised words that are no part of a person's name.
_NOT_NAMES = frozenset("""Catholic Catholics Roman Muslim Muslims Christian Christians Jewish Jews Islamic Shiite Hindu Buddhist Arab Arabs Kurdish Tutsi Hutu Orthodox Protestant Coptic Western Eastern Northern Southern
Copyright Photo Video Source Read Share Updated Published""".split())
_PORTFOLIO = frozenset("""foreign affairs external interior home defence defense finance trade commerce industry
mines mineral resources energy agriculture health education culture information broadcasting transport
justice planning development communications tourism economy economic water power petroleum oil gas religious
minorities human rights railways aviation labour labor""".split())
_NOT_ORG_ACRONYMS = frozenset("""AM PM GMT UTC MOU MoU COVID CEO CFO TV OK ID AD BC US USA UK UAE EU FM
PHOTO NEWS VIDEO READ MORE HSN RTS IST PST EST CET BST""".split())
