"""Links to Wikidata: reconciliation for review, the enrichment graph, and a polite, cached client.

- ``client``: a SPARQL client for a Wikidata-compatible endpoint (User-Agent, pacing, Retry-After, cache);
- ``reconcile``: scored candidates for entities that have no Wikidata item;
- ``review``: the review file, where a person accepts or rejects candidates;
- ``enrich``: labels, coordinates, dates and codes of linked items, in their own named graph.
"""

from __future__ import annotations

from pathlib import Path

from ..entities import Entity
from ..errors import Problems
from ..settings import display_path
from .client import WIKIDATA_ENDPOINT, Answer, EndpointError, NotCached, SparqlClient
from .enrich import WIKIDATA_GRAPH, enrichment_graph, read_answers
from .review import accepted_links

__all__ = ["WIKIDATA_ENDPOINT", "WIKIDATA_GRAPH", "Answer", "EndpointError", "NotCached", "SparqlClient",
           "apply_reviewed_links", "enrichment_graph", "read_answers"]


def apply_reviewed_links(entities: dict[str, Entity], review_file: Path, problems: Problems) -> int:
    """Link the entities whose candidates were accepted in the review file; return how many were linked.

    A decision about an unknown entity, or one that contradicts a link already curated, is a problem.
    """
    name = display_path(review_file)
    count = 0
    for link in accepted_links(review_file, problems):
        entity = entities.get(link.slug)
        if entity is None:
            problems.add(name, None, link.slug, "no such entity in graph/entities")
            continue
        if entity.wikidata and entity.wikidata != link.qid:
            problems.add(name, None, link.slug,
                         f"accepted {link.qid}, but {entity.file} already links {entity.wikidata}")
            continue
        if entity.wikidata_none:
            problems.add(name, None, link.slug, f"accepted {link.qid}, but {entity.file} says it has no Wikidata item")
            continue
        if not entity.wikidata:
            entity.wikidata, entity.wikidata_checked_in = link.qid, link.checked_in
            entity.wikidata_candidate = entity.wikidata_unverified = None  # a person confirmed it
            count += 1
    return count
