"""`diplograph link`: reconcile unlinked entities with Wikidata for review, and keep Wikidata's facts for the build."""

from __future__ import annotations

from pathlib import Path

import click

from .options import data_option

_ENDPOINT_HELP = "A Wikidata-compatible SPARQL endpoint (default: Wikidata's query service)."


def _options(func):
    func = click.option("--min-interval", type=float, default=1.0, show_default=True,
                        help="Seconds between two queries to the endpoint.")(func)
    func = click.option("--refresh", is_flag=True,
                        help="Ask the endpoint again even when the cache has an answer.")(func)
    func = click.option("--offline", is_flag=True, help="Answer from the cache only; never touch the network.")(func)
    func = click.option("--endpoint", default=None, metavar="URL", help=_ENDPOINT_HELP)(func)
    func = data_option("Folder of curated files (default: the installed package's).")(func)
    return func


def _client(settings, endpoint, offline, refresh, min_interval):
    from diplograph.graph.wikidata import WIKIDATA_ENDPOINT, SparqlClient

    return SparqlClient(endpoint=endpoint or WIKIDATA_ENDPOINT, cache_dir=settings.wikidata_cache,
                        offline=offline, refresh=refresh, min_interval=min_interval)


def _entities(settings):
    from diplograph.graph.entities import load_entities
    from diplograph.graph.errors import CurationError, Problems
    from diplograph.graph.vocabulary import Vocabulary
    from diplograph.graph.wikidata import apply_reviewed_links

    try:
        entities = load_entities(settings.entities_dir, settings.crosswalk_file, Vocabulary.from_ontology())
        problems = Problems()
        apply_reviewed_links(entities, settings.review_file, problems)
        problems.raise_if_any()
    except CurationError as error:
        raise click.ClickException(str(error)) from None
    return entities


@click.group("link")
def link() -> None:
    """Link entities to Wikidata: candidates for review, and Wikidata's facts about linked items.

    \b
    Examples:
      diplograph link reconcile                 candidates for every unlinked entity, into the review file
      diplograph link reconcile --class State   only states
      diplograph link enrich                    labels, coordinates, dates and codes of linked items
      diplograph link enrich --offline          the same, from the cache only

    Set $DIPLOGRAPH_CONTACT (an e-mail or URL) to name yourself to the endpoint, as Wikidata asks.
    """


@link.command("reconcile")
@_options
@click.option("--class", "classes", multiple=True, metavar="CLASS",
              help="Only entities of this class (repeatable), e.g. State.")
@click.option("--review", "review_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The review file to write (default: graph/data/wikidata/review.yaml).")
def reconcile_command(data, endpoint, offline, refresh, min_interval, classes, review_file) -> None:
    """Find scored Wikidata candidates for unlinked entities and write them to the review file.

    Entities checked as having no Wikidata item (`wikidata_none`) are left out.

    Nothing enters the graph until a decision in the review file says `accept Q...`.
    Decisions already taken are kept when the file is written again.

    \b
    Examples:
      diplograph link reconcile                            every unlinked entity
      diplograph link reconcile --class State --offline    only states, answered from the cache
    """
    from diplograph.graph.settings import Settings, display_path
    from diplograph.graph.wikidata import EndpointError
    from diplograph.graph.wikidata.reconcile import Unlinked, reconcile
    from diplograph.graph.wikidata.review import write_review

    settings = Settings.default().with_(data=data)
    unlinked = [Unlinked(e.slug, e.type, e.label, tuple(e.aliases)) for e in _entities(settings).values()
                if not e.wikidata and not e.wikidata_none and (not classes or e.type in classes)]
    client = _client(settings, endpoint, offline, refresh, min_interval)
    try:
        results = reconcile(unlinked, client)
    except EndpointError as error:
        raise click.ClickException(str(error)) from None
    target = review_file or settings.review_file
    counts = write_review(target, results)
    for item in results:
        if item.candidates:
            best = item.candidates[0]
            more = f" (+{len(item.candidates) - 1} more)" if len(item.candidates) > 1 else ""
            click.echo(f"{item.entity.slug:40} {best.qid:>12} {best.score:4.2f}  {best.label}{more}")
    click.echo(f"{len(unlinked)} unlinked entities: {counts['with candidates']} with candidates, "
               f"{counts['without candidates']} without; {counts['decided']} decided in {display_path(target)}",
               err=True)


@link.command("enrich")
@_options
def enrich_command(data, endpoint, offline, refresh, min_interval) -> None:
    """Keep Wikidata's labels (km, zh, ja, ko, th, vi), coordinates, dates and codes for every linked item.

    The answers go to graph/data/wikidata/enrichment.json; the next build puts them in their own named graph,
    with the endpoint and the retrieval time as provenance.

    \b
    Examples:
      diplograph link enrich              ask the endpoint about every linked item
      diplograph link enrich --offline    the same, from the cache only
    """
    from diplograph.graph.settings import Settings, display_path
    from diplograph.graph.wikidata import EndpointError
    from diplograph.graph.wikidata.enrich import fetch, write_answers

    settings = Settings.default().with_(data=data)
    qids = [e.wikidata for e in _entities(settings).values() if e.wikidata]
    client = _client(settings, endpoint, offline, refresh, min_interval)
    try:
        answers = fetch(qids, client)
    except EndpointError as error:
        raise click.ClickException(str(error)) from None
    write_answers(settings.enrichment_file, answers)
    values = sum(len(answer.rows()) for answer in answers)
    cached = sum(1 for answer in answers if answer.from_cache)
    click.echo(f"{values} values about {len(set(qids))} linked items, in {len(answers)} answers "
               f"({cached} from the cache), kept in {display_path(settings.enrichment_file)}; "
               "run `diplograph build` to put them in the graph", err=True)
