"""Beyond the JSON report: talking points, purchase intent, questions per segment and left
unanswered, products on screen, coupons, sales from an imported order export."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report.data import load_review
from app.adapters.report.export_files import load_report
from app.adapters.store.sessions import replace_orders
from app.adapters.store.writer import SqliteSessionLog
from app.domain import log_events as kinds
from app.domain.orders import OrderColumns, parse_orders
from app.domain.runsheet import RunSheet, Segment
from app.report_cli import run_report
from app.services.review import build_report
from app.services.review_detail import Sales, questions_from_events, screen_time, talking_points
from app.services.review_rows import points_cell, segment_rows
from app.services.show import Show
from tests.support.memory_log import MemoryLog
from tests.support.recorded_show import T0, orders_csv, record_show

SESSION = {"id": 1, "title": "t", "started_at": T0, "ended_at": T0 + 1000}
COLUMNS = OrderColumns(time="支付时间", amount="实付款", sku="商家编码", product="商品名称",
                       quantity="商品数量", order_no="订单编号")  # fmt: skip


def ev(t: float, kind: str, **data: Any) -> dict[str, Any]:
    return {"t": T0 + t, "kind": kind, "data": data}


@pytest.fixture
async def recorded(tmp_path: Path) -> Any:
    return await record_show(tmp_path / "livedesk.db")


async def import_orders(path: Path, session_id: int) -> None:
    result = parse_orders(orders_csv(), COLUMNS)
    writer = SqliteSessionLog(path)
    try:
        await writer.run(lambda db: replace_orders(db, session_id, result.orders, T0 + 5000))
    finally:
        writer.close()


def test_talking_points_final_state_per_segment() -> None:
    events = [
        ev(0, "segment.start", index=0, points=3),
        ev(1, "segment.point", index=0, point=0, done=True),
        ev(2, "segment.point", index=0, point=1, done=True),
        ev(3, "segment.point", index=0, point=1, done=False),
        ev(4, "segment.point", index=1, point=0, done=True),  # ticked ahead of its segment
        ev(5, "segment.start", index=1),  # a log from before `points` was logged
    ]
    assert talking_points(events) == ({0: 3}, {0: 1, 1: 1})
    segments = build_report(SESSION, events)["segments"]
    assert [(s["points_planned"], s["points_done"], s["points_coverage"]) for s in segments] == [
        (3, 1, 0.333), (None, 1, None)]  # fmt: skip
    assert [points_cell(s) for s in segments] == ["1/3 (33%)", "1"]


async def test_the_runner_logs_how_many_points_a_segment_has(show: Show, memory_log: MemoryLog):
    sheet = RunSheet(segments=(Segment("开场", 60, notes=("问好", "介绍")), Segment("答疑", 60)))
    await show.runner.load(sheet)
    await show.runner.next()
    show.runner.tick_point(0, 1, True)
    await show.runner.next()
    starts = memory_log.of_kind(kinds.SEGMENT_START)
    assert [e.data["points"] for e in starts] == [2, 0]
    rows = [{"t": e.t, "kind": e.kind, "data": e.data} for e in memory_log.entries]
    assert talking_points(rows) == ({0: 2, 1: 0}, {0: 1})


def test_screen_time_closes_on_hide_replace_and_end() -> None:
    events = [
        ev(10, "overlay.product.show", sku="A", name="杯"),
        ev(70, "overlay.product.show", sku="B", name="锅"),  # replaces A
        ev(100, "overlay.product.hide", sku="B"),
        ev(200, "overlay.product.show", sku="A", name="保温杯"),
        ev(300, "session.end"),
        ev(400, "overlay.product.hide", sku="A"),  # after the end: nothing more
    ]
    assert screen_time(events, T0 + 1000) == [
        {"sku": "A", "name": "保温杯", "on_screen_s": 160.0, "shows": 2},
        {"sku": "B", "name": "锅", "on_screen_s": 30.0, "shows": 1},
    ]
    open_card = [ev(10, "overlay.product.show", sku="A")]
    assert screen_time(open_card, T0 + 70)[0]["on_screen_s"] == 60.0  # closed at the show's end


def test_sales_between_times() -> None:
    sales = Sales([{"t": 5.0, "amount": 10, "quantity": 2}, {"t": 1.0, "amount": 0.1},
                   {"t": 9.0, "amount": 0.2, "quantity": 1}])  # fmt: skip
    assert sales.between(None, None) == {"orders": 3, "quantity": 3, "amount": 10.3}
    assert sales.between(1.0, 5.0) == {"orders": 1, "quantity": 0, "amount": 0.1}
    assert sales.between(5.0, None) == {"orders": 2, "quantity": 3, "amount": 10.2}
    assert sales.between(8.0, 2.0)["orders"] == 0


def test_questions_from_the_log_when_the_table_is_empty() -> None:
    events = [
        ev(1, "question.open", question=1, text="多少钱"),
        ev(2, "question.open", question=2, text="包邮吗"),
        ev(3, "question.claim", question=2, state="claimed", asked=4),
        ev(4, "question.open", question=3, text="几号发货"),
        ev(5, "question.dismiss", question=3),
    ]
    found = questions_from_events(events)
    assert [(q["text"], q["state"], q["asked"]) for q in found] == [
        ("多少钱", "open", 1), ("包邮吗", "claimed", 4), ("几号发货", "dismissed", 1)]  # fmt: skip
    unanswered = build_report(SESSION, events)["questions"]["unanswered_list"]
    assert [(q["text"], q["asked"], q["at_s"]) for q in unanswered] == [
        ("包邮吗", 4, 2.0), ("多少钱", 1, 1.0)]  # fmt: skip


async def test_recorded_show_in_the_json_report(recorded: Any) -> None:
    report = load_report(recorded.path, recorded.show)
    segments = report["segments"]
    assert [s["title"] for s in segments] == ["开场", "商品讲解", "答疑"]
    assert [s["actual_s"] for s in segments] == [150.0, 550.0, 500.0]
    assert [s["comments"] for s in segments] == [2, 10, 7]
    assert [s["questions"] for s in segments] == [1, 3, 3]
    assert [s["intent"] for s in segments] == [1, 2, 2]
    assert [(s["points_done"], s["points_planned"]) for s in segments] == [(1, 2), (2, 3), (0, 0)]
    assert [s["top_questions"] for s in segments] == [
        [], [{"text": "多少钱", "asked": 3}],
        [{"text": "包邮吗", "asked": 2}, {"text": "怎么用", "asked": 1}]]  # fmt: skip
    assert "orders" not in segments[0]
    assert report["orders"] is None
    assert report["talking_points"] == {"planned": 5, "done": 3, "coverage": 0.6}
    assert report["products"] == [
        {"sku": "SKU-1", "name": "保温杯", "on_screen_s": 540.0, "shows": 1},
        {"sku": "SKU-2", "name": "电饭煲", "on_screen_s": 480.0, "shows": 1},
    ]
    assert report["coupons"] == [{"code": "FLASH50", "from_s": 300.0, "to_s": 360.0,
                                  "seconds": 60.0}]  # fmt: skip
    q = report["questions"]
    assert (q["total"], q["answered"], q["median_response_s"]) == (3, 1, 40.0)
    assert [(u["text"], u["asked"], u["state"]) for u in q["unanswered_list"]] == [
        ("多少钱", 3, "open"), ("包邮吗", 2, "claimed")]  # fmt: skip


async def test_sales_per_segment_once_orders_are_imported(recorded: Any) -> None:
    await import_orders(recorded.path, recorded.show)
    report = load_report(recorded.path, recorded.show)
    assert [(s["orders"], s["quantity"], s["amount"]) for s in report["segments"]] == [
        (0, 0, 0.0), (2, 3, 297.0), (1, 1, 1299.0)]  # fmt: skip
    # A004, ten minutes before the show, is no sale of the show's: counted apart
    assert report["orders"] == {
        "orders": 3, "quantity": 4, "amount": 1596.0, "in_show": 3, "after_end": 0,
        "outside_show": 1, "outside_segments": 0, "grace_s": 1800, "by_order_no": True,
        "file": {"orders": 4, "quantity": 5, "amount": 1695.0},
    }  # fmt: skip
    by_sku = {p["sku"]: p for p in report["products"]}
    assert (by_sku["SKU-1"]["orders"], by_sku["SKU-1"]["amount"]) == (2, 297.0)
    assert (by_sku["SKU-2"]["orders"], by_sku["SKU-2"]["quantity"]) == (1, 1)
    rows = segment_rows(report)
    assert rows[1][9:12] == ["2", "3", "297.00"]
    assert rows[2][11] == "1,299.00"


async def test_the_rendered_review_agrees_with_the_json(recorded: Any) -> None:
    await import_orders(recorded.path, recorded.show)
    data = load_review(recorded.path, recorded.show)
    json_report = load_report(recorded.path, recorded.show)
    for key in ("comments", "questions", "intent", "points_done", "orders", "amount"):
        assert [s[key] for s in data.report["segments"]] == [
            s[key] for s in json_report["segments"]]  # fmt: skip
    assert data.report["questions"]["total"] == json_report["questions"]["total"] == 3
    assert data.report["products"] == json_report["products"]
    assert data.coupons == [(300.0, 360.0, "FLASH50")]


async def test_html_and_pdf_carry_the_new_tables(recorded: Any, tmp_path: Path) -> None:
    await import_orders(recorded.path, recorded.show)
    target = tmp_path / "review.html"
    out, err = io.StringIO(), io.StringIO()
    code = run_report(recorded.path, str(recorded.show), "html", str(target), out=out, err=err)
    assert code == 0, err.getvalue()
    html = target.read_text(encoding="utf-8")
    for text in (
        "Products on screen",
        "保温杯",
        "9:00",
        "Unanswered",
        "多少钱",
        "FLASH50",
        "1,299.00",
        "2/3 (67%)",
        "Talking points",
    ):
        assert text in html, text
    assert html.count("<img ") == 3
    pdf = tmp_path / "review.pdf"
    code = run_report(recorded.path, str(recorded.show), "pdf", str(pdf), out=out, err=err)
    assert code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


async def test_json_report_pseudonymises_the_new_parts(recorded: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run_report(recorded.path, "latest", "json", None, out=out, err=err,
                      pseudonymise=True, salt="s")  # fmt: skip
    assert code == 0, err.getvalue()
    report = json.loads(out.getvalue())
    assert "小明" not in out.getvalue()
    assert "老王" not in out.getvalue()
    assert report["questions"]["unanswered_list"][0]["text"] == "多少钱"
