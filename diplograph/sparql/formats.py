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


@dataclass(frozen=True, kw_only=True)
class Format:
    """One serialisation: its names, media types and suffixes."""

    name: str
    media_types: tuple[str, ...]
    suffixes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    w3c: str  # its name among the W3C's format IRIs
    charset: bool = False  # a text format whose Content-Type says it is UTF-8

    @property
    def media_type(self) -> str:
        """The Content-Type it is served with."""
        return self.media_types[0] + ("; charset=utf-8" if self.charset else "")


@dataclass(frozen=True, kw_only=True)
class RdfSyntax(Format):
    """An RDF serialisation, with what pyoxigraph and rdflib call it."""

    rdf: ox.RdfFormat
    rdflib: str
    dataset: bool = False  # holds named graphs, not triples only


@dataclass(frozen=True, kw_only=True)
class ResultsSyntax(Format):
    """A SPARQL query-results serialisation, with what pyoxigraph calls it."""

    results: ox.QueryResultsFormat


#: RDF serialisations, by name. The order is the web app's order of preference for a graph answer.
RDF: dict[str, RdfSyntax] = {f.name: f for f in (
    RdfSyntax(name="turtle", media_types=("text/turtle", "application/x-turtle"), suffixes=(".ttl",),
              aliases=("ttl", "turtle", "n3"), rdf=ox.RdfFormat.TURTLE, rdflib="turtle", w3c="Turtle", charset=True),
    RdfSyntax(name="ntriples", media_types=("application/n-triples", "text/plain"), suffixes=(".nt",),
              aliases=("nt", "ntriples", "n-triples"), rdf=ox.RdfFormat.N_TRIPLES, rdflib="nt", w3c="N-Triples"),
    # a client asking a graph answer for "json" gets JSON-LD; n3 above gets Turtle, which every N3 reader reads
    RdfSyntax(name="jsonld", media_types=("application/ld+json",), suffixes=(".jsonld",),
              aliases=("jsonld", "json-ld", "json"), rdf=ox.RdfFormat.JSON_LD, rdflib="json-ld", w3c="JSON-LD",
              dataset=True),
    RdfSyntax(name="xml", media_types=("application/rdf+xml", "application/xml"), suffixes=(".rdf", ".owl"),
              aliases=("rdf", "rdfxml", "rdf+xml", "owl", "xml"), rdf=ox.RdfFormat.RDF_XML, rdflib="xml",
              w3c="RDF_XML"),
    RdfSyntax(name="nquads", media_types=("application/n-quads",), suffixes=(".nq",), aliases=("nquads", "nq"),
              rdf=ox.RdfFormat.N_QUADS, rdflib="nquads", w3c="N-Quads", dataset=True),
    RdfSyntax(name="trig", media_types=("application/trig",), suffixes=(".trig",), aliases=("trig",),
              rdf=ox.RdfFormat.TRIG, rdflib="trig", w3c="TriG", dataset=True),
)}

#: SPARQL query-results serialisations (SELECT and ASK answers), by name, in the web app's order of preference.
RESULTS: dict[str, ResultsSyntax] = {f.name: f for f in (
    ResultsSyntax(name="json", media_types=("application/sparql-results+json", "application/json"),
                  suffixes=(".srj",), aliases=("json", "srj"), results=ox.QueryResultsFormat.JSON,
                  w3c="SPARQL_Results_JSON"),
    ResultsSyntax(name="xml", media_types=("application/sparql-results+xml", "application/xml", "text/xml"),
                  suffixes=(".srx",), aliases=("xml", "srx"), results=ox.QueryResultsFormat.XML,
                  w3c="SPARQL_Results_XML"),
    ResultsSyntax(name="csv", media_types=("text/csv",), suffixes=(".csv",), aliases=("csv",),
                  results=ox.QueryResultsFormat.CSV, w3c="SPARQL_Results_CSV", charset=True),
    ResultsSyntax(name="tsv", media_types=("text/tab-separated-values",), suffixes=(".tsv",), aliases=("tsv",),
                  results=ox.QueryResultsFormat.TSV, w3c="SPARQL_Results_TSV", charset=True),
)}

#: What every store loads and dumps.
STORE_FORMATS = ("nquads", "trig", "turtle", "ntriples")
STORE: dict[str, RdfSyntax] = {name: RDF[name] for name in STORE_FORMATS}
#: What a graph answer (CONSTRUCT, DESCRIBE) is written in.
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "xml")
#: What each kind of answer is written in: a SELECT in every results format, an ASK in those that hold a boolean.
KINDS: dict[str, tuple[str, ...]] = {"select": tuple(RESULTS), "ask": ("json", "xml"), "graph": GRAPH_FORMATS}


def offered(kind: str) -> list[Format]:
    """The formats a kind of answer (select, ask, graph) is written in, in order of preference."""
    family: dict[str, RdfSyntax] | dict[str, ResultsSyntax] = RDF if kind == "graph" else RESULTS
    return [family[name] for name in KINDS[kind]]


def from_suffix(suffix: str, names: tuple[str, ...] = STORE_FORMATS, default: str = "nquads") -> str:
    """The format among ``names`` whose file suffix this is (``.ttl``: turtle), else ``default``."""
    return next((name for name in names if suffix in RDF[name].suffixes), default)
