"""The machine a benchmark ran on: CPU, cores, memory, OS, Python, the versions that matter, the commit.

>>> info = describe()
>>> sorted(info)[:4], info["cores"] >= 1
(['commit', 'cpu', 'cores', 'memory_gib'], True)
"""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGES = ("diplograph", "pyoxigraph", "oxigraph", "rdflib", "networkx", "pyshacl", "pyvis", "playwright")
ROOT = Path(__file__).resolve().parent.parent


def cpu_model() -> str:
    """The CPU's model name, from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    """Total memory in GiB, from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def commit() -> str | None:
    """The checked-out commit, read-only (``git rev-parse HEAD``); None outside a repository."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        with contextlib.suppress(PackageNotFoundError):
            found[name] = version(name)
    return found


def describe() -> dict:
    """Everything above, as a plain dict for the report."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu_model(),
        "cores": cores or 1,
        "memory_gib": memory_gib(),
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "versions": versions(),
        "commit": commit(),
    }


def markdown(info: dict) -> str:
    """The machine as a two-column markdown table."""
    lines = ["| | |", "|---|---|",
             f"| CPU | {info.get('cpu')} ({info.get('cores')} cores available) |",
             f"| memory | {info.get('memory_gib')} GiB |",
             f"| OS | {info.get('os')} |",
             f"| Python | {info.get('python')} |",
             "| packages | " + ", ".join(f"{k} {v}" for k, v in info.get("versions", {}).items()) + " |",
             f"| commit | {info.get('commit') or 'unknown'} |"]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(describe()))
