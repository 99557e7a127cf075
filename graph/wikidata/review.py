"""The review file: reconciliation candidates, and the decisions a person takes on them.

One YAML mapping per entity, with its candidates best first and a ``decision``:
``pending`` (the default), ``reject``, or ``accept Q...`` naming one of the
candidates. Writing the file again keeps every decision already taken. The build
reads only accepted decisions, so nothing unreviewed enters the graph.

>>> entry = {"label": "Quad", "class": "Forum", "decision": "accept Q1", "candidates": [{"qid": "Q1", "label": "Quad",
...          "endpoint": "https://query.wikidata.org/sparql", "retrieved": "2026-11-24T10:00:00Z",
...          "matched": "our label matched their label"}]}
>>> problems = Problems()
>>> accepted("quad", entry, "review.yaml", problems)  # doctest: +NORMALIZE_WHITESPACE
AcceptedLink(slug='quad', qid='Q1', checked_in='review: review.yaml: accepted candidate Q1 ("Quad"; our label matched
    their label) from https://query.wikidata.org/sparql, retrieved 2026-11-24T10:00:00Z')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from ..errors import Problems
from ..settings import display_path
from ..yamlfile import LocatedDict, load_file
from .reconcile import Reconciliation

HEADER = """\
# Wikidata reconciliation candidates, written by `diplograph link reconcile`.
# For each entity, read the candidates and set `decision` to:
#   accept Q...   link the entity to that candidate (it must be one listed here)
#   reject        none of them is the entity
#   pending       not decided yet (the default)
# Only accepted decisions enter the graph, at the next `diplograph build`.
"""

_DECISION = re.compile(r"^(pending|reject|accept (Q[1-9][0-9]*))$")


@dataclass(frozen=True)
class AcceptedLink:
    slug: str
    qid: str
    checked_in: str


def write_review(path: Path, reconciliations: Iterable[Reconciliation]) -> dict[str, int]:
    """Write (or merge into) the review file; return counts of entities with candidates, without, and decided."""
    previous: Mapping[str, dict] = read_entries(path) if path.exists() else {}
    entries: dict[str, dict] = {slug: dict(entry) for slug, entry in previous.items()}
    counts = {"with candidates": 0, "without candidates": 0, "decided": 0}
    for item in reconciliations:
        if not item.candidates:
            counts["without candidates"] += 1
            continue
        counts["with candidates"] += 1
        decision = str(previous.get(item.entity.slug, {}).get("decision", "pending"))
        entries[item.entity.slug] = {
            "label": item.entity.label,
            "class": item.entity.type,
            "decision": decision,
            "candidates": [asdict(candidate) for candidate in item.candidates],
        }
    counts["decided"] = sum(1 for entry in entries.values() if entry.get("decision", "pending") != "pending")
    # entities in slug order; in each, what to read and decide first, the candidates last
    ordered = {slug: {key: entries[slug][key] for key in ("label", "class", "decision", "candidates")
                      if key in entries[slug]}
               for slug in sorted(entries)}
    body = yaml.safe_dump(_plain(ordered), sort_keys=False, allow_unicode=True, width=120)
    staging = path.with_suffix(".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    staging.write_text(HEADER + body, encoding="utf-8")
    staging.replace(path)
    return counts


def read_entries(path: Path) -> dict[str, LocatedDict]:
    doc = load_file(path, display_path(path))
    return dict(doc or {})


def accepted_links(path: Path, problems: Problems) -> list[AcceptedLink]:
    """Every accepted decision in the review file; malformed entries are reported with their line."""
    if not path.exists():
        return []
    name = display_path(path)
    doc = load_file(path, name)
    if doc is None:
        return []
    if not isinstance(doc, LocatedDict):
        problems.add(name, getattr(doc, "line", None), None, "the review file is a mapping of entity slug to entry")
        return []
    links = []
    for slug, entry in doc.items():
        if not isinstance(entry, LocatedDict):
            problems.add(name, doc.line_of(slug), slug,
                         "an entry is a mapping with label, class, decision and candidates")
            continue
        link = accepted(slug, entry, name, problems)
        if link is not None:
            links.append(link)
    return links


def accepted(slug: str, entry: dict, name: str, problems: Problems) -> AcceptedLink | None:
    """The accepted link of one entry, or None when pending or rejected (or malformed, which is reported)."""
    line = entry.line_of("decision") if isinstance(entry, LocatedDict) else None
    match = _DECISION.match(str(entry.get("decision", "pending")).strip())
    if match is None:
        problems.add(name, line, "decision", f"{entry.get('decision')!r}: write pending, reject or accept Q...")
        return None
    qid = match.group(2)
    if qid is None:
        return None
    chosen = [c for c in entry.get("candidates") or [] if str(c.get("qid")) == qid]
    if not chosen:
        problems.add(name, line, "decision", f"{qid} is not one of {slug}'s candidates")
        return None
    candidate = chosen[0]
    where = (f'review: {name}: accepted candidate {qid} ("{candidate.get("label", "")}"; '
             f'{candidate.get("matched", "")}) from {candidate.get("endpoint", "?")}, '
             f'retrieved {candidate.get("retrieved", "?")}')
    return AcceptedLink(slug, qid, where)


def _plain(value):
    """Located containers back to plain ones, so yaml.safe_dump accepts them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
