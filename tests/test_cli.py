"""The command line: help with examples, and each command doing its job."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from diplograph.cli import cli

from .conftest import MINI_CORPUS, MINI_DATA


def command_paths(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand under ``group``, as the words that call it."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if isinstance(command, click.Group):
            found.extend(command_paths(command, (*path, name)))
    return found


COMMANDS = command_paths(cli)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_the_walk_finds_groups_and_their_subcommands():
    assert ("build",) in COMMANDS and ("link", "reconcile") in COMMANDS and ("link", "enrich") in COMMANDS
    assert len(COMMANDS) > len(cli.commands)


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_explains_itself_with_an_example(runner, words):
    result = runner.invoke(cli, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert f"diplograph {' '.join(words)}" in result.output


def test_top_level_help_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in cli.commands:
        assert command in result.output


def mini_args(tmp_path):
    return ["--data", str(MINI_DATA), "--corpus", str(MINI_CORPUS), "--build-dir", str(tmp_path / "build")]


def test_build_then_stats_then_export(runner, tmp_path):
    result = runner.invoke(cli, ["build", *mini_args(tmp_path), "--no-reasoner"])
    assert result.exit_code == 0, result.output
    assert "Built 5 statements about 6 entities from 1 sources" in result.output
    report = json.loads((tmp_path / "build" / "build-report.json").read_text())
    assert report["ok"] is True
    assert (tmp_path / "build" / "ontology" / "index.html").is_file()

    stats = runner.invoke(cli, ["stats", *mini_args(tmp_path)])
    assert stats.exit_code == 0, stats.output
    assert "6 entities, 5 statements" in stats.output
    assert "mini-doc" in stats.output

    out = tmp_path / "out.nq"
    exported = runner.invoke(cli, ["export", *mini_args(tmp_path), "--format", "nquads", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    assert "<https://w3id.org/diplograph/graph/mini-doc>" in out.read_text()


def test_validate_reports_problems_and_exits_1(runner, tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(MINI_DATA, data)
    facts = data / "facts" / "mini-doc.yaml"
    facts.write_text(facts.read_text().replace("p: adheresTo", "p: adheres"))
    result = runner.invoke(cli, ["validate", "--data", str(data), "--corpus", str(MINI_CORPUS), "--no-reasoner"])
    assert result.exit_code == 1
    assert "mini-doc.yaml:10: p: unknown relation 'adheres'" in result.output


def test_stats_before_any_build_says_what_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["stats", *mini_args(tmp_path)])
    assert result.exit_code != 0
    assert "run `diplograph build` first" in result.output


def test_ontology_summary_lists_relations_and_schemes(runner):
    result = runner.invoke(cli, ["ontology"])
    assert result.exit_code == 0
    assert "strategicPartner" in result.output
    assert "stance:" in result.output and "hedging" in result.output
