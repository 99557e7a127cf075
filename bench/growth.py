"""A corpus that grows the way a real one does: the same states in every document, more claims about each pair.

    python -m bench.growth --documents 20 --statements 50 --out /tmp/growth   # curated files and texts
    python -m bench.growth --documents 20 --statements 50 --out /tmp/growth --build   # and build them

A news corpus that grows repeats and updates the same relations ("Cambodia and China, a comprehensive strategic
partnership since 2010" in article after article): the states stay about 25, the claims about each pair rise
with the corpus. This module writes such a corpus as the build reads it: the curated corpus itself (its
``sources.yaml``, entities, facts and data, copied), and beside it ``documents`` generated sources, each a text
in the curated data's ``growth/`` folder and a facts file of ``statements`` claims whose quotes are sentences
of that text. The build then derives everything else as it does for curated facts (valid time, supersession,
evidence with its line and context), so the dataset has exactly the shape a grown corpus would have.

The claims are about a fixed list of **combinations** (a relation and a pair of the corpus's states), each with a
history drawn once from the seed: a partnership that starts as a partnership, becomes strategic, then perhaps
comprehensive; diplomatic relations from a year; key partners; assistance in a year. Document ``i`` of ``n`` is
written in year ``1995 + 30 i / n``, so the corpus grows over the years, and states for each of ``statements``
combinations what holds in its year: most claims corroborate the history ("since 2010"), some state the level
at writing (no start: the build dates them by their source), and a few give the previous level for the same
start (a disagreement, like two curated sources on China in 2010: about ``DISAGREEMENTS`` per pair, a slip some
source makes rather than a share of every source, so the pairs of claims that disagree grow with the claims).
Each document names each combination at most once, so a combination has ``documents x statements /
combinations`` claims (``claims_per_pair``).

The same shape, seed and corpus give the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.config import Config
from bench.rows import Row

GROWTH_VERSION = 1  # bump when the files for a given shape, seed and corpus change
FOLDER = "growth"  # the generated texts, relative to the curated data (a source's `corpus`)
FIRST_YEAR, YEARS = 1995, 30
ANCHOR = "cambodia"  # the state the named queries default to: its pairs come first
LEVELS = ("partnership", "strategic-partnership", "comprehensive-strategic-partnership")
LEVEL_LABELS = {"partnership": "partnership", "strategic-partnership": "strategic partnership",
                "comprehensive-strategic-partnership": "comprehensive strategic partnership"}
FIELDS = ("economic", "security", "demining", "trade")
RELATIONS = ("strategicPartner", "diplomaticRelation", "keyPartner", "assists")
AUTHORS = ("oliver-ward", "chheang-vannarith", "samath-chan-somanith", "yen-samnang", "chansambath-bong")
P_AT_WRITING = 0.2  # a partnership stated in the present, with no start
DISAGREEMENTS = 2.0  # partnership claims per pair that give the previous level for the same start, on average


@dataclass(frozen=True)
class Shape:
    """How big the generated part is: documents, claims in each, and the combinations they are about."""

    documents: int
    statements: int           # claims per document
    combinations: int | None = None  # relation-and-pair combinations; None: as many as statements

    @property
    def combos(self) -> int:
        return self.combinations or self.statements

    @property
    def claims_per_pair(self) -> float:
        """Claims about each combination (relation and pair), on average.

        >>> Shape(documents=100, statements=50).claims_per_pair
        100.0
        >>> Shape(documents=500, statements=200, combinations=800).claims_per_pair
        125.0
        """
        return self.documents * self.statements / self.combos

    @property
    def label(self) -> str:
        """
        >>> Shape(10, 50).label, Shape(500, 200, 800).label
        ('d10-s50', 'd500-s200-c800')
        """
        return f"d{self.documents}-s{self.statements}" + (f"-c{self.combinations}" if self.combinations else "")


@dataclass(frozen=True)
class Combination:
    """A relation between two states, with the history every claim about it is drawn from."""

    relation: str
    a: str
    b: str
    starts: tuple[int, ...]   # strategicPartner: the year each level of LEVELS began; others: one year
    field: str = "economic"

    def level(self, year: int) -> tuple[int, int]:
        """(index of the level in force in ``year``, the year it began); the first level if none yet."""
        index = max((i for i, start in enumerate(self.starts) if start <= year), default=0)
        return index, self.starts[index]


def states(data: Path) -> list[tuple[str, str]]:
    """(slug, label) of every state of the curated entities, in file order."""
    found = []
    for path in sorted((data / "entities").glob("*.yaml")):
        for slug, body in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(body, dict) and body.get("type") == "State":
                found.append((str(slug), str(body.get("label", slug))))
    return found


def combinations(slugs: list[str], count: int, rng: random.Random) -> list[Combination]:
    """``count`` combinations: the anchor's partnerships first, then every relation over every pair, in turn."""
    pairs = [(a, b) for i, a in enumerate(slugs) for b in slugs[i + 1:]]
    pairs.sort(key=lambda pair: (ANCHOR not in pair, slugs.index(pair[0]), slugs.index(pair[1])))
    order = [(relation, pair) for pair in pairs for relation in RELATIONS]
    order.sort(key=lambda item: (ANCHOR not in item[1], RELATIONS.index(item[0]) > 0))
    if count > len(order):
        raise ValueError(f"{count} combinations asked for, but {len(slugs)} states give {len(order)}")
    chosen = []
    for relation, (a, b) in order[:count]:
        if relation == "strategicPartner":
            first = rng.randint(1990, 1996)
            second = rng.randint(first + 3, 2012)
            third = rng.randint(second + 2, 2024)
            starts: tuple[int, ...] = (first, second, third) if rng.random() < 0.7 else (first, second)
        else:
            starts = (rng.randint(1950, 1994),)
        chosen.append(Combination(relation, a, b, starts, rng.choice(FIELDS)))
    return chosen


