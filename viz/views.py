"""Network views: a selection of the network, a layout computed in Python, and an HTML page.

The page is built with pyvis and our own template. Parallel statements between two entities are drawn as one
link (``projection.merged``), listed in its tooltip and expanded on click into the statements with their sources
and quotes. Written as a file (``diplograph viz``), vis-network (shipped inside pyvis) and the page's script are
inlined, so the file opens offline and loads nothing from anywhere; served by the web app (``assets``), the
page loads them as cached files instead and weighs only its data. Positions are computed here and physics is
off, so the page draws at once and nothing moves when the time control or a filter changes what is shown.

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

import functools
import hashlib
import json
import math
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from pyvis.network import Network

from diplograph.ontology.namespaces import BASE

from .encoding import edge_style, node_style
from .projection import MAX_LINKS, MAX_NODES, importance, local_name, merged, resolve, simple

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
    picture): Kamada-Kawai up to 1,000 nodes, a seeded force-directed layout above. The largest component is in
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
    if count <= KAMADA_KAWAI_NODES:  # stress-based: even spacing, each hub's neighbours around it, no dense core
        found = _kamada_kawai(graph)
    else:
        found = _spread(graph, seed, iterations=50 if count <= 5000 else 30)
    return {node: (float(px) * radius, float(py) * radius) for node, (px, py) in found.items()}


# igraph's Kamada-Kawai is written in C: 0.14 s for the corpus's 227 linked nodes, where networkx's (scipy's
# L-BFGS over Python callbacks) took 4 to 9 s, and 3 s for 1,000 nodes; the pictures are as even (same stress).
KAMADA_KAWAI_NODES = 1000


def _kamada_kawai(graph: nx.Graph) -> dict[str, Any]:
    """igraph's Kamada-Kawai from its circular start, in [-1, 1]; nodes in sorted order, so the same graph gives
    the same picture whatever order its nodes were added in.

    >>> square = _kamada_kawai(nx.cycle_graph(["a", "b", "c", "d"]))
    >>> sorted(square) == ["a", "b", "c", "d"] and all(abs(x) <= 1 and abs(y) <= 1 for x, y in square.values())
    True
    """
    import igraph

    nodes = sorted(graph)
    index = {node: i for i, node in enumerate(nodes)}
    drawn = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges() if u != v])
    coords = nx.rescale_layout(np.array(drawn.layout_kamada_kawai().coords, dtype=float))
    return dict(zip(nodes, coords, strict=True))


def _spread(graph: nx.Graph, seed: int, iterations: int, cells: int = 16) -> dict[str, tuple[float, float]]:
    """A force-directed layout for large graphs, in [-1, 1]: Fruchterman-Reingold with the repulsion of close
    pairs computed exactly (a k-d tree finds them) and that of the rest from the centroids of a coarse grid,
    all in numpy. networkx's spring_layout loops over the nodes in Python and takes 40 s for 5,000 of them;
    this takes about 3 s."""
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

#: The files a view's page uses besides its data: vis-network (from pyvis) and the page's own script and style.
ASSETS = ("vis-network.min.js", "vis-network.css", "view.js", "view.css")
VIS_VERSION = "9.1.2"  # the vis-network that pyvis ships (pyvis/lib/vis-9.1.2)


def asset_path(name: str) -> Path:
    """Where one of the view's files is on disk.

    >>> asset_path("view.js").name, asset_path("vis-network.min.js").parent.name
    ('view.js', 'vis-9.1.2')
    """
    if name not in ASSETS:
        raise KeyError(name)
    if name.startswith("vis-network"):
        import pyvis

        return Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}" / name
    return _ASSETS / name


@functools.cache
def asset_version(name: str) -> str:
    """A short hash of one of the view's files: part of its URL when served, so a browser may keep it for good
    and a new version has a new URL.

    >>> len(asset_version("view.js")), asset_version("view.js") == asset_version("view.js")
    (12, True)
    """
    return hashlib.sha256(asset_path(name).read_bytes()).hexdigest()[:12]


#: Where the web app serves the view's files: ASSET_ROUTE + "{version}/{name}".
ASSET_ROUTE = "/views/assets/"


def served_assets(base_url: str) -> dict[str, str]:
    """The URLs of the view's files as the web app serves them (see ``diplograph.web.networks``).

    >>> served_assets("")["view.js"].startswith("/views/assets/")
    True
    """
    return {name: f"{base_url.rstrip('/')}{ASSET_ROUTE}{asset_version(name)}/{name}" for name in ASSETS}


def _asset(name: str) -> str:
    return asset_path(name).read_text(encoding="utf-8")


def short(iri: str) -> str:
    """An IRI as the page carries it: ours shortened to ``:`` and their path (the script restores them).

    >>> short("https://w3id.org/diplograph/id/cambodia"), short("http://www.wikidata.org/entity/Q424")
    (':id/cambodia', 'http://www.wikidata.org/entity/Q424')
    """
    return ":" + iri[len(BASE):] if iri.startswith(BASE) else iri


def _compact(item: dict) -> dict:
    """Leave out what the script takes as its default: empty text, no value, false, an empty list (but not a
    zero: a rank or a coordinate of 0 is a value).

    >>> _compact({"a": "", "b": None, "c": False, "d": [], "e": 0, "f": 0.0, "g": "x"})
    {'e': 0, 'f': 0.0, 'g': 'x'}
    """
    return {key: value for key, value in item.items()
            if not (value is None or value is False or (isinstance(value, (str, list)) and not value))}


def _statement(data: dict, u: str, v: str, key: str, quotes: bool) -> dict:
    """One statement of a link, as the page's script reads it: what it says, when it holds, where from."""
    found = {"id": short(key), "from": short(u), "to": short(v), "relation": data.get("relation_label", ""),
             "time": data.get("time", ""), "level": data.get("level", ""), "stance": data.get("stance", ""),
             "sources": data.get("sources", []), "start": data.get("start"), "end": data.get("end"),
             "superseded": data.get("superseded"), "timeless": bool(data.get("timeless"))}
    if quotes:
        found["quotes"] = [[source, quote[:280]] for source, quote in data.get("quotes", [])[:2]]
    return _compact(found)


