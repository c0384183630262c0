"""The thanks list on the assistants' panel (/assist) in headless Chromium against the console
subprocess: gifts fed through /ingest show grouped per viewer with totals, newest first; 已感谢,
忽略 and the T key clear an entry at once on this panel and with the next event on another;
viewer text (names, gift names, super chat messages) stays text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import run_console
from tests.support.assist_pages import LAPTOP, PHONE, AssistantOpener, ingest
from tests.support.browser import PageWatch, text_of, wait_for_text
from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Browser, Page, Route

CARDS = "#thanks .thanks-card"
LIST_READ = re.compile(r"/api/thanks\?")  # the panel's reads of the list, not its clears


@dataclass
class Panel:
    page: Page
    watch: PageWatch

    def card(self, entry_id: int, extra: str = "") -> str:
        return f'{CARDS}[data-id="{entry_id}"]{extra}'

    def ids(self) -> list[int]:
        script = "ns => ns.map(n => Number(n.getAttribute('data-id')))"
        return list(self.page.eval_on_selector_all(CARDS, script))

    def wait_ids(self, expected: list[int], timeout: float = 5000) -> None:
        self.page.wait_for_function(
            """([sel, want]) => JSON.stringify([...document.querySelectorAll(sel)]
                 .map(n => Number(n.getAttribute('data-id')))) === JSON.stringify(want)""",
            arg=[CARDS, expected], timeout=timeout,
        )  # fmt: skip

    def count(self) -> str:
        return text_of(self.page, '[data-count="thanks"]')


@pytest.fixture
def console(obs: ObsProcess, tmp_path: Path) -> Iterator[ConsoleProcess]:
    """The console with the host's leave for the panel to mark thanks (off by default)."""
    data = tmp_path / "data"
    data.mkdir(parents=True)
    (data / "settings.json").write_text(json.dumps({"assistants_help_host": True}), "utf-8")
    yield from run_console(obs, data)


@pytest.fixture
def panel(chromium: Browser, console: ConsoleProcess) -> Iterator[Callable[..., Panel]]:
    """Opens /assist in a context of its own, gives a name and shows the thanks tab."""
    opener = AssistantOpener(chromium, console)

    def open_panel(name: str, viewport: dict[str, int] = LAPTOP, *, touch: bool = False) -> Panel:
        assistant = opener.open(name, viewport, touch=touch)
        page = assistant.page
        page.click('.tab[data-tab="thanks"]')
        page.wait_for_selector("#thanks-pane:not([hidden])", timeout=5000)
        assert page.is_hidden("#queue")
        return Panel(page, assistant.watch)

    yield open_panel
    opener.close()


def thanks(console: ConsoleProcess) -> dict[str, Any]:
    answer = console.get("/api/thanks")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def gift(user: str, name: str, count: int, value: float) -> dict[str, Any]:
    return {"platform": "bilibili", "user": user, "kind": "gift", "gift": name, "count": count,
            "value": value, "currency": "CNY"}  # fmt: skip


