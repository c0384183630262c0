"""A damaged show log at start: find it before the writer touches it, and set it aside.

``check(path)`` first reads the ``-wal`` beside the log as SQLite would (wal_check.py): a damaged
frame there makes SQLite drop every commit after it without a word (and a zero-byte log makes it
delete the -wal), so committed shows past it count as damage. Then it opens the database read-only
and asks SQLite whether it is sound: the header and the schema always, then ``PRAGMA quick_check``.
All within a time budget (a very large log that takes longer is let through; damage deeper in it
then shows as a writer problem during the show).
``move_aside(path)`` renames ``livedesk.db`` and its ``-wal``/``-shm`` to
``livedesk.db.broken-YYYYmmdd-HHMMSS`` (+ ``-wal``/``-shm``, so SQLite still opens the copy with its
journal, for anyone salvaging it); the console then starts a fresh log.

Only a damaged file is set aside: a file from a newer LiveDesk, a locked or unreadable one is
reported as it is and never moved.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

from app.adapters.store.wal_check import in_time_until, wal_damage

log = logging.getLogger(__name__)

CHECK_BUDGET_S = 2.0
DAMAGED_NAMES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
SIDE_FILES = ("-wal", "-shm")
MOVE_ENV = "LIVEDESK_MOVE_BROKEN_DB"  # "1": set a damaged log aside without asking (headless)


def is_damaged(exc: BaseException | None) -> bool:
    """Whether `exc` (or what caused it) is SQLite saying the file is damaged or not a database."""
    while exc is not None:
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        if name.startswith(DAMAGED_NAMES):
            return True
        text = str(exc).lower()
        if isinstance(exc, sqlite3.DatabaseError) and (
            "malformed" in text or "not a database" in text
        ):
            return True
        exc = exc.__cause__
    return False


def check(path: Path, budget_s: float = CHECK_BUDGET_S) -> str | None:
    """None when the log at `path` is sound (or missing, or cannot be judged); else what SQLite
    found wrong, in a line. A missing log beside a -wal that holds pages is damage: SQLite would
    start a new log and delete that journal (a sync tool or a cleaning by hand that left it)."""
    if not path.is_file():
        wal = Path(f"{path}-wal")
        if wal.is_file() and wal.stat().st_size > 0 and not path.exists():
            return (f"the file is missing, and SQLite would delete its journal {wal.name}, which "
                    "holds the log")  # fmt: skip
        return None
    deadline = time.monotonic() + budget_s
    journal = wal_damage(path, in_time_until(deadline))
    if journal is not None:
        return journal
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc) if is_damaged(exc) else None
    timed_out = False

    def over_budget() -> int:
        nonlocal timed_out
        timed_out = time.monotonic() > deadline
        return int(timed_out)

    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.set_progress_handler(over_budget, 10_000)
        rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check(20)")]
    except sqlite3.Error as exc:
        if timed_out:
            log.info("the show log is too large to check within %.1f s; not checked", budget_s)
            return None
        if is_damaged(exc):
            return str(exc)
        log.warning("could not check the show log %s: %s", path, exc)  # locked, unreadable, …
        return None
    finally:
        conn.close()
    if rows == ["ok"]:
        return None
    return "; ".join(line for row in rows[:3] for line in row.splitlines()[:2])


def backup_name(path: Path, now: float | None = None) -> Path:
    """``livedesk.db.broken-YYYYmmdd-HHMMSS`` beside `path`, numbered if that one exists."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    candidate = path.with_name(f"{path.name}.broken-{stamp}")
    number = 2
    while any(Path(f"{candidate}{side}").exists() for side in ("", *SIDE_FILES)):
        candidate = path.with_name(f"{path.name}.broken-{stamp}-{number}")
        number += 1
    return candidate


def move_aside(path: Path, now: float | None = None) -> Path:
    """Rename the log and its -wal/-shm to the backup name; returns the new name of the log.
    Raises OSError when the main file cannot be moved (nothing is half-moved then)."""
    target = backup_name(path, now)
    if path.exists() or not Path(f"{path}-wal").exists():  # a missing log: its -wal alone
        os.replace(path, target)
    for side in SIDE_FILES:
        source = Path(f"{path}{side}")
        if source.exists():
            os.replace(source, Path(f"{target}{side}"))
    log.warning("the damaged show log %s was set aside as %s", path, target)
    return target


def refusal(path: Path, problem: str) -> str:
    """What the console prints when it will not start on a damaged log (headless, not asked)."""
    return (
        f"the show log {path} is damaged ({problem}). LiveDesk can set it aside as "
        f"{path.name}.broken-<date>-<time> and start a fresh one: start it again with "
        f"--move-broken-db (or {MOVE_ENV}=1). The products and coupons saved in it stay in the "
        "set-aside copy."
    )
