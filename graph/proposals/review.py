"""What a proposal is written as: a review file in the facts format, or JSON for tools.

The review file is ``<review folder>/<source>.yaml``: ``source``, the proposed new
entities in the entities format, and ``facts``, each entry marked ``review: proposed``
with a comment above it saying which rule proposed it, how confident it is, the line of
its quote and which statements of the graph it corroborates. The build reads only
``facts/``; an entry copied there with its ``review`` mark still on is refused, so
nothing enters the graph unreviewed. Accepting an entry is moving it to
``facts/<source>.yaml`` and deleting its ``review`` line (``diplograph review`` does
both, and marks the entry ``review: accepted`` here).

The file is read back (:func:`read_review`) into the same model it is written from
(:class:`ReviewFile`), comments included, so every decision rewrites it whole and alike:

>>> entry = ReviewEntry({"s": "cambodia", "p": "adheresTo", "o": "permanent-neutrality", "quote": "Q."},
...                     rule="principle", confidence=0.7, line=4)
>>> text = render_review(ReviewFile("notes-2019", [], {}, [entry]))
>>> print(text, end="")
source: notes-2019
facts:
  # rule principle, confidence 0.70, line 4
  - s: cambodia
    p: adheresTo
    o: permanent-neutrality
    quote: Q.
    review: proposed
>>> again = read_text_review(text, "review/notes-2019.yaml")
>>> again.entries[0].entry == entry.entry, again.entries[0].rule, again.entries[0].line
(True, 'principle', 4)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import CurationError, Problem
from ..facts import REVIEWED_BY, REVIEWED_KEYS, REVIEWED_ON
from ..imports.output import write_atomically
from ..yamlfile import LocatedDict, LocatedList, load_text, plain
from .candidate import PROPOSED, REVIEW_KEY, to_entry, to_json
from .propose import Proposal

ACCEPTED, REJECTED = "accepted", "rejected"  # an entry's decisions
CONFIRMED, MERGED = "confirmed", "merged"  # a new entity's decisions
MERGED_INTO = "into"
ENTRY_STATES = (PROPOSED, ACCEPTED, REJECTED)
ENTITY_STATES = (PROPOSED, CONFIRMED, MERGED)
_NOTE = re.compile(r"#\s*rule (?P<rule>\S+), confidence (?P<confidence>[\d.]+), line (?P<line>\d+)"
                   r"(?:; corroborates (?P<corroborates>.*))?\s*$")


@dataclass
class ReviewEntry:
    """One entry of a review file: the statement in the facts format, and what is known and decided about it."""

    entry: dict[str, Any]  # s, p, o, qualifiers, times, quote: without review marks
    status: str = PROPOSED
    rule: str = ""
    confidence: float | None = None
    line: int = 0  # the quote's line in the source text
    corroborates: list[str] = field(default_factory=list)
    reviewed_by: str | None = None
    reviewed_on: str | None = None
    file_line: int = 0  # where the entry is in the review file

    @property
    def key(self) -> str:
        """A short digest of the statement as proposed: names the entry in a form, and changes when it does."""
        text = json.dumps(self.entry, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def written(self) -> dict[str, Any]:
        """The entry as the review file holds it: the statement, its mark, and who decided and when."""
        data = {**self.entry, REVIEW_KEY: self.status}
        if self.reviewed_by:
            data[REVIEWED_BY] = self.reviewed_by
        if self.reviewed_on:
            data[REVIEWED_ON] = self.reviewed_on
        return data


@dataclass
class ReviewEntity:
    """A new entity the proposal names: proposed, confirmed (now in an entities file) or merged into another."""

    slug: str
    type: str
    label: str
    status: str = PROPOSED
    into: str | None = None  # the entity it was merged into

    def written(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "label": self.label, REVIEW_KEY: self.status}
        if self.into:
            data[MERGED_INTO] = self.into
        return data


@dataclass
class ReviewFile:
    """A review file: its source, the comment lines at its top, the new entities and the entries."""

    source: str
    header: list[str]
    entities: dict[str, ReviewEntity]
    entries: list[ReviewEntry]

    def pending(self) -> list[ReviewEntry]:
        return [e for e in self.entries if e.status == PROPOSED]


def review_yaml(proposal: Proposal, previous: ReviewFile | None = None) -> str:
    """The review file's text; ``previous``, the file as it was, gives the decisions that stand (see ``carry_over``)."""
    return render_review(carry_over(from_proposal(proposal), previous) if previous else from_proposal(proposal))


