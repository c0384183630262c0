"""The assistants' web panel (/assist) and its static files (/assist/static/*).

The page itself needs the token (the token middleware checks it: /assist is not under
/assist/static/); its script and style are public, like the overlay pages' files. The page carries
the same strict Content-Security-Policy as the overlay pages: only its own script and style run,
and every piece of viewer text reaches the DOM as text (SPEC §4).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from app.adapters.web.routes_overlay_pages import PAGE_CSP, STATIC_TYPES
from app.resources import resources_dir

BINARY_SUFFIXES = (".png", ".woff2")


def assist_dir() -> Path:
    return resources_dir() / "assist"


def _headers(content_type: str) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "Content-Security-Policy": PAGE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-cache",
        "Referrer-Policy": "no-referrer",  # the page's URL carries the token
    }


async def get_panel(request: web.Request) -> web.StreamResponse:
    path = assist_dir() / "index.html"
    if not path.is_file():
        raise web.HTTPNotFound(reason="the assistants' panel is not installed")
    return web.FileResponse(path, headers=_headers("text/html; charset=utf-8"))


async def get_static(request: web.Request) -> web.StreamResponse:
    """Only files that exist directly in resources/assist, of a known type: no traversal."""
    name = request.match_info["name"]
    root = assist_dir()
    shipped = {p.name: p for p in root.iterdir() if p.is_file()} if root.is_dir() else {}
    path = shipped.get(name)
    if path is None or path.suffix not in STATIC_TYPES:
        raise web.HTTPNotFound(reason=f"there is no panel file “{name}”")
    kind = STATIC_TYPES[path.suffix]
    content_type = kind if path.suffix in BINARY_SUFFIXES else f"{kind}; charset=utf-8"
    return web.FileResponse(path, headers=_headers(content_type))


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/assist", get_panel)
    router.add_get("/assist/", get_panel)
    router.add_get("/assist/static/{name}", get_static)
