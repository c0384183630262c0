"""The comment feed's model and painter: hundreds of thousands of comments as compact tuples,
appended in one batch per frame, capped, filtered through an index list (no proxy model, no QObject
per row), and painted by a delegate (platform badge, time, markers, viewer, highlighted text).

Rows are `FeedRow` tuples. Every stored comment has a sequence number (`base` + its position in
the store); the model's rows are the sequence numbers that pass the filter, ascending, so the
oldest rows can be dropped from the front and new ones appended without renumbering.
"""

from __future__ import annotations

import bisect
import html
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.audience import Comment, Kind

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


# what the feed lists beyond comments (likes, entries and viewer counts are only counted)
ACTIVITY_KINDS = frozenset(k.value for k in (Kind.GIFT, Kind.FOLLOW, Kind.MEMBER, Kind.SHARE,
                                             Kind.SUPERCHAT))  # fmt: skip
_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥",
            "HKD": "HK$", "TWD": "NT$"}  # fmt: skip


def _text_or_none(value: object) -> str | None:
    return str(value) if value else None


def money_text(value: float, currency: str | None) -> str:
    """An amount as people write it: "¥20.6", "$5", "100 bits", "12 电池"."""
    amount = f"{value:.2f}".rstrip("0").rstrip(".")
    symbol = _SYMBOLS.get((currency or "").upper())
    if symbol:
        return f"{symbol}{amount}"
    return f"{amount} {currency}" if currency else amount


def activity_gist(
    kind: str, gift: str | None, count: int | None, value: float | None, currency: str | None
) -> str:
    """What an activity amounts to, without words: "小心心 ×3 · ¥0.3", "舰长 ×1", "¥30"."""
    parts = []
    if kind == "gift":
        parts.append(f"{gift or '?'} ×{count or 1}")
    elif kind == "member" and (gift or (count or 1) > 1):
        parts.append(f"{gift} ×{count or 1}" if gift else f"×{count}")
    if value:
        parts.append(money_text(value, currency))
    return " · ".join(parts)


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
        f" · {html.escape(row.platform)}<br>{html.escape(text)}</p>"
    )


# ----- activities: gifts, follows, memberships, shares, super chats -----------------------------
_TAGS = {"gift": ("🎁", "#d81b60"), "follow": ("⭐", "#f9a825"), "member": ("👑", "#7b1fa2"),
         "share": ("↗", "#00897b"), "superchat": ("SC", "#ef6c00")}  # fmt: skip


def activity_tag(row: FeedRow) -> tuple[str, QColor]:
    """The mark before the viewer's name and its colour: 🎁, ⭐, 👑, ↗, or "SC ¥30"."""
    mark, colour = _TAGS.get(row.kind, ("•", "#607d8b"))
    if row.kind == "superchat" and row.what:
        mark = f"{mark} {row.what}"
    return mark, QColor(colour)


def activity_words(row: FeedRow) -> str:
    """What the viewer did, after their name: "sent 小心心 ×3", "followed" (a super chat: its
    text)."""
    # spelled out each time: lupdate reads only QCoreApplication.translate("Context", "text")
    what = row.what
    if row.kind == "gift":
        return QCoreApplication.translate("CommentDelegate", "sent {what}").format(what=what)
    if row.kind == "follow":
        return QCoreApplication.translate("CommentDelegate", "followed")
    if row.kind == "member":
        words = QCoreApplication.translate("CommentDelegate", "became a member")
        return f"{words} {what}" if what else words
    if row.kind == "share":
        return QCoreApplication.translate("CommentDelegate", "shared the stream")
    return row.text


def activity_line(row: FeedRow) -> str:
    """An activity as one line: "🎁 小红 sent 小心心 ×3", "SC ¥30 amy: text"."""
    mark = activity_tag(row)[0]
    if row.kind == "superchat":
        return f"{mark} {row.user}: {row.text}"
    return f"{mark} {row.user} {activity_words(row)}"


# ----- painting ---------------------------------------------------------------------------------
_BADGES = {
    "douyin": ("抖音", "#161823"), "kuaishou": ("快手", "#ff4906"), "taobao": ("淘宝", "#ff5000"),
    "wechat": ("视频号", "#07c160"), "xiaohongshu": ("小红书", "#ff2442"),
    "jd": ("京东", "#e1251b"), "bilibili": ("B站", "#fb7299"), "youtube": ("YouTube", "#ff0000"),
    "twitch": ("Twitch", "#9146ff"), "manual": ("手动", "#607d8b"),
}  # fmt: skip
_MARKERS = ((QUESTION, "?", QColor("#1e88e5")), (PURCHASE, "¥", QColor("#2e7d32")))
_VIP_BG, _KEYWORD_BG = QColor(255, 193, 7, 60), QColor(255, 235, 59, 150)


def platform_badge(platform: str) -> tuple[str, QColor]:
    """The badge's label and colour (a fixed colour per platform, a stable one for others)."""
    known = _BADGES.get(platform)
    if known:
        return known[0], QColor(known[1])
    return platform[:8] or "?", QColor.fromHsl(zlib.crc32(platform.encode()) % 360, 140, 100)


