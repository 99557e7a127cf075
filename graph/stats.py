"""Counts that describe a built dataset: entities, statements, sources and links."""

from __future__ import annotations

from dataclasses import dataclass

from diplograph.ontology.namespaces import PREFIXES, local_name
from diplograph.sparql.stores import Store

_PREFIX_HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

ENTITIES_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?count) WHERE {
  GRAPH dgg:entities { ?entity a ?class }
} GROUP BY ?class ORDER BY DESC(?count) ?class"""

STATEMENTS_BY_KIND = """
SELECT ?kind (COUNT(DISTINCT ?statement) AS ?count) WHERE {
  GRAPH ?g { ?statement dg:subject ?subject ; a ?kind }
} GROUP BY ?kind ORDER BY DESC(?count) ?kind"""

STATEMENTS_BY_RELATION = """
SELECT ?relation (COUNT(DISTINCT ?statement) AS ?count) WHERE {
  GRAPH ?g { ?statement dg:predicate ?relation }
} GROUP BY ?relation ORDER BY DESC(?count) ?relation"""

STATEMENTS_BY_SOURCE = """
SELECT ?id ?title (COUNT(DISTINCT ?statement) AS ?count) (COUNT(DISTINCT ?quote) AS ?quotes) WHERE {
  GRAPH dgg:sources { ?source dcterms:identifier ?id ; dcterms:title ?title ; dg:factsGraph ?g }
  OPTIONAL { GRAPH ?g { ?statement prov:wasDerivedFrom ?source ; dg:evidence ?quote } }
} GROUP BY ?id ?title ORDER BY ?id"""

LINKS = """
SELECT
  (COUNT(DISTINCT ?linked) AS ?wikidata)
  (COUNT(DISTINCT ?iso) AS ?iso3166)
  (COUNT(DISTINCT ?cow) AS ?correlatesOfWar)
  (COUNT(DISTINCT ?fips) AS ?fips104)
WHERE { GRAPH dgg:entities {
  { ?linked dg:wikidata ?q } UNION { ?iso dg:iso3166Alpha3 ?a }
  UNION { ?cow dg:cowCode ?c } UNION { ?fips dg:fips104 ?f }
} }"""


@dataclass
class Stats:
    """Rows of (label, count) for each table `diplograph stats` prints."""

    entities_by_class: list[tuple[str, int]]
    statements_by_kind: list[tuple[str, int]]
    statements_by_relation: list[tuple[str, int]]
    statements_by_source: list[tuple[str, str, int, int]]
    links: dict[str, int]

    @property
    def total_entities(self) -> int:
        return sum(count for _, count in self.entities_by_class)

    @property
    def total_statements(self) -> int:
        return sum(count for _, count in self.statements_by_kind)


def _rows(store: Store, query: str) -> list[dict[str, str]]:
    result = store.query(_PREFIX_HEADER + query)
    return [{name: row.get(name, "") for name in result.vars} for row in result.values()]


def compute_stats(store: Store) -> Stats:
    """Run the stats queries over a store holding a built dataset (any backend)."""
    links_row = _rows(store, LINKS)[0]
    return Stats(
        entities_by_class=[(local_name(r["class"]), int(r["count"])) for r in _rows(store, ENTITIES_BY_CLASS)],
        statements_by_kind=[(local_name(r["kind"]), int(r["count"])) for r in _rows(store, STATEMENTS_BY_KIND)],
        statements_by_relation=[(local_name(r["relation"]), int(r["count"]))
                                for r in _rows(store, STATEMENTS_BY_RELATION)],
        statements_by_source=[(r["id"], r["title"], int(r["count"]), int(r["quotes"]))
                              for r in _rows(store, STATEMENTS_BY_SOURCE)],
        links={key: int(value) for key, value in links_row.items()},
    )


def format_stats(stats: Stats) -> str:
    """Stats as plain-text tables for a terminal."""
    lines = [f"{stats.total_entities} entities, {stats.total_statements} statements", ""]
    lines += _table("Entities by class", ["class", "entities"], stats.entities_by_class)
    lines += _table("Statements by kind", ["kind", "statements"], stats.statements_by_kind)
    lines += _table("Statements by relation", ["relation", "statements"], stats.statements_by_relation)
    lines += _table("Statements by source", ["source", "title", "statements", "quotes"], stats.statements_by_source)
    lines += _table("Links to external identifiers", ["identifier", "entities"], sorted(stats.links.items()))
    return "\n".join(lines).rstrip() + "\n"


def _table(title: str, headers: list[str], rows: list[tuple]) -> list[str]:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [bool(cells) and all(r[i].isdigit() for r in cells) for i in range(len(headers))]

    def fmt(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if numeric[i] else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return [title, fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells] + [""]
