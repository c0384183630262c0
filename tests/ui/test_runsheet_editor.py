"""The run-sheet editor against a whole Show over FakeObs: what the edits make of the RunSheet,
what is saved and read back, what reaches the show's runner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTime
from PySide6.QtWidgets import QComboBox, QMessageBox

from app.adapters.files.runsheets import FileRunSheets
from app.domain import log_events as kinds
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.runsheet import RunSheet, Segment, SegmentKind
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.runsheet_editor import ERROR_COLOR, WARNING_COLOR, RunSheetEditor
from app.ui.runsheet_editor.analysis import FIELD_NAMES
from app.ui.runsheet_editor.delegates import ChoiceDelegate
from app.ui.runsheet_editor.model import COLUMNS
from tests.support.fake_obs import FakeObs
from tests.support.memory_files import JsonRunSheetFiles
from tests.support.memory_log import MemoryLog
from tests.ui.conftest import Until

BG = Qt.ItemDataRole.BackgroundRole
REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates"
CATALOG = Catalog(
    (Product("EAR-1", "云朵耳机", Decimal("199")), Product("CASE-2", "充电盒", Decimal("49"))),
    (Coupon("SAVE20", "立减 20", "-20", 300),),
)
SHEET = RunSheet(
    (
        Segment("开场 Opening", 300, SegmentKind.OPENING, "Opening", notes=("欢迎", "抽奖规则")),
        Segment("讲解 Teaching", 600, SegmentKind.TEACHING, "Teaching"),
        Segment("耳机 Earbuds", 480, SegmentKind.PRODUCT, "Product", "EAR-1", "SAVE20"),
        Segment("结束 Closing", 120, SegmentKind.CLOSING, "BRB", notes=("下期预告",)),
    ),
    CATALOG,
    "新品发布 Launch",
)


@pytest.fixture
def files() -> JsonRunSheetFiles:
    return JsonRunSheetFiles()


@pytest.fixture
def templates_dir(tmp_path: Path, files: JsonRunSheetFiles) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    files.save(SHEET, str(folder / "starter.json"))
    return folder


def make_editor(qtbot: Any, show: Show, runner: TaskRunner, files: Any, folder: Any) -> Any:
    editor = RunSheetEditor(show, runner, files, folder)
    qtbot.addWidget(editor)
    editor.show()
    return editor


@pytest.fixture
def editor(
    qtbot: Any, show: Show, runner: TaskRunner, files: JsonRunSheetFiles, templates_dir: Path
) -> Iterator[RunSheetEditor]:
    editor = make_editor(qtbot, show, runner, files, templates_dir)
    editor.start_time.setTime(QTime(20, 0))
    editor.model.reset(SHEET)
    yield editor
    editor.undo_stack.setClean()  # qtbot closes it next: nothing to ask about


def titles(editor: RunSheetEditor) -> list[str]:
    return [segment.title for segment in editor.sheet().segments]


def edit(editor: RunSheetEditor, row: int, field: str, text: str) -> None:
    assert editor.model.setData(editor.model.index_of(row, field), text)


async def test_edits_are_read_back_and_the_timing_follows(editor: RunSheetEditor) -> None:
    model = editor.model
    assert model.row_count() == 4
    assert editor.sheet() == SHEET
    edit(editor, 1, "title", "  讲解：降噪原理  ")
    edit(editor, 1, "duration", "12分钟")
    edit(editor, 0, "notes", "欢迎\n\n抽奖规则\n关注")
    edit(editor, 3, "kind", "答疑")
    segments = editor.sheet().segments
    assert segments[1].title == "讲解：降噪原理"
    assert segments[1].duration_s == 720
    assert segments[0].notes == ("欢迎", "抽奖规则", "关注")
    assert segments[3].kind is SegmentKind.QA
    assert editor.sheet().total_s == 300 + 720 + 480 + 120
    assert model.cell(1, "duration") == "12分钟"  # kept as typed, shown canonical
    assert model.display(1, "duration") == "12:00"
    assert [model.display(r, "start") for r in range(4)] == ["20:00", "20:05", "20:17", "20:25"]
    editor.start_time.setTime(QTime(23, 50))
    assert model.display(3, "start") == "00:15 (+1)"
    assert editor.problems() == []


async def test_a_bad_duration_is_an_error_on_its_cell(
    editor: RunSheetEditor, show: Show, tmp_path: Path
) -> None:
    model = editor.model
    edit(editor, 2, "duration", "ten minutes")
    [problem] = editor.problems()
    assert (problem.severity, problem.field, problem.location) == ("error", "duration", "3")
    assert problem.segment == 2
    assert model.data(model.index_of(2, "duration"), BG) == ERROR_COLOR
    assert model.data(model.index_of(2, "title"), BG) is None
    assert problem.message in model.data(model.index_of(2, "duration"), Qt.ItemDataRole.ToolTipRole)
    assert model.display(2, "duration") == "ten minutes"
    assert not editor.use_for_show()  # refused while the sheet has errors
    assert not editor.save_path(tmp_path / "bad.json")
    assert editor.message_bar.isVisibleTo(editor)
    assert show.runner.sheet == RunSheet()
    assert not (tmp_path / "bad.json").exists()
    edit(editor, 2, "duration", "8:00")
    assert editor.problems() == []
    assert model.data(model.index_of(2, "duration"), BG) is None


async def test_warnings_are_amber_and_follow_obs(
    editor: RunSheetEditor, fake_obs: FakeObs, until: Until
) -> None:
    model = editor.model
    edit(editor, 1, "scene", "Whiteboard")
    edit(editor, 2, "product", "NOPE-9")
    warnings = {(p.field, p.location) for p in editor.problems() if p.severity == "warning"}
    assert warnings == {("scene", "2"), ("product", "3")}
    assert model.data(model.index_of(1, "scene"), BG) == WARNING_COLOR
    assert model.data(model.index_of(2, "product"), BG) == WARNING_COLOR
    fake_obs.scenes.append("Whiteboard")  # the producer adds the scene in OBS
    fake_obs.emit("SceneListChanged", scenes=fake_obs._r_GetSceneList()["scenes"])
    await until(lambda: model.data(model.index_of(1, "scene"), BG) is None)
    assert [p.field for p in editor.problems()] == ["product"]
    assert editor.use_for_show()  # warnings do not block


async def test_move_row_3_to_1_then_undo_and_redo(editor: RunSheetEditor) -> None:
    before = titles(editor)
    assert editor.model.moveRows(QModelIndex(), 2, 1, QModelIndex(), 0)
    moved = [before[2], before[0], before[1], before[3]]
    assert titles(editor) == moved
    assert [editor.model.display(r, "#") for r in range(4)] == ["1", "2", "3", "4"]
    editor.undo_stack.undo()
    assert titles(editor) == before
    editor.undo_stack.redo()
    assert titles(editor) == moved
    assert not editor.model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 2)  # stays put


async def test_dropping_dragged_rows_reorders_them(editor: RunSheetEditor) -> None:
    model, before = editor.model, titles(editor)
    mime = model.mimeData([model.index(0, 2), model.index(2, 2)])
    # the model moves the rows itself and answers False, so the view deletes nothing after
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    assert titles(editor) == [before[1], before[3], before[0], before[2]]
    assert model.row_count() == 4
    editor.undo_stack.undo()  # one step for the whole drop
    assert titles(editor) == before
    mime = model.mimeData([model.index(3, 0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(1, 0))  # onto row 2
    assert titles(editor) == [before[0], before[3], before[1], before[2]]


async def test_add_duplicate_delete_move_and_edit_undo_and_redo(editor: RunSheetEditor) -> None:
    b, stack = titles(editor), editor.undo_stack
    cases = [
        ("add", 1, [b[0], b[1], "New segment", b[2], b[3]]),
        ("duplicate", 0, [b[0], b[0], b[1], b[2], b[3]]),
        ("delete", 2, [b[0], b[1], b[3]]),
        ("move_down", 1, [b[0], b[2], b[1], b[3]]),
        ("move_up", 1, [b[1], b[0], b[2], b[3]]),
    ]
    for name, row, after in cases:
        editor.table.selectRow(row)
        getattr(editor.editor_actions, name).trigger()
        assert titles(editor) == after, name
        stack.undo()
        assert editor.sheet() == SHEET, name
        assert not editor.isWindowModified(), name
        stack.redo()
        assert titles(editor) == after, name
        assert editor.isWindowModified(), name
        stack.undo()
    assert editor.sheet().segments[0] == SHEET.segments[0]
    editor.table.selectRow(1)
    editor.editor_actions.move_down.trigger()
    editor.editor_actions.move_up.trigger()  # the moved row stays selected: it comes back
    assert editor.sheet() == SHEET
    edit(editor, 0, "title", "Hello")
    stack.undo()
    assert editor.sheet() == SHEET
    stack.redo()
    assert titles(editor)[0] == "Hello"


async def test_shortcuts(editor: RunSheetEditor, qtbot: Any, until: Until) -> None:
    def keys(name: str) -> list[str]:
        return [key.toString() for key in getattr(editor.editor_actions, name).shortcuts()]

    assert keys("add") == ["Ins", "Ctrl+I"]
    assert keys("duplicate") == ["Ctrl+D"]
    assert keys("delete") == ["Del"]
    assert keys("undo") == ["Ctrl+Z"]
    assert keys("move_up") == ["Ctrl+Up"]
    assert keys("move_down") == ["Ctrl+Down"]
    assert keys("redo") == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert keys("use") == ["Ctrl+Return", "Ctrl+Enter"]
    assert keys("open") == ["Ctrl+O"]
    assert keys("save") == ["Ctrl+S"]
    every = [key.toString() for action in editor.actions() for key in action.shortcuts()]
    assert len(every) == len(set(every)), "two actions share a shortcut"

    editor.activateWindow()
    await until(editor.isActiveWindow)
    editor.table.setFocus()
    editor.table.selectRow(3)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert titles(editor)[2] == SHEET.segments[3].title
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.sheet() == SHEET


async def test_save_then_open_in_a_fresh_editor_gives_the_same_sheet(
    editor: RunSheetEditor,
    qtbot: Any,
    show: Show,
    runner: TaskRunner,
    files: JsonRunSheetFiles,
    tmp_path: Path,
) -> None:
    edit(editor, 1, "duration", "1小时30分")
    edit(editor, 3, "coupon", "SAVE20")
    assert editor.isWindowModified()
    path = tmp_path / "launch.json"
    assert editor.save_path(path)
    assert not editor.isWindowModified()
    assert "launch.json" in editor.windowTitle()
    assert json.loads(path.read_text(encoding="utf-8"))["segments"][1]["duration"] == 5400
    fresh = make_editor(qtbot, show, runner, files, None)
    assert fresh.open_path(path)
    assert fresh.sheet() == editor.sheet()
    assert fresh.sheet().catalog == CATALOG
    assert fresh.sheet().title == SHEET.title
    assert not fresh.isWindowModified()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
async def test_round_trip_through_the_file_adapter(
    suffix: str, qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    adapter = FileRunSheets()
    first = make_editor(qtbot, show, runner, adapter, None)
    first.model.reset(SHEET)
    path = tmp_path / f"show{suffix}"
    assert first.save_path(path), first.message_bar.text()
    second = make_editor(qtbot, show, runner, adapter, None)
    assert second.open_path(path), second.message_bar.text()
    assert second.sheet().segments == SHEET.segments
    if suffix != ".csv":  # a CSV file has no room for the products and coupons
        assert second.sheet().catalog == CATALOG


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
async def test_the_files_other_columns_survive_editing_and_saving(
    suffix: str, qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    """A producer's 主播 and 开始时间 columns are not LiveDesk's, but opening the sheet in the
    editor, editing, adding and moving rows, and saving it keeps them, row by row."""
    source = tmp_path / "source.csv"
    source.write_text("环节,时长,主播,开始时间\n开场,5,小美,20:00\n讲解,10,老王,20:05\n",
                      encoding="utf-8")  # fmt: skip
    adapter = FileRunSheets()
    editor = make_editor(qtbot, show, runner, adapter, None)
    assert editor.open_path(source), editor.message_bar.text()
    editor.model.apply_cell(0, "title", "开场白")
    editor.model.reorder([1], 0)  # 讲解 first, its host with it
    editor.model.add_row(2, [{"title": "答疑", "duration": "3"}.get(name, "")
                             for name in FIELD_NAMES])  # as the window adds one  # fmt: skip
    path = tmp_path / f"saved{suffix}"
    assert editor.save_path(path), editor.message_bar.text()
    again = make_editor(qtbot, show, runner, adapter, None)
    assert again.open_path(path), again.message_bar.text()
    assert [(s.title, s.extra) for s in again.sheet().segments] == [
        ("讲解", (("主播", "老王"), ("开始时间", "20:05"))),
        ("开场白", (("主播", "小美"), ("开始时间", "20:00"))),
        ("答疑", (("主播", ""), ("开始时间", ""))),
    ]


async def test_an_unreadable_file_is_a_message_not_a_crash(
    editor: RunSheetEditor, files: JsonRunSheetFiles, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    assert not editor.open_path(broken)
    assert editor.message_bar.isVisibleTo(editor)
    assert "broken.json" in editor.message_bar.text()
    assert not editor.open_path(tmp_path / "missing.json")
    assert not editor.open_path(tmp_path / "show.pdf")
    assert editor.sheet() == SHEET  # what was there stays
    assert not editor.save_path(tmp_path / "show.pdf")  # the port refuses the format


async def test_a_file_with_bad_values_opens_with_them_marked(
    editor: RunSheetEditor, tmp_path: Path
) -> None:
    path = tmp_path / "half.json"
    segments = [{"title": "Opening", "duration": 300}, {"title": "Talk", "duration": "soon"}]
    path.write_text(json.dumps({"segments": segments}), encoding="utf-8")
    assert editor.open_path(path)
    assert editor.message_bar.isVisibleTo(editor)
    [problem] = editor.problems()
    assert (problem.severity, problem.field, problem.location) == ("error", "duration", "2")
    assert editor.model.data(editor.model.index_of(1, "duration"), BG) == ERROR_COLOR


async def test_use_for_the_show_loads_the_sheet_into_the_runner(
    editor: RunSheetEditor,
    show: Show,
    memory_log: MemoryLog,
    until: Until,
    qtbot: Any,
    runner: TaskRunner,
) -> None:
    edit(editor, 0, "title", "Welcome")
    assert editor.use_for_show()
    await until(lambda: show.runner.sheet == editor.sheet())
    assert show.runner.sheet.segments[0].title == "Welcome"
    assert memory_log.of_kind(kinds.RUNSHEET_LOAD)[-1].data["origin"] == "editor"
    assert show.runner.catalog().product("EAR-1") is not None
    later = make_editor(qtbot, show, runner, JsonRunSheetFiles(), None)
    assert later.sheet() == show.runner.sheet  # an editor opens on what the show has loaded


def open_combo(editor: RunSheetEditor, row: int, field: str) -> tuple[QComboBox, Any]:
    """Start editing the cell as a double-click would; the combo the table opened."""
    index = editor.model.index_of(row, field)
    editor.table.setCurrentIndex(index)  # which closes any editor still open
    editor.table.edit(index)
    [combo] = [c for c in editor.table.viewport().findChildren(QComboBox) if c.isVisible()]
    delegate = editor.table.itemDelegateForColumn(index.column())
    assert isinstance(delegate, ChoiceDelegate)
    return combo, lambda: delegate.setModelData(combo, editor.model, index)


async def test_the_scene_combo_offers_obs_scenes(editor: RunSheetEditor, fake_obs: FakeObs) -> None:
    combo, commit = open_combo(editor, 1, "scene")
    assert [combo.itemData(i) for i in range(combo.count())] == ["", *fake_obs.scenes]
    assert combo.currentText() == "Teaching"
    combo.setCurrentIndex(combo.findData("BRB"))
    commit()
    assert editor.sheet().segments[1].scene == "BRB"
    combo.setEditText("Not in OBS yet")  # a scene the producer will create later
    commit()
    assert editor.sheet().segments[1].scene == "Not in OBS yet"
    assert [p.field for p in editor.problems()] == ["scene"]


async def test_product_and_kind_combos_store_values_not_labels(editor: RunSheetEditor) -> None:
    combo, commit = open_combo(editor, 1, "product")
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["", "EAR-1 · 云朵耳机", "CASE-2 · 充电盒"]
    combo.setCurrentIndex(2)
    commit()
    assert editor.sheet().segments[1].product == "CASE-2"
    assert editor.model.display(1, "product") == "CASE-2 · 充电盒"
    combo, commit = open_combo(editor, 1, "kind")
    assert combo.currentText() == "讲课 (teaching)"
    combo.setCurrentIndex(combo.findData("promo"))
    commit()
    assert editor.sheet().segments[1].kind is SegmentKind.PROMO
    assert editor.model.display(1, "kind") == "促销 (promo)"


async def test_templates(editor: RunSheetEditor, files: JsonRunSheetFiles) -> None:
    assert editor.document.template_names() == ["starter.json"]
    editor.model.reset(RunSheet())
    assert editor.load_template("starter")
    assert editor.sheet() == SHEET
    assert editor.document.path is None  # Save asks where: the template stays as it is
    assert not editor.isWindowModified()
    assert not editor.load_template("no-such-template")
    assert editor.sheet() == SHEET


def test_the_two_starter_templates_ship() -> None:
    names = {p.name for p in REPO_TEMPLATES.glob("*.json")}
    assert {"公开课带货.json", "product_launch.json"} <= names


@pytest.mark.parametrize("name", sorted(p.name for p in REPO_TEMPLATES.glob("*.json")))
async def test_the_shipped_templates_load(
    name: str, qtbot: Any, show: Show, runner: TaskRunner, files: JsonRunSheetFiles
) -> None:
    editor = make_editor(qtbot, show, runner, files, REPO_TEMPLATES)
    assert name in editor.document.template_names()
    assert editor.load_template(name), editor.message_bar.text()
    assert editor.sheet().segments
    assert [p for p in editor.problems() if p.severity == "error"] == []


async def test_closing_with_unsaved_changes_asks(
    editor: RunSheetEditor, files: JsonRunSheetFiles, tmp_path: Path
) -> None:
    edit(editor, 0, "title", "Changed")
    editor.close()
    prompt = editor.document.unsaved_prompt
    assert isinstance(prompt, QMessageBox)
    assert editor.isVisible()
    prompt.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.isVisible()
    assert editor.document.unsaved_prompt is None
    editor.editor_actions.new.trigger()  # New asks the same way
    prompt = editor.document.unsaved_prompt
    assert prompt is not None
    saves = len(files.saves)
    prompt.button(QMessageBox.StandardButton.Discard).click()
    assert editor.sheet() == RunSheet()
    assert len(files.saves) == saves
    assert not editor.isWindowModified()
    editor.editor_actions.add.trigger()
    assert editor.save_path(tmp_path / "first.json")
    edit(editor, 0, "title", "Changed again")
    editor.close()
    prompt = editor.document.unsaved_prompt
    assert prompt is not None
    prompt.button(QMessageBox.StandardButton.Save).click()  # saves to first.json, then closes
    assert not editor.isVisible()
    saved = json.loads((tmp_path / "first.json").read_text(encoding="utf-8"))
    assert saved["segments"][0]["title"] == "Changed again"


async def test_open_and_save_as_use_non_modal_file_dialogs(
    editor: RunSheetEditor, files: JsonRunSheetFiles, tmp_path: Path
) -> None:
    edit(editor, 0, "title", "Saved through the dialog")
    editor.editor_actions.save.trigger()  # no file yet: Save asks where, without blocking
    dialog = editor.document.file_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.selectNameFilter("JSON (*.json)")
    dialog.filterSelected.emit("JSON (*.json)")
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(str(tmp_path / "via-dialog"))
    dialog.accept()
    assert files.saves[-1] == str(tmp_path / "via-dialog.json")
    assert not editor.isWindowModified()

    editor.model.reset(RunSheet())
    editor.editor_actions.open.trigger()
    dialog = editor.document.file_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(str(tmp_path / "via-dialog.json"))
    dialog.accept()
    assert titles(editor)[0] == "Saved through the dialog"


async def test_the_interaction_column_is_checked_on_its_cell(editor: RunSheetEditor) -> None:
    model = editor.model
    assert (
        model.headerData(COLUMNS.index("interaction"), Qt.Orientation.Horizontal) == "Interaction"
    )
    edit(editor, 1, "interaction", "raffle: 666")
    [problem] = editor.problems()
    assert (problem.severity, problem.field, problem.location) == ("error", "interaction", "2")
    assert model.data(model.index_of(1, "interaction"), BG) == ERROR_COLOR
    edit(editor, 1, "interaction", "quiz: 2+2? | 3 | 4*")
    assert editor.problems() == []
    assert editor.sheet().segments[1].interaction == "quiz: 2+2? | 3 | 4*"


async def test_the_summary_counts_in_english_singular_and_plural(
    editor: RunSheetEditor, tmp_path: Path
) -> None:
    """ "1 error, 0 warnings · 4 segments", never "1 error(s)"; each count with its own plural."""
    assert editor.summary.text().startswith("0 errors, 0 warnings · 4 segments · total ")
    edit(editor, 2, "duration", "ten minutes")
    assert editor.summary.text().startswith("1 error, 0 warnings · 4 segments · total ")
    assert not editor.save_path(tmp_path / "bad.json")
    assert "fix the 1 error first" in editor.message_bar.text()
