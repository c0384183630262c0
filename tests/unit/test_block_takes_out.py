"""Blocking a viewer takes them out of what they already joined, not only of what they say next:
the open lottery's entrants (they cannot win it), their vote in the open poll, the questions only
they asked (dismissed, whoever claimed them), and their comment or question on screen; each
logged, matched as the block matches comments, and kept out after a resume."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import Comment, IncomingComment
from app.domain.interaction.lottery import Lottery
from app.domain.interaction.poll import Poll
from app.domain.interaction.viewers import Viewer
from app.domain.moderation import BlockedViewer, Moderation
from app.services.audience import Audience
from app.services.event_bus import EventBus
from app.services.events import ViewerBlocked
from app.services.interaction import Interaction
from app.services.session import ShowRecorder
from app.services.show import Show
from tests.support.memory_log import (
    MemoryComments,
    MemoryInteractionViewers,
    MemoryLog,
    MemoryShowState,
)
from tests.unit.conftest import Clock

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
T0 = 1_700_000_000.0
BAD = BlockedViewer("douyin", None, "bad1")


def _audience(show: Show) -> Audience:
    assert show.audience is not None
    return show.audience


# ----- the match --------------------------------------------------------------------------------
ENTRIES = [
    BlockedViewer("douyin", None, "bad1"), BlockedViewer("", None, "bad1"),
    BlockedViewer("douyin", "坏人", None), BlockedViewer("", "坏人", None),
    BlockedViewer("douyin", "坏人", "bad1"),
]  # fmt: skip
VIEWERS = [
    ("douyin", "坏人", "bad1"), ("douyin", "改了名", "bad1"), ("bilibili", "坏人", "bad1"),
    ("douyin", "坏人", None), ("douyin", "坏人", "other"), ("kuaishou", "坏人", None),
    ("douyin", "好人", "good"),
]  # fmt: skip


@pytest.mark.parametrize("entry", ENTRIES, ids=BlockedViewer.as_text)
def test_an_entry_matches_a_viewer_as_the_block_list_matches_comments(
    entry: BlockedViewer,
) -> None:
    moderation = Moderation((), [entry], contacts=False)
    for platform, user, user_id in VIEWERS:
        assert entry.blocks(platform, user, user_id) == moderation.blocks_viewer(
            platform, user, user_id
        ), (platform, user, user_id)


# ----- the rules --------------------------------------------------------------------------------
def test_a_lottery_entrant_taken_out_cannot_enter_again_nor_be_drawn() -> None:
    lottery = Lottery(1, "福袋", 1, T0)
    for viewer in (Viewer("douyin", "坏人", "bad1"), Viewer("douyin", "小明", "d1")):
        assert lottery.enter(viewer)
    gone = lottery.remove(lambda v: BAD.blocks(v.platform, v.user, v.user_id))
    assert gone == [Viewer("douyin", "坏人", "bad1")]
    assert not lottery.enter(Viewer("douyin", "改了名", "bad1"))
    assert lottery.draw("seed").winners == (Viewer("douyin", "小明", "d1"),)
    assert lottery.remove(lambda _v: True) == []  # drawn: the draw stands


def test_a_vote_withdrawn_leaves_the_counts_and_a_closed_poll_is_left_as_it_closed() -> None:
    poll = Poll(1, "哪个?", ("a", "b"), T0)
    poll.cast(Viewer("douyin", "坏人", "bad1"), 0)
    poll.cast(Viewer("douyin", "小明", "d1"), 0)
    assert poll.withdraw(lambda v: v.user_id == "bad1") == [(Viewer("douyin", "坏人", "bad1"), 0)]
    assert (poll.counts, poll.voters) == ([1, 0], 1)
    poll.close(T0 + 1)
    assert poll.withdraw(lambda _v: True) == []
    assert poll.counts == [1, 0]


# ----- the service ------------------------------------------------------------------------------
def _a_busy_room(show: Show) -> tuple[Lottery, Poll, list[Comment]]:
    """坏人 enters the lottery, votes, asks two questions of their own and joins 小明's; one of
    theirs is claimed by an assistant and the other put on screen."""
    audience = _audience(show)
    lottery = show.interaction.open_lottery("福袋", 1)
    poll = show.interaction.open_poll("哪个颜色?", ["红", "蓝"])
    said = audience.ingest([
        IncomingComment("douyin", "坏人", "福袋", user_id="bad1"),
        IncomingComment("douyin", "坏人", "1", user_id="bad1"),
        IncomingComment("douyin", "坏人", "这个多少钱？", user_id="bad1"),
        IncomingComment("douyin", "坏人", "能便宜点吗？", user_id="bad1"),
        IncomingComment("douyin", "小明", "福袋", user_id="d1"),
        IncomingComment("douyin", "小明", "2", user_id="d1"),
        IncomingComment("douyin", "小明", "有优惠吗？", user_id="d1"),
        IncomingComment("douyin", "坏人", "有优惠吗？", user_id="bad1"),
    ])  # fmt: skip
    assert show.interaction.lottery(lottery.id).entrants == 2
    assert show.interaction.poll(poll.id).counts == (1, 1)
    claimed = next(q for q in audience.queue.listing("open") if q.text == "能便宜点吗？")
    audience.act(claimed.id, "claim", "助理A")
    audience.feature_comment(said[2].id)
    return lottery, poll, said


def test_a_blocked_viewer_leaves_the_lottery_the_poll_the_queue_and_the_screen(
    show: Show, memory_log: MemoryLog
) -> None:
    audience = _audience(show)
    lottery, poll, _said = _a_busy_room(show)
    audience.block(platform="douyin", user_id="bad1")

    assert show.interaction.lottery(lottery.id).entrants == 1
    assert show.interaction.draw(lottery.id).winners == (Viewer("douyin", "小明", "d1"),)
    removed = memory_log.of_kind(kinds.LOTTERY_REMOVE)
    assert [(e.data["id"], e.data["user_id"], e.data["reason"]) for e in removed] == [
        (lottery.id, "bad1", "blocked")
    ]
    assert show.interaction.poll(poll.id).counts == (0, 1)
    assert show.interaction.poll(poll.id).voters == 1
    [withdrawn] = [e.data for e in memory_log.of_kind(kinds.POLL_WITHDRAW)]
    assert (withdrawn["id"], withdrawn["option"], withdrawn["counts"]) == (poll.id, 0, [0, 1])
    # theirs are dismissed (the claimed one too); the one 小明 asked as well stays
    assert [(q.text, q.asked) for q in audience.queue.listing("open")] == [("有优惠吗？", 2)]
    assert audience.queue.listing("claimed") == []
    dismissed_texts = sorted(q.text for q in audience.queue.listing("dismissed"))
    assert dismissed_texts == ["能便宜点吗？", "这个多少钱？"]
    dismissed = [e.data for e in memory_log.entries if e.kind == "question.dismiss"]
    assert [(d["state"], d["reason"]) for d in dismissed] == [("dismissed", "blocked")] * 2
    assert show.overlays.featured is None
    assert memory_log.of_kind(kinds.FEATURED_HIDE)[-1].data["origin"] == "block"


def test_another_viewers_featured_comment_stays_and_a_name_block_reaches_every_platform(
    show: Show, memory_log: MemoryLog
) -> None:
    audience = _audience(show)
    lottery = show.interaction.open_lottery("福袋", 3)
    said = audience.ingest([
        IncomingComment("douyin", "捣乱的", "福袋"), IncomingComment("bilibili", "捣乱的", "福袋"),
        IncomingComment("douyin", "小明", "主播看这里？", user_id="d1"),
    ])  # fmt: skip
    audience.feature_comment(said[2].id)
    audience.block("捣乱的")
    assert show.interaction.lottery(lottery.id).entrants == 0
    assert len(memory_log.of_kind(kinds.LOTTERY_REMOVE)) == 2
    assert show.overlays.featured is not None
    assert show.overlays.featured.user == "小明"
    assert audience.queue.listing("open")[0].text == "主播看这里？"


# ----- the route --------------------------------------------------------------------------------
@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_the_block_route_takes_them_out_of_what_they_joined(
    client: TestClient, show: Show
) -> None:
    async def post(path: str, body: dict[str, object]) -> dict[str, object]:
        answer = await client.post(path, json=body, headers=AUTH)
        assert answer.status == 200, await answer.text()
        found: dict[str, object] = await answer.json()
        return found

    lottery = await post("/api/lottery", {"keyword": "福袋"})
    poll = await post("/api/poll", {"question": "q", "options": ["a", "b"]})
    batch = [{"platform": "douyin", "user": "坏人", "user_id": "bad1", "text": text}
             for text in ("福袋", "1", "这个多少钱？")]  # fmt: skip
    assert (await client.post("/ingest", json=batch, headers=AUTH)).status == 200
    comments = (await (await client.get("/api/comments", headers=AUTH)).json())["comments"]
    await post("/api/overlay/featured", {"comment_id": comments[-1]["id"]})
    entered = await (await client.get(f"/api/lottery/{lottery['id']}", headers=AUTH)).json()
    asked = (await (await client.get("/api/questions", headers=AUTH)).json())["questions"]
    assert (entered["entrants"], len(asked)) == (1, 1)

    await post("/api/moderation/block", {"platform": "douyin", "user_id": "bad1"})
    shown = await (await client.get(f"/api/lottery/{lottery['id']}", headers=AUTH)).json()
    assert shown["entrants"] == 0
    counted = await (await client.get(f"/api/poll/{poll['id']}", headers=AUTH)).json()
    assert (counted["counts"], counted["voters"]) == ([0, 0], 0)
    assert (await (await client.get("/api/questions", headers=AUTH)).json())["questions"] == []
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["overlay"]["featured"] is None
    drawn = await (await client.post(f"/api/lottery/{lottery['id']}/draw", headers=AUTH)).json()
    assert drawn["winners"] == []


# ----- resume -----------------------------------------------------------------------------------
async def test_after_a_resume_the_blocked_viewer_is_still_out(clock: Clock) -> None:
    """The vote taken back is a stored ballot of None, the entrant an exclusion the kept part
    holds: the viewers read back from the store leave them out."""
    viewers = MemoryInteractionViewers()
    states = MemoryShowState(MemoryComments(), viewers)

    async def running(bus: EventBus) -> Interaction:
        recorder = ShowRecorder(MemoryLog(), bus, clock=clock)
        await recorder.start("福袋")
        return Interaction(recorder, bus, clock=clock, viewers=viewers)

    bus = EventBus()
    first = await running(bus)
    lottery_id = first.open_lottery("福袋", 1).id
    poll_id = first.open_poll("哪个?", ["a", "b"]).id
    first.take([Comment(n, "douyin", user, text, T0 + n, user_id=uid) for n, (user, uid, text)
                in enumerate([("坏人", "bad1", "福袋"), ("坏人", "bad1", "1"),
                              ("小明", "d1", "福袋"), ("小明", "d1", "2")], 1)])  # fmt: skip
    bus.publish(ViewerBlocked("bad1", BAD))  # as Audience.block tells it
    was = first.state()
    assert was.lottery is not None
    assert was.poll is not None
    assert (was.lottery.entrants, was.poll.counts) == (1, (0, 1))
    header = json.loads(json.dumps(first.snapshot()))

    second = await running(EventBus())
    rows, last_id = await states.load_interaction_viewers(1, [lottery_id, poll_id])
    second.restore(header, rows, last_id)
    assert second.state() == was
    assert second.draw(lottery_id).winners == (Viewer("douyin", "小明", "d1"),)
