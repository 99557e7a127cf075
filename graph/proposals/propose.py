"""Proposing candidate statements for one source, offline: mentions, rules, checks, corroboration.

>>> from diplograph.graph.proposals.propose import quote_for
>>> quote_for("Cambodia and Japan signed it.", (0, 10))
'Cambodia and Japan signed it.'
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..entities import Entity
from ..evidence import MAX_QUOTE_LENGTH, SourceText
from ..facts import Fact
from ..sources import Source
from ..vocabulary import Vocabulary
from .candidate import SYMMETRIC, Candidate
from .checks import check_candidates
from .figures import figures
from .mentions import EntityMatcher, Mention, new_slug
from .rules import PREPOSITION, PRONOUN_START, Found, RuleSet
from .sentences import Sentence, split_sentences
from .times import find_times

# (context, source, its text, its sentences, counts of what the extractor itself dropped) -> candidates
Extractor = Callable[["Context", Source, SourceText, list[Sentence], Counter], Iterable[Candidate]]


@dataclass
class Context:
    """What proposals are made against: the ontology's vocabulary, the entities, the sources and the facts so far."""

    vocabulary: Vocabulary
    entities: dict[str, Entity]
    sources: dict[str, Source]
    facts: list[Fact]
    wikidata_labels: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Proposal:
    """The checked candidates for one source, the new entities they name, and what was dropped and why."""

    source: Source
    candidates: list[Candidate]
    new_entities: dict[str, Mention]
    dropped: Counter
    proposed: int  # before the checks
    words: int
    seconds: float
    extractor: str = "rules"


def propose(context: Context, source: Source, text: SourceText, *, extractor: Extractor | None = None,
            extractor_name: str = "rules") -> Proposal:
    """Every candidate statement for the source's text that passes the checks, each marked when it corroborates."""
    started = time.perf_counter()
    sentences = split_sentences(text.original, text.first_line)
    dropped: Counter = Counter()
    raw = list((extractor or rule_candidates)(context, source, text, sentences, dropped))
    unique = _deduplicated(raw)
    dropped["same claim as another candidate"] += len(raw) - len(unique)
    checked = check_candidates(unique, text, source, context.vocabulary, context.entities, context.sources)
    dropped.update(checked.dropped)
    kept = _mark_corroboration(checked.kept, context.facts, source, dropped)
    new_entities = {m.slug: m for c in kept for m in c.entities if m.new}
    return Proposal(source, kept, new_entities, +dropped, len(raw), len(text.original.split()),
                    time.perf_counter() - started, extractor_name)


