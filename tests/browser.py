"""Headless Debian Chromium, driven by Playwright, for the browser tests; and a recorder of what a page did.

Playwright must not download a browser: it drives /usr/bin/chromium (or ``$DIPLOGRAPH_CHROMIUM``). Without it,
or without Playwright, the browser tests skip on a developer's machine and fail in CI.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from .conftest import require

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the test extra is not installed
    sync_playwright = None

CHROMIUM = Path(os.environ.get("DIPLOGRAPH_CHROMIUM", "/usr/bin/chromium"))
# --disable-background-networking and friends keep Chromium from calling Google (updates, sync, field trials):
# on a closed network those calls fail, and they are not the page's requests anyway.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps"]
TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
#: The two screens an analyst's tasks are done on: a laptop and a phone.
VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@contextmanager
def chromium() -> Iterator:
    """A running headless Chromium (Playwright's Browser), closed afterwards."""
    require(sync_playwright is not None, "Playwright is not installed (pip install -e '.[test]')")
    require(CHROMIUM.is_file(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        except PlaywrightError as error:
            require(False, f"Playwright could not start {CHROMIUM}: {error}")
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def recording_context(browser, home: str | None = None, viewport: dict | None = None) -> Iterator[tuple]:
    """A fresh context (no cookies, no local storage) with the usual viewport (or ``viewport``) and time limits,
    and its recorder."""
    context = browser.new_context(viewport=viewport or VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    try:
        yield context, Recorder(context, home)
    finally:
        context.close()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Recorder:
    """What the browser did in one context: console errors, page errors, and every request's URL."""

    def __init__(self, context, home: str | None = None):
        self.home = home  # the origin requests are expected to go to, when there is one
        self.errors: list[str] = []
        self.requests: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self.watch)

    def watch(self, page) -> None:
        page.on("console", lambda message: self.errors.append(f"console: {message.text} ({message.location})")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def foreign(self, allowed: Callable[[str], bool] | None = None) -> list[str]:
        """Requests that were not ``allowed`` (by default: not to ``home``); data: URLs never reach a network."""
        allowed = allowed or (lambda url: origin(url) == self.home)
        return [url for url in self.requests if not url.startswith("data:") and not allowed(url)]

    def requested(self, path: str) -> bool:
        return any(urlsplit(url).path == path and origin(url) == self.home for url in self.requests)

    def assert_clean(self, allowed: Callable[[str], bool] | None = None) -> None:
        """No errors, and no request the page should not have made."""
        assert self.requests, "the browser made no requests at all"
        assert not self.errors, "errors in the browser:\n" + "\n".join(self.errors)
        others = self.foreign(allowed)
        assert not others, "requests the page should not have made:\n" + "\n".join(others)


class Task:
    """One of an analyst's tasks as a person does it: each click and each Enter counted, the time from its start
    to its end measured, and both printed as ``TASK name (screen): N clicks, S s`` (reported, never asserted)."""

    def __init__(self, name: str, screen: str = ""):
        self.name, self.screen = name, screen
        self.clicks = 0
        self.started = time.perf_counter()

    def click(self, locator) -> None:
        locator.scroll_into_view_if_needed()
        locator.click()
        self.clicks += 1

    def submit(self, field) -> None:
        """Send a field's form with Enter (counted as a click)."""
        field.press("Enter")
        self.clicks += 1

    def choose(self, select, label: str) -> None:
        """Pick an option in a list: one click to open it, one to choose."""
        select.select_option(label=label)
        self.clicks += 2

    def done(self) -> None:
        seconds = time.perf_counter() - self.started
        screen = f" ({self.screen})" if self.screen else ""
        print(f"TASK {self.name}{screen}: {self.clicks} clicks, {seconds:.2f} s")


# A point of a drawn link (links are straight), in the page's coordinates: the middle, or the point nearest it
# that is on screen and that no node covers; inside and covered say whether the point found is usable.
LINK_POINT = """(id) => {
    const { network } = window.diplographNetwork;
    const edge = network.body.edges[id];
    const box = network.canvas.frame.getBoundingClientRect();
    let found = null;
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const dom = network.canvasToDOM({ x: edge.from.x + t * (edge.to.x - edge.from.x),
                                          y: edge.from.y + t * (edge.to.y - edge.from.y) });
        const inside = dom.x > 10 && dom.y > 10 && dom.x < box.width - 10 && dom.y < box.height - 10;
        const point = { x: box.left + dom.x, y: box.top + dom.y, inside,
                        covered: network.getNodeAt(dom) !== undefined };
        if (inside && !point.covered) return point;
        found = found || point;
    }
    return found;
}"""


# What a network view's page sets on its body once vis-network has drawn the picture.
DRAWN = "body[data-drawn='true']"


def open_drawn(page, url: str, timeout: float = TIMEOUT_MS) -> str:
    """Open a network view (served, or a written file's URL) and wait until it has drawn; its URL."""
    page.goto(url)
    page.wait_for_selector(DRAWN, state="attached", timeout=timeout)
    return url
