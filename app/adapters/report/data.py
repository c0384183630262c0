"""The review report for the rendered formats (html, pdf), fast on big shows.

The event log is small and goes through `review.build_report` as for json; the comments (a million
in a long show) never become Python dicts: their timestamps come out of SQLite in one query into
numpy arrays, and the per-minute counts and per-segment counts are array operations.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from app.adapters.store import queries
from app.services.review import build_report

COUPON_START = "coupon.start"
COUPON_END = "coupon.end"

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class ReviewData:
    """The §6 report plus what the charts need: per-minute question counts and coupon windows
    (seconds from the show's start)."""

    report: dict[str, Any]
    started_at: float
    ended_at: float | None
    questions_per_minute: list[int]
    coupons: list[tuple[float, float, str]]


def _comment_times(
    db_path: str | os.PathLike[str], session_id: int
) -> tuple[FloatArray, FloatArray]:
    """(all comment times, question times), each ascending."""
    with queries.reading(db_path) as db:
        cursor = db.conn.execute(
            "SELECT ts, is_question FROM comments WHERE session_id = ? ORDER BY ts",
            [session_id],
        )
        table = np.fromiter(cursor, dtype=[("ts", np.float64), ("q", np.int64)])
    times = np.ascontiguousarray(table["ts"])
    return times, times[table["q"] != 0]


def per_minute(times: FloatArray, start: float, end: float) -> IntArray:
    """Counts per minute from `start`, as `review` buckets them (early times go to minute 0),
    at least up to `end`."""
    minutes = max(0, math.ceil((end - start) / 60))
    if times.size == 0:
        return np.zeros(minutes, dtype=np.int64)
    buckets = np.maximum(0, np.floor((times - start) / 60)).astype(np.int64)
    return np.bincount(buckets, minlength=minutes).astype(np.int64)


def coupon_windows(
    events: list[dict[str, Any]], start: float, end: float
) -> list[tuple[float, float, str]]:
    """(from_s, to_s, code) for each coupon run; a run left open lasts to the end of the show."""
    open_runs: dict[str, float] = {}
    windows: list[tuple[float, float, str]] = []
    for row in events:
        code = str((row.get("data") or {}).get("code") or "")
        if row["kind"] == COUPON_START:
            if code in open_runs:
                windows.append((open_runs[code] - start, row["t"] - start, code))
            open_runs[code] = row["t"]
        elif row["kind"] == COUPON_END:
            began = open_runs.pop(code, None)
            if began is None and not code and open_runs:
                code, began = open_runs.popitem()
            if began is not None:
                windows.append((began - start, row["t"] - start, code))
    windows += [(began - start, end - start, code) for code, began in open_runs.items()]
    return sorted(windows)


def load_review(db_path: str | os.PathLike[str], session: str | int) -> ReviewData:
    """The review of session `session` ("latest" or an id); LookupError / StoreError as
    `report_cli.load_report`."""
    session_id = queries.resolve_session(db_path, session)
    row = queries.session_row(db_path, session_id)
    events = queries.session_events(db_path, session_id)
    times, question_times = _comment_times(db_path, session_id)
    report = build_report(row, events, ())
    started, ended = float(row["started_at"]), row.get("ended_at")
    last_seen = max([started, *(e["t"] for e in events), *(times[-1:].tolist())])
    end = float(ended) if ended is not None else last_seen
    comments = per_minute(times, started, end)
    questions = per_minute(question_times, started, end)
    questions = np.pad(questions, (0, max(0, comments.size - questions.size)))
    for segment in report["segments"]:
        low, high = segment["start_t"], segment["end_t"]
        high = np.inf if high is None else high
        segment["comments"] = int(
            np.searchsorted(times, high, "left") - np.searchsorted(times, low, "left")
        )
        segment["questions"] = int(
            np.searchsorted(question_times, high, "left")
            - np.searchsorted(question_times, low, "left")
        )
    report["comments"] = {"total": int(times.size), "per_minute": comments.tolist()}
    report["questions"]["total"] = int(question_times.size)
    return ReviewData(
        report=report,
        started_at=started,
        ended_at=None if ended is None else float(ended),
        questions_per_minute=questions.tolist(),
        coupons=coupon_windows(events, started, end),
    )


SEGMENT_HEADER = [
    "#",
    "Segment / 环节",
    "Planned / 计划",
    "Actual / 实际",
    "Over/under / 超时",
    "Comments / 评论",
    "Questions / 提问",
]


def clock(seconds: float | None, signed: bool = False) -> str:
    """Seconds as M:SS or H:MM:SS ("—" for None); `signed` adds + or −."""
    if seconds is None:
        return "—"
    sign = ("+" if seconds >= 0 else "−") if signed else ("-" if seconds < 0 else "")
    total = round(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


def segment_rows(report: dict[str, Any]) -> list[list[str]]:
    """The per-segment table as text cells, in SEGMENT_HEADER's order."""
    rows = []
    for i, seg in enumerate(report["segments"]):
        planned, actual = seg.get("planned_s"), seg.get("actual_s")
        delta = None if planned is None or actual is None else actual - planned
        rows.append(
            [
                str(i + 1),
                str(seg.get("title") or ""),
                clock(planned),
                clock(actual),
                clock(delta, signed=True),
                str(seg["comments"]),
                str(seg["questions"]),
            ]
        )
    return rows


def question_lines(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The question statistics as (label, value) pairs."""
    q = report["questions"]
    total, answered = int(q.get("total") or 0), int(q.get("answered") or 0)
    median = q.get("median_response_s")
    return [
        ("Questions / 提问", str(total)),
        ("Answered / 已回答", f"{answered} ({answered / total:.0%})" if total else str(answered)),
        ("Median time to answer / 回答中位时间", "—" if median is None else clock(median)),
        ("Comments / 评论", str(report["comments"]["total"])),
    ]


def marker_rows(report: dict[str, Any]) -> list[list[str]]:
    """Markers as (time, recording timecode, note) cells."""
    return [
        [str(m.get("time") or ""), clock(m.get("record_tc")), str(m.get("note") or "")]
        for m in report["markers"]
    ]
