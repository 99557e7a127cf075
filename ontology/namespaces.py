"""The IRIs diplograph mints, and the prefixes it writes them with.

Every IRI lives under https://w3id.org/diplograph/, so it can be made to resolve
permanently:

>>> entity_iri("cambodia")
rdflib.term.URIRef('https://w3id.org/diplograph/id/cambodia')
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/diplograph/"

DG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
CONCEPT = Namespace(BASE + "concept/")
STATEMENT = Namespace(BASE + "statement/")
SOURCE = Namespace(BASE + "source/")
GRAPH = Namespace(BASE + "graph/")
REVIEWER = Namespace(BASE + "reviewer/")  # people who accepted proposed statements (prov:Person)

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Named graphs that are not one source document's facts.
ONTOLOGY_GRAPH = GRAPH["ontology"]
ENTITIES_GRAPH = GRAPH["entities"]
SOURCES_GRAPH = GRAPH["sources"]
TRUTHY_GRAPH = GRAPH["truthy"]

PREFIXES: dict[str, str] = {
    "dg": str(DG),
    "dgr": str(ID),
    "dgc": str(CONCEPT),
    "dgs": str(STATEMENT),
    "dgsrc": str(SOURCE),
    "dgg": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "oa": str(OA),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "wd": str(WD),
}


def entity_iri(slug: str) -> URIRef:
    """The IRI of the entity with this slug."""
    return ID[slug]


def source_iri(source_id: str) -> URIRef:
    """The IRI of a source document."""
    return SOURCE[source_id]


def facts_graph_iri(source_id: str) -> URIRef:
    """The named graph holding one source document's statements."""
    return GRAPH[source_id]


def local_path(iri: str) -> str | None:
    """The path an IRI of ours is published at (``dgr:cambodia`` at ``/id/cambodia``); None for others' IRIs.

    >>> local_path("https://w3id.org/diplograph/id/cambodia"), local_path("http://www.wikidata.org/entity/Q424")
    ('/id/cambodia', None)
    """
    if iri.startswith(BASE) and len(iri) > len(BASE):
        return "/" + iri[len(BASE):]
    return None


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``dg:strategicPartner`` → ``strategicPartner``.

    >>> local_name("https://w3id.org/diplograph/concept/stance/hedging"), local_name("https://w3id.org/diplograph/ontology#State")
    ('hedging', 'State')
    """
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


def bind_prefixes(graph) -> None:
    """Bind diplograph's prefixes on an rdflib Graph or Dataset."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
