"""Candidate statements from a language model behind any OpenAI-compatible chat endpoint.

The prompt and the JSON schema of the answer are made from the ontology: its relations
(with their domains, ranges and the concepts they take), its qualifiers and the entities
the text names. The text goes in passages of a few thousand characters; the model answers
with statements, each with the sentence that states it. Every answer becomes a candidate
that passes the same checks as the rules' (verbatim quote, domain and range, SHACL);
an item that is not even a statement (no relation, no quote) is dropped and counted here.

>>> from diplograph.graph.vocabulary import Vocabulary
>>> schema = answer_schema(Vocabulary.from_ontology())
>>> "strategicPartner" in schema["properties"]["statements"]["items"]["properties"]["relation"]["enum"]
True
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import httpx

from ..evidence import SourceText
from ..sources import Source
from ..vocabulary import Vocabulary
from .candidate import Candidate
from .mentions import EntityMatcher, Mention, new_slug
from .sentences import Sentence

PASSAGE_CHARACTERS = 4000
TIME_KEYS = ("time", "start", "end")


class LLMError(RuntimeError):
    """The endpoint could not be reached or gave no usable answer; the message says which and what to do."""


def answer_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The JSON schema of an answer: a list of statements in the ontology's terms."""
    qualifier_keys = sorted(k for k in vocabulary.qualifiers if k not in TIME_KEYS)
    entity = {"type": "object", "properties": {"slug": {"type": "string"}, "label": {"type": "string"},
                                               "class": {"type": "string", "enum": sorted(vocabulary.classes)}},
              "required": ["label"]}
    statement = {
        "type": "object",
        "properties": {
            "subject": entity,
            "relation": {"type": "string", "enum": sorted(vocabulary.relations)},
            "object": {"anyOf": [entity, {"type": "string"}, {"type": "null"}]},
            "qualifiers": {"type": "object", "properties": {k: {"type": ["string", "number"]} for k in qualifier_keys},
                           "additionalProperties": False},
            "time": {"type": "object", "properties": {k: {"type": "string"} for k in TIME_KEYS},
                     "additionalProperties": False},
            "quote": {"type": "string", "maxLength": 299},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        },
        "required": ["subject", "relation", "quote"],
    }
    return {"type": "object", "properties": {"statements": {"type": "array", "items": statement}},
            "required": ["statements"]}


def system_prompt(vocabulary: Vocabulary, document_date: str) -> str:
    """What the model is told: the relations, the concepts, the rules of evidence."""
    relations = []
    for name, relation in sorted(vocabulary.relations.items()):
        if relation.value_kind == "quantity":
            kind = "no object; qualifiers measure, value, unit"
        elif relation.value_kind == "concept":
            kind = f"object: a concept of {relation.scheme}"
        else:
            kind = f"{relation.domain or 'Entity'} -> {relation.range or 'Entity'}"
        relations.append(f"- {name}: {kind}")
    schemes = [f"- {scheme}: {', '.join(sorted(concepts))}" for scheme, concepts in sorted(vocabulary.concepts.items())]
    qualifiers = ", ".join(f"{k} ({q.scheme or q.kind})" for k, q in sorted(vocabulary.qualifiers.items()))
    return "\n".join([
        "You extract statements about foreign policy from a document, for a knowledge graph that keeps evidence.",
        "Answer with JSON only, as the schema says. Each statement has a subject, a relation, an object (an entity,",
        "a concept slug, or null for figure and target), qualifiers, a time and a quote.",
        "The quote is the sentence of the document that states it, copied exactly, under 300 characters.",
        "State only what the text says. Give times as YYYY, YYYY-MM or YYYY-MM-DD at the precision the text gives;",
        f"the document is dated {document_date}: resolve 'last year' and the like against that date.",
        "Name an entity by its slug when it is in the list of known entities; otherwise give its label and class.",
        "Relations (subject -> object):", *relations,
        "Concept schemes (qualifier values and concept objects):", *schemes,
        f"Qualifiers: {qualifiers}.",
    ])


