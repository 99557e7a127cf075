"""Network views drawn in a worker process, so the server goes on answering while one is drawn.

Laying a view out and writing its page (pyvis) holds the GIL: for seconds with networkx's layouts (2 to 4 s
for the corpus's overview), still for a fraction of one with igraph's and on a large graph for seconds again. Run
on the event loop, it stopped every other request for that long (six overviews at once: /api/health took up to
14 s). A thread is not enough: the loop then runs only
when the interpreter switches to it, and waits for the GIL again after each I/O wait. Measured on two cores
(``python -m bench.responsiveness``), with renders in one thread /api/health took up to 82 ms (median 9 to
13 ms) while six views were drawn; with renders in one worker process, up to 20 to 33 ms (median 5 to 8 ms).
One process, not more: on two cores a second one takes the CPU from the server's own process (the loop was
late by up to 118 ms in a test with two). A page is drawn once per cache key (``pagecache``), so one worker
is enough.

The worker gets the network once, when it starts, and keeps the layout of each selection it has drawn: the
year a view opens at and whether it sits in a frame change its page, not where a node goes.

>>> from diplograph.viz.projection import network_from_rows
>>> net = network_from_rows(
...     [{"statement": "s1", "subject": "a", "target": "b", "predicate": "dg#strategicPartner", "source": "src"}],
...     [{"entity": "a", "label": "A", "class": "dg#State"}, {"entity": "b", "label": "B", "class": "dg#State"}])
>>> maker = ViewMaker(net)
>>> page = maker.page(ViewJob("ego", entity="a", as_of=2019))
>>> b'"asOf": 2019' in page, maker.layouts
(True, 1)
>>> _ = maker.page(ViewJob("ego", entity="a", as_of=2020)); maker.layouts    # the same layout, another year
1
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess

import networkx as nx

from diplograph.sparql.stores import QueryTimeout
from diplograph.sparql.stores.isolation import Child, ChildLost

_START_LIMIT = 300.0       # seconds a new worker may take to start and read the network
OVERVIEW_TITLE = "Overview: who is linked to whom"


@dataclass(frozen=True)
class ViewJob:
    """One view to draw: the overview, an entity's neighbourhood (``ego``) or a given network (``construct``),
    the year it opens at, and whether it is framed in another page."""

    view: str
    entity: str | None = None
    as_of: int | None = None
    embedded: bool = False
    title: str = ""
    network: nx.MultiDiGraph | None = field(default=None, compare=False, repr=False)  # construct only

    @property
    def key(self) -> tuple:
        """Everything that changes the page of a view of the server's network (its cache key)."""
        return (self.view, self.entity, self.as_of, self.embedded)


class ViewMaker:
    """Pages of views of one network (in the worker), with the last ``keep`` layouts remembered."""

    def __init__(self, network: nx.MultiDiGraph, keep: int = 64):
        self.network = network
        self.keep = keep
        self._layouts: OrderedDict[tuple, dict] = OrderedDict()

    @property
    def layouts(self) -> int:
        return len(self._layouts)

    def page(self, job: ViewJob) -> bytes:
        """The view's page as UTF-8 bytes, self-contained (see ``viz.views.render``)."""
        from diplograph.viz import views

        focus = None
        if job.view == "construct":
            selected, title = job.network if job.network is not None else nx.MultiDiGraph(), job.title
        elif job.view == "overview":
            selected, title = self.network, job.title or OVERVIEW_TITLE
        elif job.view == "ego" and job.entity is not None and job.entity in self.network:
            selected, title = views.ego(self.network, job.entity), self.network.nodes[job.entity]["label"]
            focus = {job.entity}
        else:
            raise ValueError(f"no view {job.view!r} of {job.entity!r}")
        positions = None if job.view == "construct" else self._layout((job.view, job.entity), selected)
        html = views.render(selected, title=title, positions=positions, base_url="", as_of=job.as_of, focus=focus,
                            embedded=job.embedded)
        return html.encode("utf-8")

    def _layout(self, key: tuple, selected: nx.MultiDiGraph) -> dict:
        from diplograph.viz import views

        if key in self._layouts:
            self._layouts.move_to_end(key)
        else:
            self._layouts[key] = views.layout(selected)
            while len(self._layouts) > self.keep:
                self._layouts.popitem(last=False)
        return self._layouts[key]


