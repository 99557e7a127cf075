"""Stores at scale: load time, the latency of every named query, and peak memory, per store and size.

    python -m bench.stores --sizes 10k,100k --stores oxigraph,rdflib
    python -m bench.stores --one oxigraph --size 10k        # one measurement, rows as JSON (what the above runs)

Each (store, size) is measured in a fresh Python process, so its peak resident memory (``ru_maxrss``) is that
of loading and querying this graph in this store and nothing else. In it:

- **load**: the generated N-Quads file (``bench.generate``) into the store, timed; triples per second. Our
  stores load it as they load a build's output (``validated=True``: its terms are known good, so Oxigraph
  parses leniently); raw pyoxigraph loads it with a plain ``Store.load``, as its users would.
- **queries**: every named query with its default parameters, through ``KnowledgeGraph.query`` as a user
  calls it, the whole result read (every row, every value as an rdflib term). First one probe run under the
  time limit (the store's own: a forked child killed at the limit for embedded stores, the HTTP timeout and
  the server's ``--timeout-s`` for the remote one); a query past it is recorded as None with a note. Then
  ``warmup`` untimed runs and the median of ``runs`` timed runs (fewer when a run is long, so that a query
  costs at most about twice the time limit; the number is in ``extra``).
- **memory**: the peak resident memory of the process; for the remote store, the server's (``VmHWM``).

Beside our stores, the same queries run on ``raw pyoxigraph``: a ``pyoxigraph.Store`` loaded with
``Store.load`` and queried with the same SPARQL text, every solution's terms read. The cost of our layer is
``ours/raw`` (sum of medians, oxigraph against raw), and ``rdflib/ours`` compares the two embedded stores.
On the default store every untimed run alternates with the same query under the time limit: ``timed / untimed``
is what the limit itself costs (the query runs in a worker process that can be killed).
A ratio over a mix where a query of the numerator timed out counts it at the time limit and is a lower
bound (``>=``); a query the denominator could not run is left out of both sums.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox

from bench.config import Config
from bench.generate import dataset_file, parse_size
from bench.rows import Row

RAW = "raw pyoxigraph"
OURS = "oxigraph"  # the default store, the one the goals are about
LOAD, QUERIES, MEMORY = "load", "queries", "memory"
MIX = "mix"
TIMED = "timed / untimed"  # the mix on the default store with a time limit, against the same mix without one
CHILD_LIMIT_S = 4 * 3600  # a measurement process that runs longer than this is stuck


# --- One measurement (in its own process) ----------------------------------------------------------------


def named_queries() -> list[tuple[str, str]]:
    """(name, SPARQL with its defaults bound) for every named query, as ``bench.load.workload`` gives them."""
    from bench.load import workload

    return workload()


def consume(result) -> int:
    """Read a Result as a user does: every row, every value (rdflib terms); the number of rows."""
    if result.kind == "ask":
        return 1
    rows = 0
    for row in result:
        for _ in (row.values() if result.kind == "select" else row):
            pass
        rows += 1
    return rows


def consume_raw(answer) -> int:
    """Read a pyoxigraph answer: every solution's terms (or every triple); the number of rows."""
    if isinstance(answer, ox.QueryBoolean):
        return 1
    rows = 0
    for item in answer:
        tuple(item)
        rows += 1
    return rows


def in_child(work: Callable[[], int], timeout: float) -> int | None:
    """Run ``work`` once in a forked child; what it returns, or None when it passes ``timeout`` seconds.

    pyoxigraph cannot cancel a query and a thread cannot be killed, so a run that may not end is forked
    (``diplograph.sparql.stores.isolation``, as the stores' own time limits; the child keeps the network).
    """
    from diplograph.sparql.stores import QueryTimeout, StoreError
    from diplograph.sparql.stores.isolation import run_isolated

    try:
        return run_isolated(work, timeout, network=True)
    except QueryTimeout:
        return None
    except StoreError as error:
        raise RuntimeError(str(error)) from None


