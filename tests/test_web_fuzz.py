"""Random and mutated requests never break the app: each gets a success, or a 4xx or 503 with a message.

Queries are the named queries with characters deleted, repeated, swapped or replaced,
plus random token soup; parameters, methods, content types and Accept headers are
drawn at random too. After every example the server must still answer a plain query.

Then every parameter of every route the app has (``app.routes``, checked against the table ``ROUTES``):
Unicode digits, NUL, 100 KB values, wrong types, random text, lone surrogates, broken percent-encoding,
repeated and empty parameters. None may get a 500.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from diplograph import queries
from diplograph.web.app import create_app
from diplograph.web.settings import ServerSettings

from .examples import examples
from .web import app_client

NAMED = [query.sparql for query in queries.all_queries()]
TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "GRAPH", "OPTIONAL", "UNION",
          "FILTER", "(", ")", ".", ";", ",", "*", "<https://w3id.org/diplograph/id/cambodia>", "dg:subject", "\"x\"@en",
          "PREFIX dg: <https://w3id.org/diplograph/ontology#>", "LIMIT", "5", "ORDER BY", "COUNT", "GROUP BY", "VALUES",
          "SERVICE", "BIND", "AS", "+", "/", "|", "^", "!", "a", "#", "\n", "'", "\\", "\u00e9", "\x00", "\ud7ff"]
ACCEPTS = ["*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/turtle",
           "application/ld+json", "text/html", "image/png", "", ";;;q=abc", "text/*;q=0.1, application/*;q=x"]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
                 "application/sparql-query; charset=latin-1", "text/plain", "", "multipart/form-data; boundary=x"]


@st.composite
def mutated_query(draw) -> str:
    text = draw(st.sampled_from(NAMED))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["delete", "repeat", "replace", "insert", "cut"]))
        if how == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif how == "repeat":
            text = text[:at] + text[at:at + 30] * draw(st.integers(2, 5)) + text[at:]
        elif how == "replace":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at + 1:]
        elif how == "insert":
            text = text[:at] + " " + draw(st.sampled_from(TOKENS)) + " " + text[at:]
        else:
            text = text[:at]
    return text


token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)
any_query = st.one_of(mutated_query(), token_soup, st.text(max_size=200))


@pytest.fixture(scope="module")
def fuzz_client(web_settings):
    with app_client(dataclasses.replace(web_settings, timeout=3, max_rows=200, workers=2)) as client:
        yield client


def check(response) -> None:
    assert response.status_code < 500 or response.status_code == 503, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert response.text.strip(), "an error answer must say what went wrong"


@settings(max_examples=examples(120), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=any_query, accept=st.sampled_from(ACCEPTS), content_type=st.sampled_from(CONTENT_TYPES),
       method=st.sampled_from(["GET", "POST"]), extra=st.dictionaries(
           st.sampled_from(["default-graph-uri", "named-graph-uri", "format", "query", "update", "limit"]),
           st.text(max_size=30), max_size=3))
def test_random_requests_get_an_answer(fuzz_client, query, accept, content_type, method, extra):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        response = fuzz_client.get("/sparql", params={"query": query, **extra}, headers=headers)
    elif content_type == "application/x-www-form-urlencoded":
        response = fuzz_client.post("/sparql", data={"query": query, **extra}, headers=headers)
    else:
        response = fuzz_client.post("/sparql", content=query.encode("utf-8", "surrogatepass"), params=extra,
                                    headers={**headers, **({"Content-Type": content_type} if content_type else {})})
    check(response)
    assert fuzz_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(queries.names()), values=st.dictionaries(st.sampled_from(
    ["country", "organisation", "initiative", "state", "year", "as_of", "from_year", "to_year", "entity", "source",
     "limit", "nonsense"]), st.text(max_size=40), max_size=3))
def test_random_parameters_of_named_queries(fuzz_client, name, values):
    check(fuzz_client.get(f"/queries/{name}", params=values))
    check(fuzz_client.get(f"/queries/{name}.csv", params=values))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
       kind=st.sampled_from(["id", "source", "statement", "concept", "graph", "queries", "api/search?q=",
                             "rdf-graphs?graph="]))
def test_random_paths(fuzz_client, kind, path):
    escaped = quote(path, safe="/")
    check(fuzz_client.get(f"/{kind}/{escaped}" if "?" not in kind else f"/{kind}{escaped}",
                          headers={"Accept": "text/html"}))


# --- every parameter of every route ---------------------------------------------------------------------

@dataclass(frozen=True)
class Parameters:
    """What a route takes: its query-string (and form) parameters, realistic values of its path parameters,
    and realistic values of its query parameters (besides the hostile ones every parameter is given)."""

    query: tuple[str, ...] = ()
    path: dict[str, tuple[str, ...]] = field(default_factory=dict)
    methods: tuple[str, ...] = ("GET",)


NAMED_PARAMETERS = tuple(sorted({param.name for named in queries.all_queries() for param in named.params}))
SPARQL_PARAMETERS = Parameters(("query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri",
                                "using-named-graph-uri", "format", "download"), methods=("GET", "POST"))
RESOURCE_PATHS = ("cambodia", "cambodia.ttl", "cambodia.jsonld", "yen-2024", "entities", "ontology", "x/y")

#: Every route of the app, as ``app.routes`` names it, with what it takes. A mount's files are its ``path``.
ROUTES: dict[str, Parameters] = {
    "/": Parameters(),
    "/sparql": SPARQL_PARAMETERS,
    "/sparql/": SPARQL_PARAMETERS,
    "/rdf-graphs": Parameters(("graph", "default", "format")),
    "/query": Parameters(("name", "query")),
    "/queries": Parameters(),
    "/queries/{name}": Parameters(NAMED_PARAMETERS, {"name": (*queries.names(), "partnerships-as-of.csv",
                                                             "members-of.json", "members-of.tsv", "members-of.pdf")}),
    "/search": Parameters(("q",)),
    "/api/search": Parameters(("q", "limit", "category")),
    "/api/check": Parameters(("query",), methods=("GET", "POST")),
    "/api/vocabulary": Parameters(),
    "/api/health": Parameters(),
    "/ontology": Parameters(),
    "/.well-known/void": Parameters(("format",)),
    "/dataset": Parameters(("format",)),
    "/dataset/{name}": Parameters(path={"name": ("diplograph.nq", "diplograph.trig", "void.ttl")}),
    "/linkage": Parameters(("format",)),
    "/views/overview": Parameters(("as_of",)),
    "/views/ego/{slug}": Parameters(("as_of", "embedded"), {"slug": ("cambodia", "china", "asean")}),
    "/views/construct": Parameters(("query",)),
    "/views/assets/{version}/{name}": Parameters(path={"version": ("0",), "name": ("view.js", "view.css",
                                                                                   "vis-network.min.js")}),
    "/views/evidence": Parameters(("statement",)),
    "/views/timeline/{slug}": Parameters(("with",), {"slug": ("cambodia", "china", "asean")}),
    "/views/timeline/{slug}/{other}": Parameters(path={"slug": ("cambodia", "china"), "other": ("japan", "asean")}),
    "/vendor/vis-timeline": Parameters(path={"path": ("standalone/umd/vis-timeline-graph2d.min.js",
                                                      "styles/vis-timeline-graph2d.min.css")}),
    "/static": Parameters(path={"path": ("app.css", "app.js", "editor.js")}),
    "/vendor/yasgui": Parameters(path={"path": ("yasgui.min.js", "yasgui.min.css")}),
    "/{kind:str}/{rest:path}": Parameters(("format",), {"kind": ("id", "source", "statement", "concept", "graph"),
                                                        "rest": RESOURCE_PATHS}),
}
#: Values a parameter of that name means, so an example reaches past the first check now and then.
REALISTIC = {
    "as_of": ("2019", "3000", "1000", "9999"), "from_year": ("2015",), "to_year": ("2024",), "limit": ("5", "50"),
    "embedded": ("1", "0", "true"), "statement": ("https://w3id.org/diplograph/statement/x",),
    "with": ("japan", "asean"), "format": ("json", "html", "ttl", "csv", "xml", "jsonld"),
    "name": ("members-of", "path-between"), "q": ("camb", "Hun Sen"), "graph": ("https://w3id.org/diplograph/graph/entities",),
    "query": ("ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 2", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"),
    "default-graph-uri": ("https://w3id.org/diplograph/graph/entities",), "period": ("2018-11",),
    **{name: ("cambodia", "dgr:japan", "dg:State") for name in NAMED_PARAMETERS
       if name not in ("as_of", "from_year", "to_year", "period", "source")},
}
LONG = 100_000
WRONG_TYPES = ["", " ", "-1", "0", "+2019", "2019.0", "1e3", "0x7e3", "1_000", "NaN", "-Infinity", "true", "null",
               "[]", "{}", "[2019]", "9" * 30, "2019 2020", "<>", "'", '"', "\\", "dgr:", "http://", "%", "&", "="]
unicode_digits = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=8)
hostile = st.one_of(
    unicode_digits,
    st.builds(lambda digits, text: digits + text, unicode_digits, st.sampled_from(["", "9", "2019"])),
    st.sampled_from(["\x00", "2019\x00", "\x00cambodia", "a\x00b"]),
    st.sampled_from(["9", "x", "\x00", "²", "é", "%", "\ud800"]).map(lambda char: char * LONG),
    st.sampled_from(WRONG_TYPES),
    st.integers().map(str),
    st.floats().map(str),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates
    st.text(max_size=60),
)
#: Ways a value reaches the server: percent-encoded UTF-8 (surrogates too), raw UTF-8 bytes, or
#: percent-encoding that is broken (bad hex, cut short, overlong UTF-8, an encoded surrogate).
BROKEN = ["%", "%Z", "%ZZ", "%G1", "%C0%AF", "%FF", "%ED%A0%80", "%E2%82", "%00", "%%"]


def utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@st.composite
def encoded(draw, text: str) -> bytes:
    how = draw(st.sampled_from(["percent", "percent", "raw", "broken"]))
    if how == "raw":  # bytes as they are, but for what would end the value or the request line
        return b"".join(b"%%%02X" % byte if byte <= 0x20 or byte in b"%&#+=\x7f" else bytes([byte])
                        for byte in utf8(text))
    percent = quote(utf8(text), safe="").encode()
    if how == "broken":
        at = draw(st.integers(0, len(percent)))
        return percent[:at] + draw(st.sampled_from(BROKEN)).encode() + percent[at:]
    return percent


@st.composite
def value_for(draw, name: str) -> str:
    realistic = REALISTIC.get(name)
    if realistic and draw(st.booleans()):
        return draw(st.sampled_from(realistic))
    return draw(hostile)


@st.composite
def query_string(draw, names: tuple[str, ...]) -> bytes:
    """Pairs of a route's parameters (and one it does not take), some repeated, some empty, values hostile."""
    choices = [*names, "nonsense"]
    pairs = draw(st.lists(st.sampled_from(choices), max_size=4))
    if pairs and draw(st.booleans()):
        pairs.append(pairs[0])  # a parameter given twice
    parts = []
    for name in pairs:
        value = draw(value_for(name))
        parts.append(quote(name).encode() + (b"" if draw(st.integers(0, 9)) == 0 else b"=" + draw(encoded(value))))
    return b"&".join(parts)


