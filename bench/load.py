"""Load test of the SPARQL endpoint: concurrent clients on loopback, a mix of named queries.

Starts ``diplograph serve`` on a free loopback port (or uses ``--url``), then runs
``--clients`` concurrent clients. Each sends the named queries, with their default
parameters, in turn, through the SPARQL 1.1 Protocol, until ``--requests`` requests
have been sent or ``--seconds`` have passed. Prints a markdown table of requests
served, errors, throughput and latency percentiles, overall and per query.

    python -m bench.load                          # 8 clients, 2,000 requests at most, 60 s at most
    python -m bench.load --clients 16 --requests 5000 --json bench/results/load.json
    python -m bench.load --load more.nq           # the corpus and another RDF file, served together

``served`` and ``measure`` are what other benchmarks (``bench.endpoint``) call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from diplograph import queries
from diplograph.sparql.binding import bind_values
from diplograph.web.launch import free_port, running


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of the values at or below it.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.99)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def workload() -> list[tuple[str, str]]:
    """(name, SPARQL) for every named query, its parameters bound to their defaults (those without are left out)."""
    mix = []
    for query in queries.all_queries():
        if any(param.required for param in query.params):
            continue
        mix.append((query.name, bind_values(query.sparql, query.bindings({}))))
    return mix


async def run_load(url: str, mix: list[tuple[str, str]], clients: int, requests: int, seconds: float) -> dict:
    latencies: dict[str, list[float]] = {name: [] for name, _ in mix}
    errors: list[str] = []
    sent = 0
    stop_at = time.monotonic() + seconds

    async def client(number: int, http: httpx.AsyncClient) -> None:
        nonlocal sent
        position = number
        while sent < requests and time.monotonic() < stop_at:
            sent += 1
            name, sparql = mix[position % len(mix)]
            position += 1
            started = time.perf_counter()
            try:
                response = await http.post(f"{url}/sparql", data={"query": sparql},
                                           headers={"Accept": "application/sparql-results+json"})
                elapsed = time.perf_counter() - started
                if response.status_code == 200:
                    latencies[name].append(elapsed)
                else:
                    errors.append(f"{name}: HTTP {response.status_code} {response.text[:120]}")
            except httpx.HTTPError as error:
                errors.append(f"{name}: {type(error).__name__} {error}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        await http.post(f"{url}/sparql", data={"query": "ASK {}"})  # warm-up
        started = time.perf_counter()
        await asyncio.gather(*(client(i, http) for i in range(clients)))
        wall = time.perf_counter() - started
    every = [value for values in latencies.values() for value in values]
    return {
        "clients": clients, "requests": len(every) + len(errors), "served": len(every), "errors": len(errors),
        "error_samples": errors[:5], "seconds": round(wall, 3),
        "throughput_per_s": round(len(every) / wall, 1) if wall else 0.0,
        "p50_ms": round(1000 * percentile(every, 0.50), 2) if every else None,
        "p99_ms": round(1000 * percentile(every, 0.99), 2) if every else None,
        "per_query": {name: {"n": len(values), "p50_ms": round(1000 * statistics.median(values), 2),
                             "p99_ms": round(1000 * percentile(values, 0.99), 2)}
                      for name, values in latencies.items() if values},
    }


@contextmanager
def served(*, workers: int = 2, build: Path | None = None, load: Sequence[Path] = (), start_timeout: float = 60.0,
           query_timeout: float | None = None) -> Iterator[str]:
    """``diplograph serve`` on a free loopback port, with ``workers`` query workers and the build (and every
    file in ``load``) loaded; yields its base URL once it answers. Each worker loads the whole graph before the
    server answers, so a large ``load`` needs a longer ``start_timeout``. ``query_timeout`` is the server's
    time limit per query (``serve --timeout``; by default the server's own)."""
    port = free_port()
    command = [sys.executable, "-m", "diplograph", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]
    if build is not None:
        command += ["--build-dir", str(build)]
    for path in load:
        command += ["--load", str(path)]
    if query_timeout is not None:
        command += ["--timeout", f"{query_timeout:g}"]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/api/health", timeout=start_timeout):
        yield base


def measure(url: str, clients: int, requests: int, seconds: float,
            mix: list[tuple[str, str]] | None = None) -> dict:
    """One load run against the server at ``url``: the numbers ``run_load`` returns, for the given mix (by
    default every named query with its default parameters)."""
    mix = mix if mix is not None else workload()
    result = asyncio.run(run_load(url.rstrip("/"), mix, clients, requests, seconds))
    result["queries_in_mix"] = len(mix)
    return result


def markdown(result: dict) -> str:
    lines = ["| clients | requests | served | errors | seconds | req/s | p50 (ms) | p99 (ms) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| {result['clients']} | {result['requests']} | {result['served']} | {result['errors']} | "
             f"{result['seconds']} | {result['throughput_per_s']} | {result['p50_ms']} | {result['p99_ms']} |", "",
             "| query | n | p50 (ms) | p99 (ms) |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {row['n']} | {row['p50_ms']} | {row['p99_ms']} |"
              for name, row in sorted(result["per_query"].items())]
    return "\n".join(lines)


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server (base URL); by default one is started")
    parser.add_argument("--build-dir", type=Path, default=None, help="build folder of the graph to serve")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="stop after this many requests")
    parser.add_argument("--seconds", type=float, default=60.0, help="stop after this many seconds")
    parser.add_argument("--workers", type=int, default=2, help="query workers of the started server")
    parser.add_argument("--load", type=Path, action="append", default=[],
                        help="also serve this RDF file (diplograph serve --load); repeat for more")
    parser.add_argument("--start-timeout", type=float, default=60.0,
                        help="seconds the started server may take to answer")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    mix = workload()
    if args.url:
        result = measure(args.url, args.clients, args.requests, args.seconds, mix)
    else:
        with served(workers=args.workers, build=args.build_dir, load=args.load,
                    start_timeout=args.start_timeout) as url:
            result = measure(url, args.clients, args.requests, args.seconds, mix)
    result["machine"] = machine()
    print(f"Endpoint load: {len(mix)} named queries, {args.clients} concurrent clients, on {result['machine']}\n")
    print(markdown(result))
    if result["error_samples"]:
        print("\nErrors (first five):\n" + "\n".join(result["error_samples"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
