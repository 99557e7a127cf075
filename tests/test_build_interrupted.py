"""A build stopped at any moment, even by SIGKILL, leaves no reasoner running and a whole build folder behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from diplograph.graph.build import build
from diplograph.graph.settings import Settings
from diplograph.graph.staging import remove_stale, staged, staging_prefix
from diplograph.ontology.reasoner import java_available

from .conftest import MINI_CORPUS, MINI_DATA, require

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def _stat(pid: int) -> tuple[str, str, int, int] | None:
    """(command name, state, parent id, process group) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    name = text[text.index("(") + 1:text.rindex(")")]
    state, ppid, pgrp = text[text.rindex(")") + 2:].split()[:3]
    return name, state, int(ppid), int(pgrp)


def _children(parent: int, name: str | None = None) -> list[int]:
    """The living processes whose parent is ``parent`` (and whose command name is ``name``)."""
    found = []
    for entry in Path("/proc").iterdir():
        stat = _stat(int(entry.name)) if entry.name.isdigit() else None
        if stat and stat[2] == parent and stat[1] != "Z" and name in (None, stat[0]):
            found.append(int(entry.name))
    return found


def _group(pgrp: int) -> list[int]:
    """The living processes of a process group."""
    return [int(e.name) for e in Path("/proc").iterdir()
            if e.name.isdigit() and (stat := _stat(int(e.name))) and stat[3] == pgrp and stat[1] != "Z"]


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[1] not in ("Z", "X")  # a zombie is dead, waiting to be reaped


