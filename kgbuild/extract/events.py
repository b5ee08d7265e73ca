"""Events component: which trigger words state an event of their type here,
and with which status.

Shapes::

    Doc.tokens --triggers.tsv--> [Trigger(i, j, row, prefix, feats)]
    Trigger --trigger model--> an event? --status model--> occurred | planned | possible | negated

Candidates over-generate: every match of the language pack's trigger
lexicon (``lexicon/triggers.tsv``, verbs and nouns after CAMEO 2.0 and
PLOVER classes), whatever the context; the trigger model learned from the
gold decides (a sports "match", a prayer "دعا الله", a metaphor give none).
The rules' own event on the same trigger is a feature. Participants, place
and date are :mod:`kgbuild.extract.arguments`' job; merging the mentions of
one event is :mod:`kgbuild.extract.coref`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import functools

from kgbuild.extract.doc import PREFIXES, Doc, Match
from kgbuild.extract.features import bucket, is_adjective
from kgbuild.extract.models import Models, word_clusters
from kgbuild.lang import read_lexicon
from kgbuild.model import ORGANIZATION, PERSON, PLACE
from kgbuild.text import PhraseMatcher, Token, normalize

#: Cue words looked for this many tokens before and after a trigger.
CUE_WINDOW = 4


@dataclass
class Trigger:
    """A trigger candidate: tokens ``[i, j)``, its lexicon ``row`` (type,
    pos, direction), the clitic ``prefix`` of its first word, the rules'
    event on it (or None) and the trigger model's features."""

    i: int
    j: int
    row: dict
    prefix: str
    rules_event: object
    feats: dict

    @property
    def type(self) -> str:
        return self.row["type"]


#: Pronoun suffixes and the accusative alif an Arabic noun or verb may carry
#: after a trigger word ("زيارته", "استقبله", "هجوما"), longest first.
_AR_SUFFIXES = ("هما", "هم", "ها", "كم", "نا", "ه", "ا")


@functools.lru_cache(maxsize=None)
def trigger_matcher(lang: str) -> PhraseMatcher:
    """A matcher over the language pack's ``triggers.tsv`` and
    ``trigger_candidates.tsv``; each value is a tuple of rows, one per event
    type the phrase may state."""
    pm = PhraseMatcher(prefixes=PREFIXES.get(lang, ("",)))
    names = ["triggers", "trigger_candidates"]
    for name in names:
        try:
            rows = read_lexicon(lang, name)
        except FileNotFoundError:
            continue
        for row in rows:
            cur = pm.get(row["surface"]) or ()
            if any(r["type"] == row["type"] for r in cur):
                continue
            pm.add(row["surface"], (*cur, row))
    return pm


def _scan_triggers(lang: str, tokens: list[Token]) -> list[Match]:
    """Longest trigger matches left to right, one Match per event type a
    phrase may state. A one-word match keeps every reading of the word
    ("ودعت": ودع 'bade farewell', a meeting, and و + دعت 'called', an
    appeal). Arabic single words are also tried without a pronoun suffix or
    accusative alif (a ت before the suffix read as ة, a hamza seat ئ/ؤ
    before it as ء: "لقائه" is لقاء + ه)."""
    pm = trigger_matcher(lang)
    out: list[Match] = []
    i, n = 0, len(tokens)
    while i < n:
        m = pm.match_at(tokens, i)
        t = tokens[i]
        if m is None and lang == "ar" and t.is_word and len(t.norm) >= 4:
            m = _suffixed(pm, t)
        if m is None:
            i += 1
            continue
        k, pre, rows = m
        seen = set()
        for row in rows:
            if _no_verb(lang, pre, row):
                continue
            seen.add(row["type"])
            out.append(Match(i, i + k, pre, row))
        if k == 1 and t.is_word:
            for other_pre, stem, _longest in pm.readings(t.norm):
                if other_pre == pre:
                    continue
                for row in pm.get(stem) or ():
                    if _no_verb(lang, other_pre, row):
                        continue
                    if row["type"] not in seen:
                        seen.add(row["type"])
                        out.append(Match(i, i + 1, other_pre, row))
        i += k
    return out


def _no_verb(lang: str, prefix: str, row: dict) -> bool:
    """Whether an Arabic reading puts a preposition before a verb: ب and ك
    attach to nouns, so "وبحث" is و + بحث 'discussed', not و + ب + حث
    'urged' (ل may: "ليزور", to visit)."""
    return lang == "ar" and row.get("pos") == "verb" and ("ب" in prefix or "ك" in prefix)


def _suffixed(pm: PhraseMatcher, t: Token):
    """A one-word trigger match of an Arabic word carrying a pronoun suffix
    or the accusative alif, or None."""
    for suf in _AR_SUFFIXES:
        if t.norm.endswith(suf) and len(t.norm) - len(suf) >= 3:
            stem = t.norm[:-len(suf)]
            if stem.endswith("ت"):
                cands = (stem[:-1] + "ه", stem)
            elif stem.endswith(("ئ", "ؤ")):
                cands = (stem[:-1] + "ء", stem)
            else:
                cands = (stem,)
            for cand in cands:
                m = pm.match_at([Token(t.begin, t.end, t.text, cand, True)], 0)
                # a clitic and a suffix around a three-letter core is too ambiguous
                # ("وزارة" is no "و + زار + ه")
                if m is not None and m[1] and len(cand) - len(m[1]) < 4:
                    m = None
                if m is not None:
                    return m
    return None


