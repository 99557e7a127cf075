"""`diplograph linkage`: how much of the graph is linked to Wikidata and to the codes other datasets use."""

from __future__ import annotations

import click

from .options import build_dir_option, store_option


@click.command("linkage")
@click.option("--format", "format_name", type=click.Choice(["table", "markdown", "json"]), default="table",
              show_default=True)
@click.option("--no-unlinked", is_flag=True, help="Leave out the list of unlinked entities.")
@store_option()
@build_dir_option()
def linkage(format_name, no_unlinked, store_spec, build_dir) -> None:
    """The linkage report: Wikidata coverage by class, state codes, and the entities still unlinked.

    \b
    Example:
      diplograph linkage
      diplograph linkage --format json > linkage.json
    """
    from diplograph.api import KnowledgeGraph
    from diplograph.graph.linkage import LINKAGE_QUERY, linkage_report
    from diplograph.graph.outputs import NotBuilt

    try:
        with KnowledgeGraph.open(store_spec, build_dir=build_dir) as graph:
            result = graph.query(LINKAGE_QUERY)
    except NotBuilt as error:
        raise click.ClickException(str(error)) from None
    click.echo(linkage_report(result.values()).render(format_name, unlinked=not no_unlinked), nl=False)
