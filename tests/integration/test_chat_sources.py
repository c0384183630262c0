"""Chat sources against real peers: ngircd for Twitch's IRC, and local fakes that speak the
documented YouTube Data API and Bilibili danmaku formats (tests/support/chat_fakes.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import re
import signal
import ssl
import statistics
import struct
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.adapters.chat import (
    BilibiliChat,
    ReplayChat,
    SourceStatus,
    TwitchChat,
    YouTubeChat,
)
from app.adapters.chat.bilibili import wbi_sign
from app.adapters.chat.twitch import parse_line, unescape_tag
from app.adapters.chat.youtube import classify_error, video_id_from
from app.domain.audience import Kind
from tests.support.chat_fakes import (
    CHAT_ENDED,
    QUOTA_EXCEEDED,
    FakeBilibili,
    FakeYouTubeApi,
    danmu_msg,
    packet,
    super_chat,
)
from tests.support.chat_recorder import Recorder, running
from tests.support.ircd import IrcPoster, Ngircd, ScriptedTmi, require_ngircd
from tests.support.waiting import eventually

TEXTS = ["Hello everyone", "你好，主播！这个多少钱？", "🎉🔥 nice 👍", "混合 mixed 文本 🙂"]


def assert_gap_logged(down: SourceStatus, up: SourceStatus, after: float = 0.0) -> None:
    """The gap's wall-clock start (on the disconnected report) and end (on the connected one)
    agree with its measured length: what the session log keeps of an outage."""
    start, end = up.extra["gap_started_at"], up.extra["gap_ended_at"]
    assert start == down.extra["gap_started_at"]
    assert end >= after
    assert up.last_gap_s is not None
    assert abs((end - start) - up.last_gap_s) < 0.05


# ---------------------------------------------------------------------------------- Twitch


@pytest.fixture
def ircd(tmp_path: Path) -> Iterator[Ngircd]:
    require_ngircd()
    server = Ngircd(tmp_path / "ircd")
    server.start()
    yield server
    server.stop()


def twitch(server: Ngircd, rec: Recorder, **kw: object) -> TwitchChat:
    return TwitchChat("LiveDesk", rec.on_comments, rec.on_status, host="127.0.0.1",
                      port=server.port, **kw)  # type: ignore[arg-type]  # fmt: skip


async def test_twitch_reads_a_channel_on_a_real_ircd(ircd: Ngircd) -> None:
    rec = Recorder()
    source = twitch(ircd, rec)
    async with running(source), IrcPoster(ircd.port, "#livedesk") as poster:
        await eventually(lambda: source.state == "connected", "the join")
        for text in TEXTS:
            await poster.say(text)
        await poster.action("waves 👋")
        await eventually(lambda: len(rec.comments) == 5, "five comments")
    assert rec.texts == [*TEXTS, "waves 👋"]
    for comment in rec.comments:  # ngircd sends no tags: the login is the name, no id, no ts
        assert (comment.platform, comment.user, comment.native_id, comment.ts) == (
            "twitch", "broadcaster", None, None)  # fmt: skip
    assert rec.states()[:2] == ["connecting", "connected"]
    assert rec.statuses[1].extra["tags"] is False  # ngircd NAKs the Twitch capabilities
    assert re.fullmatch(r"justinfan\d+", rec.statuses[1].extra["nick"])
    assert source.received == 5
    assert source.rejected == 0
    assert rec.statuses[-1].state == "stopped"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
async def test_twitch_reconnects_when_ircd_restarts(ircd: Ngircd, sig: int) -> None:
    rec = Recorder()
    source = twitch(ircd, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the join")
        async with IrcPoster(ircd.port, "livedesk") as poster:
            await poster.say("before 之前")
            await eventually(lambda: rec.texts == ["before 之前"], "the first comment")
        lost_wall = time.time()
        ircd.stop(sig)
        lost = time.monotonic()
        await eventually(lambda: rec.count("disconnected") >= 1, "the disconnect report")
        down = next(s for s in rec.statuses if s.state == "disconnected")
        assert down.gaps == 1
        assert down.message
        assert down.extra["retry_in_s"] == 0.5
        assert lost_wall - 0.01 <= down.extra["gap_started_at"] <= lost_wall + 1.0
        assert "gap_ended_at" not in down.extra
        await asyncio.sleep(1.0)
        back_wall = time.time()
        ircd.start()
        await eventually(lambda: rec.count("connected") == 2, "the reconnect", 15)
        back = time.monotonic()
        up = [s for s in rec.statuses if s.state == "connected"][-1]
        assert up.gaps == 1
        assert up.extra["reconnects"] == 1
        assert up.last_gap_s is not None
        assert 1.0 <= up.last_gap_s <= back - lost + 0.05
        assert_gap_logged(down, up, after=back_wall)
        async with IrcPoster(ircd.port, "livedesk", nick="host2") as poster:
            await poster.say("after 之后 ✅")
            await eventually(lambda: len(rec.comments) == 2, "a comment after the reconnect")
    assert rec.comments[-1].user == "host2"
    assert rec.texts[-1] == "after 之后 ✅"
    print(f"\n[twitch {sig!r}] outage {back - lost:.2f} s, reported gap {up.last_gap_s:.2f} s")


async def test_twitch_answers_server_pings_and_detects_a_frozen_server(tmp_path: Path) -> None:
    require_ngircd()
    rec = Recorder()
    with Ngircd(tmp_path / "ircd", ping_timeout=1, pong_timeout=1) as server:
        source = twitch(server, rec, idle_ping_s=60.0, pong_timeout_s=1.0, connect_timeout=2.0)
        async with running(source):
            await eventually(lambda: source.state == "connected", "the join")
            await asyncio.sleep(4.0)  # ngircd PINGs after 1 s idle and drops us 1 s later if mute
            assert rec.count("disconnected") == 0
            source.idle_ping_s = 0.5  # now our own keepalive: freeze the server
            await asyncio.sleep(2.5)  # the read under way still has the old timeout
            assert server.proc is not None
            server.proc.send_signal(signal.SIGSTOP)
            try:
                await eventually(lambda: rec.count("disconnected") >= 1, "a dead-server report")
            finally:
                server.proc.send_signal(signal.SIGCONT)
            down = next(s for s in rec.statuses if s.state == "disconnected")
            assert "PONG" in down.message
            await eventually(lambda: rec.count("connected") == 2, "the reconnect", 15)


async def test_twitch_tags_reconnect_command_and_malformed_lines() -> None:
    tmi = ScriptedTmi()
    await tmi.start()
    rec = Recorder()
    source = TwitchChat("#LiveDesk", rec.on_comments, rec.on_status, host="127.0.0.1",
                        port=tmi.port)  # fmt: skip
    try:
        async with running(source):
            await eventually(lambda: source.state == "connected", "the join")
            sent = tmi.lines_from_client
            assert sent[0] == "CAP REQ :twitch.tv/tags twitch.tv/commands"
            assert any(re.fullmatch(r"NICK justinfan\d+", line) for line in sent)
            assert "JOIN #livedesk" in sent
            assert not any(line.startswith("PASS") for line in sent)
            tags = ("@badge-info=;badges=broadcaster/1;color=;display-name=小明\\sLi;"
                    "emotes=25:0-4;id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;mod=0;"
                    "room-id=1337;tmi-sent-ts=1507246572675;user-id=1337;user-type= ")  # fmt: skip
            await tmi.send(
                tags + ":ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #livedesk :Kappa 你好 🎉"
            )
            await tmi.send("@only-tags-and-no-command")  # malformed: skipped alone
            await tmi.send("@display-name=;id=x2;tmi-sent-ts=1700000000000 "
                           ":lowercase!lowercase@lowercase.tmi.twitch.tv PRIVMSG #livedesk "
                           ":\x01ACTION dances\x01")  # fmt: skip
            await tmi.send(":tmi.twitch.tv USERNOTICE #livedesk :a raid")
            await tmi.send("PING :tmi.twitch.tv")
            await eventually(lambda: len(rec.comments) == 2, "two comments")
            await eventually(lambda: "PONG :tmi.twitch.tv" in sent, "the PONG")
            first, second = rec.comments
            assert (first.user, first.text, first.native_id, first.user_id, first.ts) == (
                "小明 Li", "Kappa 你好 🎉", "b34ccfc7-4977-403a-8a94-33c6bac34fb8", "1337",
                1507246572.675)  # fmt: skip
            assert (second.user, second.text, second.native_id, second.ts) == (
                "lowercase", "dances", "x2", 1700000000.0)  # fmt: skip
            assert source.rejected == 1
            await tmi.send(":tmi.twitch.tv RECONNECT")
            await eventually(
                lambda: tmi.connections == 2 and rec.count("connected") == 2,
                "the reconnect after RECONNECT",
            )
            down = next(s for s in rec.statuses if s.state == "disconnected")
            assert "RECONNECT" in down.message
            await tmi.send("@id=x3 :viewer!viewer@viewer.tmi.twitch.tv PRIVMSG #livedesk :back")
            await eventually(lambda: len(rec.comments) == 3, "a comment after RECONNECT")
    finally:
        await tmi.close()


async def test_twitch_suspended_channel_is_an_error() -> None:
    tmi = ScriptedTmi()
    await tmi.start()
    rec = Recorder()
    source = TwitchChat("gone", rec.on_comments, rec.on_status, host="127.0.0.1", port=tmi.port)
    try:
        async with running(source) as task:
            await eventually(lambda: source.state == "connected", "the join")
            await tmi.send("@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #gone "
                           ":This channel does not exist or has been suspended.")  # fmt: skip
            await eventually(task.done, "run() to give up")
        assert rec.statuses[-1].state == "error"
        assert "suspended" in rec.statuses[-1].message
    finally:
        await tmi.close()


async def test_twitch_over_tls(tmp_path: Path) -> None:
    require_ngircd()
    rec = Recorder()
    with Ngircd(tmp_path / "ircd", tls=True) as server:
        context = ssl.create_default_context(cafile=str(server.cert))
        source = TwitchChat("livedesk", rec.on_comments, rec.on_status, host="localhost",
                            port=server.port, tls=True, ssl_context=context)  # fmt: skip
        async with running(source), IrcPoster(server.plain_port, "livedesk") as poster:
            await eventually(lambda: source.state == "connected", "the TLS join")
            await poster.say("加密 encrypted 🔒")
            await eventually(lambda: rec.texts == ["加密 encrypted 🔒"], "the comment over TLS")


def test_irc_parsing_and_tag_unescaping() -> None:
    assert unescape_tag(r"a\sb\:c\\d\re\nf\x") == "a b;c\\d\re\nfx"
    assert unescape_tag("trailing\\") == "trailing"
    msg = parse_line("@a=1;b :nick!u@h PRIVMSG #chan :hello :) there")
    assert (msg.command, msg.params, msg.tags, msg.nick) == (
        "PRIVMSG", ["#chan", "hello :) there"], {"a": "1", "b": ""}, "nick")  # fmt: skip
    with pytest.raises(ValueError, match="not an IRC message"):
        parse_line(":prefix-only")


# --------------------------------------------------------------------------------- YouTube

VIDEO = "dQw4w9WgXcQ"


@pytest.fixture
async def yt() -> AsyncIterator[FakeYouTubeApi]:
    fake = FakeYouTubeApi(polling_ms=200)
    await fake.start()
    fake.add_video(VIDEO, "Cg0KC2RRdzR3OVdnWGNRKicKGFVD")
    yield fake
    await fake.close()


def youtube(fake: FakeYouTubeApi, rec: Recorder, **kw: object) -> YouTubeChat:
    kw.setdefault("video", f"https://www.youtube.com/watch?v={VIDEO}&t=42")
    return YouTubeChat("test-key", rec.on_comments, rec.on_status, base_url=fake.base_url,
                       **kw)  # type: ignore[arg-type]  # fmt: skip


async def test_youtube_reads_history_then_new_messages_following_page_tokens(
    yt: FakeYouTubeApi,
) -> None:
    when = dt.datetime(2026, 5, 1, 12, 30, 15, 250000, tzinfo=dt.UTC)
    ids = [yt.inject("Alice", TEXTS[0], channel_id="UCalice", published=when),
           yt.inject("王小明", TEXTS[1])]  # fmt: skip
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        await eventually(lambda: len(rec.comments) == 2, "the history page")
        ids.append(yt.inject("Bob", TEXTS[2], kind="superChatEvent"))
        carol = yt.inject("Carol", "", kind="newSponsorEvent")  # a membership, not a comment
        ids.append(yt.inject("Dora", TEXTS[3]))
        await eventually(lambda: len(rec.comments) == 5, "the new messages")
        await asyncio.sleep(0.5)  # more polls: nothing is delivered twice
    member = rec.comments.pop(3)
    assert (member.kind, member.user, member.native_id) == (Kind.MEMBER, "Carol", carol)
    assert rec.texts == TEXTS
    assert [c.native_id for c in rec.comments] == ids
    assert rec.comments[2].kind is Kind.SUPERCHAT
    alice = rec.comments[0]
    assert (alice.platform, alice.user, alice.user_id, alice.ts) == (
        "youtube", "Alice", "UCalice", when.timestamp())  # fmt: skip
    assert rec.comments[2].user == "Bob"
    hits = yt.list_hits()
    assert "pageToken" not in hits[0].params
    assert len(hits) >= 4
    issued = [h.params.get("pageToken") for h in hits[1:]]
    assert all(issued)
    assert len(set(issued)) == len(issued)
    assert all(h.params["liveChatId"] == "Cg0KC2RRdzR3OVdnWGNRKicKGFVD" for h in hits)
    status = source.status
    assert status.extra["quota_units"] == 1 + 5 * len(hits)
    assert status.extra["polls"] == len(hits)


async def test_youtube_honours_the_polling_interval(yt: FakeYouTubeApi) -> None:
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        yt.polling_ms = 250
        await eventually(lambda: len(yt.list_hits()) >= 6, "six polls")
        fast = [h.at for h in yt.list_hits()]
        yt.polling_ms = 700
        await eventually(lambda: len(yt.list_hits()) >= len(fast) + 4, "four slower polls")
        slow = [h.at for h in yt.list_hits()][len(fast) :]
    fast_gaps = [b - a for a, b in pairs(fast[1:])]
    slow_gaps = [b - a for a, b in pairs(slow)]
    assert min(fast_gaps) >= 0.24
    assert statistics.median(fast_gaps) < 0.40
    assert min(slow_gaps) >= 0.69
    assert statistics.median(slow_gaps) < 0.85
    assert source.status.extra["poll_interval_s"] == 0.7


def pairs(values: list[float]) -> list[tuple[float, float]]:
    return list(itertools.pairwise(values))


async def test_youtube_can_skip_the_history_page(yt: FakeYouTubeApi) -> None:
    yt.inject("Old", "history 1")
    yt.inject("Old", "history 2")
    rec = Recorder()
    source = youtube(yt, rec, skip_history=True)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the first poll")
        yt.inject("New", "新的 new")
        await eventually(lambda: rec.texts == ["新的 new"], "the new message only")
    assert source.status.extra["history_skipped"] == 2


async def test_youtube_quota_exhausted_waits_for_the_reset_then_polls_on(
    yt: FakeYouTubeApi,
) -> None:
    """quotaExceeded: no poll until the quota resets at midnight Pacific time (here the clock
    says it is 1.5 s away, and the margin after it is 0.5 s), the light saying so and when; then
    polling goes on by itself where it left off, and the wait is logged as a gap."""
    pacific = ZoneInfo("America/Los_Angeles")
    before_reset = dt.datetime(2026, 12, 7, 23, 59, 58, 500000, tzinfo=pacific)
    rec = Recorder()
    source = youtube(yt, rec, live_chat_id="Cg0KC2RRdzR3OVdnWGNRKicKGFVD", video=None,
                     wall_clock=lambda: before_reset, quota_margin_s=0.5)  # fmt: skip
    async with running(source) as task:
        await eventually(lambda: source.state == "connected", "the first poll")
        yt.failures.append(QUOTA_EXCEEDED)
        await eventually(lambda: rec.count("disconnected") == 1, "the quota reported")
        waiting = rec.statuses[-1]
        yt.inject("After", "配额恢复后 after the reset")
        await eventually(lambda: rec.texts == ["配额恢复后 after the reset"], "polling again", 15)
        assert not task.done()
        back = rec.statuses[-1]
        states = rec.states()
    assert waiting.state == "disconnected"  # it retries by itself: no error for the user to fix
    assert waiting.message.startswith("YouTube API quota is exhausted: polling resumes when it "
                                      "resets at midnight Pacific time (")  # fmt: skip
    assert waiting.message.endswith(" here, in 0 h 01 min)")
    assert waiting.extra["retry_in_s"] == 2.0  # the reset and the margin, not the backoff's 0.5 s
    assert states == ["connecting", "connected", "disconnected", "connecting", "connected"]
    assert back.gaps == 1  # the comments of the wait may be missing: logged as a gap
    assert back.extra["gap_started_at"] == waiting.extra["gap_started_at"]
    assert back.extra["gap_ended_at"] >= back.extra["gap_started_at"]
    assert source.status.extra["quota_units"] == 5 * len(yt.list_hits())  # no videos.list


async def test_youtube_ended_chat_and_offline_stream_stop(yt: FakeYouTubeApi) -> None:
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source) as task:
        await eventually(lambda: source.state == "connected", "the first poll")
        yt.failures.append(CHAT_ENDED)
        await eventually(task.done, "run() to end")
    assert rec.statuses[-1].state == "stopped"
    assert "ended" in rec.statuses[-1].message
    rec2 = Recorder()
    yt.offline = True
    yt.inject("Last", "最后一条 last one")
    source2 = youtube(yt, rec2)
    async with running(source2) as task2:
        await eventually(task2.done, "run() to end on offlineAt")
    assert rec2.texts == ["最后一条 last one"]
    assert rec2.statuses[-1].state == "stopped"


async def test_youtube_bad_key_and_missing_chat_are_errors(yt: FakeYouTubeApi) -> None:
    cases = [("wrong-key", VIDEO, "API key is not valid"),
             ("test-key", "aaaaaaaaaaa", "has no video"),
             ("test-key", "https://youtu.be/bbbbbbbbbbb", "no active live chat")]  # fmt: skip
    yt.add_video("bbbbbbbbbbb", None)
    for key, video, expected in cases:
        rec = Recorder()
        source = YouTubeChat(key, rec.on_comments, rec.on_status, video=video,
                             base_url=yt.base_url)  # fmt: skip
        async with running(source) as task:
            await eventually(task.done, f"run() to give up on {video}")
        assert rec.statuses[-1].state == "error"
        assert expected in rec.statuses[-1].message


def test_youtube_error_reasons_are_classified() -> None:
    def err(reason: str, message: str = "m") -> dict[str, object]:
        return {"error": {"code": 403, "message": message, "errors": [{"reason": reason}]}}

    cases = {("forbidden", 403): ("error", "refused access"),
             ("liveChatDisabled", 403): ("error", "disabled"),
             ("liveChatNotFound", 404): ("error", "cannot find"),
             ("accessNotConfigured", 403): ("error", "not enabled"),
             ("rateLimitExceeded", 403): (None, "busy"),
             ("backendError", 500): (None, "busy")}  # fmt: skip
    for (reason, status), (state, words) in cases.items():
        outcome = classify_error(status, err(reason))
        assert getattr(outcome, "state", None) == state, reason
        assert words in str(outcome), reason
    assert video_id_from("https://www.youtube.com/live/dQw4w9WgXcQ?si=x") == VIDEO
    assert video_id_from("youtu.be/dQw4w9WgXcQ") == VIDEO
    with pytest.raises(ValueError, match="not a YouTube video URL or id"):
        video_id_from("https://example.com/watch?v=nope")


async def test_youtube_reconnects_after_dropped_connections(yt: FakeYouTubeApi) -> None:
    rec = Recorder()
    source = youtube(yt, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the first poll")
        yt.failures += ["drop", "drop", (503, {"error": {"code": 503, "message": "Backend Error",
                        "errors": [{"reason": "backendError"}]}})]  # fmt: skip
        await eventually(lambda: rec.count("disconnected") >= 1, "the drop")
        yt.inject("During", "断线期间 sent during the outage")
        await eventually(lambda: rec.count("connected") == 2, "the reconnect", 15)
        await eventually(lambda: len(rec.comments) == 1, "the message from the outage")
    downs = [s for s in rec.statuses if s.state == "disconnected"]
    assert len(downs) == 3
    assert "check the internet connection" in downs[0].message  # what failed, what to do
    assert "503" in downs[2].message
    assert [d.extra["retry_in_s"] for d in downs] == [0.5, 1.0, 2.0]
    up = [s for s in rec.statuses if s.state == "connected"][-1]
    assert up.gaps == 1
    assert up.last_gap_s is not None
    assert 3.4 <= up.last_gap_s < 6
    assert_gap_logged(downs[0], up)
    print(f"\n[youtube] 3 failed polls, reported gap {up.last_gap_s:.2f} s")


# -------------------------------------------------------------------------------- Bilibili

ROOM = 21452505


@pytest.fixture
async def bili() -> AsyncIterator[FakeBilibili]:
    fake = FakeBilibili(room_id=ROOM)
    await fake.start()
    yield fake
    await fake.close()


def bilibili(fake: FakeBilibili, rec: Recorder, **kw: object) -> BilibiliChat:
    return BilibiliChat(ROOM, rec.on_comments, rec.on_status, api_base=fake.api_base,
                        nav_base=fake.api_base, secure=False, **kw)  # type: ignore[arg-type]  # fmt: skip


def test_wbi_signature_matches_the_documented_example() -> None:
    signed = wbi_sign({"foo": "114", "bar": "514", "zab": 1919810},
                      FakeBilibili.IMG_KEY, FakeBilibili.SUB_KEY, 1702204169)  # fmt: skip
    assert signed["w_rid"] == "8f6f2b5b3d485fe1886cec6a0be8c5d4"
    assert signed["wts"] == "1702204169"


async def test_bilibili_auth_heartbeat_and_danmaku_in_zlib_and_brotli(bili: FakeBilibili) -> None:
    rec = Recorder()
    source = bilibili(bili, rec, sessdata="abc%2C123", heartbeat_s=0.3)
    now_ms = int(time.time() * 1000)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        await bili.send_commands([danmu_msg("提***", TEXTS[1], 0, now_ms, "id-1"),
                                  danmu_msg("Alice", TEXTS[0], 1001, now_ms + 5, "id-2")],
                                 "brotli")  # fmt: skip
        await bili.send_commands([danmu_msg("小红", TEXTS[2], 1002, now_ms + 10, "id-3"),
                                  {"cmd": "INTERACT_WORD", "data": {"uname": "x"}}],
                                 "zlib")  # fmt: skip
        await bili.send_commands([super_chat("土豪", "醒目留言 SC 💰", 1003, 77, 1760000000),
                                  {"cmd": "DANMU_MSG:4:0:2:2:2:0",
                                   **{k: v for k, v in danmu_msg("Bob", TEXTS[3], 1004, now_ms,
                                                                 "id-4").items()
                                      if k != "cmd"}}],
                                 None)  # fmt: skip
        await eventually(lambda: len(rec.comments) == 5, "five comments")
        await eventually(lambda: len(bili.heartbeats) >= 2, "two heartbeats")
        await eventually(lambda: source.status.extra.get("popularity") == 12345, "popularity")
    assert rec.texts == [TEXTS[1], TEXTS[0], TEXTS[2], "醒目留言 SC 💰", TEXTS[3]]
    masked, alice = rec.comments[0], rec.comments[1]
    assert (masked.user, masked.user_id, masked.native_id, masked.ts) == (
        "提***", None, "id-1", now_ms / 1000)  # fmt: skip
    assert (alice.platform, alice.user, alice.user_id, alice.native_id) == (
        "bilibili", "Alice", "1001", "id-2")  # fmt: skip
    sc = rec.comments[3]
    assert (sc.user, sc.user_id, sc.native_id, sc.ts) == ("土豪", "1003", "sc-77", 1760000000.0)
    assert bili.auth_bodies == [{"uid": 0, "roomid": ROOM, "protover": 3, "platform": "web",
                                 "type": 2, "key": bili.token}]  # fmt: skip
    info = bili.info_hits[0]
    assert info.params["id"] == str(ROOM)
    assert {"w_rid", "wts"} <= set(info.params)
    assert info.cookies.get("SESSDATA") == "abc%2C123"
    gaps = [b - a for a, b in pairs(bili.heartbeats)]
    assert all(0.25 <= g <= 0.6 for g in gaps)
    assert source.rejected == 0


async def test_bilibili_skips_malformed_packets_and_keeps_the_connection(
    bili: FakeBilibili,
) -> None:
    rec = Recorder()
    source = bilibili(bili, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        await bili.send_raw(b"\x00\x00\x00\x05garbage")  # header lengths that cannot be
        await bili.send_raw(packet(5, b"\x1b\x00not brotli at all", 3))  # broken brotli
        await bili.send_raw(packet(5, b"\x78\x9cnot zlib", 2))  # broken zlib
        await bili.send_raw(packet(5, b"{not json"))
        await bili.send_raw(packet(5, json.dumps({"cmd": "DANMU_MSG", "info": []}).encode()))
        await bili.send_raw(struct.pack(">IHHII", 10, 16, 0, 5, 0))  # total < header
        await bili.send_commands([danmu_msg("Alice", "还活着 still alive", 7, 1, "id-9")],
                                 "brotli")  # fmt: skip
        await eventually(lambda: rec.texts == ["还活着 still alive"], "the good danmaku")
    assert source.rejected == 6
    assert bili.connections == 1
    assert rec.count("disconnected") == 0


async def test_bilibili_reconnects_after_a_drop(bili: FakeBilibili) -> None:
    rec = Recorder()
    source = bilibili(bili, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        lost = time.monotonic()
        await bili.drop()
        await eventually(lambda: rec.count("connected") == 2, "the reconnect", 15)
        await bili.send_commands([danmu_msg("Alice", "重连后 after 🔁", 7, 1, "id-10")], "zlib")
        await eventually(lambda: rec.texts == ["重连后 after 🔁"], "a danmaku after the reconnect")
        back = time.monotonic()
    down = next(s for s in rec.statuses if s.state == "disconnected")
    up = [s for s in rec.statuses if s.state == "connected"][-1]
    assert "closed" in down.message
    assert down.gaps == 1
    assert up.last_gap_s is not None
    assert 0.4 <= up.last_gap_s <= back - lost
    assert_gap_logged(down, up)
    assert bili.connections == 2
    assert len(bili.auth_bodies) == 2
    assert len(bili.info_hits) == 2
    print(f"\n[bilibili] reported gap {up.last_gap_s:.2f} s")


async def test_bilibili_refused_auth_retries_and_masked_names_notice(bili: FakeBilibili) -> None:
    rec = Recorder()
    bili.refuse_auth = True
    source = bilibili(bili, rec)
    async with running(source):
        await eventually(lambda: rec.count("disconnected") >= 1, "the refused auth")
        assert "refused auth" in rec.statuses[-1].message
        assert source.gaps == 0
        bili.refuse_auth = False
        await eventually(lambda: source.state == "connected", "the retry", 15)
        notice = "为保护用户隐私，未注册登陆用户将无法查看他人昵称"
        await bili.send_commands(
            [{"cmd": "LOG_IN_NOTICE", "data": {"notice_msg": notice}}], "brotli"
        )
        await eventually(lambda: source.status.extra.get("names_masked") is True, "the notice")
    assert "SESSDATA" in [s for s in rec.statuses if s.state == "connected"][-1].message


# ---------------------------------------------------------------------------------- Replay


async def test_replay_at_10x_keeps_order_and_spacing(tmp_path: Path) -> None:
    offsets = [0.0, 1.0, 1.5, 1.5, 3.0, 4.2]
    log = tmp_path / "chat.jsonl"
    log.write_text("\n".join(json.dumps({"platform": "bilibili", "user": f"观众{i}",
                                         "text": f"{i}: {TEXTS[i % 4]}", "ts": 1760000000 + o})
                             for i, o in enumerate(offsets)), encoding="utf-8")  # fmt: skip
    rec = Recorder()
    source = ReplayChat(log, rec.on_comments, rec.on_status, speed=10)
    async with running(source) as task:
        start = time.monotonic()
        await eventually(task.done, "the end of the replay")
    assert [c.user for c in rec.comments] == [f"观众{i}" for i in range(6)]
    assert rec.comments[1].platform == "bilibili"
    assert rec.comments[1].text == "1: " + TEXTS[1]
    for arrival, offset in zip(rec.arrivals, offsets, strict=True):
        assert abs((arrival - rec.arrivals[0]) - offset / 10) < 0.05
    assert rec.arrivals[0] - start < 0.1
    assert rec.statuses[-1].state == "stopped"
    assert "6 comments" in rec.statuses[-1].message


async def test_replay_reads_gbk_csv_and_loops(tmp_path: Path) -> None:
    log = tmp_path / "chat.csv"
    rows = "platform,user,text,ts\ntwitch,观众甲,第一条 first,0\n,观众乙,第二条,0.2\nbad row\n"
    log.write_bytes(rows.encode("gbk"))
    rec = Recorder()
    source = ReplayChat(log, rec.on_comments, rec.on_status, speed=2, loop=True,
                        loop_pause_s=0.2)  # fmt: skip
    async with running(source):
        await eventually(lambda: len(rec.comments) >= 4, "two passes")
    assert rec.texts[:4] == ["第一条 first", "第二条"] * 2
    assert [c.platform for c in rec.comments[:2]] == ["twitch", "replay"]
    assert source.rejected == 1
    assert source.passes >= 1


# ------------------------------------------------------ what else the platforms send (issue 15)

PLATFORMS = Path(__file__).parent.parent / "data" / "platforms"


async def test_bilibili_gifts_guards_likes_and_viewers_over_the_websocket(
    bili: FakeBilibili,
) -> None:
    """The documented commands (tests/data/platforms/bilibili_commands.json) in a brotli
    container, as the danmaku server batches them."""
    commands = json.loads((PLATFORMS / "bilibili_commands.json").read_text("utf-8"))
    rec = Recorder()
    source = bilibili(bili, rec)
    async with running(source):
        await eventually(lambda: source.state == "connected", "the auth reply")
        await bili.send_commands(commands, "brotli")
        await eventually(lambda: source.extra.get("watched") == 15231, "the whole batch")
    kinds = [c.kind.value for c in rec.comments]
    assert kinds.count("gift") == 3
    assert kinds.count("like") == 3
    assert kinds.count("viewers") == 1
    gifts = [(c.user, c.gift, c.count, c.value, c.currency) for c in rec.comments
             if c.kind is Kind.GIFT]  # fmt: skip
    assert gifts == [("土豪", "牛哇牛哇", 2, 2.0, "CNY"), ("小白", "辣条", 10, 0.0, "CNY"),
                     ("送花的人", "小花花", 5, 0.5, "CNY")]  # fmt: skip
    assert source.rejected == 1  # the gift with num -3, alone


async def test_twitch_usernotices_and_cheers_with_tags() -> None:
    """ngircd relays no IRCv3 tags, so Twitch's tagged lines come from the scripted peer."""
    tmi = ScriptedTmi()
    await tmi.start()
    rec = Recorder()
    source = TwitchChat("livedesk", rec.on_comments, rec.on_status, host="127.0.0.1",
                        port=tmi.port)  # fmt: skip
    try:
        async with running(source):
            await eventually(lambda: source.state == "connected", "the join")
            for line in (PLATFORMS / "twitch_irc.txt").read_text("utf-8").splitlines():
                await tmi.send(line)
            await eventually(lambda: len(rec.comments) == 6, "the notices and messages")
    finally:
        await tmi.close()
    assert [(c.kind.value, c.user, c.count) for c in rec.comments] == [
        ("member", "ronni", 1), ("member", "TWW2", 1), ("member", "Gifter", 5),
        ("enter", "TestChannel", 15), ("superchat", "ronni", None), ("comment", "Viewer", None),
    ]  # fmt: skip
    cheer = rec.comments[4]
    assert (cheer.value, cheer.currency, cheer.ts) == (100.0, "bits", 1507246572.675)
    assert source.rejected == 1  # the raid of "many" viewers