def from_proposal(proposal: Proposal) -> ReviewFile:
    """The review file of a fresh proposal: every entry and every new entity proposed."""
    source = proposal.source
    header = [
        f"Proposed statements for {source.id} ({source.title}), by `diplograph propose` "
        f"({proposal.extractor}): {len(proposal.candidates)} candidates, "
        f"{sum(proposal.dropped.values())} dropped by the checks.",
        f"Review each entry against the source with `diplograph review {source.id}` (or by hand: move it to "
        f"facts/{source.id}.yaml and delete its `{REVIEW_KEY}` line). New entities go to entities/.",
    ]
    entities = {slug: ReviewEntity(slug, m.type, m.label) for slug, m in sorted(proposal.new_entities.items())}
    entries = [ReviewEntry(to_entry(c), PROPOSED, c.rule, c.confidence, c.line, list(c.corroborates))
               for c in proposal.candidates]
    return ReviewFile(source.id, header, entities, entries)


def carry_over(fresh: ReviewFile, previous: ReviewFile) -> ReviewFile:
    """A new proposal with the earlier decisions kept: rejected entries stay rejected (and are not proposed again),
    merged entities stay merged (their slug in new entries becomes the entity they were merged into), and
    confirmed ones are no longer new. Accepted entries are in the facts file, which the proposal already skips."""
    merged = {e.slug: e.into for e in previous.entities.values() if e.status == MERGED and e.into}
    rejected = [e for e in previous.entries if e.status == REJECTED]
    refused = {json.dumps(e.entry, sort_keys=True, default=str) for e in rejected}
    entries = []
    for item in fresh.entries:
        item.entry = rename_entities(item.entry, merged)
        if json.dumps(item.entry, sort_keys=True, default=str) not in refused:
            entries.append(item)
    entities = {slug: e for slug, e in fresh.entities.items() if slug not in merged}
    for old in previous.entities.values():
        if old.status in (MERGED, CONFIRMED):
            entities[old.slug] = old
    dropped = len(fresh.entries) - len(entries)
    header = fresh.header + ([f"{dropped} candidates rejected in an earlier review were not proposed again."]
                             if dropped else [])
    return ReviewFile(fresh.source, header, dict(sorted(entities.items())), entries + rejected)


