"""The thanks list: gifts, memberships, super chats and follows not yet thanked on air, gathered
per viewer with their totals, the most recent first ("小红 · 小心心 ×30, 嘉年华 ×1 · ¥20.6").

"Thanked" and "Dismiss" clear the selected viewer's entries; the thanks key (Ctrl+Shift+G by
default) marks the top viewer thanked, while the list is on screen and not while typing in a field.
An assistant on /assist clears the same list: the panel follows `ThanksChanged`.
"""

from __future__ import annotations

import contextlib
import html
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.audience import Kind
from app.runtime.tasks import TaskRunner
from app.services.audience import Audience
from app.services.errors import NotFound
from app.services.events import Event, ThanksChanged
from app.services.show import Show
from app.services.state import ThanksCard, ThanksViewer
from app.ui.feed_model import money_text
from app.ui.keymap import BoundKeys, Keymap
from app.ui.question_table import duration_text
from app.ui.widgets import LivePanel

VIEWER, WHAT, TOTAL, AGE = range(4)
SHOWN = 300  # the latest entries listed; a flood of gifts never lists them all
REFRESH_DELAY_MS = 200  # gifts come in bursts (combos): one refresh per burst
TICK_MS = 1000


class ThanksPanel(LivePanel):
    """Lists `show.audience.thanks_list()` (refreshed on `ThanksChanged`: connect `on_event` to
    the bridge's `event_received`) and clears entries through the TaskRunner.

    `pending_changed(int)`: how many entries wait, whenever that changes (the tab's title).
    `key_scope`: the window whose thanks key acts (the main window); the panel itself when None.
    """

    pending_changed = Signal(int)

    def __init__(
        self,
        show: Show,
        runner: TaskRunner,
        *,
        key_scope: QWidget | None = None,
        keymap: Keymap | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if show.audience is None:
            raise ValueError("the thanks list needs the show's audience service")
        self._audience: Audience = show.audience
        self._tasks = runner
        self._bound = BoundKeys(keymap or Keymap())
        self._key_scope = key_scope or self
        self._viewers: tuple[ThanksViewer, ...] = ()
        self.pending = 0

        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels(
            [self.tr("Viewer"), self.tr("For"), self.tr("Total"), self.tr("Age")]
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        self.tree.setToolTip(self.tr("Gifts, memberships, super chats and follows to thank on air"))
        self.tree.currentItemChanged.connect(lambda _now, _before: self._enable_buttons())
        self.empty_label = QLabel(self.tr("Nothing to thank yet."))
        self.empty_label.setEnabled(False)
        self.thanked_button = self._button(
            self.tr("Thanked"),
            self.thank_selected,
            self.tr("Thanked on air: clears the selected viewer; the key clears the top one"),
        )
        self.dismiss_button = self._button(
            self.tr("Dismiss"), self.dismiss_selected, self.tr("Clear without thanking")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_label, 1)
        buttons.addWidget(self.thanked_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

        shortcut = QShortcut(self._key_scope)
        shortcut.setAutoRepeat(False)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setEnabled(False)  # while the panel is shown (LivePanel)
        self._shortcuts = [
            self._bound.bind("thanks.top", shortcut, self.thanked_button, action=self.thank_top)
        ]
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._show_ages)
        self.refresh()
        self._enable_buttons()

    def _button(self, text: str, slot: Callable[[], None], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcut and its tooltip follow at once."""
        self._bound.rebind(keymap)

    # ----- state in ----------------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        """Bus events (ShowBridge.event_received): the list follows `ThanksChanged`."""
        if isinstance(event, ThanksChanged) and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh(self) -> None:
        """The count always (the tab's title shows it); the list only while it is on screen."""
        self._refresh_timer.stop()
        listing = self._audience.thanks_list(SHOWN if self.isVisible() else 0)
        if listing.pending != self.pending:
            self.pending = listing.pending
            self.pending_changed.emit(listing.pending)
        if not self.isVisible() or listing.viewers == self._viewers:
            return
        chosen = self.selected()
        self._viewers = listing.viewers
        self._fill()
        keys = [(v.platform, v.user) for v in self._viewers]
        row = 0  # the selected viewer stays selected; else the top one
        if chosen is not None and (chosen.platform, chosen.user) in keys:
            row = keys.index((chosen.platform, chosen.user))
        item = self.tree.topLevelItem(row)
        if item is not None:
            self.tree.setCurrentItem(item)
        self._enable_buttons()

    def _fill(self) -> None:
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        now = time.time()
        items = []
        for viewer in self._viewers:
            item = QTreeWidgetItem(
                [viewer.user, self.what_text(viewer), self.total_text(viewer),
                 duration_text(now - viewer.last_ts)]
            )  # fmt: skip
            tip = html.escape(self.row_text(viewer))
            messages = [e.message for e in viewer.entries if e.message]
            tip += "".join(f"<br>“{html.escape(m)}”" for m in messages)
            item.setToolTip(VIEWER, html.escape(viewer.platform))
            for column in (WHAT, TOTAL):
                item.setToolTip(column, f"<p style='white-space:pre-wrap'>{tip}</p>")
            items.append(item)
        self.tree.addTopLevelItems(items)
        self.tree.setUpdatesEnabled(True)
        self.empty_label.setVisible(not items)

    def _show_ages(self) -> None:
        now = time.time()
        for row, viewer in enumerate(self._viewers):
            item = self.tree.topLevelItem(row)
            age = duration_text(now - viewer.last_ts)
            if item is not None and item.text(AGE) != age:
                item.setText(AGE, age)

    def _enable_buttons(self) -> None:
        chosen = self.selected() is not None
        self.thanked_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    # ----- what a row says -----------------------------------------------------------------------
    def entry_text(self, entry: ThanksCard) -> str:
        """ "小心心 ×30, 嘉年华 ×1", "followed", "super chat: “text”"."""
        gifts = ", ".join(f"{name} ×{count}" for name, count in entry.gifts)
        if entry.kind is Kind.GIFT:
            return gifts or self.tr("%n gift(s)", "", entry.count)
        if entry.kind is Kind.MEMBER:
            return gifts or self.tr("membership ×{n}").format(n=entry.count)
        if entry.kind is Kind.FOLLOW:
            return self.tr("followed")
        said = self.tr("super chat")
        if entry.count > 1:
            said = f"{said} ×{entry.count}"
        return f"{said}: “{entry.message}”" if entry.message else said

    def what_text(self, viewer: ThanksViewer) -> str:
        return " · ".join(self.entry_text(entry) for entry in viewer.entries)

    @staticmethod
    def total_text(viewer: ThanksViewer) -> str:
        return " + ".join(money_text(value, currency) for currency, value in viewer.totals)

    def row_text(self, viewer: ThanksViewer) -> str:
        """The whole row as one line: "小红 · 小心心 ×30, 嘉年华 ×1 · ¥20.6"."""
        parts = (viewer.user, self.what_text(viewer), self.total_text(viewer))
        return " · ".join(part for part in parts if part)

    def rows(self) -> list[str]:
        """The listed rows as lines, top first (tests, the tab)."""
        return [self.row_text(viewer) for viewer in self._viewers]

    def viewers(self) -> tuple[ThanksViewer, ...]:
        return self._viewers

    def selected(self) -> ThanksViewer | None:
        item = self.tree.currentItem()
        row = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        return self._viewers[row] if 0 <= row < len(self._viewers) else None

    # ----- actions out -------------------------------------------------------------------------
    def thank_selected(self) -> None:
        self._clear(self.selected(), "thanked")

    def dismiss_selected(self) -> None:
        self._clear(self.selected(), "dismiss")

    def thank_top(self) -> None:
        """The thanks key: the viewer at the top of the list thanked."""
        self._clear(self._viewers[0] if self._viewers else None, "thanked")

    def _clear(self, viewer: ThanksViewer | None, action: str) -> None:
        if viewer is None:
            return
        audience, ids = self._audience, viewer.ids

        async def clear() -> None:
            for entry_id in ids:
                with contextlib.suppress(NotFound):  # cleared meanwhile (on /assist)
                    audience.thank(entry_id, action)

        self._tasks.run(clear(), name=f"thanks-{action}")
