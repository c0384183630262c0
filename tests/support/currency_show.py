"""A show paid in several currencies, in a real session log written through the real store (the
writer, the comments store), for the review's gift value per currency.

Session “多币种 礼物场” (T0 … T0+800 s), two segments:
  0 开场  0 … 150 s: a Douyin gift of 100 CNY, a YouTube super chat of 5 USD
  1 讲解  150 … 700 s: a Douyin gift of 50.5 CNY, a YouTube gift of 2.5 USD, a gift of 1.25 whose
          platform named no currency
Gift value as one plain sum: 105 and 54.25, 159.25 for the show; per currency: {CNY 100, USD 5},
{CNY 50.5, USD 2.5, "" 1.25}, and {CNY 150.5, USD 7.5, "" 1.25} for the show.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.audience import Comment, Kind
from tests.support.audience_show import T0, write_show

TITLE = "多币种 礼物场"
EVENTS: list[tuple[float, str, dict[str, object]]] = [
    (0, "session.start", {"title": TITLE}),
    (0, "segment.start", {"index": 0, "title": "开场", "planned_s": 120, "points": 0}),
    (150, "segment.end", {"index": 0}),
    (150, "segment.start", {"index": 1, "title": "讲解", "planned_s": 600, "points": 0}),
    (700, "segment.end", {"index": 1}),
    (800, "session.end", {}),
]
ITEMS = [
    Comment(id=1, platform="douyin", user="小明", text="", ts=T0 + 30, kind=Kind.GIFT,
            gift="嘉年华", count=1, value=100.0, currency="CNY"),
    Comment(id=2, platform="youtube", user="Ann", text="hello!", ts=T0 + 60,
            kind=Kind.SUPERCHAT, value=5.0, currency="USD"),
    Comment(id=3, platform="douyin", user="阿花", text="", ts=T0 + 200, kind=Kind.GIFT,
            gift="小心心", count=5, value=50.5, currency="CNY"),
    Comment(id=4, platform="youtube", user="Bob", text="", ts=T0 + 300, kind=Kind.GIFT,
            gift="Super Sticker", count=1, value=2.5, currency="USD"),
    Comment(id=5, platform="custom", user="Cy", text="", ts=T0 + 400, kind=Kind.GIFT,
            gift="?", count=1, value=1.25),
]  # fmt: skip


async def record_currency_show(path: Path) -> int:
    """The show above in the log at `path`; its session id."""
    return await write_show(path, TITLE, EVENTS, ITEMS)
