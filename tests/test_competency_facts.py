"""The competency questions (../shared/competency-questions.md), held to the facts the corpus supports.

For each of the 23 questions these tests ask the built dataset, with SPARQL, for the facts that the
written answer needs, and check that each carries the source the answer names (prov:wasDerivedFrom).
Source ids: 000 = ward-2017, 001 lines 1-53 = chheang-2019, 001 lines 56+ = usdos-foip-2018,
002 = samath-2020, 003 = yen-2024, 004 = bong-2023.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

DG = "https://w3id.org/diplograph/ontology#"
ID = "https://w3id.org/diplograph/id/"
CONCEPT = "https://w3id.org/diplograph/concept/"
SOURCE = "https://w3id.org/diplograph/source/"
GRAPH = "https://w3id.org/diplograph/graph/"
TRUTHY = GRAPH + "truthy"

PREFIXES = f"""
PREFIX dg: <{DG}>
PREFIX dgr: <{ID}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

CAMBODIA_SOURCES = {"ward-2017", "chheang-2019", "usdos-foip-2018", "samath-2020", "yen-2024", "bong-2023"}
# short documents on Vietnam, the Philippines and Indonesia, taken through ingest, propose and review
REGION_SOURCES = {"usdos-philippines-2023", "usdos-indonesia-2021", "vietnam-partnerships-2026"}
SOURCES = CAMBODIA_SOURCES | REGION_SOURCES

# Qualifier keys of the curated YAML, as they are compiled: entity-valued keys point at dgr: entities,
# concept-valued keys at a SKOS concept of the named scheme, time keys at typed literals.
ENTITY_KEYS = {"counterpart", "toward", "via", "place", "event", "role", "about"}
CONCEPT_KEYS = {
    "level": "partnership-level",
    "stance": "stance",
    "status": "status",
    "instrument": "instrument",
    "measure": "measure",
    "unit": "unit",
    "comparator": "comparator",
    "field": "field",
    "validity": "validity",
}
TIME_KEYS = {"time": "pointInTime", "start": "startTime", "end": "endTime", "reported": "reportedOn"}
NUMBER_KEYS = {"value", "amount", "ordinal"}
# Relations whose object is a concept rather than an entity.
CONCEPT_OBJECTS = {"pursuesStrategy": "stance", "agreementStatus": "status", "projectStatus": "status"}


# --- the dataset -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(corpus_store):
    """The real corpus, built once for the session (conftest's corpus build)."""
    return corpus_store


# --- helpers ---------------------------------------------------------------------------------------


def entity(slug: str) -> str:
    return f"<{ID}{slug}>"


def concept(scheme: str, slug: str) -> str:
    return f"<{CONCEPT}{scheme}/{slug}>"


def local(term) -> str:
    """The last path segment of an IRI (an entity slug, a concept slug or a source id)."""
    return term.value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def select(store, query: str) -> list:
    return list(store.query(PREFIXES + query))


def _patterns(s, p, o, quals: dict) -> list[str]:
    lines = [f"?st dg:predicate dg:{p} ; prov:wasDerivedFrom ?src ."]
    if s is not None:
        lines.append(f"?st dg:subject {entity(s)} .")
    if o is not None:
        scheme = CONCEPT_OBJECTS.get(p)
        lines.append(f"?st dg:object {concept(scheme, o) if scheme else entity(o)} .")
    for n, (key, value) in enumerate(quals.items()):
        var = f"?q{n}"
        if key == "quote_contains":
            lines.append(f'?st dg:evidence/oa:exact {var} . FILTER(CONTAINS(LCASE(STR({var})), LCASE("{value}")))')
        elif key == "shared_amount":  # an amount given for several projects together, on its group's node
            lines.append(f"?st dg:sharedAmount/dg:totalAmount {var} . FILTER({var} = {Decimal(str(value))})")
        elif key == "shared_currency":
            lines.append(f"?st dg:sharedAmount/dg:currency {concept('unit', value)} .")
        elif key in ENTITY_KEYS:
            for item in value if isinstance(value, (list, tuple, set)) else [value]:
                lines.append(f"?st dg:{key} {entity(item)} .")
        elif key in CONCEPT_KEYS:
            lines.append(f"?st dg:{key} {concept(CONCEPT_KEYS[key], value)} .")
        elif key in TIME_KEYS:
            lines.append(f'?st dg:{TIME_KEYS[key]} {var} . FILTER(STR({var}) = "{value}")')
        elif key in NUMBER_KEYS:
            lines.append(f"?st dg:{key} {var} . FILTER({var} = {Decimal(str(value))})")
        else:
            raise ValueError(f"unknown qualifier {key!r}")
    return lines


