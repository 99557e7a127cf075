"""The dataset as a whole: its VoID and DCAT description, its downloads, and the linkage report."""

from __future__ import annotations

from rdflib import Graph, URIRef
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from diplograph.graph.linkage import LINKAGE_QUERY, linkage_report
from diplograph.graph.outputs import DATASET_NQUADS, DATASET_TRIG, VOID_TURTLE
from diplograph.graph.void import DATASET, VOID

from . import params
from .endpoint import wants_html
from .errors import not_acceptable, plain_text
from .negotiation import RDFLIB_FORMATS, choose, format_values, media_type
from .templates import render

DOWNLOADS = {DATASET_NQUADS: "application/n-quads", DATASET_TRIG: "application/trig"}


async def description(request: Request) -> Response:
    """The build's VoID and DCAT description, with this server's SPARQL endpoint added (``/.well-known/void``)."""
    path = request.app.state.settings.build / VOID_TURTLE
    if not path.is_file():
        return plain_text("This build has no dataset description: run `diplograph build` again.", 404)
    named = format_values(request.query_params.multi_items())
    browser = wants_html(request) and not named
    format = "turtle" if browser else choose("graph", request.headers.get("accept"), named)
    if format is None:
        return not_acceptable("graph")
    graph = Graph().parse(path, format="turtle")
    graph.add((DATASET, VOID.sparqlEndpoint, URIRef(str(request.url_for("sparql")))))
    # a browser is shown the Turtle as text rather than offered a file to save
    return Response(graph.serialize(format=RDFLIB_FORMATS[format], encoding="utf-8"),
                    media_type="text/plain; charset=utf-8" if browser else media_type("graph", format),
                    headers={"Vary": "Accept"})


async def download(request: Request) -> Response:
    name = request.path_params["name"]
    path = request.app.state.settings.build / name
    if name not in DOWNLOADS or not path.is_file():
        return plain_text(f"No download called {name}.", 404)
    return FileResponse(path, media_type=DOWNLOADS[name], filename=name)


async def linkage(request: Request) -> Response:
    """The linkage report: a page for a browser, JSON for everyone else (``?format=json`` or ``html`` chooses)."""
    asked = params.single(request.query_params, "format")
    if asked is not None and asked.strip().lower() not in ("json", "html"):
        return plain_text("No acceptable format; the linkage report is offered as json (application/json) "
                          "and html (text/html).", 406)
    report = linkage_report((await request.app.state.service.result(LINKAGE_QUERY, max_rows=None)).values())
    wanted = asked.strip().lower() if asked is not None else ("html" if wants_html(request) else "json")
    if wanted == "json":
        return Response(report.to_json(), media_type="application/json")
    return render(request, "linkage.html", {"report": report})
