"""Scoring extractions against gold annotations (``kgbuild eval``).

The gold format and the scoring rules are those of
../shared/corpus/GOLD-FORMAT.md (version 1; "Scoring" section). In short:

Shapes::

    gold.jsonl --load_gold--> [gold record dict, ...]
    gold record --article_for--> Article --extract--> Extraction
    (gold record, Extraction) --score_article--> ArticleScore
    gold.jsonl --evaluate--> Report(articles=[ArticleScore, ...])

Name matching (GOLD-FORMAT.md, Scoring)
    A name is turned into a set of comparison keys (:func:`name_variants`):
    the name normalised by :func:`kgbuild.text.normalize` (diacritics and
    tatweel removed, أ إ آ ٱ → ا, ى → ي, ة → ه, case folded) and split into
    words; the same with the article ``ال`` (and ``و/ف/ب/ك + ال``, ``لل``)
    stripped from each word; and both again with one leading clitic letter
    (و ف ب ل ك) removed from the first word when at least three letters
    remain. Two groups of names (a predicted entity's ``label`` and
    ``alt_labels``; a gold entry's ``name`` and ``aliases``) match when their
    key sets intersect.

Counting
    Every list (persons, organizations, places, memberships, events) is
    counted one-to-one: a gold item is matched by at most one prediction and
    a prediction matches at most one gold item (a maximum bipartite matching,
    so the order of predictions never costs a true positive). Hence a
    prediction that *duplicates* an already-matched gold item (two predicted
    entities ``الائتلاف`` and ``الائتلاف الوطني السوري`` for one gold
    coalition, the same membership extracted twice) is a false positive: the
    scorer rewards one node per real thing. Gold entries with
    ``"optional": true`` are never false negatives; a prediction matching one
    (and no free required entry) is neither a TP nor a FP — but a second
    prediction for the same optional entry is again a duplicate, hence a FP.

    tp/fp/fn give precision tp/(tp+fp), recall tp/(tp+fn) and F1; a ratio
    whose denominator is 0 is reported as 0.0. The report sums the counts
    over articles per list (micro average over articles) and over all five
    lists (the ``micro`` row).

Only predicted entities with at least one mention count; Person → persons,
Organization → organizations, Place → places.

Memberships
    A prediction is correct when its person entity's names match the gold
    ``person`` (resolved through the gold persons' aliases), the role matches
    (``Membership.role`` equals gold ``role``, case-insensitively, or the
    ``role_text`` key sets intersect), and its organisation entity's names
    (an Organization, or a country Place for a government post) match one of
    the gold ``organization`` names (each resolved through the aliases of
    the gold organisation/place entry it names, if any). As a fallback for
    government posts, the organisation also matches when the list names a
    country, i.e. a gold *place* entry with an ISO code, and the predicted
    organisation entity carries that same ``country`` code (so "Ministry of
    Interior (PK)" is accepted for a post whose list names "Pakistan"). The
    fallback is not applied through gold *organisation* entries: a
    non-state body such as a Syrian opposition coalition also has country
    SY, and a post in it must not be matched by the Syrian government.

Events
    A prediction is correct when its type equals the gold type and at least
    two of its participants match the gold event's participants, one-to-one
    (one when the gold event lists a single participant; none when it lists
    none). Predicted participants are the entities behind ``actors`` and
    ``recipients`` after :meth:`Extraction.expand_actor` (a delegation
    becomes its members, or its organisation when it has none). Gold
    participants are resolved through the aliases of the gold
    persons/organizations/places entries they name.
    Over the matched event pairs, argument accuracy is scored: ``place``
    (both null is correct; else the predicted place entity's names match the
    gold place, resolved through its aliases), ``date`` (ISO string
    equality, null == null), ``status`` (case-insensitive, so ``Occurred`` =
    ``occurred``). ``all`` pools the three.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.ingest import IngestError, read_articles
from kgbuild.model import ORGANIZATION, PERSON, PLACE, Article, Entity, Event, Extraction, Membership
from kgbuild.text import PROCLITICS, normalize, strip_clitics

#: Entity lists and the predicted entity type scored against each.
ENTITY_LISTS = {"persons": PERSON, "organizations": ORGANIZATION, "places": PLACE}
#: All scored lists, in report order.
LISTS = ("persons", "organizations", "places", "memberships", "events")
#: Scored event arguments, in report order.
ARGS = ("place", "date", "status")

_GOLD_LISTS = ("persons", "organizations", "places", "memberships", "events")


# --------------------------------------------------------------------------
# Name keys


@functools.lru_cache(maxsize=65536)
def name_variants(name: str) -> frozenset[str]:
    """Return the comparison keys of one name (GOLD-FORMAT.md, Scoring).

    Input: a surface name in any spelling. Output: a frozenset of strings —
    the normalised words joined by single spaces; the same with ``ال`` (and
    clitic + ``ال``) stripped from every word (:func:`kgbuild.text.strip_clitics`);
    and, when the first word begins with one of و ف ب ل ك and at least three
    letters remain without it, both forms again without that letter.
    ``"والأمم المتحدة"`` → {``"والامم المتحده"``, ``"امم متحده"``,
    ``"الامم المتحده"``}. An empty name gives an empty set.
    """
    words = re.findall(r"\w+", normalize(name))
    if not words:
        return frozenset()
    forms = [words]
    first = words[0]
    if first[0] in PROCLITICS and len(first) - 1 >= 3:
        forms.append([first[1:], *words[1:]])
    out = set()
    for ws in forms:
        out.add(" ".join(ws))
        out.add(" ".join(strip_clitics(w) for w in ws))
    return frozenset(out)


def names_key(names: Iterable[str]) -> frozenset[str]:
    """Union of :func:`name_variants` over ``names`` (a name and its aliases)."""
    out: set[str] = set()
    for n in names:
        if n:
            out |= name_variants(n)
    return frozenset(out)


def entity_names(ent: Entity) -> list[str]:
    """A predicted entity's names: ``label`` then sorted ``alt_labels``."""
    return [ent.label, *sorted(ent.alt_labels)]


