"""Who is asking: the client a request came from, for the pool's per-client limit.

A middleware notes each request's client (its address, as the server sees it:
behind a proxy, start uvicorn with its proxy-headers options so that it is the
original client's) in a context variable; every query the request runs, a page's
own queries included, is counted against that client. Queries the server runs for
itself (at start) have no client and no such limit.

>>> current_client.get() is None
True
"""

from __future__ import annotations

from contextvars import ContextVar

current_client: ContextVar[str | None] = ContextVar("current_client", default=None)


class ClientIdentity:
    """ASGI middleware: ``current_client`` holds the request's client address while the request runs."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        address = scope.get("client")
        token = current_client.set(address[0] if address else "unknown")
        try:
            await self.app(scope, receive, send)
        finally:
            current_client.reset(token)
