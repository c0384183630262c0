"""Where overlay cards may go on a vertical (9:16) canvas, and how they are stacked there.

On a phone the platforms draw their own interface over the stream: a bar at the top (the
host's avatar, follow button, viewer count, close), the comment list in the lower left, the
bottom toolbar (comment box, gifts, cart) and, in Douyin's and Kuaishou's rooms, a column of
buttons at the right. A card drawn under any of them is hidden from the viewers, so on a canvas
taller than wide the cards are stacked inside the `SafeArea` left clear by all three platforms.

The fractions are estimates read off screenshots of the live rooms on 1080x1920 phones (no
platform publishes a safe-area guide for live streams that could be found), rounded outwards:

============  =====  ======  =====  =====================================================
platform      top    bottom  right  what covers it
============  =====  ======  =====  =====================================================
Douyin        0.12   0.38    0.16   top bar + ranking chips; comments from ~62% down and
                                    the toolbar; the right rail (like, share, cart) ~45-85%
Kuaishou      0.11   0.36    0.15   top bar; comments ~64% down; right rail of buttons
视频号        0.10   0.35    0.12   top bar; comments ~65% down; fewer buttons at the right
============  =====  ======  =====  =====================================================

`SAFE_AREA` is the union of the three (each edge the largest), with a small left margin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Box = tuple[int, int, int, int]  # x, y, w, h in canvas pixels


@dataclass(frozen=True)
class SafeArea:
    """Fractions of the canvas's height (top, bottom) and width (left, right) to keep clear."""

    top: float
    bottom: float
    left: float
    right: float

    def box(self, width: int, height: int) -> Box:
        """The area clear of the platform's interface, in canvas pixels."""
        x, y = round(width * self.left), round(height * self.top)
        return x, y, width - round(width * self.right) - x, height - round(height * self.bottom) - y


PLATFORM_SAFE_AREAS: dict[str, SafeArea] = {
    "douyin": SafeArea(top=0.12, bottom=0.38, left=0.03, right=0.16),
    "kuaishou": SafeArea(top=0.11, bottom=0.36, left=0.03, right=0.15),
    "wechat": SafeArea(top=0.10, bottom=0.35, left=0.03, right=0.12),
}
SAFE_AREA = SafeArea(
    top=max(a.top for a in PLATFORM_SAFE_AREAS.values()),
    bottom=max(a.bottom for a in PLATFORM_SAFE_AREAS.values()),
    left=0.04,
    right=max(a.right for a in PLATFORM_SAFE_AREAS.values()),
)
CLOCK_INSET = 0.08  # the clock's margin inside its box on the coupon card (fraction of the box)


def is_portrait(width: int, height: int) -> bool:
    return height > width


def portrait_layout(
    width: int,
    height: int,
    sizes: Mapping[str, tuple[int, int]],
    clock_box: tuple[float, float, float, float],
    area: SafeArea = SAFE_AREA,
) -> dict[str, Box]:
    """Every card of `sizes` (reference sizes on a 1080-wide canvas), in their order, packed
    into rows inside the safe area, left-aligned, at the largest common scale that fits (at most
    the canvas's width / 1080, so a card is as legible as on a 1080p landscape canvas).
    Also "clock": the countdown's box over the coupon card, when there is one."""
    ax, ay, aw, ah = area.box(width, height)
    gap = max(2, round(16 * width / 1080))
    scale = _fitting_scale(sizes, aw, ah, gap, width / 1080)
    placed = {kind: (ax + x, ay + y, w, h) for kind, (x, y, w, h) in
              _rows(sizes, scale, aw, gap).items()}  # fmt: skip
    coupon = placed.get("coupon")
    if coupon is not None:
        placed["clock"] = clock_in(coupon, clock_box)
    return placed


def clock_in(coupon: Box, clock_box: tuple[float, float, float, float]) -> Box:
    """The countdown's box inside the coupon card (`clock_box` as fractions of the card)."""
    x, y, w, h = coupon
    bx, by, bw, bh = clock_box
    inner = 1 - 2 * CLOCK_INSET
    return (
        round(x + (bx + bw * CLOCK_INSET) * w), round(y + (by + bh * CLOCK_INSET) * h),
        max(8, round(bw * inner * w)), max(8, round(bh * inner * h)),
    )  # fmt: skip


def inside(inner: Box, outer: Box) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _size(ref: tuple[int, int], scale: float, room: int) -> tuple[int, int]:
    w, h = ref
    k = min(scale, room / w)  # never wider than the safe area
    return max(8, int(w * k)), max(8, int(h * k))


def _rows(
    sizes: Mapping[str, tuple[int, int]], scale: float, room: int, gap: int
) -> dict[str, Box]:
    placed: dict[str, Box] = {}
    x = y = row_h = 0
    for kind, ref in sizes.items():
        w, h = _size(ref, scale, room)
        if x and x + w > room:  # next row
            x, y, row_h = 0, y + row_h + gap, 0
        placed[kind] = (x, y, w, h)
        x, row_h = x + w + gap, max(row_h, h)
    return placed


def _fitting_scale(
    sizes: Mapping[str, tuple[int, int]], room_w: int, room_h: int, gap: int, best: float
) -> float:
    def fits(scale: float) -> bool:
        rows = _rows(sizes, scale, room_w, gap).values()
        return all(y + h <= room_h for _, y, _, h in rows)

    if fits(best):
        return best
    low, high = 0.0, best
    for _ in range(24):  # bisection: the tallest stack shrinks as the scale does
        mid = (low + high) / 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return low
