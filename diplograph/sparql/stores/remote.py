"""Any SPARQL 1.1 endpoint behind the store protocol.

Queries go by the SPARQL 1.1 Protocol (POST ``application/sparql-query``), loads and
dumps by the SPARQL 1.1 Graph Store HTTP Protocol, one named graph at a time, so
the same code talks to Oxigraph, Fuseki, GraphDB, Virtuoso or QLever (see
docs/server-engines.md for how each is set up).

The endpoint URL is the query endpoint. The Graph Store endpoint defaults to a
sibling ``/store`` (Oxigraph's convention); give ``store_url`` when it lives
elsewhere (Fuseki's ``/ds/data``, Virtuoso's ``/sparql-graph-crud``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from .. import queryfiles
from ..formats import STORE
from ..results import Result
from . import Capabilities
from .dataset import QueryDataset
from .errors import QuerySyntaxError, QueryTimeout, StoreError

_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
           "application/sparql-results+xml;q=0.5")
USER_AGENT = "diplograph (https://w3id.org/diplograph)"
#: The SQL states Virtuoso gives a query stopped at its time limit: S1T00 with an error, S1TAT (header
#: X-SQL-State) with a partial "anytime" answer, which is not the query's answer either.
_TIMED_OUT = ("S1T00", "S1TAT")


def _sibling(url: str, name: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _sparql11_json(content: bytes) -> bytes | dict:
    """SPARQL 1.1 results JSON, from an endpoint that may still write the 2008 draft's ``typed-literal`` terms
    (Virtuoso 7 does): SPARQL 1.1 has one term type, ``literal``, with or without a ``datatype``.

    >>> _sparql11_json(b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "typed-literal", '
    ...                b'"datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]}}')["results"]
    {'bindings': [{'n': {'type': 'literal', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer', 'value': '1'}}]}
    """
    if b'"typed-literal"' not in content:
        return content  # the common case: nothing to rewrite, so the answer is parsed once
    doc = json.loads(content)
    for binding in doc.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
    return doc


class RemoteStore:
    """A SPARQL 1.1 endpoint.

    ``timeout`` bounds every request; a query's own ``timeout`` replaces it for that query.
    """

    name = "remote"

    def __init__(self, query_url: str, *, store_url: str | None = None, timeout: float = 60.0):
        if not query_url.startswith(("http://", "https://")):
            raise StoreError(f"{query_url!r} is not an http(s) endpoint URL")
        self.query_url = query_url
        self.store_url = store_url or _sibling(query_url, "store")
        self.capabilities = Capabilities(remote=True)
        self._client = httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=True)

    # -- queries -------------------------------------------------------------------------------------

    def query(self, sparql: str, *, timeout: float | None = None, dataset: QueryDataset | None = None,
              max_rows: int | None = None, network: bool = False) -> Result:
        """Send the query; a protocol dataset travels as ``default-graph-uri`` and ``named-graph-uri``.

        Whether the default graph is the union of all graphs is the server's choice; so is how it honours the
        query's FROM. (``network`` is moot: the store is reached over the network.)
        """
        params = []
        if dataset is not None:
            params = [("default-graph-uri", iri) for iri in dataset.default_graphs]
            params += [("named-graph-uri", iri) for iri in dataset.named_graphs]
        return self._query(sparql, params, timeout).capped(max_rows)

    def _query(self, sparql: str, params: list[tuple[str, str]], timeout: float | None) -> Result:
        form: dict[str, list[str]] = {"query": [sparql]}
        for name, value in params:
            form.setdefault(name, []).append(value)
        try:
            # "query via URL-encoded POST": every endpoint takes it, where a direct POST
            # (application/sparql-query) gets no answer at all from Virtuoso 7.2
            response = self._client.post(
                self.query_url,
                data=form,
                headers={"Accept": _ACCEPT},
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.TimeoutException:
            raise QueryTimeout(timeout or self._client.timeout.read or 0) from None
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach {self.query_url}: {error}") from None
        if response.headers.get("x-sql-state") in _TIMED_OUT or (
                response.status_code >= 500 and any(state in response.text[:200] for state in _TIMED_OUT)):
            # Virtuoso at its MaxQueryExecutionTime: an error, or (its "anytime" answer) the rows found so far
            raise QueryTimeout(timeout or self._client.timeout.read or 0)
        if response.status_code == 400:
            raise QuerySyntaxError.from_message(response.text or "the endpoint rejected the query")
        self._raise_for_status(response, "query")
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media in ("application/sparql-results+json", "application/json"):
            return Result.from_json(_sparql11_json(response.content))
        if media == "application/sparql-results+xml":
            parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.XML)
            if isinstance(parsed, ox.QueryBoolean):
                return Result("ask", boolean=bool(parsed))
            return Result.from_json(parsed.serialize(format=ox.QueryResultsFormat.JSON) or b"")
        if media in ("application/n-triples", "text/turtle", "text/plain"):
            rdf_format = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
            triples = ox.parse(response.content, rdf_format)
            return Result.from_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        raise StoreError(f"{self.query_url} answered with unexpected content type {media!r}")

    # -- Graph Store Protocol -------------------------------------------------------------------------

    def load(self, data: bytes | Path, format: str = "nquads", *, validated: bool = False) -> None:
        """Add the data's triples to their graphs: one Graph Store POST per graph."""
        raw = data.read_bytes() if isinstance(data, Path) else data
        try:
            quads = ox.parse(raw, STORE[format].rdf, lenient=validated)
        except SyntaxError as error:
            raise StoreError(f"could not parse {format} data: {error}") from None
        graphs: dict[str, list[ox.Triple]] = defaultdict(list)
        for quad in quads:
            graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs[graph].append(ox.Triple(quad.subject, quad.predicate, quad.object))
        for graph, triples in graphs.items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            params = {"graph": graph} if graph else {"default": ""}
            response = self._send("POST", params, body)
            self._raise_for_status(response, f"load into graph {graph or 'default'}")

    def dump(self, format: str = "nquads") -> bytes:
        """Every graph's triples, fetched by Graph Store GETs, as N-Quads."""
        if format != "nquads":
            raise StoreError("a remote store dumps N-Quads only")
        names = [row["g"] for row in self.query(queryfiles.read("diplograph.sparql.stores", "graph-names"))]
        quads: list[ox.Quad] = []
        for graph in [None, *names]:
            params = {"graph": str(graph)} if graph is not None else {"default": ""}
            response = self._send("GET", params, None, accept="application/n-triples")
            if graph is None and response.status_code == 404:
                continue
            self._raise_for_status(response, "dump")
            graph_name = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
            quads += [ox.Quad(t.subject, t.predicate, t.object, graph_name)
                      for t in ox.parse(response.content, ox.RdfFormat.N_TRIPLES)]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""

    def __len__(self) -> int:
        result = self.query(queryfiles.read("diplograph.sparql.stores", "quad-count"))
        return int(next(iter(result))["n"].toPython())

    def close(self) -> None:
        self._client.close()

    # -- HTTP ------------------------------------------------------------------------------------------

    def _send(self, method: str, params: dict, body: bytes | None, accept: str | None = None) -> httpx.Response:
        headers = {"Content-Type": "application/n-triples"} if body is not None else {}
        if accept:
            headers["Accept"] = accept
        try:
            return self._client.request(method, self.store_url, params=params, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach {self.store_url}: {error}") from None

    @staticmethod
    def _raise_for_status(response: httpx.Response, what: str) -> None:
        if response.status_code >= 400:
            detail = response.text.strip()[:300]
            raise StoreError(f"{what} failed: HTTP {response.status_code} from {response.request.url}: {detail}")
