"""`diplograph serve --curate`: the review pages exist only with the flag, only on a loopback address, write
through the same decisions as `diplograph review`, refuse requests from other origins, and rebuild in the
background."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.graph.build import build
from diplograph.graph.settings import Settings
from diplograph.web.settings import ServerSettings

from .test_review import curated, make_place, order
from .web import app_client


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Settings:
    settings = make_place(tmp_path_factory.mktemp("curate"))
    build(settings, reasoner="none", docs=False)
    return settings


@pytest.fixture(scope="module")
def client(place: Settings):
    settings = ServerSettings(build=place.build, workers=1, timeout=20, curate=place, reviewer="Web Reviewer")
    with app_client(settings) as running:
        yield running


def form(client, source: str = "notes-2019") -> tuple[str, dict[str, str]]:
    """The page's token, and the key of each entry waiting for a decision, by its relation."""
    page = client.get(f"/curate/{source}")
    assert page.status_code == 200, page.text
    token = re.search(r'name="token" value="([0-9a-f]{64})"', page.text)[1]
    keys = {}
    for key, relation in re.findall(r'class="candidate proposed" id="entry-(\w+)".*?<code>[^<]*</code> (\w+)',
                                    page.text, re.S):
        keys.setdefault(relation, key)
    return token, keys


def test_curate_routes_do_not_exist_without_the_flag(place: Settings):
    with app_client(ServerSettings(build=place.build, workers=1, timeout=20)) as plain:
        assert plain.get("/curate").status_code == 404
        assert plain.get("/curate/notes-2019").status_code == 404
        assert plain.post("/curate/notes-2019/entry", data={"action": "accept"}).status_code in (404, 405)
        assert plain.post("/curate/build").status_code in (404, 405)
        assert '<a href="/curate">' not in plain.get("/").text


def test_serve_refuses_curate_on_an_address_other_machines_reach():
    result = CliRunner().invoke(cli, ["serve", "--curate", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "loopback" in result.output


def test_the_page_marks_each_quoted_passage_and_groups_its_candidates(client, place: Settings):
    page = client.get("/curate/notes-2019")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    marks = re.findall(r'<mark id="(q\d+)"><a href="#g-\1">([^<]*)</a></mark>', page.text)
    assert ("q1", "In 2013, Cambodia and Japan signed a strategic partnership.") in marks
    passages = {text for _, text in marks}
    assert "Japan provided $120 million in grants for the Neak Loeung Bridge." in passages
    assert len(marks) == len(passages) < len(order(place))  # two candidates quote the same sentence: one mark
    assert '<datalist id="dg-relations">' in page.text and '<option value="strategicPartner">' in page.text
    assert "neak-loeung-bridge" in page.text and 'value="confirm"' in page.text
    assert '<a href="/curate">Review</a>' in page.text


def test_a_post_from_another_origin_is_refused_and_writes_nothing(client, place: Settings):
    token, keys = form(client)
    key = keys["adheresTo"]
    before = (place.facts_dir / "notes-2019.yaml").read_text(encoding="utf-8")
    attempts = [
        ({"Origin": "http://evil.example"}, token),
        ({"Sec-Fetch-Site": "cross-site"}, token),
        ({"Host": "evil.example:8000", "Origin": "http://evil.example:8000"}, token),  # a rebound DNS name
        ({"Origin": "http://127.0.0.1"}, "0" * 64),  # not this session's token
        ({"Origin": "http://127.0.0.1"}, ""),
    ]
    for headers, given in attempts:
        answer = client.post("/curate/notes-2019/entry", data={"token": given, "key": key, "action": "accept"},
                             headers=headers, follow_redirects=False)
        assert answer.status_code == 403, (headers, answer.text)
    answer = client.post("/curate/build", data={"token": token}, headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403
    assert (place.facts_dir / "notes-2019.yaml").read_text(encoding="utf-8") == before


def test_accept_through_the_form_writes_the_facts_file(client, place: Settings):
    token, keys = form(client)
    answer = client.post("/curate/notes-2019/entry", data={"token": token, "key": keys["adheresTo"],
                                                            "action": "accept"},
                         headers={"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    entry = next(e for e in curated(place) if e["p"] == "adheresTo")
    assert entry["reviewed_by"] == "Web Reviewer" and re.fullmatch(r"\d{4}-\d\d-\d\d", entry["reviewed_on"])
    page = client.get(answer.headers["location"])
    assert "accepted by Web Reviewer" in page.text


def test_an_edit_with_an_unknown_relation_is_named_and_writes_nothing(client, place: Settings):
    token, keys = form(client)
    key = keys["pursuesStrategy"]
    answer = client.post("/curate/notes-2019/entry", data={"token": token, "key": key, "action": "edit",
                                                            "p": "friendsWith", "s": "cambodia", "o": "hedging"},
                         headers={"Origin": "http://127.0.0.1"})
    assert answer.status_code == 400
    assert "unknown relation &#39;friendsWith&#39;" in answer.text and "Not written" in answer.text
    assert not [e for e in curated(place) if e["p"] in ("friendsWith", "pursuesStrategy")]


def test_reject_and_merge_through_the_forms(client, place: Settings):
    token, keys = form(client)
    headers = {"Origin": "http://127.0.0.1"}
    assert client.post("/curate/notes-2019/entry", data={"token": token, "key": keys["visited"], "action": "reject"},
                       headers=headers, follow_redirects=False).status_code == 303
    merged = client.post("/curate/notes-2019/entity", data={"token": token, "slug": "neak-loeung-bridge",
                                                             "action": "merge", "into": "japan"},
                         headers=headers, follow_redirects=False)
    assert merged.status_code == 303, merged.text
    review = yaml.safe_load((place.data / "review" / "notes-2019.yaml").read_text(encoding="utf-8"))
    assert review["entities"]["neak-loeung-bridge"] == {"type": "Bridge", "label": "Neak Loeung Bridge",
                                                         "review": "merged", "into": "japan"}
    assert [e["review"] for e in review["facts"] if e["p"] == "visited"] == ["rejected"]
    assert [e["o"] for e in review["facts"] if e["p"] == "finances"] == ["japan"]


def test_rebuild_runs_the_build_in_the_background_and_shows_what_it_said(client, place: Settings):
    token, _ = form(client)
    started = client.post("/curate/build", data={"token": token}, headers={"Origin": "http://127.0.0.1"},
                          follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"] == "/curate/build"
    assert client.get("/api/health").status_code == 200  # the server answers while the build runs
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        page = client.get("/curate/build")
        if "is running" not in page.text:
            break
        time.sleep(0.2)
    assert "The build passed" in page.text, page.text
    assert re.search(r"Built \d+ statements", page.text)
    assert Path(place.build / "diplograph.nq").is_file()
