"""SERVICE reaches only the allow-list: a refused query never leaves the machine."""

from __future__ import annotations

import socket
import threading

import pytest

import diplograph
from diplograph.graph.guard import ServiceNotAllowed, check_services, service_endpoints


def test_endpoints_are_found_in_any_group_and_any_case():
    query = 'SELECT * { { SeRvIcE <http://a.example/sparql> { ?s ?p ?o } } UNION { SERVICE SILENT <http://b.example/> {} } }'
    assert service_endpoints(query) == ["http://a.example/sparql", "http://b.example/"]


def test_service_in_strings_comments_and_names_is_not_a_service():
    query = '# SERVICE <http://a.example/>\nSELECT * { ?service <http://e.x/SERVICE> "SERVICE <http://b.example/>" }'
    assert service_endpoints(query) == []


def test_allowed_endpoints_pass_and_others_are_refused():
    query = "SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check_services(query, allowed=["https://query.wikidata.org/sparql"])
    with pytest.raises(ServiceNotAllowed, match="federation is off"):
        check_services(query, allowed=[])
    with pytest.raises(ServiceNotAllowed, match="prefixed|variable"):
        check_services("PREFIX w: <https://w.example/> SELECT * { SERVICE w:sparql { ?s ?p ?o } }", allowed=["https://w.example/sparql"])


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_refused_service_never_contacts_its_endpoint(corpus_build, backend, monkeypatch):
    monkeypatch.delenv("DIPLOGRAPH_SERVICE_ALLOW", raising=False)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(2)
    port = listener.getsockname()[1]
    contacted = []

    def watch():
        try:
            connection, _ = listener.accept()
            contacted.append(True)
            connection.close()
        except OSError:
            pass

    watcher = threading.Thread(target=watch)
    watcher.start()
    graph = diplograph.open(backend, build_dir=corpus_build.build)
    try:
        with pytest.raises(ServiceNotAllowed):
            graph.query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    finally:
        graph.close()
        watcher.join()
        listener.close()
    assert contacted == []
