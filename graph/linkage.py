"""The linkage report: how much of the graph is linked to Wikidata, by class, and what is not.

Every entity with a verified Wikidata item carries ``dg:wikidata`` (a sub-property of
``skos:exactMatch``) and ``dg:wikidataCheckedIn``, the place the ID was checked. States
also carry the codes other datasets join on. The report counts both, per class, and
lists the entities still unlinked, so curators know what to verify next.

>>> report = linkage_report([
...     {"entity": "https://w3id.org/diplograph/id/cambodia", "label": "Cambodia", "class_label": "state",
...      "wikidata": "http://www.wikidata.org/entity/Q424", "iso3": "KHM", "cow": "811"},
...     {"entity": "https://w3id.org/diplograph/id/hun-sen", "label": "Hun Sen", "class_label": "person"}])
>>> [(row.kind, row.entities, row.linked) for row in report.classes]
[('person', 1, 0), ('state', 1, 1)]
>>> report.coverage, [entity.label for entity in report.unlinked]
(0.5, ['Hun Sen'])
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


@dataclass
class ClassCoverage:
    kind: str
    entities: int = 0
    linked: int = 0

    @property
    def coverage(self) -> float:
        return self.linked / self.entities if self.entities else 0.0


@dataclass
class Unlinked:
    iri: str
    label: str
    kind: str


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

    def table(self) -> tuple[list[str], list[list[str]]]:
        rows = [[row.kind, str(row.entities), str(row.linked), f"{row.coverage:.0%}"] for row in self.classes]
        rows.append(["all", str(self.entities), str(self.linked), f"{self.coverage:.0%}"])
        return ["class", "entities", "linked to Wikidata", "coverage"], rows

    def to_json(self) -> str:
        return json.dumps({"entities": self.entities, "linked": self.linked, "coverage": round(self.coverage, 4),
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
        if unlinked and self.unlinked:
            parts.append(write(["unlinked entity", "class", "IRI"], [[e.label, e.kind, e.iri] for e in self.unlinked]))
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
        coverage = classes.setdefault(kind, ClassCoverage(kind))
        coverage.entities += 1
        if row.get("wikidata"):
            coverage.linked += 1
        else:
            unlinked.append(Unlinked(iri, row.get("label", iri), kind))
        if kind == "state":
            states += 1
            for name in CODES:
                codes[name] += 1 if row.get(name) else 0
    return LinkageReport(sorted(classes.values(), key=lambda row: (-row.entities, row.kind)),
                           sorted(unlinked, key=lambda entity: (entity.kind, entity.label)),
                           {name: (codes[name], states) for name in CODES})
