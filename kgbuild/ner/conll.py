"""CoNLL-style NER files: reading, span decoding and exact-span scoring.

File shape: one token per line, ``token [COL ...] TAG`` separated by white
space; a blank line ends a sentence; ``-DOCSTART-`` lines end a document
(CoNLL-2003); ``$#$`` lines end a segment (Wojood). A BOM, CR and U+200E
marks are removed (NewsFANE). Tags are IOB2 (``B-X``/``I-X``) or the original
CoNLL-2003 IOB1 (``I-X`` everywhere, ``B-X`` only between two adjacent
entities of type X): both decode the same way here, as conlleval does: a span
starts at ``B-X`` or at an ``I-X`` that does not continue a span of type X.

Scoring follows the CoNLL shared tasks: a predicted span counts as correct
only when its first token, last token and type all equal a gold span's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: The entity types kgbuild's models predict.
TYPES = ("PER", "ORG", "LOC", "MISC")

_TAG_RE = re.compile(r"^([BIES])-+(.+?)`?$")


def coarse_default(t: str) -> str | None:
    """Map a corpus type name to one of :data:`TYPES` (``PERS`` → ``PER``);
    unknown names map to themselves (scored as their own type)."""
    return {"PERS": "PER", "PERSON": "PER", "MIS": "MISC"}.get(t, t)


# NewsFANE Gold's fine classes (Darwish & Gao's annotation of the ANERcorp text) by coarse type
NEWSFANE_PER = frozenset({"Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
                          "Businessperson", "Lawyer", "Engineer", "Police"})
NEWSFANE_ORG = frozenset({"Government", "Non-Governmental", "Commercial", "Educational", "Media",
                          "Religious_ORG", "Sports", "Medical-Science", "Entertainment"})
NEWSFANE_LOC = frozenset({"Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "County-or-District",
                          "Continent", "Water-Body", "Land-Region-Natural", "Celestial", "Building-Grounds",
                          "Airport", "Path", "Subarea-Facility"})


def coarse_newsfane(t: str, group: str | None = "MISC") -> str | None:
    """Map a NewsFANE Gold fine class to ``PER``, ``ORG``, ``LOC`` or
    ``MISC`` (books, films, software, vehicles, weapons ...). ``Group``
    (nationalities and peoples: العرب, المسلمين) maps to ``group``: MISC by
    default, ``None`` (outside any span) for training, where ANERcorp leaves
    them untagged."""
    if t in NEWSFANE_PER:
        return "PER"
    if t in NEWSFANE_ORG:
        return "ORG"
    if t in NEWSFANE_LOC:
        return "LOC"
    return group if t == "Group" else "MISC"


#: characters of normalised, space-free text in one shingle of :class:`OverlapGuard`
SHINGLE = 30


def flat(tokens: list[str]) -> str:
    """Normalised text of ``tokens`` without spaces, punctuation or clitic
    splits (:func:`kgbuild.text.normalize`): the form sentences are compared in."""
    from kgbuild.text import normalize

    return re.sub(r"[\W_]", "", normalize("".join(tokens)))


def shingles(s: str) -> set[str]:
    """Every :data:`SHINGLE`-character substring of ``s`` (none when shorter)."""
    return {s[i:i + SHINGLE] for i in range(len(s) - SHINGLE + 1)} if len(s) >= SHINGLE else set()


class OverlapGuard:
    """Shingles of a test file, kept only to DROP training sentences that
    overlap it: a sentence overlaps when it shares a :data:`SHINGLE`-character
    shingle with the test text, or, shorter than that (and at least
    ``short_min`` characters), stands inside it. Input: a CoNLL file path."""

    def __init__(self, path: str | Path, short_min: int = 0) -> None:
        flats = [flat(s.tokens) for s in read_conll(path)]
        self.shingles: set[str] = set().union(*(shingles(f) for f in flats))
        self.joined = "\n".join(flats)
        self.short_min = short_min

    def overlaps(self, tokens: list[str]) -> bool:
        """Whether a training sentence (its tokens) overlaps the test file."""
        f = flat(tokens)
        if not f:
            return False
        if len(f) < SHINGLE:
            return len(f) >= self.short_min and f in self.joined
        return not shingles(f).isdisjoint(self.shingles)


@dataclass
class Sentence:
    """One sentence: ``tokens`` as written and ``tags`` (IOB2, coarse types);
    ``doc`` numbers the document it belongs to (0 when the file has none)."""

    tokens: list[str]
    tags: list[str]
    doc: int = 0
    extra: dict = field(default_factory=dict)


def decode(tags: Iterable[str | None], coarse: Callable[[str], str | None] = coarse_default
           ) -> list[tuple[int, int, str]]:
    """Decode one tag column into spans ``(first, end_exclusive, type)``.

    Input: IOB1 or IOB2 tags (``O``, ``B-X``, ``I-X``; ``E-``/``S-`` read as
    ``I-``/``B-``); ``coarse`` maps a corpus type to an output type or None
    (None = not an entity). Output: spans in order, never overlapping.
    """
    spans: list[tuple[int, int, str]] = []
    cur, start = None, 0
    tags = list(tags)
    for i, tag in enumerate(tags + ["O"]):
        m = _TAG_RE.match(tag or "O")
        typ = coarse(m.group(2)) if m else None
        bi = m.group(1) if m else None
        if cur is not None and (typ != cur or bi in ("B", "S")):
            spans.append((start, i, cur))
            cur = None
        if typ is not None and cur is None:
            cur, start = typ, i
    return spans


def encode(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``n`` tokens from spans ``(first, end_exclusive, type)``."""
    tags = ["O"] * n
    for b, e, t in spans:
        tags[b] = "B-" + t
        for i in range(b + 1, e):
            tags[i] = "I-" + t
    return tags


