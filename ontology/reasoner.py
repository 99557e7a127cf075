"""Consistency checking of ontology plus data.

HermiT (bundled with owlready2, needs a Java runtime) is the reasoner of record;
:mod:`.hermit` runs it so that java never outlives the build.
Without Java the check falls back to an OWL RL closure computed by owlrl, which
finds a smaller class of contradictions, and says so.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, XSD

# Datatypes HermiT understands (the OWL 2 datatype map); literals of other types
# (xsd:gYear, xsd:gYearMonth, xsd:date) are left out of the reasoner's input.
_OWL2_DATATYPES = {XSD.string, XSD.decimal, XSD.integer, XSD.boolean, XSD.dateTime, None}
_SKIPPED_PREDICATES = {
    # dg:predicate names a property as a value (punning); reasoning over it adds nothing.
    "https://w3id.org/diplograph/ontology#predicate",
}


@dataclass
class ReasonerReport:
    """What the reasoner found."""

    reasoner: str  # "HermiT" or "OWL RL (owlrl)"
    consistent: bool
    problems: list[str] = field(default_factory=list)
    note: str | None = None


def java_available() -> bool:
    """True when a Java runtime is on PATH, so HermiT can run."""
    return shutil.which("java") is not None


def reasoner_input(graph: Graph) -> Graph:
    """The triples the reasoner sees: everything but punned predicates and non-OWL-2 literals."""
    reduced = Graph()
    for s, p, o in graph:
        if str(p) in _SKIPPED_PREDICATES:
            continue
        if isinstance(o, Literal) and o.datatype not in _OWL2_DATATYPES:
            continue
        reduced.add((s, p, o))
    return reduced


def check_consistency(graph: Graph, *, prefer: str = "auto") -> ReasonerReport:
    """Check ontology plus data for consistency: HermiT when Java is present, else OWL RL.

    ``prefer`` is "auto", "hermit" or "owlrl".
    """
    data = reasoner_input(graph)
    if prefer == "owlrl" or (prefer == "auto" and not java_available()):
        report = _owlrl(data)
        if prefer == "auto":
            report.note = "no Java runtime found: checked with an OWL RL closure (owlrl) instead of HermiT"
        return report
    return _hermit(data)


def _hermit(data: Graph) -> ReasonerReport:
    from .hermit import classify

    result = classify(data.serialize(format="nt", encoding="utf-8"))
    if not result.consistent:
        return ReasonerReport("HermiT", False, ["the ontology and data are inconsistent"])
    problems = [f"unsatisfiable class: {iri}" for iri in result.unsatisfiable]
    return ReasonerReport("HermiT", not problems, problems)


def _owlrl(data: Graph) -> ReasonerReport:
    import owlrl
    from owlrl.Namespaces import ERRNS

    closure = Graph()
    for triple in data:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    problems = [str(message) for message in closure.objects(None, ERRNS.error)]
    problems += [f"{s} is a member of owl:Nothing" for s in closure.subjects(RDF.type, OWL.Nothing)]
    return ReasonerReport("OWL RL (owlrl)", not problems, problems)
