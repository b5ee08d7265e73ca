"""The persistent store: one named graph per article, replacement,
crash safety, the merged graph, queries and exports on the store, workers."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, EXAMPLES, SEED, needs_shared
from kgbuild.cli import app
from kgbuild.store import JOURNAL, ArticleStore, StoreError, export_store

SNN = CORPUS / "raw" / "saudinewsnet.jsonl.gz"


def snn_lines(n: int, start: int = 0) -> list[str]:
    out = []
    with gzip.open(SNN, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= start + n:
                break
            if i >= start:
                out.append(line)
    return out


@pytest.fixture(scope="module")
def snn_jsonl(tmp_path_factory):
    """24 SaudiNewsNet articles as a JSONL file (skips without ../shared)."""
    if not SNN.is_file():
        pytest.skip(f"shared corpus not found at {SNN}")
    p = tmp_path_factory.mktemp("snn") / "snn.jsonl"
    p.write_text("".join(snn_lines(24)), encoding="utf-8")
    return p


def nquads(store: Path) -> list[str]:
    """Sorted N-Quads of the whole store (article graphs and merged graph)."""
    with ArticleStore(store, read_only=True) as st:
        data = st.inner.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    return sorted(data.decode("utf-8").splitlines())


def build(args, ok=(0, 1)):
    res = CliRunner().invoke(app, ["build", *map(str, args), "--no-progress"])
    assert res.exit_code in ok, res.output
    return res


def seed_variant(tmp: Path, name: str, text_change=None) -> Path:
    text = SEED.read_text(encoding="utf-8")
    if text_change:
        text = text_change(text)
    d = tmp / name
    d.mkdir(exist_ok=True)
    (d / SEED.name).write_text(text, encoding="utf-8")
    return d


def test_store_build_default_location_and_query(seed_build):
    out, output = seed_build
    assert (out / "store" / "CURRENT").is_file()
    assert "store: " in output and "(1 articles)" in output
    res = CliRunner().invoke(app, ["query", str(out / "store"), "--name", "members", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.output)) == 6
    # the build folder works too
    res2 = CliRunner().invoke(app, ["query", str(out), "--name", "members", "--format", "json"])
    assert res2.exit_code == 0 and json.loads(res2.output) == json.loads(res.output)


@pytest.mark.parametrize("name", ["members", "events", "places", "duplicates"])
def test_store_saved_queries_match_rdflib(seed_build, name):
    """Each saved query gives the same rows on the store (Oxigraph) as on
    graph.trig (rdflib): GROUP_CONCAT order aside."""
    out, _ = seed_build

    def rows(path):
        res = CliRunner().invoke(app, ["query", str(path), "--name", name, "--format", "json"])
        assert res.exit_code == 0, res.output
        return sorted(json.dumps({k: " | ".join(sorted(v.split(" | "))) if " | " in v else
                                  " / ".join(sorted(v.split(" / "))) for k, v in r.items()},
                                 ensure_ascii=False, sort_keys=True) for r in json.loads(res.output))

    assert rows(out / "store") == rows(out / "graph.trig")


def test_store_merged_graph_counts_each_triple_once(tmp_path):
    """Two articles stating the same facts: the merged graph holds them once
    (Oxigraph's union default graph would count them twice)."""
    a = seed_variant(tmp_path, "a")
    (a / "copy.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    build([a, "--out", tmp_path / "o", "--no-files"])
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }"
    res = CliRunner().invoke(app, ["query", str(tmp_path / "o"), q, "--format", "json"])
    assert json.loads(res.output)[0]["n"] == "6"
    with ArticleStore(tmp_path / "o" / "store", read_only=True) as st:
        assert st.article_count() == 2


def test_store_rebuild_same_article_is_idempotent(tmp_path):
    a = seed_variant(tmp_path, "a")
    build([a, "--out", tmp_path / "o", "--no-files"])
    first = nquads(tmp_path / "o" / "store")
    build([a, "--out", tmp_path / "o", "--no-files"])
    assert nquads(tmp_path / "o" / "store") == first


def test_store_changed_article_replaces_old_facts_only(tmp_path):
    """A changed article's old facts are gone; another article is untouched."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "other.txt").write_text("زار وزير الخارجية الفرنسي جان نويل بارو مدينة حلب.\n", encoding="utf-8")
    a = seed_variant(tmp_path, "a")
    build([a, other, "--out", tmp_path / "o", "--no-files"])
    with ArticleStore(tmp_path / "o" / "store", read_only=True) as st:
        before_other = st.graph_ntriples("https://w3id.org/kgbuild/id/graph/other")
    assert before_other
    # the article changes: Dima Moussa is gone from its text
    b = seed_variant(tmp_path, "b", lambda t: t.replace("وديما موسى، ", "").replace("ديما موسى", "سعاد"))
    build([b, "--out", tmp_path / "o", "--no-files"])
    q = 'SELECT ?l WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(STR(?l), "ديما")) }'
    res = CliRunner().invoke(app, ["query", str(tmp_path / "o"), q, "--format", "json"])
    assert json.loads(res.output) == []
    with ArticleStore(tmp_path / "o" / "store", read_only=True) as st:
        assert st.graph_ntriples("https://w3id.org/kgbuild/id/graph/other") == before_other
        assert st.article_count() == 2
    # the store equals a fresh build of the same inputs
    build([b, other, "--out", tmp_path / "fresh", "--no-files"])
    assert nquads(tmp_path / "o" / "store") == nquads(tmp_path / "fresh" / "store")


def test_store_interrupted_batch_is_finished_on_reopen(tmp_path, monkeypatch):
    """A crash in the middle of a bulk load: the journal is still there, a
    read-only open reports the unfinished articles, and opening for writing
    completes the batch, giving the same store as an uninterrupted build."""
    a = seed_variant(tmp_path, "a")
    build([a, "--out", tmp_path / "ref", "--no-files"])
    ref = nquads(tmp_path / "ref" / "store")

    import pyoxigraph

    from kgbuild import pipeline

    real = pipeline.process_article
    items = [(r.graph, r.ntriples) for r in [real(next(iter(__import__("kgbuild.ingest", fromlist=["x"]).read_articles([a]))))]]
    st = ArticleStore(tmp_path / "crash")
    calls = {"n": 0}

    class Boom(Exception):
        pass

    box = {"inner": st.inner}

    class HalfStore:
        """Loads half the quads, then dies."""
        def __getattr__(self, k):
            return getattr(box["inner"], k)

        def bulk_load(self, data, fmt):
            lines = data.splitlines(keepends=True)
            box["inner"].bulk_load(b"".join(lines[: len(lines) // 2]), fmt)
            calls["n"] += 1
            raise Boom

    st.inner = HalfStore()
    with pytest.raises(Boom):
        st.replace(items)
    st.inner = box.pop("inner")
    st.close()
    assert (tmp_path / "crash" / JOURNAL).is_file()
    with ArticleStore(tmp_path / "crash", read_only=True) as ro:
        assert ro.pending == 1
    # a reader (query, export, push) finishes the batch before reading: never a half-replaced store
    with ArticleStore.open_read(tmp_path / "crash") as ro:
        assert ro.pending == 0 and ro.article_count() == len(items)
    with ArticleStore(tmp_path / "crash") as rw:
        assert rw.recovered == 0
    assert not (tmp_path / "crash" / JOURNAL).exists()
    assert nquads(tmp_path / "crash") == ref
    assert calls["n"] == 1 and pyoxigraph


@needs_shared()
def test_store_killed_build_rerun_completes(tmp_path, snn_jsonl):
    """SIGKILL a build in flight: every article graph then in the store is
    whole (after the journal is replayed), and re-running the build gives
    the store of an uninterrupted build."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    code = ("import sys; from kgbuild.pipeline import build; "
            "build([sys.argv[1]], sys.argv[2], files=False, batch_articles=2)")
    ref = tmp_path / "ref"
    subprocess.run([sys.executable, "-c", code, str(snn_jsonl), str(ref)], check=True, env=env)
    ref_q = nquads(ref / "store")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", code, str(snn_jsonl), str(out)], env=env)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        st = out / "store"
        if st.is_dir() and sum(1 for f in st.glob("*.sst")) >= 4:
            break
        time.sleep(0.05)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    with ArticleStore(out / "store") as st:  # replays the journal, if any
        graphs = list(st.graphs())
        partial = {g: st.graph_ntriples(g) for g in graphs}
    with ArticleStore(ref / "store", read_only=True) as st:
        for g, data in partial.items():
            assert data == st.graph_ntriples(g), f"{g} is not whole"
    subprocess.run([sys.executable, "-c", code, str(snn_jsonl), str(out)], check=True, env=env)
    assert nquads(out / "store") == ref_q
    assert not list((out / "store").glob("bulk-*.sst"))  # a killed bulk load's files are cleaned up


