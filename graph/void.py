"""A VoID and DCAT description of the built dataset: what it holds, where to get it, how it links out.

Written by the build as ``void.ttl`` and served by the web app at ``/.well-known/void``
(the place the VoID recommendation gives), with the SPARQL endpoint added.

* VoID: triples, entities, classes and properties; one subset per named graph, with
  the source document it holds; the linkset to Wikidata (``dg:wikidata``, a
  sub-property of ``skos:exactMatch``), with its size; the vocabularies used.
* DCAT: the dataset, its licence and publisher, and its distributions (TriG,
  N-Quads), with media types.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from diplograph.ontology.namespaces import BASE, DG, ENTITIES_GRAPH, PREFIXES, SOURCES_GRAPH, TRUTHY_GRAPH

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = URIRef(BASE + "dataset")
WIKIDATA_LINKSET = URIRef(BASE + "dataset/linkset/wikidata")
WIKIDATA = URIRef("https://www.wikidata.org/")
LICENCE = URIRef("https://www.apache.org/licenses/LICENSE-2.0")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
DISTRIBUTIONS = {"diplograph.trig": "application/trig", "diplograph.nq": "application/n-quads"}


def describe(quads: Iterable[ox.Quad], *, endpoint: str | None = None, version: str | None = None) -> Graph:
    """The description of the dataset whose quads are ``quads`` (every named graph) as an RDF graph.

    >>> a_state = ox.NamedNode(BASE + "id/x"), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DG.State))
    >>> found = describe([ox.Quad(*a_state, ox.NamedNode(str(ENTITIES_GRAPH)))])
    >>> int(found.value(DATASET, VOID.triples)), int(found.value(DATASET, VOID.entities))
    (1, 1)
    """
    out = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF),
                              ("dg", DG), ("dgg", Namespace(PREFIXES["dgg"]))):
        out.bind(prefix, namespace)
    out.add((DATASET, RDF.type, VOID.Dataset))
    out.add((DATASET, RDF.type, DCAT.Dataset))
    out.add((DATASET, DCTERMS.title, Literal("diplograph: Cambodia's foreign policy, fact by fact", lang="en")))
    out.add((DATASET, DCTERMS.description, Literal(
        "A curated knowledge graph of foreign policy in Southeast Asia and the Indo-Pacific. Every statement names "
        "its source document and carries a verbatim quote; one named graph per source.", lang="en")))
    out.add((DATASET, DCTERMS.license, LICENCE))
    out.add((DATASET, DCTERMS.publisher, Literal("diplograph")))
    if version:
        out.add((DATASET, DCAT_VERSION, Literal(version)))
    out.add((DATASET, VOID.uriSpace, Literal(BASE)))
    for prefix in ("dg", "prov", "org", "skos", "schema", "dcterms", "oa", "rdfs", "owl"):
        out.add((DATASET, VOID.vocabulary, URIRef(PREFIXES[prefix])))

    type_, identifies = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DG.factsGraph))
    entities_graph, sources_graph = ox.NamedNode(str(ENTITIES_GRAPH)), ox.NamedNode(str(SOURCES_GRAPH))
    count, links = 0, 0
    entities: set[object] = set()
    classes: set[object] = set()
    properties: set[ox.NamedNode] = set()
    sizes: dict[str, int] = {}
    sources: dict[str, URIRef] = {}
    wikidata = ox.NamedNode(str(DG.wikidata))
    for quad in quads:  # one pass over every quad, however many there are
        count += 1
        predicate, graph = quad.predicate, quad.graph_name
        properties.add(predicate)
        if predicate == type_:
            classes.add(quad.object)
            if graph == entities_graph:
                entities.add(quad.subject)
        elif predicate == wikidata:
            links += 1
        elif predicate == identifies and graph == sources_graph and isinstance(quad.object, ox.NamedNode) \
                and isinstance(quad.subject, ox.NamedNode):
            sources[quad.object.value] = URIRef(quad.subject.value)
        if isinstance(graph, ox.NamedNode):  # only the named graphs are described below
            sizes[graph.value] = sizes.get(graph.value, 0) + 1
    out.add((DATASET, VOID.triples, _count(count)))
    out.add((DATASET, VOID.entities, _count(len(entities))))
    out.add((DATASET, VOID.classes, _count(len(classes))))
    out.add((DATASET, VOID.properties, _count(len(properties))))
    if endpoint:
        out.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))

    for name, size in sorted(sizes.items()):
        if not name.startswith(BASE):
            continue
        subset = URIRef(name)
        out.add((DATASET, VOID.subset, subset))
        out.add((subset, RDF.type, VOID.Dataset))
        out.add((subset, VOID.triples, _count(size)))
        if name in sources:
            out.add((subset, DCTERMS.source, sources[name]))
        if subset == TRUTHY_GRAPH:
            out.add((subset, DCTERMS.description, Literal("Direct edges derived from the statements.", lang="en")))

    out.add((DATASET, VOID.subset, WIKIDATA_LINKSET))
    out.add((WIKIDATA_LINKSET, RDF.type, VOID.Linkset))
    out.add((WIKIDATA_LINKSET, VOID.linkPredicate, DG.wikidata))
    out.add((WIKIDATA_LINKSET, VOID.subjectsTarget, DATASET))
    out.add((WIKIDATA_LINKSET, VOID.objectsTarget, WIKIDATA))
    out.add((WIKIDATA_LINKSET, VOID.triples, _count(links)))
    out.add((WIKIDATA, RDF.type, VOID.Dataset))
    out.add((WIKIDATA, FOAF.homepage, WIKIDATA))

    for name, media in DISTRIBUTIONS.items():
        distribution = BNode(name.replace(".", "-"))
        out.add((DATASET, DCAT.distribution, distribution))
        download = URIRef(f"{DATASET}/{name}")
        out.add((DATASET, VOID.dataDump, download))
        out.add((distribution, RDF.type, DCAT.Distribution))
        out.add((distribution, DCAT.downloadURL, download))
        out.add((distribution, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
    return out


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)
