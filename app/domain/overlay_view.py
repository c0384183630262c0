"""What the overlays show, as plain data for any renderer (browser page or native OBS source)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain import rules
from app.domain.catalog import Coupon, Product
from app.domain.countdown import countdown_text

OVERLAY_SCENE = "LiveDesk Overlays"  # holds the overlay sources; nested, never cut to
MAX_SELLING_POINTS = 3
MAX_FEATURED_CHARS = 280


@dataclass(frozen=True)
class FeaturedComment:
    """A viewer's comment or question put on screen. Always shown as text, never as markup."""

    user: str
    text: str
    platform: str = "manual"
    comment_id: str | None = None


def price_text(value: Decimal | None) -> str | None:
    """¥199, ¥19.90 — no trailing .00 on whole prices. A price the rules refuse (1e5000, NaN:
    only a catalog built around them can hold one) shows as none rather than break the card."""
    if value is None or rules.price_problem(value) is not None:
        return None
    if value == value.to_integral_value():
        return f"¥{int(value)}"
    return f"¥{value.quantize(Decimal('0.01'))}"


def product_card(product: Product) -> dict[str, Any]:
    badge = None
    if product.stock is not None:
        badge = "已售罄 Sold out" if product.stock <= 0 else f"仅剩 {product.stock} 件"
    return {
        "sku": product.sku,
        "name": product.name,
        "price": price_text(product.price),
        "original_price": price_text(product.original_price),
        "selling_points": list(product.selling_points[:MAX_SELLING_POINTS]),
        "image": product.image,
        "link": product.link,
        "stock": product.stock,
        "badge": badge,
    }


def coupon_card(coupon: Coupon, remaining_s: float, total_s: float, paused: bool) -> dict[str, Any]:
    """The countdown's card. Never raises: a time outside the rules (NaN, inf, more than
    rules.MAX_COUPON_S left) is shown clamped to them."""
    remaining_s = _clamped(remaining_s, 0.0, rules.MAX_COUPON_S)
    total_s = _clamped(total_s, remaining_s, remaining_s if math.isinf(total_s) else math.inf)
    left = max(0, int(-(-remaining_s // 1)))  # whole seconds, rounded up: 0.2 s left shows 0:01
    return {
        "code": coupon.code,
        "title": coupon.title,
        "discount": coupon.discount,
        "quantity": coupon.quantity,
        "remaining_s": round(remaining_s, 2),
        "total_s": total_s,
        "clock": countdown_text(left),
        "urgent": remaining_s <= 10,
        "paused": paused,
    }


def _clamped(value: float, low: float, high: float) -> float:
    """`value` within [low, high]; NaN (or no number) counts as `low`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return low
    return float(min(max(value, low), high))


def featured_card(comment: FeaturedComment) -> dict[str, Any]:
    text = comment.text
    if len(text) > MAX_FEATURED_CHARS:
        text = text[: MAX_FEATURED_CHARS - 1] + "…"
    return {"user": comment.user, "text": text, "platform": comment.platform,
            "comment_id": comment.comment_id}  # fmt: skip
