"""The assistants' web panel (/assist) and its static files (/assist/static/*)."""

from __future__ import annotations

from aiohttp import web


def register(router: web.UrlDispatcher) -> None:
    """Filled in by the assistants' panel work."""
