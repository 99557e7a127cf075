"""Limits that protect the server itself: request size, the workers' refusal to open sockets, and time limits at
start."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import pytest

from .listener import recording_listener
from .web import app_client


def test_an_oversized_body_is_refused_before_it_is_read(web_settings):
    with app_client(dataclasses.replace(web_settings, max_query_bytes=1000, workers=1)) as client:
        response = client.post("/sparql", content=b"#" * 5000, headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 413
        assert "4,000" in response.text
        assert client.post("/sparql", content=b"ASK {}",
                           headers={"Content-Type": "application/sparql-query"}).status_code == 200


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
        assert refused.stdout.startswith("refused: a query worker may not connect to 127.0.0.1"), \
            refused.stdout + refused.stderr
        # control: with the listener allow-listed, the same connection goes through
        allowed = subprocess.run([sys.executable, "-c", script.replace("https://query.wikidata.org/sparql", url)],
                                 capture_output=True, text=True, timeout=60)
        assert allowed.stdout.startswith("connected"), allowed.stdout + allowed.stderr
    assert received == []  # a bare connection, no request


def test_the_queries_run_at_start_have_their_own_limit(web_settings):
    # A request limit far below any query's run time: the start-up queries (counts, labels, the network) still
    # finish under theirs, and every request is held to its own.
    with app_client(dataclasses.replace(web_settings, timeout=0.0005, startup_timeout=600.0, workers=1)) as client:
        catalogue = client.app.state.catalogue
        assert catalogue.counts["statements"] > 0 and catalogue.network.number_of_nodes() > 0
        every_pair = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
        answer = client.get("/sparql", params={"query": every_pair},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 503 and "time limit" in answer.text.lower()


def test_a_server_that_exits_is_told_from_one_that_is_slow_to_start():
    from diplograph.web.launch import free_port, running

    exits = [sys.executable, "-c", "import sys; sys.stderr.write('no graph here'); sys.exit(3)"]
    with (pytest.raises(RuntimeError, match=r"exited with status 3: no graph here"),
          running(exits, f"http://127.0.0.1:{free_port()}/", timeout=30)):
        pass
    sleeps = [sys.executable, "-c", "import time; time.sleep(30)"]
    with (pytest.raises(RuntimeError, match=r"did not start within 1 s"),
          running(sleeps, f"http://127.0.0.1:{free_port()}/", timeout=1)):
        pass
