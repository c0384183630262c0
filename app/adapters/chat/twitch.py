"""Twitch chat over IRC, read-only and anonymous (NICK justinfan<digits>, no PASS).

Plain TCP to irc.chat.twitch.tv:6667 by default, TLS on 6697 with ``tls=True``. Any RFC 1459 server
works too (the tests use ngircd): without the IRCv3 tags the display name falls back to the login
and the message id and server time are missing (``native_id``/``ts`` stay None).

With the IRCv3 tags (Twitch's ``twitch.tv/tags`` and ``twitch.tv/commands``), what else the chat
reports comes as audience items, each checked as /ingest checks its own: USERNOTICE ``sub`` and
``resub`` (a membership, its plan as the gift name), ``subgift`` (one membership for the gifter),
``submysterygift`` (``msg-param-mass-gift-count`` memberships for the gifter; the ``subgift``
notices that hand them out one by one carry ``msg-param-community-gift-id`` and are not counted
again), ``raid`` (an entry of ``msg-param-viewerCount`` viewers, the raiding channel as the
viewer), and a PRIVMSG with a ``bits`` tag: a super chat worth that many bits (currency "bits"),
since a cheer is a paid message and its text is read like any comment.

Each line is read alone: a numeric tag is a number only when it is ASCII digits of a bounded
length (``"²".isdigit()`` is True, and int() refuses more than 4,300 digits); a time that is none
is left out, a count that is none refuses its item, and a line that cannot be read at all is
rejected while the lines after it are read on, on the same connection. A line longer than 16 KiB
is rejected whole (IrcLines): never its text, nor any part of it read as a line of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import ssl
from dataclasses import dataclass, field

from app.adapters.chat.base import (
    ChatSource,
    CommentSink,
    SourceDropped,
    SourceEnded,
    StatusSink,
)
from app.domain.audience import IncomingComment, Kind
from app.domain.ingest import parse_item
from app.domain.text import ascii_whole
from app.services.supervisor import Backoff

log = logging.getLogger(__name__)

TWITCH_HOST = "irc.chat.twitch.tv"
_TAG_ESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}
_MAX_LINE = 16 * 1024
_MAX_TS_DIGITS = 15  # Unix milliseconds have 13 until the year 2286
_MAX_COUNT_DIGITS = 12  # beyond any count parse_item takes; longer ones go to it as text


@dataclass(frozen=True)
class IrcMessage:
    command: str
    params: list[str]
    tags: dict[str, str] = field(default_factory=dict)
    prefix: str = ""

    @property
    def nick(self) -> str:
        return self.prefix.split("!", 1)[0]


def unescape_tag(value: str) -> str:
    """IRCv3 tag value unescaping: ``\\s`` space, ``\\:`` ``;``, ``\\\\``, ``\\r``, ``\\n``; an
    unknown escape drops the backslash, a trailing lone backslash is dropped."""
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append(_TAG_ESCAPES.get(nxt, nxt))
    return "".join(out)


def parse_line(line: str) -> IrcMessage:
    """Parse one IRC line (without CR LF); raises ValueError when it is not one."""
    rest = line
    tags: dict[str, str] = {}
    if rest.startswith("@"):
        raw, _, rest = rest[1:].partition(" ")
        for item in raw.split(";"):
            if item:
                key, _, value = item.partition("=")
                tags[key] = unescape_tag(value)
    rest = rest.lstrip(" ")
    prefix = ""
    if rest.startswith(":"):
        prefix, _, rest = rest[1:].partition(" ")
    rest = rest.lstrip(" ")
    trailing = None
    if " :" in rest:
        rest, trailing = rest.split(" :", 1)
    elif rest.startswith(":"):
        rest, trailing = "", rest[1:]
    words = rest.split()
    if not words or not words[0].isalnum():
        raise ValueError(f"not an IRC message: {line[:80]!r}")
    params = words[1:] + ([trailing] if trailing is not None else [])
    return IrcMessage(words[0].upper(), params, tags, prefix)


def comment_from_privmsg(msg: IrcMessage, platform: str = "twitch") -> IncomingComment:
    """A PRIVMSG as an IncomingComment; /me (CTCP ACTION) keeps just its text."""
    if len(msg.params) < 2 or not msg.nick:
        raise ValueError("PRIVMSG without target, text or sender")
    text = msg.params[1]
    if text.startswith("\x01ACTION ") or text == "\x01ACTION\x01":
        text = text[len("\x01ACTION") :].strip(" \x01")
    elif text.startswith("\x01"):
        raise ValueError("a CTCP request, not a chat message")
    user = msg.tags.get("display-name") or msg.nick
    return IncomingComment(
        platform=platform,
        user=user,
        text=text,
        native_id=msg.tags.get("id") or None,
        user_id=msg.tags.get("user-id") or None,
        ts=sent_at(msg.tags),
    )


def sent_at(tags: dict[str, str]) -> float | None:
    """``tmi-sent-ts`` (Unix milliseconds) in seconds; None when missing or not a time."""
    ms = ascii_whole(tags.get("tmi-sent-ts", ""), _MAX_TS_DIGITS)
    return None if ms is None else ms / 1000.0


SUB_PLANS = {"Prime": "Prime", "1000": "Tier 1", "2000": "Tier 2", "3000": "Tier 3"}


def _tag_int(tags: dict[str, str], name: str) -> int | str | None:
    """A numeric tag as an int; a tag that is no number (or too long for one) is passed on as
    text for parse_item to refuse."""
    raw = tags.get(name)
    if raw is None or raw == "":
        return None
    number = ascii_whole(raw, _MAX_COUNT_DIGITS)
    return raw if number is None else number


def _common(msg: IrcMessage, platform: str) -> dict[str, object]:
    return {"platform": platform, "user": msg.tags.get("display-name") or msg.tags.get("login")
            or msg.nick, "user_id": msg.tags.get("user-id") or None,
            "id": msg.tags.get("id") or None, "ts": sent_at(msg.tags)}  # fmt: skip


def item_from_usernotice(msg: IrcMessage, platform: str = "twitch") -> dict[str, object] | None:
    """A USERNOTICE as an /ingest item (checked by parse_item after); None for the notices that
    count nothing (announcements, rituals, bits badge tiers...) or repeat another."""
    tags = msg.tags
    kind = tags.get("msg-id", "")
    item = _common(msg, platform)
    plan = tags.get("msg-param-sub-plan", "")
    gift = SUB_PLANS.get(plan, plan) or None
    text = msg.params[1] if len(msg.params) > 1 else ""
    if kind in ("sub", "resub"):
        return {**item, "kind": Kind.MEMBER.value, "gift": gift, "count": 1, "text": text}
    if kind in ("subgift", "anonsubgift"):
        if tags.get("msg-param-community-gift-id"):  # one of a submysterygift's: counted there
            return None
        return {**item, "kind": Kind.MEMBER.value, "gift": gift, "count": 1}
    if kind in ("submysterygift", "anonsubmysterygift"):
        return {**item, "kind": Kind.MEMBER.value, "gift": gift,
                "count": _tag_int(tags, "msg-param-mass-gift-count")}  # fmt: skip
    if kind == "raid":
        raider = tags.get("msg-param-displayName") or tags.get("msg-param-login") or item["user"]
        return {**item, "kind": Kind.ENTER.value, "user": raider,
                "count": _tag_int(tags, "msg-param-viewerCount")}  # fmt: skip
    return None


def cheer_from_privmsg(msg: IrcMessage, platform: str = "twitch") -> dict[str, object] | None:
    """A PRIVMSG with a ``bits`` tag as a super chat item worth its bits; None without one."""
    if "bits" not in msg.tags:
        return None
    comment = comment_from_privmsg(msg, platform)
    bits = _tag_int(msg.tags, "bits")
    return {"platform": platform, "kind": Kind.SUPERCHAT.value, "user": comment.user,
            "text": comment.text, "user_id": comment.user_id, "id": comment.native_id,
            "ts": comment.ts, "value": bits, "count": None, "currency": "bits"}  # fmt: skip


class IrcLines:
    """The lines in what the server sends, read after read: each up to its LF (its CR is stripped
    when it is read). A line longer than ``max_line`` is dropped whole: what has come of it so far,
    and everything after that up to its LF, however many reads that takes, so the rest of it is
    never read as a line of its own (it may hold anything, a PRIVMSG included)."""

    def __init__(self, max_line: int = _MAX_LINE) -> None:
        self.max_line = max_line
        self._partial = b""  # the start of the next line
        self._skipping = False  # in the middle of an overlong line: dropped up to its LF

    def feed(self, chunk: bytes) -> tuple[list[bytes], int]:
        """The whole lines `chunk` completes, and how many overlong lines it dropped."""
        *lines, self._partial = (self._partial + chunk).split(b"\n")
        if self._skipping and lines:
            del lines[0]  # the rest of the overlong line, up to its LF
            self._skipping = False
        kept = [line for line in lines if len(line) <= self.max_line]
        dropped = len(lines) - len(kept)
        if self._skipping:
            self._partial = b""
        elif len(self._partial) > self.max_line:
            dropped += 1
            self._partial, self._skipping = b"", True
        return kept, dropped


class TwitchChat(ChatSource):
    platform = "twitch"

    def __init__(
        self,
        channel: str,
        on_comments: CommentSink,
        on_status: StatusSink | None = None,
        *,
        name: str = "twitch",
        host: str = TWITCH_HOST,
        port: int | None = None,
        tls: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        nick: str | None = None,
        connect_timeout: float = 10.0,
        idle_ping_s: float = 240.0,
        pong_timeout_s: float = 20.0,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(name, on_comments, on_status, backoff=backoff)
        self.channel = "#" + channel.strip().lstrip("#").lower()
        self.host = host
        self.port = port or (6697 if tls else 6667)
        self.tls = tls
        self._ssl_context = ssl_context
        self._fixed_nick = nick
        self.connect_timeout = connect_timeout
        self.idle_ping_s = idle_ping_s
        self.pong_timeout_s = pong_timeout_s
        self._writer: asyncio.StreamWriter | None = None

    def _connecting_message(self) -> str:
        return f"connecting to {self.host}:{self.port} for {self.channel}"

    def peer(self) -> str:
        return f"{self.host}:{self.port}"

    async def _session(self) -> None:
        ssl_arg: ssl.SSLContext | None = None
        if self.tls:
            ssl_arg = self._ssl_context or ssl.create_default_context()
        async with asyncio.timeout(self.connect_timeout):
            reader, writer = await asyncio.open_connection(
                self.host, self.port, ssl=ssl_arg, limit=_MAX_LINE
            )
        self._writer = writer
        try:
            await self._converse(reader, writer)
        finally:
            self._writer = None
            writer.close()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1.0):
                    await writer.wait_closed()

    async def _converse(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nick = self._fixed_nick or f"justinfan{random.randint(10000, 99999)}"
        self._send(writer, "CAP REQ :twitch.tv/tags twitch.tv/commands")
        self._send(writer, f"NICK {nick}")
        self._send(writer, f"USER {nick} 8 * :{nick}")
        self._send(writer, "CAP END")
        await writer.drain()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.connect_timeout
        joined = False
        lines_read = IrcLines(_MAX_LINE)
        ping_sent_at: float | None = None
        while True:
            timeout = self.idle_ping_s if joined else max(0.0, deadline - loop.time())
            if ping_sent_at is not None:
                timeout = max(0.0, ping_sent_at + self.pong_timeout_s - loop.time())
            try:  # asyncio.timeout, not wait_for: wait_for may swallow stop()'s cancel (3.11)
                async with asyncio.timeout(timeout):
                    chunk = await reader.read(65536)
            except TimeoutError:
                if not joined:
                    raise SourceDropped(f"no answer from {self.host} while joining") from None
                if ping_sent_at is not None:
                    raise SourceDropped("the server stopped answering (no PONG)") from None
                self._send(writer, "PING :livedesk")
                await writer.drain()
                ping_sent_at = loop.time()
                continue
            if not chunk:
                raise SourceDropped("the server closed the connection")
            ping_sent_at = None
            lines, overlong = lines_read.feed(chunk)
            for _ in range(overlong):
                self._reject("overlong line", f"over {_MAX_LINE} bytes")  # never its text
            batch: list[IncomingComment] = []
            try:
                for raw in lines:
                    event = self._read_line(raw, writer, batch, nick)
                    if event == "welcome" and not joined:
                        self._send(writer, f"JOIN {self.channel}")
                    elif event == "joined" and not joined:
                        joined = True
                        self._connected(f"joined {self.channel} on {self.host}", nick=nick)
                    elif event == "nick_taken" and not joined:
                        nick = f"justinfan{random.randint(10000, 99999)}"
                        self._send(writer, f"NICK {nick}")
            finally:  # comments before a RECONNECT or ERROR in the same chunk still count
                self._deliver(batch)
            await writer.drain()

    def _read_line(
        self, raw: bytes, writer: asyncio.StreamWriter, batch: list[IncomingComment], nick: str
    ) -> str:
        """_handle for one line, read alone: a line that cannot be read is rejected and the
        lines after it are read on; only the server's own RECONNECT, ERROR or a ban end the
        connection."""
        try:
            return self._handle(raw, writer, batch, nick)
        except (SourceDropped, SourceEnded):
            raise
        except Exception as exc:  # noqa: BLE001 - one bad line costs itself alone
            self._fault("line", exc, len(raw))
            return ""

    def _handle(
        self, raw: bytes, writer: asyncio.StreamWriter, batch: list[IncomingComment], nick: str
    ) -> str:
        line = raw.rstrip(b"\r").decode("utf-8", errors="replace")
        if not line.strip():
            return ""
        try:
            msg = parse_line(line)
        except ValueError:  # logged by size: a chat line holds a viewer's name and text
            self._reject("malformed line", f"{len(line)} characters")
            return ""
        cmd = msg.command
        if cmd == "PRIVMSG":
            if msg.params and msg.params[0].lower() == self.channel:
                try:
                    cheer = cheer_from_privmsg(msg, self.platform)
                    if cheer is None:
                        batch.append(comment_from_privmsg(msg, self.platform))
                    else:
                        self._add(cheer, batch)
                except ValueError as exc:
                    self._reject("PRIVMSG", f"{exc}, {len(line)} characters")
        elif cmd == "USERNOTICE":
            if msg.params and msg.params[0].lower() == self.channel:
                notice = item_from_usernotice(msg, self.platform)
                if notice is not None:
                    self._add(notice, batch)
        elif cmd == "PING":
            self._send(writer, "PONG :" + (msg.params[0] if msg.params else "tmi.twitch.tv"))
        elif cmd == "RECONNECT":
            raise SourceDropped("the server asked to reconnect (RECONNECT)")
        elif cmd == "001":
            return "welcome"
        elif cmd == "366" or (cmd == "JOIN" and msg.nick.lower() == nick.lower()):
            return "joined"
        elif cmd == "CAP" and len(msg.params) >= 2:
            self.extra["tags"] = msg.params[1].upper() == "ACK"
        elif cmd in ("433", "432"):
            return "nick_taken"
        elif cmd == "ERROR":
            raise SourceDropped("server: " + (msg.params[-1] if msg.params else "ERROR"))
        elif cmd == "NOTICE" and msg.params:
            if msg.tags.get("msg-id") in ("msg_channel_suspended", "msg_banned"):
                raise SourceEnded("error", f"Twitch: {msg.params[-1]}")
            if "authentication failed" in msg.params[-1].lower():
                raise SourceDropped("Twitch refused the login: " + msg.params[-1])
        return ""

    def _add(self, item: dict[str, object], batch: list[IncomingComment]) -> None:
        parsed = parse_item(item)
        if isinstance(parsed, IncomingComment):
            batch.append(parsed)
        else:  # a bad count or value: this item alone is refused
            self._reject(str(item.get("kind")), parsed)

    @staticmethod
    def _send(writer: asyncio.StreamWriter, line: str) -> None:
        writer.write(line.encode("utf-8") + b"\r\n")
