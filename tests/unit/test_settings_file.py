"""settings.json: every field survives a save and a load; nothing that looks like a secret is
ever written; a failed write leaves the old file; a file that cannot be read is never silently
replaced by the defaults (the note says which file and where, and a copy is kept before anything
writes over it)."""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path

import pytest

from app.adapters.store.settings_file import FILE_NAME, load_settings, save_settings
from app.domain.messages import CATALOG, PLAIN, Message
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
    assert notes == [f"{tmp_path / FILE_NAME}: assistants_run_interaction must be true or false; "
                     "using the default"]  # fmt: skip
    assert isinstance(notes[0], Message)
    assert notes[0].params["note"] == Message("settings.not_bool", key="assistants_run_interaction")


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


# ----- a file that cannot be read ---------------------------------------------------------------
README_WITH_A_COMMA = """{
  "chat_sources": [
    {"kind": "twitch", "channel": "yourchannel"},
    {"kind": "bilibili", "room": 21452505},
  ],
  "assistant_name": "小助手"
}
"""


def _broken(folder: Path) -> list[Path]:
    return sorted(folder.glob(FILE_NAME + ".broken-*"))


def test_a_trailing_comma_is_named_with_its_line_and_column_and_the_file_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(README_WITH_A_COMMA, encoding="utf-8")
    settings, notes = load_settings(tmp_path)
    assert settings == Settings()  # the console still starts
    [note] = notes
    assert isinstance(note, Message)
    assert note.code == "settings.unreadable"
    assert note.params["path"] == str(path)
    assert (note.params["line"], note.params["column"]) == (4, 43)  # the comma
    assert note.params["problem"] == Message("settings.json.trailing_comma")
    [kept] = _broken(tmp_path)
    assert note.params["backup"] == str(kept)
    assert kept.read_text(encoding="utf-8") == README_WITH_A_COMMA
    assert "line 4, column 43" in caplog.text
    assert str(path) in caplog.text
    load_settings(tmp_path)  # the next start: the same copy, not another
    assert _broken(tmp_path) == [kept]


def test_saving_never_writes_over_an_unreadable_file_without_a_copy(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(README_WITH_A_COMMA, encoding="utf-8")  # broken after the start, say
    save_settings(tmp_path, Settings(theme="dark"))
    [kept] = _broken(tmp_path)
    assert kept.read_text(encoding="utf-8") == README_WITH_A_COMMA
    assert load_settings(tmp_path) == (Settings(theme="dark"), [])
    save_settings(tmp_path, Settings(theme="light"))  # a readable file: no copy
    assert _broken(tmp_path) == [kept]


def test_no_copy_no_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("{oops", encoding="utf-8")

    def full(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("shutil.copy2", full)
    notes = load_settings(tmp_path)[1]
    assert notes[0].code == "settings.unreadable_no_copy"  # type: ignore[attr-defined]
    with pytest.raises(OSError, match="No space left"):
        save_settings(tmp_path, Settings())
    assert path.read_text(encoding="utf-8") == "{oops"


@pytest.mark.parametrize(("raw", "problem", "where"), [
    (b'{"theme": "dark",\n "lan_access": tru}', "settings.json.syntax", (2, 16)),
    (b'{"assistant_name": "\xff"}', "settings.json.not_utf8", (1, 21)),
    (b"[1, 2]", "settings.json.not_object", (1, 1)),
])  # fmt: skip
def test_other_unreadable_files(
    tmp_path: Path, raw: bytes, problem: str, where: tuple[int, int]
) -> None:
    (tmp_path / FILE_NAME).write_bytes(raw)
    [note] = load_settings(tmp_path)[1]
    assert isinstance(note, Message)
    assert note.params["problem"].code == problem  # type: ignore[attr-defined]
    assert (note.params["line"], note.params["column"]) == where
    assert _broken(tmp_path)[0].read_bytes() == raw


def test_every_value_note_is_a_message_of_the_catalog(tmp_path: Path) -> None:
    """The notes of a hand-edited file's wrong values reach the window translatable: each has a
    code of the catalog (none is left as plain English)."""
    wrong = {"api_port": "loud", "lan_access": "yes", "blocked_words": "加微信",
             "chat_sources": {"kind": "twitch"}, "audience_rules": [], "hotkeys": ["F2"],
             "overlay_mode": "3d", "language": "fr", "theme": "pink",
             "assistant_name": 7}  # fmt: skip
    for theme in ({"brand": "red"}, {"font": " "}, "pink"):  # fmt: skip
        (tmp_path / FILE_NAME).write_text(json.dumps({**wrong, "overlay_theme": theme}), "utf-8")
        notes = load_settings(tmp_path)[1]
        assert len(notes) == 11
        for note in notes:
            assert isinstance(note, Message)
            assert note.code == "settings.in_file"
            inner = note.params["note"]
            assert isinstance(inner, Message)
            assert inner.code != PLAIN, inner
            assert inner.code in CATALOG, inner


def test_a_file_saved_with_a_bom_reads(tmp_path: Path) -> None:
    """Windows Notepad saves UTF-8 with a byte-order mark: the file is read as it is, not set
    aside as unreadable."""
    (tmp_path / "settings.json").write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"assistant_name": "小助理"}, ensure_ascii=False).encode()
    )
    settings, notes = load_settings(tmp_path)
    assert settings.assistant_name == "小助理"
    assert notes == []
    assert not list(tmp_path.glob("settings.json.broken-*"))
