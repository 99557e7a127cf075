"""The benchmark suite's own pieces: the generator of synthetic graphs, the ratios and the report.

Small and fast: graphs of 10k to 20k quads, no store benchmark is run.
"""

from __future__ import annotations

import doctest
import importlib
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import generate, report, stores  # noqa: E402

# The smallest size with synthetic statements beside the real ones the named queries need (the corpus and what
# its statements carry fill about 15k quads)
SMALL = 20_000
from bench.config import Config  # noqa: E402
from bench.rows import Row  # noqa: E402
from diplograph.graph.outputs import dataset_file  # noqa: E402


@pytest.fixture(scope="module")
def corpus_nq(corpus_build) -> Path:
    """The corpus built for this test session (a clean clone has no build/ of its own)."""
    return dataset_file(corpus_build.build)


@pytest.fixture(scope="module")
def corpus(corpus_nq) -> generate.Corpus:
    return generate.read_corpus(corpus_nq)


@pytest.fixture(scope="module")
def small(tmp_path_factory, corpus) -> Path:
    path = tmp_path_factory.mktemp("bench") / "small.nq"
    generate.generate(SMALL, 7, path, corpus)
    return path


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, small, corpus_nq):
    again, other = tmp_path / "again.nq", tmp_path / "other.nq"
    generate.generate(SMALL, 7, again, generate.read_corpus(corpus_nq))
    generate.generate(SMALL, 8, other, generate.read_corpus(corpus_nq))
    assert again.read_bytes() == small.read_bytes()
    assert other.read_bytes() != small.read_bytes()


# The corpus's fixed graphs (ontology, entities, sources) are a floor of about 10k quads that the generator never
# goes below; the sizes checked leave room for synthetic statements beside them.
@pytest.mark.parametrize("target", [SMALL, 100_000])
def test_size_is_met_within_five_percent_and_every_quad_is_distinct(tmp_path, corpus, target):
    path = tmp_path / "g.nq"
    written = generate.generate(target, 7, path, corpus)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    assert abs(written - target) / target < 0.05
    assert len(store) == written == stores.count_quads(path)


def test_every_named_query_has_rows(small):
    store = ox.Store()
    store.load(path=str(small), format=ox.RdfFormat.N_QUADS)
    empty = [name for name, sparql in stores.named_queries() if next(iter(store.query(sparql)), None) is None]
    assert empty == []


def test_direct_edges_are_derived_as_the_compiler_derives_them(corpus, corpus_nq):
    """Deriving dgg:truthy from the corpus's own statements gives back the corpus's truthy graph."""
    derive = generate.Generator(corpus, 0, 0)
    derived = set()
    for t in corpus.templates:
        derived.update(derive._direct_edges(t.subject, t.predicate, t.object, t.pairs))
    truthy = {f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n"
              for q in ox.parse(path=str(corpus_nq), format=ox.RdfFormat.N_QUADS)
              if q.graph_name == ox.NamedNode(generate.TRUTHY)}
    assert derived == truthy


@pytest.mark.slow
def test_synthetic_statements_conform_to_the_shapes(tmp_path, corpus):
    from rdflib import Dataset, Graph

    from diplograph.graph.validate import validate_shapes

    path = tmp_path / "20k.nq"
    generate.generate(20_000, 11, path, corpus)  # half of it synthetic statements
    dataset = Dataset()
    dataset.parse(str(path), format="nquads")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    violations = [str(r) for r in validate_shapes(union) if r.severity == "Violation"]
    assert violations == []


def test_a_query_past_its_limit_is_none_and_the_run_budget_holds():
    assert stores.in_child(lambda: time.sleep(5) or 1, 0.3) is None
    assert stores.in_child(lambda: 42, 5) == 42
    config = Config(runs=5, warmup=1, query_timeout_s=1.0)
    timed_out = stores.time_query("q", lambda: 1, lambda: None, config)
    assert timed_out.value is None and timed_out.extra["timed_out"]
    calls = []
    row = stores.time_query("q", lambda: calls.append(1) or 3, lambda: 3, config, partner=lambda: 3)
    assert row.value is not None and row.extra["rows"] == 3 and "paired_ms" in row.extra
    assert len(calls) == config.warmup + config.runs


