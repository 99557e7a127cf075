"""The extraction rules on small hand-written sentences: capitals for their states, names and their classes,
key partners, assistance, backers, strategies named with a state's foreign policy, and agreements' parties.

Every sentence here is written for these tests; the names are invented or general ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplograph.graph.entities import Entity
from diplograph.graph.proposals import load_context, propose
from diplograph.graph.proposals.mentions import EntityMatcher, Mention, _quoted_principles
from diplograph.graph.settings import Settings

from .conftest import MINI_CORPUS, MINI_DATA
from .notes import ingested

# The states, organisation and offices the sentences name, beside the fixture's own
EXTRA = [("china", "State", "China", []), ("south-korea", "State", "South Korea", []),
         ("united-states", "State", "United States", ["US"]), ("asean", "InternationalOrganisation", "ASEAN", []),
         ("minister-for-foreign-affairs-of-japan", "Office", "Minister for Foreign Affairs of Japan", []),
         ("vice-president-of-the-united-states", "Office", "Vice President of the United States", []),
         ("phnom-penh", "City", "Phnom Penh", []),
         ("us-secretary-of-state", "Office", "United States Secretary of State", []),
         ("blue-corridor-vision", "Initiative", "Blue Corridor Vision", []),
         ("coral-basin", "Region", "Coral Basin", []),
         ("japan-harbour-plan", "Plan", "Japan's Harbour Plan", []),
         ("blue-corridor-vision-china", "Initiative", "Blue Corridor Vision (China)", [])]


def with_extra(entities: dict[str, Entity]) -> dict[str, Entity]:
    return {**entities, **{slug: Entity(slug, type_, label, aliases=aliases) for slug, type_, label, aliases in EXTRA}}


NOTES = """Regional notes

In 2021, Seoul signed the Mekong Water Accord.

The Green Mekong Compass (GMC) was drafted by officials in 2020.

Japan backs the GMC initiative.

South Korea and China, which are Cambodia's largest trading partners, sent envoys.

Cambodia views Japan as its most important partner.

The Chinese-invested Koh Rong Special Economic Zone opened in 2018.

Japan helped Cambodia rebuild its ports.

Hedging will remain at the heart of Cambodia's foreign policy.

The Cambodia-ASEAN Joint Statement on Fisheries was released in 2020.

Hun Sen attended the 3rd Mekong Youth Summit in 2022.

Talks were held in Phnom Penh, Cambodia's capital.

The kingdom signed two strategic partnerships: one with China in 2010 and another with South Korea in 2014.

Japan and the United States held talks in Hanoi.

The two countries established diplomatic relations in 1952.

South Korea's Blue Corridor Vision differs from China's Blue Corridor Vision.

South Korea expanded security cooperation with the Coral Basin.

The Coral Basin Fisheries Initiative was launched in 2021.

The Royal Cambodian Navy trained with sailors from abroad.

Japanese Foreign Minister Taro Sato welcomed US Vice President Jane Roe.

The two sides signed a strategic partnership in 2020.

Japan's Harbour Plan set a defence budget of 2.5 USD billion by 2030.

Trade grew under the Pearl Initiative launched by South Korea in 2019.

Officials praised the South Korea-United States Strategic Partnership.

In 2015 South Korea drew up the River Guard Initiative.

The Silver Lantern, the largest hydropower plant of Cambodia, produces 400 megawatts.

The Reef Fisheries Treaty (RFT) between the Kingdom of Cambodia and the United States was signed in 2001.

Officials spoke at the Japan-ASEAN Summit on 3 May 2019.

In Japan, President Lena Vos opened a forum in 2019.

Secretary of State Tom Hale arrived in 2018.

