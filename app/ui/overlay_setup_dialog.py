"""“Set up overlays in OBS”: pick the show scenes, one click, and see what was made or repaired."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.overlay_view import OVERLAY_SCENE
from app.runtime.tasks import TaskRunner
from app.services.show import Show

MODES = (("auto", None), ("native", "native"), ("browser", "browser"))


class OverlaySetupDialog(QDialog):
    """Non-modal: the console stays usable while it is open."""

    def __init__(self, show: Show, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._show, self._runner = show, runner
        self.setWindowTitle(self.tr("Set up overlays in OBS"))
        self.setModal(False)
        intro = QLabel(self.tr(
            "LiveDesk makes a “LiveDesk Overlays” scene with its sources and nests it into the "
            "scenes you tick. Running it again repairs what is missing; sources whose names do "
            "not start with “LiveDesk ” are never touched."
        ))  # fmt: skip
        intro.setWordWrap(True)
        self.scene_list = QListWidget()
        self.mode_combo = QComboBox()
        for label, mode in MODES:
            self.mode_combo.addItem(
                {"auto": self.tr("Choose from OBS (browser source when it has one)"),
                 "native": self.tr("Native: PNG cards and a text countdown"),
                 "browser": self.tr("Browser source pages")}[label],
                mode,
            )  # fmt: skip
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.setup_button = buttons.addButton(
            self.tr("Set up"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.setup_button.clicked.connect(self.run_setup)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (intro, QLabel(self.tr("Show scenes")), self.scene_list, self.mode_combo,
                       self.result_label, buttons):  # fmt: skip
            layout.addWidget(widget)

    def present(self) -> None:
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()

    def refresh(self) -> None:
        """OBS's scenes, ticked where the run-sheet uses them (all of them without a sheet)."""
        obs = self._show.obs.state
        used = {s.scene for s in self._show.runner.sheet.segments if s.scene}
        self.scene_list.clear()
        for scene in obs.scenes:
            if scene == OVERLAY_SCENE:
                continue
            item = QListWidgetItem(scene)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = scene in used if used else True
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.scene_list.addItem(item)
        ready = obs.connected and self._show.stage is not None
        self.setup_button.setEnabled(ready)
        if not obs.connected:
            self.result_label.setText(self.tr("OBS is not connected."))

    def chosen_scenes(self) -> list[str]:
        items = (self.scene_list.item(i) for i in range(self.scene_list.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def run_setup(self) -> None:
        stage = self._show.stage
        if stage is None:
            return
        scenes, mode = self.chosen_scenes(), self.mode_combo.currentData()
        self.setup_button.setEnabled(False)
        self.result_label.setText(self.tr("Setting up…"))
        task = self._runner.run(stage.setup(scenes, mode), "overlay-setup")
        task.add_done_callback(self._done)

    def _done(self, task: Any) -> None:
        self.setup_button.setEnabled(True)
        if task.cancelled() or task.exception() is not None:
            self.result_label.setText(self.tr("The set-up did not finish; see the message bar."))
            return
        report = task.result()
        self.result_label.setText(self.tr(
            "Done ({mode}): {created} created, {repaired} repaired, {unchanged} already right."
        ).format(
            mode=report.get("mode"), created=len(report.get("created", [])),
            repaired=len(report.get("repaired", [])),
            unchanged=len(report.get("unchanged", [])),
        ) + "\n" + self._canvas_text(report))  # fmt: skip

    def _canvas_text(self, report: dict[str, Any]) -> str:
        """Which canvas the cards went on, and a second (vertical) canvas found besides it."""
        canvas = report.get("canvas") or {}
        size = f"{canvas.get('width')}x{canvas.get('height')}"
        if report.get("orientation") == "portrait":
            text = self.tr("Cards on the main canvas ({size}), vertical: inside the safe area.")
        else:
            text = self.tr("Cards on the main canvas ({size}).")
        text = text.format(size=size)
        second = report.get("vertical_canvas") or {}
        if second.get("found"):
            found = self.tr(
                "A second canvas was found ({name}); the cards are not placed on it: set the "
                "main canvas to 9:16 for a vertical show."
            ).format(name=second.get("name") or second["found"])
        else:
            found = self.tr("No second (vertical) canvas in this OBS.")
        return text + " " + found