def time_query(name: str, run: Callable[[], int], probe: Callable[[], int | None], config: Config,
               partner: Callable[[], int] | None = None) -> Row:
    """Probe under the time limit, warm up, then the median of the timed runs, as one row.

    With a ``partner`` (our store, beside raw pyoxigraph), the two run in turn, in alternating order, and the
    partner's median goes in ``extra["paired_ms"]``: whatever else the machine is doing slows both alike.
    """
    started = time.perf_counter()
    try:
        rows = probe()
    except Exception as error:  # noqa: BLE001 - a failing query is a result, not the end of the run
        return _failed(name, error, time.perf_counter() - started, config)
    probe_s = time.perf_counter() - started
    if rows is None:
        return _timed_out(name, config)
    # What one query may cost in all: about twice the time limit (twice again with a partner). Past a
    # second a warm-up teaches nothing (the one-time costs are lost in the noise), so long queries skip it.
    budget = 2 * config.query_timeout_s
    runs = max(1, min(config.runs, int(budget / max(probe_s, 1e-6))))
    warmup = config.warmup if probe_s < 1.0 else 0
    contenders = [run] if partner is None else [run, partner]
    times: dict[int, list[float]] = {0: [], 1: []}
    try:
        for _ in range(warmup):
            for work in contenders:
                started = time.perf_counter()
                work()
        for index in range(runs):
            order = ([0, 1] if index % 2 == 0 else [1, 0]) if partner is not None else [0]
            for which in order:
                started = time.perf_counter()
                counted = contenders[which]()
                times[which].append(time.perf_counter() - started)
                if which == 0:
                    rows = counted
    except Exception as error:  # noqa: BLE001 - a run that fails after a good probe fails the query, not the run
        return _failed(name, error, time.perf_counter() - started, config)
    note = f"{runs} runs (time budget)" if runs < config.runs else ""
    extra = {"runs": runs, "rows": rows, "min_ms": round(1000 * min(times[0]), 3),
             "max_ms": round(1000 * max(times[0]), 3)}
    if partner is not None:
        extra["paired_ms"] = 1000 * statistics.median(times[1])
    return Row(QUERIES, "median latency", 1000 * statistics.median(times[0]), "ms", subject=name, note=note,
               extra=extra)


def _failed(name: str, error: Exception, elapsed: float, config: Config) -> Row:
    """The row of a query that raised: timed out when it raised at the limit, failed otherwise."""
    if elapsed >= 0.9 * config.query_timeout_s:
        # At the limit: the remote server stops the query there and may cut its answer short mid-stream.
        return _timed_out(name, config, f" ({type(error).__name__}: {error})")
    return Row(QUERIES, "median latency", None, "ms", subject=name,
               note=f"failed: {type(error).__name__}: {error}"[:300])


def _timed_out(name: str, config: Config, detail: str = "") -> Row:
    return Row(QUERIES, "median latency", None, "ms", subject=name, extra={"timed_out": True},
               note=f"timed out after {config.query_timeout_s:g} s{detail}"[:300])


@contextmanager
def oxigraph_server(timeout_s: float) -> Iterator[tuple[str, subprocess.Popen]]:
    """An in-memory ``oxigraph serve`` on a free loopback port: (query URL, process)."""
    import httpx

    from diplograph.web.launch import free_port

    executable = Path(sys.executable).parent / "oxigraph"
    port = free_port()
    process = subprocess.Popen([str(executable if executable.exists() else "oxigraph"), "serve",
                                "--bind", f"127.0.0.1:{port}", "--timeout-s", str(int(timeout_s))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("oxigraph serve did not start")
            time.sleep(0.1)
        yield f"{base}/query", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def high_water_mib(pid: int) -> float | None:
    """A process's peak resident memory (``VmHWM``) in MiB, read from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def own_peak_mib() -> float:
    """This process's peak resident memory in MiB (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(store_name: str, size: str, path: Path, quads: int, config: Config) -> list[Row]:
    """Load ``path`` into one store and run every named query on it; rows without size and store yet."""
    rows: list[Row] = []
    with _opened(store_name, config) as (load, query_rows, server):
        started = time.perf_counter()
        load(path)
        seconds = time.perf_counter() - started
        rows += [Row(LOAD, "load time", seconds, "s", extra={"quads": quads}),
                 Row(LOAD, "triples/s", quads / seconds if seconds else None, "triples/s", extra={"quads": quads})]
        print(f"  {store_name} {size}: loaded {quads:,} quads in {seconds:.2f} s", file=sys.stderr, flush=True)
        for row in query_rows():
            rows.append(row)
            value = f"{row.value:.1f} ms" if row.value is not None else row.note
            print(f"    {row.subject}: {value}", file=sys.stderr, flush=True)
        if server is not None:
            rows.append(Row(MEMORY, "peak RSS", high_water_mib(server.pid), "MiB",
                            note=f"the oxigraph server's VmHWM (client: {own_peak_mib():.0f} MiB)"))
    if server is None:
        note = "ru_maxrss of the measurement process"
        if store_name == RAW:
            note += ", which holds our store too (for the paired runs)"
        rows.append(Row(MEMORY, "peak RSS", own_peak_mib(), "MiB", note=note))
    return rows


@contextmanager
def _opened(store_name: str, config: Config):
    """(load(path), query rows(), server process or None) for a store name."""
    if store_name == RAW:
        from diplograph.api import KnowledgeGraph
        from diplograph.sparql.stores import open_store

        store, ours = ox.Store(), open_store(OURS)
        graph = KnowledgeGraph(ours, allow_services=[])

        loaded: list[Path] = []

        def load_raw(path: Path) -> None:
            store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
            loaded.append(path)

        def raw_rows() -> Iterator[Row]:
            ours.load(loaded[0], "nquads", validated=True)  # our store too, for the paired runs; not timed
            for name, sparql in named_queries():
                def run(sparql=sparql) -> int:
                    return consume_raw(store.query(sparql))
                yield time_query(name, run, lambda run=run: in_child(run, config.query_timeout_s), config,
                                 partner=lambda name=name: consume(graph.query(name)))

        yield load_raw, raw_rows, None
        return
    from diplograph.api import KnowledgeGraph
    from diplograph.sparql.stores import open_store

    folder = None
    with _server_if_remote(store_name, config) as (spec, server):
        if store_name == "oxigraph:disk":
            folder = tempfile.mkdtemp(prefix="bench-oxigraph-")
            spec = f"oxigraph:{folder}"
        store = open_store(spec)
        graph = KnowledgeGraph(store, allow_services=[])

        def our_rows() -> Iterator[Row]:
            for name, _ in named_queries():
                def run(name=name) -> int:
                    return consume(graph.query(name))

                def probe(name=name) -> int | None:
                    from diplograph.sparql.stores import QueryTimeout, StoreError

                    try:
                        return consume(graph.query(name, timeout=config.query_timeout_s))
                    except QueryTimeout:
                        return None
                    except StoreError as error:  # the remote server stops a query at its --timeout-s
                        if "timeout" in str(error).lower() or "timed out" in str(error).lower():
                            return None
                        raise
                # On the default store each untimed run is paired with the same query under the time limit:
                # what the limit itself costs (``timed / untimed``).
                timed = (lambda name=name: consume(graph.query(name, timeout=config.query_timeout_s))) \
                    if store_name == OURS else None
                yield time_query(name, run, probe, config, partner=timed)

        try:
            yield (lambda path: store.load(path, "nquads", validated=True)), our_rows, server
        finally:
            store.close()
            if folder:
                shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _server_if_remote(store_name: str, config: Config):
    if store_name != "remote":
        yield store_name, None
        return
    with oxigraph_server(config.query_timeout_s) as (url, process):
        yield url, process


# --- The suite: one process per (store, size) -------------------------------------------------------------


def count_quads(path: Path) -> int:
    """The number of quads of a generated file (one per line)."""
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 22), b""))