def _gold_names(entry: dict) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


# --------------------------------------------------------------------------
# Counts


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


@dataclass
class Counts:
    """True positives, false positives and false negatives of one list."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 0.0 when nothing was predicted."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when the gold list is empty."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (2tp / (2tp + fp + fn))."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict:
        """``{"tp", "fp", "fn", "precision", "recall", "f1"}``, ratios as 0–1
        floats rounded to 3 decimals."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3)}


@dataclass
class ArgCounts:
    """Argument accuracy over matched events: ``matched`` event pairs and the
    number of them whose place, date and status are correct; and their
    participants: ``parts_pred`` predicted, ``parts_gold`` in the gold
    events, ``parts_ok`` matched one-to-one (an event matches on two of
    them, so a wrong extra participant costs nothing in the events' F1: the
    participants' precision shows it)."""

    matched: int = 0
    place: int = 0
    date: int = 0
    status: int = 0
    parts_pred: int = 0
    parts_gold: int = 0
    parts_ok: int = 0

    @property
    def parts(self) -> Counts:
        """The participants as :class:`Counts` (tp: matched one-to-one)."""
        return Counts(self.parts_ok, self.parts_pred - self.parts_ok, self.parts_gold - self.parts_ok)

    @property
    def parts_precision(self) -> float:
        """Share of the matched events' predicted participants that are gold participants."""
        return self.parts.precision

    @property
    def parts_recall(self) -> float:
        """Share of the matched gold events' participants that were predicted."""
        return self.parts.recall

    @property
    def parts_f1(self) -> float:
        """Harmonic mean of the participants' precision and recall."""
        return self.parts.f1

    def correct(self, arg: str) -> int:
        """Correct count of ``arg`` (``place``, ``date``, ``status`` or ``all``)."""
        if arg == "all":
            return self.place + self.date + self.status
        return getattr(self, arg)

    def total(self, arg: str) -> int:
        """Denominator of ``arg``: matched events (×3 for ``all``)."""
        return self.matched * (len(ARGS) if arg == "all" else 1)

    def accuracy(self, arg: str) -> float:
        """correct / total; 0.0 when no event was matched."""
        return _ratio(self.correct(arg), self.total(arg))

    def __add__(self, other: ArgCounts) -> ArgCounts:
        return ArgCounts(self.matched + other.matched, self.place + other.place,
                         self.date + other.date, self.status + other.status, self.parts_pred + other.parts_pred,
                         self.parts_gold + other.parts_gold, self.parts_ok + other.parts_ok)

    def to_dict(self) -> dict:
        """``{"matched": n, "place"|"date"|"status"|"all": {"correct", "total",
        "accuracy"}}``."""
        out: dict = {"matched": self.matched}
        for a in (*ARGS, "all"):
            out[a] = {"correct": self.correct(a), "total": self.total(a),
                      "accuracy": round(self.accuracy(a), 3)}
        c = self.parts.to_dict()
        out["participants"] = {"predicted": self.parts_pred, "gold": self.parts_gold, "correct": self.parts_ok,
                               **{k: c[k] for k in ("precision", "recall", "f1")}}
        return out


