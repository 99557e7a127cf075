"""The review page in a real browser (headless Chromium, Playwright), against `diplograph serve --curate`: the
quoted passages are marked in the text, a click on Accept writes the facts file and shows the decision.

``DIPLOGRAPH_SCREENSHOTS=1`` writes the page's picture into docs/screenshots/review.png for the README.
"""

from __future__ import annotations

import os

import pytest

from diplograph.graph.build import build

from .browser import SCREENSHOTS, chromium, expect, origin, recording_context
from .test_review import curated, make_place
from .web import live_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    settings = make_place(tmp_path_factory.mktemp("curate-browser"))
    build(settings, reasoner="none", docs=False)
    return settings


@pytest.fixture(scope="module")
def server(place):
    with live_server(place.build, "--curate", "--data", str(place.data), "--corpus", str(place.corpus),
                     "--reviewer", "Browser Reviewer") as base:
        yield base


def test_accept_a_candidate_on_the_review_page(place, server, tmp_path):
    with chromium() as browser, recording_context(browser, origin(server)) as (context, recorder):
        page = context.new_page()
        page.goto(f"{server}/curate/notes-2019")
        passage = page.locator(".document mark", has_text="In 2013, Cambodia and Japan signed a strategic partnership.")
        expect(passage).to_have_count(1)
        assert passage.evaluate("node => getComputedStyle(node).backgroundColor") not in ("rgba(0, 0, 0, 0)",
                                                                                         "transparent")
        group = page.locator(passage.locator("a").get_attribute("href"))
        candidate = group.locator(".candidate.proposed").first
        expect(candidate).to_contain_text("strategicPartner")
        key = candidate.get_attribute("data-key")

        folder = SCREENSHOTS if os.environ.get("DIPLOGRAPH_SCREENSHOTS") else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / "review.png", full_page=False)
        assert (folder / "review.png").stat().st_size > 10_000

        candidate.get_by_role("button", name="Accept").click()
        decided = page.locator(f"#entry-{key}")
        expect(decided).to_have_class("candidate accepted")
        expect(decided.locator(".decision")).to_contain_text("accepted by Browser Reviewer")
        assert [(e["p"], e["reviewed_by"]) for e in curated(place)] == [("strategicPartner", "Browser Reviewer")]
        recorder.assert_clean()
