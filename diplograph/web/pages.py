"""The HTML pages and the small JSON APIs behind them."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from urllib.parse import quote

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from diplograph import queries
from diplograph.ontology.namespaces import ID, ONTOLOGY_GRAPH
from diplograph.sparql.binding import bind_values

from . import questionform
from .answers import answer_table
from .endpoint import graph_response, wants_html
from .errors import not_acceptable, plain_text
from .negotiation import ALIASES, choose, format_values, media_type
from .resources import iri_for, resource_view, source_info
from .service import GraphService, internal_query
from .sourcetext import corpus_settings, source_document
from .summary import key_facts, what_it_is
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
    sources = request.app.state.catalogue.sources
    view = await resource_view(_service(request), iri, sources)
    if view is None:
        raise HTTPException(404)
    has_network = kind == "id" and request.app.state.catalogue.network.has_node(iri) and \
        request.app.state.catalogue.network.degree(iri) > 0
    facts = []
    if kind == "id" and view.statements:
        leaders = (await _service(request).internal("leaders", resource=iri)).values()
        facts = key_facts(iri, view.statements, leaders, sources)
        if not view.description and view.types:
            view.description = what_it_is(iri, view.types[0].text, view.statements, len(view.sources), view.years)
    document = None
    if kind == "source":
        quotes = [(quote.text, statement.slug) for statement in view.statements for quote in statement.quotes
                  if quote.source_id == rest]
        settings = corpus_settings(request.app.state.settings.curate)
        document = await asyncio.to_thread(source_document, settings, rest, quotes)
    context = {"view": view, "path": path, "kind": kind, "slug": rest, "has_network": has_network,
               "facts": facts, "document": document,
               "source": source_info(rest, sources) if kind == "source" else None}
    return render(request, "resource.html", context,
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
            style, body = ontology_parts(await asyncio.to_thread(docs.read_text, encoding="utf-8"))
            return render(request, "ontology.html", {"style": style, "body": body})
        return RedirectResponse("/graph/ontology", status_code=303)
    return await graph_response(request, str(ONTOLOGY_GRAPH))


def ontology_parts(html: str) -> tuple[Markup, Markup]:
    """The ontology's documentation (written by the build) split into its style and its body, so that the page
    carries the site's header, language and landmarks around it. Its rules for the whole page are left out.

    >>> ontology_parts("<html><head><style>body { x: 1 }\\ndl { y: 2 }</style></head><body><h1>O</h1></body></html>")
    (Markup('\\ndl { y: 2 }'), Markup('<h1>O</h1>'))
    """
    style = re.search(r"<style[^>]*>(.*?)</style>", html, re.S)
    body = re.search(r"<body[^>]*>(.*)</body>", html, re.S)
    css = re.sub(r"(^|\n)\s*(html|body)\s*\{[^}]*\}", "", style.group(1) if style else "")
    return Markup(css), Markup(body.group(1) if body else html)


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
    table = await answer_table(service, result, request.app.state.catalogue.sources)
    return render(request, "named_query.html", {"query": named, "values": values, "defaults": bindings,
                                                "table": table, "result": result,
                                                "timeline": timeline_of(named.name, bindings),
                                                "query_string": request.url.query,
                                                **questionform.context(request, form)})


def timeline_of(name: str, bindings: Mapping[str, object]) -> str | None:
    """The timeline view of the two actors the relations-timeline question is about: the same claims on a time
    axis.

    >>> timeline_of("relations-timeline", {"a": "https://w3id.org/diplograph/id/cambodia",
    ...                                    "b": "https://w3id.org/diplograph/id/japan"})
    '/views/timeline/cambodia/japan'
    >>> timeline_of("relations-timeline", {"a": "https://example.org/x", "b": "https://w3id.org/diplograph/id/japan"})
    """
    if name != "relations-timeline":
        return None
    slugs = [str(getattr(bindings.get(side), "value", bindings.get(side)) or "") for side in ("a", "b")]
    if not all(slug.startswith(str(ID)) for slug in slugs):
        return None
    return "/views/timeline/" + "/".join(quote(slug.removeprefix(str(ID)), safe="") for slug in slugs)


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
