"""A real SPARQL client, SPARQLWrapper, against `diplograph serve` on 127.0.0.1."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import diplograph

from .web import live_server

CAMBODIA = "https://w3id.org/diplograph/id/cambodia"
PARTNERS = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
SELECT DISTINCT ?partner WHERE { GRAPH ?g { ?s dg:predicate dg:strategicPartner ; dg:subject <%s> ; dg:object ?partner } }""" % CAMBODIA


@pytest.fixture(scope="module")
def endpoint(corpus_build):
    with live_server(corpus_build.build) as base:
        yield f"{base}/sparql"


@pytest.fixture(scope="module")
def expected(corpus_build):
    with diplograph.open(build_dir=corpus_build.build) as graph:
        return sorted(str(row["partner"]) for row in graph.query(PARTNERS))


def client(endpoint: str, query: str, format: str, method: str = "GET") -> SPARQLWrapper:
    wrapper = SPARQLWrapper(endpoint, agent="diplograph-tests")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(format)
    wrapper.setMethod(method)
    return wrapper


@pytest.mark.parametrize("method", ["GET", POST])
def test_select_json(endpoint, expected, method):
    answer = client(endpoint, PARTNERS, JSON, method).queryAndConvert()
    assert sorted(b["partner"]["value"] for b in answer["results"]["bindings"]) == expected
    assert expected, "the corpus names Cambodia's strategic partners"


def test_select_xml_and_csv(endpoint, expected):
    document = client(endpoint, PARTNERS, XML).queryAndConvert()
    uris = sorted(node.firstChild.data for node in document.getElementsByTagName("uri"))
    assert uris == expected
    text = client(endpoint, PARTNERS, CSV).queryAndConvert().decode()
    assert sorted(text.split()[1:]) == expected


def test_ask(endpoint):
    ask = "ASK { GRAPH ?g { <%s> ?p ?o } }"
    assert client(endpoint, ask % CAMBODIA, JSON).queryAndConvert()["boolean"] is True
    assert client(endpoint, ask % "https://w3id.org/diplograph/id/atlantis", JSON).queryAndConvert()["boolean"] is False


def test_construct_turtle(endpoint, corpus_build):
    query = "CONSTRUCT { <%s> ?p ?o } WHERE { GRAPH <https://w3id.org/diplograph/graph/entities> { <%s> ?p ?o } }" % (CAMBODIA, CAMBODIA)
    graph = Graph().parse(data=client(endpoint, query, TURTLE).queryAndConvert(), format="turtle")
    with diplograph.open(build_dir=corpus_build.build) as local:
        assert len(graph) == len(local.query(query))
    assert (URIRef(CAMBODIA), None, None) in graph


def test_bad_query_is_reported(endpoint):
    with pytest.raises(QueryBadFormed) as raised:
        client(endpoint, "SELECT * WHERE { ?s ?p ", JSON).queryAndConvert()
    assert "syntax" in str(raised.value).lower()
