"""What the server learns about the graph once, at start: counts, graphs, sources, labels and terms."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from diplograph.graph.namespaces import PREFIXES
from diplograph.graph.results import Result

from .search import LabelIndex, index_from_rows
from .service import GraphService


def plain_rows(result: Result) -> list[dict[str, str]]:
    """Rows as dicts of variable to the term's lexical value (IRI or literal text)."""
    return [{name: term["value"] for name, term in binding.items()} for binding in result.bindings]


@dataclass
class Catalogue:
    counts: dict[str, int] = field(default_factory=dict)
    graphs: list[tuple[str, int]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    index: LabelIndex = field(default_factory=lambda: LabelIndex([]))
    terms: list[dict[str, str]] = field(default_factory=list)
    quads: int = 0
    network: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)

    @property
    def prefixes(self) -> dict[str, str]:
        return dict(PREFIXES)


async def load_catalogue(service: GraphService) -> Catalogue:
    """Ask the graph for what every page shows; an empty graph gives an empty catalogue, not an error."""
    from diplograph.api import EVIDENCE_QUERY
    from diplograph.viz.projection import network_from_rows, query_text

    counts = plain_rows(await service.internal("counts"))
    quotes: dict[str, list[tuple[str, str]]] = {}
    for row in plain_rows(await service.result(EVIDENCE_QUERY, max_rows=None)):
        quotes.setdefault(row["statement"], []).append((row["source"], row["quote"]))
    network = network_from_rows(plain_rows(await service.result(query_text("network-edges"), max_rows=None)),
                                plain_rows(await service.result(query_text("network-nodes"), max_rows=None)), quotes)
    graphs = plain_rows(await service.internal("graph-sizes"))
    return Catalogue(
        counts={name: int(value) for name, value in (counts[0] if counts else {}).items()},
        graphs=[(row["g"], int(row["triples"])) for row in graphs],
        sources=plain_rows(await service.internal("sources")),
        index=index_from_rows(plain_rows(await service.internal("labels"))),
        terms=plain_rows(await service.internal("vocabulary")),
        quads=service.pool.quads if service.pool else 0,
        network=network,
    )
