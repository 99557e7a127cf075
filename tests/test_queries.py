"""The contract: every named query gives its expected answer, on every store backend."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import diplograph
from diplograph import queries

from .conftest import require
from .servers import oxigraph_executable, oxigraph_server

EXPECTED = Path(__file__).parent / "expected"
NUMERIC = ("#integer", "#decimal", "#double", "#float", "#int", "#long")
# the rdflib leg is the slow one; the remote legs start a server: `oxigraph serve`, and Virtuoso (loaded with
# its own bulk loader, see the `virtuoso_endpoint` fixture in conftest.py)
BACKENDS = ["oxigraph", pytest.param("rdflib", marks=pytest.mark.slow),
            pytest.param("remote", marks=pytest.mark.remote), pytest.param("virtuoso", marks=pytest.mark.remote)]


def expected_cases() -> list[tuple[str, dict[str, str], Path]]:
    cases = []
    for path in sorted(EXPECTED.glob("*.srj")):
        name, _, spec = path.stem.partition("@")
        params = dict(pair.split("=", 1) for pair in spec.split(",")) if spec else {}
        cases.append((name, params, path))
    return cases


@pytest.fixture(scope="session")
def remote_endpoint():
    require(oxigraph_executable() is not None, "the oxigraph server (PyPI package `oxigraph`) is needed")
    with oxigraph_server(timeout_s=30) as base:
        yield f"{base}/query"


@pytest.fixture(scope="session")
def graphs(corpus_build, request):
    """One KnowledgeGraph per backend, each loaded with the corpus build (the Oxigraph server through the Graph
    Store Protocol, Virtuoso by its bulk loader)."""
    opened = {}

    def get(backend: str):
        if backend not in opened:
            if backend == "remote":
                opened[backend] = diplograph.open(request.getfixturevalue("remote_endpoint"),
                                                  build_dir=corpus_build.build, load=True)
            elif backend == "virtuoso":  # loaded by Virtuoso's bulk loader, so not by diplograph
                opened[backend] = diplograph.open(request.getfixturevalue("virtuoso_endpoint"), load=False)
            else:
                opened[backend] = diplograph.open(backend, build_dir=corpus_build.build)
        return opened[backend]

    yield get
    for graph in opened.values():
        graph.close()


def normalised(term: dict, column: str = "") -> tuple:
    """A term compared by value: numbers as numbers (1300000000.0 equals 1300000000), the rest by form.

    A `*_labels` column joins several labels with ", " (GROUP_CONCAT), and a `statements` column several
    statement IRIs with " ", in an order SPARQL leaves undefined, so each is compared as a set.
    """
    datatype = term.get("datatype", "")
    if column.endswith("_labels") and term["type"] == "literal":
        return ("labels", tuple(sorted(term["value"].split(", "))))
    if column == "statements" and term["type"] == "literal":
        return ("statements", tuple(sorted(term["value"].split(" "))))
    if term["type"] == "literal" and datatype.endswith(NUMERIC):
        return ("number", Decimal(term["value"]))
    return (term["type"], term["value"], term.get("xml:lang"), datatype or None)


def rows_of(bindings: list[dict], columns: list[str]) -> list[tuple]:
    return [tuple(normalised(b[c], c) if c in b else None for c in columns) for b in bindings]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("name", "params", "path"), expected_cases(), ids=[p.stem for _, _, p in expected_cases()])
def test_named_query_gives_its_expected_answer(graphs, backend, name, params, path):
    expected = json.loads(path.read_text())
    result = graphs(backend).query(name, **params)
    if "boolean" in expected:
        assert result.boolean == expected["boolean"]
        return
    columns = expected["head"]["vars"]
    missing = [c for c in columns if c not in result.vars]
    assert not missing, f"{name} no longer selects {missing}"
    actual = rows_of(result.bindings, columns)
    wanted = rows_of(expected["results"]["bindings"], columns)
    if queries.load(name).ordered:
        assert actual == wanted
    else:
        assert Counter(actual) == Counter(wanted)


def test_every_competency_question_has_a_named_query_with_an_expected_answer():
    names = queries.names()
    assert len(names) >= 23
    answered = {name for name, _, _ in expected_cases()}
    assert set(names) <= answered, f"no expected answer for {sorted(set(names) - answered)}"


@pytest.mark.parametrize("query", queries.all_queries(), ids=lambda q: q.name)
def test_every_query_is_documented(query):
    assert query.title and query.description
    for param in query.params:
        assert param.description, f"{query.name}: parameter {param.name} has no description"
        assert f"?{param.name}" in query.sparql, f"{query.name}: parameter {param.name} is not a variable of the query"
