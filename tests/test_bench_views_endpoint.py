"""The benchmarks of the views, the endpoint and a fresh clone: the cheap parts that decide what they report.

The synthetic networks have exactly the size asked for and the project's encodings; the percentile and the
rows of a load run say what they should; the stages of a fresh run are read from make's output. One small view
is built and drawn in headless Chromium by the very code the benchmark runs (skipped without Chromium or
Playwright on a developer's machine, required in CI).
"""

from __future__ import annotations

import doctest

import pytest

from bench import endpoint, fresh_clone, load, responsiveness
from bench import views as bench_views
from diplograph.viz.encoding import NODE_GROUPS, edge_style, node_style

from .browser import CHROMIUM_ARGS, chromium


@pytest.mark.parametrize("module", [load, fresh_clone, bench_views, endpoint, responsiveness])
def test_docstring_examples(module):
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


@pytest.mark.parametrize("nodes", [50, 500])
def test_synthetic_network_has_the_size_asked_for(nodes):
    network = bench_views.synthetic_network(nodes, seed=3)
    assert network.number_of_nodes() == nodes
    assert network.number_of_edges() == bench_views.EDGES_PER_NODE * nodes
    assert not any(u == v for u, v in network.edges())
    assert bench_views.synthetic_network(nodes, edges=7, seed=3).number_of_edges() == 7


def test_synthetic_network_is_shaped_like_ours():
    network = bench_views.synthetic_network(2_000, seed=3)
    groups = {node_style(data["kind"])[0] for _, data in network.nodes(data=True)}
    assert groups == {group for _, group, *_ in NODE_GROUPS}           # every class group, so the whole legend
    edge_groups = {edge_style(data["relation"], data["stance"])[0] for *_, data in network.edges(data=True)}
    assert any(group.startswith("stance: ") for group in edge_groups) and len(edge_groups) >= 8
    assert all(data["sources"] and data["quotes"] for *_, data in network.edges(data=True))
    dated = sum(data["start"] is not None for *_, data in network.edges(data=True))
    assert 0.15 < dated / network.number_of_edges() < 0.4
    degrees = sorted((degree for _, degree in network.degree()), reverse=True)
    assert degrees[0] > 10 * degrees[len(degrees) // 2]                # hubs, as states and initiatives are
    # the same seed, the same network
    again = bench_views.synthetic_network(2_000, seed=3)
    assert list(again.edges(keys=True)) == list(network.edges(keys=True))


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert load.percentile(values, 0.5) == 50.0
    assert load.percentile(values, 0.99) == 99.0
    assert load.percentile(list(reversed(values)), 1.0) == 100.0
    assert load.percentile([7.0], 0.99) == 7.0


def test_endpoint_rows_of_a_load_run():
    result = {"clients": 8, "requests": 120, "served": 118, "errors": 2, "error_samples": ["q: HTTP 503"],
              "seconds": 2.0, "throughput_per_s": 59.0, "p50_ms": 12.5, "p99_ms": 80.0, "queries_in_mix": 3,
              "per_query": {"q": {"n": 118, "p50_ms": 12.5, "p99_ms": 80.0}}}
    rows = endpoint.rows_of(result, "100k", 8)
    assert {row.metric: (row.value, row.unit) for row in rows} == {
        "throughput": (59.0, "req/s"), "p50": (12.5, "ms"), "p99": (80.0, "ms"), "errors": (2.0, ""),
        "requests": (120.0, "")}
    assert {row.section for row in rows} == {"endpoint"} and {row.subject for row in rows} == {"8 clients"}
    assert endpoint.rows_of(result, "corpus", 1)[0].subject == "1 client"
    table = endpoint.markdown(rows)
    assert "| 100k | 8 clients |  | 120 | 2 | 59 | 12.5 | 80 |" in table


def test_fresh_clone_stages_from_makes_output():
    lines = [(0.5, "python3 -m venv .venv"), (3.0, ".venv/bin/pip install --quiet --upgrade pip"),
             (9.0, ".venv/bin/pip install --quiet -e '.[test]'"), (70.0, "touch .venv/.installed"),
             (70.1, ".venv/bin/diplograph build"), (71.0, "build: 559 statements"),
             (95.0, "npm ci --no-audit --no-fund --ignore-scripts --loglevel=error"),
             (99.0, ".venv/bin/diplograph stats"), (101.0, "Serving on http://127.0.0.1:8000/"),
             (101.1, ".venv/bin/diplograph serve --host 127.0.0.1 --port 8000")]
    assert fresh_clone.stages_of(lines, 104.1) == {
        "venv": 2.5, "pip upgrade": 6.0, "install": 61.1, "build": 24.9, "npm ci": 4.0, "stats": 2.1, "serve": 3.0}
    assert "serve" not in fresh_clone.stages_of(lines, None)  # never served: the last stage has no end


def test_bench_starts_chromium_as_the_tests_do():
    assert bench_views.CHROMIUM_ARGS == CHROMIUM_ARGS  # among them, no background calls to Google


@pytest.mark.browser
def test_a_small_view_is_built_and_drawn_by_the_benchmark(tmp_path):
    network = bench_views.synthetic_network(50, seed=5)
    built = bench_views.build(network, tmp_path / "small.html")
    assert built.size_bytes > 0 and built.layout_s >= 0 and built.html_s >= 0
    with chromium() as browser:
        drawn = bench_views.draw(browser, built.path)
    assert (drawn.marks["nodes"], drawn.marks["edges"]) == (50, network.number_of_edges())
    assert 0 < drawn.drawn_s <= drawn.wall_s + 1
    assert set(drawn.interactions) == {"search and highlight", "relation filter", "time control", "zoom", "hover"}
    assert all(samples and all(value >= 0 for value in samples) for samples in drawn.interactions.values())


def test_why_a_server_did_not_start():
    output = ("python did not start within 900 s: ERROR:    Traceback (most recent call last):\n"
              '  File "pool.py", line 130, in run\n    raise QueryTimeout(timeout) from None\n'
              "diplograph.sparql.stores.errors.QueryTimeout: the query ran for more than 30 s and was stopped\n\n"
              "ERROR:    Application startup failed. Exiting.\n")
    assert endpoint._reason(output) == ("diplograph.sparql.stores.errors.QueryTimeout: the query ran for more than "
                                        "30 s and was stopped")
    assert endpoint._reason("no such file\n") == "no such file"
