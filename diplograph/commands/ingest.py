"""`diplograph ingest`: a document (.txt, .md, .html, .pdf, .docx) becomes a source of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from .options import corpus_option, data_option


@click.command("ingest")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--id", "source_id", metavar="ID", default=None,
              help="The source's id, lower-case words joined by hyphens [default: <author's last name>-<year>].")
@click.option("--title", default=None, help="Title [default: the document's own, else its first line].")
@click.option("--author", default=None, help="Author: an entity slug, or a name (a new entity is added).")
@click.option("--date", default=None, metavar="DATE", help="Date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--publisher", default=None, help="Publisher: an entity slug, or a name.")
@click.option("--url", default=None, help="Where the document was published.")
@click.option("--type", "document_type", type=click.Choice(["Article", "FactSheet", "Report"]), default="Article",
              show_default=True, help="Kind of document.")
@click.option("--encoding", default=None, help="Encoding of a text, Markdown or HTML file [default: UTF-8].")
@click.option("--new-version", is_flag=True,
              help="The text is a new version of the source --id names: its accepted facts' quotes are re-checked.")
@click.option("--force", is_flag=True, help="With --new-version: register it even if some quotes are lost.")
@corpus_option()
@data_option()
def ingest(path: Path, source_id, title, author, date, publisher, url, document_type, encoding, new_version, force,
           corpus, data) -> None:
    """Make a document a source: store its text in the corpus and describe it in sources.yaml.

    The main text is extracted (trafilatura for HTML, pypdf for PDF, python-docx
    for Word), normalised with its lines kept, and written to the corpus folder
    as ID.txt; sources.yaml gets the title, author, publisher, date and URL (from
    the document's metadata, where the options do not give them) and the SHA-256
    of the text, and facts/ID.yaml is started empty. Ingesting the same text
    again changes nothing. A changed text under an existing id is refused unless
    --new-version is given; then it becomes ID.v2.txt once every accepted fact's
    quote is found in it. Never prompts; on any problem nothing is written.

    \b
    Examples:
      diplograph ingest statement.html --corpus ~/corpus
      diplograph ingest report.pdf --id asean-2024 --author asean --date 2024-06 --type Report
      diplograph ingest notes.txt --title "Notes" --author "Jane Doe" --date 2025-03-01
    """
    from diplograph.graph.documents import DocumentError, read_document
    from diplograph.graph.errors import CurationError
    from diplograph.graph.ingest import SourceFields
    from diplograph.graph.ingest import ingest as run_ingest
    from diplograph.graph.settings import Settings

    settings = Settings.default().with_(data=data, corpus=corpus)
    fields = SourceFields(id=source_id, title=title, author=author, date=date, publisher=publisher, url=url,
                          type=document_type)
    if force and not new_version:
        raise click.UsageError("--force only goes with --new-version")
    try:
        if not settings.corpus.is_dir():
            raise DocumentError(f"corpus folder {settings.corpus} does not exist; create it, or give another with "
                                "--corpus or $DIPLOGRAPH_CORPUS")
        document = read_document(path, encoding=encoding)
        result = run_ingest(document, settings, fields, new_version=new_version, force=force)
    except (DocumentError, CurationError) as error:
        raise click.ClickException(f"{error}\nNothing was written.") from None
    if result.status == "unchanged":
        click.echo(f"{path}: already ingested as {result.source_id} ({result.file}, sha256 {result.sha256[:12]}); "
                   "nothing to do.")
        return
    if result.status == "new-version":
        click.echo(f"{path}: version {result.version} of {result.source_id} ({result.file}); "
                   f"{result.facts_rechecked} accepted facts re-checked, {len(result.quotes_lost)} quotes lost.")
        for lost in result.quotes_lost:
            click.echo(f"  not in the new text: {lost}")
    else:
        click.echo(f"{path}: added source {result.source_id} ({document.words} words, sha256 {result.sha256[:12]}).")
    for written in result.written:
        click.echo(f"  wrote {written}")
    if result.entities_added:
        click.echo(f"  new entities: {', '.join(result.entities_added)} (check their type and label)")
    click.echo(f"Next: diplograph propose {result.source_id}")
