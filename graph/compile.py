"""From checked entities, sources and facts to an RDF dataset.

Layout of the dataset (named graphs):

| graph | holds |
|---|---|
| ``dgg:ontology`` | the ontology and its concept schemes |
| ``dgg:entities`` | every entity: type, labels, aliases, Wikidata ID, codes |
| ``dgg:sources`` | every source document's metadata |
| ``dgg:<source-id>`` | one document's statements, each with its quoted evidence |
| ``dgg:truthy`` | direct edges derived from the statements, for easy traversal |
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from diplograph.ontology.namespaces import (
    DG,
    ENTITIES_GRAPH,
    OA,
    ONTOLOGY_GRAPH,
    REVIEWER,
    SCHEMA,
    SOURCES_GRAPH,
    TRUTHY_GRAPH,
    WD,
    bind_prefixes,
    entity_iri,
    facts_graph_iri,
    source_iri,
)

from .entities import Entity
from .evidence import QuoteMatch
from .facts import Fact
from .schemaorg import SCHEMA_GRAPH, schema_graph
from .sources import Source
from .timeparse import parse_time
from .vocabulary import Vocabulary

_CODE_PROPERTIES = {
    "iso3166_alpha2": (DG.iso3166Alpha2, None),
    "iso3166_alpha3": (DG.iso3166Alpha3, None),
    "iso3166_numeric": (DG.iso3166Numeric, None),
    "un_m49": (DG.unM49, None),
    "cow_abbreviation": (DG.cowAbbreviation, None),
    "cow_code": (DG.cowCode, XSD.integer),
    "fips10_4": (DG.fips104, None),
}
_DOCUMENT_CLASSES = {"Article": SCHEMA.Article, "FactSheet": SCHEMA.Report, "Report": SCHEMA.Report}
_EVENT_TIME_KEYS = ("time", "start")


def compile_dataset(
    ontology: Graph,
    vocabulary: Vocabulary,
    entities: dict[str, Entity],
    sources: dict[str, Source],
    facts: Iterable[Fact],
    wikidata: Graph | None = None,
) -> Dataset:
    """The whole dataset: ontology, entities, sources, one graph per source, truthy edges, and what Wikidata says."""
    dataset = Dataset()
    bind_prefixes(dataset)
    ontology_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in ontology:
        ontology_graph.add(triple)
    _add_entities(dataset.graph(ENTITIES_GRAPH), entities.values())
    _add_sources(dataset.graph(SOURCES_GRAPH), sources.values())
    restated = dataset.graph(SCHEMA_GRAPH)
    for triple in schema_graph(ontology, entities.values(), sources.values()):
        restated.add(triple)
    labels = _labels(ontology, entities)
    actors = {slug for slug, entity in entities.items() if vocabulary.is_a(entity.type, "Actor")}
    truthy = dataset.graph(TRUTHY_GRAPH)
    for fact in facts:
        _add_statement(dataset.graph(facts_graph_iri(fact.source)), fact, labels, vocabulary)
        _add_direct_edges(truthy, fact, actors)
    if wikidata is not None and len(wikidata):
        target = dataset.graph(wikidata.identifier)
        for triple in wikidata:
            target.add(triple)
    return dataset


def _add_entities(graph: Graph, entities: Iterable[Entity]) -> None:
    for entity in entities:
        iri = entity_iri(entity.slug)
        graph.add((iri, RDF.type, DG[entity.type]))
        graph.add((iri, RDFS.label, Literal(entity.label, lang="en")))
        graph.add((iri, SKOS.prefLabel, Literal(entity.label, lang="en")))
        for alias in entity.aliases:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        if entity.description:
            graph.add((iri, DCTERMS.description, Literal(entity.description, lang="en")))
        if entity.wikidata:
            graph.add((iri, DG.wikidata, WD[entity.wikidata]))
            # stated as well as implied (dg:wikidata is a sub-property), for clients that do no RDFS inference
            graph.add((iri, SKOS.exactMatch, WD[entity.wikidata]))
            graph.add((iri, DG.wikidataCheckedIn, Literal(entity.wikidata_checked_in or "")))
        elif entity.wikidata_none:
            graph.add((iri, DG.wikidataNoItem, Literal(entity.wikidata_none)))
        elif entity.wikidata_unverified:
            graph.add((iri, DG.wikidataUnverified, Literal(entity.wikidata_unverified)))
            if entity.wikidata_candidate:  # a candidate is no match: its own property, outside skos:exactMatch
                graph.add((iri, DG.wikidataCandidate, WD[entity.wikidata_candidate]))
        for column, value in entity.codes.items():
            prop, datatype = _CODE_PROPERTIES[column]
            graph.add((iri, prop, _code_literal(value, datatype)))


def _code_literal(value: str, datatype: URIRef | None) -> Literal:
    """A crosswalk code as the CSV writes it: typed when the ontology says so, never rewritten.

    >>> _code_literal("036", None).n3()
    '"036"'
    >>> _code_literal("0811", XSD.integer).n3()  # rdflib would make this "811"
    '"0811"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if datatype == XSD.integer:
        int(value)  # a code that is no whole number is an error in the crosswalk, reported as before
        return Literal(value.strip(), datatype=XSD.integer, normalize=False)
    return Literal(value)


