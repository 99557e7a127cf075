"""One place that says which HTTP status each failure gets, and with what message.

No failure a request can cause is a 500: a bad query is a 4xx with the parser's
message; a query past its time limit, a busy server or a restarting worker is a
503 that says when to try again (``Retry-After``); the server goes on serving.
Answers are plain UTF-8 text, except for a browser asking for a page outside the
data routes, which gets an HTML page (``app._handle``).

>>> from diplograph.sparql.stores import QueryTimeout
>>> describe(QueryTimeout(30))[:2], retry_after(QueryTimeout(30))
((503, 'Query time limit reached'), 5)
>>> retry_after(ProtocolError(400, "no query")) is None
True
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.responses import PlainTextResponse

from diplograph.queries import ParameterError, UnknownQuery
from diplograph.sparql.binding import BindingError
from diplograph.sparql.stores import QuerySyntaxError, QueryTimeout, StoreError

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

#: What a client may do about each 503: try again after this many seconds. A busy pool frees up, and a worker
#: stopped by the time limit (or lost) is replaced, within seconds; a timed-out query will time out again, which
#: its message says, but the server is ready for the next one.
RETRY_AFTER = {PoolBusy: 5, WorkerLost: 5, QueryTimeout: 5}
#: For a 503 of any other kind: every 503 says when to try again (RFC 9110, section 10.2.3).
DEFAULT_RETRY_AFTER = 5


def describe(error: BaseException) -> tuple[int, str, str]:
    """(status, title, message) for an error a request caused."""
    for kind, status, title in STATUSES:
        if isinstance(error, kind):
            if isinstance(error, ProtocolError):
                return error.status, HTTPStatus(error.status).phrase, error.message
            return status, title, str(error)
    raise error


def retry_after(error: BaseException) -> int | None:
    """Seconds after which to try again: a value for every error answered 503, None for the others."""
    seconds = next((seconds for kind, seconds in RETRY_AFTER.items() if isinstance(error, kind)), None)
    if seconds is None and _status(error) == 503:
        return DEFAULT_RETRY_AFTER
    return seconds


def _status(error: BaseException) -> int | None:
    if isinstance(error, ProtocolError):
        return error.status
    return next((status for kind, status, _ in STATUSES if isinstance(error, kind)), None)


HANDLED = tuple(kind for kind, _, _ in STATUSES)


def plain_text(message: str, status: int, headers: dict[str, str] | None = None) -> PlainTextResponse:
    """A short answer in plain UTF-8 text: what went wrong, for clients that did not ask for a page."""
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def not_acceptable(kind: str, also: str = "") -> PlainTextResponse:
    """406, naming what is on offer for this kind of answer (``also``: other types offered first)."""
    return plain_text(f"No acceptable format; this server offers {also + ', ' if also else ''}{acceptable(kind)}.", 406)


def url_too_long(limit: int, size: int | None = None) -> str:
    """The message of a 414: the URL's size when known, the most the server reads, and what to do instead.

    >>> url_too_long(81_920, 200_000)  # doctest: +NORMALIZE_WHITESPACE
    'URI Too Long: the URL has 200,000 bytes; this server reads at most 81,920.
     Send a long query by POST (application/sparql-query, or a form).'
    """
    has = f"the URL has {size:,} bytes; this server reads at most {limit:,}" if size is not None else \
        f"the URL has more than {limit:,} bytes, the most this server reads"
    return f"URI Too Long: {has}. Send a long query by POST (application/sparql-query, or a form)."
