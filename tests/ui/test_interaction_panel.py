"""The 互动 Interaction tab of the audience dock over a Show on FakeObs: a lottery opened from the
console, entered by comments through the real audience service, drawn, its winners shown and
copyable; a quiz voted on, closed and revealed; a check-in counted; a refusal on the message bar;
the live keys press Draw, Close, Reveal and Close check-in (and do nothing when those are off)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.domain.audience import IncomingComment
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.services.state import InteractionSlice
from app.ui.interaction_panel import InteractionPanel
from app.ui.keymap import Keymap, typing_in_progress
from app.ui.main_window import INTERACTION_TAB, MainWindow
from tests.ui.conftest import ErrorRelay, Until


def say(show: Show, *said: tuple[str, str, str]) -> None:
    """Comments (platform, user, text) in through the audience service, as a platform sends."""
    assert show.audience is not None
    show.audience.ingest([IncomingComment(platform, user, text) for platform, user, text in said])


def panel_of(window: MainWindow) -> InteractionPanel:
    window.show_audience(INTERACTION_TAB)
    assert window.audience_tabs.tabText(INTERACTION_TAB) == "互动 Interaction"
    assert window.audience_tabs.currentWidget() is window.interaction_panel
    return window.interaction_panel


async def test_a_lottery_from_the_console(window: MainWindow, show: Show, until: Until) -> None:
    panel = panel_of(window)
    assert panel.lottery_label.text() == "No lottery yet."
    assert not panel.draw_button.isEnabled()
    panel.keyword_edit.setText("666")
    panel.winners_spin.setValue(2)
    panel.seconds_spin.setValue(0)  # until drawn
    panel.open_lottery_button.click()
    await until(lambda: panel.lottery_label.text() == "“666”: 0 entrants")
    assert panel.draw_button.isEnabled()
    assert not panel.open_lottery_button.isEnabled()

    say(show, ("douyin", "小明", "666"), ("douyin", "小明", "666 我要"),  # one entry each
        ("bilibili", "阿花", "我要６６６"), ("twitch", "amy", "hello"),
        ("youtube", "bob", "666"))  # fmt: skip
    await until(lambda: panel.lottery_label.text() == "“666”: 3 entrants")

    panel.draw_button.click()
    await until(lambda: panel.winners_view.toPlainText() != "")
    winners = panel.winners_view.toPlainText().splitlines()
    assert len(winners) == 2 == len(set(winners))
    assert set(winners) <= {"小明 (douyin)", "阿花 (bilibili)", "bob (youtube)"}
    lottery = show.interaction.state().lottery
    assert lottery is not None
    assert lottery.seed is not None
    assert panel.lottery_label.text() == f"“666”: 3 entrants · drawn, seed {lottery.seed}"
    assert not panel.draw_button.isEnabled()
    assert panel.open_lottery_button.isEnabled()
    panel.copy_button.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None
    assert clipboard.text().splitlines() == winners


async def test_a_lottery_with_a_time_and_excluding_winners(
    window: MainWindow, show: Show, until: Until
) -> None:
    panel = panel_of(window)
    first = show.interaction.open_lottery("抽我", 1)
    say(show, ("douyin", "小明", "抽我"))
    show.interaction.draw(first.id)
    panel.keyword_edit.setText("抽我")
    panel.seconds_spin.setValue(90)
    panel.exclude_box.setChecked(True)
    panel.open_lottery_button.click()
    await until(lambda: "left" in panel.lottery_label.text())
    assert panel.lottery_label.text().startswith("“抽我”: 0 entrants · 1:")
    say(show, ("douyin", "小明", "抽我"), ("douyin", "阿花", "抽我"))  # 小明 won the last one
    await until(lambda: panel.lottery_label.text().startswith("“抽我”: 1 entrant"))
    panel.draw_button.click()
    await until(lambda: panel.winners_view.toPlainText() == "阿花 (douyin)")


async def test_a_refused_lottery_goes_to_the_message_bar(
    window: MainWindow, show: Show, user_errors: ErrorRelay, until: Until
) -> None:
    panel = panel_of(window)
    panel.keyword_edit.setText("")
    panel.open_lottery_button.click()
    await until(lambda: window.message_bar.text() != "")
    assert "keyword" in window.message_bar.text()
    assert show.interaction.state().lottery is None


async def test_a_quiz_voted_closed_and_revealed(
    window: MainWindow, show: Show, until: Until
) -> None:
    panel = panel_of(window)
    assert panel.poll_label.text() == "No poll yet."
    panel.question_edit.setText("哪个颜色?")
    for edit, text in zip(panel.option_edits, ("红", "蓝", "绿"), strict=False):
        edit.setText(text)
    panel.answer_combo.setCurrentIndex(2)  # B
    panel.open_poll_button.click()
    await until(lambda: "0 voters · open" in panel.poll_label.text())
    assert panel.close_poll_button.isEnabled()
    assert panel.reveal_button.isEnabled()
    say(show, ("douyin", "小明", "A"), ("douyin", "阿花", "２"), ("bilibili", "老王", "b"),
        ("douyin", "小明", "B"))  # 小明 changes his vote  # fmt: skip
    await until(lambda: "3 voters · open" in panel.poll_label.text())
    assert panel.poll_label.text().splitlines()[2:] == ["A. 红: 0 (0%)", "B. 蓝: 3 (100%)",
                                                        "C. 绿: 0 (0%)"]  # fmt: skip
    panel.close_poll_button.click()
    await until(lambda: "3 voters · closed" in panel.poll_label.text())
    assert not panel.close_poll_button.isEnabled()
    panel.reveal_button.click()
    await until(lambda: "closed, answer revealed" in panel.poll_label.text())
    assert "B. 蓝: 3 (100%) ✓" in panel.poll_label.text().splitlines()
    assert not panel.reveal_button.isEnabled()


async def test_a_plain_poll_has_nothing_to_reveal(
    window: MainWindow, show: Show, until: Until
) -> None:
    panel = panel_of(window)
    panel.question_edit.setText("Tea or coffee?")
    panel.option_edits[0].setText("Tea")
    panel.option_edits[1].setText("Coffee")
    panel.open_poll_button.click()
    await until(lambda: "0 voters · open" in panel.poll_label.text())
    assert not panel.reveal_button.isEnabled()
    say(show, ("youtube", "amy", "2"))
    await until(lambda: "B. Coffee: 1 (100%)" in panel.poll_label.text())


async def test_a_check_in_counted(window: MainWindow, show: Show, until: Until) -> None:
    panel = panel_of(window)
    assert panel.checkin_label.text() == "No check-in yet."
    assert not panel.close_checkin_button.isEnabled()
    panel.checkin_edit.setText("签到")
    panel.open_checkin_button.click()
    await until(lambda: panel.checkin_label.text() == "“签到”: 0 checked in, open")
    assert panel.close_checkin_button.isEnabled()
    assert not panel.open_checkin_button.isEnabled()
    say(show, ("douyin", "小明", "签到"), ("douyin", "小明", "签到!"), ("bilibili", "阿花", "签到"))
    await until(lambda: panel.checkin_label.text() == "“签到”: 2 checked in, open")
    panel.close_checkin_button.click()
    await until(lambda: panel.checkin_label.text() == "“签到”: 2 checked in, closed")
    assert panel.open_checkin_button.isEnabled()


# ----- the live keys: each presses its button --------------------------------------------------
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
DRAW, CLOSE_POLL, REVEAL, CLOSE_CHECKIN = Qt.Key.Key_D, Qt.Key.Key_V, Qt.Key.Key_J, Qt.Key.Key_I


def started_tasks(runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the actions the console starts from now on (every button goes through the
    TaskRunner): a key that does nothing starts none."""
    names: list[str] = []
    run = runner.run

    def recording(coro: Coroutine[Any, Any, Any], name: str, **kwargs: Any) -> asyncio.Task[Any]:
        names.append(name)
        return run(coro, name, **kwargs)

    monkeypatch.setattr(runner, "run", recording)
    return names


