"""The web app serves the same answers whatever store is behind it."""

from __future__ import annotations

import dataclasses

import pytest

from diplograph.api import KnowledgeGraph

from .conftest import require
from .servers import oxigraph_executable, oxigraph_server
from .web import app_client, partnership_rows


@pytest.fixture(scope="module")
def reference(web) -> list[tuple]:
    rows = partnership_rows(web)
    assert rows, "the default store answers"
    return rows


@pytest.mark.parametrize("store", [pytest.param("rdflib", marks=pytest.mark.slow), "persisted"])
def test_embedded_stores(store, web_settings, reference, tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}" if store == "persisted" else store
    settings = dataclasses.replace(web_settings, store=spec, workers=1)
    with app_client(settings) as client:
        assert partnership_rows(client) == reference
        assert client.get("/id/cambodia", headers={"Accept": "text/html"}).status_code == 200
    if store == "persisted":
        # a second server opens the folder without loading it again
        with app_client(dataclasses.replace(settings, load=False)) as client:
            assert partnership_rows(client) == reference


@pytest.mark.remote
def test_remote_store(web_settings, reference):
    require(oxigraph_executable() is not None, "the oxigraph server (PyPI package `oxigraph`) is needed")
    with oxigraph_server() as base:
        KnowledgeGraph.open(f"{base}/query", build_dir=web_settings.build, load=True).close()
        with app_client(dataclasses.replace(web_settings, store=f"{base}/query", workers=1)) as client:
            assert partnership_rows(client) == reference
            assert "Cambodia" in client.get("/id/cambodia", headers={"Accept": "text/html"}).text
