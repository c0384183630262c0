"""The assistants' web panel (/assist), its static files (/assist/static/*), and the
assistants' token: POST /api/assist/token (the API token only) makes a new one at once, and
GET /api/assist lists the assistants connected. GET /assist/api/interaction (either token) is the
latest lottery, poll and check-in, read by the panel's Interaction tab when it (re)connects; their
changes then arrive on its event stream, and its buttons use the /api/poll, /api/lottery and
/api/checkin routes, which the assistants' token opens only while the host allows it ("allowed"
in the answer; the panel shows its buttons only then).

The page itself needs a token (the API token or the assistants' token; /assist is not under
/assist/static/); its script and style are public, like the overlay pages' files. The page carries
the same strict Content-Security-Policy as the overlay pages: only its own script and style run,
and every piece of viewer text reaches the DOM as text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from app.adapters.web.common import ASSIST_KEY, SHOW_KEY
from app.adapters.web.state_json import interaction_json
from app.adapters.web.static_files import HTML, page_headers, shipped_file
from app.resources import resources_dir


def assist_dir() -> Path:
    return resources_dir() / "assist"


async def get_panel(request: web.Request) -> web.StreamResponse:
    path = assist_dir() / "index.html"
    if not path.is_file():
        raise web.HTTPNotFound(reason="the assistants' panel is not installed")
    return web.FileResponse(path, headers=page_headers(HTML))


async def get_static(request: web.Request) -> web.StreamResponse:
    return shipped_file(assist_dir(), request.match_info["name"], "panel file")


async def post_token(request: web.Request) -> web.Response:
    """A new assistants' token: the old one stops at once (its panels are told and closed)."""
    made = request.app[ASSIST_KEY].rotate(origin="api")
    url = made["url"] or (
        f"{request.scheme}://{request.host}/assist?token={quote(made['token'], safe='')}"
    )
    return web.json_response({"token": made["token"], "url": url, "kept": made["kept"]})


async def get_assistants(request: web.Request) -> web.Response:
    return web.json_response({"assistants": request.app[ASSIST_KEY].assistants()})


async def get_interaction(request: web.Request) -> web.Response:
    """{"lottery", "poll", "checkin"}: the latest of each (null: none yet this run);
    "allowed": whether the assistants' token may run them now (the host's setting); "helps":
    whether it may mark thanks, block viewers and message the host (another)."""
    answer = interaction_json(request.app[SHOW_KEY].interaction.state())
    access = request.app[ASSIST_KEY]
    return web.json_response(
        {**answer, "allowed": access.runs_interaction, "helps": access.helps_host}
    )


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/assist", get_panel)
    router.add_get("/assist/", get_panel)
    router.add_get("/assist/static/{name}", get_static)
    router.add_post("/api/assist/token", post_token)
    router.add_get("/api/assist", get_assistants)
    router.add_get("/assist/api/interaction", get_interaction)
