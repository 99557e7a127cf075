"""Time and amounts on small hand-made fixtures: valid and reported time, supersession, disagreement, growth,
amounts given for several projects together, and the as_of rule with timeless and current-at-writing claims."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import diplograph
from diplograph.graph.build import build, run_checks
from diplograph.graph.settings import Settings
from diplograph.viz.projection import as_of, project

from .conftest import MINI_CORPUS, MINI_DATA

ENTITIES = """
china:
  type: State
  label: China
hun-manet:
  type: Person
  label: Hun Manet
prime-minister-of-cambodia:
  type: Office
  label: Prime Minister of Cambodia
deputy-prime-minister-of-cambodia:
  type: Office
  label: Deputy Prime Minister of Cambodia
  holders: several
test-bridge:
  type: Bridge
  label: Test Bridge
test-road:
  type: Road
  label: Test Road
"""

EARLIER_TEXT = """
Prime Minister Hun Sen spoke of the Prime Minister of Cambodia's duties.
Cambodia and China signed a strategic partnership in 2010.
Cambodia has sent more than 8,300 peacekeepers since 2006.
Japan gave a grant of US$120 million for the bridge and the road together.
Deputy Prime Minister Hun Sen was named.
"""

EARLIER_FACTS = """
  - s: hun-sen
    p: holdsPosition
    o: prime-minister-of-cambodia
    valid: at-writing
    quote: "Prime Minister Hun Sen"
  - s: prime-minister-of-cambodia
    p: officeOf
    o: cambodia
    valid: timeless
    quote: "the Prime Minister of Cambodia's duties"
  - s: cambodia
    p: strategicPartner
    o: china
    level: strategic-partnership
    valid: dated
    start: "2010"
    quote: "Cambodia and China signed a strategic partnership in 2010."
  - s: cambodia
    p: figure
    measure: peacekeepers-deployed
    value: 8300
    unit: count
    comparator: more-than
    valid: at-writing
    start: "2006"
    quote: "Cambodia has sent more than 8,300 peacekeepers since 2006."
  - s: japan
    p: finances
    o: [test-bridge, test-road]
    instrument: grant
    amount: 120 million
    unit: usd
    amount_for: [test-bridge, test-road]
    valid: at-writing
    quote: "Japan gave a grant of US$120 million for the bridge and the road together."
  - s: hun-sen
    p: holdsPosition
    o: deputy-prime-minister-of-cambodia
    valid: at-writing
    quote: "Deputy Prime Minister Hun Sen"
"""

LATER_TEXT = """A later test document.

Prime Minister Hun Manet visited Seoul in May 2024.
Cambodia and China signed a comprehensive strategic partnership in 2010.
Cambodia and Japan upgraded their ties to a comprehensive strategic partnership in 2023.
Cambodia has sent over 9000 peacekeepers since 2006.
In 2016 trade between Japan and Cambodia reached US$1.5 billion.
Deputy Prime Minister Hun Manet was named in 2024.
"""

LATER_FACTS = """source: later-doc
facts:
  - s: hun-manet
    p: holdsPosition
    o: prime-minister-of-cambodia
    valid: dated
    time: "2024-05"
    quote: "Prime Minister Hun Manet visited Seoul in May 2024."
  - s: cambodia
    p: strategicPartner
    o: china
    level: comprehensive-strategic-partnership
    valid: dated
    start: "2010"
    quote: "Cambodia and China signed a comprehensive strategic partnership in 2010."
  - s: cambodia
    p: strategicPartner
    o: japan
    level: comprehensive-strategic-partnership
    valid: dated
    start: "2023"
    quote: "Cambodia and Japan upgraded their ties to a comprehensive strategic partnership in 2023."
  - s: cambodia
    p: figure
    measure: peacekeepers-deployed
    value: 9000
    unit: count
    comparator: more-than
    valid: at-writing
    start: "2006"
    quote: "Cambodia has sent over 9000 peacekeepers since 2006."
  - s: japan
    p: figure
    counterpart: cambodia
    measure: bilateral-trade
    value: 1.5 billion
    unit: usd
    valid: dated
    time: "2016"
    quote: "In 2016 trade between Japan and Cambodia reached US$1.5 billion."
  - s: hun-manet
    p: holdsPosition
    o: deputy-prime-minister-of-cambodia
    valid: dated
    time: "2024"
    quote: "Deputy Prime Minister Hun Manet was named in 2024."
