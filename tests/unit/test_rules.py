"""One set of rules for products and coupons (app/domain/rules.py), applied by every path that
can put a number on screen: the run-sheet codec, the overlay service, the API, the saved catalog,
a resume snapshot; and the countdown and card views never raise on what the rules allow."""

from __future__ import annotations

import io
import json
import logging
import math
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given
from hypothesis import strategies as st

from app.adapters.store.catalog import SqliteCatalog
from app.adapters.store.schema import open_database
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.domain import rules
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.overlay_view import coupon_card, price_text, product_card
from app.domain.resume import SnapshotError
from app.domain.rules import MAX_COUPON_S, RuleError
from app.domain.runsheet import RunSheet, Segment, validate
from app.domain.runsheet_codec import (
    parse_code,
    parse_count,
    parse_coupon_seconds,
    parse_price,
    parse_sku,
    sheet_from_dict,
)
from app.runsheet_cli import run_check
from app.services.errors import BadInput
from app.services.obs_control import ObsControl
from app.services.show import Show
from tests.support.fake_obs import FakeObs

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUPON = Coupon("新粉专享", "新粉券", "满 199 减 30", 300, 100)
CATALOG = Catalog((Product("SKU-1", "课程", Decimal("199")),), (COUPON,))


# ----- the rules themselves ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "says"),
    [("1e5000", "at most 10,000,000"), ("NaN", "a number"), ("inf", "a number"),
     (math.inf, "a number"), (math.nan, "a number"), ("-1", "more than 0"), ("0", "more than 0"),
     ("0.001", "at most 2 decimals"), ("1e12", "at most 10,000,000"), ("cheap", "a number"),
     (Decimal("1e5000"), "at most 10,000,000"), (True, "a number")],
)  # fmt: skip
def test_prices_the_rules_refuse(value: object, says: str) -> None:
    with pytest.raises(RuleError, match="the price") as raised:
        parse_price(value)
    assert says in str(raised.value)
    with pytest.raises(RuleError, match="the original price"):
        parse_price(value, "original_price")


@pytest.mark.parametrize(
    ("value", "price"),
    [("199", "199"), ("¥39.90", "39.90"), ("1,299元", "1299"), (39.9, "39.9"),
     (0.1 + 0.2, "0.30"), ("0.01", "0.01"), ("10000000", "10000000"), (None, None), ("", None)],
)  # fmt: skip
def test_prices_the_rules_accept(value: object, price: str | None) -> None:
    parsed = parse_price(value)
    assert parsed == (None if price is None else Decimal(price))
    if parsed is not None:
        assert price_text(parsed) is not None  # what the rules accept, a card shows


@pytest.mark.parametrize(
    "value", [0, -1, MAX_COUPON_S + 1, 1.5, math.nan, math.inf, 1e400, 10**400, "25h", "abc",
              "90000", True],
)  # fmt: skip
def test_countdown_lengths_the_rules_refuse(value: object) -> None:
    with pytest.raises(RuleError, match="a countdown runs between 1 second and 24 hours"):
        parse_coupon_seconds(value)
    assert rules.coupon_seconds_problem(value) is not None


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(1, 1), (MAX_COUPON_S, MAX_COUPON_S), ("86400", 86400), ("24h", 86400),
     ("24:00:00", 86400), (300.0, 300), ("", rules.DEFAULT_COUPON_S)],
)  # fmt: skip
def test_countdown_lengths_the_rules_accept(value: object, seconds: int) -> None:
    assert parse_coupon_seconds(value) == seconds


def test_codes_skus_counts_and_discounts() -> None:
    assert parse_code("新粉专享") == "新粉专享"
    assert parse_code("FANS30") == "FANS30"
    assert parse_code(10023.0) == "10023"
    for bad in ("A B", "A\tB", "券\u3000码", "x" * (rules.MAX_CODE_CHARS + 1)):
        with pytest.raises(RuleError, match="the coupon code"):
            parse_code(bad)
    assert parse_sku("AIR STD") == "AIR STD"  # spreadsheets have inner spaces
    for bad in ("A\nB", "x" * (rules.MAX_SKU_CHARS + 1)):
        with pytest.raises(RuleError, match="the SKU"):
            parse_sku(bad)
    assert parse_count(rules.MAX_COUNT) == rules.MAX_COUNT
    assert parse_count("0") == 0
    for bad in (-1, 1.5, rules.MAX_COUNT + 1, math.inf, "many"):
        with pytest.raises(RuleError, match="the quantity must be a whole number from 0"):
            parse_count(bad)
    assert rules.discount_problem("满 199 减 30") is None
    assert "at most 40" in str(rules.discount_problem("减" * 41))
    assert "one line" in str(rules.discount_problem("满199\n减30"))


