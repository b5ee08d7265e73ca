"""Rule-based extractor for Arabic news (``kgbuild.ar.rules.v1``).

Input: an :class:`~kgbuild.model.Article` with ``lang == "ar"``.
Output: an :class:`~kgbuild.model.Extraction`.

The rules work on tokens (:func:`kgbuild.text.tokenize`) and read every word
list from the Arabic language pack (``kgbuild/lang/ar/lexicon/*.tsv``):

1. lexicon matches: dates, role titles, honorifics, organisation heads,
   known organisations, places (countries, GeoNames cities), nationality
   adjectives (nisba), event triggers;
2. organisations: a known name, or a head noun (وزارة, الحكومة, الائتلاف …)
   with its definite modifiers ("وزارة الخارجية الفرنسية") or a proper name
   ("وكالة قاسيون للأنباء");
3. persons: the name after a role phrase and honorifics ("رئيس الائتلاف
   الوطني السوري، هادي البحرة"), lists after a plural role ("نواب الرئيس: A،
   وB"), names before a role, names opened by a known given name, and later
   short forms of a known name;
4. memberships: one per (person, role phrase); the organisation is the
   phrase's complement, the country of a government post (nisba or country
   name), or the organisation in context;
5. a delegation (الوفد) with its listed members and the organisation it
   represents;
6. events: a trigger and its arguments in the clause: the subject (after a
   verb, VSO order, or before it in a headline), parties after مع, the
   addressee after من/إلى for appeals, the place after إلى/في/على, the date
   in the clause; status from the future prefix س / سوف / "من المقرر"
   (Planned), لم / لن (Negated), "قد ي" / "من المحتمل" (Possible), else
   Occurred; a date after the publication date makes it Planned.

The rules follow the event classes of CAMEO 2.0 and the argument
conventions of ../shared/corpus/GOLD-FORMAT.md.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from kgbuild.dates import DateMention, find_dates
from kgbuild.lang import read_lexicon
from kgbuild.model import (
    ORGANIZATION, PERSON, PLACE, Article, Delegation, Entity, Event, Extraction,
    Membership, Span,
)
from kgbuild.text import PhraseMatcher, Token, memoised, name_key, normalize, remember, sentences, tokenize

LANG = "ar"
_CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_CLITICS_LL = _CLITICS + ("لل",)
_DEF = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال")
_CLITICS_DEF = _CLITICS + _DEF
_FUTURE_WORDS = {"سوف", "سيتم"}
_PLANNED_PHRASES = (("من", "المقرر"), ("من", "المنتظر"), ("من", "المزمع"))
_POSSIBLE_PHRASES = (("من", "المتوقع"), ("من", "المحتمل"), ("قد",))
_ATTEND = {normalize(w) for w in ("حضر", "وحضر", "حضرها", "حضره", "بحضور", "شارك", "وشارك", "حضرت")}
_RELATIVES = {"الذي", "التي", "الذين", "اللذين", "اللتين"}
_NEGATIONS = {"لم", "لن", "ولم", "ولن", "فلم", "فلن"}
_DIRECTIONS = {"شمال", "جنوب", "شرق", "غرب", "وسط", "ريف", "شمال غرب", "شمال شرق",
               "جنوب غرب", "جنوب شرق", "شمالي", "جنوبي", "شرقي", "غربي"}
_DIRECTION_KEYS = {normalize(d) for d in ("شمال", "جنوب", "شرق", "غرب", "وسط")}
_DELEGATION = {"وفد", "الوفد", "وفدا", "وفداً"}
_MEMBER_INTRO = {"يتالف", "يضم", "مؤلف", "مكون", "يتكون", "ضم", "برئاسه", "يراسه", "ويضم", "وضم", "تضم", "وتضم",
                 "يتراسه", "يتراس", "يقوده", "ترأسه", "تراسه"}
_COMPOUND_HEADS = {"عبد", "ابو", "بو", "بن", "ابن", "ال", "بنت", "ام", "ذو", "ولد"}
_AGENT_TYPES = (PERSON, ORGANIZATION)
# prepositions as normalised by kgbuild.text.normalize (إلى → الي, على → علي)
P_WITH, P_TO, P_FROM, P_IN, P_ON, P_ABOUT, P_BETWEEN = (normalize(w) for w in (
    "مع", "إلى", "من", "في", "على", "عن", "بين"))
_PREPS = {P_WITH, P_TO, P_FROM, P_IN, P_ON, P_ABOUT, P_BETWEEN, "ب", "ل"}
# words written with alif maqsura that normalise onto names (على → علي "Ali"): compared on the raw text
_RAW_FUNCTION = {"على", "إلى", "الى", "حتى", "متى", "لدى", "سوى", "مدى", "أعلى", "لدي"}
# God as the addressee of دعا (a prayer, not an appeal): "دعا الله", "ودعا سموه المولى عز وجل"
_GOD = {normalize(w) for w in ("الله", "لله", "المولى", "للمولى", "ربه", "الباري")}
_DEMONSTRATIVES = {normalize(w) for w in ("هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين")}


def _strip_clitic(norm: str, allowed: tuple[str, ...] = _CLITICS) -> list[tuple[str, str]]:
    """All (prefix, stem) readings of a normalised word, the bare word first,
    longest prefix next; a stem keeps at least two letters. Input: a word
    normalised by :func:`kgbuild.text.normalize` and the proclitic strings
    allowed. Memoised per ``allowed`` in a bounded table (the extractor asks
    the same questions of the same words in every article)."""
    table = _READINGS.get(allowed)
    if table is None:
        table = _READINGS[allowed] = {}
        _ALLOWED_SORTED[allowed] = sorted(allowed, key=len, reverse=True)
    out = table.get(norm)
    if out is None:
        out = [("", norm)]
        for pre in _ALLOWED_SORTED[allowed]:
            if norm.startswith(pre) and len(norm) - len(pre) >= 2:
                out.append((pre, norm[len(pre):]))
        remember(table, norm, out)
    return out


_READINGS: dict[tuple[str, ...], dict[str, list[tuple[str, str]]]] = {}

_ALLOWED_SORTED: dict[tuple[str, ...], list[str]] = {}


@dataclass
class _Mention:
    """A typed mention found by the rules (token indices are half-open)."""

    i: int
    j: int
    type: str
    key: str
    prefix_len: int = 0  # characters of clitics at the start of the first token


@dataclass
class _Lex:
    roles: PhraseMatcher
    honorifics: PhraseMatcher
    heads: dict[str, dict]
    triggers: PhraseMatcher
    known_orgs: PhraseMatcher
    stop: frozenset[str]
    given: frozenset[str]
    given_compound: frozenset[str]
    person_gazetteer: PhraseMatcher
    place_heads: PhraseMatcher
    topics: frozenset[str]
    place_stop: frozenset[str]
    country_names: dict[str, str]
    function: frozenset[str]
    role_first_words: frozenset[str] = field(default_factory=frozenset)
    namesake_heads: PhraseMatcher | None = None
    namesake_words: frozenset[str] = field(default_factory=frozenset)


def _rows(name: str) -> tuple[dict[str, str], ...]:
    try:
        return read_lexicon(LANG, name)
    except FileNotFoundError:
        return ()


@functools.lru_cache(maxsize=1)
def _lexicons() -> _Lex:
    roles = PhraseMatcher(prefixes=_CLITICS + _DEF)
    first_words = set()
    for r in _rows("roles"):
        roles.add(r["surface"], r)
        w = r["surface"].split()
        if not w[0].startswith("ال"):
            roles.add(" ".join(["ال" + w[0], *w[1:]]), r)
        first_words.add(normalize(w[0]).removeprefix("ال"))
    hon = PhraseMatcher(prefixes=("و", "ف", "ب", "ل"))
    for r in _rows("honorifics"):
        hon.add(r["surface"], r)
    heads = {}
    for r in _rows("org_heads"):
        heads[normalize(r["surface"]).removeprefix("ال")] = r
    trig = PhraseMatcher(prefixes=("و", "ف", "س", "وس", "فس", "ال", "وال", "بال", "لل", "ول", "ل", "ب", "وب"))
    for r in _rows("triggers"):
        trig.add(r["surface"], r)
    known = PhraseMatcher(prefixes=("و", "ف", "ب", "ل", "ك", "وب", "ول", "لل", "ولل"))
    for r in _rows("organizations"):
        for name in [r.get("name", ""), *r.get("aliases", "").split("|")]:
            if name.strip():
                known.add(name.strip(), r)
    function = {normalize(r["word"]) for r in _rows("function_words")}
    for r in _rows("news_agencies"):
        row = {"name": r["name"], "name_en": r["name_en"], "wikidata": "", "agency": True,
               "agency_country": _home_country(r) or "",
               "cited_only": r.get("alone", "no") != "yes"}
        for name in [r["name"], *r["aliases"].split("|")]:
            if name.strip() and name.strip() not in known:
                known.add(name.strip(), row)
    stop = set(function)
    stop |= {normalize(r["word"]) for r in _rows("name_stopwords")}
    given, compound = set(), set()
    for r in _rows("given_names"):
        n = normalize(r["name"])
        (compound if " " in n else given).add(n)
    given |= {normalize(r["name"]) for r in _rows("given_names_news")}  # mined from raw news by the rules
    stop -= given
    stop -= {"عبد", "ابو", "بن", "ابن", "الله", "الدين", "محمد", "امير", "ملك"}
    pg = PhraseMatcher(prefixes=_CLITICS)
    for r in _rows("name_gazetteer"):
        if r.get("type") == "PER" and len(r["name"].split()) >= 2:
            pg.add(r["name"], r)
    place_stop = frozenset(normalize(r["word"]) for r in _rows("place_stopwords"))
    topics = frozenset(normalize(r["word"]) for r in _rows("topic_words"))
    countries = {r["iso2"]: r["name"] for r in _rows("countries")}
    place_heads = PhraseMatcher(prefixes=("و", "ف", "ب", "ل", "ال", "وال", "بال", "فال", "لل", "ولل"))
    for r in _rows("place_heads"):
        place_heads.add(r["surface"], r)
    namesake = PhraseMatcher(prefixes=("و", "ف", "ب", "ل", "ال", "وال", "بال", "فال", "لل", "ولل"))
    namesake_rows = _rows("namesake_heads")
    for r in namesake_rows:
        namesake.add(r["surface"], r)
    return _Lex(roles, hon, heads, trig, known, frozenset(stop), frozenset(given),
                frozenset(compound), pg, place_heads, topics, place_stop, countries, frozenset(function - given),
                frozenset(first_words), namesake, frozenset(normalize(r["surface"]) for r in namesake_rows))


def _home_country(agency: dict[str, str]) -> str | None:
    """The default country of the posts a news_agencies.tsv row's agency
    names: its home country, or None for an international wire service
    (``reach``: Reuters, AFP … report the whole world)."""
    return agency["country"] if agency.get("reach", "national") == "national" else None


#: titles of the persons facilities are named after ("مطار الملك خالد", "مسجد الإمام الصادق"), without ال
_NAMESAKE_TITLES = frozenset(normalize(w) for w in (
    "ملك", "أمير", "أميرة", "شيخ", "شيخة", "إمام", "سلطان", "خليفة", "سيدة"))


class ArabicRules:
    """The Arabic rule extractor (see module docstring). Stateless between
    articles; construct once and call :meth:`extract` per article."""

    name = "kgbuild.ar.rules.v1"
    lang = LANG

    def __init__(self) -> None:
        self.lex = _lexicons()
        from kgbuild.gazetteer import get_gazetteer

        self.gaz = get_gazetteer()
        _ = self.gaz.first_words  # build the city index now: every article needs it
        self.place_start: dict[str, bool] = {}  # normalised word → may open a place name
        self.place_relevant: dict[str, bool] = {}  # normalised word → find_places may fire on it
        self.trigger_word: dict[str, bool] = {}  # normalised word → may open an event trigger
        self.opens_name: dict[str, bool] = {}  # normalised word → may open a gazetteer or given-name person name
        self.context_country: dict[str, tuple[str, ...]] = {}  # normalised word → countries it names
        self.nisba_cache: dict[str, str | None] = {}  # normalised word → ISO code of its nationality
        self.head_cache: dict[str, object] = {}  # normalised word → organisation head reading
        self.suffixed_nouns: dict[str, object] = {}  # normalised word → possessive noun trigger

    # ------------------------------------------------------------------ API
    def extract(self, article: Article) -> Extraction:
        """Extract entities, memberships, delegations and events from one
        Arabic article. Deterministic; raises nothing for odd text."""
        return _Run(self, article).run()


class _Run:
    """State of one extraction run over one article."""

    def __init__(self, ex: ArabicRules, article: Article) -> None:
        self.ex = ex
        self.lex = ex.lex
        self.gaz = ex.gaz
        self.art = article
        self.text = article.text
        self.toks: list[Token] = tokenize(self.text)
        self.n = len(self.toks)
        self.sents = sentences(self.text)
        self.sent_of = [0] * self.n
        si = 0
        for k, t in enumerate(self.toks):
            while si + 1 < len(self.sents) and t.begin >= self.sents[si].end:
                si += 1
            self.sent_of[k] = si
        self.claimed: list[str | None] = [None] * self.n
        self.mentions: list[_Mention] = []
        self.x = Extraction(article=article, extractor=ex.name)
        self.dates: list[DateMention] = []
        self.date_at: dict[int, DateMention] = {}
        self.roles: list[dict] = []  # role phrases
        self.nisba_at: dict[int, str] = {}
        self.role_start_of: dict[int, int] = {}
        self.phrase_inside: set[int] = set()
        self.info: dict[str, dict[str, str]] = {}
        self.merged_into: dict[str, str] = {}  # merged entity key → the key it lives on
        self.title_country: dict[int, str] = {}
        self.trigger_suffix: dict[int, str] = {}  # trigger token → possessive pronoun suffix
        self.gov_posts: list[tuple[str, str | None]] = []  # (role key, country) of named government posts  # title end (before extension) → country named inside  # per entity key: head noun, agency country  # tokens of mentions that are part of a larger phrase  # first token of a holder's name → role phrase start

    # -------------------------------------------------------------- helpers
    def span(self, i: int, j: int, skip: int = 0) -> Span:
        b = self.toks[i].begin + skip
        e = self.toks[j - 1].end
        return Span(b, e, self.text[b:e])

    def entity(self, etype: str, label: str, span: Span, **attrs) -> Entity:
        key = f"{etype}:{name_key(label)}"
        ent = self.x.entities.get(key)
        if ent is None:
            ent = Entity(key=key, type=etype, label=label, lang=LANG, **attrs)
            self.x.entities[key] = ent
        elif len(label) > len(ent.label) and etype != PLACE:
            ent.alt_labels.add(ent.label)
            ent.label = label
        if label != ent.label:
            ent.alt_labels.add(label)
        for k, v in attrs.items():
            if v is not None and getattr(ent, k, None) in (None, ""):
                setattr(ent, k, v)
        if span not in ent.mentions:
            ent.mentions.append(span)
        return ent

    def add_mention(self, i: int, j: int, etype: str, label: str, skip: int = 0, **attrs) -> Entity:
        ent = self.entity(etype, label, self.span(i, j, skip), **attrs)
        for k in range(i, j):
            self.claimed[k] = etype
        self.mentions.append(_Mention(i, j, etype, ent.key, skip))
        return ent

    def free(self, i: int, j: int) -> bool:
        return all(self.claimed[k] is None for k in range(i, j))

    def is_stop(self, norm: str) -> bool:
        if norm in self.lex.stop:
            return True
        for pre in ("و", "ف"):
            if norm.startswith(pre) and norm[1:] in self.lex.stop and len(norm) > 3:
                return True
        return False

    def nisba(self, tok: Token) -> str | None:
        """Country code of a nationality adjective token (any clitics)."""
        if not tok.is_word:
            return None
        return self._per_word(self.ex.nisba_cache, tok, lambda t: self.gaz.country_of_nisba(t.text, LANG))

    # ------------------------------------------------------------ pipeline
    def run(self) -> Extraction:
        self.find_dates()
        self.find_known_orgs()
        self.find_namesakes()
        self.find_roles()
        self.find_orgs()
        self.find_places()
        self.find_persons()
        self.merge_person_prefixes()
        self.find_short_names()
        self.find_memberships()
        self.resolve_role_mentions()
        self.find_delegation()
        self.find_pronoun_honorifics()
        self.find_events()
        self.merge_events()
        self.attach_delegation()
        self.places_from_visits()
        return self.x

    def find_dates(self) -> None:
        self.dates = find_dates(self.text, self.art.published, LANG, tokens=self.toks)
        self.x.work["tokens"], self.x.work["dates"] = self.toks, self.dates  # reused by kgbuild.extract.doc
        di = 0
        for k, t in enumerate(self.toks):
            while di < len(self.dates) and self.dates[di].span.end <= t.begin:
                di += 1
            if di < len(self.dates) and self.dates[di].span.begin <= t.begin < self.dates[di].span.end:
                self.claimed[k] = "DATE"
                self.date_at[k] = self.dates[di]

    def find_known_orgs(self) -> None:
        for i, n, pre, row in self.lex.known_orgs.find_all(self.toks):
            if not self.free(i, i + n):
                continue
            if n == 1 and row.get("cited_only") and not self._cited_alone(i):
                continue  # "سبق أعلن" (had announced), "سوق عكاظ", "مر بنا": a common word, not the paper
            label = self.text[self.toks[i].begin + len(pre):self.toks[i + n - 1].end]
            if pre in ("لل", "ولل"):
                label = "ال" + label
            ent = self.add_mention(i, i + n, ORGANIZATION, _label_of(row) or label, skip=len(pre),
                                   wikidata=row.get("wikidata") or None)
            if row.get("name_en"):
                ent.labels.setdefault("en", row["name_en"])
            if row.get("name_fr"):
                ent.labels.setdefault("fr", row["name_fr"])
            if row.get("agency"):
                ent.kind = "agency"
            if row.get("agency_country"):
                self.info.setdefault(ent.key, {})["agency_country"] = row["agency_country"]
            if label != ent.label:
                ent.alt_labels.add(label)

    _SOURCE_HEADS = frozenset(normalize(w) for w in ("وكالة", "صحيفة", "جريدة", "موقع", "قناة", "لـ"))

    def _cited_alone(self, i: int) -> bool:
        """Whether a one-word agency or newspaper name at token i stands as
        a cited source: next to brackets, quotes or a dash (a byline "سبق -
        الرياض", "(واس)", «عكاظ»), at a line break (a dateline "… م واس"),
        or after "وكالة", "صحيفة", "لـ"."""
        before = self.toks[i - 1] if i > 0 else None
        after = self.toks[i + 1] if i + 1 < self.n else None
        tok = self.toks[i]
        if before is not None and "\n" in self.text[before.end:tok.begin] \
                or after is not None and "\n" in self.text[tok.end:after.begin]:
            return True  # a dateline or byline ends or starts a line: "… 2015 م واس\n"
        return before is None or before.text in ("(", "«", '"', "“", "-", "–", ":", "/") \
            or after is None or after.text in (")", "»", '"', "”", "-", "–", ":", "/") \
            or before.norm in self._SOURCE_HEADS or before.text.endswith("ـ")

    _EXTENDABLE = {"minister", "foreign minister", "defence minister", "interior minister", "official",
                   "adviser", "director", "ambassador", "representative", "envoy", "spokesperson", "commander",
                   "coordinator", "secretary general", "negotiator"}
    _CONSTRUCT = {normalize(w) for w in ("شؤون", "لشؤون", "وشؤون", "غير")}

    def find_namesakes(self) -> None:
        """A facility or institution named after a person with an honorific
        (namesake_heads.tsv + honorific + name: "مطار الأمير محمد بن
        عبدالعزيز الدولي", "مستشفى الملك فهد المركزي") is one place or
        organisation; the person inside it is not a mention of that person."""
        heads = self.lex.namesake_heads
        if heads is None:
            return
        # a title ("الملك", "الإمام") opens an honorific or a role: look only before those
        titles = sorted({i for i in (*self._honorifics_at, *self._roles_at)
                         if self.toks[i].norm.removeprefix("ال") in _NAMESAKE_TITLES})
        for h in titles:
            k = h - 1
            m = heads.match_at(self.toks, k) if k >= 0 else None
            if m is None or m[0] != 1 or self.claimed[k] is not None \
                    or m[1].lstrip("وف") not in ("", "ال", "ب", "ل", "بال", "لل"):
                continue
            n, pre, row = m
            res = self.scan_name(h)
            if res is None or not self.free(k, res[1]):
                continue
            i0, j = res[0], res[1]
            first = self.toks[i0].norm
            if not (first in self.lex.given or first.startswith("عبد") or first in _COMPOUND_HEADS):
                continue  # "قصر الأمير المذكور": no name follows
            for t in range(i0 + 1, j):
                nrm = self.toks[t].norm
                if nrm.startswith(("ب", "ل", "و", "ف")) and nrm not in ("بن", "بنت") and nrm not in self.lex.given \
                        or self.place_head_at(t) is not None:
                    j = t  # "مستشفى الملك فهد بجدة", "مدينة الشيخ زويد شمال سيناء": the place follows
                    break
            label, skip = self._head_phrase(k, j, pre)
            etype = PLACE if row["type"] == "Place" else ORGANIZATION
            ent = self.add_mention(k, j, etype, label, skip=skip)
            if etype == PLACE:
                ent.place_kind = ent.place_kind or row["kind"]
            else:
                ent.kind = ent.kind or row["kind"]

    def _head_phrase(self, k: int, j: int, pre: str) -> tuple[str, int]:
        """Label and skipped characters of a phrase [k, j) opened by a head
        noun read with prefix ``pre``: clitics cut, the article kept, and
        "لل" read as "ال" ("للمفوضية" → "المفوضية")."""
        skip = len(pre) - 1 if pre.endswith("لل") else len(pre) - (2 if pre.endswith("ال") else 0)
        label = ("ا" if pre.endswith("لل") else "") + self.text[self.toks[k].begin + skip:self.toks[j - 1].end]
        return label, skip

    def find_roles(self) -> None:
        """Role titles ("وزير الخارجية", "نائب رئيس"), extended over the
        definite nouns that complete a ministry's name ("وزير البيئة والمياه
        والزراعة", "وزير الدولة لشؤون رئاسة الوزراء") up to a name, an
        honorific, a nationality adjective, a country or an organisation."""
        i = 0
        while i < self.n:
            m = self.at_roles(i)
            if not (m and self.free(i, i + m[0])):
                i += 1
                continue
            n, pre, row = m
            if pre.replace("و", "").replace("ف", "") not in ("", "ال"):
                i += 1
                continue
            if i > 0 and self.head_at(i - 1) is not None and self.claimed[i - 1] is None \
                    and not self.toks[i - 1].norm.startswith(("و",)) and self.sent_of[i - 1] == self.sent_of[i]:
                i += 1  # "مجلس الوزراء", "رئاسة الوزراء": part of an organisation's name
                continue
            j = i + n
            if row["key"] == "emir" and not (j < self.n and (self._country_at(j) or self.head_at(j)
                                                              or self.toks[j].norm in ("منطقه", "دوله"))):
                i += 1  # "الأمير محمد": an honorific, not the post of emir
                continue
            if n == 1 and "ال" not in pre and j < self.n:
                nm = self.at_roles(j)
                if nm and self.free(j, j + nm[0]) and (nm[1].lstrip("وف") in ("ال",) or nm[1] == "" and nm[2][
                        "key"] in ("king", "president", "crown prince", "emir")):
                    j += nm[0]  # "مستشار الرئيس", "سفير خادم الحرمين الشريفين": a genitive title
            r = {"i": i, "j": j, "row": row, "pre": pre}
            if i > 0:
                hm = self.at_honorifics(i - 1)
                if hm and hm[1].lstrip("وف")[:1] in ("ل", "ب"):
                    r["oblique"] = True  # "الوفد المرافق لسمو ولي ولي العهد": not a title of the next name
            if row["key"] in self._EXTENDABLE:
                j = self._extend_title(j)
                r["j"] = j
                r["title_country"] = self.title_country.get(i + n)
            self.roles.append(r)
            for k in range(i, j):
                self.claimed[k] = "ROLE"
            i = j

    def _extend_title(self, j: int) -> int:
        start = j
        while j < self.n and j - start < 6:
            t = self.toks[j]
            if not t.is_word or self.claimed[j] is not None or self.sent_of[j] != self.sent_of[start - 1]:
                break
            nrm = t.norm
            if nrm in self.lex.function and nrm != "في":
                break
            if self.at_honorifics(j) or self.at_roles(j):
                break
            if self.nisba(t) and nrm.startswith("وال") and j + 1 < self.n and self.toks[j + 1].is_word \
                    and self.toks[j + 1].norm in ("في", "المقيمين", "بالخارج"):
                self.title_country[start] = self.nisba(t)  # the title names its country
                j += 1  # "والمغاربة في الخارج": a coordinated part of the ministry's name
                continue
            if self.nisba(t) or self.head_at(j) is not None or self._country_at(j):
                break
            if any(s in self.lex.given for _p, s in _strip_clitic(nrm, ("و",))):
                break
            if nrm == "في" and j + 1 < self.n and self.toks[j + 1].norm in ("الخارج",):
                j += 2
                continue
            if nrm.startswith(("ال", "وال", "لل", "ولل", "بال")) or nrm in self._CONSTRUCT:
                j += 1
                continue
            break
        # a trailing conjunction-less ال word that is a family name is rare; keep the phrase
        return j

    def _country_at(self, k: int) -> bool:
        t = self.toks[k]
        if not t.is_word or len(t.norm) < 3:
            return False
        for _p, stem in _strip_clitic(t.norm, ("و", "ل", "ب")):
            if len(stem) >= 3 and (self.gaz.country(stem) is not None or stem == "المملكه"):
                return True
        return False

    @functools.cached_property
    def publisher_country(self) -> str | None:
        """ISO code of the home country of the article's publisher, from its
        ``source`` (kgbuild.extract.features.publisher_country: a
        news_agencies.tsv ``source_ids`` id or the publisher's name), or
        None (also for an international wire service: ``reach``)."""
        from kgbuild.extract.features import publisher_country

        return publisher_country(self.art.source, LANG)

    @functools.cached_property
    def home_country(self) -> str | None:
        """ISO code of the article's home country: the country of the news
        agency or newspaper that publishes it (news_agencies.tsv), else the
        kingdom an unqualified "المملكة" refers to, else the country the
        article mentions most among those no post is explicitly marked with
        (the officials marked "الروسي" are the visitors; the unmarked ones
        are the hosts). The default country of a government post named
        without a nationality adjective ("وزير الخارجية")."""
        if self.publisher_country:
            return self.publisher_country
        for ent in self.x.entities.values():
            c = self.info.get(ent.key, {}).get("agency_country")
            if c and ent.mentions:
                return c
        if self.kingdom_used:
            return self.kingdom
        counts: dict[str, int] = {}
        for ent in self.x.entities.values():
            if ent.type == PLACE and ent.country:
                counts[ent.country] = counts.get(ent.country, 0) + len(ent.mentions)
        # officials named with their nationality ("وزير الخارجية الروسي") are the others:
        # an unmarked post belongs to a country not marked that way, if the article names one
        marked = {r.get("country") for r in self.roles if r.get("country")}
        unmarked = {c: n for c, n in counts.items() if c not in marked}
        if unmarked:
            return max(sorted(unmarked), key=unmarked.get)
        if counts and not marked - {None}:
            return max(sorted(counts), key=counts.get)
        return None  # every country named is marked on someone else's post: this one's is unknown

    @functools.cached_property
    def kingdom(self) -> str:
        """The kingdom an unqualified "المملكة" refers to: a kingdom named in
        the article, else one implied by a nationality adjective, else Saudi
        Arabia (the usual referent in Arabic news)."""
        kingdoms = [r["iso2"] for r in _rows("countries")
                    if any(normalize(a).startswith("المملكه") for a in [r["name"], *r["aliases"].split("|")])]
        for ent in self.x.entities.values():
            if ent.type == PLACE and ent.country in kingdoms and ent.mentions:
                return ent.country
        for c in self.nisba_at.values():
            if c in kingdoms:
                return c
        return "SA"

    kingdom_used = False

    @functools.cached_property
    def monarchies(self) -> frozenset[str]:
        """ISO codes of monarchies: countries whose Arabic name is "المملكة …"
        (countries.tsv), and the emirates and sultanates of the Gulf and
        Brunei."""
        out = {r["iso2"] for r in _rows("countries")
               if any(normalize(a).startswith(("المملكه", "مملكه")) for a in [r["name"], *r["aliases"].split("|")])}
        return frozenset(out | {"QA", "KW", "AE", "OM", "BN"})

    def role_complement(self, r: dict) -> int:
        """Tokens after a role title that belong to the role phrase: an
        organisation, a country or nationality adjective ("وزير خارجية
        المملكة", "السفير الروسي"), "في X" / "لدى X" (the place of a post)."""
        j = r["j"]
        r["org"] = None
        r["country"] = None
        for _ in range(2):
            if j >= self.n:
                break
            m = self.mention_at(j)
            if m and m.type == ORGANIZATION and r["org"] is None and r["country"] is None:
                r["org"] = m.key
                j = m.j
                if self.nisba_at.get(j - 1):
                    r["country"] = self.nisba_at[j - 1]
                continue
            title_last = self.toks[j - 1].norm
            definite = title_last.startswith(("ال", "وال", "لل")) or j - 1 < r["j"] - 1
            if m and m.type == PLACE and self.x.entities[m.key].place_kind == "Country" and r["country"] is None \
                    and (not definite or m.prefix_len):
                # a country is the genitive of an indefinite title ("وزير خارجية المملكة", "سفير
                # البوسنة والهرسك") or follows ب/ل; after "وزير الدفاع" it starts a new phrase
                r["country"] = self.x.entities[m.key].country
                j = m.j
                continue
            if m and m.type == PLACE and r["row"]["key"] in ("emir", "governor", "mayor") and r["org"] is None:
                r["org"] = m.key  # "أمير منطقة الرياض": the post is held in the region
                if r["row"]["key"] == "emir":
                    r["row"] = dict(r["row"], key="governor", en="governor")
                j = m.j
                continue
            if self.nisba_at.get(j) and r["country"] is None:
                r["country"] = self.nisba_at[j]
                j += 1
                continue
            break
        # "ممثل الائتلاف في فرنسا", "السفير الفرنسي لدى المملكة", "المستشار في الديوان الملكي",
        # "المندوب الدائم لروسيا لدى منظمة التعاون الإسلامي"
        if j + 1 < self.n and self.toks[j].norm in ("في", "لدي"):
            m = self.mention_at(j + 1)
            if m and m.type == PLACE:
                r["in_place"] = m.key
                j = m.j
            elif m and m.type == ORGANIZATION:
                if r["org"] is None and r["row"]["scope"] == "org":
                    r["org"] = m.key
                j = m.j
        # "مدير مركز التنمية في المحافظة عبدالله …", "مدير التعليم بالمنطقة …": the post's own
        # governorate or region, named by a bare head, stands between the title and the name
        if j + 1 < self.n and self.toks[j].norm == "في" and self._bare_place_head(j + 1, ("ال",)):
            j += 2
        elif j < self.n and self._bare_place_head(j, ("بال",)):
            j += 1
        if r["org"] and r["row"]["key"] == "president":
            head = self.info.get(r["org"], {}).get("head")
            title = next((h["head_title"] for h in self.lex.heads.values() if h["surface"] == head), "")
            if title:
                r["row"] = dict(r["row"], key=title, en=title)  # "رئيس الاستخبارات العامة": its director
        return j

    def _bare_place_head(self, k: int, prefixes: tuple[str, ...]) -> bool:
        """Whether token k is a place head alone with one of ``prefixes``
        ("المحافظة", "بالمنطقة"): the article's region or governorate."""
        h = self.place_head_at(k)
        return h is not None and h[0] == 1 and h[1] in prefixes and self.claimed[k] is None \
            and self.mention_at(k) is None

    def find_role_holders(self) -> None:
        """Holders of role phrases. Chained posts ("ولي ولي العهد النائب
        الثاني لرئيس مجلس الوزراء وزير الدفاع") share one holder: the name
        directly after the chain ("وزير الخارجية عادل الجبير"), else the
        name directly before it ("الأمير محمد بن نايف ولي العهد"), else a
        name after a comma ("رئيس الائتلاف، هادي البحرة"); a name after
        "، و" starts the next item of a list and belongs to the next post.
        A plural role takes a list ("نواب الرئيس: A، وB")."""
        chain: list[dict] = []
        for idx, r in enumerate(self.roles):
            r["end"] = self.role_complement(r)
            r["names"] = []
            if r.get("oblique"):
                # "بفخامة الرئيس المصري عبدالفتاح السيسي": only a name right after it
                spans, how = self._name_spans_after(r)
                if how == "direct":
                    r["names"] = self._add_holders(spans, r)
                continue
            chain.append(r)
            k = r["end"]
            while k < self.n and self.toks[k].text in ("،", ",", "و"):
                k += 1
            nxt = self.roles[idx + 1] if idx + 1 < len(self.roles) else None
            if nxt is not None and nxt["i"] == k and nxt["i"] - r["end"] <= 1 \
                    and not nxt["pre"].startswith("و"):
                continue  # the chain goes on
            spans, how = self._name_spans_after(r)
            before = None
            if not chain[0]["pre"].startswith("و") and not self._coordinated_honorific(chain[0]["i"]) \
                    and r["row"]["number"] != "pl":
                before = self._name_before(chain[0]["i"])
            if how != "direct" and before is not None:
                spans = [before]
            elif how == "coordinated":
                spans = []
            keys = self._add_holders(spans, chain[0])
            chain_country = next((c.get("country") for c in chain if c.get("country")), None)
            for c in chain:
                c["names"] = list(keys)
                if chain_country and not c.get("country") and c["row"]["scope"] == "gov" and not c.get("org"):
                    c["country"] = chain_country  # "ولي العهد السعودي وزير الدفاع": one country
                if c is not r:
                    c["chained"] = True
            chain = []

    def _coordinated_honorific(self, i: int) -> bool:
        """Is the title at token i introduced by "ومعالي" / "وصاحب السمو":
        a new item of a list, not an apposition to the name before?"""
        for back in range(1, 5):
            k = i - back
            if k < 0:
                return False
            h = self.at_honorifics(k)
            if h and k + h[0] == i:
                return h[1].startswith("و")
        return False

    def _name_before(self, i: int) -> tuple[int, int, int] | None:
        """A person name ending right before token i (or before a comma
        there), opened by a given name or an honorific: (i0, j0, skip)."""
        j = i
        if j > 0 and self.toks[j - 1].text in ("،", ","):
            j -= 1
        k = j
        while k > 0 and j - k < 7 and self.name_token_ok(k - 1, False):
            k -= 1
        for st in range(k, j):
            nrm = self.toks[st].norm
            opened = nrm in self.lex.given or nrm[1:] in self.lex.given and nrm[:1] in ("و",) or (
                st > 0 and self.lex.honorifics.get(self.toks[st - 1].text) is not None) or (
                nrm in ("عبد", "ابو") and st + 1 < j)
            if not opened:
                continue
            res = self.scan_name(st, 2)
            if res and res[1] == j:
                return res
        # "والسفراء هم، ماتو زيكو، سفير البوسنة والهرسك": an unknown name set off by commas
        if j < i and 2 <= j - k <= 4 and k > 0 and self.toks[k - 1].text in ("،", ","):
            res = self.scan_name(k, 2)
            if res and res[1] == j:
                return res
        return None

    def _name_spans_after(self, r: dict) -> tuple[list[tuple[int, int, int]], str]:
        """Name spans after a role phrase and how they attach: "direct"
        (adjacent, or after honorifics), "comma" (apposition), or
        "coordinated" (after "، و": the next item of a list)."""
        k = r["end"]
        how = "direct"
        if k < self.n and self.toks[k].text in ("،", ",", ":"):
            k += 1
            how = "comma"
            if k < self.n and self.toks[k].norm.startswith("و") and self.toks[k].norm[1:2] and \
                    self.toks[k].norm not in self.lex.given and r["row"]["number"] != "pl":
                how = "coordinated"
        if k >= self.n or self.sent_of[k] != self.sent_of[max(r["end"] - 1, 0)]:
            return [], "none"
        h0 = self.at_honorifics(k)
        if h0 and h0[1].startswith("و") and r["row"]["number"] != "pl":
            how = "coordinated"  # "… وزير الداخلية وصاحب السمو الملكي الأمير X": the next item of a list
        k2 = self.skip_honorifics(k)
        had_honorific = k2 > k
        k = k2
        res = self.scan_name(k, 1)
        if res is None and had_honorific and k + 1 < self.n and self.claimed[k] is None \
                and self.toks[k].is_word and self.toks[k].norm not in self.lex.function \
                and not self.toks[k].norm.startswith("ال") and self.name_token_ok(k + 1, False):
            # title + honorific + a name whose first word is also a common word ("د. كامل إدريس")
            nxt = self.scan_name(k + 1, 1)
            if nxt is not None and nxt[0] == k + 1:
                res = (k, nxt[1], 0)
        if res and res[2] and self.toks[res[0]].norm[1:] not in self.lex.given:
            res = None  # "وممثلين لوزارة": a coordinated noun, not the holder's name
        if res:
            i0, j0, skip = res
            if j0 - i0 == 1 and not had_honorific and self.toks[i0].norm[skip:] not in self.lex.given:
                res = None
        spans = []
        if res:
            spans.append(res)
            if r["row"]["number"] == "pl":
                p = res[1]
                while p < self.n and self.toks[p].text in ("،", ",", "و"):
                    nxt = self.scan_name(p + 1, 2)
                    if not nxt:
                        break
                    spans.append(nxt)
                    p = nxt[1]
        return spans, how if spans else "none"

    def _add_holders(self, spans: list[tuple[int, int, int]], r: dict) -> list[str]:
        keys = []
        for i0, j0, skip in spans:
            label = self.text[self.toks[i0].begin + skip:self.toks[j0 - 1].end]
            ent = self.add_mention(i0, j0, PERSON, label, skip=skip)
            keys.append(ent.key)
            if i0 > r["i"]:
                self.role_start_of[i0] = r["i"]
        return keys

    def head_at(self, k: int) -> tuple[dict, str, str] | None:
        """Organisation head at token k: (row, prefix, possessive suffix).
        Judged from the word alone, so memoised per normalised word."""
        return self._per_word(self.ex.head_cache, self.toks[k], self._head_of)

    def _head_of(self, t: Token) -> tuple[dict, str, str] | None:
        """The organisation head reading of a token, from its word alone."""
        if not t.is_word:
            return None
        for pre, stem in _strip_clitic(t.norm, _CLITICS_DEF):
            row = self.lex.heads.get(stem)
            if row is not None:
                return row, pre, ""
            if pre.endswith(("ال", "لل")):
                continue
            for suf in ("هما", "هم", "ها", "ه"):
                if not stem.endswith(suf):
                    continue
                base = stem[: -len(suf)]
                # ta marbuta turns into ت before a suffix: حكومته → حكومه
                for cand in ((base[:-1] + "ه") if base.endswith("ت") else None, base):
                    if cand and cand in self.lex.heads:
                        return self.lex.heads[cand], pre, suf
        return None

    def find_orgs(self) -> None:
        bare: list[tuple[int, dict, str]] = []
        self._find_org_phrases(bare)
        self._merge_org_prefixes()
        # a bare definite head ("الائتلاف", "النظام") names the one organisation
        # of the article with that head, if there is exactly one
        for k, row, pre in bare:
            if self.claimed[k] is not None:
                continue
            cands = [e for e in self.x.entities.values()
                     if e.type == ORGANIZATION and self.info.get(e.key, {}).get("head") == row["surface"]]
            if len(cands) == 1:
                ent = cands[0]
                skip = len(pre) - 2 if pre.endswith("ال") else len(pre) - 1
                sp = self.span(k, k + 1, max(skip, 0))
                ent.mentions.append(sp)
                ent.alt_labels.add(sp.text if not pre.endswith("لل") else "ا" + sp.text)
                self.claimed[k] = ORGANIZATION
                self.mentions.append(_Mention(k, k + 1, ORGANIZATION, ent.key, max(skip, 0)))

    def _merge_org_prefixes(self) -> None:
        """"الائتلاف الوطني" and "الائتلاف الوطني السوري" in one article are
        one organisation: a label whose words are a prefix of a longer label
        with the same head is merged into the longer one."""
        orgs = sorted((e for e in self.x.entities.values() if e.type == ORGANIZATION),
                      key=lambda e: -len(name_key(e.label).split()))
        for short in orgs:
            sk = name_key(short.label).split()
            for long in orgs:
                lk = name_key(long.label).split()
                if long is short or len(lk) <= len(sk) or lk[:len(sk)] != sk:
                    continue
                if short.key in self.x.entities and long.key in self.x.entities:
                    self.merge_entity(short.key, long.key)
                break

    def merge_entity(self, src: str, dst: str) -> None:
        """Move every mention and label of entity ``src`` to ``dst``."""
        a, b = self.x.entities.pop(src), self.x.entities[dst]
        self.merged_into[src] = dst
        for k, v in list(self.merged_into.items()):
            if v == src:
                self.merged_into[k] = dst
        b.mentions.extend(sp for sp in a.mentions if sp not in b.mentions)
        b.alt_labels |= a.alt_labels | {a.label}
        b.alt_labels.discard(b.label)
        for f in ("country", "geonames", "lat", "long", "wikidata", "parent", "kind"):
            if getattr(b, f) is None and getattr(a, f) is not None:
                setattr(b, f, getattr(a, f))
        for m in self.mentions:
            if m.key == src:
                m.key = dst
        for k, v in self.info.pop(src, {}).items():
            self.info.setdefault(dst, {}).setdefault(k, v)

    def _find_org_phrases(self, bare: list) -> None:
        """Head noun + modifiers: definite adjectives and genitives, a proper
        name after a naming head, a nationality adjective (the country, which
        may be a hyphenated pair: "السعودي-العراقي"), a coordinated
        adjective ("السياسية والأمنية"). Inside a role title, an
        organisation named there ("رئيس مجلس الوزراء") is found too."""
        k = 0
        in_title = {}
        for r in self.roles:
            for p in range(r["i"] + 1, r["j"]):
                in_title[p] = r["j"]
        while k < self.n:
            if self.claimed[k] is not None and not (self.claimed[k] == "ROLE" and k in in_title):
                k += 1
                continue
            if k in in_title:
                # an organisation named inside a title: "رئيس مجلس الوزراء"
                h = self.head_at(k)
                end = in_title[k]
                if h is not None and end - k >= 2 and h[1].lstrip("وفلب") in ("", "ال"):
                    row, pre, _suf = h
                    label, skip = self._head_phrase(k, end, pre)
                    sp = self.span(k, end, skip)
                    ent = self.entity(ORGANIZATION, label, sp)
                    ent.kind = ent.kind or row["kind"]
                    self.info.setdefault(ent.key, {})["head"] = row["surface"]
                    self.mentions.append(_Mention(k, end, ORGANIZATION, ent.key, skip))
                    k = end
                    continue
                k += 1
                continue
            h = self.head_at(k)
            if h is None:
                k += 1
                continue
            row, pre, suf = h
            j = k + 1
            country = None
            named = row["name"] == "yes"
            while j < self.n and j - k <= 5:
                t = self.toks[j]
                if not t.is_word or self.claimed[j] is not None or self.sent_of[j] != self.sent_of[k]:
                    break
                nrm = t.norm
                if nrm in self.lex.function or _strip_marks(t.text) in _RAW_FUNCTION \
                        or nrm.startswith("و") and not nrm.startswith("وز"):
                    break
                if (self.at_roles(j) and j > k + 1) or self.trigger_at(j) \
                        or self.at_honorifics(j):
                    break  # "مجلس الوزراء" is an organisation; "الحرس الرئاسي اللواء X" ends before the rank
                c = self.nisba(t)
                if c and nrm.startswith("ال"):
                    country = c
                    j += 1
                    # "السعودي-العراقي": a pair of adjectives
                    if j + 1 < self.n and self.toks[j].text == "-" and self.nisba(self.toks[j + 1]):
                        j += 2
                    break
                if nrm.startswith("وال") and j > k + 1 and self.toks[j - 1].norm.startswith("ال") \
                        and nrm.endswith(("يه", "ي")) and self.head_at(j) is None:
                    j += 1  # "مجلس الشؤون السياسية والأمنية"
                    continue
                if nrm.startswith("ال") and (self.head_at(j) is None or j == k + 1):
                    j += 1
                    continue
                if nrm.startswith("لل") and named and j > k + 1:
                    j += 1
                    break
                if named and j == k + 1 and not nrm.startswith(("ل", "ب")) and not pre.endswith(("ال", "لل")):
                    j += 1  # a head with the article is no construct state: "الشركة مشاعر" names nothing
                    continue
                if j == k + 1 and self.gaz.country(t.text) is not None:
                    country = self.gaz.country(t.text).country
                    j += 1
                    break
                break
            if j == k + 2 and named and self.toks[k + 1].norm.startswith("ال") \
                    and self.toks[k + 1].norm.endswith(("يه", "ي")) and not country:
                j = k + 1  # "الوكالة الرسمية": a naming head with an adjective names nothing
            if j == k + 1:
                if pre.endswith(("ال", "لل")) or suf:
                    bare.append((k, row, pre))
                k += 1
                continue
            keep = 2 if pre.endswith("ال") else 0  # the article stays in the label
            skip = len(pre) - keep
            head_surface = self.toks[k].text[skip:]
            if suf:
                head_surface = "ال" + row["surface"].removeprefix("ال")
            elif pre.endswith("لل"):
                skip = len(pre) - 1
                head_surface = "ا" + self.toks[k].text[skip:]
            rest = self.text[self.toks[k].end:self.toks[j - 1].end]
            label = head_surface + rest
            ent = self.add_mention(k, j, ORGANIZATION, label, skip=skip, country=country)
            if named and j > k + 1 and not self.toks[k + 1].norm.startswith("ال"):
                ent.alt_labels.add(self.text[self.toks[k + 1].begin:self.toks[j - 1].end])  # "الوئام"
            if country and j - k >= 3:
                ent.alt_labels.add(head_surface + self.text[self.toks[k].end:self.toks[j - 2].end])
            if suf:
                ent.alt_labels.add(self.text[self.toks[k].begin + skip:self.toks[j - 1].end])
            self.info.setdefault(ent.key, {})["head"] = row["surface"]
            ent.kind = ent.kind or row["kind"]
            if country:
                self.nisba_at[j - 1] = country
            k = j

    def place_at(self, k: int):
        """Longest place name starting at token k: (n_tokens, prefix, Place,
        linked) or None. A one-word city must not be a common word
        (place_stopwords.tsv), a function word, a given name or a
        nationality adjective; ambiguous cities are linked with the
        article's countries as context, else left unlinked."""
        tok = self.toks[k]
        if not tok.is_word or not self._per_word(self.ex.place_start, tok, self._starts_place):
            return None  # no place name starts with this word
        for n in (3, 2, 1):
            if k + n > self.n:
                continue
            toks = self.toks[k:k + n]
            if not all(t.is_word for t in toks) or any(self.claimed[x] is not None for x in range(k, k + n)):
                continue
            first_words = self.gaz.first_words
            for pre, stem in _strip_clitic(toks[0].norm, _CLITICS_LL):
                if pre == "لل":
                    stem = "ال" + stem
                if len(stem) < 3 or stem not in first_words:
                    continue
                if n == 1 and not pre and self.gaz.clitic_place(stem, self.context_countries):
                    continue  # "وجدة": و + Jeddah, read next, not Oujda (unless the article is about Morocco)
                words = [stem, *(t.norm for t in toks[1:])]
                if n >= 2 and not self.gaz.may_name(words):
                    continue  # no indexed name opens with these two words: skip the lookups
                name = " ".join(words)
                cands = self.gaz.lookup(name)
                if cands and n == 1 and not stem.startswith("ال") and self.gaz.matched_key(name).startswith("ال"):
                    continue  # "عين" (appointed) is not العين (Al Ain), "رياض" (a given name) not الرياض
                if not cands and n >= 2:
                    formal = self.gaz.country(name)  # "مملكة ليسوتو", "جمهورية مصر العربية"
                    cands = [formal] if formal is not None else []
                if not cands:
                    continue
                country = next((c for c in cands if c.kind == "Country"), None)
                if country is not None:
                    # "عمان" is Amman in an article about Jordan: the gazetteer's context rule decides
                    linked = self.gaz.link(name, self.context_countries)
                    return n, pre, linked if linked is not None else country
                if n == 1:
                    bare = stem.removeprefix("ال")
                    if self.is_stop(stem) or stem in self.lex.place_stop or bare in self.lex.place_stop \
                            or stem in self.lex.given or self.nisba(toks[0]) \
                            or _strip_marks(toks[0].text) in _RAW_FUNCTION:
                        continue
                if n == 1 and cands[0].kind == "City" and not stem.startswith("ال") \
                        and self.gaz.matched_key("ال" + stem) == "ال" + stem \
                        and {c.geonames for c in self.gaz.lookup("ال" + stem)} & {c.geonames for c in cands}:
                    continue  # a city the gazetteer also writes with ال is written so ("فترة وجيزة" is no الجيزة)
                if n == 1 and cands[0].kind == "City":
                    # a one-word city needs weight: a large city, or one in a country the
                    # article names; more so when a clitic had to be cut ("بارو" is no ب + "ارو")
                    big = 1_000_000 if pre else 150_000
                    if not any(c.population >= big or c.country in self.context_countries for c in cands):
                        continue
                place = self.gaz.link(name, self.context_countries)
                return n, pre, place if place is not None else _Unlinked(cands[0].kind)
        return None

    @functools.cached_property
    def context_countries(self) -> set[str]:
        """ISO codes of the countries the article names or implies by a
        nationality adjective (context for linking ambiguous cities)."""
        out = set()
        if self.publisher_country:
            out.add(self.publisher_country)  # a Saudi newspaper's "جازان" is the Saudi city
        memo = self.ex.context_country
        for t in self.toks:
            if not t.is_word or len(t.norm) < 3:
                continue
            out.update(self._per_word(memo, t, self._context_countries_of))
        return out

    def _context_countries_of(self, t: Token) -> tuple[str, ...]:
        """The countries one word names (a country name under any clitic,
        not also a city) or implies (a nationality adjective)."""
        out = []
        for _pre, stem in _strip_clitic(t.norm):
            c = self.gaz.country(stem) if len(stem) >= 3 and stem in self.gaz.first_words else None
            if c is not None:
                if not any(p.kind == "City" for p in self.gaz.lookup(stem)):
                    out.append(c.country)  # "عمان" (Oman or Amman) is no evidence either way
                break
        iso = self.nisba(t)
        if iso:
            out.append(iso)
        return tuple(out)

    def place_head_at(self, k: int) -> tuple[int, str, dict] | None:
        """A place head ("شمال", "مطار", "منطقة") at token k: (n, prefix, row)."""
        return self.lex.place_heads.match_at(self.toks, k)

    def find_places(self) -> None:
        """Places: countries, GeoNames cities, head + place ("شمال سوريا",
        "مطار القاهرة الدولي", "منطقة الرياض"), head + name ("قصر العوجا"),
        nationality adjectives (a mention of the country), and an
        unqualified "المملكة" (the kingdom the article is about)."""
        kingdom_at: list[tuple[int, int]] = []
        k = 0
        while k < self.n:
            if not self._may_fire(k, self.ex.place_relevant, self._place_relevant):
                k += 1  # claimed, or no place reading of this word: the branches below would all fail
                continue
            h = self.place_head_at(k)
            if h is not None:
                # a country whose name opens with a head word ("جنوب السودان": South Sudan, not the
                # south of Sudan) is that country
                m = self.place_at(k)
                if m and m[2].kind == "Country" and m[0] > h[0]:
                    h = None
            if h is not None:
                hn, hpre, hrow = h
                end = self._place_after_head(k + hn, hrow, definite=hpre.endswith(("ال", "لل")))
                if end is not None:
                    j, inner = end
                    # "مطار القاهرة الدولي": a trailing الدولي belongs to the name
                    if j < self.n and self.toks[j].norm in ("الدولي",) and hrow["kind"] == "Airport":
                        j += 1
                    if hrow["kind"] == "City" and inner is not None and inner.kind == "City":
                        # "مدينة الرياض", "بمدينة رام الله": the city itself
                        label = self.text[self.toks[k + hn].begin:self.toks[j - 1].end]
                        ent = self.add_mention(k + hn, j, PLACE, label)
                        self._fill_place(ent, inner)
                        for x in range(k, k + hn):
                            self.claimed[x] = PLACE
                        k = j
                        continue
                    skip = len(hpre) - (2 if hpre.endswith("ال") else 0)
                    label = self.text[self.toks[k].begin + skip:self.toks[j - 1].end]
                    country = inner.country if inner is not None else None
                    self.add_mention(k, j, PLACE, label, skip=skip, country=country or None,
                                     place_kind=hrow["kind"])
                    k = j
                    continue
            m = self.place_at(k)
            if m:
                n, pre, place = m
                label = self.text[self.toks[k].begin + len(pre):self.toks[k + n - 1].end]
                if pre == "لل":
                    label = "ال" + label
                self.add_place(k, k + n, label, place, len(pre))
                k += n
                continue
            t = self.toks[k]
            c = self.nisba(t)
            if c and t.norm.removeprefix("و").startswith(("ال", "لل")):
                self.nisba_at[k] = c
                if self.country_entity(c, self.span(k, k + 1)) is not None:
                    self.claimed[k] = "NISBA"
            else:
                for pre, stem in _strip_clitic(t.norm, _CLITICS_LL):
                    if (pre == "لل" and stem == "مملكه") or stem == "المملكه":
                        kingdom_at.append((k, len(pre) - (1 if pre == "لل" else 0)))
                        self.claimed[k] = PLACE
                        break
            k += 1
        # nisba inside organisation names also mention the country
        for k, c in list(self.nisba_at.items()):
            if self.claimed[k] == ORGANIZATION:
                self.country_entity(c, self.span(k, k + 1))
        if kingdom_at:
            self.kingdom_used = True
            for k, skip in kingdom_at:
                ent = self.country_entity(self.kingdom, self.span(k, k + 1, skip))
                if ent is not None:
                    self.mentions.append(_Mention(k, k + 1, PLACE, ent.key, skip))

    @staticmethod
    def _per_word(memo: dict, tok: Token, judge):
        """``judge(tok)``, a judgement on the word alone (None included),
        memoised per normalised word in ``memo`` (one of the extractor's
        bounded tables)."""
        return memoised(memo, tok.norm, lambda: judge(tok))

    def _may_fire(self, k: int, memo: dict[str, bool], test) -> bool:
        """Whether a phase may fire at token k: the token is an unclaimed
        word and ``test(token)`` (memoised per word in ``memo``) holds."""
        tok = self.toks[k]
        return self.claimed[k] is None and tok.is_word and self._per_word(memo, tok, test)

    def _starts_place(self, tok: Token) -> bool:
        """Some reading of the word (any clitic; لل → ال) opens an indexed place name."""
        first_words = self.gaz.first_words
        return any(("ال" + st if pre == "لل" else st) in first_words for pre, st in _strip_clitic(tok.norm, _CLITICS_LL))

    def _opens_name(self, tok: Token) -> bool:
        """A gazetteer person name or a given name (any clitic) may start at this word."""
        return bool(self.lex.person_gazetteer.readings(tok.norm)) or any(
            s in self.lex.given or s in ("عبد", "ابو") for _p, s in _strip_clitic(tok.norm, ("و", "ف", "ل", "ب")))

    def _place_relevant(self, tok: Token) -> bool:
        """Whether some branch of :meth:`find_places` can fire at a word,
        judged from the word alone: it opens a place head or a place name,
        is a nationality adjective, or is (a clitic +) المملكة."""
        if self.lex.place_heads.readings(tok.norm) or self.nisba(tok) \
                or self._per_word(self.ex.place_start, tok, self._starts_place):
            return True
        return any((pre == "لل" and st == "مملكه") or st == "المملكه" for pre, st in _strip_clitic(tok.norm, _CLITICS_LL))

    def _place_after_head(self, k: int, row: dict, definite: bool = False):
        """End of the place named after a head at token k, and the inner
        place when known: (end, Place or None), or None. A head with the
        article (``definite``: "في المحافظة") is no construct state: it takes
        no name ("في المحافظة عبدالله بن محمد" is the governorate, then a
        person)."""
        m = self.place_at(k) if k < self.n else None
        if m is not None and m[1] == "":
            return k + m[0], m[2]
        if definite:
            # a venue with a definite adjective ("القصر الرئاسي", "القاعدة البحرية") is still one
            t = self.toks[k] if k < self.n else None
            if t is not None and row["kind"] not in ("Region", "City") and t.is_word and self.claimed[k] is None \
                    and t.norm.startswith("ال") and t.norm.endswith(("ي", "يه")) and not self.nisba(t) \
                    and t.norm not in self.lex.function and not self.is_stop(t.norm) \
                    and _strip_marks(t.text) not in _RAW_FUNCTION:
                return k + 1, None
            return None
        if row["takes"] in ("name", "either"):
            j = k
            while j < self.n and j - k < 2 and self.toks[j].is_word and self.claimed[j] is None \
                    and self.toks[j].norm not in self.lex.function and not self.is_stop(self.toks[j].norm) \
                    and not self.trigger_at(j) and not self.nisba(self.toks[j]):
                j += 1
            if j > k:
                return j, None
        return None

    def country_entity(self, iso: str, span: Span | None) -> Entity | None:
        """The country place ``iso`` labelled with its Arabic name, with
        ``span`` as a mention (None: an implied country, no mention)."""
        cp = self.gaz.country(iso)
        if cp is None:
            return None
        label = self.lex.country_names.get(cp.country, cp.name)
        key = f"{PLACE}:{name_key(label)}"
        ent = self.x.entities.get(key)
        if ent is None:
            ent = Entity(key=key, type=PLACE, label=label, lang=LANG)
            self.x.entities[key] = ent
        if cp.name:
            ent.labels.setdefault("en", cp.name)
        if span is not None and span not in ent.mentions:
            ent.mentions.append(span)
            if span.text != label:
                ent.alt_labels.add(span.text)
        self._fill_place(ent, cp)
        return ent

    def _fill_place(self, ent: Entity, place) -> None:
        ent.country = ent.country or place.country
        if ent.geonames is None and place.geonames:
            ent.geonames, ent.lat, ent.long = place.geonames, place.lat, place.long
        ent.place_kind = ent.place_kind or place.kind

    def add_place(self, i: int, j: int, label: str, place, skip: int) -> None:
        if place.kind == "Country":
            for k in range(i, j):
                self.claimed[k] = PLACE
            ent = self.country_entity(place.country, self.span(i, j, skip))
            self.mentions.append(_Mention(i, j, PLACE, ent.key, skip))
            return
        # label by the canonical Arabic name for countries; as written for cities
        if place.kind == "Country":
            label_use = self.lex.country_names.get(place.country, label)
        else:
            label_use = label
        ent = self.add_mention(i, j, PLACE, label_use, skip=skip)
        if label != ent.label:
            ent.alt_labels.add(label)
        self._fill_place(ent, place)

    # -------------------------------------------------------------- persons
    def name_token_ok(self, k: int, first: bool) -> bool:
        """Can token k be part of a person name? Not a function word or a
        frequent non-name word (name_stopwords.tsv), an honorific, a
        trigger, an organisation head, or a token already claimed."""
        if k >= self.n:
            return False
        t = self.toks[k]
        if not t.is_word or self.claimed[k] is not None:
            return False
        nrm = t.norm
        if _strip_marks(t.text) in _RAW_FUNCTION or _strip_marks(t.text)[1:] in _RAW_FUNCTION:
            return False
        if len(nrm) < 2 or nrm.isdigit() or not re.search(r"[\u0621-\u064a]", nrm):
            return False
        if self.is_stop(nrm) and not (nrm in _COMPOUND_HEADS and not first):
            return False
        if self.at_honorifics(k):
            return False
        rm = self.at_roles(k)
        if rm and (rm[0] > 1 or rm[1].lstrip("وف")[:1] in ("ل", "ب")):
            return False  # "لخادم الحرمين الشريفين" is a title, not a name
        if self.trigger_at(k):
            return False
        if self.head_at(k) is not None and nrm.startswith("ال"):
            return False
        if nrm in _DELEGATION:
            return False
        if first and self.lex.place_heads.get(nrm) is not None:
            return False  # "أمير منطقة عسير": a region, not the emir's name
        if first and nrm in self.lex.namesake_words:
            return False  # "مدير مستشفى برزيلاي": a hospital, not the director's name
        if nrm.endswith("ا") and (self.lex.roles.get(nrm[:-1]) is not None or (
                self.lex.honorifics.get("ال" + nrm[:-1]) is not None
                and k + 1 < self.n and self.toks[k + 1].norm.startswith("ل"))):
            # "عين فيصل بن خالد أميرا لمنطقة", "شيخا لقبيلة": a post in the accusative ends the name
            # (an honorific's only before its ل complement: "عبد الباسط سيدا" is a family name)
            return False
        if not first and nrm.startswith("ب") and len(nrm) >= 5 and nrm[1:] in self.lex.stop \
                and nrm not in self.lex.given:
            return False  # "عزام الدخيل بتجربة", "محمد بن نايف بتوجيه": ب + a common word ends the name
        if not first and len(nrm) >= 5 and nrm.startswith(("لل", "ولل", "بال", "وبال")):
            # "مركز الملك سلمان للإغاثة", "الزياني بالانتصارات": a preposition + article + a
            # common word is no part of a name (foreign names may start so: فالتر, بالوتيلي)
            rest = "ال" + nrm.removeprefix("و").removeprefix("بال")
            if nrm.startswith(("لل", "ولل")) or rest in self.lex.stop or rest in self.lex.place_stop \
                    or rest.endswith(("ه", "ات")):
                return False
        return True

    def scan_name(self, k: int, min_len: int = 1) -> tuple[int, int, int] | None:
        """Scan a person name from token k (after honorifics): up to seven
        words, compound heads (عبد, أبو, بن, ولد, آل) joined to the next word.
        Returns (i, j, skip) — tokens [i, j), ``skip`` characters of a
        leading و — or None."""
        k = self.skip_honorifics(k)
        if k >= self.n or not self.name_token_ok(k, True):
            return None
        if self.toks[k].norm.startswith(("لل", "بال", "كال", "فال", "وبال", "ولل")):
            return None  # "للحياة الفطرية": a preposition, not a name
        skip = 0
        first = self.toks[k].norm
        if first.startswith("و") and len(first) > 3:
            stem = first[1:]
            if stem in self.lex.given or first not in self.lex.given:
                skip = 1
        j = k + 1
        while j < self.n and j - k < 10 and self.sent_of[j] == self.sent_of[k]:
            prev = self.toks[j - 1].norm
            if prev in _COMPOUND_HEADS or prev.endswith("عبد"):
                if self.name_token_ok(j, False):
                    j += 1
                    continue
                break
            if not self.name_token_ok(j, False) and not (
                    j == k + 1 and self.toks[k].norm in self.lex.given and self.claimed[j] is None
                    and self.toks[j].norm.startswith("ال") and self.toks[j].norm not in self.lex.function
                    and not self.at_honorifics(j) and not self.trigger_at(j)
                    and self.toks[j].is_word):
                break  # (a given name + an ال family name that is also a word: "أحمد العمر")
            nrm = self.toks[j].norm
            if nrm.startswith("و") and nrm not in self.lex.given and nrm not in _COMPOUND_HEADS:
                break
            words = sum(1 for x in range(k, j) if x == k or self.toks[x - 1].norm not in _COMPOUND_HEADS)
            if words >= 2 and nrm[:1] in ("ي", "ت") and nrm not in self.lex.given and len(nrm) >= 4 \
                    and j + 1 < self.n and self.toks[j + 1].is_word:
                break  # "محمود عباس يتقبل أوراق": a present-tense verb after a full name
            # a nationality adjective ends a short name ("هادي البحرة السوري") but is
            # the family name of a longer one ("محمد شياع السوداني")
            if self.nisba(self.toks[j]) and nrm.startswith("ال") and j - k < 2:
                break
            j += 1
            # the family name was read as a nationality adjective: it is a name here
            if j < self.n and self.claimed[j] == "NISBA" and j - k >= 2 and self.sent_of[j] == self.sent_of[k] \
                    and (j + 1 >= self.n or not self.toks[j + 1].is_word or self.claimed[j + 1] is not None
                         or self.is_stop(self.toks[j + 1].norm)):
                self.unclaim_nisba(j)
        if self.toks[j - 1].norm in _COMPOUND_HEADS:
            j -= 1
        # "المقيمين بالخارج ناصر بوريطة": a name starts at its given name
        for g in range(k + 1, j - 1):
            if self.toks[g].norm in self.lex.given and all(
                    self.toks[x].norm.startswith(("ال", "بال", "لل")) for x in range(k, g)):
                k, skip = g, 0
                break
        if j - k < min_len:
            return None
        if j - k >= 2 and all(self.toks[x].norm.startswith("ال") for x in range(k, j)):
            return None  # "الشيشاني المسائل": words, not a name
        return k, j, skip

    def skip_honorifics(self, k: int) -> int:
        """The first token after the honorifics at k ("صاحب السمو الملكي
        الأمير", "د." with its full stop)."""
        while k < self.n:
            h = self.at_honorifics(k)
            if h is None:
                break
            k += h[0]
            if k < self.n and self.toks[k].text == "." and self.toks[k - 1].end == self.toks[k].begin:
                k += 1
        return k

    def unclaim_nisba(self, k: int) -> None:
        """Token k is a family name, not a nationality adjective: drop the
        country mention it made."""
        sp = self.span(k, k + 1)
        for ent in self.x.entities.values():
            if ent.type == PLACE and sp in ent.mentions:
                ent.mentions.remove(sp)
        self.nisba_at.pop(k, None)
        self.claimed[k] = None

    def find_persons(self) -> None:
        self.find_role_holders()
        # gazetteer names and names opened by a given name
        k = 0
        while k < self.n:
            if not self._may_fire(k, self.ex.opens_name, self._opens_name):
                k += 1  # claimed, or neither a gazetteer name nor a given name starts here
                continue
            m = self.lex.person_gazetteer.match_at(self.toks, k)
            if m and self.free(k, k + m[0]):
                n, pre, _row = m
                longer = self.scan_name(k, n)
                if longer is not None and longer[0] == k and longer[1] > k + n:
                    n = longer[1] - k  # "عبد الله" + "حمدوك"
                label = self.text[self.toks[k].begin + len(pre):self.toks[k + n - 1].end]
                self.add_mention(k, k + n, PERSON, label, skip=len(pre))
                k += n
                continue
            stem_forms = [s for _p, s in _strip_clitic(self.toks[k].norm, ("و", "ف", "ل", "ب"))]
            if any(s in self.lex.given or s in ("عبد", "ابو") for s in stem_forms):
                res = self.scan_name(k, 2)
                if res:
                    i0, j0, skip = res
                    pre_len = 0
                    if self.toks[i0].norm not in self.lex.given:
                        pre_len = 1 if self.toks[i0].norm[1:] in self.lex.given else 0
                    skip = max(skip, pre_len)
                    if skip == 0 and i0 >= 2 and self.toks[i0 - 1].norm in ("بن", "بنت") \
                            and self.claimed[i0 - 1] is None and self.sent_of[i0 - 2] == self.sent_of[i0] \
                            and not self.toks[i0 - 2].norm.startswith(("و", "ف", "ب", "ل", "ك", "ال")) \
                            and self.name_token_ok(i0 - 2, True):
                        i0 -= 2  # "سامر بن علي العنيني": the first name before بن is no given name we know
                    label = self.text[self.toks[i0].begin + skip:self.toks[j0 - 1].end]
                    if len(label.split()) >= 2:
                        self.add_mention(i0, j0, PERSON, label, skip=skip)
                        k = j0
                        continue
            k += 1

    def merge_person_prefixes(self) -> None:
        """"محمد بن سلمان" and "محمد بن سلمان بن عبدالعزيز" in one article are
        one person: a name of two or more words that begins another person's
        longer name (and begins no other) is merged into it."""
        persons = [e for e in self.x.entities.values() if e.type == PERSON]
        for short in sorted(persons, key=lambda e: len(name_key(e.label).split())):
            sk = name_key(short.label).split()
            if len(sk) < 2 or short.key not in self.x.entities:
                continue
            longer = [e for e in persons if e is not short and e.key in self.x.entities
                      and len(name_key(e.label).split()) > len(sk) and name_key(e.label).split()[:len(sk)] == sk]
            if len(longer) == 1:
                self.merge_entity(short.key, longer[0].key)
        # "نواز شريف" after "محمد نواز شريف": the longer name less its first word(s), unless a
        # بن/ابن/بنت precedes that tail ("عبدالله بن عبدالعزيز" inside "مشعل بن عبدالله بن عبدالعزيز" is the father)
        persons = [e for e in self.x.entities.values() if e.type == PERSON]
        for short in sorted(persons, key=lambda e: len(name_key(e.label).split())):
            sk = name_key(short.label).split()
            if len(sk) < 2 or short.key not in self.x.entities:
                continue
            longer = []
            for e in persons:
                lk = name_key(e.label).split()
                if e is not short and e.key in self.x.entities and len(lk) > len(sk) and lk[-len(sk):] == sk \
                        and lk[-len(sk) - 1] not in ("بن", "ابن", "بنت"):
                    longer.append(e)
            if len(longer) == 1:
                self.merge_entity(short.key, longer[0].key)
        # keys held elsewhere
        for r in self.roles:
            r["names"] = [self._live(k) for k in r.get("names", [])]
        for d in self.x.delegations.values():
            d.members = _uniq([self._live(k) for k in d.members])

    def _live(self, key: str) -> str:
        return self.merged_into.get(key, key) if key not in self.x.entities else key

    def find_short_names(self) -> None:
        """Later mentions of a known person by the family name alone
        ("المقداد" after "فيصل المقداد"), with clitics."""
        lasts: dict[str, str] = {}
        for ent in list(self.x.entities.values()):
            if ent.type != PERSON:
                continue
            words = ent.label.split()
            if len(words) >= 2 and not (len(words) >= 3 and normalize(words[-2]) == "ال"):  # not a dynasty (آل سعود)
                last = normalize(words[-1])
                if len(last) >= 4 and not self.is_stop(last):
                    lasts.setdefault(last, ent.key)
        if not lasts:
            return
        # a stem after clitics ends the word (لل + X gives ال + X: the same last three letters)
        endings = {last[-3:] for last in lasts}
        for k in range(self.n):
            if self.claimed[k] is not None or not self.toks[k].is_word or self.toks[k].norm[-3:] not in endings:
                continue
            for pre, stem in _strip_clitic(self.toks[k].norm, _CLITICS_LL):
                if pre == "لل":
                    stem = "ال" + stem
                key = lasts.get(stem)
                if key:
                    ent = self.x.entities[key]
                    sp = self.span(k, k + 1, len(pre))
                    ent.mentions.append(sp)
                    self.claimed[k] = PERSON
                    self.mentions.append(_Mention(k, k + 1, PERSON, key, len(pre)))
                    break

    # ---------------------------------------------------------- memberships
    def mention_at(self, k: int) -> _Mention | None:
        """The first mention starting at token ``k`` (in the order found), or
        None (:meth:`_by_start`: the sort is stable)."""
        ms, starts = self._by_start()
        n = bisect.bisect_left(starts, k)
        return ms[n] if n < len(ms) and starts[n] == k else None

    def context_org(self, before_tok: int) -> str | None:
        """The organisation in context: that of the nearest earlier role
        phrase with an explicit non-sub-unit organisation, else None."""
        best = None
        for r in self.roles:
            if r["i"] >= before_tok:
                break
            org = r.get("org")
            if org and not self.x.entities[org].parent and self.x.entities[org].kind not in (
                    "department", "committee", "body", "office"):
                best = org
            elif r.get("ctx_org"):
                best = r["ctx_org"]
        return best

    def find_memberships(self) -> None:
        """One membership per person and post. The organisation: the
        phrase's organisation (its parent in context for a sub-unit), the
        country of a government post (explicit, else the article's home
        country), or the organisation in context for an organisation post."""
        prev_named: dict | None = None
        defaulted: set[int] = set()
        for r in self.roles:
            row = r["row"]
            if row["scope"] == "counterpart":
                if prev_named is None:
                    continue
                row = prev_named["row"]
            org = self._membership_org(r, row)
            if r.get("names"):
                prev_named = r
            if not org:
                continue
            title = self.text[self.toks[r["i"]].begin + len(r["pre"]):self.toks[r["j"] - 1].end]
            if r["row"]["scope"] == "counterpart":
                title = row["surface"]
            if row["number"] == "pl":
                title = _singular(title)
            for pkey in r.get("names", []):
                self.x.memberships.append(Membership(
                    person=pkey, organization=org, role=row["key"], role_text=title,
                    role_labels=_role_labels(row), span=self.span(r["i"], r["end"])))
                if r.get("defaulted"):
                    defaulted.add(id(self.x.memberships[-1]))
        # a person named before a role: "فيصل المقداد وزير الخارجية"
        for r in self.roles:
            if r.get("names") or r["i"] == 0 or r["row"]["scope"] == "counterpart":
                continue
            k = r["i"] - 1
            if self.toks[k].text in ("،", ","):
                k -= 1
            m = next((mm for mm in self.mentions if mm.j == k + 1 and mm.type == PERSON), None)
            if m is None:
                continue
            org = self._membership_org(r, r["row"])
            if not org:
                continue
            title = self.text[self.toks[r["i"]].begin + len(r["pre"]):self.toks[r["j"] - 1].end]
            self.x.memberships.append(Membership(
                person=m.key, organization=org, role=r["row"]["key"], role_text=title,
                role_labels=_role_labels(r["row"]), span=self.span(m.i, r["end"])))
        # a post whose country was only the article's default gives way to the
        # same post of the same person with a stated country
        explicit = {(mb.person, mb.role) for mb in self.x.memberships if id(mb) not in defaulted}
        self.x.memberships = [mb for mb in self.x.memberships
                              if id(mb) not in defaulted or (mb.person, mb.role) not in explicit]
        specific = {mb.person for mb in self.x.memberships if mb.role.endswith(" minister")}
        self.x.memberships = [mb for mb in self.x.memberships
                              if not (mb.role == "minister" and mb.person in specific
                                      and len(mb.role_text.split()) == 1)]
        seen, uniq = set(), []
        for mb in self.x.memberships:
            k = (mb.person, mb.role, mb.organization)
            if k not in seen:
                seen.add(k)
                uniq.append(mb)
        self.x.memberships = uniq

    def resolve_role_mentions(self) -> None:
        """A title used alone after a named holder ("الوزير", "السفير
        الإيراني", "الأمين العام") refers to that holder: the latest earlier
        membership with the same role key (and the same country, when the
        title names one). The title becomes a mention of the person."""
        holders: list[tuple[int, Membership, str | None]] = []
        by_person_role = {}
        for mb in self.x.memberships:
            org = self.x.entities.get(mb.organization)
            by_person_role.setdefault((mb.person, mb.role), org.country if org else None)
        for r in self.roles:
            if r.get("names"):
                for p in r["names"]:
                    holders.append((r["i"], r["row"]["key"], p))
                continue
            if r.get("oblique") or r["row"]["number"] == "pl":
                continue
            want = r["row"]["key"]
            if r["row"]["scope"] == "counterpart":
                # "نظيره الإيراني": a holder of the same kind of post, from the named country
                if not r.get("country"):
                    continue
                cands = [(i, key, p) for i, key, p in holders
                         if key.endswith("minister") or key in ("president", "ambassador", "king")
                         if by_person_role.get((p, key)) == r.get("country")]
            else:
                cands = [(i, key, p) for i, key, p in holders if i < r["i"]
                         and (key == want or want == "minister" and key.endswith("minister"))
                         and (r.get("country") is None or by_person_role.get((p, key)) in (None, r.get("country")))]
            if not cands:
                continue
            person = cands[-1][2]
            ent = self.x.entities.get(self._live(person))
            if ent is None:
                continue
            sp = self.span(r["i"], r["end"], len(r["pre"]) - (2 if r["pre"].endswith("ال") else 0))
            if sp not in ent.mentions:
                ent.mentions.append(sp)
            self.mentions.append(_Mention(r["i"], r["end"], PERSON, ent.key, len(r["pre"])))
            r["anaphor"] = ent.key

    _SUBUNITS = ("department", "committee", "body", "office")

    def side_country(self, k: int) -> str | None:
        """Country of "الجانب X" (a nationality adjective) earlier in the
        sentence of token k: "حضرها من الجانب الباكستاني وزير الدفاع …"."""
        s = self.sent_of[k]
        found = None
        for p in range(k - 1, -1, -1):
            if self.sent_of[p] != s:
                break
            if self.toks[p].norm.removeprefix("و") in ("الجانب", "للجانب") and p + 1 < self.n:
                c = self.nisba_at.get(p + 1)
                if c:
                    found = c
                    break
        return found

    def _membership_org(self, r: dict, row: dict) -> str | None:
        org = r.get("org")
        country = r.get("country")
        if org:
            ent = self.x.entities[org]
            kind = ent.kind
            if kind in self._SUBUNITS and ent.parent is None:
                parent = self.context_org(r["i"])
                if parent and parent != org:
                    ent.parent = parent
            if row["scope"] != "gov" or kind not in ("ministry", "government") or ent.type == PLACE:
                return org
            country = country or ent.country
        if row["scope"] == "gov":
            country = country or r.get("title_country")
            if country is None:
                country = self.side_country(r["i"])
            if country is None and row["key"] in ("president", "king") and self.home_country:
                # a kingdom has no president and a republic no king: a head-of-state title
                # without its country is not the home country's in that case
                monarchy = self.home_country in self.monarchies
                if (row["key"] == "president") == monarchy:
                    return None
            if country is None:
                last = self.toks[r["j"] - 1].norm
                if not last.startswith(("ال", "وال", "لل")) and r["j"] - r["i"] >= 2:
                    return None  # "رئيس جمهورية الشيشان": an unknown complement, not the home country
                r["defaulted"] = True
                country = self.home_country
                # two holders of the same post: the second is the counterpart's
                taken = {c for (key, c) in self.gov_posts if key == row["key"]}
                if country in taken:
                    others = [rr.get("country") for rr in self.roles
                              if rr["row"]["scope"] == "counterpart" and rr.get("country")]
                    country = next((c for c in others if c not in taken), country)
            if r.get("names"):
                self.gov_posts.append((row["key"], country))
            ent = self.country_entity(country, None) if country else None
            return ent.key if ent else None
        ctx = self.context_org(r["i"])
        r["ctx_org"] = ctx
        return ctx

    # ----------------------------------------------------------- delegation
    def find_delegation(self) -> None:
        d = None
        for k, t in enumerate(self.toks):
            if not t.is_word or "وفد" not in t.norm:  # every delegation word contains وفد
                continue
            hit = None
            for pre, stem in _strip_clitic(t.norm, ("و", "ف", "ب", "ل", "وب", "ول", "ك")):
                if stem in _DELEGATION:
                    hit = pre
                    break
            if hit is None:
                continue
            if d is None:
                d = Delegation(key="Delegation:1")
                self.x.delegations[d.key] = d
            d.mentions.append(self.span(k, k + 1, len(hit)))
            self.claimed[k] = "DELEGATION"
            self.mentions.append(_Mention(k, k + 1, "Delegation", d.key, len(hit)))
            # "وفد من ORG" / "وفد ORG"
            nxt = k + 1
            if nxt < self.n and self.toks[nxt].norm in ("من", "عن"):
                nxt += 1
            m = self.mention_at(nxt)
            if m and m.type == ORGANIZATION and not stem.startswith("ال"):
                # "وفد من الائتلاف" (an indefinite وفد): the organisation it represents
                d.organization = d.organization or m.key
                self.phrase_inside.update(range(m.i, m.j))
            # members listed after "يتألف من", "يضم", "برئاسة"
            p = k + 1
            while p < self.n and p <= k + 3 and self.toks[p].norm not in _MEMBER_INTRO:
                p += 1
            if k >= 1 and self.toks[k - 1].norm in _MEMBER_INTRO:
                p = k  # "ويضم الوفد X وY"
            if p < self.n and (self.toks[p].norm in _MEMBER_INTRO or p == k):
                send = self.sents[self.sent_of[k]].end
                for mm in self.mentions:
                    if mm.type == PERSON and mm.i > p and self.toks[mm.i].begin < send and mm.key not in d.members:
                        d.members.append(mm.key)
                # the one the delegation accompanies: "برفقة وفد"
                if k >= 1 and self.toks[k - 1].norm in ("برفقه", "بصحبه", "يرافقه", "ترافقه"):
                    lead = self.subject_before(k - 1)
                    if lead and lead not in d.members:
                        d.members.insert(0, lead)
        if d is not None and d.organization is None:
            # in the members' order (the lead first), so a tie goes to the lead's organisation
            orgs = [mb.organization for p in d.members for mb in self.x.memberships if mb.person == p]
            top = [o for o in orgs if not self.x.entities[o].parent]
            if top:
                d.organization = max(top, key=top.count)  # max keeps the first of equals
        if d is not None and d.organization:
            # the organisation a delegation comes from is the parent of a short alias
            pass

    _PRONOUN_HONORIFICS = {normalize(w) for w in (
        "سيادته", "سموه", "معاليه", "فخامته", "جلالته", "سعادته", "دولته", "سماحته")}

    def find_pronoun_honorifics(self) -> None:
        """"سيادته", "سموه", "فخامته" (his excellency, his highness) refer to
        the person the text is about: the person named most often before
        the pronoun (the earliest on a tie). Each becomes a mention of that
        person (in-article coreference)."""
        endings = tuple(self._PRONOUN_HONORIFICS)
        for k, t in enumerate(self.toks):
            if self.claimed[k] is not None or not t.is_word or not t.norm.endswith(endings):
                continue  # a stem after clitics is a suffix of the word
            hit = next(((p, st) for p, st in _strip_clitic(t.norm, ("و", "ف", "ب", "ل", "ك"))
                        if st in self._PRONOUN_HONORIFICS), None)
            if hit is None:
                continue
            pre = hit[0]
            # the person the article is about: the most often named person so far
            earlier = [m for m in self.mentions if m.type == PERSON and m.i < k]
            if not earlier:
                continue
            counts: dict[str, int] = {}
            for m in earlier:
                counts[m.key] = counts.get(m.key, 0) + 1
            top = max(counts.values())
            ante = next(m for m in earlier if counts[m.key] == top)
            sp = self.span(k, k + 1, len(pre))
            self.x.entities[ante.key].mentions.append(sp)
            self.claimed[k] = PERSON
            self.mentions.append(_Mention(k, k + 1, PERSON, ante.key, len(pre)))

    @functools.cached_property
    def dateline_place(self) -> str | None:
        """The city of a dateline at the start of a body line ("الرياض - واس",
        "بغداد (رويترز)"): the default place of a meeting that names none."""
        for m in sorted(self.mentions, key=lambda m: m.i):
            if m.type != PLACE or self.x.entities[m.key].place_kind != "City":
                continue
            b = self.toks[m.i].begin
            line_start = self.text.rfind("\n", 0, b) + 1
            if self.text[line_start:b].strip(" \t•-–"):
                continue
            nxt = self.toks[m.j] if m.j < self.n else None
            if nxt is not None and (nxt.text in ("-", "–", "—", "(", ":", "،") or m.j in self.date_at) and \
                    self.toks[m.j].begin - self.toks[m.j - 1].end <= 2:
                return m.key
        return None

    def subject_before(self, k: int) -> str | None:
        """Nearest person mention before token k in the same sentence."""
        s = self.sent_of[k]
        best = None
        for m in self.mentions:
            if m.j <= k and self.sent_of[m.i] == s and m.type == PERSON:
                best = m.key
        return best

    # --------------------------------------------------------------- events
    def _by_start(self) -> tuple[list[_Mention], list[int]]:
        """The mentions sorted by first token (stable: in the order found
        among those starting together) and their first tokens. Mentions are
        only ever appended, so the sort serves until the list grows."""
        if getattr(self, "_sorted_len", -1) != len(self.mentions):
            ms = sorted(self.mentions, key=lambda m: m.i)
            self._sorted, self._sorted_len = (ms, [m.i for m in ms]), len(self.mentions)
        return self._sorted

    def agent_mentions(self, lo: int, hi: int) -> list[_Mention]:
        """Agent mentions (persons, organisations, delegations, countries) in
        tokens [lo, hi); an organisation inside a role phrase of a named
        holder gives way to the holder."""
        inside = set(self.phrase_inside)
        for r in self.roles:
            if r.get("names"):
                inside.update(range(r["i"], r.get("end", r["j"])))
        out = []
        ms, starts = self._by_start()
        for m in ms[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]:
            if m.i in inside:
                continue
            if m.type == ORGANIZATION and self.x.entities[m.key].kind == "agency":
                continue  # the agency reporting the news is no party to it
            if m.type in _AGENT_TYPES or m.type == "Delegation":
                out.append(m)
            elif m.type == PLACE and self.x.entities[m.key].place_kind == "Country":
                out.append(m)
        return out

    def clause_bounds(self, k: int) -> tuple[int, int]:
        s = self.sent_of[k]
        lo = k
        while lo > 0 and self.sent_of[lo - 1] == s:
            lo -= 1
        hi = k
        while hi + 1 < self.n and self.sent_of[hi + 1] == s:
            hi += 1
        return lo, hi + 1

    @functools.cached_property
    def headline_end(self) -> int:
        """Offset where the headline ends: the parsed header's end, else the
        first line when it is short and has no final full stop."""
        if self.art.header_end:
            return self.art.header_end
        first = self.text.split("\n", 1)[0]
        if len(first.split()) <= 20 and not first.rstrip().endswith((".", "؟", "!")) and "\n" in self.text:
            return len(first)
        return 0

    def status_of(self, k: int, pre: str, lo: int) -> str:
        """Status of the event whose (governing) verb is token k: the future
        prefix س / سوف / "من المقرر" → Planned; لم / لن → Negated;
        "من المتوقع" / قد + imperfect → Possible; an imperfect verb (ي/ت…)
        in the body → Planned (Arabic news states coming events in the
        present), except after a relative pronoun (an ongoing visit) and in
        headlines, which use the present for what happened; else Occurred."""
        t = self.toks[k]
        if "س" in pre:
            return "Planned"
        window = [x.norm for x in self.toks[max(lo, k - 25):k]]
        for w in window[-3:]:
            if w in _NEGATIONS:
                return "Negated"
        for idx in range(len(window) - 1, -1, -1):
            w = window[idx]
            if w in _FUTURE_WORDS:
                return "Planned"
            if re.match(r"^[وف]?س[يتن]", w) and len(w) >= 5 and not self.lex.roles.match_at(
                    self.toks, k - len(window) + idx) and w not in self.lex.stop:
                return "Planned"
            if tuple(window[idx:idx + 2]) in _PLANNED_PHRASES:
                return "Planned"
            if tuple(window[idx:idx + 2]) in _POSSIBLE_PHRASES:
                return "Possible"
        if window[-1:] == ["قد"] and re.match(r"^[يت]", t.norm):
            return "Possible"
        verb = t.norm[len(pre):] if pre else t.norm
        trig = self.trigger_at(k)
        imperfect = verb.startswith("ي") or verb.startswith("ت") and self.lex.triggers.get("ي" + verb[1:]) is not None
        if trig and trig[2]["pos"] in ("verb", "light") and imperfect \
                and t.begin >= self.headline_end and not (window and window[-1] in _RELATIVES):
            return "Planned"
        return "Occurred"

    @functools.cached_property
    def _roles_at(self) -> dict:
        return self.lex.roles.scan(self.toks)

    @functools.cached_property
    def _honorifics_at(self) -> dict:
        return self.lex.honorifics.scan(self.toks)

    @functools.cached_property
    def _triggers_at(self) -> dict:
        return self.lex.triggers.scan(self.toks)

    def at_roles(self, k: int):
        """``roles.match_at`` at token k (all positions matched once per article)."""
        return self._roles_at.get(k)

    def at_honorifics(self, k: int):
        """``honorifics.match_at`` at token k (all positions matched once per article)."""
        return self._honorifics_at.get(k)

    def at_triggers(self, k: int):
        """``triggers.match_at`` at token k (all positions matched once per article)."""
        return self._triggers_at.get(k)

    def trigger_at(self, k: int):
        """The event trigger at token k: (n, prefix, row) or None. A token
        that is a given name is never read as clitic + verb ("فيصل" is not
        ف + يصل)."""
        m = self.at_triggers(k)
        if m and m[1] and self.toks[k].norm in self.lex.given:
            return None
        if m is None and self.toks[k].is_word:
            hit = self._per_word(self.ex.suffixed_nouns, self.toks[k], self._suffixed_noun)
            if hit is not None:
                self.trigger_suffix[k] = hit[2]
                return 1, hit[0], hit[1]
        return m

    def _suffixed_noun(self, tok: Token):
        """(prefix, row, suffix) of a noun trigger with a possessive pronoun
        ("زيارته", "لقائه", "استقباله", "لزيارتهم"), or None."""
        for pre, stem in _strip_clitic(tok.norm, ("و", "ف", "ب", "ل", "وب", "ول")):
            for suf in ("هما", "هم", "ها", "ه"):
                if not stem.endswith(suf) or len(stem) - len(suf) < 3:
                    continue
                base = stem[: -len(suf)]
                for cand in (base, base[:-1] + "ه" if base.endswith("ت") else None,
                             base[:-1] + "ء" if base.endswith(("ئ", "ي", "ؤ")) else None):
                    row = self.lex.triggers._phrases.get((cand,)) if cand else None  # noqa: SLF001
                    if row is not None and row["pos"] == "noun":
                        return pre, row, suf
        return None

    def _triggers(self):
        """Yield ``(i, n, prefix, row)`` for the non-overlapping event
        triggers from left to right (longest match at each position)."""
        i = 0
        for k in self._trigger_candidates():
            if k < i:
                continue
            m = self.trigger_at(k)
            if m:
                yield k, *m
                i = k + m[0]

    def _trigger_candidates(self) -> list[int]:
        """Token indices where :meth:`trigger_at` can match, judged from each
        word alone (it opens a trigger phrase or is a possessive noun trigger)."""
        return [k for k, t in enumerate(self.toks) if t.is_word and self._per_word(
            self.ex.trigger_word, t, lambda u: bool(self.lex.triggers.readings(u.norm))
            or self._per_word(self.ex.suffixed_nouns, u, self._suffixed_noun) is not None)]

    def find_events(self) -> None:
        for i, n, pre, row in self._triggers():
            if self.claimed[i] is not None:
                continue
            org = self.lex.known_orgs.match_at(self.toks, i)
            if org is not None and org[0] >= 2:
                continue  # the first word of a known name ("عين اليوم", a newspaper whose اليوم is also 'today')
            if row["type"] == "Appeal" and self._prayer_at(i + n):
                continue  # "ودعا سموه المولى أن يحفظ": a prayer, not an appeal
            if row["pos"] == "light":
                continue
            if row["pos"] == "noun" and pre not in ("", "ال", "و", "وال", "بال", "لل", "ب", "ل", "ول"):
                continue
            if row["pos"] == "verb" and pre.endswith(("ال", "لل", "ل", "ب")):
                continue
            if row["pos"] == "noun" and i > 0 and self.toks[i - 1].norm in _DEMONSTRATIVES:
                # "هذه الهجمات": a later mention of an event already stated
                prev = [e for e in self.x.events if e.type == row["type"]]
                if prev:
                    prev[-1].mentions.append(self.span(i, i + n, len(pre)))
                continue
            self.make_event(i, n, pre, row)

    def _prayer_at(self, k: int) -> bool:
        """God is addressed at token k, directly or after a pronoun honorific
        ("دعا الله", "ودعا سموه المولى"): the دعا before it is a prayer. A
        name with الله ("دعا عبد الله بن زايد", "حسن نصر الله") is not."""
        if k < self.n and self.toks[k].norm in self._PRONOUN_HONORIFICS:
            k += 1
        return k < self.n and self.toks[k].norm in _GOD

    def make_event(self, i: int, n: int, pre: str, row: dict) -> None:
        lo, hi = self.clause_bounds(i)
        etype = row["type"]
        trig = self.span(i, i + n, len(pre))
        verb_i = i
        if row["pos"] == "noun":
            # a governing light verb: "سيعقد الوفد عدة لقاءات", "أجرى اتصالا"
            for b in range(i - 1, max(lo, i - 6) - 1, -1):
                lm = self.trigger_at(b)
                if lm and lm[2]["pos"] == "light":
                    verb_i = b
                    break
        status = self.status_of(verb_i, self._prefix_of(verb_i), lo)
        # arguments: agents after the trigger up to the next trigger of another event
        end = hi
        for k in range(i + n, hi):
            m = self.trigger_at(k)
            if m and m[2]["pos"] == "verb" and k > i + n + 2:
                end = k
                break
            if etype in ("Meet", "Phone") and self._is_topic(k):
                end = k  # "بحث … تطورات الأوضاع في اليمن": what follows is the topic
                break
        after = [(m, self._prep_before(m.i, i + n)) for m in self.agent_mentions(i + n, end)]
        between = self.agent_mentions(verb_i + 1, i) if verb_i != i else []
        before = self.agent_mentions(lo, verb_i)
        subj = None
        if i in self.trigger_suffix:
            # the pronoun's antecedent acts: "خلال استقباله X" (he received X)
            ante = self.antecedent(i)
            if ante is not None:
                subj = ante
        adjacent = [m for m in before if m.j >= verb_i - 1 and m.type != PLACE and self._prep_before(m.i, lo) == ""]
        if subj is not None:
            pass
        elif between:
            subj = between[0]
        elif adjacent:
            subj = adjacent[-1]  # SVO: "الأمير محمد بن سلمان يغادر القاهرة"
        elif after and after[0][1] == "" and after[0][0].type != PLACE and (
                row["pos"] == "verb" and self.role_start_of.get(after[0][0].i, after[0][0].i) - (i + n) <= 4
                or after[0][0].i - (i + n) <= 1 and not (etype == "Visit" and after[0][0].type == ORGANIZATION)):
            # (the genitive of "زيارة مركز X" is where the visit goes, not who visits)
            subj = after[0][0]  # VSO subject, or the genitive of a noun ("هجمات نظام الأسد")
            after = after[1:]
        elif row["pos"] == "verb" and after and after[0][1] == P_FROM and after[0][0].type == ORGANIZATION \
                and after[0][0].i == i + n + 2 and self.toks[i + n].is_word and self.claimed[i + n] is None \
                and self.toks[i + n + 1].norm == P_FROM:
            # "هاجم مسلحون من تنظيم داعش قوات الجيش": an indefinite VSO subject of the organisation's members
            subj = after[0][0]
            after = after[1:]
        else:
            subj = self.subject_fallback(verb_i, lo, before)
            if row["pos"] == "noun" and verb_i == i and etype == "Visit":
                return  # "زيارة" with no visitor of its own: a mention, not an event
        actors: list[str] = []
        recips: list[str] = []
        if subj is not None:
            actors.append(subj.key)
        place = None
        for m, p in after:
            if m.type == "Delegation" and m.i > 0 and self.toks[m.i - 1].norm in ("برفقه", "بصحبه"):
                actors.append(m.key)
            elif etype in ("Meet", "Phone") and p in (P_WITH, "ب"):
                actors.append(m.key)
            elif etype == "Meet" and p == "" and (row["pos"] == "verb" or m.type == PERSON):
                (recips if row["direction"] == "host-first" else actors).append(m.key)
            elif etype == "Phone" and p in ("", P_FROM):
                recips.append(m.key)
            elif etype == "Appeal" and p in (P_FROM, "", P_TO) and m.type != PLACE or \
                    etype == "Appeal" and p == P_FROM:
                recips.append(m.key)
            elif etype == "Visit" and m.type == PLACE and p in ("", P_TO):
                place = place or m.key
            elif etype == "Attack" and p in (P_ON, "") and m.type != PLACE:
                recips.append(m.key)
            elif etype == "Elect" and p == "" and m.type == PERSON and not recips and not any(
                    self.toks[x].norm.startswith("خلف") for x in range(max(i + n, m.i - 2), m.i)):
                # "عين الملك سلمان الأمير خالد الفيصل": who is appointed (one; not the predecessor
                # "خلفا لوالده الشيخ سعيد")
                recips.append(m.key)
        if row["direction"] == "host-first" and etype == "Meet" and recips:
            # "استقبل A B": B is the visitor (actor), A the host
            actors, recips = recips, actors
        if row["direction"] == "host-first" and etype == "Phone":
            actors, recips = recips or actors, (actors if recips else [])
        place = place or self.event_place(i + n, min(end, i + n + 30), etype)
        if place is None and etype == "Meet":
            place = self.dateline_place
        date = None
        for k in range(lo, hi):
            dm = self.date_at.get(k)
            if dm is not None and dm.date is not None:
                date = dm.date
                if dm.tense == "future" and status == "Occurred":
                    status = "Planned"
                break
        if date and self.art.published and date > self.art.published and status == "Occurred":
            status = "Planned"
        if not any(self.x.expand_actor(a) for a in actors):
            return
        parties = {p for a in actors + recips for p in self.x.expand_actor(a)}
        if etype == "Meet" and len(parties) == 1 and row["pos"] == "noun":
            # "ويشتمل برنامج الزيارة على لقاء X": in a visit report, the visitor meets X
            visit = next((v for v in reversed(self.x.events) if v.type == "Visit" and v.actors), None)
            if visit is not None and visit.actors[0] not in actors:
                actors.insert(0, visit.actors[0])
                parties |= set(self.x.expand_actor(visit.actors[0]))
        if etype in ("Meet", "Phone") and len(parties) < 2:
            return  # a meeting or a call needs two parties
        if etype in ("Meet", "Phone", "Visit") and all(
                self.x.entities.get(a) is not None and self.x.entities[a].type == PLACE for a in actors + recips):
            return  # "التعاون بين المملكة وليسوتو": countries alone do not meet
        self.x.events.append(Event(
            type=etype, trigger=trig, status=status, actors=_uniq(actors),
            recipients=[r for r in _uniq(recips) if r not in actors], place=place, date=date,
            sentence=self.sents[self.sent_of[i]], mentions=[trig]))

    def antecedent(self, k: int) -> _Mention | None:
        """The referent of a possessive pronoun at token k: the first actor
        of the latest earlier event, else the nearest earlier person."""
        for ev in reversed(self.x.events):
            if ev.trigger.begin < self.toks[k].begin and ev.actors:
                key = ev.actors[0]
                m = next((mm for mm in self.mentions if mm.key == key and mm.i < k), None)
                if m is not None:
                    return m
        persons = [m for m in self.mentions if m.type == PERSON and m.j <= k]
        return max(persons, key=lambda m: m.i) if persons else None

    def subject_fallback(self, verb_i: int, lo: int, before: list) -> _Mention | None:
        """The subject of a verb whose subject is not stated after it: the
        actor of an earlier event of the same sentence ("غادر X ... التقى
        خلالها بـY"), else the nearest person, organisation or delegation
        before it that no preposition governs (a headline's SVO order), else
        such a country."""
        sent = self.sent_of[verb_i]
        free = [m for m in before if self._prep_before(m.i, lo) == ""]
        for ev in reversed(self.x.events):
            if ev.sentence is not None and ev.sentence == self.sents[sent] and ev.actors:
                # a person named since that event is the nearer subject ("… سيقدم رئيس
                # الائتلاف، هادي البحرة، خطابا … يطلب فيه")
                later = [m for m in free if self.toks[m.i].begin > ev.trigger.end and m.type == PERSON]
                if later:
                    return later[-1]
                key = ev.actors[0]
                m = next((mm for mm in before if mm.key == key), None)
                if m is not None:
                    return m
        for m in reversed(free):
            if m.type != PLACE:
                return m
        return free[-1] if free else None

    def _is_topic(self, k: int) -> bool:
        t = self.toks[k]
        return t.is_word and any(st in self.lex.topics or st.removeprefix("ال") in self.lex.topics
                                 for _p, st in _strip_clitic(t.norm, ("و", "ب", "ل", "ف")))

    def event_place(self, lo: int, hi: int, etype: str) -> str | None:
        """The place of an event: the first place mention in tokens [lo, hi)
        governed by إلى (visits), في, or على (attacks); a bare direction
        ("على الشمال") stands for the article's "شمال X" place."""
        allowed = {"Visit": ("", P_TO, P_IN), "Attack": (P_ON, P_IN)}.get(etype, (P_IN, "ب"))
        for k in range(lo, hi):
            mm = self.mention_at(k)
            if mm and mm.type == PLACE:
                venue = self.x.entities[mm.key].place_kind in ("Airport", "Palace", "Base", "Port")
                if self._prep_before(k, lo) in allowed or venue and etype == "Meet":
                    return mm.key  # "لدى وصوله مطار الخرطوم": a venue needs no preposition
                continue
            t = self.toks[k]
            if mm is None and t.norm.startswith("ال") and t.norm[2:] in _DIRECTION_KEYS \
                    and self._prep_before(k, lo) in allowed:
                for ent in self.x.entities.values():
                    if ent.type == PLACE and normalize(ent.label).startswith(t.norm[2:] + " "):
                        ent.alt_labels.add(t.text)
                        ent.mentions.append(self.span(k, k + 1))
                        return ent.key
        return None

    def _prefix_of(self, k: int) -> str:
        m = self.trigger_at(k)
        return m[1] if m else ""

    def _prep_before(self, k: int, lo: int) -> str:
        """The preposition governing the mention at token k: its clitic
        (ب, ل), or a preposition word up to four words before it with only
        nouns and adjectives between ("من الدولة الصديقة فرنسا"); مع wins
        over a nearer من ("مع مسؤولين من وزارة الخارجية"). A role phrase
        before a holder's name is skipped. Returns a normalised preposition
        or ""."""
        m = self.mention_at(k)
        if m and m.prefix_len:
            pre = self.toks[k].norm[: m.prefix_len].removeprefix("و").removeprefix("ف")
            if pre in ("ب", "ل"):
                return pre
            if self.toks[k].norm.startswith("و") and k - 1 >= lo:
                # "بين المملكة وليسوتو": a conjoined mention shares the preposition of the one before
                prev = next((mm for mm in self.mentions if mm.j == k), None)
                if prev is not None:
                    return self._prep_before(prev.i, lo)
        p = self.role_start_of.get(k, k) - 1
        found = ""
        words = 0
        while p >= lo and words < 4:
            t = self.toks[p]
            if not t.is_word:
                break
            if self.claimed[p] in (PERSON, ORGANIZATION, "DELEGATION", PLACE, "DATE", "NISBA"):
                break  # another argument stands between: "في بيروت رئيس الوزراء X"
            w = t.norm[1:] if t.norm[:1] in ("و", "ف") and t.norm[1:] in _PREPS else t.norm
            # a preposition attached to an honorific or a title: "بفخامة الرئيس", "لسمو"
            hm = self.at_honorifics(p) or self.at_roles(p)
            if hm and hm[1].lstrip("وف")[:1] in ("ب", "ل"):
                return hm[1].lstrip("وف")[:1]
            if w in _PREPS:
                if w == P_WITH:
                    return P_WITH
                if found:
                    break
                found = w
                if w != P_FROM:
                    return found
            elif found:
                # only nouns like "مسؤولين" may stand between مع and من
                pass
            words += 1
            p -= 1
        return found

    def _no_prep_before(self, k: int, lo: int) -> bool:
        return self._prep_before(k, lo) == ""

    def attach_delegation(self) -> None:
        """A delegation with named members that no event names as actor
        travels with the article's first visit by a person ("ويضم الوفد
        المرافق لسمو ولي ولي العهد ...")."""
        for d in self.x.delegations.values():
            if not d.members or any(d.key in ev.actors for ev in self.x.events):
                continue
            for ev in self.x.events:
                if ev.type == "Visit" and any(self.x.entities.get(a) is not None
                                              and self.x.entities[a].type == PERSON for a in ev.actors):
                    ev.actors.append(d.key)
                    break

    def places_from_visits(self) -> None:
        """A meeting that names no place, held by a visitor, is held where
        the visit goes ("يلتقي الوفد خلال الزيارة رئيس الوزراء")."""
        for ev in self.x.events:
            if ev.type != "Meet" or ev.place is not None or ev.sentence is None:
                continue
            words = {normalize(w) for w in re.findall(r"\w+", ev.sentence.text)}
            reception = normalize(ev.trigger.text).lstrip("وفبل").startswith(("استقبال", "مستقبل", "الاستقبال"))
            if not words & {"خلال", "خلالها"} and not reception:
                continue  # only a meeting "during the visit", or a reception, is placed by it
            people = {p for a in ev.actors + ev.recipients for p in self.x.expand_actor(a)}
            for v in self.x.events:
                if v.type == "Visit" and v.place and people & {p for a in v.actors for p in self.x.expand_actor(a)}:
                    ev.place = v.place
                    break

    def merge_events(self) -> None:
        """In-article event coreference: the same type with overlapping
        actors and compatible places (equal, unknown, or one inside the
        other's country) are one event; the first keeps the others' mentions.
        Attack mentions with a demonstrative ("هذه الهجمات") were dropped
        for lack of actors."""
        merged: list[Event] = []

        def people(ev: Event) -> set[str]:
            out = set()
            for a in ev.actors:
                out.update(self.x.expand_actor(a))
                out.add(a)
            return out

        for ev in self.x.events:
            b = ev.trigger.begin
            word_start = max(self.text.rfind(" ", 0, b), self.text.rfind("\n", 0, b)) + 1
            trig = normalize(self.text[word_start:ev.trigger.end])
            # "حضر جلسة المباحثات X وY": a definite noun names the meeting already told
            attend = ev.sentence is not None and bool({normalize(w) for w in re.findall(r"\w+", ev.sentence.text)}
                                                      & _ATTEND)
            anaphoric = ev is not self.x.events[0] and attend and (
                trig.lstrip("وفبل").startswith("ال") or " ال" in trig) and ev.type == "Meet"
            for m in merged:
                if m.type != ev.type or not (people(m) & people(ev) or anaphoric and m is merged[-1]):
                    continue
                pm, pe = people(m) | set(m.recipients), people(ev) | set(ev.recipients)
                if ev.type in ("Meet", "Phone") and not anaphoric and not (pm <= pe or pe <= pm):
                    continue  # X met Y, then X met Z: two meetings
                if not self._places_compatible(m.place, ev.place):
                    continue
                if m.status != ev.status and "Negated" in (m.status, ev.status):
                    continue
                if m.date and ev.date and m.date != ev.date:
                    continue
                if m.recipients and ev.recipients and not (set(m.recipients) & set(ev.recipients)):
                    continue
                m.mentions.extend(ev.mentions)
                m.actors = _uniq(m.actors + ev.actors)
                m.recipients = [r for r in _uniq(m.recipients + ev.recipients) if r not in m.actors]
                m.place = self._specific_place(m.place, ev.place)
                m.date = m.date or ev.date
                # the body states the event more fully than a headline
                if ev.trigger.begin >= self.art.header_end > m.trigger.begin:
                    m.sentence, m.trigger = ev.sentence, ev.trigger
                break
            else:
                merged.append(ev)
        self.x.events = merged

    def _places_compatible(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None or a == b:
            return True
        ea, eb = self.x.entities[a], self.x.entities[b]
        return bool(ea.country and ea.country == eb.country and
                    "Country" in (ea.place_kind, eb.place_kind))

    def _specific_place(self, a: str | None, b: str | None) -> str | None:
        if a is None or b is None:
            return a or b
        if self.x.entities[a].place_kind == "Country" and self.x.entities[b].place_kind != "Country":
            return b
        return a


@dataclass(frozen=True)
class _Unlinked:
    """A place the gazetteer knows by name but cannot link unambiguously."""

    kind: str
    geonames: int | None = None
    name: str = ""
    country: str | None = None
    lat: float | None = None
    long: float | None = None


def _strip_marks(s: str) -> str:
    """The word without diacritics, tatweel and format characters, but with
    its letters (ى, ة, hamza) as written."""
    return "".join(c for c in s if not ("\u064b" <= c <= "\u065f" or c in "\u0670\u0640")
                   and not unicodedata.category(c) == "Cf")


def _role_labels(row: dict) -> dict[str, str]:
    """Arabic and English labels of the org:Role of a role key: the first
    singular title with that key in roles.tsv, and the key itself."""
    for r in _rows("roles"):
        if r["key"] == row["key"] and r["number"] == "sg":
            return {"ar": r["surface"], "en": row["key"]}
    return {"ar": row["surface"], "en": row["key"]}


def _uniq(xs: list[str]) -> list[str]:
    seen, out = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _label_of(row: dict) -> str:
    return row.get("name", "")


def _singular(role_text: str) -> str:
    """Singular form of a plural role title, by the role lexicon's rows of
    the same key ("نواب الرئيس" → "نائب الرئيس")."""
    lex = _lexicons()
    m = lex.roles.get(role_text)
    if not m:
        return role_text
    for r in _rows("roles"):
        if r["key"] == m["key"] and r["number"] == "sg" and r["scope"] == m["scope"] and \
                len(r["surface"].split()) == len(role_text.split()):
            return r["surface"]
    return role_text
