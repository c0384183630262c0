"""Routes for OBS and the show's session: /api/state, /api/obs/*, /api/session/*."""

from __future__ import annotations

from aiohttp import web

from app.adapters.web.common import SHOW_KEY, Handler, action_field, field, read_json
from app.adapters.web.state_json import state_json
from app.services.errors import BadInput


# ---------------------------------------------------------------------------------
async def get_state(request: web.Request) -> web.Response:
    return web.json_response(state_json(request.app[SHOW_KEY].state()))


async def post_scene(request: web.Request) -> web.Response:
    scene = field(await read_json(request), "scene", str)
    if not scene.strip():  # no scene can be named so: bad input, not an unknown scene
        raise BadInput("“scene” must name a scene")
    target = await request.app[SHOW_KEY].obs.switch_scene(scene, origin="api")
    return web.json_response({"ok": True, "scene": scene, "target": target})


async def post_studio_mode(request: web.Request) -> web.Response:
    enabled = field(await read_json(request), "enabled", bool)
    await request.app[SHOW_KEY].obs.set_studio_mode(enabled, origin="api")
    return web.json_response({"ok": True, "studio_mode": enabled})


async def post_transition(request: web.Request) -> web.Response:
    await request.app[SHOW_KEY].obs.transition(origin="api")
    return web.json_response({"ok": True})


def output_route(output: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        action = action_field(await read_json(request))
        await request.app[SHOW_KEY].obs.set_output(output, action, origin="api")
        return web.json_response({"ok": True, output: action})

    return handler


async def post_session_start(request: web.Request) -> web.Response:
    title = field(await read_json(request), "title", str)
    session = await request.app[SHOW_KEY].recorder.start(title)
    return web.json_response({"ok": True, "id": session.id, "title": session.title})


async def post_session_end(request: web.Request) -> web.Response:
    session = await request.app[SHOW_KEY].recorder.end()
    return web.json_response({"ok": True, "id": session.id})


async def post_session_resume(request: web.Request) -> web.Response:
    """Resume the interrupted show: 409 when there is none or a show is running."""
    restored = await request.app[SHOW_KEY].resume(origin="api")
    return web.json_response({"ok": True, "restored": restored})


async def get_health(request: web.Request) -> web.Response:
    """Event-loop lag, memory and the log writer's backlog: how the console itself is doing."""
    health = request.app[SHOW_KEY].health
    return web.json_response(health.report() if health else {})


async def post_marker(request: web.Request) -> web.Response:
    """Mark this moment (and a recording chapter where OBS supports it)."""
    body = await read_json(request)
    note = body.get("note", "")
    if not isinstance(note, str):
        raise BadInput("“note” must be a string")
    marker = await request.app[SHOW_KEY].markers.mark(note, origin="api")
    return web.json_response({"ok": True, "marker": marker})


async def post_replay_save(request: web.Request) -> web.Response:
    """Save OBS's replay buffer and mark the moment: 409 with what to do when it is not running."""
    saved = await request.app[SHOW_KEY].markers.save_replay(origin="api")
    return web.json_response({"ok": True, **saved})


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/api/health", get_health)
    router.add_post("/api/markers", post_marker)
    router.add_get("/api/state", get_state)
    router.add_post("/api/obs/scene", post_scene)
    router.add_post("/api/obs/studio_mode", post_studio_mode)
    router.add_post("/api/obs/transition", post_transition)
    router.add_post("/api/obs/stream", output_route("stream"))
    router.add_post("/api/obs/record", output_route("record"))
    router.add_post("/api/obs/replay_buffer", output_route("replay_buffer"))
    router.add_post("/api/obs/virtualcam", output_route("virtualcam"))
    router.add_post("/api/replay/save", post_replay_save)
    router.add_post("/api/session/start", post_session_start)
    router.add_post("/api/session/end", post_session_end)
    router.add_post("/api/session/resume", post_session_resume)