@dataclass
class ArticleScore:
    """The score of one article.

    Attributes:
        id: the gold record's ``id``.
        counts: ``{list name: Counts}`` for the five :data:`LISTS`.
        args: argument accuracy over this article's matched events.
        errors: what went wrong, for developers (see :func:`diagnose`):
            ``{list name: {"fp": [str], "fn": [str]}, "arguments": [str]}``.
        failure: extraction error message when the extractor raised (the
            article is then scored as an empty extraction), else ``None``.
        former: over the matched memberships, the former posts: tp both
            say former, fp only the prediction, fn only the gold
            (``"former": true``, GOLD-FORMAT 1.1; older gold files mark none).
    """

    id: str
    counts: dict[str, Counts]
    args: ArgCounts
    errors: dict = field(default_factory=dict)
    failure: str | None = None
    former: Counts = field(default_factory=Counts)

    @property
    def micro(self) -> Counts:
        """Counts summed over the five lists."""
        return sum((self.counts[k] for k in LISTS), Counts())

    def to_dict(self, errors: bool = False) -> dict:
        """``{"id", "lists": {name: Counts.to_dict(), "micro": ...},
        "arguments": ArgCounts.to_dict(), "failure"}`` (+ ``"errors"``)."""
        out = {"id": self.id,
               "lists": {**{k: self.counts[k].to_dict() for k in LISTS}, "micro": self.micro.to_dict()},
               "arguments": self.args.to_dict(), "former": self.former.to_dict(), "failure": self.failure}
        if errors:
            out["errors"] = self.errors
        return out


