"""Post-show review: the report (`report --format json`) built from a session's rows. No Qt, no I/O.

Inputs are plain mappings as the store's read side returns them:
session ``{id, title, started_at, ended_at}`` (unix seconds), events
``{t, kind, stream_tc, record_tc, data: dict}``, comments ``{ts, is_question, intent, ...}`` and,
for the details beyond its minimum (`review_detail`), questions and imported orders.

The report is sized by the show, never by a timestamp a viewer's client sent: the show's span is
started_at to ended_at or, for a show never ended, to its last entry of any kind (`show_span`: the
last event, then the comments and audience items that carry on from it, as the console closes an
interrupted show, but none beyond a quiet gap of QUIET_S, so a client's clock in 2100 in an old
log does not size it), and at most MAX_SHOW_S long. `comments.per_minute` has one count per
minute of that span. A comment stamped up to EDGE_S outside it (a platform's clock a little off)
is counted in the first or last minute; one further out (a client's clock in 1970 or 2100, or no
finite time at all) is left out of the per-minute counts, though it stays in `comments.total`.
Values an old log holds that JSON cannot (NaN, infinity) become null in the JSON report
(`strict_json`).

A segment's `actual_s` is the time its clock ran, as the host saw it: the `actual_s` its
`segment.end` logged (standby pauses the clock), else, for a segment with no end logged (a
crash, an old log), its wall time less the standby inside it.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.runsheet_cells import FORMULA_STARTS
from app.services.review_detail import add_details

SEGMENT_START = "segment.start"
SEGMENT_END = "segment.end"
SESSION_END = "session.end"
STANDBY_ON = "standby.on"
STANDBY_OFF = "standby.off"
MARKER = "marker"
REPLAY_SAVED = "obs.replay_saved"  # a file OBS wrote from its replay buffer
MAX_SHOW_S = 7 * 24 * 3600  # a longer span comes from a damaged row: the report stops there
EDGE_S = 60.0  # a comment this close outside the show counts in its first / last minute
# a show never ended runs on through the comments and audience items after its last event while
# none comes this long after the one before (a gap longer than this is a client's clock, not a show)
QUIET_S = 3600.0

EVENT_CORE = ("t", "kind", "time", "stream_tc", "record_tc")
CSV_HEADER = ["time", "t", "kind", "stream_tc", "record_tc", "details"]

Row = Mapping[str, Any]


def iso_time(t: float | None, timespec: str = "seconds") -> str | None:
    """Unix seconds as ISO 8601 local time with its UTC offset; None (and a time no calendar
    holds: NaN, infinity, year 300,000) is None."""
    if t is None or not finite(t):
        return None
    try:
        return datetime.fromtimestamp(t).astimezone().isoformat(timespec=timespec)
    except (OverflowError, OSError, ValueError):
        return None


def finite(value: object) -> bool:
    """A real number that is not NaN or infinite (bools are no numbers)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and (isinstance(value, int) or math.isfinite(value))
    )


def time_key(value: object) -> float:
    """A time to sort by: a finite one as it is, anything else (None, text, NaN) last."""
    return float(value) if finite(value) else math.inf  # type: ignore[arg-type]


def show_span(
    started: float,
    ended: float | None,
    event_times: Iterable[float],
    activity_times: Iterable[object] = (),
) -> tuple[float, float]:
    """(start, end) of the show in unix seconds: started_at to ended_at or, for a show never
    ended, to its last entry: the last event logged, or a later comment or audience item
    (`activity_times`) reached from it with no gap longer than QUIET_S; never longer than
    MAX_SHOW_S, never negative."""
    start = float(started)
    if ended is not None and finite(ended):
        end = float(ended)
    else:
        end = max([start, *(float(t) for t in event_times if finite(t) and t >= start)])
        for t in sorted(time_key(t) for t in activity_times):  # anything not finite: last
            if t - end > QUIET_S:
                break
            end = max(end, t)
    return start, min(max(end, start), start + MAX_SHOW_S)


def minute_count(start: float, end: float) -> int:
    """How many minutes the per-minute counts of the span [start, end] have."""
    return max(0, math.ceil((end - start) / 60))