def test_gifts_grouped_and_thanked(console: ConsoleProcess, panel: Callable[..., Panel]) -> None:
    a, b = panel("助理A"), panel("助理B")
    assert a.ids() == []
    assert a.page.is_visible("#thanks-empty")
    assert a.count() == "0"
    ingest(console, [
        {"platform": "bilibili", "user": "小紫", "kind": "follow"},
        {"platform": "bilibili", "user": "小绿", "kind": "superchat", "text": "主播讲得真好",
         "value": 30, "currency": "CNY"},
        {"platform": "bilibili", "user": "小蓝", "kind": "member", "gift": "舰长", "count": 1,
         "value": 198, "currency": "CNY"},
        {"platform": "bilibili", "user": "小白", "text": "你好"},  # a comment: not thanked
        {"platform": "bilibili", "user": "小绿", "kind": "superchat", "text": "再来一个",
         "value": 5, "currency": "USD"},  # a second currency: added, not dropped
    ])  # fmt: skip
    ingest(console, [gift("小红", "小心心", 3, 0.3), gift("小红", "小心心", 3, 0.3),
                     gift("小红", "嘉年华", 1, 20)])  # fmt: skip
    listed = thanks(console)
    assert listed["pending"] == 4
    by_user = {t["user"]: t for t in listed["thanks"]}
    order = [t["id"] for t in listed["thanks"]]
    assert order[0] == by_user["小红"]["id"]  # the newest first
    for person in (a, b):
        person.wait_ids(order)
        assert person.count() == "4"
        assert person.page.is_hidden("#thanks-empty")

    red = a.card(by_user["小红"]["id"])
    assert text_of(a.page, red + " .viewer") == "小红"
    assert text_of(a.page, red + " .what") == "小心心 ×6, 嘉年华 ×1"
    assert text_of(a.page, red + " .total") == "合计 ¥20.60"
    assert text_of(a.page, red + " .platform") == "B站"
    assert "已感谢" in text_of(a.page, red + " [data-action=thanked]")
    assert "忽略" in text_of(a.page, red + " [data-action=dismiss]")
    assert a.page.get_attribute(red + " [data-action=thanked]", "aria-keyshortcuts") == "T"
    assert text_of(a.page, a.card(by_user["小蓝"]["id"], " .what")) == "舰长 ×1"
    assert text_of(a.page, a.card(by_user["小蓝"]["id"], " .total")) == "合计 ¥198"
    green = a.card(by_user["小绿"]["id"])
    assert text_of(a.page, green + " .what") == "SC ×2 ¥30 + $5: 再来一个"
    assert text_of(a.page, green + " .total") == "合计 ¥30 + $5"
    assert text_of(a.page, a.card(by_user["小紫"]["id"], " .what")) == "关注 Follow"
    assert a.page.is_hidden(a.card(by_user["小紫"]["id"], " .total"))
    age = a.card(by_user["小紫"]["id"], " .age")
    assert text_of(a.page, age).endswith("s")

    # A clicks 已感谢: gone from A's panel at once, from B's with the event, and from the API.
    a.page.click(red + " [data-action=thanked]")
    a.wait_ids(order[1:], timeout=300)  # no waiting for the server
    assert a.count() == "3"
    b.wait_ids(order[1:])
    assert b.count() == "3"
    listed = thanks(console)
    assert listed["pending"] == 3
    assert listed["thanked"] == 1
    assert "小红" in wait_for_text(a.page, "#thanks-note", "小红")  # once the server answered

    # B presses T: the top entry is thanked; then A dismisses one.
    b.page.keyboard.press("t")
    b.wait_ids(order[2:], timeout=300)
    a.wait_ids(order[2:])
    a.page.click(a.card(order[2], " [data-action=dismiss]"))
    for person in (a, b):
        person.wait_ids(order[3:])
        assert person.count() == "1"
    listed = thanks(console)
    assert (listed["pending"], listed["thanked"], listed["dismissed"]) == (1, 2, 1)

    # T in a text box is typing, not thanking.
    a.page.click("#manual summary")
    a.page.focus("#manual-user")
    a.page.keyboard.press("t")
    assert a.page.input_value("#manual-user") == "t"
    assert thanks(console)["pending"] == 1

    # Cleared elsewhere while A's panel still shows it (A's reads held back): A's click gets a
    # 409 (thanked already), and the entry is gone all the same.
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    a.page.route(LIST_READ, hold)
    last = order[3]
    assert console.post(f"/api/thanks/{last}", {"action": "thanked"}).status_code == 200
    b.wait_ids([])
    for _ in range(100):  # A's read after the event, held
        if held:
            break
        a.page.wait_for_timeout(50)
    assert held
    assert a.ids() == [last]
    with a.page.expect_response(lambda r: r.url.endswith(f"/api/thanks/{last}")) as clicked:
        a.page.click(a.card(last, " [data-action=thanked]"))
    assert clicked.value.status == 409
    a.wait_ids([], timeout=300)
    for route in held:
        route.continue_()
    a.page.unroute(LIST_READ)
    for person in (a, b):
        person.wait_ids([])
        assert person.count() == "0"
        assert person.page.is_visible("#thanks-empty")
    assert console.post(f"/api/thanks/{last}", {"action": "thanked"}).status_code == 409
    assert console.post("/api/thanks/99999", {"action": "thanked"}).status_code == 404

    # 小红 gives again: a new entry, on both panels.
    ingest(console, [gift("小红", "小心心", 1, 0.1)])
    fresh = thanks(console)["thanks"][0]
    assert fresh["id"] not in order
    for person in (a, b):
        person.wait_ids([fresh["id"]])
        assert text_of(person.page, person.card(fresh["id"], " .what")) == "小心心 ×1"
        assert text_of(person.page, person.card(fresh["id"], " .total")) == "合计 ¥0.10"
        person.watch.assert_clean()


