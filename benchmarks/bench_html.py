"""How long a large graph page takes to become interactive in headless Chromium.

Builds a synthetic kgbuild RDF graph (persons, organisations, places and
events with memberships, participations, places, mentions and articles, so
the page carries provenance as a real one does) whose actor graph has
``--nodes`` nodes and ``--edges`` edges, renders it with
:func:`kgbuild.graph.render_html`, loads the page from a file in headless
Chromium (Debian's chromium + chromedriver, driven by Selenium; network
blocked) and reports:

* ``render``: seconds to build the actor graph and write the page (Python);
* ``ready_in_page``: seconds from navigation start until the page says it is
  interactive (layout done, physics off, first frame drawn:
  ``window.kgbReady``);
* ``ready_wall``: the same seen from outside (from ``driver.get`` to
  ``kgbReady``, polling every 50 ms);
* ``select_ms``: milliseconds to search a node, select it, show its
  provenance and redraw, once ready (what a click costs);
* ``requests``: network requests the page made (must be 0).

Usage::

    python benchmarks/bench_html.py                 # 2,000 nodes / 5,000 edges, 3 runs
    python benchmarks/bench_html.py --nodes 500 --edges 1200 --runs 1 --keep page.html

Exit status 1 when the median ``ready_wall`` is over ``--limit`` seconds
(default 10) or the page made a request.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, XSD

from kgbuild.namespace import KGB
from kgbuild.rdf import GAF, ID, NIF, SCHEMA, SEM

_SYL = ["بر", "كا", "ت", "مو", "سى", "ها", "دي", "نو", "ر", "عا", "دل", "سم", "ير", "لي", "لى", "فا", "طم", "حس", "ن"]
_LAT = ["bar", "ka", "t", "mo", "sa", "ha", "di", "nu", "r", "a", "dil", "sam", "ir", "li", "la", "fa", "tim", "has", "n"]


def _name(rng: random.Random, parts: int) -> tuple[str, str]:
    ar, en = [], []
    for _ in range(parts):
        idx = [rng.randrange(len(_SYL)) for _ in range(rng.randint(2, 3))]
        ar.append("".join(_SYL[i] for i in idx))
        en.append("".join(_LAT[i] for i in idx).capitalize())
    return " ".join(ar), " ".join(en)


def synthetic_graph(nodes: int = 2000, edges: int = 5000, seed: int = 0) -> Graph:
    """An RDF graph whose actor graph (:func:`kgbuild.graph.actor_graph`) has
    exactly ``nodes`` nodes and ``edges`` edges: half persons, 15 %
    organisations, 10 % places, 25 % events; each event has a place and at
    least one actor, the rest of the edges are memberships (30 %) and more
    actors. Every node has one mention with a sentence in one of 50
    articles. Deterministic for a given seed."""
    rng = random.Random(seed)
    g = Graph()
    n_person, n_org, n_place = nodes // 2, nodes * 15 // 100, nodes // 10
    n_event = nodes - n_person - n_org - n_place
    if edges < 2 * n_event:
        raise ValueError("need at least two edges per event (a place and an actor)")
    arts = [ID[f"article/bench-{i}"] for i in range(50)]
    for i, a in enumerate(arts):
        g.add((a, RDF.type, SCHEMA.NewsArticle))
        g.add((a, SCHEMA.headline, Literal(f"خبر رقم {i}: {_name(rng, 3)[0]}", lang="ar")))
        g.add((a, SCHEMA.publisher, Literal("وكالة الاختبار", lang="ar")))
        g.add((a, SCHEMA.datePublished, Literal(f"2025-01-{1 + i % 28:02d}", datatype=XSD.date)))
        g.add((a, SCHEMA.url, Literal(f"https://news.example.org/{i}", datatype=XSD.anyURI)))
        g.add((a, SCHEMA.identifier, Literal(f"bench-{i}")))
    offset = [0]

    def mention(node, text: str) -> None:
        a = rng.choice(arts)
        b = offset[0]
        offset[0] += len(text) + 1
        m = URIRef(f"{a}#char={b},{b + len(text)}")
        g.add((node, GAF.denotedBy, m))
        g.add((m, RDF.type, NIF.RFC5147String))
        g.add((m, NIF.anchorOf, Literal(text)))
        g.add((m, NIF.beginIndex, Literal(b, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, Literal(b + len(text), datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.referenceContext, URIRef(f"{a}#char=0,100000")))
        g.add((m, KGB.sentence, Literal(f"قال مصدر إن {text} شارك في الاجتماع الذي عقد أمس في العاصمة لبحث آخر المستجدات.", lang="ar")))

    def entity(kind, cls, i, parts):
        node = ID[f"{kind}/bench-{i}"]
        ar, en = _name(rng, parts)
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(ar, lang="ar")))
        if i % 3 == 0:
            g.add((node, RDFS.label, Literal(en, lang="en")))
        if i % 5 == 0:
            g.add((node, SKOS.altLabel, Literal(ar.split()[0], lang="ar")))
        mention(node, ar)
        return node

    persons = [entity("person", SCHEMA.Person, i, 2) for i in range(n_person)]
    orgs = [entity("org", SCHEMA.Organization, i, 2) for i in range(n_org)]
    places = [entity("place", SCHEMA.Place, i, 1) for i in range(n_place)]
    actors = persons + orgs
    events = []
    for i in range(n_event):
        ev = ID[f"event/bench-{i}"]
        etype = ("Meet", "Visit", "Phone", "Appeal", "Attack", "Elect")[i % 6]
        g.add((ev, RDF.type, SEM.Event))
        g.add((ev, RDF.type, KGB[etype]))
        g.add((ev, RDFS.label, Literal(f"{etype}: التقى", lang="ar")))
        g.add((ev, KGB.trigger, Literal("التقى", lang="ar")))
        g.add((ev, KGB.status, KGB["Planned" if i % 4 == 0 else "Occurred"]))
        g.add((ev, SEM.hasTimeStamp, Literal(f"2025-01-{1 + i % 28:02d}", datatype=XSD.date)))
        g.add((ev, PROV.wasDerivedFrom, rng.choice(arts)))
        g.add((ev, SEM.hasPlace, rng.choice(places)))
        g.add((ev, SEM.hasActor, actors[i % len(actors)]))
        mention(ev, "التقى")
        events.append(ev)
    left = edges - 2 * n_event
    n_member = min(left, edges * 30 // 100)
    pairs = set()
    while len(pairs) < n_member:
        pairs.add((rng.randrange(n_person), rng.randrange(n_org)))
    for j, (p, o) in enumerate(sorted(pairs)):
        mb = ID[f"membership/bench-{j}"]
        role = ID[f"role/bench-{j % 5}"]
        g.add((mb, RDF.type, ORG.Membership))
        g.add((mb, ORG.member, persons[p]))
        g.add((mb, ORG.organization, orgs[o]))
        g.add((mb, ORG.role, role))
        g.add((role, SKOS.prefLabel, Literal(("president", "member", "spokesman", "minister", "envoy")[j % 5], lang="en")))
        g.add((mb, KGB.roleText, Literal(("رئيس", "عضو", "متحدث باسم", "وزير", "مبعوث")[j % 5], lang="ar")))
        mention(mb, "رئيس")
    extra = set()
    for i, ev in enumerate(events):
        extra.add((i, i % len(actors)))
    want = len(extra) + left - n_member
    while len(extra) < want:
        extra.add((rng.randrange(n_event), rng.randrange(len(actors))))
    for i, a in sorted(extra):
        g.add((events[i], SEM.hasActor, actors[a]))
    return g


# --------------------------------------------------------------------------- browser

def chrome(width: int = 1400, height: int = 900, *, loopback: bool = False):
    """A headless Chromium WebDriver with the network blocked (every host
    resolves to nothing, every request goes to a closed loopback proxy) and
    browser + performance logs on. ``loopback=True`` lets requests to
    127.0.0.1 through (a server under test), and only those. Raises
    RuntimeError when Chromium, chromedriver or Selenium is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        raise RuntimeError("chromium and chromedriver not found (Debian: apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:  # pragma: no cover
        raise RuntimeError("selenium is not installed (pip install -e '.[test]')") from e
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download anything
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--host-resolver-rules=MAP * ~NOTFOUND" + (", EXCLUDE 127.0.0.1" if loopback else ""), "--proxy-server=http://127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>" + (";127.0.0.1" if loopback else ""),
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--mute-audio"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    d = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.emulateNetworkConditions",
                      {"offline": not loopback, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    return d


def requests_made(driver, page_url: str) -> list[str]:
    """URLs the browser requested since the last call (from the performance
    log), other than the page itself and ``data:`` / ``blob:`` / ``about:``."""
    out = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            if url.split("#")[0] != page_url.split("#")[0] and not url.startswith(("data:", "blob:", "about:")):
                out.append(url)
    return out


def wait_ready(driver, timeout: float = 60.0) -> float:
    """Poll ``window.kgbReady`` every 50 ms; return the seconds waited.
    Raises TimeoutError after ``timeout`` seconds."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if driver.execute_script("return window.kgbReady === true"):
            return time.perf_counter() - t0
        time.sleep(0.05)
    raise TimeoutError(f"page not ready after {timeout} s")


def measure(page: Path, runs: int = 3) -> dict:
    """Load ``page`` ``runs`` times in a fresh headless Chromium each; return
    the per-run figures and their medians."""
    url = page.resolve().as_uri()
    rows = []
    for _ in range(runs):
        d = chrome()
        try:
            t0 = time.perf_counter()
            d.get(url)
            wait_ready(d)
            wall = time.perf_counter() - t0
            in_page = d.execute_script("return window.kgbReadyAt") / 1000.0
            select_ms = d.execute_script("""
                var p = kgb.data.nodes.filter(function (x) { return x.k === 'Person'; })[0];
                var t = performance.now(), id = kgb.find(p.s[0])[0];
                kgb.choose(id, true); kgb.network.redraw();
                return performance.now() - t;""")
            counts = d.execute_script("return [kgb.network.body.nodeIndices.length, kgb.network.body.edgeIndices.length]")
            reqs = requests_made(d, url)
            rows.append({"ready_wall": round(wall, 2), "ready_in_page": round(in_page, 2),
                         "select_ms": round(select_ms, 1), "nodes_drawn": counts[0], "edges_drawn": counts[1],
                         "requests": len(reqs)})
        finally:
            d.quit()
    med = {k: statistics.median(r[k] for r in rows) for k in ("ready_wall", "ready_in_page", "select_ms")}
    return {"runs": rows, "median": med, "requests": sum(r["requests"] for r in rows)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=float, default=10.0, help="seconds allowed to interactive")
    ap.add_argument("--keep", type=Path, help="also write the page here")
    args = ap.parse_args(argv)

    from kgbuild.graph import actor_graph, render_html

    g = synthetic_graph(args.nodes, args.edges)
    G = actor_graph(g)
    t0 = time.perf_counter()
    page = render_html(g, "benchmark")
    render_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.html"
        path.write_text(page, encoding="utf-8")
        if args.keep:
            args.keep.write_text(page, encoding="utf-8")
        res = measure(path, args.runs)
    report = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "page_mb": round(len(page.encode()) / 1e6, 2),
              "render": round(render_s, 2), **res}
    print(json.dumps(report, indent=1))
    print(f"{report['nodes']} nodes / {report['edges']} edges: interactive in {res['median']['ready_wall']:.2f} s "
          f"(in page {res['median']['ready_in_page']:.2f} s; select {res['median']['select_ms']:.0f} ms; "
          f"render {report['render']:.2f} s; {report['page_mb']} MB; {res['requests']} requests)")
    return 0 if res["median"]["ready_wall"] <= args.limit and res["requests"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
