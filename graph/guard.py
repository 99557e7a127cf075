"""What a query may reach beyond the store: SERVICE only to an allow-list.

Federation is opt-in: with an empty allow-list (the default) a query that names a
SERVICE is refused before any store sees it, so no request leaves the machine.

>>> service_endpoints('SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }')
['https://query.wikidata.org/sparql']
>>> check_services("SELECT * WHERE { SERVICE SILENT ?where { ?s ?p ?o } }", allowed=["https://query.wikidata.org/sparql"])
Traceback (most recent call last):
...
diplograph.graph.guard.ServiceNotAllowed: SERVICE with a variable endpoint is not allowed: name the endpoint
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from .binding import _IRIREF, _skip_string

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_]+")


class ServiceNotAllowed(PermissionError):
    """The query names a SERVICE endpoint that is not on the allow-list."""


def allowed_services() -> list[str]:
    """The allow-list from ``$DIPLOGRAPH_SERVICE_ALLOW`` (endpoint IRIs separated by spaces); empty by default."""
    return os.environ.get("DIPLOGRAPH_SERVICE_ALLOW", "").split()


def service_endpoints(query: str) -> list[str | None]:
    """Every SERVICE endpoint the query names, in order; None for a variable endpoint."""
    found: list[str | None] = []
    i, length = 0, len(query)
    expect_endpoint = False
    while i < length:
        char = query[i]
        if char == "#":
            newline = query.find("\n", i)
            i = length if newline < 0 else newline + 1
        elif char in "\"'":
            i = _skip_string(query, i)
        elif char == "<" and (match := _IRIREF.match(query, i)):
            if expect_endpoint:
                found.append(match.group()[1:-1])
                expect_endpoint = False
            i = match.end()
        elif char in "?$" and (match := _VARIABLE.match(query, i)):
            if expect_endpoint:
                found.append(None)
                expect_endpoint = False
            i = match.end()
        elif (match := _WORD.match(query, i)) and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_:")):
            word = match.group().upper()
            if word == "SERVICE":
                expect_endpoint = True
            elif expect_endpoint and word != "SILENT":
                found.append(None)  # a prefixed name: treat as unknown, and refuse below
                expect_endpoint = False
            i = match.end()
        else:
            i += 1
    return found


def check_services(query: str, allowed: Sequence[str] | None = None) -> None:
    """Raise ServiceNotAllowed unless every SERVICE endpoint of the query is on the allow-list."""
    allowed = allowed_services() if allowed is None else allowed
    for endpoint in service_endpoints(query):
        if endpoint is None:
            raise ServiceNotAllowed("SERVICE with a variable endpoint is not allowed: name the endpoint")
        if endpoint not in allowed:
            hint = "federation is off (set DIPLOGRAPH_SERVICE_ALLOW)" if not allowed else f"allowed: {', '.join(allowed)}"
            raise ServiceNotAllowed(f"SERVICE <{endpoint}> is not on the allow-list; {hint}")

