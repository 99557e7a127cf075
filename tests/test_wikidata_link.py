"""Linking to Wikidata against a local, Wikidata-shaped Oxigraph server: the client's manners, reconciliation for
review, decisions entering the build, the enrichment graph, and SERVICE federation from the CLI and the endpoint."""

from __future__ import annotations

import http.server
import json
import threading
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

import diplograph
from diplograph.cli import cli
from diplograph.graph.build import BuildFailed, build
from diplograph.graph.settings import Settings
from diplograph.graph.wikidata import EndpointError, NotCached, SparqlClient
from diplograph.graph.wikidata.enrich import LANGUAGES, WIKIDATA_GRAPH

from .conftest import require
from .rawstore import load_store
from .servers import oxigraph_executable, oxigraph_server

FIXTURE = Path(__file__).parent / "data" / "wikidata" / "fixture.ttl"
WD = "http://www.wikidata.org/entity/"

# Two entities the mini dataset lacks, to reconcile: one with two same-named candidates of different types,
# one that only an alias of the fixture's item matches.
EXTRA_ENTITIES = """
north-korea:
  type: State
  label: North Korea
quad:
  type: Forum
  label: Quad
"""


@pytest.fixture(scope="module")
def wikidata_fixture():
    """An Oxigraph server on loopback holding the Wikidata-shaped fixture; yields its query endpoint."""
    require(oxigraph_executable() is not None, "the oxigraph server (PyPI package `oxigraph`) is not installed")
    with oxigraph_server() as base:
        response = httpx.post(f"{base}/store?default", content=FIXTURE.read_bytes(),
                              headers={"Content-Type": "text/turtle"})
        assert response.status_code in (200, 201, 204), response.text
        yield f"{base}/query"


# The facts that name them (the build rejects an entity no fact names).
EXTRA_FACTS = """
  - s: japan
    p: memberOf
    o: quad
    quote: "Japan is a member of the Quad"
  - s: japan
    p: raisedConcernWith
    o: north-korea
    quote: "has raised concerns with North Korea"
"""


