"""What one answer of the YouTube Data API means for LiveDesk, each part read alone.

A ``liveChatMessage`` is a comment (``textMessageEvent``), an event worth counting (Super Chats,
Super Stickers, memberships, gifted memberships), or nothing to count; one that is not what the
API documents is refused by itself, never the page it came in. Google sends its int64 fields
(``amountMicros``, ``concurrentViewers``) as strings of ASCII digits: anything else there (``"²"``,
for which ``str.isdigit()`` is true, a number thousands of digits long) is no number.
``pollingIntervalMillis`` is honoured within bounds, so a page without one (or with 0, a negative
number or a string) is not polled again at once, and one with a huge value does not sleep forever.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from app.domain.audience import IncomingComment, Kind
from app.domain.ingest import parse_item
from app.domain.text import ascii_whole

MICROS_DIGITS = 18  # 10^18 micros is 10^12 of a currency: far beyond any real payment
VIEWERS_DIGITS = 12
# a poll answer without a usable pollingIntervalMillis waits this long: 12 calls (60 units) a
# minute, the pace of the quota figures in docs/FACTS (about 2.8 h of one chat a day)
FALLBACK_POLL_S = 5.0
MAX_POLL_S = 30.0  # a longer interval is read as this: the chat never sleeps unseen for hours


def whole_number(value: Any, max_digits: int) -> int | None:
    """A whole number given as a JSON integer or a string of ASCII digits (Google's int64), at
    most ``max_digits`` long; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -(10**max_digits) < value < 10**max_digits else None
    return ascii_whole(value, max_digits) if isinstance(value, str) else None


def polling_interval_s(raw: Any, floor: float = 0.0, fallback: float = FALLBACK_POLL_S,
                       ceiling: float = MAX_POLL_S) -> float:  # fmt: skip
    """The wait before the next poll from ``pollingIntervalMillis``: the value given, at least
    ``floor`` and at most ``ceiling`` seconds; ``fallback`` (at least ``floor``) when it is
    missing, not a positive number, or not a number at all."""
    millis: float | None
    if isinstance(raw, bool):
        millis = None
    elif isinstance(raw, int):
        millis = raw  # of any length: it is compared with the ceiling before it is divided
    elif isinstance(raw, float):
        millis = raw if math.isfinite(raw) else None
    else:
        millis = whole_number(raw, 15)
    if millis is None or millis <= 0:
        return min(max(fallback, floor), ceiling)
    if millis >= ceiling * 1000:
        return ceiling
    return min(max(millis / 1000, floor), ceiling)


class BadField(ValueError):
    """A field of an item is not of the documented type; the message names the field only."""


def _object(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadField(f"“{name}” is not an object")
    return value


def _optional_text(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadField(f"“{name}” must be a string")
    return value


def _item_id(item: dict[str, Any]) -> str | None:
    raw = item.get("id")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return _optional_text(raw, "id")


def _author(item: dict[str, Any], snippet: dict[str, Any]) -> tuple[str, str | None]:
    """The viewer's shown name and channel id; either missing is allowed, a wrong type is not."""
    author = _object(item.get("authorDetails"), "authorDetails")
    channel = _optional_text(author.get("channelId"), "authorDetails.channelId")
    channel = channel or _optional_text(snippet.get("authorChannelId"), "authorChannelId")
    name = _optional_text(author.get("displayName"), "authorDetails.displayName")
    return name or channel or "?", channel


def _parse_time(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def comment_from_item(item: dict[str, Any], platform: str = "youtube") -> IncomingComment | None:
    """A textMessageEvent as a comment; None for other events (event_item reads those). A field
    of the wrong type raises BadField."""
    snippet = _object(item.get("snippet"), "snippet")
    if snippet.get("type") != "textMessageEvent":
        return None
    details = _object(snippet.get("textMessageDetails"), "textMessageDetails")
    text = details.get("messageText") or snippet.get("displayMessage")
    if not isinstance(text, str) or not text:
        return None
    user, channel = _author(item, snippet)
    return IncomingComment(platform=platform, user=user, text=text, native_id=_item_id(item),
                           user_id=channel, ts=_parse_time(snippet.get("publishedAt")))  # fmt: skip


def _micros(value: Any) -> Any:
    """amountMicros as an amount of the currency; None when absent. Anything that is not a whole
    number of micros becomes NaN, which parse_item refuses."""
    if value is None:
        return None
    number = whole_number(value, MICROS_DIGITS)
    return math.nan if number is None else number / 1_000_000


def event_item(item: dict[str, Any], platform: str = "youtube") -> dict[str, Any] | None:
    """A paid or membership message as an /ingest item (checked by parse_item after); None for
    text messages and what counts nothing (deletions, bans, polls, received gift memberships)."""
    snippet = _object(item.get("snippet"), "snippet")
    user, channel = _author(item, snippet)
    base = {"platform": platform, "id": _item_id(item), "user": user, "user_id": channel,
            "ts": _parse_time(snippet.get("publishedAt"))}  # fmt: skip
    kind = snippet.get("type")
    if kind == "superChatEvent":
        details = _object(snippet.get("superChatDetails"), "superChatDetails")
        text = details.get("userComment") or details.get("amountDisplayString") or "Super Chat"
        return {**base, "kind": Kind.SUPERCHAT.value, "text": text,
                "value": _micros(details.get("amountMicros")),
                "currency": details.get("currency")}  # fmt: skip
    if kind == "superStickerEvent":
        details = _object(snippet.get("superStickerDetails"), "superStickerDetails")
        metadata = _object(details.get("superStickerMetadata"), "superStickerMetadata")
        return {**base, "kind": Kind.GIFT.value, "count": 1,
                "gift": metadata.get("altText") or "Super Sticker",
                "value": _micros(details.get("amountMicros")),
                "currency": details.get("currency")}  # fmt: skip
    if kind == "newSponsorEvent":
        details = _object(snippet.get("newSponsorDetails"), "newSponsorDetails")
        return {**base, "kind": Kind.MEMBER.value, "count": 1,
                "gift": details.get("memberLevelName") or None}  # fmt: skip
    if kind == "memberMilestoneChatEvent":
        details = _object(snippet.get("memberMilestoneChatDetails"), "memberMilestoneChatDetails")
        return {**base, "kind": Kind.MEMBER.value, "count": 1,
                "gift": details.get("memberLevelName") or None,
                "text": details.get("userComment") or ""}  # fmt: skip
    if kind == "membershipGiftingEvent":
        details = _object(snippet.get("membershipGiftingDetails"), "membershipGiftingDetails")
        return {**base, "kind": Kind.MEMBER.value,
                "count": details.get("giftMembershipsCount"),
                "gift": details.get("giftMembershipsLevelName") or None}  # fmt: skip
    return None


def item_type(item: object) -> str:
    """The item's ``snippet.type`` for a log line, or "item" when it has none."""
    snippet = item.get("snippet") if isinstance(item, dict) else None
    kind = snippet.get("type") if isinstance(snippet, dict) else None
    return kind[:40] if isinstance(kind, str) and kind else "item"


def read_item(item: object, platform: str = "youtube") -> IncomingComment | str | None:
    """One liveChatMessage: what to deliver (already cleaned as delivery cleans it), the reason it
    is refused, or None when it counts nothing. A fault in one item costs that item alone."""
    if not isinstance(item, dict):
        return f"an item must be a JSON object, not {type(item).__name__}"
    try:
        comment = comment_from_item(item, platform)
        if comment is None:
            event = event_item(item, platform)
            if event is None:
                return None
            parsed = parse_item(event)
            if isinstance(parsed, str):
                return parsed
            comment = parsed
        return comment  # cleaned with the rest on delivery (checked_as_ingest)
    except BadField as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - an item unlike the documented ones costs itself
        return f"unreadable ({type(exc).__name__})"  # its text may quote what a viewer wrote


def viewer_item(details: dict[str, Any], platform: str = "youtube") -> dict[str, Any] | None:
    """liveStreamingDetails.concurrentViewers as an /ingest item (absent when the owner hides the
    count); a value that is not a whole number is passed on for parse_item to refuse."""
    raw = details.get("concurrentViewers")
    if raw is None:
        return None
    count = whole_number(raw, VIEWERS_DIGITS)
    return {"platform": platform, "kind": Kind.VIEWERS.value,
            "count": raw if count is None else count}  # fmt: skip
