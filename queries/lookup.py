"""Names a person types, resolved to the graph's IRIs: labels, aliases, names in other languages, small typos.

A query parameter, a search box or the editor's completion gets what a person writes ("Vietnam", "cambodia",
"Hun Sen", "belt and road", "strategic partnership") and needs the entity or the relation it names. The
index is made once from the graph's labels (``internal/names.rq``) and searched in Python, so a typed name
never becomes part of a query: the IRI it resolves to is bound as data, like any parameter.

>>> index = NameIndex([
...     Named("https://w3id.org/diplograph/id/cambodia", "Cambodia", "entity", "State",
...           ("Kingdom of Cambodia", "柬埔寨")),
...     Named("https://w3id.org/diplograph/id/china", "China", "entity", "State", ("PRC",)),
...     Named("https://w3id.org/diplograph/id/cambodia-china-fta", "Cambodia-China Free Trade Agreement", "entity"),
... ])
>>> index.resolve("cambodia").found.label          # any case
'Cambodia'
>>> index.resolve("Cambodai").found.label          # a small typo
'Cambodia'
>>> index.resolve("柬埔寨").found.label              # another language's name
'Cambodia'
>>> [match.label for match in index.resolve("camb").choices]   # several names start so: the person chooses
['Cambodia', 'Cambodia-China Free Trade Agreement']
>>> [match.label for match in index.resolve("Chine").suggestions]  # not near enough to take: a suggestion
['China']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from diplograph.ontology.namespaces import PREFIXES

#: What a name may stand for. A parameter takes entities, relations, classes, sources or measures (what a figure
#: counts); the search box looks among the things the graph's pages are about (SEARCHED).
CATEGORIES = ("entity", "source", "concept", "measure", "relation", "class")
SEARCHED = ("entity", "source", "concept", "measure")
#: A typo is taken as the name it is near when the two are this alike (rapidfuzz's 0-100 ratio) ...
RESOLVE_SCORE = 85.0
#: ... and no other name is within this many points of it.
CLEAR_LEAD = 4.0
#: A name is offered as "did you mean" from this score (rapidfuzz's WRatio, which forgives missing words).
SUGGEST_SCORE = 70.0
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*://[^\s<>\"{}|^`\\]+$", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Our own namespaces: a prefixed name in one of them that the graph does not hold is a typo, not a new term.
OWN = ("dg", "dgr", "dgs", "dgc", "dgsrc", "dgg")


def fold(text: str) -> str:
    """Text for matching: case and accents folded, dashes and spaces alike, spaces collapsed.

    >>> fold("  Hun   Sèn "), fold("Cambodia–China")
    ('hun sen', 'cambodia-china')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\u2010-\u2015\u2212]", "-", plain).split())


@dataclass(frozen=True)
class Named:
    """Something with a name: its IRI, preferred label, category, class label and other names."""

    iri: str
    label: str
    category: str = "entity"
    kind: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A named thing that fits a text; ``matched`` is the other name that fitted, when it was not the label."""

    iri: str
    label: str
    category: str
    kind: str
    matched: str | None = None
    score: float = 0.0

    @property
    def short(self) -> str:
        """The IRI as a prefixed name where one of our prefixes fits (``dgr:cambodia``)."""
        return short_name(self.iri)


@dataclass(frozen=True)
class Resolution:
    """What a typed text names: ``found`` (one thing), or ``choices`` (several fit), or neither (``suggestions``)."""

    text: str
    found: Match | None = None
    choices: tuple[Match, ...] = ()
    suggestions: tuple[Match, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.found is None and bool(self.choices)

    @property
    def unknown(self) -> bool:
        return self.found is None and not self.choices


def short_name(iri: str) -> str:
    """An IRI as a prefixed name where one of ours fits, else the IRI.

    >>> short_name("https://w3id.org/diplograph/id/japan"), short_name("https://example.org/x")
    ('dgr:japan', 'https://example.org/x')
    """
    best = max(((prefix, ns) for prefix, ns in PREFIXES.items() if iri.startswith(ns)),
               key=lambda pair: len(pair[1]), default=None)
    if best is None or not re.fullmatch(r"[A-Za-z0-9_-]+", iri[len(best[1]):]):
        return iri
    return f"{best[0]}:{iri[len(best[1]):]}"


def expand(text: str) -> str | None:
    """The IRI a written IRI or prefixed name stands for; None when the text is neither.

    >>> expand("dgr:japan"), expand("<https://example.org/a>"), expand("Japan")
    ('https://w3id.org/diplograph/id/japan', 'https://example.org/a', None)
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if _IRI.match(text):
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and local and not local.startswith("//") and " " not in local:
        return PREFIXES[prefix] + local
    return None


