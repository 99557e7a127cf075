"""How well ``diplograph propose`` finds the curated statements: ``python -m bench.extraction``.

    python -m bench.extraction                       # every source of the corpus, the rules
    python -m bench.extraction --sources yen-2024    # one
    python -m bench.extraction --out bench/results   # also write extraction.md and extraction.json there
    python -m bench.extraction --keep-entities       # take out the statements only, not the entities
    python -m bench.extraction --exact-names         # a new entity matches a held-out one by an exact name only
    python -m bench.extraction --misses              # also list each statement missed, with what its passage got

Leave one source out: for each source, its statements are taken out of the graph, and so
are the entities only its statements name; ``propose`` then reads its text with what is
left, as it would read a new document. Its candidates are compared with the curated
statements of that source. A candidate matches a statement when the relation is the
same, the subject and the object (or, for figures and targets, the value) are the same
(either order for symmetric relations), and the times are compatible: either has none,
or one is the other at a coarser precision (2024 and 2024-05). A proposed new entity
counts as a held-out entity when its label, or the words the text names it with, is one of that entity's
names (label or alias, also without a bracketed qualifier when that names one held-out entity only, and a person's
alias without its title: "Lee" for "Prime Minister Lee", when no other held-out entity is named so); or, unless
``--exact-names``, when the two names are alike: the same once lower case, without brackets, punctuation, "the"
and numbers (a year marks an edition the text may leave out: "ASEAN Community Vision" is "ASEAN Community
Vision 2025"), or at least 90 % similar by difflib's ratio ("Transport and Logistic Master Plan"), and no other
held-out entity is as alike. ``--exact-names`` gives the first way only, as the benchmark did before.

Reported per source and in total: recall (curated statements some candidate matches),
recall one-to-one (each candidate may match one statement only), precision (candidates
that match some statement), the share of curated statements whose quoted passage got any
candidate, the share of missed statements that name an entity the matcher does not find in
their quoted sentence (a missing name rather than a missing rule), candidates per 1,000
words, and seconds per document; then recall and precision per relation.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from diplograph.graph.errors import Problems
from diplograph.graph.facts import Fact, attach_evidence
from diplograph.graph.proposals import Candidate, Context, load_context, propose
from diplograph.graph.proposals.mentions import EntityMatcher, Mention, without_title
from diplograph.graph.proposals.sentences import split_sentences
from diplograph.graph.quantities import parse_number
from diplograph.graph.settings import Settings

SYMMETRIC = {"strategicPartner", "diplomaticRelation", "cooperatesWith", "competesWith", "metWith"}
TIME_KEYS = ("time", "start", "end")


@dataclass
class Score:
    """Counts for one source (or the total, or one relation)."""

    curated: int = 0
    found: int = 0  # curated statements some candidate matches
    found_one_to_one: int = 0
    candidates: int = 0
    correct: int = 0  # candidates that match some curated statement
    covered: int = 0  # curated statements whose passage got any candidate
    unnamed: int = 0  # missed statements with an entity the matcher does not find in the quoted sentence
    words: int = 0
    seconds: float = 0.0
    documents: int = 0
    dropped: Counter = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("curated", "found", "found_one_to_one", "candidates", "correct", "covered", "unnamed", "words",
                     "seconds", "documents"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.dropped.update(other.dropped)
        self.misses += other.misses

    def row(self) -> dict[str, object]:
        return {
            "curated": self.curated, "candidates": self.candidates,
            "recall": _share(self.found, self.curated), "recall_1to1": _share(self.found_one_to_one, self.curated),
            "precision": _share(self.correct, self.candidates), "passages_hit": _share(self.covered, self.curated),
            "missed_unnamed": _share(self.unnamed, self.curated - self.found),
            "per_1000_words": round(1000 * self.candidates / self.words, 1) if self.words else None,
            "seconds_per_doc": round(self.seconds / self.documents, 2) if self.documents else None,
        }


@dataclass
class Miss:
    """A curated statement no candidate matches, with what the candidates of its passage said instead."""

    source: str
    line: int
    statement: tuple  # (relation, subject, object) as the benchmark compares them
    quote: str
    unnamed: bool  # an entity of the statement is not found in the quoted sentence
    nearby: list[tuple] = field(default_factory=list)  # the keys of the candidates whose quote overlaps the passage

    def text(self) -> str:
        """One line per miss, then one per candidate of its passage.

        >>> miss = Miss("doc", 3, ("leads", "japan", "foip"), "Japan leads FOIP.", False, [("leads", "x", "foip")])
        >>> print(miss.text())
        doc:3 leads(japan, foip)  "Japan leads FOIP."
            got leads(x, foip)
        """
        relation, *ends = self.statement
        head = f"{self.source}:{self.line} {relation}({', '.join(ends)}){' [unnamed]' if self.unnamed else ''}"
        lines = [f'{head}  "{self.quote}"']
        lines += [f"    got {r}({', '.join(str(e) for e in rest)})" for r, *rest in self.nearby]
        return "\n".join(lines)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def held_out(context: Context, source_id: str, keep_entities: bool = False) -> tuple[Context, dict[str, str]]:
    """The context without the source's statements and the entities only they name; and those entities' names.

    ``keep_entities`` takes out the statements only: how the rules do on a document whose entities the graph has.
    """
    def slugs(fact: Fact) -> set[str]:
        found = {fact.subject} | ({fact.object} if type(fact.object) is str else set())
        for values in fact.qualifiers.values():
            found.update(v for v in values if type(v) is str)  # slugs, not literals or IRIs
        return found

    own = set().union(*(slugs(f) for f in context.facts if f.source == source_id))
    others = set().union(*(slugs(f) for f in context.facts if f.source != source_id))
    described = {s for src in context.sources.values() for s in (src.author, src.publisher, src.affiliation) if s}
    removed = set() if keep_entities else own - others - described
    names: dict[str, str] = {}
    bare: dict[str, set[str]] = {}
    for slug in removed:
        entity = context.entities[slug]
        for name in [entity.label, *entity.aliases]:
            names[name.lower()] = slug
            bare.setdefault(re.sub(r"\s*\([^)]*\)$", "", name).lower(), set()).add(slug)
            if entity.type == "Person":  # "Prime Minister Lee" is an alias: "Lee" is that person too ...
                bare.setdefault(without_title(name).lower(), set()).add(slug)
    for name, slugs in bare.items():  # "Free and Open Indo-Pacific (Japan)" is also "Free and Open Indo-Pacific" ...
        if len(slugs) == 1:  # ... when no other held-out entity is
            names.setdefault(name, next(iter(slugs)))
    kept = {slug: e for slug, e in context.entities.items() if slug not in removed}
    facts = [f for f in context.facts if f.source != source_id]
    return replace(context, entities=kept, facts=facts), names


def _times(values: dict[str, object]) -> set[str]:
    return {str(v) for v in values.values()}


def _compatible(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return True
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


SIMILAR = 0.9  # difflib's ratio from which two names of new and held-out entities are the same name


def _plain(name: str) -> str:
    """A name without case, brackets, punctuation, "the" and numbers, to compare two names.

    >>> _plain("The ASEAN Community Vision 2025 (ACV)")
    'asean community vision'
    """
    name = re.sub(r"\s*\([^)]*\)", "", name.lower()).replace("’", "").replace("'", "")
    return " ".join(w for w in re.split(r"[^a-z0-9]+", name) if w and w != "the" and not w.isdigit())


def held_slug(label: str, text: str, held: dict[str, str], exact: bool = False) -> str | None:
    """The held-out entity a new entity's label (or the words the text names it with) names, if any.

    >>> held = {"transport and logistics master plan (cambodia)": "tlmp", "japanese foreign minister": "mofa-jp"}
    >>> held_slug("Foreign Minister of Japan", "Japanese Foreign Minister", held)
    'mofa-jp'
    >>> held_slug("Transport and Logistic Master Plan", "", held), held_slug("Master Plan", "", held)
    ('tlmp', None)
    """
    for name in (label, text):
        if name and name.lower() in held:
            return held[name.lower()]
    if exact:
        return None
    wanted = _plain(label)
    scores: dict[str, float] = {}
    for name, slug in held.items():
        plain = _plain(name)
        score = 1.0 if plain == wanted else difflib.SequenceMatcher(None, wanted, plain).ratio()
        scores[slug] = max(score, scores.get(slug, 0.0))
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < SIMILAR or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None  # not alike enough, or as alike to two held-out entities
    return ranked[0][0]


def _slug(mention: Mention, held: dict[str, str], exact: bool = False) -> str:
    if not mention.new:
        return mention.slug
    return held_slug(mention.label, mention.text, held, exact) or mention.slug


def candidate_key(candidate: Candidate, held: dict[str, str], exact: bool = False) -> tuple:
    if isinstance(candidate.object, Mention):
        obj: object = _slug(candidate.object, held, exact)
    elif candidate.object is None:
        value = candidate.qualifiers.get("value")
        obj = parse_number(value) if value is not None else None
    else:
        obj = candidate.object
    subject = _slug(candidate.subject, held, exact)
    ends = tuple(sorted((subject, str(obj)))) if candidate.relation in SYMMETRIC else (subject, str(obj))
    return (candidate.relation, *ends)


def fact_key(fact: Fact) -> tuple:
    if fact.object is None:
        values = fact.qualifiers.get("value", [])
        obj: object = Decimal(str(values[0])) if values else None
    elif type(fact.object) is str:
        obj = fact.object
    else:
        obj = str(fact.object).rsplit("/", 1)[-1]
    ends = tuple(sorted((fact.subject, str(obj)))) if fact.relation.name in SYMMETRIC else (fact.subject, str(obj))
    return (fact.relation.name, *ends)


def fact_times(fact: Fact) -> set[str]:
    return {str(v) for key in TIME_KEYS for v in fact.qualifiers.get(key, [])}


def score_source(context: Context, settings: Settings, source_id: str, by_relation: dict[str, Score],
                 keep_entities: bool = False, exact_names: bool = False) -> Score:
    source = context.sources[source_id]
    text = source.read_text(source.folder(settings))
    curated = [f for f in context.facts if f.source == source_id]
    attach_evidence(curated, {source_id: text}, context.sources, Problems())
    reduced, held = held_out(context, source_id, keep_entities)
    started = time.perf_counter()
    proposal = propose(reduced, source, text)
    seconds = time.perf_counter() - started

    keys = [(c, candidate_key(c, held, exact_names), _times(c.times)) for c in proposal.candidates]
    found_in = _mentions_by_sentence(reduced, source, text, held, exact_names)
    spans = [text.find(c.quote) for c in proposal.candidates]
    score = Score(curated=len(curated), candidates=len(keys), words=proposal.words, seconds=seconds, documents=1,
                  dropped=proposal.dropped)
    used: set[str] = set()
    matched_candidates: set[str] = set()
    for fact in curated:
        key, times = fact_key(fact), fact_times(fact)
        matches = [c for c, k, t in keys if k == key and _compatible(t, times)]
        relation = by_relation.setdefault(fact.relation.name, Score())
        relation.curated += 1
        if matches:
            score.found += 1
            relation.found += 1
            matched_candidates.update(c.id for c in matches)
            free = [c for c in matches if c.id not in used]
            if free:
                used.add(free[0].id)
                score.found_one_to_one += 1
        passages = [(m.start, m.end) for m in fact.evidence]
        unnamed = not matches and not _named(fact, passages, found_in)
        score.unnamed += unnamed
        nearby = [k for (c, k, _), s in zip(keys, spans, strict=True)
                  if s is not None and any(s.start < b and a < s.end for a, b in passages)]
        score.covered += bool(nearby)
        if not matches:
            score.misses.append(Miss(source_id, fact.line, key, " / ".join(fact.quotes), unnamed, nearby))
    score.correct = len(matched_candidates)
    for candidate in proposal.candidates:
        relation = by_relation.setdefault(candidate.relation, Score())
        relation.candidates += 1
        relation.correct += candidate.id in matched_candidates
    return score


def _mentions_by_sentence(context: Context, source, text, held: dict[str, str],
                          exact_names: bool = False) -> list[tuple[int, int, set[str]]]:
    """Each sentence's span and the entities ``propose`` finds in it (the new ones as held-out slugs)."""
    sentences = split_sentences(text.original, text.first_line)
    matcher = EntityMatcher(context.entities, context.vocabulary, context.wikidata_labels)
    for sentence in sentences:
        for mention, acronym in matcher.discover(sentence.text, matcher.known(sentence.text)):
            if mention.new:
                matcher.add(mention, acronym)
            else:
                matcher.alias(mention.slug, mention.text)
    matcher.classify(text.original)
    return [(s.start, s.end, {_slug(m, held, exact_names) for m in matcher.known(s.text)}) for s in sentences]