def test_hostile_viewer_text_stays_text(
    console: ConsoleProcess, panel: Callable[..., Panel]
) -> None:
    phone = panel("助理A", viewport=PHONE)
    name = "<img src=x onerror=alert(1)>"
    sc_text = "<script>window.__pwned=1</script><b>bold</b>"
    gift_name = '<svg onload="window.__pwned=1">'
    ingest(console, [gift(name, "小心心", 3, 0.3),
                     {"platform": "bilibili", "user": '"><i>x</i>', "kind": "superchat",
                      "text": sc_text, "value": 50, "currency": "CNY"},
                     gift("小红", gift_name, 2, 2)])  # fmt: skip
    listed = thanks(console)["thanks"]
    phone.wait_ids([t["id"] for t in listed])
    by_user = {t["user"]: t["id"] for t in listed}
    assert text_of(phone.page, phone.card(by_user[name], " .viewer")) == name
    assert text_of(phone.page, phone.card(by_user['"><i>x</i>'], " .what")) == f"SC ¥50: {sc_text}"
    assert text_of(phone.page, phone.card(by_user["小红"], " .what")) == f"{gift_name} ×2"
    phone.page.wait_for_timeout(300)  # give any smuggled handler (onerror, onload) its chance
    tags = phone.page.eval_on_selector_all("#thanks *", "ns => ns.map(n => n.tagName)")
    assert not {"SCRIPT", "IMG", "SVG", "IFRAME", "B", "I", "A"} & set(tags)
    assert phone.page.evaluate("typeof window.__pwned") == "undefined"
    assert phone.page.evaluate("() => document.scrollingElement.scrollWidth") <= 360
    phone.page.click(phone.card(by_user[name], " [data-action=thanked]"))
    phone.wait_ids([t["id"] for t in listed if t["user"] != name])
    assert name in wait_for_text(phone.page, "#thanks-note", name)  # once the server answered
    assert thanks(console)["pending"] == 2
    phone.watch.assert_clean()  # alert() would have opened a dialog


def test_the_key_hint_shows_where_there_is_a_keyboard(panel: Callable[..., Panel]) -> None:
    laptop = panel("助理一")
    assert laptop.page.is_visible("#thanks-hint")
    assert "T" in text_of(laptop.page, "#thanks-hint")
    phone = panel("助理二", PHONE, touch=True)  # a touch screen, no keys to press
    assert phone.page.is_hidden("#thanks-hint")


def test_without_the_hosts_leave_the_panel_lists_thanks_but_offers_no_actions(
    obs: ObsProcess, tmp_path: Path, chromium: Browser
) -> None:
    for plain in run_console(obs, tmp_path / "plain"):  # the settings as they come
        opener = AssistantOpener(chromium, plain)
        try:
            page = opener.open("助理A").page
            ingest(plain, [gift("小红", "小心心", 3, 0.3), {"platform": "bilibili", "user": "小白",
                                                           "text": "多少钱？"}])  # fmt: skip
            page.wait_for_selector("#queue .card", timeout=10_000)
            assert page.is_hidden("#queue .card .act.block")
            assert page.is_hidden("#host-message")
            page.click('.tab[data-tab="thanks"]')
            page.wait_for_selector(f"{CARDS}", timeout=10_000)
            assert page.is_visible("#thanks-off")
            assert page.is_hidden(f"{CARDS} .act.thanked")
            page.keyboard.press("t")  # the key does nothing either
            assert len(thanks(plain)["thanks"]) == 1
        finally:
            opener.close()
