"""The web application of ``kgbuild serve`` (Starlette, run by uvicorn).

Routes (all GET unless said):

=====================  ==========================================================
``/``                  counts of the store and a search box
``/search?q=&kind=``   persons, organisations, places matching a name in any
                       spelling, ranked by the number of articles naming them
``/id/PATH``           the page of a kgbuild IRI (``https://w3id.org/kgbuild/id/PATH``):
                       an entity page, or an article page for ``article/…``;
                       an event goes to its first article, an IRI merged into
                       another (the store's resolution pass) to the one kept;
                       ``/resource?iri=`` for any other IRI
``/events?…``          events filtered by type, status, from, to, place, actor;
                       events per day, the map of event places, the list; a
                       name several entities bear names the others
``/sparql``            SPARQL 1.1 Protocol (GET, POST form or sparql-query body;
                       results as JSON, XML, CSV, TSV, graphs as Turtle,
                       N-Triples, RDF/XML, JSON-LD, N3; 406 for a format of
                       the other kind); a query form for a browser, whose
                       ``view=text`` shows the answer as plain text in its
                       documented default format (not the browser's Accept),
                       and saves it as ``answer.<ext>`` without it
``/static/…``          the pages' CSS and script, vis-network (from pyvis),
                       the world outline
``/healthz``           ``ok`` (for proxies and tests)
=====================  ==========================================================

Every query runs in a worker process (:class:`kgbuild.serve.pool.QueryPool`)
with the time limit ``query_timeout``; past it the worker is killed and the
answer is HTTP 503 naming the limit, while other requests go on. /sparql's
queries take all workers but one at most: the pages always have one.

/sparql reads the store and nothing else: a federated query (``SERVICE``,
which Oxigraph would send to any address) is refused with 400 before it
runs (:mod:`kgbuild.serve.guard`), as is a query nesting groups deeper
than :data:`kgbuild.serve.guard.MAX_DEPTH` (Oxigraph's parser crashed its
process on thousands of levels); an update sent as ``query=`` or
``update=`` gets 403, two ``query`` parameters 400; a body over :data:`MAX_BODY` gets 413; a
query that fails gets 400 with the engine's one-line reason, and the
server's own failures 500 without any (the worker logs them to stderr).

Safety: every page is rendered by Jinja2 with autoescaping (text and
attribute values), names and article text sit in ``<bdi>`` / ``dir=auto``
elements so a bidi control in them cannot reorder the page around them,
links to articles are made only of ``http(s)`` URLs (any other is shown as
text), internal links are percent-encoded, and data for the graph script is
JSON escaped for a ``<script>`` element (:func:`kgbuild.graph._json_for_script`).
A Content-Security-Policy allows scripts, styles, images and fetches from
the server itself only: a page loads nothing from elsewhere.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import socket
import tempfile
import urllib.parse
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kgbuild.graph import EVENT_TYPES, STYLE, _json_for_script
from kgbuild.serve import charts
from kgbuild.serve.data import KINDS, STATUSES
from kgbuild.serve.guard import RefusedQuery, UpdateRefused, check_query
from kgbuild.serve.pool import PoolBusy, QueryFailed, QueryPool, QueryTimeout

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY"}

#: Accept media types → result format (SELECT, ASK) and graph format (CONSTRUCT, DESCRIBE).
_RESULT_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                 "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                 "text/csv": "csv", "text/tab-separated-values": "tsv"}
_GRAPH_TYPES = {"text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
                "application/n-triples": "nt", "text/plain": "nt", "application/rdf+xml": "rdfxml",
                "application/ld+json": "jsonld", "application/x-json+ld": "jsonld", "text/n3": "n3",
                "text/rdf+n3": "n3"}
#: ``format`` parameter values → result format and graph format (None: not for that kind of query). As
#: SPARQLWrapper and Virtuoso use them, "xml" asks a graph query for RDF/XML and "json" for JSON-LD.
_FORMAT_PARAM = {"json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
                 "turtle": (None, "turtle"), "ttl": (None, "turtle"), "nt": (None, "nt"), "ntriples": (None, "nt"),
                 "n-triples": (None, "nt"), "rdfxml": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"),
                 "json-ld": (None, "jsonld"), "jsonld": (None, "jsonld"), "n3": (None, "n3"),
                 **{t: (f, None) for t, f in _RESULT_TYPES.items()}, **{t: (None, f) for t, f in _GRAPH_TYPES.items()}}
#: A wildcard in Accept → the result format and the graph format it admits first.
_WILDCARDS = {"*/*": ("json", "turtle"), "application/*": ("json", "nt"), "text/*": ("csv", "turtle")}
_GRAPH_FORMS = ("construct", "describe")
#: The largest request body /sparql reads (a query of 1 MiB is far longer than any real one).
MAX_BODY = 1024 * 1024


class NotAcceptable(ValueError):
    """No format the client accepts for the query's kind of answer (HTTP 406)."""


