"""The run-sheet as it runs: Go / Prev / Goto, the clocks, talking points, coupon, standby.

Space cues the next segment and Shift+Space the previous one while the console window is active
(never while a text field has focus); Ctrl+B goes to standby and back from any of the app's windows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.runsheet import RunSheet
from app.runtime.tasks import TaskRunner
from app.services.overlays import EXTEND_S
from app.services.show import Show
from app.services.show_runner import CueResult
from app.services.state import CouponSlice, ObsSlice, RunsheetSlice
from app.ui.host_view import clock_text, over_under, remaining_text, remaining_tone, set_tone
from app.ui.keymap import BoundKeys, Keymap, native
from app.ui.message_texts import text_for
from app.ui.widgets import ElidedButton, LivePanel

REFRESH_MS = 200
ORIGIN = "console"

_STYLE = """
QLabel#remainingLabel { font-size: 26px; font-weight: bold; }
QLabel[tone="warning"] { color: #b26a00; }
QLabel[tone="over"] { color: #d32f2f; }
QLabel[tone="under"] { color: #2e7d32; }
QPushButton#goButton { font-size: 20px; font-weight: bold; min-height: 52px; }
QPushButton#standbyButton { font-size: 16px; font-weight: bold; min-height: 40px; }
QPushButton#standbyButton:checked { background: #d32f2f; color: white; }
"""
_CURRENT_BG, _DONE_FG = QColor("#d6eaff"), QColor("#9e9e9e")
_CURRENT_FG = QColor("#1d1d1f")  # dark on the light highlight, in the dark theme too


class CuePanel(LivePanel):
    """Acts on `show.runner` and `show.overlays` through the TaskRunner; shows the run-sheet's,
    the coupon's and OBS's slices of `show.state()` (`update_state`; `refresh` reads them itself).

    `cue_warned(str)`: a cue went on but part of it failed (e.g. OBS lacks the scene).
    `cue_noted(str)`: a cue went on with something worth knowing (its poll was still open).
    `preflight_requested()`: the "Pre-flight check" button was pressed.
    """

    keys_while_minimised = True  # Ctrl+B works from the host view while the console is down

    cue_warned = Signal(str)
    cue_noted = Signal(str)
    preflight_requested = Signal()

    def __init__(
        self,
        show: Show,
        runner: TaskRunner,
        *,
        key_scope: QWidget | None = None,
        keymap: Keymap | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`key_scope`: the window whose Space / Shift+Space cue (the main window: then they also
        work when the panel's dock floats); the panel itself when None. `keymap`: the live keys
        (the defaults when None)."""
        super().__init__(parent)
        self._key_scope = key_scope or self
        self._keys = BoundKeys(keymap or Keymap())
        self._show, self._tasks = show, runner
        self._sheet: RunSheet | None = None
        self._items: list[QTreeWidgetItem] = []
        self._rows_shown: tuple[Any, ...] = ()
        self._points_shown: tuple[Any, ...] = ()
        self._scenes_shown: tuple[Any, ...] = ()
        self._standby = False
        self.setStyleSheet(_STYLE)

        self.go_button = ElidedButton(self.tr("Go / Next ▶"))
        self.go_button.clicked.connect(self._on_go)
        self.go_button.setObjectName("goButton")
        self.go_button.setToolTip(self.tr("Cue the next segment"))
        self.prev_button = self._button(self.tr("◀ Prev"), self._on_prev)
        self.prev_button.setToolTip(self.tr("Back to the previous segment"))

        self.elapsed_label = QLabel("—")
        self.remaining_label = QLabel("—")
        self.remaining_label.setObjectName("remainingLabel")
        self.over_under_label = QLabel()
        self.over_under_label.setToolTip(self.tr("The whole show against its plan"))

        self.segment_list = QTreeWidget()
        self.segment_list.setRootIsDecorated(False)
        self.segment_list.setUniformRowHeights(True)
        self.segment_list.setHeaderLabels(
            ["#", self.tr("Segment"), self.tr("Time"), self.tr("Scene"), self.tr("Cues")]
        )
        header = self.segment_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        tip = self.tr("Double-click a segment, or select it and press {key}, to cue it")
        self.segment_list.setToolTip(tip.format(key=native("Enter")))
        self.segment_list.itemDoubleClicked.connect(lambda item, _col: self._goto_item(item))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.segment_list)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(lambda: self._goto_item(self.segment_list.currentItem()))

        self.points_list = QListWidget()
        self.points_list.setMaximumHeight(150)
        self.points_list.itemChanged.connect(self._on_point_changed)

        self.coupon_label = QLabel(wordWrap=True)
        self.extend_button = self._button(self.tr("+{n} s").format(n=EXTEND_S), self._on_extend)
        extend = self.tr("Add {n} seconds to the countdown")
        self.extend_button.setToolTip(extend.format(n=EXTEND_S))
        self.stop_coupon_button = self._button(self.tr("Stop"), self._on_stop_coupon)
        self.stop_coupon_button.setToolTip(self.tr("End the coupon countdown now"))
        # the overlay panel holds these keys; the buttons here do the same
        self._keys.show("overlay.extend", self.extend_button)
        self._keys.show("overlay.stop_coupon", self.stop_coupon_button)

        self.standby_button = self._button(self.tr("马上回来 Standby"), self._on_standby)
        self.standby_button.setObjectName("standbyButton")
        self.standby_button.setCheckable(True)
        self.standby_button.setToolTip(
            self.tr("Cut to the standby scene and pause the clocks; again to come back")
        )
        self.standby_combo = QComboBox()  # as wide as a scene name, not its longest entry
        self.standby_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.standby_combo.setMinimumContentsLength(10)
        self.standby_combo.setToolTip(self.tr("The scene standby cuts to"))
        self.standby_combo.activated.connect(self._on_standby_scene)
        self.preflight_button = self._button(self.tr("Pre-flight check"), self.preflight_requested)

        self._lay_out()
        self._shortcuts = [
            self._shortcut("cue.next", self.go_button),
            self._shortcut("cue.prev", self.prev_button),
            self._shortcut("cue.standby", self.standby_button, everywhere=True),
        ]
        self._ticker = QTimer(self)
        self._ticker.setInterval(REFRESH_MS)
        self._ticker.timeout.connect(self.refresh)
        self._index: int | None = None  # the live segment, whose points the list ticks
        self.refresh()

    def _lay_out(self) -> None:
        cue_row = QHBoxLayout()
        cue_row.addWidget(self.go_button, 3)
        cue_row.addWidget(self.prev_button, 1)
        clocks = QGridLayout()
        captions = (self.tr("Elapsed"), self.tr("Remaining"), self.tr("Show"))
        values = (self.elapsed_label, self.remaining_label, self.over_under_label)
        for column, (caption, value) in enumerate(zip(captions, values, strict=True)):
            clocks.addWidget(QLabel(caption, wordWrap=True), 0, column)
            clocks.addWidget(value, 1, column)
        coupon_row = QHBoxLayout()
        coupon_row.addWidget(self.coupon_label, 1)
        coupon_row.addWidget(self.extend_button)
        coupon_row.addWidget(self.stop_coupon_button)
        layout = QVBoxLayout(self)
        layout.addLayout(cue_row)
        layout.addLayout(clocks)
        layout.addWidget(self.segment_list, 1)
        layout.addWidget(QLabel(self.tr("Talking points")))
        layout.addWidget(self.points_list)
        layout.addLayout(coupon_row)
        layout.addWidget(self.standby_button)
        layout.addWidget(self.standby_combo)
        layout.addWidget(self.preflight_button)

    @staticmethod
    def _button(text: str, slot: Callable[[], object] | SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _shortcut(self, name: str, button: QPushButton, *, everywhere: bool = False) -> QShortcut:
        """Live action `name`'s key clicks `button`: in the key scope's window, or in any of the
        app's windows; the button's tooltip shows the key."""
        shortcut = QShortcut(self._key_scope)
        context = Qt.ShortcutContext.ApplicationShortcut if everywhere else None
        shortcut.setContext(context or Qt.ShortcutContext.WindowShortcut)
        shortcut.setAutoRepeat(False)  # a held key cues once
        shortcut.setEnabled(False)  # on while the panel is shown
        return self._keys.bind(name, shortcut, button, action=button.click)

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcuts and tooltips follow at once."""
        self._keys.rebind(keymap)
        self.refresh()

    # ----- reading the panel (tests, other views) -------------------------------------------
    def row_role(self, index: int) -> str:
        """ "current", "done" (has run) or "" — how segment `index` is shown."""
        if not 0 <= index < len(self._items):
            return ""
        return str(self._items[index].data(0, Qt.ItemDataRole.UserRole) or "")

    # ----- state in ----------------------------------------------------------------------------
    def refresh(self) -> None:
        state = self._show.state()
        self.update_state(state.runsheet, state.overlay.coupon, state.obs)

    def update_state(self, run: RunsheetSlice, coupon: CouponSlice | None, obs: ObsSlice) -> None:
        if run.sheet is not self._sheet:
            self._fill(run.sheet)
        self._index = run.index
        self._show_rows(run)
        self._show_points(run)
        self._show_clocks(run)
        self._show_coupon(coupon)
        self._show_standby(run, obs)
        live, index, count = run.current is not None, run.index, run.segments
        self.go_button.setEnabled(count > 0 and not run.finished)
        # past the end too: back to the last segment, as the runner's prev (and the API) allow
        self.prev_button.setEnabled((live and bool(index)) or (run.finished and count > 0))
        nxt = run.next
        if nxt:
            go = self.tr("Go ▶ #{n} {title}").format(n=nxt.index + 1, title=nxt.title)
        else:
            go = self.tr("Go ▶ end of run-sheet") if live else self.tr("Go / Next ▶")
        self.go_button.setText(go)
        tip = self.tr("Cue the next segment ({key}): {go}")
        self.go_button.setToolTip(tip.format(key=native(self._keys.keymap.key("cue.next")), go=go))

    def _fill(self, sheet: RunSheet) -> None:
        self._sheet, self._rows_shown = sheet, ()
        self.segment_list.clear()
        self._items = []
        for number, segment in enumerate(sheet.segments, start=1):
            product = f"▣ {segment.product}" if segment.product else ""
            coupon = f"% {segment.coupon}" if segment.coupon else ""
            planned, scene = clock_text(segment.duration_s), segment.scene or ""
            cues = "  ".join(filter(None, (product, coupon)))
            item = QTreeWidgetItem([str(number), segment.title, planned, scene, cues])
            item.setToolTip(1, "\n".join(segment.notes) or segment.title)
            tip = self.tr("Product: {p}\nCoupon: {c}")
            item.setToolTip(4, tip.format(p=segment.product or "—", c=segment.coupon or "—"))
            self.segment_list.addTopLevelItem(item)
            self._items.append(item)

    def _show_rows(self, run: RunsheetSlice) -> None:
        done = run.ran
        shown = (run.index, done)
        if shown == self._rows_shown:
            return
        self._rows_shown = shown
        for index, item in enumerate(self._items):
            role = "current" if index == run.index else "done" if index in done else ""
            item.setData(0, Qt.ItemDataRole.UserRole, role)
            font = item.font(0)
            font.setBold(role == "current")
            for column in range(self.segment_list.columnCount()):
                item.setFont(column, font)
                item.setBackground(column, QBrush(_CURRENT_BG) if role == "current" else QBrush())
                fg = {"done": _DONE_FG, "current": _CURRENT_FG}.get(role)
                item.setForeground(column, QBrush(fg) if fg else QBrush())
            if role == "current":
                self.segment_list.scrollToItem(item)

    def _show_points(self, run: RunsheetSlice) -> None:
        current = run.current
        notes = current.notes if current else ()
        done = set(current.done) if current else set()
        shown = (run.index, notes, frozenset(done))
        if shown == self._points_shown:
            return
        self.points_list.blockSignals(True)
        if shown[:2] != self._points_shown[:2]:
            self.points_list.clear()
            for text in notes:
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                self.points_list.addItem(item)
        for row in range(self.points_list.count()):
            state = Qt.CheckState.Checked if row in done else Qt.CheckState.Unchecked
            self.points_list.item(row).setCheckState(state)
        self.points_list.blockSignals(False)
        self._points_shown = shown

    def _show_clocks(self, run: RunsheetSlice) -> None:
        current, remaining = run.current, run.remaining_s
        elapsed = run.elapsed_s
        self.elapsed_label.setText("—" if elapsed is None else clock_text(elapsed))
        self.remaining_label.setText(remaining_text(remaining))
        planned = current.planned_s if current else None
        set_tone(self.remaining_label, remaining_tone(remaining, planned))
        text, tone = over_under(run.over_under_s)
        self.over_under_label.setText(text)
        set_tone(self.over_under_label, tone)

    def _show_coupon(self, coupon: CouponSlice | None) -> None:
        self.extend_button.setEnabled(coupon is not None)
        self.stop_coupon_button.setEnabled(coupon is not None)
        if coupon is None:
            self.coupon_label.setText(self.tr("No coupon on screen"))
            return
        text = self.tr("Coupon {code}: {time} left").format(
            code=coupon.code, time=clock_text(math.ceil(coupon.remaining_s))
        )
        self.coupon_label.setText(text + (self.tr(" (paused)") if coupon.paused else ""))

    def _show_standby(self, run: RunsheetSlice, obs: ObsSlice) -> None:
        self._standby = run.standby
        self.standby_button.setChecked(self._standby)
        self.standby_button.setEnabled(obs.connected or self._standby)
        scenes, chosen = obs.scenes, run.standby_scene
        if (scenes, chosen) == self._scenes_shown:
            return
        self._scenes_shown = (scenes, chosen)
        self.standby_combo.clear()
        self.standby_combo.addItem(self.tr("— no standby scene —"), "")
        for scene in scenes if chosen is None or chosen in scenes else (*scenes, chosen):
            self.standby_combo.addItem(scene, scene)
        self.standby_combo.setCurrentIndex(max(0, self.standby_combo.findData(chosen or "")))

    # ----- actions out -------------------------------------------------------------------------
    def _cue(self, step: Coroutine[Any, Any, CueResult], name: str) -> None:
        async def cue() -> None:
            result = await step
            if result.warnings:
                self.cue_warned.emit(
                    self.tr("Cued “{title}”, but: {problems}").format(
                        title=result.title, problems="; ".join(map(text_for, result.warnings))
                    )
                )
            elif result.notes:
                self.cue_noted.emit(
                    self.tr("Cued “{title}”: {notes}").format(
                        title=result.title, notes="; ".join(map(text_for, result.notes))
                    )
                )

        self._tasks.run(cue(), name=name)

    def _act(self, action: Callable[[], object], name: str) -> None:
        async def act() -> None:
            action()

        self._tasks.run(act(), name=name)

    def _on_go(self) -> None:
        self._cue(self._show.runner.next(origin=ORIGIN), "cue-next")

    def _on_prev(self) -> None:
        self._cue(self._show.runner.prev(origin=ORIGIN), "cue-prev")

    def goto(self, index: int) -> None:
        self._cue(self._show.runner.goto(index, origin=ORIGIN), "cue-goto")

    def _goto_item(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.goto(self.segment_list.indexOfTopLevelItem(item))

    def _on_point_changed(self, item: QListWidgetItem) -> None:
        segment, row = self._index, self.points_list.row(item)
        if segment is None:
            return
        done = item.checkState() == Qt.CheckState.Checked
        runner = self._show.runner
        self._act(lambda: runner.tick_point(segment, row, done, origin=ORIGIN), "tick-point")

    def _on_extend(self) -> None:
        self._act(lambda: self._show.overlays.extend_coupon(origin=ORIGIN), "coupon-extend")

    def _on_stop_coupon(self) -> None:
        self._act(lambda: self._show.overlays.stop_coupon(origin=ORIGIN), "coupon-stop")

    def _on_standby(self) -> None:
        # The button shows the runner's state, not the click: it flips once the cut is made.
        self.standby_button.setChecked(self._standby)
        self._tasks.run(self._show.runner.toggle_standby(origin=ORIGIN), name="standby")

    def _on_standby_scene(self, row: int) -> None:
        scene = str(self.standby_combo.itemData(row) or "") or None
        self._act(lambda: self._show.runner.set_standby_scene(scene), "standby-scene")
