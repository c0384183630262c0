"""The recordings of a show in its log: which entries were stamped in which recording file, where
each file ends and at what frame rate it was recorded. Pure: log entries in, recordings out.

A show may hold several recordings (record stopped and started): a new recording begins with an
`obs.record` entry that says it is active (its timecode restarts at 0), or where the timecodes
jump back by more than a status poll's jitter (OBS started it again unseen); each ends with the
`obs.record` entry that says it stopped, whose `path` is the file OBS wrote (OBS names the file
only once it is finished). Timecodes that stop and come back with no start or stop entry between,
counted from the same origin, are one recording (OBS was out of reach meanwhile and went on
recording). The stop entry has no timecode (the recording's clock stopped with it): its wall time
less the recording's origin (an entry's wall time less its timecode) is how long the file is. The
frame rate is OBS's video setting (`fps_numerator` / `fps_denominator`, as GetVideoSettings gives
them) logged on the `obs.record` entries; the stop entry's wins (OBS cannot change it while
recording, and it is read again once the recording runs).

Timecodes that fall back by no more than that jitter are the same recording: earlier versions
ran the clock between polls on the wall clock and anchored a poll's figure at the time its answer
was read, so a wall-clock step or an answer read late made the timecodes fall back a second or two
at the next poll, with no new file (the clock now holds instead: see timecode.OutputClock).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain import log_events as kinds
from app.domain.log_events import LogEntry
from app.domain.timecode import JITTER_S

JUMP_BACK_S = JITTER_S  # timecodes more than this lower than the previous entry's: another one
SAME_ORIGIN_S = 2.0  # timecodes again after a gap, at the same pace as before: the same recording
MAX_FPS = 1000


@dataclass
class RecordingRun:
    """One recording in the log: the entries stamped in it (by index) and what the log says of
    its file."""

    index: int
    first: int  # index of its first entry with a timecode
    last: int  # index of its last entry with a timecode
    path: str | None = None
    stopped: bool = False
    stop_t: float | None = None  # wall time of the first entry that said it stopped
    fps: float | None = None  # frames per second, when logged


def split_recordings(entries: Sequence[LogEntry]) -> tuple[list[RecordingRun], list[int | None]]:
    """The recordings in the log (`entries` in time order) and, for each entry, the recording it
    was stamped in (None: no recording ran)."""
    runs: list[RecordingRun] = []
    run_of: list[int | None] = []
    current: RecordingRun | None = None  # the recording entries are being stamped in
    finished: RecordingRun | None = None  # the latest stopped one: a later stop entry may name it
    starting_fps: float | None = None  # the rate on a start entry logged without a timecode
    interrupted: RecordingRun | None = None  # its timecodes stopped with no stop entry (OBS lost)
    for i, entry in enumerate(entries):
        tc = entry.record_tc
        if entry.kind == kinds.OBS_RECORD:
            interrupted = None  # it started or stopped: what follows is not the one cut off
            if entry.data.get("active") is True:
                current = finished = None  # a new recording starts (its entry stamped 0)
                starting_fps = frame_rate(entry.data)
            else:
                if current is not None:
                    current.stopped, current.stop_t = True, entry.t
                    finished, current = current, None
                path = _text(entry.data.get("path"))
                if finished is not None:
                    # OBS names the file once it has stopped (STOPPING comes without it): the
                    # latest stop entry names the file
                    finished.path = path or finished.path
                    finished.fps = frame_rate(entry.data) or finished.fps
        if tc is None:
            if current is not None:  # the clock stopped without a stop entry seen
                finished = interrupted = current
                current = None
            run_of.append(None)
            continue
        if current is None and interrupted is not None and _goes_on(interrupted, entry, entries):
            current, finished = interrupted, None  # OBS back, the same recording still running
        interrupted = None
        previous = entries[current.last].record_tc if current is not None else None
        if current is None or (previous is not None and tc < previous - JUMP_BACK_S):
            current = RecordingRun(len(runs), i, i, fps=starting_fps)
            runs.append(current)
            finished, starting_fps = None, None
        current.last = i
        run_of.append(current.index)
    return runs, run_of


def _goes_on(run: RecordingRun, entry: LogEntry, entries: Sequence[LogEntry]) -> bool:
    """Whether `entry`'s timecode is that of `run` going on (after a gap in the timecodes, as
    while OBS was not connected): not lower, and counted from the same origin."""
    last = entries[run.last]
    if entry.record_tc is None or last.record_tc is None:
        return False
    return (
        entry.record_tc >= last.record_tc - JUMP_BACK_S
        and abs(origin(entry) - origin(last)) <= SAME_ORIGIN_S
    )


def origin(entry: LogEntry) -> float:
    """The wall time at which the recording `entry` was stamped in was at 0 (entry with a
    timecode)."""
    return entry.t - (entry.record_tc or 0.0)


def recording_length(run: RecordingRun, entries: Sequence[LogEntry]) -> float | None:
    """How long the recording's file is, in seconds, by the log's clock: from its origin (as of
    its last stamped entry, so a pause before it is not counted) to the wall time it stopped;
    when the show ended while it ran, at least to the show's end. None: the log does not say
    (the stop was not seen)."""
    last = entries[run.last]
    reached = last.record_tc or 0.0
    if run.stop_t is not None:
        return max(reached, run.stop_t - origin(last))
    if last.kind == kinds.SESSION_END:
        return reached
    return None


def frame_rate(data: Mapping[str, Any]) -> float | None:
    """`fps_numerator` / `fps_denominator` of a logged entry (None: absent or not a frame rate)."""
    top, bottom = _whole(data.get("fps_numerator")), _whole(data.get("fps_denominator"))
    if top is None or bottom is None:
        return None
    rate = top / bottom
    return rate if 1 <= rate <= MAX_FPS else None


def _whole(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**9:
        return value
    return None


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


@dataclass(frozen=True)
class Timeline:
    """The show's recordings laid end to end, as an editor puts the files one after another on
    one timeline: recording k starts where recordings 0 … k-1 together end."""

    runs: tuple[RecordingRun, ...]
    run_of: tuple[int | None, ...]  # per entry, as split_recordings gives it
    origins: tuple[float, ...]  # wall time each recording was at 0 (as of its first entry)
    lengths: tuple[float | None, ...]  # each file's length by the log's clock (None: unknown)
    starts: tuple[float | None, ...]  # where each begins on the timeline (None: after an unknown)

    @property
    def end(self) -> float | None:
        """Where the last recording ends on the timeline (None: unknown, or no recording)."""
        if not self.runs or self.starts[-1] is None or self.lengths[-1] is None:
            return None
        return self.starts[-1] + self.lengths[-1]

    def place(self, recording: int, tc: float) -> float | None:
        """Timecode `tc` of `recording` on the timeline (None: that recording has no place)."""
        if not self.runs:
            return tc  # no recording split out of the log: its timecodes are the timeline's
        start = self.starts[recording]
        return None if start is None else start + tc

    def begun_during(self, start_t: float, end_t: float | None) -> int | None:
        """The first recording that began between wall times `start_t` and `end_t` (None: open)."""
        return next(
            (k for k, began in enumerate(self.origins)
             if start_t < began and (end_t is None or began < end_t)),
            None,
        )  # fmt: skip


def lay_end_to_end(entries: Sequence[LogEntry]) -> Timeline:
    """The recordings of the log `entries` (in time order) laid end to end."""
    runs, run_of = split_recordings(entries)
    lengths = tuple(recording_length(run, entries) for run in runs)
    starts: list[float | None] = []
    for k in range(len(runs)):
        before = 0.0 if k == 0 else starts[k - 1]
        length = 0.0 if k == 0 else lengths[k - 1]
        starts.append(None if before is None or length is None else before + length)
    origins = tuple(origin(entries[run.first]) for run in runs)
    return Timeline(tuple(runs), tuple(run_of), origins, lengths, tuple(starts))