def to_pyvis(network: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], *,
             focus: set[str] | None = None) -> Network:
    """A pyvis Network with our encoding, fixed positions and physics off: one edge per linked pair, its
    statements grouped by the page's script (by their ends), so the page carries each statement once."""
    view = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    degrees = dict(simple(network).degree())
    ranks = importance(network)
    # A node's area follows its degree: its size is computed here, linearly in √(1 + degree) from 6 to 40 px
    # (vis-network's own scaling would recompute the range over every node at each change of what is shown).
    values = {node: math.sqrt(1 + degrees.get(node, 0)) for node in network}
    low, high = min(values.values(), default=1.0), max(values.values(), default=1.0)
    for node, data in network.nodes(data=True):
        group, colour, shape = node_style(data.get("kind", ""))
        x, y = positions.get(node, (0.0, 0.0))
        # pyvis's add_node checks and fills in options the page does not need: appended as the page reads them
        view.nodes.append(_compact({
            "id": short(node), "label": data.get("label", local_name(node)), "kind_label": data.get("kind_label", ""),
            "names": data.get("names", ""), "color": colour, "shape": shape, "x": round(x, 1), "y": round(y, 1),
            "size": round(6 + 34 * (values[node] - low) / (high - low), 1) if high > low else 10,
            "value": round(values[node], 2), "group_label": group,
            "side": data.get("side", ""), "rank": ranks[node], "borderWidth": 3 if focus and node in focus else None}))
        view.node_ids.append(node)
    for u, v, link in merged(network).edges(data=True):
        group, colour, dashed = edge_style(*_first_relation(network, link))
        both = len(link["directions"]) > 1
        a, b = (u, v) if both else next(iter(link["directions"]))
        view.edges.append(_compact({"from": short(a), "to": short(b), "color": colour, "dashes": dashed,
                                    "arrows": "to, from" if both else "", "group_label": group,
                                    "width": round(1.2 + math.log2(link["count"]), 2)}))
    small = network.number_of_nodes() <= 80
    view.set_options(json.dumps({
        "physics": {"enabled": False},
        # hover highlighting and tooltips are the page's own (the link nearest the pointer, every time)
        "interaction": {"hover": False, "hideEdgesOnDrag": not small, "navigationButtons": False,
                        "keyboard": False, "tooltipDelay": 3600000},
        # labels are drawn by the page, by importance
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        # straight links: one per pair, so no curve is needed to tell them apart, and a straight line is where
        # the pointer expects it
        "edges": {"selectionWidth": 2, "hoverWidth": 1.5, "smooth": False, "arrows": {"to": {"scaleFactor": 0.5}},
                  "color": {"inherit": False}},
    }))
    return view


