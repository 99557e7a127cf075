"""A build read into a bare pyoxigraph Store, for tests that check the data with pyoxigraph's own API."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from diplograph.graph.outputs import dataset_files


def load_store(build_dir: Path) -> ox.Store:
    """The built dataset and its imported tables, every named graph included, in an in-memory Oxigraph store."""
    store = ox.Store()
    for path in dataset_files(build_dir):
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store
