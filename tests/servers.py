"""Servers the tests start on 127.0.0.1 and stop afterwards."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from diplograph.web.launch import free_port, running

__all__ = ["free_port", "oxigraph_executable", "oxigraph_server", "virtuoso_executable", "virtuoso_server",
           "Virtuoso"]


def oxigraph_executable() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(*, timeout_s: int | None = None):
    """An in-memory `oxigraph serve` on a free loopback port; yields its base URL."""
    executable = oxigraph_executable()
    if executable is None:
        raise RuntimeError("the oxigraph server (PyPI package `oxigraph`) is not installed")
    port = free_port()
    command = [executable, "serve", "--bind", f"127.0.0.1:{port}"]
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/query?query=ASK%7B%7D", timeout=20):
        yield base


# -- Virtuoso ------------------------------------------------------------------------------------------------
# Debian's virtuoso-opensource (7.2) names its server virtuoso-t and its SQL client isql-vt.

VIRTUOSO_INSTALL = "apt-get install virtuoso-opensource-7-bin (the binaries of Debian's virtuoso-opensource)"


def virtuoso_executable() -> str | None:
    return shutil.which("virtuoso-t")


def _isql_executable() -> str | None:
    return shutil.which("isql-vt") or shutil.which("isql")


# The settings docs/server-engines.md explains: both ports on the loopback address only, the folder the bulk
# loader may read, no cap on the rows of an answer, and the server's own time limit for a query.
VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode          = 2
DirsAllowed       = {dirs_allowed}
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {folder}
ServerThreads        = 4
MaxClientConnections = 4
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = {max_execution_s}
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its SPARQL endpoint, and its SQL port for the bulk loader."""

    base: str
    sql_port: int

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def sql(self, statements: str) -> str:
        """Run SQL statements with isql-vt as the database administrator (a fresh database's dba/dba)."""
        isql = _isql_executable()
        if isql is None:
            raise RuntimeError(f"isql-vt is missing: install {VIRTUOSO_INSTALL}")
        done = subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed ({done.returncode}): {done.stdout}{done.stderr}")
        return done.stdout

    def bulk_load(self, files: Iterable[Path], graph: str = "urn:diplograph:unnamed") -> None:
        """Load N-Quads files with Virtuoso's bulk loader: ld_dir registers each, rdf_loader_run loads them.

        Each quad keeps its own graph; ``graph`` names the graph of triples that have none.
        """
        registered = "".join(f"ld_dir('{path.parent}', '{path.name}', '{graph}'); " for path in files)
        self.sql(f"{registered}rdf_loader_run(); checkpoint;")
        failed = self.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows." not in failed:
            raise RuntimeError(f"the bulk loader reported errors: {failed}")


@contextmanager
def virtuoso_server(folder: Path, *, readable: Iterable[Path] = (), max_execution_s: int = 60) -> Iterator[Virtuoso]:
    """`virtuoso-t +foreground` with a fresh database in ``folder``, on free loopback ports; yields it.

    ``readable`` are the folders the bulk loader may read (DirsAllowed).
    """
    executable = virtuoso_executable()
    if executable is None:
        raise RuntimeError(f"virtuoso-t is missing: install {VIRTUOSO_INSTALL}")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port,
                                       dirs_allowed=", ".join([".", str(folder), *map(str, readable)]),
                                       max_execution_s=max_execution_s))
    base = f"http://127.0.0.1:{http_port}"
    # a fresh database takes a while to create its system tables: the HTTP port opens when that is done
    with running([executable, "+foreground", "+configfile", str(ini)], f"{base}/sparql?query=ASK%7B%7D",
                 timeout=240, log=folder / "virtuoso.out"):
        yield Virtuoso(base, sql_port)
