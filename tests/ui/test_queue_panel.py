"""The question queue over a Show on FakeObs: questions in through show.audience.ingest; keys and
clicks in; the queue's states, the clipboard and the overlays out."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.domain.audience import IncomingComment, Question
from app.domain.faq import FaqEntry
from app.services.audience import Audience
from app.services.show import Show
from app.ui.main_window import MainWindow
from app.ui.question_table import ASKED, RESPONSE, TEXT
from app.ui.queue_panel import QueuePanel
from tests.ui.conftest import ErrorRelay, QueueOpener, Until

ASSISTANT = "小助手"
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def queue(open_queue: QueueOpener) -> QueuePanel:
    return open_queue(ASSISTANT, size=(900, 400))


def ask(audience: Audience, *comments: tuple[str, str]) -> None:
    audience.ingest([IncomingComment("douyin", user, text) for user, text in comments])


def three_questions(audience: Audience) -> None:
    """发货 asked once, 多少钱 three times, 优惠券 twice."""
    ask(audience, ("a", "什么时候发货？"), ("b", "这个多少钱？"), ("c", "有优惠券吗？"),
        ("d", "这个多少钱啊"), ("e", "有优惠券吗"), ("f", "请问这个多少钱"))  # fmt: skip


def state_of(audience: Audience, text: str) -> Question:
    return next(q for q in audience.queue.listing("all") if q.text.startswith(text))


async def _focus(widget: QWidget, until: Until) -> None:
    widget.window().activateWindow()
    await until(widget.window().isActiveWindow)
    widget.setFocus()
    await until(widget.hasFocus)


async def test_questions_are_listed_most_asked_first(
    queue: QueuePanel, audience: Audience, until: Until
) -> None:
    three_questions(audience)
    await until(lambda: len(queue.questions()) == 3)
    assert [q.asked for q in queue.questions()] == [3, 2, 1]
    table = queue.table
    assert [table.item(r, ASKED).text() for r in range(3)] == ["×3", "×2", "×1"]
    assert table.item(0, TEXT).text() == "这个多少钱？"
    assert "Open 3" in queue.state_tabs.tabText(0)
    assert queue.selected() is not None
    assert queue.selected().asked == 3


async def test_keyboard_claim_answer_dismiss_feature(
    queue: QueuePanel, audience: Audience, show: Show, qtbot: Any, until: Until
) -> None:
    three_questions(audience)
    await until(lambda: len(queue.questions()) == 3)
    table = queue.table
    await _focus(table, until)
    qtbot.keyClick(table, Qt.Key.Key_C)
    await until(lambda: state_of(audience, "这个多少钱").state.value == "claimed")
    assert state_of(audience, "这个多少钱").claimed_by == ASSISTANT
    await until(lambda: len(queue.questions()) == 2)  # the open tab lists the other two

    queue.set_state("claimed")
    await until(lambda: len(queue.questions()) == 1)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter: to the answer box
    await until(queue.answer_edit.hasFocus)
    queue.answer_edit.setPlainText("39.9 元，点小黄车 1 号链接")
    qtbot.keyClick(queue.answer_edit, Qt.Key.Key_Return, CTRL)
    await until(lambda: state_of(audience, "这个多少钱").state.value == "answered")
    answered = state_of(audience, "这个多少钱")
    assert answered.answered_by == ASSISTANT
    assert answered.answer == "39.9 元，点小黄车 1 号链接"

    queue.set_state("open")
    await until(lambda: [q.asked for q in queue.questions()] == [2, 1])
    await _focus(table, until)
    queue.select(state_of(audience, "什么时候发货").id)
    qtbot.keyClick(table, Qt.Key.Key_D)
    await until(lambda: state_of(audience, "什么时候发货").state.value == "dismissed")
    await until(lambda: len(queue.questions()) == 1)
    qtbot.keyClick(table, Qt.Key.Key_F)  # the one left: 优惠券
    await until(lambda: state_of(audience, "有优惠券").featured)
    assert show.overlays.featured is not None
    assert show.overlays.featured.text == "有优惠券吗？"
    qtbot.keyClick(table, Qt.Key.Key_A)  # answered without text
    await until(lambda: state_of(audience, "有优惠券").state.value == "answered")

    queue.set_state("answered")
    await until(lambda: len(queue.questions()) == 2)
    assert all(queue.table.item(r, RESPONSE).text().endswith("s") for r in range(2))
    assert queue.state_tabs.tabText(2).endswith("2")


async def test_ctrl_l_claims_and_wrong_state_reaches_the_user(
    queue: QueuePanel, audience: Audience, user_errors: ErrorRelay, qtbot: Any, until: Until
) -> None:
    ask(audience, ("a", "几点开始？"))
    await until(lambda: len(queue.questions()) == 1)
    question = state_of(audience, "几点开始")
    audience.act(question.id, "claim", "另一位助手")
    await until(lambda: queue.questions() == [] or queue.questions()[0].state == "claimed")
    queue.set_state("all")
    await until(lambda: len(queue.questions()) == 1)
    await _focus(queue.table, until)
    qtbot.keyClick(queue.table, Qt.Key.Key_L, CTRL)
    await until(lambda: bool(user_errors.messages))
    assert "另一位助手" in user_errors.messages[-1]
    assert state_of(audience, "几点开始").claimed_by == "另一位助手"


async def test_suggested_answer_is_prefilled_and_copied(
    queue: QueuePanel, audience: Audience, qtbot: Any, until: Until
) -> None:
    audience.set_faq((FaqEntry("价格", ("多少钱", "价格"), "今天直播间 39.9 元"),))  # this show's
    ask(audience, ("a", "这个多少钱？"), ("b", "这个多少钱"), ("c", "什么时候发货？"))
    await until(lambda: len(queue.questions()) == 2)
    assert queue.selected() is not None
    assert queue.selected().asked == 2
    assert queue.answer_edit.toPlainText() == "今天直播间 39.9 元"

    QGuiApplication.clipboard().clear()
    await _focus(queue.table, until)
    qtbot.keyClick(queue.table, Qt.Key.Key_C, CTRL | SHIFT)
    await until(lambda: QGuiApplication.clipboard().text() == "今天直播间 39.9 元")

    qtbot.keyClick(queue.table, Qt.Key.Key_Down)
    await until(lambda: queue.selected() is not None and queue.selected().asked == 1)
    assert queue.answer_edit.toPlainText() == ""  # no suggestion for 发货

    qtbot.keyClick(queue.table, Qt.Key.Key_Up)
    await until(lambda: queue.answer_edit.toPlainText() == "今天直播间 39.9 元")
    qtbot.mouseClick(queue.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "今天直播间 39.9 元"

    # typed in the answer box, Ctrl+Shift+C copies what was typed (nothing on air: not a live
    # key kept from text fields)
    QGuiApplication.clipboard().clear()
    await _focus(queue.answer_edit, until)
    queue.answer_edit.setPlainText("今天 39 元包邮")
    qtbot.keyClick(queue.answer_edit, Qt.Key.Key_C, CTRL | SHIFT)
    await until(lambda: QGuiApplication.clipboard().text() == "今天 39 元包邮")


async def test_manual_entry(
    queue: QueuePanel, audience: Audience, qtbot: Any, until: Until
) -> None:
    queue.platform_combo.setCurrentText("kuaishou")
    queue.viewer_edit.setText("电话里的观众")
    queue.text_edit.setText("课程有回放吗？")
    qtbot.mouseClick(queue.add_button, Qt.MouseButton.LeftButton)
    await until(lambda: len(queue.questions()) == 1)
    question = queue.questions()[0]
    assert question.platform == "kuaishou"
    assert question.askers == ("电话里的观众",)
    await until(lambda: queue.text_edit.text() == "")
    # picked by the name the list shows: its id is what is saved
    queue.platform_combo.setCurrentIndex(queue.platform_combo.findData("bilibili"))
    assert queue.platform_combo.currentText() == "Bilibili"
    queue.viewer_edit.setText("B站观众")
    queue.text_edit.setText("有字幕吗？")
    qtbot.mouseClick(queue.add_button, Qt.MouseButton.LeftButton)
    await until(lambda: len(queue.questions()) == 2)
    assert {q.text: q.platform for q in queue.questions()}["有字幕吗？"] == "bilibili"


async def test_queue_keys_only_while_the_questions_tab_is_shown(
    window: MainWindow, show: Show, qtbot: Any, until: Until
) -> None:
    audience = show.audience
    assert audience is not None
    assert window.audience_dock is not None
    ask(audience, ("a", "几点开始？"))
    window.activateWindow()
    await until(window.isActiveWindow)
    window.overlay_panel.setFocus()
    assert not window.queue_panel.isVisible()  # the overlays are in front
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    await asyncio.sleep(0.1)  # deliberate: time for a hidden panel to take a key
    assert state_of(audience, "几点开始").state.value == "open"

    window.show_audience(1)
    await until(window.queue_panel.isVisible)
    await until(lambda: len(window.queue_panel.questions()) == 1)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    await until(lambda: state_of(audience, "几点开始").state.value == "claimed")
    assert state_of(audience, "几点开始").claimed_by == "主控"


async def test_after_answering_the_box_shows_the_next_questions_own_prefill(
    queue: QueuePanel, audience: Audience, qtbot: Any, until: Until
) -> None:
    audience.set_faq((FaqEntry("优惠券", ("优惠券",), "领券立减 10 元"),))
    three_questions(audience)
    await until(lambda: len(queue.questions()) == 3)
    await _focus(queue.table, until)
    assert queue.selected().text.startswith("这个多少钱")
    queue.answer_edit.setPlainText("39.9元")
    qtbot.keyClick(queue.table, Qt.Key.Key_A)
    await until(lambda: len(queue.questions()) == 2)
    assert queue.table.currentRow() == 0  # the same row, now another question
    assert queue.selected().text.startswith("有优惠券")
    assert queue.answer_edit.toPlainText() == "领券立减 10 元"  # its suggestion, not "39.9元"

    queue.answer_edit.setPlainText("39.9元")
    qtbot.keyClick(queue.table, Qt.Key.Key_A)
    await until(lambda: len(queue.questions()) == 1)
    assert queue.selected().text.startswith("什么时候发货")
    assert queue.answer_edit.toPlainText() == ""  # no suggestion: an empty box
