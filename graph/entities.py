"""The entity registry: every entity a fact may name, with its labels and identifiers.

Entities are curated in ``graph/entities/*.yaml`` (one file per kind); states'
codes come from the crosswalk ``graph/data/states.csv``.
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
ENTITY_KEYS = {"type", "label", "aliases", "description", "wikidata", "wikidata_checked_in", "holders"}
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
    codes: dict[str, str] = field(default_factory=dict)
    several_holders: bool = False  # an office that several people hold at once (`holders: several`)
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
    if wikidata is not None:
        if not QID.match(str(wikidata)):
            problems.add(file, body.line_of("wikidata"), "wikidata", f"{wikidata!r} is not a Wikidata item ID (Q...)")
        elif not body.get("wikidata_checked_in"):
            problems.add(file, body.line_of("wikidata"), "wikidata_checked_in",
                         "a Wikidata ID needs the place where it was verified")
    holders = body.get("holders")
    if holders is not None and (holders != "several" or not vocabulary.is_a(str(type_), "Office")):
        problems.add(file, body.line_of("holders"), "holders",
                     "`holders: several` marks an office that several people hold at once; nothing else is allowed")
    return Entity(
        slug=slug,
        type=str(type_),
        label=str(label or ""),
        aliases=[str(a) for a in aliases],
        description=body.get("description"),
        wikidata=str(wikidata) if wikidata else None,
        wikidata_checked_in=body.get("wikidata_checked_in"),
        several_holders=holders == "several",
        file=file,
        line=line,
    )


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
            entity.wikidata = row["wikidata"] or entity.wikidata
            entity.wikidata_checked_in = row.get("checked_in") or entity.wikidata_checked_in
            entity.codes = {column: row[column] for column in CODE_COLUMNS if row.get(column)}

