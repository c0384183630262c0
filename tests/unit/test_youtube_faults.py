"""The YouTube source against answers no healthy API gives, from the fake of tests/support (the
documented liveChatMessages format): one bad item among good ones, a message on two pages, an
HTML page with 200, polling intervals of any value, a body that never ends, a trickle, and a
stop() while a request is under way."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import json
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from app.adapters.chat.base import SourceDropped, SourceStatus
from app.adapters.chat.youtube import YouTubeChat, classify_error, quota_reset
from app.adapters.chat.youtube_items import polling_interval_s, whole_number
from app.domain.audience import Kind
from app.services.supervisor import Backoff
from tests.support.chat_fakes import QUOTA_EXCEEDED, FakeYouTubeApi, Hit, google_error
from tests.support.chat_recorder import Recorder as BaseRecorder
from tests.support.chat_recorder import running
from tests.support.waiting import eventually

VIDEO = "dQw4w9WgXcQ"
CHAT = "Cg0KC2RRdzR3OVdnWGNRKicKGFVD"
Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


class OddYouTube(FakeYouTubeApi):
    """The fake, answering the next polls with what ``odd`` holds before the documented page."""

    def __init__(self) -> None:
        super().__init__(polling_ms=200)
        self.odd: list[Answer] = []
        self.streams_ended = 0  # endless answers that stopped (the client went away)
        self.streamed = 0  # bytes of endless answers written

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        if self.odd and self._refuse_key(request) is None:
            self.hits.append(Hit(request.path, dict(request.query)))
            return await self.odd.pop(0)(request)
        return await super()._messages(request)

    async def endless(
        self, request: web.Request, chunk: int = 64 * 1024, every_s: float = 0.0,
        limit_s: float = 20.0,
    ) -> web.StreamResponse:  # fmt: skip
        """A JSON page that never ends (for ``limit_s``): items, forever."""
        resp = web.StreamResponse(headers={"Content-Type": "application/json"})
        await resp.prepare(request)
        piece = b'{"items": [' + b'{"id": "a"},' * (chunk // 12)
        ends = time.monotonic() + limit_s
        try:
            while time.monotonic() < ends:
                await resp.write(piece)
                self.streamed += len(piece)
                await asyncio.sleep(every_s)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.streams_ended += 1
        return resp


@pytest.fixture
async def yt() -> AsyncIterator[OddYouTube]:
    fake = OddYouTube()
    await fake.start()
    fake.add_video(VIDEO, CHAT)
    yield fake
    await fake.close()


class Recorder(BaseRecorder):
    """The statuses in one state; the texts of the messages (viewer counts left out)."""

    def states(self, state: str) -> list[SourceStatus]:  # type: ignore[override]
        return [s for s in self.statuses if s.state == state]

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.comments if c.kind is not Kind.VIEWERS]


def youtube(fake: FakeYouTubeApi, rec: Recorder, **kw: Any) -> YouTubeChat:
    kw.setdefault("live_chat_id", CHAT)
    return YouTubeChat("test-key", rec.on_comments, rec.on_status, base_url=fake.base_url, **kw)


def super_chat(fake: FakeYouTubeApi, micros: object) -> None:
    fake.inject("Payer", "a paid message", kind="superChatEvent")
    fake.messages[-1]["snippet"]["superChatDetails"]["amountMicros"] = micros


# ---------------------------------------------------------------------------- one bad item


async def test_one_bad_item_costs_itself_alone(yt: OddYouTube, caplog: Any) -> None:
    yt.inject("Alice", "first")
    super_chat(yt, "²")  # str.isdigit() is true for it
    super_chat(yt, "9" * 5000)  # int() refuses strings past 4,300 digits
    super_chat(yt, 10**400)  # a JSON number no float holds
    yt.inject("Bob", "a channel id that is a number")
    yt.messages[-1]["authorDetails"]["channelId"] = 123
    super_chat(yt, "5000000")
    yt.inject("Carol", "last")
    yt.videos[VIDEO]["concurrentViewers"] = "²"
    rec = Recorder()
    source = youtube(yt, rec, video=VIDEO, live_chat_id=None)
    with caplog.at_level(logging.WARNING, logger="app.adapters.chat.youtube"):
        async with running(source):
            await eventually(lambda: len(rec.texts) == 3, "the good items of the page")
            await eventually(lambda: len(yt.list_hits()) >= 3, "two more polls")
    assert rec.texts == ["first", "a paid message", "last"]
    paid = rec.comments[1]
    assert (paid.kind, paid.value, paid.currency) == (Kind.SUPERCHAT, 5.0, "USD")
    assert source.rejected == 5  # three amounts, the channel id, the viewer count
    assert not rec.states("disconnected")  # the page was never lost (nor asked for again)
    told = [r.getMessage() for r in caplog.records if "skipped a YouTube" in r.getMessage()]
    assert len([t for t in told if "superChatEvent" in t]) == 1  # once per kind
    assert len([t for t in told if "textMessageEvent" in t]) == 1


async def test_a_number_thousands_of_digits_long_in_the_json_costs_its_item_alone(
    yt: OddYouTube,
) -> None:
    yt.inject("Alice", "first")
    super_chat(yt, 1)
    yt.inject("Carol", "last")
    page = {"kind": "youtube#liveChatMessageListResponse", "pollingIntervalMillis": 200,
            "nextPageToken": "after-the-odd-page", "items": yt.messages}  # fmt: skip
    text = json.dumps(page).replace('"amountMicros": 1,', '"amountMicros": 1' + "0" * 5000 + ",")

    async def odd_page(request: web.Request) -> web.StreamResponse:
        return web.Response(text=text, content_type="application/json")

    yt.odd.append(odd_page)
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        await eventually(lambda: rec.texts == ["first", "last"], "the good items")
    assert source.rejected == 1


async def test_a_message_on_two_pages_is_delivered_once(yt: OddYouTube) -> None:
    yt.inject("Alice", "once")
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        await eventually(lambda: rec.texts == ["once"], "the first message")
        yt.messages.append(copy.deepcopy(yt.messages[0]))  # the same id on the next page
        yt.inject("Bob", "next")
        await eventually(lambda: "next" in rec.texts, "the next page")
    assert rec.texts == ["once", "next"]
    assert source.status.extra["repeated"] == 1


def test_only_ascii_digits_of_a_bounded_length_are_a_number() -> None:
    assert whole_number("5000000", 18) == 5_000_000
    assert whole_number(42, 18) == 42
    for odd in ("²", "٣", "1²", "", " 5", "5\n", "-5", "9" * 19, 10**18, True, 5.0, None, [5]):
        assert whole_number(odd, 18) is None, odd


# ------------------------------------------------------------------- answers that are no page


async def test_an_html_page_with_200_is_an_error_retried_with_backoff(yt: OddYouTube) -> None:
    async def portal(request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html>Sign in to the Wi-Fi</html>", content_type="text/html")

    yt.odd += [portal, portal]
    yt.inject("Alice", "after the portal")
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        await eventually(lambda: rec.texts == ["after the portal"], "the real page", 15)
    downs = rec.states("disconnected")
    assert len(downs) == 2
    assert all("no JSON" in d.message and "Sign in" in d.message for d in downs)
    assert [d.extra["retry_in_s"] for d in downs] == [0.5, 1.0]


@pytest.mark.parametrize(
    ("millis", "expected"),
    [(0, 5.0), (-5, 5.0), ("soon", 5.0), (None, 5.0), (10**12, 30.0), (2500, 2.5)],
)
async def test_the_polling_interval_is_bounded(
    yt: OddYouTube, millis: object, expected: float
) -> None:
    yt.polling_ms = millis  # type: ignore[assignment]
    yt.inject("Alice", "hello")
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        await eventually(lambda: rec.texts == ["hello"], "the first page")
        await asyncio.sleep(1.0)
        assert len(yt.list_hits()) == 1  # not polled again within a second
    assert source.status.extra["poll_interval_s"] == expected
    assert not rec.states("disconnected")


def test_polling_interval_values() -> None:
    assert polling_interval_s(250, floor=0.2) == 0.25
    assert polling_interval_s(50, floor=0.2) == 0.2
    assert polling_interval_s("3000") == 3.0
    for odd in (None, 0, -1, "", "²", "soon", math.nan, math.inf, -math.inf, True, [1000]):
        assert polling_interval_s(odd) == 5.0, odd
    assert polling_interval_s(10**400) == 30.0
    assert polling_interval_s(1e300) == 30.0
    assert polling_interval_s(0, floor=0.2, fallback=0.0) == 0.2


# --------------------------------------------------------------------- bounded, and stoppable


async def test_a_body_that_never_ends_is_cut_off(yt: OddYouTube) -> None:
    yt.odd.append(yt.endless)
    yt.inject("Alice", "after the endless answer")
    rec = Recorder()
    source = youtube(yt, rec)  # 4 MiB at most
    async with running(source):
        await eventually(lambda: rec.texts == ["after the endless answer"], "the next page")
        await eventually(lambda: yt.streams_ended == 1, "the endless answer to be dropped")
    down = rec.states("disconnected")[0]
    assert "longer than 4,194,304 bytes" in down.message


async def test_an_answer_is_read_within_a_deadline(yt: OddYouTube) -> None:
    async def trickle(request: web.Request) -> web.StreamResponse:
        return await yt.endless(request, chunk=1024, every_s=0.05)

    yt.odd.append(trickle)
    rec = Recorder()
    source = youtube(yt, rec, request_deadline_s=0.5)
    async with running(source):
        await eventually(lambda: rec.states("disconnected"), "the deadline", 5)
    assert "took longer than 0.5 s" in rec.states("disconnected")[0].message


async def test_stop_ends_the_request_under_way(yt: OddYouTube) -> None:
    async def trickle(request: web.Request) -> web.StreamResponse:
        return await yt.endless(request, chunk=1024, every_s=0.05)

    yt.odd.append(trickle)
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        await eventually(lambda: yt.streamed > 4096, "the answer to be under way")
    await eventually(lambda: yt.streams_ended == 1, "the download to stop", 3)
    streamed = yt.streamed
    await asyncio.sleep(0.3)
    assert yt.streamed == streamed


# ----------------------------------------------------- the API busy, the quota spent: waits

BACKEND = (503, google_error(503, "backendError", "Backend Error", "global"))


async def test_the_api_busy_is_retried_no_sooner_than_the_polling_interval(yt: OddYouTube) -> None:
    """After a rate limit (403 rateLimitExceeded, 429) or a 503 the next poll waits at least the
    latest pollingIntervalMillis (FACTS §5.2), not the backoff's first 0.1 s; the backoff still
    grows beyond it."""
    yt.polling_ms = 500
    rec = Recorder()
    source = youtube(yt, rec, backoff=Backoff(first=0.1, ceiling=2.0))
    async with running(source):
        await eventually(lambda: source.state == "connected", "the first poll")
        yt.failures += [(403, google_error(403, "rateLimitExceeded", "Rate limit exceeded")),
                        (429, google_error(429, "rateLimitExceeded", "Too many requests")),
                        BACKEND, BACKEND]  # fmt: skip
        yt.inject("After", "after the busy spell")
        await eventually(lambda: rec.texts == ["after the busy spell"], "polling again", 15)
    downs = rec.states("disconnected")
    assert [d.extra["retry_in_s"] for d in downs] == [0.5, 0.5, 0.5, 0.8]
    assert [d.message.split(")")[0] for d in downs] == [
        "YouTube API busy (403 rateLimitExceeded", "YouTube API busy (429 rateLimitExceeded",
        "YouTube API busy (503 backendError", "YouTube API busy (503 backendError",
    ]  # fmt: skip


PACIFIC = ZoneInfo("America/Los_Angeles")


def utc(*when: int) -> dt.datetime:
    return dt.datetime(*when, tzinfo=dt.UTC)


def pacific(*when: int) -> dt.datetime:
    return dt.datetime(*when, tzinfo=PACIFIC)


@pytest.mark.parametrize(
    ("now", "reset"),
    [
        # summer (PDT, UTC-7) and winter (PST, UTC-8): midnight Pacific is 07:00 or 08:00 UTC
        (utc(2026, 7, 1, 20, 0), utc(2026, 7, 2, 7, 0)),
        (utc(2026, 1, 15, 20, 0), utc(2026, 1, 16, 8, 0)),
        # the afternoon in Beijing is still the night before in California
        (dt.datetime(2026, 12, 7, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")), utc(2026, 12, 7, 8, 0)),
        # the days the clocks change: 23 and 25 hours long
        (pacific(2026, 3, 8, 0, 30), utc(2026, 3, 9, 7, 0)),
        (pacific(2026, 11, 1, 0, 30), utc(2026, 11, 2, 8, 0)),
        # a second before midnight: the reset is a second away, not a day
        (pacific(2026, 5, 1, 23, 59, 59), utc(2026, 5, 2, 7, 0)),
    ],
)
def test_the_quota_resets_at_midnight_pacific(now: dt.datetime, reset: dt.datetime) -> None:
    assert quota_reset(now) == reset
    quota = classify_error(*QUOTA_EXCEEDED, now=now, quota_margin_s=60.0)
    assert isinstance(quota, SourceDropped)  # retried by itself: the source does not end
    wait_s = (reset - now).total_seconds()
    assert quota.retry_after_s == wait_s + 60.0
    hours, minutes = divmod(math.ceil(wait_s / 60), 60)
    assert str(quota) == (
        "YouTube API quota is exhausted: polling resumes when it resets at midnight Pacific time "
        f"({reset.astimezone():%H:%M} here, in {hours} h {minutes:02d} min)"
    )
