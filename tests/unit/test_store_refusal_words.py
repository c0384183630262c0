"""The box the console shows when its show log cannot be opened says, in the interface's
language, what is wrong and what to do: a log another program holds is named with its path."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.adapters.store.schema import LogLocked, StoreError
from app.wiring import start_up


async def test_a_locked_log_is_said_in_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[dict[str, Any]] = []

    async def cannot_start(problem: str, **said: Any) -> None:
        shown.append({"problem": problem, **said})

    monkeypatch.setattr(start_up, "_cannot_start", cannot_start)
    path = tmp_path / "livedesk.db"
    assert (
        await start_up.refuse_store(LogLocked(path, sqlite3.OperationalError("database is locked")))
        == 1
    )
    assert shown[0]["text"] == f"Another program is holding LiveDesk's show log:\n{path}"
    assert "Close the program using it" in shown[0]["informative"]
    assert "database is locked" in shown[0]["problem"]  # the details keep SQLite's words
    assert "another program is holding" in capsys.readouterr().err

    assert await start_up.refuse_store(StoreError("something else")) == 1
    assert shown[1] == {"problem": "something else"}
