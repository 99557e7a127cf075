"""Adding an entry to a curated file people also edit by hand: appended as text, so comments and order stay.

A facts file gets the entry at the end of its ``facts:`` list, an entities file gets the entity at its end, in
the block style people write. The new text is read back before it is written: when it does not hold exactly the
old content plus the new entry (a file in flow style, ``facts:`` not last), the file is written whole from its
data instead, which keeps every entry but not the comments. Every write goes through a temporary file and a
rename: an interrupted write leaves the old file or the new one, never half of one.

>>> text = "source: a\\nfacts:   # the claims\\n  - s: x\\n    p: y\\n"
>>> print(appended_entry(text, "facts/a.yaml", "facts", {"s": "z", "p": "y"}), end="")
source: a
facts:   # the claims
  - s: x
    p: y
  - s: z
    p: y
>>> print(appended_entry("source: a\\nfacts: []\\n", "facts/a.yaml", "facts", {"s": "z"}), end="")
source: a
facts:
  - s: z
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import CurationError
from ..imports.output import write_atomically
from ..yamlfile import LocatedDict, LocatedList, load_text, plain


def append_fact(path: Path, source_id: str, entry: dict[str, Any], name: str) -> None:
    """Append ``entry`` to the facts list of ``path`` (made, with ``source:``, when it does not exist)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else f"source: {source_id}\nfacts: []\n"
    write_atomically(appended_entry(text, name, "facts", entry).encode("utf-8"), path)


def append_entity(path: Path, slug: str, body: dict[str, Any], name: str, header: str = "") -> None:
    """Add the entity ``slug`` at the end of the entities file ``path`` (made, with ``header``, when missing)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else header
    write_atomically(appended_key(text, name, slug, body).encode("utf-8"), path)


def appended_entry(text: str, name: str, key: str, entry: dict[str, Any]) -> str:
    """``text`` with ``entry`` added at the end of its top-level list ``key``."""
    doc = load_text(text, name)
    if not isinstance(doc, LocatedDict):
        raise CurationError([])  # the callers read the file with the build's reader before: not reached
    items = doc.get(key)
    lines = text.splitlines(keepends=True)
    indent = 2
    if isinstance(items, LocatedList) and items:
        first = lines[items.line_of(0) - 1]
        indent = len(first) - len(first.lstrip(" "))
    start = doc.line_of(key) - 1
    if not items and start < len(lines) and re.match(rf"^{re.escape(key)}:\s*\[\s*\]\s*(#.*)?$", lines[start].rstrip()):
        lines[start] = f"{key}:\n"
    block = _dump([entry])
    candidate = "".join(lines)
    if candidate and not candidate.endswith("\n"):
        candidate += "\n"
    candidate += "".join(" " * indent + line if line.strip() else line for line in block.splitlines(keepends=True))
    if list(doc)[-1:] == [key] and _reads_as(candidate, name, {**doc, key: [*(items or []), entry]}):
        return candidate
    return _dump({**plain(doc), key: [*plain(items or []), entry]})


def appended_key(text: str, name: str, slug: str, body: dict[str, Any]) -> str:
    """``text`` (a top-level mapping, or nothing) with ``slug: body`` added at its end."""
    doc = load_text(text, name) if text.strip() else None
    if doc is not None and not isinstance(doc, LocatedDict):
        raise CurationError([])
    candidate = text if not text or text.endswith("\n") else text + "\n"
    candidate += _dump({slug: body})
    if _reads_as(candidate, name, {**(doc or {}), slug: body}):
        return candidate
    return _dump({**plain(doc or {}), slug: body})


def _reads_as(text: str, name: str, expected: dict[str, Any]) -> bool:
    try:
        return plain(load_text(text, name)) == plain(expected)
    except CurationError:
        return False



def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
