"""The thanks list: gifts, memberships, super chats and follows not yet thanked on air, one entry
per viewer and kind with the running total, newest first. The host or an assistant clears an
entry when it has been thanked (or dismisses it); the viewer's next gift opens a new one. A show's
entries end with it (the log keeps them): the next show's list starts empty.

Bounded: a flood of gifts from a huge audience keeps the latest `MAX_PENDING` entries; older
unthanked ones are dropped and counted. Pure: no Qt, no I/O."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from app.domain.audience import THANKED_KINDS, Comment, Kind

MAX_PENDING = 2_000
MAX_GIFT_NAMES = 10  # distinct gift names kept per entry ("小心心 ×30, 嘉年华 ×1")
ACTIONS = ("thanked", "dismiss")


class ThanksError(ValueError):
    """An unknown entry or action."""


@dataclass
class ThanksEntry:
    id: int
    platform: str
    user: str
    kind: Kind
    first_ts: float
    last_ts: float
    count: int = 0  # gifts, months or follows (a follow counts one)
    value: float = 0.0
    currency: str | None = None
    gifts: dict[str, int] = field(default_factory=dict)
    message: str | None = None  # a super chat's latest text
    items: int = 0  # how many items it gathers
    key: tuple[str, str, Kind] = field(default=("", "", Kind.GIFT), repr=False)

    def as_api(self) -> dict[str, Any]:
        return {"id": self.id, "platform": self.platform, "user": self.user,
                "kind": self.kind.value, "count": self.count, "value": round(self.value, 2),
                "currency": self.currency, "gifts": dict(self.gifts), "message": self.message,
                "items": self.items, "first_ts": self.first_ts,
                "last_ts": self.last_ts}  # fmt: skip


class ThanksCleared(ThanksError):
    """The entry was there, and was thanked or dismissed already (or left a full list)."""


class ThanksList:
    def __init__(self, limit: int = MAX_PENDING, *, first_id: int = 1) -> None:
        self.limit = limit
        self._ids = itertools.count(first_id)
        self._issued = first_id - 1  # the latest entry id given
        self._ended = first_id - 1  # ids up to this one were an ended show's
        self._pending: dict[int, ThanksEntry] = {}  # by id, oldest activity first
        self._by_key: dict[tuple[str, str, Kind], int] = {}
        self.thanked = 0
        self.dismissed = 0
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._pending)

    def carried_on(self) -> ThanksList:
        """An empty list for the next show, numbering on from this one: an id is never given
        twice, so the crew's click on an entry the show took away is refused, not taken for
        another viewer's."""
        return ThanksList(self.limit, first_id=self._issued + 1)

    def add(self, item: Comment) -> ThanksEntry | None:
        """File an item; the entry it joined or opened, None when it is not one to thank."""
        if item.kind not in THANKED_KINDS:
            return None
        key = (item.platform, item.user_id or item.user, item.kind)
        entry_id = self._by_key.get(key)
        entry = self._pending.pop(entry_id) if entry_id is not None else None
        if entry is None:
            entry = ThanksEntry(next(self._ids), item.platform, item.user, item.kind, item.ts,
                                item.ts, currency=item.currency, key=key)  # fmt: skip
            self._issued = entry.id
            self._by_key[key] = entry.id
        self._pending[entry.id] = entry  # moved to the newest end
        entry.last_ts = max(entry.last_ts, item.ts)
        entry.items += 1
        entry.count += 1 if item.kind is Kind.FOLLOW else (item.count or 1)
        # another currency from the same viewer: the entry keeps its first one's total
        if item.value and entry.currency in (None, item.currency):
            entry.value += item.value
            entry.currency = item.currency
        if item.gift and (item.gift in entry.gifts or len(entry.gifts) < MAX_GIFT_NAMES):
            entry.gifts[item.gift] = entry.gifts.get(item.gift, 0) + (item.count or 1)
        if item.kind is Kind.SUPERCHAT and item.text:
            entry.message = item.text
        while len(self._pending) > self.limit:
            oldest = self._pending.pop(next(iter(self._pending)))
            self._forget(oldest)
            self.dropped += 1
        return entry

    def act(self, entry_id: int, action: str) -> ThanksEntry:
        """Clear an entry: thanked on air, or dismissed."""
        if action not in ACTIONS:
            raise ThanksError(f"unknown action “{action}” (thanked or dismiss)")
        entry = self._pending.pop(entry_id, None)
        if entry is None and 0 < entry_id <= self._ended:
            raise ThanksCleared(f"thanks entry {entry_id} is no longer waiting: its show has "
                                "ended")  # fmt: skip
        if entry is None and 0 < entry_id <= self._issued:
            raise ThanksCleared(f"thanks entry {entry_id} is no longer waiting: it was thanked "
                                "or dismissed already")  # fmt: skip
        if entry is None:
            raise ThanksError(f"there is no thanks entry {entry_id}")
        self._forget(entry)
        if action == "thanked":
            self.thanked += 1
        else:
            self.dismissed += 1
        return entry

    def _forget(self, entry: ThanksEntry) -> None:
        if self._by_key.get(entry.key) == entry.id:
            del self._by_key[entry.key]

    def listing(self, limit: int | None = None) -> list[ThanksEntry]:
        """Pending entries, the most recent activity first."""
        newest = reversed(self._pending.values())
        return list(itertools.islice(newest, limit))

    def oldest(self) -> ThanksEntry | None:
        return next(iter(self._pending.values()), None)

    def newest(self) -> ThanksEntry | None:
        return next(reversed(self._pending.values()), None)
