"""The host's view, for a second screen: what is on now, how long is left, what comes next.

Also home of the timing texts and colours the console's cue panel shares with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer
from PySide6.QtGui import (
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget

from app.services.show import Show
from app.services.state import (
    AudienceSlice,
    CouponSlice,
    CurrentSegment,
    HostMessage,
    RunsheetSlice,
)
from app.ui.host_view_fit import (
    MIN_PX,
    FittedLabel,
    fit_text,
    line_px,
    set_type,
    shape,
    sized,
)
from app.ui.host_view_points import TalkingPoints, fit_time_and_points

REFRESH_MS = 200
FLASH_MS = 500  # an urgent message for the host blinks at this pace
WARN_S, WARN_SHARE = 60.0, 0.10  # amber in the segment's last minute or in its last tenth
# Type, as shares of the window's height: (size wanted, smallest, most of the height it may
# take, bold) for the labels above and below the time; what they leave is the time's and the
# talking points'. A text that does not fit at its smallest ends in "…".
MESSAGE_TYPE = (1 / 14, 0.0, 0.30, True)  # the producer's message: shrinks to MIN_PX first
TITLE_TYPE = (1 / 12, 1 / 30, 0.20, True)
QUESTION_TYPE = (1 / 22, 1 / 40, 0.12, False)
NEXT_TYPE = (1 / 20, 1 / 36, 0.10, False)
CLOCK_SIZES, COUPON_SIZES = (1 / 26, 1 / 40), (1 / 20, 1 / 30)  # one line each (and tight)
# the time and the talking points share the rest: host_view_points.fit_time_and_points

_STYLE = """
#hostView { background: black; }
#hostView QLabel { color: #f5f5f5; }
#hostView QLabel[tone="warning"] { color: #ffb300; }
#hostView QLabel[tone="over"] { color: #ff5252; }
#hostView QLabel[tone="under"] { color: #69f0ae; }
#hostView QLabel#dimLabel { color: #9e9e9e; }
#hostView QLabel#hostMessage { background: #1565c0; color: #ffffff; padding: 8px 16px;
                               border-radius: 8px; }
#hostView QLabel#hostMessage[level="urgent"] { background: #c62828; }
#hostView QLabel#hostMessage[level="urgent"][flash="true"] { background: #ffeb3b;
                                                              color: #000000; }
"""


# ----- timing as people read it (shared with the cue panel) ----------------------------------
def _over(time: str) -> str:
    return QCoreApplication.translate("Timing", "+{time} over").format(time=time)


def clock_text(seconds: float) -> str:
    """Whole seconds as m:ss, or h:mm:ss from an hour on."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def remaining_text(remaining: float | None) -> str:
    """ "1:48" left, or "+1:05 over" once the segment has run past its plan; "—" when none."""
    if remaining is None:
        return "—"
    if remaining < 0:
        return _over(clock_text(math.ceil(-remaining)))
    return clock_text(math.ceil(remaining))


def remaining_tone(remaining: float | None, planned: float | None) -> str:
    """ "over" past the plan; "warning" in the last minute or the last 10 %; else "normal"."""
    if remaining is None:
        return "normal"
    if remaining < 0:
        return "over"
    if remaining <= WARN_S or (planned and remaining <= planned * WARN_SHARE):
        return "warning"
    return "normal"


def over_under(seconds: float) -> tuple[str, str]:
    """The show's total: ("+2:10 over", "over"), ("−0:45 under", "under") or ("on time", …)."""
    if seconds >= 1:
        return _over(clock_text(seconds)), "over"
    if seconds <= -1:
        under = QCoreApplication.translate("Timing", "−{time} under")
        return under.format(time=clock_text(-seconds)), "under"
    return QCoreApplication.translate("Timing", "on time"), "normal"


def set_tone(label: QLabel, tone: str) -> None:
    """Colour a label by its `tone` property (the style sheets select on it)."""
    if label.property("tone") != tone:
        label.setProperty("tone", tone)
        label.style().unpolish(label)
        label.style().polish(label)


