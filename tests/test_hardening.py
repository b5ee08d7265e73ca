"""Hardening (issue 9): every bad input of benchmarks/make_bad_corpus.py,
alone and in a batch with the good example article, is built or reported in
one line naming the file (and line) and the reason; exit statuses 0/1/2;
--strict; --errors FILE; atomic outputs with the usual file mode; a build
killed while writing its files leaves the previous ones; byte-identical
Turtle and N-Quads; no network; SPARQL bindings; read-only store opening.

The store's own crash safety (a killed build, the journal) is tested in
test_store.py; the graph page's escaping in test_graph*.py.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SEED
from kgbuild.cli import app

_spec = importlib.util.spec_from_file_location("make_bad_corpus", ROOT / "benchmarks" / "make_bad_corpus.py")
mbc = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("make_bad_corpus", mbc)  # dataclasses look their module up
_spec.loader.exec_module(mbc)

CASES = {c.name: c for c in mbc.CASES}
ROOT_READS = os.geteuid() == 0


def run(*args, ok=(0, 1, 2)):
    res = CliRunner().invoke(app, [str(a) for a in args])
    assert res.exit_code in ok, (res.exit_code, res.output)
    return res


def summary_count(output: str, what: str) -> int:
    m = re.search(rf"^{what}: (\d+)", output, re.M)
    return int(m.group(1)) if m else 0


def failure_lines(output: str) -> list[str]:
    lines = output.splitlines()
    if "failed:" not in "\n".join(lines):
        return []
    i = next(i for i, ln in enumerate(lines) if re.match(r"failed: \d+", ln))
    out = []
    for ln in lines[i + 1:]:
        if not ln.startswith("  "):
            break
        out.append(ln.strip())
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Each case in a folder of its own (the big files too: made here, on
    the fly, never committed)."""
    base = tmp_path_factory.mktemp("bad")
    made = {}
    for c in mbc.CASES:
        made[c.name] = mbc.make_case(c, base / c.name)
    yield base, made
    for paths in made.values():
        for p in paths:
            if p.exists() and not p.is_symlink() and not p.is_dir():
                p.chmod(0o644)


def expected_errors(case, root_reads=ROOT_READS):
    if case.root_reads and root_reads:
        return ()
    return case.errors


def _check_case_output(case, paths, output):
    """Every expected error of the case is one line naming its file (and
    line) and the reason; ok cases carry their note."""
    fails = failure_lines(output)
    for suffix, reason in expected_errors(case):
        name, _, line = suffix.partition(":")
        target = next(p for p in paths if p.name == name)
        mine = [f for f in fails if f.startswith(f"{target}{':' + line if line else ''}")
                and (line or not re.match(re.escape(str(target)) + r":\d", f))]
        assert len(mine) == 1, (suffix, fails)
        assert reason in mine[0], (reason, mine[0])
    if case.note:
        assert any(str(paths[0]) in ln and case.note in ln for ln in output.splitlines()), output


@pytest.mark.parametrize("name", [c.name for c in mbc.CASES])
def test_hardening_bad_file_alone(corpus, tmp_path, name):
    """Each bad file alone: built (exit 0) or reported in one line (exit 1);
    a dangling symbolic link given by name, or a folder with no article
    file, is a usage error (exit 2)."""
    base, made = corpus
    case, paths = CASES[name], made[name]
    res = run("build", paths[0], "--out", tmp_path / "out", "--no-files", "--no-progress")
    if case.usage:  # an empty folder: nothing to build is a usage error, not a silent success
        assert res.exit_code == 2 and "no article files" in res.output and str(paths[0]) in res.output
        return
    if case.in_folder_only:  # a path on the command line that does not exist
        assert res.exit_code == 2 and str(paths[0]) in res.output and "broken symbolic link" in res.output
        res = run("build", paths[0].parent, "--out", tmp_path / "out", "--no-files", "--no-progress")
    errs = expected_errors(case)
    assert res.exit_code == (1 if errs else 0), res.output
    assert summary_count(res.output, "failed") == len(errs), res.output
    arts = case.articles + (1 if case.root_reads and ROOT_READS else 0)
    assert summary_count(res.output, "articles") == arts, res.output
    _check_case_output(case, paths, res.output)