class NameIndex:
    """The names of everything in the graph a person may name, by category."""

    def __init__(self, entries: Iterable[Named]):
        self.entries = list(entries)
        self.by_iri = {entry.iri: entry for entry in self.entries}
        self._by_slug = {(entry.category, entry.iri.rstrip("/").rsplit("/", 1)[-1]): entry for entry in self.entries
                         if entry.category in ("entity", "source", "measure")}
        # one row per (name, entry): the folded name is what is matched, the name as written is what is shown
        self._names: list[tuple[str, str, Named]] = []
        self._by_category: dict[tuple[str, ...], list[tuple[str, str, Named]]] = {}
        self._folded_names: dict[tuple[str, ...], list[str]] = {}
        seen: set[tuple[str, str]] = set()
        for entry in self.entries:
            for name in (entry.label, *entry.aliases):
                key = (fold(name), entry.iri)
                if key[0] and key not in seen:
                    seen.add(key)
                    self._names.append((key[0], name, entry))

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, iri: object) -> bool:
        return iri in self.by_iri

    def named(self, categories: Sequence[str]) -> list[Named]:
        return [entry for entry in self.entries if entry.category in categories]

    def _match(self, entry: Named, name: str, score: float) -> Match:
        return Match(entry.iri, entry.label, entry.category, entry.kind, None if name == entry.label else name, score)

    def _best_per_entity(self, rows: list[tuple[str, str, Named]], scores: np.ndarray, floor: float) -> list[Match]:
        """One match per entity scoring at least ``floor``: the best of its names (a label, an alias, ...)."""
        best: dict[str, Match] = {}
        for position in np.flatnonzero(scores >= floor):
            _, name, entry = rows[position]
            score = float(scores[position])
            if entry.iri not in best or score > best[entry.iri].score:
                best[entry.iri] = self._match(entry, name, round(score, 1))
        return list(best.values())

    def _rows(self, categories: Sequence[str]) -> list[tuple[str, str, Named]]:
        key = tuple(categories)
        if key not in self._by_category:
            self._by_category[key] = [row for row in self._names if row[2].category in categories]
        return self._by_category[key]

    def _folded(self, categories: Sequence[str]) -> list[str]:
        """The folded names of these categories, in the order of ``_rows``: what the fuzzy scorers compare."""
        key = tuple(categories)
        if key not in self._folded_names:
            self._folded_names[key] = [row[0] for row in self._rows(categories)]
        return self._folded_names[key]

    def search(self, text: str, limit: int = 10, categories: Sequence[str] = SEARCHED) -> list[Match]:
        """Names that contain what was typed, best first: whole name, then name start, then word start, then
        anywhere; a label before an alias, a short name before a long one.

        >>> index = NameIndex([Named("x:bri", "Belt and Road Initiative", aliases=("BRI",)), Named("x:b", "Brunei")])
        >>> [(m.label, m.matched) for m in index.search("bri")]
        [('Belt and Road Initiative', 'BRI')]
        """
        wanted = fold(text)
        if not wanted:
            return []
        best: dict[str, tuple[float, Match]] = {}
        for folded, name, entry in self._rows(categories):
            rank = _rank(folded, wanted)
            if rank is None:
                continue
            score = rank * 2 + (0 if name == entry.label else 1)
            if entry.iri not in best or score < best[entry.iri][0]:
                best[entry.iri] = (score, self._match(entry, name, 100 - score))
        ordered = sorted(best.values(), key=lambda pair: (pair[0], len(pair[1].label), pair[1].label))
        return [match for _, match in ordered[:limit]]

    def suggest(self, text: str, limit: int = 5, categories: Sequence[str] = SEARCHED,
                floor: float = SUGGEST_SCORE) -> list[Match]:
        """Names near what was typed ("did you mean"), best first: typos, missing or reordered words.

        >>> index = NameIndex([Named("x:bri", "Belt and Road Initiative", aliases=("Belt and Road",)),
        ...                    Named("x:kh", "Cambodia")])
        >>> [m.label for m in index.suggest("Belt Road")], [m.label for m in index.suggest("Cambodai")]
        (['Belt and Road Initiative'], ['Cambodia'])
        """
        wanted = fold(text)
        rows = self._rows(categories)
        if not wanted or not rows:
            return []
        best = self._best_per_entity(rows, _similarity(wanted, self._folded(categories)), floor)
        return sorted(best, key=lambda match: (-match.score, len(match.label), match.label))[:limit]

    def resolve(self, text: str, categories: Sequence[str] = ("entity",)) -> Resolution:
        """What a typed name stands for, among the given categories.

        In order: an IRI or prefixed name (one of ours must be in the graph), an entity's slug, a name written
        out in full (any case, any of its names), the start of names (one fits: it; several: choices), and
        last a name with a small typo. A text that fits nothing gets the nearest names as suggestions.
        """
        written = text.strip()
        wanted = fold(written)
        if not wanted:
            return Resolution(text)
        if (iri := expand(written)) is not None:
            if iri in self.by_iri:
                entry = self.by_iri[iri]
                return Resolution(text, found=self._match(entry, entry.label, 100.0))
            prefix = written.partition(":")[0]
            if prefix not in OWN and not iri.startswith(tuple(PREFIXES[p] for p in OWN)):
                return Resolution(text, found=Match(iri, short_name(iri), "iri", "", None, 100.0))
            # one of our terms the graph does not hold: a typo of its local name, most likely
            wanted = fold(iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        elif _SLUG.match(written):  # an entity's slug, a source's id, a measure's slug
            for category in categories:
                slugged = self._by_slug.get((category, written))
                if slugged is not None:
                    return Resolution(text, found=self._match(slugged, slugged.label, 100.0))
        rows = self._rows(categories)
        exact = _unique([(entry, name) for folded, name, entry in rows if folded == wanted])
        if len(exact) == 1:
            return Resolution(text, found=self._match(*exact[0], 100.0))
        if exact:
            return Resolution(text, choices=tuple(self._match(entry, name, 100.0) for entry, name in exact))
        starts = _unique([(entry, name) for folded, name, entry in rows if _rank(folded, wanted) in (1, 2)])
        if len(starts) == 1:
            return Resolution(text, found=self._match(*starts[0], 95.0))
        if starts:
            # a name holding the very word typed ("South Korea" for "Korea") before one that only starts so ("Korean")
            starts.sort(key=lambda pair: (wanted not in re.split(r"[\s-]+", fold(pair[1])), len(pair[0].label),
                                          pair[0].label))
            return Resolution(text, choices=tuple(self._match(entry, name, 95.0) for entry, name in starts[:20]))
        close = self._best_per_entity(rows, _typo(wanted, self._folded(categories)), RESOLVE_SCORE)
        ranked = sorted(close, key=lambda match: -match.score)
        if ranked and (len(ranked) == 1 or ranked[0].score - ranked[1].score >= CLEAR_LEAD):
            return Resolution(text, found=ranked[0])
        if ranked:
            return Resolution(text, choices=tuple(ranked))
        return Resolution(text, suggestions=tuple(self.suggest(wanted, 5, categories)))


def param_category(name: str, type: str, default: str | None) -> str | None:
    """What a named query's parameter names: ``entity``, ``relation``, ``class``, ``source`` or ``measure``; None
    for plain values (years, numbers, free text). Read from its type, its name and its default.

    >>> [param_category(*spec) for spec in [("country", "iri", "dgr:cambodia"), ("relation", "iri", "dg:memberOf"),
    ...                                     ("class", "iri", None), ("source", "string", None),
    ...                                     ("as_of", "year", "2015")]]
    ['entity', 'relation', 'class', 'source', None]
    """
    if type == "string":
        return name if name in ("source", "measure") else None
    if type != "iri":
        return None
    iri = expand(default or "") or ""
    local = iri[len(PREFIXES["dg"]):] if iri.startswith(PREFIXES["dg"]) else ""
    if name in ("relation", "predicate", "property") or local[:1].islower():
        return "relation"
    if name == "class" or local[:1].isupper():
        return "class"
    return "entity"


def value_of(match: Match) -> str:
    """What a parameter is given for a match: the IRI, or a source's id or a measure's slug (the ``source`` and
    ``measure`` parameters take those)."""
    return match.iri.rstrip("/").rsplit("/", 1)[-1] if match.category in ("source", "measure") else match.iri


def explain(resolution: Resolution, what: str = "entity") -> str:
    """A resolution that found nothing, in a sentence: the choices, or the nearest names.

    >>> explain(Resolution("xyzzy"))
    "no entity is called 'xyzzy'"
    >>> north, south = (Match(f"https://w3id.org/diplograph/id/{side}-korea", f"{side.title()} Korea", "entity", "")
    ...                 for side in ("north", "south"))
    >>> explain(Resolution("Korea", choices=(north, south)))  # doctest: +NORMALIZE_WHITESPACE
    "'Korea' fits several: North Korea (dgr:north-korea), South Korea (dgr:south-korea);
    give one of them"
    """
    if resolution.choices:
        listed = ", ".join(f"{m.label} ({m.short})" for m in resolution.choices[:8])
        return f"{resolution.text!r} fits several: {listed}; give one of them"
    near = ", ".join(f"{m.label} ({m.short})" for m in resolution.suggestions)
    return f"no {what} is called {resolution.text!r}" + (f"; did you mean {near}?" if near else "")


def _unique(pairs: list[tuple[Named, str]]) -> list[tuple[Named, str]]:
    """One (entry, name) per entry, the label preferred, in first-seen order."""
    kept: dict[str, tuple[Named, str]] = {}
    for entry, name in pairs:
        if entry.iri not in kept or name == entry.label:
            kept[entry.iri] = (entry, name)
    return list(kept.values())


def _rank(name: str, wanted: str) -> int | None:
    if wanted not in name:  # every rank below needs it: most names leave here
        return None
    if name == wanted:
        return 0
    if name.startswith(wanted):
        return 1
    if any(word.startswith(wanted) for word in re.split(r"[\s-]+", name)):
        return 2
    if wanted in name:
        return 3
    return None


def _typo(wanted: str, names: list[str]) -> np.ndarray:
    """How alike ``wanted`` is to each whole name, letters and word order (a typo, or "Sen Hun"), 0 to 100.

    >>> [round(float(score)) for score in _typo("hun senn", ["hun sen", "sen hun", "japan"])]
    [93, 93, 15]
    """
    if not names:
        return np.zeros(0)
    ratio = process.cdist([wanted], names, scorer=fuzz.ratio)[0]
    order = process.cdist([wanted], names, scorer=fuzz.token_sort_ratio)[0]
    return np.maximum(ratio, order)


def _similarity(wanted: str, names: list[str]) -> np.ndarray:
    """How near each name is, forgiving missing words ("Belt Road" for "Belt and Road"), 0 to 100.

    A short text inside a long name ("a" in every name) counts only as much as its share of the name.
    """
    whole = _typo(wanted, names)
    if len(wanted) < 4 or not names:
        return whole
    words = process.cdist([wanted], names, scorer=fuzz.token_set_ratio)[0]
    share = np.minimum(1.0, len(wanted) / np.maximum(np.array([len(name) for name in names]), 1)) ** 0.5
    return np.maximum(whole, words * (0.75 + 0.25 * share))


def index_from_rows(rows: Iterable[dict[str, str]]) -> NameIndex:
    """An index from the rows of ``internal/names.rq``: resource, label, kind (``label`` or ``alias``),
    category and class_label."""
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    classes: dict[str, str] = {}
    categories: dict[str, str] = {}
    for row in rows:
        iri = row["resource"]
        categories.setdefault(iri, row.get("category") or "entity")
        if row.get("class_label") and iri not in classes:
            classes[iri] = row["class_label"]
        if row["kind"] == "label" and iri not in labels:
            labels[iri] = row["label"]
        elif row["label"] not in aliases.setdefault(iri, []):
            aliases[iri].append(row["label"])
    entries = []
    for iri in categories:
        label = labels.get(iri) or (aliases.get(iri) or [short_name(iri)])[0]
        others = [name for name in aliases.get(iri, []) if name != label]
        if categories[iri] in ("relation", "class"):
            others.append(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])  # strategicPartner: the term as written
        entries.append(Named(iri, label, categories[iri], classes.get(iri, ""), tuple(dict.fromkeys(others))))
    return NameIndex(entries)
