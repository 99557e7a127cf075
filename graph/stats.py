"""Counts that describe a built dataset: entities, statements, sources and links."""

from __future__ import annotations

from dataclasses import dataclass, field

from diplograph.ontology.namespaces import local_name
from diplograph.sparql import queryfiles
from diplograph.sparql.stores import Store


def query(name: str) -> str:
    """The text of one of the stats queries (``graph/queries/NAME.rq``)."""
    return queryfiles.read("diplograph.graph", name)


@dataclass
class Stats:
    """Rows of (label, count) for each table `diplograph stats` prints."""

    entities_by_class: list[tuple[str, int]]
    statements_by_kind: list[tuple[str, int]]
    statements_by_relation: list[tuple[str, int]]
    statements_by_source: list[tuple[str, str, int, int]]
    links: dict[str, int]
    #: Distinct entities and statements (``counts.rq``): not sums of the tables, where an entity with two
    #: classes (or a statement of two kinds) is in two rows.
    total_entities: int = 0
    total_statements: int = 0
    #: (source, dated, current at writing, timeless, superseded) per source
    valid_time_by_source: list[tuple[str, int, int, int, int]] = field(default_factory=list)


def _rows(store: Store, name: str) -> list[dict[str, str]]:
    """The rows of the stats query ``name``, as plain values."""
    result = store.query(query(name))
    return [{var: row.get(var, "") for var in result.vars} for row in result.values()]


def compute_stats(store: Store) -> Stats:
    """Run the stats queries over a store holding a built dataset (any backend)."""
    links_row = _rows(store, "links")[0]
    counts = _rows(store, "counts")[0]
    return Stats(
        entities_by_class=[(local_name(r["class"]), int(r["count"])) for r in _rows(store, "entities-by-class")],
        statements_by_kind=[(local_name(r["kind"]), int(r["count"])) for r in _rows(store, "statements-by-kind")],
        statements_by_relation=[(local_name(r["relation"]), int(r["count"]))
                                for r in _rows(store, "statements-by-relation")],
        statements_by_source=[(r["id"], r["title"], int(r["count"]), int(r["quotes"]))
                              for r in _rows(store, "statements-by-source")],
        links={key: int(value) for key, value in links_row.items()},
        total_entities=int(counts["entities"]),
        total_statements=int(counts["statements"]),
        valid_time_by_source=[(r["id"], int(r["dated"] or 0), int(r["at_writing"] or 0), int(r["timeless"] or 0),
                               int(r["superseded"] or 0)) for r in _rows(store, "valid-time-by-source")],
    )


def format_stats(stats: Stats) -> str:
    """Stats as plain-text tables for a terminal."""
    lines = [f"{stats.total_entities} entities, {stats.total_statements} statements", ""]
    lines += _table("Entities by class", ["class", "entities"], stats.entities_by_class)
    lines += _table("Statements by kind", ["kind", "statements"], stats.statements_by_kind)
    lines += _table("Statements by relation", ["relation", "statements"], stats.statements_by_relation)
    lines += _table("Statements by source", ["source", "title", "statements", "quotes"], stats.statements_by_source)
    lines += _table("Valid time by source (what the text says about when each statement holds)",
                    ["source", "dated", "at writing", "timeless", "superseded"], stats.valid_time_by_source)
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
