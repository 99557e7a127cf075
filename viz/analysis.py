"""Network measures on the projected graph: centrality, communities, paths and a hedging profile.

Every function here is pure: it takes a network made by :func:`diplograph.viz.projection.project`
(or by :func:`~diplograph.viz.projection.network_from_rows`) and returns plain values. The formulas
and the choices behind them are given in each docstring and, together, in docs/views-and-analysis.md.

>>> from diplograph.viz.projection import local_name, network_from_rows
>>> edge = lambda s, p, o, **kw: {"statement": f"st/{s}-{o}", "subject": ID + s, "predicate": f"dg#{p}",
...                               "target": ID + o, "source": "doc", **kw}
>>> net = network_from_rows([edge("a", "cooperatesWith", "b"), edge("b", "cooperatesWith", "c")], [])
>>> [(local_name(iri), round(score, 2)) for iri, _, score in centrality(net, "betweenness")]
[('b', 1.0), ('a', 0.0), ('c', 0.0)]
>>> [local_name(n) for n in shortest_paths(net, ID + "a", ID + "c")[0].nodes]
['a', 'b', 'c']
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import networkx as nx
import numpy as np

from .projection import ID, Span, UnknownEntity, label_of, simple

MEASURES = ("degree", "betweenness", "eigenvector")

#: The major powers whose engagement with a state the hedging profile measures (slugs; those absent from
#: the network are left out). Russia and the European Union are counted as powers: the sources treat both
#: as poles Cambodia engages or keeps at a distance.
POWERS: tuple[str, ...] = ("china", "united-states", "japan", "south-korea", "india", "australia", "russia",
                           "european-union")

#: The relations that count as an engagement between a state and a power, in either direction: ties of
#: partnership, cooperation, dependence, aid, diplomacy, visits and finance. Left out on purpose: stances
#: (``stanceToward``, measured by the stance balance instead), coercion and rivalry (``pressures``,
#: ``competesWith``, ``raisedConcernWith``), and numbers (``figure``, ``target``), which are measurements,
#: not ties.
ENGAGEMENT_RELATIONS: frozenset[str] = frozenset({
    "strategicPartner", "keyPartner", "cooperatesWith", "reliesOn", "assists", "diplomaticRelation",
    "visited", "metWith", "finances",
})

#: The two camps whose initiatives a state takes stances toward. Each camp is its seed initiatives plus
#: everything the data records as ``partOfInitiative`` of a member (transitively): the Belt and Road camp
#: gains the AIIB, the Silk Road Fund and the BRI projects; the Indo-Pacific camp gains Japan's FOIP projects.
BRI_CAMP: tuple[str, ...] = ("belt-and-road-initiative", "aiib", "silk-road-fund", "mekong-lancang-cooperation")
INDO_PACIFIC_CAMP: tuple[str, ...] = ("foip", "foip-us", "foip-japan", "quad", "korea-indo-pacific-strategy")

#: In neither camp. The ASEAN Outlook on the Indo-Pacific is ASEAN's own, inclusive, ASEAN-centred answer to
#: both the BRI and the FOIP strategies (Japan's FOIP "complements" it, but no power of either camp leads it):
#: counting support for it as support for the Indo-Pacific camp would read ASEAN-centred hedging as alignment.
NEITHER_CAMP: tuple[str, ...] = ("asean-outlook-on-the-indo-pacific",)

#: Stance weights, from +1 (support) to -1 (opposition), for every concept of the stance scheme
#: (``ontology/concepts.ttl``). Support and its narrower concepts, alignment and bandwagoning: +1; a limited
#: bandwagon (support while keeping the others close) and an interest short of declared support: +0.5; hedging
#: and its narrower concepts, and every non-committal stance (neutrality, non-alignment, independence,
#: ambiguity, silence, wait-and-see, economic diplomacy, multilateralism): 0; scepticism and concern: -0.5;
#: refusal to join, balancing against, and opposition: -1. A stance not in this table weighs 0.
STANCE_WEIGHTS: dict[str, float] = {
    "support": 1.0, "co-creation": 1.0, "alignment": 1.0, "bandwagon": 1.0, "economic-pragmatism-bandwagon": 1.0,
    "limited-bandwagon": 0.5, "interest": 0.5,
    "hedging": 0.0, "binding-engagement": 0.0, "soft-balancing": 0.0, "enmeshment": 0.0, "diversification": 0.0,
    "independence": 0.0, "neutrality": 0.0, "non-alignment": 0.0, "ambiguity": 0.0, "silence": 0.0,
    "wait-and-see": 0.0, "economic-diplomacy": 0.0, "multilateralism": 0.0,
    "scepticism": -0.5, "concern": -0.5,
    "refusal": -1.0, "balancing": -1.0, "opposition": -1.0,
}

Undated = Literal["include", "exclude"]


class Ranked(NamedTuple):
    """One entity's score under a centrality measure."""

    iri: str
    label: str
    score: float