def claim(combo: Combination, year: int, labels: dict[str, str], rng: random.Random,
          p_disagree: float = 0.05) -> tuple[dict, str]:
    """A facts entry for ``combo`` as a document of ``year`` states it, and the sentence that quotes it."""
    a, b = labels[combo.a], labels[combo.b]
    entry: dict = {"s": combo.a, "p": combo.relation, "o": combo.b}
    if combo.relation == "strategicPartner":
        index, since = combo.level(year)
        roll = rng.random()
        if roll < p_disagree and index > 0:  # the previous level, for the same start: a disagreement
            level = LEVELS[index - 1]
            sentence = f"{a} and {b} signed a {LEVEL_LABELS[level]} in {since}."
            entry.update(level=level, valid="dated", start=str(since))
        elif roll < p_disagree + P_AT_WRITING:
            level = LEVELS[index]
            sentence = f"{a} and {b} are today bound by a {LEVEL_LABELS[level]}."
            entry.update(level=level, valid="at-writing")
        else:
            level = LEVELS[index]
            sentence = f"{a} and {b} have had a {LEVEL_LABELS[level]} since {since}."
            entry.update(level=level, valid="dated", start=str(since))
    elif combo.relation == "diplomaticRelation":
        sentence = f"{a} established diplomatic relations with {b} in {combo.starts[0]}."
        entry.update(valid="dated", start=str(combo.starts[0]))
    elif combo.relation == "keyPartner":
        sentence = f"{b} remains one of the key {combo.field} partners of {a}."
        entry.update(valid="at-writing", field=combo.field)
    else:
        sentence = f"In {year}, {a} assisted {b} in the {combo.field} field."
        entry.update(valid="dated", time=str(year), field=combo.field)
    entry["quote"] = sentence
    return entry, sentence