@needs_shared()
def test_store_workers_give_identical_store(tmp_path, snn_jsonl):
    """--workers 1 and --workers 2: the same sorted N-Quads."""
    r1 = build([snn_jsonl, "--out", tmp_path / "w1", "--no-files", "--workers", "1"])
    r2 = build([snn_jsonl, "--out", tmp_path / "w2", "--no-files", "--workers", "2"])
    assert "articles: " in r1.output
    one = nquads(tmp_path / "w1" / "store")
    assert len(one) > 1000
    assert one == nquads(tmp_path / "w2" / "store")
    assert r1.output.split("time:")[0] == r2.output.split("time:")[0]


def test_store_export_formats(seed_build, tmp_path):
    import rdflib
    import rdflib.compare

    out, _ = seed_build
    ttl = rdflib.Graph().parse(out / "graph.ttl")
    for fmt, parse in (("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")):
        export_store(out / "store", fmt, tmp_path / f"x.{fmt}")
        g = rdflib.Graph().parse(tmp_path / f"x.{fmt}", format=parse)
        assert rdflib.compare.isomorphic(g, ttl), fmt
    for fmt in ("trig", "nquads"):
        export_store(out, fmt, tmp_path / f"x.{fmt}")
        ds = rdflib.Dataset()
        ds.parse(tmp_path / f"x.{fmt}", format=fmt)
        graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
        assert graphs == {"https://w3id.org/kgbuild/id/graph/qasioun-2025-01-22"}, fmt
        assert len(list(ds.quads())) == len(ttl)
    with pytest.raises(ValueError):
        export_store(out, "rdfxml-please", tmp_path / "x.bad")


