"""What a page shows about one resource: labels, types, properties, links out, and the statements naming it.

Every IRI diplograph mints lives under ``https://w3id.org/diplograph/``; the server
answers for it at the same path (``/id/cambodia`` for ``dgr:cambodia``).

>>> iri_for("/source/yen-2024")
'https://w3id.org/diplograph/source/yen-2024'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from diplograph.graph.wikidata.enrich import PROPERTIES as WIKIDATA_PROPERTIES
from diplograph.ontology.namespaces import BASE, DG, OWL, SKOS, local_path
from diplograph.queries.evidence import EVIDENCE_QUERY, evidence_by_statement
from diplograph.sparql.binding import bind_rows
from diplograph.sparql.results import display
from diplograph.viz.projection import when

from . import values
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


#: Words for the properties of other vocabularies a page shows, where the graph gives them no label.
PROPERTY_WORDS = {"http://www.w3.org/ns/prov#wasDerivedFrom": "source", RDF_TYPE: "kind",
                  "http://www.w3.org/2000/01/rdf-schema#label": "label", "http://purl.org/dc/terms/title": "title",
                  "http://purl.org/dc/terms/identifier": "identifier", "http://purl.org/dc/terms/issued": "date",
                  "http://purl.org/dc/terms/creator": "author", "http://purl.org/dc/terms/publisher": "publisher",
                  "https://schema.org/author": "author", "https://schema.org/publisher": "publisher",
                  "https://schema.org/datePublished": "date", "https://schema.org/headline": "headline",
                  "https://schema.org/name": "name", "https://schema.org/sourceOrganization": "organisation"}


@dataclass(frozen=True)
class Term:
    """A value on a page: an IRI with its label, or a literal."""

    value: str
    label: str = ""
    is_iri: bool = False

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        return (PROPERTY_WORDS.get(self.value) or short(self.value)) if self.is_iri else self.value

    @property
    def url(self) -> str | None:
        return browse_url(self.value) if self.is_iri else None


@dataclass
class Quote:
    text: str
    source_id: str
    line: str = ""


#: The roles a resource plays in a statement, in words (the subject and object need none: the claim shows them).
ROLE_WORDS = {"subject": "", "object": "", "wasDerivedFrom": "", "counterpart": "as counterpart", "place": "as place",
              "event": "as the event", "via": "as the means", "toward": "as the target", "about": "as the topic",
              "role": "as the role", "participant": "as participant", "covers": "as covered"}


def role_words(role: str) -> str:
    """A statement's role for a resource, as words: "as counterpart"; nothing for its subject or object.

    >>> role_words("https://w3id.org/diplograph/ontology#counterpart"), role_words("dg:subject")
    ('as counterpart', '')
    >>> role_words("https://w3id.org/diplograph/ontology#sharedAmount")
    'as shared amount'
    """
    name = role.rsplit("#", 1)[-1].rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    if name in ROLE_WORDS:
        return ROLE_WORDS[name]
    return "as " + re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


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
    detail: str = ""         # its level, stance or status, in words
    figure: str = ""         # a figure or amount: "more than 8,300", "US$244,000,000"
    note: str = ""
    years: tuple[str, str] = ("", "")  # the first and last year it is about, for filtering by period
    since: str = ""          # its start, in words, when it has one
    source: SourceInfo | None = None

    @property
    def slug(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def partners(self, page: str) -> list[Term]:
        """The other parties a statement names, seen from a page: the object for the subject, and so on."""
        parties = [self.subject, *([self.object] if self.object else [])]
        others = [party for party in parties if party.value != page]
        return others or parties


@dataclass(frozen=True)
class SourceInfo:
    """A source as a page names it: its title, date (in words) and page."""

    id: str
    title: str
    date: str

    @property
    def url(self) -> str:
        return f"/source/{self.id}"


def source_info(source_id: str, sources: list[dict[str, str]]) -> SourceInfo:
    """A source's title and date from the catalogue's sources; its identifier when it is not there.

    >>> source_info("x", [{"id": "x", "title": "T", "issued": "2019-01-19"}])
    SourceInfo(id='x', title='T', date='19 January 2019')
    """
    for row in sources:
        if row.get("id") == source_id:
            return SourceInfo(source_id, row.get("title", source_id), values.date(row.get("issued", "")))
    return SourceInfo(source_id, source_id, "")


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
    claim: StatementView | None = None     # on a statement's own page: the statement, with its quotes

    @property
    def sources(self) -> list[str]:
        return sorted({statement.source_id for statement in self.statements})

    @property
    def credits(self) -> list[tuple[str, Term]]:
        """A source's author and publisher (each once: Dublin Core and schema.org both state them)."""
        found: dict[tuple[str, str], Term] = {}
        for predicate, value in self.properties:
            if predicate.text in ("author", "publisher"):
                found.setdefault((predicate.text, value.value), value)
        return sorted(((role.capitalize(), value) for (role, _), value in found.items()), key=lambda pair: pair[0])

    @property
    def source_options(self) -> list[SourceInfo]:
        """The sources of the statements, for the list's filter: by date, then title."""
        found = {statement.source_id: statement.source or SourceInfo(statement.source_id, statement.source_id, "")
                 for statement in self.statements}
        return sorted(found.values(), key=lambda source: (source.id.rsplit("-", 1)[-1], source.title))

    @property
    def relations(self) -> list[str]:
        return sorted({statement.predicate.text for statement in self.statements})

    @property
    def partners(self) -> list[str]:
        """Whom the statements name besides this resource, for the list's filter."""
        return sorted({partner.text for statement in self.statements for partner in statement.partners(self.iri)},
                      key=str.casefold)

    @property
    def years(self) -> tuple[str, str]:
        found = sorted(year for statement in self.statements for year in statement.years if year)
        return (found[0], found[-1]) if found else ("", "")