# --- Centrality -----------------------------------------------------------------------------------------


def centrality(network: nx.MultiDiGraph, measure: str = "degree") -> list[Ranked]:
    """Every entity ranked by a centrality measure on ``simple(network)``, highest first (ties by label).

    All three measures are computed on the undirected simple graph (one edge per linked pair, whatever the
    number of statements or their direction) and are unweighted: how many statements link a pair says how
    much the sources wrote about it, not how the network is shaped. With ``n`` entities:

    - ``degree``: normalised degree, C_D(v) = deg(v) / (n - 1), deg(v) the number of distinct neighbours.
    - ``betweenness``: exact, unweighted, normalised betweenness,
      C_B(v) = 2 / ((n - 1)(n - 2)) * sum over pairs {s, t} (s, t != v) of sigma_st(v) / sigma_st,
      sigma_st the number of shortest s-t paths and sigma_st(v) those through v (Brandes' algorithm).
    - ``eigenvector``: the principal eigenvector x of the adjacency matrix A of the LARGEST CONNECTED
      COMPONENT (A x = lambda_max x), with x >= 0 and Euclidean norm 1; entities outside that component
      score 0. On a disconnected graph the principal eigenvector lives on one component only and scores of
      different components cannot be compared, hence the choice. A is symmetric, so the vector comes from an
      exact dense eigendecomposition (``numpy.linalg.eigh``): there is no power iteration and so no failure
      to converge; a component of more than 5000 entities uses ARPACK (``eigenvector_centrality_numpy``).
      Ties in the largest component's size go to the component holding the smallest IRI.

    A network of one entity scores 0 under every measure.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: choose one of {', '.join(MEASURES)}")
    graph = simple(network)
    n = graph.number_of_nodes()
    if n == 0:
        return []
    if n == 1:
        scores = {node: 0.0 for node in graph}
    elif measure == "degree":
        scores = {node: graph.degree(node) / (n - 1) for node in graph}
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(graph, normalized=True, weight=None)
    else:
        scores = _eigenvector(graph)
    ranked = [Ranked(node, label_of(network, node), float(scores.get(node, 0.0))) for node in graph]
    return sorted(ranked, key=lambda r: (-round(r.score, 12), r.label.casefold(), r.iri))


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    scores = {node: 0.0 for node in graph}
    components = [c for c in nx.connected_components(graph) if len(c) > 1]
    if not components:
        return scores
    largest = min(components, key=lambda c: (-len(c), min(c)))
    nodes = sorted(largest)
    if len(nodes) > 5000:
        scores.update(nx.eigenvector_centrality_numpy(graph.subgraph(nodes), weight=None))
        return scores
    # networkx reads weight=None as 1 for every edge; its stubs allow only a str
    adjacency = nx.to_numpy_array(graph.subgraph(nodes), nodelist=nodes, weight=None)  # type: ignore[call-overload]
    values, vectors = np.linalg.eigh(adjacency)
    vector = np.abs(vectors[:, int(np.argmax(values))])  # Perron vector: one sign throughout
    vector = vector / np.linalg.norm(vector)
    scores.update({node: float(x) for node, x in zip(nodes, vector, strict=True)})
    return scores


# --- Communities ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Communities:
    """A partition of the entities: ``groups`` largest first (ties by first label), members sorted by label."""

    groups: list[list[str]]
    modularity: float | None
    method: str
    seed: int | None


def communities(network: nx.MultiDiGraph, seed: int | None = 42, method: str = "louvain",
                resolution: float = 1.0) -> Communities:
    """Communities of ``simple(network)``, weighted by the number of statements linking each pair.

    ``method="louvain"`` (default): ``nx.community.louvain_communities(G, weight="weight", resolution=...,
    seed=seed)``; the graph is rebuilt in sorted order first, so a seed gives the same partition whatever the
    order the store returned rows in. ``method="greedy"``: Clauset-Newman-Moore greedy modularity.

    Modularity (weighted, resolution gamma = 1 by default):
    Q = 1/(2m) * sum_ij [A_ij - gamma * k_i k_j / (2m)] * delta(c_i, c_j),
    A_ij the number of statements linking i and j, k_i = sum_j A_ij, m = sum of all weights. An entity with no
    edge is a community of its own; Q is None for a network without edges.
    """
    graph = _sorted_graph(simple(network))
    if graph.number_of_edges() == 0:
        groups = [[node] for node in graph]
        return Communities(_order_groups(network, groups), None, method, seed)
    found: list[set[str]] | list[frozenset[str]]
    if method == "louvain":
        found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    elif method == "greedy":
        found = nx.community.greedy_modularity_communities(graph, weight="weight", resolution=resolution)
    else:
        raise ValueError(f"unknown method {method!r}: choose louvain or greedy")
    # the greedy method's communities are frozensets, which modularity reads as well as sets; its stubs ask for sets
    modularity = nx.community.modularity(graph, found, weight="weight",  # type: ignore[arg-type]
                                         resolution=resolution)
    return Communities(_order_groups(network, [list(c) for c in found]), float(modularity), method, seed)


def _sorted_graph(graph: nx.Graph) -> nx.Graph:
    ordered: nx.Graph[str] = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True)))
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in graph.edges(data=True)))
    return ordered


def _order_groups(network: nx.MultiDiGraph, groups: list[list[str]]) -> list[list[str]]:
    def by_label(node: str) -> tuple[str, str]:
        return (label_of(network, node).casefold(), node)

    members = [sorted(group, key=by_label) for group in groups]
    return sorted(members, key=lambda group: (-len(group), by_label(group[0])))


# --- Paths ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One statement linking the two entities of a hop. ``forward`` when the statement's subject is the hop's
    ``source`` (it reads source -> target), false when it reads target -> source."""

    statement: str
    relation: str
    relation_label: str
    forward: bool
    time: str
    sources: tuple[str, ...]
    quote: tuple[str, str] | None  # (source id, verbatim quote), the first the graph holds
    label: str = ""


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    source_label: str
    target_label: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Path:
    """A shortest path: its entities in order and, per hop, every statement linking the two ends."""

    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def statements(self) -> int:
        return sum(len(h.links) for h in self.hops)


