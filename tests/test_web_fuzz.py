"""Random and mutated requests never break the endpoint: each gets a success, or a 4xx or 503 with a message.

Queries are the named queries with characters deleted, repeated, swapped or replaced,
plus random token soup; parameters, methods, content types and Accept headers are
drawn at random too. After every example the server must still answer a plain query.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph import queries

from .web import app_client

NAMED = [query.sparql for query in queries.all_queries()]
TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "GRAPH", "OPTIONAL", "UNION",
          "FILTER", "(", ")", ".", ";", ",", "*", "<https://w3id.org/diplograph/id/cambodia>", "dg:subject", "\"x\"@en",
          "PREFIX dg: <https://w3id.org/diplograph/ontology#>", "LIMIT", "5", "ORDER BY", "COUNT", "GROUP BY", "VALUES",
          "SERVICE", "BIND", "AS", "+", "/", "|", "^", "!", "a", "#", "\n", "'", "\\", "\u00e9", "\x00", "\ud7ff"]
ACCEPTS = ["*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/turtle",
           "application/ld+json", "text/html", "image/png", "", ";;;q=abc", "text/*;q=0.1, application/*;q=x"]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
                 "application/sparql-query; charset=latin-1", "text/plain", "", "multipart/form-data; boundary=x"]


@st.composite
def mutated_query(draw) -> str:
    text = draw(st.sampled_from(NAMED))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["delete", "repeat", "replace", "insert", "cut"]))
        if how == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif how == "repeat":
            text = text[:at] + text[at:at + 30] * draw(st.integers(2, 5)) + text[at:]
        elif how == "replace":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at + 1:]
        elif how == "insert":
            text = text[:at] + " " + draw(st.sampled_from(TOKENS)) + " " + text[at:]
        else:
            text = text[:at]
    return text


token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)
any_query = st.one_of(mutated_query(), token_soup, st.text(max_size=200))


@pytest.fixture(scope="module")
def fuzz_client(web_settings):
    with app_client(dataclasses.replace(web_settings, timeout=3, max_rows=200, workers=2)) as client:
        yield client


def check(response) -> None:
    assert response.status_code < 500 or response.status_code == 503, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert response.text.strip(), "an error answer must say what went wrong"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=any_query, accept=st.sampled_from(ACCEPTS), content_type=st.sampled_from(CONTENT_TYPES),
       method=st.sampled_from(["GET", "POST"]), extra=st.dictionaries(
           st.sampled_from(["default-graph-uri", "named-graph-uri", "format", "query", "update", "limit"]),
           st.text(max_size=30), max_size=3))
def test_random_requests_get_an_answer(fuzz_client, query, accept, content_type, method, extra):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        response = fuzz_client.get("/sparql", params={"query": query, **extra}, headers=headers)
    elif content_type == "application/x-www-form-urlencoded":
        response = fuzz_client.post("/sparql", data={"query": query, **extra}, headers=headers)
    else:
        response = fuzz_client.post("/sparql", content=query.encode("utf-8", "surrogatepass"), params=extra,
                                    headers={**headers, **({"Content-Type": content_type} if content_type else {})})
    check(response)
    assert fuzz_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(queries.names()), values=st.dictionaries(st.sampled_from(
    ["country", "organisation", "initiative", "state", "year", "as_of", "from_year", "to_year", "entity", "source",
     "limit", "nonsense"]), st.text(max_size=40), max_size=3))
def test_random_parameters_of_named_queries(fuzz_client, name, values):
    check(fuzz_client.get(f"/queries/{name}", params=values))
    check(fuzz_client.get(f"/queries/{name}.csv", params=values))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
       kind=st.sampled_from(["id", "source", "statement", "concept", "graph", "queries", "api/search?q=", "rdf-graphs?graph="]))
def test_random_paths(fuzz_client, kind, path):
    escaped = quote(path, safe="/")
    check(fuzz_client.get(f"/{kind}/{escaped}" if "?" not in kind else f"/{kind}{escaped}", headers={"Accept": "text/html"}))
