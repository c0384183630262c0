"""OBS's scenes as big buttons: click (or F1–F12) to switch; studio mode and Transition."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.overlay_view import OVERLAY_SCENE
from app.runtime.tasks import TaskRunner
from app.services.obs_control import ObsControl
from app.services.state import ObsSlice
from app.ui.keymap import SCENE_KEYS, BoundKeys, Keymap, native

ORIGIN = "console"

_STYLE = """
QPushButton[sceneRole="program"] { border: 3px solid #d32f2f; font-weight: bold; }
QPushButton[sceneRole="preview"] { border: 3px solid #2e7d32; font-weight: bold; }
"""


class ScenesPanel(QWidget):
    """Reflects OBS's scenes, program and preview; actions go to ObsControl via the runner."""

    def __init__(
        self,
        obs: ObsControl,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        keymap: Keymap | None = None,
        also_in: Sequence[QWidget] = (),
    ) -> None:
        """`keymap`: the live keys (F1–F12 and Ctrl+T by default). They act in the panel's window
        and in the windows of `also_in` (the host view)."""
        super().__init__(parent)
        self._obs, self._runner = obs, runner
        self._keys = BoundKeys(keymap or Keymap())
        self._scenes: tuple[str, ...] = ()
        self._buttons: list[QPushButton] = []
        self._studio_mode = False
        self.setStyleSheet(_STYLE)

        title = QLabel(self.tr("Scenes"))
        title.setStyleSheet("font-weight: bold;")
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._list)

        self.studio_mode_button = QPushButton(self.tr("Studio mode"))
        self.studio_mode_button.setCheckable(True)
        self.studio_mode_button.setToolTip(
            self.tr("Studio mode: scenes go to the preview first, Transition puts them on air")
        )
        self.studio_mode_button.clicked.connect(self._on_studio_mode_clicked)
        self.transition_button = QPushButton(self.tr("Transition"))
        self.transition_button.setToolTip(self.tr("Put the preview on program"))
        self.transition_button.clicked.connect(self._on_transition_clicked)

        controls = QHBoxLayout()
        controls.addWidget(self.studio_mode_button)
        controls.addWidget(self.transition_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)
        layout.addLayout(controls)

        self._shortcuts: list[QShortcut] = []
        for scope in (self, *also_in):
            self._bind_keys(scope, shown_on=() if scope is not self else (self.transition_button,))
        self._set_connected(False)

    def _bind_keys(self, scope: QWidget, shown_on: tuple[QWidget, ...]) -> None:
        """F1–F12 and Ctrl+T in `scope`'s window only (never in the run-sheet editor, where F2
        edits a cell), and not while a text field there has focus."""
        for index in range(SCENE_KEYS):
            self._keys.bind(
                f"scene.{index + 1}", self._window_shortcut(scope),
                action=partial(self._on_scene_key, index),
            )  # fmt: skip
        self._keys.bind(
            "scenes.transition", self._window_shortcut(scope), *shown_on,
            action=self.transition_button.click,
        )  # fmt: skip

    def _window_shortcut(self, scope: QWidget) -> QShortcut:
        shortcut = QShortcut(scope)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setEnabled(False)  # on while the panel is shown
        self._shortcuts.append(shortcut)
        return shortcut

    # ----- reading the panel (tests, other views) -------------------------------------------
    def scene_names(self) -> list[str]:
        return list(self._scenes)

    def scene_button(self, scene: str) -> QPushButton | None:
        if scene not in self._scenes:
            return None
        return self._buttons[self._scenes.index(scene)]

    def scene_role(self, scene: str) -> str:
        """ "program", "preview" or "" — how the scene is highlighted."""
        button = self.scene_button(scene)
        return str(button.property("sceneRole") or "") if button else ""

    # ----- state in ----------------------------------------------------------------------------
    def update_state(self, obs: ObsSlice) -> None:
        scenes = tuple(s for s in obs.scenes if s != OVERLAY_SCENE)
        if scenes != self._scenes:
            self._rebuild(scenes)
        program, preview = obs.program_scene, obs.preview_scene
        self._studio_mode = obs.studio_mode
        for name, button in zip(self._scenes, self._buttons, strict=True):
            role = "program" if name == program else "preview" if name == preview else ""
            self._show_role(button, name, role)
        self.studio_mode_button.setChecked(self._studio_mode)
        self._set_connected(obs.connected)

    def _rebuild(self, scenes: tuple[str, ...]) -> None:
        for button in self._buttons:
            self._list_layout.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        for index, name in enumerate(scenes):
            button = QPushButton(_label(name))
            button.setMinimumHeight(48)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolTip(self._scene_tip(index, name))
            button.clicked.connect(lambda _checked=False, name=name: self._switch(name))
            self._list_layout.insertWidget(index, button)
            self._buttons.append(button)
        self._scenes = scenes

    def _scene_tip(self, index: int, name: str) -> str:
        tip = self.tr("Switch to “{scene}”").format(scene=name)
        if index >= SCENE_KEYS:
            return tip
        return self.tr("Switch to “{scene}” ({key})").format(
            scene=name, key=native(self._keys.keymap.key(f"scene.{index + 1}"))
        )

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcuts and tooltips follow at once."""
        self._keys.rebind(keymap)
        for index, (name, button) in enumerate(zip(self._scenes, self._buttons, strict=True)):
            button.setToolTip(self._scene_tip(index, name))

    def _show_role(self, button: QPushButton, name: str, role: str) -> None:
        if button.property("sceneRole") == role:
            return
        tag = {"program": self.tr("PGM"), "preview": self.tr("PVW")}.get(role)
        button.setText(_label(f"{tag}  {name}" if tag else name))
        button.setProperty("sceneRole", role)
        button.style().unpolish(button)
        button.style().polish(button)

    def _set_connected(self, connected: bool) -> None:
        self._list.setEnabled(connected)
        self.studio_mode_button.setEnabled(connected)
        self.transition_button.setEnabled(connected and self._studio_mode)

    # ----- actions out -------------------------------------------------------------------------
    def _switch(self, scene: str) -> None:
        self._runner.run(self._obs.switch_scene(scene, origin=ORIGIN), name="switch-scene")

    def _on_scene_key(self, index: int) -> None:
        if index < len(self._buttons):
            self._buttons[index].click()  # a disabled button (OBS gone) does nothing

    def _on_studio_mode_clicked(self, checked: bool) -> None:
        # The button shows OBS's state, not the click: it flips when OBS says studio mode changed.
        self.studio_mode_button.setChecked(self._studio_mode)
        self._runner.run(self._obs.set_studio_mode(checked, origin=ORIGIN), name="studio-mode")

    def _on_transition_clicked(self) -> None:
        self._runner.run(self._obs.transition(origin=ORIGIN), name="transition")

    # ----- shortcuts only while the panel is on screen -----------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        for shortcut in self._shortcuts:
            if isValid(shortcut):  # the host view may be gone first
                shortcut.setEnabled(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if event.spontaneous():  # the console minimised: the keys still work in the host view
            return
        for shortcut in self._shortcuts:
            if isValid(shortcut):
                shortcut.setEnabled(False)


def _label(text: str) -> str:
    """A scene name as button text: Qt reads "&" as a mnemonic marker ("Q&A" shows as "QA")."""
    return text.replace("&", "&&")