def llm_extractor(url: str, model: str, *, timeout: float = 120.0, transport: httpx.BaseTransport | None = None):
    """An extractor for :func:`..propose.propose` that asks ``model`` at the OpenAI-compatible ``url``."""

    def extract(context, source: Source, text: SourceText, sentences: list[Sentence],
                dropped: Counter | None = None) -> Iterator[Candidate]:
        matcher = EntityMatcher(context.entities, context.vocabulary, context.wikidata_labels)
        schema = answer_schema(context.vocabulary)
        prompt = system_prompt(context.vocabulary, source.date)
        counts = dropped if dropped is not None else Counter()
        number = 0
        with httpx.Client(base_url=url.rstrip("/"), timeout=timeout, transport=transport) as client:
            for passage in _passages(sentences):
                known = {m.slug: m for s in passage for m in matcher.known(s.text)}
                entities = "\n".join(f"- {m.slug}: {m.label} ({m.type})" for m in known.values()) or "(none)"
                body = "\n".join(s.text for s in passage)
                answer = _ask(client, model, prompt, f"Known entities:\n{entities}\n\nDocument:\n{body}", schema)
                for item in _statements(answer, counts):
                    candidate = _candidate(item, context, text, counts, f"l{number + 1}")
                    if candidate is not None:
                        number += 1
                        yield candidate

    return extract


def _passages(sentences: list[Sentence]) -> Iterator[list[Sentence]]:
    passage: list[Sentence] = []
    size = 0
    for sentence in sentences:
        if passage and size + len(sentence.text) > PASSAGE_CHARACTERS:
            yield passage
            passage, size = [], 0
        passage.append(sentence)
        size += len(sentence.text) + 1
    if passage:
        yield passage


def _ask(client: httpx.Client, model: str, system: str, user: str, schema: dict) -> Any:
    request = {
        "model": model,
        "temperature": 0,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "statements", "schema": schema}},
    }
    try:
        response = client.post("/chat/completions", json=request)
    except httpx.HTTPError as error:
        raise LLMError(f"cannot reach the model at {client.base_url}: {error}; check --llm-url") from None
    if response.status_code != 200:
        raise LLMError(f"the model at {client.base_url} answered HTTP {response.status_code}: "
                       f"{response.text[:200]}; check --llm-url and --llm-model")
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError(f"the answer of {client.base_url} is not an OpenAI chat completion") from None
    content = re.sub(r"^```(?:json)?\s*|\s*```$", "", str(content).strip())  # small models wrap JSON in a fence
    try:
        return json.loads(content)
    except ValueError:
        return None


def _statements(answer: Any, dropped: Counter) -> Iterable[dict]:
    if not isinstance(answer, dict) or not isinstance(answer.get("statements"), list):
        dropped["llm: an answer that is not the schema's JSON"] += 1
        return []
    good = []
    for item in answer["statements"]:
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str) or not item.get("relation") \
                or not isinstance(item.get("subject"), (dict, str)):
            dropped["llm: a statement without subject, relation or quote"] += 1
            continue
        good.append(item)
    return good


def _candidate(item: dict, context, text: SourceText, dropped: Counter, candidate_id: str) -> Candidate | None:
    subject = _mention(item["subject"], context)
    if subject is None:
        dropped["llm: an entity with neither a known slug nor a class"] += 1
        return None
    relation = str(item["relation"])
    raw_object = item.get("object")
    obj: Mention | str | None
    if isinstance(raw_object, dict):
        obj = _mention(raw_object, context)
        if obj is None:
            dropped["llm: an entity with neither a known slug nor a class"] += 1
            return None
    elif raw_object in (None, ""):
        obj = None
    else:
        obj = _mention(str(raw_object), context) if str(raw_object) in context.entities else str(raw_object)
    qualifiers: dict[str, Any] = {}
    for key, value in (item.get("qualifiers") or {}).items():
        if value in (None, ""):
            continue
        known = _mention(value, context) if isinstance(value, str) and value in context.entities else None
        qualifiers[key] = known or value
    times = {k: str(v) for k, v in (item.get("time") or {}).items() if k in TIME_KEYS and v}
    match = text.find(item["quote"])
    confidence = item.get("confidence")
    return Candidate(candidate_id, subject, relation, obj, qualifiers, times, item["quote"].strip(),
                     match.line if match else 0,
                     float(confidence) if isinstance(confidence, (int, float)) else 0.5, "llm")


def _mention(value: Any, context) -> Mention | None:
    """A known entity by slug (or by a label the graph has), or a new one with the class the model gave."""
    if isinstance(value, str):
        value = {"slug": value, "label": value}
    slug = str(value.get("slug") or "")
    label = str(value.get("label") or slug)
    if slug not in context.entities:
        slug = next((s for s, e in context.entities.items() if e.label.lower() == label.lower()), slug)
    entity = context.entities.get(slug)
    if entity is not None:
        return Mention(slug, entity.type, entity.label, 0, 0, label)
    type_ = value.get("class")
    if not label or type_ not in context.vocabulary.classes:
        return None
    return Mention(new_slug(label), str(type_), label, 0, 0, label, new=True)
