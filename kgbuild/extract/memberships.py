"""Memberships component: who holds which post where.

Shapes::

    Doc.posts × person mentions --candidates--> [PairCandidate]
    PairCandidate --membership model--> holds? --role model--> role key
    PairCandidate --org_candidates--> [OrgCandidate] --org model--> the body
    --> Extraction.memberships

Candidates over-generate: every post of :mod:`kgbuild.extract.posts` with
every person mentioned in its sentence within :data:`WINDOW_AFTER` tokens
after it or :data:`WINDOW_BEFORE` before it, and the further items of a
list that shares the title (a rule gives each item of such a list whose
body follows it with ل that body, ANNOTATION.md "a title shared by a list
gives one per person"). The body of a post is ranked
among the organisations and countries mentioned in the sentence, the
complement's nationality adjective, the article's publisher country and its
most mentioned country, and the country whose posts the dated
office-holders lexicon (``office_holders.tsv``) gives the person
(GOLD-FORMAT.md: a government post's body is the country, its government
or the ministry); whether a body lies in that country, and whether the
lexicon gives the person a role at the article's date, are features. The rules' own membership for the
pair is a feature, never the decision, when a model ships; without one the
rules' memberships are kept as they are.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from kgbuild.extract.doc import Doc, Mention
from kgbuild.extract.features import (bucket, country_entity, home_countries, is_adjective, known_countries,
                                      known_roles, org_head)
from kgbuild.extract.models import Models
from kgbuild.extract.posts import Post, singular_title
from kgbuild.model import ORGANIZATION, PERSON, PLACE, Membership, Span
from kgbuild.text import strip_clitics

#: The role keys of ../shared/corpus/GOLD-FORMAT.md ("Role keys"): the
#: role decider ranks them for each accepted person–post pair.
ROLE_KEYS = ("head of state", "president", "vice president", "prime minister", "deputy prime minister",
             "minister", "foreign minister", "defence minister", "interior minister", "ambassador",
             "representative", "envoy", "secretary general", "spokesperson", "coordinator", "member",
             "director", "chair", "leader", "commander", "adviser", "king", "crown prince", "emir", "prince",
             "governor", "mayor", "negotiator", "official")

#: The rules' body for a post is kept unless the org model scores another
#: candidate more than this above it (Arabic 5-fold memberships F1: margin
#: 0.5 0.671, 0.15 0.674, 0 0.674: the rules' default country, the
#: publisher's, was kept for foreign officials).
ORG_MARGIN = 0.15

#: An accepted pair whose best body scores below this gives no membership
#: (no candidate body is likely right: better none than a wrong one).
ORG_THRESHOLD = 0.25

#: Person mentions this many tokens after a title's complement are candidates …
WINDOW_AFTER = 14
#: … and those ending this many tokens before its start (a chain of titles
#: after a name: "محمد بن سلمان ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء
#: وزير الدفاع").
WINDOW_BEFORE = 16


@dataclass
class PairCandidate:
    """A (post, person) pair that may be a membership; ``feats`` are the
    membership model's features."""

    post: Post
    person: Mention
    feats: dict


@dataclass
class OrgCandidate:
    """A body a post may be held in: an entity ``key`` of the extraction,
    or a country ``iso`` code with no mention (the publisher's country);
    ``feats`` are the org model's features."""

    key: str | None
    iso: str | None
    feats: dict


def _rules_index(doc: Doc) -> dict:
    """(person key) → [(role key, organisation key, span)] of the rules."""
    out: dict[str, list] = {}
    for m in doc.rules_memberships:
        out.setdefault(m.person, []).append(m)
    return out


