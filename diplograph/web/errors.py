"""One place that says which HTTP status each failure gets, and with what message.

No failure a request can cause is a 500: a bad query is a 4xx with the parser's
message; a query past its limit, a busy or restarting server, an unreachable
remote store are 503s; the server goes on serving.
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.responses import PlainTextResponse

from diplograph.graph.binding import BindingError
from diplograph.graph.stores import QuerySyntaxError, QueryTimeout, StoreError
from diplograph.queries import ParameterError, UnknownQuery

from .negotiation import acceptable
from .pool import PoolBusy, WorkerLost
from .protocol import ProtocolError
from .service import QueryRefused, QueryTooLarge

#: (exception class, status, title), most specific first.
STATUSES: list[tuple[type[BaseException], int, str]] = [
    (ProtocolError, 400, "Bad request"),
    (QuerySyntaxError, 400, "Query syntax error"),
    (ParameterError, 400, "Bad parameter"),
    (BindingError, 400, "Bad parameter"),
    (UnknownQuery, 404, "No such query"),
    (QueryRefused, 403, "Query refused"),
    (QueryTooLarge, 413, "Query too large"),
    (QueryTimeout, 503, "Query time limit reached"),
    (PoolBusy, 503, "Server busy"),
    (WorkerLost, 503, "Query worker restarted"),
    (StoreError, 400, "Query failed"),
]

#: What a client may do about each 503: try again after this many seconds.
RETRY_AFTER = {PoolBusy: 5, WorkerLost: 5}


def describe(error: BaseException) -> tuple[int, str, str]:
    """(status, title, message) for an error a request caused."""
    for kind, status, title in STATUSES:
        if isinstance(error, kind):
            if isinstance(error, ProtocolError):
                return error.status, HTTPStatus(error.status).phrase, error.message
            return status, title, str(error)
    raise error


def retry_after(error: BaseException) -> int | None:
    return next((seconds for kind, seconds in RETRY_AFTER.items() if isinstance(error, kind)), None)


HANDLED = tuple(kind for kind, _, _ in STATUSES)


def plain_text(message: str, status: int, headers: dict[str, str] | None = None) -> PlainTextResponse:
    """A short answer in plain UTF-8 text: what went wrong, for clients that did not ask for a page."""
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def not_acceptable(kind: str, also: str = "") -> PlainTextResponse:
    """406, naming what is on offer for this kind of answer (``also``: other types offered first)."""
    return plain_text(f"No acceptable format; this server offers {also + ', ' if also else ''}{acceptable(kind)}.", 406)
