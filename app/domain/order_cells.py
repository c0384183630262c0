"""The cells of a platform's order export read one by one: a time, an amount, a quantity, an
order's status, and Excel's text-forcing wrapper. Pure; a cell that cannot be read raises
ValueError whose argument is a Message naming what is wrong.

Amounts and quantities, the rule: a comma or a dot followed by exactly three digits separates
thousands; a comma followed by one or two digits at the end is a decimal comma (`39,90`,
`1.299,00`, `1 299,50`); a dot followed by other than three digits is a decimal point
(`1,299.00`, `39.9`). A lone dot followed by exactly three digits (`1.299`, `12.500`) is refused:
1,299 in a decimal-comma export and 1.299 in any other, and no currency has a tenth of a cent, so
neither reading is safe. A lone comma followed by three digits (`1,299`) is a thousands
separator: a price of 1.299 does not exist, a decimal-comma export would write 1.299.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from app.domain.durations import halfwidth
from app.domain.messages import Message

_CURRENCY = re.compile(r"[¥￥$€£元\s]|rmb|cny|usd|eur", re.IGNORECASE)
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?\s*")  # 日 ends the date: 8日20:05
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="2024111100001": Excel keeps it as text
_COMMA_GROUPS = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?")  # 1,299 · 1,299.00
_DOT_GROUPS = re.compile(r"([+-]?)(\d{1,3}(?:\.\d{3})*),(\d{1,2})")  # 39,90 · 1.299,00
_PLAIN_COMMA = re.compile(r"([+-]?)(\d+),(\d{1,2})")  # 1299,00
_LONE_DOT_GROUP = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")  # 1.299: a decimal point or 1,299?
_MANY_DOT_GROUPS = re.compile(r"([+-]?)(\d{1,3}(?:\.\d{3}){2,})")  # 1.299.000

# An order's status that means no sale: cancelled, closed (unpaid and timed out, or refunded),
# refunded in full, or not paid. Chinese statuses by the words in them (已关闭, 交易关闭,
# 订单已取消, 退款成功 …), a partial one (部分退款) never; English ones by the whole text,
# without case, spaces, '-' or '_' (Shopify's financial status, WooCommerce, …;
# partially_refunded is kept).
NO_SALE_WORDS = ("关闭", "取消", "已退款", "退款成功", "退款完成", "全额退款", "已失效",
                 "待付款", "待支付", "未付款", "未支付", "等待买家付款", "交易失败",
                 "支付失败")  # fmt: skip
NO_SALE_STATUSES = frozenset({
    "cancelled", "canceled", "closed", "refunded", "voided", "void", "expired", "failed",
    "unpaid", "notpaid", "pending", "pendingpayment", "awaitingpayment", "paymentfailed",
    "orderclosed", "tradeclosed", "ordercancelled", "ordercanceled", "refundsuccess",
    "refundsucceeded", "fullyrefunded",
})  # fmt: skip
PARTIAL_WORDS = ("部分", "partial")


def unwrap(cell: str) -> str:
    """A cell without Excel's text-forcing `="…"` (how exports keep a long order number or a
    price as text) and the blanks and tabs around it."""
    value = cell.strip()
    found = _EXCEL_TEXT.fullmatch(value)
    return found[1].strip() if found else value


def is_no_sale(status: str) -> bool:
    """Whether an order's status says it is no sale (see NO_SALE_WORDS); an empty one is a sale."""
    text = status.strip().lower()
    if not text or any(word in text for word in PARTIAL_WORDS):
        return False
    if any(word in text for word in NO_SALE_WORDS):
        return True
    return re.sub(r"[\s_\-]", "", text) in NO_SALE_STATUSES


def parse_time(text: str, tz: tzinfo | None = None) -> float:
    """Unix seconds of an order time (see app/domain/orders.py); ValueError when it is none."""
    shown = unwrap(text)
    value = halfwidth(shown)  # ２０２６－１２－０８　２０：０５ as an IME types it
    if not value:
        raise ValueError(Message("orders.time_empty"))
    if _NUMBER.fullmatch(value):
        number = float(value)
        if number > 1e11:  # milliseconds
            number /= 1000
        if not 1e8 < number < 1e10:
            raise ValueError(Message("orders.not_unix_time", text=shown))
        return number
    normal = _CN_DATE.sub(lambda m: _dashes(m) + " ", value).strip()
    normal = normal.replace("时", ":").replace("分", ":").replace("秒", "").rstrip(":")
    normal = re.sub(r"^(\d{4})/(\d{1,2})/(\d{1,2})", _dashes, normal)
    normal = re.sub(r"^(\d{4})-(\d{1,2})-(\d{1,2})", _dashes, normal)
    normal = re.sub(r"(?<=\d)\s+(?=\d{1,2}:)", "T", normal, count=1)
    normal = re.sub(r"T(\d):", r"T0\1:", normal)
    try:
        moment = datetime.fromisoformat(normal.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(Message("orders.not_a_time", text=shown)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return moment.timestamp()


def _dashes(m: re.Match[str]) -> str:
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"


def _number(value: str) -> str | None:
    """`value` (no currency, no blanks) as a number float() reads, by the module's rule; None
    when it is no number; ValueError when a dot may be a decimal point or a thousands one."""
    value = value.replace("，", ",")
    if _NUMBER.fullmatch(value):
        if _LONE_DOT_GROUP.fullmatch(value):
            raise ValueError("ambiguous")
        return value
    if found := _COMMA_GROUPS.fullmatch(value):
        return f"{found[1]}{found[2].replace(',', '')}{found[3] or ''}"
    if found := _DOT_GROUPS.fullmatch(value) or _PLAIN_COMMA.fullmatch(value):
        return f"{found[1]}{found[2].replace('.', '')}.{found[3]}"
    if found := _MANY_DOT_GROUPS.fullmatch(value):
        return f"{found[1]}{found[2].replace('.', '')}"
    return None


def parse_amount(text: str) -> float:
    """`199`, `1,299.00`, `1.299,00`, `39,90`, `¥39.9`, `39.9元`, full-width `１９９．００` (the
    module's rule); ValueError
    otherwise (an empty cell, an ambiguous `1.299` included)."""
    shown = text.strip()
    value = _CURRENCY.sub("", halfwidth(unwrap(shown)))  # １９９．００ as an IME types it
    if not value:
        raise ValueError(Message("orders.amount_empty"))
    try:
        number = _number(value)
    except ValueError:
        raise ValueError(Message("orders.amount_ambiguous", text=shown)) from None
    if number is None:
        raise ValueError(Message("orders.not_an_amount", text=shown))
    return round(float(number), 2)


def parse_quantity(text: str) -> int:
    """A whole number ≥ 0 (`2`, `2.0`, `2件`, `1,000`); an empty cell is 1; ValueError
    otherwise (an ambiguous `1.000` included)."""
    shown = text.strip()
    value = halfwidth(unwrap(shown)).removesuffix("件").strip()
    if not value:
        return 1
    try:
        number = _number(value.replace(" ", ""))
    except ValueError:
        raise ValueError(Message("orders.quantity_ambiguous", text=shown)) from None
    if number is None or float(number) < 0 or float(number) != int(float(number)):
        raise ValueError(Message("orders.not_a_quantity", text=shown))
    return int(float(number))
