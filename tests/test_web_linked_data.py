"""Every IRI the graph mints dereferences: a page for a browser, RDF for everyone else."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

import diplograph
from diplograph.web.resources import local_path

MINTED = """
SELECT DISTINCT ?iri WHERE {
  { GRAPH ?g { ?iri ?p ?o } } UNION { GRAPH ?g { ?s ?p ?iri } }
  FILTER (isIRI(?iri) && STRSTARTS(STR(?iri), "https://w3id.org/diplograph/")
          && !STRSTARTS(STR(?iri), "https://w3id.org/diplograph/ontology"))
}"""


@pytest.fixture(scope="module")
def minted(corpus_build) -> list[str]:
    with diplograph.open(build_dir=corpus_build.build) as graph:
        return sorted(str(row["iri"]) for row in graph.query(MINTED))


@pytest.mark.slow
def test_every_minted_iri_has_a_page(web, minted):
    entities = [iri for iri in minted if "/id/" in iri]
    assert len(entities) > 200
    failures = []
    for iri in minted:
        response = web.get(local_path(iri), headers={"Accept": "text/html"})
        if response.status_code != 200 or "text/html" not in response.headers["content-type"]:
            failures.append((iri, response.status_code))
    assert failures == []


@pytest.mark.slow
def test_every_entity_answers_in_turtle_about_itself(web, minted):
    for iri in (iri for iri in minted if "/id/" in iri):
        response = web.get(local_path(iri) + ".ttl")
        assert response.status_code == 200, iri
        graph = Graph().parse(data=response.text, format="turtle")
        assert (URIRef(iri), None, None) in graph or (None, None, URIRef(iri)) in graph, iri


def test_the_pages_own_assets_are_served(web):
    """Scripts and styles come from this server, not from a page route that shadows them."""
    for path, media in [("/static/app.css", "text/css"), ("/static/app.js", "javascript"),
                        ("/static/editor.js", "javascript")]:
        response = web.get(path)
        assert response.status_code == 200 and media in response.headers["content-type"], path
