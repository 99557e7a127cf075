"""The network views in a real browser: headless Debian Chromium driven by Playwright.

Each view is opened as a person would open it: the page ``diplograph viz`` writes, from a file:// URL, and the
same views served by the web app and embedded in its pages. What the page shows is checked against numbers
computed here from the projection (``viz.projection``), never against numbers read from a page: the status
line's counts, the vis DataSets, the legend, the time control (``as_of``), the filters, the search, the
tooltips, and a double-click that opens a node's page. Every test also checks that the browser reported no
error and that the page loaded nothing from anywhere (a written view loads nothing at all; a served one only
from the live server on 127.0.0.1).

Playwright must not download a browser: it drives /usr/bin/chromium. Without it (or without Playwright)
these tests skip on a developer's machine and fail in CI.

``DIPLOGRAPH_SCREENSHOTS=1`` makes the screenshot test write the docs' pictures of the views into
docs/screenshots/ (else into a temporary folder).
"""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

import diplograph
from diplograph.cli import cli
from diplograph.ontology.namespaces import BASE
from diplograph.viz import views
from diplograph.viz.encoding import edge_style, node_style
from diplograph.viz.projection import MAX_NODES, as_of, cap, merged, network_from_rows, pair_key, project

from .browser import (
    DRAWN,
    LINK_POINT,
    SCREENSHOTS,
    TIMEOUT_MS,
    VIEWPORT,
    expect,
    open_drawn,
    recording_context,
)

pytestmark = pytest.mark.browser

LARGE_TIMEOUT_MS = 120_000
ID = BASE + "id/"
AS_OF = 2015  # the year `diplograph viz --as-of` opens a view at, in one test


# --- the network, computed here -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def network(corpus_build):
    with diplograph.open(build_dir=corpus_build.build) as graph:
        return project(graph)


@pytest.fixture(scope="module")
def written(corpus_build, tmp_path_factory):
    """Views written by `diplograph viz`, as a user gets them: name → file path."""
    folder = tmp_path_factory.mktemp("views")
    commands = {"overview": [], "overview-2015": ["--as-of", str(AS_OF)], "ego-cambodia": ["--view", "ego", "cambodia"],
                "compare-china-japan": ["--view", "compare", "china", "japan"]}
    paths = {}
    for name, args in commands.items():
        path = folder / f"{name}.html"
        result = CliRunner().invoke(cli, ["viz", *args, "-o", str(path), "--build-dir", str(corpus_build.build)])
        assert result.exit_code == 0, result.output
        paths[name] = path
    return paths


def counts(network) -> tuple[int, int]:
    return network.number_of_nodes(), network.number_of_edges()


def linked_nodes(edges) -> set[str]:
    """The nodes at either end of ``edges``: once a year or a filter is set, a view shows these (and, with no
    year set, the nodes that have no edge at all)."""
    return {node for u, v, _ in edges for node in (u, v)}


# --- the browser ----------------------------------------------------------------------------------------

@pytest.fixture
def browsing(browser):
    with recording_context(browser) as both:
        yield both


@pytest.fixture
def page(browsing):
    return browsing[0].new_page()


@pytest.fixture
def recorder(browsing):
    return browsing[1]


def open_view(page, path: Path, timeout: float = TIMEOUT_MS) -> str:
    """Open a written view and wait until it has drawn; its URL."""
    return open_drawn(page, path.resolve().as_uri(), timeout)


def only(url: str):
    """A written view may load nothing but itself."""
    return lambda requested: requested == url


def shown(target) -> tuple[int, int]:
    """The status line's counts of what is shown (a page or a frame)."""
    status = target.locator("#status")
    return int(status.get_attribute("data-nodes")), int(status.get_attribute("data-edges"))


def shown_edges(target) -> set[str]:
    """The statements of the links drawn now."""
    return set(target.evaluate("diplographNetwork.shownStatements()"))


def shown_links(target) -> set[str]:
    return set(target.evaluate("diplographNetwork.edgeView.getIds()"))


def link_ids(network) -> set[str]:
    """One link per linked pair, as the page names it."""
    return {pair_key(u, v) for u, v in merged(network).edges()}


