"""Running a mapping over a CSV file: one node per row, linked to our entity, in one named graph with its provenance.

Every problem names the CSV file, its line and the column, and one run reports all of them (up to
``MAX_PROBLEMS``), as the build does for the curated files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from diplograph.version import __version__

from ..errors import CurationError, Problem, Problems
from .keys import AmbiguousKey, EntityIndex
from .mapping import BUILTIN_PREFIXES, DGI, QB, Mapping, template_columns

DCAT = Namespace(BUILTIN_PREFIXES["dcat"])
VOID = Namespace(BUILTIN_PREFIXES["void"])
SPDX = Namespace("http://spdx.org/rdf/terms#")  # checksums, as DCAT 3 gives them (spdx:checksum)
CSV_MEDIA_TYPE = URIRef("https://www.iana.org/assignments/media-types/text/csv")
MAX_PROBLEMS = 100  # a systematic error in a long table would otherwise bury the first, most useful messages

# Lexical forms accepted for each datatype (XML Schema 1.1, without the rarer corners such as leap seconds).
_ZONE = r"(?:Z|[+-]\d{2}:\d{2})?"
_LEXICAL = {
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)",
    "double": r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)|NaN",
    "boolean": r"true|false|1|0",
    "date": r"-?\d{4,}-\d{2}-\d{2}" + _ZONE,
    "dateTime": r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?" + _ZONE,
    "gYear": r"-?\d{4,}" + _ZONE,
    "gYearMonth": r"-?\d{4,}-(?:0[1-9]|1[0-2])" + _ZONE,
    "anyURI": r"\S*",
}


@dataclass
class ImportResult:
    """The mapped graph and what the run counted."""

    mapping: Mapping
    dataset: Dataset
    rows: int = 0
    mapped: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (CSV line, key value) of unmatched rows skipped
    entities: set[str] = field(default_factory=set)

    @property
    def graph(self) -> Graph:
        return self.dataset.graph(self.mapping.graph)

    @property
    def triples(self) -> int:
        return len(self.graph)

    def nquads(self) -> bytes:
        """The graph in N-Quads, lines sorted so that the same table gives the same file (but for its timestamps)."""
        text = self.dataset.serialize(format="nquads", encoding="utf-8").decode("utf-8")
        return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip())).encode("utf-8")


class _CappedProblems(Problems):
    """Problems, the first MAX_PROBLEMS of them."""

    def add(self, file: str | Path, line: int | None, field: str | None, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            super().add(file, line, field, message)
        elif len(self.items) == MAX_PROBLEMS:
            self.items.append(Problem(str(file), line, None, f"stopped after {MAX_PROBLEMS} problems"))


def run_import(mapping: Mapping, csv_path: Path, index: EntityIndex, *, csv_display: str | None = None,
               now: dt.datetime | None = None) -> ImportResult:
    """Map every row of ``csv_path``; raise CurationError naming file, line and column of each problem."""
    started = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    name = csv_display or str(csv_path)
    problems = _CappedProblems()
    raw = csv_path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as spreadsheet programs write, is not part of the header
    except UnicodeDecodeError as error:
        problems.add(name, raw.count(b"\n", 0, error.start) + 1, None, "not UTF-8 text; save the table as UTF-8 CSV")
        problems.raise_if_any()
    dataset = Dataset()
    result = ImportResult(mapping, dataset)
    graph = dataset.graph(mapping.graph)
    rows = _rows(text, mapping, name)
    header_line, header = next(rows, (1, []))
    positions = _header(header, header_line, mapping, name, problems)
    problems.raise_if_any()
    seen: dict[URIRef, int] = {}
    for line, cells in rows:
        result.rows += 1
        if len(cells) != len(header):
            problems.add(name, line, None, f"{len(cells)} fields; the header has {len(header)}")
            continue
        row = {column: cells[position].strip() for column, position in positions.items()}
        entity = _entity(row, line, mapping, index, name, problems, result)
        if entity is None:
            continue
        node = _node(row, line, mapping, name, problems)
        if node is None:
            continue
        if node in seen:
            problems.add(name, line, "record.id", f"<{node}> is already the IRI of line {seen[node]}'s row")
            continue
        seen[node] = line
        _map_row(graph, node, URIRef(entity), row, line, mapping, name, problems)
        result.mapped += 1
        result.entities.add(entity)
    problems.raise_if_any()
    _describe(graph, result, raw, csv_path.name, started)
    return result


def _rows(text: str, mapping: Mapping, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record, comment lines and blank lines left out."""
    state = {"start": 0}

    def lines() -> Iterator[str]:
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if mapping.comment_prefix and line.startswith(mapping.comment_prefix):
                continue
            if not state["start"]:
                state["start"] = number  # the csv reader asks for lines one at a time, so this is the record's first
            yield line

    reader = csv.reader(lines(), delimiter=mapping.delimiter, strict=True)
    while True:
        state["start"] = 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # strict: a stray quote is reported, not silently read as text
            problem = Problem(name, state["start"] or reader.line_num, None, f"not valid CSV: {error}")
            raise CurationError([problem]) from None
        if cells:
            yield state["start"], cells


