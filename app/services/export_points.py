"""The segment starts and markers of a review report on the timeline of the show's recordings,
for the exports (app/services/exports.py). Pure: a report in, points and notes out.

Every time here is a recording timecode (seconds from the start of the recording). A segment that
began before a recording did counts from that recording's 0; a segment or marker without a
recording timecode (nothing was being recorded) is left out with a note.

A show recorded in several files (record stopped and started) gives one timeline with the
recordings laid end to end, in order, as an editor puts the files one after another (and as
YouTube plays them joined into one video): recording k's points are offset by the length of
recordings 1 … k-1, which the log knows to within a few frames (each one's stop, less its
origin: app/domain/recordings.py). Timecodes of different files are never sorted as one. Every
point is kept this way (exporting one recording would leave the others' out); a note says where
each recording starts. A recording whose predecessor's end the log does not know (its stop was
never seen) has no place on the timeline: its points are left out, each with a note.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain import log_events as kinds
from app.domain.log_events import LogEntry
from app.domain.recordings import Timeline, lay_end_to_end
from app.services.review_rows import runs_of

_EVENT_CORE = ("t", "kind", "time", "stream_tc", "record_tc")  # a report event's own keys
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


@dataclass(frozen=True)
class TimedPoint:
    """A segment start or a marker on the timeline of the show's recordings (laid end to end)."""

    tc: float
    name: str
    kind: str  # "segment" or "marker"
    recording: int = 0


@dataclass
class PlacedPoints:
    """The points of a report on its recordings' timeline, and what was left out and why."""

    points: list[TimedPoint]
    timeline: Timeline
    notes: list[str]
    left_out: Counter[str] = field(default_factory=Counter)  # reason -> how many


def single_line(text: object) -> str:
    """Title text on one line: line breaks and tabs become one space, ends trimmed."""
    if text is None:
        return ""
    return " ".join(_LINE_BREAKS.sub(" ", str(text)).split())


def _entries(events: Sequence[Mapping[str, Any]]) -> list[LogEntry]:
    """The report's events (in time order) as log entries, their details back in `data`."""
    return [
        LogEntry(
            t=float(e["t"]),
            kind=str(e.get("kind")),
            record_tc=_number(e.get("record_tc")),
            data={k: v for k, v in e.items() if k not in _EVENT_CORE},
        )
        for e in events
        if _number(e.get("t")) is not None
    ]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def recording_timeline(report: Mapping[str, Any]) -> tuple[Timeline, dict[tuple[str, float], int]]:
    """The report's recordings laid end to end, and the recording each logged entry (by kind and
    wall time) was stamped in."""
    entries = _entries(report.get("events") or [])
    timeline = lay_end_to_end(entries)
    stamped: dict[tuple[str, float], int] = {}
    for entry, run in zip(entries, timeline.run_of, strict=True):
        if run is not None:
            stamped.setdefault((entry.kind, entry.t), run)
    return timeline, stamped


def timeline_clock(value: float) -> str:
    """12.34 -> '0:12.3', 3723.4 -> '1:02:03.4' (where a recording starts on the timeline)."""
    tenths = round(value * 10)
    whole, tenth = divmod(tenths, 10)
    return f"{clock(whole, whole >= 3600)}.{tenth}"


def place_points(
    report: Mapping[str, Any], *, segments: bool = True, markers: bool = True
) -> PlacedPoints:
    """The report's segment starts (each run of a segment cued more than once: `runs_of`) and
    markers on its recordings' timeline, in time order, with notes on what was left out (not
    recorded, in a recording with no place) and on the files."""
    timeline, stamped = recording_timeline(report)
    found = PlacedPoints([], timeline, [])

    def place(kind: str, name: str, recording: int, tc: float) -> None:
        at = timeline.place(recording, max(0.0, tc))
        if at is None:
            found.notes.append(
                f"{kind} “{name}” is in recording {recording + 1}, which has no place on the "
                f"timeline (where recording {recording} ends is not in the log); skipped"
            )
            found.left_out["not placed"] += 1
            return
        found.points.append(TimedPoint(at, name, kind, recording))

    def recording_of(kind: str, t: object) -> int:
        at = _number(t)
        if at is None:
            return 0
        if (kind, at) in stamped:
            return stamped[(kind, at)]
        return max((k for k, began in enumerate(timeline.origins) if began <= at), default=0)

    for number, seg in enumerate(report.get("segments") or [] if segments else [], 1):
        if seg.get("skipped"):
            continue  # planned, never ran: nothing of it is on the recording
        name = single_line(seg.get("title")) or f"Segment {number}"
        for run in runs_of(seg):
            tc = _number(run.get("record_tc"))
            if tc is not None:
                place("segment", name, recording_of(kinds.SEGMENT_START, run.get("start_t")), tc)
                continue
            start, end = _number(run.get("start_t")), _number(run.get("end_t"))
            began = None if start is None else timeline.begun_during(start, end)
            if began is None:
                found.notes.append(
                    f"segment “{name}” was not recorded (no recording timecode); skipped"
                )
                found.left_out["not recorded"] += 1
                continue
            place("segment", name, began, 0.0)  # a recording began during it: from its start
    for number, marker in enumerate(report.get("markers") or [] if markers else [], 1):
        name = single_line(marker.get("note")) or f"Marker {number}"
        tc = _number(marker.get("record_tc"))
        if tc is None:
            found.notes.append(
                f"marker “{name}” has no recording timecode (not recording); skipped"
            )
            found.left_out["not recorded"] += 1
            continue
        place("marker", name, recording_of(kinds.MARKER, marker.get("t")), tc)
    found.points.sort(key=lambda p: p.tc)  # stable: a segment before a marker at the same time
    found.notes[:0] = _recordings_note(timeline, {p.recording for p in found.points})
    return found


def _recordings_note(timeline: Timeline, used: set[int]) -> list[str]:
    """Where each recording starts on the timeline, when the show was recorded in several."""
    if len(timeline.runs) < 2 or not used - {0}:
        return []
    placed = [
        f"recording {k + 1} from {timeline_clock(start)}"
        for k, start in enumerate(timeline.starts)
        if k > 0 and start is not None
    ]
    where = f"{', '.join(placed)}; " if placed else ""
    return [
        f"the show was recorded in {len(timeline.runs)} files, laid end to end on one timeline "
        f"({where}each file's length by the log's clock, to within a few frames): put the "
        "files one after another in that order to match"
    ]


def timed_points(
    report: Mapping[str, Any], *, segments: bool = True, markers: bool = True
) -> tuple[list[TimedPoint], list[str]]:
    """Segment starts and markers on the recordings' timeline, in time order, and notes."""
    found = place_points(report, segments=segments, markers=markers)
    return found.points, found.notes


def clock(seconds: int, with_hours: bool) -> str:
    """83 -> '1:23'; with hours 3723 -> '1:02:03' (YouTube's chapter timestamps)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if with_hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes + 60 * hours}:{secs:02d}"


def recording_clock(seconds: int) -> str:
    """A time on the recording as the notes give it, in the chapter lines' form: 595 ->
    '9:55', from an hour on with its hours, 4495 -> '1:14:55' (never '74:55', which the
    chapter lines past an hour never read)."""
    return clock(seconds, seconds >= 3600)