def link_groups(network) -> set[str]:
    """The legend's edge groups: each link is drawn in the style of its first statement."""
    groups = set()
    for _, _, link in merged(network).edges(data=True):
        first = link["statements"][0]
        data = next(d for *_, k, d in network.edges(keys=True, data=True) if k == first)
        groups.add(edge_style(data.get("relation", ""), data.get("stance", ""))[0])
    return groups


def settle(target) -> None:
    """Two animation frames: what was asked of the canvas is drawn."""
    target.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def set_year(page, year: int) -> None:
    page.locator("#time-year").fill(str(year))  # sets the range's value and dispatches input and change
    expect(page.locator("#time-label")).to_have_text(str(year))


# --- the tests ------------------------------------------------------------------------------------------

def test_overview_draws_everything_and_loads_nothing(page, recorder, written, network):
    nodes, edges = counts(network)
    links = link_ids(network)
    assert len(links) < edges  # parallel statements are one link
    node_groups = {node_style(data.get("kind", ""))[0] for _, data in network.nodes(data=True)}

    url = open_view(page, written["overview"])
    assert shown(page) == (nodes, edges)
    assert page.evaluate("[diplographNetwork.nodes.length, diplographNetwork.edges.length]") == [nodes, len(links)]
    assert page.evaluate("[diplographNetwork.nodeView.length, diplographNetwork.edgeView.length]") == \
        [nodes, len(links)]
    assert set(page.evaluate("diplographNetwork.edges.getIds()")) == links
    assert shown_edges(page) == {key for *_, key in network.edges(keys=True)}
    assert page.locator("#time-all").is_checked()
    expect(page.locator("#status")).to_contain_text(
        f"{nodes} of {nodes} entities, {edges} of {edges} statements ({len(links)} links)")
    expect(page.locator("#cap")).to_be_hidden()  # the corpus is under the cap

    legend_nodes = [text.strip() for text in page.locator("#legend-nodes li").all_text_contents()]
    legend_edges = [text.strip() for text in page.locator("#legend-edges li").all_text_contents()]
    assert sorted(legend_nodes) == sorted(node_groups)
    assert sorted(legend_edges) == sorted(link_groups(network))

    # a class filter lists every class group with its number of nodes
    page.locator("#filters > summary").click()
    kinds = Counter(node_style(data.get("kind", ""))[0] for _, data in network.nodes(data=True))
    for group, number in kinds.items():
        expect(page.locator("#filter-kinds").get_by_role("checkbox", name=f"{group} ({number})", exact=True)) \
            .to_have_count(1)

    recorder.assert_clean(only(url))
    assert url in recorder.requests


def test_search_selects_and_focuses_a_node(page, recorder, written, network):
    cambodia = ID + "cambodia"
    label = network.nodes[cambodia]["label"]
    url = open_view(page, written["overview"])
    assert page.evaluate("diplographNetwork.network.getSelectedNodes()") == []

    page.locator("#search").fill(label)
    page.locator("#search").press("Enter")
    assert page.evaluate("diplographNetwork.network.getSelectedNodes()") == [cambodia]
    assert page.evaluate("diplographNetwork.state.highlighted") == cambodia

    # the beginning of a name finds it too
    other = next(node for node, data in network.nodes(data=True)
                 if node != cambodia and not any(d["label"].lower().startswith(data["label"][:6].lower())
                                                 for n, d in network.nodes(data=True) if n != node))
    page.locator("#search").fill(network.nodes[other]["label"][:6])
    page.locator("#search").press("Enter")
    assert page.evaluate("diplographNetwork.network.getSelectedNodes()") == [other]
    recorder.assert_clean(only(url))


_BRIGHTNESS = """
async (id) => {
  const { network } = window.diplographNetwork;
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  await frame(); await frame();  // after the draw that was asked for
  const canvas = document.querySelector("#network canvas");
  const at = network.canvasToDOM(network.getPosition(id)), ratio = canvas.width / canvas.clientWidth;
  const [r, g, b] = canvas.getContext("2d").getImageData(Math.round(at.x * ratio), Math.round(at.y * ratio), 1, 1).data;
  return r + g + b;
}
"""


