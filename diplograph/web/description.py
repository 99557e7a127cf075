"""The SPARQL 1.1 Service Description of the endpoint, with a VoID count of every graph."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from diplograph.sparql import formats

from .catalogue import Catalogue
from .settings import ServerSettings

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")

RESULT_FORMATS = tuple(f.w3c for kind in ("select", "graph") for f in formats.offered(kind))


def service_description(endpoint: str, catalogue: Catalogue, settings: ServerSettings) -> Graph:
    """The description as an RDF graph: languages, formats, features, limits, and the default dataset."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("formats", FORMATS)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, DCTERMS.title, Literal("diplograph SPARQL endpoint (read-only)", lang="en")))
    graph.add((service, DCTERMS.description, Literal(
        f"Queries only: no updates, no LOAD. Time limit {settings.timeout:g} s per query; at most "
        f"{settings.max_rows:,} rows per answer (a cut answer carries the header X-SPARQL-MaxRows). The default "
        "graph is the union of all named graphs unless the request names its dataset.", lang="en")))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.services:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, VOID.triples, Literal(catalogue.quads, datatype=XSD.integer)))
    for iri, triples in catalogue.graphs:
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return graph
