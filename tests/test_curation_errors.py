"""Each check of the build, fed a broken fixture, fails with a message naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from diplograph import ontology
from diplograph.graph.build import BuildFailed, build, run_checks
from diplograph.graph.validate import validate_shapes
from diplograph.ontology.namespaces import DG, ENTITIES_GRAPH, WD, entity_iri

FACTS = "facts/mini-doc.yaml"


def edit(settings, relative: str, old: str, new: str) -> None:
    path = Path(settings.data) / relative
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


def failed_step(settings, **kwargs):
    report, _ = run_checks(settings, reasoner="none", **kwargs)
    failed = [step for step in report.steps if step.status == "failed"]
    assert failed, "the build should have failed"
    return failed[0]


def assert_fails_with(settings, expected: str, step_name: str = "parse curated files") -> None:
    """The build fails at `step_name`, and one of that step's messages contains `expected`."""
    step = failed_step(settings)
    assert step.name == step_name
    assert any(expected in message for message in step.messages), step.messages


def test_the_fixture_itself_is_valid(mini):
    report, compiled = run_checks(mini, reasoner="none")
    assert report.ok, [s.messages for s in report.steps]
    assert len(compiled.facts) == 5


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        ("p: strategicPartner", "p: strategicPartnr", 4, "p",
         "unknown relation 'strategicPartnr' (did you mean strategicPartner?)"),
        ("o: japan\n    level", "o: japn\n    level", 5, "o", "unknown entity 'japn' (did you mean japan?)"),
        ("level: strategic-partnership", "level: strategic", 6, "level",
         "'strategic' is not a concept of the partnership-level scheme"),
        ('start: "2013"', 'start: "May 2013"', 7, "start", "'May 2013' is not a time"),
        ("value: 1.3 billion", "value: a lot", 19, "value", "'a lot' is not a number"),
        ("s: hun-sen\n    p: visited", "s: foip-japan\n    p: visited", 30, "s",
         "'foip-japan' is a GrandStrategy; here an Actor is needed"),
        ("stance: support", "stance: support\n    colour: blue", 28, "colour", "unknown key"),
        ("valid: at-writing\n    quote: \"Cambodia adheres", "valid: always\n    quote: \"Cambodia adheres", 13,
         "valid", "'always' is not a concept of the validity scheme"),
    ],
)
def test_parse_errors_name_file_line_and_field(mini, old, new, line, field, message):
    edit(mini, FACTS, old, new)
    assert_fails_with(mini, f"{FACTS}:{line}: {field}: {message}")


def test_a_figure_needs_measure_value_and_unit(mini):
    edit(mini, FACTS, "    unit: usd\n", "")
    assert_fails_with(mini, "a `figure` fact needs `unit`")


def test_a_fact_without_quote_is_rejected(mini):
    edit(mini, FACTS, '    quote: "Cambodia adheres to permanent neutrality."\n', "")
    assert_fails_with(mini, f"{FACTS}:10: quote: every fact needs a verbatim quote")


def test_a_quote_of_300_characters_or_more_is_rejected(mini):
    edit(mini, FACTS, '"Cambodia adheres to permanent neutrality."', '"' + "x" * 300 + '"')
    assert_fails_with(mini, "300 characters; a quote stays under 300")


def test_a_quote_not_in_the_source_fails_the_quote_check(mini):
    edit(mini, FACTS, "Cambodia adheres to permanent neutrality.", "Cambodia adheres to eternal neutrality.")
    assert_fails_with(mini, f"{FACTS}:14: quote: not found verbatim in mini.txt", "quotes verbatim in sources")


def test_quotes_match_across_curly_quote_marks_and_white_space(mini):
    edit(mini, FACTS, "Cambodia supports Japan's", "Cambodia   supports\\n Japan\u2019s")
    report, compiled = run_checks(mini, reasoner="none")
    assert report.ok, [s.messages for s in report.steps]
    stance = next(f for f in compiled.facts if f.relation.name == "stanceToward")
    assert stance.evidence[0].exact == "Cambodia supports Japan\u2019s \u201cfree and open\u201d vision."
    assert stance.evidence[0].line == 6


