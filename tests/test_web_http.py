"""`diplograph serve` at the HTTP level, by raw sockets on 127.0.0.1: URLs too long to serve get 414, and a client
that leaves in the middle of its request is no error of the server's."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from diplograph.web.app import create_app
from diplograph.web.httpserver import head_limit
from diplograph.web.settings import ServerSettings

from .web import live_server

QUERY_LIMIT = ServerSettings().max_query_bytes  # the server below runs with the default limits
URL_LIMIT = ServerSettings().max_url_bytes


@pytest.fixture(scope="module")
def server(corpus_build, tmp_path_factory):
    """A server with the default limits, its standard error in a file: (host, port, log file)."""
    log = tmp_path_factory.mktemp("http") / "server.log"
    with live_server(corpus_build.build, "--workers", "1", log=log) as base:
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port), log


def exchange(server, request: bytes, *, then_close_writing: bool = False) -> bytes:
    """Send ``request`` on a new connection and read until the server closes it."""
    host, port, _ = server
    with socket.create_connection((host, port), timeout=60) as connection:
        connection.sendall(request)
        if then_close_writing:
            connection.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def parse(response: bytes) -> tuple[int, dict[str, str], str]:
    """(status, headers with lower-case names, body) of one HTTP/1.1 response."""
    head, _, body = response.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body.decode()


def get(server, target: bytes, extra_headers: bytes = b"") -> tuple[int, dict[str, str], str]:
    return parse(exchange(server, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                          + extra_headers + b"\r\n"))


def test_the_limits_leave_room_for_a_query_at_its_limit():
    assert QUERY_LIMIT < URL_LIMIT < head_limit(ServerSettings()) < 200_000


@pytest.mark.parametrize("size", [URL_LIMIT + 1000, 200_000, 2_000_000], ids=["past-the-limit", "200KB", "2MB"])
def test_a_url_too_long_is_414_in_plain_text(server, size):
    target = b"/sparql?query=" + b"x" * (size - len(b"/sparql?query="))
    status, headers, body = get(server, target)
    assert status == 414
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert f"{URL_LIMIT:,}" in body and "POST" in body
    # and the server goes on serving
    assert get(server, b"/sparql?query=ASK%7B%7D", b"Accept: application/sparql-results+json\r\n")[0] == 200


def test_a_url_within_the_limit_is_read_and_its_query_judged(server):
    # a URL the parser reads whole, carrying a query just over the query limit: 413 from the endpoint, not 414
    padding = b"%23" + b"x" * (QUERY_LIMIT + 10) + b"%0A"
    status, _, body = get(server, b"/sparql?query=" + padding + b"ASK%7B%7D")
    assert len(b"/sparql?query=" + padding) < URL_LIMIT
    assert status == 413
    assert f"{QUERY_LIMIT:,}" in body


def test_headers_too_long_are_431(server):
    status, headers, _ = get(server, b"/api/health", b"Cookie: " + b"x" * 200_000 + b"\r\n")
    assert status == 431
    assert headers["content-type"] == "text/plain; charset=utf-8"


def test_a_client_that_leaves_mid_body_is_not_logged_as_an_error(server):
    _, _, log = server
    partial = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
               b"Content-Length: 100\r\n\r\nASK { ?s ?")
    assert exchange(server, partial, then_close_writing=True) == b""  # nobody is left to answer
    # a request after it is served, and by then the server has dealt with the one that was cut short
    assert get(server, b"/api/health")[0] == 200
    logged = log.read_text()
    assert "Traceback" not in logged and "ClientDisconnect" not in logged and "ERROR" not in logged, logged


def test_a_client_that_leaves_mid_body_is_logged_at_info(web_settings, caplog):
    """The same, in process: the app is told of the disconnect as a server tells it, and logs one line."""
    app = create_app(web_settings)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/sparql", "raw_path": b"/sparql", "root_path": "", "query_string": b"",
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/sparql-query"),
                         (b"content-length", b"100")],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    messages = [{"type": "http.request", "body": b"ASK { ?s ?", "more_body": True}, {"type": "http.disconnect"}]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        pass

    with caplog.at_level(logging.INFO):
        asyncio.run(app(scope, receive, send))
    (record,) = [r for r in caplog.records if "disconnected" in r.getMessage()]
    assert record.levelno == logging.INFO and record.exc_info is None
    assert "POST /sparql" in record.getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
