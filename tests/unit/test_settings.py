from __future__ import annotations

import json
from pathlib import Path

from app.adapters.store.settings_file import load_settings, save_settings
from app.domain.settings import OverlayTheme, Settings, settings_from_dict


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings, notes = load_settings(tmp_path)
    assert settings == Settings()
    assert notes == []


def test_round_trip(tmp_path: Path) -> None:
    theme = OverlayTheme(brand="#112233", accent="#445566", font="PingFang SC")
    mine = Settings(api_port=5000, overlay_theme=theme, compliance_terms=("秒杀",))
    save_settings(tmp_path, mine)
    assert load_settings(tmp_path) == (mine, [])


def test_bad_values_fall_back_with_a_note() -> None:
    settings, notes = settings_from_dict(
        {"api_port": "loud", "overlay_theme": {"brand": "red"}, "overlay_mode": "3d",
         "compliance_terms": "最", "future_key": 1}
    )  # fmt: skip
    assert settings.api_port == 4466
    assert settings.overlay_theme == OverlayTheme()
    assert settings.overlay_mode == "auto"
    assert settings.compliance_terms == Settings().compliance_terms
    assert len(notes) == 4
    assert any("brand" in n for n in notes)


def test_a_broken_file_never_stops_the_console(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    settings, notes = load_settings(tmp_path)
    assert settings == Settings()
    assert "Cannot read the settings file" in notes[0]


def test_no_secret_keys_exist() -> None:
    keys = json.dumps(Settings().to_dict()).lower()
    assert "password" not in keys
    assert "token" not in keys


def test_the_former_default_blocked_words_become_todays_and_an_edited_list_is_kept() -> None:
    """Settings always save the blocked words: a file holding the list an earlier version had
    by default (with 加微, which blocked 加微糖) takes today's; one the producer edited stays."""
    from app.domain.moderation import DEFAULT_BLOCKED_WORDS, FORMER_DEFAULT_BLOCKED_WORDS
    from app.domain.settings import moderation_of

    former = list(FORMER_DEFAULT_BLOCKED_WORDS[0])
    settings, notes = settings_from_dict({"blocked_words": former})
    assert settings.blocked_words == DEFAULT_BLOCKED_WORDS
    assert notes == []
    assert not moderation_of(settings).blocks_text("可以加微糖吗")
    edited, _ = settings_from_dict({"blocked_words": [*former, "拼多多"]})
    assert edited.blocked_words == (*former, "拼多多")