"""


def write_two_sources(folder: Path) -> Settings:
    """The mini fixture (a source of 2020-01-02) with more facts, and a second source of 2024-08-28, in ``folder``."""
    data, corpus = folder / "data", folder / "corpus"
    shutil.copytree(MINI_DATA, data)
    shutil.copytree(MINI_CORPUS, corpus)
    with (data / "entities" / "entities.yaml").open("a") as handle:
        handle.write(ENTITIES)
    with (corpus / "mini.txt").open("a") as handle:
        handle.write(EARLIER_TEXT)
    with (data / "facts" / "mini-doc.yaml").open("a") as handle:
        handle.write(EARLIER_FACTS)
    (corpus / "later.txt").write_text(LATER_TEXT)
    (data / "facts" / "later-doc.yaml").write_text(LATER_FACTS)
    with (data / "sources.yaml").open("a") as handle:
        handle.write("later-doc:\n  title: A later test document\n  author: test-author\n  date: 2024-08-28\n"
                     "  type: Article\n  file: later.txt\n")
    return Settings(data=data, corpus=corpus, build=folder / "build")


@pytest.fixture
def two_sources(tmp_path: Path) -> Settings:
    """Two sources in a folder of the test's own, to edit."""
    return write_two_sources(tmp_path)


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    """The two sources built once for the tests that only read them."""
    settings = write_two_sources(tmp_path_factory.mktemp("two-sources"))
    build(settings, reasoner="none", docs=False)
    graph = diplograph.open("oxigraph", build_dir=settings.build)
    yield graph
    graph.close()


def rows(kg, name: str, **params) -> list[dict]:
    return [{key: str(value) for key, value in row.items()} for row in kg.query(name, **params).values()]


# --- supersession ------------------------------------------------------------------------------------------

def test_a_later_holder_ends_the_earlier_one(kg):
    assert [r["holder_label"] for r in rows(kg, "office-holders-as-of", office="prime-minister-of-cambodia",
                                              as_of=2024)] == ["Hun Manet"]
    assert [r["holder_label"] for r in rows(kg, "office-holders-as-of", office="prime-minister-of-cambodia",
                                              as_of=2022)] == ["Hun Sen"]
    # Hun Sen is known as prime minister from the report of 2020 on, not before
    assert rows(kg, "office-holders-as-of", office="prime-minister-of-cambodia", as_of=2019) == []


def test_the_derived_end_is_linked_to_the_statement_that_ended_it(kg):
    result = kg.query("""
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?at ?by_subject WHERE { GRAPH ?g { ?s dg:predicate dg:holdsPosition ; dg:supersededAt ?at ;
                                                     dg:supersededBy ?by } GRAPH ?h { ?by dg:subject ?by_subject } }""")
    ends = [(str(r["at"]), str(r["by_subject"]).rsplit("/", 1)[-1]) for r in result.values()]
    assert ends == [("2024-05", "hun-manet")]


def test_an_office_of_several_holders_is_not_superseded(kg):
    holders = {r["holder_label"] for r in rows(kg, "office-holders-as-of", office="deputy-prime-minister-of-cambodia",
                                               as_of=2024)}
    assert holders == {"Hun Manet"}  # Hun Sen's claim is current at writing in 2020 only: it is not ended by Hun Manet
    result = kg.query("""PREFIX dg: <https://w3id.org/diplograph/ontology#>
        ASK { GRAPH ?g { ?s dg:object <https://w3id.org/diplograph/id/deputy-prime-minister-of-cambodia> ;
                            dg:supersededBy ?later } }""")
    assert result.boolean is False


