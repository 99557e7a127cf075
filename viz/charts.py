"""Static charts of the network (matplotlib figures on the Agg canvas, outside pyplot: no display needed).

Each chart function returns a matplotlib Figure whose last line is a caption naming the data version and
the sources behind what is drawn; :func:`save` writes it as PNG and SVG.

>>> import diplograph
>>> from diplograph.viz.projection import project
>>> save(partnership_timeline(project(diplograph.open()), ID + "cambodia"), "timeline")
[PosixPath('timeline.png'), PosixPath('timeline.svg')]
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from .analysis import ID, STANCE_WEIGHTS, HedgingRow, camps  # noqa: F401 - ID for callers
from .projection import local_name

#: Partnership levels, lowest first, with their colours (an unknown level is drawn grey).
LEVELS: dict[str, tuple[str, str]] = {
    "partnership": ("partnership", "#9ecae1"),
    "strategic-partnership": ("strategic partnership", "#3182bd"),
    "comprehensive-strategic-partnership": ("comprehensive strategic partnership", "#08306b"),
}

#: Stance weight bands of the stance matrix, from support to opposition: (weight, legend text, colour).
STANCE_BANDS: tuple[tuple[float, str, str], ...] = (
    (1.0, "support, alignment, bandwagon (+1)", "#1a9850"),
    (0.5, "limited bandwagon (+0.5)", "#a6d96a"),
    (0.0, "hedging, neutral, silent, ambiguous (0)", "#e0e0e0"),
    (-0.5, "scepticism, concern (-0.5)", "#fdae61"),
    (-1.0, "refusal, balancing, opposition (-1)", "#d73027"),
)

#: Kinds of entity that are actors, not initiatives: rows of the stance matrix, never columns.
ACTOR_KINDS = frozenset({"State", "StateGroup", "Person", "InternationalOrganisation", "Organisation",
                         "GovernmentBody", "ArmedForce", "PoliticalParty", "Office", "ResearchInstitute",
                         "BusinessAssociation", "Region", "City", "Province", "Event"})


def data_version(build_dir: Path | str | None) -> str:
    """A short name for the data a chart is drawn from: the package version and the first 12 hex digits of the
    SHA-256 of the built dataset (``diplograph.nq``), with its statement count when the build report has it."""
    from diplograph.version import __version__

    if build_dir is None:
        return f"diplograph {__version__}"
    folder = Path(build_dir)
    dataset = folder / "diplograph.nq"
    if not dataset.is_file():
        return f"diplograph {__version__}"
    digest = hashlib.sha256(dataset.read_bytes()).hexdigest()[:12]
    version = f"diplograph {__version__}, data sha256:{digest}"
    try:
        counts = json.loads((folder / "build-report.json").read_text(encoding="utf-8"))["counts"]
        version += f" ({counts['statements']} statements)"
    except (OSError, KeyError, ValueError):
        pass
    return version


def caption(version: str | None, sources: Iterable[str]) -> str:
    """The caption line: ``Data: <version>. Sources: a, b, c.``"""
    found = sorted(set(sources))
    return f"Data: {version or 'diplograph (unversioned)'}. Sources: {', '.join(found) if found else 'none'}."


def save(figure: Figure, path: Path | str) -> list[Path]:
    """Write the figure to ``path.png`` and ``path.svg`` (a .png or .svg suffix on ``path`` is dropped) and
    close it; return the two paths."""
    base = Path(path)
    if base.suffix.lower() in (".png", ".svg"):
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix in (".png", ".svg"):
        target = base.with_name(base.name + suffix)
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # SVG text stays text: searchable, selectable
            figure.savefig(target, dpi=150, bbox_inches="tight")
        written.append(target)
    return written


def _figure(nrows: int = 1, ncols: int = 1, *, sharex: bool = False, **options):
    """A figure drawn by the Agg canvas, outside pyplot: no display, no global backend switch, nothing to close."""
    figure = Figure(**options)
    FigureCanvasAgg(figure)
    return figure, figure.subplots(nrows, ncols, sharex=sharex)


def _version(network: nx.MultiDiGraph, version: str | None) -> str | None:
    return version if version is not None else network.graph.get("data_version")


def _caption(figure: Figure, text: str) -> None:
    """The caption, just under the figure's layout box (``save`` crops to include it)."""
    figure.text(0.01, -0.01, text, fontsize=7, color="#555555", ha="left", va="top", wrap=True)


# --- Partnership timeline -------------------------------------------------------------------------------


