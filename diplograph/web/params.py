"""Reading the parameters of the app's pages and APIs, strictly and the same way everywhere.

The rules, for every page and API of the app (the SPARQL endpoint follows the SPARQL 1.1 Protocol instead):

- a value that does not parse is a 400 that names the parameter and says what it takes;
- numbers are ASCII digits only (``str.isdigit`` and ``int`` also take ``²`` or ``٢``), in a bounded range;
- an empty value is the same as no value (an HTML form sends its empty fields);
- a parameter given twice is a 400: which of the two was meant cannot be known;
- a parameter a route does not take is ignored.

>>> from starlette.datastructures import QueryParams
>>> year(QueryParams("as_of=2019"), "as_of")
2019
>>> year(QueryParams("as_of="), "as_of") is None
True
>>> year(QueryParams("as_of=%C2%B2"), "as_of")
Traceback (most recent call last):
...
diplograph.web.params.BadParameter: as_of: '²' is not a year; give four digits (0-9), 1000 to 9999
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.datastructures import QueryParams

from diplograph.queries import ParameterError

#: The years a view may open at: any four-digit year (the data's own span is far narrower, and the view's time
#: control clamps to it).
YEARS = (1000, 9999)
#: Longest value a message repeats, so a 100 KB value does not come back in the answer.
_SHOWN = 40
_DIGITS = re.compile(r"[0-9]+")
_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


class BadParameter(ParameterError):
    """A parameter's value does not fit what the route takes (answered 400 "Bad parameter")."""


def shown(value: str) -> str:
    """A value as a message quotes it: its repr, cut short.

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (100 characters)"
    """
    if len(value) <= _SHOWN:
        return repr(value)
    return f"{value[:_SHOWN]!r}"[:-1] + f"…' ({len(value):,} characters)"


def single(params: QueryParams, name: str) -> str | None:
    """The one value of a parameter, None when it is absent or empty; BadParameter when it is given twice.

    >>> single(QueryParams("q=camb"), "q"), single(QueryParams("q="), "q"), single(QueryParams(""), "q")
    ('camb', None, None)
    >>> single(QueryParams("q=a&q=b"), "q")
    Traceback (most recent call last):
    ...
    diplograph.web.params.BadParameter: q: given 2 times; give it once
    """
    values = [value for value in params.getlist(name) if value != ""]
    if len(values) > 1:
        raise BadParameter(f"{name}: given {len(values)} times; give it once")
    return values[0] if values else None


def whole(params: QueryParams, name: str, *, low: int, high: int, what: str = "a whole number") -> int | None:
    """A whole number written in ASCII digits, from ``low`` to ``high``; None when absent.

    >>> whole(QueryParams("limit=7"), "limit", low=1, high=50)
    7
    >>> whole(QueryParams("limit=%D9%A7"), "limit", low=1, high=50)
    Traceback (most recent call last):
    ...
    diplograph.web.params.BadParameter: limit: '٧' is not a whole number; give digits (0-9), 1 to 50
    """
    value = single(params, name)
    if value is None:
        return None
    text = value.strip()
    # at most one digit more than the bound has: a 100 KB run of digits is refused before int() reads it
    if not _DIGITS.fullmatch(text) or len(text) > len(str(high)) + 1 or not low <= int(text) <= high:
        raise BadParameter(f"{name}: {shown(value)} is not {what}; give digits (0-9), {low} to {high}")
    return int(text)


def year(params: QueryParams, name: str) -> int | None:
    """A year of four ASCII digits (see ``YEARS``); None when absent."""
    value = single(params, name)
    if value is not None and not re.fullmatch(r"\s*[0-9]{4}\s*", value):
        raise BadParameter(f"{name}: {shown(value)} is not a year; give four digits (0-9), {YEARS[0]} to {YEARS[1]}")
    return whole(params, name, low=YEARS[0], high=YEARS[1], what="a year")


def limit(params: QueryParams, name: str, *, default: int, most: int) -> int:
    """How many answers to give: ``default`` when absent, at most ``most`` (a larger number is cut to it).

    >>> (limit(QueryParams("limit=500"), "limit", default=10, most=50),
    ...  limit(QueryParams(""), "limit", default=10, most=50))
    (50, 10)
    """
    found = whole(params, name, low=1, high=10**9)
    return default if found is None else min(found, most)


def flag(params: QueryParams, name: str) -> bool:
    """A yes-or-no parameter: 1, true or yes; 0, false or no; absent is no.

    >>> flag(QueryParams("embedded=1"), "embedded"), flag(QueryParams(""), "embedded")
    (True, False)
    """
    value = single(params, name)
    if value is None:
        return False
    if value.strip().lower() not in _FLAGS:
        raise BadParameter(f"{name}: {shown(value)} is not a yes or no; give 1 or 0 (or true, false)")
    return _FLAGS[value.strip().lower()]


def choice(params: QueryParams, name: str, options: Iterable[str]) -> str | None:
    """One of a few words (case and surrounding spaces aside); None when absent.

    >>> choice(QueryParams("format=JSON"), "format", ["json", "html"])
    'json'
    """
    value = single(params, name)
    if value is None:
        return None
    offered = list(options)
    if value.strip().lower() not in offered:
        raise BadParameter(f"{name}: {shown(value)} is not one of {', '.join(offered)}")
    return value.strip().lower()
