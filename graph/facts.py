"""Reading curated facts files into checked facts.

A facts file holds the claims of one source document (see ``graph/CURATION.md``).
Every problem found is reported with file, line and field, and all of a file's
problems are reported at once.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from diplograph.ontology.namespaces import STATEMENT

from .entities import Entity
from .errors import Problems
from .evidence import MAX_QUOTE_LENGTH, QuoteMatch, SourceText
from .quantities import parse_number
from .settings import display_path
from .sources import Source
from .timeparse import parse_time
from .vocabulary import Qualifier, Relation, Vocabulary
from .yamlfile import LocatedDict, LocatedList, load_file

CORE_KEYS = ("s", "p", "o", "quote")
REVIEW_KEY = "review"  # marks an entry `diplograph propose` wrote and no person has accepted yet
# Who accepted an entry and when (`diplograph review` writes them; a person may too): kept as provenance of the
# statement, not as qualifiers of the claim, so they never change a statement's IRI.
REVIEWED_BY, REVIEWED_ON = "reviewed_by", "reviewed_on"
REVIEWED_KEYS = (REVIEWED_BY, REVIEWED_ON)
MAX_PASSAGES = 3
TIME_KEYS = ("time", "start", "end")
VALID_TIMES = ("dated", "at-writing", "timeless")
# the digest that names a statement leaves out what qualifies the claim without changing it
_NOT_IN_DIGEST = ("note", "valid")


@dataclass
class Fact:
    """One checked claim of one source: a future statement node."""

    source: str
    file: str
    line: int
    subject: str
    relation: Relation
    object: str | URIRef | None  # entity slug, concept IRI, or None for quantities
    qualifiers: dict[str, list] = field(default_factory=dict)  # key -> rdflib terms or entity slugs
    quotes: list[str] = field(default_factory=list)
    quote_line: int = 0
    also_at: list[int] = field(default_factory=list)  # lines of the same claim made again in the file
    evidence: list[QuoteMatch] = field(default_factory=list)
    reviewed_by: str | None = None  # the person who accepted the entry
    reviewed_on: str | None = None  # the day they accepted it, YYYY-MM-DD

    @property
    def validity(self) -> str:
        """``dated``, ``at-writing`` or ``timeless``: what the text says about when the claim holds."""
        values = self.qualifiers.get("valid") or [""]
        return str(values[0]).rsplit("/", 1)[-1]

    def time(self, key: str) -> Literal | None:
        """The ``time``, ``start`` or ``end`` of the claim, when the curator gave it."""
        values = self.qualifiers.get(key)
        return values[0] if values else None

    @property
    def iri(self) -> URIRef:
        """A stable IRI: the same claim from the same source always gets the same one."""
        return STATEMENT[f"{self.source}-{self.key_digest()}"]

    def key_digest(self) -> str:
        parts = [self.source, self.subject, self.relation.name, str(self.object)]
        for key in sorted(self.qualifiers):
            if key not in _NOT_IN_DIGEST:
                parts.append(f"{key}={'|'.join(sorted(str(v) for v in self.qualifiers[key]))}")
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


class FactsReader:
    """Checks facts files against the vocabulary, the entities and the source texts."""

    def __init__(self, vocabulary: Vocabulary, entities: dict[str, Entity], sources: dict[str, Source]):
        self.vocabulary = vocabulary
        self.entities = entities
        self.sources = sources
        self.allowed_keys = set(CORE_KEYS) | set(vocabulary.qualifiers) | set(REVIEWED_KEYS)

    def read(self, path: Path, problems: Problems) -> list[Fact]:
        """All facts of one file; problems go to `problems`."""
        name = display_path(path)
        doc = load_file(path, name)
        if not isinstance(doc, LocatedDict) or "facts" not in doc or "source" not in doc:
            problems.add(name, getattr(doc, "line", 1), None, "a facts file is a mapping with `source:` and `facts:`")
            return []
        source_id = doc["source"]
        if source_id not in self.sources:
            problems.add(name, doc.line_of("source"), "source",
                         f"unknown source {source_id!r}{self._hint(source_id, self.sources)}")
            return []
        if path.stem != source_id:
            problems.add(name, doc.line_of("source"), "source",
                         f"the file of source {source_id!r} must be named {source_id}.yaml")
        items = doc["facts"]
        if not isinstance(items, LocatedList):
            problems.add(name, doc.line_of("facts"), "facts", "`facts:` is a list")
            return []
        facts: list[Fact] = []
        for index, item in enumerate(items):
            facts.extend(self._read_fact(item, items.line_of(index), source_id, name, problems))
        return merge_repeated_claims(facts)

    def read_entry(self, item: LocatedDict, line: int, source_id: str, name: str, problems: Problems) -> list[Fact]:
        """The facts of one entry of a facts file (one per object), checked as the build checks them."""
        return self._read_fact(item, line, source_id, name, problems)

    # -- one fact ---------------------------------------------------------------------------

    def _read_fact(self, item, line: int, source_id: str, name: str, problems: Problems) -> list[Fact]:
        if not isinstance(item, LocatedDict):
            problems.add(name, line, None, "a fact is a mapping with `s`, `p`, `quote` and qualifiers")
            return []
        before = len(problems.items)
        if REVIEW_KEY in item:
            problems.add(name, item.line_of(REVIEW_KEY), REVIEW_KEY,
                         f"a proposed entry ({REVIEW_KEY}: {item[REVIEW_KEY]}) is not a curated fact: check it against "
                         f"its source, then delete the `{REVIEW_KEY}` line to accept it")
        for key in item:
            if key == REVIEW_KEY:
                continue
            if key not in self.allowed_keys:
                problems.add(name, item.line_of(key), str(key), f"unknown key{self._hint(key, self.allowed_keys)}")
        relation = self._relation(item, name, problems)
        subject = self._entity_ref(item, "s", name, problems, required_class=relation.domain if relation else None)
        qualifiers = self._qualifiers(item, name, problems)
        quotes = self._quotes(item, name, problems)
        objects = self._objects(item, relation, name, problems) if relation else []
        reviewed_by, reviewed_on = self._review(item, name, problems)
        if relation and relation.value_kind == "quantity":
            for key in ("measure", "value", "unit"):
                if key not in item:
                    problems.add(name, item.line, key, f"a `{relation.name}` fact needs `{key}`")
        self._check_valid_time(item, name, problems)
        if relation is not None:
            self._check_amount_for(item, relation, name, problems)
        if len(problems.items) > before or relation is None:  # no relation means a problem was recorded
            return []
        return [
            Fact(source_id, name, item.line, subject, relation, obj, qualifiers, quotes,
                 quote_line=item.line_of("quote"), reviewed_by=reviewed_by, reviewed_on=reviewed_on)
            for obj in objects
        ]

    @staticmethod
    def _check_valid_time(item: LocatedDict, name: str, problems: Problems) -> None:
        """`valid:` says what the text says about when the claim holds, and agrees with the time keys."""
        valid = item.get("valid")
        times = [key for key in TIME_KEYS if key in item]
        if valid is None:
            problems.add(name, item.line, "valid",
                         "every fact says when it holds: `valid: dated` (with `time`, or `start`/`end`), "
                         "`valid: at-writing` (the text speaks in the present with no date: it holds at the "
                         "source's date) or `valid: timeless` (an identity)")
        elif valid not in VALID_TIMES:
            return  # the concept check names the allowed values
        elif valid == "dated" and not times:
            problems.add(name, item.line_of("valid"), "valid",
                         "a dated fact gives its time: `time`, or `start` and/or `end`, at the text's precision")
        elif valid == "timeless" and times:
            problems.add(name, item.line_of(times[0]), times[0],
                         "a timeless fact has no time; use `valid: dated` if the text dates it")
        elif valid == "at-writing" and ("time" in item or "end" in item):
            key = "time" if "time" in item else "end"
            problems.add(name, item.line_of(key), key,
                         "a fact current at writing takes its time from the source's date: give at most `start` "
                         "(since when), or use `valid: dated` if the text gives the time")

    @staticmethod
    def _check_amount_for(item: LocatedDict, relation: Relation, name: str, problems: Problems) -> None:
        """An amount given for several things together names them all (`amount_for`), so it is counted once."""
        objects = item.get("o")
        objects = [str(o) for o in objects] if isinstance(objects, list) else [str(objects)]
        covered = item.get("amount_for")
        if covered is None:
            if "amount" in item and len(objects) > 1:
                problems.add(name, item.line_of("amount"), "amount",
                             "an amount on a fact with several objects: if it is one amount for them together, "
                             "list them in `amount_for` (it is then counted once); for an amount each, write one "
                             "fact per object")
            return
        covered = [str(c) for c in covered] if isinstance(covered, list) else [str(covered)]
        if "amount" not in item or relation.value_kind != "entity":
            problems.add(name, item.line_of("amount_for"), "amount_for",
                         "`amount_for` lists what an `amount` is for together; this fact has no amount")
        elif len(covered) < 2:
            problems.add(name, item.line_of("amount_for"), "amount_for",
                         "`amount_for` lists at least two things; an amount for one thing needs no `amount_for`")
        else:
            missing = [o for o in objects if o not in covered]
            if missing:
                problems.add(name, item.line_of("amount_for"), "amount_for",
                             f"the fact's object {', '.join(missing)} is not among the things the amount is for")

    def _relation(self, item: LocatedDict, name: str, problems: Problems) -> Relation | None:
        value = item.get("p")
        if value is None:
            problems.add(name, item.line, "p", "every fact needs a relation `p`")
            return None
        relation = self.vocabulary.relations.get(str(value))
        if relation is None:
            problems.add(name, item.line_of("p"), "p",
                         f"unknown relation {value!r}{self._hint(value, self.vocabulary.relations)}")
        return relation

    def _entity_ref(self, item, key: str, name: str, problems: Problems, required_class: str | None) -> str:
        value = item.get(key)
        if value is None:
            problems.add(name, item.line, key, f"`{key}` is required")
            return ""
        return self._check_entity(str(value), item.line_of(key), key, name, problems, required_class)

    def _check_entity(self, slug: str, line: int, key: str, name: str, problems: Problems,
                      required_class: str | None) -> str:
        entity = self.entities.get(slug)
        if entity is None:
            problems.add(name, line, key, f"unknown entity {slug!r}{self._hint(slug, self.entities)}")
        elif (required_class and required_class in self.vocabulary.classes
              and not self.vocabulary.is_a(entity.type, required_class)):
            article = "an" if required_class[0] in "AEIOU" else "a"
            problems.add(name, line, key, f"{slug!r} is a {entity.type}; here {article} {required_class} is needed")
        return slug

    def _objects(self, item: LocatedDict, relation: Relation, name: str, problems: Problems) -> list:
        value = item.get("o")
        line = item.line_of("o")
        if relation.value_kind == "quantity":
            if value is not None:
                problems.add(name, line, "o",
                             f"a `{relation.name}` fact has no object: use `value`, `measure` and `unit`")
            return [None]
        if value is None:
            problems.add(name, item.line, "o", f"a `{relation.name}` fact needs an object `o`")
            return []
        values = list(value) if isinstance(value, list) else [value]
        if relation.value_kind == "concept":
            return [self._concept(str(v), relation.scheme or "", line, "o", name, problems) for v in values]
        return [self._check_entity(str(v), line, "o", name, problems, relation.range) for v in values]

    def _concept(self, slug: str, scheme: str, line: int, key: str, name: str, problems: Problems) -> URIRef | None:
        concepts = self.vocabulary.concepts.get(scheme, {})
        if slug not in concepts:
            problems.add(name, line, key,
                         f"{slug!r} is not a concept of the {scheme} scheme{self._hint(slug, concepts)}")
            return None
        return concepts[slug]

    def _qualifiers(self, item: LocatedDict, name: str, problems: Problems) -> dict[str, list]:
        qualifiers: dict[str, list] = {}
        for key, value in item.items():
            qualifier = self.vocabulary.qualifiers.get(key)
            if qualifier is None:
                continue
            values = list(value) if isinstance(value, list) else [value]
            if len(values) > 1 and qualifier.kind != "entity":
                problems.add(name, item.line_of(key), key, "takes a single value")
                continue
            parsed = [self._qualifier_value(qualifier, v, item.line_of(key), name, problems) for v in values]
            qualifiers[key] = [p for p in parsed if p is not None]
        return qualifiers

    def _qualifier_value(self, qualifier: Qualifier, value, line: int, name: str, problems: Problems):
        key = qualifier.key
        if qualifier.kind == "time":
            literal = parse_time(value)
            if literal is None:
                problems.add(name, line, key, f"{value!r} is not a time: write YYYY, YYYY-MM or YYYY-MM-DD")
            return literal
        if qualifier.kind == "decimal":
            number = parse_number(value)
            if number is None:
                problems.add(name, line, key, f"{value!r} is not a number (1.3 billion, 8,300 and 4.5 are)")
                return None
            return Literal(number, datatype=XSD.decimal)
        if qualifier.kind == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                problems.add(name, line, key, f"{value!r} is not a whole number")
                return None
            return Literal(value, datatype=XSD.integer)
        if qualifier.kind == "string":
            if not isinstance(value, str) or not value.strip():
                problems.add(name, line, key, "a note is a non-empty string")
                return None
            return Literal(value.strip())
        if qualifier.kind == "concept":
            return self._concept(str(value), qualifier.scheme or "", line, key, name, problems)
        return self._check_entity(str(value), line, key, name, problems, qualifier.range)

    @staticmethod
    def _review(item: LocatedDict, name: str, problems: Problems) -> tuple[str | None, str | None]:
        """``reviewed_by`` (a name) and ``reviewed_on`` (a day, YYYY-MM-DD), each optional."""
        by, on = item.get(REVIEWED_BY), item.get(REVIEWED_ON)
        if by is not None and (not isinstance(by, str) or not by.strip()):
            problems.add(name, item.line_of(REVIEWED_BY), REVIEWED_BY, "the name of the person who accepted the entry")
            by = None
        if on is not None:
            day = str(on)  # YAML reads an unquoted 2026-12-03 as a date
            literal = parse_time(day)
            if literal is None or literal.datatype != XSD.date:
                problems.add(name, item.line_of(REVIEWED_ON), REVIEWED_ON,
                             f"{on!r} is not a day: write YYYY-MM-DD")
                on = None
            else:
                on = day
        return (by.strip() if isinstance(by, str) else None), on

    def _quotes(self, item: LocatedDict, name: str, problems: Problems) -> list[str]:
        value = item.get("quote")
        line = item.line_of("quote")
        if value is None:
            problems.add(name, item.line, "quote", "every fact needs a verbatim quote from its source")
            return []
        passages = list(value) if isinstance(value, list) else [value]
        if not passages or len(passages) > MAX_PASSAGES or not all(isinstance(p, str) and p.strip() for p in passages):
            problems.add(name, line, "quote", f"a quote is a string, or a list of 1 to {MAX_PASSAGES} strings")
            return []
        for passage in passages:
            if len(passage) >= MAX_QUOTE_LENGTH:
                problems.add(name, line, "quote", f"{len(passage)} characters; a quote stays under {MAX_QUOTE_LENGTH}")
        return passages

    @staticmethod
    def _hint(value, choices) -> str:
        close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=3, cutoff=0.6)
        return f" (did you mean {', '.join(close)}?)" if close else ""


def attach_evidence(facts: list[Fact], texts: dict[str, SourceText], sources: dict[str, Source],
                    problems: Problems) -> None:
    """Find every quote in its source text and record where; a quote not found is a problem."""
    for fact in facts:
        fact.evidence = []
        for passage in fact.quotes:
            match = texts[fact.source].find(passage)
            if match is None:
                problems.add(fact.file, fact.quote_line, "quote",
                             f"not found verbatim in {sources[fact.source].file}: {_shorten(passage)!r}")
            else:
                fact.evidence.append(match)


def merge_repeated_claims(facts: list[Fact]) -> list[Fact]:
    """One statement per claim per source: a claim the source makes twice keeps both passages.

    Facts that differ only in their quote or note are the same claim; the first
    keeps its place and gains the other's passages and note.
    """
    merged: dict[URIRef, Fact] = {}
    for fact in facts:
        first = merged.setdefault(fact.iri, fact)
        if first is fact:
            continue
        first.quotes.extend(q for q in fact.quotes if q not in first.quotes)
        first.also_at.append(fact.line)
        first.reviewed_by = first.reviewed_by or fact.reviewed_by
        first.reviewed_on = first.reviewed_on or fact.reviewed_on
        notes = first.qualifiers.get("note", []) + [n for n in fact.qualifiers.get("note", [])
                                                    if n not in first.qualifiers.get("note", [])]
        if notes:
            first.qualifiers["note"] = [Literal("; ".join(str(n) for n in notes))]
    return list(merged.values())


def _shorten(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
