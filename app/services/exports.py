"""Editor and platform exports of a review report (`livedesk report`): YouTube chapters, a DaVinci
Resolve marker EDL and a Premiere Pro marker CSV. Pure: a report in, text and notes out; no Qt,
no I/O.

Every time here is a recording timecode (seconds from the start of the recording). A segment that
began before the recording did counts from 0; a segment or marker without a recording timecode
(nothing was being recorded) is left out with a note.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_CHAPTER_S = 10
EDL_TIMELINE_START_S = 3600  # Resolve timelines start at 01:00:00:00
EDL_COLOR = "ResolveColorBlue"
PREMIERE_HEADER = ["Marker Name", "Description", "In", "Out", "Duration", "Marker Type"]

_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


class ExportError(ValueError):
    """The report cannot give a valid export (the message says why)."""


@dataclass(frozen=True)
class Export:
    """An export's text and the notes (skips, merges, adjustments) to show the user."""

    text: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TimedPoint:
    """A segment start or a marker on the recording's timeline."""

    tc: float
    name: str
    kind: str  # "segment" or "marker"


def single_line(text: object) -> str:
    """Title text on one line: line breaks and tabs become one space, ends trimmed."""
    if text is None:
        return ""
    return " ".join(_LINE_BREAKS.sub(" ", str(text)).split())


def recording_origin(events: Sequence[Mapping[str, Any]]) -> float | None:
    """The wall time at which the (first) recording began, from the events' timecodes."""
    origins = [e["t"] - e["record_tc"] for e in events if e.get("record_tc") is not None]
    return min(origins, default=None)


def recording_end(events: Sequence[Mapping[str, Any]]) -> float | None:
    """The last recording timecode seen in the log (where the recording is known to reach)."""
    return max((e["record_tc"] for e in events if e.get("record_tc") is not None), default=None)


def timed_points(
    report: Mapping[str, Any], *, segments: bool = True, markers: bool = True
) -> tuple[list[TimedPoint], list[str]]:
    """Segment starts and markers with their recording timecodes, in time order, and notes."""
    notes: list[str] = []
    points: list[TimedPoint] = []
    origin = recording_origin(report.get("events") or [])
    for number, seg in enumerate(report.get("segments") or [] if segments else [], 1):
        if seg.get("skipped"):
            continue  # planned, never ran: nothing of it is on the recording
        name = single_line(seg.get("title")) or f"Segment {number}"
        tc = seg.get("record_tc")
        if tc is None:
            start, end = seg.get("start_t"), seg.get("end_t")
            began_before = origin is not None and start is not None and start < origin
            if began_before and (end is None or end > origin):
                tc = 0.0
            else:
                notes.append(f"segment “{name}” was not recorded (no recording timecode); skipped")
                continue
        points.append(TimedPoint(max(0.0, float(tc)), name, "segment"))
    for number, marker in enumerate(report.get("markers") or [] if markers else [], 1):
        name = single_line(marker.get("note")) or f"Marker {number}"
        if marker.get("record_tc") is None:
            notes.append(f"marker “{name}” has no recording timecode (not recording); skipped")
            continue
        points.append(TimedPoint(max(0.0, float(marker["record_tc"])), name, "marker"))
    points.sort(key=lambda p: p.tc)  # stable: a segment stays before a marker at the same time
    return points, notes


# --- YouTube chapters ------------------------------------------------------------------------