def _static(name: str) -> bytes:
    return (resources.files("kgbuild.serve") / "static" / name).read_bytes()


def _vis_js() -> bytes:
    """vis-network as shipped in the pyvis package (as ``kgbuild render`` uses it)."""
    return (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_bytes()


def safe_url(u: str | None) -> str:
    """``u`` when it is an http(s) URL, else "" (never a ``javascript:``
    or ``data:`` link)."""
    u = (u or "").strip()
    return u if urllib.parse.urlsplit(u).scheme.lower() in ("http", "https") and "//" in u[:8] else ""


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q values honoured,
    ties in the order given; q=0 dropped)."""
    out = []
    for i, part in enumerate((header or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            out.append((-q, i, bits[0].lower()))
    return [m for _q, _i, m in sorted(out)]


def negotiate(accept: str | None, fmt: str | list[str] | None, form: str | None = None) -> tuple[str, str]:
    """(result format, graph format) for an Accept header and an optional
    ``format`` parameter (json, xml, csv, tsv, turtle, nt, rdfxml, jsonld,
    n3, or a media type; several values, or values separated by commas, as
    SPARQLWrapper sends them: the first known one), for a query of ``form`` (``select``, ``ask``,
    ``construct``, ``describe``, :func:`kgbuild.serve.guard.check_query`;
    None: unknown, no check). The ``format`` parameter wins over Accept.

    Raises ValueError for an unknown ``format``, :class:`NotAcceptable`
    when the client asks only for formats of the other kind of answer
    (``format=turtle`` on a SELECT, ``format=csv`` on a CONSTRUCT) or for
    none that is served (``Accept: application/x-foo``). A graph query
    whose Accept lists SPARQL result types only gets Turtle: generic
    clients (rdflib's SPARQLStore) send the same Accept for every query
    and read the answer by its Content-Type."""
    types = parse_accept(accept)
    res = next((_RESULT_TYPES[t] for t in types if t in _RESULT_TYPES), None)
    gra = next((_GRAPH_TYPES[t] for t in types if t in _GRAPH_TYPES), None)
    wild = next((_WILDCARDS[t] for t in types if t in _WILDCARDS), None)
    graph = form in _GRAPH_FORMS
    given = [x.strip().lower() for v in ([fmt] if isinstance(fmt, str) else fmt or []) for x in v.split(",")]
    given = [x for x in given if x]
    if given:
        f = next((x for x in given if x in _FORMAT_PARAM), None)
        if f is None:
            raise ValueError(f"unknown format {given[0]!r}: use json, xml, csv or tsv (SELECT, ASK), "
                             "turtle, nt, xml (RDF/XML), json-ld or n3 (CONSTRUCT, DESCRIBE)")
        fmt = f
        r, g = _FORMAT_PARAM[f]
        if form and (g if graph else r) is None:
            raise NotAcceptable(f"format={fmt} cannot hold the answer of {_a(form)} query: use "
                                + ("turtle, nt, xml (RDF/XML), json-ld or n3" if graph else "json, xml, csv or tsv"))
        return r or res or "json", g or gra or "turtle"
    if form and types and (gra if graph else res) is None and wild is None and (not graph or res is None):
        kinds = ("text/turtle, application/n-triples, application/rdf+xml, application/ld+json or text/n3" if graph
                 else "application/sparql-results+json, application/sparql-results+xml, text/csv or "
                      "text/tab-separated-values")
        raise NotAcceptable(f"{_a(form)[0].upper()}{_a(form)[1:]} query answers with {kinds}; the Accept header asks for none of them "
                            f"({accept})")
    wild_res, wild_graph = wild or ("json", "turtle")
    return res or wild_res, gra or wild_graph


def _a(form: str) -> str:
    """"a SELECT", "an ASK": the query form with its article."""
    return ("an " if form[:1].lower() in "aeiou" else "a ") + form.upper()


#: File name extensions of the answer formats (the query page's saved answers).
_EXTENSIONS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
               "text/csv": "csv", "text/tab-separated-values": "tsv", "text/turtle": "ttl",
               "application/n-triples": "nt", "application/rdf+xml": "rdf", "application/ld+json": "jsonld",
               "text/n3": "n3"}


class ServeApp:
    """The state of one server: the store folder, the query pool (made at
    startup, closed at shutdown), the templates. ``app`` is the ASGI app."""

    def __init__(self, store: str | Path, *, query_timeout: float = 30.0, workers: int = 2,
                 page_timeout: float | None = None) -> None:
        self.store = Path(store)
        self.query_timeout = query_timeout
        self.page_timeout = page_timeout or query_timeout
        self.workers = workers
        self.pool: QueryPool | None = None
        self.tmp = ""
        self.env = Environment(loader=PackageLoader("kgbuild.serve", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["safe_url"] = safe_url
        self.env.globals.update(kind_style=STYLE, event_types=EVENT_TYPES, statuses=STATUSES, kinds=KINDS,
                                type_colours=charts.TYPE_COLOURS, link=self.link, query_string=self.query_string,
                                dir_of=lambda lang: "rtl" if (lang or "").split("-")[0] in ("ar", "fa", "ur", "he") else "auto")
        self.assets = {"app.css": (_static("app.css"), "text/css; charset=utf-8"),
                       "entity.js": (_static("entity.js"), "text/javascript; charset=utf-8"),
                       "vis-network.min.js": (_vis_js(), "text/javascript; charset=utf-8"),
                       "world.svg": (charts.world_svg().encode("utf-8"), "image/svg+xml")}
        self.app = Starlette(routes=[
            Route("/", self.index), Route("/search", self.search), Route("/id/{path:path}", self.resource),
            Route("/resource", self.resource), Route("/events", self.events),
            Route("/sparql", self.sparql, methods=["GET", "POST"]), Route("/static/{name}", self.static),
            Route("/healthz", self.healthz)], lifespan=self.lifespan)

    # -- lifecycle
    @contextlib.asynccontextmanager
    async def lifespan(self, _app):
        self.tmp = tempfile.mkdtemp(prefix="kgbuild-serve-")
        self.pool = await run_in_threadpool(QueryPool, self.store, self.workers, timeout=self.query_timeout)
        try:
            yield
        finally:
            self.pool.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers for templates
    @staticmethod
    def link(item: dict | str | None) -> str:
        """The address of an entity/article/event's page (relative to the
        server root): ``/id/PATH`` for a kgbuild IRI, ``/resource?iri=…``
        for another."""
        if item is None:
            return ""
        path = item if isinstance(item, str) else item.get("path")
        if path:
            return "/id/" + urllib.parse.quote(path, safe="/-._~")
        iri = "" if isinstance(item, str) else item.get("iri", "")
        return "/resource?" + urllib.parse.urlencode({"iri": iri})

    @staticmethod
    def query_string(params: dict, **change) -> str:
        """``?a=1&b=2`` of ``params`` updated with ``change`` (empty values dropped)."""
        merged = {**params, **change}
        return "?" + urllib.parse.urlencode({k: v for k, v in merged.items() if v not in (None, "")})

    def page(self, request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
        """Render ``template`` with ``ctx`` (autoescaped) and the security headers."""
        root = request.scope.get("root_path", "")
        html = self.env.get_template(template).render(root=root, request_path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status, headers=_HEADERS)

    def error(self, request: Request, status: int, message: str) -> HTMLResponse:
        """An error page with ``status`` and ``message`` (escaped like any text)."""
        return self.page(request, "error.html", status=status, status_code=status, message=message)

    async def job(self, request: Request, name: str, **kwargs):
        """Run a data job in the pool; returns (result, None) or (None, an error response)."""
        try:
            return await run_in_threadpool(self.pool.run, name, self.page_timeout, **kwargs), None
        except QueryTimeout as e:
            return None, self.error(request, 503, f"The page took too long and was stopped: {e}.")
        except PoolBusy as e:
            return None, self.error(request, 503, f"The server is busy: {e}.")
        except QueryFailed as e:
            status = {"missing": 404, "value": 400, "syntax": 400, "query": 400}.get(e.kind, 500)
            msg = str(e) if status != 500 else "The store could not answer; the server's log says why."
            return None, self.error(request, status, msg)

    # -- pages
    async def healthz(self, request: Request) -> Response:
        """``ok``: the server is up (for proxies and tests)."""
        return PlainTextResponse("ok")

    async def static(self, request: Request) -> Response:
        """The pages' CSS and script, vis-network and the world outline (cached an hour)."""
        name = request.path_params["name"]
        if name not in self.assets:
            return PlainTextResponse("not found", status_code=404)
        body, media = self.assets[name]
        return Response(body, media_type=media, headers={**_HEADERS, "Cache-Control": "public, max-age=3600"})

    async def index(self, request: Request) -> Response:
        """The front page: the store's counts and a search box."""
        data, err = await self.job(request, "overview")
        return err or self.page(request, "index.html", overview=data)

    async def search(self, request: Request) -> Response:
        """Search results for ``q`` (``kind``: Person, Organization, Place)."""
        q = request.query_params.get("q", "").strip()[:200]
        kind = request.query_params.get("kind", "")
        if not q:
            return RedirectResponse(request.scope.get("root_path", "") + "/", status_code=303)
        data, err = await self.job(request, "search", q=q, kind=kind)
        return err or self.page(request, "search.html", res=data, kind=kind)

    async def resource(self, request: Request) -> Response:
        """The page of a kgbuild IRI: an article, an event (its article), or an entity."""
        path = request.path_params.get("path") or request.query_params.get("iri", "")
        if not path:
            return self.error(request, 400, "Give an entity: /id/PATH or /resource?iri=IRI.")
        if path.startswith("article/"):
            data, err = await self.job(request, "article", path=path)
            return err or self.page(request, "article.html", a=data)
        if path.startswith("event/"):
            data, err = await self.job(request, "event_article", path=path)
            if err:
                return err
            return RedirectResponse(request.scope.get("root_path", "") + self.link(data["article"])
                                    + "#" + urllib.parse.quote(data["anchor"]), status_code=303)
        try:
            page = int(request.query_params.get("page", "1"))
            hops = int(request.query_params.get("hops", "1"))
        except ValueError:
            return self.error(request, 400, "page and hops must be whole numbers.")
        data, err = await self.job(request, "entity", path=path, page=page, hops=hops)
        if err:
            return err
        if "redirect" in data:  # an IRI merged into another: the page of the one kept
            return RedirectResponse(request.scope.get("root_path", "") + self.link(data["redirect"])
                                    + (("?" + request.url.query) if request.url.query else ""), status_code=303)
        return self.page(request, "entity.html", e=data, chart=charts.day_chart(data["events"]["per_day"]),
                         graph_json=_json_for_script(data["graph"]))

    async def events(self, request: Request) -> Response:
        """The events view (filters: type, status, from, to, place, actor; page)."""
        qp = request.query_params
        params = {k: qp.get(k, "").strip()[:200] for k in ("type", "status", "from", "to", "place", "actor")}
        try:
            page = int(qp.get("page", "1"))
        except ValueError:
            return self.error(request, 400, "page must be a whole number.")
        data, err = await self.job(request, "events", type=params["type"], status=params["status"],
                                   date_from=params["from"], date_to=params["to"], place=params["place"],
                                   actor=params["actor"], page=page)
        if err:
            return err
        return self.page(request, "events.html", ev=data, params=params, chart=charts.day_chart(data["per_day"]),
                         map=charts.map_points(data["places"]))

    # -- SPARQL 1.1 Protocol
    async def sparql(self, request: Request) -> Response:
        """The SPARQL 1.1 Protocol endpoint (module docstring)."""
        qp = request.query_params
        queries = qp.getlist("query")
        page_form = False
        query, fmt = qp.get("query"), qp.getlist("format")
        view = qp.get("view")
        defaults, named = qp.getlist("default-graph-uri"), qp.getlist("named-graph-uri")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return self.plain(403, "this endpoint is read-only: SPARQL Update is not served")
            if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
                return self.plain(415, f"unsupported content type {ctype!r}: send application/x-www-form-urlencoded "
                                       "(query=…) or application/sparql-query")
            try:
                body = await read_body(request, MAX_BODY)
            except BodyTooLarge:
                return self.plain(413, f"the request body is over {MAX_BODY // 1024} KiB: send a shorter query")
            if ctype == "application/x-www-form-urlencoded":
                # parsed here: Starlette's form parser needs python-multipart, for nothing else
                form = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
                if any(k == "update" for k, _v in form):
                    return self.plain(403, "this endpoint is read-only: SPARQL Update is not served")
                queries = queries + [v for k, v in form if k == "query"]
                query = next((v for k, v in form if k == "query"), query)
                view = view or next((v for k, v in form if k == "view"), None)
                page_form = any(k == "page_form" for k, _v in form)
                fmt = fmt or [v for k, v in form if k == "format"]
                defaults += [v for k, v in form if k == "default-graph-uri"]
                named += [v for k, v in form if k == "named-graph-uri"]
            else:
                if queries:
                    return self.plain(400, "a query in the body and a query parameter: give exactly one "
                                           "(SPARQL 1.1 Protocol, 2.1)")
                query = body.decode("utf-8", "replace")
        if qp.get("update") is not None:
            return self.plain(403, "this endpoint is read-only: SPARQL Update is not served")
        if len(queries) > 1:
            return self.plain(400, f"{len(queries)} query parameters: give exactly one (SPARQL 1.1 Protocol, 2.1)")
        if not query:
            if "text/html" in (request.headers.get("accept") or ""):
                return self.page(request, "sparql.html", timeout=self.query_timeout)
            return self.plain(400, "no query: give query=… (SPARQL 1.1 Protocol)")
        try:
            form = await run_in_threadpool(check_query, query)
        except UpdateRefused as e:
            return self.plain(403, str(e))
        except RefusedQuery as e:
            return self.plain(400, str(e))
        # the query page's form asks to see the answer in the browser (view=text): its default
        # format is the documented one, not what the browser's Accept header prefers, and the
        # answer is sent as plain text so that the browser shows it instead of saving it
        # (page_form: the page's form, whose default is the documented one also when saved as a file)
        inline = view == "text"
        try:
            res_fmt, graph_fmt = negotiate(None if inline or page_form else request.headers.get("accept"), fmt, form)
        except NotAcceptable as e:
            return self.plain(406, str(e))
        except ValueError as e:
            return self.plain(400, str(e))
        try:
            out = await run_in_threadpool(self.pool.run, "sparql", self.query_timeout, shared=True, query=query,
                                          result_format=res_fmt, graph_format=graph_fmt,
                                          default_graphs=defaults or None, named_graphs=named or None,
                                          out_dir=self.tmp)
        except QueryTimeout as e:
            return self.plain(503, f"query {e}; the server goes on serving other queries")
        except PoolBusy as e:
            return self.plain(503, f"server busy: {e}")
        except QueryFailed as e:
            if e.kind in ("syntax", "value"):
                return self.plain(400, f"bad query: {e}")
            if e.kind == "query":
                return self.plain(400, f"the query failed: {e}")
            return self.plain(500, "the store could not answer this query; the server's log says why")
        headers = {"X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*"}
        if page_form and not inline:
            ext = _EXTENSIONS.get(out["media_type"].split(";")[0], "txt")
            headers["Content-Disposition"] = f'attachment; filename="answer.{ext}"'
        return FileResponse(out["path"], media_type="text/plain; charset=utf-8" if inline else out["media_type"],
                            headers=headers,
                            background=BackgroundTask(_unlink, out["path"]))

    @staticmethod
    def plain(status: int, message: str) -> PlainTextResponse:
        """A plain-text ``error: …`` answer with ``status`` (the endpoint's errors)."""
        return PlainTextResponse(f"error: {message}\n", status_code=status,
                                 headers={"X-Content-Type-Options": "nosniff"})


