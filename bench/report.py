"""The report: ``results.md`` (goals, machine, one table per section) and ``results.json`` (everything).

>>> rows = [Row("load", "triples/s", 612_000.0, "triples/s", size="1M", store="oxigraph")]
>>> [(g.name, g.status) for g in evaluate(rows)][2]
('load speed', 'met')
>>> evaluate(rows)[0].status
'not measured'
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.rows import Row

SECTIONS = ("load", "queries", "memory", "analysis", "build", "views", "endpoint", "responsiveness", "fresh-clone")
STORE_ORDER = ("oxigraph", "oxigraph:disk", "rdflib", "remote", "raw pyoxigraph")
_SCALE = {("ms", "s"): 1000.0, ("s", "ms"): 0.001, ("MiB", "GiB"): 1 / 1024, ("GiB", "MiB"): 1024.0}


# --- Goals ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """A target for one measured number: the row it reads, and whether more or less is better."""

    name: str
    what: str
    pick: Callable[[Sequence[Row]], Row | None]
    target: float
    unit: str
    at_least: bool  # True: the value must reach the target; False: stay below it (at most, for ratios)


@dataclass(frozen=True)
class Outcome:
    name: str
    what: str
    measured: str
    target: str
    status: str  # "met", "missed", "not measured" or "undecided (lower bound)"
    note: str = ""


def _find(section: str, metric: str, size: str, store: str | None = None, subject: str | None = None,
          prefer: str | None = None) -> Callable[[Sequence[Row]], Row | None]:
    def pick(rows: Sequence[Row]) -> Row | None:
        found = [r for r in rows if r.section == section and r.metric == metric and r.size == size
                 and (store is None or r.store == store) and (subject is None or r.subject == subject)]
        if prefer is not None:
            found.sort(key=lambda r: r.subject != prefer)
        return found[0] if found else None
    return pick


GOALS = (
    Goal("rdflib/ours at 1M",
         "the named-query mix on the default store, against rdflib's in-memory store, at 1M triples",
         _find("queries", "rdflib/ours", "1M", "oxigraph", "mix"), 50.0, "x", at_least=True),
    Goal("ours/raw at 1M", "the named-query mix through our layer, against raw pyoxigraph, at 1M triples",
         _find("queries", "ours/raw", "1M", "oxigraph", "mix"), 1.3, "x", at_least=False),
    Goal("load speed", "loading N-Quads into the default store, at 1M triples",
         _find("load", "triples/s", "1M", "oxigraph"), 500_000.0, "triples/s", at_least=True),
    Goal("corpus build", "the corpus build without the reasoner (parse, quotes, compile, SHACL), median",
         _find("build", "total", "corpus"), 3.0, "s", at_least=False),
    Goal("endpoint p50", "a named query on the corpus through the endpoint, one client, median",
         _find("endpoint", "p50", "corpus", prefer="1 client"), 20.0, "ms", at_least=False),
    Goal("5,000-node view", "a 5,000-node view drawn in headless Chromium",
         _find("views", "time to drawn", "5000 nodes"), 3.0, "s", at_least=False),
    Goal("timed/untimed at 10k", "the named-query mix with a time limit against the same mix without one, "
         "default store, 10k triples", _find("queries", "timed / untimed", "10k", "oxigraph", "mix"), 1.3, "x",
         at_least=False),
    Goal("memory at 1M", "peak resident memory with 1M triples in the default store (the measurement process)",
         _find("memory", "peak RSS", "1M", "oxigraph"), 1024.0, "MiB", at_least=False),
)


def evaluate(rows: Sequence[Row], goals: Sequence[Goal] = GOALS) -> list[Outcome]:
    """Each goal met, missed, undecided (a lower bound short of it) or not measured; missing rows are fine."""
    outcomes = []
    for goal in goals:
        row = goal.pick(rows)
        target = f"{'>=' if goal.at_least else '<' if goal.unit != 'x' else '<='} {with_unit(goal.target, goal.unit)}"
        if row is None or row.value is None:
            note = row.note if row is not None else ""
            outcomes.append(Outcome(goal.name, goal.what, "-", target, "not measured", note))
            continue
        value = row.value * _SCALE.get((row.unit, goal.unit), 1.0)
        lower_bound = row.extra.get("bound") == ">="
        if goal.at_least:
            status = "met" if value >= goal.target else ("undecided (lower bound)" if lower_bound else "missed")
        else:
            status = "met" if value < goal.target or (goal.unit == "x" and value <= goal.target) else "missed"
            if lower_bound and status == "met":
                status = "undecided (lower bound)"
        measured = (">= " if lower_bound else "") + with_unit(value, goal.unit)
        outcomes.append(Outcome(goal.name, goal.what, measured, target, status, row.note))
    return outcomes


# --- Formatting -------------------------------------------------------------------------------------------


def fmt(value: float | None, unit: str = "") -> str:
    """A number as the tables show it.

    >>> fmt(612345.6, "triples/s"), fmt(0.01234, "s"), fmt(12.345, "ms"), fmt(2.0, "x"), fmt(None)
    ('612,346', '0.0123', '12.3', '2.00x', '-')
    """
    if value is None:
        return "-"
    if unit in ("triples/s", "req/s") or (unit == "" and float(value).is_integer()):
        return f"{value:,.0f}"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "MiB":
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def with_unit(value: float | None, unit: str) -> str:
    """
    >>> with_unit(2.5, "s"), with_unit(1.25, "x"), with_unit(None, "s")
    ('2.5 s', '1.25x', '-')
    """
    text = fmt(value, unit)
    return text if unit in ("", "x") or value is None else f"{text} {unit}"


def table(headers: Sequence[str], lines: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cell(c) for c in line) + " |" for line in lines]
    return "\n".join(out)


def _stores(rows: Sequence[Row]) -> list[str]:
    present = {r.store for r in rows if r.store}
    return [s for s in STORE_ORDER if s in present] + sorted(present - set(STORE_ORDER))


def _sizes(rows: Sequence[Row]) -> list[str]:
    return list(dict.fromkeys(r.size for r in rows))


def load_table(rows: Sequence[Row]) -> str:
    """One line per (size, store): quads, load time, triples/s and peak memory."""
    cells: dict[tuple[str, str], dict[str, Row]] = {}
    for row in rows:
        if row.section in ("load", "memory"):
            cells.setdefault((row.size, row.store), {})[row.metric] = row
    lines = []
    for size in _sizes(rows):
        for store in _stores(rows):
            found = cells.get((size, store))
            if not found:
                continue
            load, speed, memory = found.get("load time"), found.get("triples/s"), found.get("peak RSS")
            quads = (load or speed).extra.get("quads") if (load or speed) else None
            notes = "; ".join(dict.fromkeys(r.note for r in found.values() if r.note))
            lines.append([size, store, fmt(quads), fmt(load.value if load else None, "s"),
                          fmt(speed.value if speed else None, "triples/s"),
                          fmt(memory.value if memory else None, "MiB"), notes])
    return table(["size", "store", "quads", "load (s)", "triples/s", "peak RSS (MiB)", "note"], lines)


def queries_table(rows: Sequence[Row], size: str) -> str:
    """Median latency (ms) of each named query on each store at one size, the mix totals and the ratios."""
    here = [r for r in rows if r.section == "queries" and r.size == size]
    stores = _stores([r for r in here if r.metric == "median latency"])
    medians = {(r.subject, r.store): r for r in here if r.metric == "median latency"}
    lines = []
    for name in sorted({r.subject for r in here if r.metric == "median latency"}):
        line = [name]
        for store in stores:
            row = medians.get((name, store))
            line.append("" if row is None else ("timeout" if row.extra.get("timed_out") else
                                                "failed" if row.value is None else fmt(row.value, "ms")))
        ours = medians.get((name, "oxigraph"))
        line.append(str(ours.extra.get("rows", "")) if ours else "")
        lines.append(line)
    totals = {r.store: r for r in here if r.metric == "mix total"}
    lines.append(["**mix (sum of medians)**"] + [fmt(totals[s].value, "ms") if s in totals else "" for s in stores]
                 + [""])
    out = table(["query"] + [f"{s} (ms)" for s in stores] + ["rows"], lines)
    ratios = [r for r in here if r.metric in ("ours/raw", "rdflib/ours", "timed / untimed")]
    for row in ratios:
        bound = ">= " if row.extra.get("bound") == ">=" else ""
        out += f"\n\n**{row.metric}** at {size}: {bound}{fmt(row.value, 'x')} ({row.note})"
    notes = [f"- {r.store}, {r.subject}: {r.note}" for r in here if r.metric == "median latency" and r.note]
    if notes:
        out += "\n\n" + "\n".join(notes)
    return out


def generic_table(rows: Sequence[Row]) -> str:
    lines = [[r.size, r.store, r.subject, r.metric, fmt(r.value, r.unit), r.unit, r.note] for r in rows]
    return table(["size", "store", "subject", "metric", "value", "unit", "note"], lines)


def section_markdown(section: str, rows: Sequence[Row]) -> str:
    """A section's tables: our own layouts for stores, the section module's ``markdown`` where it has one."""
    if section == "load":
        return load_table(rows)
    if section == "queries":
        return "\n\n".join(f"#### {size}\n\n" + queries_table(rows, size) for size in _sizes(rows))
    module = {"views": "bench.views", "endpoint": "bench.endpoint", "responsiveness": "bench.responsiveness",
              "fresh-clone": "bench.fresh_clone",
              "analysis": "bench.analyses", "build": "bench.build"}.get(section)
    if module:
        try:
            return __import__(module, fromlist=["markdown"]).markdown(rows)
        except Exception:  # noqa: BLE001 - a section's own layout is a nicety; the generic one always works
            pass
    return generic_table(rows)


def markdown_sections(rows: Sequence[Row]) -> str:
    """Every section present, in the suite's order (load and memory share one table)."""
    parts = []
    present = list(dict.fromkeys(r.section for r in rows))
    ordered = [s for s in SECTIONS if s in present] + [s for s in present if s not in SECTIONS]
    for section in ordered:
        if section == "memory" and "load" in present:
            continue
        chosen = [r for r in rows if r.section == section or (section == "load" and r.section == "memory")]
        title = "load and memory" if section == "load" else section
        parts.append(f"### {title}\n\n" + section_markdown(section, chosen))
    return "\n\n".join(parts)


