"""The thanks overlay (感谢榜 / gift alert): gifts, memberships, super chats and follows thanked on
stream, one short alert at a time ("感谢 小红 送出 小心心 ×30"), and the latest supporters.

A burst from one viewer (a gift combo, a run of follows) becomes one alert whose total grows while
it shows, never a queue of identical alerts; the alerts waiting are bounded, the oldest dropped
first, so a flood of gifts from a big audience never builds a queue that runs for minutes. Times
are the caller's (a monotonic clock): pure, no Qt, no I/O, no timers.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import Any

from app.domain.audience import THANKED_KINDS, Comment, Kind
from app.domain.thanks import add_value, first_value

ALERT_S = 4.0  # each alert on screen
ALERT_MAX_S = 10.0  # a burst keeps its alert up at most this long; later items queue anew
MAX_WAITING = 8  # alerts waiting their turn; beyond it the oldest is dropped
RECENT = 3  # latest supporters listed under the alert
MAX_MESSAGE = 60  # a super chat's text on the alert
CURRENCY_SIGNS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥"}

Key = tuple[str, str, Kind, str]  # platform, viewer (id or name), kind, gift name


@dataclass(frozen=True, slots=True)
class ThanksAlert:
    """One viewer's gifts (of one name), membership, super chat or follow, with the totals of
    the items it gathers. Viewer text (user, gift, message) is shown as text only."""

    platform: str
    user: str
    kind: Kind
    gift: str | None
    count: int  # gifts, months, or follows (a follow counts one)
    value: float  # what the items are worth in `currency`, the first one given (0: not said)
    currency: str | None
    message: str | None  # a super chat's latest text
    items: int  # how many items it gathers
    # what they are worth in every currency given ("" for none named), the first first
    values: tuple[tuple[str, float], ...] = ()


@dataclass(slots=True)
class _Gathering:
    """An alert being gathered (mutable: a combo adds to it in constant time)."""

    key: Key
    platform: str
    user: str
    kind: Kind
    gift: str | None
    count: int = 0
    values: dict[str, float] = field(default_factory=dict)  # per currency: none is dropped
    named: str | None = None  # the first currency named
    message: str | None = None
    items: int = 0

    @classmethod
    def of(cls, key: Key, item: Comment) -> _Gathering:
        gathering = cls(key, item.platform, item.user, item.kind, item.gift)
        gathering.add(item)
        return gathering

    def add(self, item: Comment) -> None:
        self.items += 1
        self.count += 1 if self.kind is Kind.FOLLOW else (item.count or 1)
        add_value(self.values, item.value, item.currency)
        if self.named is None:
            self.named = item.currency
        if self.kind is Kind.SUPERCHAT and item.text:
            self.message = item.text

    def frozen(self) -> ThanksAlert:
        value, currency = first_value(self.values, self.named)
        return ThanksAlert(self.platform, self.user, self.kind, self.gift, self.count, value,
                           currency, self.message, self.items,
                           tuple(self.values.items()))  # fmt: skip


def key_of(item: Comment) -> Key:
    return (item.platform, item.user_id or item.user, item.kind, item.gift or "")


class AlertQueue:
    """The alert on screen, the alerts waiting (bounded, drop-oldest), the latest supporters.

    `add(item, now)` files an item; `advance(now)` takes the next alert when the shown one's time
    is up; `due()` says when that is (None: nothing on screen). Both answer whether what the
    overlay shows changed.
    """

    def __init__(
        self,
        *,
        show_s: float = ALERT_S,
        max_show_s: float = ALERT_MAX_S,
        limit: int = MAX_WAITING,
        recent: int = RECENT,
    ) -> None:
        self.show_s, self.max_show_s = show_s, max(show_s, max_show_s)
        self.limit, self.recent_limit = max(1, limit), max(0, recent)
        self.showing: _Gathering | None = None
        self.shown_at = 0.0
        self.until = 0.0
        self._waiting: collections.OrderedDict[Key, _Gathering] = collections.OrderedDict()
        self._recent: collections.OrderedDict[Key, _Gathering] = collections.OrderedDict()
        self.dropped = 0  # alerts dropped unshown because the queue was full

    def __len__(self) -> int:
        """Alerts waiting (the one on screen not counted)."""
        return len(self._waiting)

    def add(self, item: Comment, now: float) -> bool:
        if item.kind not in THANKED_KINDS:
            return False
        key = key_of(item)
        self._remember(key, item)
        showing = self.showing
        if showing is not None and showing.key == key and now < self.until:
            showing.add(item)  # the burst goes on: its total grows, it stays a little longer
            self.until = max(self.until, min(self.shown_at + self.max_show_s, now + self.show_s))
            return True
        waiting = self._waiting.get(key)
        if waiting is not None:
            waiting.add(item)  # keeps its place in the queue
        else:
            self._waiting[key] = _Gathering.of(key, item)
            if len(self._waiting) > self.limit:
                self._waiting.popitem(last=False)
                self.dropped += 1
        self.advance(now)
        return True

    def _remember(self, key: Key, item: Comment) -> None:
        if not self.recent_limit:
            return
        entry = self._recent.get(key)
        if entry is None:
            self._recent[key] = _Gathering.of(key, item)
            if len(self._recent) > self.recent_limit:
                self._recent.popitem(last=False)
        else:
            entry.add(item)
            self._recent.move_to_end(key)

    def advance(self, now: float) -> bool:
        """The shown alert goes when its time is up, and the next waiting one comes on."""
        changed = False
        if self.showing is not None and now >= self.until:
            self.showing, changed = None, True
        if self.showing is None and self._waiting:
            _, self.showing = self._waiting.popitem(last=False)
            self.shown_at, self.until, changed = now, now + self.show_s, True
        return changed

    def due(self) -> float | None:
        return self.until if self.showing is not None else None

    def alert(self) -> ThanksAlert | None:
        return None if self.showing is None else self.showing.frozen()

    def recent(self) -> tuple[ThanksAlert, ...]:
        """The latest supporters, newest first."""
        return tuple(entry.frozen() for entry in reversed(self._recent.values()))

    def clear(self) -> None:
        self.showing = None
        self._waiting.clear()
        self._recent.clear()


# ----- what the renderers draw -----------------------------------------------------------------
def money_text(value: float, currency: str | None) -> str:
    """¥30, $4.99, 100 bits, 1000 电池."""
    amount = f"{value:.2f}".rstrip("0").rstrip(".")
    sign = CURRENCY_SIGNS.get((currency or "").upper())
    if sign is not None:
        return f"{sign}{amount}"
    return f"{amount} {currency}" if currency else amount


def values_text(alert: ThanksAlert) -> str:
    """What the items are worth, every currency given: ¥30, $5 + JP¥1000; "" for nothing."""
    values = alert.values or ((alert.currency or "", alert.value),)
    return " + ".join(money_text(value, currency or None) for currency, value in values if value)


def action_text(alert: ThanksAlert) -> str:
    """What the viewer did, after their name: 送出 小心心 ×30, 开通 舰长 ×1, 醒目留言 ¥30…"""
    match alert.kind:
        case Kind.GIFT:
            return f"送出 {alert.gift or '礼物'} ×{alert.count}"
        case Kind.MEMBER:
            return f"开通 {alert.gift or '会员'} ×{alert.count}"
        case Kind.SUPERCHAT:
            worth = values_text(alert)
            return f"醒目留言 {worth}" if worth else "醒目留言"
        case Kind.FOLLOW:
            return "关注了直播间"
        case _:
            return ""


def alert_card(alert: ThanksAlert) -> dict[str, Any]:
    message = alert.message
    if message is not None and len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return {"title": "感谢", "user": alert.user, "platform": alert.platform,
            "kind": alert.kind.value, "action": action_text(alert), "gift": alert.gift,
            "count": alert.count, "message": message}  # fmt: skip


def thanks_card(
    alert: ThanksAlert | None, recent: tuple[ThanksAlert, ...]
) -> dict[str, Any] | None:
    """The thanks overlay's card: the alert on screen and the latest supporters (None: nothing
    to show)."""
    if alert is None and not recent:
        return None
    return {
        "title": "感谢榜",
        "alert": None if alert is None else alert_card(alert),
        "recent": [{"user": r.user, "platform": r.platform, "kind": r.kind.value,
                    "action": action_text(r)} for r in recent],
    }  # fmt: skip
