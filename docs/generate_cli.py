"""Write docs/cli.md from the live `--help` of every `diplograph` command.

    .venv/bin/python docs/generate_cli.py            # rewrite docs/cli.md
    .venv/bin/python docs/generate_cli.py --check    # exit 1 if docs/cli.md differs from the live help

The click group `diplograph.cli.cli` is walked recursively; each command's help is rendered as `--help`
prints it, at a fixed width of 80 columns and with no DIPLOGRAPH_* variable set (some defaults shown are read
from them), so the page depends neither on the terminal nor on the environment. tests/test_docs.py runs
`--check`.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

PAGE = Path(__file__).resolve().parent / "cli.md"
COMMAND = ".venv/bin/python docs/generate_cli.py"
WIDTH = 80

HEADER = f"""# CLI reference

<!-- Generated from the commands' own `--help` by docs/generate_cli.py: do not edit by hand.
     Regenerate: {COMMAND} -->

This page is the `--help` of every `diplograph` command, generated from the commands themselves: do not edit
it by hand. After changing a command, regenerate it with one command:

```sh
{COMMAND}
```

`{COMMAND} --check` says whether it is up to date, and `make test` fails when it differs from the live help
(`tests/test_docs.py`). The settings that options share with environment variables are in
[Settings](settings.md).
"""


def walk(command: click.Command, name: str,
         parent: click.Context | None = None) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Every command under ``command``, depth first, subcommands in name order, with the context --help would use."""
    settings = dict(command.context_settings)
    if parent is None:
        settings.setdefault("terminal_width", WIDTH)
        settings.setdefault("max_content_width", WIDTH)
    ctx = click.Context(command, info_name=name, parent=parent, **settings)
    yield ctx.command_path, command, ctx
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, sub_name, ctx)


def anchor(title: str) -> str:
    """The anchor a Markdown renderer gives a heading made of words and spaces."""
    return title.lower().replace(" ", "-")


def render(group: click.Command | None = None) -> str:
    """The whole page, as a string."""
    if group is None:
        from diplograph.cli import cli as group
    commands = list(walk(group, "diplograph"))
    out = [HEADER]
    out.append("| command | what it does |")
    out.append("|---|---|")
    for path, command, _ in commands[1:]:
        out.append(f"| [`{path}`](#{anchor(path)}) | {command.get_short_help_str(limit=300)} |")
    out.append("")
    for path, command, ctx in commands:
        out.append(f"## {path}")
        out.append("")
        out.append("```text")
        out.append(command.get_help(ctx).rstrip())
        out.append("```")
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    for variable in [v for v in os.environ if v.startswith("DIPLOGRAPH_")]:
        del os.environ[variable]  # before diplograph is imported: defaults shown in the help are read from them
    text = render()
    if "--check" in argv:
        written = PAGE.read_text() if PAGE.exists() else ""
        if written == text:
            return 0
        sys.stderr.writelines(difflib.unified_diff(written.splitlines(True), text.splitlines(True),
                                                   "docs/cli.md", "live --help"))
        print(f"\ndocs/cli.md differs from the live --help; regenerate it: {COMMAND}", file=sys.stderr)
        return 1
    PAGE.write_text(text)
    print(f"Wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