def rule_candidates(context: Context, source: Source, text: SourceText, sentences: list[Sentence],
                    dropped: Counter | None = None) -> Iterable[Candidate]:
    """The rules' candidates, sentence by sentence."""
    matcher = EntityMatcher(context.entities, context.vocabulary, context.wikidata_labels)
    rules = RuleSet(context.vocabulary, context.entities)
    number = 0
    vocabulary = context.vocabulary

    def is_actor(mention: Mention) -> bool:  # what a figure can be about: actors, and projects and plans
        return any(vocabulary.is_a(mention.type, kind) for kind in ("Actor", "Project", "Initiative", "Plan"))

    for sentence in sentences:  # first pass: the names this document adds, findable in all its sentences
        for mention, acronym in matcher.discover(sentence.text, matcher.known(sentence.text)):
            if mention.new:
                matcher.add(mention, acronym)
            else:
                matcher.alias(mention.slug, mention.text)
    matcher.classify(text.original)  # names with an acronym whose class the document gives elsewhere
    capitals = {**_cities_of_states(context), **matcher.capital_of}
    versioned = _versioned(context.entities)
    found_in = [(sentence, _versions(sentence.text, _metonyms(sentence.text, matcher.known(sentence.text), capitals),
                                     versioned, matcher.names)) for sentence in sentences]
    main_actor = _main_actor([m for _, mentions in found_in for m in mentions])
    author_state = _state_of(context.entities.get(source.author), rules)
    states = {e.label: e for e in context.entities.values() if e.type in PAIR_TYPES}
    leaders = leaders_states(context, states)
    rules.cities, rules.leaders = capitals, {person: state.slug for person, state in leaders.items()}
    pair = main_pair([state for _, mentions in found_in for m in mentions
                      for state in _states_named(m, states, leaders)])
    previous: Mention | None = None  # the subject of the sentence before: what "It" at the start most likely is
    recent: list[list[Mention]] = []  # the actors of the sentences before: what "the two countries" are
    person: Mention | None = None  # the person named last: whom "he" or "she" most likely is
    for sentence, mentions in found_in:
        referent = _referent(previous, main_actor, sentence.text, author_state)
        previous_subject = previous
        previous = _subject_of(sentence.text, mentions, is_actor) or previous
        named = mentions
        mentions = first_person(sentence.text, anaphors(sentence.text, personal(sentence.text, mentions, person),
                                                        previous_subject), author_state)
        person = next((m for m in reversed(named) if m.type == "Person"), person)
        here = [state for m in mentions for state in _states_named(m, states, leaders)]
        paired = both_of(sentence.text, mentions, recent[-PAIR_SENTENCES:], pair, here)
        recent.append(here)
        if not paired and not (referent and PRONOUN_START.match(sentence.text)):
            continue
        times = find_times(sentence.text, source.date)
        found: list[Found] = list(rules.apply(sentence.text, paired, times, referent, main_actor))
        for figure in figures(sentence.text, mentions, times, is_actor, referent):
            found.append(Found(figure["rule"], figure["relation"], figure["subject"], None, figure["qualifiers"],
                               figure["times"], figure["confidence"], figure["span"]))
        for item in _subsumed(found):
            number += 1
            yield Candidate(f"c{number}", item.subject, item.relation, item.object, item.qualifiers, item.times,
                            quote_for(sentence.text, item.span), sentence.line, item.confidence, item.rule)


# "the two countries", "both nations", "bilateral ties": the two actors named last, within these many sentences before
PAIR_SENTENCES = 2
PAIR_TYPES = ("State",)
_PAIR = re.compile(r"\b(?:[Tt]he two|[Bb]oth)\s+(?:countries|nations|states|sides|governments|leaders)\b|"
                   r"\b[Tt]he leaders\b(?!\s+of\b)|"
                   r"\b[Bb]ilateral(?=\s+(?:ties|relations|relationship|cooperation|trade|partnership)\b)")


def _states_named(mention: Mention, states: dict[str, Entity],
                  leaders: dict[str, Entity] | None = None) -> list[Mention]:
    """The state a mention names: the state itself, the state whose office it is ("Indonesian Foreign Minister"),
    or the state whose office the person named holds (``leaders``, see :func:`leaders_states`): "X visited Peru
    to reaffirm the two countries' ties" speaks of X's state and Peru.

    >>> vietnam = Entity("vietnam", "State", "Vietnam")
    >>> office = Mention("president-of-vietnam", "Office", "President of Vietnam", 0, 9, "President")
    >>> [m.slug for m in _states_named(office, {"Vietnam": vietnam})]
    ['vietnam']
    >>> person = Mention("tran-an", "Person", "Tran An", 0, 7, "Tran An")
    >>> [m.slug for m in _states_named(person, {"Vietnam": vietnam}, {"tran-an": vietnam})]
    ['vietnam']
    """
    if mention.type in PAIR_TYPES:
        return [mention]
    if leaders and mention.slug in leaders:
        entity: Entity | None = leaders[mention.slug]
    elif mention.type != "Office":
        return []
    else:
        entity = _state_of_office(mention.label, states)
    return [Mention(entity.slug, entity.type, entity.label, mention.start, mention.end, mention.text,
                    demonym=True)] if entity else []


def _state_of_office(label: str, states: dict[str, Entity]) -> Entity | None:
    """The state an office's label names: "President of Vietnam", "Vietnam Minister of Trade"."""
    state = re.search(r" of (?:the )?(.+)$", label)
    return states.get(state.group(1)) if state else \
        next((e for name, e in states.items() if label.startswith(f"{name} ")), None)


