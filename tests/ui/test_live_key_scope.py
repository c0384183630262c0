"""Where the live keys act: never while a text field has focus (the key is the field's), and the
scene keys only in the console and the host view (F2 in the run-sheet editor edits a cell)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.main_window import MainWindow
from app.ui.runsheet_editor import RunSheetEditor
from tests.support.fake_obs import FakeObs
from tests.support.memory_files import JsonRunSheetFiles
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until
from tests.ui.test_cue_panel import make_sheet

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier

CHORDS = [
    ("Ctrl+P product card", Qt.Key.Key_P, CTRL),
    ("Ctrl+K coupon", Qt.Key.Key_K, CTRL),
    ("Ctrl+Shift+L streaming", Qt.Key.Key_L, CTRL | SHIFT),
    ("Ctrl+Shift+R recording", Qt.Key.Key_R, CTRL | SHIFT),
    ("F2 scene", Qt.Key.Key_F2, NONE),
]


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog) -> Show:
    """Overrides conftest's: with a run-sheet (its catalog fills the overlay lists)."""
    show = build_show(fake_obs, memory_log)
    await show.obs.resync(await fake_obs.connect())
    await show.runner.load(make_sheet())
    return show


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, runner: TaskRunner) -> list[str]:
    """The names of the tasks the UI starts; none is run (the keys' effect, seen at once)."""
    names: list[str] = []

    def run(coro: Any, name: str = "", **_kwargs: Any) -> None:
        coro.close()
        names.append(name)

    monkeypatch.setattr(runner, "run", run)
    return names


async def _focus(widget: QWidget, until: Until) -> None:
    widget.activateWindow()
    await until(widget.window().isActiveWindow)
    widget.setFocus()
    await until(widget.hasFocus)


async def _ready(window: MainWindow, until: Until) -> None:
    overlay = window.overlay_panel
    await until(lambda: overlay.product_list.topLevelItemCount() == 1)
    await until(lambda: overlay.coupon_list.topLevelItemCount() == 1)
    overlay.product_list.setCurrentItem(overlay.product_list.topLevelItem(0))
    overlay.coupon_list.setCurrentItem(overlay.coupon_list.topLevelItem(0))
    await until(lambda: len(window.scenes_panel.scene_names()) >= 2)


@pytest.mark.parametrize("chord", CHORDS, ids=[c[0] for c in CHORDS])
async def test_a_live_chord_typed_in_a_text_field_stays_in_the_field(
    qtbot: Any,
    window: MainWindow,
    started: list[str],
    until: Until,
    chord: tuple[str, Qt.Key, Qt.KeyboardModifier],
) -> None:
    _label, key, modifiers = chord
    await _ready(window, until)
    await _focus(window.host_message_box.text_combo, until)
    field = window.host_message_box.text_combo.lineEdit()
    qtbot.keyClicks(field, "hello")
    qtbot.keyClick(field, key, modifiers)
    assert started == []

    await _focus(window.cue_panel.segment_list, until)  # out of the field, the key acts
    qtbot.keyClick(window.cue_panel.segment_list, key, modifiers)
    assert started  # the action started


async def test_a_live_chord_in_the_featured_comment_box_stays_in_the_box(
    qtbot: Any, window: MainWindow, started: list[str], until: Until
) -> None:
    await _ready(window, until)
    field = window.overlay_panel.comment_edit
    await _focus(field, until)
    qtbot.keyClick(field, Qt.Key.Key_P, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_K, CTRL)
    assert started == []


async def test_f2_in_the_run_sheet_editor_edits_the_cell_and_leaves_the_scene(
    qtbot: Any,
    window: MainWindow,
    show: Show,
    runner: TaskRunner,
    started: list[str],
    until: Until,
) -> None:
    await _ready(window, until)
    editor = RunSheetEditor(show, runner, JsonRunSheetFiles(), None)
    qtbot.addWidget(editor)
    editor.show()
    editor.model.reset(show.runner.sheet)
    editor.table.setCurrentIndex(editor.model.index_of(0, "title"))
    await _focus(editor.table, until)
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    assert started == []
    assert editor.table.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.keyClick(editor.table, Qt.Key.Key_T, CTRL)
    assert started == []
    editor.undo_stack.setClean()


async def test_the_scene_keys_act_in_the_console_and_in_the_host_view(
    qtbot: Any, window: MainWindow, started: list[str], until: Until
) -> None:
    await _ready(window, until)
    await _focus(window.cue_panel.segment_list, until)
    qtbot.keyClick(window.cue_panel.segment_list, Qt.Key.Key_F2)
    assert started == ["switch-scene"]

    window.open_host_view()
    await _focus(window.host_view, until)
    qtbot.keyClick(window.host_view, Qt.Key.Key_F3)
    assert started == ["switch-scene", "switch-scene"]
