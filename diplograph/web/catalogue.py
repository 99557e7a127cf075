"""What the server learns about the graph once, at start: counts, graphs, sources, labels and terms."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from diplograph.graph.namespaces import PREFIXES

from .search import LabelIndex, index_from_rows
from .service import GraphService


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
    from diplograph.viz.projection import add_names, network_from_rows, query_text, quotes_from_rows

    counts = (await service.internal("counts")).values()
    quotes = quotes_from_rows((await service.result(EVIDENCE_QUERY, max_rows=None)).values())
    network = network_from_rows((await service.result(query_text("network-edges"), max_rows=None)).values(),
                                (await service.result(query_text("network-nodes"), max_rows=None)).values(), quotes)
    add_names(network, (await service.result(query_text("network-names"), max_rows=None)).values())
    graphs = (await service.internal("graph-sizes")).values()
    return Catalogue(
        counts={name: int(value) for name, value in (counts[0] if counts else {}).items()},
        graphs=[(row["g"], int(row["triples"])) for row in graphs],
        sources=(await service.internal("sources")).values(),
        index=index_from_rows((await service.internal("labels")).values()),
        terms=(await service.internal("vocabulary")).values(),
        quads=service.pool.quads if service.pool else 0,
        network=network,
    )
