"""What a page shows about one resource: labels, types, properties, links out, and the statements naming it.

Every IRI diplograph mints lives under ``https://w3id.org/diplograph/``; the server
answers for it at the same path (``/id/cambodia`` for ``dgr:cambodia``).

>>> iri_for("/source/yen-2024")
'https://w3id.org/diplograph/source/yen-2024'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from diplograph.graph.wikidata.enrich import PROPERTIES as WIKIDATA_PROPERTIES
from diplograph.ontology.namespaces import BASE, DG, OWL, SKOS, local_path
from diplograph.queries.evidence import EVIDENCE_QUERY, evidence_by_statement
from diplograph.sparql.binding import bind_rows
from diplograph.sparql.results import display
from diplograph.viz.projection import when

from .service import GraphService

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", str(SKOS.prefLabel)}
ALIASES = {str(SKOS.altLabel)}
DESCRIPTIONS = {"http://purl.org/dc/terms/description", str(SKOS.definition), "http://www.w3.org/2000/01/rdf-schema#comment"}
#: Properties whose value is the same thing in another dataset.
LINKS = {str(DG.wikidata), str(OWL.sameAs), str(SKOS.exactMatch), str(SKOS.closeMatch)}
#: Properties whose value is a code other datasets join on.
CODES = {str(DG[name]) for name in ("iso3166Alpha2", "iso3166Alpha3", "iso3166Numeric", "unM49", "cowCode",
                                     "cowAbbreviation", "fips104", "wikidataCheckedIn")}


#: The region's languages whose Wikidata labels the enrichment graph keeps, by code.
LANGUAGE_NAMES = {"km": "Khmer", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "th": "Thai", "vi": "Vietnamese"}
WDT = "http://www.wikidata.org/prop/direct/"


@dataclass
class WikidataFacts:
    """What the enrichment graph keeps about the item a resource links to, and when it was retrieved.

    >>> facts = WikidataFacts("http://www.wikidata.org/entity/Q424")
    >>> facts.add({"property": "http://www.w3.org/2000/01/rdf-schema#label", "value": "កម្ពុជា", "lang": "km"})
    >>> facts.add({"property": "http://www.wikidata.org/prop/direct/P298", "value": "KHM", "lang": ""})
    >>> facts.names, facts.values
    ([('Khmer', 'km', 'កម្ពុជា')], [('ISO 3166-1 alpha-3 code (P298)', 'KHM')])
    """

    item: str
    names: list[tuple[str, str, str]] = field(default_factory=list)    # (language name, code, label)
    values: list[tuple[str, str]] = field(default_factory=list)         # (property, value)
    retrieved: list[tuple[str, str]] = field(default_factory=list)      # (endpoint, when)

    def add(self, row: dict[str, str]) -> None:
        if "endpoint" in row:
            self.retrieved.append((row["endpoint"], row["retrieved"][:10]))
        elif row.get("lang") in LANGUAGE_NAMES:
            self.names.append((LANGUAGE_NAMES[row["lang"]], row["lang"], row["value"]))
        elif row.get("property", "").startswith(WDT):
            pid = row["property"][len(WDT):]
            value = row["value"].removesuffix("T00:00:00Z")  # Wikidata writes a day as a midnight dateTime
            self.values.append((f"{WIKIDATA_PROPERTIES.get(pid, pid)} ({pid})", value))


def iri_for(path: str) -> str:
    return BASE + path.lstrip("/")


def browse_url(iri: str) -> str:
    """Where a person reads about an IRI: our page for our IRIs, Wikidata's page for its items, else the IRI."""
    if (path := local_path(iri)) is not None:
        return path
    if iri.startswith(WIKIDATA_ENTITY):
        return "https://www.wikidata.org/wiki/" + iri[len(WIKIDATA_ENTITY):]
    return iri


def short(iri: str) -> str:
    """An IRI as a prefixed name when a known prefix fits (as the CLI's tables show it)."""
    return display(URIRef(iri))


@dataclass(frozen=True)
class Term:
    """A value on a page: an IRI with its label, or a literal."""

    value: str
    label: str = ""
    is_iri: bool = False

    @property
    def text(self) -> str:
        return self.label or (short(self.value) if self.is_iri else self.value)

    @property
    def url(self) -> str | None:
        return browse_url(self.value) if self.is_iri else None


@dataclass
class Quote:
    text: str
    source_id: str
    line: str = ""


@dataclass
class StatementView:
    iri: str
    label: str
    kind: str
    roles: list[str]
    subject: Term
    predicate: Term
    object: Term | None
    time: str
    source_id: str
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class ResourceView:
    iri: str
    label: str
    types: list[Term] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    properties: list[tuple[Term, Term]] = field(default_factory=list)
    links: list[tuple[Term, Term]] = field(default_factory=list)
    codes: list[tuple[Term, Term]] = field(default_factory=list)
    incoming: list[tuple[Term, Term]] = field(default_factory=list)
    statements: list[StatementView] = field(default_factory=list)
    wikidata: WikidataFacts | None = None

    @property
    def sources(self) -> list[str]:
        return sorted({statement.source_id for statement in self.statements})


