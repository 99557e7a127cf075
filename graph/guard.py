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
from collections.abc import Sequence

from .sparqltext import tokens


class ServiceNotAllowed(PermissionError):
    """The query names a SERVICE endpoint that is not on the allow-list."""


def allowed_services() -> list[str]:
    """The allow-list from ``$DIPLOGRAPH_SERVICE_ALLOW`` (endpoint IRIs separated by spaces); empty by default."""
    return os.environ.get("DIPLOGRAPH_SERVICE_ALLOW", "").split()


def service_endpoints(query: str) -> list[str | None]:
    """Every SERVICE endpoint the query names, in order; None for a variable or prefixed-name endpoint."""
    found: list[str | None] = []
    expect_endpoint = False
    for token in tokens(query):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            expect_endpoint = True
        elif expect_endpoint and not (token.kind == "word" and token.text.upper() == "SILENT"):
            found.append(token.text[1:-1] if token.kind == "iri" else None)
            expect_endpoint = False
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

