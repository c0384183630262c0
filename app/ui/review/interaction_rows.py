"""The review's 互动 Interaction tab: each draw (keyword, entrants, seed, winners), each poll and
quiz with its results, each check-in's count and each message to the host, in the order they
happened, with the segment they happened in (the report's "interaction", `review_interaction`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from app.services.review import clock, time_key

translate = QCoreApplication.translate  # the context written out, so lupdate finds each text
LETTERS = "ABCDEF"


def interaction_header() -> list[str]:
    return [
        translate("ReviewInteraction", "At"),
        translate("ReviewInteraction", "Segment"),
        translate("ReviewInteraction", "What"),
        translate("ReviewInteraction", "Result"),
    ]


def interaction_rows(report: dict[str, Any], started: float) -> list[list[str]]:
    """Text cells under `interaction_header`, by time; "At" from the show's start."""
    summary = report.get("interaction") or {}
    titles = {s.get("index"): s.get("title") for s in report.get("segments") or []}
    timed: list[tuple[float, list[str]]] = []

    def add(entry: dict[str, Any], what: str, result: str) -> None:
        t = entry.get("t")
        at = clock(t - started) if isinstance(t, int | float) else "—"
        segment = entry.get("segment")
        title = "" if segment is None else f"{segment + 1}. {titles.get(segment) or ''}"
        timed.append((time_key(t), [at, title, what, result]))

    for draw in summary.get("lotteries") or []:
        winners = ", ".join(f"{w.get('user')} ({w.get('platform')})"
                            for w in draw.get("winners") or [])  # fmt: skip
        what = translate("ReviewInteraction", "Lottery “{keyword}”")
        result = translate("ReviewInteraction", "entrants: {n} · seed {seed} · winners: {winners}")
        add(draw, what.format(keyword=draw.get("keyword")),
            result.format(n=draw.get("entrants"), seed=draw.get("seed"),
                          winners=winners or "—"))  # fmt: skip
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
        add(poll, what.format(question=poll.get("question")), " · ".join([*options, voters]))
    for checkin in summary.get("checkins") or []:
        what = translate("ReviewInteraction", "Check-in “{keyword}”")
        result = translate("ReviewInteraction", "{n} checked in")
        add(checkin, what.format(keyword=checkin.get("keyword")),
            result.format(n=checkin.get("count")))  # fmt: skip
    for message in summary.get("host_messages") or []:
        what = (translate("ReviewInteraction", "Urgent message to the host")
                if message.get("level") == "urgent"
                else translate("ReviewInteraction", "Message to the host"))  # fmt: skip
        by = message.get("by")
        text = str(message.get("text") or "")
        add(message, what, f"{text} — {by}" if by else text)
    timed.sort(key=lambda row: row[0])
    return [row for _t, row in timed]
