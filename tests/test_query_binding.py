"""Parameters are bound as data: no value can change what a query means."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph import queries
from diplograph.sparql.binding import BindingError, bind_values, where_group_start

from .examples import examples

HOSTILE = [
    '"} ; DROP ALL ; #',
    "'} } INSERT DATA { <x:a> <x:b> <x:c> } #",
    '"\n} UNION { ?s ?p ?o } #',
    '\\"} FILTER(true) #',
    '"""} #',
    "> } ; CLEAR ALL ; <",
]

COUNT_BY_NAME = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e rdfs:label ?label } FILTER(STR(?label) = ?name) }"""


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_string_stays_a_string(kg, value):
    before = len(kg.store)
    result = kg.query(COUNT_BY_NAME, name=value)
    assert [int(row["n"].toPython()) for row in result] == [0]
    assert len(kg.store) == before


def test_the_same_query_with_a_real_value_does_find_it(kg):
    assert [int(row["n"].toPython()) for row in kg.query(COUNT_BY_NAME, name="Cambodia")] >= [1]


@pytest.mark.parametrize("value", HOSTILE + ["dgr:japan> } ; DROP ALL ; <x", "japan } UNION {"])
def test_a_hostile_iri_parameter_is_refused(value):
    with pytest.raises(queries.ParameterError):
        queries.load("cambodia-strategic-partnerships").bindings({"country": value})


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_for_a_named_query_is_a_name_of_nothing_and_changes_nothing(kg, value):
    # withdrawals' `source` takes a source's id or title: a hostile one names no source, and is refused as such
    before = len(kg.store)
    with pytest.raises(queries.ParameterError, match="no source is called"):
        kg.query("withdrawals", source=value)
    assert len(kg.store) == before
    assert len(kg.query("withdrawals", source="samath-2020")) == 4


@pytest.fixture(scope="module")
def labels(kg) -> Counter:
    """How many times each label is written, counted in Python from every label in the graph: the answer the
    bound query must give, found without binding anything."""
    every = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT ?label WHERE { GRAPH ?g { ?e rdfs:label ?label } }")
    return Counter(str(row["label"]) for row in kg.query(every))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_string_binds_to_a_query_that_still_parses_and_matches_nothing_unexpected(kg, labels, data):
    # any text at all, or a label the graph has (so that matching something is tried too)
    value = data.draw(st.one_of(st.text(max_size=40), st.sampled_from(sorted(labels))))
    (row,) = list(kg.query(COUNT_BY_NAME, name=value))
    assert int(row["n"].toPython()) == labels[value]


def test_values_go_into_the_outer_where_group_not_a_construct_template():
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    bound = bind_values(query, {"s": ox.NamedNode("https://e.x/a")})
    assert bound.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s)")
    assert where_group_start("SELECT * { ?s ?p ?o }") == len("SELECT * {")


def test_keywords_in_strings_iris_and_comments_are_not_mistaken_for_where():
    query = '# WHERE {\nSELECT ?x WHERE { ?x <https://e.x/WHERE{> "WHERE {" }'
    assert query[: where_group_start(query)].endswith("SELECT ?x WHERE {")


def test_a_parameter_name_must_be_a_variable_name():
    with pytest.raises(BindingError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s) {} DROP ALL": ox.Literal("x")})


def test_parameter_types_are_checked():
    query = queries.load("partnerships-as-of")
    with pytest.raises(queries.ParameterError, match="as_of"):
        query.bindings({"as_of": "last year"})
    with pytest.raises(queries.ParameterError, match="no parameter 'year'"):
        query.bindings({"year": "2015"})
    assert str(query.bindings({"as_of": "2019"})["as_of"]) == '"2019"^^<http://www.w3.org/2001/XMLSchema#integer>'