def test_ratios_are_lower_bounds_when_the_numerator_timed_out():
    def row(store, name, value, paired=None, timed_out=False):
        extra = {"paired_ms": paired} if store == stores.RAW else {"timed_out": True} if timed_out else {}
        return Row("queries", "median latency", value, "ms", size="1M", store=store, subject=name, extra=extra)

    rows = [row("oxigraph", "a", 10.0), row("oxigraph", "b", 20.0), row("oxigraph", "c", 5.0),
            row("rdflib", "a", 1000.0), row("rdflib", "b", None, timed_out=True), row("rdflib", "c", None),
            row(stores.RAW, "a", 8.0, 11.0), row(stores.RAW, "b", 20.0, 21.0), row(stores.RAW, "c", 5.0, 5.0)]
    found = {r.metric: r for r in stores.ratios(rows, "1M", 60_000.0)}
    assert found["ours/raw"].value == pytest.approx(37 / 33) and found["ours/raw"].extra["bound"] == "="
    # b timed out in rdflib: counted at the limit; c failed there: left out of both sums
    assert found["rdflib/ours"].value == pytest.approx(61_000 / 30) and found["rdflib/ours"].extra["bound"] == ">="
    assert "(failed in the numerator): c" in found["rdflib/ours"].note
    assert stores.TIMED not in found  # no timed runs paired with the default store's: no row


def test_the_cost_of_a_time_limit_is_the_timed_mix_against_the_untimed_one():
    rows = [Row("queries", "median latency", value, "ms", size="10k", store=stores.OURS, subject=name,
                extra={"paired_ms": timed}) for name, value, timed in (("a", 10.0, 12.0), ("b", 2.0, 3.0))]
    found = {r.metric: r for r in stores.ratios(rows, "10k", 60_000.0)}
    assert found[stores.TIMED].value == pytest.approx(15 / 12)


def test_report_round_trip_and_goals(tmp_path):
    rows = [Row("load", "triples/s", 612_000.0, "triples/s", size="1M", store="oxigraph", extra={"quads": 1_000_000}),
            Row("memory", "peak RSS", 1500.0, "MiB", size="1M", store="oxigraph"),
            Row("queries", "median latency", 12.5, "ms", size="1M", store="oxigraph", subject="members-of",
                extra={"rows": 9}),
            Row("queries", "rdflib/ours", 40.0, "x", size="1M", store="oxigraph", subject="mix", extra={"bound": ">="}),
            Row("endpoint", "p50", 7.5, "ms", size="corpus", store="oxigraph", subject="1 client"),
            Row("views", "time to drawn", None, "s", size="5000 nodes", note="no Chromium")]
    machine, config = {"cpu": "test"}, {"sizes": ["1M"], "seed": 7}
    md, js = report.write(rows, machine, config, tmp_path)
    again, machine_again, config_again = report.read(js)
    assert again == rows and machine_again == machine and config_again == config
    assert report.markdown(again, machine, config) == md.read_text(encoding="utf-8")
    status = {o.name: o.status for o in report.evaluate(rows)}
    assert status == {"rdflib/ours at 1M": "undecided (lower bound)", "ours/raw at 1M": "not measured",
                      "load speed": "met", "corpus build": "not measured", "endpoint p50": "met",
                      "5,000-node view": "not measured", "timed/untimed at 10k": "not measured",
                      "memory at 1M": "missed"}
    text = md.read_text(encoding="utf-8")
    assert text.index("## Goals") < text.index("## Machine") < text.index("## Results")
    assert "| members-of | 12.5 | 9 |" in text


@pytest.mark.parametrize("name", ["bench.config", "bench.generate", "bench.report", "bench.rows", "bench.stores"])
def test_doctests(name):
    failures, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failures == 0
