"""The “DEMO — simulated OBS” strip across the top of the window (livedesk --demo)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

STYLE = (
    "QLabel#demoBanner { background: #FFB400; color: #1A1A1A; font-weight: bold;"
    " padding: 6px 12px; }"
)


class DemoBanner(QToolBar):
    """A fixed toolbar (so it spans the whole width, above the docks) holding one label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBar")
        self.setWindowTitle(self.tr("Demo"))
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not in the toolbars' context menu
        self.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("DEMO — simulated OBS"))
        self.label.setObjectName("demoBanner")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet(STYLE)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setToolTip(
            self.tr(
                "LiveDesk is connected to its built-in OBS simulator, with a sample show and "
                "replayed comments: nothing goes on air. The demo's shows are kept apart from "
                "your real ones."
            )
        )
        self.addWidget(self.label)
