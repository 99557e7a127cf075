"""Time expressions in a sentence, at the precision the text gives, resolved against the document's date.

"Last year" in a document of 2019 is 2018, whenever it is read; a month without a
year is in the document's year.

>>> [(t.value, t.key) for t in find_times("Since 2010, the two sides met on 16 May 2024.", "2024-08-28")]
[('2010', 'start'), ('2024-05-16', 'time')]
>>> [t.value for t in find_times("Last year trade grew, and in early February it fell.", "2023")]
['2022', '2023-02']
>>> [(t.value, t.key) for t in find_times("a target of 10,000 km by 2030", "2019-01-19")]
[('2030', 'end')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    ("day-month-year", re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b", re.I)),
    ("month-day-year", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I)),
    ("month-year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("relative-year", re.compile(r"\b(?P<rel>last|this|next|past|previous|coming)\s+year\b", re.I)),
    ("relative-month", re.compile(r"\b(?P<rel>last|this|next|past|previous|coming)\s+(?:month|week)\b", re.I)),
    ("today", re.compile(r"\btoday\b", re.I)),
    ("month", re.compile(rf"\b(?:in|early|late|mid|mid-|since|by|until)\s+(?:early\s+|late\s+|mid-?)?{_MONTH}"
                         r"(?!\s+\d)\b", re.I)),
    ("year", re.compile(rf"(?<![\d,.$])\b{_YEAR}\b(?!\d|,\d|\s*(?:km|mw|percent|%))", re.I)),
]
_START = re.compile(r"\b(since|from|starting|began|beginning|as of)\s+(?:(?:early|late|mid|the|in|of)\s+)*$", re.I)
_END = re.compile(r"\b(by|until|till|through|before|deadline)\s+(?:(?:early|late|mid|the|end|of)\s+)*$", re.I)
_RELATIVE = {"last": -1, "past": -1, "previous": -1, "this": 0, "coming": 1, "next": 1}


@dataclass(frozen=True)
class TimeMention:
    """A time in the text: ``value`` is YYYY, YYYY-MM or YYYY-MM-DD; ``key`` is time, start or end."""

    value: str
    key: str
    start: int  # character offsets in the sentence
    end: int


def find_times(sentence: str, document_date: str | None) -> list[TimeMention]:
    """Every time expression of the sentence, left to right, none inside another."""
    year = document_date[:4] if document_date else None
    date = str(document_date) if document_date else None
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            value = _value(kind, match, year) if kind not in _DEICTIC else _deictic(kind, match, date)
            if value is None:
                continue
            before = sentence[max(0, match.start() - 30):match.start()]
            key = "start" if _START.search(before) else "end" if _END.search(before) else "time"
            found.append(TimeMention(value, key, match.start(), match.end()))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda t: t.start)


_DEICTIC = {"relative-month", "today"}


def _deictic(kind: str, match: re.Match, document_date: str | None) -> str | None:
    """"Today" is the document's date; "this week" and "last month" its month, or the month before; each only at
    the precision the document's date has ("this week" in a document dated 2018 is no time).

    >>> [t.value for t in find_times("Today they met; last month they spoke; this week they signed.", "2018-01-18")]
    ['2018-01-18', '2017-12', '2018-01']
    >>> find_times("They met today.", "2018")
    []
    """
    if kind == "today":
        return document_date if document_date and len(document_date) == 10 else None
    if not document_date or len(document_date) < 7:
        return None
    rel = match.group("rel").lower()
    if "week" in match.group(0).lower() and rel != "this":
        return None  # last week may be last month
    months = int(document_date[:4]) * 12 + int(document_date[5:7]) - 1 + _RELATIVE[rel]
    return f"{months // 12}-{months % 12 + 1:02d}"


def _value(kind: str, match: re.Match, document_year: str | None) -> str | None:
    groups = match.groupdict()
    month = MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    if kind == "relative-year":
        return str(int(document_year) + _RELATIVE[groups["rel"].lower()]) if document_year else None
    if kind == "month":
        return f"{document_year}-{month:02d}" if document_year and month else None
    if kind == "year":
        return groups["year"]
    if kind == "month-year":
        return f"{groups['year']}-{month:02d}" if month else None
    day = int(groups["day"])
    if not month or not 1 <= day <= 31:
        return None
    return f"{groups['year']}-{month:02d}-{day:02d}"
