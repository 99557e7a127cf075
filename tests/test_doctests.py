"""The examples in the docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "diplograph.graph.namespaces",
    "diplograph.graph.errors",
    "diplograph.graph.yamlfile",
    "diplograph.graph.evidence",
    "diplograph.graph.timeparse",
    "diplograph.graph.quantities",
    "diplograph.graph.vocabulary",
    "diplograph.ontology",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
