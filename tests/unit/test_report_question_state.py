"""The html and pdf reports' "Unanswered / 未回答" table says each question's state bilingual,
as their other labels ("skipped / 未播"), in the review window's words (待处理, 已认领); the json
and csv reports keep the state's id."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure

from app.adapters.report import pdf
from app.adapters.report.data import load_review
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.report_cli import run_report
from app.services.review_rows import report_unanswered_rows, unanswered_rows

T0 = 1_700_000_000.0


@pytest.fixture
async def db_path(tmp_path: Path) -> Path:
    """A show with three questions: one left open, one claimed, one answered."""
    path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(path)
    try:
        sid = await writer.start_session("双十一 保温杯专场", T0)
        entries: list[tuple[int, str, dict[str, Any]]] = [
            (0, "session.start", {"title": "双十一 保温杯专场"}),
            (1, "segment.start", {"title": "开场", "planned_s": 120, "index": 0}),
            (10, "question.open", {"question": 1, "text": "能放进车载杯架吗？"}),
            (20, "question.open", {"question": 2, "text": "多少钱？", "asked": 3}),
            (30, "question.open", {"question": 3, "text": "保温多久？"}),
            (40, "question.claim", {"question": 2}),
            (50, "question.answer", {"question": 3, "response_s": 20.0}),
            (100, "segment.end", {"index": 0}),
        ]
        for dt, kind, data in entries:
            writer.append(LogEntry(t=T0 + dt, kind=kind, session_id=sid, record_tc=dt, data=data))
        await writer.end_session(sid, T0 + 120)
        await writer.flush()
    finally:
        writer.close()
    return path


def _report(db_path: Path, fmt: str, target: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert run_report(db_path, "latest", fmt, str(target), out=out, err=err) == 0, err.getvalue()
    return target.read_text(encoding="utf-8-sig") if fmt != "pdf" else ""


def test_the_rows_say_the_state_bilingual_for_the_reports_and_as_its_id_for_the_window(
    db_path: Path,
) -> None:
    report = load_review(db_path, "latest").report
    states = {text: state for _, _, state, text in unanswered_rows(report)}
    assert states == {"多少钱？": "claimed", "能放进车载杯架吗？": "open"}  # the window's own
    labels = {text: state for _, _, state, text in report_unanswered_rows(report)}
    assert labels == {"多少钱？": "claimed / 已认领", "能放进车载杯架吗？": "open / 待处理"}


def test_the_html_report_says_the_state_bilingual(db_path: Path, tmp_path: Path) -> None:
    html = _report(db_path, "html", tmp_path / "report.html")
    table = html[html.index("未回答") :]
    assert "<td>open / 待处理</td>" in table, table[:2000]
    assert "<td>claimed / 已认领</td>" in table, table[:2000]
    assert "<td>open</td>" not in html
    assert "<td>claimed</td>" not in html


def test_the_pdf_report_says_the_state_bilingual(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages: list[tuple[str, list[list[str]]]] = []
    real = pdf._table_page

    def recording(
        title: str, header: Sequence[str], rows: Sequence[Sequence[str]],
        intro: Sequence[str] = (),
    ) -> Figure:  # fmt: skip
        pages.append((title, [list(row) for row in rows]))
        return real(title, header, rows, intro)

    monkeypatch.setattr(pdf, "_table_page", recording)
    _report(db_path, "pdf", tmp_path / "report.pdf")
    rows = [row for title, page in pages if title == "Unanswered / 未回答" for row in page]
    assert sorted(row[2] for row in rows) == ["claimed / 已认领", "open / 待处理"], pages


def test_the_json_and_csv_reports_keep_the_states_id(db_path: Path, tmp_path: Path) -> None:
    report: dict[str, Any] = json.loads(_report(db_path, "json", tmp_path / "report.json"))
    states = sorted(q["state"] for q in report["questions"]["unanswered_list"])
    assert states == ["claimed", "open"]
    assert "待处理" not in _report(db_path, "csv", tmp_path / "report.csv")
