"""The docs cannot drift from the code: every command is documented as its `--help` says, the counts they quote
are the graph's, the table of named queries is the command's own, and every link between the pages resolves."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text()
PAGES = sorted(DOCS.glob("*.md"))
# Every page whose links are checked: the README, docs/ and the references they point into.
LINKED = [ROOT / "README.md", *PAGES, ROOT / "queries" / "README.md", ROOT / "graph" / "CURATION.md"]


def page(name: str) -> str:
    return (DOCS / name).read_text()


def section(text: str, heading: str) -> str:
    """The text under ``heading`` (a whole heading line, such as "## Settings"), up to the next heading of its level."""
    level = heading.split(" ", 1)[0]
    return text.split(heading + "\n", 1)[1].split(f"\n{level} ", 1)[0]


# --- the README ---------------------------------------------------------------------------------------------------

def test_readme_shows_the_two_setup_commands():
    assert "make run" in README
    assert "make test" in README


def test_statement_counts_per_source_match_the_built_graph(corpus_store):
    table = section(README, "## What the graph holds")
    documented = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `([a-z0-9-]+)` \|.*\| (\d+) \|$", table, re.M)}
    rows = corpus_store.query("""
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?id (COUNT(DISTINCT ?s) AS ?n) WHERE {
          GRAPH <https://w3id.org/diplograph/graph/sources> { ?src dcterms:identifier ?id ; dg:factsGraph ?g }
          GRAPH ?g { ?s prov:wasDerivedFrom ?src ; dg:predicate ?p } } GROUP BY ?id""")
    actual = {row["id"].value: int(row["n"].value) for row in rows}
    assert documented == actual


def test_headline_counts_match_the_built_graph(corpus_store):
    match = re.search(r"\*\*(\d+) statements about (\d+) entities\*\*", README)
    assert match, "the README states the graph's size"
    from diplograph.sparql import queryfiles

    counts = next(iter(corpus_store.query(queryfiles.read("diplograph.graph", "counts"))))
    expected = (int(counts["statements"].value), int(counts["entities"].value))
    assert (int(match.group(1)), int(match.group(2))) == expected


@pytest.mark.parametrize("path", [ROOT / "README.md", DOCS / "queries.md"], ids=lambda p: p.name)
def test_the_number_of_named_queries_is_the_librarys(path):
    from diplograph import queries

    counts = {int(n) for n in re.findall(r"\b(\d+) named queries\b", path.read_text())}
    assert counts <= {len(queries.all_queries())}


# --- the CLI reference --------------------------------------------------------------------------------------------

def test_every_cli_command_is_in_the_reference():
    reference = page("cli.md")
    for name in cli.commands:
        assert f"## diplograph {name}\n" in reference, name


def test_the_cli_reference_is_the_live_help():
    """docs/cli.md is what docs/generate_cli.py writes from the commands' --help now."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    result = subprocess.run([sys.executable, str(DOCS / "generate_cli.py"), "--check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# --- the named queries --------------------------------------------------------------------------------------------

def test_the_table_of_named_queries_is_the_commands_own():
    from diplograph.commands.query import markdown_catalogue

    table = page("queries.md").split("<!-- queries-table -->\n", 1)[1].split("\n\n", 1)[0] + "\n"
    assert table == markdown_catalogue(), "regenerate it with `diplograph queries --format markdown`"


# --- links --------------------------------------------------------------------------------------------------------

LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def prose(text: str) -> str:
    """The text without fenced code blocks and code spans, where brackets are not links."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def anchors(text: str) -> set[str]:
    """The anchors a GitHub-style renderer gives the headings (and explicit `<a id>`/`<a name>`) of a page."""
    found: set[str] = set(re.findall(r"<a\s+(?:id|name)=\"([^\"]+)\"", text))
    seen: dict[str, int] = {}
    for line in FENCE.sub("", text).splitlines():
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1))  # a link's text
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links(path: Path) -> list[str]:
    return [m.group(1) for m in LINK.finditer(prose(path.read_text()))
            if not re.match(r"^[a-z][a-z0-9+.-]*:", m.group(1))]  # not http:, https:, mailto:


def test_every_docs_page_is_linked_from_the_readme_and_resolves():
    targets = {target.split("#", 1)[0] for target in links(ROOT / "README.md") if target.startswith("docs/")}
    for target in targets:
        assert (ROOT / target).is_file(), f"README.md links to {target}, which is not there"
    for path in PAGES:
        assert f"docs/{path.name}" in targets, f"the README does not link to docs/{path.name}"


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in links(path):
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked.read_text()):
            broken.append(f"{target}: no heading with the anchor #{anchor}")
    return broken


@pytest.mark.parametrize("path", LINKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(path):
    broken = broken_links(path)
    assert not broken, f"{path.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_link_checker_finds_what_is_broken(tmp_path):
    assert anchors("# How the card's root folders install as `diplograph.*`\n## Paths\n## Paths\n") == {
        "how-the-cards-root-folders-install-as-diplograph", "paths", "paths-1"}
    (tmp_path / "other.md").write_text("# Other\n\n## The `SPARQL` endpoint\n")
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n[ok](other.md#the-sparql-endpoint), [ok](#page), [ok](https://example.org/x.md),\n"
                    "[gone](missing.md), [no anchor](other.md#nowhere), [`code` in text](#nothing)\n\n"
                    "```sh\n[not a link](missing-too.md)\n```\nand `[nor this](missing-three.md)`\n")
    assert broken_links(page) == ["missing.md: no such file", "other.md#nowhere: no heading with the anchor #nowhere",
                                  "#nothing: no heading with the anchor #nothing"]