@dataclass
class Report:
    """Scores of a whole gold file.

    Attributes:
        gold_path: the gold file scored.
        articles: one :class:`ArticleScore` per gold record, in file order.
    """

    gold_path: str
    articles: list[ArticleScore] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, Counts]:
        """``{list name: Counts}`` summed over articles, plus ``"micro"``
        (summed over the five lists too)."""
        out = {k: sum((a.counts[k] for a in self.articles), Counts()) for k in LISTS}
        out["micro"] = sum((out[k] for k in LISTS), Counts())
        return out

    @property
    def args(self) -> ArgCounts:
        """Argument accuracy counts summed over articles."""
        return sum((a.args for a in self.articles), ArgCounts())

    @property
    def former(self) -> Counts:
        """Former posts among the matched memberships, summed over articles."""
        return sum((a.former for a in self.articles), Counts())

    @property
    def failures(self) -> list[tuple[str, str]]:
        """``(article id, message)`` for articles whose extraction raised."""
        return [(a.id, a.failure) for a in self.articles if a.failure]

    def to_dict(self, per_article: bool = True, errors: bool = False) -> dict:
        """The report as JSON-ready data (for ``kgbuild eval --json``)::

            {"gold": path, "articles": n,
             "lists": {"persons"|...|"events"|"micro":
                       {"tp", "fp", "fn", "precision", "recall", "f1"}},
             "arguments": {"matched": n, "place"|"date"|"status"|"all":
                           {"correct", "total", "accuracy"}},
             "failures": [{"id", "error"}],
             "per_article": [ArticleScore.to_dict(), ...]}   # if per_article

        Ratios are 0–1 floats rounded to 3 decimals.
        """
        out = {"gold": self.gold_path, "articles": len(self.articles),
               "lists": {k: c.to_dict() for k, c in self.counts.items()},
               "arguments": self.args.to_dict(), "former": self.former.to_dict(),
               "failures": [{"id": i, "error": m} for i, m in self.failures]}
        if per_article:
            out["per_article"] = [a.to_dict(errors) for a in self.articles]
        return out

    def format(self, per_article: bool = False, errors: bool = False) -> str:
        """An aligned text table: P R F1 tp fp fn per list and ``micro``; the
        argument accuracy (place, date, status, all); with ``per_article``
        one row per article (tp/fp/fn per list, micro P R F1); with
        ``errors`` the FP/FN items of every article (see :func:`diagnose`)."""
        lines = [f"gold: {self.gold_path} ({len(self.articles)} articles)", ""]
        hdr = f"{'list':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
        lines += [hdr, "-" * len(hdr)]
        for k, c in self.counts.items():
            if k == "micro":
                lines.append("-" * len(hdr))
            lines.append(f"{k:<14}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
        a = self.args
        lines += ["", f"argument accuracy over {a.matched} matched events",
                  f"{'argument':<14}{'acc':>7}{'correct':>9}{'total':>7}"]
        for k in (*ARGS, "all"):
            lines.append(f"{k:<14}{a.accuracy(k):>7.3f}{a.correct(k):>9}{a.total(k):>7}")
        lines += ["(all: place, date and status pooled)", "",
                  f"participants of the {a.matched} matched events (not in 'all': an event matches on two of them)",
                  f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'right':>7}{'pred':>6}{'gold':>6}",
                  f"{'participants':<14}{a.parts_precision:>7.3f}{a.parts_recall:>7.3f}{a.parts_f1:>7.3f}"
                  f"{a.parts_ok:>7}{a.parts_pred:>6}{a.parts_gold:>6}"]
        fc = self.former
        lines += ["", "former posts among the matched memberships "
                      "(GOLD-FORMAT 1.1 marks them; older gold files mark none)",
                  f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}",
                  f"{'former':<14}{fc.precision:>7.3f}{fc.recall:>7.3f}{fc.f1:>7.3f}{fc.tp:>6}{fc.fp:>6}{fc.fn:>6}"]
        if per_article:
            w = max([len("article"), *(len(s.id) for s in self.articles)])
            short = {"persons": "per", "organizations": "org", "places": "plc",
                     "memberships": "mem", "events": "evt"}
            cols = [f"{short[k] + ' tp/fp/fn':>14}" for k in LISTS]
            lines += ["", f"{'article':<{w}}{''.join(cols)}{'P':>7}{'R':>7}{'F1':>7}{'args':>8}"]
            for s in self.articles:
                cells = "".join(f"{f'{c.tp}/{c.fp}/{c.fn}':>14}" for c in (s.counts[k] for k in LISTS))
                m = s.micro
                args = f"{s.args.correct('all')}/{s.args.total('all')}"
                lines.append(f"{s.id:<{w}}{cells}{m.precision:>7.3f}{m.recall:>7.3f}{m.f1:>7.3f}{args:>8}")
        if errors:
            for s in self.articles:
                lines += ["", f"== {s.id}"]
                if s.failure:
                    lines.append(f"  extraction failed: {s.failure}")
                for k in LISTS:
                    for kind in ("fn", "fp"):
                        for item in s.errors.get(k, {}).get(kind, []):
                            lines.append(f"  {k} {kind.upper()}: {item}")
                for item in s.errors.get("arguments", []):
                    lines.append(f"  argument: {item}")
        if self.failures:
            lines += ["", f"extraction failed for {len(self.failures)} article(s) (scored as empty):"]
            lines += [f"  {i}: {m}" for i, m in self.failures]
        return "\n".join(lines)


# --------------------------------------------------------------------------
# Gold file and articles


def load_gold(path: str | Path) -> list[dict]:
    """Read a gold JSON Lines file (GOLD-FORMAT.md).

    Output: one dict per non-blank line, as in the file, plus ``"_line"``
    (its 1-based line number, for error messages). Raises ValueError naming
    ``path:line`` for a malformed line, a missing or mistyped field (``id``,
    ``file``, the five lists; ``name`` of an entity; ``person``, ``role``,
    ``organization`` of a membership; ``type``, ``participants``, ``place``,
    ``date``, ``status`` of an event) or a repeated ``id``; OSError when the
    file cannot be read.
    """
    path = Path(path)
    out: list[dict] = []
    seen: dict[str, int] = {}
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                raise ValueError(f"{where}: malformed JSON line ({e})") from None
            if not isinstance(rec, dict):
                raise ValueError(f"{where}: a JSON object is expected on each line")
            _check_record(rec, where)
            if rec["id"] in seen:
                raise ValueError(f"{where}: id {rec['id']!r} already used on line {seen[rec['id']]}")
            seen[rec["id"]] = lineno
            rec["_line"] = lineno
            out.append(rec)
    return out


