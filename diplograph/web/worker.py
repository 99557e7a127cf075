"""A query worker: a process that holds the graph in its store and answers queries one at a time.

The server keeps a few of these (``diplograph.web.pool``). A query that runs past
its time limit is stopped the only way that really stops it: the worker is killed
and a fresh one takes its place. Workers are started with ``spawn``, never
``fork``, because the server that starts them runs threads.

Messages on the pipe:

* to the worker: a ``Job``;
* from it: ``("ready", (quads, offline))`` once (``offline``: the worker has no network), then per job
  ``("ok", Reply)``, ``("syntax", (message, line, column))`` or ``("error", message)``.
"""

from __future__ import annotations

import contextlib
import socket
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlsplit

from diplograph.sparql import formats
from diplograph.sparql.results import Result
from diplograph.sparql.stores import QueryDataset, QuerySyntaxError, StoreError, open_store
from diplograph.sparql.stores.sandbox import forbid_network


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker loads: a store spec, the build folder, extra RDF files, and the hosts it may reach."""

    store: str
    build: Path
    extra_data: tuple[Path, ...] = ()
    load: bool | None = None
    services: tuple[str, ...] = ()

    @property
    def offline(self) -> bool:
        """True when the worker needs no network: its store is local and no SERVICE is allowed."""
        return not self.services and "://" not in self.store


@dataclass(frozen=True)
class Job:
    """One query: its text, its dataset, its row cap and the format wanted for each kind of answer."""

    sparql: str
    dataset: QueryDataset | None
    max_rows: int | None
    formats: dict[str, str]  # "select", "ask", "graph" -> a Result.serialize format name
    base: str | None = None  # the base IRI relative IRIs in the query resolve against (the endpoint's URL)


@dataclass(frozen=True)
class Reply:
    kind: str
    format: str
    body: bytes
    truncated: bool


def serve(connection: Connection, spec: WorkerSpec) -> None:
    """The worker's main loop (the target of the worker process)."""
    offline = spec.offline and forbid_network()
    _refuse_unlisted_connections(spec)
    # not diplograph.api, whose query layer (name lookup, SPARQL parser) a worker does not need: it starts faster
    from diplograph.graph.outputs import open_built

    # a store in a folder is opened read-only, so that every worker can share it
    store = open_built(open_store(spec.store, read_only=spec.store.startswith("oxigraph:")), spec.build,
                       load=spec.load)
    for path in spec.extra_data:
        store.load(path, _format_of(path))
    connection.send(("ready", (len(store), offline)))
    while True:
        try:
            job: Job = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        connection.send(answer(store, job))


def answer(store, job: Job) -> tuple[str, object]:
    """Run one job on a store and say how it went, as a message for the pipe."""
    # The stores take no base IRI, so it comes as a BASE line of its own before the query's text (a BASE
    # in the query still wins); a syntax error's line is then given back in the query's own numbering.
    sparql = job.sparql if job.base is None else f"BASE <{job.base}>\n{job.sparql}"
    try:
        result: Result = store.query(sparql, dataset=job.dataset, max_rows=job.max_rows)
        format = job.formats.get(result.kind, "json")
        return "ok", Reply(result.kind, format, result.serialize(format), result.truncated)
    except QuerySyntaxError as error:
        line = error.line - 1 if job.base is not None and error.line is not None and error.line > 1 else error.line
        return "syntax", (error.message, line, error.column)
    except (StoreError, ValueError, RuntimeError, OSError) as error:
        return "error", str(error)


def _format_of(path: Path) -> str:
    """The store format of an extra data file, by its suffix (N-Quads when the suffix says nothing)."""
    return formats.from_suffix(path.suffix)


def _refuse_unlisted_connections(spec: WorkerSpec) -> None:
    """Deny, in this process, any network connection but to the remote store and the allowed SERVICE hosts.

    The SERVICE allow-list is checked on the query's parse before a query reaches a
    worker, and a worker that needs no network has none (``forbid_network``); where
    it does need it, this audit hook keeps Python code that would open a socket on a
    query's behalf to the store and the allowed hosts.
    """
    hosts = {urlsplit(url).hostname for url in (spec.store, *spec.services) if "://" in url}
    allowed = set(hosts)
    for host in hosts:
        with contextlib.suppress(OSError):  # a host that does not resolve now is still allowed by name
            allowed |= {str(info[4][0]) for info in socket.getaddrinfo(host, None)}

    def hook(event: str, args: tuple) -> None:
        if event == "socket.connect":
            address = args[1]
            host = address[0] if isinstance(address, tuple) else None
            if host is not None and host not in allowed:
                raise PermissionError(f"a query worker may not connect to {host}")

    sys.addaudithook(hook)
