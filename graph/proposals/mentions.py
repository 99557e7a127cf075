"""Mentions of entities in a sentence: the known ones by name, and names the graph does not have yet.

Known entities are found by their label, their aliases and the labels Wikidata gives
their items, with spaCy's PhraseMatcher: case-insensitive, except for short names and
acronyms ("US", "ROK"), which must match as written so that "us" is not the United
States. The demonyms of states ("Cambodian") point at the state. Names the graph does
not hold are runs of capitalised words (with "of", "the", "and" inside); the class
is guessed from the last word ("... Agreement" is an Agreement, "... Bank" a
FinancialInstitution), or from a title before a name ("Minister Jane Doe" is a Person).
A capital that acts stands for its state ("Seoul signed", "reliance on Beijing"): the
capitals are the table ``capitals.csv`` beside this module (the region's states and their
main partners), as pycountry has none.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..entities import Entity
from ..vocabulary import Vocabulary
from .sentences import pipeline

# Demonyms of states: the adjective names the state ("Cambodian Prime Minister").
DEMONYMS = {
    "Cambodian": "Cambodia", "Khmer": "Cambodia", "Chinese": "China", "Sino": "China", "Japanese": "Japan",
    "American": "United States",
    "Korean": "South Korea", "South Korean": "South Korea", "North Korean": "North Korea", "Indian": "India",
    "Australian": "Australia", "Vietnamese": "Vietnam", "Thai": "Thailand", "Lao": "Laos", "Laotian": "Laos",
    "Russian": "Russia", "Indonesian": "Indonesia", "Malaysian": "Malaysia", "Filipino": "Philippines",
    "Singaporean": "Singapore", "Burmese": "Myanmar", "French": "France", "British": "United Kingdom",
    "German": "Germany", "Canadian": "Canada", "Taiwanese": "Taiwan", "European": "European Union",
}
# The last word of a name, and the class it suggests for a name the graph does not have.
CLASS_BY_HEAD = {
    "agreement": "Agreement", "accord": "Agreement", "pact": "Agreement", "convention": "Treaty", "treaty": "Treaty",
    "memorandum": "MemorandumOfUnderstanding", "mou": "MemorandumOfUnderstanding", "declaration": "JointStatement",
    "statement": "JointStatement", "resolution": "Resolution", "partnership": "PartnershipAgreement",
    "initiative": "Initiative", "strategy": "GrandStrategy", "policy": "Initiative", "vision": "Initiative",
    "programme": "Programme", "program": "Programme", "plan": "Plan", "fund": "Programme", "law": "Legislation",
    "act": "Legislation", "bank": "FinancialInstitution", "ministry": "GovernmentBody", "department": "GovernmentBody",
    "agency": "GovernmentBody", "council": "GovernmentBody", "assembly": "GovernmentBody", "navy": "GovernmentBody",
    "army": "GovernmentBody", "forces": "GovernmentBody", "force": "GovernmentBody", "party": "PoliticalParty",
    "institute": "ResearchInstitute",
    "centre": "ResearchInstitute", "center": "ResearchInstitute", "university": "ResearchInstitute",
    "forum": "Forum", "dialogue": "Forum", "summit": "Summit", "conference": "Conference", "meeting": "Meeting",
    "organisation": "InternationalOrganisation", "organization": "InternationalOrganisation",
    "association": "InternationalOrganisation", "union": "InternationalOrganisation", "port": "Port",
    "bridge": "Bridge", "road": "Road", "highway": "Road", "expressway": "Road", "railway": "Railway",
    "airport": "Airport", "dam": "Dam", "zone": "SpecialEconomicZone", "base": "MilitaryBase", "project": "Project",
    "corridor": "Region", "province": "Province", "city": "City", "region": "Region", "sea": "Region",
    "principle": "Principle", "principles": "Principle", "cooperation": "Initiative", "concept": "Initiative",
    "outlook": "Initiative", "framework": "Initiative", "compact": "Agreement", "network": "Programme",
    "mission": "Programme", "corporation": "Organisation", "commission": "GovernmentBody",
    "blueprint": "Plan", "roadmap": "Plan", "agenda": "Plan", "charter": "Agreement",
    "paper": "NationalPlan", "islands": "Region", "ocean": "Region",
}
# A lower-case word after a name that is part of the place's name: "Koh Kong province", "the Indian Ocean region"
_PLACE_AFTER = re.compile(r"^\s+(province|region)\b")
_PLACES_AFTER = re.compile(r"^\s+(province|region)s\b")
_SHARED_HEAD = re.compile(r"(?P<firsts>[A-Z][\w-]*(?:, [A-Z][\w-]*)*,? and [A-Z][\w-]*)(?P<tail>(?: [A-Z][\w-]*)*) "
                          r"(?P<head>[A-Z][a-z]+)s")
_SHORT_NAME = r"[A-Z][\w-]*(?: [A-Z][\w-]*)?"
_CONNECTORS = {"of", "the", "and", "for", "on", "de", "&"}
_SENTENCE_STARTERS = {"The", "A", "An", "In", "On", "This", "That", "These", "Those", "It", "Its", "As", "At", "But",
                      "And", "For", "By", "With", "While", "Since", "However", "Meanwhile", "Moreover", "Also",
                      "Furthermore", "Such", "Their", "His", "Her", "Our", "We", "They", "He", "She", "If", "When",
                      "Although", "Despite", "Under", "After", "Before", "From", "To", "Both", "Each", "Given"}
_ACRONYM = re.compile(r"^[A-Z0-9.&-]{2,6}$")
# A capital right after these words is a place ("talks in Tokyo", "a visit to Seoul"), not its state
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|into|of|outside|around|visit\w*|across)\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class Mention:
    """An entity named in a sentence: ``start`` and ``end`` are character offsets in the sentence."""

    slug: str
    type: str
    label: str
    start: int
    end: int
    text: str
    new: bool = False
    demonym: bool = False


class EntityMatcher:
    """Finds the known entities, and candidate new ones, in sentences.

    ``discover`` finds new names in a sentence; ``add`` makes one findable by ``known`` in every
    sentence of the document after that (with the acronym the text gives it, "... Initiative (BRI)").
    """

    def __init__(self, entities: dict[str, Entity], vocabulary: Vocabulary,
                 wikidata_labels: dict[str, list[str]] | None = None):
        from spacy.matcher import PhraseMatcher

        self.entities = entities
        self.vocabulary = vocabulary
        nlp = pipeline()
        self._nlp = nlp
        self._folded = PhraseMatcher(nlp.vocab, attr="NORM")  # lower case, and ’s as 's
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.added: dict[str, Mention] = {}  # new entities found in this document, by slug
        self.unclassed: dict[str, str] = {}  # names with an acronym whose class no word next to them gave yet
        self.titled: dict[str, Mention | bool] = {}  # "Vice President" -> the one person the document gives it
        self.names: dict[str, str] = {}  # lower-case name -> slug, for the known entities
        self.states: dict[str, str] = {}  # name or demonym of a state -> its slug (known or new)
        last_words = [(e.label.split()[-1], slug) for slug, e in entities.items() if e.type == "Person" and e.label]
        self.surnames = {word: slug for word, slug in last_words  # only a last name one person has
                         if sum(1 for other, _ in last_words if other == word) == 1}
        self.last_names = {word for word, _ in last_words}
        self.people: dict[str, dict[str, Mention]] = {}  # last word -> the people this document names in full
        self.offices_held: dict[tuple[str, str], Mention] = {}  # (person, title) -> the office the document gave
        for slug, entity in entities.items():
            names = [entity.label, *entity.aliases, *(wikidata_labels or {}).get(slug, [])]
            for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
                self.names.setdefault(name.lower(), slug)
                self._add_name(slug, name)
                if entity.type == "State":
                    self.states.setdefault(name, slug)
                if entity.type == "Principle":  # "permanent neutrality": "a permanently neutral policy"
                    for form in adjective_forms(name):
                        if form not in self.names:
                            self.names[form] = slug
                            self._add_name(slug, form)
        codes = _country_names()  # states the graph lacks, from ISO 3166 (pycountry)
        by_code: dict[str, str] = {}  # the slug of a state under all its names: "Republic of the Philippines"
        for name, code in sorted(codes.items(), key=lambda item: len(item[0])):
            known = self.names.get(name.lower())
            if known is not None and entities[known].type == "State":
                by_code[code] = known
            by_code.setdefault(code, new_slug(name))
        for name, code in codes.items():
            self.states.setdefault(name, self.names.get(name.lower()) or by_code[code])
        self.capital_of: dict[str, str] = {}  # a capital the graph has as a city -> its state's slug
        for capital, state in capitals().items():
            state_slug = self.names.get(state.lower())
            if state_slug is None:
                continue
            city = self.names.get(capital.lower())
            if city is not None and entities[city].type == "City":
                self.capital_of[city] = state_slug
            elif city is None:  # a capital the graph lacks is found only to stand for its state
                self._exact.add(f"capital:{state_slug}", [nlp.make_doc(capital)])
        for demonym, state in DEMONYMS.items():
            state_slug = self.names.get(state.lower())
            if state_slug and entities[state_slug].type == "State":
                self.states[demonym] = state_slug
                self._exact.add(f"demonym:{state_slug}", [nlp.make_doc(demonym)])

    def _add_name(self, key: str, name: str, exact: bool = False) -> None:
        matcher = self._exact if exact or _ACRONYM.match(name) or len(name) <= 3 else self._folded
        matcher.add(key, [self._nlp.make_doc(name)])

    def add(self, mention: Mention, acronym: str | None = None) -> None:
        """Make a new entity findable in the rest of the document, by its name and acronym."""
        if mention.slug in self.added or mention.slug in self.entities:
            return
        self.added[mention.slug] = mention
        self._met(mention)
        if mention.type == "City" and mention.label in capitals():
            return  # found where it is a place only: elsewhere, the capital stands for its state
        # an office is written "Cambodian Prime Minister" and named "Prime Minister of Cambodia"
        for name in [n for n in dict.fromkeys((mention.label, mention.text)) if not n.isdigit()]:
            # as written: a name found by its capitals keeps them (not a number alone: the 5 of "Road 1 and 5")
            self._add_name(mention.slug, name, exact=True)
            self.names.setdefault(name.lower(), mention.slug)
        if acronym and acronym.lower() not in self.names:
            self._add_name(mention.slug, acronym)
            self.names[acronym.lower()] = mention.slug

    def classify(self, text: str) -> list[tuple[Mention, str]]:
        """Names given an acronym ("Free and Open Indo-Pacific (FOIP)") whose class the document says elsewhere:
        "the FOIP strategy", "FOIP is a collective strategy". Each is added, and returned with its acronym.

        >>> from diplograph.graph.vocabulary import Vocabulary
        >>> matcher = EntityMatcher({}, Vocabulary.from_ontology())
        >>> matcher.unclassed["Blue Dot Network"] = "BDN"
        >>> [(m.label, m.type) for m, _ in matcher.classify("Japan backs the BDN initiative.")]
        [('Blue Dot Network', 'Initiative')]
        """
        found = []
        for name, acronym in self.unclassed.items():
            either = f"(?:{re.escape(name)}|{re.escape(acronym)})"
            kind = re.search(rf"\b{either}(?:\s*\({re.escape(acronym)}\))?\s+(?:[a-z][\w-]*\s+){{0,2}}{_KIND_WORDS}\b",
                             text) or re.search(rf"\b{either},?(?: known as {re.escape(acronym)},)?(?: is| was|,) "
                                                rf"(?:an? |the )(?:[\w-]+ ){{0,3}}{_KIND_WORDS}\b", text)
            type_ = CLASS_BY_HEAD.get(kind.group(1).lower()) if kind else None
            if type_ is None or type_ not in self.vocabulary.classes or new_slug(name) in self.entities:
                continue
            mention = Mention(new_slug(name), type_, name, 0, len(name), name, new=True)
            self.add(mention, acronym)
            found.append((mention, acronym))
        self.unclassed.clear()
        return found

    def _title_holder(self, title: str, person: Mention) -> None:
        """Remember who holds a title in this document; a title two people hold names neither."""
        key = title.replace("Former ", "")
        held = self.titled.get(key)
        same = held is None or (isinstance(held, Mention) and held.slug == person.slug)
        self.titled[key] = person if same else False

    def alias(self, slug: str, text: str) -> None:
        """Find a known entity by another name this document gives it ("Japanese Prime Minister")."""
        if text.lower() not in self.names:
            self._add_name(slug, text)
            self.names[text.lower()] = slug

    def known(self, sentence: str) -> list[Mention]:
        """The entities named in the sentence (known, or added for this document), longest first where names overlap."""
        from spacy.util import filter_spans

        doc = self._nlp.make_doc(sentence)
        spans = []
        for matcher in (self._folded, self._exact):
            for match_id, start, end in matcher(doc):
                spans.append(doc[start:end])
                spans[-1].label_ = self._nlp.vocab.strings[match_id]
        mentions = []
        for span in filter_spans(spans):
            key = span.label_
            capital = key.startswith("capital:")
            if capital and _PLACE_BEFORE.search(sentence[:span.start_char]):
                city = self.added.get(new_slug(span.text))  # the city as a place: a new city, if the document added it
                if city is not None:
                    mentions.append(Mention(city.slug, city.type, city.label, span.start_char, span.end_char,
                                            span.text, new=True))
                continue
            demonym = key.startswith(("demonym:", "capital:"))
            slug = key.split(":", 1)[1] if demonym else key
            if slug in self.added:
                new = self.added[slug]
                mentions.append(Mention(slug, new.type, new.label, span.start_char, span.end_char, span.text, new=True))
                continue
            entity = self.entities[slug]
            mentions.append(Mention(slug, entity.type, entity.label, span.start_char, span.end_char, span.text,
                                    demonym=demonym))
        mentions += self._people_named(sentence, mentions)
        mentions += self._numbered_after(sentence, mentions)
        mentions += self._offices_before(sentence, mentions)
        # "the Vice President announced": the person the document named with that title
        for title, person in self.titled.items():
            if not isinstance(person, Mention):
                continue
            for match in re.finditer(rf"\b[Tt]he {re.escape(title)}\b(?!\s+(?:of\b|[A-Z]))", sentence):
                at, end = match.start() + 4, match.end()
                if not any(m.start < end and at < m.end for m in mentions):
                    mentions.append(Mention(person.slug, person.type, person.label, at, end, match.group()[4:],
                                            new=person.new))
        mentions.sort(key=lambda m: m.start)
        # "the Trans-Pacific Partnership (TPP)": the acronym in brackets repeats the name, it is no second mention
        return [m for i, m in enumerate(mentions)
                if not (i and mentions[i - 1].slug == m.slug and re.fullmatch(r"\s*\(\s*",
                                                                              sentence[mentions[i - 1].end:m.start]))]

    def discover(self, sentence: str, known: Iterable[Mention]) -> list[tuple[Mention, str | None]]:
        """Names the graph does not have, each with the acronym the text gives it right after, if any."""
        known = list(known)
        for mention in known:
            if not mention.new:
                self._met(mention)
            acronym = _BRACKETED_ACRONYM.match(sentence[mention.end:])  # "the Tide Council (TC)": "TC" later
            if acronym and mention.type != "Person":
                short = acronym.group().strip(" ()")
                if short.lower() not in self.names and short not in self.states and abbreviates(short, mention.text):
                    self._add_name(mention.slug, short, exact=True)
                    self.names[short.lower()] = mention.slug
        found: list[tuple[Mention, str | None]] = []
        for start, end in (part for run in _capitalised_runs(sentence) for part in self._parts(sentence, *run)):
            plural = _PLACES_AFTER.match(sentence[end:])
            if plural and re.fullmatch(rf"{_SHORT_NAME}(?:(?:,| and|, and) {_SHORT_NAME})+", sentence[start:end]):
                # "Takeo and Kampot provinces": one province each
                for piece in re.finditer(_SHORT_NAME, sentence[start:end]):
                    label = f"{piece.group()} {plural.group(1)}"
                    if piece.group().lower() not in self.names and label.lower() not in self.names:
                        found.append((Mention(new_slug(label), CLASS_BY_HEAD[plural.group(1)], label,
                                              start + piece.start(), start + piece.end(), piece.group(), new=True),
                                      None))
                continue
            shared = self._shared_head(sentence, start, end)
            if shared:  # "the East-West and Southern Economic Corridors": two corridors
                found.extend((m, None) for m in shared)
                continue
            names = [_with_ordinal(sentence, m) if self.vocabulary.is_a(m.type, "Event") else m
                     for m in self._names_in_run(sentence, start, end, known)]
            for mention in names:
                after = re.match(r"\s*(?:\d{1,2}\s*)?\(([A-Z][A-Za-z0-9&.-]{1,9}(?: \d{4}(?:\s*[–-]\s*\d{2,4})?)?)\)",
                                 sentence[mention.end:])
                found.append((mention, after.group(1) if after else None))
            acronym = re.match(r"\s*\(([A-Z][A-Z0-9&.-]{1,9})\)", sentence[end:])
            name = sentence[start:end]
            if not names and acronym and len(name.split()) > 1 and name.lower() not in self.names and \
                    not any(m.start <= start and end <= m.end for m in known):
                self.unclassed.setdefault(name, acronym.group(1))
        for capital in capitals():  # "a visit to Hanoi": a capital the graph lacks, as a place, is a new city
            if capital not in sentence or capital.lower() in self.names:
                continue
            for match in re.finditer(rf"(?<![\w-]){re.escape(capital)}(?![\w-])", sentence):
                if _PLACE_BEFORE.search(sentence[:match.start()]):
                    found.append((Mention(new_slug(capital), "City", capital, match.start(), match.end(), capital,
                                          new=True), None))
        found.extend((m, None) for m in _quoted_principles(sentence, known))
        quoted = [m for m, _ in found]
        found.extend((m, None) for m in _listed_principles(sentence, known + quoted))
        return found

    def _shared_head(self, sentence: str, start: int, end: int) -> list[Mention]:
        """Names that share the words after their first, before a plural head: "the East-West and Southern Economic
        Corridors" are the East-West Economic Corridor and the Southern Economic Corridor.

        >>> from diplograph.graph.vocabulary import Vocabulary
        >>> text = "the Upper and Lower River Corridors"
        >>> [m.label for m in EntityMatcher({}, Vocabulary.from_ontology())._shared_head(text, 4, len(text))]
        ['Upper River Corridor', 'Lower River Corridor']
        """
        if sentence[start:end].endswith("."):
            end -= 1
        match = _SHARED_HEAD.fullmatch(sentence[start:end])
        if match is None or match.group("head").lower() not in CLASS_BY_HEAD:
            return []
        type_ = CLASS_BY_HEAD[match.group("head").lower()]
        tail = f"{match.group('tail')} {match.group('head')}".strip()
        found = []
        for first in re.finditer(r"[A-Z][\w-]*", match.group("firsts")):
            label = f"{first.group()} {tail}"
            at = start + first.start()
            last = first.end() == len(match.group("firsts"))
            if label.lower() not in self.names and new_slug(label) not in self.entities and \
                    type_ in self.vocabulary.classes:
                found.append(Mention(new_slug(label), type_, label, at, end if last else at + len(first.group()),
                                     sentence[at:end] if last else first.group(), new=True))
        return found

    def _parts(self, sentence: str, start: int, end: int) -> list[tuple[int, int]]:
        """A run of capitalised words split at "and" when each part is a name of its own: "Vietnam and Thailand",
        "President Pence and Prime Minister Lee", "Ministry of Defence and Council for Trade"; not "Belt and Road
        Initiative" nor "Ministry of Economy and Finance".

        >>> from diplograph.graph.vocabulary import Vocabulary
        >>> matcher, text = EntityMatcher({}, Vocabulary.from_ontology()), "Laos and Prime Minister Jo Bo met"
        >>> [text[a:b] for a, b in matcher._parts(text, 0, 29)]
        ['Laos', 'Prime Minister Jo Bo']
        """
        text = sentence[start:end]
        if " and " not in text or text.lower() in self.names:
            return [(start, end)]
        if text.endswith(".") and text.split()[-1].count(".") == 1:  # a full stop, not "U.S."
            text = text[:-1]
        parts, at = [], start
        for piece in text.split(" and "):
            the = 4 if piece.startswith("the ") else 0  # "Japan and the Philippines"
            parts.append((at + the, at + len(piece)))
            at += len(piece) + len(" and ")

        def own_name(piece: str) -> str | None:
            words = piece.split()
            if piece in self.states or piece.lower() in self.names or _TITLE_AT_START.match(piece):
                return "name"
            if len(words) > 1 and words[0] in self.states and _TITLE_AT_START.match(piece[len(words[0]) + 1:]):
                return "name"  # "Singapore Prime Minister Lee"
            if len(words) > 2 and words[0].lower() in _ORGANISATION_HEADS and words[1] in _CONNECTORS:
                return "head first"  # "Ministry of Defence"
            return "head last" if len(words) > 1 and words[-1].lower() in CLASS_BY_HEAD else None

        kinds = [own_name(sentence[a:b]) for a, b in parts]
        # names of one kind each: not "Institute for Trade and Public Policy", whose "Policy" is part of the first
        if None not in kinds and len(set(kinds) - {"name"}) <= 1:
            return parts
        return [(start, end)]

    def _names_in_run(self, sentence: str, start: int, end: int, known: list[Mention]) -> list[Mention]:
        text = sentence[start:end]
        text = re.sub(r"['’]s?$", "", text)
        if text.endswith(".") and text.split()[-1].count(".") == 1:  # a full stop, not "U.S."
            text = text[:-1]
        end = start + len(text)
        backer = _BACKED.match(text)  # "Chinese-invested Sihanoukville SEZ": the name starts after the participle
        if backer and len(text.split()) > 2:
            start, text = start + backer.end(), text[backer.end():]
        words = list(re.finditer(r"\S+", text))
        # a demonym and a title before a name: "Cambodian Deputy Prime Minister Prak Sokhonn"
        state = None
        index = 0
        if len(words) > 1 and words[0].group() in self.states and (
                words[0].group() in DEMONYMS or _TITLE_AT_START.match(text[words[1].start():])):
            state = self.states[words[0].group()]
            index = 1
        title = None
        rest = sentence[start + (words[index].start() if index < len(words) else len(text)):end]
        title_match = _TITLE_AT_START.match(rest)
        mentions: list[Mention] = []
        if title_match:
            title = title_match.group(1)
            title_start = start + words[index].start()
            title_end = title_start + len(title)
            if state and state not in self.entities and words[0].group() not in DEMONYMS:
                # "Singapore Prime Minister Lee": a state the graph lacks is named here too
                mentions.append(Mention(state, "State", words[0].group(), start, start + words[0].end(),
                                        words[0].group(), new=True))
            if state:
                label = f"{title} of {self._state_label(state)}"
                slug = next((self.names[n] for n in _office_names(title, self._state_label(state))
                             if n in self.names), None) or new_slug(label)
                entity = self.entities.get(slug)
                mentions.append(Mention(slug, "Office", entity.label if entity else label, start, title_end,
                                        sentence[start:title_end], new=entity is None))
            rest_start = title_end + (len(rest) - len(rest[len(title):].lstrip()) - len(title))
            name = sentence[rest_start:end].strip()
            person = self.person(name) if name else None
            if person is not None:  # "Vice President Pence": a person named before, or the one the graph has
                mentions.append(Mention(person.slug, "Person", person.label, rest_start, rest_start + len(name), name,
                                        new=person.new))
            elif name in self.people or name in self.last_names:
                pass  # a last name alone that two people have: neither, and no new person
            elif 1 <= len(name.split()) <= 4 and name and name.lower() not in self.names:
                mentions.append(Mention(new_slug(name), "Person", name, rest_start, rest_start + len(name), name,
                                        new=True))
            elif name and name.lower() in self.names and self.entities.get(self.names[name.lower()]) is not None:
                known_person = self.entities[self.names[name.lower()]]
                if known_person.type == "Person":
                    mentions.append(Mention(known_person.slug, "Person", known_person.label, rest_start,
                                            rest_start + len(name), name))
            if mentions and mentions[-1].type == "Person":
                self._title_holder(title, mentions[-1])
                office = next((m for m in mentions if m.type == "Office"), None)
                if state and office is not None:  # "Prime Minister Lee" later is still Singapore's
                    self.offices_held.setdefault((mentions[-1].slug, title), office)
            return [m for m in mentions if m.new or m.slug in self.entities]
        if any(m.start <= start and end <= m.end for m in known):
            return []  # all of it is a known name
        if text in self.states and text not in DEMONYMS and text.lower() not in self.names:
            graph_state = self.entities.get(self.states[text])
            if graph_state is not None:  # the graph's state under its official name
                return [Mention(graph_state.slug, graph_state.type, graph_state.label, start, end, text)]
            return [Mention(self.states[text], "State", text, start, end, text, new=True)]
        place = _PLACE_AFTER.match(sentence[end:])
        if place and text not in DEMONYMS and not any(m.start < end and start < m.end for m in known):
            end += place.end()  # "Koh Kong province": the head word is part of the name
            text = sentence[start:end]
            slug = new_slug(text)
            if re.sub(r"-\s+", "-", text[:-len(place.group(1))]).strip().lower() in self.names or \
                    text.lower() in self.names or slug in self.entities:
                return []  # "the Indo- Pacific region", broken at the end of a line: a known name
            return [Mention(slug, CLASS_BY_HEAD[place.group(1)], text, start, end, text, new=True)]
        type_ = _class_of(text) or _class_from_context(sentence[end:]) or _class_from_apposition(sentence, start, end)
        inner = re.search(rf" of (?:the )?(?=(?:{_ORGANISATION_FIRST})\b)", text)
        if inner and text.split()[0].lower() not in _ORGANISATION_HEADS and _class_of(text[inner.end():]):
            # "Deputy Director of the Centre for ...": the centre
            start, text = start + inner.end(), text[inner.end():]
            type_ = _class_of(text)
        if type_ is None or len(text.split()) < 2 or text.lower() in self.names or type_ not in self.vocabulary.classes:
            return []
        numbers = _NUMBERED.match(sentence[end:])
        if numbers:  # "National Road 1 and 5": two roads, each named with its number
            found: list[Mention] = []
            for number in re.finditer(r"\d+", numbers.group()):
                label = f"{text} {number.group()}"
                if label.lower() not in self.names and new_slug(label) not in self.entities:
                    at = end + number.start()
                    found.append(Mention(new_slug(label), type_, label, start if not found else at,
                                         end + number.end(), label if not found else number.group(), new=True))
            return found
        if all(w.lower() in _GENERIC or w.lower() in _CONNECTORS for w in re.findall(r"[\w-]+", text)) and \
                not _BRACKETED_ACRONYM.match(sentence[end:]):
            return []  # "Strategic Partnership", "Foreign Policy": a kind of thing, not the name of one (unless named
            # by an acronym too: "Regional Comprehensive Economic Partnership (RCEP)")
        slug = new_slug(text)
        if slug in self.entities:
            return []
        return [Mention(slug, type_, text, start, end, text, new=True)]

    def person(self, name: str) -> Mention | None:
        """The one person a name may be: by the name itself; else by its last word, among the people this document
        named in full, then among the people the graph has (its only person of that last name). Given names must
        agree ("Mike" is "Michael", "R." is left out); a last name two people share names neither.

        >>> from diplograph.graph.vocabulary import Vocabulary
        >>> pence = Entity("ann-pence", "Person", "Ann B. Pence")
        >>> matcher = EntityMatcher({"ann-pence": pence}, Vocabulary.from_ontology())
        >>> [getattr(matcher.person(name), "slug", None) for name in ("Ann Pence", "Pence", "Bob Pence")]
        ['ann-pence', 'ann-pence', None]
        """
        slug = self.names.get(name.lower())
        if slug is not None:
            found = self.added.get(slug)
            entity = self.entities.get(slug)
            if found is None and entity is not None:
                found = Mention(slug, entity.type, entity.label, 0, 0, name)
            return found if found is not None and found.type == "Person" else None
        last = name.split()[-1]
        named = {m.slug: m for m in self.people.get(last, {}).values() if given_names_agree(name, m.label)}
        if len(named) == 1:
            return next(iter(named.values()))
        if named:
            return None  # two people of this document
        slug = self.surnames.get(last)
        entity = self.entities.get(slug) if slug else None
        if entity is None or not any(given_names_agree(name, n) for n in [entity.label, *entity.aliases]):
            return None
        return Mention(entity.slug, entity.type, entity.label, 0, 0, name)

    def _met(self, mention: Mention) -> None:
        """Remember a person this document names in full, to find them by the last name alone later."""
        if mention.type == "Person" and len(mention.label.split()) > 1:
            self.people.setdefault(mention.label.split()[-1], {})[mention.slug] = mention

    def _offices_before(self, sentence: str, mentions: list[Mention]) -> list[Mention]:
        """A title with no state before a person the document named with a state's title: that state's office
        ("Singapore Prime Minister Lee", then "Prime Minister Lee")."""
        found = []
        for (slug, title), office in self.offices_held.items():
            for person in (m for m in mentions if m.slug == slug):
                at = person.start - len(title) - 1
                if at < 0 or sentence[at:person.start] != f"{title} " or \
                        any(m.start < person.start and at < m.end for m in mentions if m is not person):
                    continue
                found.append(Mention(office.slug, office.type, office.label, at, at + len(title), title,
                                     new=office.new))
        return found

    def _numbered_after(self, sentence: str, mentions: list[Mention]) -> list[Mention]:
        """The names a number alone stands for after a numbered name: "5" in "National Road 1 and 5"."""
        found = []
        for mention in mentions:
            base = re.match(r"(.+) \d{1,2}$", mention.label)
            numbers = _NUMBERED.match(" 0" + sentence[mention.end:]) if base else None
            if base is None or numbers is None or not mention.text[-1:].isdigit():
                continue
            for number in list(re.finditer(r"\d+", numbers.group()))[1:]:
                slug = self.names.get(f"{base.group(1)} {number.group()}".lower())
                entity = self.added.get(slug) or self.entities.get(slug) if slug else None
                if entity is not None:
                    at = mention.end + number.start() - 2
                    found.append(Mention(entity.slug, entity.type, entity.label, at, at + len(number.group()),
                                         number.group(), new=entity.slug in self.added))
        return found

    def _people_named(self, sentence: str, mentions: list[Mention]) -> list[Mention]:
        """People named by another form of their name: the last name alone after the document named them in full
        ("Secretary Pompeo", "Pompeo's visit"), or a given name in another form ("Mike" for "Michael R.")."""
        found: list[Mention] = []
        for word in re.finditer(r"(?<![\w'’-])[A-Z][a-z][\w'-]{2,}(?=\b)(?!-)", sentence):
            last = word.group()
            if last not in self.people and last not in self.surnames:
                continue
            before = re.search(r"(?:[A-Z][\w.'’-]*\s+){1,3}$", sentence[:word.start()])
            given = before.group().split() if before else []
            while given and (given[0] in _TITLE_WORDS or given[0] in self.states or given[0] in _SENTENCE_STARTERS):
                given = given[1:]
            if any(w in _TITLE_WORDS for w in given):
                given = given[max(i for i, w in enumerate(given) if w in _TITLE_WORDS) + 1:]
            start = word.start() - len(" ".join(given)) - (1 if given else 0)
            if any(m.start < word.end() and start < m.end for m in [*mentions, *found]):
                continue
            if not given and last not in self.people:
                continue  # a last name alone is someone this document named in full
            if last.lower() in self.names and self.names[last.lower()] not in {
                    m.slug for m in self.people.get(last, {}).values()}:
                continue  # the name of something else too
            person = self.person(" ".join([*given, last]))
            if person is not None:
                found.append(Mention(person.slug, "Person", person.label, start, word.end(), sentence[start:word.end()],
                                     new=person.new))
        return found

    def _state_label(self, slug: str) -> str:
        entity = self.entities.get(slug)
        return entity.label if entity else slug.replace("-", " ").title()

    def new(self, sentence: str, known: Iterable[Mention]) -> list[Mention]:
        """Names the graph does not have (without their acronyms); see ``discover``."""
        return [mention for mention, _ in self.discover(sentence, known)]


# Words that alone name a kind of thing: a name made only of them is no entity's name.
_GENERIC = {"strategic", "comprehensive", "partnership", "partnerships", "foreign", "policy", "policies", "strategy",
            "strategies", "special", "economic", "zone", "zones", "national", "defence", "defense", "security",
            "development", "free", "trade", "agreement", "agreements", "hedging", "regional", "international",
            "cooperation", "plan", "initiative", "initiatives", "programme", "program", "project", "projects", "new",
            "grand", "global", "multilateral", "bilateral", "joint", "statement", "declaration", "memorandum",
            "understanding", "vision", "framework", "approach", "act", "law", "white", "paper", "version", "master",
            "dialogue", "forum", "summit", "meeting", "conference", "bank", "fund", "region", "corridor",
            "principle", "principles", "government", "ministry", "department", "council", "agency", "party",
            "institute", "centre", "center", "university", "association", "organisation", "organization", "road",
            "bridge", "port", "dam", "airport", "railway", "base", "city", "province", "sea"}
_TITLE_AT_START = re.compile(r"((?:Deputy |Vice |Former )?(?:Prime Minister|Foreign Minister|Defen[cs]e Minister|"
                             r"President|Secretary of State|General Secretary|Secretary-General|Ambassador|King|Queen|"
                             r"Crown Prince|Premier|Chancellor|Senator|Governor|Sultan|Emperor|"
                             r"Minister of [A-Z]\w+(?: [A-Z]\w+)?|Minister|Secretary of [A-Z]\w+|Secretary))\b")


def without_title(name: str) -> str:
    """A person's name without the title before it ("Prime Minister Lee" is "Lee"), or the name as it is.

    >>> without_title("Prime Minister Lee"), without_title("Secretary Pompeo"), without_title("Ann Pell")
    ('Lee', 'Pompeo', 'Ann Pell')
    """
    title = _TITLE_AT_START.match(name)
    rest = name[title.end():].strip() if title else name
    return rest if rest and rest[0].isupper() else name


# Short forms of given names: "Mike" is "Michael", "Tony" is "Anthony"
_GIVEN_NAMES = {"mike": "michael", "bill": "william", "will": "william", "bob": "robert", "rob": "robert",
                "jim": "james", "jimmy": "james", "joe": "joseph", "tony": "anthony", "tom": "thomas",
                "dick": "richard", "rick": "richard", "ted": "edward", "ed": "edward", "chris": "christopher",
                "dan": "daniel", "dave": "david", "steve": "stephen", "sam": "samuel", "ben": "benjamin",
                "liz": "elizabeth", "kate": "katherine", "nick": "nicholas", "alex": "alexander", "andy": "andrew",
                "larry": "lawrence", "jack": "john", "hank": "henry", "chuck": "charles", "charlie": "charles"}


def given_names_agree(name: str, other: str) -> bool:
    """Whether two names of a person may be the same person's: the same last word, and given names that agree
    where both have one (one may be an initial, a short form, or left out; middle initials do not count).

    >>> given_names_agree("Mike Pompeo", "Michael R. Pompeo"), given_names_agree("Pompeo", "Michael R. Pompeo")
    (True, True)
    >>> given_names_agree("Antony J. Blinken", "Tony Blinken"), given_names_agree("Mary Pompeo", "Michael Pompeo")
    (True, False)
    """
    words, others = name.split(), other.split()
    if not words or not others or words[-1] != others[-1]:
        return False
    if len(words) == 1 or len(others) == 1:
        return True
    first, second = words[0].lower().rstrip("."), others[0].lower().rstrip(".")
    first, second = _GIVEN_NAMES.get(first, first), _GIVEN_NAMES.get(second, second)
    if len(first) == 1 or len(second) == 1:
        return first[0] == second[0]
    return first == second or (first[0] == second[0] and (first.startswith(second) or second.startswith(first))) \
        or first.replace("th", "t") == second.replace("th", "t")
_TITLE_WORDS = {"Prime", "Minister", "Foreign", "Defence", "Defense", "President", "Vice", "Deputy", "Former",
                "Secretary", "State", "General", "Ambassador", "King", "Queen", "Crown", "Prince", "Premier",
                "Chancellor", "Senator", "Governor", "Sultan", "Emperor", "Secretary-General", "Mr", "Mr.", "Mrs",
                "Mrs.", "Ms", "Ms.", "Dr", "Dr."}
_ORGANISATION_HEADS = {"institute", "ministry", "university", "bank", "centre", "center", "council", "department",
                       "agency", "association", "organisation", "organization", "forum", "office", "corporation"}
_ORGANISATION_FIRST = "|".join(word.title() for word in sorted(_ORGANISATION_HEADS))
# a quoted phrase; the closing quote may be left to the next sentence after a full stop ("... to none." he said)
_QUOTED = re.compile(r"(?<!\w)[‘'“\"]([a-z][a-z ,-]{4,80}?)(?:[.,]?[’'”\"]|\.$)")
_PRINCIPLE_CUE = re.compile(r"\b(?:principles?|belief|motto|mantra|doctrine|pillar|polic(?:y|ies)|approach|"
                            r"slogan|vision|maxim|guided by|as part of)\b", re.I)


# Titles that name the same office: "Foreign Minister" is the "Minister of Foreign Affairs"
_SAME_TITLE = {"foreign minister": ["minister of foreign affairs", "minister for foreign affairs",
                                    "secretary of state"],
               "defence minister": ["minister of defence", "minister of national defence", "minister for defence"],
               "defense minister": ["minister of defense", "minister of national defense", "secretary of defense"],
               "premier": ["prime minister"]}


def _office_names(title: str, state: str) -> list[str]:
    """The names an office of a state may have in the graph, lower case: "Vice President of (the) United States".

    >>> _office_names("Foreign Minister", "Japan")[:3]
    ['foreign minister of japan', 'foreign minister of the japan', 'minister of foreign affairs of japan']
    """
    titles = [title.lower(), *_SAME_TITLE.get(title.lower(), [])]
    return [f"{t} of {the}{state.lower()}" for t in titles for the in ("", "the ")]


_NOUN_TO_ADJECTIVE = [("ality", "al"), ("ment", "ed"), ("ence", "ent"), ("ance", "ant")]
_ADJECTIVE_ENDS = ("al", "ent", "ant", "ive", "ful", "ous")


def adjective_forms(name: str) -> list[str]:
    """A principle's name as an adjective: "permanent neutrality" is "permanently neutral", "non-alignment"
    "non-aligned". Only forms of two words or more, or hyphenated, which are distinctive enough to find in
    lower case ("neutral" alone is not).

    >>> adjective_forms("Permanent neutrality"), adjective_forms("Non-alignment"), adjective_forms("Neutrality")
    (['permanently neutral'], ['non-aligned'], [])
    """
    words = name.lower().split()
    for noun, adjective in _NOUN_TO_ADJECTIVE:
        if words and words[-1].endswith(noun) and len(words[-1]) > len(noun) + 2:
            words[-1] = words[-1][:-len(noun)] + adjective
            if len(words) > 1 and words[-2].endswith(_ADJECTIVE_ENDS):
                words[-2] += "ly"
            form = " ".join(words)
            return [form] if len(words) > 1 or "-" in form else []
    return []


def abbreviates(acronym: str, name: str) -> bool:
    """Whether an acronym's letters are initials of the name's words, in order, the first the first:
    "CDC" abbreviates "Council for the Development of Cambodia"; "CPTPP" does not abbreviate "Trans-Pacific
    Partnership".

    >>> abbreviates("CDC", "Council for the Development of Cambodia"), abbreviates("CPTPP", "Trans-Pacific Partnership")
    (True, False)
    """
    initials = [w[0].lower() for w in re.split(r"[\s-]+", name) if w]
    letters = [c.lower() for c in acronym if c.isalpha()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    rest = iter(initials)
    return all(letter in rest for letter in letters)


# A number after a name is part of it: "National Road 1", "Route 5 and 6"; not a year, an amount or a date
_NUMBERED = re.compile(r"^ \d{1,2}(?:(?:,| and|, and) \d{1,2})*(?![\w.,]?\d| ?%| ?(?:million|billion|per)\b)")
_BRACKETED_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z0-9&.-]{1,9}(?: \d{4}(?:\s*[–-]\s*\d{2,4})?)?\)")


def _class_of(name: str) -> str | None:
    """The class a name suggests: its first word when that names an organisation, else its last word, else the
    word before "on", "for" or "of" ("Master Plan on ASEAN Connectivity": a Plan).

    >>> _class_of("Master Plan on ASEAN Connectivity"), _class_of("ASEAN Outlook on the Indo-Pacific")
    ('Plan', 'Initiative')
    >>> _class_of("Harbour Strategy Phase")
    'GrandStrategy'

    """
    words = name.split()
    while len(words) > 1 and words[-1].lower() in {"phase", "version", "edition"}:
        words = words[:-1]  # "Rectangular Strategy Phase (4)": a Strategy
    first = words[0].lower().strip(".,")
    if first in _ORGANISATION_HEADS and len(words) > 2 and words[1].lower() in _CONNECTORS:
        return CLASS_BY_HEAD.get(first)
    last = CLASS_BY_HEAD.get(words[-1].lower().strip(".,"))
    if last is not None:
        return last
    for index, word in enumerate(words[1:-1], start=1):
        if word in {"on", "for", "of"}:
            return CLASS_BY_HEAD.get(words[index - 1].lower())
    return None


_KIND_AFTER = re.compile(r"^\s*(?:\([A-Z][A-Za-z0-9&.-]{1,9}\)\s*)?(?:the\s+)?(strategy|initiative|policy|vision|"
                         r"concept|framework|agreement|treaty|programme|program|plan|project|summit|forum|bank)\b",
                         re.I)


_KIND_WORDS = r"(strategy|initiative|policy|vision|concept|framework|agreement|treaty|programme|program|plan|project|" \
              r"summit|forum|bank|partnership|dialogue|network|fund|corridor)"


def _class_from_context(after: str) -> str | None:
    """The class the word after a name gives it: "Free and Open Indo-Pacific (FOIP) strategy"."""
    match = _KIND_AFTER.match(after)
    return CLASS_BY_HEAD.get(match.group(1).lower()) if match else None


_HEADS = "|".join(sorted({*CLASS_BY_HEAD, "plant"}, key=len, reverse=True))
_APPOSITION_HEADS = {**CLASS_BY_HEAD, "plant": "Project"}
# "X, the largest hydropower plant", "its largest trade mission, X,", "the second largest dam is X": what X is
_APPOSITION_AFTER = re.compile(rf"^\s*,\s*(?:the|an?|its|their)\s+(?:[\w-]+\s+){{0,4}}?({_HEADS})\b", re.I)
_APPOSITION_BEFORE = re.compile(rf"\b(?:the|an?|its|their)\s+(?:[\w-]+\s+){{0,3}}?({_HEADS})(?:\s*,|\s+is|\s+was)\s*$",
                                re.I)


def _class_from_apposition(sentence: str, start: int, end: int) -> str | None:
    """The class a noun phrase in apposition gives a name: "the Lower Mekong Dyke, the largest dam in ...".

    >>> _class_from_apposition("The Blue Lantern, the largest hydropower plant, opened.", 4, 16)
    'Project'
    >>> _class_from_apposition("Its largest trade mission, Silver Sails, left.", 27, 39)
    'Programme'
    """
    match = _APPOSITION_AFTER.match(sentence[end:]) or _APPOSITION_BEFORE.search(sentence[:start])
    return _APPOSITION_HEADS.get(match.group(1).lower()) if match else None


def _quoted_principles(sentence: str, known: list[Mention]) -> list[Mention]:
    """A quoted lower-case phrase near "principle", "belief", "policy" ...: a principle the text names; a quoted
    word alone only right after "principle of".

    >>> [m.label for m in _quoted_principles('Both keep the principle of "candour" in talks.', [])]
    ['candour']
    >>> _quoted_principles('Their policy, "candour" says the envoy.', [])
    []
    """
    found = []
    for match in _QUOTED.finditer(sentence):
        phrase = match.group(1).strip()
        cue = _PRINCIPLE_CUE.search(sentence[max(0, match.start() - 60):match.end() + 20])
        named = re.search(r"\bprinciples? of\s*$", sentence[:match.start()])  # 'the principle of "candour"'
        if cue is None or not (1 if named else 2) <= len(phrase.split()) <= 8:
            continue
        if any(m.start < match.end(1) and match.start(1) < m.end for m in known):
            continue
        found.append(Mention(new_slug(phrase), "Principle", phrase, match.start(1), match.end(1), phrase, new=True))
    return found


# After these words comes a list of principles: "adheres to permanent neutrality and non-alignment",
# "promote transparency, openness, rule of law".
_ADHERENCE = re.compile(r"\b(?:adher\w* to|stance of|guided by)\s+(?:the\s+|a\s+|its\s+|their\s+)?"
                        r"(?:(?:foreign )?policy (?:stance )?of\s+|principles? of\s+)?|\bprinciples? of\s+", re.I)
_PHRASE = re.compile(r"[a-z][a-z-]*(?: (?:of )?[a-z][a-z-]*){0,3}")
_NOT_PRINCIPLE = {"the", "a", "an", "its", "their", "this", "that", "these", "those", "policy", "policies", "efforts",
                  "foreign", "relations", "ties", "cooperation", "development", "growth", "investment", "trade"}


# After these verbs, a list of three lower-case nouns or more is one of principles: "promote transparency, openness,
# rule of law"; one noun alone is too often something else ("promote trade")
_ADVOCACY = re.compile(r"\b(?:promot|uphold|respect|advanc|defend|safeguard|champion)\w*\s+", re.I)


def _listed_principles(sentence: str, known: list[Mention]) -> list[Mention]:
    """The lower-case noun phrases listed after "adheres to", "principles of": principles; and after "promote",
    "uphold", when the list has three at least.

    >>> [m.label for m in _listed_principles("We promote openness, candour and fair play.", [])]
    ['openness', 'candour', 'fair play']
    >>> _listed_principles("We promote trade and growth.", [])
    []
    """
    found: list[Mention] = []
    cues = [(cue, 1) for cue in _ADHERENCE.finditer(sentence)] + [(cue, 3) for cue in _ADVOCACY.finditer(sentence)]
    for cue, least in cues:
        listed: list[Mention | None] = []
        at = cue.end()
        while at < len(sentence):
            phrase = _PHRASE.match(sentence, at)
            if phrase is None:
                break
            words = phrase.group().split()
            # a phrase ends where a verb, a preposition or a clause begins
            for index, word in enumerate(words):
                if word in {"to", "in", "with", "for", "that", "which", "and", "or", "as", "by", "on", "is", "are"}:
                    words = words[:index]
                    break
            text = " ".join(words)
            end = at + len(text)
            if not text or words[0] in _NOT_PRINCIPLE or words[-1] in _NOT_PRINCIPLE or words[0].endswith("ing"):
                break
            listed.append(None if any(m.start < end and at < m.end for m in known)
                          else Mention(new_slug(text), "Principle", text, at, end, text, new=True))
            rest = re.match(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?", sentence[end:])
            if rest is None:
                break
            at = end + rest.end()
        if len(listed) >= least:
            found += [m for m in listed if m is not None and m.slug not in {f.slug for f in found}]
    return found


@cache
def capitals() -> dict[str, str]:
    """Capital -> the name of its state, from ``capitals.csv``.

    >>> capitals()["Phnom Penh"]
    'Cambodia'
    """
    with (Path(__file__).parent / "capitals.csv").open(encoding="utf-8", newline="") as handle:
        return {row["capital"]: row["state"] for row in csv.DictReader(handle)}


# "Chinese-invested", "Japan-funded", "US-backed": who pays for what follows
BACKED = r"([A-Z][\w.]*)-(?:invested|funded|financed|built|backed|sponsored|constructed)"
_BACKED = re.compile(BACKED + r"\s+")


_ORDINAL_BEFORE = re.compile(r"\b(?:\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|"
                             r"Tenth)\s+$")


def _with_ordinal(sentence: str, mention: Mention) -> Mention:
    """An event's name with the ordinal before it: "the 6th Tokyo International Conference", "the 41st Congress".

    >>> _with_ordinal("At the 6th Mekong Summit.", Mention("mekong-summit", "Summit", "Mekong Summit", 11, 24,
    ...                                                     "Mekong Summit", new=True)).label
    '6th Mekong Summit'
    """
    ordinal = _ORDINAL_BEFORE.search(sentence[:mention.start])
    if ordinal is None or not mention.new:
        return mention
    text = sentence[ordinal.start():mention.end]
    return Mention(new_slug(text), mention.type, text, ordinal.start(), mention.end, text, new=True)


def new_slug(name: str) -> str:
    """The slug a new entity of this name gets: lower case, words joined by hyphens, apostrophes dropped.

    >>> new_slug("Cambodia’s Pentagonal Strategy")
    'cambodias-pentagonal-strategy'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("’", "").replace("'", "")).strip("-")


