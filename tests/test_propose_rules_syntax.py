"""The extraction rules that read English syntax: a name with its short form in brackets inside a list, a passive
"enhanced by", the object of a relative clause ("the Act, which X signed"), a state's possessive before a place,
verbs of advocacy with a principle for their object, a copula's membership, importance given, "its" for the
clause's subject, and a place after "in" that is where, not with whom.

Every sentence here is written for these tests; the names are invented."""

from __future__ import annotations

import pytest

from diplograph.graph.entities import Entity
from diplograph.graph.proposals import load_context, propose
from diplograph.graph.proposals.mentions import Mention

from .notes import ingested

EXTRA = [("china", "State", "China", []), ("south-korea", "State", "South Korea", []),
         ("pearl-initiative", "Initiative", "Pearl Initiative", []),
         ("harbour-works-plan", "Plan", "Harbour Works Plan", ["HWP"]),
         ("coastal-roads-plan", "Plan", "CRP", []),  # the graph knows the short form only
         ("river-works-plan", "Plan", "River Works Plan", ["RWP"]),
         ("reef-treaty", "Agreement", "Reef Treaty", []),
         ("harbour-access-agreement", "Agreement", "Harbour Access Agreement", []),
         ("port-visits-agreement", "Agreement", "Port Visits Agreement", []),
         ("mara-lind", "Person", "Mara Lind", []), ("ocean-act", "Legislation", "Ocean Act", []),
         ("amber-province", "Province", "Amber province", []),
         ("transparency", "Principle", "transparency", []), ("rule-of-law", "Principle", "rule of law", []),
         ("tide-council", "GovernmentBody", "Tide Council", []), ("asean", "InternationalOrganisation", "ASEAN", []),
         ("ministry-of-ports", "GovernmentBody", "Ministry of Ports", []),
         ("harbour-fair", "Programme", "Harbour Fair", []), ("coral-sea", "Region", "Coral Sea", [])]

NOTES = """Syntax notes

The Pearl Initiative complements plans such as the Harbour Works Plan (HWP), the Coastal Roads Plan (CRP 2020–25),
and the River Works Plan (RWP).

The Reef Treaty is enhanced by the 2001 Harbour Access Agreement and the 2010 Port Visits Agreement.

Delegates praised the Ocean Act, which President Mara Lind signed in 2019.

Envoys toured China's Amber province in 2019.

South Korea promotes transparency and the rule of law.

The fishing fleets of China grew for a decade while ministers met, and inspectors of ports kept defending
transparency.

South Korea was a non-permanent member of the Tide Council in 2019.

China gives strategic importance to ASEAN.

The Ministry of Ports said that its biggest trade show, the Harbour Fair, opens in May.

China will expand cooperation in the Coral Sea with ASEAN.

In 2021 the ministers reaffirmed the Reef Treaty.

Officials began updating the Harbour Access Agreement.
"""


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str]]:
    settings = ingested(tmp_path_factory.mktemp("syntax"), NOTES, "syntax-2023", "2023-03-01")
    context = load_context(settings)
    context.entities = {**context.entities, **{slug: Entity(slug, type_, label, aliases=aliases)
                                               for slug, type_, label, aliases in EXTRA}}
    source = context.sources["syntax-2023"]
    proposal = propose(context, source, source.read_text(settings.corpus))
    return {(c.subject.slug, c.relation, c.object.slug if isinstance(c.object, Mention) else str(c.object))
            for c in proposal.candidates}


def test_a_list_reads_on_over_names_with_their_short_forms_in_brackets(claims):
    plans = {o for s, r, o in claims if (s, r) == ("pearl-initiative", "complements")}
    assert plans == {"harbour-works-plan", "coastal-roads-plan", "river-works-plan"}


def test_the_agent_of_a_passive_enhanced_by_complements_the_subject(claims):
    assert {("harbour-access-agreement", "complements", "reef-treaty"),
            ("port-visits-agreement", "complements", "reef-treaty")} <= claims
    assert ("reef-treaty", "complements", "harbour-access-agreement") not in claims


def test_the_antecedent_of_which_is_the_object_of_the_relative_clause_s_verb(claims):
    assert ("mara-lind", "signed", "ocean-act") in claims


