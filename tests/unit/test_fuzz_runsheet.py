"""Fuzzing the run-sheet readers: whatever the cells or the bytes, the answer is segments and
located problems, or the one documented "cannot read this file" error (UnreadableFile) — never
another exception. Each property states what a valid answer looks like, so it can fail."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook

from app.adapters.files.runsheets import UnreadableFile, load_runsheet
from app.domain.durations import MAX_SECONDS, DurationError, parse_duration
from app.domain.overlay_view import product_card
from app.domain.runsheet import FIELDS, ParseResult, parse_rows
from app.domain.runsheet_codec import (
    parse_count,
    parse_coupon_seconds,
    parse_price,
    parse_seconds,
    sheet_from_dict,
)
from tests.support.fuzz import CELLS, FUZZ, JSON_VALUES, SCALARS, TEXTS, json_ready

HEADER_NAMES = [name for names in FIELDS.values() for name in names]
HEADERS = st.lists(st.one_of(st.sampled_from(HEADER_NAMES), CELLS), max_size=9)
ROWS = st.lists(st.lists(CELLS, max_size=9), max_size=8)


def check_located(result: ParseResult, locations: set[str]) -> None:
    """Every problem says where it is (one of `locations`, when given) and what is wrong."""
    for problem in result.problems:
        assert problem.severity in ("error", "warning")
        assert isinstance(problem.location, str), problem
        assert problem.location.strip(), problem
        assert isinstance(problem.message, str), problem
        assert problem.message.strip(), problem
        assert len(problem.message) < 2000, problem.message[:200]  # a bad value is shortened
        if locations:
            assert problem.location in locations, (problem, locations)
    for segment in result.sheet.segments:
        assert isinstance(segment.title, str)
        assert isinstance(segment.duration_s, int)
        assert 0 <= segment.duration_s <= MAX_SECONDS


# ----- durations and the codec's value parsers ------------------------------------------------
@FUZZ
@given(CELLS)
@example(1e308)
@example(10**400)
@example("1e307")
@example("9" * 5000)
@example("1:" + "9" * 5000)
def test_a_duration_is_seconds_or_a_duration_error(value: Any) -> None:
    raised: str | None = None
    try:
        seconds = parse_duration(value)
    except DurationError as exc:
        raised = str(exc)
    else:
        assert isinstance(seconds, int)
        assert 0 < seconds <= MAX_SECONDS
    if raised is not None:
        assert raised
        assert len(raised) < 500


@FUZZ
@given(CELLS)
@example(10**400)
@example("1e5000")
@example("1.5e308")
def test_the_codec_value_parsers_raise_only_value_errors(value: Any) -> None:
    for parse in (parse_seconds, parse_coupon_seconds, parse_price, parse_count):
        raised: str | None = None
        try:
            parsed = parse(value)
        except ValueError as exc:  # DurationError is one
            raised = str(exc)
        else:
            if parse is parse_price and parsed is not None:
                # a price that parses can be shown on a card
                assert product_card_price(parsed)
            elif parse in (parse_seconds, parse_coupon_seconds):
                assert 0 < parsed <= MAX_SECONDS
        if raised is not None:
            assert raised, parse.__name__
            assert len(raised) < 500, parse.__name__


def product_card_price(price: Any) -> str:
    from app.domain.catalog import Product

    shown = product_card(Product("SKU", "name", price=price))["price"]
    assert isinstance(shown, str), shown
    assert len(shown) < 40, shown
    return shown


# ----- rows of cells --------------------------------------------------------------------------
@FUZZ
@given(header=HEADERS, rows=ROWS)
def test_parse_rows_never_raises_and_locates_every_problem(
    header: list[Any], rows: list[list[Any]]
) -> None:
    located = [(f"Rundown!{n}", row) for n, row in enumerate(rows, start=2)]
    result = parse_rows(header, "Rundown!1", located)
    check_located(result, {"Rundown!1", *(where for where, _ in located)})
    columns = {str(c or "").strip().lower() for c in header}
    if not ({"title", "环节", "标题"} & columns and {"duration", "时长"} & columns):
        assert result.errors
        assert result.sheet.segments == ()


# ----- the JSON form --------------------------------------------------------------------------
SEGMENT_FIELDS = ("title", "duration", "kind", "scene", "product", "coupon", "notes")
PRODUCT_KEYS = ("sku", "name", "price", "original_price", "image", "selling_points", "link",
                "stock")  # fmt: skip
COUPON_KEYS = ("code", "title", "discount", "seconds", "quantity")


def shaped(keys: Sequence[str]) -> st.SearchStrategy[dict[str, Any]]:
    """An object with the right keys and hostile values (closer to a real sheet than noise)."""
    values = st.one_of(SCALARS.map(json_ready), JSON_VALUES)
    return st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))


DOCUMENTS = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {},
        optional={
            "title": JSON_VALUES,
            "segments": st.one_of(st.lists(shaped(SEGMENT_FIELDS), max_size=5), JSON_VALUES),
            "products": st.one_of(st.lists(shaped(PRODUCT_KEYS), max_size=4), JSON_VALUES),
            "coupons": st.one_of(st.lists(shaped(COUPON_KEYS), max_size=4), JSON_VALUES),
        },
    ),
)


@FUZZ
@given(DOCUMENTS)
def test_any_json_document_is_a_sheet_with_located_problems(document: Any) -> None:
    result = sheet_from_dict(document)
    check_located(result, set())
    if not isinstance(document, dict | list):
        assert result.errors
        assert result.errors[0].location == "$"


# ----- files: arbitrary bytes, arbitrary cells ------------------------------------------------
def load(tmp_path: Path, name: str, data: bytes) -> ParseResult | None:
    """The file's result, or None when it is refused as unreadable (with a message)."""
    path = tmp_path / name
    path.write_bytes(data)
    try:
        result = load_runsheet(path)
    except UnreadableFile as exc:
        refusal: str | None = exc.message  # not the exception: its frames hold the file open
    else:
        refusal = None
    if refusal is not None:
        assert refusal.strip()
        return None
    check_located(result, set())
    return result


