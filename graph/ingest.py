"""Making a document a source: its text in the corpus, its description in ``sources.yaml``.

The text is stored normalised (see :mod:`.documents`) in the corpus folder as ``<id>.txt``
(``<id>.v2.txt`` for a second version, and so on); the source is described from the
document's own metadata where it has it and from the caller's fields where not, with
the SHA-256 of its text. The checksum makes ingesting idempotent: a text already in the
corpus is recognised and nothing is written. A changed text under the same id is a new
version, registered only when every accepted fact of the source still finds its quote
in it (or when forced, in which case the build names the facts to fix).

Every file is written atomically, the registry last, and nothing is written unless all
checks pass: a failed ingest leaves the curated files as they were.

>>> slugify("Chheang Vannarith")
'chheang-vannarith'
>>> default_id("Oliver Ward", "2017-08")
'ward-2017'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .documents import Document, DocumentError, checksum, normalise_text
from .entities import SLUG
from .errors import CurationError
from .evidence import SourceText
from .imports.output import write_atomically
from .settings import Settings, display_path
from .sources import DOCUMENT_TYPES, Source, load_sources
from .timeparse import parse_time
from .yamlfile import LocatedDict, load_file

INGESTED_ENTITIES = "ingested.yaml"  # entities/ file that authors and publishers named by ingest go into
_ORGANISATION_WORDS = re.compile(
    r"\b(department|ministry|institute|institution|centre|center|university|forum|council|office|agency|"
    r"foundation|association|bank|times|post|news|press|review|journal|government|commission|committee|"
    r"organi[sz]ation|society|group|network|school|college|the)\b", re.IGNORECASE)


@dataclass
class SourceFields:
    """What the caller says about the document; each field given here wins over the document's own metadata."""

    id: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    type: str = "Article"


@dataclass
class IngestResult:
    """What an ingest did: ``status`` is "added", "unchanged" or "new-version"."""

    status: str
    source_id: str
    file: str
    sha256: str
    version: int = 1
    entities_added: list[str] = field(default_factory=list)
    facts_rechecked: int = 0
    quotes_lost: list[str] = field(default_factory=list)  # file:line: quote, for a forced new version
    written: list[str] = field(default_factory=list)


def slugify(name: str) -> str:
    """A slug (lower-case words joined by hyphens) for a name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def default_id(author: str, date: str) -> str:
    """``<author's last word>-<year>``, as the corpus names its sources."""
    words = slugify(author).split("-")
    return f"{words[-1] if words else 'source'}-{date[:4]}"


def ingest(document: Document, settings: Settings, fields: SourceFields, *, new_version: bool = False,
           force: bool = False) -> IngestResult:
    """Register ``document`` as a source; raise DocumentError (nothing written) when it cannot be."""
    if fields.date not in (None, "") and parse_time(str(fields.date).strip()) is None:
        raise DocumentError(f"{document.path}: --date {fields.date!r} is not a date; write YYYY, YYYY-MM or "
                            "YYYY-MM-DD (for example 2024-05-16)")
    sources = load_sources(settings.sources_file)
    sha = document.sha256
    known = _source_with_text(sources, settings, sha)
    if known is not None:
        return IngestResult("unchanged", known.id, known.file, sha, _version_of(settings, known.id))

    registry = display_path(settings.sources_file)
    if fields.id and fields.id in sources:
        if not new_version:
            raise DocumentError(
                f"{document.path}: source id {fields.id!r} is already taken ({registry}:{sources[fields.id].line}) "
                "by another text; choose another --id, or pass --new-version to register this text as a new "
                f"version of {fields.id!r}")
        return _new_version(document, settings, sources[fields.id], force)
    if new_version:
        raise DocumentError(f"{document.path}: --new-version needs the id of a registered source (--id); "
                            f"{fields.id or '(none given)'!r} is not one")
    description = _describe(document, fields)
    source_id = description.pop("id")
    if source_id in sources:
        raise DocumentError(f"{document.path}: source id {source_id!r} is already taken "
                            f"({registry}:{sources[source_id].line}); give this document another with --id")

    corpus_file = f"{source_id}.txt"
    _check_free(settings.corpus / corpus_file, document)
    entities_text, added = _entities_for(settings, description)
    body = {**description, "file": corpus_file, "sha256": sha}
    own_folder = _folder_in_data(settings)
    if own_folder is not None:  # kept with the curated data: the source says where, for any later corpus setting
        body["corpus"] = own_folder

    written = [_write(settings.corpus / corpus_file, document.text)]
    if added:
        written.append(_write(settings.entities_dir / INGESTED_ENTITIES, entities_text))
    facts_file = settings.facts_dir / f"{source_id}.yaml"
    if not facts_file.exists():
        written.append(_write(facts_file, f"source: {source_id}\n# Facts from {body['title']!r}; "
                                          f"`diplograph propose {source_id}` suggests some.\nfacts: []\n"))
    registry_text = settings.sources_file.read_text(encoding="utf-8")
    written.append(_write(settings.sources_file, registry_text.rstrip("\n") + "\n" + _yaml({source_id: body})))
    return IngestResult("added", source_id, corpus_file, sha, 1, added, written=written)


