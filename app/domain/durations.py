"""Segment durations in every form a producer types them, to whole seconds."""

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
import unicodedata

from app.domain.messages import Message

_UNITS = {
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "小时": 3600, "时": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "分钟": 60, "分": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "秒": 1, "秒钟": 1,
}  # fmt: skip
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+|小时|时|分钟|分|秒钟|秒)", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d+):([0-5]?\d)(?::([0-5]?\d(?:\.\d+)?))?$")
_CLOCK_TENTHS = re.compile(r"^(\d+):([0-5]?\d\.\d+)$")  # m:ss.0, as Excel shows mm:ss.0
_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e\uffe0-\uffe6]")  # ＡＢ１２．：（）￥　 …


MAX_SECONDS = 366 * 24 * 3600  # a year: anything longer is a typo (1e300 minutes, 5000 digits)
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_show = _REPR.repr  # a bad value in a message, shortened


def halfwidth(text: str) -> str:
    """Full-width forms a Chinese IME types (`１９９．００`, `５分钟`, `０５：００`, `￥`, the
    ideographic space) as their ASCII / half-width forms (NFKC), and nothing else: a superscript
    `⁹` is not folded into a digit."""
    return _FULL_WIDTH.sub(lambda found: unicodedata.normalize("NFKC", found.group()), text)


class DurationError(ValueError):
    """The text is not a duration; the message says what was expected."""

    def __init__(self, message: Message | str) -> None:
        self.message = Message.plain(message)
        super().__init__(self.message)


def parse_duration(value: object) -> int:
    """Seconds in a duration; a bare number is minutes; an Excel time cell is h:m:s.

    `5`, `5m`, `90s`, `5:00` (m:ss), `1:05:00` (h:mm:ss), `5分钟`, `1小时30分`, `1h30m`, `2.5`
    (minutes), full-width forms of these (`５：００`), a `datetime.time` or `timedelta` taken as
    h:m:s. (An XLSX time cell never comes here as a time: the workbook reader hands over the
    text Excel shows for it, read by the rules above, as the CSV Excel saves would be.)
    Raises DurationError for anything else, for zero or negative durations and for more than a
    year (MAX_SECONDS).
    """
    try:
        seconds = _seconds(value)
    except DurationError:
        raise
    except (OverflowError, ValueError):  # 1e308 minutes, a number of 5,000 digits
        raise _not_a_duration(value) from None
    if seconds <= 0:
        code = "duration.under_a_second" if _above_zero(value) else "duration.not_positive"
        raise DurationError(Message(code, value=_show(value)))
    if seconds > MAX_SECONDS:
        raise DurationError(Message("duration.too_long", value=_show(value)))
    return seconds


def _above_zero(value: object) -> bool:
    """A number (or a text that is one) above zero, which rounded to no seconds."""
    try:
        number = float(halfwidth(value).strip()) if isinstance(value, str) else value
        return isinstance(number, int | float) and not isinstance(number, bool) and number > 0
    except ValueError:
        return False


def _seconds(value: object) -> int:
    if isinstance(value, bool):
        raise _not_a_duration(value)
    if isinstance(value, dt.timedelta):
        return round(value.total_seconds())
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + round(value.microsecond / 1e6)
    if isinstance(value, dt.datetime):  # a time cell Excel stored with a date of 1899/1900
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise _not_a_duration(value)
        return round(float(value) * 60)
    if not isinstance(value, str):
        raise _not_a_duration(value)
    text = halfwidth(value).strip().lower()
    if not text:
        raise DurationError(Message("duration.empty"))
    try:
        minutes = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(minutes):  # "inf", "nan", "1e400"
            raise _not_a_duration(value)
        return round(minutes * 60)
    clock = _CLOCK.match(text)
    if clock:
        first, second, third = clock.groups()
        if third is None:  # m:ss
            return int(first) * 60 + int(second)
        return int(first) * 3600 + int(second) * 60 + round(float(third))
    tenths = _CLOCK_TENTHS.match(text)
    if tenths:
        return round(int(tenths.group(1)) * 60 + float(tenths.group(2)))
    if not _PART.search(text) or _PART.sub("", text).strip():
        raise _not_a_duration(value)
    total = 0.0
    for number, unit_name in _PART.findall(text):
        unit = _UNITS.get(unit_name.lower())
        if unit is None:
            raise DurationError(
                Message("duration.unknown_unit", unit=unit_name, value=_show(value))
            )
        total += float(number) * unit
    if not math.isfinite(total):
        raise _not_a_duration(value)
    return round(total)


def _not_a_duration(value: object) -> DurationError:
    return DurationError(Message("duration.expected", value=_show(value)))


def format_duration(seconds: int) -> str:
    """The canonical text of a duration: m:ss, or h:mm:ss from an hour on."""
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
