"""The evidence behind statements: the source and the verbatim quote of each, by statement IRI.

The query is ``internal/evidence.rq``; the API adds its answers to a result's rows,
the views put them on the network's edges, and the web app shows them on pages.

>>> "?statement" in EVIDENCE_QUERY and "oa:exact" in EVIDENCE_QUERY
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from diplograph.sparql import queryfiles

EVIDENCE_QUERY = queryfiles.read("diplograph.queries", "evidence", subfolder="internal")


def evidence_by_statement(rows: Iterable[Mapping[str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    """(source id, line, quote) for each statement IRI, from EVIDENCE_QUERY's rows as plain values.

    >>> evidence_by_statement([{"statement": "s1", "source": "yen-2024", "line": "12", "quote": "..."}])
    {'s1': [('yen-2024', '12', '...')]}
    """
    found: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows:
        found.setdefault(row["statement"], []).append((row["source"], row.get("line", ""), row["quote"]))
    return found