def measure_in_child(store_name: str, size: str, config: Config, path: Path | None = None) -> list[Row]:
    """Run ``measure`` for one (store, size) in a fresh process and read its rows back."""
    command = [sys.executable, "-m", "bench.stores", "--one", store_name, "--size", size, "--json",
               "--config", json.dumps(_config_json(config))]
    if path is not None:  # the file the suite generated, even if the corpus is rebuilt meanwhile
        command += ["--path", str(path)]
    # Its own process group, so that a stuck measurement is stopped with the server it may have started.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True,
                               cwd=Path(__file__).resolve().parent.parent)
    try:
        output, _ = process.communicate(timeout=CHILD_LIMIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return [Row(LOAD, "load time", None, "s", size=size, store=store_name,
                    note=f"stuck: stopped after {CHILD_LIMIT_S} s")]
    if process.returncode != 0:
        return [Row(LOAD, "load time", None, "s", size=size, store=store_name,
                    note=f"the measurement process failed (exit {process.returncode}); see its messages above")]
    return [Row(**row) for row in json.loads(output)]


def run(config: Config) -> list[Row]:
    """Every (store, size) of the configuration, plus raw pyoxigraph beside the default store, and the ratios."""
    rows: list[Row] = []
    stores = list(config.stores)
    if OURS in stores and RAW not in stores:
        stores.append(RAW)
    for size in config.sizes:
        path = dataset_file(config, size)  # generated here, not in a measured process
        for store_name in stores:
            if store_name == "rdflib" and not config.rdflib_allowed(parse_size(size)):
                rows.append(Row(LOAD, "load time", None, "s", size=size, store=store_name,
                                note=f"skipped: rdflib is measured up to {config.rdflib_max_triples:,} triples"))
                continue
            print(f"[stores] {store_name} at {size}", file=sys.stderr, flush=True)
            rows += measure_in_child(store_name, size, config, path)
        rows += ratios(rows, size, 1000 * config.query_timeout_s)
    return rows


def ratios(rows: list[Row], size: str, limit_ms: float) -> list[Row]:
    """The mix totals of each store at ``size`` and the ratios ours/raw and rdflib/ours."""
    medians: dict[str, dict[str, float | None]] = {}
    failed: dict[str, set[str]] = {}  # failed, not timed out: they say nothing about time
    for row in rows:
        if row.section == QUERIES and row.metric == "median latency" and row.size == size:
            medians.setdefault(row.store, {})[row.subject] = row.value
            if row.value is None and not row.extra.get("timed_out"):
                failed.setdefault(row.store, set()).add(row.subject)
    found = []
    for store, values in medians.items():
        missing = [name for name, value in values.items() if value is None]
        total = sum(value for value in values.values() if value is not None)
        note = (f"{len(values) - len(missing)} of {len(values)} queries"
                + (f"; without {', '.join(missing)}" if missing else ""))
        found.append(Row(QUERIES, "mix total", total, "ms", size=size, store=store, subject=MIX, note=note))
    # ours/raw from the paired runs of the raw process (our store and raw pyoxigraph in turn, same process);
    # rdflib/ours from the two stores' own processes.
    paired = {row.subject: row.extra.get("paired_ms") for row in rows if row.section == QUERIES and row.size == size
              and row.store == RAW and row.metric == "median latency"}
    if RAW in medians:
        found.append(mix_ratio(paired, medians[RAW], "ours/raw", size, limit_ms))
    timed = {row.subject: row.extra.get("paired_ms") for row in rows if row.section == QUERIES and row.size == size
             and row.store == OURS and row.metric == "median latency" and row.extra.get("paired_ms") is not None}
    if timed and OURS in medians:
        found.append(mix_ratio(timed, medians[OURS], TIMED, size, limit_ms))
    if "rdflib" in medians and OURS in medians:
        found.append(mix_ratio(medians["rdflib"], medians[OURS], "rdflib/ours", size, limit_ms,
                               failed.get("rdflib", set())))
    return found


def mix_ratio(top: dict[str, float | None], bottom: dict[str, float | None], metric: str, size: str,
              limit_ms: float, failed: set[str] = frozenset()) -> Row:
    """The ratio of two stores' sums of medians over the queries the denominator ran.

    A query the numerator timed out on counts at the limit (the ratio is then a lower bound); one it failed
    on (an error, not a time) is left out of both sums.

    >>> mix_ratio({"a": 30.0, "b": 10.0}, {"a": 10.0, "b": 10.0}, "x/y", "1M", 60_000).value
    2.0
    >>> row = mix_ratio({"a": None, "b": 10.0}, {"a": 10.0, "b": 10.0}, "x/y", "1M", 90.0)
    >>> row.value, row.extra["bound"]
    (5.0, '>=')
    >>> mix_ratio({"a": None, "b": 10.0}, {"a": 10.0, "b": 10.0}, "x/y", "1M", 90.0, {"a"}).value
    1.0
    """
    names = [name for name, value in bottom.items() if value is not None and name in top and name not in failed]
    if not names:
        return Row(QUERIES, metric, None, "x", size=size, store=OURS, subject=MIX, note="no query ran on both")
    timed_out = [name for name in names if top[name] is None]
    upper = sum(top[name] if top[name] is not None else limit_ms for name in names)
    value = upper / sum(bottom[name] for name in names)
    note = f"sum of medians over {len(names)} queries"
    not_run = sorted(name for name, value in bottom.items() if value is None)
    if not_run:
        note += f"; left out (not run by the denominator): {', '.join(not_run)}"
    if failed & set(bottom):
        note += f"; left out (failed in the numerator): {', '.join(sorted(failed & set(bottom)))}"
    if timed_out:
        note += f"; lower bound: {', '.join(timed_out)} timed out, counted at the limit"
    return Row(QUERIES, metric, value, "x", size=size, store=OURS, subject=MIX, note=note,
               extra={"bound": ">=" if timed_out else "=", "queries": len(names)})


def _config_json(config: Config) -> dict:
    found = asdict(config)
    return {key: str(value) if isinstance(value, Path) else value for key, value in found.items()}


def config_from_json(text: str) -> Config:
    values = json.loads(text)
    for key in ("data_dir", "out_dir"):
        values[key] = Path(values[key])
    return Config(**values)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one", help="measure one store in this process (used by the suite)")
    parser.add_argument("--size", help="the size for --one")
    parser.add_argument("--path", type=Path, help="the dataset for --one (default: the size's generated file)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--config", help="the configuration as JSON (used by the suite)")
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--stores", default="oxigraph,oxigraph:disk,rdflib,remote")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.one:
        config = config_from_json(args.config) if args.config else Config()
        path = args.path or dataset_file(config, args.size)
        rows = [Row(**{**asdict(row), "size": args.size, "store": args.one})
                for row in measure(args.one, args.size, path, count_quads(path), config)]
    else:
        config = Config(sizes=args.sizes.split(","), stores=args.stores.split(","), runs=args.runs)
        rows = run(config)
    if args.json:
        print(json.dumps([asdict(row) for row in rows]))
    else:
        from bench.report import markdown_sections

        print(markdown_sections(rows))


if __name__ == "__main__":
    main()