def _add_sources(graph: Graph, sources: Iterable[Source]) -> None:
    for source in sources:
        iri = source_iri(source.id)
        graph.add((iri, RDF.type, DG.SourceDocument))
        graph.add((iri, RDF.type, _DOCUMENT_CLASSES[source.type]))
        graph.add((iri, RDFS.label, Literal(source.title, lang="en")))
        graph.add((iri, DCTERMS.title, Literal(source.title, lang="en")))
        graph.add((iri, DCTERMS.identifier, Literal(source.id)))
        graph.add((iri, DCTERMS.creator, entity_iri(source.author)))
        graph.add((iri, SCHEMA.author, entity_iri(source.author)))
        issued = parse_time(source.date)
        if issued is not None:
            graph.add((iri, DCTERMS.issued, issued))
        if source.publisher:
            graph.add((iri, DCTERMS.publisher, entity_iri(source.publisher)))
        if source.affiliation:
            graph.add((iri, SCHEMA.sourceOrganization, entity_iri(source.affiliation)))
        if source.series:
            graph.add((iri, DG.documentSeries, Literal(source.series)))
        notes = [n for n in (source.publisher_note, source.date_note) if n]
        if notes:
            graph.add((iri, DG.datePrecisionNote, Literal("; ".join(notes))))
        where = source.file if source.lines is None else f"{source.file}, lines {source.lines[0]}-{source.lines[1]}"
        graph.add((iri, DG.sourceFile, Literal(where)))
        graph.add((iri, DG.factsGraph, facts_graph_iri(source.id)))


def _labels(ontology: Graph, entities: dict[str, Entity]) -> dict[URIRef, str]:
    labels: dict[URIRef, str] = {}
    for prop in (RDFS.label, SKOS.prefLabel):
        for subject, label in ontology.subject_objects(prop):
            if isinstance(subject, URIRef):  # labels are looked up by IRI
                labels[subject] = str(label)
    for entity in entities.values():
        labels[entity_iri(entity.slug)] = entity.label
    return labels


def _term(value) -> URIRef | Literal:
    """Entity slugs become IRIs; concepts and literals are already terms."""
    return value if isinstance(value, (URIRef, Literal)) else entity_iri(value)


