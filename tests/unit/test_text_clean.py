"""Text from outside is stored as received, but a lone surrogate or a control character is replaced
by U+FFFD — at every entry point: /ingest (HTTP and WebSocket), manual entry, the chat sources,
every API text field, run-sheet files and the settings file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given
from hypothesis import strategies as st

from app.adapters.chat.base import ChatSource, checked_as_ingest
from app.adapters.files import xlsx_sheet
from app.adapters.files.runsheets import load_runsheet
from app.adapters.store.comments import SqliteComments
from app.adapters.store.settings_file import FILE_NAME, load_settings
from app.adapters.store.writer import SqliteSessionLog
from app.adapters.web.server import create_app
from app.domain.audience import IncomingComment
from app.domain.ingest import parse_item
from app.domain.text import (
    NonFiniteNumber,
    clean_strings,
    clean_text,
    loads_clean,
    loads_finite,
    without_surrogates,
)
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.fuzz import FUZZ
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

TOKEN = "text-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
FFFD = "\ufffd"


# ----- the rule -------------------------------------------------------------------------------
def test_lone_surrogates_and_control_characters_become_the_replacement_character() -> None:
    assert clean_text("hi \ud83d") == "hi " + FFFD
    assert clean_text("\udc00x\ud800") == f"{FFFD}x{FFFD}"
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == f"a{FFFD}b{FFFD}c{FFFD}d{FFFD}e{FFFD}f"
    assert clean_text("two\nlines\r\n\tand a tab") == "two\nlines\r\n\tand a tab"
    assert clean_text("name\nwith\ttab\u2028", single_line=True) == f"name{FFFD}with{FFFD}tab{FFFD}"


def test_everything_else_is_kept_exactly() -> None:
    for text in ("还有货吗？", "😀🎉 emoji", "\u202eright-to-left", "\u200bzero width", "",
                 "<b>&amp;</b>", "\ufeffbom", "\U0010ffff"):  # fmt: skip
        assert clean_text(text) == text
        assert clean_text(text, single_line=True) == text


@FUZZ
@given(st.text())
def test_clean_text_keeps_length_and_leaves_nothing_sqlite_refuses(text: str) -> None:
    for single_line in (False, True):
        cleaned = clean_text(text, single_line=single_line)
        assert len(cleaned) == len(text)
        cleaned.encode("utf-8")  # no lone surrogate left
        assert all(c == d or d == FFFD for c, d in zip(text, cleaned, strict=True))
        assert not any(ord(c) < 0x20 and c not in "\t\n\r" for c in cleaned)
    assert without_surrogates("a\ud800\x01") == f"a{FFFD}\x01"


NASTY = st.text(
    st.one_of(
        st.characters(),
        st.characters(categories=["Cs"]),  # lone surrogates
        st.sampled_from('\x00\x08\x0c\x1f\x7f\x85\x9f\t\n\r\\"\u2028\ufffd'),
    )
)
JSON_TEXTS = st.recursive(
    st.one_of(NASTY, st.integers(), st.none(), st.booleans()),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(NASTY, children, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(JSON_TEXTS, st.booleans())
def test_cleaning_raw_json_is_cleaning_every_decoded_string(value: Any, ascii_: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_)
    assert loads_clean(text) == clean_strings(json.loads(text))


def test_json_from_outside_is_cleaned_and_its_numbers_finite() -> None:
    decoded = loads_clean('{"t": "hi \\ud83d", "u\\u0001": ["a\\nb", "\\u0085"], "n": 1.5}')
    assert decoded == {"t": f"hi {FFFD}", f"u{FFFD}": ["a\nb", FFFD], "n": 1.5}
    assert clean_strings({"k": ("x",)}) == {"k": ("x",)}  # not JSON: left alone
    for text in ("NaN", "[Infinity]", '{"a": -Infinity}', "1e400", '{"x": [-1e999]}'):
        with pytest.raises(NonFiniteNumber):
            loads_finite(text)
    assert loads_finite('{"a": 1e-400, "b": 10000000000000000000000}') == {"a": 0.0, "b": 10**22}


# ----- /ingest --------------------------------------------------------------------------------
def test_ingest_replaces_control_characters_instead_of_deleting_them() -> None:
    parsed = parse_item(
        {"platform": " Douyin\n", "user": "小\x00明\n", "text": "  hi\x07 there \n"}
    )
    assert isinstance(parsed, IncomingComment)
    assert parsed.text == f"hi{FFFD} there"
    assert parsed.user == f"小{FFFD}明"
    assert parsed.platform == "douyin"
    parsed = parse_item({"platform": "x", "user": "u", "text": "a\nb", "id": "i\nd", "user_id": 7})
    assert isinstance(parsed, IncomingComment)
    assert parsed.text == "a\nb"
    assert parsed.native_id == f"i{FFFD}d"
    assert parsed.user_id == "7"
    only_control = parse_item({"platform": "x", "user": "u", "text": "\x01"})
    assert isinstance(only_control, IncomingComment)
    assert only_control.text == FFFD


async def test_a_lone_surrogate_beside_good_comments_reaches_the_real_log(tmp_path: Path) -> None:
    """The bad comment is kept with U+FFFD, the good ones beside it are all in the log file."""
    db = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(db)
    show = build_show(FakeObs(), MemoryLog())
    assert show.audience is not None
    show.audience._store = SqliteComments(writer)  # the real comment store on a real file
    good = [{"platform": "douyin", "user": f"观众{i}", "text": f"第{i}条"} for i in range(20)]
    body = json.dumps([*good[:10], {"platform": "douyin", "user": "坏", "text": "hi"}, *good[10:]])
    body = body.replace('"text": "hi"', '"text": "hi \\ud83d"')  # valid JSON, a lone surrogate
    try:
        async with TestClient(TestServer(create_app(show, TOKEN))) as client:
            response = await client.post("/ingest", data=body, headers=AUTH)
            assert response.status == 200
            assert (await response.json()) == {"accepted": 21, "rejected": []}
            async with client.ws_connect("/ingest", headers=AUTH) as ws:
                await ws.send_str(
                    '{"platform": "bilibili", "user": "\\udc00", "text": "ws \\ud83d"}'
                )
                assert (await ws.receive_json())["accepted"] == 1
        await writer.flush()
    finally:
        writer.close()
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT user, text FROM comments ORDER BY comment_no").fetchall()
    assert rows == [
        *[(g["user"], g["text"]) for g in good[:10]],
        ("坏", f"hi {FFFD}"),
        *[(g["user"], g["text"]) for g in good[10:]],
        (FFFD, f"ws {FFFD}"),
    ]
    assert writer.set_aside.count == 0
    assert writer.dropped == 0


# ----- the other entry points -----------------------------------------------------------------
@pytest.fixture
def show() -> Show:
    return build_show(FakeObs(), MemoryLog())


async def test_every_api_text_field_is_cleaned_at_the_edge(show: Show) -> None:
    async with TestClient(TestServer(create_app(show, TOKEN))) as client:
        response = await client.post(
            "/api/comments",
            data='{"user": "助\\u0000理", "text": "问\\ud800题？", "platform": "manual"}',
            headers=AUTH,
        )
        assert response.status == 200, await response.text()
        comment = (await response.json())["comment"]
        assert comment["user"] == f"助{FFFD}理"
        assert comment["text"] == f"问{FFFD}题？"
        marker = await client.post(
            "/api/markers", data='{"note": "\\ud83dok\\u001b"}', headers=AUTH
        )
        assert marker.status == 200
        assert (await marker.json())["marker"]["note"] == f"{FFFD}ok{FFFD}"


def test_manual_entry_is_cleaned(show: Show) -> None:
    assert show.audience is not None
    comment = show.audience.add_manual(" 小\ud83d明\n", "价格\x00多少？\n", "wechat\n")
    assert (comment.user, comment.text, comment.platform) == (f"小{FFFD}明", f"价格{FFFD}多少？",
                                                              "wechat")  # fmt: skip


class _Source(ChatSource):
    async def _session(self) -> None:  # pragma: no cover - never run
        raise NotImplementedError


def test_chat_sources_deliver_cleaned_comments() -> None:
    delivered: list[IncomingComment] = []
    source = _Source("test", delivered.extend)
    clean = IncomingComment("twitch", "viewer", "hello")
    source._deliver(
        [IncomingComment("twitch", "bad\nname", "a\x02bold\ud800", "n\x00", "u\n"), clean]
    )
    assert delivered[0] == IncomingComment("twitch", f"bad{FFFD}name", f"a{FFFD}bold{FFFD}",
                                           f"n{FFFD}", f"u{FFFD}")  # fmt: skip
    assert delivered[1] is clean
    assert checked_as_ingest(clean) is clean
    assert source.received == 2


def test_run_sheet_files_are_cleaned(tmp_path: Path) -> None:
    csv_file = tmp_path / "sheet.csv"
    rows = "".join(f"第{i}段,5:00\n" for i in range(20))  # a control character or two is text
    csv_file.write_text(f"title,duration\n开\x07场,5:00\n{rows}", encoding="utf-8")
    assert load_runsheet(csv_file).sheet.segments[0].title == f"开{FFFD}场"
    json_file = tmp_path / "sheet.json"
    json_file.write_text('{"segments": [{"title": "讲\\ud83d解", "duration": 60}]}', "utf-8")
    assert load_runsheet(json_file).sheet.segments[0].title == f"讲{FFFD}解"
    # XML cannot carry a control character, but a workbook's reader cleans what it hands on
    assert xlsx_sheet._clean(("互\x1b动", 5, None)) == (f"互{FFFD}动", 5, None)


def test_a_json_run_sheet_with_a_non_finite_number_is_unreadable(tmp_path: Path) -> None:
    from app.adapters.files import UnreadableFile

    for number in ("NaN", "1e400", "-Infinity"):
        path = tmp_path / "sheet.json"
        path.write_text(f'{{"segments": [{{"title": "x", "duration": {number}}}]}}', "utf-8")
        with pytest.raises(UnreadableFile, match="finite"):
            load_runsheet(path)


def test_the_settings_file_is_cleaned_and_a_non_finite_number_falls_back(tmp_path: Path) -> None:
    data: dict[str, Any] = {"assistant_name": "助\\u0000手", "api_port": "NaN_"}
    text = json.dumps(data).replace('"NaN_"', "NaN").replace("\\\\u0000", "\\u0000")
    (tmp_path / FILE_NAME).write_text(text, encoding="utf-8")
    settings, notes = load_settings(tmp_path)
    assert settings.assistant_name == f"助{FFFD}手"
    assert settings.api_port == 4466
    assert any("api_port" in note for note in notes)
