"""One keymap for the live actions: the defaults the console always had, the settings' overrides,
tooltips that show the current key, and keys changed while the console runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.domain import log_events as kinds
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.keymap import ACTIONS, Keymap
from app.ui.main_window import MainWindow
from tests.support.memory_log import MemoryLog
from tests.ui.conftest import ErrorRelay, Until
from tests.ui.test_cue_panel import make_sheet

DEFAULTS = {
    "cue.next": "Space", "cue.prev": "Shift+Space", "cue.standby": "Ctrl+B",
    "overlay.product": "Ctrl+P", "overlay.coupon": "Ctrl+K", "overlay.extend": "Ctrl+E",
    "overlay.clear_featured": "Ctrl+Shift+F", "scenes.transition": "Ctrl+T",
    **{f"scene.{n}": f"F{n}" for n in range(1, 13)},
    "show.marker": "M", "view.host": "Ctrl+F11", "questions.claim": "Ctrl+L",
    "questions.copy_answer": "Ctrl+Shift+C", "overlay.stop_coupon": "Ctrl+Shift+K",
    "outputs.stream": "Ctrl+Shift+L", "outputs.record": "Ctrl+Shift+R",
    "outputs.save_replay": "Ctrl+Shift+B", "thanks.top": "Ctrl+Shift+G",
    "interaction.draw": "Ctrl+Shift+D", "interaction.close_poll": "Ctrl+Shift+V",
    "interaction.reveal": "Ctrl+Shift+J", "interaction.close_checkin": "Ctrl+Shift+I",
}  # fmt: skip
INTERACTION = [name for name in DEFAULTS if name.startswith("interaction.")]


def test_the_defaults_are_the_keys_the_console_always_had() -> None:
    keymap = Keymap()
    keys = keymap.keys()
    assert {name: keys[name] for name in DEFAULTS} == DEFAULTS
    assert len(set(keys.values())) == len(keys)  # no two actions share a key
    assert keymap.overrides() == {}
    assert all(Keymap.label(a.name) for a in ACTIONS)
    assert Keymap.label("scene.3") == "Switch to scene 3"


def test_no_default_is_reserved_and_the_interaction_keys_are_no_standard_key() -> None:
    keys = Keymap().keys()
    assert {name: key for name, key in keys.items() if Keymap.reserved_use(key)} == {}
    standard = {
        binding.toString(QKeySequence.SequenceFormat.PortableText): standard_key.name
        for standard_key in QKeySequence.StandardKey
        for binding in QKeySequence.keyBindings(standard_key)
    }
    assert {name: standard[keys[name]] for name in INTERACTION if keys[name] in standard} == {}
    assert [Keymap.label(name) for name in INTERACTION] == [
        "Draw the open lottery's winners", "Close the open poll",
        "Reveal the quiz's right answer", "Close the open check-in",
    ]  # fmt: skip


def test_overrides_apply_and_unusable_ones_fall_back() -> None:
    keymap = Keymap({"cue.next": "ctrl+g", "nonsense.action": "X", "cue.prev": "Return",
                     "show.marker": "not a key at all"})  # fmt: skip
    assert keymap.key("cue.next") == "Ctrl+G"
    assert keymap.key("cue.prev") == "Shift+Space"  # Return is kept for lists
    assert keymap.key("show.marker") == "M"
    assert keymap.overrides() == {"cue.next": "Ctrl+G"}


def test_a_shared_key_falls_back_but_a_swap_is_fine() -> None:
    clash = Keymap({"cue.next": "Ctrl+P"})  # the product card's key
    assert clash.key("cue.next") == "Space"
    assert clash.key("overlay.product") == "Ctrl+P"
    swap = Keymap({"cue.next": "Shift+Space", "cue.prev": "Space"})
    assert (swap.key("cue.next"), swap.key("cue.prev")) == ("Shift+Space", "Space")
    both = Keymap({"overlay.product": "Ctrl+G", "overlay.coupon": "Ctrl+G"})
    assert both.keys() == Keymap().keys()


@pytest.fixture
async def loaded_show(show: Show) -> Show:
    await show.runner.load(make_sheet())
    return show


@pytest.fixture
def custom_window(
    qtbot: Any, bridge: ShowBridge, runner: TaskRunner, user_errors: ErrorRelay, loaded_show: Show
) -> Iterator[tuple[MainWindow, list[str]]]:
    opened: list[str] = []
    window = MainWindow(bridge, runner, keymap=Keymap({"cue.next": "Ctrl+G"}),
                        open_settings=lambda: opened.append("settings"))  # fmt: skip
    user_errors.target = window.show_error
    qtbot.addWidget(window)
    window.show()
    yield window, opened
    user_errors.target = None


async def test_the_settings_keys_drive_the_window_and_its_tooltips(
    custom_window: tuple[MainWindow, list[str]], loaded_show: Show, memory_log: MemoryLog,
    qtbot: Any, until: Until,
) -> None:  # fmt: skip
    window, _opened = custom_window
    window.activateWindow()
    await until(window.isActiveWindow)
    assert "(Ctrl+G)" in window.cue_panel.go_button.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_Space)  # no longer the cue key
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: loaded_show.runner.index == 0)
    assert len(memory_log.of_kind(kinds.SEGMENT_START)) == 1

    window.set_keymap(Keymap({"show.marker": "Ctrl+J", "overlay.product": "Ctrl+Shift+P",
                              "scene.1": "Ctrl+1"}))  # fmt: skip
    assert "(Ctrl+J)" in window.marker_action.toolTip()
    assert "(Ctrl+Shift+P)" in window.overlay_panel.product_list.toolTip()
    assert "(Ctrl+P)" not in window.overlay_panel.product_list.toolTip()
    assert "(Space)" in window.cue_panel.go_button.toolTip()  # back to the default
    first = window.scenes_panel.scene_button(window.scenes_panel.scene_names()[0])
    assert first is not None
    assert "(Ctrl+1)" in first.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: len(memory_log.of_kind("marker")) == 1)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    await until(lambda: loaded_show.runner.index == 1)


async def test_every_live_action_shows_its_key_in_a_tooltip(window: MainWindow, qtbot: Any) -> None:
    cue, overlay, scenes = window.cue_panel, window.overlay_panel, window.scenes_panel
    tips = {
        "cue.next": cue.go_button.toolTip(), "cue.prev": cue.prev_button.toolTip(),
        "cue.standby": cue.standby_button.toolTip(),
        "overlay.product": overlay.product_list.toolTip(),
        "overlay.coupon": overlay.start_coupon_button.toolTip(),
        "overlay.extend": overlay.extend_button.toolTip(),
        "overlay.clear_featured": overlay.clear_featured_button.toolTip(),
        "scenes.transition": scenes.transition_button.toolTip(),
        "show.marker": window.marker_action.toolTip(),
        "view.host": window.host_view_action.toolTip(),
    }  # fmt: skip
    for name, tip in tips.items():
        assert f"({DEFAULTS[name]})" in tip, name
    for number, scene in enumerate(scenes.scene_names()[:12], start=1):
        button = scenes.scene_button(scene)
        assert button is not None
        assert f"(F{number})" in button.toolTip()


async def test_settings_menu_action_with_ctrl_comma(
    custom_window: tuple[MainWindow, list[str]],
) -> None:
    window, opened = custom_window
    action = window.settings_action
    assert action.isEnabled()
    assert QKeySequence("Ctrl+,") in action.shortcuts()
    action.trigger()
    assert opened == ["settings"]


async def test_without_a_settings_callback_the_action_is_off(window: MainWindow) -> None:
    assert not window.settings_action.isEnabled()


async def test_no_key_of_the_window_is_bound_twice(window: MainWindow) -> None:
    """Two window-wide bindings of one key are ambiguous: Qt then runs neither."""
    from PySide6.QtGui import QAction, QShortcut

    seen: dict[str, list[str]] = {}
    for shortcut in window.findChildren(QShortcut):
        bound = shortcut.keys() if shortcut.context() != Qt.ShortcutContext.WidgetShortcut else []
        for key in bound:
            seen.setdefault(key.toString(), []).append(f"shortcut {shortcut.parent()}")
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            seen.setdefault(key.toString(), []).append(f"action “{action.text()}”")
    assert {key: users for key, users in seen.items() if key and len(users) > 1} == {}