#: A statement's own parts, shown as its claim rather than as properties.
CLAIM_PARTS = {str(DG.subject), str(DG.predicate), str(DG.object), str(DG.evidence)}
#: What the build derives for queries (the span a statement holds over), which its start, end or time says already.
DERIVED = {str(DG.holdsFrom), str(DG.holdsUntil)}


async def resource_view(service: GraphService, iri: str, sources: list[dict[str, str]] | None = None
                        ) -> ResourceView | None:
    """Everything a page shows about an IRI; None when the graph knows nothing about it."""
    outgoing = await service.internal("describe-out", resource=iri)
    incoming = (await service.internal("describe-in", resource=iri)).values()
    statements = await statements_naming(service, iri, sources)
    if not (outgoing.bindings or incoming or statements):
        return None
    view = ResourceView(iri, label="")
    parts: dict[str, Term] = {}
    seen: set[tuple[str, str]] = set()
    for row, binding in zip(outgoing.values(), outgoing.bindings, strict=True):  # bindings say which values are IRIs
        predicate, value = row["p"], row["o"]
        if (predicate, value) in seen or row["g"].endswith("/graph/truthy"):
            continue
        seen.add((predicate, value))
        p_term = Term(predicate, row.get("p_label", ""), True)
        is_iri = binding["o"]["type"] == "uri"
        o_term = Term(value, row.get("o_label", ""), True) if is_iri else Term(values.literal(binding["o"]))
        if predicate in CLAIM_PARTS:
            parts.setdefault(predicate, o_term)
        elif predicate in DERIVED:
            continue
        elif predicate in LABELS:
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
    # a class is named in words; one with no label (schema:Country beside dg:State) is left to the RDF
    view.types = sorted([term for term in view.types if term.label] or view.types, key=lambda term: term.text)
    view.incoming = [(Term(row["s"], row.get("s_label", ""), True), Term(row["p"], row.get("p_label", ""), True))
                     for row in incoming]
    view.statements = statements
    view.label = view.label or short(iri)
    view.wikidata = await wikidata_facts(service, iri)
    if str(DG.subject) in parts and str(DG.predicate) in parts:
        view.claim = await _own_claim(service, view, parts, sources or [])
    return view


