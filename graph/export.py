"""Writing the built dataset in standard RDF formats.

TriG, N-Quads and JSON-LD carry every named graph. Turtle and N-Triples cannot
name graphs, so they get the union of all graphs, each triple once.

JSON-LD is compacted with the context of ``schemaorg.CONTEXT``: schema.org is its
default vocabulary, so the schema.org restatement of entities and sources reads as
plain schema.org (``"@type": "Country", "name": ...``), and our own terms keep their
prefixes. Expanding it gives back every quad.

Every term is written as the build wrote it. An Oxigraph store cannot promise
that: it keeps numbers, booleans and date-times as values and writes each back
in its canonical form (``"0811"^^xsd:integer`` comes back ``"811"``), and gives
blank nodes new labels. So the CLI exports the quads read from the build's files
(:func:`diplograph.graph.outputs.read_quads`), and ``export --format nquads`` writes
the lines of ``build/diplograph.nq``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import pyoxigraph as ox

from diplograph.canonical import trig_order, verbatim_literals
from diplograph.ontology.namespaces import PREFIXES
from diplograph.sparql.formats import RDF

from .schemaorg import CONTEXT

FORMATS: dict[str, ox.RdfFormat] = {name: RDF[name].rdf for name in ("turtle", "trig", "nquads", "ntriples", "jsonld")}
DATASET_FORMATS = {name for name in FORMATS if RDF[name].dataset}


def export(quads: Iterable[ox.Quad], format_name: str, output: BinaryIO) -> None:
    """Serialise quads (a store, or :func:`~diplograph.graph.outputs.read_quads` of a build) to `output` in one of
    FORMATS.

    >>> import io
    >>> quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("0811", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    >>> buffer = io.BytesIO()
    >>> export([quad, quad], "nquads", buffer)
    >>> buffer.getvalue().decode()
    '<urn:a> <urn:p> "0811"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
    """
    if format_name == "jsonld":
        output.write(compact_jsonld(quads))
        return
    rdf_format = FORMATS[format_name]
    prefixes = PREFIXES if format_name in {"turtle", "trig"} else None
    if format_name in DATASET_FORMATS:
        distinct = _distinct(quads)
        ox.serialize(trig_order(distinct) if format_name == "trig" else distinct, output, rdf_format, prefixes=prefixes)
        return
    triples = _distinct(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    ox.serialize(triples, output, rdf_format, prefixes=prefixes)


def _distinct(items: Iterable) -> list:
    """Each quad or triple once, in the order first seen.

    A store holds each once; files read together may repeat one.
    """
    return list(dict.fromkeys(items))


def compact_jsonld(quads: Iterable[ox.Quad]) -> bytes:
    """Every named graph as JSON-LD, compacted with the schema.org context (rdflib compacts; Oxigraph only expands)."""
    from rdflib import Dataset

    dataset = Dataset()
    with verbatim_literals():  # rdflib would otherwise rewrite typed literals while it reads them
        dataset.parse(data=ox.serialize(_distinct(quads), format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset.serialize(format="json-ld", context=CONTEXT, auto_compact=True, ensure_ascii=False).encode("utf-8")
