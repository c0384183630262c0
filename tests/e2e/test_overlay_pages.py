"""The overlay pages in headless Chromium against the console subprocess (and the shared real OBS):
live product card, coupon countdown, hostile featured comments, recovery after a restart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest
import requests
import segno

from app.domain.overlay_view import FeaturedComment, featured_card
from app.domain.settings import OverlayTheme
from tests.support.browser import (
    HOSTILE_TEXTS,
    PageWatch,
    ShownTimer,
    has_class,
    headless_chromium,
    open_page,
    text_of,
)
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until

if TYPE_CHECKING:  # Playwright itself is imported by the helper, which skips or fails without it
    from playwright.sync_api import BrowserContext, Page

SKU, PLAIN_SKU, CODE = "MUG-01", "TEA-02", "FLASH50"
POINTS = ["双层隔热 Double wall", "一键开盖", "送杯刷", "第四条不上屏"]
CSP = ("default-src 'none'", "script-src 'self'", "style-src 'self'", "font-src 'self'",
       "img-src 'self' data: https:", "connect-src 'self' ws: wss:", "base-uri 'none'",
       "frame-ancestors 'none'")  # fmt: skip


def sheet(image: Path) -> dict[str, Any]:
    return {
        "title": "Overlay e2e",
        "segments": [{"title": "商品 Mug", "duration": "3:00", "kind": "商品",
                      "scene": "商品 Product", "product": SKU, "coupon": CODE}],
        "products": [
            {"sku": SKU, "name": "保温杯 Thermo Mug 500ml", "price": "99",
             "original_price": "199", "selling_points": POINTS,
             "link": "https://shop.example.com/item/MUG-01?ref=live", "stock": 12,
             "image": str(image)},
            {"sku": PLAIN_SKU, "name": "<b>龙井</b> Tea", "price": "59.9", "stock": 0},
        ],
        "coupons": [{"code": CODE, "title": "限时立减 50", "discount": "¥50", "seconds": 120,
                     "quantity": 200}],
    }  # fmt: skip


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    with headless_chromium(tmp_path_factory.mktemp("chromium")) as context:
        yield context


@pytest.fixture(autouse=True)
def loaded(console: ConsoleProcess, tmp_path: Path) -> None:
    """Every test here starts with the run-sheet's products and coupon in the console."""
    image = tmp_path / "mug.png"
    segno.make("product photo").save(str(image), kind="png", scale=8)
    answer = console.post("/api/runsheet", sheet(image))
    assert answer.status_code == 200, answer.text


def delete(console: ConsoleProcess, path: str) -> requests.Response:
    return requests.delete(console.base + path, headers=console.headers(), timeout=10)


def open_overlay(
    browser: BrowserContext, console: ConsoleProcess, name: str
) -> tuple[Page, PageWatch]:
    return open_page(browser, f"{console.base}/overlay/{name}?token={TOKEN}")


# ----- product card --------------------------------------------------------------------------
def test_product_card_follows_the_api(console: ConsoleProcess, browser: BrowserContext) -> None:
    page, watch = open_overlay(browser, console, "product")

    # Every page response is locked down; the page itself is transparent.
    overlay_responses = [r for r in watch.responses if "/overlay/" in r.url]
    assert {r.url.split("?")[0].rsplit("/", 1)[-1] for r in overlay_responses} >= {
        "product", "overlay.css", "overlay.js"}  # fmt: skip
    for response in overlay_responses:
        headers = response.headers
        csp = headers["content-security-policy"]
        assert all(directive in csp for directive in CSP), (response.url, csp)
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-cache"
    for selector in ("html", "body"):
        colour = page.eval_on_selector(selector, "n => getComputedStyle(n).backgroundColor")
        assert colour == "rgba(0, 0, 0, 0)", (selector, colour)
    assert not has_class(page, "#product", "is-shown")
    brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand')")
    assert brand.strip().lower() == OverlayTheme().brand.lower()  # the console's theme

    # Show: timed from the API call to the DOM change, on the page's clock.
    timer = ShownTimer(page, "#product")
    latency = timer.time(lambda: console.post("/api/overlay/product", {"sku": SKU}), shown=True)
    print(f"\n[overlay] API → product card in the DOM: {latency:.1f} ms")
    assert text_of(page, ".product-name") == "保温杯 Thermo Mug 500ml"
    assert text_of(page, ".price") == "¥99"
    assert text_of(page, ".original-price") == "¥199"
    struck = page.eval_on_selector(".original-price", "n => getComputedStyle(n).textDecorationLine")
    assert "line-through" in struck
    items = page.eval_on_selector_all(".selling-points li", "ns => ns.map(n => n.textContent)")
    assert items == POINTS[:3]
    assert text_of(page, ".stock") == "仅剩 12 件"
    assert page.get_attribute(".qr-image", "src") == f"/overlay/qr/{SKU}.svg"
    assert page.get_attribute(".product-image", "src") == f"/overlay/media/{SKU}"
    page.wait_for_function(
        "() => [...document.querySelectorAll('#product img')].every(i => i.naturalWidth > 0)",
        timeout=5000,
    )
    assert page.is_visible("#product")

    # Another product: no link (no QR), sold out, its markup-looking name as text.
    assert console.post("/api/overlay/product", {"sku": PLAIN_SKU}).status_code == 200
    page.wait_for_function("() => document.querySelector('.product-name').textContent[3] === '龙'")
    assert text_of(page, ".product-name") == "<b>龙井</b> Tea"
    assert page.eval_on_selector(".qr", "n => getComputedStyle(n).display") == "none"
    assert has_class(page, ".stock", "is-sold-out")

    assert delete(console, "/api/overlay/product").status_code == 200
    page.wait_for_selector("#product", state="hidden", timeout=5000)
    watch.assert_clean()
    page.close()


