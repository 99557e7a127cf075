"""The examples in the docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "diplograph.ontology.namespaces",
    "diplograph.graph.errors",
    "diplograph.graph.yamlfile",
    "diplograph.graph.evidence",
    "diplograph.graph.timeparse",
    "diplograph.graph.quantities",
    "diplograph.graph.vocabulary",
    "diplograph.sparql.binding",
    "diplograph.sparql.lexer",
    "diplograph.sparql.guard",
    "diplograph.sparql.syntax",
    "diplograph.sparql.stores.sandbox",
    "diplograph.web.clients",
    "diplograph.sparql.results",
    "diplograph.sparql.stores",
    "diplograph.sparql.stores.oxigraph",
    "diplograph.sparql.stores.memory",
    "diplograph.ontology",
    "diplograph.queries",
    "diplograph.api",
    "diplograph.sparql.stores.dataset",
    "diplograph.graph.linkage",
    "diplograph.viz.projection",
    "diplograph.viz.views",
    "diplograph.web.search",
    "diplograph.web.negotiation",
    "diplograph.web.protocol",
    "diplograph.web.errors",
    "diplograph.web.settings",
    "diplograph.web.httpserver",
    "diplograph.web.resources",
    "diplograph.web.pool",
    "diplograph.web.app",
    "diplograph.web.params",
    "diplograph.web.pagecache",
    "diplograph.web.rendering",
    "diplograph.graph.wikidata.client",
    "diplograph.graph.wikidata.reconcile",
    "diplograph.graph.wikidata.review",
    "diplograph.graph.wikidata.enrich",
    "diplograph.graph.schemaorg",
    "diplograph.graph.imports.mapping",
    "diplograph.graph.imports.keys",
    "diplograph.graph.imports.run",
    "diplograph.canonical",
    "diplograph.graph.staging",
    "diplograph.graph.compile",
    "diplograph.graph.export",
    "diplograph.ontology.hermit",
    "diplograph.ontology.docs",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, corpus_build, monkeypatch):
    monkeypatch.setenv("DIPLOGRAPH_BUILD", str(corpus_build.build))  # diplograph.open() reads the session's build
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
