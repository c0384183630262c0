"""The local HTTP + WebSocket server in the app's loop: the middlewares (errors; Host, Origin and
the two tokens, app/adapters/web/guard.py; JSON bodies) and the route modules."""

from __future__ import annotations

import logging
from secrets import token_urlsafe

from aiohttp import web

from app.adapters.web import (
    routes_assist,
    routes_audience,
    routes_douyin,
    routes_host,
    routes_interaction,
    routes_obs,
    routes_overlay,
    routes_overlay_pages,
    routes_overlay_setup,
    routes_runsheet,
)
from app.adapters.web.common import (
    ASSIST_KEY,
    MAX_BODY,
    MEDIA_KEY,
    ROLE_KEY,
    SHOW_KEY,
    SOCKETS_KEY,
    TOKEN_KEY,
    Handler,
    MediaFinder,
    error_text,
    json_body_middleware,
    json_error,
)
from app.adapters.web.cors import answer_preflights, name_the_origin
from app.adapters.web.guard import (
    ASSIST,
    GUESSES_KEY,
    GuessGuard,
    HostRules,
    assist_may,
    given_token,
    is_assist_help,
    is_assist_interaction,
    refuse_other_hosts,
    role_of,
    too_many,
)
from app.adapters.web.limits import LIMITS_KEY, IngestLimits
from app.adapters.web.routes_events import ws_events
from app.services.assist_access import AssistAccess
from app.services.errors import LiveDeskError
from app.services.show import Show

log = logging.getLogger(__name__)


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except LiveDeskError as exc:
        return json_error(exc.status, error_text(exc.message))
    except web.HTTPRequestEntityTooLarge:
        return json_error(413, f"the body is larger than {MAX_BODY} bytes")
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return json_error(exc.status, error_text(exc.reason))
    except Exception:
        log.exception("API %s %s failed", request.method, request.path)
        return json_error(500, "internal error; see the console's log")


# The overlay pages and their static files load in OBS's browser source without the token, and
# so do the assistants' panel's script and style; what either shows arrives over routes that need
# the token like every other.
PUBLIC_PREFIXES = ("/overlay/", "/assist/static/")
WRONG_TOKEN = "missing or wrong token"
ASSIST_ONLY = (
    "the assistants' token opens only the assistants' panel, the question queue, comments and "
    "the thanks list, and (when the host allows it) polls, lotteries and check-in, marking "
    "thanks, blocking a viewer and messages for the host; use the API token for this"
)
HELP_NOT_ALLOWED = (
    "the host has not allowed assistants to mark thanks, block viewers or message the host: "
    "the assistants' token is refused here until “Assistants may mark thanks, block viewers "
    "and message the host” is on in Settings › Local server; use the API token for this"
)
INTERACTION_NOT_ALLOWED = (
    "the host has not allowed assistants to run interactions (polls, lotteries and check-in): "
    "the assistants' token is refused here until “Assistants may run polls, lotteries and "
    "check-ins” is on in Settings › Local server; use the API token for this"
)


@web.middleware
async def token_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in ("GET", "HEAD") and request.path.startswith(PUBLIC_PREFIXES):
        return await handler(request)
    given = given_token(request)
    if not given:
        return json_error(401, WRONG_TOKEN)
    guesses, address = request.app[GUESSES_KEY], request.remote or "?"
    wait = guesses.wait_s(address)
    if wait > 0:
        return too_many(wait)
    role = role_of(given, request.app[TOKEN_KEY], request.app[ASSIST_KEY].token)
    if role is None:
        guesses.failed(address, given)
        return json_error(401, WRONG_TOKEN)
    if role == ASSIST and not assist_may(request):
        access = request.app[ASSIST_KEY]  # the host's choices, read at every request
        if is_assist_help(request):
            if not access.helps_host:
                return json_error(403, HELP_NOT_ALLOWED)
        elif not is_assist_interaction(request):
            return json_error(403, ASSIST_ONLY)
        elif not access.runs_interaction:
            return json_error(403, INTERACTION_NOT_ALLOWED)
    request[ROLE_KEY] = role
    return await handler(request)


async def _close_sockets(app: web.Application) -> None:
    sockets: set[web.WebSocketResponse] = app[SOCKETS_KEY]
    for ws in list(sockets):
        await ws.close(code=1001, message=b"LiveDesk is stopping")


def _default_assist(show: Show) -> AssistAccess:
    """An assistants' token for this run only (tests, and servers main.py did not give one)."""
    return AssistAccess(show.bus, token_urlsafe(24), make=lambda: token_urlsafe(24),
                        keep=lambda _token: False, kept=False)  # fmt: skip


def create_app(
    show: Show,
    token: str,
    *,
    assist: AssistAccess | None = None,
    media: MediaFinder | None = None,
    hosts: HostRules | None = None,
    guesses: GuessGuard | None = None,
) -> web.Application:
    """`token`: the master token; `assist`: the assistants' token (else show.assist, else one
    for this run); `media(image)`: the file to serve for a product image (None: none served);
    `hosts`: which Host names are this server (loopback only by default)."""
    if not token:
        raise ValueError("the API needs a token")
    rules = hosts or HostRules()
    app = web.Application(
        middlewares=[errors_middleware, refuse_other_hosts(rules), answer_preflights(rules),
                     token_middleware, json_body_middleware],
        client_max_size=MAX_BODY,
    )  # fmt: skip
    app.on_response_prepare.append(name_the_origin(rules))
    app[SHOW_KEY] = show
    app[TOKEN_KEY] = token
    app[ASSIST_KEY] = assist or getattr(show, "assist", None) or _default_assist(show)
    app[MEDIA_KEY] = media or (lambda _image: None)
    app[GUESSES_KEY] = guesses or GuessGuard()
    app[SOCKETS_KEY] = set[web.WebSocketResponse]()
    app[LIMITS_KEY] = IngestLimits.from_env()
    app.on_shutdown.append(_close_sockets)
    routes_obs.register(app.router)
    routes_runsheet.register(app.router)
    routes_overlay.register(app.router)
    routes_audience.register(app.router)
    routes_douyin.register(app.router)
    routes_interaction.register(app.router)
    routes_assist.register(app.router)
    routes_host.register(app.router)
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
