"""Starting a server in the background and waiting until it answers: for notebooks, tests and benchmarks.

>>> from diplograph.web.launch import background_server
>>> with background_server() as base:              # doctest: +SKIP
...     httpx.get(f"{base}/sparql", params={"query": "ASK {}"}).json()
{'head': {}, 'boolean': True}
"""

from __future__ import annotations

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
def running(command: Sequence[str], probe: str, *, timeout: float = 60.0, env: dict | None = None) -> Iterator[None]:
    """Run ``command`` until the block ends; enter the block once a GET of ``probe`` answers 200."""
    process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(probe, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            exited = process.poll()
            if exited is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stderr.read().decode(errors="replace") if process.stderr else ""
                why = f"exited with status {exited}" if exited is not None else f"did not start within {timeout:g} s"
                raise RuntimeError(f"{Path(command[0]).name} {why}: {output}")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def background_server(*serve_args: str, build: Path | None = None, env: dict | None = None) -> Iterator[str]:
    """``diplograph serve`` on a free loopback port; yields its base URL (``http://127.0.0.1:PORT``)."""
    port = free_port()
    command = [sys.executable, "-m", "diplograph", "serve", "--host", "127.0.0.1", "--port", str(port), *serve_args]
    if build is not None:
        command += ["--build-dir", str(build)]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/api/health", env=env):
        yield base
