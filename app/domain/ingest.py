"""Comments arriving at /ingest: LiveDesk's shape and Social Stream Ninja's, each checked alone."""

from __future__ import annotations

import html
import math
import re
from typing import Any

from app.domain.audience import (
    MAX_CURRENCY,
    MAX_GIFT_NAME,
    MAX_ITEM_COUNT,
    MAX_NAME,
    MAX_PLATFORM,
    MAX_TEXT,
    MAX_VALUE,
    MAX_VIEWERS,
    TEXT_KINDS,
    IncomingComment,
    Kind,
)
from app.domain.text import clean_text

MAX_BATCH = 1000
TS_EARLIEST, TS_LATEST = 946_684_800, 4_102_444_800  # 2000-01-01 and 2100-01-01, UTC
_TAG = re.compile(r"<[^>]{0,500}>")


def parse_item(item: object, *, clean: bool = True) -> IncomingComment | str:
    """One comment, or the reason it is refused. `clean=False` when its strings are known to
    hold nothing ``clean_text`` replaces (loads_clean_checked of the raw JSON said so): the
    result is the same, without looking at each string."""
    if not isinstance(item, dict):
        return f"a comment must be a JSON object, not {type(item).__name__}"
    if "chatmessage" in item or "chatname" in item or ("event" in item and "platform" not in item):
        return _social_stream(item, clean)
    raw_kind = item.get("kind", "comment")
    if not isinstance(raw_kind, str) or raw_kind not in _KINDS:
        return f"“kind” must be one of {', '.join(_KINDS)}"
    kind = _KINDS[raw_kind]
    if kind in TEXT_KINDS:
        needed: tuple[str, ...] = ("platform", "user", "text")
    elif kind is Kind.VIEWERS:
        needed = ("platform",)
    else:
        needed = ("platform", "user")
    for name in needed:
        if name not in item:
            return f"“{name}” is missing"
    for name in ("platform", "user", "text"):
        if name in item and not isinstance(item[name], str):
            return f"“{name}” must be a string"
    return _checked(item["platform"], item.get("user", ""), item.get("text", ""), item, clean,
                    kind)  # fmt: skip


_KINDS = {kind.value: kind for kind in Kind}


# Social Stream Ninja's `event` names (its api.md and docs/event-reference.html) and the kind each
# is; an event not named here with a message stays a comment, as before events were read.
_SSN_EVENTS = {
    "new_follower": Kind.FOLLOW, "follow": Kind.FOLLOW, "followed": Kind.FOLLOW,
    "joined": Kind.ENTER, "raid": Kind.ENTER, "liked": Kind.LIKE,
    "shared": Kind.SHARE, "share": Kind.SHARE,
    "subscription": Kind.MEMBER, "subscribe": Kind.MEMBER, "resub": Kind.MEMBER,
    "new_subscriber": Kind.MEMBER, "member": Kind.MEMBER, "sponsorship": Kind.MEMBER,
    "giftpurchase": Kind.MEMBER, "subscription_gift": Kind.MEMBER,
    "viewer_update": Kind.VIEWERS, "gift": Kind.GIFT, "superchat": Kind.SUPERCHAT,
    "supersticker": Kind.GIFT, "donation": Kind.GIFT, "cheer": Kind.SUPERCHAT,
}  # fmt: skip
_MONEY = re.compile(r"^\s*([^\d\s.,]{0,4})\s*(\d[\d.,]{0,24})\s*(\S{0,40}?)\s*$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")  # 1,234,567: thousands, once "." is put as ","
_DECIMAL = re.compile(r"^\d+(?:\.\d{1,8})?$")
_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "₹": "INR",
            "CA$": "CAD", "A$": "AUD", "R$": "BRL", "NT$": "TWD", "HK$": "HKD", "₱": "PHP",
            "¥": "¥", "￥": "¥", "₽": "RUB", "₺": "TRY", "zł": "PLN"}  # fmt: skip


def _donation(text: str) -> dict[str, Any]:
    """`hasDonation` ("$5.00", "$50.00 USD", "€3,50", "1.234,56 €", "100 bits", "3 roses") as
    value and currency, or as a gift name and count; only the text itself (as `gift`) when it
    reads as neither (an amount that stays ambiguous, "1,2345 €", among them)."""
    match = _MONEY.match(text)
    if match is None:
        return {"gift": text[:MAX_GIFT_NAME]}
    symbol, written, unit = match.groups()
    number = _amount(written)
    if number is None:
        return {"gift": text[:MAX_GIFT_NAME]}
    word = unit.strip().lower()
    if symbol or (len(unit) == 3 and unit.isalpha() and unit.isupper()) or unit in _SYMBOLS:
        currency = unit if len(unit) == 3 and unit.isalpha() else _SYMBOLS.get(symbol or unit)
        return {"value": number, "currency": currency or symbol or unit}
    if word in ("bit", "bits"):
        return {"value": number, "currency": "bits"}
    if number.is_integer() and 1 <= number <= MAX_ITEM_COUNT and unit:
        return {"gift": unit[:MAX_GIFT_NAME], "count": int(number)}
    return {"gift": text[:MAX_GIFT_NAME]}


