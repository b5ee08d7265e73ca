"""The learned deciders' runtime: linear models over sparse string features.

A decider turns a candidate (a person–post pair, a trigger, a participant …)
into a dict of string features (``{"key=minister": 1.0, "dist=1": 1.0}``)
and scores it with a :class:`LinearModel`: logistic regression trained by
scikit-learn (:mod:`kgbuild.learn`) and shipped as plain JSON weights, so
that deciding needs neither scikit-learn nor pickles, loads without a
network and gives the same output on every run.

File format (``kgbuild/models/<lang>/<name>.json``)::

    {"name": "membership", "classes": ["0", "1"],
     "bias": [-1.2], "weights": {"key=minister": [0.8], ...},
     "threshold": 0.5}

A binary model has one weight column (the positive class); a model with
more classes one column per class, in ``classes`` order (multinomial).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

#: Folder of the shipped models.
MODELS = Path(str(resources.files("kgbuild") / "models"))


@dataclass
class LinearModel:
    """Logistic regression weights over string features.

    Attributes:
        name: the decider's name (file stem).
        classes: class labels; binary models have ``["0", "1"]``.
        bias: one intercept per weight column.
        weights: feature → one weight per column.
        threshold: probability above which a binary decision is yes.
    """

    name: str
    classes: list[str]
    bias: list[float]
    weights: dict[str, list[float]]
    threshold: float = 0.5

    def scores(self, feats: dict[str, float]) -> list[float]:
        """Raw linear scores, one per column."""
        if len(self.bias) == 1:
            return [self._score1(feats)]
        out = list(self.bias)
        w = self.weights
        for f, v in feats.items():
            ws = w.get(f)
            if ws is not None:
                for c, x in enumerate(ws):
                    out[c] += x * v
        return out

    def _score1(self, feats: dict[str, float]) -> float:
        """The score of a one-column (binary) model: bias + Σ weight × value."""
        w1 = self.__dict__.get("_w1")
        if w1 is None:
            w1 = self.__dict__["_w1"] = {f: ws[0] for f, ws in self.weights.items()}
        get = w1.get
        s = self.bias[0]
        for f, v in feats.items():
            x = get(f)
            if x is not None:
                s += x if v == 1 else x * v
        return s

    def prob(self, feats: dict[str, float]) -> float:
        """Probability of the positive class of a binary model."""
        s = self._score1(feats)
        if s >= 0:
            return 1.0 / (1.0 + math.exp(-s))
        e = math.exp(s)
        return e / (1.0 + e)

    def decide(self, feats: dict[str, float]) -> bool:
        """Whether a binary model says yes (probability above ``threshold``)."""
        return self.prob(feats) > self.threshold

    def probs(self, feats: dict[str, float]) -> dict[str, float]:
        """Class → probability (softmax over the columns; binary: sigmoid)."""
        if len(self.classes) == 2 and len(self.bias) == 1:
            p = self.prob(feats)
            return {self.classes[0]: 1 - p, self.classes[1]: p}
        s = self.scores(feats)
        top = max(s)
        ex = [math.exp(v - top) for v in s]
        z = sum(ex)
        return {c: e / z for c, e in zip(self.classes, ex)}

    def best(self, feats: dict[str, float]) -> str:
        """The most probable class (ties: the first in ``classes``)."""
        s = self.scores(feats)
        if len(self.classes) == 2 and len(s) == 1:
            return self.classes[1] if s[0] > 0 else self.classes[0]
        return self.classes[max(range(len(s)), key=lambda c: (s[c], -c))]

    def to_json(self) -> dict:
        return {"name": self.name, "classes": self.classes, "bias": self.bias,
                "threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, d: dict) -> LinearModel:
        """Build from the dict of :meth:`to_json`. Raises KeyError naming a
        missing field."""
        return cls(name=d["name"], classes=list(d["classes"]), bias=list(d["bias"]),
                   weights={k: list(v) for k, v in d["weights"].items()}, threshold=d.get("threshold", 0.5))


#: The deciders every language's model set holds.
DECIDERS = ("membership", "role", "org", "trigger", "status", "participant", "place", "date")


#: File name of the names CRF in a model folder.
NAMES_FILE = "names.crfsuite"


@dataclass
class Models:
    """One language's deciders, by name (:data:`DECIDERS`), and the path of
    its names CRF (:mod:`kgbuild.extract.names`); a missing one is ``None``
    and its component falls back to the rules' answer."""

    lang: str
    models: dict[str, LinearModel]
    meta: dict
    names_path: Path | None = None

    def get(self, name: str) -> LinearModel | None:
        return self.models.get(name)

    def names_tagger(self):
        """A ``pycrfsuite.Tagger`` opened on the names CRF (one per
        process and model set: a tagger is not shared between threads),
        or None without a names model. Raises ImportError naming
        python-crfsuite when it is missing."""
        if self.names_path is None:
            return None
        tagger = self.__dict__.get("_tagger")
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.names_path))
            self.__dict__["_tagger"] = tagger
        return tagger


def save(models: Models, folder: Path) -> list[Path]:
    """Write each model as ``<name>.json`` and ``meta.json`` into ``folder``
    (created), with sorted keys and fixed float formatting so that the same
    weights give the same bytes. Returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, m in sorted(models.models.items()):
        p = folder / f"{name}.json"
        p.write_text(json.dumps(m.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                     encoding="utf-8")
        out.append(p)
    if models.names_path is not None and models.names_path != folder / NAMES_FILE:
        import shutil

        shutil.copyfile(models.names_path, folder / NAMES_FILE)
        out.append(folder / NAMES_FILE)
    p = folder / "meta.json"
    p.write_text(json.dumps(models.meta, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    out.append(p)
    return out


def load_folder(folder: Path, lang: str) -> Models:
    """Read the models saved by :func:`save` from ``folder``; a folder
    without models gives an empty :class:`Models`. Raises ValueError naming
    the file when one is not valid JSON or lacks a field."""
    models: dict[str, LinearModel] = {}
    meta: dict = {}
    if folder.is_dir():
        for name in DECIDERS:
            p = folder / f"{name}.json"
            if p.is_file():
                try:
                    models[name] = LinearModel.from_json(json.loads(p.read_text(encoding="utf-8")))
                except (ValueError, KeyError) as e:
                    raise ValueError(f"{p}: not a kgbuild model file ({type(e).__name__}: {e})") from e
        mp = folder / "meta.json"
        if mp.is_file():
            meta = json.loads(mp.read_text(encoding="utf-8"))
    names = folder / NAMES_FILE
    return Models(lang=lang, models=models, meta=meta, names_path=names if names.is_file() else None)


@functools.lru_cache(maxsize=None)
def word_clusters(lang: str) -> dict[str, tuple[str, str]]:
    """Word (a stem, :func:`kgbuild.extract.doc.stem`) → (coarse, fine)
    cluster numbers as strings, from the shipped
    ``kgbuild/models/<lang>/word_clusters.tsv`` (learned from raw news text
    by scripts/train_word_clusters.py); empty when the language ships none.
    Raises ValueError naming the file when a row is malformed."""
    path = MODELS / lang / "word_clusters.tsv"
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or line.startswith("word\t"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                raise ValueError(f"{path}:{n}: expected word, coarse, fine; got {line.strip()!r}")
            out[parts[0]] = (parts[1], parts[2])
    return out


@functools.lru_cache(maxsize=None)
def shipped(lang: str) -> Models:
    """The models shipped in the package for ``lang`` (cached; empty when
    none ship)."""
    return load_folder(MODELS / lang, lang)