@st.composite
def route_path(draw, route: str, parameters: Parameters) -> str:
    """The route's path with each path parameter filled: a realistic value, or a hostile one (percent-encoded)."""
    def fill(match: re.Match) -> str:
        name, convertor = match.group(1), match.group(2) or ""
        realistic = parameters.path.get(name, ())
        value = draw(st.sampled_from(realistic)) if realistic and draw(st.booleans()) else draw(hostile)
        if value == "" and draw(st.booleans()):
            value = draw(st.sampled_from(realistic or ("x",)))
        return quote(utf8(value), safe="/" if convertor == ":path" else "")
    template = route if "{" in route else (route.rstrip("/") + "/{path:path}" if parameters.path else route)
    return re.sub(r"\{(\w+)(:\w+)?\}", fill, template)


def app_routes() -> list[str]:
    """The paths of the app's routes and mounts, as ``app.routes`` lists them (the app is not started)."""
    return [route.path for route in create_app(ServerSettings(build=Path("build"))).routes]


async def asgi_request(app, method: str, path: str, query: bytes, headers: list[tuple[bytes, bytes]],
                       body: bytes = b"") -> int:
    """Send one request straight to the app, bytes as given (httpx would refuse a URL over 64 KB), and return
    the status it answers; an exception the app lets out counts as the 500 a server would send."""
    raw_path = path.encode("latin-1", "replace")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": unquote(path), "raw_path": raw_path, "root_path": "", "query_string": query,
             "headers": [(b"host", b"127.0.0.1"), *headers], "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 80), "extensions": {}, "state": {}}
    done = asyncio.Event()
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    status = 0

    async def receive():
        if messages:
            return messages.pop()
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    try:
        await app(scope, receive, send)
    except Exception:  # noqa: BLE001 - the app let an error out: that is the 500 under test
        return 500
    finally:
        done.set()
    return status


