"""Network views in the web app: the overview, each entity's neighbourhood, and any CONSTRUCT result.

The views are the same self-contained pages ``diplograph viz`` writes, served with a
policy of their own (inline scripts, nothing fetched) and embedded in the home and
entity pages. A double-click on a node opens its page.

Each view is drawn in a worker process (``rendering``), never on the event loop, and its page is kept in a
cache bounded in bytes (``pagecache``), keyed by everything that changes it: the view, the entity, the year it
opens at and whether it is framed. Requests for the same page at the same time share one render.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from diplograph.sparql.results import Result
from diplograph.viz.projection import local_name

from . import params
from .errors import plain_text
from .pagecache import PageCache
from .rendering import RenderError, RenderPool, ViewJob
from .resources import iri_for
from .settings import ServerSettings

#: The views carry their scripts inline and fetch nothing; this policy allows exactly that.
VIEW_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
               "font-src data:; frame-ancestors 'self'")


@dataclass
class ViewService:
    """The views' renderer (worker processes) and the cache of their pages, bounded in bytes."""

    cache: PageCache
    pool: RenderPool

    @classmethod
    def for_settings(cls, settings: ServerSettings) -> ViewService:
        # one render process: on two cores a second one slows the server's own (see ``rendering``)
        return cls(PageCache(settings.view_cache_bytes), RenderPool(size=1, queue_wait=settings.queue_wait))

    async def stop(self) -> None:
        await self.pool.stop()


def _views(request: Request) -> ViewService:
    return request.app.state.views


async def _page(job: ViewJob, request: Request, *, cached: bool = True) -> Response:
    """The view's page, from the cache when it is there (the ``X-Cache`` header says which), else drawn."""
    views = _views(request)
    try:
        if cached:
            page, how = await views.cache.get(job.key, lambda: views.pool.render(job))
        else:
            page, how = await views.pool.render(job), "miss"
    except RenderError as error:
        headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else None
        return plain_text(f"View not available: {error}", 503, headers)
    return HTMLResponse(page, headers={"Content-Security-Policy": VIEW_POLICY, "X-Cache": how})


async def overview(request: Request) -> Response:
    """The whole network (``?as_of=YEAR`` opens it at a year)."""
    return await _page(ViewJob("overview", as_of=params.year(request.query_params, "as_of"), embedded=True), request)


async def ego(request: Request) -> Response:
    """An entity's neighbourhood (``?as_of=YEAR``; ``?embedded=1`` when framed in its page)."""
    as_of = params.year(request.query_params, "as_of")
    embedded = params.flag(request.query_params, "embedded")
    network = request.app.state.catalogue.network
    iri = iri_for(f"/id/{request.path_params['slug']}")
    if iri not in network:
        return plain_text(f"No network around {params.shown(iri)}.", 404)
    return await _page(ViewJob("ego", entity=iri, as_of=as_of, embedded=embedded), request)


async def construct(request: Request) -> Response:
    """The network of a CONSTRUCT (or DESCRIBE) query's triples: IRIs are nodes, triples between IRIs are edges."""
    sparql = params.single(request.query_params, "query") or ""
    service = request.app.state.service
    service.check_size(sparql)
    result = await service.result(sparql)
    if result.kind != "graph":
        return plain_text("Only a CONSTRUCT or DESCRIBE query has a network to show.", 400)
    network = triples_network(result, request.app.state.catalogue.network)
    # not cached: the page is as large as the query's answer, and a query is rarely drawn twice
    job = ViewJob("construct", title=f"Network of a CONSTRUCT result ({network.number_of_edges()} triples)",
                  network=network)
    return await _page(job, request, cached=False)


def triples_network(result: Result, known: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Triples as a network; nodes get their labels and classes from the graph's own network when known."""
    network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
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
