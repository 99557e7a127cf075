"""`diplograph viz`: network views written as self-contained HTML."""

from __future__ import annotations

from pathlib import Path

import click

from diplograph.viz import VIEWS

from .options import build_dir_option, store_option


@click.command("viz")
@click.option("--view", "view_name", type=click.Choice(list(VIEWS)), default="overview",
              show_default=True, help="overview: everything; ego ENTITY; initiative NAME; compare A B.")
@click.argument("entities", nargs=-1)
@click.option("--as-of", type=int, default=None, help="Open the view as of this year (the time control can change it).")
@click.option("--timeless/--no-timeless", default=True, show_default=True,
              help="Keep the claims with no date (undated or timeless) when a year is set, or leave them out "
                   "(the page can change it).")
@click.option("--radius", type=click.IntRange(1, 3), default=1, show_default=True,
              help="Steps around the entity (ego view).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="HTML file to write (default: VIEW[-ENTITY...].html here).")
@store_option()
@build_dir_option()
def viz(view_name, entities, as_of, timeless, radius, output, store_spec, build_dir) -> None:
    """Write a network view as one HTML file that opens offline and loads nothing from elsewhere.

    Nodes are coloured and shaped by class, links by relation and stance; the statements between two entities
    are one link: hover it for their number and relations, click it for each with its time, sources and
    quotes. The page has search, filters by class, relation and source, a time control, neighbourhood
    highlight, a legend and the statements shown as a list. The time control shows the claims that hold in a
    year by the as_of rule (docs/curation.md): claims with no date (undated or timeless) are kept or left out
    as chosen, and the page says how many of each. Beyond 400 entities the page draws the best-linked ones
    and says so.

    \b
    Example:
      diplograph viz                                   # overview.html
      diplograph viz --view ego cambodia --as-of 2019
      diplograph viz --as-of 2019 --no-timeless
      diplograph viz --view initiative belt-and-road-initiative -o bri.html
      diplograph viz --view compare china japan
    """
    from diplograph.api import KnowledgeGraph
    from diplograph.graph.outputs import NotBuilt
    from diplograph.viz import views
    from diplograph.viz.projection import UnknownEntity, merged, project, resolve
    from diplograph.viz.projection import as_of as holding_in

    wanted = VIEWS[view_name]
    if len(entities) != wanted:
        raise click.UsageError(f"--view {view_name} takes {wanted} entit{'y' if wanted == 1 else 'ies'}, "
                               f"not {len(entities)}")
    try:
        with KnowledgeGraph.open(store_spec, build_dir=build_dir) as graph:
            network = project(graph)
    except NotBuilt as error:
        raise click.ClickException(str(error)) from None
    try:
        if view_name == "ego":
            selected, title = views.ego(network, entities[0], radius), None
        elif view_name == "initiative":
            selected, title = views.initiative(network, entities[0]), None
        elif view_name == "compare":
            selected, title = views.compare(network, *entities), None
        else:
            selected, title = network, "Overview"
        focus = {resolve(network, name) for name in entities}
    except UnknownEntity as error:
        raise click.ClickException(str(error)) from None
    if title is None:
        title = " and ".join(network.nodes[node]["label"] for node in sorted(focus))
    output = output or Path("-".join([view_name, *entities]) + ".html")
    output.write_text(views.render(selected, title=title, as_of=as_of, timeless=timeless, focus=focus),
                      encoding="utf-8")
    click.echo(f"{output}: {selected.number_of_nodes()} nodes, {selected.number_of_edges()} statements "
               f"in {merged(selected).number_of_edges()} links")
    if as_of is not None:
        edges = [data for *_, data in selected.edges(data=True)]
        timeless_count = sum(1 for data in edges if data.get("timeless"))
        undated = sum(1 for data in edges if not data.get("timeless") and data.get("start") is None
                      and data.get("end") is None)
        dated = holding_in(selected, as_of, timeless=False).number_of_edges()
        held = holding_in(selected, as_of, timeless=timeless).number_of_edges()
        click.echo(f"as of {as_of}: {held} of {selected.number_of_edges()} statements shown: {dated} dated ones in "
                   f"force, {undated + timeless_count} with no date ({undated} undated, {timeless_count} timeless) "
                   f"{'kept' if timeless else 'left out'}")