async def keys_ready(window: MainWindow, until: Until) -> None:
    """The window active and no text field focused (keys typed there stay there)."""
    window.activateWindow()
    await until(window.isActiveWindow)
    window.audience_tabs.tabBar().setFocus()
    await until(lambda: not typing_in_progress())


async def test_the_live_keys_are_in_the_buttons_tooltips(window: MainWindow) -> None:
    panel = panel_of(window)
    assert "(Ctrl+Shift+D)" in panel.draw_button.toolTip()
    assert "(Ctrl+Shift+V)" in panel.close_poll_button.toolTip()
    assert "(Ctrl+Shift+J)" in panel.reveal_button.toolTip()
    assert "(Ctrl+Shift+I)" in panel.close_checkin_button.toolTip()
    window.set_keymap(Keymap({"interaction.draw": "Ctrl+Alt+D"}))
    assert "(Ctrl+Alt+D)" in panel.draw_button.toolTip()
    assert "Ctrl+Shift+D" not in panel.draw_button.toolTip()
    assert panel.draw_button.toolTip().startswith("Close the lottery and draw its winners")


async def test_the_draw_key_draws_the_open_lottery(
    window: MainWindow, show: Show, runner: TaskRunner, qtbot: Any, until: Until,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    panel = panel_of(window)
    lottery = show.interaction.open_lottery("666", 1)
    say(show, ("douyin", "小明", "666"), ("bilibili", "阿花", "666"))
    await until(lambda: panel.lottery_label.text() == "“666”: 2 entrants")
    started = started_tasks(runner, monkeypatch)

    panel.keyword_edit.setFocus()  # typing in a field: the key is the field's
    await until(typing_in_progress)
    qtbot.keyClick(panel.keyword_edit, DRAW, CTRL_SHIFT)
    assert started == []

    await keys_ready(window, until)
    qtbot.keyClick(window, DRAW, CTRL_SHIFT)
    assert started == ["lottery-draw"]
    await until(lambda: panel.winners_view.toPlainText() != "")
    drawn = show.interaction.state().lottery
    assert drawn is not None
    assert drawn.id == lottery.id
    assert drawn.seed is not None
    assert panel.winners_view.toPlainText() in ("小明 (douyin)", "阿花 (bilibili)")
    assert not panel.draw_button.isEnabled()
    qtbot.keyClick(window, DRAW, CTRL_SHIFT)  # drawn: the button is off, the key does nothing
    assert started == ["lottery-draw"]
    assert window.message_bar.text() == ""


async def test_the_poll_keys_close_a_quiz_and_reveal_its_answer(
    window: MainWindow, show: Show, runner: TaskRunner, qtbot: Any, until: Until,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    panel = panel_of(window)
    window.show_audience(0)  # the keys act while another tab is shown too
    show.interaction.open_poll("哪个颜色?", ["红", "蓝"], None, 1)
    say(show, ("douyin", "小明", "B"))
    await until(lambda: "1 voter · open" in panel.poll_label.text())
    started = started_tasks(runner, monkeypatch)
    await keys_ready(window, until)

    qtbot.keyClick(window, CLOSE_POLL, CTRL_SHIFT)
    assert started == ["poll-close"]
    await until(lambda: "1 voter · closed" in panel.poll_label.text())
    poll = show.interaction.state().poll
    assert poll is not None
    assert not poll.open
    assert not poll.revealed
    qtbot.keyClick(window, CLOSE_POLL, CTRL_SHIFT)  # closed already: nothing
    assert started == ["poll-close"]

    qtbot.keyClick(window, REVEAL, CTRL_SHIFT)
    assert started == ["poll-close", "poll-reveal"]
    await until(lambda: "closed, answer revealed" in panel.poll_label.text())
    assert "B. 蓝: 1 (100%) ✓" in panel.poll_label.text().splitlines()
    qtbot.keyClick(window, REVEAL, CTRL_SHIFT)  # revealed already: nothing
    assert started == ["poll-close", "poll-reveal"]
    assert window.message_bar.text() == ""


async def test_the_reveal_key_does_nothing_for_a_plain_poll(
    window: MainWindow, show: Show, runner: TaskRunner, qtbot: Any, until: Until,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    panel = panel_of(window)
    show.interaction.open_poll("Tea or coffee?", ["Tea", "Coffee"])
    await until(lambda: "0 voters · open" in panel.poll_label.text())
    started = started_tasks(runner, monkeypatch)
    await keys_ready(window, until)
    qtbot.keyClick(window, REVEAL, CTRL_SHIFT)
    assert started == []
    poll = show.interaction.state().poll
    assert poll is not None
    assert poll.open


async def test_the_check_in_key_closes_the_open_check_in(
    window: MainWindow, show: Show, runner: TaskRunner, qtbot: Any, until: Until,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    panel = panel_of(window)
    show.interaction.open_checkin("签到")
    say(show, ("douyin", "小明", "签到"))
    await until(lambda: panel.checkin_label.text() == "“签到”: 1 checked in, open")
    started = started_tasks(runner, monkeypatch)
    await keys_ready(window, until)
    qtbot.keyClick(window, CLOSE_CHECKIN, CTRL_SHIFT)
    assert started == ["checkin-close"]
    await until(lambda: panel.checkin_label.text() == "“签到”: 1 checked in, closed")
    checkin = show.interaction.state().checkin
    assert checkin is not None
    assert not checkin.open
    qtbot.keyClick(window, CLOSE_CHECKIN, CTRL_SHIFT)  # closed already: nothing
    assert started == ["checkin-close"]


async def test_with_nothing_open_the_keys_do_nothing(
    window: MainWindow, show: Show, runner: TaskRunner, qtbot: Any, until: Until,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    panel_of(window)
    started = started_tasks(runner, monkeypatch)
    await keys_ready(window, until)
    for key in (DRAW, CLOSE_POLL, REVEAL, CLOSE_CHECKIN):
        qtbot.keyClick(window, key, CTRL_SHIFT)
    assert started == []
    assert show.interaction.state() == InteractionSlice()
    assert window.message_bar.text() == ""
