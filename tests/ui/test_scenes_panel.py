"""The scenes panel against the fake OBS: what reaches OBS, and what the panel then reflects."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt

from app.domain import log_events as kinds
from app.services.show import Show
from app.services.supervisor import LOST
from app.ui.main_window import MainWindow
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.ui.conftest import Until


async def test_scenes_are_listed_in_obs_order(window: MainWindow, fake_obs: FakeObs) -> None:
    panel = window.scenes_panel
    assert panel.scene_names() == fake_obs.scenes == ["Opening", "Teaching", "Product", "BRB"]
    assert panel.scene_role("Opening") == "program"
    assert all(panel.scene_role(name) == "" for name in ("Teaching", "Product", "BRB"))


async def test_click_switches_program_and_the_highlight_follows(
    window: MainWindow, fake_obs: FakeObs, memory_log: MemoryLog, qtbot: Any, until: Until
) -> None:
    panel = window.scenes_panel
    button = panel.scene_button("Product")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.scene_role("Product") == "program")
    assert ("SetCurrentProgramScene", {"sceneName": "Product"}) in fake_obs.calls
    assert fake_obs.program == "Product"
    assert panel.scene_role("Opening") == ""
    action = memory_log.of_kind(kinds.ACTION_SCENE)[-1]
    assert action.data == {"scene": "Product", "target": "program", "origin": "console"}


async def test_f2_switches_to_the_second_scene(
    window: MainWindow, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    window.activateWindow()
    await until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    await until(lambda: fake_obs.program == "Teaching")
    assert ("SetCurrentProgramScene", {"sceneName": "Teaching"}) in fake_obs.calls
    await until(lambda: window.scenes_panel.scene_role("Teaching") == "program")


async def test_a_key_past_the_last_scene_does_nothing(
    window: MainWindow, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    window.activateWindow()
    await until(window.isActiveWindow)
    before = len(fake_obs.calls)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    await until(lambda: window.scenes_panel.scene_role("Opening") == "program")
    assert fake_obs.calls[before:] == []


async def test_studio_mode_sends_scenes_to_preview_and_transition_takes_them_live(
    window: MainWindow, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    panel = window.scenes_panel
    assert not panel.transition_button.isEnabled()
    qtbot.mouseClick(panel.studio_mode_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.studio_mode_button.isChecked())
    assert ("SetStudioModeEnabled", {"studioModeEnabled": True}) in fake_obs.calls
    assert panel.transition_button.isEnabled()

    button = panel.scene_button("BRB")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.scene_role("BRB") == "preview")
    assert ("SetCurrentPreviewScene", {"sceneName": "BRB"}) in fake_obs.calls
    assert "SetCurrentProgramScene" not in fake_obs.names()
    assert fake_obs.program == "Opening"
    assert panel.scene_role("Opening") == "program"

    qtbot.mouseClick(panel.transition_button, Qt.MouseButton.LeftButton)
    await until(lambda: panel.scene_role("BRB") == "program")
    assert "TriggerStudioModeTransition" in fake_obs.names()
    assert fake_obs.program == "BRB"


async def test_transition_shortcut(
    window: MainWindow, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    panel = window.scenes_panel
    qtbot.mouseClick(panel.studio_mode_button, Qt.MouseButton.LeftButton)
    await until(panel.transition_button.isEnabled)
    qtbot.mouseClick(panel.scene_button("Product"), Qt.MouseButton.LeftButton)
    await until(lambda: fake_obs.preview == "Product")
    window.activateWindow()
    await until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: fake_obs.program == "Product")
    assert "TriggerStudioModeTransition" in fake_obs.names()


async def test_studio_mode_button_follows_obs_not_the_click(
    window: MainWindow, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    """OBS refuses: the toggle stays off and the refusal lands in the message bar."""
    fake_obs.fail_requests["SetStudioModeEnabled"] = (500, "nope")
    panel = window.scenes_panel
    qtbot.mouseClick(panel.studio_mode_button, Qt.MouseButton.LeftButton)
    await until(lambda: not window.message_bar.isHidden())
    assert not panel.studio_mode_button.isChecked()
    assert not fake_obs.studio_mode


async def test_disconnected_disables_the_scenes(
    window: MainWindow, show: Show, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    panel = window.scenes_panel
    fake_obs.drop()
    show.obs.disconnected(LOST)
    await until(lambda: window.connection_bar.status == "disconnected")
    button = panel.scene_button("Teaching")
    assert button is not None
    assert not button.isEnabled()
    assert not panel.studio_mode_button.isEnabled()
    before = len(fake_obs.calls)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window.activateWindow()
    await until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    await asyncio.sleep(0.05)  # deliberate: time for a wrongly taken key to switch
    assert fake_obs.calls[before:] == []
    assert window.message_bar.isHidden()  # nothing was even tried


async def test_scene_list_change_rebuilds_the_buttons(
    window: MainWindow, fake_obs: FakeObs, until: Until
) -> None:
    fake_obs.scenes = ["Intro", *fake_obs.scenes]
    count = len(fake_obs.scenes)
    fake_obs.emit(
        "SceneListChanged",
        scenes=[
            {"sceneIndex": count - 1 - i, "sceneName": s} for i, s in enumerate(fake_obs.scenes)
        ],
    )
    await until(lambda: window.scenes_panel.scene_names()[0] == "Intro")
    assert window.scenes_panel.scene_names() == fake_obs.scenes
    assert window.scenes_panel.scene_role("Opening") == "program"


async def test_an_ampersand_in_a_scene_name_is_shown_and_switches(
    window: MainWindow, show: Show, fake_obs: FakeObs, qtbot: Any, until: Until
) -> None:
    fake_obs.scenes.append("答疑 Q&A")
    fake_obs.emit("SceneListChanged", scenes=fake_obs._r_GetSceneList()["scenes"])
    panel = window.scenes_panel
    await until(lambda: panel.scene_button("答疑 Q&A") is not None)
    button = panel.scene_button("答疑 Q&A")
    assert button is not None
    assert button.text() == "答疑 Q&&A"  # Qt shows "&&" as "&", a lone "&" not at all
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    await until(lambda: fake_obs.program == "答疑 Q&A")


async def test_the_overlay_scene_is_not_offered_as_a_scene(
    window: MainWindow, show: Show, fake_obs: FakeObs, until: Until
) -> None:
    fake_obs.scenes.insert(0, "LiveDesk Overlays")
    fake_obs.emit("SceneListChanged", scenes=fake_obs._r_GetSceneList()["scenes"])
    panel = window.scenes_panel
    await until(lambda: len(show.state().obs.scenes) == 5)
    await until(lambda: len(panel.scene_names()) == 4)
    assert "LiveDesk Overlays" not in panel.scene_names()
    assert panel.scene_names()[0] == "Opening"  # F1 stays the first show scene
