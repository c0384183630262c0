"""The review as one self-contained UTF-8 HTML file: charts as PNG data URIs, no external URL,
every piece of text escaped."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape
from typing import Any

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
from app.services.review import clock, time_key
from app.services.review_audience import has_audience
from app.services.review_rows import report_unanswered_rows

STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { margin-bottom: .2em; } .times { color: #666; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccd; padding: .3em .6em; text-align: left; }
td.num { text-align: right; } td.over { color: #c0392b; } td.under { color: #2e7d32; }
tr.skipped td { color: #999; background: #f4f4f4; }
img { max-width: 100%; height: auto; display: block; margin: 1em 0; }
"""
# Opened from disk, the report may run nothing and fetch nothing: its charts are data: URIs and
# its one style sheet is allowed by its hash (no inline style attributes, no script at all).
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
REPORT_CSP = (
    f"default-src 'none'; img-src data:; style-src 'sha256-{_STYLE_HASH}'; "
    "base-uri 'none'; form-action 'none'"
)


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _img(figure: Figure, alt: str) -> str:
    data = base64.b64encode(charts.png_bytes(figure)).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: set[int],
    row_classes: Sequence[str] = (),
) -> str:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    body = []
    for n, row in enumerate(rows):
        cells = []
        for i, cell in enumerate(row):
            classes = ["num"] if i in numeric else []
            if cell.startswith("+") and i == 4:
                classes.append("over")
            elif cell.startswith("−") and i == 4:
                classes.append("under")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{_e(cell)}</td>")
        row_class = row_classes[n] if n < len(row_classes) else ""
        body.append((f'<tr class="{row_class}">' if row_class else "<tr>") + "".join(cells)
                    + "</tr>")  # fmt: skip
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    return _table(header, rows, numeric) if rows else "<p>—</p>"


INTERACTION_HEADER = ["At / 时间", "Segment / 环节", "What / 内容", "Result / 结果"]


def interaction_rows(report: dict[str, Any], started: float) -> list[list[str]]:
    """Draws, polls and quizzes, check-ins and messages to the host, by time (as the review
    window's 互动 tab lists them)."""
    summary = report.get("interaction") or {}
    titles = {s.get("index"): s.get("title") for s in report.get("segments") or []}
    timed: list[tuple[float, list[str]]] = []

    def add(entry: dict[str, Any], what: str, result: str) -> None:
        t, segment = entry.get("t"), entry.get("segment")
        at = clock(t - started) if isinstance(t, int | float) else "—"
        title = "" if segment is None else f"{segment + 1}. {titles.get(segment) or ''}"
        timed.append((time_key(t), [at, title, what, result]))

    for d in summary.get("lotteries") or []:
        winners = ", ".join(
            f"{w.get('user')} ({w.get('platform')})" for w in d.get("winners") or []
        )
        add(d, f"Lottery / 抽奖 “{d.get('keyword')}”",
            f"{d.get('entrants')} entrants / 人参与 · seed {d.get('seed')} · "
            f"winners / 中奖: {winners or '—'}")  # fmt: skip
    for p in summary.get("polls") or []:
        counts = p.get("counts") or []
        options = [f"{chr(65 + n)}. {o} {counts[n] if n < len(counts) else 0}"
                   + (" ✓" if p.get("quiz") and n == p.get("answer") else "")
                   for n, o in enumerate(p.get("options") or [])]  # fmt: skip
        what = "Quiz / 答题" if p.get("quiz") else "Poll / 投票"
        add(p, f"{what}: {p.get('question')}",
            " · ".join([*options, f"{p.get('voters')} voters / 人投票"]))  # fmt: skip
    for c in summary.get("checkins") or []:
        add(c, f"Check-in / 签到 “{c.get('keyword')}”", f"{c.get('count')} checked in / 人签到")
    for m in summary.get("host_messages") or []:
        what = "Urgent message / 紧急提示" if m.get("level") == "urgent" else "Message / 提示"
        by = m.get("by")
        add(m, what, f"{m.get('text')} — {by}" if by else str(m.get("text") or ""))
    timed.sort(key=lambda row: row[0])
    return [row for _t, row in timed]


def render_html(data: ReviewData) -> str:
    """The report page."""
    report = data.report
    session = report["session"]
    with charts.chart_style():
        figures = charts.review_figures(data)
        alts = ("planned vs actual", "comments and questions per minute", "question summary",
                "viewers and likes over the show")  # fmt: skip
        images = [_img(figure, alt) for figure, alt in zip(figures, alts, strict=False)]
    plan, busy, ring = images[:3]
    title = _e(session["title"])
    stats = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in question_lines(report))
    marker_header = ["Time / 时间", "Recording / 录制", "Note / 备注"]
    markers = _section(marker_header, marker_rows(report), set())
    header = segment_header(report)
    rows, skipped = segment_rows(report), []
    for row, segment in zip(rows, report["segments"], strict=True):
        skipped.append("skipped" if segment.get("skipped") else "")
        if segment.get("skipped"):
            row[3] = "skipped / 未播"
    segments = _table(header, rows, set(range(len(header) - 1)) - {1}, skipped)
    audience = ""
    if has_audience(report) or len(images) > 3:
        ranking = _section(RANKING_HEADER, ranking_rows(report), {0, 2, 3, 4, 5, 6, 7})
        audience = (
            "<h2>Audience / 观众</h2>\n" + "".join(images[3:])
            + f"\n<h3>What held the room / 留住观众的环节</h3>\n{ranking}"
        )  # fmt: skip
    products = _section(product_header(report), product_rows(report), {2, 3, 4, 5, 6})
    unanswered = _section(UNANSWERED_HEADER, report_unanswered_rows(report), {0, 1})
    coupons = _section(COUPON_HEADER, coupon_rows(report), {1, 2, 3})
    interaction = ""
    if rows_done := interaction_rows(report, data.started_at):
        table = _table(INTERACTION_HEADER, rows_done, {0})
        interaction = f"<h2>Interaction / 互动</h2>\n{table}\n"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — LiveDesk</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{title}</h1>
<p class="times">Session / 场次 {_e(session["id"])} · {_e(session["started_at"])} →
{_e(session["ended_at"] or "(open / 未结束)")}</p>
<h2>Segments / 环节</h2>
{plan}
{segments}
{audience}
<h2>Comments and questions / 评论与提问</h2>
{busy}
<h3>Coupons / 优惠券</h3>
{coupons}
<h2>Questions / 提问统计</h2>
{ring}
<table>{stats}</table>
<h3>Unanswered / 未回答</h3>
{unanswered}
<h2>Products on screen / 商品展示</h2>
{products}
<h2>Markers / 标记</h2>
{markers}
{interaction}<footer class="times">LiveDesk</footer>
</body>
</html>
"""
