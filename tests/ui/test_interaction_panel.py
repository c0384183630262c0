"""The 互动 Interaction tab of the audience dock over a Show on FakeObs: a lottery opened from the
console, entered by comments through the real audience service, drawn, its winners shown and
copyable; a quiz voted on, closed and revealed; a check-in counted; a refusal on the message bar."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from app.domain.audience import IncomingComment
from app.services.show import Show
from app.ui.interaction_panel import InteractionPanel
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
    await until(lambda: panel.lottery_label.text().startswith("“抽我”: 1 entrants"))
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