def _country_names() -> dict[str, str]:
    """Country names from ISO 3166 (pycountry): name, common name and official name."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                names[value] = country.alpha_3
    for state in DEMONYMS.values():
        names.setdefault(state, state)
    return names


# A month after a connector is a date: "the Summit on November 15" ends at "Summit"
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def _capitalised_runs(sentence: str) -> list[tuple[int, int]]:
    """Runs of capitalised words, allowing connectors inside ("Ministry of Foreign Affairs").

    >>> [sentence[a:b] for sentence in ["We met at the ASEAN Summit on November 15."] for a, b in
    ...  _capitalised_runs(sentence)]
    ['ASEAN Summit', 'November']
    """
    runs = []
    tokens = list(re.finditer(r"[A-Za-z][\w'’.-]*", sentence))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not token.group()[0].isupper() or (index == 0 and token.group() in _SENTENCE_STARTERS):
            index += 1
            continue
        first = last = index
        cursor = index + 1
        while cursor < len(tokens):
            word = tokens[cursor].group()
            gap = sentence[tokens[cursor - 1].end():tokens[cursor].start()]
            if gap.strip(" -"):  # punctuation between words ends the name
                break
            if re.search(r"['’]s?$", tokens[cursor - 1].group()):  # a possessive ends the name before it
                break
            if word.lower() == "and" and _ACRONYM.match(tokens[cursor - 1].group()):
                break  # "FOIP and Mekong ...": two names
            if word[0].isupper() and not (word in _MONTHS and last < cursor - 1):
                last = cursor
            elif word.lower() not in _CONNECTORS:
                break
            cursor += 1
        if last - first >= 2 and re.search(r"['’]s?$", tokens[last].group()) and \
                tokens[last - 1].group().lower() in {"and", "&"}:
            last -= 2  # "X and Cambodia's ...": the possessor starts a noun phrase of its own
        runs.append((tokens[first].start(), tokens[last].end()))
        index = last + 1
    return runs