def _need(obj: dict, key: str, types: type | tuple, where: str, what: str, nullable: bool = False) -> None:
    if key not in obj:
        raise ValueError(f"{where}: {what} has no {key!r} field")
    v = obj[key]
    if v is None and nullable:
        return
    if not isinstance(v, types) or isinstance(v, bool):
        raise ValueError(f"{where}: {what}: {key!r} has the wrong type ({type(v).__name__})")


def _check_record(rec: dict, where: str) -> None:
    _need(rec, "id", str, where, "the record")
    what = f"record {rec['id']!r}"
    _need(rec, "file", str, where, what)
    for k in _GOLD_LISTS:
        _need(rec, k, list, where, what)
        for i, item in enumerate(rec[k]):
            if not isinstance(item, dict):
                raise ValueError(f"{where}: {what}: {k}[{i}] is not an object")
    for k in ENTITY_LISTS:
        for i, e in enumerate(rec[k]):
            _need(e, "name", str, where, f"{what}: {k}[{i}]")
            if not isinstance(e.get("aliases", []), list):
                raise ValueError(f"{where}: {what}: {k}[{i}]: 'aliases' must be a list")
    for i, m in enumerate(rec["memberships"]):
        w = f"{what}: memberships[{i}]"
        _need(m, "person", str, where, w)
        _need(m, "role", str, where, w)
        _need(m, "organization", list, where, w)
    for i, ev in enumerate(rec["events"]):
        w = f"{what}: events[{i}]"
        _need(ev, "type", str, where, w)
        _need(ev, "participants", list, where, w)
        _need(ev, "place", str, where, w, nullable=True)
        _need(ev, "date", str, where, w, nullable=True)
        _need(ev, "status", str, where, w)


@functools.lru_cache(maxsize=16)
def _jsonl_articles(path: str, mtime_ns: int, size: int) -> tuple[dict[str, Article], tuple[IngestError, ...]]:
    # keyed by mtime and size so an edited file is read again
    arts: dict[str, Article] = {}
    errs: list[IngestError] = []
    for item in read_articles([path]):
        if isinstance(item, IngestError):
            errs.append(item)
        else:
            arts.setdefault(item.id, item)
    return arts, tuple(errs)


def article_for(gold_record: dict, gold_path: str | Path) -> Article:
    """Return the article a gold record annotates.

    ``gold_record["file"]`` is relative to the folder holding ``gold_path``:
    a ``.jsonl`` file, in which the record with the same ``id`` is the
    article (each file is read once and cached, keyed by its path, mtime and
    size), or any other (text) file, which is the whole article (read with
    :func:`kgbuild.ingest.read_articles`). Raises ValueError naming
    ``gold_path:line`` (the record's ``_line`` from :func:`load_gold`), the
    id and the file when the file is missing or unreadable, or the id is not
    in it.
    """
    gold_path = Path(gold_path)
    line = gold_record.get("_line")
    where = f"{gold_path}:{line}" if line else str(gold_path)
    gid = gold_record.get("id")
    path = gold_path.parent / gold_record["file"]
    if not path.is_file():
        raise ValueError(f"{where}: article {gid!r}: file {path} not found")
    if path.suffix.lower() == ".jsonl":
        st = path.stat()
        arts, errs = _jsonl_articles(str(path.resolve()), st.st_mtime_ns, st.st_size)
        if gid in arts:
            return arts[gid]
        more = f"; {len(errs)} unreadable line(s), first: {errs[0]}" if errs else ""
        raise ValueError(f"{where}: article {gid!r} not found in {path} ({len(arts)} articles{more})")
    items = list(read_articles([path]))
    if not items:
        raise ValueError(f"{where}: article {gid!r}: no article in {path}")
    if isinstance(items[0], IngestError):
        raise ValueError(f"{where}: article {gid!r}: {items[0]}")
    return items[0]


# --------------------------------------------------------------------------
# Matching