def test_a_state_s_possessive_before_a_place_locates_it(claims):
    assert ("amber-province", "locatedIn", "china") in claims


def test_a_verb_of_advocacy_adheres_its_near_subject_to_the_principles(claims):
    assert {("south-korea", "adheresTo", "transparency"), ("south-korea", "adheresTo", "rule-of-law")} <= claims
    assert ("china", "adheresTo", "transparency") not in claims  # too far from the verb: another clause's subject


def test_a_member_of_after_a_copula_is_membership_of_any_organisation(claims):
    assert ("south-korea", "memberOf", "tide-council") in claims


def test_importance_given_to_an_actor_is_a_stance_toward_it(claims):
    assert ("china", "stanceToward", "asean") in claims


def test_its_before_a_programme_names_the_clause_s_subject_its_owner(claims):
    assert ("ministry-of-ports", "leads", "harbour-fair") in claims


def test_a_region_after_in_is_where_cooperation_happens_not_a_partner(claims):
    assert ("asean", "cooperatesWith", "china") in claims or ("china", "cooperatesWith", "asean") in claims
    assert not {c for c in claims if c[1] == "cooperatesWith" and "coral-sea" in c}


def test_a_status_verb_before_an_agreement_gives_the_agreement_that_status(claims):
    assert {("reef-treaty", "agreementStatus", "reaffirmed"),
            ("harbour-access-agreement", "agreementStatus", "being-updated")} <= claims


PEOPLE = [("norland", "State", "Norland", []), ("sudria", "State", "Sudria", []), ("velmar", "State", "Velmar", []),
          ("norhaven", "City", "Norhaven", []), ("president-of-norland", "Office", "President of Norland", [])]


def _offices_held(*sentences: str) -> list[set[tuple[str, str]]]:
    """The offices ``positions`` gives the people of each sentence, in a document whose home state is Norland."""
    from diplograph.graph.proposals.mentions import EntityMatcher
    from diplograph.graph.proposals.rules import RuleSet, positions
    from diplograph.graph.vocabulary import Vocabulary

    vocabulary = Vocabulary.from_ontology()
    entities = {slug: Entity(slug, type_, label, aliases=aliases) for slug, type_, label, aliases in PEOPLE}
    matcher = EntityMatcher(entities, vocabulary)
    for sentence in sentences:
        for mention, acronym in matcher.discover(sentence, matcher.known(sentence)):
            if mention.new:
                matcher.add(mention, acronym)
    rules = RuleSet(vocabulary, entities, cities={"norhaven": "norland"})
    home = Mention("norland", "State", "Norland", 0, 0, "")
    return [{(f.subject.label, f.object.label) for f in positions(s, matcher.known(s), [], rules, None, home)
             if f.relation == "holdsPosition" and isinstance(f.object, Mention)} for s in sentences]


def test_a_bare_title_of_a_visitor_to_the_home_state_is_the_other_state_s_office_and_stays_so():
    visit, later = _offices_held("Norland and Sudria upgraded their ties in 2020, during President Tam Oru's visit "
                                 "to Norhaven.", "President Tam Oru spoke at length in Norhaven.")
    assert visit == {("Tam Oru", "President of Sudria")}
    assert later == {("Tam Oru", "President of Sudria")}  # the document said whose president he is


def test_a_bare_title_of_a_visitor_abroad_is_the_home_state_s_office():
    assert _offices_held("Norland and Sudria signed a pact during President Tam Oru's visit to Velmar.") == [
        {("Tam Oru", "President of Norland")}]


def test_a_visitor_to_the_home_state_with_two_other_states_named_gets_no_office():
    assert _offices_held("Sudria, Velmar and Norland met during President Tam Oru's visit to Norhaven.") == [set()]


def test_two_holders_of_one_title_after_two_states_are_of_each_state_in_turn():
    assert _offices_held("Norland and Sudria upgraded their ties in 2020, when Prime Minister Tam Oru and Prime "
                         "Minister Bo Lenk met.") == [{("Tam Oru", "Prime Minister of Norland"),
                                                       ("Bo Lenk", "Prime Minister of Sudria")}]


