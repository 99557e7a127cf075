"""The errors every store raises, whatever its engine."""

from __future__ import annotations

import re

_LOCATION = re.compile(r"(?:error at|at line)\s*(\d+)[:,]\s*(?:column\s*)?(\d+)", re.IGNORECASE)


class StoreError(RuntimeError):
    """The store failed to do what was asked (connection refused, bad data, server error)."""


class QueryTimeout(StoreError):
    """The query ran past its time limit and was stopped."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the query ran for more than {seconds:g} s and was stopped "
                         "(raise the limit with --timeout, or simplify the query)")


class QuerySyntaxError(ValueError):
    """The query is not valid SPARQL; ``line`` and ``column`` point at the problem when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message = message.strip()
        self.line = line
        self.column = column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(f"SPARQL syntax error at {where}{self.message}" if where
                         else f"SPARQL syntax error: {self.message}")

    @classmethod
    def from_message(cls, message: str, text: str | None = None) -> QuerySyntaxError:
        """Read 'error at 3:2: expected ...' (Oxigraph) style messages; ``text``, the query, names an undeclared
        prefix where the engine's message lists every character a name may hold instead.

        >>> print(QuerySyntaxError.from_message("error at 1:22: expected one of Prefix not found, ['%'], ['.']",
        ...                                     "SELECT * { ?s foo:bar ?o }"))  # doctest: +ELLIPSIS
        SPARQL syntax error at line 1, column 22: unknown prefix foo: declare it (PREFIX foo: <...>); known ...
        """
        match = _LOCATION.search(message)
        if match:
            rest = message[match.end():].lstrip(": ")
            line, column = int(match.group(1)), int(match.group(2))
            if "Prefix not found" in rest and text is not None:
                rest = _unknown_prefix(text, line, column) or rest
            return cls(rest or message, line, column)
        return cls(message)


def _unknown_prefix(text: str, line: int, column: int) -> str | None:
    """A short message for the prefixed name that ends before ``line``:``column``: its prefix, and the known ones."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    found = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", lines[line - 1][:max(column - 1, 0)].rstrip())
    if found is None:
        return None
    return unknown_prefix(found.group(1) or "", text)


def unknown_prefix(prefix: str, text: str) -> str:
    """What to say of a prefix the query uses and does not declare: how to declare it, and the known prefixes."""
    from diplograph.ontology.namespaces import PREFIXES

    declared = re.findall(r"PREFIX\s+([A-Za-z][\w.-]*)?:", text, re.IGNORECASE)
    usual = f"PREFIX {prefix}: <{PREFIXES[prefix]}>" if prefix in PREFIXES else f"PREFIX {prefix}: <...>"
    return (f"unknown prefix {prefix}: declare it ({usual}); known prefixes: "
            f"{', '.join(sorted(set(declared) | set(PREFIXES)))}")
