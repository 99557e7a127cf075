"""`diplograph queries` and `diplograph query` as a user types them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from diplograph.cli import cli


@pytest.fixture
def run(corpus_build, monkeypatch):
    monkeypatch.setenv("DIPLOGRAPH_BUILD", str(corpus_build.build))

    def invoke(*args, stdin: str | None = None):
        return CliRunner().invoke(cli, list(args), input=stdin)

    return invoke


def test_queries_lists_every_named_query_with_title_and_parameters(run):
    result = run("queries")
    assert result.exit_code == 0
    assert "cambodia-strategic-partnerships" in result.output
    assert "Strategic partnerships of a state" in result.output
    assert "country=dgr:cambodia" in result.output


def test_query_prints_a_readable_table_with_labels(run):
    result = run("query", "cambodia-strategic-partnerships")
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split()
    assert header == ["partner", "level", "since", "source"]
    assert "South Korea" in result.output and "https://" not in result.output


@pytest.mark.parametrize(("fmt", "marker"), [
    ("csv", "partner,partner_label,level"),
    ("tsv", "?partner\t?partner_label"),
    ("json", '"head"'),
    ("xml", "<sparql"),
    ("markdown", "| partner | level | since | source |"),
])
def test_query_output_formats(run, fmt, marker):
    result = run("query", "cambodia-strategic-partnerships", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert marker in result.output


def test_json_output_is_sparql_results_json(run):
    result = run("query", "cambodia-strategic-partnerships", "--format", "json")
    doc = json.loads(result.output)
    assert "partner" in doc["head"]["vars"]
    assert len(doc["results"]["bindings"]) == 6


def test_parameters_are_given_by_name(run):
    result = run("query", "cambodia-strategic-partnerships", "--param", "country=south-korea", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Cambodia" in result.output


def test_evidence_shows_quotes(run):
    result = run("query", "cambodia-strategic-partnerships", "--evidence", "--wide")
    assert result.exit_code == 0, result.output
    assert "evidence_quotes" in result.output
    assert "16 May 2024" in result.output


def test_a_sparql_file_and_standard_input(run, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/diplograph/graph/sources> { ?s ?p ?o } }")
    result = run("query", "--file", str(path), "--format", "turtle")
    assert result.exit_code == 0, result.output
    assert "dcterms:title" in result.output
    asked = run("query", "-", stdin="ASK { GRAPH ?g { ?s ?p ?o } }")
    assert asked.exit_code == 0
    assert "yes" in asked.output


def test_a_syntax_error_shows_line_column_and_the_line(run):
    result = run("query", "-", stdin="SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = )\n}")
    assert result.exit_code == 1
    assert "SPARQL syntax error at line " in result.output
    assert "missing" in result.output
    assert "|" in result.output and "^" in result.output  # the offending line, with a caret under the column


def test_an_unknown_name_suggests_the_nearest(run):
    result = run("query", "cambodia-partnerships")
    assert result.exit_code == 1
    assert "did you mean cambodia-strategic-partnerships" in result.output


def test_a_missing_parameter_is_named(run, tmp_path):
    path = tmp_path / "needs-a-year.rq"
    path.write_text("# title: needs a year\n# param: year year -- the year\nSELECT ?year WHERE { }\n")
    result = run("query", "--file", str(path))
    assert result.exit_code == 1
    assert "needs parameter 'year'" in result.output
    given = run("query", "--file", str(path), "--param", "year=2019", "--format", "csv")
    assert given.exit_code == 0, given.output
    assert "2019" in given.output


def test_a_query_past_its_limit_stops_with_a_message(run):
    endless = ("SELECT (COUNT(*) AS ?n) "
               "WHERE { GRAPH ?a { ?a1 ?b1 ?c1 } GRAPH ?b { ?a2 ?b2 ?c2 } GRAPH ?c { ?a3 ?b3 ?c3 } }")
    result = run("query", "-", "--timeout", "1", stdin=endless)
    assert result.exit_code == 1
    assert "ran for more than 1 s and was stopped" in result.output


def test_graph_formats_refuse_select_results_with_a_message(run):
    result = run("query", "cambodia-strategic-partnerships", "--format", "turtle")
    assert result.exit_code == 1
    assert "is written as" in result.output


def test_the_time_limit_variable_is_read_when_a_query_runs_and_a_bad_value_is_a_one_line_error(run, monkeypatch):
    # read at run time, never at import: any other command, --help included, is untouched by a bad value
    env = {"DIPLOGRAPH_QUERY_TIMEOUT": "abc"}
    help_run = subprocess.run([sys.executable, "-m", "diplograph", "build", "--help"], capture_output=True, text=True,
                              check=False, env={**os.environ, **env})
    assert help_run.returncode == 0, help_run.stderr
    for value, why in (("abc", "must be a number"), ("0", "must be above zero"), ("-1", "must be above zero")):
        monkeypatch.setenv("DIPLOGRAPH_QUERY_TIMEOUT", value)
        result = run("query", "members-of", "-p", "organisation=quad")
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [f"Error: $DIPLOGRAPH_QUERY_TIMEOUT {why}, not {value!r}"]
    monkeypatch.setenv("DIPLOGRAPH_QUERY_TIMEOUT", "20")
    assert run("query", "members-of", "-p", "organisation=quad").exit_code == 0
