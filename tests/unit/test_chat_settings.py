"""A chat source's settings read as a person writes them (app/domain/chat_settings.py): a Twitch
channel's address is its name, a Bilibili room's address its number, YouTube Studio's link its
video; what cannot be one is a Message saying what to write. And when a source stops, its status
line says what failed and what to do, never a bare exception (app/adapters/chat/base.py)."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from app.adapters.chat.base import ChatSource, SourceStatus, describe
from app.adapters.chat.replay import ReplayChat
from app.domain.chat_settings import (
    ChatSettingProblem,
    bilibili_room,
    bilibili_uid,
    twitch_channel,
    youtube_video_id,
)
from app.domain.messages import Message
from tests.support.waiting import eventually

VIDEO = "dQw4w9WgXcQ"


@pytest.mark.parametrize("typed", [
    "somechannel", "SomeChannel", "#somechannel", " somechannel ", "https://www.twitch.tv/somechannel",
    "https://twitch.tv/SomeChannel/", "www.twitch.tv/somechannel?sr=a", "twitch.tv/somechannel",
    "m.twitch.tv/somechannel", "https://www.twitch.tv/popout/somechannel/chat?popout=",
    "https://dashboard.twitch.tv/u/somechannel/stream-manager",
])  # fmt: skip
def test_a_twitch_channel_from_its_name_or_its_address(typed: str) -> None:
    assert twitch_channel(typed) == "somechannel"


@pytest.mark.parametrize("typed", [
    "some channel", "https://www.twitch.tv/", "https://example.com/x", "a", "频道",
    "https://www.youtube.com/somechannel", "x" * 26,
])  # fmt: skip
def test_what_cannot_be_a_twitch_channel_is_refused(typed: str) -> None:
    with pytest.raises(ChatSettingProblem) as refused:
        twitch_channel(typed)
    assert refused.value.message.code == "chat.twitch.bad_channel"
    assert "twitch.tv/NAME" in refused.value.message


@pytest.mark.parametrize("read", [twitch_channel, youtube_video_id, bilibili_room])
def test_nothing_given_says_what_to_give(read: object) -> None:
    for missing in (None, "", "  "):
        with pytest.raises(ChatSettingProblem) as refused:
            read(missing)  # type: ignore[operator]
        assert refused.value.message.code.endswith((".no_channel", ".no_video", ".no_room"))


@pytest.mark.parametrize("typed", [
    VIDEO, f"https://www.youtube.com/watch?v={VIDEO}&t=3", f"https://youtu.be/{VIDEO}",
    f"https://www.youtube.com/live/{VIDEO}?si=x", f"youtube.com/shorts/{VIDEO}",
    f"https://studio.youtube.com/video/{VIDEO}/livestreaming",
    f"https://studio.youtube.com/video/{VIDEO}/edit", f"https://m.youtube.com/watch?v={VIDEO}",
    f"https://www.youtube.com/live_chat?is_popout=1&v={VIDEO}",
])  # fmt: skip
def test_a_youtube_video_from_every_link_a_streamer_copies(typed: str) -> None:
    assert youtube_video_id(typed) == VIDEO


@pytest.mark.parametrize("typed", ["abc", "https://www.youtube.com/watch?v=VIDEO_ID",
                                   "https://example.com/watch?v=" + VIDEO, 123,
                                   "https://studio.youtube.com/channel/UCxyz"])  # fmt: skip
def test_what_is_no_youtube_video_is_refused(typed: object) -> None:
    with pytest.raises(ChatSettingProblem) as refused:
        youtube_video_id(typed)
    assert refused.value.message.code == "chat.youtube.bad_video"
    assert "studio.youtube.com" in refused.value.message  # the link to paste is named


@pytest.mark.parametrize("typed", [21452505, "21452505", " 21452505 ", 21452505.0,
                                   "https://live.bilibili.com/21452505",
                                   "live.bilibili.com/21452505?spm_id_from=333",
                                   "https://live.bilibili.com/h5/21452505"])  # fmt: skip
def test_a_bilibili_room_from_its_number_or_its_address(typed: object) -> None:
    assert bilibili_room(typed) == 21452505


@pytest.mark.parametrize("typed", ["https://space.bilibili.com/21452505", "房间", 0, -5, True,
                                   float("inf"), "https://live.bilibili.com/", 10**20])  # fmt: skip
def test_what_is_no_bilibili_room_is_refused(typed: object) -> None:
    with pytest.raises(ChatSettingProblem) as refused:
        bilibili_room(typed)
    assert refused.value.message.code == "chat.bilibili.bad_room"
    assert "live.bilibili.com/21452505" in refused.value.message  # an example of where it is


def test_a_bilibili_uid() -> None:
    assert bilibili_uid(None) == bilibili_uid("") == 0
    assert bilibili_uid("42") == bilibili_uid(42) == 42
    with pytest.raises(ChatSettingProblem):
        bilibili_uid("me")


# ----- a source's status line -------------------------------------------------------------------
@pytest.mark.parametrize(("error", "code"), [
    (socket.gaierror(-2, "Name or service not known"), "chat.unknown_host"),
    (ConnectionRefusedError(111, "Connection refused"), "chat.refused"),
    (TimeoutError(), "chat.timed_out"),
    (ConnectionResetError(104, "Connection reset by peer"), "chat.network"),
])  # fmt: skip
def test_a_network_failure_is_a_sentence_naming_the_server(error: OSError, code: str) -> None:
    said = describe(error, "irc.chat.twitch.tv:6697")
    assert isinstance(said, Message)
    assert said.code == code
    assert "irc.chat.twitch.tv:6697" in said
    assert "tries again by itself" in said
    assert "Errno" not in said
    assert "gaierror" not in said


class _Unreachable(ChatSource):
    platform = "twitch"

    def peer(self) -> str:
        return "irc.chat.twitch.tv:6667"

    async def _session(self) -> None:
        raise socket.gaierror(-2, "Name or service not known")


async def test_the_status_of_a_source_that_cannot_connect_says_what_to_do() -> None:
    statuses: list[SourceStatus] = []
    source = _Unreachable("twitch", lambda batch: None, statuses.append)
    task = asyncio.create_task(source.run())
    try:
        await eventually(lambda: any(s.state == "disconnected" for s in statuses), "the drop")
    finally:
        source.stop()
        await asyncio.wait_for(task, 5)
    said = next(s.message for s in statuses if s.state == "disconnected")
    assert isinstance(said, Message)
    assert said.code == "chat.unknown_host"
    assert "gaierror" not in said


async def test_a_missing_chat_recording_says_to_choose_it_again(tmp_path: Path) -> None:
    statuses: list[SourceStatus] = []
    missing = tmp_path / "rehearsal-chat.jsonl"
    await ReplayChat(missing, lambda batch: None, statuses.append).run()
    said = statuses[-1].message
    assert statuses[-1].state == "error"
    assert isinstance(said, Message)
    assert said.code == "chat.replay.missing"
    assert str(missing) in said
    assert "Errno" not in said
