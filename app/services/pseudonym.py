"""Pseudonymised reports: every viewer name replaced by a stable alias. Pure; no Qt, no I/O.

Viewer names are the values of the viewer fields (``user``, ``askers``, ...) anywhere in the report,
and their mentions inside viewer-written text (``text``, ``answer``, ``note``). Assistants' names
(``by``, ``claimed_by``, ``answered_by``) are the team's own and stay.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

VIEWER_FIELDS = frozenset({"user", "users", "asker", "askers", "viewer", "author"})
ASSISTANT_FIELDS = frozenset({"by", "claimed_by", "answered_by"})
TEXT_FIELDS = frozenset({"text", "answer", "note"})
ALIAS_PREFIX = "观众-"


def alias(name: str, salt: str, digits: int = 4) -> str:
    """A viewer's alias, e.g. '观众-7F3A': the salted hash of the name (same name, same alias)."""
    digest = hmac.new(salt.encode("utf-8"), name.encode("utf-8"), hashlib.sha256).hexdigest()
    return ALIAS_PREFIX + digest[:digits].upper()


def _names(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _names(item)


def viewer_names(report: Any) -> set[str]:
    """Every viewer name in the report (the values of its viewer fields, at any depth)."""
    found: set[str] = set()
    if isinstance(report, Mapping):
        for key, value in report.items():
            if key in VIEWER_FIELDS:
                found.update(name for name in _names(value) if name)
            else:
                found |= viewer_names(value)
    elif isinstance(report, list | tuple):
        for item in report:
            found |= viewer_names(item)
    return found


def aliases(names: Iterable[str], salt: str) -> dict[str, str]:
    """Name -> alias; a clash of four hex digits gets a longer alias (decided in name order)."""
    table: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        digits = 4
        while (pseudonym := alias(name, salt, digits)) in taken:
            digits += 2
        table[name] = pseudonym
        taken.add(pseudonym)
    return table


def _in_text(text: str, table: Mapping[str, str]) -> str:
    for name in sorted(table, key=len, reverse=True):  # “小明明” before “小明”
        text = text.replace(name, table[name])
    return text


def _replace(value: Any, table: Mapping[str, str], key: str | None) -> Any:
    if isinstance(value, Mapping):
        return {k: _replace(v, table, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_replace(item, table, key) for item in value]
    if isinstance(value, str):
        if key in VIEWER_FIELDS:
            return table.get(value, value)
        if key in TEXT_FIELDS:
            return _in_text(value, table)
    return value


def pseudonymise(report: Mapping[str, Any], salt: str) -> dict[str, Any]:
    """A copy of `report` with every viewer name replaced by its alias (see the module doc)."""
    table = aliases(viewer_names(report), salt)
    return dict(_replace(report, table, None)) if table else dict(report)
