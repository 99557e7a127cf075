"""YAML loading that remembers the line of every mapping key and list item.

Curated files are edited by hand; an error must say on which line it is.

>>> doc = load_text("a: 1\\nb:\\n  - x\\n  - y\\n", "f.yaml")
>>> doc.line_of("b"), doc["b"].line_of(1)
(2, 4)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import CurationError, Problem


class LocatedDict(dict):
    """A dict that knows the line of itself and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A list that knows the line of itself and of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser when PyYAML was built with it (several times faster on big files); its nodes carry the same
# marks, so lines are the same either way
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type, misc]
    """SafeLoader whose mappings and sequences carry 1-based line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_text(text: str, name: str) -> Any:
    """Parse YAML text; a syntax error becomes a CurationError naming file and line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(part for part in (error.context, error.problem) if part) or str(error)
        raise CurationError([Problem(name, line, None, f"YAML syntax: {message}")]) from None


def load_file(path: Path, display_name: str | None = None) -> Any:
    """Parse a YAML file with line numbers; see load_text."""
    return load_text(path.read_text(encoding="utf-8"), display_name or str(path))


def plain(value: Any) -> Any:
    """Located containers as plain ones, all the way down (they compare and serialise alike).

    >>> doc = load_text("a: [1, {b: 2}]", "x.yaml")
    >>> type(plain(doc)) is dict and type(plain(doc)["a"]) is list and plain(doc) == {"a": [1, {"b": 2}]}
    True
    """
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