def pair_candidates(doc: Doc) -> list[PairCandidate]:
    """Every (post, person) pair of the document with its features
    (see the module docstring). Deterministic order: by post, then person
    position."""
    out = []
    rules = _rules_index(doc)
    posts = doc.posts
    toks = doc.tokens
    lang = doc.lang
    for pi, p in enumerate(posts):
        s = doc.sent_of[p.i]
        si, sj = doc.sentence_tokens(s)
        seen: dict[str, Mention] = {}
        for m in doc.mentions_in(si, sj):
            if m.type != PERSON or (p.i <= m.i < p.j):
                continue
            if (m.i >= p.j and m.i - p.end > WINDOW_AFTER) or (m.i < p.i and p.i - m.j > WINDOW_BEFORE):
                continue
            cur = seen.get(m.key)
            if cur is None or _dist(p, m) < _dist(p, cur):
                seen[m.key] = m
        chained = _list_chain(doc, p, si, sj, seen)
        persons = sorted(seen.values(), key=lambda m: (m.i, m.key))
        after = [m for m in persons if m.i >= p.j]
        before = [m for m in persons if m.i < p.i]
        for m in persons:
            f: dict[str, float] = {}
            key = p.key
            side = "after" if m.i >= p.j else "before"
            rank = (after.index(m) if side == "after" else len(before) - 1 - before.index(m))
            gap = (m.i - p.end) if side == "after" and m.i >= p.end else (m.i - p.j if side == "after" else p.i - m.j)
            gap = max(gap, 0)
            between = (p.j, m.i) if side == "after" else (m.j, p.i)
            f["bias"] = 1
            f[f"key={key}"] = 1
            f[f"scope={p.row.get('scope', '')}"] = 1
            f[f"num={p.row.get('number', '')}"] = 1
            f[f"side={side}"] = 1
            f[f"rank={side}{min(rank, 3)}"] = 1
            f[f"gap={side}{bucket(gap)}"] = 1
            f[f"gapc={side}{bucket(max(0, m.i - p.j) if side == 'after' else gap)}"] = 1
            f[f"key_side={key}|{side}{min(rank, 2)}"] = 1
            npers = sum(1 for o in persons if between[0] <= o.i < between[1])
            f[f"pers_between={min(npers, 2)}"] = 1
            # a title in the genitive of another ("السكرتير الخاص لخادم الحرمين الشريفين"): the
            # holder named after it holds the first title, not this one
            if any(q is not p and q.i < p.i <= q.end for q in posts):
                f["in_other_title"] = 1
                f[f"in_other_title_side={side}"] = 1
            nposts = sum(1 for q in posts if q is not p and between[0] <= q.i < between[1])
            f[f"posts_between={min(nposts, 2)}"] = 1
            if nposts:
                f[f"posts_between_side={side}"] = 1
            if side == "before":
                # a chain of titles after the name ("محمد بن سلمان ولي ولي العهد النائب الثاني لرئيس
                # مجلس الوزراء وزير الدفاع"): each is the person's; other words between say otherwise
                f[f"chain_free={min(_free_words(doc, m.j, p.i), 3)}|{min(nposts, 2)}"] = 1
            punct = {toks[k].text for k in range(*between) if not toks[k].is_word}
            for c in sorted(punct & {",", "،", "(", ")", ":", "-", '"', "«", "»"}):
                f[f"punct={c}"] = 1
            f[f"cues_between={'|'.join(sorted(doc.cue_in(*between) & {'said', 'list', 'with', 'to', 'former', 'in'}))}"] = 1
            words = [doc.word(k) for k in range(p.i, p.j)]
            f[f"title={' '.join(words)}"] = 1
            f[f"title0={words[0]}"] = 1
            # the complement names the body, and the body the role key ("رئيس اللجنة": chair)
            f[f"comp0={doc.word(p.j)}"] = 1
            f[f"title_comp0={words[-1]}|{doc.word(p.j)}"] = 1
            for cm in doc.mentions_in(p.j, p.end):
                if cm.type != PERSON:
                    ent = doc.x.entities.get(cm.key)
                    kd = "org" if cm.type == ORGANIZATION else (ent.place_kind or "place").lower() if ent else "place"
                    f[f"comp_kind={kd}"] = 1
                    f[f"title_comp_kind={words[-1]}|{kd}"] = 1
                    if cm.type == ORGANIZATION:
                        f[f"title_comp_head={words[-1]}|{org_head(doc, cm)}"] = 1
                    break
            f[f"pre={p.prefix}"] = 1
            f[f"w-1={doc.word(p.i - 1)}"] = 1
            if side == "after":
                f[f"w_after_person={doc.word(m.j)}"] = 1
            else:
                f[f"w_after_post={doc.word(p.j)}"] = 1
            f[f"plen={min(m.j - m.i, 4)}"] = 1
            if m.key in chained:
                f["list_chain"] = 1
            same = [r for r in rules.get(m.key, ())]
            if any(r.role == key for r in same):
                f["rules=same_role"] = 1
            elif same:
                f["rules=other_role"] = 1
            if any(r.span.begin <= toks[p.i].begin < r.span.end for r in same):
                f["rules=this_post"] = 1
            f[f"head={1 if doc.headline_end and toks[p.i].begin < doc.headline_end else 0}"] = 1
            held = known_roles(doc, m.key)
            if held:
                # the office-holders lexicon knows the person: does it give this title's role at the date?
                f[f"holder_post={key in held}"] = 1
            if lang == "en":
                f[f"case={toks[p.i].text[:1].isupper()}"] = 1
            out.append(PairCandidate(p, m, f))
    return out


