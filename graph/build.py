"""The build: curated files in, a validated dataset and its documentation out.

Checks run in order and the build stops at the first that fails:

1. the curated files parse (errors name file, line and field);
2. every quote appears verbatim in its source text (skipped, with a warning, when the corpus is absent);
3. the dataset conforms to the SHACL shapes;
4. the reasoner finds ontology plus data consistent.

Only then are the outputs written, into a fresh folder that replaces the
previous build in one atomic exchange (see :mod:`.staging`): a failed or killed
build leaves the previous one untouched. The same inputs give the same bytes
(see :mod:`.canonical`).
"""

from __future__ import annotations

import gc
import json
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from diplograph import ontology
from diplograph.canonical import canonical_dataset, canonical_graph, canonicalize, oxigraph_dataset, write_dataset
from diplograph.ontology.namespaces import PREFIXES, entity_iri
from diplograph.ontology.reasoner import check_consistency
from diplograph.version import __version__

from .amounts import shared_amounts
from .compile import compile_dataset
from .entities import Entity, load_entities
from .errors import CurationError, Problems
from .facts import Fact, FactsReader, attach_evidence
from .outputs import (
    DATASET_NQUADS,
    DATASET_TRIG,
    IMPORTS_DIR,
    ONTOLOGY_DOCS,
    ONTOLOGY_TURTLE,
    REPORT_JSON,
    SEARCH_INDEX,
    VOID_TURTLE,
)
from .settings import Settings, display_path
from .sources import Source, load_sources
from .staging import remove_stale, staged
from .textindex import Line, lines_of, quotes_from_store, write_index
from .validate import union_graph, validate_shapes
from .vocabulary import Vocabulary
from .void import describe as describe_dataset
from .wikidata import Answer, apply_reviewed_links, enrichment_graph, read_answers


@dataclass
class Step:
    """One check or stage of the build and how it went."""

    name: str
    status: str  # "passed", "failed", "skipped" or "warning"
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    """What a build did; ``ok`` is False when any step failed."""

    steps: list[Step] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    output: str | None = None

    @property
    def ok(self) -> bool:
        return all(step.status != "failed" for step in self.steps)

    def to_json(self) -> str:
        return json.dumps({"ok": self.ok, **asdict(self)}, indent=2)


@dataclass
class Compiled:
    """The parsed inputs and the dataset compiled from them."""

    vocabulary: Vocabulary
    sources: dict[str, Source]
    entities: dict[str, Entity]
    facts: list[Fact]
    ontology: Graph | None = None
    dataset: Dataset | None = None
    wikidata: list[Answer] = field(default_factory=list)  # kept Wikidata answers, for the enrichment graph
    _union: Graph | None = field(default=None, repr=False)

    @property
    def union(self) -> Graph | None:
        """Every graph's triples in one, as the reasoner reads them: made on first use (SHACL reads the dataset's
        union itself), since on a big dataset it is a second copy of every triple."""
        if self._union is None and self.dataset is not None:
            self._union = union_graph(self.dataset)
        return self._union

    def drop_union(self) -> None:
        """Forget the union graph (it is made again if asked for): the outputs are written from the dataset."""
        self._union = None

    def take_dataset(self) -> ox.Dataset:
        """The dataset in canonical form, in Oxigraph (see :func:`.canonical.canonical_dataset`), and the rdflib
        dataset forgotten: on a big corpus it is the largest thing in memory, and the outputs need only the quads."""
        if self.dataset is None:
            raise ValueError("nothing compiled")
        converted = oxigraph_dataset(self.dataset)
        self.dataset = None
        gc.collect()  # rdflib's graphs hold reference cycles: let them go now, before canonicalizing, not later
        return canonicalize(converted)


class BuildFailed(Exception):
    """A check failed; the report says which and why."""

    def __init__(self, report: BuildReport):
        self.report = report
        super().__init__("; ".join(m for s in report.steps if s.status == "failed" for m in s.messages[:1]))


