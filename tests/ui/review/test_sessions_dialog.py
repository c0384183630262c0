"""The sessions dialog over a real session log: the list, search, rename, delete (confirmed),
the show on air kept, opening a review."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.adapters.store.sessions import list_sessions
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.ui.review import SessionsDialog
from tests.support.recorded_show import EARLY_TITLE, TITLE, Recorded
from tests.ui.conftest import Until
from tests.ui.review.conftest import OnAir


@pytest.fixture
def opened() -> list[int]:
    return []


@pytest.fixture
async def dialog(
    qtbot: Any, archive: Archive, runner: TaskRunner, opened: list[int], until: Until
) -> SessionsDialog:
    dialog = SessionsDialog(archive, runner, opened.append)
    qtbot.addWidget(dialog)
    dialog.present()
    await until(lambda: dialog.table.rowCount() == 2)
    return dialog


def titles(dialog: SessionsDialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


async def test_lists_every_show_newest_first(dialog: SessionsDialog, recorded: Recorded) -> None:
    assert titles(dialog) == [TITLE, EARLY_TITLE]
    row = [dialog.table.item(0, c).text() for c in range(5)]
    assert row[2] == "20:00"
    assert row[3] == "19"
    assert row[4] == "—"
    assert row[1].startswith("2024-11-1")
    assert dialog.table.item(0, 0).data(Qt.ItemDataRole.UserRole) == recorded.show
    assert dialog.selected_id() == recorded.show  # the newest is selected
    assert dialog.busy.isHidden()


async def test_search_filters_by_title(dialog: SessionsDialog, until: Until) -> None:
    dialog.search_box.setText("试播")
    await until(lambda: titles(dialog) == [EARLY_TITLE])
    dialog.search_box.setText("夜场")
    await until(lambda: dialog.table.rowCount() == 0)
    assert "夜场" in dialog.empty_label.text()
    assert not dialog.open_button.isEnabled()
    dialog.search_box.clear()
    await until(lambda: dialog.table.rowCount() == 2)


async def test_rename_persists(dialog: SessionsDialog, recorded: Recorded, until: Until) -> None:
    dialog.table.selectRow(1)
    dialog.rename_selected()
    box = dialog.rename_dialog
    assert box is not None
    assert box.textValue() == EARLY_TITLE
    box.setTextValue("早场 彩排")
    box.accept()
    await until(lambda: titles(dialog) == [TITLE, "早场 彩排"])
    assert [s.title for s in list_sessions(recorded.path)] == [TITLE, "早场 彩排"]
    assert dialog.selected_id() == recorded.early  # the selection stays on the renamed show


async def test_an_empty_title_is_refused(dialog: SessionsDialog, until: Until) -> None:
    dialog.rename_selected()
    assert dialog.rename_dialog is not None
    dialog.rename_dialog.setTextValue("   ")
    dialog.rename_dialog.accept()
    await until(lambda: dialog.message_bar.isVisible())
    assert "title" in dialog.message_bar.text()
    assert titles(dialog) == [TITLE, EARLY_TITLE]


async def test_delete_asks_first_and_removes(
    dialog: SessionsDialog, recorded: Recorded, until: Until
) -> None:
    dialog.delete_selected()
    box = dialog.pending_confirmation
    assert box is not None
    assert box.isVisible()
    assert TITLE in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.pending_confirmation is None
    assert len(list_sessions(recorded.path)) == 2  # nothing deleted
    dialog.delete_selected()
    box = dialog.pending_confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: titles(dialog) == [EARLY_TITLE])
    assert [s.id for s in list_sessions(recorded.path)] == [recorded.early]


async def test_the_show_on_air_cannot_be_deleted(
    dialog: SessionsDialog, on_air: OnAir, recorded: Recorded, until: Until
) -> None:
    on_air.session = recorded.show
    dialog.refresh()
    await until(lambda: "on air" in titles(dialog)[0])
    dialog.table.selectRow(0)
    assert not dialog.delete_button.isEnabled()
    dialog.delete_selected()
    assert dialog.pending_confirmation is None
    assert "on air" in dialog.message_bar.text()
    dialog.table.selectRow(1)
    assert dialog.delete_button.isEnabled()


async def test_open_review_by_button_double_click_and_enter(
    qtbot: Any, dialog: SessionsDialog, opened: list[int], recorded: Recorded
) -> None:
    dialog.open_button.click()
    dialog.table.selectRow(1)
    index = dialog.table.model().index(1, 0)
    dialog.table.doubleClicked.emit(index)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert opened == [recorded.show, recorded.early, recorded.early]
    assert dialog.isVisible()  # Enter opened a review, it did not close the dialog


async def test_keys_in_the_list(qtbot: Any, dialog: SessionsDialog) -> None:
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert dialog.rename_dialog is not None
    dialog.rename_dialog.reject()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.pending_confirmation is not None
    dialog.pending_confirmation.button(QMessageBox.StandardButton.Cancel).click()
    assert "Ctrl+R" in dialog.rename_button.toolTip()
