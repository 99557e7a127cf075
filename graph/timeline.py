"""When each claim holds, derived from what its text says (valid time) and when its source was written (reported time).

Every fact says what its text says about time (``valid:`` in the facts file):

* ``dated``: the text gives a point (``time``) or an interval (``start``, ``end``);
* ``at-writing``: the text speaks in the present with no date, so the claim holds at the source's date;
* ``timeless``: an identity, with no time.

From that and the source's date the build derives the span in which the evidence shows the claim holding
(``dg:holdsFrom`` .. ``dg:holdsUntil``). Nothing is stretched past what the text knows: a point holds at its
time, a start with no end up to the source's date, a claim current at writing at the source's date. The one
exception is a relation that holds one value at a time (an office has one holder, two actors one partnership
level, a project one status): its value holds from its first known time until a later statement gives another
value. That later statement ends it (``dg:supersededAt``, ``dg:supersededBy``), unless the text gives an end.
Two statements that give different values for the same time are a disagreement, not a succession: neither
ends the other.

>>> later(parse_time("2024-05"), parse_time("2023")), later(parse_time("2024"), parse_time("2024-05"))
(True, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from .entities import Entity
from .facts import Fact
from .sources import Source
from .timeparse import parse_time


@dataclass
class ValidTime:
    """The derived time of one statement."""

    reported: Literal | None  # the date of the source that states it
    holds_from: Literal | None = None  # None: timeless
    holds_until: Literal | None = None  # None: timeless, or open until superseded
    superseded_at: Literal | None = None
    superseded_by: URIRef | None = None


def parts(value: Literal) -> tuple[int, ...]:
    """The numbers of a year, year-month or date: (2024,), (2024, 5), (2024, 5, 16).

    >>> parts(parse_time("2024-05-16")), parts(parse_time("2017"))
    ((2024, 5, 16), (2017,))
    """
    return tuple(int(piece) for piece in str(value).split("-"))


def later(a: Literal, b: Literal) -> bool:
    """Whether ``a`` is surely after ``b``: compared at the precision both have (2024 is not after 2024-05)."""
    width = min(len(parts(a)), len(parts(b)))
    return parts(a)[:width] > parts(b)[:width]


def valid_times(facts: Iterable[Fact], sources: dict[str, Source],
                entities: dict[str, Entity]) -> dict[URIRef, ValidTime]:
    """The derived time of every statement, keyed by its IRI."""
    facts = list(facts)
    reported = {source.id: parse_time(source.date) for source in sources.values()}
    times = {fact.iri: _span(fact, reported.get(fact.source), _holds_one_value(fact, entities)) for fact in facts}
    for group in _one_value_groups(facts, entities).values():
        _supersede(group, times)
    return times


def _holds_one_value(fact: Fact, entities: dict[str, Entity]) -> bool:
    """Whether the statement's relation holds one value at a time here (an office several hold at once does not)."""
    if fact.relation.one_value is None:
        return False
    office = entities.get(str(fact.object)) if fact.relation.one_value == "object" else None
    return not (office is not None and office.several_holders)


def _span(fact: Fact, reported: Literal | None, one_value: bool) -> ValidTime:
    result = ValidTime(reported)
    if fact.validity == "timeless":
        return result
    point, start, end = fact.time("time"), fact.time("start"), fact.time("end")
    if fact.validity == "at-writing":
        result.holds_from = start or reported
        result.holds_until = None if one_value else reported
        return result
    result.holds_from = start or point or _before(reported, end)
    if end is not None:
        result.holds_until = end
    elif one_value:
        result.holds_until = None  # holds until a later statement gives another value
    elif point is not None:
        result.holds_until = point
    elif start is not None:  # a start and no end: known to hold up to the source's date
        result.holds_until = reported if reported is not None and not later(start, reported) else start
    return result


def _before(reported: Literal | None, end: Literal | None) -> Literal | None:
    """The start of a claim that gives only an end (a deadline): the source's date, or the end if that is earlier."""
    if reported is None or end is None:
        return end
    return end if later(reported, end) else reported


def _one_value_groups(facts: list[Fact], entities: dict[str, Entity]) -> dict[tuple, list[Fact]]:
    """The statements of relations that hold one value at a time, grouped by what holds one value."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in facts:
        mode = fact.relation.one_value
        if not _holds_one_value(fact, entities) or fact.validity == "timeless" or fact.object is None:
            continue
        if mode == "object":
            key: tuple = (fact.relation.name, str(fact.object))
        elif mode == "subject":
            key = (fact.relation.name, fact.subject)
        else:
            key = (fact.relation.name, frozenset((fact.subject, str(fact.object))))
        groups[key].append(fact)
    return groups


def _value(fact: Fact) -> tuple:
    """What holds one at a time: the holder of an office, the status of a project, the level of a partnership."""
    mode = fact.relation.one_value
    if mode == "object":
        return (fact.subject,)
    if mode == "subject":
        return (str(fact.object),)
    return tuple(sorted(str(level) for level in fact.qualifiers.get("level", [])))


def _supersede(group: list[Fact], times: dict[URIRef, ValidTime]) -> None:
    """A later statement with another value ends each earlier one that has no end in its text.

    Of the later statements with another value, the first (by its start, then its IRI) ends it. A growing corpus
    makes claim after claim about the same pair, so each statement is not compared with every other (minutes for
    a thousand claims about one pair): the statements of each value are sorted by (start, IRI) once, and the
    first later one of each other value is found by bisection. "Later" is upward closed in that order (a start
    after one that is later is later too), so the first that is later is the first of the statements later.
    """
    by_value: dict[tuple, list[tuple[tuple[int, ...], str, Fact]]] = defaultdict(list)
    for other in group:
        start = times[other.iri].holds_from
        if start is not None:
            by_value[_value(other)].append((parts(start), str(other.iri), other))
    for items in by_value.values():
        items.sort(key=lambda item: item[:2])
    for fact in group:
        mine = times[fact.iri]
        if fact.time("end") is not None or mine.holds_from is None:
            continue
        value, since = _value(fact), parts(mine.holds_from)
        found = [items[index] for other_value, items in by_value.items() if other_value != value
                 for index in [_first_later(items, since)] if index < len(items)]
        if not found:
            continue
        first = min(found, key=lambda item: item[:2])[2]
        mine.superseded_at = times[first.iri].holds_from
        mine.superseded_by = first.iri


def _first_later(items: list[tuple[tuple[int, ...], str, Fact]], since: tuple[int, ...]) -> int:
    """The index of the first item whose start is surely after ``since`` (``later``), or ``len(items)``.

    >>> _first_later([((2023,), "a", None), ((2024,), "b", None), ((2024, 6), "c", None)], (2024, 5))
    2
    """
    low, high = 0, len(items)
    while low < high:
        middle = (low + high) // 2
        start = items[middle][0]
        width = min(len(start), len(since))
        if start[:width] > since[:width]:
            high = middle
        else:
            low = middle + 1
    return low