class HostView(QWidget):
    """Big type for the host: segment, time left, next, talking points, coupon, top question.

    Reads the run-sheet's, the coupon's and the audience's slices of `show.state()` every 200 ms
    while on screen; `update_state` also takes them from the bridge. Esc leaves full screen, a
    double-click toggles it. The type is fitted to the window and the texts (`_fit`): each text
    as big as its share of the room allows, the talking points in the room the others leave; a
    text too long even in the smallest type ends in "…", talking points in "+N more".
    """

    def __init__(self, show: Show, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self._fitted: tuple[object, ...] | None = None  # what the type was last fitted to
        self.setObjectName("hostView")
        self.setWindowTitle(self.tr("LiveDesk — host view"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)  # keys stay with
        self.setStyleSheet(_STYLE)  # the console, where Space cues

        self.title_label = self._label(wrap=True)
        self.time_label = self._label()
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock_line = self._label(dim=True)
        self.clock_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_label = self._label(wrap=True, dim=True)
        self.points_label = TalkingPoints()
        self.coupon_label = self._label()
        self.question_label = self._label(wrap=True)
        self.message_label = self._label(wrap=True)
        self.message_label.setObjectName("hostMessage")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.hide()
        self._message: HostMessage | None = None
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._blink)
        layout = self._layout = QVBoxLayout(self)
        # the type is sized from the window (_fit), so the labels must not hold the window at the
        # height of the type they had: a view moved from a 1080p screen to a 720p one stayed
        # 870 px tall and cut off the coupon and what comes next
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(320, 180)
        self._stack = (self.message_label, self.title_label, self.time_label, self.clock_line,
                       self.points_label, self.coupon_label, self.question_label,
                       self.next_label)  # fmt: skip
        for label in self._stack:  # spare room: two parts around the time, one to the points
            layout.addWidget(label, {self.time_label: 2, self.points_label: 1}.get(label, 0))

        self._ticker = QTimer(self)
        self._ticker.setInterval(REFRESH_MS)
        self._ticker.timeout.connect(self.refresh)
        self.resize(960, 600)
        self.refresh()

    def _label(self, *, wrap: bool = False, dim: bool = False) -> FittedLabel:
        label = FittedLabel()
        label.setWordWrap(wrap)
        if dim:
            label.setObjectName("dimLabel")
        return label

    # ----- reading the view (tests) ----------------------------------------------------------
    def points(self) -> list[tuple[str, bool]]:
        """The talking points, each with whether it is ticked."""
        return self.points_label.points()

    def points_shown(self) -> list[tuple[str, bool]]:
        """The talking points on screen: all of them, unless even the smallest type cannot hold
        them (then the ticked ones give way first, and "+N more" counts the rest)."""
        return self.points_label.shown()

    # ----- state in ----------------------------------------------------------------------------
    def refresh(self) -> None:
        state = self._show.state()
        self.update_state(state.runsheet, state.overlay.coupon, state.audience)
        self.show_message(state.host_message)

    def show_message(self, message: HostMessage | None) -> None:
        """The producer's message for the host, at the top until cleared; urgent ones flash."""
        if message == self._message:
            return
        self._message = message
        label = self.message_label
        label.setVisible(message is not None)
        if message is None:
            self._flash.stop()
        else:
            label.setText(message.text)
            label.setProperty("level", message.level)
            label.setProperty("flash", False)
            if message.level == "urgent":
                self._flash.start()
            else:
                self._flash.stop()
            self._polish(label)
        self._fit()

    def flashing(self) -> bool:
        """Whether an urgent message is blinking (tests)."""
        return self._flash.isActive()

    def _blink(self) -> None:
        label = self.message_label
        label.setProperty("flash", not label.property("flash"))
        self._polish(label)

    @staticmethod
    def _polish(label: QLabel) -> None:
        label.style().unpolish(label)
        label.style().polish(label)

    def update_state(
        self, run: RunsheetSlice, coupon: CouponSlice | None, audience: AudienceSlice | None
    ) -> None:
        current, nxt = run.current, run.next
        self.title_label.setText(self._title(run))
        remaining = run.remaining_s
        self.time_label.setText(remaining_text(remaining))
        planned = current.planned_s if current else None
        set_tone(self.time_label, remaining_tone(remaining, planned))
        total, _tone = over_under(run.over_under_s)
        elapsed = run.elapsed_s
        self.clock_line.setText(
            self.tr("elapsed {elapsed} · show {total}").format(
                elapsed="—" if elapsed is None else clock_text(elapsed), total=total
            )
        )
        coming = ""
        if nxt:
            coming = self.tr("Next: #{n} {title}").format(n=nxt.index + 1, title=nxt.title)
        self.next_label.setText(coming)
        self.next_label.setVisible(bool(coming))
        self._show_points(current)
        self._show_coupon(coupon)
        self._show_question(audience)
        self._fit()

    def _title(self, run: RunsheetSlice) -> str:
        current = run.current
        if current is not None:
            title = f"#{(run.index or 0) + 1}/{run.segments}  {current.title}"
        elif run.finished:
            title = self.tr("Run-sheet finished")
        else:
            title = self.tr("Not started yet") if run.segments else self.tr("No run-sheet loaded")
        if run.standby:
            return self.tr("马上回来 Standby — {title}").format(title=title)
        return title

    def _show_points(self, current: CurrentSegment | None) -> None:
        done = set(current.done) if current else set()
        points = [(text, i in done) for i, text in enumerate(current.notes if current else ())]
        if points != self.points_label.points():
            self.points_label.set_points(points)  # written by _fit, as many as fit
        self.points_label.setVisible(bool(points))

    def _show_coupon(self, coupon: CouponSlice | None) -> None:
        self.coupon_label.setVisible(coupon is not None)
        if coupon is not None:
            left = clock_text(math.ceil(coupon.remaining_s))
            paused = self.tr(" (paused)") if coupon.paused else ""
            self.coupon_label.setText(
                self.tr("Coupon {code}: {time} left").format(code=coupon.code, time=left) + paused
            )

    def _show_question(self, audience: AudienceSlice | None) -> None:
        """The top open question, when the show has an audience and one is open (else hidden)."""
        question = None if audience is None else audience.top_question
        text = "" if question is None else question.text
        self.question_label.setVisible(bool(text))
        if not text or audience is None:
            return
        shown = text
        more = audience.counts.questions_open - 1
        extra = self.tr(" (+{n} more)").format(n=more) if more > 0 else ""
        self.question_label.setText(self.tr("Question: {q}").format(q=shown) + extra)

    # ----- fitting the type ----------------------------------------------------------------------
    def _fit(self) -> None:
        """Size every text to the window: the ones around the time to their share of it, then
        the time and the talking points to the room left. Done again when the window's size or
        a text's shape changes (a running clock's digits, or the count of questions waiting,
        do not count)."""
        # the clocks tick, and "(+N more)" counts up with every batch of a flood
        ticking = (self.time_label, self.clock_line, self.coupon_label, self.question_label)
        key = (
            self.size(),
            *self.points_label.points(),
            *((label.isHidden(), shape(label.text()) if label in ticking else label.text())
              for label in self._stack if label is not self.points_label),
        )  # fmt: skip
        if key == self._fitted:
            return
        self._fitted = key
        width, height = self.width(), self.height()
        margin_x, margin_y = min(32, max(8, width // 40)), min(24, max(8, height // 25))
        spacing = min(8, max(2, height // 100))
        layout = self._layout
        layout.setContentsMargins(margin_x, margin_y, margin_x, margin_y)
        layout.setSpacing(spacing)
        room_w, room_h = width - 2 * margin_x, height - 2 * margin_y
        room = room_h - spacing * (sum(not label.isHidden() for label in self._stack) - 1)
        for tight in (False, True):  # tight: the others in their smallest type, for the points
            left = self._fit_around(room_w, room_h, room, tight)
            if fit_time_and_points(self.time_label, self.points_label, room_w, left, height):
                return

    def _fit_around(self, width: int, room_h: int, room: int, tight: bool) -> int:
        """Size the texts around the time and the points (`tight`: in their smallest type);
        returns what they leave of `room`."""
        height = self.height()
        for label, (size, smallest, share, bold) in (
            (self.message_label, MESSAGE_TYPE), (self.title_label, TITLE_TYPE),
            (self.question_label, QUESTION_TYPE), (self.next_label, NEXT_TYPE),
        ):  # fmt: skip
            if not label.isHidden():
                low = max(MIN_PX, int(height * smallest))
                high = low if tight else max(low, int(height * size))
                room -= fit_text(label, width, low, high, int(room_h * share), bold)
        for line, sizes, bold in ((self.clock_line, CLOCK_SIZES, False),
                                  (self.coupon_label, COUPON_SIZES, True)):  # fmt: skip
            if not line.isHidden():
                high = max(MIN_PX, int(height * (sizes[1] if tight else sizes[0])))
                font = sized(line.font(), high, bold)
                set_type(line, line_px(font, line.text(), width, MIN_PX, high), bold)
                room -= line.sizeHint().height()
        return room

    # ----- where and how big -------------------------------------------------------------------
    def show_on_best_screen(
        self, screens: Sequence[QScreen] | None = None, console: QScreen | None = None
    ) -> None:
        """Full screen on a screen other than the console's when there are several; otherwise a
        normal, resizable window on the first screen."""
        found = list(QGuiApplication.screens() if screens is None else screens)
        if len(found) > 1:
            avoid = console or QGuiApplication.primaryScreen()
            target = next((s for s in found if s is not avoid), found[1])
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
            return
        if self.isFullScreen():
            self.showNormal()
        if found:
            area = found[0].availableGeometry()
            size = self.size().boundedTo(area.size())
            self.setGeometry(
                QRect(area.center() - QRect(0, 0, size.width(), size.height()).center(), size)
            )
        self.showNormal()
        self.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        event.accept()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ticker.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._ticker.stop()
