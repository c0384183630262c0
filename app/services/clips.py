"""Cut a show's recording into clips (`livedesk clips`, the review window's “Clips” action).

The planner (app/domain/clips.py) says which stretch of which recording each clip is; this use
case checks the recordings are there, decides per clip how to cut it, runs the cuts through a
MediaTool port (ffmpeg) and writes `clips.json`.

How a clip is cut: a stream copy is exact only when the clip starts on a keyframe (a copy can only
begin at one: anything else would start on the keyframe before, seconds early, or on a frozen
picture) and the video has no B-frames. With B-frames the frames are stored out of display order
and a copy ends on the stored order, not the shown one: it overshoots its end by a few frames, the
last ones out of order, and its video starts a few frames after its audio. So a clip whose start
is within half a frame of a keyframe of a video without B-frames is copied (fast, lossless); every
other clip is re-encoded (libx264, veryfast preset, CRF 20), which lands on the exact frame at
both ends. `cut` and `why` in clips.json say which and why.

The cost, measured with ffmpeg 5.1 on a two-core machine: a 60 s 1080p30 clip (a noisy test
picture at 6 Mbit/s) copies in 0.15 s; re-encoding takes about 1 s of processor time per second
of video. The fast preset took twice that (10 s of noisy 1080p30: 11.4 against 22.9 s; 20 s of
a test pattern: 18.2 against 28.3 s) for files a tenth larger, not smaller, and an SSIM to the
source of 0.9979 against 0.9972 for veryfast: a difference nobody sees on a phone. OBS's
recordings have B-frames (its default x264 preset and NVENC settings do) and a keyframe every
few seconds, so nearly every clip is re-encoded. Copying up to the last
keyframe before the end and re-encoding only the rest would cost one keyframe interval per clip,
but it joins two encodings' parameter sets in one mp4 track, which players do not all decode:
exactness first. Vertical versions are always encoded (scaled and padded or cropped to 1080x1920).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from app.domain.clips import MIN_CLIP_S, ClipBy, ClipPlan, clip_stem, plan_clips
from app.domain.log_events import LogEntry
from app.domain.messages import Message
from app.services.errors import LiveDeskError

log = logging.getLogger(__name__)

VERTICAL_SIZE = (1080, 1920)
COPY_CODECS = frozenset({"h264", "hevc"})  # what an .mp4 takes as it is
COPY_AUDIO = frozenset({"aac", "mp3"})


class Fit(StrEnum):
    PAD = "pad"  # the whole picture, bars above and below
    CROP = "crop"  # the middle of the picture, filling the frame


class ClipsUnavailable(LiveDeskError):
    """No clips can be cut at all: no recording, or no ffmpeg (the CLI exits 2)."""

    status = 409


class CutFailed(LiveDeskError):
    status = 500


@dataclass(frozen=True)
class MediaInfo:
    duration_s: float
    fps: float
    width: int
    height: int
    video_codec: str
    audio_codec: str | None
    keyframes: tuple[float, ...]  # presentation times near the times asked about, ascending
    reordered: bool = False  # B-frames: frames stored out of display order (no exact copy)


@dataclass(frozen=True)
class Cut:
    source: str
    start_s: float
    end_s: float
    target: str
    copy: bool = False
    vertical: Fit | None = None


Progress = Callable[[float], None]  # seconds of the current cut done


class MediaTool(Protocol):
    """ffmpeg: blocking calls, run off the event loop. Each raises ClipsUnavailable when the tool
    is missing and CutFailed (in words) when a file cannot be read or written."""

    def check(self) -> None:
        """Raise ClipsUnavailable when the tool is not installed."""
        ...

    def probe(self, path: str, around: Sequence[float] = ()) -> MediaInfo:
        """The file's length, picture and codecs, and its keyframes in the seconds before and
        just after each time in `around` (reading those stretches only, not the whole file)."""
        ...

    def cut(self, cut: Cut, progress: Progress) -> None: ...

    def cover(self, source: str, at_s: float, target: str) -> None:
        """One frame at `at_s` as a JPEG."""
        ...


class ClipLog(Protocol):
    def clip_log(self, session_id: int) -> tuple[str, list[LogEntry]]:
        """The show's title and its log entries in time order, the recording's stop entries
        logged just after the show's end included."""
        ...


@dataclass(frozen=True)
class ClipOptions:
    by: ClipBy = ClipBy.PRODUCT
    vertical: bool = False
    fit: Fit = Fit.PAD
    recordings: tuple[str, ...] = ()  # files standing in for the logged ones, in order


