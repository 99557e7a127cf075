"""The web app over HTTP (in process): the SPARQL 1.1 Protocol, the Graph Store, Linked Data pages and the APIs.

Expected answers come from the graph itself, through the Python API (``diplograph.open``),
or from the request, never from copying what the server said.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import time
from urllib.parse import urljoin

import markupsafe
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.query import Result as RdflibResult

import diplograph
from diplograph import queries

from .web import app_client

PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX dgr: <https://w3id.org/diplograph/id/>
PREFIX dgg: <https://w3id.org/diplograph/graph/>
PREFIX dgsrc: <https://w3id.org/diplograph/source/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
CAMBODIA = "https://w3id.org/diplograph/id/cambodia"
ENTITIES = "https://w3id.org/diplograph/graph/entities"
SOURCE = "yen-2024"
SD = "http://www.w3.org/ns/sparql-service-description#"

#: Media types, and the rdflib parser for each, of the answers the endpoint gives.
RESULT_PARSERS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                  "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}

#: A SELECT whose answer is checked in every format: every entity with its English label.
LABELS_QUERY = PREFIXES + "SELECT ?s ?label WHERE { GRAPH dgg:entities { ?s rdfs:label ?label } } ORDER BY ?s ?label"
#: A CONSTRUCT with one triple per (predicate, value) of Cambodia.
CAMBODIA_CONSTRUCT = PREFIXES + "CONSTRUCT { dgr:cambodia ?p ?o } WHERE { GRAPH ?g { dgr:cambodia ?p ?o } }"


# --- helpers ---------------------------------------------------------------------------------------------

def api_count(kg, where: str) -> int:
    """``?n`` of a ``SELECT (COUNT(...) AS ?n)`` run through the Python API."""
    return int(kg.query(PREFIXES + where).bindings[0]["n"]["value"])


def api_values(kg, sparql: str, var: str) -> list[str]:
    return [row[var]["value"] for row in kg.query(PREFIXES + sparql).bindings if var in row]


def media(response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def query(client, sparql: str, accept: str | None = None, **params):
    """GET /sparql with a query (and any other protocol parameters)."""
    headers = {"Accept": accept} if accept else {}
    return client.get("/sparql", params={"query": sparql, **params}, headers=headers, follow_redirects=False)


def read_results(response) -> RdflibResult:
    """A SELECT or ASK answer, parsed back by rdflib in whichever format it came."""
    assert response.status_code == 200, response.text
    return RdflibResult.parse(source=io.BytesIO(response.content), format=RESULT_PARSERS[media(response)])


def read_graph(response) -> Graph:
    """An RDF answer, parsed back by rdflib in whichever format it came."""
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.content, format=RDF_PARSERS[media(response)])


def json_rows(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.headers.get("vary", "").split(",")}


def html_page(client, path: str, **params):
    return client.get(path, params=params, headers={"Accept": "text/html"}, follow_redirects=False)


# --- the three ways to send a query ----------------------------------------------------------------------

def test_get_form_post_and_direct_post_give_the_same_answer(web, kg):
    by_get = query(web, LABELS_QUERY)
    by_form = web.post("/sparql", data={"query": LABELS_QUERY})
    by_direct = web.post("/sparql", content=LABELS_QUERY.encode(), headers={"Content-Type": "application/sparql-query"})
    expected = [(row["s"]["value"], row["label"]["value"]) for row in kg.query(LABELS_QUERY).bindings]
    assert expected
    for response in (by_get, by_form, by_direct):
        assert [(row["s"]["value"], row["label"]["value"]) for row in json_rows(response)] == expected
    assert by_get.json() == by_form.json() == by_direct.json()


def test_head_gives_the_headers_without_a_body(web):
    response = web.head("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 200
    assert media(response) == "application/sparql-results+json"
    assert response.content == b""


# --- content negotiation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("accept", list(RESULT_PARSERS))
def test_select_in_every_results_format(web, kg, accept):
    response = query(web, LABELS_QUERY, accept=accept)
    assert media(response) == accept
    assert "accept" in vary(response)
    result = read_results(response)
    subjects = [str(row[0]).strip("<>") for row in result]  # TSV writes IRIs as <...>
    assert subjects == [row["s"]["value"] for row in kg.query(LABELS_QUERY).bindings]


@pytest.mark.parametrize(("format", "expected"), [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                                  ("xml", "application/sparql-results+xml"),
                                                  ("json", "application/sparql-results+json")])
def test_format_parameter_overrides_accept(web, format, expected):
    other = "text/csv" if format != "csv" else "application/sparql-results+json"
    response = query(web, LABELS_QUERY, accept=other, format=format)
    assert response.status_code == 200
    assert media(response) == expected
    assert len(read_results(response)) > 0


@pytest.mark.parametrize(("params", "accept", "expected"), [
    # the media type, or several names, as clients put them in the URL
    ([("format", "text/tab-separated-values")], None, "text/tab-separated-values"),
    ([("format", "tsv"), ("format", "text/tab-separated-values"), ("output", "tsv")], "text/tab-separated-values",
     "text/tab-separated-values"),
    ([("output", "csv")], None, "text/csv"),
    ([("results", "XML")], None, "application/sparql-results+xml"),
    ([("format", "application/sparql-results+json; charset=utf-8")], "text/csv", "application/sparql-results+json"),
    # a name this server does not know does not override Accept
    ([("format", "no-such-format")], "text/csv", "text/csv"),
    ([("format", "rdf+xml"), ("format", "application/rdf+xml")], "text/tab-separated-values",
     "text/tab-separated-values"),
], ids=["media-type", "sparqlwrapper-tsv", "output", "results", "media-type-with-charset", "unknown-name",
        "graph-format-for-select"])
def test_format_parameters_as_clients_send_them(web, kg, params, accept, expected):
    response = web.get("/sparql", params=[("query", LABELS_QUERY), *params],
                       headers={"Accept": accept} if accept else {})
    assert media(response) == expected
    assert len(read_results(response)) == len(kg.query(LABELS_QUERY).bindings) > 0


@pytest.mark.parametrize(("params", "expected"), [
    ([("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld")], "application/ld+json"),
    ([("format", "rdf+xml")], "application/rdf+xml"),
    ([("format", "n3")], "text/turtle"),
    ([("format", "application/rdf xml")], "application/rdf+xml"),  # an unencoded '+' arrives as a space
])
def test_graph_format_parameters_as_clients_send_them(web, params, expected):
    response = web.get("/sparql", params=[("query", CAMBODIA_CONSTRUCT), *params])
    assert media(response) == expected
    assert (URIRef(CAMBODIA), None, None) in read_graph(response)


def test_a_format_in_the_form_counts_like_one_in_the_url(web):
    response = web.post("/sparql", data={"query": LABELS_QUERY, "format": "tsv"})
    assert media(response) == "text/tab-separated-values"


def test_a_format_an_ask_has_not_falls_back_to_accept(web):
    response = query(web, "ASK {}", accept="application/sparql-results+xml", format="csv")
    assert media(response) == "application/sparql-results+xml"
    assert read_results(response).askAnswer is True


def test_an_unknown_format_and_an_unmet_accept_are_406_naming_both(web):
    response = query(web, LABELS_QUERY, accept="image/png", format="no-such-format")
    assert response.status_code == 406
    assert media(response) == "text/plain"
    for offered in RESULT_PARSERS:
        assert offered in response.text
    assert "no-such-format" in response.text


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
@pytest.mark.parametrize("answer", [True, False])
def test_ask_as_json_and_xml(web, kg, accept, answer):
    iri = CAMBODIA if answer else "https://w3id.org/diplograph/id/no-such-entity-anywhere"
    sparql = f"ASK {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"
    assert kg.query(sparql).boolean is answer
    response = query(web, sparql, accept=accept)
    assert media(response) == accept
    assert read_results(response).askAnswer is answer


def test_ask_as_csv_is_406_and_lists_what_is_offered(web):
    response = query(web, "ASK {}", accept="text/csv")
    assert response.status_code == 406
    for offered in ("application/sparql-results+json", "application/sparql-results+xml"):
        assert offered in response.text
    assert "text/csv" not in response.text


def test_a_graph_in_a_results_format_is_406_and_lists_rdf_formats(web):
    response = query(web, CAMBODIA_CONSTRUCT, accept="application/sparql-results+json")
    assert response.status_code == 406
    for offered in RDF_PARSERS:
        assert offered in response.text


@pytest.mark.parametrize("accept", list(RDF_PARSERS))
def test_construct_in_every_rdf_format(web, kg, accept):
    response = query(web, CAMBODIA_CONSTRUCT, accept=accept)
    assert media(response) == accept
    assert "accept" in vary(response)
    graph = read_graph(response)
    expected = api_count(kg, "SELECT (COUNT(*) AS ?n) "
                             "WHERE { SELECT DISTINCT ?p ?o WHERE { GRAPH ?g { dgr:cambodia ?p ?o } } }")
    assert expected > 0
    assert len(graph) == expected
    assert set(graph.subjects()) == {URIRef(CAMBODIA)}


@pytest.mark.parametrize("accept", list(RDF_PARSERS))
def test_describe_in_every_rdf_format(web, kg, accept):
    # Cambodia has no blank-node values, so its description is exactly its own triples.
    assert not kg.query(PREFIXES + "ASK { GRAPH ?g { dgr:cambodia ?p ?o FILTER isBlank(?o) } }").boolean
    response = query(web, f"DESCRIBE <{CAMBODIA}>", accept=accept)
    assert media(response) == accept
    graph = read_graph(response)
    assert len(graph) == api_count(kg, "SELECT (COUNT(*) AS ?n) "
                                       "WHERE { SELECT DISTINCT ?p ?o WHERE { GRAPH ?g { dgr:cambodia ?p ?o } } }")
    assert set(graph.subjects()) == {URIRef(CAMBODIA)}


def test_relative_iris_resolve_against_the_endpoint(web):
    endpoint = "http://127.0.0.1/sparql"
    response = query(web, "CONSTRUCT { <s> <p> 1 } WHERE {}", accept="application/n-triples")
    assert [(str(s), str(p)) for s, p, _ in read_graph(response)] == [(urljoin(endpoint, "s"), urljoin(endpoint, "p"))]
    # a BASE in the query wins
    response = query(web, "BASE <https://e.x/base/>\nCONSTRUCT { <s> <p> 1 } WHERE {}", accept="application/n-triples")
    assert [str(s) for s, _, _ in read_graph(response)] == ["https://e.x/base/s"]


# --- the service description -----------------------------------------------------------------------------

def test_service_description(web, kg):
    response = web.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert media(response) == "text/turtle"
    graph = read_graph(response)
    found = graph.query(f"""PREFIX sd: <{SD}>
        SELECT ?service ?endpoint WHERE {{ ?service a sd:Service ; sd:endpoint ?endpoint ;
                                                    sd:feature sd:UnionDefaultGraph }}""")
    assert [(str(s), str(e)) for s, e in found] == [("http://127.0.0.1/sparql", "http://127.0.0.1/sparql")]
    formats = {str(f) for f in graph.objects(predicate=URIRef(SD + "resultFormat"))}
    assert {"http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
            "http://www.w3.org/ns/formats/Turtle"} <= formats
    named = [str(row[0]) for row in graph.query(
        f"PREFIX sd: <{SD}> SELECT ?name WHERE {{ ?service sd:defaultDataset/sd:namedGraph/sd:name ?name }}")]
    assert len(named) == api_count(kg, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert set(named) == set(api_values(kg, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "g"))


def test_a_browser_asking_the_endpoint_is_sent_to_the_editor(web):
    response = web.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/query"


# --- the dataset of a request ----------------------------------------------------------------------------

def test_named_graph_uri_restricts_graph_patterns(web, kg):
    graphs = sorted(api_values(kg, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", "g"))[:2]
    assert len(graphs) == 2
    response = web.get("/sparql", params=[("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
                                          *[("named-graph-uri", g) for g in graphs]])
    assert sorted(row["g"]["value"] for row in json_rows(response)) == graphs


def test_default_graph_uri_makes_that_graph_the_default_graph(web, kg):
    expected = api_count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")
    total = api_count(kg, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert 0 < expected < total
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = query(web, count, **{"default-graph-uri": ENTITIES})
    assert int(json_rows(response)[0]["n"]["value"]) == expected
    # a request's dataset wins over the query's own FROM
    other = f"SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/diplograph/graph/{SOURCE}> WHERE {{ ?s ?p ?o }}"
    response = query(web, other, **{"default-graph-uri": ENTITIES})
    assert int(json_rows(response)[0]["n"]["value"]) == expected
    # and no named graphs are visible unless named
    response = query(web, "ASK { GRAPH ?g { ?s ?p ?o } }", **{"default-graph-uri": ENTITIES})
    assert response.json()["boolean"] is False


def test_a_querys_own_from_names_its_default_graph_over_the_union(web, kg):
    """SPARQL 1.1 dataset semantics: the union is the default only when neither the query nor the request names one."""
    ontology = "https://w3id.org/diplograph/graph/ontology"
    expected = api_count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ontology}> {{ ?s ?p ?o }} }}")
    union = int(json_rows(query(web, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0]["n"]["value"])
    assert 0 < expected < union
    from_ontology = f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}"
    assert int(json_rows(query(web, from_ontology))[0]["n"]["value"]) == expected
    # FROM NAMED alone: the default graph is empty, and GRAPH sees only the graphs named
    from_named = (f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ontology}> "
                  "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    assert int(json_rows(query(web, from_named))[0]["n"]["value"]) == expected


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_every_store_gives_from_the_same_meaning_under_the_union_default(corpus_build, backend):
    from diplograph.sparql.stores import QueryDataset

    graph = diplograph.open(backend, build_dir=corpus_build.build)
    try:
        ontology = "https://w3id.org/diplograph/graph/ontology"
        union = QueryDataset(union_default_graph=True)
        in_graph = graph.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ontology}> {{ ?s ?p ?o }} }}")
        with_from = graph.store.query(f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}", dataset=union)
        everything = graph.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", dataset=union)
    finally:
        graph.close()

    def count(result) -> int:
        return int(result.bindings[0]["n"]["value"])

    assert count(with_from) == count(in_graph) < count(everything)


def test_a_deeply_nested_query_is_400_before_it_reaches_a_worker(web):
    restarts = web.app.state.service.pool.restarts
    for body in ("{" * 5000 + "?s ?p ?o" + "}" * 5000, "{ FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
                 "{ ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 2500 + "}" * 2500 + " }"):
        response = web.post("/sparql", data={"query": "SELECT * WHERE " + body})
        assert response.status_code == 400
        assert re.search(r"nests groups and brackets [25],[05]0\d levels deep; this server reads at most 256",
                         response.text), response.text
    assert web.app.state.service.pool.restarts == restarts  # no worker crashed
    assert query(web, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_without_a_dataset_the_default_graph_is_the_union(web, kg):
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    expected = api_count(kg,
                         "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert int(json_rows(query(web, distinct))[0]["n"]["value"]) == expected
    # a triple of the entities graph and one of a source graph are both in the default graph
    source_graph = f"https://w3id.org/diplograph/graph/{SOURCE}"
    asked = (f"ASK {{ <{CAMBODIA}> rdfs:label ?l . ?st prov:wasDerivedFrom dgsrc:{SOURCE} }}")
    assert kg.query(PREFIXES + f"ASK {{ GRAPH <{ENTITIES}> {{ <{CAMBODIA}> rdfs:label ?l }} "
                               f"GRAPH <{source_graph}> {{ ?st prov:wasDerivedFrom dgsrc:{SOURCE} }} }}").boolean
    assert query(web, PREFIXES + asked).json()["boolean"] is True


# --- read-only -------------------------------------------------------------------------------------------

def test_updates_are_refused_and_change_nothing(web, kg):
    before = int(json_rows(query(web, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0]["n"]["value"])
    direct = web.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert direct.status_code == 403
    assert "read-only" in direct.text
    form = web.post("/sparql", data={"update": "CLEAR ALL"})
    assert form.status_code == 403
    assert "read-only" in form.text
    by_get = web.get("/sparql", params={"update": "CLEAR ALL"})
    assert by_get.status_code == 400
    assert "GET" in by_get.text
    as_query = query(web, "CLEAR ALL")
    assert 400 <= as_query.status_code < 500
    assert "update" in as_query.text and "read-only" in as_query.text
    after = int(json_rows(query(web, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0]["n"]["value"])
    assert after == before == api_count(kg, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_on_the_endpoint_are_405(web, method):
    response = web.request(method, "/sparql", params={"query": "ASK {}"})
    assert response.status_code == 405
    assert "GET" in response.headers["allow"] and "POST" in response.headers["allow"]
    assert method not in response.headers["allow"]


# --- errors ----------------------------------------------------------------------------------------------

def test_a_syntax_error_is_400_with_the_parsers_position(web):
    bad = "SELECT ?s\nWHERE { ?s ?p }"  # the object is missing just after ?p: line 2, column 14
    response = query(web, bad)
    assert response.status_code == 400
    assert "line 2, column 14: missing" in response.text


def test_a_non_utf8_body_is_refused(web):
    response = web.post("/sparql", content=b"ASK { <https://e.x/\xff> ?p ?o }",
                        headers={"Content-Type": "application/sparql-query"})
    assert 400 <= response.status_code < 500
    assert "UTF-8" in response.text


def test_a_utf16_charset_is_415(web):
    response = web.post("/sparql", content="ASK {}".encode("utf-16"),
                        headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert response.status_code == 415


def test_a_post_without_a_content_type_is_415(web):
    response = web.post("/sparql", content=b"query=ASK%20%7B%7D")
    assert response.status_code == 415
    assert "Content-Type" in response.text


def test_a_form_without_a_query_is_400(web):
    response = web.post("/sparql", data={"default-graph-uri": ENTITIES})
    assert response.status_code == 400
    assert media(response) == "text/plain"
    assert "query" in response.text
    # while a GET without one asks for the service description
    assert media(web.get("/sparql", headers={"Accept": "text/turtle"})) == "text/turtle"


def test_two_queries_are_400(web):
    response = web.get("/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert response.status_code == 400


def test_a_query_over_the_size_limit_is_413(web, web_settings):
    limit = web_settings.max_query_bytes
    padding = "#" + "x" * limit + "\n"
    response = web.post("/sparql", content=(padding + "ASK {}").encode(),
                        headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert f"{limit:,}" in response.text
    # just under the limit is fine
    fits = "#" + "x" * (limit - len("#\nASK {}") - 1) + "\nASK {}"
    assert len(fits.encode()) < limit
    ok = web.post("/sparql", content=fits.encode(), headers={"Content-Type": "application/sparql-query"})
    assert ok.status_code == 200, ok.text


def test_service_to_an_endpoint_not_allowed_is_403_and_the_server_goes_on(web):
    response = query(web, "SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }")
    assert response.status_code == 403
    assert "192.0.2.1" in response.text
    assert query(web, "ASK {}").json()["boolean"] is True


# --- the row cap -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def capped(web_settings):
    """An app that answers at most 5 rows (or triples)."""
    with app_client(dataclasses.replace(web_settings, max_rows=5, workers=1)) as client:
        yield client


@pytest.mark.parametrize(("limit", "cut"), [(20, True), (6, True), (5, False), (3, False)])
def test_the_row_cap_cuts_select_answers_and_says_so(capped, kg, limit, cut):
    sparql = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }} LIMIT {limit}"
    assert len(kg.query(sparql).bindings) == limit
    response = query(capped, sparql)
    assert len(json_rows(response)) == min(limit, 5)
    if cut:
        assert response.headers["X-SPARQL-MaxRows"] == "5"
    else:
        assert "X-SPARQL-MaxRows" not in response.headers


@pytest.mark.parametrize(("limit", "cut"), [(20, True), (3, False)])
def test_the_row_cap_cuts_construct_answers_and_says_so(capped, limit, cut):
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }} LIMIT {limit}"
    response = query(capped, sparql, accept="application/n-triples")
    assert len(read_graph(response)) == min(limit, 5)
    assert len([line for line in response.text.splitlines() if line.strip()]) == min(limit, 5)
    assert ("X-SPARQL-MaxRows" in response.headers) is cut
    if cut:
        assert response.headers["X-SPARQL-MaxRows"] == "5"


def test_the_cap_header_is_exposed_to_scripts(capped):
    response = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"},
                          headers={"Origin": "https://elsewhere.example"})
    assert "x-sparql-maxrows" in response.headers.get("access-control-expose-headers", "").lower()


# --- the time limit --------------------------------------------------------------------------------------

def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def test_a_query_past_the_time_limit_is_stopped_and_its_worker_replaced(web_settings):
    settings = dataclasses.replace(web_settings, timeout=1, workers=1, queue_wait=120)
    with app_client(settings) as client:
        pool = client.app.state.service.pool
        before = {worker.process.pid for worker in pool._all}
        assert len(before) == 1 and all(not _gone(pid) for pid in before)
        started = time.monotonic()
        response = query(client, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        assert response.status_code == 503
        assert "time limit" in response.text.lower()
        assert int(response.headers["Retry-After"]) > 0
        assert time.monotonic() - started < 30
        # the work really stopped: the process that ran it is gone (it is waited for off the event loop: soon)
        deadline = time.monotonic() + 10
        while not all(_gone(pid) for pid in before) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(_gone(pid) for pid in before)
        # the server goes on with a fresh worker
        ok = query(client, "ASK { ?s ?p ?o }")
        assert ok.status_code == 200 and ok.json()["boolean"] is True
        health = client.get("/api/health").json()
        assert health["restarts"] >= 1
        after = {worker.process.pid for worker in pool._all}
        assert after and not (after & before)


def test_every_503_says_when_to_retry():
    from diplograph.sparql.stores import QueryTimeout
    from diplograph.web.errors import STATUSES, retry_after
    from diplograph.web.pool import PoolBusy, WorkerLost

    examples = {QueryTimeout: QueryTimeout(30), PoolBusy: PoolBusy(10), WorkerLost: WorkerLost("gone")}
    unavailable = [kind for kind, status, _ in STATUSES if status == 503]
    assert set(unavailable) == set(examples)
    for kind in unavailable:
        assert retry_after(examples[kind]) > 0


# --- CORS ------------------------------------------------------------------------------------------------

def test_cors_allows_any_origin(web):
    response = web.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


def test_cors_preflight_for_a_post_with_a_content_type(web):
    response = web.options("/sparql", headers={"Origin": "https://elsewhere.example",
                                               "Access-Control-Request-Method": "POST",
                                               "Access-Control-Request-Headers": "Content-Type"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


# --- the Graph Store Protocol ----------------------------------------------------------------------------

@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples"])
def test_graph_store_gives_a_named_graph(web, kg, accept):
    graph_iri = f"https://w3id.org/diplograph/graph/{SOURCE}"
    response = web.get("/rdf-graphs", params={"graph": graph_iri}, headers={"Accept": accept})
    assert media(response) == accept
    expected = api_count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    assert expected > 0
    assert len(read_graph(response)) == expected


def test_graph_store_default_is_the_union(web, kg):
    response = web.get("/rdf-graphs?default", headers={"Accept": "application/n-triples"})
    expected = api_count(kg,
                         "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert len(read_graph(response)) == expected


def test_graph_store_unknown_graph_is_404(web, kg):
    unknown = "https://w3id.org/diplograph/graph/no-such-graph"
    assert not kg.query(f"ASK {{ GRAPH <{unknown}> {{ ?s ?p ?o }} }}").boolean
    assert web.get("/rdf-graphs", params={"graph": unknown}).status_code == 404


@pytest.mark.parametrize("url", ["/rdf-graphs", f"/rdf-graphs?default&graph={ENTITIES}"])
def test_graph_store_needs_exactly_one_graph(web, url):
    assert web.get(url).status_code == 400


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_graph_store_is_read_only(web, method):
    response = web.request(method, "/rdf-graphs", params={"graph": ENTITIES}, content=b"",
                           headers={"Content-Type": "text/turtle"})
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}


# --- Linked Data ------------------------------------------------------------------------------------------

def _cambodia_label(kg) -> Literal:
    labels = kg.query(PREFIXES + f"SELECT ?l WHERE {{ GRAPH <{ENTITIES}> {{ dgr:cambodia rdfs:label ?l }} }}")
    (label,) = [row["l"] for row in labels]
    return label


def test_entity_page_in_html(web, kg):
    label = _cambodia_label(kg)
    assert str(label) == "Cambodia"
    response = html_page(web, "/id/cambodia")
    assert response.status_code == 200
    assert media(response) == "text/html"
    assert f"<h1>{markupsafe.escape(str(label))}</h1>" in response.text


@pytest.mark.parametrize(("path", "accept"), [("/id/cambodia", "text/turtle"), ("/id/cambodia.ttl", None),
                                              ("/id/cambodia.nt", None), ("/id/cambodia.jsonld", None),
                                              ("/id/cambodia.rdf", None)])
def test_entity_as_rdf(web, kg, path, accept):
    response = web.get(path, headers={"Accept": accept} if accept else {})
    graph = read_graph(response)
    cambodia = URIRef(CAMBODIA)
    assert (cambodia, RDFS.label, _cambodia_label(kg)) in graph
    own = set(graph.predicate_objects(cambodia))
    expected = {(URIRef(row["p"]["value"]), row["o"]["value"]) for row in kg.query(
        PREFIXES + "SELECT DISTINCT ?p ?o WHERE { GRAPH ?g { dgr:cambodia ?p ?o } }").bindings}
    assert {(p, str(o)) for p, o in own} == expected


@pytest.mark.parametrize("path", ["/graph/entities.nt", "/graph/entities.ttl"])
def test_graph_page_as_rdf_is_the_whole_graph(web, kg, path):
    expected = api_count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")
    assert len(read_graph(web.get(path))) == expected


def test_entity_formats_agree(web):
    counts = {path: len(read_graph(web.get(path))) for path in
              ("/id/cambodia.ttl", "/id/cambodia.nt", "/id/cambodia.jsonld", "/id/cambodia.rdf")}
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_unknown_entity_is_404(web, kg, accept):
    assert not kg.query("ASK { GRAPH ?g { { <https://w3id.org/diplograph/id/xyz> ?p ?o } "
                        "UNION { ?s ?p <https://w3id.org/diplograph/id/xyz> } } }").boolean
    assert web.get("/id/xyz", headers={"Accept": accept}).status_code == 404


def test_source_page_lists_all_its_statements(web, kg):
    expected = api_count(kg, "SELECT (COUNT(DISTINCT ?st) AS ?n) "
                             f"WHERE {{ GRAPH ?g {{ ?st prov:wasDerivedFrom dgsrc:{SOURCE} }} }}")
    assert expected > 0
    page = html_page(web, f"/source/{SOURCE}").text
    assert re.search(r'<h2 id="statements-h">(\d+) statements?', page).group(1) == str(expected)
    listed = page.partition('<div class="groups"')[2].partition("</section>")[0]
    assert listed.count("<li id=") == expected


def test_entity_page_shows_quoted_evidence(web, kg):
    # a quote of a statement about Cambodia, one that needs escaping if there is one
    quotes = api_values(kg, """SELECT ?quote WHERE { GRAPH ?g { ?st dg:subject dgr:cambodia ; dg:evidence ?e .
                                                              ?e oa:exact ?quote } }
                               ORDER BY DESC(CONTAINS(?quote, "'") || CONTAINS(?quote, "&")) ?quote LIMIT 1""", "quote")
    assert quotes
    page = html_page(web, "/id/cambodia").text
    assert str(markupsafe.escape(quotes[0])) in page


# --- search ----------------------------------------------------------------------------------------------

def test_search_finds_cambodia_first(web, kg):
    hits = web.get("/api/search", params={"q": "camb"}).json()
    assert hits[0]["iri"] == CAMBODIA
    assert hits[0]["label"] == str(_cambodia_label(kg))
    assert hits[0]["matched"] is None
    assert hits[0]["url"] == "/id/cambodia"


def test_search_finds_an_entity_by_its_alias(web, kg):
    rows = kg.query(PREFIXES + """SELECT ?s ?alias WHERE { GRAPH dgg:entities {
            ?s skos:altLabel ?alias ; rdfs:label ?label FILTER (LANG(?label) IN ("en", "")) }
          FILTER (LCASE(STR(?alias)) != LCASE(STR(?label)) && STRSTARTS(STR(?s), STR(dgr:))) }
        ORDER BY ?s ?alias LIMIT 1""").bindings
    assert rows
    entity, alias = rows[0]["s"]["value"], rows[0]["alias"]["value"]
    hits = web.get("/api/search", params={"q": alias, "limit": 50}).json()
    mine = [hit for hit in hits if hit["iri"] == entity]
    assert mine, (alias, hits)
    assert mine[0]["matched"] == alias


@pytest.mark.parametrize("text", ["\"'><script>alert(1)</script>", "' OR '1'='1", "} UNION { ?s ?p ?o }", ".*", "(",
                                  "\\", "%", "\x00", "🙂" * 50, "x" * 5000, "  "])
def test_search_with_hostile_text_is_plain_json(web, text):
    response = web.get("/api/search", params={"q": text})
    assert response.status_code == 200
    assert media(response) == "application/json"
    assert isinstance(response.json(), list)


@pytest.mark.parametrize("raw", ["%FF%FE", "%00", "%", "%E2%82"])
def test_search_with_broken_percent_encoding_is_not_a_500(web, raw):
    response = web.get(f"/api/search?q={raw}")
    assert response.status_code < 500
    assert isinstance(response.json(), list)


# --- named queries ---------------------------------------------------------------------------------------

def test_gallery_lists_every_named_query(web):
    page = html_page(web, "/queries").text
    for name in queries.names():
        assert f'href="/queries/{name}"' in page


def test_named_query_page_shows_the_api_answer(web, kg):
    result = kg.query("members-of", organisation="quad")
    labels = {row["member_label"]["value"] for row in result.bindings}
    assert labels
    response = html_page(web, "/queries/members-of", organisation="quad")
    assert response.status_code == 200
    for label in labels:
        assert f">{markupsafe.escape(label)}</a>" in response.text
    assert re.search(r'<p class="summary">(\d+) rows?', response.text).group(1) == str(len(result.bindings))


def test_named_query_bad_parameter_is_a_400_page(web):
    bad = "%C2%B2"  # a year in a digit that is not ASCII
    with pytest.raises(queries.ParameterError) as error:
        queries.load("partnerships-as-of").bindings({"as_of": "²"})
    response = web.get(f"/queries/partnerships-as-of?as_of={bad}", headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert media(response) == "text/html"
    assert str(markupsafe.escape(str(error.value))) in response.text


def test_named_query_unknown_name_is_a_page_with_the_form(web):
    response = html_page(web, "/queries/members-of", organisation="not an iri!")
    assert response.status_code == 404
    assert media(response) == "text/html"
    assert "No entity is called" in response.text and '<form class="params"' in response.text


def test_named_query_csv_download(web, kg):
    result = kg.query("members-of", organisation="quad")
    response = web.get("/queries/members-of.csv", params={"organisation": "quad"})
    assert response.status_code == 200
    assert media(response) == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(result.bindings)
    assert [row["member"] for row in rows] == [b["member"]["value"] for b in result.bindings]


def test_unknown_named_query_is_404(web):
    assert html_page(web, "/queries/no-such-query").status_code == 404


# --- security headers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/query", "/queries", "/queries/members-of?organisation=quad", "/id/cambodia",
                                  f"/source/{SOURCE}", "/search?q=camb", "/id/xyz",
                                  "/queries/members-of?organisation=not+an+iri"])
def test_every_html_page_has_a_content_security_policy(web, path):
    response = web.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
    assert media(response) == "text/html", (path, response.status_code)
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in [part.strip() for part in policy.split(";")]