#: Tokens at most between two persons of a list that shares one title …
CHAIN_GAP = 10


def _list_chain(doc: Doc, p: Post, si: int, sj: int, seen: dict[str, Mention]) -> set[str]:
    """The persons after the first of a list sharing the title ``p``
    ("تكليف د. أ مدير لمستشفى عرفات، و د. ب لمستشفى نمرة، و د. ج …": the
    title is written once), also beyond :data:`WINDOW_AFTER`. From the first
    person after the title, each next person of the sentence joins while at
    most :data:`CHAIN_GAP` tokens, a conjunction or comma among them and no
    other title, separate it from the previous one. Added to ``seen`` (key →
    mention); output: their keys."""
    after = sorted((m for m in seen.values() if m.i >= p.j), key=lambda m: m.i)
    if not after:
        return set()
    last = after[0]
    starts = {q.i for q in doc.posts}
    out = set()
    if _joined(doc, range(p.j, last.i)):
        out.add(last.key)  # the title came after the list's first item: the first after it is the second
    for m in doc.mentions_in(last.j, sj):
        if m.type != PERSON or m.i < last.j:
            continue
        gap = range(last.j, m.i)
        if len(gap) > CHAIN_GAP or not _joined(doc, gap) or any(k in starts for k in gap) \
                or any(doc.tokens[k].norm == ";" for k in gap):
            break
        seen.setdefault(m.key, m)
        out.add(m.key)
        last = m
    return out


def _joined(doc: Doc, gap: range) -> bool:
    """Whether tokens ``gap`` hold a comma or a conjunction (a word و, or
    one with و attached) joining two items of a list."""
    return any(doc.tokens[k].norm in ("،", ",", "و", "and") or
               (doc.lang == "ar" and doc.tokens[k].norm.startswith("و")) for k in gap)


def role_candidates(doc: Doc, pc: PairCandidate) -> list[tuple[str, dict]]:
    """The role keys a pair's post may have (:data:`ROLE_KEYS`, the
    lexicon's key first) with the role ranker's features: the key itself,
    whether the lexicon gives it, and the key paired with the title's last
    word, the word after the title and the head of the organisation in the
    complement ("رئيس" + "اللجنة": chair; "President" + a country:
    president)."""
    p = pc.post
    lex = p.key
    last = doc.word(p.j - 1)
    comp0 = doc.word(p.j)
    head, kind = "", ""
    for cm in doc.mentions_in(p.j, p.end):
        if cm.type != PERSON:
            ent = doc.x.entities.get(cm.key)
            kind = "org" if cm.type == ORGANIZATION else ((ent.place_kind or "place").lower() if ent else "place")
            head = org_head(doc, cm) if cm.type == ORGANIZATION else ""
            break
    scope = p.row.get("scope", "")
    keys = [lex, *(k for k in ROLE_KEYS if k != lex)]
    # "نظيره الروسي", "his Russian counterpart": the post of the title before it, in another country
    prev = _counterpart_of(doc, p) if scope == "counterpart" else None
    known = known_roles(doc, pc.person.key)  # the roles the office-holders lexicon gives at the date
    out = []
    for key in keys:
        f = {"bias": 1, f"k={key}": 1, f"lex={key == lex}": 1, f"lex_k={lex}|{key}": 1,
             f"last_k={last}|{key}": 1, f"comp0_k={comp0}|{key}": 1, f"kind_k={kind}|{key}": 1,
             f"scope_k={scope}|{key}": 1}
        if head:
            f[f"head_k={head}|{key}"] = 1
        if known:
            f[f"holder_role={key in known}"] = 1
        if prev is not None:
            f[f"counterpart_of={prev.key == key}"] = 1
        out.append((key, f))
    return out


