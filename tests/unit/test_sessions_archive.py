"""The sessions archive: list and search, rename, delete with everything of the session (one
transaction), the show on air refused; the order import replacing an earlier one."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.adapters.store.sessions import delete_session, list_sessions
from app.adapters.store.writer import SqliteSessionLog
from app.domain.orders import OrderColumns, read_table
from app.services.archive import Archive
from app.services.errors import BadInput, NotFound, WrongState
from tests.support.recorded_show import (
    EARLY_TITLE,
    ORDERS_HEADER,
    TITLE,
    OnAir,
    local,
    open_archive,
    orders_csv,
    record_show,
)

TABLES = ("events", "comments", "questions", "show_state", "orders")
COLUMNS = OrderColumns(time="支付时间", amount="实付款", sku="商家编码", quantity="商品数量")


@pytest.fixture
async def recorded(tmp_path: Path) -> Any:
    return await record_show(tmp_path / "livedesk.db")


@pytest.fixture
def on_air() -> OnAir:
    return OnAir()


@pytest.fixture
async def archive(recorded: Any, on_air: OnAir) -> AsyncIterator[Archive]:
    archive, writer = open_archive(recorded.path, on_air)
    yield archive
    writer.close()


def counts(path: Path, session_id: int) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(
                f"SELECT count(*) FROM {table} WHERE session_id = ?", [session_id]
            ).fetchone()[0]
            for table in TABLES
        }


async def test_list_newest_first_with_counts(archive: Archive, recorded: Any) -> None:
    sessions = await archive.sessions()
    assert [s.title for s in sessions] == [TITLE, EARLY_TITLE]
    show = sessions[0]
    assert (show.id, show.comments, show.orders, show.duration_s) == (recorded.show, 19, 0, 1200)
    assert sessions[1].comments == 1


@pytest.mark.parametrize(("search", "found"), [
    ("双十一", [TITLE]), ("  试播 ", [EARLY_TITLE]), ("直播", [TITLE]), ("", [TITLE, EARLY_TITLE]),
    ("夜场", []),
])  # fmt: skip
async def test_search_by_title(archive: Archive, search: str, found: list[str]) -> None:
    assert [s.title for s in await archive.sessions(search)] == found


async def test_search_ignores_case(tmp_path: Path) -> None:
    writer = SqliteSessionLog(tmp_path / "db")
    try:
        await writer.start_session("Black Friday LIVE", 1.0)
        await writer.flush()
    finally:
        writer.close()
    assert [s.title for s in list_sessions(tmp_path / "db", "friday live")] == ["Black Friday LIVE"]


async def test_rename_persists(archive: Archive, recorded: Any) -> None:
    title = await archive.rename(recorded.early, "  早场   彩排 ")
    assert title == "早场 彩排"
    assert [s.title for s in list_sessions(recorded.path)] == [TITLE, "早场 彩排"]
    with pytest.raises(BadInput):
        await archive.rename(recorded.early, "   ")
    with pytest.raises(BadInput):
        await archive.rename(recorded.early, "长" * 201)
    with pytest.raises(NotFound):
        await archive.rename(999, "x")


async def test_delete_takes_everything_of_the_session(archive: Archive, recorded: Any) -> None:
    await archive.import_orders(recorded.show, read_table(orders_csv()), COLUMNS)
    before = counts(recorded.path, recorded.show)
    assert all(before[t] for t in TABLES), before
    early_before = counts(recorded.path, recorded.early)
    await archive.delete(recorded.show)
    assert counts(recorded.path, recorded.show) == dict.fromkeys(TABLES, 0)
    assert counts(recorded.path, recorded.early) == early_before  # the other show untouched
    assert [s.id for s in await archive.sessions()] == [recorded.early]
    with pytest.raises(NotFound):
        await archive.delete(recorded.show)


async def test_delete_is_one_transaction(recorded: Any) -> None:
    conn = sqlite3.connect(recorded.path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE blocker (session_id INTEGER REFERENCES sessions(id))")
    conn.execute("CREATE TRIGGER no_delete BEFORE DELETE ON blocker "
                 "BEGIN SELECT RAISE(ABORT, 'blocked'); END")  # fmt: skip
    conn.execute("INSERT INTO blocker VALUES (?)", [recorded.show])
    conn.commit()
    before = counts(recorded.path, recorded.show)
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    with pytest.raises(sqlite3.IntegrityError), db.atomic():
        delete_session(db, recorded.show)
    conn.close()
    assert counts(recorded.path, recorded.show) == before  # nothing half-deleted


async def test_the_show_on_air_cannot_be_deleted(
    archive: Archive, recorded: Any, on_air: OnAir
) -> None:
    on_air.session = recorded.show
    assert archive.is_running(recorded.show)
    assert not archive.is_running(recorded.early)
    with pytest.raises(WrongState, match="on air"):
        await archive.delete(recorded.show)
    assert counts(recorded.path, recorded.show)["events"] > 0
    await archive.delete(recorded.early)  # another one can go
    assert [s.id for s in await archive.sessions()] == [recorded.show]


async def test_order_import_replaces_the_earlier_one(archive: Archive, recorded: Any) -> None:
    table = read_table(orders_csv())
    result = await archive.import_orders(recorded.show, table, COLUMNS)
    assert len(result.orders) == 4
    assert [p.line for p in result.problems] == [6, 7]
    again = await archive.import_orders(recorded.show, table, COLUMNS)
    assert len(again.orders) == 4
    assert counts(recorded.path, recorded.show)["orders"] == 4  # not 8
    nothing = await archive.import_orders(
        recorded.show, table, OrderColumns(time="商品名称", amount="实付款")
    )
    assert nothing.orders == []
    assert len(nothing.problems) == 6
    assert counts(recorded.path, recorded.show)["orders"] == 4  # the earlier import stays
    review = await archive.review(recorded.show)
    assert [s["orders"] for s in review.report["segments"]] == [0, 2, 1]


async def test_read_orders_from_a_gbk_file(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "订单.csv"
    path.write_bytes(orders_csv().encode("gbk"))
    table = await archive.read_orders(str(path))
    assert table.header[:2] == ("订单编号", "商品名称")
    assert len(table.rows) == 6
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\r\n")
    with pytest.raises(BadInput, match="empty"):
        await archive.read_orders(str(empty))


async def test_review_and_export(archive: Archive, recorded: Any, tmp_path: Path) -> None:
    review = await archive.review(recorded.show)
    assert review.report["session"]["title"] == TITLE
    with pytest.raises(NotFound):
        await archive.review(999)
    target = tmp_path / "chapters.txt"
    notes = await archive.export(recorded.show, "chapters", str(target))
    assert target.read_text(encoding="utf-8").startswith("0:00 开场\n")
    assert isinstance(notes, list)
    csv_file = tmp_path / "events.csv"
    await archive.export(recorded.show, "csv", str(csv_file), pseudonymise=True)
    text = csv_file.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    assert "小明" not in text
    assert "观众-" in text
    with pytest.raises(BadInput):
        await archive.export(recorded.show, "docx", str(tmp_path / "x"))
    with pytest.raises(BadInput, match="cannot write"):
        await archive.export(recorded.show, "json", str(tmp_path / "no" / "dir" / "r.json"))


async def test_an_export_is_written_whole_or_not_at_all(
    archive: Archive, recorded: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export replaces its file in one step (an editor or uploader watching the folder never
    reads half a file), and a failed one leaves neither the old file damaged nor a part behind."""
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "chapters.txt"
    target.write_text("an older export\n", encoding="utf-8")
    await archive.export(recorded.show, "chapters", str(target))
    assert target.read_text(encoding="utf-8").startswith("0:00 开场\n")
    exported = target.read_text(encoding="utf-8")

    def disk_full_halfway(self: Path, data: bytes) -> int:
        with self.open("wb") as half:
            half.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full_halfway)
    with pytest.raises(BadInput, match="No space left"):
        await archive.export(recorded.show, "chapters", str(target))
    assert target.read_text(encoding="utf-8") == exported  # the earlier export is whole
    assert sorted(p.name for p in folder.iterdir()) == ["chapters.txt"]  # no part left behind


