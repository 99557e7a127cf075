"""Jinja2 templates, escaped by default: every label and quote comes from RDF literals and is shown as text."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from diplograph.version import __version__

from .resources import browse_url, short

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(str(Path(str(resources.files("diplograph.web") / "templates")))),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters["browse"] = browse_url
_ENVIRONMENT.filters["short"] = short
_ENVIRONMENT.filters["number"] = lambda value: f"{int(value):,}"


def _json_script(value: object) -> Markup:
    """JSON safe to place inside <script type="application/json">: no "</script>" can close it early."""
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


_ENVIRONMENT.filters["json_script"] = _json_script
_ENVIRONMENT.globals["version"] = __version__


def render(request: Request, name: str, context: dict, status_code: int = 200,
           headers: dict | None = None) -> HTMLResponse:
    """A page from a template, with the request and the app's catalogue at hand."""
    catalogue = getattr(request.app.state, "catalogue", None)
    page = _ENVIRONMENT.get_template(name).render(request=request, catalogue=catalogue, **context)
    return HTMLResponse(page, status_code=status_code, headers=headers)
