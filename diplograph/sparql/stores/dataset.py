"""The RDF dataset a query runs against.

The SPARQL 1.1 Protocol lets a request name its dataset (``default-graph-uri``,
``named-graph-uri``); when it does, that dataset replaces any ``FROM`` or ``FROM
NAMED`` in the query. When it does not, the store's own dataset is used: every
named graph, and as default graph either the store's default graph or, with
``union_default_graph``, the union of all graphs (what the HTTP endpoint offers).
The union is a default, as SPARQL 1.1 says a service's dataset is: a query that
names its own graphs with FROM or FROM NAMED gets those (``for_query``).

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


    def for_query(self, sparql: str) -> QueryDataset | None:
        """The dataset a store gives this query: the union default graph gives way to the query's own FROM and
        FROM NAMED. None means the query's own dataset (or the store's, if it names none).

        >>> union = QueryDataset(union_default_graph=True)
        >>> union.for_query("SELECT * FROM <https://e.x/g> WHERE { ?s ?p ?o }") is None
        True
        >>> union.for_query("SELECT * WHERE { ?s ?p ?o }") == union
        True
        """
        if self.explicit or not self.union_default_graph:
            return self
        from ..syntax import analyse
        from .errors import QuerySyntaxError

        try:
            names_dataset = analyse(sparql).names_dataset
        except QuerySyntaxError:
            return self  # the engine reports what is wrong with the text
        return None if names_dataset else self
