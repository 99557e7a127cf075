"""The examples in the docstrings run and give what they show.

Every module of the installed `diplograph` package is searched, the linked root folders (graph, ontology,
queries, viz) included. An example that cannot run here says so itself, with `# doctest: +SKIP` and a reason.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import diplograph


def package_modules() -> list[str]:
    """Every module of the package; `__main__` modules are scripts (importing one runs the command line)."""
    return sorted(info.name for info in pkgutil.walk_packages(diplograph.__path__, "diplograph.")
                  if info.name.rsplit(".", 1)[-1] != "__main__")


def with_examples(names: list[str]) -> list[str]:
    finder = doctest.DocTestFinder()
    return [name for name in names
            if any(test.examples for test in finder.find(importlib.import_module(name)))]


MODULES = package_modules()
DOCUMENTED = with_examples(MODULES)


def test_every_part_of_the_package_is_searched():
    for part in ("graph", "ontology", "queries", "viz", "sparql", "web", "commands"):
        assert any(name.startswith(f"diplograph.{part}.") for name in MODULES), part
    for module in ("diplograph.viz.analysis", "diplograph.viz.export", "diplograph.web.app", "diplograph.web.launch"):
        assert module in DOCUMENTED, module


@pytest.mark.parametrize("name", DOCUMENTED)
def test_docstring_examples(name, corpus_build, monkeypatch, tmp_path):
    monkeypatch.setenv("DIPLOGRAPH_BUILD", str(corpus_build.build))  # diplograph.open() reads the session's build
    monkeypatch.chdir(tmp_path)  # files an example writes land here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
