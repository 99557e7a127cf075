"""The corpus build without the reasoner, timed: in-process per step, and once as a user runs it.

    python -m bench.build --runs 3

``graph.build.build`` with ``reasoner="none"`` and ``docs=False`` (what ``diplograph build --no-reasoner
--no-docs`` runs: parse the curated files, check every quote against its source, compile the RDF, validate the
SHACL shapes, write the outputs) into a temporary folder, after one untimed warm-up; the median of ``runs``
builds, in total and per step as the build reports its steps. The warm-up pays the one-time costs (imports,
reading the ontology); a cold ``diplograph build`` in a new process pays them too, and is timed once besides.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.config import Config
from bench.rows import Row

SECTION = "build"
SIZE = "corpus"


def measure(runs: int = 3, warmup: int = 1) -> list[Row]:
    """The median of ``runs`` in-process builds (after ``warmup``), total and per step, and one cold CLI build."""
    from diplograph.graph.build import build
    from diplograph.graph.settings import Settings

    totals: list[float] = []
    steps: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as scratch:
        settings = Settings.default().with_(build=Path(scratch) / "build")
        for index in range(warmup + runs):
            started = time.perf_counter()
            report = build(settings, reasoner="none", docs=False)
            elapsed = time.perf_counter() - started
            if index < warmup:
                continue
            totals.append(elapsed)
            for step in report.steps:
                steps.setdefault(step.name, []).append(step.seconds)
        counts = report.counts
        cold = cold_build(Path(scratch) / "cold")
    note = (f"median of {runs} in-process builds after {warmup} warm-up; "
            f"{counts.get('statements')} statements, {counts.get('quads')} quads")
    rows = [Row(SECTION, "total", statistics.median(totals), "s", size=SIZE, note=note,
                extra={"runs_s": [round(t, 3) for t in totals], "counts": counts})]
    rows += [Row(SECTION, "step", statistics.median(values), "s", size=SIZE, subject=name)
             for name, values in steps.items()]
    rows.append(Row(SECTION, "cold CLI", cold, "s", size=SIZE, subject="diplograph build --no-reasoner --no-docs",
                    note="one run in a new process: Python start-up, imports and the build"))
    return rows


def cold_build(folder: Path) -> float | None:
    """The wall time of one ``diplograph build --no-reasoner --no-docs`` in a new process."""
    command = [sys.executable, "-m", "diplograph", "build", "--no-reasoner", "--no-docs", "--build-dir", str(folder)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    return elapsed if done.returncode == 0 else None


def run(config: Config) -> list[Row]:
    """The ``build`` section: three timed builds (one in a quick run) after one warm-up."""
    print("[build] corpus", file=sys.stderr, flush=True)
    return measure(runs=1 if config.quick else 3, warmup=max(1, config.warmup))


def markdown(rows: list[Row]) -> str:
    from bench.report import fmt, table

    lines = [[r.metric if r.metric != "step" else f"step: {r.subject}", fmt(r.value, "s"), r.note] for r in rows]
    return table(["what", "seconds", "note"], lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(markdown(measure(runs=args.runs)))


if __name__ == "__main__":
    main()
