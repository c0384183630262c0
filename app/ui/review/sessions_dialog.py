"""The sessions archive: every show in the log, newest first, searched by title; rename, delete
(after a confirmation: `session_deleted` tells the show's open review) and open one for review
(the button, a double-click or Enter)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.runtime.tasks import TaskRunner
from app.services.archive import Archive, SessionSummary
from app.services.review import clock
from app.ui.message_bar import MessageBar
from app.ui.review.busy import BusyBar, run_busy
from app.ui.review.review_tables import plain_tip

SEARCH_DELAY_MS = 200
ID_ROLE = Qt.ItemDataRole.UserRole
# not F2: F1-F12 switch scenes in every window of the app
OPEN_KEY, RENAME_KEY, DELETE_KEY = "Return", "Ctrl+R", "Delete"


def started_text(started_at: float) -> str:
    return datetime.fromtimestamp(started_at).strftime("%Y-%m-%d %H:%M")


def _cell(text: str, *, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class SessionsDialog(QDialog):
    """Non-modal. `open_review(session_id)` opens the review window of a session;
    `session_deleted(session_id)` is emitted once a show is deleted."""

    session_deleted = Signal(int)

    def __init__(
        self,
        archive: Archive,
        runner: TaskRunner,
        open_review: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive, self._runner, self._open_review = archive, runner, open_review
        self.setWindowTitle(self.tr("Sessions"))
        self.setModal(False)
        self.resize(760, 480)
        self.sessions: list[SessionSummary] = []
        self.rename_dialog: QInputDialog | None = None
        self.pending_confirmation: QMessageBox | None = None

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search titles…"))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._open_from_search)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Title"), self.tr("Date"), self.tr("Duration"), self.tr("Comments"),
             self.tr("Orders")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        for key, slot in (
            (OPEN_KEY, self.open_selected),
            ("Enter", self.open_selected),
            (RENAME_KEY, self.rename_selected),
            (DELETE_KEY, self.delete_selected),
        ):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)  # fmt: skip

        self.empty_label = QLabel()
        self.message_bar = MessageBar()
        self.busy = BusyBar()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.open_button = buttons.addButton(self.tr("Open review"), role)
        self.open_button.setToolTip(self.tr("Open the review of the selected show (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.rename_button = buttons.addButton(self.tr("Rename…"), role)
        self.rename_button.setToolTip(self.tr("Rename the selected show (Ctrl+R)"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = buttons.addButton(self.tr("Delete…"), role)
        self.delete_button.setToolTip(
            self.tr("Delete the selected show and everything logged with it (Del)")
        )
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.rejected.connect(self.close)
        for button in buttons.buttons():  # Enter opens the selected show, never a button
            if isinstance(button, QPushButton):  # a button box makes push buttons
                button.setAutoDefault(False)
                button.setDefault(False)

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.busy)
        layout.addWidget(buttons)
        self._update_buttons()

    # ----- the list --------------------------------------------------------------------------
    def present(self) -> None:
        if self.isVisible():  # already open: the list may be stale (a show ended, renamed)
            self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the list again (the search applied), keeping the selection."""
        self._search_timer.stop()
        run_busy(self._runner, self.busy, self.message_bar, self._load(),
                 "sessions-list", self.tr("Reading the sessions…"))  # fmt: skip

    async def _load(self) -> None:
        search = self.search_box.text()
        sessions = await self._archive.sessions(search)
        if isValid(self) and self.search_box.text() == search:
            self.show_sessions(sessions)

    def show_sessions(self, sessions: list[SessionSummary]) -> None:
        keep = self.selected_id()
        self.sessions = sessions
        self.table.setRowCount(len(sessions))
        for row, session in enumerate(sessions):
            title = _cell(session.title)
            title.setData(ID_ROLE, session.id)
            title.setToolTip(plain_tip(session.title))
            if self._archive.is_running(session.id):
                title.setText(self.tr("{title} (on air)").format(title=session.title))
            duration = clock(session.duration_s) if session.ended_at else self.tr("not ended")
            for column, item in enumerate((
                title, _cell(started_text(session.started_at)),
                _cell(duration, number=True), _cell(str(session.comments), number=True),
                _cell(str(session.orders) if session.orders else "—", number=True),
            )):  # fmt: skip
                self.table.setItem(row, column, item)
        ids = [s.id for s in sessions]
        if sessions:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        search = self.search_box.text().strip()
        self.empty_label.setText(
            "" if sessions
            else self.tr("No show title holds “{text}”.").format(text=search) if search
            else self.tr("No show has been logged yet.")
        )  # fmt: skip
        self.empty_label.setVisible(not sessions)
        self._update_buttons()

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection()
        if not selected or not 0 <= row < len(self.sessions):
            return None
        return self.sessions[row].id

    def selected(self) -> SessionSummary | None:
        session_id = self.selected_id()
        return next((s for s in self.sessions if s.id == session_id), None)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.open_button.setEnabled(chosen is not None and self._open_review is not None)
        self.rename_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(
            chosen is not None and not self._archive.is_running(chosen.id)
        )

    # ----- actions ---------------------------------------------------------------------------
    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and self._open_review is not None:
            self._open_review(chosen.id)

    def _open_from_search(self) -> None:
        """Enter in the search box: search now, or open the only / selected match."""
        if self._search_timer.isActive():
            self.refresh()
        else:
            self.open_selected()

    def rename_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if self.rename_dialog is not None:
            self.rename_dialog.raise_()
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Rename show"))
        dialog.setLabelText(self.tr("New title:"))
        dialog.setTextValue(chosen.title)
        dialog.textValueSelected.connect(lambda text: self._rename(chosen.id, text))
        dialog.finished.connect(lambda _result: self._forget_rename(dialog))
        self.rename_dialog = dialog
        dialog.open()

    def _forget_rename(self, dialog: QInputDialog) -> None:
        self.rename_dialog = None
        dialog.deleteLater()

    def _rename(self, session_id: int, title: str) -> None:
        async def rename() -> None:
            await self._archive.rename(session_id, title)
            if isValid(self):
                self.refresh()

        run_busy(self._runner, self.busy, self.message_bar, rename(), "session-rename",
                 self.tr("Renaming…"), gone=lambda: self._gone(session_id))  # fmt: skip

    def _gone(self, session_id: int) -> None:
        """The show was deleted meanwhile (another window, the command line): say so in the
        window's words, tell its open review, and list the archive as it is now."""
        if isValid(self):
            self.message_bar.show_error(self.tr("This show was already deleted."))
            self.session_deleted.emit(session_id)
            self.refresh()

    def delete_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if self._archive.is_running(chosen.id):
            self.message_bar.show_error(self.tr("This show is on air; end it before deleting it."))
            return
        if self.pending_confirmation is not None:
            self.pending_confirmation.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Delete show"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # the show's title, as typed
        box.setText(self.tr("Delete “{title}” of {date}?").format(
            title=chosen.title, date=started_text(chosen.started_at)))  # fmt: skip
        box.setInformativeText(self.tr(
            "Its log, %n comment(s), the questions and the imported orders are deleted for good. "
            "Recordings in OBS are not touched.", "", chosen.comments
        ))  # fmt: skip
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._on_delete_answered(box, chosen.id))
        self.pending_confirmation = box
        box.open()

    def _on_delete_answered(self, box: QMessageBox, session_id: int) -> None:
        self.pending_confirmation = None
        confirmed = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
        box.deleteLater()
        if not confirmed:
            return

        async def delete() -> None:
            await self._archive.delete(session_id)
            if isValid(self):
                self.session_deleted.emit(session_id)
                self.refresh()

        run_busy(self._runner, self.busy, self.message_bar, delete(), "session-delete",
                 self.tr("Deleting…"), gone=lambda: self._gone(session_id))  # fmt: skip
