"""The event-data alignment of the ontology (``alignment.ttl``) as rows and as the table the docs show.

Each relation, statement kind and stance carries ``dg:eventAlignment``: aligned to a PLOVER event type and a
CAMEO code (with quad class and Goldstein score), aligned through its stance or its relations, or not an event.

>>> rows = alignment_rows()
>>> visited = next(row for row in rows if row.term == "visited")
>>> (visited.cameo, visited.plover, visited.mode, visited.quad, visited.goldstein)
('042', 'CONSULT', 'visit', 'verbal cooperation', '1.9')
>>> next(row for row in rows if row.term == "memberOf").alignment
'not an event'
>>> markdown_table(rows[:1]).splitlines()[0]
'| term | kind | alignment | PLOVER type | mode | context | CAMEO | CAMEO name | quad class | Goldstein |'
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from .namespaces import DG

_STANCE = "https://w3id.org/diplograph/concept/stance/"
_ORDER = {"relation": 0, "statement kind": 1, "stance": 2}


@dataclass(frozen=True)
class AlignmentRow:
    """One term's alignment, every code as the ontology writes it ("" where it has none)."""

    term: str
    kind: str  # relation, statement kind or stance
    alignment: str  # the label of its dg:eventAlignment
    plover: str
    mode: str
    context: str
    cameo: str
    cameo_label: str
    quad: str
    goldstein: str


def alignment_rows(graph: Graph | None = None) -> list[AlignmentRow]:
    """Every term with a ``dg:eventAlignment``: relations, then statement kinds, then stances, each by name."""
    if graph is None:
        from . import load

        graph = load()

    def text(term: URIRef, prop: URIRef) -> str:
        value = graph.value(term, prop)
        return "" if value is None else str(value)

    rows = []
    for term, kind_iri in graph.subject_objects(DG.eventAlignment):
        if not isinstance(term, URIRef) or not isinstance(kind_iri, URIRef):
            continue
        name = str(term)
        if name.startswith(_STANCE):
            kind, local = "stance", name[len(_STANCE):]
        else:
            local = name.rsplit("#", 1)[-1]
            kind = "statement kind" if local[:1].isupper() else "relation"
        quad = graph.value(term, DG.quadClass)
        rows.append(AlignmentRow(
            term=local, kind=kind, alignment=text(kind_iri, RDFS.label),
            plover=text(term, DG.ploverEventType), mode=text(term, DG.ploverMode),
            context=text(term, DG.ploverContext), cameo=text(term, DG.cameoCode),
            cameo_label=text(term, DG.cameoLabel),
            quad=text(quad, RDFS.label) if isinstance(quad, URIRef) else "",
            goldstein=_one_decimal(text(term, DG.goldstein)),
        ))
    return sorted(rows, key=lambda row: (_ORDER[row.kind], row.alignment == "not an event", row.term))


def _one_decimal(value: str) -> str:
    """A Goldstein score as GDELT's table writes it, with one decimal ("8" is "8.0")."""
    return f"{float(value):.1f}" if value else ""


def markdown_table(rows: list[AlignmentRow]) -> str:
    """The rows as a Markdown table (the one docs/event-data.md shows, written by docs/generate_alignment.py)."""
    lines = ["| term | kind | alignment | PLOVER type | mode | context | CAMEO | CAMEO name | quad class | Goldstein |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        cells = [f"`{row.term}`", row.kind, row.alignment, row.plover, row.mode, row.context,
                 f"`{row.cameo}`" if row.cameo else "", row.cameo_label, row.quad, row.goldstein]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
