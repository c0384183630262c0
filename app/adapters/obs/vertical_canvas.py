"""Vertical canvases in OBS: where cards belong on a canvas, what an item covers now, and
whether this OBS has a second (vertical) canvas besides the main one.

obs-websocket 5.7 (OBS 31.1+) lists canvases with `GetCanvasList`; the Aitum Vertical plugin
answers vendor requests as `aitum-vertical-canvas`. LiveDesk places its cards on the main
canvas in either case (set it to 9:16 for a vertical show); the set-up report says which
second canvas it found so the host knows the cards are not on it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from app.domain.safe_area import SAFE_AREA, Box, is_portrait
from app.services.errors import ObsRequestFailed

AITUM_VENDOR = "aitum-vertical-canvas"
Call = Callable[..., Awaitable[dict[str, Any]]]


def card_area(width: int, height: int) -> Box:
    """Where cards belong: the whole canvas, or the safe area of a vertical one."""
    return SAFE_AREA.box(width, height) if is_portrait(width, height) else (0, 0, width, height)


def current_rect(transform: dict[str, Any] | None) -> Box | None:
    """What a (top-left aligned) scene item covers, from its transform; None when unknown."""
    if not transform or "positionX" not in transform:
        return None
    bounded = transform.get("boundsType", "OBS_BOUNDS_NONE") != "OBS_BOUNDS_NONE"
    w = transform.get("boundsWidth" if bounded else "width", 0)
    h = transform.get("boundsHeight" if bounded else "height", 0)
    return (round(transform["positionX"]), round(transform["positionY"]), round(w), round(h))


async def find_vertical_canvas(call: Call) -> dict[str, Any]:
    """{"found": None | "canvas" | "aitum-vertical", "name": its name or None, "drives": "main"}."""
    found: dict[str, Any] = {"found": None, "name": None, "drives": "main"}
    try:
        available = set((await call("GetVersion")).get("availableRequests") or [])
        if "GetCanvasList" in available:
            canvases = (await call("GetCanvasList")).get("canvases") or []
            for index, canvas in enumerate(c for c in canvases if isinstance(c, dict)):
                flags = canvas.get("canvasFlags")
                main = flags.get("MAIN") if isinstance(flags, dict) else index == 0
                if not main:
                    found.update(found="canvas", name=canvas.get("canvasName"))
                    return found
        if "CallVendorRequest" in available:
            await call("CallVendorRequest", vendorName=AITUM_VENDOR, requestType="version",
                       requestData={})  # fmt: skip
            found.update(found="aitum-vertical", name="Aitum Vertical")
    except ObsRequestFailed:  # no such vendor (the usual answer), or an older OBS
        pass
    return found