def sources_of(store, s: str | None, p: str, o: str | None = None, **quals) -> set[str]:
    """The sources (ids) of every statement `s p o` that carries all the given qualifiers."""
    where = "\n".join(_patterns(s, p, o, quals))
    rows = select(store, f"SELECT DISTINCT ?src WHERE {{ GRAPH ?g {{ {where} }} }}")
    return {local(row["src"]) for row in rows}


def assert_fact(store, source: str, s: str | None, p: str, o: str | None = None, **quals) -> None:
    """Assert that `source` states `s p o` with (at least) the given qualifiers."""
    found = sources_of(store, s, p, o, **quals)
    claim = " ".join(x for x in (s or "?", p, o or "") if x) + "".join(f" {k}={v}" for k, v in quals.items())
    assert source in found, f"{claim}: expected from {source}, found in {sorted(found) or 'no source'}"


def objects_of(store, source: str, s: str, p: str, **quals) -> set[str]:
    """The objects (slugs) of `s p ?` statements of one source that carry the given qualifiers."""
    where = "\n".join(_patterns(s, p, None, quals))
    rows = select(
        store,
        f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ {where} ?st dg:object ?o . }} FILTER(?src = <{SOURCE}{source}>) }}",
    )
    return {local(row["o"]) for row in rows}


def subjects_of(store, source: str, p: str, o: str, **quals) -> set[str]:
    """The subjects (slugs) of `? p o` statements of one source that carry the given qualifiers."""
    where = "\n".join(_patterns(None, p, o, quals))
    rows = select(
        store,
        f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ {where} ?st dg:subject ?s . }} FILTER(?src = <{SOURCE}{source}>) }}",
    )
    return {local(row["s"]) for row in rows}


def cambodia_partnerships(store) -> list[tuple[str, str, int, str]]:
    """Cambodia's strategic partnerships as (partner, level, start year, source), either direction."""
    rows = select(
        store,
        """
        SELECT ?partner ?level ?start ?src WHERE { GRAPH ?g {
            ?st dg:predicate dg:strategicPartner ; dg:level ?level ; prov:wasDerivedFrom ?src .
            { ?st dg:subject dgr:cambodia ; dg:object ?partner }
            UNION { ?st dg:object dgr:cambodia ; dg:subject ?partner }
            OPTIONAL { ?st dg:startTime ?start }
        } }
        """,
    )
    return [
        (local(r["partner"]), local(r["level"]), int(r["start"].value[:4]) if r["start"] else None, local(r["src"]))
        for r in rows
    ]


def partners_in_force(store, year: int) -> dict[str, str]:
    """Cambodia's partners whose partnership had started by `year`, with the latest level by then."""
    latest: dict[str, tuple[int, str]] = {}
    rank = {"strategic-partnership": 0, "comprehensive-strategic-partnership": 1}
    for partner, level, start, _ in cambodia_partnerships(store):
        if start is None or start > year:
            continue
        key = (start, rank.get(level, -1))
        if partner not in latest or key > (latest[partner][0], rank.get(latest[partner][1], -1)):
            latest[partner] = (start, level)
    return {partner: level for partner, (_, level) in latest.items()}


# --- Partnerships and agreements -----------------------------------------------------------------


def test_cq1_china_partnership(store):
    assert_fact(store, "samath-2020", "cambodia", "strategicPartner", "china",
                level="comprehensive-strategic-partnership", start="2010")
    assert_fact(store, "chheang-2019", "cambodia", "strategicPartner", "china", level="strategic-partnership",
                start="2010")


def test_cq1_japan_partnership_and_upgrade(store):
    for source in ("ward-2017", "chheang-2019"):
        assert_fact(store, source, "cambodia", "strategicPartner", "japan", level="strategic-partnership", start="2013")
    assert_fact(store, "bong-2023", "cambodia", "strategicPartner", "japan",
                level="comprehensive-strategic-partnership", start="2022")


def test_cq1_south_korea_partnership(store):
    assert_fact(store, "yen-2024", "cambodia", "strategicPartner", "south-korea", level="strategic-partnership",
                start="2024-05-16")


def test_cq1_no_other_partners(store):
    assert {p for p, *_ in cambodia_partnerships(store)} == {"china", "japan", "south-korea"}


def test_cq2_every_cambodian_partnership_has_a_start(store):
    missing = [(p, level, src) for p, level, start, src in cambodia_partnerships(store) if start is None]
    assert not missing, f"partnerships without a start time: {missing}"


