"""The same inputs build the same bytes, and every output writes each term as its source wrote it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.graph.outputs import (
    DATASET_NQUADS,
    DATASET_TRIG,
    ONTOLOGY_TURTLE,
    REPORT_JSON,
    SEARCH_INDEX,
    VOID_TURTLE,
)
from diplograph.graph.settings import Settings, display_path

DATASET_FILES = (DATASET_NQUADS, DATASET_TRIG, ONTOLOGY_TURTLE, VOID_TURTLE, SEARCH_INDEX)
DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _report_without_timings(folder: Path) -> dict:
    """The build report less what differs between two builds of the same inputs: timings and where it was written."""
    report = json.loads((folder / REPORT_JSON).read_text(encoding="utf-8"))
    written_to = Path(report.pop("output"))  # the folder it was built in, which a cached build was copied from
    for step in report["steps"]:
        step.pop("seconds")
        for where in (str(written_to), display_path(written_to)):
            step["messages"] = [m.replace(where, "BUILD") for m in step["messages"]]
    return report


def _other_hash_seed() -> str:
    """A hash seed other than this process's, so that the second build iterates Python's sets in another order."""
    current = os.environ.get("PYTHONHASHSEED", "random")
    return "1" if current != "1" else "2"


@pytest.mark.slow
def test_two_builds_of_the_same_inputs_are_byte_identical(corpus_build: Settings, tmp_path: Path):
    again = tmp_path / "build"
    env = {**os.environ, "PYTHONHASHSEED": _other_hash_seed()}
    result = subprocess.run([sys.executable, "-m", "diplograph", "build", "--data", str(corpus_build.data), "--corpus",
                             str(corpus_build.corpus), "--build-dir", str(again), "--no-reasoner", "--no-docs"],
                            env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in DATASET_FILES:
        assert _sha256(again / name) == _sha256(corpus_build.build / name), name
    assert _report_without_timings(again) == _report_without_timings(corpus_build.build)


def test_blank_nodes_carry_their_canonical_labels(corpus_build: Settings):
    blanks = {term.value for quad in ox.parse(path=str(corpus_build.build / DATASET_NQUADS))
              for term in (quad.subject, quad.object) if isinstance(term, ox.BlankNode)}
    assert blanks, "the ontology's lists and axioms are blank nodes"
    assert blanks == {f"c14n{n}" for n in range(len(blanks))}


def test_nquads_are_written_in_canonical_order(corpus_build: Settings):
    lines = (corpus_build.build / DATASET_NQUADS).read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_export_nquads_writes_the_lines_of_the_built_file(corpus_build: Settings, tmp_path: Path):
    out = tmp_path / "export.nq"
    result = CliRunner().invoke(cli, ["export", "--build-dir", str(corpus_build.build), "--format", "nquads", "-o",
                                      str(out)])
    assert result.exit_code == 0, result.output
    built = (corpus_build.build / DATASET_NQUADS).read_text(encoding="utf-8").splitlines()
    exported = out.read_text(encoding="utf-8").splitlines()
    assert set(exported) == set(built)
    assert len(exported) == len(built)


def test_export_trig_holds_the_same_terms_as_the_built_nquads(corpus_build: Settings, tmp_path: Path):
    out = tmp_path / "export.trig"
    result = CliRunner().invoke(cli,
                                ["export", "--build-dir", str(corpus_build.build), "--format", "trig", "-o", str(out)])
    assert result.exit_code == 0, result.output
    built = {str(q) for q in ox.parse(path=str(corpus_build.build / DATASET_NQUADS))}
    assert {str(q) for q in ox.parse(path=str(out))} == built
    assert {str(q) for q in ox.parse(path=str(corpus_build.build / DATASET_TRIG))} == built


def _source_datetimes(settings: Settings) -> set[str]:
    """Every xsd:dateTime the kept Wikidata answers hold, as Wikidata wrote it."""
    found = set()
    for answer in json.loads(settings.enrichment_file.read_text(encoding="utf-8")):
        found.add(answer["retrieved"])
        for binding in answer["results"]["results"]["bindings"]:
            if binding["value"].get("datatype") == DATETIME:
                found.add(binding["value"]["value"])
    return found


def test_date_times_keep_the_lexical_form_of_their_source(corpus_build: Settings, tmp_path: Path):
    written = _source_datetimes(corpus_build)
    assert written, "the kept Wikidata answers hold dates and times"
    out = tmp_path / "export.nq"
    CliRunner().invoke(cli, ["export", "--build-dir", str(corpus_build.build), "--format", "nquads", "-o", str(out)])
    for path in (corpus_build.build / DATASET_NQUADS, corpus_build.build / DATASET_TRIG, out):
        in_file = {q.object.value for q in ox.parse(path=str(path))
                   if isinstance(q.object, ox.Literal) and q.object.datatype.value == DATETIME}
        assert in_file, path.name
        assert in_file <= written, (path.name, in_file - written)