async def test_youtube_paid_messages_and_the_viewer_count(yt: FakeYouTubeApi) -> None:
    """The documented message resources and videos.list's concurrentViewers, from the fake."""
    page = json.loads((PLATFORMS / "youtube_messages.json").read_text("utf-8"))
    yt.messages.extend(page["items"])
    yt.videos[VIDEO]["concurrentViewers"] = "1234"
    rec = Recorder()
    source = youtube(yt, rec, viewers_every_s=0.3)
    async with running(source):
        await eventually(lambda: any(c.kind is Kind.VIEWERS for c in rec.comments), "viewers")
        yt.videos[VIDEO]["concurrentViewers"] = "1300"
        await eventually(lambda: any(c.count == 1300 for c in rec.comments), "a new count")
    kinds = [c.kind.value for c in rec.comments if c.kind is not Kind.VIEWERS]
    assert kinds == ["comment", "superchat", "superchat", "gift", "member", "member", "member"]
    viewers = [c.count for c in rec.comments if c.kind is Kind.VIEWERS]
    assert viewers[0] == 1234
    video_calls = [h for h in yt.hits if h.path.endswith("/videos")]
    assert len(video_calls) >= 2
    assert source.status.extra["quota_units"] == len(video_calls) + 5 * len(yt.list_hits())