def leaders_states(context: Context, states: dict[str, Entity]) -> dict[str, Entity]:
    """Person -> the state whose offices the graph says they hold, for those who hold offices of one state only."""
    held: dict[str, set[str]] = {}
    for fact in context.facts:
        office = context.entities.get(fact.object) if type(fact.object) is str else None
        if fact.relation.name == "holdsPosition" and office is not None:
            state = _state_of_office(office.label, states)
            held.setdefault(fact.subject, set()).add(state.slug if state else "")
    by_slug = {e.slug: e for e in states.values()}
    return {person: by_slug[slugs.pop()] for person, slugs in held.items() if len(slugs) == 1 and "" not in slugs}


def both_of(sentence: str, mentions: list[Mention], before: list[list[Mention]],
            pair: list[Mention] | None = None, here: list[Mention] | None = None) -> list[Mention]:
    """The mentions, with "the two countries" (or "both nations", "the leaders", "bilateral ties") as the two actors
    named last: before it in the sentence, else in the sentences ``before``. In a document about two states
    (``pair``, see :func:`main_pair`) the phrase is that pair wherever one of the two is among the two named last:
    a third state named in passing ("praised A's support for C") does not become a party. Both stand at the
    phrase's place (so the rules read them as a pair joined by "and"), at a lower confidence; with fewer than two
    actors named, nothing is added. ``here`` are the states the sentence names, by name or through an office or a
    leader (see :func:`_states_named`); without it, the states among the mentions.

    >>> cambodia = Mention("cambodia", "State", "Cambodia", 0, 8, "Cambodia")
    >>> japan = Mention("japan", "State", "Japan", 13, 18, "Japan")
    >>> pair = both_of("The two countries signed a partnership.", [], [[cambodia, japan]])
    >>> [(m.slug, m.start, m.end) for m in pair]
    [('cambodia', 0, 17), ('japan', 0, 17)]
    >>> both_of("Both countries agreed.", [], [[japan]])
    []
    >>> chad = Mention("chad", "State", "Chad", 0, 4, "Chad")
    >>> [m.slug for m in both_of("The leaders agreed.", [], [[japan, chad]], [cambodia, japan])]
    ['cambodia', 'japan']
    """
    added = []
    for match in _PAIR.finditer(sentence):
        named = [m for group in before for m in group] + \
            [m for m in (here if here is not None else mentions) if m.end <= match.start() and m.type in PAIR_TYPES]
        last: list[Mention] = []
        for mention in reversed(named):
            if mention.slug not in {m.slug for m in last}:
                last.insert(0, mention)
            if len(last) == 2:
                break
        if pair and {m.slug for m in last} & {m.slug for m in pair}:
            last = list(pair)
        if len(last) < 2 or any(m.start < match.end() and match.start() < m.end for m in mentions):
            continue
        added += [Mention(m.slug, m.type, m.label, match.start(), match.end(), match.group(), new=m.new, demonym=True)
                  for m in last]
    return sorted(mentions + added, key=lambda m: m.start)


# Of the states a document names, the share the two named most must have for the document to be about that pair
PAIR_SHARE = 0.75


def main_pair(states: list[Mention]) -> list[Mention] | None:
    """The two states a document is about, when it names them far more than any other (a bilateral meeting, a
    partnership between two states): what "the two leaders" and "bilateral ties" most likely stand for.

    >>> def state(slug): return Mention(slug, "State", slug.title(), 0, 0, "")
    >>> [m.slug for m in main_pair([state("laos")] * 4 + [state("peru")] * 3 + [state("chad")])]
    ['laos', 'peru']
    >>> main_pair([state("laos")] * 4 + [state("peru")] * 3 + [state("chad")] * 3) is None
    True
    """
    counts = Counter(m.slug for m in states)
    top = counts.most_common(2)
    if len(top) < 2 or (top[0][1] + top[1][1]) < PAIR_SHARE * sum(counts.values()):
        return None
    first = {m.slug: m for m in reversed(states)}
    return [Mention(slug, "State", first[slug].label, 0, 0, "") for slug, _ in top]


# "we", "our", "us" (never the capitalised "US"): the first person of a text
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")


