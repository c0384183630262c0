"""The review's 互动 Interaction tab: each draw (keyword, entrants, seed, winners), each poll and
quiz with its results, each check-in's count and each message to the host, in the order they
happened (the report's "interaction", `review_interaction`).

A row's time and segment go together: a draw is at its draw time ("drawn 0:11"), a poll or a
check-in when it closed, beside the segment live at that moment; the segment it was opened in,
when another, follows in brackets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from app.services.review import clock, time_key
from app.services.review_rows import runs_of

translate = QCoreApplication.translate  # the context written out, so lupdate finds each text
LETTERS = "ABCDEF"


def interaction_header() -> list[str]:
    return [
        translate("ReviewInteraction", "At"),
        translate("ReviewInteraction", "Segment"),
        translate("ReviewInteraction", "What"),
        translate("ReviewInteraction", "Result"),
    ]


def live_at(segments: list[dict[str, Any]], t: object) -> int | None:
    """The index of the segment live at `t` (unix seconds): the one whose run (each of its
    `visits`) started latest by then and had not ended before it; None between segments or for
    no time."""
    if not isinstance(t, int | float):
        return None
    live, since = None, None
    for segment in segments:
        for run in runs_of(segment):  # a segment the host went back to: live in each of its runs
            start, end = run.get("start_t"), run.get("end_t")
            if not isinstance(start, int | float) or start > t:
                continue
            if isinstance(end, int | float) and end < t:
                continue
            if since is None or start >= since:
                live, since = segment.get("index"), start
    return live


def interaction_rows(report: dict[str, Any], started: float) -> list[list[str]]:
    """Text cells under `interaction_header`, by time; "At" from the show's start, saying which
    time it is for what opens and closes (drawn, closed)."""
    summary = report.get("interaction") or {}
    segments = list(report.get("segments") or [])
    titles = {s.get("index"): s.get("title") for s in segments}
    timed: list[tuple[float, list[str]]] = []

    def named(segment: object) -> str:
        if not isinstance(segment, int):
            return ""
        return f"{segment + 1}. {titles.get(segment) or ''}"

    def add(entry: dict[str, Any], what: str, result: str, when: str | None = None) -> None:
        t = entry.get("t")
        at = clock(t - started) if isinstance(t, int | float) else "—"
        opened = entry.get("segment")  # a message's: the segment live when it was sent
        live = live_at(segments, t) if when is not None else opened
        title = named(live)
        if opened is not None and live != opened:
            title = translate("ReviewInteraction", "{segment} (opened in {opened})").format(
                segment=title or "—", opened=named(opened))  # fmt: skip
        timed.append((time_key(t), [when.format(time=at) if when else at, title, what, result]))

    for draw in summary.get("lotteries") or []:
        winners = ", ".join(f"{w.get('user')} ({w.get('platform')})"
                            for w in draw.get("winners") or [])  # fmt: skip
        what = translate("ReviewInteraction", "Lottery “{keyword}”")
        result = translate("ReviewInteraction", "entrants: {n} · seed {seed} · winners: {winners}")
        add(draw, what.format(keyword=draw.get("keyword")),
            result.format(n=draw.get("entrants"), seed=draw.get("seed"), winners=winners or "—"),
            translate("ReviewInteraction", "drawn {time}"))  # fmt: skip
    for poll in summary.get("polls") or []:
        what = (translate("ReviewInteraction", "Quiz: {question}") if poll.get("quiz")
                else translate("ReviewInteraction", "Poll: {question}"))  # fmt: skip
        counts = poll.get("counts") or []
        options = []
        for n, option in enumerate(poll.get("options") or []):
            count = counts[n] if n < len(counts) else 0
            right = " ✓" if poll.get("quiz") and n == poll.get("answer") else ""
            options.append(f"{LETTERS[n] if n < len(LETTERS) else n + 1}. {option} {count}{right}")
        voters = translate("ReviewInteraction", "voters: {n}").format(n=poll.get("voters"))
        add(poll, what.format(question=poll.get("question")), " · ".join([*options, voters]),
            translate("ReviewInteraction", "closed {time}"))  # fmt: skip
    for checkin in summary.get("checkins") or []:
        what = translate("ReviewInteraction", "Check-in “{keyword}”")
        result = translate("ReviewInteraction", "{n} checked in")
        add(checkin, what.format(keyword=checkin.get("keyword")),
            result.format(n=checkin.get("count")),
            translate("ReviewInteraction", "closed {time}"))  # fmt: skip
    for message in summary.get("host_messages") or []:
        what = (translate("ReviewInteraction", "Urgent message to the host")
                if message.get("level") == "urgent"
                else translate("ReviewInteraction", "Message to the host"))  # fmt: skip
        by = message.get("by")
        text = str(message.get("text") or "")
        add(message, what, f"{text} — {by}" if by else text)
    timed.sort(key=lambda row: row[0])
    return [row for _t, row in timed]