# Highlight a node (or none), and wait until the canvas has drawn it: vis-network may draw on a timer rather than in
# the next animation frame.
_HIGHLIGHT_DRAWN = """
(id) => new Promise((done) => {
  diplographNetwork.network.once("afterDrawing", () => done());
  diplographNetwork.highlight(id);
})
"""


def test_a_highlight_veils_all_but_the_neighbourhood(page, recorder, written, network):
    cambodia = ID + "cambodia"
    url = open_view(page, written["overview"])
    page.locator("#labels-shown").uncheck()  # the names drawn on the picture might cover a node's centre
    simple = network.to_undirected()
    # the loneliest node far from Cambodia, and the loneliest of its neighbourhood (Cambodia's own centre may lie
    # under another node): no other node's disc reaches their centres
    positions = page.evaluate("diplographNetwork.network.getPositions()")
    def room(node):
        x, y = positions[node]["x"], positions[node]["y"]
        return min(abs(x - p["x"]) + abs(y - p["y"]) for other, p in positions.items() if other != node)
    stranger = max((node for node in positions if node != cambodia and node not in simple[cambodia]), key=room)
    friend = max((node for node in [cambodia, *simple[cambodia]] if node in positions), key=room)
    assert room(stranger) > 40 and room(friend) > 40, "no node of the picture stands alone"
    before = {node: page.evaluate(_BRIGHTNESS, node) for node in (friend, stranger)}
    page.evaluate(_HIGHLIGHT_DRAWN, cambodia)
    lit = {node: page.evaluate(_BRIGHTNESS, node) for node in (friend, stranger)}
    assert lit[stranger] > before[stranger] + 60            # veiled: paler
    assert abs(lit[friend] - before[friend]) <= 6             # drawn again as it was
    page.evaluate(_HIGHLIGHT_DRAWN, None)
    assert abs(page.evaluate(_BRIGHTNESS, stranger) - before[stranger]) <= 6
    recorder.assert_clean(only(url))


def hover(page, point) -> None:
    page.mouse.move(point["x"] - 3, point["y"] - 3)
    page.mouse.move(point["x"], point["y"], steps=2)


def test_hovering_the_middle_of_a_link_shows_that_links_tooltip(page, recorder, written, network):
    """Each of a hub's links, hovered at its middle, shows its own tooltip: the pair, the number of statements
    and their relations (the pointer's link is the nearest one, not the last drawn one)."""
    japan = ID + "japan"
    url = open_view(page, written["overview"])
    page.locator("#search").fill("Japan")
    page.locator("#search").press("Enter")
    links = merged(network)
    tooltip = page.locator("#tooltip")
    hovered = 0
    for near in sorted(links[japan]):
        link = pair_key(japan, near)
        point = page.evaluate(LINK_POINT, link)
        if not point["inside"] or point["covered"]:
            continue
        hover(page, point)
        expect(tooltip).to_have_attribute("data-link", link)
        data = links.edges[japan, near]
        text = tooltip.inner_text()
        assert f"{data['count']} statement" in text
        assert all(relation in text for relation, _ in data["relations"])
        hovered += 1
    assert hovered >= 5, "too few of Japan's links were on screen"

    # A node, hovered at its centre: its label and class.
    centre = page.evaluate("""(id) => {
        const { network } = window.diplographNetwork;
        const box = network.canvas.frame.getBoundingClientRect();
        const dom = network.canvasToDOM(network.getPositions([id])[id]);
        return { x: box.left + dom.x, y: box.top + dom.y, hit: network.getNodeAt(dom) };
    }""", japan)
    assert centre["hit"] == japan
    hover(page, centre)
    expect(tooltip).to_have_attribute("data-node", japan)
    expect(tooltip).to_contain_text(network.nodes[japan]["label"])
    recorder.assert_clean(only(url))


def test_clicking_a_link_lists_its_statements_with_sources_and_quotes(page, recorder, written, network):
    cambodia, japan = ID + "cambodia", ID + "japan"
    link = merged(network).edges[cambodia, japan]
    url = open_view(page, written["overview"])
    page.locator("#search").fill("Cambodia")
    page.locator("#search").press("Enter")
    point = page.evaluate(LINK_POINT, pair_key(cambodia, japan))
    assert point["inside"] and not point["covered"]
    hover(page, point)
    page.mouse.click(point["x"], point["y"])
    items = page.locator("#details ol.statements > li")
    expect(items).to_have_count(link["count"])
    assert {items.nth(i).get_attribute("data-statement") for i in range(link["count"])} == set(link["statements"])
    for i in range(link["count"]):
        key = items.nth(i).get_attribute("data-statement")
        data = next(d for *_, k, d in network.edges(keys=True, data=True) if k == key)
        text = items.nth(i).inner_text()
        assert all(source in text for source in data["sources"])
        assert all(quote[:80] in text for _, quote in data["quotes"][:2])
    recorder.assert_clean(only(url))


