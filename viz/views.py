"""Network views: a selection of the network, a layout computed in Python, and a self-contained HTML page.

The page is built with pyvis and our own template. vis-network (shipped inside
pyvis) and the page's script are inlined, so the file opens offline and loads
nothing from anywhere. Positions are computed here and physics is off, so the
page draws at once and nothing moves when the time control or a filter changes
what is shown.

>>> from diplograph.viz.projection import network_from_rows
>>> net = network_from_rows(
...     [{"statement": "s1", "subject": "a", "target": "b", "predicate": "dg#strategicPartner", "source": "src"}],
...     [{"entity": "a", "label": "A", "class": "dg#State"}, {"entity": "b", "label": "B", "class": "dg#State"}])
>>> html = render(net, title="A and B")
>>> import re; re.findall(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=", html)    # nothing is loaded from a file or URL
[]
>>> "default-src 'none'" in html                                                  # and the page's policy forbids it
True
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from diplograph.ontology.namespaces import local_path

from .encoding import edge_style, node_style
from .projection import local_name, resolve, simple

_ASSETS = Path(str(resources.files("diplograph.viz") / "assets"))


# --- selections ------------------------------------------------------------------------------------------

def ego(network: nx.MultiDiGraph, entity: str, radius: int = 1) -> nx.MultiDiGraph:
    """The entity, its neighbours within ``radius`` steps (either direction) and every edge among them."""
    centre = resolve(network, entity)
    near = nx.single_source_shortest_path_length(network.to_undirected(as_view=True), centre, cutoff=radius)
    return network.subgraph(near).copy()


def initiative(network: nx.MultiDiGraph, name: str) -> nx.MultiDiGraph:
    """An initiative, everything linked to it (backers, stances, projects, leaders), and the edges among them."""
    return ego(network, name, radius=1)


def compare(network: nx.MultiDiGraph, a: str, b: str) -> nx.MultiDiGraph:
    """Two entities' neighbourhoods together; each node says whether it is near A, B or both."""
    first, second = resolve(network, a), resolve(network, b)
    near_a, near_b = set(ego(network, first)), set(ego(network, second))
    view = network.subgraph(near_a | near_b).copy()
    for node in view:
        view.nodes[node]["side"] = "both" if node in near_a and node in near_b else ("A" if node in near_a else "B")
    return view


# --- layout -------------------------------------------------------------------------------------------------

def layout(network: nx.MultiDiGraph, seed: int = 7, size: float = 1000.0) -> dict[str, tuple[float, float]]:
    """Positions in pixels: each connected component laid out by a deterministic layout (same input, same
    picture): Kamada-Kawai up to 300 nodes, a seeded force-directed layout above. The largest component is in
    the middle, its radius growing with the square root of its size (``size`` for 250 nodes, so a small view
    fits the screen at about its natural scale and its labels can be read), and the small ones are packed in
    rows beneath it, so a few isolated nodes do not squeeze the rest into a corner. 5,000 nodes take seconds."""
    if network.number_of_nodes() == 0:
        return {}
    graph = simple(network)
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    positions: dict[str, tuple[float, float]] = {}
    main = graph.subgraph(components[0])
    radius = size * max(0.3, math.sqrt(len(main) / 250))
    positions.update(_spring(main, seed, radius))
    # the rest: in rows just under the main component, each in a cell sized to it
    x, y, row_height = -radius, max(py for _, py in positions.values()) + 60.0, 0.0
    for component in components[1:]:
        part = graph.subgraph(component)
        cell = 30.0 * math.sqrt(len(part))
        if x + 2 * cell > radius:
            x, y, row_height = -radius, y + row_height + 30.0, 0.0
        for node, (px, py) in _spring(part, seed, cell).items():
            positions[node] = (x + cell + px, y + cell + py)
        x += 2 * cell + 30.0
        row_height = max(row_height, 2 * cell)
    return positions


