"""Figures and targets: a number, what it counts, its unit, how it bounds the truth, and whose it is.

"Over $1.8 billion in assistance" is a figure of measure ``assistance``, value 1.8
billion, unit ``usd``, comparator ``more-than``; with "aims to", "target" or "by 2030"
it is a target, with the year as its end.

>>> [(n.value, n.unit, n.comparator) for n in find_numbers("over $1.8 billion and 8,300 peacekeepers")]
[('1.8 billion', 'usd', 'more-than'), ('8,300', 'count', None)]
>>> [(n.value, n.unit) for n in find_numbers("It gave more than half a billion dollars to five partners.")]
[('0.5 billion', 'usd'), ('5', 'count')]
>>> [(n.value, n.unit) for n in find_numbers("a budget of 1.02 USD billion")]
[('1.02 billion', 'usd')]
>>> measure_of("foreign direct investment reached $5 billion", 30)
'fdi'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .mentions import Mention
from .rules import PRONOUN_START
from .times import TimeMention

_NUMBER = re.compile(
    r"(?P<cur>US\$|\$|USD\s?|US dollars?\s)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d)\s*"
    r"(?P<cur2>USD\s+(?=thousand|million|billion|trillion))?"  # "1.02 USD billion"
    r"(?P<scale>thousand|million|billion|trillion|bn\b|m\b)?\s*"
    r"(?P<unit>USD|US dollars|dollars|%|percent|per cent|km|kilometres|kilometers|MW|megawatts)?", re.I)
_COMPARATORS = [(re.compile(r"\b(?:more than|over|above|exceed\w*|in excess of)\s+$", re.I), "more-than"),
                (re.compile(r"\b(?:nearly|almost|close to|up to)\s+$", re.I), "nearly"),
                (re.compile(r"\b(?:about|around|approximately|roughly|some|an estimated)\s+$", re.I), "about"),
                (re.compile(r"\bat least\s+$", re.I), "at-least")]
_UNITS = {"usd": "usd", "us dollars": "usd", "dollars": "usd", "%": "percent", "percent": "percent",
          "per cent": "percent", "km": "km", "kilometres": "km", "kilometers": "km", "mw": "mw", "megawatts": "mw"}
# What a figure counts, from the words near it; the slugs are concepts of the measure scheme.
MEASURES = [
    (r"foreign direct investment|\bFDI\b", "fdi"), (r"official development assistance|\bODA\b", "oda"),
    (r"bilateral trade|trade volume|trade between|two-way trade|total trade", "bilateral-trade"),
    (r"\bexports?\b", "exports"), (r"female peacekeepers|women peacekeepers", "female-peacekeepers"),
    (r"peacekeep\w*|troops", "peacekeepers-deployed"), (r"defen[cs]e budget|military budget", "defence-budget"),
    (r"security assistance|security aid", "security-assistance"), (r"\binvest\w*", "investment"),
    (r"\bassistance\b|\baid\b|\bgrants?\b", "assistance"), (r"infrastructure financ\w*", "infrastructure-financing"),
    (r"development finance", "development-finance-capacity"), (r"\bkm\b|kilomet\w+|long\b|length", "length"),
    (r"\bMW\b|megawatt|capacity", "electricity-capacity"), (r"\bworkers\b|\bjobs\b", "workers"),
    (r"\bcompanies\b|\bfirms\b", "companies"), (r"\bfactories\b", "factories"), (r"\bships\b|\bvessels\b", "ships"),
    (r"\baircraft\b|\bplanes\b", "aircraft"), (r"\bvisits\b", "visits"), (r"\bevents\b", "events"),
    (r"\bcountries\b|\bnations\b", "countries"), (r"\btrade\b", "bilateral-trade"),
    (r"\bstrategic partnerships\b|\bpartners\b", "strategic-partnerships"), (r"\bprovinces\b", "provinces"),
]
_MEASURES = [(re.compile(pattern, re.I), slug) for pattern, slug in MEASURES]
_TARGET = re.compile(r"\b(?:target\w*|aim\w* (?:to|at)|goal|plans? to|expected to|seek\w* to|commit\w* to|"
                     r"by (?:19|20)\d\d)\b", re.I)


# "agreed to make efforts to increase trade by $2 billion": a target for the numbers after it only
_EFFORT = re.compile(r"\b(?:efforts? to (?:increase|raise|reach|boost|double|expand)|pledg\w* to)\b", re.I)


_RELATIVE_HAS = re.compile(r"\s*,\s*(?:which|who)\s+(?:\w+ly\s+)?(?:has|have|had|holds?|held)\s+"
                           r"(?:(?:more than|over|about|nearly|some)\s+)?$", re.I)
_PREPOSITION = re.compile(r"\b(?:with|to|from|toward|towards|against|between|by|for|on|into|than|of|in|at|under|"
                          r"according to)\s+(?:the\s+)?$", re.I)
_LIST_MARKER = re.compile(r"^\s*\d{1,2}\s+[A-Z]|\(\d{1,2}\)$")


@dataclass(frozen=True)
class Number:
    """A number in a sentence: its text as curators write it, unit and comparator concepts, offsets."""

    value: str
    unit: str
    comparator: str | None
    start: int
    end: int


_WORD_NUMBERS = {word: index for index, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_WORD_NUMBER = re.compile(r"(?<!^)(?<!\bthe )(?<!\bthese )(?<!\bthose )(?<!\bboth )\b(" + "|".join(_WORD_NUMBERS) +
                          r")\s+(?:[A-Za-z-]+\s+){0,2}?(countries|nations|ships|vessels|aircraft|events|visits|"
                          r"factories|companies|firms|partners|partnerships|provinces)\b", re.I)
# "eight million", "half a billion dollars": a number in words with its scale
_WORD_SCALED = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r"|half a)\s+(million|billion)\b(\s+(?:US\s+)?dollars)?",
                          re.I)


def find_numbers(sentence: str) -> list[Number]:
    """The numbers of a sentence that can be figures: not years, not ordinals, not list markers."""
    numbers = []
    for match in _WORD_NUMBER.finditer(sentence):
        value = _WORD_NUMBERS[match.group(1).lower()]
        if value >= 2:
            numbers.append(Number(str(value), "count", None, match.start(), match.end(1)))
    for match in _WORD_SCALED.finditer(sentence):
        word = match.group(1).lower()
        digits = "0.5" if word == "half a" else str(_WORD_NUMBERS[word])
        before = sentence[max(0, match.start() - 25):match.start()]
        comparator = next((slug for pattern, slug in _COMPARATORS if pattern.search(before)), None)
        numbers.append(Number(f"{digits} {match.group(2).lower()}", "usd" if match.group(3) else "count", comparator,
                              match.start(), match.end()))
    for match in _NUMBER.finditer(sentence):
        number = match.group("num")
        scale = (match.group("scale") or "").lower()
        unit_text = (match.group("unit") or "").lower()
        currency = match.group("cur") or match.group("cur2")
        if re.fullmatch(r"(?:19|20)\d\d", number) and not (currency or scale or unit_text):
            continue  # a year
        if re.match(r"\s*(?:st|nd|rd|th)\b", sentence[match.end("num"):]):
            continue  # an ordinal
        if "." in number and not (scale or currency or unit_text):
            continue  # a section number or a version
        if not (scale or currency or unit_text) and (
                _LIST_MARKER.match(sentence[match.start():match.end() + 2])
                or _LIST_MARKER.search(sentence[max(0, match.start() - 1):match.end() + 1])):
            continue  # a footnote mark at the start of a sentence, or an item "(2)" of a list
        scale = {"bn": "billion", "m": "million"}.get(scale, scale)
        text = f"{number} {scale}" if scale else number
        unit = "usd" if currency else _UNITS.get(unit_text, "count")
        if unit == "count" and float(number.replace(",", "")) < 2 and not scale:
            continue
        before = sentence[max(0, match.start() - 25):match.start()]
        comparator = next((slug for pattern, slug in _COMPARATORS if pattern.search(before)), None)
        numbers.append(Number(text.strip(), unit, comparator, match.start(), match.end()))
    return sorted(numbers, key=lambda n: n.start)


def measure_of(sentence: str, at: int, window: int = 80) -> str | None:
    """The measure named nearest the number at offset ``at``, within ``window`` characters."""
    best: tuple[int, str] | None = None
    for pattern, slug in _MEASURES:
        for match in pattern.finditer(sentence):
            distance = min(abs(match.start() - at), abs(match.end() - at))
            if distance <= window and (best is None or distance < best[0]):
                best = (distance, slug)
    return best[1] if best else None


def figures(sentence: str, mentions: list[Mention], times: list[TimeMention], is_actor,
            main_actor: Mention | None = None) -> Iterator[dict]:
    """Figures and targets, as dicts of the fields a candidate needs; ``main_actor`` when the sentence names none."""
    actors = [m for m in mentions if is_actor(m)]
    if not actors and main_actor is not None and PRONOUN_START.match(sentence):
        actors = [main_actor]
    if not actors:
        return
    target = _TARGET.search(sentence)
    effort = _EFFORT.search(sentence)
    for number in find_numbers(sentence):
        measure = measure_of(sentence, number.start)
        if measure is None:
            continue
        # the nearest actor before the number that is no preposition's object ("to the Kingdom", "of the Ministry")
        # ... unless a relative clause on it holds the number ("than the US, which has $940 billion in FDI")
        before = [m for m in actors if m.end <= number.start and (not _PREPOSITION.search(sentence[:m.start])
                                                                  or _RELATIVE_HAS.match(sentence[m.end:number.start]))]
        if before:
            subject = before[-1]
        else:  # none before: the first after that is no preposition's object, else no figure
            after = [m for m in actors if not _PREPOSITION.search(sentence[:m.start])]
            if not after:
                continue
            subject = after[0]
        qualifiers: dict[str, object] = {"measure": measure, "value": number.value, "unit": number.unit}
        if number.comparator:
            qualifiers["comparator"] = number.comparator
        counterpart = next((m for m in actors if m.slug != subject.slug and m.type in ("State", "Region")), None)
        if counterpart is not None:
            qualifiers["counterpart"] = counterpart
        aimed = bool(target) or (effort is not None and effort.end() <= number.start)
        relation = "target" if aimed else "figure"
        time = None
        if times:
            time = min(times, key=lambda t: abs(t.start - number.start))
        found_times = {}
        if time is not None:
            found_times["end" if relation == "target" else time.key] = time.value
        yield {"relation": relation, "subject": subject, "qualifiers": qualifiers, "times": found_times,
               "confidence": 0.6 if before else 0.45, "span": (min(subject.start, number.start),
                                                              max(subject.end, number.end)),
               "rule": "number-target" if aimed else "number-figure"}
