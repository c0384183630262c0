"""The cards' layout on a vertical canvas: inside the canvas and the platforms' safe area, apart,
as legible as on a 1080p landscape canvas; the landscape layout unchanged."""

from __future__ import annotations

from itertools import combinations

import pytest

from app.adapters.obs.overlay_layout import CARD_SIZES, CLOCK_BOX, Rect, layout
from app.adapters.obs.vertical_canvas import card_area, current_rect, find_vertical_canvas
from app.domain.safe_area import (
    PLATFORM_SAFE_AREAS,
    SAFE_AREA,
    inside,
    overlap,
    portrait_layout,
)
from app.services.errors import ObsRequestFailed

PORTRAITS = [(1080, 1920), (720, 1280), (1080, 1350), (360, 640)]


def box(rect: Rect) -> tuple[int, int, int, int]:
    return rect.x, rect.y, rect.w, rect.h


@pytest.mark.parametrize(("width", "height"), PORTRAITS)
def test_every_card_is_inside_the_safe_area_and_apart(width: int, height: int) -> None:
    rects = layout(width, height)
    assert set(CARD_SIZES) | {"clock"} == set(rects)
    safe = SAFE_AREA.box(width, height)
    for kind, rect in rects.items():
        assert inside(box(rect), (0, 0, width, height)), kind
        assert inside(box(rect), safe), kind
        for platform, area in PLATFORM_SAFE_AREAS.items():
            assert inside(box(rect), area.box(width, height)), (kind, platform)
    cards = [kind for kind in rects if kind != "clock"]
    for a, b in combinations(cards, 2):
        assert not overlap(box(rects[a]), box(rects[b])), (a, b)
    assert inside(box(rects["clock"]), box(rects["coupon"]))


@pytest.mark.parametrize(("width", "height"), PORTRAITS)
def test_cards_keep_their_shape(width: int, height: int) -> None:
    rects = layout(width, height)
    for kind, (w, h) in CARD_SIZES.items():
        assert rects[kind].w / rects[kind].h == pytest.approx(w / h, rel=0.03), kind


def test_on_1080x1920_the_cards_are_as_large_as_on_a_1080p_landscape_canvas() -> None:
    four = {kind: CARD_SIZES[kind] for kind in ("product", "coupon", "featured", "thanks")}
    placed = portrait_layout(1080, 1920, four, CLOCK_BOX)
    for kind, (w, h) in four.items():
        assert placed[kind][2:] == (w, h), kind
    # the stack starts under the platforms' top bar and ends above their comments
    assert min(y for _, y, _, _ in placed.values()) >= round(0.12 * 1920)
    assert max(y + h for _, y, _, h in placed.values()) <= round(0.62 * 1920)
    assert max(x + w for x, _, w, _ in placed.values()) <= round(0.84 * 1080)


def test_the_safe_area_is_the_union_of_the_platforms() -> None:
    for area in PLATFORM_SAFE_AREAS.values():
        assert SAFE_AREA.top >= area.top
        assert SAFE_AREA.bottom >= area.bottom
        assert SAFE_AREA.right >= area.right
        assert SAFE_AREA.left >= area.left
    assert SAFE_AREA.box(1080, 1920) == (43, 230, 864, 960)


def test_new_card_kinds_are_placed_too() -> None:
    sizes = {**CARD_SIZES, "lottery": (560, 300), "poll": (600, 320), "extra": (900, 500)}
    placed = portrait_layout(1080, 1920, sizes, CLOCK_BOX)
    safe = SAFE_AREA.box(1080, 1920)
    assert set(sizes) <= set(placed)
    for kind in sizes:
        assert inside(placed[kind], safe), kind
    for a, b in combinations(sizes, 2):
        assert not overlap(placed[a], placed[b]), (a, b)


LANDSCAPE_1080P = {  # the landscape layout as it was before vertical canvases
    "product": (40, 760, 620, 280), "coupon": (1440, 40, 440, 200),
    "clock": (1684, 154, 163, 64), "featured": (680, 870, 760, 170),
    "thanks": (40, 40, 520, 220),
}  # fmt: skip


def test_landscape_is_unchanged() -> None:
    rects = layout(1920, 1080)
    assert {kind: box(rects[kind]) for kind in LANDSCAPE_1080P} == LANDSCAPE_1080P
    square = layout(1080, 1080)  # not taller than wide: the landscape layout
    assert square["coupon"].right == 1080 - 40


def test_card_area_and_current_rect() -> None:
    assert card_area(1920, 1080) == (0, 0, 1920, 1080)
    assert card_area(1080, 1920) == SAFE_AREA.box(1080, 1920)
    bounded = {"positionX": 10.0, "positionY": 20.0, "boundsType": "OBS_BOUNDS_SCALE_INNER",
               "boundsWidth": 300.0, "boundsHeight": 100.0, "width": 1.0}  # fmt: skip
    assert current_rect(bounded) == (10, 20, 300, 100)
    free = {**bounded, "boundsType": "OBS_BOUNDS_NONE", "width": 50.0, "height": 40.0}
    assert current_rect(free) == (10, 20, 50, 40)
    assert current_rect(None) is None


class Probe:
    def __init__(self, available: list[str], canvases: list[object] | None = None,
                 vendor: bool = False) -> None:  # fmt: skip
        self.available, self.canvases, self.vendor = available, canvases, vendor
        self.calls: list[str] = []

    async def __call__(self, request: str, **data: object) -> dict[str, object]:
        self.calls.append(request)
        if request == "GetVersion":
            return {"availableRequests": self.available}
        if request == "GetCanvasList":
            return {"canvases": self.canvases}
        if request == "CallVendorRequest" and self.vendor:
            assert data["vendorName"] == "aitum-vertical-canvas"
            return {"responseData": {}}
        raise ObsRequestFailed(request, 604, "no such vendor")


async def test_a_second_canvas_is_found_and_the_main_one_driven() -> None:
    none = await find_vertical_canvas(Probe(["GetVersion", "CallVendorRequest"]))
    assert none == {"found": None, "name": None, "drives": "main"}
    aitum = await find_vertical_canvas(Probe(["CallVendorRequest"], vendor=True))
    assert aitum == {"found": "aitum-vertical", "name": "Aitum Vertical", "drives": "main"}
    canvases = [{"canvasName": "Main", "canvasFlags": {"MAIN": True}},
                {"canvasName": "Vertical", "canvasFlags": {"MAIN": False}}]  # fmt: skip
    found = await find_vertical_canvas(Probe(["GetCanvasList", "CallVendorRequest"], canvases))
    assert found == {"found": "canvas", "name": "Vertical", "drives": "main"}
    only_main = Probe(["GetCanvasList"], canvases[:1])
    assert (await find_vertical_canvas(only_main))["found"] is None
    old = Probe([])  # obs-websocket without the list: nothing is asked
    assert (await find_vertical_canvas(old))["found"] is None
    assert old.calls == ["GetVersion"]