def _add_statement(graph: Graph, fact: Fact, labels: dict[URIRef, str], vocabulary: Vocabulary) -> None:
    node = fact.iri
    graph.add((node, RDF.type, fact.relation.statement_class))
    graph.add((node, DG.subject, entity_iri(fact.subject)))
    graph.add((node, DG.predicate, fact.relation.iri))
    if fact.object is not None:
        graph.add((node, DG.object, _term(fact.object)))
    for key, values in fact.qualifiers.items():
        prop = vocabulary.qualifiers[key].iri
        for value in values:
            graph.add((node, prop, _term(value)))
    graph.add((node, PROV.wasDerivedFrom, source_iri(fact.source)))
    graph.add((node, RDFS.label, Literal(_statement_label(fact, labels), lang="en")))
    _add_review_record(graph, node, fact)
    passages: Sequence[QuoteMatch | None] = fact.evidence or [None] * len(fact.quotes)
    for index, (quote, match) in enumerate(zip(fact.quotes, passages, strict=True), start=1):
        selector = URIRef(f"{node}/quote-{index}")
        graph.add((node, DG.evidence, selector))
        graph.add((selector, RDF.type, OA.TextQuoteSelector))
        graph.add((selector, OA.exact, Literal(match.exact if match else quote)))
        if match:
            graph.add((selector, OA.prefix, Literal(match.prefix)))
            graph.add((selector, OA.suffix, Literal(match.suffix)))
            graph.add((selector, DG.sourceLine, Literal(match.line)))


def _add_review_record(graph: Graph, node: URIRef, fact: Fact) -> None:
    """Who accepted the statement (``prov:wasAttributedTo`` a ``prov:Person``) and when (``dcterms:dateAccepted``)."""
    if fact.reviewed_by:
        reviewer = REVIEWER[re.sub(r"[^a-z0-9]+", "-", fact.reviewed_by.lower()).strip("-") or "reviewer"]
        graph.add((node, PROV.wasAttributedTo, reviewer))
        graph.add((reviewer, RDF.type, PROV.Person))
        graph.add((reviewer, RDFS.label, Literal(fact.reviewed_by)))
    if fact.reviewed_on is not None:
        graph.add((node, DCTERMS.dateAccepted, fact.reviewed_on))


def _statement_label(fact: Fact, labels: dict[URIRef, str]) -> str:
    subject = labels.get(entity_iri(fact.subject), fact.subject)
    relation = fact.relation.label
    if fact.object is None:
        measure = _first_label(fact.qualifiers.get("measure"), labels) or relation
        value = fact.qualifiers.get("value", [""])[0]
        unit = _first_label(fact.qualifiers.get("unit"), labels) or ""
        return f"{subject}: {relation} of {measure} {value} {unit}".strip()
    term = _term(fact.object)
    obj = labels.get(term, str(fact.object)) if isinstance(term, URIRef) else str(fact.object)
    return f"{subject} {relation} {obj}"


def _first_label(values, labels: dict[URIRef, str]) -> str | None:
    if not values:
        return None
    return labels.get(values[0], str(values[0]))


def _add_direct_edges(graph: Graph, fact: Fact, actors: set[str]) -> None:
    """The plain edges a statement implies, like Wikidata's truthy wdt: triples."""
    subject = entity_iri(fact.subject)
    if fact.object is not None:
        obj = _term(fact.object)
        graph.add((subject, fact.relation.iri, obj))
        if fact.relation.symmetric:
            graph.add((obj, fact.relation.iri, subject))
    for event_slug in fact.qualifiers.get("event", []):
        _add_event_edges(graph, entity_iri(event_slug), fact, actors)
    if fact.relation.name == "participatedIn" and fact.object is not None:
        graph.add((_term(fact.object), DG.participant, subject))


def _add_event_edges(graph: Graph, event: URIRef, fact: Fact, actors: set[str]) -> None:
    involved = [fact.subject]
    if fact.relation.name == "metWith" and isinstance(fact.object, str):
        involved.append(fact.object)
    for slug in involved:
        if slug in actors:
            graph.add((event, DG.participant, entity_iri(slug)))
    for key in _EVENT_TIME_KEYS:
        for value in fact.qualifiers.get(key, []):
            graph.add((event, DG.date, value))
    for place in fact.qualifiers.get("place", []):
        graph.add((event, DG.heldIn, entity_iri(place)))

