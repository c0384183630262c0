"""The thanks overlay's native card (gift alert and latest supporters) as a PNG, and where it
sits on the canvas."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QImage

from app.adapters.obs.overlay_layout import CARD_SIZES, layout
from app.adapters.render.cards import QtCardRenderer
from app.adapters.render.preview import OverlayPreview
from app.domain.audience import Comment, Kind
from app.domain.thanks_overlay import AlertQueue, thanks_card

HOSTILE = '<img src=x onerror="alert(1)">小红' + "长" * 120


def _card(with_alert: bool = True) -> dict[str, Any]:
    queue = AlertQueue()
    for user, count in (("小明", 1), ("Sam", 5), (HOSTILE, 30)):
        queue.add(Comment(id=1, platform="bilibili", user=user, text="", ts=0.0, kind=Kind.GIFT,
                          gift="小心心", count=count), 0.0)  # fmt: skip
    queue.add(Comment(id=2, platform="youtube", user="Ann", text="讲得好 " * 40, ts=0.0,
                      kind=Kind.SUPERCHAT, value=30.0, currency="CNY"), 0.0)  # fmt: skip
    if not with_alert:
        queue.advance(1000.0)
        queue.advance(2000.0)
        queue.advance(3000.0)
        queue.advance(4000.0)
        assert queue.alert() is None
    card = thanks_card(queue.alert(), queue.recent())
    assert card is not None
    return card


def _opaque(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if image.pixelColor(x, y).alpha() > 0
    )


@pytest.mark.parametrize("with_alert", [True, False])
def test_the_thanks_card_renders_as_a_png_of_its_size(qapp: Any, with_alert: bool) -> None:
    width, height = CARD_SIZES["thanks"]
    png = QtCardRenderer().render("thanks", _card(with_alert), width, height)
    assert png.startswith(b"\x89PNG")
    assert 2_000 < len(png) < 400_000
    image = QImage.fromData(png)
    assert (image.width(), image.height()) == (width, height)
    assert _opaque(image) > 0.5 * (width // 4) * (height // 4)  # the panel and its text


def test_the_card_scales_and_the_preview_draws_it_upper_left(qapp: Any) -> None:
    small = QtCardRenderer().image("thanks", _card(), 260, 110)
    assert (small.width(), small.height()) == (260, 110)
    preview = OverlayPreview(QtCardRenderer())({"product": None, "coupon": None,
                                                "featured": None, "thanks": _card()})  # fmt: skip
    assert preview is not None
    rect = layout(640, 360)["thanks"]
    background = preview.pixelColor(320, 180)
    assert preview.pixelColor(rect.x + 4, rect.y + rect.h // 2) != background


@pytest.mark.parametrize(("width", "height"), [(640, 360), (1280, 720), (1920, 1080), (1080, 1920)])
def test_the_thanks_card_sits_upper_left_apart_from_the_others(width: int, height: int) -> None:
    rects = layout(width, height)
    thanks = rects["thanks"]
    assert thanks.x >= 0
    assert thanks.right <= width
    assert thanks.y >= 0
    assert thanks.y + thanks.h <= height
    for other in ("product", "coupon", "featured"):
        r = rects[other]
        apart = (thanks.right <= r.x or r.right <= thanks.x or thanks.y + thanks.h <= r.y
                 or r.y + r.h <= thanks.y)  # fmt: skip
        assert apart, (other, thanks, r)
