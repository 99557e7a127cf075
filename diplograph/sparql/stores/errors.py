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
    def from_message(cls, message: str) -> QuerySyntaxError:
        """Read 'error at 3:2: expected ...' (Oxigraph) style messages."""
        match = _LOCATION.search(message)
        if match:
            rest = message[match.end():].lstrip(": ")
            return cls(rest or message, int(match.group(1)), int(match.group(2)))
        return cls(message)
