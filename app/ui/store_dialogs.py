"""The show log's problems at start that need the user: a damaged log (set it aside?), and its data
directory already in use by another console."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("StoreDialogs", text)


def set_aside_box(
    path: str, problem: str, parent: QWidget | None = None
) -> tuple[QMessageBox, QPushButton]:
    """The question, and its "set aside" button (the other one quits)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("The show log is damaged"))
    box.setText(_tr("LiveDesk cannot use its show log:\n{path}").format(path=path))
    box.setInformativeText(
        _tr(
            "The file is damaged. LiveDesk can set it aside (renamed to “{name}.broken-” with "
            "today's date and time, nothing deleted) and start a fresh show log. Products and "
            "coupons saved in the old log stay in the set-aside copy."
        ).format(name=path.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    )
    box.setDetailedText(problem)
    set_aside = box.addButton(
        _tr("Set it aside and start fresh"), QMessageBox.ButtonRole.AcceptRole
    )
    quit_button = box.addButton(_tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    return box, set_aside


def ask_set_aside(path: str, problem: str, on_answer: Callable[[bool], None]) -> QMessageBox:
    """Open the question (window-modal, never exec()); `on_answer(True)` when the user chose to
    set the log aside, `on_answer(False)` on Quit or closing the box."""
    box, set_aside = set_aside_box(path, problem)
    box.finished.connect(lambda _result: on_answer(box.clickedButton() is set_aside))
    box.open()
    return box


def tell_already_running(directory: str, pid: str, on_closed: Callable[[], None]) -> QMessageBox:
    """Say that another console uses `directory` (open(), never exec()); `on_closed()` after."""
    box = QMessageBox(QMessageBox.Icon.Information, _tr("LiveDesk is already running"),
                      _tr("Another LiveDesk (process {pid}) is already running with the data in "
                          "{directory}.").format(pid=pid, directory=directory))  # fmt: skip
    box.setInformativeText(
        _tr("Switch to that window. To run a second console, give it its own data directory "
            "(--data-dir).")
    )  # fmt: skip
    box.finished.connect(lambda _result: on_closed())
    box.open()
    return box
