"""Secrets and viewers stay out of the logs and the crash report.

Logging is set up as the console does (app/main.py), the secrets are read as the console reads
them (app/secrets.py, which registers each with the logs' redaction filter), then every log path
within reach runs with known secret values and viewer text: the YouTube source against the local
fake (which refuses a key in the URL, like a strict server), Twitch and Bilibili sources fed
malformed lines holding viewer text, ingest with rejected items, a urllib3 line with `key=` in
its URL, an exception whose text holds secrets. Then the console's log (stderr, plain or JSON
lines), the crash dialog's debug info (`debug_report`) and every export of the show are
searched: no secret anywhere; viewer text in the exports (their job), never in a log line or
the crash report.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import secrets as random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import logging_setup
from app import secrets as app_secrets
from app.adapters.chat.bilibili import BilibiliChat
from app.adapters.chat.twitch import TwitchChat
from app.adapters.chat.youtube import YouTubeChat
from app.adapters.store.comments import SqliteComments
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.domain.audience import IncomingComment
from app.logging_setup import REDACTOR, RING, THIRD_PARTY, debug_report, setup_logging
from app.report_cli import run_report
from tests.support.chat_fakes import FakeBilibili, FakeYouTubeApi, danmu_msg
from tests.support.chat_recorder import running
from tests.support.fake_obs import FakeObs
from tests.support.ircd import ScriptedTmi
from tests.support.show_factory import build_show
from tests.support.waiting import eventually

RUN = random.token_hex(4)
API_TOKEN = f"apitok-{random.token_urlsafe(18)}"
ASSIST_TOKEN = f"assist-{random.token_urlsafe(18)}"
OBS_PASSWORD = f"obs-pw-{RUN}!#"
YOUTUBE_KEY = f"AIzaSy{random.token_urlsafe(24)}"
SESSDATA = f"5f3a{RUN}%2C1790000000%2Cab12*b1"
SECRETS = {"api token": API_TOKEN, "assistants' token": ASSIST_TOKEN, "OBS password": OBS_PASSWORD,
           "YouTube key": YOUTUBE_KEY, "SESSDATA": SESSDATA}  # fmt: skip
VIEWER_NAME = f"观众小明{RUN}"
VIEWER_TEXT = f"我的手机号是13800{RUN} <b>秘密</b>"
EXPORTS = ("html", "csv", "json", "chapters", "edl", "premiere")


def secret_forms() -> dict[str, str]:
    """Each secret as written and as a URL would carry it."""
    forms: dict[str, str] = {}
    for name, value in SECRETS.items():
        forms.update({name: value, f"{name} (quoted)": quote(value, safe=""),
                      f"{name} (form-quoted)": quote_plus(value, safe="")})  # fmt: skip
    return forms


def leaks(text: str) -> list[str]:
    return [name for name, value in secret_forms().items() if value in text]


def viewer_leaks(text: str) -> list[str]:
    return [v for v in (VIEWER_NAME, VIEWER_TEXT, f"13800{RUN}") if v in text]


@pytest.fixture(params=[(False, logging.INFO), (True, logging.DEBUG)], ids=["plain", "json-debug"])
def console_log(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], str]]:
    """Logging as app/main.py sets it up (the plain console at INFO, or JSON lines with the
    console at DEBUG: more lines to leak through), the secrets read as the console reads them;
    yields a function returning what the console wrote so far. Puts everything back after."""
    json_lines, level = request.param
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    named = {name: logging.getLogger(name).level for name in (*THIRD_PARTY, "aiohttp.access")}
    RING.records.clear()
    monkeypatch.setenv("LIVEDESK_API_TOKEN", API_TOKEN)
    monkeypatch.setenv("LIVEDESK_ASSIST_TOKEN", ASSIST_TOKEN)
    monkeypatch.setenv("LIVEDESK_OBS_PASSWORD", OBS_PASSWORD)
    monkeypatch.setenv("LIVEDESK_YOUTUBE_KEY", YOUTUBE_KEY)
    monkeypatch.setenv("LIVEDESK_BILIBILI_SESSDATA", SESSDATA)
    setup_logging(json_lines=json_lines, level=level)
    written = io.StringIO()  # the console handler's stderr, read by the test
    console_handler = next(h for h in root.handlers if type(h) is logging.StreamHandler)
    console_handler.setStream(written)
    # as main.py and the chat factory read them
    assert app_secrets.api_token() == (API_TOKEN, True)
    assert app_secrets.assist_token() == (ASSIST_TOKEN, True)
    assert app_secrets.read_secret(*app_secrets.OBS_PASSWORD) == OBS_PASSWORD
    assert app_secrets.read_secret(*app_secrets.YOUTUBE_KEY) == YOUTUBE_KEY
    assert app_secrets.read_secret(*app_secrets.BILIBILI_COOKIE) == SESSDATA

    def console() -> str:
        text = written.getvalue()
        if json_lines:  # every line is one JSON object
            for line in text.splitlines():
                assert line.startswith("{"), text
                json.loads(line)
        return text

    yield console
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    for name, old in named.items():
        logging.getLogger(name).setLevel(old)
    REDACTOR.forget_all()
    RING.records.clear()


class Raw(logging.Handler):
    """What a logger was handed, before any filter: the unredacted messages."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# ----- the redaction itself ------------------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "GET https://www.googleapis.com/youtube/v3/videos?part=x&key=AIzaSyQ0123456789&id=v",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
        "{'X-Goog-Api-Key': 'AIzaSyQ0123456789', 'Cookie': 'SESSDATA=ab%2C12; bili_jct=99ff'}",
        '{"password": "hunter2hunter2", "access_token": "ya29.secret"}',
        "cookie SESSDATA=ab%2C12*cd; buvid3=x",
        "ws://obs:4455?password=hunter2hunter2",
        "GET /overlay/all?token=Zm9vYmFyYmF6",
    ],
)
def test_credential_shapes_are_masked_even_unregistered(line: str) -> None:
    masked = logging_setup.redact(line)
    for secret in ("AIzaSyQ0123456789", "eyJhbGciOiJIUzI1NiJ9", "ab%2C12", "hunter2hunter2",
                   "ya29.secret", "Zm9vYmFyYmF6", "99ff"):  # fmt: skip
        assert secret not in masked, masked
    assert logging_setup.MASK in masked