def test_an_upgrade_supersedes_the_earlier_level(kg):
    def levels(year):
        return {(r["partner_label"], r["level_label"]) for r in rows(kg, "partnerships-as-of", as_of=year)}

    assert ("Japan", "strategic partnership") in levels(2022)
    assert ("Japan", "strategic partnership") not in levels(2023)
    assert ("Japan", "comprehensive strategic partnership") in levels(2023)


# --- disagreement and growth ---------------------------------------------------------------------------

def test_two_levels_for_the_same_start_are_a_disagreement_and_neither_ends_the_other(kg):
    conflicts = rows(kg, "conflicting-claims")
    levels = [(r["counterpart_label"], r["source_a"], r["value_a"], r["source_b"], r["value_b"])
              for r in conflicts if r["kind"] == "one value at a time"]
    assert levels == [("China", "mini-doc", "strategic partnership",
                       "later-doc", "comprehensive strategic partnership")]
    in_2024 = {(r["partner_label"], r["level_label"]) for r in rows(kg, "partnerships-as-of", as_of=2024)}
    assert {("China", "strategic partnership"), ("China", "comprehensive strategic partnership")} <= in_2024


def test_two_figures_for_the_same_time_are_a_disagreement_but_growth_is_not(kg):
    figures = [(r["subject_label"], r["about_label"], r["value_a"], r["value_b"])
               for r in rows(kg, "conflicting-claims") if r["kind"] == "figure"]
    assert figures == [("Japan", "bilateral trade", "1300000000", "1500000000")]
    history = rows(kg, "figure-history", subject="cambodia", measure="peacekeepers-deployed")
    assert [(r["figure"], r["until"], r["source"]) for r in history] == [
        ("more than 8300", "2020-01-02", "mini-doc"), ("more than 9000", "2024-08-28", "later-doc")]


# --- amounts -------------------------------------------------------------------------------------------

def test_an_amount_for_several_projects_is_one_row_and_one_number(kg):
    financings = rows(kg, "projects-financed-by", financier="japan")
    assert len(financings) == 1
    assert Decimal(financings[0]["amount"]) == Decimal(120_000_000)
    assert set(financings[0]["project_labels"].split(", ")) == {"Test Bridge", "Test Road"}
    total = kg.query("""PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT (SUM(?amount) AS ?total) WHERE {
          { SELECT DISTINCT ?money ?amount WHERE { GRAPH ?g {
              { ?s dg:amount ?amount BIND (?s AS ?money) }
              UNION { ?s dg:sharedAmount ?money . ?money dg:totalAmount ?amount } } } } }""")
    assert Decimal(str(next(iter(total.values()))["total"])) == Decimal(120_000_000)


def check_messages_after_editing(settings, old: str, new: str) -> list[str]:
    """Replace ``old`` (which must be there) by ``new`` in the fixture's facts file; the build checks' messages."""
    path = settings.data / "facts" / "mini-doc.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    report, _ = run_checks(settings, reasoner="none")
    return [m for step in report.steps for m in step.messages]


def test_an_amount_on_several_objects_must_say_it_is_for_them_together(two_sources):
    messages = check_messages_after_editing(two_sources, "    amount_for: [test-bridge, test-road]\n", "")
    assert any("amount: an amount on a fact with several objects" in m for m in messages), messages


def test_an_amount_for_a_group_names_every_project_of_the_group(two_sources):
    messages = check_messages_after_editing(two_sources, "o: [test-bridge, test-road]", "o: test-bridge")
    assert any("amount_for: the amount is said to be for test-road" in m for m in messages), messages


