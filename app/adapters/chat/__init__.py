"""Chat sources: Twitch (IRC), YouTube (Data API polling), Bilibili (danmaku websocket) and the
replay of a recorded log. Each is a ChatSource: ``await source.run()`` until cancelled or
``stop()``; comments arrive in batches at ``on_comments``, state changes at ``on_status``."""

import importlib
from typing import TYPE_CHECKING, Any

from app.adapters.chat.base import (
    ChatSource,
    CommentSink,
    SourceDropped,
    SourceEnded,
    SourceState,
    SourceStatus,
    StatusSink,
)

if TYPE_CHECKING:
    from app.adapters.chat.bilibili import BilibiliChat
    from app.adapters.chat.replay import ReplayChat
    from app.adapters.chat.twitch import TwitchChat
    from app.adapters.chat.youtube import YouTubeChat

# The sources load on first use: the console imports this package at start, and YouTube's source
# alone brings requests with it (tests/bench/test_startup_bench.py).
_SOURCES = {
    "BilibiliChat": "app.adapters.chat.bilibili",
    "ReplayChat": "app.adapters.chat.replay",
    "TwitchChat": "app.adapters.chat.twitch",
    "YouTubeChat": "app.adapters.chat.youtube",
}


def __getattr__(name: str) -> Any:
    if name in _SOURCES:
        return getattr(importlib.import_module(_SOURCES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
