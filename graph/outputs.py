"""A build's outputs: the names of the files it writes, and reading them back.

The build (``graph.build``) writes these files; the API, the CLI, the web app and
the table import read them. Neither side needs the other, only this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from diplograph.sparql.stores import Store

DATASET_TRIG = "diplograph.trig"
DATASET_NQUADS = "diplograph.nq"
ONTOLOGY_TURTLE = "ontology.ttl"
ONTOLOGY_DOCS = "ontology/index.html"
REPORT_JSON = "build-report.json"
VOID_TURTLE = "void.ttl"
SEARCH_INDEX = "search.sqlite"  # the full-text index of quotes and source lines (SQLite FTS5; see textindex.py)
IMPORTS_DIR = "imports"  # tables imported with `diplograph import`, one N-Quads file each


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

    A store is what queries need; this is what exports need, since a store (Oxigraph's)
    writes typed literals back in canonical form and relabels blank nodes. The
    imported tables' blank nodes are relabelled, so that two files cannot share one by chance.
    """
    main, *imported = dataset_files(build_dir)
    yield from ox.parse(path=str(main), format=ox.RdfFormat.N_QUADS)
    for path in imported:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, rename_blank_nodes=True)


def open_built(store: str | Store | None = None, build_dir: Path | str | None = None, *,
               load: bool | None = None) -> Store:
    """Open a store (a spec such as ``oxigraph``, ``oxigraph:PATH``, ``rdflib``, an endpoint URL, or a Store) and,
    unless it is a remote endpoint or a persistent store that already holds data, load the build's dataset into it
    (the default build folder when ``build_dir`` is None). ``load`` forces loading on (push the dataset to a remote
    endpoint) or off. What ``diplograph.open`` and the server's query workers start from; it needs none of the
    query layer, so a worker starts quickly.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     quad = "<http://e.x/s> <http://e.x/p> <http://e.x/o> <http://e.x/g> .\\n"
    ...     _ = (Path(folder) / DATASET_NQUADS).write_text(quad)
    ...     len(open_built("oxigraph", folder))
    1
    """
    from diplograph.sparql.stores import Store as StoreProtocol
    from diplograph.sparql.stores import open_store

    from .settings import Settings

    backend = store if isinstance(store, StoreProtocol) else open_store(store)
    if load is None:
        load = not backend.capabilities.remote and not (backend.capabilities.persistent and len(backend))
    if load:
        folder = Path(build_dir) if build_dir is not None else Settings.default().build
        for path in dataset_files(folder):  # the build's dataset, then the tables imported into it
            backend.load(path, "nquads", validated=True)
    return backend