@pytest.mark.slow
@pytest.mark.parametrize("route", app_routes())
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_every_parameter_of_every_route_gets_an_answer_below_500(fuzz_client, route, data):
    assert route in ROUTES, f"{route} is a route of the app, but ROUTES does not say what it takes"
    parameters = ROUTES[route]
    path = data.draw(route_path(route, parameters), label="path")
    query = data.draw(query_string(parameters.query), label="query")
    method = data.draw(st.sampled_from(parameters.methods), label="method")
    accept = data.draw(st.sampled_from(["", "text/html", "*/*", "application/json", "text/turtle", "text/csv"]))
    headers = [(b"accept", accept.encode())] if accept else []
    body = b""
    if method == "POST":  # a form: the same pairs in the body
        body, query = query, b""
        headers.append((b"content-type", b"application/x-www-form-urlencoded"))
    status = fuzz_client.portal.call(asgi_request, fuzz_client.app, method, path, query, headers, body)
    event(f"HTTP {status}")
    assert 0 < status < 500, (status, method, path[:200], query[:200], body[:200])


def test_every_route_of_the_app_is_in_the_table():
    missing = sorted(set(app_routes()) - set(ROUTES))
    assert not missing, f"routes the fuzz table does not list (add them to ROUTES with their parameters): {missing}"