def _counterpart_of(doc: Doc, p: Post) -> Post | None:
    """The title a counterpart title ("نظيره", "counterpart") refers to:
    the nearest title before it, in its sentence or the one before, that
    is no counterpart title itself; None when there is none."""
    s = doc.sent_of[p.i]
    best = None
    for q in doc.posts:
        if q.i >= p.i:
            break
        if q.row.get("scope") != "counterpart" and doc.sent_of[q.i] >= s - 1:
            best = q
    return best


#: Role keys of which a person holds one: a head of state's or a monarchy's
#: first posts. A title of one of them does not reach a name across a title
#: of another ("استقبل خادم الحرمين الشريفين الرئيس عبدالفتاح السيسي": the
#: king receives the president).
HEAD_KEYS = frozenset({"king", "president", "emir", "head of state"})


def _free_words(doc: Doc, i: int, j: int) -> int:
    """How many words of tokens ``[i, j)`` are neither a title's words nor
    part of a name mention (0 between a name and the titles chained after
    it)."""
    toks = doc.tokens
    n = 0
    for k in range(i, j):
        if not toks[k].is_word or doc.mention_of[k] >= 0:
            continue
        if any(q.i <= k < q.j for q in doc.posts):
            continue
        n += 1
    return n


def _head_title_between(doc: Doc, pc: PairCandidate) -> bool:
    """Whether a title of another :data:`HEAD_KEYS` key stands between the
    pair's post (itself of one) and its person."""
    p, m = pc.post, pc.person
    if p.key not in HEAD_KEYS:
        return False
    lo, hi = (p.j, m.i) if m.i >= p.j else (m.j, p.i)
    return any(q is not p and lo <= q.i and q.j <= hi and q.key in HEAD_KEYS and q.key != p.key
               for q in doc.posts)


def _dist(p: Post, m: Mention) -> int:
    return m.i - p.j if m.i >= p.j else p.i - m.j


