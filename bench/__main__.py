"""The benchmark suite: ``python -m bench``.

    python -m bench --quick                                   # a smoke run: 10k and 100k, three runs
    python -m bench --sizes 10k,100k,1M --sections load,queries,memory,analysis,build
    python -m bench --stores oxigraph,rdflib --out bench/results
    python -m bench --sections growth --claims 10,100,1000 --documents 50,200,500 --runs 3

Progress goes to standard error, the tables to standard output, and the report to ``OUT/results.md`` and
``OUT/results.json`` (rewritten after each section, so a run cut short keeps what it measured).
Sections: load, queries and memory (``bench.stores``, measured together), analysis (``bench.analyses``), build
(``bench.build``), views (``bench.views``), endpoint (``bench.endpoint``), responsiveness
(``bench.responsiveness``) and fresh-clone (``bench.fresh_clone``); growth (``bench.growth``: the named
queries, the analyses and the build on a corpus whose claims per pair grow, written to ``OUT/growth.md`` and
``OUT/growth.json``) runs only when named. A section whose module is missing or fails
is reported as such and the run goes on.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

from bench import machine, report
from bench.config import SIZE_LABELS, STORES, Config
from bench.rows import Row

SECTIONS = ("load", "queries", "memory", "analysis", "build", "views", "endpoint", "responsiveness", "fresh-clone",
            "growth")
DEFAULT_SECTIONS = SECTIONS[:-1]  # growth builds its own corpora (many minutes): asked for by name
MODULES = {"stores": "bench.stores", "analysis": "bench.analyses", "build": "bench.build", "views": "bench.views",
           "endpoint": "bench.endpoint", "responsiveness": "bench.responsiveness", "fresh-clone": "bench.fresh_clone",
           "growth": "bench.growth"}
STORE_SECTIONS = {"load", "queries", "memory"}


def parse_args(argv: list[str] | None) -> tuple[Config, list[str]]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help=f"comma-separated sizes (default {','.join(SIZE_LABELS)}; --quick: 10k,100k)")
    parser.add_argument("--stores", default=",".join(STORES), help="comma-separated stores (default: %(default)s)")
    parser.add_argument("--sections", default=",".join(DEFAULT_SECTIONS),
                        help="comma-separated sections (default: all but growth)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: sizes 10k,100k and three runs per query")
    parser.add_argument("--runs", type=int, help="timed runs per query (default 5, --quick 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before them")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated graphs")
    parser.add_argument("--timeout", type=float, default=60.0, help="time limit of one query, in seconds")
    parser.add_argument("--rdflib-max", type=int, default=1_000_000, help="largest graph rdflib is measured on")
    parser.add_argument("--claims", default="10,100,1000",
                        help="growth: claims per pair of the query graphs (default %(default)s)")
    parser.add_argument("--documents", default="50,200,500",
                        help="growth: documents of the corpora built (default %(default)s)")
    parser.add_argument("--out", type=Path, default=Config().out_dir, help="where results.md and results.json go")
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}: choose from {', '.join(SECTIONS)}")
    sizes = args.sizes.split(",") if args.sizes else (["10k", "100k"] if args.quick else list(SIZE_LABELS))
    config = Config(sizes=[s.strip() for s in sizes], seed=args.seed, runs=args.runs or (3 if args.quick else 5),
                    warmup=args.warmup, query_timeout_s=args.timeout, out_dir=args.out,
                    stores=[s.strip() for s in args.stores.split(",") if s.strip()],
                    rdflib_max_triples=args.rdflib_max, quick=args.quick,
                    growth_claims=_numbers(args.claims), growth_documents=_numbers(args.documents))
    return config, sections


def _numbers(text: str) -> list[int]:
    """
    >>> _numbers("10, 100,1000")
    [10, 100, 1000]
    """
    return [int(part) for part in text.split(",") if part.strip()]


def run_section(name: str, config: Config) -> list[Row]:
    """One module's rows; a module that is missing or fails gives one row that says so."""
    module_name = MODULES[name]
    section = name if name != "stores" else "load"
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        return [Row(section, "not run", None, "", note=f"{module_name} is not available: {error}")]
    started = time.perf_counter()
    try:
        rows = module.run(config)
    except Exception as error:  # noqa: BLE001 - one broken section must not lose the others
        traceback.print_exc(file=sys.stderr)
        return [Row(section, "not run", None, "", note=f"failed: {type(error).__name__}: {error}"[:300])]
    print(f"[bench] {name}: {len(rows)} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    config, sections = parse_args(argv)
    info = machine.describe()
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in config.__dict__.items()}
    print(f"[bench] {info['cpu']}, {info['cores']} cores; sizes {','.join(config.sizes)}; "
          f"sections {','.join(sections)}", file=sys.stderr, flush=True)
    order = (["stores"] if STORE_SECTIONS & set(sections) else []) + [s for s in sections if s not in STORE_SECTIONS]
    rows: list[Row] = []
    for name in order:
        if name == "growth":  # its own files, growth.md and growth.json: results.md keeps the full run's
            from bench import growth

            found = run_section(name, config)
            md, js = growth.write_report(found, config.out_dir, info, settings)
            print(growth.markdown(found))
            print(f"[bench] wrote {md} and {js}", file=sys.stderr)
            continue
        rows += run_section(name, config)
        report.write(rows, info, settings, config.out_dir)  # keep what is measured so far
    if not rows:
        return
    md, js = report.write(rows, info, settings, config.out_dir)
    print(report.goals_markdown(report.evaluate(rows)) + "\n\n" + report.markdown_sections(rows))
    print(f"[bench] wrote {md} and {js}", file=sys.stderr)


if __name__ == "__main__":
    main()