def test_cq2_in_force_2015(store):
    assert set(partners_in_force(store, 2015)) == {"china", "japan"}


def test_cq2_in_force_before_any(store):
    assert partners_in_force(store, 2009) == {}


def test_cq3_us_withdrawals(store):
    withdrawn = objects_of(store, "samath-2020", "united-states", "withdrewFrom")
    assert withdrawn == {"tpp", "paris-agreement", "inf-treaty", "jcpoa"}


def test_cq4_existing_free_trade_agreements(store):
    for fta in ("asean-china-fta", "rcep"):
        assert_fact(store, "samath-2020", fta, "agreementStatus", "existing")
        assert_fact(store, "samath-2020", "cambodia", "partyTo", fta)


def test_cq4_cambodia_china_fta(store):
    assert_fact(store, "samath-2020", "cambodia-china-fta", "agreementStatus", "preliminary-negotiation", time="2020")
    assert_fact(store, "samath-2020", "cambodia", "negotiates", "cambodia-china-fta", counterpart="china",
                status="preliminary-negotiation", quote_contains="early conclusion")


def test_cq4_cambodia_korea_fta(store):
    assert_fact(store, "yen-2024", "cambodia-korea-fta", "agreementStatus", "in-force")
    assert_fact(store, "yen-2024", "cambodia", "partyTo", "cambodia-korea-fta",
                quote_contains="boosting bilateral trade")


# --- Initiatives and stances -----------------------------------------------------------------------


def test_cq5_china_initiatives(store):
    assert_fact(store, "samath-2020", "china", "leads", "belt-and-road-initiative", start="2013")
    assert_fact(store, "samath-2020", "china", "initiated", "belt-and-road-initiative", time="2013")
    assert_fact(store, "samath-2020", "china", "leads", "mekong-lancang-cooperation")


def test_cq5_japan_initiatives(store):
    assert_fact(store, "samath-2020", "japan", "leads", "foip-japan")
    # "It was first initiated by ... Shinzo Abe": "it" is FOIP, the collective strategy, not Japan's version
    assert_fact(store, "samath-2020", "shinzo-abe", "initiated", "foip", time="2016")
    assert not sources_of(store, "shinzo-abe", "initiated", "foip-japan")
    assert_fact(store, "samath-2020", "japan", "leads", "mekong-connectivity-initiative")
    assert_fact(store, "ward-2017", "japan", "leads", "asean-defence-initiative", start="2016-11")


def test_cq5_united_states_initiatives(store):
    src = "usdos-foip-2018"
    assert_fact(store, src, "united-states", "leads", "foip-us", start="2017-11")
    assert_fact(store, src, "donald-trump", "initiated", "foip-us", time="2017-11", place="vietnam")
    assert_fact(store, src, "united-states", "leads", "indo-pacific-transparency-initiative", start="2018-11-17")
    assert_fact(store, src, "mike-pence", "announced", "indo-pacific-transparency-initiative", time="2018-11-17")
    for initiative in ("asia-edge", "infrastructure-transaction-and-assistance-network",
                       "digital-connectivity-and-cybersecurity-partnership"):
        assert_fact(store, src, "united-states", "leads", initiative)


def test_cq5_other_initiatives(store):
    assert_fact(store, "samath-2020", "south-korea", "leads", "new-southern-policy")
    assert_fact(store, "yen-2024", "south-korea", "leads", "korea-indo-pacific-strategy")
    assert_fact(store, "samath-2020", "india", "leads", "act-east-policy")
    assert_fact(store, "samath-2020", "asean", "leads", "asean-outlook-on-the-indo-pacific")
    assert_fact(store, "samath-2020", "asean", "leads", "mpac-2025")


def test_cq6_stance_bri(store):
    assert_fact(store, "samath-2020", "cambodia", "stanceToward", "belt-and-road-initiative", stance="support")
    assert_fact(store, "samath-2020", "cambodia", "stanceToward", "belt-and-road-initiative",
                stance="economic-pragmatism-bandwagon")


def test_cq6_stance_japan_foip(store):
    assert_fact(store, "samath-2020", "cambodia", "stanceToward", "foip-japan", stance="support")
    assert_fact(store, "samath-2020", "cambodia", "stanceToward", "foip-japan", stance="support", ordinal=1,
                quote_contains="first country in ASEAN")


def test_cq6_stance_us_foip_is_silence(store):
    assert_fact(store, "samath-2020", "cambodia", "stanceToward", "foip-us", stance="silence")
    assert not sources_of(store, "cambodia", "stanceToward", "foip-us", stance="support"), \
        "no source says Cambodia supports the US FOIP"