def test_a_record_marked_as_viewer_data_loses_its_arguments(
    console_log: Callable[[], str],
) -> None:
    logging.getLogger("app.test").warning("skipped %s from %s", VIEWER_TEXT, VIEWER_NAME,
                                          extra={"viewer": True})  # fmt: skip
    shown = console_log()
    assert "skipped" in shown
    assert logging_setup.VIEWER_MASK in shown
    assert viewer_leaks(shown) == []
    assert viewer_leaks(RING.text()) == []


def test_the_ring_keeps_info_and_third_party_warnings_only(console_log: Callable[[], str]) -> None:
    logging.getLogger("app.test").debug("debug line %s", RUN)
    logging.getLogger("urllib3.connectionpool").info("urllib3 info %s", RUN)
    logging.getLogger("app.test").info("info line %s", RUN)
    logging.getLogger("urllib3.connectionpool").warning("urllib3 warning %s", RUN)
    ring = RING.text()
    assert f"info line {RUN}" in ring
    assert f"urllib3 warning {RUN}" in ring
    assert f"debug line {RUN}" not in ring
    assert f"urllib3 info {RUN}" not in ring
    for name in ("urllib3", "requests", "aiohttp", "asyncio", "PIL", "matplotlib", "qasync",
                 "obswebsocket", "websocket"):  # fmt: skip
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING, name
    ours = [h for h in logging.getLogger().handlers if not type(h).__module__.startswith("_pytest")]
    assert len(ours) == 2
    assert all(REDACTOR in h.filters for h in ours)


