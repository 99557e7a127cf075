"""`diplograph queries` and `diplograph query`: the library of named queries from the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from diplograph import queries
from diplograph.sparql import formats

from .options import (
    build_dir_option,
    query_timeout,
    services_option,
    store_option,
    timeout_option,
)

TABLE_FORMATS = ("table", "markdown")
SELECT_FORMATS = tuple(formats.RESULTS)
GRAPH_FORMATS = tuple(name for name in formats.GRAPH_FORMATS if name not in formats.RESULTS)  # xml: RDF/XML


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise click.BadParameter(f"{pair!r}: write --param name=value", param_hint="--param")
        params[name.strip()] = value
    return params


@click.command("queries")
@click.option("--format", "format_name", type=click.Choice(["table", "markdown"]), default="table", show_default=True)
def list_queries(format_name: str) -> None:
    """List the named queries with their titles and parameters.

    \b
    Example:
      diplograph queries
    """
    from diplograph.sparql.results import format_table

    if format_name == "markdown":
        click.echo(markdown_catalogue(), nl=False)
        return
    rows = [[q.name, q.title, ", ".join(_describe(p) for p in q.params)] for q in queries.all_queries()]
    click.echo(format_table(["name", "title", "parameters"], rows, max_width=70), nl=False)


def markdown_catalogue() -> str:
    """The named queries as a markdown table (docs/queries.md holds this text)."""
    lines = ["| query | answers | parameters |", "|---|---|---|"]
    for query in queries.all_queries():
        params = ", ".join(f"`{p.name}`" + (f" = `{p.default}`" if p.default is not None
                                            else " (optional)" if p.optional else " (required)")
                           for p in query.params) or "none"
        lines.append(f"| `{query.name}` | {query.title} | {params} |")
    return "\n".join(lines) + "\n"


def _describe(param: queries.Param) -> str:
    if param.default is not None:
        return f"{param.name}={param.default}"
    return f"{param.name} (optional)" if param.optional else f"{param.name} (required)"


@click.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run the SPARQL query in this file instead of a named query.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query; repeat for several. Bound as data, never pasted into the query.")
@click.option("-f", "--format", "format_name", type=click.Choice(TABLE_FORMATS + SELECT_FORMATS + GRAPH_FORMATS),
              default="table", show_default=True,
              help="table and markdown for people; csv, tsv, json, xml (SPARQL results) for SELECT and ASK; "
                   "turtle, ntriples, jsonld for CONSTRUCT and DESCRIBE.")
@click.option("--evidence", is_flag=True, help="Add the sources and verbatim quotes behind each row.")
@store_option()
@click.option("--load/--no-load", default=None,
              help="Load the built dataset into the store first (default: yes, except for endpoints).")
@build_dir_option("Build folder to load from (default: ./build).")
@timeout_option("Stop the query after this many seconds.")
@click.option("--wide", is_flag=True, help="Do not shorten long cells in tables.")
@services_option
def run_query(name, query_file, params, format_name, evidence, store_spec, load, build_dir, timeout, wide,
              services) -> None:
    """Run a named query, a SPARQL file, or SPARQL from standard input (NAME is -).

    \b
    Examples:
      diplograph query cambodia-strategic-partnerships
      diplograph query partnerships-as-of --param as_of=2015
      diplograph query members-of -p organisation=quad --format csv
      diplograph query cambodia-strategic-partnerships --evidence
      diplograph query --file my-question.rq --format json
      echo 'ASK { GRAPH ?g { ?s ?p ?o } }' | diplograph query -
      diplograph query --file federated.rq --allow-service https://query.wikidata.org/sparql
    """
    import diplograph
    from diplograph.graph.outputs import NotBuilt
    from diplograph.sparql.guard import ServiceNotAllowed
    from diplograph.sparql.stores import QuerySyntaxError, QueryTimeout, StoreError

    timeout = query_timeout(timeout)  # $DIPLOGRAPH_QUERY_TIMEOUT is read here, when the command runs
    text, label = _query_text(name, query_file)
    try:
        kg = diplograph.open(store_spec, build_dir=build_dir, load=load, allow_services=list(services) or None)
    except NotBuilt as error:
        raise click.ClickException(str(error)) from None
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    try:
        result = kg.query(text, evidence=evidence, timeout=timeout, **_parse_params(params))
    except queries.QueryError as error:
        raise click.ClickException(str(error)) from None
    except QuerySyntaxError as error:
        sparql = text if label != name else queries.load(name).sparql
        raise click.ClickException(_syntax_report(error, sparql, label)) from None
    except (QueryTimeout, ServiceNotAllowed) as error:
        raise click.ClickException(str(error)) from None
    except StoreError as error:
        raise click.ClickException(f"the store failed: {error}") from None
    finally:
        kg.close()
    _write(result, format_name, evidence, wide)


def _query_text(name: str | None, query_file: Path | None) -> tuple[str, str]:
    if query_file is not None:
        if name:
            raise click.UsageError("give a query NAME or --file, not both")
        return query_file.read_text(encoding="utf-8"), str(query_file)
    if name == "-":
        return sys.stdin.read(), "standard input"
    if not name:
        raise click.UsageError("give a query NAME (see `diplograph queries`), --file FILE.rq, or - for standard input")
    return name, name


def _syntax_report(error, text: str, label: str) -> str:
    lines = text.splitlines()
    report = f"{label}: {error}"
    if error.line and 1 <= error.line <= len(lines):
        source = lines[error.line - 1]
        caret = " " * max(0, (error.column or 1) - 1) + "^"
        report += f"\n  {error.line:>4} | {source}\n       | {caret}"
    return report


def _write(result, format_name: str, evidence: bool, wide: bool) -> None:
    from diplograph.sparql.results import format_markdown, format_table

    if format_name in TABLE_FORMATS:
        headers, rows = result.table_rows(evidence)
        if format_name == "markdown":
            click.echo(format_markdown(headers, rows), nl=False)
        else:
            click.echo(format_table(headers, rows, max_width=None if wide else 60), nl=False)
            if result.kind == "select":
                click.echo(f"({len(result)} row{'s' if len(result) != 1 else ''})", err=True)
        return
    try:
        payload = result.serialize(format_name)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    sys.stdout.buffer.write(payload)
    if not payload.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    sys.stdout.buffer.flush()
