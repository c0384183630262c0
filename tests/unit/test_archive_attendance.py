"""The attendance list (签到名单) saved through the archive, as the review window saves it: the same
bytes as `livedesk report --format attendance`, aliases when asked; a show without a check-in is
refused with a message that says so, and nothing is written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.adapters.report.export_files import attendance_text
from app.services.archive import REPORT_FORMATS
from app.services.errors import BadInput
from tests.support.checkin_show import Lesson, record_checkin_lesson
from tests.support.recorded_show import OnAir, open_archive, record_show


@pytest.fixture
async def lesson(tmp_path: Path) -> Lesson:
    return await record_checkin_lesson(tmp_path / "livedesk.db")


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_attendance_is_a_review_format() -> None:
    assert REPORT_FORMATS["attendance"] == ".csv"


async def test_attendance_through_the_archive_is_the_reports(
    lesson: Lesson, tmp_path: Path
) -> None:
    archive, writer = open_archive(lesson.path, OnAir())
    try:
        target = tmp_path / "周三 数学课-attendance.csv"
        notes = await archive.export(lesson.show, "attendance", str(target))
    finally:
        writer.close()
    assert notes == []
    payload = target.read_bytes()
    assert payload.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, as the event log CSV: Excel
    text = payload.decode("utf-8")
    assert text == attendance_text(lesson.path, lesson.show)
    table = rows(text)
    assert table[0][:4] == ["platform", "user", "user_id", "checked_in_at"]
    checked_in = [(r[0], r[1], r[3] != "") for r in table[1:]]
    assert checked_in == [("douyin", "小明", True), ("bilibili", "阿花", True),
                          ("douyin", "老王", False)]  # fmt: skip
    assert table[3][6:] == ["2", "1"]  # 老王: two comments, one a question
    assert "\r\n" in text


async def test_attendance_with_aliases(lesson: Lesson, tmp_path: Path) -> None:
    archive, writer = open_archive(lesson.path, OnAir())  # its salt: "salt"
    try:
        target = tmp_path / "shared.csv"
        await archive.export(lesson.show, "attendance", str(target), pseudonymise=True)
    finally:
        writer.close()
    text = target.read_bytes().decode("utf-8")
    assert text == attendance_text(lesson.path, lesson.show, "salt")
    assert not {"小明", "阿花", "老王"} & {cell for row in rows(text) for cell in row}
    assert [r[1].startswith("观众-") for r in rows(text)[1:]] == [True, True, True]


async def test_a_show_without_a_check_in_says_so(tmp_path: Path) -> None:
    recorded = await record_show(tmp_path / "livedesk.db")  # comments, but no 签到
    archive, writer = open_archive(recorded.path, OnAir())
    target = tmp_path / "attendance.csv"
    try:
        with pytest.raises(BadInput) as refused:
            await archive.export(recorded.show, "attendance", str(target))
    finally:
        writer.close()
    assert refused.value.message.code == "checkin.none_in_show"
    assert "no check-in in this show" in str(refused.value)
    assert not target.exists()
    # the command line still lists who took part (its behaviour is unchanged)
    assert len(rows(attendance_text(recorded.path, recorded.show))) > 1


async def test_a_viewer_named_like_a_formula_stays_text(
    lesson: Lesson, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel opens this file: a name such as =cmd|' /C calc'!A0 must not run (OWASP's CSV
    injection), as in the event log's CSV; numbers stay numbers."""
    from app.adapters.report import export_files

    monkeypatch.setattr(export_files, "attendance_rows", lambda _events, _talkers: [
        ["douyin", "=cmd|' /C calc'!A0", "+1", "", 0, 0, 2, -1],
    ])  # fmt: skip
    table = rows(attendance_text(lesson.path, lesson.show))
    assert table[1] == ["douyin", "'=cmd|' /C calc'!A0", "'+1", "", "0", "0", "2", "-1"]