def partnership_timeline(network: nx.MultiDiGraph, state: str, *, relation: str = "strategicPartner",
                         version: str | None = None) -> Figure:
    """The state's partnerships over time: one row per partner, one marker per partnership statement at its
    year, coloured by level, and a bar from each statement's year to the next upgrade (or to the last year
    shown) in the colour of the level then in force. Statements with no year are listed under the chart.
    """
    partners: dict[str, list[dict]] = {}
    for u, v, key, data in network.edges(keys=True, data=True):
        if data.get("relation") == relation and state in (u, v) and u != v:
            partners.setdefault(v if u == state else u, []).append({**data, "statement": key})
    state_label = network.nodes[state].get("label", local_name(state)) if state in network else local_name(state)
    figure, axes = _figure(figsize=(10, 1.4 + 0.7 * max(1, len(partners))), layout="constrained")
    figure.set_label(f"Partnerships of {state_label}")
    years = [d["start"] for ds in partners.values() for d in ds if d.get("start") is not None]
    last = max(years + [d["end"] for ds in partners.values() for d in ds if d.get("end") is not None], default=2024)
    first = min(years, default=last - 1)
    order = sorted(partners, key=lambda p: (min((d["start"] for d in partners[p] if d.get("start") is not None),
                                                 default=9999), network.nodes[p].get("label", "")))
    undated, sources = [], set()
    for row, partner in enumerate(reversed(order)):
        statements = sorted(partners[partner], key=lambda d: (d.get("start") or 9999, _rank(d.get("level"))))
        dated = [d for d in statements if d.get("start") is not None]
        for index, data in enumerate(dated):
            sources.update(data.get("sources", ()))
            later = [d["start"] for d in dated[index + 1:] if d["start"] > data["start"]]
            stop = data["end"] if data.get("end") is not None else (later[0] if later else last + 1)
            if index + 1 < len(dated) and dated[index + 1]["start"] == data["start"]:
                stop = data["start"]  # a same-year statement carries the bar on
            if stop > data["start"]:
                axes.barh(row, stop - data["start"], left=data["start"], height=0.18, color=_colour(data.get("level")),
                          alpha=0.6, zorder=1)
            offset = 0.22 * (sum(1 for d in dated[:index] if d["start"] == data["start"]))
            axes.scatter([data["start"]], [row + offset], s=90, color=_colour(data.get("level")), edgecolor="black",
                         linewidth=0.6, zorder=3)
            axes.annotate(f"{data['start']} ({', '.join(data.get('sources', ()))})", (data["start"], row + offset),
                          textcoords="offset points", xytext=(7, 4), fontsize=7)
        for data in statements:
            if data.get("start") is None:
                sources.update(data.get("sources", ()))
                undated.append(f"{network.nodes[partner].get('label', local_name(partner))}: "
                               f"{LEVELS.get(data.get('level') or '', (data.get('level') or 'partnership',))[0]} "
                               f"({', '.join(data.get('sources', ()))})")
    axes.set_yticks(range(len(order)), [network.nodes[p].get("label", local_name(p)) for p in reversed(order)])
    axes.set_ylim(-0.7, len(order) - 0.3)
    axes.set_xlim(first - 1, last + 2)
    axes.set_xlabel("year")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="x", color="#dddddd", zorder=0)
    axes.set_title(f"Partnerships of {state_label} and their upgrades")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colour, markeredgecolor="black",
                      label=label) for label, colour in LEVELS.values()]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="level",
                title_fontsize=8)
    if not partners:
        axes.text(0.5, 0.5, "no partnership statements", transform=axes.transAxes, ha="center", color="#777777")
    note = ("Undated: " + "; ".join(undated) + ". ") if undated else ""
    _caption(figure, note + caption(_version(network, version), sources))
    return figure


def _rank(level: str | None) -> int:
    return list(LEVELS).index(level) if level in LEVELS else -1


def _colour(level: str | None) -> str:
    return LEVELS[level][1] if level in LEVELS else "#999999"


# --- Stance matrix --------------------------------------------------------------------------------------


