"""The review of one show: the report's charts (drawn by matplotlib to pictures on a worker
thread, `review_charts`), the per-segment table (every planned segment, those never run greyed)
with the ranking of what held the room, question statistics with the unanswered ones, products
on screen, markers and coupon windows; interaction (draws, polls and quizzes, check-ins,
messages to the host); the order export imported beside the segments; every export file; the
recording cut into clips (one per product card, segment or marker), listed with their covers,
beside the replay-buffer files saved during the show.

Loading, drawing the charts, reading an order file, importing and exporting run off the UI
thread (the archive's executor, a worker thread) while a busy bar says what is going on; the bar
stays up until the charts are shown. A show deleted meanwhile (from the archive, another window
or the command line) is said to be gone, in the window's language, and its actions are disabled.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.clips import safe_title
from app.domain.messages import Message
from app.domain.orders import OrderImport
from app.runtime.tasks import TaskRunner
from app.services import review_rows
from app.services.archive import Archive
from app.services.clips import ClipMaker, ClipOptions, ClipsMade, ClipsProgress
from app.services.review import ReviewData, clock
from app.ui.message_bar import MessageBar
from app.ui.message_texts import text_for
from app.ui.review import review_tables as tables
from app.ui.review.busy import BusyBar, run_busy
from app.ui.review.clips_dialog import ClipsDialog
from app.ui.review.clips_list import ClipsList, ReplaysList
from app.ui.review.export_dialog import ExportDialog
from app.ui.review.interaction_rows import interaction_header, interaction_rows
from app.ui.review.orders_dialog import OrderImportDialog
from app.ui.review.review_charts import Charts, ChartsPane, Figures, draw_charts, has_chart_data

# not F1-F12 (scene keys work in every window of the app), nor the live keys
IMPORT_KEY, EXPORT_KEY, RELOAD_KEY, CLIPS_KEY = "Ctrl+O", "Ctrl+S", "Ctrl+R", "Ctrl+J"


class ReviewWindow(QWidget):
    """A window of its own. `figures(data)` draws the report's charts (the composition root
    passes the report's chart function: the same charts as the html and pdf). `clips` cuts the
    recording (None: no Clips action)."""

    def __init__(
        self,
        archive: Archive,
        runner: TaskRunner,
        figures: Figures,
        session_id: int,
        parent: QWidget | None = None,
        *,
        clips: ClipMaker | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._archive, self._runner, self._figures = archive, runner, figures
        self._clips = clips
        self.clips_dialog: ClipsDialog | None = None
        self.made: ClipsMade | None = None
        self.session_id = session_id
        self.data: ReviewData | None = None
        self.deleted = False  # the show is no longer in the archive
        self._loads = 0  # a later reload's charts win over an earlier one's
        self.folder = os.path.expanduser("~")
        self.file_dialog: QFileDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.orders_dialog: OrderImportDialog | None = None
        self.setWindowTitle(self.tr("Review"))
        self.resize(1100, 780)

        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.times_label = QLabel()
        self.import_button = self._button(self.tr("Import orders…"), IMPORT_KEY,
                                          self.tr("Put the platform's order export beside the "
                                                  "segments"), self.choose_orders)  # fmt: skip
        self.export_button = self._button(self.tr("Export…"), EXPORT_KEY,
                                          self.tr("Report, event log, chapters, editor markers"),
                                          self.choose_export)  # fmt: skip
        self.reload_button = self._button(
            self.tr("Reload"), RELOAD_KEY, self.tr("Read the show's log again"), self.reload
        )
        self.clips_button = self._button(self.tr("Clips…"), CLIPS_KEY,
                                         self.tr("Cut the recording into short clips, one per "
                                                 "product shown"), self.choose_clips)  # fmt: skip
        self.clips_button.setVisible(clips is not None)
        self.message_bar = MessageBar()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.busy = BusyBar()

        self.charts = ChartsPane()
        self.segments_table = tables.make_table()
        self.ranking_table = tables.make_table()
        self.ranking_label = QLabel(self.tr("What held the room"))
        self.ranking_label.setToolTip(self.tr("The segments that ran, by average viewers, then "
                                              "likes per minute"))  # fmt: skip
        segments = QWidget()
        segments_layout = QVBoxLayout(segments)
        segments_layout.setContentsMargins(0, 0, 0, 0)
        segments_layout.addWidget(self.segments_table, 3)
        segments_layout.addWidget(self.ranking_label)
        segments_layout.addWidget(self.ranking_table, 2)
        self.question_form = QFormLayout()
        self.unanswered_table = tables.make_table()
        questions = QWidget()
        questions_layout = QVBoxLayout(questions)
        questions_layout.addLayout(self.question_form)
        questions_layout.addWidget(QLabel(self.tr("Not answered")))
        questions_layout.addWidget(self.unanswered_table, 1)
        self.products_table = tables.make_table()
        self.markers_table = tables.make_table()
        self.coupons_table = tables.make_table()
        marks = QWidget()
        marks_layout = QVBoxLayout(marks)
        marks_layout.addWidget(QLabel(self.tr("Markers")))
        marks_layout.addWidget(self.markers_table, 2)
        marks_layout.addWidget(QLabel(self.tr("Coupon windows")))
        marks_layout.addWidget(self.coupons_table, 1)
        self.interaction_table = tables.make_table()
        self.clips_list = ClipsList()
        self.replays_list = ReplaysList()
        self.replays_list.setToolTip(self.tr("Saved from OBS's replay buffer during the show; "
                                             "double-click one to play it"))  # fmt: skip
        self.tabs = QTabWidget()
        for page, title in ((self.charts, self.tr("Charts")),
                            (segments, self.tr("Segments")),
                            (questions, self.tr("Questions")),
                            (self.products_table, self.tr("Products")),
                            (marks, self.tr("Markers && coupons"))):  # fmt: skip
            self.tabs.addTab(page, title)
        self.interaction_tab = self.tabs.addTab(self.interaction_table, self.tr("互动 Interaction"))
        self.tabs.setTabVisible(self.interaction_tab, False)  # for a show that had any
        self.replays_tab = self.tabs.addTab(self.replays_list, self.tr("Replays"))
        self.tabs.setTabVisible(self.replays_tab, False)  # for a show that saved any
        self.clips_tab = self.tabs.addTab(self.clips_list, self.tr("Clips"))
        self.tabs.setTabVisible(self.clips_tab, False)  # until clips are cut

        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title_label)
        heading.addWidget(self.times_label)
        top.addLayout(heading, 1)
        for button in (self.import_button, self.export_button, self.clips_button,
                       self.reload_button):  # fmt: skip
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.tabs, 1)
        self._enable(False)
        self.status_label.hide()

    def _button(self, text: str, key: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{tip} ({shown})")
        button.clicked.connect(lambda _checked=False: slot())
        QShortcut(QKeySequence(key), self).activated.connect(slot)
        return button

    def _enable(self, loaded: bool) -> None:
        for button in (self.import_button, self.export_button, self.clips_button):
            button.setEnabled(loaded and not self.deleted)

    # ----- loading ---------------------------------------------------------------------------
    def present(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def reload(self) -> None:
        """Read the review from the log again and draw its charts, off the UI thread; the busy
        bar stays until the charts are shown."""
        run_busy(self._runner, self.busy, self.message_bar, self._load(),
                 f"review-{self.session_id}", self.tr("Loading the review…"),
                 gone=self.show_deleted)  # fmt: skip

    async def _load(self) -> None:
        self._loads += 1
        number = self._loads
        data = await self._archive.review(self.session_id)
        if not isValid(self) or number != self._loads:
            return
        self.show_review(data)
        if not has_chart_data(data):
            self.charts.show_charts(Charts((), ()))
            return
        self.busy.say(self.tr("Drawing the charts…"))
        charts = await draw_charts(self._figures, data, self.devicePixelRatioF())
        if isValid(self) and number == self._loads:
            self.charts.show_charts(charts)

    def show_deleted(self) -> None:
        """The show is no longer in the archive (deleted here, in another window or from the
        command line): say so, keep what was loaded for reading, and disable its actions."""
        if not isValid(self):
            return
        self.deleted = True
        self._enable(False)
        said = self.tr("This show was deleted from the archive.")
        self.message_bar.show_error(said)
        if self.data is not None:
            said += " " + self.tr("What is shown is what was loaded before; it can no longer be "
                                  "exported, imported into or cut into clips.")  # fmt: skip
            title = str(self.data.report["session"]["title"])
            self.setWindowTitle(self.tr("Review — {title} (deleted)").format(title=title))
        self.status_label.setText(said)
        self.status_label.show()
        if self.orders_dialog is not None and isValid(self.orders_dialog):
            self.orders_dialog.show_deleted()  # stays open: it says why nothing was imported
        for dialog in (self.export_dialog, self.clips_dialog):
            if dialog is not None and isValid(dialog):
                dialog.close()

    def show_review(self, data: ReviewData) -> None:
        self.data = data
        report = data.report
        session = report["session"]
        self.setWindowTitle(self.tr("Review — {title}").format(title=session["title"]))
        self.title_label.setText(str(session["title"]))
        started = datetime.fromtimestamp(data.started_at).strftime("%Y-%m-%d %H:%M")
        length = (clock(data.ended_at - data.started_at) if data.ended_at is not None
                  else self.tr("not ended"))  # fmt: skip
        comments = self.tr("%n comment(s)", "", int(report["comments"]["total"]))
        self.times_label.setText(" · ".join((started, length, comments)))
        tables.fill_segments(self.segments_table, report)
        tables.fill_ranking(self.ranking_table, report)
        self._show_questions(report)
        tables.fill(self.products_table, tables.product_header(report),
                    review_rows.product_rows(report), text_columns=(0, 1), stretch=1)  # fmt: skip
        tables.fill(self.markers_table, tables.marker_header(),
                    review_rows.marker_rows(report), text_columns=(2,),
                    stretch=2)  # fmt: skip
        tables.fill(self.coupons_table, tables.coupon_header(), review_rows.coupon_rows(report),
                    text_columns=(0,))  # fmt: skip
        interaction = interaction_rows(report, data.started_at)
        tables.fill(self.interaction_table, interaction_header(), interaction,
                    text_columns=(1, 2, 3), stretch=3)  # fmt: skip
        self.tabs.setTabVisible(self.interaction_tab, bool(interaction))
        self.replays_list.show_replays(report.get("replays") or [], data.started_at)
        self.tabs.setTabVisible(self.replays_tab, self.replays_list.count() > 0)
        self._enable(True)

    def _show_questions(self, report: dict[str, Any]) -> None:
        while self.question_form.rowCount():
            self.question_form.removeRow(0)
        q = report["questions"]
        total, answered = int(q.get("total") or 0), int(q.get("answered") or 0)
        median = q.get("median_response_s")
        share = f"{answered / total:.0%}" if total else "—"
        rows = [
            (self.tr("Questions"), str(total)),
            (self.tr("Answered"), self.tr("{n} ({share})").format(n=answered, share=share)),
            (self.tr("Median time to answer"), clock(median)),
            (self.tr("Not answered"), str(q.get("unanswered", 0))),
        ]
        points = report.get("talking_points") or {}
        if points.get("planned"):
            ticked = {"points_planned": points["planned"], "points_done": points["done"]}
            rows.append((self.tr("Talking points covered"), review_rows.points_cell(ticked)))
        orders = report.get("orders")
        if orders:
            said = (self.tr("%n order(s)", "", int(orders["orders"])),
                    self.tr("%n item(s)", "", int(orders["quantity"])),
                    review_rows.money(orders["amount"]))  # fmt: skip
            rows.append((self.tr("Orders"), ", ".join(said)))
            if orders.get("outside_show"):  # before the start or past the grace after the end
                rows.append((self.tr("Outside the show"), self.tr(
                    "%n order(s), not counted", "", int(orders["outside_show"]))))  # fmt: skip
            if orders.get("by_order_no") is False:
                rows.append(("", text_for(Message("orders.by_row"))))
        for label, value in rows:
            shown = QLabel(value)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.question_form.addRow(label, shown)
        rows_left = tables.unanswered_rows(report)
        tables.fill(self.unanswered_table, tables.unanswered_header(), rows_left,
                    text_columns=(2, 3), stretch=3)  # fmt: skip

    # ----- orders ----------------------------------------------------------------------------
    def choose_orders(self) -> None:
        if self.data is None or self.deleted:
            return
        dialog = QFileDialog(self, self.tr("The platform's order export"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("CSV files (*.csv *.txt)"), self.tr("All files (*)")])
        dialog.setDirectory(self.folder)
        dialog.fileSelected.connect(self.import_orders_from)
        self.file_dialog = dialog
        dialog.open()

    def import_orders_from(self, path: str) -> None:
        """Read and parse the file off the UI thread, then open the column-mapping dialog."""
        self.folder = str(Path(path).parent)
        if self.deleted:
            return

        async def read() -> None:
            table = await self._archive.read_orders(path)
            if not isValid(self):
                return
            if self.orders_dialog is not None and isValid(self.orders_dialog):
                self.orders_dialog.close()
            self.orders_dialog = OrderImportDialog(
                self._archive, self._runner, self.session_id, path, table, self._orders_imported,
                self, gone=self.show_deleted,
            )  # fmt: skip
            self.orders_dialog.show()

        run_busy(self._runner, self.busy, self.message_bar, read(), "orders-read",
                 self.tr("Reading {name}…").format(name=Path(path).name))  # fmt: skip

    def _orders_imported(self, result: OrderImport) -> None:
        if isValid(self):
            self.reload()

    # ----- exports ---------------------------------------------------------------------------
    def choose_export(self) -> None:
        if self.data is None or self.deleted:
            return
        title = str(self.data.report["session"]["title"])
        self.export_dialog = ExportDialog(title, self.folder, self.export_to, self)
        self.export_dialog.open()

    def export_to(self, path: str, fmt: str, pseudonymise: bool = False) -> None:
        """Write the `fmt` export to `path`, off the UI thread; say where it went and any notes."""
        self.folder = str(Path(path).parent)
        if self.deleted:
            return

        async def export() -> None:
            notes = await self._archive.export(self.session_id, fmt, path, pseudonymise)
            if isValid(self):
                said = self.tr("Saved {name}.").format(name=Path(path).name)
                self.status_label.setText("\n".join([said, *notes]))
                self.status_label.show()

        run_busy(self._runner, self.busy, self.message_bar, export(), f"export-{fmt}",
                 self.tr("Exporting {fmt}…").format(fmt=fmt), gone=self.show_deleted)  # fmt: skip

    # ----- clips -----------------------------------------------------------------------------
    def choose_clips(self) -> None:
        if self.data is None or self._clips is None or self.deleted:
            return
        title = safe_title(str(self.data.report["session"]["title"]))
        videos = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
        folder = str(Path(videos or self.folder) / "LiveDesk" / self.tr("{title} clips").format(
            title=title))  # fmt: skip
        self.clips_dialog = ClipsDialog(folder, self.cut_clips, self)
        self.clips_dialog.open()

    def cut_clips(self, folder: str, options: ClipOptions) -> None:
        """Cut the clips off the UI thread, the bar filling as ffmpeg goes; then list them."""
        clips = self._clips
        if clips is None or self.deleted:
            return

        def progress(step: ClipsProgress) -> None:
            if isValid(self) and step.title:
                text = self.tr("Cutting clip {n} of {total}: {title}")
                self.busy.step(step.fraction, text.format(n=step.done + 1, total=step.total,
                                                          title=step.title))  # fmt: skip

        async def cut() -> None:
            made = await clips.make_async(self.session_id, folder, options, progress)
            if isValid(self):
                self.show_clips(made)

        run_busy(self._runner, self.busy, self.message_bar, cut(), f"clips-{self.session_id}",
                 self.tr("Cutting clips…"), gone=self.show_deleted)  # fmt: skip

    def show_clips(self, made: ClipsMade) -> None:
        self.made = made
        self.clips_list.show_clips(made)
        self.tabs.setTabVisible(self.clips_tab, True)
        self.tabs.setCurrentIndex(self.clips_tab)
        said = self.tr("%n clip(s) in {folder}. Double-click one to play it.", "",
                       len(made.clips)).format(folder=made.folder)  # fmt: skip
        self.status_label.setText("\n".join([said, *(text_for(note) for note in made.notes)]))
        self.status_label.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        for dialog in (self.orders_dialog, self.export_dialog, self.clips_dialog):
            if dialog is not None and isValid(dialog):
                dialog.close()
        super().closeEvent(event)
