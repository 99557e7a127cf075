"""The default store: Oxigraph embedded, in memory or persisted in a folder."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..results import Result
from . import Capabilities
from .errors import QuerySyntaxError, StoreError
from .isolation import Outcome, fork_available, run_with_limit

FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


class OxigraphStore:
    """pyoxigraph's Store behind the store protocol.

    >>> store = OxigraphStore()
    >>> store.load(b'<https://e.x/a> <https://e.x/p> "1" .', "ntriples")
    >>> [row["o"].toPython() for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
    ['1']
    """

    name = "oxigraph"

    def __init__(self, path: Path | None = None):
        self.path = path
        self.capabilities = Capabilities(persistent=path is not None, kills_timed_out_queries=fork_available())
        self._store = ox.Store(str(path)) if path is not None else ox.Store()

    def load(self, data: bytes | Path, format: str = "nquads") -> None:
        try:
            if isinstance(data, Path):
                self._store.bulk_load(path=str(data), format=FORMATS[format])
            else:
                self._store.bulk_load(data, format=FORMATS[format])
        except (SyntaxError, ValueError, OSError) as error:
            raise StoreError(f"could not load {format} data: {error}") from None

    def query(self, sparql: str, *, timeout: float | None = None) -> Result:
        return Result.from_outcome(*run_with_limit(lambda: self._run(sparql), timeout))

    def _run(self, sparql: str) -> Outcome:
        try:
            answer = self._store.query(sparql)
        except SyntaxError as error:
            raise QuerySyntaxError.from_message(str(error)) from None
        except (OSError, RuntimeError, ValueError) as error:
            raise StoreError(str(error)) from None
        if isinstance(answer, ox.QueryBoolean):
            return "ask", b"true" if bool(answer) else b"false"
        if isinstance(answer, ox.QueryTriples):
            return "graph", answer.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
        return "select", answer.serialize(format=ox.QueryResultsFormat.JSON) or b""

    def dump(self, format: str = "nquads") -> bytes:
        return self._store.dump(format=FORMATS[format]) or b""

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if self.path is not None:
            self._store.flush()
        self._store = None

