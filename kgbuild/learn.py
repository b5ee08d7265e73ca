"""Training the deciders from gold, candidate recall, and k-fold evaluation.

Shapes::

    gold files --load_examples--> [Example(record, article, doc)]
    Example --label--> Labelled(candidates with features and gold labels)
    [Labelled] --train--> Models (one LinearModel per decider)
    (Models, Example) --apply--> Extraction --evaluate.score_article--> scores
    [Example] --kfold--> rules alone and rules + models on the same folds

Labels come from the gold (../shared/corpus/GOLD-FORMAT.md) through the
scorer's own name matching (:func:`kgbuild.evaluate.name_variants` and the
gold aliases), so a candidate is positive exactly when keeping it would
count as a true positive:

* a person–post pair: the person matches a gold membership's person and the
  post's key equals its role key, or the title's words appear in its
  ``role_text``;
* an organisation candidate of a positive pair: it matches one of the gold
  membership's ``organization`` names, or is a country whose ISO code one of
  them has;
* a trigger: it lies inside a gold event's ``evidence`` (version 1.1) and
  its word is the gold ``trigger``'s, with the same type; or, without
  evidence, the type matches and its sentence names the participants the
  scorer needs (two, or one for a one-participant event);
* a participant: its entity matches a participant of the trigger's gold
  event; a place or date candidate: it equals the gold event's.

Training uses scikit-learn's LogisticRegression (liblinear, L2, a fixed
``random_state``); the weights are exported as JSON
(:mod:`kgbuild.extract.models`). Everything is deterministic: articles,
candidates and features are visited in sorted or text order.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.evaluate import (ENTITY_LISTS, Report, _GoldIndex, article_for, entity_names, load_gold,
                              name_variants, names_key, score_article)
from kgbuild.extract.doc import Doc
from kgbuild.model import PLACE, Article, Extraction
from kgbuild.text import normalize, strip_clitics

#: Seed of the fold split and of the learners.
SEED = 15


# --------------------------------------------------------------------------
# Examples


@dataclass
class Example:
    """One gold article: the record, the article and (once prepared) its
    document state with every candidate."""

    record: dict
    article: Article
    source: str  # the gold file it came from

    @property
    def id(self) -> str:
        return self.record["id"]


def load_examples(paths: Iterable[str | Path], *, skip_ids: set[str] = frozenset(),
                  only_ids: set[str] | None = None) -> list[Example]:
    """Read gold files and their articles. Records whose id is in
    ``skip_ids`` (or not in ``only_ids`` when given) are left out; an id
    seen in an earlier file is left out too (ar/gold.jsonl repeats the seed
    of seed_gold.jsonl). Raises ValueError naming the file and line of a
    bad record or a missing article."""
    out, seen = [], set()
    for path in paths:
        for rec in load_gold(path):
            rid = rec["id"]
            if rid in seen or rid in skip_ids or (only_ids is not None and rid not in only_ids):
                continue
            seen.add(rid)
            out.append(Example(rec, article_for(rec, path), str(path)))
    return out


def load_silver(path: str | Path, corpus: str | Path, *, skip_ids: set[str] = frozenset()) -> list[Example]:
    """Read a silver annotation file of the repository (silver/*.jsonl:
    gold records whose ``file`` names a corpus file under ``corpus``,
    e.g. ``raw/saudinewsnet.jsonl.gz``, and whose evidence is given as
    character offsets, ``evidence_span``, so that no article text is kept in
    the repository) with their articles. Raises ValueError naming the file
    and line of a bad record or an article missing from the corpus."""
    import gzip

    from kgbuild.ingest import IngestError, article_from_jsonl_line

    records = [r for r in load_gold(path) if r["id"] not in skip_ids]
    by_file: dict[str, set[str]] = {}
    for r in records:
        by_file.setdefault(r["file"], set()).add(r["id"])
    arts: dict[str, Article] = {}
    for name, ids in sorted(by_file.items()):
        src = Path(corpus) / name
        opener = gzip.open if src.suffix == ".gz" else open
        try:
            with opener(src, "rb") as fh:
                for lineno, raw in enumerate(fh, 1):
                    head = raw[:200].decode("utf-8", "ignore")
                    if not any(f'"{i}"' in head for i in ids):
                        continue
                    art = article_from_jsonl_line(raw, lineno, f"{src}:{lineno}", src)
                    if not isinstance(art, IngestError) and art.id in ids:
                        arts[art.id] = art
        except OSError as e:
            raise ValueError(f"{path}: cannot read the corpus file {src}: {e}") from None
    out = []
    for r in records:
        if r["id"] not in arts:
            raise ValueError(f"{path}:{r['_line']}: article {r['id']!r} not found in {Path(corpus) / r['file']}")
        out.append(Example(r, arts[r["id"]], str(path)))
    return out


def read_ids(path: str | Path) -> set[str]:
    """Article ids listed one per line (``#`` comments and blank lines
    skipped), as in configs/blind.txt."""
    out = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(line)
    return out


# --------------------------------------------------------------------------
# Gold matching helpers


def _words(s: str) -> list[str]:
    return [strip_clitics(w) for w in normalize(s).replace("-", " ").split() if w]


def title_in(title_words: list[str], role_text: str) -> bool:
    """Whether the title's words (normalised, article stripped) occur as a
    contiguous run in a gold ``role_text``."""
    rw = _words(role_text)
    n = len(title_words)
    if not n:
        return False
    for k in range(len(rw) - n + 1):
        if rw[k:k + n] == title_words:
            return True
    # a leading clitic on the gold's first word ("ووزير")
    if rw and n and len(rw[0]) > 3 and rw[0][1:] == title_words[0] and rw[1:n] == title_words[1:]:
        return True
    return False


class GoldView:
    """One gold record seen through the scorer's name matching."""

    def __init__(self, record: dict, x: Extraction) -> None:
        self.rec = record
        self.x = x
        self.idx = _GoldIndex(record)
        self.mem_person = [self.idx.resolve(m["person"], ("persons",)) for m in record["memberships"]]
        self.mem_orgs = [frozenset().union(*(self.idx.resolve(o) for o in m["organization"]))
                         for m in record["memberships"]]
        self.mem_ctry = [set().union(*(self.idx.countries(o, ("places",)) for o in m["organization"]))
                         for m in record["memberships"]]
        self.ev_parts = [[self.idx.resolve(n) for n in g["participants"]] for g in record["events"]]
        self.ev_place = [self.idx.resolve(g["place"]) if g.get("place") else None for g in record["events"]]
        self._keys: dict[str, frozenset[str]] = {}

    def keys(self, ent_key: str) -> frozenset[str]:
        """Comparison keys of an entity's names (a delegation: of its
        members' names, or of the body it represents)."""
        k = self._keys.get(ent_key)
        if k is None:
            if ent_key in self.x.delegations:
                k = frozenset().union(*(self.keys(m) for m in self.x.expand_actor(ent_key) if m != ent_key))
            else:
                ent = self.x.entities.get(ent_key)
                k = names_key(entity_names(ent)) if ent is not None else frozenset()
            self._keys[ent_key] = k
        return k

    def org_ok(self, g: int, ent_key: str | None, iso: str | None = None) -> bool:
        """Whether an organisation candidate matches gold membership ``g``:
        by name, or as the country (or a body of the country) the gold list
        names. A city or region matches by name only: the scorer would take
        "طوكيو" for a Japanese post through its country code, but the body
        of a post is the country, not a city in it (a label of what is
        right, not of what the scorer lets through)."""
        if ent_key is not None:
            if self.keys(ent_key) & self.mem_orgs[g]:
                return True
            ent = self.x.entities.get(ent_key)
            if ent is not None and ent.type == PLACE and ent.place_kind != "Country":
                return False
            iso = ent.country if ent is not None and ent.type == PLACE else None
            if ent is not None and ent.type != PLACE and ent.country and ent.country in self.mem_ctry[g]:
                return True
        if not iso:
            return False
        return iso in self.mem_ctry[g] or bool(_country_keys(iso, self.rec.get("lang", "ar")) & self.mem_orgs[g])


def _country_keys(iso: str, lang: str) -> frozenset[str]:
    """Name keys of a country's names in the language pack (countries.tsv)."""
    from kgbuild.lang import read_lexicon

    for r in read_lexicon(lang, "countries"):
        if r["iso2"] == iso:
            return names_key([r["name"], *r.get("aliases", "").split("|")])
    return frozenset()


# --------------------------------------------------------------------------
# Labelled candidates


@dataclass
class Labelled:
    """The labelled candidates of one article, per decider: lists of
    ``(features, label)``; ranking deciders keep groups (one per decision)
    so that recall can be measured as "some candidate of the group is
    right"."""

    id: str
    membership: list[tuple[dict, int]] = field(default_factory=list)
    role: list[list[tuple[dict, int]]] = field(default_factory=list)
    org: list[list[tuple[dict, int]]] = field(default_factory=list)
    trigger: list[tuple[dict, int]] = field(default_factory=list)
    status: list[tuple[dict, str]] = field(default_factory=list)
    participant: list[list[tuple[dict, int]]] = field(default_factory=list)
    place: list[list[tuple[dict, int]]] = field(default_factory=list)
    date: list[list[tuple[dict, int]]] = field(default_factory=list)
    # candidate recall: gold item index → covered?
    cover: dict[str, list[bool]] = field(default_factory=dict)


def label_memberships(doc: Doc, gv: GoldView, lab: Labelled) -> None:
    """Label the document's person–post pairs and their organisation
    candidates against the gold memberships (module docstring)."""
    from kgbuild.extract.memberships import org_candidates, pair_candidates, role_candidates

    gms = gv.rec["memberships"]
    covered = [False] * len(gms)
    for pc in pair_candidates(doc):
        pkeys = gv.keys(pc.person.key)
        tw = [doc.word(k) for k in range(pc.post.i, pc.post.j)]
        hits = []
        for g, m in enumerate(gms):
            if not (pkeys & gv.mem_person[g]):
                continue
            if pc.post.key.casefold() == m["role"].casefold() or title_in(tw, m.get("role_text", "")):
                hits.append(g)
        lab.membership.append((pc.feats, 1 if hits else 0))
        if not hits:
            continue
        g0 = hits[0]
        lab.role.append([(f, 1 if key == gms[g0]["role"] else 0) for key, f in role_candidates(doc, pc)])
        orgs = org_candidates(doc, pc)
        group = []
        for oc in orgs:
            ok = any(gv.org_ok(g, oc.key, oc.iso) for g in hits)
            group.append((oc.feats, 1 if ok else 0))
            if ok:
                for g in hits:
                    if gv.org_ok(g, oc.key, oc.iso):
                        covered[g] = True
        lab.org.append(group)
    lab.cover["memberships"] = covered


def _gold_trigger_span(text: str, g: dict) -> tuple[int, int, int, int] | None:
    """(evidence begin, evidence end, trigger begin, trigger end) of a gold
    event with ``evidence`` (GOLD-FORMAT 1.1), or None without one. The
    trigger span is its first occurrence inside the evidence (the whole
    evidence when the trigger is not found there as written)."""
    if g.get("evidence_span"):
        eb, ee = g["evidence_span"]
        ev = text[eb:ee]
    else:
        ev = g.get("evidence")
        if not ev:
            return None
        eb = text.find(ev)
        if eb < 0:
            return None
        ee = eb + len(ev)
    trig = g.get("trigger") or ""
    tb = text.find(trig, eb, ee) if trig else -1
    if tb < 0:
        return eb, ee, eb, ee
    return eb, ee, tb, tb + len(trig)


def _covers(gv: GoldView, g: int, keys: list[str]) -> int:
    """How many of gold event g's participants the entity keys match
    (one-to-one, as the scorer counts)."""
    from kgbuild.evaluate import _max_matching

    gp = gv.ev_parts[g]
    cands = [[j for j in range(len(gp)) if gv.keys(k) & gp[j]] for k in keys]
    return len(_max_matching(cands))


#: A trigger outside a gold event's evidence is labelled with that event
#: (another mention of it: a headline, "the meeting", "his visit") when its
#: sentence names this many of the event's parties (or all, when fewer).
SUPPORT = 2


def label_events(doc: Doc, gv: GoldView, lab: Labelled) -> None:
    """Label the document's trigger candidates, and the participant, place
    and date candidates of each positive one, against the gold events
    (module docstring)."""
    from kgbuild.extract.arguments import date_candidates, participant_candidates, place_candidates
    from kgbuild.extract.events import status_features

    text = doc.article.text
    gev = gv.rec["events"]
    spans = [_gold_trigger_span(text, g) for g in gev]
    trig_words = [set(_words(g.get("trigger") or "")) for g in gev]
    covered = [False] * len(gev)
    toks = doc.tokens
    for t in doc.triggers:
        tb, te = toks[t.i].begin, toks[t.j - 1].end
        cands = participant_candidates(doc, t)
        keys = [c.value for c in cands]
        best, best_rank = None, None
        for g, ge in enumerate(gev):
            if ge["type"] != t.type:
                continue
            need = min(2, len(ge["participants"]))
            cov = _covers(gv, g, keys)
            sp = spans[g]
            words = {doc.word(k) for k in range(t.i, t.j)}
            exact = False
            if sp is not None:
                exact = sp[2] < te and tb < sp[3] or (sp[0] <= tb < sp[1] and bool(words & trig_words[g]))
            elif words & trig_words[g]:
                exact = True  # version 1 gold (no evidence): the trigger word, wherever it stands
            if not exact and (need == 0 or cov < min(need, SUPPORT)):
                continue
            rank = (exact, cov >= need, cov)
            if best_rank is None or rank > best_rank:
                best, best_rank = g, rank
        lab.trigger.append((t.feats, 0 if best is None else 1))
        if best is None:
            continue
        g = best
        ge = gev[g]
        lab.status.append((status_features(doc, t), ge["status"].capitalize()))
        part = []
        for c in cands:
            ok = any(gv.keys(c.value) & gp for gp in gv.ev_parts[g])
            part.append((c.feats, 1 if ok else 0))
        lab.participant.append(part)
        if _covers(gv, g, keys) >= min(2, len(ge["participants"])):
            covered[g] = True
        pl = []
        for c in place_candidates(doc, t):
            if c.value is None:
                ok = ge.get("place") is None
            else:
                ok = gv.ev_place[g] is not None and bool(gv.keys(c.value) & gv.ev_place[g])
            pl.append((c.feats, 1 if ok else 0))
        lab.place.append(pl)
        if doc.article.published is None:
            # no publication date: the date decider's "that day" candidate is missing and the gold's
            # relative dates are null (ANNOTATION.md), so the article would only teach it "none"
            continue
        gd = ge.get("date")
        dl = []
        for c in date_candidates(doc, t):
            ok = (c.value is None and gd is None) or (c.value is not None and gd is not None
                                                      and c.value.isoformat() == gd)
            dl.append((c.feats, 1 if ok else 0))
        lab.date.append(dl)
    lab.cover["events"] = covered


# --------------------------------------------------------------------------
# Preparing, training, applying


def rules_extraction(article: Article) -> Extraction:
    """The rules extractor's extraction of an article (names and the rules'
    own memberships and events)."""
    from kgbuild.extract import DEFAULT_RULES, get_extractor

    return get_extractor(DEFAULT_RULES[article.lang]).extract(article)


def prepare_example(ex: Example, tagger=None) -> tuple[Doc, Labelled]:
    """The prepared document of a gold article (names decided by the names
    CRF ``tagger`` when given) and its labelled candidates."""
    from kgbuild.extract.system import prepare

    x = rules_extraction(ex.article)
    doc = prepare(ex.article, x, tagger)
    gv = GoldView(ex.record, x)
    lab = Labelled(ex.id)
    label_memberships(doc, gv, lab)
    label_events(doc, gv, lab)
    return doc, lab


def names_data(ex: Example) -> list[tuple[list[list[str]], list[str]]]:
    """The names CRF's training sequences of a gold article: per sentence,
    the token features (from the rules' proposals) and the gold BIO tags
    (:func:`kgbuild.extract.names.gold_tags`)."""
    from kgbuild.extract import names

    doc, feats = _names_features(ex.article)
    tags = names.gold_tags(doc, ex.record)
    return [(feats[i:j], tags[i:j]) for i, j in names.sentence_ranges(doc)]


def _names_features(article: Article) -> tuple[Doc, list[list[str]]]:
    """The document of an article as the names CRF sees it (the rules'
    proposals and the titles) and its tokens' features."""
    from kgbuild.extract import names
    from kgbuild.extract.doc import make_doc
    from kgbuild.extract.posts import find_posts

    doc = make_doc(article, rules_extraction(article))
    find_posts(doc)
    return doc, names.token_features(doc)


#: Entity types of the public NER corpora (kgbuild.ner.conll's coarse
#: types) the names CRF learns; MISC (nationalities, events, works) is O,
#: as GOLD-FORMAT.md names none of them.
NER_TYPES = frozenset({"PER", "ORG", "LOC"})

#: A NER-corpus sentence with an entity of these types is left out: the
#: corpora mark organisations by other conventions than GOLD-FORMAT.md's
#: (Arabic 5-fold, organisations F1: without the corpus 0.731, with all its
#: sentences 0.695).
NER_SKIP = ("ORG",)
#: … and only sentences naming a person are kept: the corpus is there for
#: the names the gold has too few of (foreign persons' names); sentences of
#: places alone teach the CRF nothing the gold lacks. Arabic 5-fold F1,
#: persons / organisations / memberships / events: no corpus .834 / .731 /
#: .665 / .487; sentences without ORG .863 / .702 / .676 / .485; those of
#: them naming a person .861 / .715 / .673 / .490.
NER_NEED = ("PER",)

#: Sentences of a NER corpus put together as one pseudo-article (the rules
#: and the CRF features see this much context).
NER_SENTENCES_PER_ARTICLE = 20


@functools.lru_cache(maxsize=4)
def ner_data(path: str | Path, lang: str) -> list[list[tuple[list[list[str]], list[str]]]]:
    """Names CRF training sequences from a public NER corpus
    (:func:`kgbuild.ner.conll.read_conll`, a ``.`` ending a sentence as in
    ANERcorp; ../shared/corpus/ner/anercorp, whose conventions match
    GOLD-FORMAT.md's on what is a name: titles and nationality adjectives
    are outside names). Sentences naming an organisation are left out
    (:data:`NER_SKIP`), and so are those naming no person
    (:data:`NER_NEED`). Every :data:`NER_SENTENCES_PER_ARTICLE` kept
    sentences become one pseudo-article (tokens joined by spaces, no date),
    whose features come as for a gold article (:func:`names_data`), and
    the corpus tags are carried onto our tokens by character offsets (a
    word the tokenizer splits off a corpus token continues its tag,
    punctuation is O). Output: one list of ``(features, tags)`` per
    pseudo-article, as :func:`names_data`; cached per file (a training run
    reads it for the folds and for the shipped model). Raises
    FileNotFoundError for a missing file, ValueError naming the file when
    it is no UTF-8 text or holds no sentence that could be kept."""
    from kgbuild.extract import names
    from kgbuild.ner.conll import read_conll

    def has(sent, types) -> bool:
        return any(t[2:] in types for t in sent.tags if t != "O")

    try:
        sents = [s for s in read_conll(path, split_on_stop=True) if not has(s, NER_SKIP) and has(s, NER_NEED)]
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not a UTF-8 text file of CoNLL lines ({e.reason} at byte {e.start})") from None
    if not sents:
        raise ValueError(f"{path}: no CoNLL sentence naming a person (expected 'token TAG' lines with IOB2 tags "
                         "such as B-PERS, I-PERS)")
    out = []
    stem = Path(path).stem
    for a in range(0, len(sents), NER_SENTENCES_PER_ARTICLE):
        parts, starts, tags = [], [], []
        pos = 0
        for sent in sents[a:a + NER_SENTENCES_PER_ARTICLE]:
            for tok, tag in zip(sent.tokens, sent.tags):
                starts.append(pos)
                parts.append(tok)
                tags.append(tag if tag[2:] in NER_TYPES else "O")
                pos += len(tok) + 1
        article = Article(id=f"{stem}-{a // NER_SENTENCES_PER_ARTICLE}", lang=lang, text=" ".join(parts))
        doc, feats = _names_features(article)
        ytags = []
        ci = 0
        for t in doc.tokens:
            while ci + 1 < len(starts) and starts[ci + 1] <= t.begin:
                ci += 1
            tag = tags[ci]
            if t.begin != starts[ci] and tag != "O":
                tag = "I-" + tag[2:] if t.is_word else "O"
            if tag.startswith("I-") and (not ytags or ytags[-1][2:] != tag[2:]):
                tag = "B-" + tag[2:]
            ytags.append(tag)
        out.append([(feats[i:j], ytags[i:j]) for i, j in names.sentence_ranges(doc)])
    return out


#: CRFsuite training parameters of the names model (L-BFGS, elastic net).
NAMES_PARAMS = {"c1": 0.05, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True,
                "feature.minfreq": 1}


def train_names(data: list[list[tuple[list[list[str]], list[str]]]], path: str | Path) -> Path:
    """Train the names CRF on the sequences of :func:`names_data` (one list
    per article, in the given order) and write it to ``path``. Raises
    ImportError naming python-crfsuite when it is missing."""
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for article in data:
        for feats, tags in article:
            tr.append(feats, tags)
    tr.set_params(NAMES_PARAMS)
    tr.train(str(path))
    return Path(path)


def open_tagger(path: str | Path):
    """A ``pycrfsuite.Tagger`` opened on a names model file."""
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(path))
    return t


#: Decision thresholds of the binary deciders (probability above which
#: the answer is yes), chosen on the 5-fold evaluation of the Arabic gold;
#: the rankers (role, org, place, date) take their best candidate.
THRESHOLDS = {"membership": 0.7, "trigger": 0.5, "participant": 0.5}

#: Inverse regularisation strength of each decider's logistic regression.
C = {"membership": 0.5, "role": 1.0, "org": 0.5, "trigger": 0.5, "status": 0.5, "participant": 0.5,
     "place": 0.5, "date": 0.5}


def _fit_binary(name: str, rows: list[tuple[dict, int]], weights: list[float] | None = None):
    from kgbuild.extract.models import LinearModel

    ys = [y for _f, y in rows]
    if not rows or len(set(ys)) < 2:
        return None
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    X = _csr32(vec.fit_transform([f for f, _y in rows]))
    clf = LogisticRegression(C=C[name], solver="liblinear", random_state=SEED, max_iter=1000)
    clf.fit(X, ys, sample_weight=weights)
    names = vec.get_feature_names_out()
    w = {str(n): [_r(v)] for n, v in zip(names, clf.coef_[0]) if _r(v) != 0.0}
    return LinearModel(name=name, classes=["0", "1"], bias=[_r(clf.intercept_[0])], weights=w)


def _fit_multi(name: str, rows: list[tuple[dict, str]], weights: list[float] | None = None):
    from kgbuild.extract.models import LinearModel

    labels = sorted({y for _f, y in rows})
    if len(labels) < 2:
        return None
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    X = _csr32(vec.fit_transform([f for f, _y in rows]))
    clf = LogisticRegression(C=C[name], solver="lbfgs", max_iter=2000, random_state=SEED)
    clf.fit(X, [y for _f, y in rows], sample_weight=weights)
    classes = [str(c) for c in clf.classes_]
    names = vec.get_feature_names_out()
    coef = clf.coef_
    if len(classes) == 2:  # sklearn keeps one column for two classes: make it two
        import numpy as np

        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        bias = [_r(-clf.intercept_[0] / 2), _r(clf.intercept_[0] / 2)]
    else:
        bias = [_r(b) for b in clf.intercept_]
    w = {}
    for j, n in enumerate(names):
        col = [_r(coef[c][j]) for c in range(len(classes))]
        if any(col):
            w[str(n)] = col
    return LinearModel(name=name, classes=classes, bias=bias, weights=w)


def _csr32(X):
    """A CSR matrix with 32-bit indices (liblinear refuses 64-bit ones)."""
    import numpy as np

    X = X.tocsr()
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


def _r(v: float) -> float:
    """Round a weight to 5 decimals (smaller files, same bytes every run)."""
    out = round(float(v), 5)
    return 0.0 if out == 0 else out


#: Weight of the other language's candidates when a decider is trained
#: (their structural features — sides, distances, kinds, the rules' answers,
#: cue classes — are shared by both languages; their words are not).
OTHER_LANGUAGE_WEIGHT = 0.5


def _rows(labelled: list[Labelled], name: str) -> list:
    out = []
    for lab in labelled:
        for item in getattr(lab, name):
            if isinstance(item, list):
                out.extend(item)
            else:
                out.append(item)
    return out


def train(labelled: list[Labelled], lang: str, meta: dict | None = None,
          other: list[Labelled] = (), other_weight: float = OTHER_LANGUAGE_WEIGHT):
    """Train every decider from the labelled candidates of the training
    articles (gold and silver alike: weighing silver at 0.5 measured no
    better), with the candidates of the other language's articles
    (``other``) weighted ``other_weight``. Output:
    :class:`kgbuild.extract.models.Models` (a decider with no positive or
    no negative example is left out, and falls back to the rules)."""
    from kgbuild.extract.models import Models

    models = {}
    for name, multi in (("membership", False), ("role", False), ("org", False), ("trigger", False),
                        ("status", True), ("participant", False), ("place", False), ("date", False)):
        own, oth = _rows(labelled, name), _rows(list(other), name)
        rows = own + oth
        weights = [1.0] * len(own) + [other_weight] * len(oth)
        m = _fit_multi(name, rows, weights) if multi else _fit_binary(name, rows, weights)
        if m is not None:
            m.threshold = THRESHOLDS.get(name, m.threshold)
            models[name] = m
    return Models(lang=lang, models=models, meta=meta or {})


def apply(models, ex: Example) -> Extraction:
    """Extract a gold article with the rules and the given models (the
    names CRF too, when ``models.names_path`` is set)."""
    from kgbuild.extract.system import decide, prepare

    x = rules_extraction(ex.article)
    return decide(prepare(ex.article, x, models.names_tagger()), models)


def folds(examples: list[Example], k: int, seed: int = SEED) -> list[list[int]]:
    """Split example indices into ``k`` folds by article: the ids sorted,
    shuffled with ``seed``, dealt round-robin. Deterministic."""
    order = sorted(range(len(examples)), key=lambda i: examples[i].id)
    random.Random(seed).shuffle(order)
    return [sorted(order[f::k]) for f in range(k)]


@dataclass
class FoldReport:
    """Rules alone and rules + models, scored on the same held-out folds."""

    rules: Report
    models: Report
    k: int
    cover: dict[str, tuple[int, int]]


def kfold(examples: list[Example], k: int = 5, seed: int = SEED, *, names: bool = True,
          silver: list[Example] = (), names_extra: Iterable[str | Path] = (),
          progress: Callable[[str], None] | None = None) -> FoldReport:
    """K-fold evaluation by article: for each fold, train the learned parts
    on the other folds' gold (the names CRF first, then the deciders on the
    candidates the training articles give under it) and score the fold; the
    rules alone are scored on the same articles. Candidate recall is summed
    over the held-out articles. ``names=False`` keeps the rules' names;
    ``silver`` examples join every fold's training part and are never
    scored; the NER corpus files ``names_extra`` (:func:`ner_data`) join
    every fold's names CRF training."""
    import tempfile

    ndata = [names_data(ex) for ex in examples] if names else None
    sdata = [names_data(ex) for ex in silver] if names else None
    extra = [seq for p in names_extra for seq in ner_data(p, examples[0].article.lang)] if names and examples else []
    rules_rep = Report(gold_path=", ".join(sorted({e.source for e in examples})))
    model_rep = Report(gold_path=rules_rep.gold_path)
    by_id: dict[str, tuple] = {}
    cover: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="kgbuild-kfold-") as tmp:
        for f, held in enumerate(folds(examples, k, seed)):
            held_set = set(held)
            train_ix = [i for i in range(len(examples)) if i not in held_set]
            lang = examples[held[0]].article.lang if held else "ar"
            tagger, path = None, None
            if names:
                path = train_names([ndata[i] for i in train_ix] + sdata + extra,
                                   Path(tmp) / f"names{f}.crfsuite")
                tagger = open_tagger(path)
            labs = {i: prepare_example(examples[i], tagger)[1] for i in range(len(examples))}
            slabs = [prepare_example(ex, tagger)[1] for ex in silver]
            models = train([labs[i] for i in train_ix] + slabs, lang)
            models.names_path = path
            for i in held:
                ex = examples[i]
                by_id[ex.id] = (score_article(ex.record, rules_extraction(ex.article)),
                                score_article(ex.record, apply(models, ex)))
                for lst, flags in labs[i].cover.items():
                    a, b = cover.get(lst, (0, 0))
                    cover[lst] = (a + sum(flags), b + len(flags))
            if progress:
                progress(f"fold {f + 1}/{k} done")
    for ex in examples:
        r, m = by_id[ex.id]
        rules_rep.articles.append(r)
        model_rep.articles.append(m)
    return FoldReport(rules=rules_rep, models=model_rep, k=k, cover=cover)


# --------------------------------------------------------------------------
# The shipped models


@dataclass
class TrainingData:
    """The articles one language's models are trained on: gold examples
    (scored in k-fold) and silver examples (training only)."""

    lang: str
    gold: list[Example]
    silver: list[Example]
    files: list[Path]
    names_extra: list[Path] = field(default_factory=list)


def training_data(lang: str, corpus: str | Path, config: str | Path, repo: str | Path, *,
                  include_blind: bool = False, silver: bool = True) -> TrainingData:
    """Read configs/training.json's gold and silver files of ``lang``
    (gold relative to ``corpus``, silver and the blind list relative to
    ``repo``), without the blind part unless ``include_blind``. Raises
    ValueError naming a bad file or record, FileNotFoundError for a missing
    one."""
    cfg = json.loads(Path(config).read_text(encoding="utf-8"))
    blind = set() if include_blind else read_ids(Path(repo) / cfg["blind"])
    gold_files = [Path(corpus) / p for p in cfg[lang]["gold"]]
    for p in gold_files:
        if not p.is_file():
            raise FileNotFoundError(f"gold file not found: {p}")
    gold = load_examples(gold_files, skip_ids=blind)
    sil_files = [Path(repo) / p for p in cfg[lang].get("silver", [])] if silver else []
    gold_ids = {e.id for e in gold}
    sil = [e for p in sil_files for e in load_silver(p, corpus, skip_ids=blind) if e.id not in gold_ids]
    ner_files = [Path(corpus) / p for p in cfg[lang].get("names_extra", [])]
    for p in ner_files:
        if not p.is_file():
            raise FileNotFoundError(f"NER corpus file not found: {p}")
    return TrainingData(lang, gold, sil, gold_files + sil_files + ner_files, ner_files)


def train_models(data: TrainingData, folder: str | Path, *, meta: dict | None = None):
    """Train one language's names CRF and deciders on all of ``data`` (gold
    and silver) and write them into ``folder``
    (:func:`kgbuild.extract.models.save`). Returns the Models."""
    from kgbuild.extract.models import NAMES_FILE, save

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    examples = data.gold + data.silver
    extra = [seq for p in data.names_extra for seq in ner_data(p, data.lang)]
    path = train_names([names_data(e) for e in examples] + extra, folder / NAMES_FILE)
    tagger = open_tagger(path)
    labelled = [prepare_example(e, tagger)[1] for e in examples]
    models = train(labelled, data.lang, meta=meta)
    models.names_path = path
    save(models, folder)
    return models


def file_sha256(path: str | Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def candidate_recall(examples: list[Example], models=None) -> dict[str, tuple[int, int]]:
    """Candidate recall over gold articles with the given (default: the
    shipped) models' names: ``{list: (covered, total)}`` for memberships
    and events (some candidate would score as a true positive if kept),
    and for persons, organisations and places the gold names the rules
    propose (the names CRF may still find others)."""
    from kgbuild.extract.models import shipped

    out: dict[str, tuple[int, int]] = {}

    def add(key: str, a: int, b: int) -> None:
        x, y = out.get(key, (0, 0))
        out[key] = (x + a, y + b)

    tagger_of = {}
    for ex in examples:
        lang = ex.article.lang
        if lang not in tagger_of:
            m = models if models is not None else shipped(lang)
            tagger_of[lang] = m.names_tagger()
        _doc, lab = prepare_example(ex, tagger_of[lang])
        for lst, flags in lab.cover.items():
            add(lst, sum(flags), len(flags))
        s = score_article(ex.record, rules_extraction(ex.article))
        for lst in ENTITY_LISTS:
            c = s.counts[lst]
            add(f"{lst} (rules)", c.tp, c.tp + c.fn)
    return out