def clock(seconds: int, with_hours: bool) -> str:
    """83 -> '1:23'; with hours 3723 -> '1:02:03' (YouTube's chapter timestamps)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if with_hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes + 60 * hours}:{secs:02d}"


def youtube_chapters(
    report: Mapping[str, Any],
    *,
    include_markers: bool = False,
    min_chapters: int = YOUTUBE_MIN_CHAPTERS,
    min_length_s: int = YOUTUBE_MIN_CHAPTER_S,
) -> Export:
    """YouTube chapter lines for the recording: first at 0:00, each ≥ 10 s, at least three.

    A chapter shorter than `min_length_s` is merged into the previous one (the next one when it is
    the first), titles joined with " / ". Raises ExportError when fewer than `min_chapters` remain.
    """
    points, notes = timed_points(report, markers=include_markers)
    chapters = [(math.floor(p.tc), p.name) for p in points]
    if chapters and chapters[0][0] > 0:
        notes.append(
            f"the first chapter “{chapters[0][1]}” starts at 0:00 as YouTube requires "
            f"(it began {clock(chapters[0][0], False)} into the recording)"
        )
        chapters[0] = (0, chapters[0][1])
    end = recording_end(report.get("events") or [])
    merges = 0
    i = 0
    while i < len(chapters) and len(chapters) > 1:
        start, title = chapters[i]
        following = chapters[i + 1][0] if i + 1 < len(chapters) else end
        if following is None or following - start >= min_length_s:
            i += 1
            continue
        length = max(0, math.floor(following) - start)
        merges += 1
        if i == 0:
            nxt = chapters.pop(1)[1]
            chapters[0] = (0, f"{title} / {nxt}")
            notes.append(
                f"chapter “{title}” lasts {length} s (< {min_length_s} s): "
                f"merged into the next, “{nxt}”"
            )
        else:
            prev_start, prev = chapters[i - 1]
            notes.append(
                f"chapter “{title}” at {clock(start, False)} lasts {length} s "
                f"(< {min_length_s} s): merged into the previous, “{prev}”"
            )
            chapters[i - 1] = (prev_start, f"{prev} / {title}")
            del chapters[i]
    if len(chapters) < min_chapters:
        skipped = sum(1 for n in notes if n.endswith("skipped"))
        why = [f"{skipped} not recorded"] if skipped else []
        why += [f"{merges} merged for being shorter than {min_length_s} s"] if merges else []
        raise ExportError(
            f"YouTube needs at least {min_chapters} chapters of at least {min_length_s} s; "
            f"this recording gives {len(chapters)}" + (f" ({', '.join(why)})" if why else "")
        )
    with_hours = any(start >= 3600 for start, _ in chapters)
    text = "".join(f"{clock(start, with_hours)} {title}\n" for start, title in chapters)
    return Export(text, notes)


# --- frame timecodes -------------------------------------------------------------------------


def frame_timecode(frames: int, fps: float) -> str:
    """Frames as non-drop HH:MM:SS:FF at the timebase round(fps)."""
    base = max(1, round(fps))
    seconds, ff = divmod(max(0, frames), base)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}:{ff:02d}"


def _check_fps(fps: float) -> None:
    if not math.isfinite(fps) or fps <= 0 or fps > 1000:
        raise ExportError(f"the frame rate must be a positive number of frames per second: {fps}")


def _framed(
    points: Sequence[TimedPoint], fps: float, notes: list[str]
) -> list[tuple[int, TimedPoint]]:
    """Points as frame numbers; two on one frame are moved apart (editors keep one per frame)."""
    framed: list[tuple[int, TimedPoint]] = []
    for point in points:
        frame = round(point.tc * fps)
        if framed and frame <= framed[-1][0]:
            frame = framed[-1][0] + 1
            notes.append(f"{point.kind} “{point.name}” shares a frame; moved to the next frame")
        framed.append((frame, point))
    return framed


# --- DaVinci Resolve marker EDL --------------------------------------------------------------


def resolve_edl(report: Mapping[str, Any], *, fps: float = 30) -> Export:
    """A marker EDL that Resolve's "Import > Timeline Markers from EDL" reads: one one-frame event
    per segment start and marker, at the recording timecode on a timeline starting 01:00:00:00."""
    _check_fps(fps)
    points, notes = timed_points(report)
    framed = _framed(points, fps, notes)
    title = single_line(report["session"].get("title")) or f"Session {report['session']['id']}"
    lines = [f"TITLE: {title}", "FCM: NON-DROP FRAME", ""]
    offset = round(EDL_TIMELINE_START_S * max(1, round(fps)))
    for number, (frame, point) in enumerate(framed, 1):
        tc_in = frame_timecode(offset + frame, fps)
        tc_out = frame_timecode(offset + frame + 1, fps)
        lines.append(f"{number:03d}  001      V     C        {tc_in} {tc_out} {tc_in} {tc_out}  ")
        lines.append(f" |C:{EDL_COLOR} |M:{point.name.replace('|', '/')} |D:1")
        lines.append("")
    return Export("\r\n".join(lines) + "\r\n", notes)


# --- Premiere Pro marker CSV -----------------------------------------------------------------


def premiere_markers_csv(report: Mapping[str, Any], *, fps: float = 30) -> Export:
    """Premiere Pro marker CSV (UTF-8 with BOM): one comment marker per segment start and marker,
    In = Out at the recording timecode (HH:MM:SS:FF), duration zero.

    Marker names are written as they are, with no spreadsheet-formula escaping (the `'` before
    = + - @ that the event log's and the attendance CSV get): this file is for Premiere's marker
    import, which reads each cell as literal text and would keep that `'` in the marker's name
    (`'-5 折`, `'@cmd`). The names are the show's own run-sheet titles and marker notes, set by
    the host's team, not viewers' text; whoever opens the file in a spreadsheet instead sees them
    as a spreadsheet would any CSV."""
    _check_fps(fps)
    points, notes = timed_points(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PREMIERE_HEADER)
    for frame, point in _framed(points, fps, notes):
        tc = frame_timecode(frame, fps)
        writer.writerow([point.name, point.kind, tc, tc, frame_timecode(0, fps), "Comment"])
    return Export("\ufeff" + buffer.getvalue(), notes)
