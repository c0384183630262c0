"""Routes for what is on stream: /api/overlay/product, /coupon, /featured, /thanks and the
interaction cards /lottery, /poll and /checkin."""

from __future__ import annotations

from aiohttp import web

from app.adapters.web.common import SHOW_KEY, field, read_json
from app.adapters.web.state_json import (
    coupon_json,
    interaction_overlay_json,
    thanks_overlay_json,
)
from app.domain import rules
from app.domain.audience import MAX_NAME, MAX_PLATFORM, MAX_TEXT
from app.domain.overlay_view import FeaturedComment
from app.services.audience_actions import at_most
from app.services.errors import BadInput, NotFound
from app.services.overlays import INTERACTION_KINDS


async def post_product(request: web.Request) -> web.Response:
    sku = field(await read_json(request), "sku", str)
    request.app[SHOW_KEY].overlays.show_product(sku, origin="api")
    return web.json_response({"ok": True, "product": sku})


async def delete_product(request: web.Request) -> web.Response:
    request.app[SHOW_KEY].overlays.hide_product(origin="api")
    return web.json_response({"ok": True, "product": None})


async def post_coupon(request: web.Request) -> web.Response:
    """`{"code", "seconds"?}`: 400 with the rule's message for a length outside 1 second to
    rules.MAX_COUPON_S, or not whole, or no number (NaN and 1e400 included)."""
    body = await read_json(request)
    seconds = body.get("seconds")
    if seconds is not None and (problem := rules.coupon_seconds_problem(seconds)) is not None:
        raise BadInput(problem)
    overlays = request.app[SHOW_KEY].overlays
    overlays.start_coupon(field(body, "code", str), seconds, origin="api")
    return web.json_response({"ok": True, "coupon": coupon_json(overlays.coupon_state())})


async def delete_coupon(request: web.Request) -> web.Response:
    request.app[SHOW_KEY].overlays.stop_coupon(origin="api")
    return web.json_response({"ok": True, "coupon": None})


async def post_coupon_extend(request: web.Request) -> web.Response:
    body = await read_json(request)
    seconds = body.get("seconds", 30)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
        raise BadInput("“seconds” must be a positive number")
    overlays = request.app[SHOW_KEY].overlays
    overlays.extend_coupon(seconds, origin="api")  # BadInput beyond rules.MAX_COUPON_S
    return web.json_response({"ok": True, "coupon": coupon_json(overlays.coupon_state())})


async def post_featured(request: web.Request) -> web.Response:
    """`{"comment_id"}` puts a viewer's comment on screen; `{"user", "text", "platform"?}` a
    question an assistant typed in (Douyin's 中控台 has no comment interface)."""
    body = await read_json(request)
    overlays = request.app[SHOW_KEY].overlays
    if "comment_id" in body:
        comment_id = body["comment_id"]
        audience = request.app[SHOW_KEY].audience
        if audience is None:
            raise NotFound(f"there is no comment “{comment_id}”")
        if isinstance(comment_id, bool) or not isinstance(comment_id, int | str):
            raise BadInput("“comment_id” must be a comment's id (a whole number)")
        try:
            number = int(comment_id)  # a whole number, or its digits as text
        except ValueError as exc:
            raise BadInput("“comment_id” must be a comment's id (a whole number)") from exc
        audience.feature_comment(number)
        return web.json_response({"ok": True, "featured": overlays.view()["featured"]})
    text = field(body, "text", str)
    user = body.get("user", "")
    platform = body.get("platform", "manual")
    if not isinstance(user, str) or not isinstance(platform, str):
        raise BadInput("“user” and “platform” must be strings")
    if len(text) > MAX_TEXT:
        raise BadInput("the text is longer than 2,000 characters")
    at_most(user, "user", MAX_NAME)
    at_most(platform, "platform", MAX_PLATFORM)
    overlays.feature(FeaturedComment(user=user, text=text, platform=platform), origin="api")
    return web.json_response({"ok": True, "featured": overlays.view()["featured"]})


async def delete_featured(request: web.Request) -> web.Response:
    request.app[SHOW_KEY].overlays.unfeature(origin="api")
    return web.json_response({"ok": True, "featured": None})


async def post_thanks(request: web.Request) -> web.Response:
    """Turn the thanks overlay (gift alerts) on; no body needed."""
    overlays = request.app[SHOW_KEY].overlays
    overlays.show_thanks(origin="api")
    return web.json_response({"ok": True, "thanks": thanks_overlay_json(overlays.thanks_state())})


async def delete_thanks(request: web.Request) -> web.Response:
    overlays = request.app[SHOW_KEY].overlays
    overlays.hide_thanks(origin="api")
    return web.json_response({"ok": True, "thanks": thanks_overlay_json(overlays.thanks_state())})


async def post_interaction(request: web.Request) -> web.Response:
    """Put the lottery or poll card (or the open check-in's) back on screen; no body needed."""
    overlays = request.app[SHOW_KEY].overlays
    overlays.show_interaction(_card_kind(request), origin="api")
    return web.json_response({"ok": True, **interaction_overlay_json(overlays.interaction_state())})


async def delete_interaction(request: web.Request) -> web.Response:
    """Take the lottery, poll or check-in card off screen (the next one to open comes on)."""
    overlays = request.app[SHOW_KEY].overlays
    overlays.hide_interaction(_card_kind(request), origin="api")
    return web.json_response({"ok": True, **interaction_overlay_json(overlays.interaction_state())})


def _card_kind(request: web.Request) -> str:
    return request.path.rstrip("/").rsplit("/", 1)[-1]


def register(router: web.UrlDispatcher) -> None:
    for card in INTERACTION_KINDS:
        router.add_post(f"/api/overlay/{card}", post_interaction)
        router.add_delete(f"/api/overlay/{card}", delete_interaction)
    router.add_post("/api/overlay/thanks", post_thanks)
    router.add_delete("/api/overlay/thanks", delete_thanks)
    router.add_post("/api/overlay/featured", post_featured)
    router.add_delete("/api/overlay/featured", delete_featured)
    router.add_post("/api/overlay/product", post_product)
    router.add_delete("/api/overlay/product", delete_product)
    router.add_post("/api/overlay/coupon", post_coupon)
    router.add_delete("/api/overlay/coupon", delete_coupon)
    router.add_post("/api/overlay/coupon/extend", post_coupon_extend)
