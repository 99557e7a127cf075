"""Content negotiation: which serialisation a client gets, from its Accept header or a ``format`` parameter.

>>> choose("select", "text/csv;q=0.5, application/sparql-results+xml")
'xml'
>>> choose("graph", "text/html,application/xhtml+xml,*/*;q=0.8")     # a browser: our first choice
'turtle'
>>> choose("ask", "text/csv") is None                                 # ASK has no CSV form
True
"""

from __future__ import annotations

import mimeparse

#: Per kind of answer: (format name, media type) in order of preference. The format names are those
#: of ``Result.serialize``.
OFFERS: dict[str, list[tuple[str, str]]] = {
    "select": [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
               ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
               ("json", "application/json"), ("xml", "application/xml"), ("xml", "text/xml")],
    "ask": [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
            ("json", "application/json"), ("xml", "application/xml"), ("xml", "text/xml")],
    "graph": [("turtle", "text/turtle"), ("ntriples", "application/n-triples"), ("jsonld", "application/ld+json"),
              ("xml", "application/rdf+xml"), ("turtle", "application/x-turtle"), ("ntriples", "text/plain"),
              ("xml", "application/xml")],
}

#: The media type each format is served as.
MEDIA_TYPES: dict[str, dict[str, str]] = {
    "select": {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"},
    "ask": {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml"},
    "graph": {"turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
              "jsonld": "application/ld+json", "xml": "application/rdf+xml"},
}

#: Short names a ``format`` parameter (or a file extension) may use.
ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
           "ttl": "turtle", "turtle": "turtle", "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
           "jsonld": "jsonld", "json-ld": "jsonld", "rdf": "xml", "rdfxml": "xml", "owl": "xml"}


#: rdflib's name for each graph format, for the answers serialised with rdflib (descriptions).
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "xml": "xml"}


def choose(kind: str, accept: str | None, format: str | None = None) -> str | None:
    """The format to answer a ``kind`` of result in (select, ask, graph), or None when nothing offered is acceptable.

    A ``format`` parameter wins over the Accept header; an absent or empty header accepts anything.
    """
    offers = OFFERS[kind]
    if format:
        name = ALIASES.get(format.strip().lower())
        if name is None:
            return None
        if kind == "graph" and name == "json":
            return "jsonld"
        return name if any(name == offered for offered, _ in offers) else None
    if not accept or not accept.strip():
        return offers[0][0]
    # mimeparse resolves ties in favour of the last offer, so offer the favourites last.
    try:
        media = mimeparse.best_match([media for _, media in reversed(offers)], accept)
    except (ValueError, IndexError):
        return offers[0][0]  # an unreadable Accept header is treated as absent
    return next((name for name, offered in offers if offered == media), None)


def formats_for(accept: str | None, format: str | None = None) -> dict[str, str | None]:
    """The chosen format for every kind, so a worker can serialise whatever the query turns out to be."""
    return {kind: choose(kind, accept, format) for kind in OFFERS}


def media_type(kind: str, format: str) -> str:
    return MEDIA_TYPES[kind][format]


def acceptable(kind: str) -> str:
    """The media types on offer for a kind, for a 406 message."""
    return ", ".join(dict.fromkeys(media for _, media in OFFERS[kind]))