def _wait_for(condition, seconds: float, step: float = 0.02):
    """Poll until condition() returns something true, for at most ``seconds``; return its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


# --- the reasoner's java ----------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.reasoner
def test_a_build_killed_during_the_reasoner_leaves_no_java_running(corpus_build: Settings, tmp_path: Path):
    require(java_available(), "HermiT needs a Java runtime")
    out = tmp_path / "build"
    shutil.copytree(corpus_build.build, out)  # a previous build, which must survive whole
    before = _hashes(out)
    # Java without its JIT compiler takes many seconds over the corpus: a java that outlived the build would still
    # be running when the check below looks, rather than done already.
    env = {**os.environ, "JAVA_TOOL_OPTIONS": "-Xint"}
    process = subprocess.Popen([sys.executable, "-m", "diplograph", "build", "--data", str(corpus_build.data),
                                "--corpus", str(corpus_build.corpus), "--build-dir", str(out), "--reasoner", "hermit",
                                "--no-docs"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        java = _wait_for(lambda: _children(process.pid, "java") or process.poll() is not None, 180)
        assert isinstance(java, list), "the build ended before its reasoner started"
        process.kill()  # SIGKILL: no Python code of the build runs any more
        process.wait()
        assert _wait_for(lambda: not any(_alive(pid) for pid in java), 2.0), "java outlived the build"
    finally:
        process.kill()
        process.wait()
    assert _hashes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def _tied_sleeper(code_before: str = "") -> subprocess.Popen:
    """A Python process that runs ``sh`` (which starts a ``sleep`` of its own) with run_tied, and says when it has."""
    return _python(f"""
        import sys
        {code_before}
        from diplograph.ontology.hermit import run_tied
        print("ready", flush=True)
        run_tied(["sh", "-c", "sleep 60 & wait"])
    """)


def _started_group(process: subprocess.Popen) -> tuple[int, list[int]]:
    """The group id of the runner's child and the group's members, once both sh and its sleep run."""
    assert process.stdout.readline().strip() == b"ready"
    child = _wait_for(lambda: _children(process.pid), 30)
    assert child, "run_tied started nothing"
    members = _wait_for(lambda: len(_group(child[0])) >= 2 and _group(child[0]), 30)
    assert members, "sh did not start its sleep"
    return child[0], members


def _clean_up(runner: subprocess.Popen, group: int | None) -> None:
    """Whatever a failed test left running goes."""
    runner.kill()
    runner.wait()
    for pid in _group(group) if group else []:
        os.kill(pid, signal.SIGKILL)


def test_the_kernel_kills_the_tied_child_when_its_parent_is_killed():
    runner, group = _tied_sleeper(), None
    try:
        group, _ = _started_group(runner)
        runner.kill()
        runner.wait()
        # sh is killed by the kernel (PR_SET_PDEATHSIG); left alone it would wait 60 s for its sleep
        assert _wait_for(lambda: not _alive(group), 2.0), "the child outlived its parent"
    finally:
        _clean_up(runner, group)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_parent_stops_the_whole_process_group(stop):
    # SIGTERM unwinds as the build command makes it; SIGINT is Python's KeyboardInterrupt
    # a shell without job control starts background jobs with SIGINT ignored, and Python keeps it ignored: restore
    # Python's own handler, as an interactive terminal gives it
    runner, group = _tied_sleeper("""
        import signal
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        signal.signal(signal.SIGINT, signal.default_int_handler)
    """), None
    try:
        group, members = _started_group(runner)
        runner.send_signal(stop)
        runner.wait(timeout=30)
        # the sleep is not the runner's child: only stopping the group stops it
        assert _wait_for(lambda: not any(_alive(pid) for pid in members), 2.0), "part of the group outlived the runner"
    finally:
        _clean_up(runner, group)


# --- the build folder ---------------------------------------------------------------------------------------------


@pytest.fixture
def previous(tmp_path: Path) -> Settings:
    """A whole previous build of the small fixture dataset, marked so that it can be told from a new one."""
    settings = Settings(data=MINI_DATA, corpus=MINI_CORPUS, build=tmp_path / "out" / "build")
    build(settings, reasoner="none", docs=False)
    (settings.build / "previous-build").write_text("the build before", encoding="utf-8")
    return settings


def test_an_error_while_staging_leaves_the_previous_build_and_nothing_beside_it(previous: Settings):
    before = _hashes(previous.build)
    with pytest.raises(RuntimeError), staged(previous.build) as staging:
        (staging / "diplograph.nq").write_text("half", encoding="utf-8")
        raise RuntimeError("stopped while staging")
    assert _hashes(previous.build) == before
    assert [p.name for p in previous.build.parent.iterdir()] == ["build"]


def test_a_staging_folder_in_use_is_left_alone(previous: Settings):
    with staged(previous.build) as staging:
        assert remove_stale(previous.build) == []
        assert staging.is_dir()


_KILL_POINTS = {
    # after diplograph.nq and diplograph.trig are staged, before the swap
    "while staging": "diplograph.graph.build.describe_dataset",
    # after the new build is swapped in, before the previous one is removed
    "after the swap": "diplograph.graph.staging._discard",
}


@pytest.mark.parametrize("moment", list(_KILL_POINTS))
def test_a_build_killed_while_writing_outputs_leaves_a_whole_build_and_debris_the_next_build_removes(
        previous: Settings, moment):
    before = _hashes(previous.build)
    module, _, function = _KILL_POINTS[moment].rpartition(".")
    killed = _python(f"""
        import importlib, os, signal
        from pathlib import Path
        from diplograph.graph.build import build
        from diplograph.graph.settings import Settings
        setattr(importlib.import_module({module!r}), {function!r}, lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
        build(Settings(data=Path({str(previous.data)!r}), corpus=Path({str(previous.corpus)!r}),
                       build=Path({str(previous.build)!r})), reasoner="none", docs=False)
    """)
    output, _ = killed.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL, output.decode()

    if moment == "while staging":
        assert _hashes(previous.build) == before
    else:
        assert not (previous.build / "previous-build").exists()
        assert (previous.build / "build-report.json").read_text().count('"write outputs"') == 1
        assert {"diplograph.nq", "diplograph.trig", "ontology.ttl", "void.ttl"} <= set(_hashes(previous.build))
    debris = sorted(p.name for p in previous.build.parent.iterdir() if p.name != "build")
    assert debris, "the kill left nothing to clean up: the test no longer kills where it means to"
    assert all(name.startswith(staging_prefix(previous.build)) for name in debris), debris

    build(previous, reasoner="none", docs=False)
    assert [p.name for p in previous.build.parent.iterdir()] == ["build"]
