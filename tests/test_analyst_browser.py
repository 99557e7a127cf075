"""An analyst's tasks in a real browser, from the home page, with no SPARQL typed: on a laptop (1366x768) and a
phone (390x844). Each task counts its clicks and its time and prints them (``TASK name: clicks, seconds``); the
numbers are reported, never asserted. Then the pages are checked with axe-core (no serious or critical
violation) and for sideways scrolling on a phone.

``DIPLOGRAPH_SCREENSHOTS=1`` makes the screenshot test write the entity, source and statement pages' pictures
into docs/screenshots/ (else into a temporary folder).
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from .browser import SCREENSHOTS, TIMEOUT_MS, VIEWPORTS, Task, expect, origin, recording_context

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
TYPED_LITERAL = re.compile(r"\^\^|XMLSchema#")


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def browsing(browser, server, viewport):
    with recording_context(browser, origin(server)) as (context, recorder):
        yield context, recorder, VIEWPORTS[viewport]


@pytest.fixture
def page(browsing):
    context, _, size = browsing
    opened = context.new_page()
    opened.set_viewport_size(size)
    return opened


@pytest.fixture
def recorder(browsing):
    return browsing[1]


def open_question(task: Task, page, server: str, title: str) -> None:
    """From the home page, through the navigation, to a question by its title."""
    page.goto(server + "/")
    task.click(page.locator("header.top nav a", has_text="Questions"))
    task.click(page.locator("ul.gallery a", has_text=title))
    expect(page.locator("table.results")).to_be_visible()


# --- the tasks -------------------------------------------------------------------------------------------

def test_task_cambodias_strategic_partnerships_with_a_quote(page, recorder, server, kg, viewport):
    expected = len(kg.query("cambodia-strategic-partnerships"))
    task = Task("strategic partnerships with sources and a quote", viewport)
    open_question(task, page, server, "Strategic partnerships of a state")
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(expected)
    first = rows.first
    task.click(first.locator("td.evidence summary"))
    quote = first.locator("td.evidence blockquote").first
    expect(quote).to_be_visible()
    assert len(quote.inner_text().strip("“” ")) > 20
    source = first.locator("td a[href^='/source/']").first
    assert not re.fullmatch(r"[a-z-]+-\d{4}", source.inner_text().strip()), "the source shows by its title"
    expect(first.locator("a[href^='/statement/']").first).to_be_attached()
    assert page.url.endswith("/queries/cambodia-strategic-partnerships"), "the quote opened in place"
    task.done()
    recorder.assert_clean()


def test_task_what_yen_2024_says_about_south_korea(page, recorder, server, kg, viewport):
    title = str(next(iter(kg.query("PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?t WHERE { GRAPH ?g { "
                                   "<https://w3id.org/diplograph/source/yen-2024> dcterms:title ?t } }")))["t"])
    task = Task("what yen-2024 says about South Korea", viewport)
    page.goto(server + "/")
    task.click(page.locator("section:has(> h2:text-is('Sources')) table.data a", has_text=title))
    page.wait_for_url(re.compile(r"/source/yen-2024$"))
    expect(page.locator("main h1")).to_have_text(title)
    expect(page.locator("dl.meta")).to_contain_text("2024")
    items = page.locator(".statements li[id]")
    korea = [item.get_attribute("id") for item in items.all()
             if "South Korea" in (item.get_attribute("data-partners") or "").split("|")]
    assert 0 < len(korea) < items.count()
    task.choose(page.locator("form.filters select[name='partner']"), "South Korea")
    shown = page.locator(".statements li[id]:visible")
    expect(shown).to_have_count(len(korea))
    assert sorted(item.get_attribute("id") for item in shown.all()) == sorted(korea)
    expect(shown.first.locator("blockquote").first).to_be_visible()
    expect(page.locator("form.filters output")).to_contain_text(f"{len(korea)} of {items.count()}")
    task.done()
    recorder.assert_clean()


def test_task_the_projects_china_finances_with_amounts(page, recorder, server, kg, viewport):
    task = Task("the projects China finances, with amounts", viewport)
    open_question(task, page, server, "Projects financed by a power or part of its initiative")
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(len(kg.query("chinese-financed-and-bri-projects")))
    table = page.locator("table.results").inner_text()
    assert not TYPED_LITERAL.search(table)
    headers = [header.strip() for header in page.locator("table.results thead th").all_inner_texts()]
    if "amount" in headers:  # every amount the answer gives is money
        cells = page.locator(f"table.results tbody td:nth-child({headers.index('amount') + 1})").all_inner_texts()
        assert all(re.match(r"^(|[a-z ]*US\$[\d,]+)$", cell.strip()) for cell in cells)
    # The amounts the graph holds are another power's (none is China's): that question shows them as money.
    amounts = [row for row in kg.query("projects-financed-by") if row.get("amount") is not None]
    task.click(page.locator("header.top nav a", has_text="Questions"))
    task.click(page.locator("ul.gallery a", has_text="Projects a power finances"))
    money = page.locator("table.results tbody td", has_text=re.compile(r"^US\$\d{1,3}(,\d{3})+$"))
    expect(money).to_have_count(len(amounts))
    task.done()
    recorder.assert_clean()


def test_task_where_sources_disagree(page, recorder, server, viewport):
    task = Task("where sources disagree", viewport)
    open_question(task, page, server, "Where sources disagree")
    china = page.locator("table.results tbody tr", has_text="China").filter(has_text="2010")
    expect(china).to_have_count(1)
    cells = china.locator("td").all_inner_texts()
    assert "strategic partnership" in [cell.strip() for cell in cells]
    assert "comprehensive strategic partnership" in [cell.strip() for cell in cells]
    task.click(china.locator("td.evidence summary"))
    expect(china.locator("td.evidence blockquote")).to_have_count(2)
    task.done()
    recorder.assert_clean()


def test_task_a_csv_download(page, recorder, server, viewport):
    task = Task("a CSV download", viewport)
    open_question(task, page, server, "Strategic partnerships of a state")
    shown = page.locator("table.results tbody tr").count()
    with page.expect_download() as download:
        task.click(page.locator("a", has_text="Download CSV"))
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == shown and {"partner", "level", "source", "statement"} <= set(rows[0])
    task.done()
    recorder.assert_clean()


# --- everyone, everywhere --------------------------------------------------------------------------------

PAGES = {"home": "/", "entity": "/id/cambodia", "source": "/source/yen-2024", "question":
         "/queries/cambodia-strategic-partnerships", "editor": "/query", "ontology": "/ontology", "linkage": "/linkage"}
WIDE = {**PAGES, "statement": None, "projects": "/queries/chinese-financed-and-bri-projects",
        "financing": "/queries/projects-financed-by", "disagreements": "/queries/conflicting-claims",
        "questions": "/queries", "search": "/search?q=cambodia"}


def statement_path(kg) -> str:
    return "/statement/" + str(next(iter(kg.query("cambodia-strategic-partnerships")))["statement"]).rsplit("/", 1)[-1]


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violation(browser, server, name):
    """axe-core, injected into the page (the app's own Content-Security-Policy is bypassed for it alone)."""
    assert AXE.is_file(), "axe-core is not installed (npm ci)"
    context = browser.new_context(viewport=VIEWPORTS["laptop"], bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(server + PAGES[name])
        if name == "editor":
            page.wait_for_selector(".yasqe .CodeMirror")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    serious = [f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['target']}"
               for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, f"axe on {PAGES[name]}:\n" + "\n".join(serious)


def test_no_page_scrolls_sideways_on_a_phone(browser, server, kg):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    context.set_default_timeout(TIMEOUT_MS)
    wide = {}
    try:
        page = context.new_page()
        for name, path in WIDE.items():
            page.goto(server + (path or statement_path(kg)))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > VIEWPORTS["phone"]["width"]:
                wide[name] = width
        page.goto(server + "/")
        button = page.locator(".hero button[type='submit']").bounding_box()
        assert button and button["x"] + button["width"] <= VIEWPORTS["phone"]["width"], "the Search button is cut off"
    finally:
        context.close()
    assert not wide, f"pages wider than the phone's 390 px: {wide}"


def test_screenshots_of_the_pages(browser, server, kg, tmp_path):
    folder = SCREENSHOTS if os.environ.get("DIPLOGRAPH_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS["laptop"])
    try:
        page = context.new_page()
        page.goto(server + "/id/cambodia")
        page.screenshot(path=folder / "entity-summary.png", full_page=False)
        page.locator("form.filters select[name='partner']").select_option(label="China")
        page.evaluate("document.querySelector('section.statements').scrollIntoView()")
        page.screenshot(path=folder / "entity-statements.png", full_page=False)
        page.goto(server + "/source/yen-2024")
        page.locator("form.filters select[name='partner']").select_option(label="South Korea")
        page.screenshot(path=folder / "source.png", full_page=False)
        page.goto(server + statement_path(kg))
        page.screenshot(path=folder / "statement.png", full_page=False)
        page.goto(server + "/queries/cambodia-strategic-partnerships")
        page.locator("table.results td.evidence summary").first.click()
        page.screenshot(path=folder / "answer.png", full_page=False)
    finally:
        context.close()
    for name in ("entity-summary.png", "entity-statements.png", "source.png", "statement.png", "answer.png"):
        assert (folder / name).stat().st_size > 10_000


def test_statements_regroup_by_partner_filter_by_period_and_open_from_a_key_fact(browser, server):
    context = browser.new_context(viewport=VIEWPORTS["laptop"])
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(server + "/id/cambodia")
        items = page.locator(".statements li[id]")
        total = items.count()
        partners = {(item.get_attribute("data-partners") or "").split("|")[0] or "(none)" for item in items.all()}
        page.locator("form.filters input[name='group'][value='partner']").check()
        groups = page.locator(".statements details.group")
        expect(groups).to_have_count(len(partners))
        names = page.evaluate("Array.from(document.querySelectorAll('.statements details.group > summary'))"
                              ".map(summary => summary.firstChild.textContent.trim())")
        assert set(names) == partners
        assert sum(int(count) for count in groups.locator(".count").all_inner_texts()) == total

        page.locator("form.filters input[name='from']").fill("2020")
        page.locator("form.filters input[name='to']").fill("2020")
        shown = page.locator(".statements li[id]:not([hidden])")
        assert 0 < shown.count() < total
        for years in (item.get_attribute("data-years") for item in shown.all()):
            first, _, last = years.partition(" ")
            assert not first or (int(first) <= 2020 and (not last or int(last) >= 2020))
        expect(page.locator("form.filters output")).to_have_text(f"{shown.count()} of {total} statements")

        page.goto(server + "/id/cambodia")
        link = page.locator("section.key-facts a.sources").first
        target = link.get_attribute("href").lstrip("#")
        link.click()
        expect(page.locator(f"li[id='{target}']")).to_be_visible()
    finally:
        context.close()
