"""The assistants' panel (/assist) in headless Chromium against the console subprocess: two
assistants share the live queue (claim, 409, answer, feature), hostile text stays text, the token
rule, a 360 px phone, manual entry, and the reconnect after a console restart."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
import requests

from tests.support.assist_pages import (
    PHONE,
    VISIBLE,
    Assistant,
    AssistantOpener,
    claim_seen_ms,
    ingest,
    questions,
    wait_for_cards,
)
from tests.support.browser import HOSTILE_TEXTS, PageWatch, text_of, wait_for_text
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Browser, Page

CSP = ("default-src 'none'", "script-src 'self'", "style-src 'self'",
       "connect-src 'self' ws: wss:", "base-uri 'none'", "frame-ancestors 'none'")  # fmt: skip


@pytest.fixture
def assistant(chromium: Browser, console: ConsoleProcess) -> Iterator[Callable[..., Assistant]]:
    """Opens /assist in a context of its own (its own localStorage) and gives the name."""
    opener = AssistantOpener(chromium, console)
    yield opener.open
    opener.close()


# ----- two assistants, one queue -------------------------------------------------------------
def test_two_assistants_share_the_queue(
    console: ConsoleProcess, assistant: Callable[..., Assistant]
) -> None:
    a, b = assistant("助理A"), assistant("助理B")
    ingest(console, [{"platform": "douyin", "user": "a", "text": "多少钱？"},
                     {"platform": "bilibili", "user": "b", "text": "有回放吗"},
                     {"platform": "kuaishou", "user": "c", "text": "多少钱？"}])  # fmt: skip
    wait_for_cards([a, b], 2)  # how soon: tests/bench/test_assist_bench.py
    by_text = {q["text"]: q for q in questions(console).values()}
    price, replay = by_text["多少钱？"]["id"], by_text["有回放吗"]["id"]
    assert a.visible_ids()[0] == price  # the most asked first
    assert text_of(b.page, b.card(price, " .q-text")) == "多少钱？"
    assert "×2" in text_of(b.page, b.card(price, " .asked"))
    assert text_of(b.page, b.card(price, " .platform")) == "抖音"
    assert text_of(b.page, '[data-count="open"]') == "2"
    age = text_of(b.page, b.card(price, " .age"))
    b.page.wait_for_function(
        "([sel, age]) => document.querySelector(sel).textContent !== age",
        arg=[b.card(price, " .age"), age], timeout=2500,
    )  # fmt: skip

    # A claims: B sees it (how soon: the assist bench), B's claim is refused, the API has A only.
    assert claim_seen_ms(a, b, price) > 0
    assert "助理A" in text_of(b.page, b.card(price, " .who-line"))
    assert b.page.is_disabled(b.card(price, " [data-action=claim]"))
    assert b.page.is_disabled(b.card(price, " [data-action=answer]"))
    a.wait(a.card(price, ".is-mine"))
    b.page.eval_on_selector(  # as if B's click beat the update: the server still says no
        b.card(price, " [data-action=claim]"), "n => { n.disabled = false; n.click(); }"
    )
    b.page.wait_for_function(
        "sel => (document.querySelector(sel) || {}).textContent?.includes('已被 助理A 认领')",
        arg=b.card(price, " .message.is-error"), timeout=5000,
    )  # fmt: skip
    assert questions(console)[price]["claimed_by"] == "助理A"

    # Both click Claim on the other question at once: exactly one gets it, both panels agree.
    for person in (a, b):
        person.page.eval_on_selector(person.card(replay, " [data-action=claim]"), "n => n.click()")
    for person in (a, b):
        person.wait(person.card(replay, ".is-mine") + ", " + person.card(replay, ".is-theirs"))
    winner = questions(console)[replay]["claimed_by"]
    assert winner in ("助理A", "助理B")
    loser = b if winner == "助理A" else a
    loser.wait(loser.card(replay, ".is-theirs"))
    assert winner in text_of(loser.page, loser.card(replay, " .who-line"))

    # A opens the answer box (prefilled with the canned answer, when the console has one) and
    # types; re-renders (a new question arrives) keep the box and its text.
    prefill = (by_text["多少钱？"].get("suggestion") or {}).get("answer", "")
    assert a.page.is_visible(a.card(price, " .suggestion")) == bool(prefill)
    a.click(price, "answer")
    assert a.page.input_value(a.card(price, " .answer-input")) == prefill
    a.page.fill(a.card(price, " .answer-input"), "¥99，今晚包邮")
    ingest(console, [{"platform": "douyin", "user": "d", "text": "怎么买？"}])
    wait_for_cards([a], 3)
    assert a.page.is_visible(a.card(price, " .answer-box"))
    assert a.page.input_value(a.card(price, " .answer-input")) == "¥99，今晚包邮"
    a.page.click(a.card(price, " .send"))
    for person in (a, b):
        person.wait(person.card(price, '[data-state="answered"]'))
        assert price not in person.visible_ids()
        person.tab("answered")
        person.wait(person.card(price, ":not([hidden])"))
        assert "助理A" in text_of(person.page, person.card(price, " .who-line"))
        assert text_of(person.page, person.card(price, " .answer-text")) == "¥99，今晚包邮"
    answered = questions(console)[price]
    assert answered["state"] == "answered"
    assert answered["answered_by"] == "助理A"
    assert answered["answer"] == "¥99，今晚包邮"
    assert answered["response_s"] > 0

    # Copy the answer; Feature puts it on stream.
    a.click(price, "copy")
    a.wait(a.card(price, " .message:not(.is-error)"))
    assert a.page.evaluate("() => navigator.clipboard.readText()") == "¥99，今晚包邮"
    a.click(price, "feature")
    b.page.wait_for_function(
        "sel => document.querySelector(sel)?.textContent === '再上屏 Again'",
        arg=b.card(price, " [data-action=feature]"), timeout=5000,
    )  # fmt: skip
    if "on_air" in questions(console)[price]:  # the badge says what is on screen now
        b.wait(b.card(price, " .on-air:not([hidden])"))
    featured = console.state()["overlay"]["featured"]
    assert featured == str(answered["comment_ids"][0]), featured  # the first asker's comment

    # More claims, each seen on B's card as taken.
    a.tab("open")
    texts = ["什么时候发货？", "包邮吗？", "有优惠券吗？", "能退吗？", "有赠品吗？"]
    ingest(console, [{"platform": "douyin", "user": t, "text": t} for t in texts])
    listed = questions(console).values()
    fresh = [q["id"] for q in listed if q["state"] == "open"]
    wait_for_cards([a], len(fresh) + 1)  # and the one still claimed
    assert all(claim_seen_ms(a, b, qid) > 0 for qid in fresh)
    b.tab("open")  # B watched from the Answered tab: the new cards are there all the same
    wait_for_cards([b], len(fresh) + 1)
    for person in (a, b):
        person.watch.assert_clean()


# ----- hostile text --------------------------------------------------------------------------
def test_a_dismiss_is_taken_back_from_the_undo_bar(
    console: ConsoleProcess, assistant: Callable[..., Assistant]
) -> None:
    a = assistant("助理A")
    ingest(console, [{"platform": "douyin", "user": "a", "text": "有回放吗"},
                     {"platform": "douyin", "user": "b", "text": "多少钱？"}])  # fmt: skip
    wait_for_cards([a], 2)
    replay = next(q["id"] for q in questions(console).values() if q["text"] == "有回放吗")
    assert a.page.is_hidden("#undo-bar")
    a.click(replay, "dismiss")
    a.page.wait_for_selector("#undo-bar", state="visible", timeout=5000)
    assert "有回放吗" in text_of(a.page, "#undo-text")
    wait_for_cards([a], 1)
    assert questions(console)[replay]["state"] == "dismissed"
    a.page.click("#undo-button")
    wait_for_cards([a], 2)
    assert replay in a.visible_ids()
    assert questions(console)[replay]["state"] == "open"
    assert a.page.is_hidden("#undo-bar")
    # a claim given back: the card is everyone's again
    assert a.page.is_hidden(a.card(replay, " [data-action=release]"))
    a.click(replay, "claim")
    a.wait(a.card(replay, ".is-mine"))
    a.click(replay, "release")
    a.page.wait_for_selector(a.card(replay, '[data-state="open"]'), state="attached", timeout=5000)
    assert questions(console)[replay]["claimed_by"] is None
    assert a.page.is_hidden(a.card(replay, " [data-action=release]"))


def test_hostile_text_stays_text(
    console: ConsoleProcess, assistant: Callable[..., Assistant]
) -> None:
    hostile_name = '<img src=x onerror="window.__pwned=1">'
    a, b = assistant("助理A"), assistant(hostile_name)
    last = len(HOSTILE_TEXTS) - 1  # the 2,000-character one
    texts = [(payload + " 多少钱？")[-2000:] if i < last else payload[:1990] + "多少钱？"
             for i, payload in enumerate(HOSTILE_TEXTS)]  # fmt: skip
    ingest(console, [{"platform": "douyin", "user": t[:100], "text": t} for t in texts])
    listed = questions(console)
    assert sorted(q["text"] for q in listed.values()) == sorted(texts)
    wait_for_cards([a, b], len(texts))
    shown = a.page.eval_on_selector_all(VISIBLE + " .q-text", "ns => ns.map(n => n.textContent)")
    assert sorted(shown) == sorted(texts)
    qid = next(iter(listed))
    b.click(qid, "claim")  # the assistant's name is typed text too
    a.wait(a.card(qid, ".is-theirs"))
    assert hostile_name in text_of(a.page, a.card(qid, " .who-line"))
    time.sleep(0.3)  # give any smuggled handler (onerror, onload) its chance to run
    for person in (a, b):
        tags = person.page.eval_on_selector_all("#queue *", "ns => ns.map(n => n.tagName)")
        assert not {"SCRIPT", "IMG", "SVG", "IFRAME", "B", "I", "A"} & set(tags)
        assert person.page.evaluate("typeof window.__pwned") == "undefined"
        person.watch.assert_clean()


# ----- the token, the files ------------------------------------------------------------------
def test_the_page_needs_the_token_its_files_do_not(console: ConsoleProcess) -> None:
    base = console.base
    for path in ("/assist", "/assist?token=nope", "/assist/", "/ws/events"):
        assert requests.get(base + path, timeout=5).status_code == 401, path
    page = requests.get(f"{base}/assist?token={TOKEN}", timeout=5)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert all(directive in page.headers["content-security-policy"] for directive in CSP)
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in page.text.replace('<script src="/assist/static/assist.js"', "")
    assert "style=" not in page.text
    assert "<style" not in page.text
    assert console.get("/assist").status_code == 200  # Authorization: Bearer works too
    script = requests.get(f"{base}/assist/static/assist.js", timeout=5)
    assert script.status_code == 200, script.text
    assert script.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in script.text
    assert "insertAdjacentHTML" not in script.text
    assert requests.get(f"{base}/assist/static/assist.css", timeout=5).status_code == 200
    for path in ("index.html", "..%2F..%2Fpyproject.toml", "%2E%2E", "missing.js"):
        assert requests.get(f"{base}/assist/static/{path}", timeout=5).status_code == 404, path


# ----- phone, manual entry, name kept, reconnect ---------------------------------------------
def test_phone_manual_entry_and_reconnect(
    obs: ObsProcess, console: ConsoleProcess, assistant: Callable[..., Assistant]
) -> None:
    phone = assistant("助理A", viewport=PHONE)
    page = phone.page
    long_texts = ["没有空格" * 200 + "？", "Whatistheprice" * 130 + "?"]  # no place to wrap
    ingest(console, [{"platform": "taobao", "user": "z", "text": t} for t in long_texts])
    wait_for_cards([phone], 2)
    width = "() => document.scrollingElement.scrollWidth"
    assert page.evaluate(width) <= 360
    phone.click(sorted(questions(console))[0], "answer")
    for tab in ("mine", "answered", "open"):
        phone.tab(tab)
        assert page.evaluate(width) <= 360, tab

    page.click("#manual summary")
    page.select_option("#manual-platform", "kuaishou")
    page.fill("#manual-user", "小李")
    page.fill("#manual-text", "有回放吗")
    page.click("#manual-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#manual-note').textContent !== ''")
    assert "已添加" in text_of(page, "#manual-note")
    wait_for_cards([phone], 3)
    added = [q for q in questions(console).values() if q["text"] == "有回放吗"]
    assert len(added) == 1
    assert added[0]["platform"] == "kuaishou"
    assert added[0]["askers"] == ["小李"]
    assert text_of(page, phone.card(added[0]["id"], " .platform")) == "快手"
    assert page.evaluate(width) <= 360

    page.reload()  # the name is kept in localStorage
    page.wait_for_selector("body[data-link=open]", state="attached", timeout=5000)
    assert page.is_hidden("#name-form")
    assert text_of(page, "#who-button").endswith("助理A")

    # The console restarts: the light goes red, then the panel reconnects and re-reads the queue.
    assert console.stop() == 0
    page.wait_for_selector("body[data-link=closed]", state="attached", timeout=5000)
    again = ConsoleProcess(console.data_dir, obs.url, obs.password)
    again.port, again.base = console.port, console.base
    again.start()
    try:
        page.wait_for_selector("body[data-link=open]", state="attached", timeout=15000)
        ingest(again, [{"platform": "douyin", "user": "w", "text": "多少钱？"}])
        listed = questions(again).values()
        expected = sorted(q["id"] for q in listed if q["state"] in ("open", "claimed"))
        wait_for_cards([phone], len(expected))
        assert sorted(phone.visible_ids()) == expected
        phone.watch.assert_clean()
    finally:
        code = again.stop()
        assert code in (0, None), f"livedesk exited with {code}:\n{again.log_tail()}"


def _lightness(page: Page, selector: str, prop: str) -> float:
    """0 (black) to 1 (white): the mean of a computed colour's RGB channels."""
    colour = page.eval_on_selector(selector, f"n => getComputedStyle(n)['{prop}']")
    red, green, blue = (int(c) for c in re.findall(r"\d+", colour)[:3])
    return (red + green + blue) / 765


