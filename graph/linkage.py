"""The linkage report: how much of the graph is linked to Wikidata, by class, and what is not, and why.

Every entity is in one of four Wikidata states (see ``graph/CURATION.md``):

- **linked**: ``dg:wikidata`` (a sub-property of ``skos:exactMatch``) with ``dg:wikidataCheckedIn``, how the
  ID was verified (``<kind>: <where>``);
- **no item**: ``dg:wikidataNoItem``, checked, and Wikidata has no item for it; the value says why;
- **unverified**: ``dg:wikidataUnverified``, why no ID could be confirmed, with ``dg:wikidataCandidate``, the
  item that may be the entity, when one was found;
- **not checked**: none of these yet.

States also carry the codes other datasets join on. The report counts the states per class, and lists every
entity that is not linked with its state and reason, so curators know what to verify next.

>>> report = linkage_report([
...     {"entity": "https://w3id.org/diplograph/id/cambodia", "label": "Cambodia", "class_label": "state",
...      "wikidata": "http://www.wikidata.org/entity/Q424", "iso3": "KHM", "cow": "811"},
...     {"entity": "https://w3id.org/diplograph/id/hun-sen", "label": "Hun Sen", "class_label": "person"},
...     {"entity": "https://w3id.org/diplograph/id/oliver-ward", "label": "Oliver Ward", "class_label": "person",
...      "no_item": "no item for this author"},
...     {"entity": "https://w3id.org/diplograph/id/quad", "label": "Quad", "class_label": "forum",
...      "candidate": "http://www.wikidata.org/entity/Q1", "unverified": "a label match only"}])
>>> [(row.kind, row.entities, row.linked, row.no_item, row.unverified, row.not_checked) for row in report.classes]
[('person', 2, 0, 1, 0, 1), ('forum', 1, 0, 0, 1, 0), ('state', 1, 1, 0, 0, 0)]
>>> report.coverage, report.states()
(0.25, {'linked': 1, 'no item': 1, 'unverified': 1, 'not checked': 1})
>>> [(entity.label, entity.state, entity.note) for entity in report.unlinked]  # doctest: +NORMALIZE_WHITESPACE
[('Hun Sen', 'not checked', ''), ('Quad', 'unverified', 'candidate Q1: a label match only'),
 ('Oliver Ward', 'no item', 'no item for this author')]
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from diplograph.sparql import queryfiles
from diplograph.sparql.results import format_markdown, format_table

LINKAGE_QUERY = queryfiles.read("diplograph.graph", "linkage")

CODES = {"iso2": "ISO 3166-1 alpha-2", "iso3": "ISO 3166-1 alpha-3", "isonum": "ISO 3166-1 numeric", "m49": "UN M49",
         "cow": "Correlates of War", "fips": "FIPS 10-4"}

#: The four states, in the order the report lists them (the same names as ``graph.entities.WIKIDATA_STATES``).
STATES = ("linked", "no item", "unverified", "not checked")
#: The order unlinked entities are listed in: what is left to do first.
TO_DO = ("not checked", "unverified", "no item")
WD = "http://www.wikidata.org/entity/"


@dataclass
class ClassCoverage:
    kind: str
    entities: int = 0
    linked: int = 0
    no_item: int = 0
    unverified: int = 0
    not_checked: int = 0

    @property
    def coverage(self) -> float:
        return self.linked / self.entities if self.entities else 0.0

    def count(self, state: str) -> None:
        self.entities += 1
        name = state.replace(" ", "_")
        setattr(self, name, getattr(self, name) + 1)


@dataclass
class Unlinked:
    iri: str
    label: str
    kind: str
    state: str = "not checked"
    note: str = ""  # why there is no item, or the candidate and why it is unverified


@dataclass
class LinkageReport:
    classes: list[ClassCoverage] = field(default_factory=list)
    unlinked: list[Unlinked] = field(default_factory=list)
    codes: dict[str, tuple[int, int]] = field(default_factory=dict)  # code name → (states with it, states)

    @property
    def entities(self) -> int:
        return sum(row.entities for row in self.classes)

    @property
    def linked(self) -> int:
        return sum(row.linked for row in self.classes)

    @property
    def coverage(self) -> float:
        return self.linked / self.entities if self.entities else 0.0

    def states(self) -> dict[str, int]:
        """How many entities are in each state."""
        return {state: sum(getattr(row, state.replace(" ", "_")) for row in self.classes) for state in STATES}

    def in_state(self, state: str) -> list[Unlinked]:
        return [entity for entity in self.unlinked if entity.state == state]

    def table(self) -> tuple[list[str], list[list[str]]]:
        def cells(row) -> list[str]:
            return [str(row.entities), str(row.linked), str(row.no_item), str(row.unverified), str(row.not_checked),
                    f"{row.coverage:.0%}"]

        rows = [[row.kind, *cells(row)] for row in self.classes]
        total = ClassCoverage("all", self.entities, self.linked, *(self.states()[s] for s in STATES[1:]))
        rows.append(["all", *cells(total)])
        return ["class", "entities", "linked to Wikidata", "no item (checked)", "unverified", "not checked yet",
                "coverage"], rows

    def to_json(self) -> str:
        return json.dumps({"entities": self.entities, "linked": self.linked, "coverage": round(self.coverage, 4),
                           "states": self.states(),
                           "classes": [asdict(row) | {"coverage": round(row.coverage, 4)} for row in self.classes],
                           "state_codes": {name: {"with": have, "states": total}
                                           for name, (have, total) in self.codes.items()},
                           "unlinked": [asdict(entity) for entity in self.unlinked]}, indent=2, ensure_ascii=False)

    def render(self, format: str = "table", unlinked: bool = True) -> str:
        """The report as a plain-text table, markdown, or JSON."""
        if format == "json":
            return self.to_json() + "\n"
        write = format_markdown if format == "markdown" else format_table
        headers, rows = self.table()
        parts = [write(headers, rows)]
        parts.append(write(["state code", "states with it"],
                           [[CODES[name], f"{have} of {total}"] for name, (have, total) in self.codes.items()]))
        if unlinked:
            for state, title, note in (("not checked", "not checked yet", None),
                                       ("unverified", "unverified", "why (and the candidate, if any)"),
                                       ("no item", "no Wikidata item (checked)", "why")):
                entities = self.in_state(state)
                if entities:
                    headers = [title, "class"] + ([note] if note else []) + ["IRI"]
                    parts.append(write(headers, [[e.label, e.kind] + ([e.note] if note else []) + [e.iri]
                                                 for e in entities]))
        return "\n".join(parts)


def linkage_report(rows: list[dict[str, str]]) -> LinkageReport:
    """The report from the rows of LINKAGE_QUERY (plain values)."""
    by_entity: dict[str, dict[str, str]] = {}
    for row in rows:
        merged = by_entity.setdefault(row["entity"], {})
        for name, value in row.items():
            merged.setdefault(name, value)
    classes: dict[str, ClassCoverage] = {}
    unlinked = []
    codes: dict[str, int] = defaultdict(int)
    states = 0
    for iri, row in by_entity.items():
        kind = row.get("class_label", "entity")
        state, note = _state(row)
        classes.setdefault(kind, ClassCoverage(kind)).count(state)
        if state != "linked":
            unlinked.append(Unlinked(iri, row.get("label", iri), kind, state, note))
        if kind == "state":
            states += 1
            for name in CODES:
                codes[name] += 1 if row.get(name) else 0
    return LinkageReport(sorted(classes.values(), key=lambda row: (-row.entities, row.kind)),
                         sorted(unlinked, key=lambda entity: (TO_DO.index(entity.state), entity.kind, entity.label)),
                         {name: (codes[name], states) for name in CODES})


def _state(row: dict[str, str]) -> tuple[str, str]:
    if row.get("wikidata"):
        return "linked", ""
    if row.get("no_item"):
        return "no item", row["no_item"]
    if row.get("unverified"):
        candidate = row.get("candidate")
        return "unverified", (f"candidate {candidate.removeprefix(WD)}: " if candidate else "") + row["unverified"]
    return "not checked", ""
