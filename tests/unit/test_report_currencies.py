"""Gift value per currency in the review: a show paid in yuan and dollars (gifts in CNY and USD,
a super chat in USD, a gift without a currency) across two segments, on a real SQLite log written
through the real store. `report --format json` keeps `gifts_value` as the plain sum it always was
and adds `gifts_value_by_currency` beside it; the html and pdf reviews show "100 CNY + 5 USD",
never the mixed sum alone."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.adapters.report import pdf, render_report
from app.domain.tally import by_currency
from app.report_cli import run_report
from app.services.review_rows import ranking_rows, segment_rows, worth
from tests.support.currency_show import record_currency_show


@pytest.fixture
async def show(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "livedesk.db"
    return path, await record_currency_show(path)


def _json_report(path: Path, session: int) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(path, str(session), "json", None, out=out, err=err) == 0, err.getvalue()
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


async def test_json_adds_the_value_per_currency_per_segment_and_in_all(
    show: tuple[Path, int],
) -> None:
    report = _json_report(*show)
    segments = report["segments"]
    assert [s["title"] for s in segments] == ["开场", "讲解"]
    assert [s["gifts_value_by_currency"] for s in segments] == [
        {"CNY": 100.0, "USD": 5.0},
        {"CNY": 50.5, "USD": 2.5, "": 1.25},
    ]
    assert report["audience"]["gifts_value_by_currency"] == {"CNY": 150.5, "USD": 7.5, "": 1.25}
    # the public number stays the plain sum it always was
    assert [s["gifts_value"] for s in segments] == [105.0, 54.25]
    assert report["audience"]["gifts_value"] == 159.25
    assert report["audience"]["gifts"] == 8


async def test_the_per_currency_map_sits_beside_gifts_value(show: tuple[Path, int]) -> None:
    report = _json_report(*show)
    for keys in [list(s) for s in report["segments"]] + [list(report["audience"])]:
        assert keys[keys.index("gifts_value") + 1] == "gifts_value_by_currency"


async def test_html_shows_each_currency_never_the_mixed_sum(show: tuple[Path, int]) -> None:
    path, session = show
    html = render_report(path, session, "html").decode("utf-8")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells.count("100 CNY + 5 USD") == 2  # the segment table and what held the room
    assert cells.count("50.5 CNY + 2.5 USD + 1.25") == 2
    assert not {"105.00", "105", "54.25", "159.25"} & set(cells)
    assert "105.00" not in html


async def test_pdf_tables_show_each_currency(
    show: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[list[str]] = []
    real = pdf._table_page

    def table_page(title: str, header: Any, rows: Any, intro: Any = ()) -> Any:
        drawn.extend(list(row) for row in rows)
        return real(title, header, rows, intro)

    monkeypatch.setattr(pdf, "_table_page", table_page)
    path, session = show
    assert render_report(path, session, "pdf").startswith(b"%PDF-")
    cells = [cell for row in drawn for cell in row]
    assert cells.count("100 CNY + 5 USD") == 2
    assert cells.count("50.5 CNY + 2.5 USD + 1.25") == 2
    assert "105.00" not in cells


async def test_table_rows_per_currency(show: tuple[Path, int]) -> None:
    report = _json_report(*show)
    paid = ["100 CNY + 5 USD", "50.5 CNY + 2.5 USD + 1.25"]
    assert [row[12] for row in segment_rows(report)] == paid  # the gift value column
    assert sorted(row[6] for row in ranking_rows(report)) == paid


def test_worth_reads_like_the_pulse() -> None:
    assert worth(105.0, {"CNY": 100.0, "USD": 5.0}) == "100 CNY + 5 USD"
    assert worth(1234.5, {"bits": 1234.5}) == "1,234.5 bits"
    assert worth(228.0, {"CNY": 228.0}) == "228 CNY"
    assert worth(3.0, {"": 3.0}) == "3.00"  # no currency known: the plain number, as before
    assert worth(0.0, {}) == "0.00"
    assert worth(7.0, None) == "7.00"  # a report from before the map


def test_by_currency_rounds_orders_and_leaves_out_nothing_worth() -> None:
    assert list(by_currency({"USD": 5.004, "CNY": 100.0, "电池": 0.0, "bits": 5.0}).items()) == [
        ("CNY", 100.0), ("USD", 5.0), ("bits", 5.0)]  # fmt: skip
    assert by_currency({}) == {}
