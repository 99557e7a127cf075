"""The README cannot drift from the code: every command is documented, and the counts it quotes are the graph's."""

from __future__ import annotations

import re
from pathlib import Path

from diplograph.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_shows_the_two_setup_commands():
    assert "make run" in README
    assert "make test" in README


def test_every_cli_command_is_in_the_reference():
    reference = README.split("## CLI reference", 1)[1].split("\n## ", 1)[0]
    for name in cli.commands:
        assert f"`diplograph {name}" in reference, name


def test_statement_counts_per_source_match_the_built_graph(corpus_store):
    table = README.split("## What the graph holds", 1)[1].split("\n## ", 1)[0]
    documented = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `([a-z0-9-]+)` \|.*\| (\d+) \|$", table, re.M)}
    rows = corpus_store.query("""
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?id (COUNT(DISTINCT ?s) AS ?n) WHERE {
          GRAPH <https://w3id.org/diplograph/graph/sources> { ?src dcterms:identifier ?id ; dg:factsGraph ?g }
          GRAPH ?g { ?s prov:wasDerivedFrom ?src } } GROUP BY ?id""")
    actual = {row["id"].value: int(row["n"].value) for row in rows}
    assert documented == actual


def test_headline_counts_match_the_built_graph(corpus_store):
    match = re.search(r"\*\*(\d+) statements about (\d+) entities\*\*", README)
    assert match, "the README states the graph's size"
    from diplograph.sparql import queryfiles

    counts = next(iter(corpus_store.query(queryfiles.read("diplograph.graph", "counts"))))
    assert (int(match.group(1)), int(match.group(2))) == (int(counts["statements"].value), int(counts["entities"].value))


def test_the_readme_table_of_named_queries_is_the_commands_own():
    from diplograph.commands.query import markdown_catalogue

    table = README.split("<!-- queries-table -->\n", 1)[1].split("\n\n", 1)[0] + "\n"
    assert table == markdown_catalogue(), "regenerate it with `diplograph queries --format markdown`"
