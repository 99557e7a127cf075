"""The diplograph ontology: OWL 2 classes and relations, SKOS concept schemes and SHACL shapes.

The Turtle files beside this module are the source of truth; they ship as package data.

>>> sorted(path.name for path in source_files())
['alignment.ttl', 'concepts.ttl', 'diplograph.ttl']
>>> len(load()) > 1000
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Graph

ONTOLOGY_FILE = "diplograph.ttl"
CONCEPTS_FILE = "concepts.ttl"
#: PLOVER, CAMEO, quad class and Goldstein codes of relations, statement kinds and stances
ALIGNMENT_FILE = "alignment.ttl"
SHAPES_FILE = "shapes.ttl"


def data_path(name: str) -> Path:
    """The path of one of the ontology's data files, installed or in a checkout."""
    return Path(str(resources.files(__name__).joinpath(name)))


def source_files() -> list[Path]:
    """The files that make up the ontology proper (classes, relations, concepts, the event-data alignment)."""
    return [data_path(ONTOLOGY_FILE), data_path(CONCEPTS_FILE), data_path(ALIGNMENT_FILE)]


def load() -> Graph:
    """The ontology and its concept schemes as one rdflib Graph, each literal as the files write it."""
    from diplograph.canonical import verbatim_literals

    graph = Graph()
    with verbatim_literals():
        for path in source_files():
            graph.parse(path, format="turtle")
    return graph


def load_shapes() -> Graph:
    """The SHACL shapes that every build validates the data against."""
    return Graph().parse(data_path(SHAPES_FILE), format="turtle")