def first_person(sentence: str, mentions: list[Mention], author: Mention | None) -> list[Mention]:
    """The mentions, with each "we", "our" or "us" as the state whose government wrote the document (``author``, see
    :func:`_state_of`), at a lower confidence: "our partners" in a ministry's statement are that state's partners.
    A text by no government has no first person the graph knows.

    >>> us = Mention("united-states", "State", "United States", 0, 0, "")
    >>> [(m.slug, m.text) for m in first_person("Trade with Peru helps us and our allies.", [], us)]
    [('united-states', 'us'), ('united-states', 'our')]
    >>> first_person("We met.", [], None)
    []
    """
    if author is None:
        return mentions
    added = [Mention(author.slug, author.type, author.label, match.start(), match.end(), match.group(),
                     demonym=True) for match in _FIRST_PERSON.finditer(sentence)
             if not any(m.start < match.end() and match.start() < m.end for m in mentions)]
    return sorted(mentions + added, key=lambda m: m.start)


# "while it seeks", "but it has opted": "it" opening a clause, not the "it" of "it is important to"
_CLAUSE_IT = re.compile(r"(?:,|;|\b(?:and|but|while|whereas|because|as|since|that|so|although|though|if|when|"
                        r"rather|yet))\s+(?:(?:also|now|still|thus|therefore|simultaneously)\s+)?(it)\b"
                        r"(?!\s+(?:is|was|will be|would be|has been|had been|seems|seemed|appears|remains|may|might|"
                        r"could|must|should)\b)")


def anaphors(sentence: str, mentions: list[Mention], previous: Mention | None) -> list[Mention]:
    """The mentions, with "it" opening a clause (the start of a sentence is :func:`_referent`'s) as the state named
    last before it, when the entity named last is that state (after a plan or an agreement, "it" is most likely
    that), else, with nothing named before it, the state that was the subject of the sentence before. It stands at
    the word's place, at a lower confidence.

    >>> laos = Mention("laos", "State", "Laos", 0, 0, "")
    >>> peru = Mention("peru", "State", "Peru", 0, 4, "Peru")
    >>> [(m.slug, m.text) for m in anaphors("Peru grew, while it also signed a pact.", [peru], laos)]
    [('peru', 'Peru'), ('peru', 'it')]
    >>> [(m.slug, m.text) for m in anaphors("Ships sailed, and it signed a pact.", [], laos)]
    [('laos', 'it')]
    >>> pact = Mention("reef-pact", "Agreement", "Reef Pact", 0, 9, "Reef Pact")
    >>> [m.slug for m in anaphors("Reef Pact grew, and it also helped.", [pact], laos)]
    ['reef-pact']
    >>> [m.slug for m in anaphors("Ships sailed, but it was hard.", [], laos)]
    []
    """
    added = []
    for match in _CLAUSE_IT.finditer(sentence):
        start, end = match.span(1)
        before = [m for m in mentions if m.end <= start]
        antecedent = before[-1] if before else previous
        if antecedent is not None and antecedent.type in PAIR_TYPES and \
                not any(m.start < end and start < m.end for m in mentions):
            added.append(Mention(antecedent.slug, antecedent.type, antecedent.label, start, end, "it",
                                 new=antecedent.new, demonym=True))
    return sorted(mentions + added, key=lambda m: m.start)


_HE = re.compile(r"(?:^[•·*\s-]*|(?:,|;|\b(?:and|but|where|when|while|as|because|since|after|before|that))\s+)"
                 r"(He|She|he|she)\b(?!\s+(?:said|says|added|noted|argued|wrote|stated)\b)")  # not "X, he said, ..."


def personal(sentence: str, mentions: list[Mention], previous: Mention | None) -> list[Mention]:
    """The mentions, with "he" or "she" opening a sentence or a clause as the person named last before it (in the
    sentence, else ``previous``, the person the sentences before named last), at a lower confidence: "X is a fellow
    at A. He is also a lecturer at B.", "X flew to Peru, where he met Y".

    >>> ana = Mention("ana-ruiz", "Person", "Ana Ruiz", 0, 8, "Ana Ruiz")
    >>> [(m.slug, m.text) for m in personal("He is a lecturer at the Institute.", [], ana)]
    [('ana-ruiz', 'He')]
    >>> [(m.slug, m.text) for m in personal("Ana Ruiz flew to Peru, where she met envoys.", [ana], None)]
    [('ana-ruiz', 'Ana Ruiz'), ('ana-ruiz', 'she')]
    >>> personal("The Institute, he said, grew.", [], ana)
    []
    """
    added = []
    for match in _HE.finditer(sentence):
        start, end = match.span(1)
        before = [m for m in mentions if m.end <= start and m.type == "Person"]
        antecedent = before[-1] if before else previous
        if antecedent is not None and not any(m.start < end and start < m.end for m in mentions):
            added.append(Mention(antecedent.slug, antecedent.type, antecedent.label, start, end, match.group(1),
                                 new=antecedent.new, demonym=True))
    return sorted(mentions + added, key=lambda m: m.start)


