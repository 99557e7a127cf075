"""The SPARQL 1.1 endpoint (``/sparql``) and the read side of the Graph Store Protocol (``/rdf-graphs``)."""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from diplograph.sparql import queryfiles
from diplograph.sparql.binding import bind_values

from .description import service_description
from .errors import not_acceptable, plain_text
from .negotiation import (
    RDFLIB_FORMATS,
    acceptable,
    choose,
    format_values,
    formats_for,
    media_type,
)
from .protocol import ProtocolError, read_request
from .service import GraphService

_FORM_KINDS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def _service(request: Request) -> GraphService:
    return request.app.state.service


def wants_html(request: Request) -> bool:
    """True for a browser that asks for a page rather than data."""
    accept = request.headers.get("accept", "")
    return accept.startswith("text/html") or ("text/html" in accept and choose("graph", accept) is None)


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol: queries by GET, form POST or direct POST; a service description without one."""
    settings = request.app.state.settings
    # percent-encoding can make a form up to three times as long as the query it carries
    body = await read_body(request, 4 * settings.max_query_bytes)
    parsed = read_request(request.method, request.url.query, request.headers.get("content-type"), body)
    if parsed.operation == "description":
        if wants_html(request) and not parsed.formats:  # a format asked for by name is served as it is
            return RedirectResponse("/query", status_code=303)
        return _description(request, parsed.formats)
    if parsed.operation == "update":
        return plain_text("This endpoint is read-only: SPARQL updates are refused.", 403)
    service = _service(request)
    service.check_size(parsed.text)
    form = service.check(parsed.text)
    formats = formats_for(request.headers.get("accept"), parsed.formats)
    if form in _FORM_KINDS and formats[_FORM_KINDS[form]] is None:
        return _no_acceptable_format(form, parsed.formats)
    reply = await service.run(parsed.text, formats={k: v or "json" for k, v in formats.items()}, dataset=parsed.dataset,
                              base=_base_iri(request))
    headers = {"Vary": "Accept"}
    if reply.truncated:
        headers["X-SPARQL-MaxRows"] = str(settings.max_rows)
    if request.query_params.get("download"):
        headers["Content-Disposition"] = f'attachment; filename="results.{reply.format}"'
    return Response(reply.body if request.method != "HEAD" else b"", media_type=media_type(reply.kind, reply.format),
                    headers=headers)


def _no_acceptable_format(form: str, named: tuple[str, ...]) -> Response:
    """406: neither the Accept header nor any format parameter names a format this kind of answer comes in."""
    also = f" The format parameters ({', '.join(named)}) name none of them." if named else ""
    kind = _FORM_KINDS[form]
    return plain_text(f"No acceptable format for the answer to {form}; "
                      f"this endpoint offers {acceptable(kind)}.{also}", 406)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, read no further than ``limit`` bytes: a larger one gets 413 before it fills memory."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body has {int(declared):,} bytes; this server takes at most {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is over {limit:,} bytes, the most this server takes")
        chunks.append(chunk)
    return b"".join(chunks)


def _base_iri(request: Request) -> str | None:
    """The endpoint's URL, the base IRI of the queries it runs (SPARQL 1.1 Protocol: the service defines it).

    The URL is built from the Host header, so only a valid IRI is used: nothing a client sends can
    close the BASE declaration and add to the query.
    """
    url = str(request.url_for("sparql"))
    try:
        return ox.NamedNode(url).value  # an IRI has no '>', space or newline
    except ValueError:
        return None


def _description(request: Request, formats: tuple[str, ...]) -> Response:
    format = choose("graph", request.headers.get("accept"), formats) or "turtle"
    endpoint = str(request.url_for("sparql"))
    graph = service_description(endpoint, request.app.state.catalogue, request.app.state.settings)
    body = graph.serialize(format=RDFLIB_FORMATS[format], encoding="utf-8")
    return Response(body, media_type=media_type("graph", format), headers={"Vary": "Accept"})


async def graph_store(request: Request) -> Response:
    """SPARQL 1.1 Graph Store Protocol, read-only: GET (or HEAD) ``?graph=IRI`` or ``?default``."""
    if request.method not in ("GET", "HEAD"):
        return plain_text("The Graph Store is read-only here: GET and HEAD only.", 405, {"Allow": "GET, HEAD"})
    names = [name for name, _ in request.query_params.multi_items()]
    graph = request.query_params.get("graph")
    if ("default" in names) == (graph is not None):
        raise ProtocolError(400, "name one graph: ?graph=IRI, or ?default for the default graph")
    return await graph_response(request, graph)


async def graph_response(request: Request, graph: str | None) -> Response:
    """A named graph (or the default graph, the union of all) in the negotiated RDF format; 404 if it is empty."""
    format = choose("graph", request.headers.get("accept"), format_values(request.query_params.multi_items()))
    if format is None:
        return not_acceptable("graph")
    service = _service(request)
    sparql = queryfiles.read("diplograph.web", "default-graph-triples")
    if graph is not None:
        try:
            bindings = {"graph": ox.NamedNode(graph)}
        except ValueError:
            raise ProtocolError(400, f"{graph!r} is not an IRI") from None
        exists = queryfiles.read("diplograph.web", "graph-exists")
        if not (await service.result(exists, bindings, max_rows=None)).boolean:
            return plain_text(f"There is no graph <{graph}>.", 404)
        sparql = bind_values(queryfiles.read("diplograph.web", "graph-triples"), bindings)
    reply = await service.run(sparql, formats={"graph": format}, max_rows=None)
    return Response(reply.body if request.method != "HEAD" else b"", media_type=media_type("graph", format),
                    headers={"Vary": "Accept"})

