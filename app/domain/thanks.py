"""The thanks list: gifts, memberships, super chats and follows not yet thanked on air, one entry
per viewer and kind with the running total (per currency: a viewer paying in yuan and then in
dollars is owed thanks for both), newest first. The host or an assistant clears an entry when it
has been thanked (or dismisses it); the viewer's next gift opens a new one. A show's entries end
with it (the log keeps them): the next show's list starts empty. An interrupted show's list comes
back with it on resume (`snapshot`, `restored`), with what came in before the resume (`absorb`).

Bounded: a flood of gifts from a huge audience keeps the latest `MAX_PENDING` entries; older
unthanked ones are dropped and counted. Pure: no Qt, no I/O."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.audience import THANKED_KINDS, Comment, Kind

MAX_PENDING = 2_000
MAX_GIFT_NAMES = 10  # distinct gift names kept per entry ("小心心 ×30, 嘉年华 ×1")
MAX_CURRENCIES = 8  # currencies kept per entry (one viewer paying in more is not a real case)
ACTIONS = ("thanked", "dismiss")


class ThanksError(ValueError):
    """An unknown entry or action."""


def add_value(values: dict[str, float], value: float | None, currency: str | None) -> None:
    """Add an item's value to totals per currency ("" where it names none); a value of 0 (a
    free gift) adds nothing, so it never decides which currency comes first."""
    if not value:
        return
    key = currency or ""
    if key in values or len(values) < MAX_CURRENCIES:
        values[key] = values.get(key, 0.0) + value


def first_value(values: Mapping[str, float], named: str | None = None) -> tuple[float, str | None]:
    """The first currency given a value and its total, as one (value, currency) for clients
    that read one currency; (0.0, `named`) when nothing had a value."""
    for currency, value in values.items():
        if value:
            return value, currency or None
    return 0.0, named


@dataclass
class ThanksEntry:
    id: int
    platform: str
    user: str
    kind: Kind
    first_ts: float
    last_ts: float
    count: int = 0  # gifts, months or follows (a follow counts one)
    values: dict[str, float] = field(default_factory=dict)  # total per currency, first first
    named: str | None = None  # the first currency named (shown while nothing had a value)
    gifts: dict[str, int] = field(default_factory=dict)
    message: str | None = None  # a super chat's latest text
    items: int = 0  # how many items it gathers
    key: tuple[str, str, Kind] = field(default=("", "", Kind.GIFT), repr=False)

    @property
    def value(self) -> float:
        """The total in `currency` (the other currencies are in `values`)."""
        return first_value(self.values)[0]

    @property
    def currency(self) -> str | None:
        """The first currency given a value; the first one named while none had a value."""
        return first_value(self.values, self.named)[1]

    def take(self, item: Comment) -> None:
        """One more item from the viewer."""
        self.last_ts = max(self.last_ts, item.ts)
        self.items += 1
        self.count += 1 if item.kind is Kind.FOLLOW else (item.count or 1)
        add_value(self.values, item.value, item.currency)
        if self.named is None:
            self.named = item.currency
        if item.gift:
            self._add_gift(item.gift, item.count or 1)
        if item.kind is Kind.SUPERCHAT and item.text:
            self.message = item.text

    def join(self, later: ThanksEntry) -> None:
        """Another entry of the same viewer and kind, gathered after this one."""
        self.first_ts = min(self.first_ts, later.first_ts)
        self.last_ts = max(self.last_ts, later.last_ts)
        self.items += later.items
        self.count += later.count
        for currency, value in later.values.items():
            add_value(self.values, value, currency)
        self.named = self.named or later.named
        for name, count in later.gifts.items():
            self._add_gift(name, count)
        self.message = later.message or self.message

    def _add_gift(self, name: str, count: int) -> None:
        if name in self.gifts or len(self.gifts) < MAX_GIFT_NAMES:
            self.gifts[name] = self.gifts.get(name, 0) + count

    def as_api(self) -> dict[str, Any]:
        """`value` and `currency` are the first currency's (as clients before `values` read
        them); `values` has every currency's total."""
        return {"id": self.id, "platform": self.platform, "user": self.user,
                "kind": self.kind.value, "count": self.count, "value": round(self.value, 2),
                "currency": self.currency,
                "values": {c: round(v, 2) for c, v in self.values.items()},
                "gifts": dict(self.gifts), "message": self.message,
                "items": self.items, "first_ts": self.first_ts,
                "last_ts": self.last_ts}  # fmt: skip

    def snapshot(self) -> dict[str, Any]:
        return {"id": self.id, "platform": self.platform, "user": self.user, "who": self.key[1],
                "kind": self.kind.value, "first_ts": self.first_ts, "last_ts": self.last_ts,
                "count": self.count, "values": dict(self.values), "named": self.named,
                "gifts": dict(self.gifts), "message": self.message,
                "items": self.items}  # fmt: skip

    @classmethod
    def restored(cls, data: object) -> ThanksEntry | None:
        """An entry from `snapshot()`'s form; None when it is not one."""
        if not isinstance(data, dict):
            return None
        entry_id, kind = _whole(data.get("id")), data.get("kind")
        texts = [data.get(name) for name in ("platform", "user", "who")]
        first_ts, last_ts = _number(data.get("first_ts")), _number(data.get("last_ts"))
        if (entry_id is None or entry_id < 1 or kind not in _THANKED_VALUES or first_ts is None
                or last_ts is None or not all(isinstance(t, str) for t in texts)):  # fmt: skip
            return None
        platform, user, who = (str(t) for t in texts)
        entry = cls(entry_id, platform, user, Kind(str(kind)), first_ts, last_ts,
                    key=(platform, who, Kind(str(kind))))  # fmt: skip
        entry.count = max(0, _whole(data.get("count")) or 0)
        entry.items = max(0, _whole(data.get("items")) or 0)
        values = data.get("values")
        for currency, given in values.items() if isinstance(values, dict) else ():
            value = _number(given)
            if value is not None and value >= 0:
                add_value(entry.values, value, str(currency))
        named, message = data.get("named"), data.get("message")
        entry.named = named if isinstance(named, str) else None
        entry.message = message if isinstance(message, str) else None
        gifts = data.get("gifts")
        for name, given in gifts.items() if isinstance(gifts, dict) else ():
            count = _whole(given)
            if count is not None and count > 0:
                entry._add_gift(str(name), count)
        return entry


