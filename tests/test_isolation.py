"""A time-limited query on an embedded store: a warm worker, replaced when killed at the limit or when data changes."""

from __future__ import annotations

import os

import pytest

from diplograph.sparql.stores import (
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    open_store,
)
from diplograph.sparql.stores.isolation import fork_available

pytestmark = pytest.mark.skipif(not fork_available(), reason="time limits kill a forked child")

DATA = b'<https://e.x/a> <https://e.x/p> "1" .\n<https://e.x/b> <https://e.x/p> "2" .\n'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(40)) + " }"


def _count(store) -> int:
    return int(next(iter(store.query(COUNT, timeout=10)))["n"].toPython())


def _worker_pid(store) -> int | None:
    worker = store._limited._worker
    return worker.process.pid if worker is not None else None


@pytest.fixture(params=["oxigraph", "rdflib"])
def store(request):
    opened = open_store(request.param)
    opened.load(DATA, "ntriples")
    yield opened
    opened.close()


def test_timed_queries_share_one_worker_that_is_not_this_process(store):
    assert _count(store) == 2
    first = _worker_pid(store)
    assert first is not None and first != os.getpid()
    assert _count(store) == 2
    assert _worker_pid(store) == first and store._limited.restarts == 0


def test_a_load_after_the_worker_started_is_seen_by_the_next_timed_query(store):
    assert _count(store) == 2
    before = _worker_pid(store)
    store.load(b'<https://e.x/c> <https://e.x/p> "3" .\n', "ntriples")
    assert _count(store) == 3
    assert _worker_pid(store) != before


def test_a_query_past_its_limit_is_killed_and_the_next_one_gets_a_fresh_worker(store):
    assert _count(store) == 2
    before = _worker_pid(store)
    with pytest.raises(QueryTimeout):
        store.query(ENDLESS, timeout=0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # gone, and reaped
    assert _count(store) == 2
    assert _worker_pid(store) not in (None, before) and store._limited.restarts == 1


def test_errors_come_back_as_they_do_without_a_limit(store):
    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT ?s WHERE {\n  ?s ?p \n", timeout=10)
    assert caught.value.line is not None and caught.value.column is not None
    with pytest.raises(StoreError):
        store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", timeout=10)
    assert _count(store) == 2  # the worker answered the errors and goes on
