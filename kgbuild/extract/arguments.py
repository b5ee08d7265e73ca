"""Event arguments component: the participants, place and date of an event.

Shapes::

    (Doc, Trigger) --participant_candidates--> [ArgCandidate(key)] --participant model--> in or out
    (Doc, Trigger) --place_candidates--> [ArgCandidate(key | None)] --place model--> the best
    (Doc, Trigger) --date_candidates--> [ArgCandidate(date | None)] --date model--> the best

Candidates: every person, organisation and country mentioned in the
trigger's sentence, the rules' actors and recipients, the members of a
delegation mentioned there, and the subject of the previous sentence
(participants); every place of the sentence, the rules' place, the
dateline's place, the places of the previous sentence and of the
headline, and "none" (place); every resolved date expression of the
sentence, the rules' date, the publication date, and "none" (date).

The part a participant plays (actor or recipient: the host of a visit, the
addressee of an appeal, the target of an attack; CAMEO 042/043) follows the
trigger's ``direction`` and the participant's side of the trigger, or the
rules' choice when they made one; in a meeting or a call every party acts.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from kgbuild.extract.doc import Doc, Mention
from kgbuild.extract.events import Trigger, _kind
from kgbuild.extract.features import bucket, is_agency
from kgbuild.model import ORGANIZATION, PERSON, PLACE

#: Event types whose parties all act (no recipient).
SYMMETRIC = ("Meet", "Phone", "Elect")


@dataclass
class ArgCandidate:
    """A candidate argument value (an entity key, a date, or None for
    "none") with the model's features and the token where it is stated
    (-1 when it is not in the sentence)."""

    value: object
    feats: dict
    at: int = -1
    side: str = ""


def _is_party(doc: Doc, m: Mention) -> bool:
    if m.type in (PERSON, ORGANIZATION):
        return True
    ent = doc.x.entities.get(m.key)
    return m.type == PLACE and ent is not None and ent.place_kind == "Country"


def participant_candidates(doc: Doc, t: Trigger) -> list[ArgCandidate]:
    """The entities that may take part in the event of trigger ``t``."""
    s = doc.sent_of[t.i]
    si, sj = doc.sentence_tokens(s)
    typ = t.type
    direction = t.row.get("direction", "")
    x = doc.x
    rev = t.rules_event
    r_act = set(_expand(doc, rev.actors)) if rev is not None else set()
    r_rec = set(_expand(doc, rev.recipients)) if rev is not None else set()
    near: dict[str, Mention] = {}
    lead = dateline_end(doc)
    refs = post_references(doc, si, sj)
    for m in [*doc.mentions_in(si, sj), *refs]:
        if not _is_party(doc, m) or t.i <= m.i < t.j or m.i < lead <= t.i or _reporter(doc, m.key):
            continue
        cur = near.get(m.key)
        if cur is None or _d(t, m) < _d(t, cur):
            near[m.key] = m
    by_post = {id(m) for m in refs}
    extra: dict[str, str] = {}
    # a delegation is one candidate (kgb:Delegation: its members, or the body it represents), whether the
    # rules made it a party or it is mentioned in the sentence; its members do not stand alone
    in_delegation: set[str] = set()
    for d in x.delegations.values():
        used = rev is not None and d.key in (*rev.actors, *rev.recipients)
        said = [doc.token_at(sp.begin) for sp in d.mentions if si <= doc.token_at(sp.begin) < sj]
        said = [k for k in said if not (t.i <= k < t.j)]
        if said:
            # mentioned in the sentence ("سيناقش الوفد"): a candidate placed like the others
            k = min(said, key=lambda k: abs(k - t.i))
            near[d.key] = Mention(k, k + 1, doc.tokens[k].begin, doc.tokens[k].end, "Delegation", d.key)
        elif used:
            extra[d.key] = "delegation"
        if said or used:
            in_delegation.update(x.expand_actor(d.key))
        if rev is not None and d.key in rev.actors:
            r_act.add(d.key)
        if rev is not None and d.key in rev.recipients:
            r_rec.add(d.key)
    # a party named only in the dateline is its reporter (the rules take "KANO (AFP) - Gunmen attacked" for AFP's)
    dated = _dateline_only(doc)
    for k in sorted(r_act | r_rec):
        if k not in near and k in x.entities and k not in in_delegation and not (k in dated and lead <= t.i) \
                and not _reporter(doc, k):
            extra[k] = "rules"
    if s > 0 and not any(m.type == PERSON and m.i < t.i for m in near.values()):
        pi, pj = doc.sentence_tokens(s - 1)
        for m in doc.mentions_in(pi, pj):
            if m.type in (PERSON, ORGANIZATION) and not _reporter(doc, m.key):
                if m.key not in near:
                    extra.setdefault(m.key, "prev_subject")
                break
    posts = doc.posts
    holders = {m.person for m in doc.rules_memberships}
    before = sorted((m for m in near.values() if m.i < t.i), key=lambda m: -m.i)
    after = sorted((m for m in near.values() if m.i >= t.j), key=lambda m: m.i)
    out = []
    first_i = min((m.i for m in near.values()), default=-1)
    trig_at = sorted(o.i for o in doc.triggers)
    for k in sorted(near, key=lambda k: (near[k].i, k)):
        m = near[k]
        side = "b" if m.i < t.i else "a"
        rank = before.index(m) if side == "b" else after.index(m)
        gap = (t.i - m.j) if side == "b" else (m.i - t.j)
        kd = _kind(doc, m)
        ent = x.entities.get(k)
        f: dict[str, float] = {"bias": 1}
        f[f"kind={kd}"] = 1
        f[f"type_kind={typ}|{kd}"] = 1
        f[f"side={side}"] = 1
        f[f"rank={side}{min(rank, 3)}"] = 1
        f[f"type_rank={typ}|{side}{min(rank, 2)}"] = 1
        f[f"gap={side}{bucket(gap)}"] = 1
        f[f"dir_side={direction}|{side}"] = 1
        # conjunctions a linear model cannot form itself: who stands where, for which type
        f[f"type_side_kind={typ}|{side}|{kd}"] = 1
        f[f"type_gap={typ}|{side}{bucket(gap)}"] = 1
        f[f"wprev={doc.word(m.i - 1)}"] = 1
        cues = doc.cue_in(m.i - 2, m.i)
        for c in sorted(cues):
            f[f"cue={c}"] = 1
            f[f"type_cue={typ}|{c}"] = 1
        inside = next((p for p in posts if p.j <= m.i < p.end), None)
        if id(m) in by_post:
            f["by_post"] = 1
            f[f"type_by_post={typ}"] = 1
        if inside is not None:
            f["in_post_complement"] = 1
            f[f"in_post_kind={kd}"] = 1
        if k in holders:
            f["holds_post"] = 1
        if k in r_act:
            f["rules_actor"] = 1
        if k in r_rec:
            f["rules_recipient"] = 1
        rules_part = "actor" if k in r_act else "recipient" if k in r_rec else "none" if rev is not None else "no_event"
        f[f"rules_kind={rules_part}|{kd}"] = 1
        f[f"rules_type={rules_part}|{typ}"] = 1
        between = doc.mentions_in(min(m.j, t.j), max(m.i, t.i))
        f[f"between={bucket(len(between))}"] = 1
        f[f"first={m.i == first_i}"] = 1
        f[f"count={bucket(doc.mention_counts.get(k, 0))}"] = 1
        # another trigger starts between the candidate and this one (the trigger itself never does)
        trig_between = bisect.bisect_left(trig_at, max(m.i, t.i)) > bisect.bisect_left(trig_at, min(m.j, t.j))
        f[f"trig_between={trig_between}"] = 1
        out.append(ArgCandidate(k, f, m.i, side))
    for k, why in sorted(extra.items()):
        ent = x.entities.get(k)
        kd = "delegation" if ent is None else "per" if ent.type == PERSON else \
            "org" if ent.type == ORGANIZATION else "country"
        if ent is None and rev is not None:
            if k in rev.actors:
                r_act.add(k)
            if k in rev.recipients:
                r_rec.add(k)
        f = {"bias": 1, f"kind={kd}": 1, f"type_kind={typ}|{kd}": 1, f"far={why}": 1, f"type_far={typ}|{why}": 1,
             f"count={bucket(doc.mention_counts.get(k, 0))}": 1}
        if k in r_act:
            f["rules_actor"] = 1
        if k in r_rec:
            f["rules_recipient"] = 1
        if k in holders:
            f["holds_post"] = 1
        out.append(ArgCandidate(k, f, -1, "far"))
    return out


def post_references(doc: Doc, si: int, sj: int) -> list[Mention]:
    """Titles in tokens ``[si, sj)`` that name a person by post alone ("الرئيس
    المصري", "خادم الحرمين الشريفين", "the minister"), as mentions of that
    person: the one person whom the rules' memberships of the article give
    the title's role or a kind of it ("minister": "foreign minister") and,
    when the title's complement or the word before it names bodies or
    countries ("الرئيس المصري", "Turkish foreign minister"), one of them. A
    plural title, the catch-all role ``official``, a one-word title with no
    body or country beside it ("الوزير", "the minister": too often another
    minister's), a title with a person's name beside it (one token before,
    three after) or inside a rules membership's span name no one by
    themselves. Output: PERSON mentions over the titles' tokens, in text
    order; none for a title two or more persons may hold."""
    if not doc.posts or not doc.rules_memberships:
        return []
    out = []
    toks = doc.tokens
    for p in doc.posts:
        if not si <= p.i < sj:
            continue
        b, e = toks[p.i].begin, toks[p.j - 1].end
        if any(r.span.begin <= b and e <= r.span.end for r in doc.rules_memberships):
            continue
        near = doc.mentions_in(max(si, p.i - 4), min(sj, p.end + 3))
        if any(m.type == PERSON and (p.i - 1 <= m.j - 1 < p.i or p.j <= m.i < p.end + 3) for m in near):
            continue
        if p.row.get("number") == "pl" or p.key == "official":
            continue
        said = {m.key for m in near if m.type != PERSON and (p.j <= m.i < p.end or m.j == p.i)}
        if not said and p.j - p.i < 2:
            continue
        held = [r for r in doc.rules_memberships if r.role == p.key or r.role.endswith(" " + p.key)]
        holders = {r.person for r in held if not said or r.organization in said}
        if len(holders) != 1:
            continue
        out.append(Mention(p.i, p.j, b, e, PERSON, holders.pop()))
    return out


def _reporter(doc: Doc, key: str) -> bool:
    """Whether an entity is a news agency, newspaper or broadcaster
    (:func:`kgbuild.extract.features.is_agency`): it reports the events, it
    is no party to them (one of the 1,198 participants of the shared gold
    is one: Reuters, called by a minister)."""
    ent = doc.x.entities.get(key)
    return ent is not None and ent.type == ORGANIZATION and is_agency(ent, doc.lang)


def _d(t: Trigger, m: Mention) -> int:
    return t.i - m.j if m.i < t.i else m.i - t.j


def _expand(doc: Doc, keys) -> list[str]:
    out = []
    for k in keys:
        out.extend(doc.x.expand_actor(k))
    return out


def parts(t: Trigger, chosen: list[ArgCandidate]) -> tuple[list[str], list[str]]:
    """Split the chosen participants into actors and recipients (module
    docstring). Output: two lists of entity keys, in text order."""
    if not chosen:
        return [], []
    if t.type in SYMMETRIC:
        return [c.value for c in chosen], []
    actors, recips = [], []
    host_first = t.row.get("direction") == "host-first"
    for c in chosen:
        if "rules_recipient" in c.feats:
            recips.append(c.value)
        elif "rules_actor" in c.feats:
            actors.append(c.value)
        elif (c.side == "b") != host_first or c.side == "far":
            actors.append(c.value)
        else:
            recips.append(c.value)
    if not actors and recips:
        actors.append(recips.pop(0))
    return actors, recips


def place_candidates(doc: Doc, t: Trigger) -> list[ArgCandidate]:
    """The places the event of ``t`` may be at, and "none": the places of
    the trigger's sentence, the rules' place, the dateline's place, and the
    places of the previous sentence and of the headline."""
    s = doc.sent_of[t.i]
    si, sj = doc.sentence_tokens(s)
    rev = t.rules_event
    x = doc.x
    typ = t.type
    near: dict[str, Mention] = {}
    for m in doc.mentions_in(si, sj):
        if m.type != PLACE:
            continue
        cur = near.get(m.key)
        if cur is None or _d(t, m) < _d(t, cur):
            near[m.key] = m
    dateline = _dateline_place(doc)
    out = [ArgCandidate(None, {"bias": 1, "none": 1, f"none_type={typ}": 1, f"none_n={bucket(len(near))}": 1,
                               f"none_rules={rev is not None and rev.place is None}": 1})]
    keys = sorted(near, key=lambda k: (near[k].i, k))
    for extra in (rev.place if rev is not None else None, dateline):
        if extra and extra not in near and extra in x.entities and extra not in keys:
            keys.append(extra)
    # the places of the previous sentence and of the headline: an event's place is often said once
    # for several sentences ("arrived in Goa … held talks")
    context: dict[str, tuple[str, Mention]] = {}
    if s > 0:
        pi, pj = doc.sentence_tokens(s - 1)
        for m in doc.mentions_in(pi, pj):
            if m.type == PLACE:
                context.setdefault(m.key, ("prev", m))
    for m in doc.mentions_in(0, doc.body_start):
        if m.type == PLACE:
            context.setdefault(m.key, ("head", m))
    for k in sorted(context):
        if k not in near and k not in keys and k in x.entities:
            keys.append(k)
    for k in keys:
        ent = x.entities[k]
        m = near.get(k)
        kind = (ent.place_kind or "place").lower()
        if m is not None and kind == "country" and _kind(doc, m) == "adj":
            kind = "adj"
        f = {"bias": 1, f"kind={kind}": 1, f"type_kind={typ}|{kind}": 1}
        if m is not None:
            side = "b" if m.i < t.i else "a"
            f[f"side={side}"] = 1
            f[f"gap={side}{bucket(_d(t, m))}"] = 1
            f[f"wprev={doc.word(m.i - 1)}"] = 1
            for c in sorted(doc.cue_in(m.i - 2, m.i)):
                f[f"cue={c}"] = 1
                f[f"type_cue={typ}|{c}"] = 1
            if any(p.j <= m.i < p.end for p in doc.posts):
                f["in_post_complement"] = 1
        else:
            f["far"] = 1
            if k in context:
                why, cm = context[k]
                f[f"context={why}"] = 1
                f[f"type_context={typ}|{why}"] = 1
                f[f"kind_context={kind}|{why}"] = 1
                # a place said there after "in"/"to"/"في"/"إلى", and none in the trigger's sentence
                f[f"context_wprev={doc.word(cm.i - 1)}"] = 1
                f[f"context_n={why}|{bucket(len(near))}"] = 1
        if rev is not None and rev.place == k:
            f["rules"] = 1
        if k == dateline:
            f["dateline"] = 1
        f[f"count={bucket(doc.mention_counts.get(k, 0))}"] = 1
        out.append(ArgCandidate(k, f, m.i if m is not None else -1))
    return out


#: Dashes that close a dateline ("KANO, Nigeria (AFP) -", "الرياض - واس -").
DATELINE_DASHES = ("-", "–", "—")


def dateline_end(doc: Doc) -> int:
    """The token after the dateline that opens the body ("KANO, Nigeria
    (AFP) - Gunmen attacked …": the dateline's agency and place report the
    news, they take no part in it): the token after the last dash standing
    between spaces among the body's first ten tokens, or the body's first
    token when none. Cached."""
    hit = getattr(doc, "_dateline_end", None)
    if hit is not None:
        return hit
    start = out = doc.body_start
    text = doc.article.text
    for k in range(start, min(start + 10, len(doc.tokens))):
        tok = doc.tokens[k]
        # a dash standing apart, not the hyphen of a name ("al-Jubeir", "Abdel-Aziz")
        if tok.text in DATELINE_DASHES and text[tok.begin - 1:tok.begin].isspace() \
                and text[tok.end:tok.end + 1].isspace():
            out = k + 1
    doc._dateline_end = out
    return out


def _dateline_only(doc: Doc) -> frozenset[str]:
    """Keys of the entities the article names in its dateline
    (:func:`dateline_end`) and nowhere else, headline included. Cached
    (reset with the document's mentions)."""
    hit = getattr(doc, "_dateline_only", None)
    if hit is not None:
        return hit
    start, lead = doc.body_start, dateline_end(doc)
    inside, outside = set(), set()
    for m in doc.mentions:
        (inside if start <= m.i < lead else outside).add(m.key)
    doc._dateline_only = out = frozenset(inside - outside)
    return out


def _dateline_place(doc: Doc) -> str | None:
    """The place named at the very start of the body ("الرياض - واس", "MOSCOW
    1996-08-27"), if any: the first place mention within the first four
    tokens of the body."""
    hit = getattr(doc, "_dateline", 0)
    if hit != 0:
        return hit
    out = None
    start = doc.body_start
    for m in doc.mentions_in(start, start + 4):
        if m.type == PLACE:
            out = m.key
            break
    doc._dateline = out
    return out


def date_candidates(doc: Doc, t: Trigger) -> list[ArgCandidate]:
    """The dates the event of ``t`` may have, and "none"."""
    s = doc.sent_of[t.i]
    si, sj = doc.sentence_tokens(s)
    toks = doc.tokens
    rev = t.rules_event
    typ = t.type
    pub = doc.article.published
    b, e = toks[si].begin, toks[sj - 1].end
    out = [ArgCandidate(None, {"bias": 1, "none": 1, f"none_type={typ}": 1, f"none_pub={pub is not None}": 1,
                               f"none_rules={rev is not None and rev.date is None}": 1})]
    seen: dict[dt.date, ArgCandidate] = {}
    for d in doc.dates:
        if d.date is None or not (b <= d.span.begin < e):
            continue
        k = doc.token_at(d.span.begin)
        side = "b" if k < t.i else "a"
        gap = abs(k - t.i)
        f = {"bias": 1, "in_sentence": 1, f"side={side}": 1, f"gap={side}{bucket(gap)}": 1,
             f"tense={d.tense}": 1, f"relative={d.relative}": 1, f"type_rel={typ}|{d.relative}": 1}
        if pub is not None:
            f[f"vs_pub={'after' if d.date > pub else 'before' if d.date < pub else 'same'}"] = 1
        if d.date in seen:
            continue
        if d.relative and not d.tense:
            f["weekday_last"] = 1
        seen[d.date] = ArgCandidate(d.date, f, k)
        if d.relative and not d.tense and pub is not None and d.date < pub and d.date + dt.timedelta(days=7) > pub:
            # a bare weekday reads as the latest such day; an event still to come ("يزور … الثلاثاء", "will
            # visit on Tuesday") means the next one: both are candidates, the trigger's tense decides
            nxt = d.date + dt.timedelta(days=7)
            g = {"bias": 1, "in_sentence": 1, "weekday_next": 1, f"side={side}": 1, f"type_rel={typ}|next": 1}
            for c in ("future_prefix", "cue_b=future", "cue_a=future"):
                if c in t.feats:
                    g[f"next_{c}"] = 1
            if t.rules_event is not None:
                g[f"next_rules_status={t.rules_event.status}"] = 1
            if nxt not in seen:
                seen[nxt] = ArgCandidate(nxt, g, k)
    for dd in sorted(seen):
        out.append(seen[dd])
    for val, why in ((rev.date if rev is not None else None, "rules"), (pub, "published")):
        if val is None:
            continue
        if val in seen:
            seen[val].feats[why] = 1
            continue
        f = {"bias": 1, f"far={why}": 1, f"type_far={typ}|{why}": 1, f"nsent={bucket(len(seen))}": 1}
        if why == "published" and rev is not None and rev.date == pub:
            f["rules"] = 1
        c = ArgCandidate(val, f)
        seen[val] = c
        out.append(c)
    return out
