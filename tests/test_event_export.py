"""`diplograph export --format events|dyad-years`: the columns, rows checked against the facts files, and one
dyad-year cell computed by hand."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

import diplograph
from diplograph.cli import cli
from diplograph.graph.eventdata import DYAD_YEAR_COLUMNS, EVENT_COLUMNS, dyad_year_table, event_table

STATEMENT = "https://w3id.org/diplograph/statement/"


@pytest.fixture(scope="module")
def store(corpus_build):
    with diplograph.open("oxigraph", build_dir=corpus_build.build) as graph:
        yield graph.store


@pytest.fixture(scope="module")
def events(store) -> pd.DataFrame:
    return event_table(store)


@pytest.fixture(scope="module")
def dyad_years(store, events) -> pd.DataFrame:
    return dyad_year_table(store, events)


def export(corpus_build, *words: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--build-dir", str(corpus_build.build), *words])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_events_table_has_its_columns_and_one_row_per_statement(events):
    assert list(events.columns) == EVENT_COLUMNS
    assert events["event_id"].is_unique
    assert events["event_id"].str.startswith(STATEMENT).all()
    assert set(events["quad_code"]) <= {1, 2, 3, 4}
    assert events["goldstein"].between(-10, 10).all()
    assert (events["cameo_root_code"] == events["cameo_code"].str[:2]).all()
    assert set(events["date_source"]) <= {"text", "at-writing", "none"}


def test_an_undated_claim_gets_no_date_and_says_why(events):
    # chheang-2019: "US Vice President Mike Pence has raised concerns directly with Prime Minister Hun Sen ..."
    # (valid: at-writing, no time in the text)
    row = events[(events.relation == "raisedConcernWith") & (events.source == "chheang-2019")].iloc[0]
    assert (row.event_date, row.date_precision, row.date_source) == ("", "", "at-writing")
    assert row.publication_date == "2019-01-19"  # the report's date, in its own column
    assert (row.actor_name, row.actor_country, row.actor_cow) == ("Mike Pence", "USA", 2)  # his office's state
    assert (row.recipient_name, row.recipient_country, row.recipient_cow) == ("Hun Sen", "KHM", 811)
    assert (row.event_type, row.event_mode, row.cameo_code, row.quad_code) == ("ACCUSE", "disapprove", "110", 3)
    assert "raised concerns directly" in row.quote


def test_a_dated_claim_keeps_the_texts_precision(events):
    # bong-2023: Cambodia and Japan, "upgraded to a comprehensive strategic partnership in 2022" (start: 2022)
    row = events[(events.relation == "strategicPartner") & (events.source == "bong-2023")
                 & (events.recipient_name == "Japan")].iloc[0]
    assert (row.event_date, row.date_precision, row.date_source) == ("2022", "year", "text")
    assert (row.actor_country, row.recipient_country, row.recipient_wikidata) == ("KHM", "JPN", "Q17")
    assert (row.event_type, row.cameo_code, row.goldstein, row.directed) == ("SUPPORT", "057", 8.0, False)
    assert row.quote_line == "24"


def test_not_an_event_is_not_in_the_table(events):
    assert not set(events["relation"]) & {"memberOf", "holdsPosition", "adheresTo", "locatedIn", "officeOf"}
    # a stance that is a posture (hedging) is no event; one that is an act (support) is
    assert "hedging" not in set(events["stance"])
    assert "support" in set(events["stance"])


def test_the_dyad_year_table_has_its_columns(dyad_years):
    assert list(dyad_years.columns) == DYAD_YEAR_COLUMNS
    assert not dyad_years.duplicated(["ccode1", "ccode2", "year"]).any()
    assert (dyad_years.ccode1 != dyad_years.ccode2).all()
    assert (dyad_years.cooperation == dyad_years.verbal_cooperation + dyad_years.material_cooperation).all()
    assert (dyad_years.source_count >= 1).all()  # a row is there because some source says something


def cell(table: pd.DataFrame, ccode1: int, ccode2: int, year: int) -> pd.DataFrame:
    return table[(table.ccode1 == ccode1) & (table.ccode2 == ccode2) & (table.year == year)]


def test_one_dyad_year_cell_computed_by_hand(dyad_years):
    """Cambodia (811) toward Japan (740) in 2013, from the facts files:

    - chheang-2019: cambodia strategicPartner japan, start 2013, strategic partnership (CAMEO 057, Goldstein 8.0)
    - ward-2017: cambodia strategicPartner japan, start 2013, strategic partnership (057, 8.0)
    - ward-2017: cambodia cooperatesWith japan, start 2013, three times: military, trade, security (060, 6.0 each)

    so 2 verbal and 3 material cooperation, no conflict, Goldstein 8 + 8 + 3 x 6 = 34, two sources, and the level in
    force is a strategic partnership since 2013 (the comprehensive one starts in 2022).
    """
    rows = cell(dyad_years, 811, 740, 2013)
    assert len(rows) == 1
    row = rows.iloc[0]
    counts = (row.verbal_cooperation, row.material_cooperation, row.verbal_conflict, row.material_conflict)
    assert counts == (2, 3, 0, 0)
    assert row.goldstein_total == 34.0
    assert (row.partnership_level, row.partnership_since) == ("strategic partnership", "2013")
    assert (row.source_count, row.sources) == (2, "chheang-2019 ward-2017")
    # every relation in it is symmetric, so the other direction says the same
    back = cell(dyad_years, 740, 811, 2013).iloc[0]
    assert (back.verbal_cooperation, back.material_cooperation, back.goldstein_total) == (2, 3, 34.0)


def test_a_missing_row_is_not_a_zero(dyad_years):
    # 2012: the graph says nothing about Cambodia and Japan; 2014: the 2013 partnership is in force, no event
    assert cell(dyad_years, 811, 740, 2012).empty
    row = cell(dyad_years, 811, 740, 2014).iloc[0]
    assert (row.cooperation, row.conflict, row.partnership_level) == (0, 0, "strategic partnership")
    # 2022: the upgrade supersedes the 2013 level
    assert cell(dyad_years, 811, 740, 2022).iloc[0].partnership_level == "comprehensive strategic partnership"


def test_the_cli_writes_csv_and_parquet(corpus_build, tmp_path, events, dyad_years):
    csv = pd.read_csv(io.StringIO(export(corpus_build, "--format", "events")), dtype=str, keep_default_na=False)
    assert list(csv.columns) == EVENT_COLUMNS
    assert len(csv) == len(events)
    pytest.importorskip("pyarrow")
    target = tmp_path / "dyad-years.parquet"
    export(corpus_build, "--format", "dyad-years", "-o", str(target))
    parquet = pd.read_parquet(target)
    assert list(parquet.columns) == DYAD_YEAR_COLUMNS
    assert len(parquet) == len(dyad_years)


@pytest.mark.slow
def test_every_store_gives_the_same_tables(corpus_build, events, dyad_years):
    with diplograph.open("rdflib", build_dir=corpus_build.build) as graph:
        other_events = event_table(graph.store)
        other_dyads = dyad_year_table(graph.store, other_events)
    pd.testing.assert_frame_equal(other_events, events)
    pd.testing.assert_frame_equal(other_dyads, dyad_years)


@pytest.mark.parametrize("other", ["JPN", "CHN"])
def test_the_named_query_and_the_export_find_the_same_events(corpus_build, events, other):
    """`dyad-cooperation-over-time` (SPARQL) and the events table (Python over the store's rows) side alike."""
    slug = {"JPN": "japan", "CHN": "china"}[other]
    with diplograph.open("oxigraph", build_dir=corpus_build.build) as graph:
        rows = graph.query("dyad-cooperation-over-time", actor_a="cambodia", actor_b=slug).values()
        from_query = {s for row in rows for s in row["statements"].split(" ")}

    def between(row) -> bool:
        others = set(row.recipient_countries.split("|"))
        return (row.actor_country == "KHM" and other in others) or (row.actor_country == other and "KHM" in others)

    from_export = {row.event_id for row in events.itertuples() if between(row)}
    assert from_query == from_export
