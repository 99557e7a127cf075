"""Heavy queries from two clients cannot keep a third client's light query from being answered."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .web import live_server

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "ASK { ?s ?p ?o }"


def _client(address: str) -> httpx.Client:
    """A client whose requests come from ``address`` (any 127.x.y.z is this machine), so the server sees another
    client."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def _ask(base: str, address: str, query: str) -> httpx.Response:
    with _client(address) as client:
        return client.post(f"{base}/sparql", data={"query": query},
                           headers={"Accept": "application/sparql-results+json"})


def _wait_until_busy(base: str, busy: int) -> None:
    for _ in range(200):
        health = httpx.get(f"{base}/api/health").json()
        if health["workers"] - health["idle"] >= busy:
            return
        time.sleep(0.05)
    pytest.fail(f"the server never had {busy} busy workers")


@pytest.mark.slow
@pytest.mark.serial
def test_a_light_query_is_answered_while_two_other_clients_run_heavy_ones(corpus_build):
    env = {"DIPLOGRAPH_QUERY_TIMEOUT": "8", "DIPLOGRAPH_QUEUE_WAIT": "3"}
    with live_server(corpus_build.build, "--workers", "3", env=env) as base, ThreadPoolExecutor(4) as pool:
        heavy = [pool.submit(_ask, base, address, HEAVY) for address in ("127.0.0.2", "127.0.0.3")]
        _wait_until_busy(base, 2)
        light = _ask(base, "127.0.0.4", LIGHT)
        assert light.status_code == 200 and light.json()["boolean"] is True
        assert not any(future.done() for future in heavy)  # answered while both heavy queries still ran
        # The same client's second query waits for its first, and is told so when it waits too long.
        own = _ask(base, "127.0.0.2", LIGHT)
        assert own.status_code == 503 and "your earlier queries" in own.text and own.headers["Retry-After"]
        for future in heavy:
            answer = future.result()
            assert answer.status_code == 503 and "time limit" in answer.text.lower()
            assert answer.headers["Retry-After"]
