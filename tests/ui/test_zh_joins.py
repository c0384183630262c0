"""Texts put together from translated parts read naturally in Chinese: the run-sheet editor's
counts joined by "，" (not ", "), two sentences of a secret's note with no space after "。",
and the editor's templates by their titles, not their file names.

The joining patterns are new to the .ts until lupdate runs, so a translator stands in for theirs:
what these tests hold is that the separators are the translation's, not the code's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from app.runtime.tasks import TaskRunner
from app.secrets import KeyringSecrets
from app.services.show import Show
from app.ui.runsheet_editor.window import RunSheetEditor
from app.ui.settings.ports import OBS_PASSWORD
from app.ui.settings.secret_field import SecretField
from tests.support.memory_files import JsonRunSheetFiles
from tests.ui.test_runsheet_editor import REPO_TEMPLATES, SHEET, edit, make_editor

ZH_PATTERNS = {
    "{errors}, {warnings}": "{errors}，{warnings}",
    "{first} {second}": "{first}{second}",
    "%n error(s)": "%n 处错误",
    "%n warning(s)": "%n 条警告",
}


class Patterns(QTranslator):
    """The zh_CN forms of the joining patterns (and the two counts they join)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        found = ZH_PATTERNS.get(source)
        return found.replace("%n", str(n)) if found else None


@pytest.fixture
def patterns() -> Iterator[None]:
    translator = Patterns()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.mark.usefixtures("patterns")
async def test_the_editors_counts_join_as_the_language_joins(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    editor: RunSheetEditor = make_editor(qtbot, show, runner, JsonRunSheetFiles(), folder)
    editor.model.reset(SHEET)
    edit(editor, 2, "duration", "ten minutes")
    assert editor.summary.text().startswith("1 处错误，0 条警告 · ")
    editor.undo_stack.setClean()


@pytest.mark.usefixtures("patterns", "no_keyring")
def test_a_secrets_two_sentences_join_without_a_space(qtbot: Any) -> None:
    field = SecretField(KeyringSecrets(), OBS_PASSWORD, "OBS password")
    qtbot.addWidget(field)
    field.edit.setText("typed")
    text = field.status_label.text()
    assert "after that.To keep it," in text  # English words, the zh join: no space between


async def test_templates_are_listed_by_their_titles(
    qtbot: Any, show: Show, runner: TaskRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("product_launch.json", "公开课带货.json"):
        (folder / name).write_bytes((REPO_TEMPLATES / name).read_bytes())
    (folder / "untitled.json").write_text('{"segments": []}', encoding="utf-8")
    (folder / "A&B.json").write_text('{"title": "A&B 专场", "segments": []}', encoding="utf-8")
    editor: RunSheetEditor = make_editor(qtbot, show, runner, JsonRunSheetFiles(), folder)
    actions = editor.editor_actions
    actions.fill_templates_menu()
    shown = {a.data(): a.text() for a in actions.templates_menu.actions()}
    assert shown == {
        "product_launch.json": "云朵 Air 降噪耳机新品发布会 Product Launch",
        "公开课带货.json": "手机摄影公开课（带货场）Phone Photography Live Class",
        "untitled.json": "untitled",  # no title: its file name
        "A&B.json": "A&&B 专场",  # "&" shown as itself, not as a shortcut letter
    }
