"""The pages an analyst reads: answers with their evidence, entity, source and statement pages, over the corpus.

Each check reads the page's HTML (lxml) and compares it with what the graph says through the Python API.
"""

from __future__ import annotations

import re

import pytest
from lxml import html

HTML = {"Accept": "text/html"}
TYPED_LITERAL = re.compile(r"\^\^|XMLSchema#|xsd:")


def page(web, path: str):
    response = web.get(path, headers=HTML)
    assert response.status_code == 200, (path, response.text[:300])
    return html.fromstring(response.text), response


def css(node, selector: str) -> list:
    """The few CSS selectors these tests use, as XPath: ``tag.class``, ``#id``-free descendant chains, ``>`` for
    children, and ``[attr]``, ``[attr='v']`` or ``[attr^='v']`` tests."""
    path = ".//" if not selector.startswith(">") else "./"
    parts = selector.replace(">", " > ").split()
    xpath, child = ".", False
    for part in parts:
        if part == ">":
            child = True
            continue
        match = re.fullmatch(r"([a-z0-9*]*)((?:\.[\w-]+)*)((?:\[[^\]]+\])*)", part)
        assert match, part
        tag, classes, attrs = match.group(1) or "*", match.group(2), match.group(3)
        tests = [f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes.split(".") if c]
        for attr in re.findall(r"\[([^\]]+)\]", attrs):
            name, op, value = re.fullmatch(r"([\w-]+)(?:(\^?=)'([^']*)')?", attr).groups()
            tests.append(f"@{name}" if op is None else
                         f"@{name}='{value}'" if op == "=" else f"starts-with(@{name}, '{value}')")
        xpath += ("/" if child else "//") + tag + "".join(f"[{t}]" for t in tests)
        child = False
    del path
    return node.xpath(xpath)


def text_of(node) -> str:
    return " ".join(node.text_content().split())


def evidence_rows(kg, statements: list[str]) -> dict[str, list[str]]:
    values = " ".join(f"<{iri}>" for iri in statements)
    rows = kg.query("PREFIX dg: <https://w3id.org/diplograph/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
                    f"SELECT ?s ?quote WHERE {{ VALUES ?s {{ {values} }} "
                    "GRAPH ?g { ?s dg:evidence/oa:exact ?quote } }")
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(str(row["s"]), []).append(str(row["quote"]))
    return found


# --- answers ---------------------------------------------------------------------------------------------

def test_every_answer_row_links_its_statement_source_and_quote(web, kg):
    result = kg.query("cambodia-strategic-partnerships")
    statements = [str(row["statement"]) for row in result]
    quotes = evidence_rows(kg, statements)
    doc, _ = page(web, "/queries/cambodia-strategic-partnerships")
    rows = css(doc, "table.results tbody tr")
    assert len(rows) == len(statements)
    for row, statement in zip(rows, statements, strict=True):
        details = css(row, "td.evidence details")
        assert details, "no evidence in a row"
        shown = [text_of(quote).strip("“”") for quote in css(details[0], "blockquote")]
        assert shown and set(shown) <= set(quotes[statement])
        links = [a.get("href") for a in css(row, "a")]
        assert "/statement/" + statement.rsplit("/", 1)[-1] in links
        source = [a for a in css(row, "td a") if a.get("href", "").startswith("/source/")][0]
        identifier = source.get("href").removeprefix("/source/").split("#")[0]
        assert text_of(source) != identifier, "a source shows by its title, not its identifier"
        assert re.search(r"\b(19|20)\d\d\b", text_of(source.getparent())), "a source shows its date"


def test_where_sources_disagree_shows_both_levels_for_china(web):
    doc, _ = page(web, "/queries/conflicting-claims")
    rows = [text_of(row) for row in css(doc, "table.results tbody tr")]
    china = [row for row in rows if "China" in row and "2010" in row]
    assert china and "comprehensive strategic partnership" in china[0] and "strategic partnership" in china[0]
    assert len(css(css(doc, "table.results tbody tr")[0], "td.evidence blockquote")) >= 2


def test_amounts_show_as_money_and_figures_with_their_comparator(web, kg):
    doc, response = page(web, "/queries/projects-financed-by")
    amounts = [row for row in kg.query("projects-financed-by") if row.get("amount") is not None]
    assert amounts
    for row in amounts:
        assert f"US${int(row['amount'].toPython()):,}" in response.text
    doc, response = page(web, "/queries/peacekeepers-by-source")
    figures = [row for row in kg.query("peacekeepers-by-source") if row.get("comparator_label") is not None]
    assert figures
    for row in figures:
        assert f"{row['comparator_label']} {int(row['value'].toPython()):,}" in response.text


@pytest.mark.parametrize("name", ["chinese-financed-and-bri-projects", "projects-financed-by", "conflicting-claims",
                                  "cambodia-strategic-partnerships", "figure-history"])
