"""The overlay pages for OBS's browser source (/overlay/*) and their live feed (/ws/overlay)."""

from __future__ import annotations

from aiohttp import web


def register(router: web.UrlDispatcher) -> None:
    """Filled in by the overlay pages work."""