def _max_matching(cands: list[list[int]], order: Iterable[int] | None = None) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths).

    ``cands[i]`` lists the right-hand indices left item ``i`` may pair with,
    in order of preference; left items are tried in ``order`` (default:
    index order), so earlier ones keep their preferred partner when the
    size of the matching allows. Returns ``{left: right}``.
    """
    owner: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for g in cands[u]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = u
                return True
        return False

    for u in (range(len(cands)) if order is None else order):
        augment(u, set())
    return {u: g for g, u in owner.items()}


def _count(pred_labels: list[str], gold_labels: list[str], optional: list[bool],
           match: Callable[[int, int], bool],
           prefs: Callable[[int, int], float] | None = None) -> tuple[Counts, dict, dict[int, int]]:
    """One-to-one counting of one list (see module docstring).

    Returns ``(Counts, {"fp": [...], "fn": [...]}, {pred index: gold index}
    of the true positives)``.
    """
    req = [g for g in range(len(gold_labels)) if not optional[g]]
    opt = [g for g in range(len(gold_labels)) if optional[g]]
    edges = [[g for g in range(len(gold_labels)) if match(p, g)] for p in range(len(pred_labels))]

    def order(p: int, gs: list[int]) -> list[int]:
        return sorted(gs, key=lambda g: -prefs(p, g)) if prefs else gs

    # Predictions with the best-fitting pair go first: the counts do not
    # depend on it (the matching is maximum), but which of two duplicates is
    # reported as the FP does.
    cands = [order(p, [g for g in edges[p] if g in req]) for p in range(len(pred_labels))]
    best = [max((prefs(p, g) for g in cands[p]), default=0.0) if prefs else 0.0
            for p in range(len(pred_labels))]
    tp_pairs = _max_matching(cands, sorted(range(len(pred_labels)), key=lambda p: -best[p]))
    rest = [p for p in range(len(pred_labels)) if p not in tp_pairs]
    opt_pairs = _max_matching([[g for g in edges[p] if g in opt] for p in rest])
    ignored = {rest[i] for i in opt_pairs}
    matched_gold = set(tp_pairs.values())
    fps = []
    for p in rest:
        if p in ignored:
            continue
        dup = [gold_labels[g] for g in edges[p]]
        fps.append(f"{pred_labels[p]} (duplicate of gold {dup[0]})" if dup else pred_labels[p])
    fns = [gold_labels[g] for g in req if g not in matched_gold]
    c = Counts(tp=len(tp_pairs), fp=len(fps), fn=len(fns))
    return c, {"fp": fps, "fn": fns}, tp_pairs


class _GoldIndex:
    """Key sets of one gold record's entity entries, for resolving names
    written in memberships and events through the entries' aliases."""

    def __init__(self, gold: dict) -> None:
        self.entries: dict[str, list[tuple[frozenset[str], dict]]] = {
            k: [(names_key(_gold_names(e)), e) for e in gold.get(k, [])] for k in ENTITY_LISTS}

    def resolve(self, name: str, lists: Iterable[str] = ENTITY_LISTS) -> frozenset[str]:
        """Keys of ``name`` plus those of every gold entry (in ``lists``) it names."""
        keys = set(name_variants(name))
        base = name_variants(name)
        for k in lists:
            for ks, _e in self.entries[k]:
                if ks & base:
                    keys |= ks
        return frozenset(keys)

    def countries(self, name: str, lists: Iterable[str]) -> set[str]:
        """ISO codes of the gold entries (in ``lists``) that ``name`` names."""
        base = name_variants(name)
        return {e["country"] for k in lists for ks, e in self.entries[k]
                if ks & base and e.get("country")}


def _ent_key(x: Extraction, key: str | None) -> frozenset[str]:
    ent = x.entities.get(key) if key else None
    return names_key(entity_names(ent)) if ent else frozenset()


def _ent_label(x: Extraction, key: str | None) -> str:
    ent = x.entities.get(key) if key else None
    return ent.label if ent else f"<{key}>"


def _participants(x: Extraction, ev: Event) -> list[str]:
    """Entity keys behind an event's actors and recipients, in order, once."""
    out: list[str] = []
    for k in (*ev.actors, *ev.recipients):
        for m in x.expand_actor(k):
            if m and m in x.entities and m not in out:
                out.append(m)
    return out