def test_answer_tables_hide_empty_columns_and_typed_literals(web, name):
    doc, response = page(web, f"/queries/{name}")
    table = css(doc, "table.results")[0]
    columns = len(css(table, "thead th"))
    rows = css(table, "tbody tr")
    for index in range(columns):
        assert any(text_of(css(row, "td")[index]) for row in rows), f"column {index} is empty in every row"
    assert not TYPED_LITERAL.search(text_of(table))
    assert css(doc, ".table-scroll > table.results"), "the table scrolls in its own box"


# --- entity, source and statement pages -------------------------------------------------------------------

def test_cambodia_page_summarises_then_details_and_stays_small(web, kg):
    statements = kg.query("PREFIX dg: <https://w3id.org/diplograph/ontology#> "
                          "PREFIX dgg: <https://w3id.org/diplograph/graph/> SELECT DISTINCT ?s WHERE { GRAPH ?g "
                          "{ ?s ?role <https://w3id.org/diplograph/id/cambodia> ; dg:predicate ?p } "
                          "FILTER (?g != dgg:truthy) }")
    doc, response = page(web, "/id/cambodia")
    assert len(response.content) < 150_000, f"Cambodia's page is {len(response.content):,} bytes"
    assert not css(doc, "iframe"), "the network is opened on demand, not framed in the page"
    assert css(doc, "a[href='/views/timeline/cambodia']")
    facts = text_of(css(doc, "section.key-facts")[0])
    for words in ("Strategic partnerships", "China", "Member of", "Belt and Road Initiative", "Leaders", "Hun Manet"):
        assert words in facts
    groups = css(doc, ".statements details.group")
    assert all(group.get("open") is None for group in groups), "the groups start collapsed"
    counts = [int(text_of(css(group, ".count")[0])) for group in groups]
    assert sum(counts) == len(css(doc, ".statements li[id]")) == len(statements)
    assert css(doc, "form.filters select[name='source']") and css(doc, "form.filters select[name='partner']")
    order = [section.get("class") for section in css(doc, "article.resource > section")]
    assert order.index("key-facts") < order.index("statements") < order.index("external")
    assert not TYPED_LITERAL.search(text_of(css(doc, "main")[0]))
    assert "here as" not in response.text and "PrincipleStatement" not in text_of(css(doc, "main")[0])


def test_source_page_starts_with_its_metadata_and_marks_its_quotes(web, kg):
    doc, response = page(web, "/source/yen-2024")
    meta = text_of(css(doc, "dl.meta")[0])
    assert "Yen Samnang" in meta or "YEN Samnang" in meta.upper() or "Samnang" in meta
    assert "28 August 2024" in meta
    items = css(doc, ".statements li[id]")
    marks = css(doc, ".source-text mark a")
    assert items and marks
    slugs = {item.get("id") for item in items}
    assert {a.get("href").removeprefix("/statement/") for a in marks} <= slugs
    assert len(css(doc, ".source-text .line[id^='line-']")) > 10
    korea = [item for item in items if "South Korea" in item.get("data-partners").split("|")]
    assert korea, "the partner filter has South Korea's statements to show"


def test_statement_page_shows_its_quote_and_line(web, kg):
    statement = str(next(iter(kg.query("cambodia-strategic-partnerships")))["statement"])
    quote = evidence_rows(kg, [statement])[statement][0]
    doc, response = page(web, "/statement/" + statement.rsplit("/", 1)[-1])
    claim = css(doc, "section.claim")[0]
    assert quote in text_of(claim).replace("“", "").replace("”", "") or " ".join(quote.split()) in text_of(claim)
    assert any("#line-" in a.get("href") for a in css(claim, "a"))
    assert "quote-1" not in text_of(css(doc, "main")[0])
    assert not TYPED_LITERAL.search(text_of(css(doc, "main")[0]))


# --- the site's frame -------------------------------------------------------------------------------------

def test_ontology_page_has_the_sites_navigation_and_language(web):
    doc, response = page(web, "/ontology")
    assert doc.get("lang") == "en"
    assert css(doc, "header.top nav a[href='/queries']") and css(doc, "main") and css(doc, "footer")
    assert len(css(doc, "main h1")) == 1 and css(doc, ".ontology-doc h2")


def test_footer_service_description_is_the_description(web):
    doc, _ = page(web, "/")
    link = [a for a in css(doc, "footer a") if "service description" in text_of(a)][0]
    response = web.get(link.get("href"), headers={"Accept": "text/html,*/*"}, follow_redirects=False)
    assert response.status_code == 200 and ("sd:Service" in response.text or "ServiceDescription" in response.text)


def test_the_relations_timeline_question_links_to_the_same_pair_on_a_timeline(web):
    tree, _ = page(web, "/queries/relations-timeline?a=Cambodia&b=Japan")
    links = [a.get("href") for a in tree.iter("a") if a.text_content().strip() == "See them on a timeline"]
    assert links == ["/views/timeline/cambodia/japan"]
    timeline, _ = page(web, links[0])
    assert "Japan" in timeline.text_content() and "Cambodia" in timeline.text_content()
    other, _ = page(web, "/queries/cambodia-strategic-partnerships")
    assert not [a for a in other.iter("a") if a.text_content().strip() == "See them on a timeline"]
