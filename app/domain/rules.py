"""The rules every product and coupon obeys, wherever it comes from: a run-sheet (JSON, CSV,
XLSX), the card editor, the API, a resume snapshot or the catalog saved in the database.

One set of limits, used by the parsers, the services and the spin boxes alike, so a sheet that
passes `runsheet check` and pre-flight is one the show can put on screen. Each `*_problem`
function returns None when the value is fine, else a Message (app/domain/messages.py) naming the
field and the limit; each `check_*` function returns the value (normalised) or raises RuleError
with that message. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import math
import reprlib
from decimal import Decimal, InvalidOperation

from app.domain.messages import Message, field_word

MAX_PRICE = Decimal("10000000")  # ¥10,000,000: more is a typo (1e5000 would break every card)
PRICE_PLACES = 2  # yuan and fen (cents)
PRICE_STEP = Decimal(1).scaleb(-PRICE_PLACES)  # 0.01
MIN_PRICE = PRICE_STEP  # a price is more than zero: the smallest one is 0.01
MIN_COUPON_S = 1
MAX_COUPON_S = 24 * 3600  # the one maximum of a coupon countdown (its messages say “24 hours”)
DEFAULT_COUPON_S = 300  # a coupon row without a length runs five minutes
MAX_COUNT = 10_000_000  # stock and coupon quantity
MAX_CODE_CHARS = 32
MAX_SKU_CHARS = 64
MAX_DISCOUNT_CHARS = 40

_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 40, 40, 40
_show = _REPR.repr  # a bad value in a message, shortened


class RuleError(ValueError):
    """A value a rule refuses; the message names field and limit."""

    def __init__(self, message: Message | str, field: str | None = None) -> None:
        self.message = Message.plain(message)
        super().__init__(self.message)
        self.field = field


def _label(field: str) -> Message | str:
    return field_word(field, field.replace("_", " "))


def _number_text(value: int | Decimal) -> str:
    return f"{value:,}"


# ----- prices ----------------------------------------------------------------------------------
def as_decimal(value: object) -> Decimal | None:
    """A number (int, float, Decimal or its text) as a Decimal; None when it is no number.
    A float is taken at its shortest repr (39.9, not 39.89999…), and one within a billionth of
    whole cents (53.910000000000004, a spreadsheet's product) at those cents."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return Decimal(str(value))  # Decimal("inf"), Decimal("nan"): refused as not finite
        number = Decimal(repr(value))
        exponent = number.as_tuple().exponent  # an int: `number` is finite
        if isinstance(exponent, str) or exponent >= -PRICE_PLACES or abs(number) > MAX_PRICE:
            return number
        cents = number.quantize(PRICE_STEP)
        return cents if abs(number - cents) < Decimal("1e-9") else number
    if isinstance(value, int | str):
        try:
            return Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            return None
    return None


def price_problem(value: object, field: str = "price", shown: object = None) -> Message | None:
    """A price: a finite number more than 0, at most 2 decimals, at most MAX_PRICE. `shown`:
    the value as the user typed it, for the message (default `value`)."""
    price = as_decimal(value)
    label, typed = _label(field), _show(value if shown is None else shown)
    if price is None or not price.is_finite():
        return Message("rules.not_a_number", field=label, value=typed)
    if price <= 0:
        return Message("rules.not_positive", field=label, value=typed)
    if price > MAX_PRICE:
        return Message("rules.too_large", field=label, limit=_number_text(MAX_PRICE), value=typed)
    if price != price.quantize(PRICE_STEP):
        return Message("rules.decimals", field=label, n=PRICE_PLACES, value=typed)
    return None


def check_price(value: object, field: str = "price", shown: object = None) -> Decimal:
    problem = price_problem(value, field, shown)
    if problem is not None:
        raise RuleError(problem, field)
    price = as_decimal(value)
    assert price is not None  # price_problem said it is a number
    return price


# ----- coupon countdowns -----------------------------------------------------------------------
def coupon_seconds_problem(value: object, shown: object = None) -> Message | None:
    """A countdown's length: a whole number of seconds from MIN_COUPON_S to MAX_COUPON_S.
    `shown`: the value as the user typed it, for the message (default `value`)."""
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and (isinstance(value, int) or math.isfinite(value))
        and value == int(value)
        and MIN_COUPON_S <= value <= MAX_COUPON_S
    )
    if ok:
        return None
    typed = _show(value if shown is None else shown)
    return Message("rules.countdown", value=typed)


