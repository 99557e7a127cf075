"""Network views in the web app: drawn off the event loop, kept in a cache bounded in bytes, one render per page.

The app is the real one on the corpus graph; requests go to it in its own event loop (the test client's), so
six renders and a health check really are in flight at the same time.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import httpx
import pytest

from diplograph.viz.timeline import timeline
from diplograph.web.networks import IMMUTABLE
from diplograph.web.pagecache import PageCache

from .web import app_client

YEARS = range(3000, 3006)
ID = "https://w3id.org/diplograph/id/"


@pytest.fixture(scope="module")
def views_client(web_settings):
    """An app of its own, so no view of this module was drawn before it."""
    with app_client(web_settings) as client:
        yield client


def in_app_loop(client, scenario):
    """Run ``scenario(http)`` in the app's event loop, with an httpx client that calls the app in that loop."""
    async def run():
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=600) as http:
            return await scenario(http)
    return client.portal.call(run)


@pytest.mark.serial
def test_health_answers_while_six_views_render_and_a_view_comes_back_from_the_cache(views_client):
    views = views_client.app.state.views

    async def scenario(http):
        renders = [asyncio.ensure_future(http.get(f"/views/overview?as_of={year}")) for year in YEARS]
        for _ in range(6_000):  # until all six are being drawn (or wait for the renderer); a minute at most
            if views.cache.rendering == len(YEARS):
                break
            await asyncio.sleep(0.01)
        assert views.cache.rendering == len(YEARS)
        health = await http.get("/api/health")
        pending = sum(not render.done() for render in renders)
        return health, pending, await asyncio.gather(*renders)

    health, pending, pages = in_app_loop(views_client, scenario)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert pending >= 1, "the health check waited for every render to finish"
    assert [page.status_code for page in pages] == [200] * len(YEARS)
    assert {page.headers["x-cache"] for page in pages} == {"miss"}
    for year, page in zip(YEARS, pages, strict=True):
        assert f'"asOf": {year}'.encode() in page.content  # each page opens at its own year
        assert page.headers["content-security-policy"].startswith("default-src 'none'")

    drawn = views.pool.renders
    again = views_client.get("/views/overview?as_of=3002")
    assert again.status_code == 200 and again.headers["x-cache"] == "hit"
    assert again.content == pages[2].content
    assert views.pool.renders == drawn


def test_identical_requests_at_the_same_time_share_one_render(views_client):
    views = views_client.app.state.views
    drawn = views.pool.renders

    async def scenario(http):
        return await asyncio.gather(*(http.get("/views/ego/cambodia?as_of=2019&embedded=1") for _ in range(4)))

    pages = in_app_loop(views_client, scenario)
    assert [page.status_code for page in pages] == [200] * 4
    assert sorted(page.headers["x-cache"] for page in pages) == ["miss", "shared", "shared", "shared"]
    assert len({page.content for page in pages}) == 1
    assert views.pool.renders == drawn + 1
    # every parameter that changes the page is in the key: another year, or the page not framed, is drawn anew
    assert views_client.get("/views/ego/cambodia?as_of=2019&embedded=1").headers["x-cache"] == "hit"
    assert views_client.get("/views/ego/cambodia?as_of=2020&embedded=1").headers["x-cache"] == "miss"
    assert views_client.get("/views/ego/cambodia?as_of=2019").headers["x-cache"] == "miss"
    assert views.pool.renders == drawn + 3


def test_a_render_worker_that_died_is_replaced_and_the_next_view_is_drawn(views_client):
    pool = views_client.app.state.views.pool
    assert views_client.get("/views/ego/cambodia?as_of=1990").status_code == 200  # a worker is running
    (worker,) = pool._idle
    worker.process.kill()
    worker.process.join(timeout=10)
    page = views_client.get("/views/ego/cambodia?as_of=1991")
    assert page.status_code == 200 and page.headers["x-cache"] == "miss" and b'"asOf": 1991' in page.content
    assert pool._idle and pool._idle[0] is not worker and pool._idle[0].process.is_alive()


