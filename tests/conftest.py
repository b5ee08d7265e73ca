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


@pytest.fixture(scope="session")
def serve_store(tmp_path_factory):
    """A store built from the seed and the Arabic and English dev sets
    (../shared/corpus/{ar,en}/dev.jsonl), for the `kgbuild serve` tests.
    Skipped, with the reason, when the shared corpus is absent."""
    from typer.testing import CliRunner

    from kgbuild.cli import app

    dev = [CORPUS / "ar" / "dev.jsonl", CORPUS / "en" / "dev.jsonl"]
    missing = [str(p) for p in dev if not p.is_file()]
    if missing:
        pytest.skip(f"the serve tests build a store from the dev sets: not found: {', '.join(missing)}")
    out = tmp_path_factory.mktemp("serve-out")
    res = CliRunner().invoke(app, ["build", str(EXAMPLES), *map(str, dev), "--out", str(out), "--no-files",
                                   "--no-progress"])
    assert res.exit_code == 0, res.output
    return out / "store"


@pytest.fixture(scope="session")
def live_server():
    """A function starting `kgbuild serve STORE` on 127.0.0.1 and a free
    port in a subprocess: ``start(store, *options)`` returns the base URL;
    every server started is stopped at the end of the session."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    procs = []

    def start(store, *options: str) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-m", "kgbuild", "serve", str(store), "--port", str(port), *options],
                                stdin=subprocess.DEVNULL)
        procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        t0 = time.monotonic()
        while time.monotonic() - t0 < 90:
            if proc.poll() is not None:
                raise RuntimeError(f"kgbuild serve exited with status {proc.returncode}")
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                    if r.read() == b"ok":
                        return url
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("kgbuild serve did not answer within 90 s")

    yield start
    for p in procs:
        p.terminate()
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
