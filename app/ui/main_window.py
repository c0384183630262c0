"""The console window: a shell that assembles the panels and wires them to the show's bridge."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QSplitter, QVBoxLayout, QWidget

from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.ui.connection_bar import ConnectionBar
from app.ui.message_bar import MessageBar
from app.ui.outputs_panel import OutputsPanel
from app.ui.program_view import ProgramView
from app.ui.scenes_panel import ScenesPanel
from app.ui.session_bar import SessionBar

VisibilityCallback = Callable[[bool], None]


class MainWindow(QMainWindow):
    """Connection and session bars on top, the message bar under them, scenes on the left, the
    program picture and the outputs in the centre.

    `bridge` brings the show's state and thumbnails in, and is how panels reach the show's services;
    `runner` runs every action (its user errors should land in `show_error`). `on_visible(bool)` is
    called when the window becomes visible or goes away (hidden, minimised), so the composition root
    can start and stop the thumbnail feed.
    """

    def __init__(
        self,
        bridge: ShowBridge,
        runner: TaskRunner,
        *,
        on_visible: VisibilityCallback | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("LiveDesk 直播中控台"))
        self.resize(1280, 800)
        self._bridge = bridge
        self.on_visible = on_visible
        self._visible: bool | None = None
        show = bridge.show

        self.connection_bar = ConnectionBar()
        self.session_bar = SessionBar(show.recorder, runner)
        self.message_bar = MessageBar()
        self.scenes_panel = ScenesPanel(show.obs, runner)
        self.program_view = ProgramView()
        self.outputs_panel = OutputsPanel(show.obs, runner)

        top = QHBoxLayout()
        top.addWidget(self.connection_bar, 1)
        top.addWidget(self.session_bar, 1)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.program_view, 1)
        centre_layout.addWidget(self.outputs_panel)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.scenes_panel)
        splitter.addWidget(centre)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.addLayout(top)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(root)

        for view in (
            self.connection_bar,
            self.session_bar,
            self.scenes_panel,
            self.program_view,
            self.outputs_panel,
        ):
            bridge.state_changed.connect(view.update_state)
            view.update_state(show.state())
        bridge.event_received.connect(self.connection_bar.on_event)
        bridge.thumbnail_changed.connect(self.program_view.show_image)

    def show_error(self, text: str) -> None:
        """Where the TaskRunner's user errors go (wire `TaskRunner(on_user_error=...)` here)."""
        self.message_bar.show_error(text)

    # ----- visibility, for the thumbnail feed --------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._report_visible(not self.isMinimized())

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._report_visible(False)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._report_visible(self.isVisible() and not self.isMinimized())

    def _report_visible(self, visible: bool) -> None:
        if visible == self._visible:
            return
        self._visible = visible
        if self.on_visible is not None:
            self.on_visible(visible)
