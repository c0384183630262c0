"""What every route module shares: the app keys, JSON errors, reading and checking bodies.

Every JSON a client sends is read strictly and cleaned here, once: a number that is not finite
(NaN, Infinity, 1e400) is refused with 400, and each string has its lone surrogates and control
characters replaced by U+FFFD (tab and line breaks stay), so no route has to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from app.domain.text import NON_FINITE_RULE, NonFiniteNumber, loads_clean_checked
from app.services.assist_access import AssistAccess
from app.services.errors import BadInput
from app.services.show import Show

MAX_BODY = 1024 * 1024  # a body over 1 MiB is 413
SHOW_KEY: web.AppKey[Show] = web.AppKey("show", Show)
TOKEN_KEY: web.AppKey[str] = web.AppKey("token", str)
SOCKETS_KEY = web.AppKey("sockets", set[web.WebSocketResponse])
ASSIST_KEY: web.AppKey[AssistAccess] = web.AppKey("assist_access", AssistAccess)
# a product image -> the file to serve for it (only copies in the data directory), or None
MediaFinder = Callable[[str | None], Path | None]
MEDIA_KEY: web.AppKey[MediaFinder] = web.AppKey("media", object)  # type: ignore[arg-type]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


# a request's body, decoded once (or why it could not be); aiohttp before 3.12 has no RequestKey
_BODY_KEY: Any = (
    web.RequestKey("json_body", object) if hasattr(web, "RequestKey") else "livedesk.json_body"
)
# which token opened the request: "master" or "assist" (app/adapters/web/guard.py)
ROLE_KEY: Any = web.RequestKey("role", str) if hasattr(web, "RequestKey") else "livedesk.role"


def decode_json(text: str) -> Any:
    """Text from a client as JSON, every string in it cleaned (a lone surrogate or control
    character replaced by U+FFFD). BadInput when it is not JSON or holds a number that is not
    finite (NaN, Infinity, 1e400)."""
    return decode_json_checked(text)[0]


def decode_json_checked(text: str) -> tuple[Any, bool]:
    """decode_json, and whether no string in it can need cleaning even as a single-line field
    (loads_clean_checked)."""
    try:
        return loads_clean_checked(text)
    except NonFiniteNumber as exc:
        raise BadInput(f"the body is refused: {exc}; {NON_FINITE_RULE}") from exc
    except ValueError as exc:
        raise BadInput(f"the body is not valid JSON: {exc}") from exc
    except RecursionError as exc:  # [[[[…]]]] thousands deep
        raise BadInput("the body is not valid JSON: nested too deeply") from exc


async def _decoded_body(request: web.Request) -> Any:
    try:
        text = await request.text()
    except (UnicodeDecodeError, LookupError) as exc:  # bad bytes, or a charset Python lacks
        raise BadInput(f"the body is not valid JSON: not {request.charset or 'UTF-8'} text "
                       f"({exc})") from exc  # fmt: skip
    return decode_json(text)


@web.middleware
async def json_body_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Decode a JSON body once, before any route sees it: a number that is not finite is 400 on
    every route, whether or not it reads its body; a body that is not JSON only fails the
    routes that read it (read_any_json)."""
    if request.can_read_body:
        try:
            request[_BODY_KEY] = await _decoded_body(request)
        except BadInput as exc:
            if isinstance(exc.__cause__, NonFiniteNumber):
                raise
            request[_BODY_KEY] = exc
    return await handler(request)


def sent_a_body(request: web.Request) -> bool:
    """Whether the request came with a body (read already by json_body_middleware, or not)."""
    return _BODY_KEY in request or request.can_read_body


async def read_any_json(request: web.Request) -> Any:
    """The body as JSON, whatever its shape, its strings cleaned; {} when there is none.
    BadInput when it is not JSON or holds a number that is not finite."""
    if _BODY_KEY in request:
        body = request[_BODY_KEY]
        if isinstance(body, BadInput):
            raise body
        return body
    if not request.can_read_body:
        return {}
    return await _decoded_body(request)


async def read_json(request: web.Request) -> dict[str, Any]:
    body = await read_any_json(request)
    if not isinstance(body, dict):
        raise BadInput("the body must be a JSON object")
    return body


_KIND_NAMES = {str: "a string", bool: "true or false", int: "a whole number", list: "a list"}


def field(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if value is None:
        raise BadInput(f"“{name}” is missing")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadInput(f"“{name}” must be {_KIND_NAMES.get(kind, kind.__name__)}")
    return value


def action_field(body: dict[str, Any]) -> str:
    action = field(body, "action", str)
    if action not in ("start", "stop"):
        raise BadInput("“action” must be “start” or “stop”")
    return str(action)
