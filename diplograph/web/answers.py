"""A named query's answer as a table for people: labels, not IRIs; sources by title and date; values as numbers
with their comparator and unit; and, for every row about statements, their quotes one click away.

A query names the statements a row rests on in ``?statement`` (one IRI) or ``?statements`` (IRIs separated by
spaces); the quotes come from the evidence query, bound to those IRIs, so a query need not return them itself.
A column is left out when it is empty in every row, and so are the columns another shows already (a comparator and
unit shown with their value, a source's title and date shown with its link).

>>> table = build_table(["partner", "value", "unit", "source"],
...     [{"partner": Cell("Japan", "/id/japan"), "value": Cell("8300"), "unit": Cell(""), "source": Cell("a")}])
>>> [column.header for column in table.columns]
['partner', 'value', 'source']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from diplograph.ontology.namespaces import local_path
from diplograph.queries.evidence import EVIDENCE_QUERY, evidence_by_statement
from diplograph.sparql.binding import bind_rows
from diplograph.sparql.results import Result

from . import values
from .resources import browse_url, short
from .service import GraphService

STATEMENT_COLUMNS = ("statement", "statements")
#: Columns holding a source's identifier (chheang-2019): shown as a link with the source's title and date.
SOURCE_COLUMN = re.compile(r"^(source|source_[ab]|[a-z]+_source)$")
#: Columns a linked source already shows.
SOURCE_DETAILS = ("source_title", "source_date")
VALUE_COLUMN = re.compile(r"^(value|amount|figure)(_[ab])?$")
UNIT_LABELS = {"us dollar": "usd", "kilometre": "km", "megawatt": "mw", "percent": "percent", "count": "count"}
#: A value written as text by the query itself ("more than 9000"): its number is grouped.
_WRITTEN_FIGURE = re.compile(r"^(?P<comparator>[a-z ]*?)\s*(?P<number>-?\d+(\.\d+)?)$")


@dataclass(frozen=True)
class Cell:
    """What one cell shows: its text, where it links to (if anywhere) and a tooltip."""

    text: str
    url: str | None = None
    title: str = ""
    note: str = ""      # a smaller second line (a source's date)
    numeric: bool = False


@dataclass(frozen=True)
class Column:
    name: str
    header: str


@dataclass
class Quote:
    text: str
    line: str = ""


@dataclass
class Evidence:
    """One statement a row rests on: its page, its source and its quotes (and the other statements of the row that
    quote the same words from the same source, shown once)."""

    statement: str
    url: str
    source: Cell
    quotes: list[Quote] = field(default_factory=list)
    also: list[str] = field(default_factory=list)   # the pages of the statements with the same quotes

    @property
    def urls(self) -> list[str]:
        return [self.url, *self.also]


def merged(items: list[Evidence]) -> list[Evidence]:
    """The row's evidence with each quote shown once: statements quoting the same words from one source share it.

    >>> quote = [Quote("the same words", "3")]
    >>> [e.urls for e in merged([Evidence("a", "/a", Cell("S"), quote), Evidence("b", "/b", Cell("S"), quote)])]
    [['/a', '/b']]
    """
    kept: dict[tuple, Evidence] = {}
    for item in items:
        key = (item.source.url, tuple(quote.text for quote in item.quotes))
        if key in kept and item.quotes:
            kept[key].also.append(item.url)
        else:
            kept.setdefault(key if item.quotes else (item.url,), item)
    return list(kept.values())


@dataclass
class Row:
    cells: list[Cell]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class AnswerTable:
    columns: list[Column]
    rows: list[Row]
    has_evidence: bool = False

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def source_cell(source_id: str, sources: Mapping[str, Mapping[str, str]]) -> Cell:
    """A source by its title, linked to its page, with its date; an unknown identifier as it is.

    >>> source_cell("yen-2024", {"yen-2024": {"title": "A title", "issued": "2024-05-16"}})
    Cell(text='A title', url='/source/yen-2024', title='yen-2024', note='16 May 2024', numeric=False)
    """
    found = sources.get(source_id)
    if found is None:
        return Cell(source_id, f"/source/{source_id}" if source_id else None)
    return Cell(found.get("title", source_id), f"/source/{source_id}", title=source_id,
                note=values.date(found.get("issued", "")))


def build_table(names: list[str], rows: list[dict[str, Cell]], evidence: list[list[Evidence]] | None = None
                ) -> AnswerTable:
    """The table of cells by column name, without the columns that are empty in every row."""
    kept = [name for name in names if any(row.get(name, Cell("")).text for row in rows)]
    table_rows = [Row([row.get(name, Cell("")) for name in kept], evidence[i] if evidence else [])
                  for i, row in enumerate(rows)]
    return AnswerTable([Column(name, name.replace("_", " ")) for name in kept], table_rows,
                       has_evidence=any(row.evidence for row in table_rows))


async def answer_table(service: GraphService, result: Result, sources: list[dict[str, str]]) -> AnswerTable:
    """A result as a table for people (see the module's description), with the quotes of its statements."""
    if result.kind != "select":
        headers, texts = result.table_rows()
        return build_table(headers, [dict(zip(headers, (Cell(text) for text in row), strict=True))
                                     for row in texts])
    by_id = {source["id"]: source for source in sources if "id" in source}
    variables = list(result.vars)
    columns = [var for var, _ in result.display_columns()]
    absorbed = _absorbed(variables, result.bindings)
    if any(SOURCE_COLUMN.match(var) for var in columns):
        absorbed |= set(SOURCE_DETAILS)
    shown = [var for var in columns if var not in absorbed and not _only_statements(var, result.bindings)]
    rows = [{var: _cell(var, binding, by_id) for var in shown} for binding in result.bindings]
    statements = [_statements(binding) for binding in result.bindings]
    quotes = await _quotes(service, sorted({iri for row in statements for iri in row}), by_id)
    evidence = [merged([Evidence(iri, browse_url(iri), *quotes.get(iri, (Cell(""), []))) for iri in row])
                for row in statements]
    return build_table(shown, rows, evidence)


def _only_statements(var: str, bindings: list[dict]) -> bool:
    """A column of statement IRIs only (an amount's node): the evidence column links them already."""
    found = [binding[var] for binding in bindings if var in binding]
    return bool(found) and all(term["type"] == "uri" and "/statement/" in term["value"] for term in found)


def _absorbed(variables: list[str], bindings: list[dict]) -> set[str]:
    """The comparator and unit columns, when every row that has one shows it with its value."""
    has_value = [any(VALUE_COLUMN.match(var) and var in binding for var in variables) for binding in bindings]
    absorbed: set[str] = set()
    for var in ("comparator", "comparator_label", "unit", "unit_label", "currency", "currency_label"):
        if var in variables and all(ok or var not in binding for ok, binding in zip(has_value, bindings, strict=True)):
            absorbed.add(var)
    return absorbed


def _cell(var: str, binding: dict[str, dict], sources: Mapping[str, Mapping[str, str]]) -> Cell:
    term = binding.get(var)
    if term is None:
        return Cell("")
    if term["type"] == "uri":
        label = binding.get(f"{var}_label", {}).get("value", "")
        if SOURCE_COLUMN.match(var) and (path := local_path(term["value"])) and path.startswith("/source/"):
            return source_cell(path.removeprefix("/source/"), sources)
        return Cell(label or short(term["value"]), browse_url(term["value"]))
    shown = binding.get(f"{var}_label", term)
    if SOURCE_COLUMN.match(var):
        return source_cell(shown["value"], sources)
    if VALUE_COLUMN.match(var):
        return _figure(var, binding)
    if "year" in var or var in {"hops", "ordinal"}:  # a year is not a quantity: 2019, not 2,019
        return Cell(shown["value"], numeric=True)
    text = values.literal(shown)
    return Cell(text, numeric=shown.get("datatype", "") in values.NUMBERS)


def _figure(var: str, binding: dict[str, dict]) -> Cell:
    """A value or amount with its comparator and unit, when the row gives them."""
    term = binding[var]
    comparator = binding.get("comparator_label", {}).get("value", "")
    unit = binding.get("unit", binding.get("currency", {})).get("value", "")
    if not unit:
        label = binding.get("unit_label", binding.get("currency_label", {})).get("value", "")
        unit = UNIT_LABELS.get(label.lower(), label)
    if "datatype" in term and term["datatype"] in values.NUMBERS:
        return Cell(values.quantity(term["value"], comparator, unit), numeric=True)
    if (written := _WRITTEN_FIGURE.match(term["value"])) is not None:
        text = values.number(written["number"])
        return Cell(f"{written['comparator']} {text}".strip(), numeric=True)
    return Cell(values.literal(term))


def _statements(binding: dict[str, dict]) -> list[str]:
    """The statements a row rests on: ``?statement``, or the IRIs listed in ``?statements``."""
    found: list[str] = []
    for var in STATEMENT_COLUMNS:
        if var in binding:
            found.extend(iri for iri in binding[var]["value"].split() if iri.startswith(("http://", "https://")))
    return list(dict.fromkeys(found))


async def _quotes(service: GraphService, statements: list[str], sources: Mapping[str, Mapping[str, str]]
                  ) -> dict[str, tuple[Cell, list[Quote]]]:
    """The source and quotes of each statement, by its IRI."""
    if not statements:
        return {}
    query = bind_rows(EVIDENCE_QUERY, ["statement"], [[ox.NamedNode(iri)] for iri in statements])
    found = evidence_by_statement((await service.result(query, max_rows=None)).values())
    return {statement: (source_cell(quotes[0][0], sources),
                        [Quote(text, line) for _, line, text in sorted(quotes, key=lambda q: int(q[1] or 0))])
            for statement, quotes in found.items()}

