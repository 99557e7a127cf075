"""Event-data tables from the graph: one row per interaction (``events``), one per directed pair of states and year
(``dyad-years``).

The rows are read through the store protocol with the ``.rq`` files of ``graph/queries/`` (``event-statements``,
``event-entities``, ``event-quotes``, ``dyad-partnerships``, ``dyad-stances``, ``latest-report``), so any store
holding a build gives the same tables. The codes come from the ontology's alignment (``ontology/alignment.ttl``);
the columns are described in docs/event-data.md.

Times keep the text's precision; a statement whose text gives no time has an empty ``event_date`` and says why in
``date_source``, never the document's date in its place:

>>> text_date({"time": "2024-05-16"}, "https://w3id.org/diplograph/concept/validity/dated")
('2024-05-16', 'day', 'text')
>>> text_date({"start": "2013"}, "https://w3id.org/diplograph/concept/validity/at-writing")
('2013', 'year', 'text')
>>> text_date({}, "https://w3id.org/diplograph/concept/validity/at-writing")
('', '', 'at-writing')
>>> span_years("2013", "", "2022", last_year=2024, open_ended="span")
[2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]
>>> span_years("2013", "", "", last_year=2024, open_ended="first")
[2013]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from diplograph.sparql import queryfiles
from diplograph.sparql.stores import Store

VALIDITY = "https://w3id.org/diplograph/concept/validity/"
PRECISION = {4: "year", 7: "month", 10: "day"}

#: The columns of the events table, in order (docs/event-data.md describes each).
EVENT_COLUMNS = [
    "event_id", "event_date", "date_precision", "date_source",
    "event_type", "event_mode", "contexts", "quad_code", "quad_class", "cameo_code", "cameo_root_code", "goldstein",
    "relation", "statement_kind", "stance", "directed",
    "actor_id", "actor_name", "actor_wikidata", "actor_country", "actor_cow",
    "recipient_id", "recipient_name", "recipient_wikidata", "recipient_country", "recipient_cow", "recipient_countries",
    "object_id", "object_name", "placename",
    "valid_time", "holds_from", "holds_until", "superseded_at",
    "source", "source_title", "publication_date", "quote", "quote_line",
]

QUADS = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]

#: The columns of the dyad-year table, in order.
DYAD_YEAR_COLUMNS = [
    "ccode1", "ccode2", "iso3_1", "iso3_2", "state_name1", "state_name2", "year",
    "partnership_level", "partnership_since",
    *QUADS, "cooperation", "conflict", "goldstein_total",
    "stance_1_toward_2", "stance_2_toward_1",
    "source_count", "sources", "statements",
]


def _rows(store: Store, name: str) -> list[dict[str, str]]:
    result = store.query(queryfiles.read("diplograph.graph", name))
    return [{var: row.get(var, "") for var in result.vars} for row in result.values()]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _wikidata_id(iri: str) -> str:
    return iri.rsplit("/", 1)[-1] if iri else ""


def _year(time: str) -> int:
    return int(time[:4])


def text_date(row: dict[str, str], validity: str) -> tuple[str, str, str]:
    """(date, precision, where it comes from): the text's own time (a point, else a start, else an end), or none.

    ``date_source`` is ``text`` when the text gives a time, ``at-writing`` when it speaks of the time of writing
    (the report's date is then in ``publication_date``, not here), ``none`` when it gives no time at all.
    """
    for key in ("time", "start", "end"):
        if row.get(key):
            return row[key], PRECISION.get(len(row[key]), ""), "text"
    return "", "", "at-writing" if validity == VALIDITY + "at-writing" else "none"


def span_years(holds_from: str, holds_until: str, superseded_at: str, *, last_year: int,
               open_ended: str) -> list[int]:
    """The years a statement holds in by the as_of rule (docs/curation.md#time).

    From year(holds_from) to year(holds_until); a later value ends it the year before year(superseded_at). With
    neither (a relation that holds one value at a time, not yet superseded), ``open_ended="span"`` runs it to
    ``last_year`` (the year of the latest source: the graph knows nothing later), ``"first"`` keeps its first year.
    """
    if not holds_from:
        return []
    first = _year(holds_from)
    if superseded_at:
        last = _year(superseded_at) - 1
    elif holds_until:
        last = _year(holds_until)
    else:
        last = last_year if open_ended == "span" else first
    if holds_until:
        last = min(last, _year(holds_until))
    return list(range(first, last + 1))


@dataclass
class Entity:
    """An entity's identifiers and the state it is, acts for or lies in ("" where none)."""

    iri: str
    label: str
    wikidata: str = ""
    iso3: str = ""
    cow: str = ""
    is_actor: bool = False
    is_state: bool = False
    states: set[str] = field(default_factory=set)

    @property
    def state(self) -> str:
        """The one state this entity counts for; "" when it has none or several (then it counts for none)."""
        return next(iter(self.states)) if len(self.states) == 1 else ""


def entities(store: Store) -> dict[str, Entity]:
    """Every entity by IRI, with the state it belongs to (itself, its office's, its body's or its place's)."""
    found: dict[str, Entity] = {}
    for row in _rows(store, "event-entities"):
        entity = found.setdefault(row["entity"], Entity(
            iri=row["entity"], label=row["label"], wikidata=_wikidata_id(row["wikidata"]), iso3=row["iso3"],
            cow=row["cow"], is_actor=row["is_actor"] == "true", is_state=row["is_state"] == "true"))
        if entity.is_state:
            entity.states = {entity.iri}
            continue
        # the office's state first: a person acts for the state whose office they hold, wherever they are
        for key in ("office_state", "body_state", "place_state"):
            if row[key]:
                entity.states.add(row[key])
                break
    return found


def _quotes(store: Store) -> dict[str, list[tuple[str, str]]]:
    quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _rows(store, "event-quotes"):
        quotes[row["statement"]].append((row["quote"], row["line"]))
    # by line, then text: the same on every store, whatever order its answer comes in
    for found in quotes.values():
        found.sort(key=lambda quote: (int(quote[1] or 0), quote[0]))
    return quotes


def event_table(store: Store) -> pd.DataFrame:
    """One row per statement that is an event or interaction (docs/event-data.md#the-events-table)."""
    known = entities(store)
    quotes = _quotes(store)
    by_statement: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(store, "event-statements"):
        by_statement[row["statement"]].append(row)
    records = [_event_record(rows, known, quotes.get(iri, [])) for iri, rows in by_statement.items()]
    # dated events first, in date order; then those whose text gives no date
    records.sort(key=lambda record: (record["event_date"] == "", str(record["event_date"]), record["event_id"]))
    table = pd.DataFrame.from_records(records, columns=EVENT_COLUMNS)
    # COW codes are numbers, with a gap where the actor is no state's: pandas' nullable integers keep both
    return table.astype({"actor_cow": "Int64", "recipient_cow": "Int64"})


def _event_record(rows: list[dict[str, str]], known: dict[str, Entity],
                  quotes: list[tuple[str, str]]) -> dict[str, object]:
    row = rows[0]
    actor = known.get(row["subject"]) or Entity(row["subject"], _local(row["subject"]))
    obj = known.get(row["object"]) if row["object"] else None
    counterparts = sorted((known[r["counterpart"]] for r in rows if r["counterpart"] in known),
                          key=lambda e: e.label)
    recipients = _recipients(obj, counterparts, known)
    recipient = recipients[0] if recipients else None
    countries = sorted({c for c in (_state_iso3(r, known) for r in recipients) if c})
    date, precision, date_source = text_date(row, row["validity"])
    place = known.get(row["place"]) if row["place"] else None
    return {
        "event_id": row["statement"],
        "event_date": date, "date_precision": precision, "date_source": date_source,
        "event_type": row["plover_type"], "event_mode": row["plover_mode"], "contexts": row["plover_context"],
        "quad_code": int(row["quad_code"]), "quad_class": row["quad"],
        "cameo_code": row["cameo"], "cameo_root_code": row["cameo"][:2], "goldstein": float(row["goldstein"]),
        "relation": _local(row["relation"]), "statement_kind": _local(row["kind"]), "stance": row["stance_label"],
        "directed": row["symmetric"] != "true",
        **_actor_columns("actor", actor, known),
        **_actor_columns("recipient", recipient, known),
        "recipient_countries": "|".join(countries),
        "object_id": row["object"], "object_name": obj.label if obj else "",
        "placename": place.label if place else "",
        "valid_time": _local(row["validity"]),
        "holds_from": row["holds_from"], "holds_until": row["holds_until"], "superseded_at": row["superseded_at"],
        "source": row["source"], "source_title": row["source_title"], "publication_date": row["reported"],
        "quote": " | ".join(quote for quote, _ in quotes),
        "quote_line": "|".join(line for _, line in quotes),
    }


def _recipients(obj: Entity | None, counterparts: list[Entity], known: dict[str, Entity]) -> list[Entity]:
    """The other parties: the object when it is an actor; else the statement's counterparts and the state the object
    is or lies in (a visit to Phnom Penh is a visit to Cambodia; a financed project lies in a state). The first is
    the table's recipient; all count in the dyad-years."""
    if obj is not None and obj.is_actor:
        return [obj]
    found = list(counterparts)
    if obj is not None and obj.state and obj.state in known:
        found.append(known[obj.state])
    return found


def _state_iso3(entity: Entity, known: dict[str, Entity]) -> str:
    state = known.get(entity.state)
    return state.iso3 if state else ""


def _actor_columns(prefix: str, entity: Entity | None, known: dict[str, Entity]) -> dict[str, object]:
    if entity is None:
        return {f"{prefix}_{key}": None if key == "cow" else "" for key in ("id", "name", "wikidata", "country", "cow")}
    state = known.get(entity.state)
    return {
        f"{prefix}_id": entity.iri, f"{prefix}_name": entity.label, f"{prefix}_wikidata": entity.wikidata,
        f"{prefix}_country": state.iso3 if state else "",
        f"{prefix}_cow": int(state.cow) if state and state.cow else None,
    }


def dyad_year_table(store: Store, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per directed pair of states and year the graph has evidence for (docs/event-data.md#dyad-years)."""
    known = entities(store)
    states = {e.iso3: e for e in known.values() if e.is_state and e.iso3 and e.cow}  # the panel is keyed by COW codes
    last_year = int(_rows(store, "latest-report")[0]["year"])
    events = event_table(store) if events is None else events
    cells: dict[tuple[str, str, int], Cell] = defaultdict(Cell)

    for event in events.itertuples(index=False):
        a = str(event.actor_country)
        if not a:
            continue
        # An event counts once, in the first year its evidence shows it holding: the year of the text's time,
        # or for a claim current at writing its report's (dg:holdsFrom). A relation that lasts (a partnership, a
        # stance) is reported for every year it holds, in its own columns.
        if not event.holds_from:
            continue
        year = _year(str(event.holds_from))
        for b in str(event.recipient_countries).split("|"):
            if not b or b == a:
                continue
            for pair in [(a, b)] if event.directed else [(a, b), (b, a)]:
                cells[(*pair, year)].add_event(event)

    for level in _partnership_levels(store, known, last_year):
        cells[(level.a, level.b, level.year)].add_level(level)

    for stance in _stances(store, known):
        for year in stance.years(last_year):
            cells[(stance.a, stance.b, year)].add_stance(stance, toward=True)
            cells[(stance.b, stance.a, year)].add_stance(stance, toward=False)

    records = []
    for (a, b, year), cell in sorted(cells.items()):
        first, second = states[a], states[b]
        records.append({
            "ccode1": int(first.cow), "ccode2": int(second.cow), "iso3_1": a, "iso3_2": b,
            "state_name1": first.label, "state_name2": second.label, "year": year, **cell.columns(),
        })
    table = pd.DataFrame.from_records(records, columns=DYAD_YEAR_COLUMNS)
    return table.astype({column: "int64" for column in ("ccode1", "ccode2", "year", *QUADS, "cooperation",
                                                        "conflict", "source_count")})


@dataclass(frozen=True)
class _Level:
    a: str
    b: str
    year: int
    label: str
    depth: int
    since: str
    reported: str
    source: str
    statement: str


@dataclass(frozen=True)
class _Stance:
    a: str  # the state taking the stance
    b: str  # the state whose initiative it is
    label: str
    initiative: str
    holds_from: str
    holds_until: str
    source: str
    statement: str

    def years(self, last_year: int) -> list[int]:
        return span_years(self.holds_from, self.holds_until, "", last_year=last_year, open_ended="first")


def _state_of(iri: str, known: dict[str, Entity]) -> str:
    """The ISO 3166 alpha-3 code of the state the entity named by ``iri`` stands for, or ""."""
    entity = known.get(iri)
    return _state_iso3(entity, known) if entity else ""


def _partnership_levels(store: Store, known: dict[str, Entity], last_year: int) -> Iterable[_Level]:
    """Each strategic partnership claim between two states, once per year of its supersession-derived span."""
    for row in _rows(store, "dyad-partnerships"):
        a, b = _state_of(row["subject"], known), _state_of(row["object"], known)
        if not (a and b) or a == b or not (known[row["subject"]].is_state and known[row["object"]].is_state):
            continue
        for year in span_years(row["holds_from"], row["holds_until"], row["superseded_at"], last_year=last_year,
                               open_ended="span"):
            for x, y in ((a, b), (b, a)):
                yield _Level(x, y, year, row["level_label"], int(row["depth"] or 0), row["holds_from"],
                             row["reported"], row["source"], row["statement"])


def _stances(store: Store, known: dict[str, Entity]) -> Iterable[_Stance]:
    """Stances of a state (or one acting for it) toward an initiative a state (or one acting for it) owns."""
    seen = set()
    for row in _rows(store, "dyad-stances"):
        a, b = _state_of(row["subject"], known), _state_of(row["owner"], known)
        key = (row["statement"], a, b)
        if not (a and b) or a == b or key in seen:
            continue
        seen.add(key)
        yield _Stance(a, b, row["stance_label"], row["initiative_label"], row["holds_from"], row["holds_until"],
                      row["source"], row["statement"])


@dataclass
class Cell:
    """What the graph says about one directed pair of states in one year."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(QUADS, 0))
    goldstein: float = 0.0
    levels: list[_Level] = field(default_factory=list)
    toward: set[str] = field(default_factory=set)
    from_other: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    statements: set[str] = field(default_factory=set)

    def add_event(self, event) -> None:
        self.counts[QUADS[int(event.quad_code) - 1]] += 1
        self.goldstein += float(event.goldstein)
        self.sources.add(str(event.source))
        self.statements.add(str(event.event_id))

    def add_level(self, level: _Level) -> None:
        self.levels.append(level)

    def add_stance(self, stance: _Stance, *, toward: bool) -> None:
        (self.toward if toward else self.from_other).add(f"{stance.label}: {stance.initiative}")
        self.sources.add(stance.source)
        self.statements.add(stance.statement)

    def columns(self) -> dict[str, object]:
        level = self._level()
        if level is not None:
            self.sources.add(level.source)
            self.statements.add(level.statement)
        cooperation = self.counts["verbal_cooperation"] + self.counts["material_cooperation"]
        conflict = self.counts["verbal_conflict"] + self.counts["material_conflict"]
        return {
            "partnership_level": level.label if level else "", "partnership_since": level.since if level else "",
            **self.counts, "cooperation": cooperation, "conflict": conflict,
            "goldstein_total": round(self.goldstein, 1),
            "stance_1_toward_2": "; ".join(sorted(self.toward)),
            "stance_2_toward_1": "; ".join(sorted(self.from_other)),
            "source_count": len(self.sources), "sources": " ".join(sorted(self.sources)),
            "statements": " ".join(sorted(self.statements)),
        }

    def _level(self) -> _Level | None:
        """The level in force: the latest start; for the same start year, the more specific level (sources that
        disagree, as partnership-changes decides them); then the latest source. Only its claim is evidence."""
        if not self.levels:
            return None
        return max(self.levels, key=lambda lv: (_year(lv.since), lv.depth, lv.reported, lv.statement))


def write_table(table: pd.DataFrame, output: BinaryIO | Path, table_format: str) -> None:
    """Write a table as CSV (UTF-8, a header row) or Parquet (needs pyarrow: ``pip install diplograph[parquet]``)."""
    if table_format == "parquet":
        try:
            import pyarrow  # type: ignore[import-untyped]  # noqa: F401
        except ImportError:
            raise RuntimeError("Parquet needs pyarrow: pip install 'diplograph[parquet]'") from None
        table.to_parquet(output, index=False)
        return
    table.to_csv(output, index=False, encoding="utf-8", lineterminator="\n")
