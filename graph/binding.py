"""Binding query parameters as data: a VALUES block in the query's outer WHERE group.

Values are RDF terms serialised in N-Triples form (every quote, backslash and
newline escaped), so no value can change what the query means: a hostile string
stays a string.

>>> from pyoxigraph import Literal
>>> print(bind_values('SELECT ?x WHERE { ?x ?p ?name }', {"name": Literal('"} ; DROP ALL ; #')}))
SELECT ?x WHERE { VALUES (?name) { ("\\"} ; DROP ALL ; #") }  ?x ?p ?name }

The block goes on the line of the brace, so the query's line numbers (in syntax
errors, say) stay those of the text as written.

The same binding works on every SPARQL 1.1 store, embedded or remote, so every
backend gives a query the same meaning. (pyoxigraph's own `substitutions` only
reach projected variables, and remote endpoints have no binding API at all.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal | ox.BlankNode

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_KEYWORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class BindingError(ValueError):
    """The query has no WHERE group to bind parameters in, or a parameter name is not a variable name."""


def bind_values(query: str, bindings: Mapping[str, Term]) -> str:
    """The query with a VALUES block binding each name to its term, at the top of its outer WHERE group."""
    if not bindings:
        return query
    return bind_rows(query, list(bindings), [[bindings[name] for name in bindings]])


def bind_rows(query: str, names: Sequence[str], rows: Sequence[Sequence[Term]]) -> str:
    """The query with a VALUES block of several rows: the query runs once for each row's bindings."""
    for name in names:
        if not _VARIABLE_NAME.match(name):
            raise BindingError(f"{name!r} is not a SPARQL variable name")
    block = "VALUES ({}) {{ {} }}".format(
        " ".join(f"?{name}" for name in names),
        " ".join("(" + " ".join(str(term) for term in row) + ")" for row in rows),
    )
    at = where_group_start(query)
    return f"{query[:at]} {block} {query[at:]}"


def where_group_start(query: str) -> int:
    """The offset just after the opening brace of the query's outer WHERE group."""
    tokens = list(_top_level_tokens(query))
    for index, (kind, text, _) in enumerate(tokens):
        if kind == "word" and text.upper() == "WHERE":
            following = [end for later_kind, _, end in tokens[index + 1:] if later_kind == "brace"]
            if following:
                return following[0]
            break
    # WHERE is optional: the group is the first top-level one, or the second after a CONSTRUCT template.
    forms = [text.upper() for kind, text, _ in tokens if kind == "word"]
    braces = [end for kind, _, end in tokens if kind == "brace"]
    wanted = 1 if "CONSTRUCT" in forms else 0
    if len(braces) > wanted:
        return braces[wanted]
    raise BindingError("the query has no WHERE group to bind parameters in")


def _top_level_tokens(query: str):
    """Yield ("word", text, end) and ("brace", "{", end) at brace depth 0, skipping strings, IRIs and comments."""
    depth = 0
    i = 0
    length = len(query)
    while i < length:
        char = query[i]
        if char == "#":
            newline = query.find("\n", i)
            i = length if newline < 0 else newline + 1
        elif char in "\"'":
            i = _skip_string(query, i)
        elif char == "<" and (match := _IRIREF.match(query, i)):
            i = match.end()
        elif char == "{":
            if depth == 0:
                yield ("brace", "{", i + 1)
            depth += 1
            i += 1
        elif char == "}":
            depth = max(0, depth - 1)
            i += 1
        elif depth == 0 and (match := _KEYWORD.match(query, i)) and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "?$:_")):
            yield ("word", match.group(), match.end())
            i = match.end()
        else:
            i += 1


def _skip_string(query: str, start: int) -> int:
    quote = query[start]
    long_quote = quote * 3
    if query.startswith(long_quote, start):
        end = start + 3
        while end < len(query) and not query.startswith(long_quote, end):
            end += 2 if query[end] == "\\" else 1
        return min(len(query), end + 3)
    end = start + 1
    while end < len(query) and query[end] not in (quote, "\n"):
        end += 2 if query[end] == "\\" else 1
    return end + 1
