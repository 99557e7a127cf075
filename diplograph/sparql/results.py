"""Query results, the same whatever store produced them.

SPARQL 1.1 Results JSON is the interchange: every backend (Oxigraph, rdflib, a remote
endpoint) can produce it, and it is itself a standard output format. Graph results
(CONSTRUCT, DESCRIBE) travel as N-Triples.

>>> result = Result.from_json(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", '
...                           b'"value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}')
>>> [row["x"].toPython() for row in result]
[1]
>>> result.serialize("csv").decode().splitlines()
['x', '1']
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from diplograph.ontology.namespaces import PREFIXES

from . import formats

SELECT_FORMATS = formats.KINDS["select"]
GRAPH_FORMATS = formats.GRAPH_FORMATS
EVIDENCE_COLUMNS = ("statement", "statements")


class Row(Mapping):
    """One solution: a read-only mapping of variable name to rdflib term (absent when unbound)."""

    __slots__ = ("_binding",)

    def __init__(self, binding: dict[str, dict]):
        self._binding = binding

    def __getitem__(self, name: str) -> Node:
        return term_from_json(self._binding[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._binding)

    def __len__(self) -> int:
        return len(self._binding)

    def __repr__(self) -> str:
        return f"Row({ {k: str(v) for k, v in self.items()} })"


@dataclass
class Result:
    """The answer to one query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    kind: str  # "select", "ask" or "graph"
    vars: list[str] = field(default_factory=list)
    bindings: list[dict[str, dict]] = field(default_factory=list)
    boolean: bool | None = None
    ntriples: bytes = b""
    truncated: bool = False

    # -- construction --------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: bytes | str | dict) -> Result:
        """From SPARQL 1.1 Results JSON."""
        doc = json.loads(data) if isinstance(data, (bytes, str)) else data
        if "boolean" in doc:
            return cls("ask", boolean=bool(doc["boolean"]))
        return cls("select", vars=list(doc.get("head", {}).get("vars", [])), bindings=list(doc["results"]["bindings"]))

    @classmethod
    def from_outcome(cls, kind: str, payload: bytes, truncated: bool = False) -> Result:
        """From a store's raw answer: ("select", JSON), ("ask", b"true"/b"false") or ("graph", N-Triples)."""
        if kind == "ask":
            result = cls("ask", boolean=payload == b"true")
        elif kind == "graph":
            result = cls.from_ntriples(payload)
        else:
            result = cls.from_json(payload)
        result.truncated = truncated
        return result

    def capped(self, max_rows: int | None) -> Result:
        """The result cut to ``max_rows`` rows (solutions or triples), marked truncated if anything was cut."""
        if max_rows is None or self.kind == "ask" or len(self) <= max_rows:
            return self
        if self.kind == "select":
            return Result("select", vars=self.vars, bindings=self.bindings[:max_rows], truncated=True)
        lines = [line for line in self.ntriples.splitlines() if line.strip()][:max_rows]
        return Result("graph", ntriples=b"\n".join(lines) + b"\n", truncated=True)

    @classmethod
    def from_ntriples(cls, data: bytes) -> Result:
        """From the N-Triples of a CONSTRUCT or DESCRIBE."""
        return cls("graph", ntriples=data)

    # -- reading ---------------------------------------------------------------------------------------

    def __iter__(self) -> Iterator:
        """Rows of a SELECT, or (s, p, o) rdflib triples of a graph result."""
        if self.kind == "select":
            return (Row(b) for b in self.bindings)
        if self.kind == "graph":
            return iter(_rdflib_triples(self.ntriples))
        raise TypeError("an ASK result has no rows: read .boolean")

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.bindings)
        if self.kind == "graph":
            return sum(1 for line in self.ntriples.splitlines() if line.strip())
        return 1

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def to_json(self) -> dict:
        """SPARQL 1.1 Results JSON, as a dict."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        if self.kind == "select":
            return {"head": {"vars": self.vars}, "results": {"bindings": self.bindings}}
        raise TypeError("a graph result has no SPARQL JSON form: serialize('turtle') instead")

    def values(self) -> list[dict[str, str]]:
        """The solutions as dicts of variable to the term's lexical value (an IRI, or a literal's text).

        >>> Result.from_json(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "https://e.x/a"}}]}}').values()
        [{'x': 'https://e.x/a'}]
        """
        return [{name: term["value"] for name, term in binding.items()} for binding in self.bindings]

    def to_dataframe(self):
        """A pandas DataFrame: one column per variable; literals as Python values, IRIs as strings."""
        import pandas as pd

        if self.kind == "graph":
            return pd.DataFrame([(str(s), str(p), _python(o)) for s, p, o in self],
                                columns=["subject", "predicate", "object"])
        if self.kind == "ask":
            return pd.DataFrame({"boolean": [bool(self.boolean)]})
        return pd.DataFrame([{v: (_python(term_from_json(b[v])) if v in b else None) for v in self.vars}
                             for b in self.bindings],
                            columns=self.vars)

    # -- writing ---------------------------------------------------------------------------------------

    def serialize(self, format: str = "json") -> bytes:
        """Serialise in a standard format: json, xml, csv, tsv (SELECT, ASK); turtle, ntriples, jsonld, xml (graphs)."""
        if self.kind == "graph":
            if format not in GRAPH_FORMATS:
                raise ValueError(f"a graph result is written as {', '.join(GRAPH_FORMATS)}, not {format!r}")
            triples = ox.parse(self.ntriples, ox.RdfFormat.N_TRIPLES)
            prefixes = PREFIXES if format == "turtle" else None
            return ox.serialize(triples, format=formats.RDF[format].rdf, prefixes=prefixes) or b""
        if format == "json":
            return json.dumps(self.to_json(), ensure_ascii=False).encode()
        if format in SELECT_FORMATS:  # the others through pyoxigraph, from the JSON
            parsed = ox.parse_query_results(self.serialize("json"), ox.QueryResultsFormat.JSON)
            return parsed.serialize(format=formats.RESULTS[format].results) or b""
        raise ValueError(f"a {self.kind.upper()} result is written as {', '.join(SELECT_FORMATS)}, not {format!r}")

    def display_columns(self, evidence: bool = False) -> list[tuple[str, str]]:
        """(header, variable) pairs a person should see: labels instead of IRIs, no statement IRIs."""
        columns = []
        for var in self.vars:
            if var in EVIDENCE_COLUMNS and not evidence:
                continue
            if var.endswith("_label") and var[: -len("_label")] in self.vars:
                continue
            shown = f"{var}_label" if f"{var}_label" in self.vars else var
            columns.append((var, shown))
        return columns

    def table_rows(self, evidence: bool = False) -> tuple[list[str], list[list[str]]]:
        """Headers and cell texts for a human-readable table."""
        if self.kind == "ask":
            return ["answer"], [["yes" if self.boolean else "no"]]
        if self.kind == "graph":
            return ["subject", "predicate", "object"], [[display(s), display(p), display(o)] for s, p, o in self]
        columns = self.display_columns(evidence)
        cells = [[display(term_from_json(b[shown])) if shown in b else "" for _, shown in columns]
                 for b in self.bindings]
        return [header for header, _ in columns], cells


def json_from_oxigraph(solutions: ox.QuerySolutions, max_rows: int) -> tuple[str, bytes, bool]:
    """SPARQL JSON for at most ``max_rows`` of pyoxigraph's solutions, reading one more to learn if any were cut."""
    names = [variable.value for variable in solutions.variables]
    bindings: list[dict[str, dict]] = []
    truncated = False
    for solution in solutions:
        if len(bindings) == max_rows:
            truncated = True
            break
        bindings.append({name: _oxigraph_term_json(solution[name]) for name in names if solution[name] is not None})
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return "select", json.dumps(document, ensure_ascii=False).encode(), truncated


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _oxigraph_term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            found["datatype"] = term.datatype.value
        return found
    return {"type": "triple", "value": {"subject": _oxigraph_term_json(term.subject),
                                        "predicate": _oxigraph_term_json(term.predicate),
                                        "object": _oxigraph_term_json(term.object)}}