def org_candidates(doc: Doc, pair: PairCandidate) -> list[OrgCandidate]:
    """The bodies the pair's post may be held in, with features: every
    organisation and place mentioned in the sentence, the country of a city
    the sentence names, the countries of the article's publisher and the
    country it mentions most, and the country the office-holders lexicon
    gives the person (:func:`kgbuild.extract.features.known_countries`;
    these three with no mention). ``holder=same|other``: whether a
    candidate's country is the lexicon's, when the lexicon knows the person.
    ``comp_head_rank``: a bare word of the title or its complement
    ("رئيس اللجنة") is the head of this organisation (0 for the nearest
    such). One candidate per entity, its nearest mention counting."""
    p = pair.post
    s = doc.sent_of[p.i]
    x = doc.x
    key = p.key
    scope = p.row.get("scope", "")
    # the nearest mention of every organisation and place: same sentence first, then by distance
    cands: dict[str, tuple[tuple[int, int], Mention]] = {}
    mentions, sents = _body_mentions(doc)
    for m, ms in mentions[bisect.bisect_left(sents, s - ORG_WINDOW):bisect.bisect_right(sents, s + ORG_WINDOW)]:
        ds = abs(ms - s)
        d = (m.i - p.j) if m.i >= p.j else (p.i - m.j) + 100
        rank = (ds, d)
        if m.key not in cands or rank < cands[m.key][0]:
            cands[m.key] = (rank, m)
    rules_orgs = {r.organization for r in doc.rules_memberships if r.person == pair.person.key and r.role == key}
    rules_any = {r.organization for r in doc.rules_memberships if r.person == pair.person.key}
    homes = home_countries(doc)
    # the countries whose posts the office-holders lexicon gives this person ("عبدالفتاح السيسي": EG)
    known = known_countries(doc, pair.person.key)

    def holder(f: dict, iso: str | None) -> None:
        if known:
            f[f"holder={'same' if iso in known else 'other'}"] = 1
    # the countries the article names, itself or through a place in it: a default country it never
    # names (a Saudi paper's story on Iraq) is weak evidence for an unqualified post
    named = {e.country for e in x.entities.values() if e.type == PLACE and e.country and e.mentions}
    # a title or complement ending in a bare organisation head ("رئيس اللجنة", "مدير الشركة",
    # "chairman of the committee"): the body named with that head, the nearest first
    bare = {strip_clitics(doc.tokens[k].norm) for k in range(p.i + 1, min(max(p.end, p.j), p.j + 2))
            if doc.tokens[k].is_word and doc.mention_of[k] < 0}
    head_rank: dict[str, int] = {}
    if bare:
        for k in sorted(cands, key=lambda k: (cands[k][0], k)):
            m = cands[k][1]
            if x.entities[k].type == ORGANIZATION and org_head(doc, m) in bare:
                head_rank[k] = len(head_rank)
    out = []
    for k in sorted(cands, key=lambda k: (cands[k][0], k)):
        (ds, d), m = cands[k]
        ent = x.entities[k]
        f: dict[str, float] = {"bias": 1}
        kind = "org" if ent.type == ORGANIZATION else (ent.place_kind or "place").lower()
        if kind == "country" and is_adjective(doc, m):
            kind = "adj"  # "الرئيس الكيني", "Kenyan President": the post's country
        in_comp = ds == 0 and p.j <= m.i < p.end
        side = "comp" if in_comp else ("far" if ds else ("after" if m.i >= p.j else "before"))
        f[f"kind={kind}"] = 1
        f[f"side={side}"] = 1
        f[f"sdist={bucket(ds)}"] = 1
        f[f"kind_side={kind}|{side}"] = 1
        f[f"key_kind={key}|{kind}"] = 1
        f[f"scope_kind={scope}|{kind}|{side}"] = 1
        if not ds:
            f[f"dist={side}{bucket(d % 100)}"] = 1
            # the word before the mention: "السفير البنغلاديشي لدى المملكة", "ambassador to Japan":
            # the country a post is held at, not in
            prev = doc.word(m.i - 1)
            f[f"prev={prev}"] = 1
            f[f"key_prev={key}|{prev}"] = 1
        if in_comp:
            f[f"comp_first={m.i == p.j}"] = 1
        head = org_head(doc, m) if ent.type == ORGANIZATION else ""
        if head:
            f[f"head={head}"] = 1
            f[f"key_head={key}|{head}"] = 1
        if k in head_rank:
            f[f"comp_head_rank={min(head_rank[k], 2)}"] = 1
            f[f"comp_head_side={side}"] = 1
        if ent.kind:
            f[f"ekind={ent.kind}"] = 1
        if k in rules_orgs:
            f["rules=same"] = 1
        elif k in rules_any:
            f["rules=other_role"] = 1
        if ent.country and ent.country in homes:
            f[f"home={homes[ent.country]}"] = 1
        if ent.parent:
            f["sub_unit"] = 1
        if not ds:
            f[f"between_person={pair.person.i < m.i < p.i or p.j <= m.i < pair.person.i}"] = 1
            if 0 <= m.i - pair.person.j <= 2:
                f["next_to_person"] = 1  # "و د. ب لمستشفى نمرة": the body said right after the holder
        f[f"count={bucket(doc.mention_counts.get(k, 0))}"] = 1
        holder(f, ent.country)
        out.append(OrgCandidate(k, None, f))
    # the rules' body for this person (a monarchy's implied kingdom, a country named elsewhere)
    for k in sorted((rules_orgs | rules_any) - set(cands)):
        ent = x.entities.get(k)
        if ent is None:
            continue
        kind = "org" if ent.type == ORGANIZATION else (ent.place_kind or "place").lower()
        f = {"bias": 1, "kind=rules_implied": 1, f"rules_kind={kind}": 1, f"key_kind={key}|rules_implied": 1,
             "rules=same" if k in rules_orgs else "rules=other_role": 1,
             f"country_named={ent.type == PLACE and ent.country in named}": 1}
        holder(f, ent.country)
        out.append(OrgCandidate(k, None, f))
        cands[k] = ((99, 0), None)
    have_iso = {x.entities[k].country for k in cands if x.entities[k].type == PLACE}
    # the country of a city named in the post's sentence ("مباحثات القاهرة بين الرئيس …"), when the
    # country itself is not named
    si, sj = doc.sentence_tokens(s)
    for m in doc.mentions_in(si, sj):
        ent = x.entities.get(m.key) if m.type == PLACE else None
        if ent is None or not ent.country or ent.place_kind == "Country" or ent.country in have_iso:
            continue
        have_iso.add(ent.country)
        f = {"bias": 1, "kind=implied": 1, "implied=city": 1, f"key_kind={key}|implied": 1,
             f"scope_kind={scope}|implied|city": 1}
        if ent.country in homes:
            f[f"home={homes[ent.country]}"] = 1
        holder(f, ent.country)
        out.append(OrgCandidate(None, ent.country, f))
    for iso, why in sorted(homes.items()):
        if iso in have_iso:
            continue
        f = {"bias": 1, "kind=implied": 1, f"implied={why}": 1, f"key_kind={key}|implied": 1,
             f"scope_kind={scope}|implied|{why}": 1, f"country_named={iso in named}": 1}
        if any(x.entities.get(o) is not None and x.entities[o].country == iso for o in rules_orgs):
            f["rules=same_country"] = 1
        holder(f, iso)
        out.append(OrgCandidate(None, iso, f))
        have_iso.add(iso)
    # the country the lexicon gives the person, when the article does not name it
    for iso in sorted(known - have_iso):
        f = {"bias": 1, "kind=implied": 1, "implied=holder": 1, f"key_kind={key}|implied": 1,
             f"scope_kind={scope}|implied|holder": 1, f"country_named={iso in named}": 1, "holder=same": 1}
        out.append(OrgCandidate(None, iso, f))
    return out


