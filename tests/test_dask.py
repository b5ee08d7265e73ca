"""The Dask engine: extraction on a distributed cluster (a LocalCluster on
loopback started here) gives the same store as the local run."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from kgbuild.cli import app

distributed = pytest.importorskip("dask.distributed", reason="the dask extra is not installed")


def nquads(store):
    import pyoxigraph

    from kgbuild.store import ArticleStore

    with ArticleStore(store, read_only=True) as st:
        return sorted(st.inner.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode().splitlines())


@pytest.fixture(scope="module")
def cluster():
    c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                 dashboard_address=None)
    yield c
    c.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The seed plus SaudiNewsNet articles when ../shared is there."""
    from test_store import SNN, snn_lines

    d = tmp_path_factory.mktemp("dask-in")
    (d / "seed.txt").write_text((EXAMPLES / "qasioun-2025-01-22.txt").read_text(encoding="utf-8"),
                                encoding="utf-8")
    if SNN.is_file():
        (d / "snn.jsonl").write_text("".join(snn_lines(40, start=100)), encoding="utf-8")
    return d


def test_dask_cluster_gives_the_local_store(tmp_path, cluster, inputs):
    r_local = CliRunner().invoke(app, ["build", str(inputs), "--out", str(tmp_path / "local"), "--no-files",
                                       "--no-progress"])
    r_dask = CliRunner().invoke(app, ["build", str(inputs), "--out", str(tmp_path / "dask"), "--no-files",
                                      "--no-progress", "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert r_local.exit_code in (0, 1) and r_dask.exit_code == r_local.exit_code, r_dask.output
    local = nquads(tmp_path / "local" / "store")
    assert len(local) > 500
    assert nquads(tmp_path / "dask" / "store") == local
    assert r_dask.output.split("time:")[0] == r_local.output.split("time:")[0]


def test_dask_scheduler_needs_dask_engine(tmp_path):
    res = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code == 2 and "--engine dask" in res.output
