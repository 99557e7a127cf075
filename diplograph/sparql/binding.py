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

from .lexer import tokens

Term = ox.NamedNode | ox.Literal | ox.BlankNode

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
    top = [token for token in tokens(query) if token.depth == 0]
    for index, token in enumerate(top):
        if token.kind == "word" and token.text.upper() == "WHERE":
            following = [later.end for later in top[index + 1:] if later.kind == "brace"]
            if following:
                return following[0]
            break
    # WHERE is optional: the group is the first top-level one, or the second after a CONSTRUCT template.
    braces = [token.end for token in top if token.kind == "brace"]
    wanted = 1 if any(t.kind == "word" and t.text.upper() == "CONSTRUCT" for t in top) else 0
    if len(braces) > wanted:
        return braces[wanted]
    raise BindingError("the query has no WHERE group to bind parameters in")
