"""The local HTTP + WebSocket server (SPEC §4) in the app's loop: middlewares, /ws/events, and the
route modules (routes_obs, routes_runsheet, routes_overlay)."""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from aiohttp import WSMsgType, web

from app.adapters.web import (
    routes_assist,
    routes_audience,
    routes_obs,
    routes_overlay,
    routes_overlay_pages,
    routes_overlay_setup,
    routes_runsheet,
)
from app.adapters.web.common import (
    MAX_BODY,
    SHOW_KEY,
    SOCKETS_KEY,
    TOKEN_KEY,
    Handler,
    json_body_middleware,
    json_error,
)
from app.adapters.web.limits import LIMITS_KEY, LISTENER_MAX_FRAME, IngestLimits
from app.services.errors import LiveDeskError
from app.services.show import Show

log = logging.getLogger(__name__)


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


# The overlay pages and their static files load in OBS's browser source without the token
# (SPEC §4), and so do the assistants' panel's script and style; what either shows arrives over
# routes that need the token like every other.
PUBLIC_PREFIXES = ("/overlay/", "/assist/static/")


@web.middleware
async def token_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in ("GET", "HEAD") and request.path.startswith(PUBLIC_PREFIXES):
        return await handler(request)
    expected = request.app[TOKEN_KEY]
    header = request.headers.get("Authorization", "")
    given = header[7:] if header.startswith("Bearer ") else request.query.get("token", "")
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        return json_error(401, "missing or wrong token")
    return await handler(request)


async def ws_events(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=20, max_msg_size=LISTENER_MAX_FRAME)
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
        middlewares=[errors_middleware, token_middleware, json_body_middleware],
        client_max_size=MAX_BODY,
    )
    app[SHOW_KEY] = show
    app[TOKEN_KEY] = token
    app[SOCKETS_KEY] = set[web.WebSocketResponse]()
    app[LIMITS_KEY] = IngestLimits.from_env()
    app.on_shutdown.append(_close_sockets)
    routes_obs.register(app.router)
    routes_runsheet.register(app.router)
    routes_overlay.register(app.router)
    routes_audience.register(app.router)
    routes_assist.register(app.router)
    routes_overlay_pages.register(app.router)
    routes_overlay_setup.register(app.router)
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
