"""In-article event coreference: one event per meeting, visit or attack,
however often the article mentions it (GOLD-FORMAT.md: "One event per
meeting, not per pair"; ANNOTATION.md: title and body are one event).

Shapes::

    [Event] (one per accepted trigger, text order) --merge_events--> [Event]

Two events are one when they have the same type and share a participant
(after a delegation is expanded to its members), or are stated in the same
sentence. Their dates must
not differ. The merged event keeps the first trigger and lists the later
ones in ``mentions``; participants are united, the first known place and
date kept.
"""

from __future__ import annotations

from kgbuild.model import Event, Extraction


def merge_events(x: Extraction, events: list[Event]) -> list[Event]:
    """Merge coreferent events (module docstring). Input: events in text
    order; output: fewer or as many events, in the order of their first
    mention."""
    out: list[Event] = []
    parts: list[set[str]] = []
    for ev in events:
        mine = {k for a in (*ev.actors, *ev.recipients) for k in x.expand_actor(a)}
        target = None
        for n, (prev, pp) in enumerate(zip(out, parts)):
            if prev.type != ev.type:
                continue
            if prev.date is not None and ev.date is not None and prev.date != ev.date:
                continue
            if mine and pp and mine & pp:
                target = n
                break
            if prev.sentence is not None and ev.sentence == prev.sentence:
                target = n
                break
        if target is None:
            out.append(ev)
            parts.append(set(mine))
            continue
        prev = out[target]
        for k in ev.actors:
            if k not in prev.actors and k not in prev.recipients:
                prev.actors.append(k)
        for k in ev.recipients:
            if k not in prev.actors and k not in prev.recipients:
                prev.recipients.append(k)
        prev.place = prev.place or ev.place
        prev.date = prev.date or ev.date
        for sp in [ev.trigger, *ev.mentions]:
            if sp not in prev.mentions:
                prev.mentions.append(sp)
        parts[target] |= mine
    return out
