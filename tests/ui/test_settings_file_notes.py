"""Settings… over a settings file that could not be read whole: the dialog says so above its
pages (which show the defaults the console started with), where the file is kept aside, and that
saving writes the settings as shown; nothing said when the file is fine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.adapters.obs.gateway import ObsWebsocketGateway
from app.adapters.store.settings_file import BROKEN
from app.runtime.tasks import TaskRunner
from tests.ui.test_secret_for_this_run import Console


def test_an_unreadable_settings_file_is_said_in_the_dialog(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, gateway: ObsWebsocketGateway, no_keyring: None
) -> None:
    (tmp_path / "settings.json").write_text('{"api_port": 8765,\n "language": "en",\n}\n',
                                             encoding="utf-8")  # fmt: skip
    dialog = Console(qtbot, tmp_path, runner, gateway).open_settings()
    said = dialog.file_notes.text()
    assert dialog.file_notes.isVisibleTo(dialog)
    assert "line 2, column 18" in said  # the comma before the closing brace
    kept = [p.name for p in tmp_path.iterdir() if BROKEN in p.name]
    assert len(kept) == 1
    assert kept[0] in said  # where the user's file is, to mend it
    assert "Saving writes the settings as this dialog shows them" in said
    assert dialog.save()
    assert kept[0] in [p.name for p in tmp_path.iterdir()]  # still there after the save


def test_a_readable_settings_file_says_nothing(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, gateway: ObsWebsocketGateway, no_keyring: None
) -> None:
    (tmp_path / "settings.json").write_text('{"api_port": 8765}', encoding="utf-8")
    dialog = Console(qtbot, tmp_path, runner, gateway).open_settings()
    assert not dialog.file_notes.isVisibleTo(dialog)
    assert dialog.file_notes.text() == ""
