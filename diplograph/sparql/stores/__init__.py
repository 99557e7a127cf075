"""One narrow store protocol, three backends, picked by name.

| spec | backend |
|---|---|
| ``oxigraph`` (default) | Oxigraph embedded, in memory |
| ``oxigraph:PATH`` | Oxigraph embedded, persisted in the folder PATH |
| ``rdflib`` | rdflib's in-memory Dataset |
| ``http://...``, ``https://...`` | a SPARQL 1.1 endpoint: queries by the Protocol, loads by the Graph Store Protocol |

Third-party backends register a factory under the entry-point group
``diplograph.stores``, beside the built-in ones of ``BACKENDS`` below.

>>> store = open_store("oxigraph")
>>> store.load(b'<https://e.x/a> <https://e.x/p> "1" <https://e.x/g> .', "nquads")
>>> len(store), store.query("ASK { GRAPH ?g { ?s ?p ?o } }").boolean
(1, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..results import Result
from .dataset import QueryDataset
from .errors import QuerySyntaxError, QueryTimeout, StoreError

__all__ = ["Capabilities", "Store", "open_store", "BACKENDS", "QueryDataset", "QuerySyntaxError", "QueryTimeout",
           "StoreError"]

@dataclass(frozen=True)
class Capabilities:
    """What a backend can do, so callers ask instead of failing at run time."""

    persistent: bool = False
    remote: bool = False


@runtime_checkable
class Store(Protocol):
    """The store protocol: load data, query it, dump it."""

    name: str
    capabilities: Capabilities

    def load(self, data: bytes | Path, format: str = "nquads", *, validated: bool = False) -> None:
        """Add RDF data (bytes, or a file path) in one of ``formats.STORE_FORMATS``.

        ``validated`` says the data was written by diplograph's own build or import, which checked every term:
        a store may then skip its own checks (Oxigraph's IRI and language-tag validation) to load faster.
        """

    def query(self, sparql: str, *, timeout: float | None = None, dataset: QueryDataset | None = None,
              max_rows: int | None = None, network: bool = False) -> Result:
        """Run a SPARQL 1.1 query. Raises QuerySyntaxError, QueryTimeout or StoreError.

        ``dataset`` picks the graphs the query sees (the SPARQL Protocol's dataset; its union default graph
        gives way to the query's own FROM); ``max_rows`` cuts the solutions (or triples) after that many and
        marks the result ``truncated``. ``network`` says the query calls an allowed SERVICE: without it, an
        embedded store that runs the query in a child process denies that child the network.
        """

    def dump(self, format: str = "nquads") -> bytes:
        """Every quad, in N-Quads (or TriG)."""

    def __len__(self) -> int:
        """The number of quads."""

    def close(self) -> None:
        """Release what the store holds."""


def _oxigraph(argument: str | None, *, read_only: bool = False) -> Store:
    from .oxigraph import OxigraphStore

    return OxigraphStore(Path(argument) if argument else None, read_only=read_only)


def _rdflib(argument: str | None, *, read_only: bool = False) -> Store:
    from .memory import RdflibStore

    return RdflibStore()  # in memory, private to this process: nothing to share, so nothing to open read-only


def _remote(argument: str | None, *, read_only: bool = False) -> Store:
    from .remote import RemoteStore

    return RemoteStore(argument or "")  # queries never write; loading is the caller's choice


#: Built-in backends, by name. ``http`` and ``https`` take the whole URL as their argument.
#: A factory takes the spec's argument and ``read_only`` (open a persisted store so that several processes share it).
BACKENDS: dict[str, Callable[..., Store]] = {
    "oxigraph": _oxigraph,
    "rdflib": _rdflib,
    "http": _remote,
    "https": _remote,
}


def backends() -> dict[str, Callable[..., Store]]:
    """Built-in backends plus those other packages register under ``diplograph.stores``."""
    found = dict(BACKENDS)
    for entry in entry_points(group="diplograph.stores"):
        found.setdefault(entry.name, entry.load())
    return found


def open_store(spec: str | None = None, *, read_only: bool = False) -> Store:
    """A store from a spec such as ``oxigraph``, ``oxigraph:./data``, ``rdflib`` or an endpoint URL.

    ``read_only`` opens a persisted store so that several processes can share it (the web server's workers).
    """
    spec = (spec or "oxigraph").strip()
    name, _, argument = spec.partition(":")
    factories = backends()
    options = {"read_only": True} if read_only else {}  # a plug-in backend need not know the option
    if name in ("http", "https"):
        return factories[name](spec, **options)
    if name not in factories:
        known = ", ".join(sorted(n for n in factories if n not in ("http", "https")))
        raise StoreError(f"unknown store {spec!r}: use one of {known}, or a SPARQL endpoint URL")
    return factories[name](argument or None, **options)

