"""From the RDF graph to a networkx MultiDiGraph: entities are nodes, statements are edges.

The projection is driven by two SPARQL queries (``viz/queries/network-*.rq``), so it
works on every store, and keeps parallel relations: two states can be partners,
co-members and rivals at once, each relation an edge of its own, keyed by the
statement's IRI. Every edge carries its relation, kind, stance, level, time,
sources and quotes.

>>> import diplograph
>>> network = project(diplograph.open())
>>> edges = network.get_edge_data("https://w3id.org/diplograph/id/cambodia", "https://w3id.org/diplograph/id/japan")
>>> "strategicPartner" in {edge["relation"] for edge in edges.values()}
True
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import networkx as nx

from diplograph.ontology.namespaces import ID as _ID_NAMESPACE
from diplograph.ontology.namespaces import local_name
from diplograph.queries.evidence import EVIDENCE_QUERY, evidence_by_statement
from diplograph.sparql import queryfiles
from diplograph.sparql.stores import Store

_YEAR = re.compile(r"^-?\d{4}")
ID = str(_ID_NAMESPACE)  # entity IRIs are plain strings in the network


def query_text(name: str) -> str:
    """The text of one of the projection's queries (``network-edges``, ``network-nodes`` or ``network-names``)."""
    return queryfiles.read("diplograph.viz", name)


def year_of(value: str | None) -> int | None:
    """The year of an xsd:gYear, gYearMonth, date or dateTime lexical form.

    >>> year_of("2022"), year_of("2024-05"), year_of("2018-11-18"), year_of(None)
    (2022, 2024, 2018, None)
    """
    if not value:
        return None
    match = _YEAR.match(value)
    return int(match.group()) if match else None


@dataclass(frozen=True)
class Span:
    """When an edge holds, in years: from ``start`` to ``end`` (inclusive; None for open), until the year it was
    ``superseded`` (exclusive); a ``timeless`` edge (an identity) has no span. See the as_of rule in
    docs/curation.md."""

    start: int | None
    end: int | None
    superseded: int | None = None
    timeless: bool = False

    def holds_in(self, year: int, *, timeless: bool = True) -> bool:
        """Whether the edge holds in ``year``. A timeless edge holds in every year when ``timeless`` is true, in
        none when it is false; an edge with no span at all counts as timeless.

        >>> Span(2010, None).holds_in(2009), Span(2010, None).holds_in(2024), Span(2017, 2017).holds_in(2018)
        (False, True, False)
        >>> Span(2017, None, superseded=2024).holds_in(2023), Span(2017, None, superseded=2024).holds_in(2024)
        (True, False)
        >>> identity = Span(None, None, timeless=True)
        >>> identity.holds_in(2019), identity.holds_in(2019, timeless=False)
        (True, False)
        """
        if self.timeless or (self.start is None and self.end is None):
            return timeless
        return ((self.start is None or self.start <= year) and (self.end is None or self.end >= year)
                and (self.superseded is None or year < self.superseded))


def span_of(row: Mapping[str, str]) -> Span:
    """An edge's span from the build's derived times (dg:holdsFrom, dg:holdsUntil, dg:supersededAt).

    >>> span_of({"holds_from": "2017", "holds_until": "2017-08-28"})
    Span(start=2017, end=2017, superseded=None, timeless=False)
    >>> span_of({"validity": "https://w3id.org/diplograph/concept/validity/timeless"}).timeless
    True
    """
    return Span(year_of(row.get("holds_from")), year_of(row.get("holds_until")), year_of(row.get("superseded_at")),
                local_name(row.get("validity") or "") == "timeless")


def when(row: Mapping[str, str]) -> str:
    """The time of an edge as the text gives it, for its tooltip: a point, an interval, "at writing (date)" or
    "timeless".

    >>> when({"start": "2013"}), when({"end": "2030"}), when({"validity": "x/at-writing", "reported": "2019-01-19"})
    ('2013 –', '… – 2030', 'at writing (2019-01-19)')
    """
    validity = local_name(row.get("validity") or "")
    if validity == "timeless":
        return "timeless"
    if row.get("time"):
        return str(row["time"])
    interval = (f"{row.get('start') or '…'} – {row.get('end') or ''}".strip()
                if row.get("start") or row.get("end") else "")
    if validity == "at-writing":
        at = f"at writing ({row.get('reported')})" if row.get("reported") else "at writing"
        return f"{interval} {at}".strip()
    return interval


def label_of(network: nx.MultiDiGraph, node: str) -> str:
    """A node's label, or the last segment of its IRI when it has none (or is not in the network)."""
    return str(network.nodes[node].get("label") or local_name(node)) if node in network else local_name(node)


