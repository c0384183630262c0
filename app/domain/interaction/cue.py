"""The run-sheet's `interaction` / `互动` cell: what a segment opens when it is cued.

One line, forgiving, in English or Chinese (full-width colons, semicolons and bars too)::

    lottery: 口令=666; winners=3; 60s      抽奖：口令=666；人数=3；时长=60秒；排除
    poll: 哪个颜色? | 红 | 蓝               投票：哪个颜色？｜红｜蓝
    quiz: 2+2? | 3 | 4*                     答题：2+2？｜3｜4*   (the right option ends with *)
    checkin: 签到                           签到  (alone: the keyword is 签到)

A lottery's parts are `key=value` (or `key: value`; keys 口令/keyword, 人数/winners, 时长/time,
排除/exclude), or bare: a time with its unit (`60s`, `2m`, `60秒`), `exclude` / `排除` (previous
winners do not enter), the keyword (the first other part, `666` too), then a whole number (the
winners). Winners default to 1, the time to none (drawn by hand).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.durations import DurationError, parse_duration
from app.domain.interaction.lottery import (
    MAX_WINNERS,
    InteractionError,
    check_keyword,
    check_seconds,
)
from app.domain.interaction.poll import check_options
from app.domain.messages import Message

KINDS = {
    "lottery": "lottery", "抽奖": "lottery", "福袋": "lottery", "口令抽奖": "lottery",
    "poll": "poll", "投票": "poll",
    "quiz": "quiz", "测验": "quiz", "答题": "quiz", "问答": "quiz",
    "checkin": "checkin", "check-in": "checkin", "check in": "checkin", "签到": "checkin",
}  # fmt: skip
_KEYWORD_KEYS = ("keyword", "口令", "关键词", "关键字", "暗号")
_WINNER_KEYS = ("winners", "winner", "人数", "中奖人数", "名额")
_TIME_KEYS = ("time", "seconds", "duration", "时长", "时间", "倒计时")
_EXCLUDE_WORDS = ("exclude", "排除", "排除中奖者", "exclude_previous_winners")
_HEAD = re.compile(r"^\s*([^:：]+?)\s*(?:[:：]\s*(.*))?$", re.DOTALL)
_PARTS = re.compile(r"[;；\n]")
_PAIR = re.compile(r"^([^=＝:：]+?)\s*[=＝:：]\s*(.*)$", re.DOTALL)
_OPTIONS = re.compile(r"[|｜]")
DEFAULT_CHECKIN = "签到"
MAX_CUE = 1000


@dataclass(frozen=True)
class InteractionCue:
    kind: str  # lottery | poll | quiz | checkin
    keyword: str | None = None  # lottery, check-in
    winners: int = 1
    seconds: int | None = None
    exclude_previous_winners: bool = False
    question: str | None = None  # poll, quiz
    options: tuple[str, ...] = ()
    answer: int | None = None  # quiz


def _bad(detail: str) -> InteractionError:
    return InteractionError(Message("interaction.bad_cue", detail=detail))


def parse_cue(text: str) -> InteractionCue:
    """The cue in a cell; InteractionError (its message says what is wrong) when it is none."""
    if len(text) > MAX_CUE:
        raise _bad(f"longer than {MAX_CUE} characters")
    head = _HEAD.match(text.strip())
    kind = KINDS.get((head.group(1) if head else "").strip().lower())
    if head is None or kind is None:
        raise InteractionError(Message("interaction.unknown_cue", known=", ".join(KINDS)))
    rest = (head.group(2) or "").strip()
    if kind == "checkin":
        return InteractionCue("checkin", keyword=check_keyword(rest or DEFAULT_CHECKIN))
    if kind == "lottery":
        return _lottery(rest)
    return _poll(kind, rest)


def _lottery(rest: str) -> InteractionCue:
    keyword: str | None = None
    winners, seconds, exclude = 1, None, False
    for part in (p.strip() for p in _PARTS.split(rest)):
        if not part:
            continue
        pair = _PAIR.match(part)
        key, value = (pair.group(1).strip().lower(), pair.group(2).strip()) if pair else ("", part)
        if key in _KEYWORD_KEYS:
            keyword = value
        elif key in _WINNER_KEYS:
            winners = _winners(value)
        elif key in _TIME_KEYS:
            seconds = _seconds(value)
        elif key in _EXCLUDE_WORDS:
            exclude = value.lower() not in ("no", "false", "0", "否", "不")
        elif key:
            raise _bad(f"“{part[:40]}” is not keyword=, winners=, a time or exclude")
        elif value.lower() in _EXCLUDE_WORDS:
            exclude = True
        elif _is_time(value):
            seconds = _seconds(value)
        elif keyword is None:  # the first bare part is the keyword, digits too (666)
            keyword = value
        elif value.isdigit():
            winners = _winners(value)
        else:
            raise _bad(f"“{part[:40]}” is not keyword=, winners=, a time or exclude")
    if keyword is None:
        raise InteractionError(Message("interaction.needs_keyword"))
    return InteractionCue("lottery", keyword=check_keyword(keyword), winners=winners,
                          seconds=seconds, exclude_previous_winners=exclude)  # fmt: skip


def _winners(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_WINNERS:
        raise InteractionError(Message("lottery.bad_winners", limit=MAX_WINNERS))
    return int(value)


def _is_time(value: str) -> bool:
    """`60s`, `2m`, `1:30`, `60秒`: a time with its unit (a bare number is not one here)."""
    if not value[:1].isdigit() or value.isdigit():
        return False
    try:
        parse_duration(value)
    except DurationError:
        return False
    return True


def _seconds(value: str) -> int:
    # a bare number here is seconds (a countdown), unlike a segment's bare minutes
    text = value.strip()
    try:
        seconds = int(text) if text.isdigit() else parse_duration(text)
    except DurationError as exc:
        raise _bad(str(exc.message)) from None
    checked = check_seconds(seconds)
    assert checked is not None
    return checked


def _poll(kind: str, rest: str) -> InteractionCue:
    parts = [p.strip() for p in _OPTIONS.split(rest)]
    question, options = parts[0], [p for p in parts[1:] if p]
    answer: int | None = None
    if kind == "quiz":
        marked = [
            i for i, o in enumerate(options) if o.endswith(("*", "＊")) or o.startswith(("*", "＊"))
        ]
        if len(marked) != 1:
            raise InteractionError(Message("interaction.quiz_needs_answer"))
        answer = marked[0]
        options[answer] = options[answer].strip("*＊ ")
    question, checked, answer = check_options(question, options, answer)
    return InteractionCue(kind, question=question, options=checked, answer=answer)


def lotteries_again(cells: Iterable[str | None]) -> list[tuple[int, int]]:
    """(segment, earlier) for each segment whose cell opens a lottery after an earlier segment's
    did (`earlier`: the nearest). One lottery is open at a time and it stays open until it is
    drawn, so the later one opens only if the host has drawn the earlier by then: worth a
    warning, not an error (cells that cannot be read are left to their own error)."""
    found: list[tuple[int, int]] = []
    last: int | None = None
    for index, cell in enumerate(cells):
        if not cell:
            continue
        try:
            kind = parse_cue(cell).kind
        except InteractionError:
            continue
        if kind != "lottery":
            continue
        if last is not None:
            found.append((index, last))
        last = index
    return found