# -- the document's description -------------------------------------------------------------

def _describe(document: Document, fields: SourceFields) -> dict:
    given = {key: getattr(fields, key) for key in ("title", "author", "date", "publisher", "url")}
    merged = {key: (value if value not in (None, "") else document.metadata.get(key)) for key, value in given.items()}
    if not merged["title"]:
        merged["title"] = _first_line(document.text)
    for key, option in (("author", "--author NAME"), ("date", "--date YYYY-MM-DD")):
        if not merged[key]:
            raise DocumentError(f"{document.path}: the document does not say its {key}; give it with {option}")
    date = str(merged["date"]).strip()
    if parse_time(date) is None:
        parsed = _iso_date(date) if fields.date in (None, "") else None  # only the document's own metadata is read
        if parsed is None:
            raise DocumentError(f"{document.path}: date {date!r} is not a date; give --date as YYYY, YYYY-MM or "
                                "YYYY-MM-DD")
        date = parsed
    if fields.type not in DOCUMENT_TYPES:
        raise DocumentError(f"{document.path}: type {fields.type!r} is not one of {', '.join(sorted(DOCUMENT_TYPES))}")
    source_id = fields.id or default_id(str(merged["author"]), date)
    if not SLUG.match(source_id):
        raise DocumentError(f"{document.path}: id {source_id!r} is not lower-case words joined by hyphens "
                            "(for example ward-2017); give another with --id")
    description = {"id": source_id, "title": str(merged["title"]), "author": str(merged["author"]),
                   "publisher": merged["publisher"], "date": date, "type": fields.type}
    if merged["url"]:
        description["url"] = str(merged["url"])
    return description


