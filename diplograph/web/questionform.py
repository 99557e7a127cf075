"""The form of a named query's page: what a person types, read as the names it is.

A parameter that takes an IRI takes a name instead ("Vietnam", "hun sen", "belt and road", "strategic
partnership"): the catalogue's :class:`~diplograph.queries.lookup.NameIndex` finds what it names, and the IRI
found is what the query's own binding (``NamedQuery.bindings``, a VALUES block) receives. A name that fits
several things gives a page listing them, each a link that runs the query with that one; a name that fits
nothing gives a page with the nearest names. The ``source`` parameter takes a source's title as well as its id.

>>> from diplograph.queries import Param
>>> [category(Param(*spec)) for spec in [("country", "iri", "dgr:cambodia"), ("relation", "iri", "dg:memberOf"),
...                                      ("class", "iri", None, True), ("source", "string", None, True),
...                                      ("as_of", "year", "2015")]]
['entity', 'relation', 'class', 'source', None]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from diplograph.queries import NamedQuery, Param, ParameterError
from diplograph.queries.lookup import (
    Match,
    NameIndex,
    Resolution,
    expand,
    explain,
    param_category,
    short_name,
    value_of,
)
from diplograph.sparql.binding import bind_values

from . import params
from .endpoint import wants_html
from .errors import plain_text
from .templates import render

#: What each category is called on a page.
WHAT = {"entity": "entity", "relation": "relation", "class": "kind of thing", "source": "source", "measure": "measure"}


def category(param: Param) -> str | None:
    """What a parameter's value names: ``entity``, ``relation``, ``class``, ``source``, ``measure``; None for plain
    values."""
    return param_category(param.name, param.type, param.default)


@dataclass
class Field:
    """One parameter on the form: what was typed, and what it was found to name."""

    param: Param
    category: str | None
    typed: str = ""
    found: Match | None = None
    resolution: Resolution | None = None
    default: str = ""  # the default's name, shown as the field's placeholder

    @property
    def value(self) -> str | None:
        """The value the query is given: the IRI (or source id) found, else what was typed."""
        if self.found is not None:
            return value_of(self.found)
        return self.typed or None

    @property
    def shown(self) -> str:
        """What the field shows again: the name found, so the page says what it answered."""
        return self.found.label if self.found is not None and self.found.category != "iri" else self.typed


@dataclass
class Form:
    """A named query's form as read from a request."""

    query: NamedQuery
    fields: list[Field] = field(default_factory=list)
    error: str = ""

    @property
    def values(self) -> dict[str, str]:
        return {f.param.name: value for f in self.fields if (value := f.value) is not None}

    @property
    def typed(self) -> dict[str, str]:
        return {f.param.name: f.shown for f in self.fields if f.shown}

    @property
    def unresolved(self) -> list[Field]:
        return [f for f in self.fields if f.resolution is not None and f.found is None]

    @property
    def ok(self) -> bool:
        return not self.unresolved and not self.error

    def bindings(self) -> dict:
        return self.query.bindings(self.values)

    def link(self, name: str, value: str) -> str:
        """The page's URL with one value chosen, the others as they were resolved."""
        values = {key: short_name(found) for key, found in self.values.items()} | {name: value}
        return f"/queries/{self.query.name}" + (f"?{urlencode(values)}" if values else "")

    def editor_url(self) -> str:
        """The editor, opened on this query with this form's values bound (the page's own answer)."""
        values = {name: short_name(value) for name, value in self.values.items()}
        return "/query?" + urlencode({"name": self.query.name, **values})


def read(request: Request, query: NamedQuery) -> Form:
    """The form's values from the query string, each name resolved; problems are kept on the fields."""
    index: NameIndex = request.app.state.catalogue.index
    form = Form(query)
    for param in query.params:
        wanted = category(param)
        typed = (params.single(request.query_params, param.name) or "").strip()
        entry = Field(param, wanted, typed)
        if param.default is not None:
            known = index.by_iri.get(expand(param.default) or "") if wanted else None
            entry.default = known.label if known is not None else param.default
        form.fields.append(entry)
        if not typed or wanted is None:
            continue
        entry.resolution = index.resolve(typed, (wanted,))
        entry.found = entry.resolution.found
    if form.ok:
        try:
            form.bindings()
        except ParameterError as error:
            form.error = str(error)
    return form


def problem_page(request: Request, form: Form) -> Response:
    """The form again, with each name that fit several things (its choices) or nothing (the nearest names)."""
    status = 400 if form.error else 404 if any(f.resolution and f.resolution.unknown for f in form.unresolved) \
        else 200
    if not wants_html(request):  # a download or an API client: the same, in a sentence
        message = form.error or "; ".join(f"{f.param.name}: {explain(f.resolution, WHAT[f.category or 'entity'])}"
                                          for f in form.unresolved if f.resolution is not None)
        return plain_text(message, status if status != 200 else 400)  # a client must choose: not a success
    return render(request, "query_choose.html", {"query": form.query, "what": WHAT, **context(request, form)},
                  status_code=status)


def context(request: Request, form: Form) -> dict:
    """What the form's template needs: the form, and the names a relation, class, source or measure field offers."""
    index: NameIndex = request.app.state.catalogue.index
    listed = ("relation", "class", "source", "measure")
    return {"form": form, "options": {kind: options(index, kind) for kind in listed}}


def editor_text(query: NamedQuery, values: dict[str, str]) -> str:
    """A named query's text with values bound as its page binds them: the same answer in the editor.

    >>> from diplograph import queries
    >>> text = editor_text(queries.load("cambodia-strategic-partnerships"), {"country": "dgr:japan"})
    >>> "VALUES (?country) { (<https://w3id.org/diplograph/id/japan>) }" in text
    True
    """
    return bind_values(query.sparql, query.bindings(values))


def options(index: NameIndex, kind: str) -> list[Match]:
    """Everything of a category by label (the relations statements use, the classes, the sources), for a field's
    list of suggestions."""
    return sorted((Match(e.iri, e.label, e.category, e.kind) for e in index.named((kind,))),
                  key=lambda match: match.label.casefold())
