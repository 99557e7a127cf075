"""The wheel installs into a clean environment and works from its package data alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.wheel


def run(*args, cwd: Path, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment, outside the checkout, with the built wheel installed.

    The wheel is what is under test (its modules and package data), so its dependencies are not installed again: the
    new environment reads them from this one's site-packages, named in a .pth file. A directory named that way is
    not searched for .pth files of its own, so this checkout's editable install stays out of the new environment,
    and ``import diplograph`` can only find the wheel. (``make install`` on a clean clone checks the dependencies.)
    """
    work = tmp_path_factory.mktemp("wheel")
    # built from a copy: setuptools stages in the source's build/ folder, which in the checkout is the graph's build
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "*.egg-info", ".mypy_cache", ".ruff_cache", ".hypothesis"))
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir",
                work / "dist", source, cwd=work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("diplograph-*.whl")
    venv.EnvBuilder(with_pip=False).create(work / "env")
    python = work / "env" / "bin" / "python"
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel, cwd=work)
    assert installed.returncode == 0, installed.stderr
    inner = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).stdout.strip()
    outer = sysconfig.get_paths()["purelib"]
    (Path(inner) / "outer-dependencies.pth").write_text(outer + "\n", encoding="utf-8")
    return work


def environment(work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    env["PATH"] = f"{work / 'env' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.mark.slow
def test_the_wheel_ships_every_data_file(installed):
    import zipfile

    (wheel,) = (installed / "dist").glob("diplograph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("diplograph/ontology/diplograph.ttl", "diplograph/ontology/shapes.ttl",
                     "diplograph/graph/sources.yaml", "diplograph/graph/data/states.csv",
                     "diplograph/graph/facts/samath-2020.yaml", "diplograph/graph/entities/states.yaml"):
        assert expected in names
    bare = [n for n in names if n.split("/")[0] in {"graph", "viz", "queries", "ontology"}]
    assert not bare, "bare top-level packages"
    # every query the code loads (diplograph.sparql.queryfiles) ships; the root folders install under diplograph/
    listed = subprocess.run(["git", "ls-files", "*.rq"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    queries = {name if name.startswith("diplograph/") else f"diplograph/{name}" for name in listed
               if name.split("/")[0] in {"diplograph", "graph", "viz", "queries", "ontology"}}
    assert queries and queries <= names, sorted(queries - names)


@pytest.mark.slow
def test_installed_command_runs_outside_the_checkout(installed):
    result = run("diplograph", "--help", cwd=installed, env=environment(installed))
    assert result.returncode == 0, result.stderr
    assert "diplograph build" in result.stdout


@pytest.mark.slow
def test_installed_package_reads_its_ontology_from_package_data(installed):
    result = run("diplograph", "ontology", cwd=installed, env=environment(installed))
    assert result.returncode == 0, result.stderr
    assert "strategicPartner" in result.stdout
    where = run(installed / "env" / "bin" / "python", "-c",
                "import diplograph.ontology as o; print(o.data_path('diplograph.ttl'))",
                cwd=installed, env=environment(installed))
    assert str(installed / "env") in where.stdout


@pytest.mark.slow
def test_installed_package_builds_the_corpus_from_its_own_facts(installed, corpus_settings):
    env = environment(installed)
    result = run("diplograph", "build", "--corpus", corpus_settings.corpus, "--build-dir", installed / "build",
                 "--no-reasoner", "--no-docs", cwd=installed, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (installed / "build" / "diplograph.nq").is_file()
