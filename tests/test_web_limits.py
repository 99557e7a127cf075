"""Limits that protect the server itself: request size, and the workers' refusal to open sockets."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

from .listener import recording_listener
from .web import app_client


def test_an_oversized_body_is_refused_before_it_is_read(web_settings):
    with app_client(dataclasses.replace(web_settings, max_query_bytes=1000, workers=1)) as client:
        response = client.post("/sparql", content=b"#" * 5000, headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 413
        assert "4,000" in response.text
        assert client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}).status_code == 200


def test_a_worker_may_not_connect_to_unlisted_hosts():
    """The audit hook a worker installs refuses connections to hosts that are neither the store nor allow-listed."""
    with recording_listener() as (url, received):
        host_port = url.removeprefix("http://")
        script = textwrap.dedent(f"""
            import socket
            from pathlib import Path
            from diplograph.web.worker import WorkerSpec, _refuse_unlisted_connections
            _refuse_unlisted_connections(WorkerSpec(store="oxigraph", build=Path("."), services=("https://query.wikidata.org/sparql",)))
            host, port = "{host_port}".split(":")
            try:
                socket.create_connection((host, int(port)), timeout=5)
                print("connected")
            except PermissionError as error:
                print("refused:", error)
        """)
        refused = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert refused.stdout.startswith("refused: a query worker may not connect to 127.0.0.1"), refused.stdout + refused.stderr
        # control: with the listener allow-listed, the same connection goes through
        allowed = subprocess.run([sys.executable, "-c", script.replace("https://query.wikidata.org/sparql", url)],
                                 capture_output=True, text=True, timeout=60)
        assert allowed.stdout.startswith("connected"), allowed.stdout + allowed.stderr
    assert received == []  # a bare connection, no request
