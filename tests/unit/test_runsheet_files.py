"""Run-sheet files (app.adapters.files): CSV in every encoding Excel writes, XLSX with time cells
and catalog sheets, JSON; round trips; files that cannot be read at all. Fixtures are made here
in tmp_path, so that nothing binary is committed."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from app.adapters.files import NO_SEGMENTS
from app.adapters.files.runsheets import (
    UnknownFormat,
    UnreadableFile,
    load_runsheet,
    save_runsheet,
)
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.runsheet import RunSheet, Segment, SegmentKind

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates"
CHINESE_CSV = (
    "环节,时长,类型,场景,商品,优惠券,话术\r\n"
    "开场,5,开场,开场 Opening,,,欢迎大家|今天讲三件事\r\n"
    "讲课：构图,15分钟,讲课,讲解 Teaching,,,\r\n"
    "商品：稳定器,6:00,商品,商品 Product,GIM-S5,FANS30,三轴增稳\r\n"
)


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def titles(path: Path) -> list[str]:
    return [s.title for s in load_runsheet(path).sheet.segments]


# --- CSV encodings --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_in_every_encoding_excel_writes(tmp_path: Path, encoding: str) -> None:
    result = load_runsheet(write(tmp_path / "show.csv", CHINESE_CSV, encoding))
    assert [s.title for s in result.sheet.segments] == ["开场", "讲课：构图", "商品：稳定器"]
    assert [s.duration_s for s in result.sheet.segments] == [300, 900, 360]
    assert result.sheet.segments[0].notes == ("欢迎大家", "今天讲三件事")
    assert result.errors == []
    # a CSV has no catalog: the product and the coupon are warned about, on their line
    assert [(p.location, p.field) for p in result.warnings] == [("4", "product"), ("4", "coupon")]


def test_csv_semicolons_and_a_title_row_above_the_header(tmp_path: Path) -> None:
    text = "618 大促 Rundown;;\ntitle;duration;kind\nIntro;90s;opening\nBad;x;opening\n"
    result = load_runsheet(write(tmp_path / "show.csv", text))
    assert [s.title for s in result.sheet.segments] == ["Intro", "Bad"]
    assert [(p.location, p.field) for p in result.errors] == [("4", "duration")]


def test_csv_multi_line_cells_are_located_where_the_record_starts(tmp_path: Path) -> None:
    text = 'title,duration,notes\n开场,5,"第一点\n第二点\n第三点"\n\n讲课,abc,"一\n二"\n,5,\n'
    result = load_runsheet(write(tmp_path / "show.csv", text, "utf-8-sig"))
    first, second, third = result.sheet.segments
    assert first.notes == ("第一点", "第二点", "第三点")
    assert (first.location, second.location, third.location) == ("2", "6", "8")
    assert [(p.location, p.field) for p in result.errors] == [("6", "duration"), ("8", "title")]


def test_csv_missing_required_column_is_on_line_1(tmp_path: Path) -> None:
    result = load_runsheet(write(tmp_path / "show.csv", "环节,类型\n开场,开场\n"))
    assert [(p.location, p.field) for p in result.errors] == [("1", "duration")]


def test_csv_export_is_utf8_with_bom_english_header_and_text_durations(tmp_path: Path) -> None:
    sheet = RunSheet((Segment("开场, 欢迎", 3900, SegmentKind.OPENING, notes=("a", 'say "hi"')),))
    save_runsheet(sheet, tmp_path / "out.csv")
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "title,duration,kind,scene,product,coupon,notes"
    assert lines[1] == '"开场, 欢迎",1:05:00,opening,,,,"a | say ""hi"""'


# --- XLSX -------------------------------------------------------------------------------------


def make_workbook(path: Path) -> Path:
    book = Workbook()
    rundown = book.active
    assert rundown is not None
    rundown.title = "RUNDOWN"
    rundown.append([])  # a blank first row: locations are the workbook's own rows
    rundown.append(["环节", "时长", "类型", "场景", "商品", "优惠券", "备注"])
    rundown.append(["开场", dt.time(0, 5), "开场", "开场 Opening", None, None, "欢迎\n介绍"])
    rundown.append(["讲课", dt.timedelta(hours=25), "讲课", None, None, None, None])
    rundown.append(["商品", 6, "商品", None, 10023, "FANS30", None])
    rundown.append(["促销", "1:30", "促销", None, None, "NOPE", None])
    rundown.append(["坏", "soon", None, None, None, None, None])
    rundown["B3"].number_format = "h:mm:ss"
    rundown["B4"].number_format = "[h]:mm:ss"
    products = book.create_sheet("Products")
    products.append(["SKU", "名称", "价格", "原价", "卖点", "库存"])
    products.append([10023, "稳定器", "¥299", 399, "三轴增稳|可折叠", 500])
    products.append(["B2", "镜头", "cheap", None, None, "many"])
    products.append([10023, "重复", 1, None, None, None])
    coupons = book.create_sheet("Coupons")
    coupons.append(["券码", "标题", "优惠", "秒", "数量"])  # 秒: a bare number is seconds
    coupons.append(["FANS30", "新粉券", "满199减30", 300, 100])
    book.save(path)
    return path


