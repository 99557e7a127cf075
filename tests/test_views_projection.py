"""What a network view draws: one link per linked pair, labels by importance, the cap and its rule, timelines.

Checked on small networks made here (each number can be counted by hand) and on the corpus's own network
(Cambodia and Japan are linked by many statements).
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

import diplograph
from diplograph.ontology.namespaces import BASE
from diplograph.viz import views
from diplograph.viz.projection import Capped, cap, importance, merged, network_from_rows, pair_key, project
from diplograph.viz.timeline import dates, timeline

ID = BASE + "id/"


def statement(number: int, subject: str, target: str, relation: str = "cooperatesWith", **extra) -> dict:
    return {"statement": f"s{number}", "subject": subject, "target": target, "predicate": f"dg#{relation}",
            "source": extra.pop("source", "src"), **extra}


def star(spokes: int) -> list[dict]:
    """A hub linked once to each of ``spokes`` nodes."""
    return [statement(i, "hub", f"n{i:03d}") for i in range(spokes)]


@pytest.fixture(scope="module")
def corpus(corpus_build):
    with diplograph.open(build_dir=corpus_build.build) as graph:
        return project(graph)


def test_parallel_statements_in_either_direction_are_one_link_that_counts_them():
    network = network_from_rows([
        statement(1, "a", "b", "strategicPartner"), statement(2, "a", "b", "strategicPartner", source="other"),
        statement(3, "b", "a", "visited"), statement(4, "a", "b", "memberOf"), statement(5, "a", "c")], [])
    assert network.number_of_edges() == 5  # each statement an edge of its own
    links = merged(network)
    assert links.number_of_edges() == 2
    ab = links.edges["a", "b"]
    assert ab["count"] == 4 and sorted(ab["statements"]) == ["s1", "s2", "s3", "s4"]
    assert dict(ab["relations"]) == {"strategicPartner": 2, "visited": 1, "memberOf": 1}
    assert ab["relations"][0] == ("strategicPartner", 2)  # the most frequent first
    assert ab["directions"] == {("a", "b"), ("b", "a")}
    assert links.edges["a", "c"]["count"] == 1 and links.edges["a", "c"]["directions"] == {("a", "c")}


def test_the_corpus_draws_cambodia_and_japan_as_one_link_of_all_their_statements(corpus):
    cambodia, japan = ID + "cambodia", ID + "japan"
    between = [key for u, v, key in corpus.edges(keys=True) if {u, v} == {cambodia, japan}]
    assert len(between) > 5
    link = merged(corpus).edges[cambodia, japan]
    assert sorted(link["statements"]) == sorted(between) and link["count"] == len(between)
    # the page carries one edge for the pair, and every statement once
    page = views.render(views.ego(corpus, cambodia), title="Cambodia")
    edges = json.loads(re.search(r'<script id="view-edges" type="application/json">(.*?)</script>', page, re.S)[1])
    shortened = {views.short(cambodia), views.short(japan)}
    assert sum(1 for edge in edges if {edge["from"], edge["to"]} == shortened) == 1
    statements = json.loads(re.search(r'<script id="view-statements"[^>]*>(.*?)</script>', page, re.S)[1])
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids)) == views.ego(corpus, cambodia).number_of_edges()
    assert all(any(s["id"] == views.short(key) for s in statements) for key in between)


def test_pair_keys_do_not_depend_on_direction():
    assert pair_key("x", "y") == pair_key("y", "x") != pair_key("x", "z")


def test_labels_go_by_importance_the_most_linked_first_and_parallel_statements_count_once():
    rows = star(4) + [statement(10 + i, "a", "b") for i in range(6)] + [statement(20, "b", "c")]
    network = network_from_rows(rows, [{"entity": node, "label": node.upper()} for node in ("a", "b", "c")])
    rank = importance(network)
    # hub: 4 neighbours; b: a and c; a and c: one each (a's six statements with b are one neighbour)
    assert rank["hub"] == 0 and rank["b"] == 1
    assert sorted(rank.values()) == list(range(network.number_of_nodes()))
    assert rank["a"] < rank["n000"]  # same degree: by label, "A" before "n000"
    degree = Counter()
    for u, v in merged(network).edges():
        degree[u] += 1
        degree[v] += 1
    ordered = sorted(network, key=rank.get)
    assert [degree[node] for node in ordered] == sorted((degree[node] for node in network), reverse=True)


def test_the_corpus_names_its_hubs_first(corpus):
    rank = importance(corpus)
    top = sorted(corpus, key=rank.get)[:5]
    assert ID + "cambodia" in top


def test_a_network_under_the_cap_is_drawn_whole():
    network = network_from_rows(star(10), [])
    part, capped = cap(network, max_nodes=20, max_links=20)
    assert (part.number_of_nodes(), part.number_of_edges()) == (11, 10)
    assert not capped.applied


def test_the_cap_keeps_the_best_linked_nodes_and_says_so():
    # two hubs: h1 with 8 spokes, h2 with 5; a pair of loners
    rows = [statement(i, "h1", f"a{i}") for i in range(8)] + [statement(20 + i, "h2", f"b{i}") for i in range(5)]
    rows += [statement(40, "h1", "h2"), statement(41, "x", "y")]
    network = network_from_rows(rows, [])
    part, capped = cap(network, max_nodes=4, max_links=100)
    assert set(part) == {"h1", "h2", "a0", "a1"}  # the two hubs, then by label: a0, a1 (degree 1 ties)
    assert capped == Capped(4, network.number_of_nodes(), 3, merged(network).number_of_edges(), 4, 100)
    assert capped.applied
    assert "Showing 4 of 17 entities and 3 of 15 links" in capped.rule
    assert "the 4 entities linked to the most others" in capped.rule


def test_the_cap_on_links_keeps_those_with_the_most_statements():
    rows = [statement(i, "a", "b") for i in range(3)] + [statement(10 + i, "b", "c") for i in range(2)]
    rows += [statement(20, "c", "a")]
    network = network_from_rows(rows, [])
    part, capped = cap(network, max_nodes=10, max_links=2)
    assert {pair_key(u, v) for u, v in part.edges()} == {pair_key("a", "b"), pair_key("b", "c")}
    assert part.number_of_edges() == 5  # every statement of a kept link
    assert (capped.links, capped.total_links) == (2, 3)
    assert set(part) == {"a", "b", "c"}  # nodes stay, their weakest link goes


def test_a_large_view_states_its_cap_to_the_page():
    page = views.render(network_from_rows(star(30), []), title="star", max_nodes=10, max_links=50)
    settings = json.loads(re.search(r'<script id="view-settings" type="application/json">(.*?)</script>', page)[1])
    assert (settings["maxNodes"], settings["maxLinks"]) == (10, 50)


def test_a_written_view_inlines_everything_and_a_served_one_links_its_files():
    network = network_from_rows(star(3), [])
    written = views.render(network, title="star")
    assert "vis.Network" in written and "<script src=" not in written and "default-src 'none'" in written
    served = views.render(network, title="star", base_url="")
    assert "vis.Network" not in served
    for name in views.ASSETS:
        assert views.served_assets("")[name] in served
    assert len(served) < len(written) / 10


def test_timeline_dates_as_the_text_gives_them():
    assert dates({"point": "2023-12-16"}) == ("2023-12-16", None)
    assert dates({"start_date": "2013", "end_date": "2017-08"}) == ("2013", "2017-08")
    assert dates({"end_date": "2030"}) == ("2030", None)
    assert dates({"time": "timeless"}) is None


def test_the_corpus_timeline_of_cambodia_and_japan(corpus):
    cambodia, japan = ID + "cambodia", ID + "japan"
    found = timeline(corpus, "cambodia", "japan")
    between = [(key, data) for u, v, key, data in corpus.edges(keys=True, data=True) if {u, v} == {cambodia, japan}]
    dated = {key for key, data in between if dates(data) is not None}
    assert {item["statement"] for item in found.items} == dated and dated
    assert found.undated == len(between) - len(dated)
    assert [item["start"] for item in found.items] == sorted(item["start"] for item in found.items)
    assert set(found.groups) == {item["group"] for item in found.items}
    assert all(item["quotes"] and item["sources"] for item in found.items)
    # Cambodia's own timeline names Japan among its partners, with the same count
    alone = timeline(corpus, "cambodia")
    assert (japan, "Japan", len(dated)) in alone.partners
    assert len(alone.items) >= len(found.items)


def test_the_page_gives_every_node_its_rank_and_position_even_zero():
    network = network_from_rows(star(4), [])
    positions = {node: (float(i * 10), 0.0) for i, node in enumerate(sorted(network))}
    page = views.render(network, title="star", positions=positions)
    nodes = json.loads(re.search(r'<script id="view-nodes" type="application/json">(.*?)</script>', page, re.S)[1])
    assert sorted(node["rank"] for node in nodes) == list(range(5))
    assert all("x" in node and "y" in node for node in nodes)
    rank = importance(network)
    assert {node["id"]: node["rank"] for node in nodes} == {views.short(node): rank[node] for node in network}
