"""Named SPARQL queries: one ``.rq`` file per question, with a header of title, description and typed parameters.

>>> query = load("cambodia-strategic-partnerships")
>>> query.title
'Strategic partnerships of a state'
>>> [(p.name, p.type, p.default) for p in query.params]
[('country', 'iri', 'dgr:cambodia')]
>>> query.bindings({"country": "japan"})["country"]
<NamedNode value=https://w3id.org/diplograph/id/japan>

See README.md beside this file for the header format and the conventions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from diplograph.ontology.namespaces import PREFIXES
from diplograph.sparql import queryfiles

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "integer", "decimal", "year", "date", "boolean")
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)(?P<optional>\?)?"
    r"(?:\s*=\s*(?P<default>.+?))?(?:\s+--\s*(?P<description>.*))?$"
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})")


class QueryError(ValueError):
    """A named query is unknown, malformed, or given bad parameters."""


class UnknownQuery(QueryError):
    """No named query has this name; ``suggestions`` holds the nearest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no named query {_cut(name)}{hint} (`diplograph queries` lists them)")


class ParameterError(QueryError):
    """A parameter is missing, unknown, or its value does not fit its type."""


@dataclass(frozen=True)
class Param:
    """One typed parameter of a named query."""

    name: str
    type: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def to_term(self, value: object) -> ox.NamedNode | ox.Literal:
        """The RDF term for a value given on the command line or from Python."""
        try:
            return _CONVERTERS[self.type](value)
        except (ValueError, InvalidOperation) as error:
            raise ParameterError(f"parameter {self.name!r} ({self.type}): {error}") from None


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name, description, parameters and SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    path: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ordered(self) -> bool:
        """True when the query orders its rows (so row order is part of the answer)."""
        return re.search(r"\bORDER\s+BY\b", _strip_comments(self.sparql), re.IGNORECASE) is not None

    def bindings(self, values: Mapping[str, object] | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
        """Terms for every parameter: the given values, else the defaults; unknown or missing ones raise."""
        values = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            names = ", ".join(sorted(known)) or "none"
            raise ParameterError(f"{self.name} has no parameter {', '.join(map(repr, unknown))} "
                                 f"(its parameters: {names})")
        terms = {}
        for param in self.params:
            if param.name in values and values[param.name] is not None:
                terms[param.name] = param.to_term(values[param.name])
            elif param.default is not None:
                terms[param.name] = param.to_term(param.default)
            elif param.required:
                raise ParameterError(
                    f"{self.name} needs parameter {param.name!r} "
                    f"({param.type}{': ' + param.description if param.description else ''}); "
                    f"give it with --param {param.name}=VALUE")
        return terms


def parse(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read a named query's header and text."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line[1:]
        if body.startswith("  ") and current is not None and current in ("title", "description"):
            fields[current] += " " + body.strip()
            continue
        key, _, value = body.strip().partition(":")
        key = key.strip().lower()
        if key == "param":
            params.append(_param(value.strip(), name))
            current = "param"
        elif key in ("title", "description"):
            fields[key] = value.strip()
            current = key
        else:
            current = None
    if "title" not in fields and path is not None:
        raise QueryError(f"{name}: the header has no `# title:` line")
    return NamedQuery(name, fields.get("title", name), fields.get("description", ""), tuple(params), text, path)


def declares_params(text: str) -> bool:
    """True when a query text starts with a header that declares parameters."""
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                return False
            continue
        if line[1:].strip().lower().startswith("param:"):
            return True
    return False


def _param(spec: str, query_name: str) -> Param:
    match = _PARAM_LINE.match(spec)
    if not match or match.group("type") not in PARAM_TYPES:
        raise QueryError(f"{query_name}: cannot read parameter line {spec!r} "
                         f"(expected NAME TYPE[?] [= DEFAULT] [-- DESCRIPTION], TYPE one of {', '.join(PARAM_TYPES)})")
    return Param(
        name=match.group("name"),
        type=match.group("type"),
        default=match.group("default"),
        optional=bool(match.group("optional")),
        description=(match.group("description") or "").strip(),
    )


def folder() -> Path:
    """The folder of the query library."""
    return queryfiles.folder("diplograph.queries", subfolder=None)  # the library is the package's own folder


def all_queries() -> list[NamedQuery]:
    """Every named query, by name."""
    return [parse(path.read_text(encoding="utf-8"), path.stem, path) for path in sorted(folder().glob("*.rq"))]


def names() -> list[str]:
    return [path.stem for path in sorted(folder().glob("*.rq"))]


def load(name: str) -> NamedQuery:
    """The named query `name`; UnknownQuery suggests the nearest names."""
    path = queryfiles.path("diplograph.queries", name, subfolder=None)
    try:
        found = _SLUG.match(name) is not None and path.is_file()
    except OSError:  # a name longer than a file name may be, say
        found = False
    if not found:
        raise UnknownQuery(name, difflib.get_close_matches(name, names(), n=3, cutoff=0.5))
    return parse(path.read_text(encoding="utf-8"), name, path)


# --- Parameter values -----------------------------------------------------------------------------

def _cut(value: object) -> str:
    """A value as an error message quotes it: a long one is cut (a web form may send 100 KB)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:60]}… ({len(str(value)):,} characters)"


def _iri(value: object) -> ox.NamedNode:
    text = str(value).strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    elif _SLUG.match(text):
        text = PREFIXES["dgr"] + text
    if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\]+$", text):
        raise ValueError(f"{_cut(value)} is not an IRI, a prefixed name (dgr:japan) or an entity slug (japan)")
    return ox.NamedNode(text)


def _integer(value: object) -> ox.Literal:
    """A whole number in ASCII digits (``int`` alone also reads ``٢٠١٩`` and ``1_000``), at most 18 of them.

    >>> _integer(" 2019 ").value
    '2019'
    >>> _integer("٢٠١٩")
    Traceback (most recent call last):
    ...
    ValueError: '٢٠١٩' is not a whole number (digits 0-9, at most 18)
    """
    text = str(value).strip()
    if isinstance(value, bool) or not _WHOLE.fullmatch(text):
        raise ValueError(f"{_cut(value)} is not a whole number (digits 0-9, at most 18)")
    return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))


def _year(value: object) -> ox.Literal:
    literal = _integer(value)
    if not 1000 <= int(literal.value) <= 2999:
        raise ValueError(f"{_cut(value)} is not a four-digit year")
    return literal


def _decimal(value: object) -> ox.Literal:
    text = str(value).strip()
    if not _DECIMAL.fullmatch(text):  # not Decimal's NaN, Infinity, 1e5 or non-ASCII digits: xsd:decimal has none
        raise ValueError(f"{_cut(value)} is not a decimal number (such as 12.5)")
    return ox.Literal(str(Decimal(text)), datatype=ox.NamedNode(XSD + "decimal"))


def _date(value: object) -> ox.Literal:
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"{_cut(value)} is not a date (YYYY-MM-DD)")
    dt.date.fromisoformat(text)
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "date"))


def _boolean(value: object) -> ox.Literal:
    text = str(value).strip().lower()
    if text not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"{_cut(value)} is not true or false")
    return ox.Literal("true" if text in ("true", "1", "yes") else "false", datatype=ox.NamedNode(XSD + "boolean"))


def _string(value: object) -> ox.Literal:
    return ox.Literal(str(value))


_CONVERTERS: dict[str, Callable[[object], ox.NamedNode | ox.Literal]] = {
    "iri": _iri,
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "year": _year,
    "date": _date,
    "boolean": _boolean,
}


def _strip_comments(sparql: str) -> str:
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
