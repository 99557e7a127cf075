"""Timelines: an entity's dated statements, or those between two entities, on a time axis, grouped by relation.

A statement is dated when its text gives it a time: a point (``dg:pointInTime``), a start, or an end, as in the
``relations-timeline`` named question. A claim current at writing and an undated or timeless one are left out
(they have no place on an axis), and counted, so a page can say how many. Each item keeps its statement's
sources and quotes, so the page opens its evidence without another request.

>>> from diplograph.viz.projection import network_from_rows
>>> net = network_from_rows([
...     {"statement": "s1", "subject": "a", "target": "b", "predicate": "dg#strategicPartner", "source": "x",
...      "start": "2013", "holds_from": "2013"},
...     {"statement": "s2", "subject": "b", "target": "a", "predicate": "dg#visited", "source": "y",
...      "time": "2023-12-16"},
...     {"statement": "s3", "subject": "a", "target": "b", "predicate": "dg#cooperatesWith", "source": "y"}],
...     [{"entity": "a", "label": "A"}, {"entity": "b", "label": "B"}])
>>> found = timeline(net, "a")
>>> [(item["statement"], item["start"], item["group"]) for item in found.items]
[('s1', '2013', 'strategicPartner'), ('s2', '2023-12-16', 'visited')]
>>> found.undated, found.partners
(1, [('b', 'B', 2)])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from .projection import label_of, resolve


def dates(data: Mapping) -> tuple[str, str | None] | None:
    """Where a statement goes on the axis: (start, end), end None for a point; None when the text gives no time.
    An interval with no start is drawn at its end.

    >>> dates({"point": "2019-01-19"}), dates({"start_date": "2013", "end_date": "2017"}), dates({"end_date": "2030"})
    (('2019-01-19', None), ('2013', '2017'), ('2030', None))
    >>> dates({"time": "at writing (2019-01-19)"}) is None
    True
    """
    if data.get("point"):
        return str(data["point"]), None
    if data.get("start_date"):
        return str(data["start_date"]), (str(data["end_date"]) if data.get("end_date") else None)
    if data.get("end_date"):
        return str(data["end_date"]), None
    return None


@dataclass
class Timeline:
    """The dated statements of an entity (with ``other``: those between the two), and what was left out."""

    entity: str
    other: str | None
    items: list[dict] = field(default_factory=list)
    undated: int = 0                                         # statements with no time of their own, left out
    partners: list[tuple[str, str, int]] = field(default_factory=list)  # (iri, label, dated statements with it)

    @property
    def groups(self) -> list[str]:
        """The relations on the timeline, the most frequent first."""
        counted = Counter(item["group"] for item in self.items)
        return [group for group, _ in sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))]


def timeline(network: nx.MultiDiGraph, entity: str, other: str | None = None) -> Timeline:
    """The timeline of ``entity`` (a slug, label or IRI), or of it and ``other``: their dated statements, in
    either direction, sorted by date as written, then by relation."""
    centre = resolve(network, entity)
    partner = resolve(network, other) if other else None
    found = Timeline(centre, partner)
    partners: Counter[str] = Counter()
    # a dict: a self-loop is both an out- and an in-edge, and counts once
    edges = {(u, v, key): data for u, v, key, data in [*network.out_edges(centre, keys=True, data=True),
                                                       *network.in_edges(centre, keys=True, data=True)]}
    for (u, v, key), data in edges.items():
        near = v if u == centre else u
        when = dates(data)
        if when is None:
            if partner is None or near == partner:
                found.undated += 1
            continue
        partners[near] += 1
        if partner is not None and near != partner:
            continue
        start, end = when
        found.items.append({
            "statement": key, "from": u, "to": v, "group": str(data.get("relation_label") or data.get("relation")),
            "start": start, "end": end, "time": data.get("time", ""),
            "text": f"{label_of(network, u)} — {data.get('relation_label', '')} → {label_of(network, v)}",
            "detail": " · ".join(part for part in (data.get("level"), data.get("stance")) if part),
            "label": data.get("label", ""), "sources": list(data.get("sources", [])),
            "quotes": [list(pair) for pair in data.get("quotes", [])]})
    found.items.sort(key=lambda item: (item["start"], item["group"], item["statement"]))
    found.partners = sorted(((iri, label_of(network, iri), count) for iri, count in partners.items() if iri != centre),
                            key=lambda partner: (-partner[2], partner[1]))
    return found
