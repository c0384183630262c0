"""What a producer wrote is never silently lost or changed on import: formulas without a saved
value, Excel errors, merged cells, a stray quote in a CSV, a coupon length without a unit, a sheet
without segments, a semicolon CSV under a title line. Each is an error on its cell (or read the
way Excel shows it), located as the other errors are."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.adapters.files import NO_SEGMENTS
from app.adapters.files.runsheets import UnreadableFile, load_runsheet, save_runsheet
from app.domain.runsheet import ParseResult, RunSheet, Segment, SegmentKind
from app.runsheet_cli import run_check, run_convert


def check(path: Path, as_json: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check(str(path), as_json, out, err)
    return code, out.getvalue(), err.getvalue()


def located(result: ParseResult) -> list[tuple[str, str, str | None]]:
    return [(p.severity, p.location, p.field) for p in result.problems]


def book(*sheets: tuple[str, list[list[object]]]) -> Workbook:
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    return workbook


def saved_values(path: Path, sheet: str, values: dict[str, tuple[str | None, str]]) -> Path:
    """The workbook at `path` with the result of each formula cell saved, as Excel saves it
    (`ref: (t, value)`); openpyxl writes a formula without one."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[sheet].decode()
    for ref, (kind, value) in values.items():
        typed = f' t="{kind}"' if kind else ""
        xml, n = re.subn(
            rf'<c r="{ref}"([^>]*)><f>([^<]*)</f><v\s*/></c>',
            rf'<c r="{ref}"\1{typed}><f>\2</f><v>{value}</v></c>',
            xml,
        )
        assert n == 1, ref
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


# --- 5. formulas without a saved value --------------------------------------------------------


def formula_book(path: Path) -> Path:
    book(
        ("Rundown", [
            ["环节", "时长", "商品", "场景", "主播"],
            ["带货", 5, "=Products!A2", '="Main"', "=E1"],
            ['=A2&"2"', "=B2", "SKU1", None, None],
        ]),
        ("Products", [["sku", "name", "price"], ["SKU1", "围巾", "=30+9.9"]]),
    ).save(path)  # fmt: skip
    return path


def test_a_formula_without_a_saved_value_is_an_error_on_its_cell(tmp_path: Path) -> None:
    result = load_runsheet(formula_book(tmp_path / "script.xlsx"))
    assert located(result) == [
        ("warning", "Rundown!1", None),  # 主播: LiveDesk does not read the column
        ("error", "Rundown!2", "product"),
        ("error", "Rundown!2", "scene"),
        ("warning", "Rundown!2", None),  # 主播: a column only carried along
        ("error", "Rundown!3", "title"),  # not also "the title is missing"
        ("error", "Rundown!3", "duration"),
        ("error", "Products!2", "price"),
    ]
    assert result.problems[1].message == (
        "商品 (C2) holds a formula with no saved value (=Products!A2): open and save the file "
        "in Excel/WPS so the result is stored, or type the value"
    )
    assert "price (C2)" in result.problems[-1].message
    code, out, _ = check(tmp_path / "script.xlsx")
    assert code == 1
    assert "script.xlsx:Rundown!2: error: 场景 (D2) holds a formula with no saved value" in out


def test_formulas_with_a_saved_value_read_as_excel_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "excel.xlsx"
    book(
        ("Rundown", [
            ["环节", "时长", "商品", "场景"],
            ["带货", "=2+3", "=Products!A2", '=IF(1,"","")'],
        ]),
        ("Products", [["sku", "name", "price"], ["SKU1", "围巾", "=30+9.9"]]),
    ).save(path)  # fmt: skip
    saved_values(path, "xl/worksheets/sheet1.xml",
                 {"B2": ("", "5"), "C2": ("str", "SKU1"), "D2": ("str", "")})  # fmt: skip
    saved_values(path, "xl/worksheets/sheet2.xml", {"C2": ("", "39.9")})
    result = load_runsheet(path)
    assert result.problems == []
    segment = result.sheet.segments[0]
    assert (segment.duration_s, segment.product, segment.scene) == (300, "SKU1", None)
    assert result.sheet.catalog.products[0].price == Decimal("39.9")


