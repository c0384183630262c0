"""The lottery (福袋 / 口令抽奖): viewers enter by typing the keyword; winners drawn uniformly
with a seed that is logged with the entrants, so anyone can redo the draw.

A timed lottery or poll keeps two clocks apart: when it opened is a wall-clock time (a time of
day, as resume keeps it), while its window is timed on a steady clock (time.monotonic in the
console, as the coupon countdown is): "entries for 60 s" must stay 60 s when the operating
system steps the wall clock (NTP, Windows time sync) while it runs."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from app.domain.interaction.viewers import MAX_VIEWERS, Said, Viewer, ViewerKey, normalise
from app.domain.messages import Message

MAX_KEYWORD = 50
MAX_WINNERS = 1000
MAX_SECONDS = 24 * 3600


class InteractionError(ValueError):
    """Settings an interaction cannot open with; `message` says which."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message)


def check_keyword(keyword: object) -> str:
    if not isinstance(keyword, str) or not keyword.strip():
        raise InteractionError(Message("interaction.needs_keyword"))
    keyword = keyword.strip()
    if len(keyword) > MAX_KEYWORD:
        raise InteractionError(Message("interaction.keyword_too_long", limit=MAX_KEYWORD))
    return keyword


def check_seconds(seconds: object) -> int | None:
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= MAX_SECONDS:
        raise InteractionError(Message("interaction.bad_seconds", limit=MAX_SECONDS))
    return seconds


@dataclass(frozen=True)
class Draw:
    seed: str
    entrants: int
    winners: tuple[Viewer, ...]


def draw_winners(entrants: Sequence[Viewer], count: int, seed: str) -> tuple[Viewer, ...]:
    """`count` distinct winners (all of them when fewer entered), uniformly: every set of that
    size is as likely. Deterministic given the seed and the entrants in entry order, which is
    what the log keeps: redo a draw with draw_winners(logged entrants, count, logged seed)."""
    chosen = random.Random(seed).sample(range(len(entrants)), min(count, len(entrants)))
    return tuple(entrants[i] for i in chosen)


class Window:
    """A timed lottery's or poll's window on the steady clock: `closes_at` once `time_from`
    has started it (None: untimed, or not started)."""

    seconds: int | None
    closes_at: float | None

    def time_from(self, now: float, left_s: float | None = None) -> None:
        """Start the window's clock at `now` (steady clock): it closes `seconds` later, or
        `left_s` later when it is taken up again with that much left (resume; negative: it ran
        out that long ago, while the console was away). Untimed: nothing to start."""
        if self.seconds is not None:
            self.closes_at = now + (self.seconds if left_s is None else min(left_s, self.seconds))

    def remaining(self, now: float) -> float | None:
        """Seconds left at `now` (steady clock), never below 0; None when untimed."""
        return None if self.closes_at is None else max(0.0, self.closes_at - now)

    def overdue_s(self, now: float) -> float:
        """How long ago (steady clock) its time ran out: 0 while it runs, or untimed."""
        return 0.0 if self.closes_at is None else max(0.0, now - self.closes_at)

    def in_time(self, now: float) -> bool:
        """Not past its time at `now` (steady clock); an untimed one always is in time."""
        return self.closes_at is None or now <= self.closes_at


@dataclass
class Lottery(Window):
    """One lottery: open until drawn; entries stop at `closes_at` when it has a time."""

    id: int
    keyword: str
    winners: int
    opened_at: float  # wall clock: when it opened
    seconds: int | None = None
    exclude_previous_winners: bool = False
    excluded: frozenset[ViewerKey] = frozenset()
    entrants: list[Viewer] = field(default_factory=list)
    drawn: Draw | None = None
    closes_at: float | None = None  # steady clock: when entries stop (see Window.time_from)
    _seen: set[ViewerKey] = field(default_factory=set, repr=False)
    _match: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        self.keyword = check_keyword(self.keyword)
        if (
            isinstance(self.winners, bool)
            or not isinstance(self.winners, int)
            or not (1 <= self.winners <= MAX_WINNERS)
        ):
            raise InteractionError(Message("lottery.bad_winners", limit=MAX_WINNERS))
        self.seconds = check_seconds(self.seconds)
        self._match = normalise(self.keyword)

    @property
    def open(self) -> bool:
        return self.drawn is None

    def taking_entries(self, now: float) -> bool:
        """Open and within its time at `now` (steady clock)."""
        return self.drawn is None and self.in_time(now)

    def offer(self, comment: Said) -> bool:
        """Enter the comment's viewer when it holds the keyword; True when a new one entered."""
        if self._match not in normalise(comment.text):
            return False
        return self.enter(Viewer(comment.platform, comment.user, comment.user_id or None))

    def enter(self, viewer: Viewer) -> bool:
        """Enter a viewer once (not an excluded one, nor past MAX_VIEWERS); True when new."""
        key = viewer.key
        if key in self._seen or key in self.excluded or len(self.entrants) >= MAX_VIEWERS:
            return False
        self._seen.add(key)
        self.entrants.append(viewer)
        return True

    def remove(self, matches: Callable[[Viewer], bool]) -> list[Viewer]:
        """Take out the entrants `matches` picks (viewers blocked before the draw), in entry
        order; they are excluded from then on, so they cannot enter again (and a resume that
        reads their entries back leaves them out). None once drawn: the draw stands."""
        if self.drawn is not None:
            return []
        gone = [e for e in self.entrants if matches(e)]
        if gone:
            keys = {e.key for e in gone}
            self.entrants = [e for e in self.entrants if e.key not in keys]
            self._seen -= keys
            self.excluded = self.excluded | keys
        return gone

    def draw(self, seed: str) -> Draw:
        if self.drawn is not None:
            return self.drawn
        self.drawn = Draw(seed, len(self.entrants), draw_winners(self.entrants, self.winners, seed))
        return self.drawn


def winners_of(draws: Iterable[Draw]) -> frozenset[ViewerKey]:
    return frozenset(w.key for d in draws for w in d.winners)
