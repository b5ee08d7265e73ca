"""What ``kgbuild serve`` checks in a SPARQL query before it runs it: the
query form (SELECT, ASK, CONSTRUCT, DESCRIBE), to pick the answer's format,
and federated queries (``SERVICE``), which are refused.

Oxigraph evaluates ``SERVICE <url> { … }`` by sending the query to ``url``
(an HTTP client built into pyoxigraph that no option turns off), so a server
that ran it would fetch any address its machine can reach for whoever can
reach the server, and pass the answer (or the error holding it) on. The
server is meant to read its own store and nothing else, so a query holding
the keyword ``SERVICE`` anywhere is refused before it runs.

The keyword is found by a small lexer of SPARQL's grammar, not by a text
search: comments, string literals (short and long, with escapes) and IRIs
are blanked out first, then every bare word is looked at in its context. A
word is not a keyword when it is part of a variable (``?service``), a
prefixed name or blank node (``ex:service``, ``service:x``, ``_:service``)
or a language tag (``"x"@service``). The keyword may be written in any case
and with comments around it. Where the reading is unsure (``ex:a.service``,
``x-service``), the word counts as the keyword: a query is refused rather
than sent out. ``\\uXXXX`` escapes, which SPARQL allows anywhere and
Oxigraph reads only in strings, are read both ways: the query is refused
when either reading holds the keyword.
"""

from __future__ import annotations

import re

__all__ = ["RefusedQuery", "UpdateRefused", "check_query", "query_form", "keywords", "MAX_DEPTH"]

#: Query forms, as :func:`query_form` names them.
FORMS = ("select", "ask", "construct", "describe")

_BLANK = re.compile(r"""
    \#[^\r\n]*                                   # a comment
  | '''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)          # long strings (an unclosed one runs to the end)
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
  | '(?:[^'\\\r\n]|\\.)*'                        # short strings
  | "(?:[^"\\\r\n]|\\.)*"
  | <[^<>"{}|^`\\\x00-\x20]*>                    # an IRI (a comparison such as ?a < 3 holds spaces)
""", re.VERBOSE | re.DOTALL)
_WORD = re.compile(r"[^\W\d]\w*")
#: a run of the characters of names: words, prefixed names, blank node labels, language tags
_NAME_RUN = re.compile(r"[\w.\-:\u00B7]+")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class RefusedQuery(ValueError):
    """A query the server does not run (a federated query, groups nested
    deeper than :data:`MAX_DEPTH`)."""


class UpdateRefused(RefusedQuery):
    """A SPARQL Update sent as a query (``query=INSERT DATA …``): the
    endpoint is read-only (HTTP 403)."""


#: Groups (``{``, ``(``, ``[``) nested deeper than this are refused before
#: the store parses the query: pyoxigraph's parser recurses once per level
#: and crashed its process at about 4,000 levels (a fresh-user test); real
#: queries nest a few levels.
MAX_DEPTH = 64

#: The first word of a SPARQL 1.1 Update operation (SPARQL 1.1 Update, 3).
UPDATE_WORDS = frozenset({"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"})


def nesting_depth(query: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` in ``query`` outside
    comments, strings and IRIs (closing brackets are not matched by kind:
    the parser reports mismatches)."""
    depth = deepest = 0
    for c in _blank(query):
        if c in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif c in "})]":
            depth = max(0, depth - 1)
    return deepest


def _unescape(query: str) -> str:
    def repl(m: re.Match) -> str:
        cp = int(m.group(1) or m.group(2), 16)
        return chr(cp) if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(repl, query)


def _blank(query: str) -> str:
    """``query`` with comments, strings and IRIs replaced by spaces (same length)."""
    return _BLANK.sub(lambda m: " " * len(m.group(0)), query)


def keywords(query: str) -> list[str]:
    """The bare words of ``query`` that can be SPARQL keywords, case-folded,
    in order (see the module docstring for what is left out)."""
    text = _blank(query)
    out = []
    for run in _NAME_RUN.finditer(text):
        before = text[run.start() - 1] if run.start() else ""
        name = run.group(0)
        # what stands before each word in the run, kept up to date gap by gap (linear in the run)
        seen = 0
        colon = dot_after_colon = False
        tag = before == "@"  # still inside a language tag: letters, digits and hyphens only
        for m in _WORD.finditer(name):
            gap = name[seen:m.start()]
            if ":" in gap:
                colon, dot_after_colon = True, "." in gap.rsplit(":", 1)[1]
            elif "." in gap:
                dot_after_colon = True
            tag = tag and all(c.isascii() and (c.isalnum() or c == "-") for c in gap)
            seen = m.end()
            if name[m.end():m.end() + 1] == ":":  # a prefix: service:x
                pass
            elif before in ("?", "$") and m.start() == 0:  # a variable
                pass
            elif tag:  # a language tag and its subtags: "x"@en-service
                pass
            elif colon and not dot_after_colon:  # a prefixed name or blank node: ex:service
                pass
            else:
                out.append(m.group(0).casefold())
            tag = tag and m.group(0).isascii() and m.group(0).isalnum()
    return out


def _forms_and_service(query: str) -> tuple[str | None, bool]:
    words = keywords(query)
    form = next((w for w in words if w in FORMS), None)
    return form, "service" in words


def check_query(query: str) -> str | None:
    """Check ``query`` before it runs: its form (``select``, ``ask``,
    ``construct``, ``describe``, or None when none is found: the store's
    parser will say what is wrong). Raises :class:`UpdateRefused` when the
    first keyword after the prologue (PREFIX, BASE) starts an update, and
    :class:`RefusedQuery` for a federated query (``SERVICE``), read with and
    without ``\\u`` escapes, or groups nested deeper than
    :data:`MAX_DEPTH`."""
    words = keywords(query)
    first = next((w for w in words if w not in ("prefix", "base")), None)
    if first in UPDATE_WORDS:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not served")
    depth = nesting_depth(query)
    if depth > MAX_DEPTH:
        raise RefusedQuery(f"the query nests groups {depth} deep; at most {MAX_DEPTH} levels are served")
    form, service = _forms_and_service(query)
    if not service and _ESCAPE.search(query):
        service = _forms_and_service(_unescape(query))[1]
    if service:
        raise RefusedQuery("federated queries (SERVICE) are not served: this endpoint answers from its own "
                           "store only and sends no request elsewhere")
    return form


def query_form(query: str) -> str | None:
    """The form of ``query`` (:func:`check_query`'s answer) without the check."""
    return _forms_and_service(query)[0]
