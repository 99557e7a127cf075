"""Synthetic datasets shaped like ours, of a chosen number of quads, for the benchmarks.

    python -m bench.generate --size 1M --seed 7 -o bench/data/1M.nq

The dataset is the built corpus grown to size. It keeps the corpus's own named graphs (ontology, entities,
sources, the Wikidata enrichment) and real statements, and adds:

- synthetic entities of every class the corpus uses, in its proportions (states capped at ``MAX_STATES``);
- synthetic source documents, one named graph each, with the metadata ``graph/compile.py`` writes;
- statement nodes cloned from the corpus's real statements: the same statement class, relation and
  qualifiers, with the entities replaced by others of the same class (an entity is kept with probability
  ``P_KEEP``, so the corpus's actors stay the hubs they are), random years (shifted together, so a start
  stays before its end), random stances and partnership levels, jittered figures, a new source and new
  quotes (``oa:TextQuoteSelector`` with ``oa:exact``, ``oa:prefix``, ``oa:suffix`` and a line), and the
  direct edges of ``dgg:truthy`` the compiler derives from each statement.

Every named query's default anchors (Cambodia, China, Japan, the United States, the Belt and Road Initiative,
the Quad, ...) stay in: the real statements the named queries answer with on the corpus are always kept, so
each named query returns rows at every size. Below ``ALL_REAL_BELOW`` of the target the whole corpus is kept.

The output is N-Quads, written as it is generated (nothing but the corpus and the entity pools is held in
memory), and the same corpus, size and seed give a byte-identical file.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from bench.config import Config

GENERATOR_VERSION = 2  # bump when the output for a given corpus, size and seed changes
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "5M": 5_000_000}
P_KEEP = 0.1                # chance an entity reference of a cloned statement keeps the corpus's entity
STATEMENTS_PER_ENTITY = 6   # synthetic entities per synthetic statement: the corpus has 2.4, a big graph more
MAX_STATES = 200            # there are not many more states in the world
ALL_REAL_BELOW = 0.2        # keep every real statement when they make up less than this share of the target
YEARS = (1990, 2024)        # the span of the random years

BASE = "https://w3id.org/diplograph/"
DG, ID, STATEMENT = BASE + "ontology#", BASE + "id/", BASE + "statement/"
SOURCE, GRAPH = BASE + "source/", BASE + "graph/"
CONCEPT = BASE + "concept/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
TRUTHY = GRAPH + "truthy"
TIME_PREDICATES = {DG + "pointInTime", DG + "startTime", DG + "endTime"}
NUMBER_PREDICATES = {DG + "value", DG + "amount"}
RANDOM_SCHEMES = ("stance", "partnership-level")  # concept values drawn at random; others stay the template's
_SYLLABLES = ("ka", "lo", "mer", "an", "sa", "vi", "tor", "bel", "ran", "do", "thi", "ne", "pra", "sun", "khe",
              "ma", "ri", "ton", "la", "zu", "pen", "go", "ria", "sor", "va", "lin", "chu", "ta", "mon", "el")


def parse_size(label: str) -> int:
    """The number of quads a size label stands for.

    >>> parse_size("10k"), parse_size("1M"), parse_size("2.5M"), parse_size("12345")
    (10000, 1000000, 2500000, 12345)
    """
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", label.strip())
    if not match:
        raise ValueError(f"{label!r} is not a size such as 10k, 100k, 1M or 5M")
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(round(number * {"": 1, "k": 1_000, "m": 1_000_000}[unit]))


def nt(text: str, language: str | None = None) -> str:
    """A literal in N-Triples form, escaped.

    >>> nt('say "hi"', "en")
    '"say \\\\"hi\\\\""@en'
    """
    return str(ox.Literal(text, language=language)) if language else str(ox.Literal(text))


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{datatype}>'


# --- The corpus, read once ----------------------------------------------------------------------------


@dataclass
class Template:
    """A real statement: its node's (predicate, object) pairs and its quotes, objects in N-Triples form."""

    iri: str
    graph: str
    subject: str
    predicate: str
    object: str | None           # N-Triples form, None for figures and targets
    pairs: list[tuple[str, str]]  # every other (predicate, object) of the node, N-Triples objects
    quotes: list[list[tuple[str, str]]]  # per selector, its (predicate, object) pairs
    lines: list[str] = field(default_factory=list)  # the real quads, to keep the statement as it is