def goals_markdown(outcomes: Sequence[Outcome]) -> str:
    return table(["goal", "what", "measured", "target", "status"],
                 [[o.name, o.what, o.measured, o.target, f"**{o.status}**" if o.status == "missed" else o.status]
                  for o in outcomes])


def markdown(rows: Sequence[Row], machine: dict, config: dict) -> str:
    """The whole report."""
    from bench.machine import markdown as machine_markdown

    settings = ", ".join(f"{k}={v}" for k, v in config.items() if k not in ("data_dir", "out_dir"))
    return "\n\n".join([
        "# Benchmark results",
        "## Goals\n\n" + goals_markdown(evaluate(rows)),
        "## Machine\n\n" + machine_markdown(machine) + f"\n\nSettings: {settings}",
        "## Results\n\n" + markdown_sections(rows),
    ]) + "\n"


# --- Files ------------------------------------------------------------------------------------------------


def write(rows: Sequence[Row], machine: dict, config: dict, out_dir: Path) -> tuple[Path, Path]:
    """Write results.md and results.json into ``out_dir`` (through temporary files, then renamed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    document = {"written": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine, "config": config,
                "goals": [asdict(o) for o in evaluate(rows)], "rows": [r.as_dict() for r in rows]}
    paths = out_dir / "results.md", out_dir / "results.json"
    texts = markdown(rows, machine, config), json.dumps(document, indent=1, default=str) + "\n"
    for path, text in zip(paths, texts, strict=True):
        partial = path.with_name(path.name + ".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return paths


def read(path: Path) -> tuple[list[Row], dict, dict]:
    """The rows, machine and configuration of a results.json."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return [Row(**row) for row in document["rows"]], document["machine"], document["config"]


def rewrite(json_path: Path) -> Path:
    """Write results.md again from a results.json (after a change to the report's layout, say)."""
    rows, machine, config = read(json_path)
    path = json_path.with_name("results.md")
    path.write_text(markdown(rows, machine, config), encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys

    print(rewrite(Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/results.json")))
