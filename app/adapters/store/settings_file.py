"""settings.json in the data directory: read leniently, written atomically, never a secret (a key
that looks like one, e.g. a chat source's "password" or "api_key", is dropped with a log line:
secrets live in the OS keyring, app/secrets.py)."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Any

from app.domain.settings import Settings, settings_from_dict
from app.domain.text import loads_forgiving

log = logging.getLogger(__name__)
FILE_NAME = "settings.json"
SECRET_KEY = re.compile(
    r"password|passwd|passphrase|^pass$|token|secret|sessdata|cookie|credential|api[_-]?key|^key$",
    re.IGNORECASE,
)


def load_settings(data_dir: Path) -> tuple[Settings, list[str]]:
    path = data_dir / FILE_NAME
    if not path.exists():
        return Settings(), []
    try:
        # a lone surrogate or control character in a text becomes U+FFFD, a NaN or 1e400 null
        data = loads_forgiving(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Settings(), [f"cannot read {path}: {exc}; using the defaults"]
    settings, notes = settings_from_dict(data)
    for note in notes:
        log.warning("settings: %s", note)
    return settings, notes


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write the settings: to a temporary file, flushed to disk, then renamed over the old one,
    so a crash leaves either the old file or the new one. Raises OSError when it cannot."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE_NAME
    tmp = path.with_suffix(".json.tmp")
    text = json.dumps(without_secrets(settings.to_dict()), ensure_ascii=False, indent=2)
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def without_secrets(value: Any, where: str = "") -> Any:
    """`value` with every object key that looks like a secret left out (at any depth)."""
    if isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            if isinstance(key, str) and SECRET_KEY.search(key):
                log.warning("settings: %s%s looks like a secret; not written (use the keyring)",
                            where, key)  # fmt: skip
                continue
            kept[key] = without_secrets(item, f"{where}{key}.")
        return kept
    if isinstance(value, list):
        return [without_secrets(item, f"{where}{i}.") for i, item in enumerate(value)]
    return value
