"""Social Stream Ninja's `hasDonation` text read as a value and currency, the English way and
the European way ("1.234,56 €"): when both marks appear the last one is the decimal mark, a lone
"," before two digits is a decimal comma; an amount that stays ambiguous is kept as text, never
read as a wrong number."""

from __future__ import annotations

import pytest

from app.domain.audience import IncomingComment, Kind
from app.domain.ingest import parse_item


def donated(text: str) -> IncomingComment:
    parsed = parse_item({"chatname": "Eve", "chatmessage": "", "type": "youtube",
                         "hasDonation": text})  # fmt: skip
    assert isinstance(parsed, IncomingComment), parsed
    return parsed


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("1.234,56 €", 1234.56, "EUR"),  # European: "." thousands, "," decimals
        ("3,50 €", 3.5, "EUR"),
        ("€3,50", 3.5, "EUR"),
        ("R$ 10,00", 10.0, "BRL"),
        ("1.000.000 €", 1_000_000.0, "EUR"),
        ("12.345.678,9 €", 12_345_678.9, "EUR"),
        ("$1,234.56", 1234.56, "USD"),  # English: "," thousands, "." decimals
        ("$1,000", 1000.0, "USD"),
        ("1,000,000 KRW", 1_000_000.0, "KRW"),
        ("$5.00", 5.0, "USD"),
        ("$50.00 USD", 50.0, "USD"),
        ("0.001 BTC", 0.001, "BTC"),
        ("100 bits", 100.0, "bits"),
    ],
)
def test_an_amount_is_read_either_way(text: str, value: float, currency: str) -> None:
    item = donated(text)
    assert (item.kind, item.value, item.currency, item.gift) == (Kind.GIFT, value, currency, None)


@pytest.mark.parametrize(
    "text",
    [
        "€1.234",  # a thousand the European way, or 1.234 euros?
        "1,2345 €",  # a comma before four digits: neither a decimal nor a thousands comma
        "12345,678 €",  # thousands groups of three only
        "1.2.3 €",
        "1,5.2 €",  # the decimal mark before a thousands separator
        "1.234,5,6 €",
    ],
)
def test_an_ambiguous_amount_stays_text(text: str) -> None:
    item = donated(text)
    assert (item.kind, item.value, item.gift) == (Kind.GIFT, None, text)


def test_a_count_of_things_is_still_a_gift_count() -> None:
    item = donated("5 Roses")
    assert (item.gift, item.count, item.value) == ("Roses", 5, None)
