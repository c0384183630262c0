"""Routes for the run-sheet: /api/runsheet, /api/cue/*, /api/standby, /api/preflight."""

from __future__ import annotations

from aiohttp import web

from app.adapters.web.common import SHOW_KEY, field, read_any_json, read_json
from app.domain.messages import Message
from app.domain.runsheet import validate
from app.domain.runsheet_codec import sheet_from_dict, sheet_to_dict
from app.services.errors import BadInput, NotFound


async def get_runsheet(request: web.Request) -> web.Response:
    return web.json_response(sheet_to_dict(request.app[SHOW_KEY].runner.sheet))


async def post_runsheet(request: web.Request) -> web.Response:
    """Load a run-sheet in its JSON form; 400 with every error (and its location) when bad."""
    show = request.app[SHOW_KEY]
    parsed = sheet_from_dict(await read_any_json(request))
    obs = show.obs.state
    problems = parsed.problems + validate(
        parsed.sheet, scenes=obs.scenes if obs.connected else None, known=show.runner.catalog()
    )
    errors = [_problem(p) for p in problems if p.severity == "error"]
    warnings = [_problem(p) for p in problems if p.severity == "warning"]
    if not errors and not parsed.sheet.segments:  # a stray button must not wipe the sheet
        errors.append({"severity": "error", "location": "segments", "field": "segments",
                       "message": "the run-sheet has no segments"})  # fmt: skip
    if errors:
        first = errors[0]
        return web.json_response(
            {"error": f"{first['location']}: {first['message']}", "errors": errors,
             "warnings": warnings},
            status=400,
        )  # fmt: skip
    await show.runner.load(parsed.sheet, origin="api")
    return web.json_response(
        {"ok": True, "segments": len(parsed.sheet.segments),
         "total_seconds": parsed.sheet.total_s, "warnings": warnings}
    )  # fmt: skip


def _problem(problem: object) -> dict[str, object]:
    return {k: v for k, v in problem.__dict__.items() if v is not None}


async def post_next(request: web.Request) -> web.Response:
    result = await request.app[SHOW_KEY].runner.next(origin="api")
    return web.json_response(result.as_api())


async def post_prev(request: web.Request) -> web.Response:
    result = await request.app[SHOW_KEY].runner.prev(origin="api")
    return web.json_response(result.as_api())


async def post_goto(request: web.Request) -> web.Response:
    index = field(await read_json(request), "index", int)
    result = await request.app[SHOW_KEY].runner.goto(index, origin="api")
    return web.json_response(result.as_api())


async def post_standby(request: web.Request) -> web.Response:
    """Toggle standby; `{"scene": ...}` also chooses the standby scene, checked first (400
    blank, 404 not in OBS) and kept only when the toggle goes through: a refused call leaves
    the standby scene as it was."""
    body = await read_json(request)
    show = request.app[SHOW_KEY]
    scene: str | None = None
    if "scene" in body:
        scene = field(body, "scene", str)
        if not scene.strip():
            raise BadInput("“scene” is empty: name the standby scene, or send {} for the "
                           "one chosen already")  # fmt: skip
        obs = show.obs.state
        if obs.connected and scene not in obs.scenes:
            raise NotFound(Message("obs.no_scene_named", scene=scene))
    standby = await show.runner.toggle_standby(scene=scene, origin="api")
    return web.json_response({"ok": True, "standby": standby, "scene": show.runner.standby_scene})


async def post_point(request: web.Request) -> web.Response:
    body = await read_json(request)
    done = body.get("done", True)
    if not isinstance(done, bool):
        raise BadInput("“done” must be true or false")
    request.app[SHOW_KEY].runner.tick_point(
        field(body, "segment", int), field(body, "point", int), done, origin="api"
    )
    return web.json_response({"ok": True})


async def get_preflight(request: web.Request) -> web.Response:
    checks = request.app[SHOW_KEY].preflight()
    return web.json_response(
        {"ok": all(c.ok or c.severity != "error" for c in checks),
         "checks": [c.as_api() for c in checks]}
    )  # fmt: skip


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/api/runsheet", get_runsheet)
    router.add_post("/api/runsheet", post_runsheet)
    router.add_post("/api/runsheet/points", post_point)
    router.add_post("/api/cue/next", post_next)
    router.add_post("/api/cue/prev", post_prev)
    router.add_post("/api/cue/goto", post_goto)
    router.add_post("/api/standby", post_standby)
    router.add_get("/api/preflight", get_preflight)
