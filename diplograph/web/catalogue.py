"""What the server learns about the graph once, at start: counts, graphs, sources, labels and terms."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from diplograph.ontology.namespaces import PREFIXES
from diplograph.queries.lookup import NameIndex, index_from_rows
from diplograph.sparql import queryfiles

from .service import GraphService


@dataclass
class Catalogue:
    counts: dict[str, int] = field(default_factory=dict)
    graphs: list[tuple[str, int]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    index: NameIndex = field(default_factory=lambda: NameIndex([]))
    terms: list[dict[str, str]] = field(default_factory=list)
    quads: int = 0
    network: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)

    @property
    def prefixes(self) -> dict[str, str]:
        return dict(PREFIXES)


async def load_catalogue(service: GraphService) -> Catalogue:
    """Ask the graph for what every page shows; an empty graph gives an empty catalogue, not an error."""
    from diplograph.queries.evidence import EVIDENCE_QUERY
    from diplograph.viz.projection import add_names, network_from_rows, query_text, quotes_from_rows

    # Run once, before the server takes requests: under the start-up limit, not a request's (a large graph's
    # network takes longer than any one request should).
    limit = service.settings.startup_timeout

    async def rows(sparql: str) -> list[dict]:
        return (await service.result(sparql, max_rows=None, timeout=limit)).values()

    async def internal(name: str) -> list[dict]:
        return (await service.internal(name, timeout=limit)).values()

    counts = await rows(queryfiles.read("diplograph.graph", "counts"))
    quotes = quotes_from_rows(await rows(EVIDENCE_QUERY))
    network = network_from_rows(await rows(query_text("network-edges")), await rows(query_text("network-nodes")),
                                quotes)
    add_names(network, await rows(query_text("network-names")))
    graphs = await internal("graph-sizes")
    return Catalogue(
        counts={name: int(value) for name, value in (counts[0] if counts else {}).items()},
        graphs=[(row["g"], int(row["triples"])) for row in graphs],
        sources=await internal("sources"),
        index=index_from_rows(await rows(queryfiles.read("diplograph.queries", "internal/names", subfolder=None))),
        terms=await internal("vocabulary"),
        quads=service.pool.quads if service.pool else 0,
        network=network,
    )