def run_checks(settings: Settings, *, reasoner: str = "auto",
               log: Callable[[Step], None] | None = None) -> tuple[BuildReport, Compiled | None]:
    """Run every check without writing anything. ``reasoner`` is "auto", "hermit", "owlrl" or "none"."""
    report = BuildReport()

    def record(step: Step) -> Step:
        report.steps.append(step)
        if log:
            log(step)
        return step

    started = time.perf_counter()
    try:
        compiled = parse_inputs(settings)
    except CurationError as error:
        record(Step("parse curated files", "failed", time.perf_counter() - started, [str(p) for p in error.problems]))
        return report, None
    record(Step("parse curated files", "passed", time.perf_counter() - started,
                [f"{len(compiled.facts)} facts from {len(compiled.sources)} sources, "
                 f"{len(compiled.entities)} entities"]))

    record(_check_quotes(settings, compiled))
    if not report.ok:
        return report, compiled

    started = time.perf_counter()
    compiled.ontology = ontology_graph = ontology.load()
    linked = {entity.wikidata for entity in compiled.entities.values() if entity.wikidata}
    compiled.dataset = dataset = compile_dataset(ontology_graph, compiled.vocabulary, compiled.entities,
                                                 compiled.sources, compiled.facts,
                                                 wikidata=enrichment_graph(compiled.wikidata, linked))
    report.counts = _counts(compiled, dataset)
    record(Step("compile RDF", "passed", time.perf_counter() - started,
                [f"{report.counts['quads']} quads", valid_time_summary(compiled.facts, compiled.sources)]))

    record(_check_shapes(compiled, dataset))
    if not report.ok:
        return report, compiled
    if reasoner != "none" and compiled.union is not None:
        record(_check_reasoner(compiled.union, reasoner))
    else:
        record(Step("reasoner", "skipped", 0.0, ["skipped on request (--no-reasoner)"]))
    return report, compiled


def build(settings: Settings, *, reasoner: str = "auto", docs: bool = True,
          log: Callable[[Step], None] | None = None) -> BuildReport:
    """Run every check, then write the dataset, the ontology and its documentation to the build folder."""
    remove_stale(settings.build)  # what a killed build left beside the build folder goes first
    with fewer_collections():
        report, compiled = run_checks(settings, reasoner=reasoner, log=log)
        if not report.ok or compiled is None or compiled.dataset is None or compiled.ontology is None:
            raise BuildFailed(report)
        compiled.drop_union()  # the checks are done: what is written next comes from the dataset
        write_outputs(compiled.take_dataset(), compiled.ontology, settings.build, report, docs=docs,
                      texts=_source_lines(settings, compiled.sources))
    if log:
        log(report.steps[-1])
    return report


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while the build runs, then as before.

    The build makes millions of objects that live until it ends (rdflib's terms and
    indexes); each collection walks them all again, for almost nothing to free. With
    these thresholds the build of 200 generated documents took 106 s of CPU, against 121 s.

    >>> before = gc.get_threshold()
    >>> with fewer_collections():
    ...     gc.get_threshold()[0] > before[0]
    True
    >>> gc.get_threshold() == before
    True
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def parse_inputs(settings: Settings) -> Compiled:
    """Read the vocabulary, sources, entities and facts; raise CurationError on any problem."""
    vocabulary = Vocabulary.from_ontology()
    sources = load_sources(settings.sources_file)
    entities = load_entities(settings.entities_dir, settings.crosswalk_file, vocabulary)
    problems = Problems()
    apply_reviewed_links(entities, settings.review_file, problems)
    _check_source_references(settings, sources, entities, problems)
    reader = FactsReader(vocabulary, entities, sources)
    facts: list[Fact] = []
    for path in sorted(settings.facts_dir.glob("*.yaml")):
        facts.extend(reader.read(path, problems))
    shared_amounts(facts, problems)
    if not problems:
        _check_entities_used(entities, sources, facts, problems)
    problems.raise_if_any()
    return Compiled(vocabulary, sources, entities, facts, wikidata=read_answers(settings.enrichment_file))


def _check_source_references(settings: Settings, sources: dict[str, Source], entities: dict[str, Entity],
                             problems: Problems) -> None:
    name = display_path(settings.sources_file)
    for source in sources.values():
        for key in ("author", "publisher", "affiliation"):
            slug = getattr(source, key)
            if slug and slug not in entities:
                problems.add(name, source.line, key, f"unknown entity {slug!r}")
        if not (settings.facts_dir / f"{source.id}.yaml").is_file():
            problems.add(name, source.line, None, f"no facts file facts/{source.id}.yaml for source {source.id!r}")


