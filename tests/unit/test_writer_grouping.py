"""The log writer writes the rows queued for one statement between two commands with one
executemany, the log entries after them, nothing moved across a command."""

from __future__ import annotations

import concurrent.futures

from app.adapters.store.writer import _grouped
from app.adapters.store.writer_items import Command, Item, Rows
from app.domain.log_events import LogEntry


def test_rows_of_one_statement_are_joined_in_order_up_to_a_command() -> None:
    first, second = Rows("A", [(1,)]), Rows("A", [(2,)])
    entry, later = LogEntry(1.0, "x"), LogEntry(2.0, "y")
    command = Command(lambda _db: None, concurrent.futures.Future())
    batch: list[Item] = [first, entry, Rows("B", [(3,)]), second, Rows("A", [(4,)]), command,
                         Rows("A", [(5,)]), later, Rows("A", [(6,)])]  # fmt: skip
    grouped = _grouped(batch)
    shape = [(i.sql, i.rows) if isinstance(i, Rows) else i for i in grouped]
    assert shape == [("A", [(1,), (2,), (4,)]), ("B", [(3,)]), entry, command,
                     ("A", [(5,), (6,)]), later]  # fmt: skip
    assert first.rows == [(1,)]  # the queued items are left as they were
    assert second.rows == [(2,)]
    assert len(batch) == 9
