"""How the network looks: node colour and shape by class, edge colour and style by relation and stance.

One table per visual channel, so the legend is generated from the same tables the
drawing uses and cannot disagree with it.
"""

from __future__ import annotations

#: Class (local name) → (group label, colour, vis-network shape). Classes not listed fall into "other".
NODE_GROUPS: list[tuple[tuple[str, ...], str, str, str]] = [
    (("State", "StateGroup"), "state", "#1f77b4", "dot"),
    (("Organisation", "InternationalOrganisation", "Forum", "GovernmentBody", "PoliticalParty", "FinancialInstitution",
      "ArmedForce", "ResearchInstitute", "BusinessAssociation", "PeacekeepingMission"),
     "organisation", "#2ca02c", "square"),
    (("Person",), "person", "#9467bd", "triangle"),
    (("Office",), "office", "#c5b0d5", "triangleDown"),
    (("Initiative", "GrandStrategy", "Programme", "Plan", "NationalPlan"),
     "initiative or strategy", "#d62728", "diamond"),
    (("Agreement", "PartnershipAgreement", "FreeTradeAgreement", "MemorandumOfUnderstanding", "Treaty",
      "PoliticalCommitment", "JointStatement", "Resolution", "TradeArrangement", "Legislation"),
     "agreement or law", "#8c564b", "square"),
    (("Project", "Road", "Bridge", "Dam", "Port", "SpecialEconomicZone", "Airport", "Railway", "FloodDefence",
      "MilitaryBase"), "project", "#ff7f0e", "star"),
    (("Event", "Visit", "Meeting", "Summit", "Conference"), "event", "#17becf", "hexagon"),
    (("Place", "Region", "Province", "City"), "place", "#7f7f7f", "dot"),
    (("Principle",), "principle", "#bcbd22", "dot"),
]
OTHER_NODE = ("other", "#aaaaaa", "dot")

#: Relation (local name) → (group label, colour, dashed).
EDGE_GROUPS: list[tuple[tuple[str, ...], str, str, bool]] = [
    (("strategicPartner", "keyPartner", "diplomaticRelation"), "partnership", "#1a9850", False),
    (("cooperatesWith", "assists", "reliesOn", "complements"), "cooperation, aid, reliance", "#66bd63", False),
    (("memberOf", "partOf", "partyTo", "signed", "negotiates", "chairs", "sponsors", "establishes", "agreementStatus"),
     "membership and agreements", "#969696", False),
    (("finances", "requestsFinancing"), "finance", "#e08214", False),
    (("leads", "initiated", "announced", "holdsPosition", "affiliatedWith", "officeOf"), "leadership and roles",
     "#8073ac", False),
    (("partOfInitiative", "targetsRegion", "locatedIn", "connects", "serves", "heldIn", "projectStatus"),
     "part of, where", "#bababa", True),
    (("participatedIn", "visited", "metWith"), "events and visits", "#4393c3", True),
    (("pressures", "competesWith", "withdrewFrom", "raisedConcernWith"),
     "pressure, rivalry, withdrawal", "#d73027", False),
    (("adheresTo", "pursuesStrategy"), "principles", "#bcbd22", True),
]
OTHER_EDGE = ("other relation", "#cccccc", False)

#: A stance edge is dashed and coloured by its stance: support and bandwagoning green, hedging amber,
#: concern, balancing and opposition red.
STANCE_COLOURS: dict[str, str] = {
    "support": "#1a9850", "alignment": "#1a9850", "co-creation": "#1a9850", "bandwagon": "#006837",
    "limited-bandwagon": "#66bd63", "interest": "#66bd63", "economic-pragmatism-bandwagon": "#66bd63",
    "binding-engagement": "#a6d96a",
    "enmeshment": "#a6d96a", "hedging": "#f39c12", "ambiguity": "#f39c12", "neutrality": "#f39c12",
    "non-alignment": "#f39c12", "wait-and-see": "#fdd49e", "silence": "#bdbdbd", "scepticism": "#fd8d3c",
    "concern": "#e6550d", "soft-balancing": "#f46d43", "balancing": "#d73027", "refusal": "#a50026",
    "opposition": "#a50026",
}
STANCE_DEFAULT = "#fdae61"


def node_style(kind: str) -> tuple[str, str, str]:
    """(group label, colour, shape) for a node's class."""
    for classes, label, colour, shape in NODE_GROUPS:
        if kind in classes:
            return label, colour, shape
    return OTHER_NODE


def edge_style(relation: str, stance: str = "") -> tuple[str, str, bool]:
    """(group label, colour, dashed) for an edge; stance edges are dashed and coloured by stance."""
    if stance or relation == "stanceToward":
        return f"stance: {stance or 'unstated'}", STANCE_COLOURS.get(stance, STANCE_DEFAULT), True
    for relations, label, colour, dashed in EDGE_GROUPS:
        if relation in relations:
            return label, colour, dashed
    return OTHER_EDGE
