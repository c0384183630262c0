"""A warning that stays while the show log cannot be written (disk full, read-only, locked …).

It follows the `StoreProblem` / `StoreRecovered` events (services/store_watch.py): the show goes
on meanwhile, and the bar says so, with how many entries wait in memory. Once the log is written
again it says that for a few seconds and hides.

When the log is written but the database refused a single entry (`StoreSetAside`: everything
else was written), the bar says how many were left out and why, for half a minute.

While the log is more than a second behind (`StoreBehind`), the bar says that comment senders are
asked to wait, until `StoreCaughtUp`.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.services.events import (
    Event,
    StoreBehind,
    StoreCaughtUp,
    StoreProblem,
    StoreRecovered,
    StoreSetAside,
)

RECOVERED_MS = 8000
SET_ASIDE_MS = 30_000


class StoreBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storeBar")
        self.setStyleSheet(
            "#storeBar { background: #fff4e5; border: 1px solid #f0b35b; border-radius: 4px; }"
            "#storeBar QLabel { color: #663c00; }"
        )
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-weight: bold;")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(RECOVERED_MS)
        self._hide_timer.timeout.connect(self.hide)
        self._set_aside_timer = QTimer(self)  # the note on entries left out hides by itself
        self._set_aside_timer.setSingleShot(True)
        self._set_aside_timer.setInterval(SET_ASIDE_MS)
        self._set_aside_timer.timeout.connect(self._set_aside_over)
        self.failing = False
        self.hide()

    def _headline(self, kind: str, path: str) -> str:
        texts = {
            "disk_full": self.tr("The disk is full: the show log is not being written ({path})."),
            "read_only": self.tr("The show log has become read-only and is not being written "
                                 "({path})."),
            "locked": self.tr("Another program is holding the show log locked ({path})."),
            "io_error": self.tr("The disk holding the show log reported an error ({path})."),
            "damaged": self.tr("The show log is damaged ({path})."),
        }  # fmt: skip
        return texts.get(kind, self.tr("The show log cannot be written ({path}).")).format(
            path=path
        )

    def on_event(self, event: Event) -> None:
        if isinstance(event, StoreProblem):
            self._hide_timer.stop()
            self._set_aside_timer.stop()
            self.failing = True
            self.headline.setText(self._headline(event.kind, event.path))
            self.detail.setText(
                self.tr(
                    "The show goes on. %n entries are kept in memory and written as soon as "
                    "the log can be written again.",
                    "",
                    event.unwritten,
                )
            )
            self.setToolTip(f"{event.message}\n{event.hint}".strip())
            self.show()
        elif isinstance(event, StoreSetAside) and not self.failing:
            self._set_aside(event)
        elif isinstance(event, StoreBehind) and not self.failing:
            self._set_aside_timer.stop()
            self.headline.setText(self.tr("The show log is falling behind the comments."))
            self.detail.setText(
                self.tr("Nothing is lost: comment senders are asked to wait a moment (429) "
                        "until the log has caught up.")
            )  # fmt: skip
            self.setToolTip("")
            self.show()
        elif isinstance(event, StoreCaughtUp) and not self.failing:
            self.headline.setText(self.tr("The show log has caught up."))
            self.detail.setText(self.tr("Comments are taken in again as they come."))
            self._hide_timer.start()
        elif isinstance(event, StoreRecovered) and self.failing:
            self.failing = False
            self.headline.setText(self.tr("The show log is written again."))
            lost = event.lost
            self.detail.setText(
                self.tr("%n entries could not be kept in memory and are missing.", "", lost)
                if lost
                else self.tr("Everything kept meanwhile has been written.")
            )
            self.setToolTip("")
            self._hide_timer.start()

    def _set_aside(self, event: StoreSetAside) -> None:
        count = event.count
        self.headline.setText(
            self.tr("The show log could not store %n entries; everything else is written.", "",
                    count)
        )  # fmt: skip
        reason = event.reason or ""
        self.detail.setText(
            self.tr("The database refused them, so they are left out of the log. "
                    "The latest reason: {reason}").format(reason=reason)
            if reason
            else self.tr("The database refused them, so they are left out of the log.")
        )  # fmt: skip
        self.setToolTip(reason)
        self._set_aside_timer.start()
        self.show()

    def _set_aside_over(self) -> None:
        if not self.failing:
            self.hide()
