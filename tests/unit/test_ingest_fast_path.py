"""The ingest hot path's shortcuts give exactly what the long way gives: a frame whose raw JSON
shows no string needs cleaning skips the per-field cleaning; events whose WebSocket form differs
(comments as API dicts) have it built once, only when a client listens."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.adapters.web.event_json import event_to_json
from app.domain.audience import IncomingComment
from app.domain.ingest import parse_batch
from app.domain.text import clean_text, loads_clean, loads_clean_checked
from app.services.event_bus import EventBus
from app.services.events import CatalogChanged, CommentsAdded, Event
from tests.support.fake_obs import FakeObs
from tests.support.fuzz import FUZZ
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

FFFD = "\ufffd"
NASTY = st.text(
    st.one_of(
        st.characters(),
        st.characters(categories=["Cs"]),  # lone surrogates
        st.sampled_from('\x00\x08\x09\x0a\x0c\x0d\x1f\x7f\x85\x9f \\"\u2028\u2029\ufffd&#<>;'),
    ),
    max_size=12,
)
IDS = st.one_of(st.none(), NASTY, st.integers(min_value=-(10**30), max_value=10**30))
SPEC_ITEM = st.fixed_dictionaries(
    {"platform": NASTY, "user": NASTY, "text": NASTY},
    optional={"id": IDS, "user_id": IDS, "ts": st.floats(allow_nan=False, allow_infinity=False)},
)
SSN_ITEM = st.fixed_dictionaries(
    {"chatname": NASTY, "chatmessage": NASTY}, optional={"type": NASTY, "id": IDS}
)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    return []


@FUZZ
@given(st.lists(st.one_of(SPEC_ITEM, SSN_ITEM), min_size=1, max_size=4), st.booleans())
def test_a_frame_read_the_short_way_parses_as_the_long_way(items: list[Any], ascii_: bool) -> None:
    text = json.dumps(items, ensure_ascii=ascii_)
    body, single_line_clean = loads_clean_checked(text)
    assert body == loads_clean(text)
    if single_line_clean:  # the promise the short way rests on
        for value in _strings(body):
            assert clean_text(value, single_line=True) == value
    assert parse_batch(body, clean=not single_line_clean) == parse_batch(loads_clean(text))


def test_the_raw_frame_tells_which_frames_need_no_cleaning() -> None:
    plain = json.dumps([{"platform": "douyin", "user": "小明", "text": "多少钱？ #1"}],
                       ensure_ascii=False)  # fmt: skip
    assert loads_clean_checked(plain)[1] is True
    assert loads_clean_checked(json.dumps({"user": "小明"}))[1] is True  # \\uXXXX of a CJK name
    for dirty in ('{"user": "a\\nb"}', '{"user": "a\\tb"}', '{"user": "a\\u2028"}',
                  '{"user": "a\u2029"}', '{"user": "a\\u0085"}', '{"user": "a\\\\n"}',
                  '{"user": "\\ud83d"}', '{"user": "a\x7f"}'):  # fmt: skip
        assert loads_clean_checked(dirty)[1] is False, dirty


def test_a_raw_delete_character_in_ascii_json_is_cleaned() -> None:
    assert loads_clean('{"text": "a\x7fb"}') == {"text": f"a{FFFD}b"}
    body, single_line_clean = loads_clean_checked('{"platform": "x", "user": "u\x7f", "text": "t"}')
    accepted, _ = parse_batch(body, clean=not single_line_clean)
    assert accepted[0].user == f"u{FFFD}"


def test_wire_events_are_built_once_and_only_for_subscribers() -> None:
    bus = EventBus()
    heard: list[Event] = []
    bus.listen(heard.append)
    built: list[Event] = []

    def to_wire(event: Event) -> dict[str, Any]:
        built.append(event)
        return {"type": "x", "wire": True}

    event = CatalogChanged()
    bus.publish(event)
    assert heard == [event]
    assert built == []  # no client: never built
    first, second = bus.subscribe(to_wire), bus.subscribe(to_wire)
    bus.publish(event)
    assert built == [event]
    assert first.get_nowait() is second.get_nowait()
    assert heard[-1] is event
    third = bus.subscribe(event_to_json)  # another converter: its own JSON
    bus.publish(CatalogChanged())
    assert first.get_nowait() == {"type": "x", "wire": True}
    assert third.get_nowait() == {"type": "catalog.changed"}
    assert len(built) == 2


def test_views_hear_comments_and_clients_receive_their_api_dicts() -> None:
    show = build_show(FakeObs(), MemoryLog())
    assert show.audience is not None
    heard: list[Event] = []
    show.bus.listen(heard.append)
    queue = show.bus.subscribe(event_to_json)
    added = show.audience.ingest([IncomingComment("douyin", "小明", "多少钱？")], source="test")
    [event] = [e for e in heard if isinstance(e, CommentsAdded)]
    assert event.comments == added
    assert event.source == "test"
    sent = [queue.get_nowait() for _ in range(queue.qsize())]
    [wire] = [e for e in sent if e["type"] == "comments.added"]
    assert wire == {"type": "comments.added", "source": "test",
                    "comments": [c.as_api() for c in added]}  # fmt: skip
    assert json.loads(json.dumps(wire)) == wire
