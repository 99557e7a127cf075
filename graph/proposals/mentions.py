"""Mentions of entities in a sentence: the known ones by name, and names the graph does not have yet.

Known entities are found by their label, their aliases and the labels Wikidata gives
their items, with spaCy's PhraseMatcher: case-insensitive, except for short names and
acronyms ("US", "ROK"), which must match as written so that "us" is not the United
States. The demonyms of states ("Cambodian") point at the state. Names the graph does
not hold are runs of capitalised words (with "of", "the", "and" inside); the class
is guessed from the last word ("... Agreement" is an Agreement, "... Bank" a
FinancialInstitution), or from a title before a name ("Minister Jane Doe" is a Person).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..entities import Entity
from ..vocabulary import Vocabulary
from .sentences import pipeline

# Demonyms of states: the adjective names the state ("Cambodian Prime Minister").
DEMONYMS = {
    "Cambodian": "Cambodia", "Khmer": "Cambodia", "Chinese": "China", "Japanese": "Japan", "American": "United States",
    "Korean": "South Korea", "South Korean": "South Korea", "North Korean": "North Korea", "Indian": "India",
    "Australian": "Australia", "Vietnamese": "Vietnam", "Thai": "Thailand", "Lao": "Laos", "Laotian": "Laos",
    "Russian": "Russia", "Indonesian": "Indonesia", "Malaysian": "Malaysia", "Filipino": "Philippines",
    "Singaporean": "Singapore", "Burmese": "Myanmar", "Myanmar": "Myanmar", "French": "France", "British": "United Kingdom",
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
    "army": "GovernmentBody", "forces": "GovernmentBody", "party": "PoliticalParty", "institute": "ResearchInstitute",
    "centre": "ResearchInstitute", "center": "ResearchInstitute", "university": "ResearchInstitute",
    "forum": "Forum", "dialogue": "Forum", "summit": "Summit", "conference": "Conference", "meeting": "Meeting",
    "organisation": "InternationalOrganisation", "organization": "InternationalOrganisation",
    "association": "InternationalOrganisation", "union": "InternationalOrganisation", "port": "Port",
    "bridge": "Bridge", "road": "Road", "highway": "Road", "expressway": "Road", "railway": "Railway",
    "airport": "Airport", "dam": "Dam", "zone": "SpecialEconomicZone", "base": "MilitaryBase", "project": "Project",
    "corridor": "Region", "province": "Province", "city": "City", "region": "Region", "sea": "Region",
    "principle": "Principle", "principles": "Principle",
}
TITLES = re.compile(r"(?:Prime Minister|Deputy Prime Minister|Foreign Minister|Minister|President|Vice President|"
                    r"Secretary|Ambassador|King|Premier|Chancellor|General|Admiral|Dr\.?|Mr\.?|Ms\.?|Mrs\.?)\s+$")
_CONNECTORS = {"of", "the", "and", "for", "on", "de", "&"}
_SENTENCE_STARTERS = {"The", "A", "An", "In", "On", "This", "That", "These", "Those", "It", "Its", "As", "At", "But",
                      "And", "For", "By", "With", "While", "Since", "However", "Meanwhile", "Moreover", "Also",
                      "Furthermore", "Such", "Their", "His", "Her", "Our", "We", "They", "He", "She", "If", "When",
                      "Although", "Despite", "Under", "After", "Before", "From", "To", "Both", "Each", "Given"}
_ACRONYM = re.compile(r"^[A-Z0-9.&-]{2,6}$")


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
    """Finds the known entities, and candidate new ones, in sentences."""

    def __init__(self, entities: dict[str, Entity], vocabulary: Vocabulary,
                 wikidata_labels: dict[str, list[str]] | None = None):
        from spacy.matcher import PhraseMatcher

        self.entities = entities
        self.vocabulary = vocabulary
        nlp = pipeline()
        self._nlp = nlp
        self._folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._demonyms: dict[str, str] = {}
        self.names: dict[str, str] = {}  # lower-case name -> slug, for the known entities
        by_label = {e.label.lower(): slug for slug, e in entities.items()}
        for slug, entity in entities.items():
            names = [entity.label, *entity.aliases, *(wikidata_labels or {}).get(slug, [])]
            for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
                self.names.setdefault(name.lower(), slug)
                matcher = self._exact if _ACRONYM.match(name) or len(name) <= 3 else self._folded
                matcher.add(slug, [nlp.make_doc(name)])
        for demonym, state in DEMONYMS.items():
            slug = by_label.get(state.lower())
            if slug and entities[slug].type == "State":
                self._demonyms[demonym] = slug
                self._exact.add(f"demonym:{slug}", [nlp.make_doc(demonym)])

    def known(self, sentence: str) -> list[Mention]:
        """The known entities named in the sentence, longest first where names overlap."""
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
            demonym = key.startswith("demonym:")
            slug = key.split(":", 1)[1] if demonym else key
            entity = self.entities[slug]
            mentions.append(Mention(slug, entity.type, entity.label, span.start_char, span.end_char, span.text,
                                    demonym=demonym))
        return sorted(mentions, key=lambda m: m.start)

    def new(self, sentence: str, known: Iterable[Mention]) -> list[Mention]:
        """Names the graph does not have: capitalised runs whose class can be guessed."""
        taken = [(m.start, m.end) for m in known]
        found = []
        for start, end in _capitalised_runs(sentence):
            if any(a < end and start < b for a, b in taken):
                continue
            name = sentence[start:end]
            words = name.split()
            type_ = CLASS_BY_HEAD.get(words[-1].lower().strip(".,"))
            if type_ is None and TITLES.search(sentence[:start]) and 2 <= len(words) <= 4:
                type_ = "Person"
            if type_ is None or len(words) < 2 or name.lower() in self.names:
                continue
            if type_ not in self.vocabulary.classes:
                continue
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            if slug in self.entities:
                continue
            found.append(Mention(slug, type_, name, start, end, name, new=True))
        return found


def _capitalised_runs(sentence: str) -> list[tuple[int, int]]:
    """Runs of capitalised words, allowing connectors inside ("Ministry of Foreign Affairs")."""
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
            if word[0].isupper():
                last = cursor
            elif word.lower() not in _CONNECTORS:
                break
            cursor += 1
        runs.append((tokens[first].start(), tokens[last].end()))
        index = last + 1
    return runs
