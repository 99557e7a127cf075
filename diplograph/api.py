"""The Python API: the built graph in a store, queried by name or by SPARQL.

>>> import diplograph
>>> kg = diplograph.open()                                   # the built graph, in embedded Oxigraph
>>> result = kg.query("cambodia-strategic-partnerships")
>>> sorted({row["partner_label"].toPython() for row in result})
['China', 'Japan', 'South Korea']
>>> sorted(set(kg.query("members-of", organisation="quad").to_dataframe()["member_label"]))   # a row per statement
['Australia', 'India', 'Japan', 'United States']
>>> kg.query("ASK { GRAPH ?g { ?s ?p ?o } }").boolean
True
>>> len(kg.query("cambodia-strategic-partnerships", country="Viet Nam")) > 0  # a name, as a person writes it
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from diplograph import queries
from diplograph.canonical import oxigraph_term
from diplograph.graph.outputs import open_built
from diplograph.queries.evidence import EVIDENCE_QUERY, evidence_by_statement
from diplograph.queries.lookup import NameIndex, expand, explain, index_from_rows, param_category, value_of
from diplograph.sparql import queryfiles
from diplograph.sparql.binding import bind_rows, bind_values
from diplograph.sparql.guard import check_services
from diplograph.sparql.results import EVIDENCE_COLUMNS, Result, term_from_json
from diplograph.sparql.stores import Store

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_XSD = "http://www.w3.org/2001/XMLSchema#"



class KnowledgeGraph:
    """The graph in a store. ``diplograph.open()`` makes one."""

    def __init__(self, store: Store, *, allow_services: Sequence[str] | None = None):
        self.store = store
        self._names: NameIndex | None = None
        # SERVICE endpoints queries may reach; None reads $DIPLOGRAPH_SERVICE_ALLOW at each query
        self.allow_services = list(allow_services) if allow_services is not None else None

    @classmethod
    def open(cls, store: str | Store | None = None, *, build_dir: Path | str | None = None, load: bool | None = None,
             allow_services: Sequence[str] | None = None) -> KnowledgeGraph:
        """Open a store and, unless it is a remote endpoint that already holds the data, load the built dataset.

        ``store`` is a spec (``oxigraph``, ``oxigraph:PATH``, ``rdflib``, an endpoint URL) or a Store.
        ``load`` forces loading on (push the dataset to a remote endpoint) or off.
        ``allow_services`` lists the SERVICE endpoints queries may reach (default: ``$DIPLOGRAPH_SERVICE_ALLOW``).
        """
        backend = open_built(store, build_dir, load=load)
        return cls(backend, allow_services=allow_services)

    def query(self, query: str, /, *, evidence: bool = False, timeout: float | None = None, **params: object) -> Result:
        """Run a named query (by name) or a SPARQL query (by text), with parameters bound as data.

        ``evidence=True`` adds, to each row that rests on statements, the sources and quotes behind it.
        ``timeout`` (seconds) stops a query that runs too long with QueryTimeout.
        A SERVICE endpoint not on the allow-list raises ServiceNotAllowed.
        """
        if _NAME.match(query.strip()):
            named = queries.load(query.strip())
            sparql = bind_values(named.sparql, named.bindings(self.resolve_names(named, params)))
        elif queries.declares_params(query):
            # A query text with a `# param:` header gets typed parameters, as a named query does.
            sparql = bind_values(query, queries.parse(query, "query").bindings(params))
        else:
            sparql = bind_values(query, {name: to_term(value) for name, value in params.items()})
        checked = check_services(sparql, self.allow_services)
        result = self.store.query(checked.text, timeout=timeout, network=bool(checked.services))
        return self.with_evidence(result, timeout=timeout) if evidence else result

    def with_evidence(self, result: Result, *, timeout: float | None = None) -> Result:
        """The result with two more columns: the sources and the quotes behind each row's statements."""
        if result.kind != "select":
            return result
        per_row = [_statements_of(binding) for binding in result.bindings]
        wanted = sorted({iri for iris in per_row for iri in iris})
        quotes: dict[str, list[tuple[str, str, str]]] = {}
        if wanted:
            found = self.store.query(bind_rows(EVIDENCE_QUERY, ["statement"], [[ox.NamedNode(iri)] for iri in wanted]),
                                     timeout=timeout)
            quotes = evidence_by_statement(found.values())
        bindings = []
        for binding, iris in zip(result.bindings, per_row, strict=True):
            found_here = sorted({q for iri in iris for q in quotes.get(iri, [])})
            extended = dict(binding)
            if found_here:
                sources = sorted({source for source, _, _ in found_here})
                extended["evidence_sources"] = {"type": "literal", "value": ", ".join(sources)}
                extended["evidence_quotes"] = {"type": "literal", "value": " | ".join(
                    f"\u201c{quote}\u201d ({source}{', line ' + line if line else ''})"
                    for source, line, quote in found_here)}
            bindings.append(extended)
        return Result("select", vars=[*result.vars, "evidence_sources", "evidence_quotes"], bindings=bindings,
                      truncated=result.truncated)

    def names(self) -> NameIndex:
        """The names of the graph's entities, relations, classes and sources (read once), as a person types them."""
        if self._names is None:
            answer = self.store.query(queryfiles.read("diplograph.queries", "internal/names", subfolder=None))
            self._names = index_from_rows(answer.values())
        return self._names

    def resolve_names(self, named: queries.NamedQuery, params: dict[str, object]) -> dict[str, object]:
        """The parameters with each name given for an entity, relation, class or source replaced by what it names
        (``country="Vietnam"``, ``relation="strategic partnership"``). An IRI, a prefixed name or a slug is kept as
        it is; a name that fits several things or none raises ParameterError with the choices or the nearest names.
        """
        resolved = dict(params)
        for param in named.params:
            value = params.get(param.name)
            kind = param_category(param.name, param.type, param.default)
            if kind is None or not isinstance(value, str) or expand(value) is not None or _NAME.match(value.strip()):
                continue
            found = self.names().resolve(value, (kind,))
            if found.found is None:
                raise queries.ParameterError(f"parameter {param.name!r}: {explain(found, kind)}")
            resolved[param.name] = value_of(found.found)
        return resolved

    def queries(self) -> list[queries.NamedQuery]:
        """The library of named queries."""
        return queries.all_queries()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _statements_of(binding: dict[str, dict]) -> list[str]:
    iris: list[str] = []
    for column in EVIDENCE_COLUMNS:
        if column in binding:
            iris += str(term_from_json(binding[column])).split()
    return iris


def to_term(value: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An RDF term for a Python value bound to a SPARQL query.

    >>> print(to_term(2015))
    "2015"^^<http://www.w3.org/2001/XMLSchema#integer>
    >>> to_term(URIRef("https://w3id.org/diplograph/id/japan"))
    <NamedNode value=https://w3id.org/diplograph/id/japan>
    """
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, (URIRef, Literal)):
        return oxigraph_term(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, (float, Decimal)):
        datatype = _XSD + ("double" if isinstance(value, float) else "decimal")
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    return ox.Literal(str(value))
