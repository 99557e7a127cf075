"""Shared fixtures: paths, the fixture dataset, and one corpus build shared by the workers and kept between runs.

Under pytest-xdist (`make test`, `make test-fast`) every worker is a session of its own. The corpus is built
once into a cache folder named by a digest of everything the build reads (see `tests/buildcache.py`): the first
worker builds it while the others wait, a later run with the same inputs builds nothing, and every worker
copies the build into a folder of its own, so no test writes where another reads. Live servers take free ports;
the tests that only read the corpus through a server share one per worker (``corpus_server``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from diplograph.graph.build import build
from diplograph.graph.settings import Settings

from .buildcache import cached_build
from .rawstore import load_store

TESTS = Path(__file__).parent
MINI_DATA = TESTS / "data" / "mini"
MINI_CORPUS = TESTS / "data" / "mini-corpus"

# The quick loop (`make test-fast`) tries a quarter of the examples each property-based test asks for;
# `make test` tries them all (see tests/examples.py).
hypothesis_settings.register_profile("fast", max_examples=25)


def require(condition: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI, where everything must run."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus_settings() -> Settings:
    """Settings for the real corpus; the corpus must be present beside the project."""
    settings = Settings.default()
    require(settings.corpus.is_dir(), f"corpus not found at {settings.corpus}")
    return settings


@pytest.fixture(scope="session")
def corpus_build(corpus_settings: Settings, tmp_path_factory) -> Settings:
    """The real corpus, built without reasoner and docs (those are tested on their own), in a folder of this
    worker's own."""
    settings = corpus_settings.with_(build=tmp_path_factory.mktemp("corpus-build") / "build")
    cached_build(settings, lambda target: build(settings.with_(build=target), reasoner="none", docs=False))
    return settings


@pytest.fixture(scope="session")
def virtuoso_endpoint(corpus_build: Settings, tmp_path_factory) -> Iterator[str]:
    """A Virtuoso started for the session on 127.0.0.1, holding the corpus build loaded the way a Virtuoso user
    loads a dump (its bulk loader, ld_dir and rdf_loader_run, through isql-vt); yields its SPARQL endpoint."""
    from diplograph.graph.outputs import dataset_files

    from .servers import VIRTUOSO_INSTALL, virtuoso_executable, virtuoso_server

    require(virtuoso_executable() is not None, f"the Virtuoso server virtuoso-t is needed: {VIRTUOSO_INSTALL}")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso"), readable=[corpus_build.build]) as server:
        server.bulk_load(dataset_files(corpus_build.build))
        yield server.sparql


@pytest.fixture(scope="session")
def corpus_store(corpus_build: Settings):
    return load_store(corpus_build.build)


@pytest.fixture
def mini(tmp_path: Path) -> Settings:
    """A private, editable copy of the small fixture dataset, with its own corpus."""
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    return Settings(data=data, corpus=MINI_CORPUS, build=tmp_path / "build")


@pytest.fixture(scope="session")
def documented_build(corpus_build: Settings, tmp_path_factory) -> Path:
    """A copy of the corpus build with the ontology's documentation written, as `diplograph build` writes it (the
    cached build leaves it out): what the web app and the live servers serve, the ontology page included."""
    from .web import documented_copy

    return documented_copy(corpus_build.build, tmp_path_factory.mktemp("documented"))


@pytest.fixture(scope="session")
def web_settings(documented_build: Path):
    from diplograph.web.settings import ServerSettings

    return ServerSettings(build=documented_build, timeout=20, workers=2, max_rows=10_000)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for a module's browser tests (tests/browser.py says how it is started)."""
    from .browser import chromium

    with chromium() as running:
        yield running


@pytest.fixture(scope="session")
def corpus_server(documented_build: Path) -> Iterator[str]:
    """`diplograph serve` over the corpus build, its ontology documented (the ontology page is one of the pages
    checked), on a free loopback port; shared by the worker's tests that only read through it. Its overview and
    Cambodia's neighbourhood are drawn once already: a task's time is what an analyst waits for, not the first
    layout. Yields the base URL."""
    import urllib.request

    from .web import live_server

    with live_server(documented_build) as base:
        for path in ("/views/overview", "/views/ego/cambodia?embedded=1"):
            with urllib.request.urlopen(base + path, timeout=600) as answer:
                assert answer.status == 200
        yield base


@pytest.fixture(scope="session")
def server(corpus_server: str) -> str:
    """The base URL a module's browser or client tests use; the shared ``corpus_server`` unless the module serves
    something else (a module's own ``server`` fixture overrides this one)."""
    return corpus_server


@pytest.fixture(scope="module")
def kg(corpus_build: Settings):
    """The corpus graph through the Python API (``diplograph.open``), for a module's tests to read."""
    import diplograph

    graph = diplograph.open(build_dir=corpus_build.build)
    yield graph
    graph.close()


@pytest.fixture(scope="session")
def web(web_settings):
    """An in-process client of the web app over the corpus graph, shared by the session."""
    from .web import app_client

    with app_client(web_settings) as client:
        yield client


# The files that take longest, longest first. pytest-xdist hands whole files to its workers in the order
# collected (`--no-loadscope-reorder` in the Makefile), so starting these first keeps one long file from
# running alone at the end while the other core idles. Measured with `pytest --durations=0`; a file not
# listed keeps its place after these.
LONGEST_FIRST = (
    "test_web_linked_data.py", "test_queries.py", "test_views_browser.py", "test_web_fuzz.py",
    "test_reasoner.py", "test_browser.py", "test_web_stores.py", "test_web_views.py", "test_packaging.py",
    "test_build_reproducible.py", "test_build_interrupted.py", "test_web_endpoint.py", "test_bench.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: each file keeps its own order
