"""settings.json in the data directory: read leniently, written atomically."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from app.domain.settings import Settings, settings_from_dict

log = logging.getLogger(__name__)
FILE_NAME = "settings.json"


def load_settings(data_dir: Path) -> tuple[Settings, list[str]]:
    path = data_dir / FILE_NAME
    if not path.exists():
        return Settings(), []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Settings(), [f"cannot read {path}: {exc}; using the defaults"]
    settings, notes = settings_from_dict(data)
    for note in notes:
        log.warning("settings: %s", note)
    return settings, notes


def save_settings(data_dir: Path, settings: Settings) -> None:
    path = data_dir / FILE_NAME
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(settings.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
