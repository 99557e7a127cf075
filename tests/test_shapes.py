"""The SHACL shapes, written so pySHACL checks a large dataset quickly (a shared value once, a rule from the concept
it is about, property shapes with targets of their own), still reject broken statements, and each violation still
names the file and line of the curated fact (see ontology/shapes.ttl and graph/validate.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from diplograph.graph import build as build_module
from diplograph.graph.build import run_checks
from diplograph.ontology.namespaces import DG, entity_iri

FACTS = "facts/mini-doc.yaml"
CONCEPT = "https://w3id.org/diplograph/concept/"
OA_SELECTOR = URIRef("http://www.w3.org/ns/oa#TextQuoteSelector")

# the statements of the fixture's facts file, by predicate, and the line each begins on
LINES = {DG.strategicPartner: 3, DG.adheresTo: 10, DG.figure: 15, DG.visited: 30}

Change = Callable[[Dataset, URIRef], None]


def statement(dataset: Dataset, predicate: URIRef) -> tuple[URIRef, object]:
    """The statement with ``predicate``, and the graph that holds it."""
    found = [(s, g) for s, _, _, g in dataset.quads((None, DG.predicate, predicate, None))]
    assert len(found) == 1, f"fixture changed: {len(found)} statements with {predicate}"
    return found[0]  # type: ignore[return-value]


def replace(prop: URIRef, value) -> Change:
    def change(graph, node):
        graph.remove((node, prop, None))
        graph.add((node, prop, value))
    return change


def add(prop: URIRef, *values) -> Change:
    def change(graph, node):
        for value in values:
            graph.add((node, prop, value))
    return change


def remove(*props: URIRef) -> Change:
    def change(graph, node):
        for prop in props:
            graph.remove((node, prop, None))
    return change


def untype_evidence(graph, node):
    for quote in list(graph.objects(node, DG.evidence)):
        graph.remove((quote, RDF.type, OA_SELECTOR))


YEAR = Literal("2019", datatype=XSD.gYear)

CASES = [
    # a time is checked once per value (sh:targetObjectsOf), and traced to each statement that names it
    (DG.strategicPartner, replace(DG.startTime, Literal("2013", datatype=XSD.string)),
     "startTime: a time is a year, a month or a day"),
    # a concept is checked once (sh:targetObjectsOf), and traced to the statements that name it
    (DG.strategicPartner, replace(DG.level, URIRef(CONCEPT + "validity/dated")),
     "level: a concept of the partnership level scheme"),
    (DG.figure, replace(DG.unit, entity_iri("cambodia")), "unit: a concept of the unit scheme"),
    (DG.adheresTo, replace(DG.validity, URIRef(CONCEPT + "status/in-force")),
     "validity: a concept of the validity scheme"),
    # the valid-time rules start from the validity concept (sh:targetNode, an inverse path)
    (DG.visited, remove(DG.pointInTime), "a dated statement gives its time"),
    (DG.visited, remove(DG.pointInTime), "a visit or meeting says when it happened"),
    (DG.adheresTo, add(DG.pointInTime, YEAR), "a statement current at writing has no point in time"),
    (DG.adheresTo, remove(DG.holdsFrom), "a statement current at writing has no point in time"),
    (DG.adheresTo, replace(DG.validity, URIRef(CONCEPT + "validity/timeless")), "a timeless statement carries no time"),
    # the rules for one predicate start from the predicate
    (DG.strategicPartner, replace(DG.predicate, DG.keyPartner), "a key-partner statement says in which field"),
    (DG.visited, replace(DG.predicate, DG.participatedIn), "one takes part in an event"),
    # an amount needs its unit (sh:targetSubjectsOf dg:amount)
    (DG.strategicPartner, add(DG.amount, Literal("5", datatype=XSD.decimal)),
     "unit: an amount needs its currency in dg:unit"),
    # what a statement may carry, on the subjects that carry it (sh:targetSubjectsOf)
    (DG.strategicPartner, add(DG.level, URIRef(CONCEPT + "partnership-level/comprehensive-strategic-partnership")),
     "level: More than 1 values"),
    (DG.adheresTo, add(DG.holdsUntil, YEAR, Literal("2020", datatype=XSD.gYear)), "holdsUntil: More than 1 values"),
    (DG.strategicPartner, replace(DG.supersededBy, entity_iri("japan")), "supersededBy: Value does not have class"),
    # every passage is typed, so that the passage shapes reach it
    (DG.strategicPartner, untype_evidence, "evidence: a statement carries at least one quoted passage"),
]


@pytest.mark.parametrize(("predicate", "change", "message"), CASES)
def test_a_broken_statement_fails_the_shapes_with_its_file_and_line(mini, monkeypatch, predicate, change, message):
    compile_dataset = build_module.compile_dataset

    def compile_and_break(*args, **kwargs):
        dataset = compile_dataset(*args, **kwargs)
        node, graph = statement(dataset, predicate)
        change(dataset.graph(graph), node)
        return dataset

    monkeypatch.setattr(build_module, "compile_dataset", compile_and_break)
    report, _ = run_checks(mini, reasoner="none")
    step = next(s for s in report.steps if s.name == "SHACL shapes")
    assert step.status == "failed"
    expected = f"{FACTS}:{LINES[predicate]}: {message}"
    assert any(expected in m for m in step.messages), step.messages


def test_the_fixture_conforms(mini):
    report, _ = run_checks(mini, reasoner="none")
    step = next(s for s in report.steps if s.name == "SHACL shapes")
    assert step.status == "passed", step.messages
