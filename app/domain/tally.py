"""How the room is doing beyond comments: viewers (each platform's latest count, summed, and the
peak), likes, gifts and their value, follows, entries, shares, memberships and super chats, in
total and per minute for the pulse. Pure: the audience service feeds it items as they arrive."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.audience import Comment, Kind

MINUTES_KEPT = 30  # per-minute figures for the pulse; totals are kept for the whole show
MAX_PLATFORMS = 64  # viewer counts remembered at once (a platform name is client-given)
PAID_KINDS = frozenset({Kind.GIFT, Kind.MEMBER, Kind.SUPERCHAT})  # their value is gift value


@dataclass
class Minute:
    likes: int = 0
    gifts: int = 0
    gifts_value: float = 0.0
    follows: int = 0
    enters: int = 0
    viewers: int | None = None  # the highest sum of counts seen in this minute


@dataclass
class AudienceTally:
    viewers_by_platform: dict[str, int] = field(default_factory=dict)
    viewers_peak: int = 0
    likes: int = 0
    gifts: int = 0
    gifts_value: float = 0.0
    follows: int = 0
    enters: int = 0
    shares: int = 0
    members: int = 0
    superchats: int = 0
    value_by_currency: dict[str, float] = field(default_factory=dict)
    minutes: dict[int, Minute] = field(default_factory=dict)

    @property
    def viewers(self) -> int:
        return sum(self.viewers_by_platform.values())

    def add(self, item: Comment) -> None:
        """Count one item (a plain comment changes nothing here)."""
        kind = item.kind
        if kind is Kind.COMMENT:
            return
        minute = self._minute(int(item.ts // 60))
        count = item.count or 1
        if kind is Kind.VIEWERS:
            self._viewers(item.platform, item.count or 0, minute)
            return
        if kind is Kind.LIKE:
            self.likes += count
            if minute is not None:
                minute.likes += count
        elif kind is Kind.GIFT:
            self.gifts += count
            if minute is not None:
                minute.gifts += count
        elif kind is Kind.FOLLOW:
            self.follows += 1
            if minute is not None:
                minute.follows += 1
        elif kind is Kind.ENTER:
            self.enters += 1
            if minute is not None:
                minute.enters += 1
        elif kind is Kind.SHARE:
            self.shares += 1
        elif kind is Kind.MEMBER:
            self.members += count
        elif kind is Kind.SUPERCHAT:
            self.superchats += 1
        if kind in PAID_KINDS and item.value:
            self.gifts_value += item.value
            currency = item.currency or ""
            if currency in self.value_by_currency or len(self.value_by_currency) < MAX_PLATFORMS:
                self.value_by_currency[currency] = (
                    self.value_by_currency.get(currency, 0.0) + item.value
                )
            if minute is not None:
                minute.gifts_value += item.value

    def for_a_new_show(self) -> AudienceTally:
        """The tally as a new show starts: its figures from zero, the viewers watching now
        (each platform's latest count) and the minutes kept for the pulse carried over."""
        return AudienceTally(viewers_by_platform=dict(self.viewers_by_platform),
                             viewers_peak=self.viewers, minutes=self.minutes)  # fmt: skip

    def _viewers(self, platform: str, count: int, minute: Minute | None) -> None:
        known = self.viewers_by_platform
        if platform not in known and len(known) >= MAX_PLATFORMS:
            return  # a client inventing platform names cannot grow this without end
        known[platform] = count
        total = self.viewers
        self.viewers_peak = max(self.viewers_peak, total)
        if minute is not None:
            minute.viewers = max(minute.viewers or 0, total)

    def _minute(self, minute: int) -> Minute | None:
        """The per-minute record for `minute`; None for a minute older than those kept."""
        minutes = self.minutes
        if minute in minutes:
            return minutes[minute]
        if minutes and minute < max(minutes) - MINUTES_KEPT:
            return None
        record = minutes[minute] = Minute()
        if len(minutes) > MINUTES_KEPT + 1:
            newest = max(minutes)
            for old in [m for m in minutes if m < newest - MINUTES_KEPT]:
                del minutes[old]
        return record

    def per_minute(self, minutes: int = 15, now_minute: int | None = None) -> list[dict[str, Any]]:
        """The last `minutes` minutes, oldest first, each {"minute", "likes", "gifts",
        "gifts_value", "follows", "enters", "viewers"} (viewers carried over a quiet minute)."""
        if now_minute is None:
            now_minute = max(self.minutes, default=0)
        rows: list[dict[str, Any]] = []
        viewers = None
        for minute in range(now_minute - minutes + 1, now_minute + 1):
            record = self.minutes.get(minute)
            if record is not None and record.viewers is not None:
                viewers = record.viewers
            rows.append({
                "minute": minute, "likes": record.likes if record else 0,
                "gifts": record.gifts if record else 0,
                "gifts_value": round(record.gifts_value, 2) if record else 0.0,
                "follows": record.follows if record else 0,
                "enters": record.enters if record else 0, "viewers": viewers,
            })  # fmt: skip
        return rows

    def as_api(self) -> dict[str, Any]:
        """The running show's figures for /api/state's "audience"."""
        return {"viewers": self.viewers, "viewers_peak": self.viewers_peak,
                "likes": self.likes, "gifts": self.gifts,
                "gifts_value": round(self.gifts_value, 2), "follows": self.follows,
                "enters": self.enters}  # fmt: skip

    def snapshot(self) -> dict[str, Any]:
        """The totals, for resuming after a crash (per-minute figures start again)."""
        return {"viewers_by_platform": dict(self.viewers_by_platform),
                "viewers_peak": self.viewers_peak, "likes": self.likes, "gifts": self.gifts,
                "gifts_value": self.gifts_value, "follows": self.follows, "enters": self.enters,
                "shares": self.shares, "members": self.members, "superchats": self.superchats,
                "value_by_currency": dict(self.value_by_currency)}  # fmt: skip

    @classmethod
    def restored(cls, data: object) -> AudienceTally:
        """A tally from `snapshot()`'s form; what is missing or malformed starts at zero."""
        tally = cls()
        if not isinstance(data, dict):
            return tally
        for name in ("viewers_peak", "likes", "gifts", "follows", "enters", "shares", "members",
                     "superchats"):  # fmt: skip
            value = data.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                setattr(tally, name, value)
        value = data.get("gifts_value")
        if isinstance(value, int | float) and _amount(value):
            tally.gifts_value = float(value)
        for name in ("viewers_by_platform", "value_by_currency"):
            given = data.get(name)
            if isinstance(given, dict):
                kept = {str(k): v for k, v in list(given.items())[:MAX_PLATFORMS] if _amount(v)}
                setattr(tally, name, kept)  # fmt: skip
        return tally


MAX_FIGURE = 1e18  # beyond any show's total; a snapshot holding more was not written by LiveDesk


def _amount(value: object) -> bool:
    """A finite number ≥ 0 (not a bool) that a float holds: what a snapshot may hold for a
    figure. (Comparing does not overflow: NaN and a whole number of any length fail it.)"""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and 0 <= value <= MAX_FIGURE)  # fmt: skip


def by_currency(values: Mapping[str, float]) -> dict[str, float]:
    """Values per currency as the report gives them: rounded like `gifts_value`, the largest
    first (then by name, so the order is stable), nothing worth 0 left in."""
    rounded = {str(currency): round(value, 2) for currency, value in values.items()}
    kept = [(currency, value) for currency, value in rounded.items() if value > 0]
    return dict(sorted(kept, key=lambda cv: (-cv[1], cv[0])))