def find_triggers(doc: Doc) -> list[Trigger]:
    """Every trigger-lexicon match in the document with its features; stored
    in ``doc.triggers``. Deterministic (text order)."""
    toks = doc.tokens
    rules_at: dict[int, object] = {}
    for ev in doc.rules_events:
        for sp in [ev.trigger, *ev.mentions]:
            rules_at.setdefault(doc.token_at(sp.begin), ev)
    out = []
    posts_at = {k for p in doc.posts for k in range(p.i, p.j)}
    has_clusters = bool(word_clusters(doc.lang))
    for m in _scan_triggers(doc.lang, toks):
        row = m.row
        t = row["type"]
        inside = doc.mentions[doc.mention_of[m.i]] if doc.mention_of[m.i] >= 0 else None
        if inside is not None and inside.type == PERSON and inside.i < m.i:
            continue  # a word of a person's name ("أبو طالب", "علي بن أبي طالب") states no event
        s = doc.sent_of[m.i]
        si, sj = doc.sentence_tokens(s)
        f: dict[str, float] = {"bias": 1}
        words = " ".join(doc.word(k) for k in range(m.i, m.j))
        f[f"type={t}"] = 1
        f[f"w={words}"] = 1
        f[f"pos={row.get('pos', '')}"] = 1
        f[f"type_pos={t}|{row.get('pos', '')}"] = 1
        f[f"pre={m.prefix}"] = 1
        f[f"w-1={doc.word(m.i - 1)}"] = 1
        f[f"w+1={doc.word(m.j)}"] = 1
        f[f"type_w+1={t}|{doc.word(m.j)}"] = 1
        # the words' clusters: a neighbour unseen in training is used like ones seen
        if has_clusters:  # (none ship for English)
            f[f"type_c-1={t}|{doc.cluster(m.i - 1)}"] = 1
            f[f"type_c+1={t}|{doc.cluster(m.j)}"] = 1
        before = doc.mentions_in(si, m.i)
        after = doc.mentions_in(m.j, sj)
        for side, ms in (("b", before), ("a", after)):
            kinds = {_kind(doc, mm) for mm in ms}
            for kd in sorted(kinds):
                f[f"{side}_{kd}"] = 1
                f[f"type_{side}_{kd}={t}"] = 1
            f[f"{side}_n={bucket(len(ms))}"] = 1
        # the type with the kind of the nearest mention on each side ("أطلقت وزارة …" is no Attack)
        f[f"type_b1={t}|{_kind(doc, before[-1]) if before else '-'}"] = 1
        f[f"type_a1={t}|{_kind(doc, after[0]) if after else '-'}"] = 1
        near = [mm for mm in after if mm.i - m.j <= 3] + [mm for mm in before if m.i - mm.j <= 3]
        for kd in sorted({_kind(doc, mm) for mm in near}):
            f[f"near_{kd}"] = 1
        for c in sorted(doc.cue_in(m.i - CUE_WINDOW, m.i)):
            f[f"cue_b={c}"] = 1
            f[f"type_cue_b={t}|{c}"] = 1
        for c in sorted(doc.cue_in(m.j, m.j + CUE_WINDOW)):
            f[f"cue_a={c}"] = 1
        if m.i in posts_at:
            f["in_post"] = 1
        if inside is not None:
            f[f"in_name={inside.type}"] = 1  # "مدرسة علي بن أبي طالب", "قمة العشرين"
        if m.i and toks[m.i - 1].text.isdigit():
            f["after_number"] = 1  # "1800 طالب": students, not "demanded"
        rev = rules_at.get(m.i)
        if rev is not None:
            f["rules"] = 1
            f[f"rules_type={rev.type == t}"] = 1
            f[f"rules_status={rev.status}"] = 1
        in_head = bool(doc.headline_end) and toks[m.i].begin < doc.headline_end
        f[f"head={in_head}"] = 1
        f[f"sent={bucket(s)}"] = 1
        if any(d.span.begin >= toks[si].begin and d.span.end <= toks[sj - 1].end for d in doc.dates):
            f["has_date"] = 1
        if doc.lang == "ar" and m.prefix.endswith("س"):
            f["future_prefix"] = 1
        tense = _tense(doc, m.i, row, m.prefix)
        f[f"tense={tense}"] = 1
        f[f"type_tense={t}|{tense}"] = 1
        out.append(Trigger(m.i, m.j, row, m.prefix, rev, f))
    doc.triggers = out
    return out


