"""Importing a user's table (a CSV keyed by ISO 3166, COW or Wikidata codes) into its own named graph.

A declarative mapping (``mapping.py``) says which column is the key and what each column becomes;
the key is matched to our entities by the codes the graph carries (``keys.py``); each row becomes a
node linked to its entity, with the table's provenance beside it (``run.py``); the graph is written to
``build/imports/<name>.nq`` in one rename (``output.py``), where ``diplograph query`` and ``serve`` load it.
The curated graph and the files under ``graph/`` are never touched.
"""

from .keys import CODES, EntityIndex
from .mapping import BUILTIN_PREFIXES, DGI, Column, Mapping, load_mapping, parse_mapping
from .output import import_file, write_atomically
from .run import ImportResult, run_import

__all__ = ["BUILTIN_PREFIXES", "CODES", "DGI", "Column", "EntityIndex", "ImportResult", "Mapping", "import_file",
           "load_mapping", "parse_mapping", "run_import", "write_atomically"]
