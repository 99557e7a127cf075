"""The SPARQL endpoint under concurrent clients on loopback, on the corpus and on generated graphs.

Each run starts ``diplograph serve`` on a free loopback port (two query workers, the default) and sends every
named query, with its default parameters, through the SPARQL 1.1 Protocol from concurrent clients, bounded in
requests and seconds (``bench.load`` does the serving and the sending):

- the corpus, as ``make run`` serves it, with 1 client (the goal: a named query answered in under 20 ms at the
  median) and with 8 clients;
- each generated graph up to 1M quads (``bench.generate``: the corpus grown to size), with 8 clients. It is
  served as a user adds data, ``diplograph serve --load FILE`` beside the build; the corpus's quads in it are
  the build's own, so the served graph is the generated one.

    python -m bench.endpoint                      # the corpus only
    python -m bench.endpoint --size 10k --size 100k --seconds 20
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from pathlib import Path

from bench.load import measure as load
from bench.load import served
from bench.rows import Row

SECTION = "endpoint"
STORE = "oxigraph"            # the server's default store: each worker holds the graph in memory
CORPUS_GOAL_MS = 20.0         # a named query on the corpus, 1 client, median
LARGEST = 1_000_000           # generated graphs above this are not served (each worker loads the whole file)
CHOICES = ("10k", "100k", "1M")


def rows_of(result: dict, size: str, clients: int, note: str = "") -> list[Row]:
    """The rows of one load run: throughput, p50, p99, errors and requests, for ``clients`` clients."""
    subject = f"{clients} client" + ("" if clients == 1 else "s")
    extra = {"clients": clients, "seconds": result["seconds"], "served": result["served"],
             "queries_in_mix": result.get("queries_in_mix"), "per_query": result["per_query"],
             "error_samples": result["error_samples"]}
    common = {"size": size, "store": STORE, "subject": subject}
    return [Row(SECTION, "throughput", result["throughput_per_s"], "req/s", note=note, extra=extra, **common),
            Row(SECTION, "p50", result["p50_ms"], "ms", note=note, **common),
            Row(SECTION, "p99", result["p99_ms"], "ms", note=note, **common),
            Row(SECTION, "errors", float(result["errors"]), "", **common,
                note=f"first: {' '.join(result['error_samples'][0].split())[:160]}" if result["error_samples"] else ""),
            Row(SECTION, "requests", float(result["requests"]), "", **common)]


def corpus(*, seconds: float = 30.0, requests_one: int = 500, requests_many: int = 2000, many: int = 8,
           workers: int = 2, build: Path | None = None) -> list[Row]:
    """The corpus as ``make run`` serves it: 1 client, then ``many`` clients, against one server."""
    rows: list[Row] = []
    started = time.monotonic()
    with served(workers=workers, build=build) as url:
        rows.append(start_row("corpus", 1, time.monotonic() - started))
        single = load(url, 1, requests_one, seconds)
        met = single["p50_ms"] is not None and single["p50_ms"] < CORPUS_GOAL_MS
        rows += rows_of(single, "corpus", 1, note=f"goal: p50 < {CORPUS_GOAL_MS:g} ms ({'met' if met else 'missed'})")
        rows += rows_of(load(url, many, requests_many, seconds), "corpus", many)
    return rows


def generated(size: str, path: Path, *, seconds: float = 30.0, requests: int = 2000, clients: int = 8,
              workers: int = 2, build: Path | None = None, start_timeout: float = 900.0,
              query_timeout: float | None = None) -> list[Row]:
    """A generated graph served with the corpus, under ``clients`` clients. The server's query time limit
    applies (its default, 30 s, unless ``query_timeout``), so a query past it counts as an error (503), as a
    client would see it. (The queries the server runs once at start have a limit of their own.) If the server
    does not start, one row with no value says why."""
    started = time.monotonic()
    said = (f"serve --timeout {query_timeout:g}" if query_timeout is not None
            else "the server's default query time limit")
    try:
        with served(workers=workers, build=build, load=[path], start_timeout=start_timeout,
                    query_timeout=query_timeout) as url:
            start_s = time.monotonic() - started
            result = load(url, clients, requests, seconds)
    except RuntimeError as error:  # the server exited, or did not answer in time
        return [Row(SECTION, "throughput", None, "req/s", size=size, store=STORE, subject=f"{clients} clients",
                    note=f"with {said} the server did not start (after {time.monotonic() - started:.0f} s: "
                         f"{_reason(str(error))})")]
    return (rows_of(result, size, clients, note=f"serve --load {path.name} with {said}")
            + [start_row(size, clients, start_s)])


def start_row(size: str, clients: int, seconds: float) -> Row:
    return Row(SECTION, "start", round(seconds, 1), "s", size=size, store=STORE,
               subject=f"{clients} client" + ("" if clients == 1 else "s"),
               note="from launch until /api/health answers: "
                    "each worker loads the graph, the server reads its catalogue")


def _reason(message: str) -> str:
    """The line of a failed start that says why: the last exception raised, else the last line."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    said = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Timeout)\b.*:", line)]
    return (said or lines or ["no output"])[-1][:300]