def shortest_paths(network: nx.MultiDiGraph, a: str, b: str, limit: int = 5, *, cap: int = 10_000) -> list[Path]:
    """Up to ``limit`` shortest paths between entities ``a`` and ``b`` (IRIs) on the undirected projection.

    A path may follow a statement against its direction (it is a chain of links, not of influence); each hop
    lists every statement linking its two entities, either way, with relation, direction, time, sources and
    one quote. When there are several shortest paths, the best evidenced come first: ordered by the number of
    statements along the path (most first), then by the labels of their entities. At most ``cap`` paths are
    enumerated before ordering. No path between the two: an empty list.
    """
    for node in (a, b):
        if node not in network:
            raise UnknownEntity(node, [])
    if a == b:
        raise ValueError("a path needs two different entities")
    graph = simple(network)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(graph, a, b), cap))
    except nx.NetworkXNoPath:
        return []
    paths = [_path(network, nodes) for nodes in found]
    paths.sort(key=lambda p: (-p.statements, [label.casefold() for label in p.labels], p.nodes))
    return paths[:limit]


def _path(network: nx.MultiDiGraph, nodes: Sequence[str]) -> Path:
    hops = []
    none: dict[str, dict] = {}
    for u, v in itertools.pairwise(nodes):
        links = [_link(k, d, True) for k, d in network.get_edge_data(u, v, default=none).items()]
        links += [_link(k, d, False) for k, d in network.get_edge_data(v, u, default=none).items()]
        links.sort(key=lambda link: (link.time or "~", link.relation_label, link.statement))
        hops.append(Hop(u, v, label_of(network, u), label_of(network, v), tuple(links)))
    return Path(tuple(nodes), tuple(label_of(network, n) for n in nodes), tuple(hops))


