"""`diplograph review`: decisions on a hand-made source's proposal, written to the curated files at once, read by
the build, kept when the review is killed, and bad input named."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from diplograph.cli import cli
from diplograph.graph.build import run_checks
from diplograph.graph.errors import CurationError
from diplograph.graph.settings import Settings

from .notes import NOTES, ingested

TODAY = dt.date.today().isoformat()


def env(settings: Settings) -> dict:
    return {"DIPLOGRAPH_DATA": str(settings.data), "DIPLOGRAPH_CORPUS": str(settings.corpus),
            "DIPLOGRAPH_REVIEW": None, "DIPLOGRAPH_REVIEWER": None}


@pytest.fixture
def place(tmp_path: Path) -> Settings:
    return make_place(tmp_path)


def make_place(tmp_path: Path) -> Settings:
    """The fixture dataset, a source made from NOTES, and its review file made by `diplograph propose`."""
    settings = ingested(tmp_path, NOTES, "notes-2019", "2019-06-01")
    result = CliRunner().invoke(cli, ["propose", "notes-2019"], env=env(settings))
    assert result.exit_code == 0, result.output
    return settings


def review_file(settings: Settings) -> dict:
    return yaml.safe_load((settings.data / "review" / "notes-2019.yaml").read_text(encoding="utf-8"))


def curated(settings: Settings) -> list[dict]:
    return yaml.safe_load((settings.facts_dir / "notes-2019.yaml").read_text(encoding="utf-8"))["facts"] or []


def order(settings: Settings) -> list[str]:
    """The relations of the review file's entries, in the order the review shows them."""
    return [entry["p"] for entry in review_file(settings)["facts"]]


def answers(settings: Settings, wanted: dict[str, str]) -> str:
    """Keys for the entries in the review's order: ``wanted`` maps a relation to its key (s for the rest)."""
    return "".join(wanted.get(p, "s\n") for p in order(settings)) + "q\n"


def test_accept_edit_reject_and_quit_write_the_right_entries(place: Settings):
    assert {"strategicPartner", "pursuesStrategy", "visited", "finances"} <= set(order(place))
    keys = answers(place, {
        "strategicPartner": "a\n",
        "visited": "r\n",
        # edit: relation and subject as they are, object as it is, a start, then no more qualifiers
        "pursuesStrategy": "e\n\n\n\n\n2019\n\n\n",
        # accept names a new entity: confirm it with its label and class as proposed
        "finances": "a\nc\n\n\n",
    })
    result = CliRunner().invoke(cli, ["review", "notes-2019", "--reviewer", "Jane Doe"], input=keys, env=env(place))
    assert result.exit_code == 0, result.output
    assert "line 3: " in result.output and "rule partnership-level" in result.output and "corroborates" in result.output

    facts = {entry["p"]: entry for entry in curated(place)}
    assert set(facts) == {"strategicPartner", "pursuesStrategy", "finances"}
    for entry in facts.values():
        assert entry["reviewed_by"] == "Jane Doe" and entry["reviewed_on"] == TODAY and "review" not in entry
    assert facts["pursuesStrategy"]["start"] == "2019"
    assert facts["strategicPartner"]["quote"] == "In 2013, Cambodia and Japan signed a strategic partnership."
    entities = yaml.safe_load((place.entities_dir / "reviewed.yaml").read_text(encoding="utf-8"))
    assert entities == {"neak-loeung-bridge": {"type": "Bridge", "label": "Neak Loeung Bridge"}}

    marks = {entry["p"]: entry["review"] for entry in review_file(place)["facts"]}
    assert marks["visited"] == "rejected" and marks["strategicPartner"] == "accepted"
    assert marks["adheresTo"] == "proposed"  # skipped: still waiting
    rejected = next(e for e in review_file(place)["facts"] if e["p"] == "visited")
    assert rejected["reviewed_by"] == "Jane Doe"
    assert review_file(place)["entities"]["neak-loeung-bridge"]["review"] == "confirmed"

    # the build reads the result, and keeps who accepted each statement and when
    report, compiled = run_checks(place, reasoner="none")
    assert report.ok, [s.messages for s in report.steps]
    mine = [f for f in compiled.facts if f.source == "notes-2019"]
    assert len(mine) == 3 and {f.reviewed_by for f in mine} == {"Jane Doe"}
    graph = compiled.dataset.graph(URIRef("https://w3id.org/diplograph/graph/notes-2019"))
    agent = URIRef("https://w3id.org/diplograph/agent/jane-doe")
    assert len(set(graph.subjects(PROV.wasAttributedTo, agent))) == 3
    assert len(set(graph.subjects(DCTERMS.dateAccepted, Literal(TODAY, datatype=XSD.date)))) == 3

    # proposing again brings back neither the accepted nor the rejected entries
    result = CliRunner().invoke(cli, ["propose", "notes-2019"], env=env(place))
    assert result.exit_code == 0, result.output
    again = review_file(place)["facts"]
    assert [e["review"] for e in again if e["p"] == "visited"] == ["rejected"]
    assert not [e for e in again if e["p"] in ("strategicPartner", "pursuesStrategy") and e["review"] == "proposed"]


