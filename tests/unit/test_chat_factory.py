"""Chat sources from the settings: an entry that cannot run is a note, never a crash of the others
nor a source that freezes the console."""

from __future__ import annotations

from typing import Any

import pytest

from app.adapters.chat.factory import build_sources
from app.adapters.chat.replay import ReplayChat


def build(*configs: Any) -> tuple[list[Any], list[str]]:
    return build_sources(list(configs), lambda name: lambda batch: None, lambda status: None,
                         lambda service, key: "a-key")  # fmt: skip


HUGE = pytest.param(10**400, id="10**400")


@pytest.mark.parametrize("speed", ["nan", "NaN", "inf", "-Infinity", float("nan"), float("inf"),
                                   0, -2, "fast", HUGE, None])  # fmt: skip
def test_a_replay_speed_that_is_no_pace_is_a_note(speed: object) -> None:
    sources, notes = build({"kind": "replay", "path": "chat.jsonl", "speed": speed},
                           {"kind": "replay", "path": "chat.jsonl", "speed": "2"})  # fmt: skip
    assert len(sources) == 1
    assert isinstance(sources[0], ReplayChat)
    assert sources[0].speed == 2.0
    assert len(notes) == 1
    assert notes[0].startswith("chat source #1 (replay): “speed” must be a number")


def test_other_bad_entries_are_notes() -> None:
    sources, notes = build(
        {"kind": "twitch", "channel": "x", "port": 99_999_999},
        {"kind": "bilibili", "room": float("inf")},  # int() of it: OverflowError
        {"kind": "youtube", "video": 123},  # .strip() of it: AttributeError
        "not an entry",
        {"kind": "twitch", "channel": "ok", "port": 6667},
    )
    assert [s.name for s in sources] == ["twitch"]
    assert [n.split(":")[0] for n in notes] == [
        "chat source #1 (twitch)", "chat source #2 (bilibili)", "chat source #3 (youtube)",
        "chat source #4",
    ]  # fmt: skip
    assert "“port” must be a whole number from 1 to 65535" in notes[0]
