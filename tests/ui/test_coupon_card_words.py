"""The native (OBS image) coupon card says what the browser overlay says for the same coupon:
券码 FANS30 and 剩余 300 张 (overlay.js), never 口令 (the lottery's word, typed in chat)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont

from app.adapters.obs.overlay_layout import CARD_SIZES
from app.adapters.render import cards
from app.adapters.render.cards import QtCardRenderer
from app.domain.catalog import Coupon
from app.domain.overlay_view import coupon_card

OVERLAY_JS = Path(__file__).resolve().parents[2] / "resources" / "overlay" / "overlay.js"


def _drawn_texts(monkeypatch: pytest.MonkeyPatch, card: dict[str, Any]) -> list[str]:
    """Every text the coupon card elides to fit, which is every text it draws but the title's
    and the discount's own."""
    texts: list[str] = []
    real = cards.elide

    def recording(text: str, font: QFont, width: float) -> str:
        texts.append(text)
        return real(text, font, width)

    monkeypatch.setattr(cards, "elide", recording)
    width, height = CARD_SIZES["coupon"]
    QtCardRenderer().image("coupon", card, width, height)
    return texts


def test_the_native_coupon_card_uses_the_browser_overlays_words(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    coupon = Coupon("FANS30", "新粉专享券", "满 199 减 30", 300, quantity=300)
    texts = _drawn_texts(monkeypatch, coupon_card(coupon, 300.0, 300.0, False))
    assert "券码 FANS30" in texts, texts
    assert "剩余 300 张" in texts, texts
    assert not any("口令" in text or "限量" in text for text in texts), texts
    script = OVERLAY_JS.read_text("utf-8")  # the browser overlay's card, word for word
    assert "`券码 ${card.code}`" in script
    assert "`剩余 ${card.quantity} 张`" in script


def test_a_coupon_without_a_quantity_says_no_number(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _drawn_texts(monkeypatch, coupon_card(Coupon("OPEN", "直播间专享"), 60.0, 60.0, False))
    assert "券码 OPEN" in texts, texts
    assert not any("张" in text for text in texts), texts
