"""The mapping file of an import: which table, how its rows reach our entities, what each column becomes.

A mapping is YAML, in the spirit of RML but much smaller (RML's processors pin rdflib and pyoxigraph
versions that conflict with ours). Every problem names the mapping file, the line and the field:

>>> parse_mapping("name: votes\\nkey: {column: iso3, code: iso9}\\nrecord: {id: '{iso3}'}\\n",
...               Path("m.yaml"))  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
diplograph.graph.errors.CurationError: m.yaml:2: key.code: unknown code 'iso9'
    (known: cow, cow-abbreviation, iso-numeric, iso2, iso3, un-m49, wikidata)
>>> expand("qb:Observation", BUILTIN_PREFIXES)
rdflib.term.URIRef('http://purl.org/linked-data/cube#Observation')
>>> template_columns("{resolution}-{iso3}")
['resolution', 'iso3']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Namespace, URIRef
from rdflib.namespace import XSD

from diplograph.ontology.namespaces import BASE, GRAPH, PREFIXES

from ..errors import Problems
from ..yamlfile import LocatedDict, load_text
from .keys import CODES

IMPORT = BASE + "import/"  # row nodes live under import/<name>/, the dataset node is import/<name>
DGI = Namespace(IMPORT + "vocab#")  # terms for imported tables that no standard vocabulary has
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")

BUILTIN_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "dgi": str(DGI),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
}

DATATYPES = ("string", "integer", "decimal", "double", "boolean", "date", "dateTime", "gYear", "gYearMonth", "anyURI")
SUPPORTED_DATATYPES = {XSD[name] for name in DATATYPES}

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RESERVED_NAMES = {"vocab"}  # import/vocab# is the namespace DGI
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TEMPLATE_TEXT = re.compile(r"^[A-Za-z0-9._~/-]*$")  # what a template may hold outside its placeholders
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

TOP_KEYS = {"name", "title", "description", "source", "licence", "key", "unmatched", "missing", "delimiter",
            "comment_prefix", "record", "prefixes"}
KEY_KEYS = {"column", "code"}
RECORD_KEYS = {"id", "class", "entity_property", "columns"}
COLUMN_KEYS = {"property", "datatype", "values"}


@dataclass(frozen=True)
class Column:
    """What one CSV column becomes: a triple ``row property value`` for each non-missing cell."""

    name: str
    property: URIRef
    datatype: URIRef | None = None  # None: a plain string
    values: dict[str, str] | None = None  # a cell's value is looked up here first; an unlisted value is an error
    line: int = 0


@dataclass(frozen=True)
class Mapping:
    """A validated mapping. ``file`` is where it was read from; ``display`` names it in messages."""

    name: str
    title: str
    key_column: str
    key_code: str
    record_id: str
    classes: tuple[URIRef, ...]
    entity_property: URIRef
    columns: tuple[Column, ...]
    file: Path
    display: str
    description: str | None = None
    source: Path | None = None
    licence: URIRef | None = None
    unmatched: str = "error"
    missing: tuple[str, ...] = ("",)  # cell values that mean "no value": the empty cell, and what the mapping adds
    delimiter: str = ","
    comment_prefix: str | None = None

    @property
    def graph(self) -> URIRef:
        """The named graph the import writes: ``dgg:import/<name>``."""
        return GRAPH[f"import/{self.name}"]

    @property
    def dataset(self) -> URIRef:
        """The node that describes the imported table and its provenance."""
        return URIRef(IMPORT + self.name)

    @property
    def needed_columns(self) -> list[str]:
        """The CSV columns the mapping reads: the key first, then the mapped ones."""
        return list(dict.fromkeys([self.key_column, *(column.name for column in self.columns)]))


def template_columns(template: str) -> list[str]:
    """The column names a row-id template refers to, in order."""
    return _PLACEHOLDER.findall(template)


def expand(term: str, prefixes: dict[str, str]) -> URIRef:
    """A compact IRI (``prefix:local``) or an absolute IRI as a URIRef; ValueError when it is neither."""
    prefix, colon, local = term.partition(":")
    if colon and prefix in prefixes and not local.startswith("//"):
        return URIRef(prefixes[prefix] + local)
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", term):
        return URIRef(term)
    raise ValueError(f"{term!r} is neither an absolute IRI nor prefix:name with a known prefix")


def load_mapping(path: Path, display: str | None = None) -> Mapping:
    """Read and check a mapping file; raise CurationError listing every problem, each with file, line and field."""
    return parse_mapping(path.read_text(encoding="utf-8"), path, display)


def parse_mapping(text: str, path: Path, display: str | None = None) -> Mapping:
    """Check the text of a mapping file read from ``path`` (which relative ``source`` paths start from)."""
    display = display or str(path)
    doc = load_text(text, display)
    problems = Problems()
    if not isinstance(doc, LocatedDict):
        problems.add(display, getattr(doc, "line", 1), None,
                     "a mapping file is a YAML mapping (name, key, record, ...)")
        problems.raise_if_any()
    checker = _Checker(display, problems)
    checker.unknown_keys(doc, TOP_KEYS, "")
    prefixes = checker.prefixes(doc)
    name = checker.text(doc, "name", "name", required=True)
    if name and (not _NAME.match(name) or name in _RESERVED_NAMES):
        problems.add(display, doc.line_of("name"), "name",
                     f"{name!r} must be lower-case words joined by hyphens, "
                     f"and not {' or '.join(sorted(_RESERVED_NAMES))}")
    key = checker.section(doc, "key", "key", KEY_KEYS, required=True)
    key_column = checker.text(key, "column", "key.column", required=True)
    key_code = checker.text(key, "code", "key.code", required=True)
    if key_code and key_code not in CODES:
        problems.add(display, key.line_of("code"), "key.code",
                     f"unknown code {key_code!r} (known: {', '.join(sorted(CODES))})")
    record = checker.section(doc, "record", "record", RECORD_KEYS, required=True)
    columns = checker.columns(record, prefixes)
    record_id = checker.template(record, key_column, columns)
    classes = checker.classes(record, prefixes)
    entity_property = (checker.term(record, "entity_property", "record.entity_property", prefixes)
                       or SDMX_DIMENSION.refArea)
    unmatched = checker.text(doc, "unmatched", "unmatched") or "error"
    if unmatched not in ("error", "skip"):
        problems.add(display, doc.line_of("unmatched"), "unmatched", f"{unmatched!r}: write error or skip")
    source = checker.text(doc, "source", "source")
    licence = checker.term(doc, "licence", "licence", {})
    delimiter = checker.text(doc, "delimiter", "delimiter") or ","
    if len(delimiter) != 1:
        problems.add(display, doc.line_of("delimiter"), "delimiter", "a delimiter is one character")
    missing = checker.strings(doc, "missing", "missing")
    title, description = checker.text(doc, "title", "title"), checker.text(doc, "description", "description")
    comment_prefix = checker.text(doc, "comment_prefix", "comment_prefix")
    problems.raise_if_any()
    return Mapping(
        name=str(name), title=title or str(name), description=description,
        key_column=str(key_column), key_code=str(key_code), record_id=str(record_id), classes=classes,
        entity_property=entity_property, columns=tuple(columns), file=path, display=display,
        source=(path.parent / source) if source else None, licence=licence, unmatched=unmatched,
        missing=("", *(missing or [])), delimiter=delimiter, comment_prefix=comment_prefix,
    )


class _Checker:
    """Reads typed values out of the mapping, recording a problem (file, line, field) for each bad one."""

    def __init__(self, file: str, problems: Problems):
        self.file = file
        self.problems = problems

    def add(self, parent: LocatedDict, key: str, field: str, message: str) -> None:
        self.problems.add(self.file, parent.line_of(key), field, message)

    def unknown_keys(self, parent: LocatedDict, allowed: set[str], path: str) -> None:
        for key in parent:
            if key not in allowed:
                self.add(parent, key, f"{path}{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def text(self, parent: Any, key: str, field: str, *, required: bool = False) -> str | None:
        if not isinstance(parent, LocatedDict):
            return None
        value = parent.get(key)
        if value is None:
            if required:
                self.problems.add(self.file, parent.line, field, "missing; it is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.add(parent, key, field,
                     f"{value!r} is not a text (quote yes, no, on and off: YAML reads them as booleans)")
            return None
        return str(value)

    def strings(self, parent: LocatedDict, key: str, field: str) -> list[str] | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, (str, int)) and not isinstance(item, bool)
                                                  for item in value):
            self.add(parent, key, field, "a list of texts")
            return None
        return [str(item) for item in value]

    def section(self, parent: LocatedDict, key: str, field: str, allowed: set[str], *,
                required: bool = False) -> LocatedDict:
        value = parent.get(key)
        if isinstance(value, LocatedDict):
            self.unknown_keys(value, allowed, f"{field}.")
            value.line = parent.line_of(key)  # a key missing inside is reported at the section's own key
            return value
        if value is not None or required:
            self.add(parent, key, field, f"missing; it is a mapping of {', '.join(sorted(allowed))}" if value is None
                     else f"a mapping of {', '.join(sorted(allowed))}")
        empty = LocatedDict()
        empty.line, empty.key_lines = parent.line_of(key), {}
        return empty

    def prefixes(self, doc: LocatedDict) -> dict[str, str]:
        prefixes = dict(BUILTIN_PREFIXES)
        declared = doc.get("prefixes")
        if declared is None:
            return prefixes
        if not isinstance(declared, LocatedDict):
            self.add(doc, "prefixes", "prefixes", "a mapping of prefix to namespace IRI")
            return prefixes
        for prefix, namespace in declared.items():
            if not isinstance(prefix, str) or not _PREFIX.match(prefix):
                self.add(declared, prefix, f"prefixes.{prefix}", "a prefix is a letter, then letters, digits, - or _")
            elif not isinstance(namespace, str) or not re.match(r"^https?://\S+[#/]$", namespace):
                self.add(declared, prefix, f"prefixes.{prefix}",
                         f"{namespace!r} is not a namespace IRI (http(s)://..., ending in # or /)")
            else:
                prefixes[prefix] = namespace
        return prefixes

    def term(self, parent: LocatedDict, key: str, field: str, prefixes: dict[str, str]) -> URIRef | None:
        value = self.text(parent, key, field)
        if value is None:
            return None
        try:
            return expand(value, prefixes)
        except ValueError as error:
            self.add(parent, key, field, str(error))
            return None

    def classes(self, record: LocatedDict, prefixes: dict[str, str]) -> tuple[URIRef, ...]:
        value = record.get("class")
        if value is None:
            return (QB.Observation,)
        names = value if isinstance(value, list) else [value]
        found = []
        for name in names:
            try:
                found.append(expand(str(name), prefixes))
            except ValueError as error:
                self.add(record, "class", "record.class", str(error))
        return tuple(found)

    def template(self, record: LocatedDict, key_column: str | None, columns: list[Column]) -> str | None:
        template = self.text(record, "id", "record.id", required=True)
        if template is None:
            return None
        names = template_columns(template)
        known = {key_column, *(column.name for column in columns)}
        if not names:
            self.add(record, "id", "record.id",
                     "an id template needs at least one {column}, or every row gets the same IRI")
        for name in names:
            if name not in known:
                self.add(record, "id", "record.id",
                         f"{{{name}}} is not the key column nor a column under record.columns "
                         f"(known: {', '.join(sorted(str(k) for k in known if k))})")
        if not _TEMPLATE_TEXT.match(_PLACEHOLDER.sub("", template)):
            self.add(record, "id", "record.id",
                     "outside its {columns} a template holds only letters, digits and . _ ~ / -")
        return template

    def columns(self, record: LocatedDict, prefixes: dict[str, str]) -> list[Column]:
        declared = record.get("columns")
        if declared is None:
            return []
        if not isinstance(declared, LocatedDict):
            self.add(record, "columns", "record.columns", "a mapping of CSV column to what it becomes")
            return []
        columns = []
        for name, spec in declared.items():
            field = f"record.columns.{name}"
            if isinstance(spec, str):  # the short form: `column: prefix:property`
                body = LocatedDict({"property": spec})
                body.line, body.key_lines = declared.line_of(name), {}
                spec = body
            if not isinstance(spec, LocatedDict):
                self.add(declared, name, field,
                         "a property (prefix:name), or a mapping with property, datatype, values")
                continue
            self.unknown_keys(spec, COLUMN_KEYS, f"{field}.")
            prop = self.term(spec, "property", f"{field}.property", prefixes)
            if prop is None and "property" not in spec:
                self.add(spec, "property", f"{field}.property", "missing; it is required")
            datatype = self.term(spec, "datatype", f"{field}.datatype", prefixes)
            if datatype is not None and datatype not in SUPPORTED_DATATYPES:
                self.add(spec, "datatype", f"{field}.datatype",
                         f"{spec['datatype']!r} is not a supported datatype "
                         f"(supported: {', '.join('xsd:' + d for d in DATATYPES)})")
            values = self.values(spec, field)
            if prop is not None:
                columns.append(Column(str(name), prop, datatype, values, declared.line_of(name)))
        return columns

    def values(self, spec: LocatedDict, field: str) -> dict[str, str] | None:
        values = spec.get("values")
        if values is None:
            return None
        if not isinstance(values, LocatedDict):
            self.add(spec, "values", f"{field}.values", "a mapping of cell value to the value to write")
            return None
        result = {}
        for cell, value in values.items():
            if (isinstance(cell, bool) or isinstance(value, bool)
                    or not isinstance(cell, (str, int)) or not isinstance(value, (str, int))):
                self.add(values, cell, f"{field}.values.{cell}",
                         "keys and values are texts (quote yes, no, on and off: YAML reads them as booleans)")
                continue
            result[str(cell)] = str(value)
        return result