def _first_line(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return stripped[:200]
    return "Untitled"


def _iso_date(value: str) -> str | None:
    """A date in the forms document metadata uses (ISO 8601 date-times) at day precision."""
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


# -- entities for the author and publisher --------------------------------------------------

def _entities_for(settings: Settings, description: dict) -> tuple[str, list[str]]:
    """Point author and publisher at entities (by slug or name), adding the missing ones; the new entities file."""
    existing = _entity_names(settings.entities_dir)
    path = settings.entities_dir / INGESTED_ENTITIES
    text = path.read_text(encoding="utf-8") if path.exists() else (
        "# Authors and publishers of ingested sources, added by `diplograph ingest`; edit them freely.\n")
    added: list[str] = []
    for key in ("author", "publisher"):
        name = description.get(key)
        if not name:
            description.pop(key, None)
            continue
        slug = existing.get(name) or existing.get(name.lower()) or slugify(name)
        if not slug or not SLUG.match(slug):
            raise DocumentError(f"{key} {name!r} cannot be named by a slug; give it with --{key}")
        if slug not in existing.values():
            kind = "Person" if key == "author" and not _ORGANISATION_WORDS.search(name) else "Organisation"
            text = text.rstrip("\n") + "\n" + _yaml({slug: {"type": kind, "label": name}})
            existing[name] = slug
            added.append(slug)
        description[key] = slug
    return text, added


def _entity_names(folder: Path) -> dict[str, str]:
    """Every entity's slug, label and aliases (and their lower case), to the slug."""
    names: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        doc = load_file(path, display_path(path))
        if not isinstance(doc, LocatedDict):
            continue
        for slug, body in doc.items():
            names[str(slug)] = str(slug)
            if isinstance(body, dict):
                for name in [body.get("label"), *(body.get("aliases") or [])]:
                    if isinstance(name, str):
                        names.setdefault(name, str(slug))
                        names.setdefault(name.lower(), str(slug))
    return names


# -- versions ---------------------------------------------------------------------------------

def _new_version(document: Document, settings: Settings, source: Source, force: bool) -> IngestResult:
    """Register a changed text of ``source``, once its accepted facts' quotes are found in it."""
    version = _version_of(settings, source.id) + 1
    corpus_file = f"{source.id}.v{version}.txt"
    folder = source.folder(settings)
    _check_free(folder / corpus_file, document)
    checked, lost = _recheck_quotes(settings, source.id, document.text)
    if lost and not force:
        listed = "\n  ".join(lost)
        raise DocumentError(
            f"{document.path}: {len(lost)} quote(s) of {source.id}'s accepted facts are not in the new text:\n  "
            f"{listed}\nFix those facts first, or pass --force to register the new version anyway (the build "
            "will then name each fact to fix).")
    written = [_write(folder / corpus_file, document.text)]
    written.append(_write(settings.sources_file, _replace_entry(settings.sources_file, source.id, {
        "file": corpus_file, "lines": None, "sha256": document.sha256, "version": version})))
    return IngestResult("new-version", source.id, corpus_file, document.sha256, version, facts_rechecked=checked,
                        quotes_lost=lost, written=written)


def _recheck_quotes(settings: Settings, source_id: str, text: str) -> tuple[int, list[str]]:
    """How many facts of the source were checked, and every quote of theirs the new text lacks."""
    from .build import parse_inputs  # the whole curated set: facts are checked against entities and vocabulary

    try:
        facts = [f for f in parse_inputs(settings).facts if f.source == source_id]
    except CurationError as error:
        raise DocumentError(f"the curated files have problems; fix them before adding a version:\n{error}") from None
    searchable = SourceText(text)
    lost = [f"{fact.file}:{fact.quote_line}: {quote!r}" for fact in facts for quote in fact.quotes
            if searchable.find(quote) is None]
    return len(facts), lost


def _version_of(settings: Settings, source_id: str) -> int:
    doc = load_file(settings.sources_file, display_path(settings.sources_file))
    body = doc.get(source_id) if isinstance(doc, dict) else None
    return int(body.get("version", 1)) if isinstance(body, dict) else 1


def _replace_entry(path: Path, source_id: str, changes: dict) -> str:
    """The registry's text with one entry's block rewritten with ``changes`` (a None value removes a key).

    Only that entry's lines change; every other line, comments included, stays as it was.
    """
    text = path.read_text(encoding="utf-8")
    doc = load_file(path, display_path(path))
    lines = text.splitlines(keepends=True)
    keys = list(doc)
    start = doc.line_of(source_id) - 1
    index = keys.index(source_id)
    end = doc.line_of(keys[index + 1]) - 1 if index + 1 < len(keys) else len(lines)
    while end > start + 1 and lines[end - 1].lstrip().startswith("#"):  # comments above the next entry stay its own
        end -= 1
    body = {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in doc[source_id].items()}
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return "".join(lines[:start]) + _yaml({source_id: body}) + "".join(lines[end:])


# -- small helpers ------------------------------------------------------------------------------

def _folder_in_data(settings: Settings) -> str | None:
    """The corpus folder relative to the curated data when it lies inside it (its texts travel with the data).

    >>> from pathlib import Path
    >>> _folder_in_data(Settings(data=Path("/p/graph"), corpus=Path("/p/graph/corpus"), build=Path("/b")))
    'corpus'
    >>> _folder_in_data(Settings(data=Path("/p/graph"), corpus=Path("/p/seeds"), build=Path("/b"))) is None
    True
    """
    try:
        relative = settings.corpus.resolve().relative_to(settings.data.resolve())
    except ValueError:
        return None
    return relative.as_posix() if relative.parts else None


def _source_with_text(sources: dict[str, Source], settings: Settings, sha: str) -> Source | None:
    """The registered source whose text has this checksum, recorded or computed from its corpus folder."""
    for source in sources.values():
        recorded = source.sha256
        folder = source.folder(settings)
        if recorded is None and (folder / source.file).is_file():
            recorded = checksum(normalise_text(source.read_text(folder).original))
        if recorded == sha:
            return source
    return None


def _check_free(path: Path, document: Document) -> None:
    if path.exists() and checksum(path.read_text(encoding="utf-8")) != document.sha256:
        raise DocumentError(f"{document.path}: the corpus already holds another text at {path}; nothing was "
                            "written. Choose another --id, or move that file away")


def _write(path: Path, text: str) -> str:
    write_atomically(text.encode("utf-8"), path)
    return display_path(path)


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
