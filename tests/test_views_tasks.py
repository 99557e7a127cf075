"""Analysts' tasks with the network and timeline views, in a real browser, on the served app, as a person does
them: from the home page or an entity page, by clicks. Each task runs at a laptop's and a phone's size, counts
its clicks and prints how long it took (``TASK <name>: <clicks> clicks, <seconds> s``); no timing is asserted.
What the page shows is checked against numbers computed here from the projection.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest

import diplograph
from diplograph.ontology.namespaces import BASE
from diplograph.viz.projection import as_of, project
from diplograph.viz.timeline import timeline

from .browser import DRAWN, LINK_POINT, SCREENSHOTS, VIEWPORTS, Task, expect, open_drawn, recording_context

pytestmark = pytest.mark.browser

ID = BASE + "id/"


@pytest.fixture(scope="module")
def network(corpus_build):
    with diplograph.open(build_dir=corpus_build.build) as graph:
        return project(graph)


@pytest.fixture(params=list(VIEWPORTS))
def sized(request, browser, server):
    """A page at one of the sizes, its recorder, and the size's name."""
    with recording_context(browser, home=origin(server)) as (context, recorder):
        page = context.new_page()
        page.set_viewport_size(VIEWPORTS[request.param])
        yield page, recorder, request.param


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_task_the_network_as_of_2019_with_the_count_of_claims_with_no_date(sized, server, network):
    page, recorder, size = sized
    year = 2019
    timeless = sum(1 for *_, data in network.edges(data=True) if data["timeless"])
    undated = sum(1 for *_, data in network.edges(data=True)
                  if not data["timeless"] and data["start"] is None and data["end"] is None)
    in_force = as_of(network, year, timeless=False).number_of_edges()

    task = Task(f"network as of {year}, count of claims with no date", size)
    page.goto(server + "/")
    frame_element = page.locator("iframe.network")
    frame_element.scroll_into_view_if_needed()
    frame = frame_element.content_frame
    frame.locator(DRAWN).wait_for(state="attached")
    task.click(frame.locator("#time-all"))              # leave "every year"
    frame.locator("#time-year").fill(str(year))          # the slider, moved to the year
    task.clicks += 1
    rule = frame.locator("#time-rule")
    expect(rule).to_contain_text(f"In {year}: {in_force} of ")
    expect(rule).to_contain_text(f"({undated} undated, {timeless} timeless) shown")
    task.done()
    assert rule.get_attribute("data-timeless") == str(timeless)
    assert rule.get_attribute("data-undated") == str(undated)
    # the year is in the view's address, so the view can be shared
    address = frame.locator("html").evaluate("() => window.location.href")
    assert parse_qs(urlsplit(address).query)["as_of"] == [str(year)]
    # and the switch leaves them out, saying so
    frame.locator("#time-timeless").uncheck()
    expect(rule).to_contain_text("left out")
    assert int(frame.locator("#status").get_attribute("data-edges")) == in_force
    recorder.assert_clean()


def test_task_the_cambodia_japan_timeline_and_an_items_evidence(sized, server, network):
    page, recorder, size = sized
    expected = timeline(network, "cambodia", "japan")

    task = Task("Cambodia–Japan timeline, an item's evidence", size)
    page.goto(server + "/id/cambodia")
    task.click(page.get_by_role("link", name="Timeline", exact=True))
    page.wait_for_url(server + "/views/timeline/cambodia")
    task.click(page.locator("form.with").get_by_role("link", name="Japan", exact=False).first)
    page.wait_for_url(server + "/views/timeline/cambodia/japan")
    page.locator("#timeline[data-drawn='true']").wait_for(state="attached")
    item = page.locator(".vis-item.vis-box, .vis-item.vis-range").first
    item.scroll_into_view_if_needed()
    task.click(item)
    evidence = page.locator("#evidence")
    expect(evidence).to_be_visible()
    task.done()

    shown = evidence.get_attribute("data-statement")
    data = next(item for item in expected.items if item["statement"] == shown)
    assert data["quotes"]
    expect(evidence).to_contain_text(data["quotes"][0][1][:60])
    for source in data["sources"]:
        expect(evidence.get_by_role("link", name=source).first).to_have_attribute("href", f"/source/{source}")
    statement = evidence.get_by_role("link", name="The statement, with all its evidence")
    expect(statement).to_have_attribute("href", "/" + shown[len(BASE):])
    # the same items, in order, in the table under the axis; its buttons reach the evidence by keyboard
    rows = page.locator("#timeline-items tbody tr")
    expect(rows).to_have_count(len(expected.items))
    last = expected.items[-1]["statement"]
    button = page.locator(f'button.show-evidence[data-statement="{last}"]')
    button.focus()
    page.keyboard.press("Enter")
    expect(evidence).to_have_attribute("data-statement", last)
    recorder.assert_clean()


