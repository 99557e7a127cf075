"""The key facts at the top of an entity's page: its partnerships by level, its memberships, its stances, and who
leads it, each fact with the sources that state it (the statements below give the quotes).

Facts that several sources state alike are one line, with every source; facts the sources state differently
(China, 2010: a strategic partnership in one, a comprehensive strategic partnership in another) are a line each.

>>> from diplograph.web.resources import StatementView, Term, SourceInfo
>>> def claim(obj, level, year, source):
...     return StatementView("s" + source, "", "", [], Term("dgr:kh", "Cambodia", True),
...         Term(str(DG.strategicPartner), "strategic partner", True), Term(obj, obj.title(), True), year, source,
...         detail=level, years=(year, ""), since=year, source=SourceInfo(source, source.upper(), ""))
>>> claims = [claim("china", "comprehensive", "2010", "a"), claim("china", "comprehensive", "2010", "b"),
...           claim("japan", "strategic", "2013", "a")]
>>> facts = key_facts("dgr:kh", claims, [])
>>> for group in facts:
...     print(group.title, [(f.term.text, f.when, [s.id for s in f.sources]) for f in group.facts])
Strategic partnerships: comprehensive [('China', 'since 2010', ['a', 'b'])]
Strategic partnerships: strategic [('Japan', 'since 2013', ['a'])]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from diplograph.ontology.namespaces import DG

from . import values
from .resources import SourceInfo, StatementView, Term, source_info


@dataclass
class Fact:
    term: Term
    detail: str = ""
    when: str = ""
    sources: list[SourceInfo] = field(default_factory=list)
    statement: str = ""   # the first statement's slug: the fact links to it in the list below
    stances: list[tuple[str, str]] = field(default_factory=list)   # stances toward an initiative, with their time


@dataclass
class FactGroup:
    title: str
    facts: list[Fact]


def key_facts(page: str, statements: list[StatementView], leaders: Sequence[Mapping[str, str]],
              sources: list[dict[str, str]] | None = None) -> list[FactGroup]:
    """The page's key facts, from the statements naming it and the holders of its offices."""
    groups: dict[str, dict[tuple, Fact]] = {}

    def add(title: str, term: Term, detail: str, when: str, statement: StatementView) -> None:
        fact = groups.setdefault(title, {}).setdefault((term.value, detail, when), Fact(term, detail, when,
                                                                                        statement=statement.slug))
        if statement.source and statement.source not in fact.sources:
            fact.sources.append(statement.source)

    for statement in statements:
        predicate = statement.predicate.value
        since = f"since {statement.since}" if statement.since else statement.time
        if predicate == str(DG.strategicPartner):
            partner = statement.partners(page)[0]
            add(f"Strategic partnerships: {statement.detail or 'level not stated'}", partner, "", since, statement)
        elif predicate == str(DG.memberOf) and statement.subject.value == page and statement.object:
            add("Member of", statement.object, "", since, statement)
        elif predicate == str(DG.stanceToward) and statement.subject.value == page and statement.object:
            # one line per initiative, its stances one after another: "support since 2013; bandwagon at writing"
            fact = groups.setdefault("Stances toward initiatives", {}).setdefault(
                (statement.object.value,), Fact(statement.object, statement=statement.slug))
            stance = (statement.detail or "stance", since)
            if stance not in fact.stances:
                fact.stances.append(stance)
            if statement.source and statement.source not in fact.sources:
                fact.sources.append(statement.source)
    ordered = [FactGroup(title, sorted(facts.values(), key=lambda fact: (fact.term.text, fact.when)))
               for title, facts in sorted(groups.items(), key=lambda item: _rank(item[0]))]
    if leaders:
        ordered.append(FactGroup("Leaders, the latest the sources name", current_leaders(leaders, sources or [])))
    return ordered


def what_it_is(page: str, kind: str, statements: list[StatementView], sources: int, years: tuple[str, str]) -> str:
    """A line saying what a resource is, for a page whose resource has no description of its own.

    >>> what_it_is("kh", "state", [], 5, ("1958", "2027"))
    'A state, named in 0 statements from 5 sources, covering 1958 to 2027.'
    """
    places = sorted({statement.object.text for statement in statements if statement.object
                     and statement.subject.value == page and statement.predicate.value == str(DG.locatedIn)})
    where = f" in {' and '.join(places)}" if places else ""
    span = f", covering {years[0]} to {years[1]}" if years[0] and years[1] and years[0] != years[1] else \
        (f", of {years[0]}" if years[0] else "")
    article = "An" if kind[:1].lower() in "aeiou" else "A"
    count = len(statements)
    return (f"{article} {kind}{where}, named in {count} statement{'s' if count != 1 else ''} "
            f"from {sources} source{'s' if sources != 1 else ''}{span}.")


def _rank(title: str) -> tuple[int, str]:
    order = ("Strategic partnerships", "Member of", "Stances")
    return next((i for i, prefix in enumerate(order) if title.startswith(prefix)), len(order)), title


def current_leaders(rows: Sequence[Mapping[str, str]], sources: list[dict[str, str]]) -> list[Fact]:
    """For each office, its holder in the latest claim with no end (by start, point in time, report date).

    >>> rows = [{"office": "pm", "office_label": "Prime Minister", "holder": "a", "holder_label": "A",
    ...          "start": "1985", "end": "2023-08-22", "source_id": "s", "statement": "x/1"},
    ...         {"office": "pm", "office_label": "Prime Minister", "holder": "b", "holder_label": "B",
    ...          "start": "2023-08-22", "source_id": "s", "statement": "x/2"}]
    >>> [(f.detail, f.term.text, f.when) for f in current_leaders(rows, [])]
    [('Prime Minister', 'B', 'since 22 August 2023')]
    """
    latest: dict[str, Mapping[str, str]] = {}
    for row in rows:
        if row.get("end"):
            continue
        key = row.get("start") or row.get("time") or row.get("reported") or ""
        held = latest.get(row["office"])
        if held is None or key > (held.get("start") or held.get("time") or held.get("reported") or ""):
            latest[row["office"]] = row
    facts = []
    for row in sorted(latest.values(), key=lambda row: row.get("office_label", "")):
        when = (f"since {values.date(row['start'])}" if row.get("start")
                else f"as of {values.date(row.get('time') or row.get('reported', ''))}")
        facts.append(Fact(Term(row["holder"], row.get("holder_label", ""), True), row.get("office_label", ""), when,
                          [source_info(row["source_id"], sources)], row["statement"].rsplit("/", 1)[-1]))
    return facts
