"""`diplograph review`: a person decides, entry by entry, what of a source's proposal enters the graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from diplograph.graph.proposals.decide import Review
    from diplograph.graph.settings import Settings

from .options import build_dir_option, corpus_option, data_option

KEYS = {"a": "accept", "e": "edit", "r": "reject", "s": "skip", "q": "quit"}


@click.command("review")
@click.argument("source_id", metavar="SOURCE")
@click.option("--reviewer", default=None, metavar="NAME",
              help="Who decides, written as `reviewed_by` [default: $DIPLOGRAPH_REVIEWER, git's user.name, "
                   "or the login name].")
@click.option("--review-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              envvar="DIPLOGRAPH_REVIEW", show_envvar=True,
              help="Folder of review files [default: review/ beside facts/ in the curated data].")
@click.option("-f", "--file", "review_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="Review this file instead.")
@click.option("--accept-corroborations", is_flag=True,
              help="Accept, without asking, every entry that corroborates a statement of another source.")
@click.option("--build", "run_build", is_flag=True, help="Run `diplograph build` afterwards and print what it says.")
@corpus_option()
@data_option()
@build_dir_option()
def review(source_id: str, reviewer: str | None, review_dir: Path | None, review_file: Path | None,
           accept_corroborations: bool, run_build: bool, corpus: Path | None, data: Path | None,
           build_dir: Path | None) -> None:
    """Review the proposed entries of SOURCE, one at a time, in the terminal.

    Shows each entry of review/SOURCE.yaml that waits for a decision: the
    statement, its rule, confidence and corroboration, and its quote in the
    source text with the line. One key decides: a accept, e edit (relation,
    subject, object or value, time, qualifiers; the ontology's terms are
    offered and the entry is checked by the build's own reader), r reject,
    s skip, q quit. Accepted entries are appended to facts/SOURCE.yaml with
    `reviewed_by` and `reviewed_on`; rejected ones stay in the review file,
    marked `review: rejected`, and are not proposed again. A new entity an
    entry names is confirmed (to entities/reviewed.yaml) or merged into an
    existing one first. Each decision is written when it is made, so a review
    stopped at any point keeps what was decided. Keys may also come one a line
    on standard input.

    \b
    Examples:
      diplograph review yen-2024
      diplograph review yen-2024 --reviewer "Jane Doe" --build
      printf 'a\\nr\\nq\\n' | diplograph review yen-2024
    """
    from diplograph.graph.proposals import review_folder
    from diplograph.graph.proposals.decide import DecisionError, Review
    from diplograph.graph.settings import Settings

    settings = Settings.default().with_(data=data, corpus=corpus, build=build_dir)
    path = review_file or review_folder(settings, review_dir) / f"{source_id}.yaml"
    try:
        session = Review.open(settings, source_id, path, reviewer)
    except DecisionError as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:  # a review file that is not one: CurationError names file and line
        raise click.ClickException(str(error)) from None
    console = Console(session)
    counts = console.run(accept_corroborations)
    click.echo("\n" + ", ".join(f"{n} {what}" for what, n in counts.items()) + f"; reviewer {session.reviewer}")
    if run_build or (sys.stdin.isatty() and counts.get("accepted", 0) + counts.get("edited", 0)
                     and click.confirm("Rebuild the graph now?", default=False)):
        sys.exit(rebuild(settings))
    if counts.get("accepted", 0) + counts.get("edited", 0):
        click.echo("run `diplograph build` to check the accepted entries with the rest of the graph")


def rebuild(settings: Settings) -> int:
    """Run `diplograph build` on the same curated data; print what it says; its exit status."""
    command = [sys.executable, "-m", "diplograph", "build", "--data", str(settings.data), "--corpus",
               str(settings.corpus), "--build-dir", str(settings.build)]
    click.echo("$ diplograph build")
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    click.echo(done.stdout.rstrip())
    return done.returncode


class Quit(Exception):
    """The reviewer asked to stop (q, end of input, Ctrl-C)."""


class Console:
    """The terminal's side of a review: shows entries, reads keys and answers, calls :class:`Review`."""

    def __init__(self, session: Review) -> None:
        self.session = session
        self.interactive = sys.stdin.isatty()
        self.merged: dict[str, str] = {}  # new entities merged in this session: the file's entries name the other

    def key(self, prompt: str, allowed: str) -> str:
        """One key: a keystroke in a terminal, the first letter of a line otherwise (end of input is q)."""
        while True:
            click.echo(prompt + " ", nl=False)
            if self.interactive:
                try:
                    typed = click.getchar()
                except (KeyboardInterrupt, EOFError):
                    typed = "q"
                click.echo(typed)
            else:
                line = sys.stdin.readline()
                click.echo(line.rstrip("\n"))
                typed = line.strip()[:1] if line else "q"
            typed = typed.lower()
            if typed in allowed:
                return typed
            if typed in ("\x03", "\x04"):  # Ctrl-C, Ctrl-D read as keys
                return "q"
            click.echo(f"  one of: {', '.join(allowed)}")

    def ask(self, prompt: str, default: str = "") -> str:
        """A line of text; the default when it is empty. Read from a pipe, the answer is echoed, as a terminal does."""
        try:
            answer = click.prompt(prompt, default=default, show_default=bool(default))
        except (click.Abort, EOFError, KeyboardInterrupt):
            raise Quit from None
        if not self.interactive:
            click.echo(answer)
        return answer

    def run(self, accept_corroborations: bool) -> dict[str, int]:
        from diplograph.graph.proposals.decide import DecisionError
        from diplograph.graph.proposals.review import rename_entities

        counts = {"accepted": 0, "edited": 0, "rejected": 0, "skipped": 0}
        pending = self.session.read().pending()
        click.echo(f"{self.session.source.id}: {len(pending)} entries to review in {self.session.path}")
        try:
            for number, item in enumerate(pending, start=1):
                item.entry = rename_entities(item.entry, self.merged)  # as merge_entity rewrote it in the file
                while True:
                    self.show(item, number, len(pending))
                    if accept_corroborations and item.corroborates:
                        choice = "a"
                        click.echo("  accepted: it corroborates " + ", ".join(item.corroborates))
                    else:
                        choice = self.key("[a]ccept [e]dit [r]eject [s]kip [q]uit?", "aersq")
                    if choice == "q":
                        raise Quit
                    if choice == "s":
                        counts["skipped"] += 1
                        break
                    try:
                        if choice == "r":
                            self.session.reject(item.key)
                            counts["rejected"] += 1
                            click.echo("  rejected")
                            break
                        changes = self.edit(item.entry) if choice == "e" else {}
                        if not self.resolve_entities(item, changes):
                            continue
                        decided = self.session.accept(item.key, changes)
                        counts["edited" if changes else "accepted"] += 1
                        click.echo(f"  {decided.action}: appended to {decided.file}")
                        break
                    except DecisionError as error:
                        click.echo(click.style("  not written:", fg="red"))
                        for message in error.messages:
                            click.echo(f"    {message}")
                        if accept_corroborations and item.corroborates:
                            accept_corroborations = False  # this one needs a person
        except (Quit, KeyboardInterrupt):
            click.echo("\nstopped; every decision made is written")
        return counts

    def show(self, item, number: int, total: int) -> None:
        entry = item.entry
        click.echo("")
        head = f"[{number}/{total}] rule {item.rule or '?'}"
        if item.confidence is not None:
            head += f", confidence {item.confidence:.2f}"
        click.echo(click.style(head, bold=True))
        if item.corroborates:
            click.echo(f"  corroborates {', '.join(item.corroborates)}")
        obj = entry.get("o", entry.get("value", ""))
        click.echo(f"  {entry.get('s')}  {entry.get('p')}  {obj}")
        rest = {k: v for k, v in entry.items() if k not in ("s", "p", "o", "quote")}
        if rest:
            click.echo("  " + "  ".join(f"{k}: {v}" for k, v in rest.items()))
        for match in self.session.evidence(entry):
            if match is None:
                click.echo(click.style(f"  quote not found verbatim: {entry.get('quote')!r}", fg="red"))
                continue
            before = match.prefix[-70:].replace("\n", " ")
            after = match.suffix[:70].replace("\n", " ")
            quoted = click.style(match.exact, fg="green", bold=True)
            click.echo(f"  line {match.line}: …{before}{quoted}{after}…")

    def edit(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Ask for each field, the present value as default; a bad relation or entity is named and asked again."""
        session = self.session
        vocabulary = session.vocabulary
        entities = session.entities()
        pending_new = {slug for slug, e in session.read().entities.items() if e.status != "merged"}
        known = set(entities) | pending_new
        changes: dict[str, Any] = {}
        click.echo("  relations: " + ", ".join(sorted(vocabulary.relations)))
        relation_name = self.ask_valid("relation", str(entry.get("p", "")), vocabulary.relations, "relation")
        relation = vocabulary.relations[relation_name]
        changes["p"] = relation_name
        changes["s"] = self.ask_valid("subject", str(entry.get("s", "")), known, "entity")
        if relation.value_kind == "quantity":
            changes["o"] = None
            for key in ("measure", "value", "unit"):
                changes[key] = self.ask(key, str(entry.get(key, "")))
        elif relation.value_kind == "concept":
            concepts = vocabulary.concepts.get(relation.scheme or "", {})
            click.echo(f"  {relation.scheme}: " + ", ".join(sorted(concepts)))
            changes["o"] = self.ask_valid("object", str(entry.get("o", "")), concepts, "concept")
        else:
            changes["o"] = self.ask_valid("object", str(entry.get("o", "")), known, "entity")
        for key in ("time", "start", "end"):
            value = self.ask(f"{key} (YYYY, YYYY-MM or YYYY-MM-DD; - for none)", str(entry.get(key, "")))
            changes[key] = None if value.strip() == "-" else value
        click.echo("  qualifiers: " + ", ".join(sorted(k for k in vocabulary.qualifiers if k not in
                                                         ("time", "start", "end"))))
        while True:
            line = self.ask("qualifier as key=value (key= removes it; empty: done)")
            if not line.strip():
                break
            key, _, value = line.partition("=")
            key = key.strip()
            if key not in vocabulary.qualifiers:
                click.echo(f"  unknown qualifier {key!r}{_close(key, vocabulary.qualifiers)}")
                continue
            changes[key] = value.strip() or None
        return {k: v for k, v in changes.items() if v != entry.get(k) or v is None and k in entry}

    def ask_valid(self, prompt: str, default: str, choices, kind: str) -> str:
        while True:
            value = self.ask(prompt, default).strip()
            if value in choices:
                return value
            click.echo(click.style(f"  unknown {kind} {value!r}{_close(value, choices)}", fg="red"))

    def resolve_entities(self, item, changes: dict[str, Any]) -> bool:
        """Confirm or merge each new entity the entry names; False when the reviewer skipped one."""
        from diplograph.graph.proposals.decide import DecisionError
        from diplograph.graph.proposals.review import rename_entities

        session = self.session
        entry = session.edited(item.entry, changes)
        for entity in session.unresolved(session.read(), entry):
            while True:
                click.echo(f"  new entity {entity.slug}: {entity.type}, {entity.label!r}")
                choice = self.key("  [c]onfirm [m]erge into an existing entity [s]kip?", "cms")
                if choice == "s":
                    return False
                try:
                    if choice == "c":
                        label = self.ask("  label", entity.label)
                        type_ = self.ask_valid("  class", entity.type, session.vocabulary.classes, "class")
                        decided = session.confirm_entity(entity.slug, type_, label)
                        click.echo(f"  confirmed: added to {decided.file}")
                    else:
                        into = self.ask_valid("  merge into", "", session.entities(), "entity")
                        session.merge_entity(entity.slug, into)
                        self.merged[entity.slug] = into
                        click.echo(f"  merged into {into}")
                        item.entry = rename_entities(item.entry, {entity.slug: into})  # as the file has it now
                        changes.update(rename_entities({k: v for k, v in changes.items() if v is not None},
                                                       {entity.slug: into}))
                    break
                except DecisionError as error:
                    for message in error.messages:
                        click.echo(click.style(f"    {message}", fg="red"))
        return True


def _close(value: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(value, [str(c) for c in choices], n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""
