"""`runsheet convert` keeps what the target format can hold and says what it cannot: the columns
LiveDesk does not use travel with their segments; a CSV (the rundown only) is written with a
note naming the title, products and coupons it leaves out; CSV cells never run as formulas."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.adapters.files.csv_sheet import csv_text
from app.adapters.files.runsheets import load_runsheet, save_runsheet
from app.domain.catalog import Catalog, Product
from app.domain.runsheet import RunSheet, Segment
from app.domain.runsheet_codec import sheet_from_dict, sheet_to_dict
from app.runsheet_cli import run_convert

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "resources" / "templates" / "公开课带货.json"
WITH_HOSTS = "环节,时长,主播,开始时间,备注\n开场,5,小王,20:00,欢迎\n讲解,10,,20:05,\n"


def convert(src: Path, dst: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_convert(str(src), str(dst), out, err)
    return code, err.getvalue()


def notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": note: " in line]


# --- columns LiveDesk does not use ---------------------------------------------------------


@pytest.mark.parametrize("middle", [".xlsx", ".json"])
def test_unknown_columns_survive_csv_to_xlsx_or_json_to_csv(tmp_path: Path, middle: str) -> None:
    source = tmp_path / "hosts.csv"
    source.write_text(WITH_HOSTS, encoding="utf-8")
    code, err = convert(source, tmp_path / f"mid{middle}")
    assert code == 0
    assert err.splitlines() == [  # carried along, but said: LiveDesk does not read them
        f"{source}:1: warning: LiveDesk does not read the column “主播”: it is kept, unused",
        f"{source}:1: warning: LiveDesk does not read the column “开始时间”: it is kept, unused",
    ]
    code, err = convert(tmp_path / f"mid{middle}", tmp_path / "back.csv")
    assert code == 0
    assert notes(err) == []
    lines = (tmp_path / "back.csv").read_text(encoding="utf-8-sig").splitlines()
    # through a workbook the sheet keeps its Chinese headers; JSON holds no spelling: English
    chinese = "环节,时长,类型,场景,商品,优惠券,备注,主播,开始时间"
    english = "title,duration,kind,scene,product,coupon,notes,主播,开始时间"
    assert lines[0] == (chinese if middle == ".xlsx" else english)
    assert lines[1] == "开场,5:00,,,,,欢迎,小王,20:00"
    assert lines[2] == "讲解,10:00,,,,,,,20:05"
    assert load_runsheet(tmp_path / "back.csv").sheet == load_runsheet(source).sheet


def test_the_json_form_holds_the_other_columns_of_a_segment() -> None:
    segment = Segment("开场", 300, extra=(("主播", "小王"), ("开始时间", "")))
    data = sheet_to_dict(RunSheet((segment,)))
    assert data["segments"][0]["extra"] == {"主播": "小王", "开始时间": ""}
    assert sheet_from_dict(data).sheet.segments == (segment,)
    assert "extra" not in sheet_to_dict(RunSheet((Segment("x", 60),)))["segments"][0]


@pytest.mark.parametrize("extra", [["主播"], {"主播": ["a"]}, {"title": "x"}])
def test_a_bad_extra_is_an_error_at_its_segment(extra: object) -> None:
    result = sheet_from_dict({"segments": [{"title": "x", "duration": 60, "extra": extra}]})
    assert [(p.location, p.field) for p in result.errors] == [("segments[0]", "extra")]


def test_columns_that_cannot_travel_are_named(tmp_path: Path) -> None:
    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "配置"
    hidden.sheet_state = "hidden"
    hidden.append(["theme", "dark"])
    book.create_sheet("Sheet3")  # empty: nothing to say
    rundown = book.create_sheet("Rundown")
    rundown.append(["618 大促"])
    rundown.append(["title", "duration", "title", None])
    rundown.append(["开场", 5, "重复", "无表头"])
    products = book.create_sheet("Products")
    products.append(["sku", "name", "成本"])
    products.append(["A1", "稳定器", 99])
    book.save(tmp_path / "book.xlsx")
    code, err = convert(tmp_path / "book.xlsx", tmp_path / "out.json")
    assert code == 0
    assert notes(err) == [
        f"{tmp_path / 'out.json'}: note: not written, as LiveDesk does not read them: "
        "Rundown › 1 row above the header, Rundown › title (a second one), "
        "Rundown › column 4 (no header), Products › 成本, sheet 配置"
    ]


def test_a_title_row_a_headless_column_and_json_keys_no_field_reads_are_named(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.csv").write_text("618 大促,,\ntitle,duration,\nIntro,5,x\n", encoding="utf-8")
    code, err = convert(tmp_path / "a.csv", tmp_path / "a.json")
    assert (code, notes(err)) == (0, [
        f"{tmp_path / 'a.json'}: note: not written, as LiveDesk does not read them: "
        "1 row above the header, column 3 (no header)"
    ])  # fmt: skip
    data = {"version": 2, "segments": [{"title": "a", "duration": 60, "host": "王"}],
            "products": [{"sku": "A", "cost": 1}]}  # fmt: skip
    (tmp_path / "b.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, err = convert(tmp_path / "b.json", tmp_path / "c.json")
    assert (code, notes(err)) == (0, [
        f"{tmp_path / 'c.json'}: note: not written, as LiveDesk does not read them: "
        "version, segments › host, products › cost"
    ])  # fmt: skip


# --- what a CSV cannot hold ----------------------------------------------------------------


@pytest.mark.parametrize("source", ["json", "xlsx"])
def test_a_csv_says_it_leaves_out_the_title_products_and_coupons(
    tmp_path: Path, source: str
) -> None:
    src = TEMPLATE if source == "json" else tmp_path / "show.xlsx"
    if source == "xlsx":
        assert convert(TEMPLATE, src)[0] == 0
    code, err = convert(src, tmp_path / "show.csv")
    assert code == 0
    assert notes(err) == [
        f"{tmp_path / 'show.csv'}: note: a CSV holds only the rundown; not written: the title "
        "“手机摄影公开课（带货场）Phone Photography Live Class”, 3 products, 2 coupons; "
        "convert to .xlsx or .json to keep them"
    ]


def test_a_csv_of_a_rundown_alone_has_no_note(tmp_path: Path) -> None:
    save_runsheet(RunSheet((Segment("开场", 300),)), tmp_path / "a.json")
    assert convert(tmp_path / "a.json", tmp_path / "a.csv") == (0, "")


def test_points_a_cell_would_split_are_named(tmp_path: Path) -> None:
    product = Product("A1", "稳定器", Decimal(199), selling_points=("三轴|增稳",))
    sheet = RunSheet((Segment("开场", 300, notes=("价格|199元", "好")),), Catalog((product,)))
    save_runsheet(sheet, tmp_path / "a.json")
    code, err = convert(tmp_path / "a.json", tmp_path / "a.xlsx")
    assert code == 0
    assert notes(err) == [
        f"{tmp_path / 'a.xlsx'}: note: 2 points hold “|” or a line break, which a .xlsx cell "
        "splits on (segments[0] notes, products[0] selling points); keep the sheet as .json "
        "to keep them whole"
    ]


# --- | inside a JSON list is text ----------------------------------------------------------


def test_a_bar_in_a_json_note_or_selling_point_is_text(tmp_path: Path) -> None:
    data = {
        "segments": [{"title": "开场", "duration": 300, "notes": ["价格|199元", " ", "好"]}],
        "products": [{"sku": "A1", "name": "x", "selling_points": ["a|b"]}],
    }
    (tmp_path / "a.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert convert(tmp_path / "a.json", tmp_path / "b.json") == (0, "")
    back = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert back["segments"][0]["notes"] == ["价格|199元", "好"]
    assert back["products"][0]["selling_points"] == ["a|b"]
    # one text is still the cell form: one point per line or between bars
    one_text = sheet_from_dict({"segments": [{"title": "x", "duration": 60, "notes": "a|b\nc"}]})
    assert one_text.sheet.segments[0].notes == ("a", "b", "c")


# --- formulas in CSV cells -----------------------------------------------------------------

FORMULAS = ["=1+2", "+1", "-2", "@cmd", '=HYPERLINK("x")', "'=1+2", "''@x", "'plain", "-"]


def test_csv_cells_never_start_like_a_formula_and_read_back_the_same(tmp_path: Path) -> None:
    segments = tuple(
        Segment(text, 60, scene=text, product=text, coupon=text, notes=(text, "b"))
        for text in FORMULAS
    )
    sheet = RunSheet(segments)
    text = csv_text(sheet)
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), line
    save_runsheet(sheet, tmp_path / "f.csv")
    assert load_runsheet(tmp_path / "f.csv").sheet == sheet
    assert convert(tmp_path / "f.csv", tmp_path / "f.xlsx")[0] == 0
    assert load_runsheet(tmp_path / "f.xlsx").sheet == sheet


def test_other_columns_are_protected_too(tmp_path: Path) -> None:
    sheet = RunSheet((Segment("x", 60, extra=(("=cmd", "@SUM(A1)"), ("备注2", "-1"))),))
    assert csv_text(sheet).splitlines()[1] == "x,1:00,,,,,,'@SUM(A1),'-1"
    save_runsheet(sheet, tmp_path / "x.csv")
    assert load_runsheet(tmp_path / "x.csv").sheet == sheet


def test_a_protected_cell_excel_wrote_reads_as_its_text(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("title,duration\n'=1+2,5\n'plain,5\n", encoding="utf-8")
    titles = [s.title for s in load_runsheet(tmp_path / "p.csv").sheet.segments]
    assert titles == ["=1+2", "'plain"]


@pytest.mark.parametrize("extension", [".csv", ".xlsx", ".json"])
def test_saving_through_a_symlink_writes_the_file_it_points_to(
    tmp_path: Path, extension: str
) -> None:
    """As report -o does: the link stays a link, its target gets the sheet, no part is left."""
    sheet = RunSheet(segments=(Segment("开场", 300),), title="公开课")
    real = tmp_path / "shared" / f"real{extension}"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / f"link{extension}"
    link.symlink_to(real)
    save_runsheet(sheet, link)
    assert link.is_symlink()
    assert [s.title for s in load_runsheet(real).sheet.segments] == ["开场"]
    assert sorted(p.name for p in real.parent.iterdir()) == [real.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [link.name, "shared"]