#: Sentences either side of a post within which its candidate bodies are
#: looked for (a body named further away is almost never the post's; the
#: bound keeps a very long text linear: 1.7 MB took 71 s without it).
ORG_WINDOW = 30


def _body_mentions(doc: Doc) -> tuple[list[tuple[Mention, int]], list[int]]:
    """The document's organisation and place mentions with their sentence
    index, in text order, and those indices alone (to bisect). Cached:
    org_candidates reads them for every pair."""
    hit = getattr(doc, "_body_mentions", None)
    if hit is None:
        ms = [(m, doc.sent_of[m.i]) for m in doc.mentions if m.type != PERSON and m.key in doc.x.entities]
        hit = doc._body_mentions = (ms, [s for _m, s in ms])
    return hit


def decide(doc: Doc, models: Models) -> list[Membership]:
    """Decide the memberships of a document and store them in
    ``doc.x.memberships``. With no membership model the rules' memberships
    are kept. Output: the memberships, in text order."""
    mm, rm, om = models.get("membership"), models.get("role"), models.get("org")
    x = doc.x
    if mm is None:
        x.memberships = list(doc.rules_memberships)
        return x.memberships
    # accepted pairs, grouped by (person, role key): a post restated in the
    # article is one membership, its body chosen over all its statements
    groups: dict[tuple[str, str], list[tuple[float, PairCandidate]]] = {}
    scored = [(mm.prob(pc.feats), pc) for pc in pair_candidates(doc) if not _head_title_between(doc, pc)]
    accepted = [(p, pc) for p, pc in scored if p > mm.threshold]
    # the items of a list sharing an accepted title, each with its own body ("تكليف د. أ مدير لمستشفى
    # عرفات، و د. ب لمستشفى نمرة"): the title's role, in the body said right after the item
    held = {pc.post.i for _p, pc in accepted if "list_chain" not in pc.feats}
    listed: dict[int, str] = {}
    for p, pc in scored:
        if "list_chain" in pc.feats and pc.post.i in held:
            body = _list_body(doc, pc.person.j)
            if body is not None and _list_body(doc, pc.post.j) is not None:
                listed[id(pc)] = body
                if p <= mm.threshold:
                    accepted.append((p, pc))
    # a singular title is held by one person: the best of its accepted pairs (a list sharing it aside)
    best_of_post: dict[int, float] = {}
    for p, pc in accepted:
        if pc.post.row.get("number") != "pl" and id(pc) not in listed:
            best_of_post[pc.post.i] = max(best_of_post.get(pc.post.i, 0.0), p)
    forced: dict[tuple[str, str], str] = {}
    for p, pc in accepted:
        if pc.post.row.get("number") != "pl" and p < best_of_post[pc.post.i] and "list_chain" not in pc.feats:
            continue
        if id(pc) in listed:
            forced[(pc.person.key, pc.post.key)] = listed[id(pc)]
            groups.setdefault((pc.person.key, pc.post.key), []).append((p, pc))
            continue
        if rm is not None:
            key = max(role_candidates(doc, pc), key=lambda kf: rm.prob(kf[1]))[0]
        else:
            key = pc.post.key
        groups.setdefault((pc.person.key, key), []).append((p, pc))
    out: list[Membership] = []
    for (person, key), pcs in groups.items():
        if (person, key) in forced:
            out.append(_membership(doc, person, forced[(person, key)], key, pcs))
            continue
        best_org: dict[tuple, float] = {}
        rules_org: set[tuple] = set()
        for _p, pc in pcs:
            for oc in org_candidates(doc, pc):
                sc = om.prob(oc.feats) if om is not None else 0.0
                ident = (oc.key or "", oc.iso or "")
                if sc > best_org.get(ident, -1.0):
                    best_org[ident] = sc
                if "rules=same" in oc.feats or "rules=same_country" in oc.feats:
                    rules_org.add(ident)
        if not best_org:
            continue
        org_key, iso = max(sorted(best_org), key=lambda o: best_org[o])
        # the rules' body stands unless the model prefers another by a clear margin
        for ident in sorted(rules_org):
            if best_org[ident] > best_org[(org_key, iso)] - ORG_MARGIN and best_org[ident] >= ORG_THRESHOLD:
                org_key, iso = ident
                break
        if om is not None and best_org[(org_key, iso)] < ORG_THRESHOLD:
            continue
        if not org_key:
            ent = country_entity(x, iso, doc.lang)
            if ent is None:
                continue
            org_key = ent.key
        out.append(_membership(doc, person, org_key, key, pcs))
    out.sort(key=lambda m: (m.span.begin, m.span.end, m.person, m.role))
    x.memberships = out
    return out


