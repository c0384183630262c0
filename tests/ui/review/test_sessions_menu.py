"""Show → Sessions… (Ctrl+Shift+S) in the console window, wired as the composition root does."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from app.adapters.store.writer import SqliteSessionLog
from app.openers import sessions_opener as _sessions_opener
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.ui.main_window import MainWindow
from app.ui.review import ReviewWindow, SessionsDialog
from tests.support.recorded_show import TITLE, Recorded
from tests.ui.conftest import Until


async def test_the_menu_action_opens_the_sessions(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner
) -> None:
    asked: list[bool] = []
    window = MainWindow(bridge, runner, open_sessions=lambda: asked.append(True))
    qtbot.addWidget(window)
    action = window.sessions_action
    assert action.isEnabled()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert "Ctrl+Shift+S" in action.toolTip()
    action.trigger()
    assert asked == [True]
    bare = MainWindow(bridge, runner)
    qtbot.addWidget(bare)
    assert not bare.sessions_action.isEnabled()


async def test_the_composition_root_wires_dialog_and_review(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, recorded: Recorded, until: Until
) -> None:
    writer = SqliteSessionLog(recorded.path)
    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    try:
        open_sessions = _sessions_opener(recorded.path, writer, bridge.show.recorder, runner,
                                         lambda: window)  # fmt: skip
        open_sessions()
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SessionsDialog)]
        dialog = next(d for d in dialogs if d.isVisible())
        await until(lambda: dialog.table.rowCount() == 2)
        open_sessions()  # asked again: the same dialog comes forward
        assert [d for d in QApplication.topLevelWidgets()
                if isinstance(d, SessionsDialog) and d.isVisible()] == [dialog]  # fmt: skip
        dialog.open_selected()
        reviews = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, ReviewWindow) and w.isVisible()]  # fmt: skip
        assert len(reviews) == 1
        assert reviews[0].session_id == recorded.show
        await until(lambda: reviews[0].title_label.text() == TITLE)
        await until(lambda: len(reviews[0].charts.views) == 3 and reviews[0].busy.isHidden())
        dialog.delete_selected()  # the show under review: its window says so at once
        box = dialog.pending_confirmation
        assert box is not None
        box.button(QMessageBox.StandardButton.Yes).click()
        await until(lambda: reviews[0].deleted)
        assert not reviews[0].export_button.isEnabled()
        assert "deleted" in reviews[0].status_label.text()
        open_sessions()
        await until(lambda: dialog.table.rowCount() == 1)
        dialog.open_selected()  # another show: a window of its own, its actions enabled
        await until(lambda: any(w.session_id == recorded.early and w.export_button.isEnabled()
                                for w in QApplication.topLevelWidgets()
                                if isinstance(w, ReviewWindow)))  # fmt: skip
    finally:
        writer.close()
