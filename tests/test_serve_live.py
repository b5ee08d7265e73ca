"""`kgbuild serve` as a real server (a subprocess on 127.0.0.1) over a
store of the seed and the dev sets: a standard SPARQL client
(SPARQLWrapper) runs the saved queries, and headless Chromium (Debian's
chromium and chromium-driver through Selenium, as tests/test_graph_browser.py)
walks the pages with every request to another host counted.

The store needs ../shared/corpus/{ar,en}/dev.jsonl (skipped with the reason
without them). The browser tests skip without Chromium, chromedriver or
Selenium, except in CI (CI=true), where .ci/run installs them.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SERVE_PAYLOADS
from kgbuild.cli import app
from kgbuild.query import saved_queries, saved_query

ROOT = Path(__file__).resolve().parent.parent
BAHRA = "person/hady-bhrh-8573671a"
COALITION = "https://w3id.org/kgbuild/id/org/atlaf-wtny-swry-564fcfc5"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(serve_store, live_server):
    return live_server(serve_store, "--query-timeout", "3")


# --------------------------------------------------------------------------- SPARQL client

def _client_rows(url: str, query: str) -> tuple[list[str], list[list[str]]]:
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    cols = res["head"]["vars"]
    return cols, [[b.get(c, {}).get("value", "") for c in cols] for b in res["results"]["bindings"]]


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_serve_live_saved_queries_same_rows_as_cli(server, serve_store, name):
    from kgbuild.query import fill_key_params, query_params

    text = saved_query(name)
    # a saved query that needs a name (actor) gets one, in another spelling than the label
    params = {p: "عبد الاحد" for p, d in query_params(text).items() if d["required"]}
    text, _rest = fill_key_params(text, params)
    cols, rows = _client_rows(server, text)
    r = CliRunner().invoke(app, ["query", str(serve_store), "--name", name, "--format", "csv",
                                 *[a for p, v in params.items() for a in ("--param", f"{p}={v}")]])
    assert r.exit_code == 0, r.output
    expected = list(csv.reader(io.StringIO(r.stdout)))
    assert [cols, *rows] == expected
    if name in ("members", "events", "places"):
        assert len(rows) > 20  # real rows from the seed and the dev sets
    if params:
        assert rows  # عبد الأحد أستيفو of the seed


def test_serve_live_time_limit_then_next_query(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(SLOW)
    sw.setReturnFormat(JSON)
    t0 = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as e:
        sw.query()
    assert e.value.code == 503 and b"stopped after 3 s" in e.value.read()
    assert time.monotonic() - t0 < 20
    cols, rows = _client_rows(server, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }")
    assert cols == ["n"] and int(rows[0][0]) > 50


def test_serve_live_rdflib_sparqlstore(server):
    """rdflib's SPARQLStore, another standard client, reads a CONSTRUCT."""
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    st = SPARQLStore(server + "/sparql", returnFormat="json")
    g = Graph(store=st)
    res = g.query("SELECT ?l WHERE { <https://w3id.org/kgbuild/id/person/hady-bhrh-8573671a> "
                  "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert [str(r[0]) for r in res] == ["هادي البحرة"]
    res = g.query("CONSTRUCT { ?s a <http://schema.org/Person> } WHERE { ?s a <http://schema.org/Person> } LIMIT 5")
    assert len(res.graph) == 5


def test_serve_live_sparqlwrapper_graphs_in_its_formats(server):
    """SPARQLWrapper's CONSTRUCT in its default format (RDF/XML: it got
    Turtle before and failed to parse it), Turtle and JSON-LD: each comes in
    the format asked for and parses to the same graph."""
    from SPARQLWrapper import JSONLD, TURTLE, XML, SPARQLWrapper

    q = ("CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { "
         f"<https://w3id.org/kgbuild/id/{BAHRA}> <http://www.w3.org/2000/01/rdf-schema#label> ?l BIND(<urn:x> AS ?s) }}")
    graphs = []
    for fmt in (XML, TURTLE, JSONLD):
        sw = SPARQLWrapper(server + "/sparql")
        sw.setQuery(q)
        sw.setReturnFormat(fmt)
        g = sw.query().convert()  # a Graph, or Turtle as bytes
        if isinstance(g, bytes):
            from rdflib import Graph

            g = Graph().parse(data=g.decode("utf-8"), format="turtle")
        graphs.append(sorted((str(s), str(p), str(o)) for s, p, o in g))
    assert graphs[0] == graphs[1] == graphs[2] == [("urn:x", "http://www.w3.org/2000/01/rdf-schema#label", "هادي البحرة")]


def test_serve_live_listens_on_loopback_only(server):
    """Without --host the server listens on 127.0.0.1 only (read from
    /proc/net/tcp: local address 0100007F, state 0A = LISTEN)."""
    port = int(server.rsplit(":", 1)[1])
    table = Path("/proc/net/tcp")
    if not table.is_file():
        pytest.skip("no /proc/net/tcp on this system")
    listening = [line.split()[1] for line in table.read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert listening == [f"0100007F:{port:04X}"]


# --------------------------------------------------------------------------- browser

_missing = [name for name, ok in (("chromium", shutil.which("chromium") or shutil.which("chromium-browser")),
                                  ("chromedriver", shutil.which("chromedriver")),
                                  ("selenium", importlib.util.find_spec("selenium"))) if not ok]
_IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
needs_browser = pytest.mark.skipif(bool(_missing) and not _IN_CI,
                                   reason=f"headless Chromium tests need {', '.join(_missing)} "
                                          "(apt-get install chromium chromium-driver; pip install -e '.[test]')")

_TRAP = """window.__xss = 0;
window.alert = window.confirm = window.prompt = function () { window.__xss += 1; };"""


def _bench_html():
    spec = importlib.util.spec_from_file_location("bench_html", ROOT / "benchmarks" / "bench_html.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def browser():
    B = _bench_html()
    # the servers are on 127.0.0.1: a page may reach them, and nothing else
    # (host names resolve to nothing, other addresses go to a closed proxy)
    d = B.chrome(loopback=True)
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _TRAP})
    d.B = B
    yield d
    d.quit()


def _requests(d, base: str) -> tuple[list[str], int]:
    """URLs requested since the last call to anywhere but the server, and
    how many requests went to the server (so the counter is seen working)."""
    urls = d.B.requests_made(d, "about:blank")
    return [u for u in urls if not u.startswith(base + "/")], sum(u.startswith(base + "/") for u in urls)


def _severe(d) -> list:
    return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def _wait(d, script: str, timeout: float = 30.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        v = d.execute_script(script)
        if v:
            return v
        time.sleep(0.1)
    raise TimeoutError(script)


@needs_browser
def test_serve_live_browser_walk(browser, server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get_log("performance")
    d.get(server + "/")
    # search the person in another spelling (alef maqsura, ta marbuta)
    box = d.find_element("id", "q")
    box.send_keys("هادى البحره")
    box.send_keys(Keys.ENTER)
    _wait(d, "return document.querySelector('#hits a.ent') !== null")
    first = d.find_element("css selector", "#hits a.ent")
    assert first.text.startswith("هادي البحرة")
    first.click()
    _wait(d, "return window.kgbReady === true")
    assert d.current_url == f"{server}/id/{BAHRA}"
    assert d.find_element("id", "entity-name").text == "هادي البحرة"
    # the timeline draws: a bar for the dated visit, rows in the table
    bars = d.execute_script("""return Array.prototype.map.call(document.querySelectorAll('#day-chart rect.bar'),
        function (r) { var b = r.getBoundingClientRect(); return [b.width, b.height]; })""")
    assert len(bars) == 1 and bars[0][0] > 0 and bars[0][1] > 50
    assert len(d.find_elements("css selector", "#timeline-table tr.ev")) == 4
    # a fact's sentence shows with the mention highlighted
    mark = d.find_element("css selector", "#facts blockquote mark.mention")
    assert mark.text == "هادي البحرة" and mark.value_of_css_property("background-color") == "rgba(255, 229, 138, 1)"
    quote = mark.find_element("xpath", "..")
    assert "وصل رئيس الائتلاف الوطني السوري" in quote.text
    assert quote.value_of_css_property("direction") == "rtl"
    # the graph draws; a click on the coalition's node opens its page
    drawn = d.execute_script("return kgbGraph.network.body.nodeIndices.length")
    assert drawn == len(d.execute_script("return kgbGraph.data.nodes")) > 5
    net = d.find_element("id", "kgb-network")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", net)
    x, y = d.execute_script("""var id = arguments[0], net = kgbGraph.network;
        var p = net.canvasToDOM(net.getPositions([id])[id]); return [Math.round(p.x), Math.round(p.y)];""", COALITION)
    ActionChains(d).move_to_element_with_offset(net, x - net.rect["width"] // 2, y - net.rect["height"] // 2).click().perform()
    _wait(d, f"return location.pathname === '/id/org/atlaf-wtny-swry-564fcfc5'")
    assert "الائتلاف الوطني السوري" in d.find_element("id", "entity-name").text
    assert "هادي البحرة" in d.find_element("id", "posts").text  # its members
    # the events of the person: the map draws Paris on the shipped outline
    d.get(f"{server}/events?actor={urllib.parse.quote(BAHRA)}")
    circles = d.find_elements("css selector", "#event-map circle.place")
    assert len(circles) == 1 and circles[0].find_element("tag name", "title").get_attribute("textContent") == "باريس: 1 event"
    assert circles[0].rect["width"] > 2
    world = _wait(d, """var e = performance.getEntriesByType('resource').filter(function (x) {
        return /\\/static\\/world\\.svg$/.test(x.name); })[0]; return e && e.responseEnd > 0 ? e.decodedBodySize : 0""")
    assert world > 100_000
    # an article page: mentions marked by type
    d.get(f"{server}/id/article/qasioun-2025-01-22")
    kinds = d.execute_script("""var o = {}; document.querySelectorAll('#article-text a.mention').forEach(function (a) {
        var k = a.className.replace('mention m-', ''); o[k] = (o[k] || 0) + 1; }); return o""")
    assert kinds["Person"] >= 6 and kinds["Place"] >= 3 and kinds["Organization"] >= 5 and kinds["Event"] >= 4
    remote, local = _requests(d, server)
    assert remote == [] and local >= 12  # pages, CSS, scripts, the world outline
    assert _severe(d) == []
    assert d.execute_script("return window.__xss") == 0


@needs_browser
def test_serve_live_browser_payloads_run_no_script(browser, crafted_store, live_server):
    from test_serve import crafted_pages

    store, _art, visit = crafted_store
    base = live_server(store)
    d = browser
    d.get_log("performance")
    d.get_log("browser")
    for path in crafted_pages(visit):
        d.get(base + path)
        if "/id/person/" in path:
            _wait(d, "return window.kgbReady === true")
        time.sleep(0.2)
        assert d.execute_script("return window.__xss") == 0, path
        assert d.execute_script("return document.querySelectorAll('img, iframe, object, embed, svg svg').length") == 0
        assert d.execute_script("return document.scripts.length") <= 3
    d.get(base + "/id/person/evil")
    _wait(d, "return window.kgbReady === true")
    text = d.find_element("tag name", "body").text
    assert SERVE_PAYLOADS[0] in text and SERVE_PAYLOADS[1] in text
    labels = d.execute_script("return kgbGraph.data.nodes.map(function (n) { return n.label; })")
    assert SERVE_PAYLOADS[0] in labels
    remote, local = _requests(d, base)
    assert remote == [] and local >= len(crafted_pages(visit))
    assert d.execute_script("return window.__xss") == 0


def test_serve_live_pages_answer_while_sparql_queries_run_long(seed_build, live_server):
    """Slow SPARQL queries take at most all workers but one: while two run
    to the time limit, the front page and an entity page answer at once."""
    import threading
    import urllib.request

    base = live_server(seed_build[0] / "store", "--workers", "2", "--query-timeout", "8")
    codes: list[int] = []

    def slow():
        try:
            with urllib.request.urlopen(f"{base}/sparql?{urllib.parse.urlencode({'query': SLOW})}", timeout=60) as r:
                codes.append(r.status)
        except urllib.error.HTTPError as e:
            codes.append(e.code)

    threads = [threading.Thread(target=slow) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    for path in ("/", f"/id/{BAHRA}", "/search?q=%D8%A7%D9%84%D8%A8%D8%AD%D8%B1%D8%A9", "/events"):
        t0 = time.monotonic()
        with urllib.request.urlopen(base + path, timeout=60) as r:
            assert r.status == 200
        assert time.monotonic() - t0 < 3, path
    for t in threads:
        t.join()
    assert codes and set(codes) <= {503}  # stopped at the limit, or no worker open to them in time
    with urllib.request.urlopen(f"{base}/sparql?{urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }'})}") as r:
        assert r.status == 200


def _start_and_read(store, tmp_path, *options: str) -> tuple[subprocess.Popen, str, int]:
    """Start `kgbuild serve STORE OPTIONS`, wait until it answers on the
    port its first line names, and return the process, all it wrote to
    stderr by then, and that port."""
    import re
    import urllib.request

    log = tmp_path / "serve.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "kgbuild", "serve", str(store), *options],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=fh)
    t0 = time.monotonic()
    while True:
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() - t0 < 60, log.read_text()
        m = re.search(r"^serving .*? on http://[^:/]+:(\d+)/", log.read_text(), re.M)
        if m and int(m.group(1)):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{m.group(1)}/healthz", timeout=2):
                    return proc, log.read_text(), int(m.group(1))
            except OSError:
                pass
        if m and not int(m.group(1)):
            return proc, log.read_text(), 0
        time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_serve_live_startup_message_gives_a_working_address(seed_build, tmp_path):
    """--port 0 prints the port it got; with --root-path the printed address
    answers without a proxy, and its page links under it."""
    import urllib.request

    proc, text, port = _start_and_read(seed_build[0] / "store", tmp_path, "--port", "0", "--root-path", "/kg")
    try:
        assert port > 0, text
        url = f"http://127.0.0.1:{port}/kg/"
        assert f"on {url} " in text
        with urllib.request.urlopen(url, timeout=30) as r:
            assert r.status == 200 and b'href="/kg/events"' in r.read()
        assert "warning" not in text
    finally:
        _stop(proc)


def test_serve_live_warns_when_listening_beyond_loopback(seed_build, tmp_path):
    proc, text, port = _start_and_read(seed_build[0] / "store", tmp_path, "--port", "0", "--host", "0.0.0.0")
    try:
        assert port > 0, text
        assert "warning: listening on 0.0.0.0" in text and "no authentication" in text
    finally:
        _stop(proc)
