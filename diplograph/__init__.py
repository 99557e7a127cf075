"""diplograph: an evidence-first knowledge graph of foreign policy in Southeast Asia and the Indo-Pacific.

The package gathers four parts under one namespace:

- ``diplograph.ontology``: the OWL ontology, SKOS concept schemes and SHACL shapes;
- ``diplograph.graph``: the curated facts and the build that turns them into RDF;
- ``diplograph.queries``: named SPARQL queries;
- ``diplograph.viz``: network views.
"""

from __future__ import annotations

from diplograph.version import __version__

__all__ = ["__version__", "open"]


def open(store=None, *, build_dir=None, load=None, allow_services=None):  # noqa: A001 - the natural name, as in shelve.open
    """Open the built graph: ``kg = diplograph.open()``, then ``kg.query(name_or_sparql, **params)``.

    See :class:`diplograph.api.KnowledgeGraph`.
    """
    from diplograph.api import KnowledgeGraph

    return KnowledgeGraph.open(store, build_dir=build_dir, load=load, allow_services=allow_services)
