"""Human-readable HTML documentation of the ontology, made with pyLODE."""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph


def _import_ontpub():
    # pyLODE configures the root logger when imported; keep the caller's logging as it was.
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers
    return OntPub


def write_html(ontology_graph: Graph, destination: Path) -> Path:
    """Write the ontology's documentation page (one self-contained HTML file)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    _import_ontpub()(ontology=ontology_graph).make_html(destination=destination, include_css=True)
    return destination
