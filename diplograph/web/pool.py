"""A pool of query workers with a time limit that really stops the work.

Neither pyoxigraph nor rdflib can cancel a running query, and a thread cannot be
killed, so each query runs in a worker process. When a query passes its time
limit the pool kills that worker, answers ``QueryTimeout`` and starts a fresh
worker in the background; the other workers go on serving everyone else.

One client cannot take every worker: each client (the address a request came
from) runs at most ``per_client`` queries at once, and the rest of its queries wait
their turn. With more workers than the clients that are running heavy queries,
a newcomer's light query always finds a free worker. The server starts one worker
more than the machine has cores (``ServerSettings``): a worker mostly waits, and
when two heavy queries keep two cores busy, the operating system still shares
them with a third worker's query of a few milliseconds, which is the point.

>>> import asyncio
>>> from pathlib import Path
>>> from diplograph.web.worker import Job, WorkerSpec
>>> async def demo():
...     async with QueryPool(WorkerSpec(store="oxigraph", build=Path("build"), load=False), size=1) as pool:
...         reply = await pool.run(Job("ASK {}", None, None, {"ask": "json"}), timeout=10)
...         return reply.body
>>> asyncio.run(demo())
b'{"head": {}, "boolean": true}'
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from diplograph.sparql.stores import QuerySyntaxError, QueryTimeout, StoreError

from .worker import Job, Reply, WorkerSpec, serve

_START_LIMIT = 300.0  # seconds a new worker may take to load its data


class PoolBusy(StoreError):
    """Every worker stayed busy for longer than a request may wait."""

    def __init__(self, waited: float, *, own: bool = False):
        self.waited = waited
        if own:
            super().__init__(f"your earlier queries kept running for {waited:g} s; this server runs a limited number "
                             "of queries from one client at once (DIPLOGRAPH_CLIENT_QUERIES); try again shortly")
        else:
            super().__init__(f"every query worker was busy for {waited:g} s; try again shortly")


class WorkerLost(StoreError):
    """A worker died while it ran a query (out of memory, say); a fresh one replaces it."""


class Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, spec: WorkerSpec):
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=serve, args=(theirs, spec), daemon=True, name="diplograph-query-worker")
        self.process.start()
        theirs.close()
        self.quads, self.offline = self._wait_ready()

    def _wait_ready(self) -> tuple[int, bool]:
        if not self.connection.poll(_START_LIMIT):
            self.kill()
            raise StoreError(f"a query worker did not load its data within {_START_LIMIT:g} s")
        try:
            message, payload = self.connection.recv()
        except EOFError:
            self.kill()
            raise StoreError(f"a query worker failed to start (exit code {self.process.exitcode}); "
                             "run `diplograph build` and check the store option") from None
        quads, offline = payload
        return int(quads), bool(offline)

    def exchange(self, job: Job) -> tuple[str, Any]:
        """Send a job and wait for its answer (blocking: called in a thread); the answer's type follows its status."""
        self.connection.send(job)
        return self.connection.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryPool:
    """``size`` workers, each holding the graph; ``run`` a job on a free one, within a time limit."""

    def __init__(self, spec: WorkerSpec, size: int = 2, queue_wait: float = 10.0, per_client: int = 1):
        self.spec = spec
        self.size = size
        self.queue_wait = queue_wait
        self.per_client = per_client
        self.quads = 0
        self.offline = False  # True once the workers run with no network
        self._running: dict[str, int] = {}  # queries running (or waiting for a worker), by client
        self._turns = asyncio.Condition()
        self.restarts = 0
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        # One thread per worker waits on its pipe; starting workers uses the loop's default executor,
        # so a slow start never holds up the replies of running queries.
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="diplograph-pool")
        self._starting: set[asyncio.Task] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(None, Worker, self.spec) for _ in range(self.size)))
        for worker in workers:
            self._add(worker)
        self.quads = workers[0].quads
        self.offline = all(worker.offline for worker in workers)

    async def stop(self) -> None:
        for task in list(self._starting):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def __aenter__(self) -> QueryPool:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def run(self, job: Job, timeout: float, client: str | None = None) -> Reply:
        """The reply to a job. Raises QuerySyntaxError, QueryTimeout, PoolBusy, WorkerLost or StoreError.

        ``client`` names who asked (None: the server itself); a client's queries beyond ``per_client`` wait.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.queue_wait
        if client is not None:
            await self._take_turn(client, deadline)
        try:
            return await self._run_on_worker(job, timeout, deadline)
        finally:
            if client is not None:
                await self._end_turn(client)

    async def _take_turn(self, client: str, deadline: float) -> None:
        """Wait until the client runs fewer than ``per_client`` queries, then count this one."""
        async with self._turns:
            try:
                await asyncio.wait_for(self._turns.wait_for(lambda: self._running.get(client, 0) < self.per_client),
                                       max(0.0, deadline - asyncio.get_running_loop().time()))
            except TimeoutError:
                raise PoolBusy(self.queue_wait, own=True) from None
            self._running[client] = self._running.get(client, 0) + 1

    async def _end_turn(self, client: str) -> None:
        async with self._turns:
            left = self._running.get(client, 1) - 1
            if left:
                self._running[client] = left
            else:
                self._running.pop(client, None)  # forget clients with nothing running: the table stays small
            self._turns.notify_all()

    async def _run_on_worker(self, job: Job, timeout: float, deadline: float) -> Reply:
        loop = asyncio.get_running_loop()
        try:
            worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - loop.time()))
        except TimeoutError:
            raise PoolBusy(self.queue_wait) from None
        exchange = loop.run_in_executor(self._threads, worker.exchange, job)
        exchange.add_done_callback(_collect)
        try:
            status, payload = await asyncio.wait_for(asyncio.shield(exchange), timeout)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(timeout) from None
        except (EOFError, OSError):
            self._replace(worker)
            raise WorkerLost("the query's worker stopped before it answered; it has been replaced") from None
        except BaseException:
            self._replace(worker)  # cancelled (the client went away): the worker may still be busy
            raise
        self._idle.put_nowait(worker)
        if status == "syntax":
            raise QuerySyntaxError(*payload)
        if status == "error":
            raise StoreError(payload)
        return payload

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    def _add(self, worker: Worker) -> None:
        self._all.add(worker)
        self._idle.put_nowait(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill a worker and start another in the background; until it is ready the pool runs one short."""
        worker.kill()
        self._all.discard(worker)
        self.restarts += 1
        self._start_in_background()

    def _start_in_background(self) -> None:
        task = asyncio.get_running_loop().create_task(self._start_one())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _start_one(self) -> None:
        try:
            worker = await asyncio.get_running_loop().run_in_executor(None, Worker, self.spec)
        except StoreError:
            await asyncio.sleep(1.0)  # try again, without spinning, until a worker starts
            self._start_in_background()
            return
        self._add(worker)


def _collect(future: asyncio.Future) -> None:
    """Read a finished exchange's exception, if any: after a kill nobody else will."""
    if not future.cancelled():
        future.exception()