# ----- every path within reach ---------------------------------------------------------------
async def test_no_secret_or_viewer_text_in_logs_crash_report_or_secret_in_exports(
    console_log: Callable[[], str], tmp_path: Path
) -> None:
    raw = Raw()
    urllib3 = logging.getLogger("urllib3")
    urllib3.addHandler(raw)
    urllib3.setLevel(logging.DEBUG)  # as if a library turned it up: its URL lines are filtered
    try:
        await _youtube_polls_with_the_key_in_a_header(raw)
    finally:
        urllib3.removeHandler(raw)
        urllib3.setLevel(logging.WARNING)
    await _twitch_and_bilibili_skip_malformed_viewer_lines()
    # a urllib3 line as it logs a request with the key in its URL (an older LiveDesk did)
    logging.getLogger("urllib3.connectionpool").warning(
        '%s://%s:%s "%s %s %s" %s %s', "https", "www.googleapis.com", 443, "GET",
        f"/youtube/v3/videos?part=liveStreamingDetails&id=x&key={YOUTUBE_KEY}", "HTTP/1.1",
        400, None)  # fmt: skip
    db_path = tmp_path / "livedesk.db"
    await _a_show_through_the_api_with_rejected_ingest(db_path)
    crash = _a_crash_holding_secrets()

    console, ring = console_log(), RING.text()
    report = debug_report("LiveDesk test", [crash])
    assert "googleapis.com" in console
    assert "/youtube/v3/videos" in ring
    assert "Exception 1" in report
    assert "Recent log" in report
    assert "RuntimeError" in report
    for where, text in (("console", console), ("ring", ring), ("crash report", report)):
        assert leaks(text) == [], (where, leaks(text))
        assert viewer_leaks(text) == [], (where, viewer_leaks(text))

    for fmt in EXPORTS:
        out = tmp_path / f"report.{fmt}"
        code = run_report(db_path, "latest", fmt, str(out), out=sys.stdout, err=sys.stdout)
        assert code == 0, fmt
        exported = out.read_text(encoding="utf-8-sig")
        assert leaks(exported) == [], (fmt, leaks(exported))
        if fmt in ("html", "csv", "json"):  # what the exports are for: the show's comments
            assert "LiveDesk 隐私测试" in exported, fmt
    assert leaks(console_log()) == []
    assert leaks(RING.text()) == []


async def _youtube_polls_with_the_key_in_a_header(raw: Raw) -> None:
    fake = FakeYouTubeApi(api_key=YOUTUBE_KEY, polling_ms=50)
    await fake.start()
    try:
        fake.add_video("dQw4w9WgXcQ", "chat-1")
        fake.inject(VIEWER_NAME, VIEWER_TEXT)
        fake.messages.append({"id": "broken-item", "snippet": "not a dict",
                              "authorDetails": {"displayName": VIEWER_NAME}})  # fmt: skip
        got: list[IncomingComment] = []
        source = YouTubeChat(YOUTUBE_KEY, got.extend, video="dQw4w9WgXcQ",
                             base_url=fake.base_url)  # fmt: skip
        async with running(source):
            await eventually(
                lambda: got and source.rejected == 1, "the comment and the broken item"
            )
        assert [c.text for c in got] == [VIEWER_TEXT]
        assert fake.keys_in_url == 0
        assert all("key" not in hit.params for hit in fake.hits)
    finally:
        await fake.close()
    urls = [m for m in raw.messages if "/youtube/v3/" in m]
    assert urls, raw.messages  # urllib3 logged the requests …
    assert not any(YOUTUBE_KEY in m or "key=" in m for m in urls), urls  # … without the key

    refused = FakeYouTubeApi(api_key=YOUTUBE_KEY)  # and a key in the URL is refused
    await refused.start()
    try:
        import requests

        url = f"{refused.base_url}/videos"
        answer = await asyncio.to_thread(requests.get, url, params={"id": "x", "key": YOUTUBE_KEY})
        assert answer.status_code == 400
        assert refused.keys_in_url == 1
    finally:
        await refused.close()


async def _twitch_and_bilibili_skip_malformed_viewer_lines() -> None:
    tmi = ScriptedTmi()
    await tmi.start()
    got: list[IncomingComment] = []
    twitch = TwitchChat("#livedesk", got.extend, host="127.0.0.1", port=tmi.port)
    try:
        async with running(twitch):
            await eventually(lambda: twitch.state == "connected", "the join")
            await tmi.send(f"@display-name={VIEWER_NAME};msg={RUN}")  # tags and no command
            await tmi.send(f":{RUN}!x@x.tmi.twitch.tv PRIVMSG #livedesk :\x01VERSION {VIEWER_TEXT}")
            await tmi.send(f":v!v@v.tmi.twitch.tv PRIVMSG #livedesk :LiveDesk 隐私测试 {RUN}")
            await eventually(lambda: got, "the good line")
        assert twitch.rejected == 2
    finally:
        await tmi.close()

    bili = FakeBilibili(room_id=5440)
    await bili.start()
    got.clear()
    source = BilibiliChat(5440, got.extend, api_base=bili.api_base, nav_base=bili.api_base,
                          secure=False, sessdata=SESSDATA)  # fmt: skip
    try:
        async with running(source):
            await eventually(lambda: source.state == "connected", "the auth reply")
            broken = {"cmd": "DANMU_MSG", "info": [[0], VIEWER_TEXT]}  # no user: skipped
            await bili.send_commands([broken, danmu_msg(VIEWER_NAME, "好", 7, 0, "id-1")], None)
            await eventually(lambda: got and source.rejected == 1, "one comment and one skipped")
    finally:
        await bili.close()