def test_cq6_stance_aoip(store):
    assert_fact(store, "samath-2020", "cambodia", "stanceToward", "asean-outlook-on-the-indo-pacific",
                stance="co-creation", quote_contains="conceptualising the AOIP")
    assert_fact(store, "samath-2020", "cambodia", "stanceToward", "asean-outlook-on-the-indo-pacific",
                stance="support")


def test_cq7_quad_members(store):
    members = {"united-states", "japan", "australia", "india"}
    assert subjects_of(store, "samath-2020", "memberOf", "quad") == members
    # the fact sheet names only "the third consultation on the Indo-Pacific": the four take part in it, and
    # no membership of the Quad is read into it
    assert not subjects_of(store, "usdos-foip-2018", "memberOf", "quad")
    assert subjects_of(store, "usdos-foip-2018", "participatedIn", "quad-consultation-2018-11") == members


def test_cq8_grand_strategies_pivot_to_southeast_asia(store):
    pivoting = subjects_of(store, "samath-2020", "targetsRegion", "southeast-asia",
                           quote_contains="pivoted to Southeast Asia")
    assert pivoting == {"belt-and-road-initiative", "new-southern-policy", "act-east-policy", "foip"}


def test_cq8_leaders_of_pivoting_strategies(store):
    assert subjects_of(store, "samath-2020", "leads", "belt-and-road-initiative") == {"china"}
    assert subjects_of(store, "samath-2020", "leads", "new-southern-policy") == {"south-korea"}
    assert subjects_of(store, "samath-2020", "leads", "act-east-policy") == {"india"}
    assert subjects_of(store, "samath-2020", "leads", "foip") == {"japan", "united-states", "india", "australia"}


def test_cq9_strategy_ward(store):
    assert_fact(store, "ward-2017", "cambodia", "pursuesStrategy", "diversification", toward="japan")
    assert_fact(store, "ward-2017", "cambodia", "pursuesStrategy", "diversification", toward=["india", "south-korea"])
    assert_fact(store, "ward-2017", "cambodia", "pursuesStrategy", "hedging", toward="china")


def test_cq9_strategy_chheang(store):
    assert_fact(store, "chheang-2019", "cambodia", "pursuesStrategy", "hedging", quote_contains="coordination")
    assert_fact(store, "chheang-2019", "cambodia", "pursuesStrategy", "diversification",
                quote_contains="lack of coordination")


def test_cq9_strategy_samath(store):
    assert_fact(store, "samath-2020", "cambodia", "pursuesStrategy", "economic-pragmatism-bandwagon",
                toward="belt-and-road-initiative")
    assert_fact(store, "samath-2020", "cambodia", "pursuesStrategy", "limited-bandwagon", toward="foip")
    assert_fact(store, "samath-2020", "cambodia", "pursuesStrategy", "hedging", via="asean")
    assert_fact(store, "samath-2020", "cambodia", "pursuesStrategy", "binding-engagement", via="asean")
    assert_fact(store, "samath-2020", "cambodia", "pursuesStrategy", "soft-balancing", via="asean")


def test_cq9_strategy_yen_and_bong(store):
    assert_fact(store, "yen-2024", "cambodia", "pursuesStrategy", "hedging", via="south-korea")
    assert_fact(store, "bong-2023", "cambodia", "pursuesStrategy", "hedging", quote_contains="protect its sovereignty")
    assert_fact(store, "bong-2023", "cambodia", "adheresTo", "independent-rules-based-foreign-policy")


def test_cq10_principles(store):
    expected = {
        "chheang-2019": {"permanent-neutrality", "non-alignment", "no-foreign-military-bases"},
        "samath-2020": {"reforming-at-home-making-friends-abroad"},
        "yen-2024": {"friend-to-all-enemy-to-none", "peace-friendship-development"},
        "bong-2023": {"independent-rules-based-foreign-policy"},
    }
    for source, principles in expected.items():
        found = objects_of(store, source, "cambodia", "adheresTo")
        assert principles <= found, f"{source}: missing {sorted(principles - found)}"


def test_cq10_motto_quotes(store):
    assert_fact(store, "samath-2020", "cambodia", "adheresTo", "reforming-at-home-making-friends-abroad",
                quote_contains="reforming at home, making friends abroad, and adhering to the spirit of independence")
    assert_fact(store, "yen-2024", "cambodia", "adheresTo", "friend-to-all-enemy-to-none",
                quote_contains="friend to all and enemy to none")
    assert_fact(store, "yen-2024", "cambodia", "adheresTo", "peace-friendship-development",
                quote_contains="peace, friendship and development")


# --- Projects, money and figures --------------------------------------------------------------


def test_cq11_expressway(store):
    src = "samath-2020"
    assert_fact(store, src, "phnom-penh-sihanoukville-expressway", "partOfInitiative", "belt-and-road-initiative")
    assert_fact(store, src, "phnom-penh-sihanoukville-expressway", "figure", measure="length", value=190, unit="km")
    assert_fact(store, src, "phnom-penh-sihanoukville-expressway", "projectStatus", "under-construction",
                validity="at-writing", reported="2020-04-12")


def test_cq11_dams(store):
    src = "samath-2020"
    assert_fact(store, src, "lower-sesan-ii-dam", "partOfInitiative", "belt-and-road-initiative")
    assert_fact(store, src, "china", "finances", "stung-russei-chrum-krom-dam", instrument="aid", time="2013")
    assert_fact(store, src, "stung-russei-chrum-krom-dam", "figure", measure="electricity-capacity", value=338,
                unit="mw")


def test_cq11_sez_and_airport(store):
    src = "samath-2020"
    assert_fact(store, src, "sihanoukville-sez", "partOfInitiative", "belt-and-road-initiative")
    assert_fact(store, src, "china", "finances", "sihanoukville-sez")
    assert_fact(store, src, "sihanoukville-sez", "figure", measure="factories", value=100, comparator="more-than")
    assert_fact(store, src, "sihanoukville-sez", "figure", measure="workers", value=200000, comparator="more-than")
    assert_fact(store, src, "siem-reap-international-airport", "partOfInitiative", "belt-and-road-initiative")


def test_cq12_japanese_grant_and_loan(store):
    src = "samath-2020"
    for project in ("neak-loeung-bridge", "national-road-1", "national-road-5"):
        assert_fact(store, src, "japan", "finances", project, instrument="grant", shared_amount=120_000_000,
                    shared_currency="usd")
        assert not sources_of(store, "japan", "finances", project, amount=120_000_000)  # counted once, on the group
    assert_fact(store, src, "neak-loeung-bridge", "figure", measure="length", value=2.2, unit="km")
    assert_fact(store, src, "japan", "finances", "sihanoukville-port-container-terminal", instrument="loan",
                amount=203_000_000, unit="usd")


def test_cq12_ward_financing_and_skytrain(store):
    src = "ward-2017"
    for project in ("phnom-penh-flood-protection", "sihanoukville-port-container-terminal"):
        assert_fact(store, src, "japan", "finances", project, shared_amount=244_000_000, shared_currency="usd")
    assert_fact(store, src, "hun-sen", "requestsFinancing", "phnom-penh-skytrain", counterpart="japan",
                amount=800_000_000, unit="usd", status="pending")


def test_cq13_japan_trade(store):
    src = "ward-2017"
    assert_fact(store, src, "cambodia", "figure", measure="bilateral-trade", value=1.3e9, unit="usd",
                counterpart="japan", time="2016")
    assert_fact(store, src, "cambodia", "figure", measure="export-growth", value=4.5, unit="percent",
                counterpart="japan", start="2017-01", end="2017-06")


def test_cq13_china_trade_and_investment(store):
    src = "samath-2020"
    assert_fact(store, src, "cambodia", "figure", measure="bilateral-trade", value=3.8e9, unit="usd",
                counterpart="china", time="2019")
    assert_fact(store, src, "china", "figure", measure="fdi", value=1.1e9, unit="usd", comparator="more-than",
                counterpart="cambodia", start="2019-01", end="2019-06")


def test_cq13_oda_and_korean_fdi(store):
    assert_fact(store, "samath-2020", "japan", "figure", measure="oda", value=2.9e9, unit="usd", comparator="more-than",
                counterpart="cambodia", time="2019")
    assert_fact(store, "yen-2024", "south-korea", "figure", measure="fdi", value=5e9, unit="usd",
                counterpart="cambodia", time="2023")


def test_cq14_peacekeepers_bong(store):
    src = "bong-2023"
    assert_fact(store, src, "cambodia", "figure", measure="peacekeepers-deployed", value=8300, comparator="more-than",
                start="2006")
    assert_fact(store, src, "cambodia", "figure", measure="countries", value=9, start="2006")
    assert_fact(store, src, "cambodia", "figure", measure="peacekeepers-stationed", value=801, place="africa")
    assert_fact(store, src, "cambodia", "figure", measure="countries", value=4, place="africa")


def test_cq14_peacekeepers_yen(store):
    src = "yen-2024"
    assert_fact(store, src, "cambodia", "figure", measure="peacekeepers-deployed", value=9000, comparator="more-than",
                start="2006")
    assert_fact(store, src, "cambodia", "figure", measure="female-peacekeepers", value=726, start="2006")
    assert_fact(store, src, "cambodia", "figure", measure="countries", value=9, start="2006")


# --- Events and people ---------------------------------------------------------------------------


def test_cq15_visits_and_meetings(store):
    assert_fact(store, "ward-2017", "hun-sen", "visited", "japan", time="2017-08", ordinal=3,
                role="prime-minister-of-cambodia")
    assert_fact(store, "bong-2023", "prak-sokhonn", "metWith", "yoshimasa-hayashi", time="2023-01-24", place="tokyo")
    assert_fact(store, "bong-2023", "hun-sen", "visited", "china", time="2023-02")
    assert_fact(store, "yen-2024", "hun-manet", "visited", "south-korea", time="2024-05")


def test_cq16_cambodia_japan_timeline(store):
    assert_fact(store, "samath-2020", "japan", "assists", "cambodia", via="untac", start="1992", end="1993")
    assert_fact(store, "ward-2017", "cambodia", "strategicPartner", "japan", start="2013")
    assert_fact(store, "ward-2017", "jmsdf", "visited", "cambodia", time="2017-02")
    assert_fact(store, "ward-2017", "jmsdf-ships-visit-cambodia-2017", "figure", measure="ships", value=3)
    assert_fact(store, "ward-2017", "hun-sen", "visited", "japan", time="2017-08")
    assert_fact(store, "bong-2023", "cambodia", "strategicPartner", "japan",
                level="comprehensive-strategic-partnership", start="2022")
    # the 70th anniversary fell in 2022: an event of the relation, not its start
    assert_fact(store, "bong-2023", "cambodia", "diplomaticRelation", "japan",
                event="cambodia-japan-relations-70th-anniversary")
    assert not sources_of(store, "cambodia", "diplomaticRelation", "japan", time="2022")
    assert_fact(store, "bong-2023", "prak-sokhonn", "visited", "japan", time="2023-01")


def test_cq17_us_asean_partnerships_november_2018(store):
    src = "usdos-foip-2018"
    assert_fact(store, src, "mike-pence", "announced", "us-asean-smart-cities-partnership", time="2018-11-15")
    assert_fact(store, src, "united-states", "finances", "us-asean-smart-cities-partnership", amount=10_000_000,
                unit="usd")
    assert_fact(store, src, "us-asean-strategic-partnership", "agreementStatus", "reaffirmed", time="2018-11-15",
                event="us-asean-summit-2018")
    assert_fact(store, src, "united-states", "partyTo", "us-asean-joint-statement-on-cybersecurity", time="2018-11-15")
    assert_fact(store, src, "asean", "partyTo", "us-asean-joint-statement-on-cybersecurity")


# --- The network -------------------------------------------------------------------------------------


def test_cq18_path_from_cambodia_to_the_quad(store):
    rows = select(
        store,
        """
        SELECT ?initiative ?state WHERE { GRAPH ?g1 {
            ?a dg:subject dgr:cambodia ; dg:predicate dg:stanceToward ; dg:object ?initiative ;
               dg:stance <https://w3id.org/diplograph/concept/stance/support> . }
          GRAPH ?g2 { ?b dg:subject ?state ; dg:predicate dg:leads ; dg:object ?initiative . }
          GRAPH ?g3 { ?c dg:subject ?state ; dg:predicate dg:memberOf ; dg:object dgr:quad . }
        }
        """,
    )
    paths = {(local(r["initiative"]), local(r["state"])) for r in rows}
    assert ("foip-japan", "japan") in paths
    # the same path as direct edges of the truthy graph
    ask = PREFIXES + f"""ASK {{ GRAPH <{TRUTHY}> {{
        dgr:cambodia dg:stanceToward dgr:foip-japan . dgr:japan dg:leads dgr:foip-japan .
        dgr:japan dg:memberOf dgr:quad . }} }}"""
    assert store.query(ask)


def test_cq19_central_actors(store):
    rows = select(
        store,
        f"""SELECT ?s ?o WHERE {{ GRAPH <{TRUTHY}> {{ ?s ?p ?o }}
            FILTER(isIRI(?o) && ?s != ?o && STRSTARTS(STR(?s), "{ID}") && STRSTARTS(STR(?o), "{ID}")) }}""",
    )
    neighbours: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        neighbours[local(r["s"])].add(local(r["o"]))
        neighbours[local(r["o"])].add(local(r["s"]))
    degree = {node: len(ns) for node, ns in neighbours.items()}
    # rank = 1 + the number of entities with strictly more distinct neighbours (ties share a rank)
    rank = {node: 1 + sum(other > d for other in degree.values()) for node, d in degree.items()}
    for actor in ("cambodia", "china", "japan", "united-states", "asean"):
        assert rank.get(actor, 10**6) <= 10, f"{actor}: degree {degree.get(actor, 0)}, rank {rank.get(actor)}"


def test_cq20_change_between_2019_and_2024(store):
    before, after = partners_in_force(store, 2019), partners_in_force(store, 2024)
    assert set(before) == {"china", "japan"}
    assert set(after) - set(before) == {"south-korea"}
    assert set(before) - set(after) == set()
    assert before["japan"] == "strategic-partnership"
    assert after["japan"] == "comprehensive-strategic-partnership"
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {"japan"}


# --- Provenance -----------------------------------------------------------------------------------------


def test_cq21_every_statement_has_one_source_and_a_quote(store):
    rows = select(
        store,
        f"""SELECT ?st (COUNT(DISTINCT ?src) AS ?sources) (COUNT(DISTINCT ?q) AS ?quotes) WHERE {{
              GRAPH ?g {{ ?st dg:predicate ?p . OPTIONAL {{ ?st prov:wasDerivedFrom ?src }}
                         OPTIONAL {{ ?st dg:evidence ?q . ?q oa:exact ?text . FILTER(STRLEN(?text) > 0) }} }}
              FILTER(?g != <{TRUTHY}>) }} GROUP BY ?st""",
    )
    assert len(rows) > 500
    bad = [r["st"].value for r in rows if int(r["sources"].value) != 1 or int(r["quotes"].value) < 1]
    assert not bad, f"{len(bad)} statements without exactly one source and a quote, e.g. {bad[:5]}"


def test_cq21_statement_graph_matches_its_source(store):
    rows = select(store, "SELECT ?g ?src WHERE { GRAPH ?g { ?st dg:predicate ?p ; prov:wasDerivedFrom ?src } }")
    bad = {(r["g"].value, r["src"].value) for r in rows if local(r["g"]) != local(r["src"])}
    assert not bad, f"statements filed under another source's graph: {sorted(bad)[:5]}"


def test_cq21_quotes_of_a_fact(store):
    rows = select(
        store,
        """SELECT ?src ?text WHERE { GRAPH ?g {
            ?st dg:subject dgr:cambodia ; dg:predicate dg:strategicPartner ; dg:object dgr:south-korea ;
                prov:wasDerivedFrom ?src ; dg:evidence/oa:exact ?text } }""",
    )
    assert {local(r["src"]) for r in rows} == {"yen-2024"}
    assert any("On 16 May 2024" in r["text"].value for r in rows)


def test_cq22_every_source_contributes(store):
    rows = select(store, "SELECT ?src (COUNT(DISTINCT ?st) AS ?n) "
                         "WHERE { GRAPH ?g { ?st prov:wasDerivedFrom ?src ; dg:predicate ?p } } GROUP BY ?src")
    counts = {local(r["src"]): int(r["n"].value) for r in rows}
    assert set(counts) == SOURCES
    assert all(counts[source] >= 20 for source in CAMBODIA_SOURCES), counts
    assert all(counts[source] >= 10 for source in REGION_SOURCES), counts


def test_cq22_sources_mentioning_japan(store):
    rows = select(
        store,
        """SELECT ?src (COUNT(DISTINCT ?st) AS ?n) WHERE { GRAPH ?g {
              ?st dg:predicate ?p ; prov:wasDerivedFrom ?src ; ?role dgr:japan . } } GROUP BY ?src""",
    )
    counts = {local(r["src"]): int(r["n"].value) for r in rows}
    assert set(counts) == SOURCES - {"yen-2024", "usdos-philippines-2023", "usdos-indonesia-2021"}, counts
    assert counts["ward-2017"] >= 10 and counts["samath-2020"] >= 10


def test_cq23_peacekeeper_counts_differ(store):
    rows = select(
        store,
        """SELECT ?src ?value WHERE { GRAPH ?g {
              ?st dg:subject dgr:cambodia ; dg:predicate dg:figure ; prov:wasDerivedFrom ?src ;
                  dg:measure <https://w3id.org/diplograph/concept/measure/peacekeepers-deployed> ;
                  dg:value ?value } }""",
    )
    values = {local(r["src"]): Decimal(r["value"].value) for r in rows}
    assert values == {"bong-2023": Decimal(8300), "yen-2024": Decimal(9000)}


