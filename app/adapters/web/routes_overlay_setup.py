"""POST /api/overlay/setup: set up (or repair) the overlay sources in OBS."""

from __future__ import annotations

from aiohttp import web


def register(router: web.UrlDispatcher) -> None:
    """Filled in by the native overlay work."""
