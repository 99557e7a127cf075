"""Network analysis: each measure on a small hand-made network against an answer worked out by hand, then
`diplograph analyze` on the corpus."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner

import diplograph
from diplograph.cli import cli
from diplograph.viz import analysis, charts, export
from diplograph.viz.projection import (
    ID,
    UnknownEntity,
    network_from_rows,
    project,
    resolve,
)

DG = "https://w3id.org/diplograph/ontology#"
STANCE = "https://w3id.org/diplograph/concept/stance/"


def edge(subject: str, predicate: str, target: str, *, n: int = 0, source: str = "doc", **extra: str) -> dict:
    """One row of the network-edges query, for entities named by slug.

    The span is given as the build derives it (holds_from, holds_until): here a point in time or a start opens a
    span with no end, an end closes it, and a row with no time is timeless, so that each fixture holds in the years
    its hand computation says.
    """
    spans = {"holds_from": extra.get("time") or extra.get("start"), "holds_until": extra.get("end")}
    if not any(spans.values()):
        spans = {"validity": "https://w3id.org/diplograph/concept/validity/timeless"}
    return {"statement": f"https://w3id.org/diplograph/statement/{subject}-{predicate}-{target}-{n}",
            "subject": ID + subject, "predicate": DG + predicate, "predicate_label": predicate, "target": ID + target,
            "source": source, **{k: v for k, v in spans.items() if v}, **extra}


def node(slug: str, label: str | None = None, kind: str = "State") -> dict:
    return {"entity": ID + slug, "label": label or slug.capitalize(), "class": DG + kind, "class_label": kind}


def slugs(iris) -> list[str]:
    return [iri.removeprefix(ID) for iri in iris]


# --- Centrality: a 5-node tree ----------------------------------------------------------------------------
#
#   a — b — c — d        a and b are linked by two statements, one each way: the simple graph keeps one link.
#           |
#           e
#
# n = 5. Degree deg/(n-1): a 1/4, b 2/4, c 3/4, d 1/4, e 1/4.
# Betweenness, normalised by 2/((n-1)(n-2)) = 1/6 (each pair has one shortest path):
#   b lies on a-c, a-d, a-e                       -> 3 pairs -> 3/6 = 0.5
#   c lies on a-d, a-e, b-d, b-e, d-e             -> 5 pairs -> 5/6
#   a, d, e are ends only                         -> 0
# Eigenvector: with x_c = 1, x_d = x_e = 1/λ, x_b = λ - 2/λ, x_a = x_b/λ, and λ x_b = x_a + x_c give
#   λ⁴ - 4λ² + 2 = 0, λ² = 2 + √2. Then x_a = √2 - 1, x_b = √2/λ, x_d = x_e = 1/λ; Σx² = 8 - 4√2, so the unit
#   vector is: b = 1/2, c = √(2+√2)/(2√2) ≈ 0.6533, d = e = 1/(2√2) ≈ 0.3536, a = (√2-1)/√(8-4√2) ≈ 0.2706.

@pytest.fixture
def tree():
    rows = [edge("a", "cooperatesWith", "b"), edge("b", "assists", "a"), edge("b", "cooperatesWith", "c"),
            edge("c", "cooperatesWith", "d"), edge("c", "cooperatesWith", "e")]
    return network_from_rows(rows, [node(s) for s in "abcde"])


def scores(ranked) -> dict[str, float]:
    return {iri.removeprefix(ID): score for iri, _, score in ranked}


def test_degree_centrality_is_normalised_degree(tree):
    ranked = analysis.centrality(tree, "degree")
    assert scores(ranked) == pytest.approx({"a": 0.25, "b": 0.5, "c": 0.75, "d": 0.25, "e": 0.25})
    assert slugs(r.iri for r in ranked) == ["c", "b", "a", "d", "e"]  # ties by label
    assert ranked[0].label == "C"


def test_betweenness_centrality_by_hand(tree):
    ranked = analysis.centrality(tree, "betweenness")
    assert scores(ranked) == pytest.approx({"a": 0.0, "b": 0.5, "c": 5 / 6, "d": 0.0, "e": 0.0})
    assert slugs(r.iri for r in ranked)[:2] == ["c", "b"]


def test_eigenvector_centrality_by_hand(tree):
    root2 = math.sqrt(2)
    expected = {"a": (root2 - 1) / math.sqrt(8 - 4 * root2), "b": 0.5, "c": math.sqrt(2 + root2) / (2 * root2),
                "d": 1 / (2 * root2), "e": 1 / (2 * root2)}
    assert scores(analysis.centrality(tree, "eigenvector")) == pytest.approx(expected, abs=1e-9)


def test_eigenvector_is_computed_on_the_largest_component(tree):
    # Add a separate pair f — g: it scores 0, and the tree's scores are unchanged.
    rows = [edge("a", "cooperatesWith", "b"), edge("b", "cooperatesWith", "c"), edge("c", "cooperatesWith", "d"),
            edge("c", "cooperatesWith", "e"), edge("f", "cooperatesWith", "g")]
    found = scores(analysis.centrality(network_from_rows(rows, []), "eigenvector"))
    assert found["f"] == found["g"] == 0.0
    assert found["b"] == pytest.approx(0.5)
    assert found["c"] == pytest.approx(math.sqrt(2 + math.sqrt(2)) / (2 * math.sqrt(2)))


def test_centrality_edge_cases():
    assert analysis.centrality(nx.MultiDiGraph(), "degree") == []
    lone = network_from_rows([], [node("x")])
    assert [tuple(r) for r in analysis.centrality(lone, "eigenvector")] == [(ID + "x", "X", 0.0)]
    with pytest.raises(ValueError, match="unknown measure"):
        analysis.centrality(lone, "closeness")


# --- Communities: two triangles joined by a bridge ---------------------------------------------------------
#
#   a — b        d — e
#    \ /          \ /        + the bridge c — d
#     c ———————— d ... (a, b, c) and (d, e, f)
#
# m = 7 links of weight 1. Each triangle has 3 internal links and degree sum 2 + 2 + 3 = 7, so
# Q = 2 × (3/7 − (7/14)²) = 2 × (3/7 − 1/4) = 5/14 ≈ 0.3571.

@pytest.fixture
def triangles():
    rows = [edge("a", "cooperatesWith", "b"), edge("b", "cooperatesWith", "c"), edge("c", "cooperatesWith", "a"),
            edge("d", "cooperatesWith", "e"), edge("e", "cooperatesWith", "f"), edge("f", "cooperatesWith", "d"),
            edge("c", "memberOf", "d")]
    return network_from_rows(rows, [node(s) for s in "abcdef"])


@pytest.mark.parametrize("method", ["louvain", "greedy"])
def test_communities_find_the_two_triangles(triangles, method):
    found = analysis.communities(triangles, seed=1, method=method)
    assert [slugs(group) for group in found.groups] == [["a", "b", "c"], ["d", "e", "f"]]
    assert found.modularity == pytest.approx(5 / 14)


def test_communities_are_the_same_for_the_same_seed(triangles):
    assert analysis.communities(triangles, seed=7) == analysis.communities(triangles, seed=7)


def test_communities_without_edges_have_no_modularity():
    found = analysis.communities(network_from_rows([], [node("x"), node("y")]))
    assert found.groups == [[ID + "x"], [ID + "y"]] and found.modularity is None


# --- Paths --------------------------------------------------------------------------------------------------
#
#   cambodia —(strategic partner, 2013; Japan assists Cambodia)— japan —(member of)— quad
#   cambodia —(cooperates with)— united-states —(member of)— quad
#   cambodia — x — y — quad  (three hops: never a shortest path)
#
# Two shortest paths of two hops; the one via Japan rests on 3 statements, the one via the US on 2: Japan first.

@pytest.fixture
def paths_network():
    rows = [edge("cambodia", "strategicPartner", "japan", time="2013", source="ward-2017"),
            edge("japan", "assists", "cambodia", source="samath-2020"),
            edge("japan", "memberOf", "quad", source="usdos-2018"),
            edge("cambodia", "cooperatesWith", "united-states"), edge("united-states", "memberOf", "quad"),
            edge("cambodia", "cooperatesWith", "x"), edge("x", "cooperatesWith", "y"),
            edge("y", "cooperatesWith", "quad")]
    quotes = {rows[0]["statement"]: [("ward-2017", "the two nations signed a strategic partnership in 2013")]}
    return network_from_rows(rows, [node("cambodia"), node("japan"), node("quad", "Quad", "Forum"),
                                     node("united-states", "United States")], quotes)


def test_shortest_paths_with_the_facts_along_each_hop(paths_network):
    found = analysis.shortest_paths(paths_network, ID + "cambodia", ID + "quad")
    assert [slugs(p.nodes) for p in found] == [["cambodia", "japan", "quad"], ["cambodia", "united-states", "quad"]]
    best = found[0]
    assert best.labels == ("Cambodia", "Japan", "Quad") and best.statements == 3
    first, second = best.hops
    assert (first.source_label, first.target_label) == ("Cambodia", "Japan")
    partner, assists = first.links  # dated first
    assert ((partner.relation, partner.forward, partner.time, partner.sources)
            == ("strategicPartner", True, "2013", ("ward-2017",)))
    assert partner.quote == ("ward-2017", "the two nations signed a strategic partnership in 2013")
    assert ((assists.relation, assists.forward, assists.sources, assists.quote)
            == ("assists", False, ("samath-2020",), None))
    assert [(link.relation, link.forward) for link in second.links] == [("memberOf", True)]


def test_shortest_paths_limit_and_edge_cases(paths_network):
    assert len(analysis.shortest_paths(paths_network, ID + "cambodia", ID + "quad", limit=1)) == 1
    lonely = network_from_rows([edge("a", "cooperatesWith", "b")], [node("z")])
    assert analysis.shortest_paths(lonely, ID + "a", ID + "z") == []
    with pytest.raises(ValueError):
        analysis.shortest_paths(lonely, ID + "a", ID + "a")


def test_resolve_names_entities_and_suggests_close_matches(paths_network):
    assert resolve(paths_network, "united-states") == ID + "united-states"
    assert resolve(paths_network, "United States") == ID + "united-states"
    assert resolve(paths_network, ID + "quad") == ID + "quad"
    with pytest.raises(UnknownEntity) as error:
        resolve(paths_network, "cambodja")
    assert error.value.suggestions[0] == (ID + "cambodia", "Cambodia")
    assert "did you mean cambodia (Cambodia)" in str(error.value)


# --- Hedging ------------------------------------------------------------------------------------------------
#
# Powers present: china, japan, united-states (K = 3). Cambodia's statements:
#   engagements   strategicPartner china (2010), cooperatesWith china (undated), keyPartner japan (undated),
#                 japan assists cambodia (2012, the other direction), cooperatesWith united-states (2009–2011)
#   not counted   united-states pressures cambodia (2010: coercion), figure china (2011: a number)
#   stances       belt-and-road-initiative support (2011, +1); sihanoukville-sez concern (2012, −0.5; in the BRI
#                 camp as partOfInitiative BRI); foip-us refusal (undated, −1); foip-japan support (2012, +1);
#                 AOIP support (undated: in neither camp); Laos's refusal of foip-us is not Cambodia's.
#
# Undated statements included:
#   2010: china 2, japan 1, US 1 → N = 4, shares .5/.25/.25, HHI = .25+.0625+.0625 = .375,
#         HHI* = (.375 − 1/3)/(2/3) = .0625; stances: BRI none (0), IP refusal −1 → balance = (0 + 1)/2 = .5
#   2011: engagements as 2010 (the US tie runs to 2011); BRI +1, IP −1 → balance = (1 + 1)/2 = 1
#   2012: the US tie has ended, Japan assists: china 2, japan 2 → HHI = .5, HHI* = (.5 − 1/3)/(2/3) = .25;
#         BRI (1 − .5)/2 = .25, IP (−1 + 1)/2 = 0 → balance = (.25 − 0)/2 = .125
# Undated statements excluded:
#   2009: US 1 → HHI = HHI* = 1, no stance → balance None
#   2012: china 1 (2010), japan 1 (2012) → HHI .5, HHI* .25; BRI .25, IP +1 → balance = (.25 − 1)/2 = −.375

@pytest.fixture
def hedger():
    rows = [edge("cambodia", "strategicPartner", "china", time="2010", level="strategic-partnership", source="s1"),
            edge("cambodia", "cooperatesWith", "china", source="s2"),
            edge("cambodia", "keyPartner", "japan", source="s2"),
            edge("japan", "assists", "cambodia", time="2012", source="s3"),
            edge("cambodia", "cooperatesWith", "united-states", start="2009", end="2011", source="s3"),
            edge("united-states", "pressures", "cambodia", time="2010", source="s4"),
            edge("cambodia", "figure", "china", time="2011", source="s4"),
            edge("sihanoukville-sez", "partOfInitiative", "belt-and-road-initiative"),
            edge("cambodia", "stanceToward", "belt-and-road-initiative", stance=STANCE + "support", time="2011"),
            edge("cambodia", "stanceToward", "sihanoukville-sez", stance=STANCE + "concern", time="2012"),
            edge("cambodia", "stanceToward", "foip-us", stance=STANCE + "refusal"),
            edge("cambodia", "stanceToward", "foip-japan", stance=STANCE + "support", time="2012"),
            edge("cambodia", "stanceToward", "asean-outlook-on-the-indo-pacific", stance=STANCE + "support"),
            edge("laos", "stanceToward", "foip-us", stance=STANCE + "refusal")]
    return network_from_rows(rows,
                             [node("cambodia"), node("china"), node("japan"), node("united-states", "United States")])


def test_camps_take_in_partof_initiative_and_leave_out_aoip(hedger):
    found = analysis.camps(hedger)
    assert sorted(slugs(found["bri"])) == ["belt-and-road-initiative", "sihanoukville-sez"]
    assert sorted(slugs(found["indo-pacific"])) == ["foip-japan", "foip-us"]


def test_hedging_profile_by_hand(hedger):
    rows = analysis.hedging_profile(hedger, ID + "cambodia", [2010, 2011, 2012])
    assert [r.year for r in rows] == [2010, 2011, 2012]
    assert [(r.engagements, r.powers_engaged, r.powers_considered) for r in rows] == [(4, 3, 3), (4, 3, 3), (4, 2, 3)]
    assert [r.hhi for r in rows] == pytest.approx([0.375, 0.375, 0.5])
    assert [r.hhi_normalised for r in rows] == pytest.approx([0.0625, 0.0625, 0.25])
    assert [(s.label, s.engagements, s.share) for s in rows[0].shares] == [("China", 2, 0.5), ("Japan", 1, 0.25),
                                                                            ("United States", 1, 0.25)]
    assert [(r.bri_stance, r.bri_stances) for r in rows] == [(None, 0), (1.0, 1), (0.25, 2)]
    assert [(r.indo_pacific_stance, r.indo_pacific_stances) for r in rows] == [(-1.0, 1), (-1.0, 1), (0.0, 2)]
    assert [r.balance for r in rows] == pytest.approx([0.5, 1.0, 0.125])
    assert rows[2].leading_power.label == "China"  # 2 each: ties by label
    assert rows[0].sources == ("doc", "s1", "s2", "s3")


def test_hedging_profile_without_undated_statements(hedger):
    y2009, y2012 = analysis.hedging_profile(hedger, ID + "cambodia", [2009, 2012], undated="exclude")
    assert (y2009.engagements, y2009.hhi, y2009.hhi_normalised, y2009.balance) == (1, 1.0, 1.0, None)
    assert (y2012.engagements, y2012.hhi, y2012.hhi_normalised) == (2, 0.5, 0.25)
    assert y2012.balance == pytest.approx(-0.375)


def test_hedging_profile_before_any_engagement(hedger):
    (row,) = analysis.hedging_profile(hedger, ID + "cambodia", [2000], undated="exclude")
    assert (row.engagements, row.hhi, row.hhi_normalised, row.shares) == (0, None, None, ())


def test_change_years_are_where_the_profile_can_change(hedger):
    # starts 2009 (US), 2010 (China), 2011 (BRI stance), 2012 (Japan, stances); the US tie ends 2011 → 2012.
    assert analysis.change_years(hedger, ID + "cambodia") == [2009, 2010, 2011, 2012]


def test_every_stance_concept_has_a_weight():
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    from diplograph import ontology

    concepts = Graph().parse(ontology.__path__[0] + "/concepts.ttl")
    stances = {str(c).removeprefix(STANCE) for c in concepts.subjects(SKOS.inScheme, URIRef(STANCE.rstrip("/")))}
    assert stances and stances == set(analysis.STANCE_WEIGHTS)
    assert all(-1 <= w <= 1 for w in analysis.STANCE_WEIGHTS.values())


# --- Charts and exports on the fixtures ---------------------------------------------------------------------


def test_charts_write_png_and_svg_with_a_caption(hedger, tmp_path):
    hedger.graph["data_version"] = "test-version"
    written = charts.save(charts.partnership_timeline(hedger, ID + "cambodia"), tmp_path / "timeline.png")
    assert written == [tmp_path / "timeline.png", tmp_path / "timeline.svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = written[1].read_text(encoding="utf-8")
    assert ET.fromstring(svg).tag.endswith("svg")
    assert "Data: test-version. Sources: s1." in svg and "China" in svg


def test_export_flattens_lists_and_none(paths_network, tmp_path):
    path = export.write(paths_network, tmp_path / "n.graphml", "graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    data = back.edges[ID + "cambodia", ID + "japan", paths_network_key(paths_network)]
    assert data["sources"] == "ward-2017"
    assert data["quotes"] == "ward-2017: the two nations signed a strategic partnership in 2013"
    assert data["start"] == "2013" and data["end"] == ""  # a key mixing years and None is text throughout


def paths_network_key(network) -> str:
    return next(k for k, d in network[ID + "cambodia"][ID + "japan"].items() if d["relation"] == "strategicPartner")


# --- The corpus and the command -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_network(corpus_build):
    kg = diplograph.open(build_dir=corpus_build.build)
    try:
        return project(kg)
    finally:
        kg.close()


@pytest.fixture
def run(corpus_build):
    def invoke(*args: str):
        return CliRunner().invoke(cli, ["analyze", *args, "--build-dir", str(corpus_build.build)])

    return invoke


def table(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a format_table table (columns split on two spaces or more)."""
    import re

    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if i + 1 < len(lines) and set(lines[i + 1]) <= {"-", " "}
                 and lines[i + 1].strip())
    split = re.compile(r"\s{2,}")
    return split.split(lines[start].strip()), [split.split(line.strip()) for line in lines[start + 2:] if line.strip()]


