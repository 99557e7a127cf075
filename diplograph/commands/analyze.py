"""`diplograph analyze`: network measures, paths, a hedging profile, charts and network exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .options import build_dir_option, store_option

if TYPE_CHECKING:
    import networkx as nx


def graph_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--build-dir and --store, shared by every subcommand."""
    return build_dir_option("Build folder to load from (default: ./build).")(store_option()(func))


def load_network(store_spec: str, build_dir: Path | None) -> nx.MultiDiGraph:
    """The projected network of the built graph, tagged with its data version (``network.graph["data_version"]``)."""
    from diplograph.api import KnowledgeGraph
    from diplograph.graph.outputs import NotBuilt
    from diplograph.graph.settings import Settings
    from diplograph.sparql.stores import StoreError
    from diplograph.viz.charts import data_version
    from diplograph.viz.projection import project

    folder = build_dir if build_dir is not None else Settings.default().build
    try:
        kg = KnowledgeGraph.open(store_spec, build_dir=folder)
    except (NotBuilt, StoreError) as error:
        raise click.ClickException(str(error)) from None
    try:
        network = project(kg)
    except StoreError as error:
        raise click.ClickException(f"the store failed: {error}") from None
    finally:
        kg.close()
    network.graph["data_version"] = data_version(folder)
    return network


def _entity(network: nx.MultiDiGraph, name: str) -> str:
    from diplograph.viz.projection import UnknownEntity, resolve

    try:
        return resolve(network, name)
    except UnknownEntity as error:
        raise click.ClickException(str(error)) from None


def _at(network: nx.MultiDiGraph, year: int | None) -> nx.MultiDiGraph:
    from diplograph.viz.projection import as_of

    return network if year is None else as_of(network, year)


def _label(network: nx.MultiDiGraph, node: str) -> str:
    from diplograph.viz.projection import label_of

    return label_of(network, node)


def _slug(iri: str) -> str:
    from diplograph.viz.projection import local_name

    return local_name(iri)


def _table(headers: list[str], rows: list[list[str]], max_width: int | None = 60) -> None:
    from diplograph.sparql.results import format_table

    click.echo(format_table(headers, rows, max_width=max_width), nl=False)


@click.group("analyze")
def analyze() -> None:
    """Network analysis of the graph: who is central, which groups form, how two
    entities are linked, and how a state hedges between the powers. Charts and
    network files (GraphML, GEXF, JSON) for other tools.

    Every subcommand reads the built graph (--build-dir) through a store (--store);
    the formulas are in docs/views-and-analysis.md.

    \b
    Examples:
      diplograph analyze centrality --measure betweenness --top 10
      diplograph analyze path cambodia quad
      diplograph analyze hedging cambodia
      diplograph analyze chart timeline -o cambodia-partnerships
      diplograph analyze export --format gexf -o diplograph.gexf
    """


