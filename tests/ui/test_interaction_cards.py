"""The interaction overlays' native cards (lottery open and drawn, poll, revealed quiz,
check-in) as PNGs of their size, and in the overlay panel's preview."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QImage

from app.adapters.obs.overlay_layout import CARD_SIZES
from app.adapters.render.cards import QtCardRenderer
from app.adapters.render.preview import OverlayPreview
from app.domain.interaction.viewers import Viewer
from app.domain.interaction_overlay import checkin_card, lottery_card, poll_card

HOSTILE = '<img src=x onerror="alert(1)">小红' + "长" * 60
WINNERS = [Viewer("douyin", HOSTILE, "d1"), *(Viewer("bilibili", f"观众{i}") for i in range(11))]
CARDS: dict[str, dict[str, Any]] = {
    "lottery-open": lottery_card("666" * 20, 3, 1234, 83.0, True, None),
    "lottery-drawn": lottery_card("666", 12, 5000, None, False, WINNERS),
    "lottery-none": lottery_card("666", 1, 0, None, False, []),
    "lottery-waiting": lottery_card("666", 1, 15, 0.0, True, None),  # time up, not drawn
    "poll": poll_card(
        "哪个颜色更好看？" * 4,
        ("红色", "蓝色", "绿色" * 20, "黑", "白", "灰"),
        (30, 12, 5, 0, 1, 2),
        50,
        True,
        None,
        False,
        20.0,
    ),
    "quiz": poll_card("1+1=?", ("1", "2"), (3, 9), 12, False, 1, True, None),
    "checkin": checkin_card("签到", 321, True),
}


def _opaque(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 4)
        for x in range(0, image.width(), 4)
        if image.pixelColor(x, y).alpha() > 0
    )


def _kind(name: str) -> str:
    return name.split("-")[0] if name.startswith("lottery") else name.replace("quiz", "poll")


@pytest.mark.parametrize("name", sorted(CARDS))
def test_each_card_renders_as_a_png_of_its_size(qapp: Any, name: str) -> None:
    kind = _kind(name)
    width, height = CARD_SIZES[kind]
    png = QtCardRenderer().render(kind, CARDS[name], width, height)
    image = QImage.fromData(png)
    assert (image.width(), image.height()) == (width, height)
    assert _opaque(image) > 0
    half = QtCardRenderer().image(kind, CARDS[name], width // 2, height // 2)  # scaled, as on 720p
    assert (half.width(), half.height()) == (width // 2, height // 2)


def test_the_bars_follow_the_counts(qapp: Any) -> None:
    """More votes, more of the bar filled: the brand colour reaches further right."""
    width, height = CARD_SIZES["poll"]
    renderer = QtCardRenderer()

    def filled(counts: tuple[int, int]) -> int:
        card = poll_card("?", ("a", "b"), counts, sum(counts), True, None, False, None)
        image = renderer.image("poll", card, width, height)
        row = [image.pixelColor(x, 116) for x in range(width)]  # through the first bar
        accent = renderer.brand.accent.lower()
        return sum(1 for c in row if c.name() == accent)

    assert filled((9, 1)) > filled((1, 9)) > 0


def test_the_preview_shows_the_interaction_cards(qapp: Any) -> None:
    preview = OverlayPreview(QtCardRenderer())
    image = preview.render({"lottery": CARDS["lottery-open"], "poll": CARDS["poll"],
                            "checkin": CARDS["checkin"]})  # fmt: skip
    assert image is not None
    assert preview.render({"lottery": None, "poll": None, "checkin": None}) is None


def _drawn_texts(card: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every line of text the native renderer draws on the lottery card."""
    from app.adapters.render import cards

    drawn: list[str] = []
    real = cards.text_line

    def recording(p: Any, text: str, *args: Any) -> float:
        drawn.append(text)
        return real(p, text, *args)

    monkeypatch.setattr(cards, "text_line", recording)
    QtCardRenderer().image("lottery", card, *CARD_SIZES["lottery"])
    return drawn


def test_a_lottery_whose_time_is_up_waits_for_the_draw(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries are refused from then on: the card no longer invites any, nor counts down."""
    open_ = " ".join(_drawn_texts(CARDS["lottery-open"], monkeypatch))
    assert "发送口令参与抽奖" in open_
    assert "剩余 01:23" in open_
    waiting = " ".join(_drawn_texts(CARDS["lottery-waiting"], monkeypatch))
    assert "已截止 · 等待开奖" in waiting
    assert "发送口令" not in waiting
    assert "剩余" not in waiting
    assert "15 人参与" in waiting
