"""Reviewing proposals in the browser (``diplograph serve --curate``): a page per source, its text beside its
candidates, and forms that accept, edit or reject them through the same :class:`Review` as ``diplograph review``.

These routes exist only when the server was started with ``--curate``, which it allows on a loopback address
only. Every POST must come from this server's own pages: a Host that is a loopback name, an Origin (when the
browser sends one) equal to this server's, a ``Sec-Fetch-Site`` (when sent) of ``same-origin``, and the form's
token, made from the session's cookie with a key only this process knows.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import subprocess
import sys
import tempfile
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from diplograph.graph.errors import CurationError
from diplograph.graph.evidence import QuoteMatch
from diplograph.graph.proposals.decide import DecisionError, Review, terms
from diplograph.graph.settings import Settings

from .errors import plain_text
from .templates import render

COOKIE = "diplograph_curate"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
EDIT_FIELDS = ("p", "s", "o", "time", "start", "end")
MAX_FORM_BYTES = 64 * 1024


def is_loopback(host: str) -> bool:
    """Whether a host name or address reaches this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("10.0.0.2")
    (True, True, False, False)
    """
    return host in LOOPBACK_HOSTS or host.startswith("127.")


@dataclass
class Curation:
    """What the curation pages share: the curated files' settings, the reviewer, the sessions' key, the reviews."""

    settings: Settings
    build: Path
    reviewer: str | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    reviews: dict[str, Review] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    rebuild: Rebuild | None = None

    def token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def review(self, source_id: str) -> Review:
        if source_id not in self.reviews:
            path = self.settings.data / "review" / f"{source_id}.yaml"
            self.reviews[source_id] = Review.open(self.settings, source_id, path, self.reviewer)
        return self.reviews[source_id]


class Rebuild:
    """`diplograph build` in a process of its own; the server goes on answering while it runs."""

    def __init__(self, settings: Settings, build: Path):
        self.log = tempfile.NamedTemporaryFile(prefix="diplograph-rebuild-", suffix=".log", delete=False)  # noqa: SIM115
        command = [sys.executable, "-m", "diplograph", "build", "--data", str(settings.data), "--corpus",
                   str(settings.corpus), "--build-dir", str(build)]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    @property
    def status(self) -> str:
        code = self.process.poll()
        return "running" if code is None else "passed" if code == 0 else "failed"

    @property
    def output(self) -> str:
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")


def routes() -> list[Route]:
    return [
        Route("/curate", index, name="curate"),
        Route("/curate/build", rebuild, methods=["GET", "POST"], name="curate_build"),
        Route("/curate/{source}", page, name="curate_source"),
        Route("/curate/{source}/entry", decide_entry, methods=["POST"], name="curate_entry"),
        Route("/curate/{source}/entity", decide_entity, methods=["POST"], name="curate_entity"),
    ]


def _curation(request: Request) -> Curation:
    return request.app.state.curation


def _session(request: Request) -> tuple[str, bool]:
    """The session's id from its cookie, or a new one (to be set)."""
    found = request.cookies.get(COOKIE, "")
    if len(found) == 32 and found.isalnum():
        return found, False
    return secrets.token_hex(16), True


def _with_session(response: Response, session: str, new: bool) -> Response:
    if new:
        response.set_cookie(COOKIE, session, httponly=True, samesite="strict", path="/curate")
    response.headers["Cache-Control"] = "no-store"
    return response


def _refuse_foreign(request: Request, form: dict[str, Any]) -> Response | None:
    """A 403 for a POST that did not come from this server's own page; None when it did."""
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    if not is_loopback(name):
        return plain_text(f"Curation answers loopback names only, not {host!r}.", 403)
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{host}":
        return plain_text(f"Cross-origin request refused: {origin} is not this server.", 403)
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return plain_text(f"Cross-site request refused (Sec-Fetch-Site: {site}).", 403)
    session = request.cookies.get(COOKIE, "")
    token = str(form.get("token", ""))
    if not session or not hmac.compare_digest(token, _curation(request).token(session)):
        return plain_text("The form's token does not match this session: reload the page and try again.", 403)
    return None


# --- pages -----------------------------------------------------------------------------------------------

async def index(request: Request) -> Response:
    """The sources that have a review file, with how many entries wait."""
    curation = _curation(request)
    folder = curation.settings.data / "review"
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            review = await run_in_threadpool(curation.review, path.stem)
            state = review.read()
            found.append({"id": path.stem, "pending": len(state.pending()), "total": len(state.entries),
                          "title": review.source.title})
        except (DecisionError, CurationError) as error:
            found.append({"id": path.stem, "error": str(error)})
    session, new = _session(request)
    return _with_session(render(request, "curate_index.html", {"sources": found, **_build_state(curation)}),
                         session, new)


async def page(request: Request, problems: list[str] | None = None, status: int = 200,
               focus: str | None = None) -> Response:
    """A source's text, its quoted sentences marked, beside its candidates grouped by sentence."""
    curation = _curation(request)
    source_id = request.path_params["source"]
    try:
        review = await run_in_threadpool(curation.review, source_id)
        state = await run_in_threadpool(review.read)
    except (DecisionError, CurationError) as error:
        raise HTTPException(404, str(error)) from None
    entities = await run_in_threadpool(review.entities)
    groups, segments = _layout(review, state.entries)
    session, new = _session(request)
    context = {
        "source": review.source, "review": state, "groups": groups, "segments": segments,
        "problems": problems or [], "focus": focus, "token": curation.token(session), "reviewer": review.reviewer,
        "terms": terms(review.vocabulary, entities), "pending": len(state.pending()),
        "new_entities": list(state.entities.values()), **_build_state(curation),
    }
    return _with_session(render(request, "curate.html", context, status_code=status), session, new)


