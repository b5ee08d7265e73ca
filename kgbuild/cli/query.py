"""`kgbuild query`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgbuild.cli._common import fail


def query(
    graph: Annotated[Path, typer.Argument(help="A store folder (DIR/store, or DIR) or a graph file (.ttl, .trig, .nq, .nt, .jsonld).")],
    sparql: Annotated[Optional[str], typer.Argument(help="A SPARQL SELECT query (or use --name).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", "-n", help="A saved query: actor, members, events, places, duplicates.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    param: Annotated[Optional[list[str]], typer.Option(
        "--param", "-p", help="NAME=VALUE: bind the query variable ?NAME to VALUE (a literal; @ar/@en "
                              "after the value gives its language); for a saved query's name parameter "
                              "(actor: name; events, places: place) a name in any spelling. Repeatable.")] = None,
) -> None:
    """Run a saved or ad hoc SPARQL query over a store or a graph file.

    On a store, the query runs on Oxigraph over the merged graph of all
    articles (GRAPH ?g reaches each article's named graph). A saved query's
    name parameters (``actor``'s ``name``, ``events``' and ``places``'
    ``place``) take a name in any spelling: it is looked up by its search key
    (hamza, ta marbuta, alef maqsura, diacritics, clitics and case do not
    matter)."""
    import re

    from rdflib import Literal

    from kgbuild.query import fill_key_params, format_result, load_graph, query_params, run_query, saved_query

    if (sparql is None) == (name is None):
        fail("give either a SPARQL query or --name NAME")
    if format not in ("table", "csv", "json"):
        fail(f"unknown format {format!r}: use table, csv or json")
    raw: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip().isidentifier():
            fail(f"bad --param {item!r}: use NAME=VALUE")
        raw[key.strip()] = value
    try:
        text = saved_query(name) if name else sparql
    except KeyError as e:
        fail(str(e).strip("'\""))
    declared = query_params(text) if name else {}
    # a parameter binds a variable of the query (or fills a saved query's name slot): any other is a typo
    unknown = [p for p in raw if p not in declared and not re.search(rf"[?$]{p}\b", text)]
    if unknown:
        have = f"it takes {', '.join('--param ' + p + '=…' for p in declared)}" if declared \
            else "the query has no such variable"
        fail(f"unknown --param {unknown[0]!r} for {'the saved query ' + repr(name) if name else 'this query'}: {have}")
    missing = [p for p, d in declared.items() if d["required"] and p not in raw]
    if missing:
        fail(f"the saved query {name!r} needs --param {missing[0]}=VALUE")
    try:
        text, rest = fill_key_params(text, raw)
        g = load_graph(graph)
    except (FileNotFoundError, ValueError) as e:
        fail(str(e).strip("'\""))
    kg = getattr(g, "kg", None)
    bindings = {}
    for key, value in rest.items():
        lang = None
        if len(value) > 3 and value[-3] == "@" and value[-2:].isalpha():
            value, lang = value[:-3], value[-2:]
        bindings[key] = Literal(value, lang=lang)  # a bound value, never pasted into the query
    try:
        res = run_query(g, text, bindings)
        out = format_result(res, format)
    except Exception as e:  # pyparsing / rdflib / Oxigraph query errors
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        if len(first) > 160:  # Oxigraph lists every token its grammar expected
            first = first[:160].rsplit(",", 1)[0] + " …"
        fail(f"bad SPARQL query: {first}")
    finally:
        if kg is not None:
            kg.close()
    sys.stdout.write(out)


def register(app: typer.Typer) -> None:
    """Add this command to ``app``."""
    app.command()(query)