def minute_of(ts: object, start: float, end: float) -> int | None:
    """The minute of the show `ts` is counted in, or None when it lies outside the show (more
    than EDGE_S before its start or after its end, or no finite time)."""
    minutes = minute_count(start, end)
    if not finite(ts) or minutes == 0:
        return None
    assert isinstance(ts, int | float)
    if ts < start - EDGE_S or ts > end + EDGE_S:
        return None
    return min(max(0, int((ts - start) // 60)), minutes - 1)


def strict_json(value: Any) -> Any:
    """`value` with every NaN or infinite float (nested in dicts, lists, tuples) as None, so
    json.dumps(..., allow_nan=False) writes it."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: strict_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [strict_json(item) for item in value]
    return value


def _event(row: Row) -> dict[str, Any]:
    event: dict[str, Any] = {
        "t": row["t"],
        "kind": row["kind"],
        "time": iso_time(row["t"], "milliseconds"),
        "stream_tc": row.get("stream_tc"),
        "record_tc": row.get("record_tc"),
    }
    for key, value in (row.get("data") or {}).items():
        event[f"data_{key}" if key in EVENT_CORE else key] = value
    return event


def count_between(times: Sequence[float], start: float, end: float | None) -> int:
    """How many of the ascending `times` fall in [start, end) (end None: open). O(log n)."""
    low = bisect_left(times, start)
    high = len(times) if end is None else bisect_left(times, end)
    return max(0, high - low)


def _segments(
    events: Sequence[Row], comments: Sequence[Row], session_end: float | None
) -> list[dict[str, Any]]:
    spans: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    standby_since: float | None = None  # standby began in the current segment (unpaired yet)

    def close(at: float | None, logged_s: object = None) -> None:
        nonlocal current, standby_since
        if current is not None:
            current["end_t"] = at
            if finite(logged_s):  # the segment's clock as the console kept it
                current["actual_s"] = float(logged_s)  # type: ignore[arg-type]
            elif at is not None and finite(at):  # no end logged: its wall time, less standby
                if standby_since is not None:  # a cue or the end leaves standby unlogged
                    current["standby_s"] += max(0.0, at - standby_since)
                current["actual_s"] = max(0.0, at - current["start_t"] - current["standby_s"])
            spans.append(current)
            current = None
        standby_since = None

    for row in events:
        data = row.get("data") or {}
        if row["kind"] == SEGMENT_START:
            close(row["t"])
            current = {
                "index": data.get("index"),
                "title": data.get("title"),
                "planned_s": data.get("planned_s"),
                "start_t": row["t"],
                "record_tc": row.get("record_tc"),
                "actual_s": None,
                "standby_s": 0.0,
            }
        elif row["kind"] == SEGMENT_END:
            index = data.get("index")
            if current is not None and (index is None or index == current["index"]):
                close(row["t"], data.get("actual_s"))
        elif row["kind"] == SESSION_END:
            close(row["t"])
        elif row["kind"] == STANDBY_ON and current is not None and standby_since is None:
            standby_since = row["t"]
        elif row["kind"] == STANDBY_OFF and current is not None and standby_since is not None:
            current["standby_s"] += max(0.0, row["t"] - standby_since)
            standby_since = None
    close(session_end)

    timed = [c for c in comments if finite(c["ts"])]  # ascending: sorted by time_key
    comment_times = [c["ts"] for c in timed]
    question_times = [c["ts"] for c in timed if c.get("is_question")]
    intent_times = [c["ts"] for c in timed if c.get("intent")]
    segments = []
    for span in spans:
        start, end = span["start_t"], span["end_t"]
        segments.append(
            {
                "index": span["index"],
                "title": span["title"],
                "planned_s": span["planned_s"],
                "actual_start": iso_time(start),
                "actual_end": iso_time(end),
                "actual_s": None if span["actual_s"] is None else round(span["actual_s"], 3),
                "comments": count_between(comment_times, start, end),
                "questions": count_between(question_times, start, end),
                "intent": count_between(intent_times, start, end),
                "start_t": start,
                "end_t": end,
                "record_tc": span["record_tc"],
            }
        )
    return segments


def _per_minute(times: Iterable[object], start: float, end: float) -> list[int]:
    """Comments per minute of the show [start, end]; sized by the span alone (see above)."""
    counts = [0] * minute_count(start, end)
    for ts in times:
        minute = minute_of(ts, start, end)
        if minute is not None:
            counts[minute] += 1
    return counts


def build_report(
    session: Row,
    events: Sequence[Row],
    comments: Sequence[Row] = (),
    questions: Sequence[Row] = (),
    orders: Sequence[Row] | None = None,
    *,
    span: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """The review report of one session, ready for JSON, with the details of
    `review_detail.add_details` (per segment purchase intent too: comments with an intent).
    `span`: the show's (start, end) as `show_span` gives it with every comment and audience
    item of the log; without it, from the events and `comments`. Its `segments` are one per
    cue (`segment.start`), each counted over its own stretch of the show; a segment cued more
    than once is folded into one row once everything is counted per cue
    (`review_rows.one_row_per_segment`, by app/adapters/report/audience.py)."""
    started, ended = session["started_at"], session.get("ended_at")
    events = sorted(events, key=lambda row: (row["t"], row.get("id") or 0))
    comments = sorted(comments, key=lambda row: (time_key(row["ts"]), row.get("id") or 0))
    if span is None:
        span = show_span(started, ended, (e["t"] for e in events), (c["ts"] for c in comments))
    start, end = span
    asked = sum(1 for c in comments if c.get("is_question"))
    markers = [
        {
            "t": row["t"],
            "time": iso_time(row["t"], "milliseconds"),
            "at_s": round(row["t"] - started, 3),  # from the show's start, as tables show times
            "note": (row.get("data") or {}).get("note", ""),
            "record_tc": row.get("record_tc"),
            "stream_tc": row.get("stream_tc"),
        }
        for row in events
        if row["kind"] == MARKER
    ]
    report: dict[str, Any] = {
        "session": {
            "id": session["id"],
            "title": session["title"],
            "started_at": iso_time(started),
            "ended_at": iso_time(ended),
            "duration_s": None if ended is None else round(ended - started, 3),
        },
        "segments": _segments(events, comments, ended),
        "events": [_event(row) for row in events],
        "questions": _question_stats(events, asked),
        "comments": {
            "total": len(comments),
            "per_minute": _per_minute((c["ts"] for c in comments), start, end),
        },
        "markers": markers,
        # the replay files saved during the show, beside the clips cut afterwards
        "replays": [
            {
                "t": row["t"],
                "time": iso_time(row["t"], "milliseconds"),
                "path": (row.get("data") or {}).get("path"),
                "record_tc": row.get("record_tc"),
                "stream_tc": row.get("stream_tc"),
            }
            for row in events
            if row["kind"] == REPLAY_SAVED
        ],
    }
    add_details(report, events, started=started, end=end, questions=questions, orders=orders)
    return report


def _question_stats(events: Sequence[Row], asked_comments: int) -> dict[str, Any]:
    """From the queue's log: distinct questions opened, those answered, the median time from
    the first ask to the answer. Without queue events, the question comments are the total."""
    opened = {(e.get("data") or {}).get("question") for e in events if e["kind"] == "question.open"}
    answers = [e.get("data") or {} for e in events if e["kind"] == "question.answer"]
    times = sorted(a["response_s"] for a in answers if isinstance(a.get("response_s"), int | float))
    median = None
    if times:
        middle = len(times) // 2
        median = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
    return {
        "total": len(opened) if opened else asked_comments,
        "answered": len({a.get("question") for a in answers}),
        "median_response_s": None if median is None else round(median, 1),
        "unanswered": max(0, len(opened) - len({a.get("question") for a in answers})),
    }


def clock(seconds: float | None, signed: bool = False) -> str:
    """Seconds as M:SS or H:MM:SS ("—" for None); `signed` adds + or −."""
    if seconds is None or not finite(seconds):
        return "—"
    sign = ("+" if seconds >= 0 else "−") if signed else ("-" if seconds < 0 else "")
    total = round(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


@dataclass
class ReviewData:
    """The report plus what the charts need: per-minute question counts, coupon windows
    (seconds from the show's start), the viewers at each change and likes per minute."""

    report: dict[str, Any]
    started_at: float
    ended_at: float | None
    questions_per_minute: list[int]
    coupons: list[tuple[float, float, str]]
    viewers: list[tuple[float, int]] = field(default_factory=list)  # (seconds, viewers) changes
    likes_per_minute: list[int] = field(default_factory=list)


def spreadsheet_safe(value: Any) -> Any:
    """A cell Excel shows as text, never runs: viewer text starting like a formula (=, +, -, @)
    gets a leading apostrophe (OWASP's CSV-injection advice). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    return "" if value is None else spreadsheet_safe(value)


def events_csv_rows(report: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The event log as CSV: time, t, kind, stream_tc, record_tc, details (JSON of the rest)."""
    rows = []
    for event in report["events"]:
        details = {k: v for k, v in event.items() if k not in EVENT_CORE}
        rows.append(
            [
                _cell(event.get("time")),
                _cell(event.get("t")),
                _cell(event.get("kind")),
                _cell(event.get("stream_tc")),
                _cell(event.get("record_tc")),
                json.dumps(
                    strict_json(details), ensure_ascii=False, sort_keys=True, allow_nan=False
                )
                if details
                else "",
            ]
        )
    return list(CSV_HEADER), rows
