"""What the pages the server ships share: their strict headers, and serving only the files that
sit directly in one resources folder (no traversal, known types only)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
}
BINARY_SUFFIXES = (".png", ".woff2")
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self' ws: wss:; font-src 'self'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'none'"
)
ASSET_CSP = "default-src 'none'; frame-ancestors 'none'"
HTML = "text/html; charset=utf-8"


def page_headers(content_type: str | None = None, csp: str = PAGE_CSP) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-cache",
        "Referrer-Policy": "no-referrer",  # the pages' URLs carry the token
    }
    if content_type is not None:
        headers["Content-Type"] = content_type
    return headers


def shipped_file(root: Path, name: str, what: str) -> web.FileResponse:
    """`name` when it is a file directly in `root` of a known type; 404 otherwise."""
    shipped = {p.name: p for p in root.iterdir() if p.is_file()} if root.is_dir() else {}
    path = shipped.get(name)
    if path is None or path.suffix not in STATIC_TYPES:
        raise web.HTTPNotFound(reason=f"there is no {what} “{name}”")
    kind = STATIC_TYPES[path.suffix]
    content_type = kind if path.suffix in BINARY_SUFFIXES else f"{kind}; charset=utf-8"
    return web.FileResponse(path, headers=page_headers(content_type))