# --- Terms --------------------------------------------------------------------------------------------

def term_from_json(value: dict) -> Node:
    """An rdflib term from a SPARQL JSON term object.

    >>> term_from_json({"type": "literal", "value": "2010", "datatype": "http://www.w3.org/2001/XMLSchema#gYear"})
    rdflib.term.Literal('2010', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    """
    return _term(value["type"], value["value"], value.get("xml:lang"), value.get("datatype"))


@lru_cache(maxsize=1 << 16)
def _term(kind: str, value: str, lang: str | None, datatype: str | None) -> Node:
    # Cached: an answer repeats its labels, sources, dates and levels row after row, and making an rdflib
    # Literal (which parses its value) costs more than the rest of reading a row; terms are immutable.
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        return Literal(value, lang=lang, datatype=datatype)
    raise ValueError(f"unknown SPARQL JSON term type {kind!r}")


def display(term: Node) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal text."""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return text
    return str(term)


def _python(term: Node):
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _rdflib_triples(ntriples: bytes) -> list[tuple[Node, Node, Node]]:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    return list(graph)


# --- Human-readable tables -------------------------------------------------------------------------------

def format_table(headers: list[str], rows: list[list[str]], max_width: int | None = 60) -> str:
    """A plain-text table with aligned columns; cells longer than max_width are cut with an ellipsis."""
    cut = [[_cut(cell, max_width) for cell in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cut]
    return "\n".join(lines) + "\n"


def format_markdown(headers: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured markdown table."""
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int | None) -> str:
    text = " ".join(text.split())
    return text if width is None or len(text) <= width else text[: width - 1] + "…"

