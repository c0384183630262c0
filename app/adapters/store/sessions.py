"""The SessionStore port over SQLite: the archive's list on a read-only connection of its own;
rename, delete and the order import as commands on the writer thread, each one transaction, in
order with the live log.

The write functions take the writer's `Database` and can be used on any connection of one's own.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

import sqlite_utils

from app.adapters.store import queries
from app.adapters.store.schema import StoreError
from app.adapters.store.writer import SqliteSessionLog
from app.domain.orders import Order
from app.services.archive import SessionSummary
from app.services.errors import LiveDeskError, NotFound

T = TypeVar("T")

_INSERT_ORDER = (
    "INSERT INTO orders (session_id, t, order_no, sku, product, quantity, amount, imported_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _exists(db: sqlite_utils.Database, session_id: int) -> None:
    if db.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone() is None:
        raise NotFound(f"there is no session {session_id}")


def session_tables(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(table, column) of every table whose rows belong to a session (a foreign key to
    sessions), so a table added later is deleted with its session too."""
    found = []
    for table in db.table_names():
        for key in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if key[2] == "sessions":  # (id, seq, table, from, to, ...)
                found.append((table, key[3]))
    return found


def delete_session(db: sqlite_utils.Database, session_id: int) -> dict[str, int]:
    """Delete the session and its rows in every table that refers to it; rows deleted per
    table. Run it inside a transaction (the writer's commands are)."""
    _exists(db, session_id)
    deleted = {}
    for table, column in session_tables(db):
        cursor = db.execute(f'DELETE FROM "{table}" WHERE "{column}" = ?', [session_id])
        deleted[table] = int(cursor.rowcount or 0)
    db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
    return deleted


def rename_session(db: sqlite_utils.Database, session_id: int, title: str) -> None:
    _exists(db, session_id)
    db.execute("UPDATE sessions SET title = ? WHERE id = ?", [title, session_id])


def replace_orders(
    db: sqlite_utils.Database, session_id: int, orders: Sequence[Order], now: float
) -> int:
    """The session's imported orders become `orders` (an earlier import is dropped)."""
    _exists(db, session_id)
    db.execute("DELETE FROM orders WHERE session_id = ?", [session_id])
    db.conn.executemany(
        _INSERT_ORDER,
        [(session_id, o.t, o.order_no, o.sku, o.product, o.quantity, o.amount, now)
         for o in orders],
    )  # fmt: skip
    return len(orders)


def list_sessions(db_path: str | os.PathLike[str], search: str = "") -> list[SessionSummary]:
    """Every session whose title holds `search` (any case), newest first."""
    with queries.reading(db_path) as db:
        if "sessions" not in db.table_names():
            return []
        orders = (
            # an order of several items is one (its lines share the order number); a line
            # without one is an order of its own, as the review counts them
            "(SELECT count(DISTINCT nullif(o.order_no, '')) + count(*)"
            " - count(nullif(o.order_no, '')) FROM orders o WHERE o.session_id = s.id)"
            if "orders" in db.table_names()
            else "0"
        )
        rows = db.query(
            f"""SELECT s.id, s.title, s.started_at, s.ended_at,
                   (SELECT count(*) FROM comments c WHERE c.session_id = s.id) AS comments,
                   (SELECT count(*) FROM events e WHERE e.session_id = s.id) AS events,
                   {orders} AS orders
               FROM sessions s ORDER BY s.started_at DESC, s.id DESC"""
        )
        wanted = search.casefold()
        return [SessionSummary(**row) for row in rows if wanted in str(row["title"]).casefold()]


class SqliteSessions:
    """SessionStore: reads on their own connection, writes on the writer thread."""

    def __init__(self, path: str | os.PathLike[str], writer: SqliteSessionLog) -> None:
        self.path, self._writer = path, writer

    def sessions(self, search: str = "") -> list[SessionSummary]:
        try:
            return list_sessions(self.path, search)
        except StoreError as exc:
            raise LiveDeskError(str(exc)) from exc

    async def rename(self, session_id: int, title: str) -> None:
        await self._write(lambda db: rename_session(db, session_id, title), "rename the show")

    async def delete(self, session_id: int) -> None:
        await self._write(lambda db: delete_session(db, session_id), "delete the show")

    async def replace_orders(self, session_id: int, orders: Sequence[Order]) -> int:
        now = time.time()
        return await self._write(
            lambda db: replace_orders(db, session_id, orders, now), "store the orders"
        )

    async def _write(self, command: Callable[[sqlite_utils.Database], T], what: str) -> T:
        try:
            return cast(T, await self._writer.run(command))
        except sqlite3.Error as exc:
            raise LiveDeskError(f"could not {what}: {exc}") from exc
