"""POST /api/overlay/setup: set up (or repair) the overlay sources in OBS."""

from __future__ import annotations

from aiohttp import web

from app.adapters.web.common import SHOW_KEY, field, read_json
from app.services.errors import BadInput, ObsUnavailable


async def post_setup(request: web.Request) -> web.Response:
    """`{"scenes": [...], "mode"?: "browser" | "native"}` -> what was created, repaired and left
    as it was. 503 while OBS is not connected, 404 for a scene OBS does not have."""
    body = await read_json(request)
    scenes = field(body, "scenes", list)
    if not all(isinstance(scene, str) and scene.strip() for scene in scenes):
        raise BadInput("“scenes” must be a list of scene names")
    mode = body.get("mode")
    if mode is not None and mode not in ("browser", "native"):
        raise BadInput("“mode” must be “browser” or “native”")
    show = request.app[SHOW_KEY]
    if show.stage is None:
        raise ObsUnavailable("overlay set-up is not available in this console")
    if not show.obs.state.connected:
        raise ObsUnavailable("OBS is not connected")
    report = await show.stage.setup(scenes, mode)
    return web.json_response({"ok": True, **report})


def register(router: web.UrlDispatcher) -> None:
    router.add_post("/api/overlay/setup", post_setup)
