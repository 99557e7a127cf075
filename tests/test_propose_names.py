"""How the name finder finds people, states and bodies under the other names a document gives them: a last name
alone after the full name, a short given name, a run of names joined by "and", a state's official name.

Every sentence here is written for these tests; the names are invented."""

from __future__ import annotations

import pytest

from diplograph.graph.entities import Entity
from diplograph.graph.proposals.mentions import EntityMatcher, Mention
from diplograph.graph.proposals.rules import RuleSet
from diplograph.graph.vocabulary import Vocabulary

ENTITIES = [("norland", "State", "Norland", []), ("philippines", "State", "Philippines", []),
            ("ann-pell", "Person", "Ann B. Pell", []), ("karl-dorn", "Person", "Karl Dorn", []),
            ("eva-dorn", "Person", "Eva Dorn", []), ("tide-council", "GovernmentBody", "Tide Council", []),
            ("eternal-neutrality", "Principle", "Eternal neutrality", []),
            ("non-alignment", "Principle", "Non-alignment", []), ("neutrality", "Principle", "Neutrality", [])]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.from_ontology()


def matcher_for(vocabulary: Vocabulary) -> EntityMatcher:
    entities = {slug: Entity(slug, type_, label, aliases=aliases) for slug, type_, label, aliases in ENTITIES}
    return EntityMatcher(entities, vocabulary)


def read(matcher: EntityMatcher, *sentences: str) -> list[list[Mention]]:
    """Both passes of ``propose``: the document's new names first, then the names in each sentence."""
    for sentence in sentences:
        for mention, acronym in matcher.discover(sentence, matcher.known(sentence)):
            if mention.new:
                matcher.add(mention, acronym)
            else:
                matcher.alias(mention.slug, mention.text)
    return [matcher.known(sentence) for sentence in sentences]


def test_a_new_person_is_found_by_the_last_name_after_the_full_name(vocabulary):
    first, *later = read(matcher_for(vocabulary), "Secretary of State Oskar T. Vell opened the fair.",
                         "Secretary Vell also announced a fund.", "Vell’s visit ended on Monday.")
    vell = [m for m in first if m.type == "Person"]
    assert [m.label for m in vell] == ["Oskar T. Vell"]
    for mentions in later:
        assert [(m.slug, m.text) for m in mentions] == [(vell[0].slug, "Vell")]


def test_a_known_person_is_found_by_a_short_given_name_and_without_the_middle_initial(vocabulary):
    matcher = matcher_for(vocabulary)
    assert [m.slug for m in matcher.known("Alma Pell met the envoys.")] == []  # "Alma" is not "Ann" ...
    assert [m.slug for m in matcher.known("Ann Pell met the envoys.")] == ["ann-pell"]
    assert [m.slug for m in matcher.known("Bob Pell met the envoys.")] == []  # ... nor is "Bob"
    assert [m.slug for m in matcher.known("Pell met the envoys.")] == []  # a last name alone needs the full name first


def test_a_last_name_two_people_share_names_neither(vocabulary):
    matcher = matcher_for(vocabulary)
    mentions = read(matcher, "Karl Dorn and Eva Dorn spoke.", "Later Dorn left.", "Minister Dorn left.")
    assert {m.slug for m in mentions[0]} == {"karl-dorn", "eva-dorn"}
    assert mentions[1] == [] and mentions[2] == []
    assert matcher.person("Karl Dorn") is not None and matcher.person("Dorn") is None