def read_rows(path: str | Path, *, split_on_stop: bool = False, min_cols: int = 2
              ) -> list[tuple[int, list[list[str]]]]:
    """Read a CoNLL-style file into sentences of rows, tags left as written.

    Output: per sentence, ``(doc, rows)``: ``doc`` numbers the document
    (``-DOCSTART-`` lines start a new one; 0 before the first), each row is
    a line's white-space separated columns, the token first. A blank line,
    a ``-DOCSTART-`` line or a ``$#$`` line ends a sentence;
    ``split_on_stop`` also ends one after a ``.``, ``!``, ``?`` or ``؟``
    token (ANERcorp's original file has no blank lines). A BOM, CR and U+200E
    marks are removed; lines with fewer than ``min_cols`` columns (a tag
    without its token) are skipped; two lines glued as ``. Oالإصابة O``
    (ANERcorp) become the rows ``[".", "O"]`` and ``["الإصابة", "O"]``.
    Raises FileNotFoundError when ``path`` does not exist.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    out: list[tuple[int, list[list[str]]]] = []
    rows: list[list[str]] = []
    doc = 0

    def flush():
        if rows:
            out.append((doc, rows.copy()))
            rows.clear()

    for line in text.splitlines():
        line = line.replace("\u200e", "").replace("\ufeff", "").rstrip("\r")
        parts = line.split()
        if not parts:
            flush()
            continue
        if parts[0] == "-DOCSTART-":
            flush()
            doc += 1
            continue
        if parts[0] == "$#$":
            flush()
            continue
        if len(parts) < min_cols:
            continue
        if len(parts) == 3 and min_cols == 2 and re.match(r"^O(?=[^\x00-\x7f])", parts[1]):
            new = [[parts[0], "O"], [parts[1][1:], parts[2]]]
        else:
            new = [parts]
        for row in new:
            rows.append(row)
            if split_on_stop and row[0] in (".", "!", "؟", "?"):
                flush()
    flush()
    return out


def read_conll(path: str | Path, *, tag_col: int = -1, coarse: Callable[[str], str | None] = coarse_default,
               split_on_stop: bool = False, min_cols: int = 2) -> list[Sentence]:
    """Read a CoNLL-style file into sentences with IOB2 tags.

    ``tag_col``: the column holding the tag (default the last; Wojood's outer
    tag is column 1). ``coarse`` maps the file's types (see :func:`decode`).
    Sentence and document breaks, ``split_on_stop`` and ``min_cols``: see
    :func:`read_rows`. Raises FileNotFoundError when ``path`` does not exist.
    """
    out: list[Sentence] = []
    for doc, rows in read_rows(path, split_on_stop=split_on_stop, min_cols=min_cols):
        toks = [r[0] for r in rows]
        out.append(Sentence(toks, encode(len(toks), decode([r[tag_col] for r in rows], coarse)), doc))
    return out


@dataclass
class Score:
    """Counts for one type: true positives, predicted, gold."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(100 * self.precision, 2), "recall": round(100 * self.recall, 2),
                "f1": round(100 * self.f1, 2), "tp": self.tp, "predicted": self.pred, "gold": self.gold}


def score(gold: Iterable[list[str]], pred: Iterable[list[str]]) -> dict[str, Score]:
    """Exact-span P/R/F1 per type and ``"micro"`` over all types.

    Input: per sentence, the gold and the predicted tag sequences (same
    lengths; IOB1 or IOB2). Output: ``{type: Score, ..., "micro": Score}``.
    Raises ValueError when a pair of sequences differs in length.
    """
    out: dict[str, Score] = {}
    micro = Score()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"gold and predicted tag sequences differ in length: {len(g)} vs {len(p)}")
        gs, ps = set(decode(g)), set(decode(p))
        for sp in gs:
            out.setdefault(sp[2], Score()).gold += 1
        for sp in ps:
            out.setdefault(sp[2], Score()).pred += 1
        for sp in gs & ps:
            out[sp[2]].tp += 1
        micro.tp += len(gs & ps)
        micro.pred += len(ps)
        micro.gold += len(gs)
    out = dict(sorted(out.items()))
    out["micro"] = micro
    return out


def format_scores(scores: dict[str, Score]) -> str:
    """A plain-text table of :func:`score`'s result (percentages)."""
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for t, s in scores.items():
        lines.append(f"{t:<6} {100 * s.precision:6.2f} {100 * s.recall:6.2f} {100 * s.f1:6.2f} "
                     f"{s.gold:6d} {s.pred:6d}")
    return "\n".join(lines)
