"""Shared fixtures. Paths are found from this file, never the working directory."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
SEED = EXAMPLES / "qasioun-2025-01-22.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def seed_extraction():
    """The seed article's extraction (computed once per test session)."""
    from kgbuild.ingest import read_articles
    from kgbuild.pipeline import extract_article

    (article,) = list(read_articles([SEED]))
    return extract_article(article)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """Output folder of `kgbuild build` on the shipped example."""
    from typer.testing import CliRunner

    from kgbuild.cli import app

    out = tmp_path_factory.mktemp("seed-out")
    res = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out, res.output


def needs_shared():
    """Skip marker for tests that read ../shared (absent outside this workplace)."""
    return pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