def _named(fact: Fact, passages: list[tuple[int, int]], found_in) -> bool:
    """Whether the matcher finds every entity of the statement in the sentences of its quote."""
    names: set[str] = set()
    for start, end, slugs in found_in:
        if any(start < b and a < end for a, b in passages):
            names |= slugs
    needed = {fact.subject} | ({fact.object} if type(fact.object) is str else set())
    return needed <= names


def _table(rows: list[tuple[str, dict[str, object]]], columns: list[str]) -> str:
    head = "| " + " | ".join(["", *columns]) + " |"
    rule = "|" + "---|" * (len(columns) + 1)
    body = ["| " + " | ".join([name, *("" if row[c] is None else str(row[c]) for c in columns)]) + " |"
            for name, row in rows]
    return "\n".join([head, rule, *body])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", help="comma-separated source ids (default: all)")
    parser.add_argument("--out", type=Path, help="write extraction.md and extraction.json into this folder")
    parser.add_argument("--keep-entities", action="store_true",
                        help="take out the source's statements only, not the entities only it names")
    parser.add_argument("--misses", action="store_true",
                        help="also list each curated statement missed, its quote and the candidates its passage got")
    parser.add_argument("--exact-names", action="store_true",
                        help="a new entity is a held-out one only when one of its names is the same, not just alike")
    args = parser.parse_args(argv)
    settings = Settings.default()
    context = load_context(settings)
    chosen = args.sources.split(",") if args.sources else sorted(context.sources)
    total, by_relation, rows = Score(), {}, []
    for source_id in chosen:
        score = score_source(context, settings, source_id, by_relation, args.keep_entities, args.exact_names)
        print(f"[bench] {source_id}: {score.row()}", file=sys.stderr, flush=True)
        rows.append((source_id, score.row()))
        total.add(score)
    rows.append(("**total**", total.row()))
    columns = ["curated", "candidates", "recall", "recall_1to1", "precision", "passages_hit", "missed_unnamed",
               "per_1000_words", "seconds_per_doc"]
    relation_rows = [(name, {k: v for k, v in score.row().items()})
                     for name, score in sorted(by_relation.items(), key=lambda item: -item[1].curated)]
    relation_columns = ["curated", "candidates", "recall", "precision"]
    dropped = "\n".join(f"- {reason}: {count}" for reason, count in total.dropped.most_common())
    mode = "statements only" if args.keep_entities else "statements and the entities only it names"
    naming = "names exactly alike" if args.exact_names else "names alike"
    report = (f"## Extraction (leave one source out: {mode}; rules; new entities by {naming})\n\n"
              f"{_table(rows, columns)}\n\n"
              f"Recall, precision and shares in %; `recall_1to1` lets each candidate match one statement only; "
              f"`missed_unnamed`: of the statements missed, those with an entity not found in their quoted "
              f"sentence.\n\n"
              f"### Per relation\n\n{_table(relation_rows, relation_columns)}\n\n"
              f"### Dropped by the checks (all sources)\n\n{dropped}\n")
    print(report)
    if args.misses:
        print("### Missed statements, by relation\n")
        for miss in sorted(total.misses, key=lambda m: (m.statement[0], m.source, m.line)):
            print(miss.text())
    result = {"sources": dict(rows), "relations": dict(relation_rows), "dropped": dict(total.dropped)}
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        name = "extraction-kept-entities" if args.keep_entities else "extraction"
        name += "-exact-names" if args.exact_names else ""
        (args.out / f"{name}.md").write_text(report, encoding="utf-8")
        (args.out / f"{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
