"""Reading a finished build back: the dataset as an in-memory Oxigraph store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .build import DATASET_NQUADS


class NotBuilt(FileNotFoundError):
    """There is no build to read; `diplograph build` makes one."""


def dataset_file(build_dir: Path) -> Path:
    """The N-Quads file of a build; raise NotBuilt when it is missing."""
    path = build_dir / DATASET_NQUADS
    if not path.is_file():
        raise NotBuilt(f"no built dataset at {path}: run `diplograph build` first")
    return path


def load_store(build_dir: Path) -> ox.Store:
    """The built dataset, every named graph included, in an in-memory Oxigraph store."""
    store = ox.Store()
    store.bulk_load(path=str(dataset_file(build_dir)), format=ox.RdfFormat.N_QUADS)
    return store
