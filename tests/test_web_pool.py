"""The query pool's own care: a worker that cannot be replaced is retried with a bounded backoff and reported."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from diplograph.sparql.stores import StoreError
from diplograph.web import pool as pool_module
from diplograph.web.pool import QueryPool
from diplograph.web.worker import WorkerSpec

from .web import app_client


def test_a_worker_that_cannot_start_is_retried_less_and_less_often_and_the_pool_says_why(monkeypatch):
    delays: list[float] = []
    attempts = {"left": 8}

    class Unstartable:
        def __init__(self, spec: WorkerSpec):
            attempts["left"] -= 1
            if attempts["left"] > 0:
                raise StoreError("a query worker failed to start (exit code 1)")
            self.quads, self.offline = 0, True

        def signal_kill(self) -> None: ...

        def reap(self) -> None: ...

    monkeypatch.setattr(pool_module, "Worker", Unstartable)
    pool = QueryPool(WorkerSpec(store="oxigraph", build=Path("build")), size=1)
    reported: list[str | None] = []

    async def no_wait(seconds: float) -> None:
        delays.append(seconds)
        reported.append(pool.start_error)  # what the health check says while it waits

    async def replace_one() -> None:
        monkeypatch.setattr(asyncio, "sleep", no_wait)
        try:
            await pool._start_one()
        finally:
            monkeypatch.undo()

    asyncio.run(replace_one())
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0]
    assert all(error is not None and "failed to start" in error for error in reported)
    assert pool.start_error is None and pool.idle == 1


def test_the_health_check_says_when_a_worker_could_not_be_replaced(web_settings):
    settings = dataclasses.replace(web_settings, workers=1)
    with app_client(settings) as client:
        assert client.get("/api/health").json()["status"] == "ok"
        client.app.state.service.pool.start_error = "a query worker failed to start (exit code 1)"
        health = client.get("/api/health").json()
        assert health["status"] == "degraded" and "failed to start" in health["worker_start_error"]
