"""The checks every candidate passes before anyone sees it: the same the build runs on curated facts.

1. its quote is found verbatim in the source (:mod:`..evidence`) and is under 300 characters;
2. as an entry of a facts file it reads cleanly: known relation, entities of the classes the
   relation's domain and range ask for, concepts of the right schemes (:class:`..facts.FactsReader`);
3. compiled to RDF with the others, it conforms to the SHACL shapes (:mod:`..validate`).

What fails is dropped, and counted by reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import yaml

from diplograph import ontology

from ..compile import compile_dataset
from ..entities import Entity
from ..errors import Problems
from ..evidence import MAX_QUOTE_LENGTH, SourceText
from ..facts import Fact, FactsReader
from ..sources import Source
from ..validate import union_graph, validate_shapes
from ..vocabulary import Vocabulary
from ..yamlfile import load_text
from .candidate import Candidate, to_entry


@dataclass
class Checked:
    """The candidates that passed, and how many were dropped for each reason."""

    kept: list[Candidate] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)


def check_candidates(candidates: list[Candidate], text: SourceText, source: Source, vocabulary: Vocabulary,
                     entities: dict[str, Entity], sources: dict[str, Source], *, shapes: bool = True) -> Checked:
    """Run the three checks; a candidate naming a proposed new entity is checked with that entity added."""
    checked = Checked()
    known = dict(entities)
    for candidate in candidates:
        for mention in candidate.entities:
            if mention.new and mention.slug not in known:
                known[mention.slug] = Entity(mention.slug, mention.type, mention.label)
    reader = FactsReader(vocabulary, known, sources)
    facts: dict[str, tuple[Candidate, list[Fact]]] = {}
    for candidate in candidates:
        if len(candidate.quote) >= MAX_QUOTE_LENGTH:
            checked.dropped["quote of 300 characters or more"] += 1
            continue
        match = text.find(candidate.quote)
        if match is None:
            checked.dropped["quote not found verbatim in the source"] += 1
            continue
        problems = Problems()
        item = load_text(yaml.safe_dump([to_entry(candidate)], sort_keys=False, allow_unicode=True), "proposal")[0]
        read = reader.read_entry(item, 1, source.id, "proposal", problems)
        if problems:
            checked.dropped[_reason(problems)] += 1
            continue
        for fact in read:
            fact.evidence = [match]
        facts[candidate.id] = (candidate, read)
    if shapes and facts:
        failing = _shape_failures([f for _, read in facts.values() for f in read], facts, vocabulary, known, sources,
                                  source)
        for candidate_id, message in failing.items():
            checked.dropped[f"SHACL: {message}"] += 1
            facts.pop(candidate_id)
    checked.kept = [candidate for candidate, _ in facts.values()]
    return checked


def _reason(problems: Problems) -> str:
    """One short reason for a candidate's problems, by the field they are about."""
    problem = problems.items[0]
    message = problem.message
    if " is a " in message and "is needed" in message:
        return f"{'subject' if problem.field == 's' else 'object'} outside the relation's domain or range"
    if message.startswith("unknown entity"):
        return "unknown entity"
    if "concept of the" in message:
        return f"{problem.field}: not a concept of its scheme"
    return f"{problem.field or 'entry'}: {message.split(' (')[0]}"


def _shape_failures(facts: list[Fact], by_candidate: dict[str, tuple[Candidate, list[Fact]]],
                    vocabulary: Vocabulary, entities: dict[str, Entity], sources: dict[str, Source],
                    source: Source) -> dict[str, str]:
    """The candidates whose statements violate a shape, with the first message for each."""
    used = {slug for fact in facts for slug in _slugs(fact)} | {s for s in (source.author, source.publisher,
                                                                            source.affiliation) if s}
    dataset = compile_dataset(ontology.load(), vocabulary, {s: e for s, e in entities.items() if s in used},
                              {source.id: source}, facts)
    owner = {str(fact.iri): candidate.id for candidate, read in by_candidate.values() for fact in read}
    failing: dict[str, str] = {}
    for result in validate_shapes(union_graph(dataset)):
        if result.severity != "Violation":
            continue
        candidate_id = owner.get(result.focus) or owner.get(result.focus.split("/quote-")[0])
        if candidate_id and candidate_id not in failing:
            failing[candidate_id] = result.message
    return failing


def _slugs(fact: Fact) -> set[str]:
    slugs = {fact.subject}
    if type(fact.object) is str:
        slugs.add(fact.object)
    for values in fact.qualifiers.values():
        slugs.update(v for v in values if type(v) is str)  # slugs, not literals or IRIs
    return slugs
