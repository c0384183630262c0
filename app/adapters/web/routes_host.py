"""Messages for the host (POST and DELETE /api/host/message) and moderation (POST
/api/moderation/block and /api/moderation/unblock). The assistants' token may send and clear a
message and block a viewer (/assist's buttons)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from app.adapters.web.common import SHOW_KEY, field, read_any_json, read_json
from app.adapters.web.state_json import host_message_json
from app.services.audience import Audience
from app.services.errors import BadInput, ObsUnavailable


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise BadInput(f"“{name}” must be a string")
    return value


async def post_host_message(request: web.Request) -> web.Response:
    body = await read_json(request)
    level = _optional_text(body, "level") or "info"
    message = request.app[SHOW_KEY].host_messages.send(
        field(body, "text", str), level, _optional_text(body, "by")
    )
    return web.json_response({"ok": True, "host_message": host_message_json(message)})


async def delete_host_message(request: web.Request) -> web.Response:
    body = await read_any_json(request)
    by = _optional_text(body, "by") if isinstance(body, dict) else None
    cleared = request.app[SHOW_KEY].host_messages.clear(by)
    return web.json_response({"ok": True, "cleared": cleared})


def _audience(request: web.Request) -> Audience:
    audience = request.app[SHOW_KEY].audience
    if audience is None:
        raise ObsUnavailable("the audience service is not running")
    return audience


async def _viewer(request: web.Request) -> tuple[str | None, str, str | None]:
    body = await read_json(request)
    platform = _optional_text(body, "platform") or ""
    user_id = body.get("user_id")
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        user_id = str(user_id)  # a platform's numeric id, sent as a number
    if user_id is not None and not isinstance(user_id, str):
        raise BadInput("“user_id” must be a string")
    return _optional_text(body, "user"), platform, user_id


async def post_block(request: web.Request) -> web.Response:
    """Block a viewer; again: 200, no change. "was_blocked" says whether they were already."""
    user, platform, user_id = await _viewer(request)
    audience = _audience(request)
    before = len(audience.moderation.viewers)
    viewer = audience.block(user, platform, user_id)
    was_blocked = len(audience.moderation.viewers) == before
    return web.json_response({"ok": True, "viewer": viewer.as_api(), "was_blocked": was_blocked})


async def post_unblock(request: web.Request) -> web.Response:
    """Unblock a viewer. One who was not blocked is 200 too (a viewer is named, not an id: the
    viewer is unblocked either way, as a second press expects), and "was_blocked": false says
    that nothing changed."""
    user, platform, user_id = await _viewer(request)
    audience = _audience(request)
    before = len(audience.moderation.viewers)
    viewer = audience.unblock(user, platform, user_id)
    was_blocked = len(audience.moderation.viewers) < before
    return web.json_response({"ok": True, "viewer": viewer.as_api(), "was_blocked": was_blocked})


async def get_moderation(request: web.Request) -> web.Response:
    """The blocked viewers and words in force."""
    moderation = _audience(request).moderation
    return web.json_response({"viewers": [v.as_api() for v in moderation.viewers],
                              "words": list(moderation.words)})  # fmt: skip


def register(router: web.UrlDispatcher) -> None:
    router.add_post("/api/host/message", post_host_message)
    router.add_delete("/api/host/message", delete_host_message)
    router.add_get("/api/moderation", get_moderation)
    router.add_post("/api/moderation/block", post_block)
    router.add_post("/api/moderation/unblock", post_unblock)
