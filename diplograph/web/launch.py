"""Starting a server in the background and waiting until it answers: for notebooks, tests and benchmarks.

>>> import httpx
>>> from diplograph.web.launch import background_server
>>> # starts `diplograph serve` in a process of its own; tests/web.py runs every live-server test through it
>>> with background_server() as base:              # doctest: +SKIP
...     httpx.get(f"{base}/sparql", params={"query": "ASK {}"}).json()
{'head': {}, 'boolean': True}
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(command: Sequence[str], probe: str, *, timeout: float = 60.0, env: dict | None = None,
            log: Path | None = None) -> Iterator[None]:
    """Run ``command`` until the block ends; enter the block once a GET of ``probe`` answers 200.

    The command's standard error goes to ``log`` when given (to read what the server logged), else to a pipe that
    is read for the message of a failed start.
    """
    with contextlib.ExitStack() as files:
        stderr = files.enter_context(open(log, "wb")) if log is not None else subprocess.PIPE
        process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=stderr,
                                   env={**os.environ, **(env or {})})
        with _stopped_after(process):
            _wait_until_up(process, command, probe, timeout, log)
            yield


def _wait_until_up(process: subprocess.Popen, command: Sequence[str], probe: str, timeout: float,
                   log: Path | None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(probe, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        exited = process.poll()
        if exited is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            output = log.read_bytes() if log is not None else process.stderr.read() if process.stderr else b""
            why = f"exited with status {exited}" if exited is not None else f"did not start within {timeout:g} s"
            raise RuntimeError(f"{Path(command[0]).name} {why}: {output.decode(errors='replace')}")
        time.sleep(0.1)


@contextmanager
def _stopped_after(process: subprocess.Popen) -> Iterator[None]:
    """Stop ``process`` when the block ends, however it ends."""
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def background_server(*serve_args: str, build: Path | None = None, env: dict | None = None,
                      log: Path | None = None) -> Iterator[str]:
    """``diplograph serve`` on a free loopback port; yields its base URL (``http://127.0.0.1:PORT``).

    ``log``: a file for what the server writes to standard error."""
    port = free_port()
    command = [sys.executable, "-m", "diplograph", "serve", "--host", "127.0.0.1", "--port", str(port), *serve_args]
    if build is not None:
        command += ["--build-dir", str(build)]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/api/health", env=env, log=log):
        yield base
