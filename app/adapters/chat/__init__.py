"""Chat sources: Twitch (IRC), YouTube (Data API polling), Bilibili (danmaku websocket) and the
replay of a recorded log. Each is a ChatSource: ``await source.run()`` until cancelled or
``stop()``; comments arrive in batches at ``on_comments``, state changes at ``on_status``."""

from app.adapters.chat.base import (
    ChatSource,
    CommentSink,
    SourceDropped,
    SourceEnded,
    SourceState,
    SourceStatus,
    StatusSink,
)
from app.adapters.chat.bilibili import BilibiliChat
from app.adapters.chat.replay import ReplayChat
from app.adapters.chat.twitch import TwitchChat
from app.adapters.chat.youtube import YouTubeChat

__all__ = [
    "BilibiliChat",
    "ChatSource",
    "CommentSink",
    "ReplayChat",
    "SourceDropped",
    "SourceEnded",
    "SourceState",
    "SourceStatus",
    "StatusSink",
    "TwitchChat",
    "YouTubeChat",
]
