"""From a fresh clone to a served page: ``git clone`` the repository, ``make run``, and time until the home page
answers.

The clone (of what is committed: changes not committed are not in it) goes into a temporary folder, with the
source texts beside it as the README's layout has them (``../shared/seeds``, linked to the ones beside this
repository). ``make run PORT=<free port>`` then creates the
virtual environment, installs diplograph, installs the front-end libraries (``npm ci``), builds the graph, prints
its statistics and serves it on 127.0.0.1. This times each of those stages, from the lines ``make`` prints as it
starts each command, and the whole run until ``GET /`` answers 200 with the home page. The server is stopped
and the folder removed afterwards.

pip and npm use their caches as they would on a developer's machine that installed anything before; with
``--no-cache`` pip does not (``PIP_NO_CACHE_DIR=1``), which is closer to a new machine.

    python -m bench.fresh_clone
    python -m bench.fresh_clone --no-cache --keep /tmp/clone-log.txt
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.rows import Row
from diplograph.web.launch import free_port

SECTION = "fresh-clone"
REPOSITORY = Path(__file__).resolve().parent.parent
HOME_MARK = "diplograph"  # in the home page's title and heading

# The command lines make prints as it starts each recipe step (Makefile), and the stage each one begins.
STAGES: list[tuple[str, re.Pattern[str]]] = [
    ("venv", re.compile(r"-m venv \.venv")),
    ("pip upgrade", re.compile(r"pip install --quiet --upgrade pip")),
    ("install", re.compile(r"pip install --quiet -e")),
    ("build", re.compile(r"\.venv/bin/diplograph build")),
    ("npm ci", re.compile(r"^npm ci\b")),
    ("stats", re.compile(r"\.venv/bin/diplograph stats")),
    ("serve", re.compile(r"\.venv/bin/diplograph serve")),
]


@dataclass
class Outcome:
    """One fresh run: seconds to the served page (None if it never came), each stage's seconds, the output."""

    clone_s: float
    served_s: float | None
    stages: dict[str, float] = field(default_factory=dict)
    output: list[tuple[float, str]] = field(default_factory=list)
    error: str = ""


def stages_of(lines: Sequence[tuple[float, str]], served_at: float | None) -> dict[str, float]:
    """Seconds per stage: from the line that starts it to the line that starts the next (or, for the last one,
    to ``served_at``). A stage whose step make skipped (already up to date) is absent.

    >>> stages_of([(0.0, "python3 -m venv .venv"), (2.0, ".venv/bin/pip install --quiet --upgrade pip"),
    ...            (5.0, ".venv/bin/diplograph serve --host 127.0.0.1 --port 1")], 6.5)
    {'venv': 2.0, 'pip upgrade': 3.0, 'serve': 1.5}
    """
    starts: list[tuple[str, float]] = []
    for at, line in lines:
        for name, pattern in STAGES:
            if pattern.search(line.strip()) and name not in dict(starts):
                starts.append((name, at))
    found = {}
    for (name, at), following in zip(starts, starts[1:] + [("", served_at)], strict=True):
        if following[1] is not None:
            found[name] = round(following[1] - at, 2)
    return found


