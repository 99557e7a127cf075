"""The web app under test: in-process (httpx over ASGI, no socket) or live (uvicorn on a free loopback port)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
from starlette.testclient import TestClient

from diplograph.web.app import create_app
from diplograph.web.settings import ServerSettings

from .servers import free_port


@contextmanager
def app_client(settings: ServerSettings):
    """A client for an in-process app; its workers start on entry and stop on exit."""
    with TestClient(create_app(settings), base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        yield client


@contextmanager
def live_server(build: Path, *extra_args: str, env: dict | None = None):
    """`diplograph serve` on a free loopback port; yields its base URL and stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "diplograph", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--build-dir", str(build), *extra_args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"diplograph serve did not start: {process.stderr.read().decode(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
