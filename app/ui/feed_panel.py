"""The live comment feed: every source's comments as they arrive, filtered, highlighted, followed;
gifts, follows, memberships, shares and super chats listed among them, each in its own colour.

The list follows the newest comment unless the pointer is over it or the user has scrolled up;
"↓ Newest" (or scrolling back to the bottom) follows again. Floods (111, repeats, emoji only) are
counted and hidden unless "Show floods" is ticked. Right-click a comment to block its viewer,
feature it on stream or file it as a question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.runtime.tasks import TaskRunner
from app.services.audience import KEEP_IN_MEMORY, Audience
from app.services.events import (
    CommentsAdded,
    CommentsRestored,
    Event,
    ViewerBlocked,
    ViewerUnblocked,
)
from app.services.show import Show
from app.ui.feed_activity import activity_line
from app.ui.feed_delegate import CommentDelegate
from app.ui.feed_model import COMMENT_ROLE, MAX_ROWS, CommentFeedModel, FeedFilter, FeedRow
from app.ui.platform_names import platform_name

log = logging.getLogger(__name__)

DEFAULT_KEYWORDS = ("多少钱", "链接", "优惠", "回放")
TWO_LINES_BELOW = 560  # px of list width: narrower lists show two lines per comment
FILTER_DELAY_MS = 200  # typing in the keyword / viewer fields re-filters after a pause


class FeedView(QTableView):
    """One column of fixed-height rows: a table, because QListView lays every row out again on
    each insert (calling into the Python model per row) while a table's fixed-size header only
    counts them. Reports the pointer entering and leaving; narrower than TWO_LINES_BELOW, a
    comment takes two lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = 1
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._row_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        lines = 2 if self.viewport().width() < TWO_LINES_BELOW else 1
        if lines != self.lines:
            bar = self.verticalScrollBar()
            at_bottom = bar.value() == bar.maximum()
            self.lines = lines
            self._row_height()
            if at_bottom:
                self.scrollToBottom()

    def _row_height(self) -> None:
        delegate = self.itemDelegate()
        if isinstance(delegate, CommentDelegate):
            delegate.lines = self.lines
        self.verticalHeader().setDefaultSectionSize(
            self.lines * (self.fontMetrics().height() + 2) + 6
        )

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        super().setItemDelegate(delegate)
        self._row_height()


