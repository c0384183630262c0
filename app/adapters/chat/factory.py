"""Chat sources from the settings' `chat_sources` list: one entry per source, e.g.
`{"kind": "twitch", "channel": "somechannel"}`, `{"kind": "youtube", "video": "https://…"}`,
`{"kind": "bilibili", "room": 12345}`, `{"kind": "replay", "path": "chat.jsonl", "speed": 2}`.
Secrets (a YouTube API key, a Bilibili SESSDATA cookie) never live there: they come from the
environment or the OS keyring."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from app.adapters.chat.base import ChatSource, CommentSink, SourceStatus
from app.secrets import BILIBILI_COOKIE, YOUTUBE_KEY

SecretReader = Callable[[str, str], str | None]


def build_sources(
    configs: list[dict[str, Any]],
    on_comments: Callable[[str], CommentSink],
    on_status: Callable[[dict[str, Any]], None],
    read_secret: SecretReader,
) -> tuple[list[ChatSource], list[str]]:
    """The sources the settings ask for, and a note for each entry that cannot run."""
    sources: list[ChatSource] = []
    notes: list[str] = []

    def status(state: SourceStatus) -> None:
        on_status(dataclasses.asdict(state))

    for index, config in enumerate(configs):
        if not isinstance(config, dict):
            notes.append(f"chat source #{index + 1}: each entry must be an object")
            continue
        kind = str(config.get("kind", ""))
        name = str(config.get("name") or (kind if kind not in {s.name for s in sources}
                                           else f"{kind}-{index + 1}"))  # fmt: skip
        try:
            sources.append(_build(kind, name, config, on_comments(name), status, read_secret))
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            notes.append(f"chat source #{index + 1} ({kind or '?'}): {exc}")
    return sources, notes


def _text(config: dict[str, Any], key: str) -> str | None:
    value = config.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"“{key}” must be text")
    return value or None


def _port(config: dict[str, Any]) -> int | None:
    value = config.get("port")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError(f"“port” must be a whole number from 1 to 65535, not {str(value)[:20]!r}")
    return value


def _build(
    kind: str,
    name: str,
    config: dict[str, Any],
    comments: CommentSink,
    status: Callable[[SourceStatus], None],
    read_secret: SecretReader,
) -> ChatSource:
    if kind == "twitch":
        from app.adapters.chat.twitch import TwitchChat  # only the sources configured load

        return TwitchChat(str(config["channel"]), comments, status, name=name,
                          host=str(config.get("host", "irc.chat.twitch.tv")),
                          port=_port(config), tls=bool(config.get("tls", False)))  # fmt: skip
    if kind == "youtube":
        from app.adapters.chat.youtube import YouTubeChat

        key = read_secret(*YOUTUBE_KEY)
        if not key:
            raise ValueError("no YouTube API key (set LIVEDESK_YOUTUBE_KEY or the OS keyring)")
        return YouTubeChat(key, comments, status, name=name, video=_text(config, "video"),
                           live_chat_id=_text(config, "live_chat_id"))  # fmt: skip
    if kind == "bilibili":
        from app.adapters.chat.bilibili import BilibiliChat

        return BilibiliChat(int(config["room"]), comments, status, name=name,
                            sessdata=read_secret(*BILIBILI_COOKIE),
                            uid=int(config.get("uid", 0)))  # fmt: skip
    if kind == "replay":
        from app.adapters.chat.replay import ReplayChat, replay_speed

        # a NaN or infinite speed would make every wait NaN: refused here, with a note
        return ReplayChat(str(config["path"]), comments, status, name=name,
                          speed=replay_speed(config.get("speed", 1.0)),
                          loop=bool(config.get("loop", False)))  # fmt: skip
    raise ValueError("“kind” must be twitch, youtube, bilibili or replay")