def test_store_rdflib_view_reads_like_a_dataset(seed_build):
    """load_graph on a store: an rdflib Dataset whose union is the merged
    graph, named graphs the articles, SPARQL with bindings on Oxigraph."""
    import rdflib

    from kgbuild.query import load_graph, run_query

    out, _ = seed_build
    ds = load_graph(out / "store")
    try:
        ttl = rdflib.Graph().parse(out / "graph.ttl")
        assert set(ds.triples((None, None, None))) == set(ttl)
        assert [str(c.identifier) for c in ds.graphs() if len(c)] == \
            ["https://w3id.org/kgbuild/id/graph/qasioun-2025-01-22"]
        res = run_query(ds, "SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l",
                        {"p": rdflib.URIRef(next(iter(ttl.subjects(rdflib.RDF.type,
                                                                   rdflib.URIRef("http://schema.org/Person")))))})
        assert len(list(res)) == 1
        with pytest.raises(PermissionError):
            ds.add((rdflib.URIRef("urn:a"), rdflib.URIRef("urn:b"), rdflib.Literal("c")))
    finally:
        ds.kg.close()


def test_store_errors_are_clear(tmp_path):
    (tmp_path / "notastore").mkdir()
    (tmp_path / "notastore" / "x.txt").write_text("x")
    with pytest.raises(StoreError, match="not a store"):
        ArticleStore(tmp_path / "notastore")
    res = CliRunner().invoke(app, ["query", str(tmp_path / "notastore"), "--name", "members"])
    assert res.exit_code == 2 and "no kgbuild store" in res.output
    st = ArticleStore(tmp_path / "s")
    try:
        with pytest.raises(StoreError, match="in use"):
            ArticleStore(tmp_path / "s")
    finally:
        st.close()


