"""The comment feed's model: hundreds of thousands of comments as compact tuples, appended in one
batch per frame, capped, and filtered through an index list (no proxy model, no QObject per row).
app/ui/feed_delegate.py paints the rows; app/ui/feed_activity.py words the activities.

Rows are `FeedRow` tuples. Every stored comment has a sequence number (`base` + its position in
the store); the model's rows are the sequence numbers that pass the filter, ascending, so the
oldest rows can be dropped from the front and new ones appended without renumbering.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from app.domain.audience import Comment, Kind
from app.ui.feed_activity import ACTIVITY_KINDS, activity_gist, activity_line
from app.ui.feed_activity import money_text as money_text  # the thanks panel takes it from here
from app.ui.platform_names import platform_name

FRAME_MS = 16
MAX_ROWS = 50_000  # as many as the audience keeps: the rows share their text with it
QUESTION, PURCHASE, FLOOD = 1, 2, 4
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class FeedRow(NamedTuple):
    id: int
    platform: str
    user: str
    text: str
    ts: float
    flags: int  # QUESTION | PURCHASE | FLOOD
    kind: str = ""  # "" for a comment; gift, follow, member, share, superchat
    what: str = ""  # an activity's gist in no language: "小心心 ×3", "¥30"


def _blocked(comment: Comment | dict[str, Any]) -> bool:
    return comment.blocked if isinstance(comment, Comment) else bool(comment.get("blocked"))


def feed_row(comment: Comment | dict[str, Any]) -> FeedRow:
    """A comment or an activity (as the audience publishes it, or as the API gives it:
    Comment.as_api()) → a compact row."""
    if isinstance(comment, Comment):
        flags = ((QUESTION if comment.is_question else 0)
                 | (PURCHASE if comment.intent == "purchase" else 0)
                 | (FLOOD if comment.flood else 0))  # fmt: skip
        if comment.kind is Kind.COMMENT:
            return FeedRow(comment.id, comment.platform, comment.user, comment.text, comment.ts,
                           flags)  # fmt: skip
        return FeedRow(comment.id, comment.platform, comment.user, comment.text, comment.ts,
                       flags, comment.kind.value,
                       activity_gist(comment.kind.value, comment.gift, comment.count,
                                     comment.value, comment.currency))  # fmt: skip
    flags = (QUESTION if comment.get("is_question") else 0) | (
        PURCHASE if comment.get("intent") == "purchase" else 0
    )
    if comment.get("flood"):
        flags |= FLOOD
    kind = str(comment.get("kind") or "")
    if kind not in ACTIVITY_KINDS:
        kind = ""
    count, value = comment.get("count"), comment.get("value")
    what = activity_gist(
        kind, _text_or_none(comment.get("gift")), count if isinstance(count, int) else None,
        float(value) if isinstance(value, int | float) else None,
        _text_or_none(comment.get("currency")),
    ) if kind else ""  # fmt: skip
    return FeedRow(int(comment["id"]), str(comment.get("platform") or ""),
                   str(comment.get("user") or ""), str(comment.get("text") or ""),
                   float(comment.get("ts") or 0.0), flags, kind, what)  # fmt: skip


def _text_or_none(value: object) -> str | None:
    return str(value) if value else None


@dataclass(frozen=True)
class FeedFilter:
    """Which comments the feed lists. Empty strings mean "any"; keyword and viewer match a part
    of the text / name, ignoring case."""

    questions_only: bool = False
    purchase_only: bool = False
    platform: str = ""
    keyword: str = ""
    viewer: str = ""
    show_floods: bool = False

    def predicate(self) -> Callable[[FeedRow], bool] | None:
        """A test for one row, or None when every row passes."""
        need = (QUESTION if self.questions_only else 0) | (PURCHASE if self.purchase_only else 0)
        hide = 0 if self.show_floods else FLOOD
        platform, keyword = self.platform, self.keyword.strip().casefold()
        viewer = self.viewer.strip().casefold()
        if not (need or hide or platform or keyword or viewer):
            return None

        def accept(row: FeedRow) -> bool:
            flags = row[5]
            return (
                flags & need == need
                and not flags & hide
                and (not platform or row[1] == platform)
                and (not viewer or viewer in row[2].casefold())
                and (not keyword or keyword in row[3].casefold())
            )

        return accept


class CommentFeedModel(QAbstractListModel):
    """`enqueue()` buffers comments; a 16 ms single-shot timer flushes them with one
    beginInsertRows/endInsertRows (and at most one beginRemoveRows when the cap is passed).

    `flushed(int)`: after a flush, how many comments came in (listed or not).
    `platforms_changed()`: a platform was seen for the first time.
    """

    flushed = Signal(int)
    platforms_changed = Signal()

    def __init__(self, cap: int = MAX_ROWS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cap = cap
        self._store: list[FeedRow] = []
        self._base = 0  # the sequence number of _store[0]
        self._shown: list[int] = []  # sequence numbers of the listed rows, ascending
        self._pending: list[Comment | dict[str, Any]] = []
        self._filter = FeedFilter()
        self._accept = self._filter.predicate()
        self.blocked: set[str] = set()
        self.floods = 0  # flood comments in the store
        self.platforms: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.flush)

    # ----- in ----------------------------------------------------------------------------------
    def enqueue(self, comments: Iterable[Comment | dict[str, Any]]) -> None:
        """Buffer comments (Comment objects or API dicts); they are listed with the next frame's
        flush."""
        self._pending.extend(comments)
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        pending, self._pending = self._pending, []
        # blocked comments (a blocked viewer's, blocked words) stay in the log, not in the feed
        rows = [feed_row(c) for c in pending if not _blocked(c)]
        if self.blocked:
            blocked = self.blocked
            rows = [row for row in rows if row.user not in blocked]
        if not rows:
            return
        arrived = len(rows)
        if len(rows) > self.cap:
            rows = rows[-self.cap :]
        overflow = len(self._store) + len(rows) - self.cap
        if overflow > 0:
            self._drop_oldest(min(overflow, len(self._store)))
        first = self._base + len(self._store)
        self._store.extend(rows)
        accept = self._accept
        seqs = [first + i for i, row in enumerate(rows) if accept is None or accept(row)]
        self.floods += sum(1 for row in rows if row.flags & FLOOD)
        if seqs:
            start = len(self._shown)
            self.beginInsertRows(QModelIndex(), start, start + len(seqs) - 1)
            self._shown.extend(seqs)
            self.endInsertRows()
        seen = {row.platform for row in rows} - self.platforms
        if seen:
            self.platforms |= seen
            self.platforms_changed.emit()
        self.flushed.emit(arrived)

    def _drop_oldest(self, count: int) -> None:
        dropped = self._store[:count]
        new_base = self._base + count
        gone = bisect.bisect_left(self._shown, new_base)
        if gone:
            self.beginRemoveRows(QModelIndex(), 0, gone - 1)
            del self._shown[:gone]
        del self._store[:count]
        self._base = new_base
        if gone:
            self.endRemoveRows()
        self.floods -= sum(1 for row in dropped if row.flags & FLOOD)

    def block(self, user: str) -> None:
        """Comments from `user` still buffered, and any that arrive later, are not listed."""
        self.blocked.add(user)

    def unblock(self, user: str) -> None:
        self.blocked.discard(user)

    def clear(self) -> None:
        self.beginResetModel()
        self._base += len(self._store)
        self._store, self._shown, self._pending = [], [], []
        self.floods = 0
        self.endResetModel()

    # ----- the filter --------------------------------------------------------------------------
    @property
    def filter(self) -> FeedFilter:
        return self._filter

    def set_filter(self, feed_filter: FeedFilter) -> None:
        if feed_filter == self._filter:
            return
        self.beginResetModel()
        self._filter, self._accept = feed_filter, feed_filter.predicate()
        base, accept = self._base, self._accept
        if accept is None:
            self._shown = list(range(base, base + len(self._store)))
        else:
            self._shown = [base + i for i, row in enumerate(self._store) if accept(row)]
        self.endResetModel()

    # ----- out ---------------------------------------------------------------------------------
    @property
    def stored(self) -> int:
        """Comments kept (listed or filtered out)."""
        return len(self._store)

    @property
    def hidden_floods(self) -> int:
        return 0 if self._filter.show_floods else self.floods

    def row(self, row: int) -> FeedRow:
        return self._store[self._shown[row] - self._base]

    def rows(self) -> list[FeedRow]:
        """The listed rows, oldest first (tests, exports)."""
        base, store = self._base, self._store
        return [store[seq - base] for seq in self._shown]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        row = self._store[self._shown[index.row()] - self._base]
        if role == COMMENT_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return activity_line(row) if row.kind else f"{row.user}: {row.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row)
        return None


def plain_tooltip(row: FeedRow) -> str:
    """Viewers' text shown as typed: escaped, so Qt never reads it as rich text."""
    text = row.text if not row.kind or row.kind == "superchat" else activity_line(row)
    return (
        f"<p style='white-space:pre-wrap'><b>{html.escape(row.user)}</b>"
        f" · {html.escape(platform_name(row.platform))}<br>{html.escape(text)}</p>"
    )
