"""No query reaches an address off the allow-list, however it is written: two barriers, each shown on its own.

The first barrier reads the query's parse; the property-based tests below write SERVICE calls to a loopback
listener wrapped in the lexical tricks of the SPARQL grammar and send them through the endpoint, the CLI and the
Python API. The second barrier takes the network away from the processes that run queries; the tests below turn
the first one off and show the second still stops the request, and that the same request does reach the listener
when both are off (so the listener would have seen a bypass).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import diplograph
from diplograph.cli import cli
from diplograph.sparql.guard import ServiceNotAllowed
from diplograph.sparql.stores import QuerySyntaxError, StoreError, open_store
from diplograph.sparql.stores.sandbox import network_barrier_available
from diplograph.web.pool import QueryPool
from diplograph.web.worker import Job, WorkerSpec

from .examples import examples
from .listener import recording_listener

# -- queries that would call the listener, written every way the grammar allows -----------------------------------

#: Prefixed names ending in each escape of PN_LOCAL_ESC: a hand-written scan may take one for a quote or a comment.
_ESCAPED_NAMES = [f"ex:a\\{char}" for char in "_~.-!$&'()*+,;=/?#@%"]
_STRING_BODIES = st.sampled_from(["#", "'", '"', "{", "}", "\\'", '\\"', "SERVICE <http://e.x/>", "\\\\", "<", ">"])


@st.composite
def _string_literal(draw) -> str:
    quote = draw(st.sampled_from(["'", '"', "'''", '"""']))
    body = "".join(draw(st.lists(_STRING_BODIES, max_size=4)))
    body = body.replace(quote[0], "\\" + quote[0])  # quote[0] is the quote itself when it is one character
    return f"{quote}{body}{quote}"


@st.composite
def _decoy(draw) -> str:
    """A pattern that confuses a scan but is plain SPARQL: escaped names, literals, comments."""
    kind = draw(st.sampled_from(["name", "literal", "comment", "nothing"]))
    if kind == "name":
        return f"?s {draw(st.sampled_from(_ESCAPED_NAMES))} ?o ."
    if kind == "literal":
        return f"?s ?p {draw(_string_literal())} ."
    if kind == "comment":
        return f"# {draw(st.sampled_from(['{', chr(39), chr(34), 'SERVICE', '}']))}\n"
    return ""


def _any_case(word: str):
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(char.upper() if flag else char.lower() for char, flag in zip(word, upper, strict=True)))


@st.composite
def _endpoint(draw, url: str) -> tuple[str, str]:
    """(prologue, endpoint): the listener named by a full IRI, an escaped one, a prefixed name or a relative IRI."""
    kind = draw(st.sampled_from(["iri", "escaped-iri", "prefixed", "relative"]))
    if kind == "iri":
        return "", f"<{url}/x>"
    if kind == "escaped-iri":
        return "", f"<{url.replace(':', chr(92) + 'u003A', 1)}/x>"
    if kind == "prefixed":
        return f"PREFIX l: <{url}/> ", "l:x"
    return f"BASE <{url}/> ", "<x>"


@st.composite
def service_queries(draw, url: str) -> str:
    """A query that calls the listener if it runs: the SERVICE is in the only UNION branch that can answer."""
    prologue, endpoint = draw(_endpoint(url))
    keyword = draw(_any_case("service"))
    if draw(st.booleans()):
        keyword = "\\u0053" + keyword[1:] if draw(st.booleans()) else keyword
    silent = draw(st.sampled_from(["", " SILENT", " silent"]))
    call = f"{keyword}{silent} {endpoint} {{ ?s ?p ?o }}"
    for _ in range(draw(st.integers(0, 3))):
        call = draw(st.sampled_from(["{{ {} }}", "OPTIONAL {{ {} }}", "GRAPH ?g {{ {} }}",
                                     "{{ ?s ?p ?o }} MINUS {{ {} }}"])).format(call)
    decoy = draw(_decoy())
    form = draw(st.sampled_from(["SELECT *", "select *", "ASK", "CONSTRUCT { ?s ?p ?o }"]))
    # The decoy's branch yields nothing (FILTER(false)), so an engine must evaluate the SERVICE's branch to answer.
    return (f"PREFIX ex: <http://e.x/> {prologue}{form} "
            f"WHERE {{ {{ {decoy} ?s ?p ?o FILTER(false) }} UNION {{ {call} }} }}")


REPORTED_BYPASSES = [
    "PREFIX ex: <http://e.x/> SELECT * WHERE {{ {{ ?s ex:a\\' ?o }} UNION {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }}",
    "PREFIX ex: <http://e.x/> SELECT * WHERE {{ {{ ?s ex:a\\# ?o }} UNION {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }}",
]

_PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def listener():
    with recording_listener() as (url, received):
        yield url, received


@pytest.fixture(scope="module")
def api_graph(corpus_build):
    graph = diplograph.open("oxigraph", build_dir=corpus_build.build, allow_services=[])
    yield graph
    graph.close()


# -- the first barrier, on every way in --------------------------------------------------------------------------