def _spring(graph: nx.Graph, seed: int, radius: float) -> dict[str, tuple[float, float]]:
    count = graph.number_of_nodes()
    if count == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    found: dict[str, Any]  # node -> (x, y), as a numpy array or a tuple
    if count <= 300:  # stress-based: even spacing, each hub's neighbours around it, no dense core
        found = nx.kamada_kawai_layout(graph, weight=None)
    elif count > 1000:
        found = _spread(graph, seed, iterations=50 if count <= 5000 else 30)
    else:
        found = nx.spring_layout(graph, seed=seed, iterations=100, k=1.2 / math.sqrt(count), weight=None)
    return {node: (float(px) * radius, float(py) * radius) for node, (px, py) in found.items()}


def _spread(graph: nx.Graph, seed: int, iterations: int, cells: int = 16) -> dict[str, tuple[float, float]]:
    """A force-directed layout for large graphs, in [-1, 1]: Fruchterman-Reingold with the repulsion of close
    pairs computed exactly (a k-d tree finds them) and that of the rest from the centroids of a coarse grid,
    all in numpy. networkx's spring_layout loops over the nodes in Python and takes 40 s for 5,000 of them;
    this takes about 3 s."""
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = list(graph)
    count = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    ends = np.array([(index[u], index[v]) for u, v in graph.edges() if u != v], dtype=np.intp).reshape(-1, 2)
    pos = np.random.default_rng(seed).random((count, 2))
    k = 1.0 / math.sqrt(count)  # the ideal distance between linked nodes
    step = 0.1
    cooling = step / (iterations + 1)

    def total(at, values):
        return np.stack([np.bincount(at, values[:, 0], count), np.bincount(at, values[:, 1], count)], axis=1)

    for _ in range(iterations):
        # close pairs repel each other: k² / distance
        pairs = cKDTree(pos).query_pairs(2 * k, output_type="ndarray")
        delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        push = delta * (k * k / np.maximum((delta * delta).sum(axis=1), 1e-12))[:, None]
        move = total(pairs[:, 0], push) - total(pairs[:, 1], push)
        # every node is pushed by the nodes of each cell of a grid, as if they sat at the cell's centroid
        low, high = pos.min(axis=0), pos.max(axis=0)
        cell = np.minimum(((pos - low) / np.maximum(high - low, 1e-12) * cells).astype(np.intp), cells - 1)
        flat = cell[:, 0] * cells + cell[:, 1]
        mass = np.bincount(flat, minlength=cells * cells)
        full = mass > 0
        centres = np.stack([np.bincount(flat, pos[:, 0], cells * cells),
                            np.bincount(flat, pos[:, 1], cells * cells)], axis=1)[full] / mass[full][:, None]
        delta = pos[:, None, :] - centres[None, :, :]
        distance2 = np.maximum((delta * delta).sum(axis=2), (2 * k) ** 2)
        move += (delta * (k * k * mass[full][None, :] / distance2)[:, :, None]).sum(axis=1)
        # linked nodes attract each other: distance² / k
        delta = pos[ends[:, 0]] - pos[ends[:, 1]]
        pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
        move += total(ends[:, 1], pull) - total(ends[:, 0], pull)
        # each node moves along its force, at most `step`, which cools down
        length = np.maximum(np.sqrt((move * move).sum(axis=1)), 1e-12)
        pos += move * (np.minimum(length, step) / length)[:, None]
        step -= cooling
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-12)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


# --- rendering ----------------------------------------------------------------------------------------------

def _edge_title(network: nx.MultiDiGraph, u: str, v: str, data: dict) -> str:
    """The tooltip of an edge, as text: the statement, its time, its sources and a quote from each."""
    lines = [f"{network.nodes[u].get('label', u)} — {data['relation_label']} → {network.nodes[v].get('label', v)}"]
    details = [part for part in (data.get("time"), data.get("level"), data.get("stance")) if part]
    if details:
        lines.append(" · ".join(details))
    lines.append("Source: " + ", ".join(data.get("sources", [])))
    for source, quote in data.get("quotes", [])[:2]:
        lines.append(f"“{quote[:240]}” ({source})")
    return "\n".join(lines)


