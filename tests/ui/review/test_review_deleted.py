"""A show deleted while its review is open (from the sessions dialog, another window or the
command line): the first action that finds it gone says "This show was deleted" in the window's
words, not the store's command-line hint, and disables Import, Export and Clips; the order import
dialog says nothing was imported; the sessions dialog tells the open review at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.adapters.report.charts import styled_review_figures
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.ui.review import ReviewWindow, SessionsDialog
from tests.support.recorded_show import TITLE, Recorded, orders_csv
from tests.ui.conftest import Until

DELETED = "This show was deleted from the archive."


@pytest.fixture
async def window(
    qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded, until: Until
) -> ReviewWindow:
    window = ReviewWindow(archive, runner, styled_review_figures, recorded.show)
    qtbot.addWidget(window)
    window.present()
    window.reload()
    await until(lambda: window.data is not None and window.busy.isHidden())
    assert window.export_button.isEnabled()
    return window


def says_deleted(window: ReviewWindow) -> bool:
    return (
        window.message_bar.text() == DELETED  # not “there is no session 1 (see `livedesk …`)”
        and window.status_label.text().startswith(DELETED)  # stays when the bar hides
        and not window.import_button.isEnabled()
        and not window.export_button.isEnabled()
        and not window.clips_button.isEnabled()
        and window.deleted
    )


async def test_an_export_of_a_deleted_show_says_it_was_deleted(
    window: ReviewWindow, archive: Archive, recorded: Recorded, tmp_path: Path, until: Until
) -> None:
    await archive.delete(recorded.show)  # as another window or `livedesk` would
    target = tmp_path / "review.json"
    window.export_to(str(target), "json")
    await until(lambda: window.busy.isHidden() and window.message_bar.isVisible())
    assert says_deleted(window)
    assert "(deleted)" in window.windowTitle()
    assert window.title_label.text() == TITLE  # what was loaded stays, to be read
    assert not target.exists()
    window.choose_export()  # the shortcut too: nothing opens
    assert window.export_dialog is None


async def test_a_reload_of_a_deleted_show_says_it_was_deleted(
    window: ReviewWindow, archive: Archive, recorded: Recorded, until: Until
) -> None:
    await archive.delete(recorded.show)
    window.reload()
    await until(lambda: window.busy.isHidden() and window.message_bar.isVisible())
    assert says_deleted(window)


async def test_an_import_into_a_deleted_show_imports_nothing_and_says_so(
    window: ReviewWindow, archive: Archive, recorded: Recorded, tmp_path: Path, until: Until
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(orders_csv(), encoding="utf-8")
    window.import_orders_from(str(path))
    await until(lambda: window.orders_dialog is not None)
    dialog = window.orders_dialog
    assert dialog is not None
    await archive.delete(recorded.show)
    dialog.import_button.click()
    await until(lambda: dialog.busy.isHidden() and window.message_bar.isVisible())
    assert dialog.imported_orders is None
    assert "deleted" in dialog.summary_label.text()
    assert "read" not in dialog.summary_label.text()  # not the preview's "4 read" any more
    assert not dialog.import_button.isEnabled()
    assert dialog.isVisible()  # it says why nothing was imported
    assert says_deleted(window)


async def test_a_show_never_in_the_archive(
    qtbot: Any, archive: Archive, runner: TaskRunner, until: Until
) -> None:
    window = ReviewWindow(archive, runner, styled_review_figures, 999)
    qtbot.addWidget(window)
    window.reload()
    await until(lambda: window.busy.isHidden() and window.message_bar.text() != "")
    assert window.message_bar.text() == DELETED
    assert window.data is None
    assert not window.export_button.isEnabled()


async def test_the_sessions_dialog_tells_the_review_at_once(
    qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded, until: Until
) -> None:
    dialog = SessionsDialog(archive, runner)
    qtbot.addWidget(dialog)
    deleted: list[int] = []
    dialog.session_deleted.connect(deleted.append)
    dialog.present()
    await until(lambda: dialog.table.rowCount() == 2)
    assert dialog.selected_id() == recorded.show  # the newest is selected
    dialog.delete_selected()
    box = dialog.pending_confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: deleted == [recorded.show])
    await until(lambda: dialog.table.rowCount() == 1)


async def test_renaming_a_show_deleted_elsewhere_says_so(
    qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded, until: Until
) -> None:
    dialog = SessionsDialog(archive, runner)
    qtbot.addWidget(dialog)
    deleted: list[int] = []
    dialog.session_deleted.connect(deleted.append)
    dialog.present()
    await until(lambda: dialog.table.rowCount() == 2)
    await archive.delete(recorded.show)  # from the command line, say
    dialog._rename(recorded.show, "新名字")
    await until(lambda: dialog.message_bar.text() != "" and dialog.busy.isHidden())
    assert dialog.message_bar.text() == "This show was already deleted."  # no CLI hint
    assert deleted == [recorded.show]  # its open review is told
    await until(lambda: dialog.table.rowCount() == 1)
