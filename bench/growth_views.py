"""The overview of each growth-shaped graph, as the server draws it, timed in headless Chromium.

    python -m bench --sections growth --claims 10,100,1000 --documents ""

For each size in ``config.growth_claims``: the graph's network projection (``viz.projection.project``), its
overview laid out and written (``viz.views.layout`` and ``render``, as ``/views/overview`` does), then opened in
Chromium until drawn, and the reader's interactions of ``bench.views`` timed (search and highlight, relation
filter, time control, zoom, hover). Parallel statements of a pair are one link; past what vis-network can draw,
the page keeps the best-linked part and says so (``viz.projection.cap``), which the rows report.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.config import Config
from bench.rows import Row

SECTION = "growth"
METRIC = "overview"


def measure(config: Config) -> list[Row]:
    """Rows ``overview`` of the growth section: projection, layout, page, time to drawn and interactions."""
    from bench import views

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-growth-views-") as scratch, views.chromium() as browser:
        for claims in config.growth_claims:
            rows += overview_rows(browser, config, claims, Path(scratch))
    return rows


def overview_rows(browser, config: Config, claims: int, scratch: Path) -> list[Row]:
    """The overview of the graph with ``claims`` claims per pair, projected, written and drawn."""
    from bench import views
    from bench.growth import dataset_file, query_shape
    from diplograph.api import KnowledgeGraph
    from diplograph.sparql.stores import open_store
    from diplograph.viz.projection import cap, merged, project

    label = f"{claims} claims/pair"
    print(f"[growth] overview at {label}", file=sys.stderr, flush=True)
    store = open_store("oxigraph")
    store.load(dataset_file(config, query_shape(claims)), "nquads")
    started = time.perf_counter()
    network = project(KnowledgeGraph(store))
    projected = time.perf_counter() - started
    store.close()
    part, capped = cap(network)
    shape = {"claims_per_pair": claims, "nodes": network.number_of_nodes(), "statements": network.number_of_edges(),
             "links": merged(network).number_of_edges(), "drawn_nodes": part.number_of_nodes(),
             "rule": capped.rule if capped.applied else ""}
    built = views.build(network, scratch / f"overview-{claims}.html", title=f"Overview, {label}")
    for _ in range(config.warmup):
        views.draw(browser, built.path, interact=False)
    opening = views.draw(browser, built.path, interact=True)
    timed = [("projection", projected, "s", "three SPARQL queries and the MultiDiGraph", {}),
             ("layout", built.layout_s, "s", "viz.views.layout", {}),
             ("page", built.html_s, "s", "viz.views.render and writing the file", {"bytes": built.size_bytes}),
             ("time to drawn", opening.drawn_s, "s", "navigation start to drawn, page clock",
              {"wall_s": round(opening.wall_s, 3)})]
    timed += [(name, statistics.median(samples), "ms", f"event to next frame; median of {len(samples)}",
               {"max_ms": round(max(samples), 1)}) for name, samples in opening.interactions.items()]
    return [Row(SECTION, METRIC, round(value, 3), unit, size=label, subject=subject, note=note,
                extra={**shape, **extra}) for subject, value, unit, note, extra in timed]


def markdown(rows: list[Row]) -> str:
    """One line per size: the network's shape, what is drawn, and each step's time.

    >>> row = Row(SECTION, METRIC, 1.5, "s", size="10 claims/pair", subject="layout",
    ...           extra={"nodes": 3, "statements": 4, "links": 2, "drawn_nodes": 3, "rule": ""})
    >>> print(markdown([row]).splitlines()[2])
    | 10 claims/pair | 3 | 4 | 2 | 3 (all) | 1.5 |
    """
    from bench.report import fmt, table

    found = [r for r in rows if r.metric == METRIC]
    if not found:
        return ""
    subjects = list(dict.fromkeys(r.subject for r in found))
    sizes = list(dict.fromkeys(r.size for r in found))
    lines = []
    for size in sizes:
        at = {r.subject: r for r in found if r.size == size}
        first = next(iter(at.values())).extra
        drawn = f"{fmt(first['drawn_nodes'])} ({first['rule'] or 'all'})"
        lines.append([size, fmt(first["nodes"]), fmt(first["statements"]), fmt(first["links"]), drawn]
                     + [fmt(at[s].value, at[s].unit) if s in at else "" for s in subjects])
    units = {r.subject: r.unit for r in found}
    return table(["size", "nodes", "statements", "links", "drawn nodes", *(f"{s} ({units[s]})" for s in subjects)],
                 lines)
