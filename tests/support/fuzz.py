"""What the fuzz tests (tests/unit/test_fuzz_*.py) share: one hypothesis profile and the
strategies for hostile input (any JSON value, any cell a spreadsheet or a script can hand over).

The profile keeps `make test` fast: 200 examples, no deadline (a slow CI machine is not a bug),
and in CI (CI=true) derandomised, so a red run is the same red run again. LIVEDESK_FUZZ_EXAMPLES
raises the count for a longer local hunt.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "livedesk-fuzz",
    max_examples=int(os.environ.get("LIVEDESK_FUZZ_EXAMPLES", "200")),
    deadline=None,
    derandomize=os.environ.get("CI", "").lower() in {"1", "true", "yes"},
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)  # fmt: skip
FUZZ = settings.get_profile("livedesk-fuzz")

# Texts that break naive code: markup, huge numbers, control and bidi characters, CJK, units.
NASTY_TEXTS = st.sampled_from([
    "", " ", "\x00", "\ufeff", "\u202e", "\u200b", "NaN", "inf", "-inf", "1e308", "1e400",
    "9" * 5000, "-1", "0", "0:00", "5分钟", "٣", "²", "1:99", "1:2:3:4", "<script>", "{{7*7}}",
    "=HYPERLINK(\"x\")", "¥1,299", "1e99999", "￥", "true", "null", "[]", "{}", "🎉" * 50,
])  # fmt: skip
TEXTS = st.one_of(NASTY_TEXTS, st.text(max_size=40))
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
)
TIMES = st.one_of(
    st.times(),
    st.datetimes(),
    st.dates(),
    st.timedeltas(),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS, TIMES)
# Any cell a reader can hand over (CSV: texts; XLSX: numbers, times, booleans; JSON: lists too).
CELLS: st.SearchStrategy[Any] = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False), TEXTS,
)  # fmt: skip
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(TEXTS, st.sampled_from(["text", "user", "platform"])),
                        children, max_size=5),
    ),
    max_leaves=20,
)  # fmt: skip


def json_ready(value: Any) -> Any:
    """`value` with what JSON cannot carry (times, Decimal) turned into text."""
    if isinstance(value, dt.date | dt.time | dt.timedelta | Decimal):
        return str(value)
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    return value
