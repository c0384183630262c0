"""settings.json in the data directory: read leniently, written atomically, never a secret (a key
that looks like one, e.g. a chat source's "password" or "api_key", is dropped with a log line:
secrets live in the OS keyring, app/secrets.py).

A file that cannot be read (a comma too many, not UTF-8, not a JSON object) is never silently
replaced: the note says which file and where the mistake is, and a copy of it is kept next to it
(settings.json.broken-YYYYmmdd-HHMMSS) before anything writes over it. The notes are Messages
(app/domain/messages_setup.py), for the window to show in its language."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from app.domain.messages import Message, Param
from app.domain.settings import Settings, settings_from_dict
from app.domain.text import loads_forgiving

log = logging.getLogger(__name__)
FILE_NAME = "settings.json"
BROKEN = ".broken-"  # settings.json.broken-20261207-190000: an unreadable file, kept
SECRET_KEY = re.compile(
    r"password|passwd|passphrase|^pass$|token|secret|sessdata|cookie|credential|api[_-]?key|^key$",
    re.IGNORECASE,
)


class Unreadable(ValueError):
    """The settings file is no JSON object; `problem`, `line` and `column` say where."""

    def __init__(self, problem: Message, line: int = 0, column: int = 0) -> None:
        super().__init__(f"{problem} at line {line}, column {column}")
        self.problem, self.line, self.column = problem, line, column


def load_settings(data_dir: Path) -> tuple[Settings, list[str]]:
    """The settings, and a note (a Message) for each thing of the file that could not be used."""
    path = data_dir / FILE_NAME
    if not path.exists():
        return Settings(), []
    try:
        data = read_object(path)
    except OSError as exc:
        log.warning("settings: cannot open %s: %s; using the defaults", path, exc)
        reason = exc.strerror or type(exc).__name__
        return Settings(), [Message("settings.cannot_open", path=str(path), reason=reason)]
    except Unreadable as exc:
        log.warning("settings: cannot read %s: %s; using the defaults", path, exc)
        return Settings(), [_unreadable_note(path, exc)]
    settings, notes = settings_from_dict(data)
    for note in notes:
        log.warning("settings: %s", note)
    return settings, [Message("settings.in_file", path=str(path), note=note_message(note))
                      for note in notes]  # fmt: skip


def read_object(path: Path) -> dict[str, Any]:
    """The file's JSON object (a lone surrogate or control character in a text becomes U+FFFD,
    a NaN or 1e400 null); Unreadable when it is none, OSError when it cannot be opened."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # Notepad saves UTF-8 with a BOM
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, column = _position(before, len(before))
        raise Unreadable(Message("settings.json.not_utf8"), line, column) from None
    try:
        data = loads_forgiving(text)
    except json.JSONDecodeError as exc:
        raise _syntax(text, exc) from None
    except (ValueError, RecursionError) as exc:  # too deep, too large a number …
        raise Unreadable(Message("settings.json.syntax", detail=str(exc)), 1, 1) from None
    if not isinstance(data, dict):
        raise Unreadable(Message("settings.json.not_object"), 1, 1)
    return data


def _syntax(text: str, exc: json.JSONDecodeError) -> Unreadable:
    """Where the JSON goes wrong; a comma before a closing bracket (the commonest slip of a
    hand edit) named as such, at the comma."""
    before = text[: exc.pos].rstrip()
    after = text[exc.pos :].lstrip()
    if before.endswith(",") and after[:1] in ("}", "]"):
        line, column = _position(text, len(before) - 1)
        return Unreadable(Message("settings.json.trailing_comma"), line, column)
    return Unreadable(Message("settings.json.syntax", detail=exc.msg), exc.lineno, exc.colno)


def _position(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of `text[index]`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _unreadable_note(path: Path, exc: Unreadable) -> Message:
    try:
        backup = keep_aside(path)
    except OSError as error:
        log.warning("settings: cannot keep a copy of %s: %s", path, error)
        backup = None
    values: dict[str, Param] = {"path": str(path), "problem": exc.problem, "line": exc.line,
                                "column": exc.column}  # fmt: skip
    if backup is None:
        return Message("settings.unreadable_no_copy", values)
    return Message("settings.unreadable", values, backup=str(backup))


def keep_aside(path: Path) -> Path:
    """A copy of `path` next to it, settings.json.broken-YYYYmmdd-HHMMSS (the copy made before
    when one with the same bytes is there already). Raises OSError when it cannot."""
    raw = path.read_bytes()
    for kept in sorted(path.parent.glob(path.name + BROKEN + "*")):
        try:
            if kept.is_file() and kept.read_bytes() == raw:
                return kept
        except OSError:
            continue
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(path.name + BROKEN + stamp)
    number = 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.name}{BROKEN}{stamp}-{number}")
    shutil.copy2(path, backup)
    log.warning("settings: the unreadable %s is kept as %s", path, backup)
    return backup


# The notes of app/domain/settings.py (English sentences) as the catalog's codes, so that the
# window can show them in its language; a note not listed here stays as it is (said in English).
_NOTES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code) for pattern, code in (
        (r"(?P<key>\w+) must be true or false; using the default", "settings.not_bool"),
        (r"(?P<key>\w+) must be a list of words; using the default", "settings.not_words"),
        (r"chat_sources must be a list of objects; none are started",
         "settings.chat_sources_not_list"),
        (r"audience_rules must be an object of word lists; using the default",
         "settings.audience_rules_not_object"),
        (r"hotkeys must be an object of action: key; using the default keys",
         "settings.hotkeys_not_object"),
        (r"overlay_mode must be auto, browser or native; using auto", "settings.bad_overlay_mode"),
        (r'language must be "", "zh_CN" or "en"; following the system', "settings.bad_language"),
        (r"theme must be system, light or dark; using system", "settings.bad_theme"),
        (r"overlay_theme must be an object; using the default",
         "settings.overlay_theme_not_object"),
        (r"overlay_theme (?P<key>\w+): “(?P<value>.*)” is not a colour like #E4393C; using the "
         r"default theme", "settings.bad_colour"),
        (r"overlay_theme font: empty; using the default theme", "settings.empty_font"),
        (r"(?P<key>\w+): (?P<value>.*) is not valid; using the default", "settings.bad_value"),
    )
)  # fmt: skip


def note_message(note: str) -> Message:
    """A note of settings_from_dict as a Message of the catalog (one already is: kept)."""
    if isinstance(note, Message):
        return note
    for pattern, code in _NOTES:
        if (found := pattern.fullmatch(note)) is not None:
            message = Message(code, found.groupdict())
            if message == note:  # the catalog says it as the note did
                return message
    return Message.plain(note)


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write the settings: to a temporary file, flushed to disk, then renamed over the old one,
    so a crash leaves either the old file or the new one; an old file that cannot be read is
    kept aside first. Raises OSError when it cannot."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / FILE_NAME
    _keep_if_unreadable(path)
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


def _keep_if_unreadable(path: Path) -> None:
    """Before the file is written over: a copy of it kept aside when it cannot be read (the
    user's hand edit, with one mistake). Raises OSError when no copy can be made."""
    try:
        read_object(path)
    except FileNotFoundError:
        return
    except (OSError, Unreadable):
        keep_aside(path)


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
