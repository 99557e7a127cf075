"""SHACL validation of a compiled dataset, with results traced to the curated files."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from diplograph import ontology
from diplograph.ontology.namespaces import SH, local_name


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL result: where (focus node, path), how bad (severity) and why (message)."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    message: str
    origin: str | None = None  # file:line of the curated fact or entity behind the focus node

    def __str__(self) -> str:
        where = self.origin or self.focus
        path = f" {self.path}:" if self.path else ""
        return f"{where}:{path} {self.message} [{self.severity}]"


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one graph, as SHACL sees the data."""
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def validate_shapes(data: Graph, origins: dict[URIRef, str] | None = None) -> list[ShapeResult]:
    """Run pySHACL over ``data``, a graph or a dataset; return every result, violations first.

    pySHACL validates a dataset as the union of its graphs, each triple once: the
    same results as over :func:`union_graph`, without making that copy.
    """
    import pyshacl

    union = getattr(data, "default_union", None)  # pySHACL sets it on a dataset: given back as it was
    try:
        conforms, report, _ = pyshacl.validate(
            data,
            shacl_graph=ontology.load_shapes(),
            inference="none",
            advanced=False,
            allow_warnings=True,
        )
    finally:
        if isinstance(data, Dataset) and union is not None:
            data.default_union = union
    results = [_result(report, node, origins or {}) for node in report.subjects(RDF.type, SH.ValidationResult)]
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(results, key=lambda r: (order.get(r.severity, 3), r.origin or r.focus))


def _result(report: Graph, node, origins: dict[URIRef, str]) -> ShapeResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    severity = str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1]
    message = report.value(node, SH.resultMessage)
    origin = origins.get(focus) or origins.get(URIRef(str(focus).split("/quote-")[0]))
    return ShapeResult(
        severity=severity,
        focus=str(focus),
        path=local_name(path) if path is not None else None,
        message=str(message) if message else "does not conform",
        origin=origin,
    )