class CommentDelegate(QStyledItemDelegate):
    """Paints a FeedRow: platform badge, HH:MM:SS, question "?" and purchase "¥" markers, viewer
    (★ for VIPs), then the text elided to `lines` lines (1 or 2) with keywords highlighted.
    Viewer text is drawn as plain text, never interpreted. An activity (gift, follow,
    membership, share, super chat) is tinted in its colour, its tag (🎁, ⭐, "SC ¥30") before
    the viewer, and says what the viewer did."""

    def __init__(
        self, parent: QObject, *, keywords: Iterable[str] = (), vips: Iterable[str] = ()
    ) -> None:
        super().__init__(parent)
        self.lines = 1
        self.keywords: tuple[str, ...] = ()
        self.vips: frozenset[str] = frozenset()
        self.set_highlights(keywords, vips)

    def set_highlights(self, keywords: Iterable[str], vips: Iterable[str]) -> None:
        self.keywords = tuple(k.casefold() for k in keywords if k.strip())
        self.vips = frozenset(v for v in vips if v.strip())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, self.lines * (option.fontMetrics.height() + 2) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: FeedRow | None = index.data(COMMENT_ROLE)
        if row is None:
            return
        painter.save()
        rect, fm, palette = option.rect, option.fontMetrics, option.palette
        line_h = fm.height() + 2
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        vip = row.user in self.vips
        tag = activity_tag(row) if row.kind else None
        if selected:
            painter.fillRect(rect, palette.highlight())
        elif vip:
            painter.fillRect(rect, _VIP_BG)
        elif tag is not None:
            tint = QColor(tag[1])
            tint.setAlpha(28)
            painter.fillRect(rect, tint)
        ink = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = QColor(ink)
        dim.setAlpha(150)
        if row.flags & FLOOD:
            ink = dim
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, top = rect.left() + 4, rect.top() + 3
        x = self._badge(painter, option, row.platform, x, top, line_h)
        painter.setFont(option.font)
        painter.setPen(dim)
        clock = time.strftime("%H:%M:%S", time.localtime(row.ts))
        width = fm.horizontalAdvance(clock)
        painter.drawText(QRect(x, top, width, line_h), Qt.AlignmentFlag.AlignVCenter, clock)
        x += width + 6
        for flag, mark, colour in _MARKERS:
            if row.flags & flag:
                x = self._marker(painter, mark, colour, x, top, line_h)
        if tag is not None:
            x = self._tag(painter, option, tag, x, top, line_h)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#b8860b") if vip and not selected else ink)
        said = not row.kind or row.kind == "superchat"  # an activity's words are no quote
        name = ("★ " if vip else "") + row.user + (":" if said else "")
        name = QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideMiddle, rect.width() // 3)
        width = QFontMetrics(bold).horizontalAdvance(name)
        painter.drawText(QRect(x, top, width, line_h), Qt.AlignmentFlag.AlignVCenter, name)
        x += width + 6
        painter.setFont(option.font)
        painter.setPen(ink)
        text = row.text if said else activity_words(row)
        text, right = " ".join(text.split()), rect.right() - 4
        if self.lines > 1:
            first = _fits(text, option.font, right - x)
            self._run(painter, fm, text[:first], x, top, right - x, line_h)
            text, x, top = text[first:].lstrip(), rect.left() + 8, top + line_h
        self._run(painter, fm, text, x, top, right - x, line_h)
        painter.restore()

    @staticmethod
    def _badge(
        painter: QPainter, option: QStyleOptionViewItem, platform: str, x: int, top: int, h: int
    ) -> int:
        label, colour = platform_badge(platform)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        metrics = QFontMetrics(small)
        width = max(metrics.horizontalAdvance(label), metrics.horizontalAdvance("视频号")) + 8
        badge = QRect(x, top + 1, width, h - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(badge, 3, 3)
        painter.setFont(small)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        return x + width + 6

    @staticmethod
    def _tag(
        painter: QPainter, option: QStyleOptionViewItem, tag: tuple[str, QColor], x: int,
        top: int, h: int,
    ) -> int:  # fmt: skip
        label, colour = tag
        metrics = QFontMetrics(option.font)
        width = metrics.horizontalAdvance(label) + 8
        box = QRect(x, top + 1, width, h - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(box, 3, 3)
        painter.setFont(option.font)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        return x + width + 6

    @staticmethod
    def _marker(painter: QPainter, mark: str, colour: QColor, x: int, top: int, h: int) -> int:
        size = h - 4
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRect(x, top + 2, size, size))
        painter.setPen(QColor("white"))
        painter.drawText(QRect(x, top + 2, size, size), Qt.AlignmentFlag.AlignCenter, mark)
        return x + size + 4

    def _run(
        self, painter: QPainter, fm: QFontMetrics, text: str, x: int, top: int, room: int, h: int
    ) -> None:
        """One line of text at (x, top), elided to `room`, keywords on a highlight."""
        if room <= 8 or not text:
            return
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
        folded = shown.casefold()
        for keyword in self.keywords:
            start = folded.find(keyword)
            while start >= 0 and len(folded) == len(shown):
                left = x + fm.horizontalAdvance(shown[:start])
                width = fm.horizontalAdvance(shown[start : start + len(keyword)])
                painter.fillRect(QRect(left, top, width, h), _KEYWORD_BG)
                start = folded.find(keyword, start + len(keyword))
        painter.drawText(QRect(x, top, room, h), Qt.AlignmentFlag.AlignVCenter, shown)


def _fits(text: str, font: QFont, room: int) -> int:
    """How many characters of `text` fill the first line (wrapping at a word or anywhere)."""
    if room <= 8:
        return 0
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(room)
    length = line.textLength() if line.isValid() else 0
    layout.endLayout()
    return length
