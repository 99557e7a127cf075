"""Matching a table's key column to our entities, by the codes the graph already carries.

The codes are the ones the build writes into ``dgg:entities`` (from the crosswalk ``graph/data/states.csv``
and the entity files): ISO 3166-1, UN M49, Correlates of War and Wikidata. A key is compared after
normalising the way each code is written, so ``036``, ``36`` and ``36.0`` are all Australia's ISO number:

>>> index = EntityIndex({"iso-numeric": {"036": {"https://w3id.org/diplograph/id/australia"}},
...                      "wikidata": {"Q424": {"https://w3id.org/diplograph/id/cambodia"}}})
>>> index.resolve("iso-numeric", "36")
'https://w3id.org/diplograph/id/australia'
>>> index.resolve("wikidata", "http://www.wikidata.org/entity/Q424")
'https://w3id.org/diplograph/id/cambodia'
>>> index.resolve("wikidata", "Q1") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from diplograph.ontology.namespaces import DG
from diplograph.sparql import queryfiles
from diplograph.sparql.binding import bind_rows

_QID = re.compile(r"^(?:https?://www\.wikidata\.org/(?:entity|wiki)/)?(Q[1-9][0-9]*)$", re.IGNORECASE)


def _upper(value: str) -> str | None:
    return value.upper() or None


def _number(width: int) -> Callable[[str], str | None]:
    def normalise(value: str) -> str | None:
        try:
            number = float(value)
        except ValueError:
            return None
        if number != int(number) or number < 0:
            return None
        return str(int(number)).zfill(width)
    return normalise


def _qid(value: str) -> str | None:
    match = _QID.match(value)
    return match.group(1).upper() if match else None


#: code name in a mapping -> (the property the graph states it with, how a value is normalised)
CODES: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "iso3": (str(DG.iso3166Alpha3), _upper),
    "iso2": (str(DG.iso3166Alpha2), _upper),
    "iso-numeric": (str(DG.iso3166Numeric), _number(3)),
    "un-m49": (str(DG.unM49), _number(3)),
    "cow": (str(DG.cowCode), _number(0)),
    "cow-abbreviation": (str(DG.cowAbbreviation), _upper),
    "wikidata": (str(DG.wikidata), _qid),
}


class AmbiguousKey(ValueError):
    """A code that more than one entity carries."""


class EntityIndex:
    """Entity IRIs by code kind and normalised code."""

    def __init__(self, codes: dict[str, dict[str, set[str]]]):
        self.codes = codes

    def resolve(self, kind: str, value: str) -> str | None:
        """The IRI of the entity with this code, None when there is none; AmbiguousKey when there are several."""
        key = CODES[kind][1](value.strip())
        found = self.codes.get(kind, {}).get(key, set()) if key else set()
        if len(found) > 1:
            raise AmbiguousKey(f"{value!r} is the {kind} code of several entities: {', '.join(sorted(found))}")
        return next(iter(found), None)

    @classmethod
    def from_store(cls, store) -> EntityIndex:
        """Read every code from the entities graph of a pyoxigraph store."""
        import pyoxigraph as ox

        kinds = {str(prop): kind for kind, (prop, _) in CODES.items()}
        query = bind_rows(queryfiles.read("diplograph.graph.imports", "entity-codes"), ["p"],
                          [[ox.NamedNode(prop)] for prop in kinds])
        codes: dict[str, dict[str, set[str]]] = {kind: {} for kind in CODES}
        for row in store.query(query):
            kind = kinds[row["p"].value]
            key = CODES[kind][1](row["v"].value)
            if key:
                codes[kind].setdefault(key, set()).add(row["e"].value)
        return cls(codes)

    @classmethod
    def from_build(cls, build_dir: Path) -> EntityIndex:
        """Read every code from a build's dataset (not its imports: keys resolve to curated entities only)."""
        import pyoxigraph as ox

        from ..outputs import dataset_file

        store = ox.Store()
        store.bulk_load(path=str(dataset_file(build_dir)), format=ox.RdfFormat.N_QUADS)
        return cls.from_store(store)
