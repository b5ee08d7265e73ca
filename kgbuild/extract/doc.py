"""The shared document state that the extraction components read and extend.

Shapes::

    Article --rules extractor--> Extraction (names, the rules' facts)
    (Article, Extraction) --Doc--> tokens, sentences, entity mentions by token,
                                   posts, triggers, dates, cue words

A :class:`Doc` is built once per article by :func:`make_doc`; the components
(:mod:`kgbuild.extract.posts`, :mod:`~kgbuild.extract.memberships`,
:mod:`~kgbuild.extract.events`, :mod:`~kgbuild.extract.arguments`,
:mod:`~kgbuild.extract.coref`) add their layers to it, as spaCy's pipeline
components add theirs to a ``Doc``. Token indices are half-open ``[i, j)``
into ``Doc.tokens``; character offsets are into ``Article.text``.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

from kgbuild.dates import DateMention, find_dates
from kgbuild.extract.models import word_clusters
from kgbuild.lang import read_lexicon
from kgbuild.model import ORGANIZATION, PERSON, PLACE, Article, Extraction, Span
from kgbuild.text import PhraseMatcher, Token, normalize, sentences, tokenize

#: Proclitic strings a word may carry before a lexicon entry, per language
#: (Arabic: conjunctions و/ف, prepositions ب/ل/ك, the future prefix س and
#: the article; their combinations). English words carry none.
PREFIXES = {
    "ar": ("و", "ف", "ب", "ل", "ك", "س", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "ول", "فب",
           "فل", "وس", "فس", "وك"),
    "en": ("",),
}


@dataclass(frozen=True)
class Mention:
    """An entity mention: tokens ``[i, j)``, characters ``[begin, end)``
    (without an attached clitic), the entity's ``type`` and ``key`` in the
    extraction."""

    i: int
    j: int
    begin: int
    end: int
    type: str
    key: str


@dataclass(frozen=True)
class Match:
    """A lexicon phrase found in the text: tokens ``[i, j)``, the clitic
    ``prefix`` removed from its first word, and the lexicon ``row``."""

    i: int
    j: int
    prefix: str
    row: dict


@dataclass
class Doc:
    """One article's state for the components (see the module docstring).

    Attributes:
        article: the article.
        x: the extraction being built (the rules' names, later the
            components' memberships and events).
        rules: the rules' own memberships and events, kept as features.
        tokens: :func:`kgbuild.text.tokenize` tokens.
        sents: sentence spans; ``sent_of[k]`` the sentence of token k.
        mentions: entity mentions sorted by position; ``mention_of[k]`` the
            index in ``mentions`` of the longest mention covering token k, or -1.
        dates: date expressions (:func:`kgbuild.dates.find_dates`).
        cues: token index → cue classes (``lexicon/cues.tsv``) of the
            phrase starting there.
        posts, triggers: filled by :mod:`kgbuild.extract.posts` and
            :mod:`kgbuild.extract.events`.
    """

    article: Article
    x: Extraction
    rules_memberships: list
    rules_events: list
    tokens: list[Token]
    sents: list[Span]
    sent_of: list[int]
    mentions: list[Mention]
    mention_of: list[int]
    dates: list[DateMention]
    cues: dict[int, tuple[str, int]]
    posts: list = field(default_factory=list)
    triggers: list = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.article.lang

    def reset_caches(self) -> None:
        """Forget what was computed from the mentions (after the names
        component replaced them)."""
        for name in ("_mention_starts", "mention_counts", "_homes", "_dateline", "_dateline_only",
                     "_body_mentions", "_known_posts"):
            self.__dict__.pop(name, None)

    @functools.cached_property
    def begins(self) -> list[int]:
        return [t.begin for t in self.tokens]

    def token_at(self, offset: int) -> int:
        """Index of the token containing (or first after) character ``offset``."""
        k = bisect.bisect_right(self.begins, offset) - 1
        if k < 0:
            return 0
        return k if offset < self.tokens[k].end else k + 1

    def sentence_tokens(self, s: int) -> tuple[int, int]:
        """Token range ``[i, j)`` of sentence ``s``."""
        return self._sent_ranges[s]

    @functools.cached_property
    def _sent_ranges(self) -> list[tuple[int, int]]:
        out = [[len(self.tokens), 0] for _ in self.sents]
        for k, s in enumerate(self.sent_of):
            r = out[s]
            r[0] = min(r[0], k)
            r[1] = max(r[1], k + 1)
        return [(a, b) if a < b else (0, 0) for a, b in out]

    def mentions_in(self, i: int, j: int) -> list[Mention]:
        """Mentions whose first token lies in ``[i, j)``, in text order."""
        lo = bisect.bisect_left(self._mention_starts, i)
        hi = bisect.bisect_left(self._mention_starts, j)
        return self.mentions[lo:hi]

    @functools.cached_property
    def _mention_starts(self) -> list[int]:
        return [m.i for m in self.mentions]

    def cue_in(self, i: int, j: int) -> set[str]:
        """Cue classes of the cue phrases starting in tokens ``[i, j)``."""
        out: set[str] = set()
        for k in range(max(i, 0), min(j, len(self.tokens))):
            c = self.cues.get(k)
            if c:
                out.add(c[0])
        return out

    def word(self, k: int) -> str:
        """Token k's normalised form without a leading clitic or article
        (``""`` outside the text or for punctuation kept as itself)."""
        if k < 0 or k >= len(self.tokens):
            return "<none>"
        t = self.tokens[k]
        return _stem(t.norm, self.lang) if t.is_word else t.norm

    def cluster(self, k: int) -> str:
        """The fine word cluster of token k's word
        (:func:`kgbuild.extract.models.word_clusters`), ``"-"`` when the
        word has none (outside the text, punctuation, a rare word, a
        language without clusters)."""
        wc = word_clusters(self.lang).get(self.word(k))
        return wc[1] if wc is not None else "-"

    @functools.cached_property
    def place_countries(self) -> frozenset[str]:
        """ISO codes of the countries of the rules' places (named countries,
        nationality adjectives, linked cities): the article's countries, as
        context for reading a place name (computed once, on first use)."""
        return frozenset(e.country for e in self.x.entities.values() if e.type == PLACE and e.country)

    @functools.cached_property
    def mention_counts(self) -> dict[str, int]:
        """Entity key → number of its mentions."""
        out: dict[str, int] = {}
        for m in self.mentions:
            out[m.key] = out.get(m.key, 0) + 1
        return out

    @functools.cached_property
    def headline_end(self) -> int:
        """Character offset where the body starts: the end of the first
        sentence when it is the title, else the article header's end."""
        art = self.article
        if art.header_end:
            return art.header_end
        if self.sents and art.title and normalize(self.sents[0].text).strip() == normalize(art.title).strip():
            return self.sents[0].end
        return 0

    @functools.cached_property
    def body_start(self) -> int:
        """Index of the first token of the body (after :attr:`headline_end`)."""
        return self.token_at(self.headline_end) if self.headline_end else 0


