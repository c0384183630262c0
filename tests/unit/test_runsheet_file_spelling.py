"""A Chinese run-sheet saved back by LiveDesk (the editor's Save over the file it opened, or
written `like` the file it was read from) keeps its language: its sheet names, the headers its
columns were read from and its kinds (开场, 商品 …). A sheet headed in English stays English."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from app.adapters.files.runsheets import load_runsheet, save_runsheet


def chinese_workbook(path: Path) -> Path:
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "直播流程"
    rundown.append(["环节", "时长", "类型", "商品", "优惠券", "话术"])
    rundown.append(["开场暖场", "5分钟", "开场", None, None, "欢迎新朋友|关注领券"])
    rundown.append(["保温杯讲解", "10", "商品", "SKU001", "QUAN1", None])
    products = book.create_sheet("商品")
    products.append(["货号", "商品名称", "直播价", "划线价", "库存"])
    products.append(["SKU001", "保温杯 500ml", "￥199.00", "299元", "1000"])
    coupons = book.create_sheet("优惠券")
    coupons.append(["券码", "名称", "优惠", "时长", "数量"])
    coupons.append(["QUAN1", "满199减30", "减30", "5分钟", "100"])
    book.save(path)
    return path


def first_rows(path: Path) -> dict[str, list[list[object]]]:
    book = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows(max_row=2)] for ws in book}


def test_a_chinese_workbook_saved_over_itself_keeps_its_sheets_headers_and_kinds(
    tmp_path: Path,
) -> None:
    path = chinese_workbook(tmp_path / "直播.xlsx")
    read = load_runsheet(path)
    save_runsheet(read.sheet, path)  # the editor's Save
    rows = first_rows(path)
    assert list(rows) == ["直播流程", "商品", "优惠券"]
    assert rows["直播流程"][0][:7] == ["环节", "时长", "类型", "场景", "商品", "优惠券", "话术"]
    assert rows["直播流程"][1][2] == "开场"
    assert rows["商品"][0][:3] == ["货号", "商品名称", "直播价"]
    assert rows["优惠券"][0][0] == "券码"
    again = load_runsheet(path)
    assert again.sheet == read.sheet
    assert again.problems == read.problems == []


def test_a_column_the_chinese_sheet_lacks_is_written_under_its_chinese_name(
    tmp_path: Path,
) -> None:
    path = chinese_workbook(tmp_path / "直播.xlsx")
    save_runsheet(load_runsheet(path).sheet, path)
    header = first_rows(path)["直播流程"][0]
    assert "场景" in header  # not “scene” among 环节, 时长 …
    assert "scene" not in header


def test_written_like_its_chinese_source_an_xlsx_or_csv_is_chinese(tmp_path: Path) -> None:
    source = chinese_workbook(tmp_path / "直播.xlsx")
    read = load_runsheet(source)
    save_runsheet(read.sheet, tmp_path / "out.xlsx", like=source)
    assert list(first_rows(tmp_path / "out.xlsx")) == ["直播流程", "商品", "优惠券"]
    assert load_runsheet(tmp_path / "out.xlsx").sheet == read.sheet
    save_runsheet(read.sheet, tmp_path / "out.csv", like=source)
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["环节", "时长", "类型"]
    assert rows[1][2] == "开场"
    assert load_runsheet(tmp_path / "out.csv").sheet.segments == read.sheet.segments


def test_a_chinese_csv_saved_over_itself_keeps_its_headers_and_kinds(tmp_path: Path) -> None:
    path = tmp_path / "直播.csv"
    path.write_text("标题,时长,类型,备注\n开场,5,开场,欢迎\n答疑,10,答疑,\n", encoding="utf-8")
    read = load_runsheet(path)
    save_runsheet(read.sheet, path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["标题", "时长", "类型", "场景"]
    assert "备注" in rows[0]
    assert [row[2] for row in rows[1:]] == ["开场", "答疑"]
    assert load_runsheet(path).sheet == read.sheet


def test_an_english_sheet_stays_english(tmp_path: Path) -> None:
    path = tmp_path / "show.csv"
    path.write_text("title,duration,kind\n开场,5,opening\n", encoding="utf-8")
    read = load_runsheet(path)
    save_runsheet(read.sheet, path)
    save_runsheet(read.sheet, tmp_path / "show.xlsx", like=path)
    assert path.read_text(encoding="utf-8-sig").splitlines()[:2] == [
        "title,duration,kind,scene,product,coupon,notes",
        "开场,5:00,opening,,,,",
    ]
    rows = first_rows(tmp_path / "show.xlsx")
    assert list(rows) == ["Rundown", "Products", "Coupons"]
    assert rows["Rundown"][0][:3] == ["title", "duration", "kind"]


def test_runsheet_convert_writes_in_the_source_s_language(tmp_path: Path) -> None:
    """`livedesk runsheet convert 直播.xlsx 下周.xlsx`: a new file, written as the source is."""
    from app import runsheet_cli

    source = chinese_workbook(tmp_path / "直播.xlsx")
    target = tmp_path / "下周.xlsx"
    out, err = io.StringIO(), io.StringIO()
    assert runsheet_cli.run_convert(str(source), str(target), out=out, err=err) == 0, err.getvalue()
    rows = first_rows(target)
    assert list(rows) == ["直播流程", "商品", "优惠券"]
    assert rows["直播流程"][1][2] == "开场"