def _link(key: Hashable, data: dict, forward: bool) -> Link:
    quotes = data.get("quotes") or []
    return Link(statement=str(key), relation=data.get("relation", ""), relation_label=data.get("relation_label", ""),
                forward=forward, time=data.get("time") or "", sources=tuple(data.get("sources") or ()),
                quote=tuple(min(quotes)) if quotes else None, label=data.get("label", ""))


# --- Hedging --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerShare:
    iri: str
    label: str
    engagements: int
    share: float


@dataclass(frozen=True)
class HedgingRow:
    """The hedging profile of a state in one year (see :func:`hedging_profile` for the formulas)."""

    year: int
    engagements: int                  # edges with the powers in force this year (the HHI's denominator)
    powers_engaged: int               # powers with at least one such edge
    powers_considered: int            # K: the powers present in the network
    shares: tuple[PowerShare, ...]    # largest share first
    hhi: float | None                 # None when there is no engagement
    hhi_normalised: float | None
    bri_stance: float | None          # mean weight of the state's stances toward the Belt and Road camp
    bri_stances: int
    indo_pacific_stance: float | None
    indo_pacific_stances: int
    balance: float | None             # (bri - indo_pacific) / 2; None when there is no stance toward either camp
    sources: tuple[str, ...] = field(default=())

    @property
    def leading_power(self) -> PowerShare | None:
        return self.shares[0] if self.shares else None


