"""How the room is doing beyond comments: viewers (each platform's latest count that still stands,
summed, and the peak: app/domain/viewer_counts.py), likes, gifts and their value, follows,
entries, shares, memberships and super chats, in total and per minute for the pulse. Pure: the
audience service feeds it items as they arrive."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.audience import Comment, Kind
from app.domain.viewer_counts import stands, viewers_at

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
    viewers_reported: dict[str, float] = field(default_factory=dict)  # each count's report time
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
        """The viewers as of the latest count reported (`viewers_at(now)` for the wall clock)."""
        return self.viewers_at(max(self.viewers_reported.values(), default=0.0))

    def viewers_at(self, now: float) -> int:
        """The sum of the counts that stand at `now` (each platform's, for 10 minutes at most
        after its last report)."""
        return viewers_at(self.viewers_by_platform, self.viewers_reported, now)

    def add(self, item: Comment) -> None:
        """Count one item (a plain comment changes nothing here)."""
        kind = item.kind
        if kind is Kind.COMMENT:
            return
        minute = self._minute(int(item.ts // 60))
        count = item.count or 1
        if kind is Kind.VIEWERS:
            self._viewers(item.platform, item.count or 0, item.ts, minute)
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
        elif kind is Kind.ENTER:  # a raid brings its `count` viewers in at once
            self.enters += count
            if minute is not None:
                minute.enters += count
        elif kind is Kind.SHARE:
            self.shares += 1
        elif kind is Kind.MEMBER:
            self.members += count
        elif kind is Kind.SUPERCHAT:
            self.superchats += 1
        if kind in PAID_KINDS and item.value:
            self.gifts_value += item.value
            self._add_value(item.currency or "", item.value)
            if minute is not None:
                minute.gifts_value += item.value

    def for_a_new_show(self, now: float) -> AudienceTally:
        """The tally as a new show starts at `now`: its figures from zero, the viewers watching
        (each platform's count reported in the 10 minutes before) and the minutes kept for the
        pulse carried over."""
        standing = [p for p, at in self.viewers_reported.items() if stands(at, now)]
        tally = AudienceTally(
            viewers_by_platform={p: self.viewers_by_platform[p] for p in standing},
            viewers_reported={p: self.viewers_reported[p] for p in standing},
            minutes=self.minutes,
        )
        tally.viewers_peak = tally.viewers_at(now)
        return tally

    def merged(self, since: AudienceTally) -> AudienceTally:
        """This tally (an interrupted show's, restored) with what `since` counted after it (the
        console restarted, before the show was resumed): the figures added up, each platform's
        latest count, the higher peak, `since`'s minutes for the pulse."""
        merged = AudienceTally(
            viewers_by_platform=dict(self.viewers_by_platform),
            viewers_reported=dict(self.viewers_reported),
            minutes=since.minutes,
        )
        for name in ("likes", "gifts", "gifts_value", "follows", "enters", "shares", "members",
                     "superchats"):  # fmt: skip
            setattr(merged, name, getattr(self, name) + getattr(since, name))
        merged.value_by_currency = dict(self.value_by_currency)
        for currency, value in since.value_by_currency.items():
            merged._add_value(currency, value)
        for platform, at in since.viewers_reported.items():
            if at >= merged.viewers_reported.get(platform, -float("inf")):
                merged._remember(platform, since.viewers_by_platform.get(platform, 0), at)
        latest = max(merged.viewers_reported.values(), default=0.0)
        merged.viewers_peak = max(self.viewers_peak, since.viewers_peak, merged.viewers_at(latest))
        return merged

    def _viewers(self, platform: str, count: int, ts: float, minute: Minute | None) -> None:
        if ts < self.viewers_reported.get(platform, -float("inf")):
            return  # an older count than the one the platform last gave: not its latest
        if not self._remember(platform, count, ts):
            return
        total = self.viewers_at(ts)
        self.viewers_peak = max(self.viewers_peak, total)
        if minute is not None:
            minute.viewers = max(minute.viewers or 0, total)

    def _remember(self, platform: str, count: int, ts: float) -> bool:
        """Keep `platform`'s count; False when it cannot be (too many platforms standing)."""
        known, reported = self.viewers_by_platform, self.viewers_reported
        if platform not in known and len(known) >= MAX_PLATFORMS:
            for gone in [p for p, at in reported.items() if not stands(at, ts)]:
                del known[gone], reported[gone]  # counts that ran out make room first
            if len(known) >= MAX_PLATFORMS:
                return False  # a client inventing platform names cannot grow this without end
        known[platform], reported[platform] = count, ts
        return True

    def _add_value(self, currency: str, value: float) -> None:
        if currency in self.value_by_currency or len(self.value_by_currency) < MAX_PLATFORMS:
            self.value_by_currency[currency] = self.value_by_currency.get(currency, 0.0) + value

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

    def as_api(self, now: float | None = None) -> dict[str, Any]:
        """The running show's figures for /api/state's "audience" (viewers: those standing at
        `now`; None: as of the latest count reported)."""
        viewers = self.viewers if now is None else self.viewers_at(now)
        return {"viewers": viewers, "viewers_peak": self.viewers_peak,
                "likes": self.likes, "gifts": self.gifts,
                "gifts_value": round(self.gifts_value, 2), "follows": self.follows,
                "enters": self.enters}  # fmt: skip

    def snapshot(self) -> dict[str, Any]:
        """The totals, for resuming after a crash (per-minute figures start again)."""
        return {"viewers_by_platform": dict(self.viewers_by_platform),
                "viewers_reported": dict(self.viewers_reported),
                "viewers_peak": self.viewers_peak, "likes": self.likes, "gifts": self.gifts,
                "gifts_value": self.gifts_value, "follows": self.follows, "enters": self.enters,
                "shares": self.shares, "members": self.members, "superchats": self.superchats,
                "value_by_currency": dict(self.value_by_currency)}  # fmt: skip

    @classmethod
    def restored(cls, data: object, *, now: float = 0.0) -> AudienceTally:
        """A tally from `snapshot()`'s form; what is missing or malformed starts at zero. A
        viewer count kept without its report time (a state kept before they were) is taken as
        reported at `now`."""
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
        tally.viewers_by_platform = {p: int(c) for p, c in tally.viewers_by_platform.items()}
        times = data.get("viewers_reported")
        times = times if isinstance(times, dict) else {}
        for platform in tally.viewers_by_platform:
            at = times.get(platform)
            tally.viewers_reported[platform] = (
                float(at) if isinstance(at, int | float) and _amount(at) else now
            )
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