def to_pyvis(network: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], *, base_url: str | None = None,
             focus: set[str] | None = None) -> Network:
    """A pyvis Network with our encoding, fixed positions and physics off."""
    view = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    degrees = dict(network.degree())
    for node, data in network.nodes(data=True):
        group, colour, shape = node_style(data.get("kind", ""))
        x, y = positions.get(node, (0.0, 0.0))
        label = data.get("label", local_name(node))
        title = "\n".join(part for part in (label, data.get("kind_label", ""), data.get("names", "")) if part)
        view.add_node(node, label=label, title=title, names=data.get("names", ""), color=colour, shape=shape,
                      x=x, y=y, physics=False, value=round(math.sqrt(1 + degrees.get(node, 0)), 3),
                      group_label=group, kind=data.get("kind", ""), side=data.get("side", ""),
                      url=_page(node, base_url), borderWidth=3 if focus and node in focus else 1)
    for u, v, key, data in network.edges(keys=True, data=True):
        group, colour, dashed = edge_style(data.get("relation", ""), data.get("stance", ""))
        # Appended directly: pyvis's add_edge drops a second edge between the same two nodes, and
        # parallel relations are the point of a multigraph.
        view.edges.append({"from": u, "to": v, "id": key, "title": _edge_title(network, u, v, data), "color": colour,
                           "dashes": dashed, "arrows": "to", "relation": data.get("relation_label", ""),
                           "group_label": group, "sources": data.get("sources", []), "start": data.get("start"),
                           "end": data.get("end"), "superseded": data.get("superseded"),
                           "timeless": bool(data.get("timeless")), "smooth": {"type": "curvedCW", "roundness": 0.1}})
    small = network.number_of_nodes() <= 80
    view.set_options(json.dumps({
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False},
        # a node's area follows its degree (value = √(1 + degree)), and so does its label; in a large view the
        # hubs' labels show at first and the others once zoomed in, so the overview stays legible. Long labels
        # wrap instead of running over their neighbours.
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}, "widthConstraint": {"maximum": 170},
                  "scaling": {"min": 6, "max": 40,
                              "label": {"enabled": True, "min": 12, "max": 30, "drawThreshold": 3 if small else 7}}},
        "edges": {"width": 1.4, "selectionWidth": 2.5, "font": {"size": 10}},
    }))
    return view


def _page(iri: str, base_url: str | None) -> str:
    """Where a double-click on a node goes: our page for it when served, else the IRI itself."""
    path = local_path(iri)
    return base_url.rstrip("/") + path if base_url is not None and path is not None else iri


def render(network: nx.MultiDiGraph, *, title: str, positions: dict[str, tuple[float, float]] | None = None,
           base_url: str | None = None, as_of: int | None = None, timeless: bool = True,
           focus: set[str] | None = None,
           embedded: bool = False) -> str:
    """The view as one HTML page that loads nothing from elsewhere."""
    positions = positions if positions is not None else layout(network)
    view = to_pyvis(network, positions, base_url=base_url, focus=focus)
    view.heading = title
    view.set_template_dir(str(_ASSETS), "view.html")
    html = view.generate_html()
    settings = {"title": title, "asOf": as_of, "timeless": timeless, "embedded": embedded,
                "served": base_url is not None}
    replacements = {
        "/*VIS_CSS*/": _asset("vis-network.css"), "/*VIEW_CSS*/": _asset("view.css"),
        "/*VIS_JS*/": _asset("vis-network.min.js"), "/*VIEW_JS*/": _asset("view.js"),
        "/*SETTINGS*/": _script_json(settings),
    }
    for marker, text in replacements.items():
        html = html.replace(marker, text)
    return html


def _asset(name: str) -> str:
    if name.startswith("vis-network"):
        import pyvis

        return (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
    return (_ASSETS / name).read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON that can sit inside a <script> element: no "</script>" can end it early."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