def test_a_views_address_keeps_its_state(browser, server, network):
    with recording_context(browser, home=origin(server)) as (context, recorder):
        page = context.new_page()
        open_drawn(page, server + "/views/overview?as_of=2019&undated=hide&focus=japan")
        expect(page.locator("#time-year")).to_have_value("2019")
        assert not page.locator("#time-all").is_checked() and not page.locator("#time-timeless").is_checked()
        assert int(page.locator("#status").get_attribute("data-edges")) == \
            as_of(network, 2019, timeless=False).number_of_edges()
        expect(page.locator("#details h2")).to_have_text(network.nodes[ID + "japan"]["label"])
        assert page.evaluate("diplographNetwork.state.focus") == ID + "japan"
        # a change is written back into the address
        page.locator("#time-year").fill("2020")
        expect(page.locator("#time-label")).to_have_text("2020")  # the view changes in the next frame
        assert parse_qs(urlsplit(page.url).query) == {"as_of": ["2020"], "undated": ["hide"], "focus": ["japan"]}
        recorder.assert_clean()


def test_the_statements_shown_are_listed_for_the_keyboard(browser, server, network):
    with recording_context(browser, home=origin(server)) as (context, recorder):
        page = context.new_page()
        open_drawn(page, server + "/views/ego/cambodia")
        summary = page.locator("#statements > summary")
        for _ in range(80):  # by the keyboard alone: Tab until the list's summary has the focus
            page.keyboard.press("Tab")
            if summary.evaluate("(element) => element === document.activeElement"):
                break
        else:
            pytest.fail("the list of statements cannot be reached with Tab")
        page.keyboard.press("Enter")
        rows = page.locator("#statements-rows tr")
        shown = int(page.locator("#status").get_attribute("data-edges"))
        expect(rows).to_have_count(shown)
        expect(page.locator("#statements-count")).to_have_text(f"({shown})")
        # each row links to its statement's page
        first = rows.first.locator("a")
        assert first.get_attribute("href").startswith("/statement/")
        recorder.assert_clean()


def test_screenshots_of_the_network_and_the_timeline(browser, server, tmp_path):
    """Pictures for the docs, in docs/screenshots/ when DIPLOGRAPH_SCREENSHOTS is set: the overview as of 2019
    with Japan found and its link with Cambodia opened, and the Cambodia–Japan timeline with an item's evidence."""
    folder = SCREENSHOTS if os.environ.get("DIPLOGRAPH_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    cambodia, japan = ID + "cambodia", ID + "japan"
    with recording_context(browser, home=origin(server)) as (context, recorder):
        page = context.new_page()
        page.set_viewport_size(VIEWPORTS["laptop"])
        open_drawn(page, server + "/views/overview?as_of=2019&focus=japan")
        page.evaluate("(id) => diplographNetwork.linkDetails(id)", f"{cambodia}|{japan}")
        point = page.evaluate(LINK_POINT, f"{cambodia}|{japan}")
        assert point["inside"] and not point["covered"]
        page.mouse.move(point["x"], point["y"])
        expect(page.locator("#tooltip")).to_have_attribute("data-link", f"{cambodia}|{japan}")
        page.screenshot(path=folder / "network-2019-japan.png")

        page.goto(server + "/views/timeline/cambodia/japan")
        page.locator("#timeline[data-drawn='true']").wait_for(state="attached")
        page.locator(".vis-item.vis-box, .vis-item.vis-range").first.click()
        expect(page.locator("#evidence")).to_be_visible()
        page.locator("h1").scroll_into_view_if_needed()
        page.screenshot(path=folder / "timeline-cambodia-japan.png", full_page=True)
        for picture in ("network-2019-japan.png", "timeline-cambodia-japan.png"):
            assert (folder / picture).stat().st_size > 20_000
        recorder.assert_clean()


def test_a_served_links_statements_bring_their_quotes_from_the_server(browser, server, network):
    cambodia, japan = ID + "cambodia", ID + "japan"
    link = f"{cambodia}|{japan}"
    keys = [key for u, v, key in network.edges(keys=True) if {u, v} == {cambodia, japan}]
    with recording_context(browser, home=origin(server)) as (context, recorder):
        page = context.new_page()
        open_drawn(page, server + "/views/ego/cambodia")
        assert "quotes" not in page.evaluate("JSON.stringify(diplographNetwork.statements)")  # not in the page
        page.evaluate("(id) => diplographNetwork.linkDetails(id)", link)
        items = page.locator("#details ol.statements > li")
        expect(items).to_have_count(len(keys))
        for i in range(len(keys)):
            key = items.nth(i).get_attribute("data-statement")
            data = next(d for *_, k, d in network.edges(keys=True, data=True) if k == key)
            if data["quotes"]:
                expect(items.nth(i).locator("ul.quotes")).to_contain_text(data["quotes"][0][1][:60])
            expect(items.nth(i).get_by_role("link", name="The statement")).to_have_attribute(
                "href", "/" + key[len(BASE):])
        assert recorder.requested("/views/evidence")
        recorder.assert_clean()