@functools.lru_cache(maxsize=65536)
def _stem(norm: str, lang: str) -> str:
    if lang != "ar":
        return norm
    for pre in ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"):
        if norm.startswith(pre) and len(norm) - len(pre) >= 2:
            return norm[len(pre):]
    if len(norm) >= 4 and norm[0] in "وفبل":
        return norm[1:]
    return norm


def stem(norm: str, lang: str) -> str:
    """A normalised word without its leading clitics and article (Arabic:
    وال/بال/لل/ال … and one و ف ب ل when four letters or more remain); the
    word itself in English. A cheap stand-in for a morphological analyser,
    used only to form feature strings."""
    return _stem(norm, lang)


@functools.lru_cache(maxsize=None)
def matcher(lang: str, lexicon: str) -> PhraseMatcher:
    """A longest-match :class:`~kgbuild.text.PhraseMatcher` over a language
    pack lexicon's ``surface`` column and its candidate-only companions
    (:data:`EXTRA_LEXICONS`: ``roles`` + ``post_candidates``), with the
    language's proclitics (:data:`PREFIXES`); each value is the row dict.
    Arabic entries written without the article are also added with it
    (``رئيس`` → ``الرئيس``) when the lexicon is ``roles``. Raises
    FileNotFoundError for a missing main lexicon."""
    pm = PhraseMatcher(prefixes=PREFIXES.get(lang, ("",)))
    for name in (lexicon, *EXTRA_LEXICONS.get(lexicon, ())):
        try:
            rows = read_lexicon(lang, name)
        except FileNotFoundError:
            if name != lexicon:
                continue
            raise
        for row in rows:
            if name != lexicon and row["surface"] in pm:
                continue  # the main lexicon's entry wins
            pm.add(row["surface"], row)
            if lang == "ar" and lexicon == "roles":
                w = row["surface"].split()
                if not w[0].startswith("ال"):
                    alt = " ".join(["ال" + w[0], *w[1:]])
                    if alt not in pm:
                        pm.add(alt, row)
    return pm


