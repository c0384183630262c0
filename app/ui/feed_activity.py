"""How the feed words an activity (a gift, follow, membership, share or super chat): its gist in no
language ("小心心 ×3 · ¥0.3"), its tag and colour (🎁, "SC ¥30"), and what the viewer did, in the
user's language. The model lists these lines; the delegate paints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain.audience import Kind

if TYPE_CHECKING:  # the row type lives with the model, which imports these helpers
    from app.ui.feed_model import FeedRow

# what the feed lists beyond comments (likes, entries and viewer counts are only counted)
ACTIVITY_KINDS = frozenset(k.value for k in (Kind.GIFT, Kind.FOLLOW, Kind.MEMBER, Kind.SHARE,
                                             Kind.SUPERCHAT))  # fmt: skip
_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥",
            "HKD": "HK$", "TWD": "NT$"}  # fmt: skip


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
