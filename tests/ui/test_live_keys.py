"""Every live action can be done from the keyboard, and its control's tooltip says which key: the
main window's live buttons and actions are walked, each must have a key bound in the window
(a QShortcut or a QAction's shortcut) whose native text its tooltip shows; and no window-wide key
is hidden (each one is named in some tooltip)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.i18n import install_translations, remove_translations
from app.ui.main_window import MainWindow
from tests.support.i18n import ZH_TS, build_qm

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _native(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def _names(tip: str, key: str) -> bool:
    """Whether `tip` names `key` ("F1" is not named by "F10", nor "M" by "Mark")."""
    return re.search(rf"(?<![A-Za-z0-9+]){re.escape(key)}(?![A-Za-z0-9+])", tip) is not None


def _bound_keys(window: MainWindow) -> dict[str, list[QShortcut | QAction]]:
    """Every key bound in the window (shortcuts of the panels, the menus' actions), natively
    written, with what it is bound to."""
    keys: dict[str, list[QShortcut | QAction]] = {}
    for shortcut in window.findChildren(QShortcut):
        for sequence in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            keys.setdefault(_native(sequence), []).append(shortcut)
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys.setdefault(_native(sequence), []).append(action)
    keys.pop("", None)
    return keys


def _live_controls(window: MainWindow) -> dict[str, QWidget | QAction]:
    """The controls of the live actions: what an operator does during a show."""
    scenes, outputs, cue = window.scenes_panel, window.outputs_panel, window.cue_panel
    overlay, queue = window.overlay_panel, window.queue_panel
    controls: dict[str, QWidget | QAction] = {
        "transition": scenes.transition_button,
        "stream": outputs.stream_button, "record": outputs.record_button,
        "replay save": outputs.save_replay_button,
        "cue next": cue.go_button, "cue previous": cue.prev_button,
        "cue this segment": cue.segment_list, "standby": cue.standby_button,
        "coupon +30 s (cue panel)": cue.extend_button,
        "coupon stop (cue panel)": cue.stop_coupon_button,
        "product card show/hide": overlay.product_list,
        "coupon start": overlay.start_coupon_button, "coupon stop": overlay.stop_coupon_button,
        "coupon extend": overlay.extend_button, "featured comment clear":
        overlay.clear_featured_button, "featured comment show": overlay.feature_button,
        "marker": window.marker_action, "host view": window.host_view_action,
        "question claim": queue.claim_button, "question answer": queue.answer_button,
        "question dismiss": queue.dismiss_button, "question feature": queue.feature_button,
        "answer copy": queue.copy_button, "thanks top": window.thanks_panel.thanked_button,
    }  # fmt: skip
    for number, scene in enumerate(scenes.scene_names()[:12], start=1):
        button = scenes.scene_button(scene)
        assert button is not None
        controls[f"scene {number} “{scene}”"] = button
    return controls


def _missing_keys(window: MainWindow) -> list[str]:
    keys = _bound_keys(window)
    missing = []
    for name, control in _live_controls(window).items():
        tip = control.toolTip()
        shown = [key for key in keys if _names(tip, key)]
        if not shown:
            missing.append(f"{name}: no bound key in its tooltip “{tip}”")
    return missing


def _hidden_keys(window: MainWindow) -> list[str]:
    """Window-wide keys that no tooltip or menu names (a scene key without a scene aside)."""
    tips = [w.toolTip() for w in window.findChildren(QWidget)]
    tips += [a.toolTip() for a in window.findChildren(QAction)]
    scenes = len(window.scenes_panel.scene_names())
    hidden = []
    for key, bound in _bound_keys(window).items():
        if all(isinstance(b, QAction) for b in bound):
            continue  # menus show their actions' keys themselves
        if not any(isinstance(b, QShortcut) and b.context() in WINDOW_WIDE for b in bound):
            continue  # a key of one field or list (Enter in the question list…)
        if key.startswith("F") and key[1:].isdigit() and int(key[1:]) > scenes:
            continue  # F5 with four scenes: nothing to switch to yet
        if not any(_names(tip, key) for tip in tips):
            hidden.append(key)
    return hidden


def test_every_live_action_has_a_key_in_its_tooltip(window: MainWindow) -> None:
    assert len(_live_controls(window)) > 20
    assert _missing_keys(window) == []


def _shared_keys(window: MainWindow) -> list[str]:
    """Keys bound twice where both act at once (Qt then runs neither): two window-wide shortcuts
    or menu actions of the main window."""
    shared = []
    for key, bound in _bound_keys(window).items():
        wide = [b for b in bound if isinstance(b, QAction) or b.context() in WINDOW_WIDE]
        if len(wide) > 1:
            shared.append(f"{key}: {[b.objectName() or type(b).__name__ for b in wide]}")
    return shared


def test_no_window_wide_key_is_hidden(window: MainWindow) -> None:
    assert _hidden_keys(window) == []


def test_no_key_is_bound_twice(window: MainWindow) -> None:
    assert _shared_keys(window) == []
    QShortcut(QKeySequence("Ctrl+Shift+R"), window)  # the record key, once more
    assert [k.split(":")[0] for k in _shared_keys(window)] == [
        _native(QKeySequence("Ctrl+Shift+R"))
    ]


def test_the_walk_finds_a_live_button_without_a_key(window: MainWindow) -> None:
    window.outputs_panel.record_button.setToolTip("Start or stop recording")
    assert [m.split(":")[0] for m in _missing_keys(window)] == ["record"]


@pytest.fixture
def zh_window(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, show: Show, tmp_path: Path
) -> Iterator[MainWindow]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path).parent)
    window = MainWindow(bridge, runner)
    qtbot.addWidget(window)
    window.show()
    yield window
    remove_translations()


async def test_in_chinese_the_tooltips_name_the_keys_as_qt_writes_them(
    zh_window: MainWindow,
) -> None:
    """With Qt's Chinese key names (空格 for Space) the tooltips still name the bound keys."""
    assert "空格" in _native(QKeySequence("Space"))
    assert "空格" in zh_window.cue_panel.go_button.toolTip()
    assert _missing_keys(zh_window) == []
    assert _hidden_keys(zh_window) == []