def _check_entities_used(entities: dict[str, Entity], sources: dict[str, Source], facts: list[Fact],
                         problems: Problems) -> None:
    """Every entity is named by a fact (as subject, object or qualifier) or by a source: one nothing names is
    furniture, or a claim the text makes that no fact records yet."""
    named = {getattr(source, key) for source in sources.values() for key in ("author", "publisher", "affiliation")}
    for fact in facts:
        named.add(fact.subject)
        if isinstance(fact.object, str):
            named.add(fact.object)
        named.update(value for values in fact.qualifiers.values() for value in values if isinstance(value, str))
    for slug, entity in entities.items():
        if slug not in named:
            problems.add(entity.file, entity.line, slug,
                         "no fact or source names this entity: add the fact the text states, or remove the entity")


def _check_quotes(settings: Settings, compiled: Compiled) -> Step:
    started = time.perf_counter()
    problems = Problems()
    texts = {}
    unread: dict[Path, int] = {}  # a corpus folder that is absent, and how many sources it should hold
    for source in compiled.sources.values():
        folder = source.folder(settings)
        if not folder.is_dir():
            unread[folder] = unread.get(folder, 0) + 1
            continue
        path = folder / source.file
        if not path.is_file():
            problems.add(display_path(settings.sources_file), source.line, "file", f"{path} does not exist")
            continue
        texts[source.id] = source.read_text(folder)
    checked = [f for f in compiled.facts if f.source in texts]
    if not problems:
        attach_evidence(checked, texts, compiled.sources, problems)
    passages = sum(len(f.evidence) for f in checked)
    folders = sorted({display_path(compiled.sources[s].folder(settings)) for s in texts})
    skipped = [f"corpus not found at {folder}: quotes were NOT checked against the texts of {count} source(s) "
               "(set DIPLOGRAPH_CORPUS or --corpus)" for folder, count in sorted(unread.items())]
    status = "failed" if problems else "warning" if unread else "passed"
    messages = ([str(p) for p in problems.items]
                or [*skipped, f"{passages} quoted passages found verbatim in {', '.join(folders) or 'no corpus'}"])
    return Step("quotes verbatim in sources", status, time.perf_counter() - started, messages)


def _origins(compiled: Compiled) -> dict[URIRef, str]:
    origins = {fact.iri: f"{fact.file}:{fact.line}" for fact in compiled.facts}
    origins.update({entity_iri(e.slug): f"{e.file}:{e.line}" for e in compiled.entities.values()})
    return origins


def _check_shapes(compiled: Compiled, data: Graph) -> Step:
    started = time.perf_counter()
    results = validate_shapes(data, _origins(compiled))
    violations = [r for r in results if r.severity == "Violation"]
    warnings = [r for r in results if r.severity != "Violation"]
    if violations:
        return Step("SHACL shapes", "failed", time.perf_counter() - started, [str(r) for r in results])
    messages = ["conforms"] + [str(r) for r in warnings]
    return Step("SHACL shapes", "warning" if warnings else "passed", time.perf_counter() - started, messages)


def _check_reasoner(union: Graph, reasoner: str) -> Step:
    started = time.perf_counter()
    result = check_consistency(union, prefer=reasoner)
    messages = [f"{result.reasoner}: {'consistent' if result.consistent else 'INCONSISTENT'}"] + result.problems
    if result.note:
        messages.append(result.note)
    status = "failed" if not result.consistent else ("warning" if result.note else "passed")
    return Step("reasoner", status, time.perf_counter() - started, messages)


def valid_time_summary(facts: list[Fact], sources: dict[str, Source]) -> str:
    """How many statements of each source are dated, current at writing or timeless, on one line."""
    parts = []
    for source in sources:
        kinds = Counter(fact.validity for fact in facts if fact.source == source)
        parts.append(f"{source} {kinds['dated']}/{kinds['at-writing']}/{kinds['timeless']}")
    return "valid time (dated/at writing/timeless): " + ", ".join(parts)


