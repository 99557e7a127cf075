"""The growth-shaped corpus of the benchmarks (``bench.growth``): its shape, its quotes, and that the build takes it.

Small: four generated documents beside the curated corpus. No timing is asserted.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import growth  # noqa: E402
from diplograph.graph.build import build  # noqa: E402
from diplograph.graph.evidence import SourceText  # noqa: E402
from diplograph.graph.outputs import dataset_file  # noqa: E402

SHAPE = growth.Shape(documents=4, statements=24)


@pytest.fixture(scope="module")
def written(corpus_settings, tmp_path_factory) -> tuple[Path, Path]:
    """(folder, curated data folder) of a small growth corpus."""
    folder = tmp_path_factory.mktemp("growth")
    return folder, growth.write_corpus(folder, SHAPE, seed=3, data=corpus_settings.data)


def generated(data: Path) -> dict[str, dict]:
    """The facts files the generator wrote, by source id."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((data / "facts").glob(f"{growth.FOLDER}-*.yaml"))}


def test_every_document_speaks_of_the_corpus_states_only(written, corpus_settings):
    _, data = written
    states = {slug for slug, _ in growth.states(corpus_settings.data)}
    files = generated(data)
    assert len(files) == SHAPE.documents
    for facts in files.values():
        named = {entry["s"] for entry in facts["facts"]} | {entry["o"] for entry in facts["facts"]}
        assert named <= states
        assert growth.ANCHOR in named


def test_each_combination_has_the_claims_per_pair_asked_for(written):
    _, data = written
    counts = Counter((entry["p"], frozenset((entry["s"], entry["o"])))
                     for facts in generated(data).values() for entry in facts["facts"])
    assert len(counts) == SHAPE.combos
    assert set(counts.values()) == {SHAPE.claims_per_pair}


def test_more_documents_give_more_claims_per_pair_over_the_same_states(corpus_settings):
    states = growth.states(corpus_settings.data)
    small = list(growth.documents(growth.Shape(2, 24), 3, states))
    large = list(growth.documents(growth.Shape(8, 24), 3, states))
    pairs = {(e["p"], e["s"], e["o"]) for _, _, facts, _ in small for e in facts["facts"]}
    assert pairs == {(e["p"], e["s"], e["o"]) for _, _, facts, _ in large for e in facts["facts"]}
    assert sum(len(facts["facts"]) for *_, facts, _ in large) == 4 * sum(len(f["facts"]) for *_, f, _ in small)


def test_every_quote_occurs_in_its_text(written):
    _, data = written
    for source_id, facts in generated(data).items():
        text = SourceText((data / growth.FOLDER / f"{source_id}.txt").read_text(encoding="utf-8"))
        for entry in facts["facts"]:
            assert text.find(entry["quote"]) is not None, entry["quote"]


def test_partnerships_are_updated_over_the_years_and_some_disagree(corpus_settings):
    states = growth.states(corpus_settings.data)
    shape = growth.Shape(documents=30, statements=20)
    levels: dict[tuple[str, str], set[str]] = {}
    kinds = Counter()
    for _, _, facts, _ in growth.documents(shape, 5, states):
        for entry in facts["facts"]:
            if entry["p"] == "strategicPartner":
                levels.setdefault((entry["s"], entry["o"]), set()).add(entry["level"])
                kinds[entry["valid"]] += 1
    assert any(len(found) > 1 for found in levels.values())  # upgraded over the years
    assert kinds["dated"] and kinds["at-writing"]


def test_the_build_accepts_it(written, corpus_settings):
    folder, data = written
    settings = corpus_settings.with_(data=data, build=folder / "build")
    report = build(settings, reasoner="none", docs=False)
    assert report.ok
    curated = yaml.safe_load(corpus_settings.sources_file.read_text(encoding="utf-8"))
    assert report.counts["sources"] == len(curated) + SHAPE.documents
    text = dataset_file(settings.build).read_text(encoding="utf-8")
    assert f"/graph/{growth.FOLDER}-1>" in text
    assert "supersededBy" in text


def test_supersession_is_the_first_later_value_of_every_other(written, corpus_settings):
    """The build's supersession (sorted, bisected) against its definition, statement by statement."""
    from diplograph.graph.build import parse_inputs
    from diplograph.graph.timeline import _one_value_groups, _value, later, parts, valid_times

    _, data = written
    compiled = parse_inputs(corpus_settings.with_(data=data))
    times = valid_times(compiled.facts, compiled.sources, compiled.entities)
    checked = superseded = 0
    for group in _one_value_groups(compiled.facts, compiled.entities).values():
        for fact in group:
            mine = times[fact.iri]
            if fact.time("end") is not None or mine.holds_from is None:
                continue
            successors = [other for other in group if _value(other) != _value(fact)
                          and times[other.iri].holds_from is not None
                          and later(times[other.iri].holds_from, mine.holds_from)]
            first = min(successors, key=lambda o: (parts(times[o.iri].holds_from), str(o.iri)), default=None)
            assert mine.superseded_by == (first.iri if first is not None else None)
            checked += 1
            superseded += first is not None
    assert checked > SHAPE.documents and superseded > 0
