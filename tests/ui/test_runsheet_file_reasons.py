"""A run-sheet that cannot be read, or is read with errors, is explained in the window's
language: the run-sheet editor's "Could not open …" and the main window's start problems for
--runsheet give the reason through text_for, never the English the CLI and the API print; and
a Chinese workbook the editor saves back stays Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QCoreApplication, QTranslator

from app.adapters.files.runsheets import FileRunSheets, left_out
from app.adapters.files.typed_cells import read_typed_cells
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.runsheet_editor import RunSheetEditor
from app.wiring import lifecycle


class Marking(QTranslator):
    """Says every message text as «text»: what the window shows went through a translation."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return f"«{source}»" if context == "MessageTexts" else source


@pytest.fixture
def marking() -> Iterator[None]:
    translator = Marking()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def make_editor(qtbot: Any, show: Show, runner: TaskRunner) -> RunSheetEditor:
    editor = RunSheetEditor(show, runner, FileRunSheets(), None, typed_cells=read_typed_cells,
                            left_out=left_out)  # fmt: skip  # as app/openers.py wires it
    qtbot.addWidget(editor)
    editor.show()
    return editor


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "«the file is empty»"),
        ("blank.csv", b" \r\n", "«the file is empty»"),
        ("bin.xlsx", b"\x13\x37 not a zip", "«not a valid XLSX workbook ({reason})»"),
        ("sheet.csv", b"%PDF-1.7", "«the file is not a CSV text file but «a PDF document»»"),
        ("show.json", b"{ not json", "«invalid JSON: {detail}»"),
    ],
)
async def test_the_editor_says_why_a_file_cannot_be_opened_in_its_language(
    qtbot: Any,
    show: Show,
    runner: TaskRunner,
    tmp_path: Path,
    marking: None,
    name: str,
    content: bytes,
    reason: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    editor = make_editor(qtbot, show, runner)
    assert not editor.open_path(path)
    said = editor.message_bar.text()
    assert name in said
    assert reason.split("{")[0] in said, said


async def test_the_editor_says_a_missing_file_and_an_unknown_format_in_its_language(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path, marking: None
) -> None:
    editor = make_editor(qtbot, show, runner)
    assert not editor.open_path(tmp_path / "missing.csv")
    assert "«no such file»" in editor.message_bar.text()
    (tmp_path / "show.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert not editor.open_path(tmp_path / "show.xls")
    assert "«the old Excel .xls format cannot be read" in editor.message_bar.text()


class Window:
    """The main window as load_runsheet_at_start sees it: a start-problem bar."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def show_start_problem(self, text: str) -> None:
        self.problems.append(text)


class Runner:
    def __init__(self) -> None:
        self.loaded: list[object] = []

    async def load(self, sheet: object, origin: str) -> None:
        self.loaded.append(sheet)


async def test_an_unreadable_run_sheet_at_start_is_explained_in_the_window_s_language(
    tmp_path: Path, marking: None
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    window, runner = Window(), Runner()
    await lifecycle.load_runsheet_at_start(str(path), runner, window)  # type: ignore[arg-type]
    assert not runner.loaded
    [said] = window.problems
    assert str(path) in said
    assert "«the file is empty»" in said


async def test_a_run_sheet_error_at_start_is_explained_in_the_window_s_language(
    tmp_path: Path, marking: None
) -> None:
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "直播流程"
    rundown.append(["环节", "时长", "类型"])
    rundown.append(["开场", "5分钟", "开场"])
    rundown.append(["半小时", "半小时", "结束"])
    path = tmp_path / "zh.xlsx"
    book.save(path)
    window, runner = Window(), Runner()
    await lifecycle.load_runsheet_at_start(str(path), runner, window)  # type: ignore[arg-type]
    assert not runner.loaded
    [said] = window.problems
    assert "直播流程!3" in said
    assert "«expected a duration such as" in said
    assert "'半小时'" in said


async def test_the_editor_saves_a_chinese_workbook_back_in_chinese(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "直播流程"
    rundown.append(["环节", "时长", "类型"])
    rundown.append(["开场", "5分钟", "开场"])
    path = tmp_path / "团队流程.xlsx"
    book.save(path)
    editor = make_editor(qtbot, show, runner)
    assert editor.open_path(path), editor.message_bar.text()
    assert editor.model.setData(editor.model.index_of(0, "title"), "开场暖场")
    assert editor.save_path(path), editor.message_bar.text()
    saved = load_workbook(path)
    assert saved.sheetnames[0] == "直播流程"
    sheet = saved["直播流程"]
    assert [c.value for c in sheet[1]][:3] == ["环节", "时长", "类型"]
    assert [c.value for c in sheet[2]][:3] == ["开场暖场", "5:00", "开场"]
