"""The web app for a person who types names, not IRIs: the named queries' forms, the search page, a source's
text, and the editor's messages. Every expected answer is read from the graph through the Python API."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from diplograph import queries

PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX dgr: <https://w3id.org/diplograph/id/>
PREFIX dgg: <https://w3id.org/diplograph/graph/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
ID = "https://w3id.org/diplograph/id/"


def page(web, path: str, **params):
    return web.get(path, params=params, headers={"Accept": "text/html"})


def summary(text: str) -> int:
    """The row count a named query's page states."""
    return int(re.search(r'<p class="summary">(\d+) rows?', text).group(1))


def links(text: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', text)]


# --- the forms take names -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed, slug, typo", [("Vietnam", "vietnam", False), ("viet nam", "vietnam", False),
                                               ("Cambodai", "cambodia", True), ("Japan", "japan", False)])
def test_a_typed_name_runs_the_question(web, kg, typed, slug, typo):
    expected = len(kg.query("cambodia-strategic-partnerships", country=slug))
    assert expected > 0
    response = page(web, "/queries/cambodia-strategic-partnerships", country=typed)
    assert response.status_code == 200
    assert summary(response.text) == expected
    label = kg.query(PREFIXES + f"SELECT ?l WHERE {{ GRAPH dgg:entities {{ dgr:{slug} rdfs:label ?l }} }}")
    shown = html.escape(str(next(iter(label))["l"]), quote=True)
    assert f'value="{shown}"' in response.text  # the form says what it answered
    assert (f"“{typed}” read as" in response.text) == typo  # and how it read a typo


def test_no_form_shows_an_iri_type_or_an_iri_as_its_example(web):
    for named in queries.all_queries():
        if not named.params:
            continue
        text = page(web, f"/queries/{named.name}").text
        assert "(iri)" not in text, named.name
        assert not re.search(r'placeholder="dgr?:', text), named.name


def test_a_name_that_fits_several_offers_each_as_a_link_that_reruns_with_it(web, kg):
    response = page(web, "/queries/cambodia-strategic-partnerships", country="Korea")
    assert response.status_code == 200
    assert "Which entity did you mean by “Korea”?" in response.text
    choices = {parse_qs(urlsplit(link).query)["country"][0]: link for link in links(response.text)
               if link.startswith("/queries/cambodia-strategic-partnerships?")}
    assert {"dgr:north-korea", "dgr:south-korea"} <= set(choices)
    chosen = web.get(choices["dgr:south-korea"], headers={"Accept": "text/html"})
    assert chosen.status_code == 200
    assert summary(chosen.text) == len(kg.query("cambodia-strategic-partnerships", country="south-korea")) > 0


@pytest.mark.parametrize("typed", ["Camboja", "xyzzy", "not an iri!"])
def test_a_name_that_fits_nothing_is_a_readable_page_with_the_nearest_names(web, typed):
    response = page(web, "/queries/cambodia-strategic-partnerships", country=typed)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert f"No entity is called “{html.escape(typed)}”" in response.text
    assert "Bad parameter" not in response.text
    assert '<form class="params"' in response.text  # the form again, to try another name
    if typed == "Camboja":
        assert "Did you mean" in response.text
        assert any(parse_qs(urlsplit(link).query).get("country") == ["dgr:cambodia"] for link in links(response.text))


def test_a_relation_is_offered_and_typed_by_its_label(web, kg):
    expected = kg.query("evidence-for-fact", subject="cambodia", relation="dg:strategicPartner")
    assert len(expected) > 0
    response = page(web, "/queries/evidence-for-fact", subject="Cambodia", relation="strategic partnership")
    assert response.status_code == 200
    assert summary(response.text) == len(expected)
    options = re.search(r'<datalist id="options-relation">(.*?)</datalist>', response.text, re.S).group(1)
    offered = set(re.findall(r'<option value="([^"]+)">', options))
    used = {str(row["label"]) for row in kg.query(PREFIXES + """SELECT DISTINCT ?label WHERE {
        { SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s dg:predicate ?p } } }
        GRAPH dgg:ontology { ?p rdfs:label ?label FILTER (LANG(?label) IN ("en", "")) } }""")}
    assert offered == {html.escape(label, quote=True) for label in used}
    assert "strategic partner" in offered and "comprehensive strategic partnership" not in offered  # not a level


