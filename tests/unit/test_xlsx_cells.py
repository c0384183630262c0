"""XLSX run-sheets as Excel shows them: a time cell is read from the text Excel displays for it
(so the workbook and the CSV Excel saves from it read the same), and the rundown is the sheet a
user sees, never a hidden one."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.adapters.files.runsheets import load_runsheet
from app.adapters.files.xlsx_time import shown_text
from app.runsheet_cli import run_convert


def time_workbook(path: Path, cells: list[tuple[object, str]]) -> Path:
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "Rundown"
    rundown.append(["title", "duration"])
    for row, (value, number_format) in enumerate(cells, start=2):
        rundown.append([f"第{row - 1}段", value])
        rundown[f"B{row}"].number_format = number_format
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (dt.time(5, 0), "h:mm", "5:00"),
        (dt.time(1, 30), "h:mm", "1:30"),
        (dt.time(5, 0), "hh:mm", "05:00"),
        (dt.time(0, 5), "h:mm:ss", "0:05:00"),
        (dt.time(0, 5), "hh:mm:ss", "00:05:00"),
        (dt.time(0, 5, 30), "mm:ss", "05:30"),
        (dt.time(0, 5, 30, 500000), "mm:ss.0", "05:30.5"),
        (dt.time(0, 5, 59), "h:mm", "0:05"),  # minutes are cut, not rounded, as Excel does
        (dt.timedelta(hours=25), "[h]:mm:ss", "25:00:00"),
        (dt.timedelta(hours=25), "[hh]:mm", "25:00"),
        (dt.timedelta(minutes=90), "[m]:ss", "90:00"),
        (dt.time(17, 5), "h:mm AM/PM", "5:05 PM"),
        (dt.time(5, 0), "[$-409]h:mm;@", "5:00"),
        (dt.datetime(2024, 6, 18, 20, 0), "yyyy-mm-dd hh:mm", "2024-06-18 20:00"),
        (dt.datetime(2024, 6, 18, 20, 0), "yyyy/m/d", "2024/6/18"),
        (dt.datetime(2024, 6, 18, 20, 0), 'yyyy"年"m"月"d"日"', "2024年6月18日"),
        (dt.datetime(1900, 1, 1, 1, 0), "h:mm", "1:00"),  # a day and an hour: the clock shows 1:00
        (dt.datetime(1900, 1, 1, 1, 0), "[h]:mm:ss", "25:00:00"),
        (dt.time(0, 5), "General", "0:05:00"),
    ],
)
def test_the_text_excel_shows(value: object, number_format: str, text: str) -> None:
    assert shown_text(value, number_format) == text  # type: ignore[arg-type]


def test_excel_times_read_as_the_csv_excel_saves(tmp_path: Path) -> None:
    """Typing 5:00 in Excel stores 05:00 (h:mm); its CSV says "5:00", five minutes."""
    path = time_workbook(
        tmp_path / "exceltime.xlsx",
        [
            (dt.time(5, 0), "h:mm"),  # 5 minutes, as "5:00" in a CSV
            (dt.time(1, 30), "h:mm"),  # 1 min 30 s
            (dt.time(0, 5), "h:mm:ss"),  # "0:05:00": 5 minutes
            (dt.timedelta(hours=25), "[h]:mm:ss"),  # "25:00:00": 25 hours
            (dt.time(0, 5, 30), "mm:ss"),  # "05:30"
        ],
    )
    result = load_runsheet(path)
    assert result.errors == []
    assert [s.duration_s for s in result.sheet.segments] == [300, 90, 300, 25 * 3600, 330]


def test_a_time_cell_excel_shows_with_am_pm_is_an_error_not_hours(tmp_path: Path) -> None:
    result = load_runsheet(time_workbook(tmp_path / "ampm.xlsx", [(dt.time(5, 0), "h:mm AM/PM")]))
    assert [(p.location, p.field) for p in result.errors] == [("Rundown!2", "duration")]


def test_coupon_time_cells_are_read_the_same_way(tmp_path: Path) -> None:
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "Rundown"
    rundown.append(["title", "duration", "coupon"])
    rundown.append(["促销", 5, "FANS30"])
    coupons = book.create_sheet("Coupons")
    coupons.append(["code", "seconds"])
    coupons.append(["FANS30", dt.time(1, 30)])
    coupons["B2"].number_format = "h:mm"
    book.save(tmp_path / "coupon.xlsx")
    result = load_runsheet(tmp_path / "coupon.xlsx")
    assert result.problems == []
    assert result.sheet.catalog.coupons[0].seconds == 90


def test_xlsx_to_csv_writes_durations_the_csv_reads_back_the_same(tmp_path: Path) -> None:
    path = time_workbook(
        tmp_path / "times.xlsx",
        [(dt.time(5, 0), "h:mm"), (dt.time(1, 30), "h:mm"), (dt.timedelta(hours=25), "[h]:mm")],
    )
    out, err = io.StringIO(), io.StringIO()
    assert run_convert(str(path), str(tmp_path / "times.csv"), out, err) == 0, err.getvalue()
    original = load_runsheet(path).sheet.segments
    again = load_runsheet(tmp_path / "times.csv").sheet.segments
    assert [s.duration_s for s in again] == [s.duration_s for s in original] == [300, 90, 1500]


# --- which sheet is the rundown ------------------------------------------------------------


def test_a_hidden_first_sheet_is_not_the_rundown(tmp_path: Path) -> None:
    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "配置"
    hidden.sheet_state = "hidden"
    hidden.append(["x", "y"])
    rundown = book.create_sheet("直播流程表")
    rundown.append(["环节", "时长"])
    rundown.append(["开场", "5分钟"])
    book.save(tmp_path / "hidden.xlsx")
    result = load_runsheet(tmp_path / "hidden.xlsx")
    assert result.problems == []
    assert [(s.title, s.duration_s, s.location) for s in result.sheet.segments] == [
        ("开场", 300, "直播流程表!2")
    ]


def test_the_sheet_with_a_rundown_header_before_a_notes_sheet(tmp_path: Path) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本表用于 618 直播"])
    rundown = book.create_sheet("Sheet2")
    rundown.append(["title", "duration"])
    rundown.append(["Intro", 5])
    book.save(tmp_path / "notes_first.xlsx")
    result = load_runsheet(tmp_path / "notes_first.xlsx")
    assert result.ok
    assert result.sheet.segments[0].location == "Sheet2!2"


def test_a_sheet_named_rundown_wins_even_after_others(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "草稿"
    first.append(["title", "duration"])
    first.append(["Old", 5])
    rundown = book.create_sheet("流程")
    rundown.append(["title", "duration"])
    rundown.append(["New", 5])
    book.save(tmp_path / "named.xlsx")
    assert [s.title for s in load_runsheet(tmp_path / "named.xlsx").sheet.segments] == ["New"]