def _role_match(m: Membership, g: dict) -> bool:
    if m.role and m.role.strip().casefold() == g["role"].strip().casefold():
        return True
    gt = g.get("role_text")
    return bool(gt and m.role_text and name_variants(m.role_text) & name_variants(gt))


def _event_label(x: Extraction, ev: Event) -> str:
    parts = ", ".join(_ent_label(x, k) for k in _participants(x, ev))
    place = f" @{_ent_label(x, ev.place)}" if ev.place else ""
    date = f" {ev.date.isoformat()}" if ev.date else ""
    return f"{ev.type} [{parts}]{place}{date} {ev.status} ({ev.trigger.text})"


def _gold_event_label(g: dict) -> str:
    place = f" @{g['place']}" if g.get("place") else ""
    date = f" {g['date']}" if g.get("date") else ""
    return f"{g['type']} [{', '.join(g['participants'])}]{place}{date} {g['status']} ({g.get('trigger', '')})"


# --------------------------------------------------------------------------
# Scoring


def score_article(gold: dict, x: Extraction) -> ArticleScore:
    """Score one extraction against one gold record (GOLD-FORMAT.md, Scoring).

    Input: a gold record dict (as from :func:`load_gold`) and the
    :class:`~kgbuild.model.Extraction` of its article. Output: an
    :class:`ArticleScore` with tp/fp/fn per list, argument accuracy over the
    matched events and the FP/FN items in ``errors``. Matching and counting
    rules: see the module docstring.
    """
    idx = _GoldIndex(gold)
    counts: dict[str, Counts] = {}
    errors: dict = {}

    # entities
    for lst, etype in ENTITY_LISTS.items():
        preds = [e for e in x.entities.values() if e.type == etype and e.mentions]
        pkeys = [names_key(entity_names(e)) for e in preds]
        gkeys = [ks for ks, _e in idx.entries[lst]]
        gents = [e for _ks, e in idx.entries[lst]]
        plabel = [name_variants(e.label) for e in preds]
        gname = [name_variants(e["name"]) for e in gents]
        c, err, _ = _count([e.label for e in preds], [e["name"] for e in gents],
                           [bool(e.get("optional")) for e in gents],
                           lambda p, g: bool(pkeys[p] & gkeys[g]),
                           # prefer label = gold name, then label = an alias
                           prefs=lambda p, g: 2.0 if plabel[p] & gname[g] else float(bool(plabel[p] & gkeys[g])))
        counts[lst], errors[lst] = c, err

    # memberships
    gms = gold["memberships"]
    g_person = [idx.resolve(m["person"], ("persons",)) for m in gms]
    g_orgs = [names_key([]).union(*(idx.resolve(o) for o in m["organization"])) for m in gms]
    g_ctry = [set().union(*(idx.countries(o, ("places",)) for o in m["organization"])) for m in gms]
    pms = x.memberships
    p_person = [_ent_key(x, m.person) for m in pms]
    p_org = [_ent_key(x, m.organization) for m in pms]
    p_ctry = [getattr(x.entities.get(m.organization), "country", None) for m in pms]

    def mem_match(p: int, g: int) -> bool:
        if not (p_person[p] & g_person[g]) or not _role_match(pms[p], gms[g]):
            return False
        return bool(p_org[p] & g_orgs[g]) or (p_ctry[p] is not None and p_ctry[p] in g_ctry[g])

    c, err, mem_pairs = _count(
        [f"{_ent_label(x, m.person)} | {m.role} ({m.role_text}) | {_ent_label(x, m.organization)}" for m in pms],
        [f"{m['person']} | {m['role']} ({m.get('role_text', '')}) | {' / '.join(m['organization'])}" for m in gms],
        [False] * len(gms), mem_match)
    former = Counts()
    for p, g in mem_pairs.items():
        pf, gf = bool(getattr(pms[p], "former", False)), bool(gms[g].get("former"))
        former.tp += pf and gf
        former.fp += pf and not gf
        former.fn += gf and not pf
    counts["memberships"], errors["memberships"] = c, err

    # events
    gev = gold["events"]
    g_parts = [[idx.resolve(n) for n in g["participants"]] for g in gev]
    g_place = [idx.resolve(g["place"]) if g.get("place") else None for g in gev]
    pev = x.events
    p_parts = [[_ent_key(x, k) for k in _participants(x, ev)] for ev in pev]

    def overlap(p: int, g: int) -> int:
        pp, gp = p_parts[p], g_parts[g]
        return len(_max_matching([[j for j in range(len(gp)) if pk & gp[j]] for pk in pp]))

    def arg_ok(p: int, g: int) -> dict[str, bool]:
        ev, ge = pev[p], gev[g]
        if ge.get("place") is None:
            place = ev.place is None
        else:
            place = bool(ev.place and _ent_key(x, ev.place) & g_place[g])
        gdate = ge.get("date")
        date = (ev.date is None and gdate is None) or (
            ev.date is not None and gdate is not None and ev.date.isoformat() == gdate)
        status = (ev.status or "").casefold() == (ge.get("status") or "").casefold()
        return {"place": place, "date": date, "status": status}

    def ev_match(p: int, g: int) -> bool:
        if pev[p].type != gev[g]["type"]:
            return False
        return overlap(p, g) >= min(2, len(g_parts[g]))

    def ev_pref(p: int, g: int) -> float:
        return overlap(p, g) + sum(arg_ok(p, g).values()) / 10

    c, err, pairs = _count([_event_label(x, ev) for ev in pev], [_gold_event_label(g) for g in gev],
                           [False] * len(gev), ev_match, prefs=ev_pref)
    counts["events"], errors["events"] = c, err

    args = ArgCounts()
    arg_err = []
    for p, g in sorted(pairs.items(), key=lambda t: t[1]):
        ok = arg_ok(p, g)
        args.matched += 1
        args.parts_pred += len(p_parts[p])
        args.parts_gold += len(g_parts[g])
        args.parts_ok += overlap(p, g)
        ev, ge = pev[p], gev[g]
        pred_val = {"place": _ent_label(x, ev.place) if ev.place else None,
                    "date": ev.date.isoformat() if ev.date else None, "status": ev.status}
        for a in ARGS:
            if ok[a]:
                setattr(args, a, getattr(args, a) + 1)
            else:
                arg_err.append(f"{ge['type']} ({ge.get('trigger', '')}): {a} gold={ge.get(a)} predicted={pred_val[a]}")
    errors["arguments"] = arg_err
    return ArticleScore(id=gold["id"], counts=counts, args=args, errors=errors, former=former)


