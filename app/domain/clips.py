"""Short clips of a recorded show (直播切片): which stretch of which recording file each clip is.

A show's log says, to the second, when every product card appeared and went away, when each
run-sheet segment ran and where the markers fell, each entry stamped with the recording's
timecode (`record_tc`, seconds into the file OBS was writing). The planner turns those entries
into clips: the recording file a clip comes from and where in it the clip starts and ends.

A show may hold several recordings (record stopped and started): a new recording begins with an
`obs.record` entry that says it is active (its timecode restarts at 0), or where the timecodes
jump back; each ends with the `obs.record` entry that says it stopped, whose `path` is the file
OBS wrote (OBS names the file only once it is finished); app/domain/recordings.py splits the log
so. A span that runs over a recording's stop is cut into one piece per recording; a span no
recording covers is listed as not recorded, and one shorter than MIN_CLIP_S as too short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from app.domain import log_events as kinds
from app.domain.log_events import LogEntry
from app.domain.recordings import RecordingRun, split_recordings

MERGE_GAP_S = 5.0  # the same product back on screen within this: one clip
MIN_CLIP_S = 1.0  # a card shown for less was a slip of the hand: no clip
MARKER_BEFORE_S = 30.0  # a marker is set after the moment it marks: more before than after
MARKER_AFTER_S = 30.0
_MAX_TITLE = 60  # characters of the title kept in a file name


class ClipBy(StrEnum):
    PRODUCT = "product"
    SEGMENT = "segment"
    MARKER = "marker"


@dataclass(frozen=True)
class Recording:
    """One recording of the show: the file OBS wrote (None when the log never learnt it)."""

    index: int
    path: str | None
    first_t: float  # wall time of its first logged entry


@dataclass(frozen=True)
class Clip:
    """A stretch of one recording: `start_s` to `end_s` seconds into the file (`end_s` None: to
    the file's end, the recording stopped before the span did)."""

    title: str
    recording: int
    start_s: float
    end_s: float | None
    sku: str | None = None
    t: float = 0.0  # wall time the span began


@dataclass(frozen=True)
class ClipPlan:
    clips: tuple[Clip, ...]
    recordings: tuple[Recording, ...]
    unrecorded: tuple[str, ...]  # titles of spans no recording covered
    too_short: tuple[Clip, ...] = ()  # spans shorter than the shortest clip: no clip, a note


@dataclass(frozen=True)
class _Span:
    title: str
    sku: str | None
    start: int  # index of the entry that opened it
    end: int | None  # index of the entry that closed it; None: open at the end of the log


def plan_clips(
    entries: Sequence[LogEntry],
    by: ClipBy = ClipBy.PRODUCT,
    *,
    merge_gap_s: float = MERGE_GAP_S,
    min_clip_s: float = MIN_CLIP_S,
    before_s: float = MARKER_BEFORE_S,
    after_s: float = MARKER_AFTER_S,
) -> ClipPlan:
    """The clips of a show from its log `entries` (in time order), one per product card shown,
    per segment run or around each marker, in recording order."""
    runs, run_of = split_recordings(entries)
    recordings = tuple(Recording(r.index, r.path, entries[r.first].t) for r in runs)
    unrecorded: list[str] = []
    clips: list[Clip] = []
    if by is ClipBy.MARKER:
        for entry, run in zip(entries, run_of, strict=True):
            if entry.kind != kinds.MARKER:
                continue
            title = _text(entry.data.get("note")) or "Marker"
            if run is None or entry.record_tc is None:
                unrecorded.append(title)
                continue
            start = max(0.0, entry.record_tc - before_s)
            clips.append(Clip(title, run, start, entry.record_tc + after_s, None, entry.t))
    else:
        spans = _product_spans(entries) if by is ClipBy.PRODUCT else _segment_spans(entries)
        for span in spans:
            pieces = _pieces(span, entries, runs, run_of)
            if not pieces:
                unrecorded.append(span.title)
            clips.extend(pieces)
        if by is ClipBy.PRODUCT:
            clips = _merged(clips, merge_gap_s)
    kept = [c for c in clips if c.end_s is None or c.end_s - c.start_s >= min_clip_s]
    short = [c for c in clips if c.end_s is not None and c.end_s - c.start_s < min_clip_s]
    kept.sort(key=lambda c: (c.recording, c.start_s, c.t))
    return ClipPlan(tuple(kept), recordings, tuple(unrecorded), tuple(short))


# ----- spans ------------------------------------------------------------------------------------
def _product_spans(entries: Sequence[LogEntry]) -> list[_Span]:
    """A card is on from its show entry to its hide, the next card's show or the show's end."""
    spans: list[_Span] = []
    open_span: _Span | None = None
    for i, entry in enumerate(entries):
        ends = entry.kind in (kinds.PRODUCT_SHOW, kinds.PRODUCT_HIDE, kinds.SESSION_END)
        if ends and open_span is not None:
            spans.append(replace(open_span, end=i))
            open_span = None
        if entry.kind == kinds.PRODUCT_SHOW:
            sku = _text(entry.data.get("sku"))
            title = _text(entry.data.get("name")) or sku or "Product"
            open_span = _Span(title, sku, i, None)
    if open_span is not None:
        spans.append(open_span)
    return spans


def _segment_spans(entries: Sequence[LogEntry]) -> list[_Span]:
    """A segment runs from its start to its end, the next segment's start or the show's end."""
    spans: list[_Span] = []
    open_span: _Span | None = None
    open_index: object = None
    for i, entry in enumerate(entries):
        kind = entry.kind
        closes = kind in (kinds.SEGMENT_START, kinds.SESSION_END) or (
            kind == kinds.SEGMENT_END and entry.data.get("index") in (None, open_index)
        )
        if closes and open_span is not None:
            spans.append(replace(open_span, end=i))
            open_span = None
        if kind == kinds.SEGMENT_START:
            open_index = entry.data.get("index")
            number = open_index + 1 if isinstance(open_index, int) else len(spans) + 1
            title = _text(entry.data.get("title")) or f"Segment {number}"
            open_span = _Span(title, _text(entry.data.get("product")), i, None)
    if open_span is not None:
        spans.append(open_span)
    return spans


def _pieces(
    span: _Span,
    entries: Sequence[LogEntry],
    runs: Sequence[RecordingRun],
    run_of: Sequence[int | None],
) -> list[Clip]:
    """The span in each recording it overlaps: from the span's own timecode where its entry was
    stamped in that recording, else from where the recording began; to the closing entry's
    timecode, else to the recording's end."""
    last = len(entries) - 1 if span.end is None else span.end
    touched = sorted({r for r in run_of[span.start : last + 1] if r is not None})
    start_entry = entries[span.start]
    pieces = []
    for index in touched:
        run = runs[index]
        if run_of[span.start] == index and start_entry.record_tc is not None:
            start_s = start_entry.record_tc
        else:  # the recording began during the span: from its start (at wall pace)
            first = entries[run.first]
            start_s = max(0.0, (first.record_tc or 0.0) - (first.t - start_entry.t))
        end_s: float | None = None
        if span.end is not None and run_of[span.end] == index:
            end_s = entries[span.end].record_tc
        pieces.append(Clip(span.title, index, start_s, end_s, span.sku, start_entry.t))
    return pieces


def _merged(clips: Iterable[Clip], gap_s: float) -> list[Clip]:
    """A product back on screen within `gap_s` of leaving it extends its clip."""
    merged: list[Clip] = []
    latest: dict[tuple[str | None, int], int] = {}  # (sku, recording) -> index in merged
    for clip in sorted(clips, key=lambda c: (c.recording, c.start_s, c.t)):
        key = (clip.sku, clip.recording)
        at = latest.get(key)
        if at is not None and clip.sku is not None:
            before = merged[at]
            if before.end_s is not None and clip.start_s - before.end_s <= gap_s:
                end = None if clip.end_s is None else max(before.end_s, clip.end_s)
                merged[at] = replace(before, end_s=end)
                continue
        latest[key] = len(merged)
        merged.append(clip)
    return merged


# ----- names ------------------------------------------------------------------------------------
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_title(title: str) -> str:
    """A title fit for a file name on every system: characters no file system takes become
    spaces, Chinese and the rest kept, at most 60 characters, no leading or trailing dots."""
    text = " ".join(_UNSAFE.sub(" ", title).split())
    text = text[:_MAX_TITLE].strip().strip(".").strip()
    return text or "clip"


def clip_stem(number: int, count: int, title: str) -> str:
    """`01-title` (three digits from the 100th clip on): files sort in show order."""
    width = max(2, len(str(count)))
    return f"{number:0{width}d}-{safe_title(title)}"


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