class BodyTooLarge(Exception):
    """A request body over the limit (HTTP 413)."""


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, read as it arrives; raises BodyTooLarge as soon
    as it (or its Content-Length) is over ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge
    return bytes(body)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


class RootPath:
    """ASGI wrapper serving ``app`` under the URL prefix ``prefix`` (``/kg``)
    whether or not a reverse proxy strips it: ``/kg/search`` and
    ``/search`` are the same page, and every page's links carry ``/kg``
    (``root_path``). So the address ``kgbuild serve --root-path /kg``
    prints works without a proxy too, and behind one that passes the
    prefix on (Caddy's ``handle``) or strips it (nginx's ``proxy_pass
    …/``, Caddy's ``handle_path``)."""

    def __init__(self, app, prefix: str) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")
        self._raw = self.prefix.encode("ascii")

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and self.prefix:
            path = scope["path"]
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                raw = scope.get("raw_path")
                scope = {**scope, "path": self.prefix + path,
                         **({"raw_path": self._raw + raw} if raw is not None else {})}
            scope = {**scope, "root_path": self.prefix}
        await self.app(scope, receive, send)


def create_app(store: str | Path, *, query_timeout: float = 30.0, workers: int = 2, root_path: str = ""):
    """The ASGI application serving the store at ``store`` (a store folder)
    read-only; query workers start with the application's lifespan.
    ``query_timeout``: seconds a query (or a page's queries) may run;
    ``root_path``: a URL prefix (``/kg``) the pages answer under, with or
    without it in the request (:class:`RootPath`)."""
    app = ServeApp(store, query_timeout=query_timeout, workers=workers).app
    return RootPath(app, root_path) if root_path else app


