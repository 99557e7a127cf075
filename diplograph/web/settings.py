"""The web app's settings: where the data is, and the guardrails every query runs under.

Each setting has a default, an environment variable and a ``diplograph serve`` option.

| setting | environment variable | default | what it bounds |
|---|---|---|---|
| ``timeout`` | ``DIPLOGRAPH_QUERY_TIMEOUT`` | 30 s | a query's run time; past it the worker running it is killed |
| ``startup_timeout`` | ``DIPLOGRAPH_STARTUP_TIMEOUT`` | 600 s | each query run at start (counts, labels, the views) |
| ``max_rows`` | ``DIPLOGRAPH_MAX_ROWS`` | 10,000 | solutions (or triples) in one answer; a cut answer says so |
| ``max_query_bytes`` | ``DIPLOGRAPH_MAX_QUERY_BYTES`` | 65,536 | a query text; a URL 16 KiB more (``max_url_bytes``) |
| ``workers`` | ``DIPLOGRAPH_WORKERS`` | 2 | query worker processes, so many queries run at once |
| ``queue_wait`` | ``DIPLOGRAPH_QUEUE_WAIT`` | 10 s | how long a request waits for a free worker before a 503 |
| ``services`` | ``DIPLOGRAPH_SERVICE_ALLOW`` | none | SPARQL ``SERVICE`` endpoints a query may call |
| ``view_cache_bytes`` | ``DIPLOGRAPH_VIEW_CACHE_BYTES`` | 64 MiB | the views' pages kept in memory (~1 MB each) |
| ``assets`` | ``DIPLOGRAPH_ASSETS`` | ``node_modules`` of the checkout | front-end libraries (YASGUI) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from diplograph.graph.settings import Settings, number_setting, project_root
from diplograph.sparql.guard import allowed_services

#: Room in a request URL for what comes beside the query: the path, dataset and format parameters.
URL_ROOM = 16 * 1024


def default_workers() -> int:
    """One query worker more than the machine has cores, so that heavy queries cannot leave none free
    (see ``diplograph.web.pool``)."""
    return (os.cpu_count() or 1) + 1


def default_assets() -> Path:
    root = project_root()
    return Path(os.environ.get("DIPLOGRAPH_ASSETS", (root or Path.cwd()) / "node_modules"))


@dataclass(frozen=True)
class ServerSettings:
    """What one server serves, and its limits. ``ServerSettings.default()`` reads the environment."""

    store: str = "oxigraph"
    build: Path = field(default_factory=lambda: Settings.default().build)
    extra_data: tuple[Path, ...] = ()
    load: bool | None = None
    timeout: float = 30.0
    startup_timeout: float = 600.0
    max_rows: int = 10_000
    max_query_bytes: int = 65_536
    workers: int = field(default_factory=lambda: default_workers())
    client_queries: int = 1
    queue_wait: float = 10.0
    services: tuple[str, ...] = ()
    view_cache_bytes: int = 64 * 1024 * 1024
    assets: Path = field(default_factory=default_assets)
    curate: Settings | None = None  # the curated files the review pages write to; None: no curation routes
    reviewer: str | None = None  # who decides there (else $DIPLOGRAPH_REVIEWER, git's user.name, the login)

    @property
    def max_url_bytes(self) -> int:
        """The longest request URL (path and query string) served: a query's limit, and room for other parameters.

        A GET carries its query percent-encoded, so a query near the limit may have to come by POST.

        >>> ServerSettings(max_query_bytes=65_536).max_url_bytes
        81920
        """
        return self.max_query_bytes + URL_ROOM

    @classmethod
    def default(cls, **overrides: Any) -> ServerSettings:
        """Settings from the environment; keyword arguments that are not None win."""
        settings = cls(
            timeout=number_setting("DIPLOGRAPH_QUERY_TIMEOUT", 30.0),
            startup_timeout=number_setting("DIPLOGRAPH_STARTUP_TIMEOUT", 600.0),
            max_rows=int(number_setting("DIPLOGRAPH_MAX_ROWS", 10_000, int)),
            max_query_bytes=int(number_setting("DIPLOGRAPH_MAX_QUERY_BYTES", 65_536, int)),
            workers=int(number_setting("DIPLOGRAPH_WORKERS", default_workers(), int)),
            client_queries=int(number_setting("DIPLOGRAPH_CLIENT_QUERIES", 1, int)),
            queue_wait=number_setting("DIPLOGRAPH_QUEUE_WAIT", 10.0),
            services=tuple(allowed_services()),
            view_cache_bytes=int(number_setting("DIPLOGRAPH_VIEW_CACHE_BYTES", 64 * 1024 * 1024, int)),
        )
        return replace(settings, **{name: value for name, value in overrides.items() if value is not None})
