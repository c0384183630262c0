"""`livedesk report --format html|pdf`: self-contained, escaped, real charts and pages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from app.adapters.report.data import coupon_windows, load_review, per_minute
from app.adapters.store.writer import SqliteSessionLog
from app.domain.log_events import LogEntry
from app.report_cli import load_report, run_report

T0 = 1_700_000_000.0
HOSTILE = "<script>alert('x')</script> 晚场直播 & 好物"
COMMENT_SQL = (
    "INSERT INTO comments (session_id, platform, user, text, ts, is_question) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


@pytest.fixture
async def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(path)
    try:
        sid = await writer.start_session(HOSTILE, T0)
        entries = [
            (0, "session.start", {"title": HOSTILE}),
            (1, "segment.start", {"title": "开场 <b>", "planned_s": 120, "index": 0}),
            (150, "segment.end", {"index": 0}),
            (150, "segment.start", {"title": "讲解", "planned_s": 300, "index": 1}),
            (200, "coupon.start", {"code": "FLASH50", "seconds": 60}),
            (260, "coupon.end", {"code": "FLASH50", "reason": "expired"}),
            (300, "marker", {"note": "<img src=x onerror=alert(1)> 上链接"}),
            (400, "segment.end", {"index": 1}),
        ]
        for dt, kind, data in entries:
            writer.append(LogEntry(t=T0 + dt, kind=kind, session_id=sid, record_tc=dt, data=data))
        rows = [
            (
                sid,
                "bilibili",
                f"观众{i}",
                "多少钱？" if i % 5 == 0 else "好",
                T0 + 2 + i,
                i % 5 == 0,
            )
            for i in range(0, 398, 2)
        ]
        writer.append_rows(COMMENT_SQL, rows)
        await writer.end_session(sid, T0 + 420)
        await writer.flush()
    finally:
        writer.close()
    return path


def _run(db_path: Path, fmt: str, target: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_report(db_path, "latest", fmt, str(target), out=out, err=err)
    return code, err.getvalue()


def test_html_is_self_contained_and_escaped(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, err = _run(db_path, "html", target)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    for url in ("http://", "https://", 'src="//', "src='//", "url("):
        assert url not in html
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert len(images) == 3
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 晚场直播 &amp; 好物" in html
    assert "&lt;img src=x onerror=alert(1)&gt; 上链接" in html
    assert "开场 &lt;b&gt;" in html
    assert "讲解" in html


def test_html_figures_match_the_json_report(db_path: Path) -> None:
    data = load_review(db_path, "latest")
    plain = load_report(db_path, "latest")
    assert data.report["comments"] == plain["comments"]
    assert data.report["questions"]["total"] == plain["questions"]["total"] == 40
    keys = ("title", "planned_s", "actual_s", "comments", "questions")
    assert [{k: s[k] for k in keys} for s in data.report["segments"]] == [
        {k: s[k] for k in keys} for s in plain["segments"]
    ]
    assert sum(data.questions_per_minute) == 40
    assert len(data.questions_per_minute) == len(data.report["comments"]["per_minute"])
    assert data.coupons == [(200.0, 260.0, "FLASH50")]


def test_pdf_is_a_real_pdf_with_pages(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    code, err = _run(db_path, "pdf", target)
    assert code == 0, err
    payload = target.read_bytes()
    assert payload.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", payload))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
        pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert pages >= 2


def test_unknown_session_is_exit_1(db_path: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "r.html"
    assert run_report(db_path, "99", "html", str(target), out=out, err=err) == 1
    assert err.getvalue().startswith("livedesk: ")
    assert not target.exists()


def test_per_minute_and_coupons_edge_cases() -> None:
    import numpy as np

    counts = per_minute(np.array([T0 - 5, T0 + 59.9, T0 + 60, T0 + 200]), T0, T0 + 300)
    assert counts.tolist() == [2, 1, 0, 1, 0]
    events = [
        {"t": T0 + 10, "kind": "coupon.start", "data": {"code": "A"}},
        {"t": T0 + 20, "kind": "coupon.start", "data": {"code": "B"}},
        {"t": T0 + 30, "kind": "coupon.end", "data": {"code": "A"}},
    ]
    assert coupon_windows(events, T0, T0 + 100) == [(10.0, 30.0, "A"), (20.0, 100.0, "B")]


@pytest.mark.parametrize("fmt", ["pdf", "html"])
async def test_an_emoji_no_font_has_is_one_note_not_warnings(tmp_path: Path, fmt: str) -> None:
    """Run-sheets title segments with emoji: matplotlib's fonts here have none, and it warns for
    each figure on stderr; the report says it once, as a note naming the character."""
    path = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(path)
    try:
        sid = await writer.start_session("晚场 🎉", T0)
        for dt, title in ((1, "开场 🎉\n欢迎"), (60, "好物")):
            data = {"title": title, "planned_s": 60, "index": int(dt > 1)}
            writer.append(LogEntry(T0 + dt, "segment.start", sid, record_tc=dt, data=data))
        await writer.end_session(sid, T0 + 120)
        await writer.flush()
    finally:
        writer.close()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        code, err = _run(path, fmt, tmp_path / f"r.{fmt}")
    assert code == 0, err
    assert [str(w.message) for w in seen if "Glyph" in str(w.message)] == []
    assert err.count("livedesk: note: no installed font has 🎉 (U+1F389)") == 1
