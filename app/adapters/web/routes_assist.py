"""The assistants' web panel (/assist) and its static files (/assist/static/*).

The page itself needs the token (the token middleware checks it: /assist is not under
/assist/static/); its script and style are public, like the overlay pages' files. The page carries
the same strict Content-Security-Policy as the overlay pages: only its own script and style run,
and every piece of viewer text reaches the DOM as text (SPEC §4).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

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


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/assist", get_panel)
    router.add_get("/assist/", get_panel)
    router.add_get("/assist/static/{name}", get_static)
