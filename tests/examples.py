"""How many examples a property-based test tries: its full count in `make test`, a quarter in `make test-fast`.

The count a test asks for is scaled by the active Hypothesis profile (`--hypothesis-profile`), whose
``max_examples`` is read against Hypothesis's own default of 100. `make test-fast` loads the profile
``fast`` (registered in ``conftest.py``): the quick loop tries fewer inputs, the whole suite tries them all.
"""

from __future__ import annotations

from hypothesis import settings

_HYPOTHESIS_DEFAULT = 100


def examples(count: int) -> int:
    """``count`` scaled by the profile, never below 10 (fewer finds nothing a developer could act on)."""
    return max(10, count * settings.default.max_examples // _HYPOTHESIS_DEFAULT)
