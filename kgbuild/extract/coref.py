"""In-article event coreference: one event per meeting, visit or attack,
however often the article mentions it (GOLD-FORMAT.md: "One event per
meeting, not per pair"; ANNOTATION.md: title and body are one event).

Shapes::

    [Event] (one per accepted trigger, text order) --merge_events--> [Event]

Two events are one when they have the same type and share a participant
(after a delegation is expanded to its members; for an appeal, an attack or
an appointment: have the same participants, unless the first is the
headline's, which restates the body), or are stated in the same sentence. Their dates must
not differ. The merged event keeps the first trigger and lists the later
ones in ``mentions``; participants are united, the first known place and
date kept.
"""

from __future__ import annotations

from kgbuild.model import Event, Extraction

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
            restated = ev.type in GATHERINGS or prev.trigger.begin < headline_end  # a headline restates the body
            if mine and pp and (mine & pp if restated else mine == pp):
                target = n
                break
            if prev.sentence is not None and ev.sentence == prev.sentence:
                target = n
                break
        if target is None:
            out.append(ev)
            parts.append(set(mine))
            best.append([pc, dc])
            continue
        prev = out[target]
        conf = best[target]
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
