"""The text a run-sheet file holds where a value did not read, found where the file's readers
locate the segment's problem (app/adapters/files/typed_cells.py, for the run-sheet editor)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

from app.adapters.files.runsheets import load_runsheet
from app.adapters.files.typed_cells import read_typed_cells
from app.domain.sheet_rows import UNKNOWN_TEXT, opened


def located(path: Path) -> list[tuple[str, str | None, str | None]]:
    """Each error of the file with the text found at its location."""
    typed = read_typed_cells(str(path))
    return [(p.location, p.field, typed(p.location, p.field or "")) for p in
            load_runsheet(path).errors]  # fmt: skip


def test_csv_after_a_title_row_and_a_cell_over_two_lines(tmp_path: Path) -> None:
    path = tmp_path / "show.csv"
    path.write_text('春季专场\n环节,时长,类型,话术\n开场,5,开厂,"欢迎\n关注"\n\n讲解,五分钟,讲解,\n',
                    encoding="utf-8")  # fmt: skip
    assert located(path) == [("3", "kind", "开厂"), ("6", "duration", "五分钟")]


def test_a_workbook_with_a_title_row_and_a_time_cell(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "流程"
    sheet.append(["春季专场"])
    sheet.append(["环节", "时长", "类型"])
    sheet.append(["开场", dt.time(0, 5), "开厂"])
    sheet.append(["讲解", "五分钟", None])
    book.save(tmp_path / "show.xlsx")
    assert located(tmp_path / "show.xlsx") == [
        ("流程!3", "kind", "开厂"), ("流程!4", "duration", "五分钟"),
    ]  # fmt: skip


def test_json_values_of_any_type(tmp_path: Path) -> None:
    path = tmp_path / "show.json"
    first = {"title": "开场", "duration": True, "kind": "直播"}
    segments = [first, {"title": ["a"], "duration": 1}]
    path.write_text(json.dumps({"segments": segments}, ensure_ascii=False), encoding="utf-8")
    assert located(path) == [
        ("segments[0]", "duration", "true"), ("segments[0]", "kind", "直播"),
        ("segments[1]", "title", '["a"]'),
    ]  # fmt: skip


def test_a_file_gone_since_it_was_opened_gives_no_text(tmp_path: Path) -> None:
    path = tmp_path / "show.csv"
    path.write_text("环节,时长,类型\n开场,5,开厂\n", encoding="utf-8")
    result = load_runsheet(path)
    typed = read_typed_cells(str(path))
    path.unlink()
    rows = opened(result, typed).rows
    assert rows[0][:3] == ["开场", "5:00", UNKNOWN_TEXT]