def test_overlay_files_qr_and_media(console: ConsoleProcess) -> None:
    qr = requests.get(f"{console.base}/overlay/qr/{SKU}.svg", timeout=5)  # public: no token
    assert qr.status_code == 200
    assert qr.headers["content-type"].startswith("image/svg+xml")
    assert qr.text.lstrip().startswith("<svg")
    assert "<path" in qr.text
    media = requests.get(f"{console.base}/overlay/media/{SKU}", timeout=5)
    assert media.status_code == 200
    assert media.headers["content-type"] == "image/png"
    assert media.content.startswith(b"\x89PNG")
    for path in ("/overlay/static/overlay.js", "/overlay/static/overlay.css"):
        assert requests.get(console.base + path, timeout=5).status_code == 200
    for path in (
        f"/overlay/qr/{PLAIN_SKU}.svg",  # no link
        "/overlay/qr/NOPE.svg",
        f"/overlay/media/{PLAIN_SKU}",  # no image
        "/overlay/static/product.html",
        "/overlay/static/..%2F..%2Fpyproject.toml",
        "/overlay/static/%2E%2E",
        "/overlay/static/missing.js",
        "/overlay/nope",
    ):
        assert requests.get(console.base + path, timeout=5).status_code == 404, path


# ----- coupon countdown ----------------------------------------------------------------------
def test_coupon_counts_down_pauses_and_hides_at_zero(
    console: ConsoleProcess, browser: BrowserContext
) -> None:
    page, watch = open_overlay(browser, console, "coupon")
    assert console.post("/api/overlay/coupon", {"code": CODE, "seconds": 30}).status_code == 200
    page.wait_for_selector("#coupon.is-shown", timeout=5000)
    assert text_of(page, ".coupon-title") == "限时立减 50"
    assert text_of(page, ".coupon-discount") == "¥50"
    assert CODE in text_of(page, ".coupon-code")
    assert "200" in text_of(page, ".coupon-quantity")
    assert text_of(page, ".coupon-clock") in ("00:30", "00:29")
    assert not has_class(page, "#coupon", "is-urgent")

    # Extend: the page re-syncs from the server's remaining time.
    assert console.post("/api/overlay/coupon/extend", {"seconds": 60}).status_code == 200
    page.wait_for_function("() => document.querySelector('.coupon-clock').textContent >= '01:2'")

    # Standby pauses the countdown: the clock stands still and says so.
    standby = console.post("/api/standby")
    assert standby.status_code == 200, standby.text
    assert standby.json()["standby"] is True, standby.text
    try:
        page.wait_for_selector("#coupon.is-paused", timeout=5000)
        frozen = text_of(page, ".coupon-clock")
        time.sleep(1.3)
        assert text_of(page, ".coupon-clock") == frozen
        assert "Paused" in text_of(page, ".coupon-status")
    finally:
        assert console.post("/api/standby").json()["standby"] is False
    page.wait_for_selector("#coupon:not(.is-paused)", timeout=5000)
    assert text_of(page, ".coupon-status") == ""

    # A short coupon: counts down mm:ss, urgent, gone at zero.
    assert console.post("/api/overlay/coupon", {"code": CODE, "seconds": 3}).status_code == 200
    page.wait_for_function("() => document.querySelector('.coupon-clock').textContent === '00:03'")
    assert has_class(page, "#coupon", "is-urgent")
    time.sleep(1.5)  # deliberate: the coupon's clock runs down
    later = text_of(page, ".coupon-clock")
    assert later in ("00:02", "00:01"), later
    page.wait_for_selector("#coupon", state="hidden", timeout=5000)

    # A 2-second coupon ends by itself: hidden on the page and gone from the console's state.
    assert console.post("/api/overlay/coupon", {"code": CODE, "seconds": 2}).status_code == 200
    page.wait_for_selector("#coupon.is-shown", timeout=5000)
    ends = wait_until(
        lambda: not has_class(page, "#coupon", "is-shown"), "the 2-second coupon hides", 5.0, 0.02
    )
    assert 1.0 < ends < 3.5, ends
    wait_until(lambda: console.state()["overlay"]["coupon"] is None, "the coupon ends", 2.0)
    watch.assert_clean()
    page.close()


