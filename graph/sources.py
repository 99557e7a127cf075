"""The source documents of the corpus, their metadata and their texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Problems
from .evidence import SourceText
from .settings import Settings, display_path
from .timeparse import parse_time
from .yamlfile import LocatedDict, load_file

SOURCE_KEYS = {
    "title", "author", "affiliation", "publisher", "publisher_note", "series",
    "date", "date_note", "type", "file", "lines", "url", "sha256", "version", "corpus",
}
DOCUMENT_TYPES = {"Article", "FactSheet", "Report"}


@dataclass(frozen=True)
class Source:
    """One document of the corpus."""

    id: str
    title: str
    author: str
    date: str
    type: str
    file: str
    lines: tuple[int, int] | None
    affiliation: str | None = None
    publisher: str | None = None
    publisher_note: str | None = None
    series: str | None = None
    date_note: str | None = None
    url: str | None = None
    sha256: str | None = None  # of the normalised text, for sources added by `diplograph ingest`
    version: int = 1  # a changed text registered again under the same id is the next version
    corpus: str | None = None  # its own corpus folder, relative to the curated data; None: the corpus setting
    line: int = 0  # where it is described in sources.yaml

    def folder(self, settings: Settings) -> Path:
        """The corpus folder that holds the text: the source's own, kept with the curated data, or the setting's.

        >>> from pathlib import Path
        >>> settings = Settings(data=Path("/d/graph"), corpus=Path("/d/seeds"), build=Path("/d/build"))
        >>> Source("a", "A", "x", "2024", "Article", "a.txt", None).folder(settings)
        PosixPath('/d/seeds')
        >>> Source("b", "B", "x", "2024", "Article", "b.txt", None, corpus="corpus").folder(settings)
        PosixPath('/d/graph/corpus')
        """
        return settings.data / self.corpus if self.corpus else settings.corpus

    def read_text(self, corpus: Path) -> SourceText:
        """The document's text: the whole file, or its line range."""
        lines = (corpus / self.file).read_text(encoding="utf-8").splitlines(keepends=True)
        first, last = self.lines or (1, len(lines))
        return SourceText("".join(lines[first - 1:last]), first_line=first)


def load_sources(path: Path) -> dict[str, Source]:
    """Read sources.yaml; raise CurationError naming file, line and field on any problem."""
    name = display_path(path)
    doc = load_file(path, name)
    problems = Problems()
    sources: dict[str, Source] = {}
    if not isinstance(doc, LocatedDict):
        problems.add(name, None, None, "sources.yaml is a mapping of source id to its description")
        problems.raise_if_any()
    for source_id, body in doc.items():
        line = doc.line_of(source_id)
        if not isinstance(body, LocatedDict):
            problems.add(name, line, str(source_id), "a source is a mapping of its metadata")
            continue
        for key in body:
            if key not in SOURCE_KEYS:
                problems.add(name, body.line_of(key), key, f"unknown key (allowed: {', '.join(sorted(SOURCE_KEYS))})")
        for key in ("title", "author", "date", "file", "type"):
            if body.get(key) in (None, ""):
                problems.add(name, body.line_of(key), key, "required")  # an absent key points at its source's line
        if body.get("type") not in DOCUMENT_TYPES:
            problems.add(name, body.line_of("type"), "type", f"one of {', '.join(sorted(DOCUMENT_TYPES))}")
        date = body.get("date")
        if isinstance(date, dt.date):
            date = date.isoformat()
        if date is not None and parse_time(date) is None:
            problems.add(name, body.line_of("date"), "date", f"{date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        lines = body.get("lines")
        if lines is not None and not (
            isinstance(lines, list) and len(lines) == 2 and all(isinstance(n, int) and n > 0 for n in lines)
            and lines[0] <= lines[1]
        ):
            problems.add(name, body.line_of("lines"), "lines", "a pair [first, last] of line numbers")
            lines = None
        corpus = body.get("corpus")
        if corpus is not None and not _relative_folder(corpus):
            problems.add(name, body.line_of("corpus"), "corpus",
                         f"{corpus!r} is not a folder relative to the curated data (such as corpus); leave the key "
                         "out for a text in the corpus setting's folder")
            corpus = None
        sources[str(source_id)] = Source(
            id=str(source_id),
            title=str(body.get("title", "")),
            author=str(body.get("author", "")),
            date=str(date),
            type=str(body.get("type")),
            file=str(body.get("file", "")),
            lines=tuple(lines) if lines else None,
            affiliation=body.get("affiliation"),
            publisher=body.get("publisher"),
            publisher_note=body.get("publisher_note"),
            series=body.get("series"),
            date_note=body.get("date_note"),
            url=body.get("url"),
            sha256=body.get("sha256"),
            version=int(body["version"]) if isinstance(body.get("version"), int) else 1,
            corpus=corpus,
            line=line,
        )
    problems.raise_if_any()
    return sources


def _relative_folder(value: object) -> bool:
    """A folder below the curated data: a relative path that does not climb out of it.

    >>> [_relative_folder(v) for v in ("corpus", "texts/2024", "../seeds", "/abs", "", 3)]
    [True, True, False, False, False, False]
    """
    if not isinstance(value, str) or not value.strip():
        return False
    path = PurePosixPath(value)
    return not path.is_absolute() and ".." not in path.parts