@pytest.mark.parametrize("url, parameter", [
    ("/views/overview?as_of=%C2%B2", "as_of"),
    ("/views/overview?as_of=%C2%B9%C2%B2%C2%B3", "as_of"),
    ("/views/ego/cambodia?as_of=%C2%B2", "as_of"),
    ("/views/ego/cambodia?as_of=%D9%A2%D9%A0%D9%A1%D9%A9", "as_of"),   # Arabic-Indic 2019: int() would read it
    ("/views/overview?as_of=20190", "as_of"),
    ("/views/overview?as_of=2019&as_of=2020", "as_of"),
    ("/views/ego/cambodia?embedded=maybe", "embedded"),
    ("/api/search?q=camb&limit=%C2%B2", "limit"),
    ("/api/search?q=camb&limit=0", "limit"),
    ("/api/search?q=a&q=b", "q"),
    ("/queries/partnerships-as-of?as_of=%D9%A2%D9%A0%D9%A1%D9%A9", "as_of"),
    ("/queries/partnerships-as-of?as_of=" + "9" * 5000, "as_of"),
    ("/query?name=no-such-query", "name"),
])
def test_a_bad_value_is_a_400_that_names_the_parameter(fuzz_client, url, parameter):
    response = fuzz_client.get(url)
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert parameter in response.text and len(response.text) < 1000


def test_a_named_query_name_longer_than_a_file_name_is_a_short_404(fuzz_client):
    response = fuzz_client.get("/queries/" + "9" * 10_000)
    assert response.status_code == 404 and len(response.text) < 1000


@pytest.mark.parametrize("url", ["/views/overview?as_of=", "/api/search?q=camb&limit=", "/api/search?q=camb&limit=500",
                                 "/api/search?q=camb&nonsense=%C2%B2"])
def test_an_empty_value_is_no_value_and_an_unknown_parameter_is_ignored(fuzz_client, url):
    assert fuzz_client.get(url).status_code == 200
