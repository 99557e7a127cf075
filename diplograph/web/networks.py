"""Network views in the web app: the overview, each entity's neighbourhood, and any CONSTRUCT result.

The views are the pages ``diplograph viz`` writes, less what every view shares: vis-network and the page's
script and style are files of their own here (``/views/assets/{version}/{name}``), cached by the browser for
good (their URL changes with their content), and a link's quotes are read when it is clicked
(``/views/evidence``). A view's page is then its data, sent compressed when the browser accepts it: the
overview about 30 KB, an entity's neighbourhood a few KB. Views are embedded in the home and entity pages; a
double-click on a node opens its page.

Each view is drawn in a worker process (``rendering``), never on the event loop, and its page is kept in a
cache bounded in bytes (``pagecache``), keyed by everything that changes it: the view, the entity, the year it
opens at and whether it is framed. Requests for the same page at the same time share one render.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from diplograph.sparql.results import Result
from diplograph.viz.projection import local_name

from . import params
from .errors import plain_text
from .pagecache import PageCache
from .rendering import RenderError, RenderPool, ViewJob
from .resources import iri_for
from .settings import ServerSettings

#: A served view loads its scripts and style from this server and reads quotes from it; nothing else. Its
#: data sits in JSON script elements, which are not run. (vis-network sets style attributes: 'unsafe-inline'.)
VIEW_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'")
#: What may be kept for good: each URL names its version.
IMMUTABLE = "public, max-age=31536000, immutable"
MAX_EVIDENCE = 200  # statements whose quotes one request may ask for


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
    return compressed(request, HTMLResponse(page, headers={"Content-Security-Policy": VIEW_POLICY, "X-Cache": how}))


def compressed(request: Request, response: Response) -> Response:
    """The response gzip-compressed when the client accepts it: a view's data is text that shrinks eightfold."""
    response.headers["Vary"] = "Accept-Encoding"
    if "gzip" not in request.headers.get("accept-encoding", "") or len(response.body) < 1024:
        return response
    body = gzip.compress(response.body, compresslevel=6, mtime=0)
    headers = {key: value for key, value in response.headers.items() if key not in ("content-length", "content-type")}
    return Response(body, status_code=response.status_code, media_type=response.media_type,
                    headers=headers | {"Content-Encoding": "gzip"})


async def asset(request: Request) -> Response:
    """One of the views' shared files (vis-network, the view's script and style), for good under its version."""
    from diplograph.viz import views

    name, version = request.path_params["name"], request.path_params["version"]
    if name not in views.ASSETS:
        return plain_text(f"No view file {params.shown(name)}.", 404)
    current = views.asset_version(name)
    tag = f'"{current}"'
    # an old version's URL still answers, with today's file, but may not be kept
    headers = {"ETag": tag, "Cache-Control": IMMUTABLE if version == current else "no-cache"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    media = "text/javascript" if name.endswith(".js") else "text/css"
    response = Response(views.asset_path(name).read_bytes(), media_type=media, headers=headers)
    return compressed(request, response)


async def evidence(request: Request) -> Response:
    """The quotes of some statements of the network (``?statement=IRI``, repeated): {IRI: [[source, quote]]}."""
    wanted = request.query_params.getlist("statement")[:MAX_EVIDENCE]
    index = _statements(request)
    found = {iri: [list(pair) for pair in index[iri].get("quotes", [])] for iri in wanted if iri in index}
    return compressed(request, JSONResponse(found, headers={"Cache-Control": "no-cache"}))


def _statements(request: Request) -> dict[str, dict]:
    """The network's statements by IRI, made once for the network the app holds."""
    network = request.app.state.catalogue.network
    index = getattr(request.app.state, "statement_index", None)
    if index is None or index[0] is not network:
        index = (network, {key: data for *_, key, data in network.edges(keys=True, data=True)})
        request.app.state.statement_index = index
    return index[1]


class CachedFiles(StaticFiles):
    """Static files of a pinned package, linked with its version in the query string (``?v=8.5.4``), so a
    browser may keep them for good (with their ETag, as StaticFiles sends)."""

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = IMMUTABLE
        return response


def vis_timeline(assets: Path) -> tuple[str, Path] | None:
    """vis-timeline's version and folder, when the set-up installed it (``npm ci``; pinned in package.json)."""
    import json

    folder = assets / "vis-timeline"
    try:
        version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    return (version, folder) if (folder / "standalone" / "umd" / "vis-timeline-graph2d.min.js").is_file() else None


def routes(settings: ServerSettings) -> list[BaseRoute]:
    """The views' routes: the views, their shared files, the evidence of a link, the timelines."""
    from diplograph.viz.views import ASSET_ROUTE

    from . import timelines

    found: list[BaseRoute] = [
        Route("/views/overview", overview, name="overview_view"),
        Route("/views/ego/{slug}", ego, name="ego_view"),
        Route("/views/construct", construct, name="construct_view"),
        Route(ASSET_ROUTE + "{version}/{name}", asset, name="view_asset"),
        Route("/views/evidence", evidence, name="view_evidence"),
        Route("/views/timeline/{slug}", timelines.page, name="timeline"),
        Route("/views/timeline/{slug}/{other}", timelines.page, name="pair_timeline"),
    ]
    if (timeline := vis_timeline(settings.assets)) is not None:
        _, folder = timeline
        found.append(Mount(timelines.VENDOR, CachedFiles(directory=folder), name="vis_timeline"))
    return found


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
