"""Remote stores: `kgbuild push` and `kgbuild build --endpoint` against a real
Oxigraph server started here on 127.0.0.1, and the retry / refusal policy
against a stub server on loopback."""
from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, SEED
from kgbuild.cli import app
from kgbuild.store import ArticleStore, EndpointError, GraphStoreClient

GRAPH = "https://w3id.org/kgbuild/id/graph/qasioun-2025-01-22"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(location: Path, read_only: bool = False):
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    cmd = [exe, "serve-read-only" if read_only else "serve", "--location", str(location),
           "--bind", f"127.0.0.1:{port}"]
    if not read_only:
        cmd.append("--union-default-graph")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited: {proc.stderr.read().decode(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("oxigraph did not start in 30 s")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def oxigraph_server(tmp_path):
    proc, url = start_oxigraph(tmp_path / "server-db")
    yield url
    stop(proc)


def sparql(url: str, query: str) -> list[dict]:
    req = urllib.request.Request(f"{url}/query?{urllib.parse.urlencode({'query': query})}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        data = json.load(r)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_push_store_to_oxigraph_server(seed_build, oxigraph_server):
    out, _ = seed_build
    res = CliRunner().invoke(app, ["push", str(out / "store"), "--endpoint", f"{oxigraph_server}/store",
                                   "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "pushed 1 graphs" in res.output
    rows = sparql(oxigraph_server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    with ArticleStore(out / "store", read_only=True) as st:
        local = len(st.graph_ntriples(GRAPH).splitlines())
    assert rows == [{"g": GRAPH, "n": str(local)}]
    # a saved query gives the same rows on the server
    from kgbuild.query import saved_query

    remote = {(r["person"], r["role"], r["organization"]) for r in sparql(oxigraph_server, saved_query("members"))}
    q = CliRunner().invoke(app, ["query", str(out), "--name", "members", "--format", "json"])
    assert remote == {(r["person"], r["role"], r["organization"]) for r in json.loads(q.output)}
    assert len(remote) == 6
    # pushing again replaces the graph: no duplicates
    CliRunner().invoke(app, ["push", str(out), "--endpoint", f"{oxigraph_server}/store", "--no-progress"])
    assert sparql(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == [{"n": str(local)}]


def test_push_build_with_endpoint_replaces_changed_article(tmp_path, oxigraph_server):
    url = f"{oxigraph_server}/store"
    res = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "o"), "--endpoint", url,
                                   "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "endpoint: " in res.output and "(1 graphs sent)" in res.output
    assert not (tmp_path / "o" / "store").exists()
    q = 'SELECT ?l WHERE { GRAPH ?g { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(STR(?l), "ديما")) } }'
    assert sparql(oxigraph_server, q)
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace("ديما موسى", "سعاد"),
                                     encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(changed), "--endpoint", url, "--no-progress",
                                   "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert sparql(oxigraph_server, q) == []


def test_push_refused_by_read_only_server(seed_build, tmp_path):
    out, _ = seed_build
    db = tmp_path / "ro-db"
    shutil.copytree(out / "store", db)
    proc, url = start_oxigraph(db, read_only=True)
    try:
        res = CliRunner().invoke(app, ["push", str(out), "--endpoint", f"{url}/store", "--no-progress"])
    finally:
        stop(proc)
    assert res.exit_code == 1
    assert "refused graph <" in res.output and "HTTP 403" in res.output


class _Stub(http.server.BaseHTTPRequestHandler):
    """Answers PUTs with the statuses queued in ``server.statuses``."""

    def do_PUT(self):  # noqa: N802
        n = int(self.headers.get("Content-Length", 0))
        self.rfile.read(n)
        self.server.seen.append((self.path, self.headers.get("Content-Type")))
        status = self.server.statuses.pop(0) if self.server.statuses else 204
        self.send_response(status)
        body = b"" if status < 300 else b"nope"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture
def stub():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    srv.statuses, srv.seen = [], []
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv, f"http://127.0.0.1:{srv.server_address[1]}/ds/data"
    srv.shutdown()
    srv.server_close()


def test_push_retries_transient_errors(stub):
    srv, url = stub
    srv.statuses = [503, 429, 502]
    sleeps = []
    with GraphStoreClient(url, retries=5, sleep=sleeps.append) as c:
        c.put_graph("urn:g:1", b'<urn:a> <urn:b> "c" .\n')
    assert len(srv.seen) == 4 and len(sleeps) == 3
    assert sleeps == sorted(sleeps)  # backing off
    path, ctype = srv.seen[-1]
    assert path == "/ds/data?graph=urn%3Ag%3A1" and ctype.startswith("text/turtle")


def test_push_gives_up_after_retries_and_refuses_clearly(stub):
    srv, url = stub
    srv.statuses = [503] * 10
    with GraphStoreClient(url, retries=2, sleep=lambda s: None) as c:
        with pytest.raises(EndpointError, match=r"failed after 3 attempts: HTTP 503"):
            c.put_graph("urn:g:1", b"")
    srv.statuses = [415]
    with GraphStoreClient(url, retries=5, sleep=lambda s: None) as c:
        with pytest.raises(EndpointError, match=r"refused graph <urn:g:2>: HTTP 415"):
            c.put_graph("urn:g:2", b"")
    assert len(srv.seen) == 4  # a refusal is not retried


def test_push_unreachable_endpoint(tmp_path):
    port = free_port()  # nothing listens there
    with GraphStoreClient(f"http://127.0.0.1:{port}/store", retries=1, sleep=lambda s: None) as c:
        with pytest.raises(EndpointError, match="failed after 2 attempts"):
            c.put_graph("urn:g", b"")
    with pytest.raises(ValueError):
        GraphStoreClient("ftp://example/x")