def stance_matrix(network: nx.MultiDiGraph, *, targets: Sequence[str] | None = None,
                  version: str | None = None) -> Figure:
    """Actors (rows) by initiatives (columns): each cell the actor's stance statements toward the initiative,
    coloured by the mean of their weights (``analysis.STANCE_WEIGHTS``, binned to the nearest of +1, +0.5, 0,
    -0.5, -1; a mean half-way between two bins goes to the one nearer 0) and labelled with the stances themselves.

    Columns are ``targets`` (IRIs) or, by default, every target of a ``stanceToward`` statement whose kind is
    not an actor's (:data:`ACTOR_KINDS`), ordered Belt and Road camp first, then neither camp, then the
    Indo-Pacific camp. Rows are the actors with at least one stance toward a column, by label.
    """
    cells: dict[tuple[str, str], list[dict]] = {}
    for u, v, data in network.edges(data=True):
        if data.get("relation") != "stanceToward":
            continue
        if targets is not None and v not in targets:
            continue
        if targets is None and network.nodes[v].get("kind") in ACTOR_KINDS:
            continue
        cells.setdefault((u, v), []).append(data)
    members = camps(network)
    side = {iri: 0 for iri in members["bri"]} | {iri: 2 for iri in members["indo-pacific"]}

    def label(node: str) -> str:
        return str(network.nodes[node].get("label", local_name(node)))

    columns = sorted({v for _, v in cells}, key=lambda v: (side.get(v, 1), label(v).casefold()))
    rows = sorted({u for u, _ in cells}, key=lambda u: label(u).casefold())
    figure, axes = _figure(figsize=(2.2 + 1.25 * max(1, len(columns)), 2.0 + 0.55 * max(1, len(rows))),
                                layout="constrained")
    figure.set_label("Stances toward initiatives")
    sources = set()
    for r, actor in enumerate(rows):
        for c, target in enumerate(columns):
            found = cells.get((actor, target))
            if not found:
                axes.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="white", edgecolor="#eeeeee"))
                continue
            weight = sum(STANCE_WEIGHTS.get(d.get("stance", ""), 0.0) for d in found) / len(found)
            band = min(STANCE_BANDS, key=lambda b: (abs(b[0] - weight), abs(b[0])))  # a tie goes toward 0
            axes.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=band[2], edgecolor="white", linewidth=2))
            names = sorted({d.get("stance") or "?" for d in found})
            axes.text(c, r, "\n".join(n.replace("-", "-\n") if len(n) > 14 else n for n in names), ha="center",
                      va="center", fontsize=6.5)
            for d in found:
                sources.update(d.get("sources", ()))
    axes.set_xlim(-0.5, max(1, len(columns)) - 0.5)
    axes.set_ylim(max(1, len(rows)) - 0.5, -0.5)
    axes.set_xticks(range(len(columns)), [_wrap(label(c)) for c in columns], rotation=35, ha="right", fontsize=8)
    axes.set_yticks(range(len(rows)), [label(r) for r in rows], fontsize=8)
    axes.set_title("Stances toward initiatives (Belt and Road camp left, Indo-Pacific camp right)")
    axes.legend(handles=[Patch(facecolor=colour, label=text) for _, text, colour in STANCE_BANDS],
                loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, title="stance (weight)", title_fontsize=8)
    _caption(figure, caption(_version(network, version), sources))
    return figure


def _wrap(text: str, width: int = 22) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


# --- Hedging --------------------------------------------------------------------------------------------


def hedging_chart(profile: Sequence[HedgingRow], *, state_label: str = "", version: str | None = None,
                  note: str = "") -> Figure:
    """Two panels over the profile's years: the HHI and normalised HHI of engagement with the powers (with the
    number of powers engaged on a second axis), and the stance balance between the Belt and Road camp (+1)
    and the Indo-Pacific camp (-1). ``note`` opens the caption (say how undated statements were counted)."""
    years = [row.year for row in profile]
    dots = len(years) <= 30  # markers on each year only while they stay readable
    figure, (top, bottom) = _figure(2, 1, figsize=(10, 6.5), sharex=True, layout="constrained")
    figure.set_label(f"Hedging profile {state_label}".strip())
    top.step(years, [_nan(r.hhi) for r in profile], where="post", marker="o" if dots else None, label="HHI",
             color="#3182bd")
    top.step(years, [_nan(r.hhi_normalised) for r in profile], where="post", marker="s" if dots else None,
             label="normalised HHI",
             color="#08306b", linestyle="--")
    top.set_ylim(0, 1.05)
    top.set_ylabel("concentration")
    twin = top.twinx()
    twin.bar(years, [r.powers_engaged for r in profile], color="#bbbbbb", alpha=0.35, width=0.8, label="powers engaged")
    twin.set_ylim(0, max([r.powers_considered for r in profile] + [1]) + 1)
    twin.set_ylabel("powers engaged")
    top.set_zorder(twin.get_zorder() + 1)
    top.patch.set_visible(False)
    lines = top.get_legend_handles_labels()
    bars = twin.get_legend_handles_labels()
    top.legend(lines[0] + bars[0], lines[1] + bars[1], loc="upper right", fontsize=8)
    top.set_title(f"Hedging profile{' of ' + state_label if state_label else ''}: concentration of engagement "
                  "with the major powers (HHI)")
    top.grid(axis="y", color="#eeeeee")
    bottom.axhline(0, color="#777777", linewidth=0.8)
    bottom.step(years, [_nan(r.balance) for r in profile], where="post", marker="o" if dots else None, color="#d95f0e",
                label="balance (BRI camp +1, Indo-Pacific camp -1)")
    bottom.set_ylim(-1.05, 1.05)
    bottom.set_ylabel("stance balance")
    bottom.set_xlabel("year")
    bottom.legend(loc="upper right", fontsize=8)
    bottom.grid(axis="y", color="#eeeeee")
    bottom.xaxis.get_major_locator().set_params(integer=True)
    _caption(figure, (note.rstrip() + " " if note else "") + caption(version, (s for r in profile for s in r.sources)))
    return figure


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value