# --- valid time ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "message"), [
    ("    valid: timeless\n", "", "valid: every fact says when it holds"),
    ('    valid: dated\n    start: "2010"\n', "    valid: dated\n", "valid: a dated fact gives its time"),
    ("    valid: timeless\n", '    valid: timeless\n    time: "2019"\n', "time: a timeless fact has no time"),
    ("    valid: at-writing\n    quote: \"Prime Minister Hun Sen\"",
     "    valid: at-writing\n    time: \"2020\"\n    quote: \"Prime Minister Hun Sen\"",
     "time: a fact current at writing takes its time from the source's date"),
])
def test_valid_time_must_agree_with_the_times_given(two_sources, old, new, message):
    messages = check_messages_after_editing(two_sources, old, new)
    assert any("mini-doc.yaml:" in m and message in m for m in messages), messages


def test_every_statement_carries_its_reported_time(kg):
    result = kg.query("""PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?source (COUNT(?s) AS ?n) (SAMPLE(STR(?on)) AS ?date) WHERE {
          GRAPH ?g { ?s dg:predicate ?p ; dg:reportedOn ?on ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?source } }
        GROUP BY ?source ORDER BY ?source""")
    assert [str(r["date"]) for r in result.values()] == ["2024-08-28", "2020-01-02"]


def test_as_of_keeps_or_leaves_out_timeless_claims_and_holds_claims_at_writing_in_their_year(kg):
    network = project(kg, evidence=False)
    neutrality = ("https://w3id.org/diplograph/id/cambodia", "https://w3id.org/diplograph/id/permanent-neutrality")
    office = ("https://w3id.org/diplograph/id/prime-minister-of-cambodia", "https://w3id.org/diplograph/id/cambodia")
    # current at writing (2020): holds in 2020, not in 2019 nor in 2021
    assert as_of(network, 2020).has_edge(*neutrality)
    assert not as_of(network, 2019).has_edge(*neutrality)
    assert not as_of(network, 2021).has_edge(*neutrality)
    # timeless: in every year when kept, in none when left out
    assert as_of(network, 1990).has_edge(*office)
    assert not as_of(network, 1990, timeless=False).has_edge(*office)
    # a dated point holds in its year only
    visit = ("https://w3id.org/diplograph/id/hun-sen", "https://w3id.org/diplograph/id/japan")
    assert as_of(network, 2017).has_edge(*visit) and not as_of(network, 2018).has_edge(*visit)


@pytest.mark.parametrize(("validity", "extra", "message"), [
    ("timeless", "pointInTime", "a timeless statement carries no time"),
    ("dated", None, "a dated statement gives its time"),
    ("at-writing", "endTime", "a statement current at writing has no point in time or end of its own"),
])
def test_the_shapes_check_valid_time_on_the_rdf(mini, monkeypatch, validity, extra, message):
    """What the facts reader checks, SHACL checks again on the RDF: here on data the reader did not make."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from diplograph.graph import build as build_module
    from diplograph.ontology.namespaces import DG

    compile_dataset = build_module.compile_dataset
    concept = URIRef(f"https://w3id.org/diplograph/concept/validity/{validity}")

    def compile_with_a_wrong_time(*args, **kwargs):
        dataset = compile_dataset(*args, **kwargs)
        for graph in dataset.graphs():
            for statement in list(graph.subjects(DG.predicate, DG.adheresTo)):
                for prop in (DG.validity, DG.pointInTime, DG.startTime, DG.endTime, DG.holdsFrom, DG.holdsUntil):
                    graph.remove((statement, prop, None))
                graph.add((statement, DG.validity, concept))
                if validity != "timeless":
                    graph.add((statement, DG.holdsFrom, Literal("2020", datatype=XSD.gYear)))
                if extra:
                    graph.add((statement, DG[extra], Literal("2019", datatype=XSD.gYear)))
        return dataset

    monkeypatch.setattr(build_module, "compile_dataset", compile_with_a_wrong_time)
    report, _ = run_checks(mini, reasoner="none")
    step = next(s for s in report.steps if s.name == "SHACL shapes")
    assert step.status == "failed"
    assert any(message in m for m in step.messages), step.messages