def run(config) -> list[Row]:
    """The ``endpoint`` section for the suite: the corpus (1 and 8 clients), then each configured generated size
    up to 1M (8 clients). A quick run sends for 10 s instead of 30."""
    from bench.generate import dataset_file, parse_size

    seconds = 10.0 if config.quick else 30.0
    rows = corpus(seconds=seconds)
    for size in config.sizes:
        if parse_size(size) > LARGEST:
            rows.append(Row(SECTION, "throughput", None, "req/s", size=size, store=STORE, subject="8 clients",
                            note=f"not served: above {LARGEST:,} quads (each query worker holds the whole graph)"))
            continue
        rows += generated(size, dataset_file(config, size), seconds=seconds)
    return rows


def markdown(rows: Sequence[Row]) -> str:
    """One line per size and number of clients."""
    table: dict[tuple[str, str], dict[str, Row]] = {}
    for row in rows:
        table.setdefault((row.size, row.subject), {})[row.metric] = row
    lines = ["| graph | clients | start (s) | requests | errors | req/s | p50 (ms) | p99 (ms) | note |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for (size, subject), cells in table.items():
        def value(metric: str, cells: dict[str, Row] = cells) -> str:
            found = cells.get(metric)
            return "" if found is None or found.value is None else f"{found.value:g}"
        notes = "; ".join(dict.fromkeys(row.note.replace("|", "/") for name, row in cells.items()
                                        if row.note and name != "start"))
        lines.append(f"| {size} | {subject} | {value('start')} | {value('requests')} | {value('errors')} | "
                     f"{value('throughput')} | {value('p50')} | {value('p99')} | {notes} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", action="append", default=[], choices=CHOICES,
                        help="also a generated graph of this size (bench.generate), 8 clients; repeat for more")
    parser.add_argument("--file", type=Path, action="append", default=[],
                        help="also this RDF file, served with the corpus, 8 clients; repeat for more")
    parser.add_argument("--seconds", type=float, default=30.0, help="each run stops after this many seconds")
    parser.add_argument("--clients", type=int, default=8, help="clients of the concurrent runs")
    parser.add_argument("--workers", type=int, default=2, help="query workers of the server")
    parser.add_argument("--build-dir", type=Path, default=None, help="build folder of the corpus")
    parser.add_argument("--query-timeout", type=float, default=None,
                        help="the server's time limit per query for the generated graphs [default: the server's, 30 s]")
    args = parser.parse_args(argv)
    rows = corpus(seconds=args.seconds, many=args.clients, workers=args.workers, build=args.build_dir)
    extra = [(path.name, path) for path in args.file]
    if args.size:
        from bench.config import Config
        from bench.generate import dataset_file

        config = Config(sizes=list(args.size))
        extra += [(size, dataset_file(config, size)) for size in args.size]
    for size, path in extra:
        rows += generated(size, path, seconds=args.seconds, clients=args.clients, workers=args.workers,
                          build=args.build_dir, query_timeout=args.query_timeout)
    print(markdown(rows))
    single = [row for row in rows if (row.size, row.subject, row.metric) == ("corpus", "1 client", "p50")]
    if single and single[0].value is not None:
        print(f"\nCorpus, 1 client: p50 {single[0].value:g} ms (goal: under {CORPUS_GOAL_MS:g} ms)")

if __name__ == "__main__":
    main()
