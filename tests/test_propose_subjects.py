"""The subjects a sentence leaves unnamed: "the two leaders" and "bilateral ties" in a document about two states
are those two, and "we", "our" and "us" in a government's document are its state.

Every sentence here is written for these tests; the names are invented."""

from __future__ import annotations

from dataclasses import replace

import pytest

from diplograph.graph.entities import Entity
from diplograph.graph.proposals import load_context, propose
from diplograph.graph.proposals.mentions import Mention

from .notes import ingested

EXTRA = [("norland", "State", "Norland", []), ("sudria", "State", "Sudria", []), ("velmar", "State", "Velmar", []),
         ("reef-treaty", "Agreement", "Reef Treaty", [])]

NOTES = """Subject notes

Norland and Sudria held talks on fisheries in 2021.

Norland praised Sudria for its report on the floods in Velmar.

The leaders committed to expanding bilateral cooperation on ports.

Fisheries matter to the coast, and in 2022 we signed the Reef Treaty with Sudria.
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
