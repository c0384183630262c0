"""The overlay pages for OBS's browser source (/overlay/*) and their live feed (/ws/overlay).

The pages, their CSS/JS, the QR codes and the product images are public (OBS loads them without
a token); what the pages show arrives over /ws/overlay, which needs the token. Every
overlay response carries a strict Content-Security-Policy: the pages run only their own script and
put every piece of data into the DOM as text.
"""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path
from typing import Any

import segno
from aiohttp import WSMsgType, web

from app.adapters.files.media import IMAGE_TYPES
from app.adapters.web.common import MEDIA_KEY, SHOW_KEY, SOCKETS_KEY
from app.adapters.web.event_json import OVERFLOW, event_to_json
from app.adapters.web.limits import LISTENER_MAX_FRAME
from app.adapters.web.routes_events import close_after_error, stop_sender
from app.adapters.web.static_files import ASSET_CSP, HTML, page_headers, shipped_file
from app.domain.catalog import Product
from app.resources import resources_dir
from app.services.overlays import OverlayControl

log = logging.getLogger(__name__)

# page -> (its title, the widgets it builds); one template, resources/overlay/page.html
PAGES = {
    "product": ("商品卡 Product card", "product"),
    "coupon": ("优惠券倒计时 Coupon countdown", "coupon"),
    "featured": ("精选评论 Featured comment", "featured"),
    "thanks": ("感谢榜 Thanks", "thanks"),
    "lottery": ("福袋抽奖 Lottery", "lottery"),
    "poll": ("投票答题 Poll and quiz", "poll"),
    "checkin": ("签到 Check-in", "checkin"),
    "all": ("全部 All overlays", "product coupon featured thanks lottery poll checkin"),
}
HEARTBEAT_S = 10.0  # an application-level "still here" the page's watchdog listens for


def overlay_dir() -> Path:
    return resources_dir() / "overlay"


# ----- pages and their files -------------------------------------------------------------------
async def get_page(request: web.Request) -> web.Response:
    name = request.match_info["page"]
    template = overlay_dir() / "page.html"
    if name not in PAGES or not template.is_file():
        raise web.HTTPNotFound(reason=f"there is no overlay page “{name}”")
    title, widgets = PAGES[name]
    page = template.read_text("utf-8").replace("{{title}}", title)
    return web.Response(text=page.replace("{{widgets}}", widgets), headers=page_headers(HTML))


async def get_static(request: web.Request) -> web.StreamResponse:
    return shipped_file(overlay_dir(), request.match_info["name"], "overlay file")


def _product(request: web.Request, sku: str) -> Product:
    product = request.app[SHOW_KEY].runner.catalog().product(sku)
    if product is None:
        raise web.HTTPNotFound(reason=f"no product with SKU “{sku}”")
    return product


async def get_qr(request: web.Request) -> web.Response:
    product = _product(request, request.match_info["sku"])
    if not product.link:
        raise web.HTTPNotFound(reason=f"the product “{product.sku}” has no link")
    svg = io.BytesIO()
    segno.make(product.link, error="m").save(
        svg, kind="svg", xmldecl=False, omitsize=True, border=2, dark="#111", light="#fff"
    )
    return web.Response(
        body=svg.getvalue(), content_type="image/svg+xml", headers=page_headers(csp=ASSET_CSP)
    )


async def get_media(request: web.Request) -> web.StreamResponse:
    """A product's picture: only a copy kept in the data directory's media folder (made when
    the catalog came in, app/adapters/files/media.py), never another file the catalog names."""
    product = _product(request, request.match_info["sku"])
    served = request.app[MEDIA_KEY]
    path = served(product.image)
    if path is None:
        raise web.HTTPNotFound(reason=f"the product “{product.sku}” has no local image")
    headers = page_headers(IMAGE_TYPES[path.suffix.lower()], ASSET_CSP)
    return web.FileResponse(path, headers=headers)


# ----- the live feed ---------------------------------------------------------------------------
def _message(overlays: OverlayControl) -> dict[str, Any]:
    return {"type": "overlay", "view": overlays.view()}


async def ws_overlay(request: web.Request) -> web.WebSocketResponse:
    """The full view on connect, then again after every overlay change (bursts coalesced)."""
    ws = web.WebSocketResponse(heartbeat=HEARTBEAT_S * 2, max_msg_size=LISTENER_MAX_FRAME)
    await ws.prepare(request)
    show = request.app[SHOW_KEY]
    queue = show.bus.subscribe(event_to_json, maxsize=256)  # before the first view: none missed
    sockets = request.app[SOCKETS_KEY]
    sockets.add(ws)
    sender: asyncio.Task[None] | None = None
    try:
        try:
            await ws.send_json(_message(show.overlays))
        except Exception as exc:  # noqa: BLE001 - never left open and silent
            await close_after_error(ws, "/ws/overlay", exc)
            return ws
        sender = asyncio.create_task(_feed(ws, queue, show.overlays), name="ws-overlay-feed")
        async for message in ws:  # the page only listens; reading keeps the socket healthy
            if message.type == WSMsgType.ERROR:
                break
    except ConnectionError:
        pass
    finally:
        await stop_sender(sender)
        show.bus.unsubscribe(queue)
        sockets.discard(ws)
    return ws


def _relevant(event: dict[str, Any]) -> bool:
    kind = str(event.get("type", ""))
    return kind.startswith("overlay.") or kind == OVERFLOW


async def _feed(
    ws: web.WebSocketResponse, queue: asyncio.Queue[dict[str, Any]], overlays: OverlayControl
) -> None:
    while not ws.closed:
        try:
            event = await asyncio.wait_for(queue.get(), HEARTBEAT_S)
        except TimeoutError:
            event = None
        try:
            if event is None:
                await ws.send_json({"type": "heartbeat"})
                continue
            changed = _relevant(event)
            while not queue.empty():  # a burst (a cue: card + coupon) becomes one message
                changed = _relevant(queue.get_nowait()) or changed
            if changed:
                await ws.send_json(_message(overlays))
        except Exception as exc:  # noqa: BLE001 - a broken frame must not end the feed silently
            await close_after_error(ws, "/ws/overlay", exc)
            return


def register(router: web.UrlDispatcher) -> None:
    router.add_get("/overlay/static/{name}", get_static)
    router.add_get("/overlay/qr/{sku}.svg", get_qr)
    router.add_get("/overlay/media/{sku}", get_media)
    router.add_get("/overlay/{page}", get_page)
    router.add_get("/ws/overlay", ws_overlay)
