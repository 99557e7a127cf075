"""Reading a finished build back: the dataset, and the tables imported into it, as an in-memory Oxigraph store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from .build import DATASET_NQUADS, IMPORTS_DIR


class NotBuilt(FileNotFoundError):
    """There is no build to read; `diplograph build` makes one."""


def dataset_file(build_dir: Path) -> Path:
    """The N-Quads file of a build; raise NotBuilt when it is missing."""
    path = build_dir / DATASET_NQUADS
    if not path.is_file():
        raise NotBuilt(f"no built dataset at {path}: run `diplograph build` first")
    return path


def dataset_files(build_dir: Path) -> list[Path]:
    """The build's N-Quads file, then each imported table's (``imports/*.nq``, by name); NotBuilt without a build."""
    return [dataset_file(build_dir), *sorted((build_dir / IMPORTS_DIR).glob("*.nq"))]


def read_quads(build_dir: Path) -> Iterator[ox.Quad]:
    """The quads of a build's files exactly as written: lexical forms and blank node labels included.

    A store (:func:`load_store`) is what queries need; this is what exports need, since a
    store writes typed literals back in canonical form and relabels blank nodes. The
    imported tables' blank nodes are relabelled, so that two files cannot share one by chance.
    """
    main, *imported = dataset_files(build_dir)
    yield from ox.parse(path=str(main), format=ox.RdfFormat.N_QUADS)
    for path in imported:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, rename_blank_nodes=True)


def load_store(build_dir: Path) -> ox.Store:
    """The built dataset and its imported tables, every named graph included, in an in-memory Oxigraph store."""
    store = ox.Store()
    for path in dataset_files(build_dir):
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store