def test_without_the_corpus_quotes_are_skipped_with_a_visible_warning(mini, tmp_path):
    report, _ = run_checks(mini.with_(corpus=tmp_path / "no-corpus"), reasoner="none")
    step = next(s for s in report.steps if s.name == "quotes verbatim in sources")
    assert step.status == "warning"
    assert "quotes were NOT checked" in step.messages[0]
    assert report.ok


def test_who_reviewed_a_fact_and_when_become_prov_without_changing_the_statement(mini):
    _, before = run_checks(mini, reasoner="none")
    edit(mini, "facts/mini-doc.yaml", '    start: "2013"\n',
         '    start: "2013"\n    reviewed_by: Jane Doe\n    reviewed_on: 2026-12-03\n')
    report, compiled = run_checks(mini, reasoner="none")
    assert report.ok, [s.messages for s in report.steps]
    fact = next(f for f in compiled.facts if f.relation.name == "strategicPartner")
    assert fact.iri == next(f for f in before.facts if f.relation.name == "strategicPartner").iri
    union = compiled.union
    reviewer = union.value(fact.iri, PROV.wasAttributedTo)
    assert (reviewer, RDF.type, PROV.Person) in union and str(union.value(reviewer, RDFS.label)) == "Jane Doe"
    assert union.value(fact.iri, DCTERMS.dateAccepted) == Literal("2026-12-03", datatype=XSD.date)
    others = [f for f in compiled.facts if f is not fact]
    assert not any((f.iri, PROV.wasAttributedTo, None) in union for f in others)


@pytest.mark.parametrize(("value", "message"), [("2026-12", "is not a day"), ("yesterday", "is not a day")])
def test_a_review_date_that_is_not_a_day_is_refused(mini, value, message):
    edit(mini, "facts/mini-doc.yaml", '    start: "2013"\n', f'    start: "2013"\n    reviewed_on: "{value}"\n')
    assert_fails_with(mini, message)


@pytest.mark.parametrize("folder", ["../seeds", "/srv/texts"])
def test_a_source_corpus_folder_outside_the_curated_data_is_refused(mini, folder):
    edit(mini, "sources.yaml", "  file: mini.txt", f"  file: mini.txt\n  corpus: {folder}")
    assert_fails_with(mini, "sources.yaml:7: corpus: ")


def test_a_source_with_its_own_corpus_folder_that_lacks_the_text_is_named(mini):
    edit(mini, "sources.yaml", "  file: mini.txt", "  file: mini.txt\n  corpus: texts")
    (Path(mini.data) / "texts").mkdir()
    assert_fails_with(mini, "texts/mini.txt does not exist", "quotes verbatim in sources")


def test_unknown_entity_type_is_reported_in_the_entity_file(mini):
    edit(mini, "entities/entities.yaml", "type: Principle", "type: Principal")
    assert_fails_with(mini, "entities/entities.yaml:15: type: 'Principal' is not an entity class")


def test_an_entity_no_fact_names_is_reported_where_it_is_defined(mini):
    path = Path(mini.data) / "entities" / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "asean:\n  type: InternationalOrganisation\n  label: ASEAN\n",
                    encoding="utf-8")
    assert_fails_with(mini, "entities/entities.yaml:20: asean: no fact or source names this entity")


def test_a_shape_violation_is_traced_to_its_fact(mini):
    # A partnership without its level parses (level is a qualifier) but breaks the SHACL shape.
    edit(mini, FACTS, "    level: strategic-partnership\n", "")
    assert_fails_with(mini, f"{FACTS}:3: level: a partnership states its level [Violation]", "SHACL shapes")


def test_a_claim_made_twice_in_one_source_becomes_one_statement_with_both_quotes(mini):
    path = Path(mini.data) / FACTS
    path.write_text(path.read_text() + (
        "  - s: cambodia\n    p: adheresTo\n    o: permanent-neutrality\n    valid: at-writing\n"
        '    quote: "Cambodia adheres to permanent"\n'))
    report, compiled = run_checks(mini, reasoner="none")
    assert report.ok
    neutrality = [f for f in compiled.facts if f.relation.name == "adheresTo"]
    assert len(neutrality) == 1
    assert neutrality[0].quotes == ["Cambodia adheres to permanent neutrality.", "Cambodia adheres to permanent"]


