"""The W3C SPARQL 1.1 Protocol test suite, run against the endpoint from its manifest.

The suite (manifest and data) lives beside the project in ``shared/w3c-sparql11-protocol``
and is read from there at test time. Every ``mf:ProtocolTest`` is one test: its requests are
sent in order to one app whose store holds the suite's data, each data file in the named
graph the manifest labels it with, and each response is checked as the manifest says.

The endpoint is read-only by design, so the ``update_*`` cases are checked for a refusal (403,
saying read-only) rather than for the update's effect; ``bad_update_*`` cases must get a 4xx.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.query import Result

from diplograph.web.settings import ServerSettings

from .conftest import require
from .web import app_client

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
CASE_COUNT = 34

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

STATUS_CLASSES = {HTS.StatusCode2xx: 2, HTS.StatusCode3xx: 3, HTS.StatusCode4xx: 4, HTS.StatusCode5xx: 5}
#: Media types each expected format may come in, with the parser (rdflib format name) to read it back.
BOOLEAN_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml"}
TABULAR_TYPES = {**BOOLEAN_TYPES, "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


# --- reading the manifest ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    statuses: frozenset[int]  # status classes: 2 for 2xx, ...
    format: str | None  # "boolean", "tabular", "RDF"
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected: Expected

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_update(self) -> bool:
        """True for a request that carries a SPARQL update (direct, by form, or in the URL)."""
        if self.content_type == "application/sparql-update":
            return True
        form = self.body.decode("utf-8", "replace") if self.body and self.content_type.endswith("urlencoded") else ""
        query_string = self.path.partition("?")[2]
        return any(name == "update" for name, _ in parse_qsl(form) + parse_qsl(query_string))


@dataclass(frozen=True)
class ProtocolCase:
    name: str
    requests: tuple[ProtocolRequest, ...]
    graph_data: tuple[tuple[str, str], ...]  # (file name, graph IRI)


def _items(graph: Graph, head) -> list:
    return list(Collection(graph, head)) if head is not None else []


def _request(graph: Graph, node) -> ProtocolRequest:
    path = str(graph.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    headers = {str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
               for h in _items(graph, graph.value(node, HT.headers))}
    body = None
    if (content := graph.value(node, HT.body)) is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    expected_format = graph.value(response, MF.expectedFormat)
    expected = Expected(frozenset(STATUS_CLASSES[s] for s in graph.objects(response, MF.expectedStatus)),
                        str(expected_format) if expected_format is not None else None,
                        boolean.toPython() if boolean is not None else None)
    return ProtocolRequest(str(graph.value(node, HT.methodName)), "/sparql" + path[len("/sparql/"):], headers, body,
                           expected)


def load_cases(manifest: Path = MANIFEST) -> list[ProtocolCase]:
    """Every protocol test of the manifest, in the manifest's order."""
    graph = Graph().parse(manifest, format="turtle")
    root = graph.value(predicate=RDF.type, object=MF.Manifest)
    cases = []
    for entry in _items(graph, graph.value(root, MF.entries)):
        if (entry, RDF.type, MF.ProtocolTest) not in graph:
            continue
        action = graph.value(entry, MF.action)
        requests = tuple(_request(graph, node) for node in _items(graph, graph.value(action, HT.requests)))
        data = tuple(sorted((Path(str(graph.value(d, UT.graph))).name, str(graph.value(d, RDFS.label)))
                            for d in graph.objects(entry, UT.graphData)))
        cases.append(ProtocolCase(str(entry).rpartition("#")[2], requests, data))
    return cases


CASES = load_cases() if MANIFEST.is_file() else []


# --- the app under test ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """One app over the suite's data: every data file in the named graph the manifest gives it."""
    require(MANIFEST.is_file(), f"the W3C protocol test suite is not at {SUITE}")
    folder = tmp_path_factory.mktemp("w3c-protocol")
    build = folder / "build"  # empty: no diplograph dataset is loaded
    build.mkdir()
    dataset = Dataset()
    for file, graph_iri in sorted({pair for case in CASES for pair in case.graph_data}):
        dataset.graph(URIRef(graph_iri)).parse(SUITE / file, format="nt")
    data = folder / "protocol-data.nq"
    dataset.serialize(data, format="nquads")
    settings = ServerSettings(build=build, load=False, extra_data=(data,), workers=1)
    with app_client(settings) as test_client:
        yield test_client


def send(client, request: ProtocolRequest):
    return client.request(request.method, request.path, headers=request.headers, content=request.body,
                          follow_redirects=False)


def media_type(response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def read_boolean(response) -> bool:
    kind = media_type(response)
    assert kind in BOOLEAN_TYPES, f"a boolean answer came as {kind!r}"
    if BOOLEAN_TYPES[kind] == "json":
        return json.loads(response.content)["boolean"]
    return Result.parse(source=io.BytesIO(response.content), format="xml").askAnswer


def check_format(response, expected_format: str) -> None:
    """The answer is in a format the manifest allows for its kind, and parses."""
    kind = media_type(response)
    if expected_format == "boolean":
        read_boolean(response)
    elif expected_format == "tabular":
        assert kind in TABULAR_TYPES, f"a SELECT answer came as {kind!r}"
        result = Result.parse(source=io.BytesIO(response.content), format=TABULAR_TYPES[kind])
        assert result.type == "SELECT"
    elif expected_format == "RDF":
        assert kind in RDF_TYPES, f"a graph answer came as {kind!r}"
        Graph().parse(data=response.content, format=RDF_TYPES[kind])
    else:
        raise AssertionError(f"unknown expected format {expected_format!r}")


def check_status(response, request: ProtocolRequest) -> None:
    assert response.status_code // 100 in request.expected.statuses, (
        f"{request.method} {request.path}: {response.status_code} {response.text[:300]}")


# --- the suite -------------------------------------------------------------------------------------------

def test_the_suite_has_all_its_cases():
    require(MANIFEST.is_file(), f"the W3C protocol test suite is not at {SUITE}")
    graph = Graph().parse(MANIFEST, format="turtle")
    entries = _items(graph, graph.value(graph.value(predicate=RDF.type, object=MF.Manifest), MF.entries))
    assert len(entries) == CASE_COUNT
    assert len(CASES) == CASE_COUNT
    assert len({case.name for case in CASES}) == CASE_COUNT
    assert [case.name for case in CASES] == [str(entry).rpartition("#")[2] for entry in entries]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_protocol_case(client, case: ProtocolCase):
    assert case.requests, f"{case.name} has no requests"
    if case.name.startswith("update_"):
        _run_refused_update(client, case)
    elif case.name.startswith("bad_update_"):
        for request in case.requests:
            assert request.expected.statuses == {4}
            check_status(send(client, request), request)
    else:
        for request in case.requests:
            response = send(client, request)
            check_status(response, request)
            if request.expected.format is not None:
                check_format(response, request.expected.format)
            if request.expected.boolean is not None:
                assert read_boolean(response) is request.expected.boolean


def _run_refused_update(client, case: ProtocolCase) -> None:
    """An update case on a read-only endpoint: each update is refused, the queries after it still answer."""
    updates = [request for request in case.requests if request.is_update]
    assert updates, f"{case.name} sends no update"
    for request in case.requests:
        response = send(client, request)
        if request.is_update:
            assert response.status_code == 403, response.text
            assert "read-only" in response.text
        else:
            # The update before this query did not run, so the manifest's expected boolean (which
            # tests the update's effect) need not hold: only the status and the format are checked.
            check_status(response, request)
            if request.expected.format is not None:
                check_format(response, request.expected.format)
