"""The Twitch source against tags no number fits: each line is read alone, a bad one rejected and
the lines after it kept, on the same connection. ngircd relays no IRCv3 tags and cuts lines at
512 bytes, so these lines come from the scripted Twitch peer (tests/support/ircd.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import pytest

from app.adapters.chat.base import SourceStatus
from app.adapters.chat.twitch import (
    _MAX_LINE,
    IrcLines,
    TwitchChat,
    comment_from_privmsg,
    item_from_usernotice,
    parse_line,
)
from app.domain.audience import MAX_TEXT, IncomingComment, Kind
from app.domain.text import ascii_whole
from app.services.supervisor import Backoff
from tests.support.ircd import ScriptedTmi
from tests.support.waiting import eventually

USER = ":{0}!{0}@{0}.tmi.twitch.tv"


def privmsg(user: str, text: str, ts: str = "1700000000000", tags: str = "") -> str:
    return (f"@display-name={user};id={user}-{len(text)};tmi-sent-ts={ts}{tags} "
            f"{USER.format(user)} PRIVMSG #livedesk :{text}")  # fmt: skip


def usernotice(msg_id: str, tags: str) -> str:
    tagged = f"@msg-id={msg_id};login=b;tmi-sent-ts=1700000000000;{tags}"
    return f"{tagged} :tmi.twitch.tv USERNOTICE #livedesk"


def test_numeric_tags_are_ascii_digits_of_bounded_length() -> None:
    assert ascii_whole("1507246572675", 15) == 1507246572675
    for bad in ("²", "١٢٣", "12²", "", " 1", "-1", "1.5", "9" * 16):
        assert ascii_whole(bad, 15) is None, bad
    line = "@tmi-sent-ts={} :u!u@u PRIVMSG #c :hi"
    for ts in ("²", "9" * 400, "9" * 5000):
        assert comment_from_privmsg(parse_line(line.format(ts))).ts is None  # no time, no error
    raid = parse_line("@msg-id=raid;msg-param-viewerCount=²;login=u :tmi.twitch.tv USERNOTICE #c")
    item = item_from_usernotice(raid)
    assert item is not None
    assert item["count"] == "²"  # passed on as text: parse_item refuses it


@pytest.fixture
async def tmi() -> AsyncIterator[ScriptedTmi]:
    server = ScriptedTmi()
    await server.start()
    yield server
    await server.close()


async def test_bad_numeric_tags_cost_their_line_alone(
    tmi: ScriptedTmi, caplog: pytest.LogCaptureFixture
) -> None:
    comments: list[IncomingComment] = []
    statuses: list[SourceStatus] = []
    source = TwitchChat("livedesk", comments.extend, statuses.append, host="127.0.0.1",
                        port=tmi.port)  # fmt: skip
    lines = [
        privmsg("a", "one"),
        privmsg("b", "two", ts="9" * 400),  # an OverflowError before: now only no time
        usernotice("sub", "tmi-sent-ts=²;msg-param-sub-plan=1000") + " :hi",
        usernotice("raid", "msg-param-viewerCount=²"),  # "²".isdigit() is True; int() refuses
        usernotice("raid", "msg-param-viewerCount=" + "9" * 4_400),  # beyond int()'s digits
        usernotice("submysterygift", "msg-param-mass-gift-count=" + "9" * 5_000),
        privmsg("c", "cheer", tags=";bits=²"),
        privmsg("d", "three", ts="9" * 5_000),
        privmsg("e", "x" * 10_000),  # longer than /ingest takes
        privmsg("f", "last"),
    ]
    task = asyncio.create_task(source.run())
    try:
        await eventually(lambda: source.state == "connected", "the join")
        await tmi.send("\r\n".join(lines))  # one chunk: the lines after a bad one are in it
        await eventually(lambda: comments and comments[-1].text == "last", "the last line")
    finally:
        source.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
    assert [(c.kind, c.user, c.text, c.ts) for c in comments] == [
        (Kind.COMMENT, "a", "one", 1700000000.0), (Kind.COMMENT, "b", "two", None),
        (Kind.MEMBER, "b", "hi", None), (Kind.COMMENT, "d", "three", None),
        (Kind.COMMENT, "f", "last", 1700000000.0),
    ]  # fmt: skip
    assert source.rejected == 5  # two raids, the mass gift, the cheer, the long line
    assert all(len(c.text) <= MAX_TEXT for c in comments)
    assert tmi.connections == 1
    assert "disconnected" not in [s.state for s in statuses]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_a_server_that_closes_after_the_join_is_retried_ever_more_slowly() -> None:
    """It accepts, welcomes, joins, and closes: each connection counts as made, but none lasts,
    so the backoff is not reset by it (it was every 0.5 s, forever)."""
    joins: list[float] = []

    async def peer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while line := (await reader.readline()).decode().strip():
                if line.startswith("NICK "):
                    writer.write(f":tmi.twitch.tv 001 {line[5:]} :Welcome\r\n".encode())
                elif line.startswith("JOIN "):
                    writer.write(f":tmi.twitch.tv 366 x {line[5:]} :End of /NAMES list\r\n"
                                 .encode())  # fmt: skip
                    joins.append(asyncio.get_running_loop().time())
                    await writer.drain()
                    break
        writer.close()

    server = await asyncio.start_server(peer, "127.0.0.1", 0)
    statuses: list[SourceStatus] = []
    source = TwitchChat("livedesk", lambda batch: None, statuses.append, host="127.0.0.1",
                        port=server.sockets[0].getsockname()[1],
                        backoff=Backoff(first=0.05, ceiling=0.4))  # fmt: skip
    task = asyncio.create_task(source.run())
    try:
        await eventually(lambda: len(joins) >= 6, "six joins")
    finally:
        source.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        server.close()
        await server.wait_closed()
    delays = [s.extra["retry_in_s"] for s in statuses if s.state == "disconnected"]
    assert delays[:5] == [0.05, 0.1, 0.2, 0.4, 0.4]
    assert source.reconnects >= 5


# ----- a line over 16 KiB: rejected whole, its tail never a line of its own ----------------------
INJECTED = b" :evil!evil@evil.tmi.twitch.tv PRIVMSG #livedesk :INJECTED from the tail\r\n"


def test_the_tail_of_an_overlong_line_is_dropped_however_many_reads_it_takes() -> None:
    lines = IrcLines(max_line=64)
    assert lines.feed(b"one\r\ntw") == ([b"one\r"], 0)
    assert lines.feed(b"o\r\n" + b"x" * 70) == ([b"two\r"], 1)  # over the limit: dropped at once
    assert lines.feed(b"y" * 500) == ([], 0)  # still the same line: nothing, counted once
    assert lines.feed(INJECTED + b"three\r\nfo") == ([b"three\r"], 0)
    assert lines.feed(b"ur\r\n") == ([b"four\r"], 0)


def test_an_overlong_line_that_comes_whole_is_dropped_too() -> None:
    lines = IrcLines(max_line=64)
    long = b"@x-pad=" + b"p" * 100 + b" :long!long@x PRIVMSG #livedesk :short text\r\n"
    assert lines.feed(b"one\r\n" + long + b"two\r\n") == ([b"one\r", b"two\r"], 1)
    assert lines.feed(b"x" * 64 + b"\r\n") == ([], 1)  # the CR counts: 65 bytes
    assert lines.feed(b"x" * 63 + b"\r\n") == ([b"x" * 63 + b"\r"], 0)


async def test_the_tail_of_an_overlong_line_is_no_message(tmi: ScriptedTmi) -> None:
    """A PRIVMSG over the 16 KiB limit, its tail in a later read starting like a line of its own
    (" :evil!… PRIVMSG #livedesk :…"): the line is rejected once, the tail never becomes a comment
    from a viewer who never sent one, and the line after it is read."""
    comments: list[IncomingComment] = []
    source = TwitchChat("livedesk", comments.extend, host="127.0.0.1", port=tmi.port)
    head = privmsg("long", "").encode()
    task = asyncio.create_task(source.run())
    try:
        await eventually(lambda: source.state == "connected", "the join")
        await tmi.send(privmsg("before", "before the long line"))
        await eventually(lambda: len(comments) == 1, "the line before")
        # one byte over the limit, no LF: the source has all of it (and no more) when it rejects
        await tmi.send_bytes(head + b"x" * (_MAX_LINE + 1 - len(head)))
        await eventually(lambda: source.rejected == 1, "the overlong line rejected")
        await tmi.send_bytes(INJECTED + privmsg("after", "after the long line").encode() + b"\r\n")
        await eventually(lambda: len(comments) >= 2, "the line after")
    finally:
        source.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
    assert [(c.user, c.text) for c in comments] == [
        ("before", "before the long line"), ("after", "after the long line"),
    ]  # fmt: skip
    assert source.rejected == 1  # the overlong line, once
    assert tmi.connections == 1  # on the same connection
