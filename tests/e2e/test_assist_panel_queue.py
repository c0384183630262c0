"""What the assistants' panel (/assist) lists, in headless Chromium against the console's web
server run in this process (tests/support/assist_server.py: no OBS needed):

* with more questions than it shows, the claimed ones are all there (one's own above all), the
  open tab shows the top of the queue in the server's order (buying first, then most asked,
  then oldest), a new question shows in its place, and the tabs count what the server counts;
* the 「已上屏 On air」 badge says what is on screen now (the question's "on_air"), not that the
  question was featured once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import requests

from app.adapters.web.common import ASSIST_KEY
from tests.support.assist_pages import PHONE, Assistant, AssistantOpener
from tests.support.assist_server import TOKEN, AssistServer
from tests.support.browser import text_of

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Route

BUYING = "稳定器现在下单多少钱？还有货吗？"
SHOWN = 300  # the open questions the panel shows (assist.js OPEN_LIMIT)


def _wait_count(a: Assistant, tab: str, count: int) -> None:
    a.page.wait_for_function(
        "([sel, n]) => document.querySelector(sel).textContent === n",
        arg=[f'[data-count="{tab}"]', str(count)], timeout=10_000,
    )  # fmt: skip


def _wait_first(a: Assistant, qid: int) -> None:
    a.page.wait_for_function(
        "id => document.querySelector('#queue .card:not([hidden])')?.dataset.id === String(id)",
        arg=qid, timeout=10_000,
    )  # fmt: skip


def test_many_questions_keep_every_claim_the_queues_order_and_the_servers_counts(
    server: AssistServer, opener: AssistantOpener
) -> None:
    server.ask([f"第{n}个问题：这个怎么用？" for n in range(300)])
    a = opener.open("小王", PHONE, token=TOKEN)
    _wait_count(a, "open", 300)
    mine = a.visible_ids()[0]
    a.click(mine, "claim")
    a.wait(a.card(mine, ".is-mine"))

    # 600 more questions, each asked by two viewers: they all outrank the claimed one.
    texts = [f"第{n}个问题：镜头怎么调？" for n in range(600)]
    server.ingest([{"platform": "douyin", "user": f"{who}{i}", "text": text}
                   for i, text in enumerate(texts) for who in ("甲", "乙")])  # fmt: skip
    counts = server.get("/api/questions")["counts"]
    assert (counts["open"], counts["claimed"]) == (899, 1)
    _wait_count(a, "open", 900)  # the server's counts, not the cards listed
    _wait_count(a, "mine", 1)
    assert a.page.is_visible(a.card(mine))
    assert "共 899 个待答" in text_of(a.page, "#more")

    # A buying question asked once, the newest of all: at the top, as the server ranks it.
    server.ask([BUYING], "新观众")
    buying = server.by_text(BUYING)["id"]
    _wait_first(a, buying)
    _wait_count(a, "open", 901)
    top = [q["id"] for q in server.get(f"/api/questions?state=open&limit={SHOWN}")["questions"]]
    a.page.wait_for_function(
        "n => document.querySelectorAll('#queue .card[data-state=open]:not([hidden])').length"
        " === n",
        arg=SHOWN, timeout=10_000,
    )  # fmt: skip
    shown = [qid for qid in a.visible_ids() if qid != mine]
    assert shown == top
    assert top[0] == buying

    # An ordinary question asked once now is below the top: counted, not shown.
    server.ask(["今晚的直播有回放吗？"], "又一个")
    _wait_count(a, "open", 902)
    late = server.by_text("今晚的直播有回放吗？")["id"]
    assert late not in a.visible_ids()

    # 我的 Mine: the claim, whatever else comes.
    a.tab("mine")
    assert a.visible_ids() == [mine]
    a.click(mine, "release")
    _wait_count(a, "mine", 0)
    assert server.questions()[mine]["claimed_by"] is None
    a.watch.assert_clean()


def test_buying_questions_are_listed_first(server: AssistServer, opener: AssistantOpener) -> None:
    plain = ["主播是哪里人？", "人像用什么焦段？", "直播间为什么这么卡？", "今天讲什么？"]
    server.ask(plain)
    server.ask(["人像用什么焦段？"], "又问")  # asked twice
    server.ask([BUYING], "买家")
    a = opener.open("小王", token=TOKEN)
    _wait_count(a, "open", 5)
    expected = [q["id"] for q in server.get("/api/questions?state=open")["questions"]]
    assert expected[0] == server.by_text(BUYING)["id"]
    assert a.visible_ids() == expected


def test_the_on_air_badge_shows_only_what_is_on_screen(
    server: AssistServer, opener: AssistantOpener
) -> None:
    server.ask(["多少钱？", "有回放吗", "包邮吗？"])
    ids = {text: server.by_text(text)["id"] for text in ("多少钱？", "有回放吗", "包邮吗？")}
    on_air, off_air, once = ids["多少钱？"], ids["有回放吗"], ids["包邮吗？"]
    server.post(f"/api/questions/{once}", {"action": "feature", "by": "制片"})  # featured once

    def said(route: Route) -> None:
        """The server's list, each question saying whether it is on screen now (or, for the one
        featured once, nothing about it)."""
        response = route.fetch()
        data: dict[str, Any] = response.json()
        for q in data["questions"]:
            q["on_air"] = q["id"] == on_air
            if q["id"] == once:
                del q["on_air"]
        route.fulfill(response=response, json=data)

    a = opener.open("小王", token=TOKEN)
    a.page.route(lambda url: "/api/questions?" in url, said)
    server.ask(["怎么买？"])  # a change: the panel reads the list again
    a.wait(a.card(server.by_text("怎么买？")["id"]))
    a.page.wait_for_selector(a.card(on_air, " .on-air:not([hidden])"), timeout=5000)
    assert a.page.is_hidden(a.card(off_air, " .on-air"))
    assert a.page.is_hidden(a.card(once, " .on-air"))
    assert text_of(a.page, a.card(once, " [data-action=feature]")) == "再上屏 Again"
    a.watch.assert_clean()


def test_the_on_air_badge_follows_the_screen(server: AssistServer, opener: AssistantOpener) -> None:
    """Against the server's own "on_air": featured, replaced by another, taken down."""
    server.ask(["多少钱？", "有回放吗"])
    first, second = server.by_text("多少钱？")["id"], server.by_text("有回放吗")["id"]
    if "on_air" not in server.questions()[first]:
        pytest.skip("this server does not say which question is on air")
    a = opener.open("小王", token=TOKEN)
    badge = " .on-air:not([hidden])"
    server.post(f"/api/questions/{first}", {"action": "feature", "by": "小李"})
    a.wait(a.card(first, badge))
    server.post(f"/api/questions/{second}", {"action": "feature", "by": "小李"})
    a.wait(a.card(second, badge))
    a.page.wait_for_selector(a.card(first, " .on-air"), state="hidden", timeout=5000)
    answer = requests.delete(f"{server.base}/api/overlay/featured", headers=server.headers(),
                             timeout=10)  # fmt: skip
    assert answer.status_code == 200, answer.text
    a.page.wait_for_selector(a.card(second, " .on-air"), state="hidden", timeout=5000)
    assert a.page.is_hidden(a.card(first, " .on-air"))
    assert text_of(a.page, a.card(first, " [data-action=feature]")) == "再上屏 Again"
    a.watch.assert_clean()