def test_store_stream_memory_is_flat(tmp_path):
    """The reader is a stream: articles are processed while the input is
    still being read (a generator end to end, bounded chunks in flight)."""
    from kgbuild import pipeline

    seen = []

    def fake_read(paths):
        for i in range(50):
            seen.append(i)
            yield pipeline.IngestError(f"x:{i}", "test")

    orig = pipeline.read_articles
    pipeline.read_articles = fake_read
    try:
        it = pipeline.process_stream(["unused"], workers=1)
        next(it)
        assert len(seen) < 5
    finally:
        pipeline.read_articles = orig


def test_store_build_progress_bar_reports_rate(tmp_path):
    res = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "o"), "--no-files", "--progress"])
    assert res.exit_code == 0, res.output
    assert "articles/s" in res.output and "1/1" in res.output


def test_store_repeated_id_in_one_batch_is_reported(tmp_path):
    """Two different articles with the same id in one batch: one named
    graph per id, so the later replaces the earlier, and the summary says so
    naming the later one's file and line."""
    src = tmp_path / "dup.jsonl"
    src.write_text(
        json.dumps({"id": "a1", "lang": "ar", "text": "التقى وزير الخارجية فيصل المقداد في دمشق اليوم."},
                   ensure_ascii=False) + "\n"
        + json.dumps({"id": "a1", "lang": "ar", "text": "وصل الرئيس السوري إلى باريس."}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    res = build([src, "--out", tmp_path / "o", "--no-files"])
    assert "repeated article ids (the later article replaced the earlier): 1" in res.output
    assert f"{src}:2" in res.output
    with ArticleStore(tmp_path / "o" / "store", read_only=True) as st:
        assert st.article_count() == 1
        labels = {str(r[0]) for r in st.query("SELECT ?l WHERE { GRAPH ?g { ?p ?q ?l } FILTER(isLiteral(?l)) }")}
    assert any("باريس" in l for l in labels) and not any("المقداد" in l for l in labels)


def test_store_path_that_is_a_file_is_a_clear_error(tmp_path):
    """--store naming a regular file: one line naming it, exit 1, no traceback."""
    f = tmp_path / "not-a-store"
    f.write_text("x", encoding="utf-8")
    res = build([EXAMPLES, "--out", tmp_path / "o", "--store", f], ok=(1,))
    assert str(f) in res.output and "Not a directory" in res.output
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)


def test_store_summary_counts_nodes_of_the_merged_graph(tmp_path):
    """The build summary counts the merged graph's nodes: a minister named
    in two articles is one person, while the per-article sum says two."""
    src = tmp_path / "two.jsonl"
    rows = [{"id": "a1", "lang": "ar", "published": "2024-03-10",
             "text": "التقى وزير الخارجية السوري فيصل المقداد في دمشق اليوم السفير الفرنسي."},
            {"id": "a2", "lang": "ar", "published": "2024-03-11",
             "text": "وصل وزير الخارجية السوري فيصل المقداد إلى بغداد اليوم."}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    res = build([src, "--out", tmp_path / "o", "--no-files"])
    line = next(l for l in res.output.splitlines() if l.startswith("entities:"))
    assert "Person: 1" in line, res.output
    assert "summed over articles" in res.output


def test_store_broken_sparql_is_one_short_line(seed_build):
    """Oxigraph's parse error lists every token its grammar expected: the
    CLI gives one line with the position, exit 2."""
    out, _ = seed_build
    res = CliRunner().invoke(app, ["query", str(out / "store"), "SELECT ?x WHERE { ?x ?y "])
    assert res.exit_code == 2
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "bad SPARQL query: error at 1:" in lines[0] and len(lines[0]) < 220
