"""Editor and platform exports of a review report (`livedesk report`): YouTube chapters, a DaVinci
Resolve marker EDL and a Premiere Pro marker CSV. Pure: a report in, text and notes out; no Qt,
no I/O.

The points exported (segment starts, markers) are placed on the timeline of the show's
recordings by app/services/export_points.py: recording timecodes, the files of a show recorded
in several laid end to end (it says why and how), what was not recorded left out with a note.

Frame timecodes (edl, premiere) count frames at the recording's frame rate, logged from OBS's
video settings with the recording (`report --fps N` gives another), and are non-drop-frame: at
29.97 fps an hour into the file is 01:59:56:12 on a timeline starting 01:00:00:00, as on a
non-drop-frame 29.97 timeline in Resolve. SMPTE hours stop at 23: a point past 23:59:59:ff of the
timeline is left out with a note.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.services.export_points import (
    PlacedPoints,
    TimedPoint,
    clock,
    place_points,
    recording_clock,
    single_line,
    timeline_clock,
)

YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_CHAPTER_S = 10
EDL_TIMELINE_START_S = 3600  # Resolve timelines start at 01:00:00:00
EDL_COLOR = "ResolveColorBlue"
PREMIERE_HEADER = ["Marker Name", "Description", "In", "Out", "Duration", "Marker Type"]
EDITOR_FORMATS = ("edl", "premiere")
DEFAULT_FPS = 30.0  # where the log does not say the recording's rate (logs before it did)
TIMECODE_HOURS = 24  # SMPTE timecode runs 00:00:00:00 … 23:59:59:ff
_NTSC_BASES = (24, 30, 48, 60, 120)  # 23.976, 29.97, … are these × 1000/1001


class ExportError(ValueError):
    """The report cannot give a valid export (the message says why)."""


@dataclass(frozen=True)
class Export:
    """An export's text and the notes (skips, merges, adjustments) to show the user."""

    text: str
    notes: list[str] = field(default_factory=list)


# --- YouTube chapters ------------------------------------------------------------------------


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
    found = place_points(report, markers=include_markers)
    notes = found.notes
    chapters = [(math.floor(p.tc), p.name) for p in found.points]
    if chapters and chapters[0][0] > 0:
        notes.append(
            f"the first chapter “{chapters[0][1]}” starts at 0:00 as YouTube requires "
            f"(it began {recording_clock(chapters[0][0])} into the recording)"
        )
        chapters[0] = (0, chapters[0][1])
    # where the recordings end: the stop's wall time (or the show's end while recording) less
    # the recording's origin; unknown, the last chapter runs to the end of the video, past its
    # start, as YouTube measures it, and is never merged
    end = found.timeline.end
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
                f"chapter “{title}” at {recording_clock(start)} lasts {length} s "
                f"(< {min_length_s} s): merged into the previous, “{prev}”"
            )
            chapters[i - 1] = (prev_start, f"{prev} / {title}")
            del chapters[i]
    if len(chapters) < min_chapters:
        why = [f"{count} {reason}" for reason, count in found.left_out.items()]
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


def editor_rate(fps: float) -> float:
    """`fps` as editors count it: 29.97 is 30000/1001 (23.976, 59.94 … alike), others as given."""
    for base in _NTSC_BASES:
        if abs(fps - base * 1000 / 1001) < 0.005:
            return base * 1000 / 1001
    return fps


def _rate_text(fps: float) -> str:
    return f"{fps:.3f}".rstrip("0").rstrip(".")


def _check_fps(fps: float) -> None:
    if not math.isfinite(fps) or fps <= 0 or fps > 1000:
        raise ExportError(f"the frame rate must be a positive number of frames per second: {fps}")


def _timeline_rate(found: PlacedPoints, given: float | None) -> float:
    """The frame rate of the timecodes: `given`, else the recordings' logged rate (the first
    placed recording's), else DEFAULT_FPS; a note where they differ or the log does not say."""
    used = sorted({p.recording for p in found.points}) or [0]
    runs = found.timeline.runs
    logged = [(k, rate) for k in used if k < len(runs) and (rate := runs[k].fps) is not None]
    if given is not None:
        _check_fps(given)
        chosen = editor_rate(given)
        if logged and abs(logged[0][1] - chosen) > 0.005:
            found.notes.append(
                f"timecodes at {_rate_text(chosen)} fps as asked; the log says the recording is "
                f"at {_rate_text(logged[0][1])} fps"
            )
        return chosen
    if not logged:
        found.notes.append(
            f"the log does not say the recording's frame rate: timecodes at {DEFAULT_FPS:g} fps "
            "(report --fps N for another)"
        )
        return DEFAULT_FPS
    first, chosen = logged[0]
    for k, other in logged[1:]:
        if abs(other - chosen) > 0.005:
            found.notes.append(
                f"recording {k + 1} was recorded at {_rate_text(other)} fps, recording "
                f"{first + 1} at {_rate_text(chosen)}: the timeline counts {_rate_text(chosen)}"
            )
    return chosen


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


