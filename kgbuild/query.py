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
import re
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


#: A saved query's placeholder for the search keys of a name parameter:
#: ``VALUES ?NAME_key { UNDEF }`` (SPARQL: no restriction until filled).
_KEY_SLOT = re.compile(r"VALUES\s+\?(\w+)_key\s*\{\s*UNDEF\s*\}")
#: A saved query's description of a parameter: ``# --param NAME=… (required): …``.
_PARAM_DOC = re.compile(r"^#\s*--param\s+(\w+)=\S*(\s*\(required\))?", re.M)


def search_keys(name: str) -> list[str]:
    """The search keys a name typed in any spelling is looked up by (the
    ``actor`` query's name parameter, ``kgbuild serve``'s search): its
    :func:`kgbuild.text.name_key` after NFKC (the form of every entity
    label's ``kgb:searchKey``: diacritics, tatweel, hamza forms, ta
    marbuta, alef maqsura and case folded, the article and و/ف/ب/ك/ل +
    article cut from each word, عبد compounds joined; Arabic presentation
    forms such as ﺍﻟﺴﻴﺴﻲ and full-width letters are the plain letters),
    and, when the first word was typed with a one-letter proclitic (و ف ب
    ل ك) and keeps three letters without it, the key without that letter
    (``"وبغداد"`` → ``["وبغداد", "بغداد"]``; ``"والبحرة"`` → ``["بحره"]``:
    name_key already cut it). Input: any string; output: one or two keys,
    ``[]`` for a name without letters or digits. Each key holds only word
    characters and single spaces."""
    import unicodedata

    from kgbuild.text import PROCLITICS, name_key, normalize

    name = unicodedata.normalize("NFKC", name)
    k = name_key(name)
    if not k:
        return []
    out = [k]
    first, _, rest = k.partition(" ")
    typed = normalize(name).split()
    # a proclitic name_key left on (it cuts one only before the article): typed on the first
    # word, not a letter the cut article laid bare ("والبحرة" → "بحره" keeps its ب)
    if typed and first[:1] in PROCLITICS and len(first) >= 4 and typed[0][:1] == first[:1] \
            and not typed[0][1:].startswith("ال"):
        bare = name_key(" ".join(x for x in (first[1:], rest) if x))
        if bare and bare not in out:
            out.append(bare)
    return out


def query_params(text: str) -> dict[str, dict[str, bool]]:
    """The parameters a saved query documents (``# --param NAME=…`` lines):
    ``{name: {"required": bool, "key": bool}}``; ``key`` when the query has
    a ``VALUES ?NAME_key { UNDEF }`` slot, which :func:`fill_key_params`
    fills with the value's search keys."""
    keys = set(_KEY_SLOT.findall(text))
    return {m.group(1): {"required": bool(m.group(2)), "key": m.group(1) in keys}
            for m in _PARAM_DOC.finditer(text)}


def fill_key_params(text: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Put the search keys (:func:`search_keys`) of the name parameters in
    ``params`` into the query's ``VALUES ?NAME_key { UNDEF }`` slots (every
    slot of that name). Returns the query text and the parameters that are
    no name parameter (to bind as values, :func:`run_query`). The keys are
    written as SPARQL string literals; they hold only word characters and
    spaces (:func:`kgbuild.text.name_key`), so no typed text reaches the
    query. Raises ValueError for a name without letters."""
    rest = dict(params)
    for name in sorted(set(_KEY_SLOT.findall(text))):
        if name not in rest:
            continue
        value = rest.pop(name)
        keys = search_keys(re.sub(r"@[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$", "", value))  # a language tag says nothing here
        if not keys:
            raise ValueError(f"--param {name}={value!r}: no letters to look up")
        lits = " ".join('"' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys)
        text = re.sub(r"VALUES\s+\?" + name + r"_key\s*\{\s*UNDEF\s*\}",
                      lambda _m, lits=lits: f"VALUES ?{name}_key {{ {lits} }}", text)
    return text, rest


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
