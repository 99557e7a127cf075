"""Literal values as a person reads them: numbers with their digits grouped, amounts as money, dates as dates.

A page never shows a typed literal's datatype (``"178"^^xsd:integer``): a number shows as a number, a date as a
date, and a figure with its comparator and unit ("more than 8,300", "US$244,000,000", "400 MW").

>>> number("8300")
'8,300'
>>> number("1.50")
'1.5'
>>> quantity("244000000", unit="usd")
'US$244,000,000'
>>> quantity("8300", comparator="more than", unit="count")
'more than 8,300'
>>> quantity("400", comparator="exactly", unit="mw")
'400 MW'
>>> literal({"type": "literal", "value": "2019-01-19", "datatype": XSD + "date"})
'19 January 2019'
>>> literal({"type": "literal", "value": "178", "datatype": XSD + "integer"})
'178'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
UNIT = "https://w3id.org/diplograph/concept/unit/"
NUMBERS = {XSD + name for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort")}
#: How each unit of the concept scheme is written after (or, for money, before) a number.
UNITS = {"km": ("", " km"), "mw": ("", " MW"), "percent": ("", "%"), "count": ("", "")}
CURRENCIES = {"usd": "US$", "cny": "CN¥", "jpy": "¥", "eur": "€", "khr": "KHR "}


def number(text: str) -> str:
    """A number's lexical form with its thousands grouped and no trailing zeros; other text as it is.

    >>> number("-1234567.250"), number("12"), number("n/a")
    ('-1,234,567.25', '12', 'n/a')
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not value.is_finite():
        return text
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def quantity(value: str, comparator: str = "", unit: str = "") -> str:
    """A figure or an amount: the comparator ("more than", not "exactly"), the number, the unit or currency.

    ``unit`` is a unit concept's IRI or its notation (``usd``, ``km``).

    >>> quantity("120000000", comparator="about", unit=UNIT + "usd")
    'about US$120,000,000'
    >>> quantity("12.5", unit="percent")
    '12.5%'
    """
    code = unit.removeprefix(UNIT).lower()
    shown = number(value)
    if code in CURRENCIES:
        shown = CURRENCIES[code] + shown
    elif code in UNITS:
        before, after = UNITS[code]
        shown = before + shown + after
    elif code:
        shown = f"{shown} {code}"
    if comparator and comparator != "exactly":
        shown = f"{comparator} {shown}"
    return shown


def date(text: str, datatype: str = "") -> str:
    """A date (or year, or month) as words: the day, the month's name, the year; other text as it is.

    >>> date("2024-05-16"), date("2019-01"), date("2019"), date("2019-01-19T10:30:00Z")
    ('16 May 2024', 'January 2019', '2019', '19 January 2019, 10:30')
    """
    try:
        if len(text) == 4 and text.isdigit():
            return text
        if len(text) == 7 and text[4] == "-":
            return dt.date(int(text[:4]), int(text[5:7]), 1).strftime("%B %Y")
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return text
    shown = f"{day.day} {day.strftime('%B %Y')}"
    if len(text) > 10 and text[10] == "T" and text[11:16] != "00:00":
        shown += f", {text[11:16]}"
    return shown


def literal(binding: dict[str, str]) -> str:
    """A SPARQL JSON literal as a person reads it (see the module's examples); an IRI's value as it is."""
    text = binding.get("value", "")
    datatype = binding.get("datatype", "")
    if datatype in NUMBERS:
        return number(text)
    if datatype in {XSD + "date", XSD + "dateTime", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTimeStamp"}:
        return date(text, datatype)
    if datatype == XSD + "boolean":
        return "yes" if text in {"true", "1"} else "no"
    return text