CSV_TEXT = st.lists(
    st.lists(st.one_of(TEXTS, st.sampled_from(HEADER_NAMES)), max_size=7).map(
        lambda cells: ",".join(cells)
    ),
    max_size=8,
).map("\n".join)
BYTES = st.one_of(
    st.binary(max_size=400),
    CSV_TEXT.map(lambda text: text.encode("utf-8")),
    CSV_TEXT.map(lambda text: text.encode("gb18030", "replace")),
    CSV_TEXT.map(lambda text: text.encode("utf-16")),
    st.sampled_from([b"\xff\xfe\x00", b"\xfe\xff\xd8", b"PK\x03\x04", b'"unterminated\n,x']),
)


@FUZZ
@given(data=BYTES)
def test_any_bytes_as_csv(tmp_path: Path, data: bytes) -> None:
    result = load(tmp_path, "show.csv", data)
    if result is not None:
        lines = {str(n) for n in range(1, data.count(b"\n") + data.count(b"\r") + 2)}
        assert {p.location for p in result.problems} <= lines | {"0"}, result.problems


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), JSON_VALUES.map(lambda v: json.dumps(v).encode()),
                      DOCUMENTS.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
                      st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n)))  # fmt: skip
def test_any_bytes_as_json(tmp_path: Path, data: bytes) -> None:
    load(tmp_path, "show.json", data)


def _workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([_cell(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """What openpyxl can store: texts cleaned of what XML forbids, lists as text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, list):
        value = json.dumps(json_ready(value))
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:1000]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return float(value) if abs(value) < 10**300 else str(value)[:1000]
    return value


WORKBOOK_CELLS = st.one_of(
    st.sampled_from([*HEADER_NAMES, "sku", "code", "price", "seconds"]),
    CELLS.filter(lambda v: not (hasattr(v, "is_nan") and v.is_nan())),  # openpyxl: no NaN
)
SHEET_NAMES = st.sampled_from(["Rundown", "Products", "Coupons", "商品", "Sheet 2", "流程"])
SHEETS = st.lists(st.lists(WORKBOOK_CELLS, max_size=7), max_size=6)


@FUZZ
@given(sheets=st.dictionaries(SHEET_NAMES, SHEETS, min_size=1, max_size=3))
def test_any_cells_in_a_workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    try:
        data = _workbook(sheets)
    except (ValueError, TypeError):  # openpyxl itself refuses the value: nothing to read
        return
    load(tmp_path, "show.xlsx", data)


@FUZZ
@given(data=st.binary(max_size=300), flips=st.lists(st.integers(0, 10_000), max_size=8))
def test_any_bytes_and_damaged_workbooks_as_xlsx(
    tmp_path: Path, data: bytes, flips: list[int]
) -> None:
    assert load(tmp_path, "noise.xlsx", data) is None or data.startswith(b"PK")
    good = bytearray(_workbook({"Rundown": [["title", "duration"], ["开场", "5"]]}))
    for at in flips:
        good[at % len(good)] ^= 0xFF
    load(tmp_path, "damaged.xlsx", bytes(good))


def test_a_zip_that_is_not_a_workbook_is_unreadable(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(UnreadableFile):
        load_runsheet(_written(tmp_path / "show.xlsx", buffer.getvalue()))


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
