"""Enrichment: selected Wikidata facts about the items our entities link to, in a named graph of their own.

What is taken: labels in the region's languages (Khmer, Chinese, Japanese, Korean,
Thai, Vietnamese), coordinates (P625), inception (P571), date of birth (P569) and
the country codes (P297, P298, P299, P2082, P901). They are stated about the
Wikidata item, as Wikidata states them (``wd:Q424 rdfs:label "កម្ពុជា"@km``), not
about our entity: our entity reaches them through its ``dg:wikidata`` link, and
the graph says where and when each answer was retrieved.

The answers are kept in ``graph/data/wikidata/enrichment.json`` by
``diplograph link enrich``; the build reads that file, never the network.

>>> "VALUES (?item) { (<http://www.wikidata.org/entity/Q424>) }" in enrichment_query(["Q424"])
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from diplograph.ontology.namespaces import GRAPH
from diplograph.sparql import queryfiles
from diplograph.sparql.binding import bind_rows

from .client import Answer, SparqlClient

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
WIKIDATA = URIRef("https://www.wikidata.org/")

#: The named graph that holds what Wikidata says about our linked items.
WIKIDATA_GRAPH = GRAPH["wikidata"]

LANGUAGES = ("km", "zh", "ja", "ko", "th", "vi")
PROPERTIES = {
    "P625": "coordinate location",
    "P571": "inception",
    "P569": "date of birth",
    "P297": "ISO 3166-1 alpha-2 code",
    "P298": "ISO 3166-1 alpha-3 code",
    "P299": "ISO 3166-1 numeric code",
    "P2082": "M.49 code",
    "P901": "FIPS 10-4 code",
}

#: The enrichment query (``queries/enrichment.rq``; its text, batch by batch, keys the answers' cache). It names
#: LANGUAGES and the PROPERTIES, whose labels the web pages show (``enrichment_query`` checks they agree).
ENRICHMENT_QUERY = queryfiles.read("diplograph.graph.wikidata", "enrichment")


def enrichment_query(qids: Sequence[str]) -> str:
    """The enrichment query, with the items bound in a VALUES block.

    The query file names the languages and properties of LANGUAGES and PROPERTIES, no more, no fewer:

    >>> import re
    >>> all(f'"{language}"' in ENRICHMENT_QUERY for language in LANGUAGES)
    True
    >>> sorted(re.findall(r"wdt:(P[0-9]+)", ENRICHMENT_QUERY)) == sorted(PROPERTIES)
    True
    """
    return bind_rows(ENRICHMENT_QUERY, ["item"], [[ox.NamedNode(WD + qid)] for qid in qids])


def fetch(qids: Sequence[str], client: SparqlClient, *, batch: int = 50) -> list[Answer]:
    """The answers for every item, in batches (one query each), from the client's endpoint or cache."""
    ordered = sorted(set(qids), key=lambda qid: int(qid[1:]))
    return [client.select(enrichment_query(ordered[start:start + batch])) for start in range(0, len(ordered), batch)]


def write_answers(path: Path, answers: Iterable[Answer]) -> None:
    """Keep the answers in the enrichment file (atomically), for builds to read offline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_suffix(".tmp")
    payload = [answer.to_json() for answer in answers]
    staging.write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    staging.replace(path)


def read_answers(path: Path) -> list[Answer]:
    if not path.exists():
        return []
    return [Answer(item["endpoint"], item["query"], item["retrieved"], item["results"], from_cache=True)
            for item in json.loads(path.read_text(encoding="utf-8"))]


def enrichment_graph(answers: Iterable[Answer], linked: set[str]) -> Graph:
    """The triples of the answers about items still linked, with one retrieval activity per answer as provenance."""
    graph = Graph(identifier=WIKIDATA_GRAPH)
    graph.add((WIKIDATA_GRAPH, RDF.type, PROV.Entity))
    graph.add((WIKIDATA_GRAPH, RDFS.label,
               Literal("What Wikidata says about the items our entities link to", lang="en")))
    graph.add((WIKIDATA_GRAPH, PROV.wasDerivedFrom, WIKIDATA))
    graph.add((WIKIDATA_GRAPH, DCTERMS.license, CC0))
    for number, answer in enumerate(answers, start=1):
        activity = URIRef(f"{WIKIDATA_GRAPH}#retrieval-{number}")
        graph.add((WIKIDATA_GRAPH, PROV.wasGeneratedBy, activity))
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, PROV.used, URIRef(answer.endpoint)))
        graph.add((activity, PROV.endedAtTime, Literal(answer.retrieved, datatype=XSD.dateTime, normalize=False)))
        graph.add((activity, DCTERMS.description, Literal(answer.query)))
        for binding in answer.bindings():
            item = binding["item"]["value"]
            if item.removeprefix(WD) not in linked:
                continue
            graph.add((URIRef(item), URIRef(binding["property"]["value"]), _literal(binding["value"])))
    return graph


def _literal(term: dict) -> Literal | URIRef:
    """An RDF term from its SPARQL JSON form, with the lexical form Wikidata wrote.

    rdflib would rewrite ``...Z`` as ``...+00:00`` (the same instant, another RDF term):

    >>> str(_literal({"type": "literal", "value": "1953-11-09T00:00:00Z", "datatype": str(XSD.dateTime)}))
    '1953-11-09T00:00:00Z'
    """
    if term["type"] == "uri":
        return URIRef(term["value"])
    if "xml:lang" in term:
        return Literal(term["value"], lang=term["xml:lang"])
    if "datatype" in term:
        return Literal(term["value"], datatype=URIRef(term["datatype"]), normalize=False)
    return Literal(term["value"])
