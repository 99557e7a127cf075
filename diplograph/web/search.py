"""Search over labels and aliases, for the search box and its autocomplete.

The index is built once from the graph (``labels.rq``) and searched in Python, so a
search string never becomes part of a query.

>>> index = LabelIndex([
...     Entry("https://w3id.org/diplograph/id/cambodia", "Cambodia", "State", ("Kingdom of Cambodia", "Kampuchea")),
...     Entry("https://w3id.org/diplograph/id/china", "China", "State", ("People's Republic of China", "PRC")),
... ])
>>> [hit.label for hit in index.search("camb")]
['Cambodia']
>>> [(hit.label, hit.matched) for hit in index.search("prc")]
[('China', 'PRC')]
>>> [hit.label for hit in index.search("republic")]
['China']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


def fold(text: str) -> str:
    """Text for matching: case and accents folded, spaces collapsed.

    >>> fold("  Hun   Sèn ")
    'hun sen'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Entry:
    """A searchable resource: its IRI, preferred label, class and other names."""

    iri: str
    label: str
    kind: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    kind: str
    matched: str | None  # the alias that matched, when it was not the label
    score: int = field(compare=False, default=0)


class LabelIndex:
    """Labels and aliases of every entity, source and concept."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._names = [(entry, [(fold(name), name, name != entry.label) for name in (entry.label, *entry.aliases)])
                       for entry in entries]

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, text: str, limit: int = 10) -> list[Hit]:
        """The best matches, best first: whole name, then name start, then word start, then anywhere."""
        wanted = fold(text)
        if not wanted:
            return []
        hits = []
        for entry, names in self._names:
            best: tuple[int, str | None] | None = None
            for folded, name, is_alias in names:
                rank = _rank(folded, wanted)
                if rank is None:
                    continue
                score = rank * 2 + (1 if is_alias else 0)
                if best is None or score < best[0]:
                    best = (score, name if is_alias else None)
            if best is not None:
                hits.append(Hit(entry.iri, entry.label, entry.kind, best[1], best[0]))
        hits.sort(key=lambda hit: (hit.score, len(hit.label), hit.label))
        return hits[:limit]


def _rank(name: str, wanted: str) -> int | None:
    if name == wanted:
        return 0
    if name.startswith(wanted):
        return 1
    if any(word.startswith(wanted) for word in name.split()):
        return 2
    if wanted in name:
        return 3
    return None


def index_from_rows(rows: list[dict[str, str]]) -> LabelIndex:
    """An index from rows of resource, label, kind ("label" or "alias") and class_label."""
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    classes: dict[str, str] = {}
    for row in rows:
        iri = row["resource"]
        if row.get("class_label") and iri not in classes:
            classes[iri] = row["class_label"]
        if row["kind"] == "label" and iri not in labels:
            labels[iri] = row["label"]
        elif row["label"] not in aliases.setdefault(iri, []):
            aliases[iri].append(row["label"])
    entries = []
    for iri, label in labels.items():
        others = tuple(name for name in aliases.get(iri, []) if name != label)
        entries.append(Entry(iri, label, classes.get(iri, ""), others))
    return LabelIndex(entries)
