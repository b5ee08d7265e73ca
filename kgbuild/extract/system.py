"""The extraction pipeline: rules propose, models decide.

Shapes::

    Article --rules extractor (kgbuild.<lang>.rules.v1)--> Extraction: names, the rules' facts
            --make_doc--> Doc --posts--> --events.find_triggers-->   (candidates)
            --memberships.decide--> --events.decide--> --arguments--> --coref--> --identity--> Extraction

Where each decision is made, and by what:

=====================  ===============================  ==========================================
decision               component                        data / model
=====================  ===============================  ==========================================
names (proposed)       kgbuild.extract.arabic/english   lexicons, gazetteer (rules)
names (decided)        kgbuild.extract.names            models/<code>/names.crfsuite (CRF),
                                                        models/ar/word_clusters.tsv (features)
titles (posts)         kgbuild.extract.posts            lang/<code>/lexicon/roles.tsv
person holds post      kgbuild.extract.memberships      models/<code>/membership.json
role key               kgbuild.extract.memberships      models/<code>/role.json
body of the post       kgbuild.extract.memberships      models/<code>/org.json (ranks candidates)
trigger is an event    kgbuild.extract.events           triggers.tsv, trigger_candidates.tsv;
                                                        models/<code>/trigger.json
status                 kgbuild.extract.events           cues.tsv; models/<code>/status.json;
                                                        negators.tsv (rule: negated)
participants           kgbuild.extract.arguments        models/<code>/participant.json
place, date            kgbuild.extract.arguments        models/<code>/place.json, date.json
one event per meeting  kgbuild.extract.coref            (rule: same type, shared participant)
one entity per thing   kgbuild.extract.identity         place_parts.tsv, organizations.tsv, org_heads.tsv,
                                                        national_bodies.tsv (rules)
=====================  ===============================  ==========================================

A decider whose model is missing falls back to the rules' answer, so the
pipeline with no models at all gives the rules' extraction.
"""

from __future__ import annotations

from kgbuild.extract import arguments, coref, events, memberships, names
from kgbuild.extract.doc import Doc, make_doc
from kgbuild.extract.events import find_triggers
from kgbuild.extract.models import Models, shipped
from kgbuild.extract.posts import find_posts
from kgbuild.model import Article, Event, Extraction, Span
from kgbuild.extract.identity import merge_in_article

#: An event with no participant is kept only when its trigger's
#: probability exceeds this (GOLD-FORMAT.md: such events are rare, kept
#: only when their type is clear, a bombing or an air strike).
EMPTY_EVENT_THRESHOLD = 0.8

#: The best MIN_PARTIES participant candidates are kept when their
#: probability exceeds PARTY_FLOOR, even under the model's threshold: an
#: event has parties, and most have two (a meeting, a call, an attack).
MIN_PARTIES = 2
PARTY_FLOOR = 0.15

#: A party the rules gave the event on the same trigger is kept unless the
#: participant model's probability falls to this: the model vetoes the
#: rules' choice, it does not need to confirm it.
RULES_VETO = 0.1

#: Per language: when the rules gave the event parties, another candidate
#: joins them only above this probability. Measured on the 5-fold
#: participants of matched events: English rules 0.96 precise against the
#: model's 0.57, which this takes to 0.68 (events F1 0.537 -> 0.531, the
#: blind part's unchanged); Arabic rules 0.87 against 0.68, taken to 0.71
#: but events 0.503 -> 0.491 and the blind part's 0.439 -> 0.417: not set.
RULES_EXTRA: dict[str, float] = {"en": 0.8}


def prepare(article: Article, x: Extraction, tagger=None) -> Doc:
    """Build the document state and every candidate (posts, triggers) from
    an article and its rules extraction, after the names CRF (``tagger``,
    a ``pycrfsuite.Tagger``; None keeps the rules' names) decided the
    names."""
    doc = make_doc(article, x)
    find_posts(doc)
    if tagger is not None:
        names.decide(doc, tagger)
        find_posts(doc)
    find_triggers(doc)
    return doc


def decide(doc: Doc, models: Models) -> Extraction:
    """Run the deciders over a prepared document; returns ``doc.x`` with
    its memberships and events decided."""
    x = doc.x
    memberships.decide(doc, models)
    x.events = _decide_events(doc, models) if models.get("trigger") is not None else list(doc.rules_events)
    # in-article identity that needs the decided names, here so that the extraction a user reads, and
    # the scorer counts, is the one the graph holds
    merge_in_article(x)
    return x