# A relation that says more than "cooperates with" about the same two actors
_SPECIFIC = {"strategicPartner", "diplomaticRelation"}


def _subsumed(found: list[Found]) -> list[Found]:
    """The sentence's statements without a "cooperates with" that a partnership or diplomatic relation between the
    same two actors, read off the same sentence, already says ("Vietnam and India upgraded their relations to a
    comprehensive strategic partnership": a partnership, not also cooperation)."""
    def pair(item: Found) -> frozenset:
        return frozenset((item.subject.slug, item.object.slug if isinstance(item.object, Mention) else item.object))

    # an anniversary of relations dates their start; the ties the sentence marks that year are said as well
    specific = {pair(item) for item in found if item.relation in _SPECIFIC and item.rule != "anniversary-relations"}
    return [item for item in found if not (item.relation == "cooperatesWith" and pair(item) in specific)]


def _subject_of(sentence: str, mentions: list[Mention], is_actor) -> Mention | None:
    """The sentence's first entity that can be a subject: no preposition's object."""
    from .rules import PREPOSITION

    return next((m for m in mentions if is_actor(m) and not PREPOSITION.search(sentence[:m.start])), None)


def _referent(previous: Mention | None, main_actor: Mention | None, sentence: str,
              author_state: Mention | None = None) -> Mention | None:
    """What a sentence starting with "It" speaks of: the previous sentence's subject; "the country": the main actor;
    "We": the state whose government wrote the document."""
    sentence = sentence.lstrip("•·*- \t")  # a bullet before the sentence
    if re.match(r"^(?:We|Our)\b", sentence):
        return author_state
    if re.match(r"^(?:It|Its|It[’']s)\b", sentence) and previous is not None:
        return Mention(previous.slug, previous.type, previous.label, 0, 0, "", new=previous.new)
    return main_actor


def _state_of(author: Entity | None, rules: RuleSet) -> Mention | None:
    """The state an author is, or whose body it is by its name ("U.S. Department of State")."""
    if author is None:
        return None
    if author.type == "State":
        return Mention(author.slug, "State", author.label, 0, 0, "")
    if not rules.vocabulary.is_a(author.type, "GovernmentBody"):
        return None
    first = author.label.split()[0].lower()
    slug = rules.state_names.get(first) or rules.state_names.get(first.rstrip("."))
    return Mention(slug, "State", rules.labels.get(slug, slug), 0, 0, "") if slug else None


_SUBJECT_VERB = re.compile(r"^(?:['’]s\b|\s+(?:also\s+)?(?:has|have|had|is|was|will|would|can|could|should|signed|"
                           r"agreed|announced|funded|financed|launched|pledged|provided|sees|views|considers|wants|"
                           r"seeks|says|said|hopes|opposes|supports|welcomed|welcomes|rejected|urged)\b)")


def _cities_of_states(context: Context) -> dict[str, str]:
    """City -> state, from the graph's statements that a city lies in a state."""
    cities = {}
    for fact in context.facts:
        if fact.relation.name == "locatedIn" and type(fact.object) is str:
            city, state = context.entities.get(fact.subject), context.entities.get(fact.object)
            if city is not None and state is not None and city.type == "City" and state.type == "State":
                cities[city.slug] = state.slug
    return cities