@pytest.mark.parametrize("typed", ["peacekeepers deployed", "peacekeepers-deployed", "Peacekeepers Deployed"])
def test_a_measure_is_typed_by_its_label_or_its_slug(web, kg, typed):
    expected = len(kg.query("figure-history", subject="cambodia", measure="peacekeepers-deployed"))
    assert expected > 0
    response = page(web, "/queries/figure-history", subject="Cambodia", measure=typed)
    assert response.status_code == 200 and summary(response.text) == expected
    assert "read as" not in response.text


def test_a_bad_year_is_shown_on_the_form(web):
    response = page(web, "/queries/partnerships-as-of", as_of="twenty")
    assert response.status_code == 400
    assert "as_of" in response.text and '<form class="params"' in response.text


# --- open in the editor: the same answer -------------------------------------------------------------

@pytest.mark.parametrize("name, params", [
    ("cambodia-strategic-partnerships", {}),
    ("cambodia-strategic-partnerships", {"country": "Vietnam"}),
    ("evidence-for-fact", {"subject": "Cambodia", "relation": "strategic partnership", "object": "Japan"}),
    ("members-of", {"organisation": "quad"}),
])
def test_open_in_the_editor_gives_the_pages_answer(web, name, params):
    response = page(web, f"/queries/{name}", **params)
    assert response.status_code == 200
    rows = summary(response.text)
    editor = next(link for link in links(response.text) if link.startswith("/query?"))
    opened = web.get(editor, headers={"Accept": "text/html"})
    assert opened.status_code == 200
    config = json.loads(re.search(r'<script type="application/json" id="editor-config">(.*?)</script>',
                                  opened.text, re.S).group(1))
    assert config["preset"] == name and config["bound"]
    answer = web.post("/sparql", data={"query": config["bound"]},
                      headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200
    assert len(answer.json()["results"]["bindings"]) == rows


# --- the editor's messages -----------------------------------------------------------------------------

def checked(web, query: str) -> dict:
    response = web.post("/api/check", data={"query": query})
    assert response.status_code == 200
    return response.json()


def test_an_unknown_prefix_names_it_and_lists_the_known_ones(web):
    query = "SELECT * WHERE { ?s dgx:memberOf ?o }"
    report = checked(web, query)
    assert "unknown prefix dgx:" in report["error"] and "dg, dgc" in report["error"]
    served = web.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert served.status_code == 400
    assert "unknown prefix dgx:" in served.text and "\\u{" not in served.text and len(served.text) < 600


def test_a_misspelled_keyword_is_named(web):
    assert "did you mean SELECT?" in checked(web, "SELEC ?s WHERE { ?s ?p ?o }")["error"]


def test_a_misspelled_term_of_the_ontology_gets_the_nearest_term(web):
    report = checked(web, PREFIXES + "SELECT * WHERE { ?s dg:strategicPartnr ?o }")
    assert report["error"] is None
    assert report["warnings"] == ["line 8: dg:strategicPartnr is not a term of the ontology; "
                                  "did you mean dg:strategicPartner?"]


def test_a_term_of_ours_the_graph_lacks_is_a_warning_and_a_right_query_has_none(web):
    report = checked(web, PREFIXES + "SELECT * WHERE { dgr:cambodai dg:zzzQuux ?o }")
    assert report["error"] is None
    assert any("dgr:cambodai names nothing in the graph; did you mean dgr:cambodia (Cambodia)?" in w
               for w in report["warnings"])
    assert any(w.startswith("line 8: dg:zzzQuux is not a term of the ontology") for w in report["warnings"])
    assert checked(web, PREFIXES + "SELECT * WHERE { dgr:cambodia dg:strategicPartner ?o }") == \
        {"error": None, "warnings": []}


def test_completion_offers_entities_by_label(web):
    hits = web.get("/api/search", params={"q": "camb", "category": "entity"}).json()
    assert hits[0]["short"] == "dgr:cambodia" and hits[0]["label"] == "Cambodia"
    assert all(hit["short"].startswith("dgr:") for hit in hits)


# --- search --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, slug", [("Cambodai", "cambodia"), ("Belt Road", "belt-and-road-initiative")])
def test_search_says_did_you_mean(web, typed, slug):
    text = page(web, "/search", q=typed).text
    meant = re.search(r'<p class="did-you-mean">(.*?)</p>', text, re.S)
    assert meant, text
    assert links(meant.group(1))[0] == f"/id/{slug}"


def quoting(kg, words: list[str]) -> dict[str, set[int]]:
    """The statements whose quote holds every word (any case), with the lines of those quotes."""
    found: dict[str, set[int]] = {}
    for row in kg.query(PREFIXES + "SELECT ?s ?quote ?line WHERE { GRAPH ?g { ?s dg:evidence ?e . ?e oa:exact ?quote "
                                   "OPTIONAL { ?e dg:sourceLine ?line } } }"):
        if all(word in str(row["quote"]).lower() for word in words):
            found.setdefault(str(row["s"]), set()).add(int(row["line"]) if row["line"] is not None else 0)
    return found


@pytest.mark.parametrize("words", ["blue helmets", "naval base", "skytrain"])
def test_search_finds_the_statements_that_quote_it_and_the_source_lines(web, kg, words):
    expected = quoting(kg, words.split())
    assert expected, f"the corpus quotes {words!r}"
    text = page(web, "/search", q=words).text
    statements = set(re.findall(r'<li data-statement="([^"]+)"><a href="(/statement/[^"]+)"', text))
    found = {iri for iri, _ in statements}
    assert set(expected) <= found  # every statement quoting it (and those whose claim says it)
    assert all(url == "/" + iri.removeprefix("https://w3id.org/diplograph/") for iri, url in statements)
    lines = re.findall(r'<li data-source="([^"]+)" data-line="(\d+)" data-statements="(\d+)">'
                       r'<a href="(/source/[^"#]+#line-\d+)"', text)
    assert lines
    quoted_lines = {line for lines_ in expected.values() for line in lines_}
    assert quoted_lines <= {int(line) for _, line, _, _ in lines}
    for source, line, _, url in lines:
        assert url == f"/source/{source}#line-{line}"


def test_a_source_line_with_no_statement_is_marked(web, kg):
    quoted = {int(row["line"]) for row in kg.query(PREFIXES + """SELECT DISTINCT ?line WHERE {
        GRAPH ?g { ?s prov:wasDerivedFrom ?src ; dg:evidence/dg:sourceLine ?line }
        GRAPH dgg:sources { ?src dcterms:identifier "yen-2024" } }""")}
    source_page = page(web, "/source/yen-2024").text
    numbers = {int(n) for n in re.findall(r'<div class="line" id="line-(\d+)"', source_page)}
    unquoted = sorted(numbers - quoted)
    assert quoted and quoted <= numbers and unquoted
    # a word of the first line no statement quotes finds that line, marked as such
    body = re.search(rf'<div class="line" id="line-{unquoted[0]}"><span[^>]*>\d+</span>(.*?)</div>', source_page,
                     re.S).group(1)
    word = max(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", "", body))), key=len)
    result = page(web, "/search", q=word).text
    hit = re.search(rf'<li data-source="yen-2024" data-line="{unquoted[0]}" data-statements="0">.*?</li>', result,
                    re.S)
    assert hit and "mentioned, no statement yet" in hit.group(0)
