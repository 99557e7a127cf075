"""Timeline pages: an entity's dated statements, or two entities' together, on a time axis grouped by relation.

``/views/timeline/cambodia`` and ``/views/timeline/cambodia/japan`` (or ``/views/timeline/cambodia?with=japan``,
which redirects there). The axis is drawn by vis-timeline, pinned in package.json and served from this server
like YASGUI; each item opens its evidence (quotes, sources, the statement's page). The same items are listed in a
table under the axis, for the keyboard and screen readers, and the page works without the script.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from diplograph.ontology.namespaces import BASE
from diplograph.viz.projection import UnknownEntity, label_of
from diplograph.viz.timeline import timeline

from . import params
from .errors import plain_text
from .templates import render

#: Where vis-timeline is served: VENDOR + "/" + its package's files, linked with "?v={version}".
VENDOR = "/vendor/vis-timeline"
_ID = BASE + "id/"


def _slug(iri: str) -> str:
    return iri[len(_ID):] if iri.startswith(_ID) else iri


async def page(request: Request) -> Response:
    """The timeline of ``slug`` (and of ``other``, or ``?with=``, when given)."""
    from .networks import vis_timeline

    slug, other = request.path_params["slug"], request.path_params.get("other")
    partner = params.single(request.query_params, "with")
    if other is None and partner and partner.strip():
        return RedirectResponse(f"/views/timeline/{slug}/{partner.strip()}", status_code=303)
    network = request.app.state.catalogue.network
    try:
        found = timeline(network, _ID + slug if _ID + slug in network else slug,
                         (_ID + other if _ID + other in network else other) if other else None)
    except UnknownEntity as error:
        return plain_text(f"No timeline: {error}", 404)
    library = vis_timeline(request.app.state.settings.assets)
    title = label_of(network, found.entity) + (f" and {label_of(network, found.other)}" if found.other else "")
    data = {"items": found.items, "groups": found.groups, "base": BASE}
    return render(request, "timeline.html", {
        "title": title, "timeline": found, "data": data, "slug": _slug(found.entity),
        "other": _slug(found.other) if found.other else None, "label": label_of(network, found.entity),
        "other_label": label_of(network, found.other) if found.other else None,
        "partners": [(_slug(iri), name, count) for iri, name, count in found.partners],
        "library": VENDOR if library else None, "library_version": library[0] if library else None})
