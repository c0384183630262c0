"""CORS for the comment routes, for the origins let in on purpose (LIVEDESK_ALLOWED_ORIGINS).

A relay running in a web page (Social Stream Ninja's, say) posts to /ingest from another origin.
Its browser sends a JSON POST, or one with an Authorization header, only after a preflight
(OPTIONS, which carries no token), and lets the page read an answer only when the answer names
the page's origin. So, for an `Origin` in HostRules.origins and a path in CORS_PATHS:

- the preflight is answered 204 before the token is asked for, naming the origin, POST, the
  Authorization and Content-Type headers, and how long the browser may keep it (and, when asked,
  Chrome's Private Network Access: a public page calling this machine);
- every answer (200, and the errors: 400, 401, 413, 429 with its Retry-After) names the origin.

Every other request is untouched: another origin's write stays 403 (guard.py's Origin rule runs
first), another origin's preflight gets the token's 401 as before, and no other route is opened
to any page. A few lines rather than aiohttp-cors: that library answers the preflight in a
route, behind the token middleware (which would have to learn of it), for origins set per route.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import hdrs, web
from aiohttp.typedefs import Middleware

from app.adapters.web.common import Handler
from app.adapters.web.guard import HostRules

# The routes a relay posts comments to (the WebSocket /ingest needs no CORS).
CORS_PATHS = frozenset({"/ingest", "/ingest/douyin"})
MAX_AGE_S = 600  # how long a browser keeps the preflight's answer (Chromium keeps 2 h at most)
ALLOW_METHODS = "POST"
ALLOW_HEADERS = "Authorization, Content-Type"
EXPOSE_HEADERS = "Retry-After"  # a 429's wait, which a page cannot read otherwise

ResponsePrepared = Callable[[web.Request, web.StreamResponse], Awaitable[None]]


def allowed_origin(request: web.Request, rules: HostRules) -> str | None:
    """The request's `Origin` as sent, when it is one of the origins let in on purpose and
    the path one of CORS_PATHS; None otherwise (no Origin, two of them, another site)."""
    if request.path not in CORS_PATHS or not rules.origins:
        return None
    origins = request.headers.getall(hdrs.ORIGIN, [])
    if len(origins) != 1:
        return None
    origin = origins[0].strip()
    return origin if origin.rstrip("/").lower() in rules.origins else None


def is_preflight(request: web.Request) -> bool:
    return request.method == "OPTIONS" and hdrs.ACCESS_CONTROL_REQUEST_METHOD in request.headers


def answer_preflights(rules: HostRules) -> Middleware:
    """Answers an allowed origin's preflight for CORS_PATHS; the token middleware comes after
    this one (a preflight never carries a token), the Host and Origin rules before it."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = allowed_origin(request, rules) if is_preflight(request) else None
        if origin is None:
            return await handler(request)
        answer = web.Response(status=204)
        answer.headers[hdrs.ACCESS_CONTROL_ALLOW_METHODS] = ALLOW_METHODS
        answer.headers[hdrs.ACCESS_CONTROL_ALLOW_HEADERS] = ALLOW_HEADERS
        answer.headers[hdrs.ACCESS_CONTROL_MAX_AGE] = str(MAX_AGE_S)
        if request.headers.get("Access-Control-Request-Private-Network", "").lower() == "true":
            answer.headers["Access-Control-Allow-Private-Network"] = "true"
        return answer  # its Allow-Origin and Vary: name_the_origin, as on every answer

    return middleware


def name_the_origin(rules: HostRules) -> ResponsePrepared:
    """An on_response_prepare handler: every answer of CORS_PATHS varies by Origin, and one to
    an allowed origin names it (errors too, whichever middleware made them)."""

    async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
        if request.path not in CORS_PATHS:
            return
        response.headers.add(hdrs.VARY, hdrs.ORIGIN)
        origin = allowed_origin(request, rules)
        if origin is not None:
            response.headers[hdrs.ACCESS_CONTROL_ALLOW_ORIGIN] = origin
            response.headers[hdrs.ACCESS_CONTROL_EXPOSE_HEADERS] = EXPOSE_HEADERS

    return on_prepare