def test_after_find_the_picture_stays_put_under_the_mouse(page, recorder, written):
    url = open_view(page, written["overview"])
    page.locator("#search").fill("Japan")
    page.locator("#search").press("Enter")
    settle(page)
    view = "[diplographNetwork.network.getViewPosition(), diplographNetwork.network.getScale()]"
    before = page.evaluate(view)
    box = page.locator("#network").bounding_box()
    for step in range(12):
        page.mouse.move(box["x"] + 40 + step * 50, box["y"] + 60 + step * 40, steps=3)
    settle(page)
    assert page.evaluate(view) == before
    recorder.assert_clean(only(url))


def test_time_control_shows_what_was_in_force(page, recorder, written, network):
    years = sorted({data[end] for *_, data in network.edges(keys=True, data=True) for end in ("start", "end")
                    if data[end] is not None})
    assert len(years) >= 2
    early, late = 2010, 2020
    assert years[0] <= early < late <= years[-1]

    url = open_view(page, written["overview"])
    everything = page.evaluate("diplographNetwork.network.getPositions()")
    assert len(everything) == network.number_of_nodes()

    page.locator("#time-all").uncheck()
    expect(page.locator("#time-year")).to_be_enabled()
    positions = {}
    for year in (early, late):
        set_year(page, year)
        in_force = as_of(network, year)
        keys = {key for *_, key in in_force.edges(keys=True)}
        assert shown(page) == (len(linked_nodes(in_force.edges(keys=True))), len(keys))
        assert shown_edges(page) == keys
        assert shown_links(page) == link_ids(in_force)
        expect(page.locator("#time-rule")).to_contain_text(f"In {year}: ")
        positions[year] = page.evaluate("diplographNetwork.network.getPositions()")
        assert set(positions[year]) == set(page.evaluate("diplographNetwork.nodeView.getIds()"))

    # a later year: every edge begun by then, with no end and no later statement that supersedes it, is shown,
    # so at least as many of those
    def begun(year):
        return {key for *_, key, data in as_of(network, year).edges(keys=True, data=True)
                if data["start"] is not None and data["end"] is None and data.get("superseded") is None}

    shown_late = shown_edges(page)
    assert begun(early) <= begun(late) <= shown_late
    assert len(begun(late)) > len(begun(early))

    # nothing moved: a node shown in two states is where it was
    for node, place in positions[late].items():
        for other in (positions[early], everything):
            if node in other:
                assert other[node] == pytest.approx(place), node

    page.locator("#time-all").check()
    assert shown(page) == counts(network)
    expect(page.locator("#time-year")).to_be_disabled()
    recorder.assert_clean(only(url))


def test_a_view_written_as_of_a_year_opens_at_that_year(page, recorder, written, network):
    in_force = as_of(network, AS_OF)
    url = open_view(page, written["overview-2015"])
    assert shown(page) == (len(linked_nodes(in_force.edges(keys=True))), in_force.number_of_edges())
    assert shown_edges(page) == {key for *_, key in in_force.edges(keys=True)}
    assert not page.locator("#time-all").is_checked()
    expect(page.locator("#time-year")).to_have_value(str(AS_OF))
    expect(page.locator("#time-rule")).to_contain_text(f"In {AS_OF}: ")
    page.locator("#time-all").check()
    assert shown(page) == counts(network)
    recorder.assert_clean(only(url))