_THANKED_VALUES = frozenset(kind.value for kind in THANKED_KINDS)


def _whole(value: object) -> int | None:
    """`value` when it is a whole number (not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: object) -> float | None:
    """`value` as a float when it is a finite number (not a bool), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value) if abs(value) < 1e300 else math.inf
        return number if math.isfinite(number) else None
    return None


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
                                item.ts, key=key)  # fmt: skip
            self._issued = entry.id
            self._by_key[key] = entry.id
        self._pending[entry.id] = entry  # moved to the newest end
        entry.take(item)
        self._trim()
        return entry

    def _trim(self) -> None:
        while len(self._pending) > self.limit:
            oldest = self._pending.pop(next(iter(self._pending)))
            self._forget(oldest)
            self.dropped += 1

    # ----- resume ------------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The list as resume needs it: its entries waiting (oldest activity first, with their
        ids and totals), the ids given and the counts."""
        return {"issued": self._issued, "ended": self._ended, "thanked": self.thanked,
                "dismissed": self.dismissed, "dropped": self.dropped,
                "entries": [entry.snapshot() for entry in self._pending.values()]}  # fmt: skip

    @classmethod
    def restored(cls, data: object, limit: int = MAX_PENDING) -> ThanksList:
        """A list from `snapshot()`'s form; an entry that is malformed (or a viewer's second
        entry of one kind) is left out, the rest comes back."""
        if not isinstance(data, dict):
            return cls(limit)
        entries = [e for e in map(ThanksEntry.restored, _listed(data.get("entries"))) if e]
        issued, ended = _whole(data.get("issued")) or 0, _whole(data.get("ended")) or 0
        top = max([issued, *(e.id for e in entries)])
        made = cls(limit, first_id=top + 1)
        made._ended = min(top, max(0, ended))
        for name in ("thanked", "dismissed", "dropped"):
            setattr(made, name, max(0, _whole(data.get(name)) or 0))
        for entry in entries:
            if entry.id not in made._pending and entry.key not in made._by_key:
                made._pending[entry.id] = entry
                made._by_key[entry.key] = entry.id
        made._trim()
        return made

    def absorb(self, later: ThanksList) -> None:
        """Take in what `later` gathered after this list was kept (the console restarted and
        took gifts before the show was resumed): a viewer's entry joins the one waiting here for
        the same viewer and kind, else it waits as a new entry, numbered after both lists' ids
        (a click on an id either list gave is never taken for another viewer's)."""
        top = max(self._issued, later._issued)
        self._ids = itertools.count(top + 1)
        self._issued = top
        for entry in later._pending.values():  # oldest activity first
            mine = self._by_key.get(entry.key)
            if mine is not None:
                joined = self._pending.pop(mine)
                joined.join(entry)
                self._pending[mine] = joined
                continue
            fresh = ThanksEntry(next(self._ids), entry.platform, entry.user, entry.kind,
                                entry.first_ts, entry.first_ts, key=entry.key)  # fmt: skip
            fresh.join(entry)
            self._issued = fresh.id
            self._pending[fresh.id] = fresh
            self._by_key[fresh.key] = fresh.id
        self.thanked += later.thanked
        self.dismissed += later.dismissed
        self.dropped += later.dropped
        self._trim()

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


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
