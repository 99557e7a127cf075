"""A source's text on its page, line by line (each line an anchor, ``#line-12``), every quoted passage marked and
linked to the statement that quotes it.

The text is read from the curated sources (``sources.yaml`` and its corpus folder), as the build reads it; where
the text is not on this machine the page says so and shows the rest.

>>> from diplograph.graph.evidence import SourceText
>>> lines = marked_lines(SourceText("One line.\\nThe quoted words are here.\\n", first_line=5),
...                      [("quoted words", "s1")])
>>> [(line.number, line.parts) for line in lines]
[(5, [('One line.', None)]), (6, [('The ', None), ('quoted words', 's1'), (' are here.', None)])]
"""

from __future__ import annotations

from dataclasses import dataclass

from diplograph.graph.evidence import SourceText
from diplograph.graph.settings import Settings
from diplograph.graph.sources import Source, load_sources


@dataclass
class Line:
    number: int
    parts: list[tuple[str, str | None]]   # (text, the slug of the statement it quotes, or None)


@dataclass
class SourceDocument:
    """What a source's page shows about the document itself, beside what the graph says."""

    source: Source
    lines: list[Line]

    @property
    def url(self) -> str | None:
        return self.source.url


def source_document(settings: Settings, source_id: str, quotes: list[tuple[str, str]]) -> SourceDocument | None:
    """The source's text with its ``quotes`` ((quote, statement slug) pairs) marked; None if it cannot be read."""
    try:
        sources = load_sources(settings.sources_file)
    except Exception:  # noqa: BLE001 - no curated files here: the page shows the graph's side only
        return None
    source = sources.get(source_id)
    if source is None:
        return None
    try:
        text = source.read_text(source.folder(settings))
    except OSError:
        return SourceDocument(source, [])
    return SourceDocument(source, marked_lines(text, quotes))


def marked_lines(text: SourceText, quotes: list[tuple[str, str]]) -> list[Line]:
    """The text's lines, cut where a quoted passage starts and ends (a passage quoted twice is marked once)."""
    marks: list[tuple[int, int, str]] = []
    for quote, slug in quotes:
        found = text.find(quote)
        if found is not None and not any(start < found.end and found.start < end for start, end, _ in marks):
            marks.append((found.start, found.end, slug))
    marks.sort()
    lines: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.original.splitlines(keepends=True), start=text.first_line):
        line_start, line_end = offset, offset + len(raw.rstrip("\n"))
        offset += len(raw)
        parts: list[tuple[str, str | None]] = []
        at = line_start
        for start, end, slug in marks:
            start, end = max(start, line_start), min(end, line_end)
            if start >= end:
                continue
            if start > at:
                parts.append((text.original[at:start], None))
            parts.append((text.original[start:end], slug))
            at = end
        if at < line_end or not parts:
            parts.append((text.original[at:line_end], None))
        lines.append(Line(number, parts))
    return lines


def corpus_settings(curate: Settings | None) -> Settings:
    """Where the texts are: the review pages' curated files when they are served, else the environment's."""
    return curate or Settings.default()

