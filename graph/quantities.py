"""Numbers as curators write them, with the words the sources use for scale.

>>> parse_number("1.3 billion")
Decimal('1300000000')
>>> parse_number("8,300")
Decimal('8300')
>>> parse_number(4.5)
Decimal('4.5')
>>> parse_number("many") is None
True
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SCALES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
           "trillion": Decimal(10) ** 12}
_NUMBER = re.compile(r"^\s*(-?[0-9][0-9,_]*(?:\.[0-9]+)?)\s*(thousand|million|billion|trillion)?\s*$", re.IGNORECASE)


def parse_number(value: object) -> Decimal | None:
    """A Decimal for 338, 4.5, '1.3 billion' or '8,300'; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    match = _NUMBER.match(str(value))
    if not match:
        return None
    try:
        number = Decimal(match.group(1).replace(",", "").replace("_", ""))
    except InvalidOperation:
        return None
    scale = match.group(2)
    result = number * _SCALES[scale.lower()] if scale else number
    # 1.3 billion is a whole number: write it as one, not as 1300000000.0
    return Decimal(int(result)) if result == result.to_integral_value() else result
