"""The web app under test: in-process (httpx over ASGI, no socket) or live (uvicorn on a free loopback port)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from starlette.testclient import TestClient

from diplograph.web.app import create_app
from diplograph.web.launch import background_server
from diplograph.web.settings import ServerSettings


@contextmanager
def app_client(settings: ServerSettings):
    """A client for an in-process app; its workers start on entry and stop on exit."""
    with TestClient(create_app(settings), base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        yield client


@contextmanager
def live_server(build: Path, *extra_args: str, env: dict | None = None, log: Path | None = None):
    """`diplograph serve` on a free loopback port; yields its base URL and stops it afterwards.

    ``log``: a file the server's standard error goes to."""
    with background_server(*extra_args, build=build, env=env, log=log) as base:
        yield base


def documented_copy(build: Path, folder: Path) -> Path:
    """A copy of a build with the ontology's documentation written into it, as `diplograph build` writes it (the
    tests' corpus build leaves the documentation out, to save time)."""
    import shutil

    from rdflib import Graph

    from diplograph.graph.outputs import ONTOLOGY_DOCS, ONTOLOGY_TURTLE
    from diplograph.ontology.docs import write_html

    copy = folder / "build"
    shutil.copytree(build, copy)
    write_html(Graph().parse(copy / ONTOLOGY_TURTLE), copy / ONTOLOGY_DOCS)
    return copy


def partnership_rows(client) -> list[tuple]:
    """The answer of `cambodia-strategic-partnerships` (its default parameters) through the client's SPARQL
    endpoint, as sorted (variable, value) rows: what two servers over the same data must agree on, whatever
    store each runs on."""
    from diplograph import queries
    from diplograph.sparql.binding import bind_values

    query = queries.load("cambodia-strategic-partnerships")
    response = client.post("/sparql", data={"query": bind_values(query.sparql, query.bindings({}))})
    assert response.status_code == 200, response.text
    return sorted(tuple(sorted((name, term["value"]) for name, term in row.items()))
                  for row in response.json()["results"]["bindings"])