def _found(*sentences: str, extra: tuple = (), leaders: dict[str, str] | None = None) -> list[list]:
    """What the rules read off each sentence, new names found first."""
    from diplograph.graph.proposals.mentions import EntityMatcher
    from diplograph.graph.proposals.rules import RuleSet
    from diplograph.graph.proposals.times import find_times
    from diplograph.graph.vocabulary import Vocabulary

    vocabulary = Vocabulary.from_ontology()
    entities = {slug: Entity(slug, type_, label, aliases=aliases) for slug, type_, label, aliases in
                [*PEOPLE, *EXTRA, *extra]}
    matcher = EntityMatcher(entities, vocabulary)
    for sentence in sentences:
        for mention, acronym in matcher.discover(sentence, matcher.known(sentence)):
            if mention.new:
                matcher.add(mention, acronym)
    rules = RuleSet(vocabulary, entities, cities={"norhaven": "norland"}, leaders=leaders)
    return [list(rules.apply(s, matcher.known(s), find_times(s, None))) for s in sentences]


def _read(*sentences: str, extra: tuple = ()) -> list[set[tuple[str, str, str]]]:
    """What the rules read off each sentence: (relation, subject, object) by label."""
    return [{(f.relation, f.subject.label, f.object.label if isinstance(f.object, Mention) else str(f.object))
             for f in found} for found in _found(*sentences, extra=extra)]


def test_people_joined_by_and_each_after_a_title_are_one_subject():
    announced, met = _read("Vice President Ila Vos and Sudria Prime Minister Bo Lenk announced the Pearl Initiative.",
                           "In 2020 Prime Minister Tam Oru and Prime Minister Bo Lenk met in Norhaven.")
    assert {("announced", "Ila Vos", "Pearl Initiative"), ("announced", "Bo Lenk", "Pearl Initiative")} <= announced
    assert ("announced", "Sudria", "Pearl Initiative") not in announced  # the state says whose minister
    pair = {("metWith", "Tam Oru", "Bo Lenk"), ("metWith", "Bo Lenk", "Tam Oru")}
    assert {m for m in met if m[0] == "metWith"} & pair


PRINCIPLES = (("permanent-neutrality", "Principle", "Permanent neutrality", []),
              ("non-alignment", "Principle", "Non-alignment", []),
              ("norland-government", "GovernmentBody", "Government of Norland", ["Norland government"]))


def test_principles_that_qualify_a_policy_are_what_its_state_adheres_to():
    policy, aside = _read("Observers saw Norland's effort to keep a permanently neutral and non-aligned policy.",
                          "Norland trained pilots, which is permanently neutral work.", extra=PRINCIPLES)
    assert {("adheresTo", "Norland", "Permanent neutrality"), ("adheresTo", "Norland", "Non-alignment")} <= policy
    assert not {c for c in aside if c[0] == "adheresTo"}  # no policy: no principle held


def test_a_state_s_government_holding_a_principle_is_the_state():
    held, = _read("The Norland government said it adheres to permanent neutrality.", extra=PRINCIPLES)
    assert ("adheresTo", "Norland", "Permanent neutrality") in held
    assert ("adheresTo", "Government of Norland", "Permanent neutrality") not in held


def test_a_forum_the_document_adds_met_at_is_a_meeting_its_speakers_took_part_in():
    met, = _read("At the Harbour Business Forum in July 2020, Ila Vos announced the Pearl Initiative.",
                 extra=(("ila-vos", "Person", "Ila Vos", []),))
    assert ("participatedIn", "Ila Vos", "Harbour Business Forum") in met


def test_ships_from_an_actor_act_for_it():
    sailed, = _read("In May 2020, three ships from the Sudria Navy visited Norland.",
                    extra=(("sudria-navy", "ArmedForce", "Sudria Navy", []),))
    assert ("visited", "Sudria Navy", "Norland") in sailed


def test_an_anniversary_of_relations_dates_the_diplomatic_relations():
    found, = _found("Coinciding with the 30th anniversary of Norland-Sudria relations in 2020, trade grew.")
    relations = [(f.subject.label, f.object.label, f.times) for f in found if f.relation == "diplomaticRelation"]
    assert relations == [("Norland", "Sudria", {"start": "1990"})]


