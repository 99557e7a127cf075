"""A polite client for a Wikidata-compatible SPARQL endpoint, with a cache of its answers.

Wikidata's query service asks every client to name itself in its User-Agent, to
send one query at a time and to obey ``Retry-After`` when it answers 429. This
client does all three, and keeps every answer in a cache folder (one JSON file
per query), so that a build reads the cache and never the network, and so that
what the graph says about Wikidata can be traced to the answer it came from.

>>> client = SparqlClient(endpoint="http://127.0.0.1:9/sparql", cache_dir=None, offline=True)
>>> client.select("SELECT * WHERE { ?s ?p ?o }")
Traceback (most recent call last):
...
diplograph.graph.wikidata.client.NotCached: offline, and no cached answer for this query from http://127.0.0.1:9/sparql
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
CONTACT_VARIABLE = "DIPLOGRAPH_CONTACT"


def user_agent() -> str:
    """The User-Agent sent with every query, naming the tool and how to reach whoever runs it.

    Wikidata's policy asks for a contact; ``$DIPLOGRAPH_CONTACT`` (an e-mail or URL) adds one.
    """
    from diplograph.version import __version__

    contact = os.environ.get(CONTACT_VARIABLE, "").strip()
    who = f"https://w3id.org/diplograph; {contact}" if contact else "https://w3id.org/diplograph"
    return f"diplograph/{__version__} ({who}) httpx/{httpx.__version__}"


class EndpointError(RuntimeError):
    """The endpoint could not answer: unreachable, an HTTP error, too many retries, or not JSON."""


class NotCached(EndpointError):
    """Offline, and the cache has no answer for this query."""


@dataclass(frozen=True)
class Answer:
    """SPARQL JSON results, with where and when they were retrieved."""

    endpoint: str
    query: str
    retrieved: str            # ISO 8601, UTC
    results: dict[str, Any]   # the SPARQL 1.1 JSON results document
    from_cache: bool = False

    def bindings(self) -> list[dict[str, dict[str, str]]]:
        """Each solution as SPARQL JSON writes it: {variable: {"type", "value", "xml:lang" or "datatype"}}."""
        return self.results.get("results", {}).get("bindings", [])

    def rows(self) -> list[dict[str, str]]:
        """Each solution as {variable: lexical value}."""
        return [{name: term["value"] for name, term in binding.items()} for binding in self.bindings()]

    def to_json(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "query": self.query, "retrieved": self.retrieved, "results": self.results}


@dataclass
class SparqlClient:
    """Sends SELECT queries to one endpoint, one at a time, no faster than ``min_interval`` seconds apart.

    ``offline`` answers from the cache only; ``refresh`` ignores the cache (and rewrites it).
    ``sleep`` and ``clock`` are injectable so tests can watch the waiting without waiting.
    """

    endpoint: str = WIKIDATA_ENDPOINT
    cache_dir: Path | None = None
    offline: bool = False
    refresh: bool = False
    min_interval: float = 1.0
    max_retries: int = 4
    max_wait: float = 300.0
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    waits: list[float] = field(default_factory=list)
    _last_request: float | None = None

    def select(self, query: str) -> Answer:
        """The answer to a SELECT query: from the cache if there is one (and not ``refresh``), else from the
        endpoint."""
        cached = None if self.refresh else self._cached(query)
        if cached is not None:
            return cached
        if self.offline:
            raise NotCached(f"offline, and no cached answer for this query from {self.endpoint}")
        answer = Answer(self.endpoint, query, _now(), self._fetch(query))
        self._store(answer)
        return answer

    def cache_path(self, query: str) -> Path | None:
        """Where the answer to ``query`` from this endpoint is cached: a hash of both names the file."""
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()[:20]
        return self.cache_dir / f"{digest}.json"

    def _cached(self, query: str) -> Answer | None:
        path = self.cache_path(query)
        if path is None or not path.exists():
            return None
        stored = json.loads(path.read_text(encoding="utf-8"))
        return Answer(stored["endpoint"], stored["query"], stored["retrieved"], stored["results"], from_cache=True)

    def _store(self, answer: Answer) -> None:
        path = self.cache_path(answer.query)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(".tmp")
        staging.write_text(json.dumps(answer.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                           encoding="utf-8")
        staging.replace(path)  # atomic: a reader sees the old answer or the new one, never half of one

    def _fetch(self, query: str) -> dict[str, Any]:
        headers = {"User-Agent": user_agent(), "Accept": "application/sparql-results+json"}
        for attempt in range(self.max_retries + 1):
            self._pace()
            try:
                with httpx.Client(timeout=self.timeout, trust_env=False) as http:
                    response = http.post(self.endpoint, data={"query": query}, headers=headers)
            except httpx.HTTPError as error:
                raise EndpointError(f"{self.endpoint} could not be reached: {error}") from None
            finally:
                self._last_request = self.clock()
            if response.status_code in (429, 503) and attempt < self.max_retries:
                self._wait(_retry_after(response.headers.get("retry-after"), default=2.0 ** (attempt + 1)))
                continue
            if response.status_code != 200:
                raise EndpointError(f"{self.endpoint} answered {response.status_code}: {response.text[:300]}")
            try:
                return response.json()
            except ValueError:
                raise EndpointError(f"{self.endpoint} did not answer SPARQL JSON results") from None
        raise EndpointError(f"{self.endpoint} still refused after {self.max_retries} retries")

    def _pace(self) -> None:
        if self._last_request is not None:
            gap = self.min_interval - (self.clock() - self._last_request)
            if gap > 0:
                self._wait(gap)

    def _wait(self, seconds: float) -> None:
        if seconds > self.max_wait:
            raise EndpointError(f"{self.endpoint} asked to wait {seconds:.0f} s, "
                                f"more than the {self.max_wait:.0f} s allowed")
        self.waits.append(seconds)
        self.sleep(seconds)


def _retry_after(value: str | None, *, default: float) -> float:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date.

    >>> _retry_after("7", default=1.0), _retry_after(None, default=1.0), _retry_after("soon", default=3.0)
    (7.0, 1.0, 3.0)
    """
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
