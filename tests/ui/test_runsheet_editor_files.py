"""The run-sheet editor and the producer's own files, wired as the console wires it (the file
adapter, the cells as typed, what a save leaves out): a value the file holds but LiveDesk cannot
read stays in its cell, marked, and blocks Save and "Use for the show"; talking points stay
whole; saving over a workbook that holds more than LiveDesk keeps asks first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.adapters.files.runsheets import FileRunSheets, left_out, load_runsheet
from app.adapters.files.typed_cells import read_typed_cells
from app.domain.runsheet import RunSheet, SegmentKind
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.runsheet_editor import ERROR_COLOR, RunSheetEditor

BG = Qt.ItemDataRole.BackgroundRole
TIP = Qt.ItemDataRole.ToolTipRole


def make_editor(qtbot: Any, show: Show, runner: TaskRunner) -> RunSheetEditor:
    editor = RunSheetEditor(show, runner, FileRunSheets(), None, typed_cells=read_typed_cells,
                            left_out=left_out)  # fmt: skip  # as app/openers.py wires it
    qtbot.addWidget(editor)
    editor.show()
    return editor


def edit(editor: RunSheetEditor, row: int, field: str, text: str) -> None:
    assert editor.model.setData(editor.model.index_of(row, field), text)


def errors(editor: RunSheetEditor) -> list[tuple[str, str | None]]:
    return [(p.location, p.field) for p in editor.problems() if p.severity == "error"]


def producers_workbook(path: Path) -> Path:
    """A typo'd kind, a duration LiveDesk cannot read, a price with words in it."""
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "流程"
    rundown.append(["环节", "时长", "类型", "商品"])
    rundown.append(["开场", "5分钟", "开厂", None])
    rundown.append(["带货", "10", "商品", "A1"])
    rundown.append(["答疑", "五分钟", "答疑", None])
    products = book.create_sheet("商品")
    products.append(["货号", "商品名称", "直播价"])
    products.append(["A1", "围巾", "39.9元起"])
    book.save(path)
    return path