def serve(connection, network: nx.MultiDiGraph) -> None:
    """The worker's main loop (the target of the worker process): a job in, ("ok", page) or ("error", why) out."""
    maker = ViewMaker(network)
    connection.send(("ready", network.number_of_nodes()))
    while True:
        try:
            job = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        reply: tuple[str, bytes | str]
        try:
            reply = ("ok", maker.page(job))
        except Exception as error:  # noqa: BLE001 - a view that cannot be drawn fails its request, not the worker
            reply = ("error", f"{type(error).__name__}: {error}")
        connection.send(reply)


class RenderError(Exception):
    """A view could not be drawn now; answered 503 with this message (and Retry-After when ``retry_after``)."""

    retry_after: int | None = 5


class RenderBusy(RenderError):
    """Every render worker stayed busy for longer than a request may wait."""


class RenderLost(RenderError):
    """The render worker stopped (or did not start); a fresh one is started for the next view."""


class RenderFailed(RenderError):
    """The worker could not draw this view."""

    retry_after = None


class RenderWorker:
    """One spawned worker process holding the network (``isolation.Child``), ready to draw views."""

    def __init__(self, network: nx.MultiDiGraph):
        # spawn, not fork: the server's threads and loop stay behind
        self.child = Child(serve, (network,), method="spawn", name="diplograph-view-worker")
        try:
            self.child.receive(_START_LIMIT)
        except QueryTimeout:
            self.child.kill()
            raise RenderLost(f"the view renderer did not start within {_START_LIMIT:g} s") from None
        except ChildLost:
            self.child.kill()
            raise RenderLost(f"the view renderer failed to start (exit code {self.child.process.exitcode})") from None

    @property
    def process(self) -> BaseProcess:
        return self.child.process

    def exchange(self, job: ViewJob) -> tuple[str, object]:
        """Send a job and wait for its answer (blocking: called in a thread). ChildLost if the worker died."""
        return self.child.request(job)

    def kill(self) -> None:
        """Kill the worker and wait for it (blocking: off the event loop)."""
        self.child.kill()


class RenderPool:
    """At most ``size`` views drawn at once, each in a worker process started on first need.

    A request waits at most ``queue_wait`` seconds for a free worker (then RenderBusy). A worker that dies is
    replaced by the next render that needs one.
    """

    def __init__(self, size: int = 1, queue_wait: float = 10.0):
        self.network: nx.MultiDiGraph[str] = nx.MultiDiGraph()  # the server's network, set once the catalogue is read
        self.size = size
        self.queue_wait = queue_wait
        self.renders = 0                   # views drawn
        self._slots = asyncio.Semaphore(size)
        self._idle: list[RenderWorker] = []
        self._all: set[RenderWorker] = set()
        self._stopped = False

    async def render(self, job: ViewJob) -> bytes:
        """The page of a view, drawn in a worker. Raises RenderBusy, RenderLost or RenderFailed."""
        try:
            await asyncio.wait_for(self._slots.acquire(), self.queue_wait)
        except TimeoutError:
            raise RenderBusy(f"every view renderer was busy for {self.queue_wait:g} s; try again shortly") from None
        try:
            status, payload = await self._exchange(job)
        finally:
            self._slots.release()
        if status != "ok":
            raise RenderFailed(f"the view could not be drawn: {payload}")
        self.renders += 1
        return payload  # type: ignore[return-value]

    async def _exchange(self, job: ViewJob) -> tuple[str, object]:
        worker = self._idle.pop() if self._idle else None
        if worker is not None and not worker.process.is_alive():  # it died while idle: no view was lost with it
            self._drop(worker)
            worker = None
        if worker is None:
            worker = await self._start()
        try:
            answer = await asyncio.to_thread(worker.exchange, job)
        except ChildLost:
            self._drop(worker)
            raise RenderLost("the view renderer stopped before it answered; "
                             "a fresh one starts with the next view") from None
        except BaseException:
            self._drop(worker)  # cancelled: the worker may still be drawing, and its answer would be read as the next's
            raise
        self._idle.append(worker)
        return answer

    async def _start(self) -> RenderWorker:
        worker = await asyncio.to_thread(RenderWorker, self.network)
        if self._stopped:  # the server stopped while the worker started
            await asyncio.to_thread(worker.kill)
            raise RenderLost("the server is stopping")
        self._all.add(worker)
        return worker

    def _drop(self, worker: RenderWorker) -> None:
        """Kill a worker now; waiting for it to be gone blocks, so a thread does that."""
        worker.child.signal_kill()
        asyncio.get_running_loop().run_in_executor(None, worker.child.reap)
        self._all.discard(worker)

    async def stop(self) -> None:
        self._stopped = True
        workers = list(self._all)
        self._all.clear()
        self._idle.clear()
        await asyncio.gather(*(asyncio.to_thread(worker.kill) for worker in workers))