def documents(shape: Shape, seed: int, state_labels: list[tuple[str, str]]) -> Iterator[tuple[str, dict, dict, str]]:
    """(source id, sources.yaml entry, facts file, text) of every generated document."""
    rng = random.Random(seed)
    labels = dict(state_labels)
    combos = combinations([slug for slug, _ in state_labels], shape.combos, rng)
    width = len(str(shape.documents))
    # a disagreement is a slip some source makes, not a share of every source: about DISAGREEMENTS per pair
    p_disagree = min(0.05, DISAGREEMENTS / max(1.0, shape.claims_per_pair))
    for index in range(shape.documents):
        year = FIRST_YEAR + YEARS * index // max(1, shape.documents)
        source_id = f"growth-{index + 1:0{width}d}"
        chosen = combos if shape.statements >= len(combos) else rng.sample(combos, shape.statements)
        entries, paragraphs, sentences = [], [], []
        for combo in chosen:
            entry, sentence = claim(combo, year, labels, rng, p_disagree)
            entries.append(entry)
            sentences.append(sentence)
            if len(sentences) == 4:  # a paragraph of four claims and a sentence that states none
                paragraphs.append(" ".join(sentences) + f" Officials reviewed these ties again in {year}.")
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        title = f"Partnerships in the region, review {index + 1} ({year})"
        text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        source = {"title": title, "author": AUTHORS[index % len(AUTHORS)], "publisher": None,
                  "publisher_note": "generated for the benchmarks", "date": date, "type": "Article",
                  "file": f"{source_id}.txt", "corpus": FOLDER}
        facts = {"source": source_id, "facts": entries}
        yield source_id, source, facts, text


CURATED = ("sources.yaml", "entities", "facts", "data", "corpus")


