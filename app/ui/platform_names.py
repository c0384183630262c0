"""Platforms by the names their viewers know them by (抖音, 快手, B站 …) where the window shows
them; the id ("douyin") stays what the API, the log and a combo's item data carry."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.translate_noop import QT_TRANSLATE_NOOP

_CONTEXT = "PlatformNames"
_NAMES = {
    "manual": QT_TRANSLATE_NOOP("PlatformNames", "manual"),
    "douyin": QT_TRANSLATE_NOOP("PlatformNames", "Douyin"),
    "kuaishou": QT_TRANSLATE_NOOP("PlatformNames", "Kuaishou"),
    "taobao": QT_TRANSLATE_NOOP("PlatformNames", "Taobao"),
    "wechat": QT_TRANSLATE_NOOP("PlatformNames", "WeChat Channels"),
    "xiaohongshu": QT_TRANSLATE_NOOP("PlatformNames", "Xiaohongshu"),
    "bilibili": QT_TRANSLATE_NOOP("PlatformNames", "Bilibili"),
    "youtube": QT_TRANSLATE_NOOP("PlatformNames", "YouTube"),
    "twitch": QT_TRANSLATE_NOOP("PlatformNames", "Twitch"),
}


def platform_name(platform: str) -> str:
    """The platform's name in the window's language; a platform not known here as it came."""
    source = _NAMES.get(platform)
    return QCoreApplication.translate(_CONTEXT, source) if source else platform
