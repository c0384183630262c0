"""Every error and warning of a run-sheet, with its location; the JSON form and the catalog sheets
(app.domain.runsheet_codec)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal

import pytest

from app.domain.catalog import Catalog, Coupon, Product
from app.domain.runsheet import (
    ParseResult,
    Problem,
    RunSheet,
    Segment,
    SegmentKind,
    parse_rows,
    validate,
)
from app.domain.runsheet_codec import (
    parse_catalog_rows,
    parse_count,
    parse_coupon_seconds,
    parse_price,
    sheet_from_dict,
    sheet_to_dict,
)

HEADER = ["环节", "时长", "类型", "场景", "商品", "优惠券", "话术"]


def parse(*rows: Sequence[object], header: Sequence[object] = HEADER) -> ParseResult:
    """Rows located like CSV lines: the header is line 1."""
    return parse_rows(header, "1", [(str(n), row) for n, row in enumerate(rows, start=2)])


def only(problems: list[Problem], severity: str = "error") -> Problem:
    found = [p for p in problems if p.severity == severity]
    assert len(found) == 1, problems
    return found[0]


# --- a valid sheet -------------------------------------------------------------------------


def test_chinese_headers_kinds_and_notes() -> None:
    result = parse(
        ["开场", "5", "开场", "开场 Opening", "", "", "欢迎大家\n今天讲三件事"],
        ["讲课", "15分钟", "讲课", "讲解 Teaching", "", "", "构图|光线 | 后期"],
    )
    assert result.ok, result.problems
    first, second = result.sheet.segments
    assert first == Segment(
        "开场", 300, SegmentKind.OPENING, "开场 Opening", notes=("欢迎大家", "今天讲三件事")
    )
    assert second.notes == ("构图", "光线", "后期")
    assert second.location == "3"
    assert result.sheet.total_s == 1200


def test_english_headers_any_case_and_blank_rows_skipped() -> None:
    result = parse(["Intro", "90s"], ["", ""], ["Outro", "1:00"], header=[" TITLE ", "Duration"])
    assert result.ok
    assert [s.location for s in result.sheet.segments] == ["2", "4"]


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["title", "duration"])
def test_error_missing_required_column(missing: str) -> None:
    header = [h for h in ["title", "duration", "kind"] if h != missing]
    result = parse(["x", "y"], header=header)
    problem = only(result.problems)
    assert (problem.location, problem.field) == ("1", missing)
    assert f"missing required column “{missing}”" in problem.message
    assert not result.sheet.segments


@pytest.mark.parametrize(("row", "field"), [(["", "5"], "title"), (["开场", ""], "duration")])
def test_error_missing_required_value(row: list[str], field: str) -> None:
    problem = only(parse(["ok", "5"], row).problems)
    assert (problem.location, problem.field, problem.segment) == ("3", field, 1)
    assert problem.message == f"the {field} is missing"


def test_error_unreadable_duration() -> None:
    problem = only(parse(["ok", "5"], ["ok", "5"], ["讲课", "半小时"]).problems)
    assert (problem.location, problem.field) == ("4", "duration")
    assert "expected a duration" in problem.message
    assert "半小时" in problem.message


@pytest.mark.parametrize("duration", ["0", "0:00", "-5", 0])
def test_error_non_positive_duration(duration: object) -> None:
    problem = only(parse(["开场", duration]).problems)
    assert (problem.location, problem.field) == ("2", "duration")
    assert "more than zero" in problem.message


def test_error_unknown_kind() -> None:
    problem = only(parse(["开场", "5", "暖场"]).problems)
    assert (problem.location, problem.field) == ("2", "kind")
    assert "unknown kind “暖场”" in problem.message


def test_error_duplicate_sku() -> None:
    catalog = Catalog(
        (Product("A1", "杯子", location="Products!2"), Product("A1", "杯子", location="Products!5"))
    )
    problem = only(validate(RunSheet((Segment("x", 60),), catalog)))
    assert problem.location == "Products!5"
    assert "duplicate SKU “A1”" in problem.message


def test_error_duplicate_coupon_code() -> None:
    catalog = Catalog(
        coupons=(Coupon("C", "a", location="Coupons!2"), Coupon("C", "b", location="Coupons!3"))
    )
    problem = only(validate(RunSheet((Segment("x", 60),), catalog)))
    assert problem.location == "Coupons!3"
    assert "duplicate coupon code “C”" in problem.message


def test_every_bad_cell_is_reported_and_the_rest_still_read() -> None:
    result = parse(["", "abc", "?"], ["好", "5"])
    assert {p.field for p in result.errors} == {"title", "duration", "kind"}
    assert len(result.sheet.segments) == 2


# --- warnings -------------------------------------------------------------------------------


def sheet_with(segment: Segment, catalog: Catalog | None = None) -> RunSheet:
    return RunSheet((segment,), catalog or Catalog())


def test_warning_scene_that_obs_does_not_have() -> None:
    sheet = sheet_with(Segment("开场", 60, scene="开场 Opening", location="2"))
    problem = only(validate(sheet, scenes=["讲解 Teaching"]), "warning")
    assert (problem.location, problem.field) == ("2", "scene")
    assert "OBS has no scene “开场 Opening”" in problem.message
    assert validate(sheet, scenes=["开场 Opening"]) == []
    assert validate(sheet) == []  # not connected: scenes are not checked


def test_warning_product_no_catalog_defines() -> None:
    sheet = sheet_with(Segment("商品", 60, product="SKU9", location="Rundown!4"))
    problem = only(validate(sheet), "warning")
    assert (problem.location, problem.field) == ("Rundown!4", "product")
    assert "product “SKU9”" in problem.message
    assert validate(sheet, known=Catalog((Product("SKU9", "saved"),))) == []


def test_warning_coupon_no_catalog_defines() -> None:
    sheet = sheet_with(Segment("促销", 60, coupon="FANS30", location="7"))
    problem = only(validate(sheet), "warning")
    assert (problem.location, problem.field) == ("7", "coupon")
    assert "coupon “FANS30”" in problem.message
    defined = sheet_with(sheet.segments[0], Catalog(coupons=(Coupon("FANS30", "新粉券"),)))
    assert validate(defined) == []


def test_warning_segment_over_two_hours() -> None:
    problem = only(validate(sheet_with(Segment("马拉松", 2 * 3600 + 1, location="3"))), "warning")
    assert (problem.location, problem.field) == ("3", "duration")
    assert validate(sheet_with(Segment("刚好", 2 * 3600))) == []


def test_warning_segment_under_a_minute_most_likely_minutes_read_as_seconds() -> None:
    # 0:05 typed in an h:mm cell reads as m:ss: five seconds, where five minutes were meant
    sheet = parse(["开场", "0:05"], ["讲课", "5"])
    assert [s.duration_s for s in sheet.sheet.segments] == [5, 300]
    problem = only(validate(sheet.sheet), "warning")
    assert (problem.location, problem.field) == ("2", "duration")
    assert "only 5 s" in problem.message
    assert "5分钟" in problem.message
    assert validate(sheet_with(Segment("十秒", 10))) == []


@pytest.mark.parametrize("days", [0.003472222222222222, "0.0034"])
def test_a_number_of_days_that_rounds_to_no_seconds_says_a_number_is_minutes(
    days: object,
) -> None:
    problem = only(parse(["开场", days]).problems)
    assert "less than a second: a bare number is minutes" in problem.message
    assert "more than zero" not in problem.message


# --- catalog sheets ------------------------------------------------------------------------


def rows(sheet: str, *cells: Sequence[object]) -> list[tuple[str, Sequence[object]]]:
    return [(f"{sheet}!{n}", row) for n, row in enumerate(cells, start=2)]


def test_catalog_rows_with_chinese_headers_and_price_forms() -> None:
    catalog, problems = parse_catalog_rows(
        ["货号", "商品名", "售价", "划线价", "卖点", "库存"],
        rows(
            "Products",
            ["A1", "稳定器", "¥299", "399.00", "三轴增稳\n可折叠", 500],
            [10023.0, "镜头", 129, None, "广角|微距", "1,000"],
            [None, None, None, None, None, None],
        ),
        ["券码", "标题", "优惠", "秒", "数量"],
        rows(
            "Coupons",
            ["FANS30", "新粉券", "满199减30", 300, 100],
            ["LIVE", "直播券", "", "5分钟", None],
        ),
    )
    assert problems == []
    a1, lens = catalog.products
    assert (a1.price, a1.original_price, a1.selling_points) == (
        Decimal("299"), Decimal("399.00"), ("三轴增稳", "可折叠"),
    )  # fmt: skip
    assert (lens.sku, lens.stock, a1.location) == ("10023", 1000, "Products!2")
    fans, live = catalog.coupons
    assert (fans.seconds, fans.quantity, live.seconds) == (300, 100, 300)


def test_catalog_row_errors_are_located() -> None:
    _, problems = parse_catalog_rows(
        ["sku", "name", "price", "stock"],
        rows("Products", ["A1", "x", "free", 5], ["", "no sku", 9, 1], ["A2", "y", 9, -3]),
        ["code", "title", "seconds", "quantity"],
        rows("Coupons", ["", "no code", 60, 1], ["C", "t", "0", 1.5]),
    )
    located = {(p.location, p.field) for p in problems}
    assert located == {
        ("Products!2", "price"), ("Products!3", "sku"), ("Products!4", "stock"),
        ("Coupons!2", "code"), ("Coupons!3", "seconds"), ("Coupons!3", "quantity"),
    }  # fmt: skip
    assert all(p.severity == "error" for p in problems)


def test_catalog_sheet_without_its_key_column() -> None:
    catalog, problems = parse_catalog_rows(
        ["name"], rows("Products", ["x"]), None, [], products_header_location="Products!3"
    )
    assert catalog.products == ()
    assert [(p.location, p.field) for p in problems] == [("Products!3", "sku")]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(300, 300), ("300", 300), (90.0, 90), ("5m", 300), ("5:00", 300), ("5分钟", 300),
     (dt.time(0, 5), 300), (None, 300), ("", 300)],
)  # fmt: skip
def test_coupon_seconds_bare_number_is_seconds(value: object, seconds: int) -> None:
    assert parse_coupon_seconds(value) == seconds


@pytest.mark.parametrize("value", ["abc", [1], True, "1,5"])
def test_bad_prices(value: object) -> None:
    with pytest.raises(ValueError, match="price"):
        parse_price(value)


@pytest.mark.parametrize(
    ("value", "price"),
    [("１９９．００", "199.00"), ("９９", "99"), ("￥１，２９９．５", "1299.5"),
     ("１９９．００元", "199.00"), ("¥　199", "199")],
)  # fmt: skip
def test_full_width_prices_as_a_chinese_ime_types_them(value: str, price: str) -> None:
    assert parse_price(value) == Decimal(price)


@pytest.mark.parametrize("value", ["9⁹", "¹⁹⁹"])
def test_only_full_width_forms_are_folded_not_superscripts(value: str) -> None:
    with pytest.raises(ValueError, match="price"):
        parse_price(value)


def test_full_width_counts_and_coupon_seconds() -> None:
    assert parse_count("１，０００") == 1000
    assert parse_coupon_seconds("３００") == 300
    assert parse_coupon_seconds("９０．０") == 90  # a bare number is seconds, full-width too


def test_counts() -> None:
    assert (parse_count(None), parse_count(""), parse_count(3.0), parse_count("2,000")) == (
        None, None, 3, 2000,
    )  # fmt: skip
    for bad in (-1, 1.5, "many", True):
        with pytest.raises(ValueError, match="must be a whole number from 0"):
            parse_count(bad)


# --- the JSON form ---------------------------------------------------------------------------


def full_sheet() -> RunSheet:
    catalog = Catalog(
        (
            Product(
                "A1",
                "稳定器",
                Decimal("299.00"),
                Decimal("399"),
                "a.png",
                ("三轴",),
                "https://x",
                5,
            ),
        ),
        (Coupon("FANS30", "新粉券", "满199减30", 300, 100),),
    )
    segments = (
        Segment("开场", 300, SegmentKind.OPENING, "开场 Opening", notes=("欢迎", "介绍")),
        Segment("商品", 360, SegmentKind.PRODUCT, "商品 Product", "A1", "FANS30"),
    )
    return RunSheet(segments, catalog, "公开课")


def test_the_json_form_shape() -> None:
    data = sheet_to_dict(full_sheet())
    assert set(data) == {"title", "segments", "products", "coupons"}
    assert data["segments"][0] == {
        "title": "开场", "duration": 300, "kind": "opening", "scene": "开场 Opening",
        "product": None, "coupon": None, "notes": ["欢迎", "介绍"],
    }  # fmt: skip
    assert data["products"][0]["price"] == "299.00"
    assert set(data["products"][0]) == {
        "sku", "name", "price", "original_price", "image", "selling_points", "link", "stock"
    }  # fmt: skip
    assert set(data["coupons"][0]) == {"code", "title", "discount", "seconds", "quantity"}
    json.dumps(data)  # plain JSON types only


def test_the_json_form_round_trips() -> None:
    sheet = full_sheet()
    result = sheet_from_dict(json.loads(json.dumps(sheet_to_dict(sheet))))
    assert result.problems == []
    assert result.sheet == sheet
    assert result.sheet.segments[1].location == "segments[1]"


def test_json_durations_numbers_are_seconds_text_any_form() -> None:
    result = sheet_from_dict(
        {"segments": [{"title": "a", "duration": 90}, {"title": "b", "duration": "5分钟"},
                      {"title": "c", "duration": "1:05:00"}, {"title": "d", "duration": "5"}]}
    )  # fmt: skip
    assert [s.duration_s for s in result.sheet.segments] == [90, 300, 3900, 300]


def test_json_notes_as_one_text_and_kinds_in_chinese() -> None:
    result = sheet_from_dict(
        {"segments": [{"title": "a", "duration": 60, "kind": "答疑", "notes": "x|y\nz"}]}
    )
    assert result.sheet.segments[0].notes == ("x", "y", "z")
    assert result.sheet.segments[0].kind is SegmentKind.QA


def test_json_bad_fields_are_located() -> None:
    result = sheet_from_dict(
        {
            "title": ["not", "text"],
            "segments": [
                {"title": "ok", "duration": 60},
                {"title": "", "duration": 0, "kind": "party"},
                "not an object",
                {"title": {"x": 1}, "duration": "soon", "notes": [1, 2]},
            ],
            "products": [{"name": "no sku"}, {"sku": "A", "price": "cheap", "stock": "many"}],
            "coupons": [{"code": "C", "seconds": -1}, 7],
        }
    )
    located = sorted((p.location, p.field or "") for p in result.errors)
    assert located == sorted([
        ("title", "title"),
        ("segments[1]", "title"), ("segments[1]", "duration"), ("segments[1]", "kind"),
        ("segments[2]", ""),
        ("segments[3]", "title"), ("segments[3]", "duration"), ("segments[3]", "notes"),
        ("products[0]", "sku"), ("products[1]", "price"), ("products[1]", "stock"),
        ("coupons[0]", "seconds"), ("coupons[1]", ""),
    ])  # fmt: skip
    assert {p.segment for p in result.errors if p.location == "segments[1]"} == {1}
    assert [s.title for s in result.sheet.segments] == ["ok", "", ""]


@pytest.mark.parametrize("data", [None, 5, "text", {"segments": "x"}, {"title": "t"}, {}])
def test_json_wrong_shapes_are_errors_not_exceptions(data: object) -> None:
    result = sheet_from_dict(data)
    assert not result.ok
    assert result.sheet.segments == ()


def test_json_bare_list_is_the_segments() -> None:
    result = sheet_from_dict([{"title": "a", "duration": 60}])
    assert result.ok
    assert len(result.sheet.segments) == 1
