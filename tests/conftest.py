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


#: Names and texts that must stay text in every page of `kgbuild serve`.
SERVE_PAYLOADS = ["<script>alert(1)</script>", '"><svg onload=alert(3)>', "'onmouseover='alert(4)",
                  "\u202eevil\u202c \u2066x\u2069"]
SERVE_EVIL = "https://w3id.org/kgbuild/id/person/evil"


@pytest.fixture(scope="session")
def crafted_store(tmp_path_factory):
    """A store built from an article whose title, source, URL and text hold
    payloads, then given a person whose labels, mention and sentence are
    payloads (as another extractor could produce them), acting in the
    article's visit. Returns (store folder, article path, visit path)."""
    import json

    from typer.testing import CliRunner

    from kgbuild.cli import app as cli
    from kgbuild.store import ArticleStore

    folder = tmp_path_factory.mktemp("crafted")
    text = ("وصل رئيس الائتلاف الوطني السوري، هادي البحرة، إلى باريس صباح اليوم. "
            f"وقال {SERVE_PAYLOADS[0]} {SERVE_PAYLOADS[1]} {SERVE_PAYLOADS[3]}.")
    art = {"id": "crafted-1", "lang": "ar", "url": "javascript:alert(5)", "source": "<img src=x onerror=alert(6)>",
           "published": "2025-01-22", "title": f"{SERVE_PAYLOADS[0]} <b>عنوان</b> {SERVE_PAYLOADS[3]}", "text": text}
    src = folder / "crafted.jsonl"
    src.write_text(json.dumps(art, ensure_ascii=False) + "\n", encoding="utf-8")
    out = folder / "out"
    r = CliRunner().invoke(cli, ["build", str(src), "--out", str(out), "--no-files", "--no-progress"])
    assert r.exit_code == 0, r.output
    g = "https://w3id.org/kgbuild/id/graph/crafted-1"
    a = "https://w3id.org/kgbuild/id/article/crafted-1"
    with ArticleStore(out / "store") as st:
        nt = st.graph_ntriples(g).decode("utf-8")
        visit = next(iter(st.query("SELECT ?e WHERE { ?e a kgb:Visit }",
                                   prefixes={"kgb": "https://w3id.org/kgbuild/ontology#"})))[0].value
        b = text.index(SERVE_PAYLOADS[0])
        e = b + len(SERVE_PAYLOADS[0])
        sent = text[text.index("وقال"):]
        m = f"{a}#char={b},{e}"

        def lit(s, lang=None):
            return json.dumps(s, ensure_ascii=False) + (f"@{lang}" if lang else "")

        extra = [
            f"<{SERVE_EVIL}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> .",
            f"<{SERVE_EVIL}> <http://www.w3.org/2000/01/rdf-schema#label> {lit(SERVE_PAYLOADS[0], 'ar')} .",
            f"<{SERVE_EVIL}> <http://www.w3.org/2000/01/rdf-schema#label> {lit(SERVE_PAYLOADS[1], 'en')} .",
            f"<{SERVE_EVIL}> <http://www.w3.org/2004/02/skos/core#altLabel> {lit(SERVE_PAYLOADS[2] + SERVE_PAYLOADS[3], 'ar')} .",
            f"<{SERVE_EVIL}> <https://w3id.org/kgbuild/ontology#searchKey> \"script alert 1 script\" .",
            f"<{SERVE_EVIL}> <http://groundedannotationframework.org/gaf#denotedBy> <{m}> .",
            f"<{m}> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> \"{b}\"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .",
            f"<{m}> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex> \"{e}\"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .",
            f"<{m}> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> {lit(SERVE_PAYLOADS[0])} .",
            f"<{m}> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext> <{a}#char=0,{len(text)}> .",
            f"<{m}> <https://w3id.org/kgbuild/ontology#sentence> {lit(sent, 'ar')} .",
            f"<{visit}> <http://semanticweb.cs.vu.nl/2009/11/sem/hasActor> <{SERVE_EVIL}> .",
            f"<{visit}> <http://groundedannotationframework.org/gaf#denotedBy> <{m}> .",
        ]
        st.replace([(g, nt + "\n".join(extra) + "\n")])
    return out / "store", "article/crafted-1", visit.rsplit("/id/", 1)[1]


