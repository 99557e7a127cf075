"""How ``diplograph serve`` reads HTTP requests: uvicorn with h11, a bound on the request head that leaves room for
the longest URL the app serves, and an HTTP answer to a request past that bound.

The app answers 414 to a URL longer than ``ServerSettings.max_url_bytes``; the HTTP parser reads a request head
(request line and headers) of up to ``head_limit`` bytes, a little more, so that the app sees such a URL and says
so. A head longer still is not read at all. uvicorn would then write a 400 and close the connection at once, while
the client is still sending: the client's system resets the connection and the client never reads the answer.
Here the answer is 414 (the request line did not end within the bound) or 431 (the headers did not), and the
connection is closed gently: the server stops writing, reads and drops what the client still sends, then closes.

>>> from diplograph.web.settings import ServerSettings
>>> head_limit(ServerSettings(max_query_bytes=65_536))
114688
>>> rejection(b"GET /sparql?query=" + b"x" * 200, limit=100)[:2]
(414, 'URI Too Long')
>>> rejection(b"GET / HTTP/1.1\\r\\nCookie: " + b"x" * 200, limit=100)[:2]
(431, 'Request Header Fields Too Large')
>>> rejection(b"\\x16\\x03\\x01 not http\\r\\n\\r\\n", limit=100)[:2]
(400, 'Bad Request')
"""

from __future__ import annotations

from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import url_too_long
from .settings import ServerSettings

#: Room in a request head, beside the URL, for the headers.
HEAD_ROOM = 32 * 1024
#: After refusing a request, how long the server goes on reading (and dropping) what the client sends, and how much.
LINGER_SECONDS = 5.0
LINGER_BYTES = 64 * 1024 * 1024


def head_limit(settings: ServerSettings) -> int:
    """The most bytes of a request head (request line and headers) the server reads."""
    return settings.max_url_bytes + HEAD_ROOM


def uvicorn_options(settings: ServerSettings) -> dict[str, Any]:
    """The options ``uvicorn.run`` needs to read requests as described above."""
    limits = {"url_limit": settings.max_url_bytes, "head_limit": head_limit(settings)}
    return {"http": type("BoundedH11Protocol", (BoundedH11Protocol,), limits),
            "h11_max_incomplete_event_size": head_limit(settings)}


def rejection(head: bytes, limit: int, url_limit: int | None = None) -> tuple[int, str, str]:
    """(status, reason, message) for a request head the parser refused, from the bytes it had read.

    The reasons are RFC 9110's (Python 3.11's ``HTTPStatus`` still says Request-URI Too Long).

    Past ``limit`` bytes, a head whose request line has not ended has a URL too long (414); one whose request line
    has ended has headers too long (431); anything else is malformed (400).
    """
    if len(head) > limit:
        if b"\n" not in head:
            return 414, "URI Too Long", url_too_long(url_limit or limit)
        return (431, "Request Header Fields Too Large",
                f"The request head is over {limit:,} bytes, the most this server reads.")
    return 400, "Bad Request", "Invalid HTTP request received."


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering a request head it cannot read with 414, 431 or 400, and closing gently."""

    #: The longest URL the app serves, named in a 414's message, and the parser's bound (``uvicorn_options`` sets
    #: both; the bound is h11's default here).
    url_limit: int | None = None
    head_limit: int = 16 * 1024
    _dropped: int | None = None  # bytes read and dropped since the answer was sent; None until then

    def data_received(self, data: bytes) -> None:
        if self._dropped is None:
            super().data_received(data)
            return
        self._dropped += len(data)
        if self._dropped > LINGER_BYTES:
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """Called by uvicorn when h11 refuses what the client sent."""
        buffered, _ = self.conn.trailing_data
        status, reason, message = rejection(buffered, self.head_limit, self.url_limit)
        body = (message.rstrip("\n") + "\n").encode()
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                   (b"x-content-type-options", b"nosniff"), (b"connection", b"close")]
        try:
            for event in (h11.Response(status_code=status, reason=reason.encode(), headers=headers),
                          h11.Data(data=body), h11.EndOfMessage()):
                self.transport.write(self.conn.send(event))
        except h11.LocalProtocolError:  # a response had already begun: there is no way to answer
            self.transport.close()
            return
        self._linger()

    def _linger(self) -> None:
        """Stop writing, and go on reading until the client closes (or for a while): closing with unread data
        would reset the connection and lose the answer on the client's side."""
        self._dropped = 0
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)