def _header(header: list[str], line: int, mapping: Mapping, name: str, problems: Problems) -> dict[str, int]:
    names = [cell.strip() for cell in header]
    for column in {c for c in names if names.count(c) > 1}:
        problems.add(name, line, column, "two columns have this name")
    positions = {column: names.index(column) for column in mapping.needed_columns if column in names}
    for column in mapping.needed_columns:
        if column not in positions:
            problems.add(name, line, column, f"no such column in the header, and {mapping.display} reads it "
                                             f"(the header has: {', '.join(names) or 'nothing'})")
    return positions


def _entity(row: dict[str, str], line: int, mapping: Mapping, index: EntityIndex, name: str, problems: Problems,
            result: ImportResult) -> str | None:
    value = row[mapping.key_column]
    try:
        entity = index.resolve(mapping.key_code, value)
    except AmbiguousKey as error:
        problems.add(name, line, mapping.key_column, str(error))
        return None
    if entity is None:
        if mapping.unmatched == "skip":
            result.skipped.append((line, value))
        else:
            problems.add(name, line, mapping.key_column,
                         f"{value!r} is no entity's {mapping.key_code} code in the graph "
                         "(to skip such rows, add `unmatched: skip` to the mapping)")
    return entity


def _node(row: dict[str, str], line: int, mapping: Mapping, name: str, problems: Problems) -> URIRef | None:
    empty = [column for column in template_columns(mapping.record_id)
             if row[column] in mapping.missing or not row[column]]
    for column in empty:
        problems.add(name, line, column, f"empty, and the row's IRI ({mapping.record_id}) needs it")
    if empty:
        return None
    # every value is percent-encoded, so a value holding / or # or a space still makes one safe IRI segment
    local = re.sub(r"\{([^{}]*)\}", lambda m: quote(row[m.group(1)], safe="-._~"), mapping.record_id)
    return URIRef(f"{mapping.dataset}/{local}")


def _map_row(graph: Graph, node: URIRef, entity: URIRef, row: dict[str, str], line: int, mapping: Mapping, name: str,
             problems: Problems) -> None:
    for cls in mapping.classes:
        graph.add((node, RDF.type, cls))
    # qb:dataSet has qb:Observation as its domain, so rows of another kind are only part of the dataset
    graph.add((node, QB.dataSet if QB.Observation in mapping.classes else DCTERMS.isPartOf, mapping.dataset))
    graph.add((node, mapping.entity_property, entity))
    for column in mapping.columns:
        value = row[column.name]
        if value in mapping.missing or not value:
            continue
        if column.values is not None:
            if value not in column.values:
                problems.add(name, line, column.name, f"{value!r} is not one of the values the mapping lists "
                                                      f"({', '.join(sorted(column.values))})")
                continue
            value = column.values[value]
        try:
            graph.add((node, column.property, typed_literal(value, column.datatype)))
        except ValueError as error:
            problems.add(name, line, column.name, str(error))