def test_help_shows_examples():
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and "diplograph analyze centrality" in result.output
    for name in ("centrality", "communities", "path", "hedging", "chart", "export"):
        result = runner.invoke(cli, ["analyze", name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.output and f"diplograph analyze {name}" in result.output, name
        assert "--build-dir" in result.output and "--store" in result.output, name


def test_centrality_command_prints_the_ranking(run, corpus_network):
    result = run("centrality", "--measure", "betweenness", "--top", "10")
    assert result.exit_code == 0, result.output
    headers, rows = table(result.stdout)
    assert headers == ["rank", "entity", "kind", "betweenness", "id"]
    expected = analysis.centrality(corpus_network, "betweenness")[:10]
    assert [row[1] for row in rows] == [r.label for r in expected]
    assert [float(row[3]) for row in rows] == pytest.approx([r.score for r in expected], abs=5e-5)
    assert [row[0] for row in rows] == [str(i) for i in range(1, 11)]
    assert "cambodia" in [row[4] for row in rows]


def test_centrality_as_of_a_year_drops_later_statements(run, corpus_network):
    from diplograph.viz.projection import as_of

    result = run("centrality", "--as-of", "1990", "--top", "3")
    assert result.exit_code == 0, result.output
    _, rows = table(result.stdout)
    expected = analysis.centrality(as_of(corpus_network, 1990), "degree")[:3]
    assert [float(row[3]) for row in rows] == pytest.approx([r.score for r in expected], abs=5e-5)


def test_communities_command_reports_modularity(run, corpus_network):
    result = run("communities")
    assert result.exit_code == 0, result.output
    found = analysis.communities(corpus_network, seed=42)
    assert f"modularity Q = {found.modularity:.4f}" in result.stdout
    headers, rows = table(result.stdout)
    assert headers == ["community", "size", "members (best linked first)"]
    assert [int(row[1]) for row in rows] == [len(g) for g in found.groups if len(g) >= 2]


def test_path_command_prints_facts_with_sources_and_quotes(run, corpus_network):
    result = run("path", "cambodia", "japan")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 hop from Cambodia to Japan")
    (path,) = analysis.shortest_paths(corpus_network, ID + "cambodia", ID + "japan")
    link = next(link for link in path.hops[0].links if link.relation == "strategicPartner" and link.quote)
    assert f"Cambodia → strategic partner → Japan ({link.time}) [{', '.join(link.sources)}]" in result.stdout
    assert f"\u201c{' '.join(link.quote[1].split())}\u201d ({link.quote[0]})" in result.stdout
    assert result.stdout.count("    Cambodia → ") + result.stdout.count("    Japan → ") == path.statements


def test_path_command_names_close_matches_for_an_unknown_entity(run):
    result = run("path", "cambodja", "quad")
    assert result.exit_code == 1
    assert "no entity 'cambodja'" in result.output and "did you mean cambodia (Cambodia)" in result.output


def test_hedging_command_matches_the_profile(run, corpus_network):
    result = run("hedging", "cambodia", "--from", "2010", "--to", "2014", "--every-year")
    assert result.exit_code == 0, result.output
    headers, rows = table(result.stdout)
    assert headers == ["year", "powers", "engagements", "HHI", "HHI*", "leading power", "BRI camp",
                       "Indo-Pacific camp", "balance"]
    assert [row[0] for row in rows] == ["2010", "2011", "2012", "2013", "2014"]
    profile = analysis.hedging_profile(corpus_network, ID + "cambodia", range(2010, 2015))
    for row, expected in zip(rows, profile, strict=True):
        assert int(row[2]) == expected.engagements
        if expected.hhi is None:  # no engagement that year
            assert row[3] == "-"
        else:
            assert float(row[3]) == pytest.approx(expected.hhi, abs=5e-4)
            assert 1 / expected.powers_considered <= expected.hhi <= 1
        if expected.balance is None:
            assert row[8] == "-"
        else:
            assert float(row[8]) == pytest.approx(expected.balance, abs=5e-4)


def test_hedging_command_defaults_to_the_change_years(run, corpus_network):
    result = run("hedging")
    assert result.exit_code == 0, result.output
    _, rows = table(result.stdout)
    changes = analysis.change_years(corpus_network, ID + "cambodia")
    assert [int(row[0]) for row in rows][: len(changes)] == changes


@pytest.mark.parametrize("kind", ["timeline", "stances", "hedging"])
def test_chart_command_writes_png_and_svg(run, tmp_path, kind, corpus_build):
    result = run("chart", kind, "-o", str(tmp_path / kind))
    assert result.exit_code == 0, result.output
    png, svg = tmp_path / f"{kind}.png", tmp_path / f"{kind}.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image

    assert matplotlib.image.imread(png).shape[0] > 100
    text = svg.read_text(encoding="utf-8")
    assert ET.fromstring(text).tag == "{http://www.w3.org/2000/svg}svg"
    assert charts.data_version(corpus_build.build) in text and "Sources: " in text


def test_chart_timeline_shows_cambodias_partners(run, tmp_path, corpus_network):
    result = run("chart", "timeline", "-o", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "t.svg").read_text(encoding="utf-8")
    partners = {corpus_network.nodes[v]["label"] for u, v, d in corpus_network.edges(data=True)
                if u == ID + "cambodia" and d["relation"] == "strategicPartner"}
    assert partners and all(p in text for p in partners)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_command_round_trips(run, tmp_path, fmt, corpus_network):
    target = tmp_path / f"network.{fmt}"
    result = run("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    if fmt == "graphml":
        back = nx.read_graphml(target, force_multigraph=True)
    elif fmt == "gexf":
        back = nx.read_gexf(target)
    else:
        back = nx.node_link_graph(json.loads(target.read_text(encoding="utf-8")), edges="edges")
    assert back.number_of_nodes() == corpus_network.number_of_nodes()
    assert back.number_of_edges() == corpus_network.number_of_edges()
    assert set(back.nodes) == set(corpus_network.nodes)
    assert {k for *_, k in back.edges(keys=True)} == {k for *_, k in corpus_network.edges(keys=True)}
    u, v, key, data = next((u, v, k, d) for u, v, k, d in corpus_network.edges(keys=True, data=True) if d["quotes"])
    written = back.edges[u, v, key]
    if fmt == "json":
        assert written["sources"] == data["sources"]
    else:
        assert written["sources"] == "; ".join(data["sources"])
        assert written["relation"] == data["relation"]
