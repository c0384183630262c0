"""The review as a PDF: a summary page with the tables, then one page per chart (PdfPages)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from app.adapters.report import charts
from app.adapters.report.data import (
    COUPON_HEADER,
    RANKING_HEADER,
    UNANSWERED_HEADER,
    ReviewData,
    coupon_rows,
    marker_rows,
    product_header,
    product_rows,
    question_lines,
    ranking_rows,
    segment_header,
    segment_rows,
)
from app.services.review_audience import has_audience
from app.services.review_rows import report_unanswered_rows

A4_LANDSCAPE = (11.69, 8.27)
ROWS_PER_PAGE = 22


def _table_page(
    title: str, header: Sequence[str], rows: Sequence[Sequence[str]], intro: Sequence[str] = ()
) -> Figure:
    figure = Figure(figsize=A4_LANDSCAPE)
    figure.text(0.05, 0.95, title, fontsize=16, va="top")
    for i, line in enumerate(intro):
        figure.text(0.05, 0.90 - i * 0.035, line, fontsize=10, va="top")
    top = 0.88 - len(intro) * 0.035
    axes = figure.add_axes((0.05, 0.05, 0.9, top - 0.05))
    axes.axis("off")
    if rows:
        table = axes.table(
            cellText=[list(r) for r in rows],
            colLabels=list(header),
            loc="upper center",
            cellLoc="left",
        )
        table.auto_set_font_size(False)
        table.set_fontsize(9)
        table.auto_set_column_width(list(range(len(header))))
        table.scale(1, 1.4)
    else:
        axes.text(0, 1, "—", va="top")
    return figure


def _chunks(rows: list[list[str]]) -> list[list[list[str]]]:
    return [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]


def render_pdf(data: ReviewData) -> bytes:
    """The report as PDF bytes: summary + segment table pages, the charts, the markers."""
    report = data.report
    session = report["session"]
    title = str(session["title"])
    intro = [
        f"Session / 场次 {session['id']}: {session['started_at']} → "
        f"{session['ended_at'] or '(open / 未结束)'}",
        "   ".join(f"{k}: {v}" for k, v in question_lines(report)),
    ]
    buffer = io.BytesIO()
    with (
        charts.chart_style(),
        PdfPages(buffer, metadata={"Title": title, "Creator": "LiveDesk"}) as pdf,
    ):
        header = segment_header(report)
        rows = segment_rows(report)
        for row, segment in zip(rows, report["segments"], strict=True):
            if segment.get("skipped"):
                row[3] = "skipped / 未播"
        for n, chunk in enumerate(_chunks(rows)):
            pdf.savefig(_table_page(title, header, chunk, intro if n == 0 else ()))
        for figure in charts.review_figures(data):
            pdf.savefig(figure)
        pages = [
            ("What held the room / 留住观众的环节", RANKING_HEADER,
             ranking_rows(report) if has_audience(report) else []),
            ("Products on screen / 商品展示", product_header(report), product_rows(report)),
            ("Unanswered / 未回答", UNANSWERED_HEADER, report_unanswered_rows(report)),
            ("Coupons / 优惠券", COUPON_HEADER, coupon_rows(report)),
            ("Markers / 标记", ["Time / 时间", "Recording / 录制", "Note / 备注"],
             marker_rows(report)),
        ]  # fmt: skip
        for page_title, page_header, rows in pages:
            if not rows and page_title != pages[-1][0]:
                continue  # the markers page is always there, as before
            for chunk in _chunks(rows):
                pdf.savefig(_table_page(page_title, page_header, chunk))
    return buffer.getvalue()
