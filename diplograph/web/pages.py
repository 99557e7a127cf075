"""The HTML pages and the small JSON APIs behind them."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from diplograph import queries
from diplograph.ontology.namespaces import ONTOLOGY_GRAPH
from diplograph.sparql.binding import bind_values
from diplograph.sparql.results import Result

from . import questionform
from .endpoint import graph_response, wants_html
from .errors import not_acceptable, plain_text
from .negotiation import ALIASES, choose, format_values, media_type
from .resources import Term, iri_for, resource_view
from .service import GraphService, internal_query
from .templates import render

RESOURCE_KINDS = ("id", "statement", "source", "concept", "graph", "agent")
EXTENSIONS = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "xml"}


def _service(request: Request) -> GraphService:
    return request.app.state.service


async def home(request: Request) -> Response:
    return render(request, "home.html", {})


# --- resources -------------------------------------------------------------------------------------------

async def resource(request: Request) -> Response:
    """Any IRI we mint: an HTML page for a browser; Turtle, N-Triples, JSON-LD or RDF/XML by Accept or extension."""
    kind, rest = request.path_params["kind"], request.path_params["rest"]
    if kind not in RESOURCE_KINDS or not rest:
        raise HTTPException(404)
    path = f"/{kind}/{rest}"
    stem, dot, extension = path.rpartition(".")
    format = None
    if dot and extension in EXTENSIONS and "/" not in extension:
        path, format = stem, EXTENSIONS[extension]
    elif not wants_html(request):
        format = choose("graph", request.headers.get("accept"), format_values(request.query_params.multi_items()))
        if format is None:
            return not_acceptable("graph", also="text/html")
    iri = iri_for(path)
    if kind == "graph" and format is not None:
        return await graph_response(request, iri)
    if format is not None:
        return await _resource_rdf(request, iri, format)
    view = await resource_view(_service(request), iri)
    if view is None:
        raise HTTPException(404)
    has_network = kind == "id" and request.app.state.catalogue.network.has_node(iri) and \
        request.app.state.catalogue.network.degree(iri) > 0
    return render(request, "resource.html", {"view": view, "path": path, "has_network": has_network},
                  headers={"Vary": "Accept", "Link": f'<{path}.ttl>; rel="alternate"; type="text/turtle"'})


async def _resource_rdf(request: Request, iri: str, format: str) -> Response:
    query = internal_query("resource-rdf")
    bound = await _service(request).result(query.sparql, query.bindings({"resource": iri}), max_rows=None)
    if not bound:
        return plain_text(f"Nothing is known about <{iri}>.", 404)
    return Response(bound.serialize(format), media_type=media_type("graph", format), headers={"Vary": "Accept"})


async def ontology(request: Request) -> Response:
    """The ontology: its documentation for a browser, its triples for everyone else."""
    if wants_html(request):
        docs = request.app.state.settings.build / "ontology" / "index.html"
        if docs.is_file():
            return FileResponse(docs, media_type="text/html; charset=utf-8")
        return RedirectResponse("/graph/ontology", status_code=303)
    return await graph_response(request, str(ONTOLOGY_GRAPH))


# --- queries ---------------------------------------------------------------------------------------------

async def gallery(request: Request) -> Response:
    return render(request, "gallery.html", {"queries": queries.all_queries()})


async def named_query(request: Request) -> Response:
    """A named query's page: its form, and its answer as a table; ``.csv`` or ``.json`` downloads the answer."""
    name, dot, extension = request.path_params["name"].partition(".")
    named = queries.load(name)
    form = questionform.read(request, named)  # names typed in the form, resolved to what they name
    if not form.ok:
        return questionform.problem_page(request, form)
    values, bindings = form.typed, form.bindings()
    service = _service(request)
    if dot:
        format = ALIASES["select"].get(extension)
        if format is None:
            raise HTTPException(404)
        reply = await service.run(bind_values(named.sparql, bindings),
                                  formats={"select": format, "ask": "json", "graph": "turtle"})
        return Response(reply.body, media_type=media_type(reply.kind, reply.format),
                        headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'})
    result = await service.result(named.sparql, bindings)
    return render(request, "named_query.html", {"query": named, "values": values, "defaults": bindings,
                                                "table": result_table(result), "result": result,
                                                "query_string": request.url.query,
                                                **questionform.context(request, form)})


def result_table(result: Result) -> tuple[list[str], list[list[Term]]]:
    """Headers and cells of a result, IRIs shown by label and linked to their pages."""
    if result.kind != "select":
        headers, texts = result.table_rows()
        return headers, [[Term(cell) for cell in row] for row in texts]
    columns = result.display_columns()
    rows = []
    for binding in result.bindings:
        cells = []
        for var, shown in columns:
            term = binding.get(var)
            if term is None:
                cells.append(Term(""))
            elif term["type"] == "uri":
                label = binding.get(shown, {}).get("value", "") if shown != var else ""
                cells.append(Term(term["value"], label, True))
            else:
                cells.append(Term(binding.get(shown, term)["value"]))
        rows.append(cells)
    return [header for header, _ in columns], rows


# --- small APIs ------------------------------------------------------------------------------------------

async def vocabulary_api(request: Request) -> Response:
    """Prefixes, classes and properties, for the editor's autocompletion."""
    catalogue = request.app.state.catalogue
    return JSONResponse({"prefixes": catalogue.prefixes,
                         "classes": [t for t in catalogue.terms if t.get("kind") == "class"],
                         "properties": [t for t in catalogue.terms if t.get("kind") == "property"]})


async def health(request: Request) -> Response:
    pool = _service(request).pool
    failure = pool.start_error if pool else None  # a worker that was killed could not be replaced: fewer run
    return JSONResponse({"status": "degraded" if failure else "ok", "quads": pool.quads if pool else 0,
                         "workers": pool.size if pool else 0,
                         "idle": pool.idle if pool else 0, "restarts": pool.restarts if pool else 0,
                         # "none": the query workers cannot open network sockets (no SERVICE is allowed)
                         "worker_network": "none" if pool and pool.offline else "open",
                         **({"worker_start_error": failure} if failure else {})})
