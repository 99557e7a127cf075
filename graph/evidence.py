"""Checking quoted evidence against the source text.

A quote must appear verbatim in its document once white space and the shape of
quote marks are normalised; nothing else is forgiven.

>>> text = SourceText("Hun Sen\\u2019s visit to Japan\\nin August was the third.")
>>> match = text.find("Hun Sen's visit to Japan in August")
>>> match.line, match.exact
(1, 'Hun Sen’s visit to Japan in August')
>>> text.find("Hun Sen visited Japan") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUOTE_LENGTH = 300
CONTEXT = 32

_QUOTE_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold quote marks to their straight forms and runs of white space to one space."""
    return _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: the source's own words, their line, and context either side."""

    exact: str
    prefix: str
    suffix: str
    line: int
    start: int  # character offset in the source text
    end: int


class SourceText:
    """The text of one source document, searchable for normalised quotes.

    ``first_line`` is the line number of the text's first line in its file, so
    that matches report file lines when a file holds several documents.
    """

    def __init__(self, text: str, first_line: int = 1):
        self.original = text
        self.first_line = first_line
        chars: list[str] = []
        positions: list[int] = []
        previous_space = True
        translated = text.translate(_QUOTE_MARKS)
        for index, char in enumerate(translated):
            if char.isspace():
                if previous_space:
                    continue
                char = " "
                previous_space = True
            else:
                previous_space = False
            chars.append(char)
            positions.append(index)
        self.normalised = "".join(chars)
        self._positions = positions
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def find(self, quote: str) -> QuoteMatch | None:
        """The first place the quote appears, or None."""
        needle = normalise(quote)
        if not needle:
            return None
        at = self.normalised.find(needle)
        if at < 0:
            return None
        start = self._positions[at]
        end = self._positions[at + len(needle) - 1] + 1
        return QuoteMatch(
            exact=_SPACE.sub(" ", self.original[start:end]),
            prefix=_SPACE.sub(" ", self.original[max(0, start - CONTEXT * 2):start])[-CONTEXT:].lstrip(),
            suffix=_SPACE.sub(" ", self.original[end:end + CONTEXT * 2])[:CONTEXT].rstrip(),
            line=self._line_of(start),
            start=start,
            end=end,
        )

    def _line_of(self, offset: int) -> int:
        low, high = 0, len(self._line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return self.first_line + low