def typed_literal(value: str, datatype: URIRef | None) -> Literal:
    """A literal of the datatype, its lexical form checked; ValueError when it is not one.

    >>> typed_literal("2.5", XSD.decimal)
    rdflib.term.Literal('2.5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> typed_literal("1,234", XSD.decimal)
    Traceback (most recent call last):
    ...
    ValueError: '1,234' is not an xsd:decimal
    """
    if datatype is None or datatype == XSD.string:
        return Literal(value)
    kind = str(datatype)[len(str(XSD)):]
    if not re.fullmatch(_LEXICAL[kind], value) or not _valid_date(kind, value):
        raise ValueError(f"{value!r} is not an xsd:{kind}")
    return Literal(value, datatype=datatype)


def _valid_date(kind: str, value: str) -> bool:
    """The month and day exist (the pattern alone lets 2023-02-30 through); years beyond 9999 are let be."""
    if kind not in ("date", "dateTime") or not re.match(r"\d{4}-", value):
        return True
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _checksum(graph: Graph, node: URIRef, data: bytes) -> None:
    checksum = URIRef(f"{node}-sha256")
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)))


def _describe(graph: Graph, result: ImportResult, raw: bytes, file_name: str, started: dt.datetime) -> None:
    """The import's provenance, in its own graph: the dataset, the table and mapping it came from, the run (PROV-O)."""
    mapping = result.mapping
    dataset, table, rules, run = (mapping.dataset, URIRef(f"{mapping.dataset}#csv"),
                                  URIRef(f"{mapping.dataset}#mapping"), URIRef(f"{mapping.dataset}#import"))
    ended = dt.datetime.now(dt.UTC).replace(microsecond=0)
    ended = max(ended, started)
    if QB.Observation in mapping.classes:
        graph.add((dataset, RDF.type, QB.DataSet))
    for cls in (DCAT.Dataset, PROV.Entity):
        graph.add((dataset, RDF.type, cls))
    graph.add((dataset, DCTERMS.title, Literal(mapping.title)))
    if mapping.description:
        graph.add((dataset, DCTERMS.description, Literal(mapping.description)))
    if mapping.licence:
        graph.add((dataset, DCTERMS.license, mapping.licence))
    graph.add((dataset, DCTERMS.source, Literal(file_name)))
    graph.add((dataset, PROV.wasDerivedFrom, table))
    graph.add((dataset, PROV.wasGeneratedBy, run))
    graph.add((dataset, PROV.generatedAtTime, Literal(ended)))
    graph.add((dataset, DCTERMS.created, Literal(ended)))
    graph.add((dataset, VOID.entities, Literal(result.mapped)))

    graph.add((table, RDF.type, PROV.Entity))
    graph.add((table, RDF.type, DCAT.Distribution))
    graph.add((table, DCTERMS.title, Literal(file_name)))  # the name only: a local path says nothing to anyone else
    graph.add((table, DCAT.mediaType, CSV_MEDIA_TYPE))
    graph.add((table, DCAT.byteSize, Literal(len(raw))))
    _checksum(graph, table, raw)

    graph.add((rules, RDF.type, PROV.Entity))
    graph.add((rules, DCTERMS.title, Literal(mapping.file.name)))
    _checksum(graph, rules, mapping.file.read_bytes())

    graph.add((run, RDF.type, PROV.Activity))
    graph.add((run, PROV.used, table))
    graph.add((run, PROV.used, rules))
    graph.add((run, PROV.startedAtTime, Literal(started)))
    graph.add((run, PROV.endedAtTime, Literal(ended)))
    graph.add((run, DCTERMS.description, Literal(f"diplograph {__version__} import")))
    graph.add((run, DGI.rows, Literal(result.rows)))
    graph.add((run, DGI.skippedRows, Literal(len(result.skipped))))
    graph.add((run, DGI.matchedEntities, Literal(len(result.entities))))
