"""Every RDF and query-results format diplograph reads or writes, each named once.

A format has the name the code, the command line and ``Result.serialize`` use; its media types (the first is the
one it is served as, the others are only accepted); its file suffixes; the short names a client may send in a
``format`` parameter; and, where they exist, its pyoxigraph format, its rdflib name and its name in the W3C's
format IRIs (``http://www.w3.org/ns/formats/``). The tables the stores, the export, the results and the web app's
content negotiation use are all read from here.

Two families share some names: a graph answer's ``xml`` is RDF/XML and a SELECT answer's is SPARQL Results XML.

>>> RDF["turtle"].media_type, RESULTS["tsv"].results is ox.QueryResultsFormat.TSV
('text/turtle; charset=utf-8', True)
>>> [f.name for f in offered("ask")]
['json', 'xml']
>>> from_suffix(".trig"), from_suffix(".rdf")
('trig', 'nquads')
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One serialisation: its names, media types and suffixes, and what each library calls it."""

    name: str
    media_types: tuple[str, ...]
    suffixes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None
    rdflib: str | None = None
    w3c: str | None = None
    charset: bool = False  # a text format whose Content-Type says it is UTF-8
    dataset: bool = False  # holds named graphs, not triples only

    @property
    def media_type(self) -> str:
        """The Content-Type it is served with."""
        return self.media_types[0] + ("; charset=utf-8" if self.charset else "")


#: RDF serialisations, by name. The order is the web app's order of preference for a graph answer.
RDF: dict[str, Format] = {f.name: f for f in (
    Format("turtle", ("text/turtle", "application/x-turtle"), (".ttl",), ("ttl", "turtle", "n3"),
           rdf=ox.RdfFormat.TURTLE, rdflib="turtle", w3c="Turtle", charset=True),
    Format("ntriples", ("application/n-triples", "text/plain"), (".nt",), ("nt", "ntriples", "n-triples"),
           rdf=ox.RdfFormat.N_TRIPLES, rdflib="nt", w3c="N-Triples"),
    # a client asking a graph answer for "json" gets JSON-LD; n3 above gets Turtle, which every N3 reader reads
    Format("jsonld", ("application/ld+json",), (".jsonld",), ("jsonld", "json-ld", "json"),
           rdf=ox.RdfFormat.JSON_LD, rdflib="json-ld", w3c="JSON-LD", dataset=True),
    Format("xml", ("application/rdf+xml", "application/xml"), (".rdf", ".owl"),
           ("rdf", "rdfxml", "rdf+xml", "owl", "xml"), rdf=ox.RdfFormat.RDF_XML, rdflib="xml", w3c="RDF_XML"),
    Format("nquads", ("application/n-quads",), (".nq",), ("nquads", "nq"),
           rdf=ox.RdfFormat.N_QUADS, rdflib="nquads", w3c="N-Quads", dataset=True),
    Format("trig", ("application/trig",), (".trig",), ("trig",),
           rdf=ox.RdfFormat.TRIG, rdflib="trig", w3c="TriG", dataset=True),
)}

#: SPARQL query-results serialisations (SELECT and ASK answers), by name, in the web app's order of preference.
RESULTS: dict[str, Format] = {f.name: f for f in (
    Format("json", ("application/sparql-results+json", "application/json"), (".srj",), ("json", "srj"),
           results=ox.QueryResultsFormat.JSON, w3c="SPARQL_Results_JSON"),
    Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), (".srx",), ("xml", "srx"),
           results=ox.QueryResultsFormat.XML, w3c="SPARQL_Results_XML"),
    Format("csv", ("text/csv",), (".csv",), ("csv",), results=ox.QueryResultsFormat.CSV,
           w3c="SPARQL_Results_CSV", charset=True),
    Format("tsv", ("text/tab-separated-values",), (".tsv",), ("tsv",), results=ox.QueryResultsFormat.TSV,
           w3c="SPARQL_Results_TSV", charset=True),
)}

#: What every store loads and dumps.
STORE_FORMATS = ("nquads", "trig", "turtle", "ntriples")
STORE: dict[str, Format] = {name: RDF[name] for name in STORE_FORMATS}
#: What a graph answer (CONSTRUCT, DESCRIBE) is written in.
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "xml")
#: What each kind of answer is written in: a SELECT in every results format, an ASK in those that hold a boolean.
KINDS: dict[str, tuple[str, ...]] = {"select": tuple(RESULTS), "ask": ("json", "xml"), "graph": GRAPH_FORMATS}


def offered(kind: str) -> list[Format]:
    """The formats a kind of answer (select, ask, graph) is written in, in order of preference."""
    family = RDF if kind == "graph" else RESULTS
    return [family[name] for name in KINDS[kind]]


def from_suffix(suffix: str, names: tuple[str, ...] = STORE_FORMATS, default: str = "nquads") -> str:
    """The format among ``names`` whose file suffix this is (``.ttl``: turtle), else ``default``."""
    return next((name for name in names if suffix in RDF[name].suffixes), default)
