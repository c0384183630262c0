"""The assistants' panel (/assist) across a console restart, in headless Chromium against the
console's web server run in this process (tests/support/assist_server.py: no OBS needed). Question
and interaction ids start at 1 again every run of the console:

* a panel whose link is down, or that has not read the list again since it came back, does not
  act on its cards (they may name other viewers' questions now); once it has read the list, its
  buttons act on what its cards show, and it sends the run its list is from;
* after the restart the Interaction tab shows the new run's poll and lottery, and none where the
  new run has none yet, whatever the ids of the old ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.adapters.web.common import ASSIST_KEY
from tests.support.assist_pages import AssistantOpener, wait_for_cards
from tests.support.assist_server import TOKEN, AssistServer
from tests.support.browser import text_of, wait_for_text

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Request, Route

PHONE = {"width": 390, "height": 844}
BEFORE = ["老师，ISO 设多少合适？", "夜景怎么拍不糊？", "人像用什么焦段？"]
AFTER = ["主播是哪里人？", "主播结婚了吗？", "直播间为什么这么卡？"]
STALE = "列表不是最新的，请等待重新连接 The list is not up to date: wait for the panel to reconnect"
NEW_RUN = "控制台已重启，问题列表已重新读取 The console restarted: the question list was read again"
NONE_YET = "本场还没有 None yet"


def _is_open_read(url: str) -> bool:
    return "/api/questions?state=open" in url


def test_a_panel_across_a_restart_acts_only_on_what_its_cards_show(
    server: AssistServer, opener: AssistantOpener
) -> None:
    server.ask(BEFORE, "老观众")
    a = opener.open("小王", PHONE, token=TOKEN)
    wait_for_cards([a], 3)
    old = server.by_text(BEFORE[1])["id"]
    feature = a.card(old, " [data-action=feature]")
    assert not a.page.is_disabled(feature)

    # The console goes away: the panel's cards stay, their buttons do nothing.
    server.stop()
    a.page.wait_for_selector("body[data-link=closed]", state="attached", timeout=5000)
    for action in ("claim", "answer", "dismiss", "feature"):
        assert a.page.is_disabled(a.card(old, f" [data-action={action}]")), action

    # It comes back, a new show starts and new viewers ask (ids from 1 again); the panel
    # reconnects, its read of the list held back: it still shows the old cards.
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    a.page.route(_is_open_read, hold)
    server.start()
    server.ask(AFTER, "新观众")
    assert server.by_text(AFTER[1])["id"] == old  # the card's id names another question now
    a.page.wait_for_selector("body[data-link=open]", state="attached", timeout=15000)
    for _ in range(100):
        if held:
            break
        a.page.wait_for_timeout(50)
    assert held
    assert text_of(a.page, a.card(old, " .q-text")) == BEFORE[1]
    assert a.page.is_disabled(feature)
    posted: list[Request] = []
    a.page.on("request", lambda r: posted.append(r) if r.method == "POST" else None)
    a.page.eval_on_selector(feature, "n => { n.disabled = false; n.click(); }")  # as if in time
    assert wait_for_text(a.page, a.card(old, " .message"), "列表不是最新的") == STALE
    assert posted == []
    assert server.call(lambda: server.show.overlays.featured) is None  # type: ignore[union-attr]

    # The list is read: the old cards are gone, the new ones are there, and the assistant is told.
    for route in held:
        route.continue_()
    a.page.unroute(_is_open_read)
    a.page.wait_for_function(
        "([sel, text]) => document.querySelector(sel)?.textContent === text",
        arg=[a.card(old, " .q-text"), AFTER[1]], timeout=5000,
    )  # fmt: skip
    wait_for_cards([a], 3)
    assert sorted(text_of(a.page, a.card(q, " .q-text")) for q in a.visible_ids()) == sorted(AFTER)
    assert text_of(a.page, "#banner") == NEW_RUN

    # Now 上屏 puts on air the question the card shows, and says which run it read it in.
    run = server.get("/api/questions")["run"]
    with a.page.expect_request(lambda r: r.method == "POST") as sent:
        a.click(old, "feature")
    assert sent.value.post_data_json == {"action": "feature", "by": "小王", "run": run}
    wait_for_text(a.page, a.card(old, " .message"), "已上屏")
    featured = server.call(lambda: server.show.overlays.featured)  # type: ignore[union-attr]
    assert featured is not None
    assert featured.text == AFTER[1]
    a.watch.assert_clean()


def test_after_a_restart_the_interaction_tab_shows_the_new_runs(
    server: AssistServer, opener: AssistantOpener
) -> None:
    a = opener.open("小王", PHONE, token=TOKEN)
    a.tab("interaction")
    for n in (1, 2, 3):
        server.post("/api/poll", {"question": f"旧投票{n}", "options": ["A", "B"]})
    server.post("/api/lottery", {"keyword": "旧福袋"})
    wait_for_text(a.page, "#poll-question", "旧投票3")
    wait_for_text(a.page, "#lottery-keyword", "旧福袋")

    # Restarted, and a poll opened at once (before or after the panel is back: either way).
    server.restart()
    opened = server.post("/api/poll", {"question": "新投票：今晚想学人像还是风光？",
                                       "options": ["人像", "风光"]})  # fmt: skip
    assert opened["id"] == 1
    server.ingest([{"platform": "douyin", "user": u, "user_id": u, "text": v}
                   for u, v in (("a", "1"), ("b", "2"), ("c", "1"))])  # fmt: skip
    a.page.wait_for_selector("body[data-link=open]", state="attached", timeout=15000)
    wait_for_text(a.page, "#poll-question", "新投票")
    wait_for_text(a.page, "#poll-voters", "3 ")
    wait_for_text(a.page, "#lottery-state", NONE_YET)  # this run has none yet
    assert a.page.is_hidden("#lottery-current")

    # Within the run, a later poll replaces the earlier; the new run's lottery shows.
    server.post("/api/poll", {"question": "再来一个", "options": ["是", "否"]})
    wait_for_text(a.page, "#poll-question", "再来一个")
    server.post("/api/lottery", {"keyword": "新福袋"})
    wait_for_text(a.page, "#lottery-keyword", "新福袋")

    # Restarted with nothing run yet: none of the old ones stays.
    server.restart()
    wait_for_text(a.page, "#poll-state", NONE_YET, timeout=15000)
    wait_for_text(a.page, "#lottery-state", NONE_YET)
    assert a.page.is_hidden("#poll-current")
    a.watch.assert_clean()


def _gift(server: AssistServer, user: str) -> None:
    server.ingest([{"platform": "bilibili", "kind": "gift", "user": user, "gift": "辣条",
                    "count": 1, "value": 1, "currency": "CNY"}])  # fmt: skip


def _helps(server: AssistServer) -> None:
    """The host's leave for the panel to mark thanks (Settings; off by default)."""
    assert server.app is not None
    server.app[ASSIST_KEY].allow_helping(True)


