"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

The three ways to send a query are GET with ``query``, POST of a form
(``application/x-www-form-urlencoded``) and POST of the bare query
(``application/sparql-query``). Bodies must be UTF-8. Dataset parameters
(``default-graph-uri``, ``named-graph-uri``) and format parameters (``format``,
``output``, ``results``) may come in the URL, or in the form.

>>> read_request("GET", "query=ASK%7B%7D&named-graph-uri=https%3A%2F%2Fe.x%2Fg&format=json", None,
...              b"")  # doctest: +NORMALIZE_WHITESPACE
ProtocolRequest(operation='query', text='ASK{}',
                dataset=QueryDataset(default_graphs=(), named_graphs=('https://e.x/g',), union_default_graph=False),
                formats=('json',))

A GET without a query asks for the service description; a form without one is a mistake:

>>> read_request("GET", "", None, b"").operation
'description'
>>> read_request("POST", "", "application/x-www-form-urlencoded",
...              b"default-graph-uri=x")  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
diplograph.web.protocol.ProtocolError: (400,
    'a form POST to the SPARQL endpoint needs a query (or update) parameter; this one has neither')
>>> read_request("POST", "", "text/plain", b"ASK {}")  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
diplograph.web.protocol.ProtocolError: (415, "a POST takes application/x-www-form-urlencoded,
    application/sparql-query or application/sparql-update, not 'text/plain'")
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from diplograph.sparql.stores import QueryDataset

from .negotiation import format_values

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class ProtocolError(ValueError):
    """The request breaks the SPARQL 1.1 Protocol; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(status, message)


@dataclass(frozen=True)
class ProtocolRequest:
    """An operation (``query``, ``update``, or ``description`` when there is none) with its text, its dataset and
    the formats the request names (see ``negotiation.choose``)."""

    operation: str
    text: str
    dataset: QueryDataset | None
    formats: tuple[str, ...] = ()


def read_request(method: str, query_string: str, content_type: str | None, body: bytes) -> ProtocolRequest:
    """Read a protocol request; raise ProtocolError for anything the Protocol does not allow."""
    url_params = _pairs(query_string.encode("latin-1"), "the URL")
    if method in ("GET", "HEAD"):
        if "update" in _names(url_params):
            raise ProtocolError(400, "an update cannot be sent with GET (and this endpoint is read-only)")
        return _operation(url_params, url_params)
    if method != "POST":
        raise ProtocolError(405, f"the SPARQL endpoint takes GET and POST, not {method}")
    media, charset = _media_type(content_type)
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"the request body must be UTF-8, not {charset}")
    if media == FORM:
        form = _pairs(body, "the form")
        request = _operation(form, url_params + form)
        if request.operation == "description":
            raise ProtocolError(400, "a form POST to the SPARQL endpoint needs a query (or update) parameter; "
                                     "this one has neither")
        return request
    if media in (QUERY, UPDATE):
        text = _utf8(body, "the request body")
        operation = "query" if media == QUERY else "update"
        return ProtocolRequest(operation, text, _dataset(url_params, operation), tuple(format_values(url_params)))
    if not media:
        raise ProtocolError(415, f"a POST needs a Content-Type: {FORM}, {QUERY} or {UPDATE}")
    raise ProtocolError(415, f"a POST takes {FORM}, {QUERY} or {UPDATE}, not {media!r}")


def _operation(source: list[tuple[str, str]], all_params: list[tuple[str, str]]) -> ProtocolRequest:
    names = _names(source)
    queries, updates = names.count("query"), names.count("update")
    if queries and updates:
        raise ProtocolError(400, "a request carries either a query or an update, not both")
    if queries > 1 or updates > 1:
        raise ProtocolError(400, f"a request carries exactly one {'query' if queries else 'update'}, "
                                 f"not {max(queries, updates)}")
    formats = tuple(format_values(all_params))
    if not queries and not updates:
        return ProtocolRequest("description", "", None, formats)
    operation = "query" if queries else "update"
    text = next(value for name, value in source if name == operation)
    return ProtocolRequest(operation, text, _dataset(all_params, operation), formats)


def _dataset(params: list[tuple[str, str]], operation: str) -> QueryDataset | None:
    names = (("default-graph-uri", "named-graph-uri") if operation == "query"
             else ("using-graph-uri", "using-named-graph-uri"))
    defaults = tuple(value for name, value in params if name == names[0])
    named = tuple(value for name, value in params if name == names[1])
    return QueryDataset(defaults, named) if defaults or named else None


def _pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    text = _utf8(raw, where)
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"{where} is not valid UTF-8 once percent-decoded") from None


def _names(pairs: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in pairs]


def _utf8(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"{where} is not valid UTF-8 (byte {error.start})") from None


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """The media type and charset of a Content-Type header, lower-cased."""
    if not content_type:
        return "", None
    media, *params = [part.strip() for part in content_type.split(";")]
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset
