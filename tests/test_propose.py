"""`diplograph propose`: candidates from a hand-made document, the checks that drop bad ones, corroboration,
the review file the build refuses until a person accepts an entry, and the JSON for tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.graph.build import parse_inputs, run_checks
from diplograph.graph.errors import CurationError
from diplograph.graph.evidence import SourceText
from diplograph.graph.proposals import Candidate, load_context, propose
from diplograph.graph.proposals.checks import check_candidates
from diplograph.graph.proposals.mentions import Mention
from diplograph.graph.proposals.times import find_times
from diplograph.graph.settings import Settings

from .notes import NOTES, ingested


@pytest.fixture
def place(tmp_path: Path) -> Settings:
    settings = ingested(tmp_path, NOTES, "notes-2019", "2019-06-01")
    return settings


@pytest.fixture
def proposal(place: Settings):
    context = load_context(place)
    source = context.sources["notes-2019"]
    return propose(context, source, source.read_text(place.corpus))


def claims(proposal) -> dict[tuple, Candidate]:
    found = {}
    for candidate in proposal.candidates:
        obj = candidate.object.slug if isinstance(candidate.object, Mention) else candidate.object
        found[(candidate.subject.slug, candidate.relation, obj)] = candidate
    return found


def test_the_rules_read_statements_with_their_time_and_quote(proposal):
    found = claims(proposal)
    partnership = found[("cambodia", "strategicPartner", "japan")]
    assert partnership.qualifiers["level"] == "strategic-partnership"
    assert partnership.times == {"start": "2013"}
    assert partnership.quote == "In 2013, Cambodia and Japan signed a strategic partnership."
    assert partnership.line == 3
    visit = found[("hun-sen", "visited", "japan")]
    assert visit.times == {"time": "2018"}  # "last year" in a document of 2019, whenever it is read
    assert found[("cambodia", "pursuesStrategy", "hedging")].rule == "strategy"
    assert ("cambodia", "adheresTo", "permanent-neutrality") in found
    for candidate in proposal.candidates:
        assert len(candidate.quote) < 300 and 0 < candidate.confidence <= 1 and candidate.rule


def test_a_name_the_graph_lacks_is_a_new_entity_with_a_class(proposal):
    bridge = proposal.new_entities["neak-loeung-bridge"]
    assert (bridge.type, bridge.label, bridge.new) == ("Bridge", "Neak Loeung Bridge", True)
    financing = claims(proposal)[("japan", "finances", "neak-loeung-bridge")]
    assert financing.qualifiers["instrument"] == "grant"


def test_a_claim_another_source_makes_is_marked_as_corroboration(proposal):
    partnership = claims(proposal)[("cambodia", "strategicPartner", "japan")]
    assert partnership.corroborates and partnership.corroborates[0].startswith("mini-doc (")
    assert not claims(proposal)[("cambodia", "pursuesStrategy", "hedging")].corroborates


def test_a_source_s_own_curated_facts_are_not_proposed_again(place: Settings):
    context = load_context(place)
    source = context.sources["mini-doc"]
    result = propose(context, source, source.read_text(place.corpus))
    assert result.dropped["already curated for this source"] >= 2
    assert not any(c.relation == "strategicPartner" for c in result.candidates)


def test_candidates_that_fail_the_checks_are_dropped_and_counted(place: Settings):
    context = load_context(place)
    source = context.sources["notes-2019"]
    text = source.read_text(place.corpus)
    cambodia = Mention("cambodia", "State", "Cambodia", 0, 8, "Cambodia")
    japan = Mention("japan", "State", "Japan", 0, 5, "Japan")
    good = Candidate("good", cambodia, "pursuesStrategy", "hedging",
                     quote="Cambodia pursues a hedging strategy between the great powers.")
    invented = Candidate("invented", cambodia, "pursuesStrategy", "hedging", quote="Cambodia hedges.")
    wrong_class = Candidate("class", cambodia, "holdsPosition", japan, quote="In 2013, Cambodia and Japan signed")
    no_level = Candidate("shape", cambodia, "strategicPartner", japan, times={"start": "2013"},
                         quote="In 2013, Cambodia and Japan signed a strategic partnership.")
    long_quote = Candidate("long", cambodia, "pursuesStrategy", "hedging", quote="x" * 300)
    checked = check_candidates([good, invented, wrong_class, no_level, long_quote], text, source,
                               context.vocabulary, context.entities, context.sources)
    assert [c.id for c in checked.kept] == ["good"]
    assert checked.dropped == {
        "quote not found verbatim in the source": 1,
        "subject outside the relation's domain or range": 1,
        "SHACL: a partnership states its level": 1,
        "quote of 300 characters or more": 1,
    }


def test_times_are_resolved_against_the_document_date():
    assert [t.value for t in find_times("Last year and next year, and in early March.", "2019-06-01")] == \
        ["2018", "2020", "2019-03"]
    assert [(t.value, t.key) for t in find_times("since 16 May 2024", "2024")] == [("2024-05-16", "start")]


def test_the_review_file_is_refused_by_the_build_until_an_entry_is_accepted(place: Settings, tmp_path: Path):
    result = CliRunner().invoke(cli, ["propose", "notes-2019", "--data", str(place.data), "--corpus",
                                      str(place.corpus)], env={"DIPLOGRAPH_DATA": None, "DIPLOGRAPH_REVIEW": None})
    assert result.exit_code == 0, result.output
    review = place.data / "review" / "notes-2019.yaml"
    assert f"wrote {review}" in result.output or "review/notes-2019.yaml" in result.output
    doc = yaml.safe_load(review.read_text(encoding="utf-8"))
    assert doc["source"] == "notes-2019" and doc["facts"]
    assert all(entry["review"] == "proposed" for entry in doc["facts"])
    assert doc["entities"]["neak-loeung-bridge"] == {"type": "Bridge", "label": "Neak Loeung Bridge",
                                                     "review": "proposed"}
    assert parse_inputs(place)  # the review folder is not read by the build

    # copied into the facts file as it is, an entry is refused
    entry = next(e for e in doc["facts"] if e["p"] == "pursuesStrategy")
    facts_file = place.facts_dir / "notes-2019.yaml"
    facts_file.write_text(yaml.safe_dump({"source": "notes-2019", "facts": [entry]}), encoding="utf-8")
    with pytest.raises(CurationError, match="review: proposed.*delete the `review` line"):
        parse_inputs(place)

    # accepted (the mark deleted), it passes every check of the build, its quote included
    del entry["review"]
    facts_file.write_text(yaml.safe_dump({"source": "notes-2019", "facts": [entry]}), encoding="utf-8")
    report, compiled = run_checks(place, reasoner="none")
    assert report.ok, [s.messages for s in report.steps]
    assert any(f.source == "notes-2019" and f.relation.name == "pursuesStrategy" for f in compiled.facts)


def test_json_output_has_the_fields_tools_need(place: Settings):
    result = CliRunner().invoke(cli, ["propose", "notes-2019", "--format", "json", "--data", str(place.data),
                                      "--corpus", str(place.corpus)], env={"DIPLOGRAPH_DATA": None})
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["source"] == "notes-2019" and payload["candidates"]
    for candidate in payload["candidates"]:
        assert {"subject", "relation", "time", "quote", "line", "confidence", "rule"} <= set(candidate)
        assert ("object" in candidate) != ("value" in candidate)
        assert {"slug", "label", "new"} <= set(candidate["subject"])
        text_line = NOTES.splitlines()[candidate["line"] - 1]
        assert SourceText(text_line).find(candidate["quote"][:40]) is not None  # the quote is on its line
    bridge = [e for e in payload["new_entities"] if e["slug"] == "neak-loeung-bridge"]
    assert bridge == [{"slug": "neak-loeung-bridge", "label": "Neak Loeung Bridge", "type": "Bridge", "new": True}]
    partnership = next(c for c in payload["candidates"] if c["relation"] == "strategicPartner")
    assert partnership["time"] == {"start": "2013"} and partnership["object"]["slug"] == "japan"


def test_an_unknown_source_is_named(place: Settings):
    result = CliRunner().invoke(cli, ["propose", "nope", "--data", str(place.data), "--corpus", str(place.corpus)],
                                env={"DIPLOGRAPH_DATA": None})
    assert result.exit_code == 1 and "no source 'nope'" in result.output and "notes-2019" in result.output


def test_a_city_that_acts_stands_for_its_state_and_we_for_the_author_s_state():
    from diplograph.graph.proposals.propose import _metonyms, _referent

    city = Mention("phnom-penh", "City", "Phnom Penh", 0, 10, "Phnom Penh")
    acting = _metonyms("Phnom Penh has signed two partnerships.", [city], {"phnom-penh": "cambodia"})
    assert (acting[0].slug, acting[0].type, acting[0].demonym) == ("cambodia", "State", True)
    placed = Mention("phnom-penh", "City", "Phnom Penh", 13, 23, "Phnom Penh")
    assert _metonyms("They met in Phnom Penh.", [placed], {"phnom-penh": "cambodia"})[0].slug == "phnom-penh"
    us = Mention("united-states", "State", "United States", 0, 0, "")
    japan = Mention("japan", "State", "Japan", 0, 0, "")
    assert _referent(japan, None, "We will continue to work.", us) is us
    assert _referent(japan, us, "It has sent ships.").slug == "japan"  # the subject of the sentence before
    assert _referent(japan, us, "The country has sent ships.") is us  # the document's main actor
