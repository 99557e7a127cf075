"""A small lexer for SPARQL text: just enough to find keywords, braces, IRIs and variables.

It finds where a VALUES block goes (``binding``), and decides nothing about what a
query may do: those checks read a real parse (``diplograph.sparql.syntax``).

It skips comments and string literals and tells IRIs from the less-than operator,
so that "WHERE {" inside a string or a comment is never taken for the real thing.

>>> [(t.kind, t.text, t.depth)
...  for t in tokens('SELECT ?x WHERE { ?x <p:a> "WHERE {" }  # WHERE')]  # doctest: +NORMALIZE_WHITESPACE
[('word', 'SELECT', 0), ('variable', '?x', 0), ('word', 'WHERE', 0), ('brace', '{', 0),
 ('variable', '?x', 1), ('iri', '<p:a>', 1), ('close', '}', 0)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_]+")


@dataclass(frozen=True)
class Token:
    """A keyword or name ("word"), a variable, an IRI, or a brace; depth counts the enclosing braces
    (a brace pair has the depth of what encloses it)."""

    kind: str  # "word", "variable", "iri", "brace" or "close"
    text: str
    start: int
    end: int
    depth: int


def tokens(query: str) -> Iterator[Token]:
    """The tokens of a query that matter for finding its structure, in order."""
    depth = 0
    i, length = 0, len(query)
    while i < length:
        char = query[i]
        if char == "#":
            newline = query.find("\n", i)
            i = length if newline < 0 else newline + 1
        elif char in "\"'":
            i = skip_string(query, i)
        elif char == "<" and (match := IRIREF.match(query, i)):
            yield Token("iri", match.group(), i, match.end(), depth)
            i = match.end()
        elif char in "?$" and (match := _VARIABLE.match(query, i)):
            yield Token("variable", match.group(), i, match.end(), depth)
            i = match.end()
        elif char == "{":
            yield Token("brace", "{", i, i + 1, depth)
            depth += 1
            i += 1
        elif char == "}":
            depth = max(0, depth - 1)
            yield Token("close", "}", i, i + 1, depth)
            i += 1
        elif (match := _WORD.match(query, i)) and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_:")):
            yield Token("word", match.group(), i, match.end(), depth)
            i = match.end()
        else:
            i += 1


def skip_string(query: str, start: int) -> int:
    """The offset just past the string literal that starts at ``start`` (short or long form)."""
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
