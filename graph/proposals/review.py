"""What a proposal is written as: a review file in the facts format, or JSON for tools.

The review file is ``<review folder>/<source>.yaml``: ``source``, the proposed new
entities in the entities format, and ``facts``, each entry marked ``review: proposed``
with a comment above it saying which rule proposed it, how confident it is, the line of
its quote and which statements of the graph it corroborates. The build reads only
``facts/``; an entry copied there with its ``review`` mark still on is refused, so
nothing enters the graph unreviewed. Accepting an entry is moving it to
``facts/<source>.yaml`` and deleting its ``review`` line.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..imports.output import write_atomically
from .candidate import PROPOSED, REVIEW_KEY, to_json, to_review_entry
from .propose import Proposal


def review_yaml(proposal: Proposal) -> str:
    """The review file's text."""
    source = proposal.source
    lines = [
        f"# Proposed statements for {source.id} ({source.title}), by `diplograph propose` "
        f"({proposal.extractor}): {len(proposal.candidates)} candidates, "
        f"{sum(proposal.dropped.values())} dropped by the checks.",
        f"# Review each entry against the source; to accept one, move it to facts/{source.id}.yaml and delete its "
        f"`{REVIEW_KEY}` line. New entities go to entities/.",
        _dump({"source": source.id}).rstrip(),
    ]
    if proposal.new_entities:
        entities = {slug: {"type": m.type, "label": m.label, REVIEW_KEY: PROPOSED}
                    for slug, m in sorted(proposal.new_entities.items())}
        lines.append("entities:")
        lines.append(_indent(_dump(entities)).rstrip())
    lines.append("facts:" if proposal.candidates else "facts: []")
    for candidate in proposal.candidates:
        note = f"rule {candidate.rule}, confidence {candidate.confidence:.2f}, line {candidate.line}"
        if candidate.corroborates:
            shown = candidate.corroborates[:3]
            more = len(candidate.corroborates) - len(shown)
            note += f"; corroborates {', '.join(shown)}" + (f" and {more} more" if more else "")
        lines.append(f"  # {note}")
        block = _dump([to_review_entry(candidate)])
        lines.append(_indent(block).rstrip())
    return "\n".join(lines) + "\n"


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
