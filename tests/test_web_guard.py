"""The endpoint reaches nothing on a query's behalf: SERVICE only to an allow-list, FROM and FROM NAMED never fetched.

A listener on 127.0.0.1 stands in for the outside world and records every request. The
positive control (the same listener, allow-listed) shows the test would notice a request.
"""

from __future__ import annotations

import dataclasses

import pytest

from .listener import recording_listener
from .web import app_client

STORES = ["oxigraph", pytest.param("rdflib", marks=pytest.mark.slow)]


@pytest.fixture(scope="module", params=STORES)
def listener_and_app(request, web_settings):
    with recording_listener() as (url, received):
        settings = dataclasses.replace(web_settings, store=request.param, workers=1)
        with app_client(settings) as client:
            yield url, received, client


def hostile_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . {{ SERVICE <{url}/nested> {{ ?s ?q ?r }} }} }} LIMIT 1",
        f"PREFIX remote: <{url}/> SELECT * WHERE {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?where) SERVICE ?where {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{url}/named.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        f"ASK FROM <{url}/a.ttl> FROM NAMED <{url}/b.ttl> {{ ?s ?p ?o }}",
        f"DESCRIBE <{url}/thing>",
        f"LOAD <{url}/data.ttl>",
    ]


def test_nothing_reaches_the_listener(listener_and_app):
    url, received, client = listener_and_app
    statuses = {}
    for query in hostile_queries(url):
        statuses[query] = client.post("/sparql", data={"query": query}).status_code
    # protocol-level dataset parameters naming remote IRIs are not fetched either
    statuses["default-graph-uri"] = client.get("/sparql", params={
        "query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{url}/d.ttl",
        "named-graph-uri": f"{url}/n.ttl"}).status_code
    assert received == [], f"the endpoint contacted the listener: {received}"
    refused = [query for query, status in statuses.items() if "SERVICE" in query]
    assert all(statuses[query] == 403 for query in refused), statuses
    assert statuses[f"LOAD <{url}/data.ttl>"] in (400, 403)
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_an_allow_listed_service_is_called(web_settings):
    """Positive control: with the listener on the allow-list, the same SERVICE query does reach it."""
    with recording_listener() as (url, received):
        settings = dataclasses.replace(web_settings, workers=1, services=(f"{url}/sparql",))
        with app_client(settings) as client:
            response = client.post("/sparql",
                                   data={"query": f"SELECT ?x WHERE {{ SERVICE <{url}/sparql> {{ ?x ?p ?o }} }}"})
            assert response.status_code == 200, response.text
            assert [b["x"]["value"] for b in response.json()["results"]["bindings"]] == ["from the listener"]
            assert ("POST", "/sparql") in received or ("GET", "/sparql") in received
            # another endpoint on the same host stays refused
            other = client.post("/sparql", data={"query": f"SELECT * WHERE {{ SERVICE <{url}/other> {{ ?s ?p ?o }} }}"})
            assert other.status_code == 403
            assert all(path.startswith("/sparql") for _, path in received)