async def test_delete_takes_the_askers_of_its_questions(archive: Archive, recorded: Any) -> None:
    with sqlite3.connect(recorded.path) as conn:
        conn.executemany(
            "INSERT INTO question_askers (run_started, question_id, comment_no, user, session_id)"
            " VALUES (?, ?, ?, ?, ?)",
            [(1.0, 1, n, f"观众{n}", session)
             for session in (recorded.show, recorded.early) for n in range(5)],
        )  # fmt: skip
    await archive.delete(recorded.show)
    with sqlite3.connect(recorded.path) as conn:
        left = conn.execute("SELECT session_id, COUNT(*) FROM question_askers GROUP BY 1")
        assert left.fetchall() == [(recorded.early, 5)]


async def test_the_list_counts_orders_not_their_lines(archive: Archive, recorded: Any) -> None:
    """An order of two items is two lines of the export and one order, in the list as in the
    review; a line with no order number is an order of its own."""
    table = read_table("\r\n".join([
        ORDERS_HEADER,
        f"A001,保温杯,SKU-1,1,99,{local(200)}",
        f"A001,电饭煲,SKU-2,1,1299,{local(200)}",
        f"A002,保温杯,SKU-1,1,99,{local(650)}",
        f",保温杯,SKU-1,1,99,{local(700)}",
    ]) + "\r\n")  # fmt: skip
    columns = OrderColumns(time="支付时间", amount="实付款", sku="商家编码", quantity="商品数量",
                           order_no="订单编号")  # fmt: skip
    await archive.import_orders(recorded.show, table, columns)
    listed = {s.id: s.orders for s in await archive.sessions()}
    assert listed[recorded.show] == 3
