"""The extraction benchmark's own pieces, on the small fixture dataset: leaving a source out, matching candidates
to curated statements, and the scores it reports."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.extraction import _compatible, held_out, score_source  # noqa: E402
from diplograph.graph.proposals import load_context  # noqa: E402
from diplograph.graph.settings import Settings  # noqa: E402

from .conftest import MINI_CORPUS, MINI_DATA  # noqa: E402

MINI = Settings(data=MINI_DATA, corpus=MINI_CORPUS, build=ROOT / "build-unused")


def test_leaving_a_source_out_takes_its_statements_and_the_entities_only_it_names():
    context = load_context(MINI)
    reduced, names = held_out(context, "mini-doc")
    assert not [f for f in reduced.facts if f.source == "mini-doc"]
    assert "japan" not in reduced.entities and "hun-sen" not in reduced.entities
    assert "test-author" in reduced.entities  # the source's author stays: the registry names it
    assert names["japan"] == "japan" and names["kingdom of cambodia"] == "cambodia"


def test_times_are_compatible_at_the_coarser_precision():
    assert _compatible({"2024"}, {"2024-05-16"})
    assert _compatible(set(), {"2013"})
    assert not _compatible({"2013"}, {"2014"})


def test_scores_count_what_matches():
    context = load_context(MINI)
    by_relation: dict = {}
    score = score_source(context, MINI, "mini-doc", by_relation)
    assert score.curated == 5 and score.documents == 1
    assert 0 < score.found <= score.curated and score.found_one_to_one <= score.found
    assert score.correct <= score.candidates
    # the held-out states come back as new entities (ISO 3166 names) and the partnership is found again
    assert by_relation["strategicPartner"].found == 1
    assert sum(s.curated for s in by_relation.values()) == score.curated
    row = score.row()
    assert row["recall"] == round(100 * score.found / score.curated, 1)


def test_each_statement_missed_is_listed_with_its_quote():
    context = load_context(MINI)
    score = score_source(context, MINI, "mini-doc", {})
    assert len(score.misses) == score.curated - score.found
    curated = {f.line: f for f in context.facts if f.source == "mini-doc"}
    for miss in score.misses:
        fact = curated[miss.line]
        assert miss.statement[0] == fact.relation.name and miss.quote.startswith(fact.quotes[0])
        assert miss.text().startswith(f"mini-doc:{miss.line} {fact.relation.name}(")


def test_a_person_s_alias_with_a_title_names_them_without_it_too():
    from dataclasses import replace

    context = load_context(MINI)
    person = context.entities["hun-sen"]
    titled = replace(person, aliases=[*person.aliases, "Prime Minister Hunsa"])
    _, names = held_out(replace(context, entities={**context.entities, "hun-sen": titled}), "mini-doc")
    assert names["hunsa"] == "hun-sen" and names["prime minister hunsa"] == "hun-sen"
    assert "prime" not in names and "minister" not in names
