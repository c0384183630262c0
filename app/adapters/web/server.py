"""The local HTTP + WebSocket server: control API and /ws/events (SPEC §4), in the app's loop."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSMsgType, web

from app.services.errors import BadInput, LiveDeskError
from app.services.show import Show

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # SPEC §4: a body over 1 MiB is 413
SHOW_KEY: web.AppKey[Show] = web.AppKey("show", Show)
TOKEN_KEY: web.AppKey[str] = web.AppKey("token", str)
SOCKETS_KEY = web.AppKey("sockets", set[web.WebSocketResponse])

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except LiveDeskError as exc:
        return json_error(exc.status, str(exc))
    except web.HTTPRequestEntityTooLarge:
        return json_error(413, f"the body is larger than {MAX_BODY} bytes")
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return json_error(exc.status, exc.reason)
    except Exception:
        log.exception("API %s %s failed", request.method, request.path)
        return json_error(500, "internal error; see the console's log")


@web.middleware
async def token_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    expected = request.app[TOKEN_KEY]
    header = request.headers.get("Authorization", "")
    given = header[7:] if header.startswith("Bearer ") else request.query.get("token", "")
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        return json_error(401, "missing or wrong token")
    return await handler(request)


async def read_json(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json(loads=json.loads)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"the body is not valid JSON: {exc}") from exc
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


# ----- routes --------------------------------------------------------------------------------
async def get_state(request: web.Request) -> web.Response:
    return web.json_response(request.app[SHOW_KEY].state())


async def post_scene(request: web.Request) -> web.Response:
    scene = field(await read_json(request), "scene", str)
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


async def ws_events(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=20)
    await ws.prepare(request)
    show = request.app[SHOW_KEY]
    queue = show.bus.subscribe()
    request.app[SOCKETS_KEY].add(ws)
    sender = asyncio.create_task(_pump(ws, queue), name="ws-events-pump")
    try:
        await ws.send_json({"type": "hello", "state": show.state()})
        async for message in ws:  # clients only listen; reading keeps the socket healthy
            if message.type == WSMsgType.ERROR:
                break
    finally:
        sender.cancel()
        show.bus.unsubscribe(queue)
        request.app[SOCKETS_KEY].discard(ws)
    return ws


async def _pump(ws: web.WebSocketResponse, queue: asyncio.Queue[dict[str, Any]]) -> None:
    while not ws.closed:
        event = await queue.get()
        try:
            await ws.send_json(event)
        except ConnectionError:
            return


async def _close_sockets(app: web.Application) -> None:
    sockets: set[web.WebSocketResponse] = app[SOCKETS_KEY]
    for ws in list(sockets):
        await ws.close(code=1001, message=b"LiveDesk is stopping")


def create_app(show: Show, token: str) -> web.Application:
    if not token:
        raise ValueError("the API needs a token")
    app = web.Application(
        middlewares=[errors_middleware, token_middleware], client_max_size=MAX_BODY
    )
    app[SHOW_KEY] = show
    app[TOKEN_KEY] = token
    app[SOCKETS_KEY] = set[web.WebSocketResponse]()
    app.on_shutdown.append(_close_sockets)
    app.router.add_get("/api/state", get_state)
    app.router.add_post("/api/obs/scene", post_scene)
    app.router.add_post("/api/obs/studio_mode", post_studio_mode)
    app.router.add_post("/api/obs/transition", post_transition)
    app.router.add_post("/api/obs/stream", output_route("stream"))
    app.router.add_post("/api/obs/record", output_route("record"))
    app.router.add_post("/api/session/start", post_session_start)
    app.router.add_post("/api/session/end", post_session_end)
    app.router.add_get("/ws/events", ws_events)
    return app


class LocalServer:
    """Runs the app on HOST:PORT inside the running loop."""

    def __init__(self, app: web.Application, host: str = "127.0.0.1", port: int = 4466) -> None:
        self.app, self.host, self.port = app, host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        log.info("local API on http://%s:%s", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