class FeedPanel(QWidget):
    """Reads comments from `CommentsAdded` events (connect `on_event` to the bridge's
    `event_received`); acts on `show.audience` through the TaskRunner.

    `keywords` are highlighted in the text (default 多少钱, 链接, 优惠, 回放); `vips` are viewer
    names marked ★. `cap` is how many comments the feed keeps (the oldest go first).
    """

    def __init__(
        self,
        show: Show,
        runner: TaskRunner,
        *,
        keywords: Iterable[str] = DEFAULT_KEYWORDS,
        vips: Iterable[str] = (),
        cap: int = MAX_ROWS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if show.audience is None:
            raise ValueError("the feed needs the show's audience service")
        self._audience: Audience = show.audience
        self._tasks = runner
        self._hovered = False
        self._scrolled_up = False
        self._menu_open = False
        self._unseen = 0
        self.context_menu: QMenu | None = None

        self.model = CommentFeedModel(cap, self)
        self.delegate = CommentDelegate(self, keywords=keywords, vips=vips)
        self.list_view = FeedView()
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(self.delegate)
        self.list_view.installEventFilter(self)
        self.list_view.customContextMenuRequested.connect(self._on_context_menu)
        self.list_view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.modelReset.connect(self._follow_if_following)
        self.model.flushed.connect(lambda _n: self._show_counters())
        self.model.platforms_changed.connect(self._fill_platforms)

        self.questions_box = self._check(self.tr("Questions"), self.tr("Only questions"))
        self.purchase_box = self._check(
            self.tr("Purchase intent"), self.tr("Only comments that want to buy (price, link…)")
        )
        self.floods_box = self._check(
            self.tr("Show floods"), self.tr("List floods too (111, repeats, emoji only)")
        )
        self.platform_combo = QComboBox()
        self.platform_combo.setToolTip(self.tr("Only comments from this platform"))
        self.platform_combo.addItem(self.tr("All platforms"), "")
        self.platform_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.keyword_edit = self._edit(self.tr("Keyword"), self.tr("Only comments containing this"))
        self.viewer_edit = self._edit(self.tr("Viewer"), self.tr("Only this viewer's comments"))
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.floods_label = QLabel()
        self.floods_label.setToolTip(self.tr("Flood comments hidden; tick “Show floods” to list"))
        self.newest_button = QPushButton(self.tr("↓ Newest"))
        self.newest_button.setToolTip(
            self.tr("The feed stops following while the pointer is over it or you scroll up")
        )
        self.newest_button.clicked.connect(self.follow_newest)
        self.newest_button.hide()
        self._lay_out()
        self._show_counters()
        self.model.enqueue(self._audience.comments_after(0, KEEP_IN_MEMORY))
        self.model.flush()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for widget in (self.questions_box, self.purchase_box, self.platform_combo):
            filters.addWidget(widget)
        filters.addWidget(self.keyword_edit, 1)
        filters.addWidget(self.viewer_edit, 1)
        status = QHBoxLayout()
        status.addWidget(self.floods_box)
        status.addWidget(self.floods_label, 1)
        status.addWidget(self.newest_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(status)

    def _check(self, text: str, tip: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setToolTip(tip)
        box.toggled.connect(lambda _on: self.apply_filter())
        return box

    def _edit(self, placeholder: str, tip: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(tip)
        edit.setClearButtonEnabled(True)
        edit.textChanged.connect(lambda _t: self._filter_timer.start())
        return edit

    # ----- events in ---------------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        """Bus events (ShowBridge.event_received): comments are listed with the next frame."""
        match event:
            case CommentsAdded(comments=comments):
                self.model.enqueue(comments)
            case CommentsRestored():  # a resumed show: its comments replace this run's
                self.model.clear()
                self.model.enqueue(self._audience.comments_after(0, KEEP_IN_MEMORY))
                self.model.flush()
            case ViewerBlocked(user=user):
                self.model.block(user)
            case ViewerUnblocked(user=user):
                self.model.unblock(user)

    def set_highlights(self, keywords: Iterable[str], vips: Iterable[str]) -> None:
        """The words highlighted in comments and the viewers marked ★ (from the settings)."""
        self.delegate.set_highlights(keywords, vips)
        self.list_view.viewport().update()

    # ----- filters -----------------------------------------------------------------------------
    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(
            FeedFilter(
                questions_only=self.questions_box.isChecked(),
                purchase_only=self.purchase_box.isChecked(),
                platform=str(self.platform_combo.currentData() or ""),
                keyword=self.keyword_edit.text(),
                viewer=self.viewer_edit.text(),
                show_floods=self.floods_box.isChecked(),
            )
        )
        self._show_counters()

    def _fill_platforms(self) -> None:
        chosen = self.platform_combo.currentData()
        self.platform_combo.blockSignals(True)
        for platform in sorted(self.model.platforms):
            if self.platform_combo.findData(platform) < 0:
                self.platform_combo.addItem(platform_name(platform), platform)
        self.platform_combo.setCurrentIndex(max(0, self.platform_combo.findData(chosen)))
        self.platform_combo.blockSignals(False)

    def _show_counters(self) -> None:
        hidden = self.model.hidden_floods
        self.floods_label.setText(self.tr("+%n flood(s)", "", hidden) if hidden else "")

    # ----- following the newest ----------------------------------------------------------------
    @property
    def following(self) -> bool:
        """Whether new comments scroll the list (not while hovered, scrolled up or while the
        context menu is open)."""
        return not (self._hovered or self._scrolled_up or self._menu_open)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list_view:
            if event.type() == QEvent.Type.Enter:
                self._hovered = True
                self._show_paused()
            elif event.type() == QEvent.Type.Leave:
                self._hovered = False
                self._follow_if_following()
        return super().eventFilter(watched, event)

    def follow_newest(self) -> None:
        self._scrolled_up = False
        self._unseen = 0
        self.list_view.scrollToBottom()
        self._show_paused()

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self.following:
            self.list_view.scrollToBottom()
        else:
            self._unseen += last - first + 1
            self._show_paused()

    def _follow_if_following(self) -> None:
        if self.following:
            self.follow_newest()
        else:
            self._show_paused()

    def _on_scrolled(self, value: int) -> None:
        self._scrolled_up = value < self.list_view.verticalScrollBar().maximum()
        if not self._scrolled_up:
            self._unseen = 0
        self._show_paused()

    def _show_paused(self) -> None:
        paused = not self.following
        self.newest_button.setVisible(paused)
        if paused:
            label = self.tr("↓ Newest ({n})").format(n=self._unseen) if self._unseen else None
            self.newest_button.setText(label or self.tr("↓ Newest"))

    # ----- the context menu --------------------------------------------------------------------
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.list_view.indexAt(pos)
        if not index.isValid():
            return
        menu = self.menu_for(index.row())
        self._menu_open = True
        menu.aboutToHide.connect(self._menu_closed)
        menu.popup(self.list_view.viewport().mapToGlobal(pos))  # never exec() under qasync

    def _menu_closed(self) -> None:
        self._menu_open = False
        view = self.list_view
        self._hovered = view.rect().contains(view.mapFromGlobal(QCursor.pos()))
        self._follow_if_following()

    def menu_for(self, row: int) -> QMenu:
        """The context menu for listed row `row` (also kept as `context_menu`)."""
        comment: FeedRow = self.model.index(row).data(COMMENT_ROLE)
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        menu = self.context_menu = QMenu(self)
        menu.setObjectName("feedMenu")
        said = not comment.kind or comment.kind == "superchat"  # a gift or a follow says nothing
        shown = comment.text if said else activity_line(comment)
        copy = menu.addAction(self.tr("Copy comment"))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(shown))
        feature = menu.addAction(self.tr("Feature this comment"))
        feature.setObjectName("featureAction")
        feature.triggered.connect(lambda: self._feature(comment))
        question = menu.addAction(self.tr("Add as question"))
        question.setObjectName("questionAction")
        question.triggered.connect(lambda: self._add_question(comment))
        feature.setEnabled(said)
        question.setEnabled(said)
        menu.addSeparator()
        block = menu.addAction(self.tr("Block viewer {user}").format(user=comment.user))
        block.setObjectName("blockAction")
        block.triggered.connect(lambda: self._block(comment.user, comment.platform))
        return menu

    def _act(self, action: Callable[[], object], name: str) -> None:
        async def act() -> None:
            action()

        self._tasks.run(act(), name=name)

    def _block(self, user: str, platform: str = "") -> None:
        self.model.block(user)  # at once: what is buffered from them goes too
        platform = "" if platform == "manual" else platform  # typed in: any platform
        self._act(lambda: self._audience.block(user, platform), "viewer-block")

    def _feature(self, comment: FeedRow) -> None:
        self._act(lambda: self._audience.feature_comment(comment.id), "comment-feature")

    def _add_question(self, comment: FeedRow) -> None:
        audience = self._audience
        self._act(
            lambda: audience.promote(comment.id),
            "question-add",
        )