def check_coupon_seconds(value: object, shown: object = None) -> int:
    problem = coupon_seconds_problem(value, shown)
    if problem is not None:
        raise RuleError(problem, "seconds")
    assert isinstance(value, int | float)
    return int(value)


def extension_problem(remaining_s: float, seconds: object) -> Message | None:
    """Adding `seconds` to a countdown with `remaining_s` left: a positive, finite number of
    seconds that keeps what is left within MAX_COUPON_S."""
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not (isinstance(seconds, int) or math.isfinite(seconds))
        or seconds <= 0
    ):
        return Message("rules.extension", value=_show(seconds))
    if seconds > MAX_COUPON_S or remaining_s + seconds > MAX_COUPON_S:  # any whole number
        return Message("rules.extension_too_long", value=_show(seconds))
    return None


# ----- counts ----------------------------------------------------------------------------------
def count_problem(value: object, field: str) -> Message | None:
    """A stock or coupon quantity: a whole number from 0 to MAX_COUNT."""
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and (isinstance(value, int) or math.isfinite(value))
        and value == int(value)
        and 0 <= value <= MAX_COUNT
    )
    if ok:
        return None
    limit = _number_text(MAX_COUNT)
    return Message("rules.count", field=_label(field), limit=limit, value=_show(value))


def check_count(value: object, field: str) -> int:
    problem = count_problem(value, field)
    if problem is not None:
        raise RuleError(problem, field)
    assert isinstance(value, int | float)
    return int(value)


# ----- texts -----------------------------------------------------------------------------------
def code_problem(code: object) -> Message | None:
    """A coupon code viewers type: 1 to MAX_CODE_CHARS printable characters, no spaces (any
    script: 新粉专享 is a code too)."""
    if not isinstance(code, str) or not code:
        return Message("rules.code_missing")
    if len(code) > MAX_CODE_CHARS:
        return Message("rules.code_too_long", n=MAX_CODE_CHARS, count=len(code))
    if any(ch.isspace() or not ch.isprintable() for ch in code):
        return Message("rules.code_spaces", value=_show(code))
    return None


def sku_problem(sku: object) -> Message | None:
    """A SKU (货号): 1 to MAX_SKU_CHARS printable characters on one line (inner spaces allowed:
    spreadsheets have them)."""
    if not isinstance(sku, str) or not sku.strip():
        return Message("rules.sku_missing")
    if len(sku) > MAX_SKU_CHARS:
        return Message("rules.sku_too_long", n=MAX_SKU_CHARS, count=len(sku))
    if sku != sku.strip() or not sku.isprintable():
        return Message("rules.sku_not_printable", value=_show(sku))
    return None


def discount_problem(discount: object) -> Message | None:
    """What a coupon card says it gives (满 199 减 30): one line, at most MAX_DISCOUNT_CHARS."""
    if not isinstance(discount, str):
        return Message("rules.discount_not_text", value=_show(discount))
    if len(discount) > MAX_DISCOUNT_CHARS:
        return Message("rules.discount_too_long", n=MAX_DISCOUNT_CHARS, count=len(discount))
    if not discount.isprintable():
        return Message("rules.discount_not_printable", value=_show(discount))
    return None


def check_text(problem: Message | None, value: str, field: str) -> str:
    """`value` when `problem` is None, else RuleError(problem)."""
    if problem is not None:
        raise RuleError(problem, field)
    return value
