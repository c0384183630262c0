"""The one-click overlay set-up from the console, against a recording stand-in for the stage."""

from __future__ import annotations

from typing import Any

from app.domain.runsheet import RunSheet, Segment
from app.services.show import Show
from app.ui.main_window import MainWindow
from tests.ui.conftest import Until


class RecordingStage:
    def __init__(self) -> None:
        self.calls: list[tuple[list[str], str | None]] = []

    async def setup(self, scenes: list[str], mode: str | None = None) -> dict[str, object]:
        self.calls.append((scenes, mode))
        return {"mode": mode or "native", "created": ["scene LiveDesk Overlays"], "repaired": [],
                "unchanged": []}  # fmt: skip


async def test_ticks_the_run_sheet_scenes_and_sets_up(
    window: MainWindow, show: Show, until: Until
) -> None:
    stage = RecordingStage()
    show.stage = stage
    await show.runner.load(RunSheet((Segment("a", 60, scene="Product"),
                                     Segment("b", 60, scene="Teaching"))))  # fmt: skip
    window.open_overlay_setup()
    dialog = window.overlay_setup_dialog
    assert dialog is not None
    assert not dialog.isModal()
    assert sorted(dialog.chosen_scenes()) == ["Product", "Teaching"]
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("native"))
    dialog.setup_button.click()
    await until(lambda: bool(stage.calls) and "1 created" in dialog.result_label.text())
    assert stage.calls == [(["Teaching", "Product"], "native")]  # OBS's order


async def test_without_obs_the_button_waits(window: MainWindow, show: Show, fake_obs: Any) -> None:
    show.stage = RecordingStage()
    fake_obs.drop()
    show.obs.disconnected(None)
    window.open_overlay_setup()
    assert window.overlay_setup_dialog is not None
    assert not window.overlay_setup_dialog.setup_button.isEnabled()


class VerticalStage(RecordingStage):
    def __init__(self, vertical: dict[str, object]) -> None:
        super().__init__()
        self.vertical = vertical

    async def setup(self, scenes: list[str], mode: str | None = None) -> dict[str, object]:
        report = await super().setup(scenes, mode)
        return {**report, "canvas": {"width": 1080, "height": 1920}, "orientation": "portrait",
                "vertical_canvas": self.vertical}  # fmt: skip


async def test_the_result_says_which_canvas_the_cards_are_on(
    window: MainWindow, show: Show, until: Until
) -> None:
    show.stage = VerticalStage({"found": None, "name": None, "drives": "main"})
    window.open_overlay_setup()
    dialog = window.overlay_setup_dialog
    assert dialog is not None
    dialog.setup_button.click()
    await until(lambda: "1 created" in dialog.result_label.text())
    text = dialog.result_label.text()
    assert "main canvas (1080x1920)" in text
    assert "safe area" in text
    assert "No second (vertical) canvas" in text
    show.stage = VerticalStage({"found": "aitum-vertical", "name": "Aitum Vertical",
                                "drives": "main"})  # fmt: skip
    dialog.setup_button.click()
    await until(lambda: "Aitum Vertical" in dialog.result_label.text())
    assert "not placed on it" in dialog.result_label.text()