def test_a_trade_war_between_two_states_is_competition_and_interdependence_is_reliance():
    war, leaning = _read("The Norland-Sudria trade war hurt ports in 2019.",
                         "Velmar has growing economic interdependence with Sudria.")
    assert {("competesWith", "Norland", "Sudria"), ("competesWith", "Sudria", "Norland")} & war
    assert ("reliesOn", "Velmar", "Sudria") in leaning


def test_a_status_is_the_agreement_s_own_after_a_preposition_or_a_second_verb():
    within, renewed = _read("Ports work within the Reef Treaty established in 2015 by both states.",
                            "In 2021 the envoys reaffirmed and renewed the Harbour Access Agreement.")
    assert ("agreementStatus", "Reef Treaty", "launched") in within
    assert ("agreementStatus", "Harbour Access Agreement", "reaffirmed") in renewed


def test_who_after_as_a_partner_speaks_of_the_partner():
    helped, = _read("Norland regards Sudria as a trusted partner who has helped Norland since 1990.")
    assert ("assists", "Sudria", "Norland") in helped


def test_highlighting_or_praising_an_act_is_support_for_it():
    praised, = _read("Ila Vos highlighted the Ocean Act in 2020.", extra=(("ila-vos", "Person", "Ila Vos", []),))
    assert ("stanceToward", "Ila Vos", "Ocean Act") in praised


def test_a_status_before_a_list_after_such_as_is_the_listed_agreements():
    listed, = _read("The Port Visits Agreement goes beyond what currently exists in arrangements such as the Reef "
                    "Treaty and the Harbour Access Agreement.")
    statuses = {(s, o) for r, s, o in listed if r == "agreementStatus"}
    assert statuses == {("Reef Treaty", "existing"), ("Harbour Access Agreement", "existing")}


def test_a_contributor_to_an_organisation_named_next_cooperates_with_it():
    named, far = _read("Norland has become a key contributor to ASEAN missions.",
                       "Norland praised contributions to the fleets of ASEAN.")
    assert ("cooperatesWith", "Norland", "ASEAN") in named
    assert ("cooperatesWith", "Norland", "ASEAN") not in far


def test_names_listed_after_including_go_on_the_object_list():
    listed, = _read("The Pearl Initiative will complement the Harbour Works Plan 2030, including the River Works Plan "
                    "and the CRP.")
    plans = {o for r, s, o in listed if (r, s) == ("complements", "Pearl Initiative")}
    assert plans == {"Harbour Works Plan", "River Works Plan", "CRP"}


def test_foreign_policy_autonomy_is_the_strategy_of_independence():
    kept, = _read("Norland has strictly maintained its foreign policy autonomy since 1990.")
    assert ("pursuesStrategy", "Norland", "independence") in kept


def test_a_leader_visits_abroad_not_the_state_whose_office_they_hold():
    found, = _found("During Ila Vos's trip in 2020, Norland and Sudria signed the Reef Treaty.",
                    extra=(("ila-vos", "Person", "Ila Vos", []),), leaders={"ila-vos": "norland"})
    visits = {f.object.label for f in found if f.relation == "visited"}
    assert "Norland" not in visits


def test_support_is_assistance_only_before_a_name():
    refused, = _read("Norland refuses to support any plan that would divide ASEAN.")
    assert ("assists", "Norland", "ASEAN") not in refused


def test_a_programme_under_the_auspices_of_a_partnership_agreement_is_part_of_it():
    under, = _read("Under the auspices of the Harbour Access Agreement, Norland announced the Harbour Fair.")
    assert ("partOfInitiative", "Harbour Fair", "Harbour Access Agreement") in under


def test_a_state_of_two_words_joined_by_a_hyphen_in_an_agreement_s_name_is_a_party():
    named, = _read("The China-South Korea Free Trade Agreement took effect in 2015.")
    parties = {s for r, s, o in named if r == "partyTo"}
    assert parties == {"China", "South Korea"}


