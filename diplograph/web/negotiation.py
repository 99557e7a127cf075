"""Content negotiation: which serialisation a client gets, from its Accept header or a ``format`` parameter.

>>> choose("select", "text/csv;q=0.5, application/sparql-results+xml")
'xml'
>>> choose("graph", "text/html,application/xhtml+xml,*/*;q=0.8")     # a browser: our first choice
'turtle'
>>> choose("ask", "text/csv") is None                                 # ASK has no CSV form
True

Clients name formats in URL parameters too, each its own way: SPARQLWrapper sends ``format``, ``output`` and
``results`` together, each twice (a short name, then a media type); Virtuoso-style clients send a media type. A
named format wins over Accept; a name this server does not know is passed over, and Accept decides:

>>> choose("select", "text/tab-separated-values", ["tsv", "text/tab-separated-values"])
'tsv'
>>> choose("graph", "application/rdf+xml", ["rdf+xml", "application/rdf+xml"])
'xml'
>>> choose("select", "text/csv", ["no-such-format"])
'csv'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import mimeparse

from diplograph.sparql import formats

#: Per kind of answer: (format name, media type) in order of preference: each format's own media type first,
#: then the others it is also sent for (``application/json``, ``text/plain``...). The format names are those
#: of ``Result.serialize``; every table here is read from ``diplograph.sparql.formats``.
OFFERS: dict[str, list[tuple[str, str]]] = {
    kind: [(f.name, f.media_types[0]) for f in formats.offered(kind)]
    + [(f.name, media) for f in formats.offered(kind) for media in f.media_types[1:]]
    for kind in formats.KINDS}

#: The media type each format is served as.
MEDIA_TYPES: dict[str, dict[str, str]] = {
    kind: {f.name: f.media_type for f in formats.offered(kind)} for kind in formats.KINDS}

#: Per kind of answer: the short names a ``format`` parameter (or a file extension) may use. ``json`` and ``xml``
#: mean JSON-LD and RDF/XML for a graph; ``n3`` gets Turtle, which every N3 reader reads.
ALIASES: dict[str, dict[str, str]] = {
    kind: {alias: f.name for f in formats.offered(kind) for alias in f.aliases} for kind in formats.KINDS}

#: The URL (or form) parameters a client may name a format in: servers differ, so clients send all three.
FORMAT_PARAMETERS = ("format", "output", "results")


#: rdflib's name for each graph format, for the answers serialised with rdflib (descriptions).
RDFLIB_FORMATS: dict[str, str] = {name: formats.RDF[name].rdflib for name in formats.GRAPH_FORMATS}


def choose(kind: str, accept: str | None, format: str | Sequence[str] | None = None) -> str | None:
    """The format to answer a ``kind`` of result in (select, ask, graph), or None when nothing offered is acceptable.

    A ``format`` value (or the first of several that names a format offered for this kind) wins over the Accept
    header; values that name none are passed over. An absent or empty Accept header accepts anything.
    """
    values = [format] if isinstance(format, str) else list(format or ())
    if (named := named_format(kind, values)) is not None:
        return named
    offers = OFFERS[kind]
    if not accept or not accept.strip():
        return offers[0][0]
    # mimeparse resolves ties in favour of the last offer, so offer the favourites last.
    try:
        media = mimeparse.best_match([media for _, media in reversed(offers)], accept)
    except (ValueError, IndexError):
        return offers[0][0]  # an unreadable Accept header is treated as absent
    return next((name for name, offered in offers if offered == media), None)


def named_format(kind: str, values: Sequence[str]) -> str | None:
    """The first format offered for ``kind`` that ``values`` name, by short name or media type, or None.

    Each value may be a comma-separated list. Case, media-type parameters and spaces do not count: a ``+`` in a
    URL that was not percent-encoded arrives as a space.

    >>> named_format("graph", ["json-ld", "application/ld+json,application/x-json+ld"])
    'jsonld'
    >>> named_format("select", ["text/CSV; charset=utf-8"])
    'csv'
    >>> named_format("graph", ["application/rdf xml"])
    'xml'
    >>> named_format("ask", ["csv", "garbage"]) is None
    True
    """
    by_media = {media: name for name, media in OFFERS[kind]}
    for value in values:
        for token in value.split(","):
            token = "+".join(token.partition(";")[0].lower().split())
            name = ALIASES[kind].get(token) or by_media.get(token)
            if name is not None and name in MEDIA_TYPES[kind]:
                return name
    return None


def format_values(params: Iterable[tuple[str, str]]) -> list[str]:
    """The values of every format parameter (``format``, ``output``, ``results``), in the order they came.

    >>> format_values([("query", "ASK {}"), ("format", "tsv"), ("output", "text/tab-separated-values")])
    ['tsv', 'text/tab-separated-values']
    """
    return [value for name, value in params if name in FORMAT_PARAMETERS]


def formats_for(accept: str | None, format: str | Sequence[str] | None = None) -> dict[str, str | None]:
    """The chosen format for every kind, so a worker can serialise whatever the query turns out to be."""
    return {kind: choose(kind, accept, format) for kind in OFFERS}


def media_type(kind: str, format: str) -> str:
    """The Content-Type a format is served with.

    >>> media_type("select", "tsv")
    'text/tab-separated-values; charset=utf-8'
    """
    return MEDIA_TYPES[kind][format]


def acceptable(kind: str) -> str:
    """The media types on offer for a kind, for a 406 message."""
    return ", ".join(dict.fromkeys(media for _, media in OFFERS[kind]))
