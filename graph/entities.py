"""The entity registry: every entity a fact may name, with its labels and identifiers.

Entities are curated in ``graph/entities/*.yaml`` (one file per kind); states'
codes come from the crosswalk ``graph/data/states.csv``.

Each entity is in one of four Wikidata states (``WIKIDATA_STATES``), said by its keys:

- linked: ``wikidata`` (the item) with ``wikidata_checked_in``, the kind of evidence and where it is,
  as ``<kind>: <where>`` (``EVIDENCE_KINDS``);
- no item: ``wikidata_none``, why there is none (it was checked);
- unverified: ``wikidata_unverified``, why no ID could be confirmed (an item is likely, or a candidate was
  found but not confirmed), with the candidate, if any, in ``wikidata_candidate``;
- not checked: none of these keys.

>>> wikidata_state(Entity("quad", "Forum", "Quad"))
'not checked'
>>> wikidata_state(Entity("quad", "Forum", "Quad", wikidata_candidate="Q1", wikidata_unverified="one label match"))
'unverified'
>>> EVIDENCE.match("dataset: everypolitician/everypolitician-data data/Cambodia/groups.json") is not None
True
>>> EVIDENCE.match("somewhere on the web") is None
True
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problems
from .settings import display_path as _display
from .vocabulary import Vocabulary
from .yamlfile import LocatedDict, load_file

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
ENTITY_KEYS = {"type", "label", "aliases", "description", "wikidata", "wikidata_checked_in", "wikidata_none",
               "wikidata_candidate", "wikidata_unverified"}

#: The kinds of evidence that verify a Wikidata ID: material generated from Wikidata itself (pages, dumps, saved
#: query results) that pairs the ID with the entity's name; a curated dataset that records the ID for the entity;
#: public source code or data files that pair the ID with the entity's name (in queries, tables or tests); a
#: document or web page that cites the ID for the entity; a candidate a person accepted in the review file.
EVIDENCE_KINDS = ("wikidata-export", "dataset", "code", "page", "review")
EVIDENCE = re.compile(rf"^({'|'.join(EVIDENCE_KINDS)}): \S")
WIKIDATA_STATES = ("linked", "no item", "unverified", "not checked")
CODE_COLUMNS = ("iso3166_alpha2", "iso3166_alpha3", "iso3166_numeric", "un_m49", "cow_abbreviation", "cow_code",
                "fips10_4")


@dataclass
class Entity:
    """One entity of the graph, as curated."""

    slug: str
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    wikidata: str | None = None
    wikidata_checked_in: str | None = None
    wikidata_none: str | None = None
    wikidata_candidate: str | None = None
    wikidata_unverified: str | None = None
    codes: dict[str, str] = field(default_factory=dict)
    file: str = ""
    line: int = 0


def load_entities(folder: Path, crosswalk: Path, vocabulary: Vocabulary) -> dict[str, Entity]:
    """Read every entity file and the state crosswalk; raise CurationError on any problem."""
    problems = Problems()
    entities: dict[str, Entity] = {}
    for path in sorted(folder.glob("*.yaml")):
        name = _display(path)
        doc = load_file(path, name)
        if doc is None:
            continue
        if not isinstance(doc, LocatedDict):
            problems.add(name, getattr(doc, "line", None), None, "an entity file is a mapping of slug to entity")
            continue
        for slug, body in doc.items():
            entity = _entity(slug, body, name, doc.line_of(slug), vocabulary, problems)
            if entity is None:
                continue
            if slug in entities:
                first = entities[slug]
                problems.add(name, entity.line, slug, f"entity defined twice (first at {first.file}:{first.line})")
                continue
            entities[slug] = entity
    _merge_crosswalk(crosswalk, entities, _display(crosswalk), problems)
    problems.raise_if_any()
    return entities


def _entity(slug, body, file: str, line: int, vocabulary: Vocabulary, problems: Problems) -> Entity | None:
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.add(file, line, str(slug), "a slug is lower-case words joined by hyphens")
        return None
    if not isinstance(body, LocatedDict):
        problems.add(file, line, slug, "an entity is a mapping with at least `type` and `label`")
        return None
    for key in body:
        if key not in ENTITY_KEYS:
            problems.add(file, body.line_of(key), key,
                         f"unknown entity key (allowed: {', '.join(sorted(ENTITY_KEYS))})")
    type_ = body.get("type")
    if type_ not in vocabulary.classes or not vocabulary.is_a(str(type_), "Entity"):
        problems.add(file, body.line_of("type"), "type", f"{type_!r} is not an entity class of the ontology")
    label = body.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.add(file, body.line_of("label"), "label", "every entity needs an English label")
    aliases = body.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.add(file, body.line_of("aliases"), "aliases", "aliases is a list of strings")
        aliases = []
    wikidata = body.get("wikidata")
    _check_wikidata_keys(body, file, problems)
    return Entity(
        slug=slug,
        type=str(type_),
        label=str(label or ""),
        aliases=[str(a) for a in aliases],
        description=body.get("description"),
        wikidata=str(wikidata) if wikidata else None,
        wikidata_checked_in=body.get("wikidata_checked_in"),
        wikidata_none=body.get("wikidata_none"),
        wikidata_candidate=body.get("wikidata_candidate"),
        wikidata_unverified=body.get("wikidata_unverified"),
        file=file,
        line=line,
    )


def wikidata_state(entity: Entity) -> str:
    """Which of WIKIDATA_STATES the entity is in."""
    if entity.wikidata:
        return "linked"
    if entity.wikidata_none:
        return "no item"
    if entity.wikidata_unverified:
        return "unverified"
    return "not checked"


def evidence_problem(checked_in: object) -> str | None:
    """What is wrong with a verification record, or None.

    >>> evidence_problem("page: https://example.org/ cites Q1 for the entity") is None
    True
    >>> print(evidence_problem("SpocWiki/_Standards"))  # doctest: +NORMALIZE_WHITESPACE
    'SpocWiki/_Standards' does not say the kind of evidence: write <kind>: <where>, kind one of
    wikidata-export, dataset, code, page, review
    """
    if not isinstance(checked_in, str) or not checked_in.strip():
        return "a Wikidata ID needs its verification: <kind>: <where> (a URL or a repository path)"
    if not EVIDENCE.match(checked_in):
        return (f"{checked_in!r} does not say the kind of evidence: write <kind>: <where>, kind one of "
                f"{', '.join(EVIDENCE_KINDS)}")
    return None


def _check_wikidata_keys(body: LocatedDict, file: str, problems: Problems) -> None:
    """One Wikidata state per entity, each with what it needs."""
    wikidata, candidate = body.get("wikidata"), body.get("wikidata_candidate")
    for key, qid in (("wikidata", wikidata), ("wikidata_candidate", candidate)):
        if qid is not None and not QID.match(str(qid)):
            problems.add(file, body.line_of(key), key, f"{qid!r} is not a Wikidata item ID (Q...)")
    if wikidata is not None:
        problem = evidence_problem(body.get("wikidata_checked_in"))
        if problem:
            problems.add(file, body.line_of("wikidata"), "wikidata_checked_in", problem)
    elif body.get("wikidata_checked_in") is not None:
        problems.add(file, body.line_of("wikidata_checked_in"), "wikidata_checked_in",
                     "a verification record without a `wikidata` ID")
    states = [key for key in ("wikidata", "wikidata_none", "wikidata_unverified") if body.get(key) is not None]
    if len(states) > 1:
        problems.add(file, body.line_of(states[1]), states[1],
                     f"one Wikidata state per entity: linked (wikidata), no item (wikidata_none) or unverified "
                     f"(wikidata_unverified), not {' and '.join(states)}")
    none = body.get("wikidata_none")
    if none is not None and (not isinstance(none, str) or not none.strip()):
        problems.add(file, body.line_of("wikidata_none"), "wikidata_none", "say why there is no Wikidata item")
    unverified = body.get("wikidata_unverified")
    if unverified is not None and (not isinstance(unverified, str) or not unverified.strip()):
        problems.add(file, body.line_of("wikidata_unverified"), "wikidata_unverified",
                     "say why no Wikidata ID could be confirmed")
    if candidate is not None and unverified is None:
        problems.add(file, body.line_of("wikidata_candidate"), "wikidata_unverified",
                     "an unverified candidate says why it could not be confirmed (`wikidata_unverified`)")


def _merge_crosswalk(path: Path, entities: dict[str, Entity], name: str, problems: Problems) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            entity = entities.get(row["slug"])
            if entity is None:
                problems.add(name, line, "slug", f"no entity {row['slug']!r} in graph/entities")
                continue
            if entity.type != "State":
                problems.add(name, line, "slug", f"{row['slug']!r} is a {entity.type}, not a State")
            if entity.wikidata and entity.wikidata != row["wikidata"]:
                problems.add(name, line, "wikidata",
                             f"crosswalk says {row['wikidata']}, {entity.file} says {entity.wikidata}")
            if row["wikidata"]:
                problem = evidence_problem(row.get("checked_in"))
                if problem:
                    problems.add(name, line, "checked_in", problem)
            if row["wikidata"] and (entity.wikidata_none or entity.wikidata_candidate):
                problems.add(name, line, "wikidata", f"{entity.file} marks {row['slug']!r} as not linked")
            entity.wikidata = row["wikidata"] or entity.wikidata
            entity.wikidata_checked_in = row.get("checked_in") or entity.wikidata_checked_in
            entity.codes = {column: row[column] for column in CODE_COLUMNS if row.get(column)}