@analyze.command("centrality")
@click.option("--measure", type=click.Choice(["degree", "betweenness", "eigenvector"]), default="degree",
              show_default=True,
              help="Normalised degree; exact normalised betweenness; eigenvector on the largest component.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="How many to show (0: all).")
@click.option("--as-of", "year", type=int, default=None, metavar="YEAR",
              help="Only the statements that hold that year by the as_of rule (timeless ones included).")
@graph_options
def centrality_command(measure: str, top: int, year: int | None, build_dir: Path | None, store_spec: str) -> None:
    """Rank the entities by centrality in the undirected network (one link per
    linked pair, unweighted).

    \b
    Example:
      diplograph analyze centrality --measure betweenness --top 10
      diplograph analyze centrality --measure eigenvector --as-of 2015
    """
    from diplograph.viz.analysis import centrality

    network = _at(load_network(store_spec, build_dir), year)
    ranked = centrality(network, measure)
    shown = ranked if top == 0 else ranked[:top]
    rows = [[str(i), r.label, str(network.nodes[r.iri].get("kind", "")), f"{r.score:.4f}", _slug(r.iri)]
            for i, r in enumerate(shown, 1)]
    _table(["rank", "entity", "kind", measure, "id"], rows)
    click.echo(f"({len(shown)} of {len(ranked)} entities{f', as of {year}' if year is not None else ''})", err=True)


@analyze.command("communities")
@click.option("--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True,
              help="Louvain (seeded) or greedy modularity maximisation.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain method.")
@click.option("--min-size", type=click.IntRange(min=1), default=2, show_default=True,
              help="Hide communities smaller than this (an entity with no link is a community of one).")
@click.option("--members", "all_members", is_flag=True, help="List every member (default: the eight best linked).")
@click.option("--as-of", "year", type=int, default=None, metavar="YEAR", help="Only the statements in force that year.")
@graph_options
def communities_command(method: str, seed: int, min_size: int, all_members: bool, year: int | None,
                        build_dir: Path | None, store_spec: str) -> None:
    """Find communities: groups of entities linked more among themselves than
    with the rest (links weighted by the number of statements).

    \b
    Example:
      diplograph analyze communities
      diplograph analyze communities --method greedy --members
    """
    from diplograph.viz.analysis import communities
    from diplograph.viz.projection import simple

    network = _at(load_network(store_spec, build_dir), year)
    found = communities(network, seed=seed, method=method)
    degree = dict(simple(network).degree())
    shown = [(i, group) for i, group in enumerate(found.groups, 1) if len(group) >= min_size]
    rows = []
    for index, group in shown:
        ranked = sorted(group, key=lambda n: (-degree.get(n, 0), _label(network, n).casefold()))
        names = [_label(network, n) for n in (ranked if all_members else ranked[:8])]
        more = len(group) - len(names)
        rows.append([str(index), str(len(group)), ", ".join(names) + (f", … (+{more})" if more else "")])
    modularity = "n/a" if found.modularity is None else f"{found.modularity:.4f}"
    click.echo(f"{method.capitalize()} communities{f' (seed {seed})' if method == 'louvain' else ''}: "
               f"modularity Q = {modularity}; {len(found.groups)} communities, "
               f"{len(found.groups) - len(shown)} smaller than {min_size} not shown")
    _table(["community", "size", "members (best linked first)"], rows, max_width=None if all_members else 110)


@analyze.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="At most this many paths.")
@click.option("--as-of", "year", type=int, default=None, metavar="YEAR", help="Only the statements in force that year.")
@graph_options
def path_command(a: str, b: str, limit: int, year: int | None, build_dir: Path | None, store_spec: str) -> None:
    """Show the shortest paths between two entities (slugs, IRIs or labels), with
    every statement along each hop, its sources and a verbatim quote.

    \b
    Example:
      diplograph analyze path cambodia quad
      diplograph analyze path cambodia belt-and-road-initiative --limit 1
    """
    from diplograph.viz.analysis import shortest_paths

    network = _at(load_network(store_spec, build_dir), year)
    start, end = _entity(network, a), _entity(network, b)
    if start == end:
        raise click.ClickException("give two different entities")
    paths = shortest_paths(network, start, end, limit=limit)
    if not paths:
        raise click.ClickException(f"no path between {_label(network, start)} and {_label(network, end)}")
    hops = len(paths[0].hops)
    click.echo(f"{hops} hop{'s' if hops != 1 else ''} from {_label(network, start)} to {_label(network, end)}: "
               f"{len(paths)} shortest path{'s' if len(paths) != 1 else ''} shown, best evidenced first.")
    for number, path in enumerate(paths, 1):
        click.echo(f"\nPath {number}: {' — '.join(path.labels)} ({path.statements} statements)")
        for hop in path.hops:
            click.echo(f"  {hop.source_label} — {hop.target_label}")
            for link in hop.links:
                left, right = ((hop.source_label, hop.target_label) if link.forward
                               else (hop.target_label, hop.source_label))
                when = f" ({link.time})" if link.time else ""
                click.echo(f"    {left} → {link.relation_label or link.relation} → {right}{when}"
                           f" [{', '.join(link.sources)}]")
                if link.quote:
                    click.echo(f"      \u201c{' '.join(link.quote[1].split())}\u201d ({link.quote[0]})")


@analyze.command("hedging")
@click.argument("state", default="cambodia")
@click.option("--from", "first", type=int, default=None, metavar="YEAR", help="First year (default: the first change).")
@click.option("--to", "last", type=int, default=None, metavar="YEAR",
              help="Last year (default: the last year in the data).")
@click.option("--every-year", is_flag=True,
              help="One row per year (default: only the years in which something changes).")
@click.option("--undated", type=click.Choice(["include", "exclude"]), default="include", show_default=True,
              help="Count timeless statements (identities) in every year, or leave them out.")
@graph_options
def hedging_command(state: str, first: int | None, last: int | None, every_year: bool, undated: str,
                    build_dir: Path | None, store_spec: str) -> None:
    """A state's hedging profile per year: how concentrated its engagement with the
    major powers is (HHI over the powers' shares of its engagement statements) and
    how its stances balance between the Belt and Road camp (+1) and the
    Indo-Pacific camp (-1).

    \b
    Example:
      diplograph analyze hedging cambodia
      diplograph analyze hedging cambodia --from 2010 --to 2024 --every-year
    """
    from diplograph.viz.analysis import hedging_profile

    network = load_network(store_spec, build_dir)
    iri = _entity(network, state)
    years = _years(network, iri, first, last, every_year, undated)
    profile = hedging_profile(network, iri, years, undated=undated)  # type: ignore[arg-type]
    rows = []
    for row in profile:
        lead = row.leading_power
        rows.append([str(row.year), f"{row.powers_engaged}/{row.powers_considered}", str(row.engagements),
                     _num(row.hhi), _num(row.hhi_normalised),
                     f"{lead.label} {lead.share:.0%}" if lead else "-",
                     _stance(row.bri_stance, row.bri_stances),
                     _stance(row.indo_pacific_stance, row.indo_pacific_stances),
                     _num(row.balance, signed=True)])
    click.echo(f"Hedging profile of {_label(network, iri)}")
    _table(["year", "powers", "engagements", "HHI", "HHI*", "leading power", "BRI camp", "Indo-Pacific camp",
            "balance"], rows)
    click.echo("HHI = sum of squared shares of the powers in the state's engagement statements; "
               "HHI* = (HHI - 1/K)/(1 - 1/K) over the K powers; "
               "camp columns: mean stance weight (+1 support ... -1 opposition) and number of stances; "
               "balance = (BRI - Indo-Pacific)/2.", err=True)
    shown = "" if every_year else "; only the years in which the profile can change are shown (--every-year for all)"
    click.echo(f"Undated statements {'count in every year' if undated == 'include' else 'are left out'}{shown}.",
               err=True)


