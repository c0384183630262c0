"""The overlay panel's preview image, drawn by the native card renderer."""

from __future__ import annotations

from typing import Any

from app.adapters.render.cards import QtCardRenderer
from app.adapters.render.preview import OverlayPreview

VIEW: dict[str, Any] = {
    "product": {"sku": "P", "name": "稳定器", "price": "¥199", "original_price": "¥399",
                "selling_points": ["轻"], "image": None, "link": None, "stock": 3,
                "badge": "仅剩 3 件"},
    "coupon": {"code": "C", "title": "立减", "discount": "¥50", "quantity": 10,
               "remaining_s": 8, "total_s": 60, "clock": "00:08", "urgent": True,
               "paused": False},
    "featured": None,
}  # fmt: skip


def test_nothing_on_screen_is_no_image(qapp: Any) -> None:
    assert OverlayPreview(QtCardRenderer())({"product": None, "coupon": None}) is None


def test_cards_are_drawn_where_the_stream_shows_them(qapp: Any) -> None:
    image = OverlayPreview(QtCardRenderer())(VIEW)
    assert image is not None
    assert (image.width(), image.height()) == (640, 360)
    background = image.pixelColor(320, 180)  # the middle is the video stand-in
    lower_left = image.pixelColor(60, 300)  # the product card
    assert lower_left != background
    assert image.pixelColor(600, 60) != background  # the coupon, upper right