Cambodia and the United States praised bilateral ties, which were upgraded to a strategic partnership in 2019.
"""


@pytest.fixture(scope="module")
def proposal(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("rules")
    settings = ingested(root, NOTES, "regional-2023", "2023-03-01")
    context = load_context(settings)
    context.entities = with_extra(context.entities)
    source = context.sources["regional-2023"]
    return propose(context, source, source.read_text(settings.corpus))


def claims(proposal) -> set[tuple[str, str, str]]:
    return {(c.subject.slug, c.relation, c.object.slug if isinstance(c.object, Mention) else str(c.object))
            for c in proposal.candidates}


def test_a_capital_that_acts_stands_for_its_state(proposal):
    assert ("south-korea", "signed", "mekong-water-accord") in claims(proposal)


def test_a_name_with_an_acronym_takes_the_class_the_document_gives_it_elsewhere(proposal):
    compass = proposal.new_entities["green-mekong-compass"]
    assert (compass.type, compass.label) == ("Initiative", "Green Mekong Compass")
    assert ("japan", "stanceToward", "green-mekong-compass") in claims(proposal)


def test_key_partners_in_a_relative_clause_and_as_regarded(proposal):
    rules = {c.object.slug: c.rule for c in proposal.candidates
             if c.relation == "keyPartner" and c.subject.slug == "cambodia" and isinstance(c.object, Mention)}
    assert rules == {"south-korea": "key-partner", "china": "key-partner", "japan": "regarded-partner"}


def test_a_backer_before_a_name_finances_it_and_is_no_part_of_the_name(proposal):
    zone = proposal.new_entities["koh-rong-special-economic-zone"]
    assert zone.label == "Koh Rong Special Economic Zone"
    assert ("china", "finances", "koh-rong-special-economic-zone") in claims(proposal)


def test_help_is_assistance_and_a_policy_s_owner_pursues_its_strategy(proposal):
    found = claims(proposal)
    assert ("japan", "assists", "cambodia") in found
    assert ("cambodia", "pursuesStrategy", "hedging") in found


def test_an_agreement_s_name_joins_states_and_organisations(proposal):
    statement = next(slug for slug in proposal.new_entities if slug.startswith("cambodia-asean-joint-statement"))
    assert {("cambodia", "partyTo", statement), ("asean", "partyTo", statement)} <= claims(proposal)


def test_an_event_keeps_its_ordinal(proposal):
    assert proposal.new_entities["3rd-mekong-youth-summit"].label == "3rd Mekong Youth Summit"
    assert ("hun-sen", "participatedIn", "3rd-mekong-youth-summit") in claims(proposal)


def test_an_office_is_found_under_another_title_and_with_the(tmp_path: Path):
    context = load_context(Settings(data=MINI_DATA, corpus=MINI_CORPUS, build=tmp_path))
    matcher = EntityMatcher(with_extra(context.entities), context.vocabulary)
    for sentence, office in [("Japanese Foreign Minister Taro Sato spoke.", "minister-for-foreign-affairs-of-japan"),
                             ("US Vice President Jane Roe spoke.", "vice-president-of-the-united-states")]:
        found = matcher.discover(sentence, matcher.known(sentence))
        assert office in {m.slug for m, _ in found}


def test_a_capital_as_a_place_is_no_state(tmp_path: Path):
    context = load_context(Settings(data=MINI_DATA, corpus=MINI_CORPUS, build=tmp_path))
    matcher = EntityMatcher(with_extra(context.entities), context.vocabulary)
    assert [m.slug for m in matcher.known("Beijing has pledged more aid.")] == ["china"]
    assert matcher.known("The talks were held in Beijing.") == []


def test_a_quoted_principle_may_end_at_the_full_stop():
    sentence = 'The kingdom is guided by the principle of "peace before profit.'
    assert [m.label for m in _quoted_principles(sentence, [])] == ["peace before profit"]


def test_one_with_and_another_with_lists_objects_each_with_its_time(proposal):
    times = {c.object.slug: c.times for c in proposal.candidates
             if c.relation == "strategicPartner" and isinstance(c.object, Mention)}
    times.pop("united-states", None)  # the partnership of the last sentence
    assert times == {"china": {"start": "2010"}, "south-korea": {"start": "2014"}}


def test_the_title_stands_for_the_one_person_the_document_gave_it(tmp_path: Path):
    context = load_context(Settings(data=MINI_DATA, corpus=MINI_CORPUS, build=tmp_path))
    matcher = EntityMatcher(with_extra(context.entities), context.vocabulary)
    first = "US Vice President Jane Roe arrived."
    for mention, _ in matcher.discover(first, matcher.known(first)):
        if mention.new:
            matcher.add(mention)
    assert [m.label for m in matcher.known("The Vice President announced a fund.")] == ["Jane Roe"]
    office = matcher.known("The Vice President of Japan spoke.")  # an office, not the person
    assert [m.slug for m in office] == ["japan"]


def test_a_city_the_text_calls_a_state_s_capital_lies_in_it(proposal):
    assert ("phnom-penh", "locatedIn", "cambodia") in claims(proposal)


def test_the_two_countries_are_the_two_states_named_last(proposal):
    relations = {(c.subject.slug, c.relation, c.object.slug, tuple(c.times.values())) for c in proposal.candidates
                 if isinstance(c.object, Mention)}
    assert ("japan", "diplomaticRelation", "united-states", ("1952",)) in relations


def test_a_relative_clause_goes_on_speaking_of_the_pair_before_it(proposal):
    partners = {(c.subject.slug, c.object.slug): c.times for c in proposal.candidates
                if c.relation == "strategicPartner" and isinstance(c.object, Mention)}
    assert partners[("cambodia", "united-states")] == {"start": "2019"}


def test_a_title_without_a_state_is_an_office_of_the_document_s_state_or_the_one_office_it_names(proposal):
    found = claims(proposal)
    assert ("tom-hale", "holdsPosition", "us-secretary-of-state") in found
    # "In Japan, President ...": Japan is a place, not the office's state; the document is about Cambodia
    assert {("lena-vos", "holdsPosition", "president-of-cambodia"),
            ("president-of-cambodia", "officeOf", "cambodia")} <= found
    assert proposal.new_entities["president-of-cambodia"].type == "Office"


def test_a_state_s_version_of_a_concept_whose_versions_the_graph_keeps_apart(proposal):
    found = claims(proposal)
    assert ("china", "leads", "blue-corridor-vision-china") in found
    assert ("south-korea", "leads", "blue-corridor-vision-south-korea") in found
    assert proposal.new_entities["blue-corridor-vision-south-korea"].label == "Blue Corridor Vision (South Korea)"


def test_a_state_cooperates_with_a_region_and_an_initiative_named_after_one_targets_it(proposal):
    assert ("south-korea", "cooperatesWith", "coral-basin") in claims(proposal)
    assert ("coral-basin-fisheries-initiative", "targetsRegion", "coral-basin") in claims(proposal)


def test_an_event_s_name_joins_those_who_took_part(proposal):
    taking_part = {(c.subject.slug, c.times.get("time")) for c in proposal.candidates
                   if c.relation == "participatedIn" and isinstance(c.object, Mention)
                   and c.object.slug == "japan-asean-summit"}
    assert taking_part == {("japan", "2019-05-03"), ("asean", "2019-05-03")}


def test_numbers_in_words_with_their_scale_and_what_they_count():
    from diplograph.graph.proposals.figures import find_numbers

    sentence = "The fund has eight million members and signed three strategic partnerships."
    assert [(n.value, n.unit) for n in find_numbers(sentence)] == [("8 million", "count"), ("3", "count")]


def test_a_state_or_its_demonym_in_a_body_s_name_is_whose_body_it_is(proposal):
    assert ("royal-cambodian-navy", "partOf", "cambodia") in claims(proposal)


def test_the_states_an_agreement_is_between_are_its_parties(proposal):
    assert {("cambodia", "partyTo", "reef-fisheries-treaty"),
            ("united-states", "partyTo", "reef-fisheries-treaty")} <= claims(proposal)


def test_a_noun_phrase_in_apposition_gives_a_name_its_class(proposal):
    assert proposal.new_entities["silver-lantern"].type == "Project"
    assert any(c.subject.slug == "silver-lantern" and c.relation == "figure" and c.qualifiers["value"] == "400"
               for c in proposal.candidates)


def test_the_two_sides_may_be_the_states_of_the_offices_named_before(proposal):
    partners = {(c.subject.slug, c.object.slug): c.times for c in proposal.candidates
                if c.relation == "strategicPartner" and isinstance(c.object, Mention)}
    assert partners[("japan", "united-states")] == {"start": "2020"}


def test_a_possessor_after_and_starts_a_name_of_its_own_and_an_apostrophe_opens_no_quote():
    from diplograph.graph.proposals.mentions import _capitalised_runs

    sentence = "Ties between Laos's Green River Plan and Cambodia's approach grew."
    assert [sentence[a:b] for a, b in _capitalised_runs(sentence)][-2:] == ["Green River Plan", "Cambodia's"]
    assert _quoted_principles("Cambodia's hedging approach is a policy of balance.", []) == []


def test_a_plan_named_with_its_owner_s_possessive_is_led_by_it(proposal):
    assert ("japan", "leads", "japan-harbour-plan") in claims(proposal)
    assert any(c.relation == "target" and c.qualifiers["value"] == "2.5 billion" and c.qualifiers["unit"] == "usd"
               for c in proposal.candidates)


def test_the_agent_of_a_passive_is_the_subject(proposal):
    assert ("south-korea", "initiated", "pearl-initiative") in claims(proposal)


def test_a_partnership_or_relation_says_more_than_cooperation_between_the_same_two(proposal):
    found = claims(proposal)
    assert ("japan", "diplomaticRelation", "united-states") in found
    assert not {("japan", "cooperatesWith", "united-states"), ("united-states", "cooperatesWith", "japan")} & found


def test_a_strategic_partnership_s_name_joins_two_strategic_partners(proposal):
    levels = {(c.subject.slug, c.object.slug): c.qualifiers.get("level") for c in proposal.candidates
              if c.relation == "strategicPartner" and c.rule == "partnership-name" and isinstance(c.object, Mention)}
    assert levels == {("south-korea", "united-states"): "strategic-partnership"}


def test_drawing_up_an_initiative_is_initiating_and_leading_it(proposal):
    assert {("south-korea", "initiated", "river-guard-initiative"),
            ("south-korea", "leads", "river-guard-initiative")} <= claims(proposal)
