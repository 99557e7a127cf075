"""Writing the built dataset in standard RDF formats.

TriG, N-Quads and JSON-LD carry every named graph. Turtle and N-Triples cannot
name graphs, so they get the union of all graphs, each triple once.

JSON-LD is compacted with the context of ``schemaorg.CONTEXT``: schema.org is its
default vocabulary, so the schema.org restatement of entities and sources reads as
plain schema.org (``"@type": "Country", "name": ...``), and our own terms keep their
prefixes. Expanding it gives back every quad.
"""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from .namespaces import PREFIXES
from .schemaorg import CONTEXT

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"trig", "nquads", "jsonld"}


def export(store: ox.Store, format_name: str, output: BinaryIO) -> None:
    """Serialise the store to `output` in one of FORMATS."""
    if format_name == "jsonld":
        output.write(compact_jsonld(store))
        return
    rdf_format = FORMATS[format_name]
    prefixes = PREFIXES if format_name in {"turtle", "trig"} else None
    if format_name in DATASET_FORMATS:
        store.dump(output, rdf_format, prefixes=prefixes)
        return
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
    union.dump(output, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)


def compact_jsonld(store: ox.Store) -> bytes:
    """Every named graph as JSON-LD, compacted with the schema.org context (rdflib compacts; Oxigraph only expands)."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return dataset.serialize(format="json-ld", context=CONTEXT, auto_compact=True, ensure_ascii=False).encode("utf-8")
