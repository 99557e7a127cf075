"""`diplograph propose`: candidate statements for one source, checked like curated facts, for review."""

from __future__ import annotations

from pathlib import Path

import click

from .options import corpus_option, data_option


@click.command("propose")
@click.argument("source_id", metavar="SOURCE")
@click.option("--format", "output_format", type=click.Choice(["review", "json"]), default="review", show_default=True,
              help="review: write the review file (facts format, each entry marked `review: proposed`); "
                   "json: print the candidates for tools.")
@click.option("--review-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              envvar="DIPLOGRAPH_REVIEW", show_envvar=True,
              help="Folder of review files [default: review/ beside facts/ in the curated data].")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write here instead (the review file, or the JSON).")
@click.option("--extractor", type=click.Choice(["rules", "llm"]), default="rules", show_default=True,
              help="rules: offline patterns; llm: a model behind an OpenAI-compatible endpoint (--llm-url).")
@click.option("--llm-url", default=None, envvar="DIPLOGRAPH_LLM_URL", show_envvar=True, metavar="URL",
              help="Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1 (for --extractor llm).")
@click.option("--llm-model", default=None, envvar="DIPLOGRAPH_LLM_MODEL", show_envvar=True, metavar="NAME",
              help="Model name to ask (for --extractor llm).")
@corpus_option()
@data_option()
def propose(source_id: str, output_format: str, review_dir: Path | None, output: Path | None, extractor: str,
            llm_url: str | None, llm_model: str | None, corpus: Path | None, data: Path | None) -> None:
    """Propose candidate statements for SOURCE from its text, offline.

    Finds the entities the text names (labels, aliases, Wikidata labels;
    new names with a guessed class), reads statements off each sentence with
    general patterns (partnerships, signing, joining, withdrawing, visits,
    meetings, financing, figures and targets, stances, strategies, positions),
    with times resolved against the document's date and the sentence as the
    quote. Every candidate passes the build's checks (verbatim quote, classes
    of the relation's domain and range, SHACL); what fails is dropped and
    counted. A candidate the graph already states from another source is marked
    as corroborating it. Nothing enters the graph until a person accepts an
    entry (`diplograph review SOURCE`, or by hand: move it to facts/SOURCE.yaml
    and delete its `review: proposed` line). Proposing again keeps the review
    file's decisions: rejected entries are not proposed again.

    \b
    Examples:
      diplograph propose yen-2024
      diplograph propose yen-2024 --format json > yen-2024.candidates.json
      diplograph propose doe-2025 --extractor llm --llm-url http://127.0.0.1:8080/v1 --llm-model qwen2.5
    """
    from diplograph.graph.errors import CurationError
    from diplograph.graph.proposals import load_context, review_folder, review_json, review_yaml
    from diplograph.graph.proposals import propose as run_propose
    from diplograph.graph.proposals.review import read_review
    from diplograph.graph.settings import Settings, display_path

    settings = Settings.default().with_(data=data, corpus=corpus)
    try:
        context = load_context(settings)
    except CurationError as error:
        raise click.ClickException(f"the curated files have problems; fix them first:\n{error}") from None
    source = context.sources.get(source_id)
    if source is None:
        known = ", ".join(sorted(context.sources))
        raise click.ClickException(f"no source {source_id!r} in {display_path(settings.sources_file)} "
                                   f"(sources: {known}); add one with `diplograph ingest`")
    folder = source.folder(settings)
    if not (folder / source.file).is_file():
        raise click.ClickException(f"the text of {source_id} is not at {folder / source.file}; "
                                   "give the corpus folder with --corpus or $DIPLOGRAPH_CORPUS")
    text = source.read_text(folder)
    from diplograph.graph.proposals.llm import LLMError, llm_extractor

    extract = None
    if extractor == "llm":
        if not llm_url or not llm_model:
            raise click.UsageError("--extractor llm needs --llm-url and --llm-model (or $DIPLOGRAPH_LLM_URL and "
                                   "$DIPLOGRAPH_LLM_MODEL)")
        extract = llm_extractor(llm_url, llm_model)
    try:
        proposal = run_propose(context, source, text, extractor=extract, extractor_name=extractor)
    except LLMError as error:
        raise click.ClickException(f"{error}\nNothing was written.") from None
    if output_format == "json":
        payload = review_json(proposal)
        if output:
            _write(output, payload + "\n")
            click.echo(f"wrote {display_path(output)}", err=True)
        else:
            click.echo(payload)
        return
    target = output or review_folder(settings, review_dir) / f"{source_id}.yaml"
    previous = None
    if target.is_file():  # decisions made in an earlier review stand: rejected entries are not proposed again
        try:
            previous = read_review(target, display_path(target))
        except CurationError as error:
            raise click.ClickException(f"{error}\nThe review file is not one propose wrote; move it away first.") \
                from None
    _write(target, review_yaml(proposal, previous))
    corroborating = sum(1 for c in proposal.candidates if c.corroborates)
    new = len(proposal.new_entities)
    click.echo(f"{source_id}: {len(proposal.candidates)} candidates ({corroborating} corroborate the graph, "
               f"{new} new entities) from {proposal.proposed} proposed, in {proposal.seconds:.1f} s")
    for reason, count in sorted(proposal.dropped.items(), key=lambda item: -item[1]):
        click.echo(f"  dropped {count}: {reason}")
    if previous is not None and (rejected := sum(1 for e in previous.entries if e.status == "rejected")):
        click.echo(f"  kept {rejected} rejected in an earlier review (not proposed again)")
    click.echo(f"wrote {display_path(target)}: review each entry with `diplograph review {source_id}` "
               f"(or move it to facts/{source_id}.yaml and delete its `review: proposed` line)")


def _write(path: Path, text: str) -> None:
    from diplograph.graph.imports.output import write_atomically

    write_atomically(text.encode("utf-8"), path)
