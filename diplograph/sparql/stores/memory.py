"""rdflib's in-memory Dataset behind the store protocol: slower, pure Python, everywhere."""

from __future__ import annotations

import io
from pathlib import Path

from pyparsing import ParseException
from rdflib import Dataset, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from ..formats import STORE
from ..results import Result
from . import Capabilities
from .dataset import QueryDataset
from .errors import QuerySyntaxError, StoreError
from .isolation import Outcome, TimeLimiter


class RdflibStore:
    """An rdflib Dataset behind the store protocol.

    rdflib fetches a ``FROM`` or ``FROM NAMED`` IRI that names no graph of the dataset (unless the process-wide
    ``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS`` is off). This store never lets it: it reads a query's dataset
    clause itself and answers on a copy of the graphs named there (``_own_dataset``), so a query never makes the
    store fetch anything, and no other rdflib user in the process is affected.

    >>> store = RdflibStore()
    >>> store.load(b'<https://e.x/a> <https://e.x/p> "1" .', "ntriples")
    >>> store.query("ASK { ?s ?p ?o }").boolean
    True
    """

    name = "rdflib"

    def __init__(self) -> None:
        self.capabilities = Capabilities()
        self._dataset = Dataset()
        # time-limited queries run in a warm worker process forked from this one (it holds the dataset too)
        self._limited = TimeLimiter(self._run)

    def load(self, data: bytes | Path, format: str = "nquads", *, validated: bool = False) -> None:
        try:
            if isinstance(data, Path):
                self._dataset.parse(str(data), format=STORE[format].rdflib)
            else:
                self._dataset.parse(data=data, format=STORE[format].rdflib)
        except Exception as error:  # noqa: BLE001 - rdflib's parsers raise many kinds
            raise StoreError(f"could not load {format} data: {error}") from None
        finally:
            self._limited.changed()  # even a failed load may have added triples

    def query(self, sparql: str, *, timeout: float | None = None, dataset: QueryDataset | None = None,
              max_rows: int | None = None, network: bool = False) -> Result:
        dataset = dataset.for_query(sparql) if dataset is not None else None
        return Result.from_outcome(*self._limited.call((sparql, dataset), timeout, network=network)).capped(max_rows)

    def _run(self, sparql: str, dataset: QueryDataset | None) -> Outcome:
        try:
            query = prepareQuery(sparql, initNs=dict(self._dataset.namespaces()))
            dataset = _own_dataset(query, dataset)
            answer = self._view(dataset).query(query)
        except ParseException as error:
            raise QuerySyntaxError(error.msg, error.lineno, error.col) from None
        except Exception as error:  # noqa: BLE001 - rdflib's evaluator raises many kinds
            raise StoreError(f"{type(error).__name__}: {error}") from None
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            assert answer.graph is not None  # rdflib's result of a CONSTRUCT or DESCRIBE holds its graph
            return "graph", answer.graph.serialize(format="nt", encoding="utf-8"), False
        if answer.type == "ASK":
            return "ask", b"true" if answer.askAnswer else b"false", False
        buffer = io.BytesIO()
        answer.serialize(buffer, format="json")
        return "select", buffer.getvalue(), False

    def _view(self, dataset: QueryDataset | None) -> Dataset:
        """The dataset a query sees. rdflib cannot restrict a query to some graphs, so a protocol dataset is copied."""
        if dataset is None or not dataset.explicit:
            self._dataset.default_union = bool(dataset and dataset.union_default_graph)
            return self._dataset
        view = Dataset()
        for iri in dataset.default_graphs:
            for triple in self._dataset.graph(URIRef(iri)):
                view.default_context.add(triple)
        for iri in dataset.named_graphs:
            named = view.graph(URIRef(iri))
            for triple in self._dataset.graph(URIRef(iri)):
                named.add(triple)
        return view

    def dump(self, format: str = "nquads") -> bytes:
        return self._dataset.serialize(format=STORE[format].rdflib, encoding="utf-8")

    def __len__(self) -> int:
        return sum(1 for _ in self._dataset.quads((None, None, None, None)))

    def close(self) -> None:
        self._limited.stop()
        self._dataset = Dataset()


def _own_dataset(query: Query, dataset: QueryDataset | None) -> QueryDataset | None:
    """The dataset the query runs on, with its FROM and FROM NAMED clauses taken off the parsed query.

    rdflib would evaluate the clauses itself, and fetch over the network any IRI the dataset has no graph of; the
    store instead answers on a copy of the named graphs (``RdflibStore._view``): the same dataset, found locally
    only. A dataset the request names (the protocol's ``default-graph-uri``) replaces the query's own.
    """
    clause = query.algebra.get("datasetClause")
    if not clause:
        return dataset
    query.algebra["datasetClause"] = None
    if dataset is not None and dataset.explicit:
        return dataset
    return QueryDataset(default_graphs=tuple(str(part.default) for part in clause if part.default),
                        named_graphs=tuple(str(part.named) for part in clause if part.named))
