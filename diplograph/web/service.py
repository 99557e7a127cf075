"""The graph as the web app sees it: every query goes through here, checked, bound and time-limited.

Pages and the SPARQL endpoint share one path: the query text is checked (size,
form, SERVICE allow-list), user values are bound as data (never pasted into the
text), and the query runs on a worker of the pool within the time limit and the
row cap.
"""

from __future__ import annotations

from dataclasses import dataclass

from diplograph import queries
from diplograph.sparql import queryfiles
from diplograph.sparql.binding import bind_values
from diplograph.sparql.guard import check_services
from diplograph.sparql.results import Result
from diplograph.sparql.stores import QueryDataset, StoreError, open_store
from diplograph.sparql.syntax import Operation

from .clients import current_client
from .pool import QueryPool
from .settings import ServerSettings
from .worker import Job, Reply, WorkerSpec

#: Formats the pages read answers in.
_PAGE_FORMATS = {"select": "json", "ask": "json", "graph": "ntriples"}


class QueryRefused(PermissionError):
    """The query asks for something this endpoint does not do (an update, a SERVICE not allowed)."""


class QueryTooLarge(ValueError):
    """The query text is longer than the server accepts."""


@dataclass
class GraphService:
    """The pool of query workers, with the server's limits."""

    settings: ServerSettings
    pool: QueryPool | None = None

    async def start(self) -> None:
        prepare_persistent_store(self.settings)
        spec = WorkerSpec(store=self.settings.store, build=self.settings.build, extra_data=self.settings.extra_data,
                          load=self.settings.load, services=self.settings.services)
        self.pool = QueryPool(spec, size=self.settings.workers, queue_wait=self.settings.queue_wait,
                              per_client=self.settings.client_queries)
        await self.pool.start()

    async def stop(self) -> None:
        if self.pool is not None:
            await self.pool.stop()

    def check_size(self, sparql: str) -> None:
        """Refuse a query text (a user's, not one of the app's own) longer than the server takes."""
        size = len(sparql.encode("utf-8"))
        if size > self.settings.max_query_bytes:
            raise QueryTooLarge(f"the query has {size:,} bytes; this server takes at most "
                                f"{self.settings.max_query_bytes:,} (DIPLOGRAPH_MAX_QUERY_BYTES)")

    def check(self, sparql: str) -> str:
        """The query's form (SELECT, ASK, CONSTRUCT or DESCRIBE), after the checks every query passes: it parses,
        it is read-only, its SERVICE endpoints are on the allow-list. Raises QuerySyntaxError or QueryRefused."""
        return checked(sparql, self.settings.services).form

    async def run(self, sparql: str, *, formats: dict[str, str], dataset: QueryDataset | None = None,
                  max_rows: int | None = -1, base: str | None = None, timeout: float | None = None) -> Reply:
        """Check and run a query; answer in the format chosen for its kind. ``max_rows=-1`` means the server's cap.
        ``base`` is the IRI that relative IRIs in the query resolve against; ``timeout`` replaces the server's
        query time limit (for the queries it runs once at start)."""
        operation = checked(sparql, self.settings.services)
        if self.pool is None:
            raise StoreError("the server is not started")
        job = Job(operation.text, dataset or QueryDataset(union_default_graph=True),
                  self.settings.max_rows if max_rows == -1 else max_rows, formats, base)
        return await self.pool.run(job, timeout=timeout or self.settings.timeout, client=current_client.get())

    async def result(self, sparql: str, bindings: dict | None = None, *, max_rows: int | None = -1,
                     timeout: float | None = None) -> Result:
        """Run a query for a page, with values bound as data, and read the answer."""
        bound = bind_values(sparql, bindings or {})
        reply = await self.run(bound, formats=_PAGE_FORMATS, max_rows=max_rows, timeout=timeout)
        if reply.kind == "graph":
            return Result.from_outcome(reply.kind, reply.body, reply.truncated)
        # SELECT and ASK answers come as SPARQL JSON (not the raw b"true"/b"false" of a store's ASK outcome)
        result = Result.from_json(reply.body)
        result.truncated = reply.truncated
        return result

    async def internal(self, name: str, max_rows: int | None = None, timeout: float | None = None,
                       **params: object) -> Result:
        """Run one of the app's own queries (``diplograph/web/queries/NAME.rq``) with typed parameters."""
        query = internal_query(name)
        return await self.result(query.sparql, query.bindings(params), max_rows=max_rows, timeout=timeout)


def checked(sparql: str, services: tuple[str, ...]) -> Operation:
    """The query's parse, once it has passed the checks of GraphService.check. (The parse is remembered: the
    endpoint checks a query before choosing its format and ``run`` checks it again.)"""
    try:
        operation = check_services(sparql, allowed=list(services))
    except PermissionError as error:
        raise QueryRefused(str(error)) from None
    if operation.form == "UPDATE":
        raise QueryRefused("this is a SPARQL update; the endpoint is read-only and runs queries only")
    return operation


def prepare_persistent_store(settings: ServerSettings) -> None:
    """Load the build into an ``oxigraph:FOLDER`` store the first time, so the workers can open it read-only."""
    kind, _, folder = settings.store.partition(":")
    if kind != "oxigraph" or not folder:
        return
    from diplograph.graph.outputs import dataset_files

    store = open_store(settings.store)
    try:
        if len(store) == 0 and settings.load is not False:
            for path in dataset_files(settings.build):
                store.load(path, "nquads", validated=True)
    finally:
        store.close()


_INTERNAL: dict[str, queries.NamedQuery] = {}


def internal_query(name: str) -> queries.NamedQuery:
    """One of the web app's own queries, read once."""
    if name not in _INTERNAL:
        _INTERNAL[name] = queries.parse(queryfiles.read("diplograph.web", name), name,
                                        queryfiles.path("diplograph.web", name))
    return _INTERNAL[name]