async def _own_claim(service: GraphService, view: ResourceView, parts: dict[str, Term],
                     sources: list[dict[str, str]]) -> StatementView:
    """A statement page's statement: its claim, source and quotes (the properties list its qualifiers)."""
    source_id = next((value.value.rsplit("/", 1)[-1] for predicate, value in view.properties
                      if predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"), "")
    quotes = (await _quotes(service, [view.iri])).get(view.iri, [])
    return StatementView(view.iri, view.label, "", [], parts[str(DG.subject)], parts[str(DG.predicate)],
                         parts.get(str(DG.object)), "", source_id or (quotes[0].source_id if quotes else ""),
                         quotes=quotes, source=source_info(source_id, sources))


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


async def statements_naming(service: GraphService, iri: str, sources: list[dict[str, str]] | None = None
                            ) -> list[StatementView]:
    """The statements that name a resource (or come from a source), each with its quotes."""
    rows = (await service.internal("statements", resource=iri)).values()
    views: dict[str, StatementView] = {}
    for row in rows:
        figure = ""
        if row.get("value"):
            figure = values.quantity(row["value"], row.get("comparator", ""), row.get("unit", ""))
            figure = f"{row['measure']}: {figure}" if row.get("measure") else figure
        elif row.get("amount"):
            figure = values.quantity(row["amount"], "", row.get("unit", "") or "usd")
        views[row["statement"]] = StatementView(
            iri=row["statement"],
            label=row.get("statement_label", ""),
            kind=row.get("kind_label") or row.get("kind", "").rsplit("#", 1)[-1],
            roles=sorted({words for role in row.get("roles", "").split() if (words := role_words(role))}),
            subject=Term(row["subject"], row.get("subject_label", ""), True),
            predicate=Term(row["predicate"], row.get("predicate_label", ""), True),
            # dg:object is an object property: its values are IRIs
            object=Term(row["object"], row.get("object_label", ""), True) if "object" in row else None,
            time=_time(row),
            source_id=row["source_id"],
            detail=row.get("detail", ""),
            figure=figure,
            note=row.get("note", ""),
            years=_years(row),
            since=values.date(row["start"]) if row.get("start") else "",
            source=source_info(row["source_id"], sources or []),
        )
    for statement, quotes in (await _quotes(service, list(views))).items():
        views[statement].quotes = quotes
    # grouped by relation, then by what it relates to, then by time: how an analyst reads a dossier
    return sorted(views.values(), key=lambda view: (view.predicate.text, view.subject.text,
                                                    view.object.text if view.object else "", view.years,
                                                    view.source_id))


async def _quotes(service: GraphService, statements: list[str]) -> dict[str, list[Quote]]:
    if not statements:
        return {}
    query = bind_rows(EVIDENCE_QUERY, ["statement"], [[ox.NamedNode(iri)] for iri in statements])
    found = evidence_by_statement((await service.result(query, max_rows=None)).values())
    return {statement: sorted((Quote(quote, source, line) for source, line, quote in quotes),
                              key=lambda quote: (quote.source_id, int(quote.line or 0)))
            for statement, quotes in found.items()}


def _time(row: dict[str, str]) -> str:
    """When the statement holds, as its text says: a point, an interval, "at writing (date)" or "timeless",
    with dates in words."""
    shown = {key: values.date(row[key]) for key in ("time", "start", "end", "reported") if row.get(key)}
    return when({**row, **shown})


def _years(row: dict[str, str]) -> tuple[str, str]:
    """The first and last year a statement is about (its time, its interval, else its report's year).

    >>> _years({"start": "2013", "reported": "2017"}), _years({"time": "2019-01-19"}), _years({"reported": "2020"})
    (('2013', ''), ('2019', '2019'), ('2020', '2020'))
    """
    if row.get("time"):
        return row["time"][:4], row["time"][:4]
    if row.get("start") or row.get("end"):
        return row.get("start", "")[:4], row.get("end", "")[:4]
    year = row.get("reported", "")[:4]
    return year, year
