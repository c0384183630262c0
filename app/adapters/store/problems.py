"""Why the show log cannot be written, in words a user can act on (like obs/problems.py for OBS).

SQLite reports a full disk, a read-only file or filesystem, another program's lock, a failing disk
and a damaged file with its own codes (``sqlite_errorname``); an OSError carries an errno.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreProblem:
    kind: str  # disk_full | read_only | locked | io_error | damaged | other
    message: str
    hint: str
    path: str = ""  # the show log's file

    def as_api(self) -> dict[str, str]:
        return asdict(self)


KEPT = "LiveDesk keeps the entries in memory meanwhile and writes them as soon as it can."
# what to do, in the running console's words and at start (schema.py)
FREE_SPACE = "Free some space on that disk"
CLOSE_HOLDER = "Close the program using it (a database browser, a backup tool, a second LiveDesk)"

# Errors worth trying again: the database or the disk may come back. Anything else (a bug: bad SQL,
# a wrong parameter) would fail the same way every time.
TRANSIENT = (sqlite3.OperationalError, sqlite3.DatabaseError, OSError)
NOT_TRANSIENT = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TRANSIENT) and not isinstance(exc, NOT_TRANSIENT)


def classify(exc: BaseException) -> str:
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    code = exc.errno if isinstance(exc, OSError) else None
    if name == "SQLITE_FULL" or "disk is full" in text or code in (errno.ENOSPC, errno.EDQUOT):
        return "disk_full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or code in (
        errno.EROFS, errno.EACCES, errno.EPERM,
    ):  # fmt: skip
        return "read_only"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "locked"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return "damaged"
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "i/o error" in text or code in (
        errno.EIO, errno.ENODEV, errno.ENXIO,
    ):  # fmt: skip
        return "io_error"
    return "other"


def store_problem(exc: BaseException, path: Path) -> StoreProblem:
    """What went wrong writing the show log at `path`, and what to do about it."""
    problem = _problem(exc, path)
    return StoreProblem(problem.kind, problem.message, problem.hint, str(path))


def _problem(exc: BaseException, path: Path) -> StoreProblem:
    folder = path.parent
    kind = classify(exc)
    if kind == "disk_full":
        return StoreProblem(kind, f"The disk holding {folder} is full: the show log is not being "
                            "written.", f"{FREE_SPACE}. {KEPT}")  # fmt: skip
    if kind == "read_only":
        return StoreProblem(kind, f"The show log {path} cannot be written: the file or its disk "
                            "has become read-only.",
                            f"Check that disk (and the file's permissions). {KEPT}")  # fmt: skip
    if kind == "locked":
        return StoreProblem(kind, f"Another program is holding the show log {path} locked.",
                            f"{CLOSE_HOLDER}. {KEPT}")  # fmt: skip
    if kind == "damaged":
        return StoreProblem(kind, f"The show log {path} is damaged.",
                            "Finish the show; LiveDesk offers to set the damaged file aside at "
                            f"its next start. {KEPT}")  # fmt: skip
    if kind == "io_error":
        return StoreProblem(kind, f"The disk holding {folder} reported an error (removed, "
                            "failing or gone read-only).", f"Check that disk. {KEPT}")  # fmt: skip
    return StoreProblem(kind, f"The show log {path} cannot be written: {exc}", KEPT)
