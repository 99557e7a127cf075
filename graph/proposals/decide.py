"""The review step: a person's decisions on a source's proposed entries, written at once to the curated files.

Both ways of reviewing (``diplograph review`` in a terminal, the curation pages of ``diplograph serve --curate``)
go through :class:`Review`, so a decision means the same wherever it is made:

- **accept** (after an optional **edit**): the entry, checked by the build's own facts reader (known relation,
  entities of the classes its domain and range ask for, concepts of the right schemes) and its quote found
  verbatim in the source, is appended to ``facts/SOURCE.yaml`` with ``reviewed_by`` and ``reviewed_on``; the
  review file marks it ``review: accepted``. A corroborating entry is accepted the same way: the claim gains
  this source's statement and evidence.
- **reject**: the review file marks it ``review: rejected`` (with who and when); proposing again skips it.
- **confirm** a new entity: it is appended to ``entities/reviewed.yaml``; **merge** it into an existing slug:
  every entry of the review file that names it names that entity instead.

Each decision is written when it is made, each file through a temporary file and a rename, the curated file
first: an interrupted review loses no decision already made and leaves every file whole. An entry found in the
facts file already (the review file was not yet rewritten when the review stopped) counts as accepted.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..entities import Entity, load_entities
from ..errors import CurationError, Problem, Problems
from ..evidence import MAX_QUOTE_LENGTH, QuoteMatch, SourceText
from ..facts import REVIEWED_BY, REVIEWED_KEYS, REVIEWED_ON, FactsReader
from ..settings import Settings, display_path
from ..sources import Source, load_sources
from ..vocabulary import Vocabulary
from ..yamlfile import load_file, load_text
from .appending import append_entity, append_fact
from .candidate import PROPOSED
from .review import (
    ACCEPTED,
    CONFIRMED,
    MERGED,
    REJECTED,
    ReviewEntity,
    ReviewEntry,
    ReviewFile,
    read_review,
    rename_entities,
    write_review_file,
)

ENTITIES_FILE = "reviewed.yaml"  # where confirmed new entities go, in entities/
TIME_KEYS = ("time", "start", "end")


class DecisionError(Exception):
    """A decision that cannot be written as asked; ``problems`` say why, by field."""

    def __init__(self, problems: list[Problem] | list[str]):
        self.messages = [str(p) for p in problems]
        super().__init__("\n".join(self.messages))


def reviewer_name(given: str | None = None) -> str:
    """Who is reviewing: ``given``, else ``$DIPLOGRAPH_REVIEWER``, else git's ``user.name``, else the OS user.

    >>> reviewer_name("Jane Doe")
    'Jane Doe'
    """
    for name in (given, os.environ.get("DIPLOGRAPH_REVIEWER")):
        if name and name.strip():
            return name.strip()
    try:
        found = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found.strip():
        return found.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


@dataclass
class Decided:
    """What one decision wrote: the entry as the curated file now holds it, and where."""

    action: str
    entry: dict[str, Any] = field(default_factory=dict)
    file: str = ""


@dataclass
class Review:
    """One source's review: its review file, the curated files it writes to, and the checks they must pass."""

    settings: Settings
    source: Source
    path: Path  # the review file
    vocabulary: Vocabulary
    sources: dict[str, Source]
    text: SourceText
    reviewer: str
    today: Callable[[], str] = lambda: dt.date.today().isoformat()

    @classmethod
    def open(cls, settings: Settings, source_id: str, path: Path | None = None, reviewer: str | None = None,
             today: Callable[[], str] | None = None) -> Review:
        """The review of ``source_id``; raises DecisionError when the source, its text or its review file is missing."""
        sources = load_sources(settings.sources_file)
        source = sources.get(source_id)
        if source is None:
            raise DecisionError([f"no source {source_id!r} in {display_path(settings.sources_file)} "
                                 f"(sources: {', '.join(sorted(sources))})"])
        path = path or settings.data / "review" / f"{source_id}.yaml"
        if not path.is_file():
            raise DecisionError([f"no review file at {display_path(path)}: run `diplograph propose {source_id}` first"])
        if not (settings.corpus / source.file).is_file():
            raise DecisionError([f"the text of {source_id} is not at {settings.corpus / source.file}; "
                                 "give the corpus folder with --corpus or $DIPLOGRAPH_CORPUS"])
        review = cls(settings, source, path, Vocabulary.from_ontology(), sources,
                     source.read_text(settings.corpus), reviewer_name(reviewer))
        if today is not None:
            review.today = today
        review.read()  # a review file that is not one is named now, not at the first decision
        return review

    # -- reading ----------------------------------------------------------------------------------------------

    @property
    def facts_file(self) -> Path:
        return self.settings.facts_dir / f"{self.source.id}.yaml"

    def read(self) -> ReviewFile:
        """The review file as it is now on disk; entries the facts file holds already count as accepted."""
        review = read_review(self.path, display_path(self.path))
        curated = self._curated_entries()
        for item in review.pending():
            if _comparable(item.entry) in curated:
                item.status = ACCEPTED
        return review

    def entities(self) -> dict[str, Entity]:
        """The curated entities as they are now (confirmed new ones included)."""
        return load_entities(self.settings.entities_dir, self.settings.crosswalk_file, self.vocabulary)

    def find(self, review: ReviewFile, key: str) -> ReviewEntry:
        for item in review.entries:
            if item.key == key:
                return item
        raise DecisionError([f"no entry {key} in {display_path(self.path)}: the file changed; read it again"])

    def evidence(self, entry: dict[str, Any]) -> list[QuoteMatch | None]:
        """Where each passage of the entry's quote is in the source text (None: not found verbatim)."""
        quote = entry.get("quote")
        passages = quote if isinstance(quote, list) else [quote]
        return [self.text.find(p) if isinstance(p, str) and p.strip() else None for p in passages]

    def unresolved(self, review: ReviewFile, entry: dict[str, Any]) -> list[ReviewEntity]:
        """The proposed new entities the entry names that are neither confirmed nor merged yet."""
        named = {v for k, value in entry.items() if k not in ("p", "quote", "note")
                 for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)}
        return [e for slug, e in review.entities.items() if slug in named and e.status == PROPOSED]

    # -- deciding ---------------------------------------------------------------------------------------------

    def edited(self, entry: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """The entry with ``changes`` made: a value of None or "" removes the key; keys keep their order."""
        result = {k: v for k, v in entry.items() if k != "quote"}
        for key, value in changes.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                result.pop(key, None)
            else:
                result[key] = value.strip() if isinstance(value, str) else value
        result["quote"] = entry["quote"] if "quote" not in changes or not changes["quote"] else changes["quote"]
        return result

    def check(self, entry: dict[str, Any], extra_entities: dict[str, Entity] | None = None) -> list[str]:
        """What the build would say of ``entry`` in this source's facts file: [] when nothing."""
        problems = Problems()
        entities = {**self.entities(), **(extra_entities or {})}
        reader = FactsReader(self.vocabulary, entities, self.sources)
        name = f"facts/{self.source.id}.yaml (the entry)"
        try:
            item = load_text(yaml.safe_dump([entry], sort_keys=False, allow_unicode=True), name)[0]
        except CurationError as error:
            return [str(p) for p in error.problems]
        reader.read_entry(item, 1, self.source.id, name, problems)
        messages = [f"{p.field}: {p.message}" if p.field else p.message for p in problems.items]
        for passage, match in zip(_passages(entry), self.evidence(entry), strict=False):
            if isinstance(passage, str) and len(passage) < MAX_QUOTE_LENGTH and match is None:
                messages.append(f"quote: not found verbatim in {self.source.file}: {passage[:80]!r}")
        return messages

    def accept(self, key: str, changes: dict[str, Any] | None = None) -> Decided:
        """Accept the entry ``key`` (with ``changes`` made first): append it to the facts file, mark it accepted."""
        review = self.read()
        item = self.find(review, key)
        if item.status != PROPOSED:
            raise DecisionError([f"this entry was {item.status} already"])
        entry = self.edited(item.entry, changes or {})
        waiting = self.unresolved(review, entry)
        if waiting:
            raise DecisionError([f"{e.slug}: a new entity ({e.type}, {e.label!r}): confirm it or merge it into an "
                                 "existing entity first" for e in waiting])
        problems = self.check(entry)
        if problems:
            raise DecisionError(problems)
        entry = {**entry, REVIEWED_BY: self.reviewer, REVIEWED_ON: self.today()}
        append_fact(self.facts_file, self.source.id, entry, display_path(self.facts_file))
        item.entry, item.status = {k: v for k, v in entry.items() if k not in REVIEWED_KEYS}, ACCEPTED
        item.reviewed_by, item.reviewed_on = self.reviewer, entry[REVIEWED_ON]
        write_review_file(review, self.path)
        return Decided("edited" if changes else "accepted", entry, display_path(self.facts_file))

    def reject(self, key: str) -> Decided:
        """Mark the entry ``key`` rejected in the review file, with who and when."""
        review = self.read()
        item = self.find(review, key)
        if item.status != PROPOSED:
            raise DecisionError([f"this entry was {item.status} already"])
        item.status, item.reviewed_by, item.reviewed_on = REJECTED, self.reviewer, self.today()
        write_review_file(review, self.path)
        return Decided("rejected", item.entry, display_path(self.path))

    def confirm_entity(self, slug: str, type_: str | None = None, label: str | None = None) -> Decided:
        """The new entity ``slug`` enters entities/reviewed.yaml (with a corrected class or label, if given)."""
        review = self.read()
        entity = review.entities.get(slug)
        if entity is None or entity.status != PROPOSED:
            raise DecisionError([f"{slug}: no new entity waits for a decision under this name"])
        type_ = (type_ or entity.type).strip()
        label = (label or entity.label).strip()
        problems = []
        if type_ not in self.vocabulary.classes or not self.vocabulary.is_a(type_, "Entity"):
            problems.append(f"type: {type_!r} is not an entity class of the ontology")
        if not label:
            problems.append("label: every entity needs an English label")
        existing = self.entities().get(slug)
        if existing is not None:
            problems.append(f"{slug}: an entity of this name exists ({existing.file}:{existing.line}); merge into it")
        if problems:
            raise DecisionError(problems)
        path = self.settings.entities_dir / ENTITIES_FILE
        append_entity(path, slug, {"type": type_, "label": label}, display_path(path),
                      header="# New entities confirmed in `diplograph review`: check each one's type and label.\n")
        entity.type, entity.label, entity.status = type_, label, CONFIRMED
        write_review_file(review, self.path)
        return Decided("confirmed", {slug: {"type": type_, "label": label}}, display_path(path))

    def merge_entity(self, slug: str, into: str) -> Decided:
        """The new entity ``slug`` is the existing entity ``into``: the review file's entries name that instead."""
        review = self.read()
        entity = review.entities.get(slug)
        if entity is None or entity.status != PROPOSED:
            raise DecisionError([f"{slug}: no new entity waits for a decision under this name"])
        into = into.strip()
        entities = self.entities()
        if into not in entities:
            close = _close(into, entities)
            raise DecisionError([f"into: unknown entity {into!r}{close}"])
        entity.status, entity.into = MERGED, into
        for item in review.pending():
            item.entry = rename_entities(item.entry, {slug: into})
        write_review_file(review, self.path)
        return Decided("merged", {slug: into}, display_path(self.path))

    # -- what the curated files hold -----------------------------------------------------------------------

    def _curated_entries(self) -> set[str]:
        if not self.facts_file.is_file():
            return set()
        try:
            doc = load_file(self.facts_file, display_path(self.facts_file))
        except CurationError:
            return set()
        items = doc.get("facts") if isinstance(doc, dict) else None
        return {_comparable(i) for i in items or [] if isinstance(i, dict)}


def terms(vocabulary: Vocabulary, entities: dict[str, Entity]) -> dict[str, list[str]]:
    """The names an edit may use: relations, qualifier keys, entity slugs, entity classes, each scheme's concepts."""
    return {
        "relations": sorted(vocabulary.relations),
        "qualifiers": sorted(vocabulary.qualifiers),
        "entities": sorted(entities),
        "classes": sorted(c for c in vocabulary.classes if vocabulary.is_a(c, "Entity")),
        **{f"concepts:{scheme}": sorted(concepts) for scheme, concepts in vocabulary.concepts.items()},
    }


def _passages(entry: dict[str, Any]) -> list:
    quote = entry.get("quote")
    return quote if isinstance(quote, list) else [quote]


def _comparable(entry: dict[str, Any]) -> str:
    """An entry without its review keys, as one string: the same statement as written gives the same string."""
    plain = {str(k): str(v) if not isinstance(v, list) else [str(x) for x in v]
             for k, v in entry.items() if k not in REVIEWED_KEYS and k != "review"}
    return json.dumps(plain, sort_keys=True, ensure_ascii=False)


def _close(value: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(value, [str(c) for c in choices], n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""

