"""Whether SQLite would silently throw away committed shows from ``livedesk.db-wal`` (recovery.py).

After a crash most of a short show's log lives in the -wal. When SQLite opens the log it reads the
-wal's frames in order, each checked by its salts and a running checksum, and keeps them up to the
last commit before the first frame that fails; everything after is ignored, and the next
checkpoint writes over it. A few damaged bytes early in the -wal thus erase every show after them
without an error (``PRAGMA quick_check`` only sees what SQLite kept), and a zero-byte
``livedesk.db`` makes SQLite delete a -wal beside it outright.

``wal_damage(path)`` walks the -wal as SQLite does (its documented format: a 32-byte header, then
frames of a 24-byte header and a page, all big-endian; the checksum over 32-bit words in the byte
order the magic number says) and compares: frames of this -wal (its salts) that hold commits past
the point where SQLite stops are committed shows SQLite would drop. One commit past it is what a
power cut in the middle of the last transaction leaves (SQLite syncs the -wal at each commit, so
nothing can follow it): only two or more are called damage. Frames of an older generation of the
-wal (other salts, left after a checkpoint started it again) are not part of it. Reading only: the
files are never changed here.
"""

from __future__ import annotations

import logging
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

HEADER = 32
FRAME_HEADER = 24
MAGIC = 0x377F0682  # | 1: checksums over big-endian words
VERSION = 3007000
MASK = 0xFFFFFFFF

log = logging.getLogger(__name__)


class NotJudged(Exception):
    """The -wal cannot be judged (unreadable, or too large for the time allowed)."""


@dataclass(frozen=True)
class Walk:
    """A -wal as SQLite reads it: `frames` in the file, `read` (the first one SQLite stops at;
    `frames` when none), `kept` (frames up to the last commit before it: what SQLite keeps);
    `sound_header` (else SQLite reads none); its `salts` and `page_size`."""

    frames: int
    read: int
    kept: int
    sound_header: bool
    salts: tuple[int, int]
    page_size: int


def wal_damage(path: Path, in_time: Callable[[], bool] = lambda: True) -> str | None:
    """What SQLite would throw away of the -wal beside the log at `path`, in a line; None when
    nothing (no -wal, a sound one, a torn last transaction) or when it cannot be judged within
    `in_time` (called now and then: False once the time allowed is over)."""
    wal = Path(f"{path}-wal")
    try:
        with wal.open("rb") as file:
            walked = walk(file, wal.stat().st_size, in_time)
            if walked is None:
                return None
            if walked.kept and path.stat().st_size == 0:
                return (f"the file is empty, and SQLite would delete its journal {wal.name} "
                        f"with the {walked.kept} pages committed in it")  # fmt: skip
            lost = _commits_from(file, walked)
    except NotJudged:
        log.info("the show log's %s is too large to check in the time allowed; not checked",
                 wal.name)  # fmt: skip
        return None
    except OSError as exc:
        log.warning("could not check %s: %s", wal, exc)
        return None
    if lost < 2:
        return None
    where = (
        f"at frame {walked.read + 1} of {walked.frames}" if walked.sound_header else "in its header"
    )
    return (f"its journal {wal.name} is damaged {where}: SQLite would throw away the {lost} "
            "commits from there on")  # fmt: skip


def walk(file: BinaryIO, size: int, in_time: Callable[[], bool] = lambda: True) -> Walk | None:
    """Read the -wal `file` (`size` bytes) as SQLite's recovery does; None when it is no -wal
    SQLite would read at all (too short, not its magic, version or page size): it then holds
    nothing of the log. NotJudged once `in_time()` says the time allowed is over."""
    header = file.read(HEADER)
    if size < HEADER + FRAME_HEADER or len(header) < HEADER:
        return None
    magic, version, page_size, _seq, salt1, salt2, check1, check2 = struct.unpack(">8I", header)
    if magic & ~1 != MAGIC or version != VERSION or not _page_size(page_size):
        return None
    words = f"{'>' if magic & 1 else '<'}{{}}I"
    frames = (size - HEADER) // (FRAME_HEADER + page_size)
    sums = _checksum(struct.unpack(words.format(6), header[:24]), 0, 0)
    sound_header = sums == (check1, check2)
    read, kept = 0, 0
    while sound_header and read < frames:
        if read % 256 == 0 and not in_time():
            raise NotJudged
        frame = file.read(FRAME_HEADER + page_size)
        if len(frame) < FRAME_HEADER + page_size:  # the file shrank meanwhile
            break
        page, commit, frame_salt1, frame_salt2, sum1, sum2 = struct.unpack(">6I", frame[:24])
        if page == 0 or (frame_salt1, frame_salt2) != (salt1, salt2):
            break
        sums = _checksum(struct.unpack(words.format(2), frame[:8]), *sums)
        sums = _checksum(struct.unpack(words.format(page_size // 4), frame[24:]), *sums)
        if sums != (sum1, sum2):
            break
        read += 1
        if commit:
            kept = read
    return Walk(frames, read, kept, sound_header, (salt1, salt2), page_size)


def _page_size(size: int) -> bool:
    return 512 <= size <= 65536 and size & (size - 1) == 0


def _commits_from(file: BinaryIO, walked: Walk) -> int:
    """Commit frames of this -wal (its salts) from where SQLite stops on: headers only."""
    commits = 0
    for index in range(walked.read, walked.frames):
        file.seek(HEADER + index * (FRAME_HEADER + walked.page_size))
        head = file.read(16)
        if len(head) < 16:
            break
        page, commit, salt1, salt2 = struct.unpack(">4I", head)
        commits += int(page != 0 and commit != 0 and (salt1, salt2) == walked.salts)
    return commits


def _checksum(words: tuple[int, ...], first: int, second: int) -> tuple[int, int]:
    """SQLite's -wal checksum (walChecksumBytes) of `words`, running on from (first, second)."""
    pairs = iter(words)
    for word in pairs:
        first = (first + word + second) & MASK
        second = (second + next(pairs) + first) & MASK
    return first, second


def in_time_until(deadline: float) -> Callable[[], bool]:
    return lambda: time.monotonic() < deadline
