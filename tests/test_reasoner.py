"""The consistency check finds contradictions, with HermiT and with the OWL RL fallback."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from diplograph import ontology
from diplograph.ontology.namespaces import DG
from diplograph.ontology.reasoner import check_consistency, java_available, reasoner_input

from .conftest import require

SOMEONE = URIRef("https://w3id.org/diplograph/id/someone")


def ontology_with(*triples) -> Graph:
    graph = ontology.load()
    for triple in triples:
        graph.add(triple)
    return graph


@pytest.fixture(params=[pytest.param("hermit", marks=pytest.mark.reasoner), "owlrl"])
def reasoner(request):
    if request.param == "hermit":
        require(java_available(), "HermiT needs a Java runtime")
    return request.param


@pytest.mark.slow
def test_consistent_data_passes(reasoner):
    report = check_consistency(ontology_with((SOMEONE, RDF.type, DG.Person)), prefer=reasoner)
    assert report.consistent, report.problems


@pytest.mark.slow
def test_a_person_who_is_also_an_organisation_is_inconsistent(reasoner):
    graph = ontology_with((SOMEONE, RDF.type, DG.Person), (SOMEONE, RDF.type, DG.Organisation))
    report = check_consistency(graph, prefer=reasoner)
    assert not report.consistent
    assert report.problems


@pytest.mark.slow
def test_a_range_that_contradicts_a_disjoint_class_is_inconsistent(reasoner):
    # holdsPosition's range is Office; an Agreement cannot be an Office.
    treaty = URIRef("https://w3id.org/diplograph/id/a-treaty")
    graph = ontology_with((SOMEONE, RDF.type, DG.Person), (treaty, RDF.type, DG.Agreement),
                          (SOMEONE, DG.holdsPosition, treaty))
    assert not check_consistency(graph, prefer=reasoner).consistent


def test_without_java_auto_falls_back_to_owl_rl_and_says_so(monkeypatch):
    monkeypatch.setattr("diplograph.ontology.reasoner.java_available", lambda: False)
    report = check_consistency(ontology_with((SOMEONE, RDF.type, DG.Person)), prefer="auto")
    assert report.reasoner == "OWL RL (owlrl)"
    assert "no Java runtime" in report.note


def test_literals_outside_the_owl2_datatype_map_are_left_out_of_the_reasoner_input():
    graph = Graph()
    graph.add((SOMEONE, DG.startTime, Literal("2013", datatype=XSD.gYear)))
    graph.add((SOMEONE, DG.note, Literal("kept")))
    reduced = reasoner_input(graph)
    assert (SOMEONE, DG.note, Literal("kept")) in reduced
    assert len(reduced) == 1


@pytest.mark.slow
@pytest.mark.reasoner
def test_the_corpus_is_consistent_for_hermit(corpus_build):
    require(java_available(), "HermiT needs a Java runtime")
    from diplograph.graph.build import parse_inputs
    from diplograph.graph.compile import compile_dataset
    from diplograph.graph.validate import union_graph

    compiled = parse_inputs(corpus_build)
    dataset = compile_dataset(ontology.load(), compiled.vocabulary, compiled.entities, compiled.sources, compiled.facts)
    report = check_consistency(union_graph(dataset), prefer="hermit")
    assert report.reasoner == "HermiT"
    assert report.consistent, report.problems