# ----- featured comment: hostile text --------------------------------------------------------
def test_a_coupon_of_hours_counts_down_as_hours_minutes_seconds(
    console: ConsoleProcess, browser: BrowserContext
) -> None:
    """As every 限时 countdown: 2:00:00 and 24:00:00, not 120:00 and 1440:00."""
    page, watch = open_overlay(browser, console, "coupon")
    for seconds, shown in ((7200, ("2:00:00", "1:59:59", "1:59:58")),
                           (86400, ("24:00:00", "23:59:59", "23:59:58"))):  # fmt: skip
        answer = console.post("/api/overlay/coupon", {"code": CODE, "seconds": seconds})
        assert answer.status_code == 200, answer.text
        page.wait_for_function(
            "(wanted) => wanted.includes(document.querySelector('.coupon-clock').textContent)",
            arg=list(shown), timeout=5000,
        )  # fmt: skip
    assert delete(console, "/api/overlay/coupon").status_code == 200
    watch.assert_clean()
    page.close()


def test_featured_comment_is_always_text(console: ConsoleProcess, browser: BrowserContext) -> None:
    assert len(HOSTILE_TEXTS[-2]) == 10
    assert len(HOSTILE_TEXTS[-1]) == 2000
    page, watch = open_overlay(browser, console, "all")
    for index, payload in enumerate(HOSTILE_TEXTS):
        # hostile within the API's bounds: a platform is at most 32 characters, a name 100
        platform = "douyin" if index % 2 else '"><img src=x onerror=__pwned=1>'
        user = payload[:100]
        body = {"user": user, "text": payload, "platform": platform}
        answer = console.post("/api/overlay/featured", body)
        assert answer.status_code == 200, answer.text
        expected = featured_card(FeaturedComment(user=user, text=payload, platform=platform))
        page.wait_for_function(
            """([user, text]) =>
                document.querySelector('.featured-user').textContent === user &&
                document.querySelector('.featured-text').textContent === text""",
            arg=[expected["user"], expected["text"]],
            timeout=5000,
        )
        assert page.is_visible("#featured")
        if index % 2 == 0:
            assert text_of(page, ".platform") == platform
            assert page.get_attribute(".platform", "data-platform") is None
        else:
            assert text_of(page, ".platform") == "抖音"
        nested = page.eval_on_selector_all("#featured *", "ns => ns.map(n => n.tagName)")
        assert set(nested) <= {"P", "SPAN"}, nested
    assert len(text_of(page, ".featured-text")) == 280  # overlay_view's cut, "…" included
    time.sleep(0.3)  # give any smuggled handler (onerror, onload) its chance to run
    assert page.evaluate("typeof window.__pwned") == "undefined"
    watch.assert_clean()
    assert delete(console, "/api/overlay/featured").status_code == 200
    page.wait_for_selector("#featured", state="hidden", timeout=5000)
    page.close()


# ----- recovery and the token ----------------------------------------------------------------
def test_page_recovers_after_the_console_restarts(
    obs: ObsProcess, console: ConsoleProcess, browser: BrowserContext
) -> None:
    page, watch = open_overlay(browser, console, "all")
    assert console.post("/api/overlay/product", {"sku": SKU}).status_code == 200
    page.wait_for_selector("#product.is-shown", timeout=5000)

    assert console.stop() == 0
    page.wait_for_selector("body[data-link=closed]", timeout=5000)
    again = ConsoleProcess(console.data_dir, obs.url, obs.password)
    again.port, again.base = console.port, console.base
    again.start()
    try:
        # The page comes back by itself and shows the new console's state (nothing on screen).
        page.wait_for_selector("body[data-link=open]", timeout=15000)
        assert again.state()["overlay"]["product"] is None
        page.wait_for_selector("#product", state="hidden", timeout=5000)
        assert again.post("/api/overlay/product", {"sku": SKU}).status_code == 200
        page.wait_for_selector("#product.is-shown", timeout=5000)
        assert text_of(page, ".product-name") == "保温杯 Thermo Mug 500ml"
        body = {"user": "小明", "text": "还有货吗？", "platform": "kuaishou"}
        assert again.post("/api/overlay/featured", body).status_code == 200
        page.wait_for_selector("#featured.is-shown", timeout=5000)
        assert text_of(page, ".featured-text") == "还有货吗？"
        watch.assert_clean()
    finally:
        page.close()
        code = again.stop()
        assert code in (0, None), f"livedesk exited with {code}:\n{again.log_tail()}"