def _membership(doc: Doc, person: str, org_key: str, key: str, pcs: list) -> Membership:
    """The membership of a decided (person, role key, body), its provenance
    the first statement among ``pcs`` ([(prob, PairCandidate)])."""
    pc = min(pcs, key=lambda t: (t[1].post.i, t[1].person.i))[1]
    p = pc.post
    b = doc.tokens[p.i].begin + len(p.prefix)
    e = doc.tokens[p.j - 1].end
    span_b, span_e = min(b, pc.person.begin), max(e, pc.person.end)
    role_text = doc.article.text[b:e]
    if p.row.get("number") == "pl":
        role_text = singular_title(doc.lang, role_text, p.row["key"], p.row.get("scope", ""))
    return Membership(person=person, organization=org_key, role=key, role_text=role_text,
                      role_labels=_role_labels(p.row, role_text, doc.lang),
                      span=Span(span_b, span_e, doc.article.text[span_b:span_e]),
                      former=is_former(doc, pc))


def _list_body(doc: Doc, k: int) -> str | None:
    """The organisation named at token ``k`` with the preposition ل attached
    ("لمستشفى نمرة", "للمراكز الصحية"), as a list item's body; None when
    token k starts no such mention (English lists are not written so)."""
    mo = doc.mention_of[k] if 0 <= k < len(doc.tokens) else -1
    if mo < 0:
        return None
    m = doc.mentions[mo]
    if m.i != k or m.type != ORGANIZATION or doc.lang != "ar":
        return None
    return m.key if doc.tokens[k].norm.startswith("ل") and m.begin > doc.tokens[k].begin else None


def is_former(doc: Doc, pc: PairCandidate) -> bool:
    """Whether a statement of a post gives it as a past one: a cue of class
    ``former`` (cues.tsv: "السابق", "الأسبق", "سابقا"; "former", "ex")
    in the title, its complement or the word after them ("وزير الخارجية
    السعودي السابق"), or (English) in the two words before the title
    ("former U.S. President"); never past the person's name when the name
    follows the title. A rule, after ANNOTATION.md ("السابق", "former",
    "ex-" mark a former post)."""
    p = pc.post
    lo = p.i - (2 if doc.lang == "en" else 0)
    hi = max(p.end, p.j) + 1
    if pc.person.i >= p.j:
        hi = min(hi, pc.person.i)
    return "former" in doc.cue_in(lo, hi)


def _role_labels(row: dict, role_text: str, lang: str) -> dict[str, str]:
    labels = {lang: role_text}
    en = row.get("en") or row.get("key")
    if lang != "en" and en:
        labels["en"] = en
    return labels
