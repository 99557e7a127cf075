"""Virtuoso as a store: its default graph, its time limit, and diplograph's commands pointed at it.

Every named query on Virtuoso is in the contract tests (tests/test_queries.py); the server is the session's
(`virtuoso_endpoint` in conftest.py), loaded by Virtuoso's bulk loader. See docs/server-engines.md.
"""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

import diplograph
from diplograph.cli import cli
from diplograph.sparql.stores import QueryTimeout

pytestmark = pytest.mark.remote

ENTITIES = "https://w3id.org/diplograph/graph/entities"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s1 ?p1 ?o1 } GRAPH ?b { ?s2 ?p2 ?o2 } GRAPH ?c { ?s3 ?p3 ?o3 } }"


@pytest.fixture(scope="module")
def virtuoso(virtuoso_endpoint):
    graph = diplograph.open(virtuoso_endpoint, load=False)
    yield graph
    graph.close()


def count(graph, sparql: str) -> int:
    return int(graph.store.query(sparql).bindings[0]["n"]["value"])


def test_with_no_from_the_default_graph_is_the_union_of_all_graphs(virtuoso):
    # a triple of the entities graph and a statement of a source's graph, both matched outside any GRAPH
    assert virtuoso.query(f"ASK {{ <https://w3id.org/diplograph/id/cambodia> <{RDFS_LABEL}> ?l . "
                          "?statement <http://www.w3.org/ns/prov#wasDerivedFrom> ?source }").boolean
    in_entities = count(virtuoso, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")
    ours = count(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                           "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/diplograph/graph/')) }")
    union = count(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert 0 < in_entities < ours <= union
    # a query's FROM names its default graph instead
    assert count(virtuoso, f"SELECT (COUNT(*) AS ?n) FROM <{ENTITIES}> WHERE {{ ?s ?p ?o }}") == in_entities


def test_the_store_counts_each_quad_once_though_the_default_graph_is_the_union(virtuoso):
    quads = count(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(virtuoso.store) == quads  # not twice: the union default graph holds nothing of its own


def test_a_query_past_its_time_limit_gives_a_timeout(virtuoso):
    with pytest.raises(QueryTimeout):
        virtuoso.query(ENDLESS, timeout=1)
    assert virtuoso.query("ASK { GRAPH ?g { ?s ?p ?o } }").boolean  # the server still answers


def test_stats_from_virtuoso_are_the_builds(virtuoso_endpoint, corpus_build):
    runner = CliRunner()
    embedded = runner.invoke(cli, ["stats", "--build-dir", str(corpus_build.build)])
    served = runner.invoke(cli, ["stats", "--store", virtuoso_endpoint, "--build-dir", str(corpus_build.build)])
    assert embedded.exit_code == 0 and served.exit_code == 0, served.output
    assert served.output == embedded.output


def test_the_web_app_serves_the_same_answers_from_virtuoso(virtuoso_endpoint, web_settings, web):
    from .web import app_client, partnership_rows

    expected = partnership_rows(web)
    assert expected
    settings = dataclasses.replace(web_settings, store=virtuoso_endpoint, workers=1, load=False)
    with app_client(settings) as client:
        assert partnership_rows(client) == expected
        assert "Cambodia" in client.get("/id/cambodia", headers={"Accept": "text/html"}).text


@pytest.mark.slow
def test_virtuosos_own_time_limit_is_a_timeout_too(tmp_path):
    """MaxQueryExecutionTime stops the query on the server; its answer is a timeout, not rows (a new database's own
    graphs are enough to make the query long)."""
    from .conftest import require
    from .servers import VIRTUOSO_INSTALL, virtuoso_executable, virtuoso_server

    require(virtuoso_executable() is not None, f"the Virtuoso server virtuoso-t is needed: {VIRTUOSO_INSTALL}")
    with virtuoso_server(tmp_path / "virtuoso", max_execution_s=2) as server:
        graph = diplograph.open(server.sparql, load=False)
        try:
            with pytest.raises(QueryTimeout):
                graph.query(ENDLESS, timeout=120)  # far above the server's limit: the server stops it first
        finally:
            graph.close()