async def test_a_workbooks_unreadable_values_stay_as_typed_marked_and_block_the_show(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    source = producers_workbook(tmp_path / "show.xlsx")
    before = source.read_bytes()
    editor = make_editor(qtbot, show, runner)
    model = editor.model
    assert editor.open_path(source)
    assert model.cell(0, "kind") == "开厂"  # as typed, not emptied
    assert model.cell(2, "duration") == "五分钟"
    assert errors(editor) == [("1", "kind"), ("3", "duration"), ("商品!2", "price")]
    assert model.data(model.index_of(0, "kind"), BG) == ERROR_COLOR
    assert model.data(model.index_of(2, "duration"), BG) == ERROR_COLOR
    assert "39.9元起" in editor.problems_list.item(2).text()  # the catalog's: in the list
    assert "row 1" in editor.message_bar.text()  # the editor's row, not the file's 流程!2
    assert not editor.use_for_show()
    assert not editor.save_path(source)
    assert source.read_bytes() == before
    assert show.runner.sheet == RunSheet()

    edit(editor, 0, "kind", "开场")
    edit(editor, 2, "duration", "5分钟")
    assert errors(editor) == [("商品!2", "price")]  # fixed in the file, not here
    assert not editor.use_for_show()
    assert "商品!2" in editor.message_bar.text()
    assert not editor.save_path(tmp_path / "copy.json")
    assert not (tmp_path / "copy.json").exists()
    assert editor.sheet().segments[0].kind is SegmentKind.OPENING


async def test_a_json_sheets_bad_values_and_whole_points_survive_open_and_save(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    source = tmp_path / "show.json"
    segments = [
        {"title": "带货", "duration": 300, "notes": ["价格|199元", "第二行\n续"]},
        {"title": "讲解", "duration": 300, "kind": "直播"},
        {"title": "收尾", "duration": "soon"},
    ]
    source.write_text(json.dumps({"segments": segments}, ensure_ascii=False), encoding="utf-8")
    editor = make_editor(qtbot, show, runner)
    model = editor.model
    assert editor.open_path(source)
    assert model.cell(1, "kind") == "直播"
    assert model.cell(2, "duration") == "soon"
    assert errors(editor) == [("2", "kind"), ("3", "duration")]
    assert editor.sheet().segments[0].notes == ("价格|199元", "第二行\n续")  # two points, not 4
    assert model.display(0, "notes").count(" · ") == 1
    assert not editor.save_path(tmp_path / "out.json")

    edit(editor, 1, "kind", "")  # the producer wants no kind after all
    edit(editor, 2, "duration", "3")
    editor.model.reorder([0], 3)  # the points go with their row
    assert editor.problems() == []
    out = tmp_path / "out.json"
    assert editor.save_path(out), editor.message_bar.text()
    saved = json.loads(out.read_text(encoding="utf-8"))["segments"]
    assert saved[2]["notes"] == ["价格|199元", "第二行\n续"]
    assert load_runsheet(out).problems == []
    edit(editor, 2, "notes", "价格|199元")  # typed: the cell form, two points
    assert editor.sheet().segments[2].notes == ("价格", "199元")


async def test_a_value_without_its_files_text_is_still_held_on_its_cell(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    """Without the cells as typed (or when the file changed since), the cell shows "?" and
    the file's own error, until the producer types over it."""
    source = tmp_path / "show.json"
    source.write_text(json.dumps({"segments": [{"title": "讲解", "duration": 0.2}]}), "utf-8")
    editor = RunSheetEditor(show, runner, FileRunSheets(), None)
    qtbot.addWidget(editor)
    assert editor.open_path(source)
    model = editor.model
    assert model.cell(0, "duration") == "?"
    [problem] = editor.problems()
    assert (problem.location, problem.field, problem.severity) == ("1", "duration", "error")
    assert "0.2" in model.data(model.index_of(0, "duration"), TIP)
    assert not editor.use_for_show()
    edit(editor, 0, "duration", "0.2")  # typed in the editor, 0.2 is minutes: 12 seconds
    assert editor.problems() == []


def workbook_with_more(path: Path) -> Path:
    """What a producer's workbook holds beyond LiveDesk's columns (hunt-sheet bug 2)."""
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "流程"
    rundown.append(["春季专场 主播：小王"])
    rundown.append(["环节", "时长", "类型", "话术", None])
    rundown.append(["开场", "5分钟", "开场", "大家好", "备用: 抽奖"])
    rundown.append(["带货", "10", "商品", "价格", None])
    products = book.create_sheet("Products")
    products.append(["sku", "name", "price", "成本", "供应商"])
    products.append(["A1", "围巾", "39.9", 12, "义乌"])
    shifts = book.create_sheet("主播排班")
    shifts.append(["主播", "时间"])
    shifts.append(["小王", "20:00"])
    book.save(path)
    return path


def loss_prompt(editor: RunSheetEditor) -> QMessageBox:
    prompt = editor.document.loss_prompt
    assert isinstance(prompt, QMessageBox)
    assert prompt.isVisible()
    return prompt


def button(prompt: QMessageBox, role: QMessageBox.ButtonRole) -> Any:
    [found] = [b for b in prompt.buttons() if prompt.buttonRole(b) == role]
    return found


async def test_saving_over_a_workbook_that_holds_more_asks_first(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    source = workbook_with_more(tmp_path / "show.xlsx")
    before = source.read_bytes()
    editor = make_editor(qtbot, show, runner)
    assert editor.open_path(source)
    edit(editor, 1, "duration", "12")
    editor.editor_actions.save.trigger()  # Ctrl+S
    prompt = loss_prompt(editor)
    said = prompt.informativeText()
    for lost in ("主播排班", "成本", "供应商", "1 row above the header", "column 5 (no header)"):
        assert lost in said, lost
    assert prompt.defaultButton() is button(prompt, QMessageBox.ButtonRole.AcceptRole)  # Save As
    assert source.read_bytes() == before  # nothing written while it asks

    prompt.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.document.loss_prompt is None
    assert source.read_bytes() == before
    assert editor.isWindowModified()

    editor.editor_actions.save.trigger()
    button(loss_prompt(editor), QMessageBox.ButtonRole.AcceptRole).click()  # Save As…
    dialog = editor.document.file_dialog
    assert dialog is not None
    assert dialog.isVisible()
    [offered] = dialog.selectedFiles()
    assert Path(offered) == tmp_path / "show-2.xlsx"  # a new file, beside the producer's
    dialog.accept()
    assert source.read_bytes() == before
    assert (tmp_path / "show-2.xlsx").exists()
    assert editor.document.path == str(tmp_path / "show-2.xlsx")
    assert not editor.isWindowModified()
    assert load_workbook(source).sheetnames == ["流程", "Products", "主播排班"]

    edit(editor, 0, "title", "开场白")
    editor.editor_actions.save.trigger()  # the new file holds all there is: no question
    assert editor.document.loss_prompt is None
    assert not editor.isWindowModified()


async def test_overwrite_anyway_writes_and_asks_no_more(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    source = workbook_with_more(tmp_path / "show.xlsx")
    editor = make_editor(qtbot, show, runner)
    assert editor.open_path(source)
    edit(editor, 1, "duration", "12")
    editor.editor_actions.save.trigger()
    button(loss_prompt(editor), QMessageBox.ButtonRole.DestructiveRole).click()
    # the producer's Chinese workbook keeps its sheets' names (a coupons sheet is 优惠券)
    assert load_workbook(source).sheetnames == ["流程", "Products", "优惠券"]
    assert load_runsheet(source).sheet.segments[1].duration_s == 720
    assert not editor.isWindowModified()
    edit(editor, 1, "duration", "15")
    editor.editor_actions.save.trigger()  # what was lost is gone: nothing more to ask
    assert editor.document.loss_prompt is None
    assert load_runsheet(source).sheet.segments[1].duration_s == 900


async def test_a_file_with_nothing_to_lose_saves_without_asking(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    source = tmp_path / "show.csv"
    source.write_text("环节,时长,主播\n开场,5,小美\n讲解,10,老王\n", encoding="utf-8")
    editor = make_editor(qtbot, show, runner)
    assert editor.open_path(source)
    edit(editor, 0, "title", "开场白")
    editor.editor_actions.save.trigger()
    assert editor.document.loss_prompt is None
    assert [s.title for s in load_runsheet(source).sheet.segments] == ["开场白", "讲解"]


async def test_a_point_a_csv_cell_would_split_is_not_split_silently(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    source = tmp_path / "show.json"
    segment = {"title": "带货", "duration": 300, "notes": ["价格|199元"]}
    source.write_text(json.dumps({"segments": [segment]}, ensure_ascii=False), "utf-8")
    editor = make_editor(qtbot, show, runner)
    assert editor.open_path(source)
    editor.editor_actions.save.trigger()  # back to its JSON: kept whole, nothing to ask
    assert editor.document.loss_prompt is None
    assert json.loads(source.read_text("utf-8"))["segments"][0]["notes"] == ["价格|199元"]
    editor.document.save_checked(str(tmp_path / "show.csv"))  # as Save As … .csv does
    prompt = loss_prompt(editor)
    assert "“|”" in prompt.informativeText()
    assert button(prompt, QMessageBox.ButtonRole.DestructiveRole).text() == "Save anyway"
    prompt.button(QMessageBox.StandardButton.Cancel).click()
    assert not (tmp_path / "show.csv").exists()