def test_a_phone_set_to_dark_gets_a_dark_panel(
    assistant: Callable[..., Assistant], console: ConsoleProcess
) -> None:
    ingest(console, [{"platform": "douyin", "user": "小明", "text": "深色模式能看清吗？"}])
    for scheme, dark in (("dark", True), ("light", False)):
        page = assistant(f"助理-{scheme}", PHONE, scheme=scheme).page
        page.wait_for_selector(VISIBLE, timeout=5000)
        page_bg = _lightness(page, "body", "backgroundColor")
        card_bg = _lightness(page, VISIBLE, "backgroundColor")
        text = _lightness(page, f"{VISIBLE} .q-text", "color")
        assert (page_bg < 0.2) is dark, (scheme, page_bg)
        assert abs(text - card_bg) > 0.5, (scheme, text, card_bg)  # the question reads


# ----- links that stop working, and names -----------------------------------------------------
def _banner(page: Page) -> str:
    return "" if page.is_hidden("#banner") else text_of(page, "#banner")


def new_assist_token(console: ConsoleProcess) -> str:
    made = console.post("/api/assist/token")
    assert made.status_code == 200, made.text
    return str(made.json()["token"])


def test_a_new_link_closes_only_the_panels_holding_the_old_one(
    console: ConsoleProcess, assistant: Callable[..., Assistant]
) -> None:
    """The producer's panel, opened with the API token, carries on when a new assistants' link
    is made; the assistant's, opened with the old one, is told and stops."""
    producer = assistant("制片")  # the API token
    helper = assistant("小王", token=new_assist_token(console))
    new_assist_token(console)  # the old assistants' link stops working now
    helper.page.wait_for_function(
        "() => document.querySelector('#banner').textContent.includes('链接已更换')",
        timeout=5000,
    )
    ingest(console, [{"platform": "douyin", "user": "新人", "text": "什么时候发货？"}])
    wait_for_cards([producer], 1)  # still live: it sees what came after the new link
    assert producer.page.get_attribute("body", "data-link") == "open"
    assert _banner(producer.page) == ""
    producer.watch.assert_clean()


