"""Amounts a source gives for several things together, modelled once so that they are counted once.

"Funding for flood protection and a port terminal totalling US$244 million" is one amount for two projects.
The facts file says so with ``amount_for`` on each financing fact of the group (or on one fact whose ``o`` lists
them all); the build makes one :class:`SharedAmount` node for the group, and the financing statements point to
it (``dg:sharedAmount``) instead of each carrying the amount.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from diplograph.ontology.namespaces import STATEMENT

from .errors import Problems
from .facts import Fact


@dataclass
class SharedAmount:
    """One amount of one source for a group of projects."""

    source: str
    covers: tuple[str, ...]  # entity slugs, sorted
    amount: Literal
    unit: URIRef | None
    statements: list[Fact] = field(default_factory=list)

    @property
    def iri(self) -> URIRef:
        digest = hashlib.sha256("\x1f".join((self.source, *self.covers, str(self.amount))).encode()).hexdigest()[:12]
        return STATEMENT[f"{self.source}-amount-{digest}"]


def shared_amounts(facts: Iterable[Fact], problems: Problems) -> dict[URIRef, SharedAmount]:
    """The shared amount of every statement that has one, keyed by the statement's IRI; disagreements are problems."""
    groups: dict[tuple[str, tuple[str, ...]], list[Fact]] = defaultdict(list)
    for fact in facts:
        covered = fact.qualifiers.get("amount_for")
        if covered:
            groups[(fact.source, tuple(sorted(str(c) for c in covered)))].append(fact)
    result: dict[URIRef, SharedAmount] = {}
    for (source, covers), members in groups.items():
        first = members[0]
        shared = SharedAmount(source, covers, first.qualifiers["amount"][0],
                              (first.qualifiers.get("unit") or [None])[0], members)
        for fact in members[1:]:
            unit = (fact.qualifiers.get("unit") or [None])[0]
            if fact.qualifiers["amount"][0] != shared.amount or unit != shared.unit:
                problems.add(fact.file, fact.line, "amount",
                             f"one amount for {', '.join(covers)} together, but this fact gives another amount or "
                             f"unit than line {first.line}")
        named = {str(fact.object) for fact in members}
        for slug in covers:
            if slug not in named:
                problems.add(first.file, first.line, "amount_for",
                             f"the amount is said to be for {slug}, but no financing fact of this source with the "
                             "same `amount_for` has it as object")
        for fact in members:
            result[fact.iri] = shared
    return result