def test_the_time_control_keeps_or_leaves_out_claims_with_no_date_and_says_how_many(page, recorder, written,
                                                                                      network):
    timeless = sum(1 for *_, data in network.edges(data=True) if data["timeless"])
    undated = sum(1 for *_, data in network.edges(data=True)
                  if not data["timeless"] and data["start"] is None and data["end"] is None)
    assert timeless > 0
    with_them, without = as_of(network, AS_OF), as_of(network, AS_OF, timeless=False)
    dated = network.number_of_edges() - timeless - undated
    url = open_view(page, written["overview-2015"])
    rule = page.locator("#time-rule")
    expect(rule).to_contain_text(
        f"In {AS_OF}: {without.number_of_edges()} of {dated} dated statements in force; {undated + timeless} with "
        f"no date ({undated} undated, {timeless} timeless) shown, as in every year.")
    page.locator("#time-timeless").uncheck()
    assert shown_edges(page) == {key for *_, key in without.edges(keys=True)}
    assert shown(page)[1] == without.number_of_edges() < with_them.number_of_edges()
    expect(rule).to_contain_text(f"({undated} undated, {timeless} timeless) left out.")
    assert "undated=hide" in page.url  # the view's state is in its URL
    page.locator("#time-timeless").check()
    assert shown(page)[1] == with_them.number_of_edges()
    assert "undated=hide" not in page.url
    recorder.assert_clean(only(url))


def test_relation_filter_hides_exactly_that_relation(page, recorder, written, network):
    relations = Counter(data["relation_label"] for *_, data in network.edges(keys=True, data=True))
    relation, number = relations.most_common(1)[0]
    kept = [(u, v, key) for u, v, key, data in network.edges(keys=True, data=True)
            if data["relation_label"] != relation]
    isolated = {node for node in network if network.degree(node) == 0}

    url = open_view(page, written["overview"])
    page.locator("#filters > summary").click()
    box = page.locator("#filter-relations").get_by_role("checkbox", name=f"{relation} ({number})", exact=True)
    box.uncheck()
    assert shown(page) == (len(linked_nodes(kept) | isolated), network.number_of_edges() - number)
    assert shown_edges(page) == {key for *_, key in kept}
    assert page.evaluate("(r) => diplographNetwork.statements.filter((s) => s.relation === r)"
                         ".filter((s) => diplographNetwork.shownStatements().includes(s.id)).length", relation) == 0
    assert "hide_relation=" in page.url
    box.check()
    assert shown(page) == counts(network)
    recorder.assert_clean(only(url))


@pytest.mark.parametrize("name", ["ego-cambodia", "compare-china-japan"])
def test_ego_and_compare_views_show_their_selection(page, recorder, written, network, name):
    selected = views.ego(network, "cambodia") if name == "ego-cambodia" else views.compare(network, "china", "japan")
    url = open_view(page, written[name])
    assert shown(page) == counts(selected)
    assert set(page.evaluate("diplographNetwork.nodes.getIds()")) == set(selected)
    assert set(page.evaluate("diplographNetwork.edges.getIds()")) == link_ids(selected)
    assert shown_edges(page) == {key for *_, key in selected.edges(keys=True)}
    recorder.assert_clean(only(url))


def test_served_views_embed_and_open_node_pages(page, recorder, corpus_server, network):
    cambodia = ID + "cambodia"
    neighbourhood = views.ego(network, cambodia)
    server = corpus_server
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server))
    assert urlsplit(server).hostname == "127.0.0.1"

    page.goto(server + "/")
    home = page.locator("iframe.network")
    home.scroll_into_view_if_needed()
    frame = home.element_handle().content_frame()
    frame.wait_for_selector(DRAWN, state="attached")
    assert shown(frame) == counts(network)

    page.goto(server + "/id/cambodia")
    page.locator("details.lazy-frame > summary").click()  # the page makes its network frame when asked
    embedded = page.locator("iframe.network")
    embedded.scroll_into_view_if_needed()
    frame = embedded.element_handle().content_frame()
    frame.wait_for_selector(DRAWN, state="attached")
    assert shown(frame) == counts(neighbourhood)
    settle(frame)

    # the best linked neighbour that a double-click can reach: its page opens in the top window
    neighbours = sorted((node for node in neighbourhood if node != cambodia and node.startswith(ID)),
                        key=lambda node: (-neighbourhood.degree(node), node))
    frame_box = embedded.bounding_box()
    target = None
    for node in neighbours:
        spot = frame.evaluate("""(id) => {
            const { network } = window.diplographNetwork;
            const box = network.canvas.frame.getBoundingClientRect();
            const dom = network.canvasToDOM(network.getPositions([id])[id]);
            return { x: box.left + dom.x, y: box.top + dom.y, hit: network.getNodeAt(dom) === id,
                     inside: dom.x > 5 && dom.y > 5 && dom.x < box.width - 5 && dom.y < box.height - 5 };
        }""", node)
        x, y = frame_box["x"] + spot["x"], frame_box["y"] + spot["y"]
        if spot["hit"] and spot["inside"] and 0 < x < VIEWPORT["width"] and 0 < y < VIEWPORT["height"]:
            target = node, x, y
            break
    assert target, "no neighbour of Cambodia can be double-clicked"
    node, x, y = target
    page.mouse.dblclick(x, y)
    page.wait_for_url(server + "/" + node[len(BASE):])
    expect(page.locator("main h1")).to_have_text(network.nodes[node]["label"])

    recorder.assert_clean(lambda url: "{0.scheme}://{0.netloc}".format(urlsplit(url)) == origin)


