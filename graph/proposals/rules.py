"""Rules that read candidate statements off a sentence whose entities are known.

Each rule is a general pattern: a trigger (words such as "signed", "strategic
partnership", "visited") and the classes its subject and object must have, read from
the ontology's domain and range of the relation. The subject is the nearest fitting
entity before the trigger (with any joined to it by "and" or a comma), the objects
the nearest fitting entity after it (likewise), so "the US withdrew from the TPP, the
Paris Agreement and the INF" gives three statements. A few patterns have rules of
their own: a possessive before an initiative ("Japan's FOIP": who leads it), a title
before a person (positions held), numbers with what they count (figures and targets),
the parties named in a bilateral agreement's name, a backer before a project ("the
Chinese-invested zone"), partners as regarded ("X views Y as its key partner"), the
strategy of the state whose foreign policy a sentence names, and a capital's state.

No rule knows a sentence of any corpus: they know English and the ontology.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..entities import Entity
from ..vocabulary import Vocabulary
from .mentions import BACKED, DEMONYMS, Mention, capitals, new_slug
from .times import TimeMention

# Between two names of a list: "and" (or a dash: "US–China"), or a comma; a parenthesised acronym may follow a name
_AND = re.compile(r"^\s*(?:\([^)]{1,20}\))?\s*(?:,?\s*(?:and|&|as well as|or)\s+(?:the\s+)?(?:\d{4}\s+)?|[-–—/])\s*$",
                  re.I)  # "the 1998 X and the 2014 Y": a year before a name is the name's edition
# "one with China in 2010 and another with Japan in 2013": a list of objects, each with its own time
_ANOTHER = re.compile(r"^\s*(?:in \d{4}\s*)?,?\s*(?:and|while)\s+(?:another|the other|a second|one more)\s+"
                      r"(?:with|to)\s+(?:the\s+)?$", re.I)
_COMMA = re.compile(r"^\s*(?:\([^)]{1,20}\))?\s*,\s*(?:the\s+)?(?:\d{4}\s+)?$", re.I)
# A name right after one of these is an object, not a subject
PREPOSITION = re.compile(r"\b(?:with|to|from|toward|towards|against|between|by|for|on|into|than|like|including|"
                          r"among|beyond|over|through|in|within)\s+(?:the\s+)?$", re.I)
# A sentence that speaks of the document's main actor without naming it
PRONOUN_START = re.compile(r"^[•·*\s-]*(?:It|Its|It[’']s|The country|The kingdom|The nation|The government|We|Our)\b")
_POSSESSED = re.compile(r"^['’]s?\s+(?:[\w-]+\s+){0,2}$")
_RELATIVE_BE = re.compile(r",?\s*\b(?:which|who|that)\s+(?:are|is|were|was|remain|remains|ha(?:ve|s) been)\s+$", re.I)
_CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b|\bwhich\b|\bwho\b", re.I)


@dataclass(frozen=True)
class Rule:
    """A trigger and a relation; the classes of subject and object come from the ontology unless narrowed here."""

    name: str
    relation: str
    trigger: re.Pattern
    confidence: float
    subject_types: tuple[str, ...] = ()
    object_types: tuple[str, ...] = ()
    qualifiers: Callable[[re.Match, str], dict[str, str]] | None = None  # from the trigger and the sentence
    concept: Callable[[re.Match], str | None] | None = None  # the object of a concept-valued relation
    time_key: str | None = None  # "start" where the relation's time is its beginning
    needs_time: bool = False
    window: int = 120  # characters between the trigger and the entities it joins
    all_objects: bool = False  # every fitting entity after the trigger, not only the nearest list
    anywhere: bool = False  # every fitting pair in the sentence, in either order ("As part of the BRI, ... X")
    possessive_subject: bool = False  # "X's largest partners": X is the subject
    subject_after: bool = False  # no subject before the trigger: the one right after ("updating the FTA")
    place_after_in: bool = True  # a place after "in" can be the object ("ties in the region": here not)
    not_after: re.Pattern | None = None  # no trigger right after these words


def _level(match: re.Match, sentence: str) -> dict[str, str]:
    text = match.group(0).lower()
    if "comprehensive" in text:
        return {"level": "comprehensive-strategic-partnership"}
    return {"level": "strategic-partnership" if "strategic" in text else "partnership"}


_FIELDS = [
    (re.compile(r"\b(trade|trading|export|import|market access|free trade)", re.I), "trade"),
    (re.compile(r"\b(invest|FDI)", re.I), "investment"),
    (re.compile(r"\b(military|defen[cs]e|armed forces|naval|navy)", re.I), "military"),
    (re.compile(r"\b(maritime security|maritime)", re.I), "maritime-security"),
    (re.compile(r"\b(security|counter-?terror)", re.I), "security"),
    (re.compile(r"\b(infrastructure|connectivity|road|railway|bridge|port)", re.I), "infrastructure"),
    (re.compile(r"\b(energy|electricity|power)", re.I), "energy"),
    (re.compile(r"\b(digital|cyber)", re.I), "digital"),
    (re.compile(r"\b(aid|assistance|donor|grant)", re.I), "aid"),
    (re.compile(r"\b(economic|economy|development)", re.I), "economic"),
    (re.compile(r"\b(diplomatic|political|diplomacy)", re.I), "diplomatic"),
]


def _field(match: re.Match, sentence: str) -> dict[str, str]:
    for pattern, concept in _FIELDS:
        if pattern.search(sentence):
            return {"field": concept}
    return {}


def _key_partner_field(match: re.Match, sentence: str) -> dict[str, str]:
    text = match.group(0).lower()
    if "export" in text or "market" in text:
        return {"field": "export-market"}
    if "invest" in text:
        return {"field": "investment"}
    if "donor" in text or "aid" in text:
        return {"field": "aid"}
    if "trad" in text:
        return {"field": "trade"}
    return _field(match, sentence) or {"field": "economic"}


_INSTRUMENTS = [("loan", "loan"), ("grant", "grant"), ("invest", "investment"), ("technical assistance",
                "technical-assistance"), ("security assistance", "security-assistance"), ("aid", "aid"),
                ("assist", "aid"), ("fund", "funding"), ("financ", "development-finance")]


def _instrument(match: re.Match, sentence: str) -> dict[str, str]:
    text = match.group(0).lower()
    for stem, concept in _INSTRUMENTS:
        if stem in text:
            return {"instrument": concept}
    return {}


# Strategies an actor pursues (pursuesStrategy, the object a stance concept) and stances toward something
STRATEGIES = [
    (r"hedg\w*", "hedging"), (r"diversif\w*|diverse partnerships", "diversification"),
    (r"soft[- ]balancing", "soft-balancing"), (r"(?<!soft )(?<!soft-)balanc(?:e|es|ed|ing)\b", "balancing"),
    (r"neutral(?:ity)?\b", "neutrality"), (r"non-?align\w*", "non-alignment"),
    (r"independen(?:t|ce)\b(?! of)|(?:foreign policy |strategic )autonomy\b", "independence"),
    (r"multilateralism|multilateral approach", "multilateralism"),
    (r"economic diplomacy", "economic-diplomacy"), (r"enmesh\w*", "enmeshment"),
    (r"binding engagement", "binding-engagement"), (r"economic pragmatism", "economic-pragmatism-bandwagon"),
    (r"limited bandwagon\w*", "limited-bandwagon"), (r"bandwagon\w*", "bandwagon"),
    (r"strategic ambiguity|ambiguity", "ambiguity"),
]
STANCES = [
    (r"support(?:s|ed|ing)?|endors\w*|welcom\w*|back(?:s|ed|ing)\b|embrac\w*|join(?:s|ed)?\b|highlight\w*|"
     r"prais\w*|commend\w*|hail(?:s|ed|ing)?\b|champion\w*", "support"),
    (r"align\w*", "alignment"), (r"co-?creat\w*|conceptuali[sz]\w*|co-?design\w*", "co-creation"),
    (r"bandwagon\w*", "bandwagon"),
    (r"oppos\w*|reject\w*", "opposition"), (r"s[ck]eptic\w*", "scepticism"), (r"concern\w*|wary|worr\w*", "concern"),
    (r"silen\w*", "silence"), (r"wait[- ]and[- ]see", "wait-and-see"), (r"refus\w*|declin\w* to join", "refusal"),
    (r"hedg\w*", "hedging"), (r"balanc\w*", "balancing"),
]


def _concept_of(table: list[tuple[str, str]]) -> tuple[re.Pattern, Callable[[re.Match], str | None]]:
    # not inside a hyphenated word: "carbon-neutral" is no neutrality
    compiled = [(re.compile(rf"(?<![\w-])(?:{pattern})", re.I), concept) for pattern, concept in table]
    trigger = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p, _ in table) + ")", re.I)

    def concept(match: re.Match) -> str | None:
        for pattern, slug in compiled:  # in the sentence, as a pattern may look ahead of the words it takes
            if pattern.match(match.string, match.start()):
                return slug
        return None

    return trigger, concept


_STRATEGY_TRIGGER, _strategy = _concept_of(STRATEGIES)
_STANCE_TRIGGER, _stance = _concept_of(STANCES)


def _stance_qualifier(match: re.Match, sentence: str) -> dict[str, str]:
    concept = _stance(match)
    return {"stance": concept} if concept else {}


_STATUS = [(r"in force|entered into force|came into effect|took effect", "in-force"),
           (r"preliminary negotiations?", "preliminary-negotiation"), (r"under negotiation|negotiat\w*",
           "negotiating"), (r"reaffirm(?:s|ed|ing)?", "reaffirmed"),
           (r"(?:updat|moderni[sz])(?:es|ed|ing|e)\b", "being-updated"), (r"existing|currently exists?", "existing"),
           (r"under construction|being built|construction of (?:the\s+)?(?:[\w-]+\s+)?(?=[^.;]{0,80}\b(?:is|are)\s+"
            r"(?:now\s+|still\s+)?(?:underway|under way|ongoing|in progress))", "under-construction"),
           (r"completed|finished", "completed"), (r"(?:was|were)\s+(?:also\s+)?(?:constructed|built)", "completed"),
           (r"operational|in operation|opened", "operational"),
           (r"launched|established|set up", "launched"), (r"planned|proposed", "planned"), (r"upgraded", "upgraded"),
           (r"signed", "signed")]
_STATUS_TRIGGER, _status = _concept_of(_STATUS)

_I = re.IGNORECASE
RULES: list[Rule] = [
    Rule("partnership-level", "strategicPartner",
         re.compile(r"\b(?:comprehensive\s+)?(?:strategic\s+)?partnerships?\b(?!\s+(?:agreement|with\s+the))", _I),
         0.75, ("State", "InternationalOrganisation"), ("State", "InternationalOrganisation"),
         qualifiers=_level, time_key="start", needs_time=True),
    Rule("diplomatic-relations", "diplomaticRelation", re.compile(r"\bdiplomatic (?:relations|ties)\b", _I), 0.7,
         time_key="start"),
    Rule("signing", "signed", re.compile(r"\bsign(?:s|ed|ing)?\b|\bconclud(?:ed|es)\b|\bratif\w+", _I), 0.6,
         object_types=("Agreement", "Legislation")),
    Rule("party-to", "partyTo", re.compile(r"\bparty to\b|\bparties to\b|\bsign(?:s|ed|ing|atory|atories)?\b|"
                                            r"\bmembers? of\b|\bjoin(?:s|ed|ing)?\b|\bunder\b", _I), 0.55,
         object_types=("Agreement", "TradeArrangement")),
    Rule("joining", "memberOf", re.compile(r"\bjoin(?:s|ed|ing)?\b|\bmember(?:s|ship)?\b|\baccession\b|\bacced\w+|"
                                            r"\badmitted\b", _I), 0.65,
         object_types=("InternationalOrganisation", "Forum")),
    # "Vietnam was a non-permanent member of the Security Council": the copula names any organisation's member
    Rule("member-copula", "memberOf", re.compile(r"\b(?:is|was|are|were|be|been|became|becomes?|remains?|remained)\s+"
                                                  r"(?:(?:a|an|the)\s+)?(?:(?:founding|full|non-permanent|permanent|"
                                                  r"active|new|elected)\s+)?members?\s+of\b", _I), 0.65,
         object_types=("Organisation",), window=40),
    Rule("withdrawal", "withdrewFrom", re.compile(r"\bwithdr[ae]w\w*|\bpull(?:s|ed)? out\b|\bexit(?:ed)?\b", _I), 0.7),
    Rule("visit", "visited", re.compile(r"\bvisit(?:s|ed|ing)?\b|\btrip\b|\btravel(?:l?ed)? to\b|\btour(?:ed)?\b",
                                        _I), 0.6, object_types=("State", "City", "Province"), needs_time=True),
    Rule("meeting", "metWith", re.compile(r"\bmet\b|\bmeet(?:s|ing)? with\b|\btalks with\b|\bheld talks\b", _I), 0.6,
         subject_types=("Person",), object_types=("Person",), needs_time=True, window=160),
    Rule("financing", "finances", re.compile(r"\bfund(?:s|ed|ing)?\b|\bfinanc\w+|\bloans?\b|\bgrants?\b|"
                                              r"\binvest(?:s|ed|ing|ment)?\b|\bbuil[dt]s?\b", _I), 0.55,
         object_types=("Project", "Programme"), qualifiers=_instrument,
         # "funded Cambodia with a USD 120 million grant": the grant is the verb's means, Cambodia its recipient
         not_after=re.compile(r"\bwith\s+(?:a|an)\s+(?:[\w$.,-]+\s+){0,4}$", _I)),
    Rule("stance", "stanceToward", _STANCE_TRIGGER, 0.5, object_types=("Initiative", "Agreement", "Legislation"),
         qualifiers=_stance_qualifier),
    # "Cambodia gives strategic importance to ASEAN", "Japan attaches great importance to the Accord"
    Rule("importance", "stanceToward", re.compile(r"\b(?:give|gives|gave|given|giving|attach|attaches|attached|"
                                                   r"attaching|place|places|placed|placing)\s+(?:[\w-]+\s+){0,2}?"
                                                   r"(?:importance|priority|emphasis)\s+(?:to|on)\b", _I), 0.5,
         object_types=("State", "InternationalOrganisation", "Forum", "Initiative", "Agreement"),
         qualifiers=lambda match, sentence: {"stance": "support"}, window=60),
    Rule("strategy", "pursuesStrategy", _STRATEGY_TRIGGER, 0.6, subject_types=("State",), concept=_strategy),
    Rule("cooperation", "cooperatesWith", re.compile(r"\bcooperat\w*|\bcollaborat\w*|\bties\b|\brelations?\b|"
                                                      r"\bfriendship\b|"
                                                      r"\bengagement\b|\bwork(?:s|ed|ing)? (?:together|with)\b", _I),
         0.5, ("State", "InternationalOrganisation"), ("State", "InternationalOrganisation", "Forum", "Initiative",
                                                          "Region"), qualifiers=_field, place_after_in=False,
         window=160),  # "work ... through regional mechanisms including A, B and C": partners may come late
    # "a key contributor to UN missions": contributing to what an organisation or a state does is cooperating with
    # it, when it is named right after (not "contributions to the forces of X")
    Rule("contribution", "cooperatesWith", re.compile(r"\bcontribut(?:or|ors|ion|ions|es|ed|ing)?\s+to\s+"
                                                       r"(?=(?:the\s+)?(?-i:[A-Z]))", _I), 0.5,
         ("State", "InternationalOrganisation"), ("State", "InternationalOrganisation")),
    Rule("key-partner", "keyPartner", re.compile(r"\b(?:largest|biggest|main|major|key|top|leading|important|"
                                                  r"significant|closest|principal|second-largest)\s+"
                                                  r"(?:(?!partners?\b)\w+\s+){0,3}(?:partners?|donors?|investors?|"
                                                  r"export markets?|markets?|source)\b", _I), 0.55,
         ("State", "InternationalOrganisation"), ("State", "InternationalOrganisation"), qualifiers=_key_partner_field,
         possessive_subject=True),
    Rule("affiliation", "affiliatedWith", re.compile(r"\b(?:[Dd]irector|[Ff]ellow|[Rr]esearcher|[Pp]rofessor|"
                                                      r"[Ll]ecturer|[Aa]nalyst|[Ss]cholar|[Ff]ounder|[Aa]dvis[eo]r|"
                                                      r"[Ee]ditor|[Pp]resident|[Hh]ead)\b"), 0.6, ("Person",),
         ("Organisation",), all_objects=True),
    Rule("launch-leads", "leads", re.compile(r"\blaunch\w*|\bunveil\w*|\binitiat(?!ives?\b)\w*|\bintroduc\w*|"
                                              r"\bown\w*|\bdr[ae]w(?:s|n)? up\b|\bput(?:s)? forward\b|"
                                              r"\bformulat\w*|\badopt(?:s|ed)?\b", _I),
         0.45, ("State", "InternationalOrganisation"), ("Initiative", "Programme")),
    Rule("reliance", "reliesOn", re.compile(r"\brel(?:y|ies|iance) (?:up)?on\b|\bdepend\w* on\b|\breliant on\b|"
                                            r"\binterdependen(?:ce|t) with\b", _I), 0.6),
    Rule("competition", "competesWith", re.compile(r"\bcompet\w+|\brival\w*|\bcontest\w*|\btrade\s+(?:wars?|disputes?|"
                                                    r"frictions?|tensions?)\b", _I), 0.5,
         ("State", "Initiative"), ("State", "Initiative")),
    Rule("initiative-region", "targetsRegion", re.compile(r"\btoward\w*|\bfocus\w*|\bpivot\w*|\bacross\b|"
                                                           r"\bthroughout\b|\bin the\b|\bto the\b", _I),
         0.5, ("Initiative", "Programme", "Agreement"), ("Region",)),
    Rule("project-initiative", "partOfInitiative", re.compile(r"\bunder\b|\bpart of\b|\bflagship\b|\bmegaprojects?\b|"
                                                               r"\blandmark\b|-linked\b|\bauspices\b", _I), 0.55,
         ("Project", "Programme", "FinancialInstitution"), ("Initiative", "Agreement"), anywhere=True),
    Rule("principle", "adheresTo", re.compile(r"\b(?:principle|uphold\w*|adher\w*|guided by|commit\w*|respect\w*|"
                                               r"motto|policy|mantra|abid\w* by|belief)", _I), 0.6,
         ("State", "Person", "Organisation"), ("Principle",), window=200),
    # "We promote transparency and the rule of law": a verb of advocacy with a principle for its object, its
    # subject near (a clause further on, "defending" may have another subject)
    Rule("principle-verb", "adheresTo", re.compile(r"\b(?:promot(?:e|es|ed|ing)|safeguard(?:s|ed|ing)?|"
                                                    r"defend(?:s|ed|ing)?|champion(?:s|ed|ing)?|stand(?:s|ing)? for|"
                                                    r"stood for|believ(?:e|es|ed|ing) in)\b", _I), 0.55,
         ("State", "Person", "Organisation"), ("Principle",), window=60),
    Rule("announcement", "announced", re.compile(r"\bannounc\w+|\bunveil\w*|\blaunch\w*", _I), 0.55,
         object_types=("Initiative", "Programme", "Project", "Plan", "Agreement")),
    Rule("initiated", "initiated", re.compile(r"\blaunch\w*|\binitiat(?!ives?\b)\w*|\bunveil\w*|\bpropos\w*|"
                                              r"\bintroduc\w*|\bdr[ae]w(?:s|n)? up\b|\bput(?:s)? forward\b", _I),
         0.5, object_types=("Initiative",)),
    Rule("chairing", "chairs", re.compile(r"\bchair\w*", _I), 0.65, ("State", "Person"),
         ("InternationalOrganisation", "Forum", "Event")),
    Rule("participation", "participatedIn", re.compile(r"\battend\w*|\bparticipat\w*|\btook part\b|\bjoin\w*|"
                                                        r"\bat the\b|\bduring\b", _I), 0.5, object_types=("Event",)),
    Rule("negotiation", "negotiates", re.compile(r"\bnegotiat\w+|\btalks on\b", _I), 0.6, object_types=("Agreement",)),
    Rule("sponsorship", "sponsors", re.compile(r"\bco-?sponsor\w*", _I), 0.7, object_types=("Resolution",)),
    Rule("raised-concern", "raisedConcernWith", re.compile(r"\b(?:rais(?:e|es|ed|ing)|voic(?:e|es|ed|ing)|"
                                                        r"express(?:es|ed|ing)?)\s+(?:\w+\s+)?concerns?\s+"
                                                        r"(?:\w+\s+)?with\b", _I), 0.6, window=60),
    Rule("pressure", "pressures", re.compile(r"\bpressur\w+|\bsanction\w*|\bpunitive\b|\bcoerc\w+", _I), 0.55),
    Rule("assistance", "assists", re.compile(r"\bassist(?:s|ed|ing)\b|\btrain(?:s|ed|ing)\b|\bsupport\w* (?:to|for)\b|"
                                             r"\bhelp(?:s|ed|ing)?\b|\b(?:assistance|aid) to\b|"
                                             r"\bsupport(?:s|ed|ing)? (?=(?:the )?(?-i:[A-Z]))|"
                                             # "share its demining expertise with countries in need"
                                             r"\bshar(?:e|es|ed|ing)\s+(?:its|their|his|her)\s+(?:[\w-]+\s+){0,3}?"
                                             r"(?:expertise|experience|know-how|knowledge)\b", _I), 0.5,
         object_types=("State", "InternationalOrganisation", "GovernmentBody")),
    Rule("located", "locatedIn", re.compile(r"\bin\b|\blocated\b|\bbased\b", _I), 0.45,
         ("Project", "City", "Province", "MilitaryBase", "Port", "ResearchInstitute"),
         ("State", "Province", "City", "Region"), window=40),
    Rule("connects", "connects", re.compile(r"\bconnect\w*|\blink\w*|\bbetween\b", _I), 0.55),
    Rule("serves", "serves", re.compile(r"\bsuppl\w+|\bserv\w+|\belectricity to\b|\bpower to\b", _I), 0.55),
    Rule("held-in", "heldIn", re.compile(r"\bin\b|\bheld\b|\bhosted\b", _I), 0.5, object_types=("City", "State"),
         window=40),
    Rule("establishment", "establishes", re.compile(r"\bestablish\w*|\bcreat\w+|\bset up\b", _I), 0.5,
         ("Agreement", "Legislation", "State"), ("Organisation", "Programme", "Project", "SpecialEconomicZone")),
    Rule("complement", "complements", re.compile(r"\bcomplement\w*|\bsynerg\w+|\bconnect\w* with\b|\blink\w*|"
                                                  r"\b(?:enhanc|reinforc|supplement|underpinn?)(?:ed|es|e|s|ing)?\b|"
                                                  r"\bin line with\b|\bconsistent with\b", _I),
         0.5, ("Initiative", "Plan", "Agreement"), ("Initiative", "Plan", "Agreement")),
    Rule("agreement-status", "agreementStatus", _STATUS_TRIGGER, 0.5, ("Agreement",), concept=_status,
         subject_after=True),
    Rule("project-status", "projectStatus", _STATUS_TRIGGER, 0.5, ("Project",), concept=_status, subject_after=True),
    Rule("government-part", "partOf", re.compile(r"\bof\b|['’]s\b|\bunder\b", _I), 0.5,
         ("GovernmentBody", "PeacekeepingMission"), ("State",), window=30),
]


# Relations whose subject, when a state's government, is the state itself
_STATE_RELATIONS = {"adheresTo", "pursuesStrategy"}


@dataclass
class Found:
    """What a rule read off a sentence, before it becomes a candidate."""

    rule: str
    relation: str
    subject: Mention
    object: Mention | str | None
    qualifiers: dict[str, Any] = field(default_factory=dict)
    times: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.5
    span: tuple[int, int] = (0, 0)  # the part of the sentence the statement rests on


class RuleSet:
    """The rules, with the ontology's domains and ranges."""

    def __init__(self, vocabulary: Vocabulary, entities: dict[str, Entity], rules: list[Rule] | None = None,
                 cities: dict[str, str] | None = None, leaders: dict[str, str] | None = None):
        self.vocabulary = vocabulary
        self.cities = cities or {}  # city -> the state it lies in
        self.leaders = leaders or {}  # person -> the state whose offices the graph says they hold
        self.rules = [r for r in (rules if rules is not None else RULES) if r.relation in vocabulary.relations]
        self.offices = [e for e in entities.values() if vocabulary.is_a(e.type, "Office")]
        self.labels = {slug: e.label for slug, e in entities.items()}
        self.state_names = {name.lower(): slug for slug, e in entities.items() if e.type == "State"
                            for name in [e.label, *e.aliases]}
        self.organisation_names = {name.lower(): slug for slug, e in entities.items()
                                   if e.type == "InternationalOrganisation" for name in [e.label, *e.aliases]}
        self.types = {slug: e.type for slug, e in entities.items()}
        self.regions = {name: slug for slug, e in entities.items() if vocabulary.is_a(e.type, "Region")
                        for name in [e.label, *e.aliases] if name}

    def _pairs(self, rule: Rule, relation, sentence: str, subjects: list[Mention], mentions: list[Mention],
               times: list[TimeMention]) -> Iterator[Found]:
        return _pairs_of(self, rule, relation, sentence, subjects, mentions, times)

    def fits(self, mention: Mention, required: str | None, narrowed: tuple[str, ...]) -> bool:
        if required and not self.vocabulary.is_a(mention.type, required):
            return False
        return not narrowed or any(self.vocabulary.is_a(mention.type, t) for t in narrowed)

    def apply(self, sentence: str, mentions: list[Mention], times: list[TimeMention],
              main_actor: Mention | None = None, home: Mention | None = None) -> Iterator[Found]:
        """Every statement the rules read off the sentence.

        ``main_actor`` (the state the document speaks of most) stands for a sentence's subject when the
        sentence starts with "It" or "The country" and names no fitting subject before the trigger; ``home``,
        the state the document names most, is whose office a title with no state most likely is.
        """
        for found in self._apply_all(sentence, mentions, times, main_actor, home):
            yield self._state_for_government(found)

    def _state_for_government(self, found: Found) -> Found:
        """"The Cambodian government adheres to neutrality": a state's government holding a principle or pursuing a
        strategy is the state doing so (its ministries lead plans of their own, so only for these relations)."""
        subject = found.subject
        if found.relation not in _STATE_RELATIONS or subject.type != "GovernmentBody" or \
                not re.search(r"\bgovernment\b", subject.label, re.I):
            return found
        for word in re.findall(r"[A-Z][\w.]*", subject.label):
            slug = self.state_names.get(word.lower()) or self.state_names.get(DEMONYMS.get(word, "").lower())
            if slug:
                state = Mention(slug, "State", self.labels.get(slug, word), subject.start, subject.end, subject.text,
                                demonym=True)
                return replace(found, subject=state)
        return found

    def _apply_all(self, sentence: str, mentions: list[Mention], times: list[TimeMention],
                   main_actor: Mention | None = None, home: Mention | None = None) -> Iterator[Found]:
        fallback = main_actor if main_actor and PRONOUN_START.match(sentence) else None
        mentions = appositions(sentence, mentions)
        for rule in self.rules:
            yield from self._apply_rule(rule, sentence, mentions, times, fallback)
        yield from possessive_leads(sentence, mentions, self)
        yield from positions(sentence, mentions, times, self, main_actor, home)
        yield from agreement_parties(sentence, mentions, self, times)
        yield from offices_of(sentence, mentions, self)
        yield from party_members(sentence, mentions, self)
        yield from organisations_of(sentence, mentions, self)
        yield from units_at(sentence, mentions, self)
        yield from event_participants(sentence, mentions, times, self)
        yield from anniversary_relations(sentence, mentions, times, self)
        yield from regarded_partners(sentence, mentions, self)
        yield from backed_projects(sentence, mentions, self)
        yield from policy_strategies(sentence, mentions, self)
        yield from principled_policies(sentence, mentions, self)
        yield from capitals_of(sentence, mentions, self)
        yield from situated_subjects(sentence, mentions, self)
        yield from possessive_places(sentence, mentions, self)
        yield from named_regions(mentions, self)

    def _apply_rule(self, rule: Rule, sentence: str, mentions: list[Mention], times: list[TimeMention],
                    fallback: Mention | None = None) -> Iterator[Found]:
        relation = self.vocabulary.relations[rule.relation]
        subjects = [m for m in mentions if self.fits(m, relation.domain, rule.subject_types)]
        if fallback is not None and self.fits(fallback, relation.domain, rule.subject_types):
            subjects = [fallback, *subjects]
        if not subjects:
            return
        seen: set[tuple] = set()
        if rule.anywhere:
            yield from self._pairs(rule, relation, sentence, subjects, mentions, times)
            return
        for match in rule.trigger.finditer(sentence):
            if rule.not_after and rule.not_after.search(sentence[:match.start()]):
                continue
            inside = [m for m in mentions if m.start <= match.start() < m.end]
            if inside and not (rule.concept and all(m.slug == rule.concept(match) for m in inside)):
                continue  # the trigger word is part of a name ("Strategic Partnership Agreement"), not the name of
                # the concept itself ("a non-aligned policy" names non-alignment)
            # a status is the noun's own, whatever governs it ("within the Partnership established in 2017")
            subject_group = _nearest_group(subjects, sentence, before=match.start(), window=rule.window,
                                           subject=not relation.symmetric and not rule.subject_after)
            possessor = next((s for s in subjects if _POSSESSED.match(sentence[s.end:match.start()])), None)
            if relation.value_kind == "concept":
                concept = rule.concept(match) if rule.concept else None
                if concept is None:
                    continue
                listed = _SUCH_AS.match(sentence, match.end()) if rule.subject_after else None
                if listed:  # "what currently exists in arrangements such as A and B": the list has the status
                    subject_group = _nearest_group(subjects, sentence, after=listed.end(), window=5) or subject_group
                if rule.subject_after and not subject_group:  # "reaffirmed the Partnership": the verb's object
                    also = re.match(r"\s+and\s+[a-z]+ed\b", sentence[match.end():])  # "reaffirmed and renewed the"
                    subject_group = _nearest_group(subjects, sentence, after=match.end() + (also.end() if also else 0),
                                                   window=12)
                object_groups: list[Mention | str] = [concept]
            else:
                objects = [m for m in mentions if self.fits(m, relation.range, rule.object_types)]
                if not rule.place_after_in:  # "cooperation in the Indo-Pacific": where, not with whom
                    objects = [m for m in objects if not (self.fits(m, None, ("Place",))
                                                          and _IN.search(sentence[:m.start]))]
                if rule.all_objects:
                    object_group = [m for m in objects
                                    if m.start >= match.end() and m.start - match.end() <= rule.window]
                else:
                    object_group = _nearest_group(objects, sentence, after=match.end(), window=rule.window)
                if rule.possessive_subject:
                    if possessor is None:
                        continue  # "X's largest partner" or nothing: whose partner is otherwise a guess
                    # "the EU and the US, which are Cambodia's largest export markets"; "X's biggest partner is Y"
                    others = [o for o in objects if o.slug != possessor.slug]
                    subject_group = [possessor]
                    # "the EU and the US, which are Cambodia's largest markets": the relative clause names the objects
                    relative = _RELATIVE_BE.search(sentence[:possessor.start])
                    object_group = _nearest_group(others, sentence, before=relative.start() if relative
                                                  else possessor.start, window=rule.window) \
                        or _nearest_group(others, sentence, after=match.end(), window=rule.window)
                passive = None if relation.symmetric or rule.possessive_subject else _BY_AGENT.match(sentence,
                                                                                                   match.end())
                if passive:  # "the Partnership launched by the United States": the agent after "by" is the subject
                    agents = _nearest_group(subjects, sentence, after=passive.end(), window=5)
                    if agents:
                        subject_group = agents
                        object_group = _nearest_group(objects, sentence, before=match.start(), window=40)
                if not object_group and subject_group and not relation.symmetric:
                    # "the BUILD Act, which President Trump signed": the relative pronoun's antecedent is the object
                    relative = _OBJECT_RELATIVE.search(sentence[:subject_group[0].start])
                    if relative:
                        object_group = _nearest_group(objects, sentence, before=relative.start(), window=3)
                if relation.symmetric and not subject_group and len(object_group) > 1:
                    subject_group, object_group = object_group[:1], object_group[1:]
                elif relation.symmetric and not object_group and len(subject_group) > 1:
                    subject_group, object_group = subject_group[:1], subject_group[1:]
                object_groups = list(object_group)
            if not subject_group or not object_groups:
                continue
            qualifiers = rule.qualifiers(match, sentence) if rule.qualifiers else {}
            for subject in subject_group:
                for obj in object_groups:
                    if isinstance(obj, Mention) and obj.slug == subject.slug:
                        continue
                    if rule.relation == "visited" and isinstance(obj, Mention) and subject.slug in self.leaders \
                            and self.leaders[subject.slug] == self.cities.get(obj.slug, obj.slug):
                        continue  # a leader's visit is abroad: not to the state (or its city) whose office they hold
                    key = (subject.slug, obj.slug if isinstance(obj, Mention) else obj)
                    if key in seen:
                        continue
                    seen.add(key)
                    ends = [subject.start, subject.end, match.start(), match.end()]
                    if isinstance(obj, Mention):
                        ends += [obj.start, obj.end]
                    # a time right after the object is its own ("another with Japan in 2013")
                    time = (_time_after(times, obj.end) if isinstance(obj, Mention) else None) or \
                        _nearest_time(times, match.start())
                    if rule.needs_time and time is None:
                        continue
                    found_times = {}
                    if time is not None:
                        found_times[rule.time_key if rule.time_key and time.key == "time" else time.key] = time.value
                    confidence = rule.confidence - 0.1 * (subject.demonym + (isinstance(obj, Mention) and obj.new)
                                                          + subject.new)
                    yield Found(rule.name, rule.relation, subject, obj, dict(qualifiers), found_times, confidence,
                                (min(ends), max(ends)))


