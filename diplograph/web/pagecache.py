"""Rendered pages kept in memory, bounded by their total size in bytes, with one render per page at a time.

>>> import asyncio
>>> cache = PageCache(max_bytes=10)
>>> async def render() -> bytes:
...     await asyncio.sleep(0.01)
...     return b"page"
>>> async def three_requests():
...     first, second = await asyncio.gather(cache.get("a", render), cache.get("a", render))
...     return first, second, await cache.get("a", render)
>>> asyncio.run(three_requests())       # the second shares the first's render; the third finds it kept
((b'page', 'miss'), (b'page', 'shared'), (b'page', 'hit'))
>>> cache.renders, cache.size
(1, 4)
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from functools import partial

#: How a page was found: kept from before, rendered for this request, or rendered for another one at the same time.
HIT, MISS, SHARED = "hit", "miss", "shared"


class PageCache:
    """Pages by key, least recently used out first once their bytes pass ``max_bytes``.

    A page is rendered once however many requests ask for it at the same time (they all wait for the same
    render), and the render goes on if the request that started it goes away, so its work is not lost. A
    render that fails is not kept: the next request tries again. A page larger than the whole bound is
    served but not kept.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0          # bytes of the pages kept
        self.renders = 0       # renders started
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self._rendering: dict[Hashable, asyncio.Future[bytes]] = {}

    def __len__(self) -> int:
        return len(self._pages)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._pages

    @property
    def rendering(self) -> int:
        """Renders in flight (each shared by every request for its page)."""
        return len(self._rendering)

    def kept(self) -> list[bytes]:
        """The pages kept, least recently used first."""
        return list(self._pages.values())

    async def get(self, key: Hashable, render: Callable[[], Awaitable[bytes]]) -> tuple[bytes, str]:
        """The page for ``key`` and how it was found (``hit``, ``miss`` or ``shared``); ``render`` makes it."""
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
            return page, HIT
        how = SHARED
        running = self._rendering.get(key)
        if running is None:
            running = asyncio.ensure_future(render())
            self.renders += 1
            self._rendering[key] = running
            # registered before any waiter's: the page is kept before the first waiter resumes
            running.add_done_callback(partial(self._finished, key))
            how = MISS
        # shielded: a waiter that is cancelled (its client went away) does not cancel the render of the others
        return await asyncio.shield(running), how

    def clear(self) -> None:
        self._pages.clear()
        self.size = 0

    def _finished(self, key: Hashable, render: asyncio.Future[bytes]) -> None:
        self._rendering.pop(key, None)
        # reading the exception marks it retrieved, even when every waiter has gone
        if render.cancelled() or render.exception() is not None:
            return
        self._keep(key, render.result())

    def _keep(self, key: Hashable, page: bytes) -> None:
        if len(page) > self.max_bytes:
            return
        if key in self._pages:
            self.size -= len(self._pages.pop(key))
        self._pages[key] = page
        self.size += len(page)
        while self.size > self.max_bytes:
            _, old = self._pages.popitem(last=False)
            self.size -= len(old)