def synthetic_network(nodes: int = 5_000, edges: int = 10_000, seed: int = 20240501):
    """A random network of the projection's shape: classes, relations, sources, some dated edges."""
    rng = random.Random(seed)
    ontology = BASE + "ontology#"
    classes = ["State", "InternationalOrganisation", "Person", "Initiative", "Project", "Event", "Place", "Principle",
               "Agreement"]
    relations = ["strategicPartner", "cooperatesWith", "memberOf", "finances", "leads", "partOfInitiative",
                 "visited", "pressures", "adheresTo"]
    node_rows = [{"entity": f"{ID}n{i}", "label": f"Entity {i}", "class": ontology + rng.choice(classes)}
                 for i in range(nodes)]
    edge_rows = []
    for i in range(edges):
        row = {"statement": f"{BASE}statement/s{i}", "subject": f"{ID}n{rng.randrange(nodes)}",
               "target": f"{ID}n{rng.randrange(nodes)}", "predicate": ontology + rng.choice(relations),
               "source": f"source-{rng.randrange(40)}"}
        if rng.random() < 0.3:
            row["start"] = row["holds_from"] = str(rng.randrange(1990, 2020))
            if rng.random() < 0.3:
                row["end"] = row["holds_until"] = str(rng.randrange(2020, 2026))
        edge_rows.append(row)
    return network_from_rows(edge_rows, node_rows)


def test_a_large_network_draws_its_best_linked_part_and_says_so(page, recorder, tmp_path):
    network = synthetic_network()
    assert network.number_of_nodes() == 5_000 > MAX_NODES
    path = tmp_path / "large.html"
    path.write_text(views.render(network, title="A large network"), encoding="utf-8")

    url = open_view(page, path, timeout=LARGE_TIMEOUT_MS)
    part, capped = cap(network)
    assert capped.applied
    assert shown(page) == (part.number_of_nodes(), part.number_of_edges())
    assert set(page.evaluate("diplographNetwork.nodeView.getIds()")) == set(part)
    note = page.locator("#cap")
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"Showing {capped.nodes} of {capped.total_nodes} entities and {capped.links} of "
                                 f"{capped.total_links} links")
    expect(note).to_contain_text(f"the {MAX_NODES} entities linked to the most others")
    # a filter applies first, then the cap, to what it leaves
    page.locator("#time-all").uncheck()
    set_year(page, 2000)
    linked = linked_nodes(as_of(network, 2000).edges(keys=True))
    assert shown(page)[0] == min(len(linked), MAX_NODES)
    recorder.assert_clean(only(url))


def test_screenshots(page, recorder, written, tmp_path):
    """Pictures of the views for the docs, in docs/screenshots/ when DIPLOGRAPH_SCREENSHOTS is set."""
    folder = SCREENSHOTS if os.environ.get("DIPLOGRAPH_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    urls = []
    for view, picture in (("overview", "overview.png"), ("ego-cambodia", "ego-cambodia.png")):
        urls.append(open_view(page, written[view]))
        settle(page)
        page.screenshot(path=folder / picture, full_page=False)
        assert (folder / picture).stat().st_size > 20_000
    recorder.assert_clean(lambda url: url in urls)
