"""The ontology documents itself and every relation is checked by a shape."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from diplograph import ontology
from diplograph.graph.vocabulary import Vocabulary
from diplograph.ontology.namespaces import DG, SH


def own_terms(graph, kind):
    return {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(DG))}


def test_every_class_and_property_has_a_label_and_a_definition():
    graph = ontology.load()
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        terms |= own_terms(graph, kind)
    assert len(terms) > 100
    missing = [t for t in terms if graph.value(t, RDFS.label) is None or graph.value(t, SKOS.definition) is None]
    assert missing == []


def test_every_concept_has_a_label_a_definition_and_a_scheme():
    graph = ontology.load()
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    for concept in concepts:
        assert graph.value(concept, SKOS.prefLabel) is not None, concept
        assert graph.value(concept, SKOS.definition) is not None, concept
        assert graph.value(concept, SKOS.inScheme) is not None, concept


def test_every_statement_class_is_the_target_of_a_shape():
    shapes = ontology.load_shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    vocabulary = Vocabulary.from_ontology()
    statement_classes = {r.statement_class for r in vocabulary.relations.values()}
    graph = ontology.load()
    for cls in statement_classes:
        ancestors = set(graph.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & targeted - {DG.Statement}, f"no shape for {cls} beyond the generic statement shape"


def test_relations_are_aligned_with_wikidata_properties_where_one_exists():
    graph = ontology.load()
    aligned = {str(o) for p in (SKOS.exactMatch, SKOS.closeMatch) for o in graph.objects(None, p)}
    for pid in ("P463", "P530", "P580", "P582", "P585", "P39", "P1683"):
        assert f"http://www.wikidata.org/entity/{pid}" in aligned


def test_iris_look_persistent():
    graph = ontology.load()
    for term in own_terms(graph, OWL.Class) | own_terms(graph, OWL.ObjectProperty):
        assert str(term).startswith("https://w3id.org/diplograph/")


def test_the_documentation_page_lists_classes_and_relations(tmp_path):
    from diplograph.ontology.docs import write_html

    page = write_html(ontology.load(), tmp_path / "index.html").read_text()
    for name in ("strategic partner", "partnership statement", "Stances and strategies", "stance toward"):
        assert name in page
