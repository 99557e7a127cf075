"""A corpus build made once and kept between test runs, keyed by a digest of everything the build reads.

The build layer imports only the packages below it (the layer contract in pyproject.toml), so its output is
a function of their files, the curated data, the corpus texts and the versions of the RDF libraries. A change
to any of them names another cache folder; a change anywhere else (the web app, the views, the tests) keeps
the cached build. Builds are byte-identical for the same inputs (tests/test_build_reproducible.py checks it
against a fresh build), which is what makes the cache sound.

>>> len(inputs_digest(Settings.default())) == 64
True
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from diplograph.graph.settings import Settings

PROJECT = Path(__file__).resolve().parent.parent
CACHE = PROJECT / ".venv" / "test-cache"
#: What the build layer can read: itself and the layers under it, and the module that writes canonical bytes.
BUILD_LAYER = ("graph", "ontology", "diplograph/sparql", "diplograph/canonical.py", "diplograph/version.py")
LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl", "owlrl", "pyyaml")


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def inputs_digest(settings: Settings) -> str:
    """A SHA-256 over the build layer's files, the data, the corpus and the libraries' versions."""
    digest = hashlib.sha256()
    roots = [PROJECT / part for part in BUILD_LAYER] + [settings.data, settings.corpus]
    for root in roots:
        for path in _files(root.resolve()):
            digest.update(str(path.relative_to(root.resolve().parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent".encode())
    return digest.hexdigest()


def cached_build(settings: Settings, build: Callable[[Path], object]) -> None:
    """Copy the cached build of ``settings``'s inputs to ``settings.build``, making it with ``build`` first if no
    run has. A lock file makes the workers that arrive together wait for the one that builds."""
    CACHE.mkdir(parents=True, exist_ok=True)
    folder = CACHE / f"corpus-{inputs_digest(settings)}"
    with open(CACHE / "corpus.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not folder.is_dir():
            for stale in CACHE.glob("corpus-*"):  # one cached build at a time: the inputs changed
                shutil.rmtree(stale, ignore_errors=True)
            staging = CACHE / "staging"
            shutil.rmtree(staging, ignore_errors=True)
            build(staging)
            staging.rename(folder)
    shutil.copytree(folder, settings.build)