def test_a_token_that_no_longer_works_says_so(
    obs: ObsProcess, console: ConsoleProcess, assistant: Callable[..., Assistant]
) -> None:
    """The console restarts without keeping the assistants' token (no keyring here): the panel
    says the token is wrong, as a 401 on any API call does, and stops trying, rather than
    "Reconnecting" for ever."""
    helper = assistant("小王", token=new_assist_token(console))
    page = helper.page
    assert console.stop() == 0
    page.wait_for_selector("body[data-link=closed]", state="attached", timeout=5000)
    again = ConsoleProcess(console.data_dir, obs.url, obs.password)
    again.port, again.base = console.port, console.base
    again.start()
    try:
        page.wait_for_selector("body[data-link=bad-token]", state="attached", timeout=20000)
        assert _banner(page) == "令牌无效 Wrong token: open the link from the console again"
        assert text_of(page, "#light") == "令牌无效 Wrong token"
        helper.watch.assert_clean()
    finally:
        code = again.stop()
        assert code in (0, None), f"livedesk exited with {code}:\n{again.log_tail()}"


def test_two_assistants_may_not_share_a_name(
    chromium: Browser, console: ConsoleProcess, assistant: Callable[..., Assistant]
) -> None:
    """Claims go by name: a second panel that gives a name another panel holds is asked for
    another, so two people never both see "Claimed by you"."""
    first = assistant("小王")
    context = chromium.new_context()
    try:
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(f"{console.base}/assist?token={TOKEN}")
        page.wait_for_selector("body[data-link=open]", state="attached", timeout=5000)
        page.fill("#name-input", "小王")
        page.click("#name-form button[type=submit]")
        wait_for_text(page, "#name-note", "已有其他助理在用")
        assert page.is_visible("#name-form")
        assert page.input_value("#name-input") == "小王"  # to edit into another
        assert page.is_hidden("#who-button")  # no name yet
        page.fill("#name-input", "小李")
        page.click("#name-form button[type=submit]")
        page.wait_for_selector("#name-form", state="hidden", timeout=5000)
        assert text_of(page, "#who-button").endswith("小李")
        listed = console.get("/api/assist").json()["assistants"]
        assert {"name": "小王", "sockets": 1} in listed, listed

        # 小李 renames to 小王: refused, and stays 小李
        page.click("#who-button")
        page.fill("#name-input", "小王")
        page.click("#name-form button[type=submit]")
        wait_for_text(page, "#name-note", "已有其他助理在用")
        assert text_of(page, "#who-button").endswith("小李")

        # 小王 claims: the other panel sees it claimed by someone else, not by "you"
        ingest(console, [{"platform": "douyin", "user": "a", "text": "多少钱？"}])
        wait_for_cards([first], 1)
        qid = first.visible_ids()[0]
        first.click(qid, "claim")
        page.wait_for_selector(f'#queue .card[data-id="{qid}"].is-theirs', timeout=5000)
        assert "claimed by 小王" in text_of(page, f'#queue .card[data-id="{qid}"] .who-line')
        watch.assert_clean()
    finally:
        context.close()
