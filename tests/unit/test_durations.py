"""Durations in every form a run-sheet may use, and their canonical text."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.durations import DurationError, format_duration, parse_duration


@given(st.integers(min_value=1, max_value=10 * 24 * 3600))
def test_format_then_parse_gives_the_seconds_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=1, max_value=100_000))
def test_a_bare_number_is_minutes(minutes: int) -> None:
    assert parse_duration(minutes) == minutes * 60
    assert parse_duration(str(minutes)) == minutes * 60
    assert parse_duration(float(minutes)) == minutes * 60


@given(st.integers(min_value=0, max_value=23), st.integers(0, 59), st.integers(0, 59))
def test_excel_time_cells_are_hours_minutes_seconds(h: int, m: int, s: int) -> None:
    expected = h * 3600 + m * 60 + s
    if expected == 0:
        with pytest.raises(DurationError):
            parse_duration(dt.time(h, m, s))
        return
    assert parse_duration(dt.time(h, m, s)) == expected
    assert parse_duration(dt.timedelta(hours=h, minutes=m, seconds=s)) == expected
    assert parse_duration(dt.datetime(1899, 12, 30, h, m, s)) == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("5", 300),  # a bare number is minutes
        ("5m", 300),
        ("5 min", 300),
        ("90s", 90),
        ("5:00", 300),  # m:ss
        ("0:45", 45),
        ("1:05:00", 3900),  # h:mm:ss
        ("5分钟", 300),
        ("90秒", 90),
        ("1小时30分", 5400),
        ("1h30m", 5400),
        ("2.5", 150),
        ("１０分钟", 600),  # full-width digits from a Chinese IME
        ("５．５", 330),
        ("１．５ｈ", 5400),  # full-width letters too
        ("０５：３０", 330),
        ("05:30.5", 330),  # mm:ss.0, what Excel shows for a time with tenths
        ("1:05:00.4", 3900),
        ("  15:00  ", 900),
    ],
)
def test_every_spec_form(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_excel_times_over_a_day_come_as_timedelta() -> None:
    assert parse_duration(dt.timedelta(hours=25)) == 25 * 3600


@pytest.mark.parametrize(
    "value",
    ["", "   ", "abc", "5 apples", "1:60", "5m30", "--5", "inf", "nan", "1e400", "9" * 400 + "h",
     True, None, [5], object()],
)  # fmt: skip
def test_unreadable_forms_raise_with_a_message(value: object) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert str(caught.value)


def test_the_message_says_what_was_expected() -> None:
    with pytest.raises(DurationError, match="such as 5, 5m, 90s"):
        parse_duration("soon")


@pytest.mark.parametrize("value", ["0", 0, "0:00", "0s", "-5", -1.5, dt.time(0, 0)])
def test_zero_and_negative_durations_are_errors(value: object) -> None:
    with pytest.raises(DurationError, match="more than zero"):
        parse_duration(value)


@given(st.text(max_size=20))
def test_any_text_parses_or_raises_duration_error(text: str) -> None:
    with contextlib.suppress(DurationError):
        assert parse_duration(text) > 0


@pytest.mark.parametrize(
    ("seconds", "text"), [(59, "0:59"), (300, "5:00"), (3599, "59:59"), (3600, "1:00:00")]
)
def test_format_duration_is_m_ss_then_h_mm_ss(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text
