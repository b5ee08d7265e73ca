"""Extract stage: the extractor protocol and the registry.

An extractor maps one :class:`~kgbuild.model.Article` to one
:class:`~kgbuild.model.Extraction` (mentions, entities, memberships,
delegations, events); it knows nothing of RDF, stores or HTML.

Extractors are registered under versioned names (``"kgbuild.ar.rules.v1"``,
after spacy-llm's registry); outside packages can add their own through the
entry-point group ``kgbuild.extractors`` (a name → a zero-argument factory).
"""

from __future__ import annotations

import functools
import gc
from importlib.metadata import entry_points
from typing import Callable, Protocol, runtime_checkable

from kgbuild.model import Article, Extraction


@runtime_checkable
class Extractor(Protocol):
    """Protocol of an extractor.

    ``name``: the registered, versioned name. ``lang``: ISO 639-1 code.
    ``extract(article) -> Extraction``: pure function of the article (no
    network, no clock, no global state), deterministic.
    """

    name: str
    lang: str

    def extract(self, article: Article) -> Extraction: ...


def _ar() -> Extractor:
    from kgbuild.extract.arabic import ArabicRules

    return ArabicRules()


def _en() -> Extractor:
    from kgbuild.extract.english import EnglishRules

    return EnglishRules()


def _pipeline(lang: str) -> Callable[[], Extractor]:
    def make() -> Extractor:
        from kgbuild.extract.system import Pipeline

        return Pipeline(lang)
    return make


_BUILTIN: dict[str, Callable[[], Extractor]] = {
    "kgbuild.ar.rules.v1": _ar,
    "kgbuild.en.rules.v1": _en,
    "kgbuild.ar.v2": _pipeline("ar"),
    "kgbuild.en.v2": _pipeline("en"),
}

#: The rules extractor per language: names and mentions, and the rules'
#: own facts (features for the learned deciders).
DEFAULT_RULES = {"ar": "kgbuild.ar.rules.v1", "en": "kgbuild.en.rules.v1"}

#: The default extractor per language: rules propose, models decide
#: (:mod:`kgbuild.extract.system`).
DEFAULTS = {"ar": "kgbuild.ar.v2", "en": "kgbuild.en.v2"}


def registered() -> dict[str, Callable[[], Extractor]]:
    """Return every extractor name → factory: built-ins and entry points."""
    out = dict(_BUILTIN)
    for ep in entry_points(group="kgbuild.extractors"):
        out.setdefault(ep.name, ep.load)
    return out


@functools.lru_cache(maxsize=None)
def get_extractor(name: str) -> Extractor:
    """Return the (cached) extractor registered as ``name``.

    Raises KeyError listing the available names when ``name`` is unknown.
    Once built, the extractor's lexicons and gazetteer index (millions of
    objects that live as long as the process) are moved to the garbage
    collector's permanent generation (:func:`gc.freeze`): otherwise every
    full collection rescans them, which cost about a quarter of the Arabic
    extraction time on SaudiNewsNet articles (benchmarks/README.md).
    """
    reg = registered()
    if name not in reg:
        raise KeyError(f"no extractor {name!r}; available: {', '.join(sorted(reg))}")
    extractor = reg[name]()
    gc.freeze()
    return extractor


def extractor_for(lang: str) -> Extractor:
    """Return the default extractor for a language code.

    Raises KeyError naming the supported languages for any other code."""
    if lang not in DEFAULTS:
        raise KeyError(f"no extractor for language {lang!r}; supported: {', '.join(DEFAULTS)}")
    return get_extractor(DEFAULTS[lang])


def extract(article: Article) -> Extraction:
    """Run the default extractor of the article's language on it."""
    return extractor_for(article.lang).extract(article)