def test_a_failed_build_leaves_the_previous_build_untouched(mini):
    build(mini, reasoner="none", docs=False)
    before = {p.name: p.read_bytes() for p in mini.build.iterdir() if p.is_file()}
    edit(mini, FACTS, "p: adheresTo", "p: adheresToo")
    with pytest.raises(BuildFailed):
        build(mini, reasoner="none", docs=False)
    after = {p.name: p.read_bytes() for p in mini.build.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in mini.build.parent.iterdir() if p.name.startswith(".build")]


def test_a_successful_build_replaces_the_previous_one(mini):
    build(mini, reasoner="none", docs=False)
    edit(mini, FACTS, "    time: \"2017-08\"\n", "    time: \"2017-09\"\n")
    build(mini, reasoner="none", docs=False)
    assert '"2017-09"' in (mini.build / "diplograph.nq").read_text()


def test_an_inconsistency_fails_the_reasoner_step(mini, monkeypatch):
    # Data that parses and conforms to the shapes but contradicts the ontology:
    # one entity typed both as a person and as an organisation (disjoint classes).
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    from diplograph.graph import build as build_module
    from diplograph.ontology.namespaces import DG, ENTITIES_GRAPH, entity_iri

    compile_dataset = build_module.compile_dataset

    def compile_with_contradiction(*args, **kwargs):
        dataset = compile_dataset(*args, **kwargs)
        graph = dataset.graph(ENTITIES_GRAPH)
        graph.add((entity_iri("hun-sen"), RDF.type, DG.Organisation))
        graph.add((entity_iri("hun-sen"), RDFS.label, Literal("Hun Sen", lang="en")))
        return dataset

    monkeypatch.setattr(build_module, "compile_dataset", compile_with_contradiction)
    report, _ = run_checks(mini, reasoner="owlrl")
    step = report.steps[-1]
    assert step.name == "reasoner"
    assert step.status == "failed"
    assert "INCONSISTENT" in step.messages[0]


# --- Wikidata states: every link says how it was verified; one state per entity ---------------------------


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("  wikidata: Q1\n", "entities.yaml:11: wikidata_checked_in: a Wikidata ID needs its verification"),
        ("  wikidata: Q1\n  wikidata_checked_in: somewhere on the web\n",
         "wikidata_checked_in: 'somewhere on the web' does not say the kind of evidence"),
        ("  wikidata_checked_in: \"page: https://example.org/\"\n",
         "wikidata_checked_in: a verification record without a `wikidata` ID"),
        ("  wikidata: Q1\n  wikidata_checked_in: \"page: https://example.org/\"\n  wikidata_none: none found\n",
         "wikidata_none: one Wikidata state per entity"),
        ("  wikidata_candidate: Q1\n", "wikidata_unverified: an unverified candidate says why"),
        ("  wikidata_none: \"\"\n", "wikidata_none: say why there is no Wikidata item"),
    ],
)
def test_a_wikidata_state_must_be_complete_and_single(mini, keys, message):
    edit(mini, "entities/entities.yaml", "  label: Hun Sen\n", "  label: Hun Sen\n" + keys)
    assert_fails_with(mini, message)


def test_the_states_compile_to_their_own_properties(mini):
    edit(mini, "entities/entities.yaml", "  label: Hun Sen\n",
         "  label: Hun Sen\n  wikidata_unverified: a label match only\n  wikidata_candidate: Q57788\n")
    edit(mini, "entities/entities.yaml", "  label: Permanent neutrality\n",
         "  label: Permanent neutrality\n  wikidata_none: a principle of the text\n")
    report, compiled = run_checks(mini, reasoner="none")
    assert report.ok, [s.messages for s in report.steps]
    entities = compiled.dataset.graph(ENTITIES_GRAPH)
    hun_sen, neutrality = entity_iri("hun-sen"), entity_iri("permanent-neutrality")
    assert str(entities.value(hun_sen, DG.wikidataUnverified)) == "a label match only"
    assert entities.value(hun_sen, DG.wikidataCandidate) == WD["Q57788"]
    # a candidate is no link: neither dg:wikidata nor skos:exactMatch
    assert entities.value(hun_sen, DG.wikidata) is None and entities.value(hun_sen, SKOS.exactMatch) is None
    assert str(entities.value(neutrality, DG.wikidataNoItem)) == "a principle of the text"