def write_corpus(folder: Path, shape: Shape, seed: int = 7, data: Path | None = None) -> Path:
    """Write the curated corpus and the generated documents into ``folder``; the curated data folder written.

    The build reads it with ``Settings(data=<returned>, corpus=<the corpus setting>, build=...)``.
    """
    from diplograph.graph.settings import Settings

    data = data or Settings.default().data
    target = folder / "graph"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in CURATED:
        if (data / name).is_dir():
            shutil.copytree(data / name, target / name, ignore=shutil.ignore_patterns("cache", "__pycache__"))
        elif (data / name).is_file():
            shutil.copy2(data / name, target / name)
    (target / FOLDER).mkdir()
    sources: dict[str, dict] = {}
    for source_id, source, facts, text in documents(shape, seed, states(data)):
        (target / FOLDER / f"{source_id}.txt").write_text(text, encoding="utf-8")
        with (target / "facts" / f"{source_id}.yaml").open("w", encoding="utf-8") as handle:
            yaml.safe_dump(facts, handle, sort_keys=False, allow_unicode=True, width=200)
        sources[source_id] = source
    with (target / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# generated by bench.growth\n")
        yaml.safe_dump(sources, handle, sort_keys=False, allow_unicode=True, width=200)
    return target


def settings_for(folder: Path, data: Path):
    """The build's settings for a corpus written by ``write_corpus``."""
    from diplograph.graph.settings import Settings

    return Settings.default().with_(data=data, build=folder / "build")


def dataset_file(config: Config, shape: Shape) -> Path:
    """The built N-Quads of a growth corpus (written and built when missing), cached under ``config.data_dir``."""
    from diplograph.graph.outputs import dataset_file as built_file
    from diplograph.graph.settings import Settings

    data = Settings.default().data
    # keyed by the curated corpus (and GROWTH_VERSION, bumped when the generated files change)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted((data / "facts").glob("*.yaml")))
                            + (data / "sources.yaml").read_bytes()).hexdigest()[:10]
    folder = config.data_dir / f"growth-{shape.label}-seed{config.seed}-g{GROWTH_VERSION}-{digest}"
    done = folder / "build" / "diplograph.nq"
    if done.is_file():
        return done
    started = time.perf_counter()
    written = write_corpus(folder, shape, config.seed, data)
    compile_unchecked(settings_for(folder, written))
    print(f"compiled {folder.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return built_file(folder / "build")


def compile_unchecked(settings) -> None:
    """The build's dataset without its SHACL check: parse, find the quotes, compile, write, as the build does.

    The SHACL check adds nothing to the dataset; on a graph of a million quads it is most of the build's time
    (the build's own rows measure it), so the query graphs are made without it.
    """
    from diplograph import ontology
    from diplograph.graph.build import BuildReport, _check_quotes, parse_inputs, write_outputs
    from diplograph.graph.compile import compile_dataset
    from diplograph.graph.wikidata import enrichment_graph

    compiled = parse_inputs(settings)
    quotes = _check_quotes(settings, compiled)  # finds each quote in its text: the evidence's line and context
    if quotes.status == "failed":
        raise RuntimeError("; ".join(quotes.messages[:3]))
    ontology_graph = ontology.load()
    linked = {entity.wikidata for entity in compiled.entities.values() if entity.wikidata}
    dataset = compile_dataset(ontology_graph, compiled.vocabulary, compiled.entities, compiled.sources,
                              compiled.facts, wikidata=enrichment_graph(compiled.wikidata, linked))
    write_outputs(dataset, ontology_graph, settings.build, BuildReport(), docs=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--statements", type=int, default=50, help="claims per document")
    parser.add_argument("--combinations", type=int, help="relation-and-pair combinations (default: --statements)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the corpus into")
    parser.add_argument("--build", action="store_true", help="build it too (no reasoner, no docs)")
    args = parser.parse_args(argv)
    shape = Shape(args.documents, args.statements, args.combinations)
    data = write_corpus(args.out, shape, args.seed)
    print(f"{data}: {shape.documents} documents, {shape.claims_per_pair:g} claims per pair", file=sys.stderr)
    if args.build:
        from diplograph.graph.build import build

        started = time.perf_counter()
        report = build(settings_for(args.out, data), reasoner="none", docs=False)
        for step in report.steps:
            print(f"  {step.name}: {step.seconds:.2f} s", file=sys.stderr)
        print(f"built {report.counts.get('quads')} quads in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()


# --- The benchmark section ---------------------------------------------------------------------------------

SECTION = "growth"
QUERY_STATEMENTS = 50  # claims per document in the query graphs: every document names every combination once


def query_shape(claims: int) -> Shape:
    """The graph with ``claims`` claims per pair: as many documents, each naming the 50 combinations once.

    >>> query_shape(1000).claims_per_pair, query_shape(1000).documents
    (1000.0, 1000)
    """
    return Shape(documents=claims, statements=QUERY_STATEMENTS)


def build_shape(documents: int) -> Shape:
    """The build's corpus of ``documents`` documents of 200 claims each, over every relation and pair."""
    return Shape(documents=documents, statements=BUILD_STATEMENTS, combinations=BUILD_COMBINATIONS)


BUILD_STATEMENTS, BUILD_COMBINATIONS = 200, 840  # 21 states: 210 pairs, four relations


def exponent(t1: float | None, t2: float | None, n1: float, n2: float) -> float | None:
    """The log-log slope of a time between two sizes: 1 is linear, 2 quadratic.

    >>> round(exponent(0.1, 1.0, 10_000, 100_000), 2), round(exponent(0.1, 10.0, 10_000, 100_000), 2)
    (1.0, 2.0)
    >>> exponent(None, 1.0, 1, 10) is None
    True
    """
    import math

    if not t1 or not t2 or n1 <= 0 or n2 <= n1:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def measure_queries(config: Config) -> list[Row]:
    """Every named query on the graph of each size in ``config.growth_claims``, in a fresh process each."""
    from bench.stores import OURS, measure_in_child

    rows: list[Row] = []
    for claims in config.growth_claims:
        shape = query_shape(claims)
        path = dataset_file(config, shape)
        label = f"{claims} claims/pair"
        print(f"[growth] queries at {label} ({shape.documents} documents)", file=sys.stderr, flush=True)
        for row in measure_in_child(OURS, label, config, path):
            rows.append(Row(SECTION, row.metric, row.value, row.unit, size=label, store=row.store,
                            subject=row.subject, note=row.note, extra={**row.extra, "claims_per_pair": claims}))
    quads = {r.size: r.extra.get("quads") for r in rows if r.metric == "load time"}
    labels = [f"{claims} claims/pair" for claims in config.growth_claims]
    latency = {(r.size, r.subject): r.value for r in rows if r.metric == "median latency"}
    for name in sorted({r.subject for r in rows if r.metric == "median latency"}):
        for a, b in zip(labels, labels[1:], strict=False):
            slope = exponent(latency.get((a, name)), latency.get((b, name)), quads.get(a) or 0, quads.get(b) or 0)
            rows.append(Row(SECTION, "growth exponent", slope, "", size=f"{a} to {b}", store=OURS, subject=name,
                            note="log-log slope of the median latency against the graph's quads"))
    return rows


def measure_analyses(config: Config) -> list[Row]:
    """The network projection and analyses (``bench.analyses``) on the query graph of each size."""
    from bench import analyses

    rows: list[Row] = []
    for claims in config.growth_claims:
        label = f"{claims} claims/pair"
        print(f"[growth] analyses at {label}", file=sys.stderr, flush=True)
        for row in analyses.measure(label, config, dataset_file(config, query_shape(claims))):
            rows.append(Row(SECTION, "analysis", row.value, row.unit, size=label, store=row.store,
                            subject=row.subject, note=row.note, extra=row.extra))
    return rows


def measure_build(documents: int, seed: int) -> list[Row]:
    """``diplograph build --no-reasoner --no-docs`` on a corpus of ``documents`` documents, in a new process:
    its wall time and peak resident memory (the child's ``ru_maxrss``)."""
    import os
    import subprocess
    import tempfile

    shape = build_shape(documents)
    label = f"{documents} documents"
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as scratch:
        folder = Path(scratch)
        data = write_corpus(folder, shape, seed)
        command = [sys.executable, "-m", "diplograph", "build", "--no-reasoner", "--no-docs", "--data", str(data),
                   "--build-dir", str(folder / "build")]
        print(f"[growth] build of {label}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        output = process.stdout.read() if process.stdout else ""
        report_file = folder / "build" / "build-report.json"
        import json

        report = json.loads(report_file.read_text()) if report_file.is_file() else {}
    ok = os.waitstatus_to_exitcode(status) == 0
    counts = report.get("counts", {})
    steps = {step["name"]: step["seconds"] for step in report.get("steps", [])}
    note = (f"{counts.get('statements', '?')} statements, {counts.get('quads', '?')} quads, "
            f"{shape.claims_per_pair:.0f} claims per pair" if ok else f"failed: {output.strip()[-300:]}")
    extra = {"documents": documents, "statements_per_document": shape.statements, "counts": counts, "steps": steps}
    return [Row(SECTION, "build time", seconds if ok else None, "s", size=label, subject="build", note=note,
                extra=extra),
            Row(SECTION, "build peak RSS", usage.ru_maxrss / 1024, "MiB", size=label, subject="build",
                note="ru_maxrss of the build process", extra=extra),
            # on a shared machine the wall time says as much about the others' load as about the build
            Row(SECTION, "build CPU", usage.ru_utime + usage.ru_stime if ok else None, "s", size=label,
                subject="build", note="user and system time of the build process", extra=extra)]


def run(config: Config) -> list[Row]:
    """The ``growth`` section: named queries, analyses and the overview at each claims-per-pair size, then the
    builds."""
    from bench import growth_views

    rows = measure_queries(config)
    rows += measure_analyses(config)
    rows += growth_views.measure(config)
    for documents in config.growth_documents:
        rows += measure_build(documents, config.seed)
    return rows


def markdown(rows: list[Row]) -> str:
    """Per-query times at each size with their growth exponents, the analyses, and the builds."""
    from bench.report import fmt, table

    sizes = list(dict.fromkeys(r.size for r in rows if r.metric == "median latency"))
    latency = {(r.size, r.subject): r for r in rows if r.metric == "median latency"}
    slopes = {(r.size, r.subject): r.value for r in rows if r.metric == "growth exponent"}
    steps = list(dict.fromkeys(r.size for r in rows if r.metric == "growth exponent"))
    quads = {r.size: r.extra.get("quads") for r in rows if r.metric == "load time"}
    lines = []
    for name in sorted({subject for _, subject in latency}):
        line = [name]
        for size in sizes:
            row = latency.get((size, name))
            line.append("" if row is None else "timeout" if row.extra.get("timed_out") else fmt(row.value, "ms"))
        line += [fmt(slopes.get((step, name)), "x").rstrip("x") for step in steps]
        ours = latency.get((sizes[-1], name)) if sizes else None
        line.append(str(ours.extra.get("rows", "")) if ours else "")
        lines.append(line)
    parts = []
    if lines:
        header = ["query"] + [f"{s} (ms)" for s in sizes] + [f"exponent {s}" for s in steps] + ["rows"]
        parts.append(table(header, lines))
        parts.append("Graph sizes: " + ", ".join(f"{s}: {fmt(quads.get(s))} quads" for s in sizes) + ".")
    analysis = [r for r in rows if r.metric == "analysis"]
    if analysis:
        parts.append(table(["size", "analysis", "time (s)", "nodes", "edges"],
                           [[r.size, r.subject, fmt(r.value, "s"), fmt(r.extra.get("nodes")), fmt(r.extra.get("edges"))]
                            for r in analysis]))
    from bench import growth_views

    overview = growth_views.markdown(rows)
    if overview:
        parts.append(overview)
    builds = {r.size: {} for r in rows if r.subject == "build"}
    for r in rows:
        if r.subject == "build":
            builds[r.size][r.metric] = r
    if builds:
        lines = []
        for size, found in builds.items():
            time_row, memory, cpu = found.get("build time"), found.get("build peak RSS"), found.get("build CPU")
            steps_s = (time_row or memory).extra.get("steps", {}) if (time_row or memory) else {}
            lines.append([size, fmt(time_row.value if time_row else None, "s"), fmt(cpu.value if cpu else None, "s"),
                          fmt(memory.value if memory else None, "MiB")]
                         + [fmt(steps_s.get(step), "s") for step in BUILD_STEPS]
                         + [time_row.note if time_row else ""])
        parts.append(table(["corpus", "build (s)", "CPU (s)", "peak RSS (MiB)", *BUILD_STEPS, "note"], lines))
    return "\n\n".join(parts)


BUILD_STEPS = ("parse curated files", "quotes verbatim in sources", "compile RDF", "SHACL shapes", "write outputs")


def kept_builds(rows: list[Row], previous: Path) -> list[Row]:
    """The build rows of an earlier ``growth.json``, when ``rows`` measure no build (``--documents ""``).

    A build of 500 documents takes many minutes, so the builds are often measured apart from the queries; a
    run of the queries alone keeps the builds already written rather than dropping them from the report.

    >>> import json, tempfile
    >>> old = Row(SECTION, "build time", 276.0, "s", size="50 documents", subject="build")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "growth.json"
    ...     _ = path.write_text(json.dumps({"rows": [old.as_dict()]}))
    ...     [r.value for r in kept_builds([], path)], kept_builds([old], path)
    ([276.0], [])
    """
    import json

    if any(r.subject == "build" for r in rows) or not previous.is_file():
        return []
    try:
        found = json.loads(previous.read_text(encoding="utf-8")).get("rows", [])
    except (OSError, ValueError):
        return []
    return [Row(**row) for row in found if row.get("subject") == "build"]


def write_report(rows: list[Row], out_dir: Path, machine: dict, settings: dict) -> tuple[Path, Path]:
    """``growth.md`` and ``growth.json`` in ``out_dir``: the growth section's own files, beside results.md.

    A run that measures no build keeps the build rows the files already hold (``kept_builds``).
    """
    import json
    from dataclasses import asdict

    from bench.machine import markdown as machine_markdown

    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "growth.md", out_dir / "growth.json"
    rows = rows + kept_builds(rows, js)
    md.write_text("# Growth benchmark\n\n## Machine\n\n" + machine_markdown(machine) + "\n\n## Results\n\n"
                  + markdown(rows) + "\n", encoding="utf-8")
    js.write_text(json.dumps({"written": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine,
                              "config": settings, "rows": [asdict(r) for r in rows]}, indent=1, default=str) + "\n",
                  encoding="utf-8")
    return md, js
