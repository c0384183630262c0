"""The text Excel shows for a date or time cell, from its number format: a workbook's time cell
is read as that text, by the same rules as a CSV cell, so that a workbook and the CSV Excel
saves from it read the same (typing `5:00` in Excel stores 05:00 with format `h:mm`; Excel shows
and saves "5:00", and a run-sheet reads five minutes).

The formats Excel offers for dates, times and durations: `h`, `hh`, `m`, `mm` (minutes after an
hour or before seconds, else the month), `s`, `ss`, `.0` fractions, `[h]`, `[m]`, `[s]` (elapsed),
`AM/PM`, `A/P`, `yyyy`, `yy`, `mmm`, `d`, `ddd` …, quoted and escaped text; `General` (or no
date or time part at all) as the usual `h:mm:ss`, `[h]:mm:ss` or `yyyy-mm-dd h:mm:ss`. A colour,
condition or locale in brackets is left out; only the first section (before `;`) is used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from openpyxl.utils.datetime import to_excel

Moment = dt.datetime | dt.time | dt.timedelta

_TOKEN = re.compile(
    r'"(?P<quoted>[^"]*)"?'
    r"|\\(?P<escaped>.)"
    r"|[_*](?P<skipped>.)"
    r"|\[(?P<elapsed>h+|m+|s+)\]"
    r"|\[[^\]]*\]"
    r"|(?P<ampm>am/pm|a/p)"
    r"|(?P<fraction>\.0+)"
    r"|(?P<code>y+|m+|d+|h+|s+)"
    r"|(?P<other>.)",
    re.IGNORECASE | re.DOTALL,
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DEFAULT = {dt.timedelta: "[h]:mm:ss", dt.time: "h:mm:ss", dt.datetime: "yyyy-mm-dd h:mm:ss"}


def shown_text(value: Moment, number_format: str | None) -> str:
    """What Excel shows for `value` (a date, time or duration openpyxl read) in `number_format`;
    a format that shows no part of a date or time counts as the usual one for the value."""
    if isinstance(value, dt.timedelta) and value < dt.timedelta(0):
        return "-" + shown_text(-value, number_format)  # Excel shows ####: no time of day
    section = _first_section(number_format or "")
    tokens = [] if section.strip().lower() == "general" else list(_tokens(section))
    if not any(kind in ("code", "elapsed") for kind, _ in tokens):
        tokens = list(_tokens(_DEFAULT[_kind_of(value)]))
    decimals = max((len(text) - 1 for kind, text in tokens if kind == "fraction"), default=0)
    seconds = round(_excel_days(value) * 86400, decimals)
    moment = _calendar(value, seconds)
    twelve = any(kind == "ampm" for kind, _ in tokens)
    parts: list[str] = []
    for index, (kind, text) in enumerate(tokens):
        if kind == "literal":
            parts.append(text)
        elif kind == "elapsed":
            unit = {"h": 3600, "m": 60, "s": 1}[text[0].lower()]
            parts.append(f"{int(seconds // unit):0{len(text)}d}")
        elif kind == "fraction":
            parts.append(f"{seconds % 1:.{decimals}f}"[1 : len(text) + 1])
        elif kind == "ampm":
            after_noon = moment.hour >= 12
            parts.append(text.split("/")[after_noon])
        else:
            parts.append(_code(text.lower(), moment, twelve, _is_minutes(tokens, index)))
    return "".join(parts)


def _first_section(number_format: str) -> str:
    return re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', number_format, maxsplit=1)[0]


def _tokens(number_format: str) -> Iterator[tuple[str, str]]:
    """(kind, text): literal, elapsed (`hh` of `[hh]`), ampm, fraction (`.00`), code (`yyyy`)."""
    for found in _TOKEN.finditer(number_format):
        kind = found.lastgroup
        text = found.group(kind) if kind else ""
        if kind in ("quoted", "escaped", "other"):
            yield "literal", text
        elif kind in ("elapsed", "ampm", "fraction", "code"):
            yield kind, text
        # a colour, condition, locale ([Red], [$-409]) or padding (_x, *x) shows nothing


def _is_minutes(tokens: list[tuple[str, str]], index: int) -> bool:
    """An `m` / `mm` is minutes right after an hour or right before seconds, else the month."""
    if len(tokens[index][1]) > 2:
        return False
    codes = [(i, text[0].lower()) for i, (kind, text) in enumerate(tokens) if kind != "literal"]
    at = next(n for n, (i, _) in enumerate(codes) if i == index)
    before = codes[at - 1][1] if at > 0 else ""
    after = codes[at + 1][1] if at + 1 < len(codes) else ""
    return before == "h" or after == "s"


def _kind_of(value: Moment) -> type:
    for kind in (dt.timedelta, dt.datetime, dt.time):
        if isinstance(value, kind):
            return kind
    raise TypeError(type(value).__name__)


def _excel_days(value: Moment) -> float:
    """The number Excel keeps for the value: days since its epoch (a time: part of a day)."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(to_excel(value))


def _calendar(value: Moment, seconds: float) -> dt.datetime:
    """The date and the time of day shown: the value's date (none for a time or a duration, as
    Excel's day 0), the time of day from the rounded `seconds`."""
    day = value.date() if isinstance(value, dt.datetime) else dt.date(1900, 1, 1)
    whole = int(seconds // 1)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=whole % 86400)


def _code(code: str, moment: dt.datetime, twelve: bool, minutes: bool) -> str:
    letter, width = code[0], len(code)
    if letter == "y":
        return f"{moment.year % 100:02d}" if width <= 2 else f"{moment.year}"
    if letter == "m" and minutes:
        return f"{moment.minute:0{width}d}"
    if letter == "m":
        if width <= 2:
            return f"{moment.month:0{width}d}"
        name = _MONTHS[moment.month - 1]
        return name[:3] if width == 3 else name[0] if width == 5 else name
    if letter == "d":
        if width <= 2:
            return f"{moment.day:0{width}d}"
        name = _DAYS[moment.weekday()]
        return name[:3] if width == 3 else name
    if letter == "h":
        hour = (moment.hour % 12 or 12) if twelve else moment.hour
        return f"{hour:0{min(width, 2)}d}"
    return f"{moment.second:0{min(width, 2)}d}"