def test_blocking_a_question_typed_in_without_a_name_blocks_that_entry_alone(
    server: AssistServer, opener: AssistantOpener
) -> None:
    """Douyin has no feed: assistants type in what viewers ask, often without a name. 拉黑 on
    one of those blocks that entry (its own id), not the name 观众 every such entry shows."""
    typed = ("你们这是骗人的吧？", "训练营报名后可以退款吗？")

    def add() -> None:
        assert server.show is not None
        assert server.show.audience is not None
        assert server.app is not None
        server.app[ASSIST_KEY].allow_helping(True)  # Settings: assistants may block viewers
        for text in typed:
            server.show.audience.add_manual("", text, "douyin")

    server.call(add)
    rude = server.by_text(typed[0])
    a = opener.open("小王", PHONE, token=TOKEN)
    a.wait(a.card(rude["id"]))
    a.page.click(a.card(rude["id"], ' [data-action="block helps"]'))

    def blocked() -> list[tuple[str | None, str | None]]:
        assert server.show is not None
        assert server.show.audience is not None
        return [(v.user, v.user_id) for v in server.show.audience.moderation.viewers]

    a.page.wait_for_function(
        "id => !document.querySelector(`#queue .card[data-id=\"${id}\"]:not([hidden])`)",
        arg=rude["id"], timeout=10_000,
    )  # fmt: skip
    assert server.call(blocked) == [(None, rude["asker_id"])]
    assert server.by_text(typed[1])["state"] == "open"
