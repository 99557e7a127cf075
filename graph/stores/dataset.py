"""The RDF dataset a query runs against.

The SPARQL 1.1 Protocol lets a request name its dataset (``default-graph-uri``,
``named-graph-uri``); when it does, that dataset replaces any ``FROM`` or ``FROM
NAMED`` in the query. When it does not, the store's own dataset is used: every
named graph, and as default graph either the store's default graph or, with
``union_default_graph``, the union of all graphs (what the HTTP endpoint offers).

>>> QueryDataset().explicit, QueryDataset(named_graphs=("https://e.x/g",)).explicit
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueryDataset:
    """Which graphs a query sees."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union_default_graph: bool = False

    @property
    def explicit(self) -> bool:
        """True when the request names its graphs, so the query's own FROM clauses give way."""
        return bool(self.default_graphs or self.named_graphs)

