"""Chat sources from the settings' `chat_sources` list: one entry per source, e.g.
`{"kind": "twitch", "channel": "somechannel"}`, `{"kind": "youtube", "video": "https://…"}`,
`{"kind": "bilibili", "room": 12345}`, `{"kind": "replay", "path": "chat.jsonl", "speed": 2}`.
Secrets (a YouTube API key, a Bilibili SESSDATA cookie) never live there: they come from the
environment or the OS keyring."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from app.adapters.chat.base import ChatSource, CommentSink, SourceStatus, StatusSink
from app.domain.chat_settings import (
    ChatSettingProblem,
    bilibili_room,
    bilibili_uid,
    twitch_channel,
    youtube_video_id,
)
from app.domain.messages import Message
from app.secrets import BILIBILI_COOKIE, YOUTUBE_KEY

SecretReader = Callable[[str, str], str | None]
KINDS = ("twitch", "youtube", "bilibili", "replay")


class UnusableSource(ChatSource):
    """An entry of the settings that cannot run: listed with the others, its light "error" and
    its problem (what to fix) as the status message. It never connects."""

    def __init__(self, name: str, kind: str, problem: str, on_status: StatusSink) -> None:
        super().__init__(name, lambda _batch: None, on_status)
        self.platform = kind if kind in KINDS else "chat"
        self.problem = problem

    async def run(self) -> None:
        self._report("error", self.problem)


def build_sources(
    configs: list[dict[str, Any]],
    on_comments: Callable[[str], CommentSink],
    on_status: Callable[[dict[str, Any]], None],
    read_secret: SecretReader,
) -> tuple[list[ChatSource], list[str]]:
    """The sources the settings ask for, and a note (a Message: which entry, what to fix) for
    each entry that cannot run; such an entry is still a source (UnusableSource), so that the
    list of sources shows it with its problem."""
    sources: list[ChatSource] = []
    notes: list[str] = []

    def status(state: SourceStatus) -> None:
        on_status(dataclasses.asdict(state))

    for index, config in enumerate(configs):
        if not isinstance(config, dict):
            notes.append(Message("chat.entry_problem", n=index + 1,
                                 problem=Message("chat.not_object")))  # fmt: skip
            continue
        kind = str(config.get("kind", ""))
        base = kind or "chat"
        name = str(config.get("name") or (base if base not in {s.name for s in sources}
                                           else f"{base}-{index + 1}"))  # fmt: skip
        try:
            sources.append(_build(kind, name, config, on_comments(name), status, read_secret))
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            problem = _problem(exc)
            notes.append(Message("chat.source_problem", n=index + 1, kind=kind or "?",
                                 problem=problem))  # fmt: skip
            sources.append(UnusableSource(name, kind, problem, status))
    return sources, notes


def _problem(exc: BaseException) -> Message:
    """What the entry lacks, in the catalog's words when the source said it so."""
    if isinstance(exc, ChatSettingProblem):
        return exc.message
    said = exc.args[0] if exc.args else None
    if isinstance(said, Message):
        return said
    if isinstance(exc, KeyError):
        return Message.plain(f"“{said}” is missing")
    return Message.plain(str(exc) or type(exc).__name__)


def _text(config: dict[str, Any], key: str) -> str | None:
    value = config.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(Message("chat.not_text", key=key))
    return value or None


def _port(config: dict[str, Any]) -> int | None:
    value = config.get("port")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError(Message("chat.bad_port", value=str(value)[:20]))
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

        return TwitchChat(twitch_channel(config.get("channel")), comments, status, name=name,
                          host=str(config.get("host", "irc.chat.twitch.tv")),
                          port=_port(config), tls=bool(config.get("tls", False)))  # fmt: skip
    if kind == "youtube":
        from app.adapters.chat.youtube import YouTubeChat

        video, chat_id = _text(config, "video"), _text(config, "live_chat_id")
        if video or not chat_id:
            youtube_video_id(video)  # what to paste checked before the key is asked for
        key = read_secret(*YOUTUBE_KEY)
        if not key:
            raise ValueError(Message("chat.youtube.no_key"))
        return YouTubeChat(key, comments, status, name=name, video=video,
                           live_chat_id=chat_id)  # fmt: skip
    if kind == "bilibili":
        from app.adapters.chat.bilibili import BilibiliChat

        return BilibiliChat(bilibili_room(config.get("room")), comments, status, name=name,
                            sessdata=read_secret(*BILIBILI_COOKIE),
                            uid=bilibili_uid(config.get("uid")))  # fmt: skip
    if kind == "replay":
        from app.adapters.chat.replay import ReplayChat, replay_speed

        path = config.get("path")
        if not isinstance(path, str) or not path.strip():
            raise ValueError(Message("chat.replay.no_path"))
        # a NaN or infinite speed would make every wait NaN: refused here, with a note
        return ReplayChat(path, comments, status, name=name,
                          speed=replay_speed(config.get("speed", 1.0)),
                          loop=bool(config.get("loop", False)))  # fmt: skip
    raise ValueError(Message("chat.unknown_kind", kind=kind))
