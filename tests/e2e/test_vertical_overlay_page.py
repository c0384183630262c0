"""The browser overlay page on a vertical (1080x1920) canvas in headless Chromium: every shown
widget inside the platforms' safe area (the same as the native cards'), none overlapping; with
every card on at once and long texts, the cards shrink to fit rather than be cut or hidden."""

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
    assert page.evaluate("() => document.body.getAttribute('data-fit')") == "1"  # room enough
    # landscape again: the 1080p layout (product lower left, coupon upper right)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(100)
    wide = _boxes(page)
    assert wide["product"][1] > 1080 / 2
    assert wide["coupon"][0] > 1920 / 2
    watch.assert_clean()
    page.close()
    requests.delete(console.base + "/api/overlay/coupon", headers=console.headers(), timeout=10)


# Each shown widget's layout box against the stage's (the safe area), and the page's scale.
STAGE_JS = """() => { const stage = document.querySelector('.stage').getBoundingClientRect();
  const widgets = [...document.querySelectorAll('.widget.is-shown')].map(n => {
    const r = n.getBoundingClientRect();
    return [n.id, r.top - stage.top, r.bottom - stage.bottom, r.left - stage.left,
            r.right - stage.right]; });
  return {widgets, fit: document.body.getAttribute('data-fit')}; }"""
ALL_INSIDE_JS = """(count) => {
  const stage = document.querySelector('.stage').getBoundingClientRect();
  const shown = [...document.querySelectorAll('.widget.is-shown')];
  return shown.length === count && shown.every(n => { const r = n.getBoundingClientRect();
    return r.top >= stage.top - 1 && r.bottom <= stage.bottom + 1; }); }"""


def _busy_sheet() -> dict[str, object]:
    """A product with long selling points and a coupon, as a busy show has."""
    return {
        "title": "竖屏",
        "segments": [{"title": "商品", "duration": "3:00", "product": "LONG-1"}],
        "products": [{"sku": "LONG-1", "name": "超长的商品名称" * 8, "price": "199",
                      "original_price": "299", "link": "https://shop.example.com/p/1",
                      "selling_points": ["卖点一", "卖点二" * 30, "卖点三" * 12]}],
        "coupons": [{"code": "LONG", "title": "长券", "seconds": 120}],
    }  # fmt: skip


def test_every_card_on_at_once_fits_the_safe_area_whole(
    console: ConsoleProcess, browser: BrowserContext
) -> None:
    """Product, coupon, a long featured question, a thanks alert, a lottery, a six-option poll
    and a check-in on a 1080x1920 page: none cut in half or left below the safe area."""
    assert console.post("/api/runsheet", _busy_sheet()).status_code == 200
    page, watch = open_page(browser, f"{console.base}/overlay/all?token={TOKEN}")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    long_question = {"platform": "douyin", "user": "小红", "text": "这个多少钱？" + "请问" * 100}
    assert console.post("/api/overlay/featured", long_question).status_code == 200
    assert console.post("/api/overlay/product", {"sku": "LONG-1"}).status_code == 200
    assert console.post("/api/overlay/coupon", {"code": "LONG"}).status_code == 200
    assert console.post("/api/overlay/thanks").status_code == 200
    gifts = [{"platform": "bilibili", "user": "小红" * 10, "user_id": "42", "kind": "superchat",
              "value": 30, "currency": "CNY", "text": "加油" * 50}]  # fmt: skip
    gifts += [{"platform": "bilibili", "user": f"观众{i}", "user_id": f"u{i}", "kind": "gift",
               "gift": "小心心", "count": 3, "value": 1, "currency": "CNY"}
              for i in range(5)]  # fmt: skip
    answer = requests.post(f"{console.base}/ingest", json=gifts, headers=console.headers(),
                           timeout=10)  # fmt: skip
    assert answer.status_code == 200, answer.text
    opened = console.post("/api/lottery", {"keyword": "福袋", "winners": 1, "seconds": 600})
    assert opened.status_code == 200, opened.text
    poll = {"question": "选哪个？" * 10, "options": [f"{c}款" for c in "ABCDEF"], "seconds": 600}
    assert console.post("/api/poll", poll).status_code == 200
    assert console.post("/api/checkin", {"keyword": "签到"}).status_code == 200
    names = ("#product", "#coupon", "#featured", "#thanks", "#lottery", "#poll", "#checkin")
    for selector in names:
        page.wait_for_selector(f"{selector}.is-shown", timeout=5000)
    page.wait_for_function(
        "() => document.querySelectorAll('#poll .poll-option').length === 6", timeout=5000
    )
    page.wait_for_function(ALL_INSIDE_JS, arg=len(names), timeout=5000)
    measured = page.evaluate(STAGE_JS)
    print(f"\n[overlay] every card on 1080x1920: {measured}")
    for name, top, bottom, left, right in measured["widgets"]:  # px past the stage's edges
        assert min(top, left) >= -1, (name, measured)
        assert max(bottom, right) <= 1, (name, measured)
    fit = measured["fit"]
    assert fit not in (None, "overflow"), measured
    assert float(fit) >= 0.55, measured  # smaller, still legible
    stage = page.eval_on_selector(".stage", """n => { const r = n.getBoundingClientRect();
        return [r.left, r.top, r.width, r.height]; }""")  # fmt: skip
    safe = SAFE_AREA.box(WIDTH, HEIGHT)
    assert all(abs(a - b) <= 1 for a, b in zip(stage, safe, strict=True)), (stage, safe)
    # landscape: no scaling there (every card has its own place on a 1920x1080 canvas)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_function("() => !document.body.hasAttribute('data-fit')", timeout=5000)
    watch.assert_clean()
    page.close()