def _first_relation(network: nx.MultiDiGraph, link: dict) -> tuple[str, str]:
    """The relation and stance of a link's first statement, which give the link its colour."""
    wanted = link["statements"][0]
    for u, v in link["directions"]:
        data = network.get_edge_data(u, v, key=wanted)
        if data is not None:
            return data.get("relation", ""), data.get("stance", "")
    raise KeyError(wanted)


#: The policy of a written view: it loads nothing from anywhere.
INLINE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
                 "font-src data:")


def render(network: nx.MultiDiGraph, *, title: str, positions: dict[str, tuple[float, float]] | None = None,
           base_url: str | None = None, as_of: int | None = None, timeless: bool = True,
           focus: set[str] | None = None, embedded: bool = False, assets: dict[str, str] | None = None,
           quotes: bool | None = None, max_nodes: int = MAX_NODES, max_links: int = MAX_LINKS,
           timeline: str | None = None) -> str:
    """The view as one HTML page.

    Served (``base_url`` given: nodes link to their pages there), the page loads vis-network and its own script
    and style as files (``assets``, by default :func:`served_assets`), which a browser caches, and reads a
    link's quotes from the server when asked (``quotes`` false by default); the page is then little more than
    its data. Written as a file (no ``base_url``), they are inlined and the page loads nothing from elsewhere.
    ``timeline`` is the URL of the timeline of the view's focus (by default, served, the web app's
    ``/views/timeline/{slug}`` of a view focused on one entity), linked from the page.
    """
    served = base_url is not None
    if served and assets is None:
        assets = served_assets(base_url or "")
    quotes = not served if quotes is None else quotes
    if timeline is None and served and focus and len(focus) == 1 and next(iter(focus)).startswith(BASE + "id/"):
        timeline = f"{(base_url or '').rstrip('/')}/views/timeline/{next(iter(focus))[len(BASE + 'id/'):]}"
    positions = positions if positions is not None else layout(network)
    view = to_pyvis(network, positions, focus=focus)
    view.heading = title
    view.set_template_dir(str(_ASSETS), "view.html")
    html = view.generate_html()
    statements = [_statement(data, u, v, key, quotes) for u, v, key, data in network.edges(keys=True, data=True)]
    settings = {"title": title, "asOf": as_of, "timeless": timeless, "embedded": embedded,
                "served": base_url is not None, "base": BASE,
                "pages": None if base_url is None else base_url.rstrip("/") + "/",
                "focus": sorted(focus or ()), "maxNodes": max_nodes,
                "maxLinks": max_links, "timeline": timeline,
                "evidence": None if quotes or base_url is None else base_url.rstrip("/") + "/views/evidence"}
    if assets is None:
        head = (f"<meta http-equiv=\"Content-Security-Policy\" content=\"{INLINE_POLICY}\">\n"
                f"<style>{_asset('vis-network.css')}</style>\n<style>{_asset('view.css')}</style>")
        scripts = f"<script>{_asset('vis-network.min.js')}</script>\n<script>{_asset('view.js')}</script>"
    else:
        head = (f'<link rel="stylesheet" href="{escape(assets["vis-network.css"])}">\n'
                f'<link rel="stylesheet" href="{escape(assets["view.css"])}">')
        scripts = (f'<script src="{escape(assets["vis-network.min.js"])}"></script>\n'
                   f'<script src="{escape(assets["view.js"])}"></script>')
    replacements = {"<!--HEAD-->": head, "<!--SCRIPTS-->": scripts, "/*SETTINGS*/": _script_json(settings),
                    "/*STATEMENTS*/": _script_json(statements, compact=True)}
    for marker, text in replacements.items():
        html = html.replace(marker, text, 1)
    return html


def _script_json(value: object, *, compact: bool = False) -> str:
    """JSON that can sit inside a <script> element: no "</script>" can end it early."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":") if compact else None)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
