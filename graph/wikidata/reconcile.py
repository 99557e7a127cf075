"""Reconciliation: candidate Wikidata items for the entities that have none, scored for review.

For each unlinked entity, its English label and aliases are looked up, as data in a
VALUES block, among the labels and aliases of a Wikidata-compatible endpoint. Each
item found is a candidate, scored by how its name matched and whether its type
(``wdt:P31``) fits the entity's class. Candidates go to a review file; only a
decision a person writes there (``accept: Q...``) ever links an entity.

>>> score_candidate(how="label", of="label", types={"Q5"}, expected={"Q5"})
1.0
>>> score_candidate(how="alias", of="alias", types={"Q6256"}, expected={"Q5"})
0.42
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from diplograph.sparql import queryfiles
from diplograph.sparql.binding import bind_rows

from .client import Answer, SparqlClient

WD = "http://www.wikidata.org/entity/"

#: Wikidata classes an entity of ours should be an instance of (wdt:P31), where we have verified the class
#: item (sovereign state, country, human, international organization); other classes score neutrally.
EXPECTED_TYPES: dict[str, frozenset[str]] = {
    "State": frozenset({"Q3624078", "Q6256"}),
    "Person": frozenset({"Q5"}),
    "InternationalOrganisation": frozenset({"Q484652"}),
}

#: How much a name match counts, by what matched what: our label or alias against theirs.
NAME_SCORES = {("label", "label"): 1.0, ("alias", "label"): 0.85, ("label", "alias"): 0.8, ("alias", "alias"): 0.6}
NAME_WEIGHT, TYPE_WEIGHT = 0.7, 0.3

CANDIDATES_QUERY = queryfiles.read("diplograph.graph.wikidata", "candidates")


@dataclass(frozen=True)
class Unlinked:
    """An entity with no Wikidata item yet: its slug, class and English names."""

    slug: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass
class Candidate:
    qid: str
    label: str
    description: str
    matched: str              # e.g. 'label "Cambodia" = their label'
    types: list[str]
    score: float
    endpoint: str
    retrieved: str


@dataclass
class Reconciliation:
    entity: Unlinked
    candidates: list[Candidate] = field(default_factory=list)


def score_candidate(*, how: str, of: str, types: set[str], expected: frozenset[str] | set[str] | None) -> float:
    """A score in [0, 1]: the name match (``of`` our label or alias, ``how`` their label or alias) and the type fit.

    With no expected types for the class, the type counts half; with expected types, it counts fully
    when one of the item's types is expected and not at all otherwise.
    """
    name = NAME_SCORES[(of, how)]
    fit = 0.5 if not expected else (1.0 if types & set(expected) else 0.0)
    return round(NAME_WEIGHT * name + TYPE_WEIGHT * fit, 2)


def reconcile(entities: Sequence[Unlinked], client: SparqlClient, *, batch: int = 40) -> list[Reconciliation]:
    """Candidates for each entity, best first, from the client's endpoint (or its cache)."""
    results = {entity.slug: Reconciliation(entity) for entity in entities}
    for start in range(0, len(entities), batch):
        chunk = entities[start:start + batch]
        answer = client.select(candidates_query(chunk))
        for slug, candidates in _candidates(answer, {entity.slug: entity for entity in chunk}).items():
            results[slug].candidates = candidates
    return list(results.values())


def candidates_query(entities: Iterable[Unlinked]) -> str:
    """The candidates query with every name bound as an English literal in a VALUES block (never pasted as text)."""
    rows = []
    for entity in entities:
        rows.append([ox.Literal(entity.slug), ox.Literal("label"), ox.Literal(entity.label, language="en")])
        rows.extend([ox.Literal(entity.slug), ox.Literal("alias"), ox.Literal(alias, language="en")]
                    for alias in entity.aliases)
    return bind_rows(CANDIDATES_QUERY, ["key", "of", "name"], rows)


def _candidates(answer: Answer, entities: dict[str, Unlinked]) -> dict[str, list[Candidate]]:
    found: dict[tuple[str, str], dict] = {}
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in answer.rows():
        key = (row["key"], row["item"].removeprefix(WD))
        if "type" in row:
            types[key].add(row["type"].removeprefix(WD))
        best = found.get(key)
        strength = NAME_SCORES[(row["of"], row["how"])]
        if best is None or strength > NAME_SCORES[(best["of"], best["how"])]:
            found[key] = row
    by_entity: dict[str, list[Candidate]] = defaultdict(list)
    for (slug, qid), row in found.items():
        entity = entities[slug]
        score = score_candidate(how=row["how"], of=row["of"], types=types[(slug, qid)],
                                expected=EXPECTED_TYPES.get(entity.type))
        by_entity[slug].append(Candidate(
            qid=qid, label=row.get("label", ""), description=row.get("description", ""),
            matched=f"our {row['of']} matched their {row['how']}", types=sorted(types[(slug, qid)], key=_qid_order),
            score=score, endpoint=answer.endpoint, retrieved=answer.retrieved))
    for candidates in by_entity.values():
        candidates.sort(key=lambda c: (-c.score, _qid_order(c.qid)))
    return by_entity


def _qid_order(qid: str) -> tuple[int, str]:
    digits = qid.lstrip("Q")
    return (int(digits) if digits.isdigit() else 0, qid)
