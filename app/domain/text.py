"""Text from outside (viewers, API clients, files, settings): cleaned of what cannot be stored or
shown, and JSON read strictly.

A lone surrogate (half of a UTF-16 pair, e.g. ``"\\ud83d"`` in JSON) cannot be encoded in UTF-8,
so SQLite refuses it; a control character can break a line, a log or a terminal. Both are
replaced by U+FFFD (the replacement character), one for one, and everything else is kept exactly
as received. Multi-line text (a comment, a note) keeps tab, line feed and carriage return; a
single-line field (a name, a platform, an id) has those replaced as well, and the line and
paragraph separators U+2028 / U+2029 too.

JSON from outside may not carry a number that is not finite: Python's json module reads ``NaN``,
``Infinity`` and ``1e400`` (which overflows to infinity), but no count, duration or time means
any of them, and the log could not write them back as JSON. ``loads_finite`` refuses them.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

REPLACEMENT = "\ufffd"
# C0 controls but tab, line feed and carriage return; DEL; C1 controls; every surrogate (a str
# holds a surrogate only when it is lone: a valid pair decodes to one code point)
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# In raw JSON text, what may decode to a control character or a lone surrogate: an escape of one
# (an escaped backslash is counted in too: with none about, every backslash starts an escape, so
# the look-behind that tells a pair's low surrogate from a lone one cannot be fooled), or such a
# character raw (json refuses raw C0 characters in strings, not DEL, C1 or surrogates). Both are
# searched before decoding, far faster than looking at every decoded string.
_JSON_DIRTY_ESCAPE = re.compile(
    r"\\(?:\\|[bf]|u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]"
    r"|[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|[dD][c-fC-F][0-9a-fA-F]{2}(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u....)))"
)
_JSON_DIRTY_RAW = re.compile("[\x7f-\x9f\ud800-\udfff]")


def ascii_whole(text: str, max_digits: int) -> int | None:
    """`text` as a whole number when it is 1 to `max_digits` ASCII digits, else None. A
    platform's number sent as text: str.isdigit() alone takes "²" and other digits int()
    refuses, and any length (int() refuses more than 4,300 digits)."""
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def clean_text(text: str, *, single_line: bool = False) -> str:
    """`text` with each lone surrogate and control character replaced by U+FFFD."""
    pattern = _SINGLE_LINE if single_line else _MULTI_LINE
    if pattern.search(text) is None:
        return text
    return pattern.sub(REPLACEMENT, text)


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD (what UTF-8 and SQLite cannot take);
    control characters are left alone."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(REPLACEMENT, text)


def clean_strings(value: Any) -> Any:
    """A decoded JSON value with every string in it (object keys too) cleaned as multi-line
    text."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    return value


class NonFiniteNumber(ValueError):
    """A JSON number that is not finite: NaN, Infinity, -Infinity or beyond ±1.8e308."""


NON_FINITE_RULE = "numbers must be finite: NaN, Infinity and anything beyond ±1.8e308 (1e400)"


def _constant(name: str) -> float:
    raise NonFiniteNumber(f"{name} is not a finite number")


def _float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise NonFiniteNumber(f"{literal[:40]} is beyond the largest number")
    return value


# In raw JSON text, what may decode to anything clean_text replaces even in a single-line field:
# what _JSON_DIRTY_* finds, and tab, line feed, carriage return, U+2028 and U+2029 too
_JSON_ANY_ESCAPE = re.compile(r"\\(?:[\\bftnr]|u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F]|202[89]))")
_JSON_ANY_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def loads_finite(text: str) -> Any:
    """json.loads that raises NonFiniteNumber (a ValueError) for a number that is not finite,
    and ValueError or RecursionError for text that is not JSON, like json.loads. A whole number
    stays exact however long (each field says which range it takes), up to Python's limit of
    4,300 digits, beyond which the text is refused in plain words."""
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_float)
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # sys.int_info.default_max_str_digits
            raise ValueError(
                f"a whole number longer than {sys.int_info.default_max_str_digits:,} digits"
            ) from None
        raise


def _finite_or_none(literal: str) -> float | None:
    value = float(literal)
    return value if math.isfinite(value) else None


def loads_forgiving(text: str) -> Any:
    """JSON that a person may have edited (a settings file): a number that is not finite becomes
    null, so that only its own setting falls back to the default, and every string is cleaned
    (clean_strings)."""
    value = json.loads(text, parse_constant=lambda _name: None, parse_float=_finite_or_none)
    return clean_strings(value)


def _json_dirty(text: str) -> bool:
    """Whether a string decoded from the raw JSON `text` may hold a lone surrogate or a control
    character other than tab, line feed and carriage return."""
    return _JSON_DIRTY_ESCAPE.search(text) is not None or (
        _beyond_plain_ascii(text) and _JSON_DIRTY_RAW.search(text) is not None
    )


def _beyond_plain_ascii(text: str) -> bool:
    """Whether `text` holds a character beyond ASCII or DEL (the one ASCII character JSON lets
    a string hold raw that cleaning replaces): only then can _JSON_DIRTY_RAW find anything."""
    return not text.isascii() or "\x7f" in text


def loads_clean(text: str) -> Any:
    """loads_finite, then every string in the result cleaned (clean_strings), which is skipped
    when the raw text shows that no string can need it (the common case)."""
    return loads_clean_checked(text)[0]


def loads_clean_checked(text: str) -> tuple[Any, bool]:
    """loads_clean, and whether the raw text shows that no string in it holds anything
    ``clean_text`` would replace even with ``single_line=True`` (a line break, tab, U+2028 or
    U+2029 beside the rest): then cleaning any of them again, as a name, changes nothing. False
    says only that one may. Costs nothing over loads_clean in the common case."""
    value = loads_finite(text)
    if _JSON_ANY_ESCAPE.search(text) is None and (
        not _beyond_plain_ascii(text) or _JSON_ANY_RAW.search(text) is None
    ):
        return value, True
    return (clean_strings(value) if _json_dirty(text) else value), False