async def resource_view(service: GraphService, iri: str) -> ResourceView | None:
    """Everything a page shows about an IRI; None when the graph knows nothing about it."""
    outgoing = await service.internal("describe-out", resource=iri)
    incoming = (await service.internal("describe-in", resource=iri)).values()
    statements = await statements_naming(service, iri)
    if not (outgoing.bindings or incoming or statements):
        return None
    view = ResourceView(iri, label="")
    seen: set[tuple[str, str]] = set()
    for row, binding in zip(outgoing.values(), outgoing.bindings, strict=True):  # bindings say which values are IRIs
        predicate, value = row["p"], row["o"]
        if (predicate, value) in seen or row["g"].endswith("/graph/truthy"):
            continue
        seen.add((predicate, value))
        p_term = Term(predicate, row.get("p_label", ""), True)
        o_term = Term(value, row.get("o_label", ""), binding["o"]["type"] == "uri")
        if predicate in LABELS:
            view.label = view.label or value
        elif predicate in ALIASES:
            view.aliases.append(value)
        elif predicate in DESCRIPTIONS and not view.description:
            view.description = value
        elif predicate == RDF_TYPE:
            view.types.append(o_term)
        elif predicate in LINKS:
            view.links.append((p_term, o_term))
        elif predicate in CODES:
            view.codes.append((p_term, o_term))
        else:
            view.properties.append((p_term, o_term))
    view.aliases.sort()
    # dg:wikidata is stated with its super-property skos:exactMatch too; one line per item is enough
    wikidata = {value.value for predicate, value in view.links if predicate.value == str(DG.wikidata)}
    view.links = [(p, v) for p, v in view.links if not (p.value == str(SKOS.exactMatch) and v.value in wikidata)]
    view.links.sort(key=lambda pair: (pair[0].text, pair[1].value))
    view.codes.sort(key=lambda pair: pair[0].text)
    view.properties.sort(key=lambda pair: (pair[0].text, pair[1].text))
    view.types.sort(key=lambda term: term.text)
    view.incoming = [(Term(row["s"], row.get("s_label", ""), True), Term(row["p"], row.get("p_label", ""), True))
                     for row in incoming]
    view.statements = statements
    view.label = view.label or short(iri)
    view.wikidata = await wikidata_facts(service, iri)
    return view


async def wikidata_facts(service: GraphService, iri: str) -> WikidataFacts | None:
    """What the enrichment graph keeps about the resource's Wikidata item; None when it keeps nothing."""
    rows = (await service.internal("wikidata-facts", resource=iri)).values()
    if not any("property" in row for row in rows):
        return None
    facts = WikidataFacts(rows[0]["item"])
    for row in rows:
        facts.add(row)
    facts.names.sort(key=lambda name: list(LANGUAGE_NAMES).index(name[1]))
    facts.values.sort()
    facts.retrieved.sort()
    return facts


async def statements_naming(service: GraphService, iri: str) -> list[StatementView]:
    """The statements that name a resource (or come from a source), each with its quotes."""
    rows = (await service.internal("statements", resource=iri)).values()
    views: dict[str, StatementView] = {}
    for row in rows:
        views[row["statement"]] = StatementView(
            iri=row["statement"],
            label=row.get("statement_label", ""),
            kind=row.get("kind", "").rsplit("#", 1)[-1],
            roles=[short(role) for role in row.get("roles", "").split()],
            subject=Term(row["subject"], row.get("subject_label", ""), True),
            predicate=Term(row["predicate"], row.get("predicate_label", ""), True),
            # dg:object is an object property: its values are IRIs
            object=Term(row["object"], row.get("object_label", ""), True) if "object" in row else None,
            time=_time(row),
            source_id=row["source_id"],
        )
    for statement, quotes in (await _quotes(service, list(views))).items():
        views[statement].quotes = quotes
    # grouped by relation, then by what it relates to, then by time: how an analyst reads a dossier
    return sorted(views.values(), key=lambda view: (view.predicate.text, view.subject.text,
                                                    view.object.text if view.object else "", view.time, view.source_id))


async def _quotes(service: GraphService, statements: list[str]) -> dict[str, list[Quote]]:
    if not statements:
        return {}
    query = bind_rows(EVIDENCE_QUERY, ["statement"], [[ox.NamedNode(iri)] for iri in statements])
    found = evidence_by_statement((await service.result(query, max_rows=None)).values())
    return {statement: sorted((Quote(quote, source, line) for source, line, quote in quotes),
                              key=lambda quote: (quote.source_id, int(quote.line or 0)))
            for statement, quotes in found.items()}


def _time(row: dict[str, str]) -> str:
    """When the statement holds, as its text says: a point, an interval, "at writing (date)" or "timeless"."""
    return when(row)