@dataclass
class Corpus:
    """What the generator needs from the built corpus: its fixed graphs, its statements and its vocabulary."""

    fixed: list[str]                     # quads of the graphs kept as they are (ontology, entities, sources, ...)
    templates: list[Template]
    entity_class: dict[str, str]         # entity IRI -> class IRI
    labels: dict[str, str]               # entity, relation and concept IRI -> label
    class_labels: dict[str, str]
    concepts: dict[str, list[str]]       # scheme -> concept IRIs
    symmetric: set[str]                  # relation IRIs
    actor_classes: set[str]
    words: list[str]                     # the corpus's quotes' words, to write new quotes with
    anchored: set[str]                   # statements the named queries answer with on the corpus
    digest: str                          # of the corpus file, so a new corpus gives new datasets


def corpus_file(data_dir: Path | None = None) -> Path:
    """The built corpus's N-Quads: the project's ``build/``, or a build made here when there is none."""
    from diplograph.graph.outputs import NotBuilt
    from diplograph.graph.outputs import dataset_file as built_file
    from diplograph.graph.settings import Settings

    settings = Settings.default()
    try:
        return built_file(settings.build)
    except NotBuilt:
        pass
    folder = (data_dir or Config().data_dir) / "corpus"
    if not (folder / "diplograph.nq").is_file():
        from diplograph.graph.build import build

        print(f"building the corpus into {folder} (no reasoner, no docs)", file=sys.stderr)
        build(settings.with_(build=folder), reasoner="none", docs=False)
    return folder / "diplograph.nq"


def read_corpus(path: Path) -> Corpus:
    """Read the built corpus and sort what the generator needs out of it (deterministically)."""
    from diplograph.graph.vocabulary import Vocabulary

    vocabulary = Vocabulary.from_ontology()
    # Parsed, not loaded into a store: the parser keeps the file's blank node labels, a store renames them
    # at random, and the output must be the same on every run.
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    store = ox.Store()
    store.extend(quads)
    facts_graphs = {q.object.value for q in quads if q.predicate.value == DG + "factsGraph"}
    fixed, by_subject = [], {}
    for quad in quads:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        line = f"{quad.subject} {quad.predicate} {quad.object} {quad.graph_name} .\n" if graph else \
               f"{quad.subject} {quad.predicate} {quad.object} .\n"
        if graph == TRUTHY:
            continue  # derived again from the statements kept, as the compiler does
        if graph in facts_graphs:
            by_subject.setdefault(quad.subject.value, []).append((quad.predicate.value, str(quad.object), line, graph))
        else:
            fixed.append(line)
    templates = []
    shared_amount = f"<{DG}SharedAmount>"
    for iri in sorted(by_subject):
        rows = by_subject[iri]
        values = {p: o for p, o, _, _ in rows}
        if values.get(RDF_TYPE) == shared_amount:
            fixed.extend(line for *_, line, _ in rows)  # an amount for several projects: cloned statements share it
            continue
        if DG + "predicate" not in values:
            continue  # a quote selector; read with its statement
        evidence = sorted(o[1:-1] for p, o, _, _ in rows if p == DG + "evidence")
        quotes = [[(p, o) for p, o, _, _ in sorted(by_subject.get(e, []))] for e in evidence]
        lines = [line for *_, line, _ in rows] + [line for e in evidence for *_, line, _ in by_subject.get(e, [])]
        # what the build derives from the real statements around it (supersession) is not cloned: a synthetic
        # statement is superseded by nothing
        skip = {DG + "subject", DG + "predicate", DG + "object", DG + "evidence", PROV_DERIVED, RDFS_LABEL,
                DG + "supersededBy", DG + "supersededAt", DG + "holdsUntil"}
        templates.append(Template(iri=iri, graph=rows[0][3], subject=values[DG + "subject"][1:-1],
                                  predicate=values[DG + "predicate"][1:-1], object=values.get(DG + "object"),
                                  pairs=sorted((p, o) for p, o, _, _ in rows if p not in skip),
                                  quotes=quotes, lines=sorted(lines)))
    entity_class = {}
    def in_graph(predicate: str, graph: str) -> list[ox.Quad]:
        return [q for q in quads if q.predicate.value == predicate and q.graph_name == ox.NamedNode(GRAPH + graph)]

    for quad in in_graph(RDF_TYPE, "entities"):
        entity_class.setdefault(quad.subject.value, quad.object.value)
    labels = {str(s): text for s, text in sorted(vocabulary.labels.items())}
    for prop in (RDFS_LABEL, SKOS + "prefLabel"):  # as graph/compile.py reads them: a preferred label wins
        labels.update({quad.subject.value: quad.object.value for quad in in_graph(prop, "ontology")})
    labels.update({quad.subject.value: quad.object.value for quad in in_graph(RDFS_LABEL, "entities")})
    words = sorted({word for quad in quads if quad.predicate.value == OA + "exact"
                    for word in quad.object.value.split()})
    corpus = Corpus(
        fixed=sorted(fixed), templates=templates, entity_class=entity_class, labels=labels,
        class_labels={DG + name: labels.get(DG + name, name) for name in vocabulary.classes},
        concepts={scheme: sorted(str(iri) for iri in members.values())
                  for scheme, members in vocabulary.concepts.items()},
        symmetric={str(r.iri) for r in vocabulary.relations.values() if r.symmetric},
        actor_classes={DG + name for name in vocabulary.classes if vocabulary.is_a(name, "Actor")},
        words=words, anchored=set(), digest=hashlib.sha256(path.read_bytes()).hexdigest()[:10])
    corpus.anchored = _anchored(corpus, store)
    return corpus


