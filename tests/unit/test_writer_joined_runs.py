"""The log writer writes a run of queued rows for one statement with one executemany."""

from __future__ import annotations

import concurrent.futures

from app.adapters.store.writer import _joined_runs
from app.adapters.store.writer_items import Command, Item, Rows


def test_runs_of_one_statement_are_joined_in_order_and_the_queue_is_left_alone() -> None:
    first, second = Rows("A", [(1,)]), Rows("A", [(2,)])
    command = Command(lambda _db: None, concurrent.futures.Future())
    batch: list[Item] = [first, second, Rows("B", [(3,)]), Rows("A", [(4,)]), command,
                         Rows("A", [(5,)]), Rows("A", [(6,)])]  # fmt: skip
    joined = _joined_runs(batch)
    shape = [(i.sql, i.rows) if isinstance(i, Rows) else i for i in joined]
    assert shape == [("A", [(1,), (2,)]), ("B", [(3,)]), ("A", [(4,)]), command,
                     ("A", [(5,), (6,)])]  # fmt: skip
    assert first.rows == [(1,)]
    assert second.rows == [(2,)]
    assert len(batch) == 7
