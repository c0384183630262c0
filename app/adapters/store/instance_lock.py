"""One console per data directory: an advisory lock on ``livedesk.lock`` beside the show log.

Two consoles on one log would each run their own show (cues, resume state, question queue) into
the same database. The second one is told which process holds the directory instead. The lock is
the operating system's (``flock`` / ``msvcrt.locking``), so it goes with its process however that
ends, SIGKILL included: no stale lock files. A directory where the lock file cannot even be
created (read-only) does not stop the console; the writer reports that problem on its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

LOCK_NAME = "livedesk.lock"


def _try_lock(handle: IO[str]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class InstanceLock:
    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        """True when this process may use the directory (also when no lock can be made there)."""
        try:
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            log.warning("cannot create %s (%s); not checking for a second console", self.path, exc)
            return True
        if not _try_lock(handle):
            handle.close()
            return False
        with contextlib.suppress(OSError):  # a full disk: the lock holds without the pid
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        self._handle = handle
        return True

    def holder(self) -> str:
        """The pid the lock file names ("?" when unknown)."""
        try:
            return self.path.read_text(encoding="utf-8").strip() or "?"
        except OSError:
            return "?"

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()  # closing drops the lock; the file stays (deleting it would race)
