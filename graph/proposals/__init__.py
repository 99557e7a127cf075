"""Candidate statements proposed from a source's text, checked like curated facts, for a person to review.

- ``sentences``, ``times``, ``mentions``, ``figures``: the text read into sentences, time expressions
  (resolved against the document's date), entity mentions (known and new) and numbers;
- ``rules``: general patterns from trigger words and the ontology's domains and ranges to statements;
- ``llm``: the same candidates from a language model behind any OpenAI-compatible endpoint;
- ``candidate``: a candidate and :func:`to_entry`, the one function that writes it in the facts format;
- ``checks``: the build's own checks (verbatim quote, facts reader, SHACL), with counts of what was dropped;
- ``propose``: the whole step for one source; ``review``: the review file and the JSON.
"""

from __future__ import annotations

from pathlib import Path

from ..settings import Settings
from .candidate import Candidate, to_entry, to_json
from .propose import Context, Proposal, propose, rule_candidates
from .review import review_json, review_yaml, write_review

__all__ = ["Candidate", "Context", "Proposal", "load_context", "propose", "review_json", "review_yaml",
           "rule_candidates", "to_entry", "to_json", "wikidata_labels", "write_review"]

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def load_context(settings: Settings) -> Context:
    """The curated files as proposals see them (raises CurationError as the build would)."""
    from ..build import parse_inputs

    compiled = parse_inputs(settings)
    return Context(compiled.vocabulary, compiled.entities, compiled.sources, compiled.facts,
                   wikidata_labels(compiled.entities, compiled.wikidata))


def wikidata_labels(entities, answers) -> dict[str, list[str]]:
    """The English labels the kept Wikidata answers give the items our entities link to, by entity slug."""
    by_item = {f"http://www.wikidata.org/entity/{e.wikidata}": slug for slug, e in entities.items() if e.wikidata}
    labels: dict[str, list[str]] = {}
    for answer in answers:
        for binding in answer.bindings():
            slug = by_item.get(binding.get("item", {}).get("value"))
            value = binding.get("value", {})
            if slug and binding.get("property", {}).get("value") == _LABEL and value.get("xml:lang", "en") == "en":
                labels.setdefault(slug, []).append(value["value"])
    return labels


def review_folder(settings: Settings, given: Path | None = None) -> Path:
    """Where review files go: the option, else ``<data>/review`` (beside facts/, which the build reads)."""
    return given or settings.data / "review"
