"""Chat sources from the settings: an entry that cannot run is a note (a translatable Message
saying what to fix), never a crash of the others nor a source that freezes the console, and it is
still listed (an UnusableSource whose light says "error" with the problem). What a person pastes
(a Twitch channel's address, a Bilibili room's, YouTube Studio's link) is read as they mean it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.adapters.chat.bilibili import BilibiliChat
from app.adapters.chat.factory import UnusableSource, build_sources
from app.adapters.chat.replay import ReplayChat
from app.adapters.chat.twitch import TwitchChat
from app.adapters.chat.youtube import YouTubeChat
from app.domain.messages import Message


def build(*configs: Any) -> tuple[list[Any], list[str]]:
    return build_sources(list(configs), lambda name: lambda batch: None, lambda status: None,
                         lambda service, key: "a-key")  # fmt: skip


HUGE = pytest.param(10**400, id="10**400")


@pytest.mark.parametrize("speed", ["nan", "NaN", "inf", "-Infinity", float("nan"), float("inf"),
                                   0, -2, "fast", HUGE, None])  # fmt: skip
def test_a_replay_speed_that_is_no_pace_is_a_note(speed: object) -> None:
    sources, notes = build({"kind": "replay", "path": "chat.jsonl", "speed": speed},
                           {"kind": "replay", "path": "chat.jsonl", "speed": "2"})  # fmt: skip
    assert [type(s) for s in sources] == [UnusableSource, ReplayChat]
    assert sources[1].speed == 2.0
    assert len(notes) == 1
    assert notes[0].startswith("chat source #1 (replay): “speed” must be a number")


def test_other_bad_entries_are_notes() -> None:
    sources, notes = build(
        {"kind": "twitch", "channel": "xyz", "port": 99_999_999},
        {"kind": "bilibili", "room": float("inf")},  # int() of it: OverflowError
        {"kind": "youtube", "video": 123},  # .strip() of it: AttributeError
        "not an entry",
        {"kind": "twitch", "channel": "okay", "port": 6667},
    )
    usable = [s.name for s in sources if not isinstance(s, UnusableSource)]
    assert usable == ["twitch-5"]  # the first twitch entry is listed as "twitch", unusable
    assert [n.split(":")[0] for n in notes] == [
        "chat source #1 (twitch)", "chat source #2 (bilibili)", "chat source #3 (youtube)",
        "chat source #4",
    ]  # fmt: skip
    assert "“port” must be a whole number from 1 to 65535" in notes[0]


def test_what_a_person_pastes_is_read_as_they_mean_it() -> None:
    sources, notes = build(
        {"kind": "twitch", "channel": "https://www.twitch.tv/Foo_Bar?sr=a"},
        {"kind": "twitch", "channel": "#Somebody", "name": "tw2"},
        {"kind": "bilibili", "room": "https://live.bilibili.com/21452505?spm_id_from=x"},
        {"kind": "bilibili", "room": "21452505", "name": "bili2"},
        {"kind": "youtube", "video": "https://studio.youtube.com/video/dQw4w9WgXcQ/livestreaming"},
    )
    assert notes == []
    twitch, twitch2, bili, bili2, youtube = sources
    assert isinstance(twitch, TwitchChat)
    assert twitch.channel == "#foo_bar"
    assert isinstance(twitch2, TwitchChat)
    assert twitch2.channel == "#somebody"
    assert isinstance(bili, BilibiliChat)
    assert bili.room_id == 21452505
    assert isinstance(bili2, BilibiliChat)
    assert bili2.room_id == 21452505
    assert isinstance(youtube, YouTubeChat)
    assert youtube.video_id == "dQw4w9WgXcQ"


def test_a_problem_says_what_to_fix_as_a_message_of_the_catalog() -> None:
    _, notes = build(
        {"kind": "bilibili", "room": "https://space.bilibili.com/12345"},
        {"kind": "twitch"},
        {"kind": "twitch", "channel": "https://www.twitch.tv/"},
        {"kind": "youtube", "video": "https://example.com/watch?v=nope"},
        {"kind": "replay"},
        {"kind": "tiktok"},
    )
    assert all(isinstance(n, Message) and n.code == "chat.source_problem" for n in notes)
    assert [n.params["kind"] for n in notes] == ["bilibili", "twitch", "twitch", "youtube",
                                                 "replay", "tiktok"]  # fmt: skip
    problems = [n.params["problem"] for n in notes]
    assert [p.code for p in problems if isinstance(p, Message)] == [
        "chat.bilibili.bad_room", "chat.twitch.no_channel", "chat.twitch.bad_channel",
        "chat.youtube.bad_video", "chat.replay.no_path", "chat.unknown_kind",
    ]  # fmt: skip
    assert "21452505" in notes[0]  # the example of a room number
    assert "twitch.tv/NAME" in notes[1]
    assert all("Error" not in n and "'" not in n.split(":", 1)[0] for n in notes)


def test_an_entry_that_cannot_run_is_listed_with_its_problem() -> None:
    """README's example: a YouTube source without a key shows in the list of sources, its light
    "error", its problem the note (not dropped: nothing else would say it exists)."""
    statuses: list[dict[str, Any]] = []
    sources, notes = build_sources(
        [{"kind": "youtube", "video": "dQw4w9WgXcQ"}, {"kind": "twitch", "channel": "abc"}],
        lambda name: lambda batch: None, statuses.append, lambda service, key: None,
    )  # fmt: skip
    assert [s.name for s in sources] == ["youtube", "twitch"]
    unusable = sources[0]
    assert isinstance(unusable, UnusableSource)
    assert unusable.platform == "youtube"
    assert len(notes) == 1
    assert notes[0].params["problem"].code == "chat.youtube.no_key"  # type: ignore[attr-defined]
    asyncio.run(unusable.run())
    assert statuses[-1]["source"] == "youtube"
    assert statuses[-1]["state"] == "error"
    assert statuses[-1]["message"] == notes[0].params["problem"]  # type: ignore[attr-defined]
    assert "LIVEDESK_YOUTUBE_KEY" in statuses[-1]["message"]