def test_hardening_bad_files_in_a_batch(corpus, tmp_path):
    """All bad files with the good article in one build: the good articles
    are built, each failure is one line of the summary and one JSON object
    of --errors, the exit status is 1, the graph files are written."""
    base, made = corpus
    out = tmp_path / "out"
    extra = [made["pdf"][0], made["png"][0]]  # folder walks take only article suffixes
    res = run("build", SEED, base, *extra, "--out", out, "--no-progress", "--errors", tmp_path / "errors.jsonl")
    assert res.exit_code == 1, res.output
    n_err = sum(len(expected_errors(c)) for c in mbc.CASES)
    n_ok = 1 + sum(c.articles for c in mbc.CASES) + sum(1 for c in mbc.CASES if c.root_reads and ROOT_READS)
    assert summary_count(res.output, "failed") == n_err, res.output
    assert summary_count(res.output, "articles") == n_ok, res.output
    for c in mbc.CASES:
        _check_case_output(c, made[c.name], res.output)
    assert len(failure_lines(res.output)) == n_err
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (out / name).stat().st_size > 1000
    recs = [json.loads(ln) for ln in (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(recs) == n_err
    assert {tuple(sorted(r)) for r in recs} == {("file", "line", "notes", "origin", "reason")}
    got = {(Path(r["file"]).name, r["line"]) for r in recs}
    want = set()
    for c in mbc.CASES:
        for suffix, _ in expected_errors(c):
            name, _, line = suffix.partition(":")
            want.add((name, int(line) if line else None))
    assert got == want
    assert f"wrote {tmp_path / 'errors.jsonl'} ({n_err} failures)" in res.output
    # the good article is in the store as when built alone
    q = run("query", out, "SELECT ?a WHERE { ?a <http://schema.org/identifier> \"qasioun-2025-01-22\" }", "-f", "csv")
    assert q.exit_code == 0 and q.output.count("\n") == 2


def test_hardening_exit_statuses(corpus, tmp_path):
    base, made = corpus
    ok = run("build", SEED, "--out", tmp_path / "a", "--no-files", "--no-progress", "--errors", tmp_path / "e.jsonl")
    assert ok.exit_code == 0 and "failed" not in ok.output
    assert (tmp_path / "e.jsonl").read_text() == ""
    bad = run("build", SEED, made["empty"][0], "--out", tmp_path / "b", "--no-files", "--no-progress")
    assert bad.exit_code == 1 and f"{made['empty'][0]}: empty file" in bad.output
    # a missing path among others is one failure: the others are built
    some = run("build", SEED, tmp_path / "no-such.txt", "--out", tmp_path / "c", "--no-files", "--no-progress")
    assert some.exit_code == 1 and f"{tmp_path / 'no-such.txt'}: no such file or folder" in some.output
    q = run("query", tmp_path / "c", "SELECT ?a WHERE { ?a <http://schema.org/identifier> \"qasioun-2025-01-22\" }",
            "-f", "csv")
    assert q.exit_code == 0 and q.output.count("\n") == 2
    usage = run("build", tmp_path / "no-such.txt", tmp_path / "nor-this", "--out", tmp_path / "d", "--no-progress")
    assert usage.exit_code == 2 and "no such file or folder" in usage.output and "no-such.txt" in usage.output
    assert not (tmp_path / "d").exists()  # nothing built on a usage error
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not an article", encoding="utf-8")
    none = run("build", tmp_path / "empty", "--out", tmp_path / "e", "--no-progress")
    assert none.exit_code == 2 and "no article files" in none.output and str(tmp_path / "empty") in none.output
    assert not (tmp_path / "e").exists()
    # a folder's files that are no articles are left out, and the build says so (hidden files aside)
    (tmp_path / "mixed").mkdir()
    (tmp_path / "mixed" / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "mixed" / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "mixed" / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "mixed" / ".DS_Store").write_bytes(b"x")
    mixed = run("build", tmp_path / "mixed", "--out", tmp_path / "m", "--no-files", "--no-progress")
    assert mixed.exit_code == 0 and summary_count(mixed.output, "articles") == 1
    assert f"note: {tmp_path / 'mixed'}: 2 files left out, not articles (.md, .png)" in mixed.output
    assert run("build", SEED, "--engine", "spark").exit_code == 2
    assert run("extract", tmp_path / "no-such.txt").exit_code == 2


def test_hardening_strict_stops_at_first_failure(corpus, tmp_path):
    base, made = corpus
    out = tmp_path / "out"
    res = run("build", SEED, made["empty"][0], made["cp1256"][0], "--out", out, "--strict", "--no-progress",
              "--errors", tmp_path / "e.jsonl")
    assert res.exit_code == 1
    assert summary_count(res.output, "articles") == 1 and summary_count(res.output, "failed") == 1
    assert "stopped at the first failure" in res.output and "cp1256" not in res.output
    assert not (out / "graph.ttl").exists()  # no graph file from a stopped build
    (rec,) = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert rec["file"] == str(made["empty"][0]) and rec["reason"] == "empty file"
    # without --strict the same batch goes on
    res = run("build", SEED, made["empty"][0], made["cp1256"][0], "--out", tmp_path / "o2", "--no-progress")
    assert res.exit_code == 1 and summary_count(res.output, "articles") == 2


def test_hardening_extract_strict_and_errors(corpus, tmp_path):
    base, made = corpus
    res = run("extract", SEED, made["jsonl"][0], "-f", "nt", "-o", tmp_path / "x.nt", "--errors", tmp_path / "e.jsonl")
    assert res.exit_code == 1
    assert f"failed: {made['jsonl'][0]}:2: malformed JSON line" in res.output
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [r["line"] for r in lines] == [2, 3, 4, 5, 6]
    assert (tmp_path / "x.nt").stat().st_size > 1000
    assert f"wrote {tmp_path / 'x.nt'} (3 articles)" in res.output  # as export and render say what they wrote
    res = run("extract", made["jsonl"][0], SEED, "-f", "nt", "-o", tmp_path / "y.nt", "--strict")
    assert res.exit_code == 1 and "stopped at the first failure" in res.output
    assert not (tmp_path / "y.nt").exists()


# ---------------------------------------------------------------- nothing lost

@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_hardening_outputs_mode_follows_umask(tmp_path, mask):
    old = os.umask(mask)
    try:
        run("build", SEED, "--out", tmp_path / "out", "--no-progress", ok=(0,))
        run("extract", SEED, "-o", tmp_path / "x.ttl", ok=(0,))
        run("build", SEED, "--out", tmp_path / "out", "--no-progress", "--errors", tmp_path / "e.jsonl", ok=(0,))
    finally:
        os.umask(old)
    want = 0o666 & ~mask
    for p in (tmp_path / "out" / "graph.ttl", tmp_path / "out" / "graph.trig", tmp_path / "out" / "graph.html",
              tmp_path / "x.ttl", tmp_path / "e.jsonl"):
        assert p.stat().st_mode & 0o777 == want, (p, oct(p.stat().st_mode))
    assert not list((tmp_path / "out").glob(".*.tmp"))


_KILLER = r"""
import os, signal, sys
from pathlib import Path
import kgbuild.pipeline as pl
import kgbuild.store as st
where = sys.argv[3]
if where == "export-half":  # graph.ttl half written, then the process dies
    real = st.ArticleStore.export
    def export(self, output, fmt="turtle"):
        real(self, output, fmt)
        data = Path(output).read_bytes()
        Path(output).write_bytes(data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    st.ArticleStore.export = export
else:  # the temporary file complete, killed before its rename
    real_replace = os.replace
    def replace(src, dst, *a, **k):
        if Path(dst).name == where:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst, *a, **k)
    pl.os.replace = replace
pl.build(sys.argv[1].split(","), sys.argv[2])
"""


def _nquads(store: Path) -> list[str]:
    import pyoxigraph

    from kgbuild.store import ArticleStore

    with ArticleStore(store, read_only=True) as s:
        return sorted(s.inner.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8").splitlines())


@pytest.mark.parametrize("where", ["export-half", "graph.trig", "graph.html"])
def test_hardening_killed_build_keeps_previous_files(corpus, tmp_path, where):
    """Kill a build (SIGKILL, in its own process) while it writes its files:
    the previous graph.ttl, graph.trig and graph.html survive whole, and
    building again gives the files and store of an uninterrupted build."""
    base, made = corpus
    out = tmp_path / "out"
    run("build", SEED, "--out", out, "--no-progress", ok=(0,))
    before = {n: (out / n).read_bytes() for n in ("graph.ttl", "graph.trig", "graph.html")}
    more = [str(SEED), str(made["cp1256"][0]), str(made["html"][0])]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _KILLER, ",".join(more), str(out), where], env=env)
    assert proc.returncode == -9
    if where == "export-half":
        assert {n: (out / n).read_bytes() for n in before} == before
    else:  # the files renamed in before the kill are the new ones, whole
        order = ["graph.ttl", "graph.trig", "graph.html"]
        for n in order[order.index(where):]:
            assert (out / n).read_bytes() == before[n]
    assert list(out.glob(".graph.*.tmp"))  # the kill left its temporary file
    ref = tmp_path / "ref"
    run("build", *more, "--out", ref, "--no-progress", ok=(0,))
    run("build", *more, "--out", out, "--no-progress", ok=(0,))
    for n in before:
        assert (out / n).read_bytes() == (ref / n).read_bytes(), n
    assert not list(out.glob(".graph.*.tmp"))  # cleaned up by the next build
    assert _nquads(out / "store") == _nquads(ref / "store")


def test_hardening_turtle_and_nquads_are_byte_identical(corpus, tmp_path):
    """The same input gives the same bytes: two builds in two processes
    with different hash seeds (set and dict orders differ), and extract
    --format turtle / nquads."""
    base, made = corpus
    inputs = [str(SEED), str(made["cp1256"][0]), str(made["html"][0]), str(made["control-names"][0])]
    code = ("import sys; from kgbuild.cli import app; "
            "app(sys.argv[1:], standalone_mode=False)")
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
        o = tmp_path / f"b{seed}"
        for args in (["build", *inputs, "--out", str(o), "--no-progress"],
                     ["export", str(o), "--format", "nquads", "-o", str(o / "all.nq")],
                     ["extract", *inputs, "-f", "turtle", "-o", str(o / "x.ttl")],
                     ["extract", *inputs, "-f", "nquads", "-o", str(o / "x.nq")]):
            subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True)
        outs.append(o)
    for name in ("graph.ttl", "graph.trig", "all.nq", "x.ttl", "x.nq"):
        a, b = (outs[0] / name).read_bytes(), (outs[1] / name).read_bytes()
        assert len(a) > 1000 and a == b, name
    # and no timestamp in the data: a later run in this process gives the same Turtle
    run("extract", *inputs, "-f", "turtle", "-o", tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == (outs[0] / "x.ttl").read_bytes()


# ---------------------------------------------------------------- safe

def test_hardening_no_network_request_without_endpoint(corpus, tmp_path, monkeypatch):
    """build (text, HTML through trafilatura), query, render, export, stats:
    no socket connects and no name is resolved."""
    base, made = corpus
    calls = []

    def deny(name):
        def f(*a, **k):
            calls.append((name, a[1:] if name == "connect" else a))
            raise OSError(f"network blocked by the test: {name}")
        return f

    monkeypatch.setattr(socket.socket, "connect", deny("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", deny("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", deny("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", deny("getaddrinfo"))
    out = tmp_path / "out"
    run("build", SEED, made["html"][0], made["cp1256"][0], "--out", out, "--no-progress", ok=(0,))
    run("query", out, "--name", "events", ok=(0,))
    run("query", out / "graph.ttl", "--name", "members", ok=(0,))
    run("render", out / "graph.ttl", "-o", tmp_path / "g.html", ok=(0,))
    run("export", out, "--format", "trig", "-o", tmp_path / "a.trig", ok=(0,))
    run("extract", SEED, "-f", "json-ld", "-o", tmp_path / "a.jsonld", ok=(0,))
    assert calls == []


def test_hardening_sparql_values_are_bound_not_pasted(tmp_path):
    """Saved queries get parameters as bound values: a value that would
    close the query's string or add an update is only a value, on a graph
    file and on the store; the store is opened read-only by queries."""
    from rdflib import Literal

    from kgbuild.query import load_graph, result_rows, run_query, saved_query

    out = tmp_path / "out"
    run("build", SEED, "--out", out, "--no-progress", ok=(0,))
    store = out / "store"
    files_before = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in store.iterdir())
    members = saved_query("members")
    for target in (out / "graph.ttl", out):
        g = load_graph(target)
        try:
            _, rows = result_rows(run_query(g, members))
            org = next(r[3] for r in rows if r[3])
            _, bound = result_rows(run_query(g, members, {"organization": Literal(org, lang="ar")}))
            assert bound and {r[3] for r in bound} == {org} and len(bound) < len(rows)
            evil = 'x"@ar } ; DROP ALL ; INSERT DATA { <a:b> <a:c> "d" } #'
            _, none = result_rows(run_query(g, members, {"organization": Literal(evil, lang="ar")}))
            assert none == []
            _, again = result_rows(run_query(g, members))
            assert again == rows
            kg = getattr(g, "kg", None)
            if kg is not None:
                assert kg.read_only
                with pytest.raises(PermissionError):
                    g.add((Literal("s"), Literal("p"), Literal("o")))
        finally:
            if getattr(g, "kg", None) is not None:
                g.kg.close()
    assert sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in store.iterdir()) == files_before


def test_hardening_interrupted_build_says_what_is_kept(tmp_path, monkeypatch):
    """Ctrl-C during a build: one line saying where the articles built so far
    are and that a re-run finishes, exit status 130 (128 + SIGINT)."""
    import kgbuild.pipeline as pipeline

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    res = CliRunner().invoke(app, ["build", str(SEED), "--out", str(tmp_path / "out"), "--no-progress"])
    assert res.exit_code == 130
    assert f"interrupted: the store {tmp_path / 'out' / 'store'} keeps every batch written before" in res.output
    assert "Run the same command again" in res.output


def test_hardening_bad_only_build_reports_the_store_it_kept(tmp_path):
    """A build whose every input fails, into a store that holds the seed,
    reports the store's counts (they are the store's, as after any build),
    not "entities: 0" beside "store: … (1 articles)"."""
    first = run("build", SEED, "--out", tmp_path / "out", "--no-files", "--no-progress", ok=(0,))
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    again = run("build", empty, "--out", tmp_path / "out", "--no-files", "--no-progress", ok=(1,))
    assert summary_count(again.output, "articles") == 0
    for what in ("entities", "memberships", "events"):
        assert summary_count(again.output, what) == summary_count(first.output, what) > 0, again.output


def test_hardening_bad_only_build_into_a_new_folder_writes_nothing(tmp_path):
    """A build whose every input fails, into a folder that did not exist,
    leaves no empty store and no empty graph files (a fresh user took the
    empty graph.ttl for a result), and says so; exit status 1."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "lang": "ar"}\n', encoding="utf-8")
    res = run("build", bad, "--out", tmp_path / "out", "--no-progress", ok=(1,))
    assert "nothing written" in res.output and "no 'text' field" in res.output, res.output
    assert not (tmp_path / "out").exists()


def test_hardening_extract_keeps_an_output_when_every_input_fails(tmp_path):
    """Nothing already written is lost: `extract -o FILE` over inputs that all
    fail (a binary file, an empty JSON Lines file) leaves FILE as it was, and
    says so (a fresh user found FILE truncated to one byte)."""
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    out = tmp_path / "keep.ttl"
    out.write_text("@prefix x: <http://x/> .\n", encoding="utf-8")
    for bad in ("binary.txt", "empty.jsonl"):
        res = CliRunner().invoke(app, ["extract", str(tmp_path / bad), "-o", str(out)])
        assert res.exit_code == 1, res.output
        assert "nothing written" in res.output and "unchanged" in res.output
        assert out.read_text(encoding="utf-8") == "@prefix x: <http://x/> .\n"
    res = CliRunner().invoke(app, ["extract", str(tmp_path / "empty.jsonl")])
    assert "empty file: no article" in res.output


def test_hardening_record_fields(tmp_path):
    """A JSON Lines record with a publication date that is no date is built
    without one; "text": null and tatweel or diacritics alone are failures
    named as such; the good record is built."""
    lines = [
        {"id": "a", "lang": "ar", "published": "yesterday", "text": "وصل وزير الخارجية السعودي عادل الجبير إلى موسكو."},
        {"id": "b", "text": None},
        {"id": "c", "lang": "ar", "text": "ـــــ َ ُ ـــ"},
    ]
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(f), "-o", str(tmp_path / "o.ttl")])
    assert res.exit_code == 1
    assert f"{f}:2: 'text' is null" in res.output
    assert f"{f}:3: no letters" in res.output
    assert "الجبير" in (tmp_path / "o.ttl").read_text(encoding="utf-8")


def test_hardening_eval_names_a_missing_gold_file(tmp_path):
    res = CliRunner().invoke(app, ["eval", str(tmp_path / "none.jsonl")])
    assert res.exit_code == 2 and "none.jsonl: no such file" in res.output
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", str(tmp_path / "empty.jsonl")])
    assert res.exit_code == 2 and "hold no record" in res.output