def _tense(doc: Doc, k: int, row: dict, prefix: str = "") -> str:
    """The verb form of a trigger word, for the status decider: Arabic
    ``future`` (the particle س before an imperfect: سيزور, وسيطلب),
    ``imperfect`` (a present or future verb: يزور, تستقبل, after its
    clitics ``prefix`` as the trigger lexicon matched them) or
    ``perfect``; English ``past`` (-ed and the irregular past forms of the
    lexicon: met, went …), ``ing`` or ``base``; ``noun`` for a nominal
    trigger."""
    if row.get("pos") == "noun":
        return "noun"
    if doc.lang == "ar":
        norm = doc.tokens[k].norm
        w = norm[len(prefix):] if prefix and norm.startswith(prefix) else doc.word(k)
        if prefix.endswith("س") or (len(w) >= 4 and w[0] == "س" and w[1] in "يتن"):
            return "future"
        return "imperfect" if len(w) >= 4 and w[0] in "يتن" else "perfect"
    t = doc.tokens[k].norm
    if t.endswith("ed") or t in _EN_PAST:
        return "past"
    return "ing" if t.endswith("ing") else "base"


_EN_PAST = frozenset(("met", "went", "came", "left", "held", "flew", "spoke", "told", "fought", "struck", "shot",
                      "took", "won", "chose", "saw", "sought", "began", "rang", "swore"))


def _kind(doc: Doc, m) -> str:
    """A mention's kind for features: ``per``, ``org``, ``country`` (named),
    ``adj`` (a country named by its nationality adjective: "الفرنسية",
    "French"), ``loc`` (another place)."""
    if m.type == PERSON:
        return "per"
    if m.type == ORGANIZATION:
        return "org"
    if m.type == "Delegation":
        return "delegation"
    ent = doc.x.entities.get(m.key)
    if m.type == PLACE and ent is not None and ent.place_kind == "Country":
        return "adj" if is_adjective(doc, m) else "country"
    return "loc"


def status_features(doc: Doc, t: Trigger) -> dict:
    """The status model's features: the trigger's, plus cue words in the
    trigger's clause before it and just after, and the tense of the nearest
    date expression."""
    f = dict(t.feats)
    toks = doc.tokens
    si, sj = doc.sentence_tokens(doc.sent_of[t.i])
    for c in sorted(doc.cue_in(max(si, t.i - 8), t.i)):
        f[f"scue_b={c}"] = 1
    for c in sorted(doc.cue_in(t.j, min(sj, t.j + 6))):
        f[f"scue_a={c}"] = 1
    best = None
    for d in doc.dates:
        if toks[si].begin <= d.span.begin < toks[sj - 1].end:
            dist = abs(d.span.begin - toks[t.i].begin)
            if best is None or dist < best[0]:
                best = (dist, d)
    if best is not None:
        f[f"date_tense={best[1].tense}"] = 1
        pub = doc.article.published
        if best[1].date is not None and pub is not None:
            f[f"date_rel={'future' if best[1].date > pub else 'past' if best[1].date < pub else 'same'}"] = 1
    return f


def decide(doc: Doc, models: Models) -> list[tuple[Trigger, str]]:
    """The triggers that state an event, with their status (a capitalised
    :data:`kgbuild.model.STATUSES` value). Without a trigger model, the
    triggers of the rules' events with the rules' status."""
    tm, sm = models.get("trigger"), models.get("status")
    out = []
    for t in doc.triggers:
        if tm is None:
            if t.rules_event is None or t.rules_event.type != t.type:
                continue
        elif not tm.decide(t.feats):
            continue
        if sm is not None:
            status = sm.best(status_features(doc, t))
        else:
            status = t.rules_event.status if t.rules_event is not None else "Occurred"
        if negated(doc, t):
            status = "Negated"
        out.append((t, status))
    return out


@functools.lru_cache(maxsize=None)
def _negators(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The negation particles and the words that may stand between one and
    its verb, from ``kgbuild/lang/<lang>/lexicon/negators.tsv`` (normalised)."""
    rows = read_lexicon(lang, "negators")
    particles = frozenset(normalize(r["word"]) for r in rows if r["kind"] == "particle")
    aux = frozenset(normalize(r["word"]) for r in rows if r["kind"] == "aux")
    return particles, aux


def negated(doc: Doc, t: Trigger) -> bool:
    """Whether a negation particle of the language pack's negators.tsv
    governs the trigger: Arabic: the word right before it, with no clitic on
    the trigger ("لم يلتق", "لن يزور", "عدم زيارة"); English: a particle
    ("not", "n't", "never") before a verb trigger, only the lexicon's
    auxiliaries between ("did not meet", "has never visited"). A rule: the
    gold has 17 negated events in all, too few for the status model to learn
    the class (GOLD-FORMAT.md: ``negated``)."""
    particles, aux = _negators(doc.lang)
    k = t.i - 1
    if doc.lang == "ar":
        return k >= 0 and not t.prefix and doc.tokens[k].norm.lstrip("وف") in particles
    if t.row.get("pos") != "verb":
        return False
    while k >= 0 and doc.tokens[k].norm in aux:
        k -= 1
    return k >= 0 and doc.tokens[k].norm in particles
