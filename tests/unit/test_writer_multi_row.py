"""The log writer inserts many rows with few statements (``VALUES (...), (...)``): every row
arrives once, in order, whatever the count; a statement that does not end in one VALUES group
goes through executemany; a bad row among many still costs only itself."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from app.adapters.store import set_aside
from tests.support.fuzz import FUZZ

INSERT = "INSERT INTO t (n, word) VALUES (?, ?)"
UPSERT = "INSERT INTO t (n, word) VALUES (?, ?) ON CONFLICT (n) DO UPDATE SET word = excluded.word"


class CountingConnection:
    """A sqlite3 connection that counts the statements it is given."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.statements, self.many = conn, 0, 0

    def execute(self, sql: str, params: list[object]) -> sqlite3.Cursor:
        self.statements += 1
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> sqlite3.Cursor:
        self.many += 1
        return self.conn.executemany(sql, rows)


@pytest.fixture
def conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, word TEXT NOT NULL)")
    return conn


@pytest.mark.parametrize("count", [1, 2, 3, 511, 512, 513, 1300, 5000])
def test_every_row_once_in_order(conn: sqlite3.Connection, count: int) -> None:
    rows = [(i, f"w{i}") for i in range(count)]
    counting = CountingConnection(conn)
    set_aside.insert_all(counting, INSERT, rows)  # type: ignore[arg-type]
    assert conn.execute("SELECT n, word FROM t ORDER BY rowid").fetchall() == rows
    if count > 1:
        # 512 rows a statement, the rest in powers of two: at most a dozen statements
        assert counting.many == 0
        assert counting.statements <= count // set_aside.ROWS_PER_STATEMENT + 10
        assert counting.statements < count


def test_an_upsert_applies_to_each_row_in_turn(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO t VALUES (1, 'old')")
    counting = CountingConnection(conn)
    rows = [(1, "new"), (2, "two"), (1, "newer"), (3, "three")]
    set_aside.insert_all(counting, UPSERT, rows)  # type: ignore[arg-type]
    assert counting.many == 0
    assert conn.execute("SELECT n, word FROM t ORDER BY n").fetchall() == [
        (1, "newer"), (2, "two"), (3, "three")]  # fmt: skip


def test_other_statements_go_through_executemany(conn: sqlite3.Connection) -> None:
    counting = CountingConnection(conn)
    sql = "INSERT INTO t (n, word) SELECT ?, ?"
    set_aside.insert_all(counting, sql, [(1, "one"), (2, "two")])  # type: ignore[arg-type]
    assert counting.many == 1
    assert conn.execute("SELECT n, word FROM t ORDER BY n").fetchall() == [(1, "one"), (2, "two")]


def test_a_bad_row_among_many_costs_only_itself(tmp_path: object) -> None:
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, word TEXT NOT NULL)")
    rows = [(i, f"w{i}") for i in range(1000)]
    rows[700] = (700, None)  # NOT NULL refuses it
    outcome = set_aside.Outcome()
    with db.atomic():
        set_aside.insert_rows(db, INSERT, rows, outcome, "t")
    stored = db.execute("SELECT n FROM t ORDER BY n").fetchall()
    assert [n for (n,) in stored] == [i for i in range(1000) if i != 700]
    assert outcome.count == 1


# Values SQLite takes, and rows it refuses (an integer over 64 bits, an object it cannot bind, a
# NULL where NOT NULL) or writes only once repaired (a lone surrogate), dropped among them.
FINE = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    st.binary(max_size=4),
)
BAD_ROWS = st.sampled_from([
    (2**70, "b", None), (object(), "b", None), (1, None, 2), ("hi \ud83d", "b", None),
    (1, "\udc00x", "多少钱？"),
])  # fmt: skip


def _table(rows: list[tuple[object, ...]], batched: bool) -> tuple[list[tuple[object, ...]], int]:
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    db.execute("CREATE TABLE t (a, b NOT NULL, c)")
    outcome = set_aside.Outcome()
    sql = "INSERT INTO t (a, b, c) VALUES (?, ?, ?)"
    with db.atomic():
        if batched:
            set_aside.insert_rows(db, sql, rows, outcome, "t")
        else:
            for row in rows:
                set_aside.insert_row(db, sql, row, outcome, "t")
    return db.execute("SELECT a, b, c FROM t ORDER BY rowid").fetchall(), outcome.count


@FUZZ
@given(
    st.lists(st.tuples(FINE, FINE.filter(lambda v: v is not None), FINE), min_size=1,
             max_size=1200),
    st.lists(st.tuples(st.integers(0, 1200), BAD_ROWS), max_size=3),
)  # fmt: skip
def test_many_rows_at_once_store_what_each_row_alone_stores(
    rows: list[tuple[object, ...]], bad: list[tuple[int, tuple[object, ...]]]
) -> None:
    """Whatever the rows hold, inserting them at once (VALUES (...),(...); row by row when one
    is refused) leaves the table as inserting each alone does: the same rows, in order, the same
    ones refused, lone surrogates repaired."""
    for at, row in bad:
        rows.insert(min(at, len(rows)), row)
    assert _table(rows, batched=True) == _table(rows, batched=False)