def test_a_run_of_names_joined_by_and_is_split_where_each_part_is_a_name(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "President Oda Lunn and Norland Prime Minister Per Ask met Kelvia and Ostria."
    found = {(m.type, m.text) for m, _ in matcher.discover(sentence, matcher.known(sentence))}
    assert {("Person", "Oda Lunn"), ("Person", "Per Ask")} <= found
    sentence = "The Ministry of Water and Fisheries met the Ministry of Ports and Tide Council."
    found = {m.label for m, _ in matcher.discover(sentence, matcher.known(sentence))}
    assert "Ministry of Water and Fisheries" in found and "Ministry of Ports" in found  # one name, then two


def test_a_state_under_its_official_name_is_the_state_the_graph_has(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "The Republic of the Philippines and Norland signed it."
    found = [m for m, _ in matcher.discover(sentence, matcher.known(sentence))]
    assert [(m.slug, m.new) for m in found] == [("philippines", False)]


def test_an_acronym_the_text_gives_a_known_name_finds_it_later_but_not_inside_a_longer_name(vocabulary):
    matcher = matcher_for(vocabulary)
    mentions = read(matcher, "Envoys met the Tide Council (TC) in May.", "The TC later approved the plan.",
                    "They joined the Grand Tide Council Pact (GTCP).", "The GTCP took effect.")
    assert [m.slug for m in mentions[1]] == ["tide-council"]
    assert "tide-council" not in {m.slug for m in mentions[3]}


def test_a_principle_is_found_by_its_adjective_in_lower_case_where_that_is_distinctive(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "Norland keeps an eternally neutral and non-aligned course; neutral observers agree."
    assert [(m.slug, m.text) for m in matcher.known(sentence)] == [
        ("norland", "Norland"), ("eternal-neutrality", "eternally neutral"), ("non-alignment", "non-aligned")]


def test_a_strategy_named_as_a_principle_is_still_the_strategy_a_state_pursues(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "Norland pursues a non-aligned foreign policy."
    rules = RuleSet(vocabulary, matcher.entities)
    found = {(f.relation, f.subject.slug, f.object) for f in rules.apply(sentence, matcher.known(sentence), [])}
    assert ("pursuesStrategy", "norland", "non-alignment") in found


def test_a_place_named_with_a_lower_case_head_keeps_it_and_a_phase_or_a_year_range_does_not_hide_the_class(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = ("Envoys visited Norland's Vel Arro province, the Amber Sea region and the Harbour Strategy Phase 2 "
                "(HSP2), with the National Ports Development Plan (NPDP 2021–2025).")
    found = {(m.label, m.type): acronym for m, acronym in matcher.discover(sentence, matcher.known(sentence))}
    assert ("Vel Arro province", "Province") in found and ("Amber Sea region", "Region") in found
    assert found[("Harbour Strategy Phase 2", "GrandStrategy")] == "HSP2"
    assert found[("National Ports Development Plan", "Plan")] == "NPDP 2021–2025"


def test_a_capital_the_graph_lacks_is_a_new_city_where_it_is_a_place_and_its_state_where_it_acts(vocabulary):
    matcher = matcher_for(vocabulary)  # the graph has no Manila: where it is a place, it is a new city
    visit, acting = read(matcher, "Envoys from Norland paid a visit to Manila.", "Manila signed the pact.")
    assert [(m.type, m.text, m.new) for m in visit if m.text == "Manila"] == [("City", "Manila", True)]
    assert [(m.slug, m.text) for m in acting] == [("philippines", "Manila")]  # where it acts, its state


def test_a_number_after_a_name_is_part_of_it_and_a_second_number_names_a_second_one(vocabulary):
    matcher = matcher_for(vocabulary)
    (mentions,) = read(matcher, "Norland rebuilt Coastal Road 3 and 7 with 12 million dollars.")
    assert [(m.label, m.type, m.text) for m in mentions if m.type == "Road"] == [
        ("Coastal Road 3", "Road", "Coastal Road 3"), ("Coastal Road 7", "Road", "7")]
    (amounts,) = read(matcher, "The Harbour Plan 25 million dollars were spent.")
    assert not [m for m in amounts if m.label.endswith("25")]  # an amount, not a number of the name


def test_a_list_of_three_lower_case_nouns_after_promote_is_one_of_principles(vocabulary):
    matcher = matcher_for(vocabulary)
    listed = "Norland will promote candour, openness, fair play, and the care of rivers."
    found = [m.label for m, _ in matcher.discover(listed, matcher.known(listed))]
    assert found == ["candour", "openness", "fair play", "care of rivers"]
    single = "Norland will promote trade with its neighbours."
    assert matcher.discover(single, matcher.known(single)) == []


def test_an_organisation_after_a_post_is_the_name_and_its_and_is_no_split(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "Ida Sten is Deputy Director of the Centre for Quiet Studies and Public Policy at Norland."
    found = [(m.label, m.type) for m, _ in matcher.discover(sentence, matcher.known(sentence))]
    assert ("Centre for Quiet Studies and Public Policy", "ResearchInstitute") in found
    assert not [label for label, _ in found if label.startswith(("Deputy", "Public"))]


def test_a_state_the_graph_lacks_before_a_title_is_named_too(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "Norland and Fiji Prime Minister Tavi Rua met."
    found = {(m.type, m.text) for m, _ in matcher.discover(sentence, matcher.known(sentence))}
    assert {("State", "Fiji"), ("Office", "Fiji Prime Minister"), ("Person", "Tavi Rua")} <= found


def test_names_listed_before_a_plural_place_word_are_one_place_each(vocabulary):
    matcher = matcher_for(vocabulary)
    (mentions,) = read(matcher, "Power lines reach Oska and Vel Arro provinces.")
    assert [(m.label, m.type, m.text) for m in mentions] == [("Oska province", "Province", "Oska"),
                                                            ("Vel Arro province", "Province", "Vel Arro")]


def test_a_known_name_broken_at_a_hyphen_is_no_new_place(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "Trade grew in the Nor- Land region last year."
    matcher.alias("norland", "Nor-Land")
    assert not [m for m, _ in matcher.discover(sentence, matcher.known(sentence)) if m.type == "Region"]


def test_a_title_without_a_state_is_the_office_the_document_gave_the_person_before(vocabulary):
    matcher = matcher_for(vocabulary)
    first, later = read(matcher, "Fiji Prime Minister Tavi Ruaka arrived.", "Prime Minister Ruaka left.")
    office = next(m for m in first if m.type == "Office")
    assert [(m.type, m.slug, m.text) for m in later] == [("Office", office.slug, "Prime Minister"),
                                                        ("Person", "tavi-ruaka", "Ruaka")]


def test_names_that_share_the_words_before_a_plural_head_are_one_each(vocabulary):
    matcher = matcher_for(vocabulary)
    sentence = "Trucks use the Upper and Lower Amber Corridors."
    found = [(m.label, m.type) for m, _ in matcher.discover(sentence, matcher.known(sentence))]
    assert found == [("Upper Amber Corridor", "Region"), ("Lower Amber Corridor", "Region")]
    sentence = "They met the Upper and Lower Amber Corridor."  # no plural head: one name, no sharing
    assert [m.label for m, _ in matcher.discover(sentence, matcher.known(sentence))] == [
        "Upper and Lower Amber Corridor"]