def _decide_events(doc: Doc, models: Models) -> list[Event]:
    """The events of a prepared document: triggers, statuses, participants,
    places and dates decided by the models, then merged (coref)."""
    x = doc.x
    pm, plm, dm = models.get("participant"), models.get("place"), models.get("date")
    evs: list[Event] = []
    conf: list[tuple[float, float]] = []  # the place and date models' confidence per event
    toks = doc.tokens
    tm = models.get("trigger")
    for t, status in events.decide(doc, models):
        cands = arguments.participant_candidates(doc, t)
        if pm is not None:
            scored = sorted(((pm.prob(c.feats), n) for n, c in enumerate(cands)), reverse=True)
            ruled = {n for n, c in enumerate(cands) if "rules_actor" in c.feats or "rules_recipient" in c.feats}
            # where the rules named parties, others may need more evidence (RULES_EXTRA)
            extra = RULES_EXTRA.get(doc.lang, 0.0) if ruled else 0.0
            keep = {n for rank, (p, n) in enumerate(scored)
                    if (p > pm.threshold or (rank < MIN_PARTIES and p > PARTY_FLOOR)) and (n in ruled or p > extra)
                    or (p > RULES_VETO and n in ruled)}
            chosen = [c for n, c in enumerate(cands) if n in keep]
        else:
            chosen = [c for c in cands if "rules_actor" in c.feats or "rules_recipient" in c.feats]
        if not chosen and tm.prob(t.feats) <= EMPTY_EVENT_THRESHOLD:
            continue
        actors, recips = arguments.parts(t, chosen)
        place, pconf = _best(plm, arguments.place_candidates(doc, t)) if plm is not None else \
            (t.rules_event.place if t.rules_event is not None else None, 0.0)
        date, dconf = _best(dm, arguments.date_candidates(doc, t), DATE_MARGIN) if dm is not None else \
            (t.rules_event.date if t.rules_event is not None else None, 0.0)
        b = toks[t.i].begin + len(t.prefix)
        e = toks[t.j - 1].end
        trig = Span(b, e, doc.article.text[b:e])
        sent = doc.sents[doc.sent_of[t.i]]
        evs.append(Event(type=t.type, trigger=trig, status=status, actors=actors, recipients=recips,
                         place=place, date=date, sentence=sent, mentions=[trig]))
        conf.append((pconf, dconf))
    return coref.merge_events(x, evs, conf, doc.headline_end)


#: The rules' date of an event stands unless the date model scores another
#: candidate (or "none") this much higher, as the rules' body of a post does
#: (kgbuild.extract.memberships.ORG_MARGIN).
DATE_MARGIN = 0.15


def _best(model, cands, rules_margin: float = 0.0) -> tuple:
    """The best-scoring candidate's value and its probability; with a
    ``rules_margin``, the rules' candidate (feature ``rules``) when it scores
    within that margin of the best."""
    if not cands:
        return None, 0.0
    scored = [(model.prob(c.feats), -n) for n, c in enumerate(cands)]
    p, n = max(scored)
    if rules_margin:
        ruled = [(q, m) for q, m in scored if "rules" in cands[-m].feats and cands[-m].value is not None]
        if ruled and max(ruled)[0] > p - rules_margin:
            p, n = max(ruled)
    return cands[-n].value, p


class Pipeline:
    """The registered extractor of one language (``kgbuild.<lang>.v2``):
    the rules extractor, then the components with the shipped models (or
    the ``models`` given). Deterministic; ``extract`` raises nothing the
    rules extractor does not."""

    def __init__(self, lang: str, models: Models | None = None) -> None:
        from kgbuild.extract import DEFAULT_RULES, get_extractor

        self.lang = lang
        self.name = f"kgbuild.{lang}.v2"
        self.rules = get_extractor(DEFAULT_RULES[lang])
        self.models = models if models is not None else shipped(lang)

    def extract(self, article: Article) -> Extraction:
        """Extract one article (see the module docstring)."""
        x = self.rules.extract(article)
        x.extractor = self.name
        out = decide(prepare(article, x, self.models.names_tagger()), self.models)
        out.work.clear()
        return out
