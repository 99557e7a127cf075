"""Reading a document of any usual kind into plain text with its own metadata.

Each kind is read by a well-kept library: trafilatura for web pages (the main
text, without menus and footers), pypdf for a PDF's text layer, python-docx for
Word documents; text and Markdown are read as they are. The text keeps its line
structure (one paragraph or line per line) and is normalised the same way for
every kind (see :func:`normalise_text`), so that quotes can be found in it and its
checksum names the text, not the file it came in.

>>> normalise_text("Phnom Penh\\r\\n\\r\\n\\r\\n\\r\\nsigned  \\r\\n")
'Phnom Penh\\n\\nsigned\\n'
>>> checksum("a\\n") == checksum("a\\n")
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
_BLANK_RUN = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DocumentError(ValueError):
    """A document that cannot become a source; the message names the file and what to do."""


@dataclass
class Document:
    """A document's normalised text and whatever metadata the document itself carries."""

    path: Path
    kind: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, date, publisher, url

    @property
    def sha256(self) -> str:
        return checksum(self.text)

    @property
    def words(self) -> int:
        return len(self.text.split())


def normalise_text(text: str) -> str:
    """NFC, Unix line ends, no control characters, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


def checksum(text: str) -> str:
    """The SHA-256 of a normalised text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_document(path: Path, *, encoding: str | None = None) -> Document:
    """Read a document; raise DocumentError naming the file and what to do when it cannot be read."""
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(f"{path}: unknown kind of document {path.suffix or '(no suffix)'!r}; "
                            f"diplograph reads {', '.join(sorted(SUFFIXES))}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror or error}); check its permissions") from None
    if not data.strip():
        raise DocumentError(f"{path}: the file is empty; nothing to ingest")
    reader = {"text": _read_text, "markdown": _read_markdown, "html": _read_html, "pdf": _read_pdf,
              "docx": _read_docx}[kind]
    text, metadata = reader(path, data, encoding)
    text = normalise_text(text)
    if not text.strip():
        raise DocumentError(f"{path}: no text found in this {kind} document; nothing to ingest")
    return Document(path, kind, text, {k: v for k, v in metadata.items() if v})


def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            f"{path}: line {line}: not valid {encoding or 'UTF-8'} (byte {error.start}: "
            f"{data[error.start:error.start + 1]!r}); save the file as UTF-8, or give its encoding with "
            "--encoding (for example --encoding cp1252)") from None
    except LookupError:
        raise DocumentError(f"{path}: unknown encoding {encoding!r}") from None


def _read_text(path: Path, data: bytes, encoding: str | None) -> tuple[str, dict[str, str]]:
    return _decode(path, data, encoding), {}


def _read_markdown(path: Path, data: bytes, encoding: str | None) -> tuple[str, dict[str, str]]:
    text = _decode(path, data, encoding)
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return text, {"title": heading.group(1)} if heading else {}


def _read_html(path: Path, data: bytes, encoding: str | None) -> tuple[str, dict[str, str]]:
    import trafilatura

    markup = _decode(path, data, encoding) if encoding else data.decode("utf-8", errors="replace")
    text = trafilatura.extract(markup, output_format="txt", include_comments=False, include_tables=True,
                               favor_recall=True, with_metadata=False)
    metadata = trafilatura.extract_metadata(markup)
    found: dict[str, str] = {}
    if metadata is not None:
        for key, attribute in (("title", "title"), ("author", "author"), ("date", "date"),
                               ("publisher", "sitename"), ("url", "url")):
            value = getattr(metadata, attribute, None)
            if value:
                found[key] = str(value)
    return text or "", found


def _read_pdf(path: Path, data: bytes, encoding: str | None) -> tuple[str, dict[str, str]]:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as error:
        raise DocumentError(f"{path}: not a readable PDF ({error}); check the file is complete") from None
    if not "".join(pages).strip():
        raise DocumentError(f"{path}: this PDF has no text layer (a scan?); run OCR on it first "
                            "(for example `ocrmypdf in.pdf out.pdf`) and ingest the result")
    info = reader.metadata
    found: dict[str, str] = {}
    if info is not None:
        found = {"title": info.title or "", "author": info.author or ""}
        created = info.creation_date if info.get("/CreationDate") else None
        if isinstance(created, dt.datetime):
            found["date"] = created.date().isoformat()
    return "\n".join(pages), found


def _read_docx(path: Path, data: bytes, encoding: str | None) -> tuple[str, dict[str, str]]:
    from io import BytesIO
    from zipfile import BadZipFile

    import docx

    try:
        document = docx.Document(BytesIO(data))
    except (BadZipFile, KeyError, ValueError) as error:
        raise DocumentError(f"{path}: not a readable Word document ({error}); save it again as .docx") from None
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    properties = document.core_properties
    found = {"title": properties.title or "", "author": properties.author or ""}
    if isinstance(properties.created, dt.datetime):
        found["date"] = properties.created.date().isoformat()
    return "\n\n".join(p for p in paragraphs if p.strip()), found
