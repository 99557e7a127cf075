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

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from diplograph.ontology.namespaces import BASE, DG, ENTITIES_GRAPH, PREFIXES, SOURCES_GRAPH, TRUTHY_GRAPH

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = URIRef(BASE + "dataset")
WIKIDATA_LINKSET = URIRef(BASE + "dataset/linkset/wikidata")
WIKIDATA = URIRef("https://www.wikidata.org/")
LICENCE = URIRef("https://www.apache.org/licenses/LICENSE-2.0")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
DISTRIBUTIONS = {"diplograph.trig": "application/trig", "diplograph.nq": "application/n-quads"}


def describe(dataset: Dataset, *, endpoint: str | None = None, version: str | None = None) -> Graph:
    """The description of ``dataset`` (every named graph) as an RDF graph."""
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

    quads = list(dataset.quads((None, None, None, None)))
    out.add((DATASET, VOID.triples, _count(len(quads))))
    out.add((DATASET, VOID.entities, _count(len(set(dataset.graph(ENTITIES_GRAPH).subjects(RDF.type))))))
    out.add((DATASET, VOID.classes, _count(len({o for _, p, o, _ in quads if p == RDF.type}))))
    out.add((DATASET, VOID.properties, _count(len({p for _, p, _, _ in quads}))))
    if endpoint:
        out.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))

    sources = {graph: source for source, graph in dataset.graph(SOURCES_GRAPH).subject_objects(DG.factsGraph)}
    sizes: dict[URIRef, int] = {}
    for *_, graph in quads:
        if isinstance(graph, URIRef):  # only the named graphs are described below
            sizes[graph] = sizes.get(graph, 0) + 1
    for graph, size in sorted(sizes.items()):
        if not isinstance(graph, URIRef) or not str(graph).startswith(BASE):
            continue
        subset = URIRef(str(graph))
        out.add((DATASET, VOID.subset, subset))
        out.add((subset, RDF.type, VOID.Dataset))
        out.add((subset, VOID.triples, _count(size)))
        if graph in sources:
            out.add((subset, DCTERMS.source, sources[graph]))
        if graph == TRUTHY_GRAPH:
            out.add((subset, DCTERMS.description, Literal("Direct edges derived from the statements.", lang="en")))

    links = sum(1 for _, p, _, _ in quads if p == DG.wikidata)
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
