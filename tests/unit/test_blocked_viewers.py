"""Blocked viewers as a person types them in Settings → Keyword lists: the platform as the window
shows it (B站, 抖音, Bilibili, WeChat Channels), in any case and with a full-width colon, is read as
the platform; a line that would not block whom it means is said (app/domain/blocked_viewers.py)."""

from __future__ import annotations

import pytest

from app.domain.blocked_viewers import BlockedViewer, line_problem, platform_id
from app.domain.moderation import Moderation, viewers_from_lines
from app.domain.settings import Settings, moderation_of


@pytest.mark.parametrize("line", [
    "bilibili:大坏", "Bilibili:大坏", "BILIBILI:大坏", "bilibili：大坏", "B站:大坏", "b站：大坏",
    "哔哩哔哩:大坏", " Bilibili : 大坏 ", "ｂｉｌｉｂｉｌｉ:大坏",
])  # fmt: skip
def test_the_platform_as_the_window_spells_it(line: str) -> None:
    assert BlockedViewer.from_text(line) == BlockedViewer("bilibili", "大坏", None)


def test_every_platform_the_window_names() -> None:
    names = {"抖音": "douyin", "快手": "kuaishou", "淘宝": "taobao", "视频号": "wechat",
             "WeChat Channels": "wechat", "小红书": "xiaohongshu", "Douyin": "douyin",
             "YouTube": "youtube", "Twitch": "twitch", "手动": "manual"}  # fmt: skip
    for name, platform in names.items():
        assert platform_id(name) == platform, name
        assert BlockedViewer.from_text(f"{name}:id=42") == BlockedViewer(platform, None, "42")


def test_a_blocked_viewer_so_written_is_blocked() -> None:
    settings = Settings(blocked_viewers=("Bilibili:大坏", "抖音：小坏"))
    moderation = moderation_of(settings)
    assert moderation.blocks_viewer("bilibili", "大坏", None)
    assert moderation.blocks_viewer("douyin", "小坏", "7")
    assert not moderation.blocks_viewer("douyin", "大坏", None)  # on its platform only
    assert [v.as_text() for v in moderation.viewers] == ["bilibili:大坏", "douyin:小坏"]


def test_as_before_a_name_alone_and_any_platform_id() -> None:
    assert BlockedViewer.from_text("小明") == BlockedViewer("", "小明", None)
    assert BlockedViewer.from_text("kick:someone") == BlockedViewer("kick", "someone", None)
    assert BlockedViewer.from_text("douyin:id=12345") == BlockedViewer("douyin", None, "12345")
    assert BlockedViewer.from_text("bilibili:") is None
    moderation = Moderation(viewers=viewers_from_lines(["spam"]))
    assert moderation.blocks_viewer("twitch", "spam", None)


@pytest.mark.parametrize(("line", "code"), [
    ("Foo Bar:大坏", "moderation.viewer_platform"), ("大坏：小号", "moderation.viewer_platform"),
    ("bilibili:", "moderation.viewer_nobody"), ("B站：id=", "moderation.viewer_nobody"),
])  # fmt: skip
def test_a_line_that_would_not_block_whom_it_means_is_said(line: str, code: str) -> None:
    problem = line_problem(line)
    assert problem is not None
    assert problem.code == code
    assert line.strip() in problem


@pytest.mark.parametrize("line", ["小明", "Bilibili:大坏", "b站：大坏", "douyin:id=1", "kick:x"])
def test_a_line_that_reads_well_has_no_problem(line: str) -> None:
    assert line_problem(line) is None
