"""The linkage report and the dataset's VoID and DCAT description, from the CLI, the build and the web app."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

import diplograph
from diplograph.cli import cli
from diplograph.graph.void import DATASET, WIKIDATA_LINKSET

VOID = Namespace("http://rdfs.org/ns/void#")
ENTITY_COUNTS = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
SELECT (COUNT(DISTINCT ?e) AS ?entities) (COUNT(DISTINCT ?linked) AS ?links) WHERE {
  GRAPH <https://w3id.org/diplograph/graph/entities> { ?e a ?class OPTIONAL { ?e dg:wikidata ?q BIND(?e AS ?linked) } }
}"""


@pytest.fixture(scope="module")
def counts(corpus_build) -> tuple[int, int]:
    with diplograph.open(build_dir=corpus_build.build) as graph:
        row = next(iter(graph.query(ENTITY_COUNTS)))
        return int(row["entities"].toPython()), int(row["links"].toPython())


def test_cli_report_counts_every_entity_and_link(corpus_build, counts):
    result = CliRunner().invoke(cli, ["linkage", "--format", "json", "--build-dir", str(corpus_build.build)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    entities, links = counts
    assert (report["entities"], report["linked"]) == (entities, links)
    assert sum(row["entities"] for row in report["classes"]) == entities
    assert len(report["unlinked"]) == entities - links
    assert report["state_codes"]["iso3"]["with"] <= report["state_codes"]["iso3"]["states"]


def test_every_entity_is_linked_or_checked_and_says_why_not(corpus_build, counts):
    """The four Wikidata states cover every entity once; none is left unchecked; each unlinked one says why."""
    result = CliRunner().invoke(cli, ["linkage", "--format", "json", "--build-dir", str(corpus_build.build)])
    report = json.loads(result.output)
    states = report["states"]
    assert set(states) == {"linked", "no item", "unverified", "not checked"}
    assert sum(states.values()) == counts[0] and states["linked"] == counts[1]
    assert states["not checked"] == 0, [e["label"] for e in report["unlinked"] if e["state"] == "not checked"]
    assert states["no item"] and states["unverified"]
    for row in report["classes"]:
        assert row["entities"] == row["linked"] + row["no_item"] + row["unverified"] + row["not_checked"]
    assert all(entity["note"] for entity in report["unlinked"])
    assert {entity["state"] for entity in report["unlinked"]} == {"no item", "unverified"}


def test_every_link_says_the_kind_of_evidence_and_where(corpus_build):
    with diplograph.open(build_dir=corpus_build.build) as graph:
        rows = graph.query("""PREFIX dg: <https://w3id.org/diplograph/ontology#>
            SELECT ?e ?where WHERE { GRAPH <https://w3id.org/diplograph/graph/entities> {
              ?e dg:wikidata ?q OPTIONAL { ?e dg:wikidataCheckedIn ?where } } }""").values()
    assert rows
    kinds = ("wikidata-export: ", "dataset: ", "code: ", "page: ", "review: ")
    assert [row["e"] for row in rows if not str(row.get("where", "")).startswith(kinds)] == []


def test_cli_table_and_markdown(corpus_build):
    for format in ("table", "markdown"):
        result = CliRunner().invoke(cli, ["linkage", "--format", format, "--no-unlinked", "--build-dir",
                                          str(corpus_build.build)])
        assert result.exit_code == 0
        assert "linked to Wikidata" in result.output and "not checked yet" in result.output
        assert "no Wikidata item (checked)" not in result.output  # the lists are left out
    listed = CliRunner().invoke(cli, ["linkage", "--build-dir", str(corpus_build.build)])
    assert "no Wikidata item (checked)" in listed.output and "unverified" in listed.output


def test_the_build_writes_a_void_and_dcat_description(corpus_build, counts):
    graph = Graph().parse(corpus_build.build / "void.ttl", format="turtle")
    assert (DATASET, RDF.type, VOID.Dataset) in graph and (DATASET, RDF.type, DCAT.Dataset) in graph
    assert graph.value(DATASET, VOID.entities).toPython() == counts[0]
    assert graph.value(WIKIDATA_LINKSET, VOID.triples).toPython() == counts[1]
    quads = sum(1 for line in (corpus_build.build / "diplograph.nq").read_text().splitlines() if line.strip())
    assert graph.value(DATASET, VOID.triples).toPython() == quads
    subsets = {s for s in graph.objects(DATASET, VOID.subset) if (s, RDF.type, VOID.Dataset) in graph}
    assert sum(graph.value(s, VOID.triples).toPython() for s in subsets) == quads  # the graphs partition the quads
    downloads = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert downloads == {f"{DATASET}/diplograph.trig", f"{DATASET}/diplograph.nq"}
    assert graph.value(DATASET, URIRef("http://www.w3.org/ns/dcat#version")) == Literal(diplograph.__version__)


def test_the_app_serves_the_description_with_its_endpoint(web):
    response = web.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert graph.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1/sparql")
    download = web.get("/dataset/diplograph.nq")
    assert download.status_code == 200 and download.headers["content-type"].startswith("application/n-quads")
    assert web.get("/dataset/secrets.txt").status_code == 404
    assert web.get("/dataset/..%2Fvoid.ttl").status_code == 404


def test_the_linkage_page_and_json(web, counts):
    page = web.get("/linkage", headers={"Accept": "text/html"})
    assert page.status_code == 200 and f"{counts[1]} of {counts[0]} entities" in page.text
    assert "0 not checked yet" in page.text and "no Wikidata item (checked)" in page.text
    data = web.get("/linkage", headers={"Accept": "application/json"}).json()
    assert (data["entities"], data["linked"]) == counts


def test_every_state_carries_un_m49_the_same_digits_as_its_iso_numeric_code(corpus_build):
    query = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
               SELECT ?state ?numeric ?m49 WHERE { GRAPH <https://w3id.org/diplograph/graph/entities> {
                 ?state a dg:State OPTIONAL { ?state dg:iso3166Numeric ?numeric }
                 OPTIONAL { ?state dg:unM49 ?m49 } } }"""
    with diplograph.open(build_dir=corpus_build.build) as graph:
        rows = graph.query(query).values()
    assert rows and all(row.get("m49") and row["m49"] == row.get("numeric") for row in rows), \
        [row for row in rows if row.get("m49") != row.get("numeric")]


def test_the_jsonld_export_reads_as_schema_org(corpus_build):
    result = CliRunner().invoke(cli, ["export", "--format", "jsonld", "--build-dir", str(corpus_build.build)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["@context"]["@vocab"] == "https://schema.org/"
    restated = {node["@id"]: node for graph in document["@graph"] if graph["@id"] == "dgg:schema-org"
                for node in graph["@graph"]}
    query = """PREFIX dg: <https://w3id.org/diplograph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
               SELECT ?entity ?class ?label ?item WHERE { GRAPH <https://w3id.org/diplograph/graph/entities> {
                 ?entity a ?class ; rdfs:label ?label OPTIONAL { ?entity dg:wikidata ?item } } }"""
    with diplograph.open(build_dir=corpus_build.build) as graph:
        entities = graph.query(query).values()
    for row in entities:
        node = restated[row["entity"].replace("https://w3id.org/diplograph/id/", "dgr:")]
        assert node["name"]["@value"] == row["label"]
        same_as = row["item"].replace("http://www.wikidata.org/entity/", "wd:") if "item" in row else None
        assert node.get("sameAs") == same_as
    states = [node for iri, node in restated.items() if iri.startswith("dgr:") and node["@type"] == "Country"]
    assert len(states) == sum(1 for row in entities if row["class"].endswith("#State"))
    sources = [node for iri, node in restated.items() if iri.startswith("dgsrc:")]
    assert sources and all(node["@type"] in ("Article", "Report", "CreativeWork") and "headline" in node
                           for node in sources)
