"""What a query may reach beyond the store: SERVICE only to an allow-list.

Federation is opt-in: with an empty allow-list (the default) a query that names a
SERVICE is refused before any store sees it, so no request leaves the machine. The
decision is taken on the query's parse (``syntax.analyse``): a text the
parser cannot read is refused, never passed through.

This is the first of two barriers. The second does not read queries at all: the
processes that run them have no network unless the allow-list names an endpoint
(``stores.sandbox``).

>>> check_services('SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }',
...                allowed=["https://query.wikidata.org/sparql"]).services
('https://query.wikidata.org/sparql',)
>>> check_services("SELECT * WHERE { SERVICE SILENT ?where { ?s ?p ?o } }",
...                allowed=["https://query.wikidata.org/sparql"])  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
diplograph.sparql.guard.ServiceNotAllowed: SERVICE with a variable endpoint is not allowed:
    name the endpoint by its full IRI
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from .syntax import Operation, analyse


class ServiceNotAllowed(PermissionError):
    """The query names a SERVICE endpoint that is not on the allow-list."""


def allowed_services() -> list[str]:
    """The allow-list from ``$DIPLOGRAPH_SERVICE_ALLOW`` (endpoint IRIs separated by spaces); empty by default."""
    return os.environ.get("DIPLOGRAPH_SERVICE_ALLOW", "").split()


def check_services(query: str, allowed: Sequence[str] | None = None) -> Operation:
    """The query's parse, once every SERVICE endpoint it names is on the allow-list; else ServiceNotAllowed.

    Raises QuerySyntaxError for a text that does not parse. Run the returned ``Operation.text``: it is the text
    that was checked.
    """
    allowed = allowed_services() if allowed is None else allowed
    operation = analyse(query)
    for endpoint in operation.services:
        if endpoint is None:
            raise ServiceNotAllowed("SERVICE with a variable endpoint is not allowed: "
                                    "name the endpoint by its full IRI")
        if endpoint not in allowed:
            hint = ("federation is off (set DIPLOGRAPH_SERVICE_ALLOW)" if not allowed
                    else f"allowed: {', '.join(allowed)}")
            raise ServiceNotAllowed(f"SERVICE <{endpoint}> is not on the allow-list; {hint}")
    return operation