def fresh_run(source: Path = REPOSITORY, *, no_cache: bool = False, timeout: float = 1800.0,
              seeds: Path | None = None) -> Outcome:
    """Clone ``source`` into a temporary folder and ``make run`` there until the home page is served."""
    seeds = seeds or Path(os.environ.get("DIPLOGRAPH_CORPUS", source.parent / "shared" / "seeds"))
    with tempfile.TemporaryDirectory(prefix="diplograph-fresh-") as scratch:
        top = Path(scratch)
        started = time.monotonic()
        subprocess.run(["git", "clone", "--quiet", str(source), str(top / "diplograph")], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        clone_s = time.monotonic() - started
        if seeds.is_dir():  # the README's layout: the source texts in ../shared/seeds beside the repository
            (top / "shared").mkdir()
            (top / "shared" / "seeds").symlink_to(seeds.resolve(), target_is_directory=True)
        port = free_port()
        # What a fresh shell has: no settings pointing at this repository's build or libraries.
        env = {key: value for key, value in os.environ.items()
               if key not in {"VIRTUAL_ENV", "DIPLOGRAPH_BUILD", "DIPLOGRAPH_ASSETS", "DIPLOGRAPH_DATA",
                              "DIPLOGRAPH_CORPUS", "PYTHONPATH"}}
        env["PYTHONUNBUFFERED"] = "1"
        if no_cache:
            env["PIP_NO_CACHE_DIR"] = "1"
        # its own process group, so that make, the server and its workers are stopped together
        process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=top / "diplograph", env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                                   start_new_session=True)
        outcome = Outcome(clone_s, None)
        reader = threading.Thread(target=_read, args=(process, started, outcome.output), daemon=True)
        reader.start()
        try:
            outcome.served_s = _wait_served(f"http://127.0.0.1:{port}/", process, started, timeout)
            if outcome.served_s is None:
                outcome.error = (f"make run ended with {process.returncode}" if process.poll() is not None
                                 else f"no page within {timeout:g} s")
        finally:
            _stop(process)
            reader.join(timeout=10)
        outcome.stages = {"clone": round(clone_s, 2), **stages_of(outcome.output, outcome.served_s)}
        return outcome


def _read(process: subprocess.Popen, started: float, into: list[tuple[float, str]]) -> None:
    """Each line of make's output, with the seconds since the start at which it came."""
    assert process.stdout is not None
    for line in process.stdout:
        into.append((time.monotonic() - started, line.rstrip("\n")))


def _wait_served(url: str, process: subprocess.Popen, started: float, timeout: float) -> float | None:
    """Seconds from ``started`` until ``url`` answers 200 with the home page; None if make ends first."""
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            return None
        try:
            response = httpx.get(url, timeout=5)
            if response.status_code == 200 and HOME_MARK in response.text:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return None


def _stop(process: subprocess.Popen) -> None:
    """Stop make and everything it started (the server, its workers), as Ctrl-C would."""
    if process.poll() is None:
        for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
    if process.stdout is not None:
        process.stdout.close()


def rows_of(outcome: Outcome, no_cache: bool) -> list[Row]:
    note = ("pip without its cache (PIP_NO_CACHE_DIR=1); npm from its cache" if no_cache
            else "pip and npm from their caches, as on a machine that installed packages before")
    rows = [Row(SECTION, "time to served page", None if outcome.served_s is None else round(outcome.served_s, 2),
                "s", note=outcome.error or note, extra={"stages_s": outcome.stages})]
    rows += [Row(SECTION, "stage", seconds, "s", subject=name) for name, seconds in outcome.stages.items()]
    return rows


def run(config) -> list[Row]:
    """The ``fresh-clone`` section for the suite: one fresh run, pip from its cache."""
    return rows_of(fresh_run(), no_cache=False)


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| metric | stage | seconds | note |", "|---|---|---:|---|"]
    lines += [f"| {r.metric} | {r.subject} | {'' if r.value is None else r.value} | {r.note} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=REPOSITORY, help="the repository to clone")
    parser.add_argument("--no-cache", action="store_true", help="pip without its cache (PIP_NO_CACHE_DIR=1)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="give up after this many seconds")
    parser.add_argument("--keep", type=Path, help="write make's output, each line with its time, to this file")
    args = parser.parse_args(argv)
    outcome = fresh_run(args.source, no_cache=args.no_cache, timeout=args.timeout)
    if args.keep:
        args.keep.write_text("".join(f"{at:8.2f}  {line}\n" for at, line in outcome.output), encoding="utf-8")
    print(markdown(rows_of(outcome, args.no_cache)))
    if outcome.error:
        print("\n" + outcome.error + ":\n" + "\n".join(line for _, line in outcome.output[-20:]))


if __name__ == "__main__":
    main()
