"""The query editor's page and the two small APIs it calls: a query's check, and names for completion.

``/query?name=Q&param=value`` opens the named query ``Q`` with its parameters bound exactly as its page binds
them (the same VALUES block), so the editor gives the page's answer. ``/api/check`` reads a query as the
endpoint will and says, briefly, what is wrong (a syntax error, a misspelled keyword, an unknown prefix) or
worth a look (a term in our namespaces that the ontology or the graph does not hold, with the nearest one).
"""

from __future__ import annotations

import difflib
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from diplograph import queries
from diplograph.ontology.namespaces import PREFIXES
from diplograph.queries.lookup import NameIndex, short_name
from diplograph.sparql.stores.errors import QuerySyntaxError, unknown_prefix
from diplograph.sparql.syntax import analyse, written_iris

from . import params, questionform
from .templates import render

ONTOLOGY, ENTITIES = PREFIXES["dg"], PREFIXES["dgr"]


async def editor(request: Request) -> Response:
    """The query editor (YASGUI), with our prefixes and the named queries as examples; ``name`` opens one of
    them, its parameters (given by name or IRI, as on its page) bound."""
    examples = [{"name": q.name, "title": q.title, "description": q.description, "query": q.sparql}
                for q in queries.all_queries()]
    preset = params.single(request.query_params, "name")
    if preset is not None and preset not in queries.names():
        raise params.BadParameter(f"name: no named query is called {params.shown(preset)} (/queries lists them)")
    initial = params.single(request.query_params, "query") or ""
    request.app.state.service.check_size(initial)  # a query the endpoint would refuse is not offered for editing
    bound = None
    if preset is not None:
        form = questionform.read(request, queries.load(preset))
        if form.ok:
            bound = questionform.editor_text(form.query, form.values)
    return render(request, "editor.html", {"examples": examples, "preset": preset, "bound": bound,
                                           "yasgui": request.app.state.yasgui, "initial": initial})


def check(text: str, terms: set[str], index: NameIndex) -> dict[str, object]:
    """What the editor shows beside a query: ``error`` (it will not run) or ``warnings`` (it runs, but a term
    of ours in it is not one the ontology or the graph holds).

    >>> from diplograph.queries.lookup import Named
    >>> index = NameIndex([Named(ENTITIES + "cambodia", "Cambodia")])
    >>> check("ASK { ?s foo:bar ?o }", set(), index)["error"]  # doctest: +ELLIPSIS
    'SPARQL syntax error at line 1, column 10: unknown prefix foo: declare it (PREFIX foo: <...>); known prefixes: ...'
    >>> check("PREFIX dg: <" + ONTOLOGY + "> PREFIX dgr: <" + ENTITIES + "> "
    ...       "ASK { dgr:cambodai dg:strategicPartnr ?x }", {ONTOLOGY + "strategicPartner"}, index)["warnings"]
    ['line 1: dgr:cambodai names nothing in the graph; did you mean dgr:cambodia (Cambodia)?', \
'line 1: dg:strategicPartnr is not a term of the ontology; did you mean dg:strategicPartner?']
    """
    try:
        analyse(text)
    except QuerySyntaxError as error:
        return {"error": str(error), "warnings": []}
    used = written_iris(text)
    for written in used:
        if written.iri is None:  # the engine refuses it too, with a list of every character a name may hold
            return {"error": str(QuerySyntaxError(unknown_prefix(written.prefix, text), written.line, written.column)),
                    "warnings": []}
    ours = sorted(term[len(ONTOLOGY):] for term in terms if term.startswith(ONTOLOGY))
    warnings: list[str] = []
    for written in used:
        message = None
        if written.iri is None:
            continue
        if written.iri.startswith(ONTOLOGY) and written.iri not in terms:
            local = written.iri[len(ONTOLOGY):]
            near = difflib.get_close_matches(local, ours, n=1, cutoff=0.7)
            message = (f"line {written.line}: {written.text} is not a term of the ontology"
                       + (f"; did you mean dg:{near[0]}?" if near else " (the ontology page lists its terms)"))
        elif written.iri.startswith(ENTITIES) and written.iri not in index:
            found = index.resolve(written.iri)
            nearest = found.found or next(iter(found.choices or found.suggestions), None)
            message = (f"line {written.line}: {written.text} names nothing in the graph"
                       + (f"; did you mean {short_name(nearest.iri)} ({nearest.label})?" if nearest else ""))
        if message and message not in warnings:
            warnings.append(message)
    return {"error": None, "warnings": warnings}


async def check_api(request: Request) -> Response:
    """``/api/check?query=...`` (or a POSTed form): the query's error or warnings, as JSON."""
    if request.method == "POST":  # an HTML form's body (application/x-www-form-urlencoded)
        body = await request.body()
        request.app.state.service.check_size(body.decode("utf-8", "replace"))
        text = (parse_qs(body.decode("utf-8", "replace")).get("query") or [""])[0]
    else:
        text = params.single(request.query_params, "query") or ""
    request.app.state.service.check_size(text)
    catalogue = request.app.state.catalogue
    return JSONResponse(check(text, {str(term["term"]) for term in catalogue.terms}, catalogue.index))
