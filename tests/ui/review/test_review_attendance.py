"""The review window's Export offers the attendance list (签到名单) of a lesson with a check-in and
saves it where the teacher chose, as `livedesk report --format attendance` writes it; a show
without a check-in is answered in the message bar and nothing is written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report.charts import styled_review_figures
from app.adapters.report.export_files import attendance_text
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.ui.review import ReviewWindow
from tests.support.checkin_show import TITLE, Lesson, record_checkin_lesson
from tests.support.recorded_show import OnAir, Recorded, open_archive
from tests.ui.conftest import Until


@pytest.fixture
async def lesson(tmp_path: Path) -> Lesson:
    return await record_checkin_lesson(tmp_path / "lesson.db")


async def opened(qtbot: Any, archive: Archive, runner: TaskRunner, show: int,
                 until: Until) -> ReviewWindow:  # fmt: skip
    window = ReviewWindow(archive, runner, styled_review_figures, show)
    qtbot.addWidget(window)
    window.present()
    window.reload()
    await until(lambda: window.data is not None and window.busy.isHidden())
    return window


@pytest.fixture
async def lesson_window(
    qtbot: Any, lesson: Lesson, runner: TaskRunner, until: Until
) -> AsyncIterator[ReviewWindow]:
    archive, writer = open_archive(lesson.path, OnAir())
    yield await opened(qtbot, archive, runner, lesson.show, until)
    writer.close()


async def test_the_attendance_list_through_the_dialog(
    lesson_window: ReviewWindow, lesson: Lesson, tmp_path: Path, until: Until
) -> None:
    window = lesson_window
    window.folder = str(tmp_path)
    window.choose_export()
    dialog = window.export_dialog
    assert dialog is not None
    index = dialog.format_combo.findData("attendance")
    assert index >= 0
    assert dialog.format_combo.itemText(index) == "Attendance (CSV)"
    dialog.format_combo.setCurrentIndex(index)
    dialog.save_button.click()
    files = dialog.file_dialog
    assert files is not None
    assert files.defaultSuffix() == "csv"
    assert files.selectedFiles()[0].endswith(f"{TITLE}-attendance.csv")
    target = tmp_path / "签到.csv"
    files.fileSelected.emit(str(target))
    await until(lambda: "Saved 签到.csv" in window.status_label.text())
    payload = target.read_bytes()
    assert payload.startswith(b"\xef\xbb\xbf")
    assert payload.decode("utf-8") == attendance_text(lesson.path, lesson.show)
    assert "小明" in payload.decode("utf-8")
    assert window.message_bar.text() == ""


async def test_the_attendance_list_with_aliases(
    lesson_window: ReviewWindow, lesson: Lesson, tmp_path: Path, until: Until
) -> None:
    window = lesson_window
    window.folder = str(tmp_path)
    window.choose_export()
    dialog = window.export_dialog
    assert dialog is not None
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("attendance"))
    dialog.pseudonymise_box.setChecked(True)
    dialog.save_button.click()
    assert dialog.file_dialog is not None
    target = tmp_path / "shared.csv"
    dialog.file_dialog.fileSelected.emit(str(target))
    await until(lambda: "Saved shared.csv" in window.status_label.text())
    text = target.read_bytes().decode("utf-8")
    assert text == attendance_text(lesson.path, lesson.show, "salt")
    assert "小明" not in text


async def test_a_show_without_a_check_in_is_answered(
    qtbot: Any, archive: Archive, recorded: Recorded, runner: TaskRunner, tmp_path: Path,
    until: Until,
) -> None:  # fmt: skip
    window = await opened(qtbot, archive, runner, recorded.show, until)
    target = tmp_path / "attendance.csv"
    window.export_to(str(target), "attendance")
    await until(lambda: window.message_bar.text() != "")
    assert "no check-in in this show" in window.message_bar.text()
    assert window.busy.isHidden()
    assert not target.exists()
    assert "Saved" not in window.status_label.text()
