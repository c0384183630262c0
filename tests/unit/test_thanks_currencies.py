"""A viewer's thanks entry keeps what they gave in every currency: a second currency is added
beside the first, never dropped, and a free gift (value 0) does not decide the entry's currency.
`value` and `currency` stay the first currency's for clients that read one; `values` has them
all. The console's thanks list and the gift alert on stream show every currency."""

from __future__ import annotations

from typing import Any

from app.adapters.web.state_json import thanks_alert_json
from app.domain.audience import Comment, IncomingComment, Kind
from app.domain.thanks import ThanksList
from app.domain.thanks_overlay import AlertQueue, action_text
from app.services.show import Show


def _item(kind: Kind, user: str, **extra: Any) -> Comment:
    return Comment(0, extra.pop("platform", "youtube"), user, extra.pop("text", ""),
                   extra.pop("ts", 1_000.0), kind=kind, **extra)  # fmt: skip


def test_a_second_currency_is_added_not_dropped() -> None:
    thanks = ThanksList()
    thanks.add(_item(Kind.SUPERCHAT, "Ann", text="hi", value=5.0, currency="USD"))
    entry = thanks.add(_item(Kind.SUPERCHAT, "Ann", text="again", value=1000.0, currency="JPY"))
    assert entry is not None
    assert (entry.count, entry.values) == (2, {"USD": 5.0, "JPY": 1000.0})
    api = entry.as_api()
    assert (api["value"], api["currency"]) == (5.0, "USD")  # as clients before `values` read it
    assert api["values"] == {"USD": 5.0, "JPY": 1000.0}


def test_a_free_gift_does_not_fix_the_entrys_currency() -> None:
    thanks = ThanksList()
    free = thanks.add(_item(Kind.GIFT, "抖音用户", platform="douyin", gift="小心心", count=10,
                            value=0.0, currency="钻石"))  # fmt: skip
    assert free is not None
    assert (free.value, free.currency, free.values) == (0.0, "钻石", {})  # named, nothing given
    paid = thanks.add(_item(Kind.GIFT, "抖音用户", platform="douyin", gift="嘉年华", count=1,
                            value=3000.0, currency="CNY"))  # fmt: skip
    assert paid is free
    assert (paid.value, paid.currency, paid.values) == (3000.0, "CNY", {"CNY": 3000.0})
    assert paid.gifts == {"小心心": 10, "嘉年华": 1}


def test_the_console_list_totals_every_currency(show: Show) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([
        IncomingComment("youtube", "Ann", "hi", kind=Kind.SUPERCHAT, value=5.0, currency="USD"),
        IncomingComment("youtube", "Ann", "", kind=Kind.MEMBER, count=1, value=4.99,
                        currency="USD"),
        IncomingComment("youtube", "Ann", "又来", kind=Kind.SUPERCHAT, value=1000.0,
                        currency="JPY"),
    ])  # fmt: skip
    [viewer] = audience.thanks_list().viewers
    assert viewer.totals == (("USD", 9.99), ("JPY", 1000.0))
    chats = next(card for card in viewer.entries if card.kind is Kind.SUPERCHAT)
    assert chats.values == (("USD", 5.0), ("JPY", 1000.0))
    assert (chats.value, chats.currency) == (5.0, "USD")


def test_the_gift_alert_shows_every_currency() -> None:
    queue = AlertQueue(show_s=4.0)
    queue.add(_item(Kind.SUPERCHAT, "Ann", text="hi", value=5.0, currency="USD"), now=100.0)
    queue.add(_item(Kind.SUPERCHAT, "Ann", text="again", value=1000.0, currency="JPY"), now=101.0)
    alert = queue.alert()
    assert alert is not None
    assert action_text(alert) == "醒目留言 $5 + JP¥1000"
    made = thanks_alert_json(alert)
    assert (made["value"], made["currency"]) == (5.0, "USD")
    assert made["values"] == {"USD": 5.0, "JPY": 1000.0}
    free = AlertQueue(show_s=4.0)
    free.add(_item(Kind.SUPERCHAT, "Bo", text="hi", value=0.0, currency="钻石"), now=100.0)
    free.add(_item(Kind.SUPERCHAT, "Bo", text="hi", value=30.0, currency="CNY"), now=100.5)
    shown = free.alert()
    assert shown is not None
    assert (shown.value, shown.currency) == (30.0, "CNY")
    assert action_text(shown) == "醒目留言 ¥30"
