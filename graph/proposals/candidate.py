"""A candidate statement and the one function that writes it as an entry of a facts file.

Everything a proposal becomes (the review file, the JSON for tools, the checks every
candidate passes) is made from :func:`to_entry`, so a field added to the facts format
is added here once.

>>> from .mentions import Mention
>>> cambodia = Mention("cambodia", "State", "Cambodia", 0, 8, "Cambodia")
>>> japan = Mention("japan", "State", "Japan", 40, 45, "Japan")
>>> candidate = Candidate("s-1", cambodia, "strategicPartner", japan, qualifiers={"level": "strategic-partnership"},
...                       times={"start": "2013"}, quote="Cambodia ...", line=3, confidence=0.8, rule="partnership")
>>> to_entry(candidate)
{'s': 'cambodia', 'p': 'strategicPartner', 'o': 'japan', 'level': 'strategic-partnership', 'start': '2013', \
'valid': 'dated', 'quote': 'Cambodia ...'}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .mentions import Mention

REVIEW_KEY = "review"  # the same key the facts reader refuses (facts.REVIEW_KEY)
PROPOSED = "proposed"


@dataclass
class Candidate:
    """One proposed statement: subject, relation, object or value, qualifiers, time and the quote that states it."""

    id: str
    subject: Mention
    relation: str
    object: Mention | str | None  # an entity mention, a concept slug (pursuesStrategy, ...) or None (figure, target)
    qualifiers: dict[str, Any] = field(default_factory=dict)  # key -> concept slug, number text or entity mention
    times: dict[str, str] = field(default_factory=dict)  # time / start / end -> YYYY[-MM[-DD]]
    quote: str = ""
    line: int = 0
    confidence: float = 0.5
    rule: str = ""
    corroborates: list[str] = field(default_factory=list)  # statements of the graph that say the same (file:line)

    @property
    def entities(self) -> list[Mention]:
        """The entity mentions the candidate names (subject, object, entity qualifiers)."""
        found = [self.subject]
        if isinstance(self.object, Mention):
            found.append(self.object)
        found.extend(v for v in self.qualifiers.values() if isinstance(v, Mention))
        return found

    def claim_key(self) -> tuple:
        """What makes two candidates the same claim: relation, ends, value, measure and time."""
        obj = self.object.slug if isinstance(self.object, Mention) else self.object
        ends: tuple = (self.subject.slug, obj)
        if self.relation in SYMMETRIC:
            ends = tuple(sorted(ends, key=str))
        return (self.relation, *ends, str(self.qualifiers.get("value")), str(self.qualifiers.get("measure")),
                tuple(sorted(self.times.items())))


SYMMETRIC = {"strategicPartner", "diplomaticRelation", "cooperatesWith", "competesWith", "metWith"}


# Relations whose statements are identities: an office belongs to its state, a ministry to its government, a city lies
# in its country (graph/CURATION.md, `valid: timeless`).
TIMELESS = {"officeOf", "partOf", "locatedIn"}


def validity(candidate: Candidate) -> str:
    """What the text says about when the claim holds (the facts' `valid` key): dated when it gives a time,
    timeless for an identity, else current at the time of writing."""
    if candidate.times:
        return "dated"
    return "timeless" if candidate.relation in TIMELESS else "at-writing"


def to_entry(candidate: Candidate) -> dict:
    """The candidate as an entry of a facts file (graph/CURATION.md), without review marks."""
    entry: dict[str, object] = {"s": candidate.subject.slug, "p": candidate.relation}
    if isinstance(candidate.object, Mention):
        entry["o"] = candidate.object.slug
    elif candidate.object is not None:
        entry["o"] = candidate.object
    for key, value in candidate.qualifiers.items():
        entry[key] = value.slug if isinstance(value, Mention) else value
    entry.update(candidate.times)
    entry["valid"] = validity(candidate)
    entry["quote"] = candidate.quote
    return entry


def to_review_entry(candidate: Candidate) -> dict:
    """The entry as the review file holds it: marked as proposed, so the build refuses it until a person accepts it."""
    return {**to_entry(candidate), REVIEW_KEY: PROPOSED}


def to_json(candidate: Candidate) -> dict:
    """The candidate for tools: subject, relation, object or value, time, quote, line, confidence, rule, entities."""
    entry = to_entry(candidate)
    result: dict[str, object] = {
        "id": candidate.id,
        "subject": _entity(candidate.subject),
        "relation": candidate.relation,
    }
    if isinstance(candidate.object, Mention):
        result["object"] = _entity(candidate.object)
    elif candidate.object is not None:
        result["object"] = {"concept": candidate.object}
    else:
        result["value"] = entry.get("value")
    result["qualifiers"] = {k: v for k, v in entry.items()
                            if k not in {"s", "p", "o", "quote", "valid", *candidate.times}}
    result["time"] = dict(candidate.times) or None
    result["valid"] = entry["valid"]
    result.update({"quote": candidate.quote, "line": candidate.line, "confidence": round(candidate.confidence, 2),
                   "rule": candidate.rule, "corroborates": candidate.corroborates,
                   "entities": [_entity(m) for m in candidate.entities]})
    return result


def _entity(mention: Mention) -> dict:
    return {"slug": mention.slug, "label": mention.label, "type": mention.type, "new": mention.new}
