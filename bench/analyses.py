"""Network analysis at scale: the projection and each measure of ``viz/analysis.py``, timed per size.

    python -m bench.analyses --sizes 10k,100k

For each generated graph in the default store: the projection (``viz.projection.project``: three SPARQL
queries and the networkx MultiDiGraph), then degree, betweenness and eigenvector centrality, Louvain
communities, the shortest paths between two anchors (Cambodia and the Quad, as ``analyze path`` and the
``path-between`` query default to) and Cambodia's hedging profile over every year it can change. Each is timed
once (``runs`` times when a run takes under a second; the median is kept), calling the analysis code as it is.

Exact betweenness (Brandes) takes time proportional to nodes x edges, hours on the largest graphs; above
``BETWEENNESS_EXACT_MAX`` nodes it is estimated instead: networkx's own sampled betweenness on ``SAMPLES``
sources is timed and scaled by nodes / samples (Brandes runs one single-source pass per source), and the row
says so. The analysis code is not changed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from bench.config import Config
from bench.generate import dataset_file
from bench.rows import Row

SECTION = "analysis"
BETWEENNESS_EXACT_MAX = 3_000
SAMPLES = 100
ANCHORS = ("cambodia", "quad")
HEDGING_STATE = "cambodia"


def timed(work: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of ``work`` (repeated only while each run takes under a second) and its last result."""
    times, result = [], None
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
        if times[-1] >= 1.0:
            break
    return statistics.median(times), result


def measure(size: str, config: Config, path: Path | None = None) -> list[Row]:
    """Every analysis on one generated graph (``path``, or the generated graph of ``size``); rows of the
    ``analysis`` section."""
    from diplograph.api import KnowledgeGraph
    from diplograph.sparql.stores import open_store
    from diplograph.viz import analysis
    from diplograph.viz.projection import ID, project, simple

    store = open_store("oxigraph")
    store.load(path or dataset_file(config, size), "nquads")
    graph = KnowledgeGraph(store)
    rows: list[Row] = []

    def add(subject: str, seconds: float, note: str = "", **extra) -> None:
        rows.append(Row(SECTION, "time", seconds, "s", size=size, store="oxigraph", subject=subject, note=note,
                        extra={**shape, **extra}))
        print(f"  {size} {subject}: {seconds:.3f} s {note}", file=sys.stderr, flush=True)

    shape: dict = {}
    seconds, network = timed(lambda: project(graph), config.runs)
    shape = {"nodes": network.number_of_nodes(), "edges": network.number_of_edges()}
    add("projection", seconds, "three SPARQL queries and the MultiDiGraph")
    for measure_name in ("degree", "eigenvector"):
        seconds, _ = timed(lambda m=measure_name: analysis.centrality(network, m), config.runs)
        add(f"{measure_name} centrality", seconds)
    rows.append(betweenness(network, size, config, shape, simple))
    print(f"  {size} betweenness centrality: {rows[-1].value:.3f} s {rows[-1].note}", file=sys.stderr, flush=True)
    seconds, found = timed(lambda: analysis.communities(network), config.runs)
    add("Louvain communities", seconds, communities=len(found.groups), modularity=found.modularity)
    a, b = (ID + slug for slug in ANCHORS)
    seconds, paths = timed(lambda: analysis.shortest_paths(network, a, b), config.runs)
    add(f"shortest paths {ANCHORS[0]}-{ANCHORS[1]}", seconds, paths=len(paths),
        hops=len(paths[0].hops) if paths else None)
    state = ID + HEDGING_STATE

    def hedging() -> list:
        years = analysis.change_years(network, state)
        return analysis.hedging_profile(network, state, years or [2024])

    seconds, profile = timed(hedging, config.runs)
    add(f"hedging profile {HEDGING_STATE}", seconds, "change_years, then the profile in each", years=len(profile))
    store.close()
    return rows


def betweenness(network: nx.MultiDiGraph, size: str, config: Config, shape: dict, simple: Callable) -> Row:
    """Exact betweenness (``analysis.centrality``) up to ``BETWEENNESS_EXACT_MAX`` nodes, an estimate above."""
    from diplograph.viz import analysis

    nodes = network.number_of_nodes()
    if nodes <= BETWEENNESS_EXACT_MAX:
        seconds, _ = timed(lambda: analysis.centrality(network, "betweenness"), config.runs)
        return Row(SECTION, "time", seconds, "s", size=size, store="oxigraph", subject="betweenness centrality",
                   note="exact", extra=shape)
    started = time.perf_counter()
    collapsed = simple(network)
    collapse_s = time.perf_counter() - started
    started = time.perf_counter()
    nx.betweenness_centrality(collapsed, k=SAMPLES, normalized=True, weight=None, seed=config.seed)
    sampled_s = time.perf_counter() - started
    estimate = collapse_s + sampled_s * nodes / SAMPLES
    return Row(SECTION, "time", estimate, "s", size=size, store="oxigraph", subject="betweenness centrality",
               note=f"estimated: {SAMPLES} sampled sources took {sampled_s:.2f} s, "
                    f"scaled by {nodes:,} nodes / {SAMPLES}; "
                    f"exact betweenness (the analysis code) is not run above {BETWEENNESS_EXACT_MAX:,} nodes",
               extra={**shape, "estimated": True, "sampled_s": round(sampled_s, 3), "samples": SAMPLES})


def run(config: Config) -> list[Row]:
    """The ``analysis`` section for every configured size."""
    rows: list[Row] = []
    for size in config.sizes:
        print(f"[analysis] {size}", file=sys.stderr, flush=True)
        rows += measure(size, config)
    return rows


def markdown(rows: list[Row]) -> str:
    """One line per size and analysis: time, and the network's size."""
    from bench.report import fmt, table

    lines = [[r.size, r.subject, fmt(r.value, "s"), fmt(r.extra.get("nodes")), fmt(r.extra.get("edges")), r.note]
             for r in rows]
    return table(["size", "analysis", "time (s)", "nodes", "edges", "note"], lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(markdown(run(Config(sizes=args.sizes.split(","), runs=args.runs))))


if __name__ == "__main__":
    main()
