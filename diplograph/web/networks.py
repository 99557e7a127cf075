"""Network views in the web app: the overview, each entity's neighbourhood, and any CONSTRUCT result.

The views are the same self-contained pages ``diplograph viz`` writes, served with a
policy of their own (inline scripts, nothing fetched) and embedded in the home and
entity pages. A double-click on a node opens its page.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx
from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from diplograph.graph.results import Result
from diplograph.viz import views
from diplograph.viz.projection import local_name

from . import params
from .errors import plain_text
from .resources import iri_for

#: The views carry their scripts inline and fetch nothing; this policy allows exactly that.
VIEW_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
               "font-src data:; frame-ancestors 'self'")


def _page(html: str) -> Response:
    return HTMLResponse(html, headers={"Content-Security-Policy": VIEW_POLICY})


async def overview(request: Request) -> Response:
    catalogue = request.app.state.catalogue
    return _page(_cached_overview(catalogue.network, params.year(request.query_params, "as_of")))


@lru_cache(maxsize=8)
def _cached_overview(network: nx.MultiDiGraph, as_of: int | None) -> str:
    return views.render(network, title="Overview: who is linked to whom", base_url="", as_of=as_of, embedded=True)


async def ego(request: Request) -> Response:
    as_of = params.year(request.query_params, "as_of")
    embedded = params.flag(request.query_params, "embedded")
    network = request.app.state.catalogue.network
    iri = iri_for(f"/id/{request.path_params['slug']}")
    if iri not in network:
        return plain_text(f"No network around {params.shown(iri)}.", 404)
    selected = views.ego(network, iri)
    return _page(views.render(selected, title=network.nodes[iri]["label"], base_url="", as_of=as_of,
                              focus={iri}, embedded=embedded))


async def construct(request: Request) -> Response:
    """The network of a CONSTRUCT (or DESCRIBE) query's triples: IRIs are nodes, triples between IRIs are edges."""
    sparql = params.single(request.query_params, "query") or ""
    service = request.app.state.service
    service.check_size(sparql)
    result = await service.result(sparql)
    if result.kind != "graph":
        return plain_text("Only a CONSTRUCT or DESCRIBE query has a network to show.", 400)
    network = triples_network(result, request.app.state.catalogue.network)
    return _page(views.render(network, title=f"Network of a CONSTRUCT result ({network.number_of_edges()} triples)",
                              base_url=""))


def triples_network(result: Result, known: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Triples as a network; nodes get their labels and classes from the graph's own network when known."""
    network = nx.MultiDiGraph()
    for number, (subject, predicate, value) in enumerate(result):
        if not isinstance(value, URIRef):
            continue  # a literal is a property of its subject, not a node
        for node in (str(subject), str(value)):
            if node not in network:
                data = known.nodes[node] if node in known else {"label": local_name(node), "kind": "", "kind_label": ""}
                network.add_node(node, **data)
        network.add_edge(str(subject), str(value), key=f"triple-{number}", relation=local_name(str(predicate)),
                         relation_label=local_name(str(predicate)), stance="", sources=[], quotes=[], start=None,
                         end=None, time="", label="")
    return network
