"""The browser overlay page on a vertical (1080x1920) canvas in headless Chromium: every shown
widget inside the platforms' safe area (the same as the native cards'), none overlapping."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests
import segno

from app.domain.safe_area import SAFE_AREA, inside, overlap
from tests.e2e.test_overlay_pages import CODE, SKU, sheet
from tests.support.browser import headless_chromium, open_page
from tests.support.console_process import TOKEN, ConsoleProcess

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

WIDTH, HEIGHT = 1080, 1920


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with headless_chromium(tmp_path_factory.mktemp("chromium")) as context:
        yield context


def _boxes(page: Page) -> dict[str, tuple[int, int, int, int]]:
    """Each shown widget's bounding box, rounded outwards to whole pixels."""
    found = page.eval_on_selector_all(
        ".widget.is-shown",
        """ns => ns.map(n => { const r = n.getBoundingClientRect();
            return [n.id || n.className, r.left, r.top, r.right, r.bottom]; })""",
    )
    boxes = {}
    for name, left, top, right, bottom in found:
        x, y = int(left), int(top)
        boxes[name] = (x, y, int(-(-right // 1)) - x, int(-(-bottom // 1)) - y)
    return boxes


def test_widgets_stay_in_the_safe_area_on_a_vertical_page(
    console: ConsoleProcess, browser: BrowserContext, tmp_path: Path
) -> None:
    image = tmp_path / "mug.png"
    segno.make("product photo").save(str(image), kind="png", scale=8)
    assert console.post("/api/runsheet", sheet(image)).status_code == 200
    page, watch = open_page(browser, f"{console.base}/overlay/all?token={TOKEN}")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    assert console.post("/api/overlay/product", {"sku": SKU}).status_code == 200
    assert console.post("/api/overlay/coupon", {"code": CODE, "seconds": 120}).status_code == 200
    featured = {
        "user": "小王",
        "text": "这个杯子能保温多久？能放进车载杯架吗？",
        "platform": "douyin",
    }
    assert console.post("/api/overlay/featured", featured).status_code == 200
    assert console.post("/api/overlay/thanks").status_code == 200
    gift = [{"platform": "bilibili", "user": "小红", "user_id": "42", "kind": "gift",
             "gift": "小心心", "count": 10, "value": 1.0, "currency": "CNY"}]  # fmt: skip
    answer = requests.post(f"{console.base}/ingest", json=gift, headers=console.headers(),
                           timeout=10)  # fmt: skip
    assert answer.status_code == 200, answer.text
    for selector in ("#product", "#coupon", "#featured", "#thanks"):
        page.wait_for_selector(f"{selector}.is-shown", timeout=5000)
    page.wait_for_timeout(600)  # the widgets' fade-in (transforms) settles
    boxes = _boxes(page)
    print(f"\n[overlay] widgets on 1080x1920: {boxes}")
    assert len(boxes) >= 4, boxes
    safe = SAFE_AREA.box(WIDTH, HEIGHT)
    for name, box in boxes.items():
        assert box[2] > 100, (name, box)  # legible, not squashed
        assert box[3] > 50, (name, box)
        assert inside(box, safe), (name, box, safe)
    for a, b in combinations(boxes, 2):
        assert not overlap(boxes[a], boxes[b]), (a, boxes[a], b, boxes[b])
    # landscape again: the 1080p layout (product lower left, coupon upper right)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(100)
    wide = _boxes(page)
    assert wide["product"][1] > 1080 / 2
    assert wide["coupon"][0] > 1920 / 2
    watch.assert_clean()
    page.close()
    requests.delete(console.base + "/api/overlay/coupon", headers=console.headers(), timeout=10)
