"""Network views at scale: building the page (layout, HTML) and drawing it in headless Chromium.

For synthetic networks of 500, 5,000 and 20,000 nodes, shaped like the projection of our graph (the classes and
relations of ``viz/encoding.py``, a few hubs, stance edges, dated edges, quotes), this times:

- ``layout``: the positions ``viz.views.layout`` computes in Python;
- ``html build``: ``viz.views.render`` with those positions, and the size of the page it writes;
- ``time to drawn``: from the start of the navigation to the moment the page marks itself drawn (the view's
  script sets ``body[data-drawn]`` after vis-network's first ``afterDrawing``), read in the page with
  ``performance.now()``, whose origin is the navigation's start;
- ``interaction``: once drawn, the latency of what a reader does: search a name (select, focus, highlight its
  neighbourhood), toggle a relation filter, set the time control, zoom, hover (the link or node under the
  pointer and its tooltip). Each is timed in the page from the event to the end of the next animation frame,
  which vis-network's redraw precedes.

A view draws at most ``viz.projection.MAX_NODES`` entities and ``MAX_LINKS`` links (one per linked pair): beyond
that, the best-linked part of what the filters leave, and the page says so. The rows say how much was drawn
(``drawn nodes``), so a time is read with the size of what was drawn, not only of the graph.

Chromium is Debian's (``/usr/bin/chromium`` or ``$DIPLOGRAPH_CHROMIUM``), driven by Playwright, started with the
flags the browser tests use so it makes no connection of its own; the page itself loads nothing.

    python -m bench.views                        # 500, 5,000 and 20,000 nodes
    python -m bench.views --nodes 5000 --runs 3
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from bench.rows import Row
from diplograph.ontology.namespaces import BASE
from diplograph.viz import views
from diplograph.viz.encoding import EDGE_GROUPS, NODE_GROUPS, STANCE_COLOURS
from diplograph.viz.projection import cap, network_from_rows

SIZES = (500, 5_000, 20_000)
EDGES_PER_NODE = 2  # our graph has 473 statements between 237 entities
SECTION = "views"

CHROMIUM = Path(os.environ.get("DIPLOGRAPH_CHROMIUM", "/usr/bin/chromium"))
# The flags of tests/browser.py: no background calls to Google (updates, sync, field trials), no GPU.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps"]
VIEWPORT = {"width": 1280, "height": 800}
DRAWN = "body[data-drawn='true']"
DRAW_TIMEOUT_MS = 300_000  # 20,000 nodes in a software-rendered canvas on two cores

# How often each class and relation occurs in the corpus's projection (rounded), so a synthetic view has the
# same mix of shapes, colours and legend entries; every group of viz/encoding.py appears.
_CLASS_WEIGHTS = {"State": 22, "Principle": 19, "Programme": 18, "GovernmentBody": 16, "Person": 15, "Region": 12,
                  "Office": 10, "GrandStrategy": 9, "Forum": 9, "FinancialInstitution": 8, "FreeTradeAgreement": 7,
                  "InternationalOrganisation": 7, "Visit": 6, "Conference": 5, "Road": 4, "Treaty": 3, "Port": 3}
_RELATION_WEIGHTS = {"cooperatesWith": 51, "leads": 44, "stanceToward": 39, "adheresTo": 27, "partyTo": 26,
                     "partOfInitiative": 21, "targetsRegion": 18, "partOf": 17, "participatedIn": 16,
                     "holdsPosition": 15, "finances": 14, "assists": 14, "memberOf": 13, "keyPartner": 11,
                     "strategicPartner": 10, "competesWith": 6, "visited": 6, "figure": 5}


def synthetic_network(nodes: int, edges: int | None = None, seed: int = 20240501) -> nx.MultiDiGraph:
    """A random network of exactly ``nodes`` nodes and ``edges`` edges (default ``EDGES_PER_NODE`` per node),
    built by the projection's own ``network_from_rows``, so every edge carries what a real one does.

    Like ours, it has hubs: an edge's subject is any node, its target is drawn with a weight of 1/rank (a
    Zipf law over a shuffled order of the nodes), so a few nodes gather a large share of the links, as Cambodia,
    China and the Belt and Road Initiative do in the corpus. No edge is a loop.
    """
    edges = EDGES_PER_NODE * nodes if edges is None else edges
    if nodes < 2 and edges:
        raise ValueError("edges need at least two nodes")
    rng = random.Random(seed)
    ontology = BASE + "ontology#"
    ids = [f"{BASE}id/n{i}" for i in range(nodes)]
    classes = list(_CLASS_WEIGHTS)
    kinds = rng.choices(classes, weights=list(_CLASS_WEIGHTS.values()), k=nodes)
    node_rows = [{"entity": ids[i], "label": f"{kinds[i]} {i}", "class": ontology + kinds[i]} for i in range(nodes)]
    assert {group for classes_, group, *_ in NODE_GROUPS for kind in classes_ if kind in _CLASS_WEIGHTS} \
        == {group for _, group, *_ in NODE_GROUPS}, "every node group is drawn"
    assert any(relation in _RELATION_WEIGHTS for relations, *_ in EDGE_GROUPS for relation in relations)

    relations = rng.choices(list(_RELATION_WEIGHTS), weights=list(_RELATION_WEIGHTS.values()), k=edges)
    stances = list(STANCE_COLOURS)
    sources = [f"source-{i}" for i in range(max(6, round(math.sqrt(nodes))))]
    order = list(range(nodes))
    rng.shuffle(order)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(nodes)))
    edge_rows, quotes = [], {}
    for i in range(edges):
        subject = rng.randrange(nodes)
        target = subject
        while target == subject:
            target = order[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]
        statement = f"{BASE}statement/s{i}"
        row = {"statement": statement, "subject": ids[subject], "target": ids[target],
               "predicate": ontology + relations[i], "source": rng.choice(sources)}
        if relations[i] == "stanceToward":
            row["stance"] = ontology + rng.choice(stances)
        if rng.random() < 0.27:  # about a quarter of the statements with a span (as the build derives it), few ended
            row["start"] = row["holds_from"] = str(rng.randrange(1990, 2024))
            if rng.random() < 0.06:
                row["end"] = row["holds_until"] = str(rng.randrange(int(row["start"]), 2025))
        else:
            row["validity"] = f"{BASE}concept/validity/timeless"
        edge_rows.append(row)
        quote = f"A sentence of {row['source']} that states statement {i}, quoted verbatim as its evidence."
        quotes[statement] = [(row["source"], quote)]
    network = network_from_rows(edge_rows, node_rows, quotes)
    assert network.number_of_nodes() == nodes and network.number_of_edges() == edges
    return network


# --- building the page ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Built:
    """A view written to ``path``: the seconds its layout and its HTML took, and its size in bytes."""

    path: Path
    layout_s: float
    html_s: float
    size_bytes: int


def build(network: nx.MultiDiGraph, path: Path, title: str = "A synthetic network") -> Built:
    """Lay the network out and write its page, as ``diplograph viz`` does, timing each step."""
    started = time.perf_counter()
    positions = views.layout(network)
    laid_out = time.perf_counter()
    html = views.render(network, title=title, positions=positions)
    path.write_text(html, encoding="utf-8")
    written = time.perf_counter()
    return Built(path, laid_out - started, written - laid_out, path.stat().st_size)


# --- drawing it ---------------------------------------------------------------------------------------------

@contextmanager
def chromium() -> Iterator:
    """Headless Chromium (Playwright's Browser), with the browser tests' flags; closed afterwards."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or $DIPLOGRAPH_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


# Installed before the page's own scripts: records when the view marks itself drawn, on the page's clock
# (performance.now() counts from the start of the navigation), so Playwright's polling adds nothing to it.
_WATCH_DRAWN = """
new MutationObserver((changes, observer) => {
  if (document.body && document.body.dataset.drawn === "true") {
    window.__drawnAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { attributes: true, attributeFilter: ["data-drawn"], subtree: true });
"""

# One interaction, timed in the page: from just before the event to the next animation frame. vis-network asks
# for its redraw in an animation frame when the data or the view changes, before ours, so the redraw is done.
_INTERACT = """
async ([kind, value]) => {
  const { network, nodes } = window.diplographNetwork;
  const container = document.getElementById("network");
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  await frame();  // start on a quiet page
  const started = performance.now();
  if (kind === "search") {
    const search = document.getElementById("search");
    search.value = value;
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
  } else if (kind === "filter") {
    document.querySelector(`#filter-relations input[value="${CSS.escape(value)}"]`).click();
  } else if (kind === "time") {
    const every = document.getElementById("time-all"), slider = document.getElementById("time-year");
    if (value === null) { every.click(); }
    else { if (every.checked) every.click(); slider.value = String(value); slider.dispatchEvent(new Event("input")); }
  } else if (kind === "zoom") {
    network.moveTo({ scale: network.getScale() * value });
  } else if (kind === "hover") {
    const box = container.getBoundingClientRect();
    container.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: box.left + value[0] * box.width,
                                                              clientY: box.top + value[1] * box.height }));
    await frame();  // the page finds what is under the pointer in the frame after the move
  } else if (kind === "clear") {
    network.unselectAll();
    network.body.emitter.emit("click", { nodes: [], edges: [] });
  }
  await frame();
  return performance.now() - started;
}
"""


@dataclass
class Drawn:
    """One opening of a view: seconds to drawn (page clock and wall clock), navigation marks, interactions (ms)."""

    drawn_s: float
    wall_s: float
    marks: dict[str, float] = field(default_factory=dict)
    interactions: dict[str, list[float]] = field(default_factory=dict)


def draw(browser, path: Path, *, interact: bool = True, timeout_ms: float = DRAW_TIMEOUT_MS) -> Drawn:
    """Open the written view in a fresh context, wait until it is drawn, then (``interact``) time interactions.
    Raises if the page reports an error or the drawn view does not show every node and edge."""
    context = browser.new_context(viewport=VIEWPORT)
    errors: list[str] = []
    try:
        context.add_init_script(_WATCH_DRAWN)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        started = time.perf_counter()
        page.goto(path.resolve().as_uri(), timeout=timeout_ms)
        page.wait_for_selector(DRAWN, state="attached", timeout=timeout_ms)
        wall = time.perf_counter() - started
        marks = page.evaluate("""() => {
            const nav = performance.getEntriesByType("navigation")[0];
            return { response_end: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventStart,
                     drawn: window.__drawnAt,
                     nodes: Number(document.getElementById("status").dataset.nodes),
                     edges: Number(document.getElementById("status").dataset.edges) };
        }""")
        drawn = Drawn(marks["drawn"] / 1000, wall, marks)
        if interact:
            drawn.interactions = interactions(page)
        if errors:
            raise RuntimeError("errors in the page: " + "; ".join(errors[:5]))
        return drawn
    finally:
        context.close()


def interactions(page) -> dict[str, list[float]]:
    """What a reader does once the view is drawn, each timed (ms) a few times; the view is left as it was."""
    labels = page.evaluate("diplographNetwork.nodeView.get().map((n) => [n.name, n.rank])")
    hubs = [label for label, _ in sorted(labels, key=lambda pair: pair[1])[:3]]  # the best linked
    relation = page.evaluate("document.querySelector('#filter-relations input').value")
    years = page.evaluate("[Number(document.getElementById('time-year').min), "
                          "Number(document.getElementById('time-year').max)]")
    middle = (years[0] + years[1]) // 2
    timed: dict[str, list[float]] = {"search and highlight": [], "relation filter": [], "time control": [],
                                     "zoom": [], "hover": []}

    def run(kind: str, value: object) -> float:
        return float(page.evaluate(_INTERACT, [kind, value]))

    for hub in hubs:
        timed["search and highlight"].append(run("search", hub))
        run("clear", None)
    for _ in range(2):
        timed["relation filter"] += [run("filter", relation), run("filter", relation)]  # off, then on again
        timed["time control"] += [run("time", middle), run("time", None)]               # a year, then every year
        timed["zoom"] += [run("zoom", 1.6), run("zoom", 1 / 1.6)]
    for spot in ((0.5, 0.5), (0.4, 0.45), (0.6, 0.55), (0.3, 0.3)):
        timed["hover"].append(run("hover", list(spot)))
    return timed


# --- the rows ----------------------------------------------------------------------------------------------

def measure(sizes: Sequence[int] = SIZES, *, runs: int = 1, warmup: int = 0, seed: int = 20240501,
            folder: Path | None = None, interact: bool = True) -> list[Row]:
    """Build and draw a view of each size; rows of the ``views`` section (medians over ``runs`` openings)."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="diplograph-views-") as scratch, chromium() as browser:
        where = Path(folder or scratch)
        where.mkdir(parents=True, exist_ok=True)
        for nodes in sizes:
            size = f"{nodes} nodes"
            network = synthetic_network(nodes, seed=seed)
            built = build(network, where / f"view-{nodes}.html", title=f"{nodes} nodes")
            shape = {"nodes": nodes, "edges": network.number_of_edges()}
            rows += [Row(SECTION, "layout", round(built.layout_s, 3), "s", size=size, extra=shape),
                     Row(SECTION, "html build", round(built.html_s, 3), "s", size=size,
                         note="viz.views.render with the layout's positions, and writing the file", extra=shape),
                     Row(SECTION, "html size", round(built.size_bytes / 2**20, 2), "MiB", size=size, extra=shape)]
            for _ in range(warmup):
                draw(browser, built.path, interact=False)
            # interactions are timed on the last opening only: each is repeated there, and at 20,000 nodes
            # they take minutes
            count = max(1, runs)
            openings = [draw(browser, built.path, interact=interact and i == count - 1) for i in range(count)]
            part, capped = cap(network)  # what the view draws: all of it, or its best-linked part
            expected = (part.number_of_nodes(), part.number_of_edges())
            for opening in openings:
                if (opening.marks["nodes"], opening.marks["edges"]) != expected:
                    raise RuntimeError(f"the view shows {opening.marks['nodes']} nodes and {opening.marks['edges']} "
                                       f"statements, not {expected[0]} and {expected[1]}")
            rows.append(Row(SECTION, "drawn nodes", capped.nodes, "nodes", size=size,
                            note=capped.rule if capped.applied else "the whole network",
                            extra={**shape, "links": capped.links, "total_links": capped.total_links}))
            rows.append(Row(SECTION, "time to drawn", round(statistics.median(o.drawn_s for o in openings), 3), "s",
                            size=size, note=f"navigation start to drawn, page clock; median of {len(openings)}",
                            extra={**shape, "runs": [round(o.drawn_s, 3) for o in openings],
                                   "wall_s": [round(o.wall_s, 3) for o in openings],
                                   "marks_ms": {k: round(v, 1) for k, v in openings[0].marks.items()}}))
            if interact:
                for name, samples in openings[-1].interactions.items():
                    rows.append(Row(SECTION, "interaction", round(statistics.median(samples), 1), "ms", size=size,
                                    subject=name, note=f"event to next frame; median of {len(samples)}",
                                    extra={"samples_ms": [round(value, 1) for value in samples],
                                           "max_ms": round(max(samples), 1)}))
    return rows


def run(config) -> list[Row]:
    """The ``views`` section for the suite: 500, 5,000 and 20,000 nodes (the first two in a quick run), each
    opened ``config.runs`` times (at most 3: a 20,000-node view takes a minute with its interactions)."""
    sizes = SIZES[:2] if config.quick else SIZES
    return measure(sizes, runs=1 if config.quick else min(3, config.runs), warmup=min(1, config.warmup),
                   seed=config.seed)


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| size | metric | subject | value | unit | note |", "|---|---|---|---:|---|---|"]
    lines += [f"| {r.size} | {r.metric} | {r.subject} | {r.value} | {r.unit} | {r.note} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, action="append", help="a view size in nodes; repeat for more "
                        "[default: 500, 5000, 20000]")
    parser.add_argument("--runs", type=int, default=1, help="openings of each view (the median is kept)")
    parser.add_argument("--warmup", type=int, default=0, help="openings of each view before those timed")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--keep", type=Path, help="write the views into this folder and keep them")
    parser.add_argument("--no-interactions", action="store_true", help="time the drawing only")
    args = parser.parse_args(argv)
    rows = measure(args.nodes or SIZES, runs=args.runs, warmup=args.warmup, seed=args.seed, folder=args.keep,
                   interact=not args.no_interactions)
    print(markdown(rows))


if __name__ == "__main__":
    main()