def _pairs_of(rules: RuleSet, rule: Rule, relation, sentence: str, subjects: list[Mention], mentions: list[Mention],
              times: list[TimeMention]) -> Iterator[Found]:
    match = rule.trigger.search(sentence)
    if match is None:
        return
    objects = [m for m in mentions if rules.fits(m, relation.range, rule.object_types)]
    seen = set()
    for subject in subjects:
        for obj in objects:
            if obj.slug == subject.slug or (subject.slug, obj.slug) in seen:
                continue
            seen.add((subject.slug, obj.slug))
            time = _nearest_time(times, match.start())
            span = (min(subject.start, obj.start, match.start()), max(subject.end, obj.end, match.end()))
            yield Found(rule.name, rule.relation, subject, obj, {}, {time.key: time.value} if time else {},
                        rule.confidence - 0.1 * (subject.new + obj.new), span)


# "the Industrial Development Policy (IDP)": a name, and in brackets right after it, the name's short form
_BRACKET_END = re.compile(r"[^()]{0,15}\)")
_NAME_BEFORE_BRACKET = re.compile(r"(?:[A-Z][\w’'-]*\s+(?:(?:of|on|for|and|the|in)\s+)*){1,8}\($")


def appositions(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """A name and its short form in brackets are one mention, spanning both: "the Master Plan on ASEAN Connectivity
    (MPAC)" names one entity, the one the graph knows when it knows only one of the two forms; a short form found
    without its long name ("the Industrial Development Policy (IDP)") reaches back over it, so lists read on.

    >>> plan = Mention("plan", "Plan", "Master Plan", 4, 15, "Master Plan", new=True)
    >>> mp = Mention("mp", "Plan", "MP", 17, 19, "MP")
    >>> [(m.slug, m.start, m.end) for m in appositions("The Master Plan (MP) works.", [plan, mp])]
    [('mp', 4, 20)]
    >>> idp = Mention("idp", "Plan", "IDP", 44, 47, "IDP")
    >>> [(m.slug, m.start, m.end) for m in appositions("It backs the Industrial Development Policy (IDP).", [idp])]
    [('idp', 13, 48)]
    """
    result: list[Mention] = []
    for mention in mentions:
        closed = _BRACKET_END.match(sentence, mention.end)  # "(CRP)", "(CRP 2020–2025)"
        previous = result[-1] if result else None
        if closed and previous is not None and sentence[previous.end:mention.start] in (" (", "(") and \
                (previous.slug == mention.slug or previous.new != mention.new):
            kept = mention if previous.new else previous
            result[-1] = replace(kept, start=previous.start, end=closed.end())
            continue
        if closed and sentence[mention.start - 1:mention.start] == "(":
            name = _NAME_BEFORE_BRACKET.search(sentence, max(0, (previous.end if previous else 0)), mention.start)
            if name and name.end() == mention.start and not name.group().startswith(("The ", "the ")):
                result.append(replace(mention, start=name.start(), end=closed.end()))
                continue
        result.append(mention)
    return result


def _nearest_group(mentions: list[Mention], sentence: str, *, before: int | None = None, after: int | None = None,
                   window: int = 120, subject: bool = False) -> list[Mention]:
    """The fitting mention nearest the trigger on one side, with the list it ends or starts ("A, B and C").

    Before the trigger a list must end in "and" to be one ("China and Japan, Cambodia's ..." is not); a
    subject is never a name right after a preposition ("ties with China").
    """
    if before is not None:
        side = [m for m in mentions if m.end <= before and not _breaks(sentence[m.end:before])]
        if subject:
            side = [m for m in side if not PREPOSITION.search(sentence[:m.start])
                    or _MEMBERS_FROM.search(sentence[:m.start])]
            # "Singapore Prime Minister Lee": the state says whose minister; the person is the subject
            side = [m for m, n in zip(side, [*side[1:], None], strict=False)
                    if not (n is not None and m.type == "State" and n.type == "Person"
                            and _STATE_TITLE.fullmatch(sentence[m.end:n.start]))]
        if not side or before - side[-1].end > window:  # the nearest must be near; a list may reach further
            return []
        group = [side[-1]]
        anded = False
        for mention in reversed(side[:-1]):
            gap = sentence[mention.end:group[0].start]
            if group[0].type == "Person":  # "A and Prime Minister B", "A and Singapore Prime Minister B"
                gap = _TITLE_BEFORE.sub("", gap)
            if _same_place(mention, group[0]):  # "the two countries": both at one place
                group.insert(0, mention)
                continue
            if _AND.match(gap) and not anded:
                anded = True
            elif not (anded and _COMMA.match(gap)):
                break
            group.insert(0, mention)
        return group
    assert after is not None
    side = [m for m in mentions if m.start >= after and not _CLAUSE_BREAK.search(sentence[after:m.start])]
    if not side or side[0].start - after > window:
        return []
    group = [side[0]]
    for index, mention in enumerate(side[1:], start=2):
        gap = sentence[group[-1].end:mention.start]
        if _same_place(mention, group[-1]):
            group.append(mention)
            continue
        if _AND.match(gap) or _ANOTHER.match(gap) or _AND_OF.match(gap):
            group.append(mention)
            following = side[index] if index < len(side) else None
            # "the bridge and the renovation of Roads 1 and 5": an "and" inside the part after an "and of"
            inner_and = following is not None and _AND_OF.match(gap) and \
                _AND.match(sentence[mention.end:following.start])
            if not (_INCLUDING.match(sentence[mention.end:]) or inner_and):
                break
            continue
        if not (_COMMA.match(gap) or _INCLUDING.fullmatch(gap)):  # "X, including Y and Z": the list goes on
            break
        group.append(mention)
    return group


# "bilateral ties, which have been upgraded ...": the relative clause speaks of the noun phrase just before it
_RELATIVE_AFTER = re.compile(r"^(?:['’]s?)?(?:\s+as\s+(?:a|an|the)(?:\s+[a-z][\w-]*){1,2}|"
                             r"(?:\s+(?!and\b|or\b)[a-z][\w-]*){0,2})\s*,?\s*(?:which|who)\b")


# "three ships from the Navy visited": the people or ships an actor sends act for it
_MEMBERS_FROM = re.compile(r"\b(?:ships|vessels|warships|aircraft|troops|soldiers|officers|officials|delegates|"
                           r"delegations?|representatives|envoys|diplomats|ministers|personnel|units)\s+from\s+"
                           r"(?:the\s+)?$", re.I)
# A title between a state or "and" and the person who holds it
_TITLE_WORDS = (r"(?:(?:Deputy|Vice|Former|Acting)\s+)?(?:Prime Minister|President|Foreign Minister|Minister|Secretary"
                r"(?: of State| of Defen[cs]e)?|General Secretary|Secretary-General|King|Queen|Premier|Chancellor|"
                r"Ambassador|Senator|Governor)")
_STATE_TITLE = re.compile(rf"(?:['’]s)?\s+{_TITLE_WORDS}\s+")
_TITLE_BEFORE = re.compile(rf"(?<=\s)(?:[A-Z][\w.]*\s+)?{_TITLE_WORDS}\s+$")  # "and [Singapore] Prime Minister "


def _breaks(gap: str) -> bool:
    """Whether a clause ends in ``gap``, the words between a name and a trigger after it; a relative clause that
    starts right after the name (or its noun phrase) goes on speaking of it.

    >>> _breaks(" ties, which have been upgraded to a "), _breaks(" and Japan, which have ")
    (False, True)
    >>> _breaks(" as a trusted partner who has helped ")  # "X views Y as a partner who ...": Y is the subject
    False
    """
    relative = _RELATIVE_AFTER.match(gap)
    return bool(_CLAUSE_BREAK.search(gap[relative.end():] if relative else gap))


# "the construction of A and the renovations of B": a list of works on named things
_AND_OF = re.compile(r"^\s*\)?\s*(?:\([^)]{1,40}\))?\s*,?\s*and\s+(?:the\s+)?"
                     r"(?:[a-z]+(?:tions?|ments?|ings?|als?))\s+of\s+(?:the\s+)?$")
# "the Vision 2025, including A and B": the list goes on over the names it includes
_INCLUDING = re.compile(r"\s*(?:\d{4}\s*)?(?:\([^)]{1,20}\))?\s*,?\s*(?:including|such as|particularly|notably|"
                        r"in particular|especially)\s+(?:the\s+)?", re.I)
_SUCH_AS = re.compile(r"[^.;:]{0,80}?\b(?:such as|including|like|namely)\s+(?:the\s+)?", re.I)
_IN = re.compile(r"\b(?:in|across|throughout|within)\s+(?:the\s+)?(?:wider\s+|broader\s+)?$", re.I)
_OBJECT_RELATIVE = re.compile(r",?\s*\b(?:which|that|whom)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,3}$")
_BY_AGENT = re.compile(r"\s+(?:\w+\s+)?by\s+(?:the\s+)?")  # "launched (jointly) by the ..."


def _same_place(one: Mention, other: Mention) -> bool:
    """Two actors one phrase names ("the two countries"): a pair, as if joined by "and"."""
    return one.start == other.start and one.end == other.end and one.slug != other.slug


def _time_after(times: list[TimeMention], at: int) -> TimeMention | None:
    """A time that follows right after ``at`` ("Japan in 2013"), if any."""
    return next((t for t in times if 0 <= t.start - at <= 4), None)


def _nearest_time(times: list[TimeMention], at: int) -> TimeMention | None:
    return min(times, key=lambda t: abs(t.start - at)) if times else None


_POSSESSIVE = re.compile(r"^\s*(?:['’]s?|-led|-backed)\s+(?:(?:own|new|flagship|grand|ambitious)\s+)*$", re.I)


def possessive_leads(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"China's BRI", "Japan-led initiative": the actor leads the initiative."""
    relation = rules.vocabulary.relations.get("leads")
    if relation is None:
        return
    for left, right in zip(mentions, mentions[1:], strict=False):
        if not (rules.fits(left, relation.domain, ("State", "InternationalOrganisation"))
                and rules.fits(right, relation.range, ("Initiative", "Programme"))):
            continue
        if _POSSESSIVE.match(sentence[left.end:right.start]) or (left.demonym and not
                                                                   sentence[left.end:right.start].strip()):
            yield Found("possessive-leads", "leads", left, right, confidence=0.75 - 0.1 * left.demonym,
                        span=(left.start, right.end))
    for initiative in mentions:  # "Cambodia's Defence Policy (2022)": the owner is in the name
        named = re.match(r"([A-Z][\w .-]*?)['’]s\s", initiative.text)
        slug = rules.state_names.get(named.group(1).lower()) if named else None
        if slug and named and rules.fits(initiative, relation.range, ("Initiative", "Programme", "Plan")):
            state = Mention(slug, "State", rules.labels.get(slug, named.group(1)), initiative.start,
                            initiative.start + len(named.group(1)), named.group(1))
            yield Found("possessive-leads", "leads", state, initiative, confidence=0.7,
                        span=(initiative.start, initiative.end))
    actors = [m for m in mentions if rules.fits(m, relation.domain, ("State", "InternationalOrganisation"))]
    # "ASEAN's initiatives such as the MPAC, the AOIP and ...": the owner leads each one listed
    owners = [m for m in mentions if rules.fits(m, relation.domain, ("State", "InternationalOrganisation",
                                                                     "GovernmentBody"))]
    initiatives = [m for m in mentions if rules.fits(m, relation.range, ("Initiative", "Programme", "Plan"))]
    for owner in owners:
        kinds = _OWN_KINDS.match(sentence[owner.end:])
        if kinds is None:
            continue
        for initiative in _nearest_group(initiatives, sentence, after=owner.end + kinds.end(), window=5):
            yield Found("possessive-list-leads", "leads", owner, initiative, confidence=0.6,
                        span=(owner.start, initiative.end))
    for initiative in initiatives:
        # "The ministry announced that its largest trade mission, Trade Winds, ...": the clause's subject owns it
        pronoun = _PRONOUN_OWN.search(sentence, 0, initiative.start)
        opening = _OPENING_ITS.match(sentence[:initiative.start])
        if pronoun is None and opening is None:
            continue
        found = _nearest_group(owners, sentence, before=pronoun.start(), window=60, subject=True) if pronoun else []
        if not found and opening:  # "Under its FOIP and the Mekong Initiative, Tokyo has funded": the subject after
            comma = sentence.find(",", initiative.end)
            found = _nearest_group(owners, sentence, after=comma + 1, window=6)[:1] if comma >= 0 else []
        for owner in found:
            yield Found("pronoun-leads", "leads", owner, initiative, confidence=0.55,
                        span=(min(owner.start, initiative.start), max(owner.end, initiative.end)))
    for initiative in mentions:
        if not rules.fits(initiative, relation.range, ("Initiative", "GrandStrategy")):
            continue
        if re.match(r"\s*(?:of|by)\s", sentence[initiative.end:]):
            for actor in _nearest_group(actors, sentence, after=initiative.end, window=20):
                yield Found("initiative-of", "leads", actor, initiative, confidence=0.6,
                            span=(initiative.start, actor.end))


_PRONOUN_OWN = re.compile(r"\b(?:its|their)\s+(?:(?:own|new|flagship)\s+)?(?:[a-z][\w-]*\s+){0,3}?"
                          r"(?:[a-z][\w-]*,\s+)?(?:the\s+)?$")
_OPENING_ITS = re.compile(r"^[•·*\s-]*(?:Under|Through|Via|Within|With|In line with)\s+(?:its|their)\s+"
                          r"(?:[^,]{0,60}?\s+and\s+)?(?:the\s+)?$")
_OWN_KINDS = re.compile(r"^['’]s?\s+(?:[\w-]+\s+){0,3}(?:initiatives|policies|strategies|plans|programmes|programs|"
                        r"frameworks|projects)\s*,?\s+(?:such as|including|like|namely)\s+(?:the\s+)?", re.I)


_OFFICE_TITLE = re.compile(r"((?:Deputy |Vice )?(?:Prime Minister|Foreign Minister|Minister of [A-Z][\w ]+?|"
                           r"President|King|Secretary of State|Defen[cs]e Minister|Ambassador|General Secretary))",
                           re.I)


# Titles every state has: with no state named, the holder most likely holds the document's own state's office
_COMMON_TITLES = {"president", "vice president", "prime minister", "deputy prime minister", "foreign minister",
                  "defence minister", "defense minister", "king", "premier", "general secretary"}
_SAME_OFFICE = {"foreign minister": ("minister for foreign affairs", "minister of foreign affairs"),
                "premier": ("prime minister",)}
# Between a state and a title: nothing, or a possessive ("Japan's Prime Minister")
_STATE_BEFORE_TITLE = re.compile(r"(?:['’]s)?\s*")


def _office_fits(label: str, title: str, state: Mention | None) -> bool:
    """Whether an office's label is the title's office (of the state, when one is named): "Prime Minister of
    Japan", "United States Secretary of State".

    >>> _office_fits("United States Secretary of State", "secretary of state", None)
    True
    >>> _office_fits("Vice President of the United States", "president", None)
    False
    >>> _office_fits("United States Deputy Secretary of State", "secretary of state", None)
    False
    """
    label = label.lower()
    titles = (title, *_SAME_OFFICE.get(title, ()))
    # "Secretary of State" is not "Deputy Secretary of State": a rank before the title makes another office
    if not any(label.startswith(f"{t} of ") or re.search(rf"(?<!deputy)(?<!vice)(?<!under)(?<!assistant) {t}$", label)
               for t in titles):
        return False
    return state is None or state.label.lower() in label


def positions(sentence: str, mentions: list[Mention], times: list[TimeMention], rules: RuleSet,
              main_actor: Mention | None = None, home: Mention | None = None) -> Iterator[Found]:
    """"Cambodian Prime Minister Hun Manet": the person holds the office whose label has the title and the state.

    Without a state before the title, the state is the one :func:`_state_of_holder` reads off the sentence (the
    graph's word for the person, a visit, two holders of one title), else ``home`` (the state the document names
    most). Then the office is that state's when the graph has it; else a title only one office has ("Secretary of
    State"); else, for a title every state has ("President"), a new office of that state, with the statement that
    it is that state's (at a lower confidence).
    """
    relation = rules.vocabulary.relations.get("holdsPosition")
    if relation is None:
        return
    offices = [m for m in mentions if rules.fits(m, relation.range, ())]
    people = [m for m in mentions if rules.fits(m, relation.domain, ())]
    home = home or main_actor
    titled: list[tuple[Mention, re.Match, int, Mention | None]] = []  # person, title, where it starts, state before
    for person in people:
        before = sentence[max(0, person.start - 60):person.start]
        for office in offices:  # an office named just before the person
            if 0 <= person.start - office.end <= 3:
                yield _position(person, office, times, 0.8)
        title = re.search(_OFFICE_TITLE.pattern + r"\s*$", before, re.I)
        if title is None or any(0 <= person.start - o.end <= 3 for o in offices):
            continue
        at = person.start - len(title.group(0))
        state = next((m for m in reversed(mentions) if m.type == "State" and m.end <= at
                      and _STATE_BEFORE_TITLE.fullmatch(sentence[m.end:at])), None)  # not "in Vietnam, President X"
        titled.append((person, title, at, state))
    for person, title, at, state in titled:
        name = re.sub(r"\s+", " ", title.group(1).lower())
        owner = state
        if state is None:
            same = [p for p, t, _, s in titled if s is None and re.sub(r"\s+", " ", t.group(1).lower()) == name]
            owner = _state_of_holder(sentence, person, same, mentions, rules, home)
            if owner is _NO_STATE:
                continue  # not the home state's, and no other state the sentence names for sure: no guess
        if owner is not None and owner is not home and owner.type == "State":
            rules.leaders.setdefault(person.slug, owner.slug)  # the document's word for later titles of the person
        fitting = [e for e in rules.offices if _office_fits(e.label, name, state)]
        if state is None and owner is not None and owner.type == "State":
            own = [e for e in fitting if _office_fits(e.label, name, owner)]
            fitting = own or ([] if name in _COMMON_TITLES else fitting)
        text = title.group(0).strip()
        if len(fitting) == 1:  # without a state, only a title that names one office
            entity = fitting[0]
            office = Mention(entity.slug, entity.type, entity.label, at, at + len(text), text)
            yield _position(person, office, times, 0.7 if state else 0.5)
        elif not fitting and state is None and owner is not None and owner.type == "State" and \
                name in _COMMON_TITLES and \
                "Office" in rules.vocabulary.classes:
            label = f"{title.group(1).strip()} of {owner.label}"
            office = Mention(new_slug(label), "Office", label, at, at + len(text), text, new=True)
            yield _position(person, office, times, 0.4)
            yield Found("office-of-state", "officeOf", office, owner, confidence=0.4, span=(at, person.start))


# "Prime Minister X's visit to Hanoi", "President X visited Tokyo": the person came from elsewhere
_VISIT_AFTER = re.compile(r"^(?:['’]s?\s+(?:[\w-]+\s+)?(?:visit|trip|tour)\s+to|\s+(?:visited|visits|travell?ed to|"
                          r"arrived in|flew to))\s+(?:the\s+)?$", re.I)


def _state_of_holder(sentence: str, person: Mention, same: list[Mention], mentions: list[Mention], rules: RuleSet,
                     home: Mention | None) -> Mention | None:
    """Whose office a title with no state before it is ("President X"): the state the graph says the person holds
    offices of; else, when the person visits the home state (or a city of it), the one other state the sentence
    names; else, for two holders of one title after two states joined by "and" ("A and B upgraded ties when Prime
    Minister X and Prime Minister Y met"), the state in the same place of the pair, or the other one when the graph
    knows the other holder's; else ``home``. ``_NO_STATE`` when the person is not of the home state and no other
    state is certain.

    >>> sentence = "Peru and Vietnam met as President Ana X's visit to Hanoi ended."
    >>> peru, vietnam, x, hanoi = [Mention(name.lower(), kind, name, sentence.find(name),
    ...                                    sentence.find(name) + len(name), name)
    ...                            for name, kind in [("Peru", "State"), ("Vietnam", "State"), ("Ana X", "Person"),
    ...                                               ("Hanoi", "City")]]
    >>> rules = RuleSet(None, {}, [], cities={"hanoi": "vietnam"})
    >>> _state_of_holder(sentence, x, [x], [peru, vietnam, x, hanoi], rules, vietnam).slug
    'peru'
    """
    states = [m for m in mentions if m.type == "State" and not m.demonym]
    distinct = list({m.slug: m for m in states}.values())

    def state(slug: str) -> Mention:
        named = next((m for m in distinct if m.slug == slug), None)
        return named or Mention(slug, "State", rules.labels.get(slug, slug), person.start, person.end, person.text)

    known = rules.leaders.get(person.slug)
    if known:
        return state(known)
    visited = next((m for m in mentions if m.start >= person.end and _VISIT_AFTER.match(sentence[person.end:m.start])),
                   None)
    visited_state = None
    if visited is not None:  # a state, a city the graph places, or a capital the document adds
        visited_state = visited.slug if visited.type == "State" else rules.cities.get(visited.slug) or \
            rules.state_names.get(capitals().get(visited.label, "").lower())
    if home is not None and visited_state == home.slug:
        others = [m for m in distinct if m.slug != home.slug]
        return others[0] if len(others) == 1 else _NO_STATE
    if len(same) == 2 and len(distinct) == 2:
        other = same[1 - same.index(person)]
        if rules.leaders.get(other.slug) in {d.slug for d in distinct}:
            return next(d for d in distinct if d.slug != rules.leaders[other.slug])
        pair = next(((a, b) for a, b in zip(states, states[1:], strict=False) if a.slug != b.slug
                     and _AND.match(sentence[a.end:b.start]) and b.end < same[0].start), None)
        if pair:  # "A and B ... Prime Minister X and Prime Minister Y": each in the same place
            return pair[same.index(person)]
    return home


_NO_STATE = Mention("", "State", "", 0, 0, "")  # no state is certain


_AT_EVENT = re.compile(r"\b(?:At|During|On the sidelines of|On the margins of|Attending)\s+(?:the\s+)?$", re.I)


def event_participants(sentence: str, mentions: list[Mention], times: list[TimeMention],
                       rules: RuleSet) -> Iterator[Found]:
    """"At the East Asia Summit, the United States co-sponsored ...": the clause's subjects took part in the event."""
    relation = rules.vocabulary.relations.get("participatedIn")
    if relation is None:
        return
    actors = [m for m in mentions if rules.fits(m, relation.domain, ())]
    for event in mentions:
        if not _AT_EVENT.search(sentence[:event.start]):
            continue
        if event.new and event.type == "Forum" and "Meeting" in rules.vocabulary.classes:
            # "At the Harbour Business Forum in July, X announced": a forum the document adds, met at, is a meeting
            event = replace(event, type="Meeting")
        if not rules.fits(event, relation.range, ()):
            continue
        comma = sentence.find(",", event.end)
        if comma < 0 or comma - event.end > 40:
            continue
        for actor in _nearest_group(actors, sentence, after=comma + 1, window=40):
            time = _nearest_time(times, event.start)
            yield Found("at-event", "participatedIn", actor, event, times={time.key: time.value} if time else {},
                        confidence=0.6, span=(event.start, actor.end))


def organisations_of(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Australia's Department of Foreign Affairs", "the U.S. Trade and Development Agency": a body of that actor."""
    relation = rules.vocabulary.relations.get("partOf")
    if relation is None:
        return
    for index, body in enumerate(mentions):
        if not rules.fits(body, relation.domain, ()) or rules.fits(body, None, ("InternationalOrganisation",)):
            continue
        owner = None
        previous = mentions[index - 1] if index else None
        if previous is not None and rules.fits(previous, relation.range, ("State", "Organisation")) \
                and re.fullmatch(r"['’]s\s+(?:the\s+)?|\s+", sentence[previous.end:body.start]):
            owner = previous
        elif body.new or rules.fits(body, None, ("GovernmentBody",)):
            # "the U.S. Trade and Development Agency", "Royal Cambodian Armed Forces": a state or demonym in the name
            for word in re.finditer(r"[A-Z][\w.]*", body.text):
                name = word.group().lower()
                slug = rules.state_names.get(name) or rules.state_names.get(name.rstrip(".")) or \
                    rules.state_names.get(DEMONYMS.get(word.group(), "").lower())
                if slug:
                    at = body.start + word.start()
                    owner = Mention(slug, "State", rules.labels.get(slug, word.group()), at, at + len(word.group()),
                                    word.group())
                    break
        if owner is not None and owner.slug != body.slug:
            yield Found("body-of", "partOf", body, owner, confidence=0.6,
                        span=(min(owner.start, body.start), body.end))


_UNIT_KINDS = ("ResearchInstitute", "GovernmentBody")


def units_at(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"the Centre for Ports at the Velmar Institute": an institute, body or firm "at" another is a unit of it."""
    relation = rules.vocabulary.relations.get("partOf")
    if relation is None:
        return
    for unit, whole in zip(mentions, mentions[1:], strict=False):
        if unit.slug != whole.slug and re.fullmatch(r"\s+at\s+(?:the\s+)?", sentence[unit.end:whole.start]) and \
                all(rules.fits(m, relation.domain, _UNIT_KINDS) for m in (unit, whole)):
            yield Found("unit-at", "partOf", unit, whole, confidence=0.6, span=(unit.start, whole.end))


def party_members(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Hun Sen's Cambodian People's Party": the person is a member of the party."""
    for left, right in zip(mentions, mentions[1:], strict=False):
        if left.type == "Person" and right.type == "PoliticalParty" and \
                re.fullmatch(r"['’]s\s+", sentence[left.end:right.start]):
            yield Found("possessive-party", "memberOf", left, right, confidence=0.7, span=(left.start, right.end))


def offices_of(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """An office the document adds, named "<title> of <state>", belongs to that state."""
    for office in mentions:
        if office.type != "Office" or not office.new:  # an office the graph has has its state already
            continue
        state_name = office.label.rsplit(" of ", 1)[-1].lower() if " of " in office.label else ""
        slug = rules.state_names.get(state_name)
        if slug:
            state = Mention(slug, "State", rules.labels.get(slug, state_name), office.start, office.end, office.text)
            yield Found("office-of-state", "officeOf", office, state, confidence=0.6, span=(office.start, office.end))


def _position(person: Mention, office: Mention, times: list[TimeMention], confidence: float) -> Found:
    time = _nearest_time(times, person.start)
    return Found("position-title", "holdsPosition", person, office, times={"time": time.value} if time else {},
                 confidence=confidence, span=(min(office.start, person.start), max(office.end, person.end)))


_PARTNERSHIP_NAME = re.compile(r"\b(?:Comprehensive\s+)?Strategic\s+(?:Cooperative\s+)?Partnership$|"
                               r"\bComprehensive\s+Partnership$")
_BETWEEN = re.compile(r"^\s*(?:\([^)]{1,20}\)\s*)?,?\s*(?:signed\s+|concluded\s+)?between\s+(?:the\s+)?")


def agreement_parties(sentence: str, mentions: list[Mention], rules: RuleSet,
                      times: list[TimeMention] | None = None) -> Iterator[Found]:
    """"The Cambodia-South Korea Free Trade Agreement": the states its name joins are parties to it; "the
    U.S.-ASEAN Summit": the states and organisations its name joins took part in it."""
    for relation_name, kind, rule in (("partyTo", "Agreement", "agreement-name-parties"),
                                      ("participatedIn", "Event", "event-name-participants")):
        relation = rules.vocabulary.relations.get(relation_name)
        if relation is None:
            continue
        for mention in mentions:
            if not rules.fits(mention, None, (kind,)):
                continue
            between = _BETWEEN.match(sentence[mention.end:])
            if between and kind == "Agreement":  # "the Mutual Defense Treaty between the Philippines and the US"
                actors = [m for m in mentions if rules.fits(m, relation.domain, ("State", "Organisation"))]
                parties = _nearest_group(actors, sentence, after=mention.end + between.end(), window=20)
                if len(parties) > 1:
                    for party in parties:
                        yield Found("agreement-between", relation_name, party, mention, confidence=0.65,
                                    span=(mention.start, parties[-1].end))
            joined = re.match(r"(?:\d+\w*\s+)?([A-Z][\w.]*(?:[-–—/][A-Z][\w.]*)+)(?=\s)", mention.text)
            head = joined.group(1) if joined else \
                re.split(r"\s+(?:Free|Comprehensive|Strategic|Economic|Trade|Agreement|Treaty)", mention.text)[0]
            names = [n.strip() for n in re.split(r"[-–—/]| and ", head) if n.strip()]
            if joined and names:  # "Cambodia-South Korea Free Trade Agreement": the last name may go on past a space
                words = mention.text[mention.text.find(joined.group(1)) + len(joined.group(1)):].split()
                longer = [" ".join([names[-1], *words[:n]]) for n in (2, 1)]
                names[-1] = next((n for n in longer if n.lower() in rules.state_names), names[-1])
            if len(names) < 2 or (kind == "Event" and not joined):
                continue
            time = _nearest_time(times or [], mention.start) if kind == "Event" else None
            parties = []
            for name in names:
                slug = rules.state_names.get(name.lower()) or rules.organisation_names.get(name.lower())
                if slug:
                    parties.append(Mention(slug, rules.types[slug], rules.labels.get(slug, name), mention.start,
                                           mention.end, name))
            level = _PARTNERSHIP_NAME.search(mention.text) if kind == "Agreement" else None
            if level and len(parties) == 2 and "strategicPartner" in rules.vocabulary.relations:
                # "the U.S.-Indonesia Strategic Partnership": the two are strategic partners, as well as its parties
                yield Found("partnership-name", "strategicPartner", parties[0], parties[1],
                            _level(level, mention.text), confidence=0.65, span=(mention.start, mention.end))
            for party in parties:
                yield Found(rule, relation_name, party, mention, times={time.key: time.value} if time else {},
                            confidence=0.7 if kind == "Agreement" else 0.6, span=(mention.start, mention.end))


_REGARDS = re.compile(r"\s+(?:also\s+)?(?:views?|viewed|sees|saw|considers?|considered|regards?|regarded|counts?|"
                      r"treats?)\s+$", re.I)
_AS_PARTNER = re.compile(r"^\s+as\s+(?:among\s+|one\s+of\s+)?(?:its|their|his|her|a|an|the)\s+(?:most\s+)?"
                         r"(?:important|key|main|major|closest|largest|biggest|top|leading|significant|reliable|"
                         r"principal|strategic|trusted)\s+(?:[\w-]+\s+){0,2}?(?:partners?|allies|ally|friends?|donors?|"
                         r"investors?)\b", re.I)


def regarded_partners(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Cambodia views China and Japan as its most important partners": the viewer's key partners."""
    relation = rules.vocabulary.relations.get("keyPartner")
    if relation is None:
        return
    actors = [m for m in mentions if rules.fits(m, relation.domain, ("State", "InternationalOrganisation"))]
    for viewer in actors:
        verb = None
        for other in actors:  # the verb right after the viewer, then the partners it names
            if other.start > viewer.end and _REGARDS.match(sentence[viewer.end:other.start]):
                verb = other.start
                break
        if verb is None:
            continue
        partners = _nearest_group(actors, sentence, after=verb, window=5)
        if partners and _AS_PARTNER.match(sentence[partners[-1].end:]):
            for partner in partners:
                if partner.slug != viewer.slug:
                    yield Found("regarded-partner", "keyPartner", viewer, partner, {"field": "economic"},
                                confidence=0.6, span=(viewer.start, partners[-1].end))


_BACKED_BEFORE = re.compile(BACKED + r"\s+$")
# "X, which was built under Chinese aid", "X, constructed with Japanese loans": the backer after the project
_AID_AFTER = re.compile(r"[^.;]{0,40}?\b(?:constructed|built|financed|funded|developed)\s+(?:\w+\s+)?"
                        r"(?:under|with|through|by)\s+(?:the\s+)?([A-Z][\w.]*)\s+(?:aid|loans?|grants?|funding|"
                        r"financing|investment|assistance)\b")


def backed_projects(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"the Chinese-invested Sihanoukville SEZ", "a Japan-funded bridge": that state finances the project."""
    relation = rules.vocabulary.relations.get("finances")
    if relation is None:
        return
    for project in mentions:
        if not rules.fits(project, relation.range, ("Project", "Programme", "SpecialEconomicZone")):
            continue
        aid = _AID_AFTER.match(sentence, project.end)
        if aid:  # "the dam, which was constructed under Chinese aid": that state finances it
            slug = rules.state_names.get(aid.group(1).lower()) or \
                rules.state_names.get(DEMONYMS.get(aid.group(1), "").lower())
            if slug:
                state = Mention(slug, "State", rules.labels.get(slug, aid.group(1)), aid.start(1), aid.end(1),
                                aid.group(1), demonym=True)
                yield Found("aid-of", "finances", state, project, {"instrument": _instrument(aid, "")
                            .get("instrument", "aid")}, confidence=0.55, span=(project.start, aid.end()))
        backer = _BACKED_BEFORE.search(sentence[:project.start])
        if backer is None:
            continue
        word = backer.group(1)
        slug = rules.state_names.get(word.lower()) or rules.state_names.get(DEMONYMS.get(word, "").lower())
        if slug:
            state = Mention(slug, "State", rules.labels.get(slug, word), backer.start(1), backer.end(1), word,
                            demonym=True)
            yield Found("backed-project", "finances", state, project, {"instrument": "investment"}
                        if "invest" in backer.group(0) else {}, confidence=0.6, span=(backer.start(), project.end))


_OWN_POLICY = re.compile(r"^['’]s?\s+(?:[\w-]+\s+){0,2}?(?:foreign|economic|defen[cs]e|security|external)\s+"
                         r"(?:policy|policies|strategy|diplomacy)\b", re.I)


def policy_strategies(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Economic diplomacy will take centre stage in Cambodia's foreign policy": the state whose policy the sentence
    names pursues the strategy it names, wherever the strategy's word is (also when the word names the strategy as a
    principle: "its non-aligned foreign policy")."""
    relation = rules.vocabulary.relations.get("pursuesStrategy")
    if relation is None:
        return
    owners = [m for m in mentions if m.type == "State" and _OWN_POLICY.match(sentence[m.end:])]
    if len(owners) != 1:  # two states' policies: whose strategy it is is a guess
        return
    owner = owners[0]
    for match in _STRATEGY_TRIGGER.finditer(sentence):
        concept = _strategy(match)
        if concept and not any(m.start <= match.start() < m.end and m.slug != concept for m in mentions):
            yield Found("policy-strategy", "pursuesStrategy", owner, concept, confidence=0.55,
                        span=(min(owner.start, match.start()), max(owner.end, match.end())))


_POLICY_AFTER = re.compile(r"^\s+(?:(?:foreign|external|security|defen[cs]e)\s+)?(?:policy|policies|stance|posture)\b",
                           re.I)


def principled_policies(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Norland's effort to exercise a neutral and non-aligned foreign policy": principles that qualify a policy are
    what the state whose policy it is (the actor named nearest before them) adheres to."""
    relation = rules.vocabulary.relations.get("adheresTo")
    if relation is None:
        return
    principles = [m for m in mentions if rules.fits(m, relation.range, ("Principle",))]
    actors = [m for m in mentions if rules.fits(m, relation.domain, ("State",))]
    for last in principles:
        if not _POLICY_AFTER.match(sentence[last.end:]):
            continue
        group = _nearest_group(principles, sentence, before=last.end, window=0)
        owner = _nearest_group(actors, sentence, before=group[0].start, window=60, subject=True)
        for actor in owner[-1:]:
            for principle in group:
                yield Found("principled-policy", "adheresTo", actor, principle, confidence=0.55,
                            span=(actor.start, last.end))


_ANNIVERSARY = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\s+(?:the\s+)?(?:establishment\s+of\s+)?"
                          r"(?:(?P<pair>[^,;]{0,40}?)\s+)?(?:diplomatic\s+|bilateral\s+)?(?:relations|ties)\b"
                          r"(?:\s+between\s+)?", re.I)


def anniversary_relations(sentence: str, mentions: list[Mention], times: list[TimeMention],
                          rules: RuleSet) -> Iterator[Found]:
    """"the 70th anniversary of Norland-Sudria relations in 2022", "the 30th anniversary of diplomatic ties between
    A and B": the two have had diplomatic relations since the year the ordinal counts back to."""
    relation = rules.vocabulary.relations.get("diplomaticRelation")
    if relation is None:
        return
    actors = [m for m in mentions if rules.fits(m, relation.domain, ("State", "InternationalOrganisation"))]
    for match in _ANNIVERSARY.finditer(sentence):
        start = match.start("pair") if match.group("pair") else match.end()
        pair = _nearest_group(actors, sentence, after=start, window=3)
        if len(pair) != 2 or pair[0].slug == pair[1].slug:
            continue
        time = _time_after(times, match.end()) or next((t for t in times if t.start > match.end()
                                                        and t.start - match.end() < 30), None)
        year = re.match(r"\d{4}", time.value) if time else None
        begun = {"start": str(int(year.group()) - int(match.group(1)))} if year else {}
        yield Found("anniversary-relations", "diplomaticRelation", pair[0], pair[1], times=begun, confidence=0.6,
                    span=(match.start(), max(pair[1].end, match.end())))


def named_regions(mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"The Indo-Pacific Transparency Initiative": an initiative or programme named after a region targets it."""
    relation = rules.vocabulary.relations.get("targetsRegion")
    if relation is None:
        return
    for mention in mentions:
        if not rules.fits(mention, relation.domain, ("Initiative", "Programme")):
            continue
        for name, slug in rules.regions.items():
            if name != mention.label and slug != mention.slug and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])",
                                                                            mention.label):
                region = Mention(slug, rules.types[slug], rules.labels.get(slug, name), mention.start, mention.end,
                                 name)
                yield Found("region-in-name", "targetsRegion", mention, region, confidence=0.5,
                            span=(mention.start, mention.end))


_SITUATED = re.compile(r"^[•·*\s-]*(?:Sitting|Situated|Located|Lying|Nestled)\s+(?:at|in)\s+(?:the\s+)?"
                       r"(?:(?:heart|centre|center|middle|crossroads)\s+of\s+(?:the\s+)?)?$", re.I)


def situated_subjects(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Sitting at the heart of Southeast Asia, Norland will ...": an opening participle places the clause's subject."""
    relation = rules.vocabulary.relations.get("locatedIn")
    if relation is None:
        return
    for place, subject in zip(mentions, mentions[1:], strict=False):
        gap = sentence[place.end:subject.start]
        if _SITUATED.match(sentence[:place.start]) and re.fullmatch(r"\s*,\s*(?:the\s+)?", gap) \
                and rules.fits(place, relation.range, ("State", "Region", "Province", "City")) \
                and rules.fits(subject, relation.domain, ()) and subject.slug != place.slug:
            yield Found("situated", "locatedIn", subject, place, confidence=0.6, span=(place.start, subject.end))


_CAPITAL_OF = re.compile(r"^,\s+(?:the\s+)?$")


def capitals_of(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Phnom Penh, Cambodia's capital", "Cambodia's capital, Phnom Penh": the city lies in the state."""
    for left, right in zip(mentions, mentions[1:], strict=False):
        gap = sentence[left.end:right.start]
        city, state = (left, right) if left.type == "City" else (right, left)
        if city.type != "City" or state.type != "State":
            continue
        if (city is left and _CAPITAL_OF.match(gap) and re.match(r"^['’]s\s+(?:\w+\s+)?capital\b",
                                                                 sentence[right.end:])) or \
                (state is left and re.fullmatch(r"['’]s\s+(?:\w+\s+)?capital(?: city)?,?\s+", gap)):
            yield Found("capital-of", "locatedIn", city, state, confidence=0.7,
                        span=(left.start, min(len(sentence), right.end + 10)))


_PLACE_OF = re.compile(r"['’]s\s+(?:\w+\s+)?$")
_PLACES = ("City", "Province", "Port", "MilitaryBase", "SpecialEconomicZone")


def possessive_places(sentence: str, mentions: list[Mention], rules: RuleSet) -> Iterator[Found]:
    """"Cambodia's Koh Kong province", "Vietnam's Cam Ranh Bay": a place the state's possessive names lies in it."""
    relation = rules.vocabulary.relations.get("locatedIn")
    if relation is None:
        return
    for left, right in zip(mentions, mentions[1:], strict=False):
        if left.type == "State" and not left.demonym and rules.fits(right, relation.domain, _PLACES) and \
                _PLACE_OF.fullmatch(sentence[left.end:right.start]) and left.slug != right.slug:
            yield Found("possessive-place", "locatedIn", right, left, confidence=0.6, span=(left.start, right.end))