def test_an_unknown_relation_in_an_edit_is_named_and_asked_again(place: Settings):
    keys = answers(place, {"pursuesStrategy": "e\nfriendsWith\npursuesStrategi\npursuesStrategy\n\n\n\n\n\n\n"})
    result = CliRunner().invoke(cli, ["review", "notes-2019", "--reviewer", "R"], input=keys, env=env(place))
    assert result.exit_code == 0, result.output
    assert "unknown relation 'friendsWith'" in result.output
    assert "unknown relation 'pursuesStrategi' (did you mean pursuesStrategy" in result.output
    assert [e["p"] for e in curated(place)] == ["pursuesStrategy"]


def test_an_entry_the_build_would_refuse_is_not_written(place: Settings):
    # the subject edited to a State where a Person is needed (holdsPosition): the reader's message, nothing written
    keys = answers(place, {"pursuesStrategy": "e\nholdsPosition\njapan\ncambodia\n\n\n\n\ns\n"})
    result = CliRunner().invoke(cli, ["review", "notes-2019"], input=keys, env=env(place))
    assert result.exit_code == 0, result.output
    assert "not written" in result.output and "here a Person is needed" in result.output
    assert curated(place) == []


def test_the_reviewer_comes_from_the_environment(place: Settings):
    keys = answers(place, {"adheresTo": "a\n"})
    result = CliRunner().invoke(cli, ["review", "notes-2019"], input=keys,
                                env={**env(place), "DIPLOGRAPH_REVIEWER": "Env Reviewer"})
    assert result.exit_code == 0, result.output
    assert [e["reviewed_by"] for e in curated(place)] == ["Env Reviewer"]


