"""Servers the tests start on 127.0.0.1 and stop afterwards."""

from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from diplograph.web.launch import free_port, running

__all__ = ["free_port", "oxigraph_executable", "oxigraph_server"]


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
