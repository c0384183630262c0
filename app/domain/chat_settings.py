"""What a chat source's settings name, read as a person writes them: a Twitch channel (its name,
or the channel's address pasted: https://www.twitch.tv/foo is foo), a YouTube video (its address,
YouTube Studio's link, or its 11-character id) and a Bilibili room (its number, or the room's
address: live.bilibili.com/21452505 is 21452505). Each reader returns what the source needs, or
raises ChatSettingProblem with a Message saying what to write instead. The settings dialog checks
with them; the chat sources are built with them (app/adapters/chat/factory.py)."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qs, urlparse

from app.domain.messages import Message

TWITCH_NAME = re.compile(r"[a-z0-9_]{3,25}")  # Twitch's rule for user (channel) names
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
MAX_ROOM = 10**12  # Bilibili's room numbers are far below this
_SHOWN = 80  # a value quoted in a message: at most this long


class ChatSettingProblem(ValueError):
    """A chat source's setting that cannot be used; `message` says what to write instead."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def _shown(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _url(text: str) -> tuple[str, list[str], dict[str, list[str]]]:
    """(host, path parts, query) of an address, https:// assumed when it names no scheme."""
    try:
        parsed = urlparse(text if "://" in text else "https://" + text)
        host = (parsed.hostname or "").lower()
    except ValueError:  # e.g. an unclosed “[”
        return "", [], {}
    return host, [p for p in parsed.path.split("/") if p], parse_qs(parsed.query)


def twitch_channel(value: object) -> str:
    """The channel's name, lower case, from its name (with or without “#”) or its address
    (twitch.tv/NAME, its pop-out chat, the dashboard's or a moderator's view of it)."""
    number = isinstance(value, int) and not isinstance(value, bool)
    text = value.strip() if isinstance(value, str) else str(value) if number else ""
    if value is None or (isinstance(value, str) and not text):
        raise ChatSettingProblem(Message("chat.twitch.no_channel"))
    name = text.lstrip("#").lower()
    if "/" in name or "." in name:
        host, parts, _query = _url(text)
        name = ""
        if host == "twitch.tv" or host.endswith(".twitch.tv"):
            # its pop-out chat, a moderator's view, the dashboard's (dashboard.twitch.tv/u/NAME)
            if parts[:1] in (["popout"], ["moderator"], ["embed"], ["u"]) and len(parts) > 1:
                name = parts[1]
            elif parts:
                name = parts[0]
        name = name.lower()
    if not TWITCH_NAME.fullmatch(name):
        raise ChatSettingProblem(Message("chat.twitch.bad_channel", value=_shown(value)))
    return name


def youtube_video_id(value: object) -> str:
    """The 11-character id of a video from its address (watch?v=, /live/, /shorts/, /embed/,
    youtu.be/, the pop-out chat's live_chat?v=, YouTube Studio's /video/ID/livestreaming) or from
    the id itself."""
    text = value.strip() if isinstance(value, str) else ""
    if value is None or (isinstance(value, str) and not text):
        raise ChatSettingProblem(Message("chat.youtube.no_video"))
    if YOUTUBE_ID.fullmatch(text):
        return text
    host, parts, query = _url(text)
    candidate = ""
    if host == "youtu.be" or host.endswith(".youtu.be"):
        candidate = parts[0] if parts else ""
    elif host == "youtube.com" or host.endswith(".youtube.com"):
        candidate = query.get("v", [""])[0]
        if not candidate and len(parts) >= 2 and parts[0] in ("live", "shorts", "embed", "v",
                                                              "video"):  # fmt: skip
            candidate = parts[1]
    if not YOUTUBE_ID.fullmatch(candidate):
        raise ChatSettingProblem(Message("chat.youtube.bad_video", value=_shown(value)))
    return candidate


def bilibili_room(value: object) -> int:
    """The room's number, from the number (or its digits as text) or from the room's address
    (live.bilibili.com/21452505, its /h5/ or /blanc/ pages)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ChatSettingProblem(Message("chat.bilibili.no_room"))
    room = _whole_number(value)
    if room is None and isinstance(value, str):
        host, parts, _query = _url(value.strip())
        if host == "live.bilibili.com" and parts and parts[-1].isascii():
            room = _whole_number(parts[-1])
    if room is None or not 0 < room < MAX_ROOM:
        raise ChatSettingProblem(Message("chat.bilibili.bad_room", value=_shown(value)))
    return room


def bilibili_uid(value: object) -> int:
    """The streamer's own Bilibili user number (0: none given)."""
    if value is None or value == "":
        return 0
    uid = _whole_number(value)
    if uid is None or not 0 <= uid < MAX_ROOM * 10**6:
        raise ChatSettingProblem(Message("chat.bilibili.bad_uid", value=_shown(value)))
    return uid


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None
