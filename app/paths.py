"""Where LiveDesk keeps its data: LIVEDESK_HOME, --data-dir, or the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_NAME = "livedesk.db"


def data_dir(override: str | os.PathLike[str] | None = None, *, create: bool = True) -> Path:
    chosen = override or os.environ.get("LIVEDESK_HOME")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir("LiveDesk", appauthor=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(override: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(override) / DB_NAME
