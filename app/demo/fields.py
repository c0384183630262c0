"""Request fields as obs-websocket 5.1 checks them: missing (300), wrong type (401), empty
(403), out of range (402); and its output timecode format."""

from __future__ import annotations

from typing import Any

from app.demo.world import RequestError

# ----- fields --------------------------------------------------------------------------------
_MISSING = object()


def _field(
    data: dict[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    what: str,
    default: Any = _MISSING,
) -> Any:
    value = data.get(key)
    if value is None:
        if default is _MISSING:
            raise RequestError(300, f"Your request is missing the `{key}` field.")
        return default
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise RequestError(401, f"The field value of `{key}` must be {what}.")
    return value


def text(data: dict[str, Any], key: str, default: Any = _MISSING) -> Any:
    value = _field(data, key, str, "a string", default)
    if value == "":
        raise RequestError(403, f"The field value of `{key}` must not be empty.")
    return value


def flag(data: dict[str, Any], key: str, default: Any = _MISSING) -> Any:
    return _field(data, key, bool, "boolean", default)


def number(
    data: dict[str, Any],
    key: str,
    low: float | None = None,
    high: float | None = None,
    default: Any = _MISSING,
) -> Any:
    value = _field(data, key, (int, float), "a number", default)
    if value is default:
        return value
    if low is not None and value < low:
        raise RequestError(402, f"The field value of `{key}` is below the minimum of `{low:g}`")
    if high is not None and value > high:
        raise RequestError(402, f"The field value of `{key}` is above the maximum of `{high:g}`")
    return value


def mapping(data: dict[str, Any], key: str, default: Any = _MISSING) -> Any:
    return _field(data, key, dict, "an object", default)


def timecode(seconds: float) -> str:
    ms = round(seconds * 1000)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