class UnknownEntity(LookupError):
    """A name that matches no entity of the network; ``suggestions`` holds close matches as (iri, label)."""

    def __init__(self, name: str, suggestions: Sequence[tuple[str, str]]):
        self.name = name
        self.suggestions = list(suggestions)
        hint = ("; did you mean " + ", ".join(f"{local_name(iri)} ({label})" for iri, label in self.suggestions) + "?"
                if self.suggestions else "")
        super().__init__(f"no entity {name!r} in the graph{hint}")


def resolve(network: nx.MultiDiGraph, name: str) -> str:
    """The IRI of the entity named by an IRI, a slug (``south-korea``) or an exact label (any case).

    Raises :class:`UnknownEntity`, naming up to five close matches among slugs and labels.

    >>> from diplograph.viz.projection import network_from_rows
    >>> net = network_from_rows([], [{"entity": ID + "south-korea", "label": "South Korea"}])
    >>> resolve(net, "south-korea") == resolve(net, "South Korea") == ID + "south-korea"
    True
    >>> resolve(net, "south-kroea")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    diplograph.viz.projection.UnknownEntity: no entity 'south-kroea' in the graph;
        did you mean south-korea (South Korea)?
    """
    text = name.strip()
    if text in network:
        return text
    if ID + text in network:
        return ID + text
    by_label = [n for n, d in network.nodes(data=True) if str(d.get("label", "")).casefold() == text.casefold()]
    if len(by_label) == 1:
        return by_label[0]
    keys: dict[str, str] = {}
    for node, data in network.nodes(data=True):
        keys.setdefault(local_name(node).casefold(), node)
        keys.setdefault(str(data.get("label", "")).casefold(), node)
    close = difflib.get_close_matches(text.casefold(), list(keys), n=10, cutoff=0.6)
    found: list[str] = []
    for key in close:
        if keys[key] not in found:
            found.append(keys[key])
    raise UnknownEntity(name, [(iri, label_of(network, iri)) for iri in found[:5]])


_LANGUAGE_ORDER = {"km": 0, "zh": 1, "ja": 2, "ko": 3, "th": 4, "vi": 5}


def network_from_rows(edge_rows: Iterable[Mapping[str, str]], node_rows: Iterable[Mapping[str, str]],
                      quotes: Mapping[str, list[tuple[str, str]]] | None = None) -> nx.MultiDiGraph:
    """The network from the rows of the two projection queries (plain values) and, per statement, its quotes
    as (source id, quote) pairs."""
    quotes = quotes or {}
    network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in node_rows:
        iri = row["entity"]
        if iri in network:
            continue
        network.add_node(iri, label=row.get("label", local_name(iri)), kind=local_name(row.get("class", "")),
                         kind_label=row.get("class_label", local_name(row.get("class", ""))))

    for row in edge_rows:
        statement, subject, target = row["statement"], row["subject"], row["target"]
        for node in (subject, target):
            if node not in network:
                network.add_node(node, label=local_name(node), kind="Entity", kind_label="entity")
        if network.has_edge(subject, target, key=statement):
            sources = network.edges[subject, target, statement]["sources"]
            if row["source"] not in sources:
                sources.append(row["source"])
            continue
        span = span_of(row)
        network.add_edge(subject, target, key=statement,
                         relation=local_name(row["predicate"]),
                         relation_label=row.get("predicate_label", local_name(row["predicate"])),
                         statement_kind=local_name(row.get("kind", "")),
                         stance=local_name(row["stance"]) if row.get("stance") else "",
                         level=local_name(row["level"]) if row.get("level") else "",
                         time=when(row),
                         # the dates as the text gives them (lexical xsd forms), for the timeline
                         point=row.get("time") or None, start_date=row.get("start") or None,
                         end_date=row.get("end") or None,
                         start=span.start, end=span.end, superseded=span.superseded, timeless=span.timeless,
                         label=row.get("label", ""),
                         sources=[row["source"]],
                         quotes=list(quotes.get(statement, [])))
    return network


@runtime_checkable
class HoldsStore(Protocol):
    """Anything that holds the graph in a store, such as ``diplograph.open()``'s KnowledgeGraph."""

    store: Store


def project(source: Store | HoldsStore, *, evidence: bool = True) -> nx.MultiDiGraph:
    """The network of the graph in a store (or in what holds one), with each edge's quotes when ``evidence`` is true."""
    store: Store = source.store if isinstance(source, HoldsStore) else source
    evidence_rows = store.query(EVIDENCE_QUERY).values() if evidence else []
    network = network_from_rows(store.query(query_text("network-edges")).values(),
                                store.query(query_text("network-nodes")).values(), quotes_from_rows(evidence_rows))
    add_names(network, store.query(query_text("network-names")).values())
    return network


