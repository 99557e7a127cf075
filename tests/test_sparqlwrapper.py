"""A real SPARQL client, SPARQLWrapper, against `diplograph serve` on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import urllib.error
import warnings

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import diplograph

CAMBODIA = "https://w3id.org/diplograph/id/cambodia"
PARTNERS = f"""PREFIX dg: <https://w3id.org/diplograph/ontology#>
SELECT DISTINCT ?partner WHERE {{ GRAPH ?g {{
  ?s dg:predicate dg:strategicPartner ; dg:subject <{CAMBODIA}> ; dg:object ?partner }} }}"""


@pytest.fixture(scope="module")
def endpoint(corpus_server):
    return f"{corpus_server}/sparql"


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
    query = (f"CONSTRUCT {{ <{CAMBODIA}> ?p ?o }} "
             f"WHERE {{ GRAPH <https://w3id.org/diplograph/graph/entities> {{ <{CAMBODIA}> ?p ?o }} }}")
    graph = Graph().parse(data=client(endpoint, query, TURTLE).queryAndConvert(), format="turtle")
    with diplograph.open(build_dir=corpus_build.build) as local:
        assert len(graph) == len(local.query(query))
    assert (URIRef(CAMBODIA), None, None) in graph


def test_bad_query_is_reported(endpoint):
    with pytest.raises(QueryBadFormed) as raised:
        client(endpoint, "SELECT * WHERE { ?s ?p ", JSON).queryAndConvert()
    assert "syntax" in str(raised.value).lower()


# --- every query form, in every format SPARQLWrapper offers for it, by each way of sending ---------------------

#: One query of each form, about Cambodia.
FORMS = {
    "SELECT": f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{CAMBODIA}> ?p ?o }} }}",
    "ASK": f"ASK {{ GRAPH ?g {{ <{CAMBODIA}> ?p ?o }} }}",
    "CONSTRUCT": f"CONSTRUCT {{ <{CAMBODIA}> ?p ?o }} WHERE {{ GRAPH ?g {{ <{CAMBODIA}> ?p ?o }} }}",
    "DESCRIBE": f"DESCRIBE <{CAMBODIA}>",
}
#: The media type each return format must come back as, per kind of answer. SPARQLWrapper's N3 gets Turtle (which
#: N3 readers read); RDF and JSON, for which it sends only ``*/*`` and a ``format`` parameter, get RDF/XML and JSON-LD.
RESULT_TYPES = {JSON: "application/sparql-results+json", XML: "application/sparql-results+xml", CSV: "text/csv",
                TSV: "text/tab-separated-values"}
GRAPH_TYPES = {TURTLE: "text/turtle", N3: "text/turtle", XML: "application/rdf+xml", RDFXML: "application/rdf+xml",
               RDF: "application/rdf+xml", JSONLD: "application/ld+json", JSON: "application/ld+json"}
EXPECTED_TYPES = {"SELECT": RESULT_TYPES, "ASK": {JSON: RESULT_TYPES[JSON], XML: RESULT_TYPES[XML]},
                  "CONSTRUCT": GRAPH_TYPES, "DESCRIBE": GRAPH_TYPES}
#: How SPARQLWrapper sends a query: GET; POST of a form; POST of the bare query (format parameters in the URL).
METHODS = {"GET": ("GET", None), "POST-form": (POST, URLENCODED), "POST-direct": (POST, POSTDIRECTLY)}

MATRIX = [(method, form, format) for method in METHODS for form in FORMS for format in EXPECTED_TYPES[form]]


@pytest.fixture(scope="module")
def expected_sizes(corpus_build):
    """Rows of the SELECT, and triples of the CONSTRUCT and DESCRIBE, from the Python API.

    Both graphs are Cambodia's distinct (predicate, object) pairs: it has no blank-node values, and the endpoint's
    default graph, which DESCRIBE reads, is the union of the named graphs.
    """
    pairs = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{CAMBODIA}> ?p ?o }} }} }}"
    with diplograph.open(build_dir=corpus_build.build) as graph:
        assert not graph.query(f"ASK {{ GRAPH ?g {{ <{CAMBODIA}> ?p ?o FILTER isBlank(?o) }} }}").boolean
        triples = int(graph.query(pairs).bindings[0]["n"]["value"])
        return {"SELECT": len(graph.query(FORMS["SELECT"])), "CONSTRUCT": triples, "DESCRIBE": triples}


def send(endpoint: str, method: str, form: str, format: str):
    """SPARQLWrapper's answer to ``form`` in ``format``: (Content-Type, converted body)."""
    http_method, request_method = METHODS[method]
    wrapper = client(endpoint, FORMS[form], format, http_method)
    if request_method is not None:
        wrapper.setRequestMethod(request_method)
    with warnings.catch_warnings():
        # SPARQLWrapper warns that it sends "Accept: */*" for RDF and JSON graphs, and rdflib that its
        # ConjunctiveGraph is deprecated: neither is about the server
        warnings.simplefilter("ignore")
        answer = wrapper.query()
        return answer.info()["content-type"], answer.convert()


def size(form: str, format: str, body) -> int:
    """Rows or triples in a converted answer, parsed whatever type SPARQLWrapper gives it as."""
    if form == "SELECT":
        if format == JSON:
            return len(body["results"]["bindings"])
        if format == XML:
            return len(body.getElementsByTagName("result"))
        return len(list(csv.reader(io.StringIO(body.decode()), delimiter="," if format == CSV else "\t"))) - 1
    if isinstance(body, bytes):  # Turtle (and N3) come as text
        return len(Graph().parse(data=body, format="turtle"))
    return len(body)


@pytest.mark.parametrize(("method", "form", "format"), MATRIX, ids=["-".join(case) for case in MATRIX])
def test_every_form_in_every_format_by_every_method(endpoint, expected_sizes, method, form, format):
    content_type, body = send(endpoint, method, form, format)
    assert content_type.split(";")[0] == EXPECTED_TYPES[form][format]
    if form == "ASK":
        boolean = body["boolean"] if format == JSON else body.getElementsByTagName("boolean")[0].firstChild.data
        assert boolean in (True, "true")
    else:
        assert size(form, format, body) == expected_sizes[form] > 0


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("format", [CSV, TSV])
def test_ask_in_csv_or_tsv_is_406_naming_the_formats_offered(endpoint, method, format):
    # SPARQL's CSV and TSV results are defined for SELECT only
    with pytest.raises(urllib.error.HTTPError) as refused:
        send(endpoint, method, "ASK", format)
    assert refused.value.code == 406
    message = refused.value.read().decode()
    assert "application/sparql-results+json" in message and "application/sparql-results+xml" in message
