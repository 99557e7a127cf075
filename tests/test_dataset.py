"""Properties every build of the corpus must have."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from diplograph.graph.build import parse_inputs
from diplograph.graph.evidence import normalise
from diplograph.graph.export import FORMATS, export
from diplograph.graph.outputs import DATASET_NQUADS
from diplograph.ontology.namespaces import PREFIXES

PREFIX = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIX + query)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def ask(store: ox.Store, query: str) -> bool:
    return bool(store.query(PREFIX + query))


def test_every_source_document_contributes_facts(corpus_store, corpus_build):
    sources = parse_inputs(corpus_build).sources
    rows = select(corpus_store, """
        SELECT ?id (COUNT(?s) AS ?n) WHERE {
          GRAPH dgg:sources { ?src dcterms:identifier ?id ; dg:factsGraph ?g }
          GRAPH ?g { ?s prov:wasDerivedFrom ?src }
        } GROUP BY ?id""")
    counts = {row["id"]: int(row["n"]) for row in rows}
    assert set(counts) == set(sources)
    assert all(n >= 10 for n in counts.values()), counts  # the shortest, a readout of 277 words, gives 10


def test_several_hundred_statements(corpus_store):
    (row,) = select(corpus_store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s dg:subject ?x } }")
    assert int(row["n"]) >= 400


def test_every_entity_has_an_english_label(corpus_store):
    unlabelled = select(corpus_store, """
        SELECT ?e WHERE { GRAPH dgg:entities { ?e a ?class }
          FILTER NOT EXISTS { GRAPH dgg:entities { ?e rdfs:label ?l FILTER(langMatches(lang(?l), "en")) } } }""")
    assert unlabelled == []


def test_every_entity_a_statement_names_is_described(corpus_store):
    orphans = select(corpus_store, """
        SELECT DISTINCT ?e WHERE {
          GRAPH ?g { ?s dg:subject|dg:object|dg:counterpart|dg:via|dg:toward|dg:place|dg:event|dg:about|dg:role ?e }
          FILTER(STRSTARTS(STR(?e), "https://w3id.org/diplograph/id/"))
          FILTER NOT EXISTS { GRAPH dgg:entities { ?e rdfs:label ?l } } }""")
    assert orphans == []


def test_no_statement_lacks_a_source_or_a_quote(corpus_store):
    assert not ask(corpus_store, """
        ASK { GRAPH ?g { ?s dg:subject ?x }
          FILTER NOT EXISTS { GRAPH ?g { ?s prov:wasDerivedFrom ?src ; dg:evidence/oa:exact ?q } } }""")


def test_each_statement_lives_in_the_graph_of_its_own_source(corpus_store):
    assert not ask(corpus_store, """
        ASK { GRAPH ?g { ?s prov:wasDerivedFrom ?src }
          GRAPH dgg:sources { ?src dg:factsGraph ?own }
          FILTER(?g != ?own) }""")


def test_every_quote_is_short_and_verbatim_in_its_source(corpus_store, corpus_build):
    sources = parse_inputs(corpus_build).sources
    texts = {s.id: normalise(s.read_text(s.folder(corpus_build)).original) for s in sources.values()}
    rows = select(corpus_store, """
        SELECT ?id ?exact WHERE { GRAPH ?g { ?s prov:wasDerivedFrom ?src ; dg:evidence/oa:exact ?exact }
          GRAPH dgg:sources { ?src dcterms:identifier ?id } }""")
    assert len(rows) >= 500
    for row in rows:
        assert len(row["exact"]) < 300
        assert normalise(row["exact"]) in texts[row["id"]], row


def test_sources_that_disagree_both_stand(corpus_store):
    rows = select(corpus_store, """
        SELECT ?id ?value WHERE { GRAPH ?g {
          ?s dg:predicate dg:figure ; dg:measure <https://w3id.org/diplograph/concept/measure/peacekeepers-deployed> ;
             dg:value ?value ; prov:wasDerivedFrom ?src }
          GRAPH dgg:sources { ?src dcterms:identifier ?id } }""")
    values = {(row["id"], float(row["value"])) for row in rows}
    assert ("bong-2023", 8300.0) in values
    assert ("yen-2024", 9000.0) in values


def test_states_carry_their_codes_and_verified_wikidata_ids(corpus_store):
    (row,) = select(corpus_store, """
        SELECT ?a2 ?a3 ?num ?cow ?fips ?wd WHERE { GRAPH dgg:entities {
          dgr:cambodia dg:iso3166Alpha2 ?a2 ; dg:iso3166Alpha3 ?a3 ; dg:iso3166Numeric ?num ;
                       dg:cowCode ?cow ; dg:fips104 ?fips ; dg:wikidata ?wd ; dg:wikidataCheckedIn ?where } }""")
    assert row == {"a2": "KH", "a3": "KHM", "num": "116", "cow": "811", "fips": "CB", "wd": "http://www.wikidata.org/entity/Q424"}


def test_aliases_the_corpus_uses_are_searchable(corpus_store):
    for alias, slug in [("ROK", "south-korea"), ("MOFAIC", "mofaic"), ("SSEZ", "sihanoukville-sez"), ("FOIP", "foip")]:
        rows = select(corpus_store, f"""SELECT ?e WHERE {{ GRAPH dgg:entities {{ ?e skos:altLabel "{alias}"@en }} }}""")
        assert [r["e"] for r in rows] == [f"https://w3id.org/diplograph/id/{slug}"]


def test_direct_edges_are_derived_from_statements(corpus_store):
    assert ask(corpus_store, "ASK { GRAPH dgg:truthy { dgr:cambodia dg:strategicPartner dgr:south-korea . "
                             "dgr:south-korea dg:strategicPartner dgr:cambodia } }")
    # every direct edge has at least one statement behind it
    assert not ask(corpus_store, """
        ASK { GRAPH dgg:truthy { ?a ?p ?b } FILTER(?p NOT IN (dg:participant, dg:date, dg:heldIn))
          FILTER NOT EXISTS { GRAPH ?g { ?s dg:predicate ?p ; dg:subject ?a ; dg:object ?b } }
          FILTER NOT EXISTS { GRAPH ?g { ?s dg:predicate ?p ; dg:subject ?b ; dg:object ?a } } }""")


def _rdflib_dataset(data: bytes, rdflib_format: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=data, format=rdflib_format)
    return dataset


def _graphs(dataset: Dataset) -> dict[str, object]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


@pytest.fixture(scope="module")
def built_graphs(corpus_build) -> dict[str, object]:
    """The built dataset's named graphs, read once by rdflib for the three round trips below."""
    return _graphs(_rdflib_dataset((corpus_build.build / DATASET_NQUADS).read_bytes(), "nquads"))


@pytest.mark.parametrize(("name", "rdflib_format"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_export_then_reimport_is_isomorphic_graph_by_graph(corpus_store, built_graphs, name, rdflib_format):
    original = built_graphs
    buffer = io.BytesIO()
    export(corpus_store, name, buffer)
    again = _graphs(_rdflib_dataset(buffer.getvalue(), rdflib_format))
    assert set(again) == set(original)
    for iri, graph in original.items():
        assert isomorphic(graph, again[iri]), iri


@pytest.mark.parametrize("name", ["turtle", "ntriples"])
def test_triple_formats_carry_the_union_of_all_graphs(corpus_store, name):
    buffer = io.BytesIO()
    export(corpus_store, name, buffer)
    union = {(q.subject, q.predicate, q.object) for q in corpus_store}
    parsed = set(ox.parse(buffer.getvalue(), FORMATS[name]))
    assert {(t.subject, t.predicate, t.object) for t in parsed} == union