def camps(network: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """The entities of each camp present in the network: ``{"bri": ..., "indo-pacific": ...}``.

    A camp is its seed initiatives (:data:`BRI_CAMP`, :data:`INDO_PACIFIC_CAMP`) plus, transitively, every
    entity the data records as ``partOfInitiative`` of a member. An entity that would fall in both camps, and
    the entities of :data:`NEITHER_CAMP`, are in neither.
    """
    neither = {ID + slug for slug in NEITHER_CAMP}
    members = {}
    for name, seeds in (("bri", BRI_CAMP), ("indo-pacific", INDO_PACIFIC_CAMP)):
        camp = {ID + slug for slug in seeds if ID + slug in network}
        frontier = set(camp)
        while frontier:
            frontier = {u for v in frontier for u, _, d in network.in_edges(v, data=True)
                        if d.get("relation") == "partOfInitiative" and u not in camp}
            camp |= frontier
        members[name] = camp - neither
    both = members["bri"] & members["indo-pacific"]
    return {name: frozenset(camp - both) for name, camp in members.items()}


def powers_in(network: nx.MultiDiGraph, powers: Iterable[str] = POWERS) -> list[str]:
    """The IRIs of the powers (slugs or IRIs) present in the network, in the given order."""
    iris = [p if p.startswith(("http://", "https://")) else ID + p for p in powers]
    return [iri for iri in iris if iri in network]


def hedging_profile(network: nx.MultiDiGraph, state: str, years: Iterable[int], *,
                    powers: Iterable[str] = POWERS, undated: Undated = "include") -> list[HedgingRow]:
    """A state's hedging profile, one row per year: how concentrated its engagement with the major powers is,
    and how its stances balance between the Belt and Road camp and the Indo-Pacific camp.

    ``state`` is an IRI. An edge is *in force* in year y as in :func:`~diplograph.viz.projection.as_of`:
    start <= y <= end, a statement dated by a single point in time holding from that year on. Undated edges
    (most of the corpus: sources often state a relation without a date): with ``undated="include"``
    (default) they count in every year, as in ``as_of``, so the profile's changes over time come from the
    dated statements alone; ``undated="exclude"`` leaves them out.

    (a) Concentration. Let n_i be the number of the state's edges in force in y whose relation is in
    :data:`ENGAGEMENT_RELATIONS` and that link it, in either direction, with power i (each statement counts
    once, however many sources it has), N = sum_i n_i and s_i = n_i / N. Then

    - HHI = sum_i s_i^2, from 1/K (even spread) to 1 (one power only);
    - normalised HHI* = (HHI - 1/K) / (1 - 1/K), from 0 to 1, where K is the number of powers considered
      (those of ``powers`` present in the network; HHI* = 1 when K = 1);
    - powers engaged = #{i : n_i > 0}.

    With no engagement (N = 0) HHI and HHI* are None.

    (b) Stance balance. For each camp c (see :func:`camps`), m_c is the mean of the weights
    (:data:`STANCE_WEIGHTS`) of the state's own ``stanceToward`` statements toward the camp's members in
    force in y (None when there are none). Then

    - balance = (m_BRI - m_IP) / 2, in [-1, 1], a camp without stances counting as m = 0: +1 is full support
      for the Belt and Road camp and full opposition to the Indo-Pacific camp, -1 the reverse, 0 even-handed
      (or the same stance toward both). None when the state took no stance toward either camp.
    """
    if state not in network:
        raise UnknownEntity(state, [])
    if undated not in ("include", "exclude"):
        raise ValueError("undated must be 'include' or 'exclude'")
    power_iris = [p for p in powers_in(network, powers) if p != state]
    power_set = set(power_iris)
    members = camps(network)
    engagements, stances = _profile_edges(network, state, power_set, members)
    rows = []
    def live(edges, year):
        return [e for e in edges if _counts(e[1], year, undated)]

    for year in years:
        counted = Counter(power for power, _ in live(engagements, year))
        total = sum(counted.values())
        shares = tuple(sorted((PowerShare(p, label_of(network, p), counted[p], counted[p] / total) for p in counted),
                              key=lambda s: (-s.engagements, s.label)))
        k = len(power_iris)
        hhi: float | None
        normalised: float | None
        if total:
            hhi = sum(s.share ** 2 for s in shares)
            normalised = 1.0 if k <= 1 else (hhi - 1 / k) / (1 - 1 / k)
        else:
            hhi = normalised = None
        by_camp: dict[str, list[float]] = {"bri": [], "indo-pacific": []}
        live_stances = live(stances, year)
        for camp, data in live_stances:
            by_camp[camp].append(STANCE_WEIGHTS.get(data.get("stance", ""), 0.0))
        means = {camp: (sum(w) / len(w) if w else None) for camp, w in by_camp.items()}
        if by_camp["bri"] or by_camp["indo-pacific"]:
            balance = ((means["bri"] or 0.0) - (means["indo-pacific"] or 0.0)) / 2
        else:
            balance = None
        sources = sorted({s for _, d in live(engagements, year) + live_stances for s in d.get("sources", ())})
        rows.append(HedgingRow(year=year, engagements=total, powers_engaged=len(counted), powers_considered=k,
                               shares=shares, hhi=_clean(hhi), hhi_normalised=_clean(normalised),
                               bri_stance=_clean(means["bri"]), bri_stances=len(by_camp["bri"]),
                               indo_pacific_stance=_clean(means["indo-pacific"]),
                               indo_pacific_stances=len(by_camp["indo-pacific"]),
                               balance=_clean(balance), sources=tuple(sources)))
    return rows


def change_years(network: nx.MultiDiGraph, state: str, *, powers: Iterable[str] = POWERS,
                 undated: Undated = "include") -> list[int]:
    """The years in which the state's hedging profile can change: each start year of a dated edge it counts,
    and the year after each end. Between two of these years the profile is constant."""
    power_set = {p for p in powers_in(network, powers) if p != state}
    engagements, stances = _profile_edges(network, state, power_set, camps(network))
    years = set()
    for _, data in engagements + stances:
        if data.get("start") is not None:
            years.add(data["start"])
        if data.get("end") is not None:
            years.add(data["end"] + 1)
    return sorted(years)


def _profile_edges(network, state, power_set, members):
    engagements = []  # (power, edge data)
    stances = []      # (camp, edge data)
    camp_of = {iri: camp for camp, iris in members.items() for iri in iris}
    for u, v, data in itertools.chain(network.out_edges(state, data=True), network.in_edges(state, data=True)):
        other = v if u == state else u
        if other == state:
            continue
        if other in power_set and data.get("relation") in ENGAGEMENT_RELATIONS:
            engagements.append((other, data))
        if u == state and data.get("relation") == "stanceToward" and v in camp_of:
            stances.append((camp_of[v], data))
    return engagements, stances


def _counts(data: dict, year: int, undated: Undated) -> bool:
    start, end = data.get("start"), data.get("end")
    if start is None and end is None:
        return undated == "include"
    return Span(start, end).holds_in(year)


def _clean(value: float | None) -> float | None:
    """Round away floating-point noise (0.30000000000000004 -> 0.3)."""
    return None if value is None else round(value, 12) + 0.0
