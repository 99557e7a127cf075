"""Human-readable HTML documentation of the ontology, made with pyLODE."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from rdflib import Graph


def _import_ontpub():
    # pyLODE configures the root logger when imported; keep the caller's logging as it was.
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers
    return OntPub


# pyLODE embeds a schema.org description of the ontology, in JSON-LD, in the page's head.
_SCHEMA_ORG = re.compile(r'(<script id="schema.org" type="application/ld\+json">\n)(.*?)(\n\t</script>)', re.DOTALL)


def write_html(ontology_graph: Graph, destination: Path) -> Path:
    """Write the ontology's documentation page (one self-contained HTML file), the same bytes for the same ontology."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    _import_ontpub()(ontology=ontology_graph).make_html(destination=destination, include_css=True)
    html = destination.read_text(encoding="utf-8")
    destination.write_text(_SCHEMA_ORG.sub(lambda m: m[1] + stable_jsonld(m[2]) + m[3], html, count=1),
                           encoding="utf-8")
    return destination


def stable_jsonld(text: str) -> str:
    """JSON-LD with its arrays sorted, written as rdflib writes it.

    rdflib writes a graph's nodes in the order of a Python set, which changes from
    one process to the next; the order of an array means nothing in JSON-LD, except
    in a ``@list``, which is kept as it is.

    >>> print(stable_jsonld('[{"@id": "urn:b"}, {"@id": "urn:a", "urn:p": {"@list": [3, 1]}}]'))
    [
      {
        "@id": "urn:a",
        "urn:p": {
          "@list": [
            3,
            1
          ]
        }
      },
      {
        "@id": "urn:b"
      }
    ]
    """
    return json.dumps(_sorted_arrays(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False)


def _sorted_arrays(value: object, *, in_list: bool = False) -> object:
    if isinstance(value, dict):
        return {key: _sorted_arrays(item, in_list=key == "@list") for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(item) for item in value]
        return items if in_list else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value