def test_a_sheet_row_breaking_a_rule_is_a_located_problem() -> None:
    result = sheet_from_dict(
        {
            "segments": [{"title": "x", "duration": 60}],
            "products": [{"sku": "A", "price": "1e5000"}],
            "coupons": [{"code": "C", "seconds": 90000}, {"code": "D E"}],
        }
    )
    found = {(p.location, p.field, p.message.split(",")[0]) for p in result.errors}
    assert ("products[0]", "price", "the price must be at most 10") in found
    assert ("coupons[0]", "seconds", "a countdown runs between 1 second and 24 hours (300") in found
    assert ("coupons[1]", "code", "the coupon code must be one word without spaces") in found
    # a catalog built without the codec is checked by validate
    sheet = RunSheet((Segment("x", 60),), Catalog((Product("A", "a", Decimal("-1")),),
                                                  (Coupon("C", "c", seconds=0),)))  # fmt: skip
    assert {(p.field, p.severity) for p in validate(sheet)} == {
        ("price", "error"),
        ("seconds", "error"),
    }


# ----- views never raise -----------------------------------------------------------------------
@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
)
def test_the_countdown_card_never_raises(remaining: float, total: float) -> None:
    card = coupon_card(COUPON, remaining, total, False)
    json.dumps(card, allow_nan=False)
    assert 0 <= card["remaining_s"] <= MAX_COUPON_S
    *hours, minutes, seconds = card["clock"].split(":")  # H:MM:SS from an hour on
    assert 0 <= int(seconds) < 60
    assert 0 <= int(minutes) < 60
    assert 1 <= int(hours[0] if hours else 1) <= MAX_COUPON_S // 3600


def test_a_countdown_of_an_hour_or_more_reads_hours_minutes_seconds() -> None:
    """As every 限时 countdown does: 2:00:00, not 120:00 (the native text clock shows this too)."""
    clocks = {s: coupon_card(COUPON, s, s, False)["clock"] for s in (7200, 86400, 3600, 3599.5, 65)}
    assert clocks == {7200: "2:00:00", 86400: "24:00:00", 3600: "1:00:00", 3599.5: "1:00:00",
                      65: "01:05"}  # fmt: skip


def test_a_product_card_never_shows_an_absurd_price() -> None:
    for price in (Decimal("1e5000"), Decimal("NaN"), Decimal("-1"), Decimal("1e-30")):
        assert product_card(Product("A", "a", price))["price"] is None
    assert product_card(Product("A", "a", Decimal("10000000")))["price"] == "¥10000000"


# ----- the saved catalog -----------------------------------------------------------------------
async def test_a_bad_saved_row_is_left_out_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(path)
    try:
        store = SqliteCatalog(path, writer)
        await store.save(CATALOG)
        db = open_database(path)
        db.execute(
            "INSERT INTO products (sku, name, price, updated_at) VALUES ('BIG', 'x', '1e5000', 0)"
        )
        db.execute(
            "INSERT INTO products (sku, name, price, updated_at) VALUES ('NAN', 'x', 'NaN', 0)"
        )
        db.execute(
            "INSERT INTO coupons (code, title, seconds, updated_at) VALUES ('YEAR', 't', ?, 0)",
            [366 * 24 * 3600],
        )
        db.execute(
            "INSERT INTO coupons (code, title, seconds, updated_at) VALUES ('INF', 't', ?, 0)",
            [math.inf],
        )
        db.conn.commit()
        db.close()
        with caplog.at_level(logging.WARNING):
            loaded = store.load()
    finally:
        writer.close()
    assert [p.sku for p in loaded.products] == ["SKU-1"]
    assert [c.code for c in loaded.coupons] == ["新粉专享"]
    left_out = " ".join(r.getMessage() for r in caplog.records)
    for key in ("BIG", "NAN", "YEAR", "INF"):
        assert f"'{key}' is left out" in left_out