def rename_entities(entry: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    """The entry with every entity slug in ``renamed`` (subject, object, entity qualifiers) replaced.

    >>> rename_entities({"s": "nlb", "p": "locatedIn", "o": ["x", "nlb"], "quote": "nlb"}, {"nlb": "bridge"})
    {'s': 'bridge', 'p': 'locatedIn', 'o': ['x', 'bridge'], 'quote': 'nlb'}
    """
    if not renamed:
        return entry
    result: dict[str, Any] = {}
    for key, value in entry.items():
        if key in ("p", "quote", "note", *REVIEWED_KEYS):
            result[key] = value
        elif isinstance(value, list):
            result[key] = [renamed.get(v, v) if isinstance(v, str) else v for v in value]
        else:
            result[key] = renamed.get(value, value) if isinstance(value, str) else value
    return result


def render_review(review: ReviewFile) -> str:
    """The text of a review file."""
    lines = [f"# {line}" for line in review.header]
    lines.append(_dump({"source": review.source}).rstrip())
    if review.entities:
        lines.append("entities:")
        lines.append(_indent(_dump({slug: e.written() for slug, e in review.entities.items()})).rstrip())
    lines.append("facts:" if review.entries else "facts: []")
    for item in review.entries:
        note = f"rule {item.rule or 'unknown'}, confidence {item.confidence or 0:.2f}, line {item.line}"
        if item.corroborates:
            note += f"; corroborates {', '.join(item.corroborates)}"
        lines.append(f"  # {note}")
        lines.append(_indent(_dump([item.written()])).rstrip())
    return "\n".join(lines) + "\n"


def read_review(path: Path, name: str | None = None) -> ReviewFile:
    """A review file, read back; a file that is not one raises CurationError naming file and line."""
    return read_text_review(path.read_text(encoding="utf-8"), name or str(path))


def read_text_review(text: str, name: str) -> ReviewFile:
    doc = load_text(text, name)
    if not isinstance(doc, LocatedDict) or "source" not in doc or "facts" not in doc:
        raise CurationError([Problem(name, getattr(doc, "line", 1), None,
                                     "a review file is a mapping with `source:`, `facts:` and maybe `entities:`")])
    lines = text.splitlines()
    header = []
    for text_line in lines:
        if not text_line.startswith("#"):
            break
        header.append(text_line[1:].strip())
    problems: list[Problem] = []
    entities: dict[str, ReviewEntity] = {}
    found = doc.get("entities")
    for slug, body in (found.items() if isinstance(found, LocatedDict) else []):
        if not isinstance(body, dict) or body.get(REVIEW_KEY, PROPOSED) not in ENTITY_STATES:
            problems.append(Problem(name, doc.line_of("entities"), slug,
                                    f"a proposed entity has `type`, `label` and `review` ({', '.join(ENTITY_STATES)})"))
            continue
        entities[str(slug)] = ReviewEntity(str(slug), str(body.get("type")), str(body.get("label")),
                                           body.get(REVIEW_KEY, PROPOSED), body.get(MERGED_INTO))
    items = doc["facts"] or []
    entries: list[ReviewEntry] = []
    for index, item in enumerate(items):
        line = items.line_of(index) if isinstance(items, LocatedList) else doc.line
        if not isinstance(item, dict) or item.get(REVIEW_KEY, PROPOSED) not in ENTRY_STATES:
            problems.append(Problem(name, line, REVIEW_KEY,
                                    f"an entry is a fact marked `review:` {', '.join(ENTRY_STATES)}"))
            continue
        entry = {k: plain(v) for k, v in item.items() if k != REVIEW_KEY and k not in REVIEWED_KEYS}
        note = _NOTE.match(lines[line - 2].strip()) if line >= 2 else None
        by, on = item.get(REVIEWED_BY), item.get(REVIEWED_ON)
        entries.append(ReviewEntry(
            entry, item.get(REVIEW_KEY, PROPOSED),
            rule=note["rule"] if note else "", confidence=float(note["confidence"]) if note else None,
            line=int(note["line"]) if note else 0,
            corroborates=note["corroborates"].split(", ") if note and note["corroborates"] else [],
            reviewed_by=str(by) if by else None, reviewed_on=str(on) if on else None, file_line=line))
    if problems:
        raise CurationError(problems)
    return ReviewFile(str(doc["source"]), header, entities, entries)


def write_review_file(review: ReviewFile, path: Path) -> None:
    """Write a review file atomically (a temporary file, then a rename): a reader sees the old or the new, whole."""
    write_atomically(render_review(review).encode("utf-8"), path)


def review_json(proposal: Proposal) -> str:
    """The proposal as JSON: candidates, new entities, and the counts of what was dropped."""
    return json.dumps({
        "source": proposal.source.id,
        "extractor": proposal.extractor,
        "candidates": [to_json(c) for c in proposal.candidates],
        "new_entities": [{"slug": m.slug, "label": m.label, "type": m.type, "new": True}
                         for m in proposal.new_entities.values()],
        "proposed": proposal.proposed,
        "dropped": dict(sorted(proposal.dropped.items())),
        "words": proposal.words,
        "seconds": round(proposal.seconds, 3),
    }, indent=2, ensure_ascii=False)


def write_review(proposal: Proposal, folder: Path) -> Path:
    """Write the review file atomically; return its path."""
    path = folder / f"{proposal.source.id}.yaml"
    write_atomically(review_yaml(proposal).encode("utf-8"), path)
    return path



def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)


def _indent(text: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))