def _nothing_to_mark(found: PlacedPoints) -> ExportError:
    if not found.left_out:
        return ExportError("the show has no segment or marker to mark")
    why = ", ".join(f"{count} {reason}" for reason, count in found.left_out.items())
    return ExportError(f"no segment or marker of this show is on its recording ({why})")


def _frame_points(
    report: Mapping[str, Any], fps: float | None, start_s: int, length: int
) -> tuple[list[tuple[int, TimedPoint]], float, list[str]]:
    """(timeline frame, point) of each segment start and marker, on a timeline starting
    `start_s` in, each `length` frames long; the frame rate; the notes. Raises ExportError when
    no point is on the recording."""
    found = place_points(report)
    rate = _timeline_rate(found, fps)
    if not found.points:
        raise _nothing_to_mark(found)
    base = max(1, round(rate))
    offset, limit = start_s * base, TIMECODE_HOURS * 3600 * base
    framed = []
    for frame, point in _framed(found.points, rate, found.notes):
        if offset + frame + length >= limit:
            where = "on a timeline starting 01:00:00:00 it" if offset else "it"
            found.notes.append(
                f"{point.kind} “{point.name}” is {timeline_clock(point.tc)} into the recording: "
                f"{where} would fall past "
                f"{frame_timecode(limit - 1, rate)}, the last timecode there is; skipped"
            )
            found.left_out["past 23:59:59"] += 1
            continue
        framed.append((offset + frame, point))
    if not framed:
        raise _nothing_to_mark(found)
    return framed, rate, found.notes


# --- DaVinci Resolve marker EDL --------------------------------------------------------------


def resolve_edl(report: Mapping[str, Any], *, fps: float | None = None) -> Export:
    """A marker EDL that Resolve's "Import > Timeline Markers from EDL" reads: one one-frame event
    per segment start and marker, at the recording timecode on a timeline starting 01:00:00:00,
    at `fps` (None: the recording's). Raises ExportError when nothing of the show is recorded."""
    framed, rate, notes = _frame_points(report, fps, EDL_TIMELINE_START_S, 1)
    title = single_line(report["session"].get("title")) or f"Session {report['session']['id']}"
    lines = [f"TITLE: {title}", "FCM: NON-DROP FRAME", ""]
    for number, (frame, point) in enumerate(framed, 1):
        tc_in = frame_timecode(frame, rate)
        tc_out = frame_timecode(frame + 1, rate)
        lines.append(f"{number:03d}  001      V     C        {tc_in} {tc_out} {tc_in} {tc_out}  ")
        lines.append(f" |C:{EDL_COLOR} |M:{point.name.replace('|', '/')} |D:1")
        lines.append("")
    return Export("\r\n".join(lines) + "\r\n", notes)


# --- Premiere Pro marker CSV -----------------------------------------------------------------


def premiere_markers_csv(report: Mapping[str, Any], *, fps: float | None = None) -> Export:
    """Premiere Pro marker CSV (UTF-8 with BOM): one comment marker per segment start and marker,
    In = Out at the recording timecode (HH:MM:SS:FF) at `fps` (None: the recording's), duration
    zero. Raises ExportError when nothing of the show is recorded.

    Marker names are written as they are, with no spreadsheet-formula escaping (the `'` before
    = + - @ that the event log's and the attendance CSV get): this file is for Premiere's marker
    import, which reads each cell as literal text and would keep that `'` in the marker's name
    (`'-5 折`, `'@cmd`). The names are the show's own run-sheet titles and marker notes, set by
    the host's team, not viewers' text; whoever opens the file in a spreadsheet instead sees them
    as a spreadsheet would any CSV."""
    framed, rate, notes = _frame_points(report, fps, 0, 0)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PREMIERE_HEADER)
    for frame, point in framed:
        tc = frame_timecode(frame, rate)
        writer.writerow([point.name, point.kind, tc, tc, frame_timecode(0, rate), "Comment"])
    return Export("\ufeff" + buffer.getvalue(), notes)


def editor_markers(report: Mapping[str, Any], fmt: str, fps: float | None = None) -> Export:
    """The `edl` or `premiere` export at `fps` (None: the recording's logged frame rate)."""
    if fmt == "edl":
        return resolve_edl(report, fps=fps)
    if fmt == "premiere":
        return premiere_markers_csv(report, fps=fps)
    raise ValueError(f"not an editor format: {fmt}")
