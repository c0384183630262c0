"""Rows the database refuses, each alone: never the good rows around them.

The writer inserts many rows at once. When that fails for a reason that lies in a row itself (a
constraint it breaks, a value SQLite cannot bind, a number JSON cannot write), trying again cannot
help, but the other rows are fine: they are inserted one by one, each in its own savepoint, and
the refused ones are set aside — kept in memory (the latest ``MAX_SET_ASIDE``) with their error,
and counted. A row refused only for a lone surrogate (which UTF-8, and so SQLite, cannot encode)
is written again with U+FFFD in its place: text is never a reason to lose a row.

An error about the database itself (disk full, read-only, locked) is not a row's fault and goes up
to the writer, which keeps everything for the next try.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import logging
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from app.domain.text import without_surrogates

log = logging.getLogger("app.adapters.store.writer")  # the writer's voice

MAX_SET_ASIDE = 100  # refused rows kept in memory, the latest
ROWS_PER_STATEMENT = 512  # × at most 17 columns: well under SQLite's 32,766 variables

# Errors that lie in the row, not in the database: the same row fails the same way every time.
# DataError ("string or blob too big") is one, although sqlite3 makes it a DatabaseError.
ROW_ERRORS: tuple[type[BaseException], ...] = (
    sqlite3.IntegrityError,
    sqlite3.InterfaceError,
    sqlite3.ProgrammingError,
    sqlite3.DataError,
    UnicodeError,
    ValueError,  # a number that is not finite in an event's data (JSON cannot hold it)
    TypeError,
    OverflowError,  # an integer beyond SQLite's 64 bits
)


def is_row_error(exc: BaseException) -> bool:
    return isinstance(exc, ROW_ERRORS)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class Refusal:
    """One row the database would not take, or an entry whose data could not be written."""

    what: str  # the table, or "event <kind>"
    row: object
    error: str
    at: float = field(default_factory=time.time)

    def as_api(self) -> dict[str, Any]:
        return {"what": self.what, "error": self.error, "at": self.at, "row": repr(self.row)[:500]}


@dataclass
class Outcome:
    """What one transaction refused and repaired; applied to the writer's counts only once the
    transaction is committed (a rolled-back one is tried again whole)."""

    refused: list[Refusal] = field(default_factory=list)
    repaired: int = 0

    def refuse(self, what: str, row: object, exc: BaseException) -> None:
        self.refused.append(Refusal(what, row, describe(exc)))

    @property
    def count(self) -> int:
        return len(self.refused)


class SetAside:
    """The writer's record of refused rows: how many, the latest ones, and the last reason."""

    def __init__(self, keep: int = MAX_SET_ASIDE) -> None:
        self.count = 0
        self.repaired = 0
        self.latest: collections.deque[Refusal] = collections.deque(maxlen=keep)

    @property
    def last_reason(self) -> str | None:
        return self.latest[-1].error if self.latest else None

    def add(self, outcome: Outcome) -> None:
        """Count what a committed transaction refused and repaired, and say so in the log."""
        self.count += outcome.count
        self.repaired += outcome.repaired
        self.latest.extend(outcome.refused[-(self.latest.maxlen or 0) :])
        if outcome.repaired:
            log.warning("the session log wrote %d rows with U+FFFD in place of a lone surrogate",
                        outcome.repaired)  # fmt: skip
        if outcome.refused:
            log.error("the session log set aside %d %s it cannot store (%s); the rest is written",
                      outcome.count, "row" if outcome.count == 1 else "rows",
                      outcome.refused[-1].error)  # fmt: skip


def insert_rows(
    db: sqlite_utils.Database,
    sql: str,
    rows: list[tuple[Any, ...]],
    outcome: Outcome,
    what: str,
) -> None:
    """Insert `rows` with `sql`, all at once when they all can be taken, else one by one (each
    in a savepoint), setting aside in `outcome` those refused. Errors that are not a row's fault
    propagate (the enclosing transaction fails)."""
    if not rows:
        return
    try:
        with _savepoint(db):
            insert_all(db.conn, sql, rows)
        return
    except Exception as exc:
        if not is_row_error(exc):
            raise
    for row in rows:
        insert_row(db, sql, row, outcome, what)


