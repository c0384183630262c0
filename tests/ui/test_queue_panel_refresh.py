"""The queue panel only re-sets the cells whose text changed: what it shows must still follow
every change (rows moving, counts, states, rows going)."""

from __future__ import annotations

import pytest

from app.domain.audience import IncomingComment
from app.services.audience import Audience
from app.ui.platform_names import platform_name
from app.ui.question_table import ASKED, PLATFORM, STATE, TEXT
from app.ui.queue_panel import QueuePanel
from tests.ui.conftest import QueueOpener, Until


@pytest.fixture
def queue(open_queue: QueueOpener) -> QueuePanel:
    return open_queue("小助手")


def shown(queue: QueuePanel) -> list[tuple[str, str, str, str]]:
    table = queue.table
    return [(table.item(r, ASKED).text(), table.item(r, TEXT).text(),
             table.item(r, PLATFORM).text(), table.item(r, STATE).text())
            for r in range(table.rowCount())]  # fmt: skip


def expected(queue: QueuePanel) -> list[tuple[str, str, str, str]]:
    return [(f"×{q.asked}", q.text, platform_name(q.platform), q.state)
            for q in queue.questions()]  # fmt: skip


async def test_the_table_follows_rows_that_move_change_and_go(
    queue: QueuePanel, audience: Audience, until: Until
) -> None:
    audience.ingest([IncomingComment("douyin", "a", "什么时候发货？"),
                     IncomingComment("kuaishou", "b", "有优惠券吗？")])  # fmt: skip
    await until(lambda: len(queue.questions()) == 2)
    assert shown(queue) == expected(queue)
    first_tip = queue.table.item(0, TEXT).toolTip()
    assert "什么时候发货" in first_tip
    audience.ingest([IncomingComment("douyin", "c", "有优惠券吗"),
                     IncomingComment("douyin", "d", "有优惠券吗？")])  # fmt: skip
    await until(lambda: queue.questions()[0].asked == 3)
    assert shown(queue) == expected(queue)  # 优惠券 moved up: both rows re-set
    assert queue.table.item(0, TEXT).text() == "有优惠券吗？"
    assert "什么时候发货" in queue.table.item(1, TEXT).toolTip()
    top = queue.questions()[0].id
    audience.act(top, "dismiss", "小助手")
    await until(lambda: len(queue.questions()) == 1)
    assert queue.table.rowCount() == 1
    assert shown(queue) == expected(queue)
    queue.set_state("all")
    await until(lambda: len(queue.questions()) == 2)
    assert shown(queue) == expected(queue)
    assert sorted(row[3] for row in shown(queue)) == ["dismissed", "open"]


async def test_blocking_a_question_typed_in_without_a_name_blocks_that_entry_alone(
    queue: QueuePanel, audience: Audience, until: Until
) -> None:
    rude = audience.add_manual("", "你们这是骗人的吧？", "douyin")
    audience.add_manual("", "训练营报名后可以退款吗？", "douyin")
    await until(lambda: len(queue.questions()) == 2)
    card = next(q for q in queue.questions() if q.text == "你们这是骗人的吧？")
    queue.block_asker(card)
    await until(lambda: len(queue.questions()) == 1)
    assert [q.text for q in queue.questions()] == ["训练营报名后可以退款吗？"]
    assert [(v.user, v.user_id) for v in audience.moderation.viewers] == [(None, rude.user_id)]
    later = audience.add_manual("", "下单后几天发货？", "douyin")
    assert not later.blocked