# --- 11. Excel error values -------------------------------------------------------------------


def test_excel_errors_in_a_workbook_are_errors_on_their_cell(tmp_path: Path) -> None:
    path = tmp_path / "lookup.xlsx"
    workbook = Workbook()
    rundown = workbook.active
    assert rundown is not None
    rundown.title = "Rundown"
    rundown["C3"], rundown["D3"], rundown["E3"] = "环节", "时长", "商品"
    rundown["C4"], rundown["D4"], rundown["E4"] = "#N/A 之后", 5, "#N/A"  # an error cell (t="e")
    rundown["C5"], rundown["D5"] = "#REF!", 5
    products = workbook.create_sheet("Products")
    products.append(["sku", "price"])
    products.append(["A1", "#DIV/0!"])
    workbook.save(path)
    result = load_runsheet(path)
    assert located(result) == [
        ("error", "Rundown!4", "product"),  # and no "no catalog defines product #N/A"
        ("error", "Rundown!5", "title"),
        ("error", "Products!2", "price"),
    ]
    assert result.problems[0].message == (
        "商品 (E4) shows the Excel error #N/A: correct the formula, or type the value"
    )
    assert result.sheet.segments[0].title == "#N/A 之后"  # text, not an error


def test_excel_errors_in_a_csv_excel_saved(tmp_path: Path) -> None:
    path = tmp_path / "lookup.csv"
    path.write_text("环节,时长,商品,主播\n开场,5,#N/A,#REF!\n'#N/A,5,,\n", encoding="utf-8-sig")
    result = load_runsheet(path)
    assert located(result) == [
        ("warning", "1", None),  # 主播: LiveDesk does not read the column
        ("error", "2", "product"),
        ("warning", "2", None),  # 主播's cell
    ]
    assert result.problems[1].message.startswith("商品 (column 3) shows the Excel error #N/A")
    assert result.sheet.segments[1].title == "#N/A"  # behind an apostrophe: text
    # a text that reads as an Excel error is written so, and reads back the same
    sheet = RunSheet((Segment("#N/A", 60, scene="#DIV/0!", notes=("#REF!",)), Segment("'#N/A", 60)))
    for name in ("back.csv", "back.xlsx"):
        save_runsheet(sheet, tmp_path / name)
        again = load_runsheet(tmp_path / name)
        assert (again.problems, again.sheet.segments) == ([], sheet.segments), name


# --- 6. merged cells --------------------------------------------------------------------------