# ----- the overlay service and the API ----------------------------------------------------------
async def test_the_service_takes_the_maximum_and_refuses_more(show: Show) -> None:
    await show.runner.save_catalog(CATALOG)
    overlays = show.overlays
    overlays.start_coupon("新粉专享", MAX_COUPON_S)
    assert overlays.coupon_remaining() == MAX_COUPON_S
    assert overlays.view()["coupon"]["clock"] == "24:00:00"  # not 1440:00
    for bad in (MAX_COUPON_S + 1, 0, 1.5, math.nan, math.inf):
        with pytest.raises(BadInput, match="a countdown runs between 1 second and 24 hours"):
            overlays.start_coupon("新粉专享", bad)
    with pytest.raises(BadInput, match="at most 24 hours"):
        overlays.extend_coupon(30)  # already at the maximum
    for bad in (math.inf, math.nan, -5):
        with pytest.raises(BadInput, match="a countdown is extended by a positive number"):
            overlays.extend_coupon(bad)
    assert overlays.coupon_remaining() == MAX_COUPON_S  # nothing changed


async def test_a_product_breaking_the_rules_is_not_shown(show: Show) -> None:
    await show.runner.save_catalog(Catalog((Product("BIG", "x", Decimal("1e5000")),)))
    with pytest.raises(BadInput, match="the price must be at most"):
        show.overlays.show_product("BIG")
    assert show.overlays.product is None


async def test_a_damaged_resume_snapshot_is_refused(show: Show) -> None:
    await show.runner.save_catalog(CATALOG)
    for total, left in ((math.inf, 5.0), (60.0, math.nan), (1e12, 1e12), (60.0, -1.0)):
        saved = {"coupon": {"code": "新粉专享", "total_s": total, "remaining_s": left}}
        with pytest.raises(SnapshotError):
            show.overlays.restore(saved, 0.0)


@pytest.fixture
async def client(show: Show, connected: ObsControl) -> AsyncIterator[TestClient]:
    await show.runner.save_catalog(CATALOG)
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def test_the_coupon_route_takes_the_maximum_and_refuses_more(client: TestClient) -> None:
    route = "/api/overlay/coupon"
    ok = await client.post(route, json={"code": "新粉专享", "seconds": MAX_COUPON_S}, headers=AUTH)
    assert ok.status == 200, await ok.text()
    assert (await ok.json())["coupon"]["remaining_s"] == MAX_COUPON_S
    for bad in (MAX_COUPON_S + 1, 0, 2.5, "60", True):
        response = await client.post(route, json={"code": "新粉专享", "seconds": bad},
                                     headers=AUTH)  # fmt: skip
        assert response.status == 400
        assert "a countdown runs between 1 second and 24 hours" in (await response.json())["error"]
    for raw in ('{"code": "新粉专享", "seconds": NaN}', '{"code": "新粉专享", "seconds": 1e400}'):
        response = await client.post(
            route, data=raw.encode(), headers={**AUTH, "Content-Type": "application/json"}
        )
        assert response.status == 400  # refused at the edge or by the rule, never started
    extend = await client.post("/api/overlay/coupon/extend", json={"seconds": 30}, headers=AUTH)
    assert extend.status == 400
    assert "at most 24 hours" in (await extend.json())["error"]


# ----- a sheet at the maximum: check, pre-flight, live ------------------------------------------
async def test_a_sheet_with_a_coupon_at_the_maximum_runs(
    tmp_path: Path, show: Show, fake_obs: FakeObs
) -> None:
    document: dict[str, Any] = {
        "title": "通宵直播",
        "segments": [{"title": "开场", "duration": 600, "scene": "Opening", "coupon": "ALLDAY"}],
        "coupons": [{"code": "ALLDAY", "title": "全天券", "discount": "立减 10 元",
                     "seconds": "24h"}],
    }  # fmt: skip
    path = tmp_path / "show.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_check(str(path), False, out, err) == 0, out.getvalue() + err.getvalue()
    assert " error: " not in out.getvalue()

    await show.obs.resync(await fake_obs.connect())
    result = sheet_from_dict(document)
    assert result.errors == []
    await show.runner.load(result.sheet)
    errors = [c for c in show.preflight() if c.severity == "error" and not c.ok]
    assert errors == []
    cue = await show.runner.next()
    assert cue.warnings == []
    assert show.overlays.coupon_code == "ALLDAY"
    assert show.overlays.coupon_remaining() == MAX_COUPON_S
    card = show.overlays.view()["coupon"]
    assert card["clock"] == "24:00:00"
    assert card["total_s"] == MAX_COUPON_S
