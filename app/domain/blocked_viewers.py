"""Blocked viewers as the settings list them, one a line: "name", "platform:name" or
"platform:id=USER_ID". The platform may be written as the window shows it (B站, 抖音, Bilibili,
WeChat Channels …), in any case, and with a full-width colon (bilibili：小明): it is read as the
platform's id ("bilibili"). A line whose part before the colon is no platform is read as a name,
and `line_problem` says so, for the settings dialog to ask."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.messages import Message

# The platforms' ids (what /ingest, the chat sources and the log carry): a platform may also be
# any other id of this shape, e.g. one a relay sends.
PLATFORM_ID = re.compile(r"[a-z0-9_\-]+")
# The names the window shows for the platforms (app/ui/platform_names.py, in English and
# Chinese) and a few more viewers use, on their normal form (NFKC, case folded, single spaces).
PLATFORM_ALIASES: dict[str, str] = {
    "手动": "manual",
    "抖音": "douyin",
    "快手": "kuaishou",
    "淘宝": "taobao",
    "淘宝直播": "taobao",
    "视频号": "wechat",
    "微信视频号": "wechat",
    "wechat channels": "wechat",
    "小红书": "xiaohongshu",
    "b站": "bilibili",
    "哔哩哔哩": "bilibili",
    "bilibili 哔哩哔哩": "bilibili",
    "油管": "youtube",
}
_COLON = re.compile("[:：]")  # the full-width one too


def platform_id(text: str) -> str | None:
    """The platform's id for `text` ("B站", "Bilibili", "bilibili" -> "bilibili"); None when
    `text` names no platform."""
    key = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if key in PLATFORM_ALIASES:
        return PLATFORM_ALIASES[key]
    return key if PLATFORM_ID.fullmatch(key) else None


def _split(text: str) -> tuple[str | None, str, str]:
    """(platform id or None, the text before the colon, the text after it); no colon: (None,
    "", text)."""
    colon = _COLON.search(text)
    if colon is None:
        return None, "", text
    before, after = text[: colon.start()], text[colon.end() :]
    return platform_id(before), before.strip(), after


@dataclass(frozen=True)
class BlockedViewer:
    """A viewer kept off the queue and the screen: by the platform's user id, or by name when
    the platform gives none; `platform` "" stands for every platform."""

    platform: str = ""
    user: str | None = None
    user_id: str | None = None

    def as_text(self) -> str:
        """As the settings list it: "name", "platform:name" or "platform:id=USER_ID"."""
        who = f"id={self.user_id}" if self.user_id else (self.user or "")
        return f"{self.platform}:{who}" if self.platform else who

    @classmethod
    def from_text(cls, text: str) -> BlockedViewer | None:
        text = text.strip()
        platform, _before, who = _split(text)
        if platform is None:
            platform, who = "", text
        who = who.strip()
        if who.startswith("id=") and len(who) > 3:
            return cls(platform, None, who[3:].strip())
        return cls(platform, who, None) if who else None

    def as_api(self) -> dict[str, str | None]:
        return {"platform": self.platform, "user": self.user, "user_id": self.user_id}

    def blocks(self, platform: str, user: str, user_id: str | None) -> bool:
        """This entry keeps that viewer out: the test `Moderation.blocks_viewer` makes, for
        this one entry (by id when it has one, else by name; platform "": every platform)."""
        if self.platform not in ("", platform):
            return False
        if self.user_id:
            return user_id is not None and user_id == self.user_id
        return self.user is not None and self.user == user


def line_problem(line: str) -> Message | None:
    """Why a line of the blocked viewers may not block whom it means: the part before its colon
    is no platform (so the whole line is read as a name), or it names nobody after the platform.
    None for a line that reads well."""
    line = line.strip()
    platform, before, who = _split(line)
    if not line or not _COLON.search(line):
        return None
    if platform is None:
        return Message("moderation.viewer_platform", line=line, platform=before)
    who = who.strip()
    if not who or who == "id=":
        return Message("moderation.viewer_nobody", line=line)
    return None


def viewers_from_lines(lines: Iterable[str]) -> tuple[BlockedViewer, ...]:
    return tuple(v for v in map(BlockedViewer.from_text, lines) if v is not None)