def _amount(written: str) -> float | None:
    """A donation's amount written the English way ("1,234.56", "$1,000") or the European
    way ("1.234,56", "3,50"): when both marks appear, the last one is the decimal mark; a lone
    "," before 1 or 2 digits is a decimal comma, before 3 digits a thousands separator; a lone
    "." is a decimal point but before exactly 3 digits ("1.234": which?); several of one mark
    separate thousands. None when it stays ambiguous or malformed ("1.234", "1,2345", "1.2.3")."""
    if "." in written and "," in written:
        mark = "." if written.rindex(".") > written.rindex(",") else ","
        whole, _, fraction = written.rpartition(mark)
        thousands = whole.replace("." if mark == "," else ",", ",")
        if not (_GROUPED.match(thousands) and fraction.isdigit() and len(fraction) <= 8):
            return None
        return float(f"{thousands.replace(',', '')}.{fraction}")
    marks = written.count(",") + written.count(".")
    if marks == 1 and "," in written:
        whole, fraction = written.split(",")
        if len(fraction) == 3:  # "$1,000": a thousand
            return float(whole + fraction) if _GROUPED.match(written) else None
        written = f"{whole}.{fraction}" if len(fraction) in (1, 2) else "?"  # "€3,50"
    elif marks > 1:  # "1,000,000", "1.000.000"
        grouped = written.replace(".", ",")
        return float(grouped.replace(",", "")) if _GROUPED.match(grouped) else None
    elif marks == 1 and _GROUPED.match(written.replace(".", ",")) and written[0] != "0":
        return None  # "1.234": a thousand the European way, or one and a bit?
    return float(written) if _DECIMAL.match(written) else None


def _social_stream(item: dict[str, Any], clean: bool) -> IncomingComment | str:
    """Social Stream Ninja: chatname, chatmessage (HTML unless textonly), type (the platform);
    `event` (follows, entries, likes, raids, memberships, viewer counts), `hasDonation` (a paid
    message or a gift) and `meta` (a count for some events) make it another kind of item."""
    event = item.get("event")
    donation = item.get("hasDonation")
    paid = isinstance(donation, str) and bool(donation.strip())
    kind = _SSN_EVENTS.get(event) if isinstance(event, str) else None
    if kind is None and event and isinstance(item.get("membership"), str) and item["membership"]:
        kind = Kind.MEMBER  # a membership notice under an event name not listed above
    if kind is None and paid:
        kind = Kind.SUPERCHAT
    if kind is None and not ("chatname" in item or "chatmessage" in item):
        return "this Social Stream Ninja event is not an item LiveDesk counts"
    for name in ("chatname", "chatmessage"):
        if (kind is None or name in item) and not isinstance(item.get(name), str):
            return f"“{name}” must be a string"
    platform = item.get("type", "ssn")
    if not isinstance(platform, str):
        return "“type” must be a string"
    # an entity may stand for a control character: the text is cleaned whatever the JSON held
    text = clean_text(html.unescape(_TAG.sub("", item.get("chatmessage", ""))))
    if kind is None:
        return _checked(platform or "ssn", item["chatname"], text, item, clean)
    if kind is Kind.SUPERCHAT and not text.strip():
        kind = Kind.GIFT  # a donation without a message
    meta = item.get("meta")
    count = meta if isinstance(meta, int) and not isinstance(meta, bool) else None
    extra: dict[str, Any] = {"count": None, "value": None, "gift": None, "currency": None}
    if kind is Kind.VIEWERS:
        extra["count"] = meta  # a plain integer; anything else is refused by _checked
    elif event == "raid" and isinstance(meta, dict):
        extra["count"] = meta.get("viewers")
    elif kind in (Kind.LIKE, Kind.MEMBER) and count is not None and count >= 1:
        extra["count"] = count
    if paid:
        extra.update(_donation(str(donation)))
    user_id = item.get("user_id", item.get("userid"))
    if isinstance(user_id, bool) or not isinstance(user_id, str | int):
        user_id = None
    user = item.get("chatname", "")
    if event == "raid" and isinstance(meta, dict) and not user:
        user = meta.get("fromLogin") if isinstance(meta.get("fromLogin"), str) else ""
    fields = {**item, **extra, "user_id": user_id}
    return _checked(platform or "ssn", user if isinstance(user, str) else "", text, fields,
                    clean, kind)  # fmt: skip


