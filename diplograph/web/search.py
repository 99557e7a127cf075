"""The search box: names (with "did you mean"), the quoted evidence and the source texts.

Names are matched in Python over the catalogue's :class:`~diplograph.queries.lookup.NameIndex`; the quotes and
the source lines through the build's full-text index (:mod:`.fulltext`). Neither puts the search string into
a SPARQL query.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from diplograph.queries.lookup import SEARCHED, Match

from . import params
from .fulltext import TextIndex
from .resources import browse_url
from .templates import render

#: Names the page lists at most, and the statements and source lines.
NAMES, PASSAGES = 50, 40


def _hit(match: Match) -> dict[str, object]:
    return {"iri": match.iri, "label": match.label, "kind": match.kind, "matched": match.matched,
            "url": browse_url(match.iri), "short": match.short}


async def search_api(request: Request) -> Response:
    """Autocomplete: ``/api/search?q=camb`` gives the best matches over labels and aliases, as JSON; the near
    names ("did you mean") when nothing contains the text. ``category=entity`` (or ``relation``, ``class``,
    ``source``, ``concept``, ``measure``; repeatable) narrows what is searched."""
    text = params.single(request.query_params, "q") or ""
    limit = params.limit(request.query_params, "limit", default=10, most=50)
    wanted = [c for c in request.query_params.getlist("category") if c] or list(SEARCHED)
    index = request.app.state.catalogue.index
    hits = index.search(text, limit, wanted) or index.suggest(text, limit, wanted)
    return JSONResponse([_hit(hit) for hit in hits])


async def search_page(request: Request) -> Response:
    """``/search?q=...``: the names that fit, or the nearest ones; the statements whose quotes say it; the lines
    of the sources that say it, those no statement is drawn from marked as such."""
    text = params.single(request.query_params, "q") or ""
    index = request.app.state.catalogue.index
    hits = index.search(text, NAMES)
    near = [] if hits else index.suggest(text, 5)
    texts = TextIndex.of(request.app.state.settings.build)
    statements = texts.statements(text, PASSAGES) if texts else []
    lines = texts.lines(text, PASSAGES) if texts else []
    return render(request, "search.html", {"text": text, "hits": hits, "near": near, "statements": statements,
                                           "lines": lines, "indexed": texts is not None})