def test_a_list_of_works_on_named_things_reads_on_over_the_and_inside_its_last_part():
    works = (("reef-bridge", "Project", "Reef Bridge", []), ("harbour-road", "Project", "Harbour Road", []),
             ("coast-road", "Project", "Coast Road", []))
    funded, = _read("In 2020 Norland funded the construction of the Reef Bridge and the renovations of the Harbour "
                    "Road and the Coast Road.", extra=works)
    assert {o for r, s, o in funded if (r, s) == ("finances", "Norland")} == {"Reef Bridge", "Harbour Road",
                                                                              "Coast Road"}


def test_the_recipient_before_with_a_grant_is_not_who_finances():
    funded, = _read("In 2020 Norland funded Sudria with a USD 20 million grant for the Reef Bridge.",
                    extra=(("reef-bridge", "Project", "Reef Bridge", []),))
    financiers = {s for r, s, o in funded if r == "finances"}
    assert financiers == {"Norland"}


def test_its_in_an_opening_phrase_is_the_subject_after_it():
    under, = _read("Under its flagship plan and the Pearl Initiative, Norland has funded ports since 2015.")
    assert ("leads", "Norland", "Pearl Initiative") in under


def test_a_number_after_efforts_to_increase_is_a_target_and_one_before_stays_a_figure():
    from diplograph.graph.proposals.figures import figures

    sentence = "Trade reached US$1 billion in 2016, and Norland made efforts to increase trade by US$2 billion."
    norland = Mention("norland", "State", "Norland", sentence.find("Norland"), sentence.find("Norland") + 7, "Norland")
    found = {(f["relation"], f["qualifiers"]["value"]) for f in figures(sentence, [norland], [], lambda m: True)}
    assert found == {("figure", "1 billion"), ("target", "2 billion")}


def test_raising_concerns_with_someone_is_the_relation_of_that_name():
    raised, = _read("President Ila Vos has raised concerns directly with Prime Minister Bo Lenk on the fleets.",
                    extra=(("ila-vos", "Person", "Ila Vos", []), ("bo-lenk", "Person", "Bo Lenk", [])))
    assert ("raisedConcernWith", "Ila Vos", "Bo Lenk") in raised


def test_a_relative_clause_that_has_the_number_makes_a_preposition_s_object_its_subject():
    from diplograph.graph.proposals.figures import figures

    sentence = "No state invests more than Norland, which currently has $90 billion in foreign direct investment."
    norland = Mention("norland", "State", "Norland", sentence.find("Norland"), sentence.find("Norland") + 7, "Norland")
    found = [(f["subject"].slug, f["qualifiers"]["value"]) for f in figures(sentence, [norland], [], lambda m: True)]
    assert found == [("norland", "90 billion")]


def test_a_project_built_under_a_state_s_aid_is_financed_by_it_and_completed():
    built, = _read("The Reef Bridge, which was constructed under Chinese aid in 2013, carries trucks.",
                   extra=(("reef-bridge", "Project", "Reef Bridge", []),))
    assert {("finances", "China", "Reef Bridge"), ("projectStatus", "Reef Bridge", "completed")} <= built


def test_the_construction_of_a_project_being_underway_puts_it_under_construction():
    works, = _read("In 2020 the construction of the 90-km-long Reef Bridge is underway.",
                   extra=(("reef-bridge", "Project", "Reef Bridge", []),))
    assert ("projectStatus", "Reef Bridge", "under-construction") in works


def test_sharing_expertise_with_a_state_is_assisting_it():
    shared, = _read("Norland will share its demining expertise with all countries in need, including Sudria.")
    assert ("assists", "Norland", "Sudria") in shared


def test_taking_part_in_conceptualising_an_initiative_is_co_creating_it():
    found, = _found("Norland has taken part in conceptualising the Pearl Initiative with other members.")
    stances = {(f.subject.label, f.object.label, f.qualifiers.get("stance")) for f in found
               if f.relation == "stanceToward"}
    assert ("Norland", "Pearl Initiative", "co-creation") in stances


def test_an_opening_participle_of_place_locates_the_clause_s_subject():
    placed, = _read("Sitting at the heart of the Coral Sea, Norland will keep its ports open.")
    assert ("locatedIn", "Norland", "Coral Sea") in placed