def add_names(network: nx.MultiDiGraph, rows: Iterable[Mapping[str, str]]) -> None:
    """Give each node the names Wikidata gives its item in the region's languages, as one line: "name (lang) · ...".

    >>> net = nx.MultiDiGraph(); net.add_node("e")
    >>> add_names(net, [{"entity": "e", "name": "カンボジア", "language": "ja"},
    ...                 {"entity": "e", "name": "កម្ពុជា", "language": "km"}])
    >>> net.nodes["e"]["names"]
    'កម្ពុជា (km) · カンボジア (ja)'
    """
    names: dict[str, list[str]] = {}
    for row in rows:
        if row["entity"] in network:
            names.setdefault(row["entity"], []).append(f"{row['name']} ({row.get('language', '')})")
    for entity, found in names.items():
        network.nodes[entity]["names"] = " · ".join(
            sorted(found, key=lambda name: (_LANGUAGE_ORDER.get(name[-3:-1], 9), name)))


def quotes_from_rows(evidence_rows: Iterable[Mapping[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """(source id, quote) for each statement, from the rows of ``EVIDENCE_QUERY`` (plain values)."""
    return {statement: [(source, quote) for source, _, quote in found]
            for statement, found in evidence_by_statement(evidence_rows).items()}


def edge_span(data: Mapping) -> Span:
    """The span of an edge of the network."""
    return Span(data.get("start"), data.get("end"), data.get("superseded"), bool(data.get("timeless")))


def as_of(network: nx.MultiDiGraph, year: int, *, timeless: bool = True) -> nx.MultiDiGraph:
    """The edges that hold in ``year`` by the as_of rule, with every node (a view, not a copy). Timeless edges
    (identities) are kept when ``timeless`` is true, left out when it is false."""
    def keep(u, v, k) -> bool:
        return edge_span(network.edges[u, v, k]).holds_in(year, timeless=timeless)

    return nx.subgraph_view(network, filter_edge=keep)


def simple(network: nx.MultiDiGraph) -> nx.Graph:
    """An undirected simple graph: one edge per linked pair, weighted by how many statements link them."""
    collapsed: nx.Graph[str] = nx.Graph()
    collapsed.add_nodes_from(network.nodes(data=True))
    for u, v in network.edges():
        if u == v:
            continue
        if collapsed.has_edge(u, v):
            collapsed.edges[u, v]["weight"] += 1
        else:
            collapsed.add_edge(u, v, weight=1)
    return collapsed



# --- one link per pair, importance, and the cap of what a view draws -----------------------------------------

def pair_key(u: str, v: str) -> str:
    """The id of the link between two entities, whichever way their statements run.

    >>> pair_key("b", "a") == pair_key("a", "b") == "a|b"
    True
    """
    return f"{u}|{v}" if u <= v else f"{v}|{u}"


def merged(network: nx.MultiDiGraph) -> nx.Graph:
    """One link per linked pair of entities, however many statements link them and in whichever direction.

    Each link holds its ``statements`` (keys, in the network's order), their ``count``, ``relations`` (each
    relation label with its number of statements, most first) and ``directions`` (the (from, to) pairs that
    occur). Parallel statements drawn one on another cannot be read or hovered; drawn as one link with the
    statements listed, they can.

    >>> net = network_from_rows([
    ...     {"statement": "s1", "subject": "a", "target": "b", "predicate": "dg#strategicPartner", "source": "x"},
    ...     {"statement": "s2", "subject": "b", "target": "a", "predicate": "dg#visited", "source": "x"},
    ...     {"statement": "s3", "subject": "a", "target": "b", "predicate": "dg#strategicPartner", "source": "y"}],
    ...     [])
    >>> link = merged(net).edges["a", "b"]
    >>> link["count"], link["statements"], link["relations"]
    (3, ['s1', 's3', 's2'], [('strategicPartner', 2), ('visited', 1)])
    """
    links: nx.Graph[str] = nx.Graph()
    links.add_nodes_from(network.nodes(data=True))
    for u, v, key, data in network.edges(keys=True, data=True):
        if not links.has_edge(u, v):
            links.add_edge(u, v, statements=[], count=0, relations={}, directions=set())
        link = links.edges[u, v]
        link["statements"].append(key)
        link["count"] += 1
        label = str(data.get("relation_label") or data.get("relation", ""))
        link["relations"][label] = link["relations"].get(label, 0) + 1
        link["directions"].add((u, v))
    for *_, link in links.edges(data=True):
        link["relations"] = sorted(link["relations"].items(), key=lambda item: (-item[1], item[0]))
    return links


def importance(network: nx.MultiDiGraph | nx.Graph) -> dict[str, int]:
    """Each node's rank by importance, 0 the most important: by the number of distinct entities it is linked
    to (its degree in the simple graph), then by label, then by IRI. Views label nodes in this order, as far as
    there is room, so the hubs are named first and the rest as one zooms in.

    >>> net = network_from_rows([
    ...     {"statement": f"s{i}", "subject": "hub", "target": t, "predicate": "dg#memberOf", "source": "x"}
    ...     for i, t in enumerate("abc")] + [
    ...     {"statement": "s9", "subject": "a", "target": "b", "predicate": "dg#memberOf", "source": "x"}], [])
    >>> sorted(importance(net).items(), key=lambda item: item[1])
    [('hub', 0), ('a', 1), ('b', 2), ('c', 3)]
    """
    degrees = _distinct_neighbours(network)
    order = sorted(network, key=lambda node: (-degrees[node], label_of_any(network, node), node))
    return {node: rank for rank, node in enumerate(order)}


def label_of_any(network: nx.Graph, node: str) -> str:
    return str(network.nodes[node].get("label") or local_name(node))


def _distinct_neighbours(network: nx.Graph) -> dict[str, int]:
    """Each node's number of distinct neighbours, whatever the direction and number of edges (no self-loops)."""
    found: dict[str, set[str]] = {node: set() for node in network}
    for u, v in network.edges():
        if u != v:
            found[u].add(v)
            found[v].add(u)
    return {node: len(near) for node, near in found.items()}


#: What a view draws at most: beyond this vis-network is slow to draw and to change, so a view shows the
#: best-linked part and says so (the page applies the same rule to what its filters leave; see ``cap``).
MAX_NODES = 400
MAX_LINKS = 1500


@dataclass(frozen=True)
class Capped:
    """How much of a network a view shows: nodes and links shown out of how many, and the rule that chose them."""

    nodes: int
    total_nodes: int
    links: int
    total_links: int
    max_nodes: int = MAX_NODES
    max_links: int = MAX_LINKS

    @property
    def applied(self) -> bool:
        return self.nodes < self.total_nodes or self.links < self.total_links

    @property
    def rule(self) -> str:
        """The rule, in words, as a view states it.

        >>> print(Capped(400, 5000, 1500, 9000).rule)  # doctest: +NORMALIZE_WHITESPACE
        Showing 400 of 5000 entities and 1500 of 9000 links: the 400 entities linked to the most others,
        and the 1500 links among them with the most statements.
        """
        return (f"Showing {self.nodes} of {self.total_nodes} entities and {self.links} of {self.total_links} links: "
                f"the {self.max_nodes} entities linked to the most others, and the {self.max_links} links among "
                "them with the most statements.")


def cap(network: nx.MultiDiGraph, max_nodes: int = MAX_NODES,
        max_links: int = MAX_LINKS) -> tuple[nx.MultiDiGraph, Capped]:
    """The part of a network a view can draw, and what was left out.

    Rule: when there are more than ``max_nodes`` nodes, keep the ``max_nodes`` nodes with the most distinct
    neighbours (ties by label, then IRI); then, when the kept nodes have more than ``max_links`` links (one per
    linked pair, see :func:`merged`), keep the ``max_links`` links with the most statements (ties by the
    pair's key) and every statement of them. The page's script applies the same rule to what its filters
    leave, so a view of a large graph never draws more than it can.

    >>> rows = [{"statement": f"s{i}", "subject": "hub", "target": f"n{i}", "predicate": "dg#memberOf",
    ...          "source": "x"} for i in range(5)]
    >>> part, capped = cap(network_from_rows(rows, []), max_nodes=3, max_links=10)
    >>> sorted(part), (capped.nodes, capped.total_nodes, capped.links, capped.total_links)
    (['hub', 'n0', 'n1'], (3, 6, 2, 5))
    """
    links = merged(network)
    total_nodes, total_links = network.number_of_nodes(), links.number_of_edges()
    kept = set(network)
    if total_nodes > max_nodes:
        rank = importance(network)
        kept = {node for node in network if rank[node] < max_nodes}
    among = sorted(((-data["count"], pair_key(u, v), u, v) for u, v, data in links.edges(data=True)
                    if u in kept and v in kept))
    chosen = among[:max_links]
    keys = {key for *_, u, v in chosen for key in links.edges[u, v]["statements"]}
    part: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    part.add_nodes_from((node, network.nodes[node]) for node in network if node in kept)
    for u, v, k, data in network.edges(keys=True, data=True):
        if k in keys:
            part.add_edge(u, v, key=k, **data)
    return part, Capped(part.number_of_nodes(), total_nodes, len(chosen), total_links, max_nodes, max_links)