def test_a_thanks_card_from_before_a_restart_clears_nobody_else(
    server: AssistServer, opener: AssistantOpener
) -> None:
    """Thanks ids start at 1 again after a restart: 已感谢 on a card the panel still shows from
    before is refused by the console (the run it was read in is sent with it), and the viewer
    who has that id now still waits to be thanked."""
    _helps(server)
    _gift(server, "小红")
    a = opener.open("小王", PHONE, token=TOKEN)
    a.page.click('.tab[data-tab="thanks"]')
    old = server.get("/api/thanks")
    card = f'#thanks .thanks-card[data-id="{old["thanks"][0]["id"]}"]'
    a.wait(card)

    held: list[Route] = []
    a.page.route(lambda url: "/api/thanks?" in url, lambda route: held.append(route))
    server.restart()
    _helps(server)
    _gift(server, "土豪")  # the same id as 小红's, in the new run
    a.page.wait_for_selector("body[data-link=open]", state="attached", timeout=15000)
    for _ in range(100):
        if held:
            break
        a.page.wait_for_timeout(50)
    assert held  # the panel's read of the thanks list is held back: it still shows 小红
    with a.page.expect_response(lambda r: r.request.method == "POST") as answered:
        a.page.click(card + " [data-action=thanked]")
    assert answered.value.request.post_data_json == {"action": "thanked", "run": old["run"]}
    assert answered.value.status == 409
    assert server.get("/api/thanks")["pending"] == 1  # 土豪 still waits
