"""The interaction overlays in headless Chromium against the console subprocess (and the shared
real OBS): the lottery's keyword, time and entrants, then hostile winner names shown as text;
the poll's bars following the votes and a quiz's revealed answer; the producer hiding a card."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import requests

from tests.support.browser import PageWatch, headless_chromium, open_page, text_of
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.waiting import wait_until

if TYPE_CHECKING:  # Playwright itself is imported by the helper, which skips or fails without it
    from playwright.sync_api import BrowserContext, Page

HOSTILE = '<img src=x onerror="window.__pwned=1">小红'


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with headless_chromium(tmp_path_factory.mktemp("chromium")) as context:
        yield context


def open_overlay(
    browser: BrowserContext, console: ConsoleProcess, name: str
) -> tuple[Page, PageWatch]:
    return open_page(browser, f"{console.base}/overlay/{name}?token={TOKEN}")


def ingest(console: ConsoleProcess, items: list[dict[str, Any]]) -> None:
    answer = requests.post(console.base + "/ingest", json=items, headers=console.headers(),
                           timeout=10)  # fmt: skip
    assert answer.status_code == 200, answer.text


def said(user: str, text: str) -> dict[str, Any]:
    return {"platform": "douyin", "user": user, "user_id": f"id-{user}", "text": text}


def test_the_lottery_shows_keyword_entrants_then_winners_as_text(
    console: ConsoleProcess, browser: BrowserContext
) -> None:
    page, watch = open_overlay(browser, console, "lottery")
    assert not page.is_visible("#lottery")
    opened = console.post("/api/lottery", {"keyword": "666", "winners": 3, "seconds": 120})
    assert opened.status_code == 200, opened.text
    lottery_id = opened.json()["id"]
    page.wait_for_selector("#lottery", state="visible", timeout=5000)
    assert "666" in text_of(page, ".lottery-keyword")
    assert text_of(page, ".lottery-clock") in ("剩余 02:00", "剩余 01:59", "剩余 01:58")
    ingest(console, [said(HOSTILE, "666"), said("阿强", "666 我要"), said("amy", "hello"),
                     said("<b>bold</b>", "666")])  # fmt: skip
    page.wait_for_function(
        "() => document.querySelector('.lottery-entrants').textContent === '3 人参与'",
        timeout=5000,
    )
    drawn = console.post(f"/api/lottery/{lottery_id}/draw")
    assert drawn.status_code == 200, drawn.text
    page.wait_for_function(
        "() => document.querySelectorAll('.lottery-winners li').length === 3", timeout=5000
    )
    names = page.eval_on_selector_all(".lottery-winners li", "ns => ns.map(n => n.textContent)")
    assert sorted(names) == sorted([HOSTILE, "阿强", "<b>bold</b>"])
    nested = page.eval_on_selector_all("#lottery *", "ns => ns.map(n => n.tagName)")
    assert set(nested) <= {"H2", "P", "SPAN", "OL", "LI"}, nested
    assert text_of(page, ".lottery-clock") == ""
    time.sleep(0.3)  # give any smuggled handler its chance to run
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # the producer hides it; it comes back on request
    assert console.delete("/api/overlay/lottery").status_code == 200
    page.wait_for_selector("#lottery", state="hidden", timeout=5000)
    assert console.post("/api/overlay/lottery").status_code == 200
    page.wait_for_selector("#lottery", state="visible", timeout=5000)
    assert console.delete("/api/overlay/lottery").status_code == 200
    watch.assert_clean()
    page.close()


def test_a_lottery_whose_time_is_up_stops_inviting_entries(
    console: ConsoleProcess, browser: BrowserContext
) -> None:
    """Entries are refused once the time is up: until it is drawn the card says it is closed
    and waiting for the draw, no longer "send the keyword", and no clock."""
    page, watch = open_overlay(browser, console, "lottery")
    opened = console.post("/api/lottery", {"keyword": "抽我", "winners": 1, "seconds": 2})
    assert opened.status_code == 200, opened.text
    page.wait_for_selector("#lottery.is-shown", timeout=5000)
    assert "发送口令「抽我」参与" in text_of(page, ".lottery-keyword")
    page.wait_for_function(
        "() => document.querySelector('.lottery-keyword').textContent === '已截止 · 等待开奖'",
        timeout=6000,
    )
    assert text_of(page, ".lottery-clock") == ""
    assert page.is_visible("#lottery.is-closed")
    drawn = console.post(f"/api/lottery/{opened.json()['id']}/draw")
    assert drawn.status_code == 200, drawn.text
    page.wait_for_selector("#lottery.is-drawn", timeout=5000)
    assert not page.is_visible("#lottery.is-closed")
    assert console.delete("/api/overlay/lottery").status_code == 200
    watch.assert_clean()
    page.close()


def _widths(page: Page) -> list[float]:
    return page.eval_on_selector_all(
        ".poll-option",
        """rows => rows.map(r => r.querySelector('.poll-bar').getBoundingClientRect().width /
                              r.getBoundingClientRect().width)""",
    )


def test_the_poll_bars_follow_the_votes_and_a_quiz_reveals_its_answer(
    console: ConsoleProcess, browser: BrowserContext
) -> None:
    page, watch = open_overlay(browser, console, "all")
    opened = console.post("/api/poll", {"question": "1+1=?", "options": ["1", "2", "3"],
                                        "answer": 1})  # fmt: skip
    assert opened.status_code == 200, opened.text
    poll_id = opened.json()["id"]
    page.wait_for_selector("#poll", state="visible", timeout=5000)
    assert text_of(page, ".poll-question") == "1+1=?"
    ingest(console, [said("a", "B"), said("b", "２"), said("c", "b"), said("d", "A")])
    page.wait_for_function(
        "() => document.querySelector('.poll-footer').textContent.startsWith('4 人作答')",
        timeout=5000,
    )
    page.wait_for_function(  # the bars' transition done: widths as the shares
        """() => [...document.querySelectorAll('.poll-option')].every(r =>
              Math.abs(r.querySelector('.poll-bar').getBoundingClientRect().width /
                       r.getBoundingClientRect().width -
                       parseFloat(r.querySelector('.poll-bar').style.width) / 100) < 0.02)""",
        timeout=5000,
    )
    widths = _widths(page)
    assert widths[0] == pytest.approx(0.25, abs=0.02)
    assert widths[1] == pytest.approx(0.75, abs=0.02)
    assert widths[2] == pytest.approx(0.0, abs=0.02)
    assert page.eval_on_selector_all(".poll-option.is-right", "ns => ns.length") == 0
    ingest(console, [said("a", "C"), said("b", "C")])  # changed votes: the bars follow
    counts = lambda: console.get(f"/api/poll/{poll_id}").json()["counts"]  # noqa: E731
    wait_until(lambda: counts() == [1, 1, 2], "the changed votes counted", 5.0)
    page.wait_for_function(
        "() => parseFloat(document.querySelectorAll('.poll-bar')[2].style.width) === 50",
        timeout=5000,
    )
    assert console.post(f"/api/poll/{poll_id}/reveal").status_code == 200
    page.wait_for_function(
        "() => document.querySelectorAll('.poll-option.is-right').length === 1", timeout=5000
    )
    right = page.eval_on_selector(".poll-option.is-right .poll-text", "n => n.textContent")
    assert right == "2"
    # nothing overlaps on the 1920x1080 page: the poll and the others' places
    boxes = page.eval_on_selector_all(
        ".widget.is-shown",
        "ns => ns.map(n => { const r = n.getBoundingClientRect();"
        " return [n.id, r.left, r.top, r.right, r.bottom]; })",
    )
    for i, (a, *ra) in enumerate(boxes):
        for b, *rb in boxes[i + 1 :]:
            apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
            assert apart, (a, b)
    assert console.delete("/api/overlay/poll").status_code == 200
    page.wait_for_selector("#poll", state="hidden", timeout=5000)
    watch.assert_clean()
    page.close()
