"""`diplograph propose --extractor llm` against a small fake OpenAI-compatible server on 127.0.0.1: what it is
asked (the ontology's schema and relations), and that every answer passes the same checks, with drops counted."""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplograph.cli import cli
from diplograph.graph.settings import Settings

from .conftest import MINI_CORPUS, MINI_DATA

# What the fake model answers: one good statement, one new entity, and one of each kind of bad answer.
ANSWER = {"statements": [
    {"subject": {"slug": "hun-sen", "label": "Hun Sen"}, "relation": "visited", "object": {"slug": "japan"},
     "time": {"time": "2017-08"}, "quote": "Hun Sen visited Japan in August 2017.", "confidence": 0.9},
    {"subject": {"slug": "japan", "label": "Japan"}, "relation": "finances",
     "object": {"label": "Neak Loeung Bridge", "class": "Bridge"}, "qualifiers": {"instrument": "grant"},
     "quote": "Japan financed the Neak Loeung Bridge with a grant."},
    {"subject": {"slug": "cambodia"}, "relation": "visited", "object": {"slug": "japan"},
     "time": {"time": "2017"}, "quote": "Cambodia went to Japan."},  # a paraphrase, not in the text
    {"subject": {"slug": "cambodia"}, "relation": "holdsPosition", "object": {"slug": "japan"},
     "quote": "Hun Sen visited Japan in August 2017."},  # a State holds no office
    {"subject": {"slug": "cambodia"}, "relation": "befriends", "object": {"slug": "japan"},
     "quote": "Hun Sen visited Japan in August 2017."},  # no such relation
    {"relation": "visited", "quote": "no subject"},
    {"subject": {"label": "Somebody"}, "relation": "visited", "object": {"slug": "japan"},
     "quote": "Hun Sen visited Japan in August 2017."},  # neither a known slug nor a class
]}
TEXT = "Hun Sen visited Japan in August 2017.\n\nJapan financed the Neak Loeung Bridge with a grant.\n"


class FakeModel(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeModel.requests.append({"path": self.path, "body": body})
        if body["model"] == "missing":
            self._send(404, {"error": {"message": "model not found"}})
            return
        content = json.dumps(ANSWER) if body["model"] != "chatty" else "```json\n" + json.dumps(ANSWER) + "\n```"
        self._send(200, {"choices": [{"message": {"role": "assistant", "content": content}}]})

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def model_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeModel.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def place(tmp_path: Path) -> Settings:
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    shutil.copytree(MINI_DATA, data)
    shutil.copytree(MINI_CORPUS, corpus)
    (corpus / "llm.txt").write_text(TEXT, encoding="utf-8")
    with (data / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write("llm-doc:\n  title: LLM test\n  author: test-author\n  date: 2018\n  type: Article\n"
                       "  file: llm.txt\n")
    (data / "facts" / "llm-doc.yaml").write_text("source: llm-doc\nfacts: []\n", encoding="utf-8")
    return Settings(data=data, corpus=corpus, build=tmp_path / "build")


def run(place: Settings, *args: str):
    return CliRunner().invoke(cli, ["propose", "llm-doc", "--extractor", "llm", "--data", str(place.data),
                                    "--corpus", str(place.corpus), *args],
                              env={"DIPLOGRAPH_DATA": None, "DIPLOGRAPH_LLM_URL": None, "DIPLOGRAPH_LLM_MODEL": None})


@pytest.mark.parametrize("model", ["tiny", "chatty"])
def test_answers_pass_the_same_checks_and_drops_are_counted(place: Settings, model_url: str, model: str):
    result = run(place, "--llm-url", model_url, "--llm-model", model, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    kept = {(c["subject"]["slug"], c["relation"], c["object"]["slug"]) for c in payload["candidates"]}
    assert kept == {("hun-sen", "visited", "japan"), ("japan", "finances", "neak-loeung-bridge")}
    visit = next(c for c in payload["candidates"] if c["relation"] == "visited")
    assert visit["time"] == {"time": "2017-08"} and visit["line"] == 1 and visit["rule"] == "llm"
    assert visit["corroborates"][0].startswith("mini-doc (")  # the fixture's own facts say so too
    assert visit["confidence"] == 0.95  # the model's 0.9, raised for the corroboration
    assert payload["new_entities"] == [{"slug": "neak-loeung-bridge", "label": "Neak Loeung Bridge",
                                        "type": "Bridge", "new": True}]
    assert payload["dropped"] == {
        "quote not found verbatim in the source": 1,
        "subject outside the relation's domain or range": 1,
        "p: unknown relation 'befriends'": 1,
        "llm: a statement without subject, relation or quote": 1,
        "llm: an entity with neither a known slug nor a class": 1,
    }
    assert payload["extractor"] == "llm"


def test_the_request_carries_the_ontology(place: Settings, model_url: str):
    assert run(place, "--llm-url", model_url, "--llm-model", "tiny", "--format", "json").exit_code == 0
    request = FakeModel.requests[0]
    assert request["path"] == "/v1/chat/completions"
    body = request["body"]
    assert body["model"] == "tiny" and body["temperature"] == 0
    schema = body["response_format"]["json_schema"]["schema"]
    relations = schema["properties"]["statements"]["items"]["properties"]["relation"]["enum"]
    assert {"strategicPartner", "visited", "figure"} <= set(relations)
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "- holdsPosition: Person -> Office" in system
    assert "dated 2018" in system
    assert "- hun-sen: Hun Sen (Person)" in user and "Hun Sen visited Japan in August 2017." in user


def test_an_endpoint_that_fails_is_named_and_nothing_is_written(place: Settings, model_url: str):
    result = run(place, "--llm-url", model_url, "--llm-model", "missing")
    assert result.exit_code == 1
    assert "HTTP 404" in result.output and "--llm-model" in result.output
    assert not (place.data / "review").exists()
    unreachable = run(place, "--llm-url", "http://127.0.0.1:9/v1", "--llm-model", "tiny")
    assert unreachable.exit_code == 1 and "cannot reach the model" in unreachable.output


def test_the_llm_extractor_needs_an_endpoint_and_a_model(place: Settings):
    result = run(place)
    assert result.exit_code == 2 and "--llm-url" in result.output
