"""Reading the build's full-text index (``search.sqlite``): quotes and source lines that contain some words.

The index is SQLite FTS5, written by ``diplograph build`` (``graph/textindex.py``) and opened here read-only.
What a person types becomes an FTS5 query of quoted words, each a phrase of its own, so no character of it is
read as FTS5 syntax (``AND``, ``NEAR``, ``"``, ``*``), and it is passed as a bound parameter.

>>> fts_query('blue  helmets'), fts_query('"naval" OR base*'), fts_query('¿?')
('"blue" "helmets"', '"naval" "OR" "base"', None)
"""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from diplograph.graph.outputs import SEARCH_INDEX
from diplograph.graph.textindex import SCHEMA_VERSION

from .resources import browse_url

_WORD = re.compile(r"\w+")
_OPEN, _CLOSE = "\x02", "\x03"  # marks around a matched word in FTS5's highlight(); no text holds them


def fts_query(text: str) -> str | None:
    """An FTS5 query for every word of ``text`` (all of them must be there); None when it has no word."""
    words = _WORD.findall(text)[:12]
    return " ".join(f'"{word}"' for word in words) if words else None


def marked(text: str) -> Markup:
    """Highlighted text as HTML: the text escaped, the matched words in ``<mark>``."""
    return Markup(html.escape(text).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>"))


def line_url(source: str, line: int | str) -> str:
    """Where a line of a source's text is shown: its anchor in the text on the source's page."""
    return f"/source/{source}#line-{line}"


@dataclass
class StatementHit:
    statement: str
    claim: str
    source: str
    line: int | None
    quotes: list[Markup] = field(default_factory=list)

    @property
    def url(self) -> str:
        return browse_url(self.statement)

    @property
    def line_url(self) -> str | None:
        return line_url(self.source, self.line) if self.line else None


@dataclass
class LineHit:
    source: str
    title: str
    line: int
    text: Markup
    statements: int

    @property
    def url(self) -> str:
        return line_url(self.source, self.line)


class TextIndex:
    """The build's full-text index, opened read-only for each search (a new build swaps the file)."""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def of(cls, build: Path) -> TextIndex | None:
        """The index of a build; None when the build has none (an older build) or another layout."""
        path = build / SEARCH_INDEX
        if not path.is_file():
            return None
        index = cls(path)
        try:
            with index._connect() as db:
                if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                    return None
        except sqlite3.Error:
            return None
        return index

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)

    def _matching(self, sql: str, text: str, limit: int) -> list[tuple]:
        """The rows of ``sql`` (an FTS5 query with the MATCH and the LIMIT as its two parameters) for the words of
        ``text``; none when it has no word."""
        query = fts_query(text)
        if query is None:
            return []
        with self._connect() as db:
            return db.execute(sql, (query, limit)).fetchall()

    def statements(self, text: str, limit: int) -> list[StatementHit]:
        """The statements with a quote holding every word of ``text``, best match first."""
        rows = self._matching(
            f"SELECT statement, claim, source, line, highlight(quotes, 0, '{_OPEN}', '{_CLOSE}') FROM quotes "
            "WHERE quotes MATCH ? ORDER BY rank, source, line, statement LIMIT ?", text, limit * 4)
        hits: dict[str, StatementHit] = {}
        for statement, claim, source, line, quote in rows:
            hit = hits.setdefault(statement, StatementHit(statement, claim, source, line))
            if marked(quote) not in hit.quotes:
                hit.quotes.append(marked(quote))
        return list(hits.values())[:limit]

    def lines(self, text: str, limit: int) -> list[LineHit]:
        """The lines of the sources holding every word of ``text``, with how many statements quote each."""
        rows = self._matching(
            f"SELECT lines.source, COALESCE(sources.title, lines.source), lines.line, "
            f"highlight(lines, 0, '{_OPEN}', '{_CLOSE}'), lines.statements FROM lines "
            "LEFT JOIN sources ON sources.source = lines.source "
            "WHERE lines MATCH ? ORDER BY rank, lines.source, lines.line LIMIT ?", text, limit)
        return [LineHit(source, title, int(line), marked(body), int(count))
                for source, title, line, body, count in rows]
