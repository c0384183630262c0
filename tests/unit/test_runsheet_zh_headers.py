"""A Chinese producer's run-sheet read as the zh_CN editors name its columns: the run-sheet
editor's 要点, the card editor's 秒数, a unit in brackets (`时长（分钟）`); talking points split at
the full-width ｜; a column LiveDesk does not read is a warning, never silence; a bad count is
quoted as typed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from app.domain.runsheet import ParseResult, parse_rows, split_notes
from app.domain.runsheet_cells import cell_split_points
from app.domain.runsheet_codec import parse_catalog_rows, parse_count, sheet_from_dict


def parse(header: Sequence[object], *rows: Sequence[object]) -> ParseResult:
    """Rows located like CSV lines: the header is line 1."""
    return parse_rows(header, "1", [(str(n), row) for n, row in enumerate(rows, start=2)])


def rows(sheet: str, *cells: Sequence[object]) -> list[tuple[str, Sequence[object]]]:
    return [(f"{sheet}!{n}", row) for n, row in enumerate(cells, start=2)]


# the zh_CN run-sheet editor's and card editor's column titles (resources/i18n/livedesk_zh_CN.ts)
EDITOR_RUNDOWN = ["标题", "时长", "类型", "场景", "商品", "优惠券", "要点", "互动"]
EDITOR_PRODUCTS = ["SKU", "名称", "价格", "原价", "图片", "卖点", "链接", "库存"]
EDITOR_COUPONS = ["券码", "标题", "优惠", "秒数", "数量"]


def test_the_run_sheet_editors_own_chinese_headers_read_back() -> None:
    result = parse(EDITOR_RUNDOWN, ["开场", "5", "开场", "Intro", "A1", "Q1", "欢迎|关注", "签到"])
    assert result.problems == []
    segment = result.sheet.segments[0]
    assert (segment.notes, segment.interaction, segment.extra) == (("欢迎", "关注"), "签到", ())


@pytest.mark.parametrize("name", ["要点", "讲解要点", "话术要点"])
def test_talking_points_under_the_names_chinese_sheets_give_them(name: str) -> None:
    result = parse(["环节", "时长", name], ["开场", "5", "欢迎大家|点关注"])
    assert result.sheet.segments[0].notes == ("欢迎大家", "点关注")


def test_the_card_editors_own_chinese_headers_read_back() -> None:
    catalog, problems = parse_catalog_rows(
        EDITOR_PRODUCTS,
        rows("商品", ["A1", "保温杯", "99", "129", "cup.png", "316不锈钢", "https://x", "50"]),
        EDITOR_COUPONS,
        rows("优惠券", ["QUAN1", "闪购券", "满99减10", "60", "100"]),
    )
    assert problems == []
    (product,), (coupon,) = catalog.products, catalog.coupons
    assert (product.sku, product.name, product.stock, product.selling_points) == (
        "A1", "保温杯", 50, ("316不锈钢",),
    )  # fmt: skip
    assert (coupon.code, coupon.seconds, coupon.quantity) == ("QUAN1", 60, 100)  # not 5:00


@pytest.mark.parametrize(
    ("header", "cell", "seconds"),
    [("时长（分钟）", "5", 300), ("时长(分钟)", "5", 300), ("时长 (min)", "2.5", 150),
     ("时长（分钟）", "90秒", 90)],
)  # fmt: skip
def test_a_duration_header_with_its_unit_in_brackets(header: str, cell: str, seconds: int) -> None:
    result = parse(["环节", header], ["开场", cell])
    assert result.problems == []
    assert result.sheet.segments[0].duration_s == seconds


def test_a_rundown_duration_in_seconds_is_refused_not_read_as_minutes() -> None:
    """`时长（秒）` with 90 would be ninety minutes on air: the column names no field."""
    result = parse(["环节", "时长（秒）"], ["开场", "90"])
    assert [(p.severity, p.field) for p in result.errors] == [("error", "duration")]


@pytest.mark.parametrize("header", ["时长（秒）", "秒数(秒)", "seconds (s)"])
def test_a_coupon_countdown_header_in_seconds_reads_a_bare_number_as_seconds(header: str) -> None:
    catalog, problems = parse_catalog_rows(
        None, [], ["券码", header], rows("Coupons", ["Q1", "60"])
    )
    assert problems == []
    assert catalog.coupons[0].seconds == 60


def test_a_bracket_that_is_only_a_note_still_names_the_column() -> None:
    catalog, problems = parse_catalog_rows(
        ["货号", "价格（元）", "库存（件）"], rows("Products", ["A1", "99", "5"]), None, []
    )
    assert problems == []
    assert (str(catalog.products[0].price), catalog.products[0].stock) == ("99", 5)


def test_a_coupons_column_livedesk_does_not_read_is_a_warning() -> None:
    catalog, problems = parse_catalog_rows(
        ["sku", "成本"],
        rows("Products", ["A1", "30"]),
        ["券码", "倒计时秒"],
        rows("Coupons", ["Q1", "60"], ["Q2", None]),
        products_header_location="Products!1",
        coupons_header_location="Coupons!1",
    )
    assert catalog.coupons[0].seconds == 300  # the default: the column was not read …
    assert [(p.severity, p.location) for p in problems] == [
        ("warning", "Products!1"), ("warning", "Coupons!1"),
    ]  # fmt: skip
    assert "“倒计时秒”" in problems[1].message  # … and that is said


def test_an_empty_column_livedesk_does_not_read_says_nothing() -> None:
    _, problems = parse_catalog_rows(None, [], ["券码", "备用"], rows("Coupons", ["Q1", None]))
    assert problems == []


def test_rundown_columns_livedesk_does_not_read_are_warnings() -> None:
    result = parse(
        ["环节", "时长", "主播", "时长", "空列"],
        ["开场", "5", "小美", "6", None, "迷路的格子"],
    )
    assert result.ok
    said = [(p.severity, p.location, p.message) for p in result.problems]
    assert said == [
        ("warning", "1", "LiveDesk does not read the column “主播”: it is kept, unused"),
        ("warning", "1", "LiveDesk does not read the column “时长”: nothing in it is used"),
        ("warning", "1", "column 6 has no header: LiveDesk does not read it"),
    ]


def test_talking_points_split_at_the_full_width_bar() -> None:
    assert split_notes("欢迎新朋友｜关注领券|下单") == ("欢迎新朋友", "关注领券", "下单")
    result = sheet_from_dict({"segments": [{"title": "t", "duration": 60, "notes": ["甲｜乙"]}]})
    # a point holding ｜ would split in a cell: a conversion to CSV/XLSX must say so
    assert cell_split_points(result.sheet) == [("segments[0] notes", "甲｜乙")]


@pytest.mark.parametrize(("typed", "shown"), [("-1", "'-1'"), ("1.5", "'1.5'"), ("－１", "'－１'")])
def test_a_bad_count_is_quoted_as_typed(typed: str, shown: str) -> None:
    with pytest.raises(ValueError, match=f"^the stock must be a whole number .* not {shown}$"):
        parse_count(typed, "stock")


def test_a_json_sheet_that_carried_talking_points_unread_reads_them_now() -> None:
    """`runsheet convert` once wrote a 要点 column as `extra`: it now reads as the notes."""
    extra = {"要点": "欢迎|关注", "主播": "小美"}
    result = sheet_from_dict(
        {"segments": [{"title": "开场", "duration": 60, "notes": [], "extra": extra}]}
    )
    assert result.problems == []
    segment = result.sheet.segments[0]
    assert (segment.notes, segment.extra) == (("欢迎", "关注"), (("主播", "小美"),))