async def _a_show_through_the_api_with_rejected_ingest(db_path: Path) -> None:
    """A recorded show of three segments (20 s apart on its clock: YouTube chapters need 10 s),
    comments in through /ingest, some rejected, a marker; every call with the token."""
    session_log = SqliteSessionLog(db_path)
    fake_obs = FakeObs()
    wall = [time.time()]
    show = build_show(fake_obs, session_log, comments=SqliteComments(session_log),  # type: ignore[arg-type]
                      wall=lambda: wall[0])  # fmt: skip
    bearer = {"Authorization": f"Bearer {API_TOKEN}"}
    sheet = {"segments": [{"title": f"环节 {n}", "duration": 60} for n in range(3)]}
    try:
        await show.obs.resync(await fake_obs.connect())
        async with TestClient(TestServer(create_app(show, API_TOKEN))) as client:

            async def post(path: str, body: object = None) -> Any:
                answer = await client.post(path, json=body, headers=bearer)
                assert answer.status == 200, (path, await answer.text())
                return await answer.json()

            await post("/api/obs/record", {"action": "start"})
            await post("/api/runsheet", sheet)
            await post("/api/session/start", {"title": "LiveDesk 隐私测试"})
            await post("/api/cue/goto", {"index": 0})
            for _ in range(2):
                wall[0] += 20
                await post("/api/cue/next")
            wall[0] += 20
            batch = [{"platform": "douyin", "user": VIEWER_NAME, "text": "LiveDesk 隐私测试 好"},
                     {"platform": "douyin", "user": VIEWER_NAME, "text": VIEWER_TEXT * 200},
                     {"platform": "douyin", "user": 5, "text": VIEWER_TEXT},
                     {"platform": "douyin", "text": VIEWER_TEXT}]  # fmt: skip
            answer = await client.post(f"/ingest?token={API_TOKEN}", json=batch)
            body = await answer.json()
            assert answer.status == 200
            assert body["accepted"] == 1
            assert len(body["rejected"]) == 3
            refused = await client.get(f"/api/state?token=wrong-{API_TOKEN[:6]}")
            assert refused.status == 401
            await post("/api/markers", {"note": "上链接"})
            await eventually(lambda: show.state().audience.counts.comments == 1, "the comment")
            wall[0] += 20
            await post("/api/session/end")
    finally:
        await asyncio.to_thread(session_log.close)


def _a_crash_holding_secrets() -> str:
    """An exception whose text holds secrets, logged and reported as the crash handler does."""
    try:
        raise RuntimeError(f"connect ws://127.0.0.1:4455 password={OBS_PASSWORD} failed; "
                           f"headers {{'X-Goog-Api-Key': '{YOUTUBE_KEY}'}} {SESSDATA}")  # fmt: skip
    except RuntimeError as exc:
        import traceback

        crash_log = logging.getLogger("app.ui.crash_dialog")
        crash_log.critical("Unhandled exception: %s", type(exc).__name__, exc_info=True)
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return f"{summary}\n\n{''.join(traceback.format_exception(exc))}"


def test_secrets_are_registered_when_read_or_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    value = f"kept-{random.token_urlsafe(12)}"
    try:
        monkeypatch.setattr(app_secrets.keyring, "set_password", lambda *_a: None)
        assert app_secrets.store_secret("obs-password", value)
        assert value not in logging_setup.redact(f"the password is {value}")
        fresh = f"env-{random.token_urlsafe(12)}"
        monkeypatch.setenv("LIVEDESK_OBS_PASSWORD", fresh)
        assert fresh in logging_setup.redact(f"x {fresh}")  # not read yet: not known
        app_secrets.read_secret(*app_secrets.OBS_PASSWORD)
        assert fresh not in logging_setup.redact(f"x {fresh}")
    finally:
        REDACTOR.forget_all()
