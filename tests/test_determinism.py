"""Issue 16, same input same graph: extraction does not depend on the hash
seed or on the order articles are read in, and a store built fresh gives the
same files and exports as one built in steps, with other worker counts.

The runs compare the code with itself, never with a stored expected output:
the extraction changes as the extractors improve, but two runs of the same
code on the same articles must agree byte for byte.
"""
from __future__ import annotations

import difflib
import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, needs_shared

pytestmark = needs_shared()

#: Every shared article with gold annotations.
GOLD_INPUTS = [CORPUS / "ar" / "seed_qasioun_2025-01-22.txt", CORPUS / "ar" / "dev.jsonl",
               CORPUS / "ar" / "train.jsonl", CORPUS / "en" / "dev.jsonl", CORPUS / "en" / "train.jsonl"]
SNN = CORPUS / "raw" / "saudinewsnet.jsonl.gz"
#: Hash seeds of the three runs. Under the code before issue 16, seed 3 and
#: seeds 1-2 labelled ar_pages_16's delegation differently (a max over a set).
SEEDS = ("1", "2", "3")


def _kgbuild(args: list[str], seed: str, stdout=None) -> subprocess.Popen:
    """``python -m kgbuild ARGS`` under the hash seed ``seed`` (stdout to the
    file object ``stdout``, else discarded)."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.Popen([sys.executable, "-m", "kgbuild", *args], env=env,
                            stdout=stdout or subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        _out, err = p.communicate(timeout=900)
        assert p.returncode == 0, f"{p.args}: exit {p.returncode}\n{err[-2000:]}"


def _first_difference(a: Path, b: Path) -> str:
    la, lb = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    diff = list(difflib.unified_diff(la, lb, str(a.name), str(b.name), n=0, lineterm=""))
    return "\n".join(line[:300] for line in diff[:20]) + (f"\n... {len(diff) - 20} more" if len(diff) > 20 else "")


def _same_files(paths: list[Path]) -> None:
    first = paths[0].read_bytes()
    assert first, f"{paths[0]} is empty"
    for p in paths[1:]:
        assert p.read_bytes() == first, _first_difference(paths[0], p)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The gold articles and the first 300 SaudiNewsNet articles, in their
    order and in reverse (the same articles, their lines and files reversed)."""
    if not SNN.is_file():
        pytest.skip(f"shared corpus not found at {SNN}")
    d = tmp_path_factory.mktemp("det-inputs")
    lines = []
    with gzip.open(SNN, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line)
            if len(lines) == 300:
                break
    snn = d / "snn300.jsonl"
    snn.write_text("".join(lines), encoding="utf-8")
    forward = [*GOLD_INPUTS, snn]
    backward = []
    for p in reversed(forward):
        if p.suffix == ".jsonl":
            r = d / f"rev-{p.parent.name}-{p.name}"
            r.write_text("".join(reversed(p.read_text(encoding="utf-8").splitlines(keepends=True))),
                         encoding="utf-8")
            backward.append(r)
        else:
            backward.append(p)
    return forward, backward


def test_determinism_extract_across_hash_seeds_and_order(inputs, tmp_path):
    """All gold articles (seed, ar and en dev and train) and 300 SaudiNewsNet
    articles, extracted under three hash seeds in subprocesses (the third
    reading every file and line in reverse order): the same sorted N-Quads."""
    forward, backward = inputs
    outs = [tmp_path / f"seed{s}.nq" for s in SEEDS]
    procs = [_kgbuild(["extract", *map(str, forward if n < 2 else backward), "--format", "nquads",
                       "-o", str(out)], seed)
             for n, (seed, out) in enumerate(zip(SEEDS, outs))]
    _wait(procs)
    text = outs[0].read_text(encoding="utf-8")
    # the runs covered every article: one named graph per gold article and SNN article
    graphs = {line.rsplit(" ", 2)[-2] for line in text.splitlines() if line.endswith("> .")}
    n_gold = sum(1 for p in GOLD_INPUTS if p.suffix != ".jsonl") + sum(
        1 for p in GOLD_INPUTS if p.suffix == ".jsonl" for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip())
    assert len(graphs) >= n_gold + 300 - 5  # a few SNN articles may repeat an id or fail
    assert "وفد" in text  # ar_pages_16's delegation is there, whatever its label
    _same_files(outs)


def _build_and_export(out: Path, steps: list[list[Path]], workers: str, seed: str) -> list[Path]:
    for paths in steps:
        _wait([_kgbuild(["build", *map(str, paths), "--out", str(out), "--workers", workers], seed)])
    files = [out / "graph.ttl", out / "graph.trig", out / "graph.html"]
    procs = []
    for fmt in ("nquads", "json-ld", "events-csv", "members-csv", "plover"):
        files.append(out / f"export.{fmt}")
        procs.append(_kgbuild(["export", str(out), "--format", fmt, "-o", str(files[-1])], seed))
    for fmt in ("graphml", "gexf"):
        files.append(out / f"actors.{fmt}")
        procs.append(_kgbuild(["render", str(out / "graph.ttl"), "--format", fmt, "-o", str(files[-1])], seed))
    files += [out / "stats.json", out / "stats.txt"]
    with open(files[-2], "w", encoding="utf-8") as fj, open(files[-1], "w", encoding="utf-8") as ft:
        procs.append(_kgbuild(["stats", str(out), "--format", "json"], seed, stdout=fj))
        procs.append(_kgbuild(["stats", str(out)], seed, stdout=ft))
        _wait(procs)
    return files


def test_determinism_build_fresh_and_incremental(tmp_path):
    """The seed, the Arabic and the English dev sets built fresh in one
    process, and built in two steps into one store (the English dev set
    first, then everything again: rebuilt and new articles) with two
    workers under other hash seeds: the same graph files, page and exports."""
    dev = [CORPUS / "ar" / "seed_qasioun_2025-01-22.txt", CORPUS / "ar" / "dev.jsonl", CORPUS / "en" / "dev.jsonl"]
    fresh = _build_and_export(tmp_path / "fresh", [dev], "1", "1")
    steps = _build_and_export(tmp_path / "steps", [[CORPUS / "en" / "dev.jsonl"], dev], "2", "3")
    for a, b in zip(fresh, steps):
        assert a.stat().st_size > 0, a
        assert a.read_bytes() == b.read_bytes(), _first_difference(a, b)


@needs_shared()
@pytest.mark.parametrize("fmt", ["trig", "json-ld"])
def test_determinism_extract_trig_and_jsonld_bytes(fmt, tmp_path):
    """TriG and JSON-LD files are byte-identical under two hash seeds (a fresh
    user found the named graphs of TriG and the arrays of JSON-LD language maps
    in a seed-dependent order)."""
    inputs = [str(CORPUS / "ar" / "seed_qasioun_2025-01-22.txt"), str(CORPUS / "ar" / "dev.jsonl")]
    outs = [tmp_path / f"s{s}.{fmt}" for s in ("1", "7")]
    _wait([_kgbuild(["extract", *inputs, "--format", fmt, "-o", str(o)], s) for s, o in zip(("1", "7"), outs)])
    _same_files(outs)
