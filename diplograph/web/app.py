"""The web app: a SPARQL 1.1 endpoint, a query editor, a query gallery, and a page for every IRI.

>>> from diplograph.web.app import create_app
>>> app = create_app()
>>> # uvicorn.run(app, host="127.0.0.1", port=8000)

Every asset is served from this server (the Content-Security-Policy says so to
the browser too), so the app works with no internet.
"""

from __future__ import annotations

import contextlib
import logging
import re
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import curate, dataset, editorpage, endpoint, networks, pages, search
from .catalogue import load_catalogue
from .clients import ClientIdentity
from .errors import HANDLED, describe, plain_text, retry_after, url_too_long
from .service import GraphService
from .settings import ServerSettings
from .templates import render

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'")


def package_dir(name: str) -> Path:
    return Path(str(resources.files("diplograph.web") / name))


def yasgui_dir(settings: ServerSettings) -> Path | None:
    """YASGUI's built files, when the set-up installed them (``npm ci``)."""
    folder = settings.assets / "@zazuko" / "yasgui" / "build"
    return folder if (folder / "yasgui.min.js").is_file() else None


def create_app(settings: ServerSettings | None = None) -> Starlette:
    """The ASGI app. Its query workers start (and load the graph) when the app starts."""
    settings = settings or ServerSettings.default()
    service = GraphService(settings)
    views = networks.ViewService.for_settings(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await service.start()
        try:
            app.state.catalogue = await load_catalogue(service)
            views.pool.network = app.state.catalogue.network
            yield
        finally:
            await views.stop()
            await service.stop()

    routes = [
        Route("/", pages.home, name="home"),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST", "HEAD"], name="sparql"),
        Route("/sparql/", endpoint.sparql, methods=["GET", "POST", "HEAD"]),
        Route("/rdf-graphs", endpoint.graph_store, methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"],
              name="graph_store"),
        Route("/query", editorpage.editor, name="editor"),
        Route("/queries", pages.gallery, name="gallery"),
        Route("/queries/{name}", pages.named_query, name="named_query"),
        Route("/search", search.search_page, name="search"),
        Route("/api/search", search.search_api, name="search_api"),
        Route("/api/check", editorpage.check_api, methods=["GET", "POST"], name="check_api"),
        Route("/api/vocabulary", pages.vocabulary_api, name="vocabulary_api"),
        Route("/api/health", pages.health, name="health"),
        Route("/ontology", pages.ontology, name="ontology"),
        Route("/.well-known/void", dataset.description, name="void"),
        Route("/dataset", dataset.description, name="dataset"),
        Route("/dataset/{name}", dataset.download, name="download"),
        Route("/linkage", dataset.linkage, name="linkage"),
        *networks.routes(settings),
        Mount("/static", StaticFiles(directory=package_dir("static")), name="static"),
    ]
    if (yasgui := yasgui_dir(settings)) is not None:
        routes.append(Mount("/vendor/yasgui", StaticFiles(directory=yasgui), name="yasgui"))
    if settings.curate is not None:  # `serve --curate` only: without it these paths do not exist
        routes.extend(curate.routes())
    # Last: every other two-part path is an IRI we mint (/id/..., /source/..., /statement/...).
    routes.append(Route("/{kind:str}/{rest:path}", pages.resource, name="resource"))
    middleware = [Middleware(PlainQueryString), Middleware(ClientIdentity), Middleware(SecurityHeaders),
                  Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                             allow_headers=["Accept", "Content-Type"], expose_headers=["X-SPARQL-MaxRows"]),
                  Middleware(UrlLimit, max_bytes=settings.max_url_bytes)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={kind: _handle for kind in HANDLED}
                    | {404: _not_found, 405: _not_allowed, ClientDisconnect: _client_gone})
    app.state.settings = settings
    app.state.service = service
    app.state.views = views
    app.state.yasgui = yasgui is not None
    if settings.curate is not None:
        app.state.curation = curate.Curation(settings.curate, settings.build, settings.reviewer)
    return app


class PlainQueryString:
    """Percent-encodes what a query string may not hold as it is (control bytes, spaces, bytes above ASCII).

    Some HTTP servers pass such bytes through; read as text they would be characters no percent-decoding
    produced, and a handler that reads the query string as bytes again could not. Encoded, they read as the
    UTF-8 (or the invalid UTF-8) they are, everywhere.

    >>> PlainQueryString.clean(b"q=\\xd9\\xa0 x&as_of=2019")
    b'q=%D9%A0%20x&as_of=2019'
    """

    def __init__(self, app):
        self.app = app

    @staticmethod
    def clean(query: bytes) -> bytes:
        return _UNSAFE.sub(lambda found: b"%%%02X" % found.group()[0], query)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and _UNSAFE.search(scope.get("query_string", b"")):
            scope = {**scope, "query_string": self.clean(scope["query_string"])}
        await self.app(scope, receive, send)


_UNSAFE = re.compile(rb"[^\x21-\x7e]")


class SecurityHeaders:
    """Adds, to every response, a Content-Security-Policy that lets pages load nothing from elsewhere."""

    HEADERS = [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"same-origin")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in self.HEADERS if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UrlLimit:
    """Answers 414 to a request whose URL (path and query string) is longer than ``max_bytes``.

    The answer is plain text on every route, like the one the HTTP server itself gives to a URL too long to read
    at all (``diplograph.web.httpserver``).
    """

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            query = scope.get("query_string", b"")
            size = len(scope.get("raw_path") or scope["path"].encode()) + (len(query) + 1 if query else 0)
            if size > self.max_bytes:
                response = plain_text(url_too_long(self.max_bytes, size), 414)
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


async def _client_gone(request: Request, error: Exception) -> Response:
    """A client that went away before it sent its whole request: nobody is left to answer, and the server is fine."""
    log.info("%s %s: the client disconnected before the request was complete", request.method, request.url.path)
    return plain_text("The request ended before its body was complete.", 400)


async def _handle(request: Request, error: Exception) -> Response:
    """Every failure a request can cause, as a 4xx or 503 with its message: an HTML page for a browser."""
    status, title, message = describe(error)
    headers = {}
    if (seconds := retry_after(error)) is not None:
        headers["Retry-After"] = str(seconds)
    if status == 405:
        headers["Allow"] = "GET, POST, HEAD"
    if endpoint.wants_html(request) and not request.url.path.startswith(("/sparql", "/rdf-graphs", "/api/")):
        return render(request, "error.html", {"status": status, "title": title, "message": message},
                      status_code=status, headers=headers)
    return plain_text(f"{title}: {message}", status, headers)


async def _not_found(request: Request, error: Exception) -> Response:
    message = f"Nothing is published at {request.url.path}."
    if endpoint.wants_html(request):
        return render(request, "error.html", {"status": 404, "title": "Not found", "message": message}, status_code=404)
    return plain_text(message, 404)


async def _not_allowed(request: Request, error: Exception) -> Response:
    return plain_text(f"{request.method} is not allowed here; this server is read-only.", 405,
                      {"Allow": "GET, POST, HEAD"})