def test_the_reported_bypasses_are_refused_everywhere(listener, api_graph, web, corpus_build):
    url, received = listener
    before = len(received)
    for template in REPORTED_BYPASSES:
        query = template.format(url=url)
        with pytest.raises(ServiceNotAllowed):
            api_graph.query(query)
        assert web.post("/sparql", data={"query": query}).status_code == 403
        result = CliRunner().invoke(cli, ["query", "-", "--build-dir", str(corpus_build.build)], input=query)
        assert result.exit_code == 1 and "allow-list" in result.output
    assert len(received) == before


def _refused_without_contact(listener, data, refuse) -> None:
    """Draw a query that calls the listener, have ``refuse`` check it was refused, and check nothing reached it."""
    url, received = listener
    before = len(received)
    refuse(data.draw(service_queries(url)))
    assert len(received) == before


def _refused_by_api(api_graph):
    def refuse(query: str) -> None:
        with pytest.raises((ServiceNotAllowed, QuerySyntaxError)):
            api_graph.query(query, timeout=10)
    return refuse


def _refused_by_endpoint(web):
    def refuse(query: str) -> None:
        response = web.post("/sparql", data={"query": query})
        assert response.status_code in (400, 403), response.text
    return refuse


def _refused_by_cli(build):
    def refuse(query: str) -> None:
        result = CliRunner().invoke(cli, ["query", "-", "--build-dir", str(build)], input=query)
        assert result.exit_code == 1
        assert "allow-list" in result.output or "syntax error" in result.output
    return refuse


@settings(_PROPERTY, max_examples=examples(400))
@given(data=st.data())
def test_the_api_refuses_every_service_however_written(listener, api_graph, data):
    _refused_without_contact(listener, data, _refused_by_api(api_graph))


@settings(_PROPERTY, max_examples=examples(300))
@given(data=st.data())
def test_the_endpoint_refuses_every_service_however_written(listener, web, data):
    _refused_without_contact(listener, data, _refused_by_endpoint(web))


@settings(_PROPERTY, max_examples=examples(25))  # each example loads the graph anew, as the command does
@given(data=st.data())
def test_the_cli_refuses_every_service_however_written(listener, corpus_build, data):
    _refused_without_contact(listener, data, _refused_by_cli(corpus_build.build))


# -- the second barrier, with the first one off ------------------------------------------------------------------

def _require_barrier() -> None:
    if not network_barrier_available():
        if os.environ.get("CI"):
            pytest.fail("libseccomp is missing: the query processes cannot be denied the network")
        pytest.skip("the network barrier needs Linux and libseccomp")


def _pool_reply(spec: WorkerSpec, query: str) -> tuple[str, object]:
    async def run() -> tuple[str, object]:
        async with QueryPool(spec, size=1) as pool:
            try:
                reply = await pool.run(Job(query, None, None, {"select": "json"}), timeout=20)
                return "ok", reply.body
            except StoreError as error:
                return "error", str(error)
    return asyncio.run(run())


@pytest.mark.parametrize("template", REPORTED_BYPASSES)
def test_a_worker_with_no_allowed_service_has_no_network(listener, corpus_build, template):
    """A job handed straight to a worker skips the parse; the worker's missing network still stops it."""
    _require_barrier()
    url, received = listener
    query = template.format(url=url)
    spec = WorkerSpec(store="oxigraph", build=corpus_build.build)
    assert spec.offline
    before = len(received)
    status, message = _pool_reply(spec, query)
    assert status == "error" and "ermission denied" in str(message)
    assert len(received) == before
    # The control: a worker allowed to call the listener does reach it with the same job.
    allowed = WorkerSpec(store="oxigraph", build=corpus_build.build, services=(f"{url}/x",))
    status, _ = _pool_reply(allowed, query)
    assert status == "ok" and received[before:] == [("POST", "/x")]


def test_a_time_limited_query_runs_with_no_network_unless_it_calls_an_allowed_service(listener, corpus_build):
    """The CLI's and the API's time-limited queries run in a child process, which has no network unless asked."""
    _require_barrier()
    url, received = listener
    query = REPORTED_BYPASSES[0].format(url=url)
    store = open_store("oxigraph")
    for path in sorted(Path(corpus_build.build).glob("diplograph.nq")):
        store.load(path, "nquads", validated=True)
    before = len(received)
    with pytest.raises(StoreError, match="ermission denied"):
        store.query(query, timeout=20)  # no parse on this path: the store alone
    assert len(received) == before
    store.query(query, timeout=20, network=True)
    assert len(received) == before + 1


@settings(_PROPERTY, max_examples=examples(60))
@given(data=st.data())
def test_the_generated_queries_do_reach_the_listener_with_both_barriers_off(listener, data):
    """The control for the tests above: each generated query is either one the engine refuses as SPARQL or one
    that calls the listener, so a listener left alone by them means the barriers stopped real calls."""
    url, received = listener
    query = data.draw(service_queries(url))
    store = open_store("oxigraph")
    store.load(b"<http://e.x/s> <http://e.x/p> <http://e.x/o> .\n"
               b"<http://e.x/s> <http://e.x/p> <http://e.x/o> <http://e.x/g> .\n")
    before = len(received)
    try:
        store.query(query, network=True)  # no parse, no time limit, network on: nothing in the way
    except QuerySyntaxError:
        return
    assert len(received) > before, query
