"""The 1920x1080 overlay page in headless Chromium with the right-hand cards all on at once: the
coupon countdown, the lottery (福袋) and the poll stack down the right side without covering each
other, whatever the coupon card holds, and the check-in beside them; every card inside the page."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import TYPE_CHECKING, Any

import pytest
import requests

from tests.support.browser import headless_chromium, open_page
from tests.support.console_process import TOKEN, ConsoleProcess

if TYPE_CHECKING:  # Playwright itself is imported by the helper, which skips or fails without it
    from playwright.sync_api import BrowserContext, Page

BOXES_JS = """() => [...document.querySelectorAll('.widget.is-shown')].map(n => {
  const r = n.getBoundingClientRect(); return [n.id, r.left, r.top, r.right, r.bottom]; })"""
# The coupon's last line (剩余 N 张) is really seen: the topmost element at its middle is itself.
LAST_LINE_JS = """() => { const line = document.querySelector('#coupon .coupon-quantity');
  const r = line.getBoundingClientRect();
  const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  return {text: line.textContent, top: r.top, bottom: r.bottom, seen: line.contains(hit)}; }"""
APART_JS = """() => { const boxes = [...document.querySelectorAll('.widget.is-shown')]
    .map(n => n.getBoundingClientRect());
  return boxes.every((a, i) => boxes.slice(i + 1).every(b => a.right <= b.left
    || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top)); }"""
SETTLED_JS = """(names) => names.every(id => { const n = document.getElementById(id);
  return n.classList.contains('is-shown') && getComputedStyle(n).opacity === '1'
    && getComputedStyle(n).transform === 'none'; })"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with headless_chromium(tmp_path_factory.mktemp("chromium")) as context:
        yield context


def _sheet(title: str) -> dict[str, Any]:
    return {
        "title": "右侧卡片",
        "segments": [{"title": "商品", "duration": "3:00", "coupon": "FANS30"}],
        "coupons": [{"code": "FANS30", "title": title, "discount": "满 199 减 30",
                     "seconds": 300, "quantity": 300}],
    }  # fmt: skip


def ingest(console: ConsoleProcess, items: list[dict[str, Any]]) -> None:
    answer = requests.post(console.base + "/ingest", json=items, headers=console.headers(),
                           timeout=10)  # fmt: skip
    assert answer.status_code == 200, answer.text


def said(user: str, text: str) -> dict[str, Any]:
    return {"platform": "douyin", "user": user, "user_id": f"id-{user}", "text": text}


def _boxes(page: Page) -> dict[str, tuple[float, float, float, float]]:
    return {name: (left, top, right, bottom) for name, left, top, right, bottom
            in page.evaluate(BOXES_JS)}  # fmt: skip


LONG_TITLE = "新粉专享券 · 关注主播即可领取 · 每人限领一张 · 先到先得"  # two lines and more


@pytest.mark.parametrize("title", ["新粉专享券", LONG_TITLE])
def test_the_right_hand_cards_stack_without_covering_the_coupon(
    console: ConsoleProcess, browser: BrowserContext, title: str
) -> None:
    assert console.post("/api/runsheet", _sheet(title)).status_code == 200
    page, watch = open_page(browser, f"{console.base}/overlay/all?token={TOKEN}")
    assert console.post("/api/overlay/coupon", {"code": "FANS30"}).status_code == 200
    opened = console.post("/api/lottery", {"keyword": "666", "winners": 3, "seconds": 60})
    assert opened.status_code == 200, opened.text
    poll = {"question": "想要哪个颜色？", "options": ["红", "蓝", "白", "黑", "粉", "绿"],
            "seconds": 120}  # fmt: skip
    assert console.post("/api/poll", poll).status_code == 200
    assert console.post("/api/checkin", {"keyword": "签到"}).status_code == 200
    names = ["coupon", "lottery", "poll", "checkin"]
    page.wait_for_function(SETTLED_JS, arg=names, timeout=5000)
    page.wait_for_function(
        "() => document.querySelectorAll('#poll .poll-option').length === 6", timeout=5000
    )
    boxes = _assert_apart_and_inside(page, names)
    last = page.evaluate(LAST_LINE_JS)
    assert last["text"] == "剩余 300 张", last
    assert last["seen"], (last, boxes)
    # the lottery drawn: its winners make it taller, and the poll moves down out of its way
    ingest(console, [said(f"观众{i}", "666") for i in range(3)])
    page.wait_for_function(
        "() => document.querySelector('.lottery-entrants').textContent === '3 人参与'",
        timeout=5000,
    )
    assert console.post(f"/api/lottery/{opened.json()['id']}/draw").status_code == 200
    page.wait_for_function(
        "() => document.querySelectorAll('.lottery-winners li').length === 3", timeout=5000
    )
    page.wait_for_function(APART_JS, timeout=5000)
    _assert_apart_and_inside(page, names)
    assert page.evaluate(LAST_LINE_JS)["seen"]
    # the coupon gone: the lottery and the poll are back in their own places, at full size
    assert console.delete("/api/overlay/coupon").status_code == 200
    page.wait_for_function(
        "() => document.getElementById('lottery').getBoundingClientRect().top === 370",
        timeout=5000,
    )
    page.wait_for_selector("#coupon", state="hidden", timeout=5000)
    boxes = _assert_apart_and_inside(page, ["lottery", "poll", "checkin"])
    assert boxes["lottery"][2] - boxes["lottery"][0] == 440, boxes
    assert boxes["poll"][1] >= 610, boxes
    watch.assert_clean()
    page.close()
    for path in ("/api/overlay/lottery", "/api/overlay/poll"):
        console.delete(path)


def _assert_apart_and_inside(
    page: Page, names: list[str]
) -> dict[str, tuple[float, float, float, float]]:
    """No two shown cards' boxes intersect, and each is inside the 1920x1080 page."""
    boxes = _boxes(page)
    print(f"\n[overlay] right-hand cards on 1920x1080: {boxes}")
    assert set(names) <= set(boxes), boxes
    for a, b in combinations(boxes, 2):
        la, ta, ra, ba = boxes[a]
        lb, tb, rb, bb = boxes[b]
        apart = ra <= lb or rb <= la or ba <= tb or bb <= ta
        assert apart, (a, boxes[a], b, boxes[b])
    for name, (left, top, right, bottom) in boxes.items():
        assert min(left, top) >= 0, (name, boxes[name])
        assert right <= 1920, (name, boxes[name])
        assert bottom <= 1080, (name, boxes[name])
    return boxes