def check_store(path: str | Path) -> Path:
    """The store folder at ``path`` (a store, or a build folder holding
    ``store/``), after finishing any batch an interrupted build left (so
    every reader sees whole articles). Raises StoreError naming the folder
    when there is no store or it cannot be opened (e.g. a build is
    writing it)."""
    from kgbuild.store import ArticleStore, StoreError, find_store

    p = find_store(path)
    if p is None:
        raise StoreError(f"{path}: no kgbuild store here (build one with `kgbuild build`)")
    ArticleStore.open_read(p).close()
    return p


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (IPv4 or IPv6, as the address
    resolves), listening. Raises OSError naming the address when it cannot
    be bound (a port in use, an address this machine does not have)."""
    try:
        family, kind, proto, _name, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as e:
        raise OSError(f"{host}: not an address of this machine ({e})") from e
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
    except OSError as e:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    return sock


def is_loopback(sock: socket.socket) -> bool:
    """Whether ``sock`` is bound to a loopback address (127.0.0.0/8, ::1):
    reachable from this machine only."""
    try:
        return ipaddress.ip_address(sock.getsockname()[0].split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 8000, query_timeout: float = 30.0,
          workers: int = 2, root_path: str = "", log_level: str = "warning", sock: socket.socket | None = None) -> None:
    """Serve the store at ``store`` on ``host:port`` (or on ``sock``, a
    listening socket, e.g. from :func:`listen`) until interrupted (uvicorn,
    one process plus ``workers`` query processes). The address is bound
    before anything starts. ``root_path``: see :class:`RootPath`. Raises
    StoreError when there is no store, OSError when the address cannot be
    bound."""
    import uvicorn

    p = check_store(store)
    if sock is None:
        sock = listen(host, port)
    app = create_app(p, query_timeout=query_timeout, workers=workers, root_path=root_path)
    config = uvicorn.Config(app, log_level=log_level, access_log=False, proxy_headers=True, server_header=False)
    uvicorn.Server(config).run(sockets=[sock])
