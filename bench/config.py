"""What one run of the benchmark suite measures, and where it keeps its files.

Every section receives the same ``Config``; ``python -m bench`` builds it from the command line.

>>> config = Config(sizes=["10k"])
>>> config.runs, config.warmup, config.data_dir.name, config.rdflib_allowed(2_000_000)
(5, 1, 'data', False)
>>> quick().sizes, quick().runs
(['10k', '100k'], 3)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent

SIZE_LABELS = ("10k", "100k", "1M", "5M")
STORES = ("oxigraph", "oxigraph:disk", "rdflib", "remote")


@dataclass(frozen=True)
class Config:
    # labels of generated graphs, see bench.generate
    sizes: list[str] = field(default_factory=lambda: list(SIZE_LABELS))
    seed: int = 7
    runs: int = 5                    # timed repeats of each query; the median is reported
    warmup: int = 1                  # untimed repeats first (query plans, caches, page cache)
    query_timeout_s: float = 60.0    # a query slower than this is recorded as None with a note
    data_dir: Path = BENCH_DIR / "data"        # generated datasets (gitignored, cached by size+seed+version)
    out_dir: Path = BENCH_DIR / "results"      # results.md and results.json
    stores: list[str] = field(default_factory=lambda: list(STORES))
    rdflib_max_triples: int = 1_000_000  # rdflib is skipped above this (hours and many GiB); noted in the report
    quick: bool = False              # smoke run: small sizes, fewer repeats
    # the growth section (bench.growth): claims per pair of its query graphs, documents of its builds
    growth_claims: list[int] = field(default_factory=lambda: [10, 100, 1000])
    growth_documents: list[int] = field(default_factory=lambda: [50, 200, 500])

    def rdflib_allowed(self, triples: int) -> bool:
        """Whether rdflib is measured on a graph of ``triples`` triples."""
        return triples <= self.rdflib_max_triples


def quick(**overrides) -> Config:
    """The smoke-run configuration (``python -m bench --quick``): 10k and 100k, three runs."""
    settings = {"sizes": ["10k", "100k"], "runs": 3, "quick": True}
    settings.update(overrides)
    return Config(**settings)


def with_(config: Config, **changes) -> Config:
    """A copy of ``config`` with some fields changed (it is frozen)."""
    return replace(config, **changes)