def _metonyms(sentence: str, mentions: list[Mention], cities: dict[str, str]) -> list[Mention]:
    """"Phnom Penh has signed", "Phnom Penh and Seoul signed", "Tokyo's aid", "reliance on Beijing": a city that acts
    or is acted with stands for its state (at a lower confidence).

    >>> city = Mention("phnom-penh", "City", "Phnom Penh", 0, 10, "Phnom Penh")
    >>> [m.slug for m in _metonyms("Phnom Penh and Seoul signed it.", [city], {"phnom-penh": "cambodia"})]
    ['cambodia']
    >>> there = Mention("phnom-penh", "City", "Phnom Penh", 13, 23, "Phnom Penh")
    >>> [m.slug for m in _metonyms("The talks in Phnom Penh ended.", [there], {"phnom-penh": "cambodia"})]
    ['phnom-penh']
    """
    from .rules import PREPOSITION

    result = []
    for mention in mentions:
        state = cities.get(mention.slug)
        after = _JOINED_NAME.sub("", sentence[mention.end:], count=1)
        before = sentence[:mention.start]
        acts = (_SUBJECT_VERB.match(after) and not PREPOSITION.search(before)) or _ACTED_WITH.search(before)
        if state and acts:
            mention = Mention(state, "State", state, mention.start, mention.end, mention.text, demonym=True)
        result.append(mention)
    return result


_JOINED_NAME = re.compile(r"^\s+and\s+(?:[A-Z][\w.-]*\s?){1,3}(?=\s)")  # "Phnom Penh [and Seoul] signed"
_ACTED_WITH = re.compile(r"\b(?:on|upon|with|against|toward|towards|between)\s+$", re.I)


def _versioned(entities: dict[str, Entity]) -> set[str]:
    """The labels of concepts the graph keeps a state's version of apart: "Free and Open Indo-Pacific" when it
    has "Free and Open Indo-Pacific (United States)"."""
    return {e.label.rsplit(" (", 1)[0] for e in entities.values() if re.search(r" \([^)]+\)$", e.label)}


# "Japan's FOIP", "the Japanese FOIP", "America's version of FOIP": a state's own version
_VERSION_OF = re.compile(r"^['’]s?\s+(?:own\s+)?(?:version\s+of\s+(?:the\s+)?)?$|^\s+$", re.I)


def _versions(sentence: str, mentions: list[Mention], versioned: set[str], names: dict[str, str]) -> list[Mention]:
    """A state's version of a concept whose versions the graph keeps apart names that version: the entity
    labelled "<concept> (<state>)", or a new one so labelled; after "its", the version of the state "its" stands for
    (see :func:`_owner`).

    >>> japan = Mention("japan", "State", "Japan", 0, 5, "Japan")
    >>> foip = Mention("foip", "GrandStrategy", "Free and Open Indo-Pacific", 8, 12, "FOIP")
    >>> [(m.slug, m.label, m.new) for m in _versions("Japan's FOIP", [japan, foip], {foip.label}, {})][1]
    ('free-and-open-indo-pacific-japan', 'Free and Open Indo-Pacific (Japan)', True)
    """
    result = list(mentions)
    for index, (state, concept) in enumerate(zip(mentions, mentions[1:], strict=False), start=1):
        if state.type != "State" or concept.label not in versioned or \
                not _VERSION_OF.match(sentence[state.end:concept.start]):
            continue
        result[index] = _version(concept, state, names)
    for index, concept in enumerate(result):
        if concept.label not in versioned or not _ITS.search(sentence[:concept.start]):
            continue
        owner = _owner(sentence, result, concept)
        if owner is not None:
            result[index] = _version(concept, owner, names)
    return result


def _version(concept: Mention, state: Mention, names: dict[str, str]) -> Mention:
    label = f"{concept.label} ({state.label})"
    slug = names.get(label.lower())
    return Mention(slug or new_slug(label), concept.type, label, concept.start, concept.end, concept.text,
                   new=slug is None)


# "its FOIP", "their own version of the FOIP": a possessive pronoun right before a concept
_ITS = re.compile(r"\b(?:its|their)\s+(?:own\s+)?(?:version\s+of\s+(?:the\s+)?)?$", re.I)


