"""SPARQL texts kept as ``.rq`` files beside the code that runs them, read through one loader.

Each package that runs SPARQL keeps its queries in a ``queries/`` folder of its own (the named queries of
``diplograph.queries`` sit at that package's top): a query is then an ordinary file that editors highlight,
that wheels ship (``[tool.setuptools.package-data]``), and that no Python string hides.

>>> "COUNT(*)" in read("diplograph.sparql.stores", "quad-count")
True
>>> read("diplograph.sparql.stores", "no-such-query")
Traceback (most recent call last):
...
FileNotFoundError: no query no-such-query.rq in diplograph.sparql.stores
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

#: The folder of a package that holds its queries, unless the package is a query library itself.
FOLDER = "queries"


def folder(package: str, subfolder: str | None = FOLDER) -> Path:
    """The folder holding a package's ``.rq`` files (``subfolder`` None: the package's own folder)."""
    root = Path(str(resources.files(package))).resolve()  # in a checkout, diplograph/graph links to graph/
    return root / subfolder if subfolder else root


def path(package: str, name: str, subfolder: str | None = FOLDER) -> Path:
    """The file of the query ``name`` (``name.rq``; ``name`` may hold a subfolder, as ``internal/evidence``)."""
    return folder(package, subfolder) / f"{name}.rq"


@cache
def read(package: str, name: str, subfolder: str | None = FOLDER) -> str:
    """The text of the query ``name`` of ``package``, read once. FileNotFoundError names what is missing."""
    try:
        return path(package, name, subfolder).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"no query {name}.rq in {package}") from None
