"""diplograph: an evidence-first knowledge graph of foreign policy in Southeast Asia and the Indo-Pacific.

The package gathers four parts under one namespace:

- ``diplograph.ontology``: the OWL ontology, SKOS concept schemes and SHACL shapes;
- ``diplograph.graph``: the curated facts and the build that turns them into RDF;
- ``diplograph.queries``: named SPARQL queries;
- ``diplograph.viz``: network views.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("diplograph")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
