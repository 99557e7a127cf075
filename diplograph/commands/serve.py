"""`diplograph serve`: the web app and SPARQL endpoint, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import click

from .options import build_dir_option, corpus_option, data_option, services_option, store_option, timeout_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@store_option("Where the graph is queried: oxigraph, oxigraph:FOLDER, rdflib, or a SPARQL endpoint URL.")
@build_dir_option()
@click.option("--load", "extra", multiple=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Also load this RDF file (.nq, .trig, .ttl, .nt); repeat for more.")
@timeout_option("Seconds a query may run before its worker is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=None,
              help="Most rows in one answer; a cut answer says so [default: 10000, or $DIPLOGRAPH_MAX_ROWS].")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Query worker processes [default: one more than the cores, or $DIPLOGRAPH_WORKERS].")
@services_option
@click.option("--curate", is_flag=True,
              help="Also serve the review pages (/curate), which write decisions to the curated files: "
                   "for this machine only, so refused on any address but a loopback one.")
@click.option("--reviewer", default=None, metavar="NAME",
              help="With --curate: who decides [default: $DIPLOGRAPH_REVIEWER, git's user.name, or the login name].")
@data_option()
@corpus_option()
def serve(host, port, store_spec, build_dir, extra, timeout, max_rows, workers, services, curate, reviewer, data,
          corpus) -> None:
    """Serve the web app: pages for every entity, the query editor, and a SPARQL 1.1 endpoint at /sparql.

    \b
    Example:
      diplograph serve                      # http://127.0.0.1:8000/
      diplograph serve --port 8080 --timeout 10 --max-rows 5000
      diplograph serve --curate             # also /curate: review proposals in the browser
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:8000/sparql
    """
    import uvicorn

    from diplograph.graph.outputs import NotBuilt, dataset_file
    from diplograph.graph.settings import SettingError, Settings
    from diplograph.web.app import create_app
    from diplograph.web.curate import is_loopback
    from diplograph.web.httpserver import uvicorn_options
    from diplograph.web.settings import ServerSettings

    if curate and not is_loopback(host):
        raise click.UsageError(f"--curate writes to the curated files, so it serves this machine only: "
                               f"give a loopback --host (127.0.0.1, ::1 or localhost), not {host}")
    if not curate and reviewer:
        raise click.UsageError("--reviewer is for --curate")
    curated = Settings.default().with_(data=data, corpus=corpus, build=build_dir) if curate else None
    store = store_spec
    try:  # the environment's settings are read now; a bad value is a one-line error that names its variable
        settings = ServerSettings.default(store=store, build=build_dir, extra_data=tuple(extra) or None,
                                          timeout=timeout, max_rows=max_rows, workers=workers,
                                          services=tuple(services) or None, curate=curated,
                                          reviewer=reviewer)
    except SettingError as error:
        raise click.ClickException(str(error)) from None
    if not store.startswith(("http://", "https://")) and not (store.startswith("oxigraph:")
                                                              and any(Path(store[9:]).glob("*"))):
        try:
            dataset_file(settings.build)
        except NotBuilt as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"diplograph: http://{host}:{port}/  (SPARQL endpoint: http://{host}:{port}/sparql)")
    if curated is not None:
        click.echo(f"review proposals: http://{host}:{port}/curate  (curated files in {curated.data})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", proxy_headers=False,
                **uvicorn_options(settings))