@dataclass(frozen=True)
class MadeClip:
    file: str
    title: str
    start_s: float
    end_s: float
    sku: str | None
    recording: str
    cover: str
    copied: bool
    why: str
    vertical: str | None = None

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def as_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "file": self.file,
            "title": self.title,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
        }
        if self.sku is not None:
            item["sku"] = self.sku
        item["duration_s"] = round(self.duration_s, 3)
        item["recording"] = self.recording
        item["cover"] = self.cover
        item["cut"] = "copy" if self.copied else "encode"
        item["why"] = self.why
        if self.vertical is not None:
            item["vertical"] = self.vertical
        return item


@dataclass(frozen=True)
class ClipsMade:
    folder: str
    clips: tuple[MadeClip, ...]
    notes: tuple[Message, ...] = field(default=())


@dataclass(frozen=True)
class ClipsProgress:
    done: int  # clips finished
    total: int
    fraction: float  # of all the work, 0..1
    title: str  # the clip being cut


@dataclass(frozen=True)
class _Job:
    number: int
    title: str
    sku: str | None
    source: str
    start_s: float
    end_s: float
    copy: bool
    why: str
    stem: str


class ClipMaker:
    def __init__(self, clip_log: ClipLog, tool: MediaTool) -> None:
        self._log, self._tool = clip_log, tool

    def plan(self, session_id: int, options: ClipOptions) -> tuple[str, ClipPlan]:
        title, entries = self._log.clip_log(session_id)
        return title, plan_clips(entries, options.by)

    def make(
        self,
        session_id: int,
        folder: str,
        options: ClipOptions,
        progress: Callable[[ClipsProgress], None] = lambda _p: None,
    ) -> ClipsMade:
        """Cut every clip of the show into `folder` (made if missing), with covers, vertical
        versions when asked, and clips.json. Blocking: the window runs it off the loop."""
        self._tool.check()
        _title, plan = self.plan(session_id, options)
        notes: list[Message] = [Message("clips.not_recorded", title=t) for t in plan.unrecorded]
        notes += [_too_short(c.title, (c.end_s or c.start_s) - c.start_s) for c in plan.too_short]
        if not plan.recordings and options.recordings:
            # a file given by hand stands in for a recording the log saw; with no recording
            # timecode logged there is no telling where in the file any clip is
            given = ", ".join(options.recordings)
            raise ClipsUnavailable(Message("clips.no_recording_times", path=given))
        if not plan.recordings:
            raise ClipsUnavailable(Message("clips.no_recording"))
        sources = _sources(plan, options.recordings)
        starts: dict[str, list[float]] = {}
        for clip in plan.clips:
            starts.setdefault(sources[clip.recording], []).append(clip.start_s)
        infos = {path: self._tool.probe(path, sorted(at)) for path, at in starts.items()}
        jobs: list[_Job] = []
        count = len(plan.clips)
        for number, clip in enumerate(plan.clips, 1):
            source = sources[clip.recording]
            info = infos[source]
            end = info.duration_s if clip.end_s is None else min(clip.end_s, info.duration_s)
            if clip.start_s >= info.duration_s - 0.05 or end - clip.start_s <= 0.05:
                notes.append(Message("clips.past_the_end", title=clip.title))
                continue
            if end - clip.start_s < MIN_CLIP_S:  # the recording stopped soon after it began
                notes.append(_too_short(clip.title, end - clip.start_s))
                continue
            start, copy, why = _how_to_cut(info, clip.start_s)
            stem = clip_stem(number, count, clip.title)
            jobs.append(_Job(number, clip.title, clip.sku, source, start, end, copy, why, stem))
        out = Path(folder)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CutFailed(Message("clips.cannot_write", path=folder,
                                    reason=exc.strerror or str(exc))) from exc  # fmt: skip
        made = self._cut_all(jobs, out, options, progress)
        _write_index(out, made)
        return ClipsMade(str(out), tuple(made), tuple(notes))

    def _cut_all(
        self,
        jobs: Sequence[_Job],
        out: Path,
        options: ClipOptions,
        progress: Callable[[ClipsProgress], None],
    ) -> list[MadeClip]:
        passes = 2 if options.vertical else 1
        total_s = sum(job.end_s - job.start_s for job in jobs) * passes or 1.0
        done_s = 0.0
        made: list[MadeClip] = []

        def step(base: float, length: float, number: int, title: str) -> Progress:
            def report(seconds: float) -> None:
                fraction = min(1.0, (base + min(max(seconds, 0.0), length)) / total_s)
                progress(ClipsProgress(number, len(jobs), fraction, title))

            return report

        for index, job in enumerate(jobs):
            length = job.end_s - job.start_s
            report = step(done_s, length, index, job.title)
            report(0.0)
            file = f"{job.stem}.mp4"
            self._tool.cut(Cut(job.source, job.start_s, job.end_s, str(out / file), job.copy),
                           report)  # fmt: skip
            vertical = None
            if options.vertical:
                vertical = f"{job.stem}-vertical.mp4"
                target = str(out / vertical)
                cut = Cut(job.source, job.start_s, job.end_s, target, vertical=options.fit)
                self._tool.cut(cut, step(done_s + length, length, index, job.title))
            cover = f"{job.stem}.jpg"
            self._tool.cover(job.source, job.start_s + min(length / 2, 3.0), str(out / cover))
            done_s += length * passes
            made.append(MadeClip(file, job.title, job.start_s, job.end_s, job.sku, job.source,
                                 cover, job.copy, job.why, vertical))  # fmt: skip
        progress(ClipsProgress(len(jobs), len(jobs), 1.0, ""))
        return made

    async def make_async(
        self,
        session_id: int,
        folder: str,
        options: ClipOptions,
        progress: Callable[[ClipsProgress], None],
    ) -> ClipsMade:
        """`make` off the event loop, its progress handed back onto the loop's thread."""
        loop = asyncio.get_running_loop()

        def on_loop(step: ClipsProgress) -> None:
            loop.call_soon_threadsafe(progress, step)

        return await loop.run_in_executor(
            None, partial(self.make, session_id, folder, options, on_loop)
        )