def test_the_views_cache_stays_within_its_bytes(web_settings):
    slugs = ("cambodia", "china", "japan", "thailand")
    with app_client(web_settings) as client:
        cache = client.app.state.views.cache
        # the pages' sizes, as the app draws them; then a bound that holds any three of them, not all four
        sizes = [len(client.get(f"/views/ego/{slug}", headers={"Accept-Encoding": "identity"}).content)
                 for slug in slugs]
        cache.clear()
        cache.max_bytes = bound = sum(sizes) - 1
        for slug in slugs:
            page = client.get(f"/views/ego/{slug}")
            assert page.status_code == 200 and page.headers["x-cache"] == "miss"
            assert 0 < cache.size <= bound and cache.size == sum(len(kept) for kept in cache.kept())
        assert 1 < len(cache) < 4
        assert ("ego", ID + "thailand", None, False) in cache  # the newest stays
        assert client.get("/views/ego/cambodia").headers["x-cache"] == "miss"  # the first one went out


def test_a_page_cache_evicts_least_recently_used_pages_first_and_keeps_no_page_above_its_bound():
    cache = PageCache(max_bytes=10)

    async def fill():
        async def page(size: int):
            return b"x" * size
        for key, size in (("a", 4), ("b", 4)):
            await cache.get(key, lambda size=size: page(size))
        await cache.get("a", lambda: page(4))          # a is used again: b is now the oldest
        await cache.get("c", lambda: page(4))          # 12 bytes: b goes
        huge = await cache.get("d", lambda: page(11))  # over the whole bound: served, not kept
        return huge

    huge = asyncio.run(fill())
    assert huge == (b"x" * 11, "miss")
    assert ("a" in cache, "b" in cache, "c" in cache, "d" in cache) == (True, False, True, False)
    assert cache.size == 8 and cache.renders == 4


def test_a_failed_render_is_not_kept_and_every_waiter_sees_the_failure():
    cache = PageCache(max_bytes=100)
    calls = []

    async def failing():
        calls.append(1)
        await asyncio.sleep(0.01)
        raise RuntimeError("cannot draw")

    async def scenario():
        return await asyncio.gather(cache.get("k", failing), cache.get("k", failing), return_exceptions=True)

    outcomes = asyncio.run(scenario())
    assert [str(outcome) for outcome in outcomes] == ["cannot draw"] * 2 and len(calls) == 1
    assert "k" not in cache and cache.size == 0


def test_a_bad_year_is_a_400_before_anything_is_drawn(views_client):
    drawn = views_client.app.state.views.pool.renders
    for url in ("/views/overview?as_of=%C2%B2", "/views/ego/cambodia?as_of=%C2%B9%C2%B2%C2%B3",
                "/views/overview?as_of=999"):
        response = views_client.get(url)
        assert response.status_code == 400 and "as_of" in response.text
    assert views_client.get("/views/ego/no-such-entity").status_code == 404
    assert views_client.app.state.views.pool.renders == drawn


# --- what a served view weighs, and the files it shares with every other ------------------------------------

SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script>", re.S)
#: What a served page may weigh, uncompressed and as sent gzip-compressed. A page used to carry vis-network
#: (about 470 KB) and its script inline; now it is its data: the corpus's overview (263 entities, 530
#: statements) is about 230 KB of JSON, 30 KB compressed, and Cambodia's neighbourhood about 65 KB, 9 KB.
OVERVIEW_BOUND, OVERVIEW_SENT = 400_000, 60_000
FRAME_BOUND, FRAME_SENT = 120_000, 20_000


