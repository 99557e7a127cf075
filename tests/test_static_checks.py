"""The code passes its static checks, configured in pyproject.toml: ruff ([tool.ruff]) and mypy ([tool.mypy])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(tool: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = shutil.which(tool, path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail(f"{tool} is not installed: pip install -e '.[test]'")
    return subprocess.run([command, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    print(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_no_errors():
    # The cache lives in the virtual environment: nothing is written into the checkout, `make clean` removes it,
    # and a second run checks only what changed (mypy's incremental mode re-checks every dependent of a change).
    result = _run("mypy", "--cache-dir", str(Path(sys.prefix) / "mypy-cache"))
    print(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found"), result.stdout
