"""The full-text index the build writes beside the dataset: the quoted evidence and every line of the sources.

One SQLite file (``search.sqlite``, see :mod:`.outputs`) with FTS5 tables, made from what the build has just
checked: the statements' quotes (from the dataset, so each hit links to its statement) and each source text's
lines, numbered as the quotes' ``dg:sourceLine`` numbers them (the file's own line numbers). A line that no
quote starts on is text the graph mentions but draws no fact from yet.

The index is written in the build's staging folder like every other output, so a failed build leaves the
previous one (index included) whole. Readers: :func:`diplograph.graph.outputs.search_index`.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_index(folder / "search.sqlite",
...             [Quote("https://w3id.org/diplograph/statement/s-1", "Cambodia has blue helmets", "s", 3,
...                    "they sent blue helmets abroad")],
...             [Line("s", 3, "In 2006 they sent blue helmets abroad."), Line("s", 4, "A naval base was rumoured.")],
...             {"s": "A source"})
>>> import sqlite3
>>> with sqlite3.connect(folder / "search.sqlite") as db:
...     db.execute("SELECT source, line, statements FROM lines WHERE lines MATCH 'naval'").fetchall()
[('s', 4, 0)]
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from diplograph.sparql import queryfiles

#: The index's layout; a reader checks it and treats any other as no index.
SCHEMA_VERSION = 1
#: Words are matched with their accents and case folded; `porter` matches "helmet" with "helmets".
TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Quote:
    """One quoted passage of a statement."""

    statement: str  # the statement's IRI
    claim: str  # the statement's label
    source: str  # the source's id
    line: int | None
    text: str


@dataclass(frozen=True)
class Line:
    """One line of a source's text, numbered as in its file."""

    source: str
    number: int
    text: str


def quotes_from_store(store: ox.Store) -> list[Quote]:
    """Every statement's quotes, from the built dataset (``queries/quotes.rq``)."""
    rows = store.query(queryfiles.read("diplograph.graph", "quotes"))
    found = []
    for row in rows:  # type: ignore[union-attr]
        line = row["line"]
        found.append(Quote(row["statement"].value, row["claim"].value, row["source"].value,
                           int(line.value) if line is not None else None, row["quote"].value))
    return found


def lines_of(source: str, text: str, first_line: int) -> Iterator[Line]:
    """The non-blank lines of a source's text, numbered from ``first_line``.

    >>> [(line.number, line.text) for line in lines_of("s", "One.\\n\\n  Two. \\n", 10)]
    [(10, 'One.'), (12, 'Two.')]
    """
    for offset, text_line in enumerate(text.splitlines()):
        if text_line.strip():
            yield Line(source, first_line + offset, text_line.strip())


def write_index(path: Path, quotes: Iterable[Quote], lines: Iterable[Line], titles: dict[str, str]) -> None:
    """Write the index to ``path`` (a new file), in a fixed order so two builds of the same inputs are alike."""
    quotes = sorted(quotes, key=lambda q: (q.source, q.line or 0, q.statement, q.text))
    lines = sorted(lines, key=lambda line: (line.source, line.number))
    drawn = Counter((quote.source, quote.line) for quote in quotes if quote.line is not None)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("CREATE TABLE sources (source TEXT PRIMARY KEY, title TEXT NOT NULL)")
            db.execute(f"CREATE VIRTUAL TABLE quotes USING fts5(text, claim, statement UNINDEXED, source UNINDEXED, "
                       f"line UNINDEXED, tokenize = '{TOKENIZER}')")
            db.execute(f"CREATE VIRTUAL TABLE lines USING fts5(text, source UNINDEXED, line UNINDEXED, "
                       f"statements UNINDEXED, tokenize = '{TOKENIZER}')")
            db.executemany("INSERT INTO sources VALUES (?, ?)", sorted(titles.items()))
            db.executemany("INSERT INTO quotes (text, claim, statement, source, line) VALUES (?, ?, ?, ?, ?)",
                           [(q.text, q.claim, q.statement, q.source, q.line) for q in quotes])
            db.executemany("INSERT INTO lines (text, source, line, statements) VALUES (?, ?, ?, ?)",
                           [(line.text, line.source, line.number, drawn[(line.source, line.number)])
                            for line in lines])
            db.execute("INSERT INTO quotes(quotes) VALUES ('optimize')")
            db.execute("INSERT INTO lines(lines) VALUES ('optimize')")
        db.execute("VACUUM")
    finally:
        db.close()
