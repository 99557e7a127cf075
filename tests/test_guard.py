"""SERVICE reaches only the allow-list, decided on the query's parse: a refused query never leaves the machine."""

from __future__ import annotations

import pytest

import diplograph
from diplograph.sparql.guard import ServiceNotAllowed, check_services
from diplograph.sparql.stores import QuerySyntaxError
from diplograph.sparql.syntax import MAX_NESTING, QueryTooDeep, analyse

from .listener import recording_listener


def test_endpoints_are_found_in_any_group_and_any_case():
    query = ('SELECT * { { SeRvIcE <http://a.example/sparql> { ?s ?p ?o } } '
             'UNION { SERVICE SILENT <http://b.example/> {} } }')
    assert analyse(query).services == ("http://a.example/sparql", "http://b.example/")


def test_service_in_strings_comments_and_names_is_not_a_service():
    query = ('# SERVICE <http://a.example/>\nSELECT * { ?service <http://e.x/SERVICE> "SERVICE <http://b.example/>" ; '
             "<http://e.x/p> '''SERVICE <http://c.example/> {}''' }")
    assert analyse(query).services == ()


@pytest.mark.parametrize("escape", ["\\'", "\\#", "\\.", "\\~", "\\%"])
def test_an_escape_in_a_prefixed_name_does_not_hide_a_service_after_it(escape):
    query = (f"PREFIX ex: <http://e.x/> SELECT * WHERE {{ {{ ?s ex:a{escape} ?o }} UNION "
             "{ SERVICE <http://127.0.0.1:18099/x> { ?s ?p ?o } } }")
    assert analyse(query).services == ("http://127.0.0.1:18099/x",)


def test_prefixed_relative_and_escaped_endpoints_resolve_to_the_iri_called():
    assert analyse("PREFIX w: <https://w.example/> ASK { SERVICE w:sp\\.arql {} }").services == ("https://w.example/sp.arql",)
    assert analyse("BASE <https://w.example/a/> ASK { SERVICE <../sparql> {} }").services == ("https://w.example/sparql",)
    assert analyse("ASK { SERVICE <https\\u003A//w.example/sparql> {} }").services == ("https://w.example/sparql",)
    assert analyse("ASK { SERVICE <sparql> {} }").services == (None,)  # relative, and nothing to resolve it against


def test_unicode_escapes_are_expanded_in_the_text_that_runs():
    operation = analyse('ASK { ?s ?p "caf\\u00e9" }')
    assert operation.text == 'ASK { ?s ?p "café" }'
    assert analyse("SELECT * { \\u0053ERVICE <http://a.example/> {} }").services == ("http://a.example/",)


def test_forms_and_dataset_clauses():
    assert analyse("DESCRIBE <https://e.x/a>").form == "DESCRIBE"
    assert analyse("PREFIX : <https://e.x/> INSERT DATA { :a :b :c }").form == "UPDATE"
    assert analyse("SELECT * FROM <https://e.x/g> { ?s ?p ?o }").names_dataset
    assert analyse("SELECT * FROM NAMED <https://e.x/g> { GRAPH ?g { ?s ?p ?o } }").names_dataset
    assert not analyse("SELECT ?from { ?s <https://e.x/from> ?from }").names_dataset


def test_a_text_that_does_not_parse_is_refused_with_where_and_why():
    with pytest.raises(QuerySyntaxError) as caught:
        analyse("SELECT * WHERE {\n  ?s ?p ?o\n")
    assert (caught.value.line, caught.value.column) == (2, 11)
    assert "missing '}'" in caught.value.message and "OPTIONAL" in caught.value.message
    with pytest.raises(QuerySyntaxError) as caught:
        analyse("SELECT * WHERE { ?s ?p ?o } trailing")
    assert (caught.value.line, caught.value.column) == (1, 29)
    assert "'trailing'" in caught.value.message


@pytest.mark.parametrize("opening, closing, inner", [("{", "}", "?s ?p ?o"), ("(", ")", "1")])
def test_deep_nesting_is_measured_and_refused_without_recursion(opening, closing, inner):
    deep = 5000
    body = opening * deep + inner + closing * deep
    query = f"SELECT * WHERE {body}" if opening == "{" else f"SELECT * WHERE {{ FILTER({body}) }}"
    with pytest.raises(QueryTooDeep, match="5,00"):
        analyse(query)
    shallow = opening * 20 + inner + closing * 20
    query = f"SELECT * WHERE {shallow}" if opening == "{" else f"SELECT * WHERE {{ FILTER({shallow}) }}"
    assert 20 <= analyse(query).nesting <= MAX_NESTING


def test_allowed_endpoints_pass_and_others_are_refused():
    query = "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check_services(query, allowed=["https://query.wikidata.org/sparql"])
    with pytest.raises(ServiceNotAllowed, match="federation is off"):
        check_services(query, allowed=[])
    with pytest.raises(ServiceNotAllowed, match="variable"):
        check_services("SELECT * { SERVICE ?where { ?s ?p ?o } }", allowed=["https://query.wikidata.org/sparql"])
    prefixed = "PREFIX w: <https://w.example/> SELECT * { SERVICE w:sparql { ?s ?p ?o } }"
    assert check_services(prefixed, allowed=["https://w.example/sparql"]).services == ("https://w.example/sparql",)
    with pytest.raises(ServiceNotAllowed, match="w.example/sparql"):
        check_services(prefixed, allowed=["https://query.wikidata.org/sparql"])


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_refused_service_never_contacts_its_endpoint(corpus_build, backend, monkeypatch):
    monkeypatch.delenv("DIPLOGRAPH_SERVICE_ALLOW", raising=False)
    graph = diplograph.open(backend, build_dir=corpus_build.build)
    with recording_listener() as (url, received):
        try:
            with pytest.raises(ServiceNotAllowed):
                graph.query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}")
        finally:
            graph.close()
    assert received == []


def test_control_characters_in_literals_parse_and_outside_them_do_not():
    assert analyse('ASK { ?s ?p "a\x00b\x01c" }').text == 'ASK { ?s ?p "a\x00b\x01c" }'
    with pytest.raises(QuerySyntaxError, match=r"unexpected '\\x00'"):
        analyse("ASK { ?s ?p ?o } \x00")