def insert_all(conn: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """`rows` with `sql` in statements of up to ROWS_PER_STATEMENT rows each (``VALUES (...),
    (...), ...``, an ON CONFLICT clause after it applying to each row in turn) rather than
    ``executemany``: sqlite3 lets go of the GIL around every statement it steps, and getting it
    back beside a busy event loop takes up to a switch interval, so a statement per row made the
    writer fall behind a flood (about 600 µs a row where 5 would do). A statement without one
    ``VALUES`` group of placeholders goes through executemany."""
    width = len(rows[0])
    parts = _values_parts(sql, width)
    if parts is None or len(rows) == 1:
        conn.executemany(sql, rows)
        return
    start = 0
    while start < len(rows):
        n = _statement_rows(len(rows) - start)
        chunk = rows[start : start + n]
        conn.execute(_multi_row(parts, width, n), list(itertools.chain.from_iterable(chunk)))
        start += n


_VALUES = re.compile(r"\bVALUES\s*\((?:\s*\?\s*,)*\s*\?\s*\)", re.IGNORECASE)


def _statement_rows(left: int) -> int:
    """A whole statement of ROWS_PER_STATEMENT, else the largest power of two that fits: a few
    distinct statements (cached by sqlite3) for any number of rows."""
    if left >= ROWS_PER_STATEMENT:
        return ROWS_PER_STATEMENT
    return 1 << (left.bit_length() - 1)


@functools.lru_cache(maxsize=32)
def _values_parts(sql: str, width: int) -> tuple[str, str] | None:
    """`sql` before and after its one ``VALUES (?, ...)`` group of `width` placeholders."""
    found = list(_VALUES.finditer(sql))
    if len(found) != 1 or found[0].group().count("?") != width:
        return None
    return sql[: found[0].start()], sql[found[0].end() :]


@functools.lru_cache(maxsize=128)
def _multi_row(parts: tuple[str, str], width: int, n: int) -> str:
    group = "(" + ",".join("?" * width) + ")"
    return f"{parts[0]}VALUES {','.join([group] * n)}{parts[1]}"


def insert_row(
    db: sqlite_utils.Database, sql: str, row: tuple[Any, ...], outcome: Outcome, what: str
) -> bool:
    """One row in its own savepoint; False (and set aside) when the database refuses it."""
    try:
        with _savepoint(db):
            db.conn.execute(sql, row)
        return True
    except Exception as exc:
        if not is_row_error(exc):
            raise
        error: BaseException = exc
    if isinstance(error, UnicodeEncodeError):  # a lone surrogate: written with U+FFFD
        fixed = tuple(without_surrogates(v) if isinstance(v, str) else v for v in row)
        try:
            with _savepoint(db):
                db.conn.execute(sql, fixed)
            outcome.repaired += 1
            return True
        except Exception as again:
            if not is_row_error(again):
                raise
            error = again
    outcome.refuse(what, row, error)
    return False


@contextlib.contextmanager
def _savepoint(db: sqlite_utils.Database) -> Iterator[None]:
    """``db.atomic()`` within the writer's transaction, with one fixed savepoint name (each
    savepoint is released before the next is taken): no random name drawn for each of the
    hundreds a second a flood takes."""
    conn = db.conn
    if not conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute("SAVEPOINT livedesk_rows")
    try:
        yield
    except BaseException:
        # an error can end the whole transaction, savepoints included (as db.atomic does)
        if conn.in_transaction:
            conn.execute("ROLLBACK TO SAVEPOINT livedesk_rows")
            conn.execute("RELEASE SAVEPOINT livedesk_rows")
        raise
    conn.execute("RELEASE SAVEPOINT livedesk_rows")


def table_of(sql: str) -> str:
    """The table an INSERT writes to, for the set-aside record."""
    words = sql.replace("(", " ").split()
    upper = [w.upper() for w in words]
    return words[upper.index("INTO") + 1] if "INTO" in upper[:-1] else "rows"
