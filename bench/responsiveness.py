"""The server while it draws network views: how long ``/api/health`` takes meanwhile.

Starts ``diplograph serve`` on a free loopback port (``bench.load.served``), or uses ``--url``. Each scenario
sends six view requests at once and, until all six are answered, probes ``/api/health`` one request after
another (50 ms apart); it reports the probes' median and maximum latency, the time until the last view was
answered, and their statuses:

- ``six overviews``: ``/views/overview?as_of=3000`` to ``3005``, six pages no one asked for before;
- ``six neighbourhoods``: ``/views/ego/SLUG`` of six entities, six layouts to compute;
- ``six overviews again``: the first six, now in the server's cache.

A fresh server is used so nothing is cached before the first scenario.

    python -m bench.responsiveness
    python -m bench.responsiveness --url http://127.0.0.1:8000 --repeat 3
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from bench.load import percentile, served
from bench.rows import Row

SECTION = "responsiveness"
OVERVIEWS = [f"/views/overview?as_of={year}" for year in range(3000, 3006)]
NEIGHBOURHOODS = [f"/views/ego/{slug}" for slug in ("cambodia", "china", "japan", "asean", "vietnam", "thailand")]
SCENARIOS = (("six overviews", OVERVIEWS), ("six neighbourhoods", NEIGHBOURHOODS), ("six overviews again", OVERVIEWS))
PROBE_INTERVAL = 0.05


def summary(probes: Sequence[float], views: Sequence[float], statuses: Sequence[int]) -> dict:
    """The numbers of one scenario, in milliseconds (views in seconds).

    >>> summary([0.002, 0.004, 0.010], [3.5, 4.0], [200, 200])  # doctest: +NORMALIZE_WHITESPACE
    {'probes': 3, 'health_median_ms': 4.0, 'health_p90_ms': 10.0, 'health_max_ms': 10.0, 'views_s': 4.0,
     'statuses': {200: 2}}
    """
    return {"probes": len(probes),
            "health_median_ms": round(1000 * statistics.median(probes), 1) if probes else None,
            "health_p90_ms": round(1000 * percentile(list(probes), 0.9), 1) if probes else None,
            "health_max_ms": round(1000 * max(probes), 1) if probes else None,
            "views_s": round(max(views), 2) if views else None,
            "statuses": {status: statuses.count(status) for status in sorted(set(statuses))}}


async def scenario(base: str, paths: Sequence[str]) -> dict:
    """Send the views at once; probe health until they are all answered."""
    limits = httpx.Limits(max_connections=len(paths) + 1, max_keepalive_connections=len(paths) + 1)
    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as http:
        await http.get("/api/health")  # a connection made before the clock starts
        started = time.perf_counter()

        async def view(path: str) -> tuple[float, int]:
            response = await http.get(path)
            return time.perf_counter() - started, response.status_code

        views = [asyncio.create_task(view(path)) for path in paths]
        probes: list[float] = []
        while not all(task.done() for task in views):
            sent = time.perf_counter()
            await http.get("/api/health")
            probes.append(time.perf_counter() - sent)
            await asyncio.sleep(PROBE_INTERVAL)
        answered = [await task for task in views]
    return summary(probes, [seconds for seconds, _ in answered], [status for _, status in answered])


def measure(base: str) -> list[tuple[str, dict]]:
    return [(name, asyncio.run(scenario(base.rstrip("/"), paths))) for name, paths in SCENARIOS]


def rows_of(results: Sequence[tuple[str, dict]], note: str = "") -> list[Row]:
    rows = []
    for name, result in results:
        statuses = ", ".join(f"{count} x {status}" for status, count in result["statuses"].items())
        rows += [Row(SECTION, "health median", result["health_median_ms"], "ms", "corpus", "oxigraph", name, note,
                     result),
                 Row(SECTION, "health max", result["health_max_ms"], "ms", "corpus", "oxigraph", name),
                 Row(SECTION, "views answered", result["views_s"], "s", "corpus", "oxigraph", name, statuses)]
    return rows


def run(config) -> list[Row]:
    """The section for the suite: a fresh server on the corpus, the three scenarios once."""
    with served() as url:
        return rows_of(measure(url), note="six views requested at once; /api/health probed every 50 ms meanwhile")


def markdown(rows: Sequence[Row]) -> str:
    """One line per scenario."""
    table: dict[str, dict[str, Row]] = {}
    for row in rows:
        table.setdefault(row.subject, {})[row.metric] = row
    lines = ["| scenario | health median (ms) | health max (ms) | views answered after (s) | probes | statuses |",
             "|---|---:|---:|---:|---:|---|"]
    for subject, cells in table.items():
        def value(metric: str, cells: dict[str, Row] = cells) -> str:
            found = cells.get(metric)
            return "" if found is None or found.value is None else f"{found.value:g}"
        probes = cells["health median"].extra.get("probes", "") if "health median" in cells else ""
        statuses = cells["views answered"].note if "views answered" in cells else ""
        lines.append(f"| {subject} | {value('health median')} | {value('health max')} | {value('views answered')} | "
                     f"{probes} | {statuses} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server (base URL); by default a fresh one is started")
    parser.add_argument("--build-dir", type=Path, default=None, help="build folder of the graph to serve")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the scenarios this many times, each on a fresh server")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for number in range(args.repeat):
        note = f"run {number + 1}"
        if args.url:
            rows += [Row(r.section, r.metric, r.value, r.unit, r.size, r.store, f"{r.subject} ({note})", r.note,
                         r.extra)
                     for r in rows_of(measure(args.url))]
            continue
        with served(build=args.build_dir) as url:
            rows += [Row(r.section, r.metric, r.value, r.unit, r.size, r.store, f"{r.subject} ({note})", r.note,
                         r.extra)
                     for r in rows_of(measure(url))]
    print(markdown(rows))


if __name__ == "__main__":
    main()