def test_xlsx_time_cells_catalog_sheets_and_locations(tmp_path: Path) -> None:
    result = load_runsheet(make_workbook(tmp_path / "show.xlsx"))
    segments = result.sheet.segments
    assert [s.duration_s for s in segments] == [300, 25 * 3600, 360, 90, 0]
    assert segments[0].location == "RUNDOWN!3"
    assert segments[0].notes == ("欢迎", "介绍")
    assert segments[2].product == "10023"
    stabiliser = result.sheet.catalog.products[0]
    assert (stabiliser.sku, stabiliser.price, stabiliser.stock) == ("10023", Decimal("299"), 500)
    assert stabiliser.selling_points == ("三轴增稳", "可折叠")
    assert result.sheet.catalog.coupon("FANS30") == Coupon(
        "FANS30", "新粉券", "满199减30", 300, 100
    )
    assert [(p.severity, p.location, p.field) for p in result.problems] == [
        ("warning", "RUNDOWN!4", "duration"),  # over two hours
        ("warning", "RUNDOWN!6", "coupon"),  # no catalog defines NOPE
        ("error", "RUNDOWN!7", "duration"),
        ("error", "Products!3", "price"),
        ("error", "Products!3", "stock"),
        ("error", "Products!4", None),  # duplicate SKU
    ]


def test_xlsx_first_sheet_when_no_rundown(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["title", "duration"])
    sheet.append(["Intro", 5])
    book.save(tmp_path / "plain.xlsx")
    result = load_runsheet(tmp_path / "plain.xlsx")
    assert result.ok
    assert result.sheet.segments[0].location == "Sheet1!2"


def test_xlsx_export_has_three_sheets_bold_headers_and_text_durations(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    save_runsheet(catalog_sheet(), tmp_path / "out.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == ["Rundown", "Products", "Coupons"]
    rundown = book["Rundown"]
    assert rundown["A1"].font.bold
    assert rundown["B1"].value == "duration"
    assert rundown["B2"].value == "5:00"
    assert rundown["B2"].data_type == "s"
    assert rundown["A3"].value == "=SUM(A1)"  # text stays text, never a formula


# --- JSON -----------------------------------------------------------------------------------


def test_json_file(tmp_path: Path) -> None:
    data = {
        "title": "公开课",
        "segments": [{"title": "开场", "duration": 300, "kind": "opening"}, {"title": "x"}],
        "products": [],
        "coupons": [],
    }
    result = load_runsheet(write(tmp_path / "show.json", json.dumps(data, ensure_ascii=False)))
    assert result.sheet.title == "公开课"
    assert [(p.location, p.field) for p in result.errors] == [("segments[1]", "duration")]


@pytest.mark.parametrize("name", ["公开课带货.json", "product_launch.json"])
def test_templates_load_without_problems(name: str) -> None:
    result = load_runsheet(TEMPLATES / name)
    assert result.problems == []
    kinds = {s.kind for s in result.sheet.segments}
    assert {SegmentKind.OPENING, SegmentKind.PRODUCT, SegmentKind.PROMO, SegmentKind.QA} <= kinds
    assert len(result.sheet.catalog.products) == 3
    assert len(result.sheet.catalog.coupons) == 2
    scenes = {
        "开场 Opening",
        "讲解 Teaching",
        "商品 Product",
        "答疑 Q&A",
        "马上回来 BRB",
        "结束 Closing",
    }
    assert {s.scene for s in result.sheet.segments} <= scenes


def test_the_live_course_template_is_ninety_minutes() -> None:
    assert load_runsheet(TEMPLATES / "公开课带货.json").sheet.total_s == 90 * 60


# --- round trips ----------------------------------------------------------------------------

_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), blacklist_characters="|"
)
_TEXT = st.text(
    st.one_of(_CHARS, st.sampled_from([",", '"', "中", "文", " ", "'"])), min_size=1, max_size=24
)
TEXT = _TEXT.map(str.strip).filter(bool)
TITLE = st.one_of(TEXT, st.tuples(TEXT, TEXT).map("\n".join))  # a line break inside a cell
SEGMENT = st.builds(
    Segment,
    title=TITLE,
    duration_s=st.integers(min_value=1, max_value=10 * 3600),
    kind=st.one_of(st.none(), st.sampled_from(SegmentKind)),
    scene=st.one_of(st.none(), TEXT),
    product=st.one_of(st.none(), TEXT),
    coupon=st.one_of(st.none(), TEXT),
    notes=st.lists(TEXT, max_size=4).map(tuple),
)
SHEETS = st.lists(SEGMENT, max_size=8).map(lambda s: RunSheet(tuple(s)))
ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(sheet=SHEETS)
def test_csv_round_trip(tmp_path_factory: pytest.TempPathFactory, sheet: RunSheet) -> None:
    path = tmp_path_factory.mktemp("csv") / "show.csv"
    save_runsheet(sheet, path)
    result = load_runsheet(path)
    # a sheet without segments reads back as it was, and is refused as everywhere
    assert [e.message for e in result.errors] == ([] if sheet.segments else [NO_SEGMENTS])
    assert result.sheet.segments == sheet.segments


