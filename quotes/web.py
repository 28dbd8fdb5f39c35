"""`quotes serve`: a local, read-only web application over the tables of `quotes extract`.

A Starlette app whose pages and JSON answers are read from a `store.Store` (DuckDB over the
Parquet files, in place). Every request parameter is checked here: a bad one is a 400 with
a message, never a 500. Nothing writes; every text reaches the page escaped (`pages`), and
the pages run no script, which the Content-Security-Policy header enforces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotes import pages
from quotes.errors import QuotesError
from quotes.store import Filters, Page, Store
from quotes.table import KINDS

log = logging.getLogger(__name__)

MAX_LIMIT = 500
MAX_OFFSET = 10**9
MAX_TEXT = 300
MAX_COMPARED = 4
_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


class BadParameter(QuotesError):
    """A request parameter that cannot be used; the message names it."""


class NotFound(QuotesError):
    """A speaker or an article the table does not hold."""


# -- request parameters -----------------------------------------------------------------


def text(params: Mapping[str, str], name: str) -> str:
    """A free-text parameter, stripped; at most `MAX_TEXT` characters."""
    value = params.get(name, "").strip()
    if len(value) > MAX_TEXT:
        raise BadParameter(f"{name}: at most {MAX_TEXT} characters")
    return value


def integer(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]; `default` when absent or empty."""
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name}: {raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadParameter(f"{name}: {value} is out of range ({low} to {high})")
    return value


def date(params: Mapping[str, str], name: str) -> dt.date | None:
    """A YYYY-MM-DD date parameter, or None when absent or empty."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"{name}: {raw!r} is not a date (YYYY-MM-DD)") from None


def kind(params: Mapping[str, str]) -> str:
    """A row kind (direct, partial, indirect), or "" for every kind."""
    value = params.get("kind", "").strip()
    if value and value not in KINDS:
        raise BadParameter(f"kind: {value!r} is not one of {', '.join(KINDS)}")
    return value


def confidence(params: Mapping[str, str]) -> float:
    """The minimum confidence, a number from 0 to 1 (0 when absent)."""
    raw = params.get("min_confidence", "").strip()
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter(f"min_confidence: {raw!r} is not a number") from None
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise BadParameter(f"min_confidence: {raw} is not between 0 and 1")
    return value


def flag(params: Mapping[str, str], name: str) -> bool:
    """A yes/no parameter: 1, true, on or yes; 0, false, off, no or empty."""
    raw = params.get(name, "").strip().lower()
    if raw in ("", "0", "false", "off", "no"):
        return False
    if raw in ("1", "true", "on", "yes"):
        return True
    raise BadParameter(f"{name}: {raw!r} is not 1 or 0")


def paging(params: Mapping[str, str], default: int = 50) -> tuple[int, int]:
    """(offset, limit): offset from 0, limit from 1 to `MAX_LIMIT`."""
    offset = integer(params, "offset", 0, 0, MAX_OFFSET)
    return offset, integer(params, "limit", default, 1, MAX_LIMIT)


def filters(params: Mapping[str, str], **fixed: Any) -> Filters:
    """The search filters a request gives, `fixed` fields overriding them."""
    since, until = date(params, "since"), date(params, "until")
    if since and until and since > until:
        raise BadParameter(f"since: {since} comes after until: {until}")
    found = Filters(
        words=text(params, "q"),
        speaker=text(params, "speaker"),
        who=text(params, "who"),
        outlet=text(params, "outlet"),
        since=since,
        until=until,
        kind=kind(params),
        min_confidence=confidence(params),
    )
    return dataclasses.replace(found, **fixed)


# -- answers ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def as_json(body: Any, status: int = 200) -> Response:
    """JSON with dates as YYYY-MM-DD; `<`, `>` and `&` written as escapes, so that a quote
    holding markup cannot turn into markup even where the answer is shown as a page."""
    out = json.dumps(body, default=_plain, ensure_ascii=False)
    out = out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(out, status_code=status, media_type="application/json")


def listing(page: Page) -> Response:
    """A list as every list endpoint answers it: {"total": N, "rows": [...]}."""
    return as_json({"total": page.total, "rows": page.rows})


def compared_ids(store: Store, params: Request) -> list[str]:
    """The speaker ids a compare request names (`speaker=` repeated): two to four, each a
    speaker id or a name, which stands for the speaker with that name and the most quotes."""
    asked = [v.strip() for v in params.query_params.getlist("speaker") if v.strip()]
    if len(asked) > MAX_COMPARED:
        raise BadParameter(f"speaker: at most {MAX_COMPARED} speakers side by side")
    ids = []
    for value in asked:
        if len(value) > MAX_TEXT:
            raise BadParameter(f"speaker: at most {MAX_TEXT} characters")
        sid = store.speaker_id(value)
        if sid is None:
            raise NotFound(f"no speaker answers to {value!r}")
        ids.append(sid)
    return list(dict.fromkeys(ids))


# -- the application -------------------------------------------------------------------------


def create_app(table: Path | str) -> Starlette:
    """The app serving `table` (a quotes table file or folder of parts, with the speakers
    and articles tables beside it). Raises `store.NoSuchTable` when it cannot be read."""
    store = Store(table)
    routes = [Route(path, endpoint(store), methods=["GET"]) for path, endpoint in _ROUTES]
    handlers: dict[Any, Callable[..., Any]] = {
        BadParameter: _error(400),
        NotFound: _error(404),
        HTTPException: _http_error,
        Exception: _error(500),
    }
    app = Starlette(
        routes=routes, exception_handlers=handlers, middleware=[Middleware(SafeHeaders)]
    )
    app.state.store = store
    return app


class SafeHeaders:
    """ASGI middleware: every answer forbids scripts, sniffing and framing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = _POLICY
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
            await send(message)

        await self.app(scope, receive, with_headers)


def _error(status: int) -> Callable[[Request, Exception], Response]:
    def handler(request: Request, err: Exception) -> Response:
        message = str(err) if status < 500 else "internal error (see the server's log)"
        if status >= 500:
            log.exception("error on %s", request.url.path, exc_info=err)
        return _failed(request, status, message)

    return handler


def _http_error(request: Request, err: Exception) -> Response:
    status = getattr(err, "status_code", 500)
    message = "no such page" if status == 404 else str(getattr(err, "detail", "error"))
    return _failed(request, status, message)


def _failed(request: Request, status: int, message: str) -> Response:
    """A failed request's answer: JSON under /api/, a page elsewhere."""
    if request.url.path.startswith("/api/"):
        return as_json({"error": message}, status)
    return HTMLResponse(pages.error(status, message), status_code=status)


def _known(found: dict[str, Any] | None, what: str, key: str) -> dict[str, Any]:
    """`found`, or a 404 naming the speaker or article the table does not hold."""
    if found is None:
        raise NotFound(f"no {what} with id {key!r}")
    return found


def _speakers_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        p = request.query_params
        offset, limit = paging(p, 20)
        return listing(store.speakers(text(p, "q"), offset, limit))

    return answer


def _said_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        p = request.query_params
        sid = text(p, "speaker")
        if not sid:
            raise BadParameter("speaker: a speaker id is required (see /api/speakers)")
        _known(store.speaker(sid), "speaker", sid)
        offset, limit = paging(p)
        return listing(store.search(filters(p, speaker=sid, who=""), offset, limit, newest=False))

    return answer


def _search_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        offset, limit = paging(request.query_params)
        return listing(store.search(filters(request.query_params), offset, limit))

    return answer


def _statements(store: Store, p: Mapping[str, str], offset: int, limit: int) -> Page:
    """The statements page of the filters in `p` (the JSON list and the page share it)."""
    return store.statements(flag(p, "conflicts"), text(p, "q"), confidence(p), offset, limit)


def _statements_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        offset, limit = paging(request.query_params, 20)
        return listing(_statements(store, request.query_params, offset, limit))

    return answer


def _speaker_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        sid = request.path_params["sid"]
        found = _known(store.speaker(sid), "speaker", sid)
        return as_json(found | {"timeline": store.timeline(sid)})

    return answer


def _compare_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        ids = compared_ids(store, request)
        if len(ids) < 2:
            raise BadParameter("speaker: give two to four speakers (speaker=ID&speaker=ID)")
        offset, limit = paging(request.query_params, 20)
        f = filters(request.query_params, speaker="", speakers=tuple(ids))
        return listing(store.compare(f, offset, limit))

    return answer


def _article_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        aid = request.path_params["aid"]
        return as_json(_known(store.article(aid, confidence(request.query_params)), "article", aid))

    return answer


def _outlets_api(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        names = store.outlets()
        return as_json({"total": len(names), "rows": names})

    return answer


def _search_page(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        p = request.query_params
        f, (offset, limit) = filters(p), paging(p)
        found = store.search(f, offset, limit)
        named = store.speaker(f.speaker) if f.speaker else None
        return HTMLResponse(pages.search(p, found, store.outlets(), offset, limit, named))

    return answer


def _speakers_page(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        p = request.query_params
        offset, limit = paging(p)
        return HTMLResponse(
            pages.speakers(p, store.speakers(text(p, "q"), offset, limit), offset, limit)
        )

    return answer


def _speaker_page(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        sid, p = request.path_params["sid"], request.query_params
        found = _known(store.speaker(sid), "speaker", sid)
        f, (offset, limit) = filters(p, speaker=sid, who=""), paging(p)
        quotes = store.search(f, offset, limit, newest=False)
        timeline = store.timeline(sid, Filters(speaker=sid, min_confidence=f.min_confidence))
        return HTMLResponse(pages.speaker(p, found, timeline, quotes, offset, limit))

    return answer


def _compare_page(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        p = request.query_params
        ids = compared_ids(store, request)
        offset, limit = paging(p, 20)
        f = filters(p, speaker="", who="", speakers=tuple(ids))
        who = store.tally(f)
        found = store.compare(f, offset, limit) if len(ids) >= 2 else Page(0, [])
        return HTMLResponse(pages.compare(p, who, found, offset, limit))

    return answer


def _statements_page(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        p = request.query_params
        offset, limit = paging(p, 20)
        found = _statements(store, p, offset, limit)
        return HTMLResponse(pages.statements(p, found, offset, limit))

    return answer


def _article_page(store: Store) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        aid = request.path_params["aid"]
        found = _known(store.article(aid, confidence(request.query_params)), "article", aid)
        return HTMLResponse(pages.article(found))

    return answer


_ROUTES: list[tuple[str, Callable[[Store], Callable[[Request], Response]]]] = [
    ("/", _search_page),
    ("/speakers", _speakers_page),
    ("/speaker/{sid}", _speaker_page),
    ("/compare", _compare_page),
    ("/statements", _statements_page),
    ("/article/{aid}", _article_page),
    ("/api/speakers", _speakers_api),
    ("/api/speaker/{sid}", _speaker_api),
    ("/api/said", _said_api),
    ("/api/search", _search_api),
    ("/api/compare", _compare_api),
    ("/api/statements", _statements_api),
    ("/api/article/{aid}", _article_api),
    ("/api/outlets", _outlets_api),
]
