"""`diplograph import`: a table of your own (CSV keyed by ISO, COW or Wikidata codes) into its own named graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import build_dir_option

_SHOWN_SKIPS = 10  # rows skipped are listed up to this many; the count is always given


@click.command("import")
@click.argument("mapping_file", metavar="MAPPING", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="The table to import (default: the mapping's `source`, relative to the mapping file).")
@click.option("--dry-run", is_flag=True, help="Check the mapping and map the table, print the counts, write nothing.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the graph to this N-Quads file instead of BUILD/imports/NAME.nq.")
@build_dir_option("Build whose entities the keys are matched to, and whose imports/ folder is written "
                  "(default: ./build).")
def import_table(mapping_file: Path, csv_file: Path | None, dry_run: bool, output: Path | None,
                 build_dir: Path | None) -> None:
    """Import a CSV table into its own named graph, as a mapping file says.

    Each row becomes a node (a qb:Observation unless the mapping says otherwise)
    linked to the entity its key column names, by ISO 3166, UN M49, COW or
    Wikidata code; the graph also says where the table came from (PROV-O, with
    the file's SHA-256). It is written to BUILD/imports/NAME.nq, which
    `diplograph query` and `diplograph serve` load with the build; a rebuild
    keeps it. A failed import writes nothing and leaves the previous one as it was.

    \b
    Examples:
      diplograph import tests/data/imports/unga-votes.mapping.yaml
      diplograph import my-indicators.mapping.yaml --csv wdi-2024.csv --dry-run
      diplograph import tests/data/imports/wdi-indicators.mapping.yaml -o wdi.nq
    """
    from diplograph.graph.errors import CurationError
    from diplograph.graph.imports import (
        EntityIndex,
        import_file,
        load_mapping,
        run_import,
        write_atomically,
    )
    from diplograph.graph.outputs import NotBuilt
    from diplograph.graph.settings import Settings, display_path

    build = build_dir or Settings.default().build
    target: Path | None = None
    try:
        mapping = load_mapping(mapping_file, display_path(mapping_file))
        table = csv_file or mapping.source
        if table is None:
            raise click.UsageError(f"{mapping.display} names no `source`: give the table with --csv FILE")
        if not table.is_file():
            raise click.ClickException(f"{mapping.display}: source: no file {display_path(table)}")
        target = output or import_file(build, mapping.name)
        result = run_import(mapping, table, EntityIndex.from_build(build), csv_display=display_path(table))
    except NotBuilt as error:
        raise click.ClickException(f"{error} (the keys are matched to the built graph's entities)") from None
    except CurationError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        unchanged = (f"; {display_path(target)} is unchanged"
                     if target is not None and target.exists() and not dry_run else "")
        click.echo(f"Import failed: nothing was written{unchanged}.", err=True)
        sys.exit(1)

    click.echo(f"{mapping.name}: {result.rows} rows, {result.mapped} mapped to {len(result.entities)} entities, "
               f"{len(result.skipped)} skipped; {result.triples} triples in <{mapping.graph}>")
    if result.skipped:
        shown = ", ".join(f"line {line} {value!r}" for line, value in result.skipped[:_SHOWN_SKIPS])
        more = f" and {len(result.skipped) - _SHOWN_SKIPS} more" if len(result.skipped) > _SHOWN_SKIPS else ""
        click.echo(f"skipped (no entity has this {mapping.key_code} code): {shown}{more}")
    if dry_run:
        click.echo("Dry run: nothing written.")
        return
    assert target is not None
    write_atomically(result.nquads(), target)
    click.echo(f"Wrote {display_path(target)}")