def _sources(plan: ClipPlan, given: Sequence[str]) -> dict[int, str]:
    """Each recording's file: the given files in order stand in for the logged ones."""
    sources: dict[int, str] = {}
    used = {clip.recording for clip in plan.clips}
    for recording in plan.recordings:
        path = given[recording.index] if recording.index < len(given) else recording.path
        if recording.index not in used:
            continue
        if not path:
            raise ClipsUnavailable(Message("clips.no_recording_file", n=recording.index + 1))
        if not Path(path).is_file():
            raise ClipsUnavailable(Message("clips.recording_missing", path=path))
        sources[recording.index] = path
    return sources


def _too_short(title: str, seconds: float) -> Message:
    return Message("clips.too_short", title=title, seconds=f"{max(0.0, seconds):.1f}",
                   min=f"{MIN_CLIP_S:g}")  # fmt: skip


def _how_to_cut(info: MediaInfo, start_s: float) -> tuple[float, bool, str]:
    """(start, copy?, why): copied when the clip's first frame is a keyframe (a keyframe within
    half a frame before the start, or less than a frame after it: the frame an exact cut starts
    on, where the video's frames do not fall on round times) and the video has no B-frames (a
    copy of frames stored out of order cannot end on its last frame)."""
    if info.video_codec not in COPY_CODECS or (info.audio_codec or "aac") not in COPY_AUDIO:
        return start_s, False, f"{info.video_codec} is re-encoded for mp4"
    if info.reordered:
        return start_s, False, "B-frames (a copy would overrun its end): re-encoded"
    frame = 1.0 / (info.fps or 30.0)
    first = next((k for k in info.keyframes if k >= start_s - frame / 2), None)
    if first is not None and first < start_s + frame:
        return max(0.0, first), True, "starts on a keyframe: copied"
    before = max((k for k in info.keyframes if k <= start_s), default=None)
    if before is None:
        return start_s, False, "no keyframe near the start: re-encoded"
    return start_s, False, f"the keyframe before is {start_s - before:.2f} s early: re-encoded"


def _write_index(out: Path, made: Sequence[MadeClip]) -> None:
    text = json.dumps([clip.as_json() for clip in made], ensure_ascii=False, indent=2) + "\n"
    target = out / "clips.json"
    try:
        partial_file = target.with_suffix(".json.partial")
        partial_file.write_text(text, encoding="utf-8")
        partial_file.replace(target)
    except OSError as exc:
        raise CutFailed(Message("clips.cannot_write", path=str(target),
                                reason=exc.strerror or str(exc))) from exc  # fmt: skip
    log.info("wrote %d clips to %s", len(made), out)