def diagnose(gold: dict, x: Extraction) -> dict:
    """The errors of one extraction, for developers.

    Output: ``{"persons"|"organizations"|"places"|"memberships"|"events":
    {"fp": [str], "fn": [str]}, "arguments": [str]}``. Entities are shown by
    label (a duplicate FP as ``"label (duplicate of gold NAME)"``),
    memberships as ``"person | role (role_text) | organisation"``, events as
    ``"Type [participants] @place date status (trigger)"``, argument errors as
    ``"Type (trigger): arg gold=… predicted=…"``. Scoring as in
    :func:`score_article` (GOLD-FORMAT.md, Scoring).
    """
    return score_article(gold, x).errors


def evaluate(gold_path: str | Path,
             extract: Callable[[Article], Extraction] | None = None) -> Report:
    """Score an extractor on every record of a gold file.

    Input: the gold JSON Lines path (GOLD-FORMAT.md) and an extraction
    function ``Article -> Extraction`` (default:
    :func:`kgbuild.pipeline.extract_article`). Output: a :class:`Report`
    with one :class:`ArticleScore` per record. Gold-file problems (malformed
    line, missing field, missing article) raise ValueError naming the gold
    file and line; an extractor that raises on one article is recorded in
    that article's ``failure`` and the article is scored as an empty
    extraction (all its gold items are false negatives), so one bad article
    never stops the evaluation.
    """
    if extract is None:
        from kgbuild.pipeline import extract_article as extract
    records = load_gold(gold_path)
    report = Report(gold_path=str(gold_path))
    for rec in records:
        art = article_for(rec, gold_path)
        failure = None
        try:
            x = extract(art)
        except Exception as e:  # one bad article never stops the evaluation
            failure = f"{type(e).__name__}: {e}"
            x = Extraction(article=art)
        s = score_article(rec, x)
        s.failure = failure
        report.articles.append(s)
    return report
