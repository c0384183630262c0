"""resources/i18n/livedesk_zh_CN.ts: every message translated, and in step with the code."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.i18n import EN_TS, ZH_TS, Message, messages, problems, run_i18n

BAD_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Panel</name>
    <message><source>Start</source><translation type="unfinished"></translation></message>
    <message><source>Stop</source><translation type="unfinished">停止</translation></message>
    <message><source>Gone</source><translation type="vanished">没了</translation></message>
    <message><source>Old</source><translation type="obsolete">旧</translation></message>
    <message><source>Empty</source><translation>  </translation></message>
    <message><source>{n} left</source><translation>剩余</translation></message>
    <message><source>Coupon %1</source><translation>优惠券</translation></message>
    <message><source>&amp;Save</source><translation>保存</translation></message>
    <message><source>Edit[*]</source><translation>编辑</translation></message>
    <message><source>Fine &amp;&amp; dandy</source><translation>很好</translation></message>
    <message><source>&amp;Open</source><translation>打开(&amp;O)</translation></message>
</context>
</TS>
"""


def test_the_checks_catch_what_must_not_ship() -> None:
    found = problems(messages(BAD_TS))
    joined = "\n".join(found)
    for source in ("Start", "Stop", "Gone", "Old", "Empty", "{n} left", "Coupon %1", "&Save",
                   "Edit[*]"):  # fmt: skip
        assert f"“{source}”" in joined, source
    assert "Fine && dandy" not in joined
    assert "&Open" not in joined
    assert problems([Message("Panel", "Start", "开始", "")]) == []


def test_every_zh_cn_message_is_translated() -> None:
    found = messages(ZH_TS)
    assert len(found) > 300
    assert problems(found) == []


def test_the_zh_cn_file_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    """lupdate over the code (what `make i18n` runs) into a copy changes nothing: no text in the
    code lacks its translation, and no translation is left of a text the code no longer has."""
    copy = tmp_path / ZH_TS.name
    shutil.copy(ZH_TS, copy)
    run_i18n("update", copy)
    committed = {(m.context, m.source): m.translation for m in messages(ZH_TS)}
    updated = {(m.context, m.source): m for m in messages(copy)}
    new = sorted(key for key in updated.keys() - committed.keys())
    gone = sorted(key for key in committed.keys() - updated.keys())
    assert not new, f"texts in the code without a translation (run `make i18n`): {new}"
    assert not gone, f"translations of texts the code no longer has (run `make i18n`): {gone}"
    assert problems(list(updated.values())) == []


def test_every_text_with_a_count_has_its_english_singular_and_plural(tmp_path: Path) -> None:
    """livedesk_en.ts holds the texts with a count ("%n coupon(s)") and nothing else, each with
    a singular and a plural form, and is in step with the code (lupdate -pluralonly)."""
    english = messages(EN_TS)
    assert len(english) >= 15
    assert problems(english) == []
    assert all(len(m.forms) == 2 for m in english), [m.source for m in english if len(m.forms) != 2]
    counted = {(m.context, m.source) for m in messages(ZH_TS) if "%n" in m.source}
    assert {(m.context, m.source) for m in english} == counted
    copy = tmp_path / EN_TS.name
    shutil.copy(EN_TS, copy)
    run_i18n("update", copy)
    assert messages(copy) == english
