"""The `diplograph` command: a thin layer over the library API."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from diplograph.commands.options import path_options, store_option
from diplograph.version import __version__

_STATUS_MARKS = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip", "warning": "warn"}
_REASONERS = ("auto", "hermit", "owlrl", "none")


def _settings(data: Path | None, corpus: Path | None, build_dir: Path | None):
    from diplograph.graph.settings import Settings

    return Settings.default().with_(data=data, corpus=corpus, build=build_dir)


def _print_step(step) -> None:
    mark = _STATUS_MARKS.get(step.status, step.status)
    click.echo(f"[{mark}] {step.name} ({step.seconds:.2f} s)")
    for message in step.messages:
        click.echo(f"       {message}")


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Let SIGTERM stop the block as Ctrl-C does, by an exception, so that its clean-up runs.

    Python's default is to die on the spot; unwinding stops the reasoner's process
    group and removes a half-written staging folder. (Against SIGKILL, which nothing
    can catch, the build has other guards: see diplograph.ontology.hermit and
    diplograph.graph.staging.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diplograph")
def cli() -> None:
    """diplograph: an evidence-first knowledge graph of foreign policy in Southeast Asia and the Indo-Pacific.

    Every fact carries its source document, a verbatim quote and its time.

    \b
    Start with:
      diplograph build          check the curated facts and build the graph
      diplograph stats          what the graph holds
      diplograph queries        the library of named queries
      diplograph query cambodia-strategic-partnerships --evidence
      diplograph export --format trig -o graph.trig
      diplograph serve          the web app and SPARQL endpoint on http://127.0.0.1:8000/
    """


@cli.command()
@path_options
@click.option("--reasoner", type=click.Choice(_REASONERS), default="auto", show_default=True,
              help="Consistency check: HermiT when Java is present (auto), HermiT, OWL RL, or none.")
@click.option("--no-reasoner", is_flag=True, help="Same as --reasoner none.")
@click.option("--no-docs", is_flag=True, help="Do not write the ontology's HTML documentation.")
def build(data, corpus, build_dir, reasoner, no_reasoner, no_docs) -> None:
    """Check the curated facts and build the dataset.

    Checks, in order: the facts files parse; every quote appears verbatim in its
    source; the SHACL shapes conform; the reasoner finds the data consistent.
    Then writes diplograph.trig, diplograph.nq, ontology.ttl, ontology/index.html,
    search.sqlite (the full-text index of the quotes and the source lines) and
    build-report.json. A failed build exits 1 and leaves the previous build as it was.

    \b
    Example:
      diplograph build --corpus ../shared/seeds
    """
    from diplograph.graph.build import BuildFailed
    from diplograph.graph.build import build as run_build

    settings = _settings(data, corpus, build_dir)
    try:
        with _sigterm_unwinds():
            report = run_build(settings, reasoner="none" if no_reasoner else reasoner, docs=not no_docs,
                               log=_print_step)
    except BuildFailed:
        click.echo("Build failed: the previous build, if any, is unchanged.", err=True)
        sys.exit(1)
    counts = report.counts
    click.echo(f"Built {counts['statements']} statements about {counts['entities']} entities from "
               f"{counts['sources']} sources ({counts['quads']} quads) into {report.output}")


@cli.command()
@path_options
@click.option("--reasoner", type=click.Choice(_REASONERS), default="auto", show_default=True,
              help="Consistency check to run (see `build`).")
@click.option("--no-reasoner", is_flag=True, help="Same as --reasoner none.")
def validate(data, corpus, build_dir, reasoner, no_reasoner) -> None:
    """Run every check of `build` without writing anything.

    Exits 0 when the curated files are valid, 1 otherwise, printing each problem
    with file, line and field.

    \b
    Example:
      diplograph validate --no-reasoner
    """
    from diplograph.graph.build import run_checks

    report, _ = run_checks(_settings(data, corpus, build_dir), reasoner="none" if no_reasoner else reasoner,
                           log=_print_step)
    if not report.ok:
        sys.exit(1)
    click.echo("Valid.")


@cli.command()
@path_options
@store_option()
def stats(data, corpus, build_dir, store_spec) -> None:
    """Print what the built graph holds: entities by class, statements by kind,
    relation and source, and links to external identifiers.

    \b
    Examples:
      diplograph stats
      diplograph stats --store http://127.0.0.1:7878/query
    """
    import diplograph
    from diplograph.graph.outputs import NotBuilt
    from diplograph.graph.stats import compute_stats, format_stats
    from diplograph.sparql.stores import StoreError

    settings = _settings(data, corpus, build_dir)
    try:
        with diplograph.open(store_spec, build_dir=settings.build) as graph:
            click.echo(format_stats(compute_stats(graph.store)), nl=False)
    except (NotBuilt, StoreError) as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@path_options
@click.option("--format", "format_name",
              type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "events", "dyad-years"]),
              default="trig", show_default=True,
              help="RDF format to write; or a table: `events` (one row per interaction, with PLOVER, CAMEO, quad "
                   "class and Goldstein codes) or `dyad-years` (one row per directed pair of states and year).")
@click.option("--table-format", type=click.Choice(["csv", "parquet"]), default=None,
              help="For `events` and `dyad-years`: CSV, or Parquet (needs pyarrow). Default: parquet when the "
                   "output file ends in .parquet, else csv.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: standard output).")
@store_option("Export what this store holds (oxigraph:PATH, a SPARQL endpoint URL, ...) instead of the build's "
              "files. A store may write typed literals in their canonical form.", default=None)
def export(data, corpus, build_dir, format_name, table_format, output, store_spec) -> None:
    """Write the built dataset in a standard RDF format, or as an event-data table.

    trig, nquads and jsonld carry every named graph (one per source document,
    plus ontology, entities, sources and the derived direct edges); turtle and
    ntriples carry the union of all graphs.

    events and dyad-years are tables to join with event and dyad data (GDELT,
    POLECAT, Correlates of War); their columns are in docs/event-data.md.

    \b
    Examples:
      diplograph export --format trig -o diplograph.trig
      diplograph export --format ntriples | wc -l
      diplograph export --store oxigraph:./data --format nquads -o served.nq
      diplograph export --format events -o events.csv
      diplograph export --format dyad-years -o dyad-years.parquet
    """
    if format_name in ("events", "dyad-years"):
        _export_table(data, corpus, build_dir, format_name, table_format, output, store_spec)
        return
    import pyoxigraph as ox

    import diplograph
    from diplograph.graph.export import export as run_export
    from diplograph.graph.outputs import NotBuilt, read_quads
    from diplograph.sparql.stores import StoreError

    settings = _settings(data, corpus, build_dir)
    try:
        if store_spec is None:
            quads = list(read_quads(settings.build))  # the terms exactly as the build wrote them
        else:
            with diplograph.open(store_spec, build_dir=settings.build) as graph:
                quads = list(ox.parse(graph.store.dump("nquads"), format=ox.RdfFormat.N_QUADS))
    except (NotBuilt, StoreError) as error:
        raise click.ClickException(str(error)) from None
    if output is None:
        run_export(quads, format_name, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with output.open("wb") as handle:
            run_export(quads, format_name, handle)
        click.echo(f"Wrote {output}", err=True)


def _export_table(data, corpus, build_dir, format_name, table_format, output, store_spec) -> None:
    """`export --format events|dyad-years`: the table made from the store's answers to graph/queries/*.rq."""
    import diplograph
    from diplograph.graph.eventdata import dyad_year_table, event_table, write_table
    from diplograph.graph.outputs import NotBuilt
    from diplograph.sparql.stores import StoreError

    if table_format is None:
        table_format = "parquet" if output is not None and output.suffix == ".parquet" else "csv"
    if table_format == "parquet" and output is None:
        raise click.UsageError("Parquet is binary: give a file with -o")
    settings = _settings(data, corpus, build_dir)
    try:
        with diplograph.open(store_spec, build_dir=settings.build) as graph:
            table = event_table(graph.store) if format_name == "events" else dyad_year_table(graph.store)
    except (NotBuilt, StoreError) as error:
        raise click.ClickException(str(error)) from None
    try:
        if output is None:
            write_table(table, sys.stdout.buffer, table_format)
            sys.stdout.buffer.flush()
        else:
            write_table(table, output, table_format)
            click.echo(f"Wrote {len(table)} rows to {output}", err=True)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None


