"""The web app in a real browser: headless Debian Chromium driven by Playwright, against a live server.

Every test loads pages in a fresh browser context and records, for every page it opens, the console errors,
the uncaught page errors and every request the browser makes. Each test ends by checking that there were no
errors and that every request went to the live server on 127.0.0.1: the app works with no internet, and the
editor's autocompletion uses our vocabulary rather than prefix.cc or LOV.

Playwright must not download a browser: it drives /usr/bin/chromium. Without it (or without Playwright)
these tests skip on a developer's machine and fail in CI.

``DIPLOGRAPH_SCREENSHOTS=1`` makes the screenshot test write the docs' pictures into docs/screenshots/.
"""

from __future__ import annotations

import os
import re

import pytest

from diplograph import queries

from .browser import (
    SCREENSHOTS,
    expect,
    origin,
    recording_context,
)

pytestmark = pytest.mark.browser


PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX dgr: <https://w3id.org/diplograph/id/>
PREFIX dgg: <https://w3id.org/diplograph/graph/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# Fewer rows than a page of YASR's table (50), so every row is drawn.
STATE_LABELS = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX dgr: <https://w3id.org/diplograph/id/>
PREFIX dgg: <https://w3id.org/diplograph/graph/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT DISTINCT ?state ?label WHERE {
  GRAPH dgg:entities { ?state a dg:State ; rdfs:label ?label }
}
ORDER BY ?label"""


# --- the graph, asked through the Python API ------------------------------------------------------------

def count(kg, where: str) -> int:
    """COUNT(DISTINCT ?x) over a graph pattern, through the Python API."""
    result = kg.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(result))["n"].toPython())


# --- the server and the browser -------------------------------------------------------------------------

@pytest.fixture
def browsing(browser, server):
    """A fresh context (no cookies, no local storage: YASGUI's saved tabs included) and its recorder."""
    with recording_context(browser, origin(server)) as both:
        yield both


@pytest.fixture
def page(browsing):
    context, _ = browsing
    return context.new_page()


@pytest.fixture
def recorder(browsing):
    return browsing[1]


def open_editor(page, server: str) -> None:
    page.goto(f"{server}/query")
    # YASGUI is created once /api/vocabulary has answered: its editor on the page means both are there.
    page.wait_for_selector(".yasqe .CodeMirror")


def run_in_editor(page, query: str) -> None:
    page.evaluate("query => document.querySelector('.tabPanel.active .yasqe .CodeMirror').CodeMirror.setValue(query)",
                  query)
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr")


def numbers(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


# --- the tests ------------------------------------------------------------------------------------------

def test_home_shows_the_graphs_counts_and_sources(page, recorder, server, kg):
    statements = count(kg, "GRAPH ?g { ?x dg:predicate ?p } FILTER (?g != dgg:truthy)")
    entities = count(kg, "GRAPH dgg:entities { ?x a ?class }")
    sources = count(kg, "GRAPH dgg:sources { ?x a dg:SourceDocument }")
    source_iris = {str(row["x"])
                   for row in kg.query(PREFIXES + "SELECT ?x WHERE { GRAPH dgg:sources { ?x a dg:SourceDocument } }")}

    page.goto(server + "/")
    boxes = page.locator("section.counts > div")
    expect(boxes.first).to_be_visible()
    shown = {}
    for box in boxes.all():
        number = box.locator("strong").inner_text()
        label = box.inner_text().replace(number, "", 1).strip()
        shown[label] = numbers(number)
    assert shown["statements"] == statements
    assert shown["entities"] == entities
    assert shown["source documents"] == sources

    rows = page.locator("section:has(> h2:text-is('Sources')) table.data tbody tr")
    expect(rows).to_have_count(sources)
    links = [row.locator("td").first.locator("a").get_attribute("href") for row in rows.all()]
    assert sorted(links) == sorted("/" + iri.removeprefix("https://w3id.org/diplograph/") for iri in source_iris)
    recorder.assert_clean()


def test_search_suggests_and_opens_an_entity(page, recorder, server, kg):
    statements = count(kg, "GRAPH ?g { ?x ?role dgr:cambodia ; dg:predicate ?p } FILTER (?g != dgg:truthy)")
    assert statements > 0

    page.goto(server + "/")
    box = page.locator("#home-search")
    with page.expect_response(lambda response: "/api/search?" in response.url and response.url.endswith("q=camb")):
        box.press_sequentially("camb", delay=50)
    suggestions = page.locator(".hero .suggestions")
    expect(suggestions).to_be_visible()
    cambodia = suggestions.locator("li").filter(has=page.locator("span", has_text=re.compile(r"^Cambodia$")))
    expect(cambodia).to_have_count(1)
    labels = suggestions.locator("li > span:first-child").all_inner_texts()
    for _ in range(labels.index("Cambodia") + 1):  # walk down the list to it, as a keyboard user would
        box.press("ArrowDown")
    expect(cambodia).to_have_class(re.compile(r"\bactive\b"))
    box.press("Enter")

    page.wait_for_url(server + "/id/cambodia")
    expect(page.locator("main h1")).to_have_text("Cambodia")
    expect(page.locator(".statements li[id]")).to_have_count(statements)
    assert page.locator(".statements blockquote").count() >= 1
    page.locator(".statements details.group > summary").first.click()  # the groups open on demand
    expect(page.locator(".statements blockquote").first).to_be_visible()
    recorder.assert_clean()


def test_editor_runs_a_query_and_opens_examples(page, recorder, server, kg):
    expected = len(kg.query(STATE_LABELS))
    assert 0 < expected <= 50, "the query must fit on one page of YASR's table"

    open_editor(page, server)
    run_in_editor(page, STATE_LABELS)
    expect(page.locator(".tabPanel.active .yasr table.dataTable tbody tr")).to_have_count(expected)
    expect(page.locator(".tabPanel.active .yasr_response_chip")).to_contain_text(f"{expected} results")
    expect(page.locator(".tabPanel.active .yasr table.dataTable tbody")).to_contain_text("Cambodia")

    # An example opens in a new editor tab, holding the named query's text.
    example = page.locator("a[data-example='members-of']")
    expect(example).to_have_count(1)
    tabs = page.locator(".tabsList .tab")
    before = tabs.count()
    example.click()
    expect(tabs).to_have_count(before + 1)
    editor = page.locator(".tabPanel.active .yasqe .CodeMirror")
    expect(editor).to_be_visible()
    text = queries.load("members-of").sparql
    page.wait_for_function("text => document.querySelector('.tabPanel.active .yasqe .CodeMirror')"
                           ".CodeMirror.getValue().trim() === text.trim()", arg=text)
    assert page.evaluate("window.diplographYasgui.getTab().getYasqe().getValue()").strip() == text.strip()
    recorder.assert_clean()


def test_editor_autocompletes_our_vocabulary_offline(page, recorder, server):
    open_editor(page, server)
    assert recorder.requested("/api/vocabulary")
    assert page.evaluate("Boolean(Yasgui.Yasqe.Autocompleters['dg-prefixes'])")

    page.evaluate("() => { const cm = document.querySelector('.yasqe .CodeMirror').CodeMirror;"
                  " cm.setValue(''); cm.focus(); }")
    page.keyboard.type("PREFIX dg")
    page.keyboard.press("Control+Space")
    hint = page.locator(".CodeMirror-hints li", has_text="dg: <https://w3id.org/diplograph/ontology#>")
    expect(hint).to_have_count(1)
    hint.click()
    page.wait_for_function("() => document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()"
                           ".includes('PREFIX dg: <https://w3id.org/diplograph/ontology#>')")

    # Our classes complete after a `dg:` typed by hand.
    page.evaluate("() => { const cm = document.querySelector('.yasqe .CodeMirror').CodeMirror;"
                  " cm.setValue('PREFIX dg: <https://w3id.org/diplograph/ontology#>\\nSELECT * WHERE { ?s a ');"
                  " cm.focus(); cm.setCursor(cm.lineCount(), 0); }")
    page.keyboard.type("dg:Sta")
    page.keyboard.press("Control+Space")
    expect(page.locator(".CodeMirror-hints li", has_text=re.compile(r"^dg:State$"))).to_have_count(1)
    page.keyboard.press("Escape")
    recorder.assert_clean()


def test_named_query_page_matches_the_api(page, recorder, server, kg):
    headers, rows = kg.query("members-of", organisation="quad").table_rows()
    assert rows

    page.goto(server + "/queries/members-of?organisation=quad")
    table = page.locator("table.results")
    expect(table.locator("tbody tr")).to_have_count(len(rows))
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()][0] == headers[0]
    # the page shows labels and sources by title; the member's label and the source's page are the API's
    members = [row.locator("td").first.inner_text().strip() for row in table.locator("tbody tr").all()]
    assert members == [row[headers.index("member")] for row in rows]
    sources = [link.get_attribute("href") for link in table.locator("tbody tr td a[href^='/source/']").all()]
    assert {href.split("#")[0] for href in sources} >= {f"/source/{row[headers.index('source')]}" for row in rows}

    # The parameter's autocomplete fills in a slug, and the form runs the query with it.
    box = page.locator("form.params input[name='organisation']")
    box.fill("")
    with page.expect_response(lambda response: "/api/search?" in response.url and response.url.endswith("q=asea")):
        box.press_sequentially("asea", delay=50)
    suggestions = page.locator("form.params label:has(input[name='organisation']) .suggestions")
    expect(suggestions).to_be_visible()
    suggestions.locator("li", has=page.locator("span", has_text=re.compile(r"^ASEAN$"))).click()
    expect(box).to_have_value("asean")
    expect(suggestions).to_be_hidden()
    page.locator("form.params button[type='submit']").click()
    page.wait_for_url(re.compile(r"/queries/members-of\?organisation=asean$"))
    _, asean = kg.query("members-of", organisation="asean").table_rows()
    expect(page.locator("table.results tbody tr")).to_have_count(len(asean))
    recorder.assert_clean()


def test_source_gallery_and_search_pages(page, recorder, server):
    """The other pages, reached by their links, load cleanly and offline too."""
    page.goto(server + "/")
    first = page.locator("section:has(> h2:text-is('Sources')) table.data tbody tr").first
    title = first.locator("td").first.inner_text().strip()
    statements = numbers(first.locator("td.num").inner_text())
    first.locator("td a").first.click()
    page.wait_for_url(re.compile(r"/source/[^/]+$"))
    expect(page.locator("main h1")).to_have_text(title)
    expect(page.locator(".statements li[id]")).to_have_count(statements)

    page.locator("header.top nav a", has_text="Questions").click()
    page.wait_for_url(server + "/queries")
    gallery = page.locator("ul.gallery > li")
    expect(gallery).to_have_count(len(queries.all_queries()))
    page.locator("ul.gallery a[href='/queries/members-of']").click()
    page.wait_for_url(server + "/queries/members-of")
    expect(page.locator("table.results tbody tr").first).to_be_visible()

    box = page.locator("header.top input[name='q']")
    box.fill("camb")
    box.press("Enter")  # nothing chosen in the suggestions: the form goes to the search page
    page.wait_for_url(re.compile(r"/search\?q=camb$"))
    expect(page.locator("ul.hits a", has_text=re.compile(r"^Cambodia$"))).to_have_count(1)
    recorder.assert_clean()


def test_screenshots(page, recorder, server, tmp_path):
    """Pictures for the docs, in docs/screenshots/ when DIPLOGRAPH_SCREENSHOTS is set (else in tmp)."""
    folder = SCREENSHOTS if os.environ.get("DIPLOGRAPH_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    page.goto(server + "/")
    expect(page.locator("section.counts")).to_be_visible()
    page.screenshot(path=folder / "home.png", full_page=False)

    page.goto(server + "/id/cambodia")
    expect(page.locator("section.key-facts")).to_be_visible()
    page.screenshot(path=folder / "entity.png", full_page=False)

    open_editor(page, server)
    run_in_editor(page, STATE_LABELS)
    page.mouse.move(0, 0)  # no hover effects in the picture
    page.screenshot(path=folder / "editor.png", full_page=False)

    for name in ("home.png", "entity.png", "editor.png"):
        assert (folder / name).stat().st_size > 10_000
    recorder.assert_clean()
