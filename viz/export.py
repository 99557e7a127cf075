"""The network in the exchange formats of network tools: GraphML, GEXF (Gephi) and node-link JSON.

GraphML and GEXF take only scalar attribute values, so lists, tuples and None are flattened to strings
first (:func:`flat`): a list of sources becomes ``"a; b"``, a list of (source, quote) pairs
``"a: quote | b: quote"``, None the empty string; and an attribute whose values mix numbers and strings
becomes a string throughout, so each attribute keeps one declared type. GEXF reads an edge's ``start`` and
``end`` as its time interval: they are written as integers when known and left out otherwise (a timeless
edge then holds at every time, as in ``as_of``). JSON keeps the values as they are.

>>> import diplograph
>>> from diplograph.viz.projection import project
>>> write(project(diplograph.open()), "network.graphml", "graphml")
PosixPath('network.graphml')
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

FORMATS = ("graphml", "gexf", "json")


def flat(value: object) -> object:
    """A scalar for an attribute value: lists and tuples joined, None as the empty string.

    >>> flat(["a", "b"]), flat([("src", "a quote"), ("doc", "another")]), flat(None), flat(3)
    ('a; b', 'src: a quote | doc: another', '', 3)
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        if items and all(isinstance(item, (list, tuple)) for item in items):
            return " | ".join(": ".join(str(part) for part in item) for item in items)
        return "; ".join(str(flat(item)) for item in items)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def scalar_network(network: nx.MultiDiGraph, *, gexf: bool = False) -> nx.MultiDiGraph:
    """A copy of the network whose every node, edge and graph attribute is a scalar of one type per key."""
    copy: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    copy.graph.update({k: flat(v) for k, v in network.graph.items()})
    nodes = {n: {k: flat(v) for k, v in d.items()} for n, d in network.nodes(data=True)}
    edges = []
    for u, v, key, data in network.edges(keys=True, data=True):
        attrs = {"id": key} if gexf else {}  # GEXF's edge id: the statement IRI
        for name, value in data.items():
            if gexf and name in ("start", "end"):
                if name == "end" and value is None and data.get("superseded") is not None:
                    value = data["superseded"] - 1  # superseded in a year: held until the year before
                if value is not None:
                    attrs[name] = int(value)
                continue
            attrs[name] = flat(value)
        edges.append((u, v, key, attrs))
    _one_type_per_key(list(nodes.values()))
    _one_type_per_key([attrs for *_, attrs in edges], keep=("start", "end") if gexf else ())
    copy.add_nodes_from(nodes.items())
    for u, v, key, attrs in edges:
        copy.add_edge(u, v, key=key, **attrs)
    return copy


def _one_type_per_key(records: list[dict], keep: tuple[str, ...] = ()) -> None:
    kinds: dict[str, set[type]] = {}
    for record in records:
        for name, value in record.items():
            kinds.setdefault(name, set()).add(bool if isinstance(value, bool) else
                                              float if isinstance(value, float) else
                                              int if isinstance(value, int) else str)
    mixed = {name for name, types in kinds.items() if len(types) > 1 and name not in keep}
    for record in records:
        for name in mixed & record.keys():
            record[name] = str(record[name])


def to_graphml(network: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write GraphML (directed, parallel edges keyed by statement IRI)."""
    target = Path(path)
    nx.write_graphml(scalar_network(network), target, encoding="utf-8", prettyprint=True)
    return target


def to_gexf(network: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write GEXF 1.2 (Gephi): edge ids are statement IRIs, and each dated edge's years are its time interval."""
    target = Path(path)
    nx.write_gexf(scalar_network(network, gexf=True), target, encoding="utf-8", prettyprint=True)
    return target


def to_json(network: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write node-link JSON (``nx.node_link_data(network, edges="edges")``), values kept as they are."""
    target = Path(path)
    data = nx.node_link_data(network, edges="edges")
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def write(network: nx.MultiDiGraph, path: Path | str, format: str) -> Path:
    """Write the network in ``format`` (graphml, gexf or json) to ``path``."""
    writers = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json}
    if format not in writers:
        raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return writers[format](network, target)