def _years(network: nx.MultiDiGraph, state: str, first: int | None, last: int | None, every_year: bool,
           undated: str) -> list[int]:
    from diplograph.viz.analysis import change_years

    changes = change_years(network, state, undated=undated)  # type: ignore[arg-type]
    latest = max([y for _, _, d in network.edges(data=True) for y in (d.get("start"), d.get("end")) if y is not None],
                 default=None)
    first = first if first is not None else (changes[0] if changes else latest)
    last = last if last is not None else max([y for y in (latest, *changes) if y is not None], default=first)
    if first is None or last is None:
        raise click.ClickException("the graph has no dated statements: give --from and --to")
    if first > last:
        raise click.ClickException(f"--from {first} is after --to {last}")
    if every_year:
        return list(range(first, last + 1))
    return sorted({first, last} | {y for y in changes if first <= y <= last})


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def _stance(mean: float | None, count: int) -> str:
    return "-" if mean is None else f"{mean:+.2f} ({count})"


@analyze.command("chart")
@click.argument("kind", type=click.Choice(["timeline", "stances", "hedging"]))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="File to write, without suffix: FILE.png and FILE.svg are written.")
@click.option("--state", default="cambodia", show_default=True, help="The state of a timeline or hedging chart.")
@click.option("--from", "first", type=int, default=None, metavar="YEAR", help="Hedging chart: first year.")
@click.option("--to", "last", type=int, default=None, metavar="YEAR", help="Hedging chart: last year.")
@click.option("--undated", type=click.Choice(["include", "exclude"]), default="include", show_default=True,
              help="Hedging chart: count timeless statements (identities) in every year, or leave them out.")
@graph_options
def chart_command(kind: str, output: Path, state: str, first: int | None, last: int | None, undated: str,
                  build_dir: Path | None, store_spec: str) -> None:
    """Draw a chart as PNG and SVG: the partnerships of a state over time
    (timeline), who takes which stance toward which initiative (stances), or a
    state's hedging profile (hedging). The caption names the data version and sources.

    \b
    Example:
      diplograph analyze chart timeline -o cambodia-partnerships
      diplograph analyze chart stances -o stances
      diplograph analyze chart hedging --state cambodia --from 2010 -o hedging
    """
    from diplograph.viz import charts
    from diplograph.viz.analysis import hedging_profile

    network = load_network(store_spec, build_dir)
    if kind == "stances":
        figure = charts.stance_matrix(network)
    else:
        iri = _entity(network, state)
        if kind == "timeline":
            figure = charts.partnership_timeline(network, iri)
        else:
            years = _years(network, iri, first, last, True, undated)
            profile = hedging_profile(network, iri, years, undated=undated)  # type: ignore[arg-type]
            note = ("Undated statements count in every year." if undated == "include"
                    else "Undated statements are left out.")
            figure = charts.hedging_chart(profile, state_label=_label(network, iri),
                                          version=network.graph.get("data_version"), note=note)
    written = charts.save(figure, output)
    click.echo("Wrote " + " and ".join(str(p) for p in written), err=True)


@analyze.command("export")
@click.option("--format", "format_name", type=click.Choice(["graphml", "gexf", "json"]), required=True,
              help="GraphML, GEXF (Gephi) or node-link JSON.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="File to write.")
@graph_options
def export_command(format_name: str, output: Path, build_dir: Path | None, store_spec: str) -> None:
    """Write the network (entities as nodes, statements as edges with relation,
    time, sources and quotes) for network tools.

    \b
    Example:
      diplograph analyze export --format graphml -o diplograph.graphml
      diplograph analyze export --format gexf -o diplograph.gexf
      diplograph analyze export --format json -o diplograph.json
    """
    from diplograph.viz.export import write

    network = load_network(store_spec, build_dir)
    path = write(network, output, format_name)
    click.echo(f"Wrote {path}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges", err=True)