@dataclass
class Group:
    """The candidates one passage of the text supports."""

    id: str
    line: int
    exact: str
    items: list = field(default_factory=list)


def _layout(review: Review, entries: list) -> tuple[list[Group], list[tuple[str, str | None]]]:
    """Candidates grouped by the passage they quote, and the text cut into plain and marked segments."""
    groups: dict[tuple[int, int], Group] = {}
    unplaced = Group("unplaced", 0, "")
    for item in entries:
        matches = [m for m in review.evidence(item.entry) if m is not None]
        if not matches:
            unplaced.items.append(item)
            continue
        match: QuoteMatch = matches[0]
        group = groups.setdefault((match.start, match.end), Group(f"q{len(groups) + 1}", match.line, match.exact))
        group.items.append(item)
    text = review.text.original
    segments: list[tuple[str, str | None]] = []
    at = 0
    for (start, end), group in sorted(groups.items()):
        if start < at:  # overlaps a passage already marked: its candidates are listed, the mark is the first's
            continue
        segments.append((text[at:start], None))
        segments.append((text[start:end], group.id))
        at = end
    segments.append((text[at:], None))
    ordered = sorted(groups.values(), key=lambda g: (g.line, g.id))
    return ordered + ([unplaced] if unplaced.items else []), segments


# --- decisions -------------------------------------------------------------------------------------------

async def decide_entry(request: Request) -> Response:
    """Accept (with the form's edits, if any) or reject one entry."""
    async def apply(review: Review, form: dict[str, Any], key: str, action: str) -> Response | None:
        if action == "reject":
            await run_in_threadpool(_locked, curation, review.reject, key)
        elif action in ("accept", "edit"):
            changes = _changes(form) if action == "edit" else None
            await run_in_threadpool(_locked, curation, review.accept, key, changes)
        else:
            return plain_text("action is accept, edit or reject", 400)
        return None

    curation = _curation(request)
    return await _decide(request, "key", "entry", apply)


async def decide_entity(request: Request) -> Response:
    """Confirm a new entity (with the form's class and label) or merge it into an existing one."""
    async def apply(review: Review, form: dict[str, Any], slug: str, action: str) -> Response | None:
        if action == "confirm":
            await run_in_threadpool(_locked, curation, review.confirm_entity, slug, str(form.get("type", "")),
                                    str(form.get("label", "")))
        elif action == "merge":
            await run_in_threadpool(_locked, curation, review.merge_entity, slug, str(form.get("into", "")))
        else:
            return plain_text("action is confirm or merge", 400)
        return None

    curation = _curation(request)
    return await _decide(request, "slug", "entity", apply)


Decision = Callable[[Review, dict[str, Any], str, str], Awaitable[Response | None]]


async def _decide(request: Request, field: str, anchor: str, apply: Decision) -> Response:
    """What every decision does around its own step: refuse a foreign request, read the source's review file,
    apply the decision, and show the problems (400) or go back to the decided item (303)."""
    form = await _form(request)
    if (refused := _refuse_foreign(request, form)) is not None:
        return refused
    source_id = request.path_params["source"]
    item, action = str(form.get(field, "")), str(form.get("action", ""))
    try:
        review = await run_in_threadpool(_curation(request).review, source_id)
        if (answer := await apply(review, form, item, action)) is not None:
            return answer
    except DecisionError as error:
        return await page(request, error.messages, 400, item if field == "key" else None)
    return RedirectResponse(f"/curate/{source_id}#{anchor}-{item}", status_code=303)


async def rebuild(request: Request) -> Response:
    """POST starts `diplograph build` in its own process; GET shows how it went."""
    curation = _curation(request)
    if request.method == "POST":
        form = await _form(request)
        if (refused := _refuse_foreign(request, form)) is not None:
            return refused
        with curation.lock:
            if curation.rebuild is None or curation.rebuild.status != "running":
                if curation.rebuild is not None:  # the last build's log goes when the next build starts
                    Path(curation.rebuild.log.name).unlink(missing_ok=True)
                curation.rebuild = Rebuild(curation.settings, curation.build)
        return RedirectResponse("/curate/build", status_code=303)
    session, new = _session(request)
    return _with_session(render(request, "curate_build.html", {"token": curation.token(session),
                                                               **_build_state(curation)}), session, new)


async def _form(request: Request) -> dict[str, Any]:
    """A form's fields (application/x-www-form-urlencoded, as the pages send; the first value of each)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, f"a form is at most {MAX_FORM_BYTES} bytes")
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in fields.items()}


def _build_state(curation: Curation) -> dict[str, Any]:
    running = curation.rebuild
    return {"build_status": running.status if running else None, "build_output": running.output if running else ""}


def _locked(curation: Curation, action, *args):
    with curation.lock:  # one decision at a time: each reads the file, changes it and writes it whole
        return action(*args)


def _changes(form: dict[str, Any]) -> dict[str, Any]:
    """The edit form's fields: relation, subject, object, times, and other qualifiers as ``key=value`` lines."""
    changes: dict[str, Any] = {key: str(form.get(key, "")) for key in EDIT_FIELDS if key in form}
    given = set()
    for line in str(form.get("qualifiers", "")).splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            given.add(key.strip())
            changes[key.strip()] = value.strip() or None
    for key in str(form.get("qualifier_keys", "")).split():  # a line deleted from the box removes its qualifier
        if key not in given:
            changes[key] = None
    return changes
