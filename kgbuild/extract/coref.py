"""In-article event coreference: one event per meeting, visit or attack,
however often the article mentions it (GOLD-FORMAT.md: "One event per
meeting, not per pair"; ANNOTATION.md: title and body are one event).

Shapes::

    [Event] (one per accepted trigger, text order) --merge_events--> [Event]

Two events are one when they have the same type and share a participant
(after a delegation is expanded to its members), or are stated in the same
sentence; but:

* two meetings, visits or calls each naming a person the other lacks are
  two ("J met F" and "the meeting with F" are one; "J met F" and "J will
  meet M" are two meetings);
* an appeal, an attack or an appointment needs the same participants,
  unless the first is the headline's, which restates the body;
* their dates must not differ; in different sentences their statuses must
  not differ, nor their places lie apart (a held meeting and a planned one
  are two; so are talks in Riyadh and in Abu Dhabi). A headline's event
  merges with the body's first mention whatever its tense or place, and
  takes the body's status.

The merged event keeps the first trigger and lists the later ones in
``mentions``; participants are united, the first known place and
date kept.
"""

from __future__ import annotations

from kgbuild.model import PERSON, Event, Extraction

#: Event types stated again and again for one occurrence (a meeting, a visit,
#: a call): mentions sharing a participant are one event. An appeal, an
#: attack or an appointment is one event only with the same parties (two
#: requests by one delegation are two appeals).
GATHERINGS = ("Meet", "Visit", "Phone")



def merge_events(x: Extraction, events: list[Event],
                 confidence: list[tuple[float, float]] | None = None, headline_end: int = 0) -> list[Event]:
    """Merge coreferent events (module docstring). Input: events in text
    order and, optionally, the place and date deciders' confidence in each
    event's place and date (the merged event keeps the more confident, a
    city before its country on a tie), and where the body starts
    (``headline_end``: an event of the headline merges with a later one of
    its type sharing a participant, whatever the type). Output: fewer or as many events, in
    the order of their first mention."""
    out: list[Event] = []
    parts: list[set[str]] = []
    best: list[list[float]] = []
    told: list[bool] = []  # whether the event has a mention in the body yet (not the headline's alone)
    confidence = confidence or [(0.0, 0.0)] * len(events)
    for ev, (pc, dc) in zip(events, confidence):
        mine = {k for a in (*ev.actors, *ev.recipients) for k in x.expand_actor(a)}
        target = None
        for n, (prev, pp) in enumerate(zip(out, parts)):
            if prev.type != ev.type:
                continue
            if prev.date is not None and ev.date is not None and prev.date != ev.date \
                    and prev.sentence != ev.sentence:
                continue
            headline = prev.trigger.begin < headline_end
            # the headline restates the body's first mention, whatever its tense or place; the event then
            # takes the body's status, and later mentions must agree with it
            sure = best[n][0] >= PLACE_SURE and pc >= PLACE_SURE
            if told[n] and prev.sentence != ev.sentence and not _compatible(x, prev, ev, sure):
                continue
            restated = ev.type in GATHERINGS or headline  # a headline restates the body
            if mine and pp and (mine & pp and not _other_persons(mine, pp) if restated else mine == pp):
                target = n
                break
            if prev.sentence is not None and ev.sentence == prev.sentence:
                target = n
                break
        in_body = ev.trigger.begin >= headline_end
        if target is None:
            out.append(ev)
            parts.append(set(mine))
            best.append([pc, dc])
            told.append(in_body)
            continue
        prev = out[target]
        conf = best[target]
        if in_body and not told[target]:
            prev.status, told[target] = ev.status, True
        for k in ev.actors:
            if k not in prev.actors and k not in prev.recipients:
                prev.actors.append(k)
        for k in ev.recipients:
            if k not in prev.actors and k not in prev.recipients:
                prev.recipients.append(k)
        if ev.place is not None and (prev.place is None or pc > conf[0]):
            prev.place, conf[0] = _specific(x, ev.place, prev.place), pc
        else:
            prev.place = _specific(x, prev.place, ev.place)
        if ev.date is not None and (prev.date is None or dc > conf[1]):
            prev.date, conf[1] = ev.date, dc
        for sp in [ev.trigger, *ev.mentions]:
            if sp not in prev.mentions:
                prev.mentions.append(sp)
        parts[target] |= mine
    return out


def _other_persons(a: set[str], b: set[str]) -> bool:
    """Whether each of two participant sets holds a person the other lacks
    ("J met F", "J will meet M": two meetings of J). A body named on one
    side only (a government, its ministry) does not part them. (5-fold,
    with :func:`_compatible`: events F1 0.506 -> 0.546 Arabic, 0.528 ->
    0.576 English.)"""
    return any(k.startswith(PERSON + ":") for k in a - b) and any(k.startswith(PERSON + ":") for k in b - a)


#: The place decider's probability both places must reach before two
#: mentions whose places lie apart are kept apart (a place it is unsure of,
#: often the topic's: "سيناقش الوفد معاناة اللاجئين في لبنان", does not split
#: an event).
PLACE_SURE = 0.5


def _compatible(x: Extraction, a: Event, b: Event, sure: bool = True) -> bool:
    """Whether two events of different sentences may be one: the same
    status (a meeting held and one still planned are two), and places that
    are the same, unknown, one inside the other's country (Riyadh and
    Saudi Arabia; not Riyadh and Abu Dhabi), or not ``sure`` (the place
    decider's confidence in both below :data:`PLACE_SURE`)."""
    if a.status != b.status:
        return False
    if not sure or a.place is None or b.place is None or a.place == b.place:
        return True
    ea, eb = x.entities.get(a.place), x.entities.get(b.place)
    if ea is None or eb is None:
        return True
    if "Country" in (ea.place_kind, eb.place_kind):
        return ea.country is None or eb.country is None or ea.country == eb.country
    return False


def _specific(x: Extraction, a: str | None, b: str | None) -> str | None:
    """The more specific of two places of one event: a city, region or
    venue inside a country over that country ("باريس" over "فرنسا", as a
    headline's country and the body's city); else the first known."""
    if a is None or b is None or a == b:
        return a or b
    ea, eb = x.entities.get(a), x.entities.get(b)
    if ea is not None and eb is not None and ea.place_kind == "Country" and eb.place_kind != "Country" \
            and eb.country == ea.country:
        return b
    return a