def _owner(sentence: str, mentions: list[Mention], concept: Mention) -> Mention | None:
    """Whose "its" is: the last state before it that no preposition governs (the clause's subject), else, in an
    opening phrase ("Under its plan, X funded"), the first state after it that acts.

    >>> plan = Mention("plan", "Plan", "Plan", 10, 14, "plan")
    >>> tokyo = Mention("japan", "State", "Japan", 16, 21, "Tokyo")
    >>> _owner("Under its plan, Tokyo funded roads.", [plan, tokyo], plan).slug
    'japan'
    >>> peru = Mention("peru", "State", "Peru", 7, 11, "Peru")
    >>> later = Mention("plan", "Plan", "Plan", 27, 31, "plan")
    >>> _owner("Aid to Peru grew under its plan.", [peru, later], later) is None
    True
    """
    before = [m for m in mentions if m.type == "State" and m.end <= concept.start
              and not PREPOSITION.search(sentence[:m.start])]
    if before:
        return before[-1]
    return next((m for m in mentions if m.type == "State" and m.start >= concept.end
                 and _SUBJECT_VERB.match(sentence[m.end:]) and not PREPOSITION.search(sentence[:m.start])), None)


def _main_actor(mentions: list[Mention]) -> Mention | None:
    """The state the document names most: what "it" and "the country" most likely stand for."""
    counts = Counter(m.slug for m in mentions if m.type == "State")
    if not counts:
        return None
    slug, _ = counts.most_common(1)[0]
    first = next(m for m in mentions if m.slug == slug)
    return Mention(slug, "State", first.label, 0, 0, "")


def quote_for(sentence: str, span: tuple[int, int]) -> str:
    """The sentence, or where it is too long, the clauses around ``span``: verbatim, under 300 characters."""
    if len(sentence) < MAX_QUOTE_LENGTH:
        return sentence
    start, end = span
    breaks = [m.end() for m in re.finditer(r"[,;:—–]\s", sentence)]
    left = max([b for b in breaks if b <= start] or [0])
    right_breaks = [b - 2 for b in breaks if b - 2 >= end] + [len(sentence)]
    right = min(right_breaks)
    if right - left >= MAX_QUOTE_LENGTH:
        left = max(0, min(start, end - MAX_QUOTE_LENGTH + 1))
        right = min(len(sentence), left + MAX_QUOTE_LENGTH - 1)
        return sentence[left:right].strip()
    for candidate in sorted(right_breaks):  # widen to the right while it fits
        if candidate - left < MAX_QUOTE_LENGTH:
            right = max(right, candidate)
    return sentence[left:right].strip()


def _deduplicated(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per claim: the most confident, at its first sentence."""
    best: dict[tuple, Candidate] = {}
    for candidate in candidates:
        key = candidate.claim_key()
        if key not in best or candidate.confidence > best[key].confidence:
            best[key] = candidate
    return sorted(best.values(), key=lambda c: (c.line, c.id))


def _mark_corroboration(candidates: list[Candidate], facts: list[Fact], source: Source,
                        dropped: Counter) -> list[Candidate]:
    """Mark each candidate that another source already states; drop those this source's facts already hold."""
    index: dict[tuple, list[Fact]] = {}
    for fact in facts:
        index.setdefault(_fact_key(fact), []).append(fact)
    kept = []
    for candidate in candidates:
        same = index.get(_candidate_key(candidate), [])
        if any(f.source == source.id for f in same):
            dropped["already curated for this source"] += 1
            continue
        candidate.corroborates = [f"{f.source} ({f.file}:{f.line})" for f in same]
        if same:
            candidate.confidence = min(0.95, candidate.confidence + 0.1)
        kept.append(candidate)
    return kept


def _fact_key(fact: Fact) -> tuple:
    obj = fact.object if type(fact.object) is str or fact.object is None else str(fact.object).rsplit("/", 1)[-1]
    ends: tuple = (fact.subject, obj)
    if fact.relation.name in SYMMETRIC:
        ends = tuple(sorted(ends, key=str))
    measure = fact.qualifiers.get("measure")
    value = fact.qualifiers.get("value")
    return (fact.relation.name, *ends, str(measure[0]).rsplit("/", 1)[-1] if measure else None,
            str(value[0]) if value else None)


def _candidate_key(candidate: Candidate) -> tuple:
    from ..quantities import parse_number

    obj = candidate.object.slug if isinstance(candidate.object, Mention) else candidate.object
    ends: tuple = (candidate.subject.slug, obj)
    if candidate.relation in SYMMETRIC:
        ends = tuple(sorted(ends, key=str))
    value = candidate.qualifiers.get("value")
    number = parse_number(value) if value is not None else None
    return (candidate.relation, *ends, candidate.qualifiers.get("measure"), str(number) if number is not None else None)
