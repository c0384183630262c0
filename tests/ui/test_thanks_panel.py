"""The thanks tab of the audience dock over a Show on FakeObs: gifts, memberships, super chats and
follows in through the real audience service; listed per viewer with totals, newest first, the
count in the tab's title, cleared with the buttons or the thanks key (not while typing)."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.domain import log_events as kinds
from app.domain.audience import IncomingComment, Kind
from app.services.show import Show
from app.ui.keymap import Keymap
from app.ui.main_window import THANKS_TAB, MainWindow
from tests.support.memory_log import MemoryLog
from tests.ui.conftest import Until

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def gift(user: str, name: str, count: int, value: float) -> IncomingComment:
    return IncomingComment("bilibili", user, "", kind=Kind.GIFT, gift=name, count=count,
                           value=value, currency="CNY")  # fmt: skip


def title(window: MainWindow) -> str:
    return window.audience_tabs.tabText(THANKS_TAB)


async def test_the_thanks_tab_lists_viewers_and_clears_them(
    window: MainWindow, show: Show, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    audience, panel = show.audience, window.thanks_panel
    assert audience is not None
    assert title(window) == "感谢 Thanks"
    window.show_audience(THANKS_TAB)
    assert panel.rows() == []
    assert panel.empty_label.isVisible()
    assert not panel.thanked_button.isEnabled()

    audience.ingest([gift("小红", "小心心", 10, 1.0)])
    audience.ingest([IncomingComment("douyin", "amy", "", kind=Kind.FOLLOW)])
    audience.ingest([gift("小红", "小心心", 20, 2.0), gift("小红", "嘉年华", 1, 17.6)])
    audience.ingest([IncomingComment("youtube", "bob", "讲得真好", kind=Kind.SUPERCHAT,
                                     value=30.0, currency="USD")])  # fmt: skip
    audience.ingest([IncomingComment("bilibili", "阿花", "", kind=Kind.MEMBER, gift="舰长",
                                     count=1, value=198.0, currency="CNY")])  # fmt: skip
    assert panel.rows() == []  # one refresh for the burst, a moment later
    await until(lambda: len(panel.rows()) == 4)
    assert panel.rows() == [
        "阿花 · 舰长 ×1 · ¥198",
        "bob · super chat: “讲得真好” · $30",
        "小红 · 小心心 ×30, 嘉年华 ×1 · ¥20.6",
        "amy · followed",
    ]
    assert title(window) == "感谢 Thanks (4)"
    assert not panel.empty_label.isVisible()
    assert panel.tree.topLevelItem(0).text(0) == "阿花"
    assert panel.selected() == panel.viewers()[0]  # the top one, ready for “Thanked”
    assert "(Ctrl+Shift+G)" in panel.thanked_button.toolTip()

    # the thanks key: the top viewer thanked, logged; the tab's count follows
    window.activateWindow()
    await until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_G, CTRL_SHIFT)
    await until(lambda: len(panel.rows()) == 3)
    assert panel.rows()[0].startswith("bob · ")
    assert title(window) == "感谢 Thanks (3)"
    cleared = memory_log.of_kind(kinds.THANKS_CLEARED)
    assert [(e.data["user"], e.data["action"]) for e in cleared] == [("阿花", "thanked")]

    # not while typing in a field
    edit = QLineEdit(panel)
    edit.show()
    edit.setFocus()
    await until(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_G, CTRL_SHIFT)
    await asyncio.sleep(0.3)  # deliberate: time for a wrongly started clear to run
    assert len(audience.thanks) == 3
    edit.deleteLater()

    # the buttons act on the selected viewer: all of that viewer's entries
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))
    chosen = panel.selected()
    assert chosen is not None
    assert chosen.user == "小红"
    qtbot.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.rows() == ["bob · super chat: “讲得真好” · $30", "amy · followed"])
    qtbot.mouseClick(panel.thanked_button, Qt.MouseButton.LeftButton)  # bob, the top again
    await until(lambda: panel.rows() == ["amy · followed"])
    assert title(window) == "感谢 Thanks (1)"
    actions = [(e.data["user"], e.data["action"]) for e in memory_log.of_kind(kinds.THANKS_CLEARED)]
    assert actions == [("阿花", "thanked"), ("小红", "dismiss"), ("bob", "thanked")]

    # an assistant clears the last one on /assist: the tab follows
    audience.thank(audience.thanks_list().viewers[0].ids[0], "thanked")
    await until(lambda: title(window) == "感谢 Thanks")
    assert panel.rows() == []
    assert panel.empty_label.isVisible()


async def test_the_count_follows_while_another_tab_is_shown(
    window: MainWindow, show: Show, until: Until
) -> None:
    audience = show.audience
    assert audience is not None
    window.show_audience(0)  # the feed
    audience.ingest([gift("小红", "小心心", 1, 0.1), IncomingComment("x", "amy", "",
                                                                  kind=Kind.FOLLOW)])  # fmt: skip
    await until(lambda: title(window) == "感谢 Thanks (2)")
    assert not window.thanks_panel.isVisible()
    window.show_audience(THANKS_TAB)  # filled when it comes on screen
    await until(lambda: len(window.thanks_panel.rows()) == 2)


async def test_the_thanks_key_follows_the_settings(window: MainWindow) -> None:
    window.set_keymap(Keymap({"thanks.top": "Ctrl+Alt+T"}))
    assert "(Ctrl+Alt+T)" in window.thanks_panel.thanked_button.toolTip()
    assert "Ctrl+Shift+G" not in window.thanks_panel.thanked_button.toolTip()


async def test_a_viewer_paying_in_two_currencies_shows_both(
    window: MainWindow, show: Show, until: Until
) -> None:
    """A second currency is added beside the first, and a free gift does not decide it."""
    audience = show.audience
    assert audience is not None
    window.show_audience(THANKS_TAB)
    audience.ingest([
        IncomingComment("youtube", "Ann", "hi", kind=Kind.SUPERCHAT, value=5.0, currency="USD"),
        IncomingComment("youtube", "Ann", "又来", kind=Kind.SUPERCHAT, value=1000.0,
                        currency="JPY"),
        IncomingComment("douyin", "抖音用户", "", kind=Kind.GIFT, gift="小心心", count=10,
                        value=0.0, currency="钻石"),
        IncomingComment("douyin", "抖音用户", "", kind=Kind.GIFT, gift="嘉年华", count=1,
                        value=3000.0, currency="CNY"),
    ])  # fmt: skip
    await until(lambda: len(window.thanks_panel.rows()) == 2)
    assert window.thanks_panel.rows() == [
        "抖音用户 · 小心心 ×10, 嘉年华 ×1 · ¥3000",
        "Ann · super chat ×2: “又来” · $5 + JP¥1000",
    ]
