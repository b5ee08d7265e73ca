"""Query stage: saved SPARQL queries by name and ad hoc SPARQL over a graph
file or a store, with table / CSV / JSON output.

Saved queries are ``kgbuild/queries/<name>.rq`` (package data); their first
comment line is their description. Graph files are read by their suffix:
``.ttl`` Turtle, ``.trig`` TriG, ``.nq`` N-Quads, ``.nt`` N-Triples,
``.jsonld``/``.json`` JSON-LD. TriG and N-Quads are parsed into a
``Dataset`` (parsing TriG into a plain ``Graph`` silently gives no triples:
../shared/design/DEPENDENCY-NOTES.md) and queried over the union of graphs.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result

_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt",
            ".jsonld": "json-ld", ".json": "json-ld"}


def saved_queries() -> dict[str, str]:
    """Return name → description of every saved query."""
    out = {}
    for f in sorted((resources.files("kgbuild") / "queries").iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            first = f.read_text(encoding="utf-8").splitlines()[0]
            out[f.name[:-3]] = first.lstrip("# ").strip()
    return out


def saved_query(name: str) -> str:
    """Return the text of the saved query ``name``.
    Raises KeyError listing the saved queries when there is none by that name."""
    f = resources.files("kgbuild") / "queries" / f"{name}.rq"
    if not f.is_file():
        raise KeyError(f"no saved query {name!r}; saved queries: {', '.join(saved_queries())}")
    return f.read_text(encoding="utf-8")


def load_graph(path: str | Path) -> Graph:
    """Load a graph file into a queryable graph (a ``Dataset`` with the
    default graph as the union of all graphs for TriG / N-Quads), or open a
    store folder (``DIR/store``, or a build folder ``DIR`` holding one)
    read-only as a ``Dataset`` backed by the store: SPARQL runs on
    Oxigraph's compiled engine over the merged graph of all articles, named
    graphs are the articles (:func:`kgbuild.store.open_dataset`).

    Raises FileNotFoundError naming the path; ValueError naming the path and
    the parser's message for an unknown suffix or a syntax error, or when a
    store cannot be opened."""
    p = Path(path)
    if p.is_dir():
        from kgbuild.store import StoreError, find_store, open_dataset

        if find_store(p) is None:
            raise FileNotFoundError(f"{p}: a folder, but no kgbuild store in it")
        try:
            return open_dataset(p)
        except StoreError as e:
            raise ValueError(str(e)) from e
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such graph file")
    fmt = _FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise ValueError(f"{p}: unknown graph format (use {', '.join(sorted(_FORMATS))})")
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset(default_union=True)
            ds.parse(p, format=fmt)
            return ds
        g = Graph()
        g.parse(p, format=fmt)
        return g
    except Exception as e:  # rdflib raises many parser-specific errors
        first = str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__
        raise ValueError(f"{p}: cannot parse as {fmt}: {first}") from e


def run_query(graph: Graph, sparql: str, bindings: dict[str, object] | None = None) -> Result:
    """Run a SPARQL query; ``bindings`` are passed as bound values
    (``initBindings``), never pasted into the query text."""
    from kgbuild.rdf import PREFIXES

    init = {k: (v if isinstance(v, (URIRef, Literal)) else Literal(v)) for k, v in (bindings or {}).items()}
    # kgbuild's prefixes (schema:, org:, sem:, kgb: …) work without PREFIX lines, as on the store
    return graph.query(sparql, initBindings=init, initNs={k: str(v) for k, v in PREFIXES.items()})


def _cell(v) -> str:
    if v is None:
        return ""
    return str(v)


def result_rows(res: Result) -> tuple[list[str], list[list[str]]]:
    """Columns and rows of a SELECT result as strings ("" for unbound)."""
    cols = [str(v) for v in res.vars]
    rows = [[_cell(r[i]) for i in range(len(cols))] for r in res]
    return cols, rows


def format_result(res: Result, fmt: str = "table") -> str:
    """Format a SELECT result as ``table`` (aligned text), ``csv`` or
    ``json`` (a list of objects). Raises ValueError for another format."""
    cols, rows = result_rows(res)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(cols, r)) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown output format {fmt!r}: use table, csv or json")
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]
    widths = [min(w, 60) for w in widths]

    def line(cells):
        return "  ".join((c if len(c) <= 60 else c[:57] + "...").ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(cols), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"
