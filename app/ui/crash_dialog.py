"""The one crash handler: every unexpected exception is logged and, unless --no-crash-dialog,
shown in a dialog with the debug info a bug report needs (and a button to copy it)."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

import PySide6
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import app
from app.logging_setup import debug_report, redact

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def environment_text() -> str:
    return "\n".join(
        [
            f"LiveDesk {app.__version__}",
            f"Python {sys.version.split()[0]} ({platform.python_implementation()})",
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
            f"Platform {platform.platform()}",
        ]
    )


class CrashDialog(QDialog):
    """Shows what went wrong; later crashes while it is open are appended (`add_crash`)."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("LiveDesk hit a bug"))
        self.resize(720, 520)
        self._crashes: list[str] = []
        self._first_summary = summary
        intro = QLabel(
            self.tr(
                "Something went wrong inside LiveDesk. The show goes on, but please send the "
                "debug info below to the developers."
            )
        )
        intro.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)  # an exception's text, as is
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(self.tr("Copy debug info"))
        self.copy_button.clicked.connect(self.copy_debug_info)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.add_crash(summary, details)

    def add_crash(self, summary: str, details: str) -> None:
        self._crashes.append(f"{summary}\n\n{details}")
        if len(self._crashes) == 1:
            self.summary_label.setText(redact(summary))
        else:
            self.summary_label.setText(
                self.tr("{summary} (and {n} more)").format(
                    summary=redact(self._first_summary), n=len(self._crashes) - 1
                )
            )
        self.details.setPlainText(self.debug_info())

    def debug_info(self) -> str:
        """What “Copy debug info” copies: secrets masked (app/logging_setup.debug_report)."""
        return debug_report(environment_text(), self._crashes)

    def copy_debug_info(self) -> None:
        QGuiApplication.clipboard().setText(self.debug_info())


class CrashHandler(QObject):
    """The installed hook's GUI half. It lives on the GUI thread, so a crash reported from another
    thread reaches it through a queued signal. `dialog` is the open CrashDialog, if any."""

    crashed = Signal(str, str)

    def __init__(
        self, parent_getter: Callable[[], QWidget | None], enabled: bool, previous: ExceptHook
    ) -> None:
        super().__init__()
        self._parent_getter, self.enabled, self._previous = parent_getter, enabled, previous
        self.dialog: CrashDialog | None = None
        self.crashed.connect(self._show)

    def hook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        log.critical("Unhandled exception: %s", exc_type.__name__, exc_info=(exc_type, exc, tb))
        if not self.enabled:
            return
        summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            self.crashed.emit(summary, details)
        except Exception:  # the crash handler itself must never raise
            log.exception("could not show the crash dialog")

    def uninstall(self) -> None:
        """Put back the hook that was there before."""
        if sys.excepthook == self.hook:
            sys.excepthook = self._previous

    def _show(self, summary: str, details: str) -> None:
        if self.dialog is not None:  # never a second dialog: append to the open one
            self.dialog.add_crash(summary, details)
            self.dialog.raise_()
            return
        dialog = CrashDialog(summary, details, self._parent_getter())
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: CrashDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


def install_crash_handler(
    parent_getter: Callable[[], QWidget | None], enabled: bool
) -> CrashHandler:
    """Make sys.excepthook log every uncaught exception (logging.critical with the traceback) and,
    when `enabled`, show it in a CrashDialog opened non-modally (`open()`, never `exec()`).
    `enabled=False` is --no-crash-dialog: log only. Keep the returned handler alive."""
    handler = CrashHandler(parent_getter, enabled, sys.excepthook)
    sys.excepthook = handler.hook
    return handler