def test_a_killed_review_keeps_every_decision_made(place: Settings):
    """Two decisions, then the process is killed while it waits for the third: both are in the files, whole."""
    relations = order(place)
    first, second = relations[0], relations[1]
    process = subprocess.Popen([sys.executable, "-m", "diplograph", "review", "notes-2019", "--reviewer", "K"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={k: v for k, v in {**os.environ, **env(place)}.items() if v is not None})
    assert process.stdin is not None
    try:
        process.stdin.write(b"a\nr\n")
        process.stdin.flush()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            marks = [e["review"] for e in review_file(place)["facts"]]
            if marks[:2] == ["accepted", "rejected"]:
                break
            time.sleep(0.2)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert [e["p"] for e in curated(place)] == [first]
    marks = {e["p"]: e["review"] for e in review_file(place)["facts"]}
    assert marks[first] == "accepted" and marks[second] == "rejected"
    assert not list((place.data / "review").glob(".*part")) and not list(place.facts_dir.glob(".*part"))
    report, _ = run_checks(place, reasoner="none")
    assert report.ok, [s.messages for s in report.steps]


def test_the_facts_reader_checks_the_review_keys(place: Settings):
    facts_file = place.facts_dir / "notes-2019.yaml"
    facts_file.write_text("source: notes-2019\nfacts:\n  - s: cambodia\n    p: pursuesStrategy\n    o: hedging\n"
                          "    quote: Cambodia pursues a hedging strategy between the great powers.\n"
                          "    reviewed_by: ''\n    reviewed_on: last week\n", encoding="utf-8")
    with pytest.raises(CurationError) as caught:
        run_checks_or_raise(place)
    text = str(caught.value)
    assert "notes-2019.yaml:7: reviewed_by:" in text
    assert "notes-2019.yaml:8: reviewed_on: 'last week' is not a day" in text


def run_checks_or_raise(settings: Settings) -> None:
    from diplograph.graph.build import parse_inputs

    parse_inputs(settings)


def test_review_without_a_review_file_says_what_to_run(place: Settings):
    (place.data / "review" / "notes-2019.yaml").unlink()
    result = CliRunner().invoke(cli, ["review", "notes-2019"], input="q\n", env=env(place))
    assert result.exit_code == 1 and "diplograph propose notes-2019" in result.output


def test_a_new_entity_merged_into_an_existing_one_is_renamed_before_it_is_accepted(place: Settings):
    keys = answers(place, {"finances": "a\nm\njapan-typo\njapan\n"})
    result = CliRunner().invoke(cli, ["review", "notes-2019"], input=keys, env=env(place))
    assert result.exit_code == 0, result.output
    assert "unknown entity 'japan-typo' (did you mean japan?)" in result.output and "merged into japan" in result.output
    review = review_file(place)
    assert review["entities"]["neak-loeung-bridge"]["review"] == "merged"
    assert review["entities"]["neak-loeung-bridge"]["into"] == "japan"
    assert [(e["o"], e["review"]) for e in review["facts"] if e["p"] == "finances"] == [("japan", "accepted")]
    assert [(e["p"], e["o"]) for e in curated(place)] == [("finances", "japan")]
    assert not (place.entities_dir / "reviewed.yaml").exists()


def test_accept_corroborations_accepts_only_the_entries_that_corroborate(place: Settings):
    corroborating = [e["p"] for e in review_file(place)["facts"]
                     if e["p"] in ("strategicPartner", "visited", "adheresTo")]
    assert corroborating  # the notes restate claims of the fixture's own source
    result = CliRunner().invoke(cli, ["review", "notes-2019", "--accept-corroborations", "--reviewer", "C"],
                                input="s\n" * 10, env=env(place))
    assert result.exit_code == 0, result.output
    assert sorted(e["p"] for e in curated(place)) == sorted(corroborating)
    assert "pursuesStrategy" not in [e["p"] for e in curated(place)]


def test_build_after_the_review_prints_what_the_build_says(place: Settings):
    # another source's file has a problem: the build that follows the review names its file and line
    broken = place.facts_dir / "mini-doc.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("p: adheresTo", "p: adheresToo"), encoding="utf-8")
    keys = answers(place, {"pursuesStrategy": "a\n"})
    result = CliRunner().invoke(cli, ["review", "notes-2019", "--build", "--build-dir", str(place.build)],
                                input=keys, env=env(place))
    assert result.exit_code == 1
    assert "$ diplograph build" in result.output
    assert "mini-doc.yaml:" in result.output and "unknown relation 'adheresToo'" in result.output
    assert [e["p"] for e in curated(place)] == ["pursuesStrategy"]  # the decision stands


@pytest.mark.slow
def test_build_after_the_review_prints_the_counts(place: Settings):
    keys = answers(place, {"pursuesStrategy": "a\n"})
    result = CliRunner().invoke(cli, ["review", "notes-2019", "--build", "--build-dir", str(place.build)],
                                input=keys, env=env(place))
    assert result.exit_code == 0, result.output
    assert "Built 6 statements" in result.output  # the fixture's five and the one accepted
