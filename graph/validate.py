"""SHACL validation of a compiled dataset, with results traced to the curated files."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

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
    same results as over :func:`union_graph`, without making that copy. A result on a
    value many statements share (a time, a concept: see ``ontology/shapes.ttl``) is
    reported once for each statement that names it, traced to its file and line.
    """
    import pyshacl

    shapes = ontology.load_shapes()
    union = getattr(data, "default_union", None)  # pySHACL sets it on a dataset: given back as it was
    try:
        conforms, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
        )
    finally:
        if isinstance(data, Dataset) and union is not None:
            data.default_union = union
    found = _Tracer(data, shapes, origins or {})
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        parent = report.value(None, SH.detail, node)
        if parent is not None and any(r.origin for r in found.results(report, parent)):
            continue  # why a nested shape failed: its parent's result names the statement, with the shape's message
        results.extend(found.results(report, node))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(results, key=lambda r: (order.get(r.severity, 3), r.origin or r.focus))


class _Tracer:
    """From a pySHACL result to the statements behind it, with the file and line of each."""

    def __init__(self, data: Graph, shapes: Graph, origins: dict[URIRef, str]):
        self.data, self.shapes, self.origins = data, shapes, origins

    def origin(self, node: Node | None) -> str | None:
        if node is None:
            return None
        return self.origins.get(node) or self.origins.get(URIRef(str(node).split("/quote-")[0]))  # type: ignore[call-overload]

    def results(self, report: Graph, node: Node) -> list[ShapeResult]:
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        severity = str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = report.value(node, SH.resultMessage)
        text = str(message) if message else "does not conform"
        origin = self.origin(focus)
        if origin is None and path is not None and report.value(path, SH.inversePath) is not None \
                and self.origin(value) is not None:
            # a rule on the statements that share a concept (sh:targetNode, an inverse path): the statement is
            # the value, and what it breaks is the shape's message
            return [ShapeResult(severity, str(value), None, text, self.origin(value))]
        named = [ShapeResult(severity, str(subject), local_name(prop), text, self.origin(subject))
                 for prop, subject in self.naming(report.value(node, SH.sourceShape), focus)]
        if named:  # a shared value (even an entity, such as a wrong unit): the statements that name it are wrong
            return named
        shown = local_name(path) if isinstance(path, URIRef) else None
        return [ShapeResult(severity, str(focus), shown, text, origin)]

    def naming(self, shape: Node | None, value: Node | None) -> list[tuple[URIRef, Node]]:
        """The (property, statement) pairs that name ``value``, when ``shape`` (or the node shape it belongs to)
        targets the objects of that property: only those with a file and line."""
        if shape is None or value is None:
            return []
        owners = [shape, *self.shapes.subjects(SH.property, shape)]
        properties = [p for owner in owners for p in self.shapes.objects(owner, SH.targetObjectsOf)]
        pairs: list[tuple[URIRef, Node]] = []
        for prop in properties:
            if isinstance(self.data, Dataset):
                subjects = {s for s, _, _, _ in self.data.quads((None, prop, value, None))}
            else:
                subjects = set(self.data.subjects(prop, value))
            pairs.extend((URIRef(str(prop)), s) for s in sorted(subjects, key=str) if self.origin(s) is not None)
        return pairs
