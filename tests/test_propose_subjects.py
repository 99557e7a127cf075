"""The subjects a sentence leaves unnamed: "the two leaders" and "bilateral ties" in a document about two states
are those two, a leader stands for the state whose office they hold, "we", "our" and "us" in a government's
document are its state, "it" opening a clause is the state named last, and "its" before a concept the graph keeps
in versions names that state's version.

Every sentence here is written for these tests; the names are invented."""

from __future__ import annotations

from dataclasses import replace

import pytest

from diplograph.graph.entities import Entity
from diplograph.graph.proposals import load_context, propose
from diplograph.graph.proposals.mentions import Mention

from .notes import ingested

EXTRA = [("norland", "State", "Norland", []), ("sudria", "State", "Sudria", []), ("velmar", "State", "Velmar", []),
         ("reef-treaty", "Agreement", "Reef Treaty", []), ("harbour-pact", "Agreement", "Harbour Pact", [])]

NOTES = """Subject notes

Norland and Sudria held talks on fisheries in 2021.

Norland praised Sudria for its report on the floods in Velmar.

The leaders committed to expanding bilateral cooperation on ports.

Fisheries matter to the coast, and in 2022 we signed the Reef Treaty with Sudria.

Sudria praised the talks at length in 2023, but it signed the Harbour Pact.
"""


def _claims(tmp_path_factory: pytest.TempPathFactory, author: str) -> set[tuple[str, str, str]]:
    settings = ingested(tmp_path_factory.mktemp("subjects"), NOTES, "subjects-2023", "2023-03-01")
    context = load_context(settings)
    context.entities = {**context.entities, **{slug: Entity(slug, type_, label, aliases=aliases)
                                               for slug, type_, label, aliases in EXTRA}}
    source = replace(context.sources["subjects-2023"], author=author)
    proposal = propose(context, source, source.read_text(settings.corpus))
    return {(c.subject.slug, c.relation, c.object.slug if isinstance(c.object, Mention) else str(c.object))
            for c in proposal.candidates}


@pytest.fixture(scope="module")
def by_norland(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str]]:
    return _claims(tmp_path_factory, "norland")


@pytest.fixture(scope="module")
def by_a_scholar(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str]]:
    return _claims(tmp_path_factory, "test-author")


def test_the_leaders_of_a_document_about_two_states_are_those_two(by_norland):
    cooperation = {frozenset((s, o)) for s, r, o in by_norland if r == "cooperatesWith"}
    assert frozenset(("norland", "sudria")) in cooperation
    assert not {pair for pair in cooperation if "velmar" in pair}  # named in passing, not a party


def test_we_in_a_government_s_document_is_its_state(by_norland):
    assert ("norland", "signed", "reef-treaty") in by_norland


def test_we_in_a_scholar_s_document_is_no_one_the_graph_knows(by_a_scholar):
    assert ("norland", "signed", "reef-treaty") not in by_a_scholar


def test_it_opening_a_clause_is_the_state_named_last(by_norland):
    assert ("sudria", "signed", "harbour-pact") in by_norland


def test_a_leader_named_stands_for_the_state_whose_office_they_hold():
    from diplograph.graph.proposals.propose import _states_named, both_of

    norland = Entity("norland", "State", "Norland")
    sudria = Mention("sudria", "State", "Sudria", 20, 26, "Sudria")
    leader = Mention("ila-vos", "Person", "Ila Vos", 0, 7, "Ila Vos")
    sentence = "Ila Vos flew to visit Sudria to praise the two countries' friendship."
    here = [s for m in (leader, sudria) for s in _states_named(m, {"Norland": norland}, {"ila-vos": norland})]
    paired = both_of(sentence, [leader, sudria], [], None, here)
    assert {m.slug for m in paired if m.text == "the two countries"} == {"norland", "sudria"}
    without = both_of(sentence, [leader, sudria], [], None, [sudria])
    assert not [m for m in without if m.text == "the two countries"]


def test_its_before_a_concept_with_versions_names_the_owner_s_version():
    from diplograph.graph.proposals.propose import _versions

    vision = "Reef Vision"
    names = {"reef vision (sudria)": "reef-vision-sudria"}
    sentence = "Under its Reef Vision, Sudria has funded ports."
    concept = Mention("reef-vision", "GrandStrategy", vision, 10, 21, vision)
    sudria = Mention("sudria", "State", "Sudria", 23, 29, "Sudria")
    assert [m.slug for m in _versions(sentence, [concept, sudria], {vision}, names)] == ["reef-vision-sudria", "sudria"]
    governed = "Ports in Sudria grew under its Reef Vision."
    concept = Mention("reef-vision", "GrandStrategy", vision, 31, 42, vision)
    sudria = Mention("sudria", "State", "Sudria", 9, 15, "Sudria")
    assert [m.slug for m in _versions(governed, [sudria, concept], {vision}, names)] == ["sudria", "reef-vision"]


BIO = """Author notes

Ila Vos is a Fellow at the Norland Harbour Institute, a think tank in Norland.

She is also Lecturer at the Centre for Reef Studies at the Sudria Ocean Institute.
"""


def test_he_or_she_opening_a_sentence_is_the_person_named_last(tmp_path_factory: pytest.TempPathFactory):
    settings = ingested(tmp_path_factory.mktemp("bio"), BIO, "bio-2023", "2023-03-01")
    context = load_context(settings)
    context.entities = {**context.entities, **{slug: Entity(slug, type_, label, aliases=aliases)
                                               for slug, type_, label, aliases in
                                               [*EXTRA, ("ila-vos", "Person", "Ila Vos", [])]}}
    source = context.sources["bio-2023"]
    proposal = propose(context, source, source.read_text(settings.corpus))
    claims = {(c.subject.label, c.relation, c.object.label) for c in proposal.candidates
              if isinstance(c.object, Mention)}
    assert {("Ila Vos", "affiliatedWith", "Centre for Reef Studies"),
            ("Ila Vos", "affiliatedWith", "Sudria Ocean Institute")} <= claims
    # and the centre "at" the institute is a unit of it
    assert ("Centre for Reef Studies", "partOf", "Sudria Ocean Institute") in claims
