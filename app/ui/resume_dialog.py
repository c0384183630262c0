"""After a crash: what resuming the interrupted show brings back, and Resume / Not now."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.resume import ResumeSummary
from app.ui.host_view import clock_text


class ResumeDialog(QMessageBox):
    """Non-blocking (`open()`); Enter resumes, Esc leaves the show interrupted (it can still be
    resumed from the session bar or `POST /api/session/resume` until another show starts)."""

    def __init__(
        self, summary: ResumeSummary, resume: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._resume = resume
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Resume the interrupted show?"))
        started = datetime.fromtimestamp(summary.started_at).strftime("%H:%M")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(
            self.tr("LiveDesk closed unexpectedly during “%1” (started %2).")
            .replace("%1", html.escape(summary.title))
            .replace("%2", started)
        )
        self.setInformativeText("<br>".join(html.escape(line) for line in self.lines(summary)))
        self.resume_button = self.addButton(
            self.tr("Resume show"), QMessageBox.ButtonRole.AcceptRole
        )
        self.later_button = self.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.resume_button)
        self.setEscapeButton(self.later_button)
        self.finished.connect(self._answered)

    def lines(self, summary: ResumeSummary) -> list[str]:
        """The facts, one per line, in the user's language."""
        if summary.saved_at is None:
            return [self.tr("Its log goes on; nothing else was kept of its state.")]
        found: list[str] = []
        if summary.segment_index is not None:
            found.append(
                self.tr("Run-sheet: segment %1 of %2 “%3”, %4 in")
                .replace("%1", str(summary.segment_index + 1))
                .replace("%2", str(summary.segments))
                .replace("%3", summary.segment_title or "")
                .replace("%4", clock_text(summary.elapsed_s or 0.0))
            )
        if summary.product:
            found.append(self.tr("Product card on screen: %1").replace("%1", summary.product))
        if summary.coupon_code:
            left = summary.coupon_remaining_s or 0.0
            found.append(
                self.tr("Coupon %1: %2 left").replace("%1", summary.coupon_code)
                .replace("%2", clock_text(left))
                if left > 0
                else self.tr("Coupon %1 ran out meanwhile").replace("%1", summary.coupon_code)
            )  # fmt: skip
        if summary.featured:
            found.append(self.tr("A viewer's comment on screen"))
        if summary.lottery_entrants is not None:
            found.append(self.tr("Lottery “%1” open: %2 entrants")
                         .replace("%1", summary.lottery_keyword or "")
                         .replace("%2", f"{summary.lottery_entrants:,}"))  # fmt: skip
        if summary.poll_votes is not None:
            found.append(self.tr("Poll open: %1 votes").replace("%1", f"{summary.poll_votes:,}"))
        if summary.checkin_present is not None:
            found.append(self.tr("Check-in open: %1 checked in")
                         .replace("%1", f"{summary.checkin_present:,}"))  # fmt: skip
        found.append(self.tr("Questions waiting: %1").replace("%1", str(summary.questions_open)))
        found.append(self.tr("Away for %1").replace("%1", clock_text(summary.away_s)))
        return found

    def _answered(self, _result: int) -> None:
        if self.clickedButton() is self.resume_button:
            self._resume()
        self.deleteLater()
