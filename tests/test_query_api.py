"""The Python API and the query time limit."""

from __future__ import annotations

import multiprocessing

import pytest

import diplograph
from diplograph.queries import UnknownQuery
from diplograph.sparql.stores import QuerySyntaxError, QueryTimeout, StoreError, open_store

from .conftest import require
from .servers import oxigraph_executable, oxigraph_server

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s1 ?p1 ?o1 } GRAPH ?b { ?s2 ?p2 ?o2 } GRAPH ?c { ?s3 ?p3 ?o3 } }"


def test_open_loads_the_build_into_the_default_store(kg):
    assert kg.store.name == "oxigraph"
    assert len(kg.store) > 10_000


def test_named_query_rows_iterate_as_mappings_of_terms(kg):
    rows = list(kg.query("cambodia-strategic-partnerships"))
    assert {str(row["partner_label"]) for row in rows} == {"China", "Japan", "South Korea"}


def test_results_become_dataframes(kg):
    frame = kg.query("cambodia-strategic-partnerships").to_dataframe()
    assert list(frame.columns[:2]) == ["partner", "partner_label"]
    assert sorted(set(frame["partner_label"])) == ["China", "Japan", "South Korea"]


def test_evidence_adds_the_sources_and_quotes_behind_each_row(kg):
    result = kg.query("cambodia-strategic-partnerships", evidence=True)
    assert result.vars[-2:] == ["evidence_sources", "evidence_quotes"]
    korea = next(row for row in result if str(row["partner_label"]) == "South Korea")
    assert str(korea["evidence_sources"]) == "yen-2024"
    assert "16 May 2024" in str(korea["evidence_quotes"])


def test_sparql_text_runs_with_bound_python_values(kg):
    result = kg.query("""
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?s WHERE { GRAPH ?g { ?s dg:ordinal ?n } }""", n=3)
    assert len(result) >= 1


def test_construct_results_serialise_as_rdf(kg):
    result = kg.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/diplograph/graph/sources> { ?s ?p ?o } }")
    assert result.kind == "graph"
    assert b"@prefix dgsrc:" in result.serialize("turtle") or b"PREFIX dgsrc:" in result.serialize("turtle")
    assert len(result) == len(result.serialize("ntriples").splitlines())


def test_unknown_names_suggest_the_nearest(kg):
    with pytest.raises(UnknownQuery) as caught:
        kg.query("cambodia-strategic-partnership")
    assert caught.value.suggestions[0] == "cambodia-strategic-partnerships"


def test_syntax_errors_carry_line_and_column(kg):
    with pytest.raises(QuerySyntaxError) as caught:
        kg.query("SELECT ?x WHERE {\n  ?x ?p\n}")
    assert caught.value.line == 2


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_query_past_its_time_limit_is_stopped_and_the_store_keeps_answering(corpus_build, backend):
    graph = diplograph.open(backend, build_dir=corpus_build.build)
    before = set(multiprocessing.active_children())  # other tests' servers may have workers of their own
    try:
        with pytest.raises(QueryTimeout):
            graph.query(ENDLESS, timeout=1)
        assert set(multiprocessing.active_children()) - before == set()  # the worker running the query is gone
        assert graph.query("ASK { GRAPH ?g { ?s ?p ?o } }", timeout=10).boolean
    finally:
        graph.close()


@pytest.mark.slow
@pytest.mark.remote
def test_a_remote_query_past_its_time_limit_gives_a_timeout(corpus_build):
    require(oxigraph_executable() is not None, "the oxigraph server (PyPI package `oxigraph`) is needed")
    with oxigraph_server(timeout_s=2) as base:
        graph = diplograph.open(f"{base}/query", build_dir=corpus_build.build, load=True)
        try:
            with pytest.raises(QueryTimeout):
                graph.query(ENDLESS, timeout=1)
            assert graph.query("ASK { GRAPH ?g { ?s ?p ?o } }").boolean
        finally:
            graph.close()


def test_unknown_store_specs_are_explained():
    with pytest.raises(StoreError, match="unknown store 'fuseki'"):
        open_store("fuseki")


def test_an_on_disk_oxigraph_store_keeps_its_data(corpus_build, tmp_path):
    first = diplograph.open(f"oxigraph:{tmp_path / 'db'}", build_dir=corpus_build.build)
    count = len(first.store)
    first.close()
    second = diplograph.open(f"oxigraph:{tmp_path / 'db'}", build_dir=corpus_build.build)
    try:
        assert len(second.store) == count  # reopened without loading again
    finally:
        second.close()


@pytest.mark.parametrize("spec", ["oxigraph", "oxigraph:{tmp}"])
def test_only_data_the_build_checked_skips_the_stores_checks(spec, tmp_path):
    # A bad percent-encoding: refused from a user's file, taken as is from a build's output (its terms checked).
    data = b"<https://e.x/a> <https://e.x/p> <https://e.x/%zz> <https://e.x/g> .\n"
    store = open_store(spec.format(tmp=tmp_path / "db"))
    try:
        with pytest.raises(StoreError, match="percent encoding"):
            store.load(data, "nquads")
        assert len(store) == 0
        store.load(data, "nquads", validated=True)
        assert len(store) == 1
    finally:
        store.close()
