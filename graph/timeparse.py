"""Times at the precision a source gives them: a year, a month or a day.

>>> parse_time("2017-08")
rdflib.term.Literal('2017-08', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth'))
>>> parse_time(2010).datatype.endswith("gYear")
True
>>> parse_time("2024-05-16").datatype.endswith("#date")
True
>>> parse_time("May 2024") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal
from rdflib.namespace import XSD

_FORMS = (
    (re.compile(r"^\d{4}$"), XSD.gYear),
    (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"), XSD.date),
)


def parse_time(value: object) -> Literal | None:
    """A typed literal for YYYY, YYYY-MM or YYYY-MM-DD (or a date or int), else None."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    text = str(value).strip()
    for pattern, datatype in _FORMS:
        if pattern.match(text):
            if datatype == XSD.date:
                try:
                    dt.date.fromisoformat(text)
                except ValueError:
                    return None
            return Literal(text, datatype=datatype, normalize=False)  # the source's own text, as written
    return None