def _counts(compiled: Compiled, dataset: Dataset) -> dict[str, int]:
    kinds = Counter(fact.validity for fact in compiled.facts)
    return {
        "sources": len(compiled.sources),
        "entities": len(compiled.entities),
        "statements": len(compiled.facts),
        "valid_dated": kinds["dated"],
        "valid_at_writing": kinds["at-writing"],
        "valid_timeless": kinds["timeless"],
        "quads": sum(len(g) for g in dataset.graphs()),  # each graph's size is kept: no walk over every quad
        "named_graphs": sum(1 for g in dataset.graphs() if len(g)),
    }


def _source_lines(settings: Settings, sources: dict[str, Source]) -> tuple[list[Line], dict[str, str]]:
    """The lines of every source text the build could read (for the full-text index), and every source's title."""
    lines: list[Line] = []
    for source in sources.values():
        path = source.folder(settings) / source.file
        if path.is_file():
            text = source.read_text(source.folder(settings))
            lines.extend(lines_of(source.id, text.original, text.first_line))
    return lines, {source.id: source.title for source in sources.values()}


def write_outputs(dataset: Dataset | ox.Dataset, ontology_graph: Graph, target: Path, report: BuildReport, *,
                  docs: bool = True, texts: tuple[list[Line], dict[str, str]] | None = None) -> list[str]:
    """Write every output into a staging folder, then swap it in for the previous build (see :mod:`.staging`).

    ``dataset`` is the compiled dataset, or its canonical form in Oxigraph (:meth:`Compiled.take_dataset`).

    The report, with this step in it, is written before the swap: the build folder
    is never changed in place, so a build killed at any moment leaves the previous
    build or the new one, whole.
    """
    started = time.perf_counter()
    with staged(target) as staging:
        written = _write_files(dataset, ontology_graph, staging, docs=docs, texts=texts)
        if (target / IMPORTS_DIR).is_dir():
            # imported tables are not rebuilt from the curated files, so they are carried over (copied: a failed
            # build must leave the previous one whole)
            shutil.copytree(target / IMPORTS_DIR, staging / IMPORTS_DIR)
        report.steps.append(Step("write outputs", "passed", time.perf_counter() - started,
                                 [f"{display_path(target)}: {', '.join(written)}"]))
        report.output = str(target)
        (staging / REPORT_JSON).write_text(report.to_json(), encoding="utf-8")
    return written


def _write_files(dataset: Dataset | ox.Dataset, ontology_graph: Graph, folder: Path, *, docs: bool,
                 texts: tuple[list[Line], dict[str, str]] | None = None) -> list[str]:
    """Write the dataset, the ontology, the VoID description, the full-text index (quotes, and the source lines in
    ``texts``) and the docs into ``folder``, the same bytes every time.

    Blank nodes get their RDFC-1.0 labels and everything is written in sorted order
    (see :mod:`.canonical`), so two builds of the same inputs are byte-identical.
    """
    quads = canonical_dataset(dataset) if isinstance(dataset, Dataset) else dataset
    write_dataset(quads, folder / DATASET_NQUADS, folder / DATASET_TRIG, PREFIXES)
    ontology_copy = canonical_graph(ontology_graph)
    ontology_copy.serialize(folder / ONTOLOGY_TURTLE, format="turtle", encoding="utf-8")
    void = canonical_graph(describe_dataset(quads, version=__version__))
    void.serialize(folder / VOID_TURTLE, format="turtle", encoding="utf-8")
    written = [DATASET_TRIG, DATASET_NQUADS, ONTOLOGY_TURTLE, VOID_TURTLE]
    store = ox.Store()
    store.bulk_load(path=folder / DATASET_NQUADS, format=ox.RdfFormat.N_QUADS)  # no second list of the quads
    lines, titles = texts or ([], {})
    write_index(folder / SEARCH_INDEX, quotes_from_store(store), lines, titles)
    written.append(SEARCH_INDEX)
    if docs:
        from diplograph.ontology.docs import write_html

        write_html(ontology_copy, folder / ONTOLOGY_DOCS)
        written.append(ONTOLOGY_DOCS)
    return written