def _anchored(corpus: Corpus, store: ox.Store) -> set[str]:
    """The real statements to keep at every size, so that each named query (with its defaults) has rows.

    First those the named queries answer with on the corpus; then, for a query that has no rows on those
    alone, the statements it needs besides (who holds which office, who is party to what): those linking
    the entities of its answer by a relation the query names, or, failing that, by any relation.
    """
    from bench.load import workload

    mix = workload()
    keep: set[str] = set()
    entities: dict[str, set[str]] = {}
    for name, sparql in mix:
        solutions = store.query(sparql)
        names = [v.value for v in solutions.variables]
        found = entities.setdefault(name, set())
        for solution in solutions:
            for variable in names:
                term = solution[variable]
                if variable in ("statement", "statements") and term is not None:
                    keep.update(term.value.split())
                elif isinstance(term, ox.NamedNode) and term.value.startswith(ID):
                    found.add(term.value)
    for name, sparql in mix:
        relations = {DG + local for local in re.findall(r"\bdg:(\w+)", sparql)}
        touching = [t for t in corpus.templates if _references(t) & entities[name]]
        for extra in ([t for t in touching if t.predicate in relations], touching):
            if _rows(corpus, keep, sparql):
                break
            keep.update(t.iri for t in extra)
    return keep


def _references(template: Template) -> set[str]:
    found = {template.subject, *(o[1:-1] for _, o in template.pairs if o.startswith(f"<{ID}"))}
    if template.object and template.object.startswith(f"<{ID}"):
        found.add(template.object[1:-1])
    return found


