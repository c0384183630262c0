"""The overlay sources' names, where the native cards go on OBS's canvas, and the countdown
text input's settings.

Qt-free, shared by the OBS stage (placing the sources) and the card renderer (drawing them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.overlay_view import OVERLAY_SCENE as OVERLAY_SCENE  # the console hides it
from app.domain.safe_area import is_portrait, portrait_layout
from app.services.errors import BadInput

# Every source LiveDesk makes is named "LiveDesk ..."; nothing else is ever touched.
BROWSER_INPUT = "LiveDesk Overlay"
PRODUCT_INPUT = "LiveDesk Product Card"
COUPON_INPUT = "LiveDesk Coupon Card"
CLOCK_INPUT = "LiveDesk Coupon Clock"
FEATURED_INPUT = "LiveDesk Featured"
THANKS_INPUT = "LiveDesk Thanks"
LOTTERY_INPUT = "LiveDesk Lottery"
POLL_INPUT = "LiveDesk Poll"
CHECKIN_INPUT = "LiveDesk Check-in"
NATIVE_INPUTS = (PRODUCT_INPUT, COUPON_INPUT, CLOCK_INPUT, FEATURED_INPUT, THANKS_INPUT,
                 LOTTERY_INPUT, POLL_INPUT, CHECKIN_INPUT)  # fmt: skip
TEXT_KINDS = frozenset({"text_gdiplus_v3", "text_gdiplus_v2", "text_ft2_source_v2"})
TEXT_KIND_ORDER = ("text_gdiplus_v3", "text_gdiplus_v2", "text_ft2_source_v2")  # best first
# obs-browser's default CSS: replacing it must keep the transparent background
BROWSER_CSS = "body { background-color: rgba(0, 0, 0, 0); margin: 0px auto; overflow: hidden; }"

# Card sizes on a 1080p canvas, and where the clock sits on the coupon card (fractions of it).
CARD_SIZES = {"product": (620, 280), "coupon": (440, 200), "featured": (760, 170),
              "thanks": (520, 220), "lottery": (440, 240), "poll": (440, 340),
              "checkin": (420, 120)}  # fmt: skip
CLOCK_BOX = (0.52, 0.54, 0.44, 0.38)
CLOCK_WHITE, CLOCK_RED, CLOCK_GREY = 0xFFFFFF, 0xFF4D4D, 0xA0A0A0  # 0xRRGGBB


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w


def layout(width: int, height: int) -> dict[str, Rect]:
    """Where each card goes: product lower-left, coupon upper-right with the clock over it,
    featured lower-centre (beside the product when there is room, else above it), thanks
    upper-left (under the coupon when the canvas is too narrow for both side by side).
    On a canvas taller than wide, every card is stacked inside the platforms' safe area."""
    if is_portrait(width, height):
        placed = portrait_layout(width, height, CARD_SIZES, CLOCK_BOX)
        return {kind: Rect(*box) for kind, box in placed.items()}
    s = min(width, height) / 1080
    m = round(40 * s)

    def size(kind: str) -> tuple[int, int]:
        w, h = CARD_SIZES[kind]
        k = min(s, (width - 2 * m) / w)
        return max(8, round(w * k)), max(8, round(h * k))

    pw, ph = size("product")
    product = Rect(m, height - m - ph, pw, ph)
    cw, ch = size("coupon")
    coupon = Rect(width - m - cw, m, cw, ch)
    bx, by, bw, bh = CLOCK_BOX
    inset = 0.08
    clock = Rect(
        round(coupon.x + (bx + bw * inset) * cw), round(coupon.y + (by + bh * inset) * ch),
        max(8, round(bw * (1 - 2 * inset) * cw)), max(8, round(bh * (1 - 2 * inset) * ch)),
    )  # fmt: skip
    fw, fh = size("featured")
    featured = Rect((width - fw) // 2, height - m - fh, fw, fh)
    if featured.x < product.right + m // 2:
        beside = product.right + m // 2
        if beside + fw <= width - m:
            featured = Rect(beside, featured.y, fw, fh)
        else:
            featured = Rect((width - fw) // 2, product.y - m // 2 - fh, fw, fh)
    tw, th = size("thanks")
    thanks = Rect(m, m, tw, th)
    if thanks.right + m // 2 > coupon.x:
        thanks = Rect(m, coupon.y + ch + m // 2, tw, th)
    rects = {"product": product, "coupon": coupon, "clock": clock, "featured": featured,
             "thanks": thanks}  # fmt: skip
    rects.update(_interaction_rects(rects, width, height, m, size))
    return rects


def _interaction_rects(
    placed: dict[str, Rect], width: int, height: int, m: int, size: Callable[[str], tuple[int, int]]
) -> dict[str, Rect]:
    """The interaction cards on a landscape canvas, clear of the other cards and of each other
    (a lottery and a poll may be on screen together): check-in at the top between the thanks
    and the coupon, lottery and poll on the right under the coupon. Where a card does not fit
    there (a 4:3 canvas) the next place is tried, then a smaller size."""
    coupon, thanks, gap = placed["coupon"], placed["thanks"], m // 2
    taken = [r for kind, r in placed.items() if kind != "clock"]  # the clock is on the coupon
    made: dict[str, Rect] = {}

    def below(r: Rect) -> int:
        return r.y + r.h + gap

    def place(kind: str, spots: Callable[[int, int], list[tuple[int, int]]]) -> Rect:
        full_w, full_h = size(kind)
        first: Rect | None = None
        for k in (1.0, 0.9, 0.8, 0.7, 0.6):
            w, h = max(8, round(full_w * k)), max(8, round(full_h * k))
            for x, y in spots(w, h):
                rect = Rect(x, y, w, h)
                first = first or rect
                fits = x >= 0 and y >= 0 and rect.right <= width and y + h <= height
                if fits and not any(_overlap(rect, other) for other in taken):
                    taken.append(rect)
                    return rect
        assert first is not None
        return first  # nowhere clear: its first place (a canvas too small for every card)

    made["checkin"] = place(
        "checkin",
        lambda w, h: [((width - w) // 2, m), (coupon.x - gap - w, m), (thanks.x, below(thanks))],
    )
    made["lottery"] = place(
        "lottery", lambda w, h: [(width - m - w, below(coupon)), (coupon.x - gap - w, m)]
    )
    lottery = made["lottery"]
    made["poll"] = place("poll", lambda w, h: [
        (width - m - w, below(lottery)), (lottery.x - gap - w, lottery.y),
        (width - m - w, below(coupon))])  # fmt: skip
    return made


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.y + b.h and b.y < a.y + a.h


def clock_settings(kind: str, text: str, rgb: int, *, full: bool = False) -> dict[str, Any]:
    """Settings of the countdown text input for its kind (GDI+ on Windows, FreeType elsewhere)."""
    bgr = ((rgb & 0xFF) << 16) | (rgb & 0xFF00) | ((rgb >> 16) & 0xFF)
    if kind.startswith("text_gdiplus"):
        settings: dict[str, Any] = {"text": text, "color": bgr}
        if full:
            font = {"face": "Arial", "size": 96, "style": "Bold", "flags": 1}
            settings.update(font=font, align="center", valign="center", antialiasing=True)
        return settings
    settings = {"text": text, "color1": 0xFF000000 | bgr, "color2": 0xFF000000 | bgr}
    if full:
        settings.update(
            font={"face": "Sans Serif", "size": 96, "style": "Bold", "flags": 1},
            antialiasing=True, drop_shadow=False, outline=False,
        )  # fmt: skip
    return settings


@dataclass
class Wanted:
    """An input set-up makes sure of, in `LiveDesk Overlays`."""

    name: str
    kind: str
    settings: dict[str, Any]
    rect: Rect
    enabled: bool = False  # when created
    bounds: bool = True  # scaled into rect


def choose_mode(kinds: set[str], mode: str | None) -> tuple[str, str | None]:
    """(mode, text kind for the clock) from OBS's input kinds and what was asked for."""
    has_browser = "browser_source" in kinds
    if mode == "browser" and not has_browser:
        raise BadInput("this OBS has no browser source (e.g. Debian's build); use native mode")
    if mode == "browser" or (mode is None and has_browser):
        return "browser", None
    text = next((kind for kind in TEXT_KIND_ORDER if kind in kinds), None)
    if "image_source" not in kinds or text is None:
        raise BadInput("this OBS has neither a browser source nor image and text sources")
    return "native", text


def wanted_inputs(
    mode: str, text_kind: str, rects: dict[str, Rect], url: str, canvas: tuple[int, int]
) -> list[Wanted]:
    if mode == "browser":
        width, height = canvas
        settings = {"url": url, "width": width, "height": height, "css": BROWSER_CSS}
        return [Wanted(BROWSER_INPUT, "browser_source", settings, Rect(0, 0, *canvas), True, False)]
    clock = clock_settings(text_kind, "00:00", CLOCK_WHITE, full=True)
    image = {"unload": False}
    return [
        Wanted(PRODUCT_INPUT, "image_source", image, rects["product"]),
        Wanted(COUPON_INPUT, "image_source", image, rects["coupon"]),
        Wanted(CLOCK_INPUT, text_kind, clock, rects["clock"]),
        Wanted(FEATURED_INPUT, "image_source", image, rects["featured"]),
        Wanted(THANKS_INPUT, "image_source", image, rects["thanks"]),
        Wanted(LOTTERY_INPUT, "image_source", image, rects["lottery"]),
        Wanted(POLL_INPUT, "image_source", image, rects["poll"]),
        Wanted(CHECKIN_INPUT, "image_source", image, rects["checkin"]),
    ]
