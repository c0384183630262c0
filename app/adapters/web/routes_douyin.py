"""Douyin's open-platform live-data push (直播间数据开放) at POST /ingest/douyin.

Douyin posts a JSON list of one message type (header ``x-msg-type``: live_comment, live_gift,
live_like, live_fansclub) for the room in ``x-roomid``. When a data secret is set
(LIVEDESK_DOUYIN_SECRET), ``x-signature`` must be base64(md5(the four signed headers as
``key=value`` sorted by key and joined with ``&``, then the raw body, then the secret)): without
it the push is refused with 401. Each element becomes an /ingest item, checked alone: a comment,
gifts (``gift_value`` is in 分, so CNY / 100; the gift is named by its ``sec_gift_id``, as the push
carries no name), likes (``like_num``, merged by Douyin every 2 s) or a fan-club join (a
membership; a level-up is not a new member). Douyin counts a push that takes longer than 2 s (3 s
for gifts) or answers other than 2xx as failed, so the route answers at once. The push reaches
this server only through whatever tunnel the user sets up; the API token still applies
(``?token=`` in the push URL), and so do /ingest's limits: 429 with Retry-After when the show log
is more than a second behind or the sender goes beyond the per-address rate (through a tunnel
every push comes from one address; Douyin's own pushes for a room stay far below it).

Each element is read alone: one that cannot be read (a number no float holds, a count that is no
ASCII number), and each one past /ingest's 1,000 a message, is rejected with its index and the
others are taken; the answer stays 2xx, since Douyin re-sends a push it counts as failed. A
re-sent element (a ``msg_id`` taken before, here or at /ingest as platform "douyin") is answered
as accepted but not counted again: the same RecentIds as /ingest's, and "repeated" in the answer
says how many were.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Any

from aiohttp import web

from app.adapters.web.common import SHOW_KEY, json_error, read_any_json, sent_a_body
from app.adapters.web.routes_audience import post_refusal, take_batch
from app.domain.audience import MAX_ITEM_COUNT, MAX_VALUE, IncomingComment
from app.domain.ingest import MAX_BATCH, parse_item
from app.domain.text import ascii_whole
from app.services.errors import BadInput, ObsUnavailable

SECRET_ENV = "LIVEDESK_DOUYIN_SECRET"
SIGNED_HEADERS = ("x-msg-type", "x-nonce-str", "x-roomid", "x-timestamp")
FANSCLUB_JOIN = 2  # fansclub_reason_type: 1 level-up, 2 joined
FEN_PER_CNY = 100
TOO_MANY = f"more than {MAX_BATCH:,} comments in one message"  # /ingest's words (parse_batch)


def signature(headers: dict[str, str], body: bytes, secret: str) -> str:
    signed = "&".join(f"{key}={headers.get(key, '')}" for key in sorted(SIGNED_HEADERS))
    digest = hashlib.md5(signed.encode() + body + secret.encode()).digest()
    return base64.b64encode(digest).decode()


def item_from_push(msg_type: str, data: Any) -> dict[str, Any] | str:
    """One element of a push as an /ingest item (parse_item checks it after), or why not."""
    if not isinstance(data, dict):
        return "each pushed element must be a JSON object"
    base = {"platform": "douyin", "user": data.get("nickname", ""), "id": data.get("msg_id"),
            "user_id": data.get("sec_openid"), "ts": data.get("timestamp")}  # fmt: skip
    if msg_type == "live_comment":
        return {**base, "kind": "comment", "text": data.get("content", "")}
    if msg_type == "live_gift":
        value = data.get("gift_value")
        if isinstance(value, int) and not isinstance(value, bool) and \
                0 <= value <= MAX_VALUE * FEN_PER_CNY:  # fmt: skip
            value = value / FEN_PER_CNY  # 分 → CNY; beyond MAX_VALUE parse_item refuses it
        return {**base, "kind": "gift", "gift": data.get("sec_gift_id"),
                "count": data.get("gift_num"), "value": value, "currency": "CNY"}  # fmt: skip
    if msg_type == "live_like":
        count = data.get("like_num")
        # documented as a string in one example: ASCII digits only ("²".isdigit() is True too)
        number = ascii_whole(count, len(str(MAX_ITEM_COUNT))) if isinstance(count, str) else None
        count = count if number is None else number
        return {**base, "kind": "like", "count": count}
    if msg_type == "live_fansclub":
        if data.get("fansclub_reason_type") != FANSCLUB_JOIN:
            return "a fan-club level-up is not a new member"
        return {**base, "kind": "member", "gift": "粉丝团", "count": 1}
    return f"“{msg_type[:40]}” is not a Douyin message type LiveDesk reads"


def items_from_push(
    msg_type: str, payload: Any
) -> tuple[list[IncomingComment], list[dict[str, Any]]]:
    elements = payload if isinstance(payload, list) else [payload]
    accepted: list[IncomingComment] = []
    rejected: list[dict[str, Any]] = []
    for index, data in enumerate(elements):
        if index >= MAX_BATCH:  # as /ingest: each one past the limit rejected, never dropped
            rejected.append({"index": index, "error": TOO_MANY})
            continue
        try:
            item = item_from_push(msg_type, data)
            parsed = parse_item(item) if isinstance(item, dict) else item
        except Exception as exc:  # noqa: BLE001 - a fault in a rule costs this element alone
            parsed = f"this element could not be read ({type(exc).__name__})"
        if isinstance(parsed, IncomingComment):
            accepted.append(parsed)
        else:
            rejected.append({"index": index, "error": parsed})
    return accepted, rejected


async def post_douyin(request: web.Request) -> web.Response:
    body = await request.read()
    headers = {key: request.headers.get(key, "") for key in SIGNED_HEADERS}
    secret = os.environ.get(SECRET_ENV, "")
    if secret:
        given = request.headers.get("x-signature", "")
        if not hmac.compare_digest(given.encode(), signature(headers, body, secret).encode()):
            return json_error(401, "the x-signature does not match the Douyin data secret")
    try:
        # strict: finite numbers only; no body (or only whitespace): no elements
        payload = await read_any_json(request) if sent_a_body(request) else []
    except BadInput:
        return json_error(400, "the body is not JSON")
    audience = request.app[SHOW_KEY].audience
    if audience is None:
        raise ObsUnavailable("the audience service is not running")
    refused = post_refusal(request, len(payload) if isinstance(payload, list) else 1)
    if refused is not None:
        return refused
    accepted, rejected = items_from_push(headers["x-msg-type"], payload)
    # the audience's memory of ids, as /ingest's: a repeat across both is caught
    return web.json_response(await take_batch(audience, accepted, rejected, "douyin"))


def register(router: web.UrlDispatcher) -> None:
    router.add_post("/ingest/douyin", post_douyin)