def test_ws_overlay_needs_the_token_and_sends_the_view(console: ConsoleProcess) -> None:
    assert requests.get(f"{console.base}/ws/overlay?token=nope", timeout=5).status_code == 401

    async def exchange() -> list[dict[str, Any]]:
        url = console.base.replace("http://", "ws://") + "/ws/overlay"
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url)
            assert refused.value.status == 401
            async with session.ws_connect(f"{url}?token={TOKEN}") as ws:
                received = [await ws.receive_json(timeout=5)]
                answer = await asyncio.to_thread(console.post, "/api/overlay/product", {"sku": SKU})
                assert answer.status_code == 200
                received.append(await ws.receive_json(timeout=5))
                return received

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API keeps a loop in this thread
        first, update = pool.submit(asyncio.run, exchange()).result(timeout=30)
    assert first["type"] == "overlay"
    assert first["view"]["product"] is None
    assert set(first["view"]) >= {"product", "coupon", "featured"}
    assert update["type"] == "overlay"
    assert update["view"]["product"]["sku"] == SKU


# ----- thanks (gift alerts) ------------------------------------------------------------------
def _ingest(console: ConsoleProcess, batch: list[dict[str, Any]]) -> None:
    answer = requests.post(
        f"{console.base}/ingest", json=batch, headers=console.headers(), timeout=10
    )
    assert answer.status_code == 200, answer.text


def test_thanks_alert_shows_a_hostile_name_as_text(
    console: ConsoleProcess, browser: BrowserContext
) -> None:
    hostile = '<img src=x onerror="window.__pwned=1">小红'
    for name in ("thanks", "all"):
        page, watch = open_overlay(browser, console, name)
        assert not has_class(page, "#thanks", "is-shown")
        # off by default: a gift shows nothing
        _ingest(console, [{"platform": "bilibili", "user": "早到的", "kind": "gift",
                           "gift": "小心心", "count": 1}])  # fmt: skip
        time.sleep(0.5)
        assert not has_class(page, "#thanks", "is-shown")
        on = console.post("/api/overlay/thanks")
        assert on.status_code == 200, on.text
        assert console.state()["overlay"]["thanks"]["on"] is True
        combo = [{"platform": "bilibili", "user": hostile, "user_id": "42", "kind": "gift",
                  "gift": "<b>小心心</b>", "count": 10, "value": 1.0,
                  "currency": "CNY"}]  # fmt: skip
        for _ in range(3):  # a combo: one alert, its total growing
            _ingest(console, combo)
        page.wait_for_function(
            """([user, action]) =>
                document.querySelector('.thanks-user').textContent === user &&
                document.querySelector('.thanks-action').textContent === action""",
            arg=[hostile, "送出 <b>小心心</b> ×30"],
            timeout=5000,
        )
        assert page.is_visible("#thanks")
        assert text_of(page, ".thanks-badge") == "感谢"
        nested = page.eval_on_selector_all("#thanks *", "ns => ns.map(n => n.tagName)")
        assert set(nested) <= {"H2", "DIV", "P", "SPAN", "UL", "LI"}, nested
        rows = page.eval_on_selector_all(".thanks-recent-user", "ns => ns.map(n => n.textContent)")
        assert rows == [hostile]
        # the alert goes after its few seconds; the latest supporters stay listed
        page.wait_for_selector(".thanks-alert.is-empty", state="attached", timeout=10000)
        assert page.is_visible("#thanks")
        assert text_of(page, ".thanks-title") == "感谢榜"
        time.sleep(0.3)  # give any smuggled handler its chance to run
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert delete(console, "/api/overlay/thanks").status_code == 200
        page.wait_for_selector("#thanks", state="hidden", timeout=5000)
        assert console.state()["overlay"]["thanks"]["on"] is False
        watch.assert_clean()
        page.close()
