"""What every route module shares: the app keys, JSON errors, reading and checking bodies.

Every JSON a client sends is read strictly and cleaned here, once: a number that is not finite
(NaN, Infinity, 1e400) is refused with 400, and each string has its lone surrogates and control
characters replaced by U+FFFD (tab and line breaks stay), so no route has to."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from app.domain.messages import PLAIN, Message
from app.domain.text import NON_FINITE_RULE, NonFiniteNumber, ascii_whole, loads_clean_checked
from app.services.assist_access import AssistAccess
from app.services.errors import BadInput, NotFound
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


QUOTE_CHARS = 100  # a value an error names (a scene, SKU, code or id as sent): at most this long


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` as an error names it: cut to `limit` characters, the cut marked with “…”."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


MAX_ERROR_CHARS = 2000  # an error's whole sentence, whatever it quotes: at most this long
_QUOTED = re.compile(f"“([^“”]{{{QUOTE_CHARS + 1},}})”")  # a value longer than QUOTE_CHARS


def error_text(message: str) -> str:
    """An error's English for the API, each value it names cut to QUOTE_CHARS (a 1 MB scene
    name is not sent back whole): a Message's values, and in any sentence what stands between
    “ and ”; the sentence around them is kept (up to MAX_ERROR_CHARS)."""
    text = str(_clipped(message)) if isinstance(message, Message) else message
    text = _QUOTED.sub(lambda match: f"“{quoted(match.group(1))}”", text)
    return quoted(text, MAX_ERROR_CHARS)


def _clipped(message: Message) -> Message:
    if message.code == PLAIN:
        return message
    params = {
        key: _clipped(value) if isinstance(value, Message)
        else quoted(value) if isinstance(value, str) else value
        for key, value in message.params.items()
    }  # fmt: skip
    return message if params == dict(message.params) else Message(message.code, params)


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


_NO_BODY = object()  # a body of whitespace only (a stray newline in a Stream Deck's body field)


async def _decoded_body(request: web.Request) -> Any:
    """The body as JSON, or _NO_BODY when it is only whitespace: taken as no body at all, as an
    empty one is (it cannot be JSON either way)."""
    try:
        text = await request.text()
    except (UnicodeDecodeError, LookupError) as exc:  # bad bytes, or a charset Python lacks
        raise BadInput(f"the body is not valid JSON: not {request.charset or 'UTF-8'} text "
                       f"({exc})") from exc  # fmt: skip
    return decode_json(text) if text.strip() else _NO_BODY


@web.middleware
async def json_body_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Decode a JSON body once, before any route sees it: a number that is not finite is 400 on
    every route, whether or not it reads its body; a body that is not JSON only fails the
    routes that read it (read_any_json). A body of whitespace only is no body (sent_a_body)."""
    if request.can_read_body:
        try:
            body = await _decoded_body(request)
        except BadInput as exc:
            if isinstance(exc.__cause__, NonFiniteNumber):
                raise
            body = exc
        if body is not _NO_BODY:
            request[_BODY_KEY] = body
    return await handler(request)


def sent_a_body(request: web.Request) -> bool:
    """Whether the request came with a body that is more than whitespace (read already by
    json_body_middleware, or not)."""
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
    body = await _decoded_body(request)
    return {} if body is _NO_BODY else body


async def read_json(request: web.Request) -> dict[str, Any]:
    body = await read_any_json(request)
    if not isinstance(body, dict):
        raise BadInput("the body must be a JSON object")
    return body


MAX_ID_DIGITS = 12  # an id in a path (/api/poll/{id}): at most this many ASCII digits


def path_id(request: web.Request, unknown: Callable[[str], Message]) -> int:
    """The route's {id} as a whole number: 1 to MAX_ID_DIGITS ASCII digits. Anything else
    (a sign, a space, "²", a full-width "２": digits to str.isdigit(), not all to int()) is no
    id LiveDesk gave out: NotFound(unknown(the id as sent, cut short))."""
    raw = request.match_info["id"]
    number = ascii_whole(raw, MAX_ID_DIGITS)
    if number is None:
        raise NotFound(unknown(quoted(raw, 20)))
    return number


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
