"""The options several commands share, declared once: one name, one default, one destination each.

An option that an environment variable can set names it (click's ``envvar``), and ``--help`` shows it. Click
reads the variable when the command runs, never at import. The query time limit is the exception that proves
the rule: its variable is read by ``query_timeout`` at run time, with the server's validation, so that a bad
value is a one-line error naming the variable (click would print a usage error instead).

>>> import click
>>> from click.testing import CliRunner
>>> @click.command()
... @build_dir_option()
... @store_option()
... def show(build_dir, store_spec):
...     click.echo(f"{build_dir} {store_spec}")
>>> CliRunner().invoke(show, ["--build-dir", "out"], env={"DIPLOGRAPH_BUILD": None}).output
'out oxigraph\\n'
>>> CliRunner().invoke(show, [], env={"DIPLOGRAPH_BUILD": "elsewhere"}).output
'elsewhere oxigraph\\n'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

DEFAULT_STORE = "oxigraph"
STORE_HELP = "Where the graph is: oxigraph (in memory), oxigraph:DIR, rdflib, or a SPARQL endpoint URL."
BUILD_HELP = "Build folder: where diplograph.nq is written and read (default: ./build)."
QUERY_TIMEOUT_VARIABLE, QUERY_TIMEOUT_DEFAULT = "DIPLOGRAPH_QUERY_TIMEOUT", 30.0


def build_dir_option(help: str = BUILD_HELP) -> Decorator:
    """``--build-dir`` into ``build_dir`` (None: the project's build folder), or ``$DIPLOGRAPH_BUILD``."""
    return click.option("--build-dir", "build_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                        envvar="DIPLOGRAPH_BUILD", show_envvar=True, help=help)


def store_option(help: str = STORE_HELP, default: str | None = DEFAULT_STORE) -> Decorator:
    """``--store SPEC`` into ``store_spec``.

    ``default`` is ``oxigraph`` everywhere but in ``export``, where no store means the build's own files.
    """
    return click.option("--store", "store_spec", default=default, show_default=default is not None, metavar="SPEC",
                        help=help)


def data_option(help: str = "Folder of curated files: sources.yaml, entities/, facts/ "
                            "(default: the installed package's).") -> Decorator:
    """``--data`` into ``data``, or ``$DIPLOGRAPH_DATA``; the folder must exist."""
    return click.option("--data", "data", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
                        envvar="DIPLOGRAPH_DATA", show_envvar=True, help=help)


def corpus_option() -> Decorator:
    """``--corpus`` into ``corpus``, or ``$DIPLOGRAPH_CORPUS``."""
    return click.option("--corpus", "corpus", type=click.Path(path_type=Path, file_okay=False), default=None,
                        envvar="DIPLOGRAPH_CORPUS", show_envvar=True,
                        help="Folder of source texts (default: ../shared/seeds).")


def path_options(func: F) -> F:
    """``--data``, ``--corpus`` and ``--build-dir``, for the commands that build or read a build."""
    for option in (build_dir_option(), corpus_option(), data_option()):
        func = option(func)
    return func


def timeout_option(help: str) -> Decorator:
    """``--timeout SECONDS`` into ``timeout`` (None: ``query_timeout`` reads ``$DIPLOGRAPH_QUERY_TIMEOUT``, else 30)."""
    return click.option("--timeout", "timeout", type=click.FloatRange(min=0, min_open=True), default=None,
                        metavar="SECONDS", help=f"{help} [default: 30, or ${QUERY_TIMEOUT_VARIABLE}]")


def services_option(func: F) -> F:
    """``--allow-service URL`` (repeatable) into ``services``; none given: ``$DIPLOGRAPH_SERVICE_ALLOW``, else none."""
    return click.option("--allow-service", "services", multiple=True, metavar="URL",
                        help="A SPARQL endpoint that SERVICE may call; repeat for more "
                             "[default: none, or $DIPLOGRAPH_SERVICE_ALLOW].")(func)


def query_timeout(given: float | None) -> float:
    """The query time limit: the option's value, else ``$DIPLOGRAPH_QUERY_TIMEOUT`` read now, else 30 s.

    >>> query_timeout(5.0)
    5.0
    """
    if given is not None:
        return given
    return setting(QUERY_TIMEOUT_VARIABLE, QUERY_TIMEOUT_DEFAULT)


def setting(name: str, default: float, kind: type[int | float] = float) -> float:
    """A numeric setting from the environment (``graph.settings.number_setting``); a bad value ends the command
    with a one-line error that names the variable."""
    from diplograph.graph.settings import SettingError, number_setting

    try:
        return number_setting(name, default, kind)
    except SettingError as error:
        raise click.ClickException(str(error)) from None