def _checked(
    platform: str,
    user: str,
    text: str,
    item: dict[str, Any],
    clean: bool = True,
    kind: Kind = Kind.COMMENT,
) -> IncomingComment | str:
    # a lone surrogate or control character becomes U+FFFD: stored as received, never a failure
    # (a name's line breaks too, but those around it are trimmed first)
    if clean:
        text = clean_text(text).strip()
        user = clean_text(user.strip(), single_line=True).strip()
        platform = clean_text(platform.strip(), single_line=True).strip().lower()
    else:  # nothing to replace: stripping once is what cleaning between two strips leaves
        text, user, platform = text.strip(), user.strip(), platform.strip().lower()
    if not text and kind in TEXT_KINDS:
        return "“text” is empty"
    if len(text) > MAX_TEXT:
        return f"“text” is longer than {MAX_TEXT:,} characters ({len(text):,})"
    if len(user) > MAX_NAME:
        return f"“user” is longer than {MAX_NAME} characters"
    if not platform or len(platform) > MAX_PLATFORM:
        return f"“platform” must be 1 to {MAX_PLATFORM} characters"
    native_id = item.get("id")
    if native_id is not None and not isinstance(native_id, str | int):
        return "“id” must be a string"
    user_id = item.get("user_id")
    if user_id is not None and not isinstance(user_id, str | int):
        return "“user_id” must be a string"
    ts = item.get("ts")
    if ts is not None:
        if isinstance(ts, bool) or not isinstance(ts, int | float):
            return "“ts” must be a number of unix seconds"
        if isinstance(ts, float) and not math.isfinite(ts):
            return "“ts” must be a number of unix seconds"
        ts = _unix_seconds(ts)
    user = user or ("" if kind is Kind.VIEWERS else "匿名")
    native = None if native_id is None else _clean_id(native_id, clean)
    viewer = None if user_id is None else _clean_id(user_id, clean)
    at = None if ts is None else float(ts)
    if kind not in _COUNTED and _EXTRA_NAMES.isdisjoint(item):  # a plain comment (most are)
        return IncomingComment(platform, user, text, native, viewer, at, kind)
    extra = _extra(kind, item, clean)
    if isinstance(extra, str):
        return extra
    return IncomingComment(platform, user, text, native, viewer, at, kind, **extra)


_EXTRA_NAMES = frozenset({"count", "value", "gift", "currency"})
_COUNTED = (Kind.GIFT, Kind.LIKE, Kind.VIEWERS)  # a count of one, or one that must be given


def _extra(kind: Kind, item: dict[str, Any], clean: bool) -> dict[str, Any] | str:
    """`gift`, `count`, `value` and `currency` of an item, checked; or the reason it is refused.
    A gift or likes without a count are one; a viewer count must be given."""
    count = item.get("count")
    if count is None:
        if kind is Kind.VIEWERS:
            return "“count” (the viewer count) is missing"
        count = 1 if kind in (Kind.GIFT, Kind.LIKE) else None
    else:
        low, high = (0, MAX_VIEWERS) if kind is Kind.VIEWERS else (1, MAX_ITEM_COUNT)
        if isinstance(count, bool) or not isinstance(count, int) or not low <= count <= high:
            return f"“count” must be a whole number from {low} to {high:,}"
    value = item.get("value")
    if value is not None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "“value” must be a number"
        if not 0 <= value <= MAX_VALUE:  # NaN too; a whole number of any length is compared
            return f"“value” must be a finite number from 0 to {MAX_VALUE:,.0f}"
        value = float(value)
    extra: dict[str, Any] = {"count": count, "value": value}
    for name, limit in (("gift", MAX_GIFT_NAME), ("currency", MAX_CURRENCY)):
        raw = item.get(name)
        if raw is None:
            extra[name] = None
            continue
        if not isinstance(raw, str):
            return f"“{name}” must be a string"
        text = (clean_text(raw, single_line=True) if clean else raw).strip()
        if len(text) > limit:
            return f"“{name}” is longer than {limit} characters"
        extra[name] = text or None
    return extra


def _clean_id(value: str | int, clean: bool = True) -> str:
    short = str(value)[:100]
    return clean_text(short, single_line=True) if clean else short


def _unix_seconds(ts: float) -> float | None:
    """Seconds as given, or milliseconds (as many platforms send them) turned into seconds when
    they fall between 2000 and 2100. Any other finite value is passed on as it is: the audience
    replaces a time outside the show's window by the arrival time and keeps the given one beside
    it. None only for a number no float can hold."""
    if TS_EARLIEST * 1000 <= ts <= TS_LATEST * 1000:
        return ts / 1000
    try:
        seconds = float(ts)
    except OverflowError:  # an integer literal hundreds of digits long
        return None
    return seconds if math.isfinite(seconds) else None


def parse_batch(
    body: object, *, clean: bool = True
) -> tuple[list[IncomingComment], list[dict[str, Any]]]:
    """An object or a list of objects: (accepted, [{"index", "error"}]); the valid rest is kept.
    `clean=False`: as for parse_item, for every item."""
    items = body if isinstance(body, list) else [body]
    accepted: list[IncomingComment] = []
    rejected: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if index >= MAX_BATCH:
            rejected.append(
                {"index": index, "error": f"more than {MAX_BATCH:,} comments in one message"}
            )
            continue
        try:
            parsed = parse_item(item, clean=clean)
        except Exception as exc:  # noqa: BLE001 - a fault in a rule costs this item alone
            parsed = f"this item could not be read ({type(exc).__name__}: {str(exc)[:200]})"
        if isinstance(parsed, str):
            rejected.append({"index": index, "error": parsed})
        else:
            accepted.append(parsed)
    return accepted, rejected
