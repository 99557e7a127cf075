"""What the curated files may say, read from the ontology itself.

The ontology annotates each relation with the class of its statements
(``dg:statementClass``) and each qualifier with its key in the facts files
(``dg:factKey``). Reading them here keeps the ontology the single source of truth:
a relation added there is usable in the facts files at once.

>>> vocabulary = Vocabulary.from_ontology()
>>> vocabulary.relations["strategicPartner"].symmetric
True
>>> vocabulary.qualifiers["level"].scheme
'partnership-level'
>>> vocabulary.relations["holdsPosition"].one_value, vocabulary.relations["visited"].one_value
('object', None)
>>> vocabulary.is_a("State", "Place")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from diplograph import ontology
from diplograph.ontology.namespaces import CONCEPT, DG


@dataclass(frozen=True)
class Relation:
    """A relation a fact can assert (the `p:` of a fact)."""

    name: str
    iri: URIRef
    statement_class: URIRef
    value_kind: str  # "entity", "concept" or "quantity"
    symmetric: bool
    domain: str | None  # local name of the subject's class
    range: str | None  # local name of the object's class, when value_kind is "entity"
    scheme: str | None  # concept scheme, when value_kind is "concept"
    label: str
    one_value: str | None = None  # "object", "subject" or "pair" for a relation that holds one value at a time


@dataclass(frozen=True)
class Qualifier:
    """A key of a fact that sets a qualifier of the statement."""

    key: str
    iri: URIRef
    kind: str  # "time", "entity", "concept", "decimal", "integer" or "string"
    scheme: str | None = None
    range: str | None = None  # class local name for "entity" qualifiers


@dataclass
class Vocabulary:
    """Relations, qualifiers, classes and concepts of the ontology."""

    relations: dict[str, Relation]
    qualifiers: dict[str, Qualifier]
    superclasses: dict[str, set[str]]  # class -> itself and all its ancestors (local names)
    concepts: dict[str, dict[str, URIRef]]  # scheme -> slug -> concept IRI
    labels: dict[URIRef, str] = field(default_factory=dict)

    @classmethod
    def from_ontology(cls, graph: Graph | None = None) -> Vocabulary:
        return _read(graph) if graph is not None else _default()

    @property
    def classes(self) -> set[str]:
        return set(self.superclasses)

    def is_a(self, class_name: str, ancestor: str) -> bool:
        """True when class_name is ancestor or one of its subclasses."""
        return ancestor in self.superclasses.get(class_name, set())


def _local(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@cache
def _default() -> Vocabulary:
    return _read(ontology.load())


def _read(graph: Graph) -> Vocabulary:
    labels = {s: str(o) for s, o in graph.subject_objects(RDFS.label) if isinstance(s, URIRef)}
    return Vocabulary(
        relations=_relations(graph, labels),
        qualifiers=_qualifiers(graph),
        superclasses=_class_closure(graph),
        concepts=_concepts(graph),
        labels=labels,
    )


def _relations(graph: Graph, labels: dict[URIRef, str]) -> dict[str, Relation]:
    relations = {}
    for prop, statement_class in graph.subject_objects(DG.statementClass):
        if not isinstance(prop, URIRef) or not isinstance(statement_class, URIRef):
            continue
        domain = graph.value(prop, RDFS.domain)
        range_ = graph.value(prop, RDFS.range)
        kind = str(graph.value(prop, DG.valueKind) or "entity")
        scheme = graph.value(prop, DG.conceptScheme)
        name = _local(prop)
        relations[name] = Relation(
            name=name,
            iri=prop,
            statement_class=statement_class,
            value_kind=kind,
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
            domain=_local(domain) if domain is not None else None,
            range=_local(range_) if kind == "entity" and range_ is not None else None,
            scheme=_local(scheme) if scheme is not None else None,
            label=labels.get(prop, name),
            one_value=str(graph.value(prop, DG.oneValueAtATime) or "") or None,
        )
    return relations


_DATATYPE_KINDS = {XSD.decimal: "decimal", XSD.integer: "integer", XSD.string: "string", RDFS.Literal: "time"}


def _qualifiers(graph: Graph) -> dict[str, Qualifier]:
    qualifiers = {}
    for prop, key in graph.subject_objects(DG.factKey):
        if not isinstance(prop, URIRef):
            continue
        range_ = graph.value(prop, RDFS.range)
        scheme = graph.value(prop, DG.conceptScheme)
        if scheme is not None:
            qualifier = Qualifier(str(key), prop, "concept", scheme=_local(scheme))
        elif isinstance(range_, URIRef) and range_ in _DATATYPE_KINDS:
            qualifier = Qualifier(str(key), prop, _DATATYPE_KINDS[range_])
        else:
            qualifier = Qualifier(str(key), prop, "entity", range=_local(range_) if range_ else None)
        qualifiers[str(key)] = qualifier
    return qualifiers


def _class_closure(graph: Graph) -> dict[str, set[str]]:
    closure = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and str(cls).startswith(str(DG)):
            ancestors = {_local(a) for a in graph.transitive_objects(cls, RDFS.subClassOf) if isinstance(a, URIRef)}
            closure[_local(cls)] = ancestors
    return closure


def _concepts(graph: Graph) -> dict[str, dict[str, URIRef]]:
    schemes: dict[str, dict[str, URIRef]] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        if isinstance(concept, URIRef) and str(concept).startswith(str(CONCEPT)):
            schemes.setdefault(_local(scheme), {})[_local(concept)] = concept
    return schemes
