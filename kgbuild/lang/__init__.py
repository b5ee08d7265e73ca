"""Language packs: data files (lexicons, gazetteers, patterns) per language.

Each pack is a folder ``kgbuild/lang/<code>/`` holding ``lexicon/*.tsv``.

Lexicon file format (documented once, PETRARCH-style)::

    # what: role titles (Arabic)
    # format: TSV, columns below; '|' separates alternatives inside a cell
    # source: hand-written from the seed and the dev articles' kinds; ...
    # licence: Apache-2.0 (kgbuild)
    # changed: 2026-11-29 first version
    surface	key	number	en
    رئيس	president	sg	president

Lines starting with ``#`` are the header (what, format, source, licence,
change log); the first other line names the columns; each further line is one
entry. Empty cells are ``""``. Blank lines are ignored.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["read_lexicon", "available_languages"]


@functools.lru_cache(maxsize=None)
def read_lexicon(lang: str, name: str) -> tuple[dict[str, str], ...]:
    """Read ``kgbuild/lang/<lang>/lexicon/<name>.tsv``.

    Input: a language code and a lexicon name (file stem).
    Output: a tuple of rows, each a dict from column name to cell text
    (stripped; missing trailing cells are ``""``).
    Raises FileNotFoundError naming the file when the lexicon does not exist,
    and ValueError naming the file and line when a row has more cells than
    the header.
    """
    path = resources.files("kgbuild") / "lang" / lang / "lexicon" / f"{name}.tsv"
    if not path.is_file():
        raise FileNotFoundError(f"kgbuild lexicon not found: {path}")
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise ValueError(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells)))
    return tuple(rows)


def available_languages() -> list[str]:
    """Return the codes of the language packs shipped (folders with a lexicon)."""
    root = resources.files("kgbuild") / "lang"
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "lexicon").is_dir())
