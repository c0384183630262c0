"""settings.json: every field survives a save and a load; nothing that looks like a secret is
ever written; a failed write leaves the old file."""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path

import pytest

from app.adapters.store.settings_file import FILE_NAME, load_settings, save_settings
from app.domain.settings import OverlayTheme, Settings


def every_field_changed() -> Settings:
    return Settings(
        obs_url="ws://192.168.1.20:4460",
        api_port=5123,
        overlay_theme=OverlayTheme(
            brand="#112233", accent="#445566", text="#000000", card="#FFFFFF80", font="PingFang SC"
        ),
        overlay_mode="native",
        compliance_terms=("最好", "第一"),
        compliance_allowed=("最近",),
        audience_rules={"acknowledgements": ["收到", "好的"]},
        chat_sources=[
            {"kind": "twitch", "channel": "somechannel"},
            {"kind": "bilibili", "room": 4242, "uid": 7},
            {"kind": "replay", "path": "录制.jsonl", "speed": 2.5, "loop": True},
        ],
        assistant_name="小助手",
        lan_access=True,
        assistants_run_interaction=True,
        assistants_help_host=True,
        retention_days=30,
        language="zh_CN",
        theme="dark",
        hotkeys={"cue.next": "Ctrl+G", "show.marker": "Ctrl+M"},
        first_start_done=True,
        blocked_words=("加微信", "dm me"),
        block_contacts=False,
        blocked_viewers=("spam", "douyin:id=12345"),
    )


def test_every_field_round_trips(tmp_path: Path) -> None:
    mine = every_field_changed()
    default = Settings()
    unchanged = [
        f.name
        for f in fields(Settings)
        if f.name != "version" and getattr(mine, f.name) == getattr(default, f.name)
    ]
    assert unchanged == []  # a new field must join this test
    save_settings(tmp_path, mine)
    assert load_settings(tmp_path) == (mine, [])


def test_assistants_running_interactions_is_off_unless_the_file_says_true(tmp_path: Path) -> None:
    assert Settings().assistants_run_interaction is False
    save_settings(tmp_path, Settings(assistants_run_interaction=True))
    stored = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert stored["assistants_run_interaction"] is True
    assert load_settings(tmp_path) == (Settings(assistants_run_interaction=True), [])
    stored["assistants_run_interaction"] = "yes"  # hand-edited: not a boolean
    (tmp_path / FILE_NAME).write_text(json.dumps(stored), encoding="utf-8")
    loaded, notes = load_settings(tmp_path)
    assert loaded.assistants_run_interaction is False
    assert notes == ["assistants_run_interaction must be true or false; using the default"]


def test_a_secret_looking_key_is_never_written(tmp_path: Path) -> None:
    leaky = Settings(
        chat_sources=[
            {"kind": "youtube", "video": "live123", "api_key": "AIza-LEAK-1"},
            {"kind": "bilibili", "room": 1, "SESSDATA": "LEAK-2", "cookie": "LEAK-3"},
            {
                "kind": "twitch",
                "channel": "c",
                "oauth_token": "LEAK-4",
                "password": "LEAK-5",
                "nested": {"client_secret": "LEAK-6", "key": "LEAK-7"},
            },
        ],
        audience_rules={"acknowledgements": ["ok"]},
    )
    save_settings(tmp_path, leaky)
    text = (tmp_path / FILE_NAME).read_text(encoding="utf-8")
    assert "LEAK" not in text
    sources = json.loads(text)["chat_sources"]
    assert sources[0] == {"kind": "youtube", "video": "live123"}  # the rest is kept
    assert sources[2] == {"kind": "twitch", "channel": "c", "nested": {}}
    assert json.loads(text)["audience_rules"] == {"acknowledgements": ["ok"]}


def test_the_default_settings_have_no_secret_looking_field(tmp_path: Path) -> None:
    save_settings(tmp_path, Settings())
    assert json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8")).keys() == {
        f.name for f in fields(Settings)
    }


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(tmp_path, Settings(api_port=5000))

    def no_room(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_room)
    with pytest.raises(OSError, match="No space left on device"):
        save_settings(tmp_path, Settings(api_port=6000))
    monkeypatch.undo()
    assert load_settings(tmp_path)[0].api_port == 5000
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no temporary file left


def test_the_data_directory_is_made_when_missing(tmp_path: Path) -> None:
    save_settings(tmp_path / "new" / "dir", Settings(theme="light"))
    assert load_settings(tmp_path / "new" / "dir")[0].theme == "light"


def test_assistants_helping_the_host_is_off_unless_the_file_says_true(tmp_path: Path) -> None:
    """Out of the box the assistants' token opens only the queue, comments and the thanks list;
    marking thanks, blocking and messages for the host are the host's opt-in."""
    assert Settings().assistants_help_host is False
    save_settings(tmp_path, Settings(assistants_help_host=True))
    assert load_settings(tmp_path) == (Settings(assistants_help_host=True), [])
