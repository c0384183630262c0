"""The sessions archive after the show: list and search, rename, delete, open one for review,
import the platform's order export, export the review's files. No Qt.

Reads, file parsing and report building are blocking and run on the loop's default executor, so
the window stays responsive on a four-hour show; writes go through the store's own writer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, TypeVar

from app.domain.messages import Message
from app.domain.orders import (
    NotATable,
    Order,
    OrderColumns,
    OrderImport,
    OrderTable,
    parse_orders,
    read_table,
)
from app.services.errors import BadInput, WrongState
from app.services.review import ReviewData

MAX_TITLE = 200  # as a new show's title
# the report formats of `livedesk report` and their files' suffixes
REPORT_FORMATS = {"html": ".html", "pdf": ".pdf", "csv": ".csv", "json": ".json",
                  "chapters": ".txt", "edl": ".edl", "premiere": ".csv",
                  "attendance": ".csv"}  # fmt: skip

T = TypeVar("T")


@dataclass(frozen=True)
class SessionSummary:
    """One line of the archive: times in unix seconds (ended_at None: never ended)."""

    id: int
    title: str
    started_at: float
    ended_at: float | None
    comments: int
    events: int = 0
    orders: int = 0

    @property
    def duration_s(self) -> float | None:
        return None if self.ended_at is None else max(0.0, self.ended_at - self.started_at)


class SessionStore(Protocol):
    """The sessions in storage. `sessions` blocks (run it off the loop); the writes are ordered
    with the live log. Unknown ids raise NotFound."""

    def sessions(self, search: str = "") -> list[SessionSummary]:
        """Newest first; `search` matches anywhere in the title, case-insensitively."""
        ...

    async def rename(self, session_id: int, title: str) -> None: ...

    async def delete(self, session_id: int) -> None:
        """The session and everything of it (events, comments, questions, saved state, orders),
        in one transaction."""
        ...

    async def replace_orders(self, session_id: int, orders: Sequence[Order]) -> int:
        """Replace the session's imported orders by these; returns how many were stored."""
        ...


class ReviewSource(Protocol):
    """The review of a session and its files; both block (run them off the loop)."""

    def load(self, session_id: int) -> ReviewData: ...

    def export(self, session_id: int, fmt: str, path: str, salt: str | None) -> list[str]:
        """Write the `fmt` file of the review to `path` (viewer names pseudonymised with `salt`
        when one is given); returns the notes worth telling. BadInput when the session cannot
        make that export (e.g. too few chapters)."""
        ...


class OrderFiles(Protocol):
    def read_text(self, path: str) -> str:
        """The text of an order export in whichever encoding it was saved (UTF-8, with BOM,
        GBK/GB18030); BadInput when it cannot be read."""
        ...


class Archive:
    """What the sessions dialog and the review window do. `running()` is the id of the show on
    air (None between shows): it cannot be deleted. `salt()` gives the pseudonym salt for
    exports (the same salt, the same aliases)."""

    def __init__(
        self,
        store: SessionStore,
        reviews: ReviewSource,
        order_files: OrderFiles,
        running: Callable[[], int | None],
        salt: Callable[[], str],
    ) -> None:
        self._store, self._reviews, self._files = store, reviews, order_files
        self._running, self._salt = running, salt

    @staticmethod
    async def _off_loop(fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(None, partial(fn, *args))

    async def sessions(self, search: str = "") -> list[SessionSummary]:
        return await self._off_loop(self._store.sessions, search.strip())

    def is_running(self, session_id: int) -> bool:
        return self._running() == session_id

    async def rename(self, session_id: int, title: str) -> str:
        title = " ".join(title.split())
        if not title:
            raise BadInput(Message("session.needs_title"))
        if len(title) > MAX_TITLE:  # the message says MAX_TITLE's 200
            raise BadInput(Message("session.title_too_long"))
        await self._store.rename(session_id, title)
        return title

    async def delete(self, session_id: int) -> None:
        if self.is_running(session_id):
            raise WrongState(Message("archive.on_air"))
        await self._store.delete(session_id)

    async def review(self, session_id: int) -> ReviewData:
        return await self._off_loop(self._reviews.load, session_id)

    async def read_orders(self, path: str) -> OrderTable:
        """The order export as a table (header and rows), for choosing the columns: read and
        parsed off the loop (a season's export is a million rows)."""
        text = await self._off_loop(self._files.read_text, path)
        try:
            return await self._off_loop(read_table, text)
        except NotATable as exc:
            said = exc.args[0] if exc.args else ""
            reason = said if isinstance(said, str) else str(exc)  # a Message: translated too
            raise BadInput(Message("archive.not_orders", reason=reason)) from None

    @staticmethod
    def parse_orders(table: OrderTable, columns: OrderColumns) -> OrderImport:
        return parse_orders(table, columns)

    async def import_orders(
        self, session_id: int, table: OrderTable, columns: OrderColumns
    ) -> OrderImport:
        """Parse with the mapping and store the good rows in place of an earlier import; the bad
        rows come back as problems with their lines. Nothing is stored (an earlier import stays)
        when no row is good."""
        result = await self._off_loop(parse_orders, table, columns)
        if result.orders:
            await self._store.replace_orders(session_id, result.orders)
        return result

    async def export(
        self, session_id: int, fmt: str, path: str, pseudonymise: bool = False
    ) -> list[str]:
        if fmt not in REPORT_FORMATS:
            raise BadInput(Message("archive.unknown_format", fmt=fmt))
        if not path:
            raise BadInput(Message("archive.no_path"))
        salt = self._salt() if pseudonymise else None
        return await self._off_loop(self._reviews.export, session_id, fmt, path, salt)