#: Candidate-only lexicons read with a main lexicon by :func:`matcher`
#: (the rules extractors read the main lexicon alone).
EXTRA_LEXICONS = {"roles": ("post_candidates",)}


def scan(lang: str, lexicon: str, tokens: list[Token]) -> list[Match]:
    """Non-overlapping longest matches of a lexicon, left to right."""
    return [Match(i, i + n, pre, row) for i, n, pre, row in matcher(lang, lexicon).find_all(tokens)]


def make_mentions(x: Extraction, tokens: list[Token]) -> tuple[list[Mention], list[int]]:
    """The entity mentions of an extraction over a token list, sorted by
    position, and for each token the index of the longest mention covering
    it (-1 for none)."""
    begins = [t.begin for t in tokens]
    mentions = []
    for ent in x.entities.values():
        if ent.type not in (PERSON, ORGANIZATION, PLACE):
            continue
        for sp in ent.mentions:
            i = bisect.bisect_right(begins, sp.begin) - 1
            if i < 0 or tokens[i].end <= sp.begin:
                i += 1
            j = bisect.bisect_left(begins, sp.end)
            if i < j:
                mentions.append(Mention(i, j, sp.begin, sp.end, ent.type, ent.key))
    mentions.sort(key=lambda m: (m.i, -m.j, m.type, m.key))
    mention_of = [-1] * len(tokens)
    for n, m in enumerate(mentions):
        for k in range(m.i, m.j):
            cur = mention_of[k]
            if cur < 0 or (mentions[cur].j - mentions[cur].i) < (m.j - m.i):
                mention_of[k] = n
    return mentions, mention_of


def make_doc(article: Article, x: Extraction) -> Doc:
    """Build the document state from an article and the rules' extraction
    of it. The rules' memberships and events move to ``rules_memberships``
    and ``rules_events`` (features for the deciders); ``x`` keeps the
    entities and delegations. Raises nothing for odd text."""
    text = article.text
    tokens = x.work.get("tokens") or tokenize(text)
    sents = sentences(text)
    sent_of = [0] * len(tokens)
    si = 0
    for k, t in enumerate(tokens):
        while si + 1 < len(sents) and t.begin >= sents[si].end:
            si += 1
        sent_of[k] = si
    x_mentions, mention_of = make_mentions(x, tokens)
    cues = {m.i: (m.row["cue"], m.j) for m in scan(article.lang, "cues", tokens)}
    dates = x.work["dates"] if "dates" in x.work else find_dates(text, article.published, article.lang)
    doc = Doc(article=article, x=x, rules_memberships=list(x.memberships), rules_events=list(x.events),
              tokens=tokens, sents=sents, sent_of=sent_of, mentions=x_mentions, mention_of=mention_of,
              dates=dates, cues=cues)
    x.memberships = []
    x.events = []
    return doc
