"""An analyst's tasks in a real browser, done as a person would from the home page, with no SPARQL typed.

Each task counts the clicks and the keystroke-submits (Enter in a field) it takes, and measures the time from
opening the home page to seeing the answer; it prints them as ``TASK <name>: <clicks> clicks, <seconds> s`` at
a desktop (1366x768) and a phone (390x844) viewport. The times are printed, never asserted.

The network views the pages embed (``/views/...``) are answered with an empty page here: drawing them is not
part of these tasks (their own tests and benchmarks time them), and on a busy machine their one worker would
make these times those of the network.
"""

from __future__ import annotations

import re
from urllib.parse import quote_plus

import pytest
from rdflib import URIRef

from .browser import VIEWPORTS, Task, expect, origin, recording_context

pytestmark = pytest.mark.browser



@pytest.fixture(params=sorted(VIEWPORTS))
def browsing(request, browser, server):
    with recording_context(browser, origin(server), VIEWPORTS[request.param]) as (context, recorder):
        without_views(context)
        yield request.param, context.new_page(), recorder


def without_views(context) -> None:
    context.route(re.compile(r"/views/"), lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>network view</title>"))


def search_from_home(task: Task, page, server: str, words: str) -> None:
    """Type ``words`` into the home page's search box as a person would, and send them with Enter."""
    page.goto(server + "/")
    box = home_search(page)
    box.press_sequentially(words, delay=30)
    task.submit(box)
    page.wait_for_url(re.compile(r"/search\?q=" + re.escape(quote_plus(words)) + "$"))


def home_search(page):
    """The search box of the home page (the hero's)."""
    return page.locator("#home-search")


def test_cambodias_strategic_partnerships_by_typing_a_name(browsing, server, kg):
    viewport, page, recorder = browsing
    expected = len(kg.query("cambodia-strategic-partnerships", country="cambodia"))
    assert expected > 0
    task = Task("strategic-partnerships", viewport)
    page.goto(server + "/")
    task.click(page.locator("header.top nav a", has_text="Questions"))
    page.wait_for_url(server + "/queries")
    task.click(page.locator("a[href='/queries/cambodia-strategic-partnerships']"))
    page.wait_for_url(server + "/queries/cambodia-strategic-partnerships")
    field = page.locator("form.params input[name='country']")
    field.fill("")
    field.press_sequentially("cambodia", delay=30)  # a name as a person writes it; no suggestion chosen
    task.submit(field)
    page.wait_for_url(re.compile(r"/queries/cambodia-strategic-partnerships\?country=cambodia$"))
    expect(page.locator("table.results tbody tr")).to_have_count(expected)
    task.done()
    expect(field).to_have_value("Cambodia")  # the form says which entity it answered for
    recorder.assert_clean()


def test_a_search_with_a_typo_reaches_cambodia(browsing, server):
    viewport, page, recorder = browsing
    task = Task("search-typo", viewport)
    search_from_home(task, page, server, "Cambodai")
    task.click(page.locator(".did-you-mean a", has_text=re.compile(r"^Cambodia$")))
    page.wait_for_url(server + "/id/cambodia")
    expect(page.locator("main h1")).to_have_text("Cambodia")
    task.done()
    recorder.assert_clean()


def test_blue_helmets_finds_a_statement_and_its_source_line(browsing, server, kg):
    viewport, page, recorder = browsing
    task = Task("blue-helmets", viewport)
    search_from_home(task, page, server, "blue helmets")
    first = page.locator(".search-statements li[data-statement] > a").first
    expect(first).to_be_visible()
    task.click(first)
    page.wait_for_url(re.compile(r"/statement/[^/]+$"))
    task.done()
    statement = "https://w3id.org/diplograph" + page.url.removeprefix(server)
    quotes = [str(row["q"]) for row in kg.query(
        "PREFIX dg: <https://w3id.org/diplograph/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
        "SELECT ?q WHERE { GRAPH ?g { ?s dg:evidence/oa:exact ?q } }", s=URIRef(statement))]
    assert any("blue helmets" in quote for quote in quotes)

    # the source line, from the search page: the text page at that line, marked
    page.go_back()
    line = page.locator(".search-lines li[data-source] > a").first
    href = line.get_attribute("href")
    line.click()
    page.wait_for_url(re.compile(r"/source/[^/#]+#line-\d+$"))
    expect(page.locator(f"div{href[href.index('#'):]}")).to_contain_text("blue helmets")
    recorder.assert_clean()


def test_the_editor_completes_entities_and_warns_of_a_misspelled_term(browser, server):
    with recording_context(browser, origin(server), VIEWPORTS["laptop"]) as (context, recorder):
        without_views(context)
        page = context.new_page()
        # "Open in the editor" from a question's page: the same rows
        page.goto(server + "/queries/cambodia-strategic-partnerships?country=Vietnam")
        rows = page.locator("table.results tbody tr").count()
        assert rows > 0
        page.locator("a", has_text="Open in the editor").click()
        page.wait_for_selector(".tabPanel.active .yasqe .CodeMirror")
        page.locator(".tabPanel.active .yasqe_queryButton").click()
        expect(page.locator(".tabPanel.active .yasr_response_chip")).to_contain_text(f"{rows} results")
        # a year shows as a year, not as a typed literal
        cells = page.locator(".tabPanel.active .yasr table.dataTable tbody td").all_inner_texts()
        assert any(re.fullmatch(r"\d{4}(-\d\d)*", cell.strip()) for cell in cells), cells
        assert not any("^^" in cell for cell in cells), cells

        # completion of an entity by its name after dgr:
        page.evaluate("() => { const cm = document.querySelector('.tabPanel.active .yasqe .CodeMirror').CodeMirror;"
                      " cm.setValue('PREFIX dg: <https://w3id.org/diplograph/ontology#>\\n"
                      "PREFIX dgr: <https://w3id.org/diplograph/id/>\\nSELECT * WHERE { ?s dg:strategicPartnr ');"
                      " cm.focus(); cm.setCursor(cm.lineCount(), 0); }")
        page.keyboard.type("dgr:camb")
        page.keyboard.press("Control+Space")
        hint = page.locator(".CodeMirror-hints li", has_text=re.compile(r"^dgr:cambodia\s+Cambodia$"))
        expect(hint).to_have_count(1)
        hint.click()
        # the click moves focus to the list; wait for the completion, then type at the end of the editor
        editor = "document.querySelector('.tabPanel.active .yasqe .CodeMirror').CodeMirror"
        page.wait_for_function(f"() => {editor}.getValue().trimEnd().endsWith('dgr:cambodia')")
        page.evaluate(f"() => {{ const cm = {editor}; cm.focus(); cm.setCursor(cm.lineCount(), 0); }}")
        page.keyboard.type(" }")
        page.wait_for_function(f"() => {editor}.getValue().trimEnd().endsWith('}}')")
        page.locator(".tabPanel.active .yasqe_queryButton").click()
        expect(page.locator("#query-notes p.warning")).to_contain_text(
            "dg:strategicPartnr is not a term of the ontology; did you mean dg:strategicPartner?")
        recorder.assert_clean()