def test_cq23_strategic_partnership_counts(store):
    assert_fact(store, "chheang-2019", "cambodia", "figure", measure="strategic-partnerships", value=2,
                validity="at-writing", reported="2019-01-19", quote_contains="only two strategic partnerships so far")
    by_2024 = partners_in_force(store, 2024)
    assert len(by_2024) == 3
    # each of the three partnerships of 2024 comes with its own source
    sources = {p: src for p, _, start, src in cambodia_partnerships(store) if start and start <= 2024}
    assert sources["south-korea"] == "yen-2024"
    assert len(partners_in_force(store, 2019)) == 2


# --- corrections: the claim the text makes, no more -------------------------------------------------------


def test_groups_the_text_names_are_not_asean(store):
    """"Most Southeast Asian states" and "small states in Southeast Asia" are groups of states, not the organisation."""
    assert_fact(store, "samath-2020", "most-southeast-asian-states", "stanceToward", "belt-and-road-initiative",
                stance="support")
    assert_fact(store, "samath-2020", "most-southeast-asian-states", "stanceToward", "foip-us", stance="scepticism")
    assert_fact(store, "samath-2020", "most-southeast-asian-states", "stanceToward", "foip", stance="wait-and-see")
    assert_fact(store, "samath-2020", "small-southeast-asian-states", "pursuesStrategy", "hedging", via="asean")
    assert_fact(store, "samath-2020", "small-and-medium-sized-asean-states", "adheresTo", "neutrality",
                event="bandung-conference")
    for stance in ("support", "scepticism", "wait-and-see", "silence"):
        assert not sources_of(store, "asean", "stanceToward", None, stance=stance)
    rows = select(store, f"""SELECT ?class WHERE {{
        GRAPH <{GRAPH}entities> {{ dgr:most-southeast-asian-states a ?class }} }}""")
    assert {local(row["class"]) for row in rows} == {"StateGroup"}


def test_no_relation_beyond_the_words(store):
    # "historical ties with Russia" state no diplomatic relation
    assert not sources_of(store, "cambodia", "diplomaticRelation", "russia")
    # "China is eyeing a naval base": a rumoured interest, not leadership of a base
    assert not sources_of(store, "china", "leads", "koh-kong-naval-base")
    assert_fact(store, "chheang-2019", "china", "stanceToward", "koh-kong-naval-base", stance="interest",
                status="rumoured")


def test_one_entity_for_one_thing(store):
    """The 2017 terminal funding and the 2020 loan are one terminal; the 2022 Defence Policy is the white paper."""
    assert_fact(store, "ward-2017", "sihanoukville-port-container-terminal", "locatedIn", "sihanoukville")
    assert_fact(store, "bong-2023", "cambodia", "leads", "cambodia-defence-policy-2022")
    assert_fact(store, "yen-2024", "cambodia", "leads", "cambodia-defence-policy-2022")
    rows = select(store, """SELECT ?e WHERE { GRAPH ?g { VALUES ?e { dgr:sihanoukville-port-terminal-2017
                                                                 dgr:cambodia-defence-white-paper } ?e ?p ?o } }""")
    assert not rows


def test_classes_say_what_things_are(store):
    rows = select(store, f"""SELECT ?e ?class WHERE {{ GRAPH <{GRAPH}entities> {{
        VALUES ?e {{ dgr:rcaf dgr:jmsdf dgr:millennium-challenge-corporation dgr:jcpoa }} ?e a ?class }} }}""")
    classes = {local(row["e"]): local(row["class"]) for row in rows}
    assert classes == {"rcaf": "ArmedForce", "jmsdf": "ArmedForce",
                       "millennium-challenge-corporation": "GovernmentBody", "jcpoa": "PoliticalCommitment"}


# --- the helpers themselves ----------------------------------------------------------------------------


def test_helpers_tell_qualifiers_apart(store):
    """Guard against a helper that matches too much: a wrong qualifier, value or quote finds nothing."""
    assert sources_of(store, "cambodia", "strategicPartner", "japan", start="2013") == {"ward-2017", "chheang-2019"}
    assert not sources_of(store, "cambodia", "strategicPartner", "japan", start="2014")
    assert sources_of(store, "cambodia", "strategicPartner", "japan",
                      level="comprehensive-strategic-partnership") == {"bong-2023"}
    assert not sources_of(store, "cambodia", "figure", measure="peacekeepers-deployed", value=8301)
    assert not sources_of(store, "cambodia", "stanceToward", "foip-japan", quote_contains="no such words in any quote")
    assert not sources_of(store, "japan", "finances", "neak-loeung-bridge", instrument="loan")
