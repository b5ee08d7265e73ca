"""How fast `kgbuild serve` answers each kind of page, and whether its
memory grows with the number of requests.

Starts ``kgbuild serve STORE`` on 127.0.0.1 (a subprocess, as a user would),
draws deterministic samples from the store (through the server's own
/sparql), and requests, one at a time, ``--n`` pages of each kind:

* ``home``: the front page (the store's counts);
* ``search``: a person's, organisation's or place's label re-spelt (ة→ه,
  أ/إ→ا, final ي→ى, diacritics on the first letter, a و proclitic, or
  lower case), so the spelling folding is exercised;
* ``entity``: entity pages, a tenth of them the entities with the most
  events (the heaviest pages), the others drawn at random;
* ``events``: the events view with random filters (none, type, status,
  a date range, a place, an actor, a later page);
* ``article``: article pages drawn at random;
* ``sparql``: a small SELECT (the labels of a random entity) through /sparql.

Each request is timed from sending to the last byte (urllib, keep-alive
off); the table gives p50, p95 and max in milliseconds per kind. Memory is
the resident set size (VmRSS) of the server and its query workers, read
from /proc after a warm-up, after the measured requests, every ``--every``
of the ``--extra`` more mixed requests, and at the end. Every request must
answer 200.

Usage::

    python benchmarks/bench_serve.py /tmp/snn/store            # 100 per kind
    python benchmarks/bench_serve.py out/store --n 30 --extra 200 --json bench.json
    python benchmarks/bench_serve.py /tmp/snn/store --extra 10000 --every 2000   # memory over time

Exit status 1 when a page kind's p95 is over ``--limit`` seconds (default 1),
or a request failed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

KINDS = ("home", "search", "entity", "events", "article", "sparql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 120.0, accept: str | None = None) -> tuple[int, bytes, float]:
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, body, time.perf_counter() - t0


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def memory(pid: int) -> dict:
    """RSS in MB of the server process and of its query workers."""
    kids = _children(pid)
    return {"server_mb": round(_rss_kb(pid) / 1024, 1),
            "workers_mb": round(sum(_rss_kb(k) for k in kids) / 1024, 1), "workers": len(kids)}


def _sparql_csv(base: str, query: str) -> list[list[str]]:
    status, body, _t = _get(base + "/sparql?" + urllib.parse.urlencode({"query": query}), accept="text/csv")
    if status != 200:
        raise RuntimeError(f"sample query failed ({status}): {body[:300]!r}")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    return rows[1:]


def _respell(label: str, rng: random.Random) -> str:
    """A spelling of ``label`` that the search must fold back."""
    ways = [lambda s: s.replace("ة", "ه"), lambda s: s.replace("أ", "ا").replace("إ", "ا"),
            lambda s: s[:-1] + "ى" if s.endswith("ي") else s + " ", lambda s: s[:1] + "\u064e" + s[1:],
            lambda s: "و" + s if s[:1] >= "\u0600" else s.lower(), lambda s: s.lower()]
    return rng.choice(ways)(label).strip() or label


def samples(base: str, n: int, seed: int) -> dict[str, list[str]]:
    """Deterministic page addresses per kind (module docstring)."""
    rng = random.Random(seed)
    ents = _sparql_csv(base, """SELECT ?e ?l WHERE { VALUES ?t { schema:Person schema:Organization schema:Place }
        ?e a ?t ; rdfs:label ?l } ORDER BY ?e ?l""")
    first_label: dict[str, str] = {}
    for e, lab in ents:
        first_label.setdefault(e, lab)
    ids = sorted(first_label)
    hubs = [r[0] for r in _sparql_csv(base, """SELECT ?e (COUNT(DISTINCT ?ev) AS ?n) WHERE {
        VALUES ?r { sem:hasActor sem:hasPlace } ?ev ?r ?e } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 20""")]
    arts = [r[0] for r in _sparql_csv(base, "SELECT ?a WHERE { ?a a schema:NewsArticle } ORDER BY ?a")]
    places = [r[0] for r in _sparql_csv(base, """SELECT DISTINCT ?p WHERE { ?ev sem:hasPlace ?p } ORDER BY ?p""")]
    actors = [r[0] for r in _sparql_csv(base, """SELECT DISTINCT ?p WHERE { ?ev sem:hasActor ?p } ORDER BY ?p""")]
    dates = [r[0] for r in _sparql_csv(base, "SELECT DISTINCT ?d WHERE { ?ev sem:hasTimeStamp ?d } ORDER BY ?d")]
    base_id = "https://w3id.org/kgbuild/id/"

    def path(iri: str) -> str:
        return urllib.parse.quote(iri[len(base_id):], safe="/-._~")

    out: dict[str, list[str]] = {k: [] for k in KINDS}
    out["home"] = ["/"] * n
    for _ in range(n):
        out["search"].append("/search?" + urllib.parse.urlencode({"q": _respell(first_label[rng.choice(ids)], rng)}))
    n_hubs = max(1, n // 10)
    out["entity"] += [f"/id/{path(hubs[i % len(hubs)])}" for i in range(n_hubs)]
    out["entity"] += [f"/id/{path(rng.choice(ids))}" for _ in range(n - n_hubs)]
    for i in range(n):
        f: dict[str, str] = {}
        pick = i % 7
        if pick == 1:
            f["type"] = rng.choice(["Meet", "Visit", "Phone", "Appeal", "Attack", "Elect"])
        elif pick == 2:
            f["status"] = rng.choice(["Occurred", "Planned", "Possible", "Negated"])
        elif pick == 3 and dates:
            a, b = sorted(rng.sample(dates, 2) if len(dates) > 1 else [dates[0], dates[0]])
            f["from"], f["to"] = a[:10], b[:10]
        elif pick == 4 and places:
            f["place"] = rng.choice(places)[len(base_id):]
        elif pick == 5 and actors:
            f["actor"] = rng.choice(actors)[len(base_id):]
        elif pick == 6:
            f["page"] = str(rng.randint(2, 20))
        out["events"].append("/events" + ("?" + urllib.parse.urlencode(f) if f else ""))
    out["article"] = [f"/id/{path(rng.choice(arts))}" for _ in range(n)]
    for _ in range(n):
        q = f"SELECT ?l WHERE {{ <{rng.choice(ids)}> rdfs:label ?l }}"
        out["sparql"].append("/sparql?" + urllib.parse.urlencode({"query": q}))
    return out


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * len(xs) + 0.5) - 1))
    return xs[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--n", type=int, default=100, help="requests per page kind")
    ap.add_argument("--extra", type=int, default=500, help="further mixed requests before the last memory reading")
    ap.add_argument("--every", type=int, default=0, help="also read the memory every N of the extra requests")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--limit", type=float, default=1.0, help="seconds allowed at p95")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "kgbuild", "serve", str(args.store), "--port", str(port),
                             "--workers", str(args.workers)], stdin=subprocess.DEVNULL)
    try:
        t0 = time.perf_counter()
        while True:
            if proc.poll() is not None:
                print(f"kgbuild serve exited with status {proc.returncode}", file=sys.stderr)
                return 1
            try:
                if _get(base + "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        pages = samples(base, args.n, args.seed)
        sampling = time.perf_counter() - t0
        # warm-up: a few of each kind (first queries fill the store's caches)
        for k in KINDS:
            for u in pages[k][-5:]:
                _get(base + u)
        mem_before = memory(proc.pid)
        times: dict[str, list[float]] = {k: [] for k in KINDS}
        failed = []
        order = [(k, u) for i in range(args.n) for k in KINDS for u in pages[k][i:i + 1]]
        for k, u in order:
            status, _body, t = _get(base + u)
            times[k].append(t)
            if status != 200:
                failed.append((status, u))
        mem_after = memory(proc.pid)
        rng = random.Random(args.seed + 1)
        series = []
        for i in range(args.extra):
            if args.every and i and i % args.every == 0:
                series.append((len(order) + i, memory(proc.pid)))
            k = rng.choice(KINDS)
            status, _b, _t = _get(base + rng.choice(pages[k]))
            if status != 200:
                failed.append((status, k))
        mem_extra = memory(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    report = {"store": str(args.store), "n": args.n, "startup_s": round(startup, 2), "sampling_s": round(sampling, 2),
              "ms": {k: {"p50": round(statistics.median(v) * 1000, 1), "p95": round(_pct(v, 95) * 1000, 1),
                         "max": round(max(v) * 1000, 1)} for k, v in times.items() if v},
              "memory": {"after_warmup": mem_before, f"after_{len(order)}": mem_after,
                         **{f"after_{n}": m for n, m in series},
                         f"after_{len(order) + args.extra}": mem_extra},
              "failed": failed[:20]}
    print(f"store {args.store}: server up in {report['startup_s']} s; samples drawn in {report['sampling_s']} s")
    print(f"{'kind':8} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for k, v in report["ms"].items():
        print(f"{k:8} {len(times[k]):>4} {v['p50']:>8} {v['p95']:>8} {v['max']:>8}")
    for label, m in report["memory"].items():
        print(f"memory {label:>12}: server {m['server_mb']} MB, {m['workers']} workers {m['workers_mb']} MB")
    if failed:
        print(f"{len(failed)} requests failed: {failed[:5]}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    slow = [k for k, v in report["ms"].items() if v["p95"] > args.limit * 1000]
    return 1 if slow or failed else 0


if __name__ == "__main__":
    sys.exit(main())