def _rows(corpus: Corpus, keep: set[str], sparql: str) -> bool:
    """Whether the query has rows on the fixed graphs and the kept statements (with their direct edges)."""
    derive = Generator(corpus, 0, 0)
    lines = list(corpus.fixed)
    for template in corpus.templates:
        if template.iri in keep:
            lines += template.lines + derive._direct_edges(template.subject, template.predicate, template.object,
                                                           template.pairs)
    store = ox.Store()
    store.load("".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
    return next(iter(store.query(sparql)), None) is not None


# --- The generator ---------------------------------------------------------------------------------------


class Generator:
    """Writes one dataset: the corpus's fixed graphs, real statements, synthetic entities, sources and statements."""

    def __init__(self, corpus: Corpus, target: int, seed: int):
        self.corpus, self.target, self.rng = corpus, target, random.Random(seed)
        self.written = 0
        self.truthy: set[str] = set()   # direct edges already written: the graph is a set
        real_share = sum(len(t.lines) for t in corpus.templates) / max(target, 1)
        self.kept = [t for t in corpus.templates if real_share < ALL_REAL_BELOW or t.iri in corpus.anchored]
        self.labels = dict(corpus.labels)  # the synthetic entities' labels join these; the corpus stays as read
        self.pools: dict[str, list[str]] = {}
        for iri, klass in sorted(corpus.entity_class.items()):
            self.pools.setdefault(klass, []).append(iri)

    def chunks(self) -> Iterator[list[str]]:
        """Every quad of the dataset, as lists of N-Quads lines; the last statement may pass the target."""
        fixed = self.corpus.fixed + [line for t in self.kept for line in t.lines]
        yield self._counted(fixed)
        for template in self.kept:
            yield self._counted(self._direct_edges(template.subject, template.predicate, template.object,
                                                   template.pairs))
        room = max(0, self.target - self.written)
        statements = int(room / (self._quads_per_statement() + 4.0 / STATEMENTS_PER_ENTITY))  # ~4 quads an entity
        yield self._counted(self._entities(statements))
        serial = 0
        while self.written < self.target and self.corpus.templates:
            serial += 1
            source_id, source, graph, metadata = self._source(serial)
            yield self._counted(metadata)
            for _ in range(self.rng.randint(40, 160)):
                if self.written >= self.target:
                    break
                yield self._counted(self._statement(self.rng.choice(self.corpus.templates), source_id, source, graph))

    def _counted(self, lines: list[str]) -> list[str]:
        self.written += len(lines)
        return lines

    def _quads_per_statement(self) -> float:
        templates = self.corpus.templates
        quads = sum(3 + len(t.pairs) + 1 + len(t.quotes) + sum(len(q) for q in t.quotes) for t in templates)
        edges = sum(1 + (t.predicate in self.corpus.symmetric) for t in templates if t.object)
        return (quads + edges) / len(templates)

    # -- entities ---------------------------------------------------------------------------------------

    def _entities(self, statements: int) -> list[str]:
        rng, corpus = self.rng, self.corpus
        counts: dict[str, int] = {}
        for klass in corpus.entity_class.values():
            counts[klass] = counts.get(klass, 0) + 1
        total = sum(counts.values())
        wanted = statements // STATEMENTS_PER_ENTITY
        lines = []
        serial = 0
        for klass in sorted(counts):
            number = round(wanted * counts[klass] / total)
            if klass == DG + "State":
                number = max(0, min(number, MAX_STATES - counts[klass]))
            class_label = corpus.class_labels.get(klass, klass.rsplit("#", 1)[-1])
            for _ in range(number):
                serial += 1
                label = self._name(klass, class_label)
                iri = f"{ID}{_slug(label)}-{serial}"
                self.pools[klass].append(iri)
                self.labels[iri] = label
                lines += [f"<{iri}> <{RDF_TYPE}> <{klass}> <{GRAPH}entities> .\n",
                          f"<{iri}> <{RDFS_LABEL}> {nt(label, 'en')} <{GRAPH}entities> .\n",
                          f"<{iri}> <{SKOS}prefLabel> {nt(label, 'en')} <{GRAPH}entities> .\n"]
                if rng.random() < 0.6:
                    alias = self._word().upper() if klass != DG + "Person" else label.split()[-1]
                    lines.append(f"<{iri}> <{SKOS}altLabel> {nt(alias, 'en')} <{GRAPH}entities> .\n")
        return lines

    def _word(self) -> str:
        return "".join(self.rng.choices(_SYLLABLES, k=self.rng.randint(2, 3))).capitalize()

    def _name(self, klass: str, class_label: str) -> str:
        if klass == DG + "Person":
            return f"{self._word()} {self._word()}"
        if klass == DG + "State":
            return self._word() + self.rng.choice(("ia", "land", "stan", "a", ""))
        return f"{self._word()} {class_label}"

    # -- sources and their statements -----------------------------------------------------------------------

    def _source(self, serial: int) -> tuple[str, str, str, list[str]]:
        """A new source document: its id, IRI, named graph and metadata quads."""
        rng, corpus = self.rng, self.corpus
        author = rng.choice(self.pools.get(DG + "Person") or sorted(corpus.entity_class))
        publisher = rng.choice(self.pools.get(DG + "ResearchInstitute") or [author])
        year = rng.randint(*YEARS)
        source_id = f"{_slug(self.labels.get(author, 'anon').split()[-1])}-{year}-{serial}"
        source, graph = SOURCE + source_id, GRAPH + source_id
        title = " ".join(rng.choices(corpus.words, k=rng.randint(5, 12))).strip(" .,;:")
        issued = typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", XSD + "date")
        s, g = f"<{source}>", f"<{GRAPH}sources>"
        lines = [f"{s} <{RDF_TYPE}> <{DG}SourceDocument> {g} .\n",
                 f"{s} <{RDF_TYPE}> <{SCHEMA}{'Article' if rng.random() < 0.8 else 'Report'}> {g} .\n",
                 f"{s} <{RDFS_LABEL}> {nt(title, 'en')} {g} .\n",
                 f"{s} <{DCTERMS}title> {nt(title, 'en')} {g} .\n",
                 f"{s} <{DCTERMS}identifier> {nt(source_id)} {g} .\n",
                 f"{s} <{DCTERMS}creator> <{author}> {g} .\n",
                 f"{s} <{SCHEMA}author> <{author}> {g} .\n",
                 f"{s} <{DCTERMS}issued> {issued} {g} .\n",
                 f"{s} <{DCTERMS}publisher> <{publisher}> {g} .\n",
                 f"{s} <{DG}sourceFile> {nt(f'synthetic/{source_id}.txt')} {g} .\n",
                 f"{s} <{DG}factsGraph> <{graph}> {g} .\n"]
        return source_id, source, graph, lines

    def _entity(self, original: str, avoid: str = "") -> str:
        klass = self.corpus.entity_class.get(original)
        if klass is None or self.rng.random() < P_KEEP:
            return original
        pool = self.pools[klass]
        for _ in range(3):
            chosen = self.rng.choice(pool)
            if chosen != avoid:
                return chosen
        return original

    def _term(self, term: str, avoid: str = "") -> str:
        """A template's object, replaced: entities by entities of their class, some concepts at random."""
        if term.startswith(f"<{ID}"):
            return f"<{self._entity(term[1:-1], avoid)}>"
        if term.startswith(f"<{CONCEPT}"):
            scheme = term[len(CONCEPT) + 1:].split("/", 1)[0]
            if scheme in RANDOM_SCHEMES:
                return f"<{self.rng.choice(self.corpus.concepts[scheme])}>"
        return term

    def _statement(self, template: Template, source_id: str, source: str, graph: str) -> list[str]:
        rng, corpus = self.rng, self.corpus
        node = f"{STATEMENT}{source_id}-{rng.getrandbits(48):012x}"
        subject = self._entity(template.subject)
        obj = self._term(template.object, avoid=subject) if template.object else None
        shift = self._year_shift(template.pairs)
        pairs = []
        for p, o in template.pairs:
            if p in TIME_PREDICATES:
                o = _shift_time(o, shift)
            elif p in NUMBER_PREDICATES:
                o = _jitter(o, rng)
            elif p == DG + "note":
                o = nt(" ".join(rng.choices(corpus.words, k=rng.randint(3, 9))))
            else:
                o = self._term(o)
            pairs.append((p, o))
        pairs = sorted(set(pairs))
        n, g = f"<{node}>", f"<{graph}>"
        lines = [f"{n} <{DG}subject> <{subject}> {g} .\n", f"{n} <{DG}predicate> <{template.predicate}> {g} .\n",
                 f"{n} <{PROV_DERIVED}> <{source}> {g} .\n",
                 f"{n} <{RDFS_LABEL}> {nt(self._label(subject, template.predicate, obj, pairs), 'en')} {g} .\n"]
        if obj:
            lines.append(f"{n} <{DG}object> {obj} {g} .\n")
        lines += [f"{n} <{p}> {o} {g} .\n" for p, o in pairs]
        for index, quote in enumerate(template.quotes, start=1):
            selector = f"<{node}/quote-{index}>"
            lines.append(f"{n} <{DG}evidence> {selector} {g} .\n")
            for p, o in quote:
                if p == OA + "exact":  # as long as the template's quote (the shapes allow under 300 characters)
                    o = nt(" ".join(rng.choices(corpus.words, k=max(4, len(o.split()))))[:len(o) - 2].rstrip())
                elif p in (OA + "prefix", OA + "suffix"):
                    o = nt(" ".join(rng.choices(corpus.words, k=6))[:32])
                elif p == DG + "sourceLine":
                    o = typed(str(rng.randint(1, 400)), XSD + "integer")
                lines.append(f"{selector} <{p}> {o} {g} .\n")
        return lines + self._direct_edges(subject, template.predicate, obj, pairs)

    def _year_shift(self, pairs: list[tuple[str, str]]) -> int:
        years = [int(o[1:5]) for p, o in pairs if p in TIME_PREDICATES]
        return self.rng.randint(*YEARS) - min(years) if years else 0

    def _label(self, subject: str, predicate: str, obj: str | None, pairs: list[tuple[str, str]]) -> str:
        """The statement's label, as ``graph/compile.py`` writes it."""
        labels = self.labels
        subject_label, relation = labels.get(subject, subject), labels.get(predicate, predicate)
        if obj is None:
            found = dict(pairs)
            measure = labels.get(found.get(DG + "measure", "")[1:-1]) or relation
            value = found.get(DG + "value", '""').split('"')[1]
            unit = labels.get(found.get(DG + "unit", "")[1:-1], "")
            return f"{subject_label}: {relation} of {measure} {value} {unit}".strip()
        target = labels.get(obj[1:-1], obj[1:-1]) if obj.startswith("<") else obj
        return f"{subject_label} {relation} {target}"

    def _direct_edges(self, subject: str, predicate: str, obj: str | None, pairs: list[tuple[str, str]]) -> list[str]:
        """The edges of ``dgg:truthy`` a statement implies, as ``graph/compile.py`` derives them."""
        edges = []
        if obj is not None:
            edges.append(f"<{subject}> <{predicate}> {obj}")
            if predicate in self.corpus.symmetric:
                edges.append(f"{obj} <{predicate}> <{subject}>")
        events = [o for p, o in pairs if p == DG + "event"]
        if events:
            met = predicate == DG + "metWith" and obj and obj.startswith(f"<{ID}")
            involved = [subject] + ([obj[1:-1]] if met else [])
            actors = [x for x in involved if self.corpus.entity_class.get(x) in self.corpus.actor_classes]
            times = [o for p, o in pairs if p in (DG + "pointInTime", DG + "startTime")]
            places = [o for p, o in pairs if p == DG + "place"]
            for event in events:
                edges += [f"{event} <{DG}participant> <{x}>" for x in actors]
                edges += [f"{event} <{DG}date> {t}" for t in times]
                edges += [f"{event} <{DG}heldIn> {place}" for place in places]
        if predicate == DG + "participatedIn" and obj is not None:
            edges.append(f"{obj} <{DG}participant> <{subject}>")
        fresh = []
        for edge in edges:
            if edge not in self.truthy:
                self.truthy.add(edge)
                fresh.append(f"{edge} <{TRUTHY}> .\n")
        return fresh


def _slug(text: str) -> str:
    """
    >>> _slug("Tor Bel's Dam")
    'tor-bel-s-dam'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _shift_time(literal: str, years: int) -> str:
    """A time literal moved by whole years, keeping its precision (a 29 February becomes the 28th).

    >>> _shift_time('"2020-02-29"^^<http://www.w3.org/2001/XMLSchema#date>', 1)
    '"2021-02-28"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    value, rest = literal[1:].split('"', 1)
    shifted = f"{int(value[:4]) + years:04d}{value[4:]}"
    if shifted[4:10] == "-02-29":
        shifted = shifted[:4] + "-02-28" + shifted[10:]
    return f'"{shifted}"{rest}'


def _jitter(literal: str, rng: random.Random) -> str:
    """A decimal figure scaled by a random factor between 0.5 and 2, keeping whole numbers whole."""
    value, rest = literal[1:].split('"', 1)
    scaled = float(value) * rng.uniform(0.5, 2.0)
    text = str(max(1, round(scaled))) if "." not in value else f"{scaled:.2f}"
    return f'"{text}"{rest}'


# --- Files -----------------------------------------------------------------------------------------------


def generate(target: int, seed: int, out: Path, corpus: Corpus | None = None) -> int:
    """Write a dataset of ``target`` quads (to within one statement) to ``out``; return the number written."""
    corpus = corpus or read_corpus(corpus_file())
    generator = Generator(corpus, target, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + f".{os.getpid()}.tmp")
    with partial.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as handle:
        for chunk in generator.chunks():
            handle.writelines(chunk)
    partial.replace(out)  # never leave a half-written file under the final name
    return generator.written


def dataset_file(config: Config, size_label: str) -> Path:
    """The N-Quads file for a size (generated when missing), cached under ``config.data_dir``."""
    source = corpus_file(config.data_dir)
    # Keyed by the corpus and by this generator's code too, so neither a rebuilt corpus nor a changed
    # generator ever reuses a stale file.
    digest = hashlib.sha256(source.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:10]
    path = config.data_dir / f"diplograph-{size_label}-seed{config.seed}-g{GENERATOR_VERSION}-{digest}.nq"
    if not path.is_file():
        started = time.perf_counter()
        written = generate(parse_size(size_label), config.seed, path, read_corpus(source))
        print(f"generated {path.name}: {written:,} quads in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="10k", help="number of quads: 10k, 100k, 1M, 5M or any such number")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path,
                        help="the N-Quads file to write (default: the cache in bench/data)")
    args = parser.parse_args(argv)
    if args.output is None:
        print(dataset_file(Config(seed=args.seed), args.size))
        return
    started = time.perf_counter()
    written = generate(parse_size(args.size), args.seed, args.output)
    print(f"{args.output}: {written:,} quads in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