def test_the_shapes_reject_a_link_without_its_verification_and_two_states():
    """The SHACL shapes hold the same rules for data that did not come through the curated files."""
    ok, bad_kind, unverified_link, candidate_alone = (URIRef(f"https://example.org/{n}") for n in range(4))
    graph = Graph()
    for node in (ok, bad_kind, unverified_link, candidate_alone):
        graph.add((node, RDF.type, DG.Principle))
        graph.add((node, RDFS.label, Literal("x", lang="en")))
    graph.add((ok, DG.wikidata, WD["Q1"]))
    graph.add((ok, DG.wikidataCheckedIn, Literal("dataset: somewhere/else data.csv")))
    graph.add((bad_kind, DG.wikidata, WD["Q2"]))
    graph.add((bad_kind, DG.wikidataCheckedIn, Literal("a friend told me")))
    graph.add((unverified_link, DG.wikidata, WD["Q3"]))
    graph.add((unverified_link, DG.wikidataCheckedIn, Literal("page: https://example.org/")))
    graph.add((unverified_link, DG.wikidataUnverified, Literal("not sure")))
    graph.add((candidate_alone, DG.wikidataCandidate, WD["Q4"]))
    for triple in ontology.load():
        graph.add(triple)
    failing = {result.focus for result in validate_shapes(graph) if result.severity == "Violation"}
    assert failing == {str(bad_kind), str(unverified_link), str(candidate_alone)}



def test_shacl_over_the_dataset_reports_what_it_reports_over_the_union_graph(mini):
    """The build hands pySHACL the dataset (the union of its graphs) rather than a copy of every triple in one graph:
    broken data spread over several graphs gives the same results, each traced to the same file and line."""
    from diplograph.graph.build import _origins
    from diplograph.graph.validate import union_graph
    from diplograph.ontology.namespaces import facts_graph_iri

    report, compiled = run_checks(mini, reasoner="none")
    assert report.ok and compiled is not None and compiled.dataset is not None
    dataset = compiled.dataset
    facts = dataset.graph(facts_graph_iri("mini-doc"))
    partnership = next(f for f in compiled.facts if f.relation.name == "strategicPartner")
    japan = entity_iri("japan")
    facts.remove((partnership.iri, DG.level, None))  # breaks its shape: a partnership states its level
    dataset.graph(ENTITIES_GRAPH).remove((japan, RDF.type, None))  # its object is no entity any more
    # the same triple in a second graph is one value (no sh:maxCount 1 violation), another subject is a second
    other = dataset.graph(URIRef("https://w3id.org/diplograph/graph/elsewhere"))
    other.add((partnership.iri, DG.subject, facts.value(partnership.iri, DG.subject)))
    other.add((partnership.iri, DG.predicate, DG.visited))
    other.add((URIRef(f"{partnership.iri}/quote-1"), URIRef("http://www.w3.org/ns/oa#exact"), Literal("")))
    origins = _origins(compiled)

    over_dataset = validate_shapes(dataset, origins)
    over_union = validate_shapes(union_graph(dataset), origins)
    assert over_dataset == over_union
    paths = {result.path for result in over_dataset
             if result.severity == "Violation" and result.focus.startswith(str(partnership.iri))}
    assert {"level", "object", "predicate", "exact"} <= paths and "subject" not in paths, over_dataset
    assert all(result.origin == f"{partnership.file}:{partnership.line}"
               for result in over_dataset if result.focus == str(partnership.iri))
    assert dataset.default_union is False  # as the build made it: its outputs read each graph apart