@ROUND_TRIP
@given(sheet=SHEETS)
def test_xlsx_round_trip(tmp_path_factory: pytest.TempPathFactory, sheet: RunSheet) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "show.xlsx"
    save_runsheet(sheet, path)
    assert load_runsheet(path).sheet.segments == sheet.segments


@ROUND_TRIP
@given(sheet=SHEETS, title=st.one_of(st.just(""), TEXT))
def test_json_round_trip(
    tmp_path_factory: pytest.TempPathFactory, sheet: RunSheet, title: str
) -> None:
    sheet = RunSheet(sheet.segments, catalog_sheet().catalog, title)
    path = tmp_path_factory.mktemp("json") / "show.json"
    save_runsheet(sheet, path)
    assert load_runsheet(path).sheet == sheet


def catalog_sheet() -> RunSheet:
    catalog = Catalog(
        (
            Product(
                "A1",
                "稳定器",
                Decimal("299.00"),
                Decimal("399"),
                "a.png",
                ("三轴", "折叠"),
                "https://x.cn",
                5,
            ),
            Product("B2", "镜头"),
        ),
        (Coupon("FANS30", "新粉券", "满199减30", 300, 100), Coupon("LIVE", "直播券", seconds=75)),
    )
    segments = (
        Segment("开场", 300, SegmentKind.OPENING, "开场 Opening", "A1", "FANS30", ("欢迎", "介绍")),
        Segment("=SUM(A1)", 60),
    )
    return RunSheet(segments, catalog, "公开课 Live")


@pytest.mark.parametrize("extension", [".xlsx", ".json"])
def test_catalog_and_title_round_trip(tmp_path: Path, extension: str) -> None:
    sheet = catalog_sheet()
    save_runsheet(sheet, tmp_path / f"show{extension}")
    result = load_runsheet(tmp_path / f"show{extension}")
    assert result.problems == []
    assert result.sheet == sheet


def test_a_2000_row_sheet(tmp_path: Path) -> None:
    lines = ["环节,时长,类型,场景,话术"]
    lines += [f"第{i}段,{i % 9 + 1}:30,讲课,讲解 Teaching,要点一|要点二" for i in range(2000)]
    result = load_runsheet(write(tmp_path / "big.csv", "\n".join(lines), "gb18030"))
    assert len(result.sheet.segments) == 2000
    assert result.ok
    assert result.sheet.segments[-1].location == "2001"
    save_runsheet(result.sheet, tmp_path / "big.xlsx")
    assert len(load_runsheet(tmp_path / "big.xlsx").sheet.segments) == 2000


def test_save_replaces_the_file_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = write(tmp_path / "show.json", "old")
    save_runsheet(catalog_sheet(), target)
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "公开课 Live"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["show.json"]


# --- unreadable ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\xef\xbb\xbf \r\n\r\n", "empty"),
        ("empty.xlsx", b"", "empty"),
        ("empty.json", b"  \n", "empty"),
        ("binary.csv", bytes(range(256)) * 4, "binary"),
        ("noise.csv", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40, "binary"),
        ("workbook.csv", b"PK\x03\x04\x14\x00\x06\x00", "xlsx"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "XLSX"),
        ("text.xlsx", "环节,时长\n开场,5\n".encode(), "XLSX"),
        ("broken.json", b'{"segments": [\n  {"title": "a",}\n]}', "invalid JSON"),
        ("latin1.json", b'{"title": "caf\xe9"}', "UTF-8"),
        ("show.txt", b"title,duration\n", "CSV"),
        ("show.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
        ("show", b"title,duration\n", "unknown"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        load_runsheet(write(tmp_path / name, data))


def test_broken_json_says_where(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        load_runsheet(write(tmp_path / "broken.json", '{"segments": [\n  {"title": "a",}\n]}'))
    assert caught.value.location == "2:17"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        load_runsheet(tmp_path / "nowhere.csv")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(UnreadableFile, match="folder"):
        load_runsheet(tmp_path / "folder.csv")


def test_save_to_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormat):
        save_runsheet(RunSheet(), tmp_path / "show.pdf")
    assert list(tmp_path.iterdir()) == []
