"""The Interaction tab of the assistants' panel (/assist) in headless Chromium against the console
subprocess, opened with the assistants' token: a poll opened from the page counts the votes that
arrive through /ingest, closes from the page and shows its result; a lottery started from the page
asks before it is drawn, and the service's refusal (one lottery at a time) shows in the page.
The host allows assistants to run interactions in the settings for these; without it (the
default) the tab shows a note and no buttons, and the routes refuse the assistants' token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.e2e.conftest import run_console
from tests.support.browser import PageWatch, text_of, wait_for_text
from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Browser, Page

LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def console(obs: ObsProcess, tmp_path: Path) -> Iterator[ConsoleProcess]:
    """The console with assistants allowed to run polls, lotteries and check-ins."""
    data = tmp_path / "data"
    data.mkdir()
    settings = {"assistants_run_interaction": True}
    (data / "settings.json").write_text(json.dumps(settings), "utf-8")
    yield from run_console(obs, data)


@pytest.fixture
def closed_console(obs: ObsProcess, tmp_path: Path) -> Iterator[ConsoleProcess]:
    """The console as it starts with no settings: assistants may not run interactions."""
    yield from run_console(obs, tmp_path / "closed")


def ingest(console: ConsoleProcess, batch: list[dict[str, Any]]) -> None:
    answer = requests.post(
        f"{console.base}/ingest", json=batch, headers=console.headers(), timeout=10
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == len(batch), answer.text


def vote(user: str, text: str) -> dict[str, Any]:
    return {"platform": "douyin", "user": user, "user_id": user, "text": text}


def open_panel(
    chromium: Browser, console: ConsoleProcess, *, allowed: bool = True
) -> tuple[Page, PageWatch]:
    assist_token = new_assist_token(console)
    page = chromium.new_context(viewport=LAPTOP).new_page()  # type: ignore[arg-type]
    watch = PageWatch(page)
    response = page.goto(f"{console.base}/assist?token={assist_token}")
    assert response is not None
    assert response.status == 200
    page.wait_for_selector("#name-form:not([hidden])", timeout=5000)
    page.fill("#name-input", "导播助理")
    page.click("#name-form button[type=submit]")
    page.wait_for_selector("body[data-link=open]", state="attached", timeout=5000)
    page.click('.tab[data-tab="interaction"]')
    page.wait_for_selector("#interaction-pane:not([hidden])", timeout=5000)
    assert page.is_hidden("#queue")
    assert page.is_hidden("#poll-current")  # nothing yet this show
    if allowed:
        page.wait_for_selector("#poll-form:not([hidden])", timeout=5000)
        assert page.is_hidden("#interaction-off")
    return page, watch


def new_assist_token(console: ConsoleProcess) -> str:
    made = console.post("/api/assist/token")
    assert made.status_code == 200, made.text
    return str(made.json()["token"])


def bar_counts(page: Page) -> list[str]:
    return list(
        page.eval_on_selector_all("#poll-bars .option-count", "ns => ns.map(n => n.textContent)")
    )


def test_a_poll_run_from_the_panel(chromium: Browser, console: ConsoleProcess) -> None:
    page, watch = open_panel(chromium, console)
    page.fill("#poll-question-input", "下一款看哪个？")
    page.fill("#poll-options-input", "口红\n面霜\n")
    page.click("#poll-open")
    page.wait_for_selector("#poll-current:not([hidden])", timeout=5000)
    assert text_of(page, "#poll-question") == "下一款看哪个？"
    assert "进行中" in text_of(page, "#poll-state")
    assert "投票已开始" in wait_for_text(page, "#interaction-note", "投票已开始")
    assert page.input_value("#poll-question-input") == ""  # the form is ready for the next one
    assert page.is_visible("#interaction-live")
    poll = console.state()["interaction"]["poll"]
    assert (poll["question"], poll["options"], poll["open"]) == (
        "下一款看哪个？",
        ["口红", "面霜"],
        True,
    )

    # Votes arrive through /ingest and show on the page as they are counted.
    ingest(console, [vote("a", "1"), vote("b", "2"), vote("c", "B"), vote("d", "好看")])
    page.wait_for_function(
        "() => document.querySelector('#poll-voters').textContent.startsWith('3 ')", timeout=5000
    )
    assert bar_counts(page) == ["1 票 · 33%", "2 票 · 67%"]
    ingest(console, [vote("a", "2")])  # a later vote replaces the earlier
    page.wait_for_function(
        "() => document.querySelectorAll('#poll-bars .option-count')[1].textContent"
        ".startsWith('3 ')",
        timeout=5000,
    )
    assert bar_counts(page) == ["0 票 · 0%", "3 票 · 100%"]

    # Closed from the page: the result stays, no more votes count.
    page.click("#poll-close")
    page.wait_for_selector("#poll-card[data-open=false]", state="attached", timeout=5000)
    assert "已结束" in text_of(page, "#poll-state")
    assert page.is_hidden("#poll-close")
    assert page.is_hidden("#poll-reveal")  # a poll has no answer to reveal
    assert bar_counts(page) == ["0 票 · 0%", "3 票 · 100%"]
    poll = console.state()["interaction"]["poll"]
    assert (poll["counts"], poll["open"]) == ([0, 3], False)
    ingest(console, [vote("e", "1")])
    assert console.get(f"/api/poll/{poll['id']}").json()["counts"] == [0, 3]
    watch.assert_clean()


def test_a_lottery_from_the_panel_asks_before_the_draw(
    chromium: Browser, console: ConsoleProcess
) -> None:
    page, watch = open_panel(chromium, console)
    page.fill("#lottery-keyword-input", "福袋来了")
    page.click("#lottery-open")
    page.wait_for_selector("#lottery-current:not([hidden])", timeout=5000)
    assert text_of(page, "#lottery-keyword") == "口令 Keyword: 福袋来了"
    ingest(console, [vote("a", "福袋来了"), vote("b", "福袋来了！"), vote("c", "hi")])
    page.wait_for_function(
        "() => document.querySelector('#lottery-entrants').textContent.startsWith('2 ')",
        timeout=5000,
    )

    # One lottery at a time: the service's refusal shows as the other actions' errors do.
    page.fill("#lottery-keyword-input", "另一个")
    page.click("#lottery-open")
    page.wait_for_selector("#interaction-note.is-error", timeout=5000)
    assert text_of(page, "#interaction-note") != ""

    # The draw asks first; declined (the watch declines every dialog), nothing is drawn.
    page.click("#lottery-draw")
    page.wait_for_function("() => true")
    assert len(watch.dialogs) == 1
    assert watch.dialogs[0].startswith("confirm: ")
    assert "开奖" in watch.dialogs[0]
    lottery = console.state()["interaction"]["lottery"]
    assert (lottery["open"], lottery["seed"]) == (True, None)

    # Drawn at the console: the panel shows the winners.
    drawn = console.post(f"/api/lottery/{lottery['id']}/draw")
    assert drawn.status_code == 200, drawn.text
    winner = drawn.json()["winners"][0]["user"]
    page.wait_for_selector("#lottery-winners .winner", timeout=5000)
    assert text_of(page, "#lottery-winners .winner") == f"抖音 · {winner}"
    assert "已开奖" in text_of(page, "#lottery-state")
    assert page.is_hidden("#lottery-draw")
    assert [e for e in watch.errors if "pageerror" in e] == []
    assert watch.csp_violations() == []


def test_not_allowed_the_tab_shows_a_note_and_no_buttons(
    chromium: Browser, closed_console: ConsoleProcess
) -> None:
    console = closed_console
    page, watch = open_panel(chromium, console, allowed=False)
    page.wait_for_selector("#interaction-off:not([hidden])", timeout=5000)
    note = text_of(page, "#interaction-off")
    assert "主持人未允许助理发起互动" in note
    assert "The host has not allowed assistants to run interactions" in note
    for form in ("#poll-form", "#lottery-form", "#checkin-form"):
        assert page.is_hidden(form)
    for kind in ("poll", "lottery", "checkin"):  # nothing run yet: said, not an empty card
        assert "本场还没有 None yet" in text_of(page, f"#{kind}-state")

    # The host runs a poll and a lottery: the panel shows them, with no button to act on them.
    opened = console.post("/api/poll", {"question": "今天看哪个？", "options": ["A", "B"]})
    assert opened.status_code == 200, opened.text
    assert console.post("/api/lottery", {"keyword": "福袋"}).status_code == 200
    page.wait_for_selector("#poll-current:not([hidden])", timeout=5000)
    page.wait_for_selector("#lottery-current:not([hidden])", timeout=5000)
    assert text_of(page, "#poll-question") == "今天看哪个？"
    visible_buttons = page.eval_on_selector_all(
        "#interaction-pane button", "bs => bs.filter(b => b.offsetParent !== null).length"
    )
    assert visible_buttons == 0

    # Nor does the panel's token get through by hand.
    token = parse_qs(urlsplit(page.url).query)["token"][0]
    refused = requests.post(
        f"{console.base}/api/checkin", json={"keyword": "到"}, timeout=10,
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert refused.status_code == 403
    assert "not allowed assistants" in refused.json()["error"]
    assert watch.csp_violations() == []
