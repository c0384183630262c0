"""The interaction overlays: the lottery (keyword, time left and entrants while it is open, the
winners after the draw), the poll or quiz (live bars, the right answer once revealed) and the
check-in (keyword and count), as plain data for any renderer (browser page or native card).

Viewer names (the winners) are shown as text only. A quiz's answer never reaches the card before
it is revealed: the card is what the audience sees. Pure: no Qt, no I/O, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from app.domain.countdown import countdown_text
from app.domain.interaction.viewers import Viewer

LINGER_S = 180.0  # a drawn lottery's winners, a closed poll's results stay this long on screen
MAX_WINNERS_SHOWN = 10  # more winners than this: the card says how many more
LETTERS = "ABCDEF"


def clock_text(remaining_s: float | None) -> str | None:
    """01:23 (1:05:00 from an hour on) — whole seconds rounded up, as the coupon's clock
    (None: no time)."""
    if remaining_s is None or not math.isfinite(remaining_s):
        return None
    return countdown_text(max(0, math.ceil(remaining_s)))


def whole_seconds(remaining_s: float | None) -> int | None:
    """The time left as the cards show it, so a card changes once a second, not at each tick."""
    if remaining_s is None or not math.isfinite(remaining_s):
        return None
    return max(0, math.ceil(remaining_s))


def lottery_card(
    keyword: str,
    winners: int,
    entrants: int,
    remaining_s: float | None,
    open_: bool,
    drawn: Sequence[Viewer] | None,
) -> dict[str, Any]:
    """The lottery's card; `drawn` None while it has not been drawn. Once its time is up it is
    not open, drawn or not: entries are refused from then on, so the card must not invite any."""
    shown = list(drawn or ())[:MAX_WINNERS_SHOWN]
    time_up = remaining_s is not None and remaining_s <= 0
    return {
        "title": "福袋抽奖",
        "keyword": keyword,
        "winners": winners,
        "entrants": entrants,
        "open": open_ and drawn is None and not time_up,
        "remaining_s": None if drawn is not None else whole_seconds(remaining_s),
        "clock": None if drawn is not None else clock_text(remaining_s),
        "drawn": drawn is not None,
        "result": [{"user": w.user, "platform": w.platform} for w in shown],
        "more": max(0, len(drawn or ()) - len(shown)),
    }


def poll_card(
    question: str,
    options: Sequence[str],
    counts: Sequence[int],
    voters: int,
    open_: bool,
    answer: int | None,
    revealed: bool,
    remaining_s: float | None,
) -> dict[str, Any]:
    """The poll's (or quiz's) card: one bar per option, its share of the votes (0 to 1); a
    quiz's right option is marked only once revealed."""
    total = sum(counts)
    quiz = answer is not None
    rows = []
    for index, text in enumerate(options):
        count = counts[index] if index < len(counts) else 0
        share = count / total if total else 0.0
        rows.append({
            "label": LETTERS[index] if index < len(LETTERS) else str(index + 1),
            "text": text,
            "count": count,
            "share": round(share, 4),
            "percent": round(share * 100),
            "right": quiz and revealed and index == answer,
        })  # fmt: skip
    return {
        "title": "答题" if quiz else "投票",
        "question": question,
        "options": rows,
        "voters": voters,
        "open": open_,
        "quiz": quiz,
        "revealed": quiz and revealed,
        "remaining_s": whole_seconds(remaining_s) if open_ else None,
        "clock": clock_text(remaining_s) if open_ else None,
    }


def checkin_card(keyword: str, count: int, open_: bool) -> dict[str, Any]:
    return {"title": "签到", "keyword": keyword, "count": count, "open": open_}