@pytest.fixture
def data(mini: Settings) -> Settings:
    with (mini.data / "entities" / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(EXTRA_ENTITIES)
    with (mini.data / "facts" / "mini-doc.yaml").open("a", encoding="utf-8") as handle:
        handle.write(EXTRA_FACTS)
    return mini


def values(store: ox.Store, query: str) -> list[dict[str, str]]:
    """A SELECT's solutions as {variable: lexical value}."""
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [variable.value for variable in solutions.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in solutions]


def run(*args: str) -> object:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def link(data: Settings, endpoint: str, *args: str):
    return run("link", *args, "--data", str(data.data), "--endpoint", endpoint, "--min-interval", "0")


# --- the client's manners -------------------------------------------------------------------------------------


@contextmanager
def scripted_endpoint(statuses: list[tuple[int, dict[str, str]]]):
    """A loopback endpoint answering with the given statuses in turn, then 200; records request headers."""
    seen: list[dict[str, str]] = []
    answer = json.dumps({"head": {"vars": ["x"]},
                         "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            seen.append({key.lower(): value for key, value in self.headers.items()})
            status, headers = statuses.pop(0) if statuses else (200, {})
            body = answer if status == 200 else b"slow down"
            self.send_response(status)
            for key, value in {"Content-Type": "application/sparql-results+json", **headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()


def test_the_client_names_itself_and_obeys_retry_after(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOGRAPH_CONTACT", "analyst@example.org")
    slept: list[float] = []
    with scripted_endpoint([(429, {"Retry-After": "7"}), (503, {})]) as (endpoint, seen):
        client = SparqlClient(endpoint=endpoint, cache_dir=tmp_path, min_interval=0, sleep=slept.append)
        answer = client.select("SELECT ?x WHERE { ?x ?p ?o }")
    assert answer.rows() == [{"x": "ok"}] and not answer.from_cache
    assert len(seen) == 3, "two refusals, then the answer"
    assert slept[0] == 7.0, "Retry-After is obeyed"
    assert slept[1] == 4.0, "without Retry-After, the wait doubles from 2 s"
    assert all(headers["user-agent"].startswith("diplograph/") and "analyst@example.org" in headers["user-agent"]
               for headers in seen)


def test_the_client_gives_up_on_a_wait_too_long_and_on_errors(tmp_path):
    with scripted_endpoint([(429, {"Retry-After": "3600"})]) as (endpoint, _):
        client = SparqlClient(endpoint=endpoint, cache_dir=tmp_path, min_interval=0, sleep=lambda s: None)
        with pytest.raises(EndpointError, match="asked to wait 3600 s"):
            client.select("SELECT * WHERE { ?s ?p ?o }")
    with scripted_endpoint([(400, {})]) as (endpoint, _):
        client = SparqlClient(endpoint=endpoint, cache_dir=tmp_path, min_interval=0)
        with pytest.raises(EndpointError, match="answered 400"):
            client.select("SELECT * WHERE { ?s ?p ?o }")


def test_the_client_paces_its_queries():
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with scripted_endpoint([]) as (endpoint, seen):
        client = SparqlClient(endpoint=endpoint, min_interval=1.5, sleep=sleep, clock=lambda: now[0])
        client.select("SELECT * WHERE { ?a ?b ?c }")
        now[0] += 0.5
        client.select("SELECT * WHERE { ?d ?e ?f }")
    assert len(seen) == 2
    assert slept == [1.0], "the second query waits out the rest of the interval"


def test_answers_come_from_the_cache_offline_and_refresh_asks_again(tmp_path):
    query = "SELECT * WHERE { ?s ?p ?o }"
    with scripted_endpoint([]) as (endpoint, seen):
        SparqlClient(endpoint=endpoint, cache_dir=tmp_path, min_interval=0).select(query)
        cached = SparqlClient(endpoint=endpoint, cache_dir=tmp_path, offline=True).select(query)
        assert cached.from_cache and cached.rows() == [{"x": "ok"}]
        assert len(seen) == 1
        SparqlClient(endpoint=endpoint, cache_dir=tmp_path, refresh=True, min_interval=0).select(query)
        assert len(seen) == 2
        with pytest.raises(NotCached):
            SparqlClient(endpoint=endpoint, cache_dir=tmp_path, offline=True).select(query + " LIMIT 1")
    stored = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert stored["endpoint"] == endpoint and stored["query"] == query and stored["retrieved"].endswith("Z")


# --- reconciliation, review and the build ----------------------------------------------------------------------


@pytest.mark.remote
def test_reconcile_writes_scored_candidates_and_links_nothing(data, wikidata_fixture):
    result = link(data, wikidata_fixture, "reconcile")
    assert result.exit_code == 0, result.output
    review = yaml.safe_load(data.review_file.read_text(encoding="utf-8"))
    korea = review["north-korea"]
    assert korea["decision"] == "pending"
    assert [c["qid"] for c in korea["candidates"]] == ["Q9000001", "Q9000002"], "the state ranks above the film"
    assert korea["candidates"][0]["score"] > korea["candidates"][1]["score"]
    assert korea["candidates"][0]["types"] == ["Q3624078"]
    assert korea["candidates"][0]["endpoint"] == wikidata_fixture
    assert review["quad"]["candidates"][0]["matched"] == "our label matched their alias"
    assert "cambodia" not in review, "linked entities are not reconciled"
    build(data, reasoner="none", docs=False)
    store = load_store(data.build)
    assert not bool(store.query("ASK { ?e <https://w3id.org/diplograph/ontology#wikidata> "
                                "<http://www.wikidata.org/entity/Q9000001> }", use_default_graph_as_union=True))


@pytest.mark.remote
def test_an_accepted_decision_links_the_entity_and_survives_reconciling_again(data, wikidata_fixture):
    assert link(data, wikidata_fixture, "reconcile").exit_code == 0
    text = data.review_file.read_text(encoding="utf-8")
    data.review_file.write_text(text.replace("decision: pending", "decision: accept Q9000001", 1), encoding="utf-8")
    assert link(data, wikidata_fixture, "reconcile").exit_code == 0
    assert yaml.safe_load(data.review_file.read_text(encoding="utf-8"))["north-korea"]["decision"] == "accept Q9000001"
    build(data, reasoner="none", docs=False)
    store = load_store(data.build)
    rows = values(store, """
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?checked WHERE { <https://w3id.org/diplograph/id/north-korea> dg:wikidata ?item ;
                                skos:exactMatch ?item ; dg:wikidataCheckedIn ?checked }""")
    assert len(rows) == 1
    assert "accepted candidate Q9000001" in rows[0]["checked"] and wikidata_fixture in rows[0]["checked"]


@pytest.mark.remote
def test_a_decision_naming_no_candidate_fails_the_build_at_its_line(data, wikidata_fixture):
    assert link(data, wikidata_fixture, "reconcile").exit_code == 0
    text = data.review_file.read_text(encoding="utf-8")
    data.review_file.write_text(text.replace("decision: pending", "decision: accept Q42", 1), encoding="utf-8")
    line = next(number for number, content in enumerate(data.review_file.read_text().splitlines(), 1)
                if "accept Q42" in content)
    with pytest.raises(BuildFailed) as failure:
        build(data, reasoner="none", docs=False)
    messages = "\n".join(message for step in failure.value.report.steps for message in step.messages)
    assert f"review.yaml:{line}: decision: Q42 is not one of north-korea's candidates" in messages


# --- enrichment ---------------------------------------------------------------------------------------------


@pytest.mark.remote
def test_enrichment_goes_into_its_own_graph_with_provenance_and_works_offline(data, wikidata_fixture):
    result = link(data, wikidata_fixture, "enrich")
    assert result.exit_code == 0, result.output
    # offline, from the cache alone: the same answers, and the fixture server is not asked
    offline = run("link", "enrich", "--data", str(data.data), "--endpoint", "http://127.0.0.1:9/unreachable",
                  "--offline")
    assert offline.exit_code != 0 and "no cached answer" in offline.output, "the cache is per endpoint"
    again = link(data, wikidata_fixture, "enrich", "--offline")
    assert again.exit_code == 0 and "1 from the cache" in again.output
    build(data, reasoner="none", docs=False)
    store = load_store(data.build)
    fixture = ox.Store()
    fixture.load(FIXTURE.read_bytes(), ox.RdfFormat.TURTLE)
    expected = {row["label"].language: row["label"].value for row in fixture.query(
        f'SELECT ?label WHERE {{ <{WD}Q424> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}')}
    labels = {row["lang"]: row["label"] for row in values(store, f"""
        SELECT ?label (LANG(?label) AS ?lang) WHERE {{
          GRAPH <{WIKIDATA_GRAPH}> {{ <{WD}Q424> <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}""")}
    assert labels == {language: expected[language] for language in LANGUAGES}, "the six languages, and only those"
    coordinates = values(store, f"SELECT ?c WHERE {{ GRAPH <{WIKIDATA_GRAPH}> "
                                f"{{ <{WD}Q424> <http://www.wikidata.org/prop/direct/P625> ?c }} }}")
    assert coordinates == [{"c": "Point(105.0 12.0)"}]
    provenance = values(store, f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?endpoint ?when WHERE {{ GRAPH <{WIKIDATA_GRAPH}> {{
          <{WIKIDATA_GRAPH}> prov:wasDerivedFrom <https://www.wikidata.org/> ; prov:wasGeneratedBy ?activity .
          ?activity prov:used ?endpoint ; prov:endedAtTime ?when }} }}""")
    assert [row["endpoint"] for row in provenance] == [wikidata_fixture]
    assert provenance[0]["when"].startswith("20")


# --- federation ---------------------------------------------------------------------------------------------

FEDERATED = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX dgg: <https://w3id.org/diplograph/graph/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?state ?label ?khmer ?iso3 WHERE {
  GRAPH dgg:entities { ?state a dg:State ; rdfs:label ?label ; dg:wikidata ?item . }
  SERVICE <ENDPOINT> {
    ?item rdfs:label ?khmer . FILTER(LANG(?khmer) = "km")
    OPTIONAL { ?item wdt:P298 ?iso3 }
  }
} ORDER BY ?label
"""


@pytest.mark.remote
def test_a_federated_query_from_the_cli_joins_our_states_with_the_fixture(data, wikidata_fixture, tmp_path):
    build(data, reasoner="none", docs=False)
    query = tmp_path / "federated.rq"
    query.write_text(FEDERATED.replace("ENDPOINT", wikidata_fixture), encoding="utf-8")
    refused = run("query", "--file", str(query), "--build-dir", str(data.build), "--format", "json")
    assert refused.exit_code != 0 and "not on the allow-list" in refused.output
    allowed = run("query", "--file", str(query), "--build-dir", str(data.build), "--format", "csv",
                  "--allow-service", wikidata_fixture)
    assert allowed.exit_code == 0, allowed.output
    assert allowed.output.splitlines()[1:] == ["https://w3id.org/diplograph/id/cambodia,Cambodia,កម្ពុជា,KHM"], \
        "Cambodia is the only state linked in both; Japan's item is not in the fixture"


@pytest.mark.remote
def test_a_federated_query_through_the_endpoint_needs_the_server_on_its_allow_list(data, wikidata_fixture):
    from diplograph.web.settings import ServerSettings

    from .web import app_client

    build(data, reasoner="none", docs=False)
    query = FEDERATED.replace("ENDPOINT", wikidata_fixture)
    accept = {"Accept": "application/sparql-results+json"}
    with app_client(ServerSettings(build=data.build, workers=1, timeout=20, services=(wikidata_fixture,))) as client:
        answer = client.get("/sparql", params={"query": query}, headers=accept)
        assert answer.status_code == 200, answer.text
        rows = answer.json()["results"]["bindings"]
        assert ([(row["label"]["value"], row["khmer"]["value"], row["iso3"]["value"]) for row in rows]
                == [("Cambodia", "កម្ពុជា", "KHM")])
    with app_client(ServerSettings(build=data.build, workers=1, timeout=20)) as client:
        refused = client.get("/sparql", params={"query": query}, headers=accept)
        assert refused.status_code == 403 and "allow-list" in refused.text


# --- shown in the web app and the views ---------------------------------------------------------------------


@pytest.mark.remote
def test_wikidata_names_show_on_the_entity_page_in_search_and_in_the_views(data, wikidata_fixture):
    from diplograph.viz.projection import project
    from diplograph.web.settings import ServerSettings

    from .web import app_client

    assert link(data, wikidata_fixture, "enrich").exit_code == 0
    build(data, reasoner="none", docs=False)
    with app_client(ServerSettings(build=data.build, workers=1, timeout=20)) as client:
        page = client.get("/id/cambodia", headers={"Accept": "text/html"}).text
        assert '<dd lang="km">កម្ពុជា</dd>' in page and '<dd lang="vi">Campuchia</dd>' in page
        assert "Cambodge" not in page, "only the region's languages are kept"
        assert wikidata_fixture in page, "the page says where the names were retrieved"
        found = client.get("/api/search", params={"q": "カンボ"}).json()
        assert ([(hit["iri"], hit["matched"]) for hit in found][:1]
                == [("https://w3id.org/diplograph/id/cambodia", "カンボジア")])
        japan = client.get("/id/japan", headers={"Accept": "text/html"}).text
        assert "From Wikidata" not in japan, "Japan's item is not in the fixture, so nothing is shown"
    with diplograph.open(build_dir=data.build) as graph:
        network = project(graph)
    assert "កម្ពុជា (km)" in network.nodes["https://w3id.org/diplograph/id/cambodia"]["names"]
