"""Undo in the question queue: a dismiss taken back with Ctrl+Z or Reopen, a claim given back."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.audience import IncomingComment
from app.services.audience import Audience
from app.ui.queue_panel import QueuePanel
from tests.ui.conftest import QueueOpener, Until

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def queue(open_queue: QueueOpener) -> QueuePanel:
    return open_queue("小助手")


async def _two_questions(queue: QueuePanel, audience: Audience, until: Until) -> None:
    audience.ingest([IncomingComment("douyin", "a", "什么时候发货？"),
                     IncomingComment("douyin", "b", "有优惠券吗？"),
                     IncomingComment("douyin", "c", "有优惠券吗")])  # fmt: skip
    await until(lambda: len(queue.questions()) == 2)


async def test_a_mistaken_dismiss_is_undone_with_ctrl_z(
    queue: QueuePanel, audience: Audience, qtbot: Any, until: Until
) -> None:
    await _two_questions(queue, audience, until)
    top = queue.questions()[0]
    queue.table.setFocus()
    queue.select(top.id)
    qtbot.keyClick(queue.table, Qt.Key.Key_D)
    await until(lambda: top.id not in [q.id for q in queue.questions()])
    qtbot.keyClick(queue.table, Qt.Key.Key_Z, CTRL)
    await until(lambda: [q.id for q in queue.questions()][:1] == [top.id])
    assert queue.questions()[0].asked == 2  # its askers came back with it
    assert audience.queue.counts()["dismissed"] == 0
    qtbot.keyClick(queue.table, Qt.Key.Key_Z, CTRL)  # once: nothing more to undo
    assert audience.queue.counts() == {"open": 2, "claimed": 0, "answered": 0, "dismissed": 0}


async def test_reopen_on_the_dismissed_tab_and_give_back_a_claim(
    queue: QueuePanel, audience: Audience, qtbot: Any, until: Until
) -> None:
    await _two_questions(queue, audience, until)
    first = queue.questions()[0].id
    audience.act(first, "dismiss", "另一位助理")
    queue.set_state("dismissed")
    await until(lambda: [q.id for q in queue.questions()] == [first])
    queue.select(first)
    assert queue.dismiss_button.text() == "Reopen"
    qtbot.mouseClick(queue.dismiss_button, Qt.MouseButton.LeftButton)
    await until(lambda: audience.queue.counts()["dismissed"] == 0)
    queue.set_state("open")
    await until(lambda: len(queue.questions()) == 2)
    queue.select(first)
    assert (queue.claim_button.text(), queue.dismiss_button.text()) == ("Claim", "Dismiss")
    qtbot.mouseClick(queue.claim_button, Qt.MouseButton.LeftButton)
    await until(lambda: audience.queue.get(first).claimed_by == "小助手")
    queue.set_state("claimed")
    await until(lambda: [q.id for q in queue.questions()] == [first])
    queue.select(first)
    assert queue.claim_button.text() == "Give back"
    qtbot.mouseClick(queue.claim_button, Qt.MouseButton.LeftButton)
    await until(lambda: audience.queue.get(first).state.value == "open")
    await until(lambda: not queue.questions())
    assert queue.claim_button.text() == "Claim"
    assert audience.queue.get(first).claimed_by is None