@cli.command("ontology")
@click.option("--format", "format_name", type=click.Choice(["summary", "turtle"]), default="summary", show_default=True,
              help="A summary of classes and relations, or the ontology itself in Turtle.")
def ontology_command(format_name) -> None:
    """Show the ontology shipped with diplograph: its classes, its relations
    (the `p:` of a fact) and its concept schemes.

    \b
    Examples:
      diplograph ontology
      diplograph ontology --format turtle > diplograph.ttl
    """
    from diplograph import ontology
    from diplograph.graph.vocabulary import Vocabulary

    graph = ontology.load()
    if format_name == "turtle":
        click.echo(graph.serialize(format="turtle"), nl=False)
        return
    vocabulary = Vocabulary.from_ontology(graph)
    click.echo(f"{len(vocabulary.classes)} classes, {len(vocabulary.relations)} relations, "
               f"{sum(len(c) for c in vocabulary.concepts.values())} concepts in {len(vocabulary.concepts)} schemes\n")
    click.echo("Relations (subject -> object):")
    for relation in sorted(vocabulary.relations.values(), key=lambda r: r.name):
        target = relation.range or (f"concept of {relation.scheme}" if relation.scheme else relation.value_kind)
        click.echo(f"  {relation.name:22} {relation.domain or 'Entity'} -> {target}")
    click.echo("\nConcept schemes:")
    for scheme, concepts in sorted(vocabulary.concepts.items()):
        click.echo(f"  {scheme}: {', '.join(sorted(concepts))}")


def _add_commands() -> None:
    """Every subcommand kept in ``diplograph.commands``, added to the group."""
    from diplograph.commands.analyze import analyze
    from diplograph.commands.ingest import ingest
    from diplograph.commands.linkage import linkage
    from diplograph.commands.propose import propose
    from diplograph.commands.query import list_queries, run_query
    from diplograph.commands.review import review
    from diplograph.commands.serve import serve
    from diplograph.commands.tables import import_table
    from diplograph.commands.viz import viz
    from diplograph.commands.wikidata import link

    cli.add_command(list_queries)
    cli.add_command(run_query)
    cli.add_command(linkage)
    cli.add_command(link)
    cli.add_command(serve)
    cli.add_command(analyze)
    cli.add_command(viz)
    cli.add_command(import_table)
    cli.add_command(ingest)
    cli.add_command(propose)
    cli.add_command(review)


_add_commands()


def main() -> None:
    """Entry point of the `diplograph` console script."""
    cli()


if __name__ == "__main__":
    main()
