"""The MediaTool port over ffmpeg and ffprobe, run as programs.

Which ffmpeg: $LIVEDESK_FFMPEG (the program; its ffprobe beside it), else an `ffmpeg/` folder
beside the bundle's executable (where a packager may put one), else the system's on PATH.
Progress comes from `-progress pipe:1` (`out_time_us=` lines); every cut is written to a
`.partial` file and renamed when ffmpeg succeeds, so a failed or cancelled cut leaves no
half-written clip. Errors come back in words (`CutFailed`), not as ffmpeg's log.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from app.domain.messages import Message
from app.services.clips import (
    VERTICAL_SIZE,
    ClipsUnavailable,
    Cut,
    CutFailed,
    Fit,
    MediaInfo,
    Progress,
)

log = logging.getLogger(__name__)

ENV = "LIVEDESK_FFMPEG"
# veryfast: half the processor time of fast for a clip no bigger and alike to the eye (clips.py)
ENCODE = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
          "-c:a", "aac", "-b:a", "160k")  # fmt: skip
KEYFRAME_WINDOW_S = 12.0  # OBS's keyframes come every 2 to 10 s: a copy needs one here
_COPY_NUDGE_S = 0.001  # a copy seeks to the keyframe at or before: aim just past it
# what ffmpeg says -> words a person can act on
_KNOWN = (
    ("No such file or directory", "the file is not there"),
    ("Permission denied", "permission denied"),
    ("No space left on device", "the disk is full"),
    ("Invalid data found when processing input",
     "not a video ffmpeg can read (is the recording finished?)"),
    ("moov atom not found", "the recording was not finished (OBS stopped before closing it)"),
    ("Unknown encoder 'libx264'", "this ffmpeg has no libx264 encoder (install a full ffmpeg)"),
)  # fmt: skip


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


def find_ffmpeg() -> tuple[str, str] | None:
    """(ffmpeg, ffprobe) paths, or None when there is none."""
    given = os.environ.get(ENV)
    if given:
        program = Path(given)
        probe = program.with_name(_exe("ffprobe"))
        if program.is_file() and probe.is_file():
            return str(program), str(probe)
        return None
    if getattr(sys, "frozen", False):
        beside = Path(sys.executable).parent / "ffmpeg"
        program, probe = beside / _exe("ffmpeg"), beside / _exe("ffprobe")
        if program.is_file() and probe.is_file():
            return str(program), str(probe)
    program_found, probe_found = shutil.which("ffmpeg"), shutil.which("ffprobe")
    if program_found and probe_found:
        return program_found, probe_found
    return None


def _number(value: object, default: float = 0.0) -> float:
    try:
        return float(str(value))
    except ValueError:
        return default


def _rate(text: object) -> float:
    """'30000/1001' -> 29.97; '0/0' or nonsense -> 0."""
    top, _, bottom = str(text).partition("/")
    low = _number(bottom or 1)
    return _number(top) / low if low else 0.0


def _words(stderr: str) -> str:
    for needle, words in _KNOWN:
        if needle in stderr:
            return words
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "ffmpeg stopped without saying why"


def vertical_filter(fit: Fit) -> str:
    width, height = VERTICAL_SIZE
    if fit is Fit.CROP:
        return (f"scale={width}:{height}:force_original_aspect_ratio=increase,"
                f"crop={width}:{height},setsar=1")  # fmt: skip
    return (f"scale={width}:{height}:force_original_aspect_ratio=decrease:force_divisible_by=2,"
            f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1")  # fmt: skip


def cut_command(ffmpeg: str, cut: Cut, target: str) -> list[str]:
    """The ffmpeg command of one cut (also what the bench runs by hand)."""
    start = cut.start_s + (_COPY_NUDGE_S if cut.copy else 0.0)
    command = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-v", "error",
               "-ss", f"{start:.3f}", "-i", cut.source, "-t", f"{cut.end_s - cut.start_s:.3f}",
               "-map", "0:v:0", "-map", "0:a:0?"]  # fmt: skip
    if cut.copy:
        command += ["-c", "copy", "-avoid_negative_ts", "make_zero"]
    else:
        if cut.vertical is not None:
            command += ["-vf", vertical_filter(cut.vertical)]
        command += list(ENCODE)
    return [*command, "-movflags", "+faststart", "-f", "mp4", target]


class Ffmpeg:
    def __init__(self, programs: tuple[str, str] | None = None) -> None:
        self._programs = programs

    def _found(self) -> tuple[str, str]:
        if self._programs is None:
            self._programs = find_ffmpeg()
        if self._programs is None:
            raise ClipsUnavailable(Message("clips.no_ffmpeg"))
        return self._programs

    def check(self) -> None:
        self._found()

    # ----- probing ---------------------------------------------------------------------------
    def _probe_json(self, args: Sequence[str], path: str) -> dict[str, Any]:
        _ffmpeg, ffprobe = self._found()
        done = subprocess.run(
            [ffprobe, "-v", "error", "-of", "json", *args, path],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise CutFailed(Message("clips.ffmpeg_failed", path=path, reason=_words(done.stderr)))
        try:
            parsed = json.loads(done.stdout or "{}")
        except ValueError:
            parsed = {}
        return parsed if isinstance(parsed, dict) else {}

    def probe(self, path: str, around: Sequence[float] = ()) -> MediaInfo:
        """Length, picture and codecs, and the video's keyframes from KEYFRAME_WINDOW_S before to
        2 s after each time in `around` (ffprobe seeks there and reads the packets, decoding
        nothing: a fraction of a second for an hour-long file), all counted from the file's
        start as OBS's timecodes are."""
        info = self._probe_json(["-show_format", "-show_streams"], path)
        streams = [s for s in info.get("streams", []) if isinstance(s, dict)]
        video = next((s for s in streams if s.get("codec_type") == "video"), None)
        if video is None:
            raise CutFailed(Message("clips.ffmpeg_failed", path=path,
                                    reason="the file has no video"))  # fmt: skip
        audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
        fmt = info.get("format", {})
        origin = _number(fmt.get("start_time"))
        packets: list[dict[str, Any]] = []
        if around:
            intervals = ",".join(
                f"{max(0.0, origin + at - KEYFRAME_WINDOW_S):.3f}%{origin + at + 2:.3f}"
                for at in around
            )
            packets = self._probe_json(
                ["-select_streams", "v:0", "-read_intervals", intervals,
                 "-show_entries", "packet=pts_time,flags"], path,
            ).get("packets", [])  # fmt: skip
        keyframes = tuple(sorted({
            max(0.0, _number(p.get("pts_time"), -1.0) - origin) for p in packets
            if str(p.get("flags", "")).startswith("K") and p.get("pts_time") not in (None, "N/A")
        }))  # fmt: skip
        fps = _rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate")) or 30.0
        # B-frames: the stream says it reorders, or a packet shows before the one stored ahead
        # of it (a jump back of a second or more is the next interval read, not a B-frame)
        times = [_number(p.get("pts_time"), -1.0) for p in packets]
        stepped_back = any(0 < a - b < 1.0 for a, b in itertools.pairwise(times))
        reordered = _number(video.get("has_b_frames")) > 0 or stepped_back
        return MediaInfo(
            duration_s=_number(fmt.get("duration")),
            fps=fps,
            width=int(_number(video.get("width"))),
            height=int(_number(video.get("height"))),
            video_codec=str(video.get("codec_name") or ""),
            audio_codec=None if audio is None else str(audio.get("codec_name") or ""),
            keyframes=keyframes,
            reordered=reordered,
        )

    # ----- cutting ---------------------------------------------------------------------------
    def cut(self, cut: Cut, progress: Progress) -> None:
        ffmpeg, _ffprobe = self._found()
        partial = f"{cut.target}.partial"
        command = cut_command(ffmpeg, cut, partial)
        command[-1:-1] = ["-progress", "pipe:1", "-nostats"]
        self._run(command, cut.source, partial, cut.target, progress)

    def cover(self, source: str, at_s: float, target: str) -> None:
        ffmpeg, _ffprobe = self._found()
        partial = f"{target}.partial"
        command = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-v", "error",
                   "-ss", f"{at_s:.3f}", "-i", source, "-frames:v", "1",
                   "-vf", "scale='min(1280,iw)':-2", "-c:v", "mjpeg", "-q:v", "3",
                   "-f", "image2", "-update", "1", partial]  # fmt: skip
        self._run(command, source, partial, target, lambda _s: None)

    def _run(
        self, command: list[str], source: str, partial: str, target: str, progress: Progress
    ) -> None:
        log.debug("ffmpeg: %s", command)
        with tempfile.TemporaryFile() as errors:
            try:
                process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors,
                )  # fmt: skip
            except OSError as exc:
                raise CutFailed(Message("clips.ffmpeg_failed", path=source,
                                        reason=exc.strerror or str(exc))) from exc  # fmt: skip
            with process:
                try:
                    _follow(process.stdout, progress)
                    code = process.wait()
                except BaseException:
                    process.kill()
                    process.wait()
                    _remove(partial)
                    raise
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace")
        if code != 0 or not Path(partial).is_file():
            _remove(partial)
            words = _words(said)
            where = target if "disk is full" in words or "permission" in words else source
            raise CutFailed(Message("clips.ffmpeg_failed", path=where, reason=words))
        try:
            os.replace(partial, target)
        except OSError as exc:
            _remove(partial)
            raise CutFailed(Message("clips.cannot_write", path=target,
                                    reason=exc.strerror or str(exc))) from exc  # fmt: skip


def _follow(stream: IO[bytes] | None, progress: Progress) -> None:
    """ffmpeg's `-progress` lines: `out_time_us=` is how far the output is, in microseconds."""
    if stream is None:
        return
    for raw in stream:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        if key == "out_time_us" and value.lstrip("-").isdigit():
            progress(max(0, int(value)) / 1_000_000)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)
