"""The entities and sources in schema.org terms, and the JSON-LD context that makes them read as schema.org.

The build adds a named graph (``dgg:schema-org``) that restates each entity and source
with schema.org's vocabulary: its type (the nearest schema.org class the ontology
aligns its class with), ``name``, ``alternateName``, ``description`` and ``sameAs``
(its Wikidata item); for sources ``headline``, ``author``, ``publisher`` and
``datePublished``. The JSON-LD export compacts with ``CONTEXT``, whose ``@vocab`` is
schema.org, so a schema.org consumer reads ``{"@type": "Country", "name": "Cambodia"}``
while every triple of our own vocabulary stays, under its ``dg:`` prefix.

>>> from rdflib import Graph
>>> ontology = Graph().parse(data='''@prefix dg: <https://w3id.org/diplograph/ontology#> .
... @prefix schema: <https://schema.org/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... dg:Actor skos:closeMatch schema:Organization . dg:State rdfs:subClassOf dg:Actor ; skos:closeMatch schema:Country .
... dg:Forum rdfs:subClassOf dg:Actor .''', format="turtle")
>>> [str(schema_class(ontology, DG[name])) for name in ("State", "Forum", "Principle")]
['https://schema.org/Country', 'https://schema.org/Organization', 'https://schema.org/Thing']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from diplograph.ontology.namespaces import DG, GRAPH, PREFIXES, SCHEMA, WD, entity_iri, source_iri

from .entities import Entity
from .sources import Source
from .timeparse import parse_time

#: The named graph of the schema.org restatement.
SCHEMA_GRAPH = GRAPH["schema-org"]

#: The JSON-LD context of the export: schema.org as the default vocabulary, our prefixes for the rest.
CONTEXT: dict[str, Any] = {
    "@vocab": str(SCHEMA),
    **{prefix: namespace for prefix, namespace in PREFIXES.items() if prefix != "schema"},
    "schema": str(SCHEMA),
    "wdt": "http://www.wikidata.org/prop/direct/",
    "sameAs": {"@id": str(SCHEMA.sameAs), "@type": "@id"},
    "author": {"@id": str(SCHEMA.author), "@type": "@id"},
    "publisher": {"@id": str(SCHEMA.publisher), "@type": "@id"},
}

_ALIGNMENTS = (SKOS.exactMatch, SKOS.closeMatch, RDFS.subClassOf)


def schema_class(ontology: Graph, cls: URIRef) -> URIRef:
    """The nearest schema.org class the ontology aligns ``cls`` (or an ancestor) with; schema:Thing if none."""
    frontier, seen = [cls], set()
    while frontier:
        for current in frontier:
            for alignment in _ALIGNMENTS:
                matches = sorted(o for o in ontology.objects(current, alignment)
                                 if isinstance(o, URIRef) and str(o).startswith(str(SCHEMA)))
                if matches:
                    return matches[0]
        seen.update(frontier)
        frontier = [parent for current in frontier for parent in ontology.objects(current, RDFS.subClassOf)
                    if isinstance(parent, URIRef) and parent not in seen]
    return SCHEMA.Thing


def schema_graph(ontology: Graph, entities: Iterable[Entity], sources: Iterable[Source]) -> Graph:
    """The schema.org restatement of every entity and source."""
    graph = Graph(identifier=SCHEMA_GRAPH)
    for entity in entities:
        iri = entity_iri(entity.slug)
        graph.add((iri, RDF.type, schema_class(ontology, DG[entity.type])))
        graph.add((iri, SCHEMA.name, Literal(entity.label, lang="en")))
        for alias in entity.aliases:
            graph.add((iri, SCHEMA.alternateName, Literal(alias, lang="en")))
        if entity.description:
            graph.add((iri, SCHEMA.description, Literal(entity.description, lang="en")))
        if entity.wikidata:
            graph.add((iri, SCHEMA.sameAs, WD[entity.wikidata]))
    for source in sources:
        iri = source_iri(source.id)
        graph.add((iri, RDF.type, schema_class(ontology, DG.SourceDocument)))
        graph.add((iri, SCHEMA.headline, Literal(source.title, lang="en")))
        graph.add((iri, SCHEMA.name, Literal(source.title, lang="en")))
        graph.add((iri, SCHEMA.author, entity_iri(source.author)))
        if source.publisher:
            graph.add((iri, SCHEMA.publisher, entity_iri(source.publisher)))
        published = parse_time(source.date)
        if published is not None:
            graph.add((iri, SCHEMA.datePublished, published))
    return graph
