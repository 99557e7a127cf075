"""`stats` and `export` go through the store protocol: the same answers from any backend the build is loaded into."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.graph.outputs import REPORT_JSON


@pytest.fixture
def run(corpus_build, monkeypatch):
    monkeypatch.setenv("DIPLOGRAPH_BUILD", str(corpus_build.build))
    return lambda *args: CliRunner().invoke(cli, list(args))


def test_stats_are_the_same_from_every_embedded_store(run, corpus_build):
    default = run("stats")
    assert default.exit_code == 0, default.output
    # the count the build itself reported, so a curation change does not break this check
    built = json.loads((corpus_build.build / REPORT_JSON).read_text(encoding="utf-8"))["counts"]
    assert f"{built['statements']} statements" in default.output
    assert run("stats", "--store", "rdflib").output == default.output


def test_export_from_a_store_holds_the_builds_quads(run, corpus_build):
    built = set(ox.parse(path=str(corpus_build.build / "diplograph.nq"), format=ox.RdfFormat.N_QUADS))
    result = CliRunner().invoke(cli, ["export", "--store", "oxigraph", "--format", "nquads",
                                                      "--build-dir", str(corpus_build.build)])
    assert result.exit_code == 0, result.stderr
    exported = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    assert len(exported) == len(built)
    # a store writes some typed literals in canonical form and relabels blank nodes; everything else is the same
    canonicalised = ("dateTime", "integer")
    plain = {quad for quad in built
             if not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode)
             and not (isinstance(quad.object, ox.Literal) and quad.object.datatype.value.endswith(canonicalised))}
    assert plain <= set(exported)


def test_a_store_that_cannot_be_reached_is_a_clear_error(run):
    result = run("stats", "--store", "http://127.0.0.1:9/query")
    assert result.exit_code == 1
    assert "cannot reach" in result.output and "Traceback" not in result.output