def test_a_served_view_loads_its_library_and_script_as_files_and_weighs_little(views_client):
    for url, bound, sent in (("/views/overview", OVERVIEW_BOUND, OVERVIEW_SENT),
                             ("/views/ego/cambodia?embedded=1", FRAME_BOUND, FRAME_SENT)):
        plain = views_client.get(url, headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200 and "content-encoding" not in plain.headers
        page = plain.content
        assert len(page) < bound, (url, len(page))
        # no script runs from the page itself: each is a JSON data block or a file of the server's
        for match in SCRIPT.finditer(page):
            opening = match.group(0)[:match.group(0).index(b">")]
            assert b'type="application/json"' in opening or (b"src=" in opening and not match.group(1).strip())
        scripts = re.findall(rb'<script src="([^"]+)"', page)
        assert [src.rsplit(b"/", 1)[-1] for src in scripts] == [b"vis-network.min.js", b"view.js"]
        assert b"vis.Network" not in page
        # sent compressed to a browser that accepts it
        packed = views_client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
        assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"]
        assert int(packed.headers["content-length"]) < sent, (url, packed.headers["content-length"])
        assert packed.content == page  # httpx unpacks it: the same page


def test_the_views_files_are_cached_for_good_under_their_version(views_client):
    page = views_client.get("/views/overview").content
    for src in re.findall(rb'(?:src|href)="(/views/assets/[^"]+)"', page):
        url = src.decode()
        first = views_client.get(url)
        assert first.status_code == 200 and first.content
        assert first.headers["cache-control"] == IMMUTABLE
        tag = first.headers["etag"]
        again = views_client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and not again.content
        # an old version's URL answers with today's file, which may not be kept
        version = url.split("/")[3]
        stale = views_client.get(url.replace(version, "0" * len(version)))
        assert stale.status_code == 200 and stale.content == first.content
        assert stale.headers["cache-control"] == "no-cache"
    assert views_client.get("/views/assets/x/secrets.txt").status_code == 404


def test_a_links_quotes_come_from_the_server_when_asked(views_client):
    network = views_client.app.state.catalogue.network
    keys = [key for *_, key, data in network.edges(ID + "cambodia", keys=True, data=True) if data["quotes"]][:3]
    assert keys
    found = views_client.get("/views/evidence", params=[("statement", key) for key in keys] +
                             [("statement", "https://example.org/nothing")]).json()
    assert set(found) == set(keys)
    for key in keys:
        data = next(d for *_, k, d in network.edges(keys=True, data=True) if k == key)
        assert found[key] == [list(pair) for pair in data["quotes"]]


def test_vis_timeline_is_served_from_here_pinned_and_cached(views_client):
    pinned = json.loads(Path("package.json").read_text())["dependencies"]["vis-timeline"]
    page = views_client.get("/views/timeline/cambodia/japan")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="(/vendor/vis-timeline/[^"]+)"', page.text)
    assert len(sources) == 2 and all(src.endswith(f"?v={pinned}") for src in sources)
    for src in sources:
        served = views_client.get(src)
        assert served.status_code == 200 and len(served.content) > 10_000
        assert served.headers["cache-control"] == IMMUTABLE and served.headers["etag"]
        assert views_client.get(src, headers={"If-None-Match": served.headers["etag"]}).status_code == 304


def test_a_timeline_lists_the_dated_statements_of_a_pair_with_their_evidence(views_client):
    network = views_client.app.state.catalogue.network
    expected = timeline(network, "cambodia", "japan")
    assert expected.items
    page = views_client.get("/views/timeline/cambodia/japan")
    rows = re.findall(r'<tr data-statement="([^"]+)"', page.text)
    assert rows == [item["statement"] for item in expected.items]
    assert f"{len(expected.items)} dated statements between Cambodia and Japan" in page.text
    assert f"{expected.undated} more have no date" in page.text
    # every item's quotes and sources are in the page's data, for its evidence
    data = json.loads(re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', page.text,
                                re.S).group(1))
    assert [item["statement"] for item in data["items"]] == rows
    assert all(item["quotes"] and item["sources"] for item in data["items"])
    # the named question the same timeline answers as a table
    assert "/queries/relations-timeline?a=dgr:cambodia&amp;b=dgr:japan" in page.text
    # ?with= goes to the pair's own URL; an unknown name is a 404 that names close matches
    moved = views_client.get("/views/timeline/cambodia?with=japan", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/views/timeline/cambodia/japan"
    missing = views_client.get("/views/timeline/cambodai")
    assert missing.status_code == 404 and "cambodia" in missing.text