def test_merged_cells_read_on_every_row_they_cover(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    workbook = book(
        ("Rundown", [
            ["环节", "时长", "类型", "场景", "商品", "话术"],
            ["开场", 5, "开场", "Intro", None, "a"],
            ["带货A", 5, "商品", "Main", "SKU1", "b"],
            ["带货B", 5, None, None, "SKU2", "c"],
            ["带货C", 5, None, None, "SKU3", "d"],
            [None, None, None, None, None, None],
        ]),
        ("Products", [["sku", "price"], ["SKU1", 9], ["SKU2", None], ["SKU3", None]]),
    )  # fmt: skip
    workbook["Rundown"].merge_cells("C3:C6")  # one row too many: a blank row stays blank
    workbook["Rundown"].merge_cells("D3:D5")
    workbook["Products"].merge_cells("B2:B4")  # one price for the three
    workbook.save(path)
    result = load_runsheet(path)
    assert result.problems == []
    segments = result.sheet.segments
    assert [s.kind for s in segments] == [SegmentKind.OPENING] + [SegmentKind.PRODUCT] * 3
    assert [s.scene for s in segments] == ["Intro", "Main", "Main", "Main"]
    assert [p.price for p in result.sheet.catalog.products] == [Decimal(9)] * 3


def test_a_merged_title_makes_its_rows_one_segment(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    workbook = book(("Rundown", [
        ["环节", "时长", "场景", "话术", "主播"],
        ["开场", 5, "Intro", "a", None],
        ["答疑", 10, "QA", "e", "小美"],
        [None, None, None, "f", "老王"],
        ["收尾", 5, "Outro", "g", None],
    ]))  # fmt: skip
    workbook["Rundown"].merge_cells("A3:A4")
    workbook["Rundown"].merge_cells("B3:B4")
    workbook.save(path)
    result = load_runsheet(path)
    assert [p.message for p in result.problems] == [
        "LiveDesk does not read the column “主播”: it is kept, unused"
    ]
    qa = result.sheet.segments[1]
    assert [s.title for s in result.sheet.segments] == ["开场", "答疑", "收尾"]
    assert (qa.duration_s, qa.scene, qa.notes, qa.location) == (600, "QA", ("e", "f"), "Rundown!3")
    assert qa.extra == (("主播", "小美\n老王"),)
    assert result.sheet.total_s == 20 * 60


def test_merged_cells_that_cannot_mean_one_thing_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    workbook = book(("Rundown", [
        ["环节", "时长", "场景"],
        ["讲解", 10, "Main"],
        ["带货", None, "Main"],  # two segments sharing one merged duration
        ["答疑", 5, "QA"],
        [None, None, "Main"],  # the same segment (merged title) switching scenes
    ]))  # fmt: skip
    workbook["Rundown"].merge_cells("B2:B3")
    workbook["Rundown"].merge_cells("A4:A5")
    workbook.save(path)
    result = load_runsheet(path)
    assert located(result) == [("error", "Rundown!3", "duration"), ("error", "Rundown!5", "scene")]
    shared, differs = (p.message for p in result.problems)
    assert shared.startswith("时长 (B3) is merged over rows 2–3, which are separate")
    assert differs.startswith("场景 (C5) “Main” differs from row 4's “QA”, but 环节 is merged")


# --- 7. a stray quote in a CSV ----------------------------------------------------------------


def test_a_quote_never_closed_is_reported_where_it_opened(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('环节,时长,话术\r\n开场,5,"欢迎\r\n讲解,10,要点\r\n收尾,5,再见\r\n', "utf-8")
    with pytest.raises(UnreadableFile) as raised:
        load_runsheet(path)
    assert raised.value.location == "2"
    code, _, err = check(path)
    assert code == 2
    assert err.startswith(f'{path}:2: error: the quote (") that opens a cell on line 2 is never')


def test_a_stray_quote_closed_by_another_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        '环节,时长,话术\r\n开场,5,"欢迎\r\n讲解,10,要点\r\n收尾,5,"再见"\r\n答疑,5,x\r\n', "utf-8"
    )
    result = load_runsheet(path)
    assert located(result) == [("error", "2", None)]
    assert result.problems[0].message.startswith(
        "话术 (column 3) runs over lines 2–4 and holds what reads as 2 more rows (“讲解,10,要点”)"
    )


def test_a_quote_left_open_on_the_last_line_reads_nothing_more(tmp_path: Path) -> None:
    path = tmp_path / "last.csv"
    path.write_text('环节,时长,话术\r\n开场,5,"欢迎\r\n\r\n', "utf-8")
    result = load_runsheet(path)
    assert (result.problems, result.sheet.segments[0].notes) == ([], ("欢迎",))


def test_quoted_cells_over_several_lines_still_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(
        '环节,时长,话术\r\n开场,5,"欢迎\r\n大家,5 分钟后开始"\r\n收尾,5,"说 ""再见""\r\n谢谢"\r\n',
        "utf-8",
    )
    result = load_runsheet(path)
    assert result.problems == []
    assert [s.notes for s in result.sheet.segments] == [
        ("欢迎", "大家,5 分钟后开始"), ('说 "再见"', "谢谢"),
    ]  # fmt: skip


# --- 8. a coupon's length: 时长 is minutes on the rundown -------------------------------------


@pytest.mark.parametrize(
    ("header", "value", "seconds"),
    [
        ("时长", 5, None),  # five minutes or five seconds? refused
        ("时长", "300", None),
        ("时长", "5分钟", 300),
        ("时长", "90秒", 90),
        ("时长", "5:00", 300),
        ("时长", dt.time(0, 5), 300),  # an Excel time: the text Excel shows
        ("秒", 5, 5),
        ("seconds", 300, 300),
        ("Seconds", "5m", 300),
    ],
)
def test_a_coupon_length_under_时长_needs_a_unit(
    tmp_path: Path, header: str, value: object, seconds: int | None
) -> None:
    path = tmp_path / "coupons.xlsx"
    book(
        ("流程", [["环节", "时长", "优惠券"], ["秒杀", 5, "FLASH"]]),
        ("优惠券", [["券码", "标题", header], ["FLASH", "秒杀券", value]]),
    ).save(path)  # fmt: skip
    result = load_runsheet(path)
    if seconds is None:
        assert located(result) == [("error", "优惠券!2", "seconds")]
        assert result.problems[0].message.startswith(
            "a countdown under “时长” needs a unit (5分钟, 90秒 or 5:00)"
        )
        # a code of the catalog: the editor and the window say it in their language
        assert getattr(result.problems[0].message, "code", None) == "runsheet.countdown_unit"
    else:
        assert result.problems == []
        assert result.sheet.catalog.coupons[0].seconds == seconds
    assert result.sheet.segments[0].duration_s == 300  # the rundown's 时长: minutes


# --- 9. a sheet without segments --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "location"),
    [
        ("header.csv", "环节,时长,类型\r\n".encode("utf-8-sig"), "1"),
        ("blank_rows.csv", b"title,duration\n,\n\n", "1"),
        ("empty.json", b'{"segments": []}', "segments"),
        ("list.json", b"[]", "segments"),
    ],
)
def test_a_sheet_without_segments_is_an_error(
    tmp_path: Path, name: str, data: bytes, location: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, _ = check(path, as_json=True)
    report = json.loads(out)
    assert (code, report["ok"], report["segments"]) == (1, False, 0)
    assert [(e["location"], e["message"]) for e in report["errors"]] == [(location, NO_SEGMENTS)]
    assert run_convert(str(path), str(tmp_path / "out.json"), io.StringIO(), io.StringIO()) == 1


def test_a_workbook_without_segments(tmp_path: Path) -> None:
    """A header only is a sheet without segments (1); a workbook with nothing is empty (2), as
    an empty CSV is."""
    book(("Rundown", [[None], [None, "title", "duration"]]), ("Products", [])).save(
        tmp_path / "header.xlsx"
    )
    result = load_runsheet(tmp_path / "header.xlsx")
    assert [(e.location, e.message) for e in result.errors] == [("Rundown!2", NO_SEGMENTS)]
    Workbook().save(tmp_path / "blank.xlsx")
    code, _, err = check(tmp_path / "blank.xlsx")
    assert (code, err) == (2, f"{tmp_path / 'blank.xlsx'}: error: the file is empty\n")
    (tmp_path / "blank.csv").write_text(",,,\r\n\r\n")
    assert check(tmp_path / "blank.csv")[0] == 2


# --- 10. a semicolon CSV under a title line ---------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["春季直播流程", "春季直播流程, 第一场", "春季直播流程;;", ""],
)
def test_a_semicolon_csv_under_a_title_line(tmp_path: Path, title: str) -> None:
    path = tmp_path / "semi.csv"
    text = f"{title}\r\n环节;时长;类型;话术\r\n开场;5;开场;欢迎, 大家\r\n讲解;10;讲课;\r\n"
    path.write_text(text, encoding="utf-8-sig")
    result = load_runsheet(path)
    assert result.problems == []
    assert [(s.title, s.duration_s) for s in result.sheet.segments] == [
        ("开场", 300),
        ("讲解", 600),
    ]
    assert result.sheet.segments[0].notes == ("欢迎, 大家",)
    assert result.sheet.segments[0].location == "3"
