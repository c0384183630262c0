"""What every route module shares: the app keys, JSON errors, reading and checking bodies."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from app.services.errors import BadInput
from app.services.show import Show

MAX_BODY = 1024 * 1024  # SPEC §4: a body over 1 MiB is 413
SHOW_KEY: web.AppKey[Show] = web.AppKey("show", Show)
TOKEN_KEY: web.AppKey[str] = web.AppKey("token", str)
SOCKETS_KEY = web.AppKey("sockets", set[web.WebSocketResponse])

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def read_any_json(request: web.Request) -> Any:
    """The body as JSON, whatever its shape; {} when there is none."""
    if not request.can_read_body:
        return {}
    try:
        return await request.json(loads=json.loads)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"the body is not valid JSON: {exc}") from exc
    except RecursionError as exc:  # [[[[…]]]] thousands deep
        raise BadInput("the body is not valid JSON: nested too deeply") from exc


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
